// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec tunnel add|set|del|show". */
#include <inttypes.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "show.h"
#include "tunnel.h"

enum {
	TUN_KW_ID, TUN_KW_PEER_ID, TUN_KW_VERSION, TUN_KW_LOCAL, TUN_KW_PEER,
	TUN_KW_SPORT, TUN_KW_DPORT, TUN_KW_SA_OUT, TUN_KW_ESP_REQUIRED,
	TUN_KW_SA_IN, TUN_KW_N
};

/* The optional attributes, by keyword. */
static const uint16_t tun_attrs[TUN_KW_N] = {
	[TUN_KW_SPORT]		= L2TPSEC_A_TUNNEL_LOCAL_PORT,
	[TUN_KW_DPORT]		= L2TPSEC_A_TUNNEL_PEER_PORT,
	[TUN_KW_SA_OUT]		= L2TPSEC_A_TUNNEL_SA_OUT,
	[TUN_KW_ESP_REQUIRED]	= L2TPSEC_A_TUNNEL_ESP_REQUIRED,
	[TUN_KW_SA_IN]		= L2TPSEC_A_TUNNEL_SA_IN,
};

static const struct kw tun_add_kws[TUN_KW_N] = {
	[TUN_KW_ID]		= { "id", true, true },
	[TUN_KW_PEER_ID]	= { "peer-id", true, true },
	[TUN_KW_VERSION]	= { "version", true, true },
	[TUN_KW_LOCAL]		= { "local", true, true },
	[TUN_KW_PEER]		= { "peer", true, true },
	[TUN_KW_SPORT]		= { "sport", true, false },
	[TUN_KW_DPORT]		= { "dport", true, false },
	[TUN_KW_SA_OUT]		= { "sa-out", true, false },
	[TUN_KW_ESP_REQUIRED]	= { "esp-required", false, false },
	[TUN_KW_SA_IN]		= { "sa-in", true, false },
};

/* tunnel set: same indexes, "esp-required" takes on|off */
static const struct kw tun_set_kws[TUN_KW_N] = {
	[TUN_KW_ID]		= { "id", true, true },
	[TUN_KW_PEER_ID]	= { NULL, false, false },
	[TUN_KW_VERSION]	= { NULL, false, false },
	[TUN_KW_LOCAL]		= { NULL, false, false },
	[TUN_KW_PEER]		= { "peer", true, false },
	[TUN_KW_SPORT]		= { NULL, false, false },
	[TUN_KW_DPORT]		= { NULL, false, false },
	[TUN_KW_SA_OUT]		= { "sa-out", true, false },
	[TUN_KW_ESP_REQUIRED]	= { "esp-required", true, false },
	[TUN_KW_SA_IN]		= { "sa-in", true, false },
};

/* "sa-in SPI[,SPI...]": the inbound SAs the tunnel is bound to; "none"
 * (tunnel set only) unbinds.
 */
static int parse_sa_in(const char *cmd, const char *val, bool allow_none,
		       struct l2s_tunnel *p, struct l2s_err *e)
{
	char tmp[128], *tok, *save = NULL;

	p->n_sa_in = 0;
	if (allow_none && strcmp(val, "none") == 0)
		return 0;
	if (strlen(val) >= sizeof(tmp)) {
		l2s_errf(e, "%s: sa-in: too long", cmd);
		return -1;
	}
	strcpy(tmp, val);
	for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (p->n_sa_in == L2TPSEC_TUNNEL_SA_IN_MAX) {
			l2s_errf(e, "%s: sa-in: at most %d SPIs", cmd,
				 L2TPSEC_TUNNEL_SA_IN_MAX);
			return -1;
		}
		if (parse_spi("sa-in", tok, &p->sa_in[p->n_sa_in], e))
			return -1;
		p->n_sa_in++;
	}
	if (!p->n_sa_in) {
		l2s_errf(e, "%s: sa-in: expected SPI[,SPI...]%s", cmd,
			 allow_none ? " or none" : "");
		return -1;
	}
	return 0;
}

