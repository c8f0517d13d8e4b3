#!/bin/bash
# timeout: 600
# l2tpsecd IKEv1 interoperability (issue 12): strongSwan's charon speaking
# IKEv1 (main mode + quick mode, transport mode ESP for UDP/1701) against
# l2tpsecd with `version 1` conns. Five cases:
#   charon initiator -> l2tpsecd responder, the way L2TP/IPsec clients
#   connect, each case with one client family's proposal list:
#     psk  direct  Windows 10/11     IP identities (the clients' default)
#     psk  nat     macOS/iOS         IP identities, the private one behind
#                                    the NAT
#     cert direct  Android <= 11     modp1024: l2tpsecd conn `weak yes`;
#                                    RSA certificates both ends
#     cert nat     NetworkManager-l2tp's strongSwan defaults (1.20.8):
#                                    charon offers the whole list (3des,
#                                    modp1024/1536 included), l2tpsecd's
#                                    conn only its strong subset, no `weak`;
#                                    RSA certificates both ends; the
#                                    client always sends its cert
#   l2tpsecd initiator -> charon responder:
#     psk  direct  Windows list again, fqdn identities
# ns1 is the client (initiator; behind the masquerading NAT in the nat
# cases), ns2 the gateway (remote = ns1's address as ns2 sees it). In each
# case: the SA is up on both ends as IKEv1 with the algorithms the list
# puts first (of those the responder takes), NAT-T (ESP in UDP, port 4500
# on our side of every SA) exactly in the nat cases, the static L2TPv3
# pseudowire over the SAs carries ping and iperf3 both ways, the ESP
# counters moved on both ends, and stopping the initiator (SIGTERM) deletes
# the SAs on both ends: the delete reaches the other end (l2tpsecd: its SAs
# leave the module and its IKE SA is gone; charon: no xfrm state, no SA).
#
# IKEV1_SELFTEST=1 (e.g. run-vm.sh --env IKEV1_SELFTEST=1): charon plays
# l2tpsecd's part too (same words, same checks on the charon side), to
# validate the charon configs, the NAT layout and the charon-side
# assertions independently of l2tpsecd. IKEV1_CASES='GLOB...': only the
# cases whose name matches one of the globs (e.g. '*_nat_* l2tpsecd_*').
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec IKEv1 interop pre-shared key"
PINGS=5
PW_A=192.168.100.1
PW_B=192.168.100.2
SELFTEST=${IKEV1_SELFTEST:-0}

# CASES: initiator responder auth path family
CASES=(
	"charon l2tpsecd psk direct windows"
	"charon l2tpsecd psk nat macos"
	"charon l2tpsecd cert direct android"
	"charon l2tpsecd cert nat nm"
	"l2tpsecd charon psk direct windows"
)

# family NAME: the client's lists (C_IKE C_ESP), the gateway's (G_IKE G_ESP,
# G_WEAK), and what gets negotiated: charon's spelling (X_IKE X_ESP), the
# parts l2tpsecd must show (X_ENCR X_HASH X_DH: regexes), the module's
# ESP algorithm name (X_ESP_WORD for ike_esp_module_alg).
family() {
	G_WEAK=
	case "$1" in
	windows)
		C_IKE=aes256-sha1-ecp384,aes128-sha1-ecp256,aes256-sha1-modp2048
		C_ESP=aes256-sha1,aes128-sha1
		X_IKE=AES_CBC-256/HMAC_SHA1_96/PRF_HMAC_SHA1/ECP_384
		X_HASH=SHA1 X_DH="ECP_384|DH_20"
		;;
	macos)
		C_IKE=aes256-sha256-modp2048,aes256-sha1-modp2048
		C_ESP=aes256-sha1,aes128-sha1
		X_IKE=AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
		X_HASH=SHA2_256 X_DH="MODP_2048|DH_14"
		;;
	android)
		C_IKE=aes256-sha256-modp1024,aes128-sha1-modp1024
		C_ESP=aes256-sha1
		G_WEAK=yes
		X_IKE=AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024
		X_HASH=SHA2_256 X_DH="MODP_1024|DH_2"
		;;
	nm)
		# network-manager-l2tp 1.20.8 (Debian 12), nm-l2tp-service's
		# strongSwan defaults (ipsec.conf ike=/esp=, "!" = strict)
		C_IKE=aes256-sha2_256-modp2048,aes256-sha2_256-modp1536,aes256-sha2_256-modp1024,aes256-sha1-modp2048,aes256-sha1-modp1536,aes256-sha1-modp1024,aes256-sha1-ecp384,aes128-sha1-modp1024,aes128-sha1-ecp256,3des-sha1-modp2048,3des-sha1-modp1024
		C_ESP=aes256-sha1,aes128-sha1,3des-sha1
		G_IKE=aes256-sha256-modp2048,aes256-sha1-modp2048,aes256-sha1-ecp384,aes128-sha1-ecp256
		G_ESP=aes256-sha1,aes128-sha1
		X_IKE=AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
		X_HASH=SHA2_256 X_DH="MODP_2048|DH_14"
		;;
	*) fail "family $1" ;;
	esac
	[[ "$1" == nm ]] || G_IKE=$C_IKE G_ESP=$C_ESP
	X_ENCR="AES_CBC.256"
	X_ESP=AES_CBC-256/HMAC_SHA1_96
	X_ESP_WORD=aes256-sha1
}

