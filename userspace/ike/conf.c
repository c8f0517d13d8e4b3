// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file of l2tpsecd: a line-oriented tokenizer, one
 * table of keywords with their scope and value type, and the checks run
 * at the end of each block and of the file. Documentation/l2tpsecd.md
 * describes the format; every error is "FILE:LINE: message".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "conf.h"
#include "proposal.h"

#define MAX_TOKS	64
#define PATH_LEN	4096
#define SUN_PATH_MAX	(sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

_Static_assert(sizeof(enum conf_auth) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum conf_encap) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum conf_start) == sizeof(int), "enums are stored as int");

enum scope { S_GLOBAL, S_CONN, S_L2TP };

struct tok {
	char *s;
	bool quoted;		/* the whole word was one quoted string */
};

struct line_toks {
	int n;
	struct tok t[MAX_TOKS];
	char buf[2 * CONF_MAX_LINE + 2];
};

struct kw;

struct parser {
	const char *file;
	char base[PATH_LEN];	/* directory of relative paths; "" = cwd */
	unsigned int flags;
	struct conf *c;
	char *err;
	size_t errlen;
	int line;
	enum scope scope;
	unsigned int cap;	/* conns allocated */
	struct conf_conn *cur;
	int conn_line, l2tp_line;
	int *seen_g, *seen_c;	/* line of each keyword in this scope, 0 = absent */
	char ike[CONF_MAX_LINE + 1], esp[CONF_MAX_LINE + 1];
	struct line_toks lt;
};

typedef int (*kw_fn)(struct parser *p, const struct kw *k, int argc, struct tok *argv);

enum kind { K_FN, K_U16, K_U32, K_U64, K_DUR_S, K_DUR_MS, K_BYTES, K_BOOL, K_ENUM, K_PATH, K_FILE };

#define KF_REPEAT	0x1	/* may be given more than once */
#define KF_ZERO		0x2	/* 0 allowed besides min..max */
#define KF_MULTI	0x4	/* takes the rest of the line */
#define KF_BLOCK	0x8	/* opens a block: checks its words itself */

struct enum_val {
	const char *name;
	int val;
};

struct kw {
	const char *name;
	uint8_t scope;
	uint8_t kind;
	uint8_t flags;
	size_t off;
	uint64_t min, max;	/* numbers: range; paths: max length */
	const struct enum_val *ev;
	kw_fn fn;
};

/* ---------------------------------------------------------------- errors */

__attribute__((format(printf, 2, 3)))
static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%d: ", p->file, p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error about another line than the current one. */
__attribute__((format(printf, 3, 4)))
static int perr_at(struct parser *p, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->line = line;
	return perr(p, "%s", msg);
}

/* ------------------------------------------------------- value parsing */

#define E_BAD	-1	/* not a number of that form */
#define E_RANGE	-2	/* a number, but too large for 64 bits */

/*
 * Decimal or 0x hex, no sign. Without end, nothing may follow; with end,
 * it points after the digits. 0, E_BAD or E_RANGE.
 */
static int parse_u64(const char *s, uint64_t *out, const char **end)
{
	unsigned int base = 10;
	bool over = false;
	uint64_t v = 0;
	const char *q = s;

	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
	}
	if (!isxdigit((unsigned char)*q) || (base == 10 && !isdigit((unsigned char)*q)))
		return E_BAD;
	for (; *q; q++) {
		unsigned int d;

		if (isdigit((unsigned char)*q))
			d = (unsigned int)(*q - '0');
		else if (base == 16 && isxdigit((unsigned char)*q))
			d = (unsigned int)(tolower((unsigned char)*q) - 'a' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			over = true;
		v = v * base + d;
	}
	if (!end && *q)
		return E_BAD;
	if (end)
		*end = q;
	*out = v;
	return over ? E_RANGE : 0;
}

/* Decimal only, then a suffix: -> number and the suffix. */
static int parse_dec(const char *s, uint64_t *v, const char **end)
{
	if (!isdigit((unsigned char)s[0]) || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		return E_BAD;
	return parse_u64(s, v, end);
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
	const char *end;
	uint64_t v = 0;
	int rc = parse_dec(s, &v, &end);

	if (rc == E_BAD)
		return E_BAD;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suf))
			continue;
		if (rc == E_RANGE || v > UINT64_MAX / units[i].mul)
			return E_RANGE;
		*ms = v * units[i].mul;
		return 0;
	}
	return E_BAD;
}

