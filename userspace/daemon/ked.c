// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's state machine driver: timers (retransmission, half-open
 * timeouts, rekeying, liveness checks, NAT keepalives, initiation), the
 * module's expiry events, configuration reload, shutdown, and the state
 * report for the control socket.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ked.h"
#include "json.h"
#include "l2tpsec.h"
#include "proposal.h"
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
	if (ike_random(d->cookie_secret, sizeof(d->cookie_secret)) ||
	    ike_random(d->cookie_secret_old, sizeof(d->cookie_secret_old))) {
		snprintf(err, errlen, "no randomness");
		return -1;
	}
	d->cookie_rotate_ms = ked_now(d) + COOKIE_ROTATE_MS;
	if (load_creds(d, conf, &d->trust, &d->creds, err, errlen))
		return -1;
	d->conn_next_init = calloc(conf->n_conns ? conf->n_conns : 1, sizeof(uint64_t));
	if (!d->conn_next_init) {
		free_creds(d);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
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

static void tick_children(struct ike_sa *sa, uint64_t now, uint64_t *next)
{
	struct child_sa *c, *cn;

	for (c = sa->children; c; c = cn) {
		cn = c->next;
		if (c->expire_ms && now >= c->expire_ms && c->state != CHILD_DELETING) {
			sa_log(sa, LOG_NOTICE, "child SA %08x/%08x expired", c->spi_in,
			       c->spi_out);
			exch_delete_child_start(c);
			continue;
		}
		next_at(next, c->expire_ms);
		if (c->state == CHILD_ACTIVE)
			next_at(next, c->rekey_ms);
	}
}

/* Did any child SA receive packets since we last looked? */
static bool esp_activity(struct ike_sa *sa)
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

/* How often the ESP counters are read for liveness: dpd / 4, >= 1 s. */
static uint64_t dpd_poll_ms(uint64_t dpd_ms)
{
	uint64_t q = dpd_ms / 4;

	if (q >= 1000)
		return q;
	return dpd_ms < 1000 ? dpd_ms : 1000;
}

static void tick_established(struct ike_sa *sa, uint64_t now, uint64_t *next)
{
	const struct conf_conn *conn = sa->conn;
	uint64_t dpd_ms = (uint64_t)conn->dpd * 1000;

	tick_children(sa, now, next);
	if (sa->state != IKE_S_ESTABLISHED)
		return;
	if (sa->req_kind == REQ_NONE) {
		struct child_sa *due = NULL;

		for (struct child_sa *c = sa->children; c; c = c->next)
			if (c->state == CHILD_ACTIVE && c->rekey_ms && now >= c->rekey_ms)
				due = c;
		if (sa->rekey_ms && now >= sa->rekey_ms) {
			if (exch_ike_rekey_start(sa))
				sa->rekey_ms = now + 10000;
		} else if (due) {
			if (exch_child_rekey_start(due))
				due->rekey_ms = now + 10000;
		} else if (conn->dpd && (now >= sa->last_rx_ms + dpd_ms ||
					 now >= sa->esp_poll_ms + dpd_poll_ms(dpd_ms))) {
			/*
			 * ESP from the peer counts as a sign of life, seen only
			 * when the counters are read: reading them every quarter
			 * of dpd keeps a liveness check at most dpd + dpd / 4
			 * after the peer's last packet
			 */
			if (esp_activity(sa))
				sa->last_rx_ms = now;
			sa->esp_poll_ms = now;
			if (now >= sa->last_rx_ms + dpd_ms)
				exch_dpd_start(sa);
		}
	}
	next_at(next, sa->rekey_ms);
	if (conn->dpd) {
		next_at(next, sa->last_rx_ms + dpd_ms);
		next_at(next, sa->esp_poll_ms + dpd_poll_ms(dpd_ms));
	}
	if (sa->natt && sa->nat_local && conn->keepalive) {
		uint64_t ka = sa->last_tx_ms + (uint64_t)conn->keepalive * 1000;

		if (now >= ka) {
			ike_sa_keepalive(sa);
			ka = now + (uint64_t)conn->keepalive * 1000;
		}
		next_at(next, ka);
	}
}

/**
 * ked_tick() - run what is due
 * @d: the daemon
 *
 * Return: milliseconds until something is due next (at most 1000).
 */
int ked_tick(struct ked *d)
{
	uint64_t now = ked_now(d), next = now + 1000;
	struct ike_sa **pp, *sa, *sn;

	for (pp = &d->sas; *pp;) {
		sa = *pp;
		if (sa->state == IKE_S_DEAD) {
			*pp = sa->next;
			sa->next = NULL;
			/* already unlinked: ike_sa_free finds nothing to unlink */
			ike_sa_free(sa);
			continue;
		}
		pp = &sa->next;
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
			exch_init_start(d, c);
		}
		next_at(&next, d->conn_next_init[i]);
	}
	for (sa = d->sas; sa; sa = sn) {
		sn = sa->next;
		ike_sa_retransmit(sa, now);
		if (sa->state == IKE_S_DEAD)
			continue;
		if (sa->req_kind != REQ_NONE)
			next_at(&next, sa->req_retx_ms < sa->req_deadline_ms ? sa->req_retx_ms :
				sa->req_deadline_ms);
		switch (sa->state) {
		case IKE_S_INIT_DONE:
			if (now >= sa->halfopen_deadline_ms)
				ike_sa_kill(sa, "half-open timeout");
			else
				next_at(&next, sa->halfopen_deadline_ms);
			break;
		case IKE_S_REKEYED:
			if (now >= sa->halfopen_deadline_ms) {
				sa->state = IKE_S_DELETING;
				ike_sa_kill(sa, "rekeyed, the peer never deleted it");
			} else {
				next_at(&next, sa->halfopen_deadline_ms);
			}
			break;
		case IKE_S_ESTABLISHED:
			tick_established(sa, now, &next);
			break;
		default:
			break;
		}
	}
	for (sa = d->sas; sa; sa = sa->next)
		if (sa->state == IKE_S_DEAD)
			next = now;	/* free it soon */
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
	if (c->state != CHILD_ACTIVE || sa->state != IKE_S_ESTABLISHED)
		return;
	if (sa->req_kind != REQ_NONE || exch_child_rekey_start(c))
		c->rekey_ms = ked_now(d);	/* as soon as the SA is free */
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
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next) {
		const struct conf_conn *nc = NULL;

		if (sa->state == IKE_S_DEAD)
			continue;
		if (sa->conn)
			nc = conf_find(conf, sa->conn->name);
		if (nc && conf_conn_same(sa->conn, nc)) {
			sa->conn = nc;
			kept++;
			continue;
		}
		gone++;
		if (sa->conn)
			ike_sa_goodbye(sa, "connection changed or removed by reload");
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
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		ike_sa_goodbye(sa, "shutting down");
	ked_tick(d);
}

