#!/bin/bash
# timeout: 1500
# Remote access end to end (issue 13): the Linux built-in client stack as
# NetworkManager-l2tp drives it — strongSwan's charon (IKEv1, transport
# mode for UDP/1701), xl2tpd as the LAC, pppd with MS-CHAPv2 — against
# l2tpsecd as the gateway (IKEv1 PSK + its L2TPv2 LNS + its PPP server,
# address pool, DNS). Nothing of the client side is ours.
#
# ns1 (and ns3) are clients behind the masquerading NAT natns; ns2 is the
# gateway 10.0.0.2. Cases:
#   nat_mschapv2    one client through the NAT: IKE up, L2TP tunnel and
#                   call, LCP, MS-CHAPv2, IPCP: ppp0 gets the pool's first
#                   address and the DNS servers; ping both ways and iperf3
#                   through ppp0; `l2tpsec show sessions --json` on the
#                   gateway names the user, its public address and inner
#                   address; a spoofed source address from the client is
#                   dropped at the gateway (reverse-path filter); pppd killed: xl2tpd's CDN takes the
#                   session, interface and lease; after a redial,
#                   xl2tpd killed: LCP echoes take the session,
#                   unanswered HELLOs the tunnel.
#   ten_behind_nat  ten clients behind the same NAT (same public address,
#                   their own ports), negotiating at once: distinct
#                   addresses, pings on all ten at once, all sessions gone
#                   when the clients stop.
#   wrong_password  MS-CHAPv2 with a wrong password: the client sees
#                   failure 691, the gateway logs it, no session.
#   gateway_stop    SIGTERM on the gateway: the client's pppd is told
#                   (LCP Terminate / StopCCN) and its IKE SA deleted.
#   chap_and_pap    the gateway offers MS-CHAPv2, CHAP-MD5 and PAP: a
#                   client refusing MS-CHAPv2 gets CHAP-MD5, one refusing
#                   CHAP too gets PAP.
#   sighup_users    a live session survives a SIGHUP with a rewritten
#                   users file; the new user logs in.
#   ike_killed      charon killed -9: DPD takes the IKE SA, the tunnel, the
#                   session and the lease (the next client gets it).
#   rekey_under_load  the client rekeys its child by volume (scaled
#                   Windows lifebytes) and time and deletes the old one at
#                   once (as Windows does) under iperf3 and pings: the TCP
#                   connection survives, at most one ping is lost.
#   direct_cert     no NAT, RSA certificates, raw ESP; a host on the
#                   gateway's LAN (the pool's subnet) reaches the client
#                   with no route (proxy ARP), the entry goes with it.
#   refused         wrong PSK: no IKE SA; clear-text L2TP: refused and
#                   logged; `l2tpsec disconnect user` ends a session.
#   libreswan_nat   libreswan's pluto as the IKE side (PFS, NAT-T) with
#                   xl2tpd + pppd; its shutdown takes the session down.
#   dhcp_inform     Windows' DHCPINFORM over the PPP link gets the lns
#                   block's split-tunnel routes (options 121 and 249) and
#                   domain.
#   ipv6            `ipv6 yes`: alice's pppd with +ipv6 negotiates IPV6CP,
#                   both ends get their fe80:: addresses (the gateway's
#                   interface only the negotiated one), pings over IPv6
#                   link-local both ways, show sessions has alice's
#                   link-local address; bob's pppd with noipv6 rejects
#                   IPV6CP and keeps IPv4.
#   client_mru      `ipv6 no` (the default): a pppd with +ipv6 and
#                   `mru 1280` gets IPV6CP Protocol-Rejected and IPv4
#                   anyway; the gateway's session interface MTU is the
#                   client's MRU 1280, DF pings of 1280 bytes pass both
#                   ways, 1281 bytes from the gateway fail (mtu 1280).
# RA_CASES='GLOB' runs the matching cases only.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"
. "$T/../lib/ra.sh"
. "$T/../lib/libreswan.sh"

# tunnels_n: the module's L2TP tunnels in the gateway's namespace.
tunnels_n() { ip netns exec ns2 "$L2TPSEC" tunnel show --json | jq length; }
__no_module_sas() { [[ "$(ip netns exec "$1" "$L2TPSEC" sa show --json | jq length)" == 0 ]]; }
__no_charon_ike() { ! swanctl "$1" "$2" --list-sas | grep -q ESTABLISHED; }

# mss_check IFN: TCP SYNs crossing the session get their MSS clamped to
# the session MTU (1400 - 40) both ways, even when the client's ppp
# interface (MTU 1500 here) and the gateway's route (advmss 1460) say more.
mss_check() {
	local ifn=$1 pif syn synack
	pif=$(ppp_if ns1)
	ip -n ns1 link set dev "$pif" mtu 1500
	ip -n ns2 route replace 10.8.0.10 dev "$ifn" src "$PPP_GW" advmss 1460
	syn=$IKE_ROOT/mss-syn.txt synack=$IKE_ROOT/mss-synack.txt
	ip netns exec ns2 timeout 60 tcpdump -l -n -v -i "$ifn" -c 1 \
		'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' >"$syn" 2>&1 &
	ip netns exec ns1 timeout 60 tcpdump -l -n -v -i "$pif" -c 1 \
		'tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)' >"$synack" 2>&1 &
	sleep 3
	ike_iperf "mss: iperf3 client -> gateway" ns1 ns2 "$PPP_GW" 1
	wait_for 20 grep -q "mss" "$syn" || fail "no SYN captured on $ifn: $(cat "$syn")"
	wait_for 20 grep -q "mss" "$synack" || fail "no SYN-ACK captured on $pif: $(cat "$synack")"
	log "client's SYN at the gateway: $(grep -o 'mss [0-9]*' "$syn")," \
		"gateway's SYN-ACK at the client: $(grep -o 'mss [0-9]*' "$synack")"
	assert_match "$(cat "$syn")" "mss 1360[,>]" "client's SYN MSS (1460) clamped on the way in"
	assert_match "$(cat "$synack")" "mss 1360[,>]" "gateway's SYN-ACK MSS (1460) clamped on the way out"
	ip -n ns1 link set dev "$pif" mtu 1400
}

