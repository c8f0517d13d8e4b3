// SPDX-License-Identifier: GPL-2.0
/* Tests of the configuration file (conf.c) and proposal strings (proposal.c). */
#include <stdlib.h>

#include "test.h"
#include "conf.h"
#include "proposal.h"

#define F "t.conf"
/* A minimal valid psk conn, open: append more keywords and "}\n". */
#define HEAD "conn a {\n\tlocal 192.0.2.1\n\tremote 198.51.100.2\n\tauth psk\n" \
	"\tpsk \"0123456789abcdef\"\n"
#define L2TP "\tl2tp {\n\t\ttunnel-id 1\n\t\tpeer-tunnel-id 2\n\t\tsession-id 3\n" \
	"\t\tpeer-session-id 4\n\t}\n"

static char err[1024];

/* Parse text (no file system checks unless files); NULL on error (err set). */
static struct conf *parse(const char *text, bool files)
{
	struct conf *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	if (conf_load_string_flags(F, text, strlen(text), files ? 0 : CONF_F_NO_FILES, c, err,
				   sizeof(err))) {
		CHECK_EQ(c->n_conns, 0);
		CHECK(c->conns == NULL);
		free(c);
		return NULL;
	}
	return c;
}

static void drop(struct conf *c)
{
	if (c) {
		conf_free(c);
		free(c);
	}
}

/* text must fail with exactly want. */
static void fails(const char *text, const char *want)
{
	struct conf *c = parse(text, false);

	CHECK(c == NULL);
	drop(c);
	if (!c)
		CHECK_STR(err, want);
}

/* text must fail with a message containing want. */
static void fails_has(const char *text, const char *want)
{
	struct conf *c = parse(text, false);

	CHECK(c == NULL);
	drop(c);
	if (!c)
		CHECK_HAS(err, want);
}

static void ok(const char *text)
{
	struct conf *c = parse(text, false);

	if (!c)
		fprintf(stderr, "  unexpected error: %s\n", err);
	CHECK(c != NULL);
	drop(c);
}

/* One conn keyword line inside HEAD ... "}": the conn, or NULL. */
static struct conf *with_line(const char *line)
{
	char text[8192];

	snprintf(text, sizeof(text), HEAD "%s\n}\n", line);
	return parse(text, false);
}

static const struct conf_conn *conn0(const struct conf *c)
{
	return c && c->n_conns ? &c->conns[0] : NULL;
}

/* ------------------------------------------------------------------ */

