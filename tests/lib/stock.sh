#!/bin/bash
# shellcheck shell=bash
# The stock Linux reference stack: ESP transport-mode SAs with `ip xfrm`,
# L2TPv3 Ethernet pseudowires with `ip l2tp`. Source after netns.sh.
#
# Algorithm names are l2tpsec's (Documentation/cli.md), so one side can be
# the stock stack and the other l2tpsec with the same SPIs and keys:
#   aes-gcm-128 aes-gcm-256 chacha20-poly1305 aes-cbc-128-hmac-sha1
#   aes-cbc-256-hmac-sha1 aes-cbc-128-hmac-sha256 aes-cbc-256-hmac-sha256
#   3des-cbc-hmac-sha1 aes-cbc-128-hmac-sha256-96 aes-cbc-256-hmac-sha256-96
# Keys are hex strings; AEAD keys are key+salt, as l2tpsec takes them.
#
# Typical use (ns1 <-> ns2 from setup_two_ns):
#   stock_xfrm_sa_pair ns1 10.0.0.1 ns2 10.0.0.2 aes-gcm-128 [espinudp]
#   stock_l2tpv3_eth_pair ns1 10.0.0.1 ns2 10.0.0.2
#   ping_ok ns1 192.168.100.2
#   stock_xfrm_packets ns2 10.0.0.1 10.0.0.2 "$STOCK_SPI_12"   # rx count

# Defaults of the pair helpers (ns A = first namespace, B = second).
STOCK_SPI_12=${STOCK_SPI_12:-0x1001}	# A -> B
STOCK_SPI_21=${STOCK_SPI_21:-0x1002}	# B -> A
STOCK_L2TP_PORT=${STOCK_L2TP_PORT:-1701}
STOCK_NATT_PORT=${STOCK_NATT_PORT:-4500}
# Policy selector of the protected traffic (L2TP over UDP).
STOCK_XFRM_SEL=${STOCK_XFRM_SEL:-proto udp}
# L2TPv3 pair: tunnel/session ids of side A (B mirrors them).
STOCK_TID_A=1 STOCK_TID_B=2 STOCK_SID_A=10 STOCK_SID_B=20
STOCK_PW_IF=${STOCK_PW_IF:-l2tpeth0}
STOCK_PW_IP_A=192.168.100.1
STOCK_PW_IP_B=192.168.100.2

# stock_alg_keylen ALG -> "ENC_BYTES AUTH_BYTES"
stock_alg_keylen() {
	case "$1" in
	aes-gcm-128) echo "20 0" ;;
	aes-gcm-256 | chacha20-poly1305) echo "36 0" ;;
	aes-cbc-128-hmac-sha1) echo "16 20" ;;
	aes-cbc-256-hmac-sha1) echo "32 20" ;;
	aes-cbc-128-hmac-sha256 | aes-cbc-128-hmac-sha256-96) echo "16 32" ;;
	aes-cbc-256-hmac-sha256 | aes-cbc-256-hmac-sha256-96) echo "32 32" ;;
	3des-cbc-hmac-sha1) echo "24 20" ;;
	*) fail "unknown algorithm $1" ;;
	esac
}

# stock_alg_args ALG KEY [AUTH_KEY] -> the `ip xfrm state` algorithm words
stock_alg_args() {
	local alg=$1 key=0x${2#0x} auth=0x${3#0x}
	case "$alg" in
	aes-gcm-128 | aes-gcm-256) echo "aead rfc4106(gcm(aes)) $key 128" ;;
	chacha20-poly1305) echo "aead rfc7539esp(chacha20,poly1305) $key 128" ;;
	aes-cbc-*-hmac-sha1) echo "enc cbc(aes) $key auth-trunc hmac(sha1) $auth 96" ;;
	3des-cbc-hmac-sha1) echo "enc cbc(des3_ede) $key auth-trunc hmac(sha1) $auth 96" ;;
	aes-cbc-*-hmac-sha256-96) echo "enc cbc(aes) $key auth-trunc hmac(sha256) $auth 96" ;;
	aes-cbc-*-hmac-sha256) echo "enc cbc(aes) $key auth-trunc hmac(sha256) $auth 128" ;;
	*) fail "unknown algorithm $alg" ;;
	esac
}

