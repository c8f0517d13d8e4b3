// SPDX-License-Identifier: GPL-2.0
/*
 * INFORMATIONAL (RFC 7296 1.4, 2.4): deleting child SAs and IKE SAs in
 * both directions, liveness checks (an empty request), and what happens
 * when a request of ours gets no answer at all.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "l2tpsec.h"

#define MAX_DEL_SPIS 64

static int fill_delete_child(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	uint32_t spi = htonl(*(const uint32_t *)arg);

	(void)sa;
	ike_w_delete(w, IKE_PROTO_ESP, 4, (const uint8_t *)&spi, 1);
	return 0;
}

static bool unqueue(struct ike_sa *sa, uint32_t spi)
{
	for (unsigned int i = 0; i < sa->n_del_q; i++) {
		if (sa->del_q[i] == spi) {
			sa->del_q[i] = sa->del_q[--sa->n_del_q];
			return true;
		}
	}
	return false;
}

/**
 * exch_delete_spi() - tell the peer that our inbound child SA spi is gone
 * @sa: the IKE SA it belongs to (or that was replaced by the one it does)
 * @spi: our inbound SPI
 *
 * The delete is queued on the live IKE SA and goes out as soon as that SA
 * has no request outstanding (window of one). Nothing is queued on an SA
 * being deleted: its deletion removes the child at the peer too.
 *
 * Return: 0, or -1 if it cannot be sent.
 */
int exch_delete_spi(struct ike_sa *sa, uint32_t spi)
{
	if (sa->state == IKE_S_REKEYED)
		sa = ike_sa_successor(sa);
	if (!sa || sa->state != IKE_S_ESTABLISHED)
		return -1;
	if (sa->req_kind == REQ_DELETE_CHILD && sa->req_spi == spi)
		return 0;	/* on its way */
	unqueue(sa, spi);
	if (sa->n_del_q >= IKE_MAX_DEL_QUEUE)
		return -1;
	sa->del_q[sa->n_del_q++] = spi;
	exch_send_queued(sa);
	ike_sa_reschedule(sa);
	return 0;
}

/**
 * exch_delete_child_start() - delete a child SA (REKEYED, expired, redundant)
 * @c: the child
 *
 * It stays installed (DELETING) until the peer answers our delete, which
 * waits if a request of the IKE SA is outstanding. If no delete can be
 * sent, the child is removed at once.
 *
 * Return: 0 or -1.
 */
int exch_delete_child_start(struct child_sa *c)
{
	if (c->state == CHILD_DELETING)
		return 0;
	if (exch_delete_spi(c->ike, c->spi_in)) {
		child_destroy(c);
		return -1;
	}
	c->state = CHILD_DELETING;
	return 0;
}

static int fill_delete_ike(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	(void)sa;
	(void)arg;
	ike_w_delete(w, IKE_PROTO_IKE, 0, NULL, 0);
	return 0;
}

static int send_delete_ike(struct ike_sa *sa)
{
	sa->delete_queued = false;
	if (ike_send_request(sa, IKE_INFORMATIONAL, REQ_DELETE_IKE, fill_delete_ike, NULL)) {
		ike_sa_kill(sa, "deleted");
		return -1;
	}
	/* do not wait long for a goodbye */
	sa->req_deadline_ms = ked_now(sa->d) + 10000;
	ike_sa_reschedule(sa);
	return 0;
}

/**
 * exch_delete_ike_start() - delete the IKE SA (and with it its children)
 * @sa: the SA
 *
 * The children leave the kernel at once; the SA waits for the answer
 * (or the retransmissions to run out) and is then freed. If a request of
 * ours is outstanding, the delete waits for its answer: its message ID
 * is taken (window of one).
 *
 * Return: 0 or -1.
 */
int exch_delete_ike_start(struct ike_sa *sa)
{
	if (sa->state == IKE_S_DEAD)
		return 0;
	while (sa->children)
		child_destroy(sa->children);
	sa->n_del_q = 0;
	sa->state = IKE_S_DELETING;
	if (sa->req_kind == REQ_DELETE_IKE)
		return 0;
	if (sa->req_kind != REQ_NONE) {
		sa->delete_queued = true;
		return 0;
	}
	return send_delete_ike(sa);
}

