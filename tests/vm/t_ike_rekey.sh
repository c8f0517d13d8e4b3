#!/bin/bash
# timeout: 600
# Rekey under load (issue 4): short lifetimes, so that within RUN seconds
# at least 3 child SA rekeys and 1 IKE SA rekey happen, while an iperf3 TCP
# stream runs across the L2TPv3 pseudowire (it must complete, no interval
# without data) and a `ping -i 0.2` across the whole run loses at most 1
# packet. Cases (ns1 initiates; the short lifetimes are on the side that
# must drive the rekeys, the other side has long ones):
#   l2tpsecd_l2tpsecd  l2tpsecd drives, l2tpsecd answers (check-full only)
#   l2tpsecd_charon    l2tpsecd drives, charon answers
#   charon_l2tpsecd    charon drives, l2tpsecd answers
#   l2tpsecd_l2tpsecd_bytes  child rekeys driven by volume, not time: the
#                      module's soft byte limit (lifebytes) sends SA_EXPIRE
#                      events, l2tpsecd rekeys on them (the log says so)
# Rekeys are counted on the l2tpsecd end: distinct outbound SPIs in the
# module and distinct IKE SPIs in `show ike`, sampled every second. At the
# end the old SAs are gone (make-before-break, then delete): the module
# holds at most 2 pairs.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec rekey test pre-shared key"
PW_A=192.168.100.1
PW_B=192.168.100.2
CHILD_LIFE=${CHILD_LIFE:-15}	# s: rekeys at ~15, 30, 45
IKE_LIFE=${IKE_LIFE:-40}	# s: one IKE rekey at ~40
RUN=${RUN:-56}			# s of traffic
# `make check` drops l2tpsecd_l2tpsecd (time): charon's cases cover both
# roles of l2tpsecd against an implementation written elsewhere.
CASES=("l2tpsecd charon" "charon l2tpsecd" "l2tpsecd l2tpsecd bytes")
[[ ${L2S_FULL:-0} == 1 ]] && CASES=("l2tpsecd l2tpsecd" "${CASES[@]}")
LIFEBYTES=${LIFEBYTES:-24M}	# at 20 Mbit/s: a soft expiry every ~10 s

ike_require
require_tool "$IKE_L2TPSECD"

# sample NS NAME OUTFILE: one line per second until killed:
# "out-SPIs... | IKE-SPI-pairs..." as the l2tpsecd instance NS/NAME sees them.
sample() {
	local ns=$1 name=$2 out=$3
	while :; do
		echo "$(ip netns exec "$ns" "$L2TPSEC" sa show --json 2>/dev/null |
			jq -r '[.[] | select(.dir == "out") | .spi] | join(" ")') | $(l2tpsecd_show "$ns" "$name" 2>/dev/null |
			jq -r '[.ike_sas[] | select(.state == "ESTABLISHED") | "\(.spi_i)/\(.spi_r)"] | join(" ")')" >>"$out"
		sleep 1
	done
}

