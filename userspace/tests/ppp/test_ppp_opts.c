// SPDX-License-Identifier: GPL-2.0
/*
 * ppp/ppp_lcp_opts.c, ppp/ppp_ipcp_opts.c and ppp/ppp_ipv6cp_opts.c: the server's answers to
 * the requests real clients send, every rule of the option tables, what a
 * Nak or Reject of ours changes, and every truncated option list (heap
 * buffers of exact size).
 */
#include <stdlib.h>

#include "test.h"
#include "ppp_ipcp_opts.h"
#include "ppp_ipv6cp_opts.h"
#include "ppp_lcp_opts.h"

static const struct ppp_lcp_policy lpol = {
	.mru = 1400, .min_peer_mru = 576, .auth = PPP_AUTH_ALL,
};

struct ans {
	int code;
	uint8_t b[256];
	size_t n;
};

static struct ans lcp(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol,
		      const uint8_t *o, size_t n, bool reject_only)
{
	struct ans a;
	struct ppp_wbuf w;

	ppp_w_init(&w, a.b, sizeof(a.b));
	a.code = ppp_lcp_check_req(s, pol, o, n, reject_only, 0x0badcafe, &w);
	a.n = w.len;
	return a;
}

#define ANS_IS(a, c, ...) do {						\
	static const uint8_t _want[] = { __VA_ARGS__ };			\
	CHECK_EQ((a).code, (c));					\
	CHECK_EQ((a).n, sizeof(_want));					\
	if ((a).n == sizeof(_want))					\
		CHECK_MEM((a).b, _want, sizeof(_want));			\
} while (0)

