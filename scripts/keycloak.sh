#!/usr/bin/env bash
# Keycloak for the one-node stack ("up") and for tests ("test").
# Sourced after scripts/lib/common.sh, never run. Functions:
#   keycloak_install   fetch Keycloak (Maven), unpack and build it once into $VDI_CACHE
#   keycloak_start     start this profile's Keycloak (idempotent) and wait until realm vdi answers
#   keycloak_stop      stop it (no-op when it is not running)
#   keycloak_status    print one line: up|starting|down, URL, log file (always returns 0)
#   keycloak_is_up     true when this profile's Keycloak runs and serves realm vdi
#   keycloak_reset     stop and forget this profile's Keycloak data (the realm is imported again)
#   keycloak_token USER PASSWORD
#                      print an access token for USER from a password grant through vdi-cli
#
# Layout. The distribution is unpacked and built (the slow Quarkus build, half a minute) once into
# $KEYCLOAK_DIST. Each profile runs from its own small home $KEYCLOAK_HOME: a copy of bin/kc.sh,
# symlinks to the shared lib, conf, providers and themes, and its own data folder (H2 database,
# realm import). So a profile that starts from fresh state pays for the database set-up and the
# realm import (about 15 s), never for the build.
#
# The realm comes from keycloak/vdi-realm.json through --import-realm, on the first start with an
# empty data folder only (later starts keep the imported realm). The file holds no secret and no
# profile-specific port: Keycloak replaces ${VAR} and ${VAR:default} placeholders in import files
# with environment variables, and this script sets
#   VDI_PORTAL_URL            http://localhost:$VDI_PORTAL_PORT (client rootUrl, redirect URI,
#                             back-channel logout URL $VDI_PORTAL_URL/auth/backchannel-logout)
#   VDI_PORTAL_CLIENT_SECRET  the vdi-portal client secret from $KEYCLOAK_PORTAL_SECRET_FILE
# Secrets are generated per profile into $VDI_STATE/secrets (mode 600): the portal client secret
# and the password of the master realm's admin $KEYCLOAK_ADMIN_USER (admin console, admin API).

KEYCLOAK_VERSION=${VDI_KEYCLOAK_VERSION:-26.7.3}
KEYCLOAK_CACHE=$VDI_CACHE/keycloak
KEYCLOAK_DIST=$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION
KEYCLOAK_HOME=$VDI_STATE/keycloak
KEYCLOAK_BIND=${VDI_KEYCLOAK_BIND:-127.0.0.1}
KEYCLOAK_HEAP=${VDI_KEYCLOAK_HEAP:-512m}
KEYCLOAK_URL=http://localhost:$VDI_KEYCLOAK_PORT
KEYCLOAK_REALM=vdi
KEYCLOAK_ISSUER=$KEYCLOAK_URL/realms/$KEYCLOAK_REALM
KEYCLOAK_WELL_KNOWN=$KEYCLOAK_ISSUER/.well-known/openid-configuration
KEYCLOAK_TOKEN_URL=$KEYCLOAK_ISSUER/protocol/openid-connect/token
KEYCLOAK_LOG=$VDI_LOGS/keycloak.log
KEYCLOAK_SECRETS=$VDI_STATE/secrets
KEYCLOAK_PORTAL_SECRET_FILE=$KEYCLOAK_SECRETS/portal-client-secret
KEYCLOAK_ADMIN_USER=kcadmin
KEYCLOAK_ADMIN_PASSWORD_FILE=$KEYCLOAK_SECRETS/keycloak-admin-password
KEYCLOAK_PORTAL_URL=${VDI_PORTAL_URL:-http://localhost:$VDI_PORTAL_PORT}
KEYCLOAK_START_TIMEOUT=${VDI_KEYCLOAK_START_TIMEOUT:-240}

export KEYCLOAK_VERSION KEYCLOAK_DIST KEYCLOAK_HOME KEYCLOAK_URL KEYCLOAK_REALM KEYCLOAK_ISSUER \
  KEYCLOAK_TOKEN_URL KEYCLOAK_PORTAL_SECRET_FILE KEYCLOAK_ADMIN_USER KEYCLOAK_ADMIN_PASSWORD_FILE

# --- helpers -------------------------------------------------------------------------------

_keycloak_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

_keycloak_need_tools() {
  command -v "$(_keycloak_java)" >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  local v
  # (|| true: a java that fails must reach the message below, not end the run under pipefail.)
  v=$("$(_keycloak_java)" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1 || true)
  if [ -z "$v" ] || [ "$v" -lt 17 ]; then
    die "Keycloak $KEYCLOAK_VERSION needs Java 17 or newer; $(_keycloak_java) is version ${v:-unknown}" \
      "install openjdk-17-jre-headless or point JAVA_HOME at a JDK 17+"
  fi
}

# True when the built distribution carries the dev-mode build that start-dev uses.
_keycloak_built() {
  local props
  props=$(unzip -p "$KEYCLOAK_DIST/lib/quarkus/generated-bytecode.jar" \
    META-INF/keycloak-persisted.properties 2>/dev/null || true)
  case "$props" in *kc.profile=dev*) return 0 ;; *) return 1 ;; esac
}

