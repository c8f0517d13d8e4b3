// SPDX-License-Identifier: GPL-2.0
/*
 * Two l2tpsecd instances speaking IKEv1 to each other in-process, in the
 * world of tests/ikev2/exch_world.c (fake network, kernel and clock):
 * main mode + quick mode with a pre-shared key, directly and behind a
 * NAT, lost messages answered from the retransmission caches, wrong keys,
 * child SA rekeying, deletes both ways, DPD and INITIAL-CONTACT.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ked.h"
#include "l2tpsec.h"
#include "test.h"

#include "../ikev2/exch_world.h"

#define V1 "  version 1\n"
#define CBC "  ike aes256-sha256-modp2048\n  esp aes256-sha256\n"

static int setup_v1(const char *x0, const char *x1)
{
	char a[512], b[512];

	snprintf(a, sizeof(a), V1 "%s", x0 ? x0 : CBC);
	snprintf(b, sizeof(b), V1 "%s", x1 ? x1 : CBC);
	return setup(NULL, a, NULL, b);
}

static void check_v1_pair(void)
{
	struct ike_sa *a = first_sa(0), *b = first_sa(1);

	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_EQ(a->version, 1);
	CHECK_EQ(b->version, 1);
	CHECK(a->initiator && !b->initiator);
	CHECK(!memcmp(a->spi_i, b->spi_i, 8) && !memcmp(a->spi_r, b->spi_r, 8));
	CHECK(a->children && b->children);
	CHECK_EQ(W.s[1].d.n_half_open, 0);
}

static void main_quick_psk(void)
{
	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	CHECK_EQ(n_installed(0), 2);
	check_matching();
	check_tunnels();
	for (int k = 0; k < MAXSA; k++)
		if (W.s[1].sas[k].used) {
			CHECK_EQ(W.s[1].sas[k].sa.alg, L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256);
			CHECK(!W.s[1].sas[k].sa.encap);
		}
	CHECK(!first_sa(0)->natt && !first_sa(1)->natt);
	teardown();
}

static void wrong_psk(void)
{
	world();
	if (setup_side(0, NULL, V1 CBC, true) ||
	    setup_side(1, NULL, V1 CBC "  psk-file /nonexistent\n", false)) {
		/* psk-file must exist: build side 1 by hand with another key */
		char text[1024], err[256];
		struct conf *c = calloc(1, sizeof(*c));

		snprintf(text, sizeof(text),
			 "conn peer {\n local 192.0.2.2\n remote 192.0.2.1\n auth psk\n"
			 " psk \"another secret, 16+ bytes\"\n" V1 CBC "}\n");
		CHECK(!conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
		memset(&W.s[1], 0, sizeof(W.s[1]));
		inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
		CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	}
	run_for(3000);
	CHECK(!first_sa(0) && !first_sa(1));
	CHECK_EQ(n_installed(0), 0);
	CHECK_EQ(n_installed(1), 0);
	teardown();
}

/* Side 1 as a responder for side 0 behind a NAT (seen as 10.9.9.9). */
static int nat_world(const char *x1)
{
	char text[1024], err[256];
	struct conf *c = calloc(1, sizeof(*c));

	world();
	W.nat = true;
	if (!c || setup_side(0, NULL, V1 CBC, true))
		return -1;
	snprintf(text, sizeof(text),
		 "conn peer {\n local 192.0.2.2\n remote %s\n auth psk\n"
		 " psk \"0123456789abcdef-shared\"\n" V1 CBC "%s l2tp {\n tunnel-id 101\n"
		 " peer-tunnel-id 100\n session-id 11\n peer-session-id 10\n }\n}\n",
		 "10.9.9.9\n remote-id ip:192.0.2.1", x1 ? x1 : "");
	if (conf_load_string("t", text, strlen(text), c, err, sizeof(err))) {
		fprintf(stderr, "  conf: %s\n", err);
		return -1;
	}
	memset(&W.s[1], 0, sizeof(W.s[1]));
	inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
	return ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err));
}

