// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 cryptography: PRF, prf+, key derivation and SK payload protection.
 * OpenSSL 3 EVP only (EVP_MAC "HMAC", EVP_CIPHER).
 */
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "ikev2_crypto.h"

#define AES_BLOCK	16
#define PRF_SEED_MAX	8	/* seed pieces of prf+ */

void ike_wipe(void *p, size_t n)
{
	if (p && n)
		OPENSSL_cleanse(p, n);
}

bool ike_ct_eq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int ike_random(void *p, size_t n)
{
	if (n > INT_MAX)
		return -1;
	if (!n)
		return 0;
	return RAND_bytes(p, (int)n) == 1 ? 0 : -1;
}

/* ---- HMAC ---------------------------------------------------------------- */

static const char *prf_digest(uint16_t prf)
{
	switch (prf) {
	case IKE_PRF_HMAC_SHA1:
		return "SHA1";
	case IKE_PRF_HMAC_SHA2_256:
		return "SHA256";
	case IKE_PRF_HMAC_SHA2_384:
		return "SHA384";
	case IKE_PRF_HMAC_SHA2_512:
		return "SHA512";
	}
	return NULL;
}

size_t ike_prf_len(uint16_t prf)
{
	switch (prf) {
	case IKE_PRF_HMAC_SHA1:
		return 20;
	case IKE_PRF_HMAC_SHA2_256:
		return 32;
	case IKE_PRF_HMAC_SHA2_384:
		return 48;
	case IKE_PRF_HMAC_SHA2_512:
		return 64;
	}
	return 0;
}

/* out = first out_len bytes of HMAC-<md>(key, iov[0] | ... | iov[n-1]). */
static int hmac_iov(const char *md, const uint8_t *key, size_t klen, const struct ike_iov *iov,
		    unsigned int n, uint8_t *out, size_t out_len)
{
	static const uint8_t empty[1];
	uint8_t full[EVP_MAX_MD_SIZE];
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac = NULL;
	size_t olen = 0;
	int rc = -1;

	if (!md || (!key && klen) || (n && !iov))
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0);
	params[1] = OSSL_PARAM_construct_end();
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		goto out;
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx || !EVP_MAC_init(ctx, key ? key : empty, klen, params))
		goto out;
	for (unsigned int i = 0; i < n; i++) {
		if (!iov[i].len)
			continue;
		if (!iov[i].p || !EVP_MAC_update(ctx, iov[i].p, iov[i].len))
			goto out;
	}
	if (!EVP_MAC_final(ctx, full, &olen, sizeof(full)) || olen < out_len)
		goto out;
	memcpy(out, full, out_len);
	rc = 0;
out:
	ike_wipe(full, sizeof(full));
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int ike_prf(uint16_t prf, const uint8_t *key, size_t klen, const struct ike_iov *iov,
	    unsigned int n, uint8_t *out)
{
	size_t len = ike_prf_len(prf);

	if (!len || !out)
		return -1;
	return hmac_iov(prf_digest(prf), key, klen, iov, n, out, len);
}

int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t klen, const struct ike_iov *seed,
		 unsigned int n, uint8_t *out, size_t out_len)
{
	size_t plen = ike_prf_len(prf), off = 0, tlen = 0;
	struct ike_iov iov[PRF_SEED_MAX + 2];
	uint8_t t[EVP_MAX_MD_SIZE], ctr;
	unsigned int m;
	int rc = -1;

	if (!plen || n > PRF_SEED_MAX || (n && !seed) || (out_len && !out) ||
	    out_len > 255 * plen)
		return -1;
	for (ctr = 1; off < out_len; ctr++) {
		size_t chunk = out_len - off < plen ? out_len - off : plen;

		m = 0;
		if (tlen)
			iov[m++] = (struct ike_iov){ t, tlen };
		for (unsigned int i = 0; i < n; i++)
			iov[m++] = seed[i];
		iov[m++] = (struct ike_iov){ &ctr, 1 };
		if (ike_prf(prf, key, klen, iov, m, t))
			goto out;
		tlen = plen;
		memcpy(out + off, t, chunk);
		off += chunk;
	}
	rc = 0;
out:
	ike_wipe(t, sizeof(t));
	if (rc && out_len)
		ike_wipe(out, out_len);
	return rc;
}

static const char *integ_digest(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:
		return "SHA1";
	case IKE_INTEG_HMAC_SHA2_256_128:
		return "SHA256";
	case IKE_INTEG_HMAC_SHA2_384_192:
		return "SHA384";
	case IKE_INTEG_HMAC_SHA2_512_256:
		return "SHA512";
	}
	return NULL;
}

