// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec sa add|del|show". */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "encap.h"
#include "out.h"
#include "sa.h"
#include "show.h"

enum {
	SA_KW_SPI, SA_KW_DIR, SA_KW_LOCAL, SA_KW_PEER, SA_KW_ALG, SA_KW_KEY,
	SA_KW_AUTH_KEY, SA_KW_KEY_FILE, SA_KW_AUTH_KEY_FILE, SA_KW_ENCAP, SA_KW_SPORT, SA_KW_DPORT, SA_KW_REPLAY,
	SA_KW_ESN, SA_KW_SEQ, SA_KW_LIFE,	/* + enum sa_life */
	SA_KW_N = SA_KW_LIFE + SA_LIFE_N
};

static const char *const dir_names[] = { "in", "out" };

static const uint8_t dir_values[] = { L2TPSEC_DIR_IN, L2TPSEC_DIR_OUT };

static const char *const encap_names[] = { "none", "udp" };

static const char *const state_names[] = {
	[L2TPSEC_SA_STATE_VALID] = "valid",
	[L2TPSEC_SA_STATE_SOFT_EXPIRED] = "soft-expired",
	[L2TPSEC_SA_STATE_EXPIRED] = "expired",
};

static const char *const life_kw[SA_LIFE_N] = {
	"soft-bytes", "hard-bytes", "soft-packets", "hard-packets",
	"soft-time", "hard-time",
};

static const char *const life_json[SA_LIFE_N] = {
	"soft_bytes", "hard_bytes", "soft_packets", "hard_packets",
	"soft_time", "hard_time",
};

static const struct kw sa_add_kws[SA_KW_N] = {
	[SA_KW_SPI]	 = { "spi", true, true },
	[SA_KW_DIR]	 = { "dir", true, true },
	[SA_KW_LOCAL]	 = { "local", true, true },
	[SA_KW_PEER]	 = { "peer", true, true },
	[SA_KW_ALG]	 = { "alg", true, true },
	[SA_KW_KEY]	 = { "key", true, false },	/* or key-file */
	[SA_KW_AUTH_KEY] = { "auth-key", true, false },
	[SA_KW_KEY_FILE] = { "key-file", true, false },
	[SA_KW_AUTH_KEY_FILE] = { "auth-key-file", true, false },
	[SA_KW_ENCAP]	 = { "encap", true, false },
	[SA_KW_SPORT]	 = { "sport", true, false },
	[SA_KW_DPORT]	 = { "dport", true, false },
	[SA_KW_REPLAY]	 = { "replay-window", true, false },
	[SA_KW_ESN]	 = { "esn", false, false },
	[SA_KW_SEQ]	 = { "seq", true, false },
	[SA_KW_LIFE + SA_LIFE_SOFT_BYTES]   = { "soft-bytes", true, false },
	[SA_KW_LIFE + SA_LIFE_HARD_BYTES]   = { "hard-bytes", true, false },
	[SA_KW_LIFE + SA_LIFE_SOFT_PACKETS] = { "soft-packets", true, false },
	[SA_KW_LIFE + SA_LIFE_HARD_PACKETS] = { "hard-packets", true, false },
	[SA_KW_LIFE + SA_LIFE_SOFT_TIME]    = { "soft-time", true, false },
	[SA_KW_LIFE + SA_LIFE_HARD_TIME]    = { "hard-time", true, false },
};

/* The optional attributes of SA_NEW, by keyword. */
static const uint16_t sa_add_attrs[SA_KW_N] = {
	[SA_KW_ENCAP]	= L2TPSEC_A_SA_ENCAP,
	[SA_KW_REPLAY]	= L2TPSEC_A_SA_REPLAY_WINDOW,
	[SA_KW_ESN]	= L2TPSEC_A_SA_ESN,
	[SA_KW_SEQ]	= L2TPSEC_A_SA_SEQ,
	[SA_KW_LIFE + SA_LIFE_SOFT_BYTES]   = L2TPSEC_A_SA_LIFE_SOFT_BYTES,
	[SA_KW_LIFE + SA_LIFE_HARD_BYTES]   = L2TPSEC_A_SA_LIFE_HARD_BYTES,
	[SA_KW_LIFE + SA_LIFE_SOFT_PACKETS] = L2TPSEC_A_SA_LIFE_SOFT_PACKETS,
	[SA_KW_LIFE + SA_LIFE_HARD_PACKETS] = L2TPSEC_A_SA_LIFE_HARD_PACKETS,
	[SA_KW_LIFE + SA_LIFE_SOFT_TIME]    = L2TPSEC_A_SA_LIFE_SOFT_SECONDS,
	[SA_KW_LIFE + SA_LIFE_HARD_TIME]    = L2TPSEC_A_SA_LIFE_HARD_SECONDS,
};