# pid of this profile's Keycloak when the pid file names a live process started from our home.
_keycloak_pid() {
  local f=$VDI_RUN/keycloak.pid pid cmd
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  case "$cmd" in *"$KEYCLOAK_HOME/"*) echo "$pid" ;; *) return 1 ;; esac
}

# _keycloak_secret FILE: create FILE with a random secret (mode 600) unless it exists.
_keycloak_secret() {
  local f=$1
  [ -s "$f" ] && return 0
  mkdir -p "$(dirname "$f")" && chmod 700 "$(dirname "$f")"
  (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$f.tmp" && mv -f "$f.tmp" "$f") ||
    die "could not write the secret $f" "check that $(dirname "$f") is writable"
}

_keycloak_http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true
}

# --- install -------------------------------------------------------------------------------

keycloak_install() {
  ensure_dirs
  mkdir -p "$KEYCLOAK_CACHE"
  [ -f "$KEYCLOAK_DIST/.vdi-built" ] && _keycloak_built && return 0
  _keycloak_need_tools
  # One install at a time: the up and test profiles share the cache. The subshell holds the lock;
  # a die inside it ends the subshell, so pass its failure on.
  (
    flock 9
    _keycloak_install_locked
  ) 9>"$KEYCLOAK_CACHE/.lock" || exit 1
}