/* The IKEv1 remote-access example loads and says what its comments say. */
static void test_example_ikev1(void)
{
	char path[4096];
	struct conf *c = calloc(1, sizeof(*c));
	const struct conf_conn *rw;

	snprintf(path, sizeof(path), "%s/../conf/l2tpsecd-ikev1.conf.example", test_data_dir());
	if (!c || conf_load_flags(path, CONF_F_NO_FILES, c, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		CHECK(0);
		free(c);
		return;
	}
	rw = conf_find(c, "road-warriors");
	CHECK(rw != NULL);
	if (rw) {
		CHECK_EQ(rw->version, 1);
		CHECK(rw->remote_any);
		CHECK(!rw->weak);
		CHECK(!rw->aggressive);
		CHECK_EQ(rw->auth, CONF_AUTH_PSK);
		CHECK_EQ(rw->ike_lifetime, 24 * 3600);
		CHECK(rw->lns);
	}
	CHECK(c->lns.set);
	CHECK(!strcmp(c->lns.pool, "10.8.0.10-10.8.0.250"));
	CHECK_EQ(ntohl(c->lns.local.s_addr), 0x0a080001u);
	CHECK_EQ(ntohl(c->lns.dns[1].s_addr), 0xc0000236u);
	CHECK_EQ(c->lns.auth, CONF_LNS_AUTH_MSCHAPV2);
	CHECK_EQ(c->lns.mru, 1400);
	CHECK_EQ(c->lns.lcp_echo_interval, 30);
	conf_free(c);
	free(c);
}

static void test_example_file(void)
{
	char path[4096];
	struct conf *c = calloc(1, sizeof(*c));
	const struct conf_conn *b, *cc;
	uint8_t der[128];
	long n;

	snprintf(path, sizeof(path), "%s/../conf/l2tpsecd.conf.example", test_data_dir());
	if (conf_load_flags(path, CONF_F_NO_FILES, c, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		CHECK(0);
		free(c);
		return;
	}
	CHECK_EQ(c->log_level, CONF_LOG_INFO);
	CHECK_EQ(c->log_target, 0);
	CHECK_STR(c->user, "nobody");
	CHECK_STR(c->control, "/run/l2tpsecd.sock");
	CHECK_EQ(c->n_ca, 1);
	CHECK_STR(c->ca[0], "/etc/l2tpsec/ca.pem");
	CHECK_EQ(c->n_crl, 1);
	CHECK_EQ(c->retransmit_timeout_ms, 2000);
	CHECK_EQ(c->n_conns, 2);
	b = conf_find(c, "site-b");
	cc = conf_find(c, "site-c");
	CHECK(b && cc && !conf_find(c, "site-x"));
	if (!b || !cc)
		goto out;
	CHECK_EQ(b->local.s_addr, htonl(0xc0000201));
	CHECK_EQ(b->remote.s_addr, htonl(0xc6336402));
	CHECK_EQ(b->local_id.type, IKE_ID_FQDN);
	CHECK_EQ(b->local_id.len, 12);
	CHECK_MEM(b->local_id.data, "gw-a.example", 12);
	CHECK_STR(b->remote_id.text, "fqdn:gw-b.example");
	CHECK_EQ(b->auth, CONF_AUTH_PSK);
	CHECK_EQ(b->psk_len, 32);
	CHECK_EQ(b->psk[0], 0x6f);
	CHECK_EQ(b->psk[31], 0xb5);
	CHECK_EQ(b->n_ike, 2);
	CHECK_EQ(b->n_esp, 2);
	CHECK_EQ(b->start, CONF_START_INITIATE);
	CHECK_EQ(b->lifetime, 3600);
	CHECK_EQ(b->ike_lifetime, 14400);
	CHECK_EQ(b->margin_pct, 10);
	CHECK(b->l2tp.set);
	CHECK_EQ(b->l2tp.tunnel_id, 100);
	CHECK_EQ(b->l2tp.peer_session_id, 20);
	CHECK_EQ(b->l2tp.cookie_len, 8);
	CHECK_MEM(b->l2tp.peer_cookie, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	CHECK_STR(b->l2tp.ifname, "l2s0");
	CHECK_EQ(b->l2tp.mtu, 1400);
	CHECK_EQ(cc->auth, CONF_AUTH_CERT);
	CHECK_STR(cc->cert, "/etc/l2tpsec/gw-a.pem");
	CHECK_EQ(cc->local_id.type, 0);
	CHECK_EQ(cc->remote_id.type, IKE_ID_DER_ASN1_DN);
	/* openssl req -subj "/C=CH/O=Example/CN=gw-c.example": the subject's DER */
	n = test_unhex("3036310b30090603550406130243483110300e060355040a0c074578616d706c65"
		       "3115301306035504030c0c67772d632e6578616d706c65", der, sizeof(der));
	CHECK_EQ(cc->remote_id.len, n);
	CHECK_MEM(cc->remote_id.data, der, (size_t)n);
	CHECK_EQ(cc->lifetime, 1800);
	CHECK_EQ(cc->n_ike, 2);
	CHECK_EQ(cc->l2tp.port, 1701);
	CHECK_EQ(cc->l2tp.mtu, 0);
out:
	drop(c);
}

/* conf_print shows every setting, hides the psk, and reads back the same. */
static void test_print_reparse(void)
{
	char path[4096], *buf = NULL, *hidden, *text;
	struct conf *c = calloc(1, sizeof(*c)), *c2;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/../conf/l2tpsecd.conf.example", test_data_dir());
	CHECK(conf_load_flags(path, CONF_F_NO_FILES, c, err, sizeof(err)) == 0);
	f = open_memstream(&buf, &len);
	conf_print(c, f);
	fclose(f);
	CHECK_HAS(buf, "\tpsk <hidden>\n");
	CHECK(!strstr(buf, "6f1c0d5e"));
	CHECK_HAS(buf, "\tremote-id dn:\"C=CH, O=Example, CN=gw-c.example\"\n");
	CHECK_HAS(buf, "\tike aes256gcm16-prfsha384-ecp384, aes128-sha256-prfsha256-modp3072\n");
	CHECK_HAS(buf, "\tesp aes128gcm16-esn-noesn, aes256-sha256-esn-noesn\n");
	CHECK_HAS(buf, "\tlifetime 30m\n");
	CHECK_HAS(buf, "\tdpd-timeout 150s\n");
	CHECK_HAS(buf, "half-open-timeout 30s\n");
	CHECK_HAS(buf, "\t\tcookie 0x1122334455667788\n");
	hidden = strstr(buf, "psk <hidden>");
	text = malloc(len + 100);
	if (hidden && text) {
		snprintf(text, len + 100, "%.*spsk 0x6f1c0d5e9a7b3c2d4e5f60718293a4b5"
			 "c6d7e8f90a1b2c3d4e5f60718293a4b5%s", (int)(hidden - buf), buf,
			 hidden + 12);
		c2 = parse(text, false);
		CHECK(c2 != NULL);
		if (!c2)
			fprintf(stderr, "  %s\n", err);
		for (unsigned int i = 0; c2 && i < 2; i++)
			CHECK(conf_conn_same(&c->conns[i], &c2->conns[i]));
		drop(c2);
	}
	free(text);
	free(buf);
	drop(c);
}

static void test_defaults(void)
{
	struct conf *c = parse(HEAD "}\n", false);
	const struct conf_conn *a = conn0(c);

	CHECK(a != NULL);
	if (!a) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	CHECK_EQ(c->log_level, CONF_LOG_INFO);
	CHECK_STR(c->pidfile, "/run/l2tpsecd.pid");
	CHECK_STR(c->control, "/run/l2tpsecd.sock");
	CHECK_STR(c->user, "");
	CHECK_EQ(c->ike_port, 500);
	CHECK_EQ(c->natt_port, 4500);
	CHECK_EQ(c->cookie_threshold, 32);
	CHECK_EQ(c->half_open_per_source, 8);
	CHECK_EQ(c->half_open_timeout, 30);
	CHECK_EQ(c->retransmit_timeout_ms, 2000);
	CHECK_EQ(c->retransmit_tries, 5);
	CHECK_EQ(a->ike_lifetime, 4 * 3600);
	CHECK_EQ(a->lifetime, 3600);
	CHECK_EQ(a->lifebytes, 0);
	CHECK_EQ(a->margin_pct, 10);
	CHECK_EQ(a->dpd, 30);
	CHECK_EQ(a->dpd_timeout, 150);
	CHECK_EQ(a->keepalive, 20);
	CHECK_EQ(a->replay_window, 1024);
	CHECK_EQ(a->encap, CONF_ENCAP_AUTO);
	CHECK_EQ(a->start, CONF_START_LISTEN);
	CHECK(!a->pss && !a->weak && !a->l2tp.set);
	CHECK_EQ(a->l2tp.port, 1701);
	/* psk: identities default to the addresses */
	CHECK_EQ(a->local_id.type, IKE_ID_IPV4_ADDR);
	CHECK_MEM(a->local_id.data, "\xc0\x00\x02\x01", 4);
	CHECK_STR(a->remote_id.text, "ip:198.51.100.2");
	CHECK_EQ(a->n_ike, 2);
	CHECK_EQ(a->ike[0].nt, 9);	/* 3 encr, 2 prf, 4 dh */
	CHECK_EQ(a->ike[1].nt, 10);	/* 2 encr, 2 integ, 2 prf (derived), 4 dh */
	CHECK_EQ(a->n_esp, 2);
	CHECK_EQ(a->esp[0].nt, 5);	/* 3 encr, esn, noesn */
	CHECK_EQ(a->esp[1].t[3].type, IKE_TRANS_ESN);
	CHECK_EQ(a->esp[1].t[3].id, IKE_ESN_YES);
	CHECK_EQ(a->esp[1].t[4].id, IKE_ESN_NO);
	drop(c);
	/* an empty file is valid: no connections */
	c = parse("# nothing\n\n", false);
	CHECK(c && c->n_conns == 0);
	drop(c);
}

/* A few messages literally, the rest by their substance below. */
static void test_error_messages(void)
{
	fails("log-level loud\n",
	      F ":1: log-level: 'loud' is not one of error, warning, notice, info, debug");
	fails("\nfoo bar\n", F ":2: unknown keyword 'foo'");
	fails("pidfile\n", F ":1: pidfile: missing value");
	fails("ike-port 5x0\n", F ":1: ike-port: bad number '5x0'");
	fails("ike-port 65536\n", F ":1: ike-port: 65536 out of range (1..65535)");
	fails(HEAD "dpd 30s\ndpd 10s\n}\n", F ":7: dpd: given twice (first on line 6)");
	fails(HEAD "replay-window 4097\n}\n", F ":6: replay-window: 4097 out of range (0..4096)");
	fails(HEAD "dpd 2d\n}\n", F ":6: dpd: 2d out of range (0 or 1s..1d)");
	fails("conn a {\n local 2001:db8::1\n}\n",
	      F ":2: local: 2001:db8::1: IPv6 not supported yet");
	fails(HEAD "pss maybe\n}\n", F ":6: pss: expected yes or no, got 'maybe'");
	fails(HEAD "lifetime 5\n}\n", F ":6: lifetime: 5 out of range (10s..30d)");
	fails(HEAD "psk x\n}\n", F ":6: psk: given twice (first on line 5)");
	fails(HEAD "dpd 30s 10s\n}\n", F ":6: dpd: one value expected, got 2");
	fails("control /" "0123456789012345678901234567890123456789012345678901234567890123456789"
	      "0123456789012345678901234567890123456789\n",
	      F ":1: control: path too long (max 107 bytes)");
}

#define LNS "lns {\n\tusers /etc/l2tpsec/chap-secrets\n\tpool 10.8.0.10-10.8.0.20\n" \
	"\taddress 10.8.0.1\n"

/* The lns block and `lns yes`: values, defaults, every refusal. */
static void test_lns(void)
{
	struct conf *c = parse(HEAD "lns yes\n}\n" LNS "dns 10.0.0.53 10.0.0.54\n"
			       "auth mschapv2 chap\nlcp-echo 0\nsecret \"tunnel secret\"\n}\n", false);

	CHECK(c != NULL);
	if (c) {
		CHECK(c->conns[0].lns);
		CHECK(c->lns.set);
		CHECK_EQ(ntohl(c->lns.dns[0].s_addr), 0x0a000035u);
		CHECK_EQ(ntohl(c->lns.dns[1].s_addr), 0x0a000036u);
		CHECK_EQ(c->lns.nbns[0].s_addr, 0);
		CHECK_EQ(c->lns.auth, CONF_LNS_AUTH_MSCHAPV2 | CONF_LNS_AUTH_CHAP);
		CHECK(!strcmp(c->lns.auth_list, "mschapv2 chap"));
		CHECK_EQ(c->lns.lcp_echo_interval, 0);
		CHECK_EQ(c->lns.lcp_echo_failures, 4);
		CHECK_EQ(c->lns.mru, 1400);
		CHECK_EQ(c->lns.secret_len, 13);
		CHECK_EQ(c->lns.hello, 60);
		CHECK_EQ(c->lns.max_sessions, 4096);
		CHECK(!c->lns.ipv6);
	}
	drop(c);
	c = parse(HEAD "lns yes\n}\n" LNS "ipv6 yes\n}\n", false);
	CHECK(c != NULL);
	if (c)
		CHECK(c->lns.ipv6);
	drop(c);
	fails(HEAD "lns yes\n}\n" LNS "ipv6 maybe\n}\n",
	      F ":12: ipv6: expected yes or no, got 'maybe'");
	/* no lns block: nothing set, a conn without lns */
	c = parse(HEAD "}\n", false);
	CHECK(c != NULL);
	if (c)
		CHECK(!c->lns.set && !c->conns[0].lns);
	drop(c);
	fails(HEAD "lns yes\n}\n", F ":1: conn 'a': lns yes, but there is no lns block");
	/* lns-clear-text: only with lns yes and one remote address */
	c = parse(HEAD "lns yes\nlns-clear-text yes\n}\n" LNS "}\n", false);
	CHECK(c != NULL);
	if (c)
		CHECK(c->conns[0].lns && c->conns[0].lns_clear_text);
	drop(c);
	c = parse(HEAD "lns yes\n}\n" LNS "}\n", false);
	CHECK(c != NULL);
	if (c)
		CHECK(!c->conns[0].lns_clear_text);
	drop(c);
	fails(HEAD "lns-clear-text yes\n}\n" LNS "}\n", F ":6: lns-clear-text: needs `lns yes`");
	fails("conn a {\n\tlocal 192.0.2.1\n\tremote any\n\tauth psk\n"
	      "\tpsk \"0123456789abcdef\"\n\tlns yes\n\tlns-clear-text yes\n}\n" LNS "}\n",
	      F ":7: lns-clear-text: needs a remote address (remote is any: every host could "
	      "reach the LNS without IPsec)");
	fails(HEAD "lns yes\nlns-clear-text maybe\n}\n" LNS "}\n",
	      F ":7: lns-clear-text: expected yes or no, got 'maybe'");
	fails(HEAD "lns yes\n" L2TP "}\n" LNS "}\n",
	      F ":1: conn 'a': lns yes and an l2tp block: its L2TP goes to the LNS or to its "
	      "pseudowire, not both");
	fails("lns {\n\tpool 10.8.0.10-10.8.0.20\n\taddress 10.8.0.1\n}\n",
	      F ":4: lns: missing required keyword 'users'");
	fails(LNS "dns 1.1.1.1 2.2.2.2 3.3.3.3\n}\n",
	      F ":5: dns: at most two servers (primary and secondary)");
	fails(LNS "dns 1.1.1.1 1.1.1.1\n}\n", F ":5: dns: the same server twice");
	fails(LNS "auth eap\n}\n",
	      F ":5: auth: 'eap' is not one of mschapv2, chap, pap (EAP is not offered)");
	fails(LNS "auth pap pap\n}\n", F ":5: auth: 'pap' twice");
	fails(LNS "secret short\n}\n", F ":5: secret: 8 to 256 characters");
	fails(LNS "mru 100\n}\n", F ":5: mru: 100 out of range (576..1500)");
	fails("lns {\n\tusers /x\n\tpool 10.8.0.1\n\taddress 10.8.0.1\n}\n",
	      F ":4: address: the pool's only address");
	fails_has("lns {\n\tusers /x\n\tpool 10.8.0.20-10.8.0.10\n", "pool: '10.8.0.20-10.8.0.10'");
	fails(HEAD "}\n" LNS "}\n" LNS "}\n", F ":12: lns: given twice (first on line 7)");
	/* split-tunnel routes and the domain for DHCPINFORM */
	c = parse(LNS "route 10.20.0.0/16\nroute 192.168.50.0/24 via 10.8.0.1\n"
		  "domain corp.example\n}\n", false);
	CHECK(c != NULL);
	if (c) {
		CHECK_EQ(c->lns.n_routes, 2);
		CHECK_EQ(c->lns.routes[0].dst, 0x0a140000u);
		CHECK_EQ(c->lns.routes[0].prefix, 16);
		CHECK_EQ(c->lns.routes[0].gw, 0);
		CHECK_EQ(c->lns.routes[1].gw, 0x0a080001u);
		CHECK(!strcmp(c->lns.domain, "corp.example"));
	}
	drop(c);
	fails_has(LNS "route 10.20.0.1/16\n}\n", "route: '10.20.0.1/16'");
	fails(LNS "route 10.20.0.0/16\nroute 10.20.0.0/16\n}\n", F ":6: route: '10.20.0.0/16' twice");
	fails(LNS "domain corp..example\n}\n", F ":5: domain: 'corp..example': an empty label");
	fails(LNS "domain c_orp\n}\n", F ":5: domain: 'c_orp': only letters, digits, '-' and dots");
}

static void test_scopes(void)
{
	fails("local 192.0.2.1\n", F ":1: local: only allowed inside a conn block");
	fails(HEAD "pidfile /x\n}\n",
	      F ":6: pidfile: only allowed in the global section (outside conn blocks)");
	fails("tunnel-id 5\n", F ":1: tunnel-id: only allowed inside an l2tp block");
	fails(HEAD "l2tp {\ndpd 5s\n}\n}\n",
	      F ":7: dpd: not allowed inside the l2tp block (close it with '}' first)");
	fails(HEAD "conn b {\n}\n}\n",
	      F ":6: conn: blocks cannot nest (missing '}' of the block on line 1?)");
	fails("\"log-level\" info\n", F ":1: unknown keyword 'log-level'");
}

#define NOT_BLOCK "conn: expected 'conn NAME {' (the block's contents on the following lines)"

static void test_blocks(void)
{
	fails(HEAD, F ":1: conn 'a': block not closed (missing '}')");
	fails(HEAD "l2tp {\n tunnel-id 1\n", F ":6: l2tp: block not closed (missing '}')");
	fails("}\n", F ":1: '}' without an open block");
	fails("conn a\n", F ":1: " NOT_BLOCK);
	fails("conn a { local 192.0.2.1 }\n", F ":1: " NOT_BLOCK);
	fails(HEAD "} x\n", F ":6: '}' must stand alone on its line");
	fails(HEAD "l2tp\n}\n",
	      F ":6: l2tp: expected 'l2tp {' (the block's contents on the following lines)");
	fails("conn a/b {\n}\n",
	      F ":1: conn: 'a/b' is not a valid name (1-63 of A-Z a-z 0-9 . _ -)");
	/* missing required keywords: at the closing brace */
	fails("conn a {\n remote 198.51.100.2\n auth psk\n psk \"0123456789abcdef\"\n}\n",
	      F ":5: conn 'a': missing required keyword 'local'");
	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n}\n",
	      F ":4: conn 'a': missing required keyword 'auth'");
	fails(HEAD "l2tp {\n tunnel-id 1\n peer-tunnel-id 2\n session-id 3\n}\n}\n",
	      F ":10: l2tp: missing required keyword 'peer-session-id'");
	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth cert\n cert /x\n}\n",
	      F ":6: conn 'a': missing required keyword 'key'");
	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n}\n",
	      F ":5: conn 'a': auth psk needs 'psk' or 'psk-file'");
	ok(HEAD L2TP "}\n");
}

static void test_duplicate_conn(void)
{
	fails(HEAD "}\n\nconn a {\n}\n", F ":8: conn: duplicate name 'a' (first on line 1)");
	/* the same remote twice */
	fails(HEAD "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"
	      " psk \"0123456789abcdef\"\n}\n",
	      F ":9: remote: 198.51.100.2 already used by conn 'a' (line 1)");
	/* l2tp ids and ifnames unique across conns */
	fails(HEAD L2TP "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.3\n auth psk\n"
	      " psk \"0123456789abcdef\"\n l2tp {\n tunnel-id 1\n peer-tunnel-id 2\n"
	      " session-id 5\n peer-session-id 4\n }\n}\n",
	      F ":19: tunnel-id: 1 already used by conn 'a' (line 1)");
	fails_has(HEAD L2TP "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.3\n auth psk\n"
		  " psk \"0123456789abcdef\"\n l2tp {\n tunnel-id 7\n peer-tunnel-id 2\n"
		  " session-id 3\n peer-session-id 4\n }\n}\n",
		  ":21: session-id: 3 already used by conn 'a'");
	/* remote any may repeat */
	ok("conn a {\n local 192.0.2.1\n remote any\n auth psk\n psk \"0123456789abcdef\"\n}\n"
	   "conn b {\n local 192.0.2.2\n remote any\n auth psk\n psk \"0123456789abcdef\"\n}\n");
}

