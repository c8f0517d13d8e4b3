// SPDX-License-Identifier: GPL-2.0
/*
 * Reliable delivery of an L2TPv2 control connection (RFC 2661 5.8): Ns/Nr,
 * windows, reorder queue, duplicates, delayed ZLB acknowledgements,
 * retransmission with exponential backoff. No sockets, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "l2tp_ctrl.h"
#include "l2tp_msg.h"

#define NEVER UINT64_MAX

/* a - b as a signed distance modulo 2^16 (RFC 2661 5.8: wrap at 65535). */
static int seq_diff(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b);
}

void l2tp_ctrl_init(struct l2tp_ctrl *c, const struct l2tp_ctrl_cfg *cfg,
		    const struct l2tp_ctrl_ops *ops)
{
	memset(c, 0, sizeof(*c));
	if (cfg)
		c->cfg = *cfg;
	if (!c->cfg.rws)
		c->cfg.rws = 8;
	if (c->cfg.rws > L2TP_CTRL_RWS_MAX)
		c->cfg.rws = L2TP_CTRL_RWS_MAX;
	if (!c->cfg.rtx_initial_ms)
		c->cfg.rtx_initial_ms = 1000;
	if (!c->cfg.rtx_max_ms)
		c->cfg.rtx_max_ms = 8000;
	if (c->cfg.rtx_max_ms < c->cfg.rtx_initial_ms)
		c->cfg.rtx_max_ms = c->cfg.rtx_initial_ms;
	if (!c->cfg.max_retries)
		c->cfg.max_retries = 5;
	if (!c->cfg.ack_delay_ms)
		c->cfg.ack_delay_ms = 250;
	if (ops)
		c->ops = *ops;
	c->peer_rws = L2TP_CTRL_PEER_RWS;
	c->rtx_at = NEVER;
	c->ack_at = NEVER;
	c->rtx_cur = c->cfg.rtx_initial_ms;
}

void l2tp_ctrl_free(struct l2tp_ctrl *c)
{
	for (unsigned int i = 0; i < c->ntx; i++)
		free(c->txq[i].msg);
	for (unsigned int i = 0; i < L2TP_CTRL_RWS_MAX; i++)
		free(c->rxq[i].msg);
	c->ntx = c->nsent = 0;
	memset(c->txq, 0, sizeof(c->txq));
	memset(c->rxq, 0, sizeof(c->rxq));
	c->rtx_at = c->ack_at = NEVER;
}

void l2tp_ctrl_set_peer_tunnel(struct l2tp_ctrl *c, uint16_t tunnel_id)
{
	c->peer_tunnel_id = tunnel_id;
}

void l2tp_ctrl_set_peer_rws(struct l2tp_ctrl *c, uint16_t rws)
{
	if (rws)
		c->peer_rws = rws;
}

/* Put one queued message on the wire with the current Nr. */
static void xmit(struct l2tp_ctrl *c, struct l2tp_ctrl_buf *b)
{
	l2tp_hdr_set_seq(b->msg, b->ns, c->nr);
	c->ack_at = NEVER;	/* it carries the acknowledgement */
	c->nr_sent = c->nr;
	if (c->ops.send)
		c->ops.send(c->ops.ctx, b->msg, b->len);
}

static void send_zlb(struct l2tp_ctrl *c)
{
	uint8_t zlb[L2TP_HDR_LEN];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, zlb, sizeof(zlb));
	l2tp_w_hdr(&w, c->peer_tunnel_id, 0, c->ns, c->nr);
	/* Ns of a ZLB: the next one we will send (not consumed) */
	if (c->ntx > c->nsent)
		l2tp_hdr_set_seq(zlb, c->txq[c->nsent].ns, c->nr);
	if (!l2tp_w_finish(&w))
		return;
	c->ack_at = NEVER;
	c->nr_sent = c->nr;
	c->zlbs++;
	if (c->ops.send)
		c->ops.send(c->ops.ctx, zlb, sizeof(zlb));
}

/* Send the waiting messages that fit in the peer's window. */
static void push(struct l2tp_ctrl *c, uint64_t now)
{
	while (c->nsent < c->ntx && c->nsent < c->peer_rws) {
		xmit(c, &c->txq[c->nsent++]);
		c->sent++;
		if (c->rtx_at == NEVER)
			c->rtx_at = now + c->rtx_cur;
	}
}

int l2tp_ctrl_send(struct l2tp_ctrl *c, const uint8_t *msg, size_t len, uint64_t now)
{
	struct l2tp_hdr h;
	struct l2tp_ctrl_buf *b;

	if (c->dead || c->ntx >= L2TP_CTRL_TXQ_MAX || len <= L2TP_HDR_LEN ||
	    l2tp_hdr_parse(msg, len, &h, NULL))
		return -1;
	b = &c->txq[c->ntx];
	b->msg = malloc(len);
	if (!b->msg)
		return -1;
	memcpy(b->msg, msg, len);
	b->len = len;
	b->ns = c->ns++;
	c->ntx++;
	push(c, now);
	return 0;
}

