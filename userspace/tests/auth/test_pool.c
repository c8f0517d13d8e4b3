// SPDX-License-Identifier: GPL-2.0
/*
 * auth/pool.c: range and prefix syntax, exclusions, leases to exhaustion,
 * release and reuse order, static addresses, no double lease, the limits.
 */
#include <stdlib.h>

#include "test.h"
#include "pool.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static void test_pool_parse(void)
{
	static const struct { const char *s; uint32_t a, b; } ok[] = {
		{ "10.8.0.10-10.8.0.20", IP(10, 8, 0, 10), IP(10, 8, 0, 20) },
		{ "10.8.0.0/24", IP(10, 8, 0, 1), IP(10, 8, 0, 254) },
		{ "10.8.0.0/30", IP(10, 8, 0, 1), IP(10, 8, 0, 2) },
		{ "10.8.0.0/31", IP(10, 8, 0, 0), IP(10, 8, 0, 1) },
		{ "10.8.0.7/32", IP(10, 8, 0, 7), IP(10, 8, 0, 7) },
		{ "10.8.0.7", IP(10, 8, 0, 7), IP(10, 8, 0, 7) },
		{ "10.8.0.0/16", IP(10, 8, 0, 1), IP(10, 8, 255, 254) },
		{ "10.0.0.0-10.0.255.255", IP(10, 0, 0, 0), IP(10, 0, 255, 255) },
	};
	static const char *const bad[] = {
		"", "10.8.0.20-10.8.0.10", "10.8.0.1/24", "10.8.0.0/33", "10.8.0.0/", "10.8.0.0/x",
		"10.8.0.0/024", "10.8.0.0/8", "10.0.0.0-10.1.0.0", "0.0.0.0", "255.255.255.255",
		"10.8.0", "10.8.0.1-", "-10.8.0.1", "10.8.0.1 - 10.8.0.2", "10.8.0.0/-1",
		"10.8.0.0/16x", "256.1.1.1",
	};
	uint32_t a, b;
	const char *why;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		a = b = 0;
		CHECK_EQ(auth_pool_parse(ok[i].s, &a, &b, &why), 0);
		CHECK_EQ(a, ok[i].a);
		CHECK_EQ(b, ok[i].b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (auth_pool_parse(bad[i], &a, &b, &why) != -1)
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		CHECK(why != NULL);
	}
	CHECK_EQ(auth_pool_parse(NULL, &a, &b, &why), -1);
	/* Every prefix of every valid form, in a heap string of exact size. */
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		size_t n = strlen(ok[i].s);

		for (size_t cut = 0; cut <= n; cut++) {
			char *t = malloc(cut + 1);
			int rc;

			memcpy(t, ok[i].s, cut);
			t[cut] = '\0';
			why = NULL;
			rc = auth_pool_parse(t, &a, &b, &why);
			CHECK(rc == 0 ? a <= b && b - a < AUTH_POOL_MAX : why != NULL);
			if (cut == n)
				CHECK_EQ(rc, 0);
			free(t);
		}
	}
}

static void test_pool_leases(void)
{
	struct auth_pool *p = auth_pool_new(IP(10, 8, 0, 1), IP(10, 8, 0, 4));
	uint32_t a = 0;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(auth_pool_size(p), 4);
	/* The gateway's own address is excluded. */
	CHECK_EQ(auth_pool_exclude(p, IP(10, 8, 0, 1)), 0);
	CHECK_EQ(auth_pool_exclude(p, IP(10, 8, 0, 1)), 0);
	CHECK_EQ(auth_pool_exclude(p, IP(192, 168, 0, 1)), 0);
	CHECK_EQ(auth_pool_available(p), 3);
	CHECK_EQ(auth_pool_lease(p, 100, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 2));
	/* The same link again: the same address, nothing more used. */
	CHECK_EQ(auth_pool_lease(p, 100, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 2));
	CHECK_EQ(auth_pool_lease(p, 100, IP(10, 8, 0, 2), &a), 0);
	CHECK_EQ(auth_pool_lease(p, 100, IP(10, 8, 0, 3), &a), AUTH_POOL_BAD_LINK);
	CHECK_EQ(auth_pool_available(p), 2);
	CHECK_EQ(auth_pool_lease(p, 101, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 3));
	CHECK_EQ(auth_pool_lease(p, 102, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 4));
	/* Exhausted. */
	CHECK_EQ(auth_pool_lease(p, 103, 0, &a), AUTH_POOL_EXHAUSTED);
	CHECK_EQ(auth_pool_available(p), 0);
	/* Excluding a leased address is refused. */
	CHECK_EQ(auth_pool_exclude(p, IP(10, 8, 0, 3)), -1);
	/* Release, then the freed address comes back; unknown links are refused. */
	CHECK_EQ(auth_pool_release(p, 101), 0);
	CHECK_EQ(auth_pool_release(p, 101), -1);
	CHECK_EQ(auth_pool_release(p, 999), -1);
	CHECK_EQ(auth_pool_release(p, 0), -1);
	CHECK_EQ(auth_pool_addr_of(p, 101), 0);
	CHECK_EQ(auth_pool_addr_of(p, 102), IP(10, 8, 0, 4));
	CHECK_EQ(auth_pool_lease(p, 103, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 3));
	/* Link 0 and the reserved id are not links. */
	CHECK_EQ(auth_pool_lease(p, 0, 0, &a), AUTH_POOL_BAD_LINK);
	CHECK_EQ(auth_pool_lease(p, UINT32_MAX, 0, &a), AUTH_POOL_BAD_LINK);
	CHECK_EQ(auth_pool_addr_of(p, UINT32_MAX), 0);
	auth_pool_free(p);
}

