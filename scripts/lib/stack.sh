#!/usr/bin/env bash
# Starting, stopping and reporting the stack for one profile. Sourced by ./vdi
# after common.sh.

source "$VDI_ROOT/scripts/libvirt.sh"
source "$VDI_ROOT/scripts/postgres.sh"
source "$VDI_ROOT/scripts/keycloak.sh"
source "$VDI_ROOT/scripts/guacd.sh"
source "$VDI_ROOT/scripts/payara.sh"

# Debian packages the stack itself needs, besides the ones each component installs.
STACK_PACKAGES=(ca-certificates curl jq unzip procps iproute2 openjdk-17-jdk-headless maven)

# The web portal's build runs npm (spice-html5 for SPICE in the browser). Debian's
# nodejs and npm unless a Node.js with npm is there already (a Node.js from another
# source bundles its own npm and conflicts with Debian's npm package).
node_install() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    return 0
  fi
  apt_install nodejs npm
}

# What this invocation started, so a failure stops exactly that and nothing else.
_STARTED=()

_note_started() { _STARTED+=("$1"); }

_undo_on_failure() {
  local rc=$?
  [ "$rc" -eq 0 ] && return 0
  [ ${#_STARTED[@]} -eq 0 ] && return "$rc"
  warn "stopping what this run started, so nothing is left half-started: ${_STARTED[*]}"
  local i
  for ((i = ${#_STARTED[@]} - 1; i >= 0; i--)); do
    case "${_STARTED[$i]}" in
      payara) payara_stop 1 ;;
      payara\ *) payara_stop "${_STARTED[$i]#payara }" ;;
      guacd) guacd_stop ;;
      keycloak) keycloak_stop ;;
      postgres) pg_stop ;;
      libvirt) libvirt_stop ;;
    esac
  done
  return "$rc"
}

# preflight: the checks that need no install, so a bad environment is reported first.
stack_preflight() {
  if [ "$(id -u)" != 0 ]; then
    die "./vdi needs root: it installs Debian packages, configures libvirt and starts system daemons" \
      "run it as root (sudo ./vdi ${cmd:-up})"
  fi
  if ! pid_alive payara && port_in_use "$VDI_PORTAL_PORT"; then
    die "port $VDI_PORTAL_PORT (portal) is taken by another program" \
      "stop it (ss -ltnp 'sport = :$VDI_PORTAL_PORT' shows which), or set VDI_PORTAL_PORT"
  fi
  if ! pid_alive keycloak && port_in_use "$VDI_KEYCLOAK_PORT"; then
    die "port $VDI_KEYCLOAK_PORT (Keycloak) is taken by another program" \
      "stop it (ss -ltnp 'sport = :$VDI_KEYCLOAK_PORT' shows which), or set VDI_KEYCLOAK_PORT"
  fi
}

stack_install() {
  apt_install "${STACK_PACKAGES[@]}"
  node_install
  libvirt_install
  pg_install
}

# Fails fast with a clear message when Maven Central cannot be reached and the
# local repository lacks what the build needs.
stack_build() {
  log "building the applications (log $VDI_LOGS/build.log)"
  if ! (cd "$VDI_ROOT" && mvn -B -q -DskipTests install) >"$VDI_LOGS/build.log" 2>&1; then
    if grep -q 'Could not transfer\|Could not resolve\|Unknown host\|Connection refused\|Network is unreachable' \
      "$VDI_LOGS/build.log"; then
      die "the build could not download its dependencies from Maven Central (see $VDI_LOGS/build.log)" \
        "check this machine's network access to Maven Central (and any proxy in ~/.m2/settings.xml)"
    fi
    tail -n 30 "$VDI_LOGS/build.log" >&2
    die "the build failed (see $VDI_LOGS/build.log)"
  fi
}

