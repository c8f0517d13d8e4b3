// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 authentication (see ikev2_auth.h): signed octets, PSK, and
 * signatures of RFC 7296 and RFC 7427. OpenSSL 3 EVP only.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2_auth.h"
#include "ikev2_crypto.h"
#include "x509.h"

#define PRF_MAX		64	/* largest ike_prf_len() */

/* ---- signed octets and pre-shared keys (RFC 7296 2.15) ---- */

int ike_auth_octets(uint16_t prf, const uint8_t *sk_p, size_t sk_p_len, const uint8_t *msg,
		    size_t msg_len, const uint8_t *nonce, size_t nonce_len, const uint8_t *id_body,
		    size_t id_body_len, uint8_t **out, size_t *out_len)
{
	struct ike_iov id = { id_body, id_body_len };
	size_t plen = ike_prf_len(prf);
	size_t total;
	uint8_t *buf;

	*out = NULL;
	if (!plen || plen > PRF_MAX || !sk_p || !msg || !msg_len || !nonce || !nonce_len ||
	    !id_body || id_body_len < 4 || msg_len > IKE_MSG_MAX || nonce_len > IKE_NONCE_MAX)
		return -1;
	total = msg_len + nonce_len + plen;
	buf = malloc(total);
	if (!buf)
		return -1;
	memcpy(buf, msg, msg_len);
	memcpy(buf + msg_len, nonce, nonce_len);
	if (ike_prf(prf, sk_p, sk_p_len, &id, 1, buf + msg_len + nonce_len)) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = total;
	return 0;
}

int ike_auth_psk(uint16_t prf, const uint8_t *psk, size_t psk_len, const uint8_t *octets,
		 size_t octets_len, uint8_t *out)
{
	static const char pad[] = "Key Pad for IKEv2";
	struct ike_iov pad_iov = { pad, sizeof(pad) - 1 };
	struct ike_iov msg_iov = { octets, octets_len };
	size_t plen = ike_prf_len(prf);
	uint8_t key[PRF_MAX];
	int rc = -1;

	if (!plen || plen > sizeof(key) || !psk || !psk_len || !octets)
		return -1;
	if (!ike_prf(prf, psk, psk_len, &pad_iov, 1, key) &&
	    !ike_prf(prf, key, plen, &msg_iov, 1, out))
		rc = 0;
	ike_wipe(key, sizeof(key));
	return rc;
}

bool ike_auth_psk_verify(uint16_t prf, const uint8_t *psk, size_t psk_len, const uint8_t *octets,
			 size_t octets_len, const uint8_t *auth, size_t auth_len)
{
	size_t plen = ike_prf_len(prf);
	uint8_t calc[PRF_MAX];
	bool ok;

	if (!plen || auth_len != plen || !auth)
		return false;
	ok = !ike_auth_psk(prf, psk, psk_len, octets, octets_len, calc) &&
	     ike_ct_eq(calc, auth, plen);
	ike_wipe(calc, sizeof(calc));
	return ok;
}

size_t ike_auth_hash_algs_notify(uint8_t *out, size_t cap)
{
	static const uint8_t algs[] = {
		0, IKE_HASH_SHA2_256, 0, IKE_HASH_SHA2_384, 0, IKE_HASH_SHA2_512,
	};

	if (cap < sizeof(algs))
		return 0;
	memcpy(out, algs, sizeof(algs));
	return sizeof(algs);
}

/* ---- algorithms ---- */

struct hash_alg {
	uint16_t id;		/* IKE_HASH_* */
	const char *md;		/* OpenSSL digest name */
	const char *name;
	uint8_t oid_len;
	uint8_t oid[9];
};

static const struct hash_alg hash_algs[] = {
	{ IKE_HASH_SHA1, "SHA1", "SHA-1", 5, { 0x2b, 0x0e, 0x03, 0x02, 0x1a } },
	{ IKE_HASH_SHA2_256, "SHA256", "SHA2-256", 9,
	  { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 } },
	{ IKE_HASH_SHA2_384, "SHA384", "SHA2-384", 9,
	  { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 } },
	{ IKE_HASH_SHA2_512, "SHA512", "SHA2-512", 9,
	  { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 } },
};

