// SPDX-License-Identifier: GPL-2.0
/*
 * IKE SA objects and the transport of IKE messages: lookup by SPI, the
 * SK payload on the way out and in, message IDs with a window of one,
 * retransmission of our requests and of our last response (RFC 7296
 * 2.1-2.3), and the dispatch of received messages to the exchanges.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ked.h"

#define MSG_BUF (IKE_MSG_MAX + 1)

static const char *const state_names[] = {
	[IKE_S_INIT_SENT] = "INIT_SENT",
	[IKE_S_AUTH_SENT] = "AUTH_SENT",
	[IKE_S_INIT_DONE] = "INIT_DONE",
	[IKE_S_ESTABLISHED] = "ESTABLISHED",
	[IKE_S_REKEYED] = "REKEYED",
	[IKE_S_DELETING] = "DELETING",
	[IKE_S_DEAD] = "DEAD",
};

/**
 * ike_state_name() - printable IKE SA state
 * @s: the state
 *
 * Return: a static string.
 */
const char *ike_state_name(enum ike_state s)
{
	return (unsigned int)s < sizeof(state_names) / sizeof(state_names[0]) ?
		state_names[s] : "?";
}

/**
 * ike_sa_new() - a new IKE SA, linked into the daemon
 * @d: the daemon
 * @initiator: we are the original initiator
 * @conn: its connection (may be NULL for a responder until IKE_AUTH)
 *
 * Return: the SA (our SPI filled in), or NULL.
 */
struct ike_sa *ike_sa_new(struct ked *d, bool initiator, const struct conf_conn *conn)
{
	struct ike_sa *sa = calloc(1, sizeof(*sa));
	uint8_t *spi;

	if (!sa)
		return NULL;
	sa->d = d;
	sa->initiator = initiator;
	sa->conn = conn;
	if (conn)
		snprintf(sa->conn_name, sizeof(sa->conn_name), "%s", conn->name);
	sa->serial = ++d->next_serial;
	spi = initiator ? sa->spi_i : sa->spi_r;
	do {
		if (ike_random(spi, 8)) {
			free(sa);
			return NULL;
		}
	} while (!memcmp(spi, "\0\0\0\0\0\0\0\0", 8));
	sa->created_ms = ked_now(d);
	sa->last_rx_ms = sa->created_ms;
	sa->esp_poll_ms = sa->created_ms;
	sa->next = d->sas;
	d->sas = sa;
	return sa;
}

static void wipe_free(uint8_t **p, size_t *len)
{
	if (*p) {
		ike_wipe(*p, *len);
		free(*p);
	}
	*p = NULL;
	*len = 0;
}

/**
 * ike_sa_free() - unlink and free an IKE SA (children must be gone)
 * @sa: the SA
 */
void ike_sa_free(struct ike_sa *sa)
{
	struct ike_sa **pp;

	for (pp = &sa->d->sas; *pp; pp = &(*pp)->next) {
		if (*pp == sa) {
			*pp = sa->next;
			break;
		}
	}
	while (sa->children) {
		struct child_sa *c = sa->children;

		sa->children = c->next;
		child_free(c);
	}
	if (sa->half_open)
		sa->d->n_half_open--;
	ike_dh_free(sa->dh);
	ike_dh_free(sa->x_dh);
	ike_sa_keys_wipe(&sa->keys);
	wipe_free(&sa->init_req, &sa->init_req_len);
	wipe_free(&sa->init_resp, &sa->init_resp_len);
	wipe_free(&sa->req, &sa->req_len);
	wipe_free(&sa->resp, &sa->resp_len);
	ike_wipe(sa, sizeof(*sa));
	free(sa);
}

/**
 * ike_sa_find() - an IKE SA by both SPIs
 * @d: the daemon
 * @spi_i: initiator SPI
 * @spi_r: responder SPI
 *
 * Return: the SA or NULL (dead SAs are not found).
 */
struct ike_sa *ike_sa_find(struct ked *d, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->state != IKE_S_DEAD && !memcmp(sa->spi_i, spi_i, 8) &&
		    !memcmp(sa->spi_r, spi_r, 8))
			return sa;
	return NULL;
}

