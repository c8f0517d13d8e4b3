#!/bin/bash
# timeout: 900
# l2tpsecd as an IKEv1 gateway for several charon clients (issue 12,
# "Tests"); charon plays the L2TP/IPsec clients (IKEv1 main + quick mode,
# PSK, transport-mode ESP for UDP/1701, a stock L2TPv3 pseudowire over it).
# Cases (IKEV1_GW_CASES='GLOB...' picks some):
#   nat2        two clients behind ONE masquerading NAT (ns1 172.16.0.2 and
#               ns3 172.16.0.3, both seen as 10.0.0.1, on different ports)
#               at once against one l2tpsecd with two `remote any` conns,
#               each with its own remote-id (c1: ip:172.16.0.2, c2:
#               fqdn:c2.example: both come in on c1, the first remote any
#               conn, and c2's client moves to c2 by identity) and its own
#               static l2tp block. Asserted: two ESTABLISHED IKEv1 SAs,
#               same remote address, different ports; each conn's tunnel
#               bound (sa_in/sa_out) to its own child's SPIs; traffic of one
#               client moves only its own module SAs; both pseudowires
#               carry ping and iperf3 at the same time; drop_sa_mismatch
#               0 on both tunnels; a forged session (client 1 sends the
#               session of client 2's pseudowire through its own SA) is
#               dropped as drop_sa_mismatch on client 2's tunnel and never
#               reaches it; stopping client 1 deletes its SAs and tunnel,
#               client 2 keeps working.
#   rekey_time  a client behind the NAT rekeys its child every ~20 s
#               (charon rekey_time 20s, life_time 30s) and renews phase 1
#               (charon IKEv1 reauthentication, IKE rekey_time 35s) during
#               a RUN s iperf3 TCP stream (rate-limited) and a ping -i 0.2
#               across the pseudowire.
#   rekey_bytes a direct client rekeys its child by volume (charon
#               rekey_bytes REKEY_BYTES, life_bytes LIFE_BYTES) under the
#               same load.
# The clients run with charon.delete_rekeyed = yes: like Windows, they
# delete a child SA as soon as they have rekeyed it.
# Rekey cases assert: iperf3 completes without error; at most one lost
# ping per child rekey (+1 for the phase-1 renewal); at least 2 child
# replacements (new SPI pairs in l2tpsecd's "child SA installed" lines;
# the module's SAs, tunnels and IKE SAs are also sampled every 0.5 s, raw,
# and parsed after the run): in every sample the tunnel's sa_out is an SA
# installed in the module, and no live inbound SA is missing from its
# sa_in in more than one sample; after the run the module holds exactly
# the SPIs charon still has (old SAs removed after the client's deletes),
# one pair; rekey_time: a second IKE SA was established, the children
# moved to it ("child SAs move to the new IKE SA"), and one IKE SA remains.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec IKEv1 gateway test pre-shared key"
RUN=${RUN:-60}			# s of traffic in the rekey cases
REKEY_BYTES=${REKEY_BYTES:-40000000}	# at 20 Mbit/s: a rekey every ~16 s
LIFE_BYTES=${LIFE_BYTES:-60000000}
G_IKE=aes256-sha256-modp2048,aes256-sha1-modp2048
G_ESP=aes256-sha1,aes128-sha1
C_IKE=aes256-sha256-modp2048
C_ESP=aes256-sha1
ALL_CASES=(nat2 rekey_time rekey_bytes)

ike_require
require_tool "$IKE_L2TPSECD"

CASES=()
read -ra globs <<<"${IKEV1_GW_CASES:-*}"
for c in "${ALL_CASES[@]}"; do
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # a pattern on purpose
		[[ "$c" == $g ]] && CASES+=("$c") && break
	done
