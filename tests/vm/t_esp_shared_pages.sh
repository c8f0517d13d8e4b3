#!/bin/bash
# timeout: 600
# ESP whose body is page-cache pages of a read-only file must never be
# decrypted where it lies (AES-GCM writes the plaintext out before it
# checks the tag, so even a forged packet would write). ns1 sends ESP
# from a UDP socket whose body comes from the file (tests/tools/pkt.py
# splice): vmsplice(2) of a read-only shared mapping of the file into a
# pipe (the pipe then holds the page-cache pages themselves) and
# splice(2) to the socket, or sendfile(2). veth hands the skb to ns2 as
# it is: l2tpsec's receive path gets an uncloned skb without a frag list,
# the ESP header and IV in the head, the body in a fragment, no
# SKBFL_SHARED_FRAG. Whether that fragment is the file's page is up to
# the sender's kernel: Debian's 6.1 (6.1.192) turns udp_sendpage() into
# udp_sendmsg(MSG_SPLICE_PAGES), which its ip_append_data() does not
# implement, so it copies (checked with a probe build and ftrace: one
# unflagged fragment, udp_sendpage -> udp_sendmsg -> ip_append_data, no
# ip_append_page), and the module's old in-place rule was not caught
# here. On a kernel that splices UDP zero-copy without flagging the
# fragments, only the copy of l2tpsec_esp_rx_inplace()/skb_cow_data()
# keeps the file intact: this test is that guard, end to end.
#
# For ESP-in-UDP (the encap socket on port 4500) and raw ESP
# (the same datagrams, turned into IP protocol 50 by a tc pedit rule at
# ns2's ingress: the UDP header is the ESP header), with a forged body
# (random: dropped, counted as drop_auth) and a valid one (AES-GCM with
# the SA's key, built by pkt.py espfile: delivered to the L2TPv3
# session), the file must keep its SHA-256, also when read again after
# echo 3 > /proc/sys/vm/drop_caches. The file is on tmpfs (/tmp in the
# VM), whose page cache is the file: a write into it would stay.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
PKT="$L2S_REPO/tests/tools/pkt.py"
D=$(mktemp -d /tmp/shpages.XXXXXX)
N=4
SESSION=200
# ESP-in-UDP: an inbound SA of its own in ns2 whose peer port (4501) the
# sender can bind in ns1 (the module holds 4500 there); the module takes
# ESP-in-UDP only from the SA's peer port
UDP_SPI=0x1003
UDP_SPORT=4501
# raw: source port 0x3001, destination port 0x3002
RAW_SPI=0x30013002
RAW_OUT=0x30023001

cleanup() {
	l2s_env_down
	rm -rf "$D"
}
trap cleanup EXIT

python3 -c 'import cryptography' 2>/dev/null || fail "python3-cryptography missing"

l2s_env_up
l2s_v3_pair aes-gcm-128 udp
l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 "$RAW_OUT" "$RAW_SPI" raw
# shellcheck disable=SC2046
l2s ns2 sa add spi "$UDP_SPI" dir in local 10.0.0.2 peer 10.0.0.1 alg aes-gcm-128 \
	$(l2s_keyargs aes-gcm-128 $((UDP_SPI % 97))) encap udp sport 4500 dport "$UDP_SPORT"
wait_ping ns1 192.168.100.2 1 || fail "pseudowire does not work"
# The session counters must see only this test's frames: permanent
# neighbour entries on the pseudowire, so no ARP probe crosses it later.
for e in "ns1 ns2 192.168.100.2" "ns2 ns1 192.168.100.1"; do
	read -r here there addr <<<"$e"
	mac=$(ip -n "$there" -j link show l2tpeth0 | jq -r '.[0].address')
	ip -n "$here" neigh replace "$addr" lladdr "$mac" dev l2tpeth0 nud permanent
done
sleep 1

