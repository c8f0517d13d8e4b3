// SPDX-License-Identifier: GPL-2.0
/* The configuration file's tokenizer and error format (conf_lex.h). */
#include <stdarg.h>
#include <string.h>

#include <openssl/crypto.h>

#include "conf_lex.h"

static int lex_verr(struct conf_lex *lx, const char *fmt, va_list ap)
{
	int n;

	if (!lx->errlen)
		return -1;
	n = snprintf(lx->err, lx->errlen, "%s:%d: ", lx->file, lx->line);
	if (n < 0 || (size_t)n >= lx->errlen)
		return -1;
	vsnprintf(lx->err + n, lx->errlen - (size_t)n, fmt, ap);
	return -1;
}

int lex_err(struct conf_lex *lx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lex_verr(lx, fmt, ap);
	va_end(ap);
	return -1;
}

int lex_err_at(struct conf_lex *lx, int line, const char *fmt, ...)
{
	va_list ap;

	lx->line = line;
	va_start(ap, fmt);
	lex_verr(lx, fmt, ap);
	va_end(ap);
	return -1;
}

int lex_begin(struct conf_lex *lx, const char *file, const char *text, size_t len, char *err,
	      size_t errlen)
{
	lx->file = file;
	lx->line = 0;
	lx->err = err;
	lx->errlen = errlen;
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->n = 0;
	if (len > CONF_MAX_FILE) {
		if (errlen)
			snprintf(err, errlen, "%s: file too large (%zu bytes, max %d)", file, len,
				 CONF_MAX_FILE);
		return -1;
	}
	return 0;
}

bool lex_is(const struct conf_tok *t, const char *w)
{
	return !t->quoted && !strcmp(t->s, w);
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One quoted section starting at s[*i] == '"'; appends to lx->buf at *o. */
static int word_quoted(struct conf_lex *lx, const char *s, size_t len, size_t *i, size_t *o)
{
	for ((*i)++;; (*i)++) {
		if (*i >= len)
			return lex_err(lx, "unterminated quoted string");
		if (s[*i] == '"')
			break;
		if (s[*i] == '\\') {
			if (*i + 1 >= len || (s[*i + 1] != '"' && s[*i + 1] != '\\'))
				return lex_err(lx, "bad escape in quoted string (only \\\" and \\\\)");
			(*i)++;
		}
		if (*o >= sizeof(lx->buf) - 1)
			return lex_err(lx, "line too long");
		lx->buf[(*o)++] = s[*i];
	}
	(*i)++;
	return 0;
}

/* The words of one line (without its newline) into lx->t. */
static int split_words(struct conf_lex *lx, const char *s, size_t len)
{
	size_t i = 0, o = 0;

	for (i = 0; i < len; i++) {
		if (!s[i])
			return lex_err(lx, "NUL byte in line");
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return lex_err(lx, "control character 0x%02x in line", (unsigned char)s[i]);
	}
	lx->n = 0;
	i = 0;
	while (i < len) {
		bool q = false, uq = false;

		if (blank(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		if (lx->n >= LEX_MAX_WORDS)
			return lex_err(lx, "too many words on one line (max %d)", LEX_MAX_WORDS);
		lx->t[lx->n].s = lx->buf + o;
		while (i < len && !blank(s[i]) && s[i] != '#') {
			if (s[i] == '"') {
				q = true;
				if (word_quoted(lx, s, len, &i, &o))
					return -1;
				continue;
			}
			uq = true;
			if (o >= sizeof(lx->buf) - 1)
				return lex_err(lx, "line too long");
			lx->buf[o++] = s[i++];
		}
		if (o >= sizeof(lx->buf))
			return lex_err(lx, "line too long");
		lx->buf[o++] = '\0';
		lx->t[lx->n++].quoted = q && !uq;
	}
	return 0;
}

int lex_next(struct conf_lex *lx)
{
	lx->n = 0;
	while (lx->pos < lx->len) {
		const char *s = lx->text + lx->pos;
		const char *nl = memchr(s, '\n', lx->len - lx->pos);
		size_t ll = nl ? (size_t)(nl - s) : lx->len - lx->pos, use = ll;

		lx->line++;
		lx->pos += ll + (nl ? 1 : 0);
		if (use && s[use - 1] == '\r')
			use--;
		if (use > CONF_MAX_LINE)
			return lex_err(lx, "line too long (%zu bytes, max %d)", use, CONF_MAX_LINE);
		if (split_words(lx, s, use))
			return -1;
		if (lx->n)
			return 1;
	}
	return 0;
}

void lex_put_word(FILE *f, const char *s)
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

void lex_wipe(struct conf_lex *lx)
{
	OPENSSL_cleanse(lx->buf, sizeof(lx->buf));
}
