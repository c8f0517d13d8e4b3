// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec encap add|del|show". */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "encap.h"
#include "nl.h"
#include "parse.h"

int encap_info_parse(const struct nlmsghdr *nlh, void *item)
{
	struct encap_info *e = item;
	attr_tb tb;
	int bad;

	memset(e, 0, sizeof(*e));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	if (tb[L2TPSEC_A_ENCAP_PORT]) {
		e->has |= BIT(L2TPSEC_A_ENCAP_PORT);
		e->port = mnl_attr_get_u16(tb[L2TPSEC_A_ENCAP_PORT]);
	}
	if (tb[L2TPSEC_A_ENCAP_USERS]) {
		e->has |= BIT(L2TPSEC_A_ENCAP_USERS);
		e->users = mnl_attr_get_u32(tb[L2TPSEC_A_ENCAP_USERS]);
	}
	return 0;
}

void encap_info_print_text(FILE *f, const struct encap_info *e)
{
	fprintf(f, "encap port %u", e->port);
	if (e->has & BIT(L2TPSEC_A_ENCAP_USERS))
		fprintf(f, " users %" PRIu32, e->users);
	fputc('\n', f);
}

void encap_info_print_json(struct json *j, const struct encap_info *e)
{
	json_obj_open(j);
	json_key(j, "port");
	if (e->has & BIT(L2TPSEC_A_ENCAP_PORT))
		json_u64(j, e->port);
	else
		json_null(j);
	json_key(j, "users");
	if (e->has & BIT(L2TPSEC_A_ENCAP_USERS))
		json_u64(j, e->users);
	else
		json_null(j);
	json_obj_close(j);
}

struct nlmsghdr *encap_build_new(void *buf, uint16_t family, uint16_t port)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_ENCAP_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	/*
	 * ENCAP_PORT, not ENCAP_FD: the module opens the socket itself.
	 * The CLI exits right away, so a socket of ours would have no
	 * reader for IKE and would pin the namespace until "encap del".
	 */
	mnl_attr_put_u16(nlh, L2TPSEC_A_ENCAP_PORT, port);
	return nlh;
}

struct nlmsghdr *encap_build_del(void *buf, uint16_t family, uint16_t port)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_ENCAP_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u16(nlh, L2TPSEC_A_ENCAP_PORT, port);
	return nlh;
}

struct nlmsghdr *encap_build_dump(void *buf, uint16_t family)
{
	return nl_req_start(buf, family, L2TPSEC_CMD_ENCAP_GET,
			    NLM_F_REQUEST | NLM_F_DUMP);
}

/* ENCAP_NEW on port. Returns EXIT_*; *err is the kernel's errno. */
static int encap_add_port(struct cli *c, uint16_t port, int *err)
{
	char buf[CLI_REQ_SIZE];
	int rc;

	rc = cli_do_errno(c, "encap add",
			  encap_build_new(buf, cli_family(c), port), NULL,
			  NULL, err);
	if (rc != EXIT_OK && *err == EEXIST)
		l2s_errf(&c->e, "encap add: port %u already has an encap socket",
			 port);
	return rc;
}

int encap_ensure(struct cli *c, uint16_t port, bool *created)
{
	int r, err;

	*created = false;
	r = encap_add_port(c, port, &err);
	if (r == EXIT_OK) {
		*created = true;
	} else if (err == EEXIST) {
		c->e.msg[0] = '\0';
		r = EXIT_OK;	/* already there: use it */
	} else {
		/* "encap add: ..." would be confusing after "sa add" */
		char msg[sizeof(c->e.msg)];

		memcpy(msg, c->e.msg, sizeof(msg));
		l2s_errf(&c->e, "sa add: cannot open ESP-in-UDP port %u: %s",
			 port, strncmp(msg, "encap add: ", 11) == 0 ? msg + 11
								  : msg);
	}
	return r;
}

void encap_release(struct cli *c, uint16_t port)
{
	char buf[CLI_REQ_SIZE];
	struct l2s_err keep = c->e;	/* report the original failure */

	cli_do(c, "encap del", encap_build_del(buf, cli_family(c), port),
	       NULL, NULL);
	c->e = keep;
}

static const struct kw port_kws[] = { { "port", true, true } };

static int parse_port_arg(const char *cmd, int argc, char **argv,
			  uint16_t *port, struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	args_init(&a, cmd, argc, argv);
	while ((k = args_next(&a, port_kws, 1, &seen, &val, e)) >= 0)
		if (parse_port("port", val, port, e))
			return -1;
	if (k == -2)
		return -1;
	return args_check_required(&a, port_kws, 1, seen, e);
}

static int encap_cmp(const void *a, const void *b)
{
	const struct encap_info *x = a, *y = b;

	return (int)x->port - (int)y->port;
}

static int encap_show(struct cli *c, int argc, char **argv)
{
	char buf[CLI_REQ_SIZE], b[80];
	struct vec v;
	int rc;

	if (argc > 0) {
		l2s_errf(&c->e, "encap show: unknown argument '%s'",
			 shorten(argv[0], b, sizeof(b)));
		return EXIT_USAGE;
	}
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct encap_info));
	rc = cli_get(c, "encap show", encap_build_dump(buf, cli_family(c)),
		     encap_info_parse, &v);
	if (rc == EXIT_OK) {
		struct encap_info *e = v.items;
		struct json j;

		if (v.n > 1)
			qsort(e, v.n, sizeof(*e), encap_cmp);
		json_init(&j, c->out);
		if (c->json)
			json_arr_open(&j);
		for (size_t i = 0; i < v.n; i++) {
			if (c->json)
				encap_info_print_json(&j, &e[i]);
			else
				encap_info_print_text(c->out, &e[i]);
		}
		if (c->json) {
			json_arr_close(&j);
			fputc('\n', c->out);
		}
	}
	vec_free(&v);
	return rc;
}

int cmd_encap(struct cli *c, int argc, char **argv)
{
	char buf[CLI_REQ_SIZE], b[80];
	uint16_t port = 0;
	int err;

	if (argc < 1) {
		l2s_errf(&c->e, "encap: missing command (add, del or show)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "add") == 0) {
		if (parse_port_arg("encap add", argc - 1, argv + 1, &port,
				   &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return encap_add_port(c, port, &err);
	}
	if (strcmp(argv[0], "del") == 0) {
		if (parse_port_arg("encap del", argc - 1, argv + 1, &port,
				   &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_do(c, "encap del",
			      encap_build_del(buf, cli_family(c), port),
			      NULL, NULL);
	}
	if (strcmp(argv[0], "show") == 0)
		return encap_show(c, argc - 1, argv + 1);
	l2s_errf(&c->e, "encap: unknown command '%s' (add, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
