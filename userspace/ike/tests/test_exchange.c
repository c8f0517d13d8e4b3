// SPDX-License-Identifier: GPL-2.0
/*
 * Two l2tpsecd instances negotiating with each other in-process: a fake
 * network (a queue, optionally lossy, optionally a NAT rewriting the
 * initiator's address), a fake kernel (SA and tunnel tables) and a fake
 * clock. Checks that both ends install matching SAs (same SPI, same keys
 * each way), that the L2TP tunnel always points at an installed SA, and
 * that rekeying, liveness, cookies, KE retries, deletes and shutdown
 * behave.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <syslog.h>

#include "daemon.h"
#include "ike_test.h"
#include "l2tpsec.h"

#define MAXQ 64
#define MAXSA 32

struct fsa {
	bool used;
	struct kern_sa sa;
};

struct side {
	struct ked d;
	struct fsa sas[MAXSA];
	bool l2tp_up;
	uint32_t l2tp_sa_out;
	uint32_t l2tp_sa_in[KERN_SA_IN_MAX];	/* the tunnel's binding */
	unsigned int n_sa_in;
	unsigned int l2tp_adds, l2tp_switches, bad_switches, sa_adds, sa_dels;
	struct in_addr addr;
};

struct pkt {
	struct sockaddr_in from, to;
	size_t len;
	uint8_t data[4096];
};

static struct {
	struct side s[2];
	struct pkt q[MAXQ];
	unsigned int nq;
	uint64_t now;
	bool drop_to[2];	/* drop everything sent to side i */
	int drop_next_to;	/* drop the next datagram to this side, -1 none */
	bool nat;		/* side 0 is behind a NAT: 10.9.9.9:N seen by side 1 */
	unsigned int sent, dropped;
} W;

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
		p->from.sin_port = htons(ntohs(from->sin_port) + 30000);
	}
	if (W.nat && me == 1) {
		/* back through the NAT to side 0's real address and port */
		p->to.sin_addr = W.s[0].addr;
		p->to.sin_port = htons(ntohs(to->sin_port) - 30000);
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

static struct fsa *find(struct side *s, uint32_t spi, uint8_t dir)
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
	(void)d, (void)spi, (void)dir;
	memset(st, 0, sizeof(*st));
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

static bool bound_in(const struct side *s, uint32_t spi)
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

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return W.now;
}

static const struct ked_ops fops = {
	.send = f_send,
	.sa_add = f_sa_add,
	.sa_del = f_sa_del,
	.sa_stats = f_sa_stats,
	.l2tp_add = f_l2tp_add,
	.l2tp_set_sa = f_l2tp_set,
	.l2tp_del = f_l2tp_del,
	.now = f_now,
};

static const char *const addr_txt[2] = { "192.0.2.1", "192.0.2.2" };

/* conn text for side i; extra goes inside the conn block */
static int setup_side(int i, const char *global, const char *extra, bool initiate)
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

static void world(void)
{
	log_setup(getenv("IKE_TEST_LOG") ? LOG_DEBUG : LOG_CRIT, false);
	memset(&W, 0, sizeof(W));
	W.now = 1000000;
	W.drop_next_to = -1;
}

static int setup(const char *g0, const char *x0, const char *g1, const char *x1)
{
	world();
	if (setup_side(0, g0, x0, true) || setup_side(1, g1, x1, false))
		return -1;
	return 0;
}

static void teardown(void)
{
	for (int i = 0; i < 2; i++) {
		struct conf *c = W.s[i].d.conf;

		ked_free(&W.s[i].d);
		conf_free(c);
		free(c);
	}
}

/* Deliver queued datagrams and run timers until quiet. */
static void pump(void)
{
	for (int round = 0; round < 200; round++) {
		bool busy = false;

		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		while (W.nq) {
			struct pkt p = W.q[0];
			int to = p.to.sin_addr.s_addr == W.s[0].addr.s_addr ? 0 : 1;

			memmove(W.q, W.q + 1, (W.nq - 1) * sizeof(W.q[0]));
			W.nq--;
			ked_input(&W.s[to].d, p.data, p.len, &p.to, &p.from);
			busy = true;
		}
		if (!busy && round > 2)
			return;
	}
}

/* Advance the clock in steps, pumping. */
static void run_for(uint64_t ms)
{
	uint64_t end = W.now + ms;

	while (W.now < end) {
		W.now += 250;
		pump();
	}
}

static struct ike_sa *first_sa(int i)
{
	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
		if (sa->state == IKE_S_ESTABLISHED)
			return sa;
	return NULL;
}

