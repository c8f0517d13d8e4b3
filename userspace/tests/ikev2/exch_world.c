// SPDX-License-Identifier: GPL-2.0
/*
 * The world of the two-daemon exchange tests (exch_world.h): fake
 * network, fake kernels, fake clock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "exch_world.h"
#include "ike_sa.h"
#include "ked.h"
#include "l2tpsec.h"
#include "test.h"

struct exch_world W;

static struct side *side_of(struct ked *d)
{
	return (struct side *)d;	/* d is the first member */
}

static int idx(struct ked *d)
{
	return side_of(d) == &W.s[0] ? 0 : 1;
}

static int f_send(struct ked *d, const struct sockaddr_in *from, const struct sockaddr_in *to,
		  const uint8_t *buf, size_t len)
{
	int me = idx(d), peer = 1 - me;
	struct pkt *p;

	W.sent++;
	if (len == 1)
		return 0;		/* NAT keepalive */
	if (W.drop_to[peer] || W.drop_next_to == peer) {
		W.drop_next_to = -1;
		W.dropped++;
		return 0;
	}
	if (W.nq >= MAXQ || len > sizeof(p->data))
		return -ENOBUFS;
	p = &W.q[W.nq++];
	p->from = *from;
	p->to = *to;
	p->len = len;
	memcpy(p->data, buf, len);
	if (W.nat && me == 0) {
		inet_pton(AF_INET, "10.9.9.9", &p->from.sin_addr);
		p->from.sin_port = htons(ntohs(from->sin_port) + 30000 + W.nat_rebind);
	}
	if (W.nat && me == 1) {
		/* back through the NAT to side 0's real address and port */
		p->to.sin_addr = W.s[0].addr;
		p->to.sin_port = htons(ntohs(to->sin_port) - 30000 - W.nat_rebind);
	}
	return 0;
}

static int f_sa_add(struct ked *d, const struct kern_sa *sa, char *err, size_t errlen)
{
	struct side *s = side_of(d);

	(void)err;
	(void)errlen;
	for (int i = 0; i < MAXSA; i++)
		if (s->sas[i].used && s->sas[i].sa.spi == sa->spi && s->sas[i].sa.dir == sa->dir)
			return -EEXIST;
	for (int i = 0; i < MAXSA; i++) {
		if (!s->sas[i].used) {
			s->sas[i].used = true;
			s->sas[i].sa = *sa;
			s->sa_adds++;
			return 0;
		}
	}
	return -ENOSPC;
}

struct fsa *find(struct side *s, uint32_t spi, uint8_t dir)
{
	for (int i = 0; i < MAXSA; i++)
		if (s->sas[i].used && s->sas[i].sa.spi == spi && s->sas[i].sa.dir == dir)
			return &s->sas[i];
	return NULL;
}

static int f_sa_del(struct ked *d, uint32_t spi, uint8_t dir)
{
	struct side *s = side_of(d);
	struct fsa *f = find(s, spi, dir);

	if (!f)
		return -ENOENT;
	if (s->l2tp_up && dir == L2TPSEC_DIR_OUT && s->l2tp_sa_out == spi)
		s->bad_switches++;	/* deleting the SA the tunnel sends with */
	for (int i = 0; i < MAXTUN; i++) {
		const struct ftun *t = &s->tuns[i];

		if (!t->used)
			continue;
		if (dir == L2TPSEC_DIR_OUT && t->t.sa_out == spi)
			s->lns_out_gone++;	/* an LNS tunnel still sends with it */
		for (unsigned int k = 0; dir == L2TPSEC_DIR_IN && k < t->t.n_sa_in; k++)
			if (t->t.sa_in[k] == spi)
				s->lns_bad++;	/* ... or still accepts it */
	}
	f->used = false;
	s->sa_dels++;
	return 0;
}

static int f_sa_stats(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st)
{
	(void)spi, (void)dir;
	memset(st, 0, sizeof(*st));
	st->packets = side_of(d)->rx_packets;
	return 0;
}

