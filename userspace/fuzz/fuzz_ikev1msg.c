// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the IKEv1 message codec (ikev1/ikev1_msg.c).
 *
 * Input: a whole ISAKMP message; if the header does not parse, the input
 * is read as "first payload type byte + chain" with padding and unknown
 * payloads allowed (the shape of a decrypted body). Every typed decoder
 * runs on every payload; SA payloads that decode are re-encoded with the
 * writer and must come back byte for byte (abort() otherwise), and so must
 * every other payload that decodes as its own type. An encrypted message's
 * body is walked as if it were a decrypted one.
 *
 * Seeds (fuzz/corpus/ikev1msg/) are the messages of
 * tests/ikev1/test_ikev1_msg.c:
 *   IKEV1_SEED_DIR=fuzz/corpus/ikev1msg ./tests/run-tests ikev1-msg
 */
#include "fuzz.h"
#include "ikev1_msg.h"

static uint8_t wbuf[IKE_MSG_MAX + 1];

static unsigned int sum(const uint8_t *p, size_t n)
{
	unsigned int s = 0;

	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

/* The payload written into wbuf by w must equal the generic header + body of p. */
static void same(struct ike_wbuf *w, const struct ikev1_payload *p)
{
	size_t len = ike_w_finish(w);

	if (len != (size_t)p->len + 4 || w->first != p->type || memcmp(wbuf + 4, p->body, p->len))
		abort();
}

static void sa_round_trip(const struct ikev1_payload *p, const struct ikev1_sa *sa)
{
	static struct ikev1_sa again;
	struct ike_wbuf w;

	if (sa->np != sa->np_kept)
		return;
	for (unsigned int i = 0; i < sa->np; i++)
		if (sa->p[i].nt != sa->p[i].nt_kept)
			return;
	ike_w_init(&w, wbuf, sizeof(wbuf));
	ikev1_w_sa(&w, sa->doi, sa->situation, sa->p, sa->np);
	same(&w, p);
	if (ikev1_sa_parse(wbuf + 4, p->len, &again, NULL) || again.np != sa->np)
		abort();
}

static void decode_payload(const struct ikev1_payload *p)
{
	static struct ikev1_sa sa;
	struct ikev1_data d;
	struct ikev1_id id;
	struct ikev1_cert c;
	struct ikev1_notify n;
	struct ikev1_delete del;
	struct ikev1_natoa oa;
	struct ike_wbuf w;
	volatile unsigned int s = 0;

	ike_w_init(&w, wbuf, sizeof(wbuf));
	if (!ikev1_sa_parse(p->body, p->len, &sa, NULL) && p->type == IKEV1_PL_SA)
		sa_round_trip(p, &sa);
	if (!ikev1_data_parse(p->body, p->len, &d, NULL)) {
		s += sum(d.data, d.len) + ikev1_vid_kind(d.data, d.len);
		if (p->type == IKEV1_PL_VID) {
			ikev1_w_data(&w, p->type, d.data, d.len);
			same(&w, p);
		}
	}
	if (!ikev1_nonce_parse(p->body, p->len, &d, NULL))
		s += sum(d.data, d.len);
	if (!ikev1_id_parse(p->body, p->len, &id, NULL)) {
		s += sum(id.data, id.len);
		if (p->type == IKEV1_PL_ID) {
			ikev1_w_id(&w, id.type, id.proto, id.port, id.data, id.len);
			same(&w, p);
		}
	}
	if (!ikev1_cert_parse(p->body, p->len, &c, NULL))
		s += sum(c.data, c.len);
	if (!ikev1_cr_parse(p->body, p->len, &c, NULL))
		s += sum(c.data, c.len);
	if (!ikev1_notify_parse(p->body, p->len, &n, NULL)) {
		s += sum(n.spi, n.spi_len) + sum(n.data, n.len);
		fputs(ikev1_notify_name(n.type), fuzz_null());
		if (p->type == IKEV1_PL_N) {
			ikev1_w_notify(&w, n.doi, n.proto, n.spi, n.spi_len, n.type, n.data, n.len);
			same(&w, p);
		}
	}
	if (!ikev1_delete_parse(p->body, p->len, &del, NULL)) {
		s += sum(del.spis, (size_t)del.num * del.spi_len);
		if (p->type == IKEV1_PL_D) {
			ikev1_w_delete(&w, del.doi, del.proto, del.spi_len, del.spis, del.num);
			same(&w, p);
		}
	}
	if (!ikev1_natoa_parse(p->body, p->len, &oa, NULL)) {
		s += sum(oa.addr, oa.len);
		if (p->type == IKEV1_PL_NAT_OA || p->type == IKEV1_PL_NAT_OA_DRAFT) {
			ikev1_w_natoa(&w, p->type, oa.addr, oa.len);
			same(&w, p);
		}
	}
	fputs(ikev1_payload_name(p->type), fuzz_null());
	(void)s;
}

static void check_chain(const struct ikev1_payloads *pl)
{
	struct ikev1_notify n;

	for (unsigned int i = 0; i < pl->n; i++)
		decode_payload(&pl->p[i]);
	(void)ikev1_payload_count(pl, IKEV1_PL_VID);
	(void)ikev1_payload_next(pl, IKEV1_PL_HASH, NULL);
	if (!ikev1_notify_find(pl, IKEV1_N_R_U_THERE, &n) && n.len > IKE_MSG_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ikev1_msg m;
	static struct ikev1_payloads pl;
	uint8_t *buf = fuzz_copy(data, size);
	int rc = ikev1_msg_parse(buf, size, IKEV1_P_ALLOW_UNKNOWN, &m, NULL);

	if (!rc) {
		fputs(ikev1_exchange_name(m.h.exchange), fuzz_null());
		if (m.encrypted) {
			if (!ikev1_payloads_parse(m.h.next, m.enc, m.enc_len,
						  IKEV1_P_PADDED | IKEV1_P_ALLOW_UNKNOWN, &pl, NULL))
				check_chain(&pl);
		} else {
			check_chain(&m.pl);
		}
	} else if (rc == -1 && size) {
		if (!ikev1_payloads_parse(buf[0], buf + 1, size - 1,
					  IKEV1_P_PADDED | IKEV1_P_ALLOW_UNKNOWN, &pl, NULL))
			check_chain(&pl);
	}
	free(buf);
	return 0;
}
