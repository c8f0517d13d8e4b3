// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of ikev2_crypto.c: PRF (RFC 4868 and Wycheproof HMAC vectors), prf+,
 * integrity, SK payload protection (Wycheproof AES-GCM and
 * ChaCha20-Poly1305, CBC+HMAC round trips and tampering) and the IKE SA key
 * derivation.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "test.h"
#include "ikev2_crypto.h"

/* ---- helpers ------------------------------------------------------------ */

/* A hex field of a vector file ("-" = empty) into a malloc'd buffer. */
static uint8_t *field_hex(const char *s, size_t *len)
{
	size_t cap = strlen(s) / 2 + 1;
	uint8_t *b = malloc(cap);
	long n;

	if (!b)
		return NULL;
	if (!strcmp(s, "-")) {
		*len = 0;
		return b;
	}
	n = test_unhex(s, b, cap);
	if (n < 0) {
		free(b);
		return NULL;
	}
	*len = (size_t)n;
	return b;
}

/* Split line at spaces into at most max fields; returns the number found. */
static int split(char *line, char **f, int max)
{
	char *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(line, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	return n;
}

/* Call fn(fields, n, arg) for each vector line of data file name; returns the count. */
static int for_each_vector(const char *name, int nfields, void (*fn)(char **f, void *arg),
			   void *arg)
{
	char *buf = test_read_file(name, NULL), *save = NULL, *line;
	int count = 0;

	CHECK(buf != NULL);
	if (!buf)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[16];

		if (line[0] == '#' || !line[0])
			continue;
		if (split(line, f, 16) != nfields) {
			CHECK(!"malformed vector line");
			continue;
		}
		fn(f, arg);
		count++;
	}
	free(buf);
	return count;
}

static long hex(const char *s, uint8_t *out, size_t cap)
{
	long n = test_unhex(s, out, cap);

	CHECK(n >= 0);
	return n;
}

/* ---- basics --------------------------------------------------------------- */

