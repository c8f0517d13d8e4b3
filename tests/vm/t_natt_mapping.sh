#!/bin/bash
# timeout: 300
# A client whose NAT mapping changes keeps working (issue 12): two
# l2tpsecd (IKEv2, PSK), the initiator ns1 behind the masquerading NAT
# namespace, neither sending DPD (as Windows' built-in client does not):
# only ESP shows where the client is now. With the L2TPv3 pseudowire
# carrying ping:
#   - negative: forged ESP-in-UDP for the responder's inbound SPI from
#     another port of the NAT's address (random body: bad ICV) is dropped
#     (drop_sa_mismatch), moves nothing, makes no SA_MAPPING event;
#   - new public port: the NAT masquerades to ports 20000-20099 and its
#     conntrack table is flushed; the client's next ESP comes from a new
#     port, the module reports it (SA_MAPPING, mapping_events), the
#     responder logs "peer moved ... (NAT mapping changed)", its SAs show
#     the new port, ping recovers within seconds, with the same IKE and
#     child SPIs (no rekey, no reconnect);
#   - new public address: the NAT's address becomes 10.0.0.3; the SAs and
#     the tunnel follow the same way.
set -euo pipefail
T=$(dirname "$0")
[[ -d "$T/../lib" ]] || T=$T/..
. "$T/../lib/netns.sh"
. "$T/../lib/ike.sh"

PKT=$REPO/tests/tools/pkt.py
PSK="l2tpsec NAT mapping test pre-shared key"
PW_A=192.168.100.1
PW_B=192.168.100.2
NEW_PUB_IP=10.0.0.3
L="ip netns exec ns2 $L2TPSEC"

require_tool "$IKE_L2TPSECD"
ktap_plan 3

ike_setup_nat_ns
load_l2tpsec
modprobe -q nf_conntrack_netlink 2>/dev/null || true
common=(auth=psk psk="$PSK" ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 dpd=0)
ike_peer l2tpsecd ns2 b local="$NS2_IP" remote="$NAT_PUB_IP" start=listen "${common[@]}" \
	local-id=fqdn:b.example remote-id=fqdn:a.example \
	tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10 mtu="$IKE_PW_MTU"
ike_peer l2tpsecd ns1 a local="$NAT_PRIV_IP" remote="$NS2_IP" start=initiate "${common[@]}" \
	local-id=fqdn:a.example remote-id=fqdn:b.example \
	tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20 mtu="$IKE_PW_MTU"
ike_peer_wait l2tpsecd ns1 a 40
ike_peer_wait l2tpsecd ns2 b 20
ike_peer_pw l2tpsecd ns1 "$NAT_PRIV_IP" "$NS2_IP" 100 200 10 20 "$PW_A/24"
ike_peer_pw l2tpsecd ns2 "$NS2_IP" "$NAT_PUB_IP" 200 100 20 10 "$PW_B/24"
ike_ping_wait ns1 "$PW_B" 20
LOG_B=$(l2tpsecd_dir ns2 b)/l2tpsecd.log

# The responder's inbound SA and its fields.
spi_in=$($L sa show --json | jq -r '[.[] | select(.dir == "in")][0].spi')
[[ "$spi_in" =~ ^[0-9]+$ ]] || fail "no inbound SA in ns2: $($L sa show)"
spi_hex=$(printf '0x%08x' "$spi_in")
sa_field() { $L sa show --json | jq -r --argjson s "$1" --arg d "$2" \
	".[] | select(.spi == \$s and .dir == \$d) | $3"; }
mapping_events() { $L stats --json | jq -r '.mapping_events'; }
ike_spis() { l2tpsecd_show ns2 b | jq -c '[.ike_sas[] | [.spi_i, .spi_r,
	(.children[] | [.spi_in, .spi_out])]]'; }
all_sas_at() { # ADDR PORT: every SA of ns2 goes to / comes from ADDR:PORT
	$L sa show --json | jq -e --arg a "$1" --argjson p "$2" \
		'length >= 2 and all(.[]; .peer == $a and .dport == $p)' >/dev/null
}
spis0=$(ike_spis)
port0=$(sa_field "$spi_in" in .dport)
log "responder: inbound SA $spi_hex from $NAT_PUB_IP:$port0; IKE/child SPIs $spis0"
ev0=$(mapping_events)
assert_eq "$ev0" 0 "mapping_events before any change"
$L monitor >"$IKE_ROOT/monitor.txt" 2>&1 &
__BG_PIDS+=("$!")
sleep 0.5

step "forged ESP from another port"
mm0=$(sa_field "$spi_in" in .stats.drop_sa_mismatch)
for seq in 900001 900002 900003; do
	ns_exec natns python3 "$PKT" esp --dst "$NS2_IP" --udp 4500 --spi "$spi_hex" \
		--seq "$seq" --len 80
