// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 tunnel authentication (l2tp/l2tp_auth.c): the Challenge
 * Responses of tests/data/l2tp/vectors.txt (gen.py, hashlib only), the
 * exchange with xl2tpd 1.3.18 (tests/data/l2tp/xl2tpd.txt: xl2tpd
 * accepted our SCCRP's response and computed its SCCCN's), refusals.
 */
#include <stdlib.h>

#include "l2tp_auth.h"
#include "l2tp_msg.h"
#include "l2tp_vectors.h"
#include "test.h"

static void chal_one(const struct l2tp_vec *v, void *arg)
{
	size_t slen, clen, rlen;
	const uint8_t *sec = l2tp_vec_get(v, "secret", &slen);
	const uint8_t *chal = l2tp_vec_get(v, "chal", &clen);
	const uint8_t *resp = l2tp_vec_get(v, "resp", &rlen);
	uint8_t mt = (uint8_t)l2tp_vec_num(v, "msg_type");
	uint8_t out[L2TP_CHAL_RESP_LEN], bad[L2TP_CHAL_RESP_LEN];
	uint8_t *r = l2tp_vec_dup(resp, rlen);
	int *count = arg;

	(*count)++;
	CHECK_EQ(rlen, L2TP_CHAL_RESP_LEN);
	CHECK_EQ(l2tp_chal_response(mt, sec, slen, chal, clen, out), 0);
	CHECK_MEM(out, resp, sizeof(out));
	CHECK(l2tp_chal_verify(mt, sec, slen, chal, clen, r, rlen));
	/* the other message type, a shorter secret or challenge, one bit, a length */
	CHECK(!l2tp_chal_verify(mt == L2TP_SCCRP ? L2TP_SCCCN : L2TP_SCCRP, sec, slen, chal,
				clen, r, rlen));
	if (slen > 1)
		CHECK(!l2tp_chal_verify(mt, sec, slen - 1, chal, clen, r, rlen));
	if (clen > 1)
		CHECK(!l2tp_chal_verify(mt, sec, slen, chal, clen - 1, r, rlen));
	for (size_t k = 0; k < sizeof(bad) * 8; k += 13) {
		memcpy(bad, resp, sizeof(bad));
		bad[k / 8] ^= (uint8_t)(1u << (k % 8));
		CHECK(!l2tp_chal_verify(mt, sec, slen, chal, clen, bad, sizeof(bad)));
	}
	CHECK(!l2tp_chal_verify(mt, sec, slen, chal, clen, r, rlen - 1));
	CHECK(!l2tp_chal_verify(mt, sec, slen, chal, clen, NULL, rlen));
	free(r);
}

static void t_vectors(void)
{
	int count = 0;

	CHECK_EQ(l2tp_vec_each("vectors.txt", "chal-", chal_one, &count), 4);
	CHECK_EQ(count, 4);
}

struct grab {
	const char *want;
	struct l2tp_msg m;
	struct l2tp_info i;
	uint8_t *p;
};

static void grab_one(const struct l2tp_vec *v, void *arg)
{
	static uint8_t scratch[L2TP_MSG_MAX];
	struct grab *g = arg;
	const uint8_t *msg;
	size_t len;

	if (strcmp(v->name, g->want))
		return;
	msg = l2tp_vec_get(v, "msg", &len);
	g->p = l2tp_vec_dup(msg, len);
	CHECK_EQ(l2tp_msg_parse(g->p, len, &g->m, NULL), 0);
	CHECK_EQ(l2tp_msg_decode(&g->m, NULL, 0, scratch, sizeof(scratch), &g->i, NULL), 0);
}

static void t_xl2tpd(void)
{
	static const uint8_t sec[] = "s3cr3t-l2tp";
	static struct grab rq = { .want = "sccrq" }, rp = { .want = "sccrp" },
			   cn = { .want = "scccn" };
	uint8_t out[L2TP_CHAL_RESP_LEN];

	l2tp_vec_each("xl2tpd.txt", NULL, grab_one, &rq);
	l2tp_vec_each("xl2tpd.txt", NULL, grab_one, &rp);
	l2tp_vec_each("xl2tpd.txt", NULL, grab_one, &cn);
	CHECK(rq.p && rp.p && cn.p);
	if (!rq.p || !rp.p || !cn.p)
		goto out;
	/* xl2tpd challenged in SCCRQ; the SCCRP it accepted answers it */
	CHECK(rq.i.challenge.len == 16);
	CHECK(rp.i.chal_resp != NULL);
	CHECK(l2tp_chal_verify(L2TP_SCCRP, sec, sizeof(sec) - 1, rq.i.challenge.p,
			       rq.i.challenge.len, rp.i.chal_resp, 16));
	CHECK_EQ(l2tp_chal_response(L2TP_SCCRP, sec, sizeof(sec) - 1, rq.i.challenge.p,
				    rq.i.challenge.len, out), 0);
	CHECK_MEM(out, rp.i.chal_resp, 16);
	/* our SCCRP challenged; xl2tpd's SCCCN answers with MD5(3 | secret | challenge) */
	CHECK(rp.i.challenge.len == 16);
	CHECK(cn.i.chal_resp != NULL);
	CHECK(l2tp_chal_verify(L2TP_SCCCN, sec, sizeof(sec) - 1, rp.i.challenge.p,
			       rp.i.challenge.len, cn.i.chal_resp, 16));
	CHECK(!l2tp_chal_verify(L2TP_SCCCN, (const uint8_t *)"s3cr3t-l2tq", 11,
				rp.i.challenge.p, rp.i.challenge.len, cn.i.chal_resp, 16));
out:
	free(rq.p);
	free(rp.p);
	free(cn.p);
}

static void t_refusals(void)
{
	static const uint8_t zero[L2TP_CHAL_RESP_LEN];
	uint8_t out[L2TP_CHAL_RESP_LEN], a[L2TP_CHAL_LEN], b[L2TP_CHAL_LEN];

	memset(out, 0xff, sizeof(out));
	CHECK_EQ(l2tp_chal_response(2, NULL, 0, (const uint8_t *)"c", 1, out), -1);
	CHECK_MEM(out, zero, sizeof(out));	/* wiped */
	CHECK_EQ(l2tp_chal_response(2, (const uint8_t *)"s", 1, NULL, 0, out), -1);
	CHECK_EQ(l2tp_chal_response(2, (const uint8_t *)"s", 1, (const uint8_t *)"c", 0, out), -1);
	CHECK(!l2tp_chal_verify(2, (const uint8_t *)"s", 0, (const uint8_t *)"c", 1, zero, 16));
	CHECK_EQ(l2tp_chal_new(NULL, 16), -1);
	CHECK_EQ(l2tp_chal_new(a, 0), -1);
	CHECK_EQ(l2tp_chal_new(a, sizeof(a)), 0);
	CHECK_EQ(l2tp_chal_new(b, sizeof(b)), 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	/* MD5 itself: RFC 1321's "abc" */
	{
		struct l2tp_iov iov[2] = { { "a", 1 }, { "bc", 2 } };

		CHECK_EQ(l2tp_md5(iov, 2, out), 0);
		CHECK_MEM(out, "\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28\xe1\x7f\x72", 16);
	}
}

const struct test_case l2tp_auth_tests[] = {
	T(t_vectors),
	T(t_xl2tpd),
	T(t_refusals),
	T_END
};
