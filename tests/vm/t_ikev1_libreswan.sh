#!/bin/bash
# timeout: 720
# l2tpsecd IKEv1 interoperability with libreswan (issue 12): libreswan's
# pluto (4.x, the one NetworkManager-l2tp's libreswan backend drives) as
# the L2TP/IPsec client, l2tpsecd as the responder with a `version 1` conn.
# pluto is not installed (its package conflicts with strongSwan's): it
# runs from out/libreswan (scripts/libreswan.sh), see tests/lib/libreswan.sh.
# Five cases, ns1 = pluto (behind the masquerading NAT in the nat cases),
# ns2 = l2tpsecd:
#   psk  direct  IP identities (pluto's default), %any PSK
#   psk  nat     pluto behind the NAT: its private IP as its identity,
#                NAT-T (RFC 3947), ESP in UDP 4500
#   cert direct  RSA certificates both ends, pluto's cert from NSS
#   cert nat     the same behind the NAT (DN identities), NAT-T
# pluto's proposals: ike=aes256-sha1;modp2048, phase2alg=aes256-sha1, PFS
# (libreswan's default: quick mode with KE, modp2048), its default
# lifetimes (ikelifetime 8h, salifetime 8h: l2tpsecd answers
# RESPONDER-LIFETIME with its own 1h). In each case: both SAs up on both
# ends as IKEv1 with those algorithms, NAT-T exactly in the nat case, the
# static L2TPv3 pseudowire (stock `ip l2tp` over pluto's xfrm SAs on the
# ns1 side, l2tpsecd's module on ns2) carries ping both ways and iperf3,
# the ESP counters moved on both ends (xfrm states, module SAs, pluto's
# traffic status), and `ipsec stop` of pluto (whack --shutdown) deletes the
# SAs on l2tpsecd (module SAs and IKE SA gone) and leaves no xfrm state in
# ns1. The fourth, psk direct expire: l2tpsecd's conn has `lifetime
# 60s`; pluto ignores the RESPONDER-LIFETIME and keeps its 8 h, so the SA
# ends by l2tpsecd's expiry and delete, and pluto must replace it (new
# quick mode), after which the pseudowire works on the new SAs only.
# LSW_CASES='GLOB...': only the matching cases (e.g. 'psk_*').
# LSW_DEBUG=base|all: pluto's debug logging.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"
. "$T/../lib/libreswan.sh"

PSK="l2tpsec IKEv1 libreswan interop pre-shared key"
PINGS=5
PW_A=192.168.100.1
PW_B=192.168.100.2
LSW_IKE="aes256-sha1;modp2048"
LSW_ESP=aes256-sha1
# l2tpsecd's conn: the same, strongSwan syntax
G_IKE=aes256-sha1-modp2048
G_ESP=aes256-sha1
# what l2tpsecd must show (regexes on show ike --json proposals)
X_ENCR="AES_CBC.256"
X_HASH=SHA1
X_DH="MODP_2048|DH_14"
X_ESP="AES_CBC.256/HMAC_SHA1_96"
X_ESP_WORD=aes256-sha1
# what pluto must show (whack --status)
X_LSW_IKE="AES_CBC_256-HMAC_SHA1-MODP2048"
X_LSW_ESP="AES_CBC_256-HMAC_SHA1_96"

# CASES: auth path [variant]
CASES=(
	"psk direct"
	"psk nat"
	"cert direct"
	"cert nat"
	"psk direct expire"
)
# the IPsec SA lifetime l2tpsecd must keep: its conn's (1h default,
# `lifetime 60s` in the expire case: long enough for the checks before
# it expires, at 66 s), shorter than pluto's 8h
LIFE_DEFAULT=3600
LIFE_EXPIRE=60

