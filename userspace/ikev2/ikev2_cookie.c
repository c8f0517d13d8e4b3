// SPDX-License-Identifier: GPL-2.0
/*
 * The hashes of IKE_SA_INIT (ikev2_cookie.h): NAT detection hashes
 * (RFC 7296 2.23) and stateless cookies (2.6).
 */
#include <openssl/evp.h>
#include <string.h>

#include "ikev2_cookie.h"
#include "ikev2_crypto.h"
#include "ked.h"

/**
 * nat_hash() - NAT_DETECTION_*_IP data (RFC 7296 2.23)
 * @spi_i: initiator SPI
 * @spi_r: responder SPI (zero in the IKE_SA_INIT request)
 * @a: the address and port
 * @out: SHA-1(SPIi | SPIr | IP | port)
 */
void nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct sockaddr_in *a,
	      uint8_t out[20])
{
	uint8_t buf[8 + 8 + 4 + 2];
	unsigned int len = 20;

	memcpy(buf, spi_i, 8);
	memcpy(buf + 8, spi_r, 8);
	memcpy(buf + 16, &a->sin_addr.s_addr, 4);
	memcpy(buf + 20, &a->sin_port, 2);
	if (!EVP_Digest(buf, sizeof(buf), out, &len, EVP_sha1(), NULL))
		memset(out, 0, 20);
}

/**
 * cookie_make() - a stateless cookie for an IKE_SA_INIT request
 * @d: the daemon (its secrets)
 * @version: which secret: d->cookie_version or the previous one
 * @ni: the initiator's nonce
 * @ni_len: its length
 * @from: the initiator's address
 * @spi_i: the initiator's SPI
 * @out: 33 bytes: version | SHA-256(Ni | IPi | SPIi | secret)
 *
 * Return: the cookie length (33).
 */
size_t cookie_make(const struct ked *d, uint8_t version, const uint8_t *ni, size_t ni_len,
		   const struct sockaddr_in *from, const uint8_t spi_i[8], uint8_t *out)
{
	const uint8_t *secret = version == d->cookie_version ? d->cookie_secret :
				d->cookie_secret_old;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 32;

	out[0] = version;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, ni, ni_len) ||
	    !EVP_DigestUpdate(ctx, &from->sin_addr.s_addr, 4) ||
	    !EVP_DigestUpdate(ctx, spi_i, 8) ||
	    !EVP_DigestUpdate(ctx, secret, sizeof(d->cookie_secret)) ||
	    !EVP_DigestFinal_ex(ctx, out + 1, &len))
		ike_random(out + 1, 32);	/* fails closed: never matches */
	EVP_MD_CTX_free(ctx);
	return 33;
}

/**
 * cookie_check() - is this the cookie we would have given?
 * @d: the daemon
 * @cookie: received N(COOKIE) data
 * @len: its length
 * @ni: the nonce of the request
 * @ni_len: its length
 * @from: the sender
 * @spi_i: the request's SPIi
 *
 * Accepts cookies made with the current or the previous secret.
 * Return: true if valid.
 */
bool cookie_check(const struct ked *d, const uint8_t *cookie, size_t len, const uint8_t *ni,
		  size_t ni_len, const struct sockaddr_in *from, const uint8_t spi_i[8])
{
	uint8_t want[33];
	bool ok;

	if (len != sizeof(want))
		return false;
	if (cookie[0] != d->cookie_version && cookie[0] != (uint8_t)(d->cookie_version - 1))
		return false;
	cookie_make(d, cookie[0], ni, ni_len, from, spi_i, want);
	ok = ike_ct_eq(want, cookie, sizeof(want));
	return ok;
}
