#!/bin/bash
# timeout: 300
# Remote access under load, small: tests/tools/l2tpload opens RA_LOAD_N
# (default 50) clear-text L2TP + PPP sessions from ns1 against l2tpsecd in
# ns2 (a conn with `lns yes` + `lns-clear-text yes` for ns1's address; one
# user for all of them). All come up with distinct addresses; every session
# answers ICMP echoes to the gateway's PPP address through the module's
# data path (l2tpload counts the replies; the gateway's session counters
# show the packets); the gateway has one interface per session. l2tpload
# tears everything down: no session, no LNS tunnel, no interface left, and
# the pool (exactly RA_LOAD_N addresses) is whole again: a second round of
# RA_LOAD_N sessions gets addresses too. A SCCRQ from another address is
# still refused.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"
. "$T/../lib/ra.sh"

N=${RA_LOAD_N:-50}
LOAD=$TOOLS_DIR/l2tpload
PASS="load password 1"

[[ -x "$LOAD" ]] || fail "$LOAD not built (make tools)"
ike_setup_two_ns
load_l2tpsec
l2tpsecd_conf ns2 gw lan version=1 local="$NS2_IP" remote="$NS1_IP" auth=psk psk="$PSK" \
	lns=yes lns-clear-text=yes start=listen log-level=info
gd=$(l2tpsecd_dir ns2 gw)
printf '# client\tserver\tsecret\tIP addresses\nload\t*\t"%s"\t*\n' "$PASS" >"$gd/chap-secrets"
chmod 600 "$gd/chap-secrets"
# the pool: exactly N addresses (10.9.0.1 is the gateway's, taken out)
cat >>"$gd/l2tpsecd.conf" <<EOF

lns {
	users $gd/chap-secrets
	pool 10.9.0.1-10.9.$(((N + 1) / 256)).$(((N + 1) % 256))
	address 10.9.0.1
	dns $DNS1 $DNS2
	max-tunnels-per-peer 65535
}
EOF
l2tpsecd_start ns2 gw
ctl() { ip netns exec ns2 "$L2TPSEC" -S "$(cat "$gd/control")" "$@"; }
lns_tunnels() { ip netns exec ns2 "$L2TPSEC" tunnel show --json | jq '[.[] | select(.version == 2)] | length'; }
ifaces() { ip -n ns2 -o link show | grep -c l2tpppp || true; }

assert_eq "$(ip netns exec ns2 "$L2TPSEC" tunnel show --json | jq '[.[] | select(.version == 3)] | length')" 1 \
	"the listening tunnel (UDP 1701 open for clear text)"

round() { # ROUND: N sessions, held while the gateway is checked
	local r=$1 out pid
	out=$IKE_ROOT/load-$r.json
	ip netns exec ns1 "$LOAD" -s "$NS2_IP" -n "$N" -c 25 -u load -p "$PASS" -t 120 -P 2 -H 15 \
		--json >"$out" 2>"$IKE_ROOT/load-$r.err" &
	pid=$!
	wait_for 150 __sessions_n "$N" || fail "round $r: $(sessions | jq length) sessions of $N" \
		"$(cat "$IKE_ROOT/load-$r.err")"
	assert_eq "$(ifaces)" "$N" "round $r: interfaces"
	assert_eq "$(lns_tunnels)" "$N" "round $r: LNS tunnels"
	assert_eq "$(sessions | jq '[.[].address] | unique | length')" "$N" "round $r: distinct addresses"
	assert_eq "$(sessions | jq '[.[] | select(.ike_sa == 0)] | length')" "$N" "round $r: no IKE SA"
	# the pings (2 per session) cross the module: in and out counters
	wait_for 30 eval '[[ "$(sessions | jq "[.[] | select(.rx_packets > 0 and .tx_packets > 0)] | length")" == "$N" ]]' ||
		fail "round $r: sessions with data both ways: $(sessions | jq -c '[.[] | [.rx_packets, .tx_packets]]')"
	wait "$pid" || fail "round $r: l2tpload failed: $(cat "$out") $(cat "$IKE_ROOT/load-$r.err")"
	log "round $r: $(cat "$out")"
	assert_eq "$(jq .up "$out")" "$N" "round $r: sessions up"
	assert_eq "$(jq .distinct_addresses "$out")" "$N" "round $r: addresses seen by the client"
	assert_eq "$(jq .sessions_pinged_ok "$out")" "$N" "round $r: sessions whose pings were answered"
	assert_eq "$(jq .closed_ok "$out")" "$N" "round $r: StopCCNs acknowledged"
	wait_for 60 __sessions_n 0 || fail "round $r: sessions left after teardown: $(sessions | jq length)"
	wait_for 60 eval '[[ "$(lns_tunnels)" == 0 ]]' || fail "round $r: LNS tunnels left: $(lns_tunnels)"
	wait_for 30 eval '[[ "$(ifaces)" == 0 ]]' || fail "round $r: interfaces left: $(ifaces)"
}

round 1
assert_eq "$(grep -c "session end: user 'load'" "$gd/l2tpsecd.log")" "$N" "accounting lines"
# the pool holds exactly N: all came back, or round 2 cannot come up
round 2
grep -q "clear-text L2TP from $NS1_IP:[0-9]* admitted (conn 'lan'" "$gd/l2tpsecd.log" ||
	fail "no admission line in the log"
# another address: refused
ip -n ns1 addr add 10.0.0.5/24 dev "$NS1_IF"
ip netns exec ns1 python3 - <<'EOF' || fail "could not send the SCCRQ"
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.5", 0))
# SCCRQ: header (T L S ver 2, length 20, tunnel 0, session 0, Ns 0, Nr 0), Message Type 1
s.sendto(bytes.fromhex("c802" "0014" "0000" "0000" "0000" "0000" "8008000000000001"), ("10.0.0.2", 1701))
EOF
wait_for 20 grep -q "clear-text L2TP from 10.0.0.5:[0-9]* refused" "$gd/l2tpsecd.log" ||
	fail "no refusal for another address"
assert_eq "$(lns_tunnels)" 0 "LNS tunnels after the refused SCCRQ"
l2tpsecd_stop ns2 gw
assert_eq "$(ip netns exec ns2 "$L2TPSEC" tunnel show --json | jq length)" 0 \
	"tunnels after l2tpsecd stopped (the listening one gone)"
log "ok: $N sessions up twice, pings answered, all torn down"