static void test_basics(void)
{
	uint8_t a[32], b[32], z[32] = { 0 };

	CHECK_EQ(ike_random(a, sizeof(a)), 0);
	CHECK_EQ(ike_random(b, sizeof(b)), 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(ike_ct_eq(a, a, sizeof(a)));
	memcpy(b, a, sizeof(b));
	b[31] ^= 1;
	CHECK(!ike_ct_eq(a, b, sizeof(a)));
	ike_wipe(a, sizeof(a));
	CHECK_MEM(a, z, sizeof(z));
	CHECK_EQ(ike_random(a, 0), 0);
}

/* ---- PRF: RFC 4868 2.7.1 ----------------------------------------------------- */

/*
 * A test input: "x:HEX", "s:text", or "r:BB:N" (byte 0xBB repeated N times).
 * Returns the length.
 */
static size_t input(const char *spec, uint8_t *out, size_t cap)
{
	if (spec[0] == 's') {
		size_t n = strlen(spec + 2);

		memcpy(out, spec + 2, n);
		return n;
	}
	if (spec[0] == 'r') {
		unsigned int byte, n;

		if (sscanf(spec + 2, "%x:%u", &byte, &n) != 2 || n > cap)
			return 0;
		memset(out, (int)byte, n);
		return n;
	}
	return (size_t)hex(spec + 2, out, cap);
}

/* RFC 4868 2.7.1, "PRF Test Vectors" (test cases 1-6, same inputs as RFC 4231). */
static const struct {
	const char *key, *data, *sha256, *sha384, *sha512;
} rfc4868_prf[] = {
	{ "r:0b:20", "s:Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ "s:Jefe", "s:what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649",
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ "r:aa:20", "r:dd:50",
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	  "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	  "2a5ab39dc13814b94e3ab6e101a34f27",
	  "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	  "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
	{ "x:0102030405060708090a0b0c0d0e0f10111213141516171819", "r:cd:50",
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	  "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	  "6801dd23c4a7d679ccf8a386c674cffb",
	  "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	  "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
	{ "r:aa:131", "s:Test Using Larger Than Block-Size Key - Hash Key First",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	  "0c2ef6ab4030fe8296248df163f44952",
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ "r:aa:131", "s:This is a test using a larger than block-size key and a larger "
	  "than block-size data. The key needs to be hashed before being used by the HMAC "
	  "algorithm.",
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	  "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	  "a678cc31e799176d3860e6110c46523e",
	  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};

static void check_prf(uint16_t prf, const uint8_t *key, size_t klen, const uint8_t *data,
		      size_t dlen, const char *want_hex)
{
	uint8_t want[64], out[64];
	long wlen = hex(want_hex, want, sizeof(want));

	CHECK_EQ(wlen, ike_prf_len(prf));
	CHECK_EQ(ike_prf(prf, key, klen, &(struct ike_iov){ data, dlen }, 1, out), 0);
	CHECK_MEM(out, want, (size_t)wlen);
}

static void test_prf_rfc4868(void)
{
	for (size_t i = 0; i < sizeof(rfc4868_prf) / sizeof(rfc4868_prf[0]); i++) {
		uint8_t key[256], data[256];
		size_t klen = input(rfc4868_prf[i].key, key, sizeof(key));
		size_t dlen = input(rfc4868_prf[i].data, data, sizeof(data));

		check_prf(IKE_PRF_HMAC_SHA2_256, key, klen, data, dlen, rfc4868_prf[i].sha256);
		check_prf(IKE_PRF_HMAC_SHA2_384, key, klen, data, dlen, rfc4868_prf[i].sha384);
		check_prf(IKE_PRF_HMAC_SHA2_512, key, klen, data, dlen, rfc4868_prf[i].sha512);
	}
}

/* RFC 4868 2.7.2, authenticator test case 1 and 4 of each size: truncated ICVs. */
static void test_integ_rfc4868(void)
{
	static const struct {
		uint16_t integ;
		const char *key, *data, *icv;
	} v[] = {
		{ IKE_INTEG_HMAC_SHA2_256_128, "r:0b:32", "s:Hi There",
		  "198a607eb44bfbc69903a0f1cf2bbdc5" },
		{ IKE_INTEG_HMAC_SHA2_256_128,
		  "x:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
		  "r:cd:50", "372efcf9b40b35c2115b1346903d2ef4" },
		{ IKE_INTEG_HMAC_SHA2_384_192, "r:0b:48", "s:Hi There",
		  "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
		{ IKE_INTEG_HMAC_SHA2_384_192,
		  "x:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
		  "0a0b0c0d0e0f10111213141516171819",
		  "r:cd:50", "5b540085c6e6358096532b2493609ed1cb298f774f87bb5c" },
		{ IKE_INTEG_HMAC_SHA2_512_256, "r:0b:64", "s:Hi There",
		  "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
		/* test case 4 with the key of the RFC's erratum (64 bytes 01..40) */
		{ IKE_INTEG_HMAC_SHA2_512_256,
		  "x:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
		  "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40",
		  "r:cd:50", "5e6688e5a3daec826ca32eaea224eff5e700628947470e13ad01302561bab108" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t key[64], data[64], want[32], icv[32];
		size_t klen = input(v[i].key, key, sizeof(key));
		size_t dlen = input(v[i].data, data, sizeof(data));
		long wlen = hex(v[i].icv, want, sizeof(want));

		CHECK_EQ(klen, ike_integ_key_len(v[i].integ));
		CHECK_EQ(wlen, ike_integ_len(v[i].integ));
		CHECK_EQ(ike_integ(v[i].integ, key, klen, &(struct ike_iov){ data, dlen }, 1, icv),
			 0);
		CHECK_MEM(icv, want, (size_t)wlen);
		/* wrong key length: refused */
		CHECK_EQ(ike_integ(v[i].integ, key, klen - 1, &(struct ike_iov){ data, dlen }, 1,
				   icv), -1);
	}
	CHECK_EQ(ike_integ_len(IKE_INTEG_HMAC_SHA1_96), 12);
	CHECK_EQ(ike_integ_key_len(IKE_INTEG_HMAC_SHA1_96), 20);
	CHECK_EQ(ike_integ_len(IKE_INTEG_NONE), 0);
	CHECK_EQ(ike_prf_len(IKE_PRF_HMAC_SHA1), 20);
	CHECK_EQ(ike_prf_len(99), 0);
}

/* ---- PRF / integrity: Wycheproof HMAC ------------------------------------ */

struct hmac_ctx {
	uint16_t prf, integ;
	int valid, invalid, integ_checked;
};

static void hmac_vector(char **f, void *arg)
{
	struct hmac_ctx *x = arg;
	size_t klen, mlen, tlen, plen = ike_prf_len(x->prf);
	uint8_t *key = field_hex(f[3], &klen), *msg = field_hex(f[4], &mlen);
	uint8_t *tag = field_hex(f[5], &tlen);
	bool valid = !strcmp(f[1], "valid");
	uint8_t out[64];

	CHECK(key && msg && tag);
	if (!key || !msg || !tag)
		goto out;
	CHECK(tlen && tlen <= plen);
	CHECK_EQ(ike_prf(x->prf, key, klen, &(struct ike_iov){ msg, mlen }, 1, out), 0);
	/* full tags are the PRF output; truncated ones its prefix */
	if (valid != !memcmp(out, tag, tlen))
		fprintf(stderr, "  wycheproof tcId %s: expected %s\n", f[0], f[1]);
	CHECK_EQ(valid, !memcmp(out, tag, tlen));
	if (klen == ike_integ_key_len(x->integ) && tlen == ike_integ_len(x->integ)) {
		uint8_t icv[32];

		CHECK_EQ(ike_integ(x->integ, key, klen, &(struct ike_iov){ msg, mlen }, 1, icv), 0);
		CHECK_EQ(valid, ike_ct_eq(icv, tag, tlen));
		x->integ_checked++;
	}
	if (valid)
		x->valid++;
	else
		x->invalid++;
out:
	free(key);
	free(msg);
	free(tag);
}

static void test_prf_wycheproof(void)
{
	static const struct {
		const char *file;
		uint16_t prf, integ;
	} files[] = {
		{ "data/wycheproof/hmac_sha256.txt", IKE_PRF_HMAC_SHA2_256,
		  IKE_INTEG_HMAC_SHA2_256_128 },
		{ "data/wycheproof/hmac_sha384.txt", IKE_PRF_HMAC_SHA2_384,
		  IKE_INTEG_HMAC_SHA2_384_192 },
		{ "data/wycheproof/hmac_sha512.txt", IKE_PRF_HMAC_SHA2_512,
		  IKE_INTEG_HMAC_SHA2_512_256 },
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct hmac_ctx x = { .prf = files[i].prf, .integ = files[i].integ };

		CHECK(for_each_vector(files[i].file, 6, hmac_vector, &x) > 50);
		CHECK(x.valid > 20);
		CHECK(x.invalid > 10);
		CHECK(x.integ_checked > 10);
	}
}

/* ---- prf+ ------------------------------------------------------------------ */

static void prf_plus_check(uint16_t prf)
{
	static const uint8_t key[] = "prf+ key of some length, 37 bytes";
	static const uint8_t s1[] = "seed part one", s2[] = "and part two";
	size_t plen = ike_prf_len(prf), n = 2 * plen + plen / 2;
	uint8_t seed[64], t1[64], t2[64], t3[64], want[3 * 64], out[3 * 64];
	uint8_t c1 = 0x01, c2 = 0x02, c3 = 0x03;
	struct ike_iov split_seed[2] = { { s1, sizeof(s1) }, { s2, sizeof(s2) } };
	uint8_t *big;

	memcpy(seed, s1, sizeof(s1));
	memcpy(seed + sizeof(s1), s2, sizeof(s2));
	/* T1 = prf(K, S | 0x01) */
	CHECK_EQ(ike_prf(prf, key, sizeof(key),
			 (struct ike_iov[]){ { seed, sizeof(s1) + sizeof(s2) }, { &c1, 1 } }, 2,
			 t1), 0);
	/* T2 = prf(K, T1 | S | 0x02) */
	CHECK_EQ(ike_prf(prf, key, sizeof(key),
			 (struct ike_iov[]){ { t1, plen }, { seed, sizeof(s1) + sizeof(s2) },
					     { &c2, 1 } }, 3, t2), 0);
	/* T3 = prf(K, T2 | S | 0x03) */
	CHECK_EQ(ike_prf(prf, key, sizeof(key),
			 (struct ike_iov[]){ { t2, plen }, { seed, sizeof(s1) + sizeof(s2) },
					     { &c3, 1 } }, 3, t3), 0);
	memcpy(want, t1, plen);
	memcpy(want + plen, t2, plen);
	memcpy(want + 2 * plen, t3, plen);

	CHECK_EQ(ike_prf_plus(prf, key, sizeof(key), split_seed, 2, out, n), 0);
	CHECK_MEM(out, want, n);
	CHECK_EQ(ike_prf_plus(prf, key, sizeof(key),
			      &(struct ike_iov){ seed, sizeof(s1) + sizeof(s2) }, 1, out, 1), 0);
	CHECK_EQ(out[0], t1[0]);

	/* at most 255 blocks */
	big = malloc(255 * plen + 1);
	CHECK(big != NULL);
	if (!big)
		return;
	CHECK_EQ(ike_prf_plus(prf, key, sizeof(key), split_seed, 2, big, 255 * plen), 0);
	CHECK_MEM(big, want, 3 * plen);
	CHECK_EQ(ike_prf_plus(prf, key, sizeof(key), split_seed, 2, big, 255 * plen + 1), -1);
	free(big);
}

static void test_prf_plus(void)
{
	prf_plus_check(IKE_PRF_HMAC_SHA2_256);
	prf_plus_check(IKE_PRF_HMAC_SHA2_384);
	prf_plus_check(IKE_PRF_HMAC_SHA2_512);
	prf_plus_check(IKE_PRF_HMAC_SHA1);
	CHECK_EQ(ike_prf_plus(99, (const uint8_t *)"k", 1, NULL, 0, (uint8_t[8]){ 0 }, 8), -1);
}

/* ---- cipher parameters ------------------------------------------------------- */

static void test_cipher_params(void)
{
	static const struct {
		struct ike_cipher c;
		bool valid;
		size_t ek, ak, iv, icv;
	} v[] = {
		{ { IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE }, true, 20, 0, 8, 16 },
		{ { IKE_ENCR_AES_GCM_16, 192, IKE_INTEG_NONE }, true, 28, 0, 8, 16 },
		{ { IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE }, true, 36, 0, 8, 16 },
		{ { IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE }, true, 36, 0, 8, 16 },
		{ { IKE_ENCR_CHACHA20_POLY1305, 256, IKE_INTEG_NONE }, true, 36, 0, 8, 16 },
		{ { IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128 }, true, 16, 32, 16, 16 },
		{ { IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128 }, true, 32, 32, 16, 16 },
		{ { IKE_ENCR_AES_CBC, 192, IKE_INTEG_HMAC_SHA2_384_192 }, true, 24, 48, 16, 24 },
		{ { IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256 }, true, 32, 64, 16, 32 },
		{ { IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96 }, true, 16, 20, 16, 12 },
		{ { IKE_ENCR_AES_CBC, 128, IKE_INTEG_NONE }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_AES_CBC, 0, IKE_INTEG_HMAC_SHA2_256_128 }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_AES_CBC, 64, IKE_INTEG_HMAC_SHA2_256_128 }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA2_256_128 }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_AES_GCM_16, 0, IKE_INTEG_NONE }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_CHACHA20_POLY1305, 128, IKE_INTEG_NONE }, false, 0, 0, 0, 0 },
		{ { 3 /* 3DES */, 192, IKE_INTEG_HMAC_SHA2_256_128 }, false, 0, 0, 0, 0 },
		{ { IKE_ENCR_AES_CBC, 128, 5 /* AES-XCBC */ }, false, 0, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const struct ike_cipher *c = &v[i].c;

		CHECK_EQ(ike_cipher_valid(c), v[i].valid);
		CHECK_EQ(ike_cipher_key_len(c), v[i].ek);
		CHECK_EQ(ike_cipher_integ_key_len(c), v[i].ak);
		CHECK_EQ(ike_cipher_iv_len(c), v[i].iv);
		CHECK_EQ(ike_cipher_icv_len(c), v[i].icv);
		if (!v[i].valid)
			CHECK_EQ(ike_sk_body_len(c, 10), 0);
	}
	/* body lengths: CBC pads pt | pad-length to 16, AEAD adds only the pad-length byte */
	CHECK_EQ(ike_sk_body_len(&v[0].c, 0), 8 + 1 + 16);
	CHECK_EQ(ike_sk_body_len(&v[0].c, 100), 8 + 101 + 16);
	CHECK_EQ(ike_sk_body_len(&v[5].c, 0), 16 + 16 + 16);
	CHECK_EQ(ike_sk_body_len(&v[5].c, 15), 16 + 16 + 16);
	CHECK_EQ(ike_sk_body_len(&v[5].c, 16), 16 + 32 + 16);
	CHECK_EQ(ike_sk_body_len(&v[8].c, 31), 16 + 32 + 32);
	CHECK(!ike_cipher_valid(NULL));
}

/* ---- SK payload: message layout -------------------------------------------------- */

/* A key of cipher c with recognisable key bytes. */
static void make_key(struct ike_sk_key *k, const struct ike_cipher *c, uint8_t seed)
{
	memset(k, 0, sizeof(*k));
	k->c = *c;
	k->ek_len = ike_cipher_key_len(c);
	k->ak_len = ike_cipher_integ_key_len(c);
	for (size_t i = 0; i < IKE_KEY_MAX; i++) {
		k->ek[i] = (uint8_t)(seed + i);
		k->ak[i] = (uint8_t)(seed * 3 + i * 7);
	}
}

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, size_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/*
 * An IKE_AUTH request: IKE header (28) + SK generic header (4) whose lengths
 * count body_len; returns aad_len (32).
 */
static size_t build_hdr(uint8_t *msg, size_t body_len, uint8_t first_inner)
{
	static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t spi_r[8] = { 9, 10, 11, 12, 13, 14, 15, 16 };

	memcpy(msg, spi_i, 8);
	memcpy(msg + 8, spi_r, 8);
	msg[16] = IKE_PL_SK;
	msg[17] = IKE_VERSION;
	msg[18] = IKE_AUTH;
	msg[19] = IKE_FLAG_INITIATOR;
	put32(msg + 20, 1);	/* message id */
	put32(msg + 24, IKE_HDR_LEN + 4 + body_len);
	msg[28] = first_inner;
	msg[29] = 0;
	put16(msg + 30, 4 + body_len);
	return IKE_HDR_LEN + 4;
}

/* Inner payloads: an IDi (FQDN) and a Notify, n bytes in all (n >= 16). */
static size_t inner_payloads(uint8_t *p, size_t n)
{
	size_t id_len = n - 8;

	p[0] = IKE_PL_NOTIFY;
	p[1] = 0;
	put16(p + 2, id_len);
	p[4] = IKE_ID_FQDN;
	p[5] = p[6] = p[7] = 0;
	for (size_t i = 8; i < id_len; i++)
		p[i] = (uint8_t)('a' + i % 26);
	p += id_len;
	p[0] = IKE_PL_NONE;
	p[1] = 0;
	put16(p + 2, 8);
	p[4] = 0;	/* protocol */
	p[5] = 0;	/* SPI size */
	put16(p + 6, IKE_N_INITIAL_CONTACT);
	return n;
}

#define MSG_CAP 2048

/* Seal pt_len bytes of inner payloads in a message with k, open with k2; checks. */
static void sk_round_trip(const struct ike_sk_key *k, size_t pt_len)
{
	uint8_t pt[512], msg[MSG_CAP], out[MSG_CAP], msg2[MSG_CAP];
	size_t body = ike_sk_body_len(&k->c, pt_len), aad, total;

	CHECK(body > 0 && pt_len <= sizeof(pt));
	if (!body || pt_len > sizeof(pt))
		return;
	if (pt_len >= 16)
		inner_payloads(pt, pt_len);
	else
		memset(pt, 0x5a, pt_len);
	aad = build_hdr(msg, body, pt_len ? IKE_PL_IDI : IKE_PL_NONE);
	total = aad + body;
	CHECK_EQ(ike_sk_seal(k, msg, aad, pt, pt_len, body), 0);
	/* the plaintext does not appear in the message */
	if (pt_len >= 16)
		CHECK(!memmem(msg, total, pt + 8, 8));
	CHECK_EQ(ike_sk_open(k, msg, aad, body, out), (long)pt_len);
	CHECK_MEM(out, pt, pt_len);
	/* a second seal uses a fresh IV */
	memcpy(msg2, msg, aad);
	CHECK_EQ(ike_sk_seal(k, msg2, aad, pt, pt_len, body), 0);
	CHECK(memcmp(msg2 + aad, msg + aad, ike_cipher_iv_len(&k->c)) != 0);
	/* wrong body_len for seal */
	CHECK_EQ(ike_sk_seal(k, msg2, aad, pt, pt_len, body + 1), -1);
	/* in place: the inner payloads already where the ciphertext goes */
	memcpy(msg2 + aad + ike_cipher_iv_len(&k->c), pt, pt_len);
	CHECK_EQ(ike_sk_seal(k, msg2, aad, msg2 + aad + ike_cipher_iv_len(&k->c), pt_len, body),
		 0);
	CHECK_EQ(ike_sk_open(k, msg2, aad, body, out), (long)pt_len);
	CHECK_MEM(out, pt, pt_len);
	/* ... or right after the SK header, where the IV goes */
	memcpy(msg2 + aad, pt, pt_len);
	CHECK_EQ(ike_sk_seal(k, msg2, aad, msg2 + aad, pt_len, body), 0);
	CHECK_EQ(ike_sk_open(k, msg2, aad, body, out), (long)pt_len);
	CHECK_MEM(out, pt, pt_len);
}

/* Every single bit flip of header, SK header, IV, ciphertext and ICV makes open fail. */
static void sk_tamper(const struct ike_sk_key *k, size_t pt_len)
{
	uint8_t pt[256], msg[MSG_CAP], out[MSG_CAP];
	size_t body = ike_sk_body_len(&k->c, pt_len), aad;
	int bad = 0;

	inner_payloads(pt, pt_len);
	aad = build_hdr(msg, body, IKE_PL_IDI);
	CHECK_EQ(ike_sk_seal(k, msg, aad, pt, pt_len, body), 0);
	for (size_t i = 0; i < aad + body; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			msg[i] ^= (uint8_t)(1 << bit);
			if (ike_sk_open(k, msg, aad, body, out) != -1)
				bad++;
			msg[i] ^= (uint8_t)(1 << bit);
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(ike_sk_open(k, msg, aad, body, out), (long)pt_len);
	/* a wrong key fails too */
	{
		struct ike_sk_key k2 = *k;

		k2.ek[0] ^= 1;
		if (ike_cipher_aead(&k->c)) {
			CHECK_EQ(ike_sk_open(&k2, msg, aad, body, out), -1);
		} else {	/* CBC: the ICV passes, the plaintext is garbage */
			long r = ike_sk_open(&k2, msg, aad, body, out);

			CHECK(r != (long)pt_len || memcmp(out, pt, pt_len) != 0);
		}
		if (k2.ak_len) {
			k2 = *k;
			k2.ak[k2.ak_len - 1] ^= 0x80;
			CHECK_EQ(ike_sk_open(&k2, msg, aad, body, out), -1);
		}
		if (ike_cipher_aead(&k->c)) {	/* salt */
			k2 = *k;
			k2.ek[k2.ek_len - 1] ^= 1;
			CHECK_EQ(ike_sk_open(&k2, msg, aad, body, out), -1);
		}
	}
}

static const struct ike_cipher all_ciphers[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE },
	{ IKE_ENCR_AES_GCM_16, 192, IKE_INTEG_NONE },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192 },
	{ IKE_ENCR_AES_CBC, 192, IKE_INTEG_HMAC_SHA2_512_256 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96 },
};

static void test_sk_round_trip(void)
{
	static const size_t lens[] = { 0, 1, 15, 16, 17, 31, 32, 100, 500 };

	for (size_t i = 0; i < sizeof(all_ciphers) / sizeof(all_ciphers[0]); i++) {
		struct ike_sk_key k;

		make_key(&k, &all_ciphers[i], (uint8_t)(i * 17));
		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++)
			sk_round_trip(&k, lens[j]);
	}
}

static void test_sk_tamper(void)
{
	for (size_t i = 0; i < sizeof(all_ciphers) / sizeof(all_ciphers[0]); i++) {
		struct ike_sk_key k;

		make_key(&k, &all_ciphers[i], (uint8_t)(i * 5 + 1));
		sk_tamper(&k, 40);
	}
}

/* The AEAD body of the message in msg is exactly what ike_aead_seal/open compute. */
static void test_sk_aead_layout(void)
{
	for (size_t i = 0; i < 4; i++) {
		uint8_t pt[64], msg[MSG_CAP], dec[MSG_CAP], ct[MSG_CAP], tag[16];
		size_t body = ike_sk_body_len(&all_ciphers[i], 48), aad, ct_len = 49;
		struct ike_sk_key k;

		make_key(&k, &all_ciphers[i], 0x40);
		inner_payloads(pt, 48);
		aad = build_hdr(msg, body, IKE_PL_IDI);
		CHECK_EQ(body, 8 + ct_len + 16);
		CHECK_EQ(ike_sk_seal(&k, msg, aad, pt, 48, body), 0);
		/* AAD = IKE header through the SK generic header; nonce = salt | IV */
		CHECK_EQ(ike_aead_open(&k, msg + aad, msg, aad, msg + aad + 8, ct_len,
				       msg + aad + 8 + ct_len, dec), 0);
		CHECK_MEM(dec, pt, 48);
		CHECK_EQ(dec[48], 0);	/* pad length 0 */
		CHECK_EQ(ike_aead_seal(&k, msg + aad, msg, aad, dec, ct_len, ct, tag), 0);
		CHECK_MEM(ct, msg + aad + 8, ct_len);
		CHECK_MEM(tag, msg + aad + 8 + ct_len, 16);
		/* AAD shorter (SK header not covered): fails */
		CHECK_EQ(ike_aead_open(&k, msg + aad, msg, IKE_HDR_LEN, msg + aad + 8, ct_len,
				       msg + aad + 8 + ct_len, dec), -1);
	}
}

/* ---- SK payload: padding and short bodies ----------------------------------------- */

/* A CBC+HMAC message whose decrypted body (ct_len bytes, given) is plain. */
static size_t cbc_message(const struct ike_sk_key *k, uint8_t *msg, const uint8_t *plain,
			  size_t ct_len)
{
	size_t icv_len = ike_cipher_icv_len(&k->c), body = 16 + ct_len + icv_len;
	size_t aad = build_hdr(msg, body, IKE_PL_IDI);
	const EVP_CIPHER *cipher = k->c.key_bits == 128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0;

	memset(msg + aad, 0x11, 16);	/* IV */
	CHECK(ctx && EVP_EncryptInit_ex2(ctx, cipher, k->ek, msg + aad, NULL));
	CHECK(EVP_CIPHER_CTX_set_padding(ctx, 0));
	CHECK(EVP_EncryptUpdate(ctx, msg + aad + 16, &outl, plain, (int)ct_len));
	CHECK_EQ(outl, ct_len);
	EVP_CIPHER_CTX_free(ctx);
	CHECK_EQ(ike_integ(k->c.integ, k->ak, k->ak_len,
			   &(struct ike_iov){ msg, aad + 16 + ct_len }, 1, msg + aad + 16 + ct_len),
		 0);
	return body;
}

/* An AEAD message whose decrypted body (ct_len bytes) is plain. */
static size_t aead_message(const struct ike_sk_key *k, uint8_t *msg, const uint8_t *plain,
			   size_t ct_len)
{
	size_t body = 8 + ct_len + 16, aad = build_hdr(msg, body, IKE_PL_IDI);

	memset(msg + aad, 0x22, 8);
	CHECK_EQ(ike_aead_seal(k, msg + aad, msg, aad, plain, ct_len, msg + aad + 8,
			       msg + aad + 8 + ct_len), 0);
	return body;
}

static void test_sk_padding(void)
{
	struct ike_cipher cbc = { IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128 };
	struct ike_cipher gcm = { IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE };
	uint8_t plain[64], msg[MSG_CAP], out[MSG_CAP];
	struct ike_sk_key kc, kg;
	size_t body;

	make_key(&kc, &cbc, 3);
	make_key(&kg, &gcm, 4);
	memset(plain, 0x77, sizeof(plain));

	/* CBC: pad length 16 in a 16-byte body (only 15 bytes before it) */
	plain[15] = 16;
	body = cbc_message(&kc, msg, plain, 16);
	CHECK_EQ(ike_sk_open(&kc, msg, 32, body, out), -1);
	plain[15] = 255;
	body = cbc_message(&kc, msg, plain, 16);
	CHECK_EQ(ike_sk_open(&kc, msg, 32, body, out), -1);
	/* pad length 15: all padding, no payloads */
	plain[15] = 15;
	body = cbc_message(&kc, msg, plain, 16);
	CHECK_EQ(ike_sk_open(&kc, msg, 32, body, out), 0);
	/* more padding than the minimum is accepted (RFC 7296 3.14) */
	plain[47] = 20;
	body = cbc_message(&kc, msg, plain, 48);
	CHECK_EQ(ike_sk_open(&kc, msg, 32, body, out), 27);
	CHECK_MEM(out, plain, 27);

	/* AEAD: pad length larger than what precedes it */
	plain[9] = 10;
	body = aead_message(&kg, msg, plain, 10);
	CHECK_EQ(ike_sk_open(&kg, msg, 32, body, out), -1);
	plain[9] = 9;
	body = aead_message(&kg, msg, plain, 10);
	CHECK_EQ(ike_sk_open(&kg, msg, 32, body, out), 0);
	plain[9] = 3;
	body = aead_message(&kg, msg, plain, 10);
	CHECK_EQ(ike_sk_open(&kg, msg, 32, body, out), 6);
	CHECK_MEM(out, plain, 6);
}

static void test_sk_short(void)
{
	uint8_t msg[MSG_CAP], out[MSG_CAP];

	memset(msg, 0, sizeof(msg));
	for (size_t i = 0; i < sizeof(all_ciphers) / sizeof(all_ciphers[0]); i++) {
		const struct ike_cipher *c = &all_ciphers[i];
		size_t min = ike_cipher_iv_len(c) + ike_cipher_icv_len(c);
		struct ike_sk_key k;

		make_key(&k, c, 9);
		build_hdr(msg, 0, IKE_PL_NONE);
		for (size_t body = 0; body <= min; body++)
			CHECK_EQ(ike_sk_open(&k, msg, 32, body, out), -1);
		/* CBC: not a whole number of blocks */
		if (!ike_cipher_aead(c)) {
			CHECK_EQ(ike_sk_open(&k, msg, 32, min + 15, out), -1);
			CHECK_EQ(ike_sk_open(&k, msg, 32, min + 17, out), -1);
		}
		/* keys of the wrong length are refused */
		k.ek_len--;
		CHECK_EQ(ike_sk_open(&k, msg, 32, min + 16, out), -1);
		CHECK_EQ(ike_sk_seal(&k, msg, 32, out, 0, ike_sk_body_len(c, 0)), -1);
	}
}

/* ---- SK payload: Wycheproof AEAD ------------------------------------------------- */

struct aead_ctx {
	uint16_t encr;
	int valid, invalid, sk_opened;
};

/* Wycheproof vector through the SK layout: msg = aad | iv[4..12] | ct | tag. */
static void aead_vector_sk(const struct ike_sk_key *k, const uint8_t *iv, const uint8_t *aad,
			   size_t aad_len, const uint8_t *msg, const uint8_t *ct, size_t len,
			   const uint8_t *tag, bool valid, struct aead_ctx *x)
{
	size_t body = IKE_AEAD_IV_LEN + len + IKE_AEAD_TAG_LEN;
	uint8_t *m = malloc(aad_len + body), *out = malloc(body);
	long want = -1, got;

	CHECK(m && out);
	if (!m || !out)
		goto out;
	if (aad_len)
		memcpy(m, aad, aad_len);
	memcpy(m + aad_len, iv + 4, 8);
	if (len)
		memcpy(m + aad_len + 8, ct, len);
	memcpy(m + aad_len + 8 + len, tag, 16);
	/* the last plaintext byte is taken as the pad length */
	if (valid && len && msg[len - 1] < len)
		want = (long)(len - 1 - msg[len - 1]);
	got = ike_sk_open(k, m, aad_len, body, out);
	CHECK_EQ(got, want);
	if (got >= 0) {
		CHECK_MEM(out, msg, (size_t)got);
		x->sk_opened++;
	}
out:
	free(m);
	free(out);
}

static void aead_vector(char **f, void *arg)
{
	struct aead_ctx *x = arg;
	size_t klen, ivlen, aadlen, mlen, ctlen, taglen;
	uint8_t *key = field_hex(f[2], &klen), *iv = field_hex(f[3], &ivlen);
	uint8_t *aad = field_hex(f[4], &aadlen), *msg = field_hex(f[5], &mlen);
	uint8_t *ct = field_hex(f[6], &ctlen), *tag = field_hex(f[7], &taglen);
	uint8_t *out = NULL, *ct2 = NULL, tag2[16];
	bool valid = !strcmp(f[1], "valid");
	struct ike_sk_key k;
	int rc;

	CHECK(key && iv && aad && msg && ct && tag);
	if (!key || !iv || !aad || !msg || !ct || !tag)
		goto out;
	CHECK(ivlen == 12 && taglen == 16 && mlen == ctlen && klen + 4 <= IKE_KEY_MAX);
	if (ivlen != 12 || taglen != 16 || mlen != ctlen || klen + 4 > IKE_KEY_MAX)
		goto out;
	memset(&k, 0, sizeof(k));
	k.c.encr = x->encr;
	k.c.key_bits = (uint16_t)(klen * 8);
	k.ek_len = klen + 4;
	memcpy(k.ek, key, klen);
	memcpy(k.ek + klen, iv, 4);	/* salt = first 4 bytes of the 12-byte nonce */
	out = malloc(ctlen + 1);
	ct2 = malloc(ctlen + 1);
	CHECK(out && ct2);
	if (!out || !ct2)
		goto out;
	rc = ike_aead_open(&k, iv + 4, aad, aadlen, ct, ctlen, tag, out);
	if (rc != (valid ? 0 : -1))
		fprintf(stderr, "  wycheproof tcId %s: expected %s\n", f[0], f[1]);
	CHECK_EQ(rc, valid ? 0 : -1);
	if (valid) {
		CHECK_MEM(out, msg, mlen);
		CHECK_EQ(ike_aead_seal(&k, iv + 4, aad, aadlen, msg, mlen, ct2, tag2), 0);
		CHECK_MEM(ct2, ct, ctlen);
		CHECK_MEM(tag2, tag, 16);
		x->valid++;
	} else {
		x->invalid++;
	}
	aead_vector_sk(&k, iv, aad, aadlen, msg, ct, ctlen, tag, valid, x);
out:
	free(key);
	free(iv);
	free(aad);
	free(msg);
	free(ct);
	free(tag);
	free(out);
	free(ct2);
}

static void test_aead_wycheproof_gcm(void)
{
	struct aead_ctx x = { .encr = IKE_ENCR_AES_GCM_16 };

	CHECK(for_each_vector("data/wycheproof/aes_gcm.txt", 8, aead_vector, &x) > 50);
	CHECK(x.valid > 30);
	CHECK(x.invalid > 20);
	CHECK(x.sk_opened > 5);
}

static void test_aead_wycheproof_chacha(void)
{
	struct aead_ctx x = { .encr = IKE_ENCR_CHACHA20_POLY1305 };

	CHECK(for_each_vector("data/wycheproof/chacha20_poly1305.txt", 8, aead_vector, &x) > 50);
	CHECK(x.valid > 20);
	CHECK(x.invalid > 20);
	CHECK(x.sk_opened > 5);
}

/* ---- key derivation ------------------------------------------------------------ */

static const uint8_t spi_i[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };
static const uint8_t spi_r[8] = { 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8 };

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 13 * i);
}

