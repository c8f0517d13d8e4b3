// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 key derivation, hashes, IVs and CBC (RFC 2409 section 5 and
 * appendix B, RFC 3947 for NAT-D). OpenSSL 3 EVP; HMAC through ike_prf().
 */
#include <limits.h>
#include <string.h>

#include <openssl/evp.h>

#include "ikev1_keys.h"
#include "ikev2_crypto.h"

#define MSGID_LEN	4
#define KEYMAT_BLOCKS	16

/* The IKEv2 PRF transform that is HMAC of this IKEv1 hash; 0 if none. */
static uint16_t v2_prf(uint16_t hash)
{
	switch (hash) {
	case IKEV1_HASH_SHA1:
		return IKE_PRF_HMAC_SHA1;
	case IKEV1_HASH_SHA2_256:
		return IKE_PRF_HMAC_SHA2_256;
	case IKEV1_HASH_SHA2_384:
		return IKE_PRF_HMAC_SHA2_384;
	case IKEV1_HASH_SHA2_512:
		return IKE_PRF_HMAC_SHA2_512;
	}
	return 0;
}

static const char *digest_name(uint16_t hash)
{
	switch (hash) {
	case IKEV1_HASH_SHA1:
		return "SHA1";
	case IKEV1_HASH_SHA2_256:
		return "SHA256";
	case IKEV1_HASH_SHA2_384:
		return "SHA384";
	case IKEV1_HASH_SHA2_512:
		return "SHA512";
	}
	return NULL;
}

size_t ikev1_hash_len(uint16_t hash)
{
	return ike_prf_len(v2_prf(hash));
}

static int prf_iov(uint16_t hash, const uint8_t *key, size_t klen, const struct ike_iov *iov,
		   unsigned int n, uint8_t *out)
{
	uint16_t prf = v2_prf(hash);

	if (!prf || !klen)
		return -1;
	return ike_prf(prf, key, klen, iov, n, out);
}

int ikev1_prf(uint16_t hash, const uint8_t *key, size_t klen, const uint8_t *a, size_t alen,
	      const uint8_t *b, size_t blen, const uint8_t *c, size_t clen, uint8_t *out)
{
	const struct ike_iov iov[] = { { a, alen }, { b, blen }, { c, clen } };

	return prf_iov(hash, key, klen, iov, 3, out);
}

int ikev1_hash(uint16_t hash, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
	       uint8_t *out)
{
	const char *name = digest_name(hash);
	EVP_MD_CTX *ctx = NULL;
	EVP_MD *md = NULL;
	int rc = -1;

	if (!name || !out || (alen && !a) || (blen && !b))
		return -1;
	md = EVP_MD_fetch(NULL, name, NULL);
	ctx = EVP_MD_CTX_new();
	if (md && ctx && EVP_DigestInit_ex(ctx, md, NULL) &&
	    (!alen || EVP_DigestUpdate(ctx, a, alen)) &&
	    (!blen || EVP_DigestUpdate(ctx, b, blen)) && EVP_DigestFinal_ex(ctx, out, NULL))
		rc = 0;
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return rc;
}

/* ------------------------------------------------------------------ ciphers */

size_t ikev1_cipher_key_len(uint16_t encr, uint16_t key_bits)
{
	if (encr == IKEV1_ENCR_AES && (key_bits == 128 || key_bits == 192 || key_bits == 256))
		return key_bits / 8;
	if (encr == IKEV1_ENCR_3DES && (key_bits == 0 || key_bits == 192))
		return 24;
	return 0;
}

size_t ikev1_cipher_block_len(uint16_t encr)
{
	if (encr == IKEV1_ENCR_AES)
		return 16;
	if (encr == IKEV1_ENCR_3DES)
		return 8;
	return 0;
}

static const EVP_CIPHER *evp_cbc(const struct ikev1_keys *k)
{
	if (k->encr == IKEV1_ENCR_3DES && k->ek_len == 24)
		return EVP_des_ede3_cbc();
	if (k->encr != IKEV1_ENCR_AES)
		return NULL;
	switch (k->ek_len) {
	case 16:
		return EVP_aes_128_cbc();
	case 24:
		return EVP_aes_192_cbc();
	case 32:
		return EVP_aes_256_cbc();
	}
	return NULL;
}

