// SPDX-License-Identifier: GPL-2.0
/*
 * conn blocks (struct conf_conn): addresses, authentication, identities,
 * proposals, lifetimes, liveness, start. Proposal strings are parsed by
 * ike/proposal.c at the conn's '}' (they depend on `weak`, which may come
 * later); identities by conf_id.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "conf_kw.h"
#include "parse.h"
#include "proposal.h"

#define C(f) offsetof(struct conf_conn, f)
#define S(f) offsetof(struct conn_state, f)
#define DAY 86400ULL

_Static_assert(sizeof(enum conf_auth) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum conf_encap) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum conf_start) == sizeof(int), "enums are stored as int");

/* While a conn is open: ike/esp as written, parsed at its '}'. */
struct conn_state {
	char ike[CONF_MAX_LINE + 1], esp[CONF_MAX_LINE + 1];
};

static const char *const auth_names[] = { "psk", "cert" };
static const int auth_vals[] = { CONF_AUTH_PSK, CONF_AUTH_CERT };
static const struct conf_choice auths = CONF_CHOICE(auth_names, auth_vals);
static const char *const encap_names[] = { "auto", "yes", "no" };
static const int encap_vals[] = { CONF_ENCAP_AUTO, CONF_ENCAP_YES, CONF_ENCAP_NO };
static const struct conf_choice encaps = CONF_CHOICE(encap_names, encap_vals);
static const char *const start_names[] = { "listen", "initiate" };
static const int start_vals[] = { CONF_START_LISTEN, CONF_START_INITIATE };
static const struct conf_choice starts = CONF_CHOICE(start_names, start_vals);

static struct conf_conn *cur(struct conf_parser *p)
{
	return conf_data(p, CONF_B_conn);
}

/* ------------------------------------------------------------ setters */

static int set_remote(struct conf_parser *p, const struct conf_kw *k, int argc,
		      struct conf_tok *argv)
{
	(void)argc;
	return conf_addr(p, k->name, argv[1].s, &cur(p)->remote, &cur(p)->remote_any);
}

static int set_id(struct conf_parser *p, const struct conf_kw *k, int argc,
		  struct conf_tok *argv)
{
	char msg[768];

	(void)argc;
	if (k->off == C(remote_id) && !strcmp(argv[1].s, "any") && !argv[1].quoted) {
		cur(p)->remote_id_any = true;	/* said on purpose: no identity check */
		return 0;
	}
	if (conf_id_parse(argv[1].s, (struct conf_id *)((char *)cur(p) + k->off), msg,
			  sizeof(msg)))
		return conf_err(p, "%s: %s", k->name, msg);
	return 0;
}

/* A psk value: "string" (quoted: always literal), 0xHEX, or a bare word. */
static int psk_set(struct conf_parser *p, const char *kw, const char *s, bool quoted)
{
	struct conf_conn *cn = cur(p);
	size_t n = strlen(s);

	if (!quoted && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		struct l2s_err e;
		char what[64];

		/* "psk: bad hex: odd number of hex digits (7)"; never echoes the key */
		snprintf(what, sizeof(what), "%s: bad hex", kw);
		if (parse_hex(what, s, cn->psk, sizeof(cn->psk), &n, &e)) {
			OPENSSL_cleanse(cn->psk, sizeof(cn->psk));
			return conf_err(p, "%s", e.msg);
		}
	} else if (n <= sizeof(cn->psk)) {
		memcpy(cn->psk, s, n);
	}
	if (n < CONF_PSK_MIN || n > CONF_PSK_MAX) {
		OPENSSL_cleanse(cn->psk, sizeof(cn->psk));
		if (n < CONF_PSK_MIN)
			return conf_err(p, "%s: too short (%zu bytes, at least %d)", kw, n,
					CONF_PSK_MIN);
		return conf_err(p, "%s: too long (%zu bytes, at most %d)", kw, n, CONF_PSK_MAX);
	}
	cn->psk_len = n;
	return 0;
}

