/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reliable delivery of one L2TPv2 control connection (RFC 2661 5.8), as a
 * pure state machine: no sockets, no clock of its own. The caller passes
 * the time (milliseconds, any monotonic origin) to every call, and the
 * machine sends through ops->send and hands in-order messages up through
 * ops->deliver.
 *
 * Sending: l2tp_ctrl_send() takes a whole control message (written with
 * l2tp_msg.h's writer, Ns/Nr left 0): it gets the next Ns and is sent at
 * once if fewer than the peer's receive window are unacknowledged, else it
 * waits its turn. Unacknowledged messages are retransmitted (all of them,
 * with the current Nr) after rtx_initial_ms, doubling up to rtx_max_ms;
 * after max_retries retransmissions without progress ops->dead is called
 * and the machine stops (every later call is a no-op, send is -1).
 *
 * Receiving: l2tp_ctrl_input() takes a control message whose header
 * parsed (l2tp_hdr_parse). Its Nr acknowledges our messages; a ZLB
 * carries nothing else. A message with the expected Ns is delivered, then
 * the ones that waited in the reorder queue behind it; a message ahead of
 * it within our window waits in that queue; a duplicate (Ns already
 * delivered) is acknowledged again at once with a ZLB; anything else is
 * dropped. A delivered message is acknowledged by the next message we
 * send, or by a ZLB after ack_delay_ms.
 *
 * Sequence numbers wrap at 65535 (comparisons modulo 2^16).
 * ops->deliver may call l2tp_ctrl_send() (its answer then carries the
 * acknowledgement), but must not free the machine.
 */
#ifndef L2TPSEC_L2TP_CTRL_H
#define L2TPSEC_L2TP_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_CTRL_RWS_MAX	16	/* our receive window: reorder queue slots */
#define L2TP_CTRL_TXQ_MAX	32	/* messages unacknowledged or waiting */
#define L2TP_CTRL_PEER_RWS	4	/* the peer's window until it says (RFC 2661 4.4.3) */

struct l2tp_ctrl_cfg {
	uint16_t rws;			/* our window, 1..L2TP_CTRL_RWS_MAX (0: 8) */
	uint32_t rtx_initial_ms;	/* first retransmission (0: 1000) */
	uint32_t rtx_max_ms;		/* cap of the backoff (0: 8000) */
	unsigned int max_retries;	/* retransmissions before giving up (0: 5) */
	uint32_t ack_delay_ms;		/* ZLB delay (0: 250) */
};

struct l2tp_ctrl_ops {
	void *ctx;
	void (*send)(void *ctx, const uint8_t *msg, size_t len);
	void (*deliver)(void *ctx, const uint8_t *msg, size_t len);
	void (*dead)(void *ctx);
};

struct l2tp_ctrl_buf {
	uint8_t *msg;
	size_t len;
	uint16_t ns;
};

struct l2tp_ctrl {
	struct l2tp_ctrl_cfg cfg;
	struct l2tp_ctrl_ops ops;
	uint16_t peer_tunnel_id;	/* in the header of our ZLBs */
	uint16_t peer_rws;
	uint16_t ns;			/* Ns of the next message we queue */
	uint16_t nr;			/* Ns we expect next from the peer */
	uint16_t nr_sent;		/* Nr of the last message we sent */
	/* sent or waiting, oldest first; txq[0].ns is the oldest unacked */
	struct l2tp_ctrl_buf txq[L2TP_CTRL_TXQ_MAX];
	unsigned int ntx;		/* entries in txq */
	unsigned int nsent;		/* the first nsent of them were sent */
	struct l2tp_ctrl_buf rxq[L2TP_CTRL_RWS_MAX];	/* out of order, msg NULL: free */
	uint64_t rtx_at;		/* UINT64_MAX: no retransmission pending */
	uint64_t ack_at;		/* UINT64_MAX: no ZLB pending */
	uint32_t rtx_cur;
	unsigned int retries;
	bool dead;
	/* counters for logs and tests */
	unsigned long sent, retransmits, zlbs, delivered, duplicates, reordered, dropped;
};

/* Set up c (no allocation yet); cfg NULL: the defaults. */
void l2tp_ctrl_init(struct l2tp_ctrl *c, const struct l2tp_ctrl_cfg *cfg,
		    const struct l2tp_ctrl_ops *ops);
/* Free every queued message. c may be initialised again. */
void l2tp_ctrl_free(struct l2tp_ctrl *c);
/* The peer's Assigned Tunnel ID (our ZLBs' tunnel id). */
void l2tp_ctrl_set_peer_tunnel(struct l2tp_ctrl *c, uint16_t tunnel_id);
/* The peer's Receive Window Size AVP (0 is ignored). */
void l2tp_ctrl_set_peer_rws(struct l2tp_ctrl *c, uint16_t rws);

/*
 * Queue msg (a control message with AVPs, len > 12, header as
 * l2tp_w_hdr() writes it; it is copied): 0, or -1 (dead, malformed, queue
 * full, no memory).
 */
int l2tp_ctrl_send(struct l2tp_ctrl *c, const uint8_t *msg, size_t len, uint64_t now);

/*
 * A control message from the peer (len bytes, l2tp_hdr_parse() accepted
 * it). Returns the number of messages delivered (0: a ZLB, a duplicate,
 * out of order, dropped), -1 if the header does not parse or c is dead.
 */
int l2tp_ctrl_input(struct l2tp_ctrl *c, const uint8_t *msg, size_t len, uint64_t now);

/* Run what is due at now: the delayed ZLB, retransmissions, giving up. */
void l2tp_ctrl_timer(struct l2tp_ctrl *c, uint64_t now);
/* When l2tp_ctrl_timer() has something to do next (UINT64_MAX: nothing). */
uint64_t l2tp_ctrl_next_timeout(const struct l2tp_ctrl *c);

/* Whether every message we sent was acknowledged and none waits. */
bool l2tp_ctrl_idle(const struct l2tp_ctrl *c);

#endif
