// SPDX-License-Identifier: GPL-2.0
/*
 * The keyword engine (conf_kw.h): blocks, dispatch, the generic checks and
 * one setter per value kind, on lib/parse.h's parsers.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "conf_kw.h"
#include "parse.h"

/* ------------------------------------------------------------ registry */

static const struct {
	const struct conf_block *b;
	enum conf_block_id parent;
} reg[CONF_B_COUNT] = {
#define CONF_X_REG(name, parent) [CONF_B_##name] = { &conf_block_##name, CONF_B_##parent },
	CONF_BLOCKS(CONF_X_REG)
#undef CONF_X_REG
};

const struct conf_block *conf_block_of(enum conf_block_id id)
{
	return reg[id].b;
}

enum conf_block_id conf_block_parent(enum conf_block_id id)
{
	return reg[id].parent;
}

static bool is_within(enum conf_block_id id, enum conf_block_id anc)
{
	for (; id != CONF_B_none; id = reg[id].parent)
		if (id == anc)
			return true;
	return false;
}

static int kw_index(const struct conf_block *b, const char *name)
{
	for (size_t i = 0; i < b->n_kws; i++)
		if (!strcmp(b->kws[i].name, name))
			return (int)i;
	return -1;
}

static struct conf_frame *top(struct conf_parser *p)
{
	return &p->stack[p->depth - 1];
}

int conf_seen(const struct conf_parser *p, enum conf_block_id id, const char *name)
{
	int i = kw_index(reg[id].b, name);

	return i < 0 ? 0 : p->slot[id].seen[i];
}

void *conf_state(struct conf_parser *p, enum conf_block_id id)
{
	return p->slot[id].state;
}

void *conf_data(struct conf_parser *p, enum conf_block_id id)
{
	for (int d = p->depth - 1; d >= 0; d--)
		if (p->stack[d].id == id)
			return p->stack[d].data;
	return NULL;
}

/* ------------------------------------------------------ value helpers */

bool conf_name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
			return false;
	return true;
}

int conf_path(struct conf_parser *p, const char *kw, const char *s, char *out, size_t max)
{
	int n;

	if (!*s)
		return conf_err(p, "%s: empty path", kw);
	if (s[0] == '/' || !p->base[0])
		n = snprintf(out, CONF_PATH_LEN, "%s", s);
	else if (!strcmp(p->base, "/"))
		n = snprintf(out, CONF_PATH_LEN, "/%s", s);
	else
		n = snprintf(out, CONF_PATH_LEN, "%s/%s", p->base, s);
	if (n < 0 || (size_t)n > max)
		return conf_err(p, "%s: path too long (max %zu bytes)", kw, max);
	return 0;
}

int conf_check_file(struct conf_parser *p, const char *kw, const char *path)
{
	struct stat st;
	int fd;

	if (p->flags & CONF_F_NO_FILES)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return conf_err(p, "%s: %s: %s", kw, path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return conf_err(p, "%s: %s: not a regular file", kw, path);
	}
	close(fd);
	return 0;
}

int conf_addr(struct conf_parser *p, const char *kw, const char *s, struct in_addr *a,
	      bool *any)
{
	struct l2s_err e;
	struct ipaddr ip;
	uint32_t h;

	if (any && !strcmp(s, "any")) {
		*any = true;
		a->s_addr = 0;
		return 0;
	}
	/* lib's message offers IPv6, which is not supported here: our own */
	if (parse_addr(kw, s, &ip, &e))
		return conf_err(p, "%s: '%s' is not an IPv4 address%s", kw, s,
				any ? " or 'any'" : "");
	if (ip.family == AF_INET6)
		return conf_err(p, "%s: %s: IPv6 not supported yet", kw, s);
	h = ntohl(ip.v4.s_addr);
	if (h == 0 || h == 0xffffffff || (h >> 28) == 0xe)
		return conf_err(p, "%s: %s is not a unicast address", kw, s);
	*a = ip.v4;
	return 0;
}

