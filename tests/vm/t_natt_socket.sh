#!/bin/bash
# timeout: 600
# ESP-in-UDP (RFC 3948) on a UDP socket that userspace opens and hands to
# the module (ENCAP_NEW with ENCAP_FD), as the IKE daemon does: ns2 runs
# tests/tools/encap-owner on 0.0.0.0:4500; the CLI's inbound UDP SA reuses
# that socket. Checks: the pseudowire works over it and is counted on the
# SAs; IKE (non-ESP marker) still reaches the owner, marker included; NAT
# keepalives and ESP never do; ENCAP_DEL is refused while SAs use it;
# after ENCAP_DEL the owner has a plain UDP socket back (ESP-looking
# datagrams and 0xff reach it), and once it closes it the port is free
# (the module holds no reference); an owner killed while SAs use its
# socket takes the encap with it (the SAs stay, and a new owner's socket
# on the port counts them again); and deleting the namespace of a killed
# owner without any cleanup leaves no object behind (the module does not
# pin the namespace).
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
PKT="$L2S_REPO/tests/tools/pkt.py"
OWNER_BIN="$L2S_REPO/tests/tools/encap-owner"
D=$(mktemp -d /tmp/natt.XXXXXX)
ZERO="sa 0 tunnel 0 session 0 encap 0 port 0"
[ -x "$OWNER_BIN" ] || fail "$OWNER_BIN not built (make -C tests/tools on the host)"

owner_pid=
cleanup() {
	[ -n "$owner_pid" ] && kill -9 "$owner_pid" 2>/dev/null
		l2s_env_down
	rm -rf "$D"
}
trap cleanup EXIT

# poll SECONDS CMD...: until CMD succeeds, every 0.1 s.
poll() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}
objects() { cat /sys/module/l2tpsec/parameters/objects; }
objects_zero() { [ "$(objects)" = "$ZERO" ]; }

# owner_start: encap-owner in ns2 on 0.0.0.0:4500, output in $D/owner.out.
owner_start() {
	: >"$D/owner.out"
	ip netns exec ns2 "$OWNER_BIN" -r -p 4500 >"$D/owner.out" 2>"$D/owner.err" &
	owner_pid=$!
	poll 20 grep -qx ready "$D/owner.out" ||
		fail "encap-owner did not get ready: $(cat "$D/owner.err")"
	kill -0 "$owner_pid" || fail "encap-owner exited: $(cat "$D/owner.err")"
}
owner_nlines() { wc -l <"$D/owner.out"; }
# owner_since N: the owner's lines after line N.
owner_since() { tail -n +$(($1 + 1)) "$D/owner.out"; }

# Sockets on ns2's UDP port 4500: "ADDR:PORT users:((NAME,pid=PID))", or
# "ADDR:PORT -" for a socket no process has open.
sock4500() {
	ip netns exec ns2 ss -Hunap 'sport = :4500' |
		awk '{ u = "-"; for (i = 1; i <= NF; i++) if ($i ~ /^users:/) u = $i
		       gsub(/,fd=[0-9]+/, "", u); print $4, u }'
}
port4500_free() { [ -z "$(sock4500)" ]; }

udp_send() { ip netns exec ns1 python3 "$PKT" udp --dst 10.0.0.2 --dport 4500 --hex "$1"; }

# ike_roundtrip TAG: send an IKE datagram (non-ESP marker + a fake IKE
# header whose initiator SPI carries TAG) from ns1 to ns2:4500 and require
# it to be the only thing the owner receives from now on up to it,
# byte-for-byte, marker included. Everything sent before it that was due
# to be absorbed (keepalives, ESP) would show up as extra lines.
ike_roundtrip() {
	local tag=$1 n hex
	hex=00000000$(printf '%016x' "$tag")0000000000000000212022080000000000000024
	n=$(owner_nlines)
	udp_send "$hex"
	poll 10 test "$(owner_nlines)" -gt "$n" ||
		fail "IKE datagram $tag did not reach the socket owner (owner output: $(cat "$D/owner.out"))"
	expect_eq "owner's datagrams since IKE $tag was sent" "$(owner_since "$n")" "$hex"
	IKE_SENT+=("$hex")
}
IKE_SENT=()

sa_pw_up() { # ping over the pseudowire until it answers
	wait_ping ns1 192.168.100.2 1 || fail "pseudowire ns1 -> ns2 over the handed-over socket"
}

