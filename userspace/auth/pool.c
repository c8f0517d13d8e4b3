// SPDX-License-Identifier: GPL-2.0
/* IPv4 address pool: range, exclusions, leases by link id (auth/pool.h). */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define EXCLUDED	UINT32_MAX	/* owner of an excluded address */

/*
 * owner[] maps addresses to links; the links' addresses are found through
 * an open-addressing hash table (linear probing, 2 to 4 slots per address,
 * deletion by backward shift), so that a lease or a release costs O(1)
 * whatever the pool's size.
 */
struct auth_pool {
	uint32_t first;
	size_t size, used;	/* used: excluded or leased */
	size_t next;		/* where the next search starts */
	uint32_t *owner;	/* per address: 0 free, EXCLUDED, or the link id */
	uint32_t *hlink;	/* hash slots: link id (0 empty) */
	uint32_t *hidx;		/*   and the index of its address */
	size_t hmask;
};

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static int addr_parse(const char *s, size_t n, uint32_t *out)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

int auth_pool_parse(const char *spec, uint32_t *first, uint32_t *last, const char **why)
{
	size_t n = spec ? strlen(spec) : 0;
	const char *dash = spec ? memchr(spec, '-', n) : NULL;
	const char *slash = spec ? memchr(spec, '/', n) : NULL;
	uint32_t a, b;

	if (!n)
		return fail(why, "empty pool");
	if (dash) {
		if (addr_parse(spec, (size_t)(dash - spec), &a) ||
		    addr_parse(dash + 1, n - (size_t)(dash - spec) - 1, &b))
			return fail(why, "expected A.B.C.D-E.F.G.H");
		if (b < a)
			return fail(why, "range ends before it starts");
	} else if (slash) {
		char *end;
		unsigned long len;
		uint32_t mask;

		if (addr_parse(spec, (size_t)(slash - spec), &a))
			return fail(why, "expected A.B.C.D/N");
		if (slash[1] < '0' || slash[1] > '9')
			return fail(why, "bad prefix length");
		len = strtoul(slash + 1, &end, 10);
		if (*end || len > 32 || end - slash > 3)
			return fail(why, "bad prefix length");
		mask = len ? UINT32_MAX << (32 - len) : 0;
		if (a & ~mask)
			return fail(why, "host bits set in the network address");
		b = a | ~mask;
		if (len <= 30) {	/* without network and broadcast addresses */
			a++;
			b--;
		}
	} else {
		if (addr_parse(spec, n, &a))
			return fail(why, "expected an address, a range or a prefix");
		b = a;
	}
	if (!a || b == UINT32_MAX)
		return fail(why, "0.0.0.0 and 255.255.255.255 are not client addresses");
	if ((uint64_t)b - a + 1 > AUTH_POOL_MAX)
		return fail(why, "pool larger than 65536 addresses");
	*first = a;
	*last = b;
	return 0;
}

struct auth_pool *auth_pool_new(uint32_t first, uint32_t last)
{
	struct auth_pool *p;
	size_t size;

	if (last < first || !first || last == UINT32_MAX ||
	    (uint64_t)last - first + 1 > AUTH_POOL_MAX)
		return NULL;
	size = (size_t)(last - first) + 1;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->first = first;
	p->size = size;
	for (p->hmask = 1; p->hmask < 2 * size; p->hmask <<= 1)
		;
	p->owner = calloc(size, sizeof(p->owner[0]));
	p->hlink = calloc(p->hmask, sizeof(p->hlink[0]));
	p->hidx = calloc(p->hmask, sizeof(p->hidx[0]));
	p->hmask--;
	if (!p->owner || !p->hlink || !p->hidx) {
		auth_pool_free(p);
		return NULL;
	}
	return p;
}

void auth_pool_free(struct auth_pool *p)
{
	if (!p)
		return;
	free(p->owner);
	free(p->hlink);
	free(p->hidx);
	free(p);
}

static size_t hslot(const struct auth_pool *p, uint32_t link)
{
	return (size_t)((link * 2654435761u) & p->hmask);	/* Knuth's multiplicative hash */
}

