#!/bin/bash
# Negative paths: wrong key, replayed packets, unknown SPI (but not the
# SPIs of stock ip xfrm SAs), truncated ESP, wrong cookie, clear text to
# an ESP-required peer. Each is dropped and counted by the right counter,
# and traffic that should pass still does.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
PKT="$L2S_REPO/tests/tools/pkt.py"
l2s_env_up
trap l2s_env_down EXIT

echo "# wrong key: ns1 sends with a key ns2 does not have"
l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1001 0x2001 raw
l2s ns2 sa add spi 0x1001 dir in local 10.0.0.2 peer 10.0.0.1 alg aes-gcm-128 \
	key "$(hexbytes 20 77)"
l2s ns2 sa add spi 0x2001 dir out local 10.0.0.2 peer 10.0.0.1 alg aes-gcm-128 \
	$(l2s_keyargs aes-gcm-128 $((0x2001 % 97)))
l2s ns1 tunnel add id 10 peer-id 20 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001
l2s ns2 tunnel add id 20 peer-id 10 version 3 local 10.0.0.2 peer 10.0.0.1 sa-out 0x2001
l2s ns1 session add tunnel 10 id 100 peer-id 200 name l2tpeth0 >/dev/null
l2s ns2 session add tunnel 20 id 200 peer-id 100 name l2tpeth0 >/dev/null
ip -n ns1 addr add 192.168.100.1/24 dev l2tpeth0
ip -n ns2 addr add 192.168.100.2/24 dev l2tpeth0
ip -n ns1 link set l2tpeth0 up
ip -n ns2 link set l2tpeth0 up
if ip netns exec ns1 ping -c 3 -i 0.2 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "ping worked with a wrong key"
fi
expect_ge "wrong key: drop_auth" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" 3
expect_eq "wrong key: rx_packets" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" 0
l2s_flush ns1
l2s_flush ns2

echo "# replay: resend captured ESP packets"
l2s_v3_pair aes-gcm-128 raw
l2s_pw_static_neigh
wait_ping ns1 192.168.100.2 1
l2s_capture ns2 veth2 /tmp/replay.pcap 3 20 'ip proto 50 and src 10.0.0.1'
ip netns exec ns1 ping -c 3 -i 0.2 192.168.100.2 >/dev/null
wait "$L2S_CAPTURE_PID" || fail "replay: capture of 3 ESP packets"
before=$(l2s_sa_stat ns2 0x1001 in drop_replay)
rx_before=$(l2s_sa_stat ns2 0x1001 in rx_packets)
ip netns exec ns1 python3 "$PKT" replay /tmp/replay.pcap --proto 50
sleep 0.5
expect_eq "replay: drop_replay" "$(l2s_sa_stat ns2 0x1001 in drop_replay)" $((before + 3))
expect_eq "replay: rx_packets unchanged" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" "$rx_before"
wait_ping ns1 192.168.100.2 2 || fail "traffic after replays"

echo "# unknown SPI: counted, handed on to xfrm"
before=$(l2s_ns_stat ns2 drop_unknown_spi)
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --spi 0xdead0001
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --spi 0xdead0002
sleep 0.3
expect_eq "unknown SPI: drop_unknown_spi" "$(l2s_ns_stat ns2 drop_unknown_spi)" $((before + 2))

echo "# ESP of a stock ip xfrm SA pair in the namespace: esp4's, not counted"
# SPIs l2tpsec does not have, but the kernel's xfrm does: l2tpsec hands
# the packets on to esp4 (the UDP datagrams reach a socket in ns2, which
# the inbound policy only allows through ESP) without counting them.
stock_xfrm_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x3001 0x3002 raw
stock_xfrm_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x3002 0x3001 raw
before=$(l2s_ns_stat ns2 drop_unknown_spi)
ip netns exec ns2 timeout 20 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.2", 5555))
print("ready", flush=True)
for _ in range(3):
    print(s.recv(2048).hex(), flush=True)
' >/tmp/stock-rx.out &
rx_pid=$!
for _ in $(seq 100); do grep -q ready /tmp/stock-rx.out && break; sleep 0.1; done
for i in 1 2 3; do
	ip netns exec ns1 python3 "$PKT" udp --dst 10.0.0.2 --dport 5555 --hex "5354${i}0"
