// SPDX-License-Identifier: GPL-2.0
/*
 * The AUTH payload decoder: data[0] picks the key (RSA 2048 or ECDSA
 * P-256, both public keys compiled in from the test PKI: no files at run
 * time) and data[1] the method; the rest is AUTH data (for method 14: the
 * AlgorithmIdentifier length byte, its DER, the signature) verified over
 * fixed octets. Nothing may crash, leak or read out of bounds, and no
 * input may verify (nobody has the private keys here).
 */
#include <openssl/pem.h>

#include "fuzz.h"
#include "ikev2_auth.h"

#include "fuzz_auth_keys.h"

static EVP_PKEY *load(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	if (!k)
		abort();
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static EVP_PKEY *keys[2];
	static const uint8_t octets[] = "l2tpsec fuzz: the octets a peer signs";
	char why[160];
	uint8_t *auth;
	int rc;

	if (!keys[0]) {
		keys[0] = load(fuzz_rsa_pub);
		keys[1] = load(fuzz_ec_pub);
	}
	if (size < 2)
		return 0;
	auth = fuzz_copy(data + 2, size - 2);
	rc = ike_auth_verify_sig(keys[data[0] & 1], data[1], auth, size - 2, octets,
				 sizeof(octets), why, sizeof(why));
	free(auth);
	if (rc == 0)
		abort();	/* a forged signature verified */
	return 0;
}
