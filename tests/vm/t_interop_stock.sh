#!/bin/bash
# timeout: 1200
# Interop with the stock Linux stack: ns1 runs l2tpsec, ns2 runs `ip xfrm`
# transport SAs + `ip l2tp` L2TPv3 Ethernet pseudowire over UDP. Every
# algorithm over raw ESP, one of each construction over UDP 4500 (every
# one with L2S_FULL=1, `make check-full`), traffic both ways. Then the
# ICV length of the 96-bit truncations (3DES-CBC/HMAC-SHA1-96, AES-CBC/HMAC-SHA256-96)
# against a stock peer that truncates otherwise: nothing gets through,
# both ends count drops.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
l2s_env_up
encap_pid=
cleanup() {
	[ -n "$encap_pid" ] && kill "$encap_pid" 2>/dev/null
	l2s_env_down
}
trap cleanup EXIT

for encap in raw udp; do
	if [ "$encap" = udp ]; then
		# The stock receiver needs a UDP_ENCAP_ESPINUDP socket, as charon
		# would hold; l2tpsec's CLI opens its own in ns1.
		ip netns exec ns2 "$L2S_REPO/tests/tools/encap-sock" 4500 >/tmp/encap.out &
		encap_pid=$!
		for _ in $(seq 50); do grep -q ready /tmp/encap.out && break; sleep 0.1; done
	fi
	# AES-GCM twice: with the AES-NI core (crypto_simd=1, the
	# default) and with the generic template instance (crypto_simd=0).
	# Raw ESP: every algorithm against the stock stack; ESP-in-UDP (the
	# same crypto, another encapsulation): L2S_ALGS (all of them in
	# `make check-full`).
	algs="$L2S_ALGS_ALL aes-gcm-128/generic aes-gcm-256/generic"
	[[ $encap == udp && ${L2S_FULL:-0} != 1 ]] && algs=$L2S_ALGS
	for alg in $algs; do
		simd=1
		[[ $alg == */generic ]] && simd=0
		alg=${alg%/generic}
		echo "# $alg $encap crypto_simd=$simd"
		echo "$simd" >/sys/module/l2tpsec/parameters/crypto_simd
		l2s_v3_end ns1 10.0.0.1 10.0.0.2 "$alg" "$encap" 0x1001 0x2001 10 20 100 200 192.168.100.1
		stock_xfrm_pair ns2 10.0.0.2 10.0.0.1 "$alg" 0x2001 0x1001 "$encap"
		stock_v3_end ns2 10.0.0.2 10.0.0.1 20 10 200 100 192.168.100.2
		wait_ping ns1 192.168.100.2 3 || fail "$alg/$encap: l2tpsec -> stock"
		wait_ping ns2 192.168.100.1 3 || fail "$alg/$encap: stock -> l2tpsec"
		ip netns exec ns2 ping -c 2 -i 0.2 -s 1322 -M do 192.168.100.1 >/dev/null ||
			fail "$alg/$encap: full-MTU ping from the stock side"
		expect_ge "$alg/$encap l2tpsec rx" "$(l2s_sa_stat ns1 0x2001 in rx_packets)" 6
		expect_eq "$alg/$encap l2tpsec drop_auth" "$(l2s_sa_stat ns1 0x2001 in drop_auth)" 0
		# The stock side really decrypted ours: its inbound state counted.
		n=$(ip -n ns2 -s xfrm state get src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1001 |
			awk '/lifetime current:/ {getline; sub(/\(packets\)/, "", $2); print $2}')
		expect_ge "$alg/$encap stock inbound packets" "${n:-0}" 6
		# The SA really uses the implementation it should: with AES-NI
		# and crypto_simd=1 the SIMD core, otherwise not.
		drv=$(ip netns exec ns1 "$L2S_BIN" --json sa show spi 0x2001 dir in | jq -r '.[0].driver')
		echo "# $alg/$encap driver $drv"
		if [[ $alg == aes-gcm-* ]] && ((simd)) && grep -qw aes /proc/cpuinfo &&
			grep -qw pclmulqdq /proc/cpuinfo; then
			expect_eq "$alg/$encap driver" "$drv" __rfc4106-gcm-aesni
		else
			[[ $drv != __* ]] || fail "$alg/$encap: driver $drv with crypto_simd=$simd"
		fi
		l2s_flush ns1
		stock_flush ns2
	done
	[ -n "$encap_pid" ] && kill "$encap_pid" && wait "$encap_pid" 2>/dev/null || true
	encap_pid=