const char *conf_choice_name(const struct conf_choice *ch, int v)
{
	for (size_t i = 0; i < ch->n; i++)
		if ((ch->vals ? ch->vals[i] : (int)i) == v)
			return ch->names[i];
	return "?";
}

/* The largest unit that divides ms exactly. */
static void fmt_dur(uint64_t ms, char *out, size_t cap)
{
	static const struct {
		uint64_t ms;
		const char *unit;
	} u[] = { { 86400000, "d" }, { 3600000, "h" }, { 60000, "m" }, { 1000, "s" } };

	if (ms == 0) {
		snprintf(out, cap, "0s");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(u); i++) {
		if (ms % u[i].ms == 0) {
			snprintf(out, cap, "%llu%s", (unsigned long long)(ms / u[i].ms), u[i].unit);
			return;
		}
	}
	snprintf(out, cap, "%llums", (unsigned long long)ms);
}

static void fmt_bytes(uint64_t v, char *out, size_t cap)
{
	static const char suf[] = { 'G', 'M', 'K' };

	for (int i = 0; i < 3 && v; i++) {
		unsigned int sh = (unsigned int)(30 - 10 * i);

		if (v % (1ULL << sh) == 0) {
			snprintf(out, cap, "%llu%c", (unsigned long long)(v >> sh), suf[i]);
			return;
		}
	}
	snprintf(out, cap, "%llu", (unsigned long long)v);
}

void conf_fmt_num(enum conf_kind kind, uint64_t v, char *out, size_t cap)
{
	if (kind == KW_DUR_S)
		fmt_dur(v * 1000, out, cap);
	else if (kind == KW_DUR_MS)
		fmt_dur(v, out, cap);
	else if (kind == KW_BYTES)
		fmt_bytes(v, out, cap);
	else if (kind == KW_PCT)
		snprintf(out, cap, "%llu%%", (unsigned long long)v);
	else
		snprintf(out, cap, "%llu", (unsigned long long)v);
}

/* -------------------------------------------------------- numeric kinds */

/*
 * Decimal digits, then a suffix (*suffix): parse_u64_raw() of the digits
 * (0, -1 none or -2 too large). "0x10s" is 0 and the suffix "x10s".
 */
static int split_dec(const char *s, uint64_t *v, const char **suffix)
{
	char digits[2 * CONF_MAX_LINE + 2];
	size_t n = strspn(s, "0123456789");

	*suffix = s + n;
	if (n == 0 || n >= sizeof(digits))
		return -1;
	memcpy(digits, s, n);
	digits[n] = '\0';
	return parse_u64_raw(digits, v);
}

/* "30s", "5m", "4h", "1d", "500ms"; a bare number is seconds. -> ms */
static int parse_dur_ms(const char *s, uint64_t *ms)
{
	static const struct {
		const char *suf;
		uint64_t mul;
	} units[] = {
		{ "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "d", 86400000 },
	};
	const char *suf;
	uint64_t v = 0;
	int rc = split_dec(s, &v, &suf);

	if (rc == -1)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcmp(suf, units[i].suf))
			continue;
		if (rc == -2 || v > UINT64_MAX / units[i].mul)
			return -2;
		*ms = v * units[i].mul;
		return 0;
	}
	return -1;
}

/* "1500", "64K", "10M", "2G" (powers of 1024). */
static int parse_bytes(const char *s, uint64_t *out)
{
	const char *suf;
	uint64_t v = 0, mul = 1;
	int rc = split_dec(s, &v, &suf);

	if (rc == -1 || (suf[0] && suf[1]))
		return -1;
	switch (suf[0]) {
	case '\0':
		break;
	case 'k': case 'K':
		mul = 1ULL << 10;
		break;
	case 'm': case 'M':
		mul = 1ULL << 20;
		break;
	case 'g': case 'G':
		mul = 1ULL << 30;
		break;
	default:
		return -1;
	}
	if (rc == -2 || v > UINT64_MAX / mul)
		return -2;
	*out = v * mul;
	return 0;
}

