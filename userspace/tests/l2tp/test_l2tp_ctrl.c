// SPDX-License-Identifier: GPL-2.0
/*
 * Reliable delivery of an L2TPv2 control connection (l2tp/l2tp_ctrl.c),
 * driven with a fake clock and captured sends: in-order delivery, ZLB
 * timing and piggybacked acknowledgements, loss and retransmission with
 * exponential backoff, giving up, reordering, duplicates, the peer's
 * window full, our window, wrap at 65535, bogus Nr, and two machines
 * over a link that loses, duplicates and reorders.
 */
#include <stdlib.h>

#include "l2tp_ctrl.h"
#include "l2tp_msg.h"
#include "test.h"

#define MAXQ 256

struct side {
	struct l2tp_ctrl c;
	/* what it sent */
	unsigned int nsent;
	uint8_t sent[MAXQ][64];
	size_t sent_len[MAXQ];
	/* what it delivered: the tag AVP of each */
	unsigned int ndel;
	uint32_t del[MAXQ];
	bool dead;
	/* answer every delivered message with one of ours (piggybacked ack) */
	bool answer;
	uint64_t now;
};

static uint32_t tag_of(const uint8_t *msg, size_t len)
{
	/* header, Message Type (8), then a Call Serial Number AVP (10) */
	if (len < L2TP_HDR_LEN + 8 + 10)
		return UINT32_MAX;
	msg += L2TP_HDR_LEN + 8 + 6;
	return (uint32_t)msg[0] << 24 | (uint32_t)msg[1] << 16 | (uint32_t)msg[2] << 8 | msg[3];
}

static void on_send(void *ctx, const uint8_t *msg, size_t len)
{
	struct side *s = ctx;

	CHECK(len <= sizeof(s->sent[0]));
	if (s->nsent >= MAXQ || len > sizeof(s->sent[0]))
		return;
	memcpy(s->sent[s->nsent], msg, len);
	s->sent_len[s->nsent++] = len;
}

static int send_tag(struct side *s, uint32_t tag);

static void on_deliver(void *ctx, const uint8_t *msg, size_t len)
{
	struct side *s = ctx;

	if (s->ndel < MAXQ)
		s->del[s->ndel++] = tag_of(msg, len);
	if (s->answer)
		CHECK_EQ(send_tag(s, 1000000 + tag_of(msg, len)), 0);
}

static void on_dead(void *ctx)
{
	((struct side *)ctx)->dead = true;
}

static void side_init(struct side *s, const struct l2tp_ctrl_cfg *cfg)
{
	struct l2tp_ctrl_ops ops = { s, on_send, on_deliver, on_dead };

	memset(s, 0, sizeof(*s));
	l2tp_ctrl_init(&s->c, cfg, &ops);
	l2tp_ctrl_set_peer_tunnel(&s->c, 0x1234);
}

static size_t build(uint8_t *buf, size_t cap, uint32_t tag)
{
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, cap);
	l2tp_w_hdr(&w, 0x1234, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, tag);
	return l2tp_w_finish(&w);
}

static int send_tag(struct side *s, uint32_t tag)
{
	uint8_t buf[64];
	size_t n = build(buf, sizeof(buf), tag);

	return l2tp_ctrl_send(&s->c, buf, n, s->now);
}

static uint16_t ns_of(const struct side *s, unsigned int k)
{
	return (uint16_t)(s->sent[k][8] << 8 | s->sent[k][9]);
}

static uint16_t nr_of(const struct side *s, unsigned int k)
{
	return (uint16_t)(s->sent[k][10] << 8 | s->sent[k][11]);
}

static bool is_zlb(const struct side *s, unsigned int k)
{
	return s->sent_len[k] == L2TP_HDR_LEN;
}

