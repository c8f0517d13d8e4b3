// SPDX-License-Identifier: GPL-2.0
/*
 * IKE SA objects and the daemon's table of them (ike_sa.h): creation with
 * a unique SPI of ours, hash indexes by SPI (ours; for responders also
 * SPIi + peer address) and of child SAs by SPI and direction, the SA's
 * entry in the timer heap keyed by its earliest deadline, kill and free.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "remote.h"
#include "ked.h"
#include "l2tpsec.h"

#define MIN_BUCKETS 64

static const char *const state_names[] = {
	[IKE_S_INIT_SENT] = "INIT_SENT",
	[IKE_S_AUTH_SENT] = "AUTH_SENT",
	[IKE_S_INIT_DONE] = "INIT_DONE",
	[IKE_S_ESTABLISHED] = "ESTABLISHED",
	[IKE_S_REKEYED] = "REKEYED",
	[IKE_S_DELETING] = "DELETING",
	[IKE_S_DEAD] = "DEAD",
};

/**
 * ike_state_name() - printable IKE SA state
 * @s: the state
 *
 * Return: a static string.
 */
const char *ike_state_name(enum ike_state s)
{
	return (unsigned int)s < sizeof(state_names) / sizeof(state_names[0]) ?
		state_names[s] : "?";
}

/* --- the table --- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/**
 * ike_sa_table_bucket() - the chain of a key
 * @t: the table (its seed)
 * @key: the key
 * @n: number of buckets (a power of two)
 *
 * Return: the bucket index.
 */
unsigned int ike_sa_table_bucket(const struct ike_sa_table *t, uint64_t key, unsigned int n)
{
	return (unsigned int)(mix64(key ^ t->seed) & (n - 1));
}

static uint64_t spi_key(const uint8_t spi[8])
{
	uint64_t k;

	memcpy(&k, spi, 8);
	return k;
}

static const uint8_t *our_spi(const struct ike_sa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

static uint64_t peer_key(const uint8_t spi_i[8], const struct sockaddr_in *a)
{
	return spi_key(spi_i) ^ mix64(0x1000000000ULL | a->sin_addr.s_addr);
}

/**
 * ike_sa_table_init() - empty indexes
 * @t: the table
 *
 * Return: 0 or -ENOMEM.
 */
int ike_sa_table_init(struct ike_sa_table *t)
{
	memset(t, 0, sizeof(*t));
	t->sa_buckets = t->child_buckets = MIN_BUCKETS;
	t->by_spi = calloc(MIN_BUCKETS, sizeof(*t->by_spi));
	t->by_peer = calloc(MIN_BUCKETS, sizeof(*t->by_peer));
	t->child_in = calloc(MIN_BUCKETS, sizeof(*t->child_in));
	t->child_out = calloc(MIN_BUCKETS, sizeof(*t->child_out));
	if (!t->by_spi || !t->by_peer || !t->child_in || !t->child_out ||
	    ike_random(&t->seed, sizeof(t->seed))) {
		ike_sa_table_free(t);
		return -ENOMEM;
	}
	return 0;
}

void ike_sa_table_free(struct ike_sa_table *t)
{
	free(t->by_spi);
	free(t->by_peer);
	free(t->child_in);
	free(t->child_out);
	memset(t, 0, sizeof(*t));
}

/* The by_peer index (responders) or the by_spi one: the chain of sa, its link. */
static struct ike_sa **chain_of(struct ike_sa_table *t, struct ike_sa *sa, bool peer)
{
	if (peer)
		return &t->by_peer[ike_sa_table_bucket(t, peer_key(sa->spi_i, &sa->remote),
						       t->sa_buckets)];
	return &t->by_spi[ike_sa_table_bucket(t, spi_key(our_spi(sa)), t->sa_buckets)];
}

static struct ike_sa **link_of(struct ike_sa *sa, bool peer)
{
	return peer ? &sa->h_peer_next : &sa->h_spi_next;
}

static bool *in_index(struct ike_sa *sa, bool peer)
{
	return peer ? &sa->in_by_peer : &sa->in_by_spi;
}

static void index_add(struct ike_sa_table *t, struct ike_sa *sa, bool peer)
{
	struct ike_sa **b;

	if (peer && sa->initiator)
		return;
	b = chain_of(t, sa, peer);
	*link_of(sa, peer) = *b;
	*b = sa;
	*in_index(sa, peer) = true;
}

static void index_del(struct ike_sa_table *t, struct ike_sa *sa, bool peer)
{
	if (!*in_index(sa, peer))
		return;
	for (struct ike_sa **pp = chain_of(t, sa, peer); *pp; pp = link_of(*pp, peer)) {
		if (*pp == sa) {
			*pp = *link_of(sa, peer);
			break;
		}
	}
	*link_of(sa, peer) = NULL;
	*in_index(sa, peer) = false;
}

static void spi_insert(struct ike_sa_table *t, struct ike_sa *sa)
{
	index_add(t, sa, false);
}

static void spi_remove(struct ike_sa_table *t, struct ike_sa *sa)
{
	index_del(t, sa, false);
}

static void peer_insert(struct ike_sa_table *t, struct ike_sa *sa)
{
	index_add(t, sa, true);
}

static void peer_remove(struct ike_sa_table *t, struct ike_sa *sa)
{
	index_del(t, sa, true);
}

/* Double the IKE SA buckets (nothing happens without memory: longer chains). */
static void sa_grow(struct ked *d)
{
	struct ike_sa_table *t = &d->tab;
	unsigned int n = t->sa_buckets * 2;
	struct ike_sa **s = calloc(n, sizeof(*s)), **p = calloc(n, sizeof(*p));

	if (!s || !p) {
		free(s);
		free(p);
		return;
	}
	free(t->by_spi);
	free(t->by_peer);
	t->by_spi = s;
	t->by_peer = p;
	t->sa_buckets = n;
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next) {
		bool spi = sa->in_by_spi, peer = sa->in_by_peer;

		if (spi)
			spi_insert(t, sa);
		if (peer)
			peer_insert(t, sa);
	}
}

