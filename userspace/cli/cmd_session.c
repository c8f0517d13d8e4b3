// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec session add|del|show". */
#include <inttypes.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "session.h"
#include "show.h"

enum {
	SES_KW_TUNNEL, SES_KW_ID, SES_KW_PEER_ID, SES_KW_NAME, SES_KW_PW,
	SES_KW_COOKIE, SES_KW_PEER_COOKIE, SES_KW_L2SPEC, SES_KW_SEQ,
	SES_KW_MTU, SES_KW_N
};

/* The optional attributes, by keyword ("seq" sets RECV_SEQ too). */
static const uint16_t ses_attrs[SES_KW_N] = {
	[SES_KW_NAME]		= L2TPSEC_A_SESSION_IFNAME,
	[SES_KW_PW]		= L2TPSEC_A_SESSION_PW_TYPE,
	[SES_KW_COOKIE]		= L2TPSEC_A_SESSION_COOKIE,
	[SES_KW_PEER_COOKIE]	= L2TPSEC_A_SESSION_PEER_COOKIE,
	[SES_KW_L2SPEC]		= L2TPSEC_A_SESSION_L2SPEC,
	[SES_KW_SEQ]		= L2TPSEC_A_SESSION_SEND_SEQ,
	[SES_KW_MTU]		= L2TPSEC_A_SESSION_MTU,
};

static const struct kw ses_add_kws[SES_KW_N] = {
	[SES_KW_TUNNEL]		= { "tunnel", true, true },
	[SES_KW_ID]		= { "id", true, true },
	[SES_KW_PEER_ID]	= { "peer-id", true, true },
	[SES_KW_NAME]		= { "name", true, false },
	[SES_KW_PW]		= { "pw", true, false },
	[SES_KW_COOKIE]		= { "cookie", true, false },
	[SES_KW_PEER_COOKIE]	= { "peer-cookie", true, false },
	[SES_KW_L2SPEC]		= { "l2spec", true, false },
	[SES_KW_SEQ]		= { "seq", true, false },
	[SES_KW_MTU]		= { "mtu", true, false },
};

static const char *const pw_names[] = { "eth", "ppp" };

static const uint16_t pw_values[] = { L2TPSEC_PWTYPE_ETH, L2TPSEC_PWTYPE_PPP };

static const char *const l2spec_names[] = {
	[L2TPSEC_L2SPEC_NONE] = "none",
	[L2TPSEC_L2SPEC_DEFAULT] = "default",
};

/* index: bit 0 = send, bit 1 = recv */
static const char *const seq_names[] = { "none", "send", "recv", "both" };

static const char *pw_name(unsigned int pw)
{
	for (size_t i = 0; i < ARRAY_SIZE(pw_values); i++)
		if (pw_values[i] == pw)
			return pw_names[i];
	return NULL;
}

static int parse_cookie(const char *what, const char *s, uint8_t *buf,
			size_t *len, struct l2s_err *e)
{
	if (parse_hex(what, s, buf, L2TPSEC_COOKIE_MAX, len, e))
		return -1;
	if (*len != 4 && *len != 8) {
		l2s_errf(e, "%s must be 4 or 8 bytes, got %zu", what, *len);
		return -1;
	}
	return 0;
}

/* Pure: argv after "add" -> the session. 0, or -1 with *e set. */
static int session_parse_add(int argc, char **argv, struct l2s_session *p,
			     struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k, i;

	memset(p, 0, sizeof(*p));
	args_init(&a, "session add", argc, argv);
	while ((k = args_next(&a, ses_add_kws, SES_KW_N, &seen, &val, e)) >= 0) {
		int r = 0;

		switch (k) {
		case SES_KW_TUNNEL:
			r = parse_u32("tunnel", val, 1, UINT32_MAX, &p->tunnel, e);
			break;
		case SES_KW_ID:
			r = parse_u32("id", val, 1, UINT32_MAX, &p->id, e);
			break;
		case SES_KW_PEER_ID:
			r = parse_u32("peer-id", val, 1, UINT32_MAX,
				      &p->peer_id, e);
			break;
		case SES_KW_NAME:
			r = parse_ifname("name", val, p->ifname,
					 sizeof(p->ifname), e);
			break;
		case SES_KW_PW:
			r = parse_choice("pw", val, pw_names,
					 ARRAY_SIZE(pw_names), &i, e);
			if (!r)
				p->pw = pw_values[i];
			break;
		case SES_KW_COOKIE:
			r = parse_cookie("cookie", val, p->cookie,
					 &p->cookie_len, e);
			break;
		case SES_KW_PEER_COOKIE:
			r = parse_cookie("peer-cookie", val, p->peer_cookie,
					 &p->peer_cookie_len, e);
			break;
		case SES_KW_L2SPEC:
			r = parse_choice("l2spec", val, l2spec_names,
					 ARRAY_SIZE(l2spec_names), &i, e);
			p->l2spec = (uint8_t)i;
			break;
		case SES_KW_SEQ:
			r = parse_choice("seq", val, seq_names,
					 ARRAY_SIZE(seq_names), &i, e);
			p->send_seq = (i & 1) != 0;
			p->recv_seq = (i & 2) != 0;
			break;
		case SES_KW_MTU:
			r = parse_u32("mtu", val, 68, 65535, &p->mtu, e);
			break;
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, ses_add_kws, SES_KW_N, seen, e))
		return -1;
	if (p->pw == L2TPSEC_PWTYPE_PPP && (seen & BIT(SES_KW_PW))) {
		static const int v3_only[] = {
			SES_KW_COOKIE, SES_KW_PEER_COOKIE, SES_KW_L2SPEC
		};

		for (size_t n = 0; n < ARRAY_SIZE(v3_only); n++) {
			if (seen & BIT(v3_only[n])) {
				l2s_errf(e, "session add: %s is for L2TPv3 (pw eth) sessions only",
					 ses_add_kws[v3_only[n]].name);
				return -1;
			}
		}
		if (p->tunnel > 65535 || p->id > 65535 || p->peer_id > 65535) {
			l2s_errf(e, "session add: pw ppp (L2TPv2) ids are 16 bits (1..65535)");
			return -1;
		}
	}
	p->has = args_seen_attrs(seen, ses_attrs, SES_KW_N);
	if (seen & BIT(SES_KW_SEQ))
		p->has |= BIT(L2TPSEC_A_SESSION_RECV_SEQ);
	return 0;
}

