#!/usr/bin/env bash
# ./vdi test: every test (unit, integration, browser) against the real
# components, started for this run on their own ports and data directories
# (profile "test"), and stopped again at the end, pass or fail.
#
# ./vdi test NAME[,NAME...] runs only those integration tests (class names or
# Failsafe patterns such as 'Console*IT') against the same fresh stack, without
# the unit tests: the quick loop while working on one part. With
# VDI_TEST_UPSTREAM=guacd they run only through the real guacd (the guacd round),
# with VDI_TEST_UPSTREAM=both through the built-in gateway, then through guacd.
# Sourced by ./vdi after common.sh and stack.sh.

# Packages only the tests need: the browser and its driver for the browser
# tests, docker-compose to validate docker-compose.yml.
TEST_PACKAGES=(chromium chromium-driver docker-compose xvfb x11vnc xclip)

# The EXIT trap: stops everything, then fails the run (exit 1) when QEMU
# processes of the test prefix outlive the cleanup, even if every test passed.
_test_cleanup() {
  local rc=$? leak=
  set +e
  log "stopping the test components"
  payara_stop
  guacd_stop
  keycloak_stop
  pg_stop
  libvirt_cleanup_profile
  stack_assert_no_desktops || leak=1
  libvirt_stop
  if [ -n "$leak" ]; then
    error "the test run leaves QEMU processes of its prefix $VDI_NAME_PREFIX running (listed above)" \
      "the cleanup removes only domains with the broker's metadata, so a test that defines others must remove them itself; see $VDI_LOGS/libvirtd.log, then kill PID"
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}

run_tests() {
  local started=$SECONDS only=${1:-}
  case "$only" in
    ''|[A-Za-z*]*) ;;
    *) die "unknown argument: $only" "./vdi test runs everything; ./vdi test NAME[,NAME...] runs those integration tests" ;;
  esac
  stack_preflight
  # A test run starts from nothing: stop leftovers of an interrupted run, then
  # drop its state. The "up" profile's state is never touched.
  if [ -d "$VDI_STATE" ]; then
    payara_stop; keycloak_stop; pg_stop
    libvirt_cleanup_profile 2>/dev/null || true
    safe_rm_state
  fi
  ensure_dirs
  trap _test_cleanup EXIT

  stack_install
  apt_install "${TEST_PACKAGES[@]}"

  libvirt_configure
  libvirt_start
  libvirt_virt_type >/dev/null
  libvirt_storage_ensure
  libvirt_golden_ensure

  pg_start
  keycloak_start

  local unit_args=() it_args=()
  if [ -n "$only" ]; then
    unit_args=(-DskipTests)
    it_args=("-Dit.test=$only" -Dfailsafe.failIfNoSpecifiedTests=false)
    log "only the integration tests $only; unit tests skipped"
  fi
  log "unit tests and packaging (log $VDI_LOGS/unit.log)"
  _test_mvn "$VDI_LOGS/unit.log" install "${unit_args[@]}" ||
    die "unit tests failed (exit code $?; see $VDI_LOGS/unit.log)" "the failing tests are listed above"
  if [ -z "$only" ]; then
    # the unit tests replayed each fuzz target's kept inputs; now a short coverage-guided
    # run per target (./vdi bench fuzz runs them long)
    local fuzz_seconds=${VDI_FUZZ_SECONDS:-15}
    log "fuzzing each parser for $fuzz_seconds s (log $VDI_LOGS/fuzz.log)"
    fuzz_targets "$fuzz_seconds" "" "$VDI_LOGS/fuzz.log" ||
      die "a fuzz target failed (see $VDI_LOGS/fuzz.log)" \
        "Jazzer wrote the failing input beside the target's kept inputs (git status shows it); fix the parser, keep the input"
  fi

  payara_start
  stack_wait_healthy 120

  export VDI_LIBVIRT_URI VDI_STORAGE_POOL VDI_NAME_PREFIX
  export VDI_GOLDEN_VOLUME=$VDI_NAME_PREFIX-golden.qcow2
  VDI_VIRT_TYPE=$(cat "$VDI_STATE/virt-type") ||
    die "$VDI_STATE/virt-type is missing: libvirt_virt_type did not decide the virtualization type"
  export VDI_VIRT_TYPE
  export VDI_PORTAL_URL=http://localhost:$VDI_PORTAL_PORT
  export VDI_KEYCLOAK_URL=http://localhost:$VDI_KEYCLOAK_PORT
  export VDI_DB_URL=$(pg_jdbc_url) VDI_DB_USER=vdi VDI_DB_PASSWORD=$(pg_password)
  export VDI_TEST_ARTIFACTS=$VDI_STATE/artifacts
  export VDI_SERIAL_DIR=$VDI_STATE/serial
  export VDI_KEYCLOAK_ADMIN_PASSWORD_FILE=$KEYCLOAK_ADMIN_PASSWORD_FILE
  export VDI_INTERNAL_URL=http://127.0.0.1:$VDI_INTERNAL_PORT VDI_PROXY_KEY_FILE=$VDI_STATE/secrets/proxy-key
  export VDI_STATE VDI_LOGS
  mkdir -p "$VDI_TEST_ARTIFACTS"

  # VDI_IT_REPEAT=N runs the chosen integration tests N times against the same stack, stopping at the
  # first failing round: the check that a test does not fail now and then
  if [ "$only" = "$TWO_NODE_TESTS" ]; then
    _test_two_nodes
    log "all tests passed in $((SECONDS - started)) s; artifacts in $VDI_TEST_ARTIFACTS"
    return 0
  fi
  local round rounds=${VDI_IT_REPEAT:-1}
  [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "VDI_IT_REPEAT must be a whole number from 1, not '$rounds'"
  if [ -n "$only" ] && [ "${VDI_TEST_UPSTREAM:-}" = guacd ]; then
    _test_through_guacd "$only"
    log "the integration tests $only passed through guacd in $((SECONDS - started)) s"
    return 0
  fi
  for ((round = 1; round <= rounds; round++)); do
    [ "$rounds" -eq 1 ] || log "integration test round $round of $rounds"
    log "integration and browser tests (log $VDI_LOGS/it.log)"
    _test_mvn "$VDI_LOGS/it.log" -Pit verify "${it_args[@]}" ||
      die "integration tests failed in round $round of $rounds (exit code $?; see $VDI_LOGS/it.log)" \
        "the failing tests are listed above; $VDI_TEST_ARTIFACTS keeps what they left"
  done
  if [ -z "$only" ]; then
    _test_two_nodes
    _test_through_guacd
    _test_down
  elif [ "${VDI_TEST_UPSTREAM:-}" = both ]; then
    _test_through_guacd "$only"
  fi

  log "all tests passed in $((SECONDS - started)) s; artifacts in $VDI_TEST_ARTIFACTS"
}