# stock_xfrm_sa NS SRC DST SPI ALG KEY AUTH_KEY|"" [espinudp [SPORT DPORT]]
# One transport-mode ESP SA (reqid = SPI). With espinudp the packets are
# UDP-encapsulated (RFC 3948) from SPORT to DPORT (default 4500 4500).
stock_xfrm_sa() {
	local ns=$1 src=$2 dst=$3 spi=$4 alg=$5 key=$6 auth=$7 encap=${8:-}
	local -a algargs encapargs=()
	read -r -a algargs <<<"$(stock_alg_args "$alg" "$key" "$auth")"
	if [[ "$encap" == espinudp ]]; then
		encapargs=(encap espinudp "${9:-$STOCK_NATT_PORT}" "${10:-$STOCK_NATT_PORT}" 0.0.0.0)
	elif [[ -n "$encap" ]]; then
		fail "stock_xfrm_sa: unknown encapsulation $encap"
	fi
	ip -n "$ns" xfrm state add src "$src" dst "$dst" proto esp spi "$spi" \
		reqid $((spi)) mode transport replay-window 32 \
		"${algargs[@]}" "${encapargs[@]}" ||
		fail "ip xfrm state add in $ns: $src -> $dst spi $spi $alg $encap"
}

# stock_xfrm_policy NS SRC DST DIR REQID: transport-mode policy for the
# STOCK_XFRM_SEL traffic from SRC to DST, DIR in|out.
stock_xfrm_policy() {
	local ns=$1 src=$2 dst=$3 dir=$4 reqid=$5
	local -a sel
	read -r -a sel <<<"$STOCK_XFRM_SEL"
	ip -n "$ns" xfrm policy add src "$src/32" dst "$dst/32" "${sel[@]}" \
		dir "$dir" tmpl src "$src" dst "$dst" proto esp reqid $((reqid)) \
		mode transport ||
		fail "ip xfrm policy add in $ns: $src -> $dst dir $dir"
}

# stock_xfrm_side NS LOCAL PEER SPI_OUT SPI_IN ALG KEY_OUT KEY_IN
#                 AUTH_OUT AUTH_IN [espinudp]
# Everything one side needs: outbound + inbound SA, out + in policy.
stock_xfrm_side() {
	local ns=$1 local=$2 peer=$3 spi_out=$4 spi_in=$5 alg=$6
	local key_out=$7 key_in=$8 auth_out=$9 auth_in=${10} encap=${11:-}
	stock_xfrm_sa "$ns" "$local" "$peer" "$spi_out" "$alg" "$key_out" "$auth_out" ${encap:+"$encap"}
	stock_xfrm_sa "$ns" "$peer" "$local" "$spi_in" "$alg" "$key_in" "$auth_in" ${encap:+"$encap"}
	stock_xfrm_policy "$ns" "$local" "$peer" out "$spi_out"
	stock_xfrm_policy "$ns" "$peer" "$local" in "$spi_in"
}

# stock_xfrm_sa_pair NS_A IP_A NS_B IP_B ALG [espinudp]
# Both sides, SPIs STOCK_SPI_12 (A->B) / STOCK_SPI_21 (B->A). Sets
# STOCK_KEY_12 STOCK_KEY_21 STOCK_AUTH_12 STOCK_AUTH_21 (hex, no 0x) for
# whoever wants to configure the same SAs elsewhere. With espinudp, also
# starts the UDP_ENCAP_ESPINUDP receive sockets in both namespaces.
stock_xfrm_sa_pair() {
	local nsa=$1 ipa=$2 nsb=$3 ipb=$4 alg=$5 encap=${6:-} lens
	lens=$(stock_alg_keylen "$alg")
	STOCK_KEY_12=$(hexkey "${lens% *}" 12)
	STOCK_KEY_21=$(hexkey "${lens% *}" 21)
	STOCK_AUTH_12=$(hexkey "${lens#* }" 112)
	STOCK_AUTH_21=$(hexkey "${lens#* }" 121)
	stock_xfrm_side "$nsa" "$ipa" "$ipb" "$STOCK_SPI_12" "$STOCK_SPI_21" "$alg" \
		"$STOCK_KEY_12" "$STOCK_KEY_21" "$STOCK_AUTH_12" "$STOCK_AUTH_21" "$encap"
	stock_xfrm_side "$nsb" "$ipb" "$ipa" "$STOCK_SPI_21" "$STOCK_SPI_12" "$alg" \
		"$STOCK_KEY_21" "$STOCK_KEY_12" "$STOCK_AUTH_21" "$STOCK_AUTH_12" "$encap"
	if [[ "$encap" == espinudp ]]; then
		stock_espinudp_listen "$nsa" "$STOCK_NATT_PORT"
		stock_espinudp_listen "$nsb" "$STOCK_NATT_PORT"
	fi
}

# stock_xfrm_flush NS...: remove all SAs and policies.
stock_xfrm_flush() {
	local ns
	for ns in "$@"; do
		ip -n "$ns" xfrm policy flush
		ip -n "$ns" xfrm state flush
	done
}

