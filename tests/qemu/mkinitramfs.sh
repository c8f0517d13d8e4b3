#!/bin/bash
# Build the l2tpsec test initramfs: busybox-static + tests/qemu/init + the
# modules needed to reach the host root over virtio-9p and stack an overlay.
#
#   tests/qemu/mkinitramfs.sh KVER OUTPUT.cpio
#
# Modules come from /lib/modules/KVER with their modules.dep dependencies,
# decompressed if the distribution compresses them.
set -euo pipefail

KVER=${1:?usage: mkinitramfs.sh KVER OUTPUT}
OUT=${2:?usage: mkinitramfs.sh KVER OUTPUT}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODDIR=/lib/modules/$KVER
WANT=(virtio_pci 9pnet_virtio 9p overlay)
BUSYBOX=${BUSYBOX:-/bin/busybox}

die() { echo "mkinitramfs: $*" >&2; exit 1; }

[[ -f "$MODDIR/modules.dep" ]] || die "$MODDIR/modules.dep missing (linux-image-$KVER not installed?)"
[[ -x "$BUSYBOX" ]] || die "$BUSYBOX missing (apt-get install busybox-static)"
ldd_out=$(LC_ALL=C ldd "$BUSYBOX" 2>&1 || true)
if ! grep -q 'not a dynamic' <<<"$ldd_out"; then
	die "$BUSYBOX is not static (apt-get install busybox-static)"
fi
command -v cpio >/dev/null || die "cpio missing (apt-get install cpio)"

# name -> path in modules.dep ("kernel/fs/9p/9p.ko:" ...); '-' and '_' are
# the same in module names.
declare -A DEP=() BYNAME=()
while IFS= read -r line; do
	mod=${line%%:*}
	base=${mod##*/}
	base=${base%%.ko*}
	BYNAME[${base//-/_}]=$mod
	DEP[$mod]=${line#*:}
done <"$MODDIR/modules.dep"

declare -A SEEN=()
ORDER=()
add() { # add module path $1 after its dependencies
	local m=$1 d
	[[ -n "${SEEN[$m]:-}" ]] && return 0
	SEEN[$m]=1
	for d in ${DEP[$m]}; do add "$d"; done
	ORDER+=("$m")
}
for w in "${WANT[@]}"; do
	n=${w//-/_}
	if [[ -n "${BYNAME[$n]:-}" ]]; then
		add "${BYNAME[$n]}"
	elif grep -qE "/${w//_/[-_]}\.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
		: # built into the kernel
	else
		die "module $w not found in $MODDIR"
	fi
done

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,dev,proc,sys,mnt,modules,newroot,tmp}
cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list); do
	[[ "$applet" == busybox ]] || ln -s busybox "$STAGE/bin/$applet"
done
install -m 0755 "$HERE/init" "$STAGE/init"

: >"$STAGE/modules.list"
for m in "${ORDER[@]}"; do
	src=$MODDIR/$m
	name=$(basename "$m")
	case "$name" in
	*.ko) cp "$src" "$STAGE/modules/$name" ;;
	*.ko.xz) name=${name%.xz}; xz -dc "$src" >"$STAGE/modules/$name" ;;
	*.ko.zst) name=${name%.zst}; zstd -qdc "$src" >"$STAGE/modules/$name" ;;
	*.ko.gz) name=${name%.gz}; gzip -dc "$src" >"$STAGE/modules/$name" ;;
	*) die "unknown module format: $m" ;;
	esac
	echo "$name" >>"$STAGE/modules.list"
done

mkdir -p "$(dirname "$OUT")"
(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "mkinitramfs: $OUT ($(du -h "$OUT" | cut -f1), modules: $(tr '\n' ' ' <"$STAGE/modules.list"))" >&2
