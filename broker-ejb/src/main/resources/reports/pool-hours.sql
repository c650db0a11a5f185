-- Per pool and per hour of [:from, :to): peak concurrent sessions (desktops in
-- use), logons (sessions started), average and p95 session length of the
-- sessions started in the hour, refusals, average and p95 time to desktop of
-- the requests made in the hour. Lines ending in "-- pool" apply only when one
-- pool is asked for; the repository drops them otherwise. Shared with
-- bench/reports.sh, which substitutes the parameters.
WITH hours AS (
    SELECT p.id AS pool_id, p.name AS pool_name, h AS hour
      FROM pool p,
           generate_series(CAST(:from AS timestamptz), CAST(:to AS timestamptz) - interval '1 hour',
                           interval '1 hour') h
     WHERE TRUE
       AND p.id = CAST(:pool AS uuid) -- pool
),
lookback AS (
    -- the longest ended session: none that started earlier can overlap the range
    SELECT coalesce(max(ended_at - started_at), interval '0') AS len
      FROM console_session WHERE ended_at IS NOT NULL
),
overlapping AS (
    SELECT s.pool_id, greatest(s.started_at, CAST(:from AS timestamptz)) AS st,
           least(s.ended_at, CAST(:to AS timestamptz)) AS en
      FROM console_session s, lookback l
     WHERE s.pool_id IS NOT NULL AND s.ended_at IS NOT NULL
       AND s.pool_id = CAST(:pool AS uuid) -- pool
       AND s.started_at >= CAST(:from AS timestamptz) - l.len
       AND s.started_at < CAST(:to AS timestamptz)
       AND s.ended_at > CAST(:from AS timestamptz)
    UNION ALL
    SELECT s.pool_id, greatest(s.started_at, CAST(:from AS timestamptz)),
           least(now(), CAST(:to AS timestamptz))
      FROM console_session s
     WHERE s.pool_id IS NOT NULL AND s.ended_at IS NULL
       AND s.pool_id = CAST(:pool AS uuid) -- pool
       AND s.started_at < CAST(:to AS timestamptz)
),
events AS (
    -- +1 at a start, -1 at an end, 0 at each hour's start (the count carried into it);
    -- at the same instant ends come first, so back-to-back sessions do not overlap
    SELECT pool_id, st AS t, 1 AS d FROM overlapping WHERE en > st
    UNION ALL
    SELECT pool_id, en, -1 FROM overlapping WHERE en > st AND en < CAST(:to AS timestamptz)
    UNION ALL
    SELECT pool_id, hour, 0 FROM hours
),
running AS (
    SELECT pool_id, t, sum(d) OVER (PARTITION BY pool_id ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c
      FROM events
),
peak AS (
    SELECT pool_id, date_trunc('hour', t) AS hour, max(c) AS peak FROM running GROUP BY 1, 2
),
started AS (
    SELECT pool_id, date_trunc('hour', started_at) AS hour, count(*) AS logons,
           avg(extract(epoch FROM ended_at - started_at)) AS avg_s,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)) AS p95_s
      FROM console_session
     WHERE pool_id IS NOT NULL
       AND pool_id = CAST(:pool AS uuid) -- pool
       AND started_at >= CAST(:from AS timestamptz) AND started_at < CAST(:to AS timestamptz)
     GROUP BY 1, 2
),
requested AS (
    SELECT pool_id, date_trunc('hour', requested_at) AS hour,
           count(*) FILTER (WHERE outcome = 'REFUSED') AS refusals,
           avg(extract(epoch FROM ready_at - requested_at)) AS ttd_avg_s,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ready_at - requested_at)) AS ttd_p95_s
      FROM assignment_request
     WHERE TRUE
       AND pool_id = CAST(:pool AS uuid) -- pool
       AND requested_at >= CAST(:from AS timestamptz) AND requested_at < CAST(:to AS timestamptz)
     GROUP BY 1, 2
)
SELECT h.pool_id, h.pool_name, h.hour,
       coalesce(pk.peak, 0) AS peak, coalesce(st.logons, 0) AS logons, st.avg_s, st.p95_s,
       coalesce(rq.refusals, 0) AS refusals, rq.ttd_avg_s, rq.ttd_p95_s
  FROM hours h
  LEFT JOIN peak pk ON pk.pool_id = h.pool_id AND pk.hour = h.hour
  LEFT JOIN started st ON st.pool_id = h.pool_id AND st.hour = h.hour
  LEFT JOIN requested rq ON rq.pool_id = h.pool_id AND rq.hour = h.hour
 ORDER BY h.pool_name, h.hour
