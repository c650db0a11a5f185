#!/usr/bin/env bash
# Builds the tiny test golden image and prints its path on stdout:
#   $VDI_CACHE/golden/golden-<hash>.qcow2
# <hash> covers this script and the versions of the Debian packages whose files
# end up in the image, so an unchanged recipe reuses the cached image and any
# change to it builds a new one.
#
# Why it looks like this (measured under QEMU TCG, where test desktops run when
# the host has no usable KVM):
#   - The guest boots from its own disk under SeaBIOS, never by direct kernel
#     boot, so a qcow2 linked clone of the image boots exactly like a desktop.
#   - The disk is an unpartitioned FAT file system with SYSLINUX in its boot
#     sector, built with mkfs.vfat, mtools and the mtools SYSLINUX installer:
#     no loop devices, no mounting, no root needed for the image itself.
#   - The kernel is Debian's *cloud* kernel: LZ4-compressed (fast to unpack
#     under TCG; the generic XZ kernel takes ~6 s), with VGA text console,
#     keyboard and the 8250 serial port built in. It is only unpacked into the
#     cache (apt-get download + dpkg-deb -x), never installed on this host.
#   - The cloud kernel builds virtio and FAT as modules, so the initramfs ships
#     them with a modules.dep and loads them; without them there is no /dev/vda.
#   - The initramfs is busybox-static: busybox init runs a shell on tty1 (the
#     VGA console a VNC viewer sees) and one on ttyS0 (the serial console).
#   - The guest runs the real qemu-guest-agent: Debian's qemu-guest-agent
#     package, only unpacked (never installed on this host), its qemu-ga binary
#     copied with the shared libraries ldd finds for it and the dynamic loader.
#     There is no udev, so /bin/vdi-agent finds the virtio port named
#     org.qemu.guest_agent.0 in /sys/class/virtio-ports, makes its device node
#     from the port's major:minor and runs qemu-ga on it; busybox init restarts
#     it when it exits.
#
# The guest's contract with tests (see also the comments in /etc/rc below):
#   - ttyS0 shows "VDI-DISK-MARKER: <first line of /mnt/disk/marker>" when that
#     file exists on the guest's own disk, then "VDI-GUEST-READY" once the tty1
#     shell reads input. Keys sent before the ready line may be lost.
#   - ttyS0 shows "VDI-AGENT-STARTED" each time qemu-ga is started on the
#     domain's org.qemu.guest_agent.0 channel; from then on the agent answers
#     guest-ping (and the channel's state in the domain XML is "connected").
#     A domain without that channel shows "VDI-AGENT-ERROR: ..." once instead.
#     The two markers are independent: either may come first.
#   - The disk is mounted read-write at /mnt/disk. A test that writes there must
#     run `sync` before it resets or destroys the domain; an ACPI power button
#     (virsh shutdown / virsh reboot) unmounts cleanly on its own.
#   - The disk must be on the virtio bus (vda); the guest has no IDE/SATA drivers.
#   - A guest user session: typing "exec login vdiuser" in the tty1 shell logs
#     the user vdiuser in (no password: a test image) through busybox login,
#     which records it in utmp, so the agent's guest-get-users reports vdiuser;
#     "exit" ends that session, busybox init marks it dead in utmp and starts
#     a root shell on tty1 again (no ready marker the second time).
#   - The guest has no network card; its loopback is up, so the agent's
#     guest-network-get-interfaces reports lo with 127.0.0.1 and nothing else.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ensure_dirs

# Files the build tools read; qemu-utils converts the raw image to qcow2.
apt_install syslinux syslinux-common mtools dosfstools busybox-static cpio qemu-utils

[ "$(dpkg --print-architecture)" = amd64 ] ||
  die "the golden image recipe uses the amd64 cloud kernel, but this host is $(dpkg --print-architecture)" \
    "build the image on an amd64 Debian host"

# Kernel modules the guest needs, in load order; their dependencies are added
# from modules.dep. virtio_pci+virtio_blk give /dev/vda, vfat+nls mount it,
# virtio_console serves a virtio serial channel if a domain defines one,
# button+evdev let busybox acpid turn the ACPI power button into a poweroff.
GUEST_MODULES=(virtio_pci virtio_blk virtio_console fat vfat nls_cp437 nls_ascii button evdev)

