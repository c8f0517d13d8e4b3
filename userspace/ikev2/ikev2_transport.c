// SPDX-License-Identifier: GPL-2.0
/*
 * The transport of IKEv2 messages of an IKE SA (ikev2_transport.h): the
 * SK payload on the way out, message IDs with a window of one,
 * retransmission of our requests and of our last response (RFC 7296
 * 2.1-2.3), NAT keepalives.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ikev2_transport.h"
#include "ked.h"

#define MSG_BUF (IKE_MSG_MAX + 1)

static void wipe_free(uint8_t **p, size_t *len)
{
	if (*p) {
		ike_wipe(*p, *len);
		free(*p);
	}
	*p = NULL;
	*len = 0;
}

static const struct ike_sk_key *out_key(const struct ike_sa *sa)
{
	return sa->initiator ? &sa->keys.ei : &sa->keys.er;
}

/**
 * ike_sa_hdr() - the IKE header of a message of sa
 * @sa: the SA (both SPIs as far as known)
 * @exchange: exchange type
 * @flags: IKE_FLAG_RESPONSE or 0 (the I flag follows our role)
 * @msgid: message ID
 * @h: filled
 */
void ike_sa_hdr(const struct ike_sa *sa, uint8_t exchange, uint8_t flags, uint32_t msgid,
		struct ike_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->spi_i, sa->spi_i, 8);
	memcpy(h->spi_r, sa->spi_r, 8);
	h->version = IKE_VERSION;
	h->exchange = exchange;
	h->flags = flags | (sa->initiator ? IKE_FLAG_INITIATOR : 0);
	h->msgid = msgid;
}

/**
 * ike_first_error() - the first error notify of a message
 * @pl: its payloads
 *
 * Return: the notify type (< 16384), or 0 if there is none.
 */
uint16_t ike_first_error(const struct ike_payloads *pl)
{
	for (unsigned int i = 0; i < pl->n; i++) {
		struct ike_notify n;
		const char *why;

		if (pl->p[i].type == IKE_PL_NOTIFY &&
		    !ike_notify_parse(pl->p[i].body, pl->p[i].len, &n, &why) &&
		    n.type <= IKE_N_ERROR_MAX)
			return n.type;
	}
	return 0;
}

/* Build header + SK{fill()} into a new buffer. */
static uint8_t *build_protected(struct ike_sa *sa, uint8_t exchange, uint8_t flags,
				uint32_t msgid, ike_fill_fn fill, void *arg, size_t *out_len)
{
	uint8_t *inner = malloc(MSG_BUF), *msg = malloc(MSG_BUF), *body;
	struct ike_wbuf wi, w;
	struct ike_hdr h;
	size_t ilen, body_len, aad_len, len = 0;

	if (!inner || !msg)
		goto fail;
	ike_w_init(&wi, inner, MSG_BUF - 1024);
	if (fill && fill(sa, &wi, arg))
		goto fail;
	ilen = ike_w_finish(&wi);
	if (wi.err)
		goto fail;
	ike_sa_hdr(sa, exchange, flags, msgid, &h);
	ike_w_init(&w, msg, MSG_BUF - 1);
	ike_w_hdr(&w, &h);
	body_len = ike_sk_body_len(&sa->cipher, ilen);
	body = ike_w_sk(&w, ilen ? wi.first : IKE_PL_NONE, body_len, &aad_len);
	len = ike_w_finish(&w);
	if (!body || !len)
		goto fail;
	if (ike_sk_seal(out_key(sa), msg, aad_len, inner, ilen, body_len))
		goto fail;
	ike_wipe(inner, ilen);
	free(inner);
	*out_len = len;
	return msg;
fail:
	sa_log(sa, LOG_ERR, "cannot build %s message", ike_exchange_name(exchange));
	free(inner);
	free(msg);
	return NULL;
}

/**
 * ike_transmit() - send a message of sa to the peer (counted)
 * @sa: the SA
 * @msg: the message
 * @len: its length
 *
 * Return: what ops->send returns.
 */
