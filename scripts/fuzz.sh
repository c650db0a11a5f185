#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read what others send: every
# *FuzzTest class (a Jazzer @FuzzTest) of console-proxy, broker-ejb and web-portal.
#   fuzz_targets SECONDS [RUNS] [LOG]
# fuzzes each target for SECONDS, or RUNS inputs when given, whichever ends first,
# and prints one line per target: inputs run, edges covered, corpus size.
#
# Each target runs in a JVM of its own (Jazzer fuzzes one test per JVM). What the
# fuzzer learns is kept in <module>/.cifuzz-corpus (ignored by git), so longer and
# later runs start where earlier ones stopped; an input that fails a target is
# written by Jazzer beside the target's kept inputs
# (src/test/resources/<package>/<Class>Inputs/fuzz/crash-*), where every
# `./vdi test` replays it as a regression test once it is committed.
# Needs the modules built (mvn install), as ./vdi test does before it.

FUZZ_MODULES=(console-proxy broker-ejb web-portal)

fuzz_targets() {
  local seconds=$1 runs=${2:-} log=${3:-$VDI_LOGS/fuzz.log} m rc=0
  local args=(-Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$seconds")
  [ -z "$runs" ] || args+=("-Djazzer.internal.arg.2=-runs=$runs")
  : >"$log"
  for m in "${FUZZ_MODULES[@]}"; do
    # surefire:test alone: the classes are built; reuseForks=false gives each class its own JVM,
    # whose heap is bounded (the largest input budget is 320 MiB) so an hour's run stays small
    (cd "$VDI_ROOT" && JAZZER_FUZZ=1 mvn -B -pl "$m" surefire:test -Dtest='*FuzzTest' \
      -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false -DforkCount=1 -DargLine=-Xmx1g \
      "${args[@]}") >>"$log" 2>&1 || rc=1
  done
  _fuzz_summary "$log"
  return $rc
}

# _fuzz_summary LOG: per target, the libFuzzer totals its run ended with.
_fuzz_summary() {
  awk '
    /Running org\.vdi\..*FuzzTest/ { target = $NF; sub(/^org\.vdi\./, "", target) }
    /^#[0-9]+[ \t]+DONE/ {
      for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "corp:") corp = $(i + 1) }
      runs = substr($1, 2)
    }
    /^Done [0-9]+ runs in/ { secs = $5 }
    /Tests run:.*in org\.vdi\..*FuzzTest/ {
      verdict = ($0 ~ /FAILURE/) ? "FAILED" : "ok"
      printf "  %-48s %10s inputs in %4s s, %5s edges, corpus %s  %s\n", target, runs, secs, cov, corp, verdict
      runs = cov = corp = secs = "-"
    }
  ' "$1" >&2
}
