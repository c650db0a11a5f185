#!/usr/bin/env bash
# ./vdi bench console: the console path against a real QEMU desktop.
#   - time to first frame after Connect (p50, p95 over VDI_BENCH_CONNECTS connects,
#     default 30) through the built-in guacd-compatible gateway, and for comparison
#     through a real guacd (scripts/guacd.sh: a binary, or a build of the source
#     archive) and through websockify with a noVNC-like RFB client;
#   - frames per second, bytes on the wire and proxy CPU time per frame for a
#     scripted screen workload in the guest (VDI_BENCH_SECONDS, default 20),
#     measured through all paths at the same time on the same desktop.
# When no guacd can be had, its column is left out and the reason printed.
# VDI_BENCH_JFR=1 records the benchmark's JVM with Java Flight Recorder and prints
# the gateway threads' hottest methods (bench/jfr-top.sh) after the figures.
# Boots one desktop (a linked clone of the test golden image, VNC on 127.0.0.1
# with a random password) in its own storage pool with its own name prefix
# (vdid), and removes both at the end. libvirtd is shared: it is started if it
# does not run, and never stopped here.
set -euo pipefail
VDI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Never inherit another profile's settings: the benchmark has its own.
unset VDI_STATE VDI_LOGS VDI_RUN VDI_STORAGE_POOL VDI_STORAGE_DIR VDI_GOLDEN_VOLUME VDI_NAME_PREFIX
export VDI_PROFILE=bench-console VDI_NAME_PREFIX=vdid
source "$VDI_ROOT/scripts/lib/common.sh"
source "$VDI_ROOT/scripts/libvirt.sh"
source "$VDI_ROOT/scripts/guacd.sh"
ensure_dirs
libvirt_install
# websockify is the comparison's proxy; novnc is installed for its rfb.js, whose
# encoding list the benchmark's RFB client follows.
apt_install websockify novnc openjdk-17-jdk-headless maven
libvirt_configure
libvirt_start
libvirt_virt_type >/dev/null
libvirt_storage_ensure
libvirt_golden_ensure

name=$VDI_NAME_PREFIX-console
disk=$name.qcow2
work=$VDI_STATE/console
serial=$work/$name.serial.log
safe_rm_state "$work"
mkdir -p "$work"
# NOTE: the cleanup removes only this profile's own tagged domains and pool
# (libvirt_cleanup_profile); libvirtd and virtlogd are shared and keep running.
trap 'guacd_stop; libvirt_cleanup_profile; safe_rm_state "$work"' EXIT

# guacd, the third column: this profile's own, on a free loopback port.
rc=0
guacd_ensure || rc=$?
if [ "$rc" -eq 0 ]; then
  port=${VDI_BENCH_GUACD_PORT:-14830}
  while port_in_use "$port"; do port=$((port + 1)); done
  guacd_start "$port"
  export VDI_BENCH_GUACD_PORT=$port VDI_BENCH_GUACD_PID=$(cat "$VDI_RUN/guacd.pid")
  export VDI_BENCH_GUACD_VERSION=$(guacd_version)
elif [ "$rc" -eq "$GUACD_UNAVAILABLE" ]; then
  export VDI_BENCH_GUACD_SKIPPED="$GUACD_UNAVAILABLE_REASON"
  unset VDI_BENCH_GUACD_PORT VDI_BENCH_GUACD_PID
else
  die "guacd could not be provided (see $VDI_LOGS/guacd-build.log)"
fi

# VNC authentication uses at most 8 characters of the password (libvirt refuses more).
password=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d " \n")
goldenpath=$(_virsh vol-path --pool "$VDI_STORAGE_POOL" "$VDI_GOLDEN_VOLUME")
capacity=$(_virsh vol-info --bytes --pool "$VDI_STORAGE_POOL" "$VDI_GOLDEN_VOLUME" | awk '/^Capacity:/ {print $2}')
cat >"$work/vol.xml" <<XML
<volume type='file'><name>$disk</name><capacity unit='bytes'>$capacity</capacity>
  <target><format type='qcow2'/></target>
  <backingStore><path>$goldenpath</path><format type='qcow2'/></backingStore></volume>
XML
_virsh vol-create "$VDI_STORAGE_POOL" "$work/vol.xml" >/dev/null
cat >"$work/dom.xml" <<XML
<domain type='$(cat "$VDI_STATE/virt-type")'>
  <name>$name</name>
  <metadata><vdi:desktop xmlns:vdi='$VDI_METADATA_NS' pool='bench-console' desktop='$name'/></metadata>
  <memory unit='MiB'>256</memory><vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><features><acpi/></features>
  <devices>
    <disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>
      <source pool='$VDI_STORAGE_POOL' volume='$disk'/><target dev='vda' bus='virtio'/></disk>
    <serial type='pty'><log file='$serial' append='off'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <graphics type='vnc' autoport='yes' passwd='$password'><listen type='address' address='127.0.0.1'/></graphics>
    <video><model type='vga'/></video><controller type='usb' model='none'/><memballoon model='none'/>
  </devices>
</domain>
XML
_virsh define "$work/dom.xml" >/dev/null
log "starting desktop $name"
_virsh start "$name" >/dev/null
for ((i = 0; i < 360; i++)); do
  grep -q VDI-GUEST-READY "$serial" 2>/dev/null && break
  sleep 0.5
done
grep -q VDI-GUEST-READY "$serial" 2>/dev/null || die "desktop $name did not print VDI-GUEST-READY within 180 s (see $serial)"
display=$(_virsh vncdisplay "$name")
log "desktop $name is ready, VNC display $display"

export VDI_BENCH_VNC_PORT=$((5900 + ${display##*:}))
export VDI_BENCH_VNC_PASSWORD=$password VDI_BENCH_SERIAL_LOG=$serial
cd "$VDI_ROOT"
jfr=
if [ -n "${VDI_BENCH_JFR:-}" ]; then
  # ConsoleBenchmark records the workload window itself into this file
  jfr=$VDI_LOGS/console.jfr
  rm -f "$jfr"
  export VDI_BENCH_JFR=$jfr
fi
# Built from this checkout's reactor (console-api included, never an installed SNAPSHOT), then
# run in a JVM of its own with the test classpath Maven resolved.
cp_file=$work/classpath
mvn -q -e -B -pl console-proxy -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
java -cp "console-proxy/target/test-classes:console-proxy/target/classes:console-api/target/classes:$(cat "$cp_file")" \
  org.vdi.console.bench.ConsoleBenchmark
if [ -n "$jfr" ]; then
  log "JFR recording: $jfr"
  bash "$VDI_ROOT/bench/jfr-top.sh" "$jfr" vdi-gateway- || warn "could not summarize $jfr"
fi