/* The tunnel's new binding: every SPI an installed inbound SA, at least one. */
static void bind_in(struct side *s, const uint32_t *in, unsigned int n)
{
	if (!n || n > KERN_SA_IN_MAX)
		s->bad_switches++;
	s->n_sa_in = 0;
	for (unsigned int i = 0; i < n && i < KERN_SA_IN_MAX; i++) {
		if (!find(s, in[i], L2TPSEC_DIR_IN))
			s->bad_switches++;
		s->l2tp_sa_in[s->n_sa_in++] = in[i];
	}
}

bool bound_in(const struct side *s, uint32_t spi)
{
	for (unsigned int i = 0; i < s->n_sa_in; i++)
		if (s->l2tp_sa_in[i] == spi)
			return true;
	return false;
}

/* s starts sending with sa_out: the other end, if its tunnel is up, must
 * already accept it (the peer answered the exchange that created it).
 */
static void check_peer_bound(struct side *s, uint32_t sa_out)
{
	struct side *o = &W.s[s == &W.s[0]];

	if (o->l2tp_up && !bound_in(o, sa_out))
		s->bad_switches++;
}

static int f_l2tp_add(struct ked *d, const struct kern_l2tp *l, char *err, size_t errlen)
{
	struct side *s = side_of(d);

	(void)err;
	(void)errlen;
	if (s->l2tp_up)
		return -EEXIST;
	if (!find(s, l->sa_out, L2TPSEC_DIR_OUT))
		s->bad_switches++;
	bind_in(s, l->sa_in, l->n_sa_in);
	check_peer_bound(s, l->sa_out);
	s->l2tp_up = true;
	s->l2tp_sa_out = l->sa_out;
	s->l2tp_peer = l->peer;
	s->l2tp_adds++;
	return 0;
}

static int lns_set(struct side *s, struct ftun *t, uint32_t sa_out, const uint32_t *in,
		   unsigned int n);

static int f_l2tp_set(struct ked *d, uint32_t id, uint32_t sa_out, const uint32_t *in,
		      unsigned int n)
{
	struct side *s = side_of(d);
	struct ftun *t = lns_tun(s, id);

	if (t)
		return lns_set(s, t, sa_out, in, n);
	if (!s->l2tp_up)
		return -ENOENT;
	if (!find(s, sa_out, L2TPSEC_DIR_OUT))
		s->bad_switches++;
	bind_in(s, in, n);
	if (sa_out != s->l2tp_sa_out)
		check_peer_bound(s, sa_out);
	s->l2tp_sa_out = sa_out;
	s->l2tp_switches++;
	return 0;
}

static int f_l2tp_del(struct ked *d, uint32_t id)
{
	struct side *s = side_of(d);
	struct ftun *t = lns_tun(s, id);

	if (id == KERN_LNS_LISTEN_ID) {
		s->listening = false;
		return 0;
	}
	if (t) {
		/* TUNNEL_DEL takes the tunnel's sessions along */
		for (int i = 0; i < MAXSESS; i++)
			if (s->sess[i].used && s->sess[i].tid == id)
				s->sess[i].used = false;
		t->used = false;
		s->lns_tunnel_dels++;
		return 0;
	}
	s->l2tp_up = false;
	return 0;
}

static int f_sa_move(struct ked *d, uint32_t spi, uint8_t dir, struct in_addr peer,
		     uint16_t port)
{
	struct side *s = side_of(d);
	struct fsa *f = find(s, spi, dir);

	if (!f)
		return -ENOENT;
	if (port && !f->sa.encap)
		return -EINVAL;
	f->sa.peer = peer;
	if (port)
		f->sa.dport = port;
	s->sa_moves++;
	return 0;
}

static int f_l2tp_move(struct ked *d, uint32_t id, struct in_addr peer)
{
	struct side *s = side_of(d);
	struct ftun *t = lns_tun(s, id);

	if (t) {
		t->t.peer = peer;
		s->l2tp_moves++;
		return 0;
	}
	if (!s->l2tp_up)
		return -ENOENT;
	s->l2tp_peer = peer;
	s->l2tp_moves++;
	return 0;
}

/* --- remote access: the LNS's tunnels and sessions, frames sent --- */

struct ftun *lns_tun(struct side *s, uint32_t tid)
{
	for (int i = 0; i < MAXTUN; i++)
		if (s->tuns[i].used && s->tuns[i].t.tunnel_id == tid)
			return &s->tuns[i];
	return NULL;
}

