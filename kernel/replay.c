// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-replay window with 64-bit extended sequence numbers (RFC 4303
 * section 3.4.3 and appendix A).
 *
 * The window accepts sequence numbers in (top - size, top] that were not
 * seen yet, and anything above top. Seen numbers are bits of a ring of
 * 64-bit words indexed by seq % (words * 64). The ring has at least 64
 * bits more than the window, so moving top forward only ever clears whole
 * words: the words between the old top's word (exclusive) and the new
 * top's word (inclusive). The bits a cleared word held belonged to
 * numbers at least words * 64 - 63 >= size + 1 below the new top, out of
 * the window. The bits above top in top's own word are always clear.
 *
 * Pure logic, no locking: the caller serialises the calls on one window.
 * The lock need not be held from the check to the update: the update
 * checks again.
 */
#include "replay.h"

#define REPLAY_WORD_SHIFT	6
#define REPLAY_WORD_MASK	63

/**
 * l2tpsec_replay_words() - bitmap size for a window
 * @size: window size in packets (0 = no replay check)
 *
 * Return: the number of u64 words l2tpsec_replay_init() needs: the
 * smallest power of two covering at least @size + 64 bits, so at least
 * 1 (also for @size 0, when the bitmap is not used). 16384 packets take
 * 512 words.
 */
u32 l2tpsec_replay_words(u32 size)
{
	u32 need = (size >> REPLAY_WORD_SHIFT) + 1 +
		   ((size & REPLAY_WORD_MASK) ? 1 : 0);
	u32 words = 1;

	while (words < need)
		words <<= 1;
	return words;
}

/**
 * l2tpsec_replay_init() - set up a window
 * @r: the window
 * @size: window size in packets, 0 = no replay check
 * @bitmap: l2tpsec_replay_words(@size) words, owned by the caller; may be
 *	NULL when @size is 0
 * @top: highest sequence number already received (0 = none)
 *
 * The bitmap is reset. Since which packets at or below a non-zero @top
 * arrived is not known, all of them count as seen: the first acceptable
 * packet is @top + 1, and later on numbers below it stay refused even
 * while still inside the window. This errs on the side of dropping a few
 * late packets rather than accepting a replay.
 */
void l2tpsec_replay_init(struct l2tpsec_replay *r, u32 size, u64 *bitmap,
			 u64 top)
{
	u32 bit = top & REPLAY_WORD_MASK;

	r->top = top;
	r->size = size;
	r->words = l2tpsec_replay_words(size);
	r->bitmap = bitmap;

	if (!size)
		return;
	if (!top) {
		memset(bitmap, 0, r->words * sizeof(u64));
		return;
	}
	memset(bitmap, 0xff, r->words * sizeof(u64));
	/* only bits 0..bit of top's word are at or below top */
	bitmap[(top >> REPLAY_WORD_SHIFT) & (r->words - 1)] =
		~(u64)0 >> (REPLAY_WORD_MASK - bit);
}

/*
 * RFC 4303 appendix A2.1: the high 32 bits of @seq_lo's full number, seen
 * from top = Th:Tl and a window of @w (>= 1) packets. The number is the
 * candidate in [top - w + 1, top - w + 1 + 2^32). When the window's
 * bottom would be below 0 (Th = 0, case B) there is no previous 2^32
 * span: the packet then belongs to the current one. Fails when the full
 * number would need more than 64 bits.
 */
static int replay_infer(u64 top, u32 w, u32 seq_lo, u64 *seq)
{
	u32 th = top >> 32;
	u32 tl = (u32)top;
	u32 bottom = tl - (w - 1);	/* modulo 2^32 */
	u32 sh = th;

	if (tl >= w - 1) {
		/* case A: the window lies within one span */
		if (seq_lo < bottom) {
			if (th == U32_MAX)
				return -1;
			sh = th + 1;
		}
	} else {
		/* case B: the window straddles the span boundary */
		if (seq_lo >= bottom && th)
			sh = th - 1;
	}
	*seq = (u64)sh << 32 | seq_lo;
	return 0;
}

static bool replay_seen(const struct l2tpsec_replay *r, u64 seq)
{
	u64 word = r->bitmap[(seq >> REPLAY_WORD_SHIFT) & (r->words - 1)];

	return (word >> (seq & REPLAY_WORD_MASK)) & 1;
}

/* 0 if @seq may be accepted */
static int replay_test(const struct l2tpsec_replay *r, u64 seq)
{
	if (!seq)
		return -1;
	if (!r->size || seq > r->top)
		return 0;
	if (r->top - seq >= r->size)
		return -1;
	return replay_seen(r, seq) ? -1 : 0;
}

/**
 * l2tpsec_replay_check() - may a received packet be accepted?
 * @r: the window
 * @seq_lo: the packet's 32-bit sequence number field
 * @esn: extended sequence numbers: infer the high 32 bits from the window
 *	(RFC 4303 appendix A2.1, with a window of 1 when the size is 0);
 *	without ESN the high bits are 0
 * @seq: set to the full 64-bit sequence number (0 when none can be
 *	inferred), to authenticate with and then pass to
 *	l2tpsec_replay_update()
 *
 * A pure read, run before the ICV check. A packet is acceptable if its
 * number is not 0 and is above the highest one received, or inside the
 * window and not seen yet; with a window size of 0 any non-zero number
 * is.
 *
 * Return: 0 if acceptable, -1 if replayed, too old, 0, or beyond 2^64 - 1.
 */
int l2tpsec_replay_check(const struct l2tpsec_replay *r, u32 seq_lo, bool esn,
			 u64 *seq)
{
	*seq = seq_lo;
	if (esn && replay_infer(r->top, r->size ? r->size : 1, seq_lo, seq)) {
		*seq = 0;
		return -1;
	}
	return replay_test(r, *seq);
}

/* Move top up to @seq, clearing the words of the numbers skipped. */
static void replay_advance(struct l2tpsec_replay *r, u64 seq)
{
	u64 cur = r->top >> REPLAY_WORD_SHIFT;
	u64 diff = (seq >> REPLAY_WORD_SHIFT) - cur;
	u32 mask = r->words - 1;
	u32 i;

	if (diff >= r->words) {
		memset(r->bitmap, 0, r->words * sizeof(u64));
	} else {
		for (i = 1; i <= diff; i++)
			r->bitmap[(cur + i) & mask] = 0;
	}
	r->top = seq;
}

/**
 * l2tpsec_replay_update() - record an authenticated packet
 * @r: the window
 * @seq: the full sequence number from l2tpsec_replay_check()
 *
 * Runs after the ICV check, under the caller's lock. Checks again, since
 * another CPU may have accepted the same number since the check; then
 * moves the window forward if @seq is above the highest number received
 * (clearing the skipped range, all of it after a jump of the whole
 * window) and marks @seq seen.
 *
 * Return: 0 if recorded, -1 if the packet must be dropped as a replay.
 */
int l2tpsec_replay_update(struct l2tpsec_replay *r, u64 seq)
{
	if (replay_test(r, seq))
		return -1;

	if (!r->size) {
		if (seq > r->top)
			r->top = seq;
		return 0;
	}

	if (seq > r->top)
		replay_advance(r, seq);
	r->bitmap[(seq >> REPLAY_WORD_SHIFT) & (r->words - 1)] |=
		(u64)1 << (seq & REPLAY_WORD_MASK);
	return 0;
}
