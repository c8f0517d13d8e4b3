/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tokenizer of l2tpsecd's configuration file: lines (LF or CRLF),
 * words separated by blanks, "quoted strings" with \" and \\, comments
 * from an unquoted '#' to the end of the line, line numbers, and the
 * "FILE:LINE: message" error format. It knows nothing of keywords or
 * blocks: '{' and '}' are ordinary words here (conf_kw.c gives them their
 * meaning). Documentation/userspace-conf.md describes the engine.
 */
#ifndef L2TPSEC_CONF_LEX_H
#define L2TPSEC_CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conf.h"

#define LEX_MAX_WORDS	64

struct conf_tok {
	char *s;		/* quotes and escapes removed, NUL-terminated */
	bool quoted;		/* the whole word was one quoted string */
};

struct conf_lex {
	const char *file;	/* FILE in messages */
	int line;		/* of the line last read, 1-based */
	char *err;		/* the caller's message buffer */
	size_t errlen;
	const char *text;
	size_t len, pos;
	int n;			/* the words of the line last read */
	struct conf_tok t[LEX_MAX_WORDS];
	char buf[2 * CONF_MAX_LINE + 2];
};

/*
 * Start reading text (len bytes, need not be NUL-terminated). -1 with
 * "FILE: file too large ..." if len > CONF_MAX_FILE.
 */
int lex_begin(struct conf_lex *lx, const char *file, const char *text, size_t len, char *err,
	      size_t errlen);

/*
 * The next line that has words (blank and comment-only lines are
 * skipped): 1 with its words in lx->t[0 .. lx->n - 1], 0 at the end of the
 * text, -1 on error (reported: line too long, NUL or control character,
 * unterminated quote, bad escape, too many words).
 */
int lex_next(struct conf_lex *lx);

/* Is t the unquoted word w ("}" quoted is a word like any other)? */
bool lex_is(const struct conf_tok *t, const char *w);

/* "FILE:LINE: message" into the caller's buffer, for the current line or
 * another one; both return -1. */
int lex_err(struct conf_lex *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lex_err_at(struct conf_lex *lx, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write s so that lex_next() reads it back as one word: quoted if needed. */
void lex_put_word(FILE *f, const char *s);

/* Wipe the words (they may hold a psk). */
void lex_wipe(struct conf_lex *lx);

#endif
