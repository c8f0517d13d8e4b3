// SPDX-License-Identifier: GPL-2.0
/*
 * ppp/ppp_server.c and the instance files (ppp_lcp.c, ppp_auth.c,
 * ppp_ipcp.c, ppp_ipv6cp.c) driven through struct link as the L2TP carrier will: a fake
 * link records every frame, a fake clock, fake daemon ops (users from a
 * users file, a pool of 10.0.0.10-10.0.0.12), and a scripted client that
 * negotiates the way Windows and pppd do.
 */
#include <stdlib.h>

#include "test.h"
#include "link.h"
#include "ppp_chap_md5.h"
#include "ppp_lcp_opts.h"
#include "ppp_mschapv2.h"
#include "ppp_pkt.h"
#include "ppp_server.h"
#include "users.h"

#define MAXF	256

struct frame {
	uint8_t b[1600];
	size_t n;
};

static struct world {
	struct link l, l2;
	struct ppp_servers *ps;
	struct auth_users *users;
	uint64_t now;
	struct frame f[MAXF];
	size_t head, tail;		/* frames sent, not yet looked at */
	int closes;
	char why[128];
	bool down_in_close;		/* the carrier calls upper->down inside close */
	int leases, releases, ip_ups, ip_downs, auth_fails;
	uint32_t want, fixed;
	bool pool_empty, deny, ip_up_fails;
	struct ppp_ip_info ip;
	int ipv6_ups, ipv6_downs, peer_mrus;
	bool ipv6_up_fails;
	struct ppp_ipv6_info ip6;
	uint16_t peer_mru;
	uint8_t rnd;
	uint8_t next_rand[16];		/* the next 16-byte random value (a challenge), once */
	bool have_next_rand;
} W;

#define POOL_FIRST	0x0a00000a	/* 10.0.0.10 */
#define POOL_LAST	0x0a00000c
#define LOCAL		0x0a000001
#define DNS1		0x08080808
#define DNS2		0x01010101

static const char users_text[] =
	"user User password \"clientPass\"\n"
	"user alice password \"secret\"\n"
	"user hashed nthash 44EBBA8D5312B8D611474411F56989AE\n"
	"user carol password \"pw\" address 10.0.0.77\n";

/* --------------------------------------------------------------- the link */

static int l_send(struct link *l, const uint8_t *frame, size_t len)
{
	struct frame *f;

	(void)l;
	CHECK(len >= 2 && len <= sizeof(f->b));
	if (W.tail - W.head >= MAXF || len > sizeof(f->b))
		return -1;
	f = &W.f[W.tail++ % MAXF];
	memcpy(f->b, frame, len);
	f->n = len;
	return 0;
}

static void l_close(struct link *l, const char *why)
{
	W.closes++;
	snprintf(W.why, sizeof(W.why), "%s", why ? why : "");
	if (W.down_in_close)
		l->upper->down(l, "carrier gone");
}

static const struct link_lower_ops lower = { .send = l_send, .close = l_close };

/* --------------------------------------------------------------- the ops */

static const struct auth_user *o_user_find(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	return auth_users_find(W.users, name, len);
}

static int o_lease(void *ctx, uint32_t link_id, uint32_t want, uint32_t fixed, uint32_t *addr)
{
	(void)ctx;
	CHECK(link_id != 0);
	W.leases++;
	W.want = want;
	W.fixed = fixed;
	if (fixed) {
		*addr = fixed;
		return 0;
	}
	if (W.pool_empty)
		return -1;
	if (want >= POOL_FIRST && want <= POOL_LAST) {
		*addr = want;
		return 0;
	}
	if (want)
		return -1;	/* not allowed: the server asks again for any */
	*addr = POOL_FIRST;
	return 0;
}

static void o_release(void *ctx, uint32_t link_id)
{
	(void)ctx;
	(void)link_id;
	W.releases++;
}

static int o_ip_up(void *ctx, const struct link *l, const struct ppp_ip_info *ip)
{
	(void)ctx;
	CHECK(l == &W.l || l == &W.l2);
	W.ip_ups++;
	W.ip = *ip;
	return W.ip_up_fails ? -5 : 0;
}

static void o_ip_down(void *ctx, const struct link *l)
{
	(void)ctx;
	(void)l;
	W.ip_downs++;
}

static int o_ipv6_up(void *ctx, const struct link *l, const struct ppp_ipv6_info *ip)
{
	(void)ctx;
	CHECK(l == &W.l || l == &W.l2);
	W.ipv6_ups++;
	W.ip6 = *ip;
	return W.ipv6_up_fails ? -5 : 0;
}

static void o_ipv6_down(void *ctx, const struct link *l)
{
	(void)ctx;
	(void)l;
	W.ipv6_downs++;
}

static void o_peer_mru(void *ctx, const struct link *l, uint16_t mru)
{
	(void)ctx;
	CHECK(l == &W.l || l == &W.l2);
	W.peer_mrus++;
	W.peer_mru = mru;
}

static void o_auth_failed(void *ctx, const struct link *l, const char *user)
{
	(void)ctx;
	(void)l;
	(void)user;
	W.auth_fails++;
}

static bool o_allowed(void *ctx, const struct link *l, const char *user)
{
	(void)ctx;
	(void)l;
	(void)user;
	return !W.deny;
}

static uint64_t o_now(void *ctx)
{
	(void)ctx;
	return W.now;
}

static void o_random(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	if (len == 16 && W.have_next_rand) {
		memcpy(buf, W.next_rand, 16);
		W.have_next_rand = false;
		return;
	}
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = (uint8_t)(0x40 + W.rnd++);
}

static void o_log(void *ctx, const struct link *l, int level, const char *msg)
{
	(void)ctx;
	(void)l;
	(void)level;
	if (getenv("PPP_SERVER_LOG"))
		fprintf(stderr, "  log: %s\n", msg);
}

static const struct ppp_server_ops ops = {
	.user_find = o_user_find, .addr_lease = o_lease, .addr_release = o_release,
	.ip_up = o_ip_up, .ip_down = o_ip_down, .auth_failed = o_auth_failed,
	.auth_allowed = o_allowed, .now = o_now, .random = o_random, .log = o_log,
	.ipv6_up = o_ipv6_up, .ipv6_down = o_ipv6_down, .peer_mru = o_peer_mru,
};

static void world_init(unsigned int auth)
{
	struct ppp_server_cfg cfg = { .auth = auth };
	char err[128];

	memset(&W, 0, sizeof(W));
	W.now = 1000;
	cfg.local.s_addr = htonl(LOCAL);
	cfg.dns[0].s_addr = htonl(DNS1);
	cfg.dns[1].s_addr = htonl(DNS2);
	CHECK_EQ(auth_users_parse(users_text, sizeof(users_text) - 1, "users", &W.users, err,
				  sizeof(err)), 0);
	W.ps = ppp_servers_new(&cfg, &ops);
	CHECK(W.ps != NULL);
	W.l.id = 7;
	W.l.lower = &lower;
	W.l2.id = 8;
	W.l2.lower = &lower;
}

/* world_init() with IPV6CP enabled (the lns block's `ipv6 yes`). */
static void world_init_ipv6(unsigned int auth)
{
	struct ppp_server_cfg cfg = { .auth = auth, .ipv6 = true };

	world_init(auth);
	ppp_servers_free(W.ps);
	cfg.local.s_addr = htonl(LOCAL);
	cfg.dns[0].s_addr = htonl(DNS1);
	cfg.dns[1].s_addr = htonl(DNS2);
	W.ps = ppp_servers_new(&cfg, &ops);
	CHECK(W.ps != NULL);
}

static void world_free(void)
{
	ppp_servers_free(W.ps);
	auth_users_free(W.users);
	W.ps = NULL;
	W.users = NULL;
}

/* ------------------------------------------------------------ the client */

static size_t pending(void)
{
	return W.tail - W.head;
}