static void hash_add(struct auth_pool *p, uint32_t link, size_t idx)
{
	size_t h = hslot(p, link);

	while (p->hlink[h])
		h = (h + 1) & p->hmask;
	p->hlink[h] = link;
	p->hidx[h] = (uint32_t)idx;
}

/* Remove the slot h, shifting back the entries of the probe run after it. */
static void hash_del(struct auth_pool *p, size_t h)
{
	size_t j = h;

	p->hlink[h] = 0;
	for (;;) {
		size_t home;

		j = (j + 1) & p->hmask;
		if (!p->hlink[j])
			return;
		home = hslot(p, p->hlink[j]);
		/* Leave j where it is if its home lies cyclically in (h, j]. */
		if (h <= j ? (h < home && home <= j) : (h < home || home <= j))
			continue;
		p->hlink[h] = p->hlink[j];
		p->hidx[h] = p->hidx[j];
		p->hlink[j] = 0;
		h = j;
	}
}

/* The hash slot of link, or SIZE_MAX. */
static size_t hash_find(const struct auth_pool *p, uint32_t link)
{
	for (size_t h = hslot(p, link); p->hlink[h]; h = (h + 1) & p->hmask)
		if (p->hlink[h] == link)
			return h;
	return SIZE_MAX;
}

static bool in_pool(const struct auth_pool *p, uint32_t addr)
{
	return addr >= p->first && (uint64_t)addr - p->first < p->size;
}

/* The index of link's address, or p->size. */
static size_t find_link(const struct auth_pool *p, uint32_t link)
{
	size_t h = hash_find(p, link);

	return h == SIZE_MAX ? p->size : p->hidx[h];
}

int auth_pool_exclude(struct auth_pool *p, uint32_t addr)
{
	size_t i;

	if (!in_pool(p, addr))
		return 0;
	i = addr - p->first;
	if (p->owner[i] == EXCLUDED)
		return 0;
	if (p->owner[i])
		return -1;
	p->owner[i] = EXCLUDED;
	p->used++;
	return 0;
}

int auth_pool_lease(struct auth_pool *p, uint32_t link, uint32_t want, uint32_t *addr)
{
	size_t held, i;

	if (!link || link == EXCLUDED)
		return AUTH_POOL_BAD_LINK;
	held = find_link(p, link);
	if (held < p->size) {
		if (want && want != p->first + held)
			return AUTH_POOL_BAD_LINK;
		*addr = p->first + (uint32_t)held;
		return 0;
	}
	if (want) {
		if (!in_pool(p, want) || p->owner[want - p->first])
			return AUTH_POOL_UNAVAILABLE;
		i = want - p->first;
	} else {
		if (p->used >= p->size)
			return AUTH_POOL_EXHAUSTED;
		for (i = p->next; p->owner[i]; i = (i + 1) % p->size)
			;
		p->next = (i + 1) % p->size;
	}
	p->owner[i] = link;
	p->used++;
	hash_add(p, link, i);
	*addr = p->first + (uint32_t)i;
	return 0;
}

int auth_pool_release(struct auth_pool *p, uint32_t link)
{
	size_t h;

	if (!link || link == EXCLUDED)
		return -1;
	h = hash_find(p, link);
	if (h == SIZE_MAX)
		return -1;
	p->owner[p->hidx[h]] = 0;
	p->used--;
	hash_del(p, h);
	return 0;
}

uint32_t auth_pool_addr_of(const struct auth_pool *p, uint32_t link)
{
	size_t i;

	if (!link || link == EXCLUDED)
		return 0;
	i = find_link(p, link);
	return i < p->size ? p->first + (uint32_t)i : 0;
}

size_t auth_pool_size(const struct auth_pool *p)
{
	return p->size;
}

size_t auth_pool_available(const struct auth_pool *p)
{
	return p->size - p->used;
}

int auth_pool_adopt(struct auth_pool *dst, const struct auth_pool *src, size_t *outside)
{
	uint32_t addr;
	int lost = 0;

	*outside = 0;
	for (size_t i = 0; i < src->size; i++) {
		uint32_t link = src->owner[i], a = src->first + (uint32_t)i;

		if (!link || link == EXCLUDED)
			continue;
		if (!in_pool(dst, a))
			(*outside)++;
		else if (auth_pool_lease(dst, link, a, &addr))
			lost++;
	}
	return lost;
}