static const struct hash_alg *hash_by_id(uint16_t id)
{
	for (size_t i = 0; i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++)
		if (hash_algs[i].id == id)
			return &hash_algs[i];
	return NULL;
}

/* Hashes we accept in method 14 (and announce): SHA2 only. */
static bool hash_allowed(const struct hash_alg *h)
{
	return h->id == IKE_HASH_SHA2_256 || h->id == IKE_HASH_SHA2_384 ||
	       h->id == IKE_HASH_SHA2_512;
}

enum sig_kind { SIG_RSA_PKCS1, SIG_RSA_PSS, SIG_ECDSA };

struct sig_alg {
	const char *name;
	enum sig_kind kind;
	uint16_t hash;		/* IKE_HASH_*; 0 for PSS (in the parameters) */
	uint8_t oid_len;
	uint8_t oid[9];
};

#define PKCS1_OID(x)	9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, x }
#define ECDSA_OID(x)	8, { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, x }

static const struct sig_alg sig_algs[] = {
	{ "sha1WithRSAEncryption", SIG_RSA_PKCS1, IKE_HASH_SHA1, PKCS1_OID(0x05) },
	{ "sha256WithRSAEncryption", SIG_RSA_PKCS1, IKE_HASH_SHA2_256, PKCS1_OID(0x0b) },
	{ "sha384WithRSAEncryption", SIG_RSA_PKCS1, IKE_HASH_SHA2_384, PKCS1_OID(0x0c) },
	{ "sha512WithRSAEncryption", SIG_RSA_PKCS1, IKE_HASH_SHA2_512, PKCS1_OID(0x0d) },
	{ "id-RSASSA-PSS", SIG_RSA_PSS, 0, PKCS1_OID(0x0a) },
	{ "ecdsa-with-SHA1", SIG_ECDSA, IKE_HASH_SHA1,
	  7, { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 } },
	{ "ecdsa-with-SHA256", SIG_ECDSA, IKE_HASH_SHA2_256, ECDSA_OID(0x02) },
	{ "ecdsa-with-SHA384", SIG_ECDSA, IKE_HASH_SHA2_384, ECDSA_OID(0x03) },
	{ "ecdsa-with-SHA512", SIG_ECDSA, IKE_HASH_SHA2_512, ECDSA_OID(0x04) },
};

static const uint8_t oid_mgf1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };

/* The AlgorithmIdentifiers we send (RFC 7427 appendix A). */
#define ALGID_PKCS1(x) { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, \
			 0x01, x, 0x05, 0x00 }
#define ALGID_ECDSA(x) { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, x }
/* id-RSASSA-PSS, hash h (sha2 id: 1, 2, 3), MGF1 with h, salt length s, trailer 1 */
#define ALGID_PSS(h, s) { 0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, \
	0x01, 0x0a, 0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, \
	0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, \
	0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, \
	0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, s }

static const uint8_t algid_pkcs1[3][15] = {
	ALGID_PKCS1(0x0b), ALGID_PKCS1(0x0c), ALGID_PKCS1(0x0d),
};
static const uint8_t algid_ecdsa[3][12] = {
	ALGID_ECDSA(0x02), ALGID_ECDSA(0x03), ALGID_ECDSA(0x04),
};
static const uint8_t algid_pss[3][67] = {
	ALGID_PSS(0x01, 32), ALGID_PSS(0x02, 48), ALGID_PSS(0x03, 64),
};

/* ---- a minimal DER reader (definite, minimal lengths; never past n) ---- */

struct der {
	const uint8_t *p;
	size_t n;
};