/* "1500", "64K", "10M", "2G" (powers of 1024). 0, E_BAD or E_RANGE. */
static int parse_bytes(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v = 0, mul = 1;
	int rc = parse_dec(s, &v, &end);

	if (rc == E_BAD)
		return E_BAD;
	if (*end) {
		if (end[1])
			return E_BAD;
		switch (*end) {
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
			return E_BAD;
		}
	}
	if (rc == E_RANGE || v > UINT64_MAX / mul)
		return E_RANGE;
	*out = v * mul;
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Hex (optional 0x) -> bytes; -1 if not hex, of odd length or > cap. */
static long parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return -1;
	for (; s[0]; s += 2) {
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;

		if (hi < 0 || lo < 0 || n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	return (long)n;
}

/* The largest unit that divides ms exactly. */
static void fmt_dur(uint64_t ms, char *out, size_t cap)
{
	if (ms == 0)
		snprintf(out, cap, "0s");
	else if (ms % 1000)
		snprintf(out, cap, "%llums", (unsigned long long)ms);
	else if (ms % 60000)
		snprintf(out, cap, "%llus", (unsigned long long)(ms / 1000));
	else if (ms % 3600000)
		snprintf(out, cap, "%llum", (unsigned long long)(ms / 60000));
	else if (ms % 86400000)
		snprintf(out, cap, "%lluh", (unsigned long long)(ms / 3600000));
	else
		snprintf(out, cap, "%llud", (unsigned long long)(ms / 86400000));
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

/* --------------------------------------------------------------- paths */

/* Relative to p->base; -1 (reported) if too long. */
static int resolve_path(struct parser *p, const char *kw, const char *s, char *out,
			size_t max)
{
	int n;

	if (!*s)
		return perr(p, "%s: empty path", kw);
	if (s[0] == '/' || !p->base[0])
		n = snprintf(out, PATH_LEN, "%s", s);
	else if (!strcmp(p->base, "/"))
		n = snprintf(out, PATH_LEN, "/%s", s);
	else
		n = snprintf(out, PATH_LEN, "%s/%s", p->base, s);
	if (n < 0 || (size_t)n > max)
		return perr(p, "%s: path too long (max %zu bytes)", kw, max);
	return 0;
}

/* The file must exist, be a regular file and be readable by us. */
static int check_file(struct parser *p, const char *kw, const char *path)
{
	struct stat st;
	int fd;

	if (p->flags & CONF_F_NO_FILES)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return perr(p, "%s: %s: %s", kw, path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return perr(p, "%s: %s: not a regular file", kw, path);
	}
	close(fd);
	return 0;
}

/* ------------------------------------------------------------ identities */

static int id_err(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (errlen)
		snprintf(err, errlen, fmt, arg);
	return -1;
}

static bool id_printable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/* One "KEY=VALUE" RDN (trimmed in place) added to name. */
static int dn_add_rdn(X509_NAME *name, char *rdn, char *err, size_t errlen)
{
	char *eq = strchr(rdn, '='), *key = rdn, *val, *e;

	while (isspace((unsigned char)*key))
		key++;
	if (!eq)
		return id_err(err, errlen, "dn: '%s' is not KEY=VALUE", key);
	*eq = '\0';
	val = eq + 1;
	for (e = eq; e > key && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	while (isspace((unsigned char)*val))
		val++;
	for (e = val + strlen(val); e > val && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	if (!*key || !*val)
		return id_err(err, errlen, "dn: empty attribute or value near '%s'", key);
	if (!strcasecmp(key, "E") || !strcasecmp(key, "email"))
		key = "emailAddress";
	if (OBJ_txt2nid(key) == NID_undef) {
		ERR_clear_error();
		return id_err(err, errlen, "dn: unknown attribute '%s'", key);
	}
	if (!X509_NAME_add_entry_by_txt(name, key, MBSTRING_UTF8, (const unsigned char *)val,
					-1, -1, 0)) {
		ERR_clear_error();
		return id_err(err, errlen, "dn: bad value for %s", key);
	}
	return 0;
}

/* strongSwan's DN syntax: "C=CH, O=x, CN=y" -> DER. */
static int dn_parse(const char *s, struct conf_id *id, char *err, size_t errlen)
{
	X509_NAME *name = X509_NAME_new();
	char *copy = strdup(s), *save = NULL, *rdn;
	unsigned char *der = NULL;
	int len, rc = -1;

	if (!name || !copy) {
		id_err(err, errlen, "dn: %s", "out of memory");
		goto out;
	}
	if (!*s || s[strlen(s) - 1] == ',' || s[0] == ',' || strstr(s, ",,")) {
		id_err(err, errlen, "dn: '%s': empty RDN", s);
		goto out;
	}
	for (rdn = strtok_r(copy, ",", &save); rdn; rdn = strtok_r(NULL, ",", &save))
		if (dn_add_rdn(name, rdn, err, errlen))
			goto out;
	len = i2d_X509_NAME(name, &der);
	if (len <= 0 || (size_t)len > sizeof(id->data)) {
		ERR_clear_error();
		id_err(err, errlen, "dn: '%s' too long", s);
		goto out;
	}
	memcpy(id->data, der, (size_t)len);
	id->len = (size_t)len;
	id->type = IKE_ID_DER_ASN1_DN;
	rc = 0;
out:
	OPENSSL_free(der);
	X509_NAME_free(name);
	free(copy);
	return rc;
}

static int id_ip(const char *v, struct conf_id *id, char *err, size_t errlen)
{
	struct in6_addr a6;

	if (inet_pton(AF_INET, v, id->data) == 1) {
		id->type = IKE_ID_IPV4_ADDR;
		id->len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, v, &a6) == 1)
		return id_err(err, errlen, "ip:%s: IPv6 not supported yet", v);
	return id_err(err, errlen, "ip:%s: not an IPv4 address", v);
}

static int id_raw(uint8_t type, const char *v, struct conf_id *id, char *err, size_t errlen)
{
	size_t n = strlen(v);

	if (!id_printable(v))
		return id_err(err, errlen, "'%s': empty or contains spaces/control characters", v);
	if (n > 255)
		return id_err(err, errlen, "'%.40s...': longer than 255 bytes", v);
	memcpy(id->data, v, n);
	id->len = n;
	id->type = type;
	return 0;
}

int conf_id_parse(const char *s, struct conf_id *id, char *err, size_t errlen)
{
	const char *v = strchr(s, ':');
	long n;

	memset(id, 0, sizeof(*id));
	if (strlen(s) >= sizeof(id->text))
		return id_err(err, errlen, "'%.40s...': too long", s);
	snprintf(id->text, sizeof(id->text), "%s", s);
	if (!v)
		goto bad_type;
	v++;
	if (!strncmp(s, "fqdn:", 5))
		return id_raw(IKE_ID_FQDN, v, id, err, errlen);
	if (!strncmp(s, "email:", 6))
		return id_raw(IKE_ID_RFC822_ADDR, v, id, err, errlen);
	if (!strncmp(s, "ip:", 3))
		return id_ip(v, id, err, errlen);
	if (!strncmp(s, "dn:", 3))
		return dn_parse(v, id, err, errlen);
	if (!strncmp(s, "keyid:", 6)) {
		n = parse_hex(v[0] == '#' ? v + 1 : v, id->data, sizeof(id->data));
		if (n <= 0)
			return id_err(err, errlen, "keyid:%s: not an even number of hex digits", v);
		id->len = (size_t)n;
		id->type = IKE_ID_KEY_ID;
		return 0;
	}
bad_type:
	memset(id, 0, sizeof(*id));
	return id_err(err, errlen,
		      "'%s': unknown identity type (write fqdn:, email:, ip:, dn: or keyid:)", s);
}

static bool dn_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	const unsigned char *pa = a, *pb = b;
	X509_NAME *na, *nb;
	bool eq = false;

	if (alen > LONG_MAX || blen > LONG_MAX)
		return false;
	na = d2i_X509_NAME(NULL, &pa, (long)alen);
	nb = d2i_X509_NAME(NULL, &pb, (long)blen);
	if (na && nb && pa == a + alen && pb == b + blen)
		eq = X509_NAME_cmp(na, nb) == 0;
	X509_NAME_free(na);
	X509_NAME_free(nb);
	ERR_clear_error();
	return eq;
}

bool conf_id_match(const struct conf_id *want, uint8_t type, const uint8_t *data, size_t len)
{
	if (!want->type)
		return true;
	if (want->type != type)
		return false;
	switch (type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		if (len != want->len)
			return false;
		for (size_t i = 0; i < len; i++)
			if (tolower(data[i]) != tolower(want->data[i]))
				return false;
		return true;
	case IKE_ID_DER_ASN1_DN:
		return dn_equal(want->data, want->len, data, len);
	default:
		return len == want->len && !memcmp(data, want->data, len);
	}
}

/* ------------------------------------------------------- keyword handlers */

static void *kw_dst(struct parser *p, const struct kw *k)
{
	char *base = k->scope == S_GLOBAL ? (char *)p->c :
		     k->scope == S_CONN ? (char *)p->cur : (char *)&p->cur->l2tp;

	return base + k->off;
}

static void fmt_val(const struct kw *k, uint64_t v, char *out, size_t cap)
{
	if (k->kind == K_DUR_S)
		fmt_dur(v * 1000, out, cap);
	else if (k->kind == K_DUR_MS)
		fmt_dur(v, out, cap);
	else if (k->kind == K_BYTES)
		fmt_bytes(v, out, cap);
	else
		snprintf(out, cap, "%llu", (unsigned long long)v);
}

static int range_err(struct parser *p, const struct kw *k, const char *s)
{
	char lo[32], hi[32];

	fmt_val(k, k->min, lo, sizeof(lo));
	fmt_val(k, k->max, hi, sizeof(hi));
	return perr(p, "%s: %s out of range (%s%s..%s)", k->name, s,
		    k->flags & KF_ZERO ? "0 or " : "", lo, hi);
}

/* A number of the keyword's kind, in its unit (seconds for K_DUR_S). */
static int num_value(struct parser *p, const struct kw *k, const char *s, uint64_t *v)
{
	int rc;

	switch (k->kind) {
	case K_DUR_S:
	case K_DUR_MS:
		rc = parse_dur_ms(s, v);
		if (rc == E_BAD)
			return perr(p, "%s: bad duration '%s' (e.g. 500ms, 30s, 5m, 4h, 1d)",
				    k->name, s);
		if (rc == 0 && k->kind == K_DUR_S) {
			if (*v % 1000)
				return perr(p, "%s: '%s' is not a whole number of seconds",
					    k->name, s);
			*v /= 1000;
		}
		break;
	case K_BYTES:
		rc = parse_bytes(s, v);
		if (rc == E_BAD)
			return perr(p, "%s: bad number '%s' (e.g. 1500, 64K, 10M, 2G)", k->name, s);
		break;
	default:
		rc = parse_u64(s, v, NULL);
		if (rc == E_BAD)
			return perr(p, "%s: bad number '%s'", k->name, s);
	}
	if (rc == E_RANGE || ((*v < k->min || *v > k->max) && !(*v == 0 && (k->flags & KF_ZERO))))
		return range_err(p, k, s);
	return 0;
}

static int set_num(struct parser *p, const struct kw *k, const char *s)
{
	void *dst = kw_dst(p, k);
	uint64_t v = 0;

	if (num_value(p, k, s, &v))
		return -1;
	if (k->kind == K_U16) {
		uint16_t x = (uint16_t)v;

		memcpy(dst, &x, sizeof(x));
	} else if (k->kind == K_BYTES || k->kind == K_U64) {
		memcpy(dst, &v, sizeof(v));
	} else {
		uint32_t x = (uint32_t)v;

		memcpy(dst, &x, sizeof(x));
	}
	return 0;
}

static int set_enum(struct parser *p, const struct kw *k, const char *s)
{
	char list[256] = "";
	size_t n = 0;

	for (const struct enum_val *e = k->ev; e->name; e++) {
		if (!strcmp(e->name, s)) {
			int v = e->val;

			memcpy(kw_dst(p, k), &v, sizeof(v));
			return 0;
		}
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "", e->name);
		if (n >= sizeof(list))
			n = sizeof(list) - 1;
	}
	return perr(p, "%s: '%s' is not one of %s", k->name, s, list);
}

static int set_bool(struct parser *p, const struct kw *k, const char *s)
{
	bool v;

	if (!strcmp(s, "yes"))
		v = true;
	else if (!strcmp(s, "no"))
		v = false;
	else
		return perr(p, "%s: expected yes or no, got '%s'", k->name, s);
	memcpy(kw_dst(p, k), &v, sizeof(v));
	return 0;
}

static int set_path(struct parser *p, const struct kw *k, const char *s)
{
	char *dst = kw_dst(p, k);

	if (resolve_path(p, k->name, s, dst, k->max))
		return -1;
	return k->kind == K_FILE ? check_file(p, k->name, dst) : 0;
}

static int kw_value(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	const char *s = argv[1].s;

	(void)argc;
	switch (k->kind) {
	case K_BOOL:
		return set_bool(p, k, s);
	case K_ENUM:
		return set_enum(p, k, s);
	case K_PATH:
	case K_FILE:
		return set_path(p, k, s);
	default:
		return set_num(p, k, s);
	}
}

static int kw_cafile(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	bool ca = !strcmp(k->name, "ca");
	unsigned int *n = ca ? &p->c->n_ca : &p->c->n_crl;
	char *dst;

	(void)argc;
	if (*n >= (ca ? CONF_MAX_CA : CONF_MAX_CRL))
		return perr(p, "%s: too many (max %d)", k->name, ca ? CONF_MAX_CA : CONF_MAX_CRL);
	dst = ca ? p->c->ca[*n] : p->c->crl[*n];
	if (resolve_path(p, k->name, argv[1].s, dst, PATH_LEN - 1) ||
	    check_file(p, k->name, dst))
		return -1;
	(*n)++;
	return 0;
}

static bool valid_name_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '.' || ch == '_' || ch == '-';
}

static bool valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!valid_name_char(*s))
			return false;
	return true;
}

