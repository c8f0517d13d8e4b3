// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec -batch": line reader, word splitter, runs in dry-run mode. */
#include <stdlib.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "batch.h"
#include "cli_test.h"

/* --- batch_split --- */

/* Split s; the words joined with '|' (or "ERR: message"). */
static void split_str(const char *s, int max, char *res, size_t n)
{
	char *line = strdup(s), *argv[BATCH_WORDS_MAX + 1];
	struct l2s_err e = { "" };
	int argc = batch_split(line, argv, max, &e);
	size_t off = 0;

	res[0] = '\0';
	if (argc < 0) {
		snprintf(res, n, "ERR: %s", e.msg);
	} else {
		for (int i = 0; i < argc; i++)
			off += (size_t)snprintf(res + off, n - off, "%s%s",
						i ? "|" : "", argv[i]);
		CHECK(argv[argc] == NULL);
	}
	free(line);
}

#define SPLIT(s, want) do {						\
	char _r[512];							\
	split_str(s, BATCH_WORDS_MAX, _r, sizeof(_r));			\
	CHECK_STR(_r, want);						\
} while (0)

static void t_split_words(void)
{
	SPLIT("", "");
	SPLIT("   \t ", "");
	SPLIT("sa show", "sa|show");
	SPLIT("  session\tadd  tunnel 1\t\tid 2 ", "session|add|tunnel|1|id|2");
	SPLIT("tunnel show\r", "tunnel|show");	/* CRLF files */
	SPLIT("a\rb", "a|b");
	SPLIT("x", "x");
}

static void t_split_comments(void)
{
	SPLIT("# a comment", "");
	SPLIT("#", "");
	SPLIT("   # indented comment", "");
	SPLIT("sa show # trailing comment", "sa|show");
	SPLIT("sa show #", "sa|show");
	/* '#' inside a word is part of it */
	SPLIT("session add name a#b", "session|add|name|a#b");
	SPLIT("a# b", "a#|b");
}

static void t_split_quotes(void)
{
	SPLIT("\"a b\"", "a b");
	SPLIT("name \"s 1\" x", "name|s 1|x");
	SPLIT("\"\"", "");
	SPLIT("a \"\" b", "a||b");
	SPLIT("x\"y z\"w next", "xy zw|next");
	SPLIT("\"#not a comment\" y", "#not a comment|y");
	SPLIT("\"a\"\"b\"", "ab");
	SPLIT("\"tab\there\"", "tab\there");
	SPLIT("\"", "ERR: unterminated quote");
	SPLIT("sa show \"abc", "ERR: unterminated quote");
	SPLIT("a\"b", "ERR: unterminated quote");
	/* a quote after a comment start is comment */
	SPLIT("a # \"", "a");
}

static void t_split_max(void)
{
	char r[512];

	split_str("a b c", 3, r, sizeof(r));
	CHECK_STR(r, "a|b|c");
	split_str("a b c # d", 3, r, sizeof(r));
	CHECK_STR(r, "a|b|c");
	split_str("a b c d", 3, r, sizeof(r));
	CHECK_STR(r, "ERR: more than 3 words on the line");
	split_str("a b c   ", 3, r, sizeof(r));
	CHECK_STR(r, "a|b|c");
}

/* --- batch_read_line --- */

static void t_read_lines(void)
{
	static const char text[] = "one\n\ntwo  \r\nthree";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct l2s_err e = { "" };
	char buf[16];
	bool bad;
	size_t len;

	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "one");
	CHECK_EQ(len, 3);
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "");
	CHECK_EQ(len, 0);
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "two  \r");
	/* the last line needs no newline */
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "three");
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 0);
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 0);
	CHECK(!bad);
	fclose(in);
}

static void t_read_long_and_nul(void)
{
	static const char text[] = "0123456789abcdefXYZ\nok\nnul\0byte\nlast\n";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct l2s_err e = { "" };
	char buf[16];
	bool bad;
	size_t len;

	/* 19 bytes do not fit in 15: dropped, up to the newline */
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), -1);
	CHECK_STR(e.msg, "line longer than 15 bytes");
	CHECK(!bad);
	CHECK_EQ(len, 15);
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "ok");
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), -1);
	CHECK_STR(e.msg, "NUL byte in line");
	CHECK(!bad);
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "last");
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 0);
	fclose(in);

	/* exactly cap - 1 bytes fit */
	in = fmemopen((void *)"0123456789abcde\n", 16, "r");
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), 1);
	CHECK_STR(buf, "0123456789abcde");
	fclose(in);
}

static void t_read_error(void)
{
	FILE *in = fopen("/", "r");	/* a directory: read fails (EISDIR) */
	struct l2s_err e = { "" };
	char buf[16];
	bool bad = false;
	size_t len;

	if (!in)
		return;
	CHECK_EQ(batch_read_line(in, buf, sizeof(buf), &len, &bad, &e), -1);
	CHECK(bad);
	CHECK_HAS(e.msg, "read error: ");
	fclose(in);
}

/* --- whole runs, dry run --- */

