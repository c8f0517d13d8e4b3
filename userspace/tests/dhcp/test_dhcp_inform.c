// SPDX-License-Identifier: GPL-2.0
/*
 * dhcp/dhcp_inform.c: a Windows 10 DHCPINFORM answered byte for byte,
 * every truncation refused, what is not a DHCPINFORM from the client
 * refused, option 55's order and absence, the reply buffer's size, many
 * routes split over several options (RFC 3396), the route parser.
 *
 * With DHCP_SEED_DIR set, the requests are also written there: that is
 * how fuzz/corpus/dhcp/ was made:
 *   DHCP_SEED_DIR=fuzz/corpus/dhcp ./tests/run-tests dhcp
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "dhcp_inform.h"
#include "test.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define CLIENT		IP(10, 8, 0, 10)
#define MAXMSG		4096

static void seed(const char *name, const uint8_t *p, size_t len)
{
	const char *dir = getenv("DHCP_SEED_DIR");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(fwrite(p, 1, len, f), len);
		fclose(f);
	}
}

/* The request being built, byte by byte. */
struct msg {
	uint8_t b[MAXMSG];
	size_t len;
};

static void add(struct msg *m, const void *p, size_t n)
{
	if (n)
		memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void add8(struct msg *m, uint8_t v)
{
	add(m, &v, 1);
}

static void add32(struct msg *m, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	add(m, b, 4);
}

static const uint8_t win_mac[6] = { 0x00, 0x15, 0x5d, 0x2a, 0x7c, 0x01 };
static const uint8_t win_prl[] = { 1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43, 252 };

/* The fixed header and cookie of a request: op, htype 1, hlen 6, ciaddr. */
static void header(struct msg *m, uint8_t op, uint32_t ciaddr)
{
	m->len = 0;
	add8(m, op);
	add8(m, 1);		/* htype: Ethernet */
	add8(m, 6);		/* hlen */
	add8(m, 0);		/* hops */
	add32(m, 0x3903f326);	/* xid */
	add8(m, 0);		/* secs */
	add8(m, 0);
	add8(m, 0);		/* flags: unicast */
	add8(m, 0);
	add32(m, ciaddr);
	add32(m, 0);		/* yiaddr */
	add32(m, 0);		/* siaddr */
	add32(m, 0);		/* giaddr */
	add(m, win_mac, 6);	/* chaddr, then 10 bytes of zero */
	memset(m->b + m->len, 0, 10 + 64 + 128);	/* chaddr's rest, sname, file */
	m->len += 10 + 64 + 128;
	add8(m, 99);		/* magic cookie */
	add8(m, 130);
	add8(m, 83);
	add8(m, 99);
}

/*
 * A DHCPINFORM as Windows 10's built-in L2TP/IPsec client sends it over
 * the PPP link after IPCP: BOOTREQUEST, htype 1, hlen 6, ciaddr the
 * address IPCP gave it, the broadcast flag clear, then
 *   53 DHCP message type, 1 byte: 8 (DHCPINFORM)
 *   61 client identifier: hardware type 1 and the adapter's address
 *   12 host name "DESKTOP-7T3K2QF"
 *   60 vendor class identifier "MSFT 5.0"
 *   55 parameter request list: 1 subnet mask, 15 domain name, 3 router,
 *      6 DNS, 44 NetBIOS name server, 46 NetBIOS node type, 47 NetBIOS
 *      scope, 31 router discovery, 33 static routes, 121 classless static
 *      routes, 249 Microsoft classless static routes, 43 vendor specific,
 *      252 WPAD
 *   255 end
 * (the option list of Windows 10's DHCPINFORM; the host name, xid and
 * adapter address are made up).
 */
static void windows_inform(struct msg *m)
{
	static const char host[] = "DESKTOP-7T3K2QF";
	static const char vendor[] = "MSFT 5.0";

	header(m, 1, CLIENT);
	add8(m, 53);
	add8(m, 1);
	add8(m, 8);
	add8(m, 61);
	add8(m, 7);
	add8(m, 1);
	add(m, win_mac, 6);
	add8(m, 12);
	add8(m, sizeof(host) - 1);
	add(m, host, sizeof(host) - 1);
	add8(m, 60);
	add8(m, sizeof(vendor) - 1);
	add(m, vendor, sizeof(vendor) - 1);
	add8(m, 55);
	add8(m, sizeof(win_prl));
	add(m, win_prl, sizeof(win_prl));
	add8(m, 255);
}

/* A DHCPINFORM with only option 53 (and these extra option bytes before the end). */
static void bare_inform(struct msg *m, const uint8_t *extra, size_t n)
{
	header(m, 1, CLIENT);
	add8(m, 53);
	add8(m, 1);
	add8(m, 8);
	add(m, extra, n);
	add8(m, 255);
}

static const struct dhcp_route routes4[] = {
	{ IP(10, 0, 0, 0), 8, 0 },
	{ IP(192, 168, 10, 0), 24, 0 },
	{ IP(172, 16, 5, 0), 25, 0 },
	{ IP(192, 168, 20, 0), 24, IP(10, 8, 0, 254) },
};

static void cfg_init(struct dhcp_inform_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->server.s_addr = htonl(IP(10, 8, 0, 1));
	c->dns[0].s_addr = htonl(IP(10, 0, 0, 53));
	c->dns[1].s_addr = htonl(IP(10, 0, 0, 54));
	c->domain = "corp.example";
	c->routes = routes4;
	c->n_routes = 4;
}

/* The options that follow 53 and 54 in the answer to the Windows request. */
static const char win_answer_opts[] =
	"35 01 05"				/* 53: DHCPACK */
	"36 04 0a 08 00 01"			/* 54: server 10.8.0.1 */
	"0f 0c 636f72702e6578616d706c65"	/* 15: corp.example */
	"06 08 0a 00 00 35 0a 00 00 36"		/* 6: 10.0.0.53 10.0.0.54 */
	"79 1f"					/* 121, 31 bytes: */
	"  08 0a 0a080001"			/*   10.0.0.0/8 via 10.8.0.1 */
	"  18 c0a80a 0a080001"			/*   192.168.10.0/24 */
	"  19 ac100500 0a080001"		/*   172.16.5.0/25 */
	"  18 c0a814 0a0800fe"			/*   192.168.20.0/24 via 10.8.0.254 */
	"f9 1f"					/* 249: the same */
	"  08 0a 0a080001 18 c0a80a 0a080001 19 ac100500 0a080001 18 c0a814 0a0800fe"
	"ff";

static int answer(const uint8_t *req, size_t len, uint32_t peer, const struct dhcp_inform_cfg *c,
		  uint8_t *out, size_t cap, size_t *out_len, const char **why)
{
	uint8_t *copy = malloc(len ? len : 1);	/* exact size: ASan sees overreads */
	int rc;

	memcpy(copy, req, len);
	*why = NULL;
	rc = dhcp_inform_answer(copy, len, peer, c, out, cap, out_len, why);
	free(copy);
	if (rc)
		CHECK(*why != NULL);
	return rc;
}

/* The header of an answer to a request m built by header(). */
static void check_reply_header(const uint8_t *r, const struct msg *m)
{
	static const uint8_t zero[4 + 4 + 64 + 128];

	CHECK_EQ(r[0], 2);
	CHECK_EQ(r[1], m->b[1]);
	CHECK_EQ(r[2], m->b[2]);
	CHECK_EQ(r[3], 0);			/* hops */
	CHECK_MEM(r + 4, m->b + 4, 4);		/* xid */
	CHECK_MEM(r + 8, zero, 2);		/* secs */
	CHECK_MEM(r + 10, m->b + 10, 2);	/* flags */
	CHECK_MEM(r + 12, m->b + 12, 4);	/* ciaddr */
	CHECK_MEM(r + 16, zero, 8);		/* yiaddr, siaddr */
	CHECK_MEM(r + 24, m->b + 24, 4);	/* giaddr */
	CHECK_MEM(r + 28, m->b + 28, 16);	/* chaddr */
	CHECK_MEM(r + 44, zero, 64 + 128);	/* sname, file */
	CHECK_EQ(r[236], 99);
	CHECK_EQ(r[237], 130);
	CHECK_EQ(r[238], 83);
	CHECK_EQ(r[239], 99);
}

static void test_windows_inform(void)
{
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t out[1500], want[256];
	long n = test_unhex(win_answer_opts, want, sizeof(want));
	size_t len = 0;
	const char *why;

	cfg_init(&c);
	windows_inform(&m);
	seed("windows10-inform", m.b, m.len);
	CHECK_EQ(m.len, 240 + 3 + 9 + 17 + 10 + 15 + 1);
	CHECK_EQ(n, 100);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(len, 240 + (size_t)n);
	check_reply_header(out, &m);
	if (len == 240 + (size_t)n)
		CHECK_MEM(out + 240, want, (size_t)n);
	/* the same with any client address allowed */
	CHECK_EQ(answer(m.b, m.len, 0, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(len, 340);
	/* the broadcast flag, giaddr and a 16-byte chaddr are copied */
	m.b[10] = 0x80;
	m.b[27] = 7;
	m.b[1] = 6;
	m.b[2] = 16;
	memset(m.b + 28, 0xab, 16);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	check_reply_header(out, &m);
	CHECK_EQ(out[10], 0x80);
}

static void test_truncations(void)
{
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t out[1500], full[1500];
	size_t len = 0, full_len = 0;
	const char *why;

	cfg_init(&c);
	windows_inform(&m);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, full, sizeof(full), &full_len, &why), 0);
	for (size_t cut = 0; cut < m.len; cut++) {
		int rc = answer(m.b, cut, CLIENT, &c, out, sizeof(out), &len, &why);

		if (rc != -1)
			fprintf(stderr, "  accepted %zu of %zu bytes\n", cut, m.len);
		CHECK_EQ(rc, -1);
	}
	why = NULL;
	answer(m.b, 100, CLIENT, &c, out, sizeof(out), &len, &why);
	CHECK_STR(why, "truncated BOOTP header");
	answer(m.b, m.len - 1, CLIENT, &c, out, sizeof(out), &len, &why);
	CHECK_STR(why, "truncated options (no end option)");
	answer(m.b, m.len - 2, CLIENT, &c, out, sizeof(out), &len, &why);
	CHECK_STR(why, "option longer than the message");
	/* padding after the end option (to BOOTP's 300 bytes) changes nothing */
	memset(m.b + m.len, 0, 300 - m.len);
	CHECK_EQ(answer(m.b, 300, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(len, full_len);
	CHECK_MEM(out, full, full_len);
	/* so do pad options between options */
	bare_inform(&m, (const uint8_t[]){ 0, 0, 55, 1, 6, 0 }, 6);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(out[240 + 9], 6);
}

static void expect_refused(const struct msg *m, uint32_t peer, const char *msg)
{
	struct dhcp_inform_cfg c;
	uint8_t out[1500];
	size_t len = 12345;
	const char *why;

	cfg_init(&c);
	CHECK_EQ(answer(m->b, m->len, peer, &c, out, sizeof(out), &len, &why), -1);
	CHECK_STR(why, msg);
	CHECK_EQ(len, 12345);
}

static void test_refused(void)
{
	struct msg m;

	windows_inform(&m);
	m.b[0] = 2;
	expect_refused(&m, CLIENT, "not a BOOTREQUEST");
	windows_inform(&m);
	m.b[0] = 0;
	expect_refused(&m, CLIENT, "not a BOOTREQUEST");
	windows_inform(&m);
	m.b[242] = 3;			/* DHCPREQUEST */
	expect_refused(&m, CLIENT, "not a DHCPINFORM");
	m.b[242] = 1;			/* DHCPDISCOVER */
	expect_refused(&m, CLIENT, "not a DHCPINFORM");
	m.b[242] = 5;			/* an ACK sent to port 67 */
	expect_refused(&m, CLIENT, "not a DHCPINFORM");
	windows_inform(&m);
	m.b[239] = 98;
	expect_refused(&m, CLIENT, "bad magic cookie (not DHCP)");
	windows_inform(&m);
	expect_refused(&m, CLIENT + 1, "ciaddr is not the client's address");
	header(&m, 1, 0);
	add(&m, (const uint8_t[]){ 53, 1, 8, 255 }, 4);
	expect_refused(&m, CLIENT, "ciaddr 0 in a DHCPINFORM");
	expect_refused(&m, 0, "ciaddr 0 in a DHCPINFORM");
	windows_inform(&m);
	m.b[2] = 17;
	expect_refused(&m, CLIENT, "bad hardware address length");
	m.b[2] = 7;
	expect_refused(&m, CLIENT, "bad hardware address length");
	m.b[2] = 255;
	m.b[1] = 32;
	expect_refused(&m, CLIENT, "bad hardware address length");
	/* BOOTP: no option 53 */
	header(&m, 1, CLIENT);
	add8(&m, 255);
	expect_refused(&m, CLIENT, "no message type (BOOTP)");
	bare_inform(&m, (const uint8_t[]){ 53, 1, 8 }, 3);
	expect_refused(&m, CLIENT, "message type option twice");
	header(&m, 1, CLIENT);
	add(&m, (const uint8_t[]){ 53, 2, 8, 0, 255 }, 5);
	expect_refused(&m, CLIENT, "bad message type option length");
	bare_inform(&m, (const uint8_t[]){ 52, 1, 3 }, 3);
	expect_refused(&m, CLIENT, "option overload (52) not supported");
	/* an option length that runs past the end, by one */
	header(&m, 1, CLIENT);
	add(&m, (const uint8_t[]){ 53, 1, 8, 12, 3, 'a', 'b' }, 7);
	expect_refused(&m, CLIENT, "option longer than the message");
	/* a code without its length byte at the very end */
	header(&m, 1, CLIENT);
	add(&m, (const uint8_t[]){ 53, 1, 8, 12 }, 4);
	expect_refused(&m, CLIENT, "truncated option");
}

static void test_bad_cfg(void)
{
	static const struct dhcp_route bad_route = { IP(10, 0, 0, 0), 33, 0 };
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t out[1500];
	size_t len;
	const char *why;
	char long_domain[300];

	windows_inform(&m);
	cfg_init(&c);
	c.server.s_addr = 0;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), -1);
	CHECK_STR(why, "no server address");
	cfg_init(&c);
	c.routes = &bad_route;
	c.n_routes = 1;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), -1);
	CHECK_STR(why, "route prefix longer than 32");
	cfg_init(&c);
	memset(long_domain, 'a', sizeof(long_domain) - 1);
	long_domain[sizeof(long_domain) - 1] = '\0';
	c.domain = long_domain;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), -1);
	CHECK_STR(why, "domain name longer than 255 bytes");
	why = NULL;
	CHECK_EQ(dhcp_inform_answer(NULL, 0, 0, &c, out, sizeof(out), &len, &why), -1);
	CHECK(why != NULL);
}