static void test_lcp_windows(void)
{
	/* What Windows sends first: MRU 1400, Magic, PFC, ACFC, Callback (13). */
	static const uint8_t req[] = {
		1, 4, 0x05, 0x78, 5, 6, 0x12, 0x34, 0x56, 0x78, 7, 2, 8, 2, 13, 3, 6,
	};
	static const uint8_t req2[] = { 1, 4, 0x05, 0x78, 5, 6, 0x12, 0x34, 0x56, 0x78 };
	struct ppp_lcp_state s;
	struct ans a;

	ppp_lcp_init(&s, &lpol, 0xaabbccdd);
	a = lcp(&s, &lpol, req, sizeof(req), false);
	ANS_IS(a, PPP_CONF_REJ, 7, 2, 8, 2, 13, 3, 6);
	CHECK_EQ(s.peer_magic, 0);	/* nothing recorded before an Ack */
	a = lcp(&s, &lpol, req2, sizeof(req2), false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(a.n, sizeof(req2));
	CHECK_MEM(a.b, req2, sizeof(req2));
	CHECK_EQ(s.peer_mru, 1400);
	CHECK_EQ(s.peer_magic, 0x12345678);
	CHECK(!s.peer_pfc);
	/* A policy that accepts PFC and ACFC: Callback alone rejected. */
	{
		struct ppp_lcp_policy p2 = lpol;

		p2.accept_pfc = p2.accept_acfc = true;
		a = lcp(&s, &p2, req, sizeof(req), false);
		ANS_IS(a, PPP_CONF_REJ, 13, 3, 6);
		a = lcp(&s, &p2, req, sizeof(req) - 3, false);
		CHECK_EQ(a.code, PPP_CONF_ACK);
		CHECK(s.peer_pfc && s.peer_acfc);
	}
}

static void test_lcp_rules(void)
{
	struct ppp_lcp_state s;
	struct ans a;

	ppp_lcp_init(&s, &lpol, 0xaabbccdd);
	/* MRU below the minimum: Nak with it; reject_only: Reject. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 1, 4, 0x01, 0x00 }, 4, false);
	ANS_IS(a, PPP_CONF_NAK, 1, 4, 0x02, 0x40);
	a = lcp(&s, &lpol, (const uint8_t[]){ 1, 4, 0x01, 0x00 }, 4, true);
	ANS_IS(a, PPP_CONF_REJ, 1, 4, 0x01, 0x00);
	/* Bad lengths: rejected. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 1, 3, 0x05 }, 3, false);
	ANS_IS(a, PPP_CONF_REJ, 1, 3, 0x05);
	a = lcp(&s, &lpol, (const uint8_t[]){ 5, 4, 1, 2 }, 4, false);
	ANS_IS(a, PPP_CONF_REJ, 5, 4, 1, 2);
	a = lcp(&s, &lpol, (const uint8_t[]){ 7, 3, 0 }, 3, false);
	ANS_IS(a, PPP_CONF_REJ, 7, 3, 0);
	a = lcp(&s, &lpol, (const uint8_t[]){ 2, 5, 0, 0, 0 }, 5, false);
	ANS_IS(a, PPP_CONF_REJ, 2, 5, 0, 0, 0);
	/* ACCM accepted (ignored). */
	a = lcp(&s, &lpol, (const uint8_t[]){ 2, 6, 0, 0, 0, 0 }, 6, false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(s.peer_accm, 0);
	/* Auth-Protocol and Quality-Protocol from a client: rejected. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 3, 4, 0xc0, 0x23 }, 4, false);
	ANS_IS(a, PPP_CONF_REJ, 3, 4, 0xc0, 0x23);
	a = lcp(&s, &lpol, (const uint8_t[]){ 4, 4, 0xc0, 0x25 }, 4, false);
	ANS_IS(a, PPP_CONF_REJ, 4, 4, 0xc0, 0x25);
	/* Magic: zero and ours are Nak'd with the fresh value; ours counts a loop. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 5, 6, 0, 0, 0, 0 }, 6, false);
	ANS_IS(a, PPP_CONF_NAK, 5, 6, 0x0b, 0xad, 0xca, 0xfe);
	CHECK_EQ(s.loops, 0);
	a = lcp(&s, &lpol, (const uint8_t[]){ 5, 6, 0xaa, 0xbb, 0xcc, 0xdd }, 6, false);
	ANS_IS(a, PPP_CONF_NAK, 5, 6, 0x0b, 0xad, 0xca, 0xfe);
	CHECK_EQ(s.loops, 1);
	/* A repeated option and unknown types 0, 40, 200 are rejected. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 1, 4, 5, 0, 1, 4, 5, 0 }, 8, false);
	ANS_IS(a, PPP_CONF_REJ, 1, 4, 5, 0);
	a = lcp(&s, &lpol, (const uint8_t[]){ 0, 2, 40, 2, 200, 2 }, 6, false);
	ANS_IS(a, PPP_CONF_REJ, 0, 2, 40, 2, 200, 2);
	/* A Reject wins over a Nak; an empty request is acknowledged. */
	a = lcp(&s, &lpol, (const uint8_t[]){ 1, 4, 0, 1, 7, 2 }, 6, false);
	ANS_IS(a, PPP_CONF_REJ, 7, 2);
	a = lcp(&s, &lpol, NULL, 0, false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(a.n, 0);
	CHECK_EQ(s.peer_mru, PPP_MRU_DEFAULT);
}

static void test_lcp_our_request(void)
{
	struct ppp_lcp_state s;
	struct ppp_lcp_policy p = lpol;
	uint8_t b[64];
	struct ppp_wbuf w;

	ppp_lcp_init(&s, &p, 0x01020304);
	ppp_w_init(&w, b, sizeof(b));
	ppp_lcp_build_req(&s, &w);
	CHECK_EQ(w.len, 4 + 5 + 6);
	CHECK_MEM(b, ((const uint8_t[]){ 1, 4, 0x05, 0x78, 3, 5, 0xc2, 0x23, 0x81,
					   5, 6, 1, 2, 3, 4 }), 15);
	/* The client prefers CHAP-MD5: allowed, switch. */
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 3, 5, 0xc2, 0x23, 5 }, 5, 0), 0);
	CHECK_EQ(s.auth, PPP_AUTH_CHAP_MD5);
	/* It asks for something we do not know: the next of ours (PAP). */
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 3, 5, 0xc2, 0x23, 0x80 }, 5, 0), 0);
	CHECK_EQ(s.auth, PPP_AUTH_PAP);
	ppp_w_init(&w, b, sizeof(b));
	ppp_lcp_build_req(&s, &w);
	CHECK(ppp_opt_find(b, w.len, 3, &(struct ppp_opt){ 0 }));
	CHECK_MEM(b + 4, ((const uint8_t[]){ 3, 4, 0xc0, 0x23 }), 4);
	/* Nothing left: -1. */
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 3, 4, 0xc2, 0x27 }, 4, 0), -1);
	/* A policy of MS-CHAPv2 only: a Nak to PAP is refused. */
	p.auth = PPP_AUTH_MSCHAPV2;
	ppp_lcp_init(&s, &p, 1);
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 3, 4, 0xc0, 0x23 }, 4, 0), -1);
	/* MRU and Magic Naks. */
	p = lpol;
	ppp_lcp_init(&s, &p, 1);
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 1, 4, 0x04, 0x00, 5, 6, 0, 0, 0, 0 },
				 10, 0x99), 0);
	CHECK_EQ(s.mru, 1024);
	CHECK_EQ(s.magic, 0x99);
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 1, 4, 0x00, 0x10 }, 4, 0), 0);
	CHECK_EQ(s.mru, 1024);	/* below 128: ignored */
	/* Rejects: MRU and Magic dropped; Auth-Protocol fatal. */
	CHECK_EQ(ppp_lcp_got_rej(&s, (const uint8_t[]){ 1, 4, 0x04, 0x00, 5, 6, 0, 0, 0, 0x99 }, 10), 0);
	ppp_w_init(&w, b, sizeof(b));
	ppp_lcp_build_req(&s, &w);
	CHECK_EQ(w.len, 5);
	CHECK_EQ(ppp_lcp_got_rej(&s, (const uint8_t[]){ 3, 5, 0xc2, 0x23, 0x81 }, 5), -1);
	/* No authentication in the policy: no option, a Nak of it changes nothing. */
	p.auth = 0;
	ppp_lcp_init(&s, &p, 0);
	ppp_w_init(&w, b, sizeof(b));
	ppp_lcp_build_req(&s, &w);
	CHECK_EQ(w.len, 4);
	CHECK_EQ(ppp_lcp_got_nak(&s, &p, (const uint8_t[]){ 3, 4, 0xc0, 0x23 }, 4, 0), 0);
	CHECK_EQ(ppp_lcp_got_rej(&s, (const uint8_t[]){ 3, 4, 0xc0, 0x23 }, 4), 0);
}

