# shellcheck shell=bash
# libvirtd + QEMU on this machine: the hypervisor host the broker drives.
# Sourced after lib/common.sh; every function works on the current profile
# (VDI_PROFILE) and is safe to call again. Run directly, it calls one of them:
#   scripts/libvirt.sh install|configure|start|virt-type|storage|golden|shutdown|cleanup|stop|status
#
# There is no systemd here, so the daemons are started by hand (virtlogd -d,
# libvirtd -d). A daemon this profile started is recorded in $VDI_RUN/<name>.pid,
# and libvirt_stop stops only those. Note that the profiles share the one
# libvirtd: a "test" run that started it stops it again at its end.
#
# Order for a host: install, configure, start, virt_type, golden_ensure (which
# also ensures the storage pool); cleanup_profile and stop at the end of a test run.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  # shellcheck source=lib/common.sh
  . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
fi

# The broker's own XML namespace in <metadata>: only domains that carry it are
# the broker's, and only those are ever destroyed here.
VDI_METADATA_NS=https://vdi-broker.org/xmlns/libvirt/1
# The golden image's volume in the profile's storage pool.
VDI_GOLDEN_VOLUME=${VDI_GOLDEN_VOLUME:-$VDI_NAME_PREFIX-golden.qcow2}
export VDI_METADATA_NS VDI_GOLDEN_VOLUME

LIBVIRT_QEMU_CONF=${LIBVIRT_QEMU_CONF:-/etc/libvirt/qemu.conf}

_virsh() { virsh -q -c "$VDI_LIBVIRT_URI" "$@"; }

# libvirt_install: the Debian packages for libvirtd, QEMU and the golden image build.
libvirt_install() {
  apt_install libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients \
    qemu-system-x86 qemu-utils \
    syslinux syslinux-common mtools dosfstools busybox-static cpio
}

# _libvirt_conf_set FILE KEY VALUE: sets "KEY = VALUE"; true when the file changed.
_libvirt_conf_set() {
  local file=$1 key=$2 value=$3
  grep -qE "^[[:space:]]*$key[[:space:]]*=[[:space:]]*$value[[:space:]]*$" "$file" && return 1
  if grep -qE "^[[:space:]]*$key[[:space:]]*=" "$file"; then
    sed -i -E "s|^[[:space:]]*$key[[:space:]]*=.*|$key = $value|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >>"$file"
  fi
  return 0
}

# libvirt_configure: QEMU runs as root. As an unprivileged user that cannot open
# /dev/kvm, libvirtd re-probes QEMU on every call (~48 s per define instead of
# ~40 ms). Restarts a libvirtd this profile started when the setting changed.
libvirt_configure() {
  require_root
  local changed=
  # Debian's libvirt looks up its built-in default QEMU user and group
  # "libvirt-qemu" before it reads qemu.conf, and refuses to start without them.
  # libvirt-daemon-system would create them, but it also pulls in polkit,
  # firewall and init integration this host does not need.
  if ! getent group libvirt-qemu >/dev/null; then
    log "creating system group libvirt-qemu (libvirtd needs it to start)"
    groupadd --system libvirt-qemu
  fi
  if ! getent passwd libvirt-qemu >/dev/null; then
    log "creating system user libvirt-qemu (libvirtd needs it to start)"
    useradd --system --gid libvirt-qemu --no-create-home --home-dir /var/lib/libvirt \
      --shell /usr/sbin/nologin --comment "libvirt QEMU user" libvirt-qemu
  fi
  mkdir -p "$(dirname "$LIBVIRT_QEMU_CONF")"
  if [ ! -f "$LIBVIRT_QEMU_CONF" ]; then
    printf '%s\n' "# libvirt QEMU driver settings, see /usr/share/doc/libvirt-daemon-driver-qemu." \
      "# The vdi scripts run QEMU as root on this test host: as an unprivileged user" \
      "# that cannot open /dev/kvm, libvirtd re-probes QEMU on every call." >"$LIBVIRT_QEMU_CONF"
  fi
  _libvirt_conf_set "$LIBVIRT_QEMU_CONF" user '"root"' && changed=1
  _libvirt_conf_set "$LIBVIRT_QEMU_CONF" group '"root"' && changed=1
  [ -n "$changed" ] || return 0
  log "set user/group = \"root\" in $LIBVIRT_QEMU_CONF"
  if pid_alive libvirtd; then
    log "restarting libvirtd (started by this profile) to apply it"
    stop_pid libvirtd
    libvirt_start
  elif _libvirt_daemon_running libvirtd; then
    warn "libvirtd was not started by this profile and still runs with the old $LIBVIRT_QEMU_CONF; restart it to apply the change (until then each libvirt call may take ~48 s)"
  fi
}

