// SPDX-License-Identifier: GPL-2.0
/*
 * Remote access: the LNS (l2tp/), the PPP server (ppp/), users and pool
 * (auth/) bound to the daemon and, through ked_ops, to the module.
 *
 * A tunnel is admitted only through an inbound ESP SA of an IKE SA whose
 * conn says `lns yes`; the IKE SA's serial is the tunnel's owner. The
 * module's tunnel is bound to the owner's installed children (sends with
 * the newest, accepts all of them: make-before-break across rekeys) and
 * goes with the last of them or with the IKE SA. Clear-text L2TP is
 * refused, unless a conn with `lns-clear-text yes` names its source
 * address: such a tunnel has no owner (0; IKE SA serials start at 1, so
 * the IKE hooks never touch it), no SAs, and is bound to the client's
 * address and UDP port. Objects are found again by id (tunnel id, link
 * id, IKE SA serial), never through a pointer kept across calls.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <openssl/crypto.h>

#include "child.h"
#include "dhcp_inform.h"
#include "ike_sa.h"
#include "ikev2_crypto.h"
#include "json.h"
#include "ked.h"
#include "l2tp_lns.h"
#include "l2tp_msg.h"
#include "l2tpsec.h"
#include "link.h"
#include "log.h"
#include "pool.h"
#include "ppp_mschapv2.h"
#include "ppp_server.h"
#include "remote.h"
#include "users.h"

#define RA_FAIL_SRC_SLOTS	1024	/* recent login failures remembered by source */
#define RA_FAIL_WINDOW_MS	60000	/* ... for this long */
#define RA_FAIL_MAX_USER	5	/* failures per user in the window */
#define RA_FAIL_MAX_SOURCE	10	/* failures per source address in the window */

struct ra_tunnel {
	uint16_t tid;
	uint16_t port;			/* clear text: the client's UDP port */
	uint32_t owner;			/* IKE SA serial, 0: clear text */
	uint32_t sa_out;		/* the SA it sends with */
	struct in_addr peer;		/* clear text: the client's address */
};

/* Login failures: by source address in one ring; by user, for the users
 * of the file only (the name as it is found there: MS-CHAPv2's "DOMAIN\"
 * prefix does not make another user), each with its own recent ones, so
 * that failures of other names cannot push them out. */
struct ra_src_fail {
	uint64_t at;
	uint32_t src;			/* network order */
};

struct ra_user_fail {
	char user[256];
	uint64_t at[RA_FAIL_MAX_USER];	/* 0: none */
	unsigned int next;
};

/* What a session's accounting line needs at its end. */
struct ra_sess {
	uint32_t link_id;
	uint32_t ifindex;
	uint16_t tid, sid;
	char user[256];
	char peer[64];
	struct in_addr inner;
	uint64_t ipv6_id;		/* the client's IPV6CP interface identifier, 0: never up */
	bool ipv6_up;			/* IPV6CP is open now (show sessions) */
	uint64_t started_ms;
	uint32_t proxy_lan;		/* interface of its proxy ARP entry, 0: none */
};

struct ra {
	struct ked *d;
	struct l2tp_lns *lns;
	struct ppp_servers *ppp;
	struct auth_users *users;
	struct auth_pool *pool;
	struct l2tp_lns_cfg lcfg;
	struct ppp_server_cfg pcfg;
	uint8_t secret[CONF_LNS_SECRET_MAX];
	size_t secret_len;
	char pool_spec[256];		/* the pool and gateway address in use */
	struct in_addr local;
	char hostname[64];
	uint32_t mru;
	struct ra_tunnel *tun;
	size_t n_tun, cap_tun;
	struct ra_sess *sess;
	size_t n_sess, cap_sess;
	struct dhcp_route routes[CONF_LNS_MAX_ROUTES];
	struct dhcp_inform_cfg dhcp;
	char domain[254];
	struct ra_src_fail sfails[RA_FAIL_SRC_SLOTS];
	unsigned int sfail_next;
	struct ra_user_fail *ufails;
	size_t n_ufails, cap_ufails;
	uint64_t refused_log_ms;
	unsigned long refused;
	bool listening;			/* the module's KERN_LNS_LISTEN_ID tunnel is ours */
};

static struct ra *R(void *ctx)
{
	return ctx;
}

/* ---------------------------------------------------------- tunnels */

/* Room for one more of n items of size in *v (capacity *cap). 0 or -1. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? 2 * *cap : 16;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, c * size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

static struct ra_tunnel *tun_find(struct ra *ra, uint16_t tid)
{
	for (size_t i = 0; i < ra->n_tun; i++)
		if (ra->tun[i].tid == tid)
			return &ra->tun[i];
	return NULL;
}

/* The conn that admits clear-text L2TP from peer, or NULL. */
static const struct conf_conn *clear_conn(const struct ked *d, struct in_addr peer)
{
	for (unsigned int i = 0; i < d->conf->n_conns; i++) {
		const struct conf_conn *cn = &d->conf->conns[i];

		if (cn->lns && cn->lns_clear_text && !cn->remote_any &&
		    cn->remote.s_addr == peer.s_addr)
			return cn;
	}
	return NULL;
}

/* A clear-text tunnel (owner 0) to the client at peer:port. 0 or -errno. */
static int clear_tunnel_add(struct ra *ra, struct kern_l2tp2 *t)
{
	const struct conf_conn *cn = clear_conn(ra->d, t->peer);
	char err[256] = "", a[INET_ADDRSTRLEN];
	int rc;

	inet_ntop(AF_INET, &t->peer, a, sizeof(a));
	if (!cn)
		return -EPERM;	/* the permission went (reload) since the SCCRQ */
	t->local = cn->local;
	t->clear_text = true;
	if (grow((void **)&ra->tun, &ra->cap_tun, ra->n_tun, sizeof(*ra->tun)))
		return -ENOMEM;
	rc = ra->d->ops->lns_tunnel_add(ra->d, t, err, sizeof(err));
	if (rc) {
		logx(LOG_WARNING, "l2tp: cannot create clear-text L2TP tunnel %u for %s:%u: %s",
		     t->tunnel_id, a, t->peer_port, err[0] ? err : strerror(-rc));
		return rc;
	}
	ra->tun[ra->n_tun++] = (struct ra_tunnel){ .tid = t->tunnel_id, .owner = 0,
						   .peer = t->peer, .port = t->peer_port };
	logx(LOG_NOTICE, "l2tp %u: clear-text L2TP from %s:%u admitted (conn '%s', "
	     "lns-clear-text: no IPsec)", t->tunnel_id, a, t->peer_port, cn->name);
	return 0;
}

static struct ike_sa *owner_sa(struct ked *d, uint32_t serial)
{
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->serial == serial && sa->state != IKE_S_DEAD)
			return sa;
	return NULL;
}

