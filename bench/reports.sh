#!/usr/bin/env bash
# ./vdi bench reports: the report queries (broker-ejb's reports/*.sql, exactly as
# the broker runs them) on a year of generated records for 10,000 desktops, with
# and without the indexes of V9__reports.sql, side by side.
#   - schema: the broker's own Flyway migrations, applied in order with psql;
#   - data: 100 pools of 100 desktops on 20 hosts, VDI_BENCH_SESSIONS console
#     sessions (default 2,500,000: about one per desktop per working day) over
#     2025, as many desktop requests (2% refused), a few sessions still open;
#   - each query VDI_BENCH_REPEATS times (default 7): p50 and p95 of the
#     server's planning + execution time (EXPLAIN ANALYZE), without the V9
#     indexes first, then with them.
# Runs its own PostgreSQL cluster (profile bench-reports, port VDI_BENCH_PG_PORT,
# default 15441) and stops and removes it at the end.
set -euo pipefail
VDI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unset VDI_STATE VDI_LOGS VDI_RUN VDI_NAME_PREFIX
export VDI_PROFILE=bench-reports VDI_PG_PORT=${VDI_BENCH_PG_PORT:-15441}
source "$VDI_ROOT/scripts/lib/common.sh"
source "$VDI_ROOT/scripts/postgres.sh"
ensure_dirs
pg_install
safe_rm_state "$VDI_STATE/pgdata"
trap 'pg_stop; safe_rm_state "$VDI_STATE/pgdata"' EXIT
pg_start

SESSIONS=${VDI_BENCH_SESSIONS:-2500000}
REPEATS=${VDI_BENCH_REPEATS:-7}
SQL_DIR=$VDI_ROOT/broker-ejb/src/main/resources/reports
MIGRATIONS=$VDI_ROOT/broker-ejb/src/main/resources/db/migration
V9_INDEXES="console_session_pool_started_idx console_session_length_idx assignment_request_pool_at_idx
  assignment_request_at_idx assignment_request_waiting_idx"

psql_vdi() { pg_psql -d vdi "$@"; }

log "schema from the migrations"
for f in $(ls "$MIGRATIONS"/V*__*.sql | sort -V); do
  psql_vdi -f "$f" >/dev/null
done
# the load goes in without the report indexes; they are built (and timed) later
for i in $V9_INDEXES; do psql_vdi -c "DROP INDEX $i" >/dev/null; done

log "generating a year of records: $SESSIONS sessions and as many requests"
t0=$(date +%s)
psql_vdi >/dev/null <<SQL
INSERT INTO host (id, name, libvirt_uri, storage_pool, virt_type, console_address, max_desktops, max_memory_mib,
                  state, created_at)
SELECT gen_random_uuid(), 'host-' || lpad(g::text, 2, '0'), 'qemu+ssh://host-' || g || '/system', 'default',
       'KVM', '10.0.0.' || g, 600, 1048576, 'UP', now()
  FROM generate_series(1, 20) g;
INSERT INTO golden_image (id, name, created_at) VALUES (gen_random_uuid(), 'win11', now());
INSERT INTO pool (id, name, image_id, clone_mode, min_spare, max_size, naming_pattern, assignment, logoff_policy,
                  memory_mib, vcpus, created_at)
SELECT gen_random_uuid(), 'pool-' || lpad(g::text, 3, '0'), (SELECT id FROM golden_image), 'LINKED', 5, 100,
       'p' || g || '-{n}', 'FLOATING', 'REFRESH', 2048 * (1 + g % 4), 2, now()
  FROM generate_series(1, 100) g;
INSERT INTO desktop (id, pool_id, host_id, name, number, state, state_changed_at, image_version, disk_volume,
                     assigned_to, created_at)
SELECT gen_random_uuid(), p.ids[1 + g % 100], h.ids[1 + g % 20], 'desk-' || g, g,
       (ARRAY['AVAILABLE', 'ASSIGNED', 'IN_USE', 'STOPPED', 'STARTING'])[1 + g % 5], now(), 1, 'desk-' || g || '.qcow2',
       CASE WHEN g % 5 IN (1, 2) THEN 'user' || g END, now()
  FROM generate_series(1, 10000) g,
       (SELECT array_agg(id ORDER BY name) AS ids FROM pool) p,
       (SELECT array_agg(id ORDER BY name) AS ids FROM host) h;
-- working hours on every day of 2025, lengths from 5 minutes to 8 hours, short ones more often
INSERT INTO console_session (id, user_name, desktop_name, login_session, protocol, started_at, seen_at, ended_at,
                             end_reason, pool_id)
SELECT gen_random_uuid(), 'user' || (g % 10000), 'desk-' || (g % 10000), 'login', 'vnc', st, st + len, st + len,
       'closed', p.ids[1 + g % 100]
  FROM (SELECT g, timestamptz '2025-01-01 00:00:00+00' + make_interval(days => g % 365,
               hours => 7 + floor(random() * 11)::int, mins => floor(random() * 60)::int) AS st,
               make_interval(mins => 5 + floor(random() * random() * 475)::int) AS len
          FROM generate_series(1, $SESSIONS) g) s,
       (SELECT array_agg(id ORDER BY name) AS ids FROM pool) p;
INSERT INTO console_session (id, user_name, desktop_name, login_session, protocol, started_at, seen_at, pool_id)
SELECT gen_random_uuid(), 'user' || g, 'desk-' || g, 'login', 'vnc', timestamptz '2025-12-31 09:00:00+00',
       timestamptz '2025-12-31 09:00:00+00', p.ids[1 + g % 100]
  FROM generate_series(1, 50) g, (SELECT array_agg(id ORDER BY name) AS ids FROM pool) p;
