#!/bin/bash
# The L2TPv3 Ethernet pseudowire is a real Ethernet interface: enslaved
# to a bridge on ns2 it carries frames of a third host (ns3, behind the
# bridge) with MAC addresses that are not the session interfaces' own, in
# both directions, over ESP-in-UDP; VLAN-tagged frames pass too.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
l2s_env_up
cleanup() {
	ip netns del ns3 2>/dev/null || true
	l2s_env_down
}
trap cleanup EXIT

l2s_v3_pair aes-gcm-128 udp
wait_ping ns1 192.168.100.2 1 || fail "pseudowire up"

# ns2: br0 = l2tpeth0 + veth to ns3; the pseudowire address moves to br0.
ip netns add ns3
ip link add veth3 netns ns3 type veth peer name veth3b netns ns2
ip -n ns2 addr flush dev l2tpeth0
ip -n ns2 link add br0 type bridge
ip -n ns2 link set l2tpeth0 master br0
ip -n ns2 link set veth3b master br0
ip -n ns2 addr add 192.168.100.2/24 dev br0
ip -n ns2 link set veth3b up
ip -n ns2 link set br0 up
ip -n ns3 addr add 192.168.100.3/24 dev veth3
ip -n ns3 link set veth3 up
ip -n ns3 link set lo up

wait_ping ns1 192.168.100.3 3 || fail "ns1 -> ns3 across the bridged pseudowire"
wait_ping ns3 192.168.100.1 3 || fail "ns3 -> ns1 across the bridged pseudowire"
wait_ping ns1 192.168.100.2 2 || fail "ns1 -> ns2's bridge address"
mac3=$(ip -n ns3 -j link show veth3 | jq -r '.[0].address')
expect_eq "ns1 learned ns3's own MAC through the pseudowire" \
	"$(ip -n ns1 -j neigh show 192.168.100.3 | jq -r '.[0].lladdr')" "$mac3"
ip -n ns2 -j link show l2tpeth0 | jq -e '.[0].master == "br0"' >/dev/null ||
	fail "l2tpeth0 is not a bridge port"

# 802.1Q over the pseudowire: VLAN 42 on ns1's l2tpeth0 and ns3's veth3.
ip -n ns1 link add link l2tpeth0 name pw.42 type vlan id 42
ip -n ns3 link add link veth3 name v3.42 type vlan id 42
ip -n ns1 addr add 192.168.42.1/24 dev pw.42
ip -n ns3 addr add 192.168.42.3/24 dev v3.42
ip -n ns1 link set pw.42 up
ip -n ns3 link set v3.42 up
wait_ping ns1 192.168.42.3 3 || fail "VLAN-tagged frames across the pseudowire"

rx=$(l2s_session_stat ns2 20 200 rx_packets)
tx=$(l2s_session_stat ns2 20 200 tx_packets)
expect_ge "bridged session rx_packets" "$rx" 10
expect_ge "bridged session tx_packets" "$tx" 10
echo "bridged pseudowire: ok"