static void test_no_prl(void)
{
	static const char opts[] =
		"35 01 05 36 04 0a080001"
		"79 1f 080a0a080001 18c0a80a0a080001 19ac1005000a080001 18c0a8140a0800fe"
		"f9 1f 080a0a080001 18c0a80a0a080001 19ac1005000a080001 18c0a8140a0800fe"
		"06 08 0a000035 0a000036"
		"0f 0c 636f72702e6578616d706c65"
		"ff";
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t out[1500], want[256];
	long n = test_unhex(opts, want, sizeof(want));
	size_t len = 0;
	const char *why;

	cfg_init(&c);
	bare_inform(&m, NULL, 0);
	seed("bare-inform", m.b, m.len);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(len, 240 + (size_t)n);
	check_reply_header(out, &m);
	if (len == 240 + (size_t)n)
		CHECK_MEM(out + 240, want, (size_t)n);

	/* nothing configured: 53 and 54 only, zero-padded to 300 bytes */
	c.routes = NULL;
	c.n_routes = 0;
	c.dns[0].s_addr = c.dns[1].s_addr = 0;
	c.domain = "";
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_EQ(len, 300);
	n = test_unhex("35 01 05 36 04 0a080001 ff", want, sizeof(want));
	CHECK_MEM(out + 240, want, (size_t)n);
	for (size_t i = 240 + (size_t)n; i < 300; i++)
		CHECK_EQ(out[i], 0);
	/* one DNS server, the second slot */
	c.dns[1].s_addr = htonl(IP(10, 0, 0, 54));
	c.domain = NULL;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = test_unhex("35 01 05 36 04 0a080001 06 04 0a000036 ff", want, sizeof(want));
	CHECK_MEM(out + 240, want, (size_t)n);
}