/* "10%" or "10". */
static int parse_pct(const char *s, uint64_t *out)
{
	const char *suf;
	int rc = split_dec(s, out, &suf);

	return rc == -1 || (*suf && strcmp(suf, "%")) ? -1 : rc;
}

static int range_err(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	char lo[32], hi[32];

	conf_fmt_num(k->kind, k->min, lo, sizeof(lo));
	conf_fmt_num(k->kind, k->max, hi, sizeof(hi));
	return conf_err(p, "%s: %s out of range (%s%s..%s)", k->name, s,
			k->flags & KF_ZERO ? "0 or " : "", lo, hi);
}

/* The syntax of each numeric kind, and what "bad ..." says. */
static const struct {
	enum conf_kind kind;
	int (*parse)(const char *s, uint64_t *v);	/* 0, -1 bad, -2 too large */
	const char *what, *eg;
} num_syntax[] = {
	{ KW_DUR_S, parse_dur_ms, "duration", " (e.g. 500ms, 30s, 5m, 4h, 1d)" },
	{ KW_DUR_MS, parse_dur_ms, "duration", " (e.g. 500ms, 30s, 5m, 4h, 1d)" },
	{ KW_BYTES, parse_bytes, "number", " (e.g. 1500, 64K, 10M, 2G)" },
	{ KW_PCT, parse_pct, "percentage", " (e.g. 10%)" },
	{ KW_U64, parse_u64_raw, "number", "" },	/* and the other integers */
};

/* A number of k's kind, in its unit (seconds for KW_DUR_S), in range. */
static int num_value(struct conf_parser *p, const struct conf_kw *k, const char *s,
		     uint64_t *v)
{
	size_t i = 0;
	int rc;

	while (i + 1 < ARRAY_SIZE(num_syntax) && num_syntax[i].kind != k->kind)
		i++;
	rc = num_syntax[i].parse(s, v);
	if (rc == -1)
		return conf_err(p, "%s: bad %s '%s'%s", k->name, num_syntax[i].what, s,
				num_syntax[i].eg);
	if (rc == 0 && k->kind == KW_DUR_S) {
		if (*v % 1000)
			return conf_err(p, "%s: '%s' is not a whole number of seconds", k->name, s);
		*v /= 1000;
	}
	if (rc == -2 || ((*v < k->min || *v > k->max) && !(*v == 0 && (k->flags & KF_ZERO))))
		return range_err(p, k, s);
	return 0;
}

/* ------------------------------------------------------ the kinds' setters */

/* Where k's fields are: the open instance, or the block's parse state. */
static char *fields(struct conf_parser *p, const struct conf_kw *k)
{
	struct conf_frame *f = top(p);

	return k->flags & KF_STATE ? p->slot[f->id].state : f->data;
}

static void *dst(struct conf_parser *p, const struct conf_kw *k)
{
	return fields(p, k) + k->off;
}

static int set_num(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	void *d = dst(p, k);
	uint64_t v = 0;

	if (num_value(p, k, s, &v))
		return -1;
	if (k->kind == KW_U16) {
		uint16_t x = (uint16_t)v;

		memcpy(d, &x, sizeof(x));
	} else if (k->kind == KW_U64 || k->kind == KW_BYTES) {
		memcpy(d, &v, sizeof(v));
	} else {
		uint32_t x = (uint32_t)v;

		memcpy(d, &x, sizeof(x));
	}
	return 0;
}

/* The list for messages: "a, b, c". */
static void choice_list(const struct conf_choice *ch, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < ch->n && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : "", ch->names[i]);
}

static int set_choice(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	const struct conf_choice *ch = k->choice;
	struct l2s_err e;
	char list[256];
	int i, v;

	if (parse_choice(k->name, s, ch->names, ch->n, &i, &e)) {
		/* lib's "invalid X 'y' (expected a, b or c)": ours names the keyword first */
		choice_list(ch, list, sizeof(list));
		return conf_err(p, "%s: '%s' is not one of %s", k->name, s, list);
	}
	v = ch->vals ? ch->vals[i] : i;
	memcpy(dst(p, k), &v, sizeof(v));
	return 0;
}

