/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hashes of IKE_SA_INIT (ikev2_cookie.c): NAT detection (RFC 7296
 * 2.23) and stateless cookies (2.6).
 */
#ifndef L2TPSEC_IKEV2_COOKIE_H
#define L2TPSEC_IKEV2_COOKIE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ked;

/* NAT detection hash: SHA-1(SPIi | SPIr | IP | port). */
void nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct sockaddr_in *a,
	      uint8_t out[20]);
/* Stateless cookie (2.6): version byte | SHA-256(Ni | IPi | SPIi | secret). */
size_t cookie_make(const struct ked *d, uint8_t version, const uint8_t *ni, size_t ni_len,
		   const struct sockaddr_in *from, const uint8_t spi_i[8], uint8_t *out);
bool cookie_check(const struct ked *d, const uint8_t *cookie, size_t len, const uint8_t *ni,
		  size_t ni_len, const struct sockaddr_in *from, const uint8_t spi_i[8]);

#endif
