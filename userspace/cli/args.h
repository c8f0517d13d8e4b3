/* SPDX-License-Identifier: GPL-2.0 */
/* The CLI's keyword engine: "spi 0x100 dir in esn ..." argument lists. */
#ifndef L2TPSEC_ARGS_H
#define L2TPSEC_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "parse.h"

struct kw {
	const char *name;	/* NULL: a hole in the table */
	bool value;		/* takes a value */
	bool required;
};

struct args {
	int argc;
	char **argv;
	int i;
	const char *cmd;	/* "sa add", for messages */
};

void args_init(struct args *a, const char *cmd, int argc, char **argv);

/*
 * Next keyword: returns its index in kws (its value in *val, NULL for
 * flags), -1 at the end of the arguments, or -2 on error (unknown word,
 * missing value, keyword given twice). Marks it in *seen.
 */
int args_next(struct args *a, const struct kw *kws, int nkw, uint64_t *seen,
	      char **val, struct l2s_err *e);

/* Error for the first required keyword not in seen. */
int args_check_required(const struct args *a, const struct kw *kws, int nkw,
			uint64_t seen, struct l2s_err *e);

/* The optional attributes the keywords in seen stand for: BIT(kw_attr[k])
 * for each keyword k given that has one (0: none). */
uint64_t args_seen_attrs(uint64_t seen, const uint16_t *kw_attr, int nkw);

#endif