/* The next frame the server sent: proto and code checked, the packet (after the protocol) returned. */
static const uint8_t *expect(uint16_t proto, uint8_t code, size_t *n)
{
	static struct frame none;
	const struct frame *f;

	if (!pending()) {
		CHECK(!"a frame was expected");
		*n = 0;
		return none.b;
	}
	f = &W.f[W.head++ % MAXF];
	CHECK(f->n >= 2 + PPP_HDR_LEN);
	CHECK_EQ(f->b[0] << 8 | f->b[1], proto);
	CHECK_EQ(f->b[2], code);
	CHECK_EQ((size_t)(f->b[4] << 8 | f->b[5]), f->n - 2);
	*n = f->n - 2;
	return f->b + 2;
}

static void feed_to(struct link *l, uint16_t proto, uint8_t code, uint8_t id, const void *data,
		    size_t n)
{
	uint8_t b[1600];

	b[0] = (uint8_t)(proto >> 8);
	b[1] = (uint8_t)proto;
	b[2] = code;
	b[3] = id;
	b[4] = (uint8_t)((n + 4) >> 8);
	b[5] = (uint8_t)(n + 4);
	if (n)
		memcpy(b + 6, data, n);
	l->upper->input(l, b, n + 6);
}

static void feed(uint16_t proto, uint8_t code, uint8_t id, const void *data, size_t n)
{
	feed_to(&W.l, proto, code, id, data, n);
}

#define FEED(proto, code, id, ...) do {					\
	static const uint8_t _d[] = { __VA_ARGS__ };			\
	feed((proto), (code), (id), _d, sizeof(_d));			\
} while (0)

static const uint8_t client_lcp[] = { 0x01, 0x04, 0x05, 0x78, 0x05, 0x06, 0x11, 0x22, 0x33, 0x44 };
static uint32_t our_magic;

/* The server's LCP Configure-Request: Ack'd; its magic kept. */
static void ack_our_lcp(const uint8_t *want_auth, size_t auth_len)
{
	const uint8_t *p;
	struct ppp_opt o;
	size_t n;

	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	CHECK(ppp_opt_find(p + 4, n - 4, LCP_OPT_MRU, &o) && o.len == 4 &&
	      o.data[0] == 0x05 && o.data[1] == 0x78);
	CHECK(ppp_opt_find(p + 4, n - 4, LCP_OPT_AUTH, &o));
	CHECK_EQ(o.len - 2, auth_len);
	CHECK_MEM(o.data, want_auth, auth_len);
	CHECK(ppp_opt_find(p + 4, n - 4, LCP_OPT_MAGIC, &o) && o.len == 6);
	our_magic = (uint32_t)o.data[0] << 24 | o.data[1] << 16 | o.data[2] << 8 | o.data[3];
	CHECK(our_magic != 0);
	feed(PPP_PROTO_LCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
}

static const uint8_t auth_mschapv2[] = { 0xc2, 0x23, 0x81 };
static const uint8_t auth_md5[] = { 0xc2, 0x23, 0x05 };
static const uint8_t auth_pap[] = { 0xc0, 0x23 };

/* Windows' first request (PFC, ACFC, Callback) rejected, the second Ack'd, ours Ack'd. */
static void lcp_up(void)
{
	static const uint8_t win[] = { 0x01, 0x04, 0x05, 0x78, 0x05, 0x06, 0x11, 0x22, 0x33, 0x44,
				       0x07, 0x02, 0x08, 0x02, 0x0d, 0x03, 0x06 };
	static const uint8_t rej[] = { 0x07, 0x02, 0x08, 0x02, 0x0d, 0x03, 0x06 };
	const uint8_t *p;
	size_t n;

	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	CHECK(W.l.upper && W.l.upper->input && W.l.upper->down && W.l.upper_ctx == W.ps);
	ack_our_lcp(auth_mschapv2, sizeof(auth_mschapv2));
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, win, sizeof(win));
	p = expect(PPP_PROTO_LCP, PPP_CONF_REJ, &n);
	CHECK_EQ(p[1], 1);
	CHECK_EQ(n - 4, sizeof(rej));
	CHECK_MEM(p + 4, rej, sizeof(rej));
	/* Windows' Identification packet: ignored. */
	FEED(PPP_PROTO_LCP, 12, 2, 0x11, 0x22, 0x33, 0x44, 'M', 'S', 'R', 'A', 'S');
	CHECK_EQ(pending(), 0);
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 3, client_lcp, sizeof(client_lcp));
	p = expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
	CHECK_EQ(p[1], 3);
	CHECK_MEM(p + 4, client_lcp, sizeof(client_lcp));
}

/* Same as lcp_up() for another authentication protocol, without Windows' extras. */
static void lcp_up_auth(const uint8_t *auth, size_t auth_len)
{
	size_t n;

	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	ack_our_lcp(auth, auth_len);
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, client_lcp, sizeof(client_lcp));
	expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
}

struct chal {
	uint8_t id;
	uint8_t c[16];
};

static struct chal get_challenge(void)
{
	struct chal c;
	const uint8_t *p;
	size_t n;

	p = expect(PPP_PROTO_CHAP, 1, &n);
	CHECK_EQ(n, 4 + 1 + 16 + 7);
	CHECK_EQ(p[4], 16);
	CHECK_MEM(p + 21, "l2tpsec", 7);
	c.id = p[1];
	memcpy(c.c, p + 5, 16);
	return c;
}

static const uint8_t peer_chal[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A, 0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E,
};

/* An MS-CHAPv2 Response to c from user/password; the expected "S=..." in auth_resp. */
static void mschap_respond(uint8_t id, const uint8_t c[16], const char *user, const char *pw,
			   char auth_resp[MSCHAPV2_AUTH_RESP_LEN + 1])
{
	uint8_t v[1 + 49 + 64], nt_hash[16], nt_resp[24];
	size_t ulen = strlen(user);

	CHECK_EQ(mschapv2_nt_hash(pw, strlen(pw), nt_hash), 0);
	CHECK_EQ(mschapv2_nt_response(c, peer_chal, user, ulen, nt_hash, nt_resp), 0);
	if (auth_resp)
		CHECK_EQ(mschapv2_auth_response(nt_hash, nt_resp, peer_chal, c, user, ulen,
						auth_resp), 0);
	memset(v, 0, sizeof(v));
	v[0] = 49;
	memcpy(v + 1, peer_chal, 16);
	memcpy(v + 1 + 24, nt_resp, 24);
	memcpy(v + 1 + 49, user, ulen);
	feed(PPP_PROTO_CHAP, 2, id, v, 1 + 49 + ulen);
}

/* The server's CHAP Success/Failure message, NUL-terminated. */
static const char *chap_msg(uint8_t code, uint8_t id)
{
	static char s[256];
	const uint8_t *p;
	size_t n;

	p = expect(PPP_PROTO_CHAP, code, &n);
	CHECK_EQ(p[1], id);
	n = n >= 4 ? n - 4 : 0;
	if (n >= sizeof(s))
		n = sizeof(s) - 1;
	memcpy(s, p + 4, n);
	s[n] = '\0';
	return s;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* IPCP: ours Ack'd; Windows' 0.0.0.0 + DNS 0.0.0.0 Nak'd to want_addr; then Ack'd. */
static void ipcp_up(uint32_t want_addr)
{
	uint8_t req[18] = { 3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0 };
	const uint8_t *p;
	size_t n;

	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	CHECK_EQ(n, 4 + 6);
	CHECK_EQ(p[4], 3);
	CHECK_EQ(get32(p + 6), LOCAL);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 5, req, sizeof(req));
	p = expect(PPP_PROTO_IPCP, PPP_CONF_NAK, &n);
	CHECK_EQ(p[1], 5);
	CHECK_EQ(n, 4 + 18);
	CHECK_EQ(get32(p + 6), want_addr);
	CHECK_EQ(p[10], 129);
	CHECK_EQ(get32(p + 12), DNS1);
	CHECK_EQ(p[16], 131);
	CHECK_EQ(get32(p + 18), DNS2);
	CHECK_EQ(W.ip_ups, 0);
	put32(req + 2, want_addr);
	put32(req + 8, DNS1);
	put32(req + 14, DNS2);
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 6, req, sizeof(req));
	p = expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(p[1], 6);
	CHECK_EQ(W.ip_ups, 1);
	CHECK_EQ(ntohl(W.ip.peer.s_addr), want_addr);
	CHECK_EQ(ntohl(W.ip.local.s_addr), LOCAL);
}

