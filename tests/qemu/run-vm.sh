#!/bin/bash
# Boot the distribution kernel under qemu and run one command inside it.
#
#   tests/qemu/run-vm.sh [options] -- COMMAND [ARGS...]
#
# The guest sees the host root file system read-only (9p) under a tmpfs
# overlay, so everything is at the same path as on the host; COMMAND runs
# as root with bash, cwd = the repository. Build what the guest needs on the
# host first: the guest cannot write to the host. Writable in the guest
# (and thrown away): /, /tmp, /run, /scratch ($VM_SCRATCH). Written back
# to the host: $REPO/out/vm-results ($VM_RESULTS).
#
# Options:
#   --log FILE       full console log + guest dmesg (default out/vm-console.log;
#                    out/vm-console-RUNID.log while another run holds it)
#   --timeout S      kill the VM after S seconds (default 900; exit 124)
#   --env NAME=VAL   export NAME=VAL to COMMAND (repeatable)
#   --mem SIZE       guest memory (default 2G)     --smp N  CPUs (default 2)
#   --accel A        tcg, kvm or auto (default: $VM_ACCEL or auto: kvm only
#                    when a probe boot under kvm works, else tcg)
#   --append ARGS    extra kernel command line
#   --kernel FILE    boot FILE instead of /boot/vmlinuz-$KVER (default:
#                    $VM_KERNEL if set); its modules must be in
#                    /lib/modules/$KVER: set KVER to its release
#                    (scripts/debug-kernel.sh, `make check-debug`)
#   --allow-warn     do not fail the run on kernel WARNING/BUG splats
#   --verbose        also show the boot messages on stdout
#
# Exit status: COMMAND's. 124 = timeout, 125 = the VM failed (kernel panic,
# oops, guest died, kernel WARNING/BUG splat in dmesg), with a message on
# stderr "run-vm: ..." in every harness failure case.
# The whole script is one compound command, read before it runs: editing
# this file while it runs (a long VM run) cannot derail the running copy.
{
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$REPO/out
RESULTS=$OUT/vm-results

LOG=$OUT/vm-console.log
TIMEOUT=900
MEM=2G
SMP=2
ACCEL=${VM_ACCEL:-auto}
APPEND=
KERNEL=${VM_KERNEL:-}
ALLOW_WARN=0
VERBOSE=0
ENVS=()

msg() { echo "run-vm: $*" >&2; }
usage() { sed -n '2,/^# The whole script/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }

while (($#)); do
	case "$1" in
	--log) LOG=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--env) ENVS+=("$2"); shift 2 ;;
	--mem) MEM=$2; shift 2 ;;
	--smp) SMP=$2; shift 2 ;;
	--accel) ACCEL=$2; shift 2 ;;
	--append) APPEND=$2; shift 2 ;;
	--kernel) KERNEL=$2; shift 2 ;;
	--allow-warn) ALLOW_WARN=1; shift ;;
	--verbose) VERBOSE=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) msg "unknown option $1"; usage ;;
	esac
done
(($#)) || { msg "no command given"; usage; }
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || { msg "bad --timeout $TIMEOUT"; exit 2; }
for e in "${ENVS[@]}"; do
	[[ "$e" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { msg "bad --env $e (want NAME=VALUE)"; exit 2; }
done
case "$REPO$RESULTS" in
*[[:space:]]*) msg "the repository path must not contain white space: $REPO"; exit 2 ;;
esac

KVER=$("$REPO/scripts/kver.sh")
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
[[ -r "$KERNEL" ]] || { msg "$KERNEL not readable"; exit 125; }
command -v qemu-system-x86_64 >/dev/null || { msg "qemu-system-x86_64 missing (scripts/install-deps.sh)"; exit 125; }

mkdir -p "$OUT/initramfs" "$RESULTS" "$(dirname "$LOG")"
LOG=$(cd "$(dirname "$LOG")" && pwd)/$(basename "$LOG")

# --- initramfs, rebuilt when any of its inputs changes ----------------------
INITRD=$OUT/initramfs/initramfs-$KVER.cpio
# Several run-vm.sh may start at once (make check next to a developer's
# run): one at a time builds the initramfs and probes KVM.
exec 9>"$OUT/initramfs/.lock"
flock 9
stamp=$( {
	echo "$KVER"
	cat "$HERE/mkinitramfs.sh" "$HERE/init"
	sha256sum /bin/busybox "/lib/modules/$KVER/modules.dep"
} | sha256sum | cut -d' ' -f1)
if [[ ! -f "$INITRD" || "$(cat "$INITRD.stamp" 2>/dev/null)" != "$stamp" ]]; then
	"$HERE/mkinitramfs.sh" "$KVER" "$INITRD"
	echo "$stamp" >"$INITRD.stamp"
fi

CMDLINE="console=ttyS0,115200 loglevel=5 panic=-1 oops=panic log_buf_len=4M"
CMDLINE+=" mitigations=off tsc=unstable 8250.nr_uarts=1 $APPEND"

QEMU_BASE=(qemu-system-x86_64 -m "$MEM" -smp "$SMP" -kernel "$KERNEL"
	-initrd "$INITRD" -display none -vga none -monitor none -nodefaults
	-no-reboot -device virtio-rng-pci)

# --- accelerator: KVM only when a probe boot really works -----------------
kvm_works() {
	local cache=$OUT/initramfs/kvm-probe-$KVER plog=$OUT/initramfs/kvm-probe.log
	[[ -r /dev/kvm && -w /dev/kvm ]] || return 1
	if [[ ! -f "$cache" ]]; then
		msg "probing KVM (up to 20 s)..."
		: >"$plog"
		timeout -k 2 20 "${QEMU_BASE[@]}" -accel kvm -cpu host \
			-chardev "file,id=con0,path=$plog" -serial chardev:con0 \
			-append "$CMDLINE vm_mode=probe" >/dev/null 2>&1 || true
		if grep -q 'l2tpsec-vm: probe ok' "$plog"; then echo kvm >"$cache"; else echo tcg >"$cache"; fi
		msg "KVM probe: $(cat "$cache")"
	fi
	[[ "$(cat "$cache")" == kvm ]]
}
case "$ACCEL" in
auto) if kvm_works; then ACCEL=kvm; else ACCEL=tcg; fi ;;
kvm|tcg) ;;
*) msg "bad --accel $ACCEL"; exit 2 ;;
esac
exec 9>&-
if [[ "$ACCEL" == kvm ]]; then
	ACCEL_ARGS=(-accel kvm -cpu host)
