// SPDX-License-Identifier: GPL-2.0
/*
 * What an IKEv2 SA does when a deadline of it is due (ikev2_timers.h).
 * Each check looks at the clock itself: called early, it does nothing.
 */
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ikev2_timers.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "l2tpsec.h"

static void tick_children(struct ike_sa *sa, uint64_t now)
{
	struct child_sa *c, *cn;

	for (c = sa->children; c; c = cn) {
		cn = c->next;
		if (c->expire_ms && now >= c->expire_ms && c->state != CHILD_DELETING) {
			sa_log(sa, LOG_NOTICE, "child SA %08x/%08x expired", c->spi_in,
			       c->spi_out);
			exch_delete_child_start(c);
		}
	}
}

static void tick_established(struct ike_sa *sa, uint64_t now)
{
	const struct conf_conn *conn = sa->conn;
	uint64_t dpd_ms = (uint64_t)conn->dpd * 1000;

	tick_children(sa, now);
	if (sa->state != IKE_S_ESTABLISHED)
		return;
	exch_send_queued(sa);
	if (sa->req_kind == REQ_NONE) {
		struct child_sa *due = NULL;

		for (struct child_sa *c = sa->children; c; c = c->next)
			if (c->state == CHILD_ACTIVE && c->rekey_ms && now >= c->rekey_ms)
				due = c;
		if (sa->rekey_ms && now >= sa->rekey_ms) {
			if (exch_ike_rekey_start(sa))
				sa->rekey_ms = now + 10000;
		} else if (due) {
			if (exch_child_rekey_start(due))
				due->rekey_ms = now + 10000;
		} else if (conn->dpd && (now >= sa->last_rx_ms + dpd_ms ||
					 now >= sa->esp_poll_ms + ike_dpd_poll_ms(dpd_ms))) {
			/*
			 * ESP from the peer counts as a sign of life, seen only
			 * when the counters are read: reading them every quarter
			 * of dpd keeps a liveness check at most dpd + dpd / 4
			 * after the peer's last packet
			 */
			if (child_esp_activity(sa))
				sa->last_rx_ms = now;
			sa->esp_poll_ms = now;
			if (now >= sa->last_rx_ms + dpd_ms)
				exch_dpd_start(sa);
		}
	}
	if (sa->natt && sa->nat_local && conn->keepalive &&
	    now >= sa->last_tx_ms + (uint64_t)conn->keepalive * 1000)
		ike_sa_keepalive(sa);
}

/**
 * ikev2_sa_tick() - act on what is due of an IKE SA
 * @sa: a live IKE SA
 * @now: ked_now()
 *
 * The caller reschedules the SA afterwards.
 */
void ikev2_sa_tick(struct ike_sa *sa, uint64_t now)
{
	ike_sa_retransmit(sa, now);
	if (sa->state == IKE_S_DEAD)
		return;
	switch (sa->state) {
	case IKE_S_INIT_DONE:
		if (now >= sa->halfopen_deadline_ms)
			ike_sa_kill(sa, "half-open timeout");
		break;
	case IKE_S_REKEYED:
		if (now >= sa->halfopen_deadline_ms) {
			exch_rekeyed_gone(sa);
			ike_sa_kill(sa, "rekeyed, the peer never deleted it");
		}
		break;
	case IKE_S_ESTABLISHED:
		tick_established(sa, now);
		break;
	default:
		break;
	}
}
