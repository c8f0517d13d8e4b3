#!/bin/bash
# Run the guest test suite (inside the VM: tests/qemu/run-vm.sh --
# tests/vm/run-tests.sh [GLOB]). Every tests/vm/t_*.sh is one test: a
# standalone bash script, exit 0 = pass, anything else = fail (there are
# no skips). GLOB filters on test names (t_foo.sh -> "foo"; default '*').
# Output: KTAP (each test's own output indented as its subtest/diagnostic
# lines), then exactly "N passed, N failed". Exit 1 if any test failed.
# A test that exits 0 but leaves a kernel WARNING/BUG/Oops/KASAN/UBSAN...
# report in dmesg fails (run-vm.sh also fails the whole run on it).
#
# On a kernel with kmemleak (the debug kernel, scripts/debug-kernel.sh) a
# test that leaves an unreferenced object fails too: scan after each test,
# print the report, clear.
#
# Environment: TEST_TIMEOUT (seconds per test, default 300; a test may say
# "# timeout: N" in its first 20 lines), TEST_TIMEOUT_SCALE (multiplies
# every test's timeout: the debug kernel is several times slower), TESTS
# (same as GLOB).
# The whole script is one compound command, read before it runs: editing
# this file while it runs (a long VM run) cannot derail the running copy.
{
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GLOB=${1:-${TESTS:-*}}
DEFAULT_TIMEOUT=${TEST_TIMEOUT:-300}
SCALE=${TEST_TIMEOUT_SCALE:-1}
[[ "$SCALE" =~ ^[1-9][0-9]*$ ]] || { echo "run-tests.sh: bad TEST_TIMEOUT_SCALE '$SCALE'" >&2; exit 2; }
KMEMLEAK=/sys/kernel/debug/kmemleak
# Kernel reports that fail a test (same list as tests/qemu/run-vm.sh).
SPLAT='(BUG:|WARNING:|UBSAN:|ODEBUG:|Oops|general protection fault|kernel BUG at|Kernel panic|list_(add|del) corruption|refcount_t:|unreferenced object|INFO: task .* blocked|INFO: trying to register non-static key|Kernel memory leak detector disabled)'

if [[ "${L2TPSEC_VM:-}" != 1 ]]; then
	echo "run-tests.sh: run inside the VM: tests/qemu/run-vm.sh -- tests/vm/run-tests.sh" >&2
	exit 2
fi

# kmemleak_scan: the leaks kmemleak finds now, on stdout (empty: none).
# Two scans: an object must stay unreferenced over both (and be older than
# kmemleak's 5 s minimum age) to be reported. Then forget them, so each
# report belongs to one test. A kmemleak that disabled itself (out of
# metadata) is a failure, not silence.
kmemleak_scan() {
	[[ -e "$KMEMLEAK" ]] || return 0
	if ! { echo scan >"$KMEMLEAK"; } 2>/dev/null; then
		echo "kmemleak: cannot scan (disabled? see dmesg)"
		return 0
	fi
	sleep 1
	echo scan >"$KMEMLEAK" 2>/dev/null || true
	cat "$KMEMLEAK" 2>/dev/null || true
	echo clear >"$KMEMLEAK" 2>/dev/null || true
}

tests=()
for t in "$HERE"/t_*.sh; do
	[[ -e "$t" ]] || continue
	name=${t##*/t_}
	name=${name%.sh}
	# shellcheck disable=SC2053 # GLOB is a pattern on purpose
	[[ "$name" == $GLOB || "t_$name" == $GLOB || "t_$name.sh" == $GLOB ]] && tests+=("$t")
done

echo "KTAP version 1"
echo "1..${#tests[@]}"
if [[ -e "$KMEMLEAK" ]]; then
	# What boot left behind is not a test's leak.
	boot_leaks=$(kmemleak_scan | grep -c 'unreferenced object' || true)
	echo "# kmemleak: on ($boot_leaks unreferenced objects after boot, cleared)"
fi
pass=0 failed=0 n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=${t##*/t_}
	name=${name%.sh}
	tmo=$(head -n 20 "$t" | sed -n 's/^# timeout: *\([0-9]\+\).*/\1/p' | head -n 1)
	tmo=$((${tmo:-$DEFAULT_TIMEOUT} * SCALE))
	dmesg_before=$(dmesg | wc -l)
	start=$SECONDS
	rc=0
	timeout -k 10 "$tmo" bash "$t" 2>&1 | sed -u 's/^/    /' || rc=${PIPESTATUS[0]}
	took=$((SECONDS - start))
	splat=$(dmesg | tail -n +$((dmesg_before + 1)) | grep -E -m 1 "\] $SPLAT" || true)
	if ((rc == 0)) && [[ -n "$splat" ]]; then
		echo "# $name: kernel report in dmesg: $splat"
		rc=125
	fi
	leaks=$(kmemleak_scan)
	if [[ -n "$leaks" ]]; then
		echo "# $name: kmemleak: $(grep -c 'unreferenced object' <<<"$leaks" || true) unreferenced objects:"
		head -n 200 <<<"$leaks" | sed 's/^/# /'
		((rc == 0)) && rc=125
	fi
	if ((rc == 0)); then
		pass=$((pass + 1))
		echo "ok $n $name # time=${took}s"
	else
		failed=$((failed + 1))
		if ((rc == 124 || rc == 137)); then
			echo "# $name: TIMEOUT after ${tmo}s"
		else
			echo "# $name: exit status $rc"
		fi
		echo "# kernel messages during $name:"
		dmesg | tail -n +$((dmesg_before + 1)) | tail -n 40 | sed 's/^/# /'
		echo "not ok $n $name # time=${took}s"
	fi
	# Leftovers of a failed test must not break the next one.
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
done
echo "$pass passed, $failed failed"
((failed == 0))
exit
}
