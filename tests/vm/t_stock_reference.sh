#!/bin/bash
# The stock reference l2tpsec must interoperate with: an L2TPv3 Ethernet
# pseudowire over UDP 1701 (ip l2tp) protected by transport-mode ESP SAs +
# policies (ip xfrm), raw ESP and ESP-in-UDP 4500, AES-GCM-128 and
# AES-CBC-128/HMAC-SHA1-96. Checks: ping over the pseudowire both ways,
# the SAs' counters moved on both ends, the wire (veth in ns2) carried
# only ESP (or UDP 4500), never clear-text L2TP; and with the sender's
# policy removed, clear-text L2TP is refused by the receiver's policy.
# STOCK_XFRM_SEL (tests/lib/stock.sh) changes the policies' selector, e.g.
# "proto udp sport 1701 dport 1701" (the README's stock peer).
set -euo pipefail
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/stock.sh"

CASES=("aes-gcm-128 raw" "aes-gcm-128 espinudp"
	"aes-cbc-128-hmac-sha1 raw" "aes-cbc-128-hmac-sha1 espinudp")
PINGS=5

echo "KTAP version 1"
echo "1..${#CASES[@]}"
n=0
for c in "${CASES[@]}"; do
	n=$((n + 1))
	read -r alg encap <<<"$c"
	[[ "$encap" == raw ]] && encap=
	name="${alg}_${encap:-raw}"
	step "$name"

	setup_two_ns
	stock_xfrm_sa_pair ns1 "$NS1_IP" ns2 "$NS2_IP" "$alg" $encap
	stock_l2tpv3_eth_pair ns1 "$NS1_IP" ns2 "$NS2_IP"
	if ((n == 1)); then
		ip -n ns1 l2tp show tunnel
		ip -n ns1 l2tp show session
		ip -n ns1 link show "$STOCK_PW_IF"
		ip -n ns1 xfrm state
	fi

	pcap=$SCRATCH/$name.pcap
	capture_start ns2 "$NS2_IF" "$pcap"
	# The first ping also resolves ARP over the pseudowire.
	wait_for 10 ip netns exec ns1 ping -c 1 -W 1 "$STOCK_PW_IP_B" ||
		fail "$name: pseudowire never came up (ns1 -> $STOCK_PW_IP_B)"
	ping_ok ns1 "$STOCK_PW_IP_B" "$PINGS"
	ping_ok ns2 "$STOCK_PW_IP_A" "$PINGS"
	capture_stop

	# Each ping in either direction is one packet each way.
	for side in ns1 ns2; do
		p12=$(stock_xfrm_packets "$side" "$NS1_IP" "$NS2_IP" "$STOCK_SPI_12")
		p21=$(stock_xfrm_packets "$side" "$NS2_IP" "$NS1_IP" "$STOCK_SPI_21")
		assert_ge "$p12" $((2 * PINGS)) "$name: $side SA ns1->ns2 packets"
		assert_ge "$p21" $((2 * PINGS)) "$name: $side SA ns2->ns1 packets"
		log "$side: SA 1->2 $p12 packets, SA 2->1 $p21 packets"
	done
	errs=$(stock_xfrm_errors ns2 "$NS1_IP" "$NS2_IP" "$STOCK_SPI_12")
	assert_match "$errs" "replay 0 failed 0" "$name: ns2 inbound SA errors"

	clear=$(capture_count "$pcap" "udp port $STOCK_L2TP_PORT")
	esp=$(capture_count "$pcap" "ip proto 50")
	natt=$(capture_count "$pcap" "udp port $STOCK_NATT_PORT")
	log "wire: $esp ESP, $natt UDP/$STOCK_NATT_PORT, $clear clear-text L2TP packets"
	assert_eq "$clear" 0 "$name: clear-text L2TP packets on the wire"
	if [[ -n "$encap" ]]; then
		assert_ge "$natt" $((4 * PINGS)) "$name: ESP-in-UDP packets on the wire"
		assert_eq "$esp" 0 "$name: raw ESP packets on the wire"
	else
		assert_ge "$esp" $((4 * PINGS)) "$name: ESP packets on the wire"
		assert_eq "$natt" 0 "$name: UDP $STOCK_NATT_PORT packets on the wire"
	fi

	if ((n == 1)); then
		step "$name: clear-text L2TP is refused by the receiver's policy"
		before=$(awk '$1 == "XfrmInTmplMismatch" || $1 == "XfrmInNoStates" { s += $2 } END { print s + 0 }' \
			<(ip netns exec ns2 cat /proc/net/xfrm_stat))
		read -r -a sel <<<"$STOCK_XFRM_SEL"
		ip -n ns1 xfrm policy del src "$NS1_IP/32" dst "$NS2_IP/32" "${sel[@]}" dir out
		ping_fail ns1 "$STOCK_PW_IP_B"
		after=$(awk '$1 == "XfrmInTmplMismatch" || $1 == "XfrmInNoStates" { s += $2 } END { print s + 0 }' \
			<(ip netns exec ns2 cat /proc/net/xfrm_stat))
		assert_gt "$after" "$before" "$name: ns2 policy drops of clear-text L2TP"
		log "ns2 refused $((after - before)) clear-text packets"
	fi

	ns_destroy_all
	echo "ok $n $name"
done