/* The 7 keys of k are the slices of km, in RFC 7296 order. */
static void check_slices(const struct ike_sa_keys *k, const uint8_t *km, size_t plen,
			 size_t ek, size_t ak)
{
	size_t off = 0;

	CHECK_EQ(k->prf_len, plen);
	CHECK_EQ(k->ei.ek_len, ek);
	CHECK_EQ(k->er.ek_len, ek);
	CHECK_EQ(k->ei.ak_len, ak);
	CHECK_EQ(k->er.ak_len, ak);
	CHECK_MEM(k->sk_d, km + off, plen);
	off += plen;
	CHECK_MEM(k->ei.ak, km + off, ak);	/* SK_ai */
	off += ak;
	CHECK_MEM(k->er.ak, km + off, ak);	/* SK_ar */
	off += ak;
	CHECK_MEM(k->ei.ek, km + off, ek);	/* SK_ei */
	off += ek;
	CHECK_MEM(k->er.ek, km + off, ek);	/* SK_er */
	off += ek;
	CHECK_MEM(k->sk_pi, km + off, plen);
	off += plen;
	CHECK_MEM(k->sk_pr, km + off, plen);
}

static void derive_kat(uint16_t prf, const struct ike_cipher *c, size_t ek, size_t ak)
{
	uint8_t ni[32], nr[48], gir[256], nonces[80], skeyseed[64], km[7 * 64];
	size_t plen = ike_prf_len(prf), total = 3 * plen + 2 * ek + 2 * ak;
	struct ike_iov seed[4] = { { ni, sizeof(ni) }, { nr, sizeof(nr) }, { spi_i, 8 },
				   { spi_r, 8 } };
	struct ike_sa_keys k;

	fill(ni, sizeof(ni), 1);
	fill(nr, sizeof(nr), 2);
	fill(gir, sizeof(gir), 3);
	CHECK_EQ(ike_cipher_key_len(c), ek);
	CHECK_EQ(ike_cipher_integ_key_len(c), ak);
	/* SKEYSEED = prf(Ni | Nr, g^ir) */
	memcpy(nonces, ni, sizeof(ni));
	memcpy(nonces + sizeof(ni), nr, sizeof(nr));
	CHECK_EQ(ike_prf(prf, nonces, sizeof(nonces), &(struct ike_iov){ gir, sizeof(gir) }, 1,
			 skeyseed), 0);
	/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni|Nr|SPIi|SPIr) */
	CHECK_EQ(ike_prf_plus(prf, skeyseed, plen, seed, 4, km, total), 0);

	CHECK_EQ(ike_derive_sa_keys(&k, prf, c, ni, sizeof(ni), nr, sizeof(nr), gir, sizeof(gir),
				    spi_i, spi_r), 0);
	CHECK_EQ(k.prf, prf);
	CHECK_EQ(k.ei.c.encr, c->encr);
	CHECK_EQ(k.er.c.key_bits, c->key_bits);
	CHECK_EQ(k.er.c.integ, c->integ);
	check_slices(&k, km, plen, ek, ak);

	/* the keys work: initiator seals, responder opens with the same ei */
	{
		uint8_t pt[40], msg[MSG_CAP], out[MSG_CAP];
		size_t body = ike_sk_body_len(c, sizeof(pt)), aad;

		inner_payloads(pt, sizeof(pt));
		aad = build_hdr(msg, body, IKE_PL_IDI);
		CHECK_EQ(ike_sk_seal(&k.ei, msg, aad, pt, sizeof(pt), body), 0);
		CHECK_EQ(ike_sk_open(&k.ei, msg, aad, body, out), (long)sizeof(pt));
		CHECK_EQ(ike_sk_open(&k.er, msg, aad, body, out), -1);
	}
	ike_sa_keys_wipe(&k);
	CHECK_EQ(k.prf_len, 0);
	CHECK_EQ(k.sk_d[0] | k.ei.ek[0] | k.sk_pr[plen - 1], 0);
}

