#!/bin/bash
# timeout: 300
# Every command of the l2tpsec family needs CAP_NET_ADMIN in the user
# namespace that owns the requester's network namespace
# (GENL_UNS_ADMIN_PERM), reads included: SA/ENCAP/TUNNEL/SESSION GET, their
# dumps and STATS_GET would hand out L2TPv3 cookies, sequence numbers,
# replay state and counters. tests/tools/genl-perm.py sends every command
# number of enum l2tpsec_cmd (and one past L2TPSEC_CMD_MAX), as doit and
# as dump, without attributes. Checks:
#  - the family lists every op with GENL_UNS_ADMIN_PERM (0x10);
#  - root: no request gets EPERM;
#  - uid 65534 without capabilities, in ns1 (a namespace root created)
#    and in the initial namespace: every command that has an op gets
#    EPERM, doit and dump alike (genl checks the op's flags before it
#    starts a dump, even for an op without a dump handler); command numbers
#    without an op (UNSPEC, the event-only ones, past MAX) get EOPNOTSUPP
#    from genl whoever asks; the CLI's show/stats commands fail with
#    "needs CAP_NET_ADMIN" and print nothing on stdout;
#  - uid 65534 in a user namespace of its own but still in ns1
#    (unshare -Ur: CAP_NET_ADMIN only over namespaces that user namespace
#    owns, and ns1 is owned by the initial one): EPERM as above;
#  - uid 65534 in a user namespace and a new network namespace of its own
#    (unshare -Urn): that network namespace is owned by its user
#    namespace, so every command works there, on that namespace's objects
#    only (it sees nothing of ns1 and can add an encap socket of its own).
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"
PERM="$L2S_REPO/tests/tools/genl-perm.py"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
D=$(mktemp -d /tmp/perm.XXXXXX)
chmod 755 "$D"
trap 'l2s_env_down; rm -rf "$D"' EXIT

l2s_env_up
# Something worth reading in ns1: SAs, a tunnel, a session with cookies,
# an encap socket.
l2s_v3_end ns1 10.0.0.1 10.0.0.2 aes-gcm-128 udp 0x1001 0x2001 10 20 100 200 \
	192.168.100.1 cookie 0102030405060708 peer-cookie 1112131415161718
expect_eq "ns1 session cookie as root" \
	"$(l2s ns1 --json session show | jq -r '.[0].cookie')" 0102030405060708

# Mismatches are listed as they come; the test fails at the end (so that
# one run shows every command a caller got through with).
BAD=0
bad() {
	echo "# MISMATCH: $*"
	BAD=$((BAD + 1))
}
# want WHAT VALUE EXPECTED: bad() unless VALUE = EXPECTED
want() { [ "$2" = "$3" ] || bad "$1: expected '$3', got '$2'"; }

# check_all OUT WANT_OP: every "NAME NUM do|dump RESULT" line of OUT;
# commands with an op must get WANT_OP ("EPERM" or "!EPERM"), the others
# EOPNOTSUPP.
check_all() {
	local out=$1 want=$2 name num kind res nreq=0 has_op
	while read -r name num kind res; do
		[ "$name" = op ] && continue
		nreq=$((nreq + 1))
		has_op=$(awk -v n="$num" '$1 == "op" && $2 == n { print "y" }' <<<"$out")
		if [ -z "$has_op" ]; then
			want "$name ($num) $kind, no op" "$res" EOPNOTSUPP
		elif [ "$want" = EPERM ]; then
			want "$name ($num) $kind" "$res" EPERM
		else
			[ "$res" != EPERM ] || bad "$name ($num) $kind: EPERM for a caller that should be allowed"
		fi
	done <<<"$out"
	# UNSPEC .. CMD_MAX and one past it, each as doit and dump
	expect_eq "requests sent" "$nreq" $((2 * (NCMD + 1)))
}

NCMD=$(sed -n '/^enum l2tpsec_cmd {/,/^};/p' "$L2S_REPO/kernel/uapi/l2tpsec.h" |
	grep -c '^	L2TPSEC_CMD_[A-Z_]*,')

echo "# root in ns1"
out=$(ip netns exec ns1 python3 "$PERM")
printf '%s\n' "$out" | sed 's/^/# /'
nops=$(grep -c '^op ' <<<"$out")
# every command but UNSPEC and the four events (SA_EXPIRE, CTRL_RECV,
# PPP_RECV, SA_MAPPING) has an op
expect_eq "ops the family lists" "$nops" $((NCMD - 5))
while read -r _ num _ flags; do
	(((flags & 0x10) != 0)) || bad "op $num flags $flags: no GENL_UNS_ADMIN_PERM"
done < <(grep '^op ' <<<"$out")
check_all "$out" '!EPERM'

echo "# uid 65534, no capabilities, in ns1"
out=$(ip netns exec ns1 "${NOBODY[@]}" python3 "$PERM")
check_all "$out" EPERM
echo "# uid 65534, no capabilities, in the initial namespace"
out=$("${NOBODY[@]}" python3 "$PERM")
check_all "$out" EPERM

echo "# the CLI's reads as uid 65534"
for cmd in "sa show" "sa show spi 0x2001 dir in" "encap show" "tunnel show" \
	"tunnel show id 10" "session show" "session show tunnel 10 id 100" "stats"; do
	for json in "" --json; do
		rc=0
		# shellcheck disable=SC2086 # word splitting of $cmd on purpose
		ip netns exec ns1 "${NOBODY[@]}" "$L2S_BIN" $json $cmd >"$D/out" 2>"$D/err" || rc=$?
		want "l2tpsec $json $cmd as uid 65534: status" "$rc" 1
		want "l2tpsec $json $cmd as uid 65534: stdout" "$(head -c 60 "$D/out" | tr '\n' ' ')" ""
		grep -q "Operation not permitted (needs CAP_NET_ADMIN)" "$D/err" ||
			bad "l2tpsec $json $cmd as uid 65534: stderr '$(cat "$D/err")'"
	done
done

echo "# uid 65534 in a user namespace of its own, network namespace ns1"
out=$(ip netns exec ns1 "${NOBODY[@]}" unshare -Ur python3 "$PERM")
check_all "$out" EPERM

echo "# uid 65534 in a user namespace and a network namespace of its own"
out=$("${NOBODY[@]}" unshare -Urn python3 "$PERM")
check_all "$out" '!EPERM'
# Its own namespace only: empty, and it can configure it.
# shellcheck disable=SC2016 # expanded by the inner shell
res=$("${NOBODY[@]}" unshare -Urn sh -c '
	B=$1
	ip link set lo up
	$B --json sa show; $B --json tunnel show
	$B encap add port 4500 && $B --json encap show
	$B --json stats | jq -c "{rx_packets}"' sh "$L2S_BIN" 2>&1)
expect_eq "own user+network namespace: reads and encap add" "$res" \
	"$(printf '%s\n' '[]' '[]' '[{"port":4500,"users":0}]' '{"rx_packets":0}')"
((BAD == 0)) || fail "$BAD mismatches (listed above)"
# ns1 untouched, and its namespace's encap went with it
expect_eq "ns1 encap show as root" "$(l2s ns1 --json encap show | jq -c .)" '[{"port":4500,"users":1}]'
l2s_flush ns1
ZERO="sa 0 tunnel 0 session 0 encap 0 port 0"
for ((i = 0; i < 100; i++)); do
	[ "$(cat /sys/module/l2tpsec/parameters/objects)" = "$ZERO" ] && break
	sleep 0.1
done
expect_eq "objects at the end" "$(cat /sys/module/l2tpsec/parameters/objects)" "$ZERO"
echo "permissions: ok"
