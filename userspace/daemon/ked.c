// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's driver: set-up, timers (the heap of IKE SA deadlines,
 * cookie secret rotation, initiation of connections), the module's expiry
 * events, configuration reload, shutdown.
 */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev2_exch.h"
#include "ikev2_timers.h"
#include "ked.h"
#include "remote.h"
#include "x509.h"

#define INIT_INTERVAL_MS 10000
#define COOKIE_ROTATE_MS (300 * 1000)

static int conn_index(const struct conf *c, const struct conf_conn *conn)
{
	if (!conn || conn < c->conns || conn >= c->conns + c->n_conns)
		return -1;
	return (int)(conn - c->conns);
}

/**
 * ked_cred() - our credentials for a certificate connection
 * @d: the daemon
 * @conn: the connection
 *
 * Return: the loaded credentials, or NULL.
 */
struct ike_cred *ked_cred(struct ked *d, const struct conf_conn *conn)
{
	int i = conn_index(d->conf, conn);

	return i < 0 || !d->creds ? NULL : d->creds[i];
}

/**
 * ked_conn_for() - the connection for a peer at remote, reached on local
 * @d: the daemon
 * @local: our address the request arrived on
 * @remote: the peer
 *
 * Return: the first connection whose addresses match (a "remote any"
 * connection matches every peer), or NULL.
 */
const struct conf_conn *ked_conn_for(struct ked *d, const struct sockaddr_in *local,
				     const struct sockaddr_in *remote)
{
	const struct conf_conn *any = NULL;

	for (unsigned int i = 0; i < d->conf->n_conns; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if (c->local.s_addr != local->sin_addr.s_addr)
			continue;
		if (!c->remote_any && c->remote.s_addr == remote->sin_addr.s_addr)
			return c;
		if (c->remote_any && !any)
			any = c;
	}
	return any;
}

static void free_creds(struct ked *d)
{
	if (d->creds && d->conf) {
		for (unsigned int i = 0; i < d->conf->n_conns; i++)
			ike_cred_free(d->creds[i]);
	}
	free(d->creds);
	d->creds = NULL;
	ike_trust_free(d->trust);
	d->trust = NULL;
}

/* Trust store and per-connection credentials of conf. */
static int load_creds(struct ked *d, struct conf *conf, struct ike_trust **trust,
		      struct ike_cred ***creds, char *err, size_t errlen)
{
	const char *ca[16], *crl[16];

	*trust = NULL;
	*creds = calloc(conf->n_conns ? conf->n_conns : 1, sizeof(**creds));
	if (!*creds) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	(void)d;
	for (unsigned int i = 0; i < conf->n_ca; i++)
		ca[i] = conf->ca[i];
	for (unsigned int i = 0; i < conf->n_crl; i++)
		crl[i] = conf->crl[i];
	if (conf->n_ca) {
		*trust = ike_trust_load(ca, conf->n_ca, crl, conf->n_crl, err, errlen);
		if (!*trust)
			goto fail;
	}
	for (unsigned int i = 0; i < conf->n_conns; i++) {
		const struct conf_conn *c = &conf->conns[i];
		char e[400];

		if (c->auth != CONF_AUTH_CERT)
			continue;
		(*creds)[i] = ike_cred_load(c->cert, c->key, e, sizeof(e));
		if (!(*creds)[i]) {
			snprintf(err, errlen, "%s:%d: conn %s: %s", c->file, c->line, c->name, e);
			goto fail;
		}
		if (!conf->n_ca) {
			snprintf(err, errlen, "%s:%d: conn %s: auth cert needs a 'ca' file",
				 c->file, c->line, c->name);
			goto fail;
		}
		if (c->version == 1 && !EVP_PKEY_is_a(ike_cred_key((*creds)[i]), "RSA")) {
			snprintf(err, errlen, "%s:%d: conn %s: IKEv1 signatures need an RSA key "
				 "(%s has another kind)", c->file, c->line, c->name, c->key);
			goto fail;
		}
	}
	return 0;
fail:
	for (unsigned int i = 0; i < conf->n_conns; i++)
		ike_cred_free((*creds)[i]);
	free(*creds);
	*creds = NULL;
	ike_trust_free(*trust);
	*trust = NULL;
	return -1;
}

/**
 * ked_init() - set up a daemon on a configuration
 * @d: zeroed daemon state
 * @ops: side effects
 * @priv: for ops
 * @conf: the configuration (the daemon takes it over)
 * @err: message on failure
 * @errlen: its size
 *
 * Return: 0, or -1 with err set.
 */
