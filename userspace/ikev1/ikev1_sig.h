/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 signature authentication (RFC 2409 5.1, auth method RSA_SIG):
 * SIG_I/SIG_R are the HASH_I/HASH_R of main mode signed as they are, with
 * PKCS#1 v1.5 type 1 padding and no DigestInfo (what every IKEv1
 * implementation does: the "hash" is a PRF output of the negotiated
 * hash's length). RSA keys of 2048 bits at least.
 */
#ifndef L2TPSEC_IKEV1_SIG_H
#define L2TPSEC_IKEV1_SIG_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct ike_cred;

/* Sign hash with the credential's RSA key into out (cap bytes). 0 / -1. */
int ikev1_sig_sign(const struct ike_cred *c, const uint8_t *hash, size_t hash_len, uint8_t *out,
		   size_t cap, size_t *out_len);
/* Does sig verify over hash with pkey (RSA, >= 2048 bits)? 0, or -1 with why. */
int ikev1_sig_verify(EVP_PKEY *pkey, const uint8_t *hash, size_t hash_len, const uint8_t *sig,
		     size_t sig_len, char *why, size_t whylen);

#endif
