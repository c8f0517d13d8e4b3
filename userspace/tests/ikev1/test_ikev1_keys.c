// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of ikev1/ikev1_keys.c: every derivation against the independent
 * vectors of tests/data/ikev1/keys.txt (tests/data/ikev1/gen.py, hashlib
 * and hmac only), then CBC and the IV chaining rules, and argument checks.
 */
#include <stdlib.h>

#include "ikev1_keys.h"
#include "test.h"

#define V_MAX_FIELDS	48
#define V_MAX_BYTES	1024

/* One "case" block of the vectors file: name -> bytes (or integer). */
struct vcase {
	char name[64];
	unsigned int n;
	struct {
		char key[24];
		uint8_t b[V_MAX_BYTES];
		size_t len;
		unsigned long long num;
	} f[V_MAX_FIELDS];
};

static const uint8_t *vget(const struct vcase *c, const char *key, size_t *len)
{
	for (unsigned int i = 0; i < c->n; i++)
		if (!strcmp(c->f[i].key, key)) {
			if (len)
				*len = c->f[i].len;
			return c->f[i].b;
		}
	fprintf(stderr, "  %s: no field %s\n", c->name, key);
	t_checks_failed++;
	if (len)
		*len = 0;
	return NULL;
}

static unsigned long long vnum(const struct vcase *c, const char *key)
{
	for (unsigned int i = 0; i < c->n; i++)
		if (!strcmp(c->f[i].key, key))
			return c->f[i].num;
	t_checks_failed++;
	return 0;
}

/* Compare out[0..len) with field key of c. */
static void vcheck(const struct vcase *c, const char *key, const uint8_t *out, size_t len)
{
	size_t want_len;
	const uint8_t *want = vget(c, key, &want_len);

	if (!want || want_len != len || memcmp(want, out, len)) {
		fprintf(stderr, "  %s: %s differs\n", c->name, key);
		t_checks_failed++;
	}
}

/* Parse the vectors file; fn runs on each case. Returns the number of cases. */
static int for_each_case(void (*fn)(const struct vcase *c))
{
	char *buf = test_read_file("data/ikev1/keys.txt", NULL), *save = NULL, *line;
	struct vcase *c = calloc(1, sizeof(*c));
	int count = 0;

	CHECK(buf && c);
	if (!buf || !c)
		goto out;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[24], val[2 * V_MAX_BYTES + 1];

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%23s %2048s", key, val) < 1)
			continue;
		if (!strcmp(key, "case")) {
			memset(c, 0, sizeof(*c));
			snprintf(c->name, sizeof(c->name), "%.63s", val);
		} else if (!strcmp(key, "end")) {
			fn(c);
			count++;
		} else if (c->n < V_MAX_FIELDS) {
			/* hex bytes, or a decimal integer (then len may be garbage: unused) */
			long n = strcmp(val, "-") ? test_unhex(val, c->f[c->n].b, V_MAX_BYTES) : 0;

			snprintf(c->f[c->n].key, sizeof(c->f[c->n].key), "%s", key);
			c->f[c->n].len = n > 0 ? (size_t)n : 0;
			c->f[c->n].num = strtoull(val, NULL, 10);
			c->n++;
		} else {
			CHECK(!"too many fields in a case");
		}
	}
out:
	free(c);
	free(buf);
	return count;
}

/* Phase 1 keys of a vector case into *k. */
static int derive(const struct vcase *c, struct ikev1_keys *k)
{
	size_t psk_len, ni_len, nr_len, gxy_len;
	const uint8_t *psk = vget(c, "psk", &psk_len), *ni = vget(c, "ni", &ni_len);
	const uint8_t *nr = vget(c, "nr", &nr_len), *gxy = vget(c, "gxy", &gxy_len);
	bool with_psk = vnum(c, "psk_auth");

	return ikev1_derive_keys(k, (uint16_t)vnum(c, "hash"), (uint16_t)vnum(c, "encr"),
				 (uint16_t)vnum(c, "key_bits"), with_psk ? psk : NULL,
				 with_psk ? psk_len : 0, ni, ni_len, nr, nr_len, gxy, gxy_len,
				 vget(c, "cky_i", NULL), vget(c, "cky_r", NULL));
}

