/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsecd core: IKE SAs, child SAs and the daemon state they live in.
 *
 * Everything with a side effect (sending a datagram, talking to the
 * kernel module, reading the clock) goes through struct ked_ops, so the
 * whole negotiation can run in-process between two instances in the unit
 * tests (tests/test_exchange.c) with a fake network and a fake kernel.
 *
 * Files: ikesa.c (objects, message transport: SK protection, message IDs,
 * retransmission), exch_init.c (IKE_SA_INIT, cookies, NAT detection),
 * exch_auth.c (IKE_AUTH), exch_child.c (CREATE_CHILD_SA: child and IKE
 * rekey), exch_info.c (INFORMATIONAL: delete, liveness), child.c (child SA
 * negotiation, keys, installation into the module), negotiate.c
 * (proposal and traffic selector choice, pure), daemon.c (timers, events,
 * reload), net.c (sockets), kernel.c (generic netlink), ctl.c (control
 * socket), l2tpsecd.c (main).
 */
#ifndef L2TPSEC_IKE_DAEMON_H
#define L2TPSEC_IKE_DAEMON_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "dh.h"
#include "ikev2.h"
#include "ikev2_crypto.h"
#include "ikev2_msg.h"

struct ked;
struct ike_sa;
struct ike_cred;
struct ike_trust;

