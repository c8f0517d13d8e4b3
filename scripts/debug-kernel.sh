#!/bin/bash
# The debug kernel: Debian's linux-source-6.1 (the version of the packaged
# kernel the VM tests boot) with a small config for the test VM plus KASAN,
# lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, kmemleak, UBSAN, KFENCE,
# DEBUG_OBJECTS, DEBUG_LIST and the hung-task detector; l2tpsec.ko built
# against it; the VM suite run on it (`make check-debug`).
#
#   scripts/debug-kernel.sh [build|module|check|env]
#
#   build   (default) unpack the source under out/debug-kernel/, configure
#           (defconfig + kvm_guest.config + scripts/debug-kernel.config;
#           fails if any option of that file did not stick), build
#           (nice -n 19 make -j$(nproc) bzImage modules), install the
#           modules in /lib/modules/RELEASE (the guest sees the host root)
#           and the image as out/debug-kernel/vmlinuz-RELEASE (not in /boot:
#           scripts/kver.sh would pick it as everybody's kernel). Cached:
#           nothing is rebuilt while the source version, the config
#           fragment, the compiler and this script's recipe are unchanged.
#           Resumable: an interrupted build continues where it stopped.
#   module  build + l2tpsec.ko against the debug tree, from a copy of
#           kernel/ in out/debug-kernel/module/ (kernel/l2tpsec.ko, which
#           other VM runs use, is not touched)
#   check   build + module + the VM suite on the debug kernel:
#           scripts/check.sh --vm-only with KVER=RELEASE, the module above
#           (L2TPSEC_KO), --mem $DEBUG_VM_MEM (3G), kasan_multi_shot, every
#           test's timeout times TEST_TIMEOUT_SCALE (4), VM_TIMEOUT
#           (default 4 x 4200 s), iperf3 floors of 0.1 instead of 1 Mbit/s
#           (L2S_MIN_BPS). TESTS selects tests as for make check.
#   env     print the release and the paths (shell assignments)
#
# Needs root (apt-get, /lib/modules). Logs: out/debug-kernel/*.log.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DK=$REPO/out/debug-kernel
SRC=$DK/linux-source-6.1
FRAG=$REPO/scripts/debug-kernel.config
# Bump when the way the .config is made changes (the cache key).
RECIPE=1

msg() { echo "debug-kernel: $*" >&2; }
die() { msg "$*"; exit 1; }

mode=${1:-build}
case "$mode" in
build|module|check|env) ;;
*) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

# The packaged kernel the normal VM runs boot (not a KVER from outside:
# `make check-debug` may run with KVER set to the debug release).
pkg_kver=$(env -u KVER "$REPO/scripts/kver.sh")
pkg_ver=$(dpkg-query -W -f='${Version}' "linux-image-$pkg_kver" 2>/dev/null || true)

# --- source -------------------------------------------------------------------
source_ready() {
	local want=$1 have
	have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' linux-source-6.1 2>/dev/null || true)
	[[ "$have" == "installed $want" ]]
}
get_source() {
	local want=$pkg_ver
	if [[ -z "$want" ]]; then
		msg "linux-image-$pkg_kver: no dpkg version; taking whatever linux-source-6.1 is"
		want=$(apt-cache policy linux-source-6.1 | awk '/Candidate:/ { print $2 }')
	fi
	if ! source_ready "$want"; then
		((EUID == 0)) || die "linux-source-6.1 $want missing; run as root"
		export DEBIAN_FRONTEND=noninteractive
		if ! apt-get install -y -q --no-install-recommends "linux-source-6.1=$want" \
			flex bison libelf-dev libssl-dev bc >&2; then
			apt-get update -q >&2
			apt-get install -y -q --no-install-recommends "linux-source-6.1=$want" \
				flex bison libelf-dev libssl-dev bc >&2 || {
				msg "linux-source-6.1=$want not available: taking the candidate"
				apt-get install -y -q --no-install-recommends linux-source-6.1 \
					flex bison libelf-dev libssl-dev bc >&2
			}
		fi
	fi
	for p in flex bison libelf-dev libssl-dev bc; do
		dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
			{ ((EUID == 0)) || die "$p missing; run as root"; apt-get install -y -q "$p" >&2; }
	done
	SRC_VER=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	if [[ "$SRC_VER" != "$pkg_ver" ]]; then
		msg "WARNING: linux-source-6.1 $SRC_VER differs from the packaged kernel" \
			"linux-image-$pkg_kver ${pkg_ver:-?}: going on with what Debian ships"
	fi
	local tarball=/usr/src/linux-source-6.1.tar.xz
	[[ -f "$tarball" ]] || die "$tarball missing (linux-source-6.1 installed?)"
	if [[ "$(cat "$DK/source.version" 2>/dev/null)" != "$SRC_VER" || ! -f "$SRC/Makefile" ]]; then
		msg "unpacking linux-source-6.1 $SRC_VER into $SRC"
		rm -rf "$SRC" "$DK/source.version" "$DK/build.stamp"
		mkdir -p "$DK"
		nice -n 19 tar -C "$DK" -xf "$tarball"
		echo "$SRC_VER" >"$DK/source.version"
	fi
	UPSTREAM=$(make -s --no-print-directory -C "$SRC" kernelversion 2>/dev/null)
	msg "source: linux-source-6.1 $SRC_VER (Linux $UPSTREAM); packaged kernel: $pkg_kver ${pkg_ver:-?}"
}

