#!/bin/bash
# SA lifetimes (packets, bytes, time: soft sends an event, hard makes the
# SA unusable and sends an event), sequence numbers that never cycle, and
# 64-bit ESN across the 2^32 boundary.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
l2s_env_up
mon_pid=
cleanup() {
	[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null
	l2s_env_down
}
trap cleanup EXIT

start_monitor() {
	ip netns exec ns1 "$L2S_BIN" monitor --json >/tmp/mon.json &
	mon_pid=$!
	sleep 0.5
}

stop_monitor() {
	kill "$mon_pid"
	wait "$mon_pid" 2>/dev/null || true
	mon_pid=
}

sa_state() {
	l2s "$1" --json sa show | jq -r --argjson spi "$(($2))" --arg dir "$3" \
		'.[] | select(.spi == $spi and .dir == $dir) | .state'
}

# pw ARGS...: an L2TPv3 pair whose ns1 outbound SA gets extra ARGS.
pw() {
	l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2001 0x1001 raw
	l2s ns1 sa add spi 0x2001 dir in local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 \
		$(l2s_keyargs aes-gcm-128 $((0x2001 % 97)))
	l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 \
		$(l2s_keyargs aes-gcm-128 $((0x1001 % 97))) "$@"
	l2s ns1 tunnel add id 10 peer-id 20 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001
	l2s ns2 tunnel add id 20 peer-id 10 version 3 local 10.0.0.2 peer 10.0.0.1 sa-out 0x2001
	l2s ns1 session add tunnel 10 id 100 peer-id 200 name l2tpeth0 >/dev/null
	l2s ns2 session add tunnel 20 id 200 peer-id 100 name l2tpeth0 >/dev/null
	# No IPv6 chatter, static ARP: every packet counted below is an
	# ICMP echo.
	ip netns exec ns1 sysctl -qw net.ipv6.conf.l2tpeth0.disable_ipv6=1
	ip netns exec ns2 sysctl -qw net.ipv6.conf.l2tpeth0.disable_ipv6=1
	ip -n ns1 addr add 192.168.100.1/24 dev l2tpeth0
	ip -n ns2 addr add 192.168.100.2/24 dev l2tpeth0
	ip -n ns1 link set l2tpeth0 up
	ip -n ns2 link set l2tpeth0 up
	l2s_pw_static_neigh
}

echo "# packet limits: soft 5, hard 10"
start_monitor
pw soft-packets 5 hard-packets 10
ip netns exec ns1 ping -c 7 -i 0.1 192.168.100.2 >/dev/null 2>&1 || true
expect_eq "after 7 packets" "$(sa_state ns1 0x1001 out)" soft-expired
ip netns exec ns1 ping -c 6 -i 0.1 -W 1 192.168.100.2 >/dev/null 2>&1 || true
expect_eq "after 13 packets" "$(sa_state ns1 0x1001 out)" expired
expect_ge "expired SA drops" "$(l2s_sa_stat ns1 0x1001 out drop_expired)" 1
if ip netns exec ns1 ping -c 1 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "hard-expired SA still carries traffic"
fi
stop_monitor
jq -s -e 'any(.[]; .event == "sa-expire" and .spi == 4097 and .kind == "packets" and .hard == false)' /tmp/mon.json >/dev/null ||
	fail "no soft packet event: $(cat /tmp/mon.json)"
jq -s -e 'any(.[]; .event == "sa-expire" and .spi == 4097 and .kind == "packets" and .hard == true)' /tmp/mon.json >/dev/null ||
	fail "no hard packet event"
expect_eq "events sent once" "$(jq -c 'select(.event == "sa-expire")' /tmp/mon.json | wc -l)" 2
l2s_flush ns1
l2s_flush ns2

echo "# byte limit"
start_monitor
pw hard-bytes 3000
ip netns exec ns1 ping -c 6 -i 0.1 -s 1000 -W 1 192.168.100.2 >/dev/null 2>&1 || true
expect_eq "after 6 kB" "$(sa_state ns1 0x1001 out)" expired
stop_monitor
jq -s -e 'any(.[]; .event == "sa-expire" and .kind == "bytes" and .hard == true)' /tmp/mon.json >/dev/null ||
	fail "no hard byte event"
l2s_flush ns1
l2s_flush ns2

echo "# time limits: soft 3 s, hard 6 s"
# The timed SA is installed last and switched in, so slow set-up (TCG)
# does not eat its lifetime; state is checked against the SA's own age.
start_monitor
pw
l2s ns2 sa add spi 0x1003 dir in local 10.0.0.2 peer 10.0.0.1 alg aes-gcm-128 \
	$(l2s_keyargs aes-gcm-128 7)
l2s ns1 sa add spi 0x1003 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 \
	$(l2s_keyargs aes-gcm-128 7) soft-time 3 hard-time 6
l2s ns1 tunnel set id 10 sa-out 0x1003
# sa_age_state: "AGE STATE" of ns1's outbound SA 0x1003.
sa_age_state() {
	l2s ns1 --json sa show | jq -r '.[] | select(.spi == 4099 and .dir == "out") | "\(.age) \(.state)"'
}
read -r age state < <(sa_age_state)
if ((age < 3)); then
	expect_eq "time SA at age $age" "$state" valid
	ip netns exec ns1 ping -c 1 -W 2 192.168.100.2 >/dev/null || fail "fresh SA with time limits"
fi
while read -r age state < <(sa_age_state) && ((age < 4)); do sleep 0.2; done
((age < 6)) && expect_eq "time SA at age $age" "$state" soft-expired
while read -r age state < <(sa_age_state) && ((age < 7)); do sleep 0.2; done
expect_eq "time SA at age $age" "$state" expired
if ip netns exec ns1 ping -c 1 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "time-expired SA still carries traffic"
fi
stop_monitor
jq -s -e 'any(.[]; .event == "sa-expire" and .kind == "time" and .hard == false)' /tmp/mon.json >/dev/null || fail "no soft time event"
jq -s -e 'any(.[]; .event == "sa-expire" and .kind == "time" and .hard == true)' /tmp/mon.json >/dev/null || fail "no hard time event"
l2s_flush ns1
l2s_flush ns2

echo "# 32-bit sequence numbers never cycle"
start_monitor
pw seq 0xfffffffd
ip netns exec ns1 ping -c 2 -i 0.2 192.168.100.2 >/dev/null || fail "last two sequence numbers"
if ip netns exec ns1 ping -c 1 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "sequence number cycled"
fi
expect_eq "after 2^32-1" "$(sa_state ns1 0x1001 out)" expired
expect_eq "seq stays at 2^32-1" "$(l2s ns1 --json sa show | jq '.[] | select(.spi == 4097 and .dir == "out") | .seq')" 4294967295
stop_monitor
jq -s -e 'any(.[]; .event == "sa-expire" and .kind == "seq" and .hard == true)' /tmp/mon.json >/dev/null || fail "no seq event"
l2s_flush ns1
l2s_flush ns2

echo "# ESN across 2^32, and the receiver's window with ESN"
l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2001 0x1001 raw esn seq 0xfffffff0
l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1001 0x2001 raw esn seq 0xfffffff0
l2s ns1 tunnel add id 10 peer-id 20 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001
l2s ns2 tunnel add id 20 peer-id 10 version 3 local 10.0.0.2 peer 10.0.0.1 sa-out 0x2001
l2s ns1 session add tunnel 10 id 100 peer-id 200 name l2tpeth0 >/dev/null
l2s ns2 session add tunnel 20 id 200 peer-id 100 name l2tpeth0 >/dev/null
ip -n ns1 addr add 192.168.100.1/24 dev l2tpeth0
ip -n ns2 addr add 192.168.100.2/24 dev l2tpeth0
ip -n ns1 link set l2tpeth0 up
ip -n ns2 link set l2tpeth0 up
wait_ping ns1 192.168.100.2 30 || fail "ESN across the 2^32 boundary"
seq=$(l2s ns1 --json sa show | jq '.[] | select(.spi == 4097 and .dir == "out") | .seq')
expect_ge "ESN sequence past 2^32" "$seq" 4294967297
expect_eq "ESN receiver drop_auth" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" 0
expect_eq "ESN receiver drop_replay" "$(l2s_sa_stat ns2 0x1001 in drop_replay)" 0
echo "lifetimes and sequence numbers: ok"