static unsigned int n_installed(int i)
{
	unsigned int n = 0;

	for (int k = 0; k < MAXSA; k++)
		n += W.s[i].sas[k].used;
	return n;
}

/* Every SA of side 0 has its twin on side 1: same SPI, keys, algorithm. */
static void check_matching(void)
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

static void check_tunnels(void)
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

static void establish_psk_gcm(void)
{
	struct ike_sa *a, *b;

	if (setup(NULL, "  ike aes128gcm16-prfsha256-x25519\n  esp aes128gcm16\n", NULL,
		  "  ike aes128gcm16-prfsha256-x25519\n  esp aes128gcm16\n"))
		{ CHECK(0); return; }
	pump();
	a = first_sa(0);
	b = first_sa(1);
	CHECK(a && b);
	if (a && b) {
		CHECK(a->initiator && !b->initiator);
		CHECK(!memcmp(a->spi_i, b->spi_i, 8) && !memcmp(a->spi_r, b->spi_r, 8));
		CHECK_EQ(a->alg.encr, IKE_ENCR_AES_GCM_16);
		CHECK_EQ(a->alg.dh, IKE_DH_CURVE25519);
		CHECK(!a->natt && !b->natt);
	}
	CHECK_EQ(n_installed(0), 2);
	check_matching();
	check_tunnels();
	CHECK_EQ(W.s[0].sas[0].sa.alg, L2TPSEC_ALG_AES_GCM_128);
	CHECK_EQ(W.s[1].d.n_half_open, 0);
	teardown();
}