static void test_auth_opt(void)
{
	uint8_t b[8];
	struct ppp_wbuf w;

	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc0, 0x23 }, 2), PPP_AUTH_PAP);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc0, 0x23, 0 }, 3), 0);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2, 0x23, 5 }, 3), PPP_AUTH_CHAP_MD5);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2, 0x23, 0x81 }, 3), PPP_AUTH_MSCHAPV2);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2, 0x23, 0x80 }, 3), 0);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2, 0x23 }, 2), 0);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2 }, 1), 0);
	CHECK_EQ(ppp_auth_from_opt((const uint8_t[]){ 0xc2, 0x27, 5 }, 3), 0);
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_auth_opt(&w, PPP_AUTH_ALL);
	CHECK(w.err);
}

/* ------------------------------------------------------------------- IPCP */

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const struct ppp_ipcp_policy ipol = {
	.local = IP(10, 8, 0, 1), .dns = { IP(10, 8, 0, 53), IP(9, 9, 9, 9) },
};

static struct ans ipcp(struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol,
		       const uint8_t *o, size_t n, bool reject_only)
{
	struct ans a;
	struct ppp_wbuf w;

	ppp_w_init(&w, a.b, sizeof(a.b));
	a.code = ppp_ipcp_check_req(s, pol, o, n, reject_only, &w);
	a.n = w.len;
	return a;
}