# The integration tests that need a second broker node (Failsafe's main round
# excludes them, see the root pom): node 2 on the same database, started for them.
TWO_NODE_TESTS=TwoNodesIT

# _test_two_nodes: node 2 (payara.sh), then $TWO_NODE_TESTS, then node 2 stops.
# Its last test kills the node that holds a pool's lease; node 1 starts again
# when it was that one, for the stages after this.
_test_two_nodes() {
  local rc=0
  payara_start 2
  log "two-node tests (log $VDI_LOGS/it-nodes.log)"
  VDI_NODE1_NAME=$VDI_PROFILE-node VDI_NODE2_NAME=$VDI_PROFILE-node-2 \
  VDI_NODE2_URL=http://localhost:$(payara_node_port 2) \
    _test_mvn "$VDI_LOGS/it-nodes.log" -Pit verify "-Dit.test=$TWO_NODE_TESTS" \
    -Dfailsafe.failIfNoSpecifiedTests=false || rc=$?
  payara_stop 2
  if ! pid_alive payara; then
    log "node 1 was the one killed: starting it again"
    payara_start 1
  fi
  [ "$rc" -eq 0 ] || die "the two-node tests failed (exit code $rc; see $VDI_LOGS/it-nodes.log)" \
    "node 2's log is $(payara_node_log 2)"
}

# The integration tests that run again with console-proxy sending consoles to a
# real guacd instead of the built-in gateway: the same classes, the same
# assertions (a test that depends on the path reads VDI_CONSOLE_UPSTREAM).
# ConsoleTunnelIT: ticket replay, expiry, forgery, origin, terminate, limits;
# ConsoleBrowserIT: pixel-exact canvas against virsh screenshot, typing into
# the guest, back-channel logout; ClipboardX11vncIT: clipboard both ways
# against x11vnc (its Guacamole client talks to 127.0.0.1:$VDI_GUACD_PORT);
# GuacdFaultIT: guacd killed mid-console and not running (it starts guacd again
# as it ran and rewrites the pid file, so the cleanup still stops it).
GUACD_TESTS=ConsoleTunnelIT,ConsoleBrowserIT,ClipboardX11vncIT,GuacdFaultIT

