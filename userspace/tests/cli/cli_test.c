// SPDX-License-Identifier: GPL-2.0
/* Helpers of the CLI tests: dry runs with captured requests. */
#include <linux/genetlink.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_test.h"

static void capture_cb(void *priv, const struct nlmsghdr *nlh)
{
	struct capture *cap = priv;

	if (cap->n >= CAP_MAX || nlh->nlmsg_len > sizeof(cap->msg[0])) {
		t_checks_failed++;
		fprintf(stderr, "  capture overflow\n");
		return;
	}
	memcpy(cap->msg[cap->n], nlh, nlh->nlmsg_len);
	cap->len[cap->n] = nlh->nlmsg_len;
	cap->n++;
}

void run_cli(struct run *r, const char *line)
{
	run_cli_in(r, line, NULL);
}

void run_cli_in(struct run *r, const char *line, const char *input)
{
	char *copy = strdup(line), *argv[64], *save = NULL, *w;
	size_t olen, elen;
	FILE *out, *err, *in = NULL;
	struct cli c;
	int argc = 0;

	memset(r, 0, sizeof(*r));
	argv[argc++] = (char *)"l2tpsec";
	for (w = strtok_r(copy, " ", &save); w && argc < 63;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	out = open_memstream(&r->out, &olen);
	err = open_memstream(&r->err, &elen);
	memset(&c, 0, sizeof(c));
	if (input)
		in = fmemopen((void *)input, strlen(input), "r");
	c.in = in ? in : fopen("/dev/null", "r");
	c.out = out;
	c.err = err;
	c.k.dry_run = true;
	c.k.capture = capture_cb;
	c.k.capture_priv = &r->cap;
	r->rc = cli_main(&c, argc, argv);
	fclose(out);
	fclose(err);
	if (c.in)
		fclose(c.in);
	free(copy);
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

const struct nlmsghdr *cap_nlh(const struct run *r, int i)
{
	return (const struct nlmsghdr *)r->cap.msg[i];
}

int cap_cmd(const struct run *r, int i)
{
	const struct genlmsghdr *g;

	if (i >= r->cap.n)
		return -1;
	g = mnl_nlmsg_get_payload(cap_nlh(r, i));
	return g->cmd;
}

struct any_ctx {
	const struct nlattr **tb;
	int n;
	bool bad;
};

static int any_cb(const struct nlattr *a, void *data)
{
	struct any_ctx *ac = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t > L2TPSEC_A_MAX || ac->tb[t])
		ac->bad = true;	/* unknown or duplicate */
	else
		ac->tb[t] = a;
	ac->n++;
	return MNL_CB_OK;
}

int cap_attrs(const struct run *r, int i, any_tb tb)
{
	struct any_ctx ac = { tb, 0, false };

	memset(tb, 0, sizeof(any_tb));
	if (i >= r->cap.n)
		return -1;
	mnl_attr_parse(cap_nlh(r, i), GENL_HDRLEN, any_cb, &ac);
	return ac.bad ? -1 : ac.n;
}

struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}
