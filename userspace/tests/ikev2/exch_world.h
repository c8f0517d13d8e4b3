/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-process world of the two-daemon exchange tests (exch_world.c):
 * a fake network (a queue, optionally lossy, optionally a NAT rewriting
 * side 0's address), a fake kernel per side (SA and tunnel tables) and a
 * fake clock, all behind struct ked_ops. Side 0 initiates, side 1
 * listens. Used by test_exchange.c and test_collisions.c.
 */
#ifndef L2TPSEC_TEST_EXCH_WORLD_H
#define L2TPSEC_TEST_EXCH_WORLD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "ked.h"

#define MAXQ 64
#define MAXSA 32

struct fsa {
	bool used;
	struct kern_sa sa;
};

struct side {
	struct ked d;
	struct fsa sas[MAXSA];
	bool l2tp_up;
	uint32_t l2tp_sa_out;
	uint32_t l2tp_sa_in[KERN_SA_IN_MAX];	/* the tunnel's binding */
	unsigned int n_sa_in;
	unsigned int l2tp_adds, l2tp_switches, bad_switches, sa_adds, sa_dels;
	unsigned int sa_moves, l2tp_moves;
	struct in_addr l2tp_peer;		/* the tunnel's peer address */
	struct in_addr addr;
	uint64_t rx_packets;	/* what every SA's counters say (ESP liveness) */
};

struct pkt {
	struct sockaddr_in from, to;
	size_t len;
	uint8_t data[4096];
};

struct exch_world {
	struct side s[2];
	struct pkt q[MAXQ];
	unsigned int nq;
	uint64_t now;
	bool drop_to[2];	/* drop everything sent to side i */
	int drop_next_to;	/* drop the next datagram to this side, -1 none */
	bool nat;		/* side 0 is behind a NAT: 10.9.9.9:N seen by side 1 */
	uint16_t nat_rebind;	/* ... at port N + 30000 + nat_rebind */
	unsigned int sent, dropped;
};

extern struct exch_world W;
extern const struct ked_ops fops;
extern const char *const addr_txt[2];

/* The kernel SA (spi, dir) of side s, or NULL. */
struct fsa *find(struct side *s, uint32_t spi, uint8_t dir);
/* Side i with a conn "peer" (extra inside the conn block). 0 or -1. */
int setup_side(int i, const char *global, const char *extra, bool initiate);
/* A fresh world: empty queue, clock at 1000 s. */
void world(void);
/* world() and both sides: 0 initiates, 1 listens. */
int setup(const char *g0, const char *x0, const char *g1, const char *x1);
void teardown(void);
/* Every IKE SA's timer is queued no later than its earliest deadline. */
void check_timers(int i);
/* The side a queued datagram goes to. */
int pkt_side(const struct pkt *p);
/* Take datagram k off the queue and hand it to its side. */
void deliver(unsigned int k);
/* Deliver queued datagrams and run timers until quiet. */
void pump(void);
/* Advance the clock in steps of 250 ms, pumping. */
void run_for(uint64_t ms);
/* The first ESTABLISHED IKE SA of side i, or NULL. */
struct ike_sa *first_sa(int i);
unsigned int n_installed(int i);
/* Every SA of side 0 has its twin on side 1: same SPI, keys, algorithm. */
void check_matching(void);
/* Both tunnels up, each sending with the SA the other receives on. */
void check_tunnels(void);
/* Is side s's tunnel bound to inbound SA spi? */
bool bound_in(const struct side *s, uint32_t spi);

#endif
