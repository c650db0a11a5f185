#!/usr/bin/env bash
# bench/jfr-top.sh RECORDING [THREAD_PREFIX] [N]: the hottest methods of a Java Flight
# Recorder file's execution samples (jdk.ExecutionSample), for the threads whose name
# starts with THREAD_PREFIX (default: all), N rows each (default 15):
#   - self: the method on top of the stack (where the CPU was);
#   - total: every method anywhere on the stack, counted once per sample.
# Each with its share of the samples. Used by ./vdi bench console with VDI_BENCH_JFR=1;
# works on any recording made with -XX:StartFlightRecording or jcmd JFR.start.
set -euo pipefail
rec=${1:?usage: bench/jfr-top.sh RECORDING [THREAD_PREFIX] [N]}
prefix=${2:-}
n=${3:-15}
[ -f "$rec" ] || { echo "no such recording: $rec" >&2; exit 1; }
jfr=$(command -v jfr || echo "$(dirname "$(readlink -f "$(command -v java)")")/jfr")
[ -x "$jfr" ] || { echo "no jfr tool next to java (install a JDK)" >&2; exit 1; }

"$jfr" print --events jdk.ExecutionSample "$rec" | awk -v prefix="$prefix" -v n="$n" '
  function flush() {
    if (keep && depth > 0) {
      samples++
      self[top]++
      for (m in seen) total[m]++
    }
    keep = 0; depth = 0; delete seen
  }
  /^jdk.ExecutionSample/ { flush(); next }
  /sampledThread = / {
    t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t)
    keep = (prefix == "" || index(t, prefix) == 1)
    next
  }
  /stackTrace = \[/ { inStack = 1; next }
  inStack && /^[[:space:]]*\]/ { inStack = 0; next }
  inStack {
    m = $0; sub(/^[[:space:]]+/, "", m); sub(/[[:space:]]+line:.*/, "", m); sub(/\(.*/, "", m)
    if (m == "...") next
    if (depth == 0) top = m
    depth++
    seen[m] = 1
    next
  }
  END {
    flush()
    if (samples == 0) { print "no execution samples" (prefix == "" ? "" : " in threads " prefix "*"); exit }
    printf "%d execution samples%s\n\nself (top of stack):\n", samples, (prefix == "" ? "" : " in threads " prefix "*")
    cmd = "sort -t\"\t\" -k1,1nr | head -n " n
    for (m in self) printf "%d\t%5.1f%%  %s\n", self[m], 100 * self[m] / samples, m | cmd
    close(cmd)
    printf "\ntotal (anywhere on the stack):\n"
    for (m in total) printf "%d\t%5.1f%%  %s\n", total[m], 100 * total[m] / samples, m | cmd
    close(cmd)
  }' | sed 's/^[0-9]*\t/  /'
