/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LCP options of a PPP server (RFC 1661 section 6, RFC 1994, RFC 2759): what
 * the server requests (MRU, Auth-Protocol, Magic-Number) and what it
 * accepts of a client's Configure-Request:
 *   MRU (1)            accepted from the policy's minimum up (a smaller one
 *                      is Nak'd with the minimum)
 *   ACCM (2)           accepted and ignored (no async HDLC on L2TP)
 *   Auth-Protocol (3)  rejected: the server does not authenticate itself
 *   Quality (4)        rejected
 *   Magic-Number (5)   zero or ours (a looped-back link) is Nak'd with a
 *                      fresh value, as RFC 1661 6.4 says
 *   PFC (7), ACFC (8)  rejected unless the policy accepts them (L2TP
 *                      servers usually refuse both, RFC 2661 keeps frames
 *                      uncompressed)
 *   anything else, a known option of the wrong length, or an option sent
 *   twice: rejected.
 * These are the functions an LCP instance's ppp_fsm callbacks call; the
 * random magic numbers come from the caller (fresh_magic), so that the
 * code stays deterministic.
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_LCP_OPTS_H
#define L2TPSEC_PPP_LCP_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_pkt.h"

#define LCP_OPT_MRU		1
#define LCP_OPT_ACCM		2
#define LCP_OPT_AUTH		3
#define LCP_OPT_QUALITY		4
#define LCP_OPT_MAGIC		5
#define LCP_OPT_PFC		7
#define LCP_OPT_ACFC		8

#define CHAP_ALG_MD5		5
#define CHAP_ALG_MSCHAPV2	0x81

/*
 * Authentication protocols, as bits of a policy; preference: MS-CHAPv2,
 * CHAP-MD5, PAP. The same values, spelled the same, as in ppp_server.h
 * (both headers may be included together).
 */
#define PPP_AUTH_MSCHAPV2	0x1
#define PPP_AUTH_CHAP_MD5	0x2
#define PPP_AUTH_PAP		0x4
#define PPP_AUTH_ALL		0x7

#define PPP_MRU_MIN		128	/* RFC 1661 6.1: a smaller MRU is refused */

struct ppp_lcp_policy {
	uint16_t mru;		/* the MRU we request (0: none, the default 1500) */
	uint16_t min_peer_mru;	/* a peer's smaller MRU is Nak'd with this (>= PPP_MRU_MIN) */
	unsigned int auth;	/* PPP_AUTH_* we may ask for (0: no authentication) */
	bool accept_pfc, accept_acfc;
};

struct ppp_lcp_state {
	/* What we request (ppp_lcp_build_req()). */
	bool send_mru, send_magic;
	uint16_t mru;
	unsigned int auth;	/* the one PPP_AUTH_* bit requested now, 0 none */
	unsigned int auth_left;	/* the policy's protocols not refused by the peer yet */
	uint32_t magic;
	/* What the peer's last acknowledged request said. */
	uint16_t peer_mru;	/* PPP_MRU_DEFAULT when absent */
	uint32_t peer_magic;	/* 0 when absent */
	uint32_t peer_accm;
	bool peer_pfc, peer_acfc;
	unsigned int loops;	/* Magic-Number collisions seen (a looped-back link) */
};

/* The protocol of an Auth-Protocol option's data (PPP_AUTH_*), or 0 if unknown or malformed. */
unsigned int ppp_auth_from_opt(const uint8_t *data, size_t n);
/* Write an Auth-Protocol option for one PPP_AUTH_* bit. */
void ppp_w_auth_opt(struct ppp_wbuf *w, unsigned int auth);

/* Start a negotiation: request the policy's MRU and best protocol, magic (non-zero). */
void ppp_lcp_init(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol, uint32_t magic);
/* The options of our Configure-Request. */
void ppp_lcp_build_req(const struct ppp_lcp_state *s, struct ppp_wbuf *w);
/*
 * Answer the peer's Configure-Request opts[0..n) (a malformed list: -1): the
 * options of the answer into w, PPP_CONF_ACK/NAK/REJ returned (-1: it did
 * not fit). On Ack the peer's values are recorded in s.
 */
int ppp_lcp_check_req(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol,
		      const uint8_t *opts, size_t n, bool reject_only, uint32_t fresh_magic,
		      struct ppp_wbuf *w);
/*
 * The peer Nak'd our request: an MRU within [PPP_MRU_MIN, policy MRU] is
 * taken; a Magic-Number Nak gives us fresh_magic; an Auth-Protocol Nak
 * drops the protocol we asked for and switches to the client's suggestion
 * if the policy allows it and it was not dropped before, else to our next
 * preferred one. 0, or -1 when no protocol is left.
 */
int ppp_lcp_got_nak(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol,
		    const uint8_t *opts, size_t n, uint32_t fresh_magic);
/* The peer rejected options of our request: stop sending them; -1 if it rejects authentication. */
int ppp_lcp_got_rej(struct ppp_lcp_state *s, const uint8_t *opts, size_t n);

#endif
