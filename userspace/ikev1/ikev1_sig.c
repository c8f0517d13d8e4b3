// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 RSA signatures over main mode hashes (ikev1_sig.h), OpenSSL 3.
 */
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "ikev1_sig.h"
#include "x509.h"

static int rsa_ok(EVP_PKEY *k, char *why, size_t whylen)
{
	if (!k || !EVP_PKEY_is_a(k, "RSA")) {
		if (why)
			snprintf(why, whylen, "IKEv1 signatures need an RSA key");
		return -1;
	}
	if (EVP_PKEY_get_bits(k) < 2048) {
		if (why)
			snprintf(why, whylen, "RSA key of %d bits (2048 at least)",
				 EVP_PKEY_get_bits(k));
		return -1;
	}
	return 0;
}

int ikev1_sig_sign(const struct ike_cred *c, const uint8_t *hash, size_t hash_len, uint8_t *out,
		   size_t cap, size_t *out_len)
{
	EVP_PKEY *k = c ? ike_cred_key(c) : NULL;
	EVP_PKEY_CTX *ctx;
	size_t n = cap;
	int rc = -1;

	if (rsa_ok(k, NULL, 0))
		return -1;
	ctx = EVP_PKEY_CTX_new(k, NULL);
	if (ctx && EVP_PKEY_sign_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
	    EVP_PKEY_sign(ctx, out, &n, hash, hash_len) == 1) {
		*out_len = n;
		rc = 0;
	}
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return rc;
}

int ikev1_sig_verify(EVP_PKEY *pkey, const uint8_t *hash, size_t hash_len, const uint8_t *sig,
		     size_t sig_len, char *why, size_t whylen)
{
	EVP_PKEY_CTX *ctx;
	int ok;

	if (rsa_ok(pkey, why, whylen))
		return -1;
	ctx = EVP_PKEY_CTX_new(pkey, NULL);
	ok = ctx && EVP_PKEY_verify_init(ctx) == 1 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
	     EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len) == 1;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	if (!ok && why)
		snprintf(why, whylen, "signature invalid");
	return ok ? 0 : -1;
}