static void test_remote_any(void)
{
	struct conf *c = parse("conn a {\n local 192.0.2.1\n remote any\n auth psk\n"
			       " psk \"0123456789abcdef\"\n}\n", false);

	CHECK(c && conn0(c)->remote_any);
	CHECK(c && conn0(c)->remote_id.type == 0);
	CHECK(c && conn0(c)->local_id.type == IKE_ID_IPV4_ADDR);
	drop(c);
	fails("conn a {\n local 192.0.2.1\n remote any\n auth psk\n psk \"0123456789abcdef\"\n"
	      " start initiate\n}\n",
	      F ":6: start: initiate needs a remote address (remote is any)");
	/* an L2TP pseudowire belongs to one peer: not with remote any and any identity */
	fails("conn a {\n local 192.0.2.1\n remote any\n auth psk\n psk \"0123456789abcdef\"\n"
	      " l2tp {\n  tunnel-id 1\n  peer-tunnel-id 2\n  session-id 3\n"
	      "  peer-session-id 4\n }\n}\n",
	      F ":6: l2tp: a pseudowire needs a remote address, or with remote any a remote-id "
	      "naming its one peer");
	fails("conn a {\n local 192.0.2.1\n remote any\n auth psk\n psk \"0123456789abcdef\"\n"
	      " remote-id any\n l2tp {\n  tunnel-id 1\n  peer-tunnel-id 2\n  session-id 3\n"
	      "  peer-session-id 4\n }\n}\n",
	      F ":7: l2tp: a pseudowire needs a remote address, or with remote any a remote-id "
	      "naming its one peer");
	/* ... but with remote any and a remote-id naming one peer (a client behind a NAT) */
	c = parse("conn a {\n local 192.0.2.1\n remote any\n auth psk\n psk \"0123456789abcdef\"\n"
		  " remote-id fqdn:client1.example\n l2tp {\n  tunnel-id 1\n  peer-tunnel-id 2\n"
		  "  session-id 3\n  peer-session-id 4\n }\n}\n", false);
	CHECK(c && conn0(c)->remote_any && conn0(c)->l2tp.set);
	drop(c);
	fails("conn a {\n local 192.0.2.1\n remote 2001:db8::2\n}\n",
	      F ":3: remote: 2001:db8::2: IPv6 not supported yet");
	fails_has("conn a {\n local gw.example\n}\n", "local: 'gw.example' is not an IPv4 address");
	fails_has("conn a {\n local 224.0.0.1\n}\n", "local: 224.0.0.1 is not a unicast address");
	fails_has("conn a {\n local 192.0.2.1\n remote 192.0.2.1\n auth psk\n"
		  " psk \"0123456789abcdef\"\n}\n", ":3: remote: the same address as local");
}

/* Every token alone (with what a valid proposal needs) gives its transform. */
static void test_proposal_tokens(void)
{
	static const struct {
		const char *s;
		uint8_t proto, type;
		uint16_t id, bits;
	} v[] = {
		{ "aes128-sha256-modp2048", IKE_PROTO_IKE, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128 },
		{ "aes192-sha256-modp2048", IKE_PROTO_IKE, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 192 },
		{ "aes256-sha256-modp2048", IKE_PROTO_IKE, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256 },
		{ "aes128gcm16", IKE_PROTO_ESP, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 },
		{ "aes128gcm", IKE_PROTO_ESP, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 },
		{ "aes256gcm16", IKE_PROTO_ESP, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ "aes256gcm", IKE_PROTO_ESP, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ "chacha20poly1305", IKE_PROTO_ESP, IKE_TRANS_ENCR,
		  IKE_ENCR_CHACHA20_POLY1305, 0 },
		{ "sha256-aes128-x25519", IKE_PROTO_IKE, IKE_TRANS_INTEG,
		  IKE_INTEG_HMAC_SHA2_256_128, 0 },
		{ "aes128-sha384-x25519", IKE_PROTO_IKE, IKE_TRANS_INTEG,
		  IKE_INTEG_HMAC_SHA2_384_192, 0 },
		{ "aes128-sha512-x25519", IKE_PROTO_IKE, IKE_TRANS_INTEG,
		  IKE_INTEG_HMAC_SHA2_512_256, 0 },
		{ "aes128gcm16-prfsha256-ecp256", IKE_PROTO_IKE, IKE_TRANS_PRF,
		  IKE_PRF_HMAC_SHA2_256, 0 },
		{ "aes128gcm16-prfsha384-ecp256", IKE_PROTO_IKE, IKE_TRANS_PRF,
		  IKE_PRF_HMAC_SHA2_384, 0 },
		{ "aes128gcm16-prfsha512-ecp256", IKE_PROTO_IKE, IKE_TRANS_PRF,
		  IKE_PRF_HMAC_SHA2_512, 0 },
		{ "aes128gcm16-prfsha256-modp2048", IKE_PROTO_IKE, IKE_TRANS_DH,
		  IKE_DH_MODP_2048, 0 },
		{ "aes128gcm16-prfsha256-modp3072", IKE_PROTO_IKE, IKE_TRANS_DH,
		  IKE_DH_MODP_3072, 0 },
		{ "aes128gcm16-prfsha256-ecp256", IKE_PROTO_IKE, IKE_TRANS_DH, IKE_DH_ECP_256, 0 },
		{ "aes128gcm16-prfsha256-ecp384", IKE_PROTO_IKE, IKE_TRANS_DH, IKE_DH_ECP_384, 0 },
		{ "aes128gcm16-prfsha256-ecp521", IKE_PROTO_IKE, IKE_TRANS_DH, IKE_DH_ECP_521, 0 },
		{ "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, IKE_TRANS_DH,
		  IKE_DH_CURVE25519, 0 },
		{ "aes128gcm16-prfsha256-curve25519", IKE_PROTO_IKE, IKE_TRANS_DH,
		  IKE_DH_CURVE25519, 0 },
		{ "aes128gcm16-ecp384", IKE_PROTO_ESP, IKE_TRANS_DH, IKE_DH_ECP_384, 0 },
		{ "aes128gcm16-esn", IKE_PROTO_ESP, IKE_TRANS_ESN, IKE_ESN_YES, 0 },
		{ "aes128gcm16-noesn", IKE_PROTO_ESP, IKE_TRANS_ESN, IKE_ESN_NO, 0 },
		{ "aes256-sha256", IKE_PROTO_ESP, IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
		{ "AES128-SHA256-MODP2048", IKE_PROTO_IKE, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128 },
	};
	struct ike_proposal p[IKE_MAX_PROPOSALS];
	unsigned int n;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned int hits = 0;

		if (proposal_parse(v[i].s, v[i].proto, 0, p, IKE_MAX_PROPOSALS, &n, err,
				   sizeof(err))) {
			fprintf(stderr, "  %s: %s\n", v[i].s, err);
			CHECK(0);
			continue;
		}
		CHECK_EQ(n, 1);
		CHECK_EQ(p[0].num, 1);
		CHECK_EQ(p[0].proto, v[i].proto);
		CHECK_EQ(p[0].spi_len, 0);
		for (unsigned int k = 0; k < p[0].nt; k++)
			if (p[0].t[k].type == v[i].type && p[0].t[k].id == v[i].id &&
			    p[0].t[k].key_bits == v[i].bits)
				hits++;
		CHECK_EQ(hits, 1);
		/* transforms sorted by type, as sent */
		for (unsigned int k = 1; k < p[0].nt; k++)
			CHECK(p[0].t[k - 1].type <= p[0].t[k].type);
	}
	/* sha1: ESP with weak only */
	CHECK(proposal_parse("aes128-sha1", IKE_PROTO_ESP, PROPOSAL_WEAK, p, 16, &n, err, 100) ==
	      0);
	CHECK_EQ(p[0].t[1].id, IKE_INTEG_HMAC_SHA1_96);
	CHECK(proposal_parse("aes256-sha1-esn", IKE_PROTO_ESP, PROPOSAL_WEAK, p, 16, &n, err,
			     100) == 0);
}

static int perr_of(const char *s, uint8_t proto, unsigned int flags)
{
	struct ike_proposal p[IKE_MAX_PROPOSALS];
	unsigned int n = 99;
	int rc = proposal_parse(s, proto, flags, p, IKE_MAX_PROPOSALS, &n, err, sizeof(err));

	if (rc)
		CHECK_EQ(n, 0);
	return rc;
}

