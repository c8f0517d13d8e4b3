# shellcheck shell=bash
# Helpers for VM tests that configure l2tpsec: keys for every algorithm,
# SA pairs, L2TPv3/L2TPv2 tunnels, and the same SAs for the stock xfrm
# stack (interop). Source after tests/lib/netns.sh.

L2S_REPO=${L2S_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
L2S_BIN=${L2S_BIN:-$L2S_REPO/userspace/l2tpsec}
# The module under test (make check-debug: one built against the debug kernel).
L2TPSEC_KO=${L2TPSEC_KO:-$L2S_REPO/kernel/l2tpsec.ko}

# Every algorithm the module offers; `make check-full` (L2S_FULL=1) runs
# the algorithm matrices over all of them. `make check` runs one of each
# construction: AES-GCM, ChaCha20-Poly1305, AES-CBC with HMAC-SHA1 (what
# Windows and Apple propose) and with HMAC-SHA256 truncated to 96 bits
# (the pre-RFC 4868 length Linux and Windows used).
L2S_ALGS_ALL="aes-gcm-128 aes-gcm-256 chacha20-poly1305 aes-cbc-128-hmac-sha1 aes-cbc-256-hmac-sha1 aes-cbc-128-hmac-sha256 aes-cbc-256-hmac-sha256 3des-cbc-hmac-sha1 aes-cbc-128-hmac-sha256-96 aes-cbc-256-hmac-sha256-96"
if [[ ${L2S_FULL:-0} == 1 ]]; then
	L2S_ALGS=$L2S_ALGS_ALL
else
	L2S_ALGS="aes-gcm-128 chacha20-poly1305 aes-cbc-128-hmac-sha1 aes-cbc-256-hmac-sha256-96"
fi

# l2s NS ARGS...: run the CLI in a namespace.
l2s() {
	local ns=$1
	shift
	ip netns exec "$ns" "$L2S_BIN" "$@"
}

# hexbytes N SEED: N bytes of deterministic key material as hex.
hexbytes() {
	local n=$1 seed=$2 i out=""
	for ((i = 0; i < n; i++)); do
		out+=$(printf '%02x' $(((seed * 37 + i * 11 + 5) % 256)))
	done
	echo "$out"
}

# alg_keylens ALG: prints "ENC_LEN AUTH_LEN".
alg_keylens() {
	case $1 in
	aes-gcm-128) echo "20 0" ;;
	aes-gcm-256 | chacha20-poly1305) echo "36 0" ;;
	aes-cbc-128-hmac-sha1) echo "16 20" ;;
	aes-cbc-256-hmac-sha1) echo "32 20" ;;
	aes-cbc-128-hmac-sha256 | aes-cbc-128-hmac-sha256-96) echo "16 32" ;;
	aes-cbc-256-hmac-sha256 | aes-cbc-256-hmac-sha256-96) echo "32 32" ;;
	3des-cbc-hmac-sha1) echo "24 20" ;;
	*) echo "unknown algorithm $1" >&2; return 1 ;;
	esac
}

# l2s_keyargs ALG SEED: the CLI's "key ... [auth-key ...]" arguments.
l2s_keyargs() {
	local enc auth
	read -r enc auth < <(alg_keylens "$1")
	if ((auth)); then
		echo "key $(hexbytes "$enc" "$2") auth-key $(hexbytes "$auth" $(($2 + 100)))"
	else
		echo "key $(hexbytes "$enc" "$2")"
	fi
}

# xfrm_algargs ALG SEED: the same keys as "ip xfrm state" arguments.
# XFRM_ICV_BITS, when set, replaces the ICV length of a CBC+HMAC
# algorithm (a peer that disagrees on the truncation).
xfrm_algargs() {
	local enc auth k a
	read -r enc auth < <(alg_keylens "$1")
	k=0x$(hexbytes "$enc" "$2")
	a=0x$(hexbytes "$auth" $(($2 + 100)))
	case $1 in
	aes-gcm-*) echo "aead rfc4106(gcm(aes)) $k 128" ;;
	chacha20-poly1305) echo "aead rfc7539esp(chacha20,poly1305) $k 128" ;;
	3des-cbc-hmac-sha1) echo "enc cbc(des3_ede) $k auth-trunc hmac(sha1) $a ${XFRM_ICV_BITS:-96}" ;;
	*-sha1) echo "enc cbc(aes) $k auth-trunc hmac(sha1) $a ${XFRM_ICV_BITS:-96}" ;;
	*-sha256-96) echo "enc cbc(aes) $k auth-trunc hmac(sha256) $a ${XFRM_ICV_BITS:-96}" ;;
	*-sha256) echo "enc cbc(aes) $k auth-trunc hmac(sha256) $a ${XFRM_ICV_BITS:-128}" ;;
	esac
}

