/* SPDX-License-Identifier: GPL-2.0 */
/* L2TP sessions (one network interface each): what SESSION_NEW takes and
 * SESSION_GET returns. */
#ifndef L2TPSEC_SESSION_H
#define L2TPSEC_SESSION_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "l2tpsec.h"
#include "client.h"
#include "stats.h"

/*
 * One session. SESSION_NEW sends tunnel, id, peer_id, and the optional
 * attributes whose bit is in has (BIT(L2TPSEC_A_SESSION_IFNAME), _PW_TYPE,
 * _COOKIE, _PEER_COOKIE, _L2SPEC, _SEND_SEQ, _RECV_SEQ, _MTU). From the
 * kernel: what it carried.
 */
struct l2s_session {
	uint64_t has;			/* BIT(attribute) */
	uint32_t tunnel, id, peer_id;
	char ifname[IFNAMSIZ];
	uint16_t pw;			/* enum l2tpsec_pw_type */
	uint8_t cookie[L2TPSEC_COOKIE_MAX], peer_cookie[L2TPSEC_COOKIE_MAX];
	size_t cookie_len, peer_cookie_len;
	uint8_t l2spec;			/* enum l2tpsec_l2spec */
	uint8_t send_seq, recv_seq;	/* 0 or 1 */
	uint32_t mtu;
	uint32_t ifindex;		/* reported only */
	struct l2_stats stats;		/* reported only */
};

/* Pure request builders (buf: L2S_REQ_SIZE bytes). */
struct nlmsghdr *session_build_new(void *buf, uint16_t family,
				   const struct l2s_session *s);
struct nlmsghdr *session_build_del(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id);
/* One session if id != 0, else a dump. */
struct nlmsghdr *session_build_get(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id);

/* Pure: a SESSION_GET reply or dump message. 0, or -1 if malformed. */
int session_parse(const struct nlmsghdr *nlh, void *item);

/* Create s; *made (if not NULL) is what the kernel answered: the
 * interface's name and index. 0 or -errno with *ke. */
int l2s_session_add(struct l2s *k, const struct l2s_session *s,
		    struct l2s_session *made, struct l2s_kerr *ke);
int l2s_session_del(struct l2s *k, uint32_t tunnel, uint32_t id,
		    struct l2s_kerr *ke);
/* One session (id != 0) or all of them (tunnel is then ignored: filter
 * yourself), appended to out (struct l2s_session). */
int l2s_session_get(struct l2s *k, uint32_t tunnel, uint32_t id,
		    struct vec *out, struct l2s_kerr *ke);

#endif
