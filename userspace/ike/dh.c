// SPDX-License-Identifier: GPL-2.0
/*
 * Diffie-Hellman of IKEv1 and IKEv2 with OpenSSL 3 EVP_PKEY: MODP (RFC 2409
 * group 2, RFC 3526), ECP (RFC 5903) and Curve25519 (RFC 8031), peer values
 * validated (RFC 6989).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include "dh.h"

enum grp_kind { GRP_MODP, GRP_ECP, GRP_X25519 };

struct dh_group {
	uint16_t id;
	enum grp_kind kind;
	const char *name;	/* OpenSSL group name; NULL: MODP from p, q, g */
	size_t pub_len, secret_len;
	BIGNUM *(*prime)(BIGNUM *);	/* MODP: the prime (generator 2) */
};

/*
 * OpenSSL 3 knows modp_1536 .. modp_8192 by name, not RFC 2409's group 2:
 * that one is given as p (BN_get_rfc2409_prime_1024), q = (p - 1) / 2 (a
 * safe prime, so the subgroup check y^q = 1 applies as for the others)
 * and g = 2.
 */
static const struct dh_group groups[] = {
	{ IKE_DH_MODP_1024, GRP_MODP, NULL, 128, 128, BN_get_rfc2409_prime_1024 },
	{ IKE_DH_MODP_1536, GRP_MODP, "modp_1536", 192, 192, BN_get_rfc3526_prime_1536 },
	{ IKE_DH_MODP_2048, GRP_MODP, "modp_2048", 256, 256, BN_get_rfc3526_prime_2048 },
	{ IKE_DH_MODP_3072, GRP_MODP, "modp_3072", 384, 384, BN_get_rfc3526_prime_3072 },
	{ IKE_DH_ECP_256, GRP_ECP, "P-256", 64, 32, NULL },
	{ IKE_DH_ECP_384, GRP_ECP, "P-384", 96, 48, NULL },
	{ IKE_DH_ECP_521, GRP_ECP, "P-521", 132, 66, NULL },
	{ IKE_DH_CURVE25519, GRP_X25519, "X25519", 32, 32, NULL },
};

#define PUB_MAX		384	/* largest pub_len */

struct ike_dh {
	const struct dh_group *g;
	EVP_PKEY *pkey;
};

static const struct dh_group *find_group(uint16_t id)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

bool ike_dh_supported(uint16_t group)
{
	return find_group(group) != NULL;
}

size_t ike_dh_pub_len(uint16_t group)
{
	const struct dh_group *g = find_group(group);

	return g ? g->pub_len : 0;
}

size_t ike_dh_secret_len(uint16_t group)
{
	const struct dh_group *g = find_group(group);

	return g ? g->secret_len : 0;
}

static const char *keytype(const struct dh_group *g)
{
	return g->kind == GRP_MODP ? "DH" : g->kind == GRP_ECP ? "EC" : "X25519";
}

static EVP_PKEY *modp_private(const struct dh_group *g, const BIGNUM *x);

/*
 * A key of a MODP group without an OpenSSL name. OpenSSL's own key
 * generation refuses domain parameters with q below 112 bits of strength
 * (group 2 has 80), so the exponent is drawn here: uniform in 1 .. q - 1,
 * q = (p - 1) / 2.
 */
static EVP_PKEY *keygen_pqg(const struct dh_group *g)
{
	BIGNUM *q = g->prime(NULL), *x = BN_secure_new();
	EVP_PKEY *pkey = NULL;

	if (q && x && BN_rshift1(q, q) && BN_sub_word(q, 1) && BN_priv_rand_range(x, q) &&
	    BN_add_word(x, 1))
		pkey = modp_private(g, x);
	BN_free(q);
	BN_clear_free(x);
	return pkey;
}

