#!/usr/bin/env bash
# Payara Micro with the one application, web-portal.war, which holds the broker,
# the portal and console-proxy (its consoles at /console/...) on one port.
# Sourced after common.sh, postgres.sh and keycloak.sh.

PAYARA_VERSION=$(sed -n 's:.*<payara.micro.version>\(.*\)</payara.micro.version>.*:\1:p' "$VDI_ROOT/pom.xml")
PAYARA_JAR=$VDI_CACHE/payara/payara-micro-$PAYARA_VERSION.jar

payara_install() {
  [ -s "$PAYARA_JAR" ] && return 0
  log "fetching Payara Micro $PAYARA_VERSION"
  mkdir -p "$VDI_CACHE/payara"
  mvn -q -B dependency:copy -Dartifact="fish.payara.extras:payara-micro:$PAYARA_VERSION" \
    -DoutputDirectory="$VDI_CACHE/payara" >"$VDI_LOGS/payara-fetch.log" 2>&1 \
    || die "could not fetch Payara Micro from Maven Central (see $VDI_LOGS/payara-fetch.log)" \
      "check that this machine reaches Maven Central"
}

# payara_secret NAME: a random key kept in $VDI_STATE/secrets/NAME (mode 600), made on first use;
# base64 of 32 random bytes, as the console ticket HMAC and the proxy key want.
payara_secret() {
  local f=$VDI_STATE/secrets/$1
  if [ ! -s "$f" ]; then
    mkdir -p "$VDI_STATE/secrets"; chmod 700 "$VDI_STATE/secrets"
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$f")
  fi
  cat "$f"
}

payara_wars() { echo "$VDI_ROOT/web-portal/target/web-portal.war"; }

# The broker's internal listener, for console-proxy nodes of their own, is off by
# default (the console-proxy inside the portal calls the broker in-process);
# VDI_INTERNAL=1 binds it to loopback on $VDI_INTERNAL_PORT. The test profile
# turns it on: its tests hold the listener to its contract.
payara_internal_listen() {
  if [ "${VDI_INTERNAL:-$([ "$VDI_PROFILE" = test ] && echo 1 || echo 0)}" = 1 ]; then
    echo "127.0.0.1:$VDI_INTERNAL_PORT"
  fi
}

# Where console-proxy finds guacd: VDI_GUACD_HOST as given, else this profile's
# guacd when VDI_GUACD=1 (guacd.sh starts it first), else none: the built-in gateway.
payara_guacd_host() {
  if [ -n "${VDI_GUACD_HOST:-}" ]; then
    echo "$VDI_GUACD_HOST"
  elif [ "${VDI_GUACD:-0}" = 1 ]; then
    echo "$GUACD_BIND"
  fi
}

# Broker nodes: node 1 is "the" node of the contract (port $VDI_PORTAL_PORT); nodes
# 2..VDI_NODES are more nodes of the same build on the same PostgreSQL, Keycloak
# and libvirt, each on port VDI_PORTAL_PORT + 10 * (N - 1) (8090 for node 2 of
# ./vdi up), with its own pid, log and Payara root. They share no data grid
# (--nocluster): pool work is held per pool by a lease in the database, tickets
# and assignments live there too, so any node redeems any node's ticket.
payara_node_port() { echo $((VDI_PORTAL_PORT + 10 * (${1:-1} - 1))); }
payara_node_id() { if [ "${1:-1}" = 1 ]; then echo payara; else echo "payara-$1"; fi; }
payara_node_log() { echo "$VDI_LOGS/$(payara_node_id "${1:-1}").log"; }
# payara_nodes: the node numbers this profile runs, 1..VDI_NODES (default 1).
payara_nodes() {
  local n=${VDI_NODES:-1}
  [[ "$n" =~ ^[1-9]$ ]] || die "VDI_NODES (or --nodes) must be a number of broker nodes from 1 to 9, not '$n'"
  seq 1 "$n"
}

