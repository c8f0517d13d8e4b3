// SPDX-License-Identifier: GPL-2.0
/* Value parsers: numbers, SPIs, ports, hex, addresses, keywords. */
#include <arpa/inet.h>

#include "cli_test.h"
#include "alg.h"
#include "args.h"
#include "parse.h"

static void t_u64_raw(void)
{
	uint64_t v = 7;

	CHECK_EQ(parse_u64_raw("0", &v), 0); CHECK_EQ(v, 0);
	CHECK_EQ(parse_u64_raw("4294967296", &v), 0); CHECK_EQ(v, 4294967296ULL);
	CHECK_EQ(parse_u64_raw("0x1001", &v), 0); CHECK_EQ(v, 0x1001);
	CHECK_EQ(parse_u64_raw("0XfF", &v), 0); CHECK_EQ(v, 255);
	CHECK_EQ(parse_u64_raw("18446744073709551615", &v), 0);
	CHECK_EQ(v, UINT64_MAX);
	CHECK_EQ(parse_u64_raw("0xffffffffffffffff", &v), 0);
	CHECK_EQ(v, UINT64_MAX);
	v = 7;
	CHECK_EQ(parse_u64_raw("18446744073709551616", &v), -2);
	CHECK_EQ(parse_u64_raw("0x10000000000000000", &v), -2);
	CHECK_EQ(parse_u64_raw("99999999999999999999999x", &v), -1);
	CHECK_EQ(parse_u64_raw("", &v), -1);
	CHECK_EQ(parse_u64_raw("0x", &v), -1);
	CHECK_EQ(parse_u64_raw("-1", &v), -1);
	CHECK_EQ(parse_u64_raw("+1", &v), -1);
	CHECK_EQ(parse_u64_raw(" 1", &v), -1);
	CHECK_EQ(parse_u64_raw("1 ", &v), -1);
	CHECK_EQ(parse_u64_raw("12a", &v), -1);
	CHECK_EQ(parse_u64_raw("0x1g", &v), -1);
	CHECK_EQ(parse_u64_raw(NULL, &v), -1);
	CHECK_EQ(v, 7);		/* untouched on error */
}

static void t_num_range(void)
{
	struct l2s_err e = { "" };
	uint32_t u = 5;
	uint16_t p = 5;

	CHECK_EQ(parse_u32("id", "65535", 1, 65535, &u, &e), 0);
	CHECK_EQ(u, 65535);
	CHECK_EQ(parse_u32("id", "65536", 1, 65535, &u, &e), -1);
	CHECK_STR(e.msg, "id 65536 out of range (1..65535)");
	CHECK_EQ(u, 65535);
	CHECK_EQ(parse_u32("id", "0", 1, 65535, &u, &e), -1);
	CHECK_EQ(parse_u32("id", "abc", 1, 65535, &u, &e), -1);
	CHECK_STR(e.msg, "invalid id 'abc' (expected a decimal or 0x-hex number)");
	CHECK_EQ(parse_port("port", "0", &p, &e), -1);
	CHECK_EQ(parse_port("port", "65536", &p, &e), -1);
	CHECK_EQ(parse_port("port", "0x1194", &p, &e), 0);
	CHECK_EQ(p, 4500);
}

static void t_spi(void)
{
	struct l2s_err e = { "" };
	uint32_t s = 0;

	CHECK_EQ(parse_spi("spi", "256", &s, &e), 0); CHECK_EQ(s, 256);
	CHECK_EQ(parse_spi("spi", "0xffffffff", &s, &e), 0);
	CHECK_EQ(s, 0xffffffffu);
	CHECK_EQ(parse_spi("spi", "255", &s, &e), -1);
	CHECK_HAS(e.msg, "reserved");
	CHECK_EQ(parse_spi("spi", "0", &s, &e), -1);
	CHECK_EQ(parse_spi("spi", "0x100000000", &s, &e), -1);
	CHECK_HAS(e.msg, "out of range");
}

