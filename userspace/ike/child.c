// SPDX-License-Identifier: GPL-2.0
/*
 * Child SAs: keying material (RFC 7296 2.17), installation of both ESP
 * directions into the module, lifetimes, and the L2TP pseudowire that
 * rides on them (one tunnel + session per connection, pointed at the
 * newest child SA when one is rekeyed: make before break). The tunnel is
 * bound to the inbound SAs of the connection's children (the module then
 * drops L2TP for it that came through any other SA, e.g. that of another
 * peer behind the same NAT), the newest first. Every child is indexed by
 * its SPIs (d->tab.child_in, child_out) for the module's expiry events
 * and SPI allocation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "alg.h"
#include "child.h"
#include "remote.h"
#include "ike_sa.h"
#include "ked.h"
#include "l2tpsec.h"
#include "proposal.h"

static void grow(struct ked *d);

/**
 * child_new() - a child SA of an IKE SA, not installed yet
 * @sa: the IKE SA
 *
 * Return: the child (linked first), or NULL.
 */
struct child_sa *child_new(struct ike_sa *sa)
{
	struct child_sa *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ike = sa;
	c->state = CHILD_ACTIVE;
	c->serial = ++sa->d->next_serial;
	c->next = sa->children;
	sa->children = c;
	if (++sa->d->tab.n_children > sa->d->tab.child_buckets)
		grow(sa->d);
	return c;
}

/**
 * child_free() - free a child (already unlinked, out of the kernel)
 * @c: the child
 */
void child_free(struct child_sa *c)
{
	child_set_spis(c, 0, 0);
	c->ike->d->tab.n_children--;
	ike_wipe(c, sizeof(*c));
	free(c);
}

static struct child_sa **chain(struct ike_sa_table *t, bool in, uint32_t spi)
{
	return &(in ? t->child_in : t->child_out)[ike_sa_table_bucket(t, spi,
								       t->child_buckets)];
}

static void index_add(struct ike_sa_table *t, struct child_sa *c)
{
	struct child_sa **b;

	if (c->spi_in) {
		b = chain(t, true, c->spi_in);
		c->h_in_next = *b;
		*b = c;
		c->in_by_in = true;
	}
	if (c->spi_out) {
		b = chain(t, false, c->spi_out);
		c->h_out_next = *b;
		*b = c;
		c->in_by_out = true;
	}
}

static void index_del(struct ike_sa_table *t, struct child_sa *c)
{
	struct child_sa **pp;

	if (c->in_by_in) {
		for (pp = chain(t, true, c->spi_in); *pp; pp = &(*pp)->h_in_next) {
			if (*pp == c) {
				*pp = c->h_in_next;
				break;
			}
		}
	}
	if (c->in_by_out) {
		for (pp = chain(t, false, c->spi_out); *pp; pp = &(*pp)->h_out_next) {
			if (*pp == c) {
				*pp = c->h_out_next;
				break;
			}
		}
	}
	c->h_in_next = c->h_out_next = NULL;
	c->in_by_in = c->in_by_out = false;
}

/* Double the buckets (nothing happens without memory: longer chains). */
static void grow(struct ked *d)
{
	struct ike_sa_table *t = &d->tab;
	unsigned int n = t->child_buckets * 2;
	struct child_sa **in = calloc(n, sizeof(*in)), **out = calloc(n, sizeof(*out));

	if (!in || !out) {
		free(in);
		free(out);
		return;
	}
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		for (struct child_sa *c = sa->children; c; c = c->next)
			index_del(t, c);
	free(t->child_in);
	free(t->child_out);
	t->child_in = in;
	t->child_out = out;
	t->child_buckets = n;
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		for (struct child_sa *c = sa->children; c; c = c->next)
			index_add(t, c);
}

/**
 * child_set_spis() - set the SPIs of a child, indexed by them
 * @c: the child
 * @spi_in: ours (0: not known)
 * @spi_out: the peer's (0: not known)
 */