l2s_env_up
poll 30 objects_zero || fail "module objects not zero at start: $(objects)"

echo "# the owner hands 0.0.0.0:4500 to the module (ENCAP_NEW + ENCAP_FD)"
owner_start
expect_eq "encap show after ENCAP_FD" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":0}]'
expect_eq "sockets on ns2 UDP 4500" "$(sock4500)" "0.0.0.0:4500 users:((\"encap-owner\",pid=$owner_pid))"
expect_eq "objects with the encap" "$(objects)" "sa 0 tunnel 0 session 0 encap 1 port 0"
# A second socket on the port (SO_REUSEADDR lets it bind) is refused, with
# the kernel's extack message.
rc=0
ip netns exec ns2 "$OWNER_BIN" -r -p 4500 -t 5 >"$D/owner2.out" 2>"$D/owner2.err" || rc=$?
expect_eq "second owner on port 4500: status" "$rc" 1
expect_eq "second owner on port 4500: stdout" "$(cat "$D/owner2.out")" ""
expect_eq "second owner on port 4500: stderr" "$(cat "$D/owner2.err")" \
	"encap-owner: ENCAP_NEW: File exists: an ESP-in-UDP socket is already attached on this port"
expect_eq "encap show after the refused second owner" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":0}]'
# Nor can the kernel-port mode take the port over.
rc=0
out=$(l2s ns2 encap add port 4500 2>&1) || rc=$?
expect_eq "encap add port 4500 over the owner's socket: status" "$rc" 1
[[ "$out" == *"port 4500 already has an encap socket"* ]] || fail "encap add over the owner's socket: '$out'"

echo "# SAs, tunnel, session: the CLI's inbound UDP SA reuses the owner's socket"
# ns1 gets a module-opened socket (CLI kernel-port mode) for the way back.
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 udp 0x1001 0x2001 10 20 100 200 192.168.100.1
l2s_v3_end ns2 10.0.0.2 10.0.0.1 aes-gcm-128 udp 0x2001 0x1001 20 10 200 100 192.168.100.2
l2s_pw_static_neigh
expect_eq "ns2 encap show with the SAs" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":1}]'
expect_eq "ns2 UDP 4500 still the owner's socket only" "$(sock4500)" \
	"0.0.0.0:4500 users:((\"encap-owner\",pid=$owner_pid))"
expect_eq "ns2 inbound SA encap" \
	"$(l2s ns2 --json sa show | jq -c '.[] | select(.spi == 4097) | [.dir, .encap, .sport, .dport]')" \
	'["in","udp",4500,4500]'

echo "# (a) traffic over the pseudowire, counted on the SAs"
sa_pw_up
rx0=$(l2s_sa_stat ns2 0x1001 in rx_packets)
tx0=$(l2s_sa_stat ns2 0x2001 out tx_packets)
rx1=$(l2s_sa_stat ns1 0x2001 in rx_packets)
ip netns exec ns1 ping -n -q -c 5 -i 0.2 -W 2 192.168.100.2 >"$D/ping" || fail "ping: $(cat "$D/ping")"
# Exactly the 5 echo requests and 5 replies (static ARP, no IPv6): a UDP
# SA only accepts ESP that came through a UDP_ENCAP_ESPINUDP socket, and
# the owner's is the only one on ns2's port 4500.
expect_eq "ns2 inbound UDP SA rx_packets" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" $((rx0 + 5))
expect_eq "ns2 outbound UDP SA tx_packets" "$(l2s_sa_stat ns2 0x2001 out tx_packets)" $((tx0 + 5))
expect_eq "ns1 inbound UDP SA rx_packets" "$(l2s_sa_stat ns1 0x2001 in rx_packets)" $((rx1 + 5))
for f in drop_auth drop_replay drop_malformed drop_no_session; do
	expect_eq "ns2 inbound SA $f" "$(l2s_sa_stat ns2 0x1001 in $f)" 0
done
expect_eq "(d) ESP of the pseudowire at the owner" "$(owner_since 1)" ""

echo "# (b) IKE with the non-ESP marker reaches the owner, marker included"
ike_roundtrip 1
# A large IKE message too (the whole datagram, not just the start).
n=$(owner_nlines)
big=00000000$(printf '%016x' 2)00000000000000002e20230800000001$(printf 'ab%.0s' $(seq 1 1200))
udp_send "$big"
poll 10 test "$(owner_nlines)" -gt "$n" || fail "large IKE datagram did not reach the owner"
expect_eq "large IKE datagram at the owner" "$(owner_since "$n")" "$big"
IKE_SENT+=("$big")