static EVP_PKEY *keygen(const struct dh_group *g)
{
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM params[2];

	if (g->kind == GRP_MODP && !g->name)
		return keygen_pqg(g);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, keytype(g), NULL);

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)g->name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0)
		goto out;
	if (g->kind != GRP_X25519 && !EVP_PKEY_CTX_set_params(ctx, params))
		goto out;
	if (EVP_PKEY_generate(ctx, &pkey) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static struct ike_dh *dh_wrap(const struct dh_group *g, EVP_PKEY *pkey)
{
	struct ike_dh *dh;

	if (!pkey)
		return NULL;
	dh = calloc(1, sizeof(*dh));
	if (!dh) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	dh->g = g;
	dh->pkey = pkey;
	return dh;
}

struct ike_dh *ike_dh_new(uint16_t group)
{
	const struct dh_group *g = find_group(group);

	return g ? dh_wrap(g, keygen(g)) : NULL;
}

/*
 * The group of g into bld: its name, or p, q, g (in pqg[], freed by the
 * caller after OSSL_PARAM_BLD_to_param(), which reads them).
 */
static bool push_group(OSSL_PARAM_BLD *bld, const struct dh_group *g, BIGNUM *pqg[3])
{
	if (g->name)
		return OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->name,
						       0);
	pqg[0] = g->prime(NULL);
	pqg[1] = pqg[0] ? BN_dup(pqg[0]) : NULL;
	pqg[2] = BN_new();
	return pqg[1] && pqg[2] && BN_rshift1(pqg[1], pqg[1]) && BN_set_word(pqg[2], 2) &&
	       OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, pqg[0]) &&
	       OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_Q, pqg[1]) &&
	       OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, pqg[2]);
}

/*
 * A key of group g from data: the group (push_group) plus the BIGNUMs
 * (bn_name, bn; bn2_name, bn2) or octet string (oct_name) given; selection
 * EVP_PKEY_*.
 */
static EVP_PKEY *key_fromdata2(const struct dh_group *g, const char *bn_name, const BIGNUM *bn,
			       const char *bn2_name, const BIGNUM *bn2, const char *oct_name,
			       const uint8_t *oct, size_t oct_len, int selection)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, keytype(g), NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *pqg[3] = { NULL, NULL, NULL };

	if (!ctx || !bld || !push_group(bld, g, pqg))
		goto out;
	if (bn2 && !OSSL_PARAM_BLD_push_BN(bld, bn2_name, bn2))
		goto out;
	if (bn && !OSSL_PARAM_BLD_push_BN(bld, bn_name, bn))
		goto out;
	if (oct && !OSSL_PARAM_BLD_push_octet_string(bld, oct_name, oct, oct_len))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) <= 0)
		pkey = NULL;
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	for (int i = 0; i < 3; i++)
		BN_free(pqg[i]);
	return pkey;
}

static EVP_PKEY *key_fromdata(const struct dh_group *g, const char *bn_name, const BIGNUM *bn,
			      const char *oct_name, const uint8_t *oct, size_t oct_len,
			      int selection)
{
	return key_fromdata2(g, bn_name, bn, NULL, NULL, oct_name, oct, oct_len, selection);
}

/* A MODP key pair from the exponent x: 0 < x < p - 1, y = 2^x mod p. */
static EVP_PKEY *modp_private(const struct dh_group *g, const BIGNUM *x)
{
	BN_CTX *bnctx = BN_CTX_new();
	BIGNUM *p = g->prime(NULL), *two = BN_new(), *y = BN_new();
	EVP_PKEY *pkey = NULL;

	if (!bnctx || !p || !two || !y || !BN_set_word(two, 2) || !BN_sub_word(p, 1) ||
	    BN_cmp(x, p) >= 0 || !BN_add_word(p, 1) ||
	    !BN_mod_exp_mont_consttime(y, two, x, p, bnctx, NULL))
		goto out;
	pkey = key_fromdata2(g, OSSL_PKEY_PARAM_PRIV_KEY, x, OSSL_PKEY_PARAM_PUB_KEY, y, NULL,
			     NULL, 0, EVP_PKEY_KEYPAIR);
out:
	BN_CTX_free(bnctx);
	BN_free(p);
	BN_free(two);
	BN_free(y);
	return pkey;
}

