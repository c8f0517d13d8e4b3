/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Proposal strings in strongSwan syntax ("aes256gcm16-prfsha384-ecp384,
 * aes128-sha256-modp3072") <-> struct ike_proposal, and the names of
 * chosen transforms for logs and `l2tpsec show ike`.
 */
#ifndef L2TPSEC_IKE_PROPOSAL_H
#define L2TPSEC_IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2.h"

/* The secure defaults (Documentation/l2tpsecd.md). */
#define PROPOSAL_DEFAULT_IKE						\
	"aes256gcm16-aes128gcm16-chacha20poly1305-prfsha384-prfsha256-"	\
	"x25519-ecp384-ecp256-modp3072, "				\
	"aes256-aes128-sha384-sha256-x25519-ecp384-ecp256-modp3072"
#define PROPOSAL_DEFAULT_ESP						\
	"aes256gcm16-aes128gcm16-chacha20poly1305, aes256-aes128-sha256"

/*
 * The defaults of version 1 (IKEv1) conns: what the built-in L2TP/IPsec
 * clients offer without `weak yes` - Windows 10/11 (AES-CBC-256/SHA1/
 * ECP384, AES-CBC-128/SHA1/ECP256, AES-CBC-256/SHA1/MODP2048), macOS/iOS
 * (AES-256/SHA2-256 or SHA1/MODP2048), NetworkManager-l2tp (strongSwan,
 * libreswan: AES/SHA1 or SHA2-256/MODP2048). Phase 2 of every one of them
 * is AES-CBC with HMAC-SHA1. No AEAD in ike (IKEv1 phase 1 has none); the
 * PRF is derived from each hash (printed as prfsha256-prfsha1).
 */
#define PROPOSAL_DEFAULT_IKEV1						\
	"aes256-aes128-sha256-sha1-ecp384-ecp256-modp2048"
#define PROPOSAL_DEFAULT_ESPV1						\
	"aes256gcm16-aes128gcm16, aes256-aes128-sha256-sha1"

/* Flags of proposal_parse(). */
#define PROPOSAL_WEAK	0x1	/* the conn says `weak yes` */
#define PROPOSAL_IKEV1	0x2	/* for a version 1 (IKEv1) conn */

/*
 * Parse a comma-separated list for proto IKE_PROTO_IKE or IKE_PROTO_ESP
 * into out[] (num = 1..n, spi_len 0), by the rules of flags (PROPOSAL_*):
 *
 *   sha1, prfsha1       IKEv2: esp only, with PROPOSAL_WEAK; IKEv1: always
 *   3des, modp1024, modp1536, sha256_96 (esp only)
 *                       IKEv1 with PROPOSAL_WEAK only; never IKEv2
 *   chacha20poly1305    IKEv2 only; AEAD in ike: IKEv2 only
 *   prf* in ike         IKEv1: only the PRFs of the proposal's integrity
 *                       algorithms (derived when left out, as in IKEv2)
 *
 * An ike proposal without a PRF gets its integrity algorithms' PRFs
 * ("aes256-sha1-modp2048": ENCR, INTEG sha1, PRF sha1, DH). 3des has no
 * key length attribute (key_bits 0; the key is 192 bits).
 * Returns 0, or -1 with a one-line message ("esp: ...") in err.
 * At most min(max, IKE_MAX_PROPOSALS) proposals, IKE_MAX_TRANSFORMS
 * transforms each. ESP proposals without esn/noesn offer both.
 */
int proposal_parse(const char *s, uint8_t proto, unsigned int flags, struct ike_proposal *out,
		   unsigned int max, unsigned int *n, char *err, size_t errlen);

/*
 * A chosen set of transforms as a string, e.g.
 * "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384" or for ESP
 * "AES_CBC_256/HMAC_SHA2_256_128/ESN" (NO_ESN without) - used in logs
 * and `show ike`. Always NUL-terminates (if cap > 0), truncating.
 */
void proposal_chosen_str(const struct ike_chosen *c, char *out, size_t cap);

/*
 * One proposal in strongSwan syntax ("aes256gcm16-prfsha384-ecp384"),
 * transforms in the order encryption, integrity, PRF, DH, ESN; unknown
 * ids (from a peer) as e.g. "encr99". Truncates to cap.
 */
void proposal_str(const struct ike_proposal *p, char *out, size_t cap);

/* A list of proposals, comma-separated ("a-b-c, d-e-f"). Truncates. */
void proposal_list_str(const struct ike_proposal *p, unsigned int n, char *out, size_t cap);

/* Are two proposal lists identical (same transforms, same order)? */
bool proposal_list_same(const struct ike_proposal *a, unsigned int na,
			const struct ike_proposal *b, unsigned int nb);

#endif
