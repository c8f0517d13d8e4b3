// SPDX-License-Identifier: GPL-2.0
/*
 * ppp/ppp_pkt.c: the header, option lists and typed bodies on every
 * truncation (heap buffers of exact size, so that ASan sees any overread),
 * malformed lists, the writer at every capacity, Configure answers.
 */
#include <stdlib.h>

#include "test.h"
#include "ppp_pkt.h"

/* A copy of p[0..n) in a heap buffer of exactly n bytes (1 for n == 0, never read). */
static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	if (n)
		memcpy(b, p, n);
	return b;
}

/* Configure-Request id 7: MRU 1400, Magic 0x11223344, PFC, ACFC; 2 bytes of padding. */
static const uint8_t conf_req[] = {
	0x01, 0x07, 0x00, 0x12,
	0x01, 0x04, 0x05, 0x78,
	0x05, 0x06, 0x11, 0x22, 0x33, 0x44,
	0x07, 0x02,
	0x08, 0x02,
	0xee, 0xee,
};

static void test_pkt_conf_req(void)
{
	struct ppp_pkt p;
	struct ppp_opt o;
	const char *why = NULL;
	size_t off = 0;
	int n = 0;

	CHECK_EQ(ppp_pkt_parse(conf_req, sizeof(conf_req), &p, &why), 0);
	CHECK_EQ(p.code, PPP_CONF_REQ);
	CHECK_EQ(p.id, 7);
	CHECK_EQ(p.len, 18);
	CHECK_EQ(p.data_len, 14);
	CHECK_EQ(p.padding, 2);
	CHECK(p.data == conf_req + 4);
	while (ppp_opt_next(p.data, p.data_len, &off, &o, &why) == 1) {
		if (n == 0) {
			CHECK_EQ(o.type, 1);
			CHECK_EQ(o.len, 4);
			CHECK(o.data == conf_req + 6);
			CHECK(o.raw == conf_req + 4);
		}
		if (n == 2)
			CHECK_EQ(o.len, 2);
		n++;
	}
	CHECK_EQ(n, 4);
	CHECK(ppp_opt_find(p.data, p.data_len, 5, &o));
	CHECK_EQ(o.data[0], 0x11);
	CHECK(!ppp_opt_find(p.data, p.data_len, 3, &o));
	CHECK_STR(ppp_code_name(PPP_CONF_REQ), "Configure-Request");
	CHECK_STR(ppp_code_name(PPP_DISCARD_REQ), "Discard-Request");
	CHECK_STR(ppp_code_name(0), "unknown");
	CHECK_STR(ppp_code_name(12), "unknown");
}

/* Cut at every length: with Length unchanged (always -1 below it), and with Length = cut. */
static void test_pkt_truncations(void)
{
	static const uint8_t term[] = { 0x05, 0x01, 0x00, 0x08, 'b', 'y', 'e', '!' };
	static const uint8_t code_rej[] = { 0x07, 0x02, 0x00, 0x08, 0x0c, 0x09, 0x00, 0x04 };
	static const uint8_t proto_rej[] = { 0x08, 0x03, 0x00, 0x0a, 0x80, 0x21, 0x01, 0x01, 0x00, 0x04 };
	static const uint8_t echo[] = { 0x09, 0x04, 0x00, 0x0a, 0xde, 0xad, 0xbe, 0xef, 'h', 'i' };
	static const struct { const uint8_t *p; size_t n; } pk[] = {
		{ conf_req, 18 }, { term, sizeof(term) }, { code_rej, sizeof(code_rej) },
		{ proto_rej, sizeof(proto_rej) }, { echo, sizeof(echo) },
	};

	for (size_t k = 0; k < sizeof(pk) / sizeof(pk[0]); k++) {
		for (size_t cut = 0; cut <= pk[k].n; cut++) {
			uint8_t *b = exact(pk[k].p, cut);
			struct ppp_pkt p;
			struct ppp_code_rej cr;
			struct ppp_proto_rej pr;
			struct ppp_echo e;
			const char *why = NULL;
			int rc = ppp_pkt_parse(b, cut, &p, &why);

			CHECK_EQ(rc, cut == pk[k].n ? 0 : -1);
			if (rc)
				CHECK(why != NULL);
			/* The same bytes with a Length that says cut. */
			if (cut >= 4) {
				b[2] = (uint8_t)(cut >> 8);
				b[3] = (uint8_t)cut;
				rc = ppp_pkt_parse(b, cut, &p, &why);
				if (pk[k].p[0] == PPP_CONF_REQ) {
					/* option boundaries: after 4, 8, 14, 16, 18 bytes */
					bool edge = cut == 4 || cut == 8 || cut == 14 || cut == 16 ||
						    cut == 18;

					CHECK_EQ(rc, edge ? 0 : -1);
				} else {
					CHECK_EQ(rc, 0);
				}
				if (!rc) {
					size_t dl = cut - 4;

					CHECK_EQ(p.data_len, dl);
					rc = ppp_code_rej_parse(&p, &cr, NULL);
					if (p.code == PPP_CODE_REJ)
						CHECK_EQ(rc, dl >= 1 ? 0 : -1);
					rc = ppp_proto_rej_parse(&p, &pr, NULL);
					if (p.code == PPP_PROTO_REJ) {
						CHECK_EQ(rc, dl >= 2 ? 0 : -1);
						if (!rc) {
							CHECK_EQ(pr.proto, PPP_PROTO_IPCP);
							CHECK_EQ(pr.len, dl - 2);
						}
					}
					rc = ppp_echo_parse(&p, &e, NULL);
					if (p.code == PPP_ECHO_REQ) {
						CHECK_EQ(rc, dl >= 4 ? 0 : -1);
						if (!rc) {
							CHECK_EQ(e.magic, 0xdeadbeef);
							CHECK_EQ(e.len, dl - 4);
						}
					} else {
						CHECK_EQ(rc, -1);
					}
				}
			}
			free(b);
		}
	}
}