/* ------------------------------------------------------------------ phase 1 */

void ikev1_keys_wipe(struct ikev1_keys *k)
{
	ike_wipe(k, sizeof(*k));
}

static bool nonce_ok(const uint8_t *n, size_t len)
{
	return n && len >= IKEV1_NONCE_MIN && len <= IKEV1_NONCE_MAX;
}

/* SKEYID_x = prf(SKEYID, prev | g^xy | CKY-I | CKY-R | x) */
static int skeyid_child(const struct ikev1_keys *k, const uint8_t *prev, size_t prev_len,
			const uint8_t *gxy, size_t gxy_len, const uint8_t *cky_i,
			const uint8_t *cky_r, uint8_t x, uint8_t *out)
{
	const struct ike_iov iov[] = {
		{ prev, prev_len }, { gxy, gxy_len }, { cky_i, IKEV1_COOKIE_LEN },
		{ cky_r, IKEV1_COOKIE_LEN }, { &x, 1 },
	};

	return prf_iov(k->hash, k->skeyid, k->prf_len, iov, 5, out);
}

/* The encryption key: SKEYID_e itself, or K1 | K2 | ... (appendix B). */
static int expand_ek(struct ikev1_keys *k)
{
	static const uint8_t zero;
	uint8_t kn[IKEV1_PRF_MAX];
	size_t off = 0;
	int rc = 0;

	if (k->prf_len >= k->ek_len) {
		memcpy(k->ek, k->skeyid_e, k->ek_len);
		return 0;
	}
	for (const uint8_t *prev = &zero; off < k->ek_len && !rc; prev = kn) {
		size_t take = k->ek_len - off < k->prf_len ? k->ek_len - off : k->prf_len;

		rc = ikev1_prf(k->hash, k->skeyid_e, k->prf_len, prev, prev == &zero ? 1 : k->prf_len,
			       NULL, 0, NULL, 0, kn);
		memcpy(k->ek + off, kn, take);
		off += take;
	}
	ike_wipe(kn, sizeof(kn));
	return rc;
}

int ikev1_derive_keys(struct ikev1_keys *k, uint16_t hash, uint16_t encr, uint16_t key_bits,
		      const uint8_t *psk, size_t psk_len, const uint8_t *ni, size_t ni_len,
		      const uint8_t *nr, size_t nr_len, const uint8_t *gxy, size_t gxy_len,
		      const uint8_t cky_i[8], const uint8_t cky_r[8])
{
	uint8_t nonces[2 * IKEV1_NONCE_MAX];
	int rc;

	memset(k, 0, sizeof(*k));
	k->hash = hash;
	k->encr = encr;
	k->key_bits = key_bits;
	k->prf_len = ikev1_hash_len(hash);
	k->ek_len = ikev1_cipher_key_len(encr, key_bits);
	k->block_len = ikev1_cipher_block_len(encr);
	if (!k->prf_len || !k->ek_len || !nonce_ok(ni, ni_len) || !nonce_ok(nr, nr_len) ||
	    !gxy || !gxy_len || !cky_i || !cky_r || (psk && !psk_len)) {
		ikev1_keys_wipe(k);
		return -1;
	}
	memcpy(nonces, ni, ni_len);
	memcpy(nonces + ni_len, nr, nr_len);
	if (psk)
		rc = ikev1_prf(hash, psk, psk_len, nonces, ni_len + nr_len, NULL, 0, NULL, 0,
			       k->skeyid);
	else
		rc = ikev1_prf(hash, nonces, ni_len + nr_len, gxy, gxy_len, NULL, 0, NULL, 0,
			       k->skeyid);
	rc = rc ? rc : skeyid_child(k, NULL, 0, gxy, gxy_len, cky_i, cky_r, 0, k->skeyid_d);
	rc = rc ? rc : skeyid_child(k, k->skeyid_d, k->prf_len, gxy, gxy_len, cky_i, cky_r, 1,
				    k->skeyid_a);
	rc = rc ? rc : skeyid_child(k, k->skeyid_a, k->prf_len, gxy, gxy_len, cky_i, cky_r, 2,
				    k->skeyid_e);
	rc = rc ? rc : expand_ek(k);
	ike_wipe(nonces, sizeof(nonces));
	if (rc)
		ikev1_keys_wipe(k);
	return rc;
}

