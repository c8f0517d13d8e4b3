/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsecd core: the daemon state (struct ked) and its entry points.
 *
 * Everything with a side effect (sending a datagram, talking to the
 * kernel module, reading the clock) goes through struct ked_ops, so the
 * whole negotiation can run in-process between two instances in the unit
 * tests (tests/ikev2/test_exchange.c) with a fake network and a fake
 * kernel.
 *
 * The layers (Documentation/userspace-daemon.md): daemon/ (this, the
 * event loop, timers, sockets, control socket, kernel binding, logging),
 * ike/ (IKE SA and child SA objects and tables, shared by the IKE
 * versions), ikev2/ (IKEv2 messages, transport, exchanges, timers).
 */
#ifndef L2TPSEC_IKE_DAEMON_H
#define L2TPSEC_IKE_DAEMON_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "ike_sa.h"
#include "log.h"
#include "timer.h"

struct ked;
struct ike_cred;
struct ike_trust;

/* --- the kernel module, as the daemon uses it (kernel.c) --- */
struct kern_sa {
	uint32_t spi;
	uint8_t dir;			/* L2TPSEC_DIR_IN / OUT */
	struct in_addr local, peer;
	uint8_t alg;			/* enum l2tpsec_alg */
	uint8_t key[64], auth_key[64];
	size_t key_len, auth_len;
	bool encap;
	uint16_t sport, dport;		/* encap ports */
	uint32_t replay_window;		/* in only; 0 = module default */
	bool esn;
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets;
	uint32_t hard_seconds;
};

/* Inbound SAs one tunnel can be bound to (L2TPSEC_TUNNEL_SA_IN_MAX). */
#define KERN_SA_IN_MAX 4

struct kern_l2tp {
	uint32_t tunnel_id, peer_tunnel_id, session_id, peer_session_id;
	struct in_addr local, peer;
	uint16_t port;
	uint32_t sa_out;
	uint32_t sa_in[KERN_SA_IN_MAX];	/* inbound SAs the tunnel accepts */
	unsigned int n_sa_in;
	const struct conf_l2tp *c;	/* cookies, ifname, mtu, seq */
};

/* An L2TPv2 tunnel of the LNS (daemon/remote.c). */
struct kern_l2tp2 {
	uint16_t tunnel_id, peer_tunnel_id;
	struct in_addr local, peer;
	uint16_t port, peer_port;	/* L2TP UDP ports (Apple: an ephemeral peer port) */
	uint32_t sa_out;
	uint32_t sa_in[KERN_SA_IN_MAX];
	unsigned int n_sa_in;
	bool clear_text;		/* no SAs, ESP not required (`lns-clear-text yes`) */
};

/*
 * The module receives clear-text L2TP only on the UDP port of a tunnel:
 * while some conn allows clear text, the daemon keeps this tunnel
 * (L2TPv3, ESP required, no sessions: nothing passes through it) so that
 * port 1701 is open for the first SCCRQ of a clear-text client.
 */
#define KERN_LNS_LISTEN_ID	0xfffffff0u

struct kern_session_stats {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
};

struct kern_sa_stats {
	uint64_t packets, bytes;
	uint64_t seq;
};

struct ked_ops {
	/* Send an IKE message (the non-ESP marker is added on port 4500). */
	int (*send)(struct ked *d, const struct sockaddr_in *from,
		    const struct sockaddr_in *to, const uint8_t *buf, size_t len);
	/* Install an SA: 0, -EEXIST if the SPI is taken, other -errno with err. */
	int (*sa_add)(struct ked *d, const struct kern_sa *sa, char *err, size_t errlen);
	int (*sa_del)(struct ked *d, uint32_t spi, uint8_t dir);
	int (*sa_stats)(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st);
	int (*l2tp_add)(struct ked *d, const struct kern_l2tp *l, char *err, size_t errlen);
	/* Send with sa_out, accept only sa_in[0..n_in) (one request). */
	int (*l2tp_set_sa)(struct ked *d, uint32_t tunnel_id, uint32_t sa_out,
			   const uint32_t *sa_in, unsigned int n_in);
	int (*l2tp_del)(struct ked *d, uint32_t tunnel_id);
	/* The peer moved (NAT): SA (spi, dir) now goes to / comes from peer,
	 * and ESP-in-UDP port (port 0: keep the port). 0 or -errno. */
	int (*sa_move)(struct ked *d, uint32_t spi, uint8_t dir, struct in_addr peer,
		       uint16_t port);
	/* The peer's address changed: the tunnel follows. 0 or -errno. */
	int (*l2tp_move)(struct ked *d, uint32_t tunnel_id, struct in_addr peer);
	/* Monotonic milliseconds. */
	uint64_t (*now)(struct ked *d);