struct fsess *lns_sess(struct side *s, uint32_t tid, uint32_t sid)
{
	for (int i = 0; i < MAXSESS; i++)
		if (s->sess[i].used && s->sess[i].tid == tid && s->sess[i].sid == sid)
			return &s->sess[i];
	return NULL;
}

unsigned int lns_n_tuns(const struct side *s)
{
	unsigned int n = 0;

	for (int i = 0; i < MAXTUN; i++)
		n += s->tuns[i].used;
	return n;
}

unsigned int lns_n_sess(const struct side *s)
{
	unsigned int n = 0;

	for (int i = 0; i < MAXSESS; i++)
		n += s->sess[i].used;
	return n;
}

/* The SAs of a binding: sa_out installed outbound, every sa_in inbound. */
static bool lns_sas_ok(struct side *s, uint32_t sa_out, const uint32_t *in, unsigned int n)
{
	if (!n || n > KERN_SA_IN_MAX || !find(s, sa_out, L2TPSEC_DIR_OUT))
		return false;
	for (unsigned int i = 0; i < n; i++)
		if (!find(s, in[i], L2TPSEC_DIR_IN))
			return false;
	return true;
}

static int lns_set(struct side *s, struct ftun *t, uint32_t sa_out, const uint32_t *in,
		   unsigned int n)
{
	struct fbind *b;

	if (!lns_sas_ok(s, sa_out, in, n)) {
		s->lns_bad++;
		return -ENOENT;
	}
	/* the client (the other side) must be able to decrypt what it sends now */
	if (sa_out != t->t.sa_out && !find(&W.s[s == &W.s[0]], sa_out, L2TPSEC_DIR_IN))
		s->lns_early++;
	t->t.sa_out = sa_out;
	t->t.n_sa_in = n;
	memcpy(t->t.sa_in, in, n * sizeof(in[0]));
	if (s->nbinds < MAXBINDS) {
		b = &s->binds[s->nbinds++];
		b->tid = t->t.tunnel_id;
		b->sa_out = sa_out;
		b->n_in = n;
		memcpy(b->sa_in, in, n * sizeof(in[0]));
	}
	return 0;
}

static int f_lns_tunnel_add(struct ked *d, const struct kern_l2tp2 *t, char *err, size_t errlen)
{
	struct side *s = side_of(d);

	if (!t->tunnel_id || lns_tun(s, t->tunnel_id)) {
		snprintf(err, errlen, "tunnel %u exists", t->tunnel_id);
		return -EEXIST;
	}
	/* clear text: the module accepts a tunnel without SAs */
	if (t->clear_text ? t->sa_out || t->n_sa_in :
	    !lns_sas_ok(s, t->sa_out, t->sa_in, t->n_sa_in)) {
		s->lns_bad++;
		snprintf(err, errlen, "no such SA");
		return -ENOENT;
	}
	for (int i = 0; i < MAXTUN; i++) {
		if (!s->tuns[i].used) {
			s->tuns[i].used = true;
			s->tuns[i].t = *t;
			s->lns_tunnel_adds++;
			return 0;
		}
	}
	return -ENOSPC;
}

static int f_lns_listen(struct ked *d, struct in_addr local, struct in_addr peer, char *err,
			size_t errlen)
{
	struct side *s = side_of(d);

	(void)local;
	(void)peer;
	(void)err;
	(void)errlen;
	s->listening = true;
	s->listens++;
	return 0;
}

static int f_lns_session_add(struct ked *d, uint32_t tid, uint32_t sid, uint32_t peer_sid,
			     uint32_t mtu, char ifname[16], uint32_t *ifindex, char *err,
			     size_t errlen)
{
	struct side *s = side_of(d);

	if (!lns_tun(s, tid) || lns_sess(s, tid, sid)) {
		s->lns_bad++;
		snprintf(err, errlen, "no tunnel %u, or session %u exists", tid, sid);
		return -EINVAL;
	}
	for (int i = 0; i < MAXSESS; i++) {
		struct fsess *f = &s->sess[i];

		if (f->used)
			continue;
		memset(f, 0, sizeof(*f));
		f->used = true;
		f->tid = tid;
		f->sid = sid;
		f->peer_sid = peer_sid;
		f->mtu = mtu;
		f->ifindex = 100 + ++s->next_ifindex;
		snprintf(f->ifname, sizeof(f->ifname), "l2tpsec%u", s->next_ifindex);
		memcpy(ifname, f->ifname, 16);
		*ifindex = f->ifindex;
		s->lns_session_adds++;
		return 0;
	}
	return -ENOSPC;
}

