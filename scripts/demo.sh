#!/bin/bash
# The l2tpsec demo (`make demo`): installs missing Debian packages, builds
# the module and the CLI, boots the packaged kernel under qemu and runs
# tests/vm/demo-guest.sh there: two namespaces, a statically keyed L2TPv3
# Ethernet pseudowire over ESP AES-GCM-128 in UDP 4500, ping, iperf3 and
# the SA counters.
#
#   scripts/demo.sh [--ike | --remote-access] [run-vm.sh options...]
#
# --ike: l2tpsecd negotiates the SAs with IKEv2 (PSK) and brings the
# pseudowire up, instead of static keys from the CLI.
# --remote-access: l2tpsecd as a remote-access gateway (IKEv1 PSK, its
# L2TPv2 LNS and PPP server, address pool, DNS) and, behind a NAT, the
# Linux built-in client stack (strongSwan charon, xl2tpd, pppd with
# MS-CHAPv2): tests/vm/demo-remote-access.sh.
#
# Environment: DEMO_SECONDS (iperf3 duration, default 5), NO_DEPS=1 (do not
# call scripts/install-deps.sh). Console log: out/demo-console.log.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
keying=static
guest=tests/vm/demo-guest.sh
if [[ "${1:-}" == --ike ]]; then
	keying=ike
	shift
elif [[ "${1:-}" == --remote-access ]]; then
	guest=tests/vm/demo-remote-access.sh
	shift
fi

if [[ "${NO_DEPS:-}" != 1 ]]; then
	scripts/install-deps.sh
fi
mkdir -p out
echo "demo: building (log out/demo-build.log)"
make --no-print-directory all >out/demo-build.log 2>&1 || {
	tail -n 40 out/demo-build.log >&2
	echo "demo: build failed (out/demo-build.log)" >&2
	exit 1
}

echo "demo: booting $(scripts/kver.sh) under qemu (about half a minute)..."
exec tests/qemu/run-vm.sh --log "$REPO/out/demo-console.log" --timeout 600 \
	--env "DEMO_SECONDS=${DEMO_SECONDS:-5}" --env "DEMO_KEYING=$keying" "$@" -- \
	bash "$guest"