/**
 * ked_free() - free everything (after ked_shutdown)
 * @d: the daemon
 */
void ked_free(struct ked *d)
{
	while (d->sas) {
		struct ike_sa *sa = d->sas;

		ike_sa_kill(sa, "exit");
		ike_sa_free(sa);
	}
	free_creds(d);
	free(d->conn_next_init);
	d->conn_next_init = NULL;
	ike_wipe(d->cookie_secret, sizeof(d->cookie_secret));
	ike_wipe(d->cookie_secret_old, sizeof(d->cookie_secret_old));
}

/* --- state report --- */

static void hex8(const uint8_t *p, char *out)
{
	static const char h[] = "0123456789abcdef";

	for (int i = 0; i < 8; i++) {
		out[2 * i] = h[p[i] >> 4];
		out[2 * i + 1] = h[p[i] & 15];
	}
	out[16] = '\0';
}

static void addr_str(const struct sockaddr_in *a, char *out, size_t cap)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
	snprintf(out, cap, "%s:%u", ip, ntohs(a->sin_port));
}

static int64_t secs_until(uint64_t t, uint64_t now)
{
	return t ? (int64_t)(t > now ? (t - now) / 1000 : 0) : -1;
}

static void show_child_text(struct ked *d, FILE *f, const struct child_sa *c, uint64_t now)
{
	static const char *const st[] = { "active", "rekeying", "rekeyed", "deleting" };
	struct kern_sa_stats in = { 0 }, out = { 0 };
	char alg[160];

	proposal_chosen_str(&c->alg, alg, sizeof(alg));
	if (c->in_installed)
		d->ops->sa_stats(d, c->spi_in, L2TPSEC_DIR_IN, &in);
	if (c->out_installed)
		d->ops->sa_stats(d, c->spi_out, L2TPSEC_DIR_OUT, &out);
	fprintf(f, "  child #%u %s: in %08x out %08x, %s%s%s, age %llus", c->serial,
		st[c->state], c->spi_in, c->spi_out, alg, c->encap ? ", UDP-encap" : "",
		c->l2tp_out ? ", L2TP" : "", (unsigned long long)((now - c->created_ms) / 1000));
	if (c->rekey_ms && c->state == CHILD_ACTIVE)
		fprintf(f, ", rekey in %llds", (long long)secs_until(c->rekey_ms, now));
	fprintf(f, "\n    in %llu packets %llu bytes, out %llu packets %llu bytes\n",
		(unsigned long long)in.packets, (unsigned long long)in.bytes,
		(unsigned long long)out.packets, (unsigned long long)out.bytes);
}