static int kw_user(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	(void)argc;
	if (!valid_name(argv[1].s, sizeof(p->c->user) - 1))
		return perr(p, "%s: '%s' is not a valid user name", k->name, argv[1].s);
	snprintf(p->c->user, sizeof(p->c->user), "%s", argv[1].s);
	return 0;
}

/* IPv4 address; "any" where allowed. */
static int parse_addr(struct parser *p, const char *kw, const char *s, struct in_addr *a,
		      bool *any)
{
	struct in6_addr a6;
	uint32_t h;

	if (any && !strcmp(s, "any")) {
		*any = true;
		a->s_addr = 0;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &a6) == 1)
		return perr(p, "%s: %s: IPv6 not supported yet", kw, s);
	if (inet_pton(AF_INET, s, a) != 1)
		return perr(p, "%s: '%s' is not an IPv4 address%s", kw, s,
			    any ? " or 'any'" : "");
	h = ntohl(a->s_addr);
	if (h == 0 || h == 0xffffffff || (h >> 28) == 0xe)
		return perr(p, "%s: %s is not a unicast address", kw, s);
	return 0;
}

static int kw_local(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	(void)argc;
	return parse_addr(p, k->name, argv[1].s, &p->cur->local, NULL);
}

static int kw_remote(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	(void)argc;
	return parse_addr(p, k->name, argv[1].s, &p->cur->remote, &p->cur->remote_any);
}

static int kw_id(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	struct conf_id *id = !strcmp(k->name, "local-id") ? &p->cur->local_id :
			     &p->cur->remote_id;
	char msg[768];

	(void)argc;
	if (conf_id_parse(argv[1].s, id, msg, sizeof(msg)))
		return perr(p, "%s: %s", k->name, msg);
	return 0;
}

/* A psk value: "string" (quoted: always literal), 0xHEX, or a bare word. */
static int psk_set(struct parser *p, const char *kw, const char *s, bool quoted)
{
	struct conf_conn *cn = p->cur;
	size_t n = strlen(s);
	long h;

	if (!quoted && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		h = parse_hex(s, cn->psk, sizeof(cn->psk));
		if (h < 0) {
			OPENSSL_cleanse(cn->psk, sizeof(cn->psk));
			return perr(p, "%s: bad hex (an even number of hex digits, at most %d "
				    "bytes)", kw, CONF_PSK_MAX);
		}
		n = (size_t)h;
	} else if (n <= sizeof(cn->psk)) {
		memcpy(cn->psk, s, n);
	}
	if (n < CONF_PSK_MIN || n > CONF_PSK_MAX) {
		OPENSSL_cleanse(cn->psk, sizeof(cn->psk));
		if (n < CONF_PSK_MIN)
			return perr(p, "%s: too short (%zu bytes, at least %d)", kw, n,
				    CONF_PSK_MIN);
		return perr(p, "%s: too long (%zu bytes, at most %d)", kw, n, CONF_PSK_MAX);
	}
	cn->psk_len = n;
	return 0;
}

static int psk_exclusive(struct parser *p, const char *kw, const char *other)
{
	return perr(p, "%s: %s was given too (use one of them)", kw, other);
}

static int seen_line(struct parser *p, const char *name);

static int kw_psk(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	(void)argc;
	if (seen_line(p, "psk-file"))
		return psk_exclusive(p, k->name, "psk-file");
	return psk_set(p, k->name, argv[1].s, argv[1].quoted);
}

/* The first line of the file is the key (same syntax as an unquoted psk). */
static int read_psk_file(struct parser *p, const char *kw, const char *path)
{
	char buf[1024];
	size_t n;
	FILE *f;
	int rc;

	f = fopen(path, "re");
	if (!f)
		return perr(p, "%s: %s: %s", kw, path, strerror(errno));
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return perr(p, "%s: %s: empty", kw, path);
	}
	fclose(f);
	n = strcspn(buf, "\r\n");
	if (n == sizeof(buf) - 1) {
		OPENSSL_cleanse(buf, sizeof(buf));
		return perr(p, "%s: %s: first line too long", kw, path);
	}
	buf[n] = '\0';
	rc = psk_set(p, kw, buf, false);
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

static int kw_psk_file(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	struct conf_conn *cn = p->cur;

	(void)argc;
	if (seen_line(p, "psk"))
		return psk_exclusive(p, k->name, "psk");
	if (resolve_path(p, k->name, argv[1].s, cn->psk_file, PATH_LEN - 1) ||
	    check_file(p, k->name, cn->psk_file))
		return -1;
	if (p->flags & CONF_F_NO_FILES)
		return 0;
	return read_psk_file(p, k->name, cn->psk_file);
}

