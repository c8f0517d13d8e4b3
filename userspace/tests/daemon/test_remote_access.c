// SPDX-License-Identifier: GPL-2.0
/*
 * Remote access in-process, end to end: a client l2tpsecd (side 0) and a
 * gateway l2tpsecd (side 1, conn `lns yes`, an lns block) establish IKEv1
 * over the fake network of tests/ikev2/exch_world.c; then a scripted LAC
 * and PPP client (this file) inject L2TP control messages into the
 * gateway with ra_ctrl_recv() through the gateway's inbound child SA, PPP
 * frames with ra_ppp_recv(), and answer what the gateway sends through
 * the fake kernel's ctrl_send / ppp_send: SCCRQ, SCCRP, SCCCN, ICRQ,
 * ICRP, ICCN, LCP, MS-CHAPv2, IPCP, ip_up, IPV6CP, ipv6_up, mtu_cap. The fake clock drives
 * retransmissions, keepalives, rekeys and give-ups.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ked.h"
#include "l2tp_msg.h"
#include "l2tpsec.h"
#include "ppp_ipcp_opts.h"
#include "ppp_ipv6cp_opts.h"
#include "ppp_lcp_opts.h"
#include "ppp_mschapv2.h"
#include "ppp_pkt.h"
#include "remote.h"
#include "test.h"

#include "../ikev2/exch_world.h"

#define PSK "0123456789abcdef-shared"
#define PROPS "  ike aes256-sha256-modp2048\n  esp aes256-sha256\n"
#define POOL_FIRST "10.8.0.10"
#define PPP_GW "10.8.0.1"
#define DNS1 "10.0.0.53"
#define DNS2 "10.0.0.54"
#define ALICE_PW "alice's secret 1"
#define BOB_PW "bob's secret 2"
#define CAROL_PW "carol's secret 3"
#define CLIENT2 "192.0.2.3"
#define CLIENT3 "192.0.2.4"
#define GW2 "192.0.2.5"		/* the gateway's address for client 2 */
#define GW3 "192.0.2.6"		/* ... for client 3 */

static char tmpdir[64];
static char users_path[128];

/* ------------------------------------------------------------- setup */

static int write_users(const char *text)
{
	FILE *f = fopen(users_path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

#define USERS "user alice password \"" ALICE_PW "\"\nuser bob password \"" BOB_PW "\"\n"

static struct conf *load_conf(const char *text)
{
	struct conf *c = calloc(1, sizeof(*c));
	char err[512];

	if (!c || conf_load_string("test.conf", text, strlen(text), c, err, sizeof(err))) {
		fprintf(stderr, "  conf: %s\n", c ? err : "out of memory");
		free(c);
		return NULL;
	}
	return c;
}

struct gw_opts {
	const char *pool;	/* NULL: 10.8.0.10-10.8.0.20 */
	const char *lns;	/* more lines of the lns block */
	const char *conn;	/* more lines of the lns conn */
	const char *more;	/* more conns */
};

static void gw_text(char *t, size_t n, const struct gw_opts *o)
{
	snprintf(t, n,
		 "lns {\n  users %s\n  pool %s\n  address " PPP_GW "\n  dns " DNS1 " " DNS2 "\n"
		 "%s}\n"
		 "%s"
		 "conn ra {\n  local 192.0.2.2\n  remote any\n  auth psk\n  psk \"" PSK "\"\n"
		 "  version 1\n" PROPS "  lns yes\n  start listen\n%s}\n",
		 users_path, o->pool ? o->pool : POOL_FIRST "-10.8.0.20", o->lns ? o->lns : "",
		 o->more ? o->more : "", o->conn ? o->conn : "");
}

/* A client conn from local to the gateway's address remote. */
static void client_conn(char *t, size_t n, const char *name, const char *local, const char *remote,
			const char *extra)
{
	size_t l = strlen(t);

	snprintf(t + l, n - l,
		 "conn %s {\n  local %s\n  remote %s\n  auth psk\n  psk \"" PSK "\"\n"
		 "  version 1\n" PROPS "  start initiate\n%s}\n", name, local, remote,
		 extra ? extra : "");
}

static int init_side(int i, struct conf *c)
{
	char err[512];

	if (!c)
		return -1;
	if (ked_init(&W.s[i].d, &fops, NULL, c, err, sizeof(err))) {
		fprintf(stderr, "  ked_init %d: %s\n", i, err);
		conf_free(c);
		free(c);
		W.s[i].d.conf = NULL;
		return -1;
	}
	return 0;
}

/*
 * The world: side 0 a client with conn c1 (192.0.2.1 to the gateway's
 * 192.0.2.2) and, for n_clients 2 and 3, c2 (192.0.2.3 to GW2) and c3
 * (192.0.2.4 to GW3): one peer per conn, so the gateway has more
 * addresses, and conns for them in o->more. Side 1 is the gateway.
 */
static int ra_world(const struct gw_opts *o, unsigned int n_clients, const char *client_extra)
{
	char text[4096];

	world();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/l2tpsec-ra-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(users_path, sizeof(users_path), "%s/users", tmpdir);
	if (write_users(USERS))
		goto fail;
	inet_pton(AF_INET, addr_txt[0], &W.s[0].addr);
	inet_pton(AF_INET, addr_txt[1], &W.s[1].addr);
	inet_pton(AF_INET, CLIENT2, &W.s[0].alias[0]);
	inet_pton(AF_INET, CLIENT3, &W.s[0].alias[1]);
	text[0] = '\0';
	client_conn(text, sizeof(text), "c1", addr_txt[0], addr_txt[1], client_extra);
	if (n_clients > 1)
		client_conn(text, sizeof(text), "c2", CLIENT2, GW2, client_extra);
	if (n_clients > 2)
		client_conn(text, sizeof(text), "c3", CLIENT3, GW3, client_extra);
	if (init_side(0, load_conf(text)))
		goto fail;
	gw_text(text, sizeof(text), o);
	if (init_side(1, load_conf(text)))
		goto fail;
	return 0;
fail:
	unlink(users_path);
	rmdir(tmpdir);
	return -1;
}

/* Sends refused because the tunnel's SA was gone are a bug, unless a test says. */
static bool allow_no_sa;

static void ra_teardown(void)
{
	if (!allow_no_sa)
		CHECK_EQ(W.s[1].lns_no_sa, 0);
	allow_no_sa = false;
	teardown();
	unlink(users_path);
	rmdir(tmpdir);
}

/* The gateway's established IKE SA of the client at addr, or NULL. */
static struct ike_sa *gw_sa(const char *addr)
{
	struct in_addr a;

	inet_pton(AF_INET, addr, &a);
	for (struct ike_sa *sa = W.s[1].d.sas; sa; sa = sa->next)
		if (sa->state == IKE_S_ESTABLISHED && sa->remote.sin_addr.s_addr == a.s_addr)
			return sa;
	return NULL;
}

/* The newest active child of sa (the one a client sends with). */
static struct child_sa *newest_child(struct ike_sa *sa)
{
	struct child_sa *best = NULL;

	for (struct child_sa *c = sa ? sa->children : NULL; c; c = c->next)
		if (c->state == CHILD_ACTIVE && c->in_installed && c->out_installed &&
		    (!best || c->created_ms > best->created_ms))
			best = c;
	return best;
}

static unsigned int n_children(const struct ike_sa *sa)
{
	unsigned int n = 0;

	for (const struct child_sa *c = sa ? sa->children : NULL; c; c = c->next)
		n++;
	return n;
}

/* ------------------------------------------------ the LAC, the PPP client */

struct lac;

#define LAC_CALLS 12	/* calls a fake LAC can make (slots are not reused) */

struct call {
	struct lac *a;
	bool used;
	uint16_t my_sid, gw_sid;
	const char *user;
	const char *pw[4];		/* passwords tried in turn */
	unsigned int try;
	bool silent;			/* this call answers nothing */
	/* LCP */
	uint32_t magic;
	uint8_t lcp_id;
	bool lcp_req_sent, lcp_acked_theirs, lcp_ours_acked;
	unsigned int echo_req, term_req, term_ack, lcp_bad;
	uint8_t gw_auth_opt[8];
	size_t gw_auth_opt_len;
	/* MS-CHAPv2 */
	uint8_t auth_chal[16], peer_chal[16], nt_resp[24], nt_hash[16];
	uint8_t chal_id;
	unsigned int challenges, successes, failures;
	bool success_ok;		/* the authenticator response checked out */
	char fail_msg[160];
	/* IPCP */
	uint8_t ipcp_id;
	bool ipcp_req_sent, ipcp_acked_theirs, ipcp_ours_acked;
	uint32_t want_addr, want_dns[2];	/* host order */
	uint32_t gw_addr;			/* the gateway's IP-Address option */
	unsigned int ipcp_naks;
	/* IPV6CP (ipv6: run it, else Protocol-Reject it as pppd without +ipv6) */
	bool ipv6;
	uint16_t mru;			/* our LCP MRU */
	uint8_t ipv6cp_id;
	bool ipv6cp_req_sent, ipv6cp_acked_theirs, ipv6cp_ours_acked;
	uint64_t ifid, gw_ifid;		/* ours (0 at first: the gateway Naks it), the gateway's */
	unsigned int ipv6cp_naks, ipv6cp_rejected;
	/* L2TP */
	bool cdn;
	uint16_t cdn_result;
};

struct lac {
	bool used;
	const char *addr_txt;
	struct in_addr addr;		/* the client's address, the gateway's peer */
	uint16_t port;
	uint32_t spi;			/* 0: the newest child of its IKE SA */
	bool clear;			/* send in clear text (spi 0) */
	bool silent;			/* the client has vanished: nothing answered or sent */
	bool raw;			/* no module in between: straight to ra_ctrl_recv */
	bool no_ack;			/* acknowledges nothing (its ZLBs lost) */
	uint64_t last_new_ms, first_dup_ms;	/* when a message / a retransmission came */
	uint16_t my_tid, gw_tid;
	uint16_t ns, nr;
	unsigned int rx, zlb_rx, hello_rx, stopccn_rx, dup_rx;
	unsigned int module_drops;	/* sent through an SA its tunnel is not bound to */
	uint16_t stopccn_result;
	uint16_t types[64];		/* message types received, in order */
	unsigned int ntypes;
	struct call calls[LAC_CALLS];
};

static struct lac lacs[3];

/* The client's (side 0) newest child from addr: what its kernel sends with. */
static struct child_sa *client_child(const char *addr)
{
	struct child_sa *best = NULL;
	struct in_addr a;

	inet_pton(AF_INET, addr, &a);
	for (struct ike_sa *sa = W.s[0].d.sas; sa; sa = sa->next) {
		if (sa->state == IKE_S_DEAD || sa->local.sin_addr.s_addr != a.s_addr)
			continue;
		for (struct child_sa *c = sa->children; c; c = c->next)
			if (c->out_installed && c->state == CHILD_ACTIVE &&
			    (!best || c->created_ms > best->created_ms))
				best = c;
	}
	return best;
}

static uint32_t lac_spi(struct lac *a)
{
	if (a->clear)
		return 0;
	if (a->spi)
		return a->spi;
	return client_child(a->addr_txt) ? client_child(a->addr_txt)->spi_out : 0;
}

/* What the module would report: the tunnel its header names, if it exists. */
static uint32_t module_tid(const uint8_t *msg, size_t len)
{
	uint16_t tid = len >= 6 ? (uint16_t)(msg[4] << 8 | msg[5]) : 0;

	return tid && lns_tun(&W.s[1], tid) ? tid : 0;
}

/*
 * What the module does before any event: L2TP for a tunnel bound to other
 * inbound SAs is dropped (DROP_SA_MISMATCH), so is ESP of an SA it does
 * not have. Counted: a client sending with an SA the gateway's tunnel does
 * not accept yet is a make-before-break failure.
 */
static bool lac_admitted(struct lac *a, uint32_t tid)
{
	uint32_t spi = lac_spi(a);
	struct ftun *t = tid ? lns_tun(&W.s[1], tid) : NULL;
	bool ok = true;

	if (a->raw)
		return true;
	if (spi && !find(&W.s[1], spi, L2TPSEC_DIR_IN))
		ok = false;
	if (t && spi) {
		ok = false;
		for (unsigned int i = 0; i < t->t.n_sa_in; i++)
			ok |= t->t.sa_in[i] == spi;
	}
	if (!ok)
		a->module_drops++;
	return ok;
}

/* A control message of a (header written with tid/sid, Ns/Nr set here). */
static void lac_send(struct lac *a, uint8_t *msg, size_t len, bool zlb)
{
	CHECK(len >= L2TP_HDR_LEN);
	if (len < L2TP_HDR_LEN)
		return;
	l2tp_hdr_set_seq(msg, a->ns, a->nr);
	if (!zlb)
		a->ns++;
	if (a->silent)
		return;
	if (!lac_admitted(a, module_tid(msg, len)))
		return;
	ra_ctrl_recv(&W.s[1].d, module_tid(msg, len), a->addr, a->port, lac_spi(a), msg, len);
}

static void lac_zlb(struct lac *a)
{
	uint8_t b[L2TP_HDR_LEN];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, b, sizeof(b));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	lac_send(a, b, l2tp_w_finish(&w), true);
}

static void ppp_out(struct call *c, uint16_t proto, const uint8_t *pkt, size_t n)
{
	uint8_t f[1600];

	if (c->silent || c->a->silent || n + 2 > sizeof(f))
		return;
	if (!lac_admitted(c->a, c->a->gw_tid))
		return;
	f[0] = (uint8_t)(proto >> 8);
	f[1] = (uint8_t)proto;
	memcpy(f + 2, pkt, n);
	ra_ppp_recv(&W.s[1].d, c->a->gw_tid, c->gw_sid, f, n + 2);
}

static void lcp_req(struct call *c)
{
	uint8_t b[64];
	struct ppp_wbuf w;

	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_CONF_REQ, ++c->lcp_id);
	ppp_w_opt_u16(&w, LCP_OPT_MRU, c->mru ? c->mru : 1400);
	ppp_w_opt_u32(&w, LCP_OPT_MAGIC, c->magic);
	c->lcp_req_sent = true;
	ppp_out(c, PPP_PROTO_LCP, b, ppp_w_finish(&w));
}

