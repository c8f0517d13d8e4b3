// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec encap add|del|show". */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "encap.h"
#include "show.h"

void encap_print_text(FILE *f, const void *encap)
{
	const struct l2s_encap *e = encap;

	fprintf(f, "encap port %u", e->port);
	if (e->has & BIT(L2TPSEC_A_ENCAP_USERS))
		fprintf(f, " users %" PRIu32, e->users);
	fputc('\n', f);
}

void encap_print_json(struct json *j, const void *encap)
{
	const struct l2s_encap *e = encap;

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
	const struct l2s_encap *x = a, *y = b;

	return (int)x->port - (int)y->port;
}

static const struct show_ops encap_show_ops = {
	.cmp = encap_cmp,
	.text = encap_print_text,
	.json = encap_print_json,
};

static int encap_show(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	struct vec v;
	char b[80];
	int rc;

	if (argc > 0) {
		l2s_errf(&c->e, "encap show: unknown argument '%s'",
			 shorten(argv[0], b, sizeof(b)));
		return EXIT_USAGE;
	}
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct l2s_encap));
	rc = cli_result(c, "encap show", l2s_encap_get(&c->k, &v, &ke), &ke);
	if (rc == EXIT_OK)
		cli_show_items(c, &v, &encap_show_ops);
	vec_free(&v);
	return rc;
}

int cmd_encap(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	uint16_t port = 0;
	char b[80];
	int rc;

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
		rc = l2s_encap_add(&c->k, port, &ke);
		if (rc == -EEXIST) {
			l2s_errf(&c->e, "encap add: port %u already has an encap socket",
				 port);
			return EXIT_RUNTIME;
		}
		return cli_result(c, "encap add", rc, &ke);
	}
	if (strcmp(argv[0], "del") == 0) {
		if (parse_port_arg("encap del", argc - 1, argv + 1, &port,
				   &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_result(c, "encap del",
				  l2s_encap_del(&c->k, port, &ke), &ke);
	}
	if (strcmp(argv[0], "show") == 0)
		return encap_show(c, argc - 1, argv + 1);
	l2s_errf(&c->e, "encap: unknown command '%s' (add, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
