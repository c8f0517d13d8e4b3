# shellcheck shell=bash
# Benchmark helpers (tests/bench/bench-guest.sh): one setup function per
# arm, measurement primitives, result records. Source after
# tests/lib/l2tpsec.sh (which provides l2s_env_up, l2s_v3_pair,
# stock_xfrm_pair, stock_v3_end...).
#
# Every arm leaves a path between ns1 (client) and ns2 (server) and sets
# BENCH_DST (server address as ns1 sees it) and BENCH_SRC (client address
# as ns2 sees it). Each arm starts from fresh namespaces (l2s_env_up).

BENCH_PIDS_FILE=${BENCH_PIDS_FILE:-/tmp/bench-pids}

# All arms, in table order. ID|description
BENCH_ALL_ARMS=(
	"veth|plain veth"
	"stock-l2tp|stock L2TPv3 eth/UDP, no crypto"
	"stock-xfrm-raw|stock L2TPv3 + xfrm ESP GCM-128, raw ESP"
	"stock-xfrm-natt|stock L2TPv3 + xfrm ESP GCM-128, NAT-T"
	"wireguard|kernel WireGuard"
	"l2s-gcm-raw|l2tpsec L2TPv3 + ESP GCM-128, raw ESP"
	"l2s-gcm-natt|l2tpsec L2TPv3 + ESP GCM-128, NAT-T"
	"l2s-gcm-natt-inline|l2tpsec L2TPv3 + ESP GCM-128, NAT-T, parallel_crypto off (one CPU per packet path)"
	"l2s-v2ppp-gcm-natt|l2tpsec L2TPv2/PPP + ESP GCM-128, NAT-T"
	"l2s-cbc-sha1-natt|l2tpsec L2TPv3 + ESP AES-CBC-128/HMAC-SHA1, NAT-T"
	"l2s-chacha-natt|l2tpsec L2TPv3 + ESP ChaCha20-Poly1305, NAT-T"
)

bench_arm_desc() {
	local a
	for a in "${BENCH_ALL_ARMS[@]}"; do
		[[ "${a%%|*}" == "$1" ]] && { echo "${a#*|}"; return 0; }
	done
	return 1
}

# bench_bg CMD...: start CMD in the background, remember its pid.
bench_bg() {
	"$@" &
	echo $! >>"$BENCH_PIDS_FILE"
}

# bench_kill_bg: stop what bench_bg started (by pid).
bench_kill_bg() {
	local p
	[[ -f "$BENCH_PIDS_FILE" ]] || return 0
	while read -r p; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done <"$BENCH_PIDS_FILE"
	rm -f "$BENCH_PIDS_FILE"
}

# bench_encap_sock NS: a UDP_ENCAP_ESPINUDP socket on 4500 (stock NAT-T
# receive side, the role charon plays).
bench_encap_sock() {
	local ns=$1 log=/tmp/bench-encap-$1.log i
	: >"$log"
	bench_bg ip netns exec "$ns" "$L2S_REPO/tests/tools/encap-sock" 4500 >"$log" 2>&1
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$log" && return 0
		sleep 0.1
	done
	fail "encap-sock in $ns did not get ready: $(cat "$log")"
}

# ------------------------------------------------------------------ arms --
arm_veth() {
	BENCH_DST=10.0.0.2 BENCH_SRC=10.0.0.1
}

arm_stock-l2tp() {
	stock_v3_end ns1 10.0.0.1 10.0.0.2 10 20 100 200 192.168.100.1
	stock_v3_end ns2 10.0.0.2 10.0.0.1 20 10 200 100 192.168.100.2
	BENCH_DST=192.168.100.2 BENCH_SRC=192.168.100.1
}

bench_stock_xfrm() {
	local encap=$1
	if [[ "$encap" == udp ]]; then
		bench_encap_sock ns1
		bench_encap_sock ns2
	fi
	stock_xfrm_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1001 0x2001 "$encap"
	stock_xfrm_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2001 0x1001 "$encap"
	arm_stock-l2tp
}
arm_stock-xfrm-raw() { bench_stock_xfrm raw; }
arm_stock-xfrm-natt() { bench_stock_xfrm udp; }