done
wait_for 5 test "$(sa_field "$spi_in" in .stats.drop_sa_mismatch)" -ge $((mm0 + 3)) ||
	fail "forged ESP-in-UDP from another port not counted as drop_sa_mismatch"
sleep 1
assert_eq "$(sa_field "$spi_in" in .dport)" "$port0" "SA peer port after forged packets"
assert_eq "$(sa_field "$spi_in" in .peer)" "$NAT_PUB_IP" "SA peer after forged packets"
assert_eq "$(mapping_events)" 0 "mapping_events after forged packets"
assert_eq "$(sa_field "$spi_in" in .stats.mapping_events)" 0 "SA mapping_events after forged packets"
if grep -q "NAT mapping changed" "$LOG_B"; then fail "responder moved the peer on forged packets"; fi
ping_ok ns1 "$PW_B" 3
ktap_result 0 1 forged_esp_moves_nothing

step "the NAT maps the client to a new port"
t0=$SECONDS
ns_exec natns nft flush chain ip nat postrouting
ns_exec natns nft add rule ip nat postrouting oifname nat-out meta l4proto udp \
	masquerade to :20000-20099
ns_exec natns nft add rule ip nat postrouting oifname nat-out masquerade
ns_exec natns python3 "$PKT" ctflush || fail "conntrack flush in natns"
# the client sends first (a Windows client's ESP, no IKE): ping from ns1
wait_for 15 ip netns exec ns1 ping -n -c 1 -W 1 "$PW_B" ||
	fail "ping over the pseudowire did not recover after the NAT rebinding:"$'\n'"$($L sa show)"
log "ping recovered after $((SECONDS - t0))s"
ping_ok ns1 "$PW_B" 5
ping_ok ns2 "$PW_A" 5
port1=$(sa_field "$spi_in" in .dport)
log "inbound SA $spi_hex now from $NAT_PUB_IP:$port1"
((port1 >= 20000 && port1 <= 20099)) || fail "SA peer port after the rebinding: $port1 (NAT range 20000-20099)"
all_sas_at "$NAT_PUB_IP" "$port1" || fail "not every SA of ns2 moved to $NAT_PUB_IP:$port1: $($L sa show)"
assert_match "$(cat "$LOG_B")" "peer moved from $NAT_PUB_IP:$port0 to $NAT_PUB_IP:$port1 \(NAT mapping changed\)" \
	"responder log"
assert_ge "$(mapping_events)" 1 "namespace mapping_events"
assert_ge "$(sa_field "$spi_in" in .stats.mapping_events)" 1 "SA mapping_events"
assert_eq "$(ike_spis)" "$spis0" "IKE and child SPIs (no rekey, no reconnect)"
assert_match "$(l2tpsecd_show ns2 b | jq -r '.ike_sas[0].remote')" "$NAT_PUB_IP:$port1" \
	"responder's IKE SA remote"
assert_match "$(cat "$IKE_ROOT/monitor.txt")" \
	"sa-mapping spi $(printf '0x%x' "$spi_in") dir in peer $NAT_PUB_IP dport $port1" "l2tpsec monitor"
ktap_result 0 2 new_public_port "time=$((SECONDS - t0))s"

step "the NAT maps the client to a new address"
t0=$SECONDS
ev1=$(mapping_events)
ip -n natns addr add "$NEW_PUB_IP/24" dev nat-out
ns_exec natns nft flush chain ip nat postrouting
ns_exec natns nft add rule ip nat postrouting oifname nat-out snat to "$NEW_PUB_IP"
ns_exec natns python3 "$PKT" ctflush || fail "conntrack flush in natns"
wait_for 15 ip netns exec ns1 ping -n -c 1 -W 1 "$PW_B" ||
	fail "ping over the pseudowire did not recover after the NAT's address changed:"$'\n'"$($L sa show)"
log "ping recovered after $((SECONDS - t0))s"
ping_ok ns1 "$PW_B" 5
ping_ok ns2 "$PW_A" 5
port2=$(sa_field "$spi_in" in .dport)
all_sas_at "$NEW_PUB_IP" "$port2" || fail "not every SA of ns2 moved to $NEW_PUB_IP:$port2: $($L sa show)"
assert_eq "$($L tunnel show --json | jq -r '.[0].peer')" "$NEW_PUB_IP" "responder's tunnel peer"
assert_match "$(cat "$LOG_B")" "peer moved from $NAT_PUB_IP:$port1 to $NEW_PUB_IP:$port2 \(NAT mapping changed\)" \
	"responder log"
assert_gt "$(mapping_events)" "$ev1" "namespace mapping_events"
assert_eq "$(ike_spis)" "$spis0" "IKE and child SPIs (no rekey, no reconnect)"
ktap_result 0 3 new_public_address "time=$((SECONDS - t0))s"