/* LCP up, MS-CHAPv2 as alice, IPCP up: a session at 10.0.0.10. */
static void session_up(void)
{
	struct chal c;

	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	CHECK_HAS(chap_msg(3, c.id), "S=");
	ipcp_up(POOL_FIRST);
	CHECK_EQ(pending(), 0);
}

/* The client answers the server's Terminate-Request; the link must close. */
static void terminate_acked(const char *why)
{
	const uint8_t *p;
	size_t n;

	p = expect(PPP_PROTO_LCP, PPP_TERM_REQ, &n);
	CHECK_EQ(W.closes, 0);
	feed(PPP_PROTO_LCP, PPP_TERM_ACK, p[1], NULL, 0);
	CHECK_EQ(W.closes, 1);
	CHECK_STR(W.why, why);
}

static int count_fn(const struct ppp_session_info *si, void *arg)
{
	struct ppp_session_info *out = arg;

	*out = *si;
	return 0;
}

/* ------------------------------------------------------------------ tests */

/* Windows: LCP with its extras, MS-CHAPv2 with the RFC 2759 9.2 vectors, IPCP, down. */
static void test_windows_session(void)
{
	static const uint8_t rfc_chal[16] = {
		0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
		0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
	};
	char want[MSCHAPV2_AUTH_RESP_LEN + 1];
	struct ppp_session_info si;
	struct chal c;
	char *s;

	world_init(0);
	memcpy(W.next_rand, rfc_chal, 16);
	W.have_next_rand = true;
	lcp_up();
	c = get_challenge();
	CHECK_MEM(c.c, rfc_chal, 16);
	CHECK_EQ(ppp_servers_foreach(W.ps, count_fn, &si), 0);
	CHECK_STR(si.phase, "auth");
	/* IPCP before authentication: discarded (RFC 1661 3.5). */
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, 3, 6, 0, 0, 0, 0);
	CHECK_EQ(pending(), 0);
	mschap_respond(c.id, c.c, "User", "clientPass", want);
	CHECK_STR(want, "S=407A5589115FD0D6209F510FE9C04566932CDA56");
	s = (char *)chap_msg(3, c.id);
	CHECK_STR(s, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	ipcp_up(POOL_FIRST);
	CHECK_EQ(W.want, 0);
	CHECK_EQ(W.fixed, 0);
	CHECK_STR(W.ip.user, "User");
	CHECK_EQ(ppp_servers_foreach(W.ps, count_fn, &si), 0);
	CHECK_STR(si.phase, "open");
	CHECK_STR(si.auth, "mschapv2");
	CHECK_STR(si.user, "User");
	CHECK_EQ(si.link_id, 7);
	CHECK_EQ(ntohl(si.peer.s_addr), POOL_FIRST);
	CHECK_EQ(ppp_servers_next_timeout(W.ps), 1000 + 30000);
	/* The carrier goes: everything released, nothing sent. */
	W.l.upper->down(&W.l, "tunnel closed");
	CHECK_EQ(W.ip_downs, 1);
	CHECK_EQ(W.releases, 1);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(W.closes, 0);
	CHECK_EQ(ppp_servers_foreach(W.ps, count_fn, &si), 0);
	CHECK_EQ(ppp_servers_next_timeout(W.ps), UINT64_MAX);
	/* A stale link pointing at the freed instance: ignored. */
	FEED(PPP_PROTO_LCP, PPP_ECHO_REQ, 1, 0, 0, 0, 0);
	CHECK_EQ(pending(), 0);
	world_free();
}

/* The NT hash user, a DOMAIN\ prefix, a retransmitted Response answered again. */
static void test_mschapv2_nthash_domain(void)
{
	uint8_t v[1 + 49 + 32];
	char want[MSCHAPV2_AUTH_RESP_LEN + 1], msg[128];
	struct chal c;

	world_init(0);
	lcp_up();
	c = get_challenge();
	/* "CORP\hashed": the hash is over "hashed"; the password is the RFC's "clientPass". */
	{
		uint8_t nt_hash[16], nt_resp[24];
		const char *full = "CORP\\hashed";

		CHECK_EQ(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
		CHECK_EQ(mschapv2_nt_response(c.c, peer_chal, "hashed", 6, nt_hash, nt_resp), 0);
		CHECK_EQ(mschapv2_auth_response(nt_hash, nt_resp, peer_chal, c.c, "hashed", 6,
						want), 0);
		memset(v, 0, sizeof(v));
		v[0] = 49;
		memcpy(v + 1, peer_chal, 16);
		memcpy(v + 25, nt_resp, 24);
		memcpy(v + 50, full, strlen(full));
		feed(PPP_PROTO_CHAP, 2, c.id, v, 50 + strlen(full));
	}
	snprintf(msg, sizeof(msg), "%s M=Access granted", want);
	CHECK_STR(chap_msg(3, c.id), msg);
	CHECK(pending() == 1);		/* IPCP's request */
	/* The Success was lost: the same Response gets it again. */
	feed(PPP_PROTO_CHAP, 2, c.id, v, 50 + 11);
	{
		size_t n;

		expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	}
	CHECK_STR(chap_msg(3, c.id), msg);
	CHECK_EQ(W.auth_fails, 0);
	world_free();
}

/* Wrong password: E=691 R=1 C=..., the retry on C= with the identifier + 1 succeeds. */
static void test_mschapv2_retry(void)
{
	char want[MSCHAPV2_AUTH_RESP_LEN + 1], hex[33], msg[128];
	uint8_t c2[16];
	const char *s;
	struct chal c;

	world_init(0);
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "wrong", NULL);
	s = chap_msg(4, c.id);
	CHECK(!strncmp(s, "E=691 R=1 C=", 12));
	CHECK_HAS(s, " V=3 M=");
	CHECK_EQ(W.auth_fails, 1);
	memcpy(hex, s + 12, 32);
	hex[32] = '\0';
	CHECK_EQ(test_unhex(hex, c2, sizeof(c2)), 16);
	CHECK(memcmp(c2, c.c, 16) != 0);
	/* The old identifier is not the retry's. */
	mschap_respond(c.id, c2, "alice", "secret", NULL);
	CHECK_EQ(pending(), 0);
	mschap_respond((uint8_t)(c.id + 1), c2, "alice", "secret", want);
	snprintf(msg, sizeof(msg), "%s M=Access granted", want);
	CHECK_STR(chap_msg(3, (uint8_t)(c.id + 1)), msg);
	ipcp_up(POOL_FIRST);
	CHECK_EQ(W.auth_fails, 1);
	world_free();
}

/* auth_tries failures (3): R=0 on the last, Terminate-Request, the link closes. */
static void test_mschapv2_tries_exhausted(void)
{
	struct chal c;
	uint8_t id;
	char hex[33];
	uint8_t cc[16];
	const char *s;

	world_init(0);
	W.down_in_close = true;		/* and the carrier frees the link inside close */
	lcp_up();
	c = get_challenge();
	id = c.id;
	memcpy(cc, c.c, 16);
	for (int i = 0; i < 3; i++) {
		mschap_respond(id, cc, "alice", "nope", NULL);
		s = chap_msg(4, id);
		CHECK(!strncmp(s, i < 2 ? "E=691 R=1 C=" : "E=691 R=0 C=", 12));
		memcpy(hex, s + 12, 32);
		hex[32] = '\0';
		test_unhex(hex, cc, sizeof(cc));
		id++;
	}
	CHECK_EQ(W.auth_fails, 3);
	terminate_acked("authentication failed");
	CHECK_EQ(W.leases, 0);
	CHECK_EQ(W.ip_ups, 0);
	struct ppp_session_info si = { 0 };

	CHECK_EQ(ppp_servers_foreach(W.ps, count_fn, &si), 0);
	CHECK_EQ(si.link_id, 0);	/* the instance is gone */
	world_free();
}

