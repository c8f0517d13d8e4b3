#!/bin/bash
# `make bench`: build, boot the test VM (tests/qemu/run-vm.sh, 2 CPUs,
# BENCH_MEM of memory), run tests/bench/bench-guest.sh in it, copy the
# results to out/bench/ and render them (tests/bench/render.py):
# out/bench/results.md, results.json, chart.png. Then the Markdown goes
# into Documentation/performance.md's "Latest results" section when
# BENCH_UPDATE_DOC=1.
#
#   scripts/bench.sh [--host]
#
# --host runs the benchmark on this machine instead of a VM (root; the
# module must load into the running kernel: build with
# `make KDIR=/lib/modules/$(uname -r)/build`).
#
# Knobs (environment, passed to the guest): BENCH_ROUNDS BENCH_SECONDS
# BENCH_ARMS BENCH_UDP_SIZES BENCH_UDP_RATE BENCH_SESSIONS
# BENCH_IDLE_SESSIONS BENCH_SAS BENCH_SCALE BENCH_SCALE_STEPS BENCH_SESSION_DEL
# BENCH_RA_SESSIONS BENCH_RA_CONCURRENCY BENCH_RA_PERF BENCH_WG_MTU BENCH_CRYPTO (see
# tests/bench/bench-guest.sh); BENCH_MEM (VM memory, default 2G),
# BENCH_SMP (default 2), BENCH_TIMEOUT (VM timeout in s, default: estimated
# from the knobs), NO_BUILD=1 (skip `make all`), NO_DEPS=1.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
HOST=0
[[ "${1:-}" == --host ]] && HOST=1

if [[ "${NO_DEPS:-}" != 1 ]]; then
	scripts/install-deps.sh
fi
if [[ "${NO_BUILD:-}" != 1 ]]; then
	if ((HOST)); then
		make --no-print-directory all KDIR="/lib/modules/$(uname -r)/build"
	else
		make --no-print-directory all
	fi
fi

OUTDIR=$REPO/out/bench
mkdir -p "$OUTDIR"
VARS=(BENCH_ROUNDS BENCH_SECONDS BENCH_ARMS BENCH_UDP_SIZES BENCH_UDP_RATE
	BENCH_SESSIONS BENCH_IDLE_SESSIONS BENCH_SAS BENCH_SCALE BENCH_SCALE_STEPS
	BENCH_SESSION_DEL BENCH_RA_SESSIONS BENCH_RA_CONCURRENCY BENCH_RA_PERF BENCH_RA_DAEMON BENCH_WG_MTU BENCH_CRYPTO)

if ((HOST)); then
	((EUID == 0)) || { echo "bench: --host needs root" >&2; exit 1; }
	tests/bench/bench-guest.sh --host --out "$OUTDIR"
else
	# Time budget: per arm and round 7 iperf3 runs plus setup; the scale
	# part grows with the session count (one CLI exec per session).
	rounds=${BENCH_ROUNDS:-3} secs=${BENCH_SECONDS:-6} sess=${BENCH_SESSIONS:-10000}
	narms=$(wc -w <<<"${BENCH_ARMS:-x x x x x x x x x x x}")
	timeout=${BENCH_TIMEOUT:-$((720 + rounds * narms * (7 * secs + 60) + sess / 5 + ${BENCH_RA_SESSIONS:-1000} / 2))}
	envs=()
	for v in "${VARS[@]}"; do
		[[ -n "${!v:-}" ]] && envs+=(--env "$v=${!v}")
	done
	sub=bench-$(date +%Y%m%d-%H%M%S)-$$
	echo "bench: VM run, timeout ${timeout}s, results in out/vm-results/$sub"
	rc=0
	tests/qemu/run-vm.sh --timeout "$timeout" --smp "${BENCH_SMP:-2}" --mem "${BENCH_MEM:-2G}" \
		"${envs[@]}" -- tests/bench/bench-guest.sh --out "out/vm-results/$sub" || rc=$?
	if [[ ! -s "out/vm-results/$sub/results.jsonl" ]]; then
		echo "bench: no results (VM exit $rc)" >&2
		exit 1
	fi
	rm -f "$OUTDIR/results.jsonl" "$OUTDIR/meta.json"
	cp "out/vm-results/$sub/results.jsonl" "out/vm-results/$sub/meta.json" "$OUTDIR/"
	((rc == 0)) || echo "bench: the VM run ended with status $rc; rendering what it measured" >&2
fi

python3 tests/bench/render.py "$OUTDIR"
echo "bench: $OUTDIR/results.md results.json chart.png"

# Copy the tables into Documentation/performance.md, and the run line, the
# throughput tables and the targets into README.md, between their markers.
if [[ "${BENCH_UPDATE_DOC:-0}" == 1 ]]; then
	python3 - "$OUTDIR/results.md" Documentation/performance.md README.md <<'EOF'
import sys
md = open(sys.argv[1]).read()


def put(path, a, b, text):
    doc = open(path).read()
    i, j = doc.index(a) + len(a), doc.index(b)
    open(path, "w").write(doc[:i] + "\n" + text.rstrip("\n") + "\n" + doc[j:])


put(sys.argv[2], "<!-- bench:begin -->", "<!-- bench:end -->", md)
# README: the run, the TCP and UDP tables, the targets and the ceiling
# and parallel-vs-inline lines under them (not the memory tables, the list
# of arms, the crypto drivers and module parameters).
keep = [blk for blk in md.split("\n\n")
        if blk.startswith(("Run:", "TCP throughput", "UDP (", "| arm |",
                           "Issue targets", "| target |", "Ceiling of",
                           "One SA over all CPUs"))]
put(sys.argv[3], "<!-- bench-readme:begin -->", "<!-- bench-readme:end -->",
    "\n\n".join(keep))
EOF
	echo "bench: Documentation/performance.md and README.md updated"
fi