static int f_lns_session_del(struct ked *d, uint32_t tid, uint32_t sid)
{
	struct side *s = side_of(d);
	struct fsess *f = lns_sess(s, tid, sid);

	if (!f)
		return -ENOENT;
	f->used = false;
	s->lns_session_dels++;
	return 0;
}

static int f_lns_session_stats(struct ked *d, uint32_t tid, uint32_t sid,
			       struct kern_session_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!lns_sess(side_of(d), tid, sid))
		return -ENOENT;
	st->rx_packets = 3;
	st->rx_bytes = 300;
	st->tx_packets = 4;
	st->tx_bytes = 400;
	return 0;
}

static int frame_add(struct side *s, bool ppp, uint32_t tid, uint32_t sid, const uint8_t *b,
		     size_t len)
{
	struct fframe *f;

	if (s->nframes >= MAXFRAMES || len > sizeof(f->data)) {
		s->frames_lost++;
		return -ENOBUFS;
	}
	f = &s->frames[s->nframes++];
	f->ppp = ppp;
	f->tid = tid;
	f->sid = sid;
	f->len = len;
	memcpy(f->data, b, len);
	return 0;
}

/* CTRL_SEND: the tunnel must exist and its outbound SA too (ESP required). */
static int f_ctrl_send(struct ked *d, uint32_t tid, const uint8_t *msg, size_t len)
{
	struct side *s = side_of(d);
	struct ftun *t = lns_tun(s, tid);

	if (!t) {
		s->lns_bad++;
		return -ENOENT;
	}
	if (!t->t.clear_text && !find(s, t->t.sa_out, L2TPSEC_DIR_OUT)) {
		s->lns_no_sa++;		/* the module refuses to send in clear text */
		return -ENOENT;
	}
	s->ctrl_sent++;
	return frame_add(s, false, tid, 0, msg, len);
}

static int f_ppp_send(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame,
		      size_t len)
{
	struct side *s = side_of(d);
	struct ftun *t = lns_tun(s, tid);

	if (!t || !lns_sess(s, tid, sid)) {
		s->lns_bad++;
		return -ENOENT;
	}
	if (!t->t.clear_text && !find(s, t->t.sa_out, L2TPSEC_DIR_OUT)) {
		s->lns_no_sa++;
		return -ENOENT;
	}
	s->ppp_sent++;
	return frame_add(s, true, tid, sid, frame, len);
}

static int f_ip_up(struct ked *d, uint32_t ifindex, struct in_addr local, struct in_addr peer,
		   char *err, size_t errlen)
{
	struct side *s = side_of(d);
	bool found = false;

	for (int i = 0; i < MAXSESS; i++)
		found |= s->sess[i].used && s->sess[i].ifindex == ifindex;
	if (!found || s->nipups >= MAXSESS) {
		s->lns_bad++;
		snprintf(err, errlen, "no interface %u", ifindex);
		return -ENODEV;
	}
	s->ipups[s->nipups++] = (struct fipup){ .ifindex = ifindex, .local = local, .peer = peer };
	return 0;
}

static int f_proxy_arp(struct ked *d, struct in_addr addr, uint32_t skip, bool add, uint32_t *lan,
		       char *err, size_t errlen)
{
	struct side *s = side_of(d);

	(void)skip;
	if (!add) {
		if (*lan != 77 || !s->proxy_on) {
			s->lns_bad++;
			snprintf(err, errlen, "no proxy entry on %u", *lan);
			return -ENOENT;
		}
		s->proxy_on--;
		return 0;
	}
	*lan = (ntohl(addr.s_addr) >> 16) == 0x0a08 ? 77 : 0;
	if (*lan) {
		s->proxy_on++;
		s->proxy_adds++;
		s->proxy_last = addr;
	}
	return 0;
}