struct ike_dh *ike_dh_new_private(uint16_t group, const uint8_t *priv, size_t len)
{
	const struct dh_group *g = find_group(group);
	EVP_PKEY *pkey = NULL;
	BIGNUM *d;

	if (!g || !priv || !len)
		return NULL;
	if (g->kind == GRP_X25519) {
		if (len != 32)
			return NULL;
		pkey = EVP_PKEY_new_raw_private_key_ex(NULL, "X25519", NULL, priv, len);
		return dh_wrap(g, pkey);
	}
	if (len > g->secret_len + (g->kind == GRP_ECP))
		return NULL;
	d = BN_secure_new();
	if (d && BN_bin2bn(priv, (int)len, d) && !BN_is_zero(d))
		pkey = g->kind == GRP_MODP ? modp_private(g, d) :
		       key_fromdata(g, OSSL_PKEY_PARAM_PRIV_KEY, d, NULL, NULL, 0,
				    EVP_PKEY_KEYPAIR);
	BN_clear_free(d);
	return dh_wrap(g, pkey);
}

uint16_t ike_dh_group(const struct ike_dh *dh)
{
	return dh ? dh->g->id : 0;
}

static int modp_public(const struct ike_dh *dh, uint8_t *out, size_t len)
{
	BIGNUM *y = NULL;
	int rc = -1;

	if (EVP_PKEY_get_bn_param(dh->pkey, OSSL_PKEY_PARAM_PUB_KEY, &y) &&
	    BN_bn2binpad(y, out, (int)len) == (int)len)
		rc = 0;
	BN_free(y);
	return rc;
}

static int ecp_public(const struct ike_dh *dh, uint8_t *out, size_t len)
{
	uint8_t enc[1 + PUB_MAX];
	size_t olen = 0;

	if (!EVP_PKEY_get_octet_string_param(dh->pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, enc,
					     sizeof(enc), &olen) ||
	    olen != 1 + len || enc[0] != 0x04)
		return -1;
	memcpy(out, enc + 1, len);
	return 0;
}

static int x25519_public(const struct ike_dh *dh, uint8_t *out, size_t len)
{
	size_t olen = len;

	if (!EVP_PKEY_get_raw_public_key(dh->pkey, out, &olen) || olen != len)
		return -1;
	return 0;
}

int ike_dh_public(const struct ike_dh *dh, uint8_t *out, size_t len)
{
	if (!dh || !out || len != dh->g->pub_len)
		return -1;
	switch (dh->g->kind) {
	case GRP_MODP:
		return modp_public(dh, out, len);
	case GRP_ECP:
		return ecp_public(dh, out, len);
	default:
		return x25519_public(dh, out, len);
	}
}

/* RFC 6989 2.1: 1 < y < p-1 for the MODP groups (which use safe primes). */
static bool modp_in_range(const struct ike_dh *dh, const BIGNUM *y)
{
	BIGNUM *p = NULL;
	bool ok = false;

	if (!EVP_PKEY_get_bn_param(dh->pkey, OSSL_PKEY_PARAM_FFC_P, &p) || !BN_sub_word(p, 1))
		goto out;
	ok = BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, p) < 0;
out:
	BN_free(p);
	return ok;
}

static EVP_PKEY *modp_peer(const struct ike_dh *dh, const uint8_t *peer, size_t len)
{
	BIGNUM *y = BN_bin2bn(peer, (int)len, NULL);
	EVP_PKEY *pkey = NULL;

	if (y && modp_in_range(dh, y))
		pkey = key_fromdata(dh->g, OSSL_PKEY_PARAM_PUB_KEY, y, NULL, NULL, 0,
				    EVP_PKEY_PUBLIC_KEY);
	BN_free(y);
	return pkey;
}

