/* SPDX-License-Identifier: GPL-2.0 */
/* A growable array of equally sized items (the replies of a dump). */
#ifndef L2TPSEC_VEC_H
#define L2TPSEC_VEC_H

#include <stddef.h>

struct vec {
	void *items;
	size_t n, cap, size;
};

void vec_init(struct vec *v, size_t item_size);
void *vec_push(struct vec *v);		/* zeroed item or NULL */
void vec_free(struct vec *v);

#endif