stack_up() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) [ $# -ge 2 ] || die "--nodes needs a number" "./vdi up [--nodes N]"; VDI_NODES=$2; shift ;;
      --nodes=*) VDI_NODES=${1#--nodes=} ;;
      *) die "unknown option for ./vdi up: $1" "./vdi up [--nodes N]" ;;
    esac
    shift
  done
  export VDI_NODES=${VDI_NODES:-1}
  payara_nodes >/dev/null
  stack_preflight
  ensure_dirs
  trap _undo_on_failure EXIT
  stack_install

  libvirt_configure
  _libvirt_daemon_running libvirtd || _note_started libvirt
  libvirt_start
  libvirt_virt_type >/dev/null
  libvirt_storage_ensure
  libvirt_golden_ensure

  pg_running || _note_started postgres
  pg_start
  pid_alive keycloak || _note_started keycloak
  keycloak_start
  if [ "${VDI_GUACD:-0}" = 1 ]; then
    guacd_ensure || die "VDI_GUACD=1 asks for guacd, but there is none: $GUACD_UNAVAILABLE_REASON" \
      "install guacd (a package, or set VDI_GUACD_BIN), or set VDI_GUACD_SOURCE to guacamole-server's source archive"
    guacd_running || _note_started guacd
    guacd_start
  fi

  if ! pid_alive payara; then
    stack_build
    _note_started payara
    payara_start
  else
    log "Payara Micro already runs; reusing it"
  fi
  stack_wait_healthy 120
  local node
  for node in $(payara_nodes); do
    [ "$node" = 1 ] && continue
    pid_alive "$(payara_node_id "$node")" || _note_started "payara $node"
    payara_start "$node"
  done
  stack_seed_demo
  trap - EXIT

  cat <<MSG

  The VDI portal is up:   http://localhost:$VDI_PORTAL_PORT
  REST API:               http://localhost:$VDI_PORTAL_PORT/api/v1
  Health:                 http://localhost:$VDI_PORTAL_PORT/health
  Keycloak (realm vdi):   http://localhost:$VDI_KEYCLOAK_PORT/realms/vdi
$(for n in $(payara_nodes); do [ "$n" = 1 ] || printf '  Broker node %s:          http://localhost:%s (same database; see README, Two nodes)\n' "$n" "$(payara_node_port "$n")"; done)

  Sign in as alice / alice or bob / bob (desktop users), admin / admin (administrator).
  Logs: $VDI_LOGS     Stop: ./vdi down     Status: ./vdi status

MSG
}

# stack_wait_healthy SECONDS: until /health reports UP; prints the failing checks otherwise.
stack_wait_healthy() {
  local secs=$1 i body=""
  for ((i = 0; i < secs; i++)); do
    body=$(curl -s --max-time 5 "http://localhost:$VDI_PORTAL_PORT/health" || true)
    case "$body" in *'"status":"UP","checks"'*|'{"status":"UP"'*) log "health: UP"; return 0 ;; esac
    sleep 1
  done
  warn "the portal answers, but /health is not UP after ${secs}s:"
  echo "$body" >&2
  die "a component is not healthy (see the checks above)"
}

# admin_token: an access token for admin through the public vdi-cli client.
admin_token() {
  curl -sf --max-time 10 -d grant_type=password -d client_id=vdi-cli -d username=admin -d password=admin \
    "http://localhost:$VDI_KEYCLOAK_PORT/realms/vdi/protocol/openid-connect/token" | jq -r .access_token
}

# api METHOD PATH [JSON]: calls the REST API as admin; prints the body, fails on HTTP errors.
api() {
  local out code
  out=$(mktemp)
  code=$(curl -s -o "$out" -w '%{http_code}' --max-time 30 -X "$1" -H "Authorization: Bearer $_ADMIN_TOKEN" \
    -H 'Content-Type: application/json' ${3:+--data "$3"} "http://localhost:$VDI_PORTAL_PORT/api/v1$2")
  cat "$out"; rm -f "$out"
  case "$code" in 2??) return 0 ;; *) echo >&2; warn "$1 $2 answered HTTP $code"; return 1 ;; esac
}