size_t ike_integ_key_len(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:
		return 20;
	case IKE_INTEG_HMAC_SHA2_256_128:
		return 32;
	case IKE_INTEG_HMAC_SHA2_384_192:
		return 48;
	case IKE_INTEG_HMAC_SHA2_512_256:
		return 64;
	}
	return 0;
}

size_t ike_integ_len(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:
		return 12;
	case IKE_INTEG_HMAC_SHA2_256_128:
		return 16;
	case IKE_INTEG_HMAC_SHA2_384_192:
		return 24;
	case IKE_INTEG_HMAC_SHA2_512_256:
		return 32;
	}
	return 0;
}

int ike_integ(uint16_t integ, const uint8_t *key, size_t klen, const struct ike_iov *iov,
	      unsigned int n, uint8_t *icv)
{
	size_t len = ike_integ_len(integ);

	if (!len || !icv || !key || klen != ike_integ_key_len(integ))
		return -1;
	return hmac_iov(integ_digest(integ), key, klen, iov, n, icv, len);
}

/* ---- ciphers --------------------------------------------------------------- */

static bool aes_bits_ok(uint16_t bits)
{
	return bits == 128 || bits == 192 || bits == 256;
}

bool ike_cipher_valid(const struct ike_cipher *c)
{
	if (!c)
		return false;
	switch (c->encr) {
	case IKE_ENCR_AES_CBC:
		return aes_bits_ok(c->key_bits) && ike_integ_len(c->integ) != 0;
	case IKE_ENCR_AES_GCM_16:
		return aes_bits_ok(c->key_bits) && c->integ == IKE_INTEG_NONE;
	case IKE_ENCR_CHACHA20_POLY1305:
		return (c->key_bits == 0 || c->key_bits == 256) && c->integ == IKE_INTEG_NONE;
	}
	return false;
}

bool ike_cipher_aead(const struct ike_cipher *c)
{
	return ike_cipher_valid(c) && c->encr != IKE_ENCR_AES_CBC;
}

size_t ike_cipher_key_len(const struct ike_cipher *c)
{
	if (!ike_cipher_valid(c))
		return 0;
	switch (c->encr) {
	case IKE_ENCR_AES_CBC:
		return c->key_bits / 8;
	case IKE_ENCR_AES_GCM_16:
		return c->key_bits / 8 + IKE_AEAD_SALT_LEN;
	default:
		return 32 + IKE_AEAD_SALT_LEN;
	}
}

size_t ike_cipher_integ_key_len(const struct ike_cipher *c)
{
	if (!ike_cipher_valid(c) || ike_cipher_aead(c))
		return 0;
	return ike_integ_key_len(c->integ);
}

size_t ike_cipher_iv_len(const struct ike_cipher *c)
{
	if (!ike_cipher_valid(c))
		return 0;
	return ike_cipher_aead(c) ? IKE_AEAD_IV_LEN : AES_BLOCK;
}

size_t ike_cipher_icv_len(const struct ike_cipher *c)
{
	if (!ike_cipher_valid(c))
		return 0;
	return ike_cipher_aead(c) ? IKE_AEAD_TAG_LEN : ike_integ_len(c->integ);
}

static const EVP_CIPHER *evp_cipher(const struct ike_cipher *c)
{
	switch (c->encr) {
	case IKE_ENCR_AES_CBC:
		return c->key_bits == 128 ? EVP_aes_128_cbc() :
		       c->key_bits == 192 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
	case IKE_ENCR_AES_GCM_16:
		return c->key_bits == 128 ? EVP_aes_128_gcm() :
		       c->key_bits == 192 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
	default:
		return EVP_chacha20_poly1305();
	}
}

/* The key k matches its cipher: right lengths for the encryption and integrity keys. */
static bool sk_key_ok(const struct ike_sk_key *k)
{
	return k && ike_cipher_valid(&k->c) && k->ek_len == ike_cipher_key_len(&k->c) &&
	       k->ak_len == ike_cipher_integ_key_len(&k->c);
}

