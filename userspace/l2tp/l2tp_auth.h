/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2TPv2 tunnel authentication (RFC 2661 4.2, 5.1.1): a Challenge AVP in
 * SCCRQ or SCCRP is answered by a Challenge Response AVP in the next
 * message (SCCRP or SCCCN):
 *
 *     response = MD5(message type of the answering message, one octet |
 *                    shared secret | challenge)
 *
 * and the MD5 that both this and hidden AVPs (l2tp_msg.c) use. Every
 * intermediate copy of the secret or of an expected response is wiped.
 */
#ifndef L2TPSEC_L2TP_AUTH_H
#define L2TPSEC_L2TP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_MD5_LEN		16
#define L2TP_CHAL_RESP_LEN	16
#define L2TP_CHAL_LEN		16	/* the length of the challenges we send */

struct l2tp_iov {
	const void *p;
	size_t len;
};

/* MD5 of the n parts concatenated into out. 0, or -1 (out wiped). */
int l2tp_md5(const struct l2tp_iov *iov, unsigned int n, uint8_t out[L2TP_MD5_LEN]);

/*
 * The Challenge Response a message of type msg_type (L2TP_SCCRP or
 * L2TP_SCCCN) carries for chal. The secret and the challenge must be
 * non-empty. 0, or -1.
 */
int l2tp_chal_response(uint8_t msg_type, const uint8_t *secret, size_t slen,
		       const uint8_t *chal, size_t clen, uint8_t out[L2TP_CHAL_RESP_LEN]);

/*
 * Whether resp (rlen bytes, from a message of type msg_type) answers the
 * challenge chal we sent: constant-time; false for a wrong length.
 */
bool l2tp_chal_verify(uint8_t msg_type, const uint8_t *secret, size_t slen,
		      const uint8_t *chal, size_t clen, const uint8_t *resp, size_t rlen);

/* A fresh random challenge of n bytes (n >= 1). 0, or -1. */
int l2tp_chal_new(uint8_t *chal, size_t n);

#endif