else
	ACCEL_ARGS=(-accel tcg,thread=multi -cpu "${VM_CPU:-max}")
fi

# --- the command -----------------------------------------------------------
RUNDIR=$(mktemp -d "$RESULTS/.run-XXXXXX")
RUNID=${RUNDIR##*/.run-}
{
	echo "# generated by run-vm.sh"
	printf 'cd %q || exit 99\n' "$REPO"
	printf 'export REPO=%q KVER=%q\n' "$REPO" "$KVER"
	for e in "${ENVS[@]}"; do printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"; done
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} >"$RUNDIR/cmd"

QPID=
cleanup() {
	if [[ -n "$QPID" ]]; then kill "$QPID" 2>/dev/null || true; fi
	rm -rf "$RUNDIR"
}
trap cleanup EXIT
trap 'msg "interrupted"; exit 130' INT TERM

# One run per console log: when another run (of another developer, say)
# writes this one, use a log of our own instead of mixing the two.
exec 8>>"$LOG"
if ! flock -n 8; then
	exec 8>&-
	LOG=${LOG%.log}-$RUNID.log
	msg "$(basename "${LOG%-"$RUNID".log}").log is in use by another run: console log $LOG"
	exec 8>>"$LOG"
	flock -n 8
fi
: >"$LOG"
start=$(date +%s.%N)
timeout -k 5 "$TIMEOUT" "${QEMU_BASE[@]}" "${ACCEL_ARGS[@]}" \
	-chardev "file,id=con0,path=$LOG" -serial chardev:con0 \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$RESULTS,mount_tag=results,security_model=none,multidevs=remap" \
	-append "$CMDLINE vm_run=$RUNID vm_results=$RESULTS vm_repo=$REPO" \
	</dev/null >"$RUNDIR/qemu.out" 2>&1 &
QPID=$!

# Stream the guest's output (boot noise only with --verbose). mawk (Debian's
# awk) reads a pipe in blocks: -W interactive makes it go line by line.
AWK=(awk)
awk -W version 2>&1 | grep -q mawk && AWK=(awk -W interactive)
tail -n +1 -F --pid="$QPID" "$LOG" 2>/dev/null | "${AWK[@]}" -v verbose="$VERBOSE" '
	{ sub(/\r$/, "") }
	/^l2tpsec-vm: running$/ { on = 1; if (!verbose) next }
	/^l2tpsec-vm: exit status/ { on = 0; if (!verbose) next }
	on || verbose || /l2tpsec-vm: FATAL|Kernel panic|BUG:|Oops|WARNING:/ { print; fflush() }
' &
TPID=$!

qrc=0
wait "$QPID" || qrc=$?
QPID=
wait "$TPID" || true
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

if [[ -s "$RUNDIR/qemu.out" ]]; then
	{ echo "===== qemu stdout/stderr ====="; cat "$RUNDIR/qemu.out"; } >>"$LOG"
fi
if [[ -f "$RUNDIR/dmesg" ]]; then
	{ echo "===== guest dmesg ====="; cat "$RUNDIR/dmesg"; } >>"$LOG"
fi

SPLAT='(BUG:|WARNING:|UBSAN:|ODEBUG:|Oops|general protection fault|kernel BUG at|Kernel panic|list_(add|del) corruption|refcount_t:|unreferenced object|INFO: task .* blocked|INFO: trying to register non-static key|Kernel memory leak detector disabled)'
if [[ "$qrc" == 124 || "$qrc" == 137 ]]; then
	msg "TIMEOUT: the VM did not finish within $TIMEOUT s (console log: $LOG)"
	tail -n 20 "$LOG" | tr -d '\r' >&2
	exit 124
fi
if [[ ! -f "$RUNDIR/status" ]]; then
	if grep -q 'Kernel panic' "$LOG"; then
		msg "KERNEL PANIC: $(grep -m1 -o 'Kernel panic.*' "$LOG" | tr -d '\r') (console log: $LOG)"
	else
		msg "the guest died without reporting a status (qemu exit $qrc; console log: $LOG)"
		tail -n 30 "$LOG" | tr -d '\r' >&2
	fi
	exit 125
fi

rc=$(cat "$RUNDIR/status")
[[ "$rc" =~ ^[0-9]+$ ]] || { msg "bad status '$rc'"; exit 125; }
if [[ "$ALLOW_WARN" == 0 && -f "$RUNDIR/dmesg" ]] && grep -qE "\] $SPLAT" "$RUNDIR/dmesg"; then
	msg "kernel WARNING/BUG during the run (console log: $LOG):"
	grep -E -A 25 "\] $SPLAT" "$RUNDIR/dmesg" | head -n 60 >&2
	((rc == 0)) && rc=125
fi
msg "guest exit status $rc ($ACCEL, ${elapsed}s, log $LOG)"
exit "$rc"
exit
}
