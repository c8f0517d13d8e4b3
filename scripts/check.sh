#!/bin/bash
# The whole l2tpsec test suite, as `make check` runs it (after building):
#
#   1. unit        make -C tests/unit check      kernel logic, ASan/UBSan
#   2. cli         make -C userspace check       CLI unit tests
#   3. fuzz-smoke  make -C userspace fuzz-smoke  (+ tests/fuzz smoke, if it
#                                                has a Makefile)
#   4. vm          tests/qemu/run-vm.sh -- tests/vm/run-tests.sh
#
#   scripts/check.sh [--host-only | --vm-only]
#
# Every part runs even when an earlier one failed. Output: KTAP, each
# part's own output indented as its subtest, then one closing line
# "N passed, N failed" that adds up the parts' own closing lines (test
# cases); a part that fails without counting a failure (crash, harness
# error, missing Makefile) adds one failure, a part with no closing line
# counts as one test. Exit 1 if anything failed. Logs: out/check/*.log.
#
# Environment: TESTS (glob on VM test names), VM_TIMEOUT (seconds for the
# whole VM run, default 4200), VM_ARGS (extra run-vm.sh options),
# L2S_FULL=1 (`make check-full`: the VM tests' exhaustive matrices, every
# algorithm and every case, passed into the VM; fuzz smoke 20 s per
# harness instead of 10), FUZZ_TIME (seconds per harness of the smoke).
# The whole script is one compound command, read before it runs: editing
# this file while it runs (a long VM run) cannot derail the running copy.
{
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 2
LOGDIR=$REPO/out/check
mkdir -p "$LOGDIR"
MAKE=${MAKE:-make}

host=1 vm=1
case "${1:-}" in
--host-only) vm=0 ;;
--vm-only) host=0 ;;
"") ;;
*) echo "usage: $0 [--host-only|--vm-only]" >&2; exit 2 ;;
esac

# The smoke replays each corpus, then mutates for FUZZ_TIME s: the corpus
# is the regression test, `make fuzz` the long run.
if [[ ${L2S_FULL:-0} == 1 ]]; then
	FUZZ_TIME=${FUZZ_TIME:-20}
else
	FUZZ_TIME=${FUZZ_TIME:-10}
fi

fuzz_smoke() {
	local rc=0
	"$MAKE" --no-print-directory -C userspace fuzz-smoke FUZZ_TIME="$FUZZ_TIME" || rc=$?
	if [[ -f tests/fuzz/Makefile ]]; then
		"$MAKE" --no-print-directory -C tests/fuzz smoke SMOKE_TIME="$FUZZ_TIME" || rc=$?
	fi
	return "$rc"
}

vm_suite() {
	local args=()
	# shellcheck disable=SC2206 # VM_ARGS is a list of options on purpose
	[[ -n "${VM_ARGS:-}" ]] && args=($VM_ARGS)
	[[ ${L2S_FULL:-0} == 1 ]] && args+=(--env L2S_FULL=1)
	tests/qemu/run-vm.sh --timeout "${VM_TIMEOUT:-4200}" "${args[@]}" -- \
		bash tests/vm/run-tests.sh "${TESTS:-*}"
}

PARTS=()
((host)) && PARTS+=("unit:$MAKE --no-print-directory -C tests/unit check"
	"cli:$MAKE --no-print-directory -C userspace check"
	"fuzz-smoke:fuzz_smoke")
((vm)) && PARTS+=("vm:vm_suite")

total_pass=0 total_fail=0 n=0 t0=$SECONDS
echo "KTAP version 1"
echo "1..${#PARTS[@]}"
for p in "${PARTS[@]}"; do
	n=$((n + 1))
	name=${p%%:*}
	cmd=${p#*:}
	log=$LOGDIR/$name.log
	start=$SECONDS
	# shellcheck disable=SC2086 # cmd is a command line
	# The log keeps everything; libFuzzer's progress lines are not shown.
	{ eval $cmd; } </dev/null 2>&1 | tee "$log" |
		grep --line-buffered -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|RELOAD|INITED)' |
		sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	took=$((SECONDS - start))
	# The part's own closing line: the last unindented "N passed, N failed"
	# (optionally after one word and a colon).
	sum=$(sed -n -E 's/^([^[:space:]]+: )?([0-9]+) passed, ([0-9]+) failed.*$/\2 \3/p' "$log" | tail -n 1)
	if [[ -n "$sum" ]]; then
		read -r p_pass p_fail <<<"$sum"
		if ((rc != 0 && p_fail == 0)); then
			echo "# $name: exit status $rc with no failed test counted: one more failure"
			p_fail=1
		fi
	elif ((rc == 0)); then
		p_pass=1 p_fail=0
	else
		echo "# $name: exit status $rc and no \"N passed, N failed\" line: counted as one failure"
		p_pass=0 p_fail=1
	fi
	total_pass=$((total_pass + p_pass))
	total_fail=$((total_fail + p_fail))
	echo "# $name: pass=$p_pass fail=$p_fail exit=$rc time=${took}s log=${log#"$REPO"/}"
	if ((p_fail == 0)); then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
	fi
done
echo "# total time $((SECONDS - t0))s"
echo "$total_pass passed, $total_fail failed"
((total_fail == 0))
exit
}
