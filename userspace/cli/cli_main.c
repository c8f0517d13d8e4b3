// SPDX-License-Identifier: GPL-2.0
/* The command dispatcher: global options, verbs, error reporting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "cmd_show_ike.h"
#include "parse.h"

static const char usage_text[] =
"usage: l2tpsec [--json] OBJECT COMMAND [ARGS]\n"
"       l2tpsec [--json] -batch FILE|- [-force]   (one command per line)\n"
"  sa add spi SPI dir in|out local ADDR peer ADDR alg ALG\n"
"         key HEX|-|key-file PATH [auth-key HEX|-|auth-key-file PATH]\n"
"         [encap udp [sport PORT] [dport PORT]]\n"
"         ('-': the hex from standard input; a key file: mode 0600)\n"
"         [replay-window N] [esn] [seq N]\n"
"         [soft-bytes N] [hard-bytes N] [soft-packets N] [hard-packets N]\n"
"         [soft-time SECONDS] [hard-time SECONDS]\n"
"  sa set spi SPI dir in|out [peer ADDR] [dport PORT]   (the peer moved)\n"
"  sa del spi SPI dir in|out\n"
"  sa show [spi SPI dir in|out]\n"
"  encap add|del port PORT\n"
"  encap show\n"
"  tunnel add id ID peer-id ID version 2|3 local ADDR peer ADDR\n"
"         [sport PORT] [dport PORT] [sa-out SPI] [esp-required]\n"
"  tunnel set id ID [sa-out SPI|none] [esp-required on|off] [peer ADDR]\n"
"  tunnel del id ID\n"
"  tunnel show [id ID]\n"
"  session add tunnel ID id ID peer-id ID [name IFNAME] [pw eth|ppp]\n"
"         [cookie HEX] [peer-cookie HEX] [l2spec none|default]\n"
"         [seq none|send|recv|both] [mtu N]\n"
"  session del tunnel ID id ID\n"
"  session show [tunnel ID [id ID]]\n"
"  stats\n"
"  monitor\n"
"  ctrl send tunnel ID hex HEX\n"
"  ppp send tunnel ID session ID hex HEX\n"
"  show ike [socket PATH]   l2tpsecd's IKE SAs (-S PATH before the object,\n"
"                           or $L2TPSECD_SOCKET; default /run/l2tpsecd.sock)\n"
"  show sessions [socket PATH]    l2tpsecd's remote-access sessions\n"
"  disconnect user NAME | session N [socket PATH]\n"
"ALG: aes-gcm-128 aes-gcm-256 chacha20-poly1305 aes-cbc-128-hmac-sha1\n"
"     aes-cbc-256-hmac-sha1 aes-cbc-128-hmac-sha256 aes-cbc-256-hmac-sha256\n"
"     3des-cbc-hmac-sha1 aes-cbc-128-hmac-sha256-96 aes-cbc-256-hmac-sha256-96\n";

struct verb {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
};

static const struct verb verbs[] = {
	{ "sa", cmd_sa },
	{ "encap", cmd_encap },
	{ "tunnel", cmd_tunnel },
	{ "session", cmd_session },
	{ "stats", cmd_stats },
	{ "monitor", cmd_monitor },
	{ "ctrl", cmd_ctrl },
	{ "ppp", cmd_ppp },
	{ "show", cmd_show },
	{ "disconnect", cmd_disconnect },
};

static int is_help(const char *s)
{
	return strcmp(s, "help") == 0 || strcmp(s, "-h") == 0 ||
	       strcmp(s, "--help") == 0;
}

int cli_run(struct cli *c, int argc, char **argv)
{
	bool json = c->json;
	char **args, b[80];
	int n = 0, rc = EXIT_USAGE;

	args = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*args));
	if (!args) {
		l2s_errf(&c->e, "out of memory");
		return EXIT_RUNTIME;
	}
	/* --json anywhere on the line, for this command */
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			c->json = true;
		else
			args[n++] = argv[i];
	}
	if (n == 0) {
		l2s_errf(&c->e, "missing command (try 'l2tpsec help')");
		goto out;
	}
	if (is_help(args[0])) {
		fputs(usage_text, c->out);
		rc = EXIT_OK;
		goto out;
	}
	if (args[0][0] == '-') {
		l2s_errf(&c->e, "unknown option '%s' (try 'l2tpsec help')",
			 shorten(args[0], b, sizeof(b)));
		goto out;
	}
	for (size_t v = 0; v < ARRAY_SIZE(verbs); v++) {
		if (strcmp(args[0], verbs[v].name) == 0) {
			rc = verbs[v].fn(c, n - 1, args + 1);
			goto out;
		}
	}
	l2s_errf(&c->e, "unknown object '%s' (try 'l2tpsec help')",
		 shorten(args[0], b, sizeof(b)));
out:
	if ((c->defer_flush ? ferror(c->out) : fflush(c->out) != 0) &&
	    rc == EXIT_OK) {
		l2s_errf(&c->e, "write error: %s", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	c->json = json;
	free(args);
	return rc;
}

/* Options before the object: -batch FILE, -force (as ip has them), -S SOCKET. */
struct main_opts {
	const char *batch;
	bool force;
};

static int is_opt(const char *s, const char *name)
{
	/* "-batch" and "--batch" alike */
	if (s[0] == '-' && s[1] == '-')
		s++;
	return strcmp(s, name) == 0;
}

/* Consume the leading options; *i is the first word after them. */
static int main_opts(struct cli *c, int argc, char **argv, int *i,
		     struct main_opts *o)
{
	for (; *i < argc; (*i)++) {
		const char *s = argv[*i];

		if (strcmp(s, "--json") == 0) {
			c->json = true;
		} else if (is_opt(s, "-batch")) {
			if (*i + 1 >= argc) {
				l2s_errf(&c->e, "-batch needs a file name ('-' for standard input)");
				return EXIT_USAGE;
			}
			o->batch = argv[++(*i)];
		} else if (is_opt(s, "-force")) {
			o->force = true;
		} else if (strcmp(s, "-S") == 0) {
			if (*i + 1 >= argc) {
				l2s_errf(&c->e, "-S needs the path of l2tpsecd's control socket");
				return EXIT_USAGE;
			}
			c->ike_socket = argv[++(*i)];
		} else {
			break;
		}
	}
	if (o->force && !o->batch) {
		l2s_errf(&c->e, "-force is only for -batch");
		return EXIT_USAGE;
	}
	if (o->batch && *i < argc) {
		char b[80];

		l2s_errf(&c->e, "-batch: unexpected '%s' (the commands come from the file)",
			 shorten(argv[*i], b, sizeof(b)));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cli_main(struct cli *c, int argc, char **argv)
{
	struct main_opts o = { NULL, false };
	int i = 1, rc;

	c->e.msg[0] = '\0';
	if (argc < 1 || !argv)
		argc = 0;
	rc = main_opts(c, argc, argv, &i, &o);
	if (rc == EXIT_OK && o.batch) {
		/* batch_file() reports its own errors, with file and line */
		rc = batch_file(c, o.batch, o.force);
		cli_disconnect(c);
		return rc;
	}
	if (rc == EXIT_OK) {
		bool any = false;

		for (int k = i; k < argc; k++)
			any |= strcmp(argv[k], "--json") != 0;
		if (!any) {
			fputs(usage_text, c->err);
			return EXIT_USAGE;
		}
		rc = cli_run(c, argc - i, argv + i);
	}
	if (rc != EXIT_OK)
		fprintf(c->err, "l2tpsec: %s\n",
			c->e.msg[0] ? c->e.msg : "failed");
	cli_disconnect(c);
	return rc;
}
