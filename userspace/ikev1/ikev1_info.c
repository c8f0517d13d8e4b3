// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 Informational exchanges (RFC 2408 4.8, RFC 2409 5.7): deletes of
 * ESP and ISAKMP SAs both ways, DPD (RFC 3706: R-U-THERE and its ACK),
 * INITIAL-CONTACT. Once the ISAKMP SA exists they are protected with the
 * phase-1 keys and carry HASH(1) = prf(SKEYID_a, M-ID | rest); each one
 * has a fresh message ID and an IV derived from the last phase-1 block.
 * Unprotected notifies are never acted on (anyone can send them): they are
 * logged. Informational exchanges are one message: nothing is
 * acknowledged or retransmitted (DPD has its own sequence numbers).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "l2tpsec.h"

#define MSG_CAP 2048

typedef void (*info_fill_fn)(struct ike_sa *sa, struct ike_wbuf *w, const void *arg);

static void cookies(const struct ike_sa *sa, uint8_t out[16])
{
	memcpy(out, sa->spi_i, 8);
	memcpy(out + 8, sa->spi_r, 8);
}

/* A protected informational message of fill()'s payloads. 0 / -1. */
static int info_send(struct ike_sa *sa, info_fill_fn fill, const void *arg)
{
	struct ikev1_state *s = v1(sa);
	uint8_t msg[MSG_CAP];
	struct ikev1_iv iv;
	struct ike_wbuf w;
	struct ike_hdr h;
	size_t hoff, len, rest;
	uint32_t msgid;

	if (!s->keys_ready || s->mm != MM_DONE)
		return -1;
	msgid = ikev1_new_msgid(sa);
	if (ikev1_iv_msgid(&s->k, &s->p1_last, msgid, &iv))
		return -1;
	ikev1_sa_hdr(sa, IKEV1_EXCH_INFORMATIONAL, IKEV1_FLAG_ENCRYPTION, msgid, &h);
	ike_w_init(&w, msg, sizeof(msg) - 32);
	ikev1_w_hdr(&w, &h);
	hoff = ikev1_w_hash_placeholder(&w, s->k.prf_len);
	fill(sa, &w, arg);
	len = ike_w_finish(&w);
	if (!len || !hoff)
		return -1;
	rest = hoff + s->k.prf_len;
	if (ikev1_qm_hash1(&s->k, msgid, msg + rest, len - rest, msg + hoff))
		return -1;
	len = ikev1_seal(sa, &iv, msg, len, sizeof(msg));
	if (!len)
		return -1;
	ikev1_msgid_remember(sa, msgid);
	ike_transmit(sa, msg, len);
	ike_wipe(msg, sizeof(msg));
	return 0;
}

static void fill_delete_esp(struct ike_sa *sa, struct ike_wbuf *w, const void *arg)
{
	uint32_t spi = htonl(*(const uint32_t *)arg);

	(void)sa;
	ikev1_w_delete(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_IPSEC_ESP, 4, (const uint8_t *)&spi, 1);
}

static void fill_delete_isakmp(struct ike_sa *sa, struct ike_wbuf *w, const void *arg)
{
	uint8_t spi[16];

	(void)arg;
	cookies(sa, spi);
	ikev1_w_delete(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, 16, spi, 1);
}

struct dpd_arg {
	uint16_t type;
	uint32_t seq;
};

static void fill_dpd(struct ike_sa *sa, struct ike_wbuf *w, const void *arg)
{
	const struct dpd_arg *a = arg;
	uint8_t spi[16], seq[4];

	cookies(sa, spi);
	seq[0] = (uint8_t)(a->seq >> 24);
	seq[1] = (uint8_t)(a->seq >> 16);
	seq[2] = (uint8_t)(a->seq >> 8);
	seq[3] = (uint8_t)a->seq;
	ikev1_w_notify(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, spi, 16, a->type, seq, 4);
}

struct notify_arg {
	uint16_t type;
};

static void fill_notify(struct ike_sa *sa, struct ike_wbuf *w, const void *arg)
{
	const struct notify_arg *a = arg;
	uint8_t spi[16];

	cookies(sa, spi);
	ikev1_w_notify(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, spi, 16, a->type, NULL, 0);
}

