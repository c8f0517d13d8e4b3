// SPDX-License-Identifier: GPL-2.0
/* Shared command plumbing: errors, connection, request helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "attrs.h"
#include "cli.h"
#include "nl.h"

int cli_connect(struct cli *c)
{
	if (c->dry_run || c->nl)
		return 0;
	c->nl = nl_open(&c->e);
	return c->nl ? 0 : -1;
}

uint16_t cli_family(const struct cli *c)
{
	return c->nl ? c->nl->family : CLI_DRY_FAMILY;
}

void cli_disconnect(struct cli *c)
{
	nl_close(c->nl);
	c->nl = NULL;
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
		      const struct nlmsghdr *req, const struct nl_err_info *ei)
{
	char hint[96] = "";
	int cmd = attrs_genl_cmd(req);

	if (ei->has_offs) {
		int type = nl_attr_at_offset(req, ei->offs);
		const char *kw = attr_keyword(cmd, type);

		if (kw)
			snprintf(hint, sizeof(hint), " (attribute '%s')", kw);
		else if (type >= 0)
			snprintf(hint, sizeof(hint), " (attribute %d)", type);
	} else if (ei->has_miss) {
		const char *kw = attr_keyword(cmd, (int)ei->miss_type);

		if (kw)
			snprintf(hint, sizeof(hint), " (missing '%s')", kw);
		else
			snprintf(hint, sizeof(hint), " (missing attribute %u)",
				 ei->miss_type);
	}
	if (ei->msg[0])
		l2s_errf(e, "%s: %s%s", what, ei->msg, hint);
	else
		l2s_errf(e, "%s: %s%s%s", what, strerror(ei->error), hint,
			 hint_for(ei->error));
}

int cli_do_errno(struct cli *c, const char *what, struct nlmsghdr *req,
		 mnl_cb_t cb, void *data, int *err)
{
	struct nl_err_info ei;

	*err = 0;
	if (c->dry_run) {
		if (c->capture)
			c->capture(c->capture_priv, req);
		return EXIT_OK;
	}
	if (cli_connect(c))
		return EXIT_RUNTIME;
	if (nl_talk(c->nl, req, cb, data, &ei) == 0)
		return EXIT_OK;
	*err = ei.error;
	if (ei.error == EBADMSG && !ei.msg[0])
		l2s_errf(&c->e, "%s: malformed reply from the kernel", what);
	else
		cli_kernel_error(&c->e, what, req, &ei);
	return EXIT_RUNTIME;
}

int cli_do(struct cli *c, const char *what, struct nlmsghdr *req,
	   mnl_cb_t cb, void *data)
{
	int err;

	return cli_do_errno(c, what, req, cb, data, &err);
}

void vec_init(struct vec *v, size_t item_size)
{
	memset(v, 0, sizeof(*v));
	v->size = item_size;
}

void *vec_push(struct vec *v)
{
	void *p;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *items = reallocarray(v->items, cap, v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	p = (char *)v->items + v->n * v->size;
	memset(p, 0, v->size);
	v->n++;
	return p;
}

void vec_free(struct vec *v)
{
	free(v->items);
	memset(v, 0, sizeof(*v));
}

struct get_ctx {
	item_parse_fn parse;
	struct vec *out;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *g = data;
	void *item = vec_push(g->out);

	if (!item) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	if (g->parse(nlh, item) < 0) {
		g->out->n--;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int cli_get(struct cli *c, const char *what, struct nlmsghdr *req,
	    item_parse_fn parse, struct vec *out)
{
	struct get_ctx g = { parse, out };
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	int rc, err;

	for (int tries = 0;; tries++) {
		out->n = 0;
		rc = cli_do_errno(c, what, req, get_cb, &g, &err);
		/* a dump interrupted by a change: start it again */
		if (rc != EXIT_OK && dump && err == EINTR && tries < 5)
			continue;
		return rc;
	}
}
