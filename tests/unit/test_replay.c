// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel/replay.c: the anti-replay window (RFC 4303
 * section 3.4.3) and the inference of the high 32 bits of extended
 * sequence numbers (RFC 4303 section 2.2.1 and appendix A2.1). Window
 * sizes 0 (check off), 1, 32 (the RFC's minimum), 64 (its default),
 * 128, 4096 and 16384 (L2TPSEC_REPLAY_WINDOW_MAX), plus odd ones in the
 * differential test against a reference model.
 *
 * The data path (kernel/esp.c) runs l2tpsec_replay_check() before the
 * ICV and l2tpsec_replay_update() only after it succeeded (RFC 4303
 * 3.4.3: "the receiver SHOULD update the window only if the integrity
 * verification succeeds"); rx() below does the same for an authentic
 * packet.
 */
#include "replay.h"
#include "ktest.h"

static const u32 sizes[] = { 0, 1, 32, 64, 128, 4096, 16384 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

#define HI(x)	((u64)(x) << 32)

struct win {
	struct l2tpsec_replay r;
	u64 *bm;
};

static void win_init(struct win *w, u32 size, u64 top)
{
	u32 n = l2tpsec_replay_words(size);

	/* exactly the words asked for, dirty: init must reset them */
	w->bm = malloc(n * sizeof(u64));
	if (!w->bm) {
		perror("malloc");
		exit(2);
	}
	memset(w->bm, 0xa5, n * sizeof(u64));
	l2tpsec_replay_init(&w->r, size, w->bm, top);
}

static void win_free(struct win *w)
{
	free(w->bm);
	w->bm = NULL;
}

/* the data path: check, (authenticate), update; 0 = accepted */
static int rx(struct win *w, u32 lo, bool esn)
{
	u64 s;

	if (l2tpsec_replay_check(&w->r, lo, esn, &s))
		return -1;
	return l2tpsec_replay_update(&w->r, s);
}

static int rx64(struct win *w, u64 seq)
{
	u64 s;

	if (l2tpsec_replay_check(&w->r, (u32)seq, true, &s))
		return -1;
	if (s != seq)
		return -2;	/* inferred another number */
	return l2tpsec_replay_update(&w->r, s);
}

static int chk(struct win *w, u32 lo, bool esn, u64 *s)
{
	u64 dummy;

	return l2tpsec_replay_check(&w->r, lo, esn, s ? s : &dummy);
}

/* The ring covers the window plus one word, rounded to a power of two. */
static void test_words(void)
{
	u32 s;

	CHECK_EQ(l2tpsec_replay_words(0), 1);
	CHECK_EQ(l2tpsec_replay_words(1), 2);
	CHECK_EQ(l2tpsec_replay_words(32), 2);
	CHECK_EQ(l2tpsec_replay_words(64), 2);
	CHECK_EQ(l2tpsec_replay_words(65), 4);
	CHECK_EQ(l2tpsec_replay_words(128), 4);
	CHECK_EQ(l2tpsec_replay_words(192), 4);
	CHECK_EQ(l2tpsec_replay_words(193), 8);
	CHECK_EQ(l2tpsec_replay_words(4096), 128);
	CHECK_EQ(l2tpsec_replay_words(8128), 128);
	CHECK_EQ(l2tpsec_replay_words(16384), 512);
	CHECK_EQ(l2tpsec_replay_words(U32_MAX), 1u << 27);
	for (s = 0; s <= 70000; s++) {
		u32 w = l2tpsec_replay_words(s);

		CHECK(w && !(w & (w - 1)));
		CHECK((u64)w * 64 >= (u64)s + 64);
		if (w > 1)
			CHECK((u64)w / 2 * 64 < (u64)s + 64);
	}
}

/* RFC 4303 3.4.3: in-order arrival, every number once; a duplicate of
 * the top is refused (unless the check is off, size 0). */
static void test_in_order(void)
{
	unsigned int i;
	u32 s;

	for (i = 0; i < NSIZES; i++) {
		struct win w;

		win_init(&w, sizes[i], 0);
		for (s = 1; s <= 20000; s++) {
			CHECK_INT(rx(&w, s, false), 0);
			if (sizes[i])
				CHECK_INT(rx(&w, s, false), -1);
			else
				CHECK_INT(rx(&w, s, false), 0);
		}
		CHECK_EQ(w.r.top, 20000);
		win_free(&w);

		win_init(&w, sizes[i], 0);
		for (s = 1; s <= 3000; s++)
			CHECK_INT(rx(&w, s, true), 0);
		CHECK_EQ(w.r.top, 3000);
		win_free(&w);
	}
}

/* RFC 4303 2.2 / 3.3.3: sequence number 0 is never sent (the first
 * packet carries 1), so a (full 64-bit) 0 is refused. */
static void test_zero(void)
{
	unsigned int i;
	u64 s;

	for (i = 0; i < NSIZES; i++) {
		struct win w;

		win_init(&w, sizes[i], 0);
		CHECK_INT(chk(&w, 0, false, &s), -1);
		CHECK_INT(chk(&w, 0, true, &s), -1);
		CHECK_EQ(s, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, 0), -1);
		CHECK_EQ(w.r.top, 0);
		win_free(&w);

		/* low half 0 is fine once the high half is not */
		win_init(&w, sizes[i], 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(1) - 3), 0);
		CHECK_INT(chk(&w, 0, true, &s), 0);
		CHECK_EQ(s, HI(1));
		CHECK_INT(l2tpsec_replay_update(&w.r, s), 0);
		if (sizes[i])
			CHECK_INT(chk(&w, 0, true, &s), -1);
		/* without ESN, 0 stays 0 */
		CHECK_INT(chk(&w, 0, false, &s), -1);
		win_free(&w);
	}
}

/* RFC 4303 3.4.3: any order inside the window is accepted once. */
static void test_reorder(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		struct win w;
		u32 s;

		if (size < 32)
			continue;
		win_init(&w, size, 0);
		/* evens first, then the odds in reverse, within the window */
		for (s = 2; s <= size; s += 2)
			CHECK_INT(rx(&w, s, false), 0);
		for (s = size - 1; s >= 1 && s < size; s -= 2)
			CHECK_INT(rx(&w, s, false), 0);
		for (s = 1; s <= size; s++)
			CHECK_INT(rx(&w, s, false), -1);
		/* one new number, then the whole window again */
		CHECK_INT(rx(&w, size + 1, false), 0);
		CHECK_INT(rx(&w, 1, false), -1);	/* now too old */
		for (s = 2; s <= size + 1; s++)
			CHECK_INT(rx(&w, s, false), -1);
		win_free(&w);
	}
}

