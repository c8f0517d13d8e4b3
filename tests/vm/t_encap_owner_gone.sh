#!/bin/bash
# timeout: 420
# Nothing the owner of a socket handed over with ENCAP_FD does may make the
# module wait for it. udp_destroy_sock() calls the encap_destroy hook only
# while encap_type is not 0, so an owner that turns UDP_ENCAP off and then
# closes the socket never tells the module. Here the owner
# (tests/tools/encap-owner -E TYPES -x) hands a socket over, sets
# UDP_ENCAP to TYPES and closes it at once; then ENCAP_DEL, the record's
# own disappearance, namespace exit (also of a namespace that an
# unprivileged user created with its user namespace, unshare -Urn) and
# module unload must all complete within a bound, while a pseudowire
# between ns1 and ns2 over the module's own encap sockets (port 4500)
# keeps working. The run harness also fails the test on any WARNING, BUG
# or hung-task report.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
OWNER_BIN="$L2S_REPO/tests/tools/encap-owner"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
D=$(mktemp -d /tmp/owner-gone.XXXXXX)
chmod 755 "$D"
[ -x "$OWNER_BIN" ] || fail "$OWNER_BIN not built (make -C tests/tools on the host)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; l2s_env_down; ip netns del ns3 2>/dev/null || true; rm -rf "$D"' EXIT

objects() { cat /sys/module/l2tpsec/parameters/objects; }
# poll SECONDS CMD...: until CMD succeeds, every 0.1 s.
poll() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}
# bounded SECONDS OUT CMD...: run CMD in the background, output in OUT;
# fail the test unless it is done within SECONDS (a task stuck in the
# kernel cannot be killed: no timeout(1), which would wait for it). Its
# exit status in RC.
bounded() {
	local secs=$1 out=$2 pid end
	shift 2
	"$@" >"$out" 2>&1 &
	pid=$!
	end=$((SECONDS + secs))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= end)); then
			fail "'$*' still blocked after $secs s; tasks in D state: $(ps -eo pid=,stat=,wchan:40=,comm= | awk '$2 ~ /^D/' | tr '\n' ';')"
		fi
		sleep 0.1
	done
	RC=0
	wait "$pid" || RC=$?
}
ports() { l2s "$1" --json encap show | jq -c '[.[].port]'; }
only4500() { [ "$(ports "$1")" = '[4500]' ]; }
port_free() { [ -z "$(ip netns exec "$1" ss -Hun "sport = :$2")" ]; }
pw_ok() {
	ip netns exec ns1 ping -n -q -c 3 -i 0.2 -W 2 192.168.100.2 >"$D/ping" ||
		fail "pseudowire over the module's encap sockets ($1): $(cat "$D/ping")"
}
# owner_once NS PORT TYPES: hand PORT over in NS, set UDP_ENCAP to TYPES,
# close the socket and exit.
owner_once() {
	ip netns exec "$1" "$OWNER_BIN" -p "$2" -E "$3" -x >"$D/owner.out" 2>"$D/owner.err" ||
		fail "encap-owner -p $2 -E $3 in $1: $(cat "$D/owner.err")"
	expect_eq "encap-owner -E $3 output" "$(cat "$D/owner.out")" ready
}

l2s_env_up
l2s_v3_pair aes-gcm-128 udp
l2s_pw_static_neigh
wait_ping ns1 192.168.100.2 1 || fail "pseudowire up"
base=$(objects)
expect_eq "objects with the pseudowire" "$base" "sa 4 tunnel 2 session 2 encap 2 port 2"

echo "# (a) UDP_ENCAP turned off, socket closed, then ENCAP_DEL at once"
for i in 1 2 3; do
	owner_once ns2 4501 0
	bounded 10 "$D/del" l2s ns2 encap del port 4501
	# done, or already gone (the periodic reaper was quicker)
	[ "$RC" = 0 ] || grep -q "no ESP-in-UDP socket on this port" "$D/del" ||
		fail "encap del after the owner closed its socket (round $i): $(cat "$D/del")"
	expect_eq "ns2 encap ports after encap del (round $i)" "$(ports ns2)" '[4500]'
	poll 5 port_free ns2 4501 || fail "ns2 port 4501 still bound after the close"
done
pw_ok "after (a)"

echo "# (b) UDP_ENCAP turned off, socket closed, nothing else: the record goes"
owner_once ns2 4501 0
poll 5 only4500 ns2 || fail "encap 4501 still listed 5 s after its owner closed it: $(ports ns2)"
expect_eq "objects after (b)" "$(objects)" "$base"

echo "# (c) other UDP_ENCAP changes before the close"
for types in 3 1 0,2 2,0,3; do
	owner_once ns2 4501 "$types"
	poll 5 only4500 ns2 || fail "encap 4501 (UDP_ENCAP $types) still listed 5 s after the close: $(ports ns2)"
	bounded 10 "$D/del" l2s ns2 encap del port 4501
	expect_eq "encap del after the close (UDP_ENCAP $types): status" "$RC" 1
	grep -q "no ESP-in-UDP socket on this port" "$D/del" || fail "encap del: $(cat "$D/del")"
