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

/* Side i from a conn body that brings its own auth lines (no psk). */
static int setup_cert(int i, const char *global, const char *extra, bool initiate)
{
	char text[4096], err[512];
	struct conf *c = calloc(1, sizeof(*c));

	snprintf(text, sizeof(text),
		 "%s\nconn peer {\n  local %s\n  remote %s\n  start %s\n%s\n"
		 "  l2tp {\n    tunnel-id %d\n    peer-tunnel-id %d\n"
		 "    session-id %d\n    peer-session-id %d\n  }\n}\n", global, addr_txt[i],
		 addr_txt[1 - i], initiate ? "initiate" : "listen", extra, 100 + i, 101 - i,
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
		CHECK_EQ(first_sa(1)->peer_private.s_addr, W.s[0].addr.s_addr);
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

/*
 * Issue 12 with IKEv1 (a Windows client sends no DPD): the module's
 * SA_MAPPING event for the client's new NAT port moves the IKE SA and
 * both ESP SAs of its child; a new NAT address moves the tunnel too.
 */
static void nat_mapping_moves(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct in_addr a;
	struct ike_sa *b;
	int n = 0;

	if (nat_world(NULL))
		{ CHECK(0); return; }
	pump();
	b = first_sa(1);
	CHECK(b && b->children);
	if (!b || !b->children) {
		teardown();
		return;
	}
	inet_pton(AF_INET, "10.9.9.8", &to.sin_addr);
	to.sin_port = htons(40001);
	ked_mapping(&W.s[1].d, b->children->spi_in, L2TPSEC_DIR_IN, &to);
	CHECK_EQ(b->remote.sin_addr.s_addr, to.sin_addr.s_addr);
	CHECK_EQ(ntohs(b->remote.sin_port), 40001);
	CHECK_EQ(W.s[1].sa_moves, 2);
	CHECK_EQ(W.s[1].l2tp_moves, 1);
	CHECK_EQ(W.s[1].l2tp_peer.s_addr, to.sin_addr.s_addr);
	inet_pton(AF_INET, "10.9.9.8", &a);
	for (int k = 0; k < MAXSA; k++)
		if (W.s[1].sas[k].used) {
			n++;
			CHECK_EQ(W.s[1].sas[k].sa.peer.s_addr, a.s_addr);
			CHECK_EQ(W.s[1].sas[k].sa.dport, 40001);
		}
	CHECK_EQ(n, 2);
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

/* Certificates: RSA signatures over HASH_I/HASH_R, chain and CRL checked. */
static void main_quick_cert(void)
{
	char g[2048], x[2048];
	const char *d = test_data_dir();

	snprintf(g, sizeof(g), "ca %s/data/auth/ca.pem\ncrl %s/data/auth/ca.crl\n", d, d);
	snprintf(x, sizeof(x), V1 CBC "  auth cert\n  cert %s/data/auth/rsa.pem\n"
		 "  key %s/data/auth/rsa.key\n  local-id fqdn:rsa.example.org\n"
		 "  remote-id fqdn:rsa.example.org\n", d, d);
	world();
	if (setup_cert(0, g, x, true) || setup_cert(1, g, x, false))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	if (first_sa(1))
		CHECK(!strcmp(first_sa(1)->peer_id, "fqdn:rsa.example.org"));
	check_matching();
	check_tunnels();
	teardown();
}

/* An EC certificate cannot sign in IKEv1 here: the daemon says so at start. */
static void cert_ec_refused(void)
{
	char g[1024], x0[2048], x1[2048], text[4096], err[512];
	const char *d = test_data_dir();
	struct conf *c = calloc(1, sizeof(*c));
	struct ked k;

	snprintf(g, sizeof(g), "ca %s/data/auth/ca.pem\n", d);
	snprintf(x0, sizeof(x0), V1 CBC "  auth cert\n  cert %s/data/auth/usage-eku-ipsec.pem\n"
		 "  key %s/data/auth/usage-eku-ipsec.key\n  remote-id any\n", d, d);
	snprintf(x1, sizeof(x1), V1 CBC "  auth cert\n  cert %s/data/auth/rsa.pem\n"
		 "  key %s/data/auth/rsa.key\n  remote-id any\n", d, d);
	snprintf(text, sizeof(text), "%s\nconn peer {\n local 192.0.2.1\n remote 192.0.2.2\n%s}\n",
		 g, x0);
	CHECK(c && !conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
	memset(&k, 0, sizeof(k));
	CHECK(ked_init(&k, &fops, NULL, c, err, sizeof(err)) == -1);
	CHECK(strstr(err, "IKEv1 signatures need an RSA key") != NULL);
	conf_free(c);
	free(c);
	/* the RSA one is fine */
	world();
	CHECK(!setup_cert(1, g, x1, false));
	c = W.s[1].d.conf;
	ked_free(&W.s[1].d);
	conf_free(c);
	free(c);
}

/*
 * The built-in clients' proposal lists (as initiator) against a responder
 * with the IKEv1 defaults (plus `weak yes` where the client needs it).
 */
static void client_families(void)
{
	static const struct {
		const char *name, *client, *gw;
		uint16_t encr_bits, dh;
		uint8_t kalg;
	} fam[] = {
		{ "windows", "  ike aes256-sha1-ecp384, aes128-sha1-ecp256, aes256-sha1-modp2048\n"
		  "  esp aes256-sha1, aes128-sha1\n", "", 256, IKE_DH_ECP_384,
		  L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1 },
		{ "macos", "  ike aes256-sha256-modp2048, aes256-sha1-modp2048\n"
		  "  esp aes256-sha1, aes128-sha1\n", "", 256, IKE_DH_MODP_2048,
		  L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1 },
		{ "android", "  weak yes\n  ike aes256-sha256-modp1024, aes128-sha1-modp1024\n"
		  "  esp aes128-sha1\n", "  weak yes\n  ike aes256-aes128-sha256-sha1-modp2048-modp1024\n",
		  256, IKE_DH_MODP_1024, L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1 },
		/* Android's ESP with HMAC-SHA2-256 truncated to 96 bits, per conn */
		{ "android-sha256", "  weak yes\n  ike aes256-sha256-modp1024\n  esp aes256-sha256_96\n",
		  "  weak yes\n  ike aes256-sha256-modp1024\n  esp aes256-sha256_96, aes256-sha1\n",
		  256, IKE_DH_MODP_1024, L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96 },
		{ "3des", "  weak yes\n  ike 3des-sha1-modp1024\n  esp 3des-sha1\n",
		  "  weak yes\n  ike aes256-3des-sha1-modp2048-modp1024\n  esp aes256-3des-sha1\n",
		  0, IKE_DH_MODP_1024, L2TPSEC_ALG_3DES_CBC_HMAC_SHA1 },
	};

	for (size_t i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		char a[512], b[512];

		snprintf(a, sizeof(a), V1 "%s", fam[i].client);
		snprintf(b, sizeof(b), V1 "%s", fam[i].gw);
		if (setup(NULL, a, NULL, b))
			{ CHECK(0); return; }
		pump();
		check_v1_pair();
		if (first_sa(1)) {
			CHECK_EQ(first_sa(1)->alg.encr_bits, fam[i].encr_bits);
			CHECK_EQ(first_sa(1)->alg.dh, fam[i].dh);
		}
		check_matching();
		check_tunnels();
		for (int k = 0; k < MAXSA; k++)
			if (W.s[1].sas[k].used)
				CHECK_EQ(W.s[1].sas[k].sa.alg, fam[i].kalg);
		teardown();
	}
}

const struct test_case ikev1_exchange_tests[] = {
	T(client_families),
	T(main_quick_cert),
	T(cert_ec_refused),
	T(main_quick_psk),
	T(wrong_psk),
	T(behind_nat), T(nat_mapping_moves),
	T(lost_messages),
	T(delete_both_ways),
	T(child_rekey),
	T(dead_peer_dpd),
	T(initial_contact),
	T_END
};
