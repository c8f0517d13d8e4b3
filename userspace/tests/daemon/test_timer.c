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

static void pops_in_order(void)
{
	struct timer_heap h;
	struct timer *t;
	uint64_t last = 0;
	unsigned int n = 0;

	timer_heap_init(&h);
	memset(tm, 0, sizeof(tm));
	CHECK(!timer_heap_reserve(&h, N));
	for (unsigned int i = 0; i < N; i++)
		timer_set(&h, &tm[i], key(i));
	CHECK(heap_ok(&h));
	CHECK(timer_pop_due(&h, 999) == NULL);
	while ((t = timer_pop_due(&h, UINT64_MAX))) {
		CHECK(t->at >= last);
		CHECK(!timer_queued(t));
		last = t->at;
		n++;
	}
	CHECK_EQ(n, N);
	timer_heap_free(&h);
}

static void cancel_and_move(void)
{
	struct timer_heap h;
	struct timer *t;
	uint64_t last = 0;
	unsigned int n = 0;

	timer_heap_init(&h);
	memset(tm, 0, sizeof(tm));
	CHECK(!timer_heap_reserve(&h, N));
	for (unsigned int i = 0; i < N; i++)
		timer_set(&h, &tm[i], key(i));
	/* out of the middle (and wherever else they are) */
	for (unsigned int i = 0; i < N; i += 3)
		timer_cancel(&h, &tm[i]);
	CHECK(heap_ok(&h));
	timer_cancel(&h, &tm[0]);	/* not queued: nothing */
	/* earlier and later */
	timer_set(&h, &tm[1], 5);
	timer_set(&h, &tm[2], 1000000);
	CHECK(heap_ok(&h));
	CHECK(timer_first(&h) == &tm[1]);
	CHECK_EQ(h.n, N - (N + 2) / 3);
	while ((t = timer_pop_due(&h, UINT64_MAX))) {
		unsigned int i = (unsigned int)(t - tm);

		CHECK(i % 3 != 0);
		CHECK(t->at >= last);
		last = t->at;
		n++;
		CHECK(heap_ok(&h));
	}
	CHECK_EQ(n, N - (N + 2) / 3);
	CHECK(last == 1000000);
	timer_heap_free(&h);
}

const struct test_case daemon_timer_tests[] = {
	T(pops_in_order),
	T(cancel_and_move),
	T_END
};
