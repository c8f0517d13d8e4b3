// SPDX-License-Identifier: GPL-2.0
/*
 * The global `lns { ... }` block (struct conf_lns): the L2TPv2 LNS and
 * PPP server of a remote-access gateway. What each keyword does:
 * Documentation/remote-access.md.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "conf_kw.h"
#include "pool.h"

#define N(f) offsetof(struct conf_lns, f)

/* dns A [B], nbns A [B]: one or two servers, primary first. */
static int set_servers(struct conf_parser *p, const struct conf_kw *k, int argc,
		       struct conf_tok *argv)
{
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	struct in_addr *a = !strcmp(k->name, "dns") ? l->dns : l->nbns;

	if (argc > 3)
		return conf_err(p, "%s: at most two servers (primary and secondary)", k->name);
	for (int i = 1; i < argc; i++)
		if (conf_addr(p, k->name, argv[i].s, &a[i - 1], NULL))
			return -1;
	if (argc == 3 && a[0].s_addr == a[1].s_addr)
		return conf_err(p, "%s: the same server twice", k->name);
	return 0;
}

static void print_servers(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_lns *l = data;
	const struct in_addr *a = !strcmp(k->name, "dns") ? l->dns : l->nbns;
	char s[2][INET_ADDRSTRLEN];

	if (!a[0].s_addr) {
		fprintf(f, "%s# %s: none offered\n", indent, k->name);
		return;
	}
	inet_ntop(AF_INET, &a[0], s[0], sizeof(s[0]));
	inet_ntop(AF_INET, &a[1], s[1], sizeof(s[1]));
	fprintf(f, "%s%s %s%s%s\n", indent, k->name, s[0], a[1].s_addr ? " " : "",
		a[1].s_addr ? s[1] : "");
}

/* auth mschapv2 [chap] [pap]: the methods offered, preferred first. */
static int set_auth(struct conf_parser *p, const struct conf_kw *k, int argc,
		    struct conf_tok *argv)
{
	static const struct { const char *name; unsigned int bit; } m[] = {
		{ "mschapv2", CONF_LNS_AUTH_MSCHAPV2 },
		{ "chap", CONF_LNS_AUTH_CHAP },
		{ "pap", CONF_LNS_AUTH_PAP },
	};
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	size_t off = 0;

	l->auth = 0;
	for (int i = 1; i < argc; i++) {
		unsigned int bit = 0;

		for (size_t j = 0; j < sizeof(m) / sizeof(m[0]); j++)
			if (!strcmp(argv[i].s, m[j].name))
				bit = m[j].bit;
		if (!bit)
			return conf_err(p, "%s: '%s' is not one of mschapv2, chap, pap "
					"(EAP is not offered)", k->name, argv[i].s);
		if (l->auth & bit)
			return conf_err(p, "%s: '%s' twice", k->name, argv[i].s);
		l->auth |= bit;
		off += (size_t)snprintf(l->auth_list + off, sizeof(l->auth_list) - off, "%s%s",
					i > 1 ? " " : "", argv[i].s);
	}
	return 0;
}

static void print_auth(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_lns *l = data;

	fprintf(f, "%s%s %s\n", indent, k->name, l->auth_list);
}

static int set_pool(struct conf_parser *p, const struct conf_kw *k, int argc,
		    struct conf_tok *argv)
{
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	uint32_t first, last;
	const char *why;

	(void)argc;
	if (auth_pool_parse(argv[1].s, &first, &last, &why))
		return conf_err(p, "%s: '%s': %s", k->name, argv[1].s, why);
	snprintf(l->pool, sizeof(l->pool), "%s", argv[1].s);
	return 0;
}

static void print_pool(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_lns *l = data;

	fprintf(f, "%s%s %s\n", indent, k->name, l->pool);
}

static int set_secret(struct conf_parser *p, const struct conf_kw *k, int argc,
		      struct conf_tok *argv)
{
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	size_t n = strlen(argv[1].s);

	(void)argc;
	if (n < 8 || n > CONF_LNS_SECRET_MAX)
		return conf_err(p, "%s: 8 to %d characters", k->name, CONF_LNS_SECRET_MAX);
	memcpy(l->secret, argv[1].s, n + 1);
	l->secret_len = n;
	return 0;
}