void child_set_spis(struct child_sa *c, uint32_t spi_in, uint32_t spi_out)
{
	struct ike_sa_table *t = &c->ike->d->tab;

	index_del(t, c);
	c->spi_in = spi_in;
	c->spi_out = spi_out;
	index_add(t, c);
}

static void unlink_child(struct child_sa *c)
{
	for (struct child_sa **pp = &c->ike->children; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			return;
		}
	}
}

/**
 * child_destroy() - remove both directions from the kernel, unlink, free
 * @c: the child
 *
 * If the L2TP tunnel sends with it, the tunnel moves to another active
 * child of the connection, or is taken down.
 */
void child_destroy(struct child_sa *c)
{
	struct ked *d = c->ike->d;
	bool installed = c->in_installed || c->out_installed;

	if (installed)
		ra_children_changed(c->ike, c);
	child_remove_out(c);
	if (c->in_installed)
		d->ops->sa_del(d, c->spi_in, L2TPSEC_DIR_IN);
	if (installed)
		sa_log(c->ike, LOG_INFO, "child SA %08x/%08x removed", c->spi_in, c->spi_out);
	unlink_child(c);
	child_free(c);
}

/**
 * child_find_in() - a child by our inbound SPI
 * @sa: the IKE SA
 * @spi_in: the SPI
 *
 * Return: the child or NULL.
 */
struct child_sa *child_find_in(struct ike_sa *sa, uint32_t spi_in)
{
	for (struct child_sa *c = sa->children; c; c = c->next)
		if (c->spi_in == spi_in)
			return c;
	return NULL;
}

/**
 * child_find_out() - a child by the peer's SPI (our outbound SA)
 * @sa: the IKE SA
 * @spi_out: the SPI
 *
 * Return: the child or NULL.
 */
struct child_sa *child_find_out(struct ike_sa *sa, uint32_t spi_out)
{
	for (struct child_sa *c = sa->children; c; c = c->next)
		if (c->spi_out == spi_out)
			return c;
	return NULL;
}

/**
 * child_find_any() - a child of any live IKE SA by SPI and direction
 * @d: the daemon
 * @spi: the SPI
 * @dir: L2TPSEC_DIR_IN or _OUT
 * @owner: its IKE SA
 *
 * Return: the child or NULL.
 */
struct child_sa *child_find_any(struct ked *d, uint32_t spi, uint8_t dir, struct ike_sa **owner)
{
	struct ike_sa_table *t = &d->tab;
	bool in = dir == L2TPSEC_DIR_IN;

	for (struct child_sa *c = *chain(t, in, spi); c; c = in ? c->h_in_next : c->h_out_next) {
		t->probes++;
		if ((in ? c->spi_in : c->spi_out) == spi && c->ike->state != IKE_S_DEAD) {
			*owner = c->ike;
			return c;
		}
	}
	return NULL;
}

/**
 * child_find_own() - a child of sa (or of an SA sa replaced or was replaced by)
 * @sa: the IKE SA an exchange about the child ran on
 * @spi: the SPI
 * @dir: L2TPSEC_DIR_IN (ours) or _OUT (the peer's)
 *
 * How an exchange finds its child again when the answer comes: it may
 * have been deleted meanwhile, or moved to a new IKE SA by a rekey; a
 * child of another IKE SA (another peer) is never found.
 *
 * Return: the child (its IKE SA in c->ike) or NULL.
 */
struct child_sa *child_find_own(struct ike_sa *sa, uint32_t spi, uint8_t dir)
{
	struct ike_sa *owner;
	struct child_sa *c = spi ? child_find_any(sa->d, spi, dir, &owner) : NULL;

	return c && ike_sa_related(sa, owner) ? c : NULL;
}

/**
 * child_alloc_spi() - a fresh inbound SPI
 * @d: the daemon
 *
 * Return: a random SPI >= 256 that none of our children uses.
 */