/* RFC 4303 3.4.3: "duplicates are rejected". */
static void test_duplicate(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		struct win w;

		win_init(&w, sizes[i], 0);
		CHECK_INT(rx(&w, 100, false), 0);
		CHECK_INT(rx(&w, 100, false), sizes[i] ? -1 : 0);
		CHECK_INT(rx(&w, 101, false), 0);
		CHECK_INT(rx(&w, 100, false), sizes[i] ? -1 : 0);
		if (sizes[i] >= 2) {
			CHECK_INT(rx(&w, 99, false), 0);
			CHECK_INT(rx(&w, 99, false), -1);
		}
		win_free(&w);
	}
}

/*
 * @x is out of the window: without ESN the check refuses it; with ESN the
 * check infers the next 2^32 span for it (RFC 4303 A2.1, the ICV then
 * fails), and an update with the real number refuses it.
 */
static void expect_old(struct win *w, u64 x, bool esn)
{
	u64 s;
	int c = chk(w, (u32)x, esn, &s);

	if (!esn)
		CHECK_INT(c, -1);
	else
		CHECK(c == -1 || s != x);
	CHECK_INT(l2tpsec_replay_update(&w->r, x), -1);
}

/* RFC 4303 3.4.3: the window is (top - size, top]: size - 1 behind the
 * top is the left edge, size behind is "to the left of the window". */
static void test_window_edges(void)
{
	static const u64 tops[] = { 100000, 100000 + 63, 100000 + 64,
				    HI(7) + 5, HI(7) + 20000, 0xfffffff0 };
	unsigned int i, t;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];

		for (t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
			u64 top = tops[t];
			bool esn = top > U32_MAX;
			struct win w;
			u64 s;

			win_init(&w, size, 0);
			CHECK_INT(l2tpsec_replay_update(&w.r, top), 0);
			if (!size) {
				CHECK_INT(chk(&w, (u32)(top - 1000), esn, NULL), 0);
				CHECK_INT(chk(&w, (u32)top, esn, NULL), 0);
				win_free(&w);
				continue;
			}
			/* top itself was seen */
			CHECK_INT(chk(&w, (u32)top, esn, &s), -1);
			CHECK_EQ(s, top);
			/* size - 1 behind: inside, size behind: outside */
			if (size > 1) {
				CHECK_INT(chk(&w, (u32)(top - (size - 1)), esn, &s), 0);
				CHECK_EQ(s, top - (size - 1));
				CHECK_INT(l2tpsec_replay_update(&w.r, s), 0);
			}
			expect_old(&w, top - size, esn);
			if (esn) {
				/* what the check made of it: the next span */
				CHECK_INT(chk(&w, (u32)(top - size), esn, &s), 0);
				CHECK_EQ(s, top - size + HI(1));
			}
			CHECK_INT(rx64(&w, top - (size - 1)), -1);
			/* moving top by one pushes the oldest out */
			CHECK_INT(rx64(&w, top + 1), 0);
			if (size > 1) {
				CHECK_INT(chk(&w, (u32)(top - (size - 2)), esn, &s), 0);
				CHECK_EQ(s, top - (size - 2));
				expect_old(&w, top - (size - 1), esn);
			}
			win_free(&w);
		}
	}
}

/*
 * Receive 1..n, jump by d, then compare every number of the new window
 * with what it must be: seen up to n, new between n and the new top.
 */
static void test_jump_matrix(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		u64 ring = (u64)l2tpsec_replay_words(size) * 64;
		const u64 ds[] = { 1, 2, 63, 64, 65, size / 2 + 1, size - 1,
				   size, size + 1, ring - 65, ring - 64,
				   ring - 63, ring - 1, ring, ring + 1,
				   2 * ring + 7 };
		const u64 ns[] = { 1, 5, 64, 100, size, ring - 1, ring + 3 };
		unsigned int a, b;

		if (!size)
			continue;
		for (a = 0; a < sizeof(ns) / sizeof(ns[0]); a++) {
			for (b = 0; b < sizeof(ds) / sizeof(ds[0]); b++) {
				u64 n = ns[a], d = ds[b], top, x, lo;
				struct win w;

				if (!n || !d || d > 1u << 20)
					continue;
				win_init(&w, size, 0);
				for (x = 1; x <= n; x++)
					CHECK_INT(rx(&w, (u32)x, false), 0);
				top = n + d;
				CHECK_INT(rx(&w, (u32)top, false), 0);
				lo = top > size ? top - size : 0;
				for (x = top + 64; x > lo; x--)
					CHECK_INT(chk(&w, (u32)x, false, NULL),
						  x <= n || x == top ? -1 : 0);
				for (x = lo; x > 0 && x + 200 > lo; x--)
					CHECK_INT(chk(&w, (u32)x, false, NULL), -1);
				win_free(&w);
			}
		}
	}
}