# l2s_sa_pair NS LOCAL PEER ALG SPI_OUT SPI_IN ENCAP [EXTRA...]
# Outbound SA keyed with seed SPI_OUT, inbound with seed SPI_IN, so two
# mirrored calls on both ends agree. ENCAP is "raw" or "udp".
l2s_sa_pair() {
	local ns=$1 local=$2 peer=$3 alg=$4 out=$5 in=$6 encap=$7
	shift 7
	local e=()
	[ "$encap" = udp ] && e=(encap udp sport 4500 dport 4500)
	# shellcheck disable=SC2046
	l2s "$ns" sa add spi "$out" dir out local "$local" peer "$peer" alg "$alg" \
		$(l2s_keyargs "$alg" $((out % 97))) "${e[@]}" "$@"
	# shellcheck disable=SC2046
	l2s "$ns" sa add spi "$in" dir in local "$local" peer "$peer" alg "$alg" \
		$(l2s_keyargs "$alg" $((in % 97))) "${e[@]}" "$@"
}

# l2s_v3_end NS LOCAL PEER ALG ENCAP SPI_OUT SPI_IN TID PTID SID PSID PWADDR [SESSION EXTRA...]
# One end of an L2TPv3 Ethernet pseudowire over ESP, interface l2tpeth0
# with PWADDR/24, MTU 1350 (both ends agree, also with the stock stack).
l2s_v3_end() {
	local ns=$1 local=$2 peer=$3 alg=$4 encap=$5 out=$6 in=$7
	local tid=$8 ptid=$9 sid=${10} psid=${11} pwaddr=${12}
	shift 12
	l2s_sa_pair "$ns" "$local" "$peer" "$alg" "$out" "$in" "$encap"
	l2s "$ns" tunnel add id "$tid" peer-id "$ptid" version 3 local "$local" peer "$peer" sa-out "$out"
	l2s "$ns" session add tunnel "$tid" id "$sid" peer-id "$psid" name l2tpeth0 mtu 1350 "$@" >/dev/null
	# No IPv6 autoconfiguration chatter (MLD, RS): tests count packets.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.l2tpeth0.disable_ipv6=1
	ip -n "$ns" addr add "$pwaddr/24" dev l2tpeth0
	ip -n "$ns" link set l2tpeth0 up
}

# l2s_v3_pair ALG ENCAP: ns1 (10.0.0.1) <-> ns2 (10.0.0.2), both l2tpsec,
# pseudowire 192.168.100.1 <-> 192.168.100.2.
l2s_v3_pair() {
	l2s_v3_end ns1 10.0.0.1 10.0.0.2 "$1" "$2" 0x1001 0x2001 10 20 100 200 192.168.100.1 "${@:3}"
	l2s_v3_end ns2 10.0.0.2 10.0.0.1 "$1" "$2" 0x2001 0x1001 20 10 200 100 192.168.100.2 "${@:3}"
}

# l2s_pw_static_neigh: permanent ARP entries on both ends of the
# ns1/ns2 pseudowire, so no ARP probes cross it while a test counts packets.
l2s_pw_static_neigh() {
	ip -n ns1 neigh replace 192.168.100.2 lladdr \
		"$(ip -n ns2 -j link show l2tpeth0 | jq -r '.[0].address')" dev l2tpeth0 nud permanent
	ip -n ns2 neigh replace 192.168.100.1 lladdr \
		"$(ip -n ns1 -j link show l2tpeth0 | jq -r '.[0].address')" dev l2tpeth0 nud permanent
}

