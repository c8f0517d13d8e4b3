// SPDX-License-Identifier: GPL-2.0
/* The library's error type (err.h). */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

void l2s_errf(struct l2s_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}
