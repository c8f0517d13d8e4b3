#!/bin/bash
# timeout: 600
# Tunnels bound to their inbound SAs (TUNNEL_SA_IN). Two clients, cA and
# cB, behind one NAT (nftables masquerade in rt: both are 10.0.0.1 to the
# gateway, ESP-in-UDP from source ports 4501 and 4502), each with its own
# SA pair and L2TPv3 tunnel to gw. cB sends valid ESP under its own SA
# carrying L2TP with the ids of cA's tunnel and session: gw drops it and
# counts it (drop_sa_mismatch), cA's session interface never sees it.
# ESP under cA's SA (its keys) from cB's port is dropped too (the SA's
# peer port). Both clients' traffic flows, and a make-before-break rekey
# (new inbound SA bound with tunnel set) keeps it flowing.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"

ALG=aes-gcm-128
NSS=(cA cB rt gw)

down() {
	local ns
	for ns in "${NSS[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
}

l2s_env_up
l2s_env_down
modprobe nf_tables 2>/dev/null || true
modprobe nft_chain_nat 2>/dev/null || true
modprobe nft_masq 2>/dev/null || true
down
trap down EXIT
for ns in "${NSS[@]}"; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
link() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}
link cA eth0 172.16.1.2/24 rt rt-a 172.16.1.1/24
link cB eth0 172.16.2.2/24 rt rt-b 172.16.2.1/24
link rt rt-out 10.0.0.1/24 gw eth0 10.0.0.2/24
ip -n cA route add default via 172.16.1.1
ip -n cB route add default via 172.16.2.1
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1
# Both clients' NAT-T port 4500 is masqueraded, to fixed public ports so
# that the gateway's SAs can name them.
ip netns exec rt nft -f - <<'EOF' || fail "nft masquerade setup in rt"
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "rt-out" ip saddr 172.16.1.2 udp sport 4500 masquerade to :4501
		oifname "rt-out" ip saddr 172.16.2.2 udp sport 4500 masquerade to :4502
		oifname "rt-out" masquerade
	}
}
EOF
wait_ping cA 10.0.0.2 1 || fail "cA -> gw through the NAT"
wait_ping cB 10.0.0.2 1 || fail "cB -> gw through the NAT"

# sa NS SPI DIR LOCAL PEER DPORT: one ESP-in-UDP SA keyed by its SPI.
sa() {
	# shellcheck disable=SC2046
	l2s "$1" sa add spi "$2" dir "$3" local "$4" peer "$5" alg "$ALG" \
		$(l2s_keyargs "$ALG" $(($2 % 97))) encap udp sport 4500 dport "$6"
}

# pw NS IFNAME ADDR: bring a session interface up, no IPv6 chatter.
pw() {
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip -n "$1" addr add "$3/24" dev "$2"
	ip -n "$1" link set "$2" up
}

mac() { ip -n "$1" -j link show "$2" | jq -r '.[0].address'; }

# gw: tunnel 10 / session 100 (l2tpA) to cA, tunnel 20 / session 200
# (l2tpB) to cB; both peers are 10.0.0.1.
sa gw 0xa002 out 10.0.0.2 10.0.0.1 4501
sa gw 0xa001 in 10.0.0.2 10.0.0.1 4501
sa gw 0xb002 out 10.0.0.2 10.0.0.1 4502
sa gw 0xb001 in 10.0.0.2 10.0.0.1 4502
l2s gw tunnel add id 10 peer-id 11 version 3 local 10.0.0.2 peer 10.0.0.1 \
	sa-out 0xa002 sa-in 0xa001 esp-required
l2s gw tunnel add id 20 peer-id 21 version 3 local 10.0.0.2 peer 10.0.0.1 \
	sa-out 0xb002 sa-in 0xb001 esp-required
l2s gw session add tunnel 10 id 100 peer-id 101 name l2tpA mtu 1300 >/dev/null
l2s gw session add tunnel 20 id 200 peer-id 201 name l2tpB mtu 1300 >/dev/null
pw gw l2tpA 192.168.10.1
pw gw l2tpB 192.168.20.1

# The clients, each with its own SA pair.
sa cA 0xa001 out 172.16.1.2 10.0.0.2 4500
sa cA 0xa002 in 172.16.1.2 10.0.0.2 4500
l2s cA tunnel add id 11 peer-id 10 version 3 local 172.16.1.2 peer 10.0.0.2 \
	sa-out 0xa001 sa-in 0xa002 esp-required