/* Pure: argv after "add" -> the tunnel. 0, or -1 with *e set. */
static int tunnel_parse_add(int argc, char **argv, struct l2s_tunnel *p,
			    struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	uint32_t idmax;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, "tunnel add", argc, argv);
	while ((k = args_next(&a, tun_add_kws, TUN_KW_N, &seen, &val, e)) >= 0) {
		uint32_t v;
		int r = 0;

		switch (k) {
		case TUN_KW_ID:
			r = parse_u32("id", val, 1, UINT32_MAX, &p->id, e);
			break;
		case TUN_KW_PEER_ID:
			r = parse_u32("peer-id", val, 1, UINT32_MAX,
				      &p->peer_id, e);
			break;
		case TUN_KW_VERSION:
			r = parse_u32("version", val, 2, 3, &v, e);
			p->version = (uint8_t)v;
			break;
		case TUN_KW_LOCAL:
			r = parse_addr("local", val, &p->local, e);
			break;
		case TUN_KW_PEER:
			r = parse_addr("peer", val, &p->peer, e);
			break;
		case TUN_KW_SPORT:
			r = parse_port("sport", val, &p->sport, e);
			break;
		case TUN_KW_DPORT:
			r = parse_port("dport", val, &p->dport, e);
			break;
		case TUN_KW_SA_OUT:
			r = parse_spi("sa-out", val, &p->sa_out, e);
			break;
		case TUN_KW_ESP_REQUIRED:
			p->esp_required = true;
			break;
		case TUN_KW_SA_IN:
			r = parse_sa_in("tunnel add", val, false, p, e);
			break;
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, tun_add_kws, TUN_KW_N, seen, e))
		return -1;
	if (p->local.family != p->peer.family) {
		l2s_errf(e, "tunnel add: local and peer must both be IPv4 or both IPv6");
		return -1;
	}
	/* L2TPv2 tunnel ids are 16 bits */
	idmax = p->version == 2 ? 65535 : UINT32_MAX;
	if (p->id > idmax || p->peer_id > idmax) {
		l2s_errf(e, "tunnel add: %s %" PRIu32 " out of range for version 2 (1..65535)",
			 p->id > idmax ? "id" : "peer-id",
			 p->id > idmax ? p->id : p->peer_id);
		return -1;
	}
	p->has = args_seen_attrs(seen, tun_attrs, TUN_KW_N);
	return 0;
}

/* Pure: argv after "set" -> what to change. 0, or -1 with *e set. */
static int tunnel_parse_set(int argc, char **argv, struct l2s_tunnel *p,
			    struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, "tunnel set", argc, argv);
	while ((k = args_next(&a, tun_set_kws, TUN_KW_N, &seen, &val, e)) >= 0) {
		int r = 0;

		switch (k) {
		case TUN_KW_ID:
			r = parse_u32("id", val, 1, UINT32_MAX, &p->id, e);
			break;
		case TUN_KW_SA_OUT:
			if (strcmp(val, "none") == 0)
				p->sa_out = 0;
			else
				r = parse_spi("sa-out", val, &p->sa_out, e);
			break;
		case TUN_KW_ESP_REQUIRED:
			r = parse_onoff("esp-required", val, &p->esp_required, e);
			break;
		case TUN_KW_SA_IN:
			r = parse_sa_in("tunnel set", val, true, p, e);
			break;
		case TUN_KW_PEER:
			r = parse_addr("peer", val, &p->peer, e);
			break;
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, tun_set_kws, TUN_KW_N, seen, e))
		return -1;
	p->has = args_seen_attrs(seen, tun_attrs, TUN_KW_N);
	if (seen & BIT(TUN_KW_PEER))
		p->has |= BIT(L2TPSEC_A_PEER_IP4);
	if (!(seen & (BIT(TUN_KW_SA_OUT) | BIT(TUN_KW_ESP_REQUIRED) |
		      BIT(TUN_KW_SA_IN) | BIT(TUN_KW_PEER)))) {
		l2s_errf(e, "tunnel set: nothing to change (sa-out, sa-in, esp-required or peer)");
		return -1;
	}
	return 0;
}

#define THAS(t, a) ((t)->has & BIT(a))

void tunnel_print_text(FILE *f, const void *tunnel)
{
	const struct l2s_tunnel *t = tunnel;
	char b[INET6_ADDRSTRLEN];

	fprintf(f, "tunnel id %" PRIu32, t->id);
	if (THAS(t, L2TPSEC_A_TUNNEL_PEER_ID))
		fprintf(f, " peer-id %" PRIu32, t->peer_id);
	if (THAS(t, L2TPSEC_A_TUNNEL_VERSION))
		fprintf(f, " version %u", t->version);
	fprintf(f, " local %s", addr_str(&t->local, b, sizeof(b)));
	fprintf(f, " peer %s", addr_str(&t->peer, b, sizeof(b)));
	if (THAS(t, L2TPSEC_A_TUNNEL_LOCAL_PORT))
		fprintf(f, " sport %u", t->sport);
	if (THAS(t, L2TPSEC_A_TUNNEL_PEER_PORT))
		fprintf(f, " dport %u", t->dport);
	if (t->sa_out)
		fprintf(f, " sa-out 0x%08" PRIx32, t->sa_out);
	else
		fputs(" sa-out none", f);
	for (unsigned int i = 0; i < t->n_sa_in; i++)
		fprintf(f, "%s0x%08" PRIx32, i ? "," : " sa-in ", t->sa_in[i]);
	fprintf(f, " esp-required %s\n", t->esp_required ? "on" : "off");
	if (t->stats.present) {
		fputs("    ", f);
		stats_print_text(f, &t->stats);
		fputc('\n', f);
	}
}

