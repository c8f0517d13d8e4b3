// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec -batch FILE": many commands, one process, one netlink socket. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

#define BATCH_IOBUF (64 * 1024)	/* input buffer: fewer read() calls */

int batch_read_line(FILE *in, char *buf, size_t cap, size_t *len,
		    bool *bad_read, struct l2s_err *e)
{
	bool nul = false, full = false;
	size_t n = 0;
	int ch;

	*len = 0;
	*bad_read = false;
	buf[0] = '\0';
	for (;;) {
		ch = getc_unlocked(in);
		if (ch == EOF || ch == '\n')
			break;
		if (ch == '\0')
			nul = true;
		else if (n + 1 < cap)
			buf[n++] = (char)ch;
		else
			full = true;
	}
	buf[n] = '\0';
	*len = n;
	if (ch == EOF && ferror(in)) {
		*bad_read = true;
		l2s_errf(e, "read error: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	if (ch == EOF && n == 0 && !nul && !full)
		return 0;
	if (full) {
		l2s_errf(e, "line longer than %zu bytes", cap - 1);
		return -1;
	}
	if (nul) {
		l2s_errf(e, "NUL byte in line");
		return -1;
	}
	return 1;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int batch_split(char *line, char **argv, int max, struct l2s_err *e)
{
	char *r = line, *w = line;	/* read and write heads, w <= r */
	int argc = 0;

	for (;;) {
		char end;

		while (is_blank(*r))
			r++;
		if (*r == '\0' || *r == '#')
			break;
		if (argc >= max) {
			l2s_errf(e, "more than %d words on the line", max);
			return -1;
		}
		argv[argc++] = w;
		while (*r && !is_blank(*r)) {
			if (*r != '"') {
				*w++ = *r++;
				continue;
			}
			r++;
			while (*r && *r != '"')
				*w++ = *r++;
			if (*r != '"') {
				l2s_errf(e, "unterminated quote");
				return -1;
			}
			r++;
		}
		end = *r;
		*w++ = '\0';	/* may overwrite the blank at r: saved */
		if (end == '\0')
			break;
		r++;
	}
	argv[argc] = NULL;
	return argc;
}

/* The object of a command line, past any "--json". */
static const char *object_of(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--json") != 0)
			return argv[i];
	return "";
}

/* One line: 0 if it was blank, else the command's exit code. */
static int batch_line(struct cli *c, char *line, char **argv)
{
	int argc = batch_split(line, argv, BATCH_WORDS_MAX, &c->e);
	struct sigaction old_int, old_term;
	int rc;

	if (argc < 0)
		return EXIT_USAGE;
	if (argc == 0)
		return EXIT_OK;
	if (strcmp(object_of(argc, argv), "monitor") != 0)
		return cli_run(c, argc, argv);
	/* monitor catches SIGINT/SIGTERM to end; then they end the batch
	 * again. It joined the events group: later requests need a clean
	 * socket, without event messages in their replies. */
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	rc = cli_run(c, argc, argv);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	cli_disconnect(c);
	return rc;
}

int batch_run(struct cli *c, FILE *in, const char *name, bool force)
{
	char *argv[BATCH_WORDS_MAX + 1];
	const size_t cap = BATCH_LINE_MAX + 1;
	unsigned long lineno = 0;
	int first = EXIT_OK;
	char *line;

	line = malloc(cap);
	if (!line) {
		fprintf(c->err, "l2tpsec: out of memory\n");
		return EXIT_RUNTIME;
	}
	for (;;) {
		bool bad_read;
		size_t len;
		int r, rc;

		c->e.msg[0] = '\0';
		r = batch_read_line(in, line, cap, &len, &bad_read, &c->e);
		if (r == 0)
			break;
		if (r < 0 && bad_read) {
			fprintf(c->err, "l2tpsec: %s: %s\n", name, c->e.msg);
			if (first == EXIT_OK)
				first = EXIT_RUNTIME;
			break;
		}
		lineno++;
		rc = r < 0 ? EXIT_USAGE : batch_line(c, line, argv);
		explicit_bzero(line, len);	/* keys */
		if (rc == EXIT_OK)
			continue;
		fflush(c->out);		/* the error comes after the output */
		fprintf(c->err, "%s:%lu: l2tpsec: %s\n", name, lineno,
			c->e.msg[0] ? c->e.msg : "failed");
		fflush(c->err);
		if (first == EXIT_OK)
			first = rc;
		if (!force)
			break;
	}
	explicit_bzero(line, cap);
	free(line);
	if (fflush(c->out) != 0 && first == EXIT_OK) {
		fprintf(c->err, "l2tpsec: %s: write error: %s\n", name,
			strerror(errno));
		first = EXIT_RUNTIME;
	}
	return first;
}

int batch_file(struct cli *c, const char *path, bool force)
{
	bool std = strcmp(path, "-") == 0;
	FILE *in = std ? stdin : fopen(path, "re");
	char *iobuf;
	struct stat st;
	int rc;

	if (!in) {
		fprintf(c->err, "l2tpsec: cannot open batch file '%s': %s\n",
			path, strerror(errno));
		return EXIT_RUNTIME;
	}
	/*
	 * Commands from a pipe or a terminal: flush after each, a program
	 * driving "-batch -" waits for the reply. From a file: write in
	 * blocks (10,000 session adds are 10,000 lines).
	 */
	c->defer_flush = fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode);
	if (std)	/* the commands: "key -" cannot have it */
		c->stdin_taken = true;
	/*
	 * Our own stdio buffer for a named file, so that the keys it held
	 * can be wiped after fclose(). Standard input keeps libc's buffer:
	 * setvbuf() is only valid before the first I/O on a stream, and
	 * there would be no valid moment to take ours back.
	 */
	iobuf = std ? NULL : malloc(BATCH_IOBUF);
	if (iobuf && setvbuf(in, iobuf, _IOFBF, BATCH_IOBUF) != 0) {
		free(iobuf);
		iobuf = NULL;
	}
	rc = batch_run(c, in, path, force);
	c->defer_flush = false;
	if (!std)
		fclose(in);
	if (iobuf) {
		explicit_bzero(iobuf, BATCH_IOBUF);
		free(iobuf);
	}
	return rc;
}