/* ike/esp: the words joined, parsed at the end of the conn (needs `weak`). */
static int kw_proposals(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	char *dst = !strcmp(k->name, "ike") ? p->ike : p->esp;
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		int r = snprintf(dst + n, CONF_MAX_LINE + 1 - n, "%s%s", i > 1 ? " " : "",
				 argv[i].s);

		if (r < 0 || (size_t)r >= CONF_MAX_LINE + 1 - n)
			return perr(p, "%s: too long", k->name);
		n += (size_t)r;
	}
	return 0;
}

static int kw_margin(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	const char *s = argv[1].s, *end;
	uint64_t v = 0;
	int rc = parse_dec(s, &v, &end);

	(void)argc;
	if (rc == E_BAD || (*end && strcmp(end, "%")))
		return perr(p, "%s: bad percentage '%s' (e.g. 10%%)", k->name, s);
	if (rc == E_RANGE || v < k->min || v > k->max)
		return perr(p, "%s: %s out of range (%llu%%..%llu%%)", k->name, s,
			    (unsigned long long)k->min, (unsigned long long)k->max);
	p->cur->margin_pct = (uint32_t)v;
	return 0;
}

static int kw_cookie(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	struct conf_l2tp *l = &p->cur->l2tp;
	bool peer = !strcmp(k->name, "peer-cookie");
	uint8_t *dst = peer ? l->peer_cookie : l->cookie;
	long n;

	(void)argc;
	n = parse_hex(argv[1].s, dst, 8);
	if (n != 4 && n != 8) {
		memset(dst, 0, 8);
		return perr(p, "%s: '%s' is not 4 or 8 bytes of hex (e.g. 0x1122334455667788)",
			    k->name, argv[1].s);
	}
	if (peer)
		l->peer_cookie_len = (uint8_t)n;
	else
		l->cookie_len = (uint8_t)n;
	return 0;
}

static int kw_ifname(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	const char *s = argv[1].s;
	size_t n = strlen(s);

	(void)argc;
	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, "..") || strpbrk(s, "/: \t"))
		return perr(p, "%s: '%s' is not a valid interface name "
			    "(1-15 characters, no '/', ':' or spaces)", k->name, s);
	for (const char *q = s; *q; q++)
		if ((unsigned char)*q < 0x21 || (unsigned char)*q > 0x7e)
			return perr(p, "%s: '%s' is not a valid interface name", k->name, s);
	memcpy(p->cur->l2tp.ifname, s, n + 1);
	return 0;
}

static int kw_l2tp(struct parser *p, const struct kw *k, int argc, struct tok *argv)
{
	if (argc != 2 || argv[1].quoted || strcmp(argv[1].s, "{"))
		return perr(p, "%s: expected 'l2tp {' (the block's contents on the following "
			    "lines)", k->name);
	p->cur->l2tp.set = true;
	p->scope = S_L2TP;
	p->l2tp_line = p->line;
	return 0;
}

/* ------------------------------------------------------------ the table */

#define G(f) offsetof(struct conf, f)
#define C(f) offsetof(struct conf_conn, f)
#define L(f) offsetof(struct conf_l2tp, f)
#define U32MAX 0xffffffffULL
#define DAY 86400ULL

static const struct enum_val ev_level[] = {
	{ "error", CONF_LOG_ERR }, { "warning", CONF_LOG_WARNING },
	{ "notice", CONF_LOG_NOTICE }, { "info", CONF_LOG_INFO }, { "debug", CONF_LOG_DEBUG },
	{ NULL, 0 },
};
static const struct enum_val ev_log[] = { { "syslog", 1 }, { "stderr", 2 }, { NULL, 0 } };
static const struct enum_val ev_auth[] = {
	{ "psk", CONF_AUTH_PSK }, { "cert", CONF_AUTH_CERT }, { NULL, 0 },
};
static const struct enum_val ev_encap[] = {
	{ "auto", CONF_ENCAP_AUTO }, { "yes", CONF_ENCAP_YES }, { "no", CONF_ENCAP_NO },
	{ NULL, 0 },
};
static const struct enum_val ev_start[] = {
	{ "listen", CONF_START_LISTEN }, { "initiate", CONF_START_INITIATE }, { NULL, 0 },
};

static const struct kw kws[] = {
	{ "log-level", S_GLOBAL, K_ENUM, 0, G(log_level), 0, 0, ev_level, NULL },
	{ "log", S_GLOBAL, K_ENUM, 0, G(log_target), 0, 0, ev_log, NULL },
	{ "pidfile", S_GLOBAL, K_PATH, 0, G(pidfile), 0, PATH_LEN - 1, NULL, NULL },
	{ "control", S_GLOBAL, K_PATH, 0, G(control), 0, SUN_PATH_MAX, NULL, NULL },
	{ "user", S_GLOBAL, K_FN, 0, 0, 0, 0, NULL, kw_user },
	{ "ike-port", S_GLOBAL, K_U16, 0, G(ike_port), 1, 65535, NULL, NULL },
	{ "natt-port", S_GLOBAL, K_U16, 0, G(natt_port), 1, 65535, NULL, NULL },
	{ "cookie-threshold", S_GLOBAL, K_U32, 0, G(cookie_threshold), 0, 1000000, NULL, NULL },
	{ "half-open-per-source", S_GLOBAL, K_U32, 0, G(half_open_per_source), 1, 1000000,
	  NULL, NULL },
	{ "half-open-timeout", S_GLOBAL, K_DUR_S, 0, G(half_open_timeout), 1, 3600, NULL, NULL },
	{ "retransmit-timeout", S_GLOBAL, K_DUR_MS, 0, G(retransmit_timeout_ms), 100, 600000,
	  NULL, NULL },
	{ "retransmit-tries", S_GLOBAL, K_U32, 0, G(retransmit_tries), 1, 20, NULL, NULL },
	{ "ca", S_GLOBAL, K_FN, KF_REPEAT, 0, 0, 0, NULL, kw_cafile },
	{ "crl", S_GLOBAL, K_FN, KF_REPEAT, 0, 0, 0, NULL, kw_cafile },

	{ "local", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_local },
	{ "remote", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_remote },
	{ "local-id", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_id },
	{ "remote-id", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_id },
	{ "auth", S_CONN, K_ENUM, 0, C(auth), 0, 0, ev_auth, NULL },
	{ "psk", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_psk },
	{ "psk-file", S_CONN, K_FN, 0, 0, 0, 0, NULL, kw_psk_file },
	{ "cert", S_CONN, K_FILE, 0, C(cert), 0, PATH_LEN - 1, NULL, NULL },
	{ "key", S_CONN, K_FILE, 0, C(key), 0, PATH_LEN - 1, NULL, NULL },
	{ "pss", S_CONN, K_BOOL, 0, C(pss), 0, 0, NULL, NULL },
	{ "weak", S_CONN, K_BOOL, 0, C(weak), 0, 0, NULL, NULL },
	{ "ike", S_CONN, K_FN, KF_MULTI, 0, 0, 0, NULL, kw_proposals },
	{ "esp", S_CONN, K_FN, KF_MULTI, 0, 0, 0, NULL, kw_proposals },
	{ "ike-lifetime", S_CONN, K_DUR_S, 0, C(ike_lifetime), 10, 30 * DAY, NULL, NULL },
	{ "lifetime", S_CONN, K_DUR_S, 0, C(lifetime), 10, 30 * DAY, NULL, NULL },
	{ "lifebytes", S_CONN, K_BYTES, KF_ZERO, C(lifebytes), 64 << 10, 1ULL << 60, NULL, NULL },
	{ "lifepackets", S_CONN, K_U64, KF_ZERO, C(lifepackets), 1000, 1ULL << 60, NULL, NULL },
	{ "margin", S_CONN, K_FN, 0, 0, 1, 100, NULL, kw_margin },
	{ "dpd", S_CONN, K_DUR_S, KF_ZERO, C(dpd), 1, DAY, NULL, NULL },
	{ "dpd-timeout", S_CONN, K_DUR_S, 0, C(dpd_timeout), 1, DAY, NULL, NULL },
	{ "encap", S_CONN, K_ENUM, 0, C(encap), 0, 0, ev_encap, NULL },
	{ "keepalive", S_CONN, K_DUR_S, KF_ZERO, C(keepalive), 1, 3600, NULL, NULL },
	{ "replay-window", S_CONN, K_U32, 0, C(replay_window), 0, 4096, NULL, NULL },
	{ "start", S_CONN, K_ENUM, 0, C(start), 0, 0, ev_start, NULL },
	{ "l2tp", S_CONN, K_FN, KF_BLOCK, 0, 0, 0, NULL, kw_l2tp },

	{ "tunnel-id", S_L2TP, K_U32, 0, L(tunnel_id), 1, U32MAX, NULL, NULL },
	{ "peer-tunnel-id", S_L2TP, K_U32, 0, L(peer_tunnel_id), 1, U32MAX, NULL, NULL },
	{ "session-id", S_L2TP, K_U32, 0, L(session_id), 1, U32MAX, NULL, NULL },
	{ "peer-session-id", S_L2TP, K_U32, 0, L(peer_session_id), 1, U32MAX, NULL, NULL },
	{ "cookie", S_L2TP, K_FN, 0, 0, 0, 0, NULL, kw_cookie },
	{ "peer-cookie", S_L2TP, K_FN, 0, 0, 0, 0, NULL, kw_cookie },
	{ "ifname", S_L2TP, K_FN, 0, 0, 0, 0, NULL, kw_ifname },
	{ "port", S_L2TP, K_U16, 0, L(port), 1, 65535, NULL, NULL },
	{ "mtu", S_L2TP, K_U32, KF_ZERO, L(mtu), 68, 65535, NULL, NULL },
	{ "seq", S_L2TP, K_BOOL, 0, L(seq), 0, 0, NULL, NULL },
};
#define N_KWS ((int)(sizeof(kws) / sizeof(kws[0])))