int ike_transmit(struct ike_sa *sa, const uint8_t *msg, size_t len)
{
	sa->msgs_out++;
	sa->last_tx_ms = ked_now(sa->d);
	return sa->d->ops->send(sa->d, &sa->local, &sa->remote, msg, len);
}

static uint64_t retx_interval(const struct ked *d, unsigned int tries)
{
	uint64_t t = d->conf->retransmit_timeout_ms ? d->conf->retransmit_timeout_ms : 2000;

	while (--tries && t < 60000)
		t *= 2;
	return t;
}

/* Keep msg as our outstanding request and send it. */
static int request_out(struct ike_sa *sa, enum ike_req_kind kind, uint8_t *msg, size_t len)
{
	struct ked *d = sa->d;
	uint64_t now = ked_now(d), total = 0;
	unsigned int tries = d->conf->retransmit_tries ? d->conf->retransmit_tries : 5;

	wipe_free(&sa->req, &sa->req_len);
	sa->req = msg;
	sa->req_len = len;
	sa->req_kind = kind;
	sa->req_tries = 1;
	sa->req_sent_ms = now;
	sa->req_retx_ms = now + retx_interval(d, 1);
	for (unsigned int i = 1; i <= tries; i++)
		total += retx_interval(d, i);
	/* a liveness check gives up after dpd-timeout */
	if (kind == REQ_DPD && sa->conn && sa->conn->dpd_timeout &&
	    (uint64_t)sa->conn->dpd_timeout * 1000 < total)
		total = (uint64_t)sa->conn->dpd_timeout * 1000;
	sa->req_deadline_ms = now + total;
	ike_sa_reschedule(sa);
	return ike_transmit(sa, msg, len);
}

/**
 * ike_send_request() - send a protected request and keep it for retransmits
 * @sa: an IKE SA with keys and no outstanding request
 * @exchange: IKE_CREATE_CHILD_SA, IKE_INFORMATIONAL or IKE_AUTH
 * @kind: what it is about (the response handler and timeouts use it)
 * @fill: writes the inner payloads (may be NULL: empty)
 * @arg: for fill
 *
 * Return: 0, -EBUSY if a request is outstanding, or -1.
 */
int ike_send_request(struct ike_sa *sa, uint8_t exchange, enum ike_req_kind kind,
		     ike_fill_fn fill, void *arg)
{
	uint8_t *msg;
	size_t len;

	if (sa->req_kind != REQ_NONE)
		return -EBUSY;
	msg = build_protected(sa, exchange, 0, sa->req_msgid, fill, arg, &len);
	if (!msg)
		return -1;
	sa_log(sa, LOG_DEBUG, "sending %s request #%u (%zu bytes)", ike_exchange_name(exchange),
	       sa->req_msgid, len);
	request_out(sa, kind, msg, len);
	return 0;
}

/**
 * ike_send_plain() - send an unprotected message (IKE_SA_INIT)
 * @d: the daemon
 * @from: local address
 * @to: peer
 * @buf: the message
 * @len: its length
 *
 * Return: what ops->send returns.
 */
int ike_send_plain(struct ked *d, const struct sockaddr_in *from,
		   const struct sockaddr_in *to, const uint8_t *buf, size_t len)
{
	return d->ops->send(d, from, to, buf, len);
}

/**
 * ike_req_keep_plain() - keep a plain IKE_SA_INIT request as outstanding
 * @sa: the SA
 * @msg: malloc'd message (ownership passes)
 * @len: its length
 */
void ike_req_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len)
{
	request_out(sa, REQ_INIT, msg, len);
}

/**
 * ike_req_done() - our outstanding request was answered
 * @sa: the SA
 */
void ike_req_done(struct ike_sa *sa)
{
	sa->req_kind = REQ_NONE;
	sa->req_spi = 0;
	sa->x_coll = false;
	sa->req_msgid++;
	wipe_free(&sa->req, &sa->req_len);
	ike_sa_reschedule(sa);
}

