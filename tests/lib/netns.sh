#!/bin/bash
# shellcheck shell=bash
# Helpers for the guest tests (tests/vm/t_*.sh). Source it:
#
#   . "$(dirname "$0")/../lib/netns.sh"
#
# Sourcing sets `set -euo pipefail`, refuses to run outside the test VM
# (the helpers add/delete namespaces and load modules), and installs an EXIT
# trap that kills registered background processes, runs registered cleanup
# commands (last first) and deletes the namespaces made here.
#
# Layouts:
#   setup_two_ns      ns1 [veth1 10.0.0.1/24] <-> [veth2 10.0.0.2/24] ns2
#   setup_nat_ns      ns1 [veth1 172.16.0.2/24, default via 172.16.0.1]
#                     <-> [nat-in 172.16.0.1/24] natns [nat-out 10.0.0.1/24]
#                     <-> [veth2 10.0.0.2/24] ns2; natns masquerades (nft)
#                     whatever leaves nat-out, so ns2 sees ns1 as 10.0.0.1.
#   setup_nat_ns2     setup_nat_ns plus ns3 [veth3 172.16.0.3/24, default via
#                     172.16.0.1] on the same private LAN as ns1 (natns
#                     bridges nat-in and nat-in3 in natbr 172.16.0.1/24):
#                     ns2 sees both ns1 and ns3 as 10.0.0.1 (other ports).
#   ns_create NAME..., ns_link NS_A IF_A ADDR_A NS_B IF_B ADDR_B: build more.
# Assertions print "FAIL: what (expected..., got...)" and exit 1.
# No skips: a missing feature or module is a failure.

set -euo pipefail

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${REPO:-$(cd "$LIB_DIR/../.." && pwd)}
TOOLS_DIR=${TOOLS_DIR:-$REPO/tests/tools}
ENCAP_SOCK=$TOOLS_DIR/encap-sock
L2TPSEC_KO=${L2TPSEC_KO:-$REPO/kernel/l2tpsec.ko}
L2TPSEC=${L2TPSEC:-$REPO/userspace/l2tpsec}
SCRATCH=${VM_SCRATCH:-/tmp}
export REPO TOOLS_DIR L2TPSEC

# Modules every data-plane test may need, stock reference included.
STOCK_MODULES=(veth udp_tunnel ip6_udp_tunnel aesni_intel esp4 xfrm_user
	l2tp_core l2tp_netlink l2tp_eth l2tp_ppp)

# Outer addresses of the two-namespace layouts.
NS1_IP=10.0.0.1
NS2_IP=10.0.0.2
NS1_IF=veth1
NS2_IF=veth2
# setup_nat_ns: ns1's private address, its gateway, and what ns2 sees.
NAT_PRIV_IP=172.16.0.2
NAT_GW_IP=172.16.0.1
NAT_PUB_IP=10.0.0.1
# setup_nat_ns2: ns3's private address (behind the same NAT as ns1).
NAT_PRIV2_IP=172.16.0.3

# ---------------------------------------------------------------- output --
log() { echo "# $*"; }
step() { echo "# --- $*"; }
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# Refuse to touch the host's namespaces and modules.
if [[ "${L2TPSEC_VM:-}" != 1 && "${L2TPSEC_FORCE_HOST:-}" != 1 ]]; then
	echo "FAIL: $(basename "$0"): run inside the test VM (tests/qemu/run-vm.sh), or set L2TPSEC_FORCE_HOST=1" >&2
	exit 1
fi
[[ $EUID == 0 ]] || fail "must run as root"

# ------------------------------------------------------------------ KTAP --
# ktap_plan N; ktap_result PASS(0|1) NUM NAME [# DIRECTIVE]
ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}
ktap_result() {
	local pass=$1 num=$2 name=$3 directive=${4:-}
	local word="ok"
	[[ "$pass" == 0 ]] || word="not ok"
	echo "$word $num $name${directive:+ # $directive}"
}

