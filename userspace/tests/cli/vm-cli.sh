#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The real l2tpsec binary against the real module. Runs inside the VM:
#   tests/qemu/run-vm.sh -- bash userspace/tests/cli/vm-cli.sh
# (build first: make -C userspace). Needs root, python3 and jq.
set -u
cd "$(dirname "$0")/../../.."
L=$PWD/userspace/l2tpsec
PASS=0 FAIL=0
K20=000102030405060708090a0b0c0d0e0f10111213
K16=000102030405060708090a0b0c0d0e0f
K36=${K16}${K16}01020304

# ok|fail RC PATTERN -- CMD...: run, check the exit code and that
# stdout+stderr match the extended regex PATTERN.
t() {
	local rc=$1 pat=$2 out got; shift 3
	out=$("$@" 2>&1); got=$?
	if [[ $got == "$rc" ]] && grep -Eq -- "$pat" <<<"$out"; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: $* (rc $got, want $rc /$pat/)"; sed 's/^/    /' <<<"$out"
	fi
}
# error output must be exactly one "l2tpsec: " line
t1() {
	local rc=$1 pat=$2 out got; shift 3
	out=$("$@" 2>&1 >/dev/null); got=$?
	if [[ $got == "$rc" && $(wc -l <<<"$out") == 1 && $out == "l2tpsec: "* ]] &&
	   grep -Eq -- "$pat" <<<"$out"; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: $* (rc $got, want $rc /$pat/)"; sed 's/^/    /' <<<"$out"
	fi
}
# jq expression must be true on the command's stdout
tj() {
	local expr=$1 out; shift 2
	out=$("$@" 2>&1)
	if jq -e "$expr" >/dev/null 2>&1 <<<"$out"; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: $* | jq '$expr'"; sed 's/^/    /' <<<"$out"
	fi
}

echo "== module not loaded"
t1 1 'module not loaded \(modprobe l2tpsec\)$' -- $L stats
t1 1 'module not loaded' -- $L sa show
t1 1 'module not loaded' -- $L monitor
t1 2 'sa add: missing local' -- $L sa add spi 0x1001 dir out   # usage first

modprobe udp_tunnel
insmod "${L2TPSEC_KO:-kernel/l2tpsec.ko}" || { echo "insmod failed"; exit 1; }
for m in aesni_intel gcm ghash_generic chacha20poly1305 authenc cbc sha1 \
	 sha256_generic hmac seqiv echainiv des_generic; do modprobe -q $m; done
ip link set lo up
ip addr add 127.0.0.2/8 dev lo 2>/dev/null

