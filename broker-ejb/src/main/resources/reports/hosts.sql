-- Per host, now: its desktops, those whose domain should run, those held by a
-- user, and the memory the running ones take (their pools' memory), beside the
-- host's limits. :running and :held list the states
-- that run and that are held (DesktopState.shouldRun, isHeld).
-- Shared with bench/reports.sh.
SELECT h.id, h.name, h.max_desktops, h.max_memory_mib,
       count(d.id) AS desktops,
       count(d.id) FILTER (WHERE d.state IN (:running)) AS running,
       count(d.id) FILTER (WHERE d.state IN (:held)) AS in_use,
       coalesce(sum(p.memory_mib) FILTER (WHERE d.state IN (:running)), 0) AS memory_used_mib
  FROM host h
  LEFT JOIN desktop d ON d.host_id = h.id
  LEFT JOIN pool p ON p.id = d.pool_id
 GROUP BY h.id, h.name, h.max_desktops, h.max_memory_mib
 ORDER BY h.name