static bool our_spi_taken(struct ked *d, const uint8_t spi[8])
{
	struct ike_sa_table *t = &d->tab;

	for (struct ike_sa *sa = t->by_spi[ike_sa_table_bucket(t, spi_key(spi), t->sa_buckets)];
	     sa; sa = sa->h_spi_next)
		if (!memcmp(our_spi(sa), spi, 8))
			return true;
	return false;
}

/**
 * ike_sa_new() - a new IKE SA, linked into the daemon
 * @d: the daemon
 * @initiator: we are the original initiator
 * @conn: its connection (may be NULL for a responder until IKE_AUTH)
 *
 * Return: the SA (our SPI filled in, random and unique), or NULL.
 */
struct ike_sa *ike_sa_new(struct ked *d, bool initiator, const struct conf_conn *conn)
{
	struct ike_sa *sa;
	uint8_t *spi;

	if (timer_heap_reserve(&d->timers, d->tab.n_sas + 1))
		return NULL;
	sa = calloc(1, sizeof(*sa));
	if (!sa)
		return NULL;
	sa->d = d;
	sa->initiator = initiator;
	sa->version = 2;
	sa->conn = conn;
	if (conn)
		snprintf(sa->conn_name, sizeof(sa->conn_name), "%s", conn->name);
	sa->serial = ++d->next_serial;
	spi = initiator ? sa->spi_i : sa->spi_r;
	do {
		if (ike_random(spi, 8)) {
			free(sa);
			return NULL;
		}
	} while (!memcmp(spi, "\0\0\0\0\0\0\0\0", 8) || our_spi_taken(d, spi));
	sa->created_ms = ked_now(d);
	sa->last_rx_ms = sa->created_ms;
	sa->esp_poll_ms = sa->created_ms;
	sa->next = d->sas;
	if (d->sas)
		d->sas->pprev = &sa->next;
	d->sas = sa;
	sa->pprev = &d->sas;
	if (++d->tab.n_sas > d->tab.sa_buckets)
		sa_grow(d);
	spi_insert(&d->tab, sa);
	peer_insert(&d->tab, sa);
	return sa;
}

