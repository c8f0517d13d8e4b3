/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timers of l2tpsecd (timer.c): a binary min-heap of timer entries. Each
 * object with deadlines (an IKE SA) embeds one struct timer keyed by its
 * earliest deadline and moves it when its deadlines change; ked_tick()
 * pops the due ones. Insert, move, remove and pop are O(log n), the next
 * deadline O(1).
 */
#ifndef L2TPSEC_DAEMON_TIMER_H
#define L2TPSEC_DAEMON_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct timer {
	uint64_t at;		/* monotonic ms */
	unsigned int pos;	/* 1 + index in the heap, 0 = not queued */
};

struct timer_heap {
	struct timer **v;
	unsigned int n, cap;
	uint64_t cmps;		/* key comparisons so far (tests) */
};

void timer_heap_init(struct timer_heap *h);
void timer_heap_free(struct timer_heap *h);
/* Room for n queued timers, so that timer_set() cannot fail. 0 or -ENOMEM. */
int timer_heap_reserve(struct timer_heap *h, unsigned int n);
/* Queue t at `at`, or move it there if queued (room reserved). */
void timer_set(struct timer_heap *h, struct timer *t, uint64_t at);
/* Take t out of the heap (nothing if not queued). */
void timer_cancel(struct timer_heap *h, struct timer *t);
/* The earliest timer, or NULL. */
struct timer *timer_first(const struct timer_heap *h);
/* Take out and return the earliest timer if it is due at now, else NULL. */
struct timer *timer_pop_due(struct timer_heap *h, uint64_t now);

static inline bool timer_queued(const struct timer *t)
{
	return t->pos != 0;
}

#define timer_entry(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
