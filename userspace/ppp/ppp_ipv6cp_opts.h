/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPV6CP options of a PPP server (RFC 5072 section 4): what the server
 * requests (its own Interface-Identifier) and what it accepts of a
 * client's Configure-Request:
 *   Interface-Identifier (1)   8 bytes: zero, or equal to ours, is Nak'd
 *                              with a fresh non-zero value (the caller's
 *                              random one, never ours); anything else is
 *                              accepted and recorded on Ack. A request
 *                              without it is Nak'd once with a suggestion
 *                              (a hint, as RFC 1661 5.3 allows).
 *   IPv6-Compression-Protocol (2), anything else, a wrong length or a
 *   repeated option: rejected.
 * Interface identifiers are the 8 bytes of the option as a big-endian
 * 64-bit number (the low half of fe80::/64), 0 meaning none. Random
 * values come from the caller, so that the code stays deterministic.
 */
#ifndef L2TPSEC_PPP_IPV6CP_OPTS_H
#define L2TPSEC_PPP_IPV6CP_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_pkt.h"

#define IPV6CP_OPT_IFID		1
#define IPV6CP_OPT_COMP		2
#define IPV6CP_IFID_LEN		8

struct ppp_ipv6cp_state {
	uint64_t id;		/* ours (non-zero), requested while send_id */
	bool send_id;		/* we still request our Interface-Identifier */
	bool hinted;		/* the missing Interface-Identifier was Nak'd once */
	uint64_t peer_id;	/* the client's, from its last acknowledged request; 0: none */
};

/* Start a negotiation with our identifier id (non-zero). */
void ppp_ipv6cp_init(struct ppp_ipv6cp_state *s, uint64_t id);
/* The options of our Configure-Request. */
void ppp_ipv6cp_build_req(const struct ppp_ipv6cp_state *s, struct ppp_wbuf *w);
/*
 * Answer the client's Configure-Request opts[0..n): the options of the
 * answer into w, PPP_CONF_ACK/NAK/REJ returned, or -1 (a malformed list,
 * an answer too long for w). fresh is the value suggested in a Nak
 * (non-zero, not ours: the caller's random draw). On Ack the client's
 * identifier is recorded in s->peer_id.
 */
int ppp_ipv6cp_check_req(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n,
			 bool reject_only, uint64_t fresh, struct ppp_wbuf *w);
/*
 * The client Nak'd our Interface-Identifier: its suggestion is taken if
 * it is non-zero and not the client's own identifier, else fresh (the
 * caller's random draw, non-zero). 0.
 */
int ppp_ipv6cp_got_nak(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n,
		       uint64_t fresh);
/* A Reject of our Interface-Identifier: stop requesting it (ours is kept). 0. */
int ppp_ipv6cp_got_rej(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n);

#endif