static void establish_cbc_defaults(void)
{
	/* default IKE proposals, CBC child with SHA-256, ECP-256 */
	if (setup(NULL, "  ike aes256-sha256-ecp256\n  esp aes256-sha256\n", NULL, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(first_sa(0) && first_sa(1));
	check_matching();
	check_tunnels();
	for (int k = 0; k < MAXSA; k++)
		if (W.s[0].sas[k].used)
			CHECK_EQ(W.s[0].sas[k].sa.alg, L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256);
	teardown();
}

static void wrong_psk_fails(void)
{
	world();
	if (setup_side(0, NULL, NULL, true))
		{ CHECK(0); return; }
	{
		char text[1024], err[256];
		struct conf *c = calloc(1, sizeof(*c));

		snprintf(text, sizeof(text),
			 "conn peer {\n local 192.0.2.2\n remote 192.0.2.1\n auth psk\n"
			 " psk \"another secret, 16+ bytes\"\n}\n");
		CHECK(!conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
		memset(&W.s[1], 0, sizeof(W.s[1]));
		inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
		CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	}
	pump();
	CHECK(!first_sa(0) && !first_sa(1));
	CHECK_EQ(n_installed(0) + n_installed(1), 0);
	CHECK(!W.s[0].l2tp_up && !W.s[1].l2tp_up);
	teardown();
}

static void cookies_engaged(void)
{
	if (setup(NULL, NULL, "cookie-threshold 0", NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(first_sa(0) && first_sa(1));
	CHECK(W.s[1].d.stats_cookies_sent >= 1);
	check_matching();
	teardown();
}

static void invalid_ke_retry(void)
{
	/* initiator's first group is x25519, responder accepts only ecp256 */
	if (setup(NULL, "  ike aes128gcm16-prfsha256-x25519-ecp256\n", NULL,
		  "  ike aes128gcm16-prfsha256-ecp256\n"))
		{ CHECK(0); return; }
	pump();
	CHECK(first_sa(0) && first_sa(1));
	if (first_sa(0))
		CHECK_EQ(first_sa(0)->alg.dh, IKE_DH_ECP_256);
	check_matching();
	teardown();
}

static void lost_auth_response(void)
{
	/* IKE_SA_INIT request + response go through, then lose B's answer */
	if (setup(NULL, NULL, NULL, NULL))
		{ CHECK(0); return; }
	ked_tick(&W.s[0].d);		/* A sends IKE_SA_INIT */
	{
		struct pkt p = W.q[0];

		W.nq = 0;
		ked_input(&W.s[1].d, p.data, p.len, &p.to, &p.from);	/* B answers */
		p = W.q[0];
		W.nq = 0;
		ked_input(&W.s[0].d, p.data, p.len, &p.to, &p.from);	/* A sends AUTH */
		p = W.q[0];
		W.nq = 0;
		ked_input(&W.s[1].d, p.data, p.len, &p.to, &p.from);	/* B answers: lost */
		W.nq = 0;
	}
	CHECK(first_sa(1) != NULL);
	CHECK(first_sa(0) == NULL);
	run_for(5000);			/* A retransmits, B resends its answer */
	CHECK(first_sa(0) != NULL);
	check_matching();
	check_tunnels();
	CHECK_EQ(W.s[1].sa_adds, 2);	/* B did not install twice */
	teardown();
}

static void child_rekey(void)
{
	unsigned int adds;
	uint32_t old_out;

	if (setup(NULL, "  lifetime 60s\n", NULL, "  lifetime 1h\n"))
		{ CHECK(0); return; }
	pump();
	check_tunnels();
	old_out = W.s[0].l2tp_sa_out;
	adds = W.s[0].sa_adds;
	run_for(61000);
	CHECK(W.s[0].sa_adds >= adds + 2);
	CHECK(W.s[0].l2tp_sa_out != old_out);
	CHECK_EQ(n_installed(0), 2);	/* old ones deleted */
	check_matching();
	check_tunnels();
	CHECK_EQ(W.s[0].l2tp_adds, 1);	/* switched, never torn down */
	CHECK_EQ(W.s[1].l2tp_adds, 1);
	run_for(200000);		/* several more */
	check_matching();
	check_tunnels();
	CHECK(W.s[0].sa_adds >= adds + 8);
	teardown();
}

static void rekey_collision(void)
{
	if (setup(NULL, "  lifetime 60s\n", NULL, "  lifetime 60s\n"))
		{ CHECK(0); return; }
	pump();
	run_for(400000);
	check_matching();
	check_tunnels();
	CHECK(first_sa(0) && first_sa(1));
	teardown();
}

/* Both ends start rekeying the same child at the same moment. */
static void forced_child_collision(void)
{
	struct ike_sa *a, *b;

	if (setup(NULL, NULL, NULL, NULL))
		{ CHECK(0); return; }
	pump();
	a = first_sa(0);
	b = first_sa(1);
	CHECK(a && b && a->children && b->children);
	if (!a || !b || !a->children || !b->children)
		{ teardown(); return; }
	CHECK(!exch_child_rekey_start(a->children));
	CHECK(!exch_child_rekey_start(b->children));
	pump();
	run_for(20000);		/* the loser retries after TEMPORARY_FAILURE */
	CHECK_EQ(n_installed(0), 2);
	check_matching();
	check_tunnels();
	CHECK(W.s[0].sa_adds >= 4);
	teardown();
}

/* Both ends start rekeying the IKE SA at the same moment. */
static void forced_ike_collision(void)
{
	struct ike_sa *a, *b;
	unsigned int n = 0;

	if (setup(NULL, NULL, NULL, NULL))
		{ CHECK(0); return; }
	pump();
	a = first_sa(0);
	b = first_sa(1);
	CHECK(a && b);
	if (!a || !b)
		{ teardown(); return; }
	CHECK(!exch_ike_rekey_start(a));
	CHECK(!exch_ike_rekey_start(b));
	pump();
	run_for(40000);
	for (struct ike_sa *s = W.s[0].d.sas; s; s = s->next)
		n += s->state == IKE_S_ESTABLISHED;
	CHECK_EQ(n, 1);
	CHECK(first_sa(0) && first_sa(0) != a);
	CHECK(first_sa(1) && first_sa(1) != b);
	check_matching();
	check_tunnels();
	teardown();
}

static void ike_rekey(void)
{
	struct ike_sa *a;
	uint8_t old_spi[8];

	if (setup(NULL, "  ike-lifetime 120s\n", NULL, NULL))
		{ CHECK(0); return; }
	pump();
	a = first_sa(0);
	CHECK(a != NULL);
	if (!a)
		{ teardown(); return; }
	memcpy(old_spi, a->spi_i, 8);
	run_for(125000);
	a = first_sa(0);
	CHECK(a && memcmp(a->spi_i, old_spi, 8));
	CHECK(first_sa(1) != NULL);
	/* exactly one IKE SA each, children moved */
	{
		unsigned int n = 0;

		for (struct ike_sa *s = W.s[0].d.sas; s; s = s->next)
			n += s->state != IKE_S_DEAD;
		CHECK_EQ(n, 1);
	}
	CHECK(a && a->children != NULL);
	check_matching();
	check_tunnels();
	/* the rekeyed SA works: a child rekey over it */
	teardown();
}

static void dead_peer(void)
{
	if (setup(NULL, "  dpd 10s\n  dpd-timeout 30s\n", NULL, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(first_sa(0) != NULL);
	W.drop_to[1] = true;		/* B vanishes */
	W.drop_to[0] = true;
	run_for(45000);
	CHECK(first_sa(0) == NULL);
	CHECK_EQ(n_installed(0), 0);
	CHECK(!W.s[0].l2tp_up);
	teardown();
}

static void shutdown_deletes(void)
{
	if (setup(NULL, NULL, NULL, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(first_sa(1) != NULL);
	ked_shutdown(&W.s[0].d);
	CHECK_EQ(n_installed(0), 0);
	CHECK(!W.s[0].l2tp_up);
	pump();
	CHECK(first_sa(1) == NULL);
	CHECK_EQ(n_installed(1), 0);
	CHECK(!W.s[1].l2tp_up);
	teardown();
}

static void behind_nat(void)
{
	world();
	W.nat = true;
	if (setup_side(0, NULL, NULL, true))
		{ CHECK(0); return; }
	{
		/* B sees A as 10.9.9.9 */
		char text[1024], err[256];
		struct conf *c = calloc(1, sizeof(*c));

		snprintf(text, sizeof(text),
			 "conn peer {\n local 192.0.2.2\n remote 10.9.9.9\n remote-id ip:192.0.2.1\n auth psk\n"
			 " psk \"0123456789abcdef-shared\"\n l2tp {\n tunnel-id 101\n"
			 " peer-tunnel-id 100\n session-id 11\n peer-session-id 10\n }\n}\n");
		CHECK(!conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
		memset(&W.s[1], 0, sizeof(W.s[1]));
		inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
		CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	}
	pump();
	CHECK(first_sa(0) && first_sa(1));
	if (first_sa(0) && first_sa(1)) {
		CHECK(first_sa(0)->natt && first_sa(0)->nat_local);
		CHECK(first_sa(1)->natt && first_sa(1)->nat_remote);
		CHECK_EQ(ntohs(first_sa(1)->remote.sin_port), 4500 + 30000);
	}
	check_matching();
	for (int k = 0; k < MAXSA; k++)
		if (W.s[0].sas[k].used)
			CHECK(W.s[0].sas[k].sa.encap);
	teardown();
}

static void reload_keeps_unchanged(void)
{
	char text[2048], err[256];
	struct conf *c;
	struct ike_sa *b;

	if (setup(NULL, NULL, NULL, NULL))
		{ CHECK(0); return; }
	pump();
	b = first_sa(1);
	CHECK(b != NULL);
	/* same text as setup_side(1, ...) */
	snprintf(text, sizeof(text),
		 "\nconn peer {\n  local %s\n  remote %s\n  auth psk\n"
		 "  psk \"0123456789abcdef-shared\"\n  start listen\n\n"
		 "  l2tp {\n    tunnel-id 101\n    peer-tunnel-id 100\n"
		 "    session-id 11\n    peer-session-id 10\n  }\n}\n", addr_txt[1], addr_txt[0]);
	c = calloc(1, sizeof(*c));
	CHECK(!conf_load_string("test.conf", text, strlen(text), c, err, sizeof(err)));
	CHECK(!ked_reload(&W.s[1].d, c, err, sizeof(err)));
	CHECK(first_sa(1) == b);
	pump();
	CHECK(first_sa(0) != NULL);
	/* now change the conn: the SA goes, the peer hears of it */
	c = calloc(1, sizeof(*c));
	strcat(text, "conn other {\n local 192.0.2.2\n remote 192.0.2.77\n auth psk\n"
		     " psk \"0123456789abcdef-xx\"\n}\n");
	{
		char *p = strstr(text, "start listen");

		memcpy(p, "dpd 5s      ", 12);
	}
	CHECK(!conf_load_string("test.conf", text, strlen(text), c, err, sizeof(err)));
	CHECK(!ked_reload(&W.s[1].d, c, err, sizeof(err)));
	pump();
	CHECK(first_sa(1) == NULL || first_sa(1) != b);
	teardown();
}

const struct test_case ike_exchange_tests[] = {
	T(establish_psk_gcm),
	T(establish_cbc_defaults),
	T(wrong_psk_fails),
	T(cookies_engaged),
	T(invalid_ke_retry),
	T(lost_auth_response),
	T(child_rekey),
	T(rekey_collision),
	T(forced_child_collision),
	T(forced_ike_collision),
	T(ike_rekey),
	T(dead_peer),
	T(shutdown_deletes),
	T(behind_nat),
	T(reload_keeps_unchanged),
	T_END
};
