/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TPv2 LNS (RFC 2661): every control connection (l2tp_tunnel.c) and
 * every call (l2tp_session.c) of the daemon, as pure code. No socket, no
 * clock, no module: control messages come in through l2tp_lns_input(),
 * everything with a side effect goes out through struct l2tp_lns_ops
 * (the daemon sends with the module's CTRL_SEND, creates the module's
 * tunnel and session objects, reads its clock). An established call is
 * handed to the PPP layer as a struct link (daemon/link.h); this layer
 * knows nothing of PPP.
 *
 * Who may open a tunnel is the daemon's decision (an ESP SA that IKE
 * established, or a conn that allows clear text): it calls
 * l2tp_lns_input() only for admitted datagrams and passes the peer's
 * binding (address, port, inbound SA, the IKE SA's serial) along. The LNS
 * enforces the counts (tunnels per peer and in total, sessions per tunnel
 * and in total) and logs each refusal with its reason.
 */
#ifndef L2TPSEC_L2TP_LNS_H
#define L2TPSEC_L2TP_LNS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp_ctrl.h"

struct link;
struct l2tp_lns;

struct l2tp_lns_cfg {
	const char *hostname;		/* our Host Name AVP ("l2tpsecd" if NULL) */
	const uint8_t *secret;		/* tunnel secret (challenge, hidden AVPs), NULL: none */
	size_t secret_len;
	bool require_auth;		/* refuse peers that do not authenticate (needs secret) */
	unsigned int max_tunnels;	/* 0: 4096 */
	unsigned int max_tunnels_per_peer;	/* per (address, IKE SA); 0: 4 */
	unsigned int max_sessions;	/* 0: 4096 */
	unsigned int max_sessions_per_tunnel;	/* 0: 16 */
	uint32_t hello_interval_ms;	/* 0: 60000 */
	/* reliable delivery; zeros here are the LNS's defaults, not l2tp_ctrl's:
	 * retransmission 1 s doubling to 16 s, 5 tries (47 s to give up),
	 * ZLB after 100 ms (Android drops our messages until its own are
	 * acknowledged), our window 8 */
	struct l2tp_ctrl_cfg ctrl;
};

/*
 * With a secret, every peer must answer our Challenge (SCCCN without or
 * with a wrong Challenge Response: StopCCN result 4) and a peer's
 * Challenge is answered; without one, a peer's Challenge is refused
 * (StopCCN 4), and require_auth refuses every peer.
 *
 * The struct link of a call: id unique non-zero, lower_ctx the LNS,
 * lower_id = tid << 16 | sid, peer "a.b.c.d:port". The LNS owns it:
 * after upper->down (a CDN or StopCCN from the peer, the tunnel given up,
 * l2tp_lns_disconnect, stop_all, owner_gone, l2tp_lns_free) it is freed
 * when the entry point returns. lower->close(why) sends CDN (result 3),
 * deletes the session and calls no down; the link stays valid until close
 * returns and is freed by the next call into the LNS (l2tp_lns_tick() at
 * the latest: l2tp_lns_next_timeout() is 0 meanwhile).
 */

/* Where a control message came from, as the daemon admitted it. */
struct l2tp_peer {
	struct in_addr addr;		/* public address */
	uint16_t port;			/* the peer's L2TP UDP port (Apple: ephemeral) */
	uint32_t sa_in;			/* inbound ESP SA it came through; 0: clear text */
	uint64_t owner;			/* the IKE SA's serial; 0: none (clear text) */
};

struct l2tp_lns_ops {
	void *ctx;
	/* Create the module's tunnel tid (peer's id peer_tid) bound to p. 0 or -errno. */
	int (*tunnel_add)(void *ctx, uint16_t tid, uint16_t peer_tid, const struct l2tp_peer *p);
	void (*tunnel_del)(void *ctx, uint16_t tid);
	/* Send a control message (L2TP header first) to tid's peer. 0 or -errno. */
	int (*ctrl_send)(void *ctx, uint16_t tid, const uint8_t *msg, size_t len);
	/* Create the module's PPP session; fills ifname/ifindex. 0 or -errno. */
	int (*session_add)(void *ctx, uint16_t tid, uint16_t sid, uint16_t peer_sid,
			   char ifname[16], uint32_t *ifindex);
	void (*session_del)(void *ctx, uint16_t tid, uint16_t sid);
	/* Send one PPP frame (protocol field first) on a session. 0 or -errno. */
	int (*ppp_send)(void *ctx, uint16_t tid, uint16_t sid, const uint8_t *frame, size_t len);
	/* A call is established (ICCN): give l to the PPP layer, which sets
	 * l->upper, l->upper_ctx, l->upper_id. Non-zero: the call is cleared. */
	int (*call_up)(void *ctx, struct link *l);
	/* Random bytes (ids, challenges, random vectors). */
	void (*random)(void *ctx, void *buf, size_t len);
	/* One log line, level as syslog; tid/sid 0 when not known. */
	void (*log)(void *ctx, int level, uint16_t tid, uint16_t sid, const char *msg);
	/* Optional: an established call is going, and why (for accounting),
	 * just before its session_del. */
	void (*call_down)(void *ctx, uint16_t tid, uint16_t sid, const char *why);
};

struct l2tp_lns *l2tp_lns_new(const struct l2tp_lns_cfg *cfg, const struct l2tp_lns_ops *ops);
/* Tear everything down at once (no messages), calling link down, tunnel_del. */
void l2tp_lns_free(struct l2tp_lns *lns);
/* SIGHUP: limits, HELLO interval, host name (not the secret) from cfg. */
void l2tp_lns_set_limits(struct l2tp_lns *lns, const struct l2tp_lns_cfg *cfg);

/*
 * A control message from p for local tunnel tid (0: no tunnel matched,
 * i.e. a SCCRQ or a stray). msg is the L2TP header on. 0, or -1 if the
 * message was dropped (logged).
 */
int l2tp_lns_input(struct l2tp_lns *lns, uint16_t tid, const struct l2tp_peer *p,
		   const uint8_t *msg, size_t len, uint64_t now);
/* A PPP frame (protocol field first) the module passed up on (tid, sid). */
void l2tp_lns_ppp_input(struct l2tp_lns *lns, uint16_t tid, uint16_t sid,
			const uint8_t *frame, size_t len, uint64_t now);

void l2tp_lns_tick(struct l2tp_lns *lns, uint64_t now);
/* The next time l2tp_lns_tick() has work, UINT64_MAX if none. */
uint64_t l2tp_lns_next_timeout(const struct l2tp_lns *lns);

/* The IKE SA with serial owner is gone: its tunnels go (StopCCN, best effort). */
void l2tp_lns_owner_gone(struct l2tp_lns *lns, uint64_t owner, uint64_t now);
/* The owner's child was rekeyed: tunnels of owner now come through sa_in. */
void l2tp_lns_owner_rebind(struct l2tp_lns *lns, uint64_t old_owner, uint64_t new_owner);
/* The owner's peer has a new public address (its NAT changed): its tunnels follow. */
void l2tp_lns_owner_moved(struct l2tp_lns *lns, uint64_t owner, struct in_addr addr);
/* Clear one call (CDN, result 3 "administrative") or, sid 0, the whole tunnel. */
int l2tp_lns_disconnect(struct l2tp_lns *lns, uint16_t tid, uint16_t sid, uint64_t now);
/* StopCCN to every peer (daemon stopping); done when l2tp_lns_count() is 0. */
void l2tp_lns_stop_all(struct l2tp_lns *lns, uint64_t now);

struct l2tp_lns_call_info {
	uint16_t tid, peer_tid, sid, peer_sid;
	struct l2tp_peer peer;
	uint32_t link_id;
	char ifname[16];
	uint64_t started_ms;
	char peer_host[64];		/* the peer's Host Name AVP */
};
/* Calls, in no particular order: fn for each, stop when it returns non-zero. */
int l2tp_lns_foreach_call(const struct l2tp_lns *lns,
			  int (*fn)(const struct l2tp_lns_call_info *ci, void *arg), void *arg);
void l2tp_lns_count(const struct l2tp_lns *lns, unsigned int *tunnels, unsigned int *sessions);

#endif