static void show_child_json(struct ked *d, struct json *j, const struct child_sa *c,
			    uint64_t now)
{
	static const char *const st[] = { "active", "rekeying", "rekeyed", "deleting" };
	struct kern_sa_stats in = { 0 }, out = { 0 };
	char alg[160], spi[16];

	proposal_chosen_str(&c->alg, alg, sizeof(alg));
	if (c->in_installed)
		d->ops->sa_stats(d, c->spi_in, L2TPSEC_DIR_IN, &in);
	if (c->out_installed)
		d->ops->sa_stats(d, c->spi_out, L2TPSEC_DIR_OUT, &out);
	json_obj_open(j);
	json_kv_u64(j, "serial", c->serial);
	json_kv_str(j, "state", st[c->state]);
	snprintf(spi, sizeof(spi), "%08x", c->spi_in);
	json_kv_str(j, "spi_in", spi);
	snprintf(spi, sizeof(spi), "%08x", c->spi_out);
	json_kv_str(j, "spi_out", spi);
	json_kv_str(j, "proposal", alg);
	json_kv_bool(j, "esn", c->alg.esn);
	json_kv_bool(j, "encap", c->encap);
	json_kv_bool(j, "l2tp", c->l2tp_out);
	json_kv_u64(j, "age", (now - c->created_ms) / 1000);
	if (c->rekey_ms && c->state == CHILD_ACTIVE)
		json_kv_u64(j, "rekey_in", (uint64_t)secs_until(c->rekey_ms, now));
	else
		json_kv_null(j, "rekey_in");
	json_key(j, "in");
	json_obj_open(j);
	json_kv_u64(j, "packets", in.packets);
	json_kv_u64(j, "bytes", in.bytes);
	json_obj_close(j);
	json_key(j, "out");
	json_obj_open(j);
	json_kv_u64(j, "packets", out.packets);
	json_kv_u64(j, "bytes", out.bytes);
	json_obj_close(j);
	json_obj_close(j);
}

/**
 * ked_show() - the state of all IKE SAs, as text or JSON
 * @d: the daemon
 * @f: where to write
 * @json: JSON instead of text
 */