/* Feed message k that `from` sent into `to` (heap copy of exact size). */
static int feed(struct side *to, const struct side *from, unsigned int k)
{
	uint8_t *p = malloc(from->sent_len[k]);
	int rc;

	if (!p)
		abort();
	memcpy(p, from->sent[k], from->sent_len[k]);
	rc = l2tp_ctrl_input(&to->c, p, from->sent_len[k], to->now);
	free(p);
	return rc;
}

static void t_in_order_and_zlb(void)
{
	static struct side a, b;

	side_init(&a, NULL);
	side_init(&b, NULL);
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), UINT64_MAX);
	CHECK(l2tp_ctrl_idle(&a.c));
	for (uint32_t t = 0; t < 3; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(a.nsent, 3);
	for (unsigned int k = 0; k < 3; k++) {
		CHECK_EQ(ns_of(&a, k), k);
		CHECK_EQ(nr_of(&a, k), 0);
		CHECK_EQ(tag_of(a.sent[k], a.sent_len[k]), k);
	}
	CHECK(!l2tp_ctrl_idle(&a.c));
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), 1000);
	for (unsigned int k = 0; k < 3; k++)
		CHECK_EQ(feed(&b, &a, k), 1);
	CHECK_EQ(b.ndel, 3);
	CHECK_EQ(b.del[0], 0);
	CHECK_EQ(b.del[2], 2);
	/* the ZLB: not before 250 ms */
	CHECK_EQ(l2tp_ctrl_next_timeout(&b.c), 250);
	b.now = 249;
	l2tp_ctrl_timer(&b.c, b.now);
	CHECK_EQ(b.nsent, 0);
	b.now = 250;
	l2tp_ctrl_timer(&b.c, b.now);
	CHECK_EQ(b.nsent, 1);
	CHECK(is_zlb(&b, 0));
	CHECK_EQ(ns_of(&b, 0), 0);
	CHECK_EQ(nr_of(&b, 0), 3);
	CHECK_EQ(b.sent[0][4] << 8 | b.sent[0][5], 0x1234);
	CHECK_EQ(l2tp_ctrl_next_timeout(&b.c), UINT64_MAX);
	l2tp_ctrl_timer(&b.c, 10000);
	CHECK_EQ(b.nsent, 1);		/* once */
	/* the ZLB acknowledges all three */
	a.now = 300;
	CHECK_EQ(feed(&a, &b, 0), 0);
	CHECK(l2tp_ctrl_idle(&a.c));
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), UINT64_MAX);
	l2tp_ctrl_timer(&a.c, 5000);
	CHECK_EQ(a.nsent, 3);		/* nothing retransmitted */
	CHECK_EQ(a.c.retransmits, 0);
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_piggyback(void)
{
	static struct side a, b;

	side_init(&a, NULL);
	side_init(&b, NULL);
	b.answer = true;
	CHECK_EQ(send_tag(&a, 7), 0);
	CHECK_EQ(feed(&b, &a, 0), 1);
	/* b's answer carries Nr 1: no ZLB pending */
	CHECK_EQ(b.nsent, 1);
	CHECK(!is_zlb(&b, 0));
	CHECK_EQ(ns_of(&b, 0), 0);
	CHECK_EQ(nr_of(&b, 0), 1);
	CHECK_EQ(tag_of(b.sent[0], b.sent_len[0]), 1000007);
	CHECK_EQ(l2tp_ctrl_next_timeout(&b.c), 1000);	/* its own retransmission only */
	/* a gets it: its message is acknowledged, b's answer delivered */
	CHECK_EQ(feed(&a, &b, 0), 1);
	CHECK(l2tp_ctrl_idle(&a.c));
	CHECK_EQ(a.ndel, 1);
	CHECK_EQ(a.del[0], 1000007);
	/* and a ZLB from a after the delay */
	a.now = 250;
	l2tp_ctrl_timer(&a.c, a.now);
	CHECK_EQ(a.nsent, 2);
	CHECK(is_zlb(&a, 1));
	CHECK_EQ(ns_of(&a, 1), 1);	/* the next Ns, not consumed */
	CHECK_EQ(nr_of(&a, 1), 1);
	/* a message sent before the ZLB is due acknowledges instead */
	CHECK_EQ(feed(&b, &a, 1), 0);
	CHECK(l2tp_ctrl_idle(&b.c));
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_loss_backoff_give_up(void)
{
	static struct side a;
	uint64_t expect[] = { 1000, 3000, 7000, 15000, 23000 };

	side_init(&a, NULL);
	CHECK_EQ(send_tag(&a, 1), 0);
	CHECK_EQ(a.nsent, 1);
	for (unsigned int k = 0; k < 5; k++) {
		CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), expect[k]);
		l2tp_ctrl_timer(&a.c, expect[k] - 1);
		CHECK_EQ(a.nsent, k + 1);
		l2tp_ctrl_timer(&a.c, expect[k]);
		CHECK_EQ(a.nsent, k + 2);
		CHECK_EQ(ns_of(&a, k + 1), 0);
		CHECK_EQ(tag_of(a.sent[k + 1], a.sent_len[k + 1]), 1);
		CHECK(!a.dead);
	}
	/* 8 s cap: the 6th expiry gives up */
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), 31000);
	l2tp_ctrl_timer(&a.c, 31000);
	CHECK(a.dead);
	CHECK(a.c.dead);
	CHECK_EQ(a.nsent, 6);
	CHECK_EQ(a.c.retransmits, 5);
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), UINT64_MAX);
	CHECK_EQ(send_tag(&a, 2), -1);
	{
		uint8_t zlb[12] = { 0xc8, 0x02, 0, 12, 0, 1, 0, 0, 0, 0, 0, 1 };

		CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 32000), -1);
	}
	l2tp_ctrl_free(&a.c);
}