/**
 * exch_send_queued() - send what waited for the request slot of sa
 * @sa: the SA
 *
 * The delete of the SA itself, else one queued child delete.
 */
void exch_send_queued(struct ike_sa *sa)
{
	uint32_t spi;

	if (sa->req_kind != REQ_NONE)
		return;
	if (sa->state == IKE_S_DELETING && sa->delete_queued) {
		send_delete_ike(sa);
		return;
	}
	if (sa->state != IKE_S_ESTABLISHED || !sa->n_del_q)
		return;
	spi = sa->del_q[0];
	if (!ike_send_request(sa, IKE_INFORMATIONAL, REQ_DELETE_CHILD, fill_delete_child, &spi)) {
		unqueue(sa, spi);
		sa->req_spi = spi;
	}
}

/**
 * exch_dpd_start() - a liveness check (empty INFORMATIONAL)
 * @sa: the SA
 *
 * Return: 0 or -1.
 */
int exch_dpd_start(struct ike_sa *sa)
{
	sa_log(sa, LOG_DEBUG, "liveness check");
	return ike_send_request(sa, IKE_INFORMATIONAL, REQ_DPD, NULL, NULL);
}

struct info_resp {
	bool delete_ike;
	uint32_t spis[MAX_DEL_SPIS];
	uint16_t n;
};

static int fill_info_resp(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	struct info_resp *r = arg;
	uint8_t buf[MAX_DEL_SPIS * 4];

	(void)sa;
	if (r->delete_ike || !r->n)
		return 0;
	for (uint16_t i = 0; i < r->n; i++) {
		uint32_t s = htonl(r->spis[i]);

		memcpy(buf + 4 * i, &s, 4);
	}
	ike_w_delete(w, IKE_PROTO_ESP, 4, buf, r->n);
	return 0;
}

/**
 * exch_info_request() - the peer's INFORMATIONAL request
 * @sa: the IKE SA
 * @h: header
 * @pl: decrypted payloads
 */
void exch_info_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl)
{
	struct info_resp r;
	uint32_t gone[MAX_DEL_SPIS], crossed[MAX_DEL_SPIS];
	unsigned int n_gone = 0, n_crossed = 0;

	memset(&r, 0, sizeof(r));
	for (unsigned int i = 0; i < pl->n; i++) {
		struct ike_delete del;
		const char *why = NULL;

		if (pl->p[i].type != IKE_PL_DELETE ||
		    ike_delete_parse(pl->p[i].body, pl->p[i].len, &del, &why))
			continue;
		if (del.proto == IKE_PROTO_IKE) {
			r.delete_ike = true;
			continue;
		}
		if (del.proto != IKE_PROTO_ESP || del.spi_len != 4)
			continue;
		for (uint16_t k = 0; k < del.num; k++) {
			const uint8_t *p = del.spis + 4 * k;
			uint32_t spi = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
				       (uint32_t)p[2] << 8 | p[3];
			struct child_sa *c = child_find_own(sa, spi, L2TPSEC_DIR_OUT);
			bool dup = false;

			if (!c || n_gone + n_crossed >= MAX_DEL_SPIS)
				continue;
			for (unsigned int g = 0; g < n_gone; g++)
				dup |= gone[g] == c->spi_in;
			for (unsigned int g = 0; g < n_crossed; g++)
				dup |= crossed[g] == c->spi_in;
			if (dup)
				continue;
			/*
			 * our delete of it is outstanding too (1.4.1): the
			 * outbound SA goes now, the inbound one with our
			 * answer, and the response does not name it
			 */
			if (c->ike->req_kind == REQ_DELETE_CHILD && c->ike->req_spi == c->spi_in) {
				crossed[n_crossed++] = c->spi_in;
				continue;
			}
			gone[n_gone++] = c->spi_in;
			r.spis[r.n++] = c->spi_in;
		}
	}
	ike_send_response(sa, IKE_INFORMATIONAL, h->msgid, fill_info_resp, &r);
	if (r.delete_ike) {
		sa_log(sa, LOG_NOTICE, "peer deleted the IKE SA");
		if (sa->state == IKE_S_REKEYED)
			exch_rekeyed_gone(sa);
		ike_sa_kill(sa, "deleted by the peer");
		return;
	}
	for (unsigned int g = 0; g < n_crossed; g++) {
		struct child_sa *c = child_find_own(sa, crossed[g], L2TPSEC_DIR_IN);

		if (!c)
			continue;
		sa_log(sa, LOG_INFO, "child SA %08x/%08x deleted by both ends", c->spi_in,
		       c->spi_out);
		child_remove_out(c);
	}
	for (unsigned int g = 0; g < n_gone; g++) {
		struct child_sa *c = child_find_own(sa, gone[g], L2TPSEC_DIR_IN);

		if (!c)
			continue;
		sa_log(sa, LOG_INFO, "peer deleted child SA %08x/%08x", c->spi_in, c->spi_out);
		unqueue(c->ike, c->spi_in);
		/* if this is the old SA of a rekey, the tunnel moves to the new one */
		child_destroy(c);
	}
}

