/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one unit-test harness of userspace/ (library, CLI, daemon): each
 * tests/LAYER/test_*.c file defines one suite table; tests/test_main.c
 * lists them (weak references, so a suite that does not exist yet is
 * simply skipped) and prints "ok N suite/test" lines and one closing
 * "N passed, N failed" line. Helpers for the CLI tests are in
 * tests/cli/cli_test.h.
 */
#ifndef L2TPSEC_TEST_H
#define L2TPSEC_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

#define CHECK_MEM(a, b, n) do {						\
	if (memcmp((a), (b), (n)) != 0) {				\
		t_checks_failed++;					\
		fprintf(stderr, "  %s:%d: %s == %s (%zu bytes) differ\n", \
			__FILE__, __LINE__, #a, #b, (size_t)(n));	\
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

#define T(fn) { #fn, fn }
#define T_END { NULL, NULL }

/* Directory that holds data/ (vectors, certificates): $TEST_DATA, or tests. */
const char *test_data_dir(void);
/* Read test_data_dir()/name into a malloc'd NUL-terminated buffer. */
char *test_read_file(const char *name, size_t *len);
/* Hex string (whitespace ignored) -> bytes; returns length or -1. */
long test_unhex(const char *hex, uint8_t *out, size_t cap);

#endif