size_t ike_sk_body_len(const struct ike_cipher *c, size_t pt_len)
{
	size_t ct_len;

	if (!ike_cipher_valid(c) || pt_len > INT_MAX - 256)
		return 0;
	ct_len = pt_len + 1;
	if (!ike_cipher_aead(c))
		ct_len = (ct_len + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;
	return ike_cipher_iv_len(c) + ct_len + ike_cipher_icv_len(c);
}

/* AEAD context set up with key and nonce = salt | iv, for encryption (enc) or decryption. */
static EVP_CIPHER_CTX *aead_ctx(const struct ike_sk_key *k, const uint8_t *iv, int enc)
{
	uint8_t nonce[IKE_AEAD_SALT_LEN + IKE_AEAD_IV_LEN];
	size_t klen = k->ek_len - IKE_AEAD_SALT_LEN;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	memcpy(nonce, k->ek + klen, IKE_AEAD_SALT_LEN);
	memcpy(nonce + IKE_AEAD_SALT_LEN, iv, IKE_AEAD_IV_LEN);
	if (ctx && !EVP_CipherInit_ex2(ctx, evp_cipher(&k->c), k->ek, nonce, enc, NULL)) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	ike_wipe(nonce, sizeof(nonce));
	return ctx;
}

static bool aead_args_ok(const struct ike_sk_key *k, const uint8_t *iv, const uint8_t *aad,
			 size_t aad_len, const uint8_t *in, size_t len, const uint8_t *out,
			 const uint8_t *tag)
{
	return sk_key_ok(k) && ike_cipher_aead(&k->c) && iv && tag && (aad || !aad_len) &&
	       ((in && out) || !len) && aad_len <= INT_MAX && len <= INT_MAX;
}

int ike_aead_seal(const struct ike_sk_key *k, const uint8_t iv[IKE_AEAD_IV_LEN],
		  const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
		  uint8_t tag[IKE_AEAD_TAG_LEN])
{
	OSSL_PARAM params[2];
	EVP_CIPHER_CTX *ctx;
	int outl, rc = -1;

	if (!aead_args_ok(k, iv, aad, aad_len, pt, len, ct, tag))
		return -1;
	ctx = aead_ctx(k, iv, 1);
	if (!ctx)
		return -1;
	if (aad_len && !EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)aad_len))
		goto out;
	if (len && (!EVP_EncryptUpdate(ctx, ct, &outl, pt, (int)len) || (size_t)outl != len))
		goto out;
	if (!EVP_EncryptFinal_ex(ctx, ct + len, &outl) || outl != 0)
		goto out;
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
						      IKE_AEAD_TAG_LEN);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_CIPHER_CTX_get_params(ctx, params))
		goto out;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int ike_aead_open(const struct ike_sk_key *k, const uint8_t iv[IKE_AEAD_IV_LEN],
		  const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
		  const uint8_t tag[IKE_AEAD_TAG_LEN], uint8_t *pt)
{
	uint8_t tagbuf[IKE_AEAD_TAG_LEN];
	OSSL_PARAM params[2];
	EVP_CIPHER_CTX *ctx;
	int outl, rc = -1;

	if (!aead_args_ok(k, iv, aad, aad_len, ct, len, pt, tag))
		return -1;
	ctx = aead_ctx(k, iv, 0);
	if (!ctx)
		return -1;
	memcpy(tagbuf, tag, sizeof(tagbuf));
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tagbuf,
						      sizeof(tagbuf));
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_CIPHER_CTX_set_params(ctx, params))
		goto out;
	if (aad_len && !EVP_DecryptUpdate(ctx, NULL, &outl, aad, (int)aad_len))
		goto out;
	if (len && (!EVP_DecryptUpdate(ctx, pt, &outl, ct, (int)len) || (size_t)outl != len))
		goto out;
	if (EVP_DecryptFinal_ex(ctx, pt + len, &outl) <= 0 || outl != 0)
		goto out;
	rc = 0;
out:
	if (rc && len)
		ike_wipe(pt, len);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