void tunnel_print_json(struct json *j, const void *tunnel)
{
	const struct l2s_tunnel *t = tunnel;

	json_obj_open(j);
	json_kv_opt_u64(j, "id", THAS(t, L2TPSEC_A_TUNNEL_ID), t->id);
	json_kv_opt_u64(j, "peer_id", THAS(t, L2TPSEC_A_TUNNEL_PEER_ID),
		     t->peer_id);
	json_kv_opt_u64(j, "version", THAS(t, L2TPSEC_A_TUNNEL_VERSION),
		     t->version);
	json_addr(j, "local", &t->local);
	json_addr(j, "peer", &t->peer);
	json_kv_opt_u64(j, "sport", THAS(t, L2TPSEC_A_TUNNEL_LOCAL_PORT),
		     t->sport);
	json_kv_opt_u64(j, "dport", THAS(t, L2TPSEC_A_TUNNEL_PEER_PORT),
		     t->dport);
	json_kv_opt_u64(j, "sa_out", t->sa_out != 0, t->sa_out);
	json_kv_bool(j, "esp_required", t->esp_required);
	/* the inbound binding: [] = unbound */
	json_key(j, "sa_in");
	json_arr_open(j);
	for (unsigned int i = 0; i < t->n_sa_in; i++)
		json_u64(j, t->sa_in[i]);
	json_arr_close(j);
	json_key(j, "stats");
	stats_print_json(j, &t->stats);
	json_obj_close(j);
}

static int tunnel_cmp(const void *a, const void *b)
{
	const struct l2s_tunnel *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static const struct kw id_kws[] = { { "id", true, true } };

static int parse_id_arg(const char *cmd, int argc, char **argv,
			bool required, uint32_t *id, struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	*id = 0;
	args_init(&a, cmd, argc, argv);
	while ((k = args_next(&a, id_kws, 1, &seen, &val, e)) >= 0)
		if (parse_u32("id", val, 1, UINT32_MAX, id, e))
			return -1;
	if (k == -2)
		return -1;
	return required ? args_check_required(&a, id_kws, 1, seen, e) : 0;
}

static const struct show_ops tunnel_show_ops = {
	.cmp = tunnel_cmp,
	.text = tunnel_print_text,
	.json = tunnel_print_json,
	.blank_between = true,
};

static int tunnel_show(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	struct vec v;
	uint32_t id;
	int rc;

	if (parse_id_arg("tunnel show", argc, argv, false, &id, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct l2s_tunnel));
	rc = cli_result(c, "tunnel show", l2s_tunnel_get(&c->k, id, &v, &ke),
			&ke);
	if (rc == EXIT_OK)
		cli_show_items(c, &v, &tunnel_show_ops);
	vec_free(&v);
	return rc;
}

int cmd_tunnel(struct cli *c, int argc, char **argv)
{
	struct l2s_tunnel p;
	struct l2s_kerr ke;
	char b[80];
	uint32_t id;

	if (argc < 1) {
		l2s_errf(&c->e, "tunnel: missing command (add, set, del or show)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "add") == 0) {
		if (tunnel_parse_add(argc - 1, argv + 1, &p, &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_result(c, "tunnel add",
				  l2s_tunnel_add(&c->k, &p, &ke), &ke);
	}
	if (strcmp(argv[0], "set") == 0) {
		if (tunnel_parse_set(argc - 1, argv + 1, &p, &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_result(c, "tunnel set",
				  l2s_tunnel_set(&c->k, &p, &ke), &ke);
	}
	if (strcmp(argv[0], "del") == 0) {
		if (parse_id_arg("tunnel del", argc - 1, argv + 1, true, &id,
				 &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_result(c, "tunnel del",
				  l2s_tunnel_del(&c->k, id, &ke), &ke);
	}
	if (strcmp(argv[0], "show") == 0)
		return tunnel_show(c, argc - 1, argv + 1);
	l2s_errf(&c->e, "tunnel: unknown command '%s' (add, set, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
