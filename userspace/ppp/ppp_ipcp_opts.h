/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPCP options of a PPP server (RFC 1332, RFC 1877): what the server
 * requests (its own IP-Address) and what it accepts of a client's
 * Configure-Request:
 *   IP-Address (3)      the address leased to the client (auth/pool.h or
 *                       the user's static address, decided by the
 *                       caller): 0.0.0.0 or any other address is Nak'd
 *                       with it; a request without the option is Nak'd
 *                       once with it (a hint, RFC 1661 5.3)
 *   Primary/Secondary   the configured DNS servers: Nak'd with the
 *   DNS (129/131)       configured address, rejected when none is
 *   Primary/Secondary   the same for NetBIOS name servers: rejected
 *   NBNS (130/132)      unless configured
 *   IP-Compression (2)  rejected (no Van Jacobson compression)
 *   IP-Addresses (1)    rejected (deprecated, RFC 1332 appendix)
 *   anything else, a wrong length or a repeated option: rejected.
 * Addresses are IPv4 in host byte order, 0 meaning none.
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_IPCP_OPTS_H
#define L2TPSEC_PPP_IPCP_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_pkt.h"

#define IPCP_OPT_ADDRS		1
#define IPCP_OPT_COMP		2
#define IPCP_OPT_ADDR		3
#define IPCP_OPT_DNS1		129
#define IPCP_OPT_NBNS1		130
#define IPCP_OPT_DNS2		131
#define IPCP_OPT_NBNS2		132

struct ppp_ipcp_policy {
	uint32_t local;		/* our end of the link (requested as IP-Address), 0: none */
	uint32_t dns[2];	/* primary, secondary; 0: not configured */
	uint32_t nbns[2];
};

struct ppp_ipcp_state {
	uint32_t peer_addr;	/* the address the client gets (the caller's lease) */
	bool send_addr;		/* we still request our IP-Address */
	bool hinted;		/* the missing IP-Address was Nak'd once */
	uint32_t acked_addr;	/* the peer's address in its last acknowledged request */
};

/* Start a negotiation for a client that is to get peer_addr. */
void ppp_ipcp_init(struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol, uint32_t peer_addr);
void ppp_ipcp_build_req(const struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol,
			struct ppp_wbuf *w);
/*
 * As ppp_lcp_check_req(): the answer's options in w, PPP_CONF_ACK/NAK/REJ,
 * or -1 (a malformed list, an answer too long for w).
 */
int ppp_ipcp_check_req(struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol,
		       const uint8_t *opts, size_t n, bool reject_only, struct ppp_wbuf *w);
/* A Nak of our IP-Address changes nothing (the server keeps its address). 0. */
int ppp_ipcp_got_nak(struct ppp_ipcp_state *s, const uint8_t *opts, size_t n);
/* A Reject of our IP-Address: stop requesting it. 0. */
int ppp_ipcp_got_rej(struct ppp_ipcp_state *s, const uint8_t *opts, size_t n);

#endif