# snmp NS GROUP FIELD: a counter of /proc/net/snmp or netstat in NS.
snmp() {
	ip netns exec "$1" cat /proc/net/snmp /proc/net/netstat |
		awk -v g="$2:" -v f="$3" '$1 == g { if (!h) { for (i = 2; i <= NF; i++) if ($i == f) c = i; h = 1 } else { print $c; exit } }'
}

# spoof_check: the client sends with a source that is not its address (a
# host on the gateway's side): the gateway's session interface drops it
# (strict reverse-path filter), the echo request is never answered.
spoof_check() {
	local pif rpf0 rpf1 echo0 echo1
	pif=$(ppp_if ns1)
	ip -n ns1 addr add 10.0.0.77/32 dev "$pif"
	rpf0=$(snmp ns2 TcpExt IPReversePathFilter) echo0=$(snmp ns2 Icmp InEchos)
	if ip netns exec ns1 ping -c 3 -i 0.3 -W 1 -I 10.0.0.77 "$PPP_GW" >/dev/null 2>&1; then
		fail "a spoofed source (10.0.0.77) through the session got an answer"
	fi
	rpf1=$(snmp ns2 TcpExt IPReversePathFilter) echo1=$(snmp ns2 Icmp InEchos)
	ip -n ns1 addr del 10.0.0.77/32 dev "$pif"
	log "spoofed source: gateway IPReversePathFilter +$((rpf1 - rpf0)), InEchos +$((echo1 - echo0))"
	assert_ge $((rpf1 - rpf0)) 3 "spoofed packets dropped by the reverse-path filter"
	assert_eq $((echo1 - echo0)) 0 "echo requests from a spoofed source answered"
	ping_ok ns1 "$PPP_GW" 2
}

ra_require

