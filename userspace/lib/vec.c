// SPDX-License-Identifier: GPL-2.0
/* A growable array (vec.h). */
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void vec_init(struct vec *v, size_t item_size)
{
	memset(v, 0, sizeof(*v));
	v->size = item_size;
}

void *vec_push(struct vec *v)
{
	void *p;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *items = reallocarray(v->items, cap, v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	p = (char *)v->items + v->n * v->size;
	memset(p, 0, v->size);
	v->n++;
	return p;
}

void vec_free(struct vec *v)
{
	free(v->items);
	memset(v, 0, sizeof(*v));
}
