// SPDX-License-Identifier: GPL-2.0
/* CHAP-MD5 (RFC 1994 section 4.1). */
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "ppp_chap_md5.h"

int chap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		      const uint8_t *chal, size_t chal_len, uint8_t out[CHAP_MD5_LEN])
{
	EVP_MD_CTX *ctx;
	EVP_MD *md;
	int rc = -1;

	if ((secret_len && !secret) || (chal_len && !chal))
		return -1;
	md = EVP_MD_fetch(NULL, "MD5", NULL);
	ctx = EVP_MD_CTX_new();
	if (md && ctx && EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, &id, 1) &&
	    (!secret_len || EVP_DigestUpdate(ctx, secret, secret_len)) &&
	    (!chal_len || EVP_DigestUpdate(ctx, chal, chal_len)) &&
	    EVP_DigestFinal_ex(ctx, out, NULL))
		rc = 0;
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return rc;
}

int chap_md5_verify(uint8_t id, const uint8_t *secret, size_t secret_len,
		    const uint8_t *chal, size_t chal_len, const uint8_t *resp, size_t resp_len)
{
	uint8_t mine[CHAP_MD5_LEN];
	int rc;

	if (chap_md5_response(id, secret, secret_len, chal, chal_len, mine))
		return -1;
	rc = resp_len == CHAP_MD5_LEN && resp && !CRYPTO_memcmp(mine, resp, CHAP_MD5_LEN) ? 0 : 1;
	OPENSSL_cleanse(mine, sizeof(mine));
	return rc;
}