void ked_show(struct ked *d, FILE *f, bool json)
{
	uint64_t now = ked_now(d);
	struct json j;
	char l[64], r[64], si[17], sr[17], alg[160];
	unsigned int n = 0;

	if (json) {
		json_init(&j, f);
		json_obj_open(&j);
		json_kv_u64(&j, "half_open", d->n_half_open);
		json_kv_u64(&j, "cookies_sent", d->stats_cookies_sent);
		json_kv_u64(&j, "half_open_rejected", d->stats_half_open_rejected);
		json_kv_u64(&j, "dropped", d->stats_dropped);
		json_key(&j, "ike_sas");
		json_arr_open(&j);
	}
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next) {
		if (sa->state == IKE_S_DEAD)
			continue;
		n++;
		addr_str(&sa->local, l, sizeof(l));
		addr_str(&sa->remote, r, sizeof(r));
		hex8(sa->spi_i, si);
		hex8(sa->spi_r, sr);
		proposal_chosen_str(&sa->alg, alg, sizeof(alg));
		if (!json) {
			fprintf(f, "%s[%u]: %s, %s %s <-> %s%s, peer %s, age %llus\n",
				sa->conn_name[0] ? sa->conn_name : "?", sa->serial,
				ike_state_name(sa->state), sa->initiator ? "initiator" : "responder",
				l, r, sa->natt ? " (NAT-T)" : "",
				sa->peer_id[0] ? sa->peer_id : "-",
				(unsigned long long)((now - sa->created_ms) / 1000));
			fprintf(f, "  IKE %s, SPIs %s_i %s_r", alg, si, sr);
			if (sa->rekey_ms && sa->state == IKE_S_ESTABLISHED)
				fprintf(f, ", rekey in %llds",
					(long long)secs_until(sa->rekey_ms, now));
			fprintf(f, ", messages in %llu out %llu, retransmits %llu\n",
				(unsigned long long)sa->msgs_in, (unsigned long long)sa->msgs_out,
				(unsigned long long)sa->retransmits);
			for (struct child_sa *c = sa->children; c; c = c->next)
				show_child_text(d, f, c, now);
			continue;
		}
		json_obj_open(&j);
		json_kv_str(&j, "conn", sa->conn_name);
		json_kv_u64(&j, "serial", sa->serial);
		json_kv_str(&j, "state", ike_state_name(sa->state));
		json_kv_bool(&j, "initiator", sa->initiator);
		json_kv_str(&j, "local", l);
		json_kv_str(&j, "remote", r);
		json_kv_bool(&j, "natt", sa->natt);
		json_kv_bool(&j, "nat_local", sa->nat_local);
		json_kv_bool(&j, "nat_remote", sa->nat_remote);
		json_kv_str(&j, "peer_id", sa->peer_id);
		json_kv_str(&j, "spi_i", si);
		json_kv_str(&j, "spi_r", sr);
		json_kv_str(&j, "proposal", alg);
		json_kv_u64(&j, "age", (now - sa->created_ms) / 1000);
		if (sa->rekey_ms && sa->state == IKE_S_ESTABLISHED)
			json_kv_u64(&j, "rekey_in", (uint64_t)secs_until(sa->rekey_ms, now));
		else
			json_kv_null(&j, "rekey_in");
		json_kv_u64(&j, "messages_in", sa->msgs_in);
		json_kv_u64(&j, "messages_out", sa->msgs_out);
		json_kv_u64(&j, "retransmits", sa->retransmits);
		json_key(&j, "children");
		json_arr_open(&j);
		for (struct child_sa *c = sa->children; c; c = c->next)
			show_child_json(d, &j, c, now);
		json_arr_close(&j);
		json_obj_close(&j);
	}
	if (json) {
		json_arr_close(&j);
		json_obj_close(&j);
		fputc('\n', f);
	} else if (!n) {
		fprintf(f, "no IKE SAs\n");
	}
	if (!json)
		fprintf(f, "half-open %u, cookies sent %llu, rejected %llu, dropped %llu\n",
			d->n_half_open, (unsigned long long)d->stats_cookies_sent,
			(unsigned long long)d->stats_half_open_rejected,
			(unsigned long long)d->stats_dropped);
}