static void t_ack_resets_backoff(void)
{
	static struct side a;
	uint8_t zlb[12] = { 0xc8, 0x02, 0, 12, 0, 1, 0, 0, 0, 0, 0, 1 };
	struct l2tp_ctrl_cfg cfg = { .rtx_initial_ms = 500, .rtx_max_ms = 1500, .max_retries = 2 };

	side_init(&a, &cfg);
	CHECK_EQ(send_tag(&a, 1), 0);
	CHECK_EQ(send_tag(&a, 2), 0);
	l2tp_ctrl_timer(&a.c, 500);	/* both again */
	CHECK_EQ(a.nsent, 4);
	CHECK_EQ(ns_of(&a, 2), 0);
	CHECK_EQ(ns_of(&a, 3), 1);
	l2tp_ctrl_timer(&a.c, 1500);
	CHECK_EQ(a.nsent, 6);
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), 3000);	/* capped at 1500 */
	/* the first is acknowledged: the backoff starts again for the second */
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 2000), 0);
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), 2500);
	CHECK_EQ(a.c.retries, 0);
	l2tp_ctrl_timer(&a.c, 2500);
	CHECK_EQ(a.nsent, 7);
	CHECK_EQ(ns_of(&a, 6), 1);
	l2tp_ctrl_timer(&a.c, 3500);
	CHECK(!a.dead);
	l2tp_ctrl_timer(&a.c, 5000);
	CHECK(a.dead);
	l2tp_ctrl_free(&a.c);
}