/*
 * The SAs sa's tunnels use: send with the newest active child, accept
 * every installed child's inbound SA (the newest KERN_SA_IN_MAX). except
 * is a child on its way out. The number of inbound SAs; 0: none left.
 * *out is 0 if only children still being negotiated are left (IKEv1
 * responder: inbound installed at QM2, outbound at QM3).
 */
static unsigned int binding(const struct ike_sa *sa, const struct child_sa *except,
			    uint32_t *out, uint32_t in[KERN_SA_IN_MAX])
{
	const struct child_sa *best = NULL;
	const struct child_sa *v[KERN_SA_IN_MAX];
	unsigned int n = 0;

	*out = 0;
	for (const struct child_sa *c = sa->children; c; c = c->next) {
		if (c == except || !c->in_installed)
			continue;
		if (c->out_installed && c->state == CHILD_ACTIVE &&
		    (!best || c->created_ms > best->created_ms))
			best = c;
		if (n < KERN_SA_IN_MAX) {
			v[n++] = c;
		} else {
			/* keep the newest: replace the oldest kept */
			unsigned int o = 0;

			for (unsigned int i = 1; i < n; i++)
				if (v[i]->created_ms < v[o]->created_ms)
					o = i;
			if (c->created_ms > v[o]->created_ms)
				v[o] = c;
		}
	}
	if (best)
		*out = best->spi_out;
	for (unsigned int i = 0; i < n; i++)
		in[i] = v[i]->spi_in;
	return n;
}

static int op_tunnel_add(void *ctx, uint16_t tid, uint16_t peer_tid, const struct l2tp_peer *p)
{
	struct ra *ra = R(ctx);
	struct ked *d = ra->d;
	struct ike_sa *sa = owner_sa(d, (uint32_t)p->owner);
	struct kern_l2tp2 t = {
		.tunnel_id = tid,
		.peer_tunnel_id = peer_tid,
		.peer = p->addr,
		.port = 1701,
		.peer_port = p->port,
	};
	char err[256] = "";
	int rc;

	if (!p->owner)
		return clear_tunnel_add(ra, &t);
	if (!sa)
		return -ENOENT;
	t.local = sa->local.sin_addr;
	t.n_sa_in = binding(sa, NULL, &t.sa_out, t.sa_in);
	if (!t.n_sa_in || !t.sa_out)
		return -ENOENT;
	if (grow((void **)&ra->tun, &ra->cap_tun, ra->n_tun, sizeof(*ra->tun)))
		return -ENOMEM;
	rc = d->ops->lns_tunnel_add(d, &t, err, sizeof(err));
	if (rc) {
		sa_log(sa, LOG_WARNING, "cannot create L2TP tunnel %u: %s", tid,
		       err[0] ? err : strerror(-rc));
		return rc;
	}
	ra->tun[ra->n_tun++] = (struct ra_tunnel){ .tid = tid, .owner = sa->serial,
						   .sa_out = t.sa_out };
	return 0;
}

static void op_tunnel_del(void *ctx, uint16_t tid)
{
	struct ra *ra = R(ctx);
	struct ra_tunnel *t = tun_find(ra, tid);

	ra->d->ops->l2tp_del(ra->d, tid);
	if (t)
		*t = ra->tun[--ra->n_tun];
}

static int op_ctrl_send(void *ctx, uint16_t tid, const uint8_t *msg, size_t len)
{
	struct ra *ra = R(ctx);

	return ra->d->ops->ctrl_send(ra->d, tid, msg, len);
}

static int op_session_add(void *ctx, uint16_t tid, uint16_t sid, uint16_t peer_sid,
			  char ifname[16], uint32_t *ifindex)
{
	struct ra *ra = R(ctx);
	char err[256] = "";
	int rc;

	rc = ra->d->ops->lns_session_add(ra->d, tid, sid, peer_sid, ra->mru, ifname, ifindex,
					 err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "l2tp %u/%u: cannot create the session: %s", tid, sid,
		     err[0] ? err : strerror(-rc));
	return rc;
}

static struct ra_sess *sess_find(struct ra *ra, uint32_t link_id)
{
	for (size_t i = 0; i < ra->n_sess; i++)
		if (ra->sess[i].link_id == link_id)
			return &ra->sess[i];
	return NULL;
}

/* The client's address answered for on its LAN (lns proxy-arp). */
static void proxy_arp_on(struct ra *ra, struct ra_sess *s)
{
	struct ked *d = ra->d;
	char err[256] = "", a[INET_ADDRSTRLEN];
	int rc;

	if (!d->conf->lns.proxy_arp || !d->ops->proxy_arp)
		return;
	inet_ntop(AF_INET, &s->inner, a, sizeof(a));
	rc = d->ops->proxy_arp(d, s->inner, s->ifindex, true, &s->proxy_lan, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "ppp: proxy ARP for %s: %s", a, err[0] ? err : strerror(-rc));
	else if (s->proxy_lan)
		logx(LOG_INFO, "ppp: proxy ARP for %s on interface %u", a, s->proxy_lan);
}

static void proxy_arp_off(struct ra *ra, struct ra_sess *s)
{
	struct ked *d = ra->d;
	char err[256] = "";
	int rc;

	if (!s->proxy_lan || !d->ops->proxy_arp)
		return;
	rc = d->ops->proxy_arp(d, s->inner, s->ifindex, false, &s->proxy_lan, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "ppp: proxy ARP off for session %u/%u: %s", s->tid, s->sid,
		     err[0] ? err : strerror(-rc));
	s->proxy_lan = 0;
}

/* fe80::<id> as text (INET6_ADDRSTRLEN). */
static void ifid_ntop(uint64_t id, char *out, size_t len)
{
	struct in6_addr a;

	memset(&a, 0, sizeof(a));
	a.s6_addr[0] = 0xfe;
	a.s6_addr[1] = 0x80;
	for (int i = 15; i >= 8; i--, id >>= 8)
		a.s6_addr[i] = (uint8_t)id;
	if (!inet_ntop(AF_INET6, &a, out, (socklen_t)len))
		snprintf(out, len, "?");
}