arm_wireguard() {
	local k1 k2 p1 p2
	modprobe wireguard || fail "modprobe wireguard"
	k1=$(wg genkey) k2=$(wg genkey)
	p1=$(wg pubkey <<<"$k1") p2=$(wg pubkey <<<"$k2")
	ip -n ns1 link add wg0 type wireguard
	ip -n ns2 link add wg0 type wireguard
	ip netns exec ns1 wg set wg0 listen-port 51820 private-key <(echo "$k1") \
		peer "$p2" endpoint 10.0.0.2:51820 allowed-ips 192.168.200.2/32
	ip netns exec ns2 wg set wg0 listen-port 51820 private-key <(echo "$k2") \
		peer "$p1" endpoint 10.0.0.1:51820 allowed-ips 192.168.200.1/32
	ip -n ns1 link set wg0 mtu "${BENCH_WG_MTU:-1420}"
	ip -n ns2 link set wg0 mtu "${BENCH_WG_MTU:-1420}"
	ip -n ns1 addr add 192.168.200.1/24 dev wg0
	ip -n ns2 addr add 192.168.200.2/24 dev wg0
	ip -n ns1 link set wg0 up
	ip -n ns2 link set wg0 up
	BENCH_DST=192.168.200.2 BENCH_SRC=192.168.200.1
}

bench_l2s_v3() {
	l2s_v3_pair "$1" "$2"
	BENCH_DST=192.168.100.2 BENCH_SRC=192.168.100.1
}
arm_l2s-gcm-raw() { bench_l2s_v3 aes-gcm-128 raw; }
arm_l2s-gcm-natt() { bench_l2s_v3 aes-gcm-128 udp; }
# The same with each SA's crypto inline on the CPU the packet is on: what
# spreading one SA over the CPUs (kernel/crypt.c) brings on this machine.
# bench-guest.sh restores the module parameters after each arm.
arm_l2s-gcm-natt-inline() {
	echo 0 >/sys/module/l2tpsec/parameters/parallel_crypto || fail "parallel_crypto 0"
	bench_l2s_v3 aes-gcm-128 udp
}
arm_l2s-cbc-sha1-natt() { bench_l2s_v3 aes-cbc-128-hmac-sha1 udp; }
arm_l2s-chacha-natt() { bench_l2s_v3 chacha20-poly1305 udp; }

# As tests/vm/t_pair_v2_ppp.sh, without sequence numbers (under load veth
# reorders, and L2TP sequencing drops late packets by design).
arm_l2s-v2ppp-gcm-natt() {
	l2s_sa_pair ns1 10.0.0.1 10.0.0.2 aes-gcm-128 0x1001 0x2001 udp
	l2s_sa_pair ns2 10.0.0.2 10.0.0.1 aes-gcm-128 0x2001 0x1001 udp
	l2s ns1 tunnel add id 1 peer-id 2 version 2 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001 esp-required
	l2s ns2 tunnel add id 2 peer-id 1 version 2 local 10.0.0.2 peer 10.0.0.1 sa-out 0x2001 esp-required
	l2s ns1 session add tunnel 1 id 11 peer-id 22 name ppp-a >/dev/null
	l2s ns2 session add tunnel 2 id 22 peer-id 11 name ppp-b >/dev/null
	ip -n ns1 link set ppp-a up
	ip -n ns2 link set ppp-b up
	ip -n ns1 addr add 10.9.0.1 peer 10.9.0.2 dev ppp-a
	ip -n ns2 addr add 10.9.0.2 peer 10.9.0.1 dev ppp-b
	BENCH_DST=10.9.0.2 BENCH_SRC=10.9.0.1
}

# ------------------------------------------------------------ recording --
# bench_rec ROUND ARM METRIC VALUE: one JSON line in $BENCH_OUT/results.jsonl
bench_rec() {
	printf '{"round":%s,"arm":"%s","metric":"%s","value":%s}\n' \
		"$1" "$2" "$3" "${4:-null}" >>"$BENCH_OUT/results.jsonl"
	echo "#   $2 r$1 $3 = ${4:-null}"
}

# bench_mem METRIC VALUE [EXTRA_JSON]: a memory/scale record.
bench_mem() {
	printf '{"section":"scale","metric":"%s","value":%s}\n' "$1" "${2:-null}" >>"$BENCH_OUT/results.jsonl"
	echo "#   $1 = ${2:-null}"
}

# bench_info ARM METRIC STRING: a descriptive (non-numeric) record.
bench_info() {
	jq -cn --arg a "$1" --arg m "$2" --arg v "$3" '{section: "info", arm: $a, metric: $m, value: $v}' \
		>>"$BENCH_OUT/results.jsonl"
	echo "#   $1 $2 = $3"
}

