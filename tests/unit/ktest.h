/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal unit test harness with KTAP output
 * (Documentation/dev-tools/ktap.rst): CHECK*() record failures of the
 * running case as "# file:line: ..." diagnostic lines, kt_run() runs a
 * table of cases and prints one "ok N name" / "not ok N name" line each,
 * then the "# <prog>: N passed, N failed" line that the Makefile adds up.
 * The output of one program is a KTAP subtest; the Makefile indents it
 * under its own top-level plan.
 */
#ifndef _L2TPSEC_KTEST_H
#define _L2TPSEC_KTEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int kt_cur_failed;
static int kt_cur_msgs;
static int kt_passed;
static int kt_failed;

#define KT_MAX_MSGS	20

#define KT_FAIL_MSG(...)						\
	do {								\
		kt_cur_failed = 1;					\
		if (kt_cur_msgs++ < KT_MAX_MSGS) {			\
			fprintf(stdout, "# %s:%d: ", __FILE__, __LINE__); \
			fprintf(stdout, __VA_ARGS__);			\
			fputc('\n', stdout);				\
		}							\
	} while (0)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			KT_FAIL_MSG("CHECK(%s) failed", #cond);		\
	} while (0)

/* compare as unsigned 64-bit values */
#define CHECK_EQ(a, b)							\
	do {								\
		uint64_t kt_a = (uint64_t)(a), kt_b = (uint64_t)(b);	\
		if (kt_a != kt_b)					\
			KT_FAIL_MSG("CHECK_EQ(%s, %s): 0x%" PRIx64	\
				    " != 0x%" PRIx64, #a, #b, kt_a, kt_b); \
	} while (0)

/* compare as signed values (return codes) */
#define CHECK_INT(a, b)							\
	do {								\
		long long kt_a = (long long)(a), kt_b = (long long)(b);	\
		if (kt_a != kt_b)					\
			KT_FAIL_MSG("CHECK_INT(%s, %s): %lld != %lld",	\
				    #a, #b, kt_a, kt_b);		\
	} while (0)

struct kt_case {
	const char *name;
	void (*fn)(void);
};

#define KT_CASE(fn)	{ #fn, fn }
#define KT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Run every case, print KTAP; exit status 1 if any failed. */
static inline int kt_run(const char *prog, const struct kt_case *c,
			 unsigned int n)
{
	unsigned int i;

	printf("KTAP version 1\n# Subtest: %s\n1..%u\n", prog, n);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		kt_cur_failed = 0;
		kt_cur_msgs = 0;
		c[i].fn();
		if (kt_cur_msgs > KT_MAX_MSGS)
			printf("# (%d more failed checks not shown)\n",
			       kt_cur_msgs - KT_MAX_MSGS);
		if (kt_cur_failed) {
			kt_failed++;
			printf("not ok %u %s\n", i + 1, c[i].name);
		} else {
			kt_passed++;
			printf("ok %u %s\n", i + 1, c[i].name);
		}
		fflush(stdout);
	}
	printf("# %s: %d passed, %d failed\n", prog, kt_passed, kt_failed);
	return kt_failed ? 1 : 0;
}

/* xorshift64*: deterministic for a seed */
static inline uint64_t kt_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* uniform-ish in [0, n) for n > 0 */
static inline uint64_t kt_below(uint64_t *s, uint64_t n)
{
	return kt_rand(s) % n;
}

/* a copy of @len bytes in a buffer of exactly @len bytes (ASan) */
static inline unsigned char *kt_dup(const void *p, size_t len)
{
	/* malloc(0) is a zero-sized block under ASan: any read is caught */
	unsigned char *b = malloc(len);

	if (!b && !len)
		b = malloc(1);
	if (!b) {
		perror("malloc");
		exit(2);
	}
	if (len)
		memcpy(b, p, len);
	return b;
}

#endif /* _L2TPSEC_KTEST_H */