# l2s_iperf WHAT CLIENT_NS SERVER_NS SERVER_ADDR [SECONDS] [IPERF ARGS...]:
# one iperf3 run (TCP unless ARGS say otherwise) from CLIENT_NS to a
# one-shot server in SERVER_NS; prints "# WHAT: N Mbit/s" and fails the
# test unless the transfer completed at >= 1 Mbit/s ($L2S_MIN_BPS bits/s:
# make check-debug lowers it, the debug kernel is ~4-10x slower).
l2s_iperf() {
	local what=$1 cns=$2 sns=$3 addr=$4 secs=${5:-2} i bps
	shift $(($# < 5 ? $# : 5))
	ip netns exec "$sns" iperf3 -s -1 -D -B "$addr" -p 5201
	for ((i = 0; i < 50; i++)); do
		ip netns exec "$sns" ss -Htln 'sport = :5201' | grep -q . && break
		sleep 0.1
	done
	ip netns exec "$cns" iperf3 -c "$addr" -p 5201 -t "$secs" -J "$@" >/tmp/iperf.json ||
		fail "$what: iperf3 failed: $(jq -r '.error // empty' /tmp/iperf.json 2>/dev/null)"
	bps=$(jq -r '.end.sum_received.bits_per_second // .end.sum.bits_per_second | floor' /tmp/iperf.json)
	echo "# $what: $((bps / 1000000)) Mbit/s"
	expect_ge "$what bits/s" "$bps" "${L2S_MIN_BPS:-1000000}"
}

# l2s_capture NS IFACE FILE COUNT TIMEOUT [FILTER...]: tcpdump COUNT
# packets into FILE in the background (pid in L2S_CAPTURE_PID); returns
# once tcpdump is capturing, so no packet sent afterwards is missed.
l2s_capture() {
	local ns=$1 ifc=$2 file=$3 count=$4 tmo=$5 i
	shift 5
	rm -f "$file" "$file.err"
	ip netns exec "$ns" timeout "$tmo" tcpdump -n -U -i "$ifc" -c "$count" \
		-w "$file" "$@" 2>"$file.err" &
	L2S_CAPTURE_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" "$file.err" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "tcpdump did not start capturing on $ns/$ifc: $(cat "$file.err")"
}

# l2s_flush NS: delete every tunnel, SA and encap socket of l2tpsec in NS.
l2s_flush() {
	local ns=$1 id spi dir port
	for id in $(l2s "$ns" --json tunnel show | jq -r '.[].id'); do
		l2s "$ns" tunnel del id "$id"
	done
	l2s "$ns" --json sa show | jq -r '.[] | "\(.spi) \(.dir)"' | while read -r spi dir; do
		l2s "$ns" sa del spi "$spi" dir "$dir"
	done
	for port in $(l2s "$ns" --json encap show | jq -r '.[].port'); do
		l2s "$ns" encap del port "$port"
	done
}

# l2s_sa_stat NS SPI DIR FIELD: one counter of an SA.
l2s_sa_stat() {
	l2s "$1" --json sa show | jq -r --argjson spi "$(($2))" --arg dir "$3" \
		".[] | select(.spi == \$spi and .dir == \$dir) | .stats.$4"
}

# l2s_tunnel_stat NS ID FIELD / l2s_session_stat NS TID SID FIELD / l2s_ns_stat NS FIELD
l2s_tunnel_stat() {
	l2s "$1" --json tunnel show | jq -r --argjson id "$2" ".[] | select(.id == \$id) | .stats.$3"
}

l2s_session_stat() {
	l2s "$1" --json session show |
		jq -r --argjson t "$2" --argjson s "$3" ".[] | select(.tunnel == \$t and .id == \$s) | .stats.$4"
}

l2s_ns_stat() {
	l2s "$1" --json stats | jq -r ".$2"
}

# stock_xfrm_pair NS LOCAL PEER ALG SPI_OUT SPI_IN ENCAP [EXTRA...]
# The stock stack's equivalent of l2s_sa_pair: transport-mode states and
# policies for UDP between the two addresses, keyed the same way.
stock_xfrm_pair() {
	local ns=$1 local=$2 peer=$3 alg=$4 out=$5 in=$6 encap=$7
	shift 7
	local e=()
	[ "$encap" = udp ] && e=(encap espinudp 4500 4500 0.0.0.0)
	# shellcheck disable=SC2046
	ip -n "$ns" xfrm state add src "$local" dst "$peer" proto esp spi "$out" mode transport \
		$(xfrm_algargs "$alg" $((out % 97))) "${e[@]}" "$@"
	# shellcheck disable=SC2046
	ip -n "$ns" xfrm state add src "$peer" dst "$local" proto esp spi "$in" mode transport \
		$(xfrm_algargs "$alg" $((in % 97))) "${e[@]}" "$@"
	ip -n "$ns" xfrm policy add src "$local" dst "$peer" proto udp dir out \
		tmpl src "$local" dst "$peer" proto esp mode transport
	ip -n "$ns" xfrm policy add src "$peer" dst "$local" proto udp dir in \
		tmpl src "$peer" dst "$local" proto esp mode transport
}

# stock_v3_end NS LOCAL PEER TID PTID SID PSID PWADDR [SESSION EXTRA...]
stock_v3_end() {
	local ns=$1 local=$2 peer=$3 tid=$4 ptid=$5 sid=$6 psid=$7 pwaddr=$8
	shift 8
	ip -n "$ns" l2tp add tunnel tunnel_id "$tid" peer_tunnel_id "$ptid" encap udp \
		local "$local" remote "$peer" udp_sport 1701 udp_dport 1701
	ip -n "$ns" l2tp add session name l2tpeth0 tunnel_id "$tid" session_id "$sid" \
		peer_session_id "$psid" "$@"
	ip -n "$ns" link set l2tpeth0 mtu 1350
	ip -n "$ns" addr add "$pwaddr/24" dev l2tpeth0
	ip -n "$ns" link set l2tpeth0 up
}

# stock_flush NS: remove the stock l2tp and xfrm configuration.
stock_flush() {
	local ns=$1 tid
	for tid in $(ip -n "$ns" l2tp show tunnel 2>/dev/null | awk '/^Tunnel/ {sub(",", "", $2); print $2}'); do
		ip -n "$ns" l2tp del tunnel tunnel_id "$tid"
	done
	ip -n "$ns" xfrm policy flush
	ip -n "$ns" xfrm state flush
}

# wait_ping NS ADDR [COUNT]: ping until it answers (ARP, first packets),
# at most ~5 s, then COUNT more that must all be answered.
wait_ping() {
	local ns=$1 addr=$2 count=${3:-3} i
	for ((i = 0; i < 25; i++)); do
		ip netns exec "$ns" ping -c 1 -W 1 "$addr" >/dev/null 2>&1 && break
		sleep 0.2
	done
	ip netns exec "$ns" ping -c "$count" -i 0.2 -W 2 "$addr" >/dev/null
}

# fail MSG: print and exit non-zero.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_ge WHAT VALUE MIN
expect_ge() {
	[ "$2" != null ] && [ -n "$2" ] && [ "$2" -ge "$3" ] || fail "$1: expected >= $3, got '$2'"
}

# expect_eq WHAT VALUE WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"
}

# l2s_env_up: load the stock modules the tests use and l2tpsec.ko, and
# create ns1 (10.0.0.1) and ns2 (10.0.0.2) joined by veth.
l2s_env_up() {
	local m
	for m in aesni_intel ghash_clmulni_intel chacha20_x86_64 poly1305_x86_64 \
		gcm chacha20poly1305 authenc authencesn cbc sha1_generic sha256_generic sha1_ssse3 sha256_ssse3 \
		des_generic des3_ede_x86_64 \
		esp4 xfrm_user l2tp_core l2tp_netlink l2tp_eth l2tp_ppp veth udp_tunnel; do
		modprobe "$m" 2>/dev/null || true
	done
	if ! grep -q '^l2tpsec ' /proc/modules; then
		insmod "$L2TPSEC_KO" || fail "insmod $L2TPSEC_KO"
	fi
	l2s_env_down
	ip netns add ns1
	ip netns add ns2
	ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
	ip -n ns1 addr add 10.0.0.1/24 dev veth1
	ip -n ns2 addr add 10.0.0.2/24 dev veth2
	ip -n ns1 link set veth1 up
	ip -n ns2 link set veth2 up
	ip -n ns1 link set lo up
	ip -n ns2 link set lo up
}

# l2s_env_down: delete the test namespaces (and everything in them).
l2s_env_down() {
	ip netns del ns1 2>/dev/null || true
	ip netns del ns2 2>/dev/null || true
}

# l2s_trap_bg: on exit, kill the background jobs whose PIDs the test
# appends to the array pids, then l2s_env_down.
l2s_trap_bg() {
	pids=()
	trap 'kill "${pids[@]}" 2>/dev/null || true; l2s_env_down' EXIT
}