# charon_v1_check WHAT NS INST PATH: charon's view of the SAs.
charon_v1_check() {
	local what=$1 ns=$2 inst=$3 path=$4 sas
	sas=$(swanctl "$ns" "$inst" --list-sas)
	log "$what: $ns charon --list-sas:"$'\n'"#   ${sas//$'\n'/$'\n'#   }"
	assert_match "$sas" "l2tp: #[0-9]+, ESTABLISHED, IKEv1, " "$what: $ns IKE version"
	assert_match "$sas" $'\n'"  $X_IKE"$'\n' "$what: $ns IKE proposal"
	assert_match "$sas" "ESP:$X_ESP("$'\n'"|$)" "$what: $ns ESP proposal"
	if [[ "$path" == nat ]]; then
		assert_match "$sas" "INSTALLED, TRANSPORT-in-UDP, " "$what: $ns UDP encapsulation"
		assert_match "$sas" "local  '[^']*' @ [0-9.]+\[4500\]" "$what: $ns IKE on port 4500"
	else
		assert_match "$sas" "INSTALLED, TRANSPORT, " "$what: $ns no UDP encapsulation"
		assert_match "$sas" "local  '[^']*' @ [0-9.]+\[500\]" "$what: $ns IKE on port 500"
	fi
}

# l2tpsecd_v1_check WHAT NS INST PATH: l2tpsecd's view (show ike --json).
l2tpsecd_v1_check() {
	local what=$1 ns=$2 inst=$3 path=$4 js natt ike esp
	js=$(l2tpsecd_show "$ns" "$inst")
	log "$what: $ns show ike: $(jq -c '.ike_sas[] | del(.children) + {children: [.children[] | {state, proposal, encap, l2tp}]}' <<<"$js")"
	assert_eq "$(jq '.ike_sas | length' <<<"$js")" 1 "$what: $ns IKE SAs"
	# a version key, when the daemon prints one, must say IKEv1
	assert_eq "$(jq -r '.ike_sas[0] | if has("version") then .version else 1 end' <<<"$js")" 1 \
		"$what: $ns IKE SA version"
	assert_eq "$(jq -r '.ike_sas[0].state' <<<"$js")" ESTABLISHED "$what: $ns IKE SA state"
	ike=$(jq -r '.ike_sas[0].proposal' <<<"$js")
	assert_match "$ike" "^$X_ENCR/" "$what: $ns IKE encryption"
	assert_match "$ike" "/[A-Z_]*$X_HASH(_[0-9]+)?(/|$)" "$what: $ns IKE hash/PRF"
	assert_match "$ike" "/($X_DH)$" "$what: $ns IKE DH group"
	esp=$(jq -r '.ike_sas[0].children[0].proposal' <<<"$js")
	assert_match "$esp" "^${X_ESP/-/.}(/|$)" "$what: $ns child proposal"
	natt=$([[ "$path" == nat ]] && echo true || echo false)
	assert_eq "$(jq -r '.ike_sas[0].natt' <<<"$js")" "$natt" "$what: $ns NAT-T"
	assert_eq "$(jq -r '.ike_sas[0].children[0].encap' <<<"$js")" "$natt" "$what: $ns child UDP encap"
	assert_eq "$(jq -r '.ike_sas[0].children[0].l2tp' <<<"$js")" true "$what: $ns child carries L2TP"
}

