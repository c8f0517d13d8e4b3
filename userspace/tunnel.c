// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec tunnel add|set|del|show". */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "attrs.h"
#include "nl.h"
#include "out.h"
#include "tunnel.h"

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
	[TUN_KW_PEER]		= { NULL, false, false },
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
		       struct tunnel_params *p, struct cli_err *e)
{
	char tmp[128], *tok, *save = NULL;

	p->n_sa_in = 0;
	if (allow_none && strcmp(val, "none") == 0)
		return 0;
	if (strlen(val) >= sizeof(tmp)) {
		cli_errf(e, "%s: sa-in: too long", cmd);
		return -1;
	}
	strcpy(tmp, val);
	for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (p->n_sa_in == L2TPSEC_TUNNEL_SA_IN_MAX) {
			cli_errf(e, "%s: sa-in: at most %d SPIs", cmd,
				 L2TPSEC_TUNNEL_SA_IN_MAX);
			return -1;
		}
		if (parse_spi("sa-in", tok, &p->sa_in[p->n_sa_in], e))
			return -1;
		p->n_sa_in++;
	}
	if (!p->n_sa_in) {
		cli_errf(e, "%s: sa-in: expected SPI[,SPI...]%s", cmd,
			 allow_none ? " or none" : "");
		return -1;
	}
	return 0;
}

int tunnel_parse_add(int argc, char **argv, struct tunnel_params *p,
		     struct cli_err *e)
{
	struct args a;
	char *val;
	uint32_t idmax;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, "tunnel add", argc, argv);
	while ((k = args_next(&a, tun_add_kws, TUN_KW_N, &p->seen, &val, e)) >= 0) {
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
	if (args_check_required(&a, tun_add_kws, TUN_KW_N, p->seen, e))
		return -1;
	if (p->local.family != p->peer.family) {
		cli_errf(e, "tunnel add: local and peer must both be IPv4 or both IPv6");
		return -1;
	}
	/* L2TPv2 tunnel ids are 16 bits */
	idmax = p->version == 2 ? 65535 : UINT32_MAX;
	if (p->id > idmax || p->peer_id > idmax) {
		cli_errf(e, "tunnel add: %s %" PRIu32 " out of range for version 2 (1..65535)",
			 p->id > idmax ? "id" : "peer-id",
			 p->id > idmax ? p->id : p->peer_id);
		return -1;
	}
	return 0;
}

int tunnel_parse_set(int argc, char **argv, struct tunnel_params *p,
		     struct cli_err *e)
{
	struct args a;
	char *val;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, "tunnel set", argc, argv);
	while ((k = args_next(&a, tun_set_kws, TUN_KW_N, &p->seen, &val, e)) >= 0) {
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
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, tun_set_kws, TUN_KW_N, p->seen, e))
		return -1;
	if (!(p->seen & (BIT(TUN_KW_SA_OUT) | BIT(TUN_KW_ESP_REQUIRED) |
			 BIT(TUN_KW_SA_IN)))) {
		cli_errf(e, "tunnel set: nothing to change (sa-out, sa-in or esp-required)");
		return -1;
	}
	return 0;
}

struct nlmsghdr *tunnel_build_new(void *buf, uint16_t family,
				  const struct tunnel_params *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, p->id);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_PEER_ID, p->peer_id);
	mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_VERSION, p->version);
	attrs_put_addr(nlh, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &p->local);
	attrs_put_addr(nlh, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &p->peer);
	if (p->seen & BIT(TUN_KW_SPORT))
		mnl_attr_put_u16(nlh, L2TPSEC_A_TUNNEL_LOCAL_PORT, p->sport);
	if (p->seen & BIT(TUN_KW_DPORT))
		mnl_attr_put_u16(nlh, L2TPSEC_A_TUNNEL_PEER_PORT, p->dport);
	if (p->seen & BIT(TUN_KW_SA_OUT))
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_SA_OUT, p->sa_out);
	if (p->n_sa_in)
		mnl_attr_put(nlh, L2TPSEC_A_TUNNEL_SA_IN,
			     p->n_sa_in * sizeof(uint32_t), p->sa_in);
	if (p->esp_required)
		mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_ESP_REQUIRED, 1);
	return nlh;
}

struct nlmsghdr *tunnel_build_set(void *buf, uint16_t family,
				  const struct tunnel_params *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_SET,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, p->id);
	if (p->seen & BIT(TUN_KW_SA_OUT))
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_SA_OUT, p->sa_out);
	if (p->seen & BIT(TUN_KW_SA_IN))
		mnl_attr_put(nlh, L2TPSEC_A_TUNNEL_SA_IN,
			     p->n_sa_in * sizeof(uint32_t), p->sa_in);
	if (p->seen & BIT(TUN_KW_ESP_REQUIRED))
		mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_ESP_REQUIRED,
				p->esp_required ? 1 : 0);
	return nlh;
}

struct nlmsghdr *tunnel_build_del(void *buf, uint16_t family, uint32_t id)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, id);
	return nlh;
}

struct nlmsghdr *tunnel_build_get(void *buf, uint16_t family, uint32_t id)
{
	struct nlmsghdr *nlh;

	if (!id)
		return nl_req_start(buf, family, L2TPSEC_CMD_TUNNEL_GET,
				    NLM_F_REQUEST | NLM_F_DUMP);
	nlh = nl_req_start(buf, family, L2TPSEC_CMD_TUNNEL_GET,
			   NLM_F_REQUEST | NLM_F_ACK);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, id);
	return nlh;
}