static int kw_index(const char *name)
{
	for (int i = 0; i < N_KWS; i++)
		if (!strcmp(kws[i].name, name))
			return i;
	return -1;
}

/* Line where name was given in its scope (the current conn for conn/l2tp). */
static int seen_line(struct parser *p, const char *name)
{
	int i = kw_index(name);

	if (i < 0)
		return 0;
	return kws[i].scope == S_GLOBAL ? p->seen_g[i] : p->seen_c[i];
}

/* ------------------------------------------------------------ tokenizer */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One quoted section starting at s[*i] == '"'; appends to lt->buf. */
static int tok_quoted(struct parser *p, const char *s, size_t len, size_t *i, size_t *o)
{
	struct line_toks *lt = &p->lt;

	for ((*i)++;; (*i)++) {
		if (*i >= len)
			return perr(p, "unterminated quoted string");
		if (s[*i] == '"')
			break;
		if (s[*i] == '\\') {
			if (*i + 1 >= len || (s[*i + 1] != '"' && s[*i + 1] != '\\'))
				return perr(p, "bad escape in quoted string (only \\\" and \\\\)");
			(*i)++;
		}
		if (*o >= sizeof(lt->buf) - 1)
			return perr(p, "line too long");
		lt->buf[(*o)++] = s[*i];
	}
	(*i)++;
	return 0;
}