ike_certs "$IKE_ROOT/certs"
C=$IKE_CERTS
ike_cert_add brsa rsa 2048 "$IKE_DN_B" 0d b.example 10.0.0.2
# ------------------------------------------------------------------------
case_nat_mschapv2() {
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	GW_LNS_EXTRA="hello 5s" gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	d=$(client_dir ns1 a)
	log "ppp up after $((SECONDS - t0))s: $(ppp_addr ns1)"
	assert_eq "$(ppp_addr ns1)" 10.8.0.10 "client address: the pool's first"
	assert_match "$(cat "$d/ppp.log")" "MS-CHAP-V2|CHAP authentication succeeded" "MS-CHAPv2 used"
	assert_match "$(cat "$d/ppp.log")" "primary   DNS address $DNS1" "primary DNS"
	assert_match "$(cat "$d/ppp.log")" "secondary DNS address $DNS2" "secondary DNS"
	assert_match "$(cat "$d/ppp.log")" "remote IP address $PPP_GW" "gateway's PPP address"
	ike_ping_wait ns1 "$PPP_GW" 20
	ping_ok ns1 "$PPP_GW" 5
	ping_ok ns2 10.8.0.10 5
	spoof_check
	js=$(sessions)
	log "show sessions: $(jq -c . <<<"$js")"
	assert_eq "$(jq length <<<"$js")" 1 "one session"
	assert_eq "$(jq -r '.[0].user' <<<"$js")" alice "session user"
	assert_eq "$(jq -r '.[0].address' <<<"$js")" 10.8.0.10 "session inner address"
	assert_eq "$(jq -r '.[0].public' <<<"$js")" "$NAT_PUB_IP" "session public address"
	ifn=$(jq -r '.[0].ifname' <<<"$js")
	assert_ok ip -n ns2 link show "$ifn"
	mss_check "$ifn"
	ike_iperf "nat_mschapv2: iperf3 client -> gateway" ns1 ns2 "$PPP_GW" 2
	ike_iperf "nat_mschapv2: iperf3 gateway -> client" ns2 ns1 10.8.0.10 2
	# The client killed at each layer, its IKE SA staying up (ike_killed
	# kills the IKE daemon). pppd alone: xl2tpd sends a CDN.
	pkill -9 -f "file $d/options.ppp" || fail "no pppd of ns1/a to kill"
	wait_for 20 __sessions_n 0 || fail "session still there 20 s after pppd died: $(sessions)"
	wait_for 10 eval "! ip -n ns2 link show $ifn >/dev/null 2>&1" || fail "interface $ifn still there"
	grep -q "session end: user 'alice'" "$(l2tpsecd_dir ns2 gw)/l2tpsecd.log" ||
		fail "no accounting line for alice"
	log "pppd killed: $(grep "session end" "$(l2tpsecd_dir ns2 gw)/l2tpsecd.log" | tail -1)"
	# xl2tpd closes its tunnel (StopCCN) and dials again (it refuses a new
	# call in a tunnel it still has: "Session 'gw' already active"): the
	# new call gets an address. Then xl2tpd killed
	# (pppd loses its pty): nothing is said, the LCP echoes (5 s x 3) take
	# the session down, the unanswered HELLO (5 s, then 5 tries 1 + 2 + 4
	# + 8 + 16 s) the tunnel.
	echo "d gw" >"$d/l2tp-control"
	wait_for 20 eval '[[ "$(tunnels_n)" == 0 ]]' || fail "tunnel still there after xl2tpd's StopCCN"
	echo "c gw" >"$d/l2tp-control"
	client_wait_ppp ns1 a
	# (a released address is handed out again last: ike_killed shows it
	# coming back with a one-address pool)
	assert_match "$(ppp_addr ns1)" '^10\.8\.0\.1[1-9]$' "the new call's address: the pool's next"
	wait_for 20 __sessions_n 1 || fail "no session after the redial: $(sessions)"
	ifn=$(sessions | jq -r '.[0].ifname')
	[[ "$(tunnels_n)" == 1 ]] || fail "expected one tunnel before xl2tpd dies, got $(tunnels_n)"
	t1=$SECONDS
	kill -9 "$(cat "$d/xl2tpd.pid.bg")" 2>/dev/null || true
	wait_for 30 __sessions_n 0 || fail "session still there 30 s after xl2tpd died: $(sessions)"
	wait_for 10 eval "! ip -n ns2 link show $ifn >/dev/null 2>&1" || fail "interface $ifn still there"
	log "xl2tpd killed: session gone after $((SECONDS - t1)) s"
	wait_for 50 eval '[[ "$(tunnels_n)" == 0 ]]' ||
		fail "tunnel still there $((SECONDS - t1)) s after xl2tpd died (hello 5 s)"
	log "xl2tpd killed: tunnel gone after $((SECONDS - t1)) s"
	ike_peer_stop charon ns1 a TERM || true
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" nat_mschapv2 "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_ten_behind_nat() {
	local i js js2 q got rx0 tx0 rx1 tx1 addrs=() pids=()
	local ns_=(ns1 ns3) nm_=(a c) us_=(alice bob) pw_=("alice's secret 1" "bob's secret 2")
	local ip_=("$NAT_PRIV_IP" "$NAT_PRIV2_IP") extra=""
	t0=$SECONDS
	ike_setup_nat_ns2
	for i in $(seq 4 11); do
		nat_add_client "nc$i" "$i" "172.16.0.$((10 + i))"
		ns_+=("nc$i") nm_+=("c$i") us_+=("user$i") pw_+=("secret of user $i")
		ip_+=("172.16.0.$((10 + i))")
		extra+="user$i * \"secret of user $i\" *"$'\n'
	done
	load_l2tpsec
	GW_USERS_EXTRA=$extra gateway_start
	# all IKE negotiations at once, then all LACs: ten charons, ten
	# xl2tpds, ten pppds, one public address
	for i in "${!ns_[@]}"; do client_ike "${ns_[i]}" "${nm_[i]}" "${ip_[i]}"; done
	for i in "${!ns_[@]}"; do charon_wait_sa "${ns_[i]}" "${nm_[i]}" 120 l2tp; done
	log "ten IKE SAs after $((SECONDS - t0))s"
	for i in "${!ns_[@]}"; do client_lac "${ns_[i]}" "${nm_[i]}" "${us_[i]}" "${pw_[i]}"; done
	for i in "${!ns_[@]}"; do client_wait_ppp "${ns_[i]}" "${nm_[i]}"; done
	for i in "${!ns_[@]}"; do addrs+=("$(ppp_addr "${ns_[i]}")"); done
	log "ten clients up after $((SECONDS - t0))s: ${addrs[*]}"
	assert_eq "$(printf '%s\n' "${addrs[@]}" | sort -u | wc -l)" 10 "ten clients, ten addresses"
	js=$(sessions)
	log "show sessions: $(jq -c '[.[] | {user, public, ike_port, address}]' <<<"$js")"
	assert_eq "$(jq length <<<"$js")" 10 "ten sessions"
	assert_eq "$(jq -r '[.[].public] | unique | length' <<<"$js")" 1 "same public address"
	assert_eq "$(jq -r '[.[].ike_port] | unique | length' <<<"$js")" 10 "each its own NAT port"
	for i in "${!ns_[@]}"; do
		assert_eq "$(jq -r --arg u "${us_[i]}" '.[] | select(.user == $u) | .address' <<<"$js")" \
			"${addrs[i]}" "${us_[i]}'s session has its client's address"
	done
	# traffic on all ten at once, each to the gateway and back: every
	# client's pings come back, the gateway counts each client's own (its
	# session's counters: nothing crossed into another's session). Under
	# TCG the clients' side (xl2tpd relaying every PPP frame through a pty
	# in user space, ten of them at once) may lose a few.
	js=$(sessions)
	for i in "${!ns_[@]}"; do
		ip netns exec "${ns_[i]}" ping -c 20 -i 0.2 -q "$PPP_GW" >"/tmp/ra-p$i" 2>&1 &
		pids+=("$!")
	done
	for i in "${!ns_[@]}"; do
		wait "${pids[i]}" || fail "${us_[i]}'s pings: $(cat "/tmp/ra-p$i")"
	done
	js2=$(sessions)
	for i in "${!ns_[@]}"; do
		got=$(sed -n -E 's/.* ([0-9]+) received.*/\1/p' "/tmp/ra-p$i")
		# shellcheck disable=SC2016 # jq's variables
		q='.[] | select(.user == $u) | "\(.rx_packets) \(.tx_packets)"'
		read -r rx0 tx0 <<<"$(jq -r --arg u "${us_[i]}" "$q" <<<"$js")"
		read -r rx1 tx1 <<<"$(jq -r --arg u "${us_[i]}" "$q" <<<"$js2")"
		log "${us_[i]}: $got of 20 answered; gateway session in $((rx1 - rx0)), out $((tx1 - tx0))"
		assert_ge "${got:-0}" 15 "${us_[i]}: pings answered of 20 while the others ping"
		assert_le $((rx1 - rx0)) 24 "${us_[i]}: packets into its session (its 20 pings, LCP echoes)"
		assert_ge $((rx1 - rx0)) "$got" "${us_[i]}: its answered pings went through its session"
	done
	# two at once (the issue's case): at most one ping lost each
	for i in 0 1; do
		ip netns exec "${ns_[i]}" ping -c 20 -i 0.2 -q "$PPP_GW" >"/tmp/ra-p$i" 2>&1 &
		pids[i]=$!
	done
	for i in 0 1; do
		wait "${pids[i]}" || fail "${us_[i]}'s pings: $(cat "/tmp/ra-p$i")"
		got=$(sed -n -E 's/.* ([0-9]+) received.*/\1/p' "/tmp/ra-p$i")
		assert_ge "${got:-0}" 19 "${us_[i]}: pings answered of 20, two clients at once"
	done
	for a in "${addrs[@]}"; do ping_ok ns2 "$a" 2; done
	for i in "${!ns_[@]}"; do client_stop "${ns_[i]}" "${nm_[i]}"; done
	wait_for 60 __sessions_n 0 || fail "sessions left after the clients stopped: $(sessions)"
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" ten_behind_nat "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_wrong_password() {
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	gateway_start
	client_start ns1 a alice "not alice's secret" "$NAT_PRIV_IP"
	d=$(client_dir ns1 a)
	wait_for 60 grep -q "E=691" "$d/ppp.log" ||
		fail "no MS-CHAPv2 failure 691 at the client"$'\n'"$(tail -30 "$d/ppp.log")"
	assert_eq "$(ppp_addr ns1)" "" "no address with a wrong password"
	grep -q "authentication failed: user 'alice'" "$(l2tpsecd_dir ns2 gw)/l2tpsecd.log" ||
		fail "no log line for the failed login"
	wait_for 30 __sessions_n 0 || fail "a session for a failed login: $(sessions)"
	client_stop ns1 a
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" wrong_password "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_gateway_stop() {
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	d=$(client_dir ns1 a)
	rc=0
	l2tpsecd_stop ns2 gw TERM || rc=$?
	assert_eq "$rc" 0 "l2tpsecd exit status on SIGTERM"
	wait_for 20 eval "! __ppp_up ns1" || fail "client's ppp still up 20 s after the gateway stopped"
	assert_match "$(cat "$d/ppp.log")" "LCP terminated by peer|Connection terminated" "client told"
	wait_for 20 __no_charon_ike ns1 a || fail "client's IKE SA still there"
	client_stop ns1 a
	ns_destroy_all
	ktap_result 0 "$n" gateway_stop "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_chap_and_pap() {
	# The gateway offers MS-CHAPv2, CHAP-MD5 and PAP (in that order); one
	# client refuses MS-CHAPv2 (gets CHAP-MD5), the other also CHAP (PAP).
	t0=$SECONDS
	ike_setup_nat_ns2
	load_l2tpsec
	GW_AUTH="mschapv2 chap pap" gateway_start
	CLIENT_REFUSE="eap pap mschap mschap-v2" client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	CLIENT_REFUSE="eap chap mschap mschap-v2" client_start ns3 c bob "bob's secret 2" "$NAT_PRIV2_IP"
	client_wait_ppp ns1 a
	client_wait_ppp ns3 c
	assert_match "$(cat "$(client_dir ns1 a)/ppp.log")" "CHAP authentication succeeded" "alice: CHAP"
	assert_match "$(cat "$(client_dir ns1 a)/ppp.log")" "<auth chap MD5>" "alice: CHAP-MD5 agreed"
	assert_match "$(cat "$(client_dir ns3 c)/ppp.log")" "PAP authentication succeeded" "bob: PAP"
	ping_ok ns1 "$PPP_GW" 3
	ping_ok ns3 "$PPP_GW" 3
	client_stop ns1 a
	client_stop ns3 c
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" chap_and_pap "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_sighup_users() {
	# A live session survives a SIGHUP that rewrites the users file; the
	# newly added user can log in afterwards, a removed one no longer.
	t0=$SECONDS
	ike_setup_nat_ns2
	load_l2tpsec
	gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	gd=$(l2tpsecd_dir ns2 gw)
	if [[ "${RA_USERS_FORMAT:-chap-secrets}" == chap-secrets ]]; then
		printf '%s\n' 'carol * "carol secret 3" *' >"$gd/chap-secrets"
	else
		printf '%s\n' 'user carol password "carol secret 3"' >"$gd/chap-secrets"
	fi
	kill -HUP "$(l2tpsecd_pid ns2 gw)"
	wait_for 10 grep -q "users file .* reloaded: 1 users" "$gd/l2tpsecd.log" ||
		fail "no reload line: $(tail -5 "$gd/l2tpsecd.log")"
	ping_ok ns1 "$PPP_GW" 5
	assert_eq "$(sessions | jq -r '.[0].user')" alice "alice's session after the reload"
	client_start ns3 c carol "carol secret 3" "$NAT_PRIV2_IP"
	client_wait_ppp ns3 c
	ping_ok ns3 "$PPP_GW" 3
	assert_eq "$(sessions | jq length)" 2 "alice and carol"
	client_stop ns1 a
	client_stop ns3 c
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" sighup_users "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_ike_killed() {
	# charon dies (kill -9): its SAs stay in the client's kernel and pppd
	# keeps running: the session goes with the unanswered LCP echoes, the
	# IKE SA by DPD once the client is silent (dpd-timeout 20 s), and with
	# them the tunnel, the interface and the lease (a new client gets the
	# pool's one address).
	t0=$SECONDS
	ike_setup_nat_ns2
	load_l2tpsec
	# one address in the pool: the next client gets it only if it came back
	POOL=10.8.0.10 gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	ifn=$(sessions | jq -r '.[0].ifname')
	kill -9 "$(charon_pid ns1 a)"
	t1=$SECONDS
	wait_for 60 __sessions_n 0 || fail "session still there 60 s after the client's IKE died: $(sessions)"
	wait_for 10 eval "! ip -n ns2 link show $ifn >/dev/null 2>&1" || fail "interface $ifn still there"
	log "session gone $((SECONDS - t1)) s after the client's IKE died"
	# charon's death closed its UDP-encapsulation socket: the client can
	# send ESP but no longer receive it, so the gateway's LCP echoes went
	# unanswered (the session went first). What the client still sends
	# (xl2tpd retrying for a minute and more) keeps its IKE SA looking
	# alive; the machine then goes entirely (xl2tpd, pppd killed): DPD
	# (5 s, timeout 20 s) takes the IKE SA and its SAs.
	kill -9 "$(cat "$(client_dir ns1 a)/xl2tpd.pid.bg")" 2>/dev/null || true
	pkill -9 -f "logfile $(client_dir ns1 a)/ppp.log" 2>/dev/null || true
	t1=$SECONDS
	wait_for 60 __no_module_sas ns2 ||
		fail "gateway SAs 60 s after the client went silent: $(ip netns exec ns2 "$L2TPSEC" sa show 2>&1)"
	log "gateway SAs gone $((SECONDS - t1)) s after the client went silent (DPD)"
	client_start ns3 c bob "bob's secret 2" "$NAT_PRIV2_IP"
	client_wait_ppp ns3 c
	assert_eq "$(ppp_addr ns3)" 10.8.0.10 "the lease came back to the (one-address) pool"
	client_stop ns3 c
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" ike_killed "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_rekey_under_load() {
	# The client rekeys its child by volume and by time, as Windows does
	# (250,000 KB or 1 h, scaled down: 8 MB, ~13 s at 5 Mbit/s, hard at
	# 12 MB; 20 s, hard at 30 s) and deletes the old one at once (Windows
	# does): the L2TP tunnel moves make-before-break. RUN s of iperf3 (one
	# TCP connection) and 5 pings/s through ppp0: the TCP connection
	# survives, at most one ping is lost in all.
	RUN=${RUN:-50}
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP" lifetime=20s child.life_time=30s \
		child.rand_time=2s child.rekey_bytes=8000000 child.life_bytes=12000000 \
		child.rand_bytes=500000
	client_wait_ppp ns1 a
	ike_ping_wait ns1 "$PPP_GW" 20
	ip netns exec ns2 iperf3 -s -1 -D -B "$PPP_GW" -p 5201 || fail "iperf3 server"
	wait_for 10 sh -c "ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q ." || fail "iperf3 server not listening"
	timeout -k 5 $((RUN + 60)) ip netns exec ns1 iperf3 -c "$PPP_GW" -p 5201 -t "$RUN" -b 5M -J \
		>"$IKE_ROOT/ra-rekey.iperf.json" 2>&1 &
	ipid=$!
	timeout -k 5 $((RUN + 60)) ip netns exec ns1 ping -n -i 0.2 -c $((RUN * 5)) -W 2 "$PPP_GW" \
		>"$IKE_ROOT/ra-rekey.ping" 2>&1 &
	ppid=$!
	rc=0
	wait "$ipid" || rc=$?
	wait "$ppid" || true
	rekeys=$(($(grep -c 'CHILD_SA l2tp{[0-9]*} established' "$(charon_log ns1 a)" || true) - 1))
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$IKE_ROOT/ra-rekey.ping")
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$IKE_ROOT/ra-rekey.ping")
	bps=$(jq -r '(.end.sum_received.bits_per_second // 0) | floor' "$IKE_ROOT/ra-rekey.iperf.json" 2>/dev/null || echo 0)
	log "rekey_under_load: $rekeys child rekeys in ${RUN}s; pings $recv/$sent; iperf3 status $rc, $((bps / 1000)) kbit/s"
	assert_eq "$rc" 0 "iperf3's TCP connection across the rekeys"
	assert_ge "$rekeys" 2 "child rekeys during the run"
	assert_le $((sent - recv)) 1 "pings lost across $rekeys rekeys"
	assert_eq "$(sessions | jq length)" 1 "the session after the rekeys"
	client_stop ns1 a
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" rekey_under_load "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_direct_cert() {
	# No NAT, RSA certificates both ends (IKEv1 signatures), raw ESP. The
	# gateway's LAN (nslan) holds the pool's subnet: a LAN host with no
	# route of its own reaches the client (proxy ARP, lns proxy-arp yes).
	t0=$SECONDS
	ike_setup_two_ns
	ns_create nslan
	ns_link ns2 lan0 "$PPP_GW/24" nslan eth0 10.8.0.100/24
	ns_exec ns2 sysctl -qw net.ipv4.ip_forward=1
	load_l2tpsec
	gateway_start auth=cert cert="$C/brsa.pem" key="$C/brsa.key" ca="$C/ca.pem" \
		crl="$C/crl.pem" local-id="dn:\"$IKE_DN_B\"" remote-id=any
	client_start ns1 a alice "alice's secret 1" "$NS1_IP" auth=cert cert="$C/a.pem" \
		key="$C/a.key" ca="$C/ca.pem" local-id="dn:\"$IKE_DN_A\"" \
		remote-id="dn:\"$IKE_DN_B\"" conn.send_cert=always
	client_wait_ppp ns1 a
	ping_ok ns1 "$PPP_GW" 5
	js=$(sessions)
	assert_eq "$(jq -r '.[0].public' <<<"$js")" "$NS1_IP" "public address (no NAT)"
	assert_match "$(ip -n ns2 neigh show proxy dev lan0)" "^10\.8\.0\.10( |$)" \
		"proxy ARP entry for the client on the LAN"
	ip -n ns1 route add 10.8.0.0/24 dev "$(ppp_if ns1)"
	ping_ok nslan 10.8.0.10 3
	log "LAN host 10.8.0.100 -> client 10.8.0.10: $(ip -n nslan neigh show 10.8.0.10)"
	assert_eq "$(ip netns exec ns2 "$L2TPSEC" sa show --json | jq '[.[] | select(.encap == "udp")] | length')" 0 \
		"raw ESP without a NAT"
	client_stop ns1 a
	wait_for 30 eval '[[ -z "$(ip -n ns2 neigh show proxy dev lan0)" ]]' ||
		fail "proxy ARP entry left after the session: $(ip -n ns2 neigh show proxy)"
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" direct_cert "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_refused() {
	# A wrong PSK gets no IKE SA and no session; clear-text L2TP (xl2tpd
	# without IPsec) is refused while another client is connected (the
	# module's tunnel port is open then), and gets no tunnel, no session.
	t0=$SECONDS
	ike_setup_nat_ns2
	load_l2tpsec
	gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	gd=$(l2tpsecd_dir ns2 gw)
	CLIENT_NO_WAIT=1 client_start ns3 w bob "bob's secret 2" "$NAT_PRIV2_IP" \
		psk="not the pre-shared key at all"
	sleep 10
	assert_eq "$(swanctl ns3 w --list-sas | grep -c ESTABLISHED || true)" 0 "IKE SA with a wrong PSK"
	client_stop ns3 w
	client_lac ns3 clear bob "bob's secret 2"
	wait_for 30 grep -q "clear-text L2TP from 10.0.0.1:[0-9]* refused" "$gd/l2tpsecd.log" ||
		fail "no refusal logged for clear-text L2TP: $(grep -i 'l2tp' "$gd/l2tpsecd.log" | tail -5)"
	log "$(grep -m1 "clear-text L2TP from" "$gd/l2tpsecd.log")"
	assert_eq "$(sessions | jq length)" 1 "sessions: only alice's"
	assert_eq "$(ip netns exec ns2 "$L2TPSEC" tunnel show --json | jq length)" 1 "tunnels: only alice's"
	assert_eq "$(ppp_addr ns3)" "" "no address for the clear-text client"
	ping_ok ns1 "$PPP_GW" 3
	# the administrator disconnects alice: CDN, her session and lease go
	out=$(ip netns exec ns2 "$L2TPSEC" -S "$(cat "$gd/control")" disconnect user alice)
	assert_eq "$out" "1 sessions disconnected" "disconnect user alice"
	wait_for 20 __sessions_n 0 || fail "alice's session after disconnect: $(sessions)"
	wait_for 30 eval "! __ppp_up ns1" || fail "alice's ppp still up after disconnect"
	grep -q "session end: user 'alice'.*disconnected by the administrator" "$gd/l2tpsecd.log" ||
		fail "no accounting line for the disconnect"
	client_stop ns1 a
	client_stop ns3 clear
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" refused "time=$((SECONDS - t0))s"
}


# ------------------------------------------------------------------------
case_libreswan_nat() {
	# The other Linux IKE stack NetworkManager-l2tp drives: libreswan's
	# pluto (IKEv1, transport mode for UDP/1701, PFS, NAT-T) behind the
	# NAT, with xl2tpd + pppd on top; `ipsec stop` (whack --shutdown)
	# deletes its SAs and the gateway's tunnel and session go with them.
	t0=$SECONDS
	lsw_require
	ike_setup_nat_ns
	load_l2tpsec
	gateway_start
	lsw_conf ns1 a local="$NAT_PRIV_IP" remote="$GW" auth=psk psk="$PSK"
	lsw_start ns1 a
	lsw_up ns1 a 60
	client_lac ns1 a alice "alice's secret 1"
	client_wait_ppp ns1 a
	ping_ok ns1 "$PPP_GW" 5
	js=$(sessions)
	assert_eq "$(jq -r '.[0].user' <<<"$js")" alice "session user"
	assert_eq "$(ip netns exec ns2 "$L2TPSEC" sa show --json | jq '[.[] | select(.encap == "udp")] | length')" 2 \
		"ESP in UDP behind the NAT"
	kill "$(cat "$(client_dir ns1 a)/xl2tpd.pid.bg")" 2>/dev/null || true
	pkill -f "logfile $(client_dir ns1 a)/ppp.log" 2>/dev/null || true
	lsw_stop ns1 a shutdown
	wait_for 30 __no_module_sas ns2 || fail "gateway SAs after pluto's shutdown"
	wait_for 30 __sessions_n 0 || fail "session after pluto's shutdown: $(sessions)"
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" libreswan_nat "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_dhcp_inform() {
	# Split tunnelling for Windows: after IPCP the client asks, with a
	# DHCPINFORM over the PPP link, for classless static routes (121 and
	# Microsoft's 249) and a domain; the gateway answers from the lns
	# block's route and domain lines (tests/tools/dhcpinform.py plays
	# Windows' request).
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	GW_LNS_EXTRA=$'route 10.20.0.0/16\n\troute 192.168.50.0/24\n\tdomain corp.example' gateway_start
	client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	ike_ping_wait ns1 "$PPP_GW" 20
	js=$(ip netns exec ns1 python3 "$T/../tools/dhcpinform.py" "$(ppp_if ns1)" "$(ppp_addr ns1)" 10) ||
		fail "DHCPINFORM: $js"$'\n'"$(grep -i dhcp "$(l2tpsecd_dir ns2 gw)/l2tpsecd.log" | tail -5)"
	log "DHCPINFORM answer: $js"
	assert_eq "$(jq -r .type <<<"$js")" 5 "DHCPACK"
	assert_eq "$(jq -r .server <<<"$js")" "$PPP_GW" "server identifier"
	assert_eq "$(jq -r .ciaddr <<<"$js")" 10.8.0.10 "ciaddr"
	assert_eq "$(jq -r '.dns | join(" ")' <<<"$js")" "$DNS1 $DNS2" "DNS servers"
	assert_eq "$(jq -r .domain <<<"$js")" corp.example "domain"
	for o in routes121 routes249; do
		assert_eq "$(jq -r ".$o | join(\",\")" <<<"$js")" \
			"10.20.0.0/16 via $PPP_GW,192.168.50.0/24 via $PPP_GW" "$o"
	done
	grep -q "dhcp: DHCPINFORM of user 'alice' answered (2 routes, domain corp.example)" \
		"$(l2tpsecd_dir ns2 gw)/l2tpsecd.log" || fail "no log line for the DHCPINFORM"
	client_stop ns1 a
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" dhcp_inform "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
__has_ll() { [[ -n "$(ll_addrs "$1" "$2")" ]]; }
__mtu_is() { [[ "$(ip -n "$1" -j link show dev "$2" | jq '.[0].mtu')" == "$3" ]]; }

case_ipv6() {
	t0=$SECONDS
	ike_setup_nat_ns2
	load_l2tpsec
	GW_LNS_EXTRA='ipv6 yes' gateway_start
	CLIENT_PPP_EXTRA='+ipv6' client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	CLIENT_PPP_EXTRA='noipv6' client_start ns3 c bob "bob's secret 2" "$NAT_PRIV2_IP"
	client_wait_ppp ns1 a
	client_wait_ppp ns3 c
	gl=$(l2tpsecd_dir ns2 gw)/l2tpsecd.log
	d=$(client_dir ns1 a)
	wait_for 30 grep -q "ipv6 up: user 'alice'" "$gl" ||
		fail "no IPV6CP for alice"$'\n'"$(grep -i ipv6 "$gl" | tail -5)"$'\n'"$(tail -30 "$d/ppp.log")"
	js=$(sessions)
	log "show sessions: $(jq -c '[.[] | {user, address, ipv6, ifname}]' <<<"$js")"
	ifn=$(jq -r '.[] | select(.user == "alice") | .ifname' <<<"$js")
	pif=$(ppp_if ns1)
	wait_for 20 __has_ll ns1 "$pif" || fail "no link-local address on the client's $pif"
	gll=$(ll_addrs ns2 "$ifn")
	cll=$(ll_addrs ns1 "$pif")
	log "gateway $ifn: $gll; client $pif: $cll"
	assert_eq "$(wc -l <<<"$gll")" 1 "one link-local address on $ifn (the negotiated one)"
	assert_match "$gll" "^fe80::" "gateway link-local"
	assert_match "$(cat "$d/ppp.log")" "remote LL address $gll" "pppd: the gateway's identifier"
	assert_match "$(cat "$d/ppp.log")" "local  LL address $cll" "pppd: its own identifier"
	assert_eq "$(jq -r '.[] | select(.user == "alice") | .ipv6' <<<"$js")" "$cll" \
		"show sessions: alice's link-local address"
	assert_eq "$(jq -r '.[] | select(.user == "bob") | .ipv6' <<<"$js")" "" "bob: no IPv6"
	assert_ok ip -n ns2 -6 route show dev "$ifn"
	out=$(ip netns exec ns1 ping -6 -n -c 5 -i 0.3 -W 2 "$gll%$pif" 2>&1) ||
		fail "ping -6 $gll%$pif from the client: $out"
	assert_match "$out" " 0% packet loss" "IPv6 pings client -> gateway"
	out=$(ip netns exec ns2 ping -6 -n -c 5 -i 0.3 -W 2 "$cll%$ifn" 2>&1) ||
		fail "ping -6 $cll%$ifn from the gateway: $out"
	assert_match "$out" " 0% packet loss" "IPv6 pings gateway -> client"
	# bob's pppd runs no IPV6CP (noipv6; Debian's pppd runs it by default):
	# it Protocol-Rejects ours, IPv4 goes on
	grep -q "the client rejects protocol 0x8057" "$gl" || fail "no Protocol-Reject of IPV6CP from bob"
	ping_ok ns3 "$PPP_GW" 3
	ping_ok ns1 "$PPP_GW" 3
	client_stop ns1 a
	wait_for 40 __sessions_n 1 || fail "alice's session still there: $(sessions)"
	grep -q "session end: user 'alice'.*, ipv6 $cll," "$gl" || fail "no IPv6 in alice's accounting line"
	client_stop ns3 c
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" ipv6 "time=$((SECONDS - t0))s"
}

# ------------------------------------------------------------------------
case_client_mru() {
	t0=$SECONDS
	ike_setup_nat_ns
	load_l2tpsec
	gateway_start
	CLIENT_PPP_EXTRA=$'+ipv6\nmru 1280' client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
	client_wait_ppp ns1 a
	d=$(client_dir ns1 a)
	gl=$(l2tpsecd_dir ns2 gw)/l2tpsecd.log
	assert_eq "$(ppp_addr ns1)" 10.8.0.10 "IPv4 with IPV6CP rejected"
	assert_match "$(cat "$d/ppp.log")" "rcvd \[LCP ProtRej id=0x[0-9a-f]+ 80 57" \
		"the gateway Protocol-Rejects IPV6CP (ipv6 no)"
	assert_match "$(cat "$d/ppp.log")" "sent \[LCP ConfReq id=0x[0-9a-f]+ <mru 1280>" "pppd asks MRU 1280"
	ifn=$(sessions | jq -r '.[0].ifname')
	# ipv6 no: the session interface takes no IPv6 either (a client that
	# sends 0x0057 frames without IPV6CP gets nothing through)
	assert_eq "$(ip netns exec ns2 cat "/proc/sys/net/ipv6/conf/$ifn/disable_ipv6")" 1 \
		"IPv6 off on $ifn without IPV6CP"
	assert_eq "$(ip netns exec ns2 cat "/proc/sys/net/ipv4/conf/$ifn/rp_filter")" 1 \
		"strict reverse-path filter on $ifn"
	wait_for 10 __mtu_is ns2 "$ifn" 1280 ||
		fail "$ifn: MTU $(ip -n ns2 -j link show dev "$ifn" | jq '.[0].mtu'), not the client's MRU 1280"
	log "$(ip -n ns2 link show dev "$ifn" | head -1)"
	grep -q "ppp: $ifn: client MRU 1280, MTU 1280" "$gl" || fail "no MTU log line"
	ike_ping_wait ns1 "$PPP_GW" 20
	# 1252 + 8 + 20 = 1280 bytes with DF: fit both ways
	out=$(ip netns exec ns2 ping -n -M 'do' -s 1252 -c 3 -W 3 10.8.0.10 2>&1) ||
		fail "DF ping of 1280 bytes gateway -> client: $out"
	out=$(ip netns exec ns1 ping -n -M 'do' -s 1252 -c 3 -W 3 "$PPP_GW" 2>&1) ||
		fail "DF ping of 1280 bytes client -> gateway: $out"
	# 1281 bytes with DF do not leave the gateway: fragmentation needed, mtu 1280
	rc=0
	out=$(ip netns exec ns2 ping -n -M 'do' -s 1253 -c 2 -W 3 10.8.0.10 2>&1) || rc=$?
	log "ping -M 'do' -s 1253: $(tr '\n' ' ' <<<"$out")"
	assert_ne "$rc" 0 "DF ping of 1281 bytes gateway -> client"
	assert_match "$out" "mtu ?= ?1280" "frag needed, mtu 1280"
	client_stop ns1 a
	l2tpsecd_stop ns2 gw || true
	ns_destroy_all
	ktap_result 0 "$n" client_mru "time=$((SECONDS - t0))s"
}

CASES=(nat_mschapv2 ten_behind_nat wrong_password gateway_stop chap_and_pap sighup_users ike_killed rekey_under_load direct_cert refused libreswan_nat dhcp_inform ipv6 client_mru)
sel=()
for c in "${CASES[@]}"; do
	# shellcheck disable=SC2053 # a pattern on purpose
	[[ "$c" == ${RA_CASES:-*} ]] && sel+=("$c")
done
((${#sel[@]})) || fail "RA_CASES='${RA_CASES:-}' matches no case"
ktap_plan ${#sel[@]}
n=0
for c in "${sel[@]}"; do
	n=$((n + 1))
	step "$c"
	"case_$c"
done