static void test_pkt_malformed(void)
{
	uint8_t b[4 + 2 * 40];
	struct ppp_pkt p;
	const char *why = NULL;

	/* Length below 4, above the buffer. */
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 1, 1, 0, 3 }, 4, &p, &why), -1);
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 1, 1, 0, 5 }, 4, &p, &why), -1);
	CHECK_EQ(ppp_pkt_parse(NULL, 0, &p, &why), -1);
	/* Options: length 0, 1, past the end, a header cut. */
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 1, 1, 0, 6, 1, 0 }, 6, &p, &why), -1);
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 1, 1, 0, 6, 1, 1 }, 6, &p, &why), -1);
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 1, 1, 0, 6, 1, 3 }, 6, &p, &why), -1);
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 4, 1, 0, 5, 1 }, 5, &p, &why), -1);
	CHECK_STR(why, "option header truncated");
	/* The same bytes as a Terminate-Request: opaque data, fine. */
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 5, 1, 0, 6, 1, 0 }, 6, &p, &why), 0);
	/* Unknown codes parse (they are the caller's Code-Reject). */
	CHECK_EQ(ppp_pkt_parse((const uint8_t[]){ 0xc8, 1, 0, 4 }, 4, &p, &why), 0);
	/* 32 options fine, 33 too many. */
	memset(b, 0, sizeof(b));
	b[0] = PPP_CONF_NAK;
	for (int i = 0; i < 40; i++) {
		b[4 + 2 * i] = 7;
		b[5 + 2 * i] = 2;
	}
	b[3] = 4 + 2 * 32;
	CHECK_EQ(ppp_pkt_parse(b, sizeof(b), &p, &why), 0);
	b[3] = 4 + 2 * 33;
	CHECK_EQ(ppp_pkt_parse(b, sizeof(b), &p, &why), -1);
	CHECK_STR(why, "too many options");
	CHECK_EQ(ppp_opts_check(NULL, 0, &why), 0);
}

/* A Configure-Request written at every capacity: all or nothing, never past cap. */
static void test_pkt_writer(void)
{
	static const uint8_t want[] = {
		0x01, 0x09, 0x00, 0x13,
		0x01, 0x04, 0x05, 0xdc,
		0x03, 0x05, 0xc2, 0x23, 0x81,
		0x05, 0x06, 0xca, 0xfe, 0xba, 0xbe,
	};

	for (size_t cap = 0; cap <= sizeof(want) + 1; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);
		struct ppp_wbuf w;
		size_t n;

		ppp_w_init(&w, b, cap);
		ppp_w_hdr(&w, PPP_CONF_REQ, 9);
		ppp_w_opt_u16(&w, 1, 1500);
		ppp_w_opt(&w, 3, (const uint8_t[]){ 0xc2, 0x23, 0x81 }, 3);
		ppp_w_opt_u32(&w, 5, 0xcafebabe);
		n = ppp_w_finish(&w);
		if (cap < sizeof(want)) {
			CHECK_EQ(n, 0);
			CHECK(w.err);
		} else {
			CHECK_EQ(n, sizeof(want));
			CHECK_MEM(b, want, sizeof(want));
		}
		free(b);
	}
	{
		uint8_t b[300];
		struct ppp_wbuf w;

		/* An option longer than 253 bytes, a second header, no header at all. */
		ppp_w_init(&w, b, sizeof(b));
		ppp_w_hdr(&w, 1, 1);
		ppp_w_opt(&w, 1, b, 254);
		CHECK_EQ(ppp_w_finish(&w), 0);
		ppp_w_init(&w, b, sizeof(b));
		ppp_w_hdr(&w, 1, 1);
		ppp_w_hdr(&w, 1, 1);
		CHECK_EQ(ppp_w_finish(&w), 0);
		ppp_w_init(&w, b, sizeof(b));
		ppp_w_u8(&w, 1);
		CHECK_EQ(ppp_w_finish(&w), 0);
	}
}

