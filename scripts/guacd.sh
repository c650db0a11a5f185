#!/usr/bin/env bash
# guacd (Apache Guacamole's proxy daemon) for one profile, for the console path
# console-proxy -> guacd that docker-compose runs. Sourced after scripts/lib/common.sh, never run.
# Functions:
#   guacd_ensure       find or build a guacd; sets GUACD_BIN (and GUACD_LIBDIR for a build).
#                      Returns $GUACD_UNAVAILABLE (3) with the reason on stderr and in
#                      GUACD_UNAVAILABLE_REASON when there is neither a binary nor a source archive.
#   guacd_start [PORT] start this profile's guacd on $GUACD_BIND:PORT (default $VDI_GUACD_PORT),
#                      or reuse the one that runs, and wait until it answers a Guacamole "select"
#   guacd_stop         stop it (no-op when it is not running)
#   guacd_running      true when this profile's guacd process lives
#   guacd_status       one line: up|starting|down, address, version, log (always returns 0)
#   guacd_version      print the version of the guacd guacd_ensure would use (e.g. 1.6.0)
#   guacd_handshake PROTOCOL [PORT] [HOST]
#                      print guacd's answer to "select PROTOCOL": its "args" instruction
#
# Where guacd comes from, first match wins:
#   1. VDI_GUACD_BIN, a guacd binary named explicitly (a distribution's package, an own build);
#   2. a guacd on PATH;
#   3. a build from the source archive VDI_GUACD_SOURCE (default
#      $VDI_ROOT/../shared/third-party/guacamole-server-1.6.0.tar.gz when present), made once into
#      $VDI_CACHE/guacd/<first 16 hex digits of the archive's sha256>/, so another archive builds
#      anew and the same one never does. The build runs in a temporary folder and is moved into
#      place when it is complete, so an interrupted build never counts as built.
#
# The build stays inside its cache folder, FreeRDP plugins included ($dir/lib/freerdp2). FreeRDP
# loads plugins only from its own folder (/usr/lib/<arch>/freerdp2), so with a cached build RDP
# draws, types, points and shares the clipboard, but audio, audio input, drive and printer
# redirection and static channels are unavailable (guacd logs "Failed to load channel
# guac-common-svc" at debug level). A distribution's guacd package or the guacamole/guacd image
# has them all.
#
# guacd runs in the foreground (-f) under this script's control: its pid in $VDI_RUN/guacd.pid,
# its port in $VDI_RUN/guacd.port, its log (-L info, guacd writes it to stderr) in $VDI_LOGS/guacd.log.

# VDI_GUACD_PORT (4822, 14822 for the test profile) is set with the other ports in common.sh.
GUACD_BIND=${VDI_GUACD_BIND:-127.0.0.1}
GUACD_CACHE=$VDI_CACHE/guacd
GUACD_DEFAULT_SOURCE=$VDI_ROOT/../shared/third-party/guacamole-server-1.6.0.tar.gz
GUACD_LOG=$VDI_LOGS/guacd.log
GUACD_BUILD_LOG=$VDI_LOGS/guacd-build.log
GUACD_START_TIMEOUT=${VDI_GUACD_START_TIMEOUT:-30}
# The status guacd_ensure returns when no guacd can be had: callers report a skip, not a failure.
GUACD_UNAVAILABLE=3

# Debian 12 packages the build needs: guacd with VNC, RDP and SSH support.
GUACD_BUILD_PACKAGES=(build-essential autoconf automake libtool pkg-config libcairo2-dev
  libjpeg62-turbo-dev libpng-dev libossp-uuid-dev libvncserver-dev freerdp2-dev libwebp-dev
  libssl-dev libpango1.0-dev libssh2-1-dev)
# Only when these are installed already are guacenc and guaclog (recordings to video) built.
GUACD_AV_PACKAGES=(libavcodec-dev libavformat-dev libswscale-dev)

GUACD_UNAVAILABLE_REASON=
export GUACD_BIND GUACD_LOG GUACD_UNAVAILABLE GUACD_UNAVAILABLE_REASON

# --- finding or building guacd ---------------------------------------------------------------

# _guacd_unavailable REASON: record and print why there is no guacd; returns $GUACD_UNAVAILABLE.
_guacd_unavailable() {
  GUACD_UNAVAILABLE_REASON=$1
  warn "no guacd: $1"
  return "$GUACD_UNAVAILABLE"
}

