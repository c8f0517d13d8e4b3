// SPDX-License-Identifier: GPL-2.0
/*
 * Received IKEv2 messages (ikev2_input.h): the IKE SA by SPIs, message
 * ID checks (window of one; a retransmitted request gets our last answer
 * again), the SK payload opened, the peer followed to its new address
 * (NAT), and the request or response handed to its exchange.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ikev2_input.h"
#include "ikev2_transport.h"
#include "ked.h"

static const struct ike_sk_key *in_key(const struct ike_sa *sa)
{
	return sa->initiator ? &sa->keys.er : &sa->keys.ei;
}

/* The SK payload of a received message, decrypted and parsed. */
static int open_sk(struct ike_sa *sa, const uint8_t *buf, size_t len,
		   const struct ike_hdr *h, uint8_t *plain, struct ike_payloads *inner)
{
	struct ike_payloads outer;
	const struct ike_payload *sk;
	const char *why = NULL;
	long plen;

	if (ike_payloads_parse(h->next, buf + IKE_HDR_LEN, len - IKE_HDR_LEN, &outer, &why)) {
		sa_log(sa, LOG_INFO, "malformed %s: %s", ike_exchange_name(h->exchange), why);
		return -1;
	}
	if (!outer.n || outer.p[outer.n - 1].type != IKE_PL_SK) {
		sa_log(sa, LOG_INFO, "%s without an encrypted payload, dropped",
		       ike_exchange_name(h->exchange));
		return -1;
	}
	sk = &outer.p[outer.n - 1];
	/* sender's key: the original initiator's messages carry the I flag */
	plen = ike_sk_open((h->flags & IKE_FLAG_INITIATOR) ? &sa->keys.ei : &sa->keys.er,
			   buf, (size_t)(sk->body - buf), sk->len, plain);
	(void)in_key;
	if (plen < 0) {
		sa_log(sa, LOG_INFO, "%s #%u: integrity check failed, dropped",
		       ike_exchange_name(h->exchange), h->msgid);
		return -1;
	}
	if (ike_payloads_parse(outer.sk_inner, plain, (size_t)plen, inner, &why)) {
		sa_log(sa, LOG_INFO, "malformed encrypted payloads in %s: %s",
		       ike_exchange_name(h->exchange), why);
		return -1;
	}
	return 0;
}

static void dispatch_request(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			     size_t len, const struct ike_payloads *pl)
{
	uint8_t crit = ike_payloads_unknown_critical(pl);

	if (crit) {
		ike_send_notify_response(sa, h->exchange, h->msgid,
					 IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, &crit, 1);
		return;
	}
	switch (h->exchange) {
	case IKE_AUTH:
		exch_auth_request(sa, h, buf, len, pl);
		break;
	case IKE_CREATE_CHILD_SA:
		exch_child_request(sa, h, pl);
		break;
	case IKE_INFORMATIONAL:
		exch_info_request(sa, h, pl);
		break;
	default:
		sa_log(sa, LOG_INFO, "unexpected exchange %u, dropped", h->exchange);
	}
}

static void dispatch_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			      size_t len, const struct ike_payloads *pl)
{
	switch (sa->req_kind) {
	case REQ_AUTH:
		if (h->exchange == IKE_AUTH) {
			exch_auth_response(sa, h, buf, len, pl);
			return;
		}
		break;
	case REQ_CHILD_REKEY:
	case REQ_IKE_REKEY:
		if (h->exchange == IKE_CREATE_CHILD_SA) {
			exch_child_response(sa, h, pl);
			return;
		}
		break;
	case REQ_DELETE_CHILD:
	case REQ_DELETE_IKE:
	case REQ_DPD:
		if (h->exchange == IKE_INFORMATIONAL) {
			exch_info_response(sa, h, pl);
			return;
		}
		break;
	default:
		break;
	}
	sa_log(sa, LOG_INFO, "unexpected %s response #%u, dropped", ike_exchange_name(h->exchange),
	       h->msgid);
}

static void protected_input(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			    size_t len, const struct sockaddr_in *local,
			    const struct sockaddr_in *from)
{
	bool response = h->flags & IKE_FLAG_RESPONSE;
	bool from_init = h->flags & IKE_FLAG_INITIATOR;
	struct ike_payloads inner;
	uint8_t *plain;

	if (!sa->keys_ready || from_init == sa->initiator)
		return;
	if (response) {
		if (sa->req_kind == REQ_NONE || h->msgid != sa->req_msgid)
			return;		/* late or bogus: drop */
	} else if (h->msgid != sa->peer_msgid) {
		if (sa->have_resp && h->msgid == sa->resp_msgid && h->msgid + 1 == sa->peer_msgid) {
			sa_log(sa, LOG_DEBUG, "retransmitted request #%u, resending our answer",
			       h->msgid);
			ike_transmit(sa, sa->resp, sa->resp_len);
		}
		return;
	}
	plain = malloc(len);
	if (!plain)
		return;
	if (open_sk(sa, buf, len, h, plain, &inner))
		goto out;
	sa->msgs_in++;
	sa->last_rx_ms = ked_now(sa->d);
	/* authenticated: follow the peer to its current address (NAT) */
	if (from->sin_addr.s_addr != sa->remote.sin_addr.s_addr ||
	    from->sin_port != sa->remote.sin_port) {
		if (sa->natt) {
			ike_sa_move(sa, from, "authenticated IKE message from there");
			sa->local = *local;
		}
	}
	if (response) {
		dispatch_response(sa, h, buf, len, &inner);
		/* what waited for the answer (deletes) */
		if (sa->state != IKE_S_DEAD)
			exch_send_queued(sa);
	} else {
		sa->peer_msgid++;
		dispatch_request(sa, h, buf, len, &inner);
	}
out:
	free(plain);
}

/**
 * ikev2_input() - a received IKEv2 datagram
 * @d: the daemon
 * @buf: the message (from the IKE header; non-ESP marker removed)
 * @len: its length
 * @local: the address and port it arrived on
 * @from: the sender
 *
 * The IKE SA it concerns is rescheduled afterwards: whatever the
 * exchange changed in its deadlines. (IKE SAs are freed only by
 * ked_tick(), so sa stays valid here.)
 */
void ikev2_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
		 const struct sockaddr_in *from)
{
	static const uint8_t zero[8];
	const char *why = NULL;
	struct ike_hdr h;
	struct ike_sa *sa;

	if (ike_hdr_parse(buf, len, &h, &why)) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "dropped a datagram: %s", why ? why : "bad header");
		return;
	}
	if (h.exchange == IKE_SA_INIT) {
		if (!(h.flags & IKE_FLAG_RESPONSE)) {
			if (h.msgid == 0 && !memcmp(h.spi_r, zero, 8))
				exch_init_request(d, &h, buf, len, local, from);
			return;
		}
		sa = ike_sa_find_init(d, h.spi_i);
		if (sa && h.msgid == 0) {
			exch_init_response(sa, &h, buf, len, from);
			ike_sa_reschedule(sa);
		}
		return;
	}
	sa = ike_sa_find(d, h.spi_i, h.spi_r);
	if (!sa) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "%s for an unknown IKE SA, dropped", ike_exchange_name(h.exchange));
		return;
	}
	protected_input(sa, &h, buf, len, local, from);
	ike_sa_reschedule(sa);
}