static int set_yesno(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	static const char *const names[] = { "no", "yes" };
	struct l2s_err e;
	bool v;
	int i;

	if (parse_choice(k->name, s, names, ARRAY_SIZE(names), &i, &e))
		return conf_err(p, "%s: expected yes or no, got '%s'", k->name, s);
	v = i == 1;
	memcpy(dst(p, k), &v, sizeof(v));
	return 0;
}

/* An example of n bytes of hex: 0x1122... */
static void hex_example(uint64_t n, char *out, size_t cap)
{
	size_t o = (size_t)snprintf(out, cap, "0x");

	for (uint64_t i = 0; i < n && i < 16 && o + 3 <= cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02x", (unsigned int)((i + 1) % 16 * 0x11));
}

static int set_hex(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	char what[512], want[48], ex[40];
	struct l2s_err e;
	size_t len = 0;
	uint8_t *d = dst(p, k);
	uint8_t n;

	if (k->min == k->max)
		snprintf(want, sizeof(want), "%llu", (unsigned long long)k->max);
	else
		snprintf(want, sizeof(want), "%llu or %llu", (unsigned long long)k->min,
			 (unsigned long long)k->max);
	hex_example(k->max, ex, sizeof(ex));
	snprintf(what, sizeof(what), "%s: '%.300s' is not %s bytes of hex", k->name, s, want);
	/* lib's message after ours: "... of hex: odd number of hex digits (9)" */
	if (parse_hex(what, s, d, k->max, &len, &e))
		return conf_err(p, "%s (e.g. %s)", e.msg, ex);
	if (len != k->min && len != k->max)
		return conf_err(p, "%s (e.g. %s)", what, ex);
	n = (uint8_t)len;
	memcpy(fields(p, k) + k->off_len, &n, 1);
	return 0;
}

static int set_string(struct conf_parser *p, const struct conf_kw *k, const char *s)
{
	size_t n = strlen(s);

	if (n > k->max)
		return conf_err(p, "%s: too long (%zu bytes, at most %llu)", k->name, n,
				(unsigned long long)k->max);
	memcpy(dst(p, k), s, n + 1);
	return 0;
}

static int set_list(struct conf_parser *p, const struct conf_kw *k, int argc,
		    struct conf_tok *argv)
{
	char *d = dst(p, k);
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		int r = snprintf(d + n, k->max + 1 - n, "%s%s", i > 1 ? " " : "", argv[i].s);

		if (r < 0 || (size_t)r >= k->max + 1 - n)
			return conf_err(p, "%s: too long", k->name);
		n += (size_t)r;
	}
	return 0;
}

static int set_value(struct conf_parser *p, const struct conf_kw *k, int argc,
		     struct conf_tok *argv)
{
	const char *s = argv[1].s;

	if (k->set)
		return k->set(p, k, argc, argv);
	switch (k->kind) {
	case KW_FN:
		return conf_err(p, "%s: no setter", k->name);	/* a table bug */
	case KW_HEX:
		return set_hex(p, k, s);
	case KW_ADDR:
		return conf_addr(p, k->name, s, dst(p, k), NULL);
	case KW_CHOICE:
		return set_choice(p, k, s);
	case KW_YESNO:
		return set_yesno(p, k, s);
	case KW_STRING:
		return set_string(p, k, s);
	case KW_PATH:
	case KW_FILE:
		if (conf_path(p, k->name, s, dst(p, k), k->max))
			return -1;
		return k->kind == KW_FILE ? conf_check_file(p, k->name, dst(p, k)) : 0;
	case KW_LIST:
		return set_list(p, k, argc, argv);
	default:
		return set_num(p, k, s);
	}
}

/* ------------------------------------------------------------- blocks */