/**
 * ikev1_notify_protected() - a protected error notify to the peer
 * @sa: an established SA
 * @type: IKEV1_N_*
 *
 * Return: 0 / -1.
 */
int ikev1_notify_protected(struct ike_sa *sa, uint16_t type)
{
	struct notify_arg a = { .type = type };

	return info_send(sa, fill_notify, &a);
}

/**
 * ikev1_delete_child() - tell the peer a child SA is gone, and remove it
 * @c: the child (of an IKEv1 SA)
 *
 * The delete names our inbound SPI (the one the peer sends with).
 *
 * Return: 0, or -1 if the peer could not be told (the child is removed anyway).
 */
int ikev1_delete_child(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;
	uint32_t spi = c->spi_in;
	int rc = 0;

	if (c->in_installed || c->out_installed)
		rc = info_send(sa, fill_delete_esp, &spi);
	child_destroy(c);
	ike_sa_reschedule(sa);
	return rc;
}

/**
 * ikev1_goodbye() - delete every child and the ISAKMP SA, telling the peer
 * @sa: the SA
 * @why: for the log
 */
void ikev1_goodbye(struct ike_sa *sa, const char *why)
{
	if (sa->state == IKE_S_DEAD)
		return;
	while (sa->children)
		ikev1_delete_child(sa->children);
	if (sa->state == IKE_S_ESTABLISHED)
		info_send(sa, fill_delete_isakmp, NULL);
	ike_sa_kill(sa, why);
}

/**
 * ikev1_dpd_send() - an R-U-THERE to the peer
 * @sa: an established SA whose peer does DPD
 *
 * Return: 0 / -1.
 */
int ikev1_dpd_send(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	struct dpd_arg a = { .type = IKEV1_N_R_U_THERE };

	if (!s->dpd_seq)
		ike_random(&s->dpd_seq, sizeof(s->dpd_seq));
	s->dpd_seq = (s->dpd_seq + 1) & 0x7fffffff;
	if (!s->dpd_seq)
		s->dpd_seq = 1;
	a.seq = s->dpd_seq;
	if (info_send(sa, fill_dpd, &a))
		return -1;
	sa_log(sa, LOG_DEBUG, "liveness check (R-U-THERE %u)", a.seq);
	if (!s->dpd_pending)
		s->dpd_sent_ms = ked_now(sa->d);
	s->dpd_pending = true;
	ikev1_update_deadline(sa);
	return 0;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void on_delete(struct ike_sa *sa, const struct ikev1_payload *p)
{
	struct ikev1_delete del;
	const char *why = NULL;

	if (ikev1_delete_parse(p->body, p->len, &del, &why)) {
		sa_log(sa, LOG_INFO, "malformed delete (%s)", why);
		return;
	}
	if (del.proto == IKEV1_PROTO_ISAKMP) {
		uint8_t spi[16];

		cookies(sa, spi);
		for (unsigned int i = 0; i < del.num; i++)
			if (del.spi_len == 16 && !memcmp(del.spis + 16 * i, spi, 16)) {
				sa_log(sa, LOG_NOTICE, "the peer deleted the IKE SA");
				ike_sa_kill(sa, "deleted by the peer");
				return;
			}
		return;
	}
	if (del.proto != IKEV1_PROTO_IPSEC_ESP || del.spi_len != 4)
		return;
	for (unsigned int i = 0; i < del.num; i++) {
		uint32_t spi = get32(del.spis + 4 * i);
		struct child_sa *c = child_find_out(sa, spi);

		if (!c) {
			sa_log(sa, LOG_DEBUG, "delete of unknown ESP SA %08x", spi);
			continue;
		}
		sa_log(sa, LOG_INFO, "the peer deleted child SA %08x/%08x", c->spi_in, c->spi_out);
		child_destroy(c);
	}
}

static void on_notify(struct ike_sa *sa, const struct ikev1_payload *p)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_notify n;
	struct dpd_arg a;
	const char *why = NULL;
	uint8_t spi[16];

	if (ikev1_notify_parse(p->body, p->len, &n, &why))
		return;
	cookies(sa, spi);
	switch (n.type) {
	case IKEV1_N_R_U_THERE:
	case IKEV1_N_R_U_THERE_ACK:
		if (n.len != 4 || n.spi_len != 16 || memcmp(n.spi, spi, 16))
			return;
		if (n.type == IKEV1_N_R_U_THERE) {
			a.type = IKEV1_N_R_U_THERE_ACK;
			a.seq = get32(n.data);
			s->dpd_peer_seq = a.seq;
			info_send(sa, fill_dpd, &a);
		} else if (s->dpd_pending && get32(n.data) == s->dpd_seq) {
			s->dpd_pending = false;
			sa->dpd_off = false;
		}
		return;
	case IKEV1_N_INITIAL_CONTACT:
		return;		/* handled with main mode */
	default:
		sa_log(sa, n.type < 8192 ? LOG_NOTICE : LOG_DEBUG, "notify %s from the peer",
		       ikev1_notify_name(n.type));
	}
}