tc -n ns2 qdisc add dev veth2 clsact
tc -n ns2 filter add dev veth2 ingress protocol ip prio 1 u32 \
	match ip protocol 17 0xff match ip sport $((RAW_SPI >> 16)) 0xffff \
	match ip dport $((RAW_SPI & 0xffff)) 0xffff \
	action pedit munge ip protocol set 50 pipe action csum iph ||
	fail "tc pedit rule (act_pedit, act_csum, cls_u32)"

sa_stat() { l2s_sa_stat ns2 "$1" in "$2"; }
sess_rx() { l2s_session_stat ns2 20 "$SESSION" rx_packets; }
fsum() { sha256sum "$1" | cut -d' ' -f1; }

# run_case VIA MODE KIND: VIA sendfile|vmsplice, MODE udp|raw, KIND forged|valid
run_case() {
	local via=$1 mode=$2 kind=$3 spi f args=() keyargs=() sum0 sum1 sum2 c first=0
	local auth0 rx0 srx0 want_auth want_rx want_srx
	if [ "$mode" = udp ]; then
		spi=$UDP_SPI
		args=(--udp 4500 --sport "$UDP_SPORT")
	else
		spi=$RAW_SPI
		args=(--raw)
	fi
	[ "$kind" = valid ] &&
		keyargs=(--key "$(hexbytes 20 $((spi % 97)))" --session "$SESSION")
	c="$via/$mode/$kind"
	# other sequence numbers (and lengths) for the second valid series
	[ "$via" = vmsplice ] && first=$N
	f=$D/$via-$mode-$kind.bin
	[ "$mode" = raw ] && keyargs+=(--raw)
	python3 "$PKT" espfile "$f" --spi "$spi" --first "$first" --count "$N" "${keyargs[@]}" ||
		fail "$c: pkt.py espfile"
	chmod 0444 "$f"
	sum0=$(fsum "$f")
	auth0=$(sa_stat "$spi" drop_auth)
	rx0=$(sa_stat "$spi" rx_packets)
	srx0=$(sess_rx)

	ip netns exec ns1 python3 "$PKT" splice "$f" --dst 10.0.0.2 --spi "$spi" \
		--first "$first" --count "$N" --via "$via" "${args[@]}" >/dev/null || fail "$c: pkt.py splice"
	sleep 1

	sum1=$(fsum "$f")
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sum2=$(fsum "$f")
	echo "# $c: sha256 before ${sum0:0:16} after ${sum1:0:16} after drop_caches ${sum2:0:16}"
	echo "# $c: SA 0x$(printf %x $((spi))) drop_auth $auth0 -> $(sa_stat "$spi" drop_auth)," \
		"rx_packets $rx0 -> $(sa_stat "$spi" rx_packets), session rx_packets $srx0 -> $(sess_rx)"
	expect_eq "$c: file content after the packets" "$sum1" "$sum0"
	expect_eq "$c: file content after drop_caches" "$sum2" "$sum0"
	if [ "$kind" = forged ]; then
		want_auth=$((auth0 + N))
		want_rx=$rx0
		want_srx=$srx0
	else
		want_auth=$auth0
		want_rx=$((rx0 + N))
		want_srx=$((srx0 + N))
	fi
	expect_eq "$c: drop_auth" "$(sa_stat "$spi" drop_auth)" "$want_auth"
	expect_eq "$c: SA rx_packets" "$(sa_stat "$spi" rx_packets)" "$want_rx"
	expect_eq "$c: session rx_packets" "$(sess_rx)" "$want_srx"
}

ip netns exec ns2 "$L2S_BIN" stats >/dev/null
for mode in udp raw; do
	for kind in forged valid; do
		for via in sendfile vmsplice; do
			run_case "$via" "$mode" "$kind"
		done
	done
done
expect_eq "namespace drops" "$(l2s_ns_stat ns2 drop_malformed)" 0
echo "shared pages: file pages as ESP frags never written, forged dropped, valid delivered"