/* Each coordinate of x | y (len bytes) below the field prime. */
static bool ecp_in_range(const struct ike_dh *dh, const uint8_t *peer, size_t len)
{
	BIGNUM *p = NULL, *x = NULL, *y = NULL;
	size_t half = len / 2;
	bool ok = false;

	if (!EVP_PKEY_get_bn_param(dh->pkey, OSSL_PKEY_PARAM_EC_P, &p))
		goto out;
	x = BN_bin2bn(peer, (int)half, NULL);
	y = BN_bin2bn(peer + half, (int)half, NULL);
	ok = x && y && BN_cmp(x, p) < 0 && BN_cmp(y, p) < 0;
out:
	BN_free(p);
	BN_free(x);
	BN_free(y);
	return ok;
}

static EVP_PKEY *ecp_peer(const struct ike_dh *dh, const uint8_t *peer, size_t len)
{
	uint8_t enc[1 + PUB_MAX];

	if (len > PUB_MAX || !ecp_in_range(dh, peer, len))
		return NULL;
	enc[0] = 0x04;	/* uncompressed: never the point at infinity */
	memcpy(enc + 1, peer, len);
	return key_fromdata(dh->g, NULL, NULL, OSSL_PKEY_PARAM_PUB_KEY, enc, 1 + len,
			    EVP_PKEY_PUBLIC_KEY);
}

/* Full public key check (range, on the curve / in the subgroup) of a peer key. */
static bool peer_check(EVP_PKEY *peer)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
	bool ok = ctx && EVP_PKEY_public_check(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static EVP_PKEY *make_peer(const struct ike_dh *dh, const uint8_t *peer, size_t len)
{
	EVP_PKEY *pkey = NULL;

	switch (dh->g->kind) {
	case GRP_MODP:
		pkey = modp_peer(dh, peer, len);
		break;
	case GRP_ECP:
		pkey = ecp_peer(dh, peer, len);
		break;
	default:
		return EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL, peer, len);
	}
	if (pkey && !peer_check(pkey)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* EVP_PKEY_derive() of own key and peer into secret, left-padded to want bytes. */
static int do_derive(EVP_PKEY *own, EVP_PKEY *peer, bool modp, uint8_t *secret, size_t want)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL);
	unsigned int pad = 1;
	OSSL_PARAM params[2];
	size_t len = 0;
	int rc = -1;

	params[0] = OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	if (modp && !EVP_PKEY_CTX_set_params(ctx, params))
		goto out;
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) <= 0)
		goto out;
	if (EVP_PKEY_derive(ctx, NULL, &len) <= 0 || len != want)
		goto out;
	if (EVP_PKEY_derive(ctx, secret, &len) <= 0 || len > want)
		goto out;
	if (len < want) {
		memmove(secret + (want - len), secret, len);
		memset(secret, 0, want - len);
	}
	rc = 0;
out:
	if (rc)
		OPENSSL_cleanse(secret, want);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

int ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t len, uint8_t *secret)
{
	EVP_PKEY *pkey;
	int rc;

	if (!dh || !peer || !secret || len != dh->g->pub_len)
		return -1;
	pkey = make_peer(dh, peer, len);
	if (!pkey)
		return -1;
	rc = do_derive(dh->pkey, pkey, dh->g->kind == GRP_MODP, secret, dh->g->secret_len);
	EVP_PKEY_free(pkey);
	/* RFC 8031 2.3: an all-zero X25519 result is refused */
	if (!rc && dh->g->kind == GRP_X25519 && all_zero(secret, dh->g->secret_len))
		rc = -1;
	if (rc)
		OPENSSL_cleanse(secret, dh->g->secret_len);
	return rc;
}

void ike_dh_free(struct ike_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->pkey);
	OPENSSL_clear_free(dh, sizeof(*dh));
}
