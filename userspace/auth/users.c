// SPDX-License-Identifier: GPL-2.0
/* The users file: a line-by-line parser, lookup, wiping (auth/users.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "users.h"

#define TOK_MAX		(AUTH_SECRET_MAX + 2)	/* one byte too many fits: a clear error */
#define LINE_TOKENS	8	/* more is an error in either syntax */
#define USER_TOKENS	6	/* user NAME kind SECRET address A.B.C.D */
#define CHAP_TOKENS	4	/* CLIENT SERVER SECRET [ADDRESS] */

struct tok {
	char s[TOK_MAX];
	size_t len;
	bool quoted;
};

struct lctx {
	const char *fname;
	unsigned int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(const struct lctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!c->err || !c->errlen)
		return -1;
	n = snprintf(c->err, c->errlen, "%s:%u: ", c->fname, c->line);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * Split one line (without its newline) into tokens. Count, or -1. A '#'
 * outside quotes starts a comment; with word_start_comments (chap-secrets
 * lines) only at the start of a word, and a bare word's \\ is one
 * backslash (pppd's rules: a#b is one word, CORP\\user is CORP\user).
 */
static int tokenize(const struct lctx *c, const char *p, size_t n, struct tok *t, int max,
		    bool word_start_comments)
{
	size_t i = 0;
	int count = 0;

	for (;;) {
		struct tok *k;

		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		if (i >= n || p[i] == '#')
			return count;
		if (count == max)
			return fail(c, "too many words");
		k = &t[count++];
		k->len = 0;
		k->quoted = p[i] == '"';
		if (k->quoted) {
			i++;
			for (;;) {
				char ch;

				if (i >= n)
					return fail(c, "unterminated quoted string");
				ch = p[i++];
				if (ch == '"')
					break;
				if (ch == '\\') {
					if (i >= n || (p[i] != '"' && p[i] != '\\'))
						return fail(c, "bad escape in quoted string (only \\\" and \\\\)");
					ch = p[i++];
				}
				if ((unsigned char)ch < 0x20 || ch == 0x7f)
					return fail(c, "control character in quoted string");
				if (k->len >= TOK_MAX - 1)
					return fail(c, "word too long");
				k->s[k->len++] = ch;
			}
			if (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '#')
				return fail(c, "garbage after quoted string");
		} else {
			while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
			       (p[i] != '#' || word_start_comments)) {
				if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '"')
					return fail(c, "unexpected character");
				if (k->len >= TOK_MAX - 1)
					return fail(c, "word too long");
				/* pppd: a bare word's \\ is one backslash (DOMAIN\\user) */
				if (word_start_comments && p[i] == '\\' && i + 1 < n && p[i + 1] == '\\')
					i++;
				k->s[k->len++] = p[i++];
			}
		}
		k->s[k->len] = '\0';
	}
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static char *dup_bytes(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void user_wipe(struct auth_user *u)
{
	if (u->password) {
		OPENSSL_cleanse(u->password, u->password_len);
		free(u->password);
	}
	free(u->name);
	OPENSSL_cleanse(u, sizeof(*u));
}

/* Append u (its name and secret already set) unless its name or address is taken. 0 / -1. */
static int add_user(struct auth_users *us, const struct lctx *c, struct auth_user *u,
		    const char *addr_text)
{
	if (auth_users_find(us, u->name, u->name_len))
		return fail(c, "user '%s' defined twice", u->name);
	if (u->addr) {
		for (size_t i = 0; i < us->n; i++)
			if (us->v[i].addr == u->addr)
				return fail(c, "address %s already belongs to user '%s' (line %u)",
					    addr_text, us->v[i].name, us->v[i].line);
	}
	if (us->n >= AUTH_USERS_MAX)
		return fail(c, "more than %d users", AUTH_USERS_MAX);
	if (us->n == us->cap) {
		size_t cap = us->cap ? 2 * us->cap : 16;
		struct auth_user *v = realloc(us->v, cap * sizeof(*v));

		if (!v)
			return fail(c, "out of memory");
		us->v = v;
		us->cap = cap;
	}
	u->line = c->line;
	us->v[us->n++] = *u;
	memset(u, 0, sizeof(*u));
	return 0;
}

static int set_name(const struct lctx *c, struct auth_user *u, const struct tok *t)
{
	if (!t->len || t->len > AUTH_NAME_MAX)
		return fail(c, "user name must be 1..%d bytes", AUTH_NAME_MAX);
	u->name = dup_bytes(t->s, t->len);
	u->name_len = t->len;
	if (!u->name)
		return fail(c, "out of memory");
	return 0;
}

static int set_password(const struct lctx *c, struct auth_user *u, const struct tok *t)
{
	if (!t->len || t->len > AUTH_SECRET_MAX)
		return fail(c, "password must be 1..%d bytes", AUTH_SECRET_MAX);
	u->password = dup_bytes(t->s, t->len);
	u->password_len = t->len;
	if (!u->password)
		return fail(c, "out of memory");
	return 0;
}

static int set_addr(const struct lctx *c, struct auth_user *u, const struct tok *t)
{
	struct in_addr a;

	if (inet_pton(AF_INET, t->s, &a) != 1 || !a.s_addr || a.s_addr == 0xffffffff)
		return fail(c, "bad address '%s'", t->s);
	u->addr = ntohl(a.s_addr);
	return 0;
}

/* user NAME password "SECRET" | nthash HEX32 [address A.B.C.D] */
static int parse_user(struct auth_users *us, const struct lctx *c, struct tok *t, int count,
		      struct auth_user *u)
{
	if (count > USER_TOKENS)
		return fail(c, "too many words");
	if (count < 4 || (count != 4 && count != 6))
		return fail(c, "expected: user NAME password \"SECRET\"|nthash HEX [address A.B.C.D]");
	if (!t[1].len || t[1].len > AUTH_NAME_MAX)
		return fail(c, "user name must be 1..%d bytes", AUTH_NAME_MAX);
	if (auth_users_find(us, t[1].s, t[1].len))
		return fail(c, "user '%s' defined twice", t[1].s);
	if (!t[2].quoted && !strcmp(t[2].s, "password")) {
		if (!t[3].quoted)
			return fail(c, "the password must be a quoted string");
		if (set_password(c, u, &t[3]))
			return -1;
	} else if (!t[2].quoted && !strcmp(t[2].s, "nthash")) {
		if (t[3].len != 2 * AUTH_NTHASH_LEN)
			return fail(c, "nthash must be %d hex digits", 2 * AUTH_NTHASH_LEN);
		for (size_t i = 0; i < AUTH_NTHASH_LEN; i++) {
			int hi = hexval(t[3].s[2 * i]), lo = hexval(t[3].s[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return fail(c, "nthash must be %d hex digits", 2 * AUTH_NTHASH_LEN);
			u->nthash[i] = (uint8_t)(hi << 4 | lo);
		}
		u->has_nthash = true;
	} else {
		return fail(c, "expected 'password' or 'nthash' after the user name");
	}
	if (count == 6) {
		if (t[4].quoted || strcmp(t[4].s, "address"))
			return fail(c, "expected 'address'");
		if (set_addr(c, u, &t[5]))
			return -1;
	}
	if (set_name(c, u, &t[1]))
		return -1;
	return add_user(us, c, u, count == 6 ? t[5].s : "");
}

/*
 * pppd's chap-secrets: CLIENT SERVER SECRET [ADDRESS]. The server word is
 * not checked (any name, '*' included); ADDRESS '*', '-' or none: the
 * pool; one address: static; more than one, or pppd's other forms
 * (ranges, '!'), are refused.
 */
static int parse_chap(struct auth_users *us, const struct lctx *c, struct tok *t, int count,
		      struct auth_user *u)
{
	if (count < 3)
		return fail(c, "expected: CLIENT SERVER SECRET [ADDRESS] (chap-secrets) or user NAME ...");
	if (count > CHAP_TOKENS)
		return fail(c, "one address at most per client ('*' or '-': from the pool)");
	if (!t[0].quoted && !strcmp(t[0].s, "*"))
		return fail(c, "a client wildcard '*' is not supported");
	if (t[2].len && t[2].s[0] == '@')
		return fail(c, "secrets read from files (@FILE) are not supported");
	if (set_password(c, u, &t[2]))
		return -1;
	if (count == 4 && (t[3].quoted || (strcmp(t[3].s, "*") && strcmp(t[3].s, "-"))) &&
	    set_addr(c, u, &t[3]))
		return -1;
	if (set_name(c, u, &t[0]))
		return -1;
	return add_user(us, c, u, count == 4 ? t[3].s : "");
}

/* Whether the line's first word is the bare word 'user' (the l2tpsec syntax). */
static bool user_line(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	if (n - i < 4 || memcmp(p + i, "user", 4))
		return false;
	i += 4;
	return i == n || p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '#';
}

/*
 * One line: the l2tpsec syntax if its first word is the bare word 'user',
 * pppd's chap-secrets otherwise. 1 (a user added), 0 (empty) or -1.
 */
static int parse_line(struct auth_users *us, const struct lctx *c, const char *p, size_t n)
{
	struct tok t[LINE_TOKENS];
	struct auth_user u;
	int count, rc = -1;
	bool user = user_line(p, n);

	memset(&u, 0, sizeof(u));
	count = tokenize(c, p, n, t, LINE_TOKENS, !user);
	if (count <= 0) {
		rc = count;
		goto out;
	}
	if (user)
		rc = parse_user(us, c, t, count, &u);
	else
		rc = parse_chap(us, c, t, count, &u);
	if (!rc)
		rc = 1;
out:
	user_wipe(&u);
	OPENSSL_cleanse(t, sizeof(t));
	return rc;
}

int auth_users_parse(const char *text, size_t len, const char *fname, struct auth_users **out,
		     char *err, size_t errlen)
{
	struct lctx c = { fname ? fname : "-", 0, err, errlen };
	struct auth_users *us = calloc(1, sizeof(*us));
	size_t i = 0;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!us)
		return fail(&c, "out of memory");
	if (len && !text) {
		free(us);
		return fail(&c, "no text");
	}
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;

		c.line++;
		if (memchr(text + i, '\0', end - i)) {
			fail(&c, "NUL byte");
			goto bad;
		}
		if (parse_line(us, &c, text + i, end - i) < 0)
			goto bad;
		i = end + 1;
	}
	*out = us;
	return 0;
bad:
	auth_users_free(us);
	return -1;
}

int auth_users_load(const char *path, struct auth_users **out, char *err, size_t errlen)
{
	struct lctx c = { path, 0, err, errlen };
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "re");
	if (!f)
		return fail(&c, "%s", strerror(errno));
	setvbuf(f, NULL, _IONBF, 0);	/* no copy of the secrets in stdio's buffer */
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		return fail(&c, "not a regular file");
	}
	if ((unsigned long long)st.st_size > AUTH_USERS_FILE_MAX) {
		fclose(f);
		return fail(&c, "larger than %u bytes", AUTH_USERS_FILE_MAX);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return fail(&c, "out of memory");
	}
	n = fread(buf, 1, (size_t)st.st_size + 1, f);
	if (ferror(f) || n > (size_t)st.st_size) {
		OPENSSL_cleanse(buf, (size_t)st.st_size + 1);
		free(buf);
		fclose(f);
		return fail(&c, "read error or file changed while reading");
	}
	fclose(f);
	rc = auth_users_parse(buf, n, path, out, err, errlen);
	OPENSSL_cleanse(buf, (size_t)st.st_size + 1);
	free(buf);
	return rc;
}

const struct auth_user *auth_users_find(const struct auth_users *u, const char *name, size_t len)
{
	if (!u || (len && !name))
		return NULL;
	for (size_t i = 0; i < u->n; i++)
		if (u->v[i].name_len == len && !memcmp(u->v[i].name, name, len))
			return &u->v[i];
	return NULL;
}

void auth_users_free(struct auth_users *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n; i++)
		user_wipe(&u->v[i]);
	free(u->v);
	free(u);
}
