/* SPDX-License-Identifier: GPL-2.0 */
/* Shared bits of the libFuzzer harnesses. */
#ifndef _L2TPSEC_FUZZ_COMMON_H
#define _L2TPSEC_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
				__FILE__, __LINE__, #c);		\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A heap copy of exactly @len bytes, so ASan sees any read past it. */
static inline unsigned char *fuzz_dup(const void *p, size_t len)
{
	unsigned char *b = malloc(len);

	if (!b && !len)
		b = malloc(1);
	if (!b)
		abort();
	if (len)
		memcpy(b, p, len);
	return b;
}

/* Consume bytes from the input, zeros once it runs out. */
struct fuzz_in {
	const unsigned char *p;
	size_t left;
};

static inline unsigned int fuzz_u8(struct fuzz_in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static inline unsigned long long fuzz_bytes(struct fuzz_in *in,
					    unsigned int n)
{
	unsigned long long v = 0;

	while (n--)
		v = v << 8 | fuzz_u8(in);
	return v;
}

#endif /* _L2TPSEC_FUZZ_COMMON_H */