static void test_derive_sa_keys(void)
{
	struct ike_cipher gcm128 = { IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE };
	struct ike_cipher cbc256 = { IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128 };
	struct ike_cipher chacha = { IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE };

	derive_kat(IKE_PRF_HMAC_SHA2_256, &gcm128, 20, 0);
	derive_kat(IKE_PRF_HMAC_SHA2_384, &gcm128, 20, 0);
	derive_kat(IKE_PRF_HMAC_SHA2_256, &cbc256, 32, 32);
	derive_kat(IKE_PRF_HMAC_SHA2_384, &cbc256, 32, 32);
	derive_kat(IKE_PRF_HMAC_SHA2_512, &chacha, 36, 0);
}

static void test_derive_bad_args(void)
{
	struct ike_cipher gcm = { IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE };
	struct ike_cipher bad = { IKE_ENCR_AES_GCM_16, 100, IKE_INTEG_NONE };
	uint8_t n[IKE_NONCE_MAX + 1], gir[32], zero[sizeof(struct ike_sa_keys)];
	struct ike_sa_keys k;

	fill(n, sizeof(n), 5);
	fill(gir, sizeof(gir), 6);
	memset(zero, 0, sizeof(zero));
	memset(&k, 0xee, sizeof(k));
	CHECK_EQ(ike_derive_sa_keys(&k, IKE_PRF_HMAC_SHA2_256, &bad, n, 32, n, 32, gir, 32, spi_i,
				    spi_r), -1);
	CHECK_MEM(&k, zero, sizeof(k));	/* wiped on failure */
	CHECK_EQ(ike_derive_sa_keys(&k, 99, &gcm, n, 32, n, 32, gir, 32, spi_i, spi_r), -1);
	CHECK_EQ(ike_derive_sa_keys(&k, IKE_PRF_HMAC_SHA2_256, &gcm, n, 0, n, 32, gir, 32, spi_i,
				    spi_r), -1);
	CHECK_EQ(ike_derive_sa_keys(&k, IKE_PRF_HMAC_SHA2_256, &gcm, n, IKE_NONCE_MAX + 1, n, 32,
				    gir, 32, spi_i, spi_r), -1);
	CHECK_EQ(ike_derive_sa_keys(&k, IKE_PRF_HMAC_SHA2_256, &gcm, n, 32, n, 32, NULL, 0, spi_i,
				    spi_r), -1);
	CHECK_EQ(ike_derive_sa_keys(&k, IKE_PRF_HMAC_SHA2_256, &gcm, n, IKE_NONCE_MAX, n,
				    IKE_NONCE_MAX, gir, 32, spi_i, spi_r), 0);
	CHECK_EQ(ike_derive_child_keymat(IKE_PRF_HMAC_SHA2_256, k.sk_d, 32, NULL, 0, n, 32, n, 32,
					 gir, 255 * 32 + 1), -1);
}

