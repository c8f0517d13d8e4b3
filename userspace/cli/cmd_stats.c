// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec stats" and the counters of every show command. */
#include <inttypes.h>

#include "cli.h"
#include "show.h"

void stats_print_text(FILE *f, const struct l2_stats *st)
{
	bool first = true;

	for (int t = L2TPSEC_STATS_RX_PACKETS; t <= L2TPSEC_STATS_MAX; t++) {
		bool drop = t >= L2TPSEC_STATS_DROP_AUTH;

		if (!(st->has & (1U << t)) || (drop && st->v[t] == 0))
			continue;
		fputs(first ? "" : " ", f);
		for (const char *p = stats_json_name(t); *p; p++)
			fputc(*p == '_' ? '-' : *p, f);
		fprintf(f, " %" PRIu64, st->v[t]);
		first = false;
	}
}

void stats_print_json(struct json *j, const struct l2_stats *st)
{
	json_obj_open(j);
	for (int t = L2TPSEC_STATS_RX_PACKETS; t <= L2TPSEC_STATS_MAX; t++) {
		if (st->has & (1U << t))
			json_kv_u64(j, stats_json_name(t), st->v[t]);
		else
			json_kv_null(j, stats_json_name(t));
	}
	json_obj_close(j);
}

int cmd_stats(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	struct l2_stats st;
	char b[80];
	int rc;

	if (argc > 0) {
		l2s_errf(&c->e, "stats: unknown argument '%s'",
			 shorten(argv[0], b, sizeof(b)));
		return EXIT_USAGE;
	}
	if (cli_connect(c))
		return EXIT_RUNTIME;
	rc = cli_result(c, "stats", l2s_stats_get(&c->k, &st, &ke), &ke);
	if (rc == EXIT_OK && !c->k.dry_run) {
		if (c->json) {
			struct json j;

			json_init(&j, c->out);
			stats_print_json(&j, &st);
		} else {
			stats_print_text(c->out, &st);
		}
		fputc('\n', c->out);
	}
	return rc;
}
