/* SPDX-License-Identifier: GPL-2.0 */
/* Proposal and traffic selector choice (negotiate.c): pure functions. */
#ifndef L2TPSEC_IKE_NEGOTIATE_H
#define L2TPSEC_IKE_NEGOTIATE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "ikev2_msg.h"

/* Pick the first of the peer's proposals (their order) that our configured
 * proposals accept. 0 and *out, or -1. For ESP, proto ESP, spi from theirs. */
int nego_choose(const struct ike_proposal *ours, unsigned int n_ours,
		const struct ike_proposal *theirs, unsigned int n_theirs, uint8_t proto,
		bool no_dh, struct ike_chosen *out);
/* Does a received single-proposal answer match one of what we offered? */
int nego_check_answer(const struct ike_proposal *offered, unsigned int n_offered,
		      const struct ike_proposal *answer, bool no_dh, struct ike_chosen *out);
/* Proposal (for the SA payload of an answer) from a chosen set. */
void nego_chosen_to_proposal(const struct ike_chosen *c, struct ike_proposal *p);
/* Our offered proposals with SPI; no_dh strips DH transforms (IKE_AUTH). */
unsigned int nego_offer(const struct ike_proposal *conf, unsigned int n, uint8_t proto,
			const uint8_t *spi, uint8_t spi_len, bool no_dh,
			struct ike_proposal *out);
/* First DH group of the configured proposals (for KE). */
uint16_t nego_first_dh(const struct ike_proposal *p, unsigned int n);
bool nego_dh_offered(const struct ike_proposal *p, unsigned int n, uint16_t group);
/* Traffic selectors: the L2TP flow udp/port between a and b. Does the list
 * contain it (any covering selector)? */
bool nego_ts_covers(const struct ike_ts_payload *t, struct in_addr addr, uint16_t port);
void nego_ts_l2tp(struct ike_ts *ts, struct in_addr addr, uint16_t port);
/* Responder: narrow the peer's selectors to the L2TP flow. addr is what we
 * know of that end; any_addr (NAT on that side) accepts any address.
 * 0 with *out, or -1 (TS_UNACCEPTABLE). */
int nego_ts_narrow(const struct ike_ts_payload *t, struct in_addr addr, bool any_addr,
		   uint16_t port, struct ike_ts *out);

#endif