/* An SA installed with a known highest number (rekey/migration): all at
 * or below it count as seen. */
static void test_init_top(void)
{
	static const u64 tops[] = { 1, 63, 64, 1000, 1023, 1024, HI(3) + 2 };
	unsigned int i, t;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];

		for (t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
			u64 top = tops[t];
			struct win w;
			u64 x, lo;

			win_init(&w, size, top);
			CHECK_EQ(w.r.top, top);
			CHECK_EQ(w.r.size, size);
			CHECK_EQ(w.r.words, l2tpsec_replay_words(size));
			lo = top > size ? top - size : 0;
			/* everything at or below the configured top: seen */
			for (x = top; x > lo && x + 200 > top; x--)
				CHECK_INT(chk(&w, (u32)x, true, NULL),
					  size ? -1 : 0);
			/* above it: new */
			for (x = top + 1; x < top + 200; x++)
				CHECK_INT(chk(&w, (u32)x, true, NULL), 0);
			/* and it stays so while the window moves */
			CHECK_INT(rx64(&w, top + 30), 0);
			if (size > 30)
				CHECK_INT(chk(&w, (u32)top, true, NULL), -1);
			else if (size)
				expect_old(&w, top, true);
			else
				CHECK_INT(chk(&w, (u32)top, true, NULL), 0);
			if (size >= 32)
				for (x = top + 1; x < top + 30; x++)
					CHECK_INT(rx64(&w, x), 0);
			win_free(&w);
		}
	}
}

/* RFC 4303 3.4.3: a number right of the window slides it; a jump by more
 * than the window empties it. */
static void test_big_jumps(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		u32 words = l2tpsec_replay_words(size);
		struct win w;
		u64 x, base;

		/* fill a whole ring, then jump around its size */
		static const u64 jumps[] = { 1, 63, 64, 65, 127, 128 };
		unsigned int j;

		for (j = 0; j < sizeof(jumps) / sizeof(jumps[0]); j++) {
			u64 ring = (u64)words * 64;
			u64 jump = ring - 64 + jumps[j];

			win_init(&w, size, 0);
			for (x = 1; x <= ring; x++)
				CHECK_INT(rx(&w, (u32)x, false), 0);
			CHECK_INT(rx(&w, (u32)(ring + jump), false), 0);
			/* the new window is empty below the new top */
			for (x = ring + jump - 1; x > ring + jump - size && x > ring; x--)
				CHECK_INT(chk(&w, (u32)x, false, NULL), 0);
			/* old numbers are too old or still seen */
			for (x = 1; x <= ring; x++)
				CHECK_INT(chk(&w, (u32)x, false, NULL),
					  size ? -1 : 0);
			win_free(&w);
		}

		/* jump of exactly the window */
		win_init(&w, size, 0);
		base = 5000;
		CHECK_INT(rx(&w, (u32)base, false), 0);
		CHECK_INT(rx(&w, (u32)(base + size), false), 0);
		for (x = base + 1; x < base + size; x++)
			CHECK_INT(chk(&w, (u32)x, false, NULL), 0);
		CHECK_INT(chk(&w, (u32)base, false, NULL), size ? -1 : 0);
		win_free(&w);

		/* far jumps without ESN */
		win_init(&w, size, 0);
		CHECK_INT(rx(&w, 10, false), 0);
		CHECK_INT(rx(&w, 4000000000u, false), 0);
		CHECK_INT(chk(&w, 10, false, NULL), size ? -1 : 0);
		CHECK_INT(chk(&w, 11, false, NULL), size ? -1 : 0);
		CHECK_INT(rx(&w, U32_MAX, false), 0);
		if (size > 1)
			CHECK_INT(rx(&w, U32_MAX - 1, false), 0);
		win_free(&w);

		/* jump past 2^32 (ESN, as the caller does after an ICV) */
		win_init(&w, size, 0);
		CHECK_INT(rx(&w, 5, true), 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(2) + 7), 0);
		CHECK_EQ(w.r.top, HI(2) + 7);
		if (size >= 64) {
			u64 s;

			/* Tl = 7 < W - 1: the window straddles 2^33 */
			CHECK_INT(chk(&w, 6, true, &s), 0);
			CHECK_EQ(s, HI(2) + 6);
			CHECK_INT(chk(&w, 0xfffffff6u, true, &s), 0);
			CHECK_EQ(s, HI(2) - 10);
			CHECK_INT(l2tpsec_replay_update(&w.r, s), 0);
			CHECK_INT(chk(&w, 0xfffffff6u, true, &s), -1);
			CHECK_INT(chk(&w, 5, true, &s), 0);
			CHECK_EQ(s, HI(2) + 5);
		}
		/* and far beyond */
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(0x12345) + 99), 0);
		CHECK_INT(chk(&w, 99, true, NULL), size ? -1 : 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(2) + 7), size ? -1 : 0);
		win_free(&w);
	}
}