l2s cA session add tunnel 11 id 101 peer-id 100 name l2tpeth0 mtu 1300 >/dev/null
pw cA l2tpeth0 192.168.10.2
sa cB 0xb001 out 172.16.2.2 10.0.0.2 4500
sa cB 0xb002 in 172.16.2.2 10.0.0.2 4500
l2s cB tunnel add id 21 peer-id 20 version 3 local 172.16.2.2 peer 10.0.0.2 \
	sa-out 0xb001 sa-in 0xb002 esp-required
l2s cB session add tunnel 21 id 201 peer-id 200 name l2tpeth0 mtu 1300 >/dev/null
pw cB l2tpeth0 192.168.20.2

[ "$(l2s gw --json tunnel show id 10 | jq -c '.[0].sa_in')" = "[$((0xa001))]" ] ||
	fail "tunnel 10 sa_in: $(l2s gw --json tunnel show id 10 | jq -c '.[0].sa_in')"
l2s gw tunnel show id 10 | grep -q "sa-in 0x0000a001 " || fail "tunnel show: no sa-in"

echo "# normal traffic, both clients"
wait_ping cA 192.168.10.1 3 || fail "cA pseudowire"
wait_ping cB 192.168.20.1 3 || fail "cB pseudowire"
wait_ping gw 192.168.10.2 2 || fail "gw -> cA pseudowire"
wait_ping gw 192.168.20.2 2 || fail "gw -> cB pseudowire"
expect_eq "gw tunnel 10 drop_sa_mismatch" "$(l2s_tunnel_stat gw 10 drop_sa_mismatch)" 0
expect_eq "gw tunnel 20 drop_sa_mismatch" "$(l2s_tunnel_stat gw 20 drop_sa_mismatch)" 0
# From here on no ARP crosses the pseudowires: counts are exact.
ip -n cA neigh replace 192.168.10.1 lladdr "$(mac gw l2tpA)" dev l2tpeth0 nud permanent
ip -n gw neigh replace 192.168.10.2 lladdr "$(mac cA l2tpeth0)" dev l2tpA nud permanent

# inject WHAT IFNAME: 20 ICMP echo frames from cB's interface IFNAME,
# addressed to gw's l2tpA, counted on gw's session 100 and l2tpA.
inject() {
	local what=$1 ifc=$2 rx0 dev0 rx1 dev1
	rx0=$(l2s_session_stat gw 10 100 rx_packets)
	dev0=$(ip -n gw -j -s link show l2tpA | jq '.[0].stats64.rx.packets')
	ip -n cB neigh replace 192.168.10.1 lladdr "$(mac gw l2tpA)" dev "$ifc" nud permanent
	ip netns exec cB ping -c 20 -i 0.05 -W 1 -I "$ifc" 192.168.10.1 >/dev/null 2>&1 || true
	sleep 0.5
	rx1=$(l2s_session_stat gw 10 100 rx_packets)
	dev1=$(ip -n gw -j -s link show l2tpA | jq '.[0].stats64.rx.packets')
	echo "# $what: gw session 100 rx $rx0 -> $rx1, l2tpA rx $dev0 -> $dev1"
	expect_eq "$what: frames that reached cA's session on gw" "$((rx1 - rx0))" 0
	expect_eq "$what: frames on gw's l2tpA" "$((dev1 - dev0))" 0
}

echo "# cB injects into cA's tunnel/session under its own SA"
l2s cB tunnel add id 12 peer-id 10 version 3 local 172.16.2.2 peer 10.0.0.2 sa-out 0xb001
l2s cB session add tunnel 12 id 102 peer-id 100 name evil mtu 1300 >/dev/null
pw cB evil 192.168.10.3
mm0=$(l2s_tunnel_stat gw 10 drop_sa_mismatch)
inject "cB's SA, cA's ids" evil
mm1=$(l2s_tunnel_stat gw 10 drop_sa_mismatch)
expect_ge "gw tunnel 10 drop_sa_mismatch" "$((mm1 - mm0))" 20
# cB's own SA decrypted them: the drop is the binding's, not ESP's
expect_ge "gw SA 0xb001 rx_packets" "$(l2s_sa_stat gw 0xb001 in rx_packets)" 20

echo "# cB sends under cA's SA (cA's keys) from its own NAT port"
sa cB 0xa001 out 172.16.2.2 10.0.0.2 4500
l2s cB tunnel add id 13 peer-id 10 version 3 local 172.16.2.2 peer 10.0.0.2 sa-out 0xa001
l2s cB session add tunnel 13 id 103 peer-id 100 name evil2 mtu 1300 >/dev/null
pw cB evil2 192.168.10.4
pm0=$(l2s_sa_stat gw 0xa001 in drop_sa_mismatch)
inject "cA's SA from cB's port" evil2
pm1=$(l2s_sa_stat gw 0xa001 in drop_sa_mismatch)
expect_ge "gw SA 0xa001 drop_sa_mismatch (peer port)" "$((pm1 - pm0))" 20