static void check_phase1(const struct vcase *c)
{
	size_t gxi_len, gxr_len, sai_len, idii_len, idir_len;
	const uint8_t *gxi = vget(c, "gxi", &gxi_len), *gxr = vget(c, "gxr", &gxr_len);
	const uint8_t *sai = vget(c, "sai_b", &sai_len);
	const uint8_t *idii = vget(c, "idii_b", &idii_len), *idir = vget(c, "idir_b", &idir_len);
	const uint8_t *cky_i = vget(c, "cky_i", NULL), *cky_r = vget(c, "cky_r", NULL);
	uint8_t out[IKEV1_PRF_MAX];
	struct ikev1_keys k;
	struct ikev1_iv iv;

	CHECK_EQ(derive(c, &k), 0);
	vcheck(c, "skeyid", k.skeyid, k.prf_len);
	vcheck(c, "skeyid_d", k.skeyid_d, k.prf_len);
	vcheck(c, "skeyid_a", k.skeyid_a, k.prf_len);
	vcheck(c, "skeyid_e", k.skeyid_e, k.prf_len);
	vcheck(c, "ek", k.ek, k.ek_len);
	CHECK_EQ(k.ek_len > k.prf_len, vnum(c, "expanded"));
	CHECK_EQ(ikev1_main_hash(&k, true, gxi, gxi_len, gxr, gxr_len, cky_i, cky_r, sai, sai_len,
				 idii, idii_len, out), 0);
	vcheck(c, "hash_i", out, k.prf_len);
	CHECK_EQ(ikev1_main_hash(&k, false, gxi, gxi_len, gxr, gxr_len, cky_i, cky_r, sai,
				 sai_len, idir, idir_len, out), 0);
	vcheck(c, "hash_r", out, k.prf_len);
	CHECK_EQ(ikev1_iv_phase1(&k, gxi, gxi_len, gxr, gxr_len, &iv), 0);
	CHECK_EQ(iv.len, k.block_len);
	vcheck(c, "iv1", iv.b, iv.len);
	ikev1_keys_wipe(&k);
}

static void check_phase2(const struct vcase *c)
{
	size_t ni_len, nr_len, r1_len, r2_len, gqm_len, km_len, last_len, ip_len;
	const uint8_t *ni = vget(c, "ni", &ni_len), *nr = vget(c, "nr", &nr_len);
	const uint8_t *rest1 = vget(c, "rest1", &r1_len), *rest2 = vget(c, "rest2", &r2_len);
	const uint8_t *gqm = vget(c, "gqm", &gqm_len), *last = vget(c, "p1_last", &last_len);
	const uint8_t *ip = vget(c, "natd_ip", &ip_len);
	uint32_t msgid = (uint32_t)vnum(c, "msgid");
	uint8_t out[IKEV1_PRF_MAX], km[128];
	struct ikev1_iv p1 = { .len = last_len }, iv;
	struct ikev1_keys k;

	CHECK_EQ(vnum(c, "pfs"), gqm_len != 0);
	CHECK_EQ(derive(c, &k), 0);
	memcpy(p1.b, last, last_len);
	CHECK_EQ(ikev1_iv_msgid(&k, &p1, msgid, &iv), 0);
	vcheck(c, "iv_qm", iv.b, iv.len);
	CHECK_EQ(ikev1_qm_hash1(&k, msgid, rest1, r1_len, out), 0);
	vcheck(c, "qm_hash1", out, k.prf_len);
	CHECK_EQ(ikev1_qm_hash2(&k, msgid, ni, ni_len, rest2, r2_len, out), 0);
	vcheck(c, "qm_hash2", out, k.prf_len);
	CHECK_EQ(ikev1_qm_hash3(&k, msgid, ni, ni_len, nr, nr_len, out), 0);
	vcheck(c, "qm_hash3", out, k.prf_len);
	vget(c, "keymat_in", &km_len);
	CHECK(km_len > k.prf_len);	/* every case expands KEYMAT */
	CHECK_EQ(ikev1_keymat(&k, gqm_len ? gqm : NULL, gqm_len, IKEV1_PROTO_IPSEC_ESP,
			      vget(c, "spi_in", NULL), ni, ni_len, nr, nr_len, km, km_len), 0);
	vcheck(c, "keymat_in", km, km_len);
	CHECK_EQ(ikev1_keymat(&k, gqm_len ? gqm : NULL, gqm_len, IKEV1_PROTO_IPSEC_ESP,
			      vget(c, "spi_out", NULL), ni, ni_len, nr, nr_len, km, km_len), 0);
	vcheck(c, "keymat_out", km, km_len);
	CHECK_EQ(ikev1_natd_hash(k.hash, vget(c, "cky_i", NULL), vget(c, "cky_r", NULL), ip,
				 ip_len, (uint16_t)vnum(c, "natd_port"), out), 0);
	vcheck(c, "natd", out, ikev1_hash_len(k.hash));
	ikev1_keys_wipe(&k);
}

