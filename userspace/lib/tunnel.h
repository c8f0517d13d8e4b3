/* SPDX-License-Identifier: GPL-2.0 */
/* L2TP tunnels: what TUNNEL_NEW/SET take and TUNNEL_GET returns. */
#ifndef L2TPSEC_TUNNEL_H
#define L2TPSEC_TUNNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "l2tpsec.h"
#include "parse.h"
#include "stats.h"

/*
 * One tunnel. TUNNEL_NEW sends id, peer_id, version, local and peer, and
 * the optional attributes whose bit is in has (BIT(L2TPSEC_A_TUNNEL_
 * LOCAL_PORT), _PEER_PORT, _SA_OUT, _SA_IN (if n_sa_in > 0),
 * _ESP_REQUIRED); TUNNEL_SET sends id and _SA_OUT / _SA_IN (n_sa_in 0:
 * unbind) / _ESP_REQUIRED / BIT(L2TPSEC_A_PEER_IP4) (the peer moved) if
 * in has. From the kernel: what it carried.
 */
struct l2s_tunnel {
	uint64_t has;			/* BIT(attribute) */
	uint32_t id, peer_id;
	uint8_t version;
	struct ipaddr local, peer;
	uint16_t sport, dport;
	uint32_t sa_out;		/* 0 = none */
	uint32_t sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];	/* inbound binding */
	unsigned int n_sa_in;		/* 0: unbound */
	bool esp_required;
	struct l2_stats stats;		/* reported only */
};

/* Pure request builders (buf: L2S_REQ_SIZE bytes). */
struct nlmsghdr *tunnel_build_new(void *buf, uint16_t family,
				  const struct l2s_tunnel *t);
struct nlmsghdr *tunnel_build_set(void *buf, uint16_t family,
				  const struct l2s_tunnel *t);
struct nlmsghdr *tunnel_build_del(void *buf, uint16_t family, uint32_t id);
/* One tunnel if id != 0, else a dump. */
struct nlmsghdr *tunnel_build_get(void *buf, uint16_t family, uint32_t id);

/* Pure: a TUNNEL_GET reply or dump message. 0, or -1 if malformed. */
int tunnel_parse(const struct nlmsghdr *nlh, void *item);

/* 0 or -errno with *ke. */
int l2s_tunnel_add(struct l2s *k, const struct l2s_tunnel *t,
		   struct l2s_kerr *ke);
int l2s_tunnel_set(struct l2s *k, const struct l2s_tunnel *t,
		   struct l2s_kerr *ke);
int l2s_tunnel_del(struct l2s *k, uint32_t id, struct l2s_kerr *ke);
/* One tunnel (id != 0) or all, appended to out (struct l2s_tunnel). */
int l2s_tunnel_get(struct l2s *k, uint32_t id, struct vec *out,
		   struct l2s_kerr *ke);

#endif
