#!/bin/bash
# The l2tpsec demo, guest side (scripts/demo.sh boots the VM and runs it;
# not a t_*.sh test, so the suite does not pick it up):
#
#   ns1 [veth1 10.0.0.1] <----- ESP (AES-GCM-128) in UDP 4500 -----> [veth2 10.0.0.2] ns2
#    l2tpeth0 192.168.100.1  <==== L2TPv3 Ethernet pseudowire ====>  l2tpeth0 192.168.100.2
#
# Statically keyed (default): both ends get the same two SAs (one per
# direction) with the l2tpsec CLI (Documentation/cli.md), a tunnel whose
# outbound SA is set, and one Ethernet session. With DEMO_KEYING=ike,
# l2tpsecd runs in each namespace instead (Documentation/l2tpsecd.md): they
# negotiate IKEv2 (PSK), install the SAs and bring the pseudowire up
# themselves. Then ping and iperf3 over the pseudowire, a look at the wire,
# and the SA counters.
#
# Environment: DEMO_SECONDS (iperf3 duration, default 5), DEMO_KEYING
# (static or ike).
set -euo pipefail
. "$(dirname "$0")/../lib/netns.sh"

DEMO_SECONDS=${DEMO_SECONDS:-5}
DEMO_KEYING=${DEMO_KEYING:-static}
L2TPSECD=${L2TPSECD:-$REPO/userspace/l2tpsecd}
ALG=aes-gcm-128
SPI_12=0x1001 # ns1 -> ns2
SPI_21=0x2001 # ns2 -> ns1
# AES-GCM-128 keys are key (16 bytes) + salt (4 bytes), as for ip xfrm.
KEY_12=$(hexkey 20 12)
KEY_21=$(hexkey 20 21)
PW_IP1=192.168.100.1
PW_IP2=192.168.100.2

banner() { printf '\n=== %s\n' "$*"; }
# cli NS ARGS...: show the command, then run it in NS.
cli() {
	local ns=$1
	shift
	echo "$ns# l2tpsec $*"
	ip netns exec "$ns" "$L2TPSEC" "$@"
}

require_tool "$L2TPSEC"
for t in iperf3 jq tcpdump; do
	command -v "$t" >/dev/null || fail "$t missing (scripts/install-deps.sh)"
done

banner "modules: crypto (no udev here, so modprobe by hand), l2tpsec.ko"
# The AEAD and its templates; l2tpsec allocates rfc4106(gcm(aes)).
load_modules aesni_intel ghash_clmulni_intel gcm seqiv
load_l2tpsec
grep -E '^(l2tpsec|aesni_intel|gcm|udp_tunnel) ' /proc/modules | cut -d' ' -f1-3

banner "namespaces: ns1 $NS1_IP/24 <-> ns2 $NS2_IP/24 over veth"
setup_two_ns

# end NS LOCAL PEER SPI_OUT KEY_OUT SPI_IN KEY_IN TID PTID SID PSID PW_IP
end() {
	local ns=$1 local=$2 peer=$3 spi_out=$4 key_out=$5 spi_in=$6 key_in=$7
	local tid=$8 ptid=$9 sid=${10} psid=${11} pwip=${12}
	cli "$ns" sa add spi "$spi_out" dir out local "$local" peer "$peer" \
		alg "$ALG" key "$key_out" encap udp sport 4500 dport 4500
	cli "$ns" sa add spi "$spi_in" dir in local "$local" peer "$peer" \
		alg "$ALG" key "$key_in" encap udp sport 4500 dport 4500
	cli "$ns" tunnel add id "$tid" peer-id "$ptid" version 3 \
		local "$local" peer "$peer" sa-out "$spi_out" esp-required
	cli "$ns" session add tunnel "$tid" id "$sid" peer-id "$psid" name l2tpeth0
	echo "$ns# ip addr add $pwip/24 dev l2tpeth0; ip link set l2tpeth0 up"
	ip -n "$ns" addr add "$pwip/24" dev l2tpeth0
	ip -n "$ns" link set l2tpeth0 up
}

# ike_end NS LOCAL PEER START TID PTID SID PSID: an l2tpsecd config, shown,
# and the daemon started in NS (log in $SCRATCH/l2tpsecd-NS.log).
ike_end() {
	local ns=$1 conf=$SCRATCH/l2tpsecd-$1.conf
	cat >"$conf" <<-EOC
		log-level info
		log stderr
		pidfile $SCRATCH/l2tpsecd-$ns.pid
		control $SCRATCH/l2tpsecd-$ns.sock
		conn demo {
			local $2
			remote $3
			auth psk
			psk "l2tpsec demo pre-shared key"
			ike aes128gcm16-prfsha256-x25519
			esp aes128gcm16
			encap yes
			start $4
			l2tp {
				tunnel-id $5
				peer-tunnel-id $6
				session-id $7
				peer-session-id $8
				ifname l2tpeth0
			}
		}
	EOC
	echo "$ns# cat $conf"
	sed 's/^/    /' "$conf"
	"$L2TPSECD" -n -c "$conf"
	echo "$ns# l2tpsecd -f -c $conf &"
	bg "l2tpsecd-$ns" ip netns exec "$ns" "$L2TPSECD" -f -c "$conf"
}

