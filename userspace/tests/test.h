/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal unit test harness for the l2tpsec CLI. */
#ifndef L2TPSEC_TEST_H
#define L2TPSEC_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "cli.h"
#include "l2tpsec.h"

extern int t_checks_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		t_checks_failed++;					\
		fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",		\
			__FILE__, __LINE__, #cond);			\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		t_checks_failed++;					\
		fprintf(stderr, "  %s:%d: %s == %s: %llu != %llu\n",	\
			__FILE__, __LINE__, #a, #b, _a, _b);		\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (!_a || !_b || strcmp(_a, _b) != 0) {			\
		t_checks_failed++;					\
		fprintf(stderr, "  %s:%d: %s == %s:\n    got  \"%s\"\n    want \"%s\"\n", \
			__FILE__, __LINE__, #a, #b, _a ? _a : "(null)",	\
			_b ? _b : "(null)");				\
	}								\
} while (0)

/* s contains sub */
#define CHECK_HAS(s, sub) do {						\
	const char *_s = (s), *_sub = (sub);				\
	if (!_s || !strstr(_s, _sub)) {					\
		t_checks_failed++;					\
		fprintf(stderr, "  %s:%d: \"%s\" does not contain \"%s\"\n", \
			__FILE__, __LINE__, _s ? _s : "(null)", _sub);	\
	}								\
} while (0)

typedef void (*test_fn)(void);
struct test_case {
	const char *name;
	test_fn fn;
};

/* every test file provides its table */
#define TEST_SUITE(name) const struct test_case name[]
extern const struct test_case parse_tests[], json_tests[], cmd_tests[],
	reply_tests[], batch_tests[];
#define T(fn) { #fn, fn }
#define T_END { NULL, NULL }

/* --- helpers (test_main.c) --- */

/* Requests captured from a dry run. */
#define CAP_MAX 8
struct capture {
	int n;
	size_t len[CAP_MAX];
	_Alignas(4) unsigned char msg[CAP_MAX][8192 + 256];
};

struct run {
	int rc;
	char *out, *err;		/* malloc'd, NUL-terminated */
	struct capture cap;
};

/* Run the CLI in dry-run mode on a space-separated command line (without
 * the program name). Free with run_free(). */
void run_cli(struct run *r, const char *line);
void run_free(struct run *r);

/* Captured request i: its genl command and attributes (no validation). */
int cap_cmd(const struct run *r, int i);
typedef const struct nlattr *any_tb[L2TPSEC_A_MAX + 1];
int cap_attrs(const struct run *r, int i, any_tb tb);	/* count, -1 bad */
const struct nlmsghdr *cap_nlh(const struct run *r, int i);

/* Build fake kernel messages. */
struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd);

#endif
