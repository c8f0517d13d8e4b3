/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IPv4 address pool for the PPP server's clients: a range of at most
 * AUTH_POOL_MAX addresses, addresses excluded from it (the gateway's own,
 * a DNS server's), leases held by link id (the daemon's id of a PPP link,
 * non-zero). A link holds at most one address and an address belongs to
 * at most one link; released addresses are handed out again last (the
 * search goes on from the last lease), so that a client that comes back
 * quickly is not confused with the previous one. Addresses are in host
 * byte order.
 */
#ifndef L2TPSEC_POOL_H
#define L2TPSEC_POOL_H

#include <stddef.h>
#include <stdint.h>

#define AUTH_POOL_MAX	65536

struct auth_pool;

/*
 * Parse "A.B.C.D-E.F.G.H" (inclusive), "A.B.C.D/N" (the network's
 * addresses without its network and broadcast address when N <= 30) or
 * one address. 0 and the range, or -1 with *why.
 */
int auth_pool_parse(const char *spec, uint32_t *first, uint32_t *last, const char **why);
/* A pool of first..last (at most AUTH_POOL_MAX, no 0.0.0.0 nor 255.255.255.255), or NULL. */
struct auth_pool *auth_pool_new(uint32_t first, uint32_t last);
void auth_pool_free(struct auth_pool *p);

/* Never lease addr: 0 (also when addr is outside the pool), -1 if it is leased. */
int auth_pool_exclude(struct auth_pool *p, uint32_t addr);

#define AUTH_POOL_EXHAUSTED	-1	/* no free address */
#define AUTH_POOL_UNAVAILABLE	-2	/* the wanted address is outside, excluded or leased */
#define AUTH_POOL_BAD_LINK	-3	/* link id 0, or the link holds another address */

/*
 * Lease an address to link: want (a static address, which must be in the
 * pool and free) or, with want 0, the next free one. A link that already
 * holds an address gets the same one again (want 0 or equal). 0 and *addr,
 * or AUTH_POOL_*.
 */
int auth_pool_lease(struct auth_pool *p, uint32_t link, uint32_t want, uint32_t *addr);
/* Give link's address back. 0, or -1 if it held none. */
int auth_pool_release(struct auth_pool *p, uint32_t link);
/* link's address, or 0. */
uint32_t auth_pool_addr_of(const struct auth_pool *p, uint32_t link);
/*
 * A new pool taking over src's leases (SIGHUP with another range or
 * gateway address): each lease of src inside dst's range is leased again
 * to the same link in dst. *outside: leases outside dst's range (their
 * links keep the address; it cannot be handed out, and its release is a
 * no-op). Return: leases dst cannot take (the address is excluded there:
 * the new gateway address), 0 normally.
 */
int auth_pool_adopt(struct auth_pool *dst, const struct auth_pool *src, size_t *outside);
/* Addresses in the range, and those neither excluded nor leased. */
size_t auth_pool_size(const struct auth_pool *p);
size_t auth_pool_available(const struct auth_pool *p);

#endif