static void t_retransmit_carries_nr(void)
{
	static struct side a, b;
	struct l2tp_ctrl_cfg cfg = { .ack_delay_ms = 2000 };

	side_init(&a, &cfg);
	side_init(&b, NULL);
	CHECK_EQ(send_tag(&a, 1), 0);		/* lost */
	CHECK_EQ(send_tag(&b, 2), 0);
	CHECK_EQ(feed(&a, &b, 0), 1);		/* a now expects Ns 1 from b */
	l2tp_ctrl_timer(&a.c, 1000);
	CHECK_EQ(a.nsent, 2);
	CHECK_EQ(ns_of(&a, 1), 0);
	CHECK_EQ(nr_of(&a, 1), 1);		/* the retransmission acknowledges */
	CHECK_EQ(l2tp_ctrl_next_timeout(&a.c), 3000);	/* no separate ZLB */
	CHECK_EQ(feed(&b, &a, 1), 1);
	CHECK(l2tp_ctrl_idle(&b.c));
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_reorder(void)
{
	static struct side a, b;

	side_init(&a, NULL);
	side_init(&b, NULL);
	for (uint32_t t = 0; t < 4; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(feed(&b, &a, 2), 0);
	CHECK_EQ(feed(&b, &a, 1), 0);
	CHECK_EQ(feed(&b, &a, 2), 0);		/* the same out-of-order one twice */
	CHECK_EQ(b.ndel, 0);
	CHECK_EQ(b.c.reordered, 2);
	CHECK_EQ(l2tp_ctrl_next_timeout(&b.c), UINT64_MAX);
	CHECK_EQ(feed(&b, &a, 0), 3);
	CHECK_EQ(b.ndel, 3);
	CHECK_EQ(b.del[0], 0);
	CHECK_EQ(b.del[1], 1);
	CHECK_EQ(b.del[2], 2);
	CHECK_EQ(feed(&b, &a, 3), 1);
	CHECK_EQ(b.del[3], 3);
	b.now = 250;
	l2tp_ctrl_timer(&b.c, b.now);
	CHECK_EQ(b.nsent, 1);
	CHECK_EQ(nr_of(&b, 0), 4);
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_duplicate(void)
{
	static struct side a, b;

	side_init(&a, NULL);
	side_init(&b, NULL);
	CHECK_EQ(send_tag(&a, 5), 0);
	CHECK_EQ(feed(&b, &a, 0), 1);
	/* the ack is lost; a retransmits; b acknowledges again at once */
	l2tp_ctrl_timer(&a.c, 1000);
	CHECK_EQ(a.nsent, 2);
	b.now = 100;
	CHECK_EQ(feed(&b, &a, 1), 0);
	CHECK_EQ(b.ndel, 1);
	CHECK_EQ(b.c.duplicates, 1);
	CHECK_EQ(b.nsent, 1);
	CHECK(is_zlb(&b, 0));
	CHECK_EQ(nr_of(&b, 0), 1);
	CHECK_EQ(l2tp_ctrl_next_timeout(&b.c), UINT64_MAX);	/* the pending ZLB went */
	CHECK_EQ(feed(&a, &b, 0), 0);
	CHECK(l2tp_ctrl_idle(&a.c));
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_peer_window(void)
{
	static struct side a;
	uint8_t zlb[12] = { 0xc8, 0x02, 0, 12, 0, 1, 0, 0, 0, 0, 0, 0 };

	side_init(&a, NULL);
	l2tp_ctrl_set_peer_rws(&a.c, 0);	/* ignored */
	CHECK_EQ(a.c.peer_rws, L2TP_CTRL_PEER_RWS);
	l2tp_ctrl_set_peer_rws(&a.c, 2);
	for (uint32_t t = 0; t < 5; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(a.nsent, 2);			/* the window is full */
	l2tp_ctrl_timer(&a.c, 1000);		/* only those two again */
	CHECK_EQ(a.nsent, 4);
	CHECK_EQ(ns_of(&a, 3), 1);
	zlb[11] = 1;				/* Nr 1: one slot opens */
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 1100), 0);
	CHECK_EQ(a.nsent, 5);
	CHECK_EQ(ns_of(&a, 4), 2);
	zlb[11] = 4;				/* acknowledges what was never sent: ignored */
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 1200), 0);
	CHECK_EQ(a.nsent, 5);
	CHECK_EQ(a.c.ntx, 4);
	zlb[11] = 3;
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 1300), 0);
	CHECK_EQ(a.nsent, 7);
	CHECK_EQ(ns_of(&a, 5), 3);
	CHECK_EQ(ns_of(&a, 6), 4);
	zlb[11] = 2;				/* older than what was acknowledged: ignored */
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 1400), 0);
	CHECK_EQ(a.c.ntx, 2);
	zlb[11] = 5;
	CHECK_EQ(l2tp_ctrl_input(&a.c, zlb, sizeof(zlb), 1500), 0);
	CHECK(l2tp_ctrl_idle(&a.c));
	/* the queue's own limit */
	for (uint32_t t = 0; t < L2TP_CTRL_TXQ_MAX; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(send_tag(&a, 99), -1);
	/* refused: a ZLB, a bad header */
	CHECK_EQ(l2tp_ctrl_send(&a.c, zlb, sizeof(zlb), 0), -1);
	l2tp_ctrl_free(&a.c);
}