static void behind_nat(void)
{
	if (nat_world(NULL))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	if (first_sa(0) && first_sa(1)) {
		CHECK(first_sa(0)->natt && first_sa(1)->natt);
		CHECK(first_sa(0)->nat_local);
		CHECK(first_sa(1)->nat_remote);
		CHECK_EQ(ntohs(first_sa(1)->local.sin_port), 4500);
		CHECK_EQ(ntohs(first_sa(1)->remote.sin_port), 4500 + 30000);
		/* the client's private address, from its ID / NAT-OA */
		CHECK_EQ(v1(first_sa(1))->peer_private.s_addr, W.s[0].addr.s_addr);
	}
	check_matching();
	check_tunnels();
	for (int k = 0; k < MAXSA; k++)
		if (W.s[1].sas[k].used) {
			CHECK(W.s[1].sas[k].sa.encap);
			CHECK_EQ(W.s[1].sas[k].sa.dport, 4500 + 30000);
		}
	teardown();
}

/* Each main mode and quick mode message lost once, in turn. */
static void lost_messages(void)
{
	for (unsigned int lose = 1; lose <= 9; lose++) {
		unsigned int sent = 0;

		if (setup_v1(NULL, NULL))
			{ CHECK(0); return; }
		for (int round = 0; round < 400 && !(first_sa(0) && n_installed(1) == 2 &&
						    n_installed(0) == 2); round++) {
			for (int i = 0; i < 2; i++)
				ked_tick(&W.s[i].d);
			while (W.nq) {
				if (++sent == lose) {
					W.nq--;
					memmove(&W.q[0], &W.q[1], W.nq * sizeof(W.q[0]));
					continue;
				}
				deliver(0);
			}
			W.now += 250;
		}
		run_for(2000);
		check_v1_pair();
		check_matching();
		check_tunnels();
		teardown();
	}
}

static void delete_both_ways(void)
{
	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	ked_shutdown(&W.s[0].d);
	pump();
	CHECK_EQ(n_installed(0), 0);
	CHECK_EQ(n_installed(1), 0);
	CHECK(!first_sa(1));
	CHECK(!W.s[1].l2tp_up);
	teardown();

	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	ked_shutdown(&W.s[1].d);
	pump();
	CHECK_EQ(n_installed(0), 0);
	CHECK(!first_sa(0) || !first_sa(0)->children);
	teardown();
}

static void child_rekey(void)
{
	uint32_t old_out;

	if (setup_v1(CBC "  lifetime 60s\n", CBC "  lifetime 60s\n"))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	old_out = W.s[0].l2tp_sa_out;
	run_for(70000);
	check_v1_pair();
	CHECK(W.s[0].l2tp_sa_out != old_out);
	CHECK_EQ(n_installed(0), 2);
	check_matching();
	check_tunnels();
	teardown();
}

static void dead_peer_dpd(void)
{
	if (setup_v1(CBC "  dpd 10s\n  dpd-timeout 20s\n", CBC "  dpd 10s\n  dpd-timeout 20s\n"))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	/* DPD is announced by both: quiet but alive peers keep their SAs */
	run_for(40000);
	CHECK(first_sa(0) && first_sa(1));
	W.drop_to[0] = true;
	run_for(60000);
	CHECK(!first_sa(1));
	CHECK_EQ(n_installed(1), 0);
	teardown();
}

static void initial_contact(void)
{
	struct ike_sa *old;
	char err[256];
	struct conf *c;

	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	old = first_sa(1);
	CHECK(old != NULL);
	/* side 0 restarts without telling side 1 (a client that rebooted) */
	c = W.s[0].d.conf;
	W.s[0].d.conf = NULL;
	ked_free(&W.s[0].d);
	memset(W.s[0].sas, 0, sizeof(W.s[0].sas));
	W.s[0].l2tp_up = false;
	CHECK(!ked_init(&W.s[0].d, &fops, NULL, c, err, sizeof(err)));
	pump();
	check_v1_pair();
	CHECK(first_sa(1) != old);
	{
		unsigned int n = 0;

		for (struct ike_sa *sa = W.s[1].d.sas; sa; sa = sa->next)
			n += sa->state != IKE_S_DEAD;
		CHECK_EQ(n, 1);
	}
	check_matching();
	check_tunnels();
	teardown();
}

const struct test_case ikev1_exchange_tests[] = {
	T(main_quick_psk),
	T(wrong_psk),
	T(behind_nat),
	T(lost_messages),
	T(delete_both_ways),
	T(child_rekey),
	T(dead_peer_dpd),
	T(initial_contact),
	T_END
};