echo "# (c) NAT keepalives (one 0xff byte) are absorbed"
ns_mal=$(l2s_ns_stat ns2 drop_malformed)
ns_spi=$(l2s_ns_stat ns2 drop_unknown_spi)
for _ in 1 2 3; do udp_send ff; done
ike_roundtrip 3
expect_eq "ns2 drop_malformed after keepalives" "$(l2s_ns_stat ns2 drop_malformed)" "$ns_mal"
expect_eq "ns2 drop_unknown_spi after keepalives" "$(l2s_ns_stat ns2 drop_unknown_spi)" "$ns_spi"
rx0=$(l2s_sa_stat ns2 0x1001 in rx_packets)
ip netns exec ns1 ping -n -q -c 3 -i 0.2 -W 2 192.168.100.2 >"$D/ping" ||
	fail "ping after keepalives: $(cat "$D/ping")"
expect_eq "ns2 inbound SA rx_packets after keepalives" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" $((rx0 + 3))

echo "# (d) ESP datagrams never reach the owner"
auth0=$(l2s_sa_stat ns2 0x1001 in drop_auth)
# from the SA's peer port (4500): decrypted, fails authentication
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --udp 4500 --sport 4500 --spi 0x1001 \
	--seq 100000 --len 80
poll 10 test "$(l2s_sa_stat ns2 0x1001 in drop_auth)" -eq $((auth0 + 1)) ||
	fail "forged ESP-in-UDP for SPI 0x1001 not counted as drop_auth"
# from another port: not the SA's peer, dropped before decryption
mm0=$(l2s_sa_stat ns2 0x1001 in drop_sa_mismatch)
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --udp 4500 --spi 0x1001 --seq 100001 --len 80
poll 10 test "$(l2s_sa_stat ns2 0x1001 in drop_sa_mismatch)" -eq $((mm0 + 1)) ||
	fail "ESP-in-UDP for SPI 0x1001 from another port not counted as drop_sa_mismatch"
ip netns exec ns1 python3 "$PKT" esp --dst 10.0.0.2 --udp 4500 --spi 0xdead0001 --len 80
poll 10 test "$(l2s_ns_stat ns2 drop_unknown_spi)" -eq $((ns_spi + 1)) ||
	fail "ESP-in-UDP with an unknown SPI not counted as drop_unknown_spi"
ike_roundtrip 4
expect_eq "ns2 inbound SA drop_auth" "$(l2s_sa_stat ns2 0x1001 in drop_auth)" $((auth0 + 1))

echo "# (e) encap show, refused delete, release"
expect_eq "encap show" "$(l2s ns2 encap show)" "encap port 4500 users 1"
rc=0
out=$(l2s ns2 encap del port 4500 2>&1) || rc=$?
expect_eq "encap del while an SA uses it: status" "$rc" 1
[[ "$out" == *"encap del: inbound SAs still use this socket: delete them first"* ]] ||
	fail "encap del while in use: unclear error '$out'"
expect_eq "encap show after the refused delete" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":1}]'
sa_pw_up
l2s ns2 tunnel del id 20
l2s ns2 sa del spi 0x1001 dir in
expect_eq "encap show without SAs" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":0}]'
l2s ns2 sa del spi 0x2001 dir out
l2s ns2 encap del port 4500
expect_eq "ns2 encap show after encap del" "$(l2s ns2 --json encap show | jq -c .)" '[]'
l2s_flush ns1
poll 20 objects_zero || fail "objects after deleting everything: $(objects)"
# The owner still has its socket, bound, and IKE still reaches it.
kill -0 "$owner_pid" || fail "encap-owner died: $(cat "$D/owner.err")"
expect_eq "ns2 UDP 4500 after encap del" "$(sock4500)" "0.0.0.0:4500 users:((\"encap-owner\",pid=$owner_pid))"
ike_roundtrip 5
# A plain UDP socket again: a datagram that looks like ESP (non-zero first
# 4 bytes: "hell" would be the SPI) and a NAT keepalive reach the owner.
spi0=$(l2s_ns_stat ns2 drop_unknown_spi)
n=$(owner_nlines)
plain=$(printf 'hello, plain udp!' | od -An -tx1 | tr -d ' \n')
expect_eq "plain datagram length" "${#plain}" 34
udp_send "$plain"
poll 10 test "$(owner_nlines)" -gt "$n" ||
	fail "17-byte plain datagram did not reach the owner after encap del"