/* psk and psk-file exclude each other. */
static int psk_other(struct conf_parser *p, const char *kw)
{
	const char *other = strcmp(kw, "psk") ? "psk" : "psk-file";

	if (!conf_seen(p, CONF_B_conn, other))
		return 0;
	return conf_err(p, "%s: %s was given too (use one of them)", kw, other);
}

static int set_psk(struct conf_parser *p, const struct conf_kw *k, int argc,
		   struct conf_tok *argv)
{
	(void)argc;
	if (psk_other(p, k->name))
		return -1;
	return psk_set(p, k->name, argv[1].s, argv[1].quoted);
}

/* The first line of the file is the key (same syntax as an unquoted psk). */
static int read_psk_file(struct conf_parser *p, const char *kw, const char *path)
{
	char buf[1024];
	size_t n;
	FILE *f;
	int rc;

	f = fopen(path, "re");
	if (!f)
		return conf_err(p, "%s: %s: %s", kw, path, strerror(errno));
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return conf_err(p, "%s: %s: empty", kw, path);
	}
	fclose(f);
	n = strcspn(buf, "\r\n");
	if (n == sizeof(buf) - 1) {
		OPENSSL_cleanse(buf, sizeof(buf));
		return conf_err(p, "%s: %s: first line too long", kw, path);
	}
	buf[n] = '\0';
	rc = psk_set(p, kw, buf, false);
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

static int set_psk_file(struct conf_parser *p, const struct conf_kw *k, int argc,
			struct conf_tok *argv)
{
	struct conf_conn *cn = cur(p);

	(void)argc;
	if (psk_other(p, k->name))
		return -1;
	if (conf_path(p, k->name, argv[1].s, cn->psk_file, CONF_PATH_LEN - 1) ||
	    conf_check_file(p, k->name, cn->psk_file))
		return -1;
	if (p->flags & CONF_F_NO_FILES)
		return 0;
	return read_psk_file(p, k->name, cn->psk_file);
}

static int set_version(struct conf_parser *p, const struct conf_kw *k, int argc,
		       struct conf_tok *argv)
{
	(void)argc;
	if (!strcmp(argv[1].s, "1") || !strcmp(argv[1].s, "2")) {
		cur(p)->version = (uint8_t)(argv[1].s[0] - '0');
		return 0;
	}
	return conf_err(p, "%s: '%s' is not 1 (IKEv1) or 2 (IKEv2)", k->name, argv[1].s);
}

/* ----------------------------------------------------------- printers */

static void print_version(FILE *f, const struct conf_kw *k, const void *data,
			  const char *indent)
{
	const struct conf_conn *cn = data;

	fprintf(f, "%s%s %u\n", indent, k->name, cn->version);
}

/* Keywords of version 1 conns only. */
static void print_v1(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_conn *cn = data;
	struct conf_kw plain = *k;

	if (cn->version != 1)
		return;
	plain.print = NULL;
	conf_print_kw(f, &plain, data, indent);
}

static void print_remote(FILE *f, const struct conf_kw *k, const void *data,
			 const char *indent)
{
	const struct conf_conn *cn = data;
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
	fprintf(f, "%s%s %s\n", indent, k->name, cn->remote_any ? "any" : a);
}

static void print_id(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_conn *cn = data;
	const struct conf_id *id = (const struct conf_id *)((const char *)data + k->off);
	const char *colon = strchr(id->text, ':');

	if (id == &cn->remote_id && cn->remote_id_any) {
		fprintf(f, "%s%s any\n", indent, k->name);
		return;
	}
	if (!id->type || !colon) {
		fprintf(f, "%s# %s: %s\n", indent, k->name,
			id == &cn->local_id ? "the certificate's subject" :
			cn->auth == CONF_AUTH_CERT ? "any identity the peer's certificate carries" :
			"any (remote is any)");
		return;
	}
	fprintf(f, "%s%s %.*s", indent, k->name, (int)(colon + 1 - id->text), id->text);
	lex_put_word(f, colon + 1);
	fputc('\n', f);
}

