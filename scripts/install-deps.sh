#!/bin/bash
# Install every Debian 12 package l2tpsec needs to build, test and demo:
# the module (kernel headers), the CLI (libmnl), the unit and fuzz tests
# (clang + libFuzzer runtime), and the qemu VM tests (qemu, a kernel image,
# busybox-static, and the tools the guest tests run from the host root:
# iproute2, iputils-ping, tcpdump, iperf3, nftables, jq, python3...).
#
#   scripts/install-deps.sh [--check]
#
# Cheap when everything is there already: dpkg-query first, apt-get (with
# apt-get update) only for what is missing. --check only reports, exit 1
# when something is missing. Needs root to install.
set -euo pipefail

PKGS=(
	# build
	gcc make libc6-dev pkg-config libmnl-dev libssl-dev kmod bc
	linux-image-amd64 linux-headers-amd64
	# static checks, unit tests, fuzzing
	sparse clang libclang-rt-14-dev
	# the VM and what the guest runs (the guest sees the host's root)
	qemu-system-x86 busybox-static cpio xz-utils zstd
	iproute2 iputils-ping tcpdump iperf3 nftables procps jq python3
	coreutils util-linux
	# the IKE tests: strongSwan's charon as the peer (+ swanctl, pki; GCM,
	# openssl (ECDSA, ECP) and curve25519/chacha plugins), openssl CLI
	strongswan-charon strongswan-swanctl strongswan-pki
	libstrongswan-standard-plugins libstrongswan-extra-plugins openssl
	# make bench: kernel WireGuard's key tool, the chart
	wireguard-tools gnuplot-nox
	# the libreswan IKEv1 interop test: pluto's shared libraries and NSS
	# tools (certutil, pk12util). libreswan itself conflicts with
	# strongSwan: scripts/libreswan.sh unpacks it under out/libreswan.
	libnss3-tools libldns3 libevent-pthreads-2.1-7 libevent-core-2.1-7
	libunbound8 libcurl3-nss libcap-ng0 libnss3 libnspr4 libldap-2.5-0
	# remote access: the Linux built-in client stack (xl2tpd LAC + pppd)
	xl2tpd ppp
)

check_only=0
[[ "${1:-}" == --check ]] && check_only=1

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ "$st" == installed ]] || missing+=("$p")
done

kver_ok() { "$(dirname "${BASH_SOURCE[0]}")/kver.sh" >/dev/null 2>&1; }
# libreswan's pluto unpacked under out/libreswan (scripts/libreswan.sh)
lsw_ok() { "$(dirname "${BASH_SOURCE[0]}")/libreswan.sh" --check 2>/dev/null; }
lsw_fetch() {
	"$(dirname "${BASH_SOURCE[0]}")/libreswan.sh" ||
		{ echo "install-deps: scripts/libreswan.sh failed" >&2; exit 1; }
}

if ((check_only)); then
	lsw_ok || missing+=("libreswan (out/libreswan: scripts/libreswan.sh)")
	((${#missing[@]} == 0)) && kver_ok && exit 0
	echo "install-deps: missing: ${missing[*]:-(a kernel image with matching headers)}" >&2
	exit 1
fi
if ((${#missing[@]} == 0)) && kver_ok; then
	lsw_ok || lsw_fetch
	exit 0
fi
if ((EUID != 0)); then
	echo "install-deps: missing packages: ${missing[*]}; run as root: $0" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]:-kernel headers}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if ((${#missing[@]})); then
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# linux-headers-amd64 follows the newest kernel ABI, which is not always the
# image installed: make sure some /boot/vmlinuz-V has /lib/modules/V/build.
if ! kver_ok; then
	for f in /boot/vmlinuz-*; do
		[[ -e "$f" ]] || continue
		apt-get install -y -q --no-install-recommends "linux-headers-${f#/boot/vmlinuz-}" || true
	done
fi
kver_ok || { echo "install-deps: no kernel image with matching headers (see scripts/kver.sh)" >&2; exit 1; }
lsw_fetch
echo "install-deps: done (kernel $("$(dirname "${BASH_SOURCE[0]}")/kver.sh"))" >&2
