// SPDX-License-Identifier: GPL-2.0
/* The module's generic-netlink client (client.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attrs.h"
#include "client.h"
#include "nl.h"

int l2s_connect(struct l2s *k, struct l2s_err *e)
{
	if (k->dry_run || k->nl)
		return 0;
	k->nl = nl_open(e);
	return k->nl ? 0 : -1;
}

void l2s_close(struct l2s *k)
{
	nl_close(k->nl);
	k->nl = NULL;
}

uint16_t l2s_family(const struct l2s *k)
{
	return k->nl ? k->nl->family : L2S_DRY_FAMILY;
}

void l2s_kerr_from(struct l2s_kerr *ke, const struct nlmsghdr *req,
		   const struct nl_err_info *ei)
{
	memset(ke, 0, sizeof(*ke));
	ke->error = ei->error;
	ke->cmd = attrs_genl_cmd(req);
	memcpy(ke->msg, ei->msg, sizeof(ke->msg));
	ke->attr = ei->has_offs ? nl_attr_at_offset(req, ei->offs) : -1;
	ke->missing = ei->has_miss ? (int)ei->miss_type : -1;
	ke->bad_reply = ei->error == EBADMSG && !ei->msg[0];
}

int l2s_request(struct l2s *k, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		struct l2s_kerr *ke)
{
	struct nl_err_info ei;

	memset(ke, 0, sizeof(*ke));
	ke->attr = ke->missing = -1;
	if (k->dry_run) {
		if (k->capture)
			k->capture(k->capture_priv, req);
		return 0;
	}
	if (!k->nl) {
		ke->error = ENOTCONN;
		ke->cmd = attrs_genl_cmd(req);
		return -ENOTCONN;
	}
	if (nl_talk(k->nl, req, cb, data, &ei) == 0)
		return 0;
	l2s_kerr_from(ke, req, &ei);
	return -ke->error;
}

struct get_ctx {
	l2s_parse_fn parse;
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

int l2s_get(struct l2s *k, struct nlmsghdr *req, l2s_parse_fn parse,
	    struct vec *out, struct l2s_kerr *ke)
{
	struct get_ctx g = { parse, out };
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	int rc;

	for (int tries = 0;; tries++) {
		out->n = 0;
		rc = l2s_request(k, req, get_cb, &g, ke);
		/* a dump interrupted by a change: start it again */
		if (rc == -EINTR && dump && tries < 5)
			continue;
		return rc;
	}
}

const char *l2s_kerr_format(const struct l2s_kerr *ke, char *buf, size_t n)
{
	size_t len;

	snprintf(buf, n, "%s", strerror(ke->error));
	len = strlen(buf);
	if (ke->msg[0] && len + 3 < n) {
		memcpy(buf + len, ": ", 3);
		strncat(buf, ke->msg, n - len - 3);
	}
	return buf;
}
