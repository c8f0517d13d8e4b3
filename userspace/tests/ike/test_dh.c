// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of dh.c: key agreement in every group, Wycheproof X25519 and ECDH
 * (P-256, P-384) vectors, known answers for MODP groups 2 and 5
 * (data/ike/modp_kat.txt), RFC 6989 validation of peer public values.
 */
#include <stdlib.h>
#include <string.h>

#include "dh.h"
#include "test.h"

static const uint16_t all_groups[] = {
	IKE_DH_MODP_1024, IKE_DH_MODP_1536, IKE_DH_MODP_2048, IKE_DH_MODP_3072, IKE_DH_ECP_256,
	IKE_DH_ECP_384, IKE_DH_ECP_521, IKE_DH_CURVE25519,
};

/* RFC 2409 section 6.2: the 1024-bit MODP prime (group 2). */
static const char modp1024_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";

/* RFC 3526 section 2: the 1536-bit MODP prime (group 5). */
static const char modp1536_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF";

/* RFC 3526 section 3: the 2048-bit MODP prime (group 14). */
static const char modp2048_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

/* RFC 3526 section 4: the 3072-bit MODP prime (group 15). */
static const char modp3072_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/* Field primes of P-256 and P-384 (SEC 2 / FIPS 186-4). */
static const char p256_p[] =
	"ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
static const char p384_p[] =
	"ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	"fffffffeffffffff0000000000000000ffffffff";

static void test_dh_lengths(void)
{
	static const size_t pub[] = { 128, 192, 256, 384, 64, 96, 132, 32 };
	static const size_t sec[] = { 128, 192, 256, 384, 32, 48, 66, 32 };

	for (size_t i = 0; i < sizeof(all_groups) / sizeof(all_groups[0]); i++) {
		CHECK(ike_dh_supported(all_groups[i]));
		CHECK_EQ(ike_dh_pub_len(all_groups[i]), pub[i]);
		CHECK_EQ(ike_dh_secret_len(all_groups[i]), sec[i]);
	}
	for (uint16_t g = 0; g < 40; g++) {
		bool known = false;

		for (size_t i = 0; i < sizeof(all_groups) / sizeof(all_groups[0]); i++)
			known |= all_groups[i] == g;
		if (known)
			continue;
		CHECK(!ike_dh_supported(g));
		CHECK_EQ(ike_dh_pub_len(g), 0);
		CHECK_EQ(ike_dh_secret_len(g), 0);
		CHECK(ike_dh_new(g) == NULL);
	}
	CHECK_EQ(ike_dh_group(NULL), 0);
	ike_dh_free(NULL);
}

/* Two keys of group g agree; wrong lengths are refused. */
static void agree(uint16_t g)
{
	uint8_t pa[512], pb[512], sa[512], sb[512];
	size_t plen = ike_dh_pub_len(g), slen = ike_dh_secret_len(g);
	struct ike_dh *a = ike_dh_new(g), *b = ike_dh_new(g);

	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK_EQ(ike_dh_group(a), g);
	CHECK_EQ(ike_dh_public(a, pa, plen), 0);
	CHECK_EQ(ike_dh_public(b, pb, plen), 0);
	CHECK(memcmp(pa, pb, plen) != 0);
	CHECK_EQ(ike_dh_public(a, pa, plen - 1), -1);
	CHECK_EQ(ike_dh_public(a, pa, plen + 1), -1);
	memset(sa, 0xaa, sizeof(sa));
	memset(sb, 0xbb, sizeof(sb));
	CHECK_EQ(ike_dh_derive(a, pb, plen, sa), 0);
	CHECK_EQ(ike_dh_derive(b, pa, plen, sb), 0);
	CHECK_MEM(sa, sb, slen);
	CHECK_EQ(sa[slen], 0xaa);	/* exactly secret_len bytes written */
	/* derive twice from the same key: same secret */
	CHECK_EQ(ike_dh_derive(a, pb, plen, sb), 0);
	CHECK_MEM(sa, sb, slen);
	/* wrong length of the peer's KE data */
	CHECK_EQ(ike_dh_derive(a, pb, plen - 1, sa), -1);
	CHECK_EQ(ike_dh_derive(a, pb, plen + 1, sa), -1);
	CHECK_EQ(ike_dh_derive(a, pb, 0, sa), -1);
	/* a fresh key each time */
	ike_dh_free(b);
	b = ike_dh_new(g);
	CHECK(b != NULL);
	if (b) {
		CHECK_EQ(ike_dh_public(b, pa, plen), 0);
		CHECK(memcmp(pa, pb, plen) != 0);
	}
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

static void test_dh_agree(void)
{
	for (size_t i = 0; i < sizeof(all_groups) / sizeof(all_groups[0]); i++)
		agree(all_groups[i]);
}

/* ---- Wycheproof ---------------------------------------------------------------- */

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

struct dh_ctx {
	uint16_t group;
	int ok, rejected;
};

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return n != 0;
}

