/* SPDX-License-Identifier: GPL-2.0 */
/* Counters (L2TPSEC_A_STATS) and the namespace-wide "stats" command. */
#ifndef L2TPSEC_STATS_H
#define L2TPSEC_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "l2tpsec.h"
#include "json.h"

struct l2_stats {
	bool present;			/* the message had L2TPSEC_A_STATS */
	uint32_t has;			/* bit n: counter n present */
	uint64_t v[L2TPSEC_STATS_MAX + 1];
};

/* Parse a L2TPSEC_A_STATS nest; -1 if a counter is not a u64. */
int stats_parse_nest(const struct nlattr *nest, struct l2_stats *st);

/* Parse a STATS_GET reply. */
int stats_parse_msg(const struct nlmsghdr *nlh, void *item);

/* "rx-packets 1 rx-bytes 2 tx-packets 0 tx-bytes 0 drop-auth 3": traffic
 * counters always, drop counters only when non-zero. */
void stats_print_text(FILE *f, const struct l2_stats *st);

/* An object with every counter (null if the kernel did not send it). */
void stats_print_json(struct json *j, const struct l2_stats *st);

const char *stats_json_name(int type);

/* Request builder. */
struct nlmsghdr *stats_build_get(void *buf, uint16_t family);

#endif