static void ipcp_req(struct call *c)
{
	uint8_t b[64];
	struct ppp_wbuf w;

	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_CONF_REQ, ++c->ipcp_id);
	ppp_w_opt_u32(&w, IPCP_OPT_ADDR, c->want_addr);
	ppp_w_opt_u32(&w, IPCP_OPT_DNS1, c->want_dns[0]);
	ppp_w_opt_u32(&w, IPCP_OPT_DNS2, c->want_dns[1]);
	c->ipcp_req_sent = true;
	ppp_out(c, PPP_PROTO_IPCP, b, ppp_w_finish(&w));
}

/* The MS-CHAPv2 Response to the current challenge with the current password. */
static void chap_respond(struct call *c)
{
	const char *pw = c->pw[c->try] ? c->pw[c->try] : "no more passwords";
	uint8_t b[128], v[49];
	struct ppp_wbuf w;

	memset(v, 0, sizeof(v));
	for (int i = 0; i < 16; i++)
		c->peer_chal[i] = (uint8_t)(0x40 + i + 16 * c->try);
	CHECK(!mschapv2_nt_hash(pw, strlen(pw), c->nt_hash));
	CHECK(!mschapv2_nt_response(c->auth_chal, c->peer_chal, c->user, strlen(c->user),
				    c->nt_hash, c->nt_resp));
	memcpy(v, c->peer_chal, 16);
	memcpy(v + 24, c->nt_resp, 24);
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, 2, c->chal_id);
	ppp_w_u8(&w, sizeof(v));
	ppp_w_bytes(&w, v, sizeof(v));
	ppp_w_bytes(&w, c->user, strlen(c->user));
	ppp_out(c, PPP_PROTO_CHAP, b, ppp_w_finish(&w));
}

static int unhex16(const char *h, uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		unsigned int v;

		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static void chap_input(struct call *c, const uint8_t *p, size_t n)
{
	struct ppp_pkt k;

	/* CHAP's header is PPP's, its data not an option list: parsed here */
	if (n < PPP_HDR_LEN || (size_t)(p[2] << 8 | p[3]) < PPP_HDR_LEN ||
	    (size_t)(p[2] << 8 | p[3]) > n) {
		c->lcp_bad++;
		return;
	}
	memset(&k, 0, sizeof(k));
	k.code = p[0];
	k.id = p[1];
	k.len = (uint16_t)(p[2] << 8 | p[3]);
	k.data = p + PPP_HDR_LEN;
	k.data_len = k.len - PPP_HDR_LEN;
	if (k.code == 1 && k.data_len >= 17 && k.data[0] == 16) {
		c->challenges++;
		memcpy(c->auth_chal, k.data + 1, 16);
		c->chal_id = k.id;
		chap_respond(c);
	} else if (k.code == 3) {
		char want[MSCHAPV2_AUTH_RESP_LEN + 1];

		c->successes++;
		CHECK_EQ(k.id, c->chal_id);
		CHECK(!mschapv2_auth_response(c->nt_hash, c->nt_resp, c->peer_chal, c->auth_chal,
					      c->user, strlen(c->user), want));
		c->success_ok = k.data_len >= MSCHAPV2_AUTH_RESP_LEN &&
				!memcmp(k.data, want, MSCHAPV2_AUTH_RESP_LEN);
	} else if (k.code == 4) {
		size_t l = k.data_len < sizeof(c->fail_msg) - 1 ? k.data_len : sizeof(c->fail_msg) - 1;
		const char *cc;

		c->failures++;
		memcpy(c->fail_msg, k.data, l);
		c->fail_msg[l] = '\0';
		CHECK_EQ(k.id, c->chal_id);
		cc = strstr(c->fail_msg, "C=");
		if (strstr(c->fail_msg, "R=1") && cc && c->pw[c->try + 1]) {
			/* RFC 2759 6: the retry answers C= with the Failure's identifier + 1 */
			CHECK(!unhex16(cc + 2, c->auth_chal));
			c->chal_id = (uint8_t)(k.id + 1);
			c->try++;
			chap_respond(c);
		}
	}
}

static void lcp_input(struct call *c, const uint8_t *p, size_t n)
{
	uint8_t b[1600];
	struct ppp_pkt k;
	struct ppp_opt o;
	size_t len;

	if (ppp_pkt_parse(p, n, &k, NULL)) {
		c->lcp_bad++;
		return;
	}
	switch (k.code) {
	case PPP_CONF_REQ:
		if (ppp_opt_find(k.data, k.data_len, LCP_OPT_AUTH, &o) && o.len <= 8) {
			memcpy(c->gw_auth_opt, o.raw, o.len);
			c->gw_auth_opt_len = o.len;
		}
		memcpy(b, p, k.len);
		b[0] = PPP_CONF_ACK;
		c->lcp_acked_theirs = true;
		ppp_out(c, PPP_PROTO_LCP, b, k.len);
		if (!c->lcp_req_sent)
			lcp_req(c);
		break;
	case PPP_CONF_ACK:
		if (k.id == c->lcp_id)
			c->lcp_ours_acked = true;
		break;
	case PPP_CONF_NAK:
	case PPP_CONF_REJ:
		c->lcp_bad++;
		break;
	case PPP_ECHO_REQ:
		c->echo_req++;
		len = ppp_w_echo(b, sizeof(b), PPP_ECHO_REP, k.id, c->magic, NULL, 0);
		ppp_out(c, PPP_PROTO_LCP, b, len);
		break;
	case PPP_TERM_REQ:
		c->term_req++;
		memcpy(b, p, k.len);
		b[0] = PPP_TERM_ACK;
		ppp_out(c, PPP_PROTO_LCP, b, k.len);
		break;
	case PPP_TERM_ACK:
		c->term_ack++;
		break;
	default:
		break;
	}
}

static uint32_t opt_u32(const struct ppp_opt *o)
{
	return (uint32_t)o->data[0] << 24 | (uint32_t)o->data[1] << 16 |
	       (uint32_t)o->data[2] << 8 | o->data[3];
}

static void ipcp_input(struct call *c, const uint8_t *p, size_t n)
{
	uint8_t b[1600];
	struct ppp_pkt k;
	struct ppp_opt o;

	if (ppp_pkt_parse(p, n, &k, NULL)) {
		c->lcp_bad++;
		return;
	}
	switch (k.code) {
	case PPP_CONF_REQ:
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_ADDR, &o) && o.len == 6)
			c->gw_addr = opt_u32(&o);
		memcpy(b, p, k.len);
		b[0] = PPP_CONF_ACK;
		c->ipcp_acked_theirs = true;
		ppp_out(c, PPP_PROTO_IPCP, b, k.len);
		if (!c->ipcp_req_sent)
			ipcp_req(c);
		break;
	case PPP_CONF_NAK:
		if (k.id != c->ipcp_id)
			break;
		c->ipcp_naks++;
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_ADDR, &o) && o.len == 6)
			c->want_addr = opt_u32(&o);
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_DNS1, &o) && o.len == 6)
			c->want_dns[0] = opt_u32(&o);
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_DNS2, &o) && o.len == 6)
			c->want_dns[1] = opt_u32(&o);
		ipcp_req(c);
		break;
	case PPP_CONF_ACK:
		if (k.id == c->ipcp_id)
			c->ipcp_ours_acked = true;
		break;
	case PPP_CONF_REJ:
		c->lcp_bad++;
		break;
	default:
		break;
	}
}

static uint64_t opt_u64(const struct ppp_opt *o)
{
	return (uint64_t)opt_u32(o) << 32 | opt_u32(&(struct ppp_opt){ .data = o->data + 4 });
}

static void ipv6cp_req(struct call *c)
{
	uint8_t b[64], id[8];
	struct ppp_wbuf w;

	for (int i = 0; i < 8; i++)
		id[i] = (uint8_t)(c->ifid >> (56 - 8 * i));
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_CONF_REQ, ++c->ipv6cp_id);
	ppp_w_opt(&w, IPV6CP_OPT_IFID, id, sizeof(id));
	c->ipv6cp_req_sent = true;
	ppp_out(c, PPP_PROTO_IPV6CP, b, ppp_w_finish(&w));
}