uint32_t child_alloc_spi(struct ked *d)
{
	for (;;) {
		struct ike_sa *owner;
		uint32_t spi = 0;

		ike_random(&spi, sizeof(spi));
		if (spi >= 256 && !child_find_any(d, spi, L2TPSEC_DIR_IN, &owner))
			return spi;
	}
}

/**
 * child_kernel_alg() - the module algorithm for negotiated ESP transforms
 * @ch: the chosen transforms
 *
 * Return: enum l2tpsec_alg, or 0 if the module has no such algorithm.
 */
uint8_t child_kernel_alg(const struct ike_chosen *ch)
{
	switch (ch->encr) {
	case IKE_ENCR_AES_GCM_16:
		if (ch->integ)
			return 0;
		return ch->encr_bits == 128 ? L2TPSEC_ALG_AES_GCM_128 :
		       ch->encr_bits == 256 ? L2TPSEC_ALG_AES_GCM_256 : 0;
	case IKE_ENCR_CHACHA20_POLY1305:
		return ch->integ ? 0 : L2TPSEC_ALG_CHACHA20_POLY1305;
	case IKE_ENCR_AES_CBC:
		if (ch->integ == IKE_INTEG_HMAC_SHA1_96)
			return ch->encr_bits == 128 ? L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1 :
			       ch->encr_bits == 256 ? L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1 : 0;
		if (ch->integ == IKE_INTEG_HMAC_SHA2_256_128)
			return ch->encr_bits == 128 ? L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256 :
			       ch->encr_bits == 256 ? L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256 : 0;
		if (ch->integ == IKE_INTEG_HMAC_SHA2_256_96)
			return ch->encr_bits == 128 ? L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96 :
			       ch->encr_bits == 256 ? L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96 : 0;
		return 0;
	case IKE_ENCR_3DES:
		return ch->integ == IKE_INTEG_HMAC_SHA1_96 ? L2TPSEC_ALG_3DES_CBC_HMAC_SHA1 : 0;
	default:
		return 0;
	}
}

static void fill_kern(struct child_sa *c, struct kern_sa *k, uint8_t dir, const uint8_t *keys,
		      const struct alg_info *ai)
{
	const struct ike_sa *sa = c->ike;
	const struct conf_conn *conn = sa->conn;
	uint64_t margin = 100 + (conn->margin_pct ? conn->margin_pct : 10);

	memset(k, 0, sizeof(*k));
	k->dir = dir;
	k->spi = dir == L2TPSEC_DIR_IN ? c->spi_in : c->spi_out;
	k->local = sa->local.sin_addr;
	k->peer = sa->remote.sin_addr;
	k->alg = c->kalg;
	k->key_len = alg_enc_len(ai);
	memcpy(k->key, keys, k->key_len);
	k->auth_len = ai->auth_len;
	memcpy(k->auth_key, keys + k->key_len, k->auth_len);
	k->encap = c->encap;
	k->sport = c->lport;
	k->dport = c->rport;
	k->replay_window = conn->replay_window;
	k->esn = c->alg.esn;
	if (c->life_bytes) {
		/* negotiated (IKEv1): the peer rekeys at its limit, we hold on a bit longer */
		k->soft_bytes = c->no_rekey ? 0 : c->life_bytes;
		k->hard_bytes = c->life_bytes / 100 * margin;
	} else if (conn->lifebytes) {
		k->soft_bytes = conn->lifebytes;
		k->hard_bytes = conn->lifebytes / 100 * margin;
	}
	if (conn->lifepackets) {
		k->soft_packets = conn->lifepackets;
		k->hard_packets = conn->lifepackets / 100 * margin;
	}
	if (c->life_s || conn->lifetime)
		k->hard_seconds = (uint32_t)((uint64_t)(c->life_s ? c->life_s : conn->lifetime) *
					     margin / 100 + 30);
}

/**
 * child_prepare() - algorithm, encapsulation and ports of a child
 * @c: the child (alg set)
 *
 * Return: the key material of one direction (encryption + integrity key)
 * in bytes, or 0 (logged) if the module has no such algorithm.
 */