/* Unknown user: the same Failure; rate limited: refused without a check; password change. */
static void test_mschapv2_refusals(void)
{
	struct chal c;
	const char *s;
	uint8_t v[1 + 16 + 16 + 24 + 2 + 8];

	world_init(0);
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "mallory", "secret", NULL);
	CHECK(!strncmp(chap_msg(4, c.id), "E=691 R=1 ", 10));
	CHECK_EQ(W.auth_fails, 1);
	W.deny = true;
	mschap_respond((uint8_t)(c.id + 1), c.c, "alice", "secret", NULL);
	CHECK(!strncmp(chap_msg(4, (uint8_t)(c.id + 1)), "E=691 R=0 ", 10));
	CHECK_EQ(W.auth_fails, 1);
	terminate_acked("authentication not allowed now");
	world_free();

	world_init(0);
	lcp_up();
	c = get_challenge();
	memset(v, 0, sizeof(v));
	feed(PPP_PROTO_CHAP, 7, c.id, v, sizeof(v));
	s = chap_msg(4, c.id);
	CHECK(!strncmp(s, "E=709 R=0 C=", 12));
	CHECK_HAS(s, "V=3 M=");
	terminate_acked("password change refused");
	world_free();
}

/* CHAP-MD5: a wrong answer, a new Challenge, the right one. */
static void test_chap_md5(void)
{
	uint8_t v[1 + 16 + 5], chal_pkt_id;
	struct chal c;

	world_init(PPP_AUTH_CHAP_MD5);
	lcp_up_auth(auth_md5, sizeof(auth_md5));
	c = get_challenge();
	v[0] = 16;
	memset(v + 1, 0, 16);
	memcpy(v + 17, "alice", 5);
	feed(PPP_PROTO_CHAP, 2, c.id, v, sizeof(v));
	CHECK_STR(chap_msg(4, c.id), "Authentication failure");
	CHECK_EQ(W.auth_fails, 1);
	chal_pkt_id = c.id;
	c = get_challenge();
	CHECK_EQ(c.id, (uint8_t)(chal_pkt_id + 1));
	CHECK_EQ(chap_md5_response(c.id, (const uint8_t *)"secret", 6, c.c, 16, v + 1), 0);
	feed(PPP_PROTO_CHAP, 2, c.id, v, sizeof(v));
	CHECK_STR(chap_msg(3, c.id), "Access granted");
	ipcp_up(POOL_FIRST);
	world_free();

	/* An nthash user has no password for CHAP-MD5. */
	world_init(PPP_AUTH_CHAP_MD5);
	lcp_up_auth(auth_md5, sizeof(auth_md5));
	c = get_challenge();
	{
		uint8_t w[1 + 16 + 6] = { 16 };

		memcpy(w + 17, "hashed", 6);
		feed(PPP_PROTO_CHAP, 2, c.id, w, sizeof(w));
	}
	CHECK_STR(chap_msg(4, c.id), "Authentication failure");
	world_free();
}

/* PAP is off by default: a client that Naks for PAP gets a Terminate-Request. */
static void test_pap_off(void)
{
	const uint8_t *p;
	size_t n;

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	FEED(PPP_PROTO_LCP, PPP_CONF_NAK, p[1], 3, 4, 0xc0, 0x23);
	terminate_acked("no authentication protocol in common");
	world_free();
}

/* PAP allowed: the Nak for PAP accepted; a wrong password Nak'd, the right one Ack'd. */
static void test_pap_on(void)
{
	const uint8_t *p;
	size_t n;

	world_init(PPP_AUTH_MSCHAPV2 | PPP_AUTH_PAP);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	FEED(PPP_PROTO_LCP, PPP_CONF_NAK, p[1], 3, 4, 0xc0, 0x23);
	ack_our_lcp(auth_pap, sizeof(auth_pap));
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, client_lcp, sizeof(client_lcp));
	expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
	CHECK_EQ(pending(), 0);		/* PAP: the client speaks first */
	FEED(PPP_PROTO_PAP, 1, 9, 5, 'a', 'l', 'i', 'c', 'e', 6, 's', 'e', 'c', 'r', 'e', 'X');
	p = expect(PPP_PROTO_PAP, 3, &n);
	CHECK_EQ(p[1], 9);
	CHECK_EQ(W.auth_fails, 1);
	/* A prefix of the password is no password. */
	FEED(PPP_PROTO_PAP, 1, 10, 5, 'a', 'l', 'i', 'c', 'e', 5, 's', 'e', 'c', 'r', 'e');
	expect(PPP_PROTO_PAP, 3, &n);
	/* CHAP while PAP was agreed: discarded. */
	FEED(PPP_PROTO_CHAP, 2, 1, 1, 0);
	CHECK_EQ(pending(), 0);
	FEED(PPP_PROTO_PAP, 1, 11, 5, 'a', 'l', 'i', 'c', 'e', 6, 's', 'e', 'c', 'r', 'e', 't');
	p = expect(PPP_PROTO_PAP, 2, &n);
	CHECK_EQ(p[1], 11);
	CHECK_EQ(p[4], 14);
	CHECK_MEM(p + 5, "Access granted", 14);
	ipcp_up(POOL_FIRST);
	CHECK_EQ(W.auth_fails, 2);
	world_free();
}

/* EAP: the client's Nak suggesting it moves us to our next protocol; its own Auth-Protocol is rejected. */
static void test_eap_refused(void)
{
	const uint8_t *p;
	size_t n;

	world_init(PPP_AUTH_MSCHAPV2 | PPP_AUTH_CHAP_MD5);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	FEED(PPP_PROTO_LCP, PPP_CONF_NAK, p[1], 3, 4, 0xc2, 0x27);
	ack_our_lcp(auth_md5, sizeof(auth_md5));
	FEED(PPP_PROTO_LCP, PPP_CONF_REQ, 4, 3, 4, 0xc2, 0x27);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REJ, &n);
	CHECK_EQ(n, 8);
	CHECK_EQ(p[6], 0xc2);
	CHECK_EQ(p[7], 0x27);
	world_free();

	world_init(0);		/* MS-CHAPv2 alone: nothing left after EAP */
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	FEED(PPP_PROTO_LCP, PPP_CONF_NAK, p[1], 3, 4, 0xc2, 0x27);
	terminate_acked("no authentication protocol in common");
	world_free();
}

/* Echo: the client's answered with our magic; ours sent every interval; 4 unanswered close. */
static void test_echo(void)
{
	const uint8_t *p;
	size_t n;

	world_init(0);
	session_up();
	FEED(PPP_PROTO_LCP, PPP_ECHO_REQ, 0x31, 0x11, 0x22, 0x33, 0x44, 'h', 'i');
	p = expect(PPP_PROTO_LCP, PPP_ECHO_REP, &n);
	CHECK_EQ(p[1], 0x31);
	CHECK_EQ(n, 10);
	CHECK_EQ(get32(p + 4), our_magic);
	CHECK_MEM(p + 8, "hi", 2);
	/* Nothing before the interval. */
	W.now += 29999;
	ppp_servers_tick(W.ps, W.now);
	CHECK_EQ(pending(), 0);
	W.now += 1;
	ppp_servers_tick(W.ps, W.now);
	p = expect(PPP_PROTO_LCP, PPP_ECHO_REQ, &n);
	CHECK_EQ(n, 8);
	CHECK_EQ(get32(p + 4), our_magic);
	{
		uint8_t m[4];

		put32(m, 0x11223344);
		feed(PPP_PROTO_LCP, PPP_ECHO_REP, p[1], m, 4);
	}
	CHECK_EQ(ppp_servers_next_timeout(W.ps), W.now + 30000);
	for (int i = 0; i < 4; i++) {
		W.now += 30000;
		ppp_servers_tick(W.ps, W.now);
		expect(PPP_PROTO_LCP, PPP_ECHO_REQ, &n);
		CHECK_EQ(W.closes, 0);
	}
	W.now += 30000;
	ppp_servers_tick(W.ps, W.now);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(W.closes, 1);
	CHECK_STR(W.why, "no answer to LCP Echo-Requests");
	CHECK_EQ(W.ip_downs, 1);
	CHECK_EQ(W.releases, 1);
	/* Closed: nothing more is sent or done until the carrier's down. */
	FEED(PPP_PROTO_LCP, PPP_ECHO_REQ, 0x32, 0x11, 0x22, 0x33, 0x44);
	W.now += 100000;
	ppp_servers_tick(W.ps, W.now);
	CHECK_EQ(pending(), 0);
	W.l.upper->down(&W.l, "closed");
	CHECK_EQ(W.ip_downs, 1);
	CHECK_EQ(W.releases, 1);
	world_free();
}

