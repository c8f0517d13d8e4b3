// SPDX-License-Identifier: GPL-2.0
/* The list part of every show command (show.h). */
#include <stdlib.h>

#include "show.h"

void cli_show_items(struct cli *c, struct vec *v, const struct show_ops *ops)
{
	struct json j;

	if (v->n > 1)
		qsort(v->items, v->n, v->size, ops->cmp);
	json_init(&j, c->out);
	if (c->json)
		json_arr_open(&j);
	for (size_t i = 0; i < v->n; i++) {
		const void *item = (const char *)v->items + i * v->size;

		if (c->json) {
			ops->json(&j, item);
			continue;
		}
		if (i && ops->blank_between)
			fputc('\n', c->out);
		ops->text(c->out, item);
	}
	if (c->json) {
		json_arr_close(&j);
		fputc('\n', c->out);
	}
}