static void print_psk(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_conn *cn = data;

	if (cn->auth != CONF_AUTH_PSK)
		return;
	if (!strcmp(k->name, "psk") && !cn->psk_file[0]) {
		fprintf(f, "%spsk <hidden>\n", indent);
	} else if (!strcmp(k->name, "psk-file") && cn->psk_file[0]) {
		fprintf(f, "%spsk-file ", indent);
		lex_put_word(f, cn->psk_file);
		fputc('\n', f);
	}
}

/* cert, key, pss: with auth cert only. */
static void print_cert(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const struct conf_conn *cn = data;
	struct conf_kw plain = *k;

	if (cn->auth != CONF_AUTH_CERT)
		return;
	plain.print = NULL;
	conf_print_kw(f, &plain, data, indent);
}

static void print_proposals(FILE *f, const struct conf_kw *k, const void *data,
			    const char *indent)
{
	const struct conf_conn *cn = data;
	bool ike = !strcmp(k->name, "ike");
	char s[8192];

	proposal_list_str(ike ? cn->ike : cn->esp, ike ? cn->n_ike : cn->n_esp, s, sizeof(s));
	fprintf(f, "%s%s %s\n", indent, k->name, s);
}

/* ------------------------------------------------------------- table */

static const struct conf_kw conn_kws[] = {
	{ .name = "version", .kind = KW_FN, .set = set_version, .print = print_version },
	{ .name = "aggressive", .kind = KW_YESNO, .off = C(aggressive), .print = print_v1 },
	{ .name = "local", .kind = KW_ADDR, .flags = KF_REQUIRED, .off = C(local) },
	{ .name = "remote", .kind = KW_FN, .flags = KF_REQUIRED, .set = set_remote,
	  .print = print_remote },
	{ .name = "local-id", .kind = KW_FN, .off = C(local_id), .set = set_id,
	  .print = print_id },
	{ .name = "remote-id", .kind = KW_FN, .off = C(remote_id), .set = set_id,
	  .print = print_id },
	{ .name = "auth", .kind = KW_CHOICE, .flags = KF_REQUIRED, .off = C(auth),
	  .choice = &auths },
	{ .name = "psk", .kind = KW_FN, .flags = KF_QUOTE, .set = set_psk, .print = print_psk },
	{ .name = "psk-file", .kind = KW_FN, .flags = KF_QUOTE, .set = set_psk_file,
	  .print = print_psk },
	{ .name = "cert", .kind = KW_FILE, .off = C(cert), .max = CONF_PATH_LEN - 1,
	  .print = print_cert },
	{ .name = "key", .kind = KW_FILE, .off = C(key), .max = CONF_PATH_LEN - 1,
	  .print = print_cert },
	{ .name = "pss", .kind = KW_YESNO, .off = C(pss), .print = print_cert },
	{ .name = "auth-legacy-sha1", .kind = KW_YESNO, .off = C(legacy_sha1),
	  .print = print_cert },
	{ .name = "weak", .kind = KW_YESNO, .off = C(weak) },
	{ .name = "lns", .kind = KW_YESNO, .off = C(lns) },
	{ .name = "lns-clear-text", .kind = KW_YESNO, .off = C(lns_clear_text) },
	{ .name = "ike", .kind = KW_LIST, .flags = KF_STATE, .off = S(ike), .max = CONF_MAX_LINE,
	  .print = print_proposals },
	{ .name = "esp", .kind = KW_LIST, .flags = KF_STATE, .off = S(esp), .max = CONF_MAX_LINE,
	  .print = print_proposals },
	{ .name = "ike-lifetime", .kind = KW_DUR_S, .off = C(ike_lifetime), .min = 10,
	  .max = 30 * DAY },
	{ .name = "lifetime", .kind = KW_DUR_S, .off = C(lifetime), .min = 10, .max = 30 * DAY },
	{ .name = "lifebytes", .kind = KW_BYTES, .flags = KF_ZERO, .off = C(lifebytes),
	  .min = 64 << 10, .max = 1ULL << 60 },
	{ .name = "lifepackets", .kind = KW_U64, .flags = KF_ZERO, .off = C(lifepackets),
	  .min = 1000, .max = 1ULL << 60 },
	{ .name = "margin", .kind = KW_PCT, .off = C(margin_pct), .min = 1, .max = 100 },
	{ .name = "dpd", .kind = KW_DUR_S, .flags = KF_ZERO, .off = C(dpd), .min = 1,
	  .max = DAY },
	{ .name = "dpd-timeout", .kind = KW_DUR_S, .off = C(dpd_timeout), .min = 1, .max = DAY },
	{ .name = "keepalive", .kind = KW_DUR_S, .flags = KF_ZERO, .off = C(keepalive), .min = 1,
	  .max = 3600 },
	{ .name = "encap", .kind = KW_CHOICE, .off = C(encap), .choice = &encaps },
	{ .name = "replay-window", .kind = KW_U32, .off = C(replay_window), .min = 0,
	  .max = 4096 },
	{ .name = "start", .kind = KW_CHOICE, .off = C(start), .choice = &starts },
};