int ked_init(struct ked *d, const struct ked_ops *ops, void *priv, struct conf *conf,
	     char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->priv = priv;
	d->conf = conf;
	timer_heap_init(&d->timers);
	if (ike_sa_table_init(&d->tab)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (ike_random(d->cookie_secret, sizeof(d->cookie_secret)) ||
	    ike_random(d->cookie_secret_old, sizeof(d->cookie_secret_old))) {
		snprintf(err, errlen, "no randomness");
		goto fail;
	}
	d->cookie_rotate_ms = ked_now(d) + COOKIE_ROTATE_MS;
	if (load_creds(d, conf, &d->trust, &d->creds, err, errlen))
		goto fail;
	d->conn_next_init = calloc(conf->n_conns ? conf->n_conns : 1, sizeof(uint64_t));
	if (!d->conn_next_init) {
		free_creds(d);
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (ra_init(d, err, errlen)) {
		free(d->conn_next_init);
		d->conn_next_init = NULL;
		free_creds(d);
		goto fail;
	}
	return 0;
fail:
	ike_sa_table_free(&d->tab);
	return -1;
}

/* Delete an IKE SA, telling the peer, in its IKE version. */
static void ked_goodbye(struct ike_sa *sa, const char *why)
{
	if (sa->version == 1)
		ikev1_goodbye(sa, why);
	else
		ike_sa_goodbye(sa, why);
}

static bool conn_has_sa(const struct ked *d, const struct conf_conn *conn)
{
	for (const struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->state != IKE_S_DEAD && sa->conn == conn && sa->state != IKE_S_REKEYED &&
		    sa->state != IKE_S_DELETING)
			return true;
	return false;
}

static void next_at(uint64_t *next, uint64_t t)
{
	if (t && t < *next)
		*next = t;
}

/**
 * ked_tick() - run what is due
 * @d: the daemon
 *
 * Dead IKE SAs are freed; the cookie secret rotates; connections that
 * should be up are initiated; every IKE SA whose timer is due (the heap's
 * top, not a walk over all of them) acts on its deadlines once and is
 * rescheduled.
 *
 * Return: milliseconds until something is due next (at most 1000).
 */
int ked_tick(struct ked *d)
{
	uint64_t now = ked_now(d), next = now + 1000;
	struct ike_sa *due = NULL, **tail = &due, *sa;
	struct timer *t;

	/* this tick's batch: each due SA acts once, even if due again at once */
	while ((t = timer_pop_due(&d->timers, now))) {
		sa = timer_entry(t, struct ike_sa, timer);
		sa->due_next = NULL;
		*tail = sa;
		tail = &sa->due_next;
	}
	for (struct ike_sa **pp = &due; *pp;) {
		sa = *pp;
		if (sa->state == IKE_S_DEAD) {
			*pp = sa->due_next;
			ike_sa_free(sa);
			continue;
		}
		pp = &sa->due_next;
	}
	if (now >= d->cookie_rotate_ms) {
		memcpy(d->cookie_secret_old, d->cookie_secret, sizeof(d->cookie_secret));
		ike_random(d->cookie_secret, sizeof(d->cookie_secret));
		d->cookie_version++;
		d->cookie_rotate_ms = now + COOKIE_ROTATE_MS;
	}
	for (unsigned int i = 0; i < d->conf->n_conns && !d->stopping; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if (c->start != CONF_START_INITIATE || conn_has_sa(d, c))
			continue;
		if (now >= d->conn_next_init[i]) {
			d->conn_next_init[i] = now + INIT_INTERVAL_MS;
			if (c->version == 1 && c->aggressive)
				ikev1_aggr_start(d, c);
			else if (c->version == 1)
				ikev1_main_start(d, c);
			else
				exch_init_start(d, c);
		}
		next_at(&next, d->conn_next_init[i]);
	}
	while (due) {
		sa = due;
		due = sa->due_next;
		sa->due_next = NULL;
		if (sa->state != IKE_S_DEAD && sa->version == 1)
			ikev1_sa_tick(sa, now);
		else if (sa->state != IKE_S_DEAD)
			ikev2_sa_tick(sa, now);
		ike_sa_reschedule(sa);
	}
	if (d->ra) {
		uint64_t ra_at;

		ra_tick(d, ked_now(d));
		ra_at = ra_next_timeout(d);
		if (ra_at < next)
			next = ra_at;
	}
	t = timer_first(&d->timers);
	if (t && t->at < next)
		next = t->at;	/* a dead SA is due at once: freed soon */
	now = ked_now(d);
	return next <= now ? 0 : (int)(next - now > 1000 ? 1000 : next - now);
}

/**
 * ked_expire() - the module reports that an SA reached a lifetime limit
 * @d: the daemon
 * @spi: the SA's SPI
 * @dir: its direction
 * @hard: hard limit (the SA no longer works) or soft (time to rekey)
 */
void ked_expire(struct ked *d, uint32_t spi, uint8_t dir, bool hard)
{
	struct ike_sa *sa;
	struct child_sa *c = child_find_any(d, spi, dir, &sa);

	if (!c) {
		logx(LOG_DEBUG, "expiry of SA %08x that is not ours", spi);
		return;
	}
	sa_log(sa, hard ? LOG_NOTICE : LOG_INFO, "%s limit of child SA %08x/%08x reached",
	       hard ? "hard" : "soft", c->spi_in, c->spi_out);
	if (sa->version == 1) {
		ikev1_child_expired(c, hard);
		ike_sa_reschedule(sa);
		return;
	}
	if (c->state != CHILD_ACTIVE || sa->state != IKE_S_ESTABLISHED)
		return;
	if (sa->req_kind != REQ_NONE || exch_child_rekey_start(c))
		c->rekey_ms = ked_now(d);	/* as soon as the SA is free */
	ike_sa_reschedule(sa);
}

/**
 * ked_mapping() - the module saw the peer of an SA at a new address/port
 * @d: the daemon
 * @spi: the inbound SA the authentic packet came through
 * @dir: its direction
 * @peer: the packet's source address and port
 *
 * The peer's NAT mapping changed (a client that sends no DPD may never
 * send an IKE message from there): its IKE SA, every child of it (both
 * directions) and the connection's L2TP tunnel move (ike_sa_move()).
 */
void ked_mapping(struct ked *d, uint32_t spi, uint8_t dir, const struct sockaddr_in *peer)
{
	struct ike_sa *sa;
	struct child_sa *c = child_find_any(d, spi, dir, &sa);

	if (!c) {
		logx(LOG_DEBUG, "NAT mapping change of SA %08x that is not ours", spi);
		return;
	}
	if (sa->state == IKE_S_DEAD || !c->encap)
		return;
	ike_sa_move(sa, peer, "NAT mapping changed");
	ike_sa_reschedule(sa);
}

/**
 * ked_reload() - apply a new configuration
 * @d: the daemon
 * @conf: the new configuration (taken over on success)
 * @err: message on failure (the old configuration stays)
 * @errlen: its size
 *
 * IKE SAs of connections that are unchanged stay; the others are deleted
 * (and re-initiated if the new configuration says so).
 *
 * Return: 0 or -1.
 */
int ked_reload(struct ked *d, struct conf *conf, char *err, size_t errlen)
{
	struct ike_trust *trust;
	struct ike_cred **creds;
	uint64_t *next_init;
	struct conf *old = d->conf;
	unsigned int kept = 0, gone = 0;

	if (load_creds(d, conf, &trust, &creds, err, errlen))
		return -1;
	next_init = calloc(conf->n_conns ? conf->n_conns : 1, sizeof(uint64_t));
	if (!next_init) {
		for (unsigned int i = 0; i < conf->n_conns; i++)
			ike_cred_free(creds[i]);
		free(creds);
		ike_trust_free(trust);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* nothing can fail from here on: the new configuration applies whole */
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next) {
		const struct conf_conn *nc = NULL;

		if (sa->state == IKE_S_DEAD)
			continue;
		if (sa->conn)
			nc = conf_find(conf, sa->conn->name);
		if (nc && conf_conn_same(sa->conn, nc)) {
			sa->conn = nc;
			ike_sa_reschedule(sa);
			kept++;
			continue;
		}
		gone++;
		if (sa->conn)
			ked_goodbye(sa, "connection changed or removed by reload");
		else
			ike_sa_kill(sa, "reload");
	}
	free_creds(d);
	d->conf = conf;
	d->trust = trust;
	d->creds = creds;
	free(d->conn_next_init);
	d->conn_next_init = next_init;
	conf_free(old);
	free(old);
	if (d->ra && conf->lns.set) {
		char rerr[512];

		if (ra_reload(d, rerr, sizeof(rerr)))
			logx(LOG_ERR, "lns: the users file stays as it was: %s", rerr);
	} else if (d->ra || conf->lns.set) {
		logx(LOG_WARNING, "lns: adding or removing the lns block takes a restart");
	}
	logx(LOG_NOTICE, "configuration reloaded: %u IKE SAs kept, %u closed", kept, gone);
	return 0;
}

/**
 * ked_shutdown() - delete every IKE SA and remove what we installed
 * @d: the daemon
 */
void ked_shutdown(struct ked *d)
{
	d->stopping = true;
	ra_stop(d);
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		ked_goodbye(sa, "shutting down");
	ked_tick(d);
}

/**
 * ked_free() - free everything (after ked_shutdown)
 * @d: the daemon
 */
void ked_free(struct ked *d)
{
	ra_free(d);
	while (d->sas) {
		struct ike_sa *sa = d->sas;

		ike_sa_kill(sa, "exit");
		ike_sa_free(sa);
	}
	free_creds(d);
	free(d->conn_next_init);
	d->conn_next_init = NULL;
	timer_heap_free(&d->timers);
	ike_sa_table_free(&d->tab);
	ike_wipe(d->cookie_secret, sizeof(d->cookie_secret));
	ike_wipe(d->cookie_secret_old, sizeof(d->cookie_secret_old));
}