/* RFC 4303 appendix A2.1, cases A (Tl >= W - 1) and B (Tl < W - 1),
 * around the 2^32 boundaries, both directions, and the end of 2^64. */
static void test_esn_boundary(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		u32 wnd = size ? size : 1;
		struct win w;
		u64 s;

		/* top = 2^32 - 1 (case A): a small low half is the next span */
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, U32_MAX), 0);
		CHECK_INT(chk(&w, 5, true, &s), 0);
		CHECK_EQ(s, HI(1) + 5);
		CHECK_INT(chk(&w, 0, true, &s), 0);
		CHECK_EQ(s, HI(1));
		if (wnd > 11) {
			CHECK_INT(chk(&w, U32_MAX - 10, true, &s), 0);
			CHECK_EQ(s, U32_MAX - 10);
		}
		CHECK_INT(rx64(&w, HI(1) + 5), 0);
		if (wnd > 6)
			CHECK_INT(rx64(&w, U32_MAX), -1);	/* seen */
		win_free(&w);

		/*
		 * top just above 2^32: for a window reaching below 2^32 (case
		 * B, W > 4), the end of the previous span is Th - 1; below the
		 * window's bottom a number is inferred forward, in Th (not
		 * Th - 1, nor below 0).
		 */
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(1) + 3), 0);
		CHECK_INT(chk(&w, 0xfffffffeu, true, &s), 0);
		if (wnd >= 6)
			CHECK_EQ(s, HI(1) - 2);
		else
			CHECK_EQ(s, HI(2) - 2);
		CHECK_INT(chk(&w, 2, true, &s), 0);
		CHECK_EQ(s, wnd > 4 ? HI(1) + 2 : HI(2) + 2);
		CHECK_INT(chk(&w, 3, true, &s), size ? -1 : 0);
		CHECK_EQ(s, HI(1) + 3);
		CHECK_INT(chk(&w, 4, true, &s), 0);
		CHECK_EQ(s, HI(1) + 4);
		if (wnd == 64) {
			/* 104 behind, below the bottom: forward, in Th */
			CHECK_INT(chk(&w, U32_MAX - 100, true, &s), 0);
			CHECK_EQ(s, HI(2) - 101);
			/* 60 behind: inside, Th - 1 */
			CHECK_INT(chk(&w, U32_MAX - 56, true, &s), 0);
			CHECK_EQ(s, HI(1) - 57);
			/* exactly the bottom (63 behind) and one below */
			CHECK_INT(chk(&w, U32_MAX - 59, true, &s), 0);
			CHECK_EQ(s, HI(1) - 60);
			CHECK_INT(chk(&w, U32_MAX - 60, true, &s), 0);
			CHECK_EQ(s, HI(2) - 61);
		}
		win_free(&w);

		/* Th = 0 and Tl < W - 1: no span below 0, must not wrap */
		if (wnd > 11) {
			win_init(&w, size, 0);
			CHECK_INT(rx(&w, 10, true), 0);
			CHECK_INT(chk(&w, 0xfffffff0u, true, &s), 0);
			CHECK_EQ(s, 0xfffffff0u);
			CHECK_INT(chk(&w, U32_MAX, true, &s), 0);
			CHECK_EQ(s, U32_MAX);
			CHECK_INT(chk(&w, U32_MAX - (wnd - 12), true, &s), 0);
			CHECK_EQ(s, U32_MAX - (wnd - 12));
			CHECK_INT(chk(&w, 9, true, &s), 0);
			CHECK_EQ(s, 9);
			CHECK_INT(chk(&w, 10, true, &s), size ? -1 : 0);
			win_free(&w);

			/* also from an initial top of 0 */
			win_init(&w, size, 0);
			CHECK_INT(chk(&w, U32_MAX, true, &s), 0);
			CHECK_EQ(s, U32_MAX);
			win_free(&w);
		}

		/* Tl = W - 1 exactly (case A, bottom 0) and W - 2 (case B) */
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(5) + wnd - 1), 0);
		CHECK_INT(chk(&w, 0, true, &s), size == 1 ? -1 : 0);
		CHECK_EQ(s, HI(5));
		CHECK_INT(chk(&w, U32_MAX, true, &s), 0);
		CHECK_EQ(s, HI(5) + U32_MAX);
		win_free(&w);
		if (wnd >= 2) {
			win_init(&w, size, 0);
			CHECK_INT(l2tpsec_replay_update(&w.r, HI(5) + wnd - 2), 0);
			CHECK_INT(chk(&w, U32_MAX, true, &s), 0);
			CHECK_EQ(s, HI(5) - 1);
			CHECK_INT(chk(&w, U32_MAX - 1, true, &s), 0);
			CHECK_EQ(s, HI(5) + U32_MAX - 1);
			win_free(&w);
		}

		/* the 64-bit space runs out: no wrap to 0 */
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, U64_MAX - 5), 0);
		CHECK_INT(chk(&w, 0, true, &s), -1);
		CHECK_EQ(s, 0);
		CHECK_INT(chk(&w, 3, true, &s), -1);
		CHECK_INT(chk(&w, U32_MAX - 1, true, &s), 0);
		CHECK_EQ(s, U64_MAX - 1);
		CHECK_INT(rx64(&w, U64_MAX), 0);
		CHECK_INT(chk(&w, U32_MAX, true, &s), size ? -1 : 0);
		win_free(&w);
	}
}

