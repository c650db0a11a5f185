#!/usr/bin/env bash
# PostgreSQL for one profile: its own cluster, port and data directory, run as
# the postgres user (the server refuses to run as root). Sourced after common.sh.

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] || die "PostgreSQL server binaries not found" "apt-get install postgresql"
  echo "$d"
}

pg_install() { apt_install postgresql; }

PG_DATA=$VDI_STATE/pgdata
PG_SOCK=$VDI_STATE/pgsock

pg_password() {
  local f=$VDI_STATE/secrets/db-password
  if [ ! -s "$f" ]; then
    mkdir -p "$VDI_STATE/secrets"; chmod 700 "$VDI_STATE/secrets"
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$f")
  fi
  cat "$f"
}

pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && kill -0 "$(head -n 1 "$PG_DATA/postmaster.pid")" 2>/dev/null; }

pg_start() {
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_SOCK"; chown postgres:postgres "$PG_SOCK"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"; chown postgres:postgres "$PG_DATA"; chmod 700 "$PG_DATA"
    runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$VDI_LOGS/postgres-init.log" 2>&1 \
      || die "initdb failed (see $VDI_LOGS/postgres-init.log)"
  fi
  if pg_running; then
    head -n 1 "$PG_DATA/postmaster.pid" >"$VDI_RUN/postgres.pid"
    log "PostgreSQL already runs on port $VDI_PG_PORT"
  else
    port_in_use "$VDI_PG_PORT" && die "port $VDI_PG_PORT (PostgreSQL) is taken by another program" \
      "stop it, or set VDI_PG_PORT to a free port"
    touch "$VDI_LOGS/postgres.log"; chown postgres:postgres "$VDI_LOGS/postgres.log"
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -l "$VDI_LOGS/postgres.log" -w -t 60 \
      -o "-p $VDI_PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
      || die "PostgreSQL did not start (see $VDI_LOGS/postgres.log)"
    head -n 1 "$PG_DATA/postmaster.pid" >"$VDI_RUN/postgres.pid"
    log "PostgreSQL started on port $VDI_PG_PORT"
  fi
  pg_ensure_db
}

pg_psql() { runuser -u postgres -- "$(pg_bin)/psql" -h "$PG_SOCK" -p "$VDI_PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

pg_ensure_db() {
  local pw; pw=$(pg_password)
  # The password is passed on psql's standard input, never on a command line.
  pg_psql -d postgres >/dev/null <<SQL || die "could not create the vdi database role (see $VDI_LOGS/postgres.log)"
SELECT 'CREATE ROLE vdi LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vdi') \gexec
ALTER ROLE vdi PASSWORD '$pw';
SELECT 'CREATE DATABASE vdi OWNER vdi' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vdi') \gexec
SQL
}

pg_jdbc_url() { echo "jdbc:postgresql://127.0.0.1:$VDI_PG_PORT/vdi"; }

pg_stop() {
  if pg_running; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null || true
    log "PostgreSQL stopped"
  fi
  rm -f "$VDI_RUN/postgres.pid"
}

pg_status() {
  local state=down
  pg_running && state=up
  printf '%-9s %-8s 127.0.0.1:%s (database vdi)  log: %s\n' postgres: "$state" "$VDI_PG_PORT" "$VDI_LOGS/postgres.log"
}