static void t_hex(void)
{
	struct l2s_err e = { "" };
	uint8_t b[4] = { 0 };
	size_t n = 99;

	CHECK_EQ(parse_hex("key", "0xDEADbeef", b, 4, &n, &e), 0);
	CHECK_EQ(n, 4);
	CHECK(b[0] == 0xde && b[1] == 0xad && b[2] == 0xbe && b[3] == 0xef);
	CHECK_EQ(parse_hex("key", "0102", b, 4, &n, &e), 0);
	CHECK_EQ(n, 2);
	n = 99;
	CHECK_EQ(parse_hex("key", "010", b, 4, &n, &e), -1);
	CHECK_HAS(e.msg, "odd number");
	CHECK_EQ(parse_hex("key", "0102030405", b, 4, &n, &e), -1);
	CHECK_STR(e.msg, "key: too long (5 bytes, at most 4)");
	CHECK_EQ(parse_hex("key", "", b, 4, &n, &e), -1);
	CHECK_EQ(parse_hex("key", "0x", b, 4, &n, &e), -1);
	CHECK_HAS(e.msg, "empty");
	/* never echoes key material */
	CHECK_EQ(parse_hex("key", "00s3cr3t", b, 4, &n, &e), -1);
	CHECK(strstr(e.msg, "s3cr3t") == NULL);
	CHECK_HAS(e.msg, "position 3");
	CHECK_EQ(n, 99);
}

static void t_addr(void)
{
	struct l2s_err e = { "" };
	struct ipaddr a;

	CHECK_EQ(parse_addr("local", "10.0.0.1", &a, &e), 0);
	CHECK_EQ(a.family, AF_INET);
	CHECK_EQ(a.v4.s_addr, htonl(0x0a000001));
	CHECK_EQ(parse_addr("peer", "2001:db8::1", &a, &e), 0);
	CHECK_EQ(a.family, AF_INET6);
	CHECK_EQ(a.v6.s6_addr[15], 1);
	CHECK_EQ(parse_addr("peer", "10.0.0.256", &a, &e), -1);
	CHECK_STR(e.msg, "invalid peer address '10.0.0.256' (expected an IPv4 or IPv6 address)");
	CHECK_EQ(parse_addr("peer", "10.1", &a, &e), -1);
	CHECK_EQ(parse_addr("peer", "", &a, &e), -1);
	CHECK_EQ(parse_addr("peer", "host.example", &a, &e), -1);
}

static void t_choice_ifname(void)
{
	static const char *const names[] = { "none", "send", "recv", "both" };
	struct l2s_err e = { "" };
	char ifn[16];
	bool on = false;
	int i = -1;

	CHECK_EQ(parse_choice("seq", "recv", names, 4, &i, &e), 0);
	CHECK_EQ(i, 2);
	CHECK_EQ(parse_choice("seq", "Recv", names, 4, &i, &e), -1);
	CHECK_STR(e.msg, "invalid seq 'Recv' (expected none, send, recv or both)");
	CHECK_EQ(parse_onoff("esp-required", "on", &on, &e), 0);
	CHECK(on);
	CHECK_EQ(parse_onoff("esp-required", "yes", &on, &e), -1);
	CHECK_EQ(parse_ifname("name", "l2tpeth7", ifn, sizeof(ifn), &e), 0);
	CHECK_STR(ifn, "l2tpeth7");
	CHECK_EQ(parse_ifname("name", "0123456789abcdef", ifn, sizeof(ifn), &e), -1);
	CHECK_EQ(parse_ifname("name", "0123456789abcde", ifn, sizeof(ifn), &e), 0);
	CHECK_EQ(parse_ifname("name", "a/b", ifn, sizeof(ifn), &e), -1);
	CHECK_EQ(parse_ifname("name", "a b", ifn, sizeof(ifn), &e), -1);
	CHECK_EQ(parse_ifname("name", "a:1", ifn, sizeof(ifn), &e), -1);
	CHECK_EQ(parse_ifname("name", "..", ifn, sizeof(ifn), &e), -1);
	CHECK_EQ(parse_ifname("name", "", ifn, sizeof(ifn), &e), -1);
}

static void t_args(void)
{
	static const struct kw kws[] = {
		{ "spi", true, true }, { "esn", false, false },
		{ NULL, false, false }, { "dir", true, false },
	};
	char w0[] = "spi", w1[] = "0x100", w2[] = "esn", w3[] = "spi";
	char *argv[] = { w0, w1, w2, w3 };
	struct l2s_err e = { "" };
	struct args a;
	uint64_t seen = 0;
	char *val;

	args_init(&a, "sa add", 4, argv);
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), 0);
	CHECK_STR(val, "0x100");
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), 1);
	CHECK(val == NULL);
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), -2);
	CHECK_STR(e.msg, "sa add: spi given twice");

	args_init(&a, "sa add", 1, argv);
	seen = 0;
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), -2);
	CHECK_STR(e.msg, "sa add: spi needs a value");

	args_init(&a, "sa add", 2, argv + 2);
	seen = 0;
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), 1);
	CHECK_EQ(args_next(&a, kws, 4, &seen, &val, &e), -2);	/* "spi" no value */
	seen = BIT(1);
	CHECK_EQ(args_check_required(&a, kws, 4, seen, &e), -1);
	CHECK_STR(e.msg, "sa add: missing spi");
}