static void test_pool_reuse_order(void)
{
	struct auth_pool *p = auth_pool_new(IP(10, 8, 0, 10), IP(10, 8, 0, 13));
	uint32_t a;

	auth_pool_lease(p, 1, 0, &a);	/* .10 */
	auth_pool_lease(p, 2, 0, &a);	/* .11 */
	auth_pool_release(p, 1);
	/* Next-fit: .12 before the just-freed .10. */
	CHECK_EQ(auth_pool_lease(p, 3, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 12));
	CHECK_EQ(auth_pool_lease(p, 4, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 13));
	CHECK_EQ(auth_pool_lease(p, 5, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 10));	/* wrapped around */
	auth_pool_free(p);
}

static void test_pool_static(void)
{
	struct auth_pool *p = auth_pool_new(IP(10, 8, 0, 10), IP(10, 8, 0, 20));
	uint32_t a = 0;

	auth_pool_exclude(p, IP(10, 8, 0, 15));
	CHECK_EQ(auth_pool_lease(p, 1, IP(10, 8, 0, 17), &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 17));
	CHECK_EQ(auth_pool_lease(p, 2, IP(10, 8, 0, 17), &a), AUTH_POOL_UNAVAILABLE);
	CHECK_EQ(auth_pool_lease(p, 2, IP(10, 8, 0, 15), &a), AUTH_POOL_UNAVAILABLE);
	CHECK_EQ(auth_pool_lease(p, 2, IP(10, 8, 0, 21), &a), AUTH_POOL_UNAVAILABLE);
	CHECK_EQ(auth_pool_lease(p, 2, IP(10, 8, 0, 9), &a), AUTH_POOL_UNAVAILABLE);
	CHECK_EQ(auth_pool_lease(p, 2, IP(10, 8, 0, 20), &a), 0);
	/* Dynamic leases skip the static and excluded ones. */
	for (uint32_t l = 3; l < 20; l++) {
		int rc = auth_pool_lease(p, l, 0, &a);

		if (rc)
			break;
		CHECK(a != IP(10, 8, 0, 15) && a != IP(10, 8, 0, 17) && a != IP(10, 8, 0, 20));
	}
	CHECK_EQ(auth_pool_available(p), 0);
	auth_pool_free(p);
}

static void test_pool_limits(void)
{
	struct auth_pool *p;
	uint32_t a;

	p = auth_pool_new(IP(10, 0, 0, 0), IP(10, 0, 255, 255));
	CHECK(p != NULL);
	auth_pool_free(p);
	CHECK(auth_pool_new(IP(10, 0, 0, 0), IP(10, 1, 0, 0)) == NULL);
	CHECK(auth_pool_new(IP(10, 0, 0, 2), IP(10, 0, 0, 1)) == NULL);
	CHECK(auth_pool_new(0, 5) == NULL);
	CHECK(auth_pool_new(IP(255, 255, 255, 0), UINT32_MAX) == NULL);
	/* A pool of one address. */
	p = auth_pool_new(IP(10, 8, 0, 1), IP(10, 8, 0, 1));
	CHECK_EQ(auth_pool_lease(p, 7, 0, &a), 0);
	CHECK_EQ(auth_pool_lease(p, 8, 0, &a), AUTH_POOL_EXHAUSTED);
	CHECK_EQ(auth_pool_release(p, 7), 0);
	CHECK_EQ(auth_pool_lease(p, 8, 0, &a), 0);
	CHECK_EQ(a, IP(10, 8, 0, 1));
	auth_pool_free(p);
	/* Fully excluded: exhausted at once. */
	p = auth_pool_new(IP(10, 8, 0, 1), IP(10, 8, 0, 1));
	auth_pool_exclude(p, IP(10, 8, 0, 1));
	CHECK_EQ(auth_pool_lease(p, 8, 0, &a), AUTH_POOL_EXHAUSTED);
	auth_pool_free(p);
	/* A /16 leased to the last address, every address once. */
	p = auth_pool_new(IP(10, 9, 0, 0), IP(10, 9, 255, 255));
	{
		static uint8_t seen[AUTH_POOL_MAX];
		bool dup = false;

		memset(seen, 0, sizeof(seen));
		for (uint32_t l = 1; l <= AUTH_POOL_MAX; l++) {
			if (auth_pool_lease(p, l, 0, &a)) {
				dup = true;
				break;
			}
			dup |= seen[a - IP(10, 9, 0, 0)]++ != 0;
		}
		CHECK(!dup);
		CHECK_EQ(auth_pool_lease(p, AUTH_POOL_MAX + 1, 0, &a), AUTH_POOL_EXHAUSTED);
	}
	auth_pool_free(p);
}

