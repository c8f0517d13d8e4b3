/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diffie-Hellman of IKEv1 and IKEv2 (KE payload, g^ir / g^xy): MODP groups
 * 2 (RFC 2409 6.2, 1024 bits), 5, 14 and 15 (RFC 3526; 2 and 5 only for
 * IKEv1 conns with `weak yes`, which proposal.c enforces), ECP groups 19, 20, 21 (RFC 5903: KE data x | y, shared secret
 * the x coordinate) and Curve25519, group 31 (RFC 8031). Peer public values
 * are validated as RFC 6989 asks. OpenSSL 3 EVP_PKEY only.
 */
#ifndef L2TPSEC_IKE_DH_H
#define L2TPSEC_IKE_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2.h"

/* A private key of one group (opaque). */
struct ike_dh;

/* ike_dh_supported() - true for groups 2, 5, 14, 15, 19, 20, 21, 31. */
bool ike_dh_supported(uint16_t group);
/* ike_dh_pub_len() - KE data length: 128, 192, 256, 384, 64, 96, 132, 32; 0 = unsupported. */
size_t ike_dh_pub_len(uint16_t group);
/* ike_dh_secret_len() - g^ir length: 128, 192, 256, 384, 32, 48, 66, 32; 0 = unsupported. */
size_t ike_dh_secret_len(uint16_t group);

/* ike_dh_new() - a fresh private key of group; NULL if unsupported or on failure. */
struct ike_dh *ike_dh_new(uint16_t group);

/*
 * ike_dh_new_private() - a key from a given private value (for known-answer
 * tests): ECP groups take the big-endian scalar (leading zeros allowed, at
 * most 1 + the field size in bytes), group 31 the 32-byte RFC 7748 scalar,
 * MODP groups the big-endian exponent x (at most the prime's length,
 * 0 < x < p - 1; the public value 2^x mod p is computed). ike_dh_public()
 * fails for ECP keys made this way (no public value is computed);
 * ike_dh_derive() works.
 */
struct ike_dh *ike_dh_new_private(uint16_t group, const uint8_t *priv, size_t len);

/* ike_dh_group() - the group of dh (0 for NULL). */
uint16_t ike_dh_group(const struct ike_dh *dh);

/* ike_dh_public() - our KE data; len must be ike_dh_pub_len(group). 0 / -1. */
int ike_dh_public(const struct ike_dh *dh, uint8_t *out, size_t len);

/*
 * ike_dh_derive() - g^ir from the peer's KE data (len must be
 * ike_dh_pub_len()). Validates the public value first (RFC 6989: MODP
 * 1 < y < p-1 and y^q = 1; ECP: coordinates < p, on the curve, not the
 * point at infinity; X25519: result not all-zero) and returns -1 if it is
 * invalid. secret gets ike_dh_secret_len() bytes (MODP: left-padded to the
 * prime length). 0 / -1.
 */
int ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t len, uint8_t *secret);

/* ike_dh_free() - free and wipe dh; NULL is fine. */
void ike_dh_free(struct ike_dh *dh);

#endif