_guacd_source() { echo "${VDI_GUACD_SOURCE:-$GUACD_DEFAULT_SOURCE}"; }

# _guacd_build_dir ARCHIVE: the cache folder of ARCHIVE's build, named by its sha256.
_guacd_build_dir() {
  local sum
  sum=$(sha256sum "$1" | cut -c1-16) || return 1
  echo "$GUACD_CACHE/$sum"
}

# _guacd_built DIR: true when DIR holds a finished build.
_guacd_built() { [ -f "$1/.vdi-built" ] && [ -x "$1/sbin/guacd" ]; }

# _guacd_use BIN [LIBDIR]
_guacd_use() {
  GUACD_BIN=$1
  GUACD_LIBDIR=${2:-}
  GUACD_UNAVAILABLE_REASON=
  export GUACD_BIN GUACD_LIBDIR
}

# _guacd_find: a guacd that needs no build (explicit, on PATH, already built), else false.
# Prints nothing; sets GUACD_BIN.
_guacd_find() {
  local src dir
  if [ -n "${VDI_GUACD_BIN:-}" ]; then
    [ -x "$VDI_GUACD_BIN" ] || return 1
    _guacd_use "$VDI_GUACD_BIN"
    return 0
  fi
  if command -v guacd >/dev/null 2>&1; then
    _guacd_use "$(command -v guacd)"
    return 0
  fi
  src=$(_guacd_source)
  [ -f "$src" ] || return 1
  dir=$(_guacd_build_dir "$src") || return 1
  _guacd_built "$dir" || return 1
  _guacd_use "$dir/sbin/guacd" "$dir/lib"
}

guacd_ensure() {
  local src dir
  if [ -n "${VDI_GUACD_BIN:-}" ] && [ ! -x "$VDI_GUACD_BIN" ]; then
    _guacd_unavailable "VDI_GUACD_BIN=$VDI_GUACD_BIN is not an executable file"
    return
  fi
  _guacd_find && return 0
  src=$(_guacd_source)
  if [ ! -f "$src" ]; then
    if [ -n "${VDI_GUACD_SOURCE:-}" ]; then
      _guacd_unavailable "no guacd on PATH and the source archive VDI_GUACD_SOURCE=$src does not exist"
    else
      _guacd_unavailable "no guacd on PATH, VDI_GUACD_BIN unset, and no source archive (VDI_GUACD_SOURCE unset, ../shared/third-party/guacamole-server-1.6.0.tar.gz beside the checkout absent)"
    fi
    return
  fi
  ensure_dirs
  mkdir -p "$GUACD_CACHE"
  dir=$(_guacd_build_dir "$src") || die "cannot read $src" "check the archive's permissions"
  # One build at a time: every profile shares the cache. The subshell holds the lock; a die
  # inside it ends the subshell, so pass its failure on.
  (
    flock 9
    _guacd_build_locked "$src" "$dir"
  ) 9>"$GUACD_CACHE/.lock" || exit 1
  _guacd_use "$dir/sbin/guacd" "$dir/lib"
}