# bench_sa_drivers ARM: the crypto drivers of ns1's SAs (l2tpsec arms).
bench_sa_drivers() {
	local d
	d=$(l2s ns1 --json sa show 2>/dev/null | jq -r '[.[].driver // empty] | unique | join(", ")')
	[[ -n "$d" ]] && bench_info "$1" sa_driver "$d"
	return 0
}

# bench_params_json: l2tpsec's settable module parameters (mode u+w) as
# a JSON object.
bench_params_json() {
	local f
	for f in /sys/module/l2tpsec/parameters/*; do
		[[ -e "$f" ]] && (((8#$(stat -c %a "$f") & 8#200) != 0)) &&
			jq -cn --arg k "${f##*/}" --arg v "$(cat "$f")" '{($k): $v}'
	done | jq -cs 'add // {}'
}

# bench_params_restore JSON: write the writable parameters back.
bench_params_restore() {
	local k v
	while read -r k v; do
		echo "$v" >"/sys/module/l2tpsec/parameters/$k" 2>/dev/null
	done < <(jq -r 'to_entries[] | "\(.key) \(.value)"' <<<"$1")
	return 0
}

# bench_crypto_speed: the kernel's own AES-GCM speed (tcrypt mode 211,
# 1 s per size: rfc4106(gcm(aes)) as ESP uses it, 1420-byte requests,
# encrypt and decrypt, one CPU), the figure the crypto cost per packet is
# estimated from (render.py: the ceiling of a GCM arm on this machine).
# tcrypt reports through the kernel log; its load always "fails".
bench_crypto_speed() {
	local n0 log dir bytes drv
	modprobe -n tcrypt 2>/dev/null || { echo "# no tcrypt module: no crypto speed"; return 0; }
	n0=$(dmesg | wc -l)
	modprobe tcrypt mode=211 sec=1 2>/dev/null
	log=$(dmesg | tail -n +$((n0 + 1)))
	for dir in encryption decryption; do
		read -r drv bytes < <(awk -v dir="$dir" '
			/testing speed of / {
				cur = ""
				if ($0 ~ /testing speed of rfc4106\(gcm\(aes\)\)/ && $0 ~ dir) {
					cur = $0
					sub(/.*\(gcm\(aes\)\) \(/, "", cur)
					sub(/\).*/, "", cur)
				}
			}
			cur != "" && /1420 byte blocks/ && match($0, /\([0-9]+ bytes\)/) {
				print cur, substr($0, RSTART + 1, RLENGTH - 8)
				exit
			}' <<<"$log")
		if [[ -n "$bytes" ]]; then
			printf '{"section":"crypto","metric":"gcm128_%s_1420_Bps","value":%s}\n' \
				"${dir%ion}" "$bytes" >>"$BENCH_OUT/results.jsonl"
			echo "#   crypto rfc4106 $dir 1420 B ($drv): $bytes B/s"
		else
			echo "# tcrypt gave no rfc4106 1420-byte $dir figure"
		fi
	done
	[[ -n "${drv:-}" ]] && bench_info crypto gcm_driver "$drv"
	return 0
}

# ---------------------------------------------------------- measurement --
# cpu_snap: "total idle" jiffies of all CPUs (/proc/stat).
cpu_snap() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $5 + $6; exit }' /proc/stat
}

# cpu_busy "T0 I0" "T1 I1": busy % between two snapshots.
cpu_busy() {
	local t0 i0 t1 i1
	read -r t0 i0 <<<"$1"
	read -r t1 i1 <<<"$2"
	awk -v dt=$((t1 - t0)) -v di=$((i1 - i0)) 'BEGIN { if (dt > 0) printf "%.1f", 100 * (dt - di) / dt; else print "null" }'
}

# bench_iperf_server: a persistent iperf3 server on BENCH_DST in ns2.
bench_iperf_server() {
	local i
	bench_bg ip netns exec ns2 iperf3 -s -B "$BENCH_DST" -p 5201 >/dev/null 2>&1
	for ((i = 0; i < 100; i++)); do
		ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q . && return 0
		sleep 0.1
	done
	fail "iperf3 server did not start"
}

# bench_iperf OUT.json ARGS...: one iperf3 client run from ns1, with a
# hard timeout. Returns non-zero on failure.
bench_iperf() {
	local out=$1
	shift
	timeout -k 5 $((BENCH_SECONDS + 30)) \
		ip netns exec ns1 iperf3 -c "$BENCH_DST" -p 5201 -t "$BENCH_SECONDS" \
		--connect-timeout 5000 -J "$@" >"$out" 2>/dev/null
}