#define BCAP_MAX 64
struct bres {
	int rc;
	char *out, *err;
	int n;			/* requests */
	int cmd[BCAP_MAX];	/* their genl commands */
	uint32_t id[BCAP_MAX];	/* L2TPSEC_A_SESSION_ID or TUNNEL_ID, or 0 */
};

static void bcap(void *priv, const struct nlmsghdr *nlh)
{
	struct bres *r = priv;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (r->n >= BCAP_MAX) {
		t_checks_failed++;
		return;
	}
	r->cmd[r->n] = g->cmd;
	r->id[r->n] = 0;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		uint16_t t = mnl_attr_get_type(a);

		if (t == L2TPSEC_A_SESSION_ID ||
		    (t == L2TPSEC_A_TUNNEL_ID && !r->id[r->n]))
			r->id[r->n] = mnl_attr_get_u32(a);
	}
	r->n++;
}

static void bres_open(struct bres *r, struct cli *c, FILE **out, FILE **err)
{
	static size_t olen, elen;

	memset(r, 0, sizeof(*r));
	*out = open_memstream(&r->out, &olen);
	*err = open_memstream(&r->err, &elen);
	memset(c, 0, sizeof(*c));
	c->out = *out;
	c->err = *err;
	c->k.dry_run = true;
	c->k.capture = bcap;
	c->k.capture_priv = r;
}

/* batch_run() on text, named "in". */
static void run_batch(struct bres *r, const char *text, bool force)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *out, *err;
	struct cli c;

	bres_open(r, &c, &out, &err);
	r->rc = batch_run(&c, in, "in", force);
	fclose(in);
	fclose(out);
	fclose(err);
}

/* cli_main() on argv (NULL-terminated, program name first). */
static void run_main(struct bres *r, const char **argv)
{
	FILE *out, *err;
	struct cli c;
	int argc = 0;

	while (argv[argc])
		argc++;
	bres_open(r, &c, &out, &err);
	r->rc = cli_main(&c, argc, (char **)argv);
	fclose(out);
	fclose(err);
}

static void bres_free(struct bres *r)
{
	free(r->out);
	free(r->err);
}

static const char good[] =
	"# set up one tunnel and two sessions\n"
	"\n"
	"tunnel add id 1 peer-id 2 version 3 local 10.0.0.1 peer 10.0.0.2\n"
	"   session add tunnel 1 id 10 peer-id 20 name \"s10\"   # first\n"
	"\t\n"
	"session add tunnel 1 id 11 peer-id 21\r\n"
	"session del tunnel 1 id 10";

static void t_batch_ok(void)
{
	struct bres r;

	run_batch(&r, good, false);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_STR(r.err, "");
	CHECK_EQ(r.n, 4);
	CHECK_EQ(r.cmd[0], L2TPSEC_CMD_TUNNEL_NEW);
	CHECK_EQ(r.id[0], 1);
	CHECK_EQ(r.cmd[1], L2TPSEC_CMD_SESSION_NEW);
	CHECK_EQ(r.id[1], 10);
	CHECK_EQ(r.cmd[2], L2TPSEC_CMD_SESSION_NEW);
	CHECK_EQ(r.id[2], 11);
	CHECK_EQ(r.cmd[3], L2TPSEC_CMD_SESSION_DEL);
	CHECK_EQ(r.id[3], 10);
	bres_free(&r);

	/* nothing to do is fine */
	run_batch(&r, "", false);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_EQ(r.n, 0);
	bres_free(&r);
	run_batch(&r, "# only\n\n   # comments\n", false);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_EQ(r.n, 0);
	CHECK_STR(r.err, "");
	bres_free(&r);
}

static const char bad2[] =
	"session add tunnel 1 id 1 peer-id 1\n"
	"session add tunnel 1 id 2\n"			/* line 2: usage */
	"session add tunnel 1 id 3 peer-id 3\n"
	"frob\n"					/* line 4: usage */
	"session del tunnel 1 id 3\n";

static void t_batch_first_error(void)
{
	struct bres r;

	run_batch(&r, bad2, false);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "in:2: l2tpsec: session add: missing peer-id\n");
	CHECK_EQ(r.n, 1);		/* nothing after line 2 ran */
	CHECK_EQ(r.id[0], 1);
	bres_free(&r);

	run_batch(&r, "sa show\n\n\"sa\" \"show\" \"extra\n", false);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "in:3: l2tpsec: unterminated quote\n");
	CHECK_EQ(r.n, 1);
	bres_free(&r);
}

static void t_batch_force(void)
{
	struct bres r;

	run_batch(&r, bad2, true);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err,
		  "in:2: l2tpsec: session add: missing peer-id\n"
		  "in:4: l2tpsec: unknown object 'frob' (try 'l2tpsec help')\n");
	CHECK_EQ(r.n, 3);		/* every good line ran */
	CHECK_EQ(r.id[0], 1);
	CHECK_EQ(r.id[1], 3);
	CHECK_EQ(r.cmd[2], L2TPSEC_CMD_SESSION_DEL);
	bres_free(&r);

	/* -force with no failure: success */
	run_batch(&r, good, true);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_EQ(r.n, 4);
	bres_free(&r);
}

