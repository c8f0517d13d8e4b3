#!/bin/bash
# timeout: 400
# IKE_SA_INIT flood (issue 4, DoS protection): l2tpsecd responds in ns2
# (cookie-threshold COOKIE_THRESHOLD, half-open-per-source 8,
# half-open-timeout HALF_OPEN_TIMEOUT); tests/tools/ikeflood in nsf sends
# FLOOD_N IKE_SA_INIT requests at FLOOD_RATE pps from random addresses of
# FLOOD_PREFIX (routed back into nsf, where the replies die). Three seconds
# into the flood a legitimate peer in ns1 initiates; it must establish its
# SA (cookie round trip included) while the flood is still running, and the
# pseudowire must carry ping. Sampled every second during the flood:
# l2tpsecd's VmRSS stays below RSS_MAX_KB, `show ike --json` never shows
# more than COOKIE_THRESHOLD (+1: the legitimate peer's, admitted with a
# valid cookie) half-open SAs, and cookies were sent. After the flood the
# half-open SAs time out (0 within HALF_OPEN_TIMEOUT + 5 s).
# Cases: the legitimate peer is charon, then l2tpsecd.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec flood test pre-shared key"
FLOOD_N=${FLOOD_N:-10000}
FLOOD_RATE=${FLOOD_RATE:-500}		# pps: the flood lasts 20 s
FLOOD_PREFIX=10.99.0.0/16
COOKIE_THRESHOLD=32
HALF_OPEN_TIMEOUT=10
RSS_MAX_KB=${RSS_MAX_KB:-65536}
PW_A=192.168.100.1
PW_B=192.168.100.2
CASES=(charon l2tpsecd)

ike_require
require_tool "$IKE_L2TPSECD"
require_tool "$IKE_FLOOD"

ktap_plan "${#CASES[@]}"
n=0
for ka in "${CASES[@]}"; do
	n=$((n + 1))
	name="legit_${ka}"
	step "$name: $FLOOD_N IKE_SA_INIT at $FLOOD_RATE pps from $FLOOD_PREFIX"
	t0=$SECONDS
	ike_setup_two_ns
	ike_setup_flood_ns ns2 "$FLOOD_PREFIX"
	load_l2tpsec
	common=(auth=psk psk="$PSK" ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 mtu="$IKE_PW_MTU")
	# The pseudowire's conn names its peer (a pseudowire cannot be on
	# remote any); a second conn without one, remote any, answers the
	# flood's random sources.
	l2tpsecd_conf ns2 b l2tp ifname="$IKE_PW_IF" local="$NS2_IP" remote="$NS1_IP" \
		start=listen "${common[@]}" \
		cookie-threshold="$COOKIE_THRESHOLD" half-open-per-source=8 \
		half-open-timeout="${HALF_OPEN_TIMEOUT}s" \
		local-id=fqdn:b.example remote-id=fqdn:a.example \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10
	l2tpsecd_conn_add ns2 b flood local="$NS2_IP" remote=any start=listen "${common[@]}" \
		local-id=fqdn:b.example remote-id=fqdn:a.example
	l2tpsecd_start ns2 b
	base_rss=$(l2tpsecd_rss_kb ns2 b)

	ip netns exec "$IKE_FLOOD_NS" "$IKE_FLOOD" -n "$FLOOD_N" -r "$FLOOD_RATE" \
		"$FLOOD_PREFIX" "$NS2_IP" >"$IKE_ROOT/$name.flood" 2>&1 &
	fpid=$!
	__BG_PIDS+=("$fpid")
	max_rss=$base_rss max_half=0 legit_at='' i=0
	while ! ike_gone "$fpid"; do
		i=$((i + 1))
		if ((i == 3)); then
			step "$name: the legitimate peer initiates"
			ike_peer "$ka" ns1 a local="$NS1_IP" remote="$NS2_IP" start=initiate "${common[@]}" \
				local-id=fqdn:a.example remote-id=fqdn:b.example \
				tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20
		fi
		if ((i > 3)) && [[ -z "$legit_at" ]] && l2tpsecd_has_sa ns2 b; then
			legit_at=$i
			log "$name: legitimate SA up at second $i of the flood"
		fi
		rss=$(l2tpsecd_rss_kb ns2 b) || fail "$name: l2tpsecd died during the flood"
		half=$(l2tpsecd_show ns2 b | jq '.half_open') ||
			fail "$name: the control socket did not answer during the flood"
		((rss > max_rss)) && max_rss=$rss
		((half > max_half)) && max_half=$half
		sleep 1
	done
	frc=0
	wait "$fpid" || frc=$?
	log "$name: $(cat "$IKE_ROOT/$name.flood")"
	assert_eq "$frc" 0 "$name: ikeflood exit status"
	js=$(l2tpsecd_show ns2 b)
	log "$name: after the flood: $(jq -c '{half_open, cookies_sent, half_open_rejected, dropped, ike_sas: (.ike_sas | length)}' <<<"$js")"
	log "$name: VmRSS $base_rss kB before, max $max_rss kB during; max half-open $max_half"

	[[ -n "$legit_at" ]] || fail "$name: the legitimate peer got no SA while the flood ran"
	ike_peer_wait "$ka" ns1 a 10
	assert_le "$max_rss" "$RSS_MAX_KB" "$name: l2tpsecd VmRSS (kB) during the flood"
	assert_le "$max_half" $((COOKIE_THRESHOLD + 1)) "$name: half-open IKE SAs during the flood"
	assert_gt "$(jq '.cookies_sent' <<<"$js")" 0 "$name: cookies sent"
	# Most of the flood reached the daemon and was answered with a cookie
	# or refused (not silently lost in a socket buffer that overflowed).
	assert_ge "$(jq '.cookies_sent + .half_open_rejected + .dropped' <<<"$js")" $((FLOOD_N / 2)) \
		"$name: flood requests cookied, rejected or dropped"

	# The legitimate SA carries traffic.
	ike_peer_pw "$ka" ns1 "$NS1_IP" "$NS2_IP" 100 200 10 20 "$PW_A/24"
	ike_peer_pw l2tpsecd ns2 "$NS2_IP" "$NS1_IP" 200 100 20 10 "$PW_B/24"
	ike_ping_wait ns1 "$PW_B" 20

	# The flood's half-open SAs expire.
	wait_for $((HALF_OPEN_TIMEOUT + 5)) sh -c \
		"[ \"\$(ip netns exec ns2 $L2TPSEC -S $(cat "$(l2tpsecd_dir ns2 b)/control") show ike --json | jq .half_open)\" = 0 ]" ||
		fail "$name: half-open SAs left $((HALF_OPEN_TIMEOUT + 5))s after the flood: $(l2tpsecd_show ns2 b | jq -c .half_open)"
	ike_peer_stop "$ka" ns1 a || true
	l2tpsecd_stop ns2 b || fail "$name: l2tpsecd exit status $? on SIGTERM"
	ns_destroy_all
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
