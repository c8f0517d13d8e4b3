/* SPDX-License-Identifier: GPL-2.0 */
/* ESP security associations: what SA_NEW takes and SA_GET returns. */
#ifndef L2TPSEC_SA_H
#define L2TPSEC_SA_H

#include <stdint.h>

#include "alg.h"
#include "client.h"
#include "parse.h"
#include "stats.h"

#define SA_DEFAULT_UDP_PORT 4500

enum sa_life {
	SA_LIFE_SOFT_BYTES, SA_LIFE_HARD_BYTES,
	SA_LIFE_SOFT_PACKETS, SA_LIFE_HARD_PACKETS,
	SA_LIFE_SOFT_TIME, SA_LIFE_HARD_TIME,
	SA_LIFE_N
};

/* The attribute of each lifetime (the time ones are u32 seconds). */
extern const uint16_t sa_life_attr[SA_LIFE_N];

/*
 * One SA. To install it: spi, dir, local, peer, alg, key (+ auth_key for
 * non-AEAD algorithms) always; the optional attributes are sent when
 * their bit is in has (BIT(L2TPSEC_A_SA_ENCAP), ..._REPLAY_WINDOW, _ESN,
 * _SEQ, sa_life_attr[]); the ports go with encap udp. From the kernel:
 * has says what the message carried; keys are never reported.
 */
struct l2s_sa {
	uint64_t has;			/* BIT(attribute) */
	uint32_t spi;
	uint8_t dir;			/* enum l2tpsec_dir */
	struct ipaddr local, peer;
	uint8_t alg;			/* enum l2tpsec_alg */
	uint8_t key[ALG_KEY_MAX];
	size_t key_len;
	uint8_t auth_key[ALG_KEY_MAX];
	size_t auth_len;
	uint8_t encap;			/* enum l2tpsec_encap */
	uint16_t sport, dport;		/* encap udp ports */
	uint32_t replay_window;
	bool esn;
	uint64_t seq;
	uint64_t life[SA_LIFE_N];
	/* reported only */
	uint8_t state;			/* enum l2tpsec_sa_state */
	uint64_t age;
	char driver[128];		/* crypto driver, "" if not reported */
	struct l2_stats stats;
};

/* Pure request builders (buf: L2S_REQ_SIZE bytes). */
struct nlmsghdr *sa_build_new(void *buf, uint16_t family,
			      const struct l2s_sa *s);
/* SA_SET of s->spi, s->dir: the peer (BIT(L2TPSEC_A_PEER_IP4) in has)
 * and/or the encap peer port (BIT(L2TPSEC_A_SA_ENCAP_PEER_PORT)). */
struct nlmsghdr *sa_build_set(void *buf, uint16_t family,
			      const struct l2s_sa *s);
struct nlmsghdr *sa_build_del(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir);
/* One SA if spi != 0, else a dump. */
struct nlmsghdr *sa_build_get(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir);

/* Pure: an SA_GET reply or dump message. 0, or -1 if malformed. */
int sa_parse(const struct nlmsghdr *nlh, void *item);

const char *sa_dir_name(unsigned int dir);

/* Install s (an inbound ESP-in-UDP SA needs its port's encap socket
 * first: l2s_encap_ensure()). 0 or -errno with *ke; the request buffer
 * is wiped. */
int l2s_sa_add(struct l2s *k, const struct l2s_sa *s, struct l2s_kerr *ke);
int l2s_sa_del(struct l2s *k, uint32_t spi, uint8_t dir, struct l2s_kerr *ke);
/* Move SA (s->spi, s->dir) to s->peer and/or s->dport, as s->has says
 * (BIT(L2TPSEC_A_PEER_IP4), BIT(L2TPSEC_A_SA_ENCAP_PEER_PORT)); keys,
 * sequence numbers and counters stay. 0 or -errno with *ke. */
int l2s_sa_set(struct l2s *k, const struct l2s_sa *s, struct l2s_kerr *ke);
/* One SA (spi != 0) or all of them, appended to out (struct l2s_sa). */
int l2s_sa_get(struct l2s *k, uint32_t spi, uint8_t dir, struct vec *out,
	       struct l2s_kerr *ke);

#endif
