#!/bin/bash
# The remote-access demo, guest side (`scripts/demo.sh --remote-access`;
# not a t_*.sh test):
#
#   ns1 client 172.16.0.2 --- natns (masquerade) 10.0.0.1 ---- 10.0.0.2 ns2 gateway
#   charon (IKEv1 PSK) + xl2tpd + pppd            l2tpsecd: IKEv1 + L2TPv2 LNS + PPP
#   ppp0 10.8.0.10  <====== ESP in UDP 4500, L2TPv2, PPP ======>  l2tpppp0 10.8.0.1
#
# The client side is the Linux built-in client stack as NetworkManager-l2tp
# drives it (strongSwan charon, xl2tpd, pppd with MS-CHAPv2); the gateway
# is l2tpsecd with the configuration printed below. The client gets an
# address from the pool and the DNS servers, then ping and iperf3 through
# ppp0, and the gateway's view (`l2tpsec show sessions`).
#
# Environment: DEMO_SECONDS (iperf3 duration, default 5).
set -euo pipefail
T=$(dirname "$0")
. "$T/../lib/netns.sh"
. "$T/../lib/stock.sh"
. "$T/../lib/ike.sh"
. "$T/../lib/ra.sh"

DEMO_SECONDS=${DEMO_SECONDS:-5}
banner() { printf '\n=== %s\n' "$*"; }

ra_require
for t in iperf3 jq; do
	command -v "$t" >/dev/null || fail "$t missing (scripts/install-deps.sh)"
done

banner "namespaces: client ns1 behind the NAT natns, gateway ns2 $GW"
ike_setup_nat_ns
load_l2tpsec

banner "ns2: l2tpsecd, the gateway"
GW_LOG=info gateway_start
gd=$(l2tpsecd_dir ns2 gw)
echo "ns2# cat $gd/l2tpsecd.conf"
grep -v '^#' "$gd/l2tpsecd.conf" | sed 's/^/    /'
echo "ns2# cat $gd/chap-secrets"
sed 's/^/    /' "$gd/chap-secrets"

banner "ns1: charon (IKEv1 main + quick mode), xl2tpd (LAC), pppd (MS-CHAPv2) as user alice"
t0=$SECONDS
client_start ns1 a alice "alice's secret 1" "$NAT_PRIV_IP"
client_wait_ppp ns1 a
cd=$(client_dir ns1 a)
pif=$(ppp_if ns1)
addr=$(ppp_addr ns1)
dns1=$(sed -n 's/.*primary   DNS address \([0-9.]*\).*/\1/p' "$cd/ppp.log" | tail -1)
dns2=$(sed -n 's/.*secondary DNS address \([0-9.]*\).*/\1/p' "$cd/ppp.log" | tail -1)
echo "connected after $((SECONDS - t0)) s"
echo "ns1# ip addr show $pif"
ip -n ns1 addr show "$pif" | sed 's/^/    /'
echo "pppd: address $addr, gateway $PPP_GW, DNS $dns1 $dns2"
grep -E "CHAP authentication succeeded|local  IP address|remote IP address|DNS address" \
	"$cd/ppp.log" | sed 's/^/    pppd: /'

banner "the gateway's view"
ip netns exec ns2 "$L2TPSEC" -S "$(cat "$gd/control")" show sessions
ip netns exec ns2 "$L2TPSEC" -S "$(cat "$gd/control")" show ike | sed -n '1,6p'
ip -n ns2 -br addr show | grep l2tpppp || true
grep -E "session up|IKEv1 SA established|child SA installed|tunnel with" "$gd/l2tpsecd.log" |
	sed 's/^/    l2tpsecd: /'

banner "ping through ppp0"
ike_ping_wait ns1 "$PPP_GW" 20
ip netns exec ns1 ping -c 5 -i 0.2 "$PPP_GW"
ping_ok ns2 "$addr" 3

banner "iperf3 through ppp0 (${DEMO_SECONDS} s, TCP, client -> gateway)"
ip netns exec ns2 iperf3 -s -1 -D -B "$PPP_GW" -p 5201 || fail "iperf3 server"
wait_for 10 sh -c "ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q ." || fail "iperf3 server"
ip netns exec ns1 iperf3 -c "$PPP_GW" -p 5201 -t "$DEMO_SECONDS" -J >"$IKE_ROOT/demo-ra.json" ||
	fail "iperf3: $(jq -r '.error // empty' "$IKE_ROOT/demo-ra.json" 2>/dev/null)"
bps=$(jq -r '.end.sum_received.bits_per_second | floor' "$IKE_ROOT/demo-ra.json")

banner "result"
echo "client:     user alice, address $addr, DNS $dns1 $dns2, through the NAT (ESP in UDP 4500)"
echo "ping:       ok (ns1 <-> gateway $PPP_GW through ppp0)"
echo "THROUGHPUT: $(awk -v b="$bps" 'BEGIN { printf "%.1f", b / 1e6 }') Mbit/s over ${DEMO_SECONDS} s"
echo "            (qemu TCG; the client side is xl2tpd + pppd in user space, the slow half)"
client_stop ns1 a
l2tpsecd_stop ns2 gw || true
