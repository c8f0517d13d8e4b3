/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the show commands print: each object of the module as text (the
 * words of the add commands) or as a JSON object (Documentation/cli.md).
 * The item arguments are the library's structs (struct l2s_sa, ...).
 */
#ifndef L2TPSEC_SHOW_H
#define L2TPSEC_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "json.h"
#include "stats.h"

struct show_ops {
	int (*cmp)(const void *a, const void *b);	/* order of the list */
	void (*text)(FILE *f, const void *item);
	void (*json)(struct json *j, const void *item);
	bool blank_between;	/* text: an empty line between items */
};

/* Sort the items of v and print them to c->out (a JSON array with
 * --json). */
void cli_show_items(struct cli *c, struct vec *v, const struct show_ops *ops);

void sa_print_text(FILE *f, const void *sa);
void sa_print_json(struct json *j, const void *sa);
void tunnel_print_text(FILE *f, const void *tunnel);
void tunnel_print_json(struct json *j, const void *tunnel);
void session_print_text(FILE *f, const void *session);
void session_print_json(struct json *j, const void *session);
void encap_print_text(FILE *f, const void *encap);
void encap_print_json(struct json *j, const void *encap);

/* "rx-packets 1 rx-bytes 2 tx-packets 0 tx-bytes 0 drop-auth 3": traffic
 * counters always, drop counters only when non-zero. */
void stats_print_text(FILE *f, const struct l2_stats *st);
/* An object with every counter (null if the kernel did not send it). */
void stats_print_json(struct json *j, const struct l2_stats *st);

#endif