# bench_wait_path: the tunnel answers (ARP, handshakes).
bench_wait_path() {
	local i
	for ((i = 0; i < 50; i++)); do
		ip netns exec ns1 ping -c 1 -W 1 "$BENCH_DST" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# bench_measure ROUND ARM: every measurement of one arm, one round.
bench_measure() {
	local r=$1 arm=$2 j=/tmp/bench-iperf.json s0 s1 p streams dir args sz v
	local -a rargs
	bench_iperf_server
	for streams in 1 4; do
		for dir in fwd rev; do
			rargs=()
			[[ $dir == rev ]] && rargs=(-R)
			p=
			if [[ $streams == 1 && $dir == fwd ]]; then
				# Latency under load: ping through the same path.
				ip netns exec ns1 ping -i 0.01 -W 1 -w "$BENCH_SECONDS" "$BENCH_DST" \
					>/tmp/bench-ping.txt 2>&1 &
				p=$!
			fi
			s0=$(cpu_snap)
			if bench_iperf "$j" -P "$streams" "${rargs[@]}"; then
				s1=$(cpu_snap)
				v=$(jq -r '.end.sum_received.bits_per_second // empty | . / 1e6 | . * 100 | round / 100' "$j")
				bench_rec "$r" "$arm" "tcp${streams}_${dir}_mbps" "$v"
				bench_rec "$r" "$arm" "tcp${streams}_${dir}_cpu" "$(cpu_busy "$s0" "$s1")"
				bench_rec "$r" "$arm" "tcp${streams}_${dir}_retr" \
					"$(jq -r '.end.sum_sent.retransmits // "null"' "$j")"
			else
				bench_rec "$r" "$arm" "tcp${streams}_${dir}_mbps" null
				echo "#   iperf3 failed: $(jq -r '.error // empty' "$j" 2>/dev/null)"
			fi
			if [[ -n "$p" ]]; then
				wait "$p" || true
				read -r p50 p99 n < <(grep -o 'time=[0-9.]*' /tmp/bench-ping.txt | cut -d= -f2 | sort -n |
					awk '{ a[NR] = $1 } END {
						if (NR == 0) { print "null null 0"; exit }
						i50 = int(0.50 * NR + 0.999); i99 = int(0.99 * NR + 0.999)
						if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
						print a[i50], a[i99], NR }')
				bench_rec "$r" "$arm" ping_p50_ms "$p50"
				bench_rec "$r" "$arm" ping_p99_ms "$p99"
				bench_rec "$r" "$arm" ping_samples "$n"
			fi
		done
	done
	for sz in $BENCH_UDP_SIZES; do
		s0=$(cpu_snap)
		if bench_iperf "$j" -u -b "$BENCH_UDP_RATE" -l "$sz"; then
			s1=$(cpu_snap)
			bench_rec "$r" "$arm" "udp${sz}_pps" "$(jq -r '.end.sum_received // .end.sum |
				(.packets - .lost_packets) / .seconds | round' "$j")"
			bench_rec "$r" "$arm" "udp${sz}_loss" "$(jq -r '.end.sum_received // .end.sum |
				.lost_percent * 100 | round / 100' "$j")"
			bench_rec "$r" "$arm" "udp${sz}_cpu" "$(cpu_busy "$s0" "$s1")"
		else
			bench_rec "$r" "$arm" "udp${sz}_pps" null
			echo "#   iperf3 -u failed: $(jq -r '.error // empty' "$j" 2>/dev/null)"
		fi
	done
}

# ---------------------------------------------------------- scale/memory --
# kmem: "slab_kB percpu_kB memavail_kB memfree_kB" after dropping caches.
# kmem_settle: wait (at most 120 s) until Slab+Percpu stop moving: a
# deleted namespace is torn down asynchronously (cleanup_net), and freeing
# the previous step's thousand net_devices under TCG takes many seconds.
kmem_settle() {
	local prev=-1 cur i stable=0
	for ((i = 0; i < 120; i++)); do
		cur=$(awk '/^Slab:/ { s = $2 } /^Percpu:/ { p = $2 } END { print s + p }' /proc/meminfo)
		if ((prev >= 0 && cur - prev < 64 && prev - cur < 64)); then
			((++stable >= 3)) && return 0
		else
			stable=0
		fi
		prev=$cur
		sleep 1
	done
}

kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	kmem_settle
	echo 3 >/proc/sys/vm/drop_caches
	sleep 0.5
	awk '/^Slab:/ { s = $2 } /^Percpu:/ { p = $2 } /^MemAvailable:/ { a = $2 } /^MemFree:/ { f = $2 }
		END { print s, p, a, f }' /proc/meminfo
}

