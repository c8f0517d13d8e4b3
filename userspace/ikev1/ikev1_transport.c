// SPDX-License-Identifier: GPL-2.0
/*
 * The transport of IKEv1 messages (ikev1_exch.h): the per-SA state,
 * encryption with the CBC IV chaining of RFC 2409 appendix B, our
 * outstanding main mode message and what we resend when the peer
 * retransmits, message IDs of phase 2, the float to the NAT-T port.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "dh.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"

static void state_free(void *p)
{
	struct ikev1_state *s = p;

	for (unsigned int i = 0; i < IKEV1_MAX_QM; i++) {
		if (s->qm[i]) {
			ikev1_qm_free(s->qm[i]);
			free(s->qm[i]);
		}
	}
	ikev1_keys_wipe(&s->k);
	if (s->sai_b) {
		ike_wipe(s->sai_b, s->sai_len);
		free(s->sai_b);
	}
	ike_wipe(s, sizeof(*s));
	free(s);
}

/**
 * ikev1_sa_setup() - make an IKE SA an IKEv1 one
 * @sa: a new SA
 *
 * Return: 0, or -1 (out of memory).
 */
int ikev1_sa_setup(struct ike_sa *sa)
{
	struct ikev1_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	sa->version = 1;
	sa->ver = s;
	sa->ver_free = state_free;
	sa->dpd_off = true;	/* until the peer says it does DPD */
	return 0;
}

void ikev1_digest(const uint8_t *buf, size_t len, uint8_t out[IKEV1_DIGEST_LEN])
{
	if (ikev1_hash(IKEV1_HASH_SHA1, buf, len, NULL, 0, out))
		memset(out, 0, IKEV1_DIGEST_LEN);
}

void ikev1_sa_hdr(const struct ike_sa *sa, uint8_t exchange, uint8_t flags, uint32_t msgid,
		  struct ike_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->spi_i, sa->spi_i, 8);
	memcpy(h->spi_r, sa->spi_r, 8);
	h->version = IKEV1_VERSION;
	h->exchange = exchange;
	h->flags = flags;
	h->msgid = msgid;
}

size_t ikev1_w_hash_placeholder(struct ike_wbuf *w, size_t hash_len)
{
	static const uint8_t zero[IKEV1_PRF_MAX];
	size_t start = ike_w_begin(w, IKEV1_PL_HASH, false);

	ike_w_bytes(w, zero, hash_len);
	ike_w_end(w, start);
	return w->err ? 0 : start + 4;
}

size_t ikev1_seal(struct ike_sa *sa, struct ikev1_iv *iv, uint8_t *msg, size_t len,
		  size_t cap)
{
	struct ikev1_state *s = v1(sa);
	size_t body = len - IKEV1_HDR_LEN, padded = ikev1_padded_len(&s->k, body);

	if (len < IKEV1_HDR_LEN || IKEV1_HDR_LEN + padded > cap || !padded)
		return 0;
	memset(msg + len, 0, padded - body);
	msg[19] |= IKEV1_FLAG_ENCRYPTION;
	len = IKEV1_HDR_LEN + padded;
	msg[24] = (uint8_t)(len >> 24);
	msg[25] = (uint8_t)(len >> 16);
	msg[26] = (uint8_t)(len >> 8);
	msg[27] = (uint8_t)len;
	if (ikev1_encrypt(&s->k, iv, msg + IKEV1_HDR_LEN, padded))
		return 0;
	return len;
}

int ikev1_open(struct ike_sa *sa, const struct ikev1_msg *m, const struct ikev1_iv *iv,
	       uint8_t *plain, struct ikev1_payloads *pl, struct ikev1_iv *next)
{
	struct ikev1_state *s = v1(sa);
	const char *why = NULL;

	if (!m->encrypted || !s->keys_ready || m->enc_len % s->k.block_len)
		return -1;
	if (ikev1_decrypt(&s->k, iv, m->enc, m->enc_len, plain, next))
		return -1;
	if (ikev1_payloads_parse(m->h.next, plain, m->enc_len, IKEV1_P_PADDED, pl, &why)) {
		sa_log(sa, LOG_INFO, "%s: undecodable after decryption (%s): wrong key or IV?",
		       ikev1_exchange_name(m->h.exchange), why ? why : "malformed");
		return -1;
	}
	return 0;
}

