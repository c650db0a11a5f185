#!/usr/bin/env bash
# Shared helpers for the ./vdi launcher and its component scripts.
# Sourced, never run. Every component script uses these names:
#   VDI_ROOT     the repository checkout
#   VDI_CACHE    downloads and built artefacts kept between runs (ignored by git)
#   VDI_PROFILE  "up" (the one-node stack) or "test" (the test run's own components)
#   VDI_STATE    per-profile state: data, logs, pid files
#   VDI_LOGS     per-profile log folder
#   VDI_RUN      per-profile pid folder

VDI_ROOT=${VDI_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VDI_CACHE=${VDI_CACHE:-$VDI_ROOT/.cache}
VDI_PROFILE=${VDI_PROFILE:-up}
VDI_HOME=${VDI_HOME:-/var/lib/vdi}
VDI_STATE=${VDI_STATE:-$VDI_HOME/$VDI_PROFILE}
VDI_LOGS=$VDI_STATE/logs
VDI_RUN=$VDI_STATE/run

# Ports per profile. "up" keeps the public contract (8080 portal, 8180 Keycloak);
# "test" moves every component so a test run never clashes with a running stack.
if [ "$VDI_PROFILE" = test ]; then
  VDI_PORTAL_PORT=${VDI_PORTAL_PORT:-18080}
  VDI_KEYCLOAK_PORT=${VDI_KEYCLOAK_PORT:-18180}
  VDI_PG_PORT=${VDI_PG_PORT:-15433}
  VDI_NAME_PREFIX=${VDI_NAME_PREFIX:-vdit}
else
  VDI_PORTAL_PORT=${VDI_PORTAL_PORT:-8080}
  VDI_KEYCLOAK_PORT=${VDI_KEYCLOAK_PORT:-8180}
  VDI_PG_PORT=${VDI_PG_PORT:-15432}
  VDI_NAME_PREFIX=${VDI_NAME_PREFIX:-vdi}
fi
# libvirt storage pool that holds this profile's golden images and desktop disks.
VDI_STORAGE_POOL=${VDI_STORAGE_POOL:-$VDI_NAME_PREFIX-storage}
VDI_STORAGE_DIR=${VDI_STORAGE_DIR:-$VDI_STATE/storage}
VDI_LIBVIRT_URI=${VDI_LIBVIRT_URI:-qemu:///system}

export VDI_ROOT VDI_CACHE VDI_PROFILE VDI_HOME VDI_STATE VDI_LOGS VDI_RUN \
  VDI_PORTAL_PORT VDI_KEYCLOAK_PORT VDI_PG_PORT VDI_NAME_PREFIX \
  VDI_STORAGE_POOL VDI_STORAGE_DIR VDI_LIBVIRT_URI

if [ -t 1 ] && [ -z "${CI:-}" ]; then
  _c_red=$'\e[31m'; _c_yel=$'\e[33m'; _c_grn=$'\e[32m'; _c_off=$'\e[0m'
else
  _c_red=; _c_yel=; _c_grn=; _c_off=
fi

log()  { printf '%s[vdi]%s %s\n' "$_c_grn" "$_c_off" "$*" >&2; }
warn() { printf '%s[vdi] warning:%s %s\n' "$_c_yel" "$_c_off" "$*" >&2; }
# die MESSAGE [HINT]: the problem, then what to do about it.
die()  {
  printf '%s[vdi] error:%s %s\n' "$_c_red" "$_c_off" "$1" >&2
  [ -n "${2:-}" ] && printf '       what to do: %s\n' "$2" >&2
  exit 1
}

ensure_dirs() { mkdir -p "$VDI_CACHE" "$VDI_LOGS" "$VDI_RUN"; }

# pid_alive NAME: true when the pid file NAME.pid names a live process.
pid_alive() {
  local f=$VDI_RUN/$1.pid
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# stop_pid NAME [SECONDS]: TERM, wait, then KILL the process in NAME.pid.
stop_pid() {
  local name=$1 wait=${2:-20} f=$VDI_RUN/$1.pid pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 4; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      warn "$name (pid $pid) did not stop in ${wait}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

# port_in_use PORT: true when something listens on the TCP port on this machine.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_http URL SECONDS [PIDNAME]: poll until URL answers (any HTTP status below 500).
wait_http() {
  local url=$1 secs=$2 name=${3:-} i code
  for ((i = 0; i < secs * 2; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
    case "$code" in 2??|3??|4??) return 0 ;; esac
    if [ -n "$name" ] && ! pid_alive "$name"; then return 1; fi
    sleep 0.5
  done
  return 1
}

require_root() {
  [ "$(id -u)" = 0 ] || die "this step installs packages and starts system daemons, so it needs root" \
    "run it as root (sudo ./vdi $*)"
}

# apt_install PKG...: installs the Debian packages that are missing, once per run.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  require_root
  if [ -z "${_VDI_APT_UPDATED:-}" ]; then
    log "apt-get update"
    apt-get update -qq >"$VDI_LOGS/apt.log" 2>&1 || die "apt-get update failed (see $VDI_LOGS/apt.log)" \
      "check that this machine reaches the Debian package mirrors"
    _VDI_APT_UPDATED=1
  fi
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >>"$VDI_LOGS/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed (see $VDI_LOGS/apt.log)" \
    "check the package names and that the mirrors are reachable"
}