/* Protocol-Reject of CCP, Apple's 0x8235, IPV6CP and unknown protocols; Code-Reject of unknown codes. */
static void test_proto_reject(void)
{
	static const uint16_t protos[] = { 0x80fd, 0x8235, 0x8057, 0x1235, 0x0057 };
	const uint8_t *p;
	size_t n;

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	FEED(0x80fd, PPP_CONF_REQ, 1, 0x12, 0x06, 0, 0, 0, 1);
	CHECK_EQ(pending(), 0);		/* before LCP Opened: discarded */
	world_free();

	world_init(0);
	session_up();
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		FEED(protos[i], PPP_CONF_REQ, (uint8_t)i, 0x12, 0x06, 0, 0, 0, 1);
		p = expect(PPP_PROTO_LCP, PPP_PROTO_REJ, &n);
		CHECK_EQ(n, 4 + 2 + 10);
		CHECK_EQ(p[4] << 8 | p[5], protos[i]);
		CHECK_EQ(p[6], PPP_CONF_REQ);
		CHECK_EQ(p[7], i);
	}
	/* IPv4 data on the control path: left alone. */
	FEED(PPP_PROTO_IPV4, 0x45, 0, 0, 0);
	CHECK_EQ(pending(), 0);
	/* An LCP code nobody knows. */
	FEED(PPP_PROTO_LCP, 0x20, 7, 1, 2, 3);
	p = expect(PPP_PROTO_LCP, PPP_CODE_REJ, &n);
	CHECK_EQ(p[4], 0x20);
	CHECK_EQ(p[5], 7);
	/* Time-Remaining: ignored. */
	FEED(PPP_PROTO_LCP, 13, 8, 0x11, 0x22, 0x33, 0x44, 0, 0, 0x0e, 0x10);
	CHECK_EQ(pending(), 0);
	/* The client rejects IPCP: the session ends. */
	FEED(PPP_PROTO_LCP, PPP_PROTO_REJ, 9, 0x80, 0x21, 1, 1, 0, 4);
	terminate_acked("the client rejects a protocol the session needs");
	CHECK_EQ(W.ip_downs, 1);
	world_free();
}


static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* The client's MRU reaches ops->peer_mru when LCP opens: as sent, 1500 when absent. */
static void test_peer_mru(void)
{
	static const uint8_t no_mru[] = { 0x05, 0x06, 0x11, 0x22, 0x33, 0x44 };
	size_t n;

	world_init(0);
	lcp_up();
	CHECK_EQ(W.peer_mrus, 1);
	CHECK_EQ(W.peer_mru, 1400);
	world_free();

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	ack_our_lcp(auth_mschapv2, sizeof(auth_mschapv2));
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, no_mru, sizeof(no_mru));
	expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.peer_mrus, 1);
	CHECK_EQ(W.peer_mru, 1500);
	world_free();
}

/* Authenticated with IPV6CP on: IPCP's request, then IPV6CP's; our identifier returned. */
static uint64_t ipv6_auth(uint8_t *ipcp_id)
{
	const uint8_t *p;
	struct chal c;
	uint64_t ours;
	size_t n;

	lcp_up();
	/* IPV6CP before authentication: not answered (RFC 1661 3.5). */
	FEED(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 1, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0);
	c = get_challenge();
	FEED(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 2, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0);
	CHECK_EQ(pending(), 0);
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	CHECK_HAS(chap_msg(3, c.id), "S=");
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	*ipcp_id = p[1];
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REQ, &n);
	CHECK_EQ(n, 4 + 10);
	CHECK_EQ(p[4], 1);
	CHECK_EQ(p[5], 10);
	ours = get64(p + 6);
	CHECK(ours != 0);
	feed(PPP_PROTO_IPV6CP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	CHECK_EQ(pending(), 0);
	return ours;
}

/* IPV6CP (RFC 5072): identifiers negotiated, ipv6_up with both, IPv6 data left to the kernel. */
static void test_ipv6cp(void)
{
	uint8_t req[10] = { 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, ipcp_id;
	const uint8_t *p;
	uint64_t ours, sugg;
	size_t n;

	world_init_ipv6(0);
	ours = ipv6_auth(&ipcp_id);
	/* The client's zero identifier: Nak'd with a non-zero one, not ours. */
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 3, req, sizeof(req));
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_NAK, &n);
	CHECK_EQ(p[1], 3);
	CHECK_EQ(n, 4 + 10);
	sugg = get64(p + 6);
	CHECK(sugg != 0 && sugg != ours);
	/* Ours: Nak'd again. */
	for (int i = 0; i < 8; i++)
		req[2 + i] = (uint8_t)(ours >> (56 - 8 * i));
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 4, req, sizeof(req));
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_NAK, &n);
	CHECK(get64(p + 6) != ours && get64(p + 6) != 0);
	/* Compression: rejected. */
	FEED(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 5, 1, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 0x00, 0x4f);
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REJ, &n);
	CHECK_EQ(n, 4 + 4);
	CHECK_EQ(p[4], 2);
	CHECK_EQ(W.ipv6_ups, 0);
	/* The suggestion: Ack'd, IPV6CP opens with both identifiers. */
	for (int i = 0; i < 8; i++)
		req[2 + i] = (uint8_t)(sugg >> (56 - 8 * i));
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 6, req, sizeof(req));
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
	CHECK_EQ(p[1], 6);
	CHECK_EQ(W.ipv6_ups, 1);
	CHECK_EQ(W.ip6.local_id, ours);
	CHECK_EQ(W.ip6.peer_id, sugg);
	CHECK_STR(W.ip6.user, "alice");
	CHECK_EQ(W.ip_ups, 0);		/* IPCP has not opened yet: independent */
	/* IPv6 data on the control path: left alone, as IPv4. */
	FEED(PPP_PROTO_IPV6, 0x60, 0, 0, 0);
	CHECK_EQ(pending(), 0);
	/* The client closes IPV6CP: Terminate-Ack, ipv6_down, the session goes on. */
	FEED(PPP_PROTO_IPV6CP, PPP_TERM_REQ, 7);
	expect(PPP_PROTO_IPV6CP, PPP_TERM_ACK, &n);
	CHECK_EQ(W.ipv6_downs, 1);
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	while (pending()) {		/* IPCP's retransmissions only */
		p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
		(void)p;
	}
	CHECK_EQ(W.closes, 0);
	/* The session's end: no second ipv6_down. */
	W.l.upper->down(&W.l, "gone");
	CHECK_EQ(W.ipv6_downs, 1);
	world_free();

	/* IPV6CP and IPCP open; the link goes: ipv6_down and ip_down. */
	world_init_ipv6(0);
	ipv6_auth(&ipcp_id);
	FEED(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 3, 1, 10, 0x3c, 0x55, 0x0e, 0x86, 0xb8, 0x1a, 0x7f, 0x23);
	expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ipv6_ups, 1);
	CHECK_EQ(W.ip6.peer_id, 0x3c550e86b81a7f23ull);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, ipcp_id, (const uint8_t[]){ 3, 6, 10, 0, 0, 1 }, 6);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 8, 3, 6, 10, 0, 0, 10);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	W.l.upper->down(&W.l, "gone");
	CHECK_EQ(W.ipv6_downs, 1);
	CHECK_EQ(W.ip_downs, 1);
	world_free();
}

