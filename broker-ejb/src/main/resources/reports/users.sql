-- Per user over [:from, :to): console sessions started and the time they were
-- open (an open session counts until now; time past :to is cut off). Lines
-- ending in "-- pool" apply only when one pool is asked for. Shared with
-- bench/reports.sh.
SELECT user_name, count(*) AS sessions,
       sum(greatest(0, extract(epoch FROM least(coalesce(ended_at, now()), CAST(:to AS timestamptz))
                                          - started_at))) AS seconds
  FROM console_session
 WHERE started_at >= CAST(:from AS timestamptz) AND started_at < CAST(:to AS timestamptz)
   AND pool_id = CAST(:pool AS uuid) -- pool
 GROUP BY user_name
 ORDER BY seconds DESC, user_name
