/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec sa": ESP security associations. */
#ifndef L2TPSEC_SA_H
#define L2TPSEC_SA_H

#include <stdint.h>
#include <stdio.h>

#include "alg.h"
#include "attrs.h"
#include "json.h"
#include "parse.h"
#include "stats.h"

#define SA_DEFAULT_UDP_PORT 4500

enum sa_life {
	SA_LIFE_SOFT_BYTES, SA_LIFE_HARD_BYTES,
	SA_LIFE_SOFT_PACKETS, SA_LIFE_HARD_PACKETS,
	SA_LIFE_SOFT_TIME, SA_LIFE_HARD_TIME,
	SA_LIFE_N
};

struct sa_params {
	uint64_t seen;			/* BIT(SA_KW_*) */
	uint32_t spi;
	uint8_t dir;			/* enum l2tpsec_dir */
	struct ipaddr local, peer;
	const struct alg_info *alg;
	uint8_t key[ALG_KEY_MAX];
	size_t key_len;
	uint8_t auth_key[ALG_KEY_MAX];
	size_t auth_len;
	uint8_t encap;			/* enum l2tpsec_encap */
	uint16_t sport, dport;		/* set (4500) when encap is udp */
	uint32_t replay_window;
	uint64_t seq;
	uint64_t life[SA_LIFE_N];
};

enum {
	SA_KW_SPI, SA_KW_DIR, SA_KW_LOCAL, SA_KW_PEER, SA_KW_ALG, SA_KW_KEY,
	SA_KW_AUTH_KEY, SA_KW_ENCAP, SA_KW_SPORT, SA_KW_DPORT, SA_KW_REPLAY,
	SA_KW_ESN, SA_KW_SEQ, SA_KW_LIFE,	/* + enum sa_life */
	SA_KW_N = SA_KW_LIFE + SA_LIFE_N
};

/* Pure: argv (after "add") -> params. 0, or -1 with *e set. */
int sa_parse_add(int argc, char **argv, struct sa_params *p,
		 struct l2s_err *e);
/* Pure: params -> SA_NEW request in buf (CLI_REQ_SIZE bytes). */
struct nlmsghdr *sa_build_new(void *buf, uint16_t family,
			      const struct sa_params *p);
struct nlmsghdr *sa_build_del(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir);
/* One SA if spi != 0, else a dump. */
struct nlmsghdr *sa_build_get(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir);

/* What the kernel says about an SA. */
struct sa_info {
	uint64_t has;			/* BIT(attribute) */
	uint32_t spi;
	uint8_t dir, alg, encap, esn, state;
	struct ipaddr local, peer;
	uint16_t sport, dport;
	uint32_t replay_window;
	uint64_t seq, age;
	char driver[128];		/* crypto driver, "" if not reported */
	uint64_t life[SA_LIFE_N];
	struct l2_stats stats;
};

int sa_info_parse(const struct nlmsghdr *nlh, void *item);
void sa_info_print_text(FILE *f, const struct sa_info *s);
void sa_info_print_json(struct json *j, const struct sa_info *s);

const char *sa_dir_name(unsigned int dir);

#endif