static int f_ipv6_up(struct ked *d, uint32_t ifindex, uint64_t local_id, uint64_t peer_id,
		     char *err, size_t errlen)
{
	struct side *s = side_of(d);
	bool found = false;

	for (int i = 0; i < MAXSESS; i++)
		found |= s->sess[i].used && s->sess[i].ifindex == ifindex;
	if (!found || s->nipv6ups >= MAXSESS) {
		s->lns_bad++;
		snprintf(err, errlen, "no interface %u", ifindex);
		return -ENODEV;
	}
	s->ipv6ups[s->nipv6ups++] = (struct fipv6up){
		.ifindex = ifindex, .local_id = local_id, .peer_id = peer_id,
	};
	return 0;
}

/* The session's MTU (what SESSION_NEW got, 1400 for 0 as the module's stand-in) lowered. */
static int f_mtu_cap(struct ked *d, uint32_t ifindex, uint32_t mtu, uint32_t *now, char *err,
		     size_t errlen)
{
	struct side *s = side_of(d);

	for (int i = 0; i < MAXSESS; i++) {
		struct fsess *f = &s->sess[i];

		if (!f->used || f->ifindex != ifindex)
			continue;
		if (!f->mtu)
			f->mtu = 1400;
		if (mtu < f->mtu)
			f->mtu = mtu;
		*now = f->mtu;
		s->mtu_caps++;
		return 0;
	}
	s->lns_bad++;
	snprintf(err, errlen, "no interface %u", ifindex);
	return -ENODEV;
}

int lns_take(struct side *s, struct fframe *f)
{
	if (!s->nframes)
		return 0;
	*f = s->frames[0];
	s->nframes--;
	memmove(&s->frames[0], &s->frames[1], s->nframes * sizeof(s->frames[0]));
	return 1;
}

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return W.now;
}

const struct ked_ops fops = {
	.send = f_send,
	.sa_add = f_sa_add,
	.sa_del = f_sa_del,
	.sa_stats = f_sa_stats,
	.l2tp_add = f_l2tp_add,
	.l2tp_set_sa = f_l2tp_set,
	.l2tp_del = f_l2tp_del,
	.sa_move = f_sa_move,
	.l2tp_move = f_l2tp_move,
	.now = f_now,
	.lns_tunnel_add = f_lns_tunnel_add,
	.lns_listen = f_lns_listen,
	.lns_session_add = f_lns_session_add,
	.lns_session_del = f_lns_session_del,
	.lns_session_stats = f_lns_session_stats,
	.ctrl_send = f_ctrl_send,
	.ppp_send = f_ppp_send,
	.ip_up = f_ip_up,
	.proxy_arp = f_proxy_arp,
	.ipv6_up = f_ipv6_up,
	.mtu_cap = f_mtu_cap,
};

const char *const addr_txt[2] = { "192.0.2.1", "192.0.2.2" };

int setup_side(int i, const char *global, const char *extra, bool initiate)
{
	char text[4096], err[512];
	struct conf *c = calloc(1, sizeof(*c));

	snprintf(text, sizeof(text),
		 "%s\n"
		 "conn peer {\n"
		 "  local %s\n  remote %s\n"
		 "  auth psk\n  psk \"0123456789abcdef-shared\"\n"
		 "  start %s\n"
		 "%s\n"
		 "  l2tp {\n    tunnel-id %d\n    peer-tunnel-id %d\n"
		 "    session-id %d\n    peer-session-id %d\n  }\n"
		 "}\n", global ? global : "", addr_txt[i], addr_txt[1 - i],
		 initiate ? "initiate" : "listen", extra ? extra : "", 100 + i, 101 - i,
		 10 + i, 11 - i);
	if (!c || conf_load_string("test.conf", text, strlen(text), c, err, sizeof(err))) {
		fprintf(stderr, "  conf: %s\n", err);
		free(c);
		return -1;
	}
	memset(&W.s[i], 0, sizeof(W.s[i]));
	inet_pton(AF_INET, addr_txt[i], &W.s[i].addr);
	if (ked_init(&W.s[i].d, &fops, NULL, c, err, sizeof(err))) {
		fprintf(stderr, "  ked_init: %s\n", err);
		return -1;
	}
	return 0;
}

void world(void)
{
	log_setup(getenv("IKE_TEST_LOG") ? LOG_DEBUG : LOG_CRIT, false);
	memset(&W, 0, sizeof(W));
	W.now = 1000000;
	W.drop_next_to = -1;
}