done
wait "$rx_pid" || fail "stock SA: ns2 did not receive 3 datagrams: $(cat /tmp/stock-rx.out)"
expect_eq "stock SA: datagrams through esp4" "$(cat /tmp/stock-rx.out)" "$(printf '%s\n' ready 535410 535420 535430)"
expect_eq "stock SA: drop_unknown_spi unchanged" "$(l2s_ns_stat ns2 drop_unknown_spi)" "$before"
stock_flush ns1
stock_flush ns2

echo "# forged and truncated ESP with a known SPI"
before=$(l2s_sa_stat ns2 0x1001 in drop_auth)
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --spi 0x1001 --seq 1000 --len 100
sleep 0.3
expect_eq "forged: drop_auth" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" $((before + 1))
before=$(l2s_sa_stat ns2 0x1001 in drop_malformed)
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --spi 0x1001 --seq 1001 --len 4
sleep 0.3
expect_eq "truncated: drop_malformed" "$(l2s_sa_stat ns2 0x1001 in drop_malformed)" $((before + 1))
l2s_flush ns1
l2s_flush ns2

echo "# wrong cookie: dropped as no session"
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 raw 0x1001 0x2001 10 20 100 200 192.168.100.1 \
	cookie 0x11223344 peer-cookie 0x55667788
l2s_v3_end ns2 10.0.0.2 10.0.0.1 aes-gcm-128 raw 0x2001 0x1001 20 10 200 100 192.168.100.2 \
	cookie 0x55667788 peer-cookie 0x99999999
if ip netns exec ns2 ping -c 2 -i 0.2 -W 1 192.168.100.1 >/dev/null 2>&1; then
	fail "ping worked with a wrong cookie"
fi
expect_ge "wrong cookie: drop_no_session" "$(l2s_session_stat ns1 10 100 drop_no_session)" 2
l2s_flush ns1
l2s_flush ns2
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 raw 0x1001 0x2001 10 20 100 200 192.168.100.1 \
	cookie 0x11223344 peer-cookie 0x5566778899aabbcc
l2s_v3_end ns2 10.0.0.2 10.0.0.1 aes-gcm-128 raw 0x2001 0x1001 20 10 200 100 192.168.100.2 \
	cookie 0x5566778899aabbcc peer-cookie 0x11223344
wait_ping ns2 192.168.100.1 2 || fail "matching 4- and 8-byte cookies"
l2s_flush ns1
l2s_flush ns2

echo "# clear text to an ESP-required peer"
l2s ns1 tunnel add id 10 peer-id 20 version 3 local 10.0.0.1 peer 10.0.0.2
l2s ns2 tunnel add id 20 peer-id 10 version 3 local 10.0.0.2 peer 10.0.0.1 esp-required
l2s ns1 session add tunnel 10 id 100 peer-id 200 name l2tpeth0 >/dev/null
l2s ns2 session add tunnel 20 id 200 peer-id 100 name l2tpeth0 >/dev/null
ip -n ns1 addr add 192.168.100.1/24 dev l2tpeth0
ip -n ns2 addr add 192.168.100.2/24 dev l2tpeth0
ip -n ns1 link set l2tpeth0 up
ip -n ns2 link set l2tpeth0 up
if ip netns exec ns1 ping -c 3 -i 0.2 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "clear text reached an ESP-required peer"
fi
expect_ge "clear text: drop_cleartext" "$(l2s_tunnel_stat ns2 20 drop_cleartext)" 3
# ... and the ESP-required side refuses to send in clear text.
ip netns exec ns2 ping -c 1 -W 1 192.168.100.1 >/dev/null 2>&1 || true
expect_ge "clear text: tx refused (drop_no_sa)" "$(l2s_tunnel_stat ns2 20 drop_no_sa)" 1
# Clear text is fine once the requirement is lifted.
l2s ns2 tunnel set id 20 esp-required off
wait_ping ns1 192.168.100.2 2 || fail "clear text without ESP requirement"
echo "negative paths: ok"