size_t child_prepare(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;
	const struct alg_info *ai;

	c->kalg = child_kernel_alg(&c->alg);
	ai = c->kalg ? alg_by_id(c->kalg) : NULL;
	if (!ai) {
		sa_log(sa, LOG_ERR, "negotiated ESP algorithm not supported by the module");
		return 0;
	}
	c->encap = sa->natt;
	c->lport = ntohs(sa->local.sin_port);
	c->rport = ntohs(sa->remote.sin_port);
	return alg_enc_len(ai) + ai->auth_len;
}

/**
 * child_install_dir() - install one direction of a child into the module
 * @c: the child (child_prepare() done, its SPIs set)
 * @dir: L2TPSEC_DIR_IN or L2TPSEC_DIR_OUT
 * @keys: that direction's encryption key followed by its integrity key
 *
 * Return: 0, or -1 (logged; child_destroy() removes what was installed).
 */
int child_install_dir(struct child_sa *c, uint8_t dir, const uint8_t *keys)
{
	struct ike_sa *sa = c->ike;
	struct ked *d = sa->d;
	const struct alg_info *ai = alg_by_id(c->kalg);
	struct kern_sa k;
	char err[256] = "";
	int rc;

	if (!ai)
		return -1;
	fill_kern(c, &k, dir, keys, ai);
	rc = d->ops->sa_add(d, &k, err, sizeof(err));
	ike_wipe(&k, sizeof(k));
	if (rc) {
		sa_log(sa, LOG_ERR, "cannot install child SA %08x/%08x (%s): %s", c->spi_in,
		       c->spi_out, dir == L2TPSEC_DIR_IN ? "in" : "out",
		       err[0] ? err : strerror(-rc));
		return -1;
	}
	if (dir == L2TPSEC_DIR_IN)
		c->in_installed = true;
	else
		c->out_installed = true;
	return 0;
}

/**
 * child_installed() - both directions of a child are in the module
 * @c: the child
 */
void child_installed(struct child_sa *c)
{
	char alg[160];

	child_set_lifetimes(c);
	c->state = CHILD_ACTIVE;
	proposal_chosen_str(&c->alg, alg, sizeof(alg));
	sa_log(c->ike, LOG_NOTICE, "child SA installed: in %08x out %08x, %s%s", c->spi_in,
	       c->spi_out, alg, c->encap ? ", UDP-encapsulated" : "");
	ra_children_changed(c->ike, NULL);
}

/**
 * child_install() - derive keys and install both directions
 * @c: the child (spi_in, spi_out and alg set)
 * @we_init: we initiated the exchange that created it (keymat order)
 * @gir: PFS secret of a CREATE_CHILD_SA, or NULL
 * @gir_len: its length
 * @ni: the exchange initiator's nonce
 * @ni_len: its length
 * @nr: the exchange responder's nonce
 * @nr_len: its length
 *
 * Return: 0, or -1 (logged; whatever was installed is removed by
 * child_destroy()).
 */
int child_install(struct child_sa *c, bool we_init, const uint8_t *gir, size_t gir_len,
		  const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	struct ike_sa *sa = c->ike;
	uint8_t keymat[2 * 2 * ALG_KEY_MAX];
	size_t per_dir = child_prepare(c);
	int rc;

	if (!per_dir)
		return -1;
	if (ike_derive_child_keymat(sa->alg.prf, sa->keys.sk_d, sa->keys.prf_len, gir, gir_len,
				    ni, ni_len, nr, nr_len, keymat, 2 * per_dir)) {
		sa_log(sa, LOG_ERR, "child key derivation failed");
		return -1;
	}
	/* first the initiator-to-responder SA, then the other way */
	rc = child_install_dir(c, L2TPSEC_DIR_IN, keymat + (we_init ? per_dir : 0));
	if (!rc)
		rc = child_install_dir(c, L2TPSEC_DIR_OUT, keymat + (we_init ? 0 : per_dir));
	ike_wipe(keymat, sizeof(keymat));
	if (rc)
		return -1;
	child_installed(c);
	return 0;
}