/* The accounting line of a session: who, from where, how much, why it ended. */
static void sess_end(struct ra *ra, uint16_t tid, uint16_t sid, const char *cause)
{
	struct kern_session_stats st = { 0 };
	char inner[INET_ADDRSTRLEN], v6[INET6_ADDRSTRLEN], v6txt[INET6_ADDRSTRLEN + 8] = "";
	uint64_t now = ked_now(ra->d);

	for (size_t i = 0; i < ra->n_sess; i++) {
		struct ra_sess *s = &ra->sess[i];

		if (s->tid != tid || s->sid != sid)
			continue;
		if (ra->d->ops->lns_session_stats)
			ra->d->ops->lns_session_stats(ra->d, tid, sid, &st);
		inet_ntop(AF_INET, &s->inner, inner, sizeof(inner));
		proxy_arp_off(ra, s);
		if (s->ipv6_id) {
			ifid_ntop(s->ipv6_id, v6, sizeof(v6));
			snprintf(v6txt, sizeof(v6txt), ", ipv6 %s", v6);
		}
		logx(LOG_NOTICE, "session end: user '%s' from %s, address %s%s, %llu s, "
		     "in %llu packets %llu bytes, out %llu packets %llu bytes, cause: %s",
		     s->user, s->peer, s->inner.s_addr ? inner : "none", v6txt,
		     (unsigned long long)((now - s->started_ms) / 1000),
		     (unsigned long long)st.rx_packets, (unsigned long long)st.rx_bytes,
		     (unsigned long long)st.tx_packets, (unsigned long long)st.tx_bytes,
		     cause ? cause : "closed");
		*s = ra->sess[--ra->n_sess];
		return;
	}
}

static void op_call_down(void *ctx, uint16_t tid, uint16_t sid, const char *why)
{
	sess_end(R(ctx), tid, sid, why);
}

static void op_session_del(void *ctx, uint16_t tid, uint16_t sid)
{
	struct ra *ra = R(ctx);

	sess_end(ra, tid, sid, NULL);
	ra->d->ops->lns_session_del(ra->d, tid, sid);
}

static int op_ppp_send(void *ctx, uint16_t tid, uint16_t sid, const uint8_t *frame, size_t len)
{
	struct ra *ra = R(ctx);

	return ra->d->ops->ppp_send(ra->d, tid, sid, frame, len);
}

static int op_call_up(void *ctx, struct link *l)
{
	struct ra *ra = R(ctx);

	return ppp_server_attach(ra->ppp, l);
}

static void op_random(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	if (ike_random(buf, len))
		abort();	/* the CSPRNG failed: nothing safe to do */
}

static void op_lns_log(void *ctx, int level, uint16_t tid, uint16_t sid, const char *msg)
{
	(void)ctx;
	if (sid)
		logx(level, "l2tp %u/%u: %s", tid, sid, msg);
	else if (tid)
		logx(level, "l2tp %u: %s", tid, msg);
	else
		logx(level, "l2tp: %s", msg);
}

static const struct l2tp_lns_ops lns_ops = {
	.tunnel_add = op_tunnel_add,
	.tunnel_del = op_tunnel_del,
	.ctrl_send = op_ctrl_send,
	.session_add = op_session_add,
	.session_del = op_session_del,
	.ppp_send = op_ppp_send,
	.call_up = op_call_up,
	.random = op_random,
	.log = op_lns_log,
	.call_down = op_call_down,
};

/* --------------------------------------------------------------- PPP */

static const struct auth_user *op_user_find(void *ctx, const char *name, size_t len)
{
	struct ra *ra = R(ctx);

	return ra->users ? auth_users_find(ra->users, name, len) : NULL;
}

static int op_addr_lease(void *ctx, uint32_t link_id, uint32_t want, uint32_t fixed,
			 uint32_t *addr)
{
	struct ra *ra = R(ctx);
	int rc;

	(void)want;	/* the client's wish: only what it would get anyway */
	rc = auth_pool_lease(ra->pool, link_id, fixed, addr);
	if (rc == AUTH_POOL_EXHAUSTED)
		logx(LOG_WARNING, "ppp: address pool exhausted (%zu addresses)",
		     auth_pool_size(ra->pool));
	else if (rc)
		logx(LOG_WARNING, "ppp: link %u: the user's address is outside the pool or in use",
		     link_id);
	return rc ? -1 : 0;
}

static void op_addr_release(void *ctx, uint32_t link_id)
{
	auth_pool_release(R(ctx)->pool, link_id);
}

static int op_ip_up(void *ctx, const struct link *l, const struct ppp_ip_info *ip)
{
	struct ra *ra = R(ctx);
	struct ked *d = ra->d;
	char err[256] = "", a[INET_ADDRSTRLEN];
	uint16_t tid = (uint16_t)(l->lower_id >> 16), sid = (uint16_t)l->lower_id;
	struct ra_sess *s;
	int rc;

	rc = d->ops->ip_up(d, l->ifindex, ip->local, ip->peer, err, sizeof(err));
	inet_ntop(AF_INET, &ip->peer, a, sizeof(a));
	if (rc) {
		logx(LOG_ERR, "ppp: user '%s': cannot address %s: %s", ip->user, l->ifname,
		     err[0] ? err : strerror(-rc));
		return rc;
	}
	s = sess_find(ra, l->id);
	if (!s) {
		if (grow((void **)&ra->sess, &ra->cap_sess, ra->n_sess, sizeof(*ra->sess)))
			return -ENOMEM;
		s = &ra->sess[ra->n_sess++];
		memset(s, 0, sizeof(*s));
	}
	s->link_id = l->id;
	s->ifindex = l->ifindex;
	s->tid = tid;
	s->sid = sid;
	snprintf(s->user, sizeof(s->user), "%s", ip->user);
	snprintf(s->peer, sizeof(s->peer), "%s", l->peer);
	s->inner = ip->peer;
	s->started_ms = ked_now(d);
	proxy_arp_on(ra, s);
	logx(LOG_NOTICE, "session up: user '%s' from %s, address %s on %s", ip->user, l->peer, a,
	     l->ifname);
	return 0;
}

static void op_ip_down(void *ctx, const struct link *l)
{
	(void)ctx;
	logx(LOG_INFO, "ppp: %s: IP down", l->ifname);
}

static int op_ipv6_up(void *ctx, const struct link *l, const struct ppp_ipv6_info *ip)
{
	struct ra *ra = R(ctx);
	struct ked *d = ra->d;
	char err[256] = "", ours[INET6_ADDRSTRLEN], theirs[INET6_ADDRSTRLEN];
	struct ra_sess *s;
	int rc;

	if (!d->ops->ipv6_up)
		return -EOPNOTSUPP;
	rc = d->ops->ipv6_up(d, l->ifindex, ip->local_id, ip->peer_id, err, sizeof(err));
	if (rc) {
		logx(LOG_ERR, "ppp: user '%s': cannot put IPv6 on %s: %s", ip->user, l->ifname,
		     err[0] ? err : strerror(-rc));
		return rc;
	}
	s = sess_find(ra, l->id);
	if (!s) {	/* IPV6CP before IPCP: ip_up fills in the rest */
		if (grow((void **)&ra->sess, &ra->cap_sess, ra->n_sess, sizeof(*ra->sess)))
			return -ENOMEM;
		s = &ra->sess[ra->n_sess++];
		memset(s, 0, sizeof(*s));
		s->link_id = l->id;
		s->ifindex = l->ifindex;
		s->tid = (uint16_t)(l->lower_id >> 16);
		s->sid = (uint16_t)l->lower_id;
		snprintf(s->user, sizeof(s->user), "%s", ip->user);
		snprintf(s->peer, sizeof(s->peer), "%s", l->peer);
		s->started_ms = ked_now(d);
	}
	s->ipv6_id = ip->peer_id;
	s->ipv6_up = true;
	ifid_ntop(ip->local_id, ours, sizeof(ours));
	ifid_ntop(ip->peer_id, theirs, sizeof(theirs));
	logx(LOG_NOTICE, "ipv6 up: user '%s' on %s: %s, client %s", ip->user, l->ifname, ours,
	     theirs);
	return 0;
}