static void test_derive_rekey_and_child(void)
{
	struct ike_cipher cbc = { IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_512_256 };
	struct ike_cipher gcm = { IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE };
	uint8_t ni[32], nr[32], gir[64], gir2[32], skeyseed[64], km[7 * 64], child[160], want[160];
	struct ike_iov seed[4] = { { ni, 32 }, { nr, 32 }, { spi_r, 8 }, { spi_i, 8 } };
	size_t total;
	struct ike_sa_keys old, k;

	fill(ni, sizeof(ni), 7);
	fill(nr, sizeof(nr), 8);
	fill(gir, sizeof(gir), 9);
	fill(gir2, sizeof(gir2), 10);
	CHECK_EQ(ike_derive_sa_keys(&old, IKE_PRF_HMAC_SHA2_256, &gcm, ni, 32, nr, 32, gir, 64,
				    spi_i, spi_r), 0);

	/* rekey with a new PRF: SKEYSEED = prf_old(SK_d, g^ir(new) | Ni | Nr) */
	CHECK_EQ(ike_prf(IKE_PRF_HMAC_SHA2_256, old.sk_d, 32,
			 (struct ike_iov[]){ { gir2, 32 }, { ni, 32 }, { nr, 32 } }, 3, skeyseed),
		 0);
	total = 3 * 48 + 2 * 16 + 2 * 64;
	/* new SPIs (swapped here), new PRF for prf+ */
	CHECK_EQ(ike_prf_plus(IKE_PRF_HMAC_SHA2_384, skeyseed, 32, seed, 4, km, total), 0);
	CHECK_EQ(ike_derive_rekey_keys(&k, IKE_PRF_HMAC_SHA2_256, old.sk_d, old.prf_len,
				       IKE_PRF_HMAC_SHA2_384, &cbc, gir2, 32, ni, 32, nr, 32, spi_r,
				       spi_i), 0);
	CHECK_EQ(k.prf, IKE_PRF_HMAC_SHA2_384);
	check_slices(&k, km, 48, 16, 64);

	/* child SA keymat: prf+(SK_d, g^ir | Ni | Nr), and without g^ir */
	CHECK_EQ(ike_prf_plus(IKE_PRF_HMAC_SHA2_384, k.sk_d, 48,
			      (struct ike_iov[]){ { gir2, 32 }, { ni, 32 }, { nr, 32 } }, 3, want,
			      sizeof(want)), 0);
	CHECK_EQ(ike_derive_child_keymat(IKE_PRF_HMAC_SHA2_384, k.sk_d, 48, gir2, 32, ni, 32, nr,
					 32, child, sizeof(child)), 0);
	CHECK_MEM(child, want, sizeof(want));
	CHECK_EQ(ike_prf_plus(IKE_PRF_HMAC_SHA2_384, k.sk_d, 48,
			      (struct ike_iov[]){ { ni, 32 }, { nr, 32 } }, 2, want, sizeof(want)),
		 0);
	CHECK_EQ(ike_derive_child_keymat(IKE_PRF_HMAC_SHA2_384, k.sk_d, 48, NULL, 0, ni, 32, nr,
					 32, child, sizeof(child)), 0);
	CHECK_MEM(child, want, sizeof(want));
	ike_sa_keys_wipe(&old);
	ike_sa_keys_wipe(&k);
}

const struct test_case ike_crypto_tests[] = {
	T(test_basics),
	T(test_prf_rfc4868),
	T(test_integ_rfc4868),
	T(test_prf_wycheproof),
	T(test_prf_plus),
	T(test_cipher_params),
	T(test_sk_round_trip),
	T(test_sk_tamper),
	T(test_sk_aead_layout),
	T(test_sk_padding),
	T(test_sk_short),
	T(test_aead_wycheproof_gcm),
	T(test_aead_wycheproof_chacha),
	T(test_derive_sa_keys),
	T(test_derive_bad_args),
	T(test_derive_rekey_and_child),
	T_END
};
