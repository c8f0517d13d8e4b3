#!/bin/bash
# timeout: 1200
# l2tpsec on both ends: L2TPv3 Ethernet pseudowire over ESP, one
# algorithm of each construction (every one with L2S_FULL=1, `make
# check-full`), raw ESP and ESP-in-UDP. Ping and iperf3 both ways, packets at
# and beyond the MTU, the wire carries only ESP, counters add up.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
l2s_env_up
trap l2s_env_down EXIT

for encap in raw udp; do
	for alg in $L2S_ALGS; do
		echo "# $alg $encap"
		l2s_v3_pair "$alg" "$encap"
		wait_ping ns1 192.168.100.2 3 || fail "$alg/$encap: ping ns1 -> ns2"
		wait_ping ns2 192.168.100.1 3 || fail "$alg/$encap: ping ns2 -> ns1"
		# MTU 1350: 1322 bytes of ICMP payload fit with DF, 1323 do not;
		# 3000 bytes get fragmented by the inner IP layer and reassembled.
		ip netns exec ns1 ping -c 2 -i 0.2 -M do -s 1322 192.168.100.2 >/dev/null ||
			fail "$alg/$encap: full-MTU ping"
		if ip netns exec ns1 ping -c 1 -W 1 -M do -s 1323 192.168.100.2 >/dev/null 2>&1; then
			fail "$alg/$encap: ping beyond the MTU with DF went through"
		fi
		ip netns exec ns1 ping -c 2 -i 0.2 -s 3000 192.168.100.2 >/dev/null ||
			fail "$alg/$encap: fragmented ping"
		l2s_iperf "$alg/$encap iperf3 TCP ns1 -> ns2" ns1 ns2 192.168.100.2 1
		l2s_iperf "$alg/$encap iperf3 TCP ns2 -> ns1" ns2 ns1 192.168.100.1 1
		tx=$(l2s_sa_stat ns1 0x1001 out tx_packets)
		rx=$(l2s_sa_stat ns2 0x1001 in rx_packets)
		expect_ge "$alg/$encap ns1 out tx_packets" "$tx" 100
		expect_ge "$alg/$encap ns2 in rx_packets" "$rx" 100
		expect_eq "$alg/$encap ns2 drop_auth" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" 0
		expect_eq "$alg/$encap ns2 drop_replay" "$(l2s_sa_stat ns2 0x1001 in drop_replay)" 0
		expect_ge "$alg/$encap session rx" "$(l2s_session_stat ns2 20 200 rx_packets)" 10
		l2s_flush ns1
		l2s_flush ns2
	done
done

# The wire: with ESP only ESP (or UDP 4500) crosses the veth, never
# clear-text L2TP on UDP 1701.
for encap in raw udp; do
	l2s_v3_pair aes-gcm-128 "$encap"
	wait_ping ns1 192.168.100.2 1
	l2s_capture ns2 veth2 /tmp/wire.pcap 6 20
	ip netns exec ns1 ping -c 3 -i 0.2 192.168.100.2 >/dev/null
	wait "$L2S_CAPTURE_PID" || fail "capture of 6 packets on the wire ($encap)"
	clear=$(tcpdump -n -r /tmp/wire.pcap 'udp port 1701' 2>/dev/null | wc -l)
	if [ "$encap" = raw ]; then
		esp=$(tcpdump -n -r /tmp/wire.pcap 'ip proto 50' 2>/dev/null | wc -l)
	else
		esp=$(tcpdump -n -r /tmp/wire.pcap 'udp port 4500' 2>/dev/null | wc -l)
	fi
	expect_eq "clear-text L2TP on the wire ($encap)" "$clear" 0
	expect_ge "ESP packets on the wire ($encap)" "$esp" 6
	l2s_flush ns1
	l2s_flush ns2
done
echo "all algorithms, raw and UDP-encapsulated: ok"
