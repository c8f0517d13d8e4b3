#!/bin/bash
# timeout: 300
# l2tpsecd as an appliance runs it (issue 4, "Operation"):
#   - `l2tpsecd -n` accepts a good file and rejects a bad one with
#     FILE:LINE and a non-zero status; module not loaded -> clear error;
#   - `user nobody`: after start it runs as nobody with CAP_NET_ADMIN as the
#     only capability, and still keys the tunnel (ns1 <-> ns2, PSK);
#   - a second instance on the same pidfile refuses to start;
#   - `l2tpsec show ike` (text and --json) over the control socket;
#   - SIGHUP with an unchanged file keeps the IKE SA (same SPIs), with a
#     changed conn replaces it; a broken file keeps the old configuration;
#   - SIGTERM: delete sent to the peer (its SAs go), our SAs and tunnel
#     leave the module, exit status 0.
set -euo pipefail
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/ike.sh"

PSK="l2tpsec daemon test pre-shared key"
ktap_plan 5

step "config check"
d=$IKE_ROOT/check
mkdir -p "$d"
printf 'conn x {\n\tlocal 10.0.0.1\n\tremote 10.0.0.2\n\tauth psk\n\tpsk "%s"\n\tlifetime 1x\n}\n' \
	"$PSK" >"$d/bad.conf"
rc=0
out=$("$IKE_L2TPSECD" -n -c "$d/bad.conf" 2>&1) || rc=$?
assert_eq "$rc" 1 "l2tpsecd -n on a bad file: status"
assert_match "$out" "bad.conf:6: .*lifetime" "l2tpsecd -n names file, line and keyword"
printf 'conn x {\n\tlocal 10.0.0.1\n\tremote 10.0.0.2\n\tauth psk\n\tpsk "%s"\n}\n' \
	"$PSK" >"$d/good.conf"
out=$("$IKE_L2TPSECD" -n -c "$d/good.conf" 2>&1) || fail "l2tpsecd -n on a good file: $out"
assert_match "$out" "configuration OK" "l2tpsecd -n output"
if [[ ! -d /sys/module/l2tpsec ]]; then
	rc=0
	out=$(timeout 10 "$IKE_L2TPSECD" -f -c "$d/good.conf" 2>&1) || rc=$?
	assert_eq "$rc" 1 "l2tpsecd without the module: status"
	assert_match "$out" "[Mm]odule|l2tpsec" "l2tpsecd without the module: message ($out)"
fi
ktap_result 0 1 config_check

step "start as nobody"
ike_setup_two_ns
load_l2tpsec
chmod 755 "$IKE_ROOT"
common=(auth=psk psk="$PSK" ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16
	tunnel-id=100 peer-tunnel-id=200 session-id=10 peer-session-id=20)
ike_peer l2tpsecd ns2 b local="$NS2_IP" remote="$NS1_IP" start=listen "${common[@]}" \
	tunnel-id=200 peer-tunnel-id=100 session-id=20 peer-session-id=10
l2tpsecd_conf ns1 a l2tp ifname="$IKE_PW_IF" user=nobody local="$NS1_IP" \
	remote="$NS2_IP" start=initiate "${common[@]}"
chmod 777 "$(l2tpsecd_dir ns1 a)"
l2tpsecd_start ns1 a
l2tpsecd_wait_sa ns1 a 40
l2tpsecd_wait_sa ns2 b 20
pid=$(l2tpsecd_pid ns1 a)
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
cap=$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")
capbnd=$(awk '/^CapBnd:/ { print $2 }' "/proc/$pid/status")
assert_eq "$uid" "$(id -u nobody)" "l2tpsecd uid"
assert_eq "$cap" 0000000000001000 "l2tpsecd effective capabilities (CAP_NET_ADMIN only)"
assert_eq "$capbnd" 0000000000001000 "l2tpsecd bounding set"
ike_pw_addr ns1 "$IKE_PW_IF" 192.168.100.1/24
ike_pw_addr ns2 "$IKE_PW_IF" 192.168.100.2/24
ike_ping_wait ns1 192.168.100.2 20
ktap_result 0 2 start_as_nobody

step "pidfile and show ike"
rc=0
out=$(ip netns exec ns1 timeout 10 "$IKE_L2TPSECD" -f -c "$(l2tpsecd_dir ns1 a)/l2tpsecd.conf" 2>&1) ||
	rc=$?