static void ipv6cp_input(struct call *c, const uint8_t *p, size_t n)
{
	uint8_t b[1600];
	struct ppp_pkt k;
	struct ppp_opt o;
	size_t len;

	if (!c->ipv6) {		/* pppd without +ipv6: LCP Protocol-Reject */
		c->ipv6cp_rejected++;
		len = ppp_w_proto_rej(b, sizeof(b), 0x77, PPP_PROTO_IPV6CP, p, n);
		ppp_out(c, PPP_PROTO_LCP, b, len);
		return;
	}
	if (ppp_pkt_parse(p, n, &k, NULL)) {
		c->lcp_bad++;
		return;
	}
	switch (k.code) {
	case PPP_CONF_REQ:
		if (ppp_opt_find(k.data, k.data_len, IPV6CP_OPT_IFID, &o) && o.len == 10)
			c->gw_ifid = opt_u64(&o);
		memcpy(b, p, k.len);
		b[0] = PPP_CONF_ACK;
		c->ipv6cp_acked_theirs = true;
		ppp_out(c, PPP_PROTO_IPV6CP, b, k.len);
		if (!c->ipv6cp_req_sent)
			ipv6cp_req(c);
		break;
	case PPP_CONF_NAK:
		if (k.id != c->ipv6cp_id)
			break;
		c->ipv6cp_naks++;
		if (ppp_opt_find(k.data, k.data_len, IPV6CP_OPT_IFID, &o) && o.len == 10)
			c->ifid = opt_u64(&o);
		ipv6cp_req(c);
		break;
	case PPP_CONF_ACK:
		if (k.id == c->ipv6cp_id)
			c->ipv6cp_ours_acked = true;
		break;
	default:
		c->lcp_bad++;
		break;
	}
}

static struct call *call_by_gw(struct lac *a, uint16_t gw_sid)
{
	for (int i = 0; i < LAC_CALLS; i++)
		if (a->calls[i].used && a->calls[i].gw_sid == gw_sid)
			return &a->calls[i];
	return NULL;
}

static struct call *call_by_mine(struct lac *a, uint16_t my_sid)
{
	for (int i = 0; i < LAC_CALLS; i++)
		if (a->calls[i].used && a->calls[i].my_sid == my_sid)
			return &a->calls[i];
	return NULL;
}

static void ctrl_input(struct lac *a, const uint8_t *msg, size_t len)
{
	uint8_t scratch[L2TP_MSG_MAX];
	struct l2tp_info in;
	struct l2tp_msg m;
	struct call *c;

	if (l2tp_msg_parse(msg, len, &m, NULL)) {
		CHECK(0);
		return;
	}
	a->rx++;
	/* Nr acknowledges ours: never ahead of what we sent */
	CHECK((uint16_t)(a->ns - m.h.nr) < 0x8000);
	if (m.zlb) {
		a->zlb_rx++;
		return;
	}
	if (m.h.ns != a->nr) {
		a->dup_rx++;		/* a retransmission: acknowledge again */
		if (!a->first_dup_ms)
			a->first_dup_ms = W.now;
		if (!a->silent && !a->no_ack)
			lac_zlb(a);
		return;
	}
	a->nr++;
	a->last_new_ms = W.now;
	memset(&in, 0, sizeof(in));
	CHECK(!l2tp_msg_decode(&m, NULL, 0, scratch, sizeof(scratch), &in, NULL));
	if (a->ntypes < 64)
		a->types[a->ntypes++] = m.type;
	switch (m.type) {
	case L2TP_SCCRP:
		CHECK(l2tp_has(&in, L2TP_AVP_TUNNEL_ID));
		CHECK(l2tp_has(&in, L2TP_AVP_HOST_NAME));
		a->gw_tid = in.tunnel_id;
		break;
	case L2TP_STOPCCN:
		a->stopccn_rx++;
		a->stopccn_result = in.result.result;
		break;
	case L2TP_HELLO:
		a->hello_rx++;
		break;
	case L2TP_ICRP:
		c = call_by_mine(a, m.h.session_id);
		CHECK(c != NULL);
		if (c)
			c->gw_sid = in.session_id;
		break;
	case L2TP_CDN:
		c = call_by_mine(a, m.h.session_id);
		CHECK(c != NULL);
		if (c) {
			c->cdn = true;
			c->cdn_result = in.result.result;
		}
		break;
	default:
		break;
	}
	if (!a->no_ack)
		lac_zlb(a);
}

static void ppp_input(struct lac *a, uint16_t gw_sid, const uint8_t *f, size_t n)
{
	struct call *c = call_by_gw(a, gw_sid);
	uint16_t proto;

	CHECK(c != NULL);
	CHECK(n >= 2);
	if (!c || n < 2 || c->silent)
		return;
	proto = (uint16_t)(f[0] << 8 | f[1]);
	if (proto == PPP_PROTO_LCP)
		lcp_input(c, f + 2, n - 2);
	else if (proto == PPP_PROTO_CHAP)
		chap_input(c, f + 2, n - 2);
	else if (proto == PPP_PROTO_IPCP)
		ipcp_input(c, f + 2, n - 2);
	else if (proto == PPP_PROTO_IPV6CP)
		ipv6cp_input(c, f + 2, n - 2);
	else
		CHECK(0);
}

/* Everything the gateway sent, to its LAC and PPP client, until quiet. */
static void lac_process(void)
{
	struct fframe f;

	while (lns_take(&W.s[1], &f)) {
		struct lac *a = NULL;

		for (int i = 0; i < 3; i++) {
			if (!lacs[i].used)
				continue;
			if (f.ppp ? lacs[i].gw_tid == f.tid :
			    f.len >= 6 && (uint16_t)(f.data[4] << 8 | f.data[5]) == lacs[i].my_tid)
				a = &lacs[i];
		}
		CHECK(a != NULL);
		if (!a || a->silent)
			continue;
		if (f.ppp)
			ppp_input(a, (uint16_t)f.sid, f.data, f.len);
		else
			ctrl_input(a, f.data, f.len);
	}
}

/* The clock on by ms, both daemons and the client running. */
static void ra_run(uint64_t ms)
{
	uint64_t end = W.now + ms;

	lac_process();
	while (W.now < end) {
		W.now += 50;
		pump();
		lac_process();
	}
}

static struct lac *lac_new(int i, const char *addr, uint16_t my_tid)
{
	struct lac *a = &lacs[i];

	memset(a, 0, sizeof(*a));
	a->used = true;
	a->addr_txt = addr;
	inet_pton(AF_INET, addr, &a->addr);
	a->port = 1701;
	a->my_tid = my_tid;
	return a;
}

/* The next lac_call()'s PPP client: IPV6CP (else it Protocol-Rejects it), its MRU (0: 1400). */
static bool next_ipv6;
static uint16_t next_mru;

static void lac_reset(void)
{
	memset(lacs, 0, sizeof(lacs));
}

static size_t w_sccrq(struct lac *a, uint8_t *b, size_t cap)
{
	struct l2tp_wbuf w;

	l2tp_w_init(&w, b, cap);
	l2tp_w_hdr(&w, 0, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_SCCRQ);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
	l2tp_w_avp_u32(&w, L2TP_AVP_BEARER_CAPS, true, 0);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, "lac-test", 8);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, a->my_tid);
	l2tp_w_avp_u16(&w, L2TP_AVP_RWS, true, 4);
	return l2tp_w_finish(&w);
}

/* SCCRQ, SCCRP, SCCCN: true if the gateway answered. */
static bool lac_tunnel(struct lac *a)
{
	uint8_t b[256];
	struct l2tp_wbuf w;

	lac_send(a, b, w_sccrq(a, b, sizeof(b)), false);
	lac_process();
	if (!a->gw_tid)
		return false;
	l2tp_w_init(&w, b, sizeof(b));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_SCCCN);
	lac_send(a, b, l2tp_w_finish(&w), false);
	lac_process();
	return true;
}

/* ICRQ, ICRP, ICCN, then PPP runs as far as it goes without the clock. */
static struct call *lac_call(struct lac *a, uint16_t my_sid, const char *user, const char *pw0,
			     const char *pw1, const char *pw2)
{
	struct call *c = NULL;
	uint8_t b[256];
	struct l2tp_wbuf w;

	for (int i = 0; i < LAC_CALLS && !c; i++)
		if (!a->calls[i].used)
			c = &a->calls[i];
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->a = a;
	c->my_sid = my_sid;
	c->user = user;
	c->pw[0] = pw0;
	c->pw[1] = pw1;
	c->pw[2] = pw2;
	c->magic = 0x51e00000u | my_sid;
	c->ipv6 = next_ipv6;
	c->mru = next_mru;
	l2tp_w_init(&w, b, sizeof(b));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, my_sid);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, my_sid);
	lac_send(a, b, l2tp_w_finish(&w), false);
	lac_process();
	if (!c->gw_sid)
		return c;
	l2tp_w_init(&w, b, sizeof(b));
	l2tp_w_hdr(&w, a->gw_tid, c->gw_sid, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICCN);
	l2tp_w_avp_u32(&w, L2TP_AVP_TX_SPEED, true, 100000000);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	lac_send(a, b, l2tp_w_finish(&w), false);
	lac_process();
	return c;
}

/* The call is up at the PPP level: LCP both ways, authenticated, IPCP both ways. */
static bool call_up(const struct call *c)
{
	return c && c->lcp_acked_theirs && c->lcp_ours_acked && c->successes &&
	       c->ipcp_acked_theirs && c->ipcp_ours_acked;
}

static uint32_t a32(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

/* The last ip_up of the gateway was for peer (and the gateway's PPP address). */
static void check_ip_up(const char *peer)
{
	const struct fipup *u;

	CHECK(W.s[1].nipups > 0);
	if (!W.s[1].nipups)
		return;
	u = &W.s[1].ipups[W.s[1].nipups - 1];
	CHECK_EQ(ntohl(u->peer.s_addr), a32(peer));
	CHECK_EQ(ntohl(u->local.s_addr), a32(PPP_GW));
}

static char *show_json(void)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	if (!f)
		return NULL;
	ra_show_sessions(&W.s[1].d, f, true);
	fclose(f);
	return buf;
}

/* Both ends' IKE SAs up, and the gateway's child for the client at addr. */
static bool ike_up(const char *addr)
{
	return first_sa(0) && gw_sa(addr) && newest_child(gw_sa(addr));
}

/* The common start: world, IKE, tunnel, call of alice up. NULL on failure. */
static struct call *alice_up(const struct gw_opts *o, const char *client_extra)
{
	struct lac *a;
	struct call *c;

	lac_reset();
	if (ra_world(o, 1, client_extra))
		return NULL;
	pump();
	if (!ike_up(addr_txt[0]))
		return NULL;
	a = lac_new(0, addr_txt[0], 7);
	if (!lac_tunnel(a))
		return NULL;
	c = lac_call(a, 70, "alice", ALICE_PW, NULL, NULL);
	ra_run(1000);	/* the delayed acknowledgements */
	return call_up(c) ? c : NULL;
}

/* ------------------------------------------------------------- cases */