/* Take one TLV of tag from the front of *in; its contents into *val. 0 / -1. */
static int der_take(struct der *in, uint8_t tag, struct der *val)
{
	size_t len, hdr = 2;

	if (in->n < 2 || in->p[0] != tag)
		return -1;
	len = in->p[1];
	if (len & 0x80) {
		size_t nb = len & 0x7f;

		if (nb == 0 || nb > 2 || in->n < 2 + nb)
			return -1;
		len = 0;
		for (size_t i = 0; i < nb; i++)
			len = len << 8 | in->p[2 + i];
		if (len < 0x80 || (nb == 2 && len < 0x100))
			return -1;
		hdr += nb;
	}
	if (len > in->n - hdr)
		return -1;
	val->p = in->p + hdr;
	val->n = len;
	in->p += hdr + len;
	in->n -= hdr + len;
	return 0;
}

static bool der_next_is(const struct der *in, uint8_t tag)
{
	return in->n && in->p[0] == tag;
}

/* AlgorithmIdentifier filling exactly in: its OID and parameters (may be empty). */
static int der_algid(struct der in, struct der *oid, struct der *params)
{
	struct der seq;

	if (der_take(&in, 0x30, &seq) || in.n || der_take(&seq, 0x06, oid) || !oid->n)
		return -1;
	*params = seq;
	return 0;
}

/* Parameters absent or NULL. */
static bool der_params_null(struct der params)
{
	return !params.n || (params.n == 2 && params.p[0] == 0x05 && params.p[1] == 0);
}

/* A non-negative INTEGER < 65536 filling exactly in. */
static int der_uint16(struct der in, unsigned int *v)
{
	struct der i;

	if (der_take(&in, 0x02, &i) || in.n || !i.n || i.n > 3 || (i.p[0] & 0x80) ||
	    (i.n > 1 && i.p[0] == 0 && !(i.p[1] & 0x80)) || (i.n == 3 && i.p[0]))
		return -1;
	*v = 0;
	for (size_t k = 0; k < i.n; k++)
		*v = *v << 8 | i.p[k];
	return 0;
}

/* Dotted text of OID contents (for messages). */
static void oid_text(struct der oid, char *out, size_t outlen)
{
	unsigned long long arc = 0;
	size_t off = 0;
	bool first = true;

	out[0] = '\0';
	for (size_t i = 0; i < oid.n && off < outlen; i++) {
		if (arc >> 56)
			break;
		arc = arc << 7 | (oid.p[i] & 0x7f);
		if (oid.p[i] & 0x80)
			continue;
		if (first) {
			unsigned int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;

			off += (size_t)snprintf(out + off, outlen - off, "%u.%llu", top,
						arc - 40ull * top);
			first = false;
		} else {
			off += (size_t)snprintf(out + off, outlen - off, ".%llu", arc);
		}
		arc = 0;
	}
	if (first && outlen > 1)
		snprintf(out, outlen, "?");
}

static const struct hash_alg *hash_by_oid(struct der oid)
{
	for (size_t i = 0; i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++)
		if (oid.n == hash_algs[i].oid_len && !memcmp(oid.p, hash_algs[i].oid, oid.n))
			return &hash_algs[i];
	return NULL;
}

static const struct sig_alg *sig_by_oid(struct der oid)
{
	for (size_t i = 0; i < sizeof(sig_algs) / sizeof(sig_algs[0]); i++)
		if (oid.n == sig_algs[i].oid_len && !memcmp(oid.p, sig_algs[i].oid, oid.n))
			return &sig_algs[i];
	return NULL;
}

/* A hash AlgorithmIdentifier filling exactly in (parameters absent or NULL). */
static const struct hash_alg *der_hash_algid(struct der in)
{
	struct der oid, params;

	if (der_algid(in, &oid, &params) || !der_params_null(params))
		return NULL;
	return hash_by_oid(oid);
}

struct pss_params {
	const struct hash_alg *md, *mgf_md;
	unsigned int salt;
};

/*
 * RSASSA-PSS-params (RFC 4055 3.1): [0] hash, [1] maskGen (MGF1 only),
 * [2] saltLength, [3] trailerField (1 only); absent fields take the
 * defaults (SHA-1, MGF1 with SHA-1, 20, 1). 0 / -1.
 */
