/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anti-replay window with 64-bit extended sequence numbers (RFC 4303
 * section 3.4.3 and appendix A). Pure logic, no locking: the caller
 * serialises access (struct l2tpsec_sa.replay_lock).
 */
#ifndef _L2TPSEC_REPLAY_H
#define _L2TPSEC_REPLAY_H

#include "pure_compat.h"

/**
 * struct l2tpsec_replay - receive window of one inbound SA
 * @top: highest authenticated sequence number (full 64 bits), 0 = none
 * @size: window size in packets, 0 = no replay check (ESN inference still
 *	works from @top)
 * @words: number of u64 words in @bitmap (a power of two, covering at
 *	least @size + 64 bits)
 * @bitmap: ring bitmap, bit (seq % (words * 64)) set = seq seen; unused
 *	(may be NULL) when @size is 0
 *
 * See replay.c for the semantics; in short: check (before the ICV)
 * infers the 64-bit number and tells whether it may be accepted, update
 * (after the ICV) checks again, as the lock is not held across the
 * decryption, and records it. Numbers at or below the @top given to
 * l2tpsec_replay_init() count as seen.
 */
struct l2tpsec_replay {
	u64 top;
	u32 size;
	u32 words;
	u64 *bitmap;
};

/* Number of u64 words l2tpsec_replay_init() needs for a @size window. */
u32 l2tpsec_replay_words(u32 size);
void l2tpsec_replay_init(struct l2tpsec_replay *r, u32 size, u64 *bitmap,
			 u64 top);
int l2tpsec_replay_check(const struct l2tpsec_replay *r, u32 seq_lo, bool esn,
			 u64 *seq);
int l2tpsec_replay_update(struct l2tpsec_replay *r, u64 seq);

#endif