/**
 * exch_rekeyed_gone() - the old SA of an IKE rekey goes (to be killed)
 * @sa: the REKEYED SA
 *
 * Its children live on in the new SA; a child delete of ours still
 * waiting for its answer on the old SA is sent again there.
 */
void exch_rekeyed_gone(struct ike_sa *sa)
{
	struct ike_sa *n = ike_sa_successor(sa);

	if (n && sa->req_kind == REQ_DELETE_CHILD && child_find_own(n, sa->req_spi,
								     L2TPSEC_DIR_IN))
		exch_delete_spi(n, sa->req_spi);
	sa->state = IKE_S_DELETING;
}

/**
 * exch_info_response() - the answer to our INFORMATIONAL request
 * @sa: the IKE SA
 * @h: header
 * @pl: decrypted payloads
 */
void exch_info_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl)
{
	enum ike_req_kind kind = sa->req_kind;
	struct child_sa *c = child_find_own(sa, sa->req_spi, L2TPSEC_DIR_IN);

	(void)h;
	(void)pl;
	ike_req_done(sa);
	switch (kind) {
	case REQ_DELETE_CHILD:
		/* gone already if the peer deleted it first */
		if (c)
			child_destroy(c);
		break;
	case REQ_DELETE_IKE:
		ike_sa_kill(sa, sa->rekeyed ? "rekeyed" : "deleted");
		break;
	default:
		break;
	}
}

/**
 * exch_request_failed() - a request of ours got no answer in time
 * @sa: the IKE SA
 */
void exch_request_failed(struct ike_sa *sa)
{
	enum ike_req_kind kind = sa->req_kind;

	sa->req_kind = REQ_NONE;
	switch (kind) {
	case REQ_INIT:
	case REQ_AUTH:
		ike_sa_kill(sa, "peer does not answer");
		break;
	case REQ_DELETE_IKE:
		ike_sa_kill(sa, sa->rekeyed ? "rekeyed" : "deleted");
		break;
	default:
		ike_sa_kill(sa, "peer is dead (no answer to our requests)");
		break;
	}
}

static int fill_goodbye(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	(void)sa;
	(void)arg;
	ike_w_delete(w, IKE_PROTO_IKE, 0, NULL, 0);
	return 0;
}

/**
 * ike_sa_goodbye() - tell the peer once that the IKE SA is gone, then kill it
 * @sa: the SA
 * @why: for the log
 *
 * Used on shutdown and reload: no retransmission, no waiting.
 */
void ike_sa_goodbye(struct ike_sa *sa, const char *why)
{
	if (sa->state == IKE_S_DEAD)
		return;
	while (sa->children)
		child_destroy(sa->children);
	if (sa->keys_ready && (sa->state == IKE_S_ESTABLISHED || sa->state == IKE_S_REKEYED)) {
		sa->req_kind = REQ_NONE;
		ike_send_request(sa, IKE_INFORMATIONAL, REQ_DELETE_IKE, fill_goodbye, NULL);
		sa->state = IKE_S_DELETING;
	}
	ike_sa_kill(sa, why);
}