/* 1: the whole happy path. */
static void happy_path(void)
{
	struct lac *a;
	struct call *c;
	struct ftun *t;
	struct fsess *s;
	struct child_sa *ch;
	char *js;

	lac_reset();
	if (ra_world(&(struct gw_opts){ 0 }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(ike_up(addr_txt[0]));
	CHECK(W.s[1].d.ra != NULL);
	ch = newest_child(gw_sa(addr_txt[0]));
	CHECK(ch != NULL);
	if (!ch) {
		ra_teardown();
		return;
	}
	a = lac_new(0, addr_txt[0], 7);
	CHECK(lac_tunnel(a));
	CHECK(a->ntypes >= 1 && a->types[0] == L2TP_SCCRP);
	/* the module's tunnel: bound to the child's SAs, to the client's port */
	CHECK_EQ(W.s[1].lns_tunnel_adds, 1);
	t = lns_tun(&W.s[1], a->gw_tid);
	CHECK(t != NULL);
	if (t) {
		CHECK_EQ(t->t.peer_tunnel_id, 7);
		CHECK_EQ(t->t.sa_out, ch->spi_out);
		CHECK_EQ(t->t.n_sa_in, 1);
		CHECK_EQ(t->t.sa_in[0], ch->spi_in);
		CHECK_EQ(t->t.peer.s_addr, a->addr.s_addr);
		CHECK_EQ(t->t.local.s_addr, W.s[1].addr.s_addr);
		CHECK_EQ(t->t.peer_port, 1701);
		CHECK_EQ(t->t.port, 1701);
	}
	c = lac_call(a, 70, "alice", ALICE_PW, NULL, NULL);
	CHECK(c && c->gw_sid);
	if (!c) {
		ra_teardown();
		return;
	}
	/* session in the module */
	CHECK_EQ(W.s[1].lns_session_adds, 1);
	s = lns_sess(&W.s[1], a->gw_tid, c->gw_sid);
	CHECK(s != NULL);
	if (s) {
		CHECK_EQ(s->peer_sid, 70);
		CHECK_EQ(s->mtu, 1400);
	}
	/* LCP asked for MS-CHAPv2 (c2 23 81) */
	CHECK_EQ(c->gw_auth_opt_len, 5);
	CHECK(c->gw_auth_opt_len == 5 && c->gw_auth_opt[2] == 0xc2 && c->gw_auth_opt[3] == 0x23 &&
	      c->gw_auth_opt[4] == 0x81);
	CHECK(c->lcp_acked_theirs && c->lcp_ours_acked);
	CHECK_EQ(c->challenges, 1);
	CHECK_EQ(c->successes, 1);
	CHECK_EQ(c->failures, 0);
	CHECK(c->success_ok);
	/* IPCP: Nak'd to the pool's first address and both DNS servers */
	CHECK(c->ipcp_ours_acked && c->ipcp_acked_theirs);
	CHECK(c->ipcp_naks >= 1);
	CHECK_EQ(c->want_addr, a32(POOL_FIRST));
	CHECK_EQ(c->want_dns[0], a32(DNS1));
	CHECK_EQ(c->want_dns[1], a32(DNS2));
	CHECK_EQ(c->gw_addr, a32(PPP_GW));
	CHECK_EQ(W.s[1].nipups, 1);
	check_ip_up(POOL_FIRST);
	if (s && W.s[1].nipups)
		CHECK_EQ(W.s[1].ipups[0].ifindex, s->ifindex);
	js = show_json();
	CHECK_HAS(js, "\"user\":\"alice\"");
	CHECK_HAS(js, "\"address\":\"" POOL_FIRST "\"");
	CHECK_HAS(js, "\"public\":\"192.0.2.1\"");
	if (s)
		CHECK_HAS(js, s->ifname);
	free(js);
	/* the client's own Echo-Request is answered with the gateway's magic */
	{
		uint8_t b[16];
		size_t n = ppp_w_echo(b, sizeof(b), PPP_ECHO_REQ, 33, c->magic, NULL, 0);
		struct fframe f;

		ppp_out(c, PPP_PROTO_LCP, b, n);
		CHECK(lns_take(&W.s[1], &f));
		CHECK(f.ppp && f.len == 2 + 8 && f.data[2] == PPP_ECHO_REP && f.data[3] == 33);
		CHECK(f.len == 10 && memcmp(f.data + 6, &c->magic, 4) != 0);
	}
	/* a while later: HELLOs and echoes answered, nothing retransmitted */
	ra_run(130000);
	CHECK(a->hello_rx >= 1);
	CHECK(c->echo_req >= 1);
	CHECK_EQ(a->dup_rx, 0);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_session_dels, 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	CHECK_EQ(W.s[1].frames_lost, 0);
	CHECK_EQ(c->lcp_bad, 0);
	CHECK_EQ(a->module_drops, 0);
	ra_teardown();
}

/*
 * 2: a control message through an SA of another IKE SA whose conn is not
 * `lns yes`, through an unknown SA, or for another client's tunnel
 * (module matched or not) is refused: no tunnel created, nothing delivered.
 */
static void foreign_sa_refused(void)
{
	struct gw_opts o = {
		.more = "conn other {\n  local " GW2 "\n  remote " CLIENT2 "\n  auth psk\n"
			"  psk \"" PSK "\"\n  version 1\n" PROPS "  start listen\n}\n"
			"conn ra3 {\n  local " GW3 "\n  remote any\n  auth psk\n"
			"  psk \"" PSK "\"\n  version 1\n" PROPS "  lns yes\n  start listen\n}\n",
	};
	struct lac *a, *b, *x;
	struct call *c;
	uint8_t m[256];
	struct l2tp_wbuf w;
	unsigned int sent, rx;
	uint16_t ns;

	lac_reset();
	if (ra_world(&o, 3, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(ike_up(addr_txt[0]) && ike_up(CLIENT2) && ike_up(CLIENT3));
	if (!ike_up(addr_txt[0]) || !ike_up(CLIENT2) || !ike_up(CLIENT3)) {
		ra_teardown();
		return;
	}
	CHECK(gw_sa(CLIENT2)->conn && !gw_sa(CLIENT2)->conn->lns);
	CHECK(gw_sa(CLIENT3)->conn && gw_sa(CLIENT3)->conn->lns);
	CHECK(gw_sa(CLIENT3) != gw_sa(addr_txt[0]));
	/* client 2's conn is not lns: its SCCRQ makes nothing */
	x = lac_new(1, CLIENT2, 9);
	x->raw = true;
	CHECK(!lac_tunnel(x));
	CHECK_EQ(W.s[1].lns_tunnel_adds, 0);
	CHECK_EQ(W.s[1].ctrl_sent, 0);
	/* an SA nobody has */
	x->spi = 0x0badcafe;
	x->ns = 0;
	CHECK(!lac_tunnel(x));
	CHECK_EQ(W.s[1].lns_tunnel_adds, 0);
	/* client 1's inbound SA at the gateway, but an outbound SPI (wrong direction) */
	x->spi = newest_child(gw_sa(addr_txt[0]))->spi_out;
	x->ns = 0;
	CHECK(!lac_tunnel(x));
	CHECK_EQ(W.s[1].lns_tunnel_adds, 0);
	lacs[1].used = false;

	/* alice's tunnel and call through client 1 */
	a = lac_new(0, addr_txt[0], 7);
	CHECK(lac_tunnel(a));
	c = lac_call(a, 70, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	CHECK_EQ(W.s[1].lns_tunnel_adds, 1);
	ra_run(1000);

	/* client 3 (an lns client of its own IKE SA) speaks into alice's tunnel */
	b = lac_new(2, CLIENT3, 8);
	b->gw_tid = a->gw_tid;
	b->ns = a->ns;
	b->nr = a->nr;
	sent = W.s[1].ctrl_sent;
	rx = a->rx;
	ns = a->ns;
	l2tp_w_init(&w, m, sizeof(m));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 8);
	l2tp_w_result(&w, 1, false, 0, NULL, 0);
	{
		size_t len = l2tp_w_finish(&w);

		/* the module matched alice's tunnel */
		l2tp_hdr_set_seq(m, ns, a->nr);
		ra_ctrl_recv(&W.s[1].d, a->gw_tid, a->addr, 1701, lac_spi(b), m, len);
		/* the module matched nothing (the header names alice's tunnel), from
		 * alice's public address as if both were behind one NAT */
		ra_ctrl_recv(&W.s[1].d, 0, a->addr, 1701, lac_spi(b), m, len);
		/* through client 1's SA but from another address */
		ra_ctrl_recv(&W.s[1].d, a->gw_tid, b->addr, 1701, lac_spi(a), m, len);
	}
	ra_run(2000);
	/* nothing acknowledged, nothing torn down, the tunnel's SA unchanged */
	CHECK_EQ(W.s[1].ctrl_sent, sent);
	CHECK_EQ(a->rx, rx);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c ? c->gw_sid : 0) != NULL);
	CHECK_EQ(W.s[1].lns_tunnel_dels, 0);
	CHECK_EQ(W.s[1].lns_session_dels, 0);
	{
		char *js = show_json();
		char want[64];

		snprintf(want, sizeof(want), "\"sa_in\":%u", newest_child(gw_sa(addr_txt[0]))->spi_in);
		CHECK_HAS(js, want);
		free(js);
	}
	/* alice's next message still works (the refused ones took no Ns) */
	{
		unsigned int zlb = a->zlb_rx;

		l2tp_w_init(&w, m, sizeof(m));
		l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
		l2tp_w_msg_type(&w, L2TP_HELLO);
		lac_send(a, m, l2tp_w_finish(&w), false);
		ra_run(1000);
		CHECK(a->zlb_rx > zlb);
	}
	/* client 3 opens its own tunnel fine */
	b->gw_tid = 0;
	b->ns = 0;
	b->nr = 0;
	CHECK(lac_tunnel(b));
	CHECK_EQ(W.s[1].lns_tunnel_adds, 2);
	CHECK(b->gw_tid != a->gw_tid);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* 3: clear text (spi 0) is refused, also for an existing tunnel. */
static void clear_text_refused(void)
{
	struct lac *a;
	struct call *c;
	unsigned int sent;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	sent = W.s[1].ctrl_sent;
	{
		struct lac *x = lac_new(1, addr_txt[0], 9);
		uint8_t b[256];

		x->clear = true;
		lac_send(x, b, w_sccrq(x, b, sizeof(b)), false);
		lac_process();
		CHECK_EQ(x->gw_tid, 0);
		CHECK_EQ(W.s[1].lns_tunnel_adds, 1);
		CHECK_EQ(W.s[1].ctrl_sent, sent);
	}
	/* a StopCCN for alice's tunnel in clear text: ignored */
	a->clear = true;
	{
		uint8_t m[128];
		struct l2tp_wbuf w;

		l2tp_w_init(&w, m, sizeof(m));
		l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
		l2tp_w_msg_type(&w, L2TP_STOPCCN);
		l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 7);
		l2tp_w_result(&w, 1, false, 0, NULL, 0);
		lac_send(a, m, l2tp_w_finish(&w), false);
		a->ns--;	/* it never arrived */
	}
	a->clear = false;
	ra_run(3000);
	CHECK_EQ(W.s[1].ctrl_sent, sent);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 4: a quick mode again (child rekey): the tunnel is bound to the new
 * child before the old one goes (new sa_out, both inbound SAs), then to
 * the new one only; the session survives.
 */
static void child_rekey_rebinds(void)
{
	const char *life = "  lifetime 60s\n";
	struct call *c;
	struct lac *a;
	uint32_t old_in, old_out, new_in = 0, new_out = 0;
	struct ftun *t;
	bool both = false;

	c = alice_up(&(struct gw_opts){ .conn = life }, life);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	old_in = newest_child(gw_sa(addr_txt[0]))->spi_in;
	old_out = newest_child(gw_sa(addr_txt[0]))->spi_out;
	CHECK_EQ(W.s[1].nbinds, 0);
	ra_run(75000);
	CHECK(newest_child(gw_sa(addr_txt[0])) != NULL);
	if (newest_child(gw_sa(addr_txt[0]))) {
		new_in = newest_child(gw_sa(addr_txt[0]))->spi_in;
		new_out = newest_child(gw_sa(addr_txt[0]))->spi_out;
	}
	CHECK(new_in && new_in != old_in);
	CHECK(new_out && new_out != old_out);
	/* make-before-break: a binding with the new sa_out and both inbound SAs ... */
	for (unsigned int i = 0; i < W.s[1].nbinds; i++) {
		const struct fbind *b = &W.s[1].binds[i];
		bool has_old = false, has_new = false;

		for (unsigned int k = 0; k < b->n_in; k++) {
			has_old |= b->sa_in[k] == old_in;
			has_new |= b->sa_in[k] == new_in;
		}
		if (b->sa_out == new_out && has_old && has_new)
			both = true;
		/* ... and never one without the SA the client sends with */
		CHECK(has_new || b->sa_out == old_out);
	}
	CHECK(both);
	/* ... then the new child only, the old one deleted */
	CHECK_EQ(n_children(gw_sa(addr_txt[0])), 1);
	CHECK(!find(&W.s[1], old_in, L2TPSEC_DIR_IN));
	t = lns_tun(&W.s[1], a->gw_tid);
	CHECK(t != NULL);
	if (t) {
		CHECK_EQ(t->t.sa_out, new_out);
		CHECK_EQ(t->t.n_sa_in, 1);
		CHECK_EQ(t->t.sa_in[0], new_in);
	}
	/* the session survived and still talks (through the new SA) */
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_session_dels, 0);
	CHECK_EQ(W.s[1].lns_tunnel_dels, 0);
	CHECK(!c->cdn);
	CHECK_EQ(a->stopccn_rx, 0);
	/* the client never sent through an SA the tunnel did not accept yet,
	 * the gateway never sent through one the client could not decrypt */
	CHECK_EQ(a->module_drops, 0);
	CHECK_EQ(W.s[1].lns_early, 0);
	CHECK_EQ(W.s[1].lns_out_gone, 0);
	{
		unsigned int e = c->echo_req;

		ra_run(65000);
		CHECK(c->echo_req > e);
		CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	}
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 5: the client deletes its IKE SA: the tunnel and the session go from the
 * fake kernel before their SAs, the lease is released (the client, back,
 * gets the pool's only address again).
 */
static void ike_delete_tears_down(void)
{
	struct gw_opts o = { .pool = POOL_FIRST };
	struct call *c;
	struct lac *a;
	uint16_t tid;

	c = alice_up(&o, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	tid = a->gw_tid;
	check_ip_up(POOL_FIRST);
	/* the pool lies in the LAN's subnet: the gateway answers ARP there */
	CHECK_EQ(W.s[1].proxy_on, 1);
	CHECK_EQ(ntohl(W.s[1].proxy_last.s_addr), a32(POOL_FIRST));
	ikev1_goodbye(first_sa(0), "client leaving");
	pump();
	lac_process();
	CHECK_EQ(W.s[1].proxy_on, 0);
	CHECK(!gw_sa(addr_txt[0]));
	CHECK(!lns_tun(&W.s[1], tid));
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK_EQ(W.s[1].lns_tunnel_dels, 1);
	CHECK_EQ(W.s[1].lns_session_dels, 1);
	CHECK_EQ(n_installed(1), 0);
	CHECK_EQ(W.s[1].lns_bad, 0);	/* nothing deleted under the tunnel */
	CHECK_EQ(W.s[1].lns_out_gone, 0);
	{
		char *js = show_json();

		CHECK_STR(js, "[]\n");
		free(js);
	}
	/* the client comes back (start initiate): the only address is free again */
	ra_run(15000);
	CHECK(ike_up(addr_txt[0]));
	a = lac_new(0, addr_txt[0], 17);
	CHECK(lac_tunnel(a));
	c = lac_call(a, 71, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	CHECK_EQ(W.s[1].nipups, 2);
	check_ip_up(POOL_FIRST);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* `proxy-arp no`: no proxy ARP entry for the client. */
static void proxy_arp_off(void)
{
	struct gw_opts o = { .lns = "  proxy-arp no\n" };
	struct call *c = alice_up(&o, NULL);

	CHECK(c != NULL);
	check_ip_up(POOL_FIRST);
	CHECK_EQ(W.s[1].proxy_adds, 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 6: a wrong password: Failure E=691 R=1 with a new challenge, the retry
 * with the right one succeeds; too many failures: E=691 R=0, LCP
 * Terminate-Request, the link closed with a CDN.
 */
static void wrong_password(void)
{
	struct lac *a;
	struct call *c, *d;
	char *js;

	lac_reset();
	if (ra_world(&(struct gw_opts){ 0 }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	a = lac_new(0, addr_txt[0], 7);
	CHECK(lac_tunnel(a));
	c = lac_call(a, 70, "alice", "wrong", ALICE_PW, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	CHECK_EQ(c->failures, 1);
	CHECK_HAS(c->fail_msg, "E=691");
	CHECK_HAS(c->fail_msg, "R=1");
	CHECK_HAS(c->fail_msg, "C=");
	CHECK_EQ(c->try, 1);
	CHECK_EQ(c->successes, 1);
	CHECK(c->success_ok);
	CHECK(call_up(c));
	check_ip_up(POOL_FIRST);

	/* bob, three wrong passwords (auth-tries 3) */
	d = lac_call(a, 71, "bob", "x1", "x2", "x3");
	CHECK(d != NULL);
	if (!d) {
		ra_teardown();
		return;
	}
	ra_run(10000);
	CHECK_EQ(d->failures, 3);
	CHECK_EQ(d->successes, 0);
	CHECK_HAS(d->fail_msg, "E=691");
	CHECK_HAS(d->fail_msg, "R=0");
	CHECK_EQ(d->term_req, 1);
	CHECK(d->cdn);
	CHECK(!lns_sess(&W.s[1], a->gw_tid, d->gw_sid));
	CHECK_EQ(W.s[1].lns_session_dels, 1);
	CHECK_EQ(W.s[1].nipups, 1);
	/* alice is untouched */
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK(!c->cdn);
	js = show_json();
	CHECK_HAS(js, "\"user\":\"alice\"");
	CHECK(js && !strstr(js, "bob"));
	free(js);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 7: the client goes silent: LCP echoes go unanswered and the session goes
 * within lcp-echo * (failures + 1); its CDN is retransmitted and the
 * tunnel given up; everything is gone from the module.
 */
static void silent_client(void)
{
	struct gw_opts o = {
		.pool = POOL_FIRST,
		.lns = "  lcp-echo 5s\n  lcp-echo-failures 3\n  hello 10s\n",
	};
	struct call *c;
	struct lac *a;
	uint64_t t0;

	c = alice_up(&o, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	ra_run(12000);
	CHECK(c->echo_req >= 2);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	a->silent = true;
	t0 = W.now;
	while (lns_n_sess(&W.s[1]) && W.now - t0 < 60000)
		ra_run(250);
	/* 3 unanswered echoes at 5 s intervals, closed at the 4th interval */
	CHECK(lns_n_sess(&W.s[1]) == 0);
	CHECK(W.now - t0 <= 5000 * 5);
	CHECK(W.now - t0 >= 5000 * 3);
	{
		char *js = show_json();

		CHECK_STR(js, "[]\n");
		free(js);
	}
	/* the CDN (and HELLOs) unacknowledged: the tunnel is given up after
	 * 5 retransmissions (1 + 2 + 4 + 8 + 16 s) and the last wait (16 s) */
	t0 = W.now;
	while (lns_n_tuns(&W.s[1]) && W.now - t0 < 180000)
		ra_run(250);
	CHECK_EQ(lns_n_tuns(&W.s[1]), 0);
	CHECK(W.now - t0 <= 48000);
	CHECK(W.now - t0 >= 30000);
	CHECK_EQ(W.s[1].lns_tunnel_dels, 1);
	/* the IKE SA stays (no DPD configured), and the pool's only address is free */
	CHECK(gw_sa(addr_txt[0]) != NULL);
	a = lac_new(1, addr_txt[0], 17);
	lacs[0].used = false;
	CHECK(lac_tunnel(a));
	c = lac_call(a, 71, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	check_ip_up(POOL_FIRST);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* 8: SIGTERM: LCP Terminate-Request and StopCCN (result 6) before the SAs go. */
static void gateway_shutdown(void)
{
	struct call *c;
	struct lac *a;
	uint16_t tid;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	tid = a->gw_tid;
	ked_shutdown(&W.s[1].d);
	lac_process();
	CHECK_EQ(c->term_req, 1);
	CHECK_EQ(a->stopccn_rx, 1);
	CHECK_EQ(a->stopccn_result, L2TP_STOPCCN_SHUTDOWN);
	pump();
	lac_process();
	CHECK(!lns_tun(&W.s[1], tid));
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK_EQ(n_installed(1), 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	CHECK_EQ(W.s[1].lns_out_gone, 0);
	ra_teardown();
}

/*
 * 9: SIGHUP with a changed users file (the same conns): the live session
 * stays, the new user logs in, the removed one no longer can.
 */
static void reload_users(void)
{
	struct call *c, *d, *e;
	struct lac *a;
	struct ike_sa *sa;
	char text[4096], err[512];
	char *js;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	sa = gw_sa(addr_txt[0]);
	CHECK(!write_users("user alice password \"" ALICE_PW "\"\n"
			   "user carol password \"" CAROL_PW "\"\n"));
	gw_text(text, sizeof(text), &(struct gw_opts){ 0 });
	{
		struct conf *nc = load_conf(text);

		CHECK(nc != NULL);
		if (!nc) {
			ra_teardown();
			return;
		}
		CHECK(!ked_reload(&W.s[1].d, nc, err, sizeof(err)));
	}
	pump();
	lac_process();
	CHECK(gw_sa(addr_txt[0]) == sa);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK(!c->cdn);
	d = lac_call(a, 71, "carol", CAROL_PW, NULL, NULL);
	CHECK(call_up(d));
	check_ip_up("10.8.0.11");
	e = lac_call(a, 72, "bob", BOB_PW, NULL, NULL);
	CHECK(e && e->failures == 1 && !e->successes);
	js = show_json();
	CHECK_HAS(js, "\"user\":\"alice\"");
	CHECK_HAS(js, "\"user\":\"carol\"");
	free(js);
	/* still alive a minute later */
	ra_run(65000);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, d->gw_sid) != NULL);
	/* a reload whose users file does not parse: the users stay as they were */
	CHECK(!write_users("user alice password\n"));
	{
		struct conf *nc = load_conf(text);

		CHECK(nc != NULL);
		if (nc)
			CHECK(!ked_reload(&W.s[1].d, nc, err, sizeof(err)));
	}
	e = lac_call(a, 73, "carol", CAROL_PW, NULL, NULL);
	CHECK(call_up(e));
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* 10: `l2tpsec disconnect USER`: that user's call cleared (CDN), the tunnel stays. */
static void disconnect_user(void)
{
	struct call *c, *d;
	struct lac *a;
	char *js;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	d = lac_call(a, 71, "bob", BOB_PW, NULL, NULL);
	CHECK(call_up(d));
	CHECK_EQ(ra_disconnect(&W.s[1].d, "nobody", 0), 0);
	CHECK_EQ(ra_disconnect(&W.s[1].d, "alice", 0), 1);
	lac_process();
	CHECK(c->cdn);
	CHECK_EQ(c->cdn_result, L2TP_CDN_ADMIN);
	CHECK(!d->cdn);
	CHECK(!lns_sess(&W.s[1], a->gw_tid, c->gw_sid));
	CHECK(lns_sess(&W.s[1], a->gw_tid, d->gw_sid) != NULL);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	js = show_json();
	CHECK(js && !strstr(js, "alice"));
	CHECK_HAS(js, "\"user\":\"bob\"");
	free(js);
	ra_run(5000);
	CHECK_EQ(a->dup_rx, 0);	/* the CDN was acknowledged */
	/* alice's address is free: a new call of alice gets an address */
	c = lac_call(a, 72, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	/* by link id (`l2tpsec disconnect 2`: bob's call was the second link) */
	{
		char *buf = NULL;
		size_t sz = 0;
		FILE *f = open_memstream(&buf, &sz);

		CHECK(f != NULL);
		if (f) {
			ra_show_sessions(&W.s[1].d, f, false);
			fclose(f);
		}
		CHECK_HAS(buf, "session 2: user 'bob' from 192.0.2.1 (IKE port 500, L2TP port 1701), address 10.8.0.11");
		free(buf);
	}
	CHECK_EQ(ra_disconnect(&W.s[1].d, NULL, 99), 0);
	CHECK_EQ(ra_disconnect(&W.s[1].d, NULL, 2), 1);
	lac_process();
	CHECK(d->cdn);
	CHECK(!lns_sess(&W.s[1], a->gw_tid, d->gw_sid));
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* A control message of a: type with one u16 AVP (0: none) and an optional result. */
static void lac_msg(struct lac *a, uint16_t sid, uint16_t type, uint16_t avp, uint16_t v,
		    int result)
{
	uint8_t m[256];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, m, sizeof(m));
	l2tp_w_hdr(&w, a->gw_tid, sid, 0, 0);
	l2tp_w_msg_type(&w, type);
	if (result >= 0)
		l2tp_w_result(&w, (uint16_t)result, false, 0, NULL, 0);
	if (avp)
		l2tp_w_avp_u16(&w, avp, true, v);
	lac_send(a, m, l2tp_w_finish(&w), false);
}

/*
 * 11: the client hangs up: LCP Terminate-Request (acknowledged, the call
 * cleared with a CDN), then StopCCN (acknowledged, the tunnel kept a
 * while for retransmissions, then gone); the IKE SA stays.
 */
static void client_hangs_up(void)
{
	struct call *c;
	struct lac *a;
	uint8_t b[16];
	struct ppp_wbuf w;
	unsigned int zlb;
	uint16_t tid;

	c = alice_up(&(struct gw_opts){ .pool = POOL_FIRST }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	tid = a->gw_tid;
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_TERM_REQ, 99);
	ppp_out(c, PPP_PROTO_LCP, b, ppp_w_finish(&w));
	lac_process();
	CHECK_EQ(c->term_ack, 1);
	CHECK(c->cdn);
	CHECK(!lns_sess(&W.s[1], tid, c->gw_sid));
	CHECK_EQ(W.s[1].lns_session_dels, 1);
	zlb = a->zlb_rx;
	lac_msg(a, 0, L2TP_STOPCCN, L2TP_AVP_TUNNEL_ID, 7, L2TP_STOPCCN_CLEAR);
	ra_run(1000);
	CHECK(a->zlb_rx > zlb);		/* acknowledged */
	CHECK(lns_tun(&W.s[1], tid) != NULL);	/* held for retransmissions */
	ra_run(10000);
	CHECK(!lns_tun(&W.s[1], tid));
	CHECK_EQ(W.s[1].lns_tunnel_dels, 1);
	CHECK(gw_sa(addr_txt[0]) != NULL);
	CHECK_EQ(a->dup_rx, 0);
	/* the only address is free again: a new tunnel and call get it */
	a = lac_new(1, addr_txt[0], 17);
	lacs[0].used = false;
	CHECK(lac_tunnel(a));
	c = lac_call(a, 71, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	check_ip_up(POOL_FIRST);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 12: retransmissions both ways: the SCCRP lost (the gateway sends it
 * again), the SCCRQ and the ICCN retransmitted by the client (no second
 * tunnel, no second session), the MS-CHAPv2 Response repeated after the
 * Success (the same Success again, no second ip_up).
 */
static void retransmissions(void)
{
	struct lac *a;
	struct call *c;
	struct fframe f;
	uint8_t q[256], iccn[256];
	size_t qlen, ilen;
	struct l2tp_wbuf w;

	lac_reset();
	if (ra_world(&(struct gw_opts){ 0 }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	a = lac_new(0, addr_txt[0], 7);
	qlen = w_sccrq(a, q, sizeof(q));
	lac_send(a, q, qlen, false);
	/* the SCCRP is lost */
	CHECK(lns_take(&W.s[1], &f));
	CHECK_EQ(a->gw_tid, 0);
	/* the client sends its SCCRQ again (Ns 0 again) */
	a->ns = 0;
	lac_send(a, q, qlen, false);
	lac_process();
	CHECK_EQ(W.s[1].lns_tunnel_adds, 1);
	ra_run(1500);		/* the SCCRP again */
	CHECK(a->gw_tid != 0);
	CHECK_EQ(W.s[1].lns_tunnel_adds, 1);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	lac_msg(a, 0, L2TP_SCCCN, 0, 0, -1);
	ra_run(500);
	/* a call whose ICCN is sent twice */
	c = &a->calls[0];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->a = a;
	c->my_sid = 70;
	c->user = "alice";
	c->pw[0] = ALICE_PW;
	c->magic = 0x51e00046;
	lac_msg(a, 0, L2TP_ICRQ, L2TP_AVP_SESSION_ID, 70, -1);
	lac_process();
	CHECK(c->gw_sid != 0);
	l2tp_w_init(&w, iccn, sizeof(iccn));
	l2tp_w_hdr(&w, a->gw_tid, c->gw_sid, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICCN);
	l2tp_w_avp_u32(&w, L2TP_AVP_TX_SPEED, true, 100000000);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	ilen = l2tp_w_finish(&w);
	lac_send(a, iccn, ilen, false);
	/* the ICCN again, same Ns, before the PPP client answers anything */
	{
		uint8_t again[256];

		memcpy(again, iccn, ilen);
		a->ns--;
		lac_send(a, again, ilen, false);
	}
	lac_process();
	CHECK_EQ(W.s[1].lns_session_adds, 1);
	CHECK(call_up(c));
	CHECK_EQ(W.s[1].nipups, 1);
	/* the Response again: the same Success, nothing else */
	{
		unsigned int succ = c->successes;

		chap_respond(c);
		lac_process();
		CHECK_EQ(c->successes, succ + 1);
		CHECK(c->success_ok);
		CHECK_EQ(W.s[1].nipups, 1);
		CHECK_EQ(W.s[1].lns_session_adds, 1);
	}
	ra_run(3000);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 13: the ISAKMP SA is renewed (a new main mode, the children move to
 * it): the tunnel follows its new IKE SA, the session survives, the old
 * IKE SA's end takes nothing along, control messages still pass.
 */
static void phase1_renewal(void)
{
	const char *life = "  ike-lifetime 60s\n";
	struct call *c;
	struct lac *a;
	struct ike_sa *old;
	uint32_t old_serial;
	unsigned int zlb;

	c = alice_up(&(struct gw_opts){ .conn = life }, life);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	old = gw_sa(addr_txt[0]);
	old_serial = old->serial;
	ra_run(70000);
	CHECK(gw_sa(addr_txt[0]) != NULL);
	CHECK(gw_sa(addr_txt[0]) && gw_sa(addr_txt[0])->serial != old_serial);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_session_dels, 0);
	CHECK(!c->cdn);
	CHECK_EQ(a->stopccn_rx, 0);
	{
		char *js = show_json();
		char want[32];

		snprintf(want, sizeof(want), "\"ike_sa\":%u",
			 gw_sa(addr_txt[0]) ? gw_sa(addr_txt[0])->serial : 0);
		CHECK_HAS(js, want);
		free(js);
	}
	zlb = a->zlb_rx;
	lac_msg(a, 0, L2TP_HELLO, 0, 0, -1);
	ra_run(1000);
	CHECK(a->zlb_rx > zlb);
	/* a second call in the moved tunnel */
	{
		struct call *d = lac_call(a, 71, "bob", BOB_PW, NULL, NULL);

		CHECK(call_up(d));
	}
	ra_run(70000);	/* and a second renewal */
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	CHECK_EQ(a->module_drops, 0);
	ra_teardown();
}

/*
 * 14: the client deletes its child SA only (the ISAKMP SA stays): the
 * tunnel goes with its last child, StopCCN sent through the SA before it
 * is deleted.
 */
static void child_delete_tears_down(void)
{
	struct call *c;
	struct lac *a;
	struct ike_sa *sa;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	sa = first_sa(0);
	CHECK(sa && sa->children);
	if (!sa || !sa->children) {
		ra_teardown();
		return;
	}
	CHECK(!ikev1_delete_child(sa->children));
	pump();
	lac_process();
	CHECK(gw_sa(addr_txt[0]) != NULL);
	CHECK_EQ(n_children(gw_sa(addr_txt[0])), 0);
	CHECK_EQ(lns_n_tuns(&W.s[1]), 0);
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK_EQ(a->stopccn_rx, 1);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 15: the client is behind a NAT whose public address changes (the
 * module's SA_MAPPING, a client that sends no DPD): the IKE SA and its
 * ESP SAs move, and so must the LNS tunnel (the module sends to its
 * peer address; the LNS takes control messages from there only).
 */
static void nat_address_change(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct lac *a;
	struct call *c;
	struct ike_sa *sa;
	struct ftun *t;
	unsigned int zlb;

	lac_reset();
	if (ra_world(&(struct gw_opts){ 0 }, 1, NULL))
		{ CHECK(0); return; }
	W.nat = true;
	pump();
	sa = gw_sa("10.9.9.9");
	CHECK(sa && sa->natt && newest_child(sa));
	if (!sa || !newest_child(sa)) {
		ra_teardown();
		return;
	}
	a = lac_new(0, addr_txt[0], 7);
	inet_pton(AF_INET, "10.9.9.9", &a->addr);	/* its public address */
	CHECK(lac_tunnel(a));
	c = lac_call(a, 70, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	ra_run(1000);
	t = lns_tun(&W.s[1], a->gw_tid);
	CHECK(t && t->t.peer.s_addr == a->addr.s_addr);
	/* the NAT's public address changes */
	inet_pton(AF_INET, "10.9.9.8", &to.sin_addr);
	to.sin_port = htons(40001);
	ked_mapping(&W.s[1].d, newest_child(sa)->spi_in, L2TPSEC_DIR_IN, &to);
	CHECK_EQ(sa->remote.sin_addr.s_addr, to.sin_addr.s_addr);
	a->addr = to.sin_addr;
	t = lns_tun(&W.s[1], a->gw_tid);
	CHECK(t && t->t.peer.s_addr == to.sin_addr.s_addr);
	/* the client's control messages come from there now */
	zlb = a->zlb_rx;
	lac_msg(a, 0, L2TP_HELLO, 0, 0, -1);
	ra_run(1000);
	CHECK(a->zlb_rx > zlb);
	CHECK_EQ(a->dup_rx, 0);
	{
		char *js = show_json();

		CHECK_HAS(js, "\"public\":\"10.9.9.8\"");
		free(js);
	}
	CHECK(lns_sess(&W.s[1], a->gw_tid, c ? c->gw_sid : 0) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 16: a reload that takes `lns yes` off the conn: its IKE SAs no longer
 * serve remote access, so they go (the clients reconnect to what the
 * conn is now) and their tunnels with them, StopCCN first.
 */
static void reload_lns_off(void)
{
	struct call *c;
	struct lac *a;
	char text[4096], err[512];
	struct conf *nc;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	gw_text(text, sizeof(text), &(struct gw_opts){ 0 });
	{
		char *p = strstr(text, "  lns yes\n");

		CHECK(p != NULL);
		if (p)
			memmove(p, p + 10, strlen(p + 10) + 1);
	}
	nc = load_conf(text);
	CHECK(nc && !nc->conns[0].lns);
	if (!nc) {
		ra_teardown();
		return;
	}
	CHECK(!ked_reload(&W.s[1].d, nc, err, sizeof(err)));
	lac_process();
	CHECK_EQ(a->stopccn_rx, 1);
	CHECK_EQ(lns_n_tuns(&W.s[1]), 0);
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 17: a child rekey whose last quick mode message is lost (the client has
 * installed the new child and deletes the old one; the gateway never saw
 * QM3): the call must not be torn down for good by the gap. Whatever IKE
 * does about the missing child, the gateway must not end up with a live
 * tunnel bound to no SA, or a session whose tunnel is gone.
 */
static void rekey_qm3_lost(void)
{
	const char *life = "  lifetime 60s\n";
	struct call *c;
	struct lac *a;
	bool seen_qm1 = false, dropped = false;
	uint32_t first_out;
	uint64_t end;

	c = alice_up(&(struct gw_opts){ .conn = life }, life);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	first_out = client_child(addr_txt[0])->spi_out;
	allow_no_sa = true;	/* the gap: the old SA deleted, the new one not complete */
	end = W.now + 75000;
	while (W.now < end) {
		W.now += 50;
		for (int i = 0; i < 2; i++)
			ked_tick(&W.s[i].d);
		while (W.nq) {
			/* QM1 (the longest, with the SA payload) then QM3: QM3 lost */
			if (pkt_side(&W.q[0]) == 1 && !dropped && seen_qm1) {
				dropped = true;
				W.nq--;
				memmove(&W.q[0], &W.q[1], W.nq * sizeof(W.q[0]));
				/* the client sends with its new child at once */
				CHECK(client_child(addr_txt[0]) &&
				      client_child(addr_txt[0])->spi_out != first_out);
				lac_msg(a, 0, L2TP_HELLO, 0, 0, -1);
				lac_process();
				continue;
			}
			if (pkt_side(&W.q[0]) == 1 && W.q[0].len >= 150)
				seen_qm1 = true;
			deliver(0);
		}
		lac_process();
	}
	CHECK(dropped);
	ra_run(60000);
	/* the call survived the gap: the client's HELLO in it was accepted
	 * (the tunnel took the new inbound SA at QM2), nothing was torn down,
	 * and the tunnel ended up on the child that completed */
	CHECK_EQ(a->module_drops, 0);
	CHECK_EQ(a->stopccn_rx, 0);
	CHECK(!c->cdn);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c->gw_sid) != NULL);
	CHECK_EQ(W.s[1].lns_session_dels, 0);
	{
		struct ftun *t = lns_tun(&W.s[1], a->gw_tid);
		struct child_sa *n = newest_child(gw_sa(addr_txt[0]));

		CHECK(t && n && t->t.sa_out == n->spi_out && t->t.n_sa_in == 1 &&
		      t->t.sa_in[0] == n->spi_in);
	}
	/* consistent state, whichever way it went */
	for (int i = 0; i < MAXTUN; i++) {
		const struct ftun *t = &W.s[1].tuns[i];

		if (!t->used)
			continue;
		CHECK(find(&W.s[1], t->t.sa_out, L2TPSEC_DIR_OUT) != NULL);
	}
	for (int i = 0; i < MAXSESS; i++)
		if (W.s[1].sess[i].used)
			CHECK(lns_tun(&W.s[1], W.s[1].sess[i].tid) != NULL);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 18: the client vanishes altogether (IKE too) with DPD on the gateway:
 * whichever goes first (DPD, LCP echoes, the L2TP give-up), everything
 * is gone within the DPD timeout and nothing is left in the module.
 */
static void client_vanishes_dpd(void)
{
	const char *dpd = "  dpd 10s\n  dpd-timeout 30s\n";
	struct gw_opts o = {
		.conn = dpd,
		.lns = "  lcp-echo 20s\n  lcp-echo-failures 5\n",
	};
	struct call *c;
	struct lac *a;
	uint64_t t0;

	c = alice_up(&o, dpd);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	ra_run(30000);
	CHECK(gw_sa(addr_txt[0]) != NULL);	/* DPD answered while alive */
	a->silent = true;
	W.drop_to[0] = true;
	t0 = W.now;
	while ((gw_sa(addr_txt[0]) || lns_n_tuns(&W.s[1])) && W.now - t0 < 120000)
		ra_run(250);
	CHECK(!gw_sa(addr_txt[0]));
	CHECK_EQ(lns_n_tuns(&W.s[1]), 0);
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK(W.now - t0 <= 45000);
	CHECK_EQ(n_installed(1), 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 19: a control message the gateway sends because of a PPP frame (the
 * client's LCP Terminate-Request: CDN) gets the full first retransmission
 * timeout (1 s), also when the frame comes long after the gateway's last
 * timer run (the daemon polls up to 1 s between ticks).
 */
static void rtx_after_ppp_input(void)
{
	struct call *c;
	struct lac *a;
	uint8_t b[16];
	struct ppp_wbuf w;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	a = c->a;
	a->no_ack = true;
	W.now += 900;		/* no tick: the daemon sat in poll() */
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_TERM_REQ, 98);
	ppp_out(c, PPP_PROTO_LCP, b, ppp_w_finish(&w));
	lac_process();
	CHECK(c->cdn);
	CHECK_EQ(a->last_new_ms, W.now);
	while (!a->first_dup_ms && W.now < a->last_new_ms + 5000)
		ra_run(50);
	CHECK(a->first_dup_ms != 0);
	CHECK(a->first_dup_ms - a->last_new_ms >= 1000);
	CHECK(a->first_dup_ms - a->last_new_ms <= 1100);
	ra_teardown();
}

/*
 * Login failures are limited per user (5 a minute) and per source address
 * (10): MS-CHAPv2's "DOMAIN\\" prefix counts against the same user; the
 * refusal does not count as a failure; names not in the users file count
 * for the source only; a minute later the user gets in.
 */
static void login_limits(void)
{
	struct call *c;
	struct lac *a;

	lac_reset();
	if (ra_world(&(struct gw_opts){ 0 }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	a = lac_new(0, addr_txt[0], 7);
	CHECK(lac_tunnel(a));
	c = lac_call(a, 71, "bob", "x1", "x2", "x3");
	ra_run(10000);
	CHECK(c && c->failures == 3);
	c = lac_call(a, 72, "CORP\\bob", "x4", "x5", NULL);
	ra_run(10000);
	CHECK(c && c->failures == 2);
	/* five failures of bob: the right password is refused now */
	c = lac_call(a, 73, "bob", BOB_PW, NULL, NULL);
	ra_run(2000);
	CHECK(c && !c->successes && c->failures == 1);
	CHECK(c && !call_up(c));
	/* alice from the same address: 5 (6 with the refusal, not counted) < 10 */
	c = lac_call(a, 74, "alice", ALICE_PW, NULL, NULL);
	CHECK(call_up(c));
	/* an unknown name, twice three times: the source reaches 11 */
	c = lac_call(a, 75, "zed", "z1", "z2", "z3");
	ra_run(10000);
	CHECK(c && c->failures == 3);
	c = lac_call(a, 76, "zed2", "z1", "z2", "z3");
	ra_run(10000);
	c = lac_call(a, 77, "alice", ALICE_PW, NULL, NULL);
	ra_run(2000);
	CHECK(c && !c->successes);
	/* a minute later both limits are over */
	ra_run(61000);
	c = lac_call(a, 78, "bob", BOB_PW, NULL, NULL);
	CHECK(call_up(c));
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* text with every occurrence of from replaced by to (fits: tests only) */
static void text_sub(char *text, size_t n, const char *from, const char *to)
{
	char *p = strstr(text, from);
	char tail[4096];

	if (!p)
		return;
	snprintf(tail, sizeof(tail), "%s", p + strlen(from));
	snprintf(p, n - (size_t)(p - text), "%s%s", to, tail);
}

/* A reload of the conf text: ked_reload() succeeds. */
static void reload_text(const char *text)
{
	char err[512];
	struct conf *nc = load_conf(text);

	CHECK(nc != NULL);
	if (nc)
		CHECK(!ked_reload(&W.s[1].d, nc, err, sizeof(err)));
	pump();
	lac_process();
}

/*
 * SIGHUP with another pool, gateway address and DNS: live sessions keep
 * their addresses (carried into the new pool), new calls get the new
 * pool and DNS; a gateway address that a live client holds is refused
 * (pool and address stay).
 */
static void reload_pool_dns(void)
{
	struct call *c, *d, *e;
	char text[4096];
	char *js;

	c = alice_up(&(struct gw_opts){ 0 }, NULL);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	check_ip_up(POOL_FIRST);
	CHECK(!write_users(USERS "user carol password \"" CAROL_PW "\"\n"));
	/* the gateway's new address would be alice's: refused, nothing moves */
	gw_text(text, sizeof(text), &(struct gw_opts){ .pool = "10.8.0.2-10.8.0.12" });
	text_sub(text, sizeof(text), "address " PPP_GW, "address " POOL_FIRST);
	reload_text(text);
	d = lac_call(c->a, 71, "carol", CAROL_PW, NULL, NULL);
	CHECK(call_up(d));
	CHECK_EQ(ntohl(W.s[1].ipups[W.s[1].nipups - 1].peer.s_addr), a32("10.8.0.11"));
	CHECK_EQ(ntohl(W.s[1].ipups[W.s[1].nipups - 1].local.s_addr), a32(PPP_GW));
	/* now a good one: the new pool holds alice's and carol's addresses */
	gw_text(text, sizeof(text), &(struct gw_opts){ .pool = "10.8.0.2-10.8.0.12" });
	text_sub(text, sizeof(text), DNS1 " " DNS2, "10.0.0.77 10.0.0.78");
	reload_text(text);
	e = lac_call(c->a, 72, "bob", BOB_PW, NULL, NULL);
	CHECK(call_up(e));
	if (e) {
		CHECK_EQ(e->want_dns[0], a32("10.0.0.77"));
		CHECK_EQ(e->want_dns[1], a32("10.0.0.78"));
	}
	/* the new pool's first: not alice's nor carol's, which it kept */
	CHECK_EQ(ntohl(W.s[1].ipups[W.s[1].nipups - 1].peer.s_addr), a32("10.8.0.2"));
	CHECK(lns_sess(&W.s[1], c->a->gw_tid, c->gw_sid) != NULL);
	CHECK(lns_sess(&W.s[1], c->a->gw_tid, d->gw_sid) != NULL);
	CHECK(!c->cdn && !d->cdn);
	js = show_json();
	CHECK_HAS(js, "\"address\":\"" POOL_FIRST "\"");
	CHECK_HAS(js, "\"address\":\"10.8.0.11\"");
	CHECK_HAS(js, "\"address\":\"10.8.0.2\"");
	free(js);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/*
 * 20: `ipv6 yes`: alice's client runs IPV6CP with a zero identifier (Nak'd
 * to a random one), asks LCP MRU 1280: mtu_cap lowers her interface to
 * 1280, ipv6_up gets both identifiers, show sessions has her link-local
 * address. Bob's client Protocol-Rejects IPV6CP: his IPv4 session is up
 * all the same, his interface keeps 1400.
 */
static void ipv6_and_mru(void)
{
	struct call *c, *b;
	struct fsess *s;
	char *js, want[64];

	next_ipv6 = true;
	next_mru = 1280;
	c = alice_up(&(struct gw_opts){ .lns = "  ipv6 yes\n" }, NULL);
	next_ipv6 = false;
	next_mru = 0;
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	CHECK(c->ipv6cp_acked_theirs && c->ipv6cp_ours_acked);
	CHECK(c->ipv6cp_naks >= 1);
	CHECK(c->ifid != 0 && c->gw_ifid != 0 && c->ifid != c->gw_ifid);
	CHECK_EQ(W.s[1].nipv6ups, 1);
	s = lns_sess(&W.s[1], c->a->gw_tid, c->gw_sid);
	CHECK(s != NULL);
	if (s) {
		CHECK_EQ(s->mtu, 1280);
		if (W.s[1].nipv6ups)
			CHECK_EQ(W.s[1].ipv6ups[0].ifindex, s->ifindex);
	}
	if (W.s[1].nipv6ups) {
		CHECK_EQ(W.s[1].ipv6ups[0].local_id, c->gw_ifid);
		CHECK_EQ(W.s[1].ipv6ups[0].peer_id, c->ifid);
	}
	CHECK_EQ(W.s[1].mtu_caps, 1);
	{
		struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };
		char txt[INET6_ADDRSTRLEN] = "";

		for (int i = 0; i < 8; i++)
			ll.s6_addr[8 + i] = (uint8_t)(c->ifid >> (56 - 8 * i));
		inet_ntop(AF_INET6, &ll, txt, sizeof(txt));
		snprintf(want, sizeof(want), "\"ipv6\":\"%s\"", txt);
	}
	js = show_json();
	CHECK_HAS(js, want);
	free(js);
	/* bob, in the same tunnel, without IPv6 */
	b = lac_call(c->a, 71, "bob", BOB_PW, NULL, NULL);
	ra_run(1000);
	CHECK(call_up(b));
	if (b) {
		CHECK_EQ(b->ipv6cp_rejected, 1);
		s = lns_sess(&W.s[1], c->a->gw_tid, b->gw_sid);
		CHECK(s && s->mtu == 1400);
	}
	CHECK_EQ(W.s[1].nipv6ups, 1);
	CHECK_EQ(W.s[1].mtu_caps, 2);
	ra_run(10000);		/* no IPV6CP retransmission to bob, nothing torn down */
	CHECK(b && b->ipv6cp_rejected == 1 && !b->cdn);
	CHECK_EQ(lns_n_sess(&W.s[1]), 2);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* ------------------------------------------------- clear text allowed */

/* The gateway's conn for the clear-text client CLIENT2 (lns-clear-text). */
#define CLEAR_CONN "conn lan {\n  local 192.0.2.2\n  remote " CLIENT2 "\n  auth psk\n" \
	"  psk \"" PSK "\"\n  version 1\n" PROPS "  lns yes\n  lns-clear-text yes\n" \
	"  start listen\n}\n"

/* A clear-text LAC i from addr:port: tunnel, one call of user up. */
static struct call *clear_up(int i, const char *addr, uint16_t port, uint16_t my_tid,
			     const char *user, const char *pw)
{
	struct lac *a = lac_new(i, addr, my_tid);
	struct call *c;

	a->clear = true;
	a->port = port;
	if (!lac_tunnel(a))
		return NULL;
	c = lac_call(a, (uint16_t)(my_tid * 10), user, pw, NULL, NULL);
	ra_run(1000);
	return call_up(c) ? c : NULL;
}

/* 20: lns-clear-text admits clear text from the conn's remote only. */
static void clear_text_allowed(void)
{
	struct call *c;
	struct ftun *t;
	unsigned int adds;
	char *js;

	lac_reset();
	if (ra_world(&(struct gw_opts){ .more = CLEAR_CONN }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	CHECK(W.s[1].listening);
	CHECK_EQ(W.s[1].listens, 1);
	c = clear_up(0, CLIENT2, 40001, 7, "alice", ALICE_PW);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	check_ip_up(POOL_FIRST);
	t = lns_tun(&W.s[1], c->a->gw_tid);
	CHECK(t != NULL);
	if (t) {
		CHECK(t->t.clear_text);
		CHECK_EQ(t->t.sa_out, 0);
		CHECK_EQ(t->t.n_sa_in, 0);
		CHECK_EQ(t->t.peer_port, 40001);
		CHECK_EQ(ntohl(t->t.local.s_addr), a32("192.0.2.2"));
	}
	js = show_json();
	CHECK(js && strstr(js, "\"l2tp_port\":40001") && strstr(js, "\"ike_sa\":0"));
	free(js);
	/* another address (with an IKE SA, even) in clear text: refused */
	adds = W.s[1].lns_tunnel_adds;
	{
		struct lac *x = lac_new(1, addr_txt[0], 9);
		uint8_t b[256];

		x->clear = true;
		lac_send(x, b, w_sccrq(x, b, sizeof(b)), false);
		lac_process();
		CHECK_EQ(x->gw_tid, 0);
		CHECK_EQ(W.s[1].lns_tunnel_adds, adds);
	}
	/* the IPsec client cannot reach the clear-text tunnel through its SA */
	if (ike_up(addr_txt[0])) {
		struct lac *x = lac_new(2, addr_txt[0], 9);
		uint8_t m[128];
		struct l2tp_wbuf w;

		x->raw = true;
		l2tp_w_init(&w, m, sizeof(m));
		l2tp_w_hdr(&w, c->a->gw_tid, 0, 0, 0);
		l2tp_w_msg_type(&w, L2TP_STOPCCN);
		l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 7);
		l2tp_w_result(&w, 1, false, 0, NULL, 0);
		lac_send(x, m, l2tp_w_finish(&w), false);
		ra_run(3000);
		CHECK(lns_tun(&W.s[1], c->a->gw_tid) != NULL);
	} else {
		CHECK(0);
	}
	/* the IKE SA going does not touch the clear-text tunnel */
	{
		struct ike_sa *sa = gw_sa(addr_txt[0]);

		if (sa)
			ike_sa_kill(sa, "test");
		ra_run(3000);
		CHECK(lns_tun(&W.s[1], c->a->gw_tid) != NULL);
		CHECK(lns_sess(&W.s[1], c->a->gw_tid, c->gw_sid) != NULL);
	}
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
	CHECK(!W.s[1].listening);
}

/* 21: two clients behind one address: two tunnels, neither reaches the other's. */
static void clear_text_two_ports(void)
{
	struct call *c1, *c2;
	uint8_t m[128];
	struct l2tp_wbuf w;
	struct lac *a, *b;

	lac_reset();
	if (ra_world(&(struct gw_opts){ .more = CLEAR_CONN }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	c1 = clear_up(0, CLIENT2, 40001, 7, "alice", ALICE_PW);
	c2 = clear_up(1, CLIENT2, 40002, 8, "bob", BOB_PW);
	CHECK(c1 != NULL && c2 != NULL);
	if (!c1 || !c2) {
		ra_teardown();
		return;
	}
	a = c1->a;
	b = c2->a;
	CHECK(a->gw_tid != b->gw_tid);
	CHECK_EQ(lns_n_tuns(&W.s[1]), 2);
	CHECK_EQ(lns_n_sess(&W.s[1]), 2);
	/* b sends a StopCCN for a's tunnel from its own port: refused */
	l2tp_w_init(&w, m, sizeof(m));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, b->my_tid);
	l2tp_w_result(&w, 1, false, 0, NULL, 0);
	l2tp_hdr_set_seq(m, a->ns, a->nr);
	ra_ctrl_recv(&W.s[1].d, a->gw_tid, b->addr, b->port, 0, m, l2tp_w_finish(&w));
	/* ... and a's tunnel id from a's port but b's own tunnel untouched */
	ra_run(3000);
	CHECK(lns_tun(&W.s[1], a->gw_tid) != NULL);
	CHECK(lns_sess(&W.s[1], a->gw_tid, c1->gw_sid) != NULL);
	CHECK_EQ(a->stopccn_rx, 0);
	CHECK(call_up(c1) && call_up(c2));
	/* a hangs up: only its tunnel goes */
	l2tp_w_init(&w, m, sizeof(m));
	l2tp_w_hdr(&w, a->gw_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, a->my_tid);
	l2tp_w_result(&w, 1, false, 0, NULL, 0);
	lac_send(a, m, l2tp_w_finish(&w), false);
	ra_run(10000);
	CHECK(lns_tun(&W.s[1], a->gw_tid) == NULL);
	CHECK(lns_tun(&W.s[1], b->gw_tid) != NULL);
	CHECK_EQ(lns_n_sess(&W.s[1]), 1);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

/* 22: a reload without lns-clear-text clears the clear-text tunnels, closes 1701. */
static void clear_text_reload_off(void)
{
	char text[4096], err[512];
	struct conf *nc;
	struct call *c;

	lac_reset();
	if (ra_world(&(struct gw_opts){ .more = CLEAR_CONN }, 1, NULL))
		{ CHECK(0); return; }
	pump();
	c = clear_up(0, CLIENT2, 40001, 7, "alice", ALICE_PW);
	CHECK(c != NULL);
	if (!c) {
		ra_teardown();
		return;
	}
	gw_text(text, sizeof(text), &(struct gw_opts){ 0 });
	nc = load_conf(text);
	CHECK(nc != NULL);
	if (!nc) {
		ra_teardown();
		return;
	}
	CHECK(!ked_reload(&W.s[1].d, nc, err, sizeof(err)));
	CHECK(!W.s[1].listening);
	ra_run(40000);	/* StopCCN, acknowledged; the tunnel lingers a while */
	CHECK_EQ(c->a->stopccn_rx, 1);
	CHECK_EQ(lns_n_tuns(&W.s[1]), 0);
	CHECK_EQ(lns_n_sess(&W.s[1]), 0);
	CHECK_EQ(W.s[1].lns_bad, 0);
	ra_teardown();
}

const struct test_case remote_access_tests[] = {
	T(happy_path),
	T(foreign_sa_refused),
	T(clear_text_refused),
	T(child_rekey_rebinds),
	T(ike_delete_tears_down),
	T(proxy_arp_off),
	T(wrong_password),
	T(silent_client),
	T(gateway_shutdown),
	T(reload_users),
	T(reload_pool_dns),
	T(login_limits),
	T(disconnect_user),
	T(client_hangs_up),
	T(retransmissions),
	T(phase1_renewal),
	T(child_delete_tears_down),
	T(nat_address_change),
	T(reload_lns_off),
	T(rekey_qm3_lost),
	T(client_vanishes_dpd),
	T(rtx_after_ppp_input),
	T(ipv6_and_mru),
	T(clear_text_allowed),
	T(clear_text_two_ports),
	T(clear_text_reload_off),
	T_END
};
