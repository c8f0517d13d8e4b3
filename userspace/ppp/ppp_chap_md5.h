/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CHAP with MD5 (RFC 1994 section 4.1): Response = MD5(Identifier |
 * secret | Challenge), and the authenticator's constant-time check of it.
 * MD5 comes from the default OpenSSL context (it is not a legacy algorithm).
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_CHAP_MD5_H
#define L2TPSEC_PPP_CHAP_MD5_H

#include <stddef.h>
#include <stdint.h>

#define CHAP_MD5_LEN	16

/* The Response Value for identifier id. 0 / -1. */
int chap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		      const uint8_t *chal, size_t chal_len, uint8_t out[CHAP_MD5_LEN]);
/* 0 if the peer's value resp[0..resp_len) is the right one, 1 if not, -1 on failure. */
int chap_md5_verify(uint8_t id, const uint8_t *secret, size_t secret_len,
		    const uint8_t *chal, size_t chal_len, const uint8_t *resp, size_t resp_len);

#endif
