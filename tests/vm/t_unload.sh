#!/bin/bash
# Deleting any object under traffic is clean, the module unloads with
# traffic flowing and objects configured, a namespace can be deleted while
# ESP and L2TP flood into it, and nothing leaks (live-object counters back
# to zero, interfaces gone, the module reloads and works).
# timeout: 420
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
OBJ=/sys/module/l2tpsec/parameters/objects
l2s_env_up
l2s_trap_bg

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
	insmod "$L2TPSEC_KO"
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

echo "# namespace deletion while ESP (known and unknown SPIs) and L2TP flood into it"
# ns1 keeps sending to ns2 while ns2 goes: ns2's veth receives until
# default_device_exit_batch(), after l2tpsec's pernet exit freed the
# namespace's counters; the receive path must leave the dying state alone.
l2s_v3_pair aes-gcm-128 udp
l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1101 0x2101 raw
l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2101 0x1101 raw
wait_ping ns1 192.168.100.2 1
for seed in 11 12; do
	ip netns exec ns1 "$L2S_REPO/tests/tools/pktfuzz" --quiet --dst 10.0.0.2 \
		--count 100000000 --seed "$seed" --spi 0x1001,0x1101 --tunnel 20 \
		--session 200 >/dev/null 2>&1 &
	pids+=($!)
done
ip netns exec ns1 ping -f -s 1200 192.168.100.2 >/dev/null 2>&1 &
pids+=($!)
sleep 2
expect_ge "unknown SPIs counted before the deletion" "$(l2s_ns_stat ns2 drop_unknown_spi)" 1
expect_ge "ESP decrypted before the deletion" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" 1
ip netns del ns2
# the veth pair goes last in the namespace's cleanup
for ((i = 0; i < 300; i++)); do
	ip -n ns1 link show veth1 >/dev/null 2>&1 || break
	sleep 0.1
done
ip -n ns1 link show veth1 >/dev/null 2>&1 && fail "ns2 not cleaned up after 30 s"
stop_flood
l2s_flush ns1
sleep 1
expect_eq "objects after deletion under traffic" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"
l2s_env_up
l2s_v3_pair aes-gcm-128 udp
wait_ping ns1 192.168.100.2 2 || fail "works after deletion under traffic"
l2s_flush ns1
l2s_flush ns2
sleep 1
expect_eq "objects at the end" "$(cat $OBJ)" "sa 0 tunnel 0 session 0 encap 0 port 0"
rmmod l2tpsec
echo "unload and deletion under traffic: ok"
