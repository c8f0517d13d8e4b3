/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec session": L2TP sessions (one network interface each). */
#ifndef L2TPSEC_SESSION_H
#define L2TPSEC_SESSION_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "l2tpsec.h"
#include "json.h"
#include "parse.h"
#include "stats.h"

enum {
	SES_KW_TUNNEL, SES_KW_ID, SES_KW_PEER_ID, SES_KW_NAME, SES_KW_PW,
	SES_KW_COOKIE, SES_KW_PEER_COOKIE, SES_KW_L2SPEC, SES_KW_SEQ,
	SES_KW_MTU, SES_KW_N
};

struct session_params {
	uint64_t seen;			/* BIT(SES_KW_*) */
	uint32_t tunnel, id, peer_id;
	char ifname[IFNAMSIZ];
	uint16_t pw;			/* enum l2tpsec_pw_type */
	uint8_t cookie[L2TPSEC_COOKIE_MAX], peer_cookie[L2TPSEC_COOKIE_MAX];
	size_t cookie_len, peer_cookie_len;
	uint8_t l2spec;			/* enum l2tpsec_l2spec */
	bool send_seq, recv_seq;
	uint32_t mtu;
};

int session_parse_add(int argc, char **argv, struct session_params *p,
		      struct l2s_err *e);
struct nlmsghdr *session_build_new(void *buf, uint16_t family,
				   const struct session_params *p);
struct nlmsghdr *session_build_del(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id);
/* One session if id != 0, else a dump. */
struct nlmsghdr *session_build_get(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id);

struct session_info {
	uint64_t has;			/* BIT(attribute) */
	uint32_t tunnel, id, peer_id, ifindex, mtu;
	uint16_t pw;
	uint8_t l2spec, send_seq, recv_seq;
	char ifname[IFNAMSIZ];
	uint8_t cookie[L2TPSEC_COOKIE_MAX], peer_cookie[L2TPSEC_COOKIE_MAX];
	size_t cookie_len, peer_cookie_len;
	struct l2_stats stats;
};

int session_info_parse(const struct nlmsghdr *nlh, void *item);
void session_info_print_text(FILE *f, const struct session_info *s);
void session_info_print_json(struct json *j, const struct session_info *s);

#endif