static int tokenize(struct parser *p, const char *s, size_t len)
{
	struct line_toks *lt = &p->lt;
	size_t i = 0, o = 0;

	lt->n = 0;
	while (i < len) {
		bool q = false, uq = false;

		if (blank(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		if (lt->n >= MAX_TOKS)
			return perr(p, "too many words on one line (max %d)", MAX_TOKS);
		lt->t[lt->n].s = lt->buf + o;
		while (i < len && !blank(s[i]) && s[i] != '#') {
			if (s[i] == '"') {
				q = true;
				if (tok_quoted(p, s, len, &i, &o))
					return -1;
				continue;
			}
			uq = true;
			if (o >= sizeof(lt->buf) - 1)
				return perr(p, "line too long");
			lt->buf[o++] = s[i++];
		}
		if (o >= sizeof(lt->buf))
			return perr(p, "line too long");
		lt->buf[o++] = '\0';
		lt->t[lt->n++].quoted = q && !uq;
	}
	return 0;
}

/* ------------------------------------------------------------- blocks */

static void conn_defaults(struct conf_conn *cn)
{
	cn->ike_lifetime = 4 * 3600;
	cn->lifetime = 3600;
	cn->margin_pct = 10;
	cn->dpd = 30;
	cn->dpd_timeout = 150;
	cn->keepalive = 20;
	cn->replay_window = 1024;
	cn->encap = CONF_ENCAP_AUTO;
	cn->start = CONF_START_LISTEN;
	cn->l2tp.port = 1701;
}

/* Grow the conns array without leaving psks behind in freed memory. */
static int grow_conns(struct parser *p)
{
	struct conf *c = p->c;
	unsigned int cap = p->cap ? p->cap * 2 : 4;
	struct conf_conn *n;

	if (cap > CONF_MAX_CONNS)
		cap = CONF_MAX_CONNS;
	n = calloc(cap, sizeof(*n));
	if (!n)
		return perr(p, "out of memory");
	if (c->conns) {
		memcpy(n, c->conns, c->n_conns * sizeof(*n));
		OPENSSL_cleanse(c->conns, p->cap * sizeof(*n));
		free(c->conns);
	}
	c->conns = n;
	p->cap = cap;
	return 0;
}

static int open_conn(struct parser *p, int argc, struct tok *argv)
{
	struct conf *c = p->c;
	struct conf_conn *cn;

	if (argc != 3 || argv[2].quoted || strcmp(argv[2].s, "{"))
		return perr(p, "conn: expected 'conn NAME {' (the block's contents on the "
			    "following lines)");
	if (!valid_name(argv[1].s, sizeof(cn->name) - 1))
		return perr(p, "conn: '%s' is not a valid name (1-63 of A-Z a-z 0-9 . _ -)",
			    argv[1].s);
	for (unsigned int i = 0; i < c->n_conns; i++)
		if (!strcmp(c->conns[i].name, argv[1].s))
			return perr(p, "conn: duplicate name '%s' (first on line %d)", argv[1].s,
				    c->conns[i].line);
	if (c->n_conns >= CONF_MAX_CONNS)
		return perr(p, "conn: too many connections (max %d)", CONF_MAX_CONNS);
	if (c->n_conns >= p->cap && grow_conns(p))
		return -1;
	cn = &c->conns[c->n_conns++];
	memset(cn, 0, sizeof(*cn));
	conn_defaults(cn);
	snprintf(cn->name, sizeof(cn->name), "%s", argv[1].s);
	snprintf(cn->file, sizeof(cn->file), "%s", p->file);
	cn->line = p->line;
	p->cur = cn;
	p->conn_line = p->line;
	p->scope = S_CONN;
	p->ike[0] = p->esp[0] = '\0';
	memset(p->seen_c, 0, N_KWS * sizeof(int));
	return 0;
}

static int need(struct parser *p, const char *what, const char *kw)
{
	if (seen_line(p, kw))
		return 0;
	return perr(p, "%s: missing required keyword '%s'", what, kw);
}

static int close_l2tp(struct parser *p)
{
	static const char *const req[] = {
		"tunnel-id", "peer-tunnel-id", "session-id", "peer-session-id",
	};

	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (need(p, "l2tp", req[i]))
			return -1;
	p->scope = S_CONN;
	return 0;
}

/* A keyword that must not be there, given the auth method. */
static int forbid(struct parser *p, const char *kw, const char *why)
{
	int line = seen_line(p, kw);

	return line ? perr_at(p, line, "%s: %s", kw, why) : 0;
}

static int check_auth(struct parser *p, const char *what)
{
	struct conf_conn *cn = p->cur;

	if (cn->auth == CONF_AUTH_PSK) {
		if (!seen_line(p, "psk") && !seen_line(p, "psk-file"))
			return perr(p, "%s: auth psk needs 'psk' or 'psk-file'", what);
		return forbid(p, "cert", "only used with auth cert") ||
		       forbid(p, "key", "only used with auth cert") ||
		       forbid(p, "pss", "only used with auth cert");
	}
	if (need(p, what, "cert") || need(p, what, "key"))
		return -1;
	return forbid(p, "psk", "only used with auth psk") ||
	       forbid(p, "psk-file", "only used with auth psk");
}

static int parse_proposals(struct parser *p, const char *kw, const char *s,
			   struct ike_proposal *out, unsigned int *n)
{
	int line = seen_line(p, kw);
	uint8_t proto = !strcmp(kw, "ike") ? IKE_PROTO_IKE : IKE_PROTO_ESP;
	char msg[768];

	if (!line)
		s = proto == IKE_PROTO_IKE ? PROPOSAL_DEFAULT_IKE : PROPOSAL_DEFAULT_ESP;
	if (proposal_parse(s, proto, p->cur->weak, out, IKE_MAX_PROPOSALS, n, msg, sizeof(msg)))
		return perr_at(p, line ? line : p->line, "%s", msg);
	return 0;
}

static int check_values(struct parser *p)
{
	struct conf_conn *cn = p->cur;
	int line;

	if (!cn->remote_any && cn->local.s_addr == cn->remote.s_addr)
		return perr_at(p, seen_line(p, "remote"), "remote: the same address as local");
	line = seen_line(p, "start");
	if (cn->remote_any && cn->start == CONF_START_INITIATE)
		return perr_at(p, line, "start: initiate needs a remote address (remote is any)");
	/* A pseudowire is one peer's: with remote any, every peer that
	 * authenticates would share (and could take over) the tunnel.
	 */
	if (cn->remote_any && cn->l2tp.set)
		return perr_at(p, p->l2tp_line,
			       "l2tp: a pseudowire needs a remote address (remote is any)");
	if (cn->dpd && cn->dpd_timeout <= cn->dpd) {
		line = seen_line(p, "dpd-timeout");
		return perr_at(p, line ? line : seen_line(p, "dpd"),
			       "dpd-timeout: %us must be longer than dpd (%us)", cn->dpd_timeout,
			       cn->dpd);
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
	if (!cn->remote_id.type && !cn->remote_any) {
		inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
		snprintf(t, sizeof(t), "ip:%s", a);
		conf_id_parse(t, &cn->remote_id, NULL, 0);
	}
}

/* Against the conns before this one. */
static int check_unique(struct parser *p)
{
	const struct conf_conn *cn = p->cur;
	const struct conf_l2tp *l = &cn->l2tp;

	for (unsigned int i = 0; i + 1 < p->c->n_conns; i++) {
		const struct conf_conn *o = &p->c->conns[i];
		char a[INET_ADDRSTRLEN];

		if (!cn->remote_any && !o->remote_any && cn->remote.s_addr == o->remote.s_addr) {
			inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
			return perr_at(p, seen_line(p, "remote"),
				       "remote: %s already used by conn '%s' (line %d)", a, o->name,
				       o->line);
		}
		if (!l->set || !o->l2tp.set)
			continue;
		if (l->tunnel_id == o->l2tp.tunnel_id)
			return perr_at(p, seen_line(p, "tunnel-id"),
				       "tunnel-id: %u already used by conn '%s' (line %d)",
				       l->tunnel_id, o->name, o->line);
		if (l->session_id == o->l2tp.session_id)
			return perr_at(p, seen_line(p, "session-id"),
				       "session-id: %u already used by conn '%s' (line %d)",
				       l->session_id, o->name, o->line);
		if (l->ifname[0] && !strcmp(l->ifname, o->l2tp.ifname))
			return perr_at(p, seen_line(p, "ifname"),
				       "ifname: %s already used by conn '%s' (line %d)", l->ifname,
				       o->name, o->line);
	}
	return 0;
}

static int close_conn(struct parser *p)
{
	struct conf_conn *cn = p->cur;
	char what[80];

	snprintf(what, sizeof(what), "conn '%s'", cn->name);
	if (need(p, what, "local") || need(p, what, "remote") || need(p, what, "auth") ||
	    check_auth(p, what))
		return -1;
	if (parse_proposals(p, "ike", p->ike, cn->ike, &cn->n_ike) ||
	    parse_proposals(p, "esp", p->esp, cn->esp, &cn->n_esp))
		return -1;
	if (check_values(p) || check_unique(p))
		return -1;
	default_ids(cn);
	p->scope = S_GLOBAL;
	p->cur = NULL;
	return 0;
}

/* ---------------------------------------------------------- dispatcher */

static int scope_err(struct parser *p, const struct kw *k)
{
	if (k->scope == S_GLOBAL)
		return perr(p, "%s: only allowed in the global section (outside conn blocks)",
			    k->name);
	if (k->scope == S_CONN && p->scope == S_L2TP)
		return perr(p, "%s: not allowed inside the l2tp block (close it with '}' first)",
			    k->name);
	if (k->scope == S_CONN)
		return perr(p, "%s: only allowed inside a conn block", k->name);
	return perr(p, "%s: only allowed inside an l2tp block", k->name);
}

static int do_keyword(struct parser *p, int argc, struct tok *argv)
{
	int i = kw_index(argv[0].s);
	const struct kw *k;
	int *seen;

	if (i < 0 || argv[0].quoted)
		return perr(p, "unknown keyword '%s'", argv[0].s);
	k = &kws[i];
	if (k->scope != p->scope)
		return scope_err(p, k);
	seen = k->scope == S_GLOBAL ? p->seen_g : p->seen_c;
	if (seen[i] && !(k->flags & KF_REPEAT))
		return perr(p, "%s: given twice (first on line %d)", k->name, seen[i]);
	if (argc < 2 && !(k->flags & KF_BLOCK))
		return perr(p, "%s: missing value", k->name);
	if (argc > 2 && !(k->flags & (KF_MULTI | KF_BLOCK)))
		return perr(p, "%s: one value expected, got %d%s", k->name, argc - 1,
			    !strncmp(k->name, "psk", 3) ? " (quote a psk with spaces)" : "");
	seen[i] = p->line;
	return k->kind == K_FN ? k->fn(p, k, argc, argv) : kw_value(p, k, argc, argv);
}

static int do_line(struct parser *p, const char *s, size_t len)
{
	struct tok *t = p->lt.t;

	for (size_t i = 0; i < len; i++) {
		if (!s[i])
			return perr(p, "NUL byte in line");
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return perr(p, "control character 0x%02x in line", (unsigned char)s[i]);
	}
	if (tokenize(p, s, len))
		return -1;
	if (p->lt.n == 0)
		return 0;
	if (!t[0].quoted && !strcmp(t[0].s, "}")) {
		if (p->lt.n > 1)
			return perr(p, "'}' must stand alone on its line");
		if (p->scope == S_GLOBAL)
			return perr(p, "'}' without an open block");
		return p->scope == S_L2TP ? close_l2tp(p) : close_conn(p);
	}
	if (!t[0].quoted && !strcmp(t[0].s, "conn")) {
		if (p->scope != S_GLOBAL)
			return perr(p, "conn: blocks cannot nest (missing '}' of the block on "
				    "line %d?)", p->scope == S_L2TP ? p->l2tp_line : p->conn_line);
		return open_conn(p, p->lt.n, t);
	}
	return do_keyword(p, p->lt.n, t);
}

/* ------------------------------------------------------------ loading */

static void global_defaults(struct conf *c)
{
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

static int check_end(struct parser *p)
{
	if (p->scope == S_L2TP)
		return perr_at(p, p->l2tp_line, "l2tp: block not closed (missing '}')");
	if (p->scope == S_CONN)
		return perr_at(p, p->conn_line, "conn '%s': block not closed (missing '}')",
			       p->cur->name);
	if (p->c->ike_port == p->c->natt_port) {
		int line = seen_line(p, "natt-port");

		return perr_at(p, line ? line : seen_line(p, "ike-port"),
			       "natt-port: must differ from ike-port (%u)", p->c->ike_port);
	}
	return 0;
}

static int parse_text(struct parser *p, const char *text, size_t len)
{
	size_t pos = 0;

	if (len > CONF_MAX_FILE) {
		if (p->errlen)
			snprintf(p->err, p->errlen, "%s: file too large (%zu bytes, max %d)",
				 p->file, len, CONF_MAX_FILE);
		return -1;
	}
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - s) : len - pos, use = ll;

		p->line++;
		if (use && s[use - 1] == '\r')
			use--;
		if (use > CONF_MAX_LINE)
			return perr(p, "line too long (%zu bytes, max %d)", use, CONF_MAX_LINE);
		if (do_line(p, s, use))
			return -1;
		pos += ll + (nl ? 1 : 0);
	}
	return check_end(p);
}

static struct parser *parser_new(const char *name, unsigned int flags, struct conf *c,
				 char *err, size_t errlen)
{
	struct parser *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->seen_g = calloc(N_KWS, sizeof(int));
	p->seen_c = calloc(N_KWS, sizeof(int));
	if (!p->seen_g || !p->seen_c) {
		free(p->seen_g);
		free(p->seen_c);
		free(p);
		return NULL;
	}
	p->file = name;
	p->flags = flags;
	p->c = c;
	p->err = err;
	p->errlen = errlen;
	return p;
}

static void parser_free(struct parser *p)
{
	OPENSSL_cleanse(&p->lt, sizeof(p->lt));
	free(p->seen_g);
	free(p->seen_c);
	free(p);
}

static int load_text(const char *name, const char *base, const char *text, size_t len,
		     unsigned int flags, struct conf *c, char *err, size_t errlen)
{
	struct parser *p;
	int rc;

	memset(c, 0, sizeof(*c));
	if (errlen)
		err[0] = '\0';
	p = parser_new(name, flags, c, err, errlen);
	if (!p) {
		if (errlen)
			snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	snprintf(p->base, sizeof(p->base), "%s", base);
	global_defaults(c);
	rc = parse_text(p, text, len);
	parser_free(p);
	if (rc)
		conf_free(c);
	return rc;
}

int conf_load_string_flags(const char *name, const char *text, size_t len, unsigned int flags,
			   struct conf *c, char *err, size_t errlen)
{
	return load_text(name, "", text, len, flags, c, err, errlen);
}

int conf_load_string(const char *name, const char *text, size_t len, struct conf *c, char *err,
		     size_t errlen)
{
	return load_text(name, "", text, len, 0, c, err, errlen);
}

/* The directory of path, absolute. */
static int base_dir(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	char cwd[PATH_LEN];
	int n;

	if (path[0] == '/') {
		n = snprintf(out, cap, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return -1;
		if (slash)
			n = snprintf(out, cap, "%s/%.*s", cwd, (int)(slash - path), path);
		else
			n = snprintf(out, cap, "%s", cwd);
	}
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The whole file into a malloc'd buffer; -1 with "FILE: message". */
static int read_conf_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	size_t got = 0;
	const char *why = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0 || fstat(fd, &st))
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > CONF_MAX_FILE)
		why = "file too large (max 1 MiB)";
	if (why) {
		snprintf(err, errlen, "%s: %s", path, why);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	while (*buf && got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!*buf || got != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: %s", path, *buf ? "short read" : "out of memory");
		free(*buf);
		return -1;
	}
	*len = got;
	return 0;
}

int conf_load_flags(const char *path, unsigned int flags, struct conf *c, char *err,
		    size_t errlen)
{
	char base[PATH_LEN], *buf = NULL;
	size_t len = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	if (base_dir(path, base, sizeof(base))) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if (read_conf_file(path, &buf, &len, err, errlen))
		return -1;
	rc = load_text(path, base, buf, len, flags, c, err, errlen);
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

int conf_load(const char *path, struct conf *c, char *err, size_t errlen)
{
	return conf_load_flags(path, 0, c, err, errlen);
}

void conf_free(struct conf *c)
{
	if (c->conns) {
		OPENSSL_cleanse(c->conns, c->n_conns * sizeof(*c->conns));
		free(c->conns);
	}
	memset(c, 0, sizeof(*c));
}

const struct conf_conn *conf_find(const struct conf *c, const char *name)
{
	for (unsigned int i = 0; i < c->n_conns; i++)
		if (!strcmp(c->conns[i].name, name))
			return &c->conns[i];
	return NULL;
}

/* ------------------------------------------------------------ compare */

static bool id_same(const struct conf_id *a, const struct conf_id *b)
{
	return a->type == b->type && a->len == b->len && a->len <= sizeof(a->data) &&
	       !memcmp(a->data, b->data, a->len);
}

static bool l2tp_same(const struct conf_l2tp *a, const struct conf_l2tp *b)
{
	return a->set == b->set && a->tunnel_id == b->tunnel_id &&
	       a->peer_tunnel_id == b->peer_tunnel_id && a->session_id == b->session_id &&
	       a->peer_session_id == b->peer_session_id && a->cookie_len == b->cookie_len &&
	       a->peer_cookie_len == b->peer_cookie_len &&
	       !memcmp(a->cookie, b->cookie, sizeof(a->cookie)) &&
	       !memcmp(a->peer_cookie, b->peer_cookie, sizeof(a->peer_cookie)) &&
	       !strcmp(a->ifname, b->ifname) && a->port == b->port && a->mtu == b->mtu &&
	       a->seq == b->seq;
}

static bool auth_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return a->auth == b->auth && a->psk_len == b->psk_len && a->psk_len <= sizeof(a->psk) &&
	       !CRYPTO_memcmp(a->psk, b->psk, a->psk_len) && !strcmp(a->psk_file, b->psk_file) &&
	       !strcmp(a->cert, b->cert) && !strcmp(a->key, b->key) && a->pss == b->pss &&
	       id_same(&a->local_id, &b->local_id) && id_same(&a->remote_id, &b->remote_id);
}

static bool timers_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return a->ike_lifetime == b->ike_lifetime && a->lifetime == b->lifetime &&
	       a->lifebytes == b->lifebytes && a->lifepackets == b->lifepackets &&
	       a->margin_pct == b->margin_pct && a->dpd == b->dpd &&
	       a->dpd_timeout == b->dpd_timeout && a->keepalive == b->keepalive;
}

bool conf_conn_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return !strcmp(a->name, b->name) && a->local.s_addr == b->local.s_addr &&
	       a->remote.s_addr == b->remote.s_addr && a->remote_any == b->remote_any &&
	       auth_same(a, b) && a->weak == b->weak &&
	       proposal_list_same(a->ike, a->n_ike, b->ike, b->n_ike) &&
	       proposal_list_same(a->esp, a->n_esp, b->esp, b->n_esp) && timers_same(a, b) &&
	       a->encap == b->encap && a->replay_window == b->replay_window &&
	       a->start == b->start && l2tp_same(&a->l2tp, &b->l2tp);
}

/* -------------------------------------------------------------- print */

/* A word as the tokenizer reads it back: quoted if needed. */
static void print_word(FILE *f, const char *s)
{
	if (*s && !strpbrk(s, " \t#\"\\") && strcmp(s, "{") && strcmp(s, "}")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void print_id(FILE *f, const char *kw, const struct conf_id *id, const char *none)
{
	const char *colon = strchr(id->text, ':');

	if (!id->type || !colon) {
		fprintf(f, "\t# %s: %s\n", kw, none);
		return;
	}
	fprintf(f, "\t%s %.*s", kw, (int)(colon + 1 - id->text), id->text);
	print_word(f, colon + 1);
	fputc('\n', f);
}

static const char *enum_name(const struct enum_val *ev, int v)
{
	for (; ev->name; ev++)
		if (ev->val == v)
			return ev->name;
	return "?";
}

static void print_l2tp(FILE *f, const struct conf_l2tp *l)
{
	fprintf(f, "\tl2tp {\n\t\ttunnel-id %u\n\t\tpeer-tunnel-id %u\n", l->tunnel_id,
		l->peer_tunnel_id);
	fprintf(f, "\t\tsession-id %u\n\t\tpeer-session-id %u\n", l->session_id,
		l->peer_session_id);
	if (l->cookie_len) {
		fputs("\t\tcookie 0x", f);
		for (int i = 0; i < l->cookie_len && i < 8; i++)
			fprintf(f, "%02x", l->cookie[i]);
		fputc('\n', f);
	}
	if (l->peer_cookie_len) {
		fputs("\t\tpeer-cookie 0x", f);
		for (int i = 0; i < l->peer_cookie_len && i < 8; i++)
			fprintf(f, "%02x", l->peer_cookie[i]);
		fputc('\n', f);
	}
	if (l->ifname[0])
		fprintf(f, "\t\tifname %s\n", l->ifname);
	else
		fputs("\t\t# ifname: chosen by the kernel (l2tpethN)\n", f);
	fprintf(f, "\t\tport %u\n", l->port);
	if (l->mtu)
		fprintf(f, "\t\tmtu %u\n", l->mtu);
	else
		fputs("\t\t# mtu: computed by the module\n", f);
	fprintf(f, "\t\tseq %s\n\t}\n", l->seq ? "yes" : "no");
}

static void print_auth(FILE *f, const struct conf_conn *cn)
{
	fprintf(f, "\tauth %s\n", enum_name(ev_auth, cn->auth));
	if (cn->auth == CONF_AUTH_PSK && cn->psk_file[0]) {
		fputs("\tpsk-file ", f);
		print_word(f, cn->psk_file);
		fputc('\n', f);
	} else if (cn->auth == CONF_AUTH_PSK) {
		fputs("\tpsk <hidden>\n", f);
	} else {
		fputs("\tcert ", f);
		print_word(f, cn->cert);
		fputs("\n\tkey ", f);
		print_word(f, cn->key);
		fprintf(f, "\n\tpss %s\n", cn->pss ? "yes" : "no");
	}
}

static void print_timers(FILE *f, const struct conf_conn *cn)
{
	char a[32], b[32];

	fmt_dur(cn->ike_lifetime * 1000ULL, a, sizeof(a));
	fmt_dur(cn->lifetime * 1000ULL, b, sizeof(b));
	fprintf(f, "\tike-lifetime %s\n\tlifetime %s\n", a, b);
	fmt_bytes(cn->lifebytes, a, sizeof(a));
	fprintf(f, "\tlifebytes %s\n\tlifepackets %llu\n\tmargin %u%%\n", a,
		(unsigned long long)cn->lifepackets, cn->margin_pct);
	fmt_dur(cn->dpd * 1000ULL, a, sizeof(a));
	fmt_dur(cn->dpd_timeout * 1000ULL, b, sizeof(b));
	fprintf(f, "\tdpd %s\n\tdpd-timeout %s\n", a, b);
	fmt_dur(cn->keepalive * 1000ULL, a, sizeof(a));
	fprintf(f, "\tkeepalive %s\n", a);
}

static void print_conn(FILE *f, const struct conf_conn *cn)
{
	char a[INET_ADDRSTRLEN], props[8192];

	fprintf(f, "\nconn %s {\t# %s:%d\n", cn->name, cn->file, cn->line);
	inet_ntop(AF_INET, &cn->local, a, sizeof(a));
	fprintf(f, "\tlocal %s\n", a);
	inet_ntop(AF_INET, &cn->remote, a, sizeof(a));
	fprintf(f, "\tremote %s\n", cn->remote_any ? "any" : a);
	print_id(f, "local-id", &cn->local_id, "the certificate's subject");
	print_id(f, "remote-id", &cn->remote_id,
		 cn->auth == CONF_AUTH_CERT ? "any identity the peer's certificate carries" :
		 "any (remote is any)");
	print_auth(f, cn);
	fprintf(f, "\tweak %s\n", cn->weak ? "yes" : "no");
	proposal_list_str(cn->ike, cn->n_ike, props, sizeof(props));
	fprintf(f, "\tike %s\n", props);
	proposal_list_str(cn->esp, cn->n_esp, props, sizeof(props));
	fprintf(f, "\tesp %s\n", props);
	print_timers(f, cn);
	fprintf(f, "\tencap %s\n\treplay-window %u\n\tstart %s\n", enum_name(ev_encap, cn->encap),
		cn->replay_window, enum_name(ev_start, cn->start));
	if (cn->l2tp.set)
		print_l2tp(f, &cn->l2tp);
	else
		fputs("\t# no l2tp block: only the SAs are negotiated\n", f);
	fputs("}\n", f);
}

static void print_global(FILE *f, const struct conf *c)
{
	char a[32];

	fprintf(f, "log-level %s\n", enum_name(ev_level, c->log_level));
	if (c->log_target)
		fprintf(f, "log %s\n", enum_name(ev_log, c->log_target));
	else
		fputs("# log: stderr in the foreground, syslog as a daemon\n", f);
	fputs("pidfile ", f);
	print_word(f, c->pidfile);
	fputs("\ncontrol ", f);
	print_word(f, c->control);
	fputc('\n', f);
	if (c->user[0])
		fprintf(f, "user %s\n", c->user);
	else
		fputs("# user: not set (stays root)\n", f);
	fprintf(f, "ike-port %u\nnatt-port %u\ncookie-threshold %u\nhalf-open-per-source %u\n",
		c->ike_port, c->natt_port, c->cookie_threshold, c->half_open_per_source);
	fmt_dur(c->half_open_timeout * 1000ULL, a, sizeof(a));
	fprintf(f, "half-open-timeout %s\n", a);
	fmt_dur(c->retransmit_timeout_ms, a, sizeof(a));
	fprintf(f, "retransmit-timeout %s\nretransmit-tries %u\n", a, c->retransmit_tries);
	for (unsigned int i = 0; i < c->n_ca && i < CONF_MAX_CA; i++) {
		fputs("ca ", f);
		print_word(f, c->ca[i]);
		fputc('\n', f);
	}
	for (unsigned int i = 0; i < c->n_crl && i < CONF_MAX_CRL; i++) {
		fputs("crl ", f);
		print_word(f, c->crl[i]);
		fputc('\n', f);
	}
}

void conf_print(const struct conf *c, FILE *f)
{
	fprintf(f, "# l2tpsecd: effective configuration, %u connection%s\n", c->n_conns,
		c->n_conns == 1 ? "" : "s");
	print_global(f, c);
	for (unsigned int i = 0; i < c->n_conns; i++)
		print_conn(f, &c->conns[i]);
}
