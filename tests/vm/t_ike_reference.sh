#!/bin/bash
# timeout: 400
# The IKE test harness (tests/lib/ike.sh) proven with strongSwan's charon on
# both ends: ns1 initiates, ns2 responds; the negotiated transport-mode
# ESP SAs (stock xfrm) carry a stock `ip l2tp` L2TPv3 Ethernet pseudowire.
# Cases:
#   psk_gcm_direct   PSK, IKE aes128gcm16-prfsha256-x25519, ESP aes128gcm16
#   cert_cbc_direct  certificates (ns1 RSA, ns2 ECDSA P-256, test CA + CRL),
#                    IKE aes256-sha256-ecp256, ESP aes256-sha256
#   psk_gcm_nat      PSK with ns1 behind the masquerading natns: NAT-T, the
#                    SAs are ESP-in-UDP 4500 (encap espinudp) on both ends
#   cert_revoked     ns1 presents the revoked certificate: ns2 refuses it
#                    (the CRL ike_certs made works for a real IKE peer)
# Each established case: both ends list the SA, ping and iperf3 (2 s)
# across the pseudowire, every ESP state counted the traffic, the expected
# algorithms and encapsulation are in `ip xfrm state`.
set -euo pipefail
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/stock.sh"
. "$(dirname "$0")/../lib/ike.sh"

PSK="l2tpsec reference test pre-shared key"
PINGS=5
PW_A=192.168.100.1
PW_B=192.168.100.2
# IKE_REF_CASES="name..." runs only those (debugging).
read -r -a CASES <<<"${IKE_REF_CASES:-psk_gcm_direct cert_cbc_direct psk_gcm_nat cert_revoked}"

ike_require
t0=$SECONDS
ike_certs "$IKE_ROOT/certs"
log "test PKI made in $((SECONDS - t0))s: $(ls "$IKE_CERTS" | tr '\n' ' ')"
C=$IKE_CERTS

