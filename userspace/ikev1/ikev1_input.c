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
	struct ikev1_msg m;
	const char *why = NULL;

	if (ikev1_msg_parse(buf, len, IKEV1_P_ALLOW_UNKNOWN, &m, &why)) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "dropped an IKEv1 datagram: %s", why ? why : "malformed");
		return;
	}
	switch (m.h.exchange) {
	case IKEV1_EXCH_AGGRESSIVE:
		refuse(d, from, "aggressive mode", "it exposes a hash of the pre-shared key to "
		       "offline cracking; use main mode");
		return;
	case IKEV1_EXCH_TRANSACTION:
		refuse(d, from, "Mode Config/XAUTH", "not supported (L2TP clients do not need it)");
		return;
	case IKEV1_EXCH_ID_PROT:
		if (!memcmp(m.h.spi_r, zero, 8)) {
			if (m.h.msgid == 0 && !m.encrypted)
				ikev1_main_first(d, &m.h, buf, len, local, from);
			return;
		}
		sa = ike_sa_find(d, m.h.spi_i, m.h.spi_r);
		if (!sa)
			sa = ike_sa_find_init(d, m.h.spi_i);
		if (!sa || sa->version != 1 || m.h.msgid != 0)
			break;
		ikev1_main_input(sa, &m, buf, len, local, from);
		ike_sa_reschedule(sa);
		return;
	case IKEV1_EXCH_QUICK:
	case IKEV1_EXCH_INFORMATIONAL:
		sa = ike_sa_find(d, m.h.spi_i, m.h.spi_r);
		if (!sa || sa->version != 1)
			break;
		if (m.h.exchange == IKEV1_EXCH_QUICK)
			ikev1_quick_input(sa, &m, buf, len);
		else
			ikev1_info_input(sa, &m, buf, len);
		if (sa->state != IKE_S_DEAD && sa->last_rx_ms == ked_now(d) &&
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