# l2tpsecd_v1_check WHAT NS INST PATH: l2tpsecd's view (show ike --json).
l2tpsecd_v1_check() {
	local what=$1 ns=$2 inst=$3 path=$4 js natt ike esp
	js=$(l2tpsecd_show "$ns" "$inst")
	log "$what: $ns show ike: $(jq -c '.ike_sas[] | del(.children) + {children: [.children[] | {state, proposal, encap, l2tp, lifetime}]}' <<<"$js")"
	assert_eq "$(jq '.ike_sas | length' <<<"$js")" 1 "$what: $ns IKE SAs"
	assert_eq "$(jq -r '.ike_sas[0].version' <<<"$js")" 1 "$what: $ns IKE SA version"
	assert_eq "$(jq -r '.ike_sas[0].state' <<<"$js")" ESTABLISHED "$what: $ns IKE SA state"
	ike=$(jq -r '.ike_sas[0].proposal' <<<"$js")
	assert_match "$ike" "^$X_ENCR/" "$what: $ns IKE encryption"
	assert_match "$ike" "/[A-Z_]*$X_HASH(_[0-9]+)?(/|$)" "$what: $ns IKE hash/PRF"
	assert_match "$ike" "/($X_DH)$" "$what: $ns IKE DH group"
	assert_eq "$(jq '.ike_sas[0].children | length' <<<"$js")" 1 "$what: $ns child SAs"
	esp=$(jq -r '.ike_sas[0].children[0].proposal' <<<"$js")
	assert_match "$esp" "^$X_ESP(/|$)" "$what: $ns child proposal"
	natt=$([[ "$path" == nat ]] && echo true || echo false)
	assert_eq "$(jq -r '.ike_sas[0].natt' <<<"$js")" "$natt" "$what: $ns NAT-T"
	assert_eq "$(jq -r '.ike_sas[0].children[0].encap' <<<"$js")" "$natt" "$what: $ns child UDP encap"
	assert_eq "$(jq -r '.ike_sas[0].children[0].l2tp' <<<"$js")" true "$what: $ns child carries L2TP"
	# pluto asks for 28800 s; l2tpsecd keeps its own, shorter lifetime
	assert_eq "$(jq -r '.ike_sas[0].children[0].lifetime' <<<"$js")" "$X_LIFE" "$what: $ns child lifetime"
	if [[ "$path" == nat ]]; then
		# pluto's identity (and NAT-OA) is its private address
		assert_eq "$(jq -r '.ike_sas[0].peer_private' <<<"$js")" "$NAT_PRIV_IP" "$what: $ns peer_private"
	fi
}

