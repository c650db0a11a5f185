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
  VDI_INTERNAL_PORT=${VDI_INTERNAL_PORT:-18081}
  VDI_GUACD_PORT=${VDI_GUACD_PORT:-14822}
  VDI_NAME_PREFIX=${VDI_NAME_PREFIX:-vdit}
else
  VDI_PORTAL_PORT=${VDI_PORTAL_PORT:-8080}
  VDI_KEYCLOAK_PORT=${VDI_KEYCLOAK_PORT:-8180}
  VDI_PG_PORT=${VDI_PG_PORT:-15432}
  VDI_INTERNAL_PORT=${VDI_INTERNAL_PORT:-8081}
  VDI_GUACD_PORT=${VDI_GUACD_PORT:-4822}
  VDI_NAME_PREFIX=${VDI_NAME_PREFIX:-vdi}
fi
# libvirt storage pool that holds this profile's golden images and desktop disks.
VDI_STORAGE_POOL=${VDI_STORAGE_POOL:-$VDI_NAME_PREFIX-storage}
VDI_STORAGE_DIR=${VDI_STORAGE_DIR:-$VDI_STATE/storage}
VDI_LIBVIRT_URI=${VDI_LIBVIRT_URI:-qemu:///system}

export VDI_ROOT VDI_CACHE VDI_PROFILE VDI_HOME VDI_STATE VDI_LOGS VDI_RUN \
  VDI_PORTAL_PORT VDI_KEYCLOAK_PORT VDI_PG_PORT VDI_INTERNAL_PORT VDI_GUACD_PORT VDI_NAME_PREFIX \
  VDI_STORAGE_POOL VDI_STORAGE_DIR VDI_LIBVIRT_URI

if [ -t 1 ] && [ -z "${CI:-}" ]; then
  _c_red=$'\e[31m'; _c_yel=$'\e[33m'; _c_grn=$'\e[32m'; _c_off=$'\e[0m'
else
  _c_red=; _c_yel=; _c_grn=; _c_off=
fi

log()  { printf '%s[vdi]%s %s\n' "$_c_grn" "$_c_off" "$*" >&2; }
warn() { printf '%s[vdi] warning:%s %s\n' "$_c_yel" "$_c_off" "$*" >&2; }
# error MESSAGE [HINT]: the problem, then what to do about it; carries on.
error() {
  printf '%s[vdi] error:%s %s\n' "$_c_red" "$_c_off" "$1" >&2
  if [ -n "${2:-}" ]; then printf '       what to do: %s\n' "$2" >&2; fi
}
# die MESSAGE [HINT]: error, then exit 1.
die()  {
  error "$@"
  exit 1
}

# Marker files the scripts write into the folders they own. safe_rm removes
# nothing inside a folder that lacks its marker, so a mistyped or empty
# VDI_STATE or VDI_CACHE never costs other data. The state marker holds the
# profile's name: one profile never removes another's state.
VDI_STATE_MARKER=.vdi-state
VDI_CACHE_MARKER=.vdi-cache

# ensure_dirs: the profile's state, log and pid folders and the cache, each
# with its marker. Refuses a state folder that is marked for another profile.
ensure_dirs() {
  local marked
  if [ -f "$VDI_STATE/$VDI_STATE_MARKER" ]; then
    marked=$(head -n 1 "$VDI_STATE/$VDI_STATE_MARKER")
    [ "$marked" = "$VDI_PROFILE" ] || die "$VDI_STATE holds the state of the '$marked' profile, not of '$VDI_PROFILE'" \
      "unset VDI_STATE, or point it at a folder of its own"
  fi
  mkdir -p "$VDI_CACHE" "$VDI_LOGS" "$VDI_RUN"
  [ -f "$VDI_STATE/$VDI_STATE_MARKER" ] || printf '%s\n' "$VDI_PROFILE" >"$VDI_STATE/$VDI_STATE_MARKER"
  [ -f "$VDI_CACHE/$VDI_CACHE_MARKER" ] || printf 'vdi cache\n' >"$VDI_CACHE/$VDI_CACHE_MARKER"
}

# _safe_rm_check KIND BASE MARKER PATH [inside]: prints why PATH must not be
# removed (nothing when it may be). PATH must be BASE or, with "inside", a path
# below it; BASE must be an absolute folder other than / that carries MARKER.
# PATH's last part is not resolved: rm -rf of a symlink removes only the link.
_safe_rm_check() {
  local kind=$1 base=$2 marker=$3 path=$4 inside=${5:-} rbase rpath
  [ -n "$base" ] || { echo "$kind is empty"; return; }
  [ -n "$path" ] || { echo "the path to remove is empty"; return; }
  case "$base" in /*) ;; *) echo "$kind '$base' is not an absolute path"; return ;; esac
  case "${path##*/}" in '' | . | ..) echo "$path does not name a file or folder"; return ;; esac
  rbase=$(realpath -m -- "$base")
  rpath=$(realpath -m -- "$(dirname -- "$path")")
  rpath=${rpath%/}/${path##*/}
  [ "$rbase" != / ] || { echo "$kind is /"; return; }
  case "$rpath" in
    "$rbase"/?*) ;;
    "$rbase") [ -z "$inside" ] || { echo "$path is $kind itself"; return; } ;;
    *) echo "$path is not inside $kind $base"; return ;;
  esac
  [ -e "$path" ] || [ -L "$path" ] || return 0
  [ -f "$rbase/$marker" ] || echo "$base has no marker file $marker, so these scripts did not make it"
}

