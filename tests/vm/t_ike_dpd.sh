#!/bin/bash
# timeout: 400
# Dead peer detection (issue 4): l2tpsecd in ns1 (dpd DPD, dpd-timeout
# DPD_TIMEOUT) with an SA and the pseudowire up to a peer in ns2; the peer
# is killed with SIGKILL (no delete notification). Within the liveness
# timeout (DPD + DPD_TIMEOUT + SLACK seconds after the kill) l2tpsecd must
# have removed every SA of that peer from the module (`l2tpsec sa show
# --json` empty), the IKE SA from `show ike`, and the L2TP tunnel it had
# brought up; it keeps running. Before the kill, an idle period longer than
# DPD shows that liveness checks to a live peer do not tear anything down.
# Cases: the peer is l2tpsecd, the peer is charon; as initiator and as
# responder (l2tpsecd in ns1 initiates in the first two, responds in the
# last one, where charon in ns2 initiates).
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec dpd test pre-shared key"
DPD=5
DPD_TIMEOUT=20
SLACK=5
PW_A=192.168.100.1
PW_B=192.168.100.2
# "PEER_KIND ROLE_OF_NS1"
CASES=("l2tpsecd initiator" "charon initiator" "charon responder")

ike_require
require_tool "$IKE_L2TPSECD"

ktap_plan "${#CASES[@]}"
n=0
for c in "${CASES[@]}"; do
	read -r kb role <<<"$c"
	n=$((n + 1))
	name="peer_${kb}_ns1_${role}"
	step "$name"
	t0=$SECONDS
	ike_setup_two_ns
	load_l2tpsec
	common=(auth=psk psk="$PSK" ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16
		dpd="${DPD}s" dpd-timeout="${DPD_TIMEOUT}s" mtu="$IKE_PW_MTU")
	if [[ "$role" == initiator ]]; then
		start_a=initiate start_b=listen remote_a=$NS2_IP remote_b=$NS1_IP
	else
		start_a=listen start_b=initiate remote_a=$NS2_IP remote_b=$NS1_IP
	fi
	# The peer's own liveness checks are off (dpd 0): only ns1's l2tpsecd
	# is under test.
	ike_peer l2tpsecd ns1 a local="$NS1_IP" remote="$remote_a" start="$start_a" "${common[@]}" \
		local-id=fqdn:a.example remote-id=fqdn:b.example \
		tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20
	ike_peer "$kb" ns2 b local="$NS2_IP" remote="$remote_b" start="$start_b" "${common[@]}" \
		dpd=0 local-id=fqdn:b.example remote-id=fqdn:a.example \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10
	ike_peer_wait l2tpsecd ns1 a 40
	ike_peer_wait "$kb" ns2 b 20
	ike_peer_pw l2tpsecd ns1 "$NS1_IP" "$NS2_IP" 100 200 10 20 "$PW_A/24"
	ike_peer_pw "$kb" ns2 "$NS2_IP" "$NS1_IP" 200 100 20 10 "$PW_B/24"
	ike_ping_wait ns1 "$PW_B" 20

	# A live peer answers the liveness checks: idle for 2 x DPD, all stays.
	sleep $((2 * DPD + 1))
	l2tpsecd_has_sa ns1 a || fail "$name: SA lost while the peer was alive: $(l2tpsecd_show ns1 a)"
	assert_ge "$(l2tpsec_sa_count ns1)" 2 "$name: module SAs while the peer is alive"
	ping_ok ns1 "$PW_B" 3

	step "$name: SIGKILL the peer ($kb)"
	ike_peer_stop "$kb" ns2 b KILL || true
	tk=$SECONDS
	bound=$((DPD + DPD_TIMEOUT + SLACK))
	wait_for "$bound" sh -c "[ \"\$(ip netns exec ns1 $L2TPSEC sa show --json | jq length)\" = 0 ]" ||
		fail "$name: SAs still in the module $((SECONDS - tk))s after the kill:"$'\n'"$(ip netns exec ns1 "$L2TPSEC" sa show)"$'\n'"$(l2tpsecd_show ns1 a)"
	took=$((SECONDS - tk))
	log "$name: module SAs removed ${took}s after the kill (bound ${bound}s)"
	js=$(l2tpsecd_show ns1 a)
	# The dead peer's IKE SA and its children are gone; an initiator keeps
	# trying to reach the peer again (a new IKE SA, not past IKE_SA_INIT).
	assert_eq "$(jq '[.ike_sas[] | select(.state != "DEAD" and .state != "INIT_SENT")] | length' <<<"$js")" 0 \
		"$name: IKE SAs left in show ike"
	assert_eq "$(jq '[.ike_sas[].children[]] | length' <<<"$js")" 0 \
		"$name: child SAs left in show ike"
	if [[ "$role" == initiator ]]; then
		assert_eq "$(jq '[.ike_sas[] | select(.state == "INIT_SENT")] | length' <<<"$js")" 1 \
			"$name: the initiator tries to reach the peer again"
	fi
	assert_eq "$(ip netns exec ns1 "$L2TPSEC" tunnel show --json | jq length)" 0 \
		"$name: L2TP tunnels left in the module"
	ike_gone "$(l2tpsecd_pid ns1 a)" && fail "$name: l2tpsecd exited"
	grep -qiE "dead|liveness|dpd" "$(l2tpsecd_dir ns1 a)/l2tpsecd.log" ||
		fail "$name: the log does not say why the peer was removed"
	l2tpsecd_stop ns1 a || fail "$name: l2tpsecd exit status $? on SIGTERM"
	ns_destroy_all
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