/* Zero the seen lines and states of block id and of every block inside it. */
static void reset_slots(struct conf_parser *p, enum conf_block_id id)
{
	for (int i = 0; i < CONF_B_COUNT; i++) {
		struct conf_slot *s = &p->slot[i];

		if (!is_within((enum conf_block_id)i, id))
			continue;
		memset(s->seen, 0, (reg[i].b->n_kws ? reg[i].b->n_kws : 1) * sizeof(int));
		if (s->state)
			memset(s->state, 0, reg[i].b->state_size);
		s->line = 0;
	}
}

static int open_block(struct conf_parser *p, enum conf_block_id id, int argc,
		      struct conf_tok *argv)
{
	const struct conf_block *b = reg[id].b;
	struct conf_slot *s = &p->slot[id];
	struct conf_frame *f;
	int want = b->named ? 3 : 2;

	if (s->line && !b->repeat)
		return conf_err(p, "%s: given twice (first on line %d)", b->name, s->line);
	if (argc != want || !lex_is(&argv[want - 1], "{"))
		return conf_err(p, "%s: expected '%s%s {' (the block's contents on the "
				"following lines)", b->name, b->name, b->named ? " NAME" : "");
	if (p->depth >= CONF_MAX_DEPTH)
		return conf_err(p, "%s: blocks nested too deeply", b->name);
	reset_slots(p, id);
	s->line = p->lex.line;
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof(*f));
	f->b = b;
	f->id = id;
	f->line = p->lex.line;
	if (b->named)
		snprintf(f->what, sizeof(f->what), "%s '%s'", b->name, argv[1].s);
	else
		snprintf(f->what, sizeof(f->what), "%s", b->name);
	if (b->open(p, f, b->named ? argv[1].s : NULL))
		return -1;
	if (b->defaults)
		b->defaults(f->data);
	return 0;
}

/* At '}' (and for the root at the end of the file). */
static int close_block(struct conf_parser *p)
{
	struct conf_frame *f = top(p);
	const int *seen = p->slot[f->id].seen;

	for (size_t i = 0; i < f->b->n_kws; i++)
		if ((f->b->kws[i].flags & KF_REQUIRED) && !seen[i])
			return conf_err(p, "%s: missing required keyword '%s'", f->what,
					f->b->kws[i].name);
	if (f->b->close && f->b->close(p, f))
		return -1;
	p->depth--;
	return 0;
}

static int keyword(struct conf_parser *p, const struct conf_kw *k, int i, int argc,
		   struct conf_tok *argv)
{
	int *seen = p->slot[top(p)->id].seen;

	if (seen[i] && !(k->flags & KF_REPEAT))
		return conf_err(p, "%s: given twice (first on line %d)", k->name, seen[i]);
	if (argc < 2)
		return conf_err(p, "%s: missing value", k->name);
	if (argc > 2 && k->kind != KW_LIST && !(k->flags & KF_WORDS))
		return conf_err(p, "%s: one value expected, got %d%s%s%s", k->name, argc - 1,
				k->flags & KF_QUOTE ? " (quote a " : "",
				k->flags & KF_QUOTE ? k->name : "",
				k->flags & KF_QUOTE ? " with spaces)" : "");
	seen[i] = p->lex.line;
	return set_value(p, k, argc, argv);
}

/* The block (CONF_B_none: none) whose keyword or child block w is. */
static enum conf_block_id owner(const char *w, bool *opener)
{
	for (int i = 0; i < CONF_B_COUNT; i++) {
		if (kw_index(reg[i].b, w) >= 0) {
			*opener = false;
			return (enum conf_block_id)i;
		}
		if (reg[i].parent != CONF_B_none && !strcmp(reg[i].b->name, w)) {
			*opener = true;
			return reg[i].parent;
		}
	}
	return CONF_B_none;
}