/* Random leases and releases against a model: same answers, never an address twice. */
static void test_pool_random(void)
{
	enum { SIZE = 50, LINKS = 80 };
	struct auth_pool *p = auth_pool_new(IP(10, 8, 1, 0), IP(10, 8, 1, SIZE - 1));
	uint32_t model[LINKS + 1] = { 0 };	/* link -> address, 0 none */
	uint32_t rnd = 12345, a;
	unsigned int held = 0;

	for (int i = 0; i < 20000; i++) {
		uint32_t link, want = 0;
		int rc;

		rnd = rnd * 1103515245u + 12345u;
		link = 1 + (rnd >> 8) % LINKS;
		if ((rnd >> 20) & 1) {
			rc = auth_pool_release(p, link);
			CHECK_EQ(rc, model[link] ? 0 : -1);
			if (model[link])
				held--;
			model[link] = 0;
		} else {
			if (((rnd >> 21) & 7) == 0)
				want = IP(10, 8, 1, (rnd >> 24) % (SIZE + 5));
			rc = auth_pool_lease(p, link, want, &a);
			if (model[link]) {
				CHECK_EQ(rc, want && want != model[link] ? AUTH_POOL_BAD_LINK : 0);
				if (!rc)
					CHECK_EQ(a, model[link]);
			} else if (!rc) {
				for (int l = 1; l <= LINKS; l++)
					CHECK(model[l] != a);
				CHECK(!want || a == want);
				model[link] = a;
				held++;
			} else {
				CHECK(rc == (want ? AUTH_POOL_UNAVAILABLE : AUTH_POOL_EXHAUSTED));
				if (!want)
					CHECK_EQ(held, SIZE);
			}
		}
		CHECK_EQ(auth_pool_available(p), SIZE - held);
		for (int l = 1; l <= LINKS; l++)
			CHECK_EQ(auth_pool_addr_of(p, (uint32_t)l), model[l]);
	}
	auth_pool_free(p);
	auth_pool_free(NULL);
}

/* A new pool takes over the old one's leases: inside kept, outside counted. */
static void test_pool_adopt(void)
{
	struct auth_pool *a = auth_pool_new(100, 109), *b = auth_pool_new(105, 120);
	uint32_t addr;
	size_t outside;

	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK(!auth_pool_lease(a, 1, 0, &addr) && addr == 100);
	CHECK(!auth_pool_lease(a, 2, 106, &addr) && addr == 106);
	CHECK(!auth_pool_lease(a, 3, 109, &addr) && addr == 109);
	CHECK(!auth_pool_exclude(b, 110));
	CHECK_EQ(auth_pool_adopt(b, a, &outside), 0);
	CHECK_EQ(outside, 1);
	CHECK_EQ(auth_pool_addr_of(b, 1), 0);	/* 100 is outside: not b's */
	CHECK_EQ(auth_pool_addr_of(b, 2), 106);
	CHECK_EQ(auth_pool_addr_of(b, 3), 109);
	CHECK(!auth_pool_lease(b, 4, 0, &addr) && addr == 105);
	CHECK(!auth_pool_lease(b, 5, 0, &addr) && addr == 107);
	CHECK_EQ(auth_pool_release(b, 1), -1);	/* link 1's release: nothing in b */
	auth_pool_free(b);
	/* a lease on the new pool's excluded address cannot be taken */
	b = auth_pool_new(100, 120);
	CHECK(b != NULL);
	if (!b)
		goto out;
	CHECK(!auth_pool_exclude(b, 106));
	CHECK_EQ(auth_pool_adopt(b, a, &outside), 1);
	CHECK_EQ(outside, 0);
out:
	auth_pool_free(a);
	auth_pool_free(b);
}

const struct test_case auth_pool_tests[] = {
	T(test_pool_parse),
	T(test_pool_leases),
	T(test_pool_reuse_order),
	T(test_pool_static),
	T(test_pool_limits),
	T(test_pool_random),
	T(test_pool_adopt),
	T_END,
};