done
echo 1 >/sys/module/l2tpsec/parameters/crypto_simd

# Same keys, another ICV length on the stock side: HMAC-SHA256 at RFC
# 4868's 128 bits against l2tpsec's 96, HMAC-SHA1 untruncated (160) against
# 96. Neither end may accept a packet of the other. With AES the
# ciphertext l2tpsec computes is not whole blocks (drop_malformed); with
# 3DES's 8-byte blocks the 8 extra bytes are, and the ICV fails
# (drop_auth). The stock side counts integrity failures.
for c in aes-cbc-128-hmac-sha256-96/128 aes-cbc-256-hmac-sha256-96/128 3des-cbc-hmac-sha1/160; do
	alg=${c%/*} bits=${c#*/}
	echo "# $alg against a stock peer with a $bits-bit ICV"
	l2s_v3_end ns1 10.0.0.1 10.0.0.2 "$alg" raw 0x1001 0x2001 10 20 100 200 192.168.100.1
	XFRM_ICV_BITS=$bits stock_xfrm_pair ns2 10.0.0.2 10.0.0.1 "$alg" 0x2001 0x1001 raw
	stock_v3_end ns2 10.0.0.2 10.0.0.1 20 10 200 100 192.168.100.2
	if ip netns exec ns1 ping -c 3 -i 0.3 -W 1 192.168.100.2 >/dev/null 2>&1; then
		fail "$alg/$bits: l2tpsec -> stock got through"
	fi
	if ip netns exec ns2 ping -c 3 -i 0.3 -W 1 192.168.100.1 >/dev/null 2>&1; then
		fail "$alg/$bits: stock -> l2tpsec got through"
	fi
	rx=$(l2s_sa_stat ns1 0x2001 in rx_packets)
	mal=$(l2s_sa_stat ns1 0x2001 in drop_malformed)
	auth=$(l2s_sa_stat ns1 0x2001 in drop_auth)
	tx=$(l2s_sa_stat ns1 0x1001 out tx_packets)
	echo "# $alg/$bits l2tpsec: rx $rx drop_malformed $mal drop_auth $auth tx $tx"
	expect_eq "$alg/$bits l2tpsec rx" "$rx" 0
	expect_ge "$alg/$bits l2tpsec tx" "$tx" 1
	if [[ $alg == 3des-* ]]; then
		expect_ge "$alg/$bits l2tpsec drop_auth" "$auth" 1
	else
		expect_ge "$alg/$bits l2tpsec drop_malformed" "$mal" 1
	fi
	st=$(ip -n ns2 -s xfrm state get src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1001)
	n=$(awk '/lifetime current:/ {getline; sub(/\(packets\)/, "", $2); print $2}' <<<"$st")
	failed=$(awk '/stats:/ { s = 1; next } s && /replay-window/ {
		for (i = 1; i < NF; i++) if ($i == "failed") print $(i + 1); exit }' <<<"$st")
	echo "# $alg/$bits stock inbound: packets $n failed $failed"
	expect_eq "$alg/$bits stock inbound packets" "$n" 0
	expect_ge "$alg/$bits stock integrity failures" "$failed" 1
	l2s_flush ns1
	stock_flush ns2
done

# A TCP stream through the interop pseudowire, both directions.
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 raw 0x1001 0x2001 10 20 100 200 192.168.100.1
stock_xfrm_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2001 0x1001 raw
stock_v3_end ns2 10.0.0.2 10.0.0.1 20 10 200 100 192.168.100.2
wait_ping ns1 192.168.100.2 1
l2s_iperf "iperf3 l2tpsec -> stock" ns1 ns2 192.168.100.2
l2s_iperf "iperf3 stock -> l2tpsec" ns2 ns1 192.168.100.1
echo "interop with xfrm + l2tp_eth: ok"