/* Window 0 (no replay check, RFC 4303 3.4.3 "MAY disable"): ESN still
 * needs an inference (A2.1 with W = 1). */
static void test_window0_inference(void)
{
	struct win w;
	u64 s;

	/* size 0: no replay check, inference with W = 1 */
	win_init(&w, 0, HI(5) + 100);
	CHECK_INT(chk(&w, 99, true, &s), 0);
	CHECK_EQ(s, HI(6) + 99);
	CHECK_INT(chk(&w, 100, true, &s), 0);
	CHECK_EQ(s, HI(5) + 100);
	CHECK_INT(chk(&w, 101, true, &s), 0);
	CHECK_EQ(s, HI(5) + 101);
	CHECK_INT(l2tpsec_replay_update(&w.r, HI(5) + 50), 0);
	CHECK_EQ(w.r.top, HI(5) + 100);
	CHECK_INT(l2tpsec_replay_update(&w.r, HI(5) + 150), 0);
	CHECK_EQ(w.r.top, HI(5) + 150);
	win_free(&w);

	/* NULL bitmap is fine for size 0 */
	l2tpsec_replay_init(&w.r, 0, NULL, 0);
	CHECK_INT(chk(&w, 1, false, &s), 0);
	CHECK_INT(l2tpsec_replay_update(&w.r, 1), 0);
	CHECK_INT(l2tpsec_replay_update(&w.r, 1), 0);
	CHECK_EQ(w.r.top, 1);
}

/* The check and the update are not atomic: the update checks again. */
static void test_race(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		const u64 t = 100000;
		struct win w;
		u64 s1, s2;

		win_init(&w, size, 0);
		CHECK_INT(rx(&w, t, false), 0);
		/* new top: two CPUs check the same packet */
		CHECK_INT(chk(&w, t + 1, false, &s1), 0);
		CHECK_INT(chk(&w, t + 1, false, &s2), 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, s1), 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, s2), size ? -1 : 0);
		/* inside the window */
		if (size >= 3) {
			CHECK_INT(chk(&w, t - 1, false, &s1), 0);
			CHECK_INT(chk(&w, t - 1, false, &s2), 0);
			CHECK_INT(l2tpsec_replay_update(&w.r, s1), 0);
			CHECK_INT(l2tpsec_replay_update(&w.r, s2), -1);
		}
		/* checked, then pushed out of the window by another packet */
		if (size >= 3) {
			CHECK_INT(chk(&w, t + 1 - size + 1, false, &s1), 0);
			CHECK_INT(rx(&w, t + 1 + size, false), 0);
			CHECK_INT(l2tpsec_replay_update(&w.r, s1), -1);
		}
		/* ESN: both infer the same number, one update wins */
		win_free(&w);
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(9) - 1), 0);
		CHECK_INT(chk(&w, 0, true, &s1), 0);
		CHECK_INT(chk(&w, 0, true, &s2), 0);
		CHECK_EQ(s1, HI(9));
		CHECK_EQ(s2, HI(9));
		CHECK_INT(l2tpsec_replay_update(&w.r, s1), 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, s2), size ? -1 : 0);
		win_free(&w);
	}
}

/*
 * RFC 4303 3.3.3: the first packet of an SA carries 1, but packets may be
 * lost or reordered, so the first one received may be any number: it is
 * accepted, and the window then ends at it. With ESN and nothing received
 * (top 0: Th = 0, case B of A2.1) the high half is 0: there is no span
 * below 0 to infer.
 */
static void test_first_packet(void)
{
	static const u32 firsts[] = { 1, 2, 31, 32, 33, 63, 64, 65, 4095,
				      4096, 4097, 16384, 16385, 1000000,
				      0x80000000u, U32_MAX };
	unsigned int i, f, e;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];

		for (f = 0; f < sizeof(firsts) / sizeof(firsts[0]); f++) {
			for (e = 0; e < 2; e++) {
				u64 x = firsts[f], s;
				bool esn = e;
				struct win w;

				win_init(&w, size, 0);
				CHECK_INT(chk(&w, (u32)x, esn, &s), 0);
				CHECK_EQ(s, x);
				CHECK_INT(l2tpsec_replay_update(&w.r, s), 0);
				CHECK_EQ(w.r.top, x);
				CHECK_INT(chk(&w, (u32)x, esn, &s), size ? -1 : 0);
				/* the left edge is inside, one more is not */
				if (size >= 2 && x > size - 1) {
					CHECK_INT(chk(&w, (u32)(x - (size - 1)),
						      esn, &s), 0);
					CHECK_EQ(s, x - (size - 1));
				}
				if (size && x > size && !esn)
					CHECK_INT(chk(&w, (u32)(x - size), esn,
						      &s), -1);
				if (size && x > size && esn)
					expect_old(&w, x - size, esn);
				/* numbers below the first, never seen */
				if (size >= 2 && x >= 2)
					CHECK_INT(rx64(&w, x - 1), 0);
				CHECK_INT(rx64(&w, x + 1), 0);
				win_free(&w);
			}
		}
	}
}

/*
 * RFC 4303 appendix A2.1, the vectors worked out by hand from the two
 * cases (W the window, top = Th:Tl, bottom = Tl - W + 1 mod 2^32):
 *   case A, Tl >= W - 1: Seql >= bottom ? Th : Th + 1
 *   case B, Tl <  W - 1: Seql >= bottom ? Th - 1 : Th
 * The window is initialised with this top, so numbers at or below it
 * count as seen (the check fails) and numbers above it are new.
 */