#define SHAS(s, a) ((s)->has & BIT(a))

void session_print_text(FILE *f, const void *session)
{
	const struct l2s_session *s = session;
	const char *pw = pw_name(s->pw);
	const char *l2 = enum_name(l2spec_names, ARRAY_SIZE(l2spec_names),
				   s->l2spec);

	fprintf(f, "session tunnel %" PRIu32 " id %" PRIu32, s->tunnel, s->id);
	if (SHAS(s, L2TPSEC_A_SESSION_PEER_ID))
		fprintf(f, " peer-id %" PRIu32, s->peer_id);
	if (SHAS(s, L2TPSEC_A_SESSION_PW_TYPE)) {
		if (pw)
			fprintf(f, " pw %s", pw);
		else
			fprintf(f, " pw unknown-%u", s->pw);
	}
	if (SHAS(s, L2TPSEC_A_SESSION_IFNAME)) {
		fputs(" ifname ", f);
		print_safe(f, s->ifname, sizeof(s->ifname));
	}
	if (SHAS(s, L2TPSEC_A_SESSION_IFINDEX))
		fprintf(f, " ifindex %" PRIu32, s->ifindex);
	fputs("\n   ", f);
	if (SHAS(s, L2TPSEC_A_SESSION_L2SPEC)) {
		if (l2)
			fprintf(f, " l2spec %s", l2);
		else
			fprintf(f, " l2spec unknown-%u", s->l2spec);
	}
	fprintf(f, " seq %s", seq_names[(s->send_seq ? 1 : 0) |
					 (s->recv_seq ? 2 : 0)]);
	if (s->cookie_len) {
		fputs(" cookie ", f);
		print_hex(f, s->cookie, s->cookie_len);
	}
	if (s->peer_cookie_len) {
		fputs(" peer-cookie ", f);
		print_hex(f, s->peer_cookie, s->peer_cookie_len);
	}
	if (SHAS(s, L2TPSEC_A_SESSION_MTU))
		fprintf(f, " mtu %" PRIu32, s->mtu);
	fputc('\n', f);
	if (s->stats.present) {
		fputs("    ", f);
		stats_print_text(f, &s->stats);
		fputc('\n', f);
	}
}

void session_print_json(struct json *j, const void *session)
{
	const struct l2s_session *s = session;

	const char *pw = pw_name(s->pw);
	const char *l2 = enum_name(l2spec_names, ARRAY_SIZE(l2spec_names),
				   s->l2spec);
	char b[32];

	json_obj_open(j);
	json_kv_opt_u64(j, "tunnel", SHAS(s, L2TPSEC_A_TUNNEL_ID), s->tunnel);
	json_kv_opt_u64(j, "id", SHAS(s, L2TPSEC_A_SESSION_ID), s->id);
	json_kv_opt_u64(j, "peer_id", SHAS(s, L2TPSEC_A_SESSION_PEER_ID),
		     s->peer_id);
	json_key(j, "pw");
	if (!SHAS(s, L2TPSEC_A_SESSION_PW_TYPE)) {
		json_null(j);
	} else if (pw) {
		json_str(j, pw);
	} else {
		snprintf(b, sizeof(b), "unknown-%u", s->pw);
		json_str(j, b);
	}
	json_key(j, "ifname");
	if (SHAS(s, L2TPSEC_A_SESSION_IFNAME))
		json_str(j, s->ifname);
	else
		json_null(j);
	json_kv_opt_u64(j, "ifindex", SHAS(s, L2TPSEC_A_SESSION_IFINDEX),
		     s->ifindex);
	json_key(j, "l2spec");
	if (!SHAS(s, L2TPSEC_A_SESSION_L2SPEC)) {
		json_null(j);
	} else if (l2) {
		json_str(j, l2);
	} else {
		snprintf(b, sizeof(b), "unknown-%u", s->l2spec);
		json_str(j, b);
	}
	json_kv_bool(j, "send_seq", s->send_seq);
	json_kv_bool(j, "recv_seq", s->recv_seq);
	json_key(j, "cookie");
	json_hex(j, s->cookie, s->cookie_len);
	json_key(j, "peer_cookie");
	json_hex(j, s->peer_cookie, s->peer_cookie_len);
	json_kv_opt_u64(j, "mtu", SHAS(s, L2TPSEC_A_SESSION_MTU), s->mtu);
	json_key(j, "stats");
	stats_print_json(j, &s->stats);
	json_obj_close(j);
}

