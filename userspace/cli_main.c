// SPDX-License-Identifier: GPL-2.0
/* The command dispatcher: global options, verbs, error reporting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"

static const char usage_text[] =
"usage: l2tpsec [--json] OBJECT COMMAND [ARGS]\n"
"  sa add spi SPI dir in|out local ADDR peer ADDR alg ALG key HEX\n"
"         [auth-key HEX] [encap udp [sport PORT] [dport PORT]]\n"
"         [replay-window N] [esn] [seq N]\n"
"         [soft-bytes N] [hard-bytes N] [soft-packets N] [hard-packets N]\n"
"         [soft-time SECONDS] [hard-time SECONDS]\n"
"  sa del spi SPI dir in|out\n"
"  sa show [spi SPI dir in|out]\n"
"  encap add|del port PORT\n"
"  encap show\n"
"  tunnel add id ID peer-id ID version 2|3 local ADDR peer ADDR\n"
"         [sport PORT] [dport PORT] [sa-out SPI] [esp-required]\n"
"  tunnel set id ID [sa-out SPI|none] [esp-required on|off]\n"
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
"ALG: aes-gcm-128 aes-gcm-256 chacha20-poly1305 aes-cbc-128-hmac-sha1\n"
"     aes-cbc-256-hmac-sha1 aes-cbc-128-hmac-sha256 aes-cbc-256-hmac-sha256\n";

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
};

static int is_help(const char *s)
{
	return strcmp(s, "help") == 0 || strcmp(s, "-h") == 0 ||
	       strcmp(s, "--help") == 0;
}

int cli_main(struct cli *c, int argc, char **argv)
{
	char **args = NULL, b[80];
	int n = 0, rc = EXIT_USAGE;

	c->e.msg[0] = '\0';
	if (argc < 1 || !argv)
		argc = 0;
	/* global options, anywhere on the line */
	args = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*args));
	if (!args) {
		fprintf(c->err, "l2tpsec: out of memory\n");
		return EXIT_RUNTIME;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			c->json = true;
		else
			args[n++] = argv[i];
	}
	if (n == 0) {
		fputs(usage_text, c->err);
		free(args);
		return EXIT_USAGE;
	}
	if (is_help(args[0])) {
		fputs(usage_text, c->out);
		free(args);
		return EXIT_OK;
	}
	if (args[0][0] == '-') {
		cli_errf(&c->e, "unknown option '%s' (try 'l2tpsec help')",
			 shorten(args[0], b, sizeof(b)));
		goto out;
	}
	for (size_t v = 0; v < ARRAY_SIZE(verbs); v++) {
		if (strcmp(args[0], verbs[v].name) == 0) {
			rc = verbs[v].fn(c, n - 1, args + 1);
			goto out;
		}
	}
	cli_errf(&c->e, "unknown object '%s' (try 'l2tpsec help')",
		 shorten(args[0], b, sizeof(b)));
out:
	if (fflush(c->out) != 0 && rc == EXIT_OK) {
		cli_errf(&c->e, "write error: %s", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	if (rc != EXIT_OK)
		fprintf(c->err, "l2tpsec: %s\n",
			c->e.msg[0] ? c->e.msg : "failed");
	cli_disconnect(c);
	free(args);
	return rc;
}
