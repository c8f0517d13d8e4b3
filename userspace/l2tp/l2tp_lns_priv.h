/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What l2tp_tunnel.c (control connections) and l2tp_session.c (calls)
 * share behind l2tp_lns.h. Not for any other file.
 *
 * Ownership: the LNS owns its tunnels (an array of pointers), a tunnel its
 * sessions, a session its struct link. Nothing is freed inside a callback:
 * objects that go are marked (gone) and freed by lns_reap() when the
 * outermost entry point returns, so that l2tp_ctrl's deliver and dead
 * callbacks and the PPP layer's lower->close never see their object freed
 * under them. Links reach the LNS by lower_ctx and find their session by
 * lower_id (tid << 16 | sid), never by a kept pointer.
 */
#ifndef L2TPSEC_L2TP_LNS_PRIV_H
#define L2TPSEC_L2TP_LNS_PRIV_H

#include "l2tp_auth.h"
#include "l2tp_ctrl.h"
#include "l2tp_lns.h"
#include "l2tp_msg.h"

#define LNS_DEF_MAX_TUNNELS		4096
#define LNS_DEF_MAX_TUNNELS_PER_PEER	4
#define LNS_DEF_MAX_SESSIONS		4096
#define LNS_DEF_MAX_SESSIONS_PER_TUN	16
#define LNS_DEF_HELLO_MS		60000
#define LNS_DEF_RTX_INITIAL_MS		1000
#define LNS_DEF_RTX_MAX_MS		16000
#define LNS_DEF_MAX_RETRIES		5
#define LNS_DEF_ACK_DELAY_MS		100	/* Android waits for our acks */
/* Refused SCCRQs answered (StopCCN) beyond max_tunnels; more are dropped. */
#define LNS_REFUSING_MAX		16
/* After a StopCCN from the peer: keep acknowledging its retransmissions. */
#define LNS_STOP_HOLD_MS		5000
/* SCCRP answered by no SCCCN, ICRP by no ICCN: cleared after this long. */
#define LNS_SETUP_TIMEOUT_MS		30000

enum lns_sess_state {
	SESS_WAIT_ICCN,		/* ICRP sent */
	SESS_UP,		/* ICCN received, in the module, link handed up */
};

struct lns_sess {
	uint16_t sid, peer_sid;
	enum lns_sess_state state;
	bool in_module;		/* session_add succeeded */
	bool gone;		/* torn down; freed by lns_reap() */
	uint32_t serial;
	uint64_t setup_until;	/* SESS_WAIT_ICCN: cleared at this time */
	uint64_t started_ms;
	struct link *link;	/* NULL until ICCN */
	char ifname[16];
};

enum lns_tun_state {
	TUN_WAIT_SCCCN,		/* SCCRP sent */
	TUN_ESTABLISHED,
	TUN_STOPPING,		/* StopCCN sent: until acknowledged or dead */
	TUN_HOLD,		/* StopCCN received: acknowledging until hold_until */
};

struct l2tp_lns;

struct lns_tun {
	struct l2tp_lns *lns;
	uint16_t tid, peer_tid;
	struct l2tp_peer peer;
	enum lns_tun_state state;
	bool counted;		/* within the limits (not a refusal) */
	bool gone;		/* freed by lns_reap() */
	bool dead;		/* l2tp_ctrl gave up */
	struct l2tp_ctrl ctrl;
	uint8_t chal[L2TP_CHAL_LEN];
	bool chal_sent;
	char peer_host[64];
	uint64_t last_rx;	/* the peer's last message (ZLB included) */
	uint64_t hello_at;	/* next HELLO if silent until then */
	uint64_t hold_until;	/* TUN_HOLD: freed; TUN_WAIT_SCCCN: cleared */
	struct lns_sess **sess;
	unsigned int nsess, sess_cap;
};

struct l2tp_lns {
	struct l2tp_lns_cfg cfg;	/* defaults applied; secret points to ours */
	uint8_t *secret;
	char hostname[64];
	struct l2tp_lns_ops ops;
	struct lns_tun **tun;
	unsigned int ntun, tun_cap;
	uint32_t next_link_id;
	uint64_t now;			/* time of the current entry point */
	unsigned int depth;		/* entry points nested (reap at 0) */
	bool reap_pending;
};

/* l2tp_tunnel.c */
void lns_log(struct l2tp_lns *lns, int level, uint16_t tid, uint16_t sid, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
struct lns_tun *lns_tun_find(const struct l2tp_lns *lns, uint16_t tid);
unsigned int lns_total_sessions(const struct l2tp_lns *lns);
void lns_enter(struct l2tp_lns *lns, uint64_t now);
void lns_leave(struct l2tp_lns *lns);
/* Queue a written message on t's control connection. 0 or -1. */
int lns_tun_send(struct lns_tun *t, const uint8_t *msg, size_t len);

/* l2tp_session.c */
struct lns_sess *lns_sess_find(const struct lns_tun *t, uint16_t sid);
/* A session message delivered in order on t (m parsed, rc of the parse). */
void lns_sess_input(struct lns_tun *t, const struct l2tp_msg *m, int rc,
		    const struct l2tp_info *info, int drc);
/* Clear one call: CDN with result/error (unless !send_cdn), link down, session_del. */
void lns_sess_clear(struct lns_tun *t, struct lns_sess *s, uint16_t result, uint16_t error,
		    const char *why, bool send_cdn);
/* Free the sessions of t that are gone (all if all). */
void lns_sess_reap(struct lns_tun *t, bool all);
/* Clear calls whose ICCN did not come in time; the next such deadline. */
uint64_t lns_sess_timers(struct lns_tun *t, uint64_t now);
/* Send a CDN for a session that does not exist (refusals). */
void lns_cdn_send(struct lns_tun *t, uint16_t peer_sid, uint16_t sid, uint16_t result,
		  bool with_error, uint16_t error, const char *msg);
/* Whether a message type belongs to a call (ICRQ ... CDN, WEN, SLI). */
bool lns_is_session_msg(uint16_t type);

#endif
