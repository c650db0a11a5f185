#!/usr/bin/env bash
# ./vdi bench provision: desktops per second (clone + define + start) with linked
# clones and full copies, and clone time from 1 GB and 20 GB sparse golden
# images, through the broker's libvirt adapter on this machine's libvirtd.
# Uses its own storage pool and name prefix (vdib) and removes them at the end.
set -euo pipefail
VDI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Never inherit another profile's settings: the benchmark has its own.
unset VDI_STATE VDI_LOGS VDI_RUN VDI_STORAGE_POOL VDI_STORAGE_DIR VDI_GOLDEN_VOLUME VDI_NAME_PREFIX
export VDI_PROFILE=bench VDI_NAME_PREFIX=vdib
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

# Sparse golden images: qcow2 files of 1 GB and 20 GB virtual size with 64 MiB
# of written data each, so a full copy has real data to move.
for size in 1g 20g; do
  vol=$VDI_NAME_PREFIX-sparse-$size.qcow2
  if ! virsh -q -c "$VDI_LIBVIRT_URI" vol-info --pool "$VDI_STORAGE_POOL" "$vol" >/dev/null 2>&1; then
    qemu-img create -q -f qcow2 "$VDI_STORAGE_DIR/$vol" "$size"
    qemu-io -f qcow2 -c 'write -P 0x5a 0 64M' "$VDI_STORAGE_DIR/$vol" >/dev/null
  fi
done
virsh -q -c "$VDI_LIBVIRT_URI" pool-refresh "$VDI_STORAGE_POOL" >/dev/null

export VDI_LIBVIRT_URI VDI_STORAGE_POOL VDI_GOLDEN_VOLUME
export VDI_VIRT_TYPE=$(cat "$VDI_STATE/virt-type")
cd "$VDI_ROOT"
mvn -q -B install -DskipTests >"$VDI_LOGS/bench-build.log" 2>&1 || die "build failed (see $VDI_LOGS/bench-build.log)"
mvn -q -B -pl broker-ejb test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.vdi.broker.bench.ProvisioningBenchmark
