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
	struct child_sa *c = arg;
	uint32_t spi = htonl(c->spi_in);

	(void)sa;
	ike_w_delete(w, IKE_PROTO_ESP, 4, (const uint8_t *)&spi, 1);
	return 0;
}

/**
 * exch_delete_child_start() - tell the peer we delete a child SA
 * @c: the child (REKEYED or to be removed)
 *
 * If a request is outstanding the child is removed right away instead
 * (the peer learns it from the next exchange's INVALID_SPI, or never
 * needs to).
 *
 * Return: 0 or -1.
 */
int exch_delete_child_start(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;

	if (sa->req_kind != REQ_NONE ||
	    ike_send_request(sa, IKE_INFORMATIONAL, REQ_DELETE_CHILD, fill_delete_child, c)) {
		child_destroy(c);
		return -1;
	}
	sa->req_child = c;
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

/**
 * exch_delete_ike_start() - delete the IKE SA (and with it its children)
 * @sa: the SA
 *
 * The children leave the kernel at once; the SA waits for the answer
 * (or the retransmissions to run out) and is then freed.
 *
 * Return: 0 or -1.
 */
int exch_delete_ike_start(struct ike_sa *sa)
{
	if (sa->state == IKE_S_DEAD)
		return 0;
	while (sa->children)
		child_destroy(sa->children);
	sa->req_kind = REQ_NONE;	/* whatever was outstanding is moot */
	sa->state = IKE_S_DELETING;
	if (ike_send_request(sa, IKE_INFORMATIONAL, REQ_DELETE_IKE, fill_delete_ike, NULL)) {
		ike_sa_kill(sa, "deleted");
		return -1;
	}
	/* do not wait long for a goodbye */
	sa->req_deadline_ms = ked_now(sa->d) + 10000;
	return 0;
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
	struct child_sa *gone[MAX_DEL_SPIS];
	unsigned int n_gone = 0;

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
			struct child_sa *c = child_find_out(sa, spi);
			bool dup = false;

			if (!c || r.n >= MAX_DEL_SPIS)
				continue;
			for (unsigned int g = 0; g < n_gone; g++)
				dup |= gone[g] == c;
			if (dup)
				continue;
			gone[n_gone++] = c;
			r.spis[r.n++] = c->spi_in;
		}
	}
	ike_send_response(sa, IKE_INFORMATIONAL, h->msgid, fill_info_resp, &r);
	if (r.delete_ike) {
		sa_log(sa, LOG_NOTICE, "peer deleted the IKE SA");
		if (sa->state == IKE_S_REKEYED)
			sa->state = IKE_S_DELETING;	/* its children live on in the new SA */
		ike_sa_kill(sa, "deleted by the peer");
		return;
	}
	for (unsigned int g = 0; g < n_gone; g++) {
		sa_log(sa, LOG_INFO, "peer deleted child SA %08x/%08x", gone[g]->spi_in,
		       gone[g]->spi_out);
		/* if this is the old SA of a rekey, the tunnel moves to the new one */
		child_destroy(gone[g]);
	}
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
	struct child_sa *c = sa->req_child;

	(void)h;
	(void)pl;
	ike_req_done(sa);
	switch (kind) {
	case REQ_DELETE_CHILD:
		if (c)
			child_destroy(c);
		break;
	case REQ_DELETE_IKE:
		ike_sa_kill(sa, sa->rekeyed_by ? "rekeyed" : "deleted");
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
		ike_sa_kill(sa, sa->rekeyed_by ? "rekeyed" : "deleted");
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