# _libvirt_daemon_running NAME: true when the daemon runs, whoever started it
# (its own pid file in /run, else any process of that name).
_libvirt_daemon_running() {
  local pid
  pid=$(cat "/run/$1.pid" 2>/dev/null || true)
  { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || pidof "$1" >/dev/null 2>&1
}

# _libvirt_start_daemon NAME: starts NAME -d unless it runs; records the pid.
_libvirt_start_daemon() {
  local name=$1 logf=$VDI_LOGS/$1.log i
  if _libvirt_daemon_running "$name"; then
    pid_alive "$name" || log "$name is already running (not started by the $VDI_PROFILE profile)"
    return 0
  fi
  log "starting $name (log: $logf)"
  rm -f "/run/$name.pid"
  # -d returns once the daemon has forked (a failing driver shows up later,
  # hence the wait in libvirt_start); warnings and worse go to the log through
  # LIBVIRT_LOG_OUTPUTS, as there is no journal here.
  LIBVIRT_LOG_OUTPUTS="3:file:$logf" "$name" -d >>"$logf" 2>&1 ||
    die "$name did not start (see $logf)" "read the log; check that nothing else holds /run/libvirt"
  for ((i = 0; i < 40; i++)); do
    [ -s "/run/$name.pid" ] && break
    sleep 0.25
  done
  [ -s "/run/$name.pid" ] || die "$name started but wrote no /run/$name.pid (see $logf)" "read the log"
  cp "/run/$name.pid" "$VDI_RUN/$name.pid"
}

# libvirt_start: virtlogd (QEMU's log handler) and libvirtd, then waits until
# libvirtd answers on $VDI_LIBVIRT_URI.
libvirt_start() {
  require_root
  ensure_dirs
  _libvirt_start_daemon virtlogd
  _libvirt_start_daemon libvirtd
  local i
  for ((i = 0; i < 120; i++)); do
    _virsh version >/dev/null 2>&1 && return 0
    if pid_alive libvirtd || _libvirt_daemon_running libvirtd; then
      sleep 0.5
    else
      die "libvirtd stopped while starting (see $VDI_LOGS/libvirtd.log)" "read the log"
    fi
  done
  die "libvirtd does not answer on $VDI_LIBVIRT_URI after 60 s (see $VDI_LOGS/libvirtd.log)" \
    "read the log; try: virsh -c $VDI_LIBVIRT_URI version"
}

# _libvirt_kvm_probe: boots the golden image with QEMU under KVM (outside
# libvirt) and waits for its ready line; true when it arrives. The result is
# kept per host kernel and image, as the probe takes a few seconds.
_libvirt_kvm_probe() {
  local image cache=$VDI_STATE/kvm-probe key dir ok=1 i pid
  image=$("$VDI_ROOT/scripts/golden-image.sh") || return 1
  key="$(uname -r) $(basename "$image")"
  if [ -f "$cache" ] && [ "$(head -n 1 "$cache")" = "$key" ]; then
    [ "$(sed -n 2p "$cache")" = ok ]
    return
  fi
  log "probing KVM: booting the golden image under KVM"
  dir=$(mktemp -d "$VDI_STATE/kvm-probe.XXXXXX")
  qemu-system-x86_64 -accel kvm -m 256 -display none -vga std -no-reboot \
    -drive "file=$image,if=virtio,format=qcow2,snapshot=on" \
    -serial "file:$dir/serial.log" -monitor none >"$dir/qemu.log" 2>&1 &
  pid=$!
  for ((i = 0; i < 60; i++)); do
    grep -q VDI-GUEST-READY "$dir/serial.log" 2>/dev/null && { ok=0; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  safe_rm_state "$dir"
  printf '%s\n%s\n' "$key" "$([ $ok = 0 ] && echo ok || echo failed)" >"$cache"
  return $ok
}

# libvirt_virt_type: prints the domain type for this host, kvm or qemu (TCG
# emulation), and writes it to $VDI_STATE/virt-type. libvirt reports kvm even
# where /dev/kvm comes from a paravirtual module (kvm_pvm) that cannot run
# unmodified guests, so: kvm only with kvm_intel/kvm_amd and a guest that boots
# under it. VDI_VIRT_TYPE=kvm|qemu overrides the decision.
libvirt_virt_type() {
  local type reason mods
  ensure_dirs
  mods=$(cd /sys/module 2>/dev/null && ls -d kvm_* 2>/dev/null | tr '\n' ' ' || true)
  if [ -n "${VDI_VIRT_TYPE:-}" ]; then
    case "$VDI_VIRT_TYPE" in kvm | qemu) ;; *)
      die "VDI_VIRT_TYPE must be kvm or qemu, not '$VDI_VIRT_TYPE'" "unset it to let the scripts decide" ;;
    esac
    type=$VDI_VIRT_TYPE reason="set by VDI_VIRT_TYPE"
  elif [ ! -c /dev/kvm ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
    type=qemu reason="/dev/kvm is missing or not usable"
  elif [ ! -d /sys/module/kvm_intel ] && [ ! -d /sys/module/kvm_amd ]; then
    type=qemu reason="/dev/kvm comes from ${mods:-an unknown module}, not kvm_intel/kvm_amd; unmodified guests fail under it"
  elif ! _libvirt_kvm_probe; then
    type=qemu reason="the golden image did not boot under KVM"
  else
    type=kvm reason="hardware virtualization (${mods% }) boots the golden image"
  fi
  if [ "$type" = qemu ] && [ -z "${VDI_VIRT_TYPE:-}" ]; then
    warn "no usable KVM: $reason. Desktops run under QEMU TCG emulation (slow)." \
      "Set VDI_VIRT_TYPE=kvm to force KVM."
  fi
  echo "$type" >"$VDI_STATE/virt-type"
  log "virtualization type: $type ($reason)"
  echo "$type"
}

# _libvirt_pool_active: true when the profile's pool is defined and running.
_libvirt_pool_active() {
  # (Output captured first: grep -q in a pipe can fail it under pipefail.)
  local info
  info=$(_virsh pool-info "$VDI_STORAGE_POOL" 2>/dev/null) || return 1
  grep -qE '^State:[[:space:]]+running' <<<"$info"
}

# libvirt_storage_ensure: a dir pool $VDI_STORAGE_POOL at $VDI_STORAGE_DIR,
# defined, autostarted, running and refreshed.
libvirt_storage_ensure() {
  local path
  mkdir -p "$VDI_STORAGE_DIR"
  if ! _virsh pool-info "$VDI_STORAGE_POOL" >/dev/null 2>&1; then
    log "defining storage pool $VDI_STORAGE_POOL at $VDI_STORAGE_DIR"
    _virsh pool-define-as "$VDI_STORAGE_POOL" dir --target "$VDI_STORAGE_DIR" >/dev/null ||
      die "could not define storage pool $VDI_STORAGE_POOL" "see $VDI_LOGS/libvirtd.log"
  fi
  path=$(_virsh pool-dumpxml "$VDI_STORAGE_POOL" | sed -n 's|.*<path>\(.*\)</path>.*|\1|p') ||
    die "could not read the definition of storage pool $VDI_STORAGE_POOL" "see $VDI_LOGS/libvirtd.log"
  [ "$(realpath -m "$path")" = "$(realpath -m "$VDI_STORAGE_DIR")" ] ||
    die "storage pool $VDI_STORAGE_POOL points at $path, not $VDI_STORAGE_DIR" \
      "remove it (virsh pool-destroy/pool-undefine $VDI_STORAGE_POOL) or set VDI_STORAGE_POOL/VDI_STORAGE_DIR"
  _virsh pool-autostart "$VDI_STORAGE_POOL" >/dev/null ||
    die "could not mark storage pool $VDI_STORAGE_POOL to autostart" "see $VDI_LOGS/libvirtd.log"
  _libvirt_pool_active || _virsh pool-start "$VDI_STORAGE_POOL" >/dev/null ||
    die "could not start storage pool $VDI_STORAGE_POOL" "see $VDI_LOGS/libvirtd.log"
  _virsh pool-refresh "$VDI_STORAGE_POOL" >/dev/null ||
    die "could not refresh storage pool $VDI_STORAGE_POOL" "see $VDI_LOGS/libvirtd.log"
}

# _libvirt_backed_by PATH: names of the pool's volumes whose backing file is PATH.
_libvirt_backed_by() {
  local v xml
  for v in $(_virsh vol-list "$VDI_STORAGE_POOL" | awk '{print $1}'); do
    xml=$(_virsh vol-dumpxml --pool "$VDI_STORAGE_POOL" "$v" 2>/dev/null) || continue
    if sed -n '/<backingStore>/,/<\/backingStore>/p' <<<"$xml" | grep -F "<path>$1</path>" >/dev/null; then
      echo "$v"
    fi
  done
}

# libvirt_golden_ensure: builds the golden image if needed and puts it into the
# pool as $VDI_GOLDEN_VOLUME. An existing volume is replaced only when the
# recipe hash (recorded in $VDI_STATE/golden-volume.hash) differs, and never
# while linked clones still use it as their backing file.
libvirt_golden_ensure() {
  local image hash stamp=$VDI_STATE/golden-volume.hash target tmp users
  image=$("$VDI_ROOT/scripts/golden-image.sh") || die "building the golden image failed" "see the messages above"
  hash=${image##*/golden-}
  hash=${hash%.qcow2}
  target=$VDI_STORAGE_DIR/$VDI_GOLDEN_VOLUME
  libvirt_storage_ensure
  if _virsh vol-info --pool "$VDI_STORAGE_POOL" "$VDI_GOLDEN_VOLUME" >/dev/null 2>&1; then
    if [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
      log "golden volume $VDI_GOLDEN_VOLUME is up to date ($hash)"
      return 0
    fi
    users=$(_libvirt_backed_by "$target" | tr '\n' ' ')
    if [ -n "$users" ]; then
      warn "golden volume $VDI_GOLDEN_VOLUME is not built from the current recipe ($hash), but linked clones use it: ${users% }. Keeping it."
      return 0
    fi
  fi
  log "copying golden image $hash into pool $VDI_STORAGE_POOL as $VDI_GOLDEN_VOLUME"
  # Copy next to the pool and rename into it, so the pool never lists a half-written volume.
  tmp=$(mktemp "$(dirname "$VDI_STORAGE_DIR")/.golden.XXXXXX")
  cp "$image" "$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$target"
  echo "$hash" >"$stamp"
  _virsh pool-refresh "$VDI_STORAGE_POOL" >/dev/null
}

# _libvirt_profile_domain NAME XML: true when the domain is one of this
# profile's desktops: it carries the broker's metadata namespace, and its name
# starts with "$VDI_NAME_PREFIX-" or one of its disks lies in $VDI_STORAGE_DIR
# (pools name their desktops freely: the "up" profile's demo pool makes demo-N).
_libvirt_profile_domain() {
  local name=$1 xml=$2 dir f
  grep -qF "$VDI_METADATA_NS" <<<"$xml" || return 1
  case "$name" in "$VDI_NAME_PREFIX"-*) return 0 ;; esac
  dir=$(realpath -m -- "$VDI_STORAGE_DIR")
  while IFS= read -r f; do
    case "$(realpath -m -- "$f")" in "$dir"/*) return 0 ;; esac
  done < <(sed -n "s|.*<source file=[\"']\([^\"']*\)[\"'].*|\1|p" <<<"$xml")
  return 1
}

# libvirt_profile_domains [--all]: names of this profile's desktops
# (_libvirt_profile_domain), the running ones or with --all every defined one;
# fails when libvirtd does not answer. Says which prefixed domains it leaves
# alone because they lack the broker's metadata.
libvirt_profile_domains() {
  local names d xml
  names=$(_virsh list ${1:+"$1"} --name 2>/dev/null) || return 1
  # Names are validated by the broker ([A-Za-z0-9_.-]), so word splitting is safe.
  for d in $names; do
    xml=$(_virsh dumpxml "$d" 2>/dev/null) || continue
    if _libvirt_profile_domain "$d" "$xml"; then
      echo "$d"
    else
      case "$d" in "$VDI_NAME_PREFIX"-*) log "leaving domain $d alone: it does not carry the broker's metadata" ;; esac
    fi
  done
}

# libvirt_profile_qemu: "PID NAME" for each QEMU process of this profile, read
# from /proc, so it sees them whether or not a libvirtd knows them: its guest
# name (qemu's -name guest=NAME,...) starts with "$VDI_NAME_PREFIX-", or its
# command line names a file in $VDI_STORAGE_DIR.
libvirt_profile_qemu() {
  local p comm cmd name dir raw=${VDI_STORAGE_DIR%/}
  dir=$(realpath -m -- "$VDI_STORAGE_DIR")
  for p in /proc/[0-9]*; do
    read -r comm <"$p/comm" 2>/dev/null || continue
    case "$comm" in qemu-system-* | qemu-kvm | kvm) ;; *) continue ;; esac
    cmd=$(tr '\0' '\n' <"$p/cmdline" 2>/dev/null) || continue
    name=$(sed -n '/^-name$/{n;p;q}' <<<"$cmd")
    name=${name#guest=}
    name=${name%%,*}
    case "$name" in
      "$VDI_NAME_PREFIX"-*) ;;
      *) grep -qF -e "$dir/" -e "$raw/" <<<"$cmd" || continue ;;
    esac
    echo "${p#/proc/} ${name:-unnamed}"
  done
}

# _libvirt_desktops N: "1 desktop", "2 desktops".
_libvirt_desktops() { if [ "$1" -eq 1 ]; then echo "1 desktop"; else echo "$1 desktops"; fi; }

# _libvirt_wait_pids_gone SECONDS PID...: true once none of the PIDs lives.
_libvirt_wait_pids_gone() {
  local secs=$1 i p alive
  shift
  for ((i = 0; i <= secs * 4; i++)); do
    alive=
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1 && break; done
    [ -n "$alive" ] || return 0
    sleep 0.25
  done
  return 1
}

# libvirt_stop_stray_qemu: stops (TERM, then KILL after 10 s) this profile's
# QEMU processes that no answering libvirtd runs as a domain: left from a
# libvirtd that is gone or does not answer, or from a destroy that failed. As
# nothing shuts their guests down, this is the last resort after the domains.
libvirt_stop_stray_qemu() {
  local active pid name pids=() names=()
  active=$(_virsh list --name 2>/dev/null) || active=
  while read -r pid name; do
    [ -n "$pid" ] || continue
    grep -qxF -- "$name" <<<"$active" && continue
    pids+=("$pid") names+=("$name")
  done < <(libvirt_profile_qemu)
  [ ${#pids[@]} -gt 0 ] || return 0
  warn "stopping the QEMU processes of $(_libvirt_desktops ${#pids[@]}) of the $VDI_PROFILE profile that no answering libvirtd runs: ${names[*]} (pids ${pids[*]})"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  _libvirt_wait_pids_gone 10 "${pids[@]}" && return 0
  warn "QEMU processes still run after 10 s; killing them"
  kill -KILL "${pids[@]}" 2>/dev/null || true
  # What survives even that is reported by stack_assert_no_desktops.
  _libvirt_wait_pids_gone 5 "${pids[@]}" || warn "QEMU processes survived KILL: pids ${pids[*]}"
}

# libvirt_shutdown_desktops: shuts down this profile's running
# desktops (libvirt_profile_domains), before libvirtd stops: an ACPI shutdown
# to all of them at once, up to VDI_DOWN_SHUTDOWN_SECONDS (20) seconds for
# them to power off, then destroy for the rest, then the strays
# (libvirt_stop_stray_qemu). The domains stay defined; the broker starts them
# again when it needs them.
libvirt_shutdown_desktops() {
  local secs=${VDI_DOWN_SHUTDOWN_SECONDS:-20} names d left active deadline
  if ! names=$(libvirt_profile_domains); then
    if [ -n "$(libvirt_profile_qemu)" ]; then
      warn "libvirtd does not answer on $VDI_LIBVIRT_URI, so no desktop can be shut down through it"
      libvirt_stop_stray_qemu
    else
      log "no desktops of the $VDI_PROFILE profile run (libvirtd does not answer on $VDI_LIBVIRT_URI)"
    fi
    return 0
  fi
  names=${names//$'\n'/ }
  if [ -z "$names" ]; then
    log "no desktops of the $VDI_PROFILE profile run"
    libvirt_stop_stray_qemu
    return
  fi
  log "shutting down $(_libvirt_desktops "$(wc -w <<<"$names")"): $names"
  for d in $names; do
    _virsh shutdown "$d" >/dev/null 2>&1 || true
  done
  deadline=$((SECONDS + secs))
  while :; do
    # (When libvirtd stops answering, every desktop counts as still running.)
    active=$(_virsh list --name 2>/dev/null) || active=${names// /$'\n'}
    left=
    for d in $names; do
      grep -qxF -- "$d" <<<"$active" && left="$left $d"
    done
    left=${left# }
    if [ -z "$left" ] || [ "$SECONDS" -ge "$deadline" ]; then break; fi
    sleep 1
  done
  if [ -n "$left" ]; then
    log "$(_libvirt_desktops "$(wc -w <<<"$left")") did not shut down within ${secs}s; destroying: $left"
    for d in $left; do
      _virsh destroy "$d" >/dev/null 2>&1 || _virsh destroy "$d" >/dev/null || warn "could not destroy $d"
    done
  else
    log "all desktops shut down"
  fi
  libvirt_stop_stray_qemu
}

# libvirt_keep_desktops: says which of this profile's desktops keep running.
libvirt_keep_desktops() {
  local names
  if names=$(libvirt_profile_domains); then
    names=${names//$'\n'/ }
  else
    names=$(libvirt_profile_qemu | awk '{print $2}' | tr '\n' ' ')
    names=${names% }
  fi
  if [ -z "$names" ]; then
    log "no desktops of the $VDI_PROFILE profile run"
  else
    log "keeping $(_libvirt_desktops "$(wc -w <<<"$names")") running (--keep-desktops): $names"
  fi
}

# libvirt_cleanup_profile: destroys and undefines every domain of this profile
# that carries the broker's metadata (libvirt_profile_domains --all), stops the
# profile's stray QEMU processes, then deletes the profile's storage pool with
# all its volumes. For the test profile at the end of a run.
libvirt_cleanup_profile() {
  local d v names
  names=$(libvirt_profile_domains --all) || warn "libvirtd does not answer on $VDI_LIBVIRT_URI; no domain removed"
  for d in $names; do
    log "removing domain $d"
    if [ "$(_virsh domstate "$d" 2>/dev/null)" != "shut off" ]; then
      # A destroy can fail while QEMU is slow to die (TCG under load); try again once.
      _virsh destroy "$d" >/dev/null 2>&1 || _virsh destroy "$d" >/dev/null 2>&1 || warn "could not destroy $d"
    fi
    # A transient domain is gone once destroyed; a persistent one needs undefine.
    if _virsh dominfo "$d" >/dev/null 2>&1; then
      _virsh undefine "$d" --managed-save --snapshots-metadata >/dev/null || warn "could not undefine $d"
    fi
  done
  libvirt_stop_stray_qemu
  if _virsh pool-info "$VDI_STORAGE_POOL" >/dev/null 2>&1; then
    log "deleting storage pool $VDI_STORAGE_POOL and its volumes"
    _libvirt_pool_active || _virsh pool-start "$VDI_STORAGE_POOL" >/dev/null 2>&1 || true
    for v in $(_virsh vol-list "$VDI_STORAGE_POOL" 2>/dev/null | awk '{print $1}'); do
      _virsh vol-delete --pool "$VDI_STORAGE_POOL" "$v" >/dev/null || warn "could not delete volume $v"
    done
    _virsh pool-destroy "$VDI_STORAGE_POOL" >/dev/null 2>&1 || true
    _virsh pool-delete "$VDI_STORAGE_POOL" >/dev/null 2>&1 || warn "could not remove $VDI_STORAGE_DIR"
    _virsh pool-undefine "$VDI_STORAGE_POOL" >/dev/null || warn "could not undefine pool $VDI_STORAGE_POOL"
  fi
  rm -f "$VDI_STATE/golden-volume.hash"
}

# libvirt_stop: stops libvirtd and virtlogd, but only those this profile started.
# Running domains keep running (libvirtd picks them up again when it starts):
# shut the profile's desktops down first (libvirt_shutdown_desktops).
libvirt_stop() {
  local n
  for n in libvirtd virtlogd; do
    if [ -f "$VDI_RUN/$n.pid" ]; then
      log "stopping $n"
      stop_pid "$n"
    fi
  done
}

# libvirt_status: one line each for virtlogd, libvirtd and the virtualization type.
libvirt_status() {
  local n
  for n in virtlogd libvirtd; do
    if pid_alive "$n"; then
      printf '%-9s up (pid %s, started by the %s profile), log %s\n' "$n:" "$(cat "$VDI_RUN/$n.pid")" \
        "$VDI_PROFILE" "$VDI_LOGS/$n.log"
    elif _libvirt_daemon_running "$n"; then
      printf '%-9s up (not started by the %s profile, so its log is not in %s)\n' "$n:" "$VDI_PROFILE" "$VDI_LOGS"
    else
      printf '%-9s down, log %s\n' "$n:" "$VDI_LOGS/$n.log"
    fi
  done
  printf '%-9s %s\n' "virt:" "$(cat "$VDI_STATE/virt-type" 2>/dev/null || echo 'not decided yet (libvirt_virt_type)')"
}

# Run directly: one function per call, e.g. scripts/libvirt.sh status
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    install) libvirt_install ;;
    configure) libvirt_configure ;;
    start) libvirt_start ;;
    virt-type) libvirt_virt_type ;;
    storage) libvirt_storage_ensure ;;
    golden) libvirt_golden_ensure ;;
    shutdown) libvirt_shutdown_desktops ;;
    cleanup) libvirt_cleanup_profile ;;
    stop) libvirt_stop ;;
    status) libvirt_status ;;
    *) die "usage: $0 install|configure|start|virt-type|storage|golden|shutdown|cleanup|stop|status" ;;
  esac
fi