static void op_ipv6_down(void *ctx, const struct link *l)
{
	struct ra_sess *s = sess_find(R(ctx), l->id);

	if (s)
		s->ipv6_up = false;	/* the identifier stays for the accounting line */
	logx(LOG_INFO, "ppp: %s: IPv6 down", l->ifname);
}

/* LCP opened: the session interface's MTU is at most the client's MRU. */
static void op_peer_mru(void *ctx, const struct link *l, uint16_t mru)
{
	struct ked *d = R(ctx)->d;
	char err[256] = "";
	uint32_t now = 0;
	int rc;

	if (!d->ops->mtu_cap || !l->ifindex)
		return;
	rc = d->ops->mtu_cap(d, l->ifindex, mru, &now, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "ppp: %s: cannot set the MTU to the client's MRU %u: %s",
		     l->ifname, mru, err[0] ? err : strerror(-rc));
	else
		logx(LOG_INFO, "ppp: %s: client MRU %u, MTU %u", l->ifname, mru, now);
}

/* The users-file name a login attempt counts against, NULL: no such user. */
static const char *fail_key(struct ra *ra, const char *user)
{
	size_t n = strlen(user), hlen;
	const char *h;

	if (!ra->users)
		return NULL;
	if (auth_users_find(ra->users, user, n))
		return user;
	h = mschapv2_user_name(user, n, &hlen);
	if (hlen != n && hlen < 256 && auth_users_find(ra->users, h, hlen))
		return h;
	return NULL;
}

static struct ra_user_fail *ufail_find(struct ra *ra, const char *key)
{
	for (size_t i = 0; i < ra->n_ufails; i++)
		if (!strcmp(ra->ufails[i].user, key))
			return &ra->ufails[i];
	return NULL;
}

/* Forget users whose failures are all older than the window. */
static void ufail_prune(struct ra *ra, uint64_t now)
{
	for (size_t i = 0; i < ra->n_ufails;) {
		bool recent = false;

		for (unsigned int k = 0; k < RA_FAIL_MAX_USER; k++)
			recent |= ra->ufails[i].at[k] && now - ra->ufails[i].at[k] <= RA_FAIL_WINDOW_MS;
		if (recent)
			i++;
		else
			ra->ufails[i] = ra->ufails[--ra->n_ufails];
	}
}

static uint32_t peer_addr(const struct link *l)
{
	struct in_addr src = { 0 };
	char ip[64];

	snprintf(ip, sizeof(ip), "%s", l->peer);
	ip[strcspn(ip, ":")] = '\0';
	inet_pton(AF_INET, ip, &src);
	return src.s_addr;
}

static void op_auth_failed(void *ctx, const struct link *l, const char *user)
{
	struct ra *ra = R(ctx);
	struct ra_src_fail *f = &ra->sfails[ra->sfail_next++ % RA_FAIL_SRC_SLOTS];
	uint64_t now = ked_now(ra->d);
	const char *key = fail_key(ra, user);
	struct ra_user_fail *u;

	f->at = now;
	f->src = peer_addr(l);
	logx(LOG_WARNING, "ppp: authentication failed: user '%s' from %s", user, l->peer);
	if (!key)
		return;
	ufail_prune(ra, now);
	u = ufail_find(ra, key);
	if (!u) {
		if (grow((void **)&ra->ufails, &ra->cap_ufails, ra->n_ufails, sizeof(*ra->ufails)))
			return;
		u = &ra->ufails[ra->n_ufails++];
		memset(u, 0, sizeof(*u));
		snprintf(u->user, sizeof(u->user), "%s", key);
	}
	u->at[u->next++ % RA_FAIL_MAX_USER] = now;
}

static bool op_auth_allowed(void *ctx, const struct link *l, const char *user)
{
	struct ra *ra = R(ctx);
	uint64_t now = ked_now(ra->d);
	unsigned int by_user = 0, by_src = 0;
	const char *key = fail_key(ra, user);
	const struct ra_user_fail *u = key ? ufail_find(ra, key) : NULL;
	uint32_t src = peer_addr(l);

	for (unsigned int i = 0; i < RA_FAIL_SRC_SLOTS; i++) {
		const struct ra_src_fail *f = &ra->sfails[i];

		by_src += f->at && now - f->at <= RA_FAIL_WINDOW_MS && f->src == src;
	}
	for (unsigned int k = 0; u && k < RA_FAIL_MAX_USER; k++)
		by_user += u->at[k] && now - u->at[k] <= RA_FAIL_WINDOW_MS;
	if (by_user >= RA_FAIL_MAX_USER || by_src >= RA_FAIL_MAX_SOURCE) {
		logx(LOG_WARNING, "ppp: login of '%s' from %s refused: %u failures of the user, "
		     "%u from the address in the last %u s", user, l->peer, by_user, by_src,
		     RA_FAIL_WINDOW_MS / 1000);
		return false;
	}
	return true;
}

static uint64_t op_now(void *ctx)
{
	return ked_now(R(ctx)->d);
}

static void op_ppp_log(void *ctx, const struct link *l, int level, const char *msg)
{
	(void)ctx;
	logx(level, "ppp %s (%s): %s", l && l->ifname[0] ? l->ifname : "-", l ? l->peer : "-",
	     msg);
}

static const struct ppp_server_ops ppp_ops = {
	.user_find = op_user_find,
	.addr_lease = op_addr_lease,
	.addr_release = op_addr_release,
	.ip_up = op_ip_up,
	.ip_down = op_ip_down,
	.ipv6_up = op_ipv6_up,
	.ipv6_down = op_ipv6_down,
	.peer_mru = op_peer_mru,
	.auth_failed = op_auth_failed,
	.auth_allowed = op_auth_allowed,
	.now = op_now,
	.random = op_random,
	.log = op_ppp_log,
};

/* ------------------------------------------------------------- setup */