/* --- logging (log.c) --- */
void log_setup(int level, bool to_syslog);
void logx(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Per IKE SA: "conn[#serial] message" */
void sa_log(const struct ike_sa *sa, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int log_level;

/* --- the kernel module, as the daemon uses it (kernel.c) --- */
struct kern_sa {
	uint32_t spi;
	uint8_t dir;			/* L2TPSEC_DIR_IN / OUT */
	struct in_addr local, peer;
	uint8_t alg;			/* enum l2tpsec_alg */
	uint8_t key[64], auth_key[64];
	size_t key_len, auth_len;
	bool encap;
	uint16_t sport, dport;		/* encap ports */
	uint32_t replay_window;		/* in only; 0 = module default */
	bool esn;
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets;
	uint32_t hard_seconds;
};

/* Inbound SAs one tunnel can be bound to (L2TPSEC_TUNNEL_SA_IN_MAX). */
#define KERN_SA_IN_MAX 4

struct kern_l2tp {
	uint32_t tunnel_id, peer_tunnel_id, session_id, peer_session_id;
	struct in_addr local, peer;
	uint16_t port;
	uint32_t sa_out;
	uint32_t sa_in[KERN_SA_IN_MAX];	/* inbound SAs the tunnel accepts */
	unsigned int n_sa_in;
	const struct conf_l2tp *c;	/* cookies, ifname, mtu, seq */
};

struct kern_sa_stats {
	uint64_t packets, bytes;
	uint64_t seq;
};

struct ked_ops {
	/* Send an IKE message (the non-ESP marker is added on port 4500). */
	int (*send)(struct ked *d, const struct sockaddr_in *from,
		    const struct sockaddr_in *to, const uint8_t *buf, size_t len);
	/* Install an SA: 0, -EEXIST if the SPI is taken, other -errno with err. */
	int (*sa_add)(struct ked *d, const struct kern_sa *sa, char *err, size_t errlen);
	int (*sa_del)(struct ked *d, uint32_t spi, uint8_t dir);
	int (*sa_stats)(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st);
	int (*l2tp_add)(struct ked *d, const struct kern_l2tp *l, char *err, size_t errlen);
	/* Send with sa_out, accept only sa_in[0..n_in) (one request). */
	int (*l2tp_set_sa)(struct ked *d, uint32_t tunnel_id, uint32_t sa_out,
			   const uint32_t *sa_in, unsigned int n_in);
	int (*l2tp_del)(struct ked *d, uint32_t tunnel_id);
	/* Monotonic milliseconds. */
	uint64_t (*now)(struct ked *d);
};

/* --- objects --- */
enum child_state {
	CHILD_ACTIVE,		/* installed, carrying traffic */
	CHILD_REKEYING,		/* a rekey of it is in progress */
	CHILD_REKEYED,		/* replaced; waiting for the delete exchange */
	CHILD_DELETING,		/* we sent a delete for it */
};

struct child_sa {
	struct child_sa *next;
	struct ike_sa *ike;
	uint32_t spi_in;		/* ours: the peer sends with it */
	uint32_t spi_out;		/* the peer's */
	struct ike_chosen alg;
	uint8_t kalg;			/* module algorithm */
	enum child_state state;
	bool in_installed, out_installed;
	bool l2tp_out;			/* the conn's L2TP tunnel sends with it */
	bool encap;
	uint16_t lport, rport;
	uint64_t created_ms, rekey_ms, expire_ms;	/* absolute, 0 = never */
	uint64_t rx_seen;		/* inbound packets at the last liveness look */
	uint32_t serial;
};

enum ike_state {
	IKE_S_INIT_SENT,	/* initiator: IKE_SA_INIT request out */
	IKE_S_AUTH_SENT,	/* initiator: IKE_AUTH request out */
	IKE_S_INIT_DONE,	/* responder: answered IKE_SA_INIT, waiting for IKE_AUTH */
	IKE_S_ESTABLISHED,
	IKE_S_REKEYED,		/* replaced by a new IKE SA, waiting for the delete */
	IKE_S_DELETING,		/* delete sent, waiting for the answer */
	IKE_S_DEAD,		/* to be freed by the next tick */
};

/* What an outstanding request of ours is about. */
enum ike_req_kind {
	REQ_NONE,
	REQ_INIT,
	REQ_AUTH,
	REQ_CHILD_REKEY,
	REQ_IKE_REKEY,
	REQ_DELETE_CHILD,
	REQ_DELETE_IKE,
	REQ_DPD,
};

#define IKE_MAX_CERTS 4

struct ike_sa {
	struct ike_sa *next;
	struct ked *d;
	const struct conf_conn *conn;	/* NULL while a responder does not know yet */
	char conn_name[64];
	uint32_t serial;
	bool initiator;			/* original initiator of this IKE SA */
	enum ike_state state;
	uint8_t spi_i[8], spi_r[8];
	struct sockaddr_in local, remote;	/* current addresses and ports */
	bool natt;			/* moved to port 4500 */
	bool nat_local, nat_remote;	/* NAT in front of us / of the peer */

	struct ike_chosen alg;
	struct ike_cipher cipher;
	struct ike_sa_keys keys;
	bool keys_ready;
	struct ike_dh *dh;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t ni_len, nr_len;
	uint8_t *init_req, *init_resp;	/* IKE_SA_INIT messages, for AUTH */
	size_t init_req_len, init_resp_len;
	uint8_t cookie[64];		/* initiator: cookie to echo */
	size_t cookie_len;
	uint16_t peer_hashes[8];	/* SIGNATURE_HASH_ALGORITHMS of the peer */
	unsigned int n_peer_hashes;
	char peer_id[600];		/* authenticated peer identity, text */

	/* message IDs (window size 1) */
	uint32_t req_msgid;		/* of our next request */
	uint32_t peer_msgid;		/* expected in the peer's next request */
	/* our outstanding request */
	enum ike_req_kind req_kind;
	uint8_t *req;
	size_t req_len;
	unsigned int req_tries;
	uint64_t req_sent_ms, req_retx_ms, req_deadline_ms;
	struct child_sa *req_child;	/* the child it is about */
	/* exchange state of a CREATE_CHILD_SA we initiated */
	struct ike_dh *x_dh;
	uint8_t x_ni[IKE_NONCE_MAX];
	size_t x_ni_len;
	uint32_t x_spi;			/* new child SPI / */
	uint8_t x_ike_spi[8];		/* new IKE SPI we proposed */
	/* the last response we sent, for retransmitted requests */
	uint8_t *resp;
	size_t resp_len;
	uint32_t resp_msgid;
	bool have_resp;

	struct child_sa *children;
	uint64_t created_ms, established_ms, last_rx_ms, last_tx_ms;
	uint64_t esp_poll_ms;	/* ESP counters last read for liveness */
	uint64_t rekey_ms;		/* IKE SA rekey, 0 = never */
	uint64_t dpd_ms, keepalive_ms, halfopen_deadline_ms;
	struct ike_sa *rekeyed_by;	/* REKEYED: the SA that replaced it */
	bool l2tp_up;
	bool half_open;			/* counted in d->n_half_open */
	uint64_t msgs_in, msgs_out, retransmits;
};

#define KED_MAX_HALF_OPEN_SOURCES 1024

struct ked {
	const struct ked_ops *ops;
	void *priv;			/* ops' own state (net.c sockets, netlink) */
	struct conf *conf;
	struct ike_sa *sas;
	uint32_t next_serial;
	unsigned int n_half_open;
	uint8_t cookie_secret[32];
	uint8_t cookie_secret_old[32];
	uint8_t cookie_version;
	uint64_t cookie_rotate_ms;
	struct ike_trust *trust;
	/* per conn: loaded credentials, parallel to conf->conns */
	struct ike_cred **creds;
	uint64_t *conn_next_init;	/* per conn: earliest next initiation */
	bool stopping;
	uint64_t stats_cookies_sent, stats_dropped, stats_half_open_rejected;
};

/* --- ikesa.c --- */
struct ike_sa *ike_sa_new(struct ked *d, bool initiator, const struct conf_conn *conn);
void ike_sa_free(struct ike_sa *sa);
struct ike_sa *ike_sa_find(struct ked *d, const uint8_t spi_i[8], const uint8_t spi_r[8]);
struct ike_sa *ike_sa_find_half(struct ked *d, const uint8_t spi_i[8],
				const struct sockaddr_in *from);
/* Mark dead: remove its children from the kernel, tear down L2TP. */
void ike_sa_kill(struct ike_sa *sa, const char *why);
/* Delete notification sent once (no retransmission), then killed. */
void ike_sa_goodbye(struct ike_sa *sa, const char *why);
const char *ike_state_name(enum ike_state s);

/* Build and send a request on sa: payloads built by fill() inside SK.
 * The request is kept for retransmission. */
typedef int (*ike_fill_fn)(struct ike_sa *sa, struct ike_wbuf *w, void *arg);
int ike_send_request(struct ike_sa *sa, uint8_t exchange, enum ike_req_kind kind,
		     ike_fill_fn fill, void *arg);
/* Send a response to the peer's request msgid (kept for retransmits). */
int ike_send_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
		      ike_fill_fn fill, void *arg);
/* Encrypted notify-only response (errors). */
int ike_send_notify_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
			     uint16_t type, const uint8_t *data, size_t len);