int setup(const char *g0, const char *x0, const char *g1, const char *x1)
{
	world();
	if (setup_side(0, g0, x0, true) || setup_side(1, g1, x1, false))
		return -1;
	return 0;
}

void teardown(void)
{
	for (int i = 0; i < 2; i++) {
		struct conf *c = W.s[i].d.conf;

		ked_free(&W.s[i].d);
		conf_free(c);
		free(c);
	}
}

void check_timers(int i)
{
	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next) {
		uint64_t at;

		if (!ike_sa_next_deadline(sa, &at))
			continue;
		CHECK(timer_queued(&sa->timer));
		CHECK(sa->timer.at <= at);
	}
}

int pkt_side(const struct pkt *p)
{
	uint32_t to = p->to.sin_addr.s_addr;

	if (to == W.s[0].addr.s_addr)
		return 0;
	for (int i = 0; i < 2; i++)
		if (W.s[0].alias[i].s_addr && to == W.s[0].alias[i].s_addr)
			return 0;
	return 1;
}

void deliver(unsigned int k)
{
	struct pkt p = W.q[k];
	int to = pkt_side(&p);

	memmove(W.q + k, W.q + k + 1, (W.nq - k - 1) * sizeof(W.q[0]));
	W.nq--;
	ked_input(&W.s[to].d, p.data, p.len, &p.to, &p.from);
	check_timers(to);
}

void pump(void)
{
	for (int round = 0; round < 200; round++) {
		bool busy = false;

		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		while (W.nq) {
			deliver(0);
			busy = true;
		}
		if (!busy && round > 2)
			return;
	}
}

void run_for(uint64_t ms)
{
	uint64_t end = W.now + ms;

	while (W.now < end) {
		W.now += 250;
		pump();
	}
}

struct ike_sa *first_sa(int i)
{
	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
		if (sa->state == IKE_S_ESTABLISHED)
			return sa;
	return NULL;
}

unsigned int n_installed(int i)
{
	unsigned int n = 0;

	for (int k = 0; k < MAXSA; k++)
		n += W.s[i].sas[k].used;
	return n;
}

void check_matching(void)
{
	unsigned int pairs = 0;

	for (int k = 0; k < MAXSA; k++) {
		struct fsa *a = &W.s[0].sas[k], *b;

		if (!a->used)
			continue;
		b = find(&W.s[1], a->sa.spi, a->sa.dir == L2TPSEC_DIR_IN ? L2TPSEC_DIR_OUT :
			 L2TPSEC_DIR_IN);
		CHECK(b != NULL);
		if (!b)
			continue;
		pairs++;
		CHECK_EQ(a->sa.alg, b->sa.alg);
		CHECK_EQ(a->sa.key_len, b->sa.key_len);
		CHECK_MEM(a->sa.key, b->sa.key, a->sa.key_len);
		CHECK_EQ(a->sa.auth_len, b->sa.auth_len);
		CHECK_MEM(a->sa.auth_key, b->sa.auth_key, a->sa.auth_len);
		CHECK_EQ(a->sa.esn, b->sa.esn);
		CHECK_EQ(a->sa.encap, b->sa.encap);
	}
	CHECK(pairs >= 2);
	CHECK_EQ(n_installed(0), n_installed(1));
}

void check_tunnels(void)
{
	for (int i = 0; i < 2; i++) {
		CHECK(W.s[i].l2tp_up);
		CHECK(find(&W.s[i], W.s[i].l2tp_sa_out, L2TPSEC_DIR_OUT) != NULL);
		CHECK_EQ(W.s[i].bad_switches, 0);
	}
	/* each end sends with the SA the other receives on, and the other
	 * end's tunnel is bound to that inbound SA
	 */
	CHECK(find(&W.s[1], W.s[0].l2tp_sa_out, L2TPSEC_DIR_IN) != NULL);
	CHECK(find(&W.s[0], W.s[1].l2tp_sa_out, L2TPSEC_DIR_IN) != NULL);
	CHECK(bound_in(&W.s[1], W.s[0].l2tp_sa_out));
	CHECK(bound_in(&W.s[0], W.s[1].l2tp_sa_out));
}