INSERT INTO assignment_request (pool_id, user_name, desktop_id, assignment_id, requested_at, ready_at, outcome)
SELECT p.ids[1 + g % 100], 'user' || (g % 10000),
       CASE WHEN refused THEN NULL ELSE gen_random_uuid() END, CASE WHEN refused THEN NULL ELSE gen_random_uuid() END,
       at, CASE WHEN refused THEN NULL ELSE at + make_interval(secs => random() * random() * 90) END,
       CASE WHEN refused THEN 'REFUSED' ELSE 'ASSIGNED' END
  FROM (SELECT g, random() < 0.02 AS refused,
               timestamptz '2025-01-01 00:00:00+00' + make_interval(days => g % 365,
               hours => 7 + floor(random() * 11)::int, secs => random() * 3600) AS at
          FROM generate_series(1, $SESSIONS) g) r,
       (SELECT array_agg(id ORDER BY name) AS ids FROM pool) p;
VACUUM ANALYZE;
SQL
log "generated in $(( $(date +%s) - t0 )) s: $(psql_vdi -c 'SELECT count(*) FROM console_session') sessions,"\
" $(psql_vdi -c 'SELECT count(*) FROM assignment_request') requests,"\
" $(psql_vdi -c "SELECT pg_size_pretty(pg_database_size('vdi'))")"

POOL=$(psql_vdi -c "SELECT id FROM pool WHERE name = 'pool-042'")
RUNNING="'STARTING','AVAILABLE','ASSIGNED','IN_USE'"
HELD="'ASSIGNED','IN_USE'"

# query FILE FROM TO POOL|-: the file's statement with the broker's rule for
# "-- pool" lines (kept with a pool, dropped without) and the parameters filled in
query() {
  local file=$1 from=$2 to=$3 pool=$4
  awk -v one="$([ "$pool" = - ] && echo 0 || echo 1)" \
    'one == 1 || $0 !~ /-- pool[[:space:]]*$/' "$SQL_DIR/$file" |
    sed -e "s/:from/'$from'/g" -e "s/:to/'$to'/g" -e "s/:pool/'$pool'/g" \
        -e "s/:running/$RUNNING/g" -e "s/:held/$HELD/g"
}

# timed NAME FILE FROM TO POOL: p50 and p95 in ms of planning + execution, REPEATS runs after one warm-up
declare -A P50 P95
timed() {
  local key=$1; shift
  local sql; sql=$(query "$@")
  local times=() plan i out
  for ((i = 0; i <= REPEATS; i++)); do
    out=$(psql_vdi -c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) $sql")
    plan=$(awk '/Planning Time:/ {p=$3} /Execution Time:/ {e=$3} END {printf "%.1f", p + e}' <<<"$out")
    [ "$i" -gt 0 ] && times+=("$plan")
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local n=${#times[@]}
  P50[$key]=$(sed -n "$(( (n + 1) / 2 ))p" <<<"$sorted")
  P95[$key]=$(sed -n "$(( (n * 95 + 99) / 100 ))p" <<<"$sorted")
}

CASES=(
  "pool-hours one pool, June|pool-hours.sql|2025-06-01T00:00:00Z|2025-07-01T00:00:00Z|$POOL"
  "pool-hours all 100 pools, June|pool-hours.sql|2025-06-01T00:00:00Z|2025-07-01T00:00:00Z|-"
  "pool-hours one pool, the whole year|pool-hours.sql|2025-01-01T00:00:00Z|2026-01-01T00:00:00Z|$POOL"
  "pool-hours one pool, one day|pool-hours.sql|2025-06-10T00:00:00Z|2025-06-11T00:00:00Z|$POOL"
  "users, June|users.sql|2025-06-01T00:00:00Z|2025-07-01T00:00:00Z|-"
  "users of one pool, June|users.sql|2025-06-01T00:00:00Z|2025-07-01T00:00:00Z|$POOL"
  "hosts, now|hosts.sql|-|-|-"
)

run_all() {
  local phase=$1 c name file from to pool
  for c in "${CASES[@]}"; do
    IFS='|' read -r name file from to pool <<<"$c"
    log "$phase: $name"
    timed "$phase|$name" "$file" "$from" "$to" "$pool"
  done
}

run_all without
log "building the V9 indexes"
t0=$(date +%s%N)
psql_vdi >/dev/null <<'SQL'
CREATE INDEX console_session_pool_started_idx ON console_session (pool_id, started_at);
CREATE INDEX console_session_length_idx ON console_session ((ended_at - started_at)) WHERE ended_at IS NOT NULL;
CREATE INDEX assignment_request_pool_at_idx ON assignment_request (pool_id, requested_at);
CREATE INDEX assignment_request_at_idx ON assignment_request (requested_at);
CREATE INDEX assignment_request_waiting_idx ON assignment_request (assignment_id) WHERE ready_at IS NULL;
ANALYZE;
SQL
index_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
run_all with

printf '\n%s sessions, %s requests, %s repeats; index build %s ms; PostgreSQL %s\n' "$SESSIONS" "$SESSIONS" \
  "$REPEATS" "$index_ms" "$(psql_vdi -c 'SHOW server_version')"
printf '| query | without V9 indexes p50 / p95 (ms) | with p50 / p95 (ms) | ratio (p50) |\n|---|---|---|---|\n'
for c in "${CASES[@]}"; do
  IFS='|' read -r name _ <<<"$c"
  w=${P50["without|$name"]} i=${P50["with|$name"]}
  printf '| %s | %s / %s | %s / %s | %sx |\n' "$name" "$w" "${P95["without|$name"]}" "$i" "${P95["with|$name"]}" \
    "$(awk -v a="$w" -v b="$i" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
done
