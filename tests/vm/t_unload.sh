#!/bin/bash
# Deleting any object under traffic is clean, the module unloads with
# traffic flowing and objects configured, and nothing leaks (live-object
# counters back to zero, interfaces gone, the module reloads and works).
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
OBJ=/sys/module/l2tpsec/parameters/objects
l2s_env_up
pids=()
cleanup() {
	kill "${pids[@]}" 2>/dev/null || true
	l2s_env_down
}
trap cleanup EXIT

flood() {
	ip netns exec ns1 ping -f -s 1200 192.168.100.2 >/dev/null 2>&1 &
	pids+=($!)
	ip netns exec ns2 ping -f 192.168.100.1 >/dev/null 2>&1 &
	pids+=($!)
}

stop_flood() {
	kill "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
	pids=()
}

echo "# delete each kind of object under traffic"
l2s_v3_pair aes-gcm-128 udp
wait_ping ns1 192.168.100.2 1
flood
sleep 1
l2s ns2 tunnel set id 20 sa-out none
sleep 0.3
l2s ns1 sa del spi 0x1001 dir out       # the tunnel keeps a dead SA: drops
sleep 0.3
expect_ge "traffic on a deleted SA is dropped" "$(l2s_tunnel_stat ns1 10 drop_no_sa)" 1
l2s ns2 sa del spi 0x1001 dir in
l2s ns1 session del tunnel 10 id 100
sleep 0.3
l2s ns1 tunnel del id 10
l2s ns2 tunnel del id 20
stop_flood
l2s_flush ns1
l2s_flush ns2
sleep 1
expect_eq "objects after deleting everything" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"

echo "# rekey under traffic: switch the outbound SA, no loss"
l2s_v3_pair aes-gcm-128 raw
wait_ping ns1 192.168.100.2 1
ip netns exec ns1 ping -i 0.05 -c 200 192.168.100.2 >/tmp/rekey.txt &
ping_pid=$!
sleep 1
l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-256 0x2002 0x1002 raw
l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-256 0x1002 0x2002 raw
l2s ns1 tunnel set id 10 sa-out 0x1002
l2s ns2 tunnel set id 20 sa-out 0x2002
sleep 1
l2s ns1 sa del spi 0x1001 dir out
l2s ns1 sa del spi 0x2001 dir in
l2s ns2 sa del spi 0x2001 dir out
l2s ns2 sa del spi 0x1001 dir in
wait "$ping_pid" || true
loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' /tmp/rekey.txt)
expect_eq "packet loss across a rekey" "$loss" 0
expect_ge "new SA carried traffic" "$(l2s_sa_stat ns2 0x1002 in rx_packets)" 10
l2s_flush ns1
l2s_flush ns2

echo "# unload with traffic flowing and objects configured"
for encap in raw udp; do
	l2s_v3_pair chacha20-poly1305 "$encap"
	l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1101 0x2101 udp
	l2s ns1 tunnel add id 11 peer-id 21 version 2 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1101
	l2s ns1 session add tunnel 11 id 5 peer-id 6 >/dev/null
	wait_ping ns1 192.168.100.2 1
	flood
	sleep 1
	rmmod l2tpsec || fail "rmmod with traffic ($encap)"
	stop_flood
	[ -d /sys/module/l2tpsec ] && fail "module still present"
	ip -n ns1 link show l2tpeth0 >/dev/null 2>&1 && fail "session interface survived the unload"
	insmod "$L2S_REPO/kernel/l2tpsec.ko"
	expect_eq "objects after reload" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"
done

echo "# namespace deletion with objects configured"
l2s_v3_pair aes-gcm-128 udp
wait_ping ns1 192.168.100.2 1
l2s_env_down
sleep 1
expect_eq "objects after netns deletion" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"
l2s_env_up
l2s_v3_pair aes-gcm-128 raw
wait_ping ns1 192.168.100.2 2 || fail "works after netns deletion"
l2s_flush ns1
l2s_flush ns2
sleep 1
expect_eq "objects at the end" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"
rmmod l2tpsec
echo "unload and deletion under traffic: ok"