echo "# both clients still flow"
wait_ping cA 192.168.10.1 3 || fail "cA pseudowire after the injections"
wait_ping cB 192.168.20.1 3 || fail "cB pseudowire after the injections"

echo "# netlink errors"
out=$(l2s gw tunnel set id 10 sa-in 0xa002 2>&1) && fail "binding an outbound SA worked"
[[ "$out" == *"names no inbound SA"* ]] || fail "sa-in 0xa002: '$out'"
out=$(l2s gw tunnel set id 10 sa-in 0x7777 2>&1) && fail "binding a missing SA worked"
[[ "$out" == *"names no inbound SA"* ]] || fail "sa-in 0x7777: '$out'"
out=$(l2s gw tunnel set id 10 sa-in 0xa001,0xa001 2>&1) && fail "binding an SPI twice worked"
[[ "$out" == *"twice"* ]] || fail "sa-in twice: '$out'"
# a failed set changes nothing (sa-out is checked with it)
out=$(l2s gw tunnel set id 10 sa-out 0x7777 sa-in 0xa001,0xb001 2>&1) &&
	fail "tunnel set with a missing outbound SA worked"
[ "$(l2s gw --json tunnel show id 10 | jq -c '.[0].sa_in')" = "[$((0xa001))]" ] ||
	fail "a failed tunnel set changed the binding"

echo "# rekey: new SA pair for cA, make before break"
sa gw 0xa012 out 10.0.0.2 10.0.0.1 4501
sa gw 0xa011 in 10.0.0.2 10.0.0.1 4501
sa cA 0xa011 out 172.16.1.2 10.0.0.2 4500
sa cA 0xa012 in 172.16.1.2 10.0.0.2 4500
# both ends accept old and new, then switch sending
l2s gw tunnel set id 10 sa-in 0xa001,0xa011
l2s cA tunnel set id 11 sa-in 0xa002,0xa012
[ "$(l2s gw --json tunnel show id 10 | jq -c '.[0].sa_in')" = "[$((0xa001)),$((0xa011))]" ] ||
	fail "tunnel 10 sa_in during the rekey"
wait_ping cA 192.168.10.1 2 || fail "cA pseudowire, both SAs bound"
l2s cA tunnel set id 11 sa-out 0xa011
wait_ping cA 192.168.10.1 3 || fail "cA pseudowire, cA sends with the new SA"
l2s gw tunnel set id 10 sa-out 0xa012
wait_ping cA 192.168.10.1 3 || fail "cA pseudowire, both send with the new SAs"
expect_ge "gw new SA 0xa011 rx_packets" "$(l2s_sa_stat gw 0xa011 in rx_packets)" 3
# old SAs go, the binding is the new one alone
l2s gw tunnel set id 10 sa-in 0xa011
l2s cA tunnel set id 11 sa-in 0xa012
l2s gw sa del spi 0xa001 dir in
l2s gw sa del spi 0xa002 dir out
l2s cA sa del spi 0xa001 dir out
l2s cA sa del spi 0xa002 dir in
wait_ping cA 192.168.10.1 3 || fail "cA pseudowire after the rekey"
wait_ping gw 192.168.10.2 2 || fail "gw -> cA after the rekey"
wait_ping cB 192.168.20.1 2 || fail "cB pseudowire after cA's rekey"
expect_eq "gw tunnel 10 drop_sa_mismatch after the rekey" \
	"$(l2s_tunnel_stat gw 10 drop_sa_mismatch)" "$mm1"
# still bound after the rekey: cB's injection is still dropped
inject "cB's SA, cA's ids, after the rekey" evil
expect_ge "gw tunnel 10 drop_sa_mismatch after the rekey" \
	"$(($(l2s_tunnel_stat gw 10 drop_sa_mismatch) - mm1))" 20

echo "# unbinding restores the address-only check (static keying)"
l2s gw tunnel set id 10 sa-in none
[ "$(l2s gw --json tunnel show id 10 | jq -c '.[0].sa_in')" = "[]" ] || fail "sa-in none"
wait_ping cA 192.168.10.1 2 || fail "cA pseudowire, unbound"
echo "tunnels bound to their inbound SAs: ok"
