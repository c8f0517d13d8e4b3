/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the PPP server (ppp_server.h): one struct ppp_inst per link, and
 * the functions the files of the server call in each other:
 *   ppp_server.c  the registry, the phases, the link's upper ops, deferred
 *                 closing of the link, timers
 *   ppp_lcp.c     the LCP instance (ppp_fsm over ppp_lcp_opts), Echo
 *                 keepalives, loop detection, Protocol-Reject
 *   ppp_auth.c    CHAP (MS-CHAPv2, MD5) and PAP, the authenticator's side
 *   ppp_ipcp.c    the IPCP instance (ppp_fsm over ppp_ipcp_opts), the
 *                 address lease, ip_up/ip_down
 *   ppp_ipv6cp.c  the IPV6CP instance (ppp_fsm over ppp_ipv6cp_opts),
 *                 interface identifiers, ipv6_up/ipv6_down
 * Not part of the interface: the daemon includes ppp_server.h only.
 */
#ifndef L2TPSEC_PPP_SERVER_PRIV_H
#define L2TPSEC_PPP_SERVER_PRIV_H

#include "ppp_fsm.h"
#include "ppp_ipcp_opts.h"
#include "ppp_ipv6cp_opts.h"
#include "ppp_lcp_opts.h"
#include "ppp_server.h"

#define PPP_SERVER_MRU		1400
#define PPP_SERVER_MIN_PEER_MRU	576
#define PPP_SERVER_TRIES	3
#define PPP_SERVER_ECHO_MS	30000
#define PPP_SERVER_ECHO_FAILS	4
#define PPP_LCP_MAX_LOOPS	3	/* Magic-Number collisions before the link is closed */
#define PPP_AUTH_RESEND_MS	3000	/* CHAP Challenge retransmission */
#define PPP_AUTH_MAX_SENDS	10	/* Challenges sent without an answer before giving up */
#define PPP_AUTH_WAIT_MS	60000	/* PAP request, or an MS-CHAPv2 retry (a user typing) */
#define PPP_SERVER_NAME		"l2tpsec"
#define PPP_FRAME_MAX		(PPP_FSM_PKT_MAX + 2)

enum ppp_phase { PPP_PH_LCP, PPP_PH_AUTH, PPP_PH_IPCP, PPP_PH_OPEN, PPP_PH_CLOSING };

enum ppp_auth_state {
	PPP_AS_IDLE,		/* not started */
	PPP_AS_WAIT,		/* Challenge sent (CHAP) or waiting for Authenticate-Request (PAP) */
	PPP_AS_DONE,		/* succeeded; only retransmitted Responses are answered */
	PPP_AS_FAILED,		/* tries exhausted or refused: LCP is terminating */
};

struct ppp_inst {
	struct ppp_servers *ps;
	uint64_t id;			/* link->upper_id */
	uint32_t link_id;		/* link->id, the lease key */
	/*
	 * Valid from attach until the carrier's upper->down (the carrier
	 * calls down before freeing it); NULL afterwards.
	 */
	struct link *l;
	enum ppp_phase phase;
	uint64_t started;
	unsigned int busy;		/* nesting of entries (input, tick, ...) */
	bool gone;			/* upper->down while busy: freed on the way out */
	const char *close_why;		/* close the link on the way out */
	bool close_sent;

	/* LCP (ppp_lcp.c) */
	struct ppp_fsm lcp;
	struct ppp_lcp_state lcp_st;
	uint8_t prej_id;		/* identifier of our last Protocol-Reject */
	uint8_t echo_id;
	unsigned int echo_out;		/* Echo-Requests sent without a reply since the last one */
	uint64_t echo_due;		/* 0: keepalive not running */
	bool lcp_closing;		/* we asked LCP to close (Terminate-Request) */
	const char *lcp_why;