int ikev1_main_hash(const struct ikev1_keys *k, bool initiator, const uint8_t *gxi,
		    size_t gxi_len, const uint8_t *gxr, size_t gxr_len, const uint8_t cky_i[8],
		    const uint8_t cky_r[8], const uint8_t *sai_b, size_t sai_len,
		    const uint8_t *id_b, size_t id_len, uint8_t *out)
{
	const struct ike_iov iov[] = {
		{ initiator ? gxi : gxr, initiator ? gxi_len : gxr_len },
		{ initiator ? gxr : gxi, initiator ? gxr_len : gxi_len },
		{ initiator ? cky_i : cky_r, IKEV1_COOKIE_LEN },
		{ initiator ? cky_r : cky_i, IKEV1_COOKIE_LEN },
		{ sai_b, sai_len },
		{ id_b, id_len },
	};

	if (!gxi_len || !gxr_len || !sai_len || !id_len || !cky_i || !cky_r)
		return -1;
	return prf_iov(k->hash, k->skeyid, k->prf_len, iov, 6, out);
}

/* ------------------------------------------------------------------ phase 2 */

static void put_msgid(uint8_t *p, uint32_t msgid)
{
	p[0] = (uint8_t)(msgid >> 24);
	p[1] = (uint8_t)(msgid >> 16);
	p[2] = (uint8_t)(msgid >> 8);
	p[3] = (uint8_t)msgid;
}

int ikev1_qm_hash1(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *rest,
		   size_t rest_len, uint8_t *out)
{
	uint8_t m[MSGID_LEN];

	put_msgid(m, msgid);
	return ikev1_prf(k->hash, k->skeyid_a, k->prf_len, m, sizeof(m), rest, rest_len, NULL, 0,
			 out);
}

int ikev1_qm_hash2(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *ni,
		   size_t ni_len, const uint8_t *rest, size_t rest_len, uint8_t *out)
{
	uint8_t m[MSGID_LEN];

	if (!nonce_ok(ni, ni_len))
		return -1;
	put_msgid(m, msgid);
	return ikev1_prf(k->hash, k->skeyid_a, k->prf_len, m, sizeof(m), ni, ni_len, rest,
			 rest_len, out);
}

int ikev1_qm_hash3(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *ni,
		   size_t ni_len, const uint8_t *nr, size_t nr_len, uint8_t *out)
{
	uint8_t m[1 + MSGID_LEN] = { 0 };

	if (!nonce_ok(ni, ni_len) || !nonce_ok(nr, nr_len))
		return -1;
	put_msgid(m + 1, msgid);
	return ikev1_prf(k->hash, k->skeyid_a, k->prf_len, m, sizeof(m), ni, ni_len, nr, nr_len,
			 out);
}

int ikev1_keymat(const struct ikev1_keys *k, const uint8_t *gqm, size_t gqm_len,
		 uint8_t protocol, const uint8_t spi[4], const uint8_t *ni, size_t ni_len,
		 const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len)
{
	uint8_t kn[IKEV1_PRF_MAX];
	size_t off = 0;
	bool first = true;
	int rc = 0;

	if (!k->prf_len || !out_len || out_len > KEYMAT_BLOCKS * k->prf_len || !spi ||
	    !nonce_ok(ni, ni_len) || !nonce_ok(nr, nr_len) || (gqm_len && !gqm))
		return -1;
	while (off < out_len && !rc) {
		const struct ike_iov iov[] = {
			{ first ? NULL : kn, first ? 0 : k->prf_len }, { gqm, gqm_len },
			{ &protocol, 1 }, { spi, 4 }, { ni, ni_len }, { nr, nr_len },
		};
		size_t take = out_len - off < k->prf_len ? out_len - off : k->prf_len;

		rc = prf_iov(k->hash, k->skeyid_d, k->prf_len, iov, 6, kn);
		memcpy(out + off, kn, take);
		off += take;
		first = false;
	}
	ike_wipe(kn, sizeof(kn));
	if (rc)
		ike_wipe(out, out_len);
	return rc;
}

/* ---------------------------------------------------------------- IVs, CBC */