/**
 * ike_sa_set_spis() - set the SPIs of an SA, re-indexed
 * @sa: the SA
 * @spi_i: the initiator's SPI, or NULL to keep it
 * @spi_r: the responder's SPI, or NULL to keep it
 */
void ike_sa_set_spis(struct ike_sa *sa, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	struct ike_sa_table *t = &sa->d->tab;
	bool spi = sa->in_by_spi, peer = sa->in_by_peer;

	spi_remove(t, sa);
	peer_remove(t, sa);
	if (spi_i)
		memcpy(sa->spi_i, spi_i, 8);
	if (spi_r)
		memcpy(sa->spi_r, spi_r, 8);
	if (spi)
		spi_insert(t, sa);
	if (peer)
		peer_insert(t, sa);
}

/**
 * ike_sa_set_remote() - the peer's address and port, re-indexed
 * @sa: the SA
 * @remote: the peer
 */
void ike_sa_set_remote(struct ike_sa *sa, const struct sockaddr_in *remote)
{
	bool peer = sa->in_by_peer;

	peer_remove(&sa->d->tab, sa);
	sa->remote = *remote;
	if (peer)
		peer_insert(&sa->d->tab, sa);
}

static void wipe_free(uint8_t **p, size_t *len)
{
	if (*p) {
		ike_wipe(*p, *len);
		free(*p);
	}
	*p = NULL;
	*len = 0;
}

/**
 * ike_sa_free() - unlink and free an IKE SA (children must be gone)
 * @sa: the SA
 */
void ike_sa_free(struct ike_sa *sa)
{
	struct ked *d = sa->d;

	if (sa->pprev) {
		*sa->pprev = sa->next;
		if (sa->next)
			sa->next->pprev = sa->pprev;
		d->tab.n_sas--;
	}
	spi_remove(&d->tab, sa);
	peer_remove(&d->tab, sa);
	timer_cancel(&d->timers, &sa->timer);
	sa->state = IKE_S_DEAD;
	ra_children_changed(sa, NULL);	/* its LNS tunnels, if any left, go */
	while (sa->children) {
		struct child_sa *c = sa->children;

		sa->children = c->next;
		child_free(c);
	}
	if (sa->half_open)
		d->n_half_open--;
	if (sa->ver && sa->ver_free)
		sa->ver_free(sa->ver);
	ike_dh_free(sa->dh);
	ike_dh_free(sa->x_dh);
	ike_sa_keys_wipe(&sa->keys);
	wipe_free(&sa->init_req, &sa->init_req_len);
	wipe_free(&sa->init_resp, &sa->init_resp_len);
	wipe_free(&sa->req, &sa->req_len);
	wipe_free(&sa->resp, &sa->resp_len);
	ike_wipe(sa, sizeof(*sa));
	free(sa);
}

/**
 * ike_sa_find() - an IKE SA by both SPIs
 * @d: the daemon
 * @spi_i: initiator SPI
 * @spi_r: responder SPI
 *
 * One of them is ours: the chains of both are looked at.
 *
 * Return: the SA or NULL (dead SAs are not found).
 */
struct ike_sa *ike_sa_find(struct ked *d, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	struct ike_sa_table *t = &d->tab;
	struct ike_sa *sa;

	for (sa = t->by_spi[ike_sa_table_bucket(t, spi_key(spi_i), t->sa_buckets)]; sa;
	     sa = sa->h_spi_next) {
		t->probes++;
		if (sa->initiator && sa->state != IKE_S_DEAD && !memcmp(sa->spi_i, spi_i, 8) &&
		    !memcmp(sa->spi_r, spi_r, 8))
			return sa;
	}
	for (sa = t->by_spi[ike_sa_table_bucket(t, spi_key(spi_r), t->sa_buckets)]; sa;
	     sa = sa->h_spi_next) {
		t->probes++;
		if (!sa->initiator && sa->state != IKE_S_DEAD && !memcmp(sa->spi_i, spi_i, 8) &&
		    !memcmp(sa->spi_r, spi_r, 8))
			return sa;
	}
	return NULL;
}