static void test_proposal_errors(void)
{
	char many[2048] = "";

	CHECK(perr_of("aes128gcm16-aes128-sha256-prfsha256-ecp256", IKE_PROTO_IKE, 0));
	CHECK_STR(err, "ike: 'aes128gcm16-aes128-sha256-prfsha256-ecp256': mixes AEAD and "
		  "non-AEAD encryption (write two proposals)");
	CHECK(perr_of("aes256gcm16-ecp384", IKE_PROTO_IKE, 0));
	CHECK_STR(err, "ike: 'aes256gcm16-ecp384': an AEAD proposal needs a PRF (e.g. prfsha384)");
	CHECK(perr_of("aes256-sha1-modp2048", IKE_PROTO_IKE, PROPOSAL_WEAK));
	CHECK_HAS(err, "ike: 'sha1' in 'aes256-sha1-modp2048' is weak and not allowed");
	CHECK(perr_of("aes256gcm16, aes256-sha1", IKE_PROTO_ESP, 0));
	CHECK_STR(err, "esp: 'sha1' in 'aes256-sha1' is weak: allowed only with 'weak yes' in "
		  "the conn");
	CHECK(perr_of("aes256-sha384", IKE_PROTO_ESP, 0));
	CHECK_STR(err, "esp: aes256-sha384 not supported by the l2tpsec module (supported: "
		  "aes128gcm16, aes256gcm16, chacha20poly1305, aes128-sha256, aes256-sha256, "
		  "aes128-sha1 (weak), aes256-sha1 (weak))");
	CHECK(perr_of("aes128-aes192-sha256", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "esp: aes192-sha256 not supported by the l2tpsec module");
	CHECK(perr_of("aes128gcm16-sha256", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "integrity algorithm 'sha256' with AEAD encryption");
	CHECK(perr_of("aes128gcm16-sha256-ecp256", IKE_PROTO_IKE, 0));
	CHECK_HAS(err, "(for the PRF write prfsha256/384/512)");
	CHECK(perr_of("aes128-modp2048", IKE_PROTO_IKE, 0));
	CHECK_HAS(err, "no integrity algorithm");
	CHECK(perr_of("aes128-sha256", IKE_PROTO_IKE, 0));
	CHECK_HAS(err, "no DH group");
	CHECK(perr_of("sha256-modp2048", IKE_PROTO_IKE, 0));
	CHECK_HAS(err, "no encryption algorithm");
	CHECK(perr_of("aes128gcm16-prfsha256", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "a PRF is for ike proposals only");
	CHECK(perr_of("aes128gcm16-prfsha256-ecp256-esn", IKE_PROTO_IKE, 0));
	CHECK_HAS(err, "ESN is for esp proposals only");
	CHECK(perr_of("aes128-sha256-modp768", IKE_PROTO_IKE, 0));
	CHECK_STR(err, "ike: unknown algorithm 'modp768' in 'aes128-sha256-modp768'");
	CHECK(perr_of("aes128gcm16,", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "esp: empty proposal");
	CHECK(perr_of("", IKE_PROTO_ESP, 0));
	CHECK(perr_of("aes128gcm16--esn", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "empty algorithm name");
	CHECK(perr_of("aes128gcm16 esn", IKE_PROTO_ESP, 0));
	CHECK_HAS(err, "space inside a proposal");
	CHECK(perr_of("aes128gcm16-aes128gcm", IKE_PROTO_ESP, 0));
	CHECK_STR(err, "esp: 'aes128gcm' twice in 'aes128gcm16-aes128gcm'");
	for (int i = 0; i < 17; i++)
		strcat(many, i ? ",aes128gcm16" : "aes128gcm16");
	CHECK(perr_of(many, IKE_PROTO_ESP, 0));
	CHECK_STR(err, "esp: too many proposals (max 16)");
	many[strlen(many) - strlen(",aes128gcm16")] = '\0';
	CHECK(perr_of(many, IKE_PROTO_ESP, 0) == 0);
	/* through the config file: the error names file, line and keyword */
	fails(HEAD "esp aes256-sha384\n}\n",
	      F ":6: esp: aes256-sha384 not supported by the l2tpsec module (supported: "
	      "aes128gcm16, aes256gcm16, chacha20poly1305, aes128-sha256, aes256-sha256, "
	      "aes128-sha1 (weak), aes256-sha1 (weak))");
	fails_has(HEAD "esp aes128-sha1\n}\n", F ":6: esp: 'sha1' in 'aes128-sha1' is weak");
	ok(HEAD "esp aes128-sha1\nweak yes\n}\n");
}

/* in parses (flags), prints as want, and want parses back to the same. */
static void check_roundtrip_f(const char *in, uint8_t proto, unsigned int flags,
			      const char *want)
{
	struct ike_proposal p[IKE_MAX_PROPOSALS], q[IKE_MAX_PROPOSALS];
	char s[2048];
	unsigned int n = 0, m = 0;

	if (proposal_parse(in, proto, flags, p, IKE_MAX_PROPOSALS, &n, err, sizeof(err))) {
		fprintf(stderr, "  %s: %s\n", in, err);
		CHECK(0);
		return;
	}
	proposal_list_str(p, n, s, sizeof(s));
	CHECK_STR(s, want);
	CHECK(proposal_parse(s, proto, flags, q, IKE_MAX_PROPOSALS, &m, err, sizeof(err)) == 0);
	CHECK(proposal_list_same(p, n, q, m));
}

static void check_roundtrip(const char *in, uint8_t proto, const char *want)
{
	check_roundtrip_f(in, proto, PROPOSAL_WEAK, want);
}

static void test_proposal_str(void)
{
	struct ike_proposal p;
	char s[64];

	check_roundtrip("aes256gcm16-prfsha384-ecp384", IKE_PROTO_IKE,
			"aes256gcm16-prfsha384-ecp384");
	CHECK(perr_of(" aes128 - sha256-modp3072", IKE_PROTO_IKE, 0));
	check_roundtrip("aes128-sha256-modp3072,aes256gcm-prfsha256-curve25519", IKE_PROTO_IKE,
			"aes128-sha256-prfsha256-modp3072, aes256gcm16-prfsha256-x25519");
	check_roundtrip(PROPOSAL_DEFAULT_ESP, IKE_PROTO_ESP,
			"aes256gcm16-aes128gcm16-chacha20poly1305-esn-noesn, "
			"aes256-aes128-sha256-esn-noesn");
	check_roundtrip("aes128-sha1-ecp256-noesn", IKE_PROTO_ESP, "aes128-sha1-ecp256-noesn");
	/* unknown ids (from a peer) */
	memset(&p, 0, sizeof(p));
	p.nt = 3;
	p.t[0] = (struct ike_transform){ IKE_TRANS_ENCR, 2, 0 };	/* DES */
	p.t[1] = (struct ike_transform){ IKE_TRANS_DH, 1, 0 };	/* MODP768 */
	p.t[2] = (struct ike_transform){ IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 512 };
	proposal_str(&p, s, sizeof(s));
	CHECK_STR(s, "encr2-encr12_512-dh1");
	proposal_str(&p, s, 6);
	CHECK_STR(s, "encr2");
}

/* ------------------------------------------------- IKEv1 conns (issue 12) */

/* conf_print of c into a malloc'd string. */
static char *print_str(const struct conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	conf_print(c, f);
	fclose(f);
	return buf;
}

/* Print c, put the psk of HEAD back for "<hidden>", parse it again: the
 * conns must be conf_conn_same(). */
static void check_print_reparse(const struct conf *c)
{
	char *buf = print_str(c), *text, *hidden;
	struct conf *c2;
	size_t len = strlen(buf);

	hidden = strstr(buf, "psk <hidden>");
	text = malloc(len + 100);
	CHECK(hidden && text);
	if (hidden && text) {
		snprintf(text, len + 100, "%.*spsk \"0123456789abcdef\"%s", (int)(hidden - buf),
			 buf, hidden + 12);
		c2 = parse(text, false);
		CHECK(c2 != NULL);
		if (!c2)
			fprintf(stderr, "  %s\n", err);
		for (unsigned int i = 0; c2 && i < c->n_conns; i++)
			CHECK(conf_conn_same(&c->conns[i], &c2->conns[i]));
		drop(c2);
	}
	free(text);
	free(buf);
}

static void test_version(void)
{
	struct conf *c = parse(HEAD "}\n", false);
	char *s;

	/* default: 2, printed; aggressive only printed for version 1 */
	CHECK(c && c->conns[0].version == 2 && !c->conns[0].aggressive);
	if (c) {
		s = print_str(c);
		CHECK_HAS(s, "\n\tversion 2\n");
		CHECK(!strstr(s, "aggressive"));
		free(s);
		check_print_reparse(c);
	}
	drop(c);
	c = with_line("version 2");
	CHECK(c && c->conns[0].version == 2);
	drop(c);
	c = with_line("version 1");
	CHECK(c && c->conns[0].version == 1 && !c->conns[0].aggressive);
	if (c) {
		s = print_str(c);
		CHECK_HAS(s, "\n\tversion 1\n");
		CHECK_HAS(s, "\n\taggressive no\n");
		free(s);
		check_print_reparse(c);
	}
	drop(c);
	/* aggressive before version: the check is at the conn's '}' */
	c = parse(HEAD "aggressive yes\nversion 1\n}\n", false);
	CHECK(c && c->conns[0].version == 1 && c->conns[0].aggressive);
	if (c) {
		s = print_str(c);
		CHECK_HAS(s, "\n\taggressive yes\n");
		free(s);
		check_print_reparse(c);
	}
	drop(c);
	fails(HEAD "version 3\n}\n", F ":6: version: '3' is not 1 (IKEv1) or 2 (IKEv2)");
	fails(HEAD "version 1x\n}\n", F ":6: version: '1x' is not 1 (IKEv1) or 2 (IKEv2)");
	fails(HEAD "version\n}\n", F ":6: version: missing value");
	fails_has(HEAD "version 1\nversion 1\n}\n", F ":7: version: given twice");
	/* aggressive makes no sense for IKEv2: FILE:LINE of the keyword */
	fails(HEAD "aggressive yes\n}\n",
	      F ":6: aggressive: only for version 1 conns (IKEv2 has no aggressive mode)");
	fails(HEAD "version 2\n\naggressive no\n}\n",
	      F ":8: aggressive: only for version 1 conns (IKEv2 has no aggressive mode)");
	fails_has("aggressive yes\n", F ":1: aggressive: only allowed inside a conn block");
	fails_has("version 1\n", F ":1: version: only allowed inside a conn block");
}

static void test_version_conn_same(void)
{
	struct conf *a = parse(HEAD "version 1\n}\n", false);
	struct conf *b = parse("\n" HEAD "version 1\n}\n", false);
	struct conf *v2 = parse(HEAD "}\n", false);
	struct conf_conn x;

	CHECK(a && b && v2);
	if (!a || !b || !v2)
		goto out;
	CHECK(conf_conn_same(&a->conns[0], &b->conns[0]));
	/* different version: also different default proposals, so compare
	 * with the version field alone changed */
	x = v2->conns[0];
	x.version = 1;
	CHECK(!conf_conn_same(&v2->conns[0], &x));
	CHECK(!conf_conn_same(&a->conns[0], &v2->conns[0]));
	x = a->conns[0];
	x.aggressive = true;
	CHECK(!conf_conn_same(&a->conns[0], &x));
	/* `lns yes` decides what the IKE SA serves: a change is a new conn */
	x = a->conns[0];
	x.lns = true;
	CHECK(!conf_conn_same(&a->conns[0], &x));
out:
	drop(a);
	drop(b);
	drop(v2);
}

static void test_v1_defaults(void)
{
	struct conf *c = parse(HEAD "version 1\n}\n", false);
	const struct conf_conn *a = conn0(c);
	char s[2048];

	CHECK(a != NULL);
	if (!a) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	CHECK(!a->weak);
	proposal_list_str(a->ike, a->n_ike, s, sizeof(s));
	CHECK_STR(s, "aes256-aes128-sha256-sha1-prfsha256-prfsha1-ecp384-ecp256-modp2048");
	proposal_list_str(a->esp, a->n_esp, s, sizeof(s));
	CHECK_STR(s, "aes256gcm16-aes128gcm16-esn-noesn, aes256-aes128-sha256-sha1-esn-noesn");
	/* the same as the macros, parsed as a version 1 conn does */
	check_roundtrip_f(PROPOSAL_DEFAULT_IKEV1, IKE_PROTO_IKE, PROPOSAL_IKEV1,
			  "aes256-aes128-sha256-sha1-prfsha256-prfsha1-ecp384-ecp256-modp2048");
	check_roundtrip_f(PROPOSAL_DEFAULT_ESPV1, IKE_PROTO_ESP, PROPOSAL_IKEV1,
			  "aes256gcm16-aes128gcm16-esn-noesn, "
			  "aes256-aes128-sha256-sha1-esn-noesn");
	/* the IKEv1 defaults are not valid IKEv2 ones (sha1 in ike) */
	CHECK(perr_of(PROPOSAL_DEFAULT_IKEV1, IKE_PROTO_IKE, PROPOSAL_WEAK));
	drop(c);
	/* a version 2 conn keeps its defaults */
	c = parse(HEAD "version 2\n}\n", false);
	a = conn0(c);
	CHECK(a && a->n_ike == 2 && a->n_esp == 2);
	if (a) {
		proposal_list_str(a->ike, 1, s, sizeof(s));
		CHECK_STR(s, "aes256gcm16-aes128gcm16-chacha20poly1305-prfsha384-prfsha256-"
			  "x25519-ecp384-ecp256-modp3072");
	}
	drop(c);
}

struct prule {
	const char *s;
	uint8_t proto;
	unsigned int flags;
	const char *err;	/* NULL: parses; else the whole message */
};

#define V1 PROPOSAL_IKEV1
#define W PROPOSAL_WEAK
#define IKE IKE_PROTO_IKE
#define ESP IKE_PROTO_ESP
#define NEEDS_WEAK(pn, tok, s) pn ": '" tok "' in '" s "' is weak: allowed only with " \
	"'weak yes' in the conn"
#define V1_ONLY(pn, tok, s) pn ": '" tok "' in '" s "' is only for version 1 conns " \
	"(with 'weak yes')"

/* Every gated token, in each version, with and without weak. */
static void test_proposal_version_rules(void)
{
	static const struct prule v[] = {
		/* version 1: sha1 needs no weak, in ike and esp */
		{ "aes256-sha1-modp2048", IKE, V1, NULL },
		{ "aes256-sha1-prfsha1-modp2048", IKE, V1, NULL },
		{ "aes128-sha1", ESP, V1, NULL },
		{ "aes256-sha1", ESP, V1, NULL },
		/* version 1: 3des, modp1024, modp1536, sha256_96 need weak */
		{ "3des-sha1-modp2048", IKE, V1,
		  NEEDS_WEAK("ike", "3des", "3des-sha1-modp2048") },
		{ "3des-sha1-modp2048", IKE, V1 | W, NULL },
		{ "aes128-sha1-modp1024", IKE, V1,
		  NEEDS_WEAK("ike", "modp1024", "aes128-sha1-modp1024") },
		{ "aes128-sha1-modp1024", IKE, V1 | W, NULL },
		{ "aes128-sha1-modp1536", IKE, V1,
		  NEEDS_WEAK("ike", "modp1536", "aes128-sha1-modp1536") },
		{ "aes128-sha1-modp1536", IKE, V1 | W, NULL },
		{ "3des-sha1", ESP, V1, NEEDS_WEAK("esp", "3des", "3des-sha1") },
		{ "3des-sha1", ESP, V1 | W, NULL },
		{ "aes128-sha256_96", ESP, V1,
		  NEEDS_WEAK("esp", "sha256_96", "aes128-sha256_96") },
		{ "aes128-sha256_96", ESP, V1 | W, NULL },
		{ "aes256-sha256_96", ESP, V1 | W, NULL },
		{ "aes256-sha2_256_96", ESP, V1 | W, NULL },
		{ "aes128gcm16-modp1024", ESP, V1,
		  NEEDS_WEAK("esp", "modp1024", "aes128gcm16-modp1024") },
		{ "aes128gcm16-modp1024", ESP, V1 | W, NULL },
		{ "aes128-sha256_96-modp2048", IKE, V1 | W,
		  "ike: 'sha256_96' in 'aes128-sha256_96-modp2048' is for esp proposals only" },
		/* the module's combinations */
		{ "3des-sha256", ESP, V1 | W,
		  "esp: 3des-sha256 not supported by the l2tpsec module (supported: "
		  "aes128gcm16, aes256gcm16, aes128-sha256, aes256-sha256, aes128-sha1, "
		  "aes256-sha1, 3des-sha1 (weak), aes128-sha256_96 (weak), "
		  "aes256-sha256_96 (weak))" },
		/* version 1: no AEAD in ike, no chacha20poly1305 at all */
		{ "aes256gcm16-prfsha256-ecp256", IKE, V1,
		  "ike: 'aes256gcm16' in 'aes256gcm16-prfsha256-ecp256': IKEv1 has no AEAD "
		  "encryption in phase 1 (e.g. aes256-sha256-modp2048)" },
		{ "chacha20poly1305", ESP, V1 | W,
		  "esp: 'chacha20poly1305' in 'chacha20poly1305' is not defined for IKEv1 "
		  "(version 1 conns)" },
		{ "aes256gcm16-aes128gcm16", ESP, V1, NULL },
		/* version 1: prf only as the hash's */
		{ "aes256-sha256-sha1-prfsha256-prfsha1-modp2048", IKE, V1, NULL },
		{ "aes256-sha256-prfsha384-modp2048", IKE, V1,
		  "ike: 'prfsha384' in 'aes256-sha256-prfsha384-modp2048': IKEv1 has no PRF of "
		  "its own (the integrity algorithm's HMAC is used): leave the prf out" },
		{ "aes256-sha256-sha1-prfsha256-modp2048", IKE, V1,
		  "ike: 'prfsha256' in 'aes256-sha256-sha1-prfsha256-modp2048': IKEv1 has no "
		  "PRF of its own (the integrity algorithm's HMAC is used): leave the prf out" },
		/* version 2: today's rules; the v1 tokens never */
		{ "aes256-sha1-modp2048", IKE, W,
		  "ike: 'sha1' in 'aes256-sha1-modp2048' is weak and not allowed in ike "
		  "proposals of version 2 conns" },
		{ "aes256gcm16-prfsha1-modp2048", IKE, W,
		  "ike: 'prfsha1' in 'aes256gcm16-prfsha1-modp2048' is weak and not allowed in "
		  "ike proposals of version 2 conns" },
		{ "aes256-sha1", ESP, 0, NEEDS_WEAK("esp", "sha1", "aes256-sha1") },
		{ "aes256-sha1", ESP, W, NULL },
		{ "3des-sha256-modp2048", IKE, W,
		  V1_ONLY("ike", "3des", "3des-sha256-modp2048") },
		{ "aes256-sha256-modp1024", IKE, W,
		  V1_ONLY("ike", "modp1024", "aes256-sha256-modp1024") },
		{ "aes256-sha256-modp1536", IKE, 0,
		  V1_ONLY("ike", "modp1536", "aes256-sha256-modp1536") },
		{ "3des-sha1", ESP, W, V1_ONLY("esp", "3des", "3des-sha1") },
		{ "aes128-sha256_96", ESP, W, V1_ONLY("esp", "sha256_96", "aes128-sha256_96") },
		{ "chacha20poly1305", ESP, 0, NULL },
		{ "aes256gcm16-prfsha384-ecp384", IKE, 0, NULL },
		/* DES and MD5: never, in neither version */
		{ "des-sha1-modp1024", IKE, V1 | W,
		  "ike: unknown algorithm 'des' in 'des-sha1-modp1024'" },
		{ "aes128-md5-modp1024", IKE, V1 | W,
		  "ike: unknown algorithm 'md5' in 'aes128-md5-modp1024'" },
		{ "des-md5", ESP, V1 | W, "esp: unknown algorithm 'des' in 'des-md5'" },
		{ "aes128-md5", ESP, W, "esp: unknown algorithm 'md5' in 'aes128-md5'" },
		{ "aes128-sha1-modp768", IKE, V1 | W,
		  "ike: unknown algorithm 'modp768' in 'aes128-sha1-modp768'" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const char *s = v[i].s;
		int rc;

		rc = perr_of(s, v[i].proto, v[i].flags);
		if (!v[i].err && rc)
			fprintf(stderr, "  %s (flags %u): %s\n", s, v[i].flags, err);
		if (v[i].err && !rc)
			fprintf(stderr, "  %s (flags %u): parsed\n", s, v[i].flags);
		CHECK(!rc == !v[i].err);
		if (v[i].err && rc)
			CHECK_STR(err, v[i].err);
	}
	CHECK(perr_of("aes192-sha256_96", ESP, V1 | W));
	CHECK_HAS(err, "esp: aes192-sha256_96 not supported by the l2tpsec module");
}

/* The transforms of one parsed proposal, in order, as "type:id:bits ...". */
static void trans_str(const struct ike_proposal *p, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned int k = 0; k < p->nt && len < cap; k++)
		len += (size_t)snprintf(out + len, cap - len, "%s%u:%u:%u", k ? " " : "",
					p->t[k].type, p->t[k].id, p->t[k].key_bits);
}

static void test_proposal_v1_transforms(void)
{
	struct ike_proposal p[IKE_MAX_PROPOSALS];
	unsigned int n;
	char s[512];

	/* IKEv2-style "aes256-sha1-modp2048": ENCR + PRF (same hash) + INTEG + DH */
	CHECK(proposal_parse("aes256-sha1-modp2048", IKE, V1, p, IKE_MAX_PROPOSALS, &n, err,
			     sizeof(err)) == 0);
	trans_str(&p[0], s, sizeof(s));
	CHECK_STR(s, "1:12:256 2:2:0 3:2:0 4:14:0");
	CHECK(proposal_parse("3des-sha256-modp1024, aes128-sha384-modp1536", IKE, V1 | W, p,
			     IKE_MAX_PROPOSALS, &n, err, sizeof(err)) == 0);
	CHECK_EQ(n, 2);
	trans_str(&p[0], s, sizeof(s));
	CHECK_STR(s, "1:3:0 2:5:0 3:12:0 4:2:0");	/* 3des: no key length attribute */
	trans_str(&p[1], s, sizeof(s));
	CHECK_STR(s, "1:12:128 2:6:0 3:13:0 4:5:0");
	CHECK(proposal_parse("aes256-sha256_96, 3des-sha1-noesn", ESP, V1 | W, p,
			     IKE_MAX_PROPOSALS, &n, err, sizeof(err)) == 0);
	trans_str(&p[0], s, sizeof(s));
	CHECK_STR(s, "1:12:256 3:1026:0 5:1:0 5:0:0");
	trans_str(&p[1], s, sizeof(s));
	CHECK_STR(s, "1:3:0 3:2:0 5:0:0");
	/* printed and read back */
	check_roundtrip_f("3des-sha1-modp1024, aes256-sha256-modp1536", IKE, V1 | W,
			  "3des-sha1-prfsha1-modp1024, aes256-sha256-prfsha256-modp1536");
	check_roundtrip_f("aes128-sha2_256_96-modp1024, 3des-sha1", ESP, V1 | W,
			  "aes128-sha256_96-modp1024-esn-noesn, 3des-sha1-esn-noesn");
}

/* Does some proposal of list have every transform of one? */
static bool covered(const struct ike_proposal *one, const struct ike_proposal *list,
		    unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int hits = 0;

		for (unsigned int k = 0; k < one->nt; k++)
			for (unsigned int j = 0; j < list[i].nt; j++)
				if (one->t[k].type == list[i].t[j].type &&
				    one->t[k].id == list[i].t[j].id &&
				    one->t[k].key_bits == list[i].t[j].key_bits) {
					hits++;
					break;
				}
		if (hits == one->nt)
			return true;
	}
	return false;
}

/*
 * What the built-in clients offer (as single proposals): accepted by the
 * version 1 defaults without weak, or refused without `weak yes` and parsed
 * with it.
 */
static void test_proposal_clients(void)
{
	static const struct {
		const char *client, *s;
		uint8_t proto;
		bool needs_weak;
	} v[] = {
		{ "Windows 10/11", "aes256-sha1-ecp384", IKE, false },
		{ "Windows 10/11", "aes128-sha1-ecp256", IKE, false },
		{ "Windows 10/11", "aes256-sha1-modp2048", IKE, false },
		{ "Windows 10/11", "3des-sha1-modp2048", IKE, true },
		{ "Windows 10/11", "3des-sha1-modp1024", IKE, true },
		{ "Windows 10/11", "aes256-sha1", ESP, false },
		{ "Windows 10/11", "aes128-sha1", ESP, false },
		{ "Windows 10/11", "3des-sha1", ESP, true },
		{ "macOS/iOS", "aes256-sha256-modp2048", IKE, false },
		{ "macOS/iOS", "aes256-sha1-modp2048", IKE, false },
		{ "macOS/iOS", "aes128-sha1-modp1024", IKE, true },
		{ "macOS/iOS", "3des-sha1-modp1024", IKE, true },
		{ "macOS/iOS", "aes256-sha1", ESP, false },
		{ "macOS/iOS", "aes128-sha1", ESP, false },
		{ "macOS/iOS", "3des-sha1", ESP, true },
		{ "Android", "aes256-sha256-modp1024", IKE, true },
		{ "Android", "aes128-sha1-modp1024", IKE, true },
		{ "Android", "aes256-sha256_96", ESP, true },
		{ "Android", "aes128-sha1", ESP, false },
		{ "NetworkManager-l2tp", "aes256-sha1-modp2048", IKE, false },
		{ "NetworkManager-l2tp", "aes128-sha1-modp2048", IKE, false },
		{ "NetworkManager-l2tp", "aes256-sha2_256-modp2048", IKE, false },
		{ "NetworkManager-l2tp", "aes256-sha1", ESP, false },
		{ "NetworkManager-l2tp", "aes128-sha1", ESP, false },
		{ "NetworkManager-l2tp", "aes256-sha256", ESP, false },
	};
	struct ike_proposal di[IKE_MAX_PROPOSALS], de[IKE_MAX_PROPOSALS];
	struct ike_proposal p[IKE_MAX_PROPOSALS];
	unsigned int ndi, nde, n;

	CHECK(proposal_parse(PROPOSAL_DEFAULT_IKEV1, IKE, V1, di, IKE_MAX_PROPOSALS, &ndi,
			     err, sizeof(err)) == 0);
	CHECK(proposal_parse(PROPOSAL_DEFAULT_ESPV1, ESP, V1, de, IKE_MAX_PROPOSALS, &nde,
			     err, sizeof(err)) == 0);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bool ike = v[i].proto == IKE;
		int rc = perr_of(v[i].s, v[i].proto, V1);

		if (v[i].needs_weak) {
			CHECK(rc != 0);
			CHECK_HAS(err, "allowed only with 'weak yes' in the conn");
			rc = perr_of(v[i].s, v[i].proto, V1 | W);
		}
		if (rc) {
			fprintf(stderr, "  %s: %s: %s\n", v[i].client, v[i].s, err);
			CHECK(0);
			continue;
		}
		CHECK(proposal_parse(v[i].s, v[i].proto, V1 | W, p, IKE_MAX_PROPOSALS, &n, err,
				     sizeof(err)) == 0);
		/* and the defaults take it exactly when it needs no weak */
		if (covered(&p[0], ike ? di : de, ike ? ndi : nde) == v[i].needs_weak) {
			fprintf(stderr, "  %s: %s: %s by the defaults\n", v[i].client, v[i].s,
				v[i].needs_weak ? "accepted" : "not accepted");
			CHECK(0);
		}
	}
	/* through the config file: FILE:LINE, the token, weak yes */
	fails(HEAD "version 1\nike aes256-sha256-modp1024\n}\n",
	      F ":7: " NEEDS_WEAK("ike", "modp1024", "aes256-sha256-modp1024"));
	fails(HEAD "version 1\nesp aes256-sha1, 3des-sha1\n}\n",
	      F ":7: " NEEDS_WEAK("esp", "3des", "3des-sha1"));
	ok(HEAD "version 1\nweak yes\nike aes256-sha256-modp1024\nesp 3des-sha1\n}\n");
	ok(HEAD "version 1\nike aes256-sha1-modp2048\nesp aes128-sha1\n}\n");
	/* the Android example of l2tpsecd.md */
	ok(HEAD "version 1\nweak yes\nike aes256-aes128-sha256-sha1-modp2048-modp1024\n"
	   "esp aes256-aes128-sha256-sha1, aes256-aes128-sha256_96\n}\n");
	fails(HEAD "weak yes\nike aes256-sha256-modp1024\n}\n",
	      F ":7: " V1_ONLY("ike", "modp1024", "aes256-sha256-modp1024"));
	fails(HEAD "esp aes128-sha1\n}\n", F ":6: " NEEDS_WEAK("esp", "sha1", "aes128-sha1"));
}

/* A version 1 conn with every new keyword and token prints and reads back. */
static void test_v1_print_reparse(void)
{
	struct conf *c = parse(HEAD "version 1\naggressive yes\nweak yes\n"
			       "ike aes256-sha256-modp1024, 3des-sha1-modp1536\n"
			       "esp aes128-sha256_96, 3des-sha1\n}\n", false);
	char *s;

	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	s = print_str(c);
	CHECK_HAS(s, "\tversion 1\n\taggressive yes\n");
	CHECK_HAS(s, "\tweak yes\n");
	CHECK_HAS(s, "\tike aes256-sha256-prfsha256-modp1024, 3des-sha1-prfsha1-modp1536\n");
	CHECK_HAS(s, "\tesp aes128-sha256_96-esn-noesn, 3des-sha1-esn-noesn\n");
	free(s);
	check_print_reparse(c);
	drop(c);
}

#undef V1
#undef W
#undef IKE
#undef ESP

static void test_chosen_str(void)
{
	struct ike_chosen c = { .proto = IKE_PROTO_IKE, .encr = IKE_ENCR_AES_GCM_16,
				.encr_bits = 256, .prf = IKE_PRF_HMAC_SHA2_384,
				.dh = IKE_DH_ECP_384 };
	char s[128];

	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
	c = (struct ike_chosen){ .proto = IKE_PROTO_ESP, .encr = IKE_ENCR_AES_CBC,
				 .encr_bits = 256, .integ = IKE_INTEG_HMAC_SHA2_256_128,
				 .esn = true };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "AES_CBC_256/HMAC_SHA2_256_128/ESN");
	c = (struct ike_chosen){ .proto = IKE_PROTO_IKE, .encr = IKE_ENCR_AES_CBC,
				 .encr_bits = 128, .integ = IKE_INTEG_HMAC_SHA2_512_256,
				 .prf = IKE_PRF_HMAC_SHA2_512, .dh = IKE_DH_CURVE25519 };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "AES_CBC_128/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/CURVE_25519");
	c = (struct ike_chosen){ .proto = IKE_PROTO_ESP, .encr = IKE_ENCR_CHACHA20_POLY1305,
				 .dh = IKE_DH_MODP_3072 };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "CHACHA20_POLY1305/MODP_3072/NO_ESN");
	c = (struct ike_chosen){ .proto = IKE_PROTO_IKE, .encr = IKE_ENCR_3DES,
				 .integ = IKE_INTEG_HMAC_SHA1_96, .prf = IKE_PRF_HMAC_SHA1,
				 .dh = IKE_DH_MODP_1024 };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024");
	c = (struct ike_chosen){ .proto = IKE_PROTO_ESP, .encr = IKE_ENCR_AES_CBC,
				 .encr_bits = 128, .integ = IKE_INTEG_HMAC_SHA2_256_96,
				 .dh = IKE_DH_MODP_1536 };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "AES_CBC_128/HMAC_SHA2_256_96/MODP_1536/NO_ESN");
	c = (struct ike_chosen){ .proto = IKE_PROTO_IKE, .encr = 99, .prf = 98, .dh = 97 };
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "ENCR_99/PRF_98/DH_97");
	proposal_chosen_str(&c, s, 4);
	CHECK_STR(s, "ENC");
	c.encr = 0;
	proposal_chosen_str(&c, s, sizeof(s));
	CHECK_STR(s, "-");
}

