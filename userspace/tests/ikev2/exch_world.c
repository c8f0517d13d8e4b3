// SPDX-License-Identifier: GPL-2.0
/*
 * The world of the two-daemon exchange tests (exch_world.h): fake
 * network, fake kernels, fake clock.
 */
#include <arpa/inet.h>
#include <errno.h>
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

static int f_l2tp_set(struct ked *d, uint32_t id, uint32_t sa_out, const uint32_t *in,
		      unsigned int n)
{
	struct side *s = side_of(d);

	(void)id;
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
	(void)id;
	side_of(d)->l2tp_up = false;
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

	(void)id;
	if (!s->l2tp_up)
		return -ENOENT;
	s->l2tp_peer = peer;
	s->l2tp_moves++;
	return 0;
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
	return p->to.sin_addr.s_addr == W.s[0].addr.s_addr ? 0 : 1;
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