static int der_pss_params(struct der params, struct pss_params *pp)
{
	struct der seq, x, oid, mgf_params;
	unsigned int trailer = 1;

	pp->md = pp->mgf_md = hash_by_id(IKE_HASH_SHA1);
	pp->salt = 20;
	if (der_take(&params, 0x30, &seq) || params.n)
		return -1;
	if (der_next_is(&seq, 0xa0) && (der_take(&seq, 0xa0, &x) || !(pp->md = der_hash_algid(x))))
		return -1;
	if (der_next_is(&seq, 0xa1)) {
		if (der_take(&seq, 0xa1, &x) || der_algid(x, &oid, &mgf_params) ||
		    oid.n != sizeof(oid_mgf1) || memcmp(oid.p, oid_mgf1, oid.n) ||
		    !(pp->mgf_md = der_hash_algid(mgf_params)))
			return -1;
	}
	if (der_next_is(&seq, 0xa2) && (der_take(&seq, 0xa2, &x) || der_uint16(x, &pp->salt)))
		return -1;
	if (der_next_is(&seq, 0xa3) && (der_take(&seq, 0xa3, &x) || der_uint16(x, &trailer)))
		return -1;
	return seq.n || trailer != 1 ? -1 : 0;
}

/* ---- EVP signing and verification ---- */

enum pad { PAD_NONE, PAD_PKCS1, PAD_PSS };

/* Set up RSA padding on a DigestSign/Verify context; PSS uses MGF1 with mgf, salt. */
static int set_padding(EVP_PKEY_CTX *pctx, enum pad pad, const char *mgf, int salt)
{
	if (pad == PAD_PKCS1)
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 ? 0 : -1;
	if (pad == PAD_PSS)
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
		       EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, mgf, NULL) == 1 &&
		       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) == 1 ? 0 : -1;
	return 0;
}

/* Signature of msg into a malloc'd *sig. 0 / -1. */
static int evp_sign(EVP_PKEY *key, const char *md, enum pad pad, const uint8_t *msg,
		    size_t msg_len, uint8_t **sig, size_t *sig_len)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int rc = -1;

	*sig = NULL;
	if (!m || EVP_DigestSignInit_ex(m, &pctx, md, NULL, NULL, key, NULL) != 1 ||
	    set_padding(pctx, pad, md, RSA_PSS_SALTLEN_DIGEST) ||
	    EVP_DigestSign(m, NULL, sig_len, msg, msg_len) != 1 || !(*sig = malloc(*sig_len)) ||
	    EVP_DigestSign(m, *sig, sig_len, msg, msg_len) != 1)
		goto out;
	rc = 0;
out:
	if (rc) {
		free(*sig);
		*sig = NULL;
	}
	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return rc;
}

/* Does sig verify over msg? (Any error is a failure.) */
static bool evp_verify(EVP_PKEY *key, const char *md, enum pad pad, const char *mgf, int salt,
		       const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = m && EVP_DigestVerifyInit_ex(m, &pctx, md, NULL, NULL, key, NULL) == 1 &&
		  !set_padding(pctx, pad, mgf, salt) &&
		  EVP_DigestVerify(m, sig, sig_len, msg, msg_len) == 1;

	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return ok;
}

/* DER ECDSA-Sig-Value -> r | s, flen bytes each. 0 / -1. */
static int ecdsa_der_to_raw(const uint8_t *der, size_t len, size_t flen, uint8_t *out)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = len <= LONG_MAX ? d2i_ECDSA_SIG(NULL, &p, (long)len) : NULL;
	const BIGNUM *r, *s;
	int rc = -1;

	if (!sig)
		goto out;
	ECDSA_SIG_get0(sig, &r, &s);
	if (p == der + len && BN_bn2binpad(r, out, (int)flen) == (int)flen &&
	    BN_bn2binpad(s, out + flen, (int)flen) == (int)flen)
		rc = 0;
out:
	ECDSA_SIG_free(sig);
	ERR_clear_error();
	return rc;
}