static void test_prl_order(void)
{
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t out[1500], want[256];
	size_t len = 0;
	long n;
	const char *why;

	cfg_init(&c);
	/* 55 twice (concatenated, RFC 3396), 6 asked twice: 249, 6, 121 */
	bare_inform(&m, (const uint8_t[]){ 55, 2, 249, 6, 12, 1, 'x', 55, 3, 6, 121, 6 }, 12);
	seed("prl-split", m.b, m.len);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = test_unhex("35 01 05 36 04 0a080001"
		       "f9 1f 080a0a080001 18c0a80a0a080001 19ac1005000a080001 18c0a8140a0800fe"
		       "06 08 0a000035 0a000036"
		       "79 1f 080a0a080001 18c0a80a0a080001 19ac1005000a080001 18c0a8140a0800fe"
		       "ff", want, sizeof(want));
	CHECK_EQ(len, 240 + (size_t)n);
	CHECK_MEM(out + 240, want, (size_t)n);
	/* asking only for what we do not serve (router, netmask): 53, 54 */
	bare_inform(&m, (const uint8_t[]){ 55, 2, 3, 1 }, 4);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = test_unhex("35 01 05 36 04 0a080001 ff", want, sizeof(want));
	CHECK_EQ(len, 300);
	CHECK_MEM(out + 240, want, (size_t)n);
	/* an empty option 55 is a list that asks for nothing */
	bare_inform(&m, (const uint8_t[]){ 55, 0 }, 2);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	CHECK_MEM(out + 240, want, (size_t)n);
}

