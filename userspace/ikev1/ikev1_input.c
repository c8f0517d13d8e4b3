// SPDX-License-Identifier: GPL-2.0
/*
 * Received IKEv1 messages (ikev1_exch.h): the ISAKMP SA by its cookies,
 * then main mode, quick mode or informational. Aggressive mode is
 * refused with a log line saying why; Mode Config/XAUTH (transaction
 * exchanges) are not spoken: the built-in L2TP clients do not use them.
 */
#include <arpa/inet.h>
#include <string.h>
#include <syslog.h>

#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ked.h"

static void refuse(struct ked *d, const struct sockaddr_in *from, const char *what,
		   const char *why)
{
	static uint64_t last_ms;
	uint64_t now = ked_now(d);
	char a[INET_ADDRSTRLEN];

	d->stats_dropped++;
	if (last_ms && now < last_ms + 1000)
		return;		/* one line a second: a flood must not flood the log */
	last_ms = now;
	inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
	logx(LOG_NOTICE, "IKEv1 %s from %s:%u refused: %s", what, a, ntohs(from->sin_port), why);
}

/*
 * An unprotected notify (anyone can send one): never acted on, logged
 * when it concerns an exchange of ours (a responder refusing our main
 * mode says why this way).
 */
static void unprotected_notify(struct ked *d, const struct ikev1_msg *m,
			       const struct sockaddr_in *from)
{
	const struct ikev1_payload *p = ikev1_payload_next(&m->pl, IKEV1_PL_N, NULL);
	struct ike_sa *sa = ike_sa_find(d, m->h.spi_i, m->h.spi_r);
	struct ikev1_notify n;
	const char *why = NULL;

	if (!sa)
		sa = ike_sa_find_init(d, m->h.spi_i);
	if (!sa || sa->version != 1 || sa->remote.sin_addr.s_addr != from->sin_addr.s_addr ||
	    !p || ikev1_notify_parse(p->body, p->len, &n, &why)) {
		d->stats_dropped++;
		return;
	}
	sa_log(sa, LOG_NOTICE, "the peer says %s (unprotected notify, not acted on)",
	       ikev1_notify_name(n.type));
}

/**
 * ikev1_input() - a received IKEv1 datagram
 * @d: the daemon
 * @buf: the message (from the ISAKMP header; non-ESP marker removed)
 * @len: its length
 * @local: the address and port it arrived on
 * @from: the sender
 */
void ikev1_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
		 const struct sockaddr_in *from)
{
	static const uint8_t zero[8];
	struct ike_sa *sa = NULL;
	uint64_t authenticated;
	struct ikev1_msg m;
	const char *why = NULL;

	if (ikev1_msg_parse(buf, len, IKEV1_P_ALLOW_UNKNOWN, &m, &why)) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "dropped an IKEv1 datagram: %s", why ? why : "malformed");
		return;
	}
	switch (m.h.exchange) {
	case IKEV1_EXCH_TRANSACTION:
		refuse(d, from, "Mode Config/XAUTH", "not supported (L2TP clients do not need it)");
		return;
	case IKEV1_EXCH_AGGRESSIVE:	/* only for conns that allow it (ikev1_aggr.c) */
	case IKEV1_EXCH_ID_PROT: {
		bool aggr = m.h.exchange == IKEV1_EXCH_AGGRESSIVE;

		if (!memcmp(m.h.spi_r, zero, 8)) {
			if (m.h.msgid == 0 && !m.encrypted)
				(aggr ? ikev1_aggr_first : ikev1_main_first)(d, &m.h, buf, len,
									  local, from);
			return;
		}
		sa = ike_sa_find(d, m.h.spi_i, m.h.spi_r);
		if (!sa)
			sa = ike_sa_find_init(d, m.h.spi_i);
		if (!sa || sa->version != 1 || m.h.msgid != 0)
			break;
		(aggr ? ikev1_aggr_input : ikev1_main_input)(sa, &m, buf, len, local, from);
		ike_sa_reschedule(sa);
		return;
	}
	case IKEV1_EXCH_QUICK:
	case IKEV1_EXCH_INFORMATIONAL:
		if (!m.encrypted && m.h.exchange == IKEV1_EXCH_INFORMATIONAL) {
			unprotected_notify(d, &m, from);
			return;
		}
		sa = ike_sa_find(d, m.h.spi_i, m.h.spi_r);
		if (!sa || sa->version != 1)
			break;
		authenticated = sa->msgs_in;
		if (m.h.exchange == IKEV1_EXCH_QUICK)
			ikev1_quick_input(sa, &m, buf, len);
		else
			ikev1_info_input(sa, &m, buf, len);
		/* msgs_in counts only messages whose HASH verified */
		if (sa->state != IKE_S_DEAD && sa->msgs_in != authenticated &&
		    (from->sin_addr.s_addr != sa->remote.sin_addr.s_addr ||
		     from->sin_port != sa->remote.sin_port) && sa->natt) {
			ike_sa_move(sa, from, "authenticated IKE message from there");
			sa->local = *local;
		}
		ike_sa_reschedule(sa);
		return;
	default:
		d->stats_dropped++;
		logx(LOG_DEBUG, "IKEv1 exchange %s not handled", ikev1_exchange_name(m.h.exchange));
		return;
	}
	d->stats_dropped++;
	logx(LOG_DEBUG, "IKEv1 %s for an unknown ISAKMP SA, dropped",
	     ikev1_exchange_name(m.h.exchange));
}