	/* Authentication (ppp_auth.c) */
	unsigned int auth;		/* the PPP_AUTH_* bit LCP agreed on */
	enum ppp_auth_state auth_state;
	uint8_t chal[16];		/* the current Challenge (MS-CHAPv2: also after C=) */
	uint8_t chal_id;		/* the identifier a Response must carry */
	unsigned int chal_sends;
	unsigned int failures;
	uint64_t auth_due;		/* 0: no timer */
	uint8_t reply[256];		/* our last Success (retransmitted Responses) */
	size_t reply_len;
	uint8_t reply_id;
	char user[256];			/* the name the peer authenticated with (NUL-terminated) */
	uint32_t fixed;			/* the authenticated user's static address, 0: none */

	/* IPCP (ppp_ipcp.c) */
	struct ppp_fsm ipcp;
	struct ppp_ipcp_state ipcp_st;
	bool leased, ip_up;
	uint32_t addr;			/* the client's address, host order */
	const char *ipcp_fail;		/* LCP to terminate once the IPCP event is done */

	/* IPV6CP (ppp_ipv6cp.c; ipv6cp.cb NULL: not started) */
	struct ppp_fsm ipv6cp;
	struct ppp_ipv6cp_state ipv6cp_st;
	bool ipv6_up;
	const char *ipv6cp_fail;	/* IPV6CP to close once its event is done */
};

struct ppp_servers {
	struct ppp_server_cfg cfg;	/* defaults filled in */
	struct ppp_server_ops ops;
	struct ppp_lcp_policy lpol;
	struct ppp_ipcp_policy ipol;
	struct ppp_inst **v;		/* sorted by id (ids only grow: appended) */
	size_t n, cap;
	uint64_t next_id;
};

/* ppp_server.c */
uint64_t ppp_now(struct ppp_inst *in);
void ppp_log(struct ppp_inst *in, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ppp_send(struct ppp_inst *in, uint16_t proto, const uint8_t *pkt, size_t n);
void ppp_random(struct ppp_inst *in, void *buf, size_t n);
/* Close the link once the current entry returns (first reason wins). */
void ppp_close_link(struct ppp_inst *in, const char *why);
/* LCP is up: authenticate, or go to the network phase. */
void ppp_phase_auth(struct ppp_inst *in);
/* Authentication succeeded (or none): start IPCP. */
void ppp_phase_network(struct ppp_inst *in);
/* Everything above LCP goes down: IPCP, the address, the interface. */
void ppp_release_upper(struct ppp_inst *in);

/* ppp_lcp.c */
void ppp_lcp_start(struct ppp_inst *in);
void ppp_lcp_input(struct ppp_inst *in, const uint8_t *p, size_t n);
void ppp_lcp_tick(struct ppp_inst *in, uint64_t now);
uint64_t ppp_lcp_deadline(const struct ppp_inst *in);
/* Terminate-Request, the link closes when LCP has finished. */
void ppp_lcp_terminate(struct ppp_inst *in, const char *why);
/* A Protocol-Reject of proto (LCP Opened only). */
void ppp_lcp_proto_reject(struct ppp_inst *in, uint16_t proto, const uint8_t *info, size_t n);

/* ppp_auth.c */
void ppp_auth_start(struct ppp_inst *in);
void ppp_auth_input(struct ppp_inst *in, uint16_t proto, const uint8_t *p, size_t n);
void ppp_auth_tick(struct ppp_inst *in, uint64_t now);
const char *ppp_auth_name(unsigned int auth);

/* ppp_ipcp.c */
void ppp_ipcp_start(struct ppp_inst *in);
void ppp_ipcp_input(struct ppp_inst *in, const uint8_t *p, size_t n);
void ppp_ipcp_tick(struct ppp_inst *in, uint64_t now);
/* ip_down if it was up, the lease released; IPCP stopped without frames. */
void ppp_ipcp_release(struct ppp_inst *in);

/* ppp_ipv6cp.c */
void ppp_ipv6cp_start(struct ppp_inst *in);
void ppp_ipv6cp_input(struct ppp_inst *in, const uint8_t *p, size_t n);
/* The client Protocol-Rejected IPV6CP: IPV6CP stops, the session goes on. */
void ppp_ipv6cp_rejected(struct ppp_inst *in);
void ppp_ipv6cp_tick(struct ppp_inst *in, uint64_t now);
/* ipv6_down if it was up; IPV6CP stopped without frames. */
void ppp_ipv6cp_release(struct ppp_inst *in);

#endif
