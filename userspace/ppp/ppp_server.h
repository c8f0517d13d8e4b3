/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPP server: one instance per call (struct link, daemon/link.h),
 * LCP → authentication → IPCP (and IPV6CP if enabled), as pure code. Frames come in through the
 * link's upper ops, go out through its lower ops; users, addresses, the
 * interface and the clock are asked of struct ppp_server_ops (the daemon
 * answers from auth/ and the kernel module). This layer knows nothing of
 * L2TP. Instances are found again by link->upper_id, never by a pointer
 * the carrier may keep.
 *
 * The link is closed (lower->close) after the frame or tick that decided
 * it has been handled: authentication failed auth_tries times or was
 * refused, LCP down or terminated (by either side, Terminate-Ack received
 * or the restart timer run out), echo_failures Echo-Requests unanswered,
 * a looped-back link, no address (addr_lease failed), ip_up failed. The
 * carrier may call upper->down from inside close. ip_down, ipv6_down and
 * addr_release are called before close and on upper->down (each once,
 * if up or leased).
 * Design and behaviour file by file: ppp/README.md, Documentation/ppp.md.
 */
#ifndef L2TPSEC_PPP_SERVER_H
#define L2TPSEC_PPP_SERVER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct link;
struct auth_user;
struct ppp_servers;

#define PPP_ECHO_OFF		UINT32_MAX	/* echo_interval_ms: no keepalive */

#define PPP_AUTH_MSCHAPV2	0x1
#define PPP_AUTH_CHAP_MD5	0x2
#define PPP_AUTH_PAP		0x4

struct ppp_server_cfg {
	uint16_t mru;			/* ours and the most we accept; 0: 1400 */
	unsigned int auth;		/* PPP_AUTH_* allowed, preferred first as listed; 0: MSCHAPV2 */
	unsigned int auth_tries;	/* failures before the link closes; 0: 3 */
	uint32_t echo_interval_ms;	/* LCP echo keepalive; 0: 30000, PPP_ECHO_OFF: none */
	unsigned int echo_failures;	/* unanswered echoes before down; 0: 4 */
	struct in_addr local;		/* our IPCP address (the gateway's side) */
	struct in_addr dns[2], nbns[2];	/* 0.0.0.0: not offered */
	bool ipv6;			/* run IPV6CP; false: IPV6CP and IPv6 Protocol-Rejected */
};

/* What IPCP agreed, for the daemon to address and route the interface. */
struct ppp_ip_info {
	struct in_addr local, peer;
	char user[256];
};

/* What IPV6CP agreed (RFC 5072): the interface identifiers of both ends. */
struct ppp_ipv6_info {
	uint64_t local_id, peer_id;	/* fe80::<id>; peer_id 0: the client sent none */
	char user[256];
};

struct ppp_server_ops {
	void *ctx;
	/* The user called name[0..len), or NULL. */
	const struct auth_user *(*user_find)(void *ctx, const char *name, size_t len);
	/* Lease an address for link_id: want (0: any) if allowed, fixed
	 * (the user's static address, 0: none). 0 and *addr, or -1 (pool empty). */
	int (*addr_lease)(void *ctx, uint32_t link_id, uint32_t want, uint32_t fixed,
			  uint32_t *addr);
	void (*addr_release)(void *ctx, uint32_t link_id);
	/* IPCP opened: address and route the session interface. 0 or -errno
	 * (the link is closed). */
	int (*ip_up)(void *ctx, const struct link *l, const struct ppp_ip_info *ip);
	void (*ip_down)(void *ctx, const struct link *l);
	/* IPV6CP opened: link-local addresses on the session interface. 0 or
	 * -errno (IPV6CP is closed, the session goes on with IPv4). Optional. */
	int (*ipv6_up)(void *ctx, const struct link *l, const struct ppp_ipv6_info *ip);
	void (*ipv6_down)(void *ctx, const struct link *l);
	/* LCP opened: the client's MRU (1500 if it sent none), for the
	 * session interface's MTU. Optional. */
	void (*peer_mru)(void *ctx, const struct link *l, uint16_t mru);
	/* Authentication failed for user (logged by the daemon, rate-limited). */
	void (*auth_failed)(void *ctx, const struct link *l, const char *user);
	/* May this user try now (per-user/per-source rate limit)? */
	bool (*auth_allowed)(void *ctx, const struct link *l, const char *user);
	uint64_t (*now)(void *ctx);
	void (*random)(void *ctx, void *buf, size_t len);
	void (*log)(void *ctx, const struct link *l, int level, const char *msg);
};

struct ppp_servers *ppp_servers_new(const struct ppp_server_cfg *cfg,
				    const struct ppp_server_ops *ops);
/* Down every instance at once (no frames), releasing addresses. */
void ppp_servers_free(struct ppp_servers *ps);
/* SIGHUP: cfg for links negotiated from now on (open links keep theirs). */
void ppp_servers_set_cfg(struct ppp_servers *ps, const struct ppp_server_cfg *cfg);
/* Start a PPP instance on l (fills l->upper, upper_ctx, upper_id; LCP
 * starts). 0 or -1 (out of memory). */
int ppp_server_attach(struct ppp_servers *ps, struct link *l);
void ppp_servers_tick(struct ppp_servers *ps, uint64_t now);
/* The next time ppp_servers_tick() has work, UINT64_MAX if none. */
uint64_t ppp_servers_next_timeout(const struct ppp_servers *ps);
/* LCP Terminate-Request on every instance (daemon stopping, SIGTERM). */
void ppp_servers_stop_all(struct ppp_servers *ps, const char *why);

struct ppp_session_info {
	uint32_t link_id;
	const char *phase;		/* "lcp", "auth", "ipcp", "open", "closing" */
	char user[256];
	struct in_addr local, peer;
	const char *auth;		/* "mschapv2", "chap-md5", "pap", "" */
	uint64_t started_ms;
};
int ppp_servers_foreach(const struct ppp_servers *ps,
			int (*fn)(const struct ppp_session_info *si, void *arg), void *arg);

#endif