static void t_our_window(void)
{
	static struct side a, b;
	struct l2tp_ctrl_cfg cfg = { .rws = 4 };

	side_init(&a, NULL);
	side_init(&b, &cfg);
	l2tp_ctrl_set_peer_rws(&a.c, 16);
	for (uint32_t t = 0; t < 6; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(a.nsent, 6);
	CHECK_EQ(feed(&b, &a, 3), 0);		/* Ns 3: nr + 3, inside */
	CHECK_EQ(feed(&b, &a, 4), 0);		/* Ns 4: outside, dropped */
	CHECK_EQ(b.c.dropped, 1);
	CHECK_EQ(feed(&b, &a, 0), 1);
	CHECK_EQ(feed(&b, &a, 1), 1);
	CHECK_EQ(feed(&b, &a, 2), 2);		/* 2, then 3 from the queue */
	CHECK_EQ(feed(&b, &a, 4), 1);
	CHECK_EQ(feed(&b, &a, 5), 1);
	CHECK_EQ(b.ndel, 6);
	for (unsigned int k = 0; k < 6; k++)
		CHECK_EQ(b.del[k], k);
	/* a malformed message */
	CHECK_EQ(l2tp_ctrl_input(&b.c, (const uint8_t *)"\xc8\x02\x00", 3, 0), -1);
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

static void t_wrap(void)
{
	static struct side a, b;

	side_init(&a, NULL);
	side_init(&b, NULL);
	a.c.ns = 65533;
	b.c.nr = 65533;
	b.c.nr_sent = 65533;
	l2tp_ctrl_set_peer_rws(&a.c, 8);
	for (uint32_t t = 0; t < 6; t++)
		CHECK_EQ(send_tag(&a, t), 0);
	CHECK_EQ(ns_of(&a, 0), 65533);
	CHECK_EQ(ns_of(&a, 2), 65535);
	CHECK_EQ(ns_of(&a, 3), 0);
	CHECK_EQ(ns_of(&a, 5), 2);
	/* reordered across the wrap */
	CHECK_EQ(feed(&b, &a, 4), 0);
	CHECK_EQ(feed(&b, &a, 3), 0);
	CHECK_EQ(feed(&b, &a, 0), 1);
	CHECK_EQ(feed(&b, &a, 1), 1);
	CHECK_EQ(feed(&b, &a, 2), 3);		/* 65535, 0, 1 */
	CHECK_EQ(feed(&b, &a, 0), 0);		/* a duplicate from before the wrap */
	CHECK_EQ(b.c.duplicates, 1);
	CHECK_EQ(nr_of(&b, 0), 2);
	CHECK_EQ(feed(&b, &a, 5), 1);
	CHECK_EQ(b.ndel, 6);
	for (unsigned int k = 0; k < 6; k++)
		CHECK_EQ(b.del[k], k);
	/* Nr 2 acknowledges 65533..1 across the wrap */
	CHECK_EQ(feed(&a, &b, 0), 0);
	CHECK_EQ(a.c.ntx, 1);
	b.now = 250;
	l2tp_ctrl_timer(&b.c, b.now);
	CHECK_EQ(nr_of(&b, 1), 3);
	CHECK_EQ(feed(&a, &b, 1), 0);
	CHECK(l2tp_ctrl_idle(&a.c));
	l2tp_ctrl_free(&a.c);
	l2tp_ctrl_free(&b.c);
}

/*
 * Two machines over a bad link: every packet is lost, duplicated or
 * delayed by a deterministic generator; both sides send 60 messages and
 * each must get the other's exactly once, in order.
 */
struct wire {
	uint8_t msg[64];
	size_t len;
	uint64_t at;
	int to;		/* 0: a, 1: b */
};

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 16;
}

static void t_lossy_link(void)
{
	static struct side s[2];
	static struct wire w[4096];
	unsigned int nw = 0, seen[2] = { 0, 0 }, queued[2] = { 0, 0 };
	struct l2tp_ctrl_cfg cfg = { .rws = 4, .max_retries = 10 };
	uint64_t now = 0;

	side_init(&s[0], &cfg);
	side_init(&s[1], &cfg);
	l2tp_ctrl_set_peer_rws(&s[0].c, 4);
	l2tp_ctrl_set_peer_rws(&s[1].c, 4);
	for (; now < 600000; now += 10) {
		for (int k = 0; k < 2; k++) {
			s[k].now = now;
			/* one new message every 100 ms while there is room */
			if (queued[k] < 60 && now % 100 == 0 && s[k].c.ntx < 8)
				CHECK_EQ(send_tag(&s[k], queued[k]++), 0);
			l2tp_ctrl_timer(&s[k].c, now);
			/* move what it sent onto the wire */
			for (; seen[k] < s[k].nsent; seen[k]++) {
				uint32_t r = rnd() % 10;
				int copies = r < 2 ? 0 : r < 3 ? 2 : 1;	/* 20% lost, 10% twice */

				for (int c = 0; c < copies && nw < 4096; c++) {
					memcpy(w[nw].msg, s[k].sent[seen[k] % MAXQ],
					       s[k].sent_len[seen[k] % MAXQ]);
					w[nw].len = s[k].sent_len[seen[k] % MAXQ];
					w[nw].at = now + 10 + rnd() % 300;	/* reorders */
					w[nw].to = !k;
					nw++;
				}
			}
			if (s[k].nsent >= MAXQ - 8) {	/* keep the capture small */
				s[k].nsent = 0;
				seen[k] = 0;
			}
		}
		for (unsigned int i = 0; i < nw;) {
			if (w[i].at <= now) {
				struct wire x = w[i];

				w[i] = w[--nw];
				CHECK(l2tp_ctrl_input(&s[x.to].c, x.msg, x.len, now) >= 0);
				continue;
			}
			i++;
		}
		if (queued[0] == 60 && queued[1] == 60 && l2tp_ctrl_idle(&s[0].c) &&
		    l2tp_ctrl_idle(&s[1].c) && s[0].ndel == 60 && s[1].ndel == 60)
			break;
	}
	CHECK(!s[0].dead && !s[1].dead);
	CHECK_EQ(s[0].ndel, 60);
	CHECK_EQ(s[1].ndel, 60);
	for (unsigned int k = 0; k < 60; k++) {
		CHECK_EQ(s[0].del[k], k);
		CHECK_EQ(s[1].del[k], k);
	}
	CHECK(s[0].c.retransmits > 0);
	CHECK(s[1].c.duplicates > 0);
	CHECK(s[1].c.reordered > 0);
	l2tp_ctrl_free(&s[0].c);
	l2tp_ctrl_free(&s[1].c);
}

const struct test_case l2tp_ctrl_tests[] = {
	T(t_in_order_and_zlb),
	T(t_piggyback),
	T(t_loss_backoff_give_up),
	T(t_ack_resets_backoff),
	T(t_retransmit_carries_nr),
	T(t_reorder),
	T(t_duplicate),
	T(t_peer_window),
	T(t_our_window),
	T(t_wrap),
	T(t_lossy_link),
	T_END
};