done
expect_eq "objects after (c)" "$(objects)" "$base"
pw_ok "after (c)"

echo "# (d) UDP_ENCAP turned off by the owner, ENCAP_DEL while it is open"
: >"$D/keep.out"
ip netns exec ns2 "$OWNER_BIN" -p 4501 -E 0 >"$D/keep.out" 2>"$D/keep.err" &
keep=$!
pids+=("$keep")
poll 20 grep -qx ready "$D/keep.out" || fail "encap-owner -E 0: $(cat "$D/keep.err")"
bounded 10 "$D/del" l2s ns2 encap del port 4501
expect_eq "encap del of the open socket: status" "$RC" 0
# The owner keeps the plain socket it chose: a NAT keepalive reaches it.
ip netns exec ns1 python3 "$L2S_REPO/tests/tools/pkt.py" udp --dst 10.0.0.2 --dport 4501 --hex ff
poll 10 grep -qx ff "$D/keep.out" || fail "datagram did not reach the owner after encap del: $(cat "$D/keep.out")"
kill "$keep"
wait "$keep" || fail "encap-owner exit status"
poll 5 port_free ns2 4501 || fail "ns2 port 4501 still bound after the owner exited"
expect_eq "objects after (d)" "$(objects)" "$base"

echo "# (e) namespace of an owner that turned UDP_ENCAP off and closed"
ip netns add ns3
owner_once ns3 4500 0
ip netns del ns3
poll 10 sh -c "[ \"\$(cat /sys/module/l2tpsec/parameters/objects)\" = \"$base\" ]" ||
	fail "objects 10 s after deleting ns3: $(objects) (namespace pinned?)"

echo "# (f) the same by an unprivileged user, in its own user and network namespace"
# shellcheck disable=SC2016 # expanded by the inner shell
bounded 30 "$D/unpriv" "${NOBODY[@]}" unshare -Urn sh -c '
	err=$(mktemp)
	"$1" -p 4500 -E 0 -x || exit 1
	# done, or already gone (the periodic reaper was quicker)
	if ! "$2" encap del port 4500 2>"$err"; then
		grep -q "no ESP-in-UDP socket on this port" "$err" || { cat "$err"; exit 1; }
	fi
	rm -f "$err"
	"$1" -p 4500 -E 0 -x || exit 1
	echo finished' sh "$OWNER_BIN" "$L2S_BIN"
expect_eq "unprivileged owner: status" "$RC" 0
expect_eq "unprivileged owner: output" "$(cat "$D/unpriv")" "$(printf '%s\n' ready ready finished)"
poll 10 sh -c "[ \"\$(cat /sys/module/l2tpsec/parameters/objects)\" = \"$base\" ]" ||
	fail "objects 10 s after the unprivileged owner's namespace went: $(objects) (namespace pinned?)"
pw_ok "after (f)"

echo "# (g) module unload right after such a close, with owners still open"
ip netns exec ns2 "$OWNER_BIN" -p 4502 -E 0 >"$D/o2.out" 2>"$D/o2.err" &
o2=$!
pids+=("$o2")
ip netns exec ns2 "$OWNER_BIN" -p 4503 >"$D/o3.out" 2>"$D/o3.err" &
o3=$!
pids+=("$o3")
poll 20 grep -qx ready "$D/o2.out" || fail "owner on 4502: $(cat "$D/o2.err")"
poll 20 grep -qx ready "$D/o3.out" || fail "owner on 4503: $(cat "$D/o3.err")"
owner_once ns2 4501 0
ip netns exec ns1 ping -f -c 2000 192.168.100.2 >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
bounded 60 "$D/rmmod" rmmod l2tpsec
expect_eq "rmmod: status" "$RC" 0
[ -d /sys/module/l2tpsec ] && fail "module still present"
# Both owners still have their sockets: plain UDP ones now.
ip netns exec ns1 python3 "$L2S_REPO/tests/tools/pkt.py" udp --dst 10.0.0.2 --dport 4503 --hex ff
poll 10 grep -qx ff "$D/o3.out" || fail "datagram did not reach the 4503 owner after unload"
ip netns exec ns1 python3 "$L2S_REPO/tests/tools/pkt.py" udp --dst 10.0.0.2 --dport 4502 --hex ff
poll 10 grep -qx ff "$D/o2.out" || fail "datagram did not reach the 4502 owner after unload"
kill "$o2" "$o3"
wait "$o2" || fail "owner 4502 exit status"
wait "$o3" || fail "owner 4503 exit status"
insmod "$L2TPSEC_KO"
expect_eq "objects after reload" "$(objects)" "sa 0 tunnel 0 session 0 encap 0 port 0"
l2s_v3_pair aes-gcm-128 udp
l2s_pw_static_neigh
wait_ping ns1 192.168.100.2 2 || fail "pseudowire after reload"
echo "owner turned UDP_ENCAP off and closed: ok"
