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
#define MAXTUN 8		/* LNS tunnels of one fake kernel */
#define MAXSESS 16		/* LNS PPP sessions */
#define MAXFRAMES 256		/* control messages and PPP frames sent, not taken yet */
#define MAXBINDS 32		/* l2tp_set_sa calls on LNS tunnels remembered */

struct fsa {
	bool used;
	struct kern_sa sa;
};

/* An L2TPv2 tunnel of the LNS (remote access) in the fake kernel. */
struct ftun {
	bool used;
	struct kern_l2tp2 t;
};

/* A PPP session of the LNS and its interface. */
struct fsess {
	bool used;
	uint32_t tid, sid, peer_sid, mtu, ifindex;
	char ifname[16];
};

/* What the daemon sent through ctrl_send (sid 0, !ppp) or ppp_send. */
struct fframe {
	bool ppp;
	uint32_t tid, sid;
	size_t len;
	uint8_t data[1600];
};

/* One l2tp_set_sa of an LNS tunnel. */
struct fbind {
	uint32_t tid, sa_out;
	uint32_t sa_in[KERN_SA_IN_MAX];
	unsigned int n_in;
};

/* One ip_up. */
struct fipup {
	uint32_t ifindex;
	struct in_addr local, peer;
};

/* One ipv6_up. */
struct fipv6up {
	uint32_t ifindex;
	uint64_t local_id, peer_id;
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
	struct in_addr alias[2];	/* more addresses of the side (0: none) */
	uint64_t rx_packets;	/* what every SA's counters say (ESP liveness) */

	/* remote access (daemon/remote.c): the LNS's objects */
	struct ftun tuns[MAXTUN];
	struct fsess sess[MAXSESS];
	struct fframe frames[MAXFRAMES];	/* oldest first */
	unsigned int nframes;
	struct fbind binds[MAXBINDS];
	unsigned int nbinds;
	struct fipup ipups[MAXSESS];
	unsigned int nipups;
	/* proxy ARP entries: on now, ever added; the LAN (ifindex 77) holds 10.8.0.0/16 */
	unsigned int proxy_on, proxy_adds;
	struct in_addr proxy_last;
	struct fipv6up ipv6ups[MAXSESS];
	unsigned int nipv6ups;
	unsigned int mtu_caps;		/* mtu_cap calls (the session's mtu follows) */
	uint32_t next_ifindex;
	unsigned int lns_tunnel_adds, lns_tunnel_dels, lns_session_adds, lns_session_dels;
	unsigned int lns_bad;		/* an op on an object or SA the fake kernel lacks */
	unsigned int lns_early;		/* an LNS tunnel sent with an SA the other side lacks */
	unsigned int lns_out_gone;	/* the SA an LNS tunnel sends with deleted under it */
	unsigned int lns_no_sa;		/* CTRL_SEND/PPP_SEND refused: the tunnel's SA is gone */
	unsigned int ctrl_sent, ppp_sent, frames_lost;
	bool listening;			/* the KERN_LNS_LISTEN_ID tunnel (clear text) */
	unsigned int listens;
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
/* Side s's LNS tunnel tid, or NULL. */
struct ftun *lns_tun(struct side *s, uint32_t tid);
/* Side s's LNS session (tid, sid), or NULL. */
struct fsess *lns_sess(struct side *s, uint32_t tid, uint32_t sid);
unsigned int lns_n_tuns(const struct side *s);
unsigned int lns_n_sess(const struct side *s);
/* Take the oldest frame side s sent (ctrl_send / ppp_send): 1, or 0 if none. */
int lns_take(struct side *s, struct fframe *f);

#endif