static void test_out_too_small(void)
{
	struct dhcp_inform_cfg c;
	struct msg m;
	uint8_t *out;
	size_t len = 0;
	const char *why;

	cfg_init(&c);
	windows_inform(&m);
	/* exact-size heap buffers: ASan sees any write past cap */
	for (size_t cap = 0; cap <= 340; cap++) {
		int rc;

		out = malloc(cap ? cap : 1);
		rc = answer(m.b, m.len, CLIENT, &c, out, cap, &len, &why);
		if (cap < 340) {
			CHECK_EQ(rc, -1);
			if (rc == -1)
				CHECK_STR(why, "reply buffer too small");
		} else {
			CHECK_EQ(rc, 0);
			CHECK_EQ(len, 340);
		}
		free(out);
	}
	/* a short reply is padded to 300 bytes: 299 is too small */
	bare_inform(&m, (const uint8_t[]){ 55, 1, 6 }, 3);
	out = malloc(300);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, 299, &len, &why), -1);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, 300, &len, &why), 0);
	CHECK_EQ(len, 300);
	free(out);
}

/* The concatenated value of every option code in r's options, and how many pieces. */
static size_t gather(const uint8_t *r, size_t len, uint8_t code, uint8_t *v, size_t *pieces)
{
	size_t n = 0, i = 240;

	*pieces = 0;
	while (i < len && r[i] != 255) {
		if (r[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + r[i + 1] > len)
			return 0;
		if (r[i] == code) {
			memcpy(v + n, r + i + 2, r[i + 1]);
			n += r[i + 1];
			(*pieces)++;
			CHECK(r[i + 1] > 0);
		}
		i += 2 + (size_t)r[i + 1];
	}
	CHECK(i < len);
	return n;
}

/* RFC 3442 decoding of v[0..n) must give back routes (gw 0: server). */
static void check_decode(const uint8_t *v, size_t n, const struct dhcp_route *routes, size_t count,
			 uint32_t server)
{
	size_t i = 0, k = 0;

	while (i < n && k < count) {
		uint8_t p = v[i++];
		size_t sig = (p + 7u) / 8;
		uint32_t dst = 0, gw = 0;

		CHECK(p <= 32);
		if (p > 32 || n - i < sig + 4)
			break;
		for (size_t j = 0; j < sig; j++)
			dst |= (uint32_t)v[i++] << (24 - 8 * j);
		for (size_t j = 0; j < 4; j++)
			gw = gw << 8 | v[i++];
		CHECK_EQ(p, routes[k].prefix);
		CHECK_EQ(dst, routes[k].dst);
		CHECK_EQ(gw, routes[k].gw ? routes[k].gw : server);
		k++;
	}
	CHECK_EQ(i, n);
	CHECK_EQ(k, count);
}

static void test_many_routes(void)
{
	static struct dhcp_route many[100];
	static uint8_t out[4096], v[2048];
	struct dhcp_inform_cfg c;
	struct msg m;
	size_t len = 0, n, pieces;
	const char *why;

	for (size_t i = 0; i < 100; i++) {
		many[i].dst = IP(10, 20, i, 7);
		many[i].prefix = 32;
		many[i].gw = i % 3 ? 0 : IP(10, 8, 0, 200 + i % 50);
	}
	cfg_init(&c);
	c.routes = many;
	c.n_routes = 100;
	windows_inform(&m);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	/* 900 bytes of routes per option: pieces of 255, 255, 255, 135 */
	for (int code = 121; code <= 249; code += 128) {
		n = gather(out, len, (uint8_t)code, v, &pieces);
		CHECK_EQ(n, 900);
		CHECK_EQ(pieces, 4);
		check_decode(v, n, many, 100, IP(10, 8, 0, 1));
	}
	CHECK_EQ(len, 240 + 3 + 6 + 14 + 10 + 2 * (900 + 8) + 1);
	/* pieces follow each other: 121's four, then 249's */
	CHECK_EQ(out[240 + 33], 121);
	CHECK_EQ(out[240 + 34], 255);
	CHECK_EQ(out[240 + 33 + 257], 121);
	CHECK_EQ(out[240 + 33 + 3 * 257], 121);
	CHECK_EQ(out[240 + 33 + 3 * 257 + 1], 135);
	CHECK_EQ(out[240 + 33 + 908], 249);
	/* one byte short anywhere: refused, never written past */
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, len - 1, &len, &why), -1);
	CHECK_STR(why, "reply buffer too small");

	/* exactly 255 bytes is one option, 256 two (255 + 1) */
	for (size_t i = 0; i < 40; i++) {
		many[i].dst = IP(10, (i >> 2), (i & 3) << 6, 0);
		many[i].prefix = 18;	/* 1 + 3 + 4 = 8 bytes each */
		many[i].gw = 0;
	}
	many[31].dst = IP(192, 168, 0, 0);
	many[31].prefix = 16;		/* 7 bytes: 31 * 8 + 7 = 255 */
	c.n_routes = 32;
	bare_inform(&m, (const uint8_t[]){ 55, 1, 121 }, 3);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = gather(out, len, 121, v, &pieces);
	CHECK_EQ(n, 255);
	CHECK_EQ(pieces, 1);
	check_decode(v, n, many, 32, IP(10, 8, 0, 1));
	many[31].prefix = 17;		/* 8 bytes: 256 */
	many[31].dst = IP(192, 168, 128, 0);
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = gather(out, len, 121, v, &pieces);
	CHECK_EQ(n, 256);
	CHECK_EQ(pieces, 2);
	check_decode(v, n, many, 32, IP(10, 8, 0, 1));
	CHECK_EQ(out[240 + 9 + 2 + 255], 121);
	CHECK_EQ(out[240 + 9 + 2 + 255 + 1], 1);

	/* the default route (prefix 0) is one byte and the router */
	many[0].dst = 0;
	many[0].prefix = 0;
	c.n_routes = 1;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = gather(out, len, 121, v, &pieces);
	CHECK_EQ(n, 5);
	CHECK_MEM(v, ((const uint8_t[]){ 0, 10, 8, 0, 1 }), 5);
	/* host bits in a configured route are not sent (the parser refuses them) */
	many[0].dst = IP(10, 1, 2, 3);
	many[0].prefix = 12;
	CHECK_EQ(answer(m.b, m.len, CLIENT, &c, out, sizeof(out), &len, &why), 0);
	n = gather(out, len, 121, v, &pieces);
	CHECK_EQ(n, 7);
	CHECK_MEM(v, ((const uint8_t[]){ 12, 10, 0, 10, 8, 0, 1 }), 7);
}

