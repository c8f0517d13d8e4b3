// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the IKEv2 message codec (ike/ikev2_msg.c).
 *
 * Input: a whole IKE message (header + payload chain); if the header does
 * not parse, the input is read as "first payload type byte + chain" (the
 * shape of a decrypted SK body). Every typed decoder runs on every payload
 * (SK/SKF bodies excepted: only the chain of a protected message); SA and TS
 * payloads that decode are re-encoded with the writer and decoded again,
 * and must come back equal (abort() otherwise).
 */
#include "fuzz.h"
#include "ikev2_msg.h"

static uint8_t wbuf[IKE_MSG_MAX + 1];

static bool proposal_equal(const struct ike_proposal *a, const struct ike_proposal *b)
{
	if (a->num != b->num || a->proto != b->proto || a->spi_len != b->spi_len ||
	    a->nt != b->nt || a->spi_len > sizeof(a->spi) || a->nt > IKE_MAX_TRANSFORMS ||
	    memcmp(a->spi, b->spi, a->spi_len))
		return false;
	for (unsigned int i = 0; i < a->nt; i++)
		if (a->t[i].type != b->t[i].type || a->t[i].id != b->t[i].id ||
		    a->t[i].key_bits != b->t[i].key_bits)
			return false;
	return true;
}

/* Re-encode the payload written by w (one payload, no header) and parse it back. */
static const struct ike_payload *reparse(struct ike_wbuf *w, struct ike_payloads *pl,
					 uint8_t type)
{
	size_t len = ike_w_finish(w);

	if (!len || w->first != type || ike_payloads_parse(w->first, wbuf, len, pl, NULL) ||
	    pl->n != 1)
		abort();
	return &pl->p[0];
}

static void sa_round_trip(const struct ike_sa_payload *sa)
{
	static struct ike_sa_payload again;
	static struct ike_payloads pl;
	const struct ike_payload *p;
	struct ike_wbuf w;

	ike_w_init(&w, wbuf, sizeof(wbuf));
	ike_w_sa(&w, sa->prop, sa->n);
	p = reparse(&w, &pl, IKE_PL_SA);
	if (ike_sa_parse(p->body, p->len, &again, NULL) || again.n != sa->n)
		abort();
	for (unsigned int i = 0; i < sa->n; i++) {
		if (!proposal_equal(&sa->prop[i], &again.prop[i]))
			abort();
		for (unsigned int j = 0; j < sa->prop[i].nt; j++)
			fputs(ike_transform_name(sa->prop[i].t[j].type, sa->prop[i].t[j].id),
			      fuzz_null());
	}
}

static void ts_round_trip(uint8_t type, const struct ike_ts_payload *t)
{
	static struct ike_ts_payload again;
	static struct ike_payloads pl;
	const struct ike_payload *p;
	struct ike_wbuf w;

	ike_w_init(&w, wbuf, sizeof(wbuf));
	ike_w_ts(&w, type, t->ts, t->n);
	p = reparse(&w, &pl, type);
	if (ike_ts_parse(p->body, p->len, &again, NULL) || again.n != t->n ||
	    memcmp(again.ts, t->ts, t->n * sizeof(t->ts[0])))
		abort();
}

/* Touch every byte a decoder says is ours, so ASan checks the bounds. */
static unsigned int sum(const uint8_t *p, size_t n)
{
	unsigned int s = 0;

	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void decode_payload(const struct ike_payload *p)
{
	static struct ike_sa_payload sa;
	static struct ike_ts_payload ts;
	struct ike_ke ke;
	struct ike_id id;
	struct ike_auth a;
	struct ike_cert c;
	struct ike_notify n;
	struct ike_delete d;
	volatile unsigned int s = 0;

	if (!ike_sa_parse(p->body, p->len, &sa, NULL))
		sa_round_trip(&sa);
	if (!ike_ts_parse(p->body, p->len, &ts, NULL))
		ts_round_trip(p->type == IKE_PL_TSR ? IKE_PL_TSR : IKE_PL_TSI, &ts);
	if (!ike_ke_parse(p->body, p->len, &ke, NULL))
		s += sum(ke.data, ke.len) + ke.group;
	if (!ike_id_parse(p->body, p->len, &id, NULL))
		s += sum(id.data, id.len);
	if (!ike_auth_parse(p->body, p->len, &a, NULL))
		s += sum(a.data, a.len);
	if (!ike_cert_parse(p->body, p->len, &c, NULL))
		s += sum(c.data, c.len);
	if (!ike_notify_parse(p->body, p->len, &n, NULL)) {
		s += sum(n.spi, n.spi_len) + sum(n.data, n.len);
		fputs(ike_notify_name(n.type), fuzz_null());
	}
	if (!ike_delete_parse(p->body, p->len, &d, NULL))
		s += sum(d.spis, (size_t)d.num * d.spi_len);
	s += (unsigned int)ike_nonce_check(p->len, NULL);
	fputs(ike_payload_name(p->type), fuzz_null());
	(void)s;
}

static void check_chain(const struct ike_payloads *pl)
{
	struct ike_notify n;

	for (unsigned int i = 0; i < pl->n; i++) {
		const struct ike_payload *p = &pl->p[i];

		if (p->type == IKE_PL_SK || p->type == IKE_PL_SKF)
			continue;
		decode_payload(p);
	}
	(void)ike_payloads_unknown_critical(pl);
	(void)ike_payload_count(pl, IKE_PL_NOTIFY);
	if (!ike_notify_find(pl, IKE_N_COOKIE, &n) && n.len > IKE_MSG_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_payloads pl;
	uint8_t *buf = fuzz_copy(data, size);
	struct ike_hdr h;

	if (!ike_hdr_parse(buf, size, &h, NULL)) {
		fputs(ike_exchange_name(h.exchange), fuzz_null());
		if (!ike_payloads_parse(h.next, buf + IKE_HDR_LEN, size - IKE_HDR_LEN, &pl, NULL))
			check_chain(&pl);
	} else if (size) {
		if (!ike_payloads_parse(buf[0], buf + 1, size - 1, &pl, NULL))
			check_chain(&pl);
	}
	free(buf);
	return 0;
}
