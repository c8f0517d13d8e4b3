// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the L2TPv2 control code (l2tp/): the message codec,
 * hidden AVPs, the Challenge Response check and the reliable-delivery
 * machine.
 *
 * Input: one control message. It is parsed; a message that parses is
 * decoded with and without the shared secret ("s3cr3t-l2tp", that of the
 * seeds); every hidden AVP that decrypts is hidden again with its own
 * padding and must come back byte for byte, and the whole message, when
 * every AVP was kept, is rebuilt with the writer and must equal the input
 * (abort() otherwise). Then the message is fed to a reliable-delivery
 * machine that has two messages in flight, twice, then the input is fed to
 * it again as a sequence of messages (each as long as its header's length
 * field says, the low bit of Nr asking for timers to run, the high bit of
 * Nr's first byte clear for one more message sent), and its timers run
 * until it gives up.
 *
 * Seeds (fuzz/corpus/l2tpmsg/) are the messages of
 * tests/l2tp/test_l2tp_msg.c (xl2tpd captures, hidden AVP vectors, ZLB):
 *   L2TP_SEED_DIR=fuzz/corpus/l2tpmsg ./tests/run-tests l2tp-msg
 * and three sequences: seq-xl2tpd (the six xl2tpd messages concatenated
 * in the order of the exchange), seq-reorder (HELLOs out of order, one
 * twice, ZLBs), seq-wrap (Ns 65535, then 0).
 */
#include "fuzz.h"
#include "l2tp_auth.h"
#include "l2tp_ctrl.h"
#include "l2tp_msg.h"

static const uint8_t secret[] = "s3cr3t-l2tp";
#define SLEN (sizeof(secret) - 1)

static uint8_t scratch[L2TP_MSG_MAX];
static uint8_t wbuf[L2TP_MSG_MAX];

static unsigned int sum(const uint8_t *p, size_t n)
{
	unsigned int s = 0;

	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void rehide(const struct l2tp_avp *a)
{
	uint8_t again[L2TP_AVP_MAX_LEN];
	const uint8_t *v;
	uint16_t len;

	if (l2tp_avp_value(a, secret, SLEN, scratch, sizeof(scratch), &v, &len, NULL))
		return;
	/* the padding is what follows the value in the decrypted bytes */
	if (l2tp_hide(a->type, v, len, v + len, (size_t)a->len - 2 - len, secret, SLEN, a->rv,
		      a->rv_len, again, sizeof(again)) != a->len ||
	    memcmp(again, a->val, a->len))
		abort();
}

static void rebuild(const struct l2tp_msg *m, const uint8_t *p, size_t len)
{
	struct l2tp_wbuf w;
	size_t kept = L2TP_HDR_LEN;

	for (unsigned int k = 0; k < m->n; k++)
		kept += L2TP_AVP_HDR_LEN + m->a[k].len;
	if (kept != len)
		return;		/* unknown AVPs were skipped */
	l2tp_w_init(&w, wbuf, sizeof(wbuf));
	l2tp_w_hdr(&w, m->h.tunnel_id, m->h.session_id, m->h.ns, m->h.nr);
	for (unsigned int k = 0; k < m->n; k++) {
		const struct l2tp_avp *a = &m->a[k];

		if (k == 0) {
			l2tp_w_msg_type(&w, m->type);
			if (!a->mandatory && w.len >= 8)
				w.p[w.len - 8] &= (uint8_t)~(L2TP_AVP_M >> 8);
			continue;
		}
		l2tp_w_avp(&w, a->type, a->mandatory, a->val, a->len);
		if (a->hidden && w.len >= a->len + 6u)
			w.p[w.len - a->len - 6] |= L2TP_AVP_H >> 8;
	}
	if (l2tp_w_finish(&w) != len)
		abort();
	/* the header's reserved bits are not written back */
	if (memcmp(wbuf + 2, p + 2, len - 2) || (wbuf[0] ^ p[0]) & 0xcb || (wbuf[1] ^ p[1]) & 0x0f)
		abort();
}

static void ctrl_send(void *ctx, const uint8_t *msg, size_t len)
{
	(void)ctx;
	if (len < L2TP_HDR_LEN)
		abort();
	fputc(msg[len - 1], fuzz_null());
}

static void ctrl_deliver(void *ctx, const uint8_t *msg, size_t len)
{
	(void)ctx;
	fputc(sum(msg, len) & 0xff, fuzz_null());
}

static void ctrl(const uint8_t *p, size_t len)
{
	struct l2tp_ctrl_ops ops = { NULL, ctrl_send, ctrl_deliver, NULL };
	static struct l2tp_ctrl c;
	size_t n;
	struct l2tp_wbuf w;

	l2tp_ctrl_init(&c, NULL, &ops);
	l2tp_w_init(&w, wbuf, sizeof(wbuf));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	n = l2tp_w_finish(&w);
	if (l2tp_ctrl_send(&c, wbuf, n, 0) || l2tp_ctrl_send(&c, wbuf, n, 0))
		abort();
	(void)l2tp_ctrl_input(&c, p, len, 10);
	(void)l2tp_ctrl_input(&c, p, len, 20);
	/* the input as a sequence of messages, each as long as its header says */
	for (size_t off = 0, t = 30; len - off >= L2TP_HDR_LEN; t += 100) {
		size_t l = (size_t)(p[off + 2] << 8 | p[off + 3]);
		uint8_t *one;

		if (l < L2TP_HDR_LEN || l > len - off)
			break;
		one = fuzz_copy(p + off, l);
		(void)l2tp_ctrl_input(&c, one, l, t);
		free(one);
		/* now and then, time passes: ZLBs, retransmissions */
		if (p[off + 11] & 1)
			l2tp_ctrl_timer(&c, t + 50u * p[off + 11]);
		if (!(p[off + 10] & 0x80) && c.ntx < 8)
			(void)l2tp_ctrl_send(&c, wbuf, n, t);
		off += l;
	}
	for (uint64_t t = 0; t < 400000; t += 500)
		l2tp_ctrl_timer(&c, t);
	(void)l2tp_ctrl_next_timeout(&c);
	l2tp_ctrl_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct l2tp_msg m;
	struct l2tp_info i;
	uint8_t *buf = fuzz_copy(data, size);
	int rc = l2tp_msg_parse(buf, size, &m, NULL);

	if (!rc) {
		fputs(l2tp_msg_name(m.type), fuzz_null());
		for (unsigned int k = 0; k < m.n; k++) {
			fputs(l2tp_avp_name(m.a[k].type), fuzz_null());
			if (m.a[k].hidden)
				rehide(&m.a[k]);
		}
		(void)l2tp_msg_decode(&m, NULL, 0, scratch, sizeof(scratch), &i, NULL);
		if (!l2tp_msg_decode(&m, secret, SLEN, scratch, sizeof(scratch), &i, NULL)) {
			volatile unsigned int s = sum(i.host_name.p, i.host_name.len) +
				sum(i.result.msg.p, i.result.msg.len) +
				sum(i.q931.advisory.p, i.q931.advisory.len) +
				sum(i.calling.p, i.calling.len) + sum(i.called.p, i.called.len);

			(void)s;
			fputs(l2tp_result_name(m.type, i.result.result), fuzz_null());
			fputs(l2tp_error_name(i.result.error), fuzz_null());
			if (l2tp_has(&i, L2TP_AVP_CHALLENGE) && l2tp_has(&i, L2TP_AVP_CHAL_RESP))
				(void)l2tp_chal_verify((uint8_t)m.type, secret, SLEN, i.challenge.p,
						       i.challenge.len, i.chal_resp, 16);
		}
		rebuild(&m, buf, size);
	} else if (rc == L2TP_E_UNKNOWN_M) {
		fputs(l2tp_avp_name(m.bad_avp), fuzz_null());
	}
	ctrl(buf, size);
	free(buf);
	return 0;
}