# kmem_per PREFIX "BEFORE" "AFTER" N: records PREFIX_slab_percpu_bytes
# (Slab + Percpu growth per object) and PREFIX_memfree_bytes (MemFree
# drop per object: also counts page allocations outside the slab).
kmem_per() {
	local pre=$1 n=$4 s0 p0 a0 f0 s1 p1 a1 f1
	read -r s0 p0 a0 f0 <<<"$2"
	read -r s1 p1 a1 f1 <<<"$3"
	bench_mem "${pre}_slab_percpu_bytes" "$(awk -v d=$(((s1 + p1) - (s0 + p0))) -v n="$n" 'BEGIN { printf "%.0f", d * 1024 / n }')"
	bench_mem "${pre}_memfree_bytes" "$(awk -v d=$((f0 - f1)) -v n="$n" 'BEGIN { printf "%.0f", d * 1024 / n }')"
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# bench_batch NS FILE WHAT: run an l2tpsec batch file in NS (one process,
# one netlink socket; output discarded).
bench_batch() {
	ip netns exec "$1" "$L2S_BIN" -batch "$2" >/dev/null || fail "l2tpsec -batch: $3"
}

# bench_l2s_tunnel: ns1 with one outbound SA and tunnel 1 (the sessions'
# tunnel).
bench_l2s_tunnel() {
	l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 \
		key 000102030405060708090a0b0c0d0e0f10111213
	l2s ns1 tunnel add id 1 peer-id 1 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001
}

# bench_session_lines VERB FIRST LAST: "session add|del" lines for tunnel 1.
bench_session_lines() {
	local i
	for ((i = $2; i <= $3; i++)); do
		if [[ $1 == add ]]; then
			echo "session add tunnel 1 id $i peer-id $i name s$i"
		else
			echo "session del tunnel 1 id $i"
		fi
	done
}

# bench_scale_sa: memory per SA, l2tpsec (l2tpsec -batch) vs stock
# (ip -batch xfrm state add), BENCH_SAS inbound AES-GCM-128 SAs each.
bench_scale_sa() {
	local nsa=$BENCH_SAS m0 m1 t0 t1 i
	for ((i = 0; i < nsa; i++)); do
		echo "sa add spi $((0x10000 + i)) dir in local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key 000102030405060708090a0b0c0d0e0f10111213"
	done >/tmp/bench-l2s-sa.batch
	l2s_env_up
	m0=$(kmem)
	t0=$(now)
	bench_batch ns1 /tmp/bench-l2s-sa.batch "sa add"
	t1=$(now)
	m1=$(kmem)
	kmem_per l2s_sa "$m0" "$m1" "$nsa"
	bench_mem l2s_sa_create_s "$(elapsed "$t0" "$t1")"
	l2s_env_up
	m0=$(kmem)
	t0=$(now)
	for ((i = 0; i < nsa; i++)); do
		echo "xfrm state add src 10.0.0.2 dst 10.0.0.1 proto esp spi $((0x10000 + i)) mode transport aead 'rfc4106(gcm(aes))' 0x000102030405060708090a0b0c0d0e0f10111213 128"
	done >/tmp/bench-xfrm.batch
	ip -n ns1 -batch /tmp/bench-xfrm.batch || fail "ip xfrm batch"
	t1=$(now)
	m1=$(kmem)
	kmem_per stock_sa "$m0" "$m1" "$nsa"
	bench_mem stock_sa_create_s "$(elapsed "$t0" "$t1")"
}

# bench_scale_idle: memory per idle L2TPv3 eth session (interfaces down,
# one tunnel), BENCH_IDLE_SESSIONS each: stock (ip -batch l2tp add
# session) vs l2tpsec (l2tpsec -batch session add).
bench_scale_idle() {
	local ni=$BENCH_IDLE_SESSIONS m0 m1 t0 t1 i
	l2s_env_up
	ip -n ns1 l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap udp local 10.0.0.1 remote 10.0.0.2 \
		udp_sport 1701 udp_dport 1701
	for ((i = 1; i <= ni; i++)); do
		echo "l2tp add session name s$i tunnel_id 1 session_id $i peer_session_id $i"
	done >/tmp/bench-l2tp.batch
	m0=$(kmem)
	t0=$(now)
	ip -n ns1 -batch /tmp/bench-l2tp.batch || fail "ip l2tp batch"
	t1=$(now)
	m1=$(kmem)
	kmem_per stock_session "$m0" "$m1" "$ni"
	bench_mem stock_session_create_s "$(elapsed "$t0" "$t1")"
	bench_mem stock_session_count "$ni"

	l2s_env_up
	bench_l2s_tunnel
	bench_session_lines add 1 "$ni" >/tmp/bench-l2s-idle.batch
	m0=$(kmem)
	t0=$(now)
	bench_batch ns1 /tmp/bench-l2s-idle.batch "session add (1..$ni)"
	t1=$(now)
	m1=$(kmem)
	kmem_per l2s_session "$m0" "$m1" "$ni"
	bench_mem l2s_session_count "$ni"
	bench_mem l2s_session_create_s "$(elapsed "$t0" "$t1")"
}

# bench_scale_bulk: BENCH_SESSIONS l2tpsec sessions in one tunnel, created
# by one `l2tpsec -batch` run (timed; memory per session), deleted one by
# one by another (timed), created again (timed) and deleted all at once
# by `tunnel del` (timed); then the cost of one CLI exec for reference.
bench_scale_bulk() {
	local n=$BENCH_SESSIONS m0 m1 m2 t0 t1 left
	bench_session_lines add 1 "$n" >/tmp/bench-l2s-add.batch
	bench_session_lines del 1 "$n" >/tmp/bench-l2s-del.batch
	l2s_env_up
	bench_l2s_tunnel
	m0=$(kmem)
	t0=$(now)
	bench_batch ns1 /tmp/bench-l2s-add.batch "session add (1..$n)"
	t1=$(now)
	bench_mem l2s_bulk_session_create_s "$(elapsed "$t0" "$t1")"
	m1=$(kmem)
	kmem_per l2s_bulk_session "$m0" "$m1" "$n"
	bench_mem l2s_bulk_session_count "$n"
	# One CLI exec (exec + netlink round trip), with the sessions present.
	t0=$(now)
	ip netns exec ns1 bash -c 'for ((i = 0; i < 200; i++)); do "$1" tunnel show id 1 >/dev/null; done' _ "$L2S_BIN"
	bench_mem cli_call_ms "$(awk -v e="$(elapsed "$t0" "$(now)")" 'BEGIN { printf "%.2f", e * 1000 / 200 }')"

	if ((${BENCH_SESSION_DEL:-1})); then
		t0=$(now)
		bench_batch ns1 /tmp/bench-l2s-del.batch "session del (1..$n)"
		bench_mem l2s_bulk_session_delete_s "$(elapsed "$t0" "$(now)")"
		left=$(ip -n ns1 -o link show | grep -c ': s[0-9]*[:@]' || true)
		((left == 0)) || fail "$left session interfaces left after the batch delete"
		# What the sessions left behind (should be ~0: no leak).
		m2=$(kmem)
		kmem_per l2s_bulk_session_left "$m0" "$m2" "$n"
		t0=$(now)
		bench_batch ns1 /tmp/bench-l2s-add.batch "session add again (1..$n)"
		bench_mem l2s_bulk_session_create2_s "$(elapsed "$t0" "$(now)")"
	fi
	t0=$(now)
	l2s ns1 tunnel del id 1 || fail "tunnel del"
	bench_mem l2s_bulk_tunnel_delete_s "$(elapsed "$t0" "$(now)")"
	left=$(ip -n ns1 -o link show | grep -c ': s[0-9]*[:@]' || true)
	((left == 0)) || fail "$left session interfaces left after tunnel del"
}

# bench_proc_kb PID FIELD: a /proc/PID/status field (VmRSS, VmData) in kB.
bench_proc_kb() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# bench_proc_cpu PID: user and system CPU seconds of PID so far.
bench_proc_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f %.2f\n", $12 / hz, $13 / hz }' "/proc/$1/stat"
}