/* One vector: tcId result private public shared. */
static void dh_vector(char **f, struct dh_ctx *x)
{
	size_t dlen, plen, slen, want_len = ike_dh_secret_len(x->group);
	uint8_t *d = field_hex(f[2], &dlen), *pub = field_hex(f[3], &plen);
	uint8_t *shared = field_hex(f[4], &slen), secret[66];
	struct ike_dh *dh = NULL;
	bool expect_ok;
	int rc;

	CHECK(d && pub && shared);
	if (!d || !pub || !shared)
		goto out;
	dh = ike_dh_new_private(x->group, d, dlen);
	CHECK(dh != NULL);
	if (!dh)
		goto out;
	CHECK_EQ(plen, ike_dh_pub_len(x->group));
	/* X25519: an all-zero result is refused even where Wycheproof finds it acceptable */
	if (x->group == IKE_DH_CURVE25519)
		expect_ok = strcmp(f[1], "invalid") && !all_zero(shared, slen);
	else
		expect_ok = !strcmp(f[1], "valid");
	rc = ike_dh_derive(dh, pub, plen, secret);
	if (rc != (expect_ok ? 0 : -1))
		fprintf(stderr, "  wycheproof tcId %s (%s): got %d\n", f[0], f[1], rc);
	CHECK_EQ(rc, expect_ok ? 0 : -1);
	if (expect_ok) {
		CHECK_EQ(slen, want_len);
		CHECK_MEM(secret, shared, want_len);
		x->ok++;
	} else {
		x->rejected++;
	}
out:
	ike_dh_free(dh);
	free(d);
	free(pub);
	free(shared);
}

static int run_vectors(const char *name, struct dh_ctx *x)
{
	char *buf = test_read_file(name, NULL), *save = NULL, *line;
	int n = 0;

	CHECK(buf != NULL);
	if (!buf)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *s2 = NULL;
		int nf = 0;

		if (line[0] == '#' || !line[0])
			continue;
		for (char *t = strtok_r(line, " ", &s2); t && nf < 5; t = strtok_r(NULL, " ", &s2))
			f[nf++] = t;
		CHECK_EQ(nf, 5);
		if (nf == 5) {
			dh_vector(f, x);
			n++;
		}
	}
	free(buf);
	return n;
}

static void test_dh_x25519_wycheproof(void)
{
	struct dh_ctx x = { .group = IKE_DH_CURVE25519 };

	CHECK(run_vectors("data/wycheproof/x25519.txt", &x) > 100);
	CHECK(x.ok > 50);
	CHECK(x.rejected > 10);	/* low-order points: all-zero shared secret */
}

static void test_dh_ecdh_wycheproof(void)
{
	struct dh_ctx x = { .group = IKE_DH_ECP_256 };
	struct dh_ctx y = { .group = IKE_DH_ECP_384 };

	CHECK(run_vectors("data/wycheproof/ecdh_secp256r1.txt", &x) > 50);
	CHECK(x.ok > 40);
	CHECK(x.rejected >= 12);	/* invalid-curve points */
	CHECK(run_vectors("data/wycheproof/ecdh_secp384r1.txt", &y) > 50);
	CHECK(y.ok > 40);
	CHECK(y.rejected >= 12);
}

/* ---- RFC 6989 validation ------------------------------------------------------------- */

/* big-endian n-byte a += v (v small, may be negative), no overflow expected */
static void add_small(uint8_t *a, size_t n, int v)
{
	int carry = v;

	for (size_t i = n; i-- > 0 && carry;) {
		int s = a[i] + carry;

		a[i] = (uint8_t)(s & 0xff);
		carry = s >> 8;	/* arithmetic shift: -1 for a borrow */
	}
}