static void test_rfc4303_a2(void)
{
	static const struct {
		u32 w;
		u64 top;
		u32 lo;
		u64 seq;	/* 0: no 64-bit number (beyond 2^64 - 1) */
	} v[] = {
		/* case A, well inside a span */
		{ 64, HI(3) + 1000, 1000, HI(3) + 1000 },
		{ 64, HI(3) + 1000, 1001, HI(3) + 1001 },
		{ 64, HI(3) + 1000, 937, HI(3) + 937 },	/* bottom */
		{ 64, HI(3) + 1000, 936, HI(4) + 936 },	/* bottom - 1 */
		{ 64, HI(3) + 1000, 0, HI(4) },
		{ 64, HI(3) + 1000, U32_MAX, HI(3) + U32_MAX },
		/* case A, forward across 2^32 * 4 */
		{ 64, HI(3) + 0xfffffff0u, 5, HI(4) + 5 },
		{ 64, HI(3) + 0xfffffff0u, 0, HI(4) },
		{ 64, HI(3) + 0xfffffff0u, U32_MAX, HI(3) + U32_MAX },
		{ 64, HI(3) + 0xfffffff0u, 0xffffffb1u, HI(3) + 0xffffffb1u },
		{ 64, HI(3) + 0xfffffff0u, 0xffffffb0u, HI(4) + 0xffffffb0u },
		{ 64, HI(3) + U32_MAX, 0, HI(4) },
		/* case A exactly: Tl = W - 1, bottom 0 */
		{ 64, HI(3) + 63, 0, HI(3) },
		{ 64, HI(3) + 63, U32_MAX, HI(3) + U32_MAX },
		/* case B: Tl = W - 2, bottom 2^32 - 1 */
		{ 64, HI(3) + 62, U32_MAX, HI(2) + U32_MAX },
		{ 64, HI(3) + 62, 0, HI(3) },
		{ 64, HI(3) + 62, 0xfffffffeu, HI(3) + 0xfffffffeu },
		/* case B, backward across 2^32 * 3 */
		{ 64, HI(3) + 10, 0xffffffcbu, HI(2) + 0xffffffcbu },	/* bottom */
		{ 64, HI(3) + 10, 0xffffffcau, HI(3) + 0xffffffcau },
		{ 64, HI(3) + 10, U32_MAX, HI(2) + U32_MAX },
		{ 64, HI(3) + 10, 0, HI(3) },
		{ 64, HI(3) + 10, 11, HI(3) + 11 },
		{ 64, HI(3), U32_MAX, HI(2) + U32_MAX },
		/* case B with Th = 0: no span below 0, Th stays 0 */
		{ 64, 10, U32_MAX, U32_MAX },
		{ 64, 0, 1, 1 },
		/* 32, the RFC's minimum window */
		{ 32, HI(1) + 5, 0xffffffe6u, HI(0) + 0xffffffe6u },
		{ 32, HI(1) + 5, 0xffffffe5u, HI(1) + 0xffffffe5u },
		{ 32, HI(1) + 31, 0, HI(1) },
		{ 32, HI(1) + 31, U32_MAX, HI(1) + U32_MAX },
		/* 4096 and 16384 */
		{ 4096, HI(7) + 100, 0xfffff065u, HI(6) + 0xfffff065u },
		{ 4096, HI(7) + 100, 0xfffff064u, HI(7) + 0xfffff064u },
		{ 4096, HI(7) + 100000, 95905, HI(7) + 95905 },
		{ 4096, HI(7) + 100000, 95904, HI(8) + 95904 },
		{ 16384, HI(9) + 0, 0xffffc001u, HI(8) + 0xffffc001u },
		{ 16384, HI(9) + 0, 0xffffc000u, HI(9) + 0xffffc000u },
		{ 16384, HI(9) + 16383, 0, HI(9) },
		{ 16384, HI(9) + 16383, U32_MAX, HI(9) + U32_MAX },
		/* the end of the 64-bit space: Th + 1 does not exist */
		{ 64, U64_MAX - 100, 5, 0 },
		{ 64, U64_MAX - 100, 0xffffff9bu - 64 + 1, U64_MAX - 100 - 63 },
		{ 64, U64_MAX - 100, U32_MAX, U64_MAX },
	};
	unsigned int i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct win w;
		u64 s = 1;
		int ret;

		win_init(&w, v[i].w, v[i].top);
		ret = chk(&w, v[i].lo, true, &s);
		if (s != v[i].seq ||
		    ret != (v[i].seq > v[i].top ? 0 : -1))
			KT_FAIL_MSG("A2.1 vector %u: W %u top 0x%016" PRIx64
				    " lo 0x%08x: %d 0x%016" PRIx64
				    ", expected 0x%016" PRIx64, i, v[i].w,
				    v[i].top, v[i].lo, ret, s, v[i].seq);
		win_free(&w);
	}
}

/*
 * RFC 4303 3.4.3: the window moves only for an authentic packet. A check
 * alone (the packet then fails its ICV) changes nothing: a forged number
 * far ahead, or in the next 2^32 span (ESN), does not push the real
 * traffic out of the window.
 */