static void test_route_parse(void)
{
	static const struct { const char *s; uint32_t dst; uint8_t prefix; uint32_t gw; } ok[] = {
		{ "10.1.0.0/16", IP(10, 1, 0, 0), 16, 0 },
		{ "10.1.0.0/16 via 10.8.0.1", IP(10, 1, 0, 0), 16, IP(10, 8, 0, 1) },
		{ "  172.16.5.0/25\tvia  10.8.0.254 ", IP(172, 16, 5, 0), 25, IP(10, 8, 0, 254) },
		{ "0.0.0.0/0", 0, 0, 0 },
		{ "192.168.1.7/32", IP(192, 168, 1, 7), 32, 0 },
		{ "10.0.0.0/8", IP(10, 0, 0, 0), 8, 0 },
	};
	static const char *const bad[] = {
		"", "   ", "10.1.0.0", "10.1.0.0/", "10.1.0.0/33", "10.1.0.1/16", "10.1.0.0/016",
		"10.1.0.0/x", "10.1.0.0/16x", "10.1.0.0/-1", "10.1.0.0/100", "10.1/16",
		"256.1.0.0/16", "10.1.0.0/16 via", "10.1.0.0/16 via 0.0.0.0",
		"10.1.0.0/16 via 255.255.255.255", "10.1.0.0/16 via 10.8.0", "10.1.0.0/16 gw 10.8.0.1",
		"10.1.0.0/16 via 10.8.0.1 x", "10.1.0.0/16 10.8.0.1", "/16", "10.1.0.0 /16",
		"10.1.0.0/16via 10.8.0.1", "0.0.0.1/0", "10.1.0.0/16 via 10.8.0.1/32",
	};
	struct dhcp_route r;
	const char *why;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&r, 0xff, sizeof(r));
		why = NULL;
		CHECK_EQ(dhcp_route_parse(ok[i].s, &r, &why), 0);
		CHECK_EQ(r.dst, ok[i].dst);
		CHECK_EQ(r.prefix, ok[i].prefix);
		CHECK_EQ(r.gw, ok[i].gw);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (dhcp_route_parse(bad[i], &r, &why) != -1)
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		CHECK(why != NULL);
	}
	dhcp_route_parse("10.1.0.1/16", &r, &why);
	CHECK_STR(why, "host bits set in the destination");
	CHECK_EQ(dhcp_route_parse(NULL, &r, &why), -1);
	/* every prefix of every valid form, in a heap string of exact size */
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		size_t n = strlen(ok[i].s);

		for (size_t cut = 0; cut <= n; cut++) {
			char *t = malloc(cut + 1);
			int rc;

			memcpy(t, ok[i].s, cut);
			t[cut] = '\0';
			why = NULL;
			rc = dhcp_route_parse(t, &r, &why);
			CHECK(rc == 0 ? r.prefix <= 32 : why != NULL);
			free(t);
		}
	}
}

const struct test_case dhcp_inform_tests[] = {
	T(test_windows_inform),
	T(test_truncations),
	T(test_refused),
	T(test_bad_cfg),
	T(test_no_prl),
	T(test_prl_order),
	T(test_out_too_small),
	T(test_many_routes),
	T(test_route_parse),
	T_END
};