static void test_pkt_rejects(void)
{
	uint8_t big[100], out[64];
	struct ppp_pkt p;
	struct ppp_proto_rej pr;
	struct ppp_code_rej cr;
	size_t n;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	/* Protocol-Reject truncated to the capacity (an MRU). */
	n = ppp_w_proto_rej(out, 30, 5, 0x80fd, big, sizeof(big));
	CHECK_EQ(n, 30);
	CHECK_EQ(ppp_pkt_parse(out, n, &p, NULL), 0);
	CHECK_EQ(ppp_proto_rej_parse(&p, &pr, NULL), 0);
	CHECK_EQ(pr.proto, 0x80fd);
	CHECK_EQ(pr.len, 24);
	CHECK_MEM(pr.info, big, 24);
	/* Code-Reject: whole when it fits. */
	n = ppp_w_code_rej(out, sizeof(out), 6, big, 10);
	CHECK_EQ(n, 14);
	CHECK_EQ(ppp_pkt_parse(out, n, &p, NULL), 0);
	CHECK_EQ(ppp_code_rej_parse(&p, &cr, NULL), 0);
	CHECK_EQ(cr.code, 0);
	CHECK_EQ(cr.len, 10);
	CHECK_EQ(ppp_w_code_rej(out, 3, 6, big, 10), 0);
	CHECK_EQ(ppp_w_echo(out, sizeof(out), PPP_ECHO_REP, 1, 0x01020304, big, 8), 16);
	CHECK_EQ(ppp_w_echo(out, 10, PPP_ECHO_REP, 1, 0x01020304, big, 8), 0);
}

static void test_pkt_answer(void)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0xdc, 5, 6, 1, 2, 3, 4, 7, 2 };
	static struct ppp_answer a;
	struct ppp_opt o1, o2, o3;
	size_t off = 0;
	uint8_t out[64];
	struct ppp_wbuf w;

	ppp_opt_next(req, sizeof(req), &off, &o1, NULL);
	ppp_opt_next(req, sizeof(req), &off, &o2, NULL);
	ppp_opt_next(req, sizeof(req), &off, &o3, NULL);
	/* Ack: the request unchanged. */
	ppp_answer_init(&a, false);
	ppp_w_init(&w, out, sizeof(out));
	CHECK_EQ(ppp_answer_finish(&a, req, sizeof(req), &w), PPP_CONF_ACK);
	CHECK_EQ(w.len, sizeof(req));
	CHECK_MEM(out, req, sizeof(req));
	/* Nak, and a Reject that wins over it. */
	ppp_answer_init(&a, false);
	ppp_answer_nak(&a, &o1, 1, (const uint8_t[]){ 0x05, 0x78 }, 2);
	ppp_w_init(&w, out, sizeof(out));
	CHECK_EQ(ppp_answer_finish(&a, req, sizeof(req), &w), PPP_CONF_NAK);
	CHECK_EQ(w.len, 4);
	CHECK_MEM(out, ((const uint8_t[]){ 1, 4, 0x05, 0x78 }), 4);
	ppp_answer_rej(&a, &o3);
	ppp_w_init(&w, out, sizeof(out));
	CHECK_EQ(ppp_answer_finish(&a, req, sizeof(req), &w), PPP_CONF_REJ);
	CHECK_EQ(w.len, 2);
	CHECK_MEM(out, o3.raw, 2);
	/* reject_only: the Nak'd option is rejected verbatim; a hint (no option) vanishes. */
	ppp_answer_init(&a, true);
	ppp_answer_nak(&a, &o2, 5, (const uint8_t[]){ 9, 9, 9, 9 }, 4);
	ppp_answer_nak(&a, NULL, 3, (const uint8_t[]){ 9, 9, 9, 9 }, 4);
	ppp_w_init(&w, out, sizeof(out));
	CHECK_EQ(ppp_answer_finish(&a, req, sizeof(req), &w), PPP_CONF_REJ);
	CHECK_EQ(w.len, 6);
	CHECK_MEM(out, o2.raw, 6);
	/* An answer that does not fit. */
	ppp_answer_init(&a, false);
	ppp_w_init(&w, out, 3);
	CHECK_EQ(ppp_answer_finish(&a, req, sizeof(req), &w), -1);
}

const struct test_case ppp_pkt_tests[] = {
	T(test_pkt_conf_req),
	T(test_pkt_truncations),
	T(test_pkt_malformed),
	T(test_pkt_writer),
	T(test_pkt_rejects),
	T(test_pkt_answer),
	T_END,
};
