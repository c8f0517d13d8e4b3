// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the DHCPINFORM answerer (dhcp/).
 *
 * Input: one UDP payload sent to port 67. It is answered with two
 * configurations (four routes, one via its own gateway; 60 routes, whose
 * options 121 and 249 are split over several options), with any client
 * address allowed and with the address in its own ciaddr, into a large
 * buffer and into an exact-size heap buffer whose size comes from the
 * input. Every answer must be a well-formed DHCPACK (op 2, the request's
 * xid, ciaddr and chaddr, yiaddr 0, the magic cookie, options that walk to
 * an end option, 53 = 5 and 54 first, 121 and 249 decoding back to the
 * configured routes) and the same whatever the buffer's size when it fits
 * (abort() otherwise). The input, as a string, is also a route for
 * dhcp_route_parse(); a route that parses is printed back and must parse
 * to the same route.
 *
 * Seeds (fuzz/corpus/dhcp/) are the requests of
 * tests/dhcp/test_dhcp_inform.c (a Windows 10 DHCPINFORM, a bare one,
 * option 55 split in two):
 *   DHCP_SEED_DIR=fuzz/corpus/dhcp ./tests/run-tests dhcp
 */
#include <arpa/inet.h>

#include "dhcp_inform.h"
#include "fuzz.h"

#define SERVER	0x0a080001u	/* 10.8.0.1 */

static const struct dhcp_route four[] = {
	{ 0x0a000000, 8, 0 },
	{ 0xc0a80a00, 24, 0 },
	{ 0xac100500, 25, 0 },
	{ 0xc0a81400, 24, 0x0a0800fe },
};
static struct dhcp_route sixty[60];

static uint8_t big[8192], big2[8192];

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Concatenate the pieces of option code (RFC 3396) and decode RFC 3442. */
static void check_routes(const uint8_t *r, size_t len, uint8_t code,
			 const struct dhcp_inform_cfg *c)
{
	static uint8_t v[8192];
	size_t n = 0, i = DHCP_OPTS_OFF, k = 0;

	while (r[i] != DHCP_OPT_END) {
		if (r[i] == code) {
			memcpy(v + n, r + i + 2, r[i + 1]);
			n += r[i + 1];
		}
		i += 2 + (size_t)r[i + 1];
	}
	(void)len;
	if (!n)
		return;
	for (i = 0; i < n; k++) {
		uint8_t p = v[i++];
		size_t sig = (p + 7u) / 8;
		uint32_t dst = 0, gw;

		if (k >= c->n_routes || p != c->routes[k].prefix || n - i < sig + 4)
			abort();
		for (size_t j = 0; j < sig; j++)
			dst |= (uint32_t)v[i++] << (24 - 8 * j);
		gw = get32(v + i);
		i += 4;
		if (dst != c->routes[k].dst ||
		    gw != (c->routes[k].gw ? c->routes[k].gw : SERVER))
			abort();
	}
	if (k != c->n_routes)
		abort();
}

static void check_reply(const uint8_t *q, const uint8_t *r, size_t len, size_t cap,
			const struct dhcp_inform_cfg *c)
{
	static const uint8_t head[] = { 53, 1, 5, 54, 4, 10, 8, 0, 1 };
	size_t i = DHCP_OPTS_OFF;

	if (len > cap || len < DHCP_MIN_REPLY || r[0] != 2 || memcmp(r + 4, q + 4, 4) ||
	    memcmp(r + 12, q + 12, 4) || get32(r + 16) || memcmp(r + 28, q + 28, 16) ||
	    memcmp(r + 236, "\x63\x82\x53\x63", 4) || memcmp(r + 240, head, sizeof(head)))
		abort();
	for (;;) {
		if (i >= len)
			abort();
		if (r[i] == DHCP_OPT_END)
			break;
		if (r[i] == DHCP_OPT_PAD || len - i < 2 || len - i - 2 < r[i + 1] || !r[i + 1])
			abort();
		i += 2 + (size_t)r[i + 1];
	}
	check_routes(r, len, DHCP_OPT_CLASSLESS, c);
	check_routes(r, len, DHCP_OPT_MS_CLASSLESS, c);
}

static void answer(const uint8_t *q, size_t size, uint32_t peer, const struct dhcp_inform_cfg *c,
		   size_t small_cap)
{
	const char *why = NULL;
	size_t len = 0, len2 = 0;
	uint8_t *small = fuzz_copy(big, small_cap);
	int rc = dhcp_inform_answer(q, size, peer, c, big, sizeof(big), &len, &why);
	int rc2;

	if (rc) {
		if (!why)
			abort();
		fputs(why, fuzz_null());
	} else {
		check_reply(q, big, len, sizeof(big), c);
	}
	rc2 = dhcp_inform_answer(q, size, peer, c, small, small_cap, &len2, &why);
	if (!rc2) {
		if (rc || len2 != len || memcmp(small, big, len))
			abort();
	} else if (!rc && len <= small_cap) {
		abort();
	}
	/* the answer does not depend on out's previous contents */
	memset(big2, 0xa5, sizeof(big2));
	if (!rc && (dhcp_inform_answer(q, size, peer, c, big2, sizeof(big2), &len2, &why) ||
		    len2 != len || memcmp(big2, big, len)))
		abort();
	free(small);
}

static void route(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), back[64], a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
	struct dhcp_route r, r2;
	const char *why = NULL;
	struct in_addr x;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (dhcp_route_parse(s, &r, &why)) {
		if (!why)
			abort();
		free(s);
		return;
	}
	free(s);
	if (r.prefix > 32 || (r.prefix < 32 && r.dst << r.prefix) || r.gw == UINT32_MAX)
		abort();
	x.s_addr = htonl(r.dst);
	inet_ntop(AF_INET, &x, a, sizeof(a));
	x.s_addr = htonl(r.gw);
	inet_ntop(AF_INET, &x, g, sizeof(g));
	if (r.gw)
		snprintf(back, sizeof(back), "%s/%u via %s", a, r.prefix, g);
	else
		snprintf(back, sizeof(back), "%s/%u", a, r.prefix);
	if (dhcp_route_parse(back, &r2, &why) || r2.dst != r.dst || r2.prefix != r.prefix ||
	    r2.gw != r.gw)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcp_inform_cfg c = { 0 };
	uint8_t *q = fuzz_copy(data, size);
	size_t small_cap = size ? (size_t)data[size - 1] * 4 : 300;
	uint32_t ciaddr = size >= 16 ? get32(data + 12) : 0;

	for (size_t i = 0; i < 60; i++) {
		sixty[i].dst = 0x0a140000u | (uint32_t)i << 8;
		sixty[i].prefix = (uint8_t)(24 + i % 9);
		sixty[i].dst &= sixty[i].prefix ? UINT32_MAX << (32 - sixty[i].prefix) : 0;
		sixty[i].gw = i % 4 ? 0 : 0x0a080000u | (uint32_t)(100 + i);
	}
	c.server.s_addr = htonl(SERVER);
	c.dns[0].s_addr = htonl(0x0a000035);
	c.dns[1].s_addr = htonl(0x0a000036);
	c.domain = "corp.example";
	c.routes = four;
	c.n_routes = 4;
	answer(q, size, 0, &c, small_cap);
	answer(q, size, ciaddr, &c, small_cap);
	c.routes = sixty;
	c.n_routes = 60;
	c.dns[0].s_addr = 0;
	c.domain = NULL;
	answer(q, size, ciaddr, &c, small_cap + 300);
	route(data, size);
	free(q);
	return 0;
}