# lsw_check WHAT NS INST AUTH PATH: pluto's view (whack --status, its log).
lsw_check() {
	local what=$1 ns=$2 inst=$3 auth=$4 path=$5 st port est
	st=$(lsw_status "$ns" "$inst")
	log "$what: $ns pluto --status (states and conn):"$'\n'"#   $(grep -E "^[0-9]+ (#[0-9]+: )?\"$LSW_CONN\"" <<<"$st" | sed 's/^/#   /' | sed '1s/^#   //')"
	port=$([[ "$path" == nat ]] && echo 4500 || echo 500)
	assert_match "$st" "#[0-9]+: \"$LSW_CONN\":$port STATE_MAIN_I4 " "$what: $ns ISAKMP SA established on port $port"
	assert_match "$st" "#[0-9]+: \"$LSW_CONN\":$port STATE_QUICK_I2 " "$what: $ns IPsec SA established on port $port"
	assert_match "$st" "\"$LSW_CONN\": +IKEv1 algorithm newest: $X_LSW_IKE" "$what: $ns IKE algorithms"
	assert_match "$st" "\"$LSW_CONN\": +ESP algorithm newest: $X_LSW_ESP" "$what: $ns ESP algorithms"
	# pluto says how it installed the IPsec SA only in its log:
	# "IPsec SA established transport mode {ESP=>0x... <0x... xfrm=...}",
	# ESPinUDP=> and NATD=PEER:4500 with NAT-T
	est=$(grep -E "\"$LSW_CONN\" #[0-9]+: IKE SA established" "$(lsw_dir "$ns" "$inst")/pluto.log" | tail -n 1)
	log "$what: $ns pluto: ${est#*: \"}"
	assert_match "$est" "IKE SA established \\{auth=$([[ "$auth" == psk ]] && echo PRESHARED_KEY || echo RSA_SIG) cipher=AES_CBC_256 integ=HMAC_SHA1 group=MODP2048\\}" \
		"$what: $ns ISAKMP SA authentication and algorithms"
	est=$(grep -E "\"$LSW_CONN\" #[0-9]+: IPsec SA established" "$(lsw_dir "$ns" "$inst")/pluto.log" | tail -n 1)
	log "$what: $ns pluto: ${est#*: \"}"
	if [[ "$path" == nat ]]; then
		assert_match "$est" "established transport mode \\{ESPinUDP=>0x[0-9a-f]+ <0x[0-9a-f]+ xfrm=$X_LSW_ESP NATD=$NS2_IP:4500 " \
			"$what: $ns IPsec SA: transport mode, ESP in UDP to port 4500"
	else
		assert_match "$est" "established transport mode \\{ESP=>0x[0-9a-f]+ <0x[0-9a-f]+ xfrm=$X_LSW_ESP " \
			"$what: $ns IPsec SA: transport mode, plain ESP"
	fi
}

# lsw_traffic_check WHAT NS INST: pluto counted ESP both ways.
lsw_traffic_check() {
	local what=$1 ns=$2 inst=$3 tr in out
	tr=$(lsw_traffic "$ns" "$inst")
	log "$what: $ns pluto --trafficstatus: $tr"
	assert_match "$tr" "\"$LSW_CONN\", type=ESP," "$what: $ns pluto traffic status"
	in=$(sed -n 's/.*inBytes=\([0-9]*\).*/\1/p' <<<"$tr" | head -n 1)
	out=$(sed -n 's/.*outBytes=\([0-9]*\).*/\1/p' <<<"$tr" | head -n 1)
	assert_gt "${in:-x}" 0 "$what: $ns pluto inBytes"
	assert_gt "${out:-x}" 0 "$what: $ns pluto outBytes"
}

# natt_port_check WHAT NS LOCAL_IP KIND: every ESP SA of NS is ESP in UDP
# with port 4500 on our side.
natt_port_check() {
	local what=$1 ns=$2 lip=$3 kind=$4 n=0 src dst sp dp
	if [[ "$kind" == l2tpsecd ]]; then
		while read -r sp dp; do
			n=$((n + 1))
			assert_eq "$sp" 4500 "$what: $ns module SA local UDP port (peer port $dp)"
		done < <(ip netns exec "$ns" "$L2TPSEC" sa show --json | jq -r '.[] | "\(.sport) \(.dport)"')
	else
		while read -r src dst sp dp; do
			n=$((n + 1))
			if [[ "$src" == "$lip" ]]; then
				assert_eq "$sp" 4500 "$what: $ns xfrm $src -> $dst: local UDP port"
			else
				assert_eq "$dp" 4500 "$what: $ns xfrm $src -> $dst: local UDP port"
			fi
		done < <(ip -n "$ns" xfrm state | awk '
			/^src / { src = $2; dst = $4 }
			/encap type espinudp/ { for (i = 1; i < NF; i++) { if ($i == "sport") sp = $(i + 1); if ($i == "dport") dp = $(i + 1) }; print src, dst, sp, dp }')
	fi
	assert_ge "$n" 2 "$what: $ns ESP-in-UDP SAs"
	log "$what: $ns ($kind): $n SAs in UDP, port 4500 on our side"
}

# __new_child NS INST OLD_SPI_IN: l2tpsecd has exactly one child, active,
# carrying L2TP, and it is not OLD_SPI_IN.
__new_child() {
	l2tpsecd_show "$1" "$2" | jq -e --arg old "$3" \
		'[.ike_sas[].children[]] | length == 1 and .[0].state == "active" and .[0].l2tp and .[0].spi_in != $old'
}

# expire_check WHAT LNS LINST GNS GINST: pluto ignores RESPONDER-LIFETIME
# (4.x: "ignoring informational payload IPSEC_RESPONDER_LIFETIME") and
# believes its IPsec SA lives 8 h; l2tpsecd's expires at lifetime x (1 +
# margin) and is deleted with the peer told. pluto must then replace it
# (a new quick mode on the same ISAKMP SA) and the pseudowire carries
# traffic again on the new SAs only.
expire_check() {
	local what=$1 lns=$2 linst=$3 gns=$4 ginst=$5 js old t1 ld idx0 idx1
	js=$(l2tpsecd_show "$gns" "$ginst")
	old=$(jq -r '.ike_sas[0].children[0].spi_in' <<<"$js")
	idx0=$(ip -n "$gns" -o link show "$IKE_PW_IF" | cut -d: -f1)
	t1=$SECONDS
	wait_for $((LIFE_EXPIRE * 2 + 40)) __new_child "$gns" "$ginst" "$old" ||
		fail "$what: no new child SA on l2tpsecd within $((LIFE_EXPIRE * 2 + 40))s of the old one's expiry:"$'\n'"$(l2tpsecd_show "$gns" "$ginst" 2>&1)"$'\n'"$(lsw_whack "$lns" "$linst" --showstates 2>&1)"
	log "$what: child $old replaced after $((SECONDS - t1))s more: $(l2tpsecd_show "$gns" "$ginst" | jq -c '.ike_sas[0].children[0] | {spi_in, spi_out, lifetime}')"
	ld=$(lsw_dir "$lns" "$linst")
	log "$what: pluto: $(grep -E 'RESPONDER_LIFETIME|Delete|IPsec SA established' "$ld/pluto.log" | sed 's/^[^"]*"/"/' | tr '\n' '|')"
	grep -q 'received Delete SA payload: replace IPsec State #[0-9]* now' "$ld/pluto.log" ||
		fail "$what: pluto did not take l2tpsecd's delete as a reason to replace its IPsec SA"
	assert_match "$(grep -c 'IPsec SA established' "$ld/pluto.log")" "^[2-9]$" "$what: pluto IPsec SAs established (first + replacement)"
	assert_eq "$(jq '.ike_sas | length' <<<"$(l2tpsecd_show "$gns" "$ginst")")" 1 "$what: l2tpsecd IKE SAs after the replacement"
	grep -q "child SA $old/[0-9a-f]* expired" "$(l2tpsecd_dir "$gns" "$ginst")/l2tpsecd.log" ||
		fail "$what: l2tpsecd did not log the expiry of child $old"
	# only the new pair is left, on both ends, and it carries the pseudowire
	wait_for 10 sh -c "[ \$(ip -n $lns xfrm state | grep -c '^src ') = 2 ]" ||
		fail "$what: $lns xfrm states after the replacement:"$'\n'"$(ip -n "$lns" xfrm state)"
	assert_eq "$(l2tpsec_sa_count "$gns")" 2 "$what: $gns module SAs after the replacement"
	# The expiry took the conn's last child: l2tpsecd took the tunnel
	# down, which deletes the pseudowire interface, and made it anew (down,
	# no address: l2tpsecd.md section 6) for the new child. Address it as
	# a network script would; the other end's neighbour entry has the old
	# interface's MAC address.
	wait_for 10 ip -n "$gns" link show "$IKE_PW_IF" ||
		fail "$what: $gns: no $IKE_PW_IF after the replacement"
	idx1=$(ip -n "$gns" -o link show "$IKE_PW_IF" | cut -d: -f1)
	if [[ "$idx1" != "$idx0" ]]; then
		log "$what: $gns: $IKE_PW_IF re-created (ifindex $idx0 -> $idx1): addressing it again"
		ike_pw_addr "$gns" "$IKE_PW_IF" "$PW_B/24"
		ip -n "$lns" neigh flush dev "$IKE_PW_IF"
	else
		log "$what: $gns: $IKE_PW_IF kept (ifindex $idx0)"
	fi
	ike_ping_wait "$lns" "$PW_B" 20
	ping_ok "$gns" "$PW_A" "$PINGS"
	ike_xfrm_check "$what (new SAs)" "$lns" "$PINGS" none
	l2tpsec_sa_check "$what (new SAs)" "$gns" "$PINGS" "$(ike_esp_module_alg "$X_ESP_WORD")" none
}

__no_module_sas() { [[ "$(ip netns exec "$1" "$L2TPSEC" sa show --json | jq length)" == 0 ]]; }
__no_l2tpsecd_ike() { l2tpsecd_show "$1" "$2" | jq -e '.ike_sas | length == 0'; }
__no_xfrm_esp() { ! ip -n "$1" xfrm state | grep -q 'proto esp'; }

lsw_require
ike_require
require_tool "$IKE_L2TPSECD"
log "libreswan $(cat "$LSW_ROOT/../VERSION" 2>/dev/null || echo '(version unknown)') from $LSW_ROOT"
ike_certs "$IKE_ROOT/certs"
C=$IKE_CERTS
# l2tpsecd's IKEv1 signs with RSA only: an RSA gateway certificate.
ike_cert_add brsa rsa 2048 "$IKE_DN_B" 0d b.example 10.0.0.2

sel=()
read -ra globs <<<"${LSW_CASES:-*}"
for c in "${CASES[@]}"; do
	read -r auth path variant <<<"$c"
	cn=${auth}_${path}${variant:+_$variant}
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # a pattern on purpose
		[[ "libreswan_l2tpsecd_$cn" == $g || "$cn" == $g ]] && sel+=("$c") && break
	done
done
((${#sel[@]})) || fail "LSW_CASES='${LSW_CASES:-}' matches no case"
ktap_plan ${#sel[@]}
n=0
for c in "${sel[@]}"; do
	read -r auth path variant <<<"$c"
	n=$((n + 1))
	name="libreswan_l2tpsecd_${auth}_${path}${variant:+_$variant}"
	step "$name"
	t0=$SECONDS
	if [[ "$path" == nat ]]; then
		ike_setup_nat_ns
		a_ip=$NAT_PRIV_IP a_seen=$NAT_PUB_IP enc=udp
	else
		ike_setup_two_ns
		a_ip=$NS1_IP a_seen=$NS1_IP enc=none
	fi
	load_l2tpsec
	b_ip=$NS2_IP
	a_w=(local="$a_ip" remote="$b_ip" auth="$auth" ike="$LSW_IKE" esp="$LSW_ESP")
	b_w=(version=1 auth="$auth" ike="$G_IKE" esp="$G_ESP")
	case "$auth-$path" in
	psk-direct)
		# no configured identities: IP addresses on the wire
		a_w+=(psk="$PSK")
		b_w+=(psk="$PSK")
		;;
	psk-nat)
		# pluto's default identity: its own (private) address
		a_w+=(psk="$PSK")
		b_w+=(psk="$PSK" local-id="ip:$b_ip" remote-id="ip:$a_ip")
		;;
	cert-direct | cert-nat)
		# DN identities: the same behind the NAT
		a_w+=(cert="$C/a.pem" key="$C/a.key" ca="$C/ca.pem"
			remote-id="dn:\"$IKE_DN_B\"")
		b_w+=(cert="$C/brsa.pem" key="$C/brsa.key" ca="$C/ca.pem" crl="$C/crl.pem"
			local-id="dn:\"$IKE_DN_B\"" remote-id="dn:\"$IKE_DN_A\"")
		;;
	*) fail "no configuration for $auth-$path" ;;
	esac
	X_LIFE=$LIFE_DEFAULT
	if [[ "$variant" == expire ]]; then
		X_LIFE=$LIFE_EXPIRE
		b_w+=(lifetime="${LIFE_EXPIRE}s")
	fi
	ike_peer l2tpsecd ns2 b local="$b_ip" remote="$a_seen" start=listen "${b_w[@]}" \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10 mtu="$IKE_PW_MTU"
	lsw_conf ns1 a "${a_w[@]}"
	lsw_start ns1 a
	lsw_up ns1 a 60
	ike_peer_wait l2tpsecd ns2 b 20
	log "$name: SAs up after $((SECONDS - t0))s"

	lsw_check "$name" ns1 a "$auth" "$path"
	l2tpsecd_v1_check "$name" ns2 b "$path"

	ike_pw_stock ns1 "$a_ip" "$b_ip" 100 200 10 20 "$PW_A/24"
	ike_pw_addr ns2 "$IKE_PW_IF" "$PW_B/24"
	ike_ping_wait ns1 "$PW_B" 20
	ping_ok ns2 "$PW_A" "$PINGS"
	if [[ "$variant" != expire ]]; then # (quick, before the SA expires)
		ike_iperf "$name: iperf3 ns1 -> ns2" ns1 ns2 "$PW_B" 2
		ike_iperf "$name: iperf3 ns2 -> ns1" ns2 ns1 "$PW_A" 2
	fi
	ike_xfrm_check "$name" ns1 $((2 * PINGS)) "$([[ "$enc" == udp ]] && echo espinudp || echo none)"
	l2tpsec_sa_check "$name" ns2 $((2 * PINGS)) "$(ike_esp_module_alg "$X_ESP_WORD")" "$enc"
	lsw_traffic_check "$name" ns1 a
	if [[ "$path" == nat ]]; then
		natt_port_check "$name" ns1 "$a_ip" pluto
		natt_port_check "$name" ns2 "$b_ip" l2tpsecd
	fi

	if [[ "$variant" == expire ]]; then
		expire_check "$name" ns1 a ns2 b
	fi

	# Teardown: `ipsec stop` on the client deletes the SAs on both ends.
	lsw_stop ns1 a shutdown
	wait_for 10 __no_module_sas ns2 ||
		fail "$name: ns2 (l2tpsecd) still holds module SAs after pluto's shutdown:"$'\n'"$(ip netns exec ns2 "$L2TPSEC" sa show 2>&1)"$'\n'"$(l2tpsecd_show ns2 b 2>&1)"
	wait_for 10 __no_l2tpsecd_ike ns2 b ||
		fail "$name: ns2 (l2tpsecd) still has an IKE SA after pluto's shutdown:"$'\n'"$(l2tpsecd_show ns2 b 2>&1)"
	wait_for 10 __no_xfrm_esp ns1 ||
		fail "$name: ns1 still holds xfrm SAs after pluto's shutdown:"$'\n'"$(ip -n ns1 xfrm state)"
	log "$name: pluto's shutdown deleted the SAs on both ends"
	d=$(l2tpsecd_dir ns2 b)
	log "$name: l2tpsecd log, deletes: $(grep -E 'deleted' "$d/l2tpsecd.log" | tail -n 4 | tr '\n' '|')"
	rc=0
	ike_peer_stop l2tpsecd ns2 b TERM || rc=$?
	assert_eq "$rc" 0 "$name: l2tpsecd exit status on SIGTERM"
	ns_destroy_all
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