static unsigned int ppp_auth_bits(const struct conf_lns *c)
{
	unsigned int a = 0;

	if (c->auth & CONF_LNS_AUTH_MSCHAPV2)
		a |= PPP_AUTH_MSCHAPV2;
	if (c->auth & CONF_LNS_AUTH_CHAP)
		a |= PPP_AUTH_CHAP_MD5;
	if (c->auth & CONF_LNS_AUTH_PAP)
		a |= PPP_AUTH_PAP;
	return a;
}

/* The answer to DHCPINFORM: the lns block's routes, domain, DNS (copied:
 * a reload may change them). */
static void dhcp_cfg(struct ra *ra, const struct conf_lns *c)
{
	memcpy(ra->routes, c->routes, c->n_routes * sizeof(ra->routes[0]));
	snprintf(ra->domain, sizeof(ra->domain), "%s", c->domain);
	ra->dhcp = (struct dhcp_inform_cfg){
		.server = c->local,
		.dns = { c->dns[0], c->dns[1] },
		.domain = ra->domain,
		.routes = ra->routes,
		.n_routes = c->n_routes,
	};
}

/* The LNS' and the PPP server's settings from the lns block (the secret
 * and the gateway's address as in use: ra->secret, ra->local). */
static void ra_cfg(struct ra *ra, const struct conf_lns *c)
{
	snprintf(ra->hostname, sizeof(ra->hostname), "%s", c->hostname);
	dhcp_cfg(ra, c);
	ra->dhcp.server = ra->local;
	ra->mru = c->mru;
	ra->lcfg = (struct l2tp_lns_cfg){
		.hostname = ra->hostname,
		.secret = ra->secret_len ? ra->secret : NULL,
		.secret_len = ra->secret_len,
		.max_tunnels = c->max_sessions,
		.max_tunnels_per_peer = c->max_tunnels_per_peer,
		.max_sessions = c->max_sessions,
		.max_sessions_per_tunnel = c->max_sessions_per_tunnel,
		.hello_interval_ms = c->hello * 1000,
	};
	ra->pcfg = (struct ppp_server_cfg){
		.mru = (uint16_t)c->mru,
		.auth = ppp_auth_bits(c),
		.auth_tries = c->auth_tries,
		.echo_interval_ms = c->lcp_echo_interval ? c->lcp_echo_interval * 1000 : PPP_ECHO_OFF,
		.echo_failures = c->lcp_echo_failures,
		.local = ra->local,
		.dns = { c->dns[0], c->dns[1] },
		.nbns = { c->nbns[0], c->nbns[1] },
		.ipv6 = c->ipv6,
	};
}

/*
 * Port 1701 open in the module (its listening tunnel) while some conn
 * allows clear-text L2TP, closed when none does any more.
 */
static void listen_update(struct ra *ra)
{
	const struct conf *c = ra->d->conf;
	const struct conf_conn *cn = NULL;
	char err[256] = "";
	int rc;

	for (unsigned int i = 0; i < c->n_conns && !cn; i++)
		if (c->conns[i].lns && c->conns[i].lns_clear_text)
			cn = &c->conns[i];
	if (cn && !ra->listening && ra->d->ops->lns_listen) {
		rc = ra->d->ops->lns_listen(ra->d, cn->local, cn->remote, err, sizeof(err));
		if (rc)
			logx(LOG_ERR, "lns: cannot open UDP 1701 for clear-text L2TP (conn '%s'): %s",
			     cn->name, err[0] ? err : strerror(-rc));
		else
			logx(LOG_WARNING, "lns: clear-text L2TP accepted from the remote address of "
			     "conn '%s' (lns-clear-text): no IPsec for it", cn->name);
		ra->listening = !rc;
	} else if (!cn && ra->listening) {
		ra->d->ops->l2tp_del(ra->d, KERN_LNS_LISTEN_ID);
		ra->listening = false;
	}
}

/*
 * After a reload: the clear-text tunnels of a peer no conn allows any
 * more are cleared (StopCCN).
 */
static void clear_revoke(struct ra *ra)
{
	uint16_t *gone = ra->n_tun ? calloc(ra->n_tun, sizeof(*gone)) : NULL;
	size_t n = 0;

	/* ids first: a disconnect may remove tunnels from ra->tun */
	for (size_t i = 0; gone && i < ra->n_tun; i++)
		if (!ra->tun[i].owner && !clear_conn(ra->d, ra->tun[i].peer))
			gone[n++] = ra->tun[i].tid;
	for (size_t i = 0; i < n; i++) {
		logx(LOG_NOTICE, "l2tp %u: clear-text L2TP no longer allowed from its peer: "
		     "the tunnel is cleared", gone[i]);
		l2tp_lns_disconnect(ra->lns, gone[i], 0, ked_now(ra->d));
	}
	free(gone);
}

/**
 * ra_init() - remote access from the configuration's lns block
 * @d: the daemon (conf set)
 * @err: the reason on failure
 * @errlen: its size
 *
 * Return: 0 (also without an lns block: nothing to do), or -1 with err.
 */
int ra_init(struct ked *d, char *err, size_t errlen)
{
	const struct conf_lns *c = &d->conf->lns;
	uint32_t first, last;
	const char *why;
	struct ra *ra;

	d->ra = NULL;
	if (!c->set)
		return 0;
	ra = calloc(1, sizeof(*ra));
	if (!ra) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ra->d = d;
	if (auth_users_load(c->users, &ra->users, err, errlen))
		goto fail;
	if (auth_pool_parse(c->pool, &first, &last, &why) ||
	    !(ra->pool = auth_pool_new(first, last))) {
		snprintf(err, errlen, "lns pool %s: %s", c->pool, why ? why : "out of memory");
		goto fail;
	}
	auth_pool_exclude(ra->pool, ntohl(c->local.s_addr));
	snprintf(ra->pool_spec, sizeof(ra->pool_spec), "%s", c->pool);
	ra->local = c->local;
	memcpy(ra->secret, c->secret, c->secret_len);
	ra->secret_len = c->secret_len;
	ra_cfg(ra, c);
	{
		struct l2tp_lns_ops lo = lns_ops;
		struct ppp_server_ops po = ppp_ops;

		lo.ctx = ra;
		po.ctx = ra;
		ra->lns = l2tp_lns_new(&ra->lcfg, &lo);
		ra->ppp = ppp_servers_new(&ra->pcfg, &po);
	}
	if (!ra->lns || !ra->ppp) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	d->ra = ra;
	listen_update(ra);
	logx(LOG_INFO, "lns: %zu users, pool %s (%zu addresses), PPP address %s, auth %s",
	     ra->users->n, c->pool, auth_pool_available(ra->pool), inet_ntoa(c->local),
	     c->auth_list);
	return 0;
fail:
	d->ra = ra;
	ra_free(d);
	return -1;
}

/**
 * ra_free() - everything down at once, no messages
 * @d: the daemon
 */