/* Unprotected IKE_SA_INIT style message (header + plain payloads). */
int ike_send_plain(struct ked *d, const struct sockaddr_in *from,
		   const struct sockaddr_in *to, const uint8_t *buf, size_t len);
void ike_req_done(struct ike_sa *sa);
/* The IKE header of a message of sa (I flag from our role). */
void ike_sa_hdr(const struct ike_sa *sa, uint8_t exchange, uint8_t flags, uint32_t msgid,
		struct ike_hdr *h);
/* Type of the first error notify (< 16384) in pl, or 0. */
uint16_t ike_first_error(const struct ike_payloads *pl);
/* Keep a plain IKE_SA_INIT request (malloc'd, ownership passes) as our
 * outstanding request and send it. */
void ike_req_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len);
/* Remember a plain IKE_SA_INIT response (ownership passes) and send it. */
int ike_resp_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len);
/* Retransmit our request if due, or give up (ked_tick). */
void ike_sa_retransmit(struct ike_sa *sa, uint64_t now);
/* Send a NAT keepalive (one 0xff byte on the NAT-T port). */
void ike_sa_keepalive(struct ike_sa *sa);

/* A received datagram (IKE header first; marker removed), on local addr. */
void ked_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
	       const struct sockaddr_in *from);

/* --- exchanges --- */
int exch_init_start(struct ked *d, const struct conf_conn *conn);
void exch_init_request(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		       const struct sockaddr_in *local, const struct sockaddr_in *from);
void exch_init_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			size_t len, const struct sockaddr_in *from);
int exch_auth_start(struct ike_sa *sa);
void exch_auth_request(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
		       size_t msg_len, const struct ike_payloads *pl);
void exch_auth_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
			size_t msg_len, const struct ike_payloads *pl);
int exch_child_rekey_start(struct child_sa *c);
int exch_ike_rekey_start(struct ike_sa *sa);
void exch_child_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
void exch_child_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
int exch_delete_child_start(struct child_sa *c);
int exch_delete_ike_start(struct ike_sa *sa);
int exch_dpd_start(struct ike_sa *sa);
void exch_info_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
void exch_info_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
/* Responder side of a child SA proposal: 0 or the error notify type. */
uint16_t exch_child_negotiate(struct ike_sa *sa, const struct ike_payloads *pl, bool no_dh,
			      struct ike_chosen *alg, struct ike_ts *tsi, struct ike_ts *tsr);
/* A request of ours failed for good (no answer). */
void exch_request_failed(struct ike_sa *sa);

/* --- child.c --- */
struct child_sa *child_new(struct ike_sa *sa);
void child_free(struct child_sa *c);
/* Remove from the kernel (both directions) and unlink. */
void child_destroy(struct child_sa *c);
struct child_sa *child_find_in(struct ike_sa *sa, uint32_t spi_in);
struct child_sa *child_find_out(struct ike_sa *sa, uint32_t spi_out);
struct child_sa *child_find_any(struct ked *d, uint32_t spi, uint8_t dir, struct ike_sa **owner);
/* A fresh SPI for an inbound SA (random, >= 256). */
uint32_t child_alloc_spi(struct ked *d);
/* Derive keys and install both directions. i_to_r: keymat order (2.17);
 * `we_init`: we were the initiator of the exchange that created it.
 * Returns 0, or -1 (logged). */
int child_install(struct child_sa *c, bool we_init, const uint8_t *gir, size_t gir_len,
		  const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len);