/**
 * ike_sa_find_init() - our SA waiting for an IKE_SA_INIT response
 * @d: the daemon
 * @spi_i: our SPI
 *
 * Return: the SA (initiator, INIT_SENT) or NULL.
 */
struct ike_sa *ike_sa_find_init(struct ked *d, const uint8_t spi_i[8])
{
	struct ike_sa_table *t = &d->tab;

	for (struct ike_sa *sa = t->by_spi[ike_sa_table_bucket(t, spi_key(spi_i),
								t->sa_buckets)];
	     sa; sa = sa->h_spi_next) {
		t->probes++;
		if (sa->initiator && sa->state == IKE_S_INIT_SENT &&
		    !memcmp(sa->spi_i, spi_i, 8))
			return sa;
	}
	return NULL;
}

/**
 * ike_sa_find_half() - a responder SA by the initiator's SPI and address
 * @d: the daemon
 * @spi_i: initiator SPI
 * @from: initiator address
 *
 * Return: the SA or NULL.
 */
struct ike_sa *ike_sa_find_half(struct ked *d, const uint8_t spi_i[8],
				const struct sockaddr_in *from)
{
	struct ike_sa_table *t = &d->tab;

	for (struct ike_sa *sa = t->by_peer[ike_sa_table_bucket(t, peer_key(spi_i, from),
								 t->sa_buckets)];
	     sa; sa = sa->h_peer_next) {
		t->probes++;
		if (sa->state != IKE_S_DEAD && !sa->initiator &&
		    !memcmp(sa->spi_i, spi_i, 8) &&
		    sa->remote.sin_addr.s_addr == from->sin_addr.s_addr)
			return sa;
	}
	return NULL;
}

/**
 * ike_sa_successor() - the IKE SA that replaced sa
 * @sa: an SA
 *
 * Return: the live SA that a rekey of sa created (looked up by its SPIs),
 * or NULL (not rekeyed, or the successor is gone).
 */
struct ike_sa *ike_sa_successor(struct ike_sa *sa)
{
	if (!sa->rekeyed)
		return NULL;
	return ike_sa_find(sa->d, sa->rekeyed_by_spi_i, sa->rekeyed_by_spi_r);
}

static bool replaced_by(const struct ike_sa *old, const struct ike_sa *n)
{
	return old->rekeyed && !memcmp(old->rekeyed_by_spi_i, n->spi_i, 8) &&
	       !memcmp(old->rekeyed_by_spi_r, n->spi_r, 8);
}

/**
 * ike_sa_related() - are a and b one IKE SA, or did one replace the other?
 * @a: an SA
 * @b: an SA
 *
 * An exchange that ran on a may concern children that an IKE rekey moved
 * to its successor (or the other way round).
 *
 * Return: true if so.
 */
bool ike_sa_related(const struct ike_sa *a, const struct ike_sa *b)
{
	return a == b || replaced_by(a, b) || replaced_by(b, a);
}

/**
 * ike_sa_kill() - end an IKE SA now: children out of the kernel, L2TP down
 * @sa: the SA
 * @why: for the log
 *
 * The SA is freed by the next ked_tick().
 */
void ike_sa_kill(struct ike_sa *sa, const char *why)
{
	if (sa->state == IKE_S_DEAD)
		return;
	/* one line per disconnect, with the peer's identity and the reason */
	sa_log(sa, sa->state == IKE_S_ESTABLISHED ? LOG_NOTICE : LOG_INFO,
	       "IKE SA %s (%s)%s%s", sa->state == IKE_S_ESTABLISHED ||
	       sa->state == IKE_S_DELETING ? "deleted" : "failed", why,
	       sa->peer_id[0] ? ", peer " : "", sa->peer_id);
	while (sa->children)
		child_destroy(sa->children);
	if (sa->l2tp_up && sa->conn && sa->conn->l2tp.set) {
		sa->d->ops->l2tp_del(sa->d, sa->conn->l2tp.tunnel_id);
		sa->l2tp_up = false;
	}
	if (sa->half_open) {
		sa->half_open = false;
		sa->d->n_half_open--;
	}
	sa->req_kind = REQ_NONE;
	sa->n_del_q = 0;
	sa->delete_queued = false;
	sa->state = IKE_S_DEAD;
	sa->conn = NULL;
	ike_sa_reschedule(sa);
}