static int session_cmp(const void *a, const void *b)
{
	const struct l2s_session *x = a, *y = b;

	if (x->tunnel != y->tunnel)
		return x->tunnel < y->tunnel ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const struct kw key_kws[] = {
	{ "tunnel", true, false },
	{ "id", true, false },
};

/* "tunnel ID id ID": both for del; for show both, tunnel only or none. */
static int session_parse_key(const char *cmd, int argc, char **argv,
			     bool show, uint32_t *tunnel, uint32_t *id,
			     struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	*tunnel = *id = 0;
	args_init(&a, cmd, argc, argv);
	while ((k = args_next(&a, key_kws, 2, &seen, &val, e)) >= 0) {
		if (parse_u32(key_kws[k].name, val, 1, UINT32_MAX,
			      k == 0 ? tunnel : id, e))
			return -1;
	}
	if (k == -2)
		return -1;
	if (seen == 3 || (show && !(seen & 2)))
		return 0;
	l2s_errf(e, "%s: missing %s", cmd, seen & 1 ? "id" : "tunnel");
	return -1;
}

/* session add prints the interface the kernel made */
static int session_add(struct cli *c, int argc, char **argv)
{
	struct l2s_session p, s;
	struct l2s_kerr ke;
	int rc;

	if (session_parse_add(argc, argv, &p, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	rc = cli_result(c, "session add", l2s_session_add(&c->k, &p, &s, &ke),
			&ke);
	if (rc != EXIT_OK || !(s.has & (BIT(L2TPSEC_A_SESSION_IFNAME) |
					BIT(L2TPSEC_A_SESSION_IFINDEX))))
		return rc;
	if (c->json) {
		struct json j;

		json_init(&j, c->out);
		json_obj_open(&j);
		json_key(&j, "ifname");
		if (s.has & BIT(L2TPSEC_A_SESSION_IFNAME))
			json_str(&j, s.ifname);
		else
			json_null(&j);
		json_kv_opt_u64(&j, "ifindex",
				s.has & BIT(L2TPSEC_A_SESSION_IFINDEX), s.ifindex);
		json_obj_close(&j);
		fputc('\n', c->out);
	} else {
		fputs("ifname ", c->out);
		print_safe(c->out, s.ifname, sizeof(s.ifname));
		fprintf(c->out, " ifindex %" PRIu32 "\n", s.ifindex);
	}
	return rc;
}

static const struct show_ops session_show_ops = {
	.cmp = session_cmp,
	.text = session_print_text,
	.json = session_print_json,
	.blank_between = true,
};

static int session_show(struct cli *c, int argc, char **argv)
{
	uint32_t tunnel, id;
	struct l2s_kerr ke;
	struct vec v;
	int rc;

	if (session_parse_key("session show", argc, argv, true, &tunnel, &id,
			      &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct l2s_session));
	rc = cli_result(c, "session show",
			l2s_session_get(&c->k, tunnel, id, &v, &ke), &ke);
	if (rc == EXIT_OK) {
		struct l2s_session *s = v.items;
		size_t n = 0;

		/* "tunnel ID" alone: that tunnel's sessions */
		for (size_t i = 0; i < v.n; i++)
			if (!tunnel || s[i].tunnel == tunnel)
				s[n++] = s[i];
		v.n = n;
		cli_show_items(c, &v, &session_show_ops);
	}
	vec_free(&v);
	return rc;
}

int cmd_session(struct cli *c, int argc, char **argv)
{
	uint32_t tunnel, id;
	struct l2s_kerr ke;
	char b[80];

	if (argc < 1) {
		l2s_errf(&c->e, "session: missing command (add, del or show)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "add") == 0)
		return session_add(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "del") == 0) {
		if (session_parse_key("session del", argc - 1, argv + 1, false,
				      &tunnel, &id, &c->e))
			return EXIT_USAGE;
		if (cli_connect(c))
			return EXIT_RUNTIME;
		return cli_result(c, "session del",
				  l2s_session_del(&c->k, tunnel, id, &ke), &ke);
	}
	if (strcmp(argv[0], "show") == 0)
		return session_show(c, argc - 1, argv + 1);
	l2s_errf(&c->e, "session: unknown command '%s' (add, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
