// SPDX-License-Identifier: GPL-2.0
/* The timer heap (daemon/timer.c): order, moves, removal from the middle. */
#include <stdlib.h>

#include "test.h"
#include "timer.h"

#define N 1000

static struct timer tm[N];

/* Every parent no later than its children, positions consistent. */
static bool heap_ok(const struct timer_heap *h)
{
	for (unsigned int i = 0; i < h->n; i++) {
		if (h->v[i]->pos != i + 1)
			return false;
		if (i && h->v[(i - 1) / 2]->at > h->v[i]->at)
			return false;
	}
	return true;
}

static uint64_t key(unsigned int i)
{
	return 1000 + (uint64_t)((i * 7919u) % N) * 3;	/* distinct, shuffled */
}

/* h with tm[0..N) queued at key(i) */
static void fill(struct timer_heap *h)
{
	timer_heap_init(h);
	memset(tm, 0, sizeof(tm));
	CHECK(!timer_heap_reserve(h, N));
	for (unsigned int i = 0; i < N; i++)
		timer_set(h, &tm[i], key(i));
	CHECK(heap_ok(h));
}

/* Pop everything, in order: how many, and the last key. */
static unsigned int drain(struct timer_heap *h, uint64_t *last)
{
	struct timer *t;
	unsigned int n = 0;

	*last = 0;
	while ((t = timer_pop_due(h, UINT64_MAX))) {
		CHECK(t->at >= *last);
		CHECK(!timer_queued(t));
		CHECK(heap_ok(h));
		*last = t->at;
		n++;
	}
	timer_heap_free(h);
	return n;
}

static void pops_in_order(void)
{
	struct timer_heap h;
	uint64_t last;

	fill(&h);
	CHECK(timer_pop_due(&h, 999) == NULL);
	CHECK_EQ(drain(&h, &last), N);
	CHECK_EQ(last, 1000 + (N - 1) * 3);	/* keys: a permutation */
}

static void cancel_and_move(void)
{
	struct timer_heap h;
	uint64_t last;

	fill(&h);
	/* out of the middle (and wherever else they are) */
	for (unsigned int i = 0; i < N; i += 3)
		timer_cancel(&h, &tm[i]);
	CHECK(heap_ok(&h));
	timer_cancel(&h, &tm[0]);	/* not queued: nothing */
	for (unsigned int i = 0; i < N; i += 3)
		CHECK(!timer_queued(&tm[i]));
	/* earlier and later */
	timer_set(&h, &tm[1], 5);
	timer_set(&h, &tm[2], 1000000);
	CHECK(heap_ok(&h));
	CHECK(timer_first(&h) == &tm[1]);
	CHECK_EQ(h.n, N - (N + 2) / 3);
	CHECK_EQ(drain(&h, &last), N - (N + 2) / 3);
	CHECK(last == 1000000);
}

const struct test_case daemon_timer_tests[] = {
	T(pops_in_order),
	T(cancel_and_move),
	T_END
};
