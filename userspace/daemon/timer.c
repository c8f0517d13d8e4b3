// SPDX-License-Identifier: GPL-2.0
/* A binary min-heap of timers (timer.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "timer.h"

void timer_heap_init(struct timer_heap *h)
{
	memset(h, 0, sizeof(*h));
}

void timer_heap_free(struct timer_heap *h)
{
	for (unsigned int i = 0; i < h->n; i++)
		h->v[i]->pos = 0;
	free(h->v);
	memset(h, 0, sizeof(*h));
}

int timer_heap_reserve(struct timer_heap *h, unsigned int n)
{
	unsigned int cap = h->cap ? h->cap : 16;
	struct timer **v;

	if (n <= h->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	v = realloc(h->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	h->v = v;
	h->cap = cap;
	return 0;
}

static bool less(struct timer_heap *h, unsigned int a, unsigned int b)
{
	h->cmps++;
	return h->v[a]->at < h->v[b]->at;
}

static void place(struct timer_heap *h, unsigned int i, struct timer *t)
{
	h->v[i] = t;
	t->pos = i + 1;
}

static void swap(struct timer_heap *h, unsigned int a, unsigned int b)
{
	struct timer *t = h->v[a];

	place(h, a, h->v[b]);
	place(h, b, t);
}

static void up(struct timer_heap *h, unsigned int i)
{
	while (i && less(h, i, (i - 1) / 2)) {
		swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void down(struct timer_heap *h, unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->n && less(h, l, m))
			m = l;
		if (r < h->n && less(h, r, m))
			m = r;
		if (m == i)
			return;
		swap(h, i, m);
		i = m;
	}
}

/**
 * timer_set() - queue a timer, or move it
 * @h: the heap (room reserved with timer_heap_reserve())
 * @t: the timer
 * @at: when it is due
 */
void timer_set(struct timer_heap *h, struct timer *t, uint64_t at)
{
	unsigned int i;

	if (!t->pos) {
		if (h->n >= h->cap && timer_heap_reserve(h, h->n + 1))
			abort();	/* callers reserve room: cannot happen */
		t->at = at;
		place(h, h->n++, t);
		up(h, h->n - 1);
		return;
	}
	i = t->pos - 1;
	if (at < t->at) {
		t->at = at;
		up(h, i);
	} else if (at > t->at) {
		t->at = at;
		down(h, i);
	}
}

/**
 * timer_cancel() - take a timer out of the heap
 * @h: the heap
 * @t: the timer (queued or not)
 */
void timer_cancel(struct timer_heap *h, struct timer *t)
{
	unsigned int i;

	if (!t->pos)
		return;
	i = t->pos - 1;
	t->pos = 0;
	if (i == --h->n)
		return;
	place(h, i, h->v[h->n]);
	if (i && less(h, i, (i - 1) / 2))
		up(h, i);
	else
		down(h, i);
}

struct timer *timer_first(const struct timer_heap *h)
{
	return h->n ? h->v[0] : NULL;
}

struct timer *timer_pop_due(struct timer_heap *h, uint64_t now)
{
	struct timer *t = timer_first(h);

	if (!t || t->at > now)
		return NULL;
	timer_cancel(h, t);
	return t;
}