static void test_ids(void)
{
	struct conf_id id;
	uint8_t der[64];
	long n;

	CHECK(conf_id_parse("fqdn:gw.example", &id, err, sizeof(err)) == 0);
	CHECK_EQ(id.type, IKE_ID_FQDN);
	CHECK_EQ(id.len, 10);
	CHECK_MEM(id.data, "gw.example", 10);
	CHECK_STR(id.text, "fqdn:gw.example");
	CHECK(conf_id_parse("email:ops@example.org", &id, err, sizeof(err)) == 0);
	CHECK_EQ(id.type, IKE_ID_RFC822_ADDR);
	CHECK_EQ(id.len, 15);
	CHECK(conf_id_parse("ip:198.51.100.7", &id, err, sizeof(err)) == 0);
	CHECK_EQ(id.type, IKE_ID_IPV4_ADDR);
	CHECK_EQ(id.len, 4);
	CHECK_MEM(id.data, "\xc6\x33\x64\x07", 4);
	CHECK(conf_id_parse("keyid:0x0102aBcD", &id, err, sizeof(err)) == 0);
	CHECK_EQ(id.type, IKE_ID_KEY_ID);
	CHECK_EQ(id.len, 4);
	CHECK_MEM(id.data, "\x01\x02\xab\xcd", 4);
	CHECK(conf_id_parse("keyid:#0102", &id, err, sizeof(err)) == 0);
	/* openssl req -subj "/C=CH/O=x/CN=y": the subject's DER (C printable, others UTF8) */
	n = test_unhex("3025310b3009060355040613024348310a3008060355040a0c0178310a30"
		       "0806035504030c0179", der, sizeof(der));
	CHECK(conf_id_parse("dn:C=CH, O=x, CN=y", &id, err, sizeof(err)) == 0);
	CHECK_EQ(id.type, IKE_ID_DER_ASN1_DN);
	CHECK_EQ(id.len, n);
	CHECK_MEM(id.data, der, (size_t)n);
	CHECK(conf_id_parse("dn:C=CH,O=x,CN=y", &id, err, sizeof(err)) == 0);
	CHECK_MEM(id.data, der, (size_t)n);
	CHECK(conf_id_parse("dn:E=a@b.example, CN=z", &id, err, sizeof(err)) == 0);
	/* errors */
	CHECK(conf_id_parse("gw.example", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "'gw.example': unknown identity type (write fqdn:, email:, ip:, dn: or "
		  "keyid:)");
	CHECK_EQ(id.type, 0);
	CHECK(conf_id_parse("ip:2001:db8::1", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "ip:2001:db8::1: IPv6 not supported yet");
	CHECK(conf_id_parse("ip:1.2.3", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("fqdn:", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("fqdn:a b", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("keyid:abc", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("dn:XX=1", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "dn: unknown attribute 'XX'");
	CHECK(conf_id_parse("dn:C=CHE", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "dn: bad value for C");
	CHECK(conf_id_parse("dn:C=CH,,CN=y", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("dn:CN", &id, err, sizeof(err)) == -1);
	CHECK(conf_id_parse("dn:CN=", &id, err, sizeof(err)) == -1);
	/* in the file: quoted dn, error with file and line */
	fails(HEAD "remote-id dn:\"C=CH, XX=1\"\n}\n",
	      F ":6: remote-id: dn: unknown attribute 'XX'");
	fails(HEAD "local-id host.example\n}\n",
	      F ":6: local-id: 'host.example': unknown identity type (write fqdn:, email:, ip:, "
	      "dn: or keyid:)");
}

static void test_id_match(void)
{
	struct conf_id want, none = { 0 };
	uint8_t der[64];
	long n;

	CHECK(conf_id_parse("fqdn:GW.example", &want, err, sizeof(err)) == 0);
	CHECK(conf_id_match(&want, IKE_ID_FQDN, (const uint8_t *)"gw.EXAMPLE", 10));
	CHECK(!conf_id_match(&want, IKE_ID_FQDN, (const uint8_t *)"gw.example.", 11));
	CHECK(!conf_id_match(&want, IKE_ID_RFC822_ADDR, (const uint8_t *)"gw.example", 10));
	CHECK(conf_id_match(&none, IKE_ID_KEY_ID, (const uint8_t *)"x", 1));
	/* the same DN in PrintableStrings (strongSwan's pki, string_mask=default) */
	n = test_unhex("3025310b3009060355040613024348310a3008060355040a130178310a30"
		       "080603550403130179", der, sizeof(der));
	CHECK(conf_id_parse("dn:C=CH, O=x, CN=y", &want, err, sizeof(err)) == 0);
	CHECK(want.len == (size_t)n && memcmp(want.data, der, (size_t)n) != 0);
	CHECK(conf_id_match(&want, IKE_ID_DER_ASN1_DN, der, (size_t)n));
	CHECK(!conf_id_match(&want, IKE_ID_DER_ASN1_DN, der, (size_t)n - 1));
	der[n - 1] = 'z';
	CHECK(!conf_id_match(&want, IKE_ID_DER_ASN1_DN, der, (size_t)n));
	CHECK(conf_id_parse("ip:192.0.2.1", &want, err, sizeof(err)) == 0);
	CHECK(conf_id_match(&want, IKE_ID_IPV4_ADDR, (const uint8_t *)"\xc0\x00\x02\x01", 4));
	CHECK(!conf_id_match(&want, IKE_ID_IPV4_ADDR, (const uint8_t *)"\xc0\x00\x02\x02", 4));
}

static void test_psk(void)
{
	char text[1024], path[600];
	struct conf *c;
	const char *psk16 = "0123456789abcdef";

	c = parse("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"
		  " psk \"a \\\"quoted\\\" \\\\ secret\"\n}\n", false);
	CHECK(c && conn0(c)->psk_len == 19);
	CHECK(c && !memcmp(conn0(c)->psk, "a \"quoted\" \\ secret", 19));
	drop(c);
	fails(HEAD "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.3\n auth psk\n"
	      " psk 0123456789abcde\n}\n", F ":11: psk: too short (15 bytes, at least 16)");
	snprintf(text, sizeof(text), HEAD "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.3\n"
		 " auth psk\n psk %s\n}\n", psk16);
	ok(text);
	memset(path, 'k', 257);
	path[257] = '\0';
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk %s\n}\n", path);
	fails(text, F ":5: psk: too long (257 bytes, at most 256)");
	path[256] = '\0';
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk %s\n}\n", path);
	ok(text);
	/* hex, and quoted 0x is a literal string */
	c = parse("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"
		  " psk 0x00112233445566778899AABBCCDDEEFF\n}\n", false);
	CHECK(c && conn0(c)->psk_len == 16 && conn0(c)->psk[15] == 0xff);
	drop(c);
	c = parse("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"
		  " psk \"0x00112233445566778899\"\n}\n", false);
	CHECK(c && conn0(c)->psk_len == 22 && conn0(c)->psk[0] == '0');
	drop(c);
	fails_has("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n psk 0x0011x2\n}\n",
		  ":5: psk: bad hex");
	fails_has(HEAD "psk-file /x\n}\n", ":6: psk-file: psk was given too (use one of them)");
	fails_has(HEAD "a secret\n}\n", ":6: unknown keyword 'a'");
	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"
	      " psk a long secret\n}\n",
	      F ":5: psk: one value expected, got 3 (quote a psk with spaces)");
	fails_has(HEAD "cert /x\n}\n", ":6: cert: only used with auth cert");
	/* psk-file: its first line, same syntax */
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk-file %s/data/conf/psk-ok.txt\n}\n", test_data_dir());
	c = parse(text, true);
	CHECK(c && conn0(c)->psk_len == 25 &&
	      !memcmp(conn0(c)->psk, "this is a long enough key", 25));
	CHECK(c && strstr(conn0(c)->psk_file, "data/conf/psk-ok.txt"));
	drop(c);
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk-file %s/data/conf/psk-hex.txt\n}\n", test_data_dir());
	c = parse(text, true);
	CHECK(c && conn0(c)->psk_len == 16 && conn0(c)->psk[1] == 0x11);
	drop(c);
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk-file %s/data/conf/psk-short.txt\n}\n", test_data_dir());
	c = parse(text, true);
	CHECK(c == NULL);
	CHECK_HAS(err, ":5: psk-file: too short (9 bytes, at least 16)");
	drop(c);
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth psk\n psk-file %s/data/conf/nonexistent\n}\n", test_data_dir());
	c = parse(text, true);
	CHECK(c == NULL);
	CHECK_HAS(err, "/data/conf/nonexistent: No such file or directory");
	CHECK_HAS(err, F ":5: psk-file: ");
	drop(c);
}

static uint32_t dur(const char *kw, const char *v, int *rc)
{
	char line[256];
	struct conf *c;
	uint32_t r = 0;

	snprintf(line, sizeof(line), "%s %s", kw, v);
	c = with_line(line);
	*rc = c ? 0 : -1;
	if (c && !strcmp(kw, "lifetime"))
		r = c->conns[0].lifetime;
	else if (c && !strcmp(kw, "dpd"))
		r = c->conns[0].dpd;
	else if (c && !strcmp(kw, "keepalive"))
		r = c->conns[0].keepalive;
	drop(c);
	return r;
}

static void test_durations(void)
{
	struct conf *c;
	int rc;

	CHECK_EQ(dur("lifetime", "45", &rc), 45);
	CHECK_EQ(dur("lifetime", "30s", &rc), 30);
	CHECK_EQ(dur("lifetime", "5m", &rc), 300);
	CHECK_EQ(dur("lifetime", "4h", &rc), 14400);
	CHECK_EQ(dur("lifetime", "1d", &rc), 86400);
	CHECK_EQ(dur("lifetime", "30d", &rc), 30 * 86400);
	CHECK_EQ(rc, 0);
	CHECK_EQ(dur("lifetime", "20000ms", &rc), 20);
	CHECK_EQ(dur("dpd", "0", &rc), 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(dur("keepalive", "0s", &rc), 0);
	CHECK_EQ(rc, 0);
	dur("lifetime", "31d", &rc);
	CHECK_EQ(rc, -1);
	CHECK_STR(err, F ":6: lifetime: 31d out of range (10s..30d)");
	dur("lifetime", "1500ms", &rc);
	CHECK_STR(err, F ":6: lifetime: '1500ms' is not a whole number of seconds");
	dur("lifetime", "1x", &rc);
	CHECK_STR(err, F ":6: lifetime: bad duration '1x' (e.g. 500ms, 30s, 5m, 4h, 1d)");
	dur("lifetime", "-1s", &rc);
	CHECK_HAS(err, "bad duration '-1s'");
	dur("lifetime", "0x10s", &rc);
	CHECK_HAS(err, "bad duration '0x10s'");
	dur("lifetime", "s", &rc);
	CHECK_HAS(err, "bad duration 's'");
	dur("lifetime", "1h30m", &rc);
	CHECK_HAS(err, "bad duration");
	/* overflow: of the number, of the multiplication, of uint32 */
	dur("lifetime", "99999999999999999999999s", &rc);
	CHECK_STR(err, F ":6: lifetime: 99999999999999999999999s out of range (10s..30d)");
	dur("lifetime", "18446744073709551615d", &rc);
	CHECK_HAS(err, "out of range");
	dur("lifetime", "4294967296", &rc);
	CHECK_HAS(err, "out of range");
	dur("dpd", "4294967297s", &rc);
	CHECK_EQ(rc, -1);
	/* milliseconds where they make sense */
	c = parse("retransmit-timeout 500ms\nhalf-open-timeout 2m\n", false);
	CHECK(c && c->retransmit_timeout_ms == 500 && c->half_open_timeout == 120);
	drop(c);
	fails("retransmit-timeout 50ms\n",
	      F ":1: retransmit-timeout: 50ms out of range (100ms..10m)");
	/* dpd-timeout must exceed dpd */
	fails(HEAD "dpd 200s\n}\n", F ":6: dpd-timeout: 150s must be longer than dpd (200s)");
	ok(HEAD "dpd 0\n}\n");
}

static void test_bytes(void)
{
	struct conf *c;

	c = with_line("lifebytes 64K");
	CHECK(c && c->conns[0].lifebytes == 65536);
	drop(c);
	c = with_line("lifebytes 10M");
	CHECK(c && c->conns[0].lifebytes == 10ULL << 20);
	drop(c);
	c = with_line("lifebytes 2g");
	CHECK(c && c->conns[0].lifebytes == 2ULL << 30);
	drop(c);
	c = with_line("lifebytes 0");
	CHECK(c && c->conns[0].lifebytes == 0);
	drop(c);
	c = with_line("lifepackets 1000000");
	CHECK(c && c->conns[0].lifepackets == 1000000);
	drop(c);
	c = with_line("lifebytes 1K");
	CHECK(c == NULL);
	CHECK_STR(err, F ":6: lifebytes: 1K out of range (0 or 64K..1073741824G)");
	drop(c);
	c = with_line("lifebytes 17179869184G");	/* 2^64 */
	CHECK(c == NULL);
	CHECK_HAS(err, "lifebytes: 17179869184G out of range");
	drop(c);
	c = with_line("lifebytes 18446744073709551616");
	CHECK(c == NULL);
	CHECK_HAS(err, "out of range");
	drop(c);
	c = with_line("lifebytes 10T");
	CHECK(c == NULL);
	CHECK_STR(err, F ":6: lifebytes: bad number '10T' (e.g. 1500, 64K, 10M, 2G)");
	drop(c);
	c = with_line("lifebytes 10MB");
	CHECK(c == NULL);
	drop(c);
	c = with_line("margin 25%");
	CHECK(c && c->conns[0].margin_pct == 25);
	drop(c);
	c = with_line("margin 5");
	CHECK(c && c->conns[0].margin_pct == 5);
	drop(c);
	c = with_line("margin 101%");
	CHECK(c == NULL);
	CHECK_STR(err, F ":6: margin: 101% out of range (1%..100%)");
	drop(c);
	c = with_line("margin 0%");
	CHECK(c == NULL);
	drop(c);
	c = with_line("margin 10%%");
	CHECK(c == NULL);
	CHECK_HAS(err, "margin: bad percentage '10%%'");
	drop(c);
}

static void test_numbers(void)
{
	struct conf *c;

	c = parse(HEAD "l2tp {\n tunnel-id 0xffffffff\n peer-tunnel-id 4294967294\n"
		  " session-id 0x10\n peer-session-id 00020\n port 1702\n mtu 1350\n"
		  " seq yes\n cookie 11223344\n peer-cookie 0x0102030405060708\n"
		  " ifname pw-to-b.0\n}\n}\n", false);
	CHECK(c != NULL);
	if (c) {
		const struct conf_l2tp *l = &c->conns[0].l2tp;

		CHECK_EQ(l->tunnel_id, 0xffffffff);
		CHECK_EQ(l->peer_tunnel_id, 4294967294u);
		CHECK_EQ(l->session_id, 16);
		CHECK_EQ(l->peer_session_id, 20);
		CHECK_EQ(l->port, 1702);
		CHECK_EQ(l->mtu, 1350);
		CHECK(l->seq);
		CHECK_EQ(l->cookie_len, 4);
		CHECK_MEM(l->cookie, "\x11\x22\x33\x44", 4);
		CHECK_EQ(l->peer_cookie_len, 8);
		CHECK_STR(l->ifname, "pw-to-b.0");
	}
	drop(c);
	fails(HEAD "l2tp {\n tunnel-id 0\n", F ":7: tunnel-id: 0 out of range (1..4294967295)");
	fails(HEAD "l2tp {\n tunnel-id 4294967296\n",
	      F ":7: tunnel-id: 4294967296 out of range (1..4294967295)");
	fails(HEAD "l2tp {\n tunnel-id 0x\n", F ":7: tunnel-id: bad number '0x'");
	fails(HEAD "l2tp {\n tunnel-id +5\n", F ":7: tunnel-id: bad number '+5'");
	fails(HEAD "l2tp {\n mtu 67\n", F ":7: mtu: 67 out of range (0 or 68..65535)");
	fails(HEAD "l2tp {\n port 0\n", F ":7: port: 0 out of range (1..65535)");
	fails(HEAD "l2tp {\n cookie 0x1122334455\n",
	      F ":7: cookie: '0x1122334455' is not 4 or 8 bytes of hex (e.g. 0x1122334455667788)");
	fails(HEAD "l2tp {\n ifname 0123456789abcdef\n",
	      F ":7: ifname: '0123456789abcdef' is not a valid interface name (1-15 characters, "
	      "no '/', ':' or spaces)");
	fails_has(HEAD "l2tp {\n ifname a/b\n", "ifname: 'a/b' is not a valid interface name");
	fails_has(HEAD "l2tp {\n ifname ..\n", "ifname: '..' is not a valid interface name");
	ok(HEAD "replay-window 0\n}\n");
	ok(HEAD "replay-window 4096\n}\n");
	fails("retransmit-tries 21\n", F ":1: retransmit-tries: 21 out of range (1..20)");
	fails("natt-port 500\n", F ":1: natt-port: must differ from ike-port (500)");
}

static void test_global(void)
{
	struct conf *c = parse("log-level debug\nlog syslog\nuser l2tpsec\nike-port 1500\n"
			       "natt-port 14500\ncookie-threshold 0\nhalf-open-per-source 2\n"
			       "retransmit-tries 1\npidfile /tmp/x.pid\ncontrol /tmp/x.sock\n",
			       false);

	CHECK(c != NULL);
	if (c) {
		CHECK_EQ(c->log_level, CONF_LOG_DEBUG);
		CHECK_EQ(c->log_target, 1);
		CHECK_STR(c->user, "l2tpsec");
		CHECK_EQ(c->ike_port, 1500);
		CHECK_EQ(c->natt_port, 14500);
		CHECK_EQ(c->cookie_threshold, 0);
		CHECK_EQ(c->half_open_per_source, 2);
		CHECK_EQ(c->retransmit_tries, 1);
		CHECK_STR(c->pidfile, "/tmp/x.pid");
	}
	drop(c);
	fails("log file\n", F ":1: log: 'file' is not one of syslog, stderr");
	fails("user -x\n", F ":1: user: '-x' is not a valid user name");
	fails("half-open-per-source 0\n",
	      F ":1: half-open-per-source: 0 out of range (1..1000000)");
}

static void test_quoting(void)
{
	struct conf *c;

	c = parse("pidfile \"/tmp/a b#c.pid\"   # comment\ncontrol /tmp/s#x\n", false);
	CHECK(c != NULL);
	CHECK(c && !strcmp(c->pidfile, "/tmp/a b#c.pid"));
	CHECK(c && !strcmp(c->control, "/tmp/s"));
	drop(c);
	c = parse("pidfile /tmp/\"a b\"c\r\n", false);
	CHECK(c && !strcmp(c->pidfile, "/tmp/a bc"));
	drop(c);
	fails("pidfile \"/tmp/x\n", F ":1: unterminated quoted string");
	fails("pidfile \"/tmp/\\x\"\n", F ":1: bad escape in quoted string (only \\\" and \\\\)");
	fails("pidfile \"\"\n", F ":1: pidfile: empty path");
	fails("pidfile /x\x01\n", F ":1: control character 0x01 in line");
	c = calloc(1, sizeof(*c));
	CHECK(conf_load_string(F, "pidfile /x\0y\n", 13, c, err, sizeof(err)) == -1);
	CHECK_STR(err, F ":1: NUL byte in line");
	CHECK(conf_load_string(F, "log-level debug", 15, c, err, sizeof(err)) == 0);
	CHECK_EQ(c->log_level, CONF_LOG_DEBUG);
	drop(c);
}

static void test_limits(void)
{
	size_t big = 2 * 1024 * 1024;
	char *text = malloc(big + 1);
	struct conf *c;
	size_t n = 0;

	if (!text)
		return;
	/* line length */
	memset(text, ' ', 5000);
	memcpy(text + 5000, "\n", 2);
	fails(text, F ":1: line too long (5000 bytes, max 4096)");
	memcpy(text + 4096, "\n", 2);
	ok(text);
	/* file size */
	memset(text, '\n', big);
	text[big] = '\0';
	fails(text, F ": file too large (2097152 bytes, max 1048576)");
	/* 256 conns fine, 257 not */
	for (int i = 0; i < 257; i++)
		n += (size_t)snprintf(text + n, big - n, "conn c%d {\n local 10.0.%d.%d\n"
				      " remote 10.1.%d.%d\n auth psk\n psk 0123456789abcdef\n"
				      " l2tp {\n tunnel-id %d\n peer-tunnel-id 1\n session-id %d\n"
				      " peer-session-id 1\n }\n}\n", i, i / 250, i % 250 + 1,
				      i / 250, i % 250 + 1, i + 1, i + 1);
	fails_has(text, ":3073: conn: too many connections (max 256)");
	*strstr(text, "conn c256") = '\0';
	c = parse(text, false);
	CHECK(c && c->n_conns == 256);
	CHECK(c && conf_find(c, "c255") && conf_find(c, "c255")->l2tp.tunnel_id == 256);
	drop(c);
	/* 17 ca files */
	n = 0;
	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(text + n, big - n, "ca /ca%d.pem\n", i);
	fails(text, F ":17: ca: too many (max 16)");
	free(text);
}

static void test_files(void)
{
	char text[2048];
	struct conf *c;
	const char *d = test_data_dir();

	snprintf(text, sizeof(text), "ca %s/data/conf/dummy.pem\ncrl %s/data/conf/dummy.pem\n"
		 "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth cert\n pss yes\n"
		 " cert %s/data/conf/dummy.pem\n key %s/data/conf/dummy.pem\n remote-id any\n"
		 "}\n", d, d, d, d);
	c = parse(text, true);
	CHECK(c != NULL);
	CHECK(c && c->conns[0].pss && c->conns[0].local_id.type == 0 &&
	      c->conns[0].remote_id.type == 0 && c->conns[0].remote_id_any);
	drop(c);
	snprintf(text, sizeof(text), "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n"
		 " auth cert\n cert %s/data/conf/missing.pem\n key /x\n}\n", d);
	c = parse(text, true);
	CHECK(c == NULL);
	CHECK_HAS(err, F ":5: cert: ");
	CHECK_HAS(err, "data/conf/missing.pem: No such file or directory");
	drop(c);
	snprintf(text, sizeof(text), "crl %s/data\n", d);
	c = parse(text, true);
	CHECK(c == NULL);
	CHECK_HAS(err, "/data: not a regular file");
	drop(c);
	fails_has("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth cert\n cert /x\n"
		  " key /y\n psk 0123456789abcdef\n}\n", ":7: psk: only used with auth psk");
	/* conf_load: relative paths are relative to the file's directory */
	c = calloc(1, sizeof(*c));
	snprintf(text, sizeof(text), "%s/data/conf/relative.conf", d);
	CHECK(conf_load(text, c, err, sizeof(err)) == 0);
	CHECK(c->n_ca == 1 && strstr(c->ca[0], "/data/conf/dummy.pem") && c->ca[0][0] == '/');
	CHECK(c->n_conns == 1 && c->conns[0].psk_len == 25);
	CHECK(c->n_conns == 1 && strstr(c->conns[0].file, "relative.conf"));
	conf_free(c);
	CHECK(c->n_conns == 0 && c->conns == NULL && c->n_ca == 0);
	snprintf(text, sizeof(text), "%s/data/conf/nonexistent.conf", d);
	CHECK(conf_load(text, c, err, sizeof(err)) == -1);
	CHECK_HAS(err, "nonexistent.conf: No such file or directory");
	drop(c);
}

/* HEAD + L2TP with one line replaced (same keyword) or added. */
static void conn_with(char *text, size_t cap, const char *change)
{
	static const char *const base[] = {
		"local 192.0.2.1", "remote 198.51.100.2", "auth psk",
		"psk \"0123456789abcdef\"", L2TP,
	};
	size_t kl = strcspn(change, " ");
	size_t n = (size_t)snprintf(text, cap, "conn a {\n");
	bool used = false;

	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		const char *b = base[i];

		while (*b == '\t')
			b++;
		if (!strncmp(b, change, kl) && b[kl] == ' ') {
			b = change;
			used = true;
		}
		n += (size_t)snprintf(text + n, cap - n, "%s\n", b);
	}
	snprintf(text + n, cap - n, "%s\n}\n", used ? "" : change);
}

#define CERT_HEAD "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth cert\n cert /c\n key /k\n"

/*
 * A cert conn names the peer (remote-id) or says 'remote-id any': else
 * every certificate of the CAs would do. auth-legacy-sha1 is cert only.
 */
static void test_cert_remote_id(void)
{
	struct conf *c;

	fails(CERT_HEAD "}\n", F ":1: conn 'a': auth cert without remote-id would accept every "
	      "certificate the CAs signed: set remote-id (or 'remote-id any' to mean that)");
	c = parse(CERT_HEAD " remote-id fqdn:gw.example\n}\n", false);
	CHECK(conn0(c) && conn0(c)->remote_id.type == IKE_ID_FQDN && !conn0(c)->remote_id_any &&
	      !conn0(c)->legacy_sha1);
	drop(c);
	c = parse(CERT_HEAD " remote-id any\n auth-legacy-sha1 yes\n}\n", false);
	CHECK(conn0(c) && conn0(c)->remote_id.type == 0 && conn0(c)->remote_id_any &&
	      conn0(c)->legacy_sha1);
	drop(c);
	/* "any" quoted is an identity string, not the keyword */
	fails_has(CERT_HEAD " remote-id \"any\"\n}\n", ":7: remote-id: ");
	fails(HEAD "auth-legacy-sha1 yes\n}\n",
	      F ":6: auth-legacy-sha1: only used with auth cert");
	/* psk: remote-id any keeps the default ip:<remote> identity off */
	c = parse(HEAD "remote-id any\n}\n", false);
	CHECK(conn0(c) && conn0(c)->remote_id.type == 0 && conn0(c)->remote_id_any);
	drop(c);
}

/* Each line changes one setting of the base conn: the conn must differ. */
static void test_conn_same(void)
{
	static const char *const changes[] = {
		"local 192.0.2.9", "remote 198.51.100.9",
		"local-id fqdn:x.example", "remote-id email:a@b", "remote-id any",
		"psk 0123456789abcdeX",
		"weak yes", "ike aes128gcm16-prfsha256-x25519", "version 1",
		"esp aes128gcm16", "esp aes128gcm16-esn", "ike-lifetime 3h", "lifetime 2h",
		"lifebytes 1G", "lifepackets 1000000", "margin 20%", "dpd 10s",
		"dpd-timeout 100s", "encap yes", "keepalive 0", "replay-window 64",
		"start initiate",
		"l2tp {\ntunnel-id 9\npeer-tunnel-id 2\nsession-id 3\npeer-session-id 4\n}",
		"l2tp {\ntunnel-id 1\npeer-tunnel-id 2\nsession-id 3\npeer-session-id 4\n"
		"seq yes\n}",
		"l2tp {\ntunnel-id 1\npeer-tunnel-id 2\nsession-id 3\npeer-session-id 4\n"
		"mtu 1400\n}",
		"l2tp {\ntunnel-id 1\npeer-tunnel-id 2\nsession-id 3\npeer-session-id 4\n"
		"cookie 0x01020304\n}",
		"l2tp {\ntunnel-id 1\npeer-tunnel-id 2\nsession-id 3\npeer-session-id 4\n"
		"ifname x\n}",
	};
	struct conf *a = parse("\n\n" HEAD L2TP "}\n", false), *b = parse(HEAD L2TP "}\n", false);

	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK(conf_conn_same(&a->conns[0], &b->conns[0]));
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		char text[2048];
		struct conf *c;

		conn_with(text, sizeof(text), changes[i]);
		c = parse(text, false);
		CHECK(c != NULL);
		if (!c) {
			fprintf(stderr, "  %s: %s\n", changes[i], err);
			continue;
		}
		if (conf_conn_same(&a->conns[0], &c->conns[0])) {
			fprintf(stderr, "  still the same after '%s'\n", changes[i]);
			CHECK(0);
		}
		drop(c);
	}
	/* cert/key/pss differ too */
	{
		struct conf_conn x = a->conns[0];

		x.pss = true;
		CHECK(!conf_conn_same(&a->conns[0], &x));
		x = a->conns[0];
		strcpy(x.cert, "/other");
		CHECK(!conf_conn_same(&a->conns[0], &x));
		x = a->conns[0];
		strcpy(x.name, "b");
		CHECK(!conf_conn_same(&a->conns[0], &x));
		/* remote any (not allowed with the l2tp block of the base) */
		x = a->conns[0];
		x.remote_any = true;
		x.remote.s_addr = 0;
		CHECK(!conf_conn_same(&a->conns[0], &x));
	}
out:
	drop(a);
	drop(b);
}

/* Hex values through lib/parse.h: the reason, after the keyword and FILE:LINE. */
static void test_hex_messages(void)
{
	struct conf_id id;

	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n psk 0x0011x2\n}\n",
	      F ":5: psk: bad hex: invalid hex digit at position 7");
	fails("conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n psk 0x001\n}\n",
	      F ":5: psk: bad hex: odd number of hex digits (3)");
	fails(HEAD "l2tp {\n cookie 0x11zz3344\n",
	      F ":7: cookie: '0x11zz3344' is not 4 or 8 bytes of hex: invalid hex digit at "
	      "position 5 (e.g. 0x1122334455667788)");
	fails(HEAD "l2tp {\n peer-cookie 0x112233445566778899\n",
	      F ":7: peer-cookie: '0x112233445566778899' is not 4 or 8 bytes of hex: too long "
	      "(9 bytes, at most 8) (e.g. 0x1122334455667788)");
	CHECK(conf_id_parse("keyid:abc", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "keyid:abc: odd number of hex digits (3)");
	CHECK(conf_id_parse("keyid:#01zz", &id, err, sizeof(err)) == -1);
	CHECK_STR(err, "keyid:#01zz: invalid hex digit at position 3");
}

