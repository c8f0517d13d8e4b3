// SPDX-License-Identifier: GPL-2.0
/* L2TPv2 tunnel authentication (RFC 2661 4.2, 5.1.1) and its MD5. */
#include <openssl/evp.h>

#include "ikev2_crypto.h"	/* ike_wipe, ike_ct_eq, ike_random */
#include "l2tp_auth.h"

int l2tp_md5(const struct l2tp_iov *iov, unsigned int n, uint8_t out[L2TP_MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int olen = 0;
	int rc = -1;

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_md5(), NULL))
		goto out;
	for (unsigned int i = 0; i < n; i++)
		if (iov[i].len && !EVP_DigestUpdate(ctx, iov[i].p, iov[i].len))
			goto out;
	if (EVP_DigestFinal_ex(ctx, out, &olen) && olen == L2TP_MD5_LEN)
		rc = 0;
out:
	EVP_MD_CTX_free(ctx);	/* cleanses the digest state */
	if (rc)
		ike_wipe(out, L2TP_MD5_LEN);
	return rc;
}

int l2tp_chal_response(uint8_t msg_type, const uint8_t *secret, size_t slen,
		       const uint8_t *chal, size_t clen, uint8_t out[L2TP_CHAL_RESP_LEN])
{
	struct l2tp_iov iov[3] = {
		{ &msg_type, 1 }, { secret, slen }, { chal, clen },
	};

	if (!secret || !slen || !chal || !clen) {
		ike_wipe(out, L2TP_CHAL_RESP_LEN);
		return -1;
	}
	return l2tp_md5(iov, 3, out);
}

bool l2tp_chal_verify(uint8_t msg_type, const uint8_t *secret, size_t slen,
		      const uint8_t *chal, size_t clen, const uint8_t *resp, size_t rlen)
{
	uint8_t want[L2TP_CHAL_RESP_LEN];
	bool ok;

	if (!resp || rlen != L2TP_CHAL_RESP_LEN ||
	    l2tp_chal_response(msg_type, secret, slen, chal, clen, want))
		return false;
	ok = ike_ct_eq(want, resp, sizeof(want));
	ike_wipe(want, sizeof(want));
	return ok;
}

int l2tp_chal_new(uint8_t *chal, size_t n)
{
	if (!chal || !n)
		return -1;
	return ike_random(chal, n);
}