/* The peer acknowledged everything before nr. */
static void ack(struct l2tp_ctrl *c, uint16_t nr, uint64_t now)
{
	unsigned int n;
	int d;

	if (!c->nsent)
		return;
	d = seq_diff(nr, c->txq[0].ns);
	if (d <= 0 || (unsigned int)d > c->nsent)
		return;		/* old, or acknowledges what we never sent */
	n = (unsigned int)d;
	for (unsigned int i = 0; i < n; i++)
		free(c->txq[i].msg);
	memmove(c->txq, c->txq + n, (c->ntx - n) * sizeof(c->txq[0]));
	memset(c->txq + c->ntx - n, 0, n * sizeof(c->txq[0]));
	c->ntx -= n;
	c->nsent -= n;
	/* progress: the backoff starts again */
	c->retries = 0;
	c->rtx_cur = c->cfg.rtx_initial_ms;
	c->rtx_at = c->nsent ? now + c->rtx_cur : NEVER;
	push(c, now);
}

static int deliver(struct l2tp_ctrl *c, const uint8_t *msg, size_t len)
{
	c->nr++;
	c->delivered++;
	if (c->ops.deliver)
		c->ops.deliver(c->ops.ctx, msg, len);
	return 1;
}

int l2tp_ctrl_input(struct l2tp_ctrl *c, const uint8_t *msg, size_t len, uint64_t now)
{
	struct l2tp_hdr h;
	int d, n = 0;

	if (c->dead || l2tp_hdr_parse(msg, len, &h, NULL))
		return -1;
	ack(c, h.nr, now);
	if (len == L2TP_HDR_LEN || c->dead)
		return 0;	/* a ZLB: nothing to deliver or acknowledge */
	d = seq_diff(h.ns, c->nr);
	if (d < 0) {
		/* already delivered: our acknowledgement was lost */
		c->duplicates++;
		send_zlb(c);
		return 0;
	}
	if (d >= c->cfg.rws) {
		c->dropped++;
		return 0;
	}
	if (d > 0) {
		struct l2tp_ctrl_buf *b = &c->rxq[h.ns % L2TP_CTRL_RWS_MAX];

		if (b->msg) {
			c->duplicates++;	/* the same Ns again (slot is Ns mod size) */
			return 0;
		}
		b->msg = malloc(len);
		if (!b->msg) {
			c->dropped++;
			return 0;
		}
		memcpy(b->msg, msg, len);
		b->len = len;
		b->ns = h.ns;
		c->reordered++;
		return 0;
	}
	n += deliver(c, msg, len);
	/* those that waited behind it */
	while (!c->dead) {
		struct l2tp_ctrl_buf *b = &c->rxq[c->nr % L2TP_CTRL_RWS_MAX];
		struct l2tp_ctrl_buf q;

		if (!b->msg || b->ns != c->nr)
			break;
		q = *b;
		memset(b, 0, sizeof(*b));
		n += deliver(c, q.msg, q.len);
		free(q.msg);
	}
	/* acknowledge, unless deliver's answers already did */
	if (!c->dead && c->ack_at == NEVER && c->nr_sent != c->nr)
		c->ack_at = now + c->cfg.ack_delay_ms;
	return n;
}

static void give_up(struct l2tp_ctrl *c)
{
	c->dead = true;
	c->rtx_at = c->ack_at = NEVER;
	if (c->ops.dead)
		c->ops.dead(c->ops.ctx);
}

void l2tp_ctrl_timer(struct l2tp_ctrl *c, uint64_t now)
{
	if (c->dead)
		return;
	if (c->ack_at <= now)
		send_zlb(c);
	if (c->rtx_at > now)
		return;
	if (!c->nsent) {
		c->rtx_at = NEVER;
		return;
	}
	if (c->retries >= c->cfg.max_retries) {
		give_up(c);
		return;
	}
	c->retries++;
	for (unsigned int i = 0; i < c->nsent; i++) {
		xmit(c, &c->txq[i]);
		c->retransmits++;
	}
	c->rtx_cur = c->rtx_cur > c->cfg.rtx_max_ms / 2 ? c->cfg.rtx_max_ms : c->rtx_cur * 2;
	c->rtx_at = now + c->rtx_cur;
}

uint64_t l2tp_ctrl_next_timeout(const struct l2tp_ctrl *c)
{
	if (c->dead)
		return NEVER;
	return c->ack_at < c->rtx_at ? c->ack_at : c->rtx_at;
}

bool l2tp_ctrl_idle(const struct l2tp_ctrl *c)
{
	return !c->ntx;
}