done
((${#CASES[@]})) || fail "IKEV1_GW_CASES='${IKEV1_GW_CASES:-}' matches no case"

# ------------------------------------------------------------- helpers --
# mod_sas NS: "SPI DIR RX TX" per module SA (SPI decimal).
mod_sas() {
	ip netns exec "$1" "$L2TPSEC" sa show --json | jq -r '.[] |
		"\(.spi) \(.dir) \(.stats.rx_packets // 0) \(.stats.tx_packets // 0)"'
}
# mod_pkts NS SPI DIR: rx (in) or tx (out) packets of one module SA.
mod_pkts() {
	ip netns exec "$1" "$L2TPSEC" sa show --json | jq -r --argjson s "$2" --arg d "$3" \
		'.[] | select(.spi == $s and .dir == $d) |
		 if $d == "in" then .stats.rx_packets // 0 else .stats.tx_packets // 0 end'
}
# tunnel_json NS TID: the module tunnel TID as JSON (null if none).
tunnel_json() {
	ip netns exec "$1" "$L2TPSEC" tunnel show --json | jq -c --argjson t "$2" '[.[] | select(.id == $t)][0]'
}
# child_spis NS INST CONN: "SPI_IN SPI_OUT" (decimal) of the active child
# of CONN's established IKE SA in l2tpsecd NS/INST.
child_spis() {
	local i o
	read -r i o < <(l2tpsecd_show "$1" "$2" | jq -r --arg c "$3" '[.ike_sas[] |
		select(.conn == $c and .state == "ESTABLISHED") | .children[] |
		select(.state == "active")][0] | "\(.spi_in) \(.spi_out)"')
	[[ "$i" =~ ^[0-9a-f]{8}$ && "$o" =~ ^[0-9a-f]{8}$ ]] || return 1
	echo "$((16#$i)) $((16#$o))"
}
# xfrm_spis NS: the ESP SPIs charon's kernel holds (decimal, sorted).
xfrm_spis() {
	ip -n "$1" xfrm state | awk '/proto esp spi/ { for (i = 1; i < NF; i++) if ($i == "spi") print $(i + 1) }' |
		while read -r s; do echo $((s)); done | sort -n
}
mod_spis() {
	ip netns exec "$1" "$L2TPSEC" sa show --json | jq -r '.[].spi' | sort -n
}
__same_spis() { [[ "$(xfrm_spis "$1")" == "$(mod_spis "$2")" ]]; }
# ping_stats FILE: "SENT RECEIVED" of a ping summary.
ping_stats() {
	echo "$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$1") $(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$1")"
}
# iperf_start NS_SERVER ADDR PORT: a one-shot iperf3 server.
iperf_server() {
	ip netns exec "$1" iperf3 -s -1 -D -B "$2" -p "$3" || fail "iperf3 server $2:$3 in $1"
	wait_for 10 sh -c "ip netns exec $1 ss -Htln 'sport = :$3' | grep -q ." ||
		fail "iperf3 server $2:$3 in $1 not listening"
}
# pw_neigh_static NS IF ADDR PEER_NS PEER_IF: a permanent neighbour entry
# in NS for ADDR on IF, with the MAC address of PEER_NS/PEER_IF.
pw_neigh_static() {
	local mac
	mac=$(ip -n "$4" -j link show "$5" | jq -r '.[0].address')
	ip -n "$1" neigh replace "$3" lladdr "$mac" dev "$2" nud permanent ||
		fail "static neighbour $3 on $1/$2"
}
# charon_client NS INST LOCAL REMOTE WORDS...: a charon IKEv1 client
# (connection/child "l2tp", start initiate unless WORDS say otherwise).
# charon.delete_rekeyed = yes: like Windows, the client deletes a child SA
# as soon as it has rekeyed it (charon's IKEv1 default keeps it until it
# expires).
charon_client() {
	local ns=$1 inst=$2 lip=$3 rip=$4 conf
	shift 4
	conf=$(swanctl_conn l2tp local="$lip" remote="$rip" start=initiate version=1 \
		auth=psk psk="$PSK" ike="$C_IKE" esp="$C_ESP" "$@") || exit 1
	charon_start "$ns" "$inst" delete_rekeyed=yes
	charon_conf "$ns" "$inst" <<<"$conf"
	charon_load "$ns" "$inst"
}

# ----------------------------------------------------------- case nat2 --
case_nat2() {
	local name=nat2 js r1 r2 p1 p2 i sp t c ns addr other x s r
	local -A spin spout tids
	ike_setup_nat_ns2
	load_l2tpsec
	# The gateway: two remote any conns, same key, one pseudowire each.
	l2tpsecd_conf ns2 b c1 local="$NS2_IP" remote=any start=listen version=1 auth=psk psk="$PSK" \
		ike="$G_IKE" esp="$G_ESP" local-id="ip:$NS2_IP" remote-id="ip:$NAT_PRIV_IP" \
		tunnel-id=201 peer-tunnel-id=101 session-id=21 peer-session-id=11 ifname=pw1 mtu="$IKE_PW_MTU"
	l2tpsecd_conn_add ns2 b c2 local="$NS2_IP" remote=any start=listen version=1 auth=psk psk="$PSK" \
		ike="$G_IKE" esp="$G_ESP" local-id="ip:$NS2_IP" remote-id=fqdn:c2.example \
		tunnel-id=202 peer-tunnel-id=102 session-id=22 peer-session-id=12 ifname=pw2 mtu="$IKE_PW_MTU"
	l2tpsecd_start ns2 b
	tids[c1]=201 tids[c2]=202
	# Both clients at once: configured first, then initiated together.
	charon_client ns1 a "$NAT_PRIV_IP" "$NS2_IP" local-id="ip:$NAT_PRIV_IP" remote-id="ip:$NS2_IP" start=listen
	charon_client ns3 c "$NAT_PRIV2_IP" "$NS2_IP" local-id=fqdn:c2.example remote-id="ip:$NS2_IP" start=listen
	charon_initiate ns1 a l2tp 60 &
	local i1=$!
	charon_initiate ns3 c l2tp 60 &
	local i2=$!
	wait "$i1" || fail "$name: client 1 initiation: $(cat "$(charon_dir ns1 a)/initiate-l2tp.out")"
	wait "$i2" || fail "$name: client 2 initiation: $(cat "$(charon_dir ns3 c)/initiate-l2tp.out")"
	charon_wait_sa ns1 a 60 l2tp
	charon_wait_sa ns3 c 60 l2tp
	wait_for 20 sh -c "[ \"\$(ip netns exec ns2 $L2TPSEC -S $(cat "$(l2tpsecd_dir ns2 b)/control") show ike --json |
		jq '[.ike_sas[] | select(.state == \"ESTABLISHED\") | .children[] | select(.state == \"active\" and .l2tp)] | length')\" = 2 ]" ||
		fail "$name: l2tpsecd has not two established SAs with pseudowires:"$'\n'"$(l2tpsecd_show ns2 b)"
	js=$(l2tpsecd_show ns2 b)
	log "$name: show ike: $(jq -c '[.ike_sas[] | {conn, state, version, remote, natt, peer_id, peer_private, children: [.children[] | {state, spi_in, spi_out, encap, l2tp}]}]' <<<"$js")"
	assert_eq "$(jq '[.ike_sas[] | select(.state == "ESTABLISHED")] | length' <<<"$js")" 2 "$name: established IKE SAs"
	assert_eq "$(jq -r '[.ike_sas[] | select(.state == "ESTABLISHED") | .version] | unique | join(",")' <<<"$js")" 1 \
		"$name: IKE versions"
	r1=$(jq -r '.ike_sas[] | select(.state == "ESTABLISHED" and .conn == "c1") | .remote' <<<"$js")
	r2=$(jq -r '.ike_sas[] | select(.state == "ESTABLISHED" and .conn == "c2") | .remote' <<<"$js")
	assert_match "$r1" "^$NAT_PUB_IP:[0-9]+$" "$name: c1 remote (client 1 as seen through the NAT)"
	assert_match "$r2" "^$NAT_PUB_IP:[0-9]+$" "$name: c2 remote (client 2 as seen through the NAT)"
	p1=${r1##*:} p2=${r2##*:}
	assert_ne "$p1" "$p2" "$name: the two clients' ports"
	assert_eq "$(jq -r '.ike_sas[] | select(.conn == "c1") | .peer_id' <<<"$js")" "ip:$NAT_PRIV_IP" "$name: c1 peer id"
	assert_eq "$(jq -r '.ike_sas[] | select(.conn == "c2") | .peer_id' <<<"$js")" fqdn:c2.example "$name: c2 peer id"
	grep -q 'identity fqdn:c2.example: connection c2' "$(l2tpsecd_dir ns2 b)/l2tpsecd.log" ||
		fail "$name: no 'identity fqdn:c2.example: connection c2' in l2tpsecd's log"
	log "$name: both clients at $NAT_PUB_IP, ports $p1 (c1) and $p2 (c2)"

	# Each tunnel is bound to its own child's SAs.
	for c in c1 c2; do
		read -r spin[$c] spout[$c] < <(child_spis ns2 b "$c") || fail "$name: no active child of $c"
		t=$(tunnel_json ns2 "${tids[$c]}")
		log "$name: tunnel ${tids[$c]} ($c): $(jq -c '{peer, sport, dport, sa_out, sa_in, drop_sa_mismatch: .stats.drop_sa_mismatch}' <<<"$t");" \
			"child in ${spin[$c]} out ${spout[$c]}"
		assert_eq "$(jq -c '.sa_in' <<<"$t")" "[${spin[$c]}]" "$name: tunnel ${tids[$c]} sa_in ($c's inbound SA only)"
		assert_eq "$(jq -r '.sa_out' <<<"$t")" "${spout[$c]}" "$name: tunnel ${tids[$c]} sa_out ($c's outbound SA)"
	done
	assert_eq "$(mod_spis ns2 | wc -l)" 4 "$name: module SAs in ns2"

	# Pseudowires.
	ike_pw_stock ns1 "$NAT_PRIV_IP" "$NS2_IP" 101 201 11 21 192.168.101.1/24
	ike_pw_stock ns3 "$NAT_PRIV2_IP" "$NS2_IP" 102 202 12 22 192.168.102.1/24
	ike_pw_addr ns2 pw1 192.168.101.2/24
	ike_pw_addr ns2 pw2 192.168.102.2/24
	ike_ping_wait ns1 192.168.101.2 20
	ike_ping_wait ns3 192.168.102.2 20
	# No ARP chatter of its own on a pseudowire while the other is counted.
	pw_neigh_static ns1 "$IKE_PW_IF" 192.168.101.2 ns2 pw1
	pw_neigh_static ns2 pw1 192.168.101.1 ns1 "$IKE_PW_IF"
	pw_neigh_static ns3 "$IKE_PW_IF" 192.168.102.2 ns2 pw2
	pw_neigh_static ns2 pw2 192.168.102.1 ns3 "$IKE_PW_IF"

	# One client's traffic moves only its own SAs.
	local -A before after
	for sp in "c1 ns1 192.168.101.2 c2" "c2 ns3 192.168.102.2 c1"; do
		read -r c ns addr other <<<"$sp"
		for x in c1 c2; do
			before[$x.in]=$(mod_pkts ns2 "${spin[$x]}" in)
			before[$x.out]=$(mod_pkts ns2 "${spout[$x]}" out)
		done
		ping_ok "$ns" "$addr" 20
		for x in c1 c2; do
			after[$x.in]=$(mod_pkts ns2 "${spin[$x]}" in)
			after[$x.out]=$(mod_pkts ns2 "${spout[$x]}" out)
		done
		log "$name: 20 pings from $ns ($c): $c SAs in +$((after[$c.in] - before[$c.in])) out +$((after[$c.out] - before[$c.out]))," \
			"$other SAs in +$((after[$other.in] - before[$other.in])) out +$((after[$other.out] - before[$other.out]))"
		assert_ge $((after[$c.in] - before[$c.in])) 20 "$name: $c inbound SA packets during $c's pings"
		assert_ge $((after[$c.out] - before[$c.out])) 20 "$name: $c outbound SA packets during $c's pings"
		assert_eq $((after[$other.in] - before[$other.in])) 0 "$name: $other inbound SA packets during $c's pings"
		assert_eq $((after[$other.out] - before[$other.out])) 0 "$name: $other outbound SA packets during $c's pings"
	done

	# Both pseudowires at the same time: iperf3 (20 Mbit/s each) and ping.
	iperf_server ns2 192.168.101.2 5201
	iperf_server ns2 192.168.102.2 5202
	ip netns exec ns1 iperf3 -c 192.168.101.2 -p 5201 -t 8 -b 20M -J >"$IKE_ROOT/$name.iperf1.json" 2>&1 &
	local ip1=$!
	ip netns exec ns3 iperf3 -c 192.168.102.2 -p 5202 -t 8 -b 20M -J >"$IKE_ROOT/$name.iperf2.json" 2>&1 &
	local ip2=$!
	ip netns exec ns1 ping -n -q -i 0.2 -c 40 -W 2 192.168.101.2 >"$IKE_ROOT/$name.ping1" 2>&1 &
	local pp1=$!
	ip netns exec ns3 ping -n -q -i 0.2 -c 40 -W 2 192.168.102.2 >"$IKE_ROOT/$name.ping2" 2>&1 &
	local pp2=$!
	local rc1=0 rc2=0
	wait "$ip1" || rc1=$?
	wait "$ip2" || rc2=$?
	wait "$pp1" || true
	wait "$pp2" || true
	for i in 1 2; do
		local rc bps
		rc=$([[ $i == 1 ]] && echo $rc1 || echo $rc2)
		assert_eq "$rc" 0 "$name: client $i iperf3 exit status ($(jq -r '.error // empty' "$IKE_ROOT/$name.iperf$i.json" 2>/dev/null))"
		bps=$(jq -r '.end.sum_received.bits_per_second | floor' "$IKE_ROOT/$name.iperf$i.json")
		read -r s r < <(ping_stats "$IKE_ROOT/$name.ping$i")
		log "$name: at the same time: client $i iperf3 $((bps / 1000000)) Mbit/s, ping $r of $s answered"
		assert_ge "$bps" 1000000 "$name: client $i iperf3 bits/s"
		assert_eq "$s" 40 "$name: client $i pings sent"
		assert_le $((s - r)) 1 "$name: client $i pings lost under load"
	done
	for c in c1 c2; do
		t=$(tunnel_json ns2 "${tids[$c]}")
		log "$name: tunnel ${tids[$c]} ($c) after the traffic: $(jq -c '.stats' <<<"$t")"
		assert_eq "$(jq -r '.stats.drop_sa_mismatch // 0' <<<"$t")" 0 "$name: tunnel ${tids[$c]} drop_sa_mismatch"
	done
	l2tpsec_sa_check "$name" ns2 100 aes-cbc-256-hmac-sha1 udp

	# Forged: client 1 sends client 2's session (22) through its own SA.
	local m0 m1 rx0 rx1
	m0=$(tunnel_json ns2 202 | jq -r '.stats.drop_sa_mismatch // 0')
	rx0=$(ip -n ns2 -s -j link show pw2 | jq '.[0].stats64.rx.packets')
	ip -n ns1 l2tp add session tunnel_id 101 session_id 12 peer_session_id 22 name forge0 ||
		fail "$name: forged session in ns1"
	ns_exec ns1 sysctl -qw net.ipv6.conf.forge0.disable_ipv6=1
	ip -n ns1 link set forge0 mtu "$IKE_PW_MTU" up
	ip -n ns1 addr add 192.168.102.3/24 dev forge0
	ping_fail ns1 192.168.102.2
	ip netns exec ns1 ping -n -q -c 5 -i 0.2 -W 1 192.168.102.2 >/dev/null 2>&1 || true
	m1=$(tunnel_json ns2 202 | jq -r '.stats.drop_sa_mismatch // 0')
	rx1=$(ip -n ns2 -s -j link show pw2 | jq '.[0].stats64.rx.packets')
	log "$name: forged session 22 from client 1: tunnel 202 drop_sa_mismatch $m0 -> $m1, pw2 rx packets $rx0 -> $rx1"
	assert_gt $((m1 - m0)) 0 "$name: forged packets counted as drop_sa_mismatch on tunnel 202"
	assert_eq "$rx1" "$rx0" "$name: pw2 received packets from the forged session"
	ip -n ns1 l2tp del session tunnel_id 101 session_id 12
	ping_ok ns3 192.168.102.2 5

	# Client 1 goes: its SAs and tunnel go, client 2 keeps working.
	charon_stop ns1 a TERM
	__c1_gone() {
		l2tpsecd_show ns2 b | jq -e '[.ike_sas[] | select(.conn == "c1")] | length == 0' &&
			[[ "$(mod_spis ns2 | tr '\n' ' ')" == "$(printf '%s\n' "${spin[c2]}" "${spout[c2]}" | sort -n | tr '\n' ' ')" ]]
	}
	wait_for 10 __c1_gone ||
		fail "$name: client 1's SAs still there after its delete:"$'\n'"$(l2tpsecd_show ns2 b)"$'\n'"$(ip netns exec ns2 "$L2TPSEC" sa show)"
	wait_for 10 sh -c "[ \"\$(ip netns exec ns2 $L2TPSEC tunnel show --json | jq '[.[] | select(.id == 201)] | length')\" = 0 ]" ||
		fail "$name: tunnel 201 still there after client 1's delete:"$'\n'"$(ip netns exec ns2 "$L2TPSEC" tunnel show)"
	log "$name: client 1 stopped: its IKE SA, module SAs and tunnel 201 are gone"
	ping_ok ns3 192.168.102.2 10
	ike_iperf "$name: client 2 after client 1 left" ns3 ns2 192.168.102.2 3
	assert_eq "$(tunnel_json ns2 202 | jq -r '.sa_out')" "${spout[c2]}" "$name: tunnel 202 sa_out after client 1 left"
	charon_stop ns3 c TERM
	l2tpsecd_stop ns2 b || fail "$name: l2tpsecd exit status $? on SIGTERM"
}

# ---------------------------------------------------------- rekey cases --
# sample NS INST OUT: every 0.5 s until OUT.stop exists, one JSON object per sample
# {t, s0: module SAs, tun: tunnels, s1: module SAs again, ike: show ike}
# (module SAs before and after reading the tunnel), raw: nothing parsed
# while the load runs (jq costs seconds of the 2 vCPUs under TCG).
sample() {
	local ns=$1 inst=$2 out=$3 s0 s1 tj ike sock
	sock=$(cat "$(l2tpsecd_dir "$ns" "$inst")/control")
	until [[ -e "$out.stop" ]]; do
		s0=$(ip netns exec "$ns" "$L2TPSEC" sa show --json 2>/dev/null) || s0=
		tj=$(ip netns exec "$ns" "$L2TPSEC" tunnel show --json 2>/dev/null) || tj=
		s1=$(ip netns exec "$ns" "$L2TPSEC" sa show --json 2>/dev/null) || s1=
		ike=$(ip netns exec "$ns" "$L2TPSEC" -S "$sock" show ike --json 2>/dev/null) || ike=
		[[ -n "$s0" ]] || s0='[]'
		[[ -n "$tj" ]] || tj='[]'
		[[ -n "$s1" ]] || s1='[]'
		[[ -n "$ike" ]] || ike='{"ike_sas":[]}'
		printf '{"t":%s,"s0":%s,"tun":%s,"s1":%s,"ike":%s}\n' "$EPOCHREALTIME" "$s0" "$tj" "$s1" "$ike" >>"$out"
		sleep 0.5
	done
}
# samples_lines FILE TID: the samples as lines
# "T | OUT-SPIs | IN-SPIs | BEFORE-SPIs | sa_out | sa_in | AFTER-SPIs | IKE-SAs".
samples_lines() {
	jq -r -s --argjson tid "$2" '.[] | ([.tun[] | select(.id == $tid)][0]) as $t |
		"\(.t) | \([.s0[] | select(.dir == "out") | .spi] | join(" ")) |" +
		" \([.s0[] | select(.dir == "in") | .spi] | join(" ")) | \([.s0[].spi] | join(" ")) |" +
		" \($t.sa_out // "none") | \(($t.sa_in // []) | join(" ")) | \([.s1[].spi] | join(" ")) |" +
		" \([.ike.ike_sas[] | select(.state == "ESTABLISHED") | "\(.spi_i)/\(.spi_r)"] | join(" "))"' "$1"
}

case_rekey() {
	local mode=$1 name=rekey_$1 lip seen cw=() raw samples spid ipid ppid rc=0 sent recv tl
	if [[ "$mode" == time ]]; then
		ike_setup_nat_ns
		lip=$NAT_PRIV_IP seen=$NAT_PUB_IP
		# child: rekey at 18-20 s, hard life 30 s; IKE: reauthentication
		# (IKEv1 has no IKE rekey) at 33-35 s
		cw=(lifetime=20s child.life_time=30s child.rand_time=2s ike-lifetime=35s conn.rand_time=2s)
		step "$name: charon (behind the NAT) rekeys its child every ~20 s, renews phase 1 at ~35 s; run ${RUN}s"
	else
		ike_setup_two_ns
		lip=$NS1_IP seen=$NS1_IP
		cw=(lifetime=1h lifebytes="$REKEY_BYTES" child.life_bytes="$LIFE_BYTES" child.rand_bytes=2000000)
		step "$name: charon rekeys its child every $REKEY_BYTES (life $LIFE_BYTES) at 20 Mbit/s; run ${RUN}s"
	fi
	load_l2tpsec
	l2tpsecd_conf ns2 b l2tp local="$NS2_IP" remote="$seen" start=listen version=1 auth=psk psk="$PSK" \
		ike="$G_IKE" esp="$G_ESP" local-id="ip:$NS2_IP" remote-id=fqdn:a.example \
		lifetime=1h ike-lifetime=4h \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10 ifname="$IKE_PW_IF" mtu="$IKE_PW_MTU"
	l2tpsecd_start ns2 b
	charon_client ns1 a "$lip" "$NS2_IP" local-id=fqdn:a.example remote-id="ip:$NS2_IP" "${cw[@]}"
	charon_wait_sa ns1 a 60 l2tp
	l2tpsecd_wait_sa ns2 b 20
	log "$name: charon's view: $(swanctl ns1 a --list-sas | tr '\n' '~' | sed 's/~/ ~ /g' | cut -c1-600)"
	log "$name: l2tpsecd child: $(l2tpsecd_show ns2 b | jq -c '[.ike_sas[].children[] | {state, spi_in, spi_out, lifetime, lifebytes, encap}]')"
	ike_pw_stock ns1 "$lip" "$NS2_IP" 100 200 10 20 192.168.100.1/24
	ike_pw_addr ns2 "$IKE_PW_IF" 192.168.100.2/24
	ike_ping_wait ns1 192.168.100.2 20

	raw=$IKE_ROOT/$name.samples.json
	samples=$IKE_ROOT/$name.samples
	: >"$raw"
	rm -f "$raw.stop"
	sample ns2 b "$raw" &
	spid=$!
	__BG_PIDS+=("$spid")
	iperf_server ns2 192.168.100.2 5201
	tl=$SECONDS
	# bounded: a stalled TCP connection makes iperf3 wait for ever
	timeout -k 5 $((RUN + 60)) ip netns exec ns1 iperf3 -c 192.168.100.2 -p 5201 -t "$RUN" -b 20M -i 1 -J \
		>"$IKE_ROOT/$name.iperf.json" 2>&1 &
	ipid=$!
	timeout -k 5 $((RUN + 60)) ip netns exec ns1 ping -n -i 0.2 -c $((RUN * 5)) -W 2 192.168.100.2 \
		>"$IKE_ROOT/$name.ping" 2>&1 &
	ppid=$!
	wait "$ipid" || rc=$?
	wait "$ppid" || true
	log "$name: load done (iperf3 status $rc) after $((SECONDS - tl)) s"
	touch "$raw.stop"
	wait_for 20 ike_gone "$spid" || { log "$name: the sampler did not stop"; kill "$spid" 2>/dev/null || true; }
	wait "$spid" 2>/dev/null || true

	# Rekeys as the gateway saw them.
	local child_spis ike_sas nsamp installed bad=0 ts outs ins s0 so si s1 rekeys_charon deletes moved
	samples_lines "$raw" 200 >"$samples" || fail "$name: the samples do not parse: $(tail -c 600 "$raw")"
	child_spis=$(cut -d'|' -f2 "$samples" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l)
	ike_sas=$(cut -d'|' -f8 "$samples" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l)
	nsamp=$(wc -l <"$samples")
	rekeys_charon=$(grep -c 'CHILD_SA l2tp{[0-9]*} established' "$(charon_log ns1 a)" || true)
	deletes=$(grep -c 'the peer deleted child SA' "$(l2tpsecd_dir ns2 b)/l2tpsecd.log" || true)
	moved=$(grep -c 'child SAs move to the new IKE SA' "$(l2tpsecd_dir ns2 b)/l2tpsecd.log" || true)
	log "$name: $child_spis outbound child SPIs and $ike_sas IKE SAs seen in $nsamp samples;" \
		"charon logged $rekeys_charon CHILD_SA establishments; l2tpsecd: $deletes child deletes by the peer," \
		"$moved phase-1 hand-overs"
	# Every sample: sa_out installed, sa_in holds every live inbound SA.
	local -A unbound=()
	while IFS='|' read -r ts outs ins s0 so si s1 _; do
		so=${so// /}
		if [[ "$so" == none || " $s0 $s1 " != *" $so "* ]]; then
			log "$name: sample at $ts: tunnel sa_out $so is not an installed SA (before:$s0 after:$s1)"
			bad=$((bad + 1))
		fi
		for x in $ins; do
			# an inbound SA installed before the tunnel was read and still
			# there after it should be in the binding (one sample may
			# fall between an install and its bind: two may not)
			if [[ " $s1 " == *" $x "* && " $si " != *" $x "* ]]; then
				log "$name: sample at $ts: live inbound SA $x not in the tunnel's sa_in ($si)"
				unbound[$x]=$((${unbound[$x]:-0} + 1))
			fi
		done
	done <"$samples"
	assert_eq "$bad" 0 "$name: samples with the tunnel's sa_out not an installed SA"
	for x in "${!unbound[@]}"; do
		assert_le "${unbound[$x]}" 1 "$name: samples with live inbound SA $x missing from the tunnel's sa_in"
	done
	# The replacements as l2tpsecd logged them (the samples may miss a
	# short-lived pair).
	installed=$(sed -n 's/.*: child SA installed: in \([0-9a-f]*\) .*/\1/p' "$(l2tpsecd_dir ns2 b)/l2tpsecd.log" | sort -u | wc -l)
	log "$name: l2tpsecd's log:"$'\n'"$(grep -E 'SA established|child SA installed|now sends|deleted|removed|move|IKE SA|expired' \
		"$(l2tpsecd_dir ns2 b)/l2tpsecd.log" | sed 's/^/#   /')"
	log "$name: $installed child SA pairs installed by l2tpsecd, $((installed - 1)) replacements"
	assert_ge $((installed - 1)) 2 "$name: child SA replacements (new SPIs, l2tpsecd's log)"
	assert_ge $((child_spis - 1)) 1 "$name: child SA replacements seen in the samples"

	# TCP survived.
	if ((rc != 0)); then
		log "$name: iperf3 intervals (bytes/s): $(jq -c '[.intervals[].sum.bytes]' "$IKE_ROOT/$name.iperf.json" 2>/dev/null || tail -c 300 "$IKE_ROOT/$name.iperf.json")"
		log "$name: ping: $(tail -n 3 "$IKE_ROOT/$name.ping" | tr '\n' ' ')"
	fi
	assert_eq "$rc" 0 "$name: iperf3 exit status ($(jq -r '.error // empty' "$IKE_ROOT/$name.iperf.json" 2>/dev/null))"
	local zero bps
	zero=$(jq '[.intervals[] | select(.sum.bytes == 0)] | length' "$IKE_ROOT/$name.iperf.json")
	bps=$(jq -r '.end.sum_received.bits_per_second | floor' "$IKE_ROOT/$name.iperf.json")
	log "$name: iperf3 $((bps / 1000000)) Mbit/s over ${RUN}s, $zero 1-s intervals without data," \
		"$(jq '.end.sum_sent.retransmits // 0' "$IKE_ROOT/$name.iperf.json") TCP retransmits"
	assert_ge "$bps" 1000000 "$name: iperf3 bits/s"

	# Pings: at most one lost per rekey (child replacements, + the phase-1
	# renewal).
	read -r sent recv < <(ping_stats "$IKE_ROOT/$name.ping")
	local allowed=$((installed - 1 + (ike_sas > 1 ? ike_sas - 1 : 0)))
	log "$name: ping: $recv of $sent answered, $((sent - recv)) lost ($allowed rekeys)"
	assert_eq "$sent" $((RUN * 5)) "$name: pings sent"
	assert_le $((sent - recv)) "$allowed" "$name: pings lost"

	if [[ "$mode" == time ]]; then
		assert_ge "$ike_sas" 2 "$name: IKE SAs established (phase-1 renewal)"
		assert_ge "$moved" 1 "$name: children moved to the renewed IKE SA"
		wait_for 15 sh -c "[ \"\$(ip netns exec ns2 $L2TPSEC -S $(cat "$(l2tpsecd_dir ns2 b)/control") show ike --json |
			jq '[.ike_sas[] | select(.state == \"ESTABLISHED\")] | length')\" = 1 ]" ||
			fail "$name: not one IKE SA after the renewal:"$'\n'"$(l2tpsecd_show ns2 b)"
	fi
	# Old SAs left the module after the client's deletes: the module holds
	# what charon holds, one pair.
	__settled() { __same_spis ns1 ns2 && [[ "$(mod_spis ns2 | wc -l)" == 2 ]]; }
	if ! wait_for 15 __settled; then
		fail "$name: module SAs are not charon's one pair:"$'\n'"charon: $(xfrm_spis ns1 | tr '\n' ' ')"$'\n'"module: $(mod_spis ns2 | tr '\n' ' ')"$'\n'"$(l2tpsecd_show ns2 b)"
	fi
	log "$name: after the run: module SPIs $(mod_spis ns2 | tr '\n' ' ')= charon's"
	ping_ok ns1 192.168.100.2 5
	charon_stop ns1 a TERM
	l2tpsecd_stop ns2 b || fail "$name: l2tpsecd exit status $? on SIGTERM"
}

ktap_plan "${#CASES[@]}"
n=0
for c in "${CASES[@]}"; do
	n=$((n + 1))
	step "$c"
	t0=$SECONDS
	case "$c" in
	nat2) case_nat2 ;;
	rekey_time) case_rekey time ;;
	rekey_bytes) case_rekey bytes ;;
	esac
	ns_destroy_all
	ktap_result 0 "$n" "$c" "time=$((SECONDS - t0))s"
done