_keycloak_install_locked() {
  [ -f "$KEYCLOAK_DIST/.vdi-built" ] && _keycloak_built && return 0
  local ilog=$VDI_LOGS/keycloak-install.log
  : >"$ilog"

  if [ ! -x "$KEYCLOAK_DIST/bin/kc.sh" ]; then
    local zip=$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip tmp=$KEYCLOAK_CACHE/.unpack.$$
    if [ ! -s "$zip" ]; then
      command -v mvn >/dev/null 2>&1 || apt_install maven
      log "fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist, Maven)"
      mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$KEYCLOAK_CACHE" >>"$ilog" 2>&1 ||
        die "could not fetch Keycloak $KEYCLOAK_VERSION from Maven (see $ilog)" \
          "check that Maven reaches its repository (mvn -v, ~/.m2/settings.xml)"
    fi
    log "unpacking Keycloak $KEYCLOAK_VERSION into $KEYCLOAK_CACHE"
    safe_rm_cache "$tmp" && mkdir -p "$tmp"
    if ! unzip -q "$zip" -d "$tmp" >>"$ilog" 2>&1; then
      safe_rm_cache "$tmp" "$zip"
      die "could not unpack $zip (removed it; see $ilog)" "run the command again to fetch it anew"
    fi
    safe_rm_cache "$KEYCLOAK_DIST"
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_DIST" && safe_rm_cache "$tmp" "$zip"
  fi

  if ! _keycloak_built; then
    # start-dev builds the server for dev mode, exits with 10, and kc.sh relaunches java with
    # -Dkc.config.built=true. This stand-in for java stops right there: the build stays in
    # lib/quarkus and no server starts.
    log "building Keycloak once for dev mode (half a minute; kept in the cache)"
    local stub=$KEYCLOAK_CACHE/.java-build-only
    {
      echo '#!/bin/sh'
      # shellcheck disable=SC2016
      echo 'case "$1" in -Dkc.config.built=true) exit 0 ;; esac'
      printf 'exec "%s" "$@"\n' "$(_keycloak_java)"
    } >"$stub"
    chmod 755 "$stub"
    (cd "$KEYCLOAK_DIST" && JAVA=$stub timeout 600 bin/kc.sh start-dev --http-port=0 </dev/null) >>"$ilog" 2>&1 || true
    rm -f "$stub"
    safe_rm_cache "$KEYCLOAK_DIST/data"
    _keycloak_built || die "building Keycloak failed (see $ilog)" \
      "remove $KEYCLOAK_DIST and run the command again"
  fi
  echo "$KEYCLOAK_VERSION" >"$KEYCLOAK_DIST/.vdi-built"
  log "Keycloak $KEYCLOAK_VERSION is ready in $KEYCLOAK_DIST"
}

# --- per-profile home ----------------------------------------------------------------------

_keycloak_prepare_home() {
  local h=$KEYCLOAK_HOME d realm=$VDI_ROOT/keycloak/vdi-realm.json stamp old
  [ -f "$realm" ] || die "the realm file $realm is missing" "restore it from git"
  mkdir -p "$h/bin" "$h/data/import"
  cp -f "$KEYCLOAK_DIST/bin/kc.sh" "$h/bin/kc.sh"
  for d in lib conf providers themes; do ln -sfn "$KEYCLOAK_DIST/$d" "$h/$d"; done
  cp -f "$realm" "$h/data/import/vdi-realm.json"

  stamp=$({ cat "$realm"; echo "$KEYCLOAK_PORTAL_URL"; } | sha256sum | cut -d' ' -f1)
  if [ -e "$h/data/h2/keycloakdb.mv.db" ]; then
    if [ ! -s "$KEYCLOAK_PORTAL_SECRET_FILE" ] || [ ! -s "$KEYCLOAK_ADMIN_PASSWORD_FILE" ]; then
      # The imported realm holds secrets we no longer know: start over, keep the old data aside.
      old=$h/data.stale-$(date +%Y%m%d%H%M%S)
      warn "Keycloak secrets in $KEYCLOAK_SECRETS are gone but its data is not; moving the data to $old and importing the realm anew"
      mv "$h/data" "$old"
      mkdir -p "$h/data/import" && cp -f "$realm" "$h/data/import/vdi-realm.json"
    else
      old=$(cat "$h/data/vdi-realm.sha256" 2>/dev/null || true)
      [ "$old" = "$stamp" ] || warn "keycloak/vdi-realm.json or the portal URL changed since realm vdi was imported; Keycloak keeps the imported realm. To import it anew, stop Keycloak and remove $h/data (its users and sessions are lost)."
    fi
  fi
  [ -e "$h/data/h2/keycloakdb.mv.db" ] || echo "$stamp" >"$h/data/vdi-realm.sha256"
  _keycloak_secret "$KEYCLOAK_PORTAL_SECRET_FILE"
  _keycloak_secret "$KEYCLOAK_ADMIN_PASSWORD_FILE"
}

# --- start / stop / status -----------------------------------------------------------------