/* r | s (2 * flen bytes) -> DER in a malloc'd *der. 0 / -1. */
static int ecdsa_raw_to_der(const uint8_t *raw, size_t flen, uint8_t **der, size_t *der_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)flen, NULL), *s = BN_bin2bn(raw + flen, (int)flen, NULL);
	unsigned char *p = NULL;
	int n = -1;

	if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
		r = s = NULL;	/* owned by sig */
		n = i2d_ECDSA_SIG(sig, &p);
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	ERR_clear_error();
	if (n <= 0)
		return -1;
	/* i2d allocated with OPENSSL_malloc: copy to malloc memory for the caller */
	*der = malloc((size_t)n);
	if (*der)
		memcpy(*der, p, (size_t)n);
	OPENSSL_free(p);
	*der_len = (size_t)n;
	return *der ? 0 : -1;
}

/* The classic ECDSA method of an EC key's curve; 0 if none. */
static uint8_t ec_method(EVP_PKEY *key)
{
	char group[64];

	if (!EVP_PKEY_is_a(key, "EC") ||
	    !EVP_PKEY_get_group_name(key, group, sizeof(group), NULL))
		return 0;
	if (!strcmp(group, "prime256v1"))
		return IKE_AUTH_ECDSA_256;
	if (!strcmp(group, "secp384r1"))
		return IKE_AUTH_ECDSA_384;
	if (!strcmp(group, "secp521r1"))
		return IKE_AUTH_ECDSA_521;
	return 0;
}

/* Hash and field length of a classic ECDSA method. */
static uint16_t ec_method_hash(uint8_t method, size_t *flen)
{
	switch (method) {
	case IKE_AUTH_ECDSA_256:
		*flen = 32;
		return IKE_HASH_SHA2_256;
	case IKE_AUTH_ECDSA_384:
		*flen = 48;
		return IKE_HASH_SHA2_384;
	default:
		*flen = 66;
		return IKE_HASH_SHA2_512;
	}
}

/* ---- signing ---- */

static bool list_has(const uint16_t *hashes, unsigned int n, uint16_t id)
{
	for (unsigned int i = 0; i < n; i++)
		if (hashes[i] == id)
			return true;
	return false;
}

/* The method-14 hash for our key: our preference order, first one the peer listed. */
static uint16_t pick_hash(uint8_t ecm, const uint16_t *hashes, unsigned int n)
{
	static const uint16_t pref[][3] = {
		{ IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512 },	/* RSA, P-256 */
		{ IKE_HASH_SHA2_384, IKE_HASH_SHA2_256, IKE_HASH_SHA2_512 },	/* P-384 */
		{ IKE_HASH_SHA2_512, IKE_HASH_SHA2_384, IKE_HASH_SHA2_256 },	/* P-521 */
	};
	unsigned int row = ecm == IKE_AUTH_ECDSA_384 ? 1 : ecm == IKE_AUTH_ECDSA_521 ? 2 : 0;

	for (unsigned int i = 0; i < 3; i++)
		if (list_has(hashes, n, pref[row][i]))
			return pref[row][i];
	return 0;
}

/* Method 14: algid length | algid | signature. */
static int sign_digital(EVP_PKEY *key, uint8_t ecm, bool pss, uint16_t hash,
			const uint8_t *octets, size_t octets_len, uint8_t *out, size_t cap,
			size_t *out_len)
{
	unsigned int h = hash - IKE_HASH_SHA2_256;	/* 0..2 */
	const uint8_t *algid;
	size_t alen, sig_len;
	uint8_t *sig;
	enum pad pad;
	int rc = -1;

	if (ecm) {
		algid = algid_ecdsa[h];
		alen = sizeof(algid_ecdsa[h]);
		pad = PAD_NONE;
	} else {
		algid = pss ? algid_pss[h] : algid_pkcs1[h];
		alen = pss ? sizeof(algid_pss[h]) : sizeof(algid_pkcs1[h]);
		pad = pss ? PAD_PSS : PAD_PKCS1;
	}
	if (evp_sign(key, hash_by_id(hash)->md, pad, octets, octets_len, &sig, &sig_len))
		return -1;
	if (1 + alen + sig_len <= cap) {
		out[0] = (uint8_t)alen;
		memcpy(out + 1, algid, alen);
		memcpy(out + 1 + alen, sig, sig_len);
		*out_len = 1 + alen + sig_len;
		rc = 0;
	}
	free(sig);
	return rc;
}

