// SPDX-License-Identifier: GPL-2.0
/*
 * ppp/ppp_mschapv2.c and ppp/ppp_chap_md5.c against published and
 * independently computed vectors:
 *  - RFC 2759 section 9.2 ("Hash Example"), copied from the RFC: user
 *    "User", password "clientPass", the two challenges, and every
 *    intermediate value listed there (Challenge, PasswordHash, NT-Response,
 *    PasswordHashHash, AuthenticatorResponse);
 *  - tests/data/ppp/vectors.txt, written by tests/data/ppp/gen.py with
 *    Python's hashlib from RFC 1994 (CHAP-MD5) and RFC 3079 (MPPE master
 *    and start keys from the RFC 2759 values above).
 * Also: the server's verify (right, each byte wrong, wrong user), UTF-8 to
 * UTF-16 and the 256-unit limit, domain stripping, and that the legacy
 * provider stays out of the process' default library context.
 */
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/provider.h>

#include "test.h"
#include "ppp_chap_md5.h"
#include "ppp_mschapv2.h"

/* RFC 2759 section 9.2. */
static const uint8_t auth_chal[16] = {
	0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
	0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
};
static const uint8_t peer_chal[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
	0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E,
};
static const uint8_t challenge[8] = { 0xD0, 0x2E, 0x43, 0x86, 0xBC, 0xE9, 0x12, 0x26 };
static const uint8_t pw_hash[16] = {
	0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12, 0xB8, 0xD6,
	0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE,
};
static const uint8_t nt_resp[24] = {
	0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E, 0xA0, 0x8F, 0xAA, 0x39,
	0x81, 0xCD, 0x83, 0x54, 0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF,
};
static const uint8_t pw_hash_hash[16] = {
	0x41, 0xC0, 0x0C, 0x58, 0x4B, 0xD2, 0xD9, 0x1C,
	0x40, 0x17, 0xA2, 0xA1, 0x2F, 0xA5, 0x9F, 0x3F,
};
static const char auth_resp[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

/* With PPP_SHOW_VECTORS=1 in the environment, the computed values are printed. */
static void hexline(const char *what, const uint8_t *p, size_t n)
{
	if (!getenv("PPP_SHOW_VECTORS"))
		return;
	printf("# %s ", what);
	for (size_t i = 0; i < n; i++)
		printf("%02X", p[i]);
	printf("\n");
}

static void test_mschapv2_rfc2759(void)
{
	uint8_t ch[8], h[16], hh[16], r[24];
	char s[MSCHAPV2_AUTH_RESP_LEN + 1];

	CHECK_EQ(mschapv2_challenge_hash(peer_chal, auth_chal, "User", 4, ch), 0);
	CHECK_MEM(ch, challenge, 8);
	CHECK_EQ(mschapv2_nt_hash("clientPass", 10, h), 0);
	CHECK_MEM(h, pw_hash, 16);
	CHECK_EQ(mschapv2_challenge_response(challenge, pw_hash, r), 0);
	CHECK_MEM(r, nt_resp, 24);
	memset(r, 0, sizeof(r));
	CHECK_EQ(mschapv2_nt_response(auth_chal, peer_chal, "User", 4, pw_hash, r), 0);
	CHECK_MEM(r, nt_resp, 24);
	CHECK_EQ(mschapv2_nt_hash_hash(pw_hash, hh), 0);
	CHECK_MEM(hh, pw_hash_hash, 16);
	CHECK_EQ(mschapv2_auth_response(pw_hash, nt_resp, peer_chal, auth_chal, "User", 4, s), 0);
	CHECK_STR(s, auth_resp);
	/* The vector check, shown on demand. */
	hexline("RFC 2759 9.2 Challenge", ch, 8);
	hexline("RFC 2759 9.2 PasswordHash", h, 16);
	hexline("RFC 2759 9.2 NT-Response", r, 24);
	hexline("RFC 2759 9.2 PasswordHashHash", hh, 16);
	if (getenv("PPP_SHOW_VECTORS"))
		printf("# RFC 2759 9.2 AuthenticatorResponse %s\n", s);
}

static void test_mschapv2_verify(void)
{
	char s[MSCHAPV2_AUTH_RESP_LEN + 1];
	uint8_t bad[24];

	CHECK_EQ(mschapv2_verify(pw_hash, auth_chal, peer_chal, "User", 4, nt_resp, s), 0);
	CHECK_STR(s, auth_resp);
	for (size_t i = 0; i < sizeof(bad); i++) {
		memcpy(bad, nt_resp, sizeof(bad));
		bad[i] ^= 0x01;
		strcpy(s, "junk");
		CHECK_EQ(mschapv2_verify(pw_hash, auth_chal, peer_chal, "User", 4, bad, s), 1);
		CHECK_STR(s, "");
	}
	CHECK_EQ(mschapv2_verify(pw_hash, auth_chal, peer_chal, "user", 4, nt_resp, s), 1);
	CHECK_EQ(mschapv2_verify(pw_hash, peer_chal, auth_chal, "User", 4, nt_resp, s), 1);
	/* Windows sends DOMAIN\user: the hash is over "User". */
	{
		size_t n;
		const char *u = mschapv2_user_name("CORP\\User", 9, &n);

		CHECK_EQ(n, 4);
		CHECK(!memcmp(u, "User", 4));
		CHECK_EQ(mschapv2_verify(pw_hash, auth_chal, peer_chal, u, n, nt_resp, s), 0);
		u = mschapv2_user_name("User", 4, &n);
		CHECK_EQ(n, 4);
		u = mschapv2_user_name("a\\b\\", 4, &n);
		CHECK_EQ(n, 0);
	}
}

static void test_mschapv2_password(void)
{
	char pw[4 * 300];
	uint8_t h[16], h2[16];

	/* Empty password: MD4 of nothing. */
	CHECK_EQ(mschapv2_nt_hash("", 0, h), 0);
	CHECK_MEM(h, ((const uint8_t[]){ 0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
					   0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0 }), 16);
	/* 256 units fine, 257 too many; a 4-byte UTF-8 character is 2 units. */
	memset(pw, 'a', 257);
	CHECK_EQ(mschapv2_nt_hash(pw, 256, h), 0);
	CHECK_EQ(mschapv2_nt_hash(pw, 257, h), -1);
	for (int i = 0; i < 129; i++)
		memcpy(pw + 4 * i, "\xf0\x9f\x94\x91", 4);	/* U+1F511 */
	CHECK_EQ(mschapv2_nt_hash(pw, 4 * 128, h), 0);
	CHECK_EQ(mschapv2_nt_hash(pw, 4 * 129, h), -1);
	/* "é" in UTF-8 is fine; Latin-1 0xe9 alone is invalid UTF-8. */
	CHECK_EQ(mschapv2_nt_hash("\xc3\xa9", 2, h), 0);
	CHECK_EQ(mschapv2_nt_hash("\xe9", 1, h2), -1);
	/* Invalid UTF-8: overlong, surrogate, past U+10FFFF, cut, stray continuation. */
	CHECK_EQ(mschapv2_nt_hash("\xc0\xaf", 2, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\xe0\x80\xaf", 3, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\xed\xa0\x80", 3, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\xf4\x90\x80\x80", 4, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\xe2\x82", 2, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\x80", 1, h), -1);
	CHECK_EQ(mschapv2_nt_hash("\xf8\x88\x80\x80\x80", 5, h), -1);
	/* The 3-byte and 4-byte forms at their lower bounds are fine. */
	CHECK_EQ(mschapv2_nt_hash("\xe0\xa0\x80", 3, h), 0);
	CHECK_EQ(mschapv2_nt_hash("\xf0\x90\x80\x80", 4, h), 0);
	/* Every prefix of a mixed password, in a heap buffer of exact size: cut characters fail. */
	{
		static const char mixed[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91z";
		static const int ok_at[] = { 0, 1, 3, 6, 10, 11 };
		size_t n = sizeof(mixed) - 1;

		for (size_t cut = 0; cut <= n; cut++) {
			char *b = malloc(cut ? cut : 1);
			bool boundary = false;

			memcpy(b, mixed, cut);
			for (size_t k = 0; k < sizeof(ok_at) / sizeof(ok_at[0]); k++)
				boundary |= (size_t)ok_at[k] == cut;
			CHECK_EQ(mschapv2_nt_hash(b, cut, h), boundary ? 0 : -1);
			free(b);
		}
	}
}

/* The legacy provider is loaded in the private context only. */
static void test_mschapv2_private_ctx(void)
{
	int before = OSSL_PROVIDER_available(NULL, "legacy");
	EVP_MD *md;
	uint8_t h[16];

	CHECK_EQ(mschapv2_nt_hash("x", 1, h), 0);
	CHECK_EQ(OSSL_PROVIDER_available(NULL, "legacy"), before);
	md = EVP_MD_fetch(NULL, "MD4", NULL);
	if (!before)
		CHECK(md == NULL);
	EVP_MD_free(md);
}

/* tests/data/ppp/vectors.txt: chap-md5 and mppe lines. */
static void test_vectors_file(void)
{
	char *buf = test_read_file("data/ppp/vectors.txt", NULL), *save = NULL, *line;
	unsigned int chap = 0, mppe = 0;
	uint8_t master[16];

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_EQ(mschapv2_master_key(pw_hash_hash, nt_resp, master), 0);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char f[5][300];
		uint8_t a[300], b[300], c[300], d[300], out[20];
		long na, nb, nc, nd;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "chap-md5 %299s %299s %299s %299s", f[0], f[1], f[2], f[3]) == 4) {
			na = test_unhex(f[0], a, sizeof(a));
			nb = test_unhex(f[1], b, sizeof(b));
			nc = test_unhex(f[2], c, sizeof(c));
			nd = test_unhex(f[3], d, sizeof(d));
			CHECK(na == 1 && nb >= 0 && nc >= 0 && nd == 16);
			CHECK_EQ(chap_md5_response(a[0], b, (size_t)nb, c, (size_t)nc, out), 0);
			CHECK_MEM(out, d, 16);
			CHECK_EQ(chap_md5_verify(a[0], b, (size_t)nb, c, (size_t)nc, d, 16), 0);
			d[15] ^= 0x80;
			CHECK_EQ(chap_md5_verify(a[0], b, (size_t)nb, c, (size_t)nc, d, 16), 1);
			CHECK_EQ(chap_md5_verify(a[0], b, (size_t)nb, c, (size_t)nc, d, 15), 1);
			CHECK_EQ(chap_md5_verify((uint8_t)(a[0] + 1), b, (size_t)nb, c, (size_t)nc,
						 out, 16), 1);
			chap++;
		} else if (sscanf(line, "mppe %299s %299s", f[0], f[1]) == 2) {
			char side[16], dir[16];
			unsigned int bits;

			nd = test_unhex(f[1], d, sizeof(d));
			if (!strcmp(f[0], "master")) {
				CHECK_EQ(nd, 16);
				CHECK_MEM(master, d, 16);
			} else if (sscanf(f[0], "%15[a-z]-%15[a-z]-%u", side, dir, &bits) == 3) {
				CHECK_EQ((size_t)nd, bits / 8);
				CHECK_EQ(mschapv2_start_key(master, bits / 8, !strcmp(dir, "send"),
							    !strcmp(side, "server"), out), 0);
				CHECK_MEM(out, d, bits / 8);
			} else {
				CHECK(!"unknown mppe line");
			}
			mppe++;
		}
	}
	CHECK_EQ(chap, 5);
	CHECK_EQ(mppe, 9);
	CHECK_EQ(mschapv2_start_key(master, 5, true, true, master), -1);
	free(buf);
}

const struct test_case ppp_auth_tests[] = {
	T(test_mschapv2_rfc2759),
	T(test_mschapv2_verify),
	T(test_mschapv2_password),
	T(test_mschapv2_private_ctx),
	T(test_vectors_file),
	T_END,
};