# start_pair NAT(0|1) ARGS_A -- ARGS_B: layout, both charons, their
# configs (connection "l2tp"), loaded. Sets A_IP (ns1's own address),
# A_SEEN (ns1 as ns2 sees it), B_IP.
start_pair() {
	local nat=$1 a=() b=()
	shift
	while (($#)) && [[ "$1" != -- ]]; do a+=("$1"); shift; done
	shift
	b=("$@")
	if ((nat)); then
		ike_setup_nat_ns
		A_IP=$NAT_PRIV_IP A_SEEN=$NAT_PUB_IP
	else
		ike_setup_two_ns
		A_IP=$NS1_IP A_SEEN=$NS1_IP
	fi
	B_IP=$NS2_IP
	conf_a=$(swanctl_conn l2tp local="$A_IP" remote="$B_IP" "${a[@]}") || exit 1
	conf_b=$(swanctl_conn l2tp local="$B_IP" remote=any "${b[@]}") || exit 1
	charon_start ns1 a
	charon_start ns2 b
	charon_conf ns1 a <<<"$conf_a"
	charon_conf ns2 b <<<"$conf_b"
	charon_load ns1 a
	charon_load ns2 b
}

stop_pair() {
	charon_stop ns1 a
	charon_stop ns2 b
	ns_destroy_all
}

# traffic NAME ENCAP IKE_ALG ESP_ALG XFRM_ALG: the checks of an
# established case.
traffic() {
	local name=$1 enc=$2 ike_alg=$3 esp_alg=$4 xfrm_alg=$5 sas ns
	sas=$(swanctl ns1 a --list-sas)
	echo "$sas" | sed 's/^/# ns1: /'
	assert_match "$sas" "$ike_alg" "$name: IKE algorithms"
	assert_match "$sas" "ESP:$esp_alg" "$name: ESP algorithms"
	for ns in ns1 ns2; do
		assert_match "$(ip -n "$ns" xfrm state)" "$xfrm_alg" "$name: $ns kernel algorithm"
		assert_match "$(ip -n "$ns" xfrm policy)" "proto udp sport $IKE_L2TP_PORT dport $IKE_L2TP_PORT" \
			"$name: $ns policy selector"
	done

	log "$name: SAs up after $((SECONDS - t0))s"
	ike_pw_stock ns1 "$A_IP" "$B_IP" 1 2 10 20 "$PW_A/24"
	ike_pw_stock ns2 "$B_IP" "$A_SEEN" 2 1 20 10 "$PW_B/24"
	ike_ping_wait ns1 "$PW_B"
	ping_ok ns2 "$PW_A" "$PINGS"
	ike_iperf "$name: iperf3 ns1 -> ns2" ns1 ns2 "$PW_B" 2
	for ns in ns1 ns2; do
		ike_xfrm_check "$name" "$ns" $((2 * PINGS)) "$enc"
	done
	# The whole pseudowire really went through them: the receiver saw
	# no clear-text L2TP (its policy would have dropped it, counted here).
	assert_eq "$(ns_exec ns2 awk '$1 == "XfrmInTmplMismatch" || $1 == "XfrmInNoPols" { s += $2 } END { print s + 0 }' /proc/net/xfrm_stat)" \
		0 "$name: ns2 xfrm policy drops"
}

ktap_plan "${#CASES[@]}"
n=0
for name in "${CASES[@]}"; do
	n=$((n + 1))
	step "$name"
	t0=$SECONDS
	case "$name" in
	psk_gcm_direct)
		start_pair 0 auth=psk psk="$PSK" local-id=fqdn:a.example remote-id=fqdn:b.example \
			ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 -- \
			auth=psk psk="$PSK" local-id=fqdn:b.example remote-id=fqdn:a.example \
			ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16
		charon_initiate ns1 a l2tp || fail "$name: initiation failed"
		charon_wait_sa ns1 a 20 l2tp
		charon_wait_sa ns2 b 20 l2tp
		traffic "$name" none "AES_GCM_16-128/PRF_HMAC_SHA2_256/CURVE_25519" "AES_GCM_16-128" \
			"rfc4106\\(gcm\\(aes\\)\\)"
		;;
	cert_cbc_direct)
		start_pair 0 auth=cert cert="$C/a.pem" key="$C/a.key" ca="$C/ca.pem" crl="$C/crl.pem" \
			local-id=fqdn:a.example remote-id=fqdn:b.example \
			ike=aes256-sha256-ecp256 esp=aes256-sha256 -- \
			auth=cert cert="$C/b.pem" key="$C/b.key" ca="$C/ca.pem" crl="$C/crl.pem" \
			local-id=fqdn:b.example remote-id=fqdn:a.example \
			ike=aes256-sha256-ecp256 esp=aes256-sha256
		charon_initiate ns1 a l2tp || fail "$name: initiation failed"
		charon_wait_sa ns1 a 20 l2tp
		charon_wait_sa ns2 b 20 l2tp
		grep -q "authentication of 'b.example' with ECDSA_WITH_SHA256_DER successful" "$(charon_log ns1 a)" ||
			fail "$name: ns1 did not verify b's ECDSA signature"
		grep -qE "authentication of 'a.example' with RSA.* successful" "$(charon_log ns2 b)" ||
			fail "$name: ns2 did not verify a's RSA signature"
		traffic "$name" none "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256" \
			"AES_CBC-256/HMAC_SHA2_256_128" "hmac\\(sha256\\)"
		;;
	psk_gcm_nat)
		start_pair 1 auth=psk psk="$PSK" local-id=fqdn:a.example remote-id=fqdn:b.example \
			ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 -- \
			auth=psk psk="$PSK" local-id=fqdn:b.example remote-id=fqdn:a.example \
			ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16
		charon_initiate ns1 a l2tp || fail "$name: initiation failed"
		charon_wait_sa ns1 a 20 l2tp
		charon_wait_sa ns2 b 20 l2tp
		assert_match "$(swanctl ns2 b --list-sas)" "remote 'a.example' @ $NAT_PUB_IP\\[4500\\]" \
			"$name: ns2 sees ns1 NATed, on port 4500"
		grep -q "local host is behind NAT" "$(charon_log ns1 a)" ||
			fail "$name: ns1 did not detect the NAT"
		for ns in ns1 ns2; do
			assert_match "$(ip -n "$ns" xfrm state)" "encap type espinudp sport 4500 dport 4500" \
				"$name: $ns ESP-in-UDP state"
		done
		traffic "$name" espinudp "AES_GCM_16-128/PRF_HMAC_SHA2_256/CURVE_25519" "AES_GCM_16-128" \
			"rfc4106\\(gcm\\(aes\\)\\)"
		;;
	cert_revoked)
		start_pair 0 auth=cert cert="$C/r.pem" key="$C/r.key" ca="$C/ca.pem" crl="$C/crl.pem" \
			local-id=fqdn:r.example remote-id=fqdn:b.example -- \
			auth=cert cert="$C/b.pem" key="$C/b.key" ca="$C/ca.pem" crl="$C/crl.pem" \
			local-id=fqdn:b.example remote-id=fqdn:r.example
		if charon_initiate ns1 a l2tp 15; then
			fail "$name: the revoked certificate was accepted"
		fi
		grep -q "certificate was revoked" "$(charon_log ns2 b)" ||
			fail "$name: ns2 did not refuse r.example's certificate as revoked"
		charon_has_sa ns2 b && fail "$name: ns2 holds an SA"
		assert_eq "$(ike_xfrm_states ns2 | wc -l)" 0 "$name: ns2 ESP states"
		log "ns2: $(grep -m1 -o 'certificate was revoked.*' "$(charon_log ns2 b)")"
		;;
	esac
	stop_pair
	ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
done
