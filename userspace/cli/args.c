// SPDX-License-Identifier: GPL-2.0
/* Keyword/value argument lists of the CLI (args.h). */
#include <string.h>

#include "args.h"

void args_init(struct args *a, const char *cmd, int argc, char **argv)
{
	a->argc = argc;
	a->argv = argv;
	a->i = 0;
	a->cmd = cmd;
}

int args_next(struct args *a, const struct kw *kws, int nkw, uint64_t *seen,
	      char **val, struct l2s_err *e)
{
	char b[80];
	const char *w;
	int k;

	*val = NULL;
	if (a->i >= a->argc)
		return -1;
	w = a->argv[a->i++];
	for (k = 0; k < nkw; k++)
		if (kws[k].name && strcmp(w, kws[k].name) == 0)
			break;
	if (k == nkw) {
		l2s_errf(e, "%s: unknown argument '%s'", a->cmd,
			 shorten(w, b, sizeof(b)));
		return -2;
	}
	if (*seen & BIT(k)) {
		l2s_errf(e, "%s: %s given twice", a->cmd, kws[k].name);
		return -2;
	}
	if (kws[k].value) {
		if (a->i >= a->argc) {
			l2s_errf(e, "%s: %s needs a value", a->cmd,
				 kws[k].name);
			return -2;
		}
		*val = a->argv[a->i++];
	}
	*seen |= BIT(k);
	return k;
}

int args_check_required(const struct args *a, const struct kw *kws, int nkw,
			uint64_t seen, struct l2s_err *e)
{
	for (int k = 0; k < nkw; k++) {
		if (kws[k].required && !(seen & BIT(k))) {
			l2s_errf(e, "%s: missing %s", a->cmd, kws[k].name);
			return -1;
		}
	}
	return 0;
}

uint64_t args_seen_attrs(uint64_t seen, const uint16_t *kw_attr, int nkw)
{
	uint64_t has = 0;

	for (int k = 0; k < nkw; k++)
		if ((seen & BIT(k)) && kw_attr[k])
			has |= BIT(kw_attr[k]);
	return has;
}