# natt_port_check WHAT KIND NS LOCAL_IP: every ESP SA of NS is ESP in UDP
# with port 4500 on our side.
natt_port_check() {
	local what=$1 kind=$2 ns=$3 lip=$4 n=0 src dst sp dp
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

__no_module_sas() { [[ "$(ip netns exec "$1" "$L2TPSEC" sa show --json | jq length)" == 0 ]]; }
__no_l2tpsecd_ike() { l2tpsecd_show "$1" "$2" | jq -e '.ike_sas | length == 0'; }
__no_xfrm_esp() { ! ip -n "$1" xfrm state | grep -q 'proto esp'; }
__no_charon_ike() { ! swanctl "$1" "$2" --list-sas | grep -q 'ESTABLISHED'; }

# gone_check WHAT KIND NS INST: the SAs of the end that did not stop are
# gone (the peer's delete reached it).
gone_check() {
	local what=$1 kind=$2 ns=$3 inst=$4
	if [[ "$kind" == l2tpsecd ]]; then
		wait_for 10 __no_module_sas "$ns" ||
			fail "$what: $ns (l2tpsecd) still holds module SAs after the peer's delete:"$'\n'"$(ip netns exec "$ns" "$L2TPSEC" sa show 2>&1)"$'\n'"$(l2tpsecd_show "$ns" "$inst" 2>&1)"
		wait_for 10 __no_l2tpsecd_ike "$ns" "$inst" ||
			fail "$what: $ns (l2tpsecd) still has an IKE SA after the peer's delete:"$'\n'"$(l2tpsecd_show "$ns" "$inst" 2>&1)"
	else
		wait_for 10 __no_xfrm_esp "$ns" ||
			fail "$what: $ns (charon) still holds xfrm SAs after the peer's delete:"$'\n'"$(ip -n "$ns" xfrm state)"
		wait_for 10 __no_charon_ike "$ns" "$inst" ||
			fail "$what: $ns (charon) still has an IKE SA after the peer's delete:"$'\n'"$(swanctl "$ns" "$inst" --list-sas 2>&1)"
	fi
	log "$what: $ns ($kind): SAs gone after the peer's delete"
}

ike_require
((SELFTEST)) || require_tool "$IKE_L2TPSECD"
ike_certs "$IKE_ROOT/certs"
C=$IKE_CERTS
# IKEv1 negotiates one signature method for both ends, and l2tpsecd's
# IKEv1 signs with RSA only (a version 1 conn with another key is refused):
# an RSA gateway certificate.
ike_cert_add brsa rsa 2048 "$IKE_DN_B" 0d b.example 10.0.0.2
((SELFTEST)) && log "IKEV1_SELFTEST: charon plays l2tpsecd's part"

sel=()
read -ra globs <<<"${IKEV1_CASES:-*}"
for c in "${CASES[@]}"; do
	read -r ka kb auth path fam <<<"$c"
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # a pattern on purpose
		[[ "${ka}_${kb}_${auth}_${path}_${fam}" == $g ]] && sel+=("$c") && break
	done
done
((${#sel[@]})) || fail "IKEV1_CASES='${IKEV1_CASES:-}' matches no case"
ktap_plan ${#sel[@]}
n=0
for c in "${sel[@]}"; do
	read -r ka kb auth path fam <<<"$c"
	n=$((n + 1))
	name="${ka}_${kb}_${auth}_${path}_${fam}"
	if ((SELFTEST)); then
		ka=charon kb=charon
		step "$name (selftest: charon <-> charon)"
	else
		step "$name"
	fi
	t0=$SECONDS
	family "$fam"
	if [[ "$path" == nat ]]; then
		ike_setup_nat_ns
		a_ip=$NAT_PRIV_IP a_seen=$NAT_PUB_IP enc=udp
	else
		ike_setup_two_ns
		a_ip=$NS1_IP a_seen=$NS1_IP enc=none
	fi
	[[ "$ka" == l2tpsecd || "$kb" == l2tpsecd ]] && load_l2tpsec
	b_ip=$NS2_IP
	# client (a) and gateway (b) words
	a_w=(version=1 auth="$auth" ike="$C_IKE" esp="$C_ESP")
	b_w=(version=1 auth="$auth" ike="$G_IKE" esp="$G_ESP")
	[[ -z "$G_WEAK" ]] || b_w+=(weak="$G_WEAK")
	case "$auth-$fam" in
	psk-windows)
		if [[ "$ka" == charon ]]; then
			# Windows: no configured identities, IP addresses on the wire
			a_w+=(psk="$PSK")
			b_w+=(psk="$PSK")
		else
			a_w+=(psk="$PSK" local-id=fqdn:a.example remote-id=fqdn:b.example)
			b_w+=(psk="$PSK" local-id=fqdn:b.example remote-id=fqdn:a.example)
		fi
		;;
	psk-macos)
		a_w+=(psk="$PSK" local-id="ip:$a_ip" remote-id="ip:$b_ip")
		b_w+=(psk="$PSK" local-id="ip:$b_ip" remote-id="ip:$a_ip")
		;;
	cert-android)
		a_w+=(cert="$C/a.pem" key="$C/a.key" ca="$C/ca.pem" crl="$C/crl.pem"
			local-id="dn:\"$IKE_DN_A\"" remote-id="dn:\"$IKE_DN_B\"")
		b_w+=(cert="$C/brsa.pem" key="$C/brsa.key" ca="$C/ca.pem" crl="$C/crl.pem"
			local-id="dn:\"$IKE_DN_B\"" remote-id="dn:\"$IKE_DN_A\"")
		;;
	cert-nm)
		a_w+=(cert="$C/a.pem" key="$C/a.key" ca="$C/ca.pem" crl="$C/crl.pem"
			local-id="dn:\"$IKE_DN_A\"" remote-id="dn:\"$IKE_DN_B\"")
		[[ "$ka" != charon ]] || a_w+=(conn.send_cert=always)
		b_w+=(cert="$C/brsa.pem" key="$C/brsa.key" ca="$C/ca.pem" crl="$C/crl.pem"
			local-id="dn:\"$IKE_DN_B\"" remote-id="dn:\"$IKE_DN_A\"")
		;;
	*) fail "no identities for $auth-$fam" ;;
	esac
	ike_peer "$kb" ns2 b local="$b_ip" remote="$a_seen" start=listen "${b_w[@]}" \
		tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10 mtu="$IKE_PW_MTU"
	ike_peer "$ka" ns1 a local="$a_ip" remote="$b_ip" start=initiate "${a_w[@]}" \
		tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20 mtu="$IKE_PW_MTU"
	ike_peer_wait "$ka" ns1 a 60
	ike_peer_wait "$kb" ns2 b 20
	log "$name: SAs up after $((SECONDS - t0))s"

	# What was negotiated, as each end reports it.
	for side in "$ka ns1 a $a_ip" "$kb ns2 b $b_ip"; do
		read -r k ns inst lip <<<"$side"
		if [[ "$k" == charon ]]; then
			charon_v1_check "$name" "$ns" "$inst" "$path"
		else
			l2tpsecd_v1_check "$name" "$ns" "$inst" "$path"
		fi
	done

	ike_peer_pw "$ka" ns1 "$a_ip" "$b_ip" 100 200 10 20 "$PW_A/24"
	ike_peer_pw "$kb" ns2 "$b_ip" "$a_seen" 200 100 20 10 "$PW_B/24"
	ike_ping_wait ns1 "$PW_B" 20
	ping_ok ns2 "$PW_A" "$PINGS"
	ike_iperf "$name: iperf3 ns1 -> ns2" ns1 ns2 "$PW_B" 2
	ike_iperf "$name: iperf3 ns2 -> ns1" ns2 ns1 "$PW_A" 2
	ike_peer_sa_check "$name" "$ka" ns1 $((2 * PINGS)) "$X_ESP_WORD" "$enc"
	ike_peer_sa_check "$name" "$kb" ns2 $((2 * PINGS)) "$X_ESP_WORD" "$enc"
	if [[ "$path" == nat ]]; then
		natt_port_check "$name" "$ka" ns1 "$a_ip"
		natt_port_check "$name" "$kb" ns2 "$b_ip"
	fi

	# Teardown: SIGTERM on the initiator deletes the SAs on both ends.
	rc=0
	ike_peer_stop "$ka" ns1 a TERM || rc=$?
	if [[ "$ka" == l2tpsecd ]]; then
		assert_eq "$rc" 0 "$name: l2tpsecd exit status on SIGTERM"
		assert_eq "$(l2tpsec_sa_count ns1)" 0 "$name: ns1 module SAs after SIGTERM"
	fi
	gone_check "$name" "$kb" ns2 b
	ike_peer_stop "$kb" ns2 b TERM || true
	ns_destroy_all
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
