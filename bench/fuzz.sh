#!/usr/bin/env bash
# ./vdi bench fuzz: the long fuzzing run of every parser target (scripts/fuzz.sh):
# each for VDI_FUZZ_SECONDS (3600) or VDI_FUZZ_RUNS inputs (1000000), whichever
# ends first, continuing from the corpus earlier runs left in <module>/.cifuzz-corpus.
# Prints one line per target (inputs, edges, corpus) and fails when a target failed;
# the failing input is then beside the target's kept inputs, ready to commit as a
# regression test once the parser is fixed. Needs nothing but the JDK and Maven.
set -euo pipefail
VDI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unset VDI_STATE VDI_LOGS VDI_RUN
export VDI_PROFILE=bench-fuzz
source "$VDI_ROOT/scripts/lib/common.sh"
source "$VDI_ROOT/scripts/fuzz.sh"
ensure_dirs
apt_install openjdk-17-jdk-headless maven

seconds=${VDI_FUZZ_SECONDS:-3600}
runs=${VDI_FUZZ_RUNS:-1000000}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "VDI_FUZZ_SECONDS must be a whole number of seconds, not '$seconds'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "VDI_FUZZ_RUNS must be a whole number, not '$runs'"
log "building (log $VDI_LOGS/fuzz-build.log)"
(cd "$VDI_ROOT" && mvn -B -q install -DskipTests) >"$VDI_LOGS/fuzz-build.log" 2>&1 ||
  die "the build failed (see $VDI_LOGS/fuzz-build.log)"
log "fuzzing each target for up to $seconds s or $runs inputs (log $VDI_LOGS/fuzz.log)"
started=$SECONDS
if fuzz_targets "$seconds" "$runs" "$VDI_LOGS/fuzz.log"; then
  log "every fuzz target passed in $((SECONDS - started)) s"
else
  die "a fuzz target failed (see $VDI_LOGS/fuzz.log)" "the failing input is beside the target's kept inputs (git status)"
fi