static void test_ipcp_windows(void)
{
	/* Windows: VJ compression, 0.0.0.0, DNS 0/0, NBNS 0/0. */
	static const uint8_t req[] = {
		2, 6, 0x00, 0x2d, 0x0f, 0x01, 3, 6, 0, 0, 0, 0,
		129, 6, 0, 0, 0, 0, 130, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0, 132, 6, 0, 0, 0, 0,
	};
	static const uint8_t req2[] = {
		3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0,
	};
	static const uint8_t req3[] = {
		3, 6, 10, 8, 0, 10, 129, 6, 10, 8, 0, 53, 131, 6, 9, 9, 9, 9,
	};
	struct ppp_ipcp_state s;
	struct ans a;

	ppp_ipcp_init(&s, &ipol, IP(10, 8, 0, 10));
	a = ipcp(&s, &ipol, req, sizeof(req), false);
	ANS_IS(a, PPP_CONF_REJ, 2, 6, 0x00, 0x2d, 0x0f, 0x01, 130, 6, 0, 0, 0, 0, 132, 6, 0, 0, 0, 0);
	a = ipcp(&s, &ipol, req2, sizeof(req2), false);
	ANS_IS(a, PPP_CONF_NAK, 3, 6, 10, 8, 0, 10, 129, 6, 10, 8, 0, 53, 131, 6, 9, 9, 9, 9);
	a = ipcp(&s, &ipol, req3, sizeof(req3), false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(a.n, sizeof(req3));
	CHECK_EQ(s.acked_addr, IP(10, 8, 0, 10));
	/* With NBNS configured, they are Nak'd instead. */
	{
		struct ppp_ipcp_policy p = ipol;

		p.nbns[0] = IP(10, 8, 0, 2);
		a = ipcp(&s, &p, req + 6, sizeof(req) - 6, false);
		ANS_IS(a, PPP_CONF_REJ, 132, 6, 0, 0, 0, 0);
		a = ipcp(&s, &p, req + 6, sizeof(req) - 12, false);
		ANS_IS(a, PPP_CONF_NAK, 3, 6, 10, 8, 0, 10, 129, 6, 10, 8, 0, 53,
		       130, 6, 10, 8, 0, 2, 131, 6, 9, 9, 9, 9);
	}
}

static void test_ipcp_rules(void)
{
	struct ppp_ipcp_state s;
	struct ppp_ipcp_policy p = ipol;
	uint8_t b[16];
	struct ppp_wbuf w;
	struct ans a;

	ppp_ipcp_init(&s, &p, IP(10, 8, 0, 10));
	/* Another address than ours: Nak; reject_only: Reject. */
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 6, 192, 168, 1, 5 }, 6, false);
	ANS_IS(a, PPP_CONF_NAK, 3, 6, 10, 8, 0, 10);
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 6, 192, 168, 1, 5 }, 6, true);
	ANS_IS(a, PPP_CONF_REJ, 3, 6, 192, 168, 1, 5);
	/* No IP-Address: Nak'd once with one, then acknowledged as it is. */
	a = ipcp(&s, &p, (const uint8_t[]){ 129, 6, 10, 8, 0, 53 }, 6, false);
	ANS_IS(a, PPP_CONF_NAK, 3, 6, 10, 8, 0, 10);
	a = ipcp(&s, &p, (const uint8_t[]){ 129, 6, 10, 8, 0, 53 }, 6, false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(s.acked_addr, 0);
	/* Wrong lengths, IP-Addresses (1), repeats, unknown: rejected. */
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 5, 1, 2, 3 }, 5, false);
	ANS_IS(a, PPP_CONF_REJ, 3, 5, 1, 2, 3);
	a = ipcp(&s, &p, (const uint8_t[]){ 129, 2 }, 2, false);
	ANS_IS(a, PPP_CONF_REJ, 129, 2);
	a = ipcp(&s, &p, (const uint8_t[]){ 130, 7, 0, 0, 0, 0, 0 }, 7, false);
	ANS_IS(a, PPP_CONF_REJ, 130, 7, 0, 0, 0, 0, 0);
	a = ipcp(&s, &p, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, false);
	ANS_IS(a, PPP_CONF_REJ, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0);
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 6, 10, 8, 0, 10, 3, 6, 10, 8, 0, 10 }, 12, false);
	ANS_IS(a, PPP_CONF_REJ, 3, 6, 10, 8, 0, 10);
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 6, 10, 8, 0, 10, 144, 2 }, 8, false);
	ANS_IS(a, PPP_CONF_REJ, 144, 2);
	/* No DNS configured: rejected. */
	p.dns[1] = 0;
	a = ipcp(&s, &p, (const uint8_t[]){ 131, 6, 0, 0, 0, 0 }, 6, false);
	ANS_IS(a, PPP_CONF_REJ, 131, 6, 0, 0, 0, 0);
	/* No lease (0): the IP-Address option is rejected, no hint. */
	ppp_ipcp_init(&s, &p, 0);
	a = ipcp(&s, &p, (const uint8_t[]){ 3, 6, 0, 0, 0, 0 }, 6, false);
	ANS_IS(a, PPP_CONF_REJ, 3, 6, 0, 0, 0, 0);
	a = ipcp(&s, &p, NULL, 0, false);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	/* Our request; a Nak changes nothing, a Reject stops it. */
	ppp_ipcp_init(&s, &p, IP(10, 8, 0, 10));
	ppp_w_init(&w, b, sizeof(b));
	ppp_ipcp_build_req(&s, &p, &w);
	CHECK_EQ(w.len, 6);
	CHECK_MEM(b, ((const uint8_t[]){ 3, 6, 10, 8, 0, 1 }), 6);
	CHECK_EQ(ppp_ipcp_got_nak(&s, (const uint8_t[]){ 3, 6, 1, 1, 1, 1 }, 6), 0);
	CHECK(s.send_addr);
	CHECK_EQ(ppp_ipcp_got_rej(&s, (const uint8_t[]){ 3, 6, 10, 8, 0, 1 }, 6), 0);
	ppp_w_init(&w, b, sizeof(b));
	ppp_ipcp_build_req(&s, &p, &w);
	CHECK_EQ(w.len, 0);
	/* No local address configured: nothing requested. */
	p.local = 0;
	ppp_ipcp_init(&s, &p, IP(10, 8, 0, 10));
	CHECK(!s.send_addr);
}