# stack_seed_demo: the golden image and a demo pool for the staff group, once.
stack_seed_demo() {
  _ADMIN_TOKEN=$(admin_token) || die "cannot get an admin token from Keycloak"
  local host image pool
  local i
  # The first requests after deployment may race the REST layer's start-up.
  for ((i = 0; i < 30; i++)); do
    host=$(api GET /hosts 2>/dev/null | jq -r '.[] | select(.name == "local") | .id' 2>/dev/null) && [ -n "$host" ] && break
    sleep 1
  done
  [ -n "$host" ] || die "the local host is not registered (see $VDI_LOGS/payara.log)"
  image=$(api GET /images | jq -r '.[] | select(.name == "demo-golden") | .id') ||
    die "cannot list the images (see $VDI_LOGS/payara.log)"
  if [ -z "$image" ]; then
    image=$(api POST /images "{\"name\":\"demo-golden\",\"description\":\"test golden image (busybox)\",\"hostId\":\"$host\",\"volume\":\"$VDI_GOLDEN_VOLUME\"}" \
      | jq -r .id) || die "cannot register the demo golden image"
    log "registered golden image demo-golden ($VDI_GOLDEN_VOLUME)"
  fi
  pool=$(api GET /pools | jq -r '.[] | select(.name == "demo") | .id') ||
    die "cannot list the pools (see $VDI_LOGS/payara.log)"
  if [ -z "$pool" ]; then
    api POST /pools "{\"name\":\"demo\",\"imageId\":\"$image\",\"cloneMode\":\"linked\",\"minSpare\":2,\"maxSize\":4,\"namingPattern\":\"demo-{n}\",\"assignment\":\"floating\",\"logoffPolicy\":\"refresh\",\"memoryMib\":128,\"entitledGroups\":[\"/staff\"],\"entitledRoles\":[\"vdi-admin\"]}" \
      >/dev/null || die "cannot create the demo pool"
    log "created pool demo (floating, refresh at logoff, 2 warm spares) for group staff"
  fi
}

# stack_down [--keep-desktops]: stops what "up" started. The broker stops
# first, so it starts no desktop while they shut down; then the profile's
# desktops shut down (unless --keep-desktops), before libvirtd stops: QEMU
# outlives libvirtd, and running desktops would keep the CPUs busy.
stack_down() {
  local keep=
  while [ $# -gt 0 ]; do
    case "$1" in
      --keep-desktops) keep=1 ;;
      *) die "unknown option for ./vdi down: $1" "./vdi down [--keep-desktops]" ;;
    esac
    shift
  done
  ensure_dirs
  payara_stop
  guacd_stop
  if [ -n "$keep" ]; then
    libvirt_keep_desktops
  else
    libvirt_shutdown_desktops
  fi
  keycloak_stop
  pg_stop
  libvirt_stop
  if [ -z "$keep" ] && ! stack_assert_no_desktops; then
    die "./vdi down left QEMU processes of the $VDI_PROFILE profile running (listed above)" \
      "see $VDI_LOGS/libvirtd.log; stop them with kill PID"
  fi
  log "stopped${keep:+ (desktops kept running)}; data is kept in $VDI_STATE"
}

# stack_assert_no_desktops: fails, listing them, when QEMU processes of this
# profile still run (libvirt_profile_qemu: guest name "$VDI_NAME_PREFIX-...",
# or a disk in $VDI_STORAGE_DIR), whether or not a libvirtd knows them. For the
# end of ./vdi down and of a test run.
stack_assert_no_desktops() {
  local left pid name
  left=$(libvirt_profile_qemu)
  [ -n "$left" ] || return 0
  error "QEMU still runs for $(_libvirt_desktops "$(wc -l <<<"$left")") of the $VDI_PROFILE profile:"
  while read -r pid name; do
    printf '       pid %s: desktop %s\n' "$pid" "$name" >&2
  done <<<"$left"
  return 1
}

stack_status() {
  ensure_dirs
  echo "profile $VDI_PROFILE (state in $VDI_STATE)"
  libvirt_status
  pg_status
  keycloak_status
  guacd_running && guacd_status
  payara_status
  if pid_alive payara; then
    printf '%-9s %s\n' health: "$(curl -s --max-time 5 "http://localhost:$VDI_PORTAL_PORT/health" | jq -c '[.status, (.checks[] | {(.name): .status})]' 2>/dev/null || echo unreachable)"
  fi
}