static void print_secret(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_lns *l = data;

	if (l->secret_len)
		fprintf(f, "%s%s \"<%zu characters>\"\n", indent, k->name, l->secret_len);
	else
		fprintf(f, "%s# %s: none (no tunnel authentication)\n", indent, k->name);
}

/* route A.B.C.D/N [via E.F.G.H]: one split-tunnel route (repeatable). */
static int set_route(struct conf_parser *p, const struct conf_kw *k, int argc,
		     struct conf_tok *argv)
{
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	char s[128];
	const char *why;
	size_t off = 0;

	if (l->n_routes == CONF_LNS_MAX_ROUTES)
		return conf_err(p, "%s: at most %d routes", k->name, CONF_LNS_MAX_ROUTES);
	for (int i = 1; i < argc; i++) {
		if (off + strlen(argv[i].s) + 2 > sizeof(s))
			return conf_err(p, "%s: too long", k->name);
		off += (size_t)snprintf(s + off, sizeof(s) - off, "%s%s", i > 1 ? " " : "",
					argv[i].s);
	}
	if (dhcp_route_parse(s, &l->routes[l->n_routes], &why))
		return conf_err(p, "%s: '%s': %s", k->name, s, why);
	for (unsigned int i = 0; i < l->n_routes; i++)
		if (l->routes[i].dst == l->routes[l->n_routes].dst &&
		    l->routes[i].prefix == l->routes[l->n_routes].prefix)
			return conf_err(p, "%s: '%s' twice", k->name, s);
	l->n_routes++;
	return 0;
}

static void print_routes(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_lns *l = data;
	char a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];

	if (!l->n_routes)
		fprintf(f, "%s# %s: none (full tunnel: clients route as they are set)\n", indent,
			k->name);
	for (unsigned int i = 0; i < l->n_routes; i++) {
		struct in_addr x = { htonl(l->routes[i].dst) }, y = { htonl(l->routes[i].gw) };

		inet_ntop(AF_INET, &x, a, sizeof(a));
		inet_ntop(AF_INET, &y, g, sizeof(g));
		fprintf(f, "%s%s %s/%u%s%s\n", indent, k->name, a, l->routes[i].prefix,
			l->routes[i].gw ? " via " : "", l->routes[i].gw ? g : "");
	}
}

/* domain NAME: a DNS name (letters, digits, '-', dots; labels of 1..63). */
static int set_domain(struct conf_parser *p, const struct conf_kw *k, int argc,
		      struct conf_tok *argv)
{
	struct conf_lns *l = conf_data(p, CONF_B_lns);
	const char *s = argv[1].s;
	size_t n = strlen(s), label = 0;

	(void)argc;
	if (!n || n > k->max)
		return conf_err(p, "%s: 1 to %llu characters", k->name, (unsigned long long)k->max);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (!label)
				return conf_err(p, "%s: '%s': an empty label", k->name, s);
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return conf_err(p, "%s: '%s': only letters, digits, '-' and dots", k->name, s);
		if (++label > 63)
			return conf_err(p, "%s: '%s': a label over 63 characters", k->name, s);
	}
	memcpy(l->domain, s, n + 1);
	return 0;
}

