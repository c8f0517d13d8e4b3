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
 * Parse a comma-separated list for proto IKE_PROTO_IKE or IKE_PROTO_ESP
 * into out[] (num = 1..n, spi_len 0). weak_ok allows sha1 (ESP only).
 * Returns 0, or -1 with a one-line message ("esp: ...") in err.
 * At most min(max, IKE_MAX_PROPOSALS) proposals, IKE_MAX_TRANSFORMS
 * transforms each. ESP proposals without esn/noesn offer both.
 */
int proposal_parse(const char *s, uint8_t proto, bool weak_ok, struct ike_proposal *out,
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
