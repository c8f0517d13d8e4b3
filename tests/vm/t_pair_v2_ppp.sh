#!/bin/bash
# L2TPv2/PPP remote-access path, l2tpsec on both ends, ESP-in-UDP:
# IPv4 and IPv6 over the point-to-point interfaces, PPP control frames
# (LCP) to and from userspace, L2TP control messages inside ESP with the
# SA they came through.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
l2s_env_up
mon_pid=
cleanup() {
	[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null
	l2s_env_down
}
trap cleanup EXIT

for alg in aes-gcm-128 aes-cbc-128-hmac-sha1; do
	echo "# L2TPv2 over $alg, UDP 4500"
	l2s_sa_pair ns1 10.0.0.1 10.0.0.2 "$alg" 0x1001 0x2001 udp
	l2s_sa_pair ns2 10.0.0.2 10.0.0.1 "$alg" 0x2001 0x1001 udp
	l2s ns1 tunnel add id 1 peer-id 2 version 2 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001 esp-required
	l2s ns2 tunnel add id 2 peer-id 1 version 2 local 10.0.0.2 peer 10.0.0.1 sa-out 0x2001 esp-required
	l2s ns1 session add tunnel 1 id 11 peer-id 22 name ppp-a seq both >/dev/null
	l2s ns2 session add tunnel 2 id 22 peer-id 11 name ppp-b seq both >/dev/null
	# pppd's order: the interface comes up, then IPCP/IPv6CP addresses.
	ip -n ns1 link set ppp-a up
	ip -n ns2 link set ppp-b up
	ip -n ns1 addr add 10.9.0.1 peer 10.9.0.2 dev ppp-a
	ip -n ns2 addr add 10.9.0.2 peer 10.9.0.1 dev ppp-b
	ip -n ns1 -6 addr add fd00::1 peer fd00::2 dev ppp-a nodad
	ip -n ns2 -6 addr add fd00::2 peer fd00::1 dev ppp-b nodad
	wait_ping ns1 10.9.0.2 3 || fail "$alg: IPv4 over PPP ns1 -> ns2"
	wait_ping ns2 10.9.0.1 3 || fail "$alg: IPv4 over PPP ns2 -> ns1"
	ip netns exec ns1 ping -6 -c 3 -i 0.2 fd00::2 >/dev/null || fail "$alg: IPv6 over PPP"
	ip netns exec ns1 ping -c 2 -i 0.2 -s 2500 10.9.0.2 >/dev/null || fail "$alg: fragmented over PPP"
	expect_eq "$alg type" "$(ip -n ns1 -j link show ppp-a | jq -r '.[0].link_type')" ppp
	expect_ge "$alg session rx" "$(l2s_session_stat ns2 2 22 rx_packets)" 6
	# One packet at a time: in order, nothing dropped by the L2TP
	# sequence check. (Under a TCP load veth reorders packets sent from
	# two CPUs, and older L2TP sequence numbers are dropped by design,
	# as Linux l2tp_core does without a reorder timeout.)
	expect_eq "$alg drop_seq" "$(l2s_session_stat ns2 2 22 drop_seq)" 0
	l2s_iperf "$alg iperf3 TCP over PPP ns1 -> ns2" ns1 ns2 10.9.0.2 1
	l2s_iperf "$alg iperf3 TCP over PPP ns2 -> ns1" ns2 ns1 10.9.0.1 1
	l2s_iperf "$alg iperf3 TCP over PPP/IPv6" ns1 ns2 fd00::2 1
	expect_eq "$alg ESP drop_replay under load" "$(l2s_sa_stat ns2 0x1001 in drop_replay)" 0
	expect_eq "$alg ESP drop_auth under load" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" 0

	# Userspace PPP and L2TP control, both inside ESP.
	ip netns exec ns2 "$L2S_BIN" monitor --json >/tmp/mon.json &
	mon_pid=$!
	sleep 0.5
	lcp=c021010100080506deadbeef
	l2s ns1 ppp send tunnel 1 session 11 hex "$lcp"
	# A ZLB acknowledgement to the peer's tunnel 2: T L S, version 2.
	zlb=c802000c0002000000010000
	l2s ns1 ctrl send tunnel 1 hex "$zlb"
	sleep 1
	kill "$mon_pid"
	wait "$mon_pid" 2>/dev/null || true
	mon_pid=
	jq -s -e --arg p "$lcp" 'any(.[]; .event == "ppp-recv" and .tunnel == 2 and .session == 22 and .payload == $p)' \
		/tmp/mon.json >/dev/null || fail "$alg: LCP frame not delivered to userspace: $(cat /tmp/mon.json)"
	jq -s -e --arg p "$zlb" 'any(.[]; .event == "ctrl-recv" and .tunnel == 2 and .spi == 4097 and .payload == $p)' \
		/tmp/mon.json >/dev/null || fail "$alg: control message not delivered with its SA: $(cat /tmp/mon.json)"
	l2s_flush ns1
	l2s_flush ns2
done
echo "L2TPv2/PPP: ok"