static void test_vectors_phase1(void)
{
	CHECK_EQ(for_each_case(check_phase1), 7);
}

static void test_vectors_phase2(void)
{
	CHECK_EQ(for_each_case(check_phase2), 7);
}

/* Keys for the CBC tests: deterministic, any hash/cipher. */
static void fixed_keys(struct ikev1_keys *k, uint16_t hash, uint16_t encr, uint16_t bits)
{
	uint8_t n[16], g[64], ck[8];

	memset(n, 0x4e, sizeof(n));
	memset(g, 0x67, sizeof(g));
	memset(ck, 0xcc, sizeof(ck));
	CHECK_EQ(ikev1_derive_keys(k, hash, encr, bits, (const uint8_t *)"secret", 6, n,
				   sizeof(n), n, sizeof(n), g, sizeof(g), ck, ck), 0);
}

/*
 * Appendix B chaining: the IV of each message is the last ciphertext block
 * of the previous one, whichever side sent it; a quick mode's first IV is
 * hash(last phase-1 block | M-ID) and two exchanges do not share IVs.
 */
static void chain_one(uint16_t encr, uint16_t bits)
{
	struct ikev1_keys k;
	struct ikev1_iv ivi, ivr, next, qm_i, qm_r, info;
	uint8_t g[32] = { 1 }, m1[64], m2[48], save[64], pt[64];

	fixed_keys(&k, IKEV1_HASH_SHA1, encr, bits);
	CHECK_EQ(ikev1_iv_phase1(&k, g, sizeof(g), g, sizeof(g), &ivi), 0);
	ivr = ivi;
	for (size_t i = 0; i < sizeof(m1); i++)
		m1[i] = (uint8_t)i;
	memcpy(save, m1, sizeof(m1));
	/* message 5, initiator -> responder */
	CHECK_EQ(ikev1_encrypt(&k, &ivi, m1, sizeof(m1)), 0);
	CHECK_MEM(ivi.b, m1 + sizeof(m1) - k.block_len, k.block_len);
	CHECK_EQ(ikev1_decrypt(&k, &ivr, m1, sizeof(m1), pt, &next), 0);
	CHECK_MEM(pt, save, sizeof(save));
	/* a corrupted copy decrypts to garbage: the caller keeps ivr */
	m1[3] ^= 0x80;
	CHECK_EQ(ikev1_decrypt(&k, &ivr, m1, sizeof(m1), pt, &next), 0);
	CHECK(memcmp(pt, save, sizeof(save)) != 0);
	m1[3] ^= 0x80;
	CHECK_EQ(ikev1_decrypt(&k, &ivr, m1, sizeof(m1), pt, &next), 0);
	ivr = next;
	CHECK_MEM(ivr.b, ivi.b, k.block_len);
	/* message 6, responder -> initiator, in place */
	memset(m2, 0x36, sizeof(m2));
	CHECK_EQ(ikev1_encrypt(&k, &ivr, m2, sizeof(m2)), 0);
	CHECK_EQ(ikev1_decrypt(&k, &ivi, m2, sizeof(m2), m2, &next), 0);
	for (size_t i = 0; i < sizeof(m2); i++)
		CHECK_EQ(m2[i], 0x36);
	ivi = next;
	CHECK_MEM(ivi.b, ivr.b, k.block_len);
	/* phase 2: both sides from the same last block; per message ID */
	CHECK_EQ(ikev1_iv_msgid(&k, &ivi, 0x01020304, &qm_i), 0);
	CHECK_EQ(ikev1_iv_msgid(&k, &ivr, 0x01020304, &qm_r), 0);
	CHECK_MEM(qm_i.b, qm_r.b, k.block_len);
	CHECK_EQ(ikev1_iv_msgid(&k, &ivr, 0x01020305, &info), 0);
	CHECK(memcmp(info.b, qm_i.b, k.block_len) != 0);
	/* a wrong-size IV is refused */
	next = ivi;
	next.len = k.block_len == 8 ? 16 : 8;
	CHECK_EQ(ikev1_encrypt(&k, &next, m2, sizeof(m2)), -1);
	CHECK_EQ(ikev1_iv_msgid(&k, &next, 1, &info), -1);
	ikev1_keys_wipe(&k);
}

static void test_cbc_chain(void)
{
	chain_one(IKEV1_ENCR_3DES, 0);
	chain_one(IKEV1_ENCR_AES, 128);
	chain_one(IKEV1_ENCR_AES, 192);
	chain_one(IKEV1_ENCR_AES, 256);
}

