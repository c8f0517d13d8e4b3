// SPDX-License-Identifier: GPL-2.0
/*
 * auth/users.c: a valid file (quoting, comments, CRLF, static addresses),
 * every error with its FILE:LINE, lookups, every truncation of a valid
 * file (heap buffer of exact size), loading from disk.
 */
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "users.h"

static const char good[] =
	"# l2tpsecd users\n"
	"\n"
	"user alice password \"s3cret\"\n"
	"user bob nthash 44EBBA8D5312B8D611474411F56989AE address 10.8.0.50   # bob's laptop\n"
	"\tuser \"carol smith\" password \"with \\\"quotes\\\" and \\\\ # not a comment\"\r\n"
	"user dave password \"p\xc3\xa4ss\" address 10.8.0.51\n"
	"user CORP\\\\eve nthash 31d6cfe0d16ae931b73c59d7e0c089c0";

static void test_users_good(void)
{
	struct auth_users *u = NULL;
	const struct auth_user *x;
	char err[256] = "";

	CHECK_EQ(auth_users_parse(good, strlen(good), "users", &u, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	if (!u)
		return;
	CHECK_EQ(u->n, 5);
	x = auth_users_find(u, "alice", 5);
	CHECK(x && x->password && !strcmp(x->password, "s3cret") && x->password_len == 6);
	CHECK(x && !x->has_nthash && !x->addr && x->line == 3);
	x = auth_users_find(u, "bob", 3);
	CHECK(x && !x->password && x->has_nthash && x->nthash[0] == 0x44 && x->nthash[15] == 0xae);
	CHECK(x && x->addr == (10u << 24 | 8u << 16 | 50));
	x = auth_users_find(u, "carol smith", 11);
	CHECK(x && x->password && !strcmp(x->password, "with \"quotes\" and \\ # not a comment"));
	x = auth_users_find(u, "dave", 4);
	CHECK(x && x->password_len == 5 && x->addr == (10u << 24 | 8u << 16 | 51));
	x = auth_users_find(u, "CORP\\\\eve", 9);
	CHECK(x && x->has_nthash && x->nthash[0] == 0x31);
	CHECK(!auth_users_find(u, "Alice", 5));
	CHECK(!auth_users_find(u, "alic", 4));
	CHECK(!auth_users_find(u, "alice ", 6));
	auth_users_free(u);
	auth_users_free(NULL);
	/* Empty and comment-only files are valid and empty. */
	CHECK_EQ(auth_users_parse("", 0, "e", &u, err, sizeof(err)), 0);
	CHECK(u && u->n == 0);
	auth_users_free(u);
	CHECK_EQ(auth_users_parse("# x\n\n  \t\n", 9, "e", &u, err, sizeof(err)), 0);
	auth_users_free(u);
}

static void test_users_errors(void)
{
	static const struct { const char *text; const char *err; } c[] = {
		/* Not 'user': a chap-secrets line, whose fourth word is an address. */
		{ "usr a password \"x\"", "f:1: bad address 'x'" },
		{ "\"user\" a password \"x\"", "f:1: bad address 'x'" },
		{ "user a", "f:1: expected: user NAME" },
		{ "user a password \"x\" address", "f:1: expected: user NAME" },
		{ "user a password x", "f:1: the password must be a quoted string" },
		{ "user a password \"\"", "f:1: password must be 1..256 bytes" },
		{ "user a secret \"x\"", "f:1: expected 'password' or 'nthash'" },
		{ "user a nthash 00", "f:1: nthash must be 32 hex digits" },
		{ "user a nthash 44EBBA8D5312B8D611474411F56989AG", "f:1: nthash must be 32 hex digits" },
		{ "\nuser a password \"x\" adress 1.2.3.4", "f:2: expected 'address'" },
		{ "user a password \"x\" address 1.2.3", "f:1: bad address '1.2.3'" },
		{ "user a password \"x\" address 0.0.0.0", "f:1: bad address" },
		{ "user a password \"x\" address 255.255.255.255", "f:1: bad address" },
		{ "user a password \"x\"\nuser a password \"y\"", "f:2: user 'a' defined twice" },
		{ "user a password \"x\" address 1.2.3.4\nuser b password \"y\" address 1.2.3.4",
		  "f:2: address 1.2.3.4 already belongs to user 'a' (line 1)" },
		{ "user a password \"x", "f:1: unterminated quoted string" },
		{ "user a password \"x\\n\"", "f:1: bad escape" },
		{ "user a password \"x\"y", "f:1: garbage after quoted string" },
		{ "user a\x01 password \"x\"", "f:1: unexpected character" },
		{ "user a password \"x\ty\"", "f:1: control character" },
		{ "user a pass\"word \"x\"", "f:1: unexpected character" },
		{ "user \"\" password \"x\"", "f:1: user name must be 1..255 bytes" },
		{ "user a password \"x\" address 1.2.3.4 extra", "f:1: too many words" },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct auth_users *u = (struct auth_users *)1;

		err[0] = '\0';
		CHECK_EQ(auth_users_parse(c[i].text, strlen(c[i].text), "f", &u, err, sizeof(err)), -1);
		CHECK(u == NULL);
		if (strncmp(err, c[i].err, strlen(c[i].err)))
			fprintf(stderr, "  case %zu: got \"%s\"\n", i, err);
		CHECK(!strncmp(err, c[i].err, strlen(c[i].err)));
	}
	/* A NUL byte; a word of 300 bytes; a password of 257. */
	{
		struct auth_users *u;
		char big[400];

		CHECK_EQ(auth_users_parse("user a\0 password \"x\"", 20, "f", &u, err, sizeof(err)), -1);
		CHECK_STR(err, "f:1: NUL byte");
		memset(big, 'n', sizeof(big));
		memcpy(big, "user ", 5);
		CHECK_EQ(auth_users_parse(big, 305, "f", &u, err, sizeof(err)), -1);
		CHECK_STR(err, "f:1: word too long");
		memcpy(big, "user a password \"", 17);
		memset(big + 17, 'p', 257);
		big[17 + 257] = '"';
		CHECK_EQ(auth_users_parse(big, 17 + 258, "f", &u, err, sizeof(err)), -1);
		CHECK_STR(err, "f:1: password must be 1..256 bytes");
		big[17 + 256] = '"';
		CHECK_EQ(auth_users_parse(big, 17 + 257, "f", &u, err, sizeof(err)), 0);
		auth_users_free(u);
		/* 256-byte names are too long, 255 fine. */
		memset(big, 'n', sizeof(big));
		memcpy(big, "user ", 5);
		memcpy(big + 5 + 255, " password \"x\"", 13);
		CHECK_EQ(auth_users_parse(big, 5 + 255 + 13, "f", &u, err, sizeof(err)), 0);
		auth_users_free(u);
		memset(big, 'n', sizeof(big));
		memcpy(big, "user ", 5);
		memcpy(big + 5 + 256, " password \"x\"", 13);
		CHECK_EQ(auth_users_parse(big, 5 + 256 + 13, "f", &u, err, sizeof(err)), -1);
		CHECK_STR(err, "f:1: user name must be 1..255 bytes");
		/* No error buffer at all. */
		CHECK_EQ(auth_users_parse("x", 1, "f", &u, NULL, 0), -1);
	}
}

/* pppd's chap-secrets, mixed with the l2tpsec syntax. */
static const char chap[] =
	"# Secrets for authentication using CHAP\n"
	"# client\tserver\tsecret\t\t\tIP addresses\n"
	"alice\t*\t\"s3cret\"\t\t*\n"
	"bob l2tpd pa#ss#word - # the server word is not checked; # inside a word is not a comment\n"
	"\"carol smith\" * \"with space\" 10.8.0.60\r\n"
	"dave * plain\n"
	"user erin password \"e\" address 10.8.0.61\n"
	"\"user\" * \"quoted-user is a client\"\n"
	"CORP\\\\frank * \"f\" 10.8.0.62 #static\n";

static void test_users_chap_secrets(void)
{
	struct auth_users *u = NULL;
	const struct auth_user *x;
	char err[256] = "";

	CHECK_EQ(auth_users_parse(chap, strlen(chap), "chap-secrets", &u, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	if (!u)
		return;
	CHECK_EQ(u->n, 7);
	x = auth_users_find(u, "alice", 5);
	CHECK(x && x->password && !strcmp(x->password, "s3cret") && !x->addr && x->line == 3);
	x = auth_users_find(u, "bob", 3);
	CHECK(x && x->password && !strcmp(x->password, "pa#ss#word") && !x->addr);
	x = auth_users_find(u, "carol smith", 11);
	CHECK(x && x->password && !strcmp(x->password, "with space"));
	CHECK(x && x->addr == (10u << 24 | 8u << 16 | 60));
	x = auth_users_find(u, "dave", 4);
	CHECK(x && x->password_len == 5 && !strcmp(x->password, "plain") && !x->has_nthash);
	x = auth_users_find(u, "erin", 4);
	CHECK(x && x->addr == (10u << 24 | 8u << 16 | 61));
	x = auth_users_find(u, "user", 4);
	CHECK(x && !strcmp(x->password, "quoted-user is a client"));
	x = auth_users_find(u, "CORP\\frank", 10);
	CHECK(x && x->addr == (10u << 24 | 8u << 16 | 62));
	CHECK(!auth_users_find(u, "*", 1));
	auth_users_free(u);
}

static void test_users_chap_errors(void)
{
	static const struct { const char *text; const char *err; } c[] = {
		{ "alice *", "f:1: expected: CLIENT SERVER SECRET" },
		{ "alice", "f:1: expected: CLIENT SERVER SECRET" },
		{ "alice * s 10.0.0.1 10.0.0.2", "f:1: one address at most" },
		{ "alice * s 10.0.0.0/24", "f:1: bad address '10.0.0.0/24'" },
		{ "alice * s !10.0.0.1", "f:1: bad address '!10.0.0.1'" },
		{ "* * s", "f:1: a client wildcard '*' is not supported" },
		{ "alice * @/etc/secret", "f:1: secrets read from files" },
		{ "alice * \"\"", "f:1: password must be 1..256 bytes" },
		{ "alice * a\nalice srv b", "f:2: user 'alice' defined twice" },
		{ "user alice password \"x\"\nalice * y", "f:2: user 'alice' defined twice" },
		{ "a * x 1.2.3.4\nb * y 1.2.3.4", "f:2: address 1.2.3.4 already belongs to user 'a'" },
		{ "a * x 1.2.3.4\nuser b password \"y\" address 1.2.3.4",
		  "f:2: address 1.2.3.4 already belongs to user 'a'" },
		{ "a * \"x", "f:1: unterminated quoted string" },
		{ "a b c d e f g h i", "f:1: too many words" },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct auth_users *u = (struct auth_users *)1;

		err[0] = '\0';
		CHECK_EQ(auth_users_parse(c[i].text, strlen(c[i].text), "f", &u, err, sizeof(err)), -1);
		CHECK(u == NULL);
		if (strncmp(err, c[i].err, strlen(c[i].err)))
			fprintf(stderr, "  case %zu: got \"%s\"\n", i, err);
		CHECK(!strncmp(err, c[i].err, strlen(c[i].err)));
	}
}

/* The valid file cut at every length: parsed, or an error naming a line. */
static void test_users_truncations(void)
{
	for (int f = 0; f < 2; f++) {
		const char *text = f ? chap : good;
		size_t n = strlen(text);

		for (size_t cut = 0; cut <= n; cut++) {
			char *b = malloc(cut ? cut : 1);
			struct auth_users *u = NULL;
			char err[256] = "";
			int rc;

			memcpy(b, text, cut);
			rc = auth_users_parse(b, cut, "t", &u, err, sizeof(err));
			if (rc) {
				CHECK(u == NULL);
				CHECK(!strncmp(err, "t:", 2));
			} else {
				CHECK(u != NULL);
			}
			auth_users_free(u);
			free(b);
		}
	}
}

static void test_users_load(void)
{
	char path[] = "/tmp/l2tpsec-users-XXXXXX";
	struct auth_users *u = NULL;
	char err[512];
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ(write(fd, good, strlen(good)), (ssize_t)strlen(good));
	close(fd);
	CHECK_EQ(auth_users_load(path, &u, err, sizeof(err)), 0);
	CHECK(u && u->n == 5);
	auth_users_free(u);
	unlink(path);
	CHECK_EQ(auth_users_load(path, &u, err, sizeof(err)), -1);
	CHECK_HAS(err, "No such file");
	CHECK(!strncmp(err, path, strlen(path)));
	CHECK_EQ(auth_users_load("/tmp", &u, err, sizeof(err)), -1);
	CHECK_HAS(err, "not a regular file");
}

const struct test_case auth_users_tests[] = {
	T(test_users_good),
	T(test_users_errors),
	T(test_users_chap_secrets),
	T(test_users_chap_errors),
	T(test_users_truncations),
	T(test_users_load),
	T_END,
};