/* w is not a word of the current block: say where it belongs. */
static int misplaced(struct conf_parser *p, const char *w)
{
	struct conf_frame *f = top(p);
	bool opener = false;
	enum conf_block_id o = owner(w, &opener);

	if (o == CONF_B_none)
		return conf_err(p, "unknown keyword '%s'", w);
	if (o == CONF_B_global && opener)
		return conf_err(p, "%s: blocks cannot nest (missing '}' of the block on line %d?)",
				w, f->line);
	if (o == CONF_B_global)
		return conf_err(p, "%s: only allowed in the global section (outside %s blocks)", w,
				p->stack[1].b->name);
	if (is_within(f->id, o))
		return conf_err(p, "%s: not allowed inside the %s block (close it with '}' first)",
				w, f->b->name);
	return conf_err(p, "%s: only allowed inside %s %s block", w, reg[o].b->article,
			reg[o].b->name);
}

static int do_line(struct conf_parser *p, int argc, struct conf_tok *argv)
{
	const struct conf_frame *f = top(p);
	int i;

	if (lex_is(&argv[0], "}")) {
		if (argc > 1)
			return conf_err(p, "'}' must stand alone on its line");
		if (p->depth == 1)
			return conf_err(p, "'}' without an open block");
		return close_block(p);
	}
	if (argv[0].quoted)
		return conf_err(p, "unknown keyword '%s'", argv[0].s);
	i = kw_index(f->b, argv[0].s);
	if (i >= 0)
		return keyword(p, &f->b->kws[i], i, argc, argv);
	for (int b = 0; b < CONF_B_COUNT; b++)
		if (reg[b].parent == f->id && !strcmp(reg[b].b->name, argv[0].s))
			return open_block(p, (enum conf_block_id)b, argc, argv);
	return misplaced(p, argv[0].s);
}

int conf_parse(struct conf_parser *p, const char *text, size_t len)
{
	struct conf_frame *f;
	int rc;

	if (lex_begin(&p->lex, p->lex.file, text, len, p->lex.err, p->lex.errlen))
		return -1;
	while ((rc = lex_next(&p->lex)) > 0)
		if (do_line(p, p->lex.n, p->lex.t))
			return -1;
	if (rc < 0)
		return -1;
	f = top(p);
	if (p->depth > 1)
		return conf_err_at(p, f->line, "%s: block not closed (missing '}')", f->what);
	return close_block(p);
}

/* ------------------------------------------------------------- parser */

struct conf_parser *conf_parser_new(const char *file, const char *base, unsigned int flags,
				    struct conf *c, char *err, size_t errlen)
{
	struct conf_parser *p = calloc(1, sizeof(*p));
	const struct conf_block *root = reg[CONF_B_global].b;

	if (!p)
		return NULL;
	for (int i = 0; i < CONF_B_COUNT; i++) {
		const struct conf_block *b = reg[i].b;

		p->slot[i].seen = calloc(b->n_kws ? b->n_kws : 1, sizeof(int));
		p->slot[i].state = b->state_size ? calloc(1, b->state_size) : NULL;
		if (!p->slot[i].seen || (b->state_size && !p->slot[i].state)) {
			conf_parser_free(p);
			return NULL;
		}
	}
	p->lex.file = file;
	p->lex.err = err;
	p->lex.errlen = errlen;
	p->flags = flags;
	p->c = c;
	snprintf(p->base, sizeof(p->base), "%s", base);
	p->depth = 1;
	p->stack[0] = (struct conf_frame){ .b = root, .id = CONF_B_global, .data = c };
	snprintf(p->stack[0].what, sizeof(p->stack[0].what), "global section");
	if (root->defaults)
		root->defaults(c);
	return p;
}

void conf_parser_free(struct conf_parser *p)
{
	if (!p)
		return;
	lex_wipe(&p->lex);
	for (int i = 0; i < CONF_B_COUNT; i++) {
		if (p->slot[i].state)
			OPENSSL_cleanse(p->slot[i].state, reg[i].b->state_size);
		free(p->slot[i].state);
		free(p->slot[i].seen);
	}
	free(p);
}
