#!/bin/bash
# timeout: 300
# Generic netlink fuzzing of the l2tpsec family (tests/tools/nlfuzz.c:
# valid requests from a model of the API, mutations of them, random
# attributes, dumps read to the end or stopped midway, for every command
# number), three times:
#  1. root in a fresh network namespace (nlf), with a dummy interface
#     holding the local address the generator uses (10.77.0.1/24);
#  2. uid 65534 in a user namespace and a network namespace of its own
#     (setpriv ... unshare -Urn): CAP_NET_ADMIN over that namespace only,
#     so the same requests reach the same code;
#  3. uid 65534 without capabilities in the initial namespace
#     (nlfuzz -U): every request for a command with an op must get EPERM
#     (no op: EOPNOTSUPP; genl header cut short: EINVAL), nothing may
#     succeed; nlfuzz counts and asserts it.
# Each run ends with everything deleted and
# /sys/module/l2tpsec/parameters/objects back to its value at the start
# (nlfuzz polls up to 10 s; checked again here after the namespaces are
# gone). A kernel WARNING/BUG/Oops... during the test fails it
# (tests/vm/run-tests.sh; the guest panics on an oops; the test also greps
# dmesg itself, for direct runs). Rejections without an extended-ack
# message are listed ("NOEXTACK ...") but do not fail the test.
#
# Environment: NLFUZZ_COUNT (iterations per run, default 12000: the
# whole test took 87 s under TCG), NLFUZZ_SEED (default 1; the
# runs use SEED, SEED+1, SEED+2), NLFUZZ_SECONDS (if set: each run stops
# after that many seconds even if it has not done NLFUZZ_COUNT).
#
# Long mode (10^6 iterations per run; about an hour under TCG, far past the
# 300 s of run-tests.sh, so run the test directly; run-vm.sh fails the
# run on any kernel report as well):
#   flock /tmp/l2tpsec-vm.lock tests/qemu/run-vm.sh --timeout 30000 \
#     --log out/nlfuzz-long.log --env NLFUZZ_COUNT=1000000 -- \
#     bash tests/vm/t_nlfuzz.sh
# (add --env NLFUZZ_SECONDS=S to bound each of the three runs).
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
OBJ=/sys/module/l2tpsec/parameters/objects
NLFUZZ=$L2S_REPO/tests/tools/nlfuzz
COUNT=${NLFUZZ_COUNT:-12000}
SEED=${NLFUZZ_SEED:-1}
LIMIT=()
[ -z "${NLFUZZ_SECONDS:-}" ] || LIMIT=(-t "$NLFUZZ_SECONDS")
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
SPLAT='(BUG:|WARNING:|UBSAN:|Oops|general protection fault|kernel BUG at|Kernel panic|list_(add|del) corruption|refcount_t:|unreferenced object|INFO: task .* blocked)'
D=$(mktemp -d /tmp/nlfuzz.XXXXXX)
chmod 755 "$D"
cleanup() {
	ip netns del nlf 2>/dev/null || true
	rm -rf "$D"
	l2s_env_down
}
trap cleanup EXIT

[ -x "$NLFUZZ" ] || fail "$NLFUZZ missing (make -C tests/tools)"
l2s_env_up
l2s_env_down	# only the modules: nlfuzz makes its own namespaces
modprobe dummy 2>/dev/null || true
dmesg_before=$(dmesg | wc -l)
base=$(cat $OBJ)
echo "# objects at the start: $base; $COUNT iterations per run, seed $SEED"

# run NAME CMD...: one nlfuzz run; its output indented, the last lines
# kept for the checks.
run() {
	local name=$1 rc=0 t0=$SECONDS
	shift
	echo "# --- $name"
	"$@" >"$D/$name.out" 2>&1 || rc=$?
	sed 's/^/# /' "$D/$name.out"
	echo "# $name: exit $rc, $((SECONDS - t0)) s"
	return "$rc"
}

setup_ns='ip link set lo up
ip link add nlf0 type dummy
ip addr add 10.77.0.1/24 dev nlf0
ip link set nlf0 up'

ip netns add nlf
ip netns exec nlf sh -c "$setup_ns"
run privileged ip netns exec nlf "$NLFUZZ" -s "$SEED" -n "$COUNT" "${LIMIT[@]}" ||
	fail "nlfuzz as root in a network namespace"
ip netns del nlf

# shellcheck disable=SC2016 # expanded by the inner shell
run userns "${NOBODY[@]}" unshare -Urn sh -c "$setup_ns"'
exec "$0" -s "$@"' "$NLFUZZ" $((SEED + 1)) -n "$COUNT" "${LIMIT[@]}" ||
	fail "nlfuzz as uid 65534 in its own user and network namespace"

run unprivileged "${NOBODY[@]}" "$NLFUZZ" -U -s $((SEED + 2)) -n "$COUNT" "${LIMIT[@]}" ||
	fail "nlfuzz as uid 65534 without capabilities"
grep -q '^nlfuzz: unprivileged: [1-9][0-9]* refused as expected, 0 not$' "$D/unprivileged.out" ||
	fail "unprivileged: not every request refused"

for name in privileged userns; do
	grep -q '^nlfuzz: PASS' "$D/$name.out" || fail "$name: no PASS line"
	# the model must have reached the objects, not only the parser
	ok=$(awk '$1 == "SA_NEW" && $2 == "sent" { print $5 }' "$D/$name.out")
	expect_ge "$name: SA_NEW that succeeded" "${ok:-0}" 1
	ok=$(awk '$1 == "SESSION_NEW" && $2 == "sent" { print $5 }' "$D/$name.out")
	expect_ge "$name: SESSION_NEW that succeeded" "${ok:-0}" 1
done

for ((i = 0; i < 100; i++)); do
	[ "$(cat $OBJ)" = "$base" ] && break
	sleep 0.1
done
expect_eq "objects at the end" "$(cat $OBJ)" "$base"
splat=$(dmesg | tail -n +$((dmesg_before + 1)) | grep -E -m 1 "\] $SPLAT" || true)
[ -z "$splat" ] || fail "kernel report: $splat"
echo "# rejections without an extack message (findings, not failures):"
cat "$D"/*.out | grep '^  NOEXTACK' | awk '{ print $2, $3 }' | sort | uniq -c | sed 's/^/#  /'
echo "nlfuzz: no splat, objects back to '$base', unprivileged all refused"
