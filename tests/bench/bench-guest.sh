#!/bin/bash
# The l2tpsec benchmark, one machine: each arm between two network
# namespaces (ns1 client 10.0.0.1, ns2 server 10.0.0.2) over veth. Runs in
# the test VM (scripts/bench.sh boots it) or directly on a Linux host that
# can load kernel/l2tpsec.ko (--host; root; it deletes and recreates the
# namespaces ns1 and ns2, and loads l2tpsec, wireguard, esp4, l2tp_*).
#
#   tests/bench/bench-guest.sh [--host] [--out DIR] [--scale-only]
#
# --scale-only skips the arms (BENCH_ROUNDS=0): only the memory/scale part.
#
# Rounds are interleaved: round 1 runs every arm once, then round 2 ...,
# so slow drift (other load on the machine) hits all arms alike.
# Per arm and round: iperf3 TCP 1 and 4 streams, both directions (CPU busy
# % from /proc/stat over each run), ping -i 0.01 latency during the
# 1-stream run, iperf3 UDP at each payload size (received packets/s,
# loss %). Then, once: kernel memory per SA and per idle session
# (l2tpsec and stock), and BENCH_SESSIONS l2tpsec sessions created with
# one `l2tpsec -batch` run, timed, then deleted (batch, and tunnel del),
# timed; and BENCH_RA_SESSIONS remote-access sessions (L2TP + PPP from
# tests/tools/l2tpload against l2tpsecd): setup rate and latency, daemon
# and kernel memory per session, teardown.
#
# Results: DIR/results.jsonl (one JSON record per line), DIR/meta.json;
# tests/bench/render.py turns them into a table, JSON and a chart.
#
# Environment knobs:
#   BENCH_ROUNDS (3)  BENCH_SECONDS (6)  BENCH_ARMS (all; space-separated ids)
#   BENCH_UDP_SIZES ("64 512 1400")  BENCH_UDP_RATE (iperf3 -b, default 0 =
#   unlimited)  BENCH_SESSIONS (10000)  BENCH_IDLE_SESSIONS (1000)
#   BENCH_SAS (1000)  BENCH_SCALE (1; 0 skips the memory/scale part)
#   BENCH_SCALE_STEPS ("sa idle bulk ra": which scale steps run; ra: remote
#   access, l2tpsecd + tests/tools/l2tpload, BENCH_RA_SESSIONS (1000)
#   sessions, BENCH_RA_CONCURRENCY (50) in setup at once; BENCH_RA_PERF=1
#   profiles the setup with perf into DIR/ra-perf.txt; BENCH_RA_DAEMON: another
#   l2tpsecd binary, e.g. an instrumented build)
#   BENCH_SESSION_DEL (1; 0 skips the one-by-one delete of the bulk step)
#   BENCH_WG_MTU (1420)  BENCH_CRYPTO (1; 0 skips the tcrypt AES-GCM speed
#   step, about 1 min)
# meta.json records l2tpsec's module parameters as loaded; each arm starts
# with them (arms that change one, like l2s-gcm-natt-inline, are undone).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
L2S_REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=../lib/l2tpsec.sh
. "$L2S_REPO/tests/lib/l2tpsec.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

HOST=0
BENCH_OUT=
while (($#)); do
	case $1 in
	--host) HOST=1; shift ;;
	--out) BENCH_OUT=$2; shift 2 ;;
	--scale-only) BENCH_ROUNDS=0; shift ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-guest: unknown argument $1" >&2; exit 2 ;;
	esac
done
if [[ "${L2TPSEC_VM:-}" != 1 && $HOST != 1 ]]; then
	echo "bench-guest: not in the test VM; pass --host to run on this machine (it recreates netns ns1/ns2)" >&2
	exit 2
fi
((EUID == 0)) || { echo "bench-guest: must run as root" >&2; exit 2; }

BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_SECONDS=${BENCH_SECONDS:-6}
BENCH_UDP_SIZES=${BENCH_UDP_SIZES:-64 512 1400}
BENCH_UDP_RATE=${BENCH_UDP_RATE:-0}
BENCH_SESSIONS=${BENCH_SESSIONS:-10000}
BENCH_IDLE_SESSIONS=${BENCH_IDLE_SESSIONS:-1000}
BENCH_SAS=${BENCH_SAS:-1000}
BENCH_SCALE=${BENCH_SCALE:-1}
((BENCH_IDLE_SESSIONS > BENCH_SESSIONS)) && BENCH_IDLE_SESSIONS=$BENCH_SESSIONS
if [[ -z "${BENCH_ARMS:-}" ]]; then
	BENCH_ARMS=$(for a in "${BENCH_ALL_ARMS[@]}"; do printf '%s ' "${a%%|*}"; done)
