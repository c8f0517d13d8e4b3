// SPDX-License-Identifier: GPL-2.0
/* The global section: daemon settings outside any block (struct conf). */
#include <stddef.h>
#include <string.h>
#include <sys/un.h>

#include "conf_kw.h"

#define G(f) offsetof(struct conf, f)
#define SUN_PATH_MAX	(sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

static const char *const level_names[] = { "error", "warning", "notice", "info", "debug" };
static const int level_vals[] = {
	CONF_LOG_ERR, CONF_LOG_WARNING, CONF_LOG_NOTICE, CONF_LOG_INFO, CONF_LOG_DEBUG,
};
static const struct conf_choice levels = CONF_CHOICE(level_names, level_vals);
static const char *const target_names[] = { "syslog", "stderr" };
static const int target_vals[] = { 1, 2 };
static const struct conf_choice targets = CONF_CHOICE(target_names, target_vals);

/* user and control-group: a user or group name. */
static int set_name(struct conf_parser *p, const struct conf_kw *k, int argc,
		    struct conf_tok *argv)
{
	(void)argc;
	if (!conf_name_ok(argv[1].s, k->max))
		return conf_err(p, "%s: '%s' is not a valid %s name", k->name, argv[1].s,
				strcmp(k->name, "user") ? "group" : "user");
	snprintf((char *)p->c + k->off, k->max + 1, "%s", argv[1].s);
	return 0;
}

/* ca and crl: up to 16 files each. */
static int set_cafile(struct conf_parser *p, const struct conf_kw *k, int argc,
		      struct conf_tok *argv)
{
	bool ca = !strcmp(k->name, "ca");
	unsigned int *n = ca ? &p->c->n_ca : &p->c->n_crl;
	char *d;

	(void)argc;
	if (*n >= (ca ? CONF_MAX_CA : CONF_MAX_CRL))
		return conf_err(p, "%s: too many (max %d)", k->name,
				ca ? CONF_MAX_CA : CONF_MAX_CRL);
	d = ca ? p->c->ca[*n] : p->c->crl[*n];
	if (conf_path(p, k->name, argv[1].s, d, CONF_PATH_LEN - 1) ||
	    conf_check_file(p, k->name, d))
		return -1;
	(*n)++;
	return 0;
}

static void print_cafiles(FILE *f, const struct conf_kw *k, const void *data,
			  const char *indent)
{
	const struct conf *c = data;
	bool ca = !strcmp(k->name, "ca");
	unsigned int n = ca ? c->n_ca : c->n_crl;

	for (unsigned int i = 0; i < n && i < (ca ? CONF_MAX_CA : CONF_MAX_CRL); i++) {
		fprintf(f, "%s%s ", indent, k->name);
		lex_put_word(f, ca ? c->ca[i] : c->crl[i]);
		fputc('\n', f);
	}
}

static const struct conf_kw global_kws[] = {
	{ .name = "log-level", .kind = KW_CHOICE, .off = G(log_level), .choice = &levels },
	{ .name = "log", .kind = KW_CHOICE, .off = G(log_target), .choice = &targets,
	  .unset = "stderr in the foreground, syslog as a daemon" },
	{ .name = "pidfile", .kind = KW_PATH, .off = G(pidfile), .max = CONF_PATH_LEN - 1 },
	{ .name = "control", .kind = KW_PATH, .off = G(control), .max = SUN_PATH_MAX },
	{ .name = "control-group", .kind = KW_STRING, .off = G(control_group),
	  .max = sizeof(((struct conf *)0)->control_group) - 1, .set = set_name,
	  .unset = "not set (mode 0600: root and user only)" },
	{ .name = "user", .kind = KW_STRING, .off = G(user), .max = sizeof(((struct conf *)0)->user) - 1,
	  .set = set_name, .unset = "not set (stays root)" },
	{ .name = "ike-port", .kind = KW_U16, .off = G(ike_port), .min = 1, .max = 65535 },
	{ .name = "natt-port", .kind = KW_U16, .off = G(natt_port), .min = 1, .max = 65535 },
	{ .name = "cookie-threshold", .kind = KW_U32, .off = G(cookie_threshold), .min = 0,
	  .max = 1000000 },
	{ .name = "half-open-per-source", .kind = KW_U32, .off = G(half_open_per_source),
	  .min = 1, .max = 1000000 },
	{ .name = "half-open-timeout", .kind = KW_DUR_S, .off = G(half_open_timeout), .min = 1,
	  .max = 3600 },
	{ .name = "retransmit-timeout", .kind = KW_DUR_MS, .off = G(retransmit_timeout_ms),
	  .min = 100, .max = 600000 },
	{ .name = "retransmit-tries", .kind = KW_U32, .off = G(retransmit_tries), .min = 1,
	  .max = 20 },
	{ .name = "ca", .kind = KW_FN, .flags = KF_REPEAT, .set = set_cafile,
	  .print = print_cafiles },
	{ .name = "crl", .kind = KW_FN, .flags = KF_REPEAT, .set = set_cafile,
	  .print = print_cafiles },
};

static void global_defaults(void *data)
{
	struct conf *c = data;

	c->log_level = CONF_LOG_INFO;
	snprintf(c->pidfile, sizeof(c->pidfile), "/run/l2tpsecd.pid");
	snprintf(c->control, sizeof(c->control), "/run/l2tpsecd.sock");
	c->ike_port = IKE_PORT;
	c->natt_port = IKE_NATT_PORT;
	c->cookie_threshold = 32;
	c->half_open_per_source = 8;
	c->half_open_timeout = 30;
	c->retransmit_timeout_ms = 2000;
	c->retransmit_tries = 5;
}

/* At the end of the file. */
static int global_close(struct conf_parser *p, struct conf_frame *f)
{
	const struct conf *c = f->data;
	int line;

	for (unsigned int i = 0; i < c->n_conns; i++) {
		if (!c->conns[i].lns)
			continue;
		if (!c->lns.set)
			return conf_err_at(p, c->conns[i].line,
					   "conn '%s': lns yes, but there is no lns block",
					   c->conns[i].name);
		if (c->conns[i].l2tp.set)
			return conf_err_at(p, c->conns[i].line,
					   "conn '%s': lns yes and an l2tp block: its L2TP goes "
					   "to the LNS or to its pseudowire, not both",
					   c->conns[i].name);
	}
	if (c->ike_port != c->natt_port)
		return 0;
	line = conf_seen(p, CONF_B_global, "natt-port");
	return conf_err_at(p, line ? line : conf_seen(p, CONF_B_global, "ike-port"),
			   "natt-port: must differ from ike-port (%u)", c->ike_port);
}

static const void *global_instance(const struct conf *c, const void *parent, unsigned int i)
{
	(void)parent;
	return i ? NULL : c;
}

const struct conf_block conf_block_global = {
	.name = "global",
	CONF_KWS(global_kws),
	.defaults = global_defaults,
	.close = global_close,
	.instance = global_instance,
};