/* AES-CBC without padding of len (a multiple of 16) bytes; in may equal out. */
static int cbc_crypt(const struct ike_sk_key *k, const uint8_t *iv, const uint8_t *in,
		     size_t len, uint8_t *out, int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl, fin, rc = -1;

	if (!ctx || len % AES_BLOCK || len > INT_MAX)
		goto out;
	if (!EVP_CipherInit_ex2(ctx, evp_cipher(&k->c), k->ek, iv, enc, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0))
		goto out;
	if (!EVP_CipherUpdate(ctx, out, &outl, in, (int)len) || (size_t)outl != len)
		goto out;
	if (!EVP_CipherFinal_ex(ctx, out + len, &fin) || fin != 0)
		goto out;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int ike_sk_seal(const struct ike_sk_key *k, uint8_t *msg, size_t aad_len, const uint8_t *pt,
		size_t pt_len, size_t body_len)
{
	size_t iv_len, icv_len, ct_len, pad;
	uint8_t *iv, *ct;

	if (!sk_key_ok(k) || !msg || (!pt && pt_len) || !body_len ||
	    body_len != ike_sk_body_len(&k->c, pt_len) || aad_len > INT_MAX - body_len)
		return -1;
	iv_len = ike_cipher_iv_len(&k->c);
	icv_len = ike_cipher_icv_len(&k->c);
	ct_len = body_len - iv_len - icv_len;
	pad = ct_len - pt_len - 1;
	iv = msg + aad_len;
	ct = iv + iv_len;
	/* pt first: it may lie where the IV goes */
	if (pt_len)
		memmove(ct, pt, pt_len);
	memset(ct + pt_len, 0, pad);
	ct[ct_len - 1] = (uint8_t)pad;
	if (ike_random(iv, iv_len))
		goto fail;
	if (ike_cipher_aead(&k->c)) {
		if (ike_aead_seal(k, iv, msg, aad_len, ct, ct_len, ct, ct + ct_len))
			goto fail;
		return 0;
	}
	if (cbc_crypt(k, iv, ct, ct_len, ct, 1))
		goto fail;
	if (ike_integ(k->c.integ, k->ak, k->ak_len,
		      &(struct ike_iov){ msg, aad_len + iv_len + ct_len }, 1, ct + ct_len))
		goto fail;
	return 0;
fail:
	ike_wipe(iv, body_len);
	return -1;
}

/* The pad length byte at the end of the n decrypted bytes: inner length or -1. */
static long strip_padding(uint8_t *out, size_t n)
{
	size_t pad;

	if (!n)
		return -1;
	pad = out[n - 1];
	if (pad + 1 > n) {
		ike_wipe(out, n);
		return -1;
	}
	ike_wipe(out + (n - 1 - pad), pad + 1);
	return (long)(n - 1 - pad);
}

long ike_sk_open(const struct ike_sk_key *k, const uint8_t *msg, size_t aad_len, size_t body_len,
		 uint8_t *out)
{
	uint8_t icv[EVP_MAX_MD_SIZE];
	size_t iv_len, icv_len, ct_len;
	const uint8_t *iv, *ct;

	if (!sk_key_ok(k) || !msg || !out || body_len > INT_MAX || aad_len > INT_MAX - body_len)
		return -1;
	iv_len = ike_cipher_iv_len(&k->c);
	icv_len = ike_cipher_icv_len(&k->c);
	if (body_len < iv_len + icv_len + 1)
		return -1;
	ct_len = body_len - iv_len - icv_len;
	iv = msg + aad_len;
	ct = iv + iv_len;
	if (ike_cipher_aead(&k->c)) {
		if (ike_aead_open(k, iv, msg, aad_len, ct, ct_len, ct + ct_len, out))
			return -1;
		return strip_padding(out, ct_len);
	}
	if (ct_len % AES_BLOCK)
		return -1;
	if (ike_integ(k->c.integ, k->ak, k->ak_len,
		      &(struct ike_iov){ msg, aad_len + iv_len + ct_len }, 1, icv))
		return -1;
	if (!ike_ct_eq(icv, ct + ct_len, icv_len))
		return -1;
	if (cbc_crypt(k, iv, ct, ct_len, out, 0)) {
		ike_wipe(out, ct_len);
		return -1;
	}
	return strip_padding(out, ct_len);
}

/* ---- key derivation ------------------------------------------------------- */

void ike_sa_keys_wipe(struct ike_sa_keys *k)
{
	if (k)
		ike_wipe(k, sizeof(*k));
}

static bool nonce_ok(const uint8_t *n, size_t len)
{
	return n && len && len <= IKE_NONCE_MAX;
}

/* Take the next len bytes of the keying material km (at *off) into dst. */
static void take(uint8_t *dst, const uint8_t *km, size_t *off, size_t len)
{
	memcpy(dst, km + *off, len);
	*off += len;
}

/*
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
 * prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), sliced into k.
 */
static int sa_keys_from_skeyseed(struct ike_sa_keys *k, uint16_t prf, const struct ike_cipher *c,
				 const uint8_t *skeyseed, size_t slen, const uint8_t *ni,
				 size_t ni_len, const uint8_t *nr, size_t nr_len,
				 const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t km[3 * IKE_KEY_MAX + 4 * IKE_KEY_MAX];
	size_t plen = ike_prf_len(prf), ek = ike_cipher_key_len(c);
	size_t ak = ike_cipher_integ_key_len(c), off = 0;
	struct ike_iov seed[4] = {
		{ ni, ni_len }, { nr, nr_len }, { spi_i, IKE_SPI_LEN }, { spi_r, IKE_SPI_LEN },
	};
	int rc = -1;

	if (!plen || !ek || plen > IKE_KEY_MAX || ek > IKE_KEY_MAX || ak > IKE_KEY_MAX)
		return -1;
	if (ike_prf_plus(prf, skeyseed, slen, seed, 4, km, 3 * plen + 2 * ak + 2 * ek))
		goto out;
	ike_sa_keys_wipe(k);
	k->prf = prf;
	k->prf_len = plen;
	k->ei.c = *c;
	k->er.c = *c;
	k->ei.ak_len = k->er.ak_len = ak;
	k->ei.ek_len = k->er.ek_len = ek;
	take(k->sk_d, km, &off, plen);
	take(k->ei.ak, km, &off, ak);
	take(k->er.ak, km, &off, ak);
	take(k->ei.ek, km, &off, ek);
	take(k->er.ek, km, &off, ek);
	take(k->sk_pi, km, &off, plen);
	take(k->sk_pr, km, &off, plen);
	rc = 0;
out:
	ike_wipe(km, sizeof(km));
	return rc;
}

int ike_derive_sa_keys(struct ike_sa_keys *k, uint16_t prf, const struct ike_cipher *c,
		       const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
		       const uint8_t *gir, size_t gir_len, const uint8_t spi_i[8],
		       const uint8_t spi_r[8])
{
	uint8_t nonces[2 * IKE_NONCE_MAX], skeyseed[EVP_MAX_MD_SIZE];
	int rc = -1;

	if (!k)
		return -1;
	if (!ike_prf_len(prf) || !ike_cipher_valid(c) || !nonce_ok(ni, ni_len) ||
	    !nonce_ok(nr, nr_len) || !gir || !gir_len || !spi_i || !spi_r)
		goto out;
	memcpy(nonces, ni, ni_len);
	memcpy(nonces + ni_len, nr, nr_len);
	if (ike_prf(prf, nonces, ni_len + nr_len, &(struct ike_iov){ gir, gir_len }, 1, skeyseed))
		goto out;
	rc = sa_keys_from_skeyseed(k, prf, c, skeyseed, ike_prf_len(prf), ni, ni_len, nr, nr_len,
				   spi_i, spi_r);
out:
	ike_wipe(nonces, sizeof(nonces));
	ike_wipe(skeyseed, sizeof(skeyseed));
	if (rc)
		ike_sa_keys_wipe(k);
	return rc;
}

int ike_derive_rekey_keys(struct ike_sa_keys *k, uint16_t old_prf, const uint8_t *old_sk_d,
			  size_t old_sk_d_len, uint16_t prf, const struct ike_cipher *c,
			  const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			  const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			  const uint8_t spi_r[8])
{
	uint8_t skeyseed[EVP_MAX_MD_SIZE];
	struct ike_iov iov[3] = { { gir, gir_len }, { ni, ni_len }, { nr, nr_len } };
	int rc = -1;

	if (!k)
		return -1;
	if (!ike_prf_len(old_prf) || !old_sk_d || !old_sk_d_len || !ike_prf_len(prf) ||
	    !ike_cipher_valid(c) || !nonce_ok(ni, ni_len) || !nonce_ok(nr, nr_len) || !gir ||
	    !gir_len || !spi_i || !spi_r)
		goto out;
	if (ike_prf(old_prf, old_sk_d, old_sk_d_len, iov, 3, skeyseed))
		goto out;
	rc = sa_keys_from_skeyseed(k, prf, c, skeyseed, ike_prf_len(old_prf), ni, ni_len, nr,
				   nr_len, spi_i, spi_r);
out:
	ike_wipe(skeyseed, sizeof(skeyseed));
	if (rc)
		ike_sa_keys_wipe(k);
	return rc;
}

int ike_derive_child_keymat(uint16_t prf, const uint8_t *sk_d, size_t sk_d_len, const uint8_t *gir,
			    size_t gir_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
			    size_t nr_len, uint8_t *out, size_t out_len)
{
	struct ike_iov seed[3];
	unsigned int n = 0;

	if (!sk_d || !sk_d_len || !nonce_ok(ni, ni_len) || !nonce_ok(nr, nr_len) ||
	    (gir && !gir_len))
		return -1;
	if (gir)
		seed[n++] = (struct ike_iov){ gir, gir_len };
	seed[n++] = (struct ike_iov){ ni, ni_len };
	seed[n++] = (struct ike_iov){ nr, nr_len };
	return ike_prf_plus(prf, sk_d, sk_d_len, seed, n, out, out_len);
}
