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

#include "child.h"
#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ked.h"
#include "l2tpsec.h"
#include "test.h"

#include "exch_world.h"

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
	run_for(20000);		/* both complete; the redundant pair is deleted (2.8.1) */
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

/* Side 0 behind the NAT (10.9.9.9), side 1 told so: 0, or -1. */
static int nat_pair(void)
{
	world();
	W.nat = true;
	if (setup_side(0, NULL, NULL, true))
		return -1;
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
	return 0;
}

static void behind_nat(void)
{
	if (nat_pair())
		{ CHECK(0); return; }
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

/* Every installed SA of side i goes to / comes from addr:port. */
static void check_sas_at(int i, const char *addr, uint16_t port)
{
	struct in_addr a;
	int n = 0;

	inet_pton(AF_INET, addr, &a);
	for (int k = 0; k < MAXSA; k++) {
		const struct kern_sa *sa = &W.s[i].sas[k].sa;

		if (!W.s[i].sas[k].used)
			continue;
		n++;
		CHECK_EQ(sa->peer.s_addr, a.s_addr);
		CHECK(sa->encap);
		CHECK_EQ(sa->dport, port);
	}
	CHECK(n >= 2);
}

/*
 * Issue 12: the NAT in front of side 0 rebinds. The module's SA_MAPPING
 * event (ked_mapping()) moves side 1's IKE SA, both ESP SAs of every
 * child and (new address) the L2TP tunnel; an authenticated IKE message
 * from a new port does the same (ike_sa_move() from ikev2_input.c).
 */
static void nat_mapping_moves(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct ike_sa *b;
	struct child_sa *c;
	unsigned int moves;

	if (nat_pair())
		{ CHECK(0); return; }
	b = first_sa(1);
	CHECK(b && b->children);
	if (!b || !b->children) {
		teardown();
		return;
	}
	c = b->children;
	check_sas_at(1, "10.9.9.9", 34500);

	/* a new public port */
	inet_pton(AF_INET, "10.9.9.9", &to.sin_addr);
	to.sin_port = htons(34507);
	ked_mapping(&W.s[1].d, c->spi_in, L2TPSEC_DIR_IN, &to);
	CHECK_EQ(ntohs(b->remote.sin_port), 34507);
	CHECK_EQ(b->remote.sin_addr.s_addr, to.sin_addr.s_addr);
	CHECK_EQ(W.s[1].sa_moves, 2);
	CHECK_EQ(W.s[1].l2tp_moves, 0);
	CHECK_EQ(c->rport, 34507);
	check_sas_at(1, "10.9.9.9", 34507);

	/* the same again: nothing to do */
	ked_mapping(&W.s[1].d, c->spi_in, L2TPSEC_DIR_IN, &to);
	CHECK_EQ(W.s[1].sa_moves, 2);
	/* not one of ours: ignored */
	ked_mapping(&W.s[1].d, 0x4242, L2TPSEC_DIR_IN, &to);
	CHECK_EQ(W.s[1].sa_moves, 2);

	/* a new public address: the tunnel follows too */
	inet_pton(AF_INET, "10.9.9.10", &to.sin_addr);
	to.sin_port = htons(34508);
	ked_mapping(&W.s[1].d, c->spi_out, L2TPSEC_DIR_OUT, &to);
	CHECK_EQ(b->remote.sin_addr.s_addr, to.sin_addr.s_addr);
	CHECK_EQ(W.s[1].sa_moves, 4);
	CHECK_EQ(W.s[1].l2tp_moves, 1);
	CHECK_EQ(W.s[1].l2tp_peer.s_addr, to.sin_addr.s_addr);
	check_sas_at(1, "10.9.9.10", 34508);

	/* the NAT rebinds again and side 0 speaks first (a child rekey):
	 * the authenticated request from there moves everything back to
	 * the NAT's address, at its new port, and the new child is there
	 */
	W.nat_rebind = 11;
	moves = W.s[1].sa_moves;
	ked_expire(&W.s[0].d, first_sa(0)->children->spi_in, L2TPSEC_DIR_IN, false);
	pump();
	CHECK(first_sa(1) == b);
	CHECK_EQ(ntohs(b->remote.sin_port), 34511);
	CHECK(W.s[1].sa_moves > moves);
	CHECK_EQ(W.s[1].l2tp_moves, 2);
	check_sas_at(1, "10.9.9.9", 34511);
	check_matching();
	check_tunnels();
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
	T(nat_mapping_moves),
	T(reload_keeps_unchanged),
	T_END
};
