#!/bin/bash
# libreswan's pluto for the IKEv1 interop test (tests/vm/t_ikev1_libreswan.sh),
# without installing it: the Debian package `libreswan` conflicts with the
# strongSwan packages the rest of the suite needs (strongswan-libcharon), so
# it is fetched with `apt-get download` and unpacked with `dpkg-deb -x`
# under out/libreswan/root (build output, gitignored; the VM guest sees the
# repository, so pluto is there too). Its shared libraries are ordinary
# packages that do not conflict: scripts/install-deps.sh installs them
# (LSW_LIB_PKGS there) and then runs this script.
#
#   scripts/libreswan.sh [--check]
#
# Cheap when out/libreswan/root already holds pluto from the candidate
# version recorded in out/libreswan/VERSION (no network then; the version
# is only compared when apt knows one). --check: exit 1 (with a message)
# unless pluto is there and all its libraries resolve. Needs no root.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${LSW_DIR:-$REPO/out/libreswan}
ROOT=$DIR/root
PLUTO=$ROOT/usr/libexec/ipsec/pluto

msg() { echo "libreswan: $*" >&2; }

# ok: pluto unpacked, executable, every library found.
ok() {
	[[ -x "$PLUTO" && -x "$ROOT/usr/libexec/ipsec/whack" && -x "$ROOT/usr/libexec/ipsec/addconn" ]] || return 1
	! ldd "$PLUTO" "$ROOT/usr/libexec/ipsec/whack" "$ROOT/usr/libexec/ipsec/addconn" | grep -q 'not found'
}

if [[ "${1:-}" == --check ]]; then
	if ! ok; then
		if [[ -x "$PLUTO" ]]; then
			msg "pluto's libraries missing: $(ldd "$PLUTO" | awk '/not found/ { printf "%s ", $1 }')(scripts/install-deps.sh)"
		else
			msg "$PLUTO missing (scripts/install-deps.sh or scripts/libreswan.sh)"
		fi
		exit 1
	fi
	exit 0
fi

want=$(apt-cache policy libreswan 2>/dev/null | awk '/Candidate:/ { print $2 }')
[[ "$want" == "(none)" ]] && want=
have=$(cat "$DIR/VERSION" 2>/dev/null || true)
if [[ -x "$PLUTO" && ( -z "$want" || "$want" == "$have" ) ]]; then
	ok || { msg "pluto unpacked but its libraries are missing: $(ldd "$PLUTO" | awk '/not found/ { printf "%s ", $1 }')"; exit 1; }
	exit 0
fi
[[ -n "$want" ]] || { msg "apt knows no libreswan package (apt-get update?)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/libreswan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# _apt fetches into a directory it can write (else apt warns and falls
# back to downloading as root).
chmod 755 "$tmp"
chown _apt "$tmp" 2>/dev/null || true
msg "fetching libreswan $want (apt-get download; not installed: it conflicts with strongSwan)"
(cd "$tmp" && apt-get download -q "libreswan=$want") >&2 || { msg "apt-get download libreswan=$want failed"; exit 1; }
deb=$(ls "$tmp"/libreswan_*.deb)
rm -rf "$DIR.new"
mkdir -p "$DIR.new/root"
dpkg-deb -x "$deb" "$DIR.new/root"
echo "$want" >"$DIR.new/VERSION"
rm -rf "$DIR"
mv "$DIR.new" "$DIR"
ok || { msg "unpacked, but pluto's libraries are missing: $(ldd "$PLUTO" | awk '/not found/ { printf "%s ", $1 }')(scripts/install-deps.sh installs them)"; exit 1; }
msg "pluto $want in $ROOT"
