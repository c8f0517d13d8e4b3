/* SPDX-License-Identifier: GPL-2.0 */
/* Counters (L2TPSEC_A_STATS): of an object, or namespace-wide (STATS_GET). */
#ifndef L2TPSEC_STATS_H
#define L2TPSEC_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "l2tpsec.h"
#include "client.h"

struct l2_stats {
	bool present;			/* the message had L2TPSEC_A_STATS */
	uint32_t has;			/* bit n: counter n present */
	uint64_t v[L2TPSEC_STATS_MAX + 1];
};

/* Parse a L2TPSEC_A_STATS nest; -1 if a counter is not a u64. */
int stats_parse_nest(const struct nlattr *nest, struct l2_stats *st);

/* Parse a STATS_GET reply. */
int stats_parse_msg(const struct nlmsghdr *nlh, void *item);

/* The counter's name ("drop_auth"), NULL for a type it does not know. */
const char *stats_json_name(int type);

/* Request builder. */
struct nlmsghdr *stats_build_get(void *buf, uint16_t family);

/* The namespace's counters. 0 or -errno with *ke. */
int l2s_stats_get(struct l2s *k, struct l2_stats *out, struct l2s_kerr *ke);

#endif