static void test_check_is_pure(void)
{
	unsigned int i;

	for (i = 0; i < NSIZES; i++) {
		u32 size = sizes[i];
		u32 words = l2tpsec_replay_words(size);
		struct l2tpsec_replay before;
		u64 *bm_before, rng = 99 + i, x, s;
		unsigned int k;
		struct win w;

		win_init(&w, size, 0);
		for (x = 1; x < 3000; x++)
			if (kt_below(&rng, 3))
				CHECK_INT(rx(&w, (u32)x, true), 0);
		before = w.r;
		bm_before = (u64 *)kt_dup(w.bm, words * sizeof(u64));
		for (k = 0; k < 20000; k++) {
			u32 lo = k & 1 ? (u32)kt_rand(&rng) :
				 (u32)(w.r.top + 64 - kt_below(&rng, 2 * (u64)size + 128));

			chk(&w, lo, k & 2, &s);
		}
		CHECK(!memcmp(&before, &w.r, sizeof(before)));
		CHECK(!memcmp(bm_before, w.bm, words * sizeof(u64)));
		free(bm_before);

		/* forged far ahead: checked ok, fails its ICV, no update */
		CHECK_INT(chk(&w, (u32)(w.r.top + 100000), false, &s), 0);
		CHECK_EQ(w.r.top, before.top);
		if (size >= 32) {
			/* the unseen numbers under the top are still fine */
			for (x = before.top - 1; x + size > before.top; x--)
				if (!chk(&w, (u32)x, false, &s))
					break;
			CHECK(x + size > before.top);
			CHECK_INT(rx(&w, (u32)x, false), 0);
		}
		CHECK_INT(rx(&w, (u32)(before.top + 1), false), 0);
		win_free(&w);

		/* ESN: a forged small number seen as the next span */
		win_init(&w, size, 0);
		CHECK_INT(l2tpsec_replay_update(&w.r, HI(2) + U32_MAX - 10), 0);
		CHECK_INT(chk(&w, 7, true, &s), 0);
		CHECK_EQ(s, HI(3) + 7);
		/* ICV fails: not updated, so the current span goes on */
		CHECK_EQ(w.r.top, HI(2) + U32_MAX - 10);
		CHECK_INT(chk(&w, U32_MAX - 9, true, &s), 0);
		CHECK_EQ(s, HI(2) + U32_MAX - 9);
		if (size >= 5) {
			CHECK_INT(chk(&w, U32_MAX - 14, true, &s), 0);
			CHECK_EQ(s, HI(2) + U32_MAX - 14);
		}
		win_free(&w);
	}
}

/* ---------------------------------------------- differential testing */

/* a set of u64 != 0, open addressing */
#define SET_BITS	19
#define SET_SIZE	(1u << SET_BITS)

static u64 *set_tab;

static void set_clear(void)
{
	memset(set_tab, 0, SET_SIZE * sizeof(u64));
}

static u32 set_slot(u64 v)
{
	return (u32)((v * 0x9E3779B97F4A7C15ULL) >> (64 - SET_BITS));
}

static bool set_has(u64 v)
{
	u32 i;

	for (i = set_slot(v); set_tab[i]; i = (i + 1) & (SET_SIZE - 1))
		if (set_tab[i] == v)
			return true;
	return false;
}

static void set_add(u64 v)
{
	u32 i;

	for (i = set_slot(v); set_tab[i]; i = (i + 1) & (SET_SIZE - 1))
		if (set_tab[i] == v)
			return;
	set_tab[i] = v;
}

struct model {
	u32 size;
	u64 init_top;
	u64 top;
};

/*
 * Reference ESN inference, straight from the definition: the number is
 * the one of the three candidates (Th - 1, Th, Th + 1) that lies in
 * [top - W + 1, top - W + 1 + 2^32); a negative one is replaced by the
 * candidate in the current span; one past 2^64 - 1 fails.
 */
static int ref_infer(u64 top, u32 size, u32 lo, u64 *out)
{
	__int128 w = size ? size : 1;
	__int128 bottom = (__int128)top - (w - 1);
	__int128 span = (__int128)1 << 32;
	int k;

	for (k = -1; k <= 1; k++) {
		__int128 c = ((__int128)(top >> 32) + k) * span + lo;

		if (c < bottom || c >= bottom + span)
			continue;
		if (c < 0)
			c = lo;
		if (c > (__int128)U64_MAX)
			return -1;
		*out = (u64)c;
		return 0;
	}
	return -3;	/* cannot happen */
}

static bool ref_ok(const struct model *m, u64 s)
{
	if (!s)
		return false;
	if (!m->size || s > m->top)
		return true;
	if (m->top - s >= m->size)
		return false;
	return s > m->init_top && !set_has(s);
}

static void ref_accept(struct model *m, u64 s)
{
	set_add(s);
	if (s > m->top)
		m->top = s;
}

static unsigned long diff_ok, diff_refused, diff_jumps;

