// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec ctrl send" and "l2tpsec ppp send". */
#include <string.h>

#include "args.h"
#include "cmd_send.h"
#include "send.h"

enum { SEND_KW_TUNNEL, SEND_KW_SESSION, SEND_KW_HEX, SEND_KW_N };

static const struct kw ctrl_kws[SEND_KW_N] = {
	[SEND_KW_TUNNEL]  = { "tunnel", true, true },
	[SEND_KW_SESSION] = { NULL, false, false },
	[SEND_KW_HEX]	  = { "hex", true, true },
};

static const struct kw ppp_kws[SEND_KW_N] = {
	[SEND_KW_TUNNEL]  = { "tunnel", true, true },
	[SEND_KW_SESSION] = { "session", true, true },
	[SEND_KW_HEX]	  = { "hex", true, true },
};

static int send_parse(const char *cmd, const struct kw *kws, int argc,
		      char **argv, struct send_params *p, size_t min_len,
		      struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, cmd, argc, argv);
	while ((k = args_next(&a, kws, SEND_KW_N, &seen, &val, e)) >= 0) {
		int r = 0;

		switch (k) {
		case SEND_KW_TUNNEL:
			r = parse_u32("tunnel", val, 1, UINT32_MAX,
				      &p->tunnel, e);
			break;
		case SEND_KW_SESSION:
			r = parse_u32("session", val, 1, UINT32_MAX,
				      &p->session, e);
			break;
		case SEND_KW_HEX:
			r = parse_hex("hex", val, p->payload,
				      sizeof(p->payload), &p->len, e);
			break;
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, kws, SEND_KW_N, seen, e))
		return -1;
	if (p->len < min_len) {
		l2s_errf(e, "%s: payload too short (%zu bytes, at least %zu)", cmd,
			 p->len, min_len);
		return -1;
	}
	return 0;
}

int ctrl_parse_send(int argc, char **argv, struct send_params *p,
		    struct l2s_err *e)
{
	if (send_parse("ctrl send", ctrl_kws, argc, argv, p, CTRL_MIN_LEN, e))
		return -1;
	/* the T bit: the kernel checks it too, but say it plainly */
	if (!(p->payload[0] & 0x80)) {
		l2s_errf(e, "ctrl send: hex is not an L2TP control message (T bit not set)");
		return -1;
	}
	return 0;
}

int ppp_parse_send(int argc, char **argv, struct send_params *p,
		   struct l2s_err *e)
{
	return send_parse("ppp send", ppp_kws, argc, argv, p, PPP_MIN_LEN, e);
}

static int send_cmd(struct cli *c, const char *obj, int argc, char **argv,
		    bool ppp)
{
	static struct send_params p;
	struct l2s_kerr ke;
	const char *what = ppp ? "ppp send" : "ctrl send";
	char b[80];
	int rc;

	if (argc < 1) {
		l2s_errf(&c->e, "%s: missing command (send)", obj);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "send") != 0) {
		l2s_errf(&c->e, "%s: unknown command '%s' (send)", obj,
			 shorten(argv[0], b, sizeof(b)));
		return EXIT_USAGE;
	}
	if (ppp ? ppp_parse_send(argc - 1, argv + 1, &p, &c->e)
		: ctrl_parse_send(argc - 1, argv + 1, &p, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	rc = cli_result(c, what,
			ppp ? l2s_ppp_send(&c->k, p.tunnel, p.session,
					   p.payload, p.len, &ke)
			    : l2s_ctrl_send(&c->k, p.tunnel, p.payload, p.len,
					    &ke), &ke);
	/* control messages may carry secrets (CHAP, tunnel auth) */
	explicit_bzero(&p, sizeof(p));
	return rc;
}

int cmd_ctrl(struct cli *c, int argc, char **argv)
{
	return send_cmd(c, "ctrl", argc, argv, false);
}

int cmd_ppp(struct cli *c, int argc, char **argv)
{
	return send_cmd(c, "ppp", argc, argv, true);
}
