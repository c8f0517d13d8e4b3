// SPDX-License-Identifier: GPL-2.0
/*
 * What an IKEv1 SA does when a deadline of it is due: main mode
 * retransmissions, the half-open timeout, quick mode retransmissions,
 * child SA rekeys (of the child SAs we initiated: the clients renew
 * theirs) and expiries, renewal and end of the ISAKMP SA, DPD (only with
 * a peer that announced it), NAT keepalives. Each check looks at the clock
 * itself: called early, it does nothing.
 */
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "l2tpsec.h"

static void retransmit(struct ike_sa *sa, uint64_t now)
{
	unsigned int tries = sa->d->conf->retransmit_tries ? sa->d->conf->retransmit_tries : 5;
	uint64_t t = sa->d->conf->retransmit_timeout_ms ? sa->d->conf->retransmit_timeout_ms : 2000;

	if (sa->req_kind == REQ_NONE || now < sa->req_retx_ms)
		return;
	if (sa->req_tries > tries || now >= sa->req_deadline_ms) {
		ike_sa_kill(sa, v1(sa)->aggressive ? "no answer to aggressive mode" :
			    "no answer to main mode");
		return;
	}
	for (unsigned int i = 0; i < sa->req_tries && t < 60000; i++)
		t *= 2;
	sa->req_tries++;
	sa->retransmits++;
	sa->req_retx_ms = now + t;
	ike_transmit(sa, sa->req, sa->req_len);
}

static void tick_children(struct ike_sa *sa, uint64_t now)
{
	struct child_sa *c, *cn, *due = NULL;

	for (c = sa->children; c; c = cn) {
		cn = c->next;
		if (c->expire_ms && now >= c->expire_ms) {
			sa_log(sa, LOG_NOTICE, "child SA %08x/%08x expired", c->spi_in, c->spi_out);
			ikev1_delete_child(c);
			continue;
		}
		if (c->state == CHILD_ACTIVE && c->rekey_ms && now >= c->rekey_ms)
			due = c;
	}
	if (due) {
		due->rekey_ms = now + 10000;	/* again if this one fails */
		if (!ikev1_quick_start(sa, due->spi_in))
			due->state = CHILD_REKEYING;
	}
}

/*
 * A peer without DPD (Windows): its ESP traffic is its sign of life (the
 * L2TP tunnel's HELLOs keep it flowing); the counters are read every
 * `dpd`, and after `dpd-timeout` without ESP or IKE from it the peer is
 * gone.
 */
static void tick_esp_liveness(struct ike_sa *sa, uint64_t now)
{
	const struct conf_conn *conn = sa->conn;
	uint64_t dpd_ms = (uint64_t)conn->dpd * 1000;
	uint64_t tmo = (uint64_t)(conn->dpd_timeout ? conn->dpd_timeout : 150) * 1000;

	if (now < sa->esp_poll_ms + dpd_ms)
		return;
	if (child_esp_activity(sa))
		sa->last_rx_ms = now;
	sa->esp_poll_ms = now;
	if (now >= sa->last_rx_ms + tmo)
		ikev1_goodbye(sa, "no traffic from the peer (it does no DPD)");
}

static void tick_dpd(struct ike_sa *sa, uint64_t now)
{
	struct ikev1_state *s = v1(sa);
	const struct conf_conn *conn = sa->conn;
	uint64_t dpd_ms = (uint64_t)conn->dpd * 1000;
	uint64_t tmo = (uint64_t)(conn->dpd_timeout ? conn->dpd_timeout : 30) * 1000;

	if (!conn->dpd)
		return;
	if (!s->peer_dpd) {
		tick_esp_liveness(sa, now);
		return;
	}
	if (s->dpd_pending) {
		if (sa->last_rx_ms > s->dpd_sent_ms || child_esp_activity(sa)) {
			s->dpd_pending = false;
			sa->dpd_off = false;
		} else if (now >= s->dpd_sent_ms + tmo) {
			ike_sa_kill(sa, "the peer does not answer DPD");
		}
		return;
	}
	if (now < sa->last_rx_ms + dpd_ms && now < sa->esp_poll_ms + ike_dpd_poll_ms(dpd_ms))
		return;
	if (child_esp_activity(sa))
		sa->last_rx_ms = now;
	sa->esp_poll_ms = now;
	if (now >= sa->last_rx_ms + dpd_ms && !ikev1_dpd_send(sa))
		sa->dpd_off = true;	/* the ack or the timeout (ver_deadline) is next */
}

/**
 * ikev1_sa_tick() - act on what is due of an IKEv1 SA
 * @sa: a live IKEv1 SA
 * @now: ked_now()
 *
 * The caller reschedules the SA afterwards.
 */
void ikev1_sa_tick(struct ike_sa *sa, uint64_t now)
{
	struct ikev1_state *s = v1(sa);

	retransmit(sa, now);
	if (sa->state == IKE_S_DEAD)
		return;
	switch (sa->state) {
	case IKE_S_INIT_DONE:
		if (now >= sa->halfopen_deadline_ms)
			ike_sa_kill(sa, "half-open timeout");
		return;
	case IKE_S_ESTABLISHED:
		break;
	default:
		return;
	}
	ikev1_quick_tick(sa, now);
	tick_children(sa, now);
	if (s->expire_ms && now >= s->expire_ms) {
		ikev1_goodbye(sa, "ISAKMP SA lifetime reached");
		return;
	}
	if (sa->initiator && sa->rekey_ms && now >= sa->rekey_ms) {
		sa->rekey_ms = 0;
		sa_log(sa, LOG_INFO, "renewing the ISAKMP SA (new %s mode)",
		       s->aggressive ? "aggressive" : "main");
		if (s->aggressive)
			ikev1_aggr_start(sa->d, sa->conn);
		else
			ikev1_main_start(sa->d, sa->conn);
	}
	tick_dpd(sa, now);
	if (sa->state != IKE_S_DEAD && sa->natt && sa->nat_local && sa->conn->keepalive &&
	    now >= sa->last_tx_ms + (uint64_t)sa->conn->keepalive * 1000)
		ike_sa_keepalive(sa);
	if (sa->state != IKE_S_DEAD)
		ikev1_update_deadline(sa);
}

/**
 * ikev1_child_expired() - the module says a child SA reached a limit
 * @c: the child
 * @hard: the hard limit (the SA no longer works), or the soft one
 */
void ikev1_child_expired(struct child_sa *c, bool hard)
{
	struct ike_sa *sa = c->ike;

	if (hard) {
		ikev1_delete_child(c);
		return;
	}
	if (c->state != CHILD_ACTIVE || c->no_rekey || sa->state != IKE_S_ESTABLISHED)
		return;
	if (!ikev1_quick_start(sa, c->spi_in))
		c->state = CHILD_REKEYING;
	else
		c->rekey_ms = ked_now(sa->d) + 1000;
}