# _test_through_guacd [TESTS]: guacd from guacd.sh (a binary, or a build of the
# source archive, cached), then Payara again with VDI_GUACD=1, then TESTS
# (default $GUACD_TESTS). Without any guacd the round is reported as skipped,
# with the reason.
_test_through_guacd() {
  local rc=0 tests=${1:-$GUACD_TESTS}
  guacd_ensure || rc=$?
  if [ "$rc" -eq "$GUACD_UNAVAILABLE" ]; then
    warn "SKIPPED: the console tests through guacd ($tests): $GUACD_UNAVAILABLE_REASON"
    return 0
  fi
  [ "$rc" -eq 0 ] || die "guacd could not be provided (see $VDI_LOGS/guacd-build.log)"
  bash "$VDI_ROOT/scripts/test-guacd.sh" >"$VDI_LOGS/guacd-selftest.log" 2>&1 ||
    die "guacd.sh's self-test failed (see $VDI_LOGS/guacd-selftest.log)"
  guacd_start
  payara_stop
  VDI_GUACD=1 payara_start
  _test_wait_consoles 120
  log "console tests through guacd $(guacd_version) (log $VDI_LOGS/it-guacd.log)"
  VDI_CONSOLE_UPSTREAM=guacd _test_mvn "$VDI_LOGS/it-guacd.log" -Pit verify "-Dit.test=$tests" \
    -Dfailsafe.failIfNoSpecifiedTests=false ||
    die "the console tests through guacd failed (exit code $?; see $VDI_LOGS/it-guacd.log)" \
      "guacd's own log is $GUACD_LOG"
}

# _test_wait_consoles SECONDS: until /health says the database, Keycloak and
# guacd are UP (libvirt may be DOWN for good: the integration tests leave hosts
# behind that they took down on purpose) and the REST API answers (401 for no
# token, not 404 while the application still deploys).
_test_wait_consoles() {
  local i body= api=
  for ((i = 0; i < $1; i++)); do
    body=$(curl -s --max-time 5 "http://localhost:$VDI_PORTAL_PORT/health" || true)
    api=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://localhost:$VDI_PORTAL_PORT/api/v1/me" || true)
    if [ "$api" = 401 ] && jq -e '[.checks[] | select(.name == "db" or .name == "keycloak" or .name == "guacd")
        | .status] | length == 3 and all(. == "UP")' >/dev/null 2>&1 <<<"$body"; then
      return 0
    fi
    sleep 1
  done
  die "the portal's database, Keycloak or guacd check is not UP after $1 s: $body"
}

# _test_down: ./vdi down's promise, on this run's stack (started by the same
# code as ./vdi up): with a pool's two desktops running, stack_down shuts
# them down and leaves no QEMU process of the profile (it fails the run
# otherwise). libvirtd starts again after it for the cleanup's undefines.
_test_down() {
  local i n=0 host image
  log "./vdi down with desktops running"
  # a pool of the test prefix (not the demo pool: an "up" stack's demo-N domains
  # may be defined on this libvirtd, and their names are taken)
  _ADMIN_TOKEN=$(admin_token) || die "cannot get an admin token from Keycloak"
  host=$(api GET /hosts | jq -r '.[] | select(.name == "local") | .id')
  [ -n "$host" ] || die "the local host is not registered (see $VDI_LOGS/payara.log)"
  image=$(api POST /images "{\"name\":\"$VDI_NAME_PREFIX-down\",\"description\":\"./vdi down's test\",\"hostId\":\"$host\",\"volume\":\"$VDI_GOLDEN_VOLUME\"}" \
    | jq -r .id) || die "cannot register the golden image for ./vdi down's test"
  api POST /pools "{\"name\":\"$VDI_NAME_PREFIX-down\",\"imageId\":\"$image\",\"cloneMode\":\"linked\",\"minSpare\":2,\"maxSize\":2,\"namingPattern\":\"$VDI_NAME_PREFIX-down-{n}\",\"assignment\":\"floating\",\"logoffPolicy\":\"refresh\",\"memoryMib\":128,\"entitledGroups\":[\"/staff\"]}" \
    >/dev/null || die "cannot create the pool for ./vdi down's test"
  for ((i = 0; i < 180; i++)); do
    n=$(libvirt_profile_qemu | wc -l)
    [ "$n" -ge 2 ] && break
    sleep 1
  done
  [ "$n" -ge 2 ] || die "the pool's two desktops did not start within 180 s (see $VDI_LOGS/payara.log)"
  stack_down
  libvirt_start
  log "./vdi down stopped the stack and its $n desktops"
}

# _test_mvn LOG ARGS...: mvn -B ARGS in the checkout, all output into LOG and
# its summary on the terminal; returns Maven's exit code. (Called in an if or
# || list, so a failing Maven cannot end the run under set -e before the
# caller's message; pipefail hands on Maven's code, as tee and the summary
# succeed.)
_test_mvn() {
  local log=$1
  shift
  (cd "$VDI_ROOT" && mvn -B "$@") 2>&1 | tee "$log" | _test_summary
}

# Shows Maven's test lines and failures, not its download chatter.
_test_summary() {
  grep --line-buffered -E 'Tests run:|FAIL|ERROR|BUILD|Running org' || true
}