echo "== sa"
t 0 '^$' -- $L sa add spi 0x1001 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20
t1 1 'sa add: .*(exist|EEXIST)' -- $L sa add spi 0x1001 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20
t 0 '^$' -- $L sa add spi 0x1001 dir in local 127.0.0.1 peer 127.0.0.2 alg chacha20-poly1305 key $K36 replay-window 64
t 0 '^$' -- $L sa add spi 0x1002 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-cbc-256-hmac-sha256 key $K16$K16 auth-key $K16$K16 esn seq 100 soft-bytes 1000 hard-packets 50 soft-time 1 hard-time 3600
t 0 '^$' -- $L sa add spi 0x1003 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-cbc-128-hmac-sha1 key $K16 auth-key $K20
t 0 '^$' -- $L sa add spi 0x1004 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-256 key $K36 encap udp dport 4501
t1 2 'key for aes-gcm-128 must be 20 bytes' -- $L sa add spi 0x1005 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K16
t1 2 "unknown algorithm 'des'" -- $L sa add spi 0x1005 dir out local 127.0.0.1 peer 127.0.0.2 alg des key $K16
t1 2 'auth-key for aes-cbc-128-hmac-sha1 must be 20 bytes' -- $L sa add spi 0x1005 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-cbc-128-hmac-sha1 key $K16 auth-key $K16
t1 2 'reserved' -- $L sa add spi 255 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20
t1 1 'sa add: .*IPv6' -- $L sa add spi 0x1005 dir out local ::1 peer ::2 alg aes-gcm-128 key $K20
t 0 'spi 0x00001001 dir in .*alg chacha20-poly1305' -- $L sa show
t 0 'lifetime soft-bytes 1000 hard-packets 50 soft-time 1 hard-time 3600' -- $L sa show spi 0x1002 dir out
t1 1 'sa show: ' -- $L sa show spi 0x7777 dir out
tj 'length == 5 and (map(.spi) | sort) == [4097,4097,4098,4099,4100]' -- $L sa show --json
tj '.[0].dir == "in" and .[0].replay_window == 64 and .[0].esn == false and .[0].encap == "none" and (.[0].stats | length) == 17 and (.[0].driver | type) == "string"' -- $L --json sa show spi 4097 dir in
tj '.[0].esn == true and .[0].seq == 100 and .[0].lifetime.hard_packets == 50 and (.[0].state | IN("valid", "soft-expired"))' -- $L --json sa show spi 4098 dir out
tj '.[0].encap == "udp" and .[0].sport == 4500 and .[0].dport == 4501' -- $L sa --json show spi 4100 dir out
t 0 '^$' -- $L sa del spi 0x1003 dir out
t1 1 'sa del: ' -- $L sa del spi 0x1003 dir out
t1 2 'sa del: missing dir' -- $L sa del spi 0x1003
# the legacy IKEv1 client transforms: 3DES-CBC, HMAC-SHA256-96; with
# ESN (authencesn) and without
t 0 '^$' -- $L sa add spi 0x3001 dir in local 127.0.0.1 peer 127.0.0.2 alg 3des-cbc-hmac-sha1 key ${K16}1011121314151617 auth-key $K20 esn
t 0 '^$' -- $L sa add spi 0x3002 dir out local 127.0.0.1 peer 127.0.0.2 alg 3des-cbc-hmac-sha1 key ${K16}1011121314151617 auth-key $K20
t 0 '^$' -- $L sa add spi 0x3003 dir in local 127.0.0.1 peer 127.0.0.2 alg aes-cbc-128-hmac-sha256-96 key $K16 auth-key $K16$K16 esn
t 0 '^$' -- $L sa add spi 0x3004 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-cbc-256-hmac-sha256-96 key $K16$K16 auth-key $K16$K16
tj '.[0].alg == "3des-cbc-hmac-sha1" and .[0].esn == true and (.[0].driver | test("^authencesn\\(.*des3_ede"))' -- $L --json sa show spi 12289 dir in
tj '.[0].alg == "3des-cbc-hmac-sha1" and .[0].esn == false and (.[0].driver | test("^authenc\\(.*des3_ede"))' -- $L --json sa show spi 12290 dir out
tj '.[0].alg == "aes-cbc-128-hmac-sha256-96" and .[0].esn == true' -- $L --json sa show spi 12291 dir in
tj '.[0].alg == "aes-cbc-256-hmac-sha256-96"' -- $L --json sa show spi 12292 dir out
t1 2 'key for 3des-cbc-hmac-sha1 must be 24 bytes' -- $L sa add spi 0x3005 dir out local 127.0.0.1 peer 127.0.0.2 alg 3des-cbc-hmac-sha1 key $K16 auth-key $K20
for spi in 0x3001/in 0x3002/out 0x3003/in 0x3004/out; do
	t 0 '^$' -- $L sa del spi ${spi%/*} dir ${spi#*/}
done

echo "== encap (static keying: inbound UDP SA opens the port)"
t 0 '^$' -- $L sa add spi 0x2001 dir in local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20 encap udp
t 0 '^encap port 4500 users 1$' -- $L encap show
t 0 '^$' -- $L sa add spi 0x2002 dir in local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20 encap udp
tj '. == [{"port":4500,"users":2}]' -- $L encap show --json
t1 1 'encap add: port 4500 already has an encap socket' -- $L encap add port 4500
t1 1 'encap del: ' -- $L encap del port 4500        # EBUSY: SAs use it
# a failed SA add releases the port it opened itself
t1 1 'sa add: ' -- $L sa add spi 0x2001 dir in local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20 encap udp sport 4600
t 0 '^encap port 4500 users 2$' -- $L encap show
t 0 '^$' -- $L encap add port 4700
tj 'map(.port) == [4500,4700]' -- $L --json encap show
t 0 '^$' -- $L encap del port 4700
t1 1 'encap del: ' -- $L encap del port 4700
t 0 '^$' -- $L sa del spi 0x2001 dir in
t 0 '^$' -- $L sa del spi 0x2002 dir in
t 0 '^$' -- $L encap del port 4500
tj '. == []' -- $L encap show --json