expect_eq "plain datagram at the owner after encap del" "$(owner_since "$n")" "$plain"
n=$(owner_nlines)
udp_send ff
poll 10 test "$(owner_nlines)" -gt "$n" ||
	fail "1-byte 0xff datagram did not reach the owner after encap del"
expect_eq "0xff datagram at the owner after encap del" "$(owner_since "$n")" ff
IKE_SENT+=("$plain" ff)
expect_eq "ns2 drop_unknown_spi after encap del" "$(l2s_ns_stat ns2 drop_unknown_spi)" "$spi0"
# The owner closes it: the port is free at once, so the module no longer
# holds a reference on the socket.
kill -TERM "$owner_pid"
rc=0
wait "$owner_pid" || rc=$?
owner_pid=
expect_eq "encap-owner exit status on SIGTERM" "$rc" 0
expect_eq "encap-owner stderr" "$(cat "$D/owner.err")" ""
poll 5 port4500_free || fail "port 4500 still bound after the owner closed it: $(sock4500)"
expect_eq "everything the owner received" "$(cat "$D/owner.out")" "$(printf '%s\n' ready "${IKE_SENT[@]}")"

echo "# (f) owner killed while SAs use its socket: the encap goes, the SAs stay"
owner_start
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 udp 0x1001 0x2001 10 20 100 200 192.168.100.1
l2s_v3_end ns2 10.0.0.2 10.0.0.1 aes-gcm-128 udp 0x2001 0x1001 20 10 200 100 192.168.100.2
l2s_pw_static_neigh
sa_pw_up
ike_roundtrip 6
expect_eq "encap show before the kill" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":1}]'
sas() { l2s ns2 --json sa show | jq -c '[.[] | [.spi, .dir]] | sort'; }
sas_before=$(sas)
expect_eq "ns2 SAs before the kill" "$sas_before" '[[4097,"in"],[8193,"out"]]'
kill -9 "$owner_pid"
wait "$owner_pid" 2>/dev/null || true
owner_pid=
encap_gone() { [ "$(l2s ns2 --json encap show | jq -c .)" = '[]' ]; }
poll 20 encap_gone || fail "encap still listed after its owner was killed: $(l2s ns2 encap show)"
# The module held no reference: the socket is gone, the port free.
poll 5 port4500_free || fail "port 4500 still bound after its owner was killed: $(sock4500)"
expect_eq "ns2 SAs after the kill" "$(sas)" "$sas_before"
# ns1: its module-opened encap socket; ns2: none any more.
expect_eq "objects after the kill" "$(objects)" "sa 4 tunnel 2 session 2 encap 1 port 2"
# Nothing reaches the SA any more: no socket on ns2's port 4500.
rx0=$(l2s_sa_stat ns2 0x1001 in rx_packets)
if ip netns exec ns1 ping -n -q -c 2 -i 0.2 -W 1 192.168.100.2 >/dev/null 2>&1; then
	fail "ping over the pseudowire without a socket on ns2's port 4500"
fi
expect_eq "ns2 inbound SA rx_packets without a socket" "$(l2s_sa_stat ns2 0x1001 in rx_packets)" "$rx0"
# A restarted owner hands a new socket over: it counts the SA as its user
# and the pseudowire works through it.
owner_start
expect_eq "encap show with the new owner" "$(l2s ns2 --json encap show | jq -c .)" '[{"port":4500,"users":1}]'
sa_pw_up
rc=0
l2s ns2 encap del port 4500 >/dev/null 2>&1 || rc=$?
expect_eq "encap del of the new owner's socket while the SA uses it: status" "$rc" 1

echo "# (f) owner killed, then its namespace deleted without any cleanup"
kill -9 "$owner_pid"
wait "$owner_pid" 2>/dev/null || true
owner_pid=
poll 20 encap_gone || fail "encap still listed after the new owner was killed: $(l2s ns2 encap show)"
l2s_flush ns1
ip netns del ns2
# Nothing pins ns2: its exit runs (asynchronously) and deletes its objects;
# with it goes its veth end, and so ns1's veth1.
poll 60 objects_zero || fail "objects after deleting the killed owner's namespace: $(objects)"
poll 30 sh -c '! ip -n ns1 link show veth1' || fail "ns2 still alive after ip netns del"
echo "ESP-in-UDP on a handed-over socket: ok"