assert_eq "$rc" 1 "second instance on the same pidfile: status"
assert_match "$out" "already running" "second instance message"
txt=$(ip netns exec ns1 "$L2TPSEC" -S "$(cat "$(l2tpsecd_dir ns1 a)/control")" show ike)
assert_match "$txt" "ESTABLISHED, initiator 10.0.0.1:500 <-> 10.0.0.2:500" "show ike text"
assert_match "$txt" "child #[0-9]+ active: in [0-9a-f]{8} out [0-9a-f]{8}, AES_GCM_16_128" \
	"show ike text: child"
js=$(l2tpsecd_show ns1 a)
assert_eq "$(jq -r '.ike_sas[0].proposal' <<<"$js")" "AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519" \
	"show ike --json proposal"
assert_ge "$(jq '.ike_sas[0].children[0].in.packets' <<<"$js")" 5 "show ike --json: inbound packets"
# the daemon's esp-required tunnel is bound to the child's inbound SA
tj=$(ip netns exec ns1 "$L2TPSEC" tunnel show --json)
assert_eq "$(jq -c '.[0].sa_in' <<<"$tj")" "[$((16#$(jq -r '.ike_sas[0].children[0].spi_in' <<<"$js")))]" \
	"tunnel sa_in: the child's inbound SA"
assert_eq "$(jq '.[0].esp_required' <<<"$tj")" true "tunnel esp_required"
ktap_result 0 3 pidfile_and_show

step "SIGHUP"
spi=$(jq -r '.ike_sas[0].spi_i' <<<"$js")
kill -HUP "$pid"
sleep 2
js=$(l2tpsecd_show ns1 a)
assert_eq "$(jq -r '[.ike_sas[] | select(.state == "ESTABLISHED")][0].spi_i' <<<"$js")" "$spi" \
	"unchanged file: same IKE SA after SIGHUP"
grep -q "configuration reloaded: 1 IKE SAs kept" "$(l2tpsecd_dir ns1 a)/l2tpsecd.log" ||
	fail "reload not logged"
conf=$(l2tpsecd_dir ns1 a)/l2tpsecd.conf
cp "$conf" "$conf.good"
echo "bogus-keyword 1" >>"$conf"
kill -HUP "$pid"
wait_for 10 grep -q "reload failed, the running configuration stays entirely in force" \
	"$(l2tpsecd_dir ns1 a)/l2tpsecd.log" || fail "broken file on SIGHUP not reported"
js=$(l2tpsecd_show ns1 a)
assert_eq "$(jq -r '[.ike_sas[] | select(.state == "ESTABLISHED")][0].spi_i' <<<"$js")" "$spi" \
	"broken file: IKE SA kept"
sed 's/^\tdpd .*//' "$conf.good" >"$conf"
echo "conn extra {
	local $NS1_IP
	remote 10.0.0.77
	auth psk
	psk \"$PSK\"
}" >>"$conf"
sed -i 's/^\tlifetime .*$//; s/^\tlocal 10.0.0.1$/\tlocal 10.0.0.1\n\tlifetime 2h/' "$conf"
kill -HUP "$pid"
wait_for 30 sh -c "ip netns exec ns1 $L2TPSEC -S $(cat "$(l2tpsecd_dir ns1 a)/control") show ike --json |
	jq -e '[.ike_sas[] | select(.state == \"ESTABLISHED\" and .spi_i != \"$spi\")] | length == 1' >/dev/null" ||
	fail "changed conn: no new IKE SA after SIGHUP: $(l2tpsecd_show ns1 a)"
grep -q "configuration reloaded: 0 IKE SAs kept, 1 closed" "$(l2tpsecd_dir ns1 a)/l2tpsecd.log" ||
	fail "changed conn: reload not logged"
# the pseudowire came back with the new SA: a new interface on both ends
ike_pw_addr ns1 "$IKE_PW_IF" 192.168.100.1/24
ike_pw_addr ns2 "$IKE_PW_IF" 192.168.100.2/24
ike_ping_wait ns1 192.168.100.2 20
ktap_result 0 4 sighup

step "SIGTERM"
l2tpsecd_stop ns1 a || fail "l2tpsecd exit status $? on SIGTERM"
assert_eq "$(l2tpsec_sa_count ns1)" 0 "our SAs after SIGTERM"
assert_eq "$(ip netns exec ns1 "$L2TPSEC" tunnel show --json | jq length)" 0 "our tunnels after SIGTERM"
wait_for 10 sh -c "[ \"\$(ip netns exec ns2 $L2TPSEC sa show --json | jq length)\" = 0 ]" ||
	fail "the peer still has SAs after our SIGTERM: $(l2tpsecd_show ns2 b)"
grep -q "peer deleted the IKE SA" "$(l2tpsecd_dir ns2 b)/l2tpsecd.log" ||
	fail "the peer did not get our delete"
ktap_result 0 5 sigterm