/* Classic methods: 1 (RSA, SHA-1) or 9/10/11 (ECDSA, r | s). */
static int sign_classic(EVP_PKEY *key, uint8_t ecm, const uint8_t *octets, size_t octets_len,
			uint8_t *method, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t flen, sig_len;
	uint16_t hash = ecm ? ec_method_hash(ecm, &flen) : IKE_HASH_SHA1;
	uint8_t *sig;
	int rc = -1;

	if (evp_sign(key, hash_by_id(hash)->md, ecm ? PAD_NONE : PAD_PKCS1, octets, octets_len,
		     &sig, &sig_len))
		return -1;
	if (ecm) {
		if (2 * flen <= cap && !ecdsa_der_to_raw(sig, sig_len, flen, out)) {
			*out_len = 2 * flen;
			rc = 0;
		}
	} else if (sig_len <= cap) {
		memcpy(out, sig, sig_len);
		*out_len = sig_len;
		rc = 0;
	}
	*method = ecm ? ecm : IKE_AUTH_RSA_SIG;
	free(sig);
	return rc;
}

int ike_auth_sign(const struct ike_cred *c, bool pss, const uint16_t *hashes, unsigned int n_hashes,
		  const uint8_t *octets, size_t octets_len, uint8_t *method, uint8_t *out, size_t cap,
		  size_t *out_len)
{
	EVP_PKEY *key = c ? ike_cred_key(c) : NULL;
	uint8_t ecm;
	uint16_t hash;

	if (!key || !octets || !octets_len)
		return -1;
	ecm = ec_method(key);
	if (!ecm && !EVP_PKEY_is_a(key, "RSA"))
		return -1;
	hash = hashes ? pick_hash(ecm, hashes, n_hashes) : 0;
	if (hash) {
		*method = IKE_AUTH_DIGITAL_SIG;
		return sign_digital(key, ecm, pss, hash, octets, octets_len, out, cap, out_len);
	}
	return sign_classic(key, ecm, octets, octets_len, method, out, cap, out_len);
}

/* ---- verification ---- */

#define WHY(...) do { if (why && whylen) snprintf(why, whylen, __VA_ARGS__); } while (0)

static const char *key_type(EVP_PKEY *key)
{
	if (EVP_PKEY_is_a(key, "RSA"))
		return "RSA";
	if (EVP_PKEY_is_a(key, "RSA-PSS"))
		return "RSA-PSS";
	if (EVP_PKEY_is_a(key, "EC"))
		return "EC";
	return EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "unknown";
}

/* Does the key type fit the signature algorithm? */
static bool key_fits(EVP_PKEY *key, enum sig_kind kind)
{
	switch (kind) {
	case SIG_RSA_PKCS1:
		return EVP_PKEY_is_a(key, "RSA");
	case SIG_RSA_PSS:
		return EVP_PKEY_is_a(key, "RSA") || EVP_PKEY_is_a(key, "RSA-PSS");
	default:
		return EVP_PKEY_is_a(key, "EC");
	}
}

/* The signature algorithm and hash of a method-14 AlgorithmIdentifier. */
static int parse_sig_algid(struct der algid, const struct sig_alg **sa, struct pss_params *pp,
			   char *why, size_t whylen)
{
	struct der oid, params;
	char txt[64];

	if (der_algid(algid, &oid, &params)) {
		WHY("malformed AlgorithmIdentifier in AUTH");
		return -1;
	}
	*sa = sig_by_oid(oid);
	if (!*sa) {
		oid_text(oid, txt, sizeof(txt));
		WHY("unsupported signature algorithm %s", txt);
		return -1;
	}
	if ((*sa)->kind == SIG_RSA_PSS ? der_pss_params(params, pp) : !der_params_null(params)) {
		WHY("malformed parameters of %s", (*sa)->name);
		return -1;
	}
	if ((*sa)->kind != SIG_RSA_PSS)
		pp->md = pp->mgf_md = hash_by_id((*sa)->hash);
	if (!hash_allowed(pp->md) || !hash_allowed(pp->mgf_md)) {
		WHY("hash %s not allowed in %s", hash_allowed(pp->md) ? pp->mgf_md->name :
		    pp->md->name, (*sa)->name);
		return -1;
	}
	return 0;
}