void ra_free(struct ked *d)
{
	struct ra *ra = d->ra;

	if (!ra)
		return;
	if (ra->lns)
		l2tp_lns_free(ra->lns);
	if (ra->ppp)
		ppp_servers_free(ra->ppp);
	if (ra->listening)
		d->ops->l2tp_del(d, KERN_LNS_LISTEN_ID);
	auth_users_free(ra->users);
	auth_pool_free(ra->pool);
	free(ra->tun);
	free(ra->sess);
	free(ra->ufails);
	OPENSSL_cleanse(ra, sizeof(*ra));
	free(ra);
	d->ra = NULL;
}

/* SIGHUP with another pool or gateway address: a new pool that keeps
 * every live lease. 0, or -1 (the old pool and address stay) with err. */
static int pool_reload(struct ra *ra, const struct conf_lns *c, char *err, size_t errlen)
{
	struct auth_pool *np;
	uint32_t first, last;
	const char *why = NULL;
	size_t outside;

	if (!strcmp(c->pool, ra->pool_spec) && c->local.s_addr == ra->local.s_addr)
		return 0;
	if (auth_pool_parse(c->pool, &first, &last, &why) || !(np = auth_pool_new(first, last))) {
		snprintf(err, errlen, "pool %s: %s", c->pool, why ? why : "out of memory");
		return -1;
	}
	if (auth_pool_exclude(np, ntohl(c->local.s_addr)) || auth_pool_adopt(np, ra->pool, &outside)) {
		auth_pool_free(np);
		snprintf(err, errlen, "address %s is a live session's", inet_ntoa(c->local));
		return -1;
	}
	if (outside)
		logx(LOG_WARNING, "lns: %zu live sessions keep addresses outside the new pool %s "
		     "until they end", outside, c->pool);
	auth_pool_free(ra->pool);
	ra->pool = np;
	snprintf(ra->pool_spec, sizeof(ra->pool_spec), "%s", c->pool);
	ra->local = c->local;
	logx(LOG_NOTICE, "lns: pool %s (%zu addresses free), PPP address %s", c->pool,
	     auth_pool_available(np), inet_ntoa(c->local));
	return 0;
}

/**
 * ra_reload() - the lns block again (SIGHUP); live sessions stay
 * @d: the daemon (its new conf set)
 * @err: the reason on failure (the old users stay)
 * @errlen: its size
 *
 * The users file, the pool and the gateway's PPP address (live leases
 * carried over), DNS, NBNS, authentication, MRU, keepalive, limits, HELLO,
 * host name, split-tunnel routes and domain: for what is negotiated from
 * now on; open links keep what they agreed. A new tunnel secret takes a
 * restart (live tunnels hide AVPs with the old one): it is kept, and said.
 *
 * Return: 0 or -1 (the users file could not be read: nothing changed).
 */
int ra_reload(struct ked *d, char *err, size_t errlen)
{
	struct ra *ra = d->ra;
	const struct conf_lns *c = &d->conf->lns;
	struct auth_users *u;
	char perr[512];

	if (!ra)
		return 0;
	if (auth_users_load(c->users, &u, err, errlen))
		return -1;
	auth_users_free(ra->users);
	ra->users = u;
	if (pool_reload(ra, c, perr, sizeof(perr)))
		logx(LOG_ERR, "lns: the pool and PPP address stay %s and %s: %s", ra->pool_spec,
		     inet_ntoa(ra->local), perr);
	if (c->secret_len != ra->secret_len ||
	    CRYPTO_memcmp(c->secret, ra->secret, ra->secret_len))
		logx(LOG_WARNING, "lns: a new tunnel secret takes a restart: the old one stays");
	ra_cfg(ra, c);
	l2tp_lns_set_limits(ra->lns, &ra->lcfg);
	ppp_servers_set_cfg(ra->ppp, &ra->pcfg);
	clear_revoke(ra);
	listen_update(ra);
	logx(LOG_NOTICE, "lns: users file %s reloaded: %zu users", c->users, u->n);
	return 0;
}

/* ------------------------------------------------------------ events */