/**
 * child_set_lifetimes() - rekey and expiry times from the configuration
 * @c: the child
 */
void child_set_lifetimes(struct child_sa *c)
{
	const struct conf_conn *conn = c->ike->conn;
	uint64_t now = ked_now(c->ike->d);
	uint64_t life = (uint64_t)(c->life_s ? c->life_s : conn->lifetime) * 1000;
	uint32_t jitter = 0;

	c->created_ms = now;
	if (!life) {
		c->rekey_ms = c->expire_ms = 0;
		ike_sa_reschedule(c->ike);
		return;
	}
	ike_random(&jitter, sizeof(jitter));
	c->rekey_ms = c->no_rekey ? 0 : now + life - jitter % (life / 10 + 1);
	c->expire_ms = now + life * (100 + (conn->margin_pct ? conn->margin_pct : 10)) / 100;
	ike_sa_reschedule(c->ike);
}

static struct ike_sa *l2tp_owner(struct ked *d, const struct conf_conn *conn)
{
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->state != IKE_S_DEAD && sa->l2tp_up && sa->conn &&
		    !strcmp(sa->conn_name, conn->name))
			return sa;
	return NULL;
}

/*
 * The inbound SAs the connection's tunnel accepts: first's (if any), then
 * those of the other installed children of the connection, newest first,
 * leaving out skip (a child going away). Old SAs stay bound during a
 * rekey: the peer may still send with them until it deletes them.
 */
static unsigned int l2tp_sa_in(struct ked *d, const char *conn_name,
			       const struct child_sa *first,
			       const struct child_sa *skip, uint32_t *spis)
{
	unsigned int n = 0;

	if (first)
		spis[n++] = first->spi_in;
	while (n < KERN_SA_IN_MAX) {
		const struct child_sa *best = NULL;

		for (struct ike_sa *s = d->sas; s; s = s->next) {
			if (s->state == IKE_S_DEAD || !s->conn || strcmp(s->conn_name, conn_name))
				continue;
			for (struct child_sa *x = s->children; x; x = x->next) {
				bool taken = false;

				if (x == skip || !x->in_installed)
					continue;
				for (unsigned int i = 0; i < n; i++)
					taken |= spis[i] == x->spi_in;
				if (!taken && (!best || x->created_ms > best->created_ms))
					best = x;
			}
		}
		if (!best)
			break;
		spis[n++] = best->spi_in;
	}
	return n;
}

static void clear_out(struct ike_sa *sa)
{
	for (struct child_sa *x = sa->children; x; x = x->next)
		x->l2tp_out = false;
}

/**
 * child_is_l2tp_out() - does the connection's L2TP tunnel send with c?
 * @c: the child
 *
 * Return: true if so.
 */
bool child_is_l2tp_out(const struct child_sa *c)
{
	return c->l2tp_out;
}

/**
 * child_l2tp_attach() - bring the L2TP tunnel and session up over c
 * @c: an installed child
 *
 * If the connection's tunnel exists (an earlier child, or another IKE SA
 * of the same connection), it is pointed at c. Either way the tunnel is
 * bound to c's inbound SA and those of the connection's other children
 * (l2tp_sa_in()), in the same request.
 *
 * Return: 0, or -1 (logged).
 */