# stock_espinudp_listen NS PORT: hold a UDP_ENCAP_ESPINUDP socket on PORT
# in NS (tests/tools/encap-sock) until the test exits.
stock_espinudp_listen() {
	local ns=$1 port=$2 log
	require_tool "$ENCAP_SOCK"
	log=$SCRATCH/encap-sock-$ns-$port.log
	ip netns exec "$ns" "$ENCAP_SOCK" "$port" >"$log" 2>&1 &
	__BG_PIDS+=("$!")
	wait_for 10 grep -qx ready "$log" ||
		fail "encap-sock $port in $ns did not get ready: $(cat "$log")"
}

# stock_xfrm_counter NS SRC DST SPI bytes|packets: the SA's lifetime
# counter (`ip -s xfrm state get`).
stock_xfrm_counter() {
	local ns=$1 src=$2 dst=$3 spi=$4 what=$5 out
	out=$(ip -n "$ns" -s xfrm state get src "$src" dst "$dst" proto esp spi "$spi") ||
		fail "no SA $src -> $dst spi $spi in $ns"
	awk -v what="$what" '
		/lifetime current:/ { cur = 1; next }
		cur && /\(bytes\)/ {
			gsub(/[(),a-z]/, " ")
			split($0, f, " ")
			print (what == "bytes") ? f[1] : f[2]
			exit
		}' <<<"$out"
}
stock_xfrm_packets() { stock_xfrm_counter "$1" "$2" "$3" "$4" packets; }

# stock_xfrm_errors NS SRC DST SPI: "replay N failed N" integrity/replay
# error counters of the SA (`stats:` line of ip -s xfrm state).
stock_xfrm_errors() {
	local ns=$1 src=$2 dst=$3 spi=$4
	ip -n "$ns" -s xfrm state get src "$src" dst "$dst" proto esp spi "$spi" |
		awk '/stats:/ { s = 1; next } s && /replay-window/ {
			for (i = 1; i < NF; i++) if ($i == "replay" || $i == "failed") printf "%s %s ", $i, $(i+1)
			print ""; exit }'
}

# stock_l2tpv3_eth NS LOCAL PEER TID PEER_TID SID PEER_SID IFNAME [ADDR/LEN]
#                  [extra `ip l2tp add session` args...]
# L2TPv3-over-UDP tunnel (ports STOCK_L2TP_PORT both ways) with one
# Ethernet pseudowire session. iproute2/kernel defaults worth knowing:
# l2spec_type default (4-byte default L2-specific sublayer, S bit 0 when
# sequencing is off), no cookies, no sequence numbers, MTU derived from
# the underlay (1500 - 20 IP - 8 UDP - 8 L2TPv3 hdr - 4 sublayer - 14 Eth).
stock_l2tpv3_eth() {
	local ns=$1 local=$2 peer=$3 tid=$4 ptid=$5 sid=$6 psid=$7 ifname=$8 addr=${9:-}
	shift 9 || shift $#
	ip -n "$ns" l2tp add tunnel tunnel_id "$tid" peer_tunnel_id "$ptid" \
		encap udp local "$local" remote "$peer" \
		udp_sport "$STOCK_L2TP_PORT" udp_dport "$STOCK_L2TP_PORT" ||
		fail "ip l2tp add tunnel $tid in $ns"
	ip -n "$ns" l2tp add session tunnel_id "$tid" session_id "$sid" \
		peer_session_id "$psid" name "$ifname" "$@" ||
		fail "ip l2tp add session $sid in $ns"
	ip -n "$ns" link set "$ifname" up
	[[ -z "$addr" ]] || ip -n "$ns" addr add "$addr" dev "$ifname"
}

# stock_l2tpv3_eth_pair NS_A IP_A NS_B IP_B [extra session args...]
# Pseudowire STOCK_PW_IF between the namespaces, STOCK_PW_IP_A/_B /24.
stock_l2tpv3_eth_pair() {
	local nsa=$1 ipa=$2 nsb=$3 ipb=$4
	shift 4
	stock_l2tpv3_eth "$nsa" "$ipa" "$ipb" "$STOCK_TID_A" "$STOCK_TID_B" \
		"$STOCK_SID_A" "$STOCK_SID_B" "$STOCK_PW_IF" "$STOCK_PW_IP_A/24" "$@"
	stock_l2tpv3_eth "$nsb" "$ipb" "$ipa" "$STOCK_TID_B" "$STOCK_TID_A" \
		"$STOCK_SID_B" "$STOCK_SID_A" "$STOCK_PW_IF" "$STOCK_PW_IP_B/24" "$@"
}

# stock_l2tp_flush NS...: delete every stock L2TP tunnel (and its sessions).
stock_l2tp_flush() {
	local ns tid
	for ns in "$@"; do
		for tid in $(ip -n "$ns" l2tp show tunnel | awk '/^Tunnel/ { sub(",", "", $2); print $2 }'); do
			ip -n "$ns" l2tp del tunnel tunnel_id "$tid"
		done
	done
}