if [[ "$DEMO_KEYING" == ike ]]; then
	require_tool "$L2TPSECD"
	banner "ns2: l2tpsecd, responder"
	ike_end ns2 "$NS2_IP" "$NS1_IP" listen 20 10 200 100
	wait_for 10 test -S "$SCRATCH/l2tpsecd-ns2.sock" || fail "l2tpsecd in ns2 did not start"
	banner "ns1: l2tpsecd, initiator"
	ike_end ns1 "$NS1_IP" "$NS2_IP" initiate 10 20 100 200
	for ns in ns1 ns2; do
		wait_for 30 ip -n "$ns" link show l2tpeth0 ||
			fail "$ns: no pseudowire after 30 s: $(cat "$SCRATCH/bg-l2tpsecd-$ns.log")"
	done
	banner "negotiated"
	cli ns1 -S "$SCRATCH/l2tpsecd-ns1.sock" show ike
	echo "ns1# ip addr add $PW_IP1/24 dev l2tpeth0; ip link set l2tpeth0 up"
	ip -n ns1 addr add "$PW_IP1/24" dev l2tpeth0
	ip -n ns1 link set l2tpeth0 up
	echo "ns2# ip addr add $PW_IP2/24 dev l2tpeth0; ip link set l2tpeth0 up"
	ip -n ns2 addr add "$PW_IP2/24" dev l2tpeth0
	ip -n ns2 link set l2tpeth0 up
	ALG="$(jq -r '.ike_sas[0].children[0].proposal' < <(ip netns exec ns1 "$L2TPSEC" \
		-S "$SCRATCH/l2tpsecd-ns1.sock" show ike --json)) (IKEv2)"
else
	banner "ns1: SAs, tunnel, session"
	end ns1 "$NS1_IP" "$NS2_IP" "$SPI_12" "$KEY_12" "$SPI_21" "$KEY_21" 10 20 100 200 "$PW_IP1"
	banner "ns2: the mirror image"
	end ns2 "$NS2_IP" "$NS1_IP" "$SPI_21" "$KEY_21" "$SPI_12" "$KEY_12" 20 10 200 100 "$PW_IP2"
fi
echo
ip -n ns1 -br link show l2tpeth0
ip -n ns1 -br addr show l2tpeth0

banner "ping over the pseudowire"
capture_start ns2 "$NS2_IF" "$SCRATCH/demo-wire.pcap"
wait_for 15 ip netns exec ns1 ping -c 1 -W 1 "$PW_IP2" ||
	fail "the pseudowire did not come up (ns1 -> $PW_IP2)"
ip netns exec ns1 ping -c 5 -i 0.2 "$PW_IP2" || fail "ping $PW_IP2 from ns1"
ping_ok ns2 "$PW_IP1" 3
capture_stop
natt=$(capture_count "$SCRATCH/demo-wire.pcap" "udp port 4500")
clear=$(capture_count "$SCRATCH/demo-wire.pcap" "udp port 1701")
echo "on the wire (veth2): $natt ESP-in-UDP/4500 packets, $clear clear-text L2TP packets"
assert_eq "$clear" 0 "clear-text L2TP packets on the wire"
assert_gt "$natt" 0 "ESP-in-UDP packets on the wire"
tcpdump -r "$SCRATCH/demo-wire.pcap" -n -c 2 'udp port 4500' 2>/dev/null || true

banner "iperf3 over the pseudowire (${DEMO_SECONDS} s, TCP, ns1 -> ns2)"
bg iperf3-server ip netns exec ns2 iperf3 -s -1 -B "$PW_IP2"
wait_for 10 bash -c "ip netns exec ns2 ss -Htln | grep -q '$PW_IP2:5201'" ||
	fail "iperf3 server did not start: $(cat "$SCRATCH/bg-iperf3-server.log")"
ip netns exec ns1 iperf3 -c "$PW_IP2" -t "$DEMO_SECONDS" -J >"$SCRATCH/iperf3.json" ||
	fail "iperf3 client: $(jq -r '.error // empty' "$SCRATCH/iperf3.json" 2>/dev/null)"
read -r sent rcvd retr < <(jq -r '[.end.sum_sent.bits_per_second,
	.end.sum_received.bits_per_second, (.end.sum_sent.retransmits // 0)] | @tsv' \
	"$SCRATCH/iperf3.json")
mbps() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

banner "SA counters"
cli ns1 sa show
cli ns2 sa show

banner "result"
echo "ping:       ok (ns1 <-> ns2 over l2tpeth0, ESP $ALG in UDP 4500)"
echo "THROUGHPUT: $(mbps "$rcvd") Mbit/s received by ns2 ($(mbps "$sent") Mbit/s sent, $retr retransmits) over ${DEMO_SECONDS} s"
echo "            (qemu guest: under TCG emulation this is far below real hardware)"