echo "== tunnel"
t 0 '^$' -- $L tunnel add id 10 peer-id 20 version 3 local 127.0.0.1 peer 127.0.0.2 sa-out 0x1001
t1 1 'tunnel add: ' -- $L tunnel add id 10 peer-id 20 version 3 local 127.0.0.1 peer 127.0.0.2
t1 1 'tunnel add: ' -- $L tunnel add id 11 peer-id 21 version 3 local 127.0.0.1 peer 127.0.0.2 sa-out 0x7777
t 0 '^$' -- $L tunnel add id 2 peer-id 3 version 2 local 127.0.0.1 peer 127.0.0.2 dport 1702
t1 2 'out of range for version 2' -- $L tunnel add id 70000 peer-id 3 version 2 local 127.0.0.1 peer 127.0.0.2
t 0 'tunnel id 10 peer-id 20 version 3 local 127.0.0.1 peer 127.0.0.2 sport 1701 dport 1701 sa-out 0x00001001 esp-required off' -- $L tunnel show id 10
t 0 '^$' -- $L tunnel set id 10 esp-required on
t 0 '^$' -- $L tunnel set id 10 sa-out 0x1002
tj '.[0].sa_out == 4098 and .[0].esp_required == true and .[0].version == 3' -- $L tunnel show id 10 --json
t 0 '^$' -- $L tunnel set id 10 sa-out none esp-required off
tj '.[0].sa_out == null and .[0].esp_required == false' -- $L tunnel show id 10 --json
tj 'map(.id) == [2,10] and .[0].dport == 1702' -- $L tunnel show --json
t1 1 'tunnel set: ' -- $L tunnel set id 99 esp-required on
t1 1 'tunnel set: ' -- $L tunnel set id 10 sa-out 0x7777
t1 2 'nothing to change' -- $L tunnel set id 10
t 0 '^$' -- $L tunnel set id 10 sa-in 0x1001
tj '.[0].sa_in == [4097]' -- $L tunnel show id 10 --json
t 0 'sa-out none sa-in 0x00001001 esp-required off' -- $L tunnel show id 10
t1 1 'tunnel set: .*names no inbound SA' -- $L tunnel set id 10 sa-in 0x1002
t1 1 'tunnel add: .*names no inbound SA' -- $L tunnel add id 12 peer-id 22 version 3 local 127.0.0.1 peer 127.0.0.2 sa-in 0x7777
t 0 '^$' -- $L tunnel set id 10 sa-in none
tj '.[0].sa_in == []' -- $L tunnel show id 10 --json

echo "== session"
t 0 '^ifname l2tpeth0 ifindex [0-9]+$' -- $L session add tunnel 10 id 100 peer-id 200
t1 1 'session add: .*exist' -- $L session add tunnel 10 id 100 peer-id 200
t 0 '^ifname cli0 ifindex' -- $L session add tunnel 10 id 101 peer-id 201 name cli0 cookie 01020304 peer-cookie 0102030405060708 l2spec none seq both mtu 1400
tj '.ifname == "cli1"' -- $L --json session add tunnel 10 id 102 peer-id 202 name cli1
t 0 '^ifname l2tpppp0 ifindex' -- $L session add tunnel 2 id 5 peer-id 6
t1 1 'session add: ' -- $L session add tunnel 99 id 1 peer-id 1
t1 1 'session add: ' -- $L session add tunnel 10 id 103 peer-id 203 pw ppp
t1 2 'cookie must be 4 or 8 bytes' -- $L session add tunnel 10 id 103 peer-id 203 cookie 010203
t 0 'l2spec none seq both cookie 01020304 peer-cookie 0102030405060708 mtu 1400' -- $L session show tunnel 10 id 101
tj 'length == 3 and map(.id) == [100,101,102] and .[1].send_seq and .[1].recv_seq and .[1].cookie == "01020304" and .[1].l2spec == "none" and .[0].pw == "eth"' -- $L session show tunnel 10 --json
tj 'length == 4' -- $L session show --json
tj '.[0].pw == "ppp" and .[0].ifname == "l2tpppp0"' -- $L session show tunnel 2 id 5 --json
ip link show cli0 >/dev/null 2>&1 && PASS=$((PASS + 1)) || { FAIL=$((FAIL + 1)); echo "FAIL: no cli0"; }
t 0 '^$' -- $L session del tunnel 10 id 102
t1 1 'session del: ' -- $L session del tunnel 10 id 102
t1 1 'session show: ' -- $L session show tunnel 10 id 102

echo "== stats"
t 0 '^rx-packets [0-9]+ rx-bytes [0-9]+ tx-packets [0-9]+ tx-bytes [0-9]+' -- $L stats
tj '(keys | length) == 17 and .drop_busy == 0 and .drop_sa_mismatch == 0 and .mapping_events == 0' -- $L stats --json
t1 2 "stats: unknown argument 'x'" -- $L stats x