/* ------------------------------------------------------------- block */

/* The capacity of the conns array for n conns: 4, 8, ... CONF_MAX_CONNS. */
static unsigned int conns_cap(unsigned int n)
{
	unsigned int cap = 4;

	if (n == 0)
		return 0;
	while (cap < n && cap < CONF_MAX_CONNS)
		cap *= 2;
	return cap;
}

/* Room for one more conn, without leaving psks behind in freed memory. */
static int grow_conns(struct conf_parser *p)
{
	struct conf *c = p->c;
	unsigned int old = conns_cap(c->n_conns), cap = conns_cap(c->n_conns + 1);
	struct conf_conn *n;

	if (cap == old)
		return 0;
	n = calloc(cap, sizeof(*n));
	if (!n)
		return conf_err(p, "out of memory");
	if (c->conns) {
		memcpy(n, c->conns, c->n_conns * sizeof(*n));
		OPENSSL_cleanse(c->conns, old * sizeof(*n));
		free(c->conns);
	}
	c->conns = n;
	return 0;
}

static int conn_open(struct conf_parser *p, struct conf_frame *f, const char *name)
{
	struct conf *c = p->c;
	struct conf_conn *cn;

	if (!conf_name_ok(name, sizeof(cn->name) - 1))
		return conf_err(p, "conn: '%s' is not a valid name (1-63 of A-Z a-z 0-9 . _ -)",
				name);
	for (unsigned int i = 0; i < c->n_conns; i++)
		if (!strcmp(c->conns[i].name, name))
			return conf_err(p, "conn: duplicate name '%s' (first on line %d)", name,
					c->conns[i].line);
	if (c->n_conns >= CONF_MAX_CONNS)
		return conf_err(p, "conn: too many connections (max %d)", CONF_MAX_CONNS);
	if (grow_conns(p))
		return -1;
	cn = &c->conns[c->n_conns++];
	memset(cn, 0, sizeof(*cn));
	snprintf(cn->name, sizeof(cn->name), "%s", name);
	snprintf(cn->file, sizeof(cn->file), "%s", p->lex.file);
	cn->line = f->line;
	f->data = cn;
	return 0;
}

static void conn_defaults(void *data)
{
	struct conf_conn *cn = data;

	cn->version = 2;
	cn->ike_lifetime = 4 * 3600;
	cn->lifetime = 3600;
	cn->margin_pct = 10;
	cn->dpd = 30;
	cn->dpd_timeout = 150;
	cn->keepalive = 20;
	cn->replay_window = 1024;
	cn->encap = CONF_ENCAP_AUTO;
	cn->start = CONF_START_LISTEN;
	conf_block_l2tp.defaults(&cn->l2tp);	/* also without an l2tp block */
}