void ikev1_keep_send(struct ike_sa *sa, uint8_t **slot, size_t *slot_len, uint8_t *msg,
		     size_t len)
{
	uint8_t *fit = realloc(msg, len);	/* built in a larger buffer */

	if (fit)
		msg = fit;
	if (*slot) {
		ike_wipe(*slot, *slot_len);
		free(*slot);
	}
	*slot = msg;
	*slot_len = len;
	ike_transmit(sa, msg, len);
}

static uint64_t retx_first(const struct ked *d)
{
	return d->conf->retransmit_timeout_ms ? d->conf->retransmit_timeout_ms : 2000;
}

void ikev1_request_out(struct ike_sa *sa, uint8_t *msg, size_t len)
{
	struct ked *d = sa->d;
	uint64_t now = ked_now(d), total = 0, t = retx_first(d);
	unsigned int tries = d->conf->retransmit_tries ? d->conf->retransmit_tries : 5;

	for (unsigned int i = 0; i <= tries; i++, t = t < 60000 ? t * 2 : t)
		total += t;
	sa->req_kind = sa->initiator ? REQ_INIT : REQ_AUTH;
	sa->req_tries = 1;
	sa->req_sent_ms = now;
	sa->req_retx_ms = now + retx_first(d);
	sa->req_deadline_ms = now + total;
	ikev1_keep_send(sa, &sa->req, &sa->req_len, msg, len);
}

void ikev1_float(struct ike_sa *sa)
{
	uint16_t port = sa->d->conf->natt_port ? sa->d->conf->natt_port : 4500;

	if (sa->natt)
		return;
	sa->natt = true;
	sa->local.sin_port = htons(port);
	sa->remote.sin_port = htons(port);
	ike_sa_set_remote(sa, &sa->remote);
}

bool ikev1_msgid_seen(const struct ike_sa *sa, uint32_t msgid)
{
	const struct ikev1_state *s = v1(sa);

	for (unsigned int i = 0; i < s->n_seen && i < 16; i++)
		if (s->seen_msgid[i] == msgid)
			return true;
	return false;
}

void ikev1_msgid_remember(struct ike_sa *sa, uint32_t msgid)
{
	struct ikev1_state *s = v1(sa);

	s->seen_msgid[s->n_seen++ % 16] = msgid;
}

uint32_t ikev1_new_msgid(struct ike_sa *sa)
{
	uint32_t id = 0;

	for (;;) {
		bool used = false;

		if (ike_random(&id, sizeof(id)) || !id)
			continue;
		for (unsigned int i = 0; i < IKEV1_MAX_QM; i++)
			used |= v1(sa)->qm[i] && v1(sa)->qm[i]->used && v1(sa)->qm[i]->msgid == id;
		if (!used && !ikev1_msgid_seen(sa, id))
			return id;
	}
}

static void soonest(uint64_t *at, uint64_t t)
{
	if (t && (!*at || t < *at))
		*at = t;
}

/**
 * ikev1_update_deadline() - the earliest IKEv1-private deadline of an SA
 * @sa: an IKEv1 SA
 *
 * Quick mode retransmissions and lingering, DPD waiting for its ack, the
 * ISAKMP SA's lifetime: sa->ver_deadline_ms, part of the SA's timer.
 */
void ikev1_update_deadline(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	uint64_t at = 0, tmo;

	if (!s)
		return;
	for (unsigned int i = 0; i < IKEV1_MAX_QM; i++) {
		const struct ikev1_qm *q = s->qm[i];

		if (!q || !q->used)
			continue;
		soonest(&at, q->expire_ms);
		if (!q->done && q->out)
			soonest(&at, q->retx_ms);
	}
	if (s->dpd_pending && sa->conn) {
		tmo = sa->conn->dpd_timeout ? sa->conn->dpd_timeout : 30;
		soonest(&at, s->dpd_sent_ms + tmo * 1000);
	}
	soonest(&at, s->expire_ms);
	sa->ver_deadline_ms = at;
}