static void refused(struct ra *ra, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refused(struct ra *ra, const char *fmt, ...)
{
	uint64_t now = ked_now(ra->d);
	char msg[256];
	va_list ap;

	ra->refused++;
	if (ra->refused_log_ms && now - ra->refused_log_ms < 1000)
		return;
	ra->refused_log_ms = now;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	logx(LOG_WARNING, "l2tp: %s (%lu refused so far)", msg, ra->refused);
}

/* The tunnel a message is for: the module's match, else its header's
 * (the LNS takes the tunnel from the header then: the same check). */
static uint32_t msg_tid(uint32_t tid, const uint8_t *msg, size_t len)
{
	struct l2tp_hdr h;
	const char *why;

	if (!tid && !l2tp_hdr_parse(msg, len, &h, &why))
		tid = h.tunnel_id;
	return tid;
}

/*
 * Clear-text L2TP: only from the remote address of a conn saying
 * `lns-clear-text yes`, and for an existing tunnel only from the address
 * and UDP port that opened it (several clients behind one address are
 * distinct tunnels and cannot reach each other's).
 */
static void clear_recv(struct ra *ra, uint32_t tid, struct in_addr peer, uint16_t port,
		       const uint8_t *msg, size_t len)
{
	struct l2tp_peer p = { .addr = peer, .port = port };
	const struct ra_tunnel *t;

	if (tid > 0xffff)
		return;
	tid = msg_tid(tid, msg, len);
	/* a new tunnel needs the permission; an existing one is bound (and
	 * still acknowledges its StopCCN once a reload took the permission) */
	if (!tid && !clear_conn(ra->d, peer)) {
		refused(ra, "clear-text L2TP from %s:%u refused: only through IPsec",
			inet_ntoa(peer), port);
		return;
	}
	t = tid ? tun_find(ra, (uint16_t)tid) : NULL;
	if (tid && (!t || t->owner || t->peer.s_addr != peer.s_addr || t->port != port)) {
		refused(ra, "clear-text L2TP from %s:%u for tunnel %u of another client refused",
			inet_ntoa(peer), port, tid);
		return;
	}
	l2tp_lns_input(ra->lns, (uint16_t)tid, &p, msg, len, ked_now(ra->d));
}

/**
 * ra_ctrl_recv() - an L2TP control message from the module
 * @d: the daemon
 * @tid: the local tunnel the module matched, 0: none
 * @peer: outer source address
 * @port: the L2TP UDP source port
 * @spi: inbound SA it came through, 0: clear text
 * @msg: from the L2TP header on
 * @len: its length
 */
void ra_ctrl_recv(struct ked *d, uint32_t tid, struct in_addr peer, uint16_t port, uint32_t spi,
		  const uint8_t *msg, size_t len)
{
	struct ra *ra = d->ra;
	struct l2tp_peer p = { .addr = peer, .port = port, .sa_in = spi };
	struct ike_sa *sa = NULL;
	const struct child_sa *c;
	struct ra_tunnel *t;

	if (!ra)
		return;
	if (!spi) {
		clear_recv(ra, tid, peer, port, msg, len);
		return;
	}
	c = child_find_any(d, spi, L2TPSEC_DIR_IN, &sa);
	if (!c || !sa->conn || !sa->conn->lns || !c->in_installed) {
		refused(ra, "L2TP from %s:%u through SA %08x refused: %s", inet_ntoa(peer), port,
			spi, !c ? "no IKE SA of ours" : "its conn does not say `lns yes`");
		return;
	}
	p.owner = sa->serial;
	if (tid > 0xffff)
		return;
	tid = msg_tid(tid, msg, len);
	t = tid ? tun_find(ra, (uint16_t)tid) : NULL;
	if (tid && (!t || t->owner != sa->serial)) {
		refused(ra, "L2TP from %s:%u for tunnel %u of another client refused",
			inet_ntoa(peer), port, tid);
		return;
	}
	l2tp_lns_input(ra->lns, (uint16_t)tid, &p, msg, len, ked_now(d));
}

/**
 * ra_ppp_recv() - a PPP control frame from the module
 * @d: the daemon
 * @tid: tunnel
 * @sid: session
 * @frame: protocol field first
 * @len: its length
 */
void ra_ppp_recv(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame, size_t len)
{
	if (!d->ra || tid > 0xffff || sid > 0xffff)
		return;
	/* now: what the frame makes the LNS send (a CDN when PPP closes the
	 * call) is timed from this moment, not from its last entry */
	l2tp_lns_ppp_input(d->ra->lns, (uint16_t)tid, (uint16_t)sid, frame, len, ked_now(d));
}

/**
 * ra_tick() - run the LNS' and the PPP instances' timers
 * @d: the daemon
 * @now: ms
 */
void ra_tick(struct ked *d, uint64_t now)
{
	if (!d->ra)
		return;
	l2tp_lns_tick(d->ra->lns, now);
	ppp_servers_tick(d->ra->ppp, now);
}

/**
 * ra_next_timeout() - the earliest deadline of remote access
 * @d: the daemon
 *
 * Return: ms (monotonic), UINT64_MAX if none.
 */
uint64_t ra_next_timeout(const struct ked *d)
{
	uint64_t a, b;

	if (!d->ra)
		return UINT64_MAX;
	a = l2tp_lns_next_timeout(d->ra->lns);
	b = ppp_servers_next_timeout(d->ra->ppp);
	return a < b ? a : b;
}

/**
 * ra_children_changed() - bind sa's tunnels to its children again
 * @sa: the IKE SA
 * @except: a child about to go (not counted), or NULL
 *
 * With no child left the tunnels go (StopCCN through what is left,
 * best effort).
 */
void ra_children_changed(struct ike_sa *sa, const struct child_sa *except)
{
	struct ked *d = sa->d;
	struct ra *ra = d->ra;
	uint32_t out, in[KERN_SA_IN_MAX];
	unsigned int n;
	bool any = false;

	if (!ra)
		return;
	for (size_t i = 0; i < ra->n_tun; i++)
		any |= ra->tun[i].owner == sa->serial;
	if (!any)
		return;
	n = binding(sa, except, &out, in);
	if (!n || sa->state == IKE_S_DEAD) {
		sa_log(sa, LOG_INFO, "no child SA left: its L2TP tunnels go");
		l2tp_lns_owner_gone(ra->lns, sa->serial, ked_now(d));
		return;
	}
	for (size_t i = 0; i < ra->n_tun; i++) {
		struct ra_tunnel *t = &ra->tun[i];

		if (t->owner != sa->serial)
			continue;
		/* only a child being negotiated left: it is accepted, and the
		 * tunnel keeps sending with what it had until it is complete */
		if (out)
			t->sa_out = out;
		d->ops->l2tp_set_sa(d, t->tid, t->sa_out, in, n);
	}
}

/**
 * ra_owner_moved() - from's children now belong to to
 * @from: the old IKE SA
 * @to: the new one
 */
void ra_owner_moved(struct ike_sa *from, struct ike_sa *to)
{
	struct ra *ra = from->d->ra;
	bool any = false;

	if (!ra)
		return;
	for (size_t i = 0; i < ra->n_tun; i++) {
		if (ra->tun[i].owner == from->serial) {
			ra->tun[i].owner = to->serial;
			any = true;
		}
	}
	if (!any)
		return;
	l2tp_lns_owner_rebind(ra->lns, from->serial, to->serial);
	ra_children_changed(to, NULL);
}

/**
 * ra_peer_moved() - sa's peer is at a new public address
 * @sa: the IKE SA (moved already, ike_sa_move())
 * @addr: the address
 *
 * Its tunnels send there (the module's TUNNEL_SET PEER_IP4) and the LNS
 * takes their control messages from there.
 */
void ra_peer_moved(struct ike_sa *sa, struct in_addr addr)
{
	struct ked *d = sa->d;
	struct ra *ra = d->ra;
	bool any = false;

	if (!ra)
		return;
	for (size_t i = 0; i < ra->n_tun; i++) {
		if (ra->tun[i].owner != sa->serial)
			continue;
		any = true;
		if (d->ops->l2tp_move && d->ops->l2tp_move(d, ra->tun[i].tid, addr))
			sa_log(sa, LOG_WARNING, "cannot move L2TP tunnel %u to %s",
			       ra->tun[i].tid, inet_ntoa(addr));
	}
	if (any)
		l2tp_lns_owner_moved(ra->lns, sa->serial, addr);
}

/**
 * ra_stop() - tell every client we stop (StopCCN, LCP Terminate)
 * @d: the daemon
 */
void ra_stop(struct ked *d)
{
	if (!d->ra)
		return;
	ppp_servers_stop_all(d->ra->ppp, "the gateway is shutting down");
	l2tp_lns_stop_all(d->ra->lns, ked_now(d));
}

/* ------------------------------------------------------------- show */

struct show_arg {
	struct ra *ra;
	FILE *f;
	struct json *j;
};

static int show_one(const struct l2tp_lns_call_info *ci, void *arg)
{
	struct show_arg *a = arg;
	struct ra *ra = a->ra;
	const struct ra_sess *s = sess_find(ra, ci->link_id);
	uint64_t now = ked_now(ra->d);
	struct kern_session_stats st = { 0 };
	char pub[INET_ADDRSTRLEN], inner[INET_ADDRSTRLEN] = "", v6[INET6_ADDRSTRLEN] = "", v6txt[INET6_ADDRSTRLEN + 8] = "";
	const struct ike_sa *sa = owner_sa(ra->d, (uint32_t)ci->peer.owner);
	unsigned int ike_port = sa ? ntohs(sa->remote.sin_port) : 0;

	inet_ntop(AF_INET, &ci->peer.addr, pub, sizeof(pub));
	if (s && s->inner.s_addr)
		inet_ntop(AF_INET, &s->inner, inner, sizeof(inner));
	if (s && s->ipv6_up && s->ipv6_id) {
		ifid_ntop(s->ipv6_id, v6, sizeof(v6));
		snprintf(v6txt, sizeof(v6txt), " ipv6 %s", v6);
	}
	if (ra->d->ops->lns_session_stats)
		ra->d->ops->lns_session_stats(ra->d, ci->tid, ci->sid, &st);
	if (a->j) {
		struct json *j = a->j;

		json_obj_open(j);
		json_kv_u64(j, "link", ci->link_id);
		json_kv_str(j, "user", s ? s->user : "");
		json_kv_str(j, "public", pub);
		json_kv_u64(j, "ike_port", ike_port);
		json_kv_u64(j, "l2tp_port", ci->peer.port);
		json_kv_str(j, "address", inner);
		json_kv_str(j, "ipv6", v6);
		json_kv_str(j, "ifname", ci->ifname);
		json_kv_u64(j, "tunnel", ci->tid);
		json_kv_u64(j, "peer_tunnel", ci->peer_tid);
		json_kv_u64(j, "session", ci->sid);
		json_kv_u64(j, "peer_session", ci->peer_sid);
		json_kv_u64(j, "sa_in", ci->peer.sa_in);
		json_kv_u64(j, "ike_sa", ci->peer.owner);
		json_kv_u64(j, "age", (now - ci->started_ms) / 1000);
		json_kv_u64(j, "rx_packets", st.rx_packets);
		json_kv_u64(j, "rx_bytes", st.rx_bytes);
		json_kv_u64(j, "tx_packets", st.tx_packets);
		json_kv_u64(j, "tx_bytes", st.tx_bytes);
		json_obj_close(j);
	} else {
		fprintf(a->f, "session %u: user '%s' from %s (IKE port %u, L2TP port %u), address %s%s "
			"on %s, tunnel %u/%u session %u/%u, IKE SA #%llu, age %llus, in %llu bytes, "
			"out %llu bytes\n",
			ci->link_id, s ? s->user : "", pub, ike_port, ci->peer.port,
			inner[0] ? inner : "-", v6txt,
			ci->ifname, ci->tid, ci->peer_tid, ci->sid, ci->peer_sid,
			(unsigned long long)ci->peer.owner,
			(unsigned long long)((now - ci->started_ms) / 1000),
			(unsigned long long)st.rx_bytes, (unsigned long long)st.tx_bytes);
	}
	return 0;
}

/**
 * ra_show_sessions() - every call, as text or a JSON array
 * @d: the daemon
 * @f: where to
 * @json: JSON
 */
void ra_show_sessions(struct ked *d, FILE *f, bool json)
{
	struct show_arg a = { .ra = d->ra, .f = f };
	struct json j;

	if (json) {
		json_init(&j, f);
		a.j = &j;
		json_arr_open(&j);
	}
	if (d->ra)
		l2tp_lns_foreach_call(d->ra->lns, show_one, &a);
	else if (!json)
		fprintf(f, "no lns block: no remote access\n");
	if (json) {
		json_arr_close(&j);
		fputc('\n', f);
	}
}

struct disc_arg {
	struct ra *ra;
	const char *user;
	uint32_t link_id;
	uint16_t tid[64], sid[64];
	unsigned int n;
};

static int disc_one(const struct l2tp_lns_call_info *ci, void *arg)
{
	struct disc_arg *a = arg;
	const struct ra_sess *s = sess_find(a->ra, ci->link_id);

	if ((a->link_id && ci->link_id == a->link_id) ||
	    (a->user && s && !strcmp(s->user, a->user))) {
		a->tid[a->n] = ci->tid;
		a->sid[a->n] = ci->sid;
		a->n++;
	}
	return a->n == 64;
}

/**
 * ra_disconnect() - clear a user's calls, or one call
 * @d: the daemon
 * @user: the user name, or NULL
 * @link_id: the session number (`show sessions`), or 0
 *
 * Return: how many calls were cleared.
 */
int ra_disconnect(struct ked *d, const char *user, uint32_t link_id)
{
	struct disc_arg a = { .ra = d->ra, .user = user, .link_id = link_id };

	if (!d->ra)
		return 0;
	l2tp_lns_foreach_call(d->ra->lns, disc_one, &a);
	for (unsigned int i = 0; i < a.n; i++) {
		sess_end(d->ra, a.tid[i], a.sid[i], "disconnected by the administrator");
		l2tp_lns_disconnect(d->ra->lns, a.tid[i], a.sid[i], ked_now(d));
	}
	return (int)a.n;
}

/**
 * ra_dhcp() - the answer to a DHCPINFORM from a session's link
 * @d: the daemon
 * @ifindex: the interface it came in on
 * @src: its source address
 * @req: the UDP payload
 * @len: its length
 * @out: the answer (DHCPACK)
 * @cap: its size
 * @out_len: its length
 * @peer: where it goes (the client's address)
 * @local: our address on the link
 *
 * Only from an open session's interface and the address IPCP gave it.
 *
 * Return: 0 with the answer, -1 to drop the request (logged at debug).
 */
int ra_dhcp(struct ked *d, uint32_t ifindex, struct in_addr src, const uint8_t *req, size_t len,
	    uint8_t *out, size_t cap, size_t *out_len, struct in_addr *peer,
	    struct in_addr *local)
{
	struct ra *ra = d->ra;
	const struct ra_sess *s = NULL;
	const char *why;

	if (!ra)
		return -1;
	for (size_t i = 0; i < ra->n_sess && !s; i++)
		if (ra->sess[i].ifindex == ifindex)
			s = &ra->sess[i];
	if (!s || (src.s_addr && src.s_addr != s->inner.s_addr)) {
		logx(LOG_DEBUG, "dhcp: from %s on interface %u: no session there", inet_ntoa(src),
		     ifindex);
		return -1;
	}
	if (dhcp_inform_answer(req, len, ntohl(s->inner.s_addr), &ra->dhcp, out, cap, out_len,
			       &why)) {
		logx(LOG_DEBUG, "dhcp: from user '%s': %s", s->user, why);
		return -1;
	}
	*peer = s->inner;
	*local = ra->dhcp.server;
	logx(LOG_INFO, "dhcp: DHCPINFORM of user '%s' answered (%zu routes%s%s)", s->user,
	     ra->dhcp.n_routes, ra->domain[0] ? ", domain " : "", ra->domain);
	return 0;
}