/* ----------------------------------------------------------------- IPV6CP */

#define OURS	0x0123456789abcdefull
#define FRESH	0x1122334455667788ull

static struct ans ipv6cp(struct ppp_ipv6cp_state *s, const uint8_t *o, size_t n,
			 bool reject_only, uint64_t fresh)
{
	struct ans a;
	struct ppp_wbuf w;

	ppp_w_init(&w, a.b, sizeof(a.b));
	a.code = ppp_ipv6cp_check_req(s, o, n, reject_only, fresh, &w);
	a.n = w.len;
	return a;
}

static void test_ipv6cp_rules(void)
{
	/* pppd 2.4.9 with +ipv6: a random Interface-Identifier, nothing else. */
	static const uint8_t pppd[] = { 1, 10, 0x3c, 0x55, 0x0e, 0x86, 0xb8, 0x1a, 0x7f, 0x23 };
	struct ppp_ipv6cp_state s;
	uint8_t b[32];
	struct ppp_wbuf w;
	struct ans a;

	ppp_ipv6cp_init(&s, OURS);
	a = ipv6cp(&s, pppd, sizeof(pppd), false, FRESH);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(a.n, sizeof(pppd));
	CHECK_MEM(a.b, pppd, sizeof(pppd));
	CHECK_EQ(s.peer_id, 0x3c550e86b81a7f23ull);
	/* Zero: Nak'd with the fresh value; reject_only: Reject. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, false, FRESH);
	ANS_IS(a, PPP_CONF_NAK, 1, 10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
	CHECK_EQ(s.peer_id, 0x3c550e86b81a7f23ull);	/* only an Ack records it */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, true, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0);
	/* Equal to ours: Nak'd with the fresh value, never ours. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
		   10, false, FRESH);
	ANS_IS(a, PPP_CONF_NAK, 1, 10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
	/* ... even when the caller's draw is zero or ours. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
		   10, false, OURS);
	CHECK_EQ(a.code, PPP_CONF_NAK);
	CHECK_EQ(a.n, 10);
	CHECK(memcmp(a.b + 2, (const uint8_t[]){ 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
		     8) != 0);
	CHECK(memcmp(a.b + 2, (const uint8_t[8]){ 0 }, 8) != 0);
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, false, 0);
	CHECK_EQ(a.code, PPP_CONF_NAK);
	CHECK(memcmp(a.b + 2, (const uint8_t[8]){ 0 }, 8) != 0);
	/* IPv6-Compression-Protocol (2), unknown, wrong length, repeated: rejected. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 0x00, 0x4f }, 14,
		   false, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 2, 4, 0x00, 0x4f);
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 1, 2, 3, 4, 5, 6, 7, 8, 99, 2 }, 12, false, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 99, 2);
	a = ipv6cp(&s, (const uint8_t[]){ 1, 6, 1, 2, 3, 4 }, 6, false, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 1, 6, 1, 2, 3, 4);
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 10, 1, 2, 3, 4, 5, 6, 7,
					  9 }, 20, false, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 1, 10, 1, 2, 3, 4, 5, 6, 7, 9);
	/* A Reject wins over a Nak in the same request. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 0x00, 0x4f }, 14,
		   false, FRESH);
	ANS_IS(a, PPP_CONF_REJ, 2, 4, 0x00, 0x4f);
	/* No identifier: Nak'd once with a suggestion, then acknowledged without one. */
	ppp_ipv6cp_init(&s, OURS);
	a = ipv6cp(&s, NULL, 0, false, FRESH);
	ANS_IS(a, PPP_CONF_NAK, 1, 10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
	a = ipv6cp(&s, NULL, 0, false, FRESH);
	CHECK_EQ(a.code, PPP_CONF_ACK);
	CHECK_EQ(a.n, 0);
	CHECK_EQ(s.peer_id, 0);
	/* A malformed list: -1. */
	a = ipv6cp(&s, (const uint8_t[]){ 1, 10, 1, 2 }, 4, false, FRESH);
	CHECK_EQ(a.code, -1);
	/* Our request: the identifier, big-endian. */
	ppp_ipv6cp_init(&s, OURS);
	ppp_w_init(&w, b, sizeof(b));
	ppp_ipv6cp_build_req(&s, &w);
	CHECK_EQ(w.len, 10);
	CHECK_MEM(b, ((const uint8_t[]){ 1, 10, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef }),
		  10);
	/* A Nak with a usable suggestion: taken. */
	CHECK_EQ(ppp_ipv6cp_got_nak(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0x42 }, 10,
				    FRESH), 0);
	CHECK_EQ(s.id, 0x42);
	/* A Nak of zero, or of the client's own identifier: a fresh value instead. */
	CHECK_EQ(ppp_ipv6cp_got_nak(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0 }, 10,
				    FRESH), 0);
	CHECK_EQ(s.id, FRESH);
	s.peer_id = 0x77;
	CHECK_EQ(ppp_ipv6cp_got_nak(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0x77 }, 10,
				    0x99), 0);
	CHECK_EQ(s.id, 0x99);
	/* A Nak without the option changes nothing; a Reject stops our request. */
	CHECK_EQ(ppp_ipv6cp_got_nak(&s, (const uint8_t[]){ 2, 4, 0, 0x4f }, 4, FRESH), 0);
	CHECK_EQ(s.id, 0x99);
	CHECK_EQ(ppp_ipv6cp_got_rej(&s, (const uint8_t[]){ 1, 10, 0, 0, 0, 0, 0, 0, 0, 0x99 }, 10),
		 0);
	ppp_w_init(&w, b, sizeof(b));
	ppp_ipv6cp_build_req(&s, &w);
	CHECK_EQ(w.len, 0);
	CHECK_EQ(s.id, 0x99);
	/* A zero identifier is never ours. */
	ppp_ipv6cp_init(&s, 0);
	CHECK(s.id != 0);
}