# payara_start [N]: broker node N (default 1); returns when its application is deployed.
payara_start() {
  local node=${1:-1} w id port logf
  id=$(payara_node_id "$node") port=$(payara_node_port "$node") logf=$(payara_node_log "$node")
  payara_install
  for w in $(payara_wars); do
    [ -s "$w" ] || die "$w is missing" "build first: mvn -DskipTests package"
  done
  if pid_alive "$id"; then
    log "Payara Micro node $node already runs (pid $(cat "$VDI_RUN/$id.pid")); restart it with ./vdi down && ./vdi up to deploy a new build"
    return 0
  fi
  port_in_use "$port" && die "port $port (portal node $node) is taken by another program" \
    "stop it (ss -ltnp 'sport = :$port' shows which), or set VDI_PORTAL_PORT"
  local internal= guacd origins=${VDI_CONSOLE_ALLOWED_ORIGINS:-}
  # a node reached at its own address (not only through the balancer) checks console
  # Origins against the public address rather than its own Host
  [ "$node" = 1 ] || origins=${origins:-${VDI_PORTAL_URL:-http://localhost:$VDI_PORTAL_PORT}}
  # the internal console API is node 1's: console-proxy nodes of their own call one address
  [ "$node" != 1 ] || internal=$(payara_internal_listen)
  guacd=$(payara_guacd_host)
  echo "${guacd:+$guacd:$VDI_GUACD_PORT}" >"$VDI_RUN/$id.guacd"
  [ -z "$internal" ] || ! port_in_use "$VDI_INTERNAL_PORT" ||
    die "port $VDI_INTERNAL_PORT (the broker's internal listener) is taken by another program" \
      "stop it (ss -ltnp 'sport = :$VDI_INTERNAL_PORT' shows which), or set VDI_INTERNAL_PORT"
  # Payara's root directory holds only what it generates at start; a stale one
  # from an older build has been seen to break deployment, so start clean.
  safe_rm_state "$VDI_STATE/$id"
  mkdir -p "$VDI_STATE/$id" "$VDI_STATE/serial"
  log "starting Payara Micro node $node on port $port (log $logf)"
  # The log starts empty before Payara does: the readiness check below reads it, and a
  # restart would otherwise find the previous run's "ready in" before the new process
  # has truncated the file.
  : >"$logf"
  # The log is JSON lines in the test profile (StructuredLogIT reads it) and in
  # production (docker-compose); ./vdi up keeps Payara's text for a person reading
  # it in a terminal. VDI_LOG_FORMAT=json|text overrides either.
  # Configuration reaches the applications as environment variables, read
  # through MicroProfile Config (VDI_DB_URL -> vdi.db.url and so on). The page
  # sign-in needs the vdi-portal client's secret (Keycloak's, see keycloak.sh)
  # and the portal's address as browsers reach it (its redirect URIs): every
  # node has node 1's, as they would behind a load balancer; the ticket key is
  # one for all nodes, so a ticket issued by one opens a console on another.
  VDI_DB_URL=$(pg_jdbc_url) VDI_DB_USER=vdi VDI_DB_PASSWORD=$(pg_password) \
  VDI_OIDC_ISSUER="http://localhost:$VDI_KEYCLOAK_PORT/realms/vdi" \
  VDI_PORTAL_CLIENT_SECRET=$(cat "$KEYCLOAK_PORTAL_SECRET_FILE" 2>/dev/null) \
  VDI_PUBLIC_URL=${VDI_PORTAL_URL:-http://localhost:$VDI_PORTAL_PORT} \
  VDI_BOOTSTRAP_HOST_URI=$VDI_LIBVIRT_URI \
  VDI_BOOTSTRAP_HOST_STORAGE_POOL=$VDI_STORAGE_POOL \
  VDI_BOOTSTRAP_HOST_VIRT_TYPE=$(cat "$VDI_STATE/virt-type" 2>/dev/null || echo kvm) \
  VDI_DESKTOP_SERIAL_LOG_DIR=$VDI_STATE/serial \
  VDI_TICKET_KEY=$(payara_secret ticket-key) \
  VDI_INTERNAL_LISTEN=$internal \
  VDI_GUACD_HOST=$guacd VDI_GUACD_PORT=$VDI_GUACD_PORT \
  VDI_PROXY_KEY=$([ -z "$internal" ] || payara_secret proxy-key) \
  VDI_NODE_NAME=$VDI_PROFILE-node$([ "$node" = 1 ] || echo "-$node") \
  VDI_LOG_FORMAT=${VDI_LOG_FORMAT:-$([ "$VDI_PROFILE" = test ] && echo json || echo text)} \
  VDI_CONSOLE_REFUSAL_WINDOW_SECONDS=${VDI_CONSOLE_REFUSAL_WINDOW_SECONDS:-$([ "$VDI_PROFILE" = test ] && echo 20 || echo 60)} \
  VDI_SESSION_ROLE_CHECK_SECONDS=${VDI_SESSION_ROLE_CHECK_SECONDS:-$([ "$VDI_PROFILE" = test ] && echo 5 || echo 300)} \
  VDI_MONITOR_INTERVAL_SECONDS=${VDI_MONITOR_INTERVAL_SECONDS:-$([ "$VDI_PROFILE" = test ] && echo 3 || echo 10)} \
  VDI_SCHEDULE_DEFAULT_START_SECONDS=${VDI_SCHEDULE_DEFAULT_START_SECONDS:-$([ "$VDI_PROFILE" = test ] && echo 10 || echo 60)} \
  nohup env ${origins:+"VDI_CONSOLE_ALLOWED_ORIGINS=$origins"} java -Xms256m -Xmx1g -XX:+UseSerialGC \
    -jar "$PAYARA_JAR" --nocluster --port "$port" --rootDir "$VDI_STATE/$id" \
    $(for w in $(payara_wars); do printf -- '--deploy %s ' "$w"; done) \
    >>"$logf" 2>&1 </dev/null &
  echo $! >"$VDI_RUN/$id.pid"
  # Ready means the archive deployed: Payara prints "ready in" after the last one.
  local i
  for ((i = 0; i < 480; i++)); do
    grep -qs 'Payara Micro .* ready in' "$logf" && break
    pid_alive "$id" || break
    sleep 0.5
  done
  if ! grep -qs 'Payara Micro .* ready in' "$logf"; then
    tail -n 30 "$logf" >&2
    stop_pid "$id" 10
    die "Payara Micro node $node did not come up on port $port (log $logf)"
  fi
  if grep -q 'Deployment failed\|Exception while loading the app' "$logf"; then
    grep -m 5 -A 5 'Deployment failed\|Exception while loading the app' "$logf" >&2
    stop_pid "$id" 10
    die "an application failed to deploy on node $node (log $logf)"
  fi
  log "Payara Micro node $node is up on http://localhost:$port"
}

# payara_stop [N]: node N, or every node of this profile that runs.
payara_stop() {
  local node id
  for node in ${1:-$(_payara_started_nodes)}; do
    id=$(payara_node_id "$node")
    pid_alive "$id" && log "stopping Payara Micro node $node"
    stop_pid "$id" 30
  done
}

# _payara_started_nodes: 1 and every N with a pid file (so a stop finds nodes
# that a run with more VDI_NODES started).
_payara_started_nodes() {
  local f n
  echo 1
  for f in "$VDI_RUN"/payara-[0-9].pid; do
    [ -e "$f" ] || continue
    n=${f##*/payara-}
    echo "${n%.pid}"
  done
}

payara_status() {
  local node id state port guacd
  for node in $(_payara_started_nodes); do
    id=$(payara_node_id "$node") port=$(payara_node_port "$node") state=down
    pid_alive "$id" && state=up
    [ "$node" = 1 ] || [ "$state" = up ] || continue
    printf '%-9s %-8s http://localhost:%s (portal, /console; node %s)  log: %s\n' payara: "$state" "$port" \
      "$node" "$(payara_node_log "$node")"
    if [ "$state" = up ]; then
      guacd=$(cat "$VDI_RUN/$id.guacd" 2>/dev/null)
      printf '%-9s %-8s consoles through %s\n' '' '' "${guacd:+guacd at }${guacd:-the built-in gateway}"
    fi
  done
  [ -z "$(payara_internal_listen)" ] ||
    printf '%-9s %-8s %s (internal console API, signed calls only)\n' '' '' "$(payara_internal_listen)"
}