static void test_args(void)
{
	uint8_t n[16] = { 1 }, g[16] = { 2 }, ck[8] = { 3 }, out[128], z[sizeof(struct ikev1_keys)];
	struct ikev1_keys k;
	struct ikev1_iv iv;

	memset(z, 0, sizeof(z));
	CHECK_EQ(ikev1_hash_len(IKEV1_HASH_MD5), 0);
	CHECK_EQ(ikev1_hash_len(IKEV1_HASH_SHA1), 20);
	CHECK_EQ(ikev1_hash_len(IKEV1_HASH_SHA2_512), 64);
	CHECK_EQ(ikev1_cipher_key_len(IKEV1_ENCR_DES, 0), 0);
	CHECK_EQ(ikev1_cipher_key_len(IKEV1_ENCR_AES, 0), 0);
	CHECK_EQ(ikev1_cipher_key_len(IKEV1_ENCR_AES, 160), 0);
	CHECK_EQ(ikev1_cipher_key_len(IKEV1_ENCR_3DES, 128), 0);
	/* MD5, DES, short nonces, empty g^xy, empty PSK: refused and wiped */
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_MD5, IKEV1_ENCR_AES, 128, NULL, 0, n, 16, n, 16,
				   g, 16, ck, ck), -1);
	CHECK_MEM(&k, z, sizeof(k));
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA1, IKEV1_ENCR_DES, 0, NULL, 0, n, 16, n, 16,
				   g, 16, ck, ck), -1);
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA1, IKEV1_ENCR_AES, 128, NULL, 0, n, 7, n, 16,
				   g, 16, ck, ck), -1);
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA1, IKEV1_ENCR_AES, 128, NULL, 0, n, 16, n,
				   257, g, 16, ck, ck), -1);
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA1, IKEV1_ENCR_AES, 128, NULL, 0, n, 16, n, 16,
				   g, 0, ck, ck), -1);
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA1, IKEV1_ENCR_AES, 128, n, 0, n, 16, n, 16,
				   g, 16, ck, ck), -1);
	CHECK_MEM(&k, z, sizeof(k));
	fixed_keys(&k, IKEV1_HASH_SHA2_256, IKEV1_ENCR_AES, 256);
	CHECK_EQ(k.ek_len, 32);
	CHECK_MEM(k.ek, k.skeyid_e, 32);	/* no expansion needed */
	CHECK_EQ(ikev1_padded_len(&k, 0), 0);
	CHECK_EQ(ikev1_padded_len(&k, 1), 16);
	CHECK_EQ(ikev1_padded_len(&k, 32), 32);
	CHECK_EQ(ikev1_keymat(&k, NULL, 0, 3, ck, n, 16, n, 16, out, 0), -1);
	CHECK_EQ(ikev1_keymat(&k, NULL, 0, 3, ck, n, 16, n, 16, out, 16 * 32 + 1), -1);
	CHECK_EQ(ikev1_keymat(&k, NULL, 5, 3, ck, n, 16, n, 16, out, 20), -1);
	CHECK_EQ(ikev1_qm_hash3(&k, 1, n, 4, n, 16, out), -1);
	CHECK_EQ(ikev1_main_hash(&k, true, g, 16, g, 16, ck, ck, n, 0, n, 4, out), -1);
	CHECK_EQ(ikev1_iv_phase1(&k, g, 0, g, 16, &iv), -1);
	CHECK_EQ(ikev1_iv_phase1(&k, g, 16, g, 16, &iv), 0);
	CHECK_EQ(ikev1_encrypt(&k, &iv, out, 0), -1);
	CHECK_EQ(ikev1_encrypt(&k, &iv, out, 17), -1);
	CHECK_EQ(ikev1_decrypt(&k, &iv, out, 15, out, &iv), -1);
	CHECK_EQ(ikev1_natd_hash(IKEV1_HASH_SHA1, ck, ck, g, 5, 500, out), -1);
	CHECK_EQ(ikev1_natd_hash(IKEV1_HASH_SHA1, ck, ck, g, 16, 500, out), 0);
	/* constant-time compare wrapper */
	CHECK(ikev1_hash_eq(n, 16, n, 16));
	CHECK(!ikev1_hash_eq(n, 16, n, 15));
	CHECK(!ikev1_hash_eq(n, 0, n, 0));
	CHECK(!ikev1_hash_eq(n, 16, g, 16));
	ikev1_keys_wipe(&k);
	CHECK_MEM(&k, z, sizeof(k));
}

const struct test_case ikev1_keys_tests[] = {
	T(test_vectors_phase1),
	T(test_vectors_phase2),
	T(test_cbc_chain),
	T(test_args),
	T_END,
};