/* A keyword that must not be there, given the auth method. */
static int forbid(struct conf_parser *p, const char *kw, const char *why)
{
	int line = conf_seen(p, CONF_B_conn, kw);

	return line ? conf_err_at(p, line, "%s: %s", kw, why) : 0;
}

static int need(struct conf_parser *p, const char *what, const char *kw)
{
	if (conf_seen(p, CONF_B_conn, kw))
		return 0;
	return conf_err(p, "%s: missing required keyword '%s'", what, kw);
}

static int check_auth(struct conf_parser *p, const struct conf_frame *f)
{
	const struct conf_conn *cn = f->data;

	if (cn->auth == CONF_AUTH_PSK) {
		if (!conf_seen(p, CONF_B_conn, "psk") && !conf_seen(p, CONF_B_conn, "psk-file"))
			return conf_err(p, "%s: auth psk needs 'psk' or 'psk-file'", f->what);
		return forbid(p, "cert", "only used with auth cert") ||
		       forbid(p, "key", "only used with auth cert") ||
		       forbid(p, "pss", "only used with auth cert") ||
		       forbid(p, "auth-legacy-sha1", "only used with auth cert");
	}
	if (need(p, f->what, "cert") || need(p, f->what, "key"))
		return -1;
	if (forbid(p, "psk", "only used with auth psk") ||
	    forbid(p, "psk-file", "only used with auth psk"))
		return -1;
	if (!cn->remote_id.type && !cn->remote_id_any)
		return conf_err_at(p, f->line,
				   "%s: auth cert without remote-id would accept every certificate "
				   "the CAs signed: set remote-id (or 'remote-id any' to mean that)",
				   f->what);
	return 0;
}

/* Keywords that make no sense for the conn's IKE version. */
static int check_version(struct conf_parser *p, const struct conf_conn *cn)
{
	if (cn->version == 2)
		return forbid(p, "aggressive",
			      "only for version 1 conns (IKEv2 has no aggressive mode)");
	return 0;
}

static int parse_proposals(struct conf_parser *p, const char *kw, const char *s,
			   struct ike_proposal *out, unsigned int *n)
{
	int line = conf_seen(p, CONF_B_conn, kw);
	uint8_t proto = !strcmp(kw, "ike") ? IKE_PROTO_IKE : IKE_PROTO_ESP;
	const struct conf_conn *cn = cur(p);
	unsigned int flags = (cn->weak ? PROPOSAL_WEAK : 0) |
			     (cn->version == 1 ? PROPOSAL_IKEV1 : 0);
	char msg[768];

	if (!line && cn->version == 1)
		s = proto == IKE_PROTO_IKE ? PROPOSAL_DEFAULT_IKEV1 : PROPOSAL_DEFAULT_ESPV1;
	else if (!line)
		s = proto == IKE_PROTO_IKE ? PROPOSAL_DEFAULT_IKE : PROPOSAL_DEFAULT_ESP;
	if (proposal_parse(s, proto, flags, out, IKE_MAX_PROPOSALS, n, msg, sizeof(msg)))
		return conf_err_at(p, line ? line : p->lex.line, "%s", msg);
	return 0;
}