# _guacd_build_locked ARCHIVE DIR: configure, make and install ARCHIVE into DIR, unless built.
_guacd_build_locked() {
  local src=$1 dir=$2 tmp started=$SECONDS flags=() p av=1
  _guacd_built "$dir" && return 0
  apt_install "${GUACD_BUILD_PACKAGES[@]}"
  for p in "${GUACD_AV_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || av=
  done
  [ -n "$av" ] || flags=(--disable-guacenc --disable-guaclog)

  # NOTE: under the lock, a .build.* folder left over is an interrupted build's: remove it.
  rm -rf "$GUACD_CACHE"/.build.*
  tmp=$GUACD_CACHE/.build.$$
  mkdir -p "$tmp/src" "$tmp/stage"
  : >"$GUACD_BUILD_LOG"
  log "building guacd from $(basename "$src") into $dir (a few minutes, once; log $GUACD_BUILD_LOG)"
  # The prefix is the final folder (libtool writes it into the binaries' run path); make install
  # puts everything under the staging root, and only a complete tree is moved to the prefix.
  if ! (
    set -e
    tar -xzf "$src" -C "$tmp/src" --strip-components=1
    cd "$tmp/src"
    autoreconf -fi
    ./configure --prefix="$dir" --with-freerdp-plugin-dir="$dir/lib/freerdp2" "${flags[@]}"
    make -j"$(nproc)"
    make install DESTDIR="$tmp/stage"
  ) </dev/null >>"$GUACD_BUILD_LOG" 2>&1; then
    rm -rf "$tmp"
    tail -n 20 "$GUACD_BUILD_LOG" >&2
    die "building guacd failed (see $GUACD_BUILD_LOG)" \
      "read the log; a missing library shows in configure's summary near its end"
  fi
  # A guacd without VNC or RDP is no use to the broker: configure silently leaves out a protocol
  # whose library is missing.
  for p in vnc rdp; do
    if [ ! -e "$tmp/stage$dir/lib/libguac-client-$p.so" ]; then
      rm -rf "$tmp"
      die "the guacd build lacks $p support (see configure's summary in $GUACD_BUILD_LOG)" \
        "install the Debian packages listed in GUACD_BUILD_PACKAGES and run again"
    fi
  done
  rm -rf "$dir"
  mv "$tmp/stage$dir" "$dir"
  rm -rf "$tmp"
  basename "$src" >"$dir/.vdi-built"
  log "guacd $(LD_LIBRARY_PATH=$dir/lib _guacd_version_of "$dir/sbin/guacd") built in $((SECONDS - started)) s"
}

# _guacd_version_of BIN: the version guacd -v reports, e.g. 1.6.0.
_guacd_version_of() {
  "$1" -v 2>&1 | sed -n 's/.*guacd.* version \([^ ]*\).*/\1/p' | head -n 1
}

# _guacd_run ARGS...: run the chosen guacd with its libraries.
_guacd_run() {
  if [ -n "${GUACD_LIBDIR:-}" ]; then
    LD_LIBRARY_PATH=$GUACD_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$GUACD_BIN" "$@"
  else
    "$GUACD_BIN" "$@"
  fi
}

guacd_version() {
  if ! _guacd_find; then
    if [ -n "${VDI_GUACD_BIN:-}" ]; then
      _guacd_unavailable "VDI_GUACD_BIN=$VDI_GUACD_BIN is not an executable file"
    else
      _guacd_unavailable "no guacd on PATH and none built yet (guacd_ensure builds one from the source archive)"
    fi
    return
  fi
  local v
  v=$(if [ -n "${GUACD_LIBDIR:-}" ]; then LD_LIBRARY_PATH=$GUACD_LIBDIR _guacd_version_of "$GUACD_BIN"; else _guacd_version_of "$GUACD_BIN"; fi)
  [ -n "$v" ] || { warn "$GUACD_BIN -v printed no version"; return 1; }
  echo "$v"
}

# --- the protocol handshake ------------------------------------------------------------------

# guacd_handshake PROTOCOL [PORT] [HOST]: send "select PROTOCOL" and print guacd's reply up to the
# end of its first instruction, e.g. 4.args,13.VERSION_1_5_0,8.hostname,... Fails when nothing
# (or something other than an args instruction) comes back within 5 s. The connection is closed
# right after; guacd logs that the client went away before "connect", which is expected.
guacd_handshake() {
  local proto=$1 port=${2:-$VDI_GUACD_PORT} host=${3:-$GUACD_BIND} reply
  reply=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    printf '6.select,%d.%s;' "${#proto}" "$proto" >&3
    IFS= read -r -d ';' -t 5 line <&3 || exit 1
    printf '%s;' "$line"
  ) || return 1
  case "$reply" in
    4.args,*) printf '%s\n' "$reply" ;;
    *) printf '%s\n' "$reply" >&2; return 1 ;;
  esac
}

# --- start / stop / status -------------------------------------------------------------------

# pid of this profile's guacd when the pid file names a live guacd.
_guacd_pid() {
  local f=$VDI_RUN/guacd.pid pid cmd
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  case "$cmd" in *guacd*) echo "$pid" ;; *) return 1 ;; esac
}

_guacd_port_file() { cat "$VDI_RUN/guacd.port" 2>/dev/null || echo "$VDI_GUACD_PORT"; }

# _guacd_wait PID PORT: until guacd on PORT answers select vnc, while PID lives.
_guacd_wait() {
  local pid=$1 port=$2 i
  for ((i = 0; i < GUACD_START_TIMEOUT * 4; i++)); do
    guacd_handshake vnc "$port" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}