/**
 * ike_sa_find_half() - a responder SA by the initiator's SPI and address
 * @d: the daemon
 * @spi_i: initiator SPI
 * @from: initiator address
 *
 * Return: the SA or NULL.
 */
struct ike_sa *ike_sa_find_half(struct ked *d, const uint8_t spi_i[8],
				const struct sockaddr_in *from)
{
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->state != IKE_S_DEAD && !sa->initiator &&
		    !memcmp(sa->spi_i, spi_i, 8) &&
		    sa->remote.sin_addr.s_addr == from->sin_addr.s_addr)
			return sa;
	return NULL;
}

/**
 * ike_sa_kill() - end an IKE SA now: children out of the kernel, L2TP down
 * @sa: the SA
 * @why: for the log
 *
 * The SA is freed by the next ked_tick().
 */
void ike_sa_kill(struct ike_sa *sa, const char *why)
{
	if (sa->state == IKE_S_DEAD)
		return;
	sa_log(sa, sa->state == IKE_S_ESTABLISHED ? LOG_NOTICE : LOG_INFO,
	       "IKE SA %s (%s)", sa->state == IKE_S_ESTABLISHED ||
	       sa->state == IKE_S_DELETING ? "deleted" : "failed", why);
	while (sa->children)
		child_destroy(sa->children);
	if (sa->l2tp_up && sa->conn && sa->conn->l2tp.set) {
		sa->d->ops->l2tp_del(sa->d, sa->conn->l2tp.tunnel_id);
		sa->l2tp_up = false;
	}
	if (sa->half_open) {
		sa->half_open = false;
		sa->d->n_half_open--;
	}
	sa->req_kind = REQ_NONE;
	sa->state = IKE_S_DEAD;
	sa->conn = NULL;
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

static const struct ike_sk_key *out_key(const struct ike_sa *sa)
{
	return sa->initiator ? &sa->keys.ei : &sa->keys.er;
}

static const struct ike_sk_key *in_key(const struct ike_sa *sa)
{
	return sa->initiator ? &sa->keys.er : &sa->keys.ei;
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

static int transmit(struct ike_sa *sa, const uint8_t *msg, size_t len)
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
	return transmit(sa, msg, len);
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
	sa->req_child = NULL;
	sa->req_msgid++;
	wipe_free(&sa->req, &sa->req_len);
}

static int response_out(struct ike_sa *sa, uint32_t msgid, uint8_t *msg, size_t len)
{
	wipe_free(&sa->resp, &sa->resp_len);
	sa->resp = msg;
	sa->resp_len = len;
	sa->resp_msgid = msgid;
	sa->have_resp = true;
	return transmit(sa, msg, len);
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
	transmit(sa, sa->req, sa->req_len);
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
			transmit(sa, sa->resp, sa->resp_len);
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
			char a[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
			sa_log(sa, LOG_INFO, "peer now at %s:%u", a, ntohs(from->sin_port));
			sa->remote = *from;
			sa->local = *local;
		}
	}
	if (response)
		dispatch_response(sa, h, buf, len, &inner);
	else {
		sa->peer_msgid++;
		dispatch_request(sa, h, buf, len, &inner);
	}
out:
	free(plain);
}

/**
 * ked_input() - a received IKE datagram
 * @d: the daemon
 * @buf: the message (from the IKE header; non-ESP marker removed)
 * @len: its length
 * @local: the address and port it arrived on
 * @from: the sender
 */
void ked_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
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
		for (sa = d->sas; sa; sa = sa->next)
			if (sa->initiator && sa->state == IKE_S_INIT_SENT &&
			    !memcmp(sa->spi_i, h.spi_i, 8))
				break;
		if (sa && h.msgid == 0)
			exch_init_response(sa, &h, buf, len, from);
		return;
	}
	sa = ike_sa_find(d, h.spi_i, h.spi_r);
	if (!sa) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "%s for an unknown IKE SA, dropped", ike_exchange_name(h.exchange));
		return;
	}
	protected_input(sa, &h, buf, len, local, from);
}
