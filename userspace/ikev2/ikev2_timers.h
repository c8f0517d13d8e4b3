/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an IKEv2 SA does when one of its deadlines is due (ikev2_timers.c):
 * retransmit or give up, half-open and rekeyed timeouts, child expiry and
 * rekey, IKE rekey, liveness (ESP counters every dpd/4, then an empty
 * INFORMATIONAL), NAT keepalives. ked_tick() calls it for each IKE SA its
 * timer heap says is due; the SA's deadlines are ike_sa_next_deadline().
 */
#ifndef L2TPSEC_IKEV2_TIMERS_H
#define L2TPSEC_IKEV2_TIMERS_H

#include <stdint.h>

struct ike_sa;

void ikev2_sa_tick(struct ike_sa *sa, uint64_t now);

#endif
