/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote access: the L2TPv2 LNS (l2tp/) and the PPP server (ppp/) with
 * their users and address pool (auth/), bound to the daemon (struct ked)
 * and through its ked_ops to the module. This file is the only place that
 * knows all three layers and IKE: who may open a tunnel (an ESP SA that
 * IKE established for a conn saying `lns yes`), which SAs a tunnel is
 * bound to (its IKE SA's children, make-before-break across rekeys),
 * what goes when an IKE SA goes.
 */
#ifndef L2TPSEC_REMOTE_H
#define L2TPSEC_REMOTE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ked;
struct ike_sa;
struct child_sa;

/* With an lns block: the LNS, the PPP server, users and pool. 0 or -1 with err. */
int ra_init(struct ked *d, char *err, size_t errlen);
void ra_free(struct ked *d);
/* SIGHUP: the users file again (live sessions stay). 0 or -1 with err. */
int ra_reload(struct ked *d, char *err, size_t errlen);

/* A CTRL_RECV event: a control message from peer:port for local tunnel
 * tid (0: none matched), through inbound SA spi (0: clear text). */
void ra_ctrl_recv(struct ked *d, uint32_t tid, struct in_addr peer, uint16_t port, uint32_t spi,
		  const uint8_t *msg, size_t len);
/* A PPP_RECV event. */
void ra_ppp_recv(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame, size_t len);

/* Timers: run what is due; the next deadline (UINT64_MAX: none). */
void ra_tick(struct ked *d, uint64_t now);
uint64_t ra_next_timeout(const struct ked *d);

/* sa's children changed (one installed, or gone soon: except, may be NULL):
 * its tunnels are bound again, or go with their last child. */
void ra_children_changed(struct ike_sa *sa, const struct child_sa *except);
/* from's children moved to to (IKE rekey, phase 1 renewal). */
void ra_owner_moved(struct ike_sa *from, struct ike_sa *to);
/* sa's peer has a new public address (NAT): its tunnels follow, in the module too. */
void ra_peer_moved(struct ike_sa *sa, struct in_addr addr);
/* The daemon stops: StopCCN and LCP Terminate to every client. */
void ra_stop(struct ked *d);

/* `l2tpsec show sessions [--json]`: every call, its user and addresses. */
void ra_show_sessions(struct ked *d, FILE *f, bool json);
/* `l2tpsec disconnect`: a user's sessions (name) or one by link id. Count cleared. */
int ra_disconnect(struct ked *d, const char *user, uint32_t link_id);

/* A DHCPINFORM that came in on interface ifindex from src: 0 and the
 * DHCPACK in out (to *peer, port 68, from *local), or -1 (dropped). */
int ra_dhcp(struct ked *d, uint32_t ifindex, struct in_addr src, const uint8_t *req, size_t len,
	    uint8_t *out, size_t cap, size_t *out_len, struct in_addr *peer,
	    struct in_addr *local);

#endif