# The kernel package: the one the linux-image-cloud-amd64 metapackage points at,
# unless VDI_GOLDEN_KERNEL_PKG names one. Both print nothing when apt knows no
# such package; they never fail, as a failing pipe (apt-cache exits 100 for an
# unknown package) would end this script under set -e and pipefail before the
# apt-get update below and the messages after it. (awk reads all of its input:
# quitting early could fail the pipe too.)
apt_candidate() {
  { apt-cache show --no-all-versions "$1" 2>/dev/null || true; } |
    awk '/^Version:/ && !v {v = $2} END {print v}'
}
cloud_kernel_pkg() {
  { apt-cache depends linux-image-cloud-amd64 2>/dev/null || true; } |
    awk '/Depends: linux-image-[0-9]/ && !p {p = $2} END {print p}'
}
kernel_pkg=${VDI_GOLDEN_KERNEL_PKG:-$(cloud_kernel_pkg)}
if [ -z "$kernel_pkg" ] || [ -z "$(apt_candidate "$kernel_pkg")" ]; then
  # A fresh machine may have no package lists yet.
  log "apt-get update (looking for the Debian cloud kernel)"
  apt-get update -qq >>"$VDI_LOGS/apt.log" 2>&1 || die "apt-get update failed (see $VDI_LOGS/apt.log)" \
    "check that this machine reaches the Debian package mirrors"
  kernel_pkg=${VDI_GOLDEN_KERNEL_PKG:-$(cloud_kernel_pkg)}
fi
[ -n "$kernel_pkg" ] || die "no Debian cloud kernel package found (linux-image-cloud-amd64)" \
  "check the apt sources, or set VDI_GOLDEN_KERNEL_PKG to a linux-image-*-cloud-amd64 package"
kernel_ver=$(apt_candidate "$kernel_pkg")
[ -n "$kernel_ver" ] || die "apt knows no version of $kernel_pkg" "check the apt sources"

# The guest agent's package; its version is part of the recipe's hash.
AGENT_PKG=qemu-guest-agent
agent_ver=$(apt_candidate "$AGENT_PKG")
[ -n "$agent_ver" ] || die "apt knows no version of $AGENT_PKG" \
  "run apt-get update, or check the apt sources (Debian main has $AGENT_PKG)"

# busybox-static's binary: the guest runs it, the build uses its depmod.
BUSYBOX=/bin/busybox

out_dir=$VDI_CACHE/golden
mkdir -p "$out_dir" "$VDI_CACHE/debs"

# fetch_deb PKG VERSION: prints the path of PKG's .deb in the cache, downloading
# it once. The file name keeps the version (an epoch's ":" written as "%3a",
# as apt-get download does), so a new version is a new file.
fetch_deb() {
  local pkg=$1 ver=$2 deb dl
  deb=$VDI_CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb
  if [ ! -f "$deb" ]; then
    dl=$(mktemp -d "$VDI_CACHE/debs/.download.XXXXXX")
    # Sandbox user root: apt's _apt user may not be able to write into the cache.
    if ! (cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver" >>"$VDI_LOGS/apt.log" 2>&1); then
      safe_rm_cache "$dl"
      die "could not download $pkg $ver (see $VDI_LOGS/apt.log)" \
        "check that this machine reaches the Debian package mirrors"
    fi
    mv "$dl"/"${pkg}"_*.deb "$deb.partial" && mv "$deb.partial" "$deb"
    safe_rm_cache "$dl"
  fi
  echo "$deb"
}

# The agent is unpacked before the hash: the shared libraries it needs come from
# this host (ldd), so their packages' versions are part of the recipe too.
agent_deb=$(fetch_deb "$AGENT_PKG" "$agent_ver")
agent_dir=$(mktemp -d "$out_dir/.agent.XXXXXX")
trap 'safe_rm_cache "$agent_dir"' EXIT
dpkg-deb -x "$agent_deb" "$agent_dir"
QEMU_GA=$agent_dir/usr/sbin/qemu-ga
[ -x "$QEMU_GA" ] || die "$AGENT_PKG $agent_ver has no usr/sbin/qemu-ga" "check the package"
ldd_out=$(ldd "$QEMU_GA") || die "ldd cannot read $QEMU_GA" "the golden image needs an amd64 host"
if grep -q 'not found' <<<"$ldd_out"; then
  die "qemu-ga needs libraries this host does not have: $(awk '/not found/ {printf "%s ", $1}' <<<"$ldd_out")" \
    "install the Debian packages that ship them (apt-file search NAME), then run this again"
fi
# Absolute paths of the libraries and of the dynamic loader, resolved on this host.
mapfile -t agent_libs < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$ldd_out" |
  LC_ALL=C sort -u)
