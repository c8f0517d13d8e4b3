// SPDX-License-Identifier: GPL-2.0
/* Shared command plumbing: the connection and the CLI's error messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_connect(struct cli *c)
{
	return l2s_connect(&c->k, &c->e) ? EXIT_RUNTIME : EXIT_OK;
}

void cli_disconnect(struct cli *c)
{
	l2s_close(&c->k);
}

static const char *hint_for(int err)
{
	switch (err) {
	case EPERM:
		return " (needs CAP_NET_ADMIN)";
	default:
		return "";
	}
}

void cli_kernel_error(struct l2s_err *e, const char *what,
		      const struct l2s_kerr *ke)
{
	char hint[96] = "";

	if (ke->attr >= 0) {
		const char *kw = attr_keyword(ke->cmd, ke->attr);

		if (kw)
			snprintf(hint, sizeof(hint), " (attribute '%s')", kw);
		else
			snprintf(hint, sizeof(hint), " (attribute %d)", ke->attr);
	} else if (ke->missing >= 0) {
		const char *kw = attr_keyword(ke->cmd, ke->missing);

		if (kw)
			snprintf(hint, sizeof(hint), " (missing '%s')", kw);
		else
			snprintf(hint, sizeof(hint), " (missing attribute %d)",
				 ke->missing);
	}
	if (ke->bad_reply)
		l2s_errf(e, "%s: malformed reply from the kernel", what);
	else if (ke->msg[0])
		l2s_errf(e, "%s: %s%s", what, ke->msg, hint);
	else
		l2s_errf(e, "%s: %s%s%s", what, strerror(ke->error), hint,
			 hint_for(ke->error));
}

int cli_result(struct cli *c, const char *what, int rc,
	       const struct l2s_kerr *ke)
{
	if (!rc)
		return EXIT_OK;
	cli_kernel_error(&c->e, what, ke);
	return EXIT_RUNTIME;
}
