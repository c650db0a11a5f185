#!/usr/bin/env bash
# ./vdi bench readiness: time from a desktop's start to its qemu-guest-agent's
# first answer (guest-ping), p50 and p95 over VDI_BENCH_DESKTOPS (20) linked
# clones of the test golden image booted one after the other, through the
# broker's libvirt adapter on this machine's libvirtd (TCG here).
# Uses its own storage pool and name prefix (vdir, not the provisioning benchmark's) and removes them at the end.
set -euo pipefail
VDI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Never inherit another profile's settings: the benchmark has its own.
unset VDI_STATE VDI_LOGS VDI_RUN VDI_STORAGE_POOL VDI_STORAGE_DIR VDI_GOLDEN_VOLUME VDI_NAME_PREFIX
export VDI_PROFILE=bench VDI_NAME_PREFIX=vdir
source "$VDI_ROOT/scripts/lib/common.sh"
source "$VDI_ROOT/scripts/libvirt.sh"
ensure_dirs
libvirt_install
libvirt_configure
libvirt_start
libvirt_virt_type >/dev/null
libvirt_storage_ensure
libvirt_golden_ensure
trap 'libvirt_cleanup_profile; libvirt_stop' EXIT

export VDI_LIBVIRT_URI VDI_STORAGE_POOL VDI_GOLDEN_VOLUME
export VDI_VIRT_TYPE=$(cat "$VDI_STATE/virt-type")
cd "$VDI_ROOT"
mvn -q -B install -DskipTests >"$VDI_LOGS/bench-build.log" 2>&1 || die "build failed (see $VDI_LOGS/bench-build.log)"
mvn -q -B -pl broker-ejb test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.vdi.broker.bench.ReadinessBenchmark