# bench_ra_sessions, bench_ra_ifaces, bench_ra_tunnels: the gateway's counts
# in bench_scale_ra (sessions, l2tppppN interfaces, LNS tunnels).
bench_ra_sessions() {
	ip netns exec ns2 "$L2S_BIN" -S /tmp/bench-ra/l2tpsecd.sock show sessions --json | jq length
}
bench_ra_ifaces() { ip -n ns2 -o link show | grep -c l2tpppp || true; }
bench_ra_tunnels() {
	ip netns exec ns2 "$L2S_BIN" tunnel show --json | jq '[.[] | select(.version == 2)] | length'
}

# bench_scale_ra: remote access at scale. l2tpsecd in ns2 (an lns block,
# a conn with lns yes + lns-clear-text yes for ns1's address, a pool of
# exactly BENCH_RA_SESSIONS addresses); tests/tools/l2tpload in ns1 opens
# BENCH_RA_SESSIONS (1000) clear-text L2TP + PPP sessions, at most
# BENCH_RA_CONCURRENCY (50) in setup at once, each pinging the gateway's
# PPP address once. Recorded: sessions up, setup rate and latency
# (l2tpload), l2tpsecd memory per session (VmRSS and VmData growth),
# kernel memory per session (Slab+Percpu, MemFree), the teardown (l2tpload:
# every StopCCN acknowledged; the gateway: no session left) and what is
# left afterwards (sessions, LNS tunnels, interfaces, accounting lines).
bench_scale_ra() {
	local n=${BENCH_RA_SESSIONS:-1000} c=${BENCH_RA_CONCURRENCY:-50} d=/tmp/bench-ra
	local daemon=${BENCH_RA_DAEMON:-$L2S_REPO/userspace/l2tpsecd} load=$L2S_REPO/tests/tools/l2tpload
	local pid lpid m0 m1 r0 r1 v0 v1 t0 t1 i out last u0 s0 u1 s1 perf=
	last=$((n + 1))
	[[ -x "$load" ]] || fail "$load not built (make tools)"
	l2s_env_up
	rm -rf "$d"
	mkdir -p "$d"
	printf 'load\t*\t"bench load password"\t*\n' >"$d/users"
	chmod 600 "$d/users"
	{
		echo "log-level notice"
		echo "log stderr"
		echo "pidfile $d/l2tpsecd.pid"
		echo "control $d/l2tpsecd.sock"
		echo "lns {"
		echo "	users $d/users"
		echo "	pool 10.9.0.1-10.9.$((last / 256)).$((last % 256))"
		echo "	address 10.9.0.1"
		echo "	dns 10.0.0.53 10.0.0.54"
		echo "	max-sessions 65535"
		echo "	max-tunnels-per-peer 65535"
		echo "}"
		echo "conn load {"
		echo "	local 10.0.0.2"
		echo "	remote 10.0.0.1"
		echo "	auth psk"
		echo "	psk \"bench: clear text needs no key\""
		echo "	version 1"
		echo "	lns yes"
		echo "	lns-clear-text yes"
		echo "	start listen"
		echo "}"
	} >"$d/l2tpsecd.conf"
	ip netns exec ns2 "$daemon" -f -c "$d/l2tpsecd.conf" >"$d/l2tpsecd.log" 2>&1 &
	pid=$!
	echo "$pid" >>"$BENCH_PIDS_FILE"
	for ((i = 0; i < 100; i++)); do [[ -S $d/l2tpsecd.sock ]] && break; sleep 0.2; done
	[[ -S $d/l2tpsecd.sock ]] || fail "l2tpsecd did not start: $(cat "$d/l2tpsecd.log")"
	m0=$(kmem)
	r0=$(bench_proc_kb "$pid" VmRSS) v0=$(bench_proc_kb "$pid" VmData)
	read -r u0 s0 < <(bench_proc_cpu "$pid")
	# BENCH_RA_PERF=1: a system-wide profile of the setup (perf, cpu-clock)
	if [[ ${BENCH_RA_PERF:-0} == 1 ]] && command -v perf >/dev/null; then
		perf record -q -e cpu-clock -a -g -o "$d/perf.data" >/dev/null 2>&1 &
		perf=$!
	fi
	t0=$(now)
	ip netns exec ns1 "$load" -s 10.0.0.2 -n "$n" -c "$c" -u load -p "bench load password" \
		-t $((60 + n / 5)) -P 1 -H 3600 --json >"$d/load.json" 2>"$d/load.err" &
	lpid=$!
	echo "$lpid" >>"$BENCH_PIDS_FILE"
	for ((i = 0; i < 60 + n / 5 + 30; i++)); do
		grep -q "setup done" "$d/load.err" && break
		sleep 1
	done
	grep -q "setup done" "$d/load.err" || fail "l2tpload: no end of setup: $(tail -5 "$d/load.err")"
	read -r u1 s1 < <(bench_proc_cpu "$pid")
	bench_mem ra_setup_wall_s "$(elapsed "$t0" "$(now)")"
	bench_mem ra_daemon_user_s "$(awk -v a="$u0" -v b="$u1" 'BEGIN { printf "%.2f", b - a }')"
	bench_mem ra_daemon_sys_s "$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')"
	read -r u1 s1 < <(bench_proc_cpu "$lpid")
	bench_mem ra_load_cpu_s "$(awk -v a="$u1" -v b="$s1" 'BEGIN { printf "%.2f", a + b }')"
	if [[ -n $perf ]]; then
		kill -INT "$perf"
		wait "$perf" 2>/dev/null
		perf report -i "$d/perf.data" --stdio --no-children --sort comm,sym --percent-limit 0.7 \
			-g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60 >"$BENCH_OUT/ra-perf.txt"
		perf report -i "$d/perf.data" --stdio --no-children --sort comm --percent-limit 1 \
			-g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15 >>"$BENCH_OUT/ra-perf.txt"
		sed 's/^/#   perf: /' "$BENCH_OUT/ra-perf.txt" | head -45
		rm -f "$d/perf.data"
	fi
	echo "#   $(grep "setup done" "$d/load.err")"
	sleep 5		# the pings
	r1=$(bench_proc_kb "$pid" VmRSS) v1=$(bench_proc_kb "$pid" VmData)
	m1=$(kmem)
	kmem_per ra_session "$m0" "$m1" "$n"
	bench_mem ra_daemon_rss_bytes "$(awk -v a="$r0" -v b="$r1" -v n="$n" 'BEGIN { printf "%.0f", (b - a) * 1024 / n }')"
	bench_mem ra_daemon_data_bytes "$(awk -v a="$v0" -v b="$v1" -v n="$n" 'BEGIN { printf "%.0f", (b - a) * 1024 / n }')"
	bench_mem ra_daemon_rss_kb "$r1"
	bench_mem ra_gw_sessions "$(bench_ra_sessions)"
	bench_mem ra_gw_ifaces "$(bench_ra_ifaces)"
	t0=$(now)
	kill -USR1 "$lpid"
	wait "$lpid"
	t1=$(now)
	out=$d/load.json
	[[ -s "$out" ]] || fail "l2tpload wrote no result: $(tail -5 "$d/load.err")"
	echo "#   l2tpload: $(cat "$out") (its teardown: $(elapsed "$t0" "$t1") s)"
	grep -v "setup done" "$d/load.err" | head -5 | sed 's/^/#   /'
	bench_mem ra_sessions "$n"
	bench_mem ra_concurrency "$c"
	for i in up failed setup_s setup_rate latency_p50_ms latency_p90_ms latency_max_ms \
		distinct_addresses sessions_pinged_ok teardown_s; do
		bench_mem "ra_$i" "$(jq ".$i" "$out")"
	done
	# the gateway: no interface (polled in the kernel: `show sessions`
	# asks the module for every session's counters, and would slow the
	# daemon it measures), then no session, every call accounted for
	i=$((SECONDS + 300))
	while ((SECONDS < i)); do
		[[ "$(bench_ra_ifaces)" == 0 ]] && break
		sleep 0.5
	done
	bench_mem ra_gw_clear_s "$(elapsed "$t0" "$(now)")"
	bench_mem ra_left_sessions "$(bench_ra_sessions)"
	bench_mem ra_left_ifaces "$(bench_ra_ifaces)"
	bench_mem ra_session_end_lines "$(grep -c "session end: user 'load'" "$d/l2tpsecd.log" || true)"
	# the LNS keeps a closed tunnel a while (to acknowledge a repeated StopCCN)
	i=$((SECONDS + 90))
	while ((SECONDS < i)); do
		[[ "$(bench_ra_tunnels)" == 0 ]] && break
		sleep 1
	done
	bench_mem ra_left_tunnels "$(bench_ra_tunnels)"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# bench_scale: the memory/scale part, steps BENCH_SCALE_STEPS (default
# "sa idle bulk ra").
bench_scale() {
	local step t0
	echo "# scale: ${BENCH_SCALE_STEPS:-sa idle bulk ra}: $BENCH_SAS SAs, $BENCH_IDLE_SESSIONS / $BENCH_SESSIONS sessions, ${BENCH_RA_SESSIONS:-1000} remote-access sessions"
	for step in ${BENCH_SCALE_STEPS:-sa idle bulk ra}; do
		case $step in
		sa) bench_scale_sa ;;
		idle) bench_scale_idle ;;
		bulk) bench_scale_bulk ;;
		ra) bench_scale_ra ;;
		*) fail "unknown scale step '$step' (sa, idle, bulk, ra)" ;;
		esac
	done
	t0=$(now)
	l2s_env_down
	bench_mem teardown_s "$(elapsed "$t0" "$(now)")"
}
