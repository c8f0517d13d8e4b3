/* SPDX-License-Identifier: GPL-2.0 */
/* Shared bits of the libFuzzer harnesses. */
#ifndef L2TPSEC_FUZZ_H
#define L2TPSEC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Output goes nowhere, but through the real stdio paths. */
static inline FILE *fuzz_null(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

/* Netlink data is 4-byte aligned when it comes from a socket: copy the
 * input into a heap buffer of exactly its size (so ASan sees overreads). */
static inline void *fuzz_copy(const uint8_t *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		abort();
	memcpy(p, data, size);
	return p;
}

#endif