/* The engine's wrong-place messages for every block, and the l2tp block once. */
static void test_blocks_generic(void)
{
	fails("seq yes\n", F ":1: seq: only allowed inside an l2tp block");
	fails(HEAD "l2tp {\n user x\n",
	      F ":7: user: only allowed in the global section (outside conn blocks)");
	fails(HEAD "l2tp {\n l2tp {\n",
	      F ":7: l2tp: not allowed inside the l2tp block (close it with '}' first)");
	fails(HEAD "l2tp {\n conn b {\n",
	      F ":7: conn: blocks cannot nest (missing '}' of the block on line 6?)");
	fails(HEAD L2TP "l2tp {\n", F ":12: l2tp: given twice (first on line 6)");
	fails(HEAD "l2tp { x\n",
	      F ":6: l2tp: expected 'l2tp {' (the block's contents on the following lines)");
	fails(HEAD "\"}\"\n}\n", F ":6: unknown keyword '}'");
	/* an l2tp id clash is found at the l2tp block's '}', the line of the id */
	fails(HEAD L2TP "}\nconn b {\n local 192.0.2.1\n remote 198.51.100.3\n l2tp {\n"
	      " tunnel-id 1\n peer-tunnel-id 2\n session-id 5\n peer-session-id 4\n }\n}\n",
	      F ":17: tunnel-id: 1 already used by conn 'a' (line 1)");
}

const struct test_case ike_conf_tests[] = {
	T(test_example_file),
	T(test_example_ikev1),
	T(test_print_reparse),
	T(test_defaults),
	T(test_error_messages),
	T(test_scopes),
	T(test_blocks),
	T(test_duplicate_conn),
	T(test_remote_any),
	T(test_proposal_tokens),
	T(test_proposal_errors),
	T(test_proposal_str),
	T(test_version),
	T(test_version_conn_same),
	T(test_v1_defaults),
	T(test_proposal_version_rules),
	T(test_proposal_v1_transforms),
	T(test_proposal_clients),
	T(test_v1_print_reparse),
	T(test_chosen_str),
	T(test_ids),
	T(test_id_match),
	T(test_psk),
	T(test_durations),
	T(test_bytes),
	T(test_numbers),
	T(test_global),
	T(test_quoting),
	T(test_limits),
	T(test_files),
	T(test_conn_same),
	T(test_cert_remote_id),
	T(test_hex_messages),
	T(test_blocks_generic),
	T(test_lns),
	T_END
};