# --- config -------------------------------------------------------------------
configure() {
	local l o bad=0
	(
		cd "$SRC"
		make -s defconfig
		make -s kvm_guest.config
		scripts/kconfig/merge_config.sh -m .config "$FRAG" >"$DK/config.log" 2>&1
		make -s olddefconfig
	) >>"$DK/config.log" 2>&1 || die "configuring failed ($DK/config.log)"
	while IFS= read -r l; do
		case "$l" in
		"# CONFIG_"*" is not set")
			o=${l#\# }
			o=${o%% *}
			if grep -q "^$o=" "$SRC/.config"; then
				msg "config: $o is set ($(grep "^$o=" "$SRC/.config")), wanted off"
				bad=1
			fi
			;;
		CONFIG_*)
			if ! grep -qxF "$l" "$SRC/.config"; then
				msg "config: wanted $l, got: $(grep -E "^(# )?${l%%=*}[= ]" "$SRC/.config" || echo nothing)"
				bad=1
			fi
			;;
		esac
	done <"$FRAG"
	((bad == 0)) || die "options of $FRAG did not stick (missing dependency?)"
}

cache_key() {
	{
		echo "recipe $RECIPE"
		echo "source $SRC_VER"
		gcc --version | head -n 1
		cat "$FRAG"
	} | sha256sum | cut -d' ' -f1
}

build() {
	get_source
	local key rel t0
	key=$(cache_key)
	if [[ -f "$DK/release" ]]; then
		rel=$(cat "$DK/release")
		if [[ "$(cat "$DK/build.stamp" 2>/dev/null)" == "$key" && -f "$DK/vmlinuz-$rel" &&
			-f "/lib/modules/$rel/modules.dep" && -f "/lib/modules/$rel/modules.builtin" ]]; then
			msg "cached: $DK/vmlinuz-$rel (delete $DK/build.stamp to rebuild)"
			return 0
		fi
	fi
	((EUID == 0)) || die "installing /lib/modules/RELEASE needs root"
	rm -f "$DK/build.stamp"
	configure
	t0=$SECONDS
	msg "building (nice -n 19 make -j$(nproc) bzImage modules; log $DK/build.log)..."
	if ! (cd "$SRC" && nice -n 19 make -j"$(nproc)" bzImage modules) >"$DK/build.log" 2>&1; then
		tail -n 30 "$DK/build.log" >&2
		die "kernel build failed ($DK/build.log)"
	fi
	rel=$(make -s --no-print-directory -C "$SRC" kernelrelease)
	[[ "$rel" == *-l2tpsec-debug ]] || die "unexpected release '$rel'"
	[[ "$rel" != "$pkg_kver" ]] || die "release $rel would shadow the packaged kernel"
	msg "built $rel in $((SECONDS - t0)) s; installing /lib/modules/$rel"
	rm -rf "/lib/modules/$rel"
	(cd "$SRC" && make -s modules_install) >"$DK/install.log" 2>&1 ||
		die "modules_install failed ($DK/install.log)"
	[[ -f "/lib/modules/$rel/modules.dep" ]] || depmod -a "$rel"
	cp "$SRC/arch/x86/boot/bzImage" "$DK/vmlinuz-$rel.tmp"
	mv "$DK/vmlinuz-$rel.tmp" "$DK/vmlinuz-$rel"
	cp "$SRC/.config" "$DK/config-$rel"
	cp "$SRC/System.map" "$DK/System.map-$rel"
	echo "$rel" >"$DK/release"
	echo "$key" >"$DK/build.stamp"
	msg "ok: $DK/vmlinuz-$rel"
}

module() {
	local rel mdir=$DK/module
	rel=$(cat "$DK/release")
	rm -rf "$mdir"
	mkdir -p "$mdir"
	cp -a "$REPO/kernel/." "$mdir/"
	# Only the sources: build products of the normal build stay behind.
	find "$mdir" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.symvers' -o -name '*.order' \) -delete
	if ! nice -n 19 make -C "$SRC" M="$mdir" modules >"$DK/module.log" 2>&1; then
		cat "$DK/module.log" >&2
		die "l2tpsec.ko against $rel failed"
	fi
	grep -E 'warning|error' "$DK/module.log" >&2 || true
	[[ "$(modinfo -F vermagic "$mdir/l2tpsec.ko" | cut -d' ' -f1)" == "$rel" ]] ||
		die "$mdir/l2tpsec.ko: vermagic is not $rel"
	msg "module: $mdir/l2tpsec.ko ($rel)"
}

case "$mode" in
build) build ;;
module)
	build
	module
	;;
env)
	rel=$(cat "$DK/release" 2>/dev/null) || die "not built yet: $0 build"
	printf 'KVER=%q\nVM_KERNEL=%q\nL2TPSEC_KO=%q\n' "$rel" "$DK/vmlinuz-$rel" "$DK/module/l2tpsec.ko"
	;;
check)
	build
	module
	rel=$(cat "$DK/release")
	export KVER=$rel
	scale=${TEST_TIMEOUT_SCALE:-4}
	export VM_TIMEOUT=${DEBUG_VM_TIMEOUT:-$((4200 * scale))}
	export VM_ARGS="--kernel $DK/vmlinuz-$rel --mem ${DEBUG_VM_MEM:-3G} --append kasan_multi_shot
		--env L2TPSEC_KO=$DK/module/l2tpsec.ko --env TEST_TIMEOUT_SCALE=$scale
		--env L2S_MIN_BPS=${L2S_MIN_BPS:-100000} ${VM_ARGS:-}"
	msg "VM suite on $rel (TESTS='${TESTS:-*}', VM_TIMEOUT=$VM_TIMEOUT, timeouts x$scale)"
	exec "$REPO/scripts/check.sh" --vm-only
	;;
esac