/*
 * IPV6CP driven from the client's side: our Ack lost (the client sends its
 * request again while Opened: IPv6 goes down, we ask again, it comes back
 * up with the same identifiers); our request lost (retransmitted after the
 * restart timer, same identifier); Terminate-Requests crossing (ours after
 * a failed ipv6_up, the client's at the same time): both acknowledged,
 * the session goes on.
 */
static void test_ipv6cp_peer_side(void)
{
	uint8_t req[10] = { 1, 10, 0x3c, 0x55, 0x0e, 0x86, 0xb8, 0x1a, 0x7f, 0x23 }, ipcp_id;
	const uint8_t *p;
	uint64_t ours;
	size_t n;

	world_init_ipv6(0);
	ours = ipv6_auth(&ipcp_id);
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 3, req, sizeof(req));
	expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ipv6_ups, 1);
	/* the client did not get our Ack: its request again */
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 4, req, sizeof(req));
	CHECK_EQ(W.ipv6_downs, 1);
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REQ, &n);
	CHECK_EQ(get64(p + 6), ours);
	{
		uint8_t id = p[1], opts[10];

		memcpy(opts, p + 4, sizeof(opts));
		expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
		feed(PPP_PROTO_IPV6CP, PPP_CONF_ACK, id, opts, sizeof(opts));
	}
	CHECK_EQ(W.ipv6_ups, 2);
	CHECK_EQ(W.ip6.local_id, ours);
	CHECK_EQ(W.ip6.peer_id, 0x3c550e86b81a7f23ull);
	CHECK_EQ(pending(), 0);
	CHECK_EQ(W.closes, 0);
	W.l.upper->down(&W.l, "gone");
	CHECK_EQ(W.ipv6_downs, 2);
	world_free();

	/* our first request lost: the same identifier again after the timer */
	world_init_ipv6(0);
	lcp_up();
	{
		struct chal c = get_challenge();

		mschap_respond(c.id, c.c, "alice", "secret", NULL);
		CHECK_HAS(chap_msg(3, c.id), "S=");
	}
	expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REQ, &n);
	ours = get64(p + 6);
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REQ, &n);
	CHECK_EQ(get64(p + 6), ours);
	world_free();

	/* Terminate-Requests crossing */
	world_init_ipv6(0);
	W.ipv6_up_fails = true;
	ipv6_auth(&ipcp_id);
	feed(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 3, req, sizeof(req));
	expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
	p = expect(PPP_PROTO_IPV6CP, PPP_TERM_REQ, &n);
	{
		uint8_t ours_id = p[1];

		FEED(PPP_PROTO_IPV6CP, PPP_TERM_REQ, 9);
		expect(PPP_PROTO_IPV6CP, PPP_TERM_ACK, &n);
		feed(PPP_PROTO_IPV6CP, PPP_TERM_ACK, ours_id, NULL, 0);
	}
	CHECK_EQ(pending(), 0);
	CHECK_EQ(W.ipv6_downs, 0);
	CHECK_EQ(W.closes, 0);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, ipcp_id, (const uint8_t[]){ 3, 6, 10, 0, 0, 1 }, 6);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 8, 3, 6, 10, 0, 0, 10);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	world_free();
}

/* ipv6_up fails: IPV6CP closes (Terminate-Request), the session goes on. The client
 * Protocol-Rejects IPV6CP (no IPv6 there): it stops quietly, the session goes on. */
static void test_ipv6cp_failures(void)
{
	uint8_t ipcp_id;
	const uint8_t *p;
	size_t n;

	world_init_ipv6(0);
	W.ipv6_up_fails = true;
	ipv6_auth(&ipcp_id);
	FEED(PPP_PROTO_IPV6CP, PPP_CONF_REQ, 3, 1, 10, 1, 2, 3, 4, 5, 6, 7, 8);
	expect(PPP_PROTO_IPV6CP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ipv6_ups, 1);
	p = expect(PPP_PROTO_IPV6CP, PPP_TERM_REQ, &n);
	feed(PPP_PROTO_IPV6CP, PPP_TERM_ACK, p[1], NULL, 0);
	CHECK_EQ(W.ipv6_downs, 0);	/* it never was up */
	CHECK_EQ(W.closes, 0);
	/* IPCP still opens. */
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, ipcp_id, (const uint8_t[]){ 3, 6, 10, 0, 0, 1 }, 6);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 8, 3, 6, 10, 0, 0, 10);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	CHECK_EQ(pending(), 0);
	world_free();

	world_init_ipv6(0);
	lcp_up();
	{
		struct chal c = get_challenge();

		mschap_respond(c.id, c.c, "alice", "secret", NULL);
		CHECK_HAS(chap_msg(3, c.id), "S=");
	}
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	ipcp_id = p[1];
	p = expect(PPP_PROTO_IPV6CP, PPP_CONF_REQ, &n);
	/* pppd without +ipv6: LCP Protocol-Reject of 0x8057 with our request. */
	{
		uint8_t rej[2 + 14];

		rej[0] = 0x80;
		rej[1] = 0x57;
		memcpy(rej + 2, p, n);
		feed(PPP_PROTO_LCP, PPP_PROTO_REJ, 9, rej, 2 + n);
	}
	CHECK_EQ(pending(), 0);
	CHECK_EQ(W.closes, 0);
	/* No IPV6CP retransmission afterwards, only IPCP's; the session lives. */
	for (int i = 0; i < 3; i++) {
		W.now += 3000;
		ppp_servers_tick(W.ps, W.now);
		while (pending())
			expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	}
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, ipcp_id, (const uint8_t[]){ 3, 6, 10, 0, 0, 1 }, 6);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 8, 3, 6, 10, 0, 0, 10);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	CHECK_EQ(W.ipv6_ups, 0);
	CHECK_EQ(W.closes, 0);
	world_free();
}

/* Our magic number comes back: a Nak each time, the link closed on the third; an Echo with it. */
static void test_loop(void)
{
	uint8_t req[6] = { 5, 6 };
	const uint8_t *p;
	size_t n;

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	CHECK(ppp_opt_find(p + 4, n - 4, LCP_OPT_MAGIC, &(struct ppp_opt){ 0 }));
	{
		struct ppp_opt o;

		ppp_opt_find(p + 4, n - 4, LCP_OPT_MAGIC, &o);
		memcpy(req + 2, o.data, 4);
	}
	for (int i = 0; i < 3; i++) {
		feed(PPP_PROTO_LCP, PPP_CONF_REQ, (uint8_t)(20 + i), req, sizeof(req));
		p = expect(PPP_PROTO_LCP, PPP_CONF_NAK, &n);
		CHECK_EQ(n, 4 + 6);
		CHECK_EQ(p[4], 5);
		CHECK(memcmp(p + 6, req + 2, 4) != 0);
		CHECK_EQ(W.closes, i == 2);
	}
	CHECK_STR(W.why, "looped-back link");
	world_free();

	world_init(0);
	session_up();
	{
		uint8_t m[4];

		put32(m, our_magic);
		feed(PPP_PROTO_LCP, PPP_ECHO_REQ, 1, m, 4);
	}
	expect(PPP_PROTO_LCP, PPP_ECHO_REP, &n);
	CHECK_EQ(W.closes, 1);
	CHECK_STR(W.why, "looped-back link");
	world_free();
}