/* Method 14 (RFC 7427 3). */
static int verify_digital(EVP_PKEY *key, const uint8_t *auth, size_t auth_len,
			  const uint8_t *octets, size_t octets_len, char *why, size_t whylen)
{
	const struct sig_alg *sa;
	struct pss_params pp;
	struct der algid;
	size_t sig_off;

	if (auth_len < 1 || !auth[0]) {
		WHY("AUTH data without an AlgorithmIdentifier");
		return -1;
	}
	if ((size_t)auth[0] >= auth_len) {
		WHY("AUTH data: AlgorithmIdentifier length %u past the end (%zu bytes)",
		    auth[0], auth_len);
		return -1;
	}
	if ((size_t)auth[0] + 1 == auth_len) {
		WHY("AUTH data without a signature");
		return -1;
	}
	algid.p = auth + 1;
	algid.n = auth[0];
	sig_off = 1 + algid.n;
	if (parse_sig_algid(algid, &sa, &pp, why, whylen))
		return -1;
	if (!key_fits(key, sa->kind)) {
		WHY("%s does not fit the certificate's %s key", sa->name, key_type(key));
		return -1;
	}
	if (!evp_verify(key, pp.md->md, sa->kind == SIG_RSA_PSS ? PAD_PSS :
			sa->kind == SIG_RSA_PKCS1 ? PAD_PKCS1 : PAD_NONE, pp.mgf_md->md,
			(int)pp.salt, octets, octets_len, auth + sig_off, auth_len - sig_off)) {
		WHY("signature invalid (%s)", sa->name);
		return -1;
	}
	return 0;
}

/* Methods 9, 10, 11: ECDSA on the method's curve, r | s. */
static int verify_ecdsa_classic(EVP_PKEY *key, uint8_t method, const uint8_t *auth,
				size_t auth_len, const uint8_t *octets, size_t octets_len,
				char *why, size_t whylen)
{
	size_t flen, der_len;
	uint16_t hash = ec_method_hash(method, &flen);
	uint8_t *der;
	bool ok;

	if (ec_method(key) != method) {
		WHY("auth method %u does not fit the certificate's %s key", method, key_type(key));
		return -1;
	}
	if (auth_len != 2 * flen) {
		WHY("ECDSA signature of %zu bytes, expected %zu", auth_len, 2 * flen);
		return -1;
	}
	if (ecdsa_raw_to_der(auth, flen, &der, &der_len)) {
		WHY("out of memory");
		return -1;
	}
	ok = evp_verify(key, hash_by_id(hash)->md, PAD_NONE, NULL, 0, octets, octets_len, der,
			der_len);
	free(der);
	if (!ok)
		WHY("signature invalid (auth method %u)", method);
	return ok ? 0 : -1;
}

int ike_auth_verify_sig(EVP_PKEY *pkey, uint8_t method, const uint8_t *auth, size_t auth_len,
			const uint8_t *octets, size_t octets_len, char *why, size_t whylen)
{
	if (!pkey || !auth || !octets) {
		WHY("no key, AUTH data or octets");
		return -1;
	}
	if ((EVP_PKEY_is_a(pkey, "RSA") || EVP_PKEY_is_a(pkey, "RSA-PSS")) &&
	    EVP_PKEY_get_bits(pkey) < 2048) {
		WHY("RSA key of %d bits (2048 at least)", EVP_PKEY_get_bits(pkey));
		return -1;
	}
	switch (method) {
	case IKE_AUTH_RSA_SIG:
		if (!EVP_PKEY_is_a(pkey, "RSA")) {
			WHY("auth method 1 (RSA) does not fit the certificate's %s key",
			    key_type(pkey));
			return -1;
		}
		if (!evp_verify(pkey, "SHA1", PAD_PKCS1, NULL, 0, octets, octets_len, auth,
				auth_len)) {
			WHY("signature invalid (auth method 1)");
			return -1;
		}
		return 0;
	case IKE_AUTH_ECDSA_256:
	case IKE_AUTH_ECDSA_384:
	case IKE_AUTH_ECDSA_521:
		return verify_ecdsa_classic(pkey, method, auth, auth_len, octets, octets_len, why,
					    whylen);
	case IKE_AUTH_DIGITAL_SIG:
		return verify_digital(pkey, auth, auth_len, octets, octets_len, why, whylen);
	default:
		WHY("unsupported auth method %u", method);
		return -1;
	}
}