# safe_rm_state [PATH...]: rm -rf of the profile's state folder (no PATH) or of
# PATHs inside it. The state folder must lie strictly below VDI_HOME and carry
# the marker that names this profile; anything else is refused, with the reason.
safe_rm_state() {
  local why rhome p
  [ $# -gt 0 ] || set -- "$VDI_STATE"
  case "$VDI_HOME" in /*) why= ;; *) why="VDI_HOME '$VDI_HOME' is not an absolute path" ;; esac
  [ -n "$VDI_STATE" ] || why="VDI_STATE is empty"
  if [ -z "$why" ]; then
    rhome=$(realpath -m -- "$VDI_HOME")
    if [ "$rhome" = / ]; then
      why="VDI_HOME is /"
    else
      case "$(realpath -m -- "$VDI_STATE")" in
        "$rhome"/?*) ;;
        *) why="VDI_STATE $VDI_STATE is not a folder below VDI_HOME $VDI_HOME" ;;
      esac
    fi
  fi
  if [ -z "$why" ] && [ -f "$VDI_STATE/$VDI_STATE_MARKER" ] &&
    [ "$(head -n 1 "$VDI_STATE/$VDI_STATE_MARKER")" != "$VDI_PROFILE" ]; then
    why="$VDI_STATE is marked as the state of the '$(head -n 1 "$VDI_STATE/$VDI_STATE_MARKER")' profile, not of '$VDI_PROFILE'"
  fi
  for p in "$@"; do
    [ -n "$why" ] || why=$(_safe_rm_check VDI_STATE "$VDI_STATE" "$VDI_STATE_MARKER" "$p")
    [ -z "$why" ] || die "refusing to remove ${p:-an empty path}: $why" \
      "check VDI_HOME, VDI_STATE and VDI_PROFILE; remove the folder yourself if it really is a vdi state folder"
  done
  rm -rf -- "$@"
}

# safe_rm_cache PATH...: rm -rf of PATHs inside VDI_CACHE, which must carry its marker.
safe_rm_cache() {
  local why p
  for p in "$@"; do
    why=$(_safe_rm_check VDI_CACHE "$VDI_CACHE" "$VDI_CACHE_MARKER" "$p" inside)
    [ -z "$why" ] || die "refusing to remove ${p:-an empty path}: $why" \
      "check VDI_CACHE; remove the folder yourself if it really is the vdi cache"
  done
  rm -rf -- "$@"
}

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