static void t_batch_bad_lines(void)
{
	char *text = malloc(BATCH_LINE_MAX + 64), *p = text;
	struct bres r;

	/* a line that is too long, then a good one: error on line 2 */
	p += sprintf(p, "sa show\n");
	memset(p, 'x', BATCH_LINE_MAX + 1);
	p += BATCH_LINE_MAX + 1;
	sprintf(p, "\nsa show\n");
	run_batch(&r, text, true);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "in:2: l2tpsec: line longer than 16384 bytes\n");
	CHECK_EQ(r.n, 2);
	bres_free(&r);
	free(text);

	/* too many words */
	text = malloc(BATCH_WORDS_MAX * 2 + 16);
	p = text;
	for (int i = 0; i <= BATCH_WORDS_MAX; i++)
		p += sprintf(p, "a ");
	run_batch(&r, text, false);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "in:1: l2tpsec: more than 128 words on the line\n");
	bres_free(&r);
	free(text);

	/* a line of options only, an option where the object goes */
	run_batch(&r, "--json\n-batch x\n", true);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err,
		  "in:1: l2tpsec: missing command (try 'l2tpsec help')\n"
		  "in:2: l2tpsec: unknown option '-batch' (try 'l2tpsec help')\n");
	bres_free(&r);
}

static void t_batch_json_per_line(void)
{
	const char *argv[] = { "l2tpsec", "--json", "-batch", NULL, NULL };
	struct bres r;
	char path[] = "/tmp/l2tpsec-test-batch-XXXXXX";
	int fd;

	/* --json on a line is for that line only */
	run_batch(&r, "sa show --json\nsa show\n--json tunnel show\nstats\n",
		  false);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_STR(r.out, "[]\n[]\n");
	CHECK_EQ(r.n, 4);
	bres_free(&r);

	/* before -batch: for every line; a regular file (output deferred) */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "sa show\ntunnel show\nhelp\n", 25) == 25);
	close(fd);
	argv[3] = path;
	run_main(&r, argv);
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK(strncmp(r.out, "[]\n[]\nusage: l2tpsec", 19) == 0);
	CHECK_STR(r.err, "");
	bres_free(&r);
	unlink(path);
}

static void t_main_options(void)
{
	const char *a1[] = { "l2tpsec", "-batch", NULL };
	const char *a2[] = { "l2tpsec", "-force", "sa", "show", NULL };
	const char *a3[] = { "l2tpsec", "-batch", "f", "sa", "show", NULL };
	const char *a4[] = { "l2tpsec", "-batch", "/nonexistent/x", NULL };
	const char *a5[] = { "l2tpsec", "--batch", "/nonexistent/x", "--force",
			     NULL };
	struct bres r;

	run_main(&r, a1);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "l2tpsec: -batch needs a file name ('-' for standard input)\n");
	bres_free(&r);
	run_main(&r, a2);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "l2tpsec: -force is only for -batch\n");
	CHECK_EQ(r.n, 0);
	bres_free(&r);
	run_main(&r, a3);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "l2tpsec: -batch: unexpected 'sa' (the commands come from the file)\n");
	bres_free(&r);
	run_main(&r, a4);
	CHECK_EQ(r.rc, EXIT_RUNTIME);
	CHECK_STR(r.err, "l2tpsec: cannot open batch file '/nonexistent/x': No such file or directory\n");
	bres_free(&r);
	run_main(&r, a5);
	CHECK_EQ(r.rc, EXIT_RUNTIME);
	CHECK_HAS(r.err, "cannot open batch file");
	bres_free(&r);
}

/* SA lines: keys parse as on the command line and are never echoed. */
static void t_batch_sa_lines(void)
{
	struct bres r;

#define SA_L "local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key "
#define K20 "000102030405060708090a0b0c0d0e0f10111213"
	run_batch(&r,
		  "sa add spi 0x1001 dir out " SA_L K20 "\n"
		  "sa add spi 0x1002 dir in " SA_L K20 " encap udp\n"
		  "sa add spi 0x1003 dir out " SA_L "0001\n",
		  false);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_EQ(r.n, 3);	/* add; encap add + add; nothing */
	CHECK_EQ(r.cmd[1], L2TPSEC_CMD_ENCAP_NEW);
	CHECK_EQ(r.cmd[0], L2TPSEC_CMD_SA_NEW);
	CHECK_EQ(r.cmd[2], L2TPSEC_CMD_SA_NEW);
	CHECK_HAS(r.err, "in:3: l2tpsec: ");
	CHECK(!strstr(r.err, "0001"));	/* keys are never echoed */
	bres_free(&r);
}

const struct test_case batch_tests[] = {
	T(t_split_words),
	T(t_split_comments),
	T(t_split_quotes),
	T(t_split_max),
	T(t_read_lines),
	T(t_read_long_and_nul),
	T(t_read_error),
	T(t_batch_ok),
	T(t_batch_first_error),
	T(t_batch_force),
	T(t_batch_bad_lines),
	T(t_batch_json_per_line),
	T(t_main_options),
	T(t_batch_sa_lines),
	T_END
};