guacd_start() {
  local port=${1:-$VDI_GUACD_PORT} pid running started=$SECONDS rc=0
  ensure_dirs
  if pid=$(_guacd_pid); then
    running=$(_guacd_port_file)
    [ "$running" = "$port" ] || die "guacd of profile $VDI_PROFILE already runs on port $running, not $port" \
      "stop it first (guacd_stop), or use port $running"
    _guacd_wait "$pid" "$port" || die "guacd (pid $pid) runs but does not answer on $GUACD_BIND:$port (see $GUACD_LOG)" \
      "stop it (guacd_stop) and start again"
    log "guacd already running on $GUACD_BIND:$port (pid $pid)"
    return 0
  fi
  rm -f "$VDI_RUN/guacd.pid" "$VDI_RUN/guacd.port"
  guacd_ensure || rc=$?
  [ "$rc" -eq 0 ] || return "$rc"
  if port_in_use "$port"; then
    local who
    who=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1 || true)
    die "port $port (guacd, profile $VDI_PROFILE) is taken by another program${who:+ ($who)}" \
      "stop that program, or choose another port with VDI_GUACD_PORT=<port>"
  fi

  [ -f "$GUACD_LOG" ] && mv -f "$GUACD_LOG" "$GUACD_LOG.1"
  log "starting guacd $(guacd_version 2>/dev/null) on $GUACD_BIND:$port (profile $VDI_PROFILE, log $GUACD_LOG)"
  echo "$port" >"$VDI_RUN/guacd.port"
  # setsid puts guacd (and the process it forks per connection) in a session of its own, so a
  # Ctrl-C in the launcher does not reach it and guacd_stop can end the whole group.
  (
    [ -n "${GUACD_LIBDIR:-}" ] && export LD_LIBRARY_PATH=$GUACD_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    # shellcheck disable=SC2016
    exec setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$VDI_RUN/guacd.pid" \
      "$GUACD_BIN" -b "$GUACD_BIND" -l "$port" -f -L info
  ) >>"$GUACD_LOG" 2>&1 </dev/null &

  local i
  for ((i = 0; i < 40; i++)); do [ -s "$VDI_RUN/guacd.pid" ] && break; sleep 0.05; done
  pid=$(cat "$VDI_RUN/guacd.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! _guacd_wait "$pid" "$port"; then
    local why="did not answer a select on $GUACD_BIND:$port within ${GUACD_START_TIMEOUT}s"
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && why="exited before it answered on $GUACD_BIND:$port"
    tail -n 15 "$GUACD_LOG" >&2 2>/dev/null || true
    guacd_stop
    die "guacd $why (see $GUACD_LOG)" "read the log; run $GUACD_BIN -v to check that the binary works"
  fi
  log "guacd is up on $GUACD_BIND:$port (pid $pid, $((SECONDS - started)) s)"
}

guacd_stop() {
  local pid port i
  if ! pid=$(_guacd_pid); then
    rm -f "$VDI_RUN/guacd.pid" "$VDI_RUN/guacd.port"
    return 0
  fi
  port=$(_guacd_port_file)
  log "stopping guacd (pid $pid)"
  # The whole session: guacd and its per-connection children.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then
    warn "guacd (pid $pid) did not stop in 10 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$VDI_RUN/guacd.pid" "$VDI_RUN/guacd.port"
  for ((i = 0; i < 20; i++)); do port_in_use "$port" || return 0; sleep 0.25; done
  warn "port $port is still taken after guacd stopped"
}

# guacd_running: true when this profile's guacd process lives (answering or not).
guacd_running() { _guacd_pid >/dev/null; }

guacd_status() {
  local pid state=down port version
  port=$(_guacd_port_file)
  if pid=$(_guacd_pid); then
    if guacd_handshake vnc "$port" >/dev/null 2>&1; then state=up; else state=starting; fi
  fi
  version=$(guacd_version 2>/dev/null) || version="not installed"
  printf '%-9s %-8s %s:%s (guacd %s%s)  log: %s\n' guacd: "$state" "$GUACD_BIND" "$port" "$version" \
    "${pid:+, pid $pid}" "$GUACD_LOG"
  return 0
}