/* IPCP: an address outside the allowance Nak'd; one inside granted; the user's static one. */
static void test_ipcp_addresses(void)
{
	uint8_t req[6] = { 3, 6 };
	const uint8_t *p;
	struct chal c;
	size_t n;

	world_init(0);
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	chap_msg(3, c.id);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	put32(req + 2, 0xc0a80105);	/* 192.168.1.5: not ours to give */
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, req, sizeof(req));
	CHECK_EQ(W.want, 0);		/* asked for any after the refusal */
	CHECK_EQ(W.leases, 2);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_NAK, &n);
	CHECK_EQ(get32(p + 6), POOL_FIRST);
	/* It insists: Nak'd again, no new lease. */
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 2, req, sizeof(req));
	p = expect(PPP_PROTO_IPCP, PPP_CONF_NAK, &n);
	CHECK_EQ(get32(p + 6), POOL_FIRST);
	CHECK_EQ(W.leases, 2);
	world_free();

	world_init(0);
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	chap_msg(3, c.id);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	put32(req + 2, POOL_FIRST + 2);	/* inside the pool: granted as asked */
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, req, sizeof(req));
	CHECK_EQ(W.want, POOL_FIRST + 2);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	CHECK_EQ(ntohl(W.ip.peer.s_addr), POOL_FIRST + 2);
	world_free();

	world_init(0);
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "carol", "pw", NULL);
	chap_msg(3, c.id);
	ipcp_up(0x0a00004d);
	CHECK_EQ(W.fixed, 0x0a00004d);
	world_free();
}

/* No address left: Terminate-Request, the link closes; ip_up failing does the same. */
static void test_ipcp_failures(void)
{
	static const uint8_t req[6] = { 3, 6, 0, 0, 0, 0 };
	const uint8_t *p;
	struct chal c;
	size_t n;

	world_init(0);
	W.pool_empty = true;
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	chap_msg(3, c.id);
	expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, req, sizeof(req));
	terminate_acked("no address available");
	CHECK_EQ(W.ip_ups, 0);
	CHECK_EQ(W.releases, 0);
	world_free();

	world_init(0);
	W.ip_up_fails = true;
	lcp_up();
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	chap_msg(3, c.id);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, 3, 6, 0x0a, 0, 0, 0x0a);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	CHECK_EQ(W.ip_downs, 0);	/* it never came up */
	CHECK_EQ(W.releases, 1);	/* LCP down released the address */
	terminate_acked("ip_up failed");
	world_free();
}

/* The client terminates: Terminate-Ack, then the link closes; IPCP closed by the client too. */
static void test_client_terminates(void)
{
	const uint8_t *p;
	size_t n;

	world_init(0);
	session_up();
	FEED(PPP_PROTO_LCP, PPP_TERM_REQ, 0x44);
	p = expect(PPP_PROTO_LCP, PPP_TERM_ACK, &n);
	CHECK_EQ(p[1], 0x44);
	CHECK_EQ(W.closes, 1);
	CHECK_STR(W.why, "LCP down");
	CHECK_EQ(W.ip_downs, 1);
	CHECK_EQ(W.releases, 1);
	world_free();

	world_init(0);
	session_up();
	FEED(PPP_PROTO_IPCP, PPP_TERM_REQ, 0x45);
	expect(PPP_PROTO_IPCP, PPP_TERM_ACK, &n);
	CHECK_EQ(W.ip_downs, 1);
	/* IPCP Stopping: its timer ends it, then LCP terminates. */
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	terminate_acked("IPCP finished");
	world_free();
}

/* stop_all: a Terminate-Request on every instance; links close on the Ack or the timer. */
static void test_stop_all(void)
{
	size_t n;

	world_init(0);
	session_up();
	CHECK_EQ(ppp_server_attach(W.ps, &W.l2), 0);
	expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	CHECK(W.l2.upper_id != W.l.upper_id);
	ppp_servers_stop_all(W.ps, "shutting down");
	expect(PPP_PROTO_LCP, PPP_TERM_REQ, &n);
	expect(PPP_PROTO_LCP, PPP_TERM_REQ, &n);
	CHECK_EQ(W.ip_downs, 1);
	CHECK_EQ(W.closes, 0);
	{
		struct ppp_session_info si;

		ppp_servers_foreach(W.ps, count_fn, &si);
		CHECK_STR(si.phase, "closing");
	}
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	expect(PPP_PROTO_LCP, PPP_TERM_REQ, &n);
	expect(PPP_PROTO_LCP, PPP_TERM_REQ, &n);
	W.now += 3000;
	ppp_servers_tick(W.ps, W.now);
	CHECK_EQ(W.closes, 2);
	CHECK_STR(W.why, "shutting down");
	CHECK_EQ(W.releases, 1);
	CHECK_EQ(pending(), 0);
	world_free();
	CHECK_EQ(W.ip_downs, 1);
}

/* LCP restart timer: Max-Configure requests without an answer, then the link closes. */
static void test_lcp_timeout(void)
{
	size_t n;

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	for (int i = 0; i < 10; i++) {
		expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
		CHECK_EQ(ppp_servers_next_timeout(W.ps), W.now + 3000);
		W.now += 3000;
		ppp_servers_tick(W.ps, W.now);
	}
	CHECK_EQ(W.closes, 1);
	CHECK_STR(W.why, "LCP finished");
	world_free();

	/* A client that never answers the Challenge: 10 Challenges, then Terminate. */
	world_init(0);
	lcp_up();
	for (int i = 0; i < 10; i++) {
		get_challenge();
		W.now += 3000;
		ppp_servers_tick(W.ps, W.now);
		/* The keepalive runs from LCP Opened on: the client answers it. */
		if (pending() && W.f[W.head % MAXF].b[2] == PPP_ECHO_REQ) {
			const uint8_t *p = expect(PPP_PROTO_LCP, PPP_ECHO_REQ, &n);

			FEED(PPP_PROTO_LCP, PPP_ECHO_REP, p[1], 0x11, 0x22, 0x33, 0x44);
			CHECK_EQ(i, 9);
		}
	}
	terminate_acked("authentication timeout");
	world_free();
}

/* Every truncation and corruption of a session's client frames, in every phase. */
static void test_garbage(void)
{
	static const uint8_t frames[][24] = {
		{ 0xc0, 0x21, 1, 1, 0, 14, 1, 4, 5, 0x78, 5, 6, 1, 2, 3, 4 },
		{ 0xc0, 0x21, 2, 1, 0, 8, 3, 4, 0xc2, 0x27 },
		{ 0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4 },
		{ 0xc0, 0x21, 8, 1, 0, 10, 0x80, 0x21, 1, 1, 0, 4 },
		{ 0xc0, 0x21, 7, 1, 0, 6, 1, 1 },
		{ 0xc2, 0x23, 2, 1, 0, 10, 49, 1, 2, 3, 4, 5 },
		{ 0xc2, 0x23, 7, 1, 0, 5, 1 },
		{ 0xc0, 0x23, 1, 1, 0, 12, 3, 'a', 'b', 'c', 4, 'p', 'a', 's' },
		{ 0x80, 0x21, 1, 1, 0, 16, 3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0 },
		{ 0x80, 0xfd, 1, 1, 0, 4 },
		{ 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4 },
		{ 0x21, 0x45 },
		{ 0xc1 },
	};

	for (int phase = 0; phase < 3; phase++) {
		world_init(PPP_AUTH_MSCHAPV2 | PPP_AUTH_PAP);
		if (phase == 0) {
			CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
		} else if (phase == 1) {
			lcp_up();
		} else {
			session_up();
		}
		for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
			for (size_t cut = 0; cut <= sizeof(frames[0]); cut++) {
				uint8_t *b = malloc(cut ? cut : 1);

				memcpy(b, frames[i], cut);
				if (W.l.upper && W.closes == 0)
					W.l.upper->input(&W.l, cut ? b : NULL, cut);
				free(b);
				W.head = W.tail;
			}
		}
		/* Random frames with real protocol numbers. */
		srand(phase + 1);
		for (int k = 0; k < 2000 && W.closes == 0; k++) {
			static const uint16_t pr[] = { 0xc021, 0xc223, 0xc023, 0x8021, 0x80fd };
			uint8_t b[64];
			size_t len = (size_t)(rand() % 40);

			b[0] = (uint8_t)(pr[k % 5] >> 8);
			b[1] = (uint8_t)pr[k % 5];
			for (size_t j = 2; j < len; j++)
				b[j] = (uint8_t)rand();
			if (len >= 6 && (k & 1)) {
				b[4] = 0;
				b[5] = (uint8_t)(len - 2);
			}
			W.l.upper->input(&W.l, b, len);
			W.head = W.tail;
			W.now += 500;
			ppp_servers_tick(W.ps, W.now);
			W.head = W.tail;
		}
		world_free();
	}
}