/* A DER certificate filling exactly len bytes; NULL if malformed. */
static X509 *cert_from_der(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = der && len && len <= LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;

	if (x && p != der + len) {
		X509_free(x);
		x = NULL;
	}
	ERR_clear_error();
	return x;
}

int ike_auth_verify_cert(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			 const uint8_t *const *inter_der, const size_t *inter_len, unsigned int n_inter,
			 uint8_t id_type, const uint8_t *id, size_t id_len, uint8_t method,
			 const uint8_t *auth, size_t auth_len, const uint8_t *octets, size_t octets_len,
			 char *why, size_t whylen)
{
	return ike_auth_verify_cert_flags(t, ee_der, ee_len, inter_der, inter_len, n_inter,
					  id_type, id, id_len, method, auth, auth_len, octets,
					  octets_len, 0, why, whylen);
}

X509 *ike_auth_check_cert(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			  const uint8_t *const *inter_der, const size_t *inter_len,
			  unsigned int n_inter, uint8_t id_type, const uint8_t *id, size_t id_len,
			  char *why, size_t whylen)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *ee = cert_from_der(ee_der, ee_len);
	char idtxt[128];
	bool ok = false;

	if (!t || !chain) {
		WHY(t ? "out of memory" : "no trusted CAs");
		goto out;
	}
	if (!ee) {
		WHY("malformed certificate");
		goto out;
	}
	for (unsigned int i = 0; i < n_inter; i++) {
		X509 *x = cert_from_der(inter_der[i], inter_len[i]);

		if (!x || !sk_X509_push(chain, x)) {
			X509_free(x);
			WHY("malformed intermediate certificate %u", i + 1);
			goto out;
		}
	}
	if (ike_trust_verify(t, ee, chain, why, whylen) || ike_cert_check_usage(ee, why, whylen))
		goto out;
	if (!ike_cert_has_id(ee, id_type, id, id_len)) {
		ike_id_text(id_type, id, id_len, idtxt, sizeof(idtxt));
		WHY("ID %s not in certificate", idtxt);
		goto out;
	}
	ok = true;
out:
	sk_X509_pop_free(chain, X509_free);
	if (!ok) {
		X509_free(ee);
		ee = NULL;
	}
	ERR_clear_error();
	return ee;
}

int ike_auth_verify_cert_flags(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			       const uint8_t *const *inter_der, const size_t *inter_len,
			       unsigned int n_inter, uint8_t id_type, const uint8_t *id,
			       size_t id_len, uint8_t method, const uint8_t *auth, size_t auth_len,
			       const uint8_t *octets, size_t octets_len, unsigned int flags,
			       char *why, size_t whylen)
{
	X509 *ee;
	int rc;

	if (method == IKE_AUTH_RSA_SIG && !(flags & IKE_AUTH_F_LEGACY_SHA1)) {
		WHY("auth method 1 (RSA with SHA-1) refused (auth-legacy-sha1 not set)");
		return -1;
	}
	ee = ike_auth_check_cert(t, ee_der, ee_len, inter_der, inter_len, n_inter, id_type, id,
				 id_len, why, whylen);
	if (!ee)
		return -1;
	rc = ike_auth_verify_sig(X509_get0_pubkey(ee), method, auth, auth_len, octets, octets_len,
				 why, whylen);
	X509_free(ee);
	ERR_clear_error();
	return rc;
}
