/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKE SAs (ike_sa.c): the object, its states, and the daemon's table of
 * them: a list for walks (reports, reload, shutdown) and hash indexes for
 * lookups (by our SPI; responder SAs also by SPIi + peer address for
 * IKE_SA_INIT retransmissions). Each SA owns one entry in the daemon's
 * timer heap (timer.h), keyed by its earliest deadline
 * (ike_sa_reschedule() after its deadlines change).
 *
 * Shared by the IKE versions; what the messages look like and when they
 * go out is ikev2/ (ikev2_transport.h, ikev2_timers.h).
 */
#ifndef L2TPSEC_IKE_SA_H
#define L2TPSEC_IKE_SA_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "dh.h"
#include "ikev2.h"
#include "ikev2_crypto.h"
#include "timer.h"

struct ked;
struct child_sa;

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
#define IKE_MAX_DEL_QUEUE 8	/* child deletes waiting for the request slot */

struct ike_sa {
	struct ike_sa *next, **pprev;	/* d->sas, newest first */
	struct ike_sa *h_spi_next;	/* d->tab.by_spi chain (our SPI) */
	struct ike_sa *h_peer_next;	/* d->tab.by_peer chain (responders) */
	bool in_by_spi, in_by_peer;
	struct ike_sa *due_next;	/* ked_tick's batch of due SAs */
	struct timer timer;		/* earliest deadline, in d->timers */
	struct ked *d;
	const struct conf_conn *conn;	/* NULL while a responder does not know yet */
	char conn_name[64];
	uint32_t serial;
	bool initiator;			/* original initiator of this IKE SA */
	uint8_t version;		/* IKE major version: 1 or 2 */
	enum ike_state state;
	uint8_t spi_i[8], spi_r[8];	/* set with ike_sa_set_spis() */
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
	struct in_addr peer_private;	/* its own address behind a NAT (IKEv1 ID, NAT-OA); 0: unknown */

	/* message IDs (window size 1) */
	uint32_t req_msgid;		/* of our next request */
	uint32_t peer_msgid;		/* expected in the peer's next request */
	/* our outstanding request */
	enum ike_req_kind req_kind;
	uint8_t *req;
	size_t req_len;
	unsigned int req_tries;
	uint64_t req_sent_ms, req_retx_ms, req_deadline_ms;
	/*
	 * The child it is about, by our inbound SPI (0: none): looked up
	 * again when the answer comes, as another exchange (the peer's
	 * delete, an expiry, an IKE rekey) may have freed or moved it.
	 */
	uint32_t req_spi;
	/* child deletes to send when no request is outstanding (our SPIs) */
	uint32_t del_q[IKE_MAX_DEL_QUEUE];
	unsigned int n_del_q;
	bool delete_queued;		/* DELETING: the delete waits for req's answer */
	/* exchange state of a CREATE_CHILD_SA we initiated */
	struct ike_dh *x_dh;
	uint8_t x_ni[IKE_NONCE_MAX];
	size_t x_ni_len;
	uint32_t x_spi;			/* new child SPI / */
	uint8_t x_ike_spi[8];		/* new IKE SPI we proposed */
	/* the peer rekeyed the child of our REQ_CHILD_REKEY too (2.8.1) */
	bool x_coll;
	uint8_t x_coll_nonce[IKE_NONCE_MAX];	/* the lower nonce of its exchange */
	size_t x_coll_nonce_len;
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
	/* REKEYED: the SA that replaced it, by SPIs (ike_sa_successor()) */
	bool rekeyed;
	uint8_t rekeyed_by_spi_i[8], rekeyed_by_spi_r[8];
	bool l2tp_up;
	bool half_open;			/* counted in d->n_half_open */
	bool dpd_off;			/* no liveness checks (IKEv1 peer without DPD) */
	/*
	 * Version-private state (IKEv1: struct ikev1_state), freed by
	 * ver_free with the SA; ver_deadline_ms is its earliest deadline
	 * (0: none), part of ike_sa_next_deadline().
	 */
	void *ver;
	void (*ver_free)(void *ver);
	uint64_t ver_deadline_ms;
	uint64_t msgs_in, msgs_out, retransmits;
};

/*
 * The daemon's indexes of IKE SAs and child SAs (the list of every IKE SA
 * is d->sas). Hash chains are intrusive; bucket
 * counts are powers of two, doubled when the entries outnumber them. The
 * hash is keyed with a random seed (the peer chooses SPIi and its
 * address, and the peer's SPIs of child SAs).
 */
struct ike_sa_table {
	struct ike_sa **by_spi, **by_peer;
	unsigned int sa_buckets, n_sas, n_by_peer;
	struct child_sa **child_in, **child_out;
	unsigned int child_buckets, n_children;
	uint64_t seed;
	uint64_t probes;		/* chain entries looked at so far (tests) */
};

int ike_sa_table_init(struct ike_sa_table *t);
void ike_sa_table_free(struct ike_sa_table *t);
/* Chain index of a 64-bit key in a table of n buckets. */
unsigned int ike_sa_table_bucket(const struct ike_sa_table *t, uint64_t key, unsigned int n);

/* A new IKE SA (our SPI random, unique), in the table. */
struct ike_sa *ike_sa_new(struct ked *d, bool initiator, const struct conf_conn *conn);
/* Out of the table and the timer heap, freed with its children. */
void ike_sa_free(struct ike_sa *sa);
/* Set the SPIs (NULL keeps one) and the peer address (NULL keeps it);
 * the table follows. */
void ike_sa_set_spis(struct ike_sa *sa, const uint8_t spi_i[8], const uint8_t spi_r[8]);
void ike_sa_set_remote(struct ike_sa *sa, const struct sockaddr_in *remote);
/* ike_move.c: the peer is now at remote (NAT): the IKE SA, its children's
 * ESP SAs and the connection's L2TP tunnel follow; one log line (why). */
void ike_sa_move(struct ike_sa *sa, const struct sockaddr_in *remote, const char *why);
/* Lookups; dead SAs are not found. */
struct ike_sa *ike_sa_find(struct ked *d, const uint8_t spi_i[8], const uint8_t spi_r[8]);
/* Our IKE_SA_INIT request's SA (initiator, INIT_SENT) by SPIi. */
struct ike_sa *ike_sa_find_init(struct ked *d, const uint8_t spi_i[8]);
struct ike_sa *ike_sa_find_half(struct ked *d, const uint8_t spi_i[8],
				const struct sockaddr_in *from);
/* The live SA that replaced sa (IKE rekey), or NULL. */
struct ike_sa *ike_sa_successor(struct ike_sa *sa);
/* a and b are one SA, or one replaced the other. */
bool ike_sa_related(const struct ike_sa *a, const struct ike_sa *b);
/* Mark dead: remove its children from the kernel, tear down L2TP. */
void ike_sa_kill(struct ike_sa *sa, const char *why);
const char *ike_state_name(enum ike_state s);

/* Earliest deadline of sa (retransmission, half-open, rekeys, expiry,
 * liveness, keepalive; a dead SA is due at once): true and *at, or false
 * if it has none. */
bool ike_sa_next_deadline(const struct ike_sa *sa, uint64_t *at);
/* Move its timer to ike_sa_next_deadline() (call after changing any). */
void ike_sa_reschedule(struct ike_sa *sa);
/* How often the ESP counters are read for liveness: dpd / 4, >= 1 s. */
uint64_t ike_dpd_poll_ms(uint64_t dpd_ms);

#endif