# --------------------------------------------------------------- cleanup --
__CLEANUP=()
__BG_PIDS=()
__NAMESPACES=()
# on_exit CMD...: run CMD (one string, eval'ed) when the test exits.
on_exit() { __CLEANUP+=("$*"); }
__lib_cleanup() {
	local rc=$? i pid ns
	set +e
	for ((i = ${#__CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${__CLEANUP[i]}" >/dev/null 2>&1
	done
	for pid in "${__BG_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${__BG_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for ns in "${__NAMESPACES[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	return "$rc"
}
trap __lib_cleanup EXIT

# bg NAME CMD...: start CMD in the background, killed at exit; $BG_PID.
bg() {
	local name=$1
	shift
	"$@" >"$SCRATCH/bg-$name.log" 2>&1 &
	BG_PID=$!
	__BG_PIDS+=("$BG_PID")
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local t=$1 deadline
	shift
	deadline=$((SECONDS + t))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# --------------------------------------------------------------- modules --
# load_modules [MOD...]: modprobe STOCK_MODULES and MOD..., fail on any.
load_modules() {
	local m
	for m in "${STOCK_MODULES[@]}" "$@"; do
		modprobe "$m" 2>"$SCRATCH/modprobe.err" ||
			fail "modprobe $m: $(cat "$SCRATCH/modprobe.err")"
	done
}

l2tpsec_available() { [[ -f "$L2TPSEC_KO" ]]; }

# load_l2tpsec: insmod kernel/l2tpsec.ko (after modprobing what it depends
# on); fails the test if the module is not built.
load_l2tpsec() {
	local deps d
	[[ -d /sys/module/l2tpsec ]] && return 0
	l2tpsec_available || fail "$L2TPSEC_KO not built (run make on the host first)"
	deps=$(modinfo -F depends "$L2TPSEC_KO" 2>/dev/null || true)
	for d in ${deps//,/ }; do
		modprobe "$d" || fail "modprobe $d (needed by l2tpsec.ko)"
	done
	insmod "$L2TPSEC_KO" 2>"$SCRATCH/insmod.err" ||
		fail "insmod $L2TPSEC_KO: $(cat "$SCRATCH/insmod.err")"
}

unload_l2tpsec() {
	[[ -d /sys/module/l2tpsec ]] || return 0
	rmmod l2tpsec || fail "rmmod l2tpsec"
}

# require_tool PATH: fail clearly when a host-built helper is missing.
require_tool() {
	[[ -x "$1" ]] || fail "$1 not built (run make on the host first)"
}

# ------------------------------------------------------------ namespaces --
# ns_create NAME...: new namespaces with lo up, deleted at exit.
ns_create() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns" || fail "ip netns add $ns"
		__NAMESPACES+=("$ns")
		ip -n "$ns" link set lo up
	done
}

# ns_destroy_all: kill what runs in the namespaces made so far, delete them
# (to start the next case of a test from scratch).
ns_destroy_all() {
	local ns
	for ns in "${__NAMESPACES[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	__NAMESPACES=()
}

# ns_exec NS CMD...: ip netns exec shorthand.
ns_exec() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# ns_link NS_A IF_A ADDR_A/LEN NS_B IF_B ADDR_B/LEN: veth pair between
# two namespaces, addresses optional ("" = none), both ends up.
ns_link() {
	local nsa=$1 ifa=$2 addra=$3 nsb=$4 ifb=$5 addrb=$6
	ip link add "$ifa" netns "$nsa" type veth peer name "$ifb" netns "$nsb" ||
		fail "veth $nsa/$ifa <-> $nsb/$ifb"
	[[ -z "$addra" ]] || ip -n "$nsa" addr add "$addra" dev "$ifa"
	[[ -z "$addrb" ]] || ip -n "$nsb" addr add "$addrb" dev "$ifb"
	ip -n "$nsa" link set "$ifa" up
	ip -n "$nsb" link set "$ifb" up
}

setup_two_ns() {
	load_modules
	ns_create ns1 ns2
	ns_link ns1 "$NS1_IF" "$NS1_IP/24" ns2 "$NS2_IF" "$NS2_IP/24"
	ping_ok ns1 "$NS2_IP"
}

setup_nat_ns() {
	load_modules nf_tables nft_chain_nat nft_masq
	ns_create ns1 natns ns2
	ns_link ns1 "$NS1_IF" "$NAT_PRIV_IP/24" natns nat-in "$NAT_GW_IP/24"
	ns_link natns nat-out "$NAT_PUB_IP/24" ns2 "$NS2_IF" "$NS2_IP/24"
	ip -n ns1 route add default via "$NAT_GW_IP"
	ns_exec natns sysctl -qw net.ipv4.ip_forward=1
	ns_exec natns nft -f - <<-'EOF' || fail "nft masquerade setup in natns"
		table ip nat {
			chain postrouting {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "nat-out" masquerade
			}
		}
	EOF
	ping_ok ns1 "$NS2_IP"
}

# setup_nat_ns2: setup_nat_ns, then a second client namespace ns3 on ns1's
# private LAN: natns's nat-in moves into a bridge natbr (which takes the
# gateway address 172.16.0.1/24) together with nat-in3, the peer of
# ns3/veth3 172.16.0.3/24. Both leave through nat-out masqueraded to
# 10.0.0.1, each with its own source ports.
setup_nat_ns2() {
	setup_nat_ns
	load_modules bridge
	ip -n natns link add natbr type bridge || fail "bridge natbr in natns"
	ip -n natns addr del "$NAT_GW_IP/24" dev nat-in
	ip -n natns link set nat-in master natbr
	ip -n natns addr add "$NAT_GW_IP/24" dev natbr
	ip -n natns link set natbr up
	nat_add_client ns3 3 "$NAT_PRIV2_IP"
	ping_ok ns1 "$NS2_IP"
}

# nat_add_client NS N IP (after setup_nat_ns2): one more client namespace
# NS on the NAT's private LAN: NS/vethN IP/24 <-> natns/nat-inN on natbr,
# default route through the NAT.
nat_add_client() {
	local ns=$1 n=$2 ip=$3
	ns_create "$ns"
	ns_link "$ns" "veth$n" "$ip/24" natns "nat-in$n" ""
	ip -n natns link set "nat-in$n" master natbr
	ip -n "$ns" route add default via "$NAT_GW_IP"
	wait_for 10 ip netns exec "$ns" ping -n -c 1 -W 1 "$NS2_IP" ||
		fail "nat_add_client: $ns does not reach $NS2_IP through the NAT"
}

# ----------------------------------------------------------- assertions --
assert_eq() { # ACTUAL EXPECTED WHAT
	[[ "$1" == "$2" ]] || fail "${3:-value}: expected '$2', got '$1'"
}
assert_ne() { # ACTUAL UNEXPECTED WHAT
	[[ "$1" != "$2" ]] || fail "${3:-value}: expected anything but '$2'"
}
__num() { [[ "$1" =~ ^-?[0-9]+$ ]] || fail "${2:-value}: '$1' is not a number"; }
assert_ge() { # ACTUAL MIN WHAT
	__num "$1" "${3:-}"
	(($1 >= $2)) || fail "${3:-value}: expected >= $2, got $1"
}
assert_gt() { # ACTUAL BOUND WHAT
	__num "$1" "${3:-}"
	(($1 > $2)) || fail "${3:-value}: expected > $2, got $1"
}
assert_le() { # ACTUAL MAX WHAT
	__num "$1" "${3:-}"
	(($1 <= $2)) || fail "${3:-value}: expected <= $2, got $1"
}
assert_match() { # STRING ERE WHAT
	[[ "$1" =~ $2 ]] || fail "${3:-value}: '$1' does not match /$2/"
}
# assert_ok CMD...: CMD must succeed; its output is shown when it does not.
assert_ok() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	((rc == 0)) || fail "command failed (status $rc): $*"$'\n'"$out"
}
# assert_fail CMD...: CMD must fail.
assert_fail() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	((rc != 0)) || fail "command unexpectedly succeeded: $*"$'\n'"$out"
}
# ping_ok NS ADDR [COUNT]: COUNT (3) pings from NS must all be answered.
ping_ok() {
	local ns=$1 addr=$2 count=${3:-3} out
	out=$(ip netns exec "$ns" ping -n -q -c "$count" -i 0.2 -W 2 "$addr" 2>&1) ||
		fail "ping $addr from $ns failed:"$'\n'"$out"
	[[ "$out" == *" 0% packet loss"* ]] || fail "ping $addr from $ns lost packets:"$'\n'"$out"
}
# ping_fail NS ADDR: no answer expected.
ping_fail() {
	local ns=$1 addr=$2 out
	if out=$(ip netns exec "$ns" ping -n -q -c 2 -i 0.2 -W 1 "$addr" 2>&1); then
		fail "ping $addr from $ns unexpectedly answered:"$'\n'"$out"
	fi
}

# ---------------------------------------------------------------- capture --
# capture_start NS IFACE FILE: tcpdump everything on NS/IFACE into FILE.
capture_start() {
	local ns=$1 ifc=$2 file=$3
	: >"$SCRATCH/tcpdump-$ifc.err"
	ip netns exec "$ns" tcpdump -i "$ifc" -n -U -Z root --immediate-mode \
		-w "$file" 2>"$SCRATCH/tcpdump-$ifc.err" &
	CAPTURE_PID=$!
	__BG_PIDS+=("$CAPTURE_PID")
	wait_for 10 grep -q "listening on" "$SCRATCH/tcpdump-$ifc.err" ||
		fail "tcpdump on $ns/$ifc did not start: $(cat "$SCRATCH/tcpdump-$ifc.err")"
}
# capture_stop [PID]: stop the capture (default: the last one started).
capture_stop() {
	local pid=${1:-$CAPTURE_PID}
	sleep 0.3
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
# capture_count FILE FILTER: number of packets in FILE matching FILTER.
capture_count() {
	tcpdump -r "$1" -n "$2" 2>/dev/null | wc -l
}

# ------------------------------------------------------------------ misc --
# hexkey NBYTES SEED: deterministic hex string (no 0x) of NBYTES bytes.
hexkey() {
	local n=$1 seed=$2 i out=
	for ((i = 0; i < n; i++)); do
		printf -v out '%s%02x' "$out" $(((seed * 31 + i * 7 + 1) % 256))
	done
	echo "$out"
}