echo "== monitor, ctrl send, ppp send"
MON=/tmp/mon.json
$L --json monitor >$MON 2>/tmp/mon.err & MPID=$!
$L monitor >/tmp/mon.txt 2>&1 & TPID=$!
sleep 0.5
# the peer: listens on 127.0.0.2:1702, sends a control message and a PPP
# frame to the tunnel 2 (L2TPv2) in clear text
python3 - <<'PY' &
import socket, struct, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.2", 1702))
s.settimeout(20)
open("/tmp/peer.ready", "w").close()
# SCCRQ-like: T L S, ver 2, len 12, tunnel 2, session 0, Ns 0, Nr 0
s.sendto(bytes.fromhex("c802000c0002000000000000"), ("127.0.0.1", 1701))
# data: ver 2, tunnel 2, session 5, PPP ff03 + LCP conf-req
s.sendto(struct.pack("!HHH", 0x0002, 2, 5) + bytes.fromhex("ff03c021010100040000"), ("127.0.0.1", 1701))
got = []
for _ in range(2):
    try:
        got.append(s.recv(2048).hex())
    except OSError:
        break
open("/tmp/peer.txt", "w").write("\n".join(got) + "\n")
PY
PYPID=$!
for i in $(seq 100); do [[ -e /tmp/peer.ready ]] && break; sleep 0.1; done
# an SA whose soft time limit passes while the monitors listen
t 0 '^$' -- $L sa add spi 0x1006 dir out local 127.0.0.1 peer 127.0.0.2 alg aes-gcm-128 key $K20 soft-time 1
t 0 '^$' -- $L ctrl send tunnel 2 hex c802000c0003000000010000
t 0 '^$' -- $L ppp send tunnel 2 session 5 hex c021020100040000
t1 1 'ctrl send: ' -- $L ctrl send tunnel 99 hex c802000c0003000000010000
t1 1 'ctrl send: .*version' -- $L ctrl send tunnel 2 hex c803000c0003000000010000
t1 2 'T bit not set' -- $L ctrl send tunnel 2 hex 0802000c0003000000010000
t1 1 'ppp send: ' -- $L ppp send tunnel 10 session 100 hex c021020100040000
t1 1 'ppp send: ' -- $L ppp send tunnel 2 session 99 hex c021020100040000
wait $PYPID
t 0 'c802000c0003000000010000' -- cat /tmp/peer.txt
t 0 'c021020100040000' -- cat /tmp/peer.txt
sleep 2.5   # SA 0x1006 soft-time 1
kill -INT $MPID $TPID; wait $MPID; MRC=$?; wait $TPID
t 0 '^0$' -- echo $MRC
echo "--- monitor text:"; cat /tmp/mon.txt; echo "--- monitor json:"; cat $MON; cat /tmp/mon.err
t 0 '^ctrl-recv tunnel 2 peer 127.0.0.2 port 1702 spi - payload c802000c0002000000000000$' -- cat /tmp/mon.txt
t 0 '^ppp-recv tunnel 2 session 5 payload c021010100040000$' -- cat /tmp/mon.txt
t 0 '^sa-expire spi 0x1006 dir out kind time soft$' -- cat /tmp/mon.txt
tj 'length == 3' -- jq -cs . $MON
tj 'map(select(.event == "ctrl-recv")) == [{"event":"ctrl-recv","tunnel":2,"peer":"127.0.0.2","port":1702,"spi":null,"payload":"c802000c0002000000000000"}]' -- jq -cs . $MON
tj 'map(select(.event == "ppp-recv")) == [{"event":"ppp-recv","tunnel":2,"session":5,"payload":"c021010100040000"}]' -- jq -cs . $MON
tj 'map(select(.event == "sa-expire")) == [{"event":"sa-expire","spi":4102,"dir":"out","kind":"time","hard":false}]' -- jq -cs . $MON

echo "== permissions"
t1 1 'needs CAP_NET_ADMIN' -- setpriv --reuid=65534 --regid=65534 --clear-groups $L tunnel del id 10
t1 1 'Operation not permitted .needs CAP_NET_ADMIN.' -- setpriv --reuid=65534 --regid=65534 --clear-groups $L tunnel show
t1 1 'Operation not permitted .needs CAP_NET_ADMIN.' -- setpriv --reuid=65534 --regid=65534 --clear-groups $L --json stats
t1 1 'monitor: .*CAP_NET_ADMIN' -- setpriv --reuid=65534 --regid=65534 --clear-groups $L monitor

echo "== teardown"
t 0 '^$' -- $L tunnel del id 10
t 0 '^$' -- $L tunnel del id 2
t1 1 'tunnel del: ' -- $L tunnel del id 10
tj '. == []' -- $L --json session show
tj '. == []' -- $L --json tunnel show
for s in "0x1001 out" "0x1001 in" "0x1002 out" "0x1004 out" "0x1006 out"; do
	set -- $s; t 0 '^$' -- $L sa del spi $1 dir $2
done
tj '. == []' -- $L --json sa show
rmmod l2tpsec && PASS=$((PASS + 1)) || { FAIL=$((FAIL + 1)); echo "FAIL: rmmod"; }
echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
