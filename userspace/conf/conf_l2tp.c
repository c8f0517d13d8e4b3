// SPDX-License-Identifier: GPL-2.0
/* A conn's `l2tp { ... }` block: its L2TPv3 pseudowire (struct conf_l2tp). */
#include <stddef.h>
#include <string.h>

#include "conf_kw.h"
#include "parse.h"

#define L(f) offsetof(struct conf_l2tp, f)
#define U32MAX 0xffffffffULL

static int set_ifname(struct conf_parser *p, const struct conf_kw *k, int argc,
		      struct conf_tok *argv)
{
	struct conf_l2tp *l = conf_data(p, CONF_B_l2tp);
	const char *s = argv[1].s;
	struct l2s_err e;

	(void)argc;
	/* lib's "invalid ifname 'x' (...)": ours names the keyword first */
	if (parse_ifname(k->name, s, l->ifname, sizeof(l->ifname), &e))
		return conf_err(p, "%s: '%s' is not a valid interface name "
				"(1-15 characters, no '/', ':' or spaces)", k->name, s);
	for (const char *q = s; *q; q++) {
		if ((unsigned char)*q > 0x7e) {
			l->ifname[0] = '\0';
			return conf_err(p, "%s: '%s' is not a valid interface name", k->name, s);
		}
	}
	return 0;
}

static const struct conf_kw l2tp_kws[] = {
	{ .name = "tunnel-id", .kind = KW_U32, .flags = KF_REQUIRED, .off = L(tunnel_id),
	  .min = 1, .max = U32MAX },
	{ .name = "peer-tunnel-id", .kind = KW_U32, .flags = KF_REQUIRED,
	  .off = L(peer_tunnel_id), .min = 1, .max = U32MAX },
	{ .name = "session-id", .kind = KW_U32, .flags = KF_REQUIRED, .off = L(session_id),
	  .min = 1, .max = U32MAX },
	{ .name = "peer-session-id", .kind = KW_U32, .flags = KF_REQUIRED,
	  .off = L(peer_session_id), .min = 1, .max = U32MAX },
	{ .name = "cookie", .kind = KW_HEX, .off = L(cookie), .off_len = L(cookie_len),
	  .min = 4, .max = 8 },
	{ .name = "peer-cookie", .kind = KW_HEX, .off = L(peer_cookie),
	  .off_len = L(peer_cookie_len), .min = 4, .max = 8 },
	{ .name = "ifname", .kind = KW_STRING, .off = L(ifname), .max = 15, .set = set_ifname,
	  .unset = "chosen by the kernel (l2tpethN)" },
	{ .name = "port", .kind = KW_U16, .off = L(port), .min = 1, .max = 65535 },
	{ .name = "mtu", .kind = KW_U32, .flags = KF_ZERO, .off = L(mtu), .min = 68,
	  .max = 65535, .unset = "computed by the module" },
	{ .name = "seq", .kind = KW_YESNO, .off = L(seq) },
};

static int l2tp_open(struct conf_parser *p, struct conf_frame *f, const char *name)
{
	struct conf_conn *cn = conf_data(p, CONF_B_conn);

	(void)name;
	cn->l2tp.set = true;
	f->data = &cn->l2tp;
	return 0;
}

static void l2tp_defaults(void *data)
{
	struct conf_l2tp *l = data;

	l->port = 1701;
}

/* Tunnel and session ids and interface names are unique across conns. */
static int l2tp_close(struct conf_parser *p, struct conf_frame *f)
{
	const struct conf_l2tp *l = f->data;

	for (unsigned int i = 0; i + 1 < p->c->n_conns; i++) {
		const struct conf_conn *o = &p->c->conns[i];

		if (!o->l2tp.set)
			continue;
		if (l->tunnel_id == o->l2tp.tunnel_id)
			return conf_err_at(p, conf_seen(p, CONF_B_l2tp, "tunnel-id"),
					   "tunnel-id: %u already used by conn '%s' (line %d)",
					   l->tunnel_id, o->name, o->line);
		if (l->session_id == o->l2tp.session_id)
			return conf_err_at(p, conf_seen(p, CONF_B_l2tp, "session-id"),
					   "session-id: %u already used by conn '%s' (line %d)",
					   l->session_id, o->name, o->line);
		if (l->ifname[0] && !strcmp(l->ifname, o->l2tp.ifname))
			return conf_err_at(p, conf_seen(p, CONF_B_l2tp, "ifname"),
					   "ifname: %s already used by conn '%s' (line %d)",
					   l->ifname, o->name, o->line);
	}
	return 0;
}

static const void *l2tp_instance(const struct conf *c, const void *parent, unsigned int i)
{
	const struct conf_conn *cn = parent;

	(void)c;
	return i == 0 && cn->l2tp.set ? &cn->l2tp : NULL;
}

const struct conf_block conf_block_l2tp = {
	.name = "l2tp",
	.article = "an",
	CONF_KWS(l2tp_kws),
	.open = l2tp_open,
	.defaults = l2tp_defaults,
	.close = l2tp_close,
	.instance = l2tp_instance,
	.absent = "no l2tp block: only the SAs are negotiated",
};