static int diff_run(u32 size, bool esn, u64 seed, unsigned int ops)
{
	struct model m = { .size = size };
	u64 rng = seed;
	unsigned int n, errs = 0;
	u64 recent[64] = { 0 };
	struct win w;

	set_clear();
	m.init_top = kt_below(&rng, 4) ? 0 : kt_below(&rng, 1u << 20);
	if (esn && kt_below(&rng, 2))
		m.init_top = HI(kt_below(&rng, 3)) + U32_MAX - kt_below(&rng, 3 * (u64)size + 10);
	m.top = m.init_top;
	win_init(&w, size, m.init_top);

	for (n = 0; n < ops && errs < 10; n++) {
		u64 r = kt_below(&rng, 100);
		u64 span = 2 * (u64)size + 70;
		u64 cand, s_impl = 0, s_ref = 0;
		int c_impl, c_ref;

		/* pick a candidate full sequence number */
		if (r < 55) {
			cand = m.top + kt_below(&rng, span + 10) - span;
		} else if (r < 80) {
			cand = m.top + 1 + kt_below(&rng, 3);
		} else if (r < 90) {
			cand = recent[kt_below(&rng, 64)];
		} else if (r < 95) {
			cand = m.top + kt_below(&rng, 3 * (u64)size + 200);
		} else if (r < 98) {
			cand = kt_rand(&rng);
		} else {
			/* a far jump, applied as an authenticated update */
			u64 j = m.top + kt_below(&rng, esn ? (1ull << 34) : (1ull << 16));
			bool ok;

			if (!esn)
				j &= U32_MAX;
			ok = ref_ok(&m, j);
			c_impl = l2tpsec_replay_update(&w.r, j);
			if (c_impl != (ok ? 0 : -1)) {
				KT_FAIL_MSG("size %u esn %d op %u: update(0x%" PRIx64
					    ") = %d, model %d", size, esn, n, j,
					    c_impl, ok);
				errs++;
			}
			if (ok)
				ref_accept(&m, j);
			diff_jumps++;
			continue;
		}

		if (esn) {
			c_ref = ref_infer(m.top, size, (u32)cand, &s_ref);
		} else {
			s_ref = (u32)cand;
			c_ref = 0;
		}
		if (!c_ref && !ref_ok(&m, s_ref))
			c_ref = -1;

		c_impl = l2tpsec_replay_check(&w.r, (u32)cand, esn, &s_impl);
		if (c_impl != (c_ref ? -1 : 0) ||
		    (s_ref && s_impl != s_ref && c_ref != -3)) {
			KT_FAIL_MSG("size %u esn %d op %u top 0x%" PRIx64
				    ": check(0x%08x) = %d seq 0x%" PRIx64
				    ", model %d seq 0x%" PRIx64, size, esn, n,
				    m.top, (u32)cand, c_impl, s_impl, c_ref,
				    s_ref);
			errs++;
			continue;
		}
		if (c_impl) {
			diff_refused++;
			continue;
		}
		diff_ok++;
		/* one packet in ten fails authentication: no update */
		if (!kt_below(&rng, 10))
			continue;
		if (l2tpsec_replay_update(&w.r, s_impl)) {
			KT_FAIL_MSG("size %u esn %d op %u: update after ok check failed",
				    size, esn, n);
			errs++;
			continue;
		}
		ref_accept(&m, s_impl);
		recent[n & 63] = s_impl;
		if (w.r.top != m.top) {
			KT_FAIL_MSG("top 0x%" PRIx64 " model 0x%" PRIx64,
				    w.r.top, m.top);
			errs++;
		}

		/* now and then compare the whole window */
		if (!(n % 4096)) {
			u64 x, lo = m.top > size ? m.top - size : 0;

			for (x = m.top + 64; x > lo; x--) {
				u64 s;
				int ci = l2tpsec_replay_check(&w.r, (u32)x, esn, &s);

				if (!esn && x > U32_MAX)
					continue;
				if (ci != (ref_ok(&m, x) ? 0 : -1) || (!ci && s != x)) {
					KT_FAIL_MSG("window scan: 0x%" PRIx64 " -> %d",
						    x, ci);
					errs++;
					break;
				}
			}
		}
	}
	win_free(&w);
	return errs ? -1 : 0;
}

static void test_differential(void)
{
	unsigned int i;

	set_tab = calloc(SET_SIZE, sizeof(u64));
	if (!set_tab) {
		perror("calloc");
		exit(2);
	}
	for (i = 0; i < NSIZES; i++) {
		CHECK_INT(diff_run(sizes[i], false, 0x1234567 + i, 100000), 0);
		CHECK_INT(diff_run(sizes[i], true, 0x7654321 + i, 100000), 0);
	}
	/* a few odd sizes */
	CHECK_INT(diff_run(2, true, 42, 100000), 0);
	CHECK_INT(diff_run(63, true, 43, 100000), 0);
	CHECK_INT(diff_run(65, false, 44, 100000), 0);
	CHECK_INT(diff_run(1000, true, 45, 100000), 0);
	free(set_tab);
	printf("# %lu checks accepted, %lu refused, %lu direct updates\n",
	       diff_ok, diff_refused, diff_jumps);
	/* both outcomes must be well exercised */
	CHECK(diff_ok > 200000 && diff_refused > 200000);
}

int main(void)
{
	static const struct kt_case cases[] = {
		KT_CASE(test_words),
		KT_CASE(test_first_packet),
		KT_CASE(test_in_order),
		KT_CASE(test_zero),
		KT_CASE(test_reorder),
		KT_CASE(test_duplicate),
		KT_CASE(test_window_edges),
		KT_CASE(test_jump_matrix),
		KT_CASE(test_init_top),
		KT_CASE(test_big_jumps),
		KT_CASE(test_esn_boundary),
		KT_CASE(test_rfc4303_a2),
		KT_CASE(test_window0_inference),
		KT_CASE(test_check_is_pure),
		KT_CASE(test_race),
		KT_CASE(test_differential),
	};

	return kt_run("test_replay", cases, KT_ARRAY_SIZE(cases));
}