static void modp_reject(uint16_t g, const char *p_hex)
{
	size_t len = ike_dh_pub_len(g);
	struct ike_dh *dh = ike_dh_new(g);
	uint8_t p[384], y[385], s[384];

	CHECK(dh != NULL);
	CHECK_EQ(test_unhex(p_hex, p, sizeof(p)), len);
	if (!dh)
		return;
	memset(y, 0, len);				/* 0 */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	y[len - 1] = 1;					/* 1 */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memcpy(y, p, len);				/* p */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	add_small(y, len, -1);				/* p - 1 */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	add_small(y, len, -1);				/* p - 2 = -2: not in the subgroup */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memcpy(y, p, len);				/* p + 1 */
	add_small(y, len, 1);
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memset(y, 0xff, len);				/* 2^N - 1 > p */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	/* 2 (the generator) and 4 are fine: 1 < y < p-1, order q */
	memset(y, 0, len);
	y[len - 1] = 2;
	CHECK_EQ(ike_dh_derive(dh, y, len, s), 0);
	y[len - 1] = 4;
	CHECK_EQ(ike_dh_derive(dh, y, len, s), 0);
	/* wrong lengths */
	CHECK_EQ(ike_dh_derive(dh, y + 1, len - 1, s), -1);
	CHECK_EQ(ike_dh_derive(dh, y, len + 1, s), -1);
	ike_dh_free(dh);
}

static void test_dh_modp_invalid(void)
{
	modp_reject(IKE_DH_MODP_1024, modp1024_p);
	modp_reject(IKE_DH_MODP_1536, modp1536_p);
	modp_reject(IKE_DH_MODP_2048, modp2048_p);
	modp_reject(IKE_DH_MODP_3072, modp3072_p);
}

static void ecp_reject(uint16_t g, const char *p_hex)
{
	size_t len = ike_dh_pub_len(g), half = len / 2;
	struct ike_dh *dh = ike_dh_new(g), *other = ike_dh_new(g);
	uint8_t pub[96], y[96], s[48];

	CHECK(dh && other);
	if (!dh || !other)
		goto out;
	CHECK_EQ(ike_dh_public(other, pub, len), 0);
	CHECK_EQ(ike_dh_derive(dh, pub, len, s), 0);
	memset(y, 0, len);				/* (0, 0): not on the curve */
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memcpy(y, pub, len);				/* y + 1: off the curve */
	add_small(y + half, half, 1);
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memcpy(y, pub, len);				/* x = p */
	CHECK_EQ(test_unhex(p_hex, y, half), half);
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memcpy(y, pub, len);				/* y = p */
	CHECK_EQ(test_unhex(p_hex, y + half, half), half);
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	memset(y, 0xff, len);
	CHECK_EQ(ike_dh_derive(dh, y, len, s), -1);
	CHECK_EQ(ike_dh_derive(dh, pub, len - 1, s), -1);
out:
	ike_dh_free(dh);
	ike_dh_free(other);
}

static void test_dh_ecp_invalid(void)
{
	ecp_reject(IKE_DH_ECP_256, p256_p);
	ecp_reject(IKE_DH_ECP_384, p384_p);
}

static void test_dh_x25519_invalid(void)
{
	struct ike_dh *dh = ike_dh_new(IKE_DH_CURVE25519);
	uint8_t u[33], s[32];

	CHECK(dh != NULL);
	if (!dh)
		return;
	memset(u, 0, sizeof(u));	/* u = 0: all-zero result */
	CHECK_EQ(ike_dh_derive(dh, u, 32, s), -1);
	u[0] = 1;			/* u = 1: low order */
	CHECK_EQ(ike_dh_derive(dh, u, 32, s), -1);
	u[0] = 9;			/* the base point is fine */
	CHECK_EQ(ike_dh_derive(dh, u, 32, s), 0);
	CHECK_EQ(ike_dh_derive(dh, u, 31, s), -1);
	CHECK_EQ(ike_dh_derive(dh, u, 33, s), -1);
	ike_dh_free(dh);
}

/* ---- MODP groups 2 and 5: known answers ---------------------------------------- */

/* The value of the next "key = HEX" line after *pos (advanced past it), into out. */
static long kat_value(char **pos, const char *key, uint8_t *out, size_t cap)
{
	char want[16], hex[1024];
	const char *at;
	size_t n;

	snprintf(want, sizeof(want), "\n%s = ", key);
	at = strstr(*pos, want);
	if (!at)
		return -1;
	at += strlen(want);
	n = strcspn(at, "\n");
	if (n >= sizeof(hex))
		return -1;
	memcpy(hex, at, n);
	hex[n] = '\0';
	*pos = (char *)at + n;
	return test_unhex(hex, out, cap);
}