int child_l2tp_attach(struct child_sa *c)
{
	struct ike_sa *sa = c->ike, *owner;
	const struct conf_conn *conn = sa->conn;
	struct ked *d = sa->d;
	uint32_t in[KERN_SA_IN_MAX];
	unsigned int n_in;
	struct kern_l2tp l;
	char err[256] = "";
	int rc;

	if (!conn->l2tp.set || !c->out_installed || !c->in_installed)
		return 0;
	n_in = l2tp_sa_in(d, sa->conn_name, c, NULL, in);
	owner = l2tp_owner(d, conn);
	if (owner) {
		rc = d->ops->l2tp_set_sa(d, conn->l2tp.tunnel_id, c->spi_out, in, n_in);
		if (rc) {
			sa_log(sa, LOG_ERR, "cannot switch L2TP tunnel %u to SA %08x: %s",
			       conn->l2tp.tunnel_id, c->spi_out, strerror(-rc));
			return -1;
		}
		clear_out(owner);
		owner->l2tp_up = false;
		sa->l2tp_up = true;
		clear_out(sa);
		c->l2tp_out = true;
		sa_log(sa, LOG_INFO, "L2TP tunnel %u now sends with SA %08x", conn->l2tp.tunnel_id,
		       c->spi_out);
		return 0;
	}
	memset(&l, 0, sizeof(l));
	l.tunnel_id = conn->l2tp.tunnel_id;
	l.peer_tunnel_id = conn->l2tp.peer_tunnel_id;
	l.session_id = conn->l2tp.session_id;
	l.peer_session_id = conn->l2tp.peer_session_id;
	l.local = sa->local.sin_addr;
	l.peer = sa->remote.sin_addr;
	l.port = conn->l2tp.port ? conn->l2tp.port : 1701;
	l.sa_out = c->spi_out;
	memcpy(l.sa_in, in, n_in * sizeof(in[0]));
	l.n_sa_in = n_in;
	l.c = &conn->l2tp;
	rc = d->ops->l2tp_add(d, &l, err, sizeof(err));
	if (rc == -EEXIST) {
		/* left over (a previous run): take it over */
		d->ops->l2tp_del(d, l.tunnel_id);
		rc = d->ops->l2tp_add(d, &l, err, sizeof(err));
	}
	if (rc) {
		sa_log(sa, LOG_ERR, "cannot create L2TP tunnel %u: %s", l.tunnel_id,
		       err[0] ? err : strerror(-rc));
		return -1;
	}
	sa->l2tp_up = true;
	c->l2tp_out = true;
	sa_log(sa, LOG_NOTICE, "L2TPv3 pseudowire up: tunnel %u/%u session %u/%u%s%s",
	       l.tunnel_id, l.peer_tunnel_id, l.session_id, l.peer_session_id,
	       conn->l2tp.ifname[0] ? " on " : "", conn->l2tp.ifname);
	return 0;
}

/**
 * child_l2tp_bind() - let the connection's tunnel accept c's inbound SA
 * @c: a new installed child the tunnel does not send with
 *
 * A rekey we answer: the peer sends with the new child as soon as it has
 * our answer, before it deletes the old one (when our tunnel moves to the
 * new child). The tunnel keeps sending with its current child and is
 * bound to c's inbound SA as well as the connection's others.
 */
void child_l2tp_bind(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;
	const struct conf_conn *conn = sa->conn;
	struct ked *d = sa->d;
	const struct child_sa *out = NULL;
	uint32_t in[KERN_SA_IN_MAX];
	unsigned int n_in;

	if (!c->in_installed)
		return;
	ra_children_changed(sa, NULL);	/* the IKE SA's LNS tunnels accept it too */
	if (!conn || !conn->l2tp.set)
		return;
	for (struct ike_sa *s = d->sas; s && !out; s = s->next) {
		if (s->state == IKE_S_DEAD || !s->l2tp_up || !s->conn ||
		    strcmp(s->conn_name, sa->conn_name))
			continue;
		for (struct child_sa *x = s->children; x && !out; x = x->next)
			if (x->l2tp_out)
				out = x;
	}
	if (!out)
		return;		/* no tunnel yet: child_l2tp_attach() binds */
	n_in = l2tp_sa_in(d, sa->conn_name, c, NULL, in);
	if (d->ops->l2tp_set_sa(d, conn->l2tp.tunnel_id, out->spi_out, in, n_in))
		sa_log(sa, LOG_WARNING, "cannot bind L2TP tunnel %u to SA %08x",
		       conn->l2tp.tunnel_id, c->spi_in);
}

