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
	if (setup_side(0, NULL, V1 CBC, true))
		{ CHECK(0); return; }
	{
		/* side 1 by hand, with another key */
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

/* Each main/aggressive mode and quick mode message lost once, in turn. */
static void lose_each(const char *x, unsigned int n_msgs)
{
	for (unsigned int lose = 1; lose <= n_msgs; lose++) {
		unsigned int sent = 0;

		if (setup_v1(x, x))
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

static void lost_messages(void)
{
	lose_each(NULL, 9);
	lose_each(CBC "  aggressive yes\n", 6);
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

/* A peer without DPD (Windows) lives as long as its ESP does. */
static void esp_liveness(void)
{
	struct ike_sa *b;

	if (setup_v1(CBC "  dpd 10s\n  dpd-timeout 30s\n", CBC "  dpd 10s\n  dpd-timeout 30s\n"))
		{ CHECK(0); return; }
	pump();
	b = first_sa(1);
	CHECK(b != NULL);
	if (!b) {
		teardown();
		return;
	}
	v1(b)->peer_dpd = false;	/* as if side 0 had sent no DPD VID */
	b->dpd_off = true;
	ikev1_update_deadline(b);
	ike_sa_reschedule(b);
	W.drop_to[1] = true;		/* no IKE message reaches it: only ESP counts */
	for (int i = 0; i < 90; i++) {
		W.s[1].rx_packets++;
		run_for(1000);
	}
	CHECK(first_sa(1) == b);
	check_timers(1);
	run_for(45000);			/* ESP stops */
	CHECK(first_sa(1) == NULL);
	CHECK_EQ(n_installed(1), 0);
	teardown();
}

/* Our lifetime is shorter than the initiator's: RESPONDER-LIFETIME. */
static void responder_lifetime(void)
{
	struct ike_sa *a, *b;

	if (setup_v1(CBC "  lifetime 1h\n", CBC "  lifetime 20m\n  lifebytes 100M\n"))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	a = first_sa(0);
	b = first_sa(1);
	if (a && b && a->children && b->children) {
		CHECK_EQ(b->children->life_s, 1200);
		CHECK_EQ(a->children->life_s, 1200);
		CHECK_EQ(a->children->life_bytes, 100ull << 20);
		CHECK(b->children->no_rekey && !a->children->no_rekey);
	}
	teardown();
}

/* The commit bit: the responder answers HASH(3) with CONNECTED. */
static void commit_bit(void)
{
	bool qm1_seen = false, connected = false;

	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		while (W.nq) {
			struct pkt *p = &W.q[0];

			if (p->len > 28 && p->data[18] == IKEV1_EXCH_QUICK) {
				if (pkt_side(p) == 1 && !qm1_seen) {
					p->data[19] |= IKEV1_FLAG_COMMIT;	/* not covered by HASH(1) */
					qm1_seen = true;
				} else if (pkt_side(p) == 0 && (p->data[19] & IKEV1_FLAG_COMMIT)) {
					connected = true;
				}
			}
			deliver(0);
		}
		W.now += 250;
	}
	CHECK(qm1_seen);
	CHECK(connected);
	check_v1_pair();
	check_matching();
	teardown();
}

/* The initiator renews the ISAKMP SA with a new main mode: the child SAs
 * move over, no traffic SA is lost, the old ISAKMP SA goes. */
static void phase1_renewal(void)
{
	struct ike_sa *a0, *b0;
	uint32_t out0;

	if (setup_v1(CBC "  ike-lifetime 60s\n", CBC "  ike-lifetime 60s\n"))
		{ CHECK(0); return; }
	pump();
	a0 = first_sa(0);
	b0 = first_sa(1);
	out0 = W.s[0].l2tp_sa_out;
	CHECK(a0 && b0);
	run_for(57000);		/* renewed at 54 s, the old one ends at 60 s */
	run_for(10000);
	check_v1_pair();
	CHECK(first_sa(0) && first_sa(0) != a0);
	CHECK(first_sa(1) && first_sa(1) != b0);
	{
		unsigned int n[2] = { 0, 0 };

		for (int i = 0; i < 2; i++)
			for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
				n[i] += sa->state != IKE_S_DEAD;
		CHECK_EQ(n[0], 1);
		CHECK_EQ(n[1], 1);
	}
	/* the same child SAs, never re-created */
	CHECK_EQ(W.s[0].l2tp_sa_out, out0);
	CHECK_EQ(n_installed(0), 2);
	check_matching();
	check_tunnels();
	teardown();
}

/* A main mode first message (what tests/tools/ikeflood -1 sends). */
static const uint8_t flood_mm1[] = {
	0xc2, 0x67, 0x3b, 0x44, 0xc7, 0x69, 0xb6, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x10, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x38,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2c, 0x01, 0x01, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x24, 0x01, 0x01, 0x00, 0x00, 0x80, 0x01, 0x00, 0x07, 0x80, 0x0e, 0x01, 0x00,
	0x80, 0x02, 0x00, 0x02, 0x80, 0x03, 0x00, 0x01, 0x80, 0x04, 0x00, 0x0e, 0x80, 0x0b, 0x00, 0x01,
	0x80, 0x0c, 0x70, 0x80,
};

/*
 * 10,000 main mode first messages from 10,000 addresses, 500 a second,
 * with a legitimate client connecting in the middle: it gets its SA while
 * the flood runs; half-open SAs stay bounded and then time out.
 */
static void main_mode_flood(void)
{
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(500) }, from = local;
	unsigned int max_half = 0;
	uint8_t msg[sizeof(flood_mm1)];
	struct ike_sa *legit = NULL;

	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	{
		/* side 1 also answers anyone (remote any) */
		char text[2048], err[256];
		struct conf *c = calloc(1, sizeof(*c)), *old = W.s[1].d.conf;

		snprintf(text, sizeof(text),
			 "conn peer {\n local 192.0.2.2\n remote 192.0.2.1\n auth psk\n"
			 " psk \"0123456789abcdef-shared\"\n" V1 CBC " l2tp {\n tunnel-id 101\n"
			 " peer-tunnel-id 100\n session-id 11\n peer-session-id 10\n }\n}\n"
			 "conn any {\n local 192.0.2.2\n remote any\n auth psk\n"
			 " psk \"another-shared-secret-16\"\n" V1 "}\n");
		CHECK(c && !conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
		ked_free(&W.s[1].d);
		conf_free(old);
		free(old);
		memset(&W.s[1].d, 0, sizeof(W.s[1].d));
		CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	}
	W.drop_to[0] = true;	/* hold the client back until the flood is on */
	inet_pton(AF_INET, addr_txt[1], &local.sin_addr);
	for (uint32_t i = 0; i < 10000; i++) {
		memcpy(msg, flood_mm1, sizeof(msg));
		memcpy(msg, &i, sizeof(i));
		msg[7] = 1;
		from.sin_addr.s_addr = htonl(0x0a630000u + 1 + i);	/* 10.99.x.y */
		ked_input(&W.s[1].d, msg, sizeof(msg), &local, &from);
		W.nq = 0;	/* the answers go nowhere */
		if (i % 50 == 49) {
			W.now += 100;
			ked_tick(&W.s[1].d);
		}
		if (W.s[1].d.n_half_open > max_half)
			max_half = W.s[1].d.n_half_open;
		if (i == 5000) {
			W.drop_to[0] = false;
			ked_tick(&W.s[0].d);	/* the client starts */
		}
		if (i >= 5000 && W.nq) {
			while (W.nq)
				deliver(0);
			ked_tick(&W.s[0].d);
		}
		if (!legit)
			legit = first_sa(1);
	}
	CHECK(legit != NULL);
	CHECK(max_half <= 4096);
	run_for(2000);
	CHECK(first_sa(0) && first_sa(1) && first_sa(1)->children);
	check_matching();
	check_tunnels();
	run_for((uint64_t)W.s[1].d.conf->half_open_timeout * 1000 + 5000);
	CHECK_EQ(W.s[1].d.n_half_open, 0);
	fprintf(stderr, "  main mode flood: %u half-open at most, client established: %s\n",
		max_half, legit ? "yes" : "no");
	teardown();
}

/* A catch-all conn listed first does not hide one pinned to the client. */
static void conn_by_identity(void)
{
	char text[2048], err[256];
	struct conf *c;

	world();
	if (setup_side(0, NULL, V1 CBC, true))
		{ CHECK(0); return; }
	c = calloc(1, sizeof(*c));
	snprintf(text, sizeof(text),
		 "conn generic {\n local 192.0.2.2\n remote any\n auth psk\n"
		 " psk \"0123456789abcdef-shared\"\n" V1 CBC "}\n"
		 "conn pinned {\n local 192.0.2.2\n remote any\n remote-id ip:192.0.2.1\n"
		 " auth psk\n psk \"0123456789abcdef-shared\"\n" V1 CBC
		 " l2tp {\n tunnel-id 101\n peer-tunnel-id 100\n session-id 11\n"
		 " peer-session-id 10\n }\n}\n");
	CHECK(c && !conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
	memset(&W.s[1], 0, sizeof(W.s[1]));
	inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
	CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	pump();
	CHECK(first_sa(1) && !strcmp(first_sa(1)->conn_name, "pinned"));
	check_matching();
	check_tunnels();
	teardown();
}

/* A quick mode message that does not authenticate moves nothing. */
static void forged_quick_mode(void)
{
	struct sockaddr_in local = { .sin_family = AF_INET }, from = local;
	struct ike_sa *b;
	uint8_t msg[28 + 64];
	struct sockaddr_in before;

	if (nat_world(NULL))
		{ CHECK(0); return; }
	pump();
	b = first_sa(1);
	CHECK(b != NULL);
	if (!b) {
		teardown();
		return;
	}
	before = b->remote;
	memset(msg, 0x5a, sizeof(msg));
	memcpy(msg, b->spi_i, 8);
	memcpy(msg + 8, b->spi_r, 8);
	msg[16] = IKEV1_PL_HASH;
	msg[17] = IKEV1_VERSION;
	msg[18] = IKEV1_EXCH_QUICK;
	msg[19] = IKEV1_FLAG_ENCRYPTION;
	msg[24] = msg[25] = msg[26] = 0;
	msg[27] = sizeof(msg);
	local = b->local;
	from = b->remote;
	from.sin_port = htons(40000);
	for (int k = 0; k < 3; k++) {
		msg[20] = (uint8_t)k;	/* message IDs */
		ked_input(&W.s[1].d, msg, sizeof(msg), &local, &from);
		msg[18] = k ? IKEV1_EXCH_INFORMATIONAL : IKEV1_EXCH_QUICK;
	}
	CHECK(first_sa(1) == b);
	CHECK_EQ(b->remote.sin_port, before.sin_port);
	CHECK_EQ(b->remote.sin_addr.s_addr, before.sin_addr.s_addr);
	check_matching();
	teardown();
}

#define AGGR "  aggressive yes\n"

static void aggressive_mode(void)
{
	/* refused unless the responder's conn allows it */
	if (setup_v1(CBC AGGR, NULL))
		{ CHECK(0); return; }
	run_for(5000);
	CHECK(!first_sa(0) && !first_sa(1));
	CHECK_EQ(W.s[1].d.n_half_open, 0);
	teardown();

	if (setup_v1(CBC AGGR, CBC AGGR))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	if (first_sa(1))
		CHECK(v1(first_sa(1))->aggressive);
	check_matching();
	check_tunnels();
	teardown();

	/* behind a NAT: the float happens with the third message */
	if (nat_world(AGGR))
		{ CHECK(0); return; }
	W.s[0].d.conf->conns[0].aggressive = true;
	pump();
	check_v1_pair();
	if (first_sa(1)) {
		CHECK(first_sa(1)->natt);
		CHECK_EQ(ntohs(first_sa(1)->remote.sin_port), 4500 + 30000);
	}
	check_matching();
	check_tunnels();
	teardown();
}

/* Aggressive mode's one gain: a pre-shared key per client identity. */
static void aggressive_psk_per_identity(void)
{
	char text[2048], err[256];
	struct conf *c;

	world();
	if (setup_side(0, NULL, V1 CBC AGGR "  local-id fqdn:client2.example\n"
		       "  remote-id ip:192.0.2.2\n", true))
		{ CHECK(0); return; }
	/* side 0's key is the world's: make it client 2's own */
	{
		struct conf_conn *cn = &W.s[0].d.conf->conns[0];

		memcpy(cn->psk, "client-2-own-pre-shared-key", 27);
		cn->psk_len = 27;
	}
	c = calloc(1, sizeof(*c));
	snprintf(text, sizeof(text),
		 "conn client1 {\n local 192.0.2.2\n remote any\n remote-id fqdn:client1.example\n"
		 " auth psk\n psk \"client-1-own-pre-shared-key\"\n" V1 CBC AGGR "}\n"
		 "conn client2 {\n local 192.0.2.2\n remote any\n remote-id fqdn:client2.example\n"
		 " auth psk\n psk \"client-2-own-pre-shared-key\"\n" V1 CBC AGGR
		 " l2tp {\n tunnel-id 101\n peer-tunnel-id 100\n session-id 11\n"
		 " peer-session-id 10\n }\n}\n");
	CHECK(c && !conf_load_string("t", text, strlen(text), c, err, sizeof(err)));
	memset(&W.s[1], 0, sizeof(W.s[1]));
	inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
	CHECK(!ked_init(&W.s[1].d, &fops, NULL, c, err, sizeof(err)));
	pump();
	CHECK(first_sa(1) && !strcmp(first_sa(1)->conn_name, "client2"));
	if (first_sa(1))
		CHECK(!strcmp(first_sa(1)->peer_id, "fqdn:client2.example"));
	check_matching();
	check_tunnels();
	teardown();
}

/*
 * Seeds for fuzz/fuzz_ikev1_input.c: the datagrams side 1 receives in a
 * whole exchange, as that harness reads them (2-byte length, flags: 4 =
 * write the newest SA's cookies in, 1 = NAT-T port). Written when
 * IKEV1_INPUT_SEED_DIR is set.
 */
static void write_seed(const char *name, const char *x0, const char *x1)
{
	const char *dir = getenv("IKEV1_INPUT_SEED_DIR");
	char path[4096];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || setup_v1(x0, x1)) {
		CHECK(0);
		if (f)
			fclose(f);
		return;
	}
	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		while (W.nq) {
			const struct pkt *p = &W.q[0];

			if (pkt_side(p) == 1) {
				uint8_t rec[3] = { (uint8_t)(p->len >> 8), (uint8_t)p->len,
						   (uint8_t)((p->data[8] || p->data[9] ? 4 : 0) |
							     (ntohs(p->to.sin_port) == 4500)) };

				fwrite(rec, 1, 3, f);
				fwrite(p->data, 1, p->len, f);
			}
			deliver(0);
		}
		W.now += 250;
	}
	fclose(f);
	teardown();
}

static void fuzz_seeds(void)
{
	write_seed("main-quick", NULL, NULL);
	write_seed("aggressive-quick", CBC "  aggressive yes\n", CBC "  aggressive yes\n");
	write_seed("main-quick-dpd", CBC "  dpd 2s\n  dpd-timeout 4s\n",
		   CBC "  dpd 2s\n  dpd-timeout 4s\n");
}

/* PFS: the initiator's esp proposals name a group; the responder follows. */
static void quick_mode_pfs(void)
{
	if (setup_v1("  ike aes256-sha256-modp2048\n  esp aes256-sha256-modp2048\n  lifetime 60s\n",
		     "  ike aes256-sha256-modp2048\n  esp aes256-sha256\n"))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	if (first_sa(0) && first_sa(0)->children && first_sa(1) && first_sa(1)->children) {
		CHECK_EQ(first_sa(0)->children->alg.dh, IKE_DH_MODP_2048);
		CHECK_EQ(first_sa(1)->children->alg.dh, IKE_DH_MODP_2048);
	}
	check_matching();
	check_tunnels();
	run_for(70000);		/* a rekey with PFS too */
	check_v1_pair();
	check_matching();
	check_tunnels();
	teardown();
}

/* Both ends delete at the same moment: the deletes cross on the wire. */
static void crossing_deletes(void)
{
	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	check_v1_pair();
	ked_shutdown(&W.s[0].d);
	ked_shutdown(&W.s[1].d);	/* before side 0's deletes are delivered */
	pump();
	CHECK_EQ(n_installed(0), 0);
	CHECK_EQ(n_installed(1), 0);
	CHECK(!first_sa(0) && !first_sa(1));
	CHECK(!W.s[0].l2tp_up && !W.s[1].l2tp_up);
	teardown();
}

/* Both ends rekey the same child at once (IKEv1 allows both SAs). */
static void rekey_collision(void)
{
	struct ike_sa *a, *b;

	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	pump();
	a = first_sa(0);
	b = first_sa(1);
	CHECK(a && b && a->children && b->children);
	if (!a || !b || !a->children || !b->children) {
		teardown();
		return;
	}
	CHECK(!ikev1_quick_start(a, a->children->spi_in));
	CHECK(!ikev1_quick_start(b, b->children->spi_in));
	pump();
	run_for(3000);
	check_v1_pair();
	check_matching();
	check_tunnels();
	teardown();
}

/* Every datagram delivered twice: the peer's retransmissions of each
 * message of main mode, quick mode and the deletes, answered from the
 * caches and never acted on twice. */
static void every_message_twice(void)
{
	if (setup_v1(NULL, NULL))
		{ CHECK(0); return; }
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		for (unsigned int k = 0, n = W.nq; k < n && W.nq < MAXQ; k++)
			W.q[W.nq++] = W.q[k];	/* a copy of each, once */
		while (W.nq)
			deliver(0);
		W.now += 250;
	}
	check_v1_pair();
	check_matching();
	check_tunnels();
	ked_shutdown(&W.s[0].d);
	pump();
	CHECK_EQ(n_installed(1), 0);
	teardown();
}

const struct test_case ikev1_exchange_tests[] = {
	T(crossing_deletes),
	T(rekey_collision),
	T(every_message_twice),
	T(quick_mode_pfs),
	T(fuzz_seeds),
	T(aggressive_mode),
	T(aggressive_psk_per_identity),
	T(conn_by_identity),
	T(forged_quick_mode),
	T(main_mode_flood),
	T(phase1_renewal),
	T(esp_liveness),
	T(responder_lifetime),
	T(commit_bit),
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