static int parse_dir(const char *s, uint8_t *dir, struct l2s_err *e)
{
	int i;

	if (parse_choice("dir", s, dir_names, ARRAY_SIZE(dir_names), &i, e))
		return -1;
	*dir = dir_values[i];
	return 0;
}

/* Hide key arguments from /proc/PID/cmdline once they are parsed. */
static void wipe_key_args(int argc, char **argv)
{
	for (int i = 0; i + 1 < argc; i++) {
		if (strcmp(argv[i], "key") == 0 ||
		    strcmp(argv[i], "auth-key") == 0) {
			explicit_bzero(argv[i + 1], strlen(argv[i + 1]));
			i++;
		}
	}
}

/* The longest key text we read: 64 bytes of hex, 0x, spaces, newline. */
#define KEY_TEXT_MAX 256

/* The first line of buf (n bytes), blanks around it cut: a string at
 * the returned place in buf. */
static char *key_line(char *buf, size_t n)
{
	char *nl = memchr(buf, '\n', n);

	if (nl)
		n = (size_t)(nl - buf);
	while (n && (buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
		     buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	return buf + strspn(buf, " \t");
}

/*
 * "key-file PATH": hex on the first line of a regular file that only its
 * owner may read or write (as ssh wants of a private key).
 */
static int key_from_file(const char *what, const char *path, uint8_t *key,
			 size_t cap, size_t *len, struct l2s_err *e)
{
	char buf[KEY_TEXT_MAX + 1], b[80];
	struct stat st;
	size_t n = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st)) {
		l2s_errf(e, "%s: cannot read '%s': %s", what,
			 shorten(path, b, sizeof(b)), strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		l2s_errf(e, "%s: '%s' is not a regular file", what,
			 shorten(path, b, sizeof(b)));
		goto out;
	}
	if (st.st_mode & 077) {
		l2s_errf(e, "%s: permissions %04o for '%s' are too open "
			 "(group or others can access it; chmod 600 it)", what,
			 (unsigned int)(st.st_mode & 07777),
			 shorten(path, b, sizeof(b)));
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			l2s_errf(e, "%s: cannot read '%s': %s", what,
				 shorten(path, b, sizeof(b)), strerror(errno));
			goto out;
		}
		if (r == 0 || (n += (size_t)r) == sizeof(buf) - 1)
			break;
	}
	if (n == sizeof(buf) - 1 && !memchr(buf, '\n', n)) {
		l2s_errf(e, "%s: '%s': first line too long", what,
			 shorten(path, b, sizeof(b)));
		goto out;
	}
	rc = parse_hex(what, key_line(buf, n), key, cap, len, e);
out:
	explicit_bzero(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* "key -": one line of hex from standard input, which is read only once. */
static int key_from_stdin(struct cli *c, const char *what, uint8_t *key,
			  size_t cap, size_t *len, struct l2s_err *e)
{
	char buf[KEY_TEXT_MAX + 2];
	FILE *in = c->in ? c->in : stdin;
	int rc = -1;

	if (c->stdin_taken) {
		l2s_errf(e, "%s -: standard input is already taken (by -batch - "
			 "or another '-'); use key-file", what);
		return -1;
	}
	c->stdin_taken = true;
	if (!fgets(buf, sizeof(buf), in)) {
		l2s_errf(e, "%s -: nothing on standard input", what);
		goto out;
	}
	if (!strchr(buf, '\n') && strlen(buf) > KEY_TEXT_MAX) {
		l2s_errf(e, "%s -: line too long", what);
		goto out;
	}
	rc = parse_hex(what, key_line(buf, strlen(buf)), key, cap, len, e);
out:
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/* key / auth-key: HEX, or '-' for standard input. */
static int key_arg(struct cli *c, const char *what, const char *val,
		   uint8_t *key, size_t cap, size_t *len, struct l2s_err *e)
{
	if (strcmp(val, "-") == 0)
		return key_from_stdin(c, what, key, cap, len, e);
	return parse_hex(what, val, key, cap, len, e);
}

/* Both "key" and "key-file" (or the auth ones) given? */
static int key_twice(uint64_t seen, int kw, int file_kw, struct l2s_err *e)
{
	if (!(seen & BIT(kw)) || !(seen & BIT(file_kw)))
		return 0;
	l2s_errf(e, "sa add: give %s or %s, not both", sa_add_kws[kw].name,
		 sa_add_kws[file_kw].name);
	return -1;
}

static int sa_parse_add_args(struct cli *c, int argc, char **argv,
			     struct l2s_sa *p, struct l2s_err *e)
{
	const struct alg_info *alg = NULL;
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k, i;

	args_init(&a, "sa add", argc, argv);
	while ((k = args_next(&a, sa_add_kws, SA_KW_N, &seen, &val, e)) >= 0) {
		int r = 0;

		switch (k) {
		case SA_KW_SPI:
			r = parse_spi("spi", val, &p->spi, e);
			break;
		case SA_KW_DIR:
			r = parse_dir(val, &p->dir, e);
			break;
		case SA_KW_LOCAL:
			r = parse_addr("local", val, &p->local, e);
			break;
		case SA_KW_PEER:
			r = parse_addr("peer", val, &p->peer, e);
			break;
		case SA_KW_ALG:
			r = alg_parse(val, &alg, e);
			break;
		case SA_KW_KEY:
		case SA_KW_KEY_FILE:
			r = key_twice(seen, SA_KW_KEY, SA_KW_KEY_FILE, e);
			if (!r && k == SA_KW_KEY)
				r = key_arg(c, "key", val, p->key,
					    sizeof(p->key), &p->key_len, e);
			else if (!r)
				r = key_from_file("key-file", val, p->key,
						  sizeof(p->key), &p->key_len,
						  e);
			break;
		case SA_KW_AUTH_KEY:
		case SA_KW_AUTH_KEY_FILE:
			r = key_twice(seen, SA_KW_AUTH_KEY,
				      SA_KW_AUTH_KEY_FILE, e);
			if (!r && k == SA_KW_AUTH_KEY)
				r = key_arg(c, "auth-key", val, p->auth_key,
					    sizeof(p->auth_key), &p->auth_len,
					    e);
			else if (!r)
				r = key_from_file("auth-key-file", val,
						  p->auth_key,
						  sizeof(p->auth_key),
						  &p->auth_len, e);
			break;
		case SA_KW_ENCAP:
			r = parse_choice("encap", val, encap_names,
					 ARRAY_SIZE(encap_names), &i, e);
			p->encap = (uint8_t)(i == 1 ? L2TPSEC_ENCAP_UDP
						    : L2TPSEC_ENCAP_NONE);
			break;
		case SA_KW_SPORT:
			r = parse_port("sport", val, &p->sport, e);
			break;
		case SA_KW_DPORT:
			r = parse_port("dport", val, &p->dport, e);
			break;
		case SA_KW_REPLAY:
			r = parse_u32("replay-window", val, 0,
				      L2TPSEC_REPLAY_WINDOW_MAX,
				      &p->replay_window, e);
			break;
		case SA_KW_ESN:
			p->esn = true;
			break;
		case SA_KW_SEQ:
			r = parse_num("seq", val, 0, UINT64_MAX, &p->seq, e);
			break;
		default: {
			int l = k - SA_KW_LIFE;
			uint64_t max = l >= SA_LIFE_SOFT_TIME ? UINT32_MAX
							      : UINT64_MAX;

			r = parse_num(life_kw[l], val, 0, max, &p->life[l], e);
			break;
		}
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, sa_add_kws, SA_KW_N, seen, e))
		return -1;
	if (!(seen & (BIT(SA_KW_KEY) | BIT(SA_KW_KEY_FILE)))) {
		l2s_errf(e, "sa add: missing key");
		return -1;
	}
	p->alg = alg->id;

	if (p->local.family != p->peer.family) {
		l2s_errf(e, "sa add: local and peer must both be IPv4 or both IPv6");
		return -1;
	}
	if (alg_check_keys(alg, p->key_len,
			   seen & (BIT(SA_KW_AUTH_KEY) | BIT(SA_KW_AUTH_KEY_FILE)),
			   p->auth_len, e))
		return -1;
	if ((seen & (BIT(SA_KW_SPORT) | BIT(SA_KW_DPORT))) &&
	    p->encap != L2TPSEC_ENCAP_UDP) {
		l2s_errf(e, "sa add: %s needs encap udp",
			 seen & BIT(SA_KW_SPORT) ? "sport" : "dport");
		return -1;
	}
	if ((seen & BIT(SA_KW_REPLAY)) && p->dir != L2TPSEC_DIR_IN) {
		l2s_errf(e, "sa add: replay-window applies to inbound SAs only (dir in)");
		return -1;
	}
	if (p->encap == L2TPSEC_ENCAP_UDP) {
		if (!(seen & BIT(SA_KW_SPORT)))
			p->sport = SA_DEFAULT_UDP_PORT;
		if (!(seen & BIT(SA_KW_DPORT)))
			p->dport = SA_DEFAULT_UDP_PORT;
	}
	p->has = args_seen_attrs(seen, sa_add_attrs, SA_KW_N);
	return 0;
}

/* argv (after "add") -> the SA; reads key-file/auth-key-file and, for
 * "key -", c's standard input. 0, or -1 with *e set; the key arguments
 * are wiped from argv either way. */
static int sa_parse_add(struct cli *c, int argc, char **argv,
			struct l2s_sa *p, struct l2s_err *e)
{
	int r;

	memset(p, 0, sizeof(*p));
	r = sa_parse_add_args(c, argc, argv, p, e);
	wipe_key_args(argc, argv);
	if (r)
		explicit_bzero(p, sizeof(*p));
	return r;
}

#define SHAS(s, a) ((s)->has & BIT(a))

static void text_enum(FILE *f, const char *key, const char *const *names,
		      size_t n, uint64_t v)
{
	const char *name = enum_name(names, n, v);

	if (name)
		fprintf(f, " %s %s", key, name);
	else
		fprintf(f, " %s unknown-%" PRIu64, key, v);
}

static void json_enum(struct json *j, const char *key, bool has,
		      const char *const *names, size_t n, uint64_t v)
{
	const char *name = enum_name(names, n, v);
	char b[32];

	json_key(j, key);
	if (!has) {
		json_null(j);
	} else if (name) {
		json_str(j, name);
	} else {
		snprintf(b, sizeof(b), "unknown-%" PRIu64, v);
		json_str(j, b);
	}
}

void sa_print_text(FILE *f, const void *sa)
{
	const struct l2s_sa *s = sa;
	const struct alg_info *alg = alg_by_id(s->alg);
	const char *dir = sa_dir_name(s->dir);
	char b[INET6_ADDRSTRLEN];
	bool life = false;

	fprintf(f, "sa spi 0x%08" PRIx32, s->spi);
	if (dir)
		fprintf(f, " dir %s", dir);
	else
		fprintf(f, " dir unknown-%u", s->dir);
	fprintf(f, " local %s", addr_str(&s->local, b, sizeof(b)));
	fprintf(f, " peer %s", addr_str(&s->peer, b, sizeof(b)));
	if (alg)
		fprintf(f, " alg %s", alg->name);
	else
		fprintf(f, " alg unknown-%u", s->alg);
	text_enum(f, "encap", encap_names, ARRAY_SIZE(encap_names), s->encap);
	if (SHAS(s, L2TPSEC_A_SA_ENCAP_LOCAL_PORT))
		fprintf(f, " sport %u", s->sport);
	if (SHAS(s, L2TPSEC_A_SA_ENCAP_PEER_PORT))
		fprintf(f, " dport %u", s->dport);
	fputs("\n   ", f);
	if (SHAS(s, L2TPSEC_A_SA_STATE))
		text_enum(f, "state", state_names, ARRAY_SIZE(state_names),
			  s->state);
	if (SHAS(s, L2TPSEC_A_SA_AGE))
		fprintf(f, " age %" PRIu64, s->age);
	if (SHAS(s, L2TPSEC_A_SA_SEQ))
		fprintf(f, " seq %" PRIu64, s->seq);
	if (SHAS(s, L2TPSEC_A_SA_REPLAY_WINDOW))
		fprintf(f, " replay-window %" PRIu32, s->replay_window);
	fprintf(f, " esn %s", s->esn ? "on" : "off");
	if (s->driver[0])
		fprintf(f, " driver %s", s->driver);
	fputc('\n', f);
	for (int l = 0; l < SA_LIFE_N; l++) {
		if (!s->life[l])
			continue;
		fprintf(f, "%s %s %" PRIu64, life ? "" : "    lifetime",
			life_kw[l], s->life[l]);
		life = true;
	}
	if (life)
		fputc('\n', f);
	if (s->stats.present) {
		fputs("    ", f);
		stats_print_text(f, &s->stats);
		fputc('\n', f);
	}
}

void sa_print_json(struct json *j, const void *sa)
{
	const struct l2s_sa *s = sa;
	const struct alg_info *alg = alg_by_id(s->alg);
	char b[32];

	json_obj_open(j);
	json_key(j, "spi");
	if (SHAS(s, L2TPSEC_A_SA_SPI))
		json_u64(j, s->spi);
	else
		json_null(j);
	json_key(j, "dir");
	if (!SHAS(s, L2TPSEC_A_SA_DIR)) {
		json_null(j);
	} else if (sa_dir_name(s->dir)) {
		json_str(j, sa_dir_name(s->dir));
	} else {
		snprintf(b, sizeof(b), "unknown-%u", s->dir);
		json_str(j, b);
	}
	json_addr(j, "local", &s->local);
	json_addr(j, "peer", &s->peer);
	json_key(j, "alg");
	if (!SHAS(s, L2TPSEC_A_SA_ALG)) {
		json_null(j);
	} else if (alg) {
		json_str(j, alg->name);
	} else {
		snprintf(b, sizeof(b), "unknown-%u", s->alg);
		json_str(j, b);
	}
	/* absent SA_ENCAP means the default, raw ESP */
	json_enum(j, "encap", true, encap_names, ARRAY_SIZE(encap_names),
		  s->encap);
	json_key(j, "sport");
	if (SHAS(s, L2TPSEC_A_SA_ENCAP_LOCAL_PORT))
		json_u64(j, s->sport);
	else
		json_null(j);
	json_key(j, "dport");
	if (SHAS(s, L2TPSEC_A_SA_ENCAP_PEER_PORT))
		json_u64(j, s->dport);
	else
		json_null(j);
	json_key(j, "replay_window");
	if (SHAS(s, L2TPSEC_A_SA_REPLAY_WINDOW))
		json_u64(j, s->replay_window);
	else
		json_null(j);
	json_kv_bool(j, "esn", s->esn);
	json_key(j, "driver");
	if (s->driver[0])
		json_str(j, s->driver);
	else
		json_null(j);
	json_key(j, "seq");
	if (SHAS(s, L2TPSEC_A_SA_SEQ))
		json_u64(j, s->seq);
	else
		json_null(j);
	json_enum(j, "state", SHAS(s, L2TPSEC_A_SA_STATE), state_names,
		  ARRAY_SIZE(state_names), s->state);
	json_key(j, "age");
	if (SHAS(s, L2TPSEC_A_SA_AGE))
		json_u64(j, s->age);
	else
		json_null(j);
	json_key(j, "lifetime");
	json_obj_open(j);
	for (int l = 0; l < SA_LIFE_N; l++)
		json_kv_u64(j, life_json[l], s->life[l]);
	json_obj_close(j);
	json_key(j, "stats");
	stats_print_json(j, &s->stats);
	json_obj_close(j);
}

static int sa_cmp(const void *a, const void *b)
{
	const struct l2s_sa *x = a, *y = b;

	if (x->spi != y->spi)
		return x->spi < y->spi ? -1 : 1;
	return (int)x->dir - (int)y->dir;
}

/* An inbound ESP-in-UDP SA needs the module to own its port. */
static int sa_add_encap(struct cli *c, uint16_t port, bool *created)
{
	struct l2s_err why;
	struct l2s_kerr ke;

	if (!l2s_encap_ensure(&c->k, port, created, &ke))
		return EXIT_OK;
	/* "encap add: ..." would be confusing after "sa add" */
	cli_kernel_error(&why, "encap add", &ke);
	l2s_errf(&c->e, "sa add: cannot open ESP-in-UDP port %u: %s", port,
		 why.msg + strlen("encap add: "));
	return EXIT_RUNTIME;
}

static const struct show_ops sa_show_ops = {
	.cmp = sa_cmp,
	.text = sa_print_text,
	.json = sa_print_json,
	.blank_between = true,
};

static int sa_add(struct cli *c, int argc, char **argv)
{
	bool created = false;
	struct l2s_kerr ke;
	struct l2s_sa p;
	int rc;

	if (sa_parse_add(c, argc, argv, &p, &c->e))
		return EXIT_USAGE;
	rc = cli_connect(c);
	if (!rc && p.dir == L2TPSEC_DIR_IN && p.encap == L2TPSEC_ENCAP_UDP)
		rc = sa_add_encap(c, p.sport, &created);
	if (!rc) {
		rc = cli_result(c, "sa add", l2s_sa_add(&c->k, &p, &ke), &ke);
		if (rc && created)	/* undo our own encap add */
			l2s_encap_del(&c->k, p.sport, &ke);
	}
	explicit_bzero(&p, sizeof(p));
	return rc;
}

static const struct kw sa_key_kws[] = {
	{ "spi", true, false },
	{ "dir", true, false },
};

/* "spi SPI dir DIR" for del (required) and show (optional). */
static int sa_parse_key(const char *cmd, int argc, char **argv, bool required,
			uint32_t *spi, uint8_t *dir, struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	*spi = 0;
	*dir = 0;
	args_init(&a, cmd, argc, argv);
	while ((k = args_next(&a, sa_key_kws, 2, &seen, &val, e)) >= 0) {
		if (k == 0 ? parse_spi("spi", val, spi, e)
			   : parse_dir(val, dir, e))
			return -1;
	}
	if (k == -2)
		return -1;
	if (seen == 3 || (!required && seen == 0))
		return 0;
	if (required)
		l2s_errf(e, "%s: missing %s", cmd, seen & 1 ? "dir" : "spi");
	else
		l2s_errf(e, "%s: give both spi and dir, or neither", cmd);
	return -1;
}

static int sa_del(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	uint32_t spi;
	uint8_t dir;

	if (sa_parse_key("sa del", argc, argv, true, &spi, &dir, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	return cli_result(c, "sa del", l2s_sa_del(&c->k, spi, dir, &ke), &ke);
}

static const struct kw sa_set_kws[] = {
	{ "spi", true, true },
	{ "dir", true, true },
	{ "peer", true, false },
	{ "dport", true, false },
};

/* Pure: argv after "set" -> the SA and what to change (p->has). 0, or
 * -1 with *e set. */
static int sa_parse_set(int argc, char **argv, struct l2s_sa *p,
			struct l2s_err *e)
{
	uint64_t seen = 0;
	struct args a;
	char *val;
	int k;

	memset(p, 0, sizeof(*p));
	args_init(&a, "sa set", argc, argv);
	while ((k = args_next(&a, sa_set_kws, ARRAY_SIZE(sa_set_kws), &seen,
			      &val, e)) >= 0) {
		int r;

		switch (k) {
		case 0:
			r = parse_spi("spi", val, &p->spi, e);
			break;
		case 1:
			r = parse_dir(val, &p->dir, e);
			break;
		case 2:
			r = parse_addr("peer", val, &p->peer, e);
			p->has |= BIT(L2TPSEC_A_PEER_IP4);
			break;
		default:
			r = parse_port("dport", val, &p->dport, e);
			p->has |= BIT(L2TPSEC_A_SA_ENCAP_PEER_PORT);
			break;
		}
		if (r)
			return -1;
	}
	if (k == -2)
		return -1;
	if (args_check_required(&a, sa_set_kws, ARRAY_SIZE(sa_set_kws), seen,
				e))
		return -1;
	if (!p->has) {
		l2s_errf(e, "sa set: nothing to change (peer or dport)");
		return -1;
	}
	return 0;
}

static int sa_set(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	struct l2s_sa p;

	if (sa_parse_set(argc, argv, &p, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	return cli_result(c, "sa set", l2s_sa_set(&c->k, &p, &ke), &ke);
}

static int sa_show(struct cli *c, int argc, char **argv)
{
	struct l2s_kerr ke;
	struct vec v;
	uint32_t spi;
	uint8_t dir;
	int rc;

	if (sa_parse_key("sa show", argc, argv, false, &spi, &dir, &c->e))
		return EXIT_USAGE;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	vec_init(&v, sizeof(struct l2s_sa));
	rc = cli_result(c, "sa show", l2s_sa_get(&c->k, spi, dir, &v, &ke), &ke);
	if (rc == EXIT_OK)
		cli_show_items(c, &v, &sa_show_ops);
	vec_free(&v);
	return rc;
}

int cmd_sa(struct cli *c, int argc, char **argv)
{
	char b[80];

	if (argc < 1) {
		l2s_errf(&c->e, "sa: missing command (add, set, del or show)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "add") == 0)
		return sa_add(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "set") == 0)
		return sa_set(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "del") == 0)
		return sa_del(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "show") == 0)
		return sa_show(c, argc - 1, argv + 1);
	l2s_errf(&c->e, "sa: unknown command '%s' (add, set, del or show)",
		 shorten(argv[0], b, sizeof(b)));
	return EXIT_USAGE;
}
