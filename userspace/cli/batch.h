/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "l2tpsec -batch FILE": one command per line, the same words as on the
 * command line, all over one netlink socket. The line reader and the word
 * splitter are pure and bounded (fuzzed by fuzz/fuzz_batch.c).
 */
#ifndef L2TPSEC_BATCH_H
#define L2TPSEC_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

/* Longest line, newline excluded (a 4096-byte "ctrl send ... hex" fits). */
#define BATCH_LINE_MAX 16384
/* Most words on one line. */
#define BATCH_WORDS_MAX 128

/*
 * Read one line of in into buf (cap bytes, cap >= 2): without its '\n',
 * NUL-terminated, length in *len. Returns 1 for a line, 0 at the end of
 * the input, -1 on error with e set: a line longer than cap - 1 bytes (read
 * and dropped up to its end, so the next call starts on the next line), a
 * NUL byte in the line (also dropped), or a read error (then stop).
 * *bad_read tells the last case apart.
 */
int batch_read_line(FILE *in, char *buf, size_t cap, size_t *len,
		    bool *bad_read, struct l2s_err *e);

/*
 * Split line into words, in place: words are separated by blanks (space,
 * tab, CR); a word that starts with '#' starts a comment that runs to the
 * end of the line; "double quotes" make blanks and '#' part of a word (no
 * escapes inside, the quotes themselves are removed, "" is an empty word).
 * argv needs max + 1 slots; it is NULL-terminated. Returns the number of
 * words (0 for a blank or comment line), or -1 with e set (unterminated
 * quote, more than max words).
 */
int batch_split(char *line, char **argv, int max, struct l2s_err *e);

/*
 * Run every command of in through cli_run(), over one netlink socket
 * (opened on the first command that needs it). name is how errors refer
 * to the input: "NAME:LINE: l2tpsec: what is wrong". Without force the
 * first failure stops the run and its exit code is returned; with force
 * every line runs and the exit code of the first failure is returned at
 * the end. Returns EXIT_OK if every command succeeded.
 */
int batch_run(struct cli *c, FILE *in, const char *name, bool force);

/* batch_run() on the file at path ("-" = standard input). */
int batch_file(struct cli *c, const char *path, bool force);

#endif