/* Every truncation of long requests: the checks read only well-formed prefixes. */
static void test_opts_truncations(void)
{
	static const uint8_t lreq[] = {
		1, 4, 0x05, 0x78, 2, 6, 0, 0, 0, 0, 3, 5, 0xc2, 0x23, 0x81, 5, 6, 1, 2, 3, 4,
		7, 2, 8, 2, 13, 3, 6, 99, 4, 1, 2,
	};
	static const uint8_t ireq[] = {
		2, 6, 0x00, 0x2d, 0x0f, 0x01, 3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0,
		130, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0, 132, 6, 0, 0, 0, 0,
	};
	static const uint8_t v6req[] = {
		1, 10, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 0x00, 0x4f, 1, 10, 1, 2, 3, 4, 5, 6, 7, 8,
		77, 3, 9,
	};

	for (size_t cut = 0; cut <= sizeof(lreq); cut++) {
		uint8_t *b = malloc(cut ? cut : 1);
		struct ppp_lcp_state s;
		struct ans a;

		memcpy(b, lreq, cut);
		ppp_lcp_init(&s, &lpol, 5);
		a = lcp(&s, &lpol, b, cut, cut & 1);
		if (ppp_opts_check(b, cut, NULL)) {
			CHECK_EQ(a.code, -1);
		} else {
			CHECK(a.code == PPP_CONF_ACK || a.code == PPP_CONF_NAK ||
			      a.code == PPP_CONF_REJ);
			CHECK_EQ(ppp_opts_check(a.b, a.n, NULL), 0);
		}
		ppp_lcp_got_nak(&s, &lpol, b, cut, 7);
		ppp_lcp_got_rej(&s, b, cut);
		free(b);
	}
	for (size_t cut = 0; cut <= sizeof(ireq); cut++) {
		uint8_t *b = malloc(cut ? cut : 1);
		struct ppp_ipcp_state s;
		struct ans a;

		memcpy(b, ireq, cut);
		ppp_ipcp_init(&s, &ipol, IP(10, 8, 0, 10));
		a = ipcp(&s, &ipol, b, cut, cut & 1);
		if (ppp_opts_check(b, cut, NULL)) {
			CHECK_EQ(a.code, -1);
		} else {
			CHECK(a.code == PPP_CONF_ACK || a.code == PPP_CONF_NAK ||
			      a.code == PPP_CONF_REJ);
			CHECK_EQ(ppp_opts_check(a.b, a.n, NULL), 0);
		}
		ppp_ipcp_got_nak(&s, b, cut);
		ppp_ipcp_got_rej(&s, b, cut);
		free(b);
	}
	for (size_t cut = 0; cut <= sizeof(v6req); cut++) {
		uint8_t *b = malloc(cut ? cut : 1);
		struct ppp_ipv6cp_state s;
		struct ans a;

		memcpy(b, v6req, cut);
		ppp_ipv6cp_init(&s, OURS);
		a = ipv6cp(&s, b, cut, cut & 1, FRESH);
		if (ppp_opts_check(b, cut, NULL)) {
			CHECK_EQ(a.code, -1);
		} else {
			CHECK(a.code == PPP_CONF_ACK || a.code == PPP_CONF_NAK ||
			      a.code == PPP_CONF_REJ);
			CHECK_EQ(ppp_opts_check(a.b, a.n, NULL), 0);
		}
		ppp_ipv6cp_got_nak(&s, b, cut, FRESH);
		CHECK(s.id != 0);
		ppp_ipv6cp_got_rej(&s, b, cut);
		free(b);
	}
}

const struct test_case ppp_opts_tests[] = {
	T(test_lcp_windows),
	T(test_lcp_rules),
	T(test_lcp_our_request),
	T(test_auth_opt),
	T(test_ipcp_windows),
	T(test_ipcp_rules),
	T(test_ipv6cp_rules),
	T(test_opts_truncations),
	T_END,
};