static int check_values(struct conf_parser *p, const struct conf_conn *cn)
{
	int line;

	if (!cn->remote_any && cn->local.s_addr == cn->remote.s_addr)
		return conf_err_at(p, conf_seen(p, CONF_B_conn, "remote"),
				   "remote: the same address as local");
	line = conf_seen(p, CONF_B_conn, "start");
	if (cn->remote_any && cn->start == CONF_START_INITIATE)
		return conf_err_at(p, line,
				   "start: initiate needs a remote address (remote is any)");
	/* A pseudowire is one peer's: with remote any and no identity, every
	 * peer that authenticates would share (and could take over) the
	 * tunnel. A remote-id naming one peer makes it that peer's, wherever
	 * it connects from (a client behind a NAT).
	 */
	if (cn->remote_any && cn->l2tp.set && (!cn->remote_id.type || cn->remote_id_any)) {
		line = p->slot[CONF_B_l2tp].line;
		return conf_err_at(p, line ? line : p->lex.line,
				   "l2tp: a pseudowire needs a remote address, or with remote any "
				   "a remote-id naming its one peer");
	}
	/* Clear-text L2TP is admitted by the peer's address alone: one
	 * address, explicitly, and only to the LNS (local is required and
	 * unicast in every conn).
	 */
	line = conf_seen(p, CONF_B_conn, "lns-clear-text");
	if (cn->lns_clear_text && !cn->lns)
		return conf_err_at(p, line, "lns-clear-text: needs `lns yes`");
	if (cn->lns_clear_text && cn->remote_any)
		return conf_err_at(p, line, "lns-clear-text: needs a remote address "
				   "(remote is any: every host could reach the LNS without IPsec)");
	if (cn->dpd && cn->dpd_timeout <= cn->dpd) {
		line = conf_seen(p, CONF_B_conn, "dpd-timeout");
		return conf_err_at(p, line ? line : conf_seen(p, CONF_B_conn, "dpd"),
				   "dpd-timeout: %us must be longer than dpd (%us)",
				   cn->dpd_timeout, cn->dpd);
	}
	return 0;
}

/* Against the conns before this one (l2tp ids: conf_l2tp.c). */
static int check_unique(struct conf_parser *p, const struct conf_conn *cn)
{
	for (unsigned int i = 0; i + 1 < p->c->n_conns; i++) {
		const struct conf_conn *o = &p->c->conns[i];
		char a[INET_ADDRSTRLEN];

		if (!cn->remote_any && !o->remote_any && cn->remote.s_addr == o->remote.s_addr) {
			inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
			return conf_err_at(p, conf_seen(p, CONF_B_conn, "remote"),
					   "remote: %s already used by conn '%s' (line %d)", a,
					   o->name, o->line);
		}
	}
	return 0;
}

/* Effective identities of a psk conn: ip:<local>, ip:<remote>. */
static void default_ids(struct conf_conn *cn)
{
	char a[INET_ADDRSTRLEN], t[32];

	if (cn->auth != CONF_AUTH_PSK)
		return;
	if (!cn->local_id.type) {
		inet_ntop(AF_INET, &cn->local, a, sizeof(a));
		snprintf(t, sizeof(t), "ip:%s", a);
		conf_id_parse(t, &cn->local_id, NULL, 0);
	}
	if (!cn->remote_id.type && !cn->remote_any && !cn->remote_id_any) {
		inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
		snprintf(t, sizeof(t), "ip:%s", a);
		conf_id_parse(t, &cn->remote_id, NULL, 0);
	}
}

static int conn_close(struct conf_parser *p, struct conf_frame *f)
{
	struct conf_conn *cn = f->data;
	const struct conn_state *st = conf_state(p, CONF_B_conn);

	if (check_version(p, cn) || check_auth(p, f) ||
	    parse_proposals(p, "ike", st->ike, cn->ike, &cn->n_ike) ||
	    parse_proposals(p, "esp", st->esp, cn->esp, &cn->n_esp) ||
	    check_values(p, cn) || check_unique(p, cn))
		return -1;
	default_ids(cn);
	return 0;
}

static const void *conn_instance(const struct conf *c, const void *parent, unsigned int i)
{
	(void)parent;
	return i < c->n_conns ? &c->conns[i] : NULL;
}

static void conn_head(FILE *f, const void *data)
{
	const struct conf_conn *cn = data;

	fprintf(f, "\nconn %s {\t# %s:%d\n", cn->name, cn->file, cn->line);
}

const struct conf_block conf_block_conn = {
	.name = "conn",
	.article = "a",
	.named = true,
	.repeat = true,
	CONF_KWS(conn_kws),
	.state_size = sizeof(struct conn_state),
	.open = conn_open,
	.defaults = conn_defaults,
	.close = conn_close,
	.instance = conn_instance,
	.print_head = conn_head,
};