static void t_shorten(void)
{
	char b[80], big[200];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ(strlen(shorten(big, b, sizeof(b))), 67);
	CHECK_STR(shorten("a\x01" "b", b, sizeof(b)), "a?b");
	CHECK_STR(shorten("abcdef", b, 6), "ab...");
}

static void t_alg(void)
{
	struct l2s_err e = { "" };
	const struct alg_info *a = NULL;

	CHECK_EQ(alg_parse("chacha20-poly1305", &a, &e), 0);
	CHECK_EQ(a->id, L2TPSEC_ALG_CHACHA20_POLY1305);
	CHECK_EQ(alg_enc_len(a), 36);
	CHECK_EQ(alg_parse("aes-gcm", &a, &e), -1);
	CHECK_HAS(e.msg, "unknown algorithm 'aes-gcm' (valid: aes-gcm-128, aes-gcm-256, chacha20-poly1305");
	a = alg_by_name("aes-gcm-128");
	CHECK_EQ(alg_check_keys(a, 20, false, 0, &e), 0);
	CHECK_EQ(alg_check_keys(a, 16, false, 0, &e), -1);
	CHECK_STR(e.msg, "key for aes-gcm-128 must be 20 bytes (16-byte key + 4-byte salt), got 16");
	CHECK_EQ(alg_check_keys(a, 20, true, 20, &e), -1);
	a = alg_by_name("aes-cbc-256-hmac-sha256");
	CHECK_EQ(alg_check_keys(a, 32, true, 32, &e), 0);
	CHECK_EQ(alg_check_keys(a, 32, false, 0, &e), -1);
	CHECK_HAS(e.msg, "needs auth-key");
	CHECK_EQ(alg_check_keys(a, 32, true, 20, &e), -1);
	/* The legacy IKEv1 client transforms: 3DES-CBC and HMAC-SHA256-96 */
	a = alg_by_name("3des-cbc-hmac-sha1");
	CHECK(a != NULL);
	CHECK_EQ(a->id, L2TPSEC_ALG_3DES_CBC_HMAC_SHA1);
	CHECK(!a->aead);
	CHECK_EQ(alg_check_keys(a, 24, true, 20, &e), 0);
	CHECK_EQ(alg_check_keys(a, 16, true, 20, &e), -1);
	CHECK_STR(e.msg, "key for 3des-cbc-hmac-sha1 must be 24 bytes, got 16");
	CHECK_EQ(alg_check_keys(a, 24, true, 32, &e), -1);
	CHECK_STR(e.msg, "auth-key for 3des-cbc-hmac-sha1 must be 20 bytes, got 32");
	a = alg_by_name("aes-cbc-128-hmac-sha256-96");
	CHECK(a != NULL);
	CHECK_EQ(a->id, L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96);
	CHECK_EQ(alg_check_keys(a, 16, true, 32, &e), 0);
	CHECK_EQ(alg_check_keys(a, 16, true, 20, &e), -1);
	a = alg_by_name("aes-cbc-256-hmac-sha256-96");
	CHECK(a != NULL);
	CHECK_EQ(a->id, L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96);
	CHECK_EQ(alg_check_keys(a, 32, true, 32, &e), 0);
	CHECK_EQ(alg_check_keys(a, 16, true, 32, &e), -1);
	CHECK(alg_by_name("aes-cbc-256-hmac-sha256-128") == NULL);
	CHECK(alg_by_id(0) == NULL);
	CHECK(alg_by_id(L2TPSEC_ALG_MAX + 1) == NULL);
	for (size_t i = 0; i < alg_count; i++)
		CHECK(alg_by_id(alg_table[i].id) == &alg_table[i]);
}

const struct test_case parse_tests[] = {
	T(t_u64_raw), T(t_num_range), T(t_spi), T(t_hex), T(t_addr),
	T(t_choice_ifname), T(t_args), T(t_shorten), T(t_alg), T_END
};