static const struct conf_kw lns_kws[] = {
	{ .name = "users", .kind = KW_FILE, .flags = KF_REQUIRED, .off = N(users),
	  .max = CONF_PATH_LEN - 1 },
	{ .name = "pool", .kind = KW_FN, .flags = KF_REQUIRED, .set = set_pool,
	  .print = print_pool },
	{ .name = "address", .kind = KW_ADDR, .flags = KF_REQUIRED, .off = N(local) },
	{ .name = "dns", .kind = KW_FN, .flags = KF_WORDS, .set = set_servers, .print = print_servers },
	{ .name = "nbns", .kind = KW_FN, .flags = KF_WORDS, .set = set_servers, .print = print_servers },
	{ .name = "auth", .kind = KW_FN, .flags = KF_WORDS, .set = set_auth, .print = print_auth },
	{ .name = "mru", .kind = KW_U32, .off = N(mru), .min = 576, .max = 1500 },
	{ .name = "ipv6", .kind = KW_YESNO, .off = N(ipv6) },
	{ .name = "lcp-echo", .kind = KW_DUR_S, .flags = KF_ZERO, .off = N(lcp_echo_interval),
	  .min = 1, .max = 3600, .unset = "off" },
	{ .name = "lcp-echo-failures", .kind = KW_U32, .off = N(lcp_echo_failures), .min = 1,
	  .max = 100 },
	{ .name = "auth-tries", .kind = KW_U32, .off = N(auth_tries), .min = 1, .max = 10 },
	{ .name = "hostname", .kind = KW_STRING, .off = N(hostname), .max = 63 },
	{ .name = "secret", .kind = KW_FN, .flags = KF_QUOTE, .set = set_secret,
	  .print = print_secret },
	{ .name = "hello", .kind = KW_DUR_S, .off = N(hello), .min = 5, .max = 3600 },
	{ .name = "route", .kind = KW_FN, .flags = KF_REPEAT | KF_WORDS, .set = set_route,
	  .print = print_routes },
	{ .name = "domain", .kind = KW_STRING, .off = N(domain), .max = 253,
	  .set = set_domain, .unset = "none" },
	{ .name = "proxy-arp", .kind = KW_YESNO, .off = N(proxy_arp) },
	{ .name = "max-sessions", .kind = KW_U32, .off = N(max_sessions), .min = 1,
	  .max = 65535 },
	{ .name = "max-sessions-per-tunnel", .kind = KW_U32, .off = N(max_sessions_per_tunnel),
	  .min = 1, .max = 65535 },
	{ .name = "max-tunnels-per-peer", .kind = KW_U32, .off = N(max_tunnels_per_peer),
	  .min = 1, .max = 65535 },
};

static int lns_open(struct conf_parser *p, struct conf_frame *f, const char *name)
{
	(void)name;
	p->c->lns.set = true;
	f->data = &p->c->lns;
	return 0;
}

static void lns_defaults(void *data)
{
	struct conf_lns *l = data;

	l->auth = CONF_LNS_AUTH_MSCHAPV2;
	snprintf(l->auth_list, sizeof(l->auth_list), "mschapv2");
	/* 1500 - IP 20 - UDP 8 - ESP 8 - IV 16 - pad and trailer up to 17 -
	 * ICV 16 - UDP 8 - L2TP 8 - PPP 2 = 1397: 1400 minus what the pad
	 * rarely takes; what xl2tpd and the clients use too */
	l->mru = 1400;
	l->lcp_echo_interval = 30;
	l->lcp_echo_failures = 4;
	l->auth_tries = 3;
	snprintf(l->hostname, sizeof(l->hostname), "l2tpsecd");
	l->hello = 60;
	l->max_sessions = 4096;
	l->max_sessions_per_tunnel = 16;
	l->max_tunnels_per_peer = 4;
	l->proxy_arp = true;
}

/* The gateway's own PPP address must not be handed out. */
static int lns_close(struct conf_parser *p, struct conf_frame *f)
{
	const struct conf_lns *l = f->data;
	uint32_t first, last, me = ntohl(l->local.s_addr);
	const char *why;

	if (auth_pool_parse(l->pool, &first, &last, &why))
		return conf_err_at(p, conf_seen(p, CONF_B_lns, "pool"), "pool: %s", why);
	if (first == last && first == me)
		return conf_err_at(p, conf_seen(p, CONF_B_lns, "address"),
				   "address: the pool's only address");
	return 0;
}

static const void *lns_instance(const struct conf *c, const void *parent, unsigned int i)
{
	(void)parent;
	return i == 0 && c->lns.set ? &c->lns : NULL;
}

const struct conf_block conf_block_lns = {
	.name = "lns",
	.article = "an",
	CONF_KWS(lns_kws),
	.open = lns_open,
	.defaults = lns_defaults,
	.close = lns_close,
	.instance = lns_instance,
	.absent = "no lns block: no L2TP/PPP remote access",
};