/* Bring the conn's L2TP tunnel+session up over c (or point it at c). */
int child_l2tp_attach(struct child_sa *c);
/* Let the conn's tunnel (if up) accept c's inbound SA, still sending as before. */
void child_l2tp_bind(struct child_sa *c);
/* Timers for rekey/expiry from the conn's lifetimes. */
void child_set_lifetimes(struct child_sa *c);
/* Module algorithm for a chosen ESP transform set; 0 if unsupported. */
uint8_t child_kernel_alg(const struct ike_chosen *ch);
/* Move children of old to new (IKE rekey). */
void child_move_all(struct ike_sa *from, struct ike_sa *to);
/* Point the conn's L2TP tunnel at another active child, or take it down. */
void child_l2tp_detach(struct child_sa *c);
/* Is c the SA the conn's L2TP tunnel sends with? */
bool child_is_l2tp_out(const struct child_sa *c);

/* --- negotiate.c (pure) --- */
/* Pick the first of the peer's proposals (their order) that our configured
 * proposals accept. 0 and *out, or -1. For ESP, proto ESP, spi from theirs. */
int nego_choose(const struct ike_proposal *ours, unsigned int n_ours,
		const struct ike_proposal *theirs, unsigned int n_theirs, uint8_t proto,
		bool no_dh, struct ike_chosen *out);
/* Does a received single-proposal answer match one of what we offered? */
int nego_check_answer(const struct ike_proposal *offered, unsigned int n_offered,
		      const struct ike_proposal *answer, bool no_dh, struct ike_chosen *out);
/* Proposal (for the SA payload of an answer) from a chosen set. */
void nego_chosen_to_proposal(const struct ike_chosen *c, struct ike_proposal *p);
/* Our offered proposals with SPI; no_dh strips DH transforms (IKE_AUTH). */
unsigned int nego_offer(const struct ike_proposal *conf, unsigned int n, uint8_t proto,
			const uint8_t *spi, uint8_t spi_len, bool no_dh,
			struct ike_proposal *out);
/* First DH group of the configured proposals (for KE). */
uint16_t nego_first_dh(const struct ike_proposal *p, unsigned int n);
bool nego_dh_offered(const struct ike_proposal *p, unsigned int n, uint16_t group);
/* Traffic selectors: the L2TP flow udp/port between a and b. Does the list
 * contain it (any covering selector)? */
bool nego_ts_covers(const struct ike_ts_payload *t, struct in_addr addr, uint16_t port);
void nego_ts_l2tp(struct ike_ts *ts, struct in_addr addr, uint16_t port);
/* Responder: narrow the peer's selectors to the L2TP flow. addr is what we
 * know of that end; any_addr (NAT on that side) accepts any address.
 * 0 with *out, or -1 (TS_UNACCEPTABLE). */
int nego_ts_narrow(const struct ike_ts_payload *t, struct in_addr addr, bool any_addr,
		   uint16_t port, struct ike_ts *out);

/* NAT detection hash: SHA-1(SPIi | SPIr | IP | port). */
void nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct sockaddr_in *a,
	      uint8_t out[20]);
/* Stateless cookie (2.6): version byte | SHA-256(Ni | IPi | SPIi | secret). */
size_t cookie_make(const struct ked *d, uint8_t version, const uint8_t *ni, size_t ni_len,
		   const struct sockaddr_in *from, const uint8_t spi_i[8], uint8_t *out);
bool cookie_check(const struct ked *d, const uint8_t *cookie, size_t len, const uint8_t *ni,
		  size_t ni_len, const struct sockaddr_in *from, const uint8_t spi_i[8]);

/* --- daemon.c --- */
/* Set up a daemon on conf (credentials loaded); conns with start=initiate
 * are initiated by the first ked_tick(). 0 or -1 with err. */
int ked_init(struct ked *d, const struct ked_ops *ops, void *priv, struct conf *conf,
	     char *err, size_t errlen);
/* Run due timers; returns ms until the next one (or -1 = none). */
int ked_tick(struct ked *d);
/* Apply a new configuration (SIGHUP); takes ownership of conf. */
int ked_reload(struct ked *d, struct conf *conf, char *err, size_t errlen);
/* The module said SA (spi, dir) reached a limit. */
void ked_expire(struct ked *d, uint32_t spi, uint8_t dir, bool hard);
/* Delete every IKE SA (notify peers once) and remove everything we installed. */
void ked_shutdown(struct ked *d);
void ked_free(struct ked *d);
const struct conf_conn *ked_conn_for(struct ked *d, const struct sockaddr_in *local,
				     const struct sockaddr_in *remote);
struct ike_cred *ked_cred(struct ked *d, const struct conf_conn *conn);
/* Text or JSON state (control socket). */
void ked_show(struct ked *d, FILE *f, bool json);

static inline uint64_t ked_now(struct ked *d)
{
	return d->ops->now(d);
}

#endif
