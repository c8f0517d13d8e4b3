#!/bin/bash
# timeout: 900
# l2tpsecd interoperability (issue 4, "VM interop tests"): three pairings,
#   l2tpsecd <-> l2tpsecd, l2tpsecd initiator -> charon responder,
#   charon initiator -> l2tpsecd responder,
# each in four cases that cover PSK and certificates, a GCM and a CBC
# proposal, direct and through the masquerading NAT namespace (every pair
# of these values once: an L4 orthogonal array):
#   psk  gcm direct | cert cbc direct | psk cbc nat | cert gcm nat
# ns1 initiates (behind the NAT in the nat cases), ns2 responds (remote is
# ns1's address as ns2 sees it: a pseudowire cannot be on remote any).
# Certificates: ns1 a.example (RSA), ns2 b.example (ECDSA P-256),
# test CA + CRL from ike_certs. In each case: the SA is up on both ends
# with the proposal asked for and NAT-T exactly in the nat cases, the
# L2TPv3 pseudowire carries ping both ways and iperf3 both ways, the SAs'
# counters (module or xfrm) moved, and SIGTERM on the initiator tears the
# SAs down on both ends (l2tpsecd exits 0 and deletes its SAs from the
# module; its peer got the delete).
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"

PSK="l2tpsec interop test pre-shared key"
PINGS=5
PW_A=192.168.100.1
PW_B=192.168.100.2
IKE_GCM=aes128gcm16-prfsha256-x25519
IKE_CBC=aes256-sha256-ecp256
PAIRS=("l2tpsecd l2tpsecd" "l2tpsecd charon" "charon l2tpsecd")
CASES=("psk gcm direct" "cert cbc direct" "psk cbc nat" "cert gcm nat")

ike_require
require_tool "$IKE_L2TPSECD"
ike_certs "$IKE_ROOT/certs"
C=$IKE_CERTS

ktap_plan $((${#PAIRS[@]} * ${#CASES[@]}))
n=0
for pair in "${PAIRS[@]}"; do
	read -r ka kb <<<"$pair"
	for c in "${CASES[@]}"; do
		read -r auth prop path <<<"$c"
		n=$((n + 1))
		name="${ka}_${kb}_${auth}_${prop}_${path}"
		step "$name"
		t0=$SECONDS
		if [[ "$prop" == gcm ]]; then
			ike=$IKE_GCM esp=aes128gcm16 esp_re="AES_GCM_16.128"
		else
			ike=$IKE_CBC esp=aes256-sha256 esp_re="AES_CBC.256/HMAC_SHA2_256_128"
		fi
		if [[ "$path" == nat ]]; then
			ike_setup_nat_ns
			a_ip=$NAT_PRIV_IP a_seen=$NAT_PUB_IP enc=udp
		else
			ike_setup_two_ns
			a_ip=$NS1_IP a_seen=$NS1_IP enc=none
		fi
		[[ "$ka" == l2tpsecd || "$kb" == l2tpsecd ]] && load_l2tpsec
		b_ip=$NS2_IP
		common=(ike="$ike" esp="$esp" auth="$auth" dpd=10s)
		if [[ "$auth" == psk ]]; then
			a_auth=(psk="$PSK") b_auth=(psk="$PSK")
		else
			a_auth=(cert="$C/a.pem" key="$C/a.key" ca="$C/ca.pem" crl="$C/crl.pem")
			b_auth=(cert="$C/b.pem" key="$C/b.key" ca="$C/ca.pem" crl="$C/crl.pem")
		fi
		ike_peer "$kb" ns2 b local="$b_ip" remote="$a_seen" start=listen \
			local-id=fqdn:b.example remote-id=fqdn:a.example "${common[@]}" "${b_auth[@]}" \
			tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10 mtu="$IKE_PW_MTU"
		ike_peer "$ka" ns1 a local="$a_ip" remote="$b_ip" start=initiate \
			local-id=fqdn:a.example remote-id=fqdn:b.example "${common[@]}" "${a_auth[@]}" \
			tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20 mtu="$IKE_PW_MTU"
		ike_peer_wait "$ka" ns1 a 40
		ike_peer_wait "$kb" ns2 b 20
		log "$name: SAs up after $((SECONDS - t0))s"

		# What was negotiated, as each end reports it.
		for side in "$ka ns1 a" "$kb ns2 b"; do
			read -r k ns inst <<<"$side"
			if [[ "$k" == charon ]]; then
				sas=$(swanctl "$ns" "$inst" --list-sas)
				assert_match "$sas" "ESP:$esp_re" "$name: $ns ESP proposal"
				if [[ "$path" == nat ]]; then
					assert_match "$sas" "TRANSPORT-in-UDP" "$name: $ns UDP encapsulation"
				else
					assert_match "$sas" "INSTALLED, TRANSPORT," "$name: $ns no UDP encapsulation"
				fi
			else
				js=$(l2tpsecd_show "$ns" "$inst")
				log "$name: $ns show ike: $(jq -c '.ike_sas[] | {state, natt, proposal, children: [.children[] | {state, proposal, encap, l2tp}]}' <<<"$js")"
				assert_match "$(jq -r '.ike_sas[0].children[0].proposal' <<<"$js")" "$esp_re" \
					"$name: $ns child proposal"
				assert_eq "$(jq -r '.ike_sas[0].natt' <<<"$js")" \
					"$([[ "$path" == nat ]] && echo true || echo false)" "$name: $ns NAT-T"
				assert_eq "$(jq -r '.ike_sas[0].children[0].encap' <<<"$js")" \
					"$([[ "$path" == nat ]] && echo true || echo false)" "$name: $ns child UDP encap"
			fi
		done

		ike_peer_pw "$ka" ns1 "$a_ip" "$b_ip" 100 200 10 20 "$PW_A/24"
		ike_peer_pw "$kb" ns2 "$b_ip" "$a_seen" 200 100 20 10 "$PW_B/24"
		ike_ping_wait ns1 "$PW_B" 20
		ping_ok ns2 "$PW_A" "$PINGS"
		ike_iperf "$name: iperf3 ns1 -> ns2" ns1 ns2 "$PW_B" 2
		ike_iperf "$name: iperf3 ns2 -> ns1" ns2 ns1 "$PW_A" 2
		ike_peer_sa_check "$name" "$ka" ns1 $((2 * PINGS)) "$esp" "$enc"
		ike_peer_sa_check "$name" "$kb" ns2 $((2 * PINGS)) "$esp" "$enc"

		# Teardown: SIGTERM on the initiator deletes the SAs on both ends.
		rc=0
		ike_peer_stop "$ka" ns1 a TERM || rc=$?
		if [[ "$ka" == l2tpsecd ]]; then
			assert_eq "$rc" 0 "$name: l2tpsecd exit status on SIGTERM"
			assert_eq "$(l2tpsec_sa_count ns1)" 0 "$name: ns1 module SAs after SIGTERM"
		fi
		if [[ "$kb" == l2tpsecd ]]; then
			wait_for 10 sh -c "[ \"\$(ip netns exec ns2 $L2TPSEC sa show --json | jq length)\" = 0 ]" ||
				fail "$name: ns2 (l2tpsecd) still holds SAs after the peer's delete: $(l2tpsecd_show ns2 b)"
		else
			wait_for 10 sh -c "! ip -n ns2 xfrm state | grep -q 'proto esp'" ||
				fail "$name: ns2 (charon) still holds SAs after the peer's delete"
		fi
		ike_peer_stop "$kb" ns2 b TERM || true
		ns_destroy_all
		ktap_result 0 "$n" "$name" "time=$((SECONDS - t0))s"
	done
done