static int response_out(struct ike_sa *sa, uint32_t msgid, uint8_t *msg, size_t len)
{
	wipe_free(&sa->resp, &sa->resp_len);
	sa->resp = msg;
	sa->resp_len = len;
	sa->resp_msgid = msgid;
	sa->have_resp = true;
	return ike_transmit(sa, msg, len);
}

/**
 * ike_send_response() - answer the peer's request, keep the answer
 * @sa: the SA
 * @exchange: the request's exchange type
 * @msgid: the request's message ID
 * @fill: writes the inner payloads
 * @arg: for fill
 *
 * Return: 0 or -1.
 */
int ike_send_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
		      ike_fill_fn fill, void *arg)
{
	uint8_t *msg;
	size_t len;

	msg = build_protected(sa, exchange, IKE_FLAG_RESPONSE, msgid, fill, arg, &len);
	if (!msg)
		return -1;
	sa_log(sa, LOG_DEBUG, "sending %s response #%u (%zu bytes)", ike_exchange_name(exchange),
	       msgid, len);
	return response_out(sa, msgid, msg, len);
}

/**
 * ike_resp_keep_plain() - remember a plain IKE_SA_INIT response and send it
 * @sa: the SA
 * @msg: malloc'd message (ownership passes)
 * @len: its length
 *
 * Return: what ops->send returns.
 */
int ike_resp_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len)
{
	return response_out(sa, 0, msg, len);
}

struct notify_arg {
	uint16_t type;
	const uint8_t *data;
	size_t len;
};

static int fill_notify(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	const struct notify_arg *n = arg;

	(void)sa;
	ike_w_notify(w, 0, NULL, 0, n->type, n->data, n->len);
	return 0;
}

/**
 * ike_send_notify_response() - a protected answer carrying one notify
 * @sa: the SA
 * @exchange: the request's exchange
 * @msgid: the request's message ID
 * @type: notify type
 * @data: notify data (may be NULL)
 * @len: its length
 *
 * Return: 0 or -1.
 */
int ike_send_notify_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
			     uint16_t type, const uint8_t *data, size_t len)
{
	struct notify_arg n = { type, data, len };

	return ike_send_response(sa, exchange, msgid, fill_notify, &n);
}

/**
 * ike_sa_retransmit() - retransmit our outstanding request, or give up
 * @sa: the SA
 * @now: ked_now()
 */
void ike_sa_retransmit(struct ike_sa *sa, uint64_t now)
{
	unsigned int tries = sa->d->conf->retransmit_tries ? sa->d->conf->retransmit_tries : 5;

	if (sa->req_kind == REQ_NONE || now < sa->req_retx_ms)
		return;
	if (sa->req_tries > tries || now >= sa->req_deadline_ms) {
		sa_log(sa, LOG_NOTICE, "no answer to our request #%u after %u tries",
		       sa->req_msgid, sa->req_tries);
		exch_request_failed(sa);
		return;
	}
	sa->req_tries++;
	sa->retransmits++;
	sa->req_retx_ms = now + retx_interval(sa->d, sa->req_tries);
	if (sa->req_retx_ms > sa->req_deadline_ms)
		sa->req_retx_ms = sa->req_deadline_ms;
	sa_log(sa, LOG_DEBUG, "retransmitting request #%u (try %u)", sa->req_msgid,
	       sa->req_tries);
	ike_transmit(sa, sa->req, sa->req_len);
}

/**
 * ike_sa_keepalive() - a NAT keepalive to the peer (RFC 3948 2.3)
 * @sa: an SA on the NAT-T port
 */
void ike_sa_keepalive(struct ike_sa *sa)
{
	static const uint8_t ka = 0xff;

	sa->last_tx_ms = ked_now(sa->d);
	sa->d->ops->send(sa->d, &sa->local, &sa->remote, &ka, 1);
}