	/* --- remote access (daemon/remote.c): L2TPv2 tunnels, PPP sessions --- */
	/* An L2TPv2 tunnel bound to sa_in, sending with sa_out (or clear text). 0 or -errno. */
	int (*lns_tunnel_add)(struct ked *d, const struct kern_l2tp2 *t, char *err, size_t errlen);
	/* Open UDP 1701 for clear-text L2TP (the KERN_LNS_LISTEN_ID tunnel from
	 * local to peer); l2tp_del(KERN_LNS_LISTEN_ID) closes it. 0 or -errno. */
	int (*lns_listen)(struct ked *d, struct in_addr local, struct in_addr peer, char *err,
			  size_t errlen);
	/* A PPP session and its interface (ifname, ifindex filled). 0 or -errno. */
	int (*lns_session_add)(struct ked *d, uint32_t tid, uint32_t sid, uint32_t peer_sid,
			       uint32_t mtu, char ifname[16], uint32_t *ifindex, char *err,
			       size_t errlen);
	int (*lns_session_del)(struct ked *d, uint32_t tid, uint32_t sid);
	/* Packets and bytes of a session's interface, each way. 0 or -errno. */
	int (*lns_session_stats)(struct ked *d, uint32_t tid, uint32_t sid,
				 struct kern_session_stats *st);
	int (*ctrl_send)(struct ked *d, uint32_t tid, const uint8_t *msg, size_t len);
	int (*ppp_send)(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame,
			size_t len);
	/* Up the interface, local address, peer's /32 route. 0 or -errno with err. */
	int (*ip_up)(struct ked *d, uint32_t ifindex, struct in_addr local, struct in_addr peer,
		     char *err, size_t errlen);
	/* Proxy ARP for a client's address on the LAN whose subnet holds it
	 * (add: *lan set, 0 if none) or off again (!add, from *lan). Optional. */
	int (*proxy_arp)(struct ked *d, struct in_addr addr, uint32_t skip, bool add,
			 uint32_t *lan, char *err, size_t errlen);
	/* Up the interface, fe80::<local_id>/64 with the peer fe80::<peer_id>.
	 * 0 or -errno with err. Optional. */
	int (*ipv6_up)(struct ked *d, uint32_t ifindex, uint64_t local_id, uint64_t peer_id,
		       char *err, size_t errlen);
	/* Lower the interface's MTU to at most mtu; *now: the MTU it has. 0 or
	 * -errno with err. Optional. */
	int (*mtu_cap)(struct ked *d, uint32_t ifindex, uint32_t mtu, uint32_t *now, char *err,
		       size_t errlen);
};

#define KED_MAX_HALF_OPEN_SOURCES 1024

struct ked {
	const struct ked_ops *ops;
	void *priv;			/* ops' own state (net.c sockets, netlink) */
	struct conf *conf;
	struct ike_sa *sas;		/* every IKE SA, newest first */
	struct ike_sa_table tab;	/* ... indexed by SPI; child SAs by SPI */
	struct timer_heap timers;	/* one entry per IKE SA with a deadline */
	uint32_t next_serial;
	unsigned int n_half_open;
	uint8_t cookie_secret[32];
	uint8_t cookie_secret_old[32];
	uint8_t cookie_version;
	uint64_t cookie_rotate_ms;
	struct ike_trust *trust;
	/* per conn: loaded credentials, parallel to conf->conns */
	struct ike_cred **creds;
	uint64_t *conn_next_init;	/* per conn: earliest next initiation */
	bool stopping;
	struct ra *ra;			/* remote access (lns block), NULL: none */
	uint64_t stats_cookies_sent, stats_dropped, stats_half_open_rejected;
};

/* --- ked.c --- */
/* Set up a daemon on conf (credentials loaded); conns with start=initiate
 * are initiated by the first ked_tick(). 0 or -1 with err. */
int ked_init(struct ked *d, const struct ked_ops *ops, void *priv, struct conf *conf,
	     char *err, size_t errlen);
/* Run due timers; returns ms until the next one (or -1 = none). */
int ked_tick(struct ked *d);
/* Apply a new configuration (SIGHUP); takes ownership of conf. */
int ked_reload(struct ked *d, struct conf *conf, char *err, size_t errlen);
/* The module said SA (spi, dir) reached a limit. */
void ked_expire(struct ked *d, uint32_t spi, uint8_t dir, bool hard);
/* The module saw authentic ESP of SA (spi, dir) from peer (SA_MAPPING):
 * the peer's NAT mapping changed; its IKE SA and child SAs follow. */
void ked_mapping(struct ked *d, uint32_t spi, uint8_t dir, const struct sockaddr_in *peer);
/* Delete every IKE SA (notify peers once) and remove everything we installed. */
void ked_shutdown(struct ked *d);
void ked_free(struct ked *d);
const struct conf_conn *ked_conn_for(struct ked *d, const struct sockaddr_in *local,
				     const struct sockaddr_in *remote);
struct ike_cred *ked_cred(struct ked *d, const struct conf_conn *conn);

/* --- dispatch.c --- */
/* A received datagram (IKE header first; marker removed), on local addr:
 * handed to the IKE version it is for. */
void ked_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
	       const struct sockaddr_in *from);

/* --- show.c --- */
/* Text or JSON state (control socket). */
void ked_show(struct ked *d, FILE *f, bool json);

static inline uint64_t ked_now(struct ked *d)
{
	return d->ops->now(d);
}

#endif
