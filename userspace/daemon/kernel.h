/* SPDX-License-Identifier: GPL-2.0 */
/* l2tpsecd <-> the l2tpsec module, through lib/: requests and events. */
#ifndef L2TPSEC_IKE_KERNEL_H
#define L2TPSEC_IKE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "ked.h"

struct kern {
	struct l2s req;		/* requests (lib/client.h) */
	struct nl *ev;		/* the "events" multicast group */
};

/* Open both sockets ("module not loaded" ... in err). 0 or -1. */
int kern_open(struct kern *k, char *err, size_t errlen);
void kern_close(struct kern *k);
/* Hand our NAT-T socket to the module (ENCAP_NEW with ENCAP_FD). */
int kern_encap_fd(struct kern *k, int fd, char *err, size_t errlen);
int kern_events_fd(const struct kern *k);
/* Read pending events; SA_EXPIRE goes to ked_expire(), SA_MAPPING to
 * ked_mapping(). */
void kern_events_read(struct kern *k, struct ked *d);

/* The ked_ops kernel callbacks; d->priv must point at a struct whose
 * first member is a struct kern *. */
int kern_sa_add(struct ked *d, const struct kern_sa *sa, char *err, size_t errlen);
int kern_sa_del(struct ked *d, uint32_t spi, uint8_t dir);
int kern_sa_stats(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st);
int kern_l2tp_add(struct ked *d, const struct kern_l2tp *l, char *err, size_t errlen);
int kern_l2tp_set_sa(struct ked *d, uint32_t tunnel_id, uint32_t sa_out,
		     const uint32_t *sa_in, unsigned int n_in);
int kern_l2tp_del(struct ked *d, uint32_t tunnel_id);
int kern_sa_move(struct ked *d, uint32_t spi, uint8_t dir, struct in_addr peer, uint16_t port);
int kern_l2tp_move(struct ked *d, uint32_t tunnel_id, struct in_addr peer);
int kern_lns_tunnel_add(struct ked *d, const struct kern_l2tp2 *l, char *err, size_t errlen);
int kern_lns_listen(struct ked *d, struct in_addr local, struct in_addr peer, char *err,
		    size_t errlen);
int kern_lns_session_add(struct ked *d, uint32_t tid, uint32_t sid, uint32_t peer_sid,
			 uint32_t mtu, char ifname[16], uint32_t *ifindex, char *err,
			 size_t errlen);
int kern_lns_session_del(struct ked *d, uint32_t tid, uint32_t sid);
int kern_lns_session_stats(struct ked *d, uint32_t tid, uint32_t sid,
			   struct kern_session_stats *st);
int kern_ctrl_send(struct ked *d, uint32_t tid, const uint8_t *msg, size_t len);
int kern_ppp_send(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame, size_t len);

/* rtnl.c: the session interface up, our address, the client's /32. */
int rtnl_ip_up(struct ked *d, uint32_t ifindex, struct in_addr local, struct in_addr peer,
	       char *err, size_t errlen);
int rtnl_proxy_arp(struct ked *d, struct in_addr addr, uint32_t skip, bool add, uint32_t *lan,
		   char *err, size_t errlen);
/* rtnl.c: /proc/sys/net/FAM/conf/<ifindex's name>/KEY = VAL. 0 or -errno. */
int rtnl_sysctl(const char *fam, uint32_t ifindex, const char *key, const char *val,
		char *err, size_t errlen);
/* rtnl.c: fe80::<local_id>/64, peer fe80::<peer_id>, on the session interface. */
int rtnl_ipv6_up(struct ked *d, uint32_t ifindex, uint64_t local_id, uint64_t peer_id,
		 char *err, size_t errlen);
/* rtnl.c: the session interface's MTU lowered to at most mtu (*now: the result). */
int rtnl_mtu_cap(struct ked *d, uint32_t ifindex, uint32_t mtu, uint32_t *now, char *err,
		 size_t errlen);

#endif