static void modp_kat(char **pos, uint16_t g, const char *p_hex)
{
	size_t len = ike_dh_pub_len(g);
	uint8_t p[192], want_p[192], xa[192], xb[192], ya[192], yb[192], z[192];
	uint8_t pub[192], sec[192];
	long np, na, nb;
	struct ike_dh *a = NULL, *b = NULL;

	np = kat_value(pos, "p", p, sizeof(p));
	na = kat_value(pos, "xa", xa, sizeof(xa));
	nb = kat_value(pos, "xb", xb, sizeof(xb));
	CHECK(np == (long)len && na == (long)len && nb == (long)len);
	CHECK(kat_value(pos, "ya", ya, sizeof(ya)) == (long)len);
	CHECK(kat_value(pos, "yb", yb, sizeof(yb)) == (long)len);
	CHECK(kat_value(pos, "z", z, sizeof(z)) == (long)len);
	CHECK_EQ(test_unhex(p_hex, want_p, sizeof(want_p)), len);
	CHECK_MEM(p, want_p, len);
	if (np != (long)len || na != (long)len || nb != (long)len)
		return;
	a = ike_dh_new_private(g, xa, len);
	b = ike_dh_new_private(g, xb, len);
	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK_EQ(ike_dh_public(a, pub, len), 0);
	CHECK_MEM(pub, ya, len);
	CHECK_EQ(ike_dh_public(b, pub, len), 0);
	CHECK_MEM(pub, yb, len);
	CHECK_EQ(ike_dh_derive(a, yb, len, sec), 0);
	CHECK_MEM(sec, z, len);
	CHECK_EQ(ike_dh_derive(b, ya, len, sec), 0);
	CHECK_MEM(sec, z, len);
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

static void test_dh_modp_legacy_kat(void)
{
	char *text = test_read_file("data/ike/modp_kat.txt", NULL), *pos;

	CHECK(text != NULL);
	if (!text)
		return;
	pos = strstr(text, "# modp1024");
	CHECK(pos != NULL);
	if (pos)
		modp_kat(&pos, IKE_DH_MODP_1024, modp1024_p);
	pos = strstr(text, "# modp1536");
	CHECK(pos != NULL);
	if (pos)
		modp_kat(&pos, IKE_DH_MODP_1536, modp1536_p);
	free(text);
}

static void test_dh_new_private(void)
{
	uint8_t d[67], big[257], pub[256];
	struct ike_dh *dh;

	memset(d, 0x11, sizeof(d));
	/* MODP: any 0 < x < p - 1 of at most the prime's length */
	dh = ike_dh_new_private(IKE_DH_MODP_2048, d, 32);
	CHECK(dh != NULL);
	CHECK(dh && ike_dh_public(dh, pub, sizeof(pub)) == 0);
	ike_dh_free(dh);
	memset(big, 0xff, sizeof(big));
	CHECK(ike_dh_new_private(IKE_DH_MODP_2048, big, 257) == NULL);	/* too long */
	CHECK(ike_dh_new_private(IKE_DH_MODP_2048, big, 256) == NULL);	/* > p */
	CHECK(ike_dh_new_private(IKE_DH_MODP_1024, big, 128) == NULL);
	dh = ike_dh_new_private(IKE_DH_MODP_1024, big + 1, 127);	/* 2^1016 - 1 < p */
	CHECK(dh != NULL);
	ike_dh_free(dh);
	CHECK(ike_dh_new_private(IKE_DH_CURVE25519, d, 31) == NULL);
	CHECK(ike_dh_new_private(IKE_DH_ECP_256, d, 34) == NULL);
	memset(d, 0, sizeof(d));
	CHECK(ike_dh_new_private(IKE_DH_ECP_256, d, 32) == NULL);	/* zero scalar */
	CHECK(ike_dh_new_private(99, d, 32) == NULL);
}

const struct test_case ike_dh_tests[] = {
	T(test_dh_lengths),
	T(test_dh_agree),
	T(test_dh_x25519_wycheproof),
	T(test_dh_ecdh_wycheproof),
	T(test_dh_modp_invalid),
	T(test_dh_modp_legacy_kat),
	T(test_dh_ecp_invalid),
	T(test_dh_x25519_invalid),
	T(test_dh_new_private),
	T_END
};
