#!/bin/bash
# Bad input gets one clear line on stderr and a non-zero exit.
set -euo pipefail
. "$(dirname "$0")/../lib/l2tpsec.sh"

# expect_err WANT_REGEX CMD...: fails unless CMD exits non-zero with a
# single stderr line matching WANT_REGEX.
expect_err() {
	local want=$1 out rc=0
	shift
	out=$("$@" 2>&1 >/dev/null) || rc=$?
	[ "$rc" -ne 0 ] || fail "'$*' exited 0"
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "'$*' printed more than one line: $out"
	printf '%s\n' "$out" | grep -Eqi -- "$want" || fail "'$*': expected /$want/, got: $out"
	echo "ok: $out"
}

rmmod l2tpsec 2>/dev/null || true
expect_err "module not loaded" "$L2S_BIN" sa show
l2s_env_up
trap l2s_env_down EXIT

K20=$(hexbytes 20 1)
expect_err "must be 20 bytes" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key "$(hexbytes 16 1)"
expect_err "unknown algorithm" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg des-cbc key "$K20"
expect_err "hex" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key zz
expect_err "address" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.300 peer 10.0.0.2 alg aes-gcm-128 key "$K20"
expect_err "spi" l2s ns1 sa add dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key "$K20"
expect_err "auth" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-cbc-128-hmac-sha1 key "$(hexbytes 16 1)"
l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key "$K20"
expect_err "exists" l2s ns1 sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key "$K20"
expect_err "no outbound SA|names no" l2s ns1 tunnel add id 1 peer-id 2 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x9999
l2s ns1 tunnel add id 1 peer-id 2 version 3 local 10.0.0.1 peer 10.0.0.2 sa-out 0x1001
expect_err "exists" l2s ns1 tunnel add id 1 peer-id 2 version 3 local 10.0.0.1 peer 10.0.0.2
l2s ns1 session add tunnel 1 id 5 peer-id 6 >/dev/null
expect_err "exists" l2s ns1 session add tunnel 1 id 5 peer-id 6
expect_err "no tunnel" l2s ns1 session add tunnel 99 id 7 peer-id 8
expect_err "cookie" l2s ns1 session add tunnel 1 id 9 peer-id 9 cookie 0x010203
expect_err "65535|16 bits|range" l2s ns1 tunnel add id 70000 peer-id 2 version 2 local 10.0.0.1 peer 10.0.0.2
expect_err "unknown|usage" l2s ns1 sa frobnicate
expect_err "no such SA|not found|names no" l2s ns1 sa del spi 0x7777 dir in
echo "CLI errors: ok"