/**
 * child_l2tp_detach() - c goes away: move the tunnel or take it down
 * @c: the child the tunnel sends with
 */
void child_l2tp_detach(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;
	struct ked *d = sa->d;
	const struct conf_conn *conn = sa->conn;
	struct child_sa *best = NULL;
	struct ike_sa *best_sa = NULL;
	uint32_t in[KERN_SA_IN_MAX];
	unsigned int n_in;

	c->l2tp_out = false;
	if (!conn || !conn->l2tp.set || !sa->l2tp_up)
		return;
	for (struct ike_sa *s = d->sas; s; s = s->next) {
		if (s->state == IKE_S_DEAD || !s->conn || strcmp(s->conn_name, sa->conn_name))
			continue;
		for (struct child_sa *x = s->children; x; x = x->next) {
			if (x == c || !x->out_installed || !x->in_installed ||
			    x->state != CHILD_ACTIVE)
				continue;
			if (!best || x->created_ms > best->created_ms) {
				best = x;
				best_sa = s;
			}
		}
	}
	n_in = best ? l2tp_sa_in(d, sa->conn_name, best, c, in) : 0;
	if (best && !d->ops->l2tp_set_sa(d, conn->l2tp.tunnel_id, best->spi_out, in, n_in)) {
		sa->l2tp_up = false;
		best_sa->l2tp_up = true;
		clear_out(best_sa);
		best->l2tp_out = true;
		return;
	}
	d->ops->l2tp_del(d, conn->l2tp.tunnel_id);
	sa->l2tp_up = false;
	sa_log(sa, LOG_NOTICE, "L2TP tunnel %u down", conn->l2tp.tunnel_id);
}

/**
 * child_remove_out() - remove the outbound SA of c only (1.4.1: both ends
 * deleted it at once; the inbound one goes when our delete is answered)
 * @c: the child
 */
void child_remove_out(struct child_sa *c)
{
	struct ked *d = c->ike->d;

	if (c->l2tp_out)
		child_l2tp_detach(c);
	if (c->out_installed)
		d->ops->sa_del(d, c->spi_out, L2TPSEC_DIR_OUT);
	c->out_installed = false;
}

/**
 * child_move() - hand a child to another IKE SA
 * @c: the child
 * @to: its new IKE SA
 */
void child_move(struct child_sa *c, struct ike_sa *to)
{
	struct ike_sa *from = c->ike;

	if (from == to)
		return;
	unlink_child(c);
	c->ike = to;
	c->next = to->children;
	to->children = c;
	if (c->l2tp_out && from->l2tp_up) {
		from->l2tp_up = false;
		to->l2tp_up = true;
	}
	if (!from->children)	/* the LNS tunnels follow the last one */
		ra_owner_moved(from, to);
	ike_sa_reschedule(from);
	ike_sa_reschedule(to);
}

/**
 * child_move_all() - hand all children to a new IKE SA (IKE rekey)
 * @from: the old IKE SA
 * @to: the new one
 */
void child_move_all(struct ike_sa *from, struct ike_sa *to)
{
	while (from->children)
		child_move(from->children, to);
	if (from->l2tp_up) {
		from->l2tp_up = false;
		to->l2tp_up = true;
	}
	ike_sa_reschedule(from);
	ike_sa_reschedule(to);
}

/**
 * child_esp_activity() - did any child SA of sa receive packets since the last look?
 * @sa: the IKE SA
 *
 * Reads the module's inbound counters of each installed child (the
 * liveness of a peer that sends ESP).
 *
 * Return: true if one moved.
 */
bool child_esp_activity(struct ike_sa *sa)
{
	bool seen = false;

	for (struct child_sa *c = sa->children; c; c = c->next) {
		struct kern_sa_stats st;

		if (!c->in_installed ||
		    sa->d->ops->sa_stats(sa->d, c->spi_in, L2TPSEC_DIR_IN, &st))
			continue;
		if (st.packets != c->rx_seen)
			seen = true;
		c->rx_seen = st.packets;
	}
	return seen;
}