/**
 * ikev1_info_input() - an informational message of sa
 * @sa: the SA
 * @m: the message
 * @buf: the datagram
 * @len: its length
 */
void ikev1_info_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_payloads pl;
	struct ikev1_iv iv, next;
	uint8_t want[IKEV1_PRF_MAX], *plain;
	const uint8_t *rest;
	size_t rest_len;

	(void)buf;
	(void)len;
	if (!m->encrypted)
		return;		/* ikev1_input() logs those: never acted on */
	if (s->mm != MM_DONE || ikev1_msgid_seen(sa, m->h.msgid) ||
	    ikev1_iv_msgid(&s->k, &s->p1_last, m->h.msgid, &iv))
		return;
	plain = malloc(m->enc_len ? m->enc_len : 1);
	if (!plain)
		return;
	if (ikev1_open(sa, m, &iv, plain, &pl, &next) || !pl.n ||
	    pl.p[0].type != IKEV1_PL_HASH || pl.p[0].len != s->k.prf_len)
		goto out;
	rest = pl.p[0].body + pl.p[0].len;
	rest_len = (size_t)(plain + m->enc_len - pl.trailing - rest);
	if (ikev1_qm_hash1(&s->k, m->h.msgid, rest, rest_len, want) ||
	    !ikev1_hash_eq(want, s->k.prf_len, pl.p[0].body, pl.p[0].len)) {
		sa_log(sa, LOG_NOTICE, "informational message with a wrong HASH, dropped");
		goto out;
	}
	ikev1_msgid_remember(sa, m->h.msgid);
	sa->last_rx_ms = ked_now(sa->d);
	sa->msgs_in++;
	for (unsigned int i = 1; i < pl.n && sa->state != IKE_S_DEAD; i++) {
		if (pl.p[i].type == IKEV1_PL_D)
			on_delete(sa, &pl.p[i]);
		else if (pl.p[i].type == IKEV1_PL_N)
			on_notify(sa, &pl.p[i]);
	}
	ikev1_update_deadline(sa);
out:
	free(plain);
}

/**
 * ikev1_notify_plain() - an unprotected notify (before an ISAKMP SA exists)
 * @d: the daemon
 * @h: the header of the message it answers (its cookies are used)
 * @type: the notify type
 * @local: from
 * @to: to
 */
void ikev1_notify_plain(struct ked *d, const struct ike_hdr *h, uint16_t type,
			const struct sockaddr_in *local, const struct sockaddr_in *to)
{
	uint8_t msg[128];
	struct ike_wbuf w;
	struct ike_hdr rh = *h;
	size_t len;

	rh.version = IKEV1_VERSION;
	rh.exchange = IKEV1_EXCH_INFORMATIONAL;
	rh.flags = 0;
	rh.msgid = 0;
	ike_w_init(&w, msg, sizeof(msg));
	ikev1_w_hdr(&w, &rh);
	ikev1_w_notify(&w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, NULL, 0, type, NULL, 0);
	len = ike_w_finish(&w);
	if (len)
		d->ops->send(d, local, to, msg, len);
}