keycloak_start() {
  ensure_dirs
  local pid started=$SECONDS
  if pid=$(_keycloak_pid); then
    _keycloak_wait "$pid" || die "Keycloak (pid $pid) runs but $KEYCLOAK_WELL_KNOWN does not answer (see $KEYCLOAK_LOG)" \
      "stop it (keycloak_stop / ./vdi down) and start again"
    log "Keycloak already running at $KEYCLOAK_URL (pid $pid)"
    return 0
  fi
  rm -f "$VDI_RUN/keycloak.pid"
  if port_in_use "$VDI_KEYCLOAK_PORT"; then
    local who
    who=$(ss -ltnpH "sport = :$VDI_KEYCLOAK_PORT" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1 || true)
    die "port $VDI_KEYCLOAK_PORT (Keycloak, profile $VDI_PROFILE) is taken by another program${who:+ ($who)}" \
      "stop that program, or choose another port with VDI_KEYCLOAK_PORT=<port>"
  fi
  keycloak_install
  _keycloak_prepare_home

  [ -f "$KEYCLOAK_LOG" ] && mv -f "$KEYCLOAK_LOG" "$KEYCLOAK_LOG.1"
  log "starting Keycloak $KEYCLOAK_VERSION at $KEYCLOAK_URL (profile $VDI_PROFILE, log $KEYCLOAK_LOG)"
  # Secrets go through the environment, never the command line. setsid puts Keycloak in its own
  # session, so a Ctrl-C in the launcher does not reach it; the pid file names kc.sh, which
  # forwards TERM to its java child (or is java itself after an exec).
  (
    cd "$KEYCLOAK_HOME" || exit 1
    export KC_BOOTSTRAP_ADMIN_USERNAME=$KEYCLOAK_ADMIN_USER
    KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$KEYCLOAK_ADMIN_PASSWORD_FILE")
    VDI_PORTAL_CLIENT_SECRET=$(cat "$KEYCLOAK_PORTAL_SECRET_FILE")
    export KC_BOOTSTRAP_ADMIN_PASSWORD VDI_PORTAL_CLIENT_SECRET
    export VDI_PORTAL_URL=$KEYCLOAK_PORTAL_URL
    export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx$KEYCLOAK_HEAP"
    # shellcheck disable=SC2016
    exec setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$VDI_RUN/keycloak.pid" \
      "$KEYCLOAK_HOME/bin/kc.sh" start-dev --import-realm \
      --http-host="$KEYCLOAK_BIND" --http-port="$VDI_KEYCLOAK_PORT" --hostname="$KEYCLOAK_URL"
  ) >>"$KEYCLOAK_LOG" 2>&1 </dev/null &

  local i
  for ((i = 0; i < 40; i++)); do [ -s "$VDI_RUN/keycloak.pid" ] && break; sleep 0.05; done
  pid=$(cat "$VDI_RUN/keycloak.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! _keycloak_wait "$pid"; then
    tail -n 15 "$KEYCLOAK_LOG" >&2 2>/dev/null || true
    die "Keycloak did not come up at $KEYCLOAK_URL within ${KEYCLOAK_START_TIMEOUT}s (see $KEYCLOAK_LOG)" \
      "read the log; remove $KEYCLOAK_HOME/data to start with a fresh realm"
  fi
  log "Keycloak is up at $KEYCLOAK_URL, realm $KEYCLOAK_REALM ($((SECONDS - started)) s)"
  _keycloak_group_paths
}

# _keycloak_admin_token: an access token of the master realm's admin, for the admin API.
_keycloak_admin_token() {
  curl -s --max-time 10 -d grant_type=password -d client_id=admin-cli --data-urlencode "username=$KEYCLOAK_ADMIN_USER" \
    --data-urlencode "password=$(cat "$KEYCLOAK_ADMIN_PASSWORD_FILE")" \
    "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" | jq -er .access_token
}

# _keycloak_group_paths: pools are entitled to groups by full path (/staff). A realm imported
# before that sends bare group names in vdi_groups (the mapper's full.path off), which match no
# pool any more: switch every such mapper of the realm's clients to full paths. Idempotent.
_keycloak_group_paths() {
  local token base clients id mappers m
  token=$(_keycloak_admin_token) || { warn "cannot sign in to Keycloak's admin API to check the vdi_groups mappers"; return 0; }
  base=$KEYCLOAK_URL/admin/realms/$KEYCLOAK_REALM
  clients=$(curl -sf --max-time 10 -H "Authorization: Bearer $token" "$base/clients") ||
    { warn "cannot list the clients of realm $KEYCLOAK_REALM to check the vdi_groups mappers"; return 0; }
  while read -r id; do
    [ -n "$id" ] || continue
    mappers=$(printf '%s' "$clients" | jq -c --arg id "$id" '.[] | select(.id == $id) | .protocolMappers // [] | .[]
      | select(.config["claim.name"] == "vdi_groups" and .config["full.path"] != "true")')
    while read -r m; do
      [ -n "$m" ] || continue
      m=$(printf '%s' "$m" | jq -c '.config["full.path"] = "true"')
      if curl -sf --max-time 10 -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "$m" "$base/clients/$id/protocol-mappers/models/$(printf '%s' "$m" | jq -r .id)" >/dev/null; then
        log "Keycloak: the vdi_groups mapper of client $(printf '%s' "$clients" | jq -r --arg id "$id" '.[] | select(.id == $id) | .clientId') now sends full group paths (/staff), which pool entitlements match"
      else
        warn "could not switch a vdi_groups mapper of realm $KEYCLOAK_REALM to full group paths; set 'Full group path' on it in Keycloak's admin console"
      fi
    done <<<"$mappers"
  done < <(printf '%s' "$clients" | jq -r '.[].id')
}

# _keycloak_wait PID: until the realm's discovery document answers 200, while PID lives.
_keycloak_wait() {
  local pid=$1 i
  for ((i = 0; i < KEYCLOAK_START_TIMEOUT * 4; i++)); do
    [ "$(_keycloak_http_code "$KEYCLOAK_WELL_KNOWN")" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}

keycloak_stop() {
  local pid
  if ! pid=$(_keycloak_pid); then
    rm -f "$VDI_RUN/keycloak.pid"
    return 0
  fi
  log "stopping Keycloak (pid $pid)"
  stop_pid keycloak 30
  # Anything left in its session (the java child if kc.sh was killed hard) goes too.
  if kill -0 -- "-$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
}

keycloak_is_up() {
  _keycloak_pid >/dev/null && [ "$(_keycloak_http_code "$KEYCLOAK_WELL_KNOWN")" = 200 ]
}

keycloak_status() {
  local pid state=down
  if pid=$(_keycloak_pid); then
    if [ "$(_keycloak_http_code "$KEYCLOAK_WELL_KNOWN")" = 200 ]; then state=up; else state=starting; fi
  fi
  printf '%-9s %-8s %s (realm %s%s)  log: %s\n' keycloak: "$state" "$KEYCLOAK_URL" "$KEYCLOAK_REALM" \
    "${pid:+, pid $pid}" "$KEYCLOAK_LOG"
  return 0
}

keycloak_reset() {
  keycloak_stop
  safe_rm_state "$KEYCLOAK_HOME/data"
}

# keycloak_token USER PASSWORD: access token from a password grant through the public vdi-cli.
keycloak_token() {
  local body
  body=$(curl -s --max-time 10 -d grant_type=password -d client_id=vdi-cli \
    --data-urlencode "username=$1" --data-urlencode "password=$2" "$KEYCLOAK_TOKEN_URL") ||
    die "Keycloak at $KEYCLOAK_URL does not answer" "start it first (keycloak_start)"
  printf '%s' "$body" | jq -er .access_token 2>/dev/null ||
    die "no token for $1 from $KEYCLOAK_TOKEN_URL: $body" "check the user name and password"
}
