#!/usr/bin/env bash
# ./vdi test: every test (unit, integration, browser) against the real
# components, started for this run on their own ports and data directories
# (profile "test"), and stopped again at the end, pass or fail.
#
# ./vdi test NAME[,NAME...] runs only those integration tests (class names or
# Failsafe patterns such as 'Console*IT') against the same fresh stack, without
# the unit tests: the quick loop while working on one part.
# Sourced by ./vdi after common.sh and stack.sh.

# Packages only the tests need: the browser and its driver for the browser
# tests, docker-compose to validate docker-compose.yml.
TEST_PACKAGES=(chromium chromium-driver docker-compose xvfb x11vnc xclip)

_test_cleanup() {
  local rc=$?
  set +e
  log "stopping the test components"
  payara_stop
  keycloak_stop
  pg_stop
  libvirt_cleanup_profile
  libvirt_stop
  return "$rc"
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
    rm -rf "$VDI_STATE"
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
  (cd "$VDI_ROOT" && mvn -B install "${unit_args[@]}") 2>&1 | tee "$VDI_LOGS/unit.log" | _test_summary
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "unit tests failed (see $VDI_LOGS/unit.log)"

  payara_start
  stack_wait_healthy 120

  export VDI_LIBVIRT_URI VDI_STORAGE_POOL VDI_NAME_PREFIX
  export VDI_GOLDEN_VOLUME=$VDI_NAME_PREFIX-golden.qcow2
  export VDI_VIRT_TYPE=$(cat "$VDI_STATE/virt-type")
  export VDI_PORTAL_URL=http://localhost:$VDI_PORTAL_PORT
  export VDI_KEYCLOAK_URL=http://localhost:$VDI_KEYCLOAK_PORT
  export VDI_DB_URL=$(pg_jdbc_url) VDI_DB_USER=vdi VDI_DB_PASSWORD=$(pg_password)
  export VDI_TEST_ARTIFACTS=$VDI_STATE/artifacts
  export VDI_SERIAL_DIR=$VDI_STATE/serial
  export VDI_KEYCLOAK_ADMIN_PASSWORD_FILE=$KEYCLOAK_ADMIN_PASSWORD_FILE
  export VDI_STATE VDI_LOGS
  mkdir -p "$VDI_TEST_ARTIFACTS"

  # VDI_IT_REPEAT=N runs the chosen integration tests N times against the same stack, stopping at the
  # first failing round: the check that a test does not fail now and then
  local round rounds=${VDI_IT_REPEAT:-1}
  [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "VDI_IT_REPEAT must be a whole number from 1, not '$rounds'"
  for ((round = 1; round <= rounds; round++)); do
    [ "$rounds" -eq 1 ] || log "integration test round $round of $rounds"
    log "integration and browser tests (log $VDI_LOGS/it.log)"
    (cd "$VDI_ROOT" && mvn -B -Pit verify "${it_args[@]}") 2>&1 | tee "$VDI_LOGS/it.log" | _test_summary
    [ "${PIPESTATUS[0]}" -eq 0 ] || die "integration tests failed in round $round of $rounds (see $VDI_LOGS/it.log)"
  done

  log "all tests passed in $((SECONDS - started)) s; artifacts in $VDI_TEST_ARTIFACTS"
}

# Shows Maven's test lines and failures, not its download chatter.
_test_summary() {
  grep --line-buffered -E 'Tests run:|FAIL|ERROR|BUILD|Running org' || true
}