static int iv_from_hash(const struct ikev1_keys *k, const uint8_t *a, size_t alen,
			const uint8_t *b, size_t blen, struct ikev1_iv *iv)
{
	uint8_t h[IKEV1_PRF_MAX];

	if (!k->block_len || k->block_len > k->prf_len || ikev1_hash(k->hash, a, alen, b, blen, h))
		return -1;
	memcpy(iv->b, h, k->block_len);
	iv->len = k->block_len;
	return 0;
}

int ikev1_iv_phase1(const struct ikev1_keys *k, const uint8_t *gxi, size_t gxi_len,
		    const uint8_t *gxr, size_t gxr_len, struct ikev1_iv *iv)
{
	if (!gxi_len || !gxr_len)
		return -1;
	return iv_from_hash(k, gxi, gxi_len, gxr, gxr_len, iv);
}

int ikev1_iv_msgid(const struct ikev1_keys *k, const struct ikev1_iv *last, uint32_t msgid,
		   struct ikev1_iv *iv)
{
	uint8_t m[MSGID_LEN];

	if (last->len != k->block_len)
		return -1;
	put_msgid(m, msgid);
	return iv_from_hash(k, last->b, last->len, m, sizeof(m), iv);
}

size_t ikev1_padded_len(const struct ikev1_keys *k, size_t len)
{
	if (!k->block_len)
		return 0;
	return (len + k->block_len - 1) / k->block_len * k->block_len;
}

static int cbc(const struct ikev1_keys *k, const uint8_t *iv, const uint8_t *in, size_t len,
	       uint8_t *out, int enc)
{
	const EVP_CIPHER *c = evp_cbc(k);
	EVP_CIPHER_CTX *ctx;
	int n = 0, rc = -1;

	if (!c || !len || len % k->block_len || len > INT_MAX || !in || !out)
		return -1;
	ctx = EVP_CIPHER_CTX_new();
	if (ctx && EVP_CipherInit_ex(ctx, c, NULL, k->ek, iv, enc) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) && EVP_CipherUpdate(ctx, out, &n, in, (int)len) &&
	    (size_t)n == len)
		rc = 0;
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int ikev1_encrypt(const struct ikev1_keys *k, struct ikev1_iv *iv, uint8_t *buf, size_t len)
{
	if (iv->len != k->block_len || cbc(k, iv->b, buf, len, buf, 1))
		return -1;
	memcpy(iv->b, buf + len - iv->len, iv->len);
	return 0;
}

int ikev1_decrypt(const struct ikev1_keys *k, const struct ikev1_iv *iv, const uint8_t *in,
		  size_t len, uint8_t *out, struct ikev1_iv *next)
{
	struct ikev1_iv last;

	if (iv->len != k->block_len || !len || len % k->block_len || !in)
		return -1;
	memcpy(last.b, in + len - iv->len, iv->len);	/* before out overwrites in */
	last.len = iv->len;
	if (cbc(k, iv->b, in, len, out, 0))
		return -1;
	*next = last;
	return 0;
}

/* ---------------------------------------------------------------- NAT-D */

int ikev1_natd_hash(uint16_t hash, const uint8_t cky_i[8], const uint8_t cky_r[8],
		    const uint8_t *ip, size_t ip_len, uint16_t port, uint8_t *out)
{
	uint8_t buf[2 * IKEV1_COOKIE_LEN + 16 + 2];

	if ((ip_len != 4 && ip_len != 16) || !ip || !cky_i || !cky_r)
		return -1;
	memcpy(buf, cky_i, IKEV1_COOKIE_LEN);
	memcpy(buf + IKEV1_COOKIE_LEN, cky_r, IKEV1_COOKIE_LEN);
	memcpy(buf + 2 * IKEV1_COOKIE_LEN, ip, ip_len);
	buf[2 * IKEV1_COOKIE_LEN + ip_len] = (uint8_t)(port >> 8);
	buf[2 * IKEV1_COOKIE_LEN + ip_len + 1] = (uint8_t)port;
	return ikev1_hash(hash, buf, 2 * IKEV1_COOKIE_LEN + ip_len + 2, NULL, 0, out);
}

bool ikev1_hash_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return a && b && alen && alen == blen && ike_ct_eq(a, b, alen);
}
