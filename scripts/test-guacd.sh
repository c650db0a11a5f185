#!/usr/bin/env bash
# Self-test of scripts/guacd.sh against a real guacd:
#   scripts/test-guacd.sh [PORT]
# finds or builds guacd (guacd_ensure), starts it on 127.0.0.1:PORT (default $VDI_GUACD_PORT of
# the profile), checks that it answers Guacamole's "select" for vnc and rdp with an "args"
# instruction that opens with the protocol version and names the connection parameters each
# protocol needs, checks that a second start reuses it, stops it, and checks the port is free.
#
# Exit status: 0 passed; 1 failed; 3 skipped (no guacd binary and no source archive; the
# reason is printed as "SKIP: ..."). It refuses to run while this profile's guacd runs already,
# so it never stops a guacd it did not start. Standalone, VDI_PROFILE defaults to "scratch".
set -euo pipefail

export VDI_PROFILE=${VDI_PROFILE:-scratch}
# shellcheck source=scripts/lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"
# shellcheck source=scripts/guacd.sh
source "$VDI_ROOT/scripts/guacd.sh"

port=${1:-$VDI_GUACD_PORT}
failures=0

fail() { printf '%s[vdi] FAIL:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; failures=$((failures + 1)); }
pass() { printf '%s[vdi] ok:%s %s\n' "$_c_grn" "$_c_off" "$*" >&2; }

# expect_args PROTOCOL PARAM...: guacd's reply to select PROTOCOL is args, version first, with PARAMs.
expect_args() {
  local proto=$1 reply p missing=()
  shift
  if ! reply=$(guacd_handshake "$proto" "$port"); then
    fail "select $proto: no args instruction from 127.0.0.1:$port"
    return
  fi
  case "$reply" in
    4.args,13.VERSION_[0-9]_[0-9]_[0-9],*) ;;
    *) fail "select $proto: the args instruction does not open with a protocol version: $reply"; return ;;
  esac
  for p in "$@"; do
    case "$reply" in *",${#p}.$p,"* | *",${#p}.$p;") ;; *) missing+=("$p") ;; esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    fail "select $proto: args lacks ${missing[*]}: $reply"
  else
    pass "select $proto -> ${reply:0:60}... ($(tr -cd ',' <<<"$reply" | wc -c) elements)"
  fi
}

ensure_dirs
if guacd_running; then
  die "guacd of profile $VDI_PROFILE runs already (pid $(cat "$VDI_RUN/guacd.pid"))" \
    "stop it first (guacd_stop), or run the self-test with another VDI_PROFILE"
fi
rc=0
guacd_ensure || rc=$?
if [ "$rc" -eq "$GUACD_UNAVAILABLE" ]; then
  echo "SKIP: $GUACD_UNAVAILABLE_REASON"
  exit "$GUACD_UNAVAILABLE"
fi
[ "$rc" -eq 0 ] || exit 1
version=$(guacd_version) || { fail "guacd -v printed no version"; exit 1; }
pass "guacd $version ($GUACD_BIN)"

trap guacd_stop EXIT
guacd_start "$port"
expect_args vnc hostname port password
expect_args rdp hostname port username password security
pid=$(_guacd_pid) || fail "no pid after guacd_start"
guacd_start "$port"
if [ "$(_guacd_pid)" = "$pid" ]; then pass "a second guacd_start reuses pid $pid"; else fail "a second guacd_start did not reuse pid $pid"; fi
case "$(guacd_status)" in
  *" up "*"127.0.0.1:$port"*"guacd $version"*) pass "guacd_status: $(guacd_status)" ;;
  *) fail "guacd_status: $(guacd_status)" ;;
esac
guacd_stop
trap - EXIT
if port_in_use "$port"; then fail "port $port still answers after guacd_stop"; else pass "port $port is free after guacd_stop"; fi
kill -0 "$pid" 2>/dev/null && fail "guacd pid $pid still lives after guacd_stop"
case "$(guacd_status)" in *" down "*) pass "guacd_status after stop: down" ;; *) fail "guacd_status after stop: $(guacd_status)" ;; esac

if [ "$failures" -gt 0 ]; then
  echo "guacd self-test: $failures failure(s) (log $GUACD_LOG)" >&2
  exit 1
fi
echo "guacd self-test passed (guacd $version on 127.0.0.1:$port)" >&2