[ ${#agent_libs[@]} -gt 0 ] || die "ldd lists no libraries for qemu-ga" "check $QEMU_GA"
# The host packages that own them (dpkg -S knows either the path or its /usr twin).
lib_pkgs() {
  local lib owner
  for lib in "${agent_libs[@]}"; do
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null) ||
      die "no Debian package owns $lib" "qemu-ga's libraries must come from Debian packages"
    echo "${owner%%: *}"
  done | tr ', ' '\n\n' | sed -e '/^$/d' -e 's/:amd64$//' | LC_ALL=C sort -u
}
mapfile -t agent_lib_pkgs < <(lib_pkgs)

installed_ver() { dpkg-query -W -f='${Version}' "$1"; }
recipe_hash=$(
  {
    cat "${BASH_SOURCE[0]}"
    echo "$kernel_pkg=$kernel_ver"
    echo "$AGENT_PKG=$agent_ver"
    for p in busybox-static syslinux syslinux-common "${agent_lib_pkgs[@]}"; do echo "$p=$(installed_ver "$p")"; done
  } | sha256sum | cut -c1-16
)
image=$out_dir/golden-$recipe_hash.qcow2
if [ -f "$image" ]; then
  log "golden image up to date: $image"
  echo "$image"
  exit 0
fi

work=$(mktemp -d "$out_dir/.build.XXXXXX")
trap 'safe_rm_cache "$work" "$agent_dir"' EXIT
log "building golden image $recipe_hash (kernel $kernel_pkg $kernel_ver, $AGENT_PKG $agent_ver)"

# --- kernel: download once into the cache, unpack into the build folder -----
deb=$(fetch_deb "$kernel_pkg" "$kernel_ver")
dpkg-deb -x "$deb" "$work/kernel"
kver=${kernel_pkg#linux-image-}
vmlinuz=$work/kernel/boot/vmlinuz-$kver
[ -f "$vmlinuz" ] && [ -d "$work/kernel/lib/modules/$kver" ] ||
  die "$kernel_pkg does not contain boot/vmlinuz-$kver and lib/modules/$kver" \
    "set VDI_GOLDEN_KERNEL_PKG to a linux-image-<version>-cloud-amd64 package"
# The package ships no modules.dep (depmod runs at install); busybox makes one.
"$BUSYBOX" depmod -b "$work/kernel" "$kver"

# --- initramfs --------------------------------------------------------------
rd=$work/initramfs
mkdir -p "$rd"/{bin,dev,etc/acpi,proc,sys,run,tmp,root,var/log,mnt/disk,lib/modules/"$kver"}
ln -s bin "$rd/sbin"
ln -s ../run "$rd/var/run"
ln -s . "$rd/usr"
cp "$BUSYBOX" "$rd/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$rd/bin/$applet"
done
# qemu-ga with its libraries at the paths ldd resolved here, so the loader finds
# them where it looks by default (/lib/x86_64-linux-gnu, /lib64; /usr is ".").
cp "$QEMU_GA" "$rd/bin/qemu-ga"
for lib in "${agent_libs[@]}"; do
  mkdir -p "$rd$(dirname "$lib")"
  cp -L "$lib" "$rd$lib"
done
# The kernel opens /dev/console for init before anything mounts devtmpfs.
mknod -m 600 "$rd/dev/console" c 5 1 2>/dev/null ||
  warn "cannot create /dev/console in the initramfs (not root?): early init messages are lost"
ln -s bin/init "$rd/init"

# One unprivileged user for guest sessions (see the contract above). busybox
# login and init keep utmp in /var/run/utmp (-> /run), where qemu-ga reads it.
cat >"$rd/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
vdiuser::1000:1000:VDI test user:/home/vdiuser:/bin/sh
EOF
cat >"$rd/etc/group" <<'EOF'
root:x:0:
vdiuser:x:1000:
EOF
mkdir -p "$rd/home/vdiuser"

# Copy the wanted modules and everything they depend on, then index them.
moddir=$work/kernel/lib/modules/$kver
declare -A seen=()
add_module() {
  local name=$1 line path dep
  line=$(grep -E "/${name}\.ko(\.[a-z]+)?:" "$moddir/modules.dep" || true)
  if [ -z "$line" ]; then
    # Built into this kernel: nothing to ship.
    grep -qE "/${name}\.ko$" "$moddir/modules.builtin" ||
      die "kernel module $name is neither in $kernel_pkg nor built into it" \
        "pick a kernel package that has it (VDI_GOLDEN_KERNEL_PKG)"
    return 0
  fi
  path=${line%%:*}
  [ -n "${seen[$path]:-}" ] && return 0
  seen[$path]=1
  for dep in ${line#*:}; do
    dep=${dep##*/}; add_module "${dep%%.ko*}"
  done
  mkdir -p "$rd/lib/modules/$kver/$(dirname "$path")"
  cp "$moddir/$path" "$rd/lib/modules/$kver/$path"
}
for m in "${GUEST_MODULES[@]}"; do add_module "$m"; done
cp "$moddir"/modules.builtin "$moddir"/modules.order "$rd/lib/modules/$kver/"
"$BUSYBOX" depmod -b "$rd" "$kver"

cat >"$rd/etc/inittab" <<'EOF'
# busybox init: prepare the system, then keep a shell on the VGA console and
# one on the serial console. "-" makes them login shells (they read /etc/profile).
::sysinit:/etc/rc
::respawn:/bin/vdi-agent
tty1::respawn:-/bin/sh
ttyS0::respawn:-/bin/sh
::ctrlaltdel:/bin/reboot
::shutdown:/etc/rc.shutdown
EOF

cat >"$rd/etc/rc" <<EOF
#!/bin/sh
# Runs once at boot, before the shells start.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
hostname vdi-golden
ifconfig lo 127.0.0.1 up
: >/run/utmp
modprobe -a ${GUEST_MODULES[*]} 2>/dev/null
# The ACPI power button (virsh shutdown, virsh reboot) powers off cleanly.
acpid -a /etc/acpid.conf
# virtio_blk finds the disk asynchronously; give it up to 5 s.
i=0
while [ ! -b /dev/vda ] && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done
# The guest's own boot disk, writable, so a test can leave a file on it and see
# after a reboot whether it survived (keep) or was reverted (refresh).
# "flush" makes vfat write back early; tests still run sync before a reset.
if mount -t vfat -o rw,flush /dev/vda /mnt/disk; then
  if [ -f /mnt/disk/marker ]; then
    echo "VDI-DISK-MARKER: \$(head -n 1 /mnt/disk/marker)" >/dev/ttyS0
  fi
else
  echo "VDI-DISK-ERROR: cannot mount /dev/vda (is the disk on the virtio bus?)" >/dev/ttyS0
fi
EOF

cat >"$rd/bin/vdi-agent" <<'EOF'
#!/bin/sh
# Runs qemu-ga on the domain's org.qemu.guest_agent.0 port; busybox init starts
# this at boot and again whenever it exits. Without udev nobody makes the
# port's device node or its /dev/virtio-ports link, so this does, from sysfs.
exec </dev/null >/dev/null 2>&1
# A restart waits a moment, so a crashing agent does not spin.
[ -e /run/vdi-agent-started ] && sleep 1
# virtio_console registers its ports asynchronously; give them up to 5 s.
i=0
while [ $i -lt 50 ]; do
  for f in /sys/class/virtio-ports/vport*/name; do
    [ -f "$f" ] && [ "$(cat "$f")" = org.qemu.guest_agent.0 ] || continue
    d=${f%/name}
    port=/dev/${d##*/}
    if [ ! -c "$port" ]; then
      majmin=$(cat "$d/dev")
      mknod -m 600 "$port" c "${majmin%%:*}" "${majmin##*:}" || continue
    fi
    mkdir -p /dev/virtio-ports
    ln -sf "$port" /dev/virtio-ports/org.qemu.guest_agent.0
    : >/run/vdi-agent-started
    echo VDI-AGENT-STARTED >/dev/ttyS0
    exec /bin/qemu-ga -m virtio-serial -p "$port" -l /var/log/qemu-ga.log -t /run
  done
  sleep 0.1
  i=$((i + 1))
done
if [ ! -e /run/vdi-agent-missing ]; then
  : >/run/vdi-agent-missing
  echo "VDI-AGENT-ERROR: no virtio port named org.qemu.guest_agent.0 (does the domain define the channel?)" >/dev/ttyS0
fi
# Look again later (init restarts this), without spinning.
exec sleep 60
EOF

cat >"$rd/etc/rc.shutdown" <<'EOF'
#!/bin/sh
# Runs on poweroff/reboot: the FAT disk must be clean before the domain stops.
sync
umount /mnt/disk 2>/dev/null
sync
EOF

# busybox acpid runs the action named for an event from /etc/acpi: the power
# button runs /etc/acpi/poweroff, i.e. busybox poweroff (init's clean shutdown).
cat >"$rd/etc/acpid.conf" <<'EOF'
PWRF poweroff
EOF
ln -s /bin/busybox "$rd/etc/acpi/poweroff"

cat >"$rd/etc/profile" <<'EOF'
export PATH=/bin PS1='vdi-golden:\w# '
# init's shells run as root with HOME=/; login gives vdiuser its own home
[ "$(id -u)" = 0 ] && export HOME=/root
cd "$HOME"
# The ready marker goes out once per boot, from the tty1 shell itself: from now
# on keys typed on the VGA console reach a shell.
if [ "$(tty)" = /dev/tty1 ] && [ ! -e /run/vdi-ready ]; then
  : >/run/vdi-ready
  echo VDI-GUEST-READY >/dev/ttyS0
fi
EOF
chmod 755 "$rd/etc/rc" "$rd/etc/rc.shutdown" "$rd/bin/vdi-agent"

(cd "$rd" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 >"$work/initrd.img"

# --- boot disk: unpartitioned FAT with SYSLINUX in its boot sector ----------
cat >"$work/syslinux.cfg" <<'EOF'
DEFAULT vdi
PROMPT 0
TIMEOUT 0
LABEL vdi
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND console=tty0 console=ttyS0,115200 quiet loglevel=3
EOF
# Room for the kernel and initramfs plus a few MB the guest may write.
size_mb=$(( ($(stat -c %s "$vmlinuz") + $(stat -c %s "$work/initrd.img")) / 1048576 + 8 ))
truncate -s "${size_mb}M" "$work/disk.raw"
mkfs.vfat -n VDIGOLDEN "$work/disk.raw" >/dev/null
syslinux --install "$work/disk.raw"
export MTOOLS_SKIP_CHECK=1
mcopy -i "$work/disk.raw" "$vmlinuz" ::/vmlinuz
mcopy -i "$work/disk.raw" "$work/initrd.img" ::/initrd.img
mcopy -i "$work/disk.raw" "$work/syslinux.cfg" ::/syslinux.cfg

qemu-img convert -f raw -O qcow2 "$work/disk.raw" "$work/golden.qcow2"
qemu-img check -q "$work/golden.qcow2"
mv "$work/golden.qcow2" "$image"
# Older builds and kernel packages are only cache: keep the current ones.
find "$out_dir" -maxdepth 1 -name 'golden-*.qcow2' ! -name "${image##*/}" -delete
find "$VDI_CACHE/debs" -maxdepth 1 -name 'linux-image-*.deb' ! -name "${deb##*/}" -delete
find "$VDI_CACHE/debs" -maxdepth 1 -name "${AGENT_PKG}_*.deb" ! -name "${agent_deb##*/}" -delete
log "golden image built: $image ($(du -h "$image" | cut -f1))"
echo "$image"