ktap_plan "${#CASES[@]}"
n=0
for c in "${CASES[@]}"; do
	read -r ka kb mode <<<"$c"
	n=$((n + 1))
	name="${ka}_${kb}${mode:+_$mode}"
	t0=$SECONDS
	ike_setup_two_ns
	load_l2tpsec
	if [[ "$mode" == bytes ]]; then
		step "$name: child lifebytes $LIFEBYTES, IKE ${IKE_LIFE}s on ns1 ($ka); run ${RUN}s"
		short=(lifetime=1h lifebytes="$LIFEBYTES" margin=50% ike-lifetime="${IKE_LIFE}s")
	else
		step "$name: lifetimes child ${CHILD_LIFE}s, IKE ${IKE_LIFE}s on ns1 ($ka); run ${RUN}s"
		short=(lifetime="${CHILD_LIFE}s" ike-lifetime="${IKE_LIFE}s")
	fi
	long=(lifetime=1h ike-lifetime=4h)
	common=(auth=psk psk="$PSK" ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 dpd=30s mtu="$IKE_PW_MTU")
	ike_peer "$kb" ns2 b local="$NS2_IP" remote="$NS1_IP" start=listen "${common[@]}" "${long[@]}" \
		local-id=fqdn:b.example remote-id=fqdn:a.example \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10
	ike_peer "$ka" ns1 a local="$NS1_IP" remote="$NS2_IP" start=initiate "${common[@]}" "${short[@]}" \
		local-id=fqdn:a.example remote-id=fqdn:b.example \
		tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20
	ike_peer_wait "$ka" ns1 a 40
	ike_peer_wait "$kb" ns2 b 20
	ike_peer_pw "$ka" ns1 "$NS1_IP" "$NS2_IP" 100 200 10 20 "$PW_A/24"
	ike_peer_pw "$kb" ns2 "$NS2_IP" "$NS1_IP" 200 100 20 10 "$PW_B/24"
	ike_ping_wait ns1 "$PW_B" 20

	if [[ "$ka" == l2tpsecd ]]; then sns=ns1 sname=a; else sns=ns2 sname=b; fi
	samples=$IKE_ROOT/$name.samples
	: >"$samples"
	sample "$sns" "$sname" "$samples" &
	spid=$!
	__BG_PIDS+=("$spid")

	# The load: a rate-limited TCP stream (TCG has little CPU to spare for
	# the IKE exchanges otherwise) and pings, both for the whole run.
	ip netns exec ns2 iperf3 -s -1 -D -B "$PW_B" -p 5201
	wait_for 10 sh -c "ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q ." ||
		fail "$name: iperf3 server"
	ip netns exec ns1 iperf3 -c "$PW_B" -p 5201 -t "$RUN" -b 20M -i 1 -J \
		>"$IKE_ROOT/$name.iperf.json" 2>&1 &
	ipid=$!
	ip netns exec ns1 ping -n -i 0.2 -c $((RUN * 5)) -W 2 "$PW_B" >"$IKE_ROOT/$name.ping" 2>&1 &
	ppid=$!
	rc=0
	wait "$ipid" || rc=$?
	wait "$ppid" || true
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true

	# Rekeys seen on the l2tpsecd end.
	child_spis=$(cut -d'|' -f1 "$samples" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l)
	ike_spis=$(cut -d'|' -f2 "$samples" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l)
	log "$name: $child_spis outbound child SPIs, $ike_spis IKE SAs seen in $(wc -l <"$samples") samples"
	assert_ge $((child_spis - 1)) 3 "$name: child SA rekeys"
	assert_ge $((ike_spis - 1)) 1 "$name: IKE SA rekeys"
	if [[ "$mode" == bytes ]]; then
		soft=$(grep -c "soft limit of child SA" "$(l2tpsecd_dir ns1 a)/l2tpsecd.log" || true)
		log "$name: $soft soft byte-limit events from the module"
		assert_ge "$soft" 3 "$name: rekeys driven by the module's soft-expiry events"
	fi

	# The TCP stream survived every rekey.
	assert_eq "$rc" 0 "$name: iperf3 exit status ($(jq -r '.error // empty' "$IKE_ROOT/$name.iperf.json" 2>/dev/null))"
	zero=$(jq '[.intervals[] | select(.sum.bytes == 0)] | length' "$IKE_ROOT/$name.iperf.json")
	bps=$(jq -r '.end.sum_received.bits_per_second | floor' "$IKE_ROOT/$name.iperf.json")
	log "$name: iperf3 $((bps / 1000000)) Mbit/s over ${RUN}s, $zero intervals without data"
	assert_eq "$zero" 0 "$name: 1-second iperf3 intervals without data"
	assert_ge "$bps" "${L2S_MIN_BPS:-1000000}" "$name: iperf3 bits/s"

	# Pings across the whole run.
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$IKE_ROOT/$name.ping")
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$IKE_ROOT/$name.ping")
	log "$name: ping: $recv of $sent answered"
	assert_eq "$sent" $((RUN * 5)) "$name: pings sent"
	assert_le $((sent - recv)) 1 "$name: pings lost"

	# Make-before-break left no stale SAs behind.
	sleep 3
	# l2tpsecd keeps its tunnel bound to every live inbound SA.
	for ns in ns1 ns2; do
		[[ "$([[ $ns == ns1 ]] && echo "$ka" || echo "$kb")" == l2tpsecd ]] || continue
		tj=$(ip netns exec "$ns" "$L2TPSEC" tunnel show --json)
		live=$(ip netns exec "$ns" "$L2TPSEC" sa show --json | jq -c '[.[] | select(.dir == "in") | .spi]')
		log "$name: $ns tunnel sa_in $(jq -c '.[0].sa_in' <<<"$tj"), live inbound SAs $live," \
			"drop_sa_mismatch $(jq '.[0].stats.drop_sa_mismatch' <<<"$tj")"
		assert_eq "$(jq -n --argjson l "$live" --argjson b "$(jq -c '.[0].sa_in' <<<"$tj")" \
			'($l | length) >= 1 and ($l - $b) == []')" true "$name: $ns tunnel bound to the live inbound SAs"
	done
	for ns in ns1 ns2; do
		if [[ "$([[ $ns == ns1 ]] && echo "$ka" || echo "$kb")" == l2tpsecd ]]; then
			assert_le "$(l2tpsec_sa_count "$ns")" 4 "$name: module SAs in $ns after the run"
		else
			assert_le "$(ike_xfrm_states "$ns" | wc -l)" 4 "$name: xfrm states in $ns after the run"
		fi
	done
	ike_peer_stop "$ka" ns1 a || true
	ike_peer_stop "$kb" ns2 b || true
	ns_destroy_all
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