fi
for a in $BENCH_ARMS; do
	bench_arm_desc "$a" >/dev/null || { echo "bench-guest: unknown arm $a" >&2; exit 2; }
done
if [[ -z "$BENCH_OUT" ]]; then
	if [[ -n "${VM_RESULTS:-}" ]]; then BENCH_OUT=$VM_RESULTS/bench; else BENCH_OUT=$L2S_REPO/out/bench; fi
fi
mkdir -p "$BENCH_OUT"
: >"$BENCH_OUT/results.jsonl"
BENCH_PIDS_FILE=/tmp/bench-pids.$$

# L2TPSEC_VM or not, the helpers' fail() exits: arms run in subshells.
cleanup() {
	bench_kill_bg
	l2s_env_down
}
trap cleanup EXIT

mode=vm
((HOST)) && mode=host
# Load the modules (l2tpsec.ko of this tree) and note its parameters.
(l2s_env_up >/dev/null) || { echo "bench-guest: cannot set up (modules, namespaces)" >&2; exit 1; }
l2s_env_down
params_json=$(bench_params_json)
arms_json=$(for a in $BENCH_ARMS; do printf '%s\n' "$a"; done | while read -r a; do
	jq -cn --arg id "$a" --arg d "$(bench_arm_desc "$a")" '{id: $id, desc: $d}'
done | jq -cs .)
jq -n --arg mode "$mode" --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" \
	--arg mem "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
	--arg cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
	--argjson rounds "$BENCH_ROUNDS" --argjson seconds "$BENCH_SECONDS" \
	--arg udp_sizes "$BENCH_UDP_SIZES" --arg udp_rate "$BENCH_UDP_RATE" \
	--argjson sessions "$BENCH_SESSIONS" --argjson idle_sessions "$BENCH_IDLE_SESSIONS" \
	--argjson sas "$BENCH_SAS" --arg date "$(date -u +%FT%TZ)" \
	--arg iperf "$(iperf3 --version | head -1)" --argjson arms "$arms_json" \
	--argjson params "$params_json" \
	'{mode: $mode, kernel: $kernel, cpus: $cpus, mem_kb: ($mem | tonumber), cpu: $cpu,
	  rounds: $rounds, seconds: $seconds, udp_sizes: ($udp_sizes | split(" ") | map(select(. != "") | tonumber)),
	  udp_rate: $udp_rate, sessions: $sessions, idle_sessions: $idle_sessions, sas: $sas,
	  date: $date, iperf: $iperf, arms: $arms, l2tpsec_params: $params}' >"$BENCH_OUT/meta.json"

echo "# l2tpsec bench ($mode, $(uname -r), $(nproc) CPUs): rounds=$BENCH_ROUNDS seconds=$BENCH_SECONDS"
echo "# arms: $BENCH_ARMS"
start=$(date +%s)
if ((${BENCH_CRYPTO:-1})) && ((BENCH_ROUNDS > 0)); then
	bench_crypto_speed
fi
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	for arm in $BENCH_ARMS; do
		echo "# round $r/$BENCH_ROUNDS arm $arm ($(bench_arm_desc "$arm")), t+$(($(date +%s) - start))s"
		(
			set -e
			l2s_env_up >/dev/null
			"arm_$arm"
			set +e
			bench_wait_path || { echo "#   $arm: no path to $BENCH_DST" >&2; exit 1; }
			if ((r == 1)) && [[ $arm == l2s-* ]]; then bench_sa_drivers "$arm"; fi
			bench_measure "$r" "$arm"
		)
		rc=$?
		((rc == 0)) || { echo "#   $arm round $r: setup/measure failed ($rc)"; bench_rec "$r" "$arm" failed 1; }
		bench_kill_bg
		l2s_env_down
		bench_params_restore "$params_json"
	done
done

if ((BENCH_SCALE)); then
	(set -e; bench_scale) || echo "# scale part failed ($?)"
	bench_kill_bg
	l2s_env_down
fi
echo "# done in $(($(date +%s) - start)) s: $BENCH_OUT/results.jsonl"