static int count_all(const struct ppp_session_info *si, void *arg)
{
	CHECK(si->link_id % 2 == 1);	/* the odd ones are left */
	(*(int *)arg)++;
	return 0;
}

/* Several instances: frames go to the right one, the registry survives removals. */
static void test_registry(void)
{
	struct link links[20];
	size_t n;
	int count = 0;

	world_init(0);
	for (int i = 0; i < 20; i++) {
		memset(&links[i], 0, sizeof(links[i]));
		links[i].id = (uint32_t)(100 + i);
		links[i].lower = &lower;
		CHECK_EQ(ppp_server_attach(W.ps, &links[i]), 0);
		expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	}
	for (int i = 0; i < 20; i += 2)
		links[i].upper->down(&links[i], "gone");
	for (int i = 1; i < 20; i += 2) {
		feed_to(&links[i], PPP_PROTO_LCP, PPP_CONF_REQ, 1, client_lcp, sizeof(client_lcp));
		expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
	}
	for (int i = 0; i < 20; i += 2) {
		feed_to(&links[i], PPP_PROTO_LCP, PPP_CONF_REQ, 1, client_lcp, sizeof(client_lcp));
		CHECK_EQ(pending(), 0);
	}
	CHECK_EQ(ppp_servers_foreach(W.ps, count_all, &count), 0);
	CHECK_EQ(count, 10);
	world_free();
}

/* pppd as a client: ACCM, PFC, ACFC in LCP; VJ compression and NBNS in IPCP. */
static void test_pppd_client(void)
{
	static const uint8_t lcp_req[] = { 0x02, 0x06, 0, 0, 0, 0, 0x05, 0x06, 0xde, 0xad, 0xbe, 0xef,
					   0x07, 0x02, 0x08, 0x02 };
	static const uint8_t lcp_req2[] = { 0x02, 0x06, 0, 0, 0, 0, 0x05, 0x06, 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t ipcp_req[] = { 0x02, 0x06, 0x00, 0x2d, 0x0f, 0x01, 0x03, 0x06, 0, 0, 0, 0,
					    0x82, 0x06, 0, 0, 0, 0 };
	const uint8_t *p;
	struct chal c;
	size_t n;

	world_init(0);
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	/* An Echo-Request before LCP is Opened: not answered. */
	FEED(PPP_PROTO_LCP, PPP_ECHO_REQ, 1, 0xde, 0xad, 0xbe, 0xef);
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, lcp_req, sizeof(lcp_req));
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);	/* ours, sent on attach */
	{
		uint8_t ours[64];
		size_t on = n - 4;
		uint8_t oid = p[1];

		memcpy(ours, p + 4, on);
		p = expect(PPP_PROTO_LCP, PPP_CONF_REJ, &n);
		CHECK_EQ(n, 8);
		CHECK_EQ(p[4], 7);
		CHECK_EQ(p[6], 8);
		feed(PPP_PROTO_LCP, PPP_CONF_REQ, 2, lcp_req2, sizeof(lcp_req2));
		expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
		feed(PPP_PROTO_LCP, PPP_CONF_ACK, oid, ours, on);
	}
	c = get_challenge();
	mschap_respond(c.id, c.c, "alice", "secret", NULL);
	chap_msg(3, c.id);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	feed(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, ipcp_req, sizeof(ipcp_req));
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REJ, &n);
	CHECK_EQ(n, 4 + 6 + 6);		/* VJ, and NBNS (none configured) */
	CHECK_EQ(p[4], 2);
	CHECK_EQ(p[10], 0x82);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 2, 3, 6, 0, 0, 0, 0);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_NAK, &n);
	CHECK_EQ(get32(p + 6), POOL_FIRST);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 3, 3, 6, 0x0a, 0, 0, 0x0a);
	expect(PPP_PROTO_IPCP, PPP_CONF_ACK, &n);
	CHECK_EQ(W.ip_ups, 1);
	world_free();
}

/* The configuration: our MRU, NBNS servers, a client's small MRU. */
static void test_config(void)
{
	struct ppp_server_cfg cfg = { .mru = 1300, .echo_interval_ms = 10000, .echo_failures = 1 };
	static const uint8_t small_mru[] = { 0x01, 0x04, 0x01, 0x00 };
	char err[128];
	const uint8_t *p;
	struct ppp_opt o;
	size_t n;

	memset(&W, 0, sizeof(W));
	W.now = 1000;
	cfg.local.s_addr = htonl(LOCAL);
	cfg.nbns[0].s_addr = htonl(0x0a000002);
	CHECK_EQ(auth_users_parse(users_text, sizeof(users_text) - 1, "users", &W.users, err,
				  sizeof(err)), 0);
	W.ps = ppp_servers_new(&cfg, &ops);
	W.l.id = 7;
	W.l.lower = &lower;
	CHECK_EQ(ppp_server_attach(W.ps, &W.l), 0);
	p = expect(PPP_PROTO_LCP, PPP_CONF_REQ, &n);
	CHECK(ppp_opt_find(p + 4, n - 4, LCP_OPT_MRU, &o) && o.data[0] == 0x05 && o.data[1] == 0x14);
	feed(PPP_PROTO_LCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 1, small_mru, sizeof(small_mru));
	p = expect(PPP_PROTO_LCP, PPP_CONF_NAK, &n);
	CHECK_EQ(p[4], 1);
	CHECK_EQ(p[6] << 8 | p[7], 576);
	feed(PPP_PROTO_LCP, PPP_CONF_REQ, 2, client_lcp, sizeof(client_lcp));
	expect(PPP_PROTO_LCP, PPP_CONF_ACK, &n);
	{
		struct chal c = get_challenge();

		mschap_respond(c.id, c.c, "alice", "secret", NULL);
		chap_msg(3, c.id);
	}
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REQ, &n);
	feed(PPP_PROTO_IPCP, PPP_CONF_ACK, p[1], p + 4, n - 4);
	/* DNS not configured: rejected; NBNS configured: Nak'd to it. */
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 1, 3, 6, 0x0a, 0, 0, 0x0a, 129, 6, 0, 0, 0, 0,
	     130, 6, 0, 0, 0, 0);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_REJ, &n);
	CHECK_EQ(n, 10);
	CHECK_EQ(p[4], 129);
	FEED(PPP_PROTO_IPCP, PPP_CONF_REQ, 2, 3, 6, 0x0a, 0, 0, 0x0a, 130, 6, 0, 0, 0, 0);
	p = expect(PPP_PROTO_IPCP, PPP_CONF_NAK, &n);
	CHECK_EQ(n, 10);
	CHECK_EQ(p[4], 130);
	CHECK_EQ(get32(p + 6), 0x0a000002);
	/* One unanswered echo is enough here: the second interval closes. */
	W.now += 10000;
	ppp_servers_tick(W.ps, W.now);
	expect(PPP_PROTO_LCP, PPP_ECHO_REQ, &n);
	W.now += 10000;
	ppp_servers_tick(W.ps, W.now);
	CHECK_EQ(W.closes, 1);
	world_free();
}

const struct test_case ppp_server_tests[] = {
	T(test_windows_session),
	T(test_mschapv2_nthash_domain),
	T(test_mschapv2_retry),
	T(test_mschapv2_tries_exhausted),
	T(test_mschapv2_refusals),
	T(test_chap_md5),
	T(test_pap_off),
	T(test_pap_on),
	T(test_eap_refused),
	T(test_echo),
	T(test_proto_reject),
	T(test_peer_mru),
	T(test_ipv6cp),
	T(test_ipv6cp_failures),
	T(test_ipv6cp_peer_side),
	T(test_loop),
	T(test_ipcp_addresses),
	T(test_ipcp_failures),
	T(test_client_terminates),
	T(test_stop_all),
	T(test_lcp_timeout),
	T(test_garbage),
	T(test_registry),
	T(test_pppd_client),
	T(test_config),
	T_END,
};