int tunnel_info_parse(const struct nlmsghdr *nlh, void *item)
{
	struct tunnel_info *t = item;
	attr_tb tb;
	int bad;

	memset(t, 0, sizeof(*t));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	t->has = attrs_present(tb);
	if (tb[L2TPSEC_A_TUNNEL_ID])
		t->id = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_ID]);
	if (tb[L2TPSEC_A_TUNNEL_PEER_ID])
		t->peer_id = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_PEER_ID]);
	if (tb[L2TPSEC_A_TUNNEL_VERSION])
		t->version = mnl_attr_get_u8(tb[L2TPSEC_A_TUNNEL_VERSION]);
	attrs_get_addr(tb, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &t->local);
	attrs_get_addr(tb, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &t->peer);
	if (tb[L2TPSEC_A_TUNNEL_LOCAL_PORT])
		t->sport = mnl_attr_get_u16(tb[L2TPSEC_A_TUNNEL_LOCAL_PORT]);
	if (tb[L2TPSEC_A_TUNNEL_PEER_PORT])
		t->dport = mnl_attr_get_u16(tb[L2TPSEC_A_TUNNEL_PEER_PORT]);
	if (tb[L2TPSEC_A_TUNNEL_SA_OUT])
		t->sa_out = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_SA_OUT]);
	if (tb[L2TPSEC_A_TUNNEL_SA_IN]) {
		uint16_t len = mnl_attr_get_payload_len(tb[L2TPSEC_A_TUNNEL_SA_IN]);

		if (len % sizeof(uint32_t)) {
			errno = EBADMSG;
			return -1;
		}
		t->n_sa_in = len / sizeof(uint32_t);
		memcpy(t->sa_in, mnl_attr_get_payload(tb[L2TPSEC_A_TUNNEL_SA_IN]), len);
	}
	if (tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED])
		t->esp_required = mnl_attr_get_u8(tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED]);
	if (tb[L2TPSEC_A_STATS] &&
	    stats_parse_nest(tb[L2TPSEC_A_STATS], &t->stats) < 0)
		return -1;
	return 0;
}

#define THAS(t, a) ((t)->has & BIT(a))

void tunnel_info_print_text(FILE *f, const struct tunnel_info *t)
{
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

static void json_opt_u64(struct json *j, const char *key, bool has,
			 uint64_t v)
{
	json_key(j, key);
	if (has)
		json_u64(j, v);
	else
		json_null(j);
}

void tunnel_info_print_json(struct json *j, const struct tunnel_info *t)
{
	json_obj_open(j);
	json_opt_u64(j, "id", THAS(t, L2TPSEC_A_TUNNEL_ID), t->id);
	json_opt_u64(j, "peer_id", THAS(t, L2TPSEC_A_TUNNEL_PEER_ID),
		     t->peer_id);
	json_opt_u64(j, "version", THAS(t, L2TPSEC_A_TUNNEL_VERSION),
		     t->version);
	json_addr(j, "local", &t->local);
	json_addr(j, "peer", &t->peer);
	json_opt_u64(j, "sport", THAS(t, L2TPSEC_A_TUNNEL_LOCAL_PORT),
		     t->sport);
	json_opt_u64(j, "dport", THAS(t, L2TPSEC_A_TUNNEL_PEER_PORT),
		     t->dport);
	json_opt_u64(j, "sa_out", t->sa_out != 0, t->sa_out);
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
	const struct tunnel_info *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static const struct kw id_kws[] = { { "id", true, true } };

static int parse_id_arg(const char *cmd, int argc, char **argv,
			bool required, uint32_t *id, struct cli_err *e)
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

static int tunnel_show(struct cli *c, int argc, char **argv)
{
	char buf[CLI_REQ_SIZE];
	struct vec v;
	uint32_t id;
	int rc;

	if (parse_id_arg("tunnel show", argc, argv, false, &id, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct tunnel_info));
	rc = cli_get(c, "tunnel show", tunnel_build_get(buf, cli_family(c), id),
		     tunnel_info_parse, &v);
	if (rc == EXIT_OK) {
		struct tunnel_info *t = v.items;
		struct json j;

		if (v.n > 1)
			qsort(t, v.n, sizeof(*t), tunnel_cmp);
		json_init(&j, c->out);
		if (c->json)
			json_arr_open(&j);
		for (size_t i = 0; i < v.n; i++) {
			if (c->json) {
				tunnel_info_print_json(&j, &t[i]);
			} else {
				if (i)
					fputc('\n', c->out);
				tunnel_info_print_text(c->out, &t[i]);
			}
		}
		if (c->json) {
			json_arr_close(&j);
			fputc('\n', c->out);
		}
	}
	vec_free(&v);
	return rc;
}

int cmd_tunnel(struct cli *c, int argc, char **argv)
{
	char buf[CLI_REQ_SIZE], b[80];
	struct tunnel_params p;
	uint32_t id;

	if (argc < 1) {
		cli_errf(&c->e, "tunnel: missing command (add, set, del or show)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "add") == 0) {
		if (tunnel_parse_add(argc - 1, argv + 1, &p, &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_do(c, "tunnel add",
			      tunnel_build_new(buf, cli_family(c), &p), NULL,
			      NULL);
	}
	if (strcmp(argv[0], "set") == 0) {
		if (tunnel_parse_set(argc - 1, argv + 1, &p, &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_do(c, "tunnel set",
			      tunnel_build_set(buf, cli_family(c), &p), NULL,
			      NULL);
	}
	if (strcmp(argv[0], "del") == 0) {
		if (parse_id_arg("tunnel del", argc - 1, argv + 1, true, &id,
				 &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_do(c, "tunnel del",
			      tunnel_build_del(buf, cli_family(c), id), NULL,
			      NULL);
	}
	if (strcmp(argv[0], "show") == 0)
		return tunnel_show(c, argc - 1, argv + 1);
	cli_errf(&c->e, "tunnel: unknown command '%s' (add, set, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