/* --- deadlines --- */

/**
 * ike_dpd_poll_ms() - how often the ESP counters are read for liveness
 * @dpd_ms: the dpd interval
 *
 * Return: dpd / 4, at least 1 s (or dpd if shorter).
 */
uint64_t ike_dpd_poll_ms(uint64_t dpd_ms)
{
	uint64_t q = dpd_ms / 4;

	if (q >= 1000)
		return q;
	return dpd_ms < 1000 ? dpd_ms : 1000;
}

/* t (0 = none) if earlier than what *at has */
static void soonest(uint64_t *at, bool *any, uint64_t t)
{
	if (t && (!*any || t < *at)) {
		*at = t;
		*any = true;
	}
}

static void established_deadlines(const struct ike_sa *sa, uint64_t *at, bool *any)
{
	const struct conf_conn *conn = sa->conn;
	uint64_t dpd_ms;

	if (sa->req_kind == REQ_NONE && sa->n_del_q)
		soonest(at, any, 1);	/* a queued delete goes out at once */
	for (const struct child_sa *c = sa->children; c; c = c->next) {
		soonest(at, any, c->expire_ms);
		if (c->state == CHILD_ACTIVE)
			soonest(at, any, c->rekey_ms);
	}
	if (!conn)
		return;
	dpd_ms = (uint64_t)conn->dpd * 1000;
	soonest(at, any, sa->rekey_ms);
	if (conn->dpd && !sa->dpd_off) {
		soonest(at, any, sa->last_rx_ms + dpd_ms);
		soonest(at, any, sa->esp_poll_ms + ike_dpd_poll_ms(dpd_ms));
	}
	if (sa->natt && sa->nat_local && conn->keepalive)
		soonest(at, any, sa->last_tx_ms + (uint64_t)conn->keepalive * 1000);
}

/**
 * ike_sa_next_deadline() - the earliest deadline of an IKE SA
 * @sa: the SA
 * @at: set to it
 *
 * The same deadlines ikev2_sa_tick() acts on: the outstanding request's
 * retransmission or give-up, the half-open or rekeyed timeout, and for an
 * established SA its children's expiry and rekey, its own rekey, the
 * liveness checks and NAT keepalives. A dead SA is due at once (freed).
 *
 * Return: true with *at, or false if the SA has no deadline.
 */
bool ike_sa_next_deadline(const struct ike_sa *sa, uint64_t *at)
{
	bool any = false;

	*at = 0;
	if (sa->state == IKE_S_DEAD)
		return true;
	if (sa->req_kind != REQ_NONE)
		soonest(at, &any, sa->req_retx_ms < sa->req_deadline_ms ? sa->req_retx_ms :
			sa->req_deadline_ms);
	soonest(at, &any, sa->ver_deadline_ms);
	switch (sa->state) {
	case IKE_S_INIT_DONE:
	case IKE_S_REKEYED:
		/* due when reached, even at 0 */
		if (!any || sa->halfopen_deadline_ms < *at)
			*at = sa->halfopen_deadline_ms;
		any = true;
		break;
	case IKE_S_ESTABLISHED:
		established_deadlines(sa, at, &any);
		break;
	default:
		break;
	}
	return any;
}

/**
 * ike_sa_reschedule() - move the SA's timer to its earliest deadline
 * @sa: the SA
 */
void ike_sa_reschedule(struct ike_sa *sa)
{
	uint64_t at;

	if (ike_sa_next_deadline(sa, &at))
		timer_set(&sa->d->timers, &sa->timer, at);
	else
		timer_cancel(&sa->d->timers, &sa->timer);
}
