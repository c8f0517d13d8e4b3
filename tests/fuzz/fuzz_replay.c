// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for kernel/replay.c: a sequence of operations on one
 * window, each checked against a reference model written from the
 * definitions (RFC 4303 section 3.4.3 and appendix A2.1):
 *
 *  - a number is acceptable if it is not 0 and either above the highest
 *    accepted (top), or inside (top - size, top], above the top given at
 *    init and not accepted before; window size 0 accepts any non-zero one;
 *  - with ESN the 64-bit number of a 32-bit low half is the candidate
 *    (Th - 1, Th or Th + 1) in [top - W + 1, top - W + 1 + 2^32), W being
 *    the size or 1; a negative one is taken in the current span; one past
 *    2^64 - 1 does not exist (the check fails).
 *
 * Input: 8 header bytes, then 4-byte operations.
 *   [0]    bits 0-3: window size from sizes[], 15: 16-bit size from [2..3]
 *          bit 4: ESN
 *          bits 5-7: initial top: 0, small, near 2^32, near 2^33, near
 *          2^64, big, from [4..7] as a low half, full 48-bit random
 *   [1..7] size / initial top material
 *   op[0]  bits 0-2: what: 0-3 receive (check, update if "authentic"),
 *          4 check only (ICV fails), 5 check now, update later (another
 *          CPU), 6 flush the delayed updates, 7 authenticated jump
 *          bits 3-4: where, relative to top: near (+-128), inside the
 *          window, above it, a raw 32-bit value
 *   op[1..3] the offset / value
 * Every bitmap is an exact-size heap block filled with junk before init,
 * so ASan catches any access past it.
 */
#include "replay.h"
#include "fuzz_common.h"

static const u32 sizes[15] = { 0, 1, 2, 32, 63, 64, 65, 127, 128, 129, 1000,
			       4096, 4097, 8192, 16384 };

#define MAX_OPS		2048
#define SET_BITS	13	/* 8192 slots for up to MAX_OPS numbers */
#define SET_SIZE	(1u << SET_BITS)

static u64 set_tab[SET_SIZE];

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
	FUZZ_ASSERT(0);
	return -1;
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
	if (m->size)
		set_add(s);
	if (s > m->top)
		m->top = s;
}

/* check against the model; returns 0 and the number if acceptable */
static int do_check(const struct l2tpsec_replay *r, const struct model *m,
		    u32 lo, bool esn, u64 *seq)
{
	u64 s_ref = lo, s = 0x5a5a5a5a5a5a5a5aULL;
	int c_ref = 0, c;

	if (esn)
		c_ref = ref_infer(m->top, m->size, lo, &s_ref);
	if (c_ref)
		s_ref = 0;
	else if (!ref_ok(m, s_ref))
		c_ref = -1;

	c = l2tpsec_replay_check(r, lo, esn, &s);
	if (c != c_ref || s != s_ref) {
		fprintf(stderr, "size %u esn %d top 0x%llx init 0x%llx: check(0x%08x) = %d 0x%llx, model %d 0x%llx\n",
			m->size, esn, (unsigned long long)m->top,
			(unsigned long long)m->init_top, lo, c,
			(unsigned long long)s, c_ref,
			(unsigned long long)s_ref);
		FUZZ_ASSERT(0);
	}
	*seq = s;
	return c;
}

static void do_update(struct l2tpsec_replay *r, struct model *m, u64 s)
{
	bool ok = ref_ok(m, s);
	int u = l2tpsec_replay_update(r, s);

	if (u != (ok ? 0 : -1)) {
		fprintf(stderr, "size %u top 0x%llx: update(0x%llx) = %d, model %d\n",
			m->size, (unsigned long long)m->top,
			(unsigned long long)s, u, ok);
		FUZZ_ASSERT(0);
	}
	if (ok)
		ref_accept(m, s);
	FUZZ_ASSERT(r->top == m->top);
}

/* every number of the window and a little above it */
static void scan(const struct l2tpsec_replay *r, const struct model *m,
		 bool esn)
{
	u32 n = m->size + 64, i;
	u64 x = m->top + 64, s;

	if (n > 2048)
		n = 2048;	/* the newest part of a big window */
	for (i = 0; i < n && x; i++, x--) {
		if (!esn && x > U32_MAX)
			continue;
		do_check(r, m, (u32)x, esn, &s);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fuzz_in in = { data, size };
	u64 pending[8], *bm;
	unsigned int npend = 0, ops = 0;
	struct l2tpsec_replay r;
	struct model m;
	u32 words, i;
	u8 cfg;
	bool esn;
	u64 t;

	if (size < 8)
		return 0;
	cfg = fuzz_u8(&in);
	esn = cfg & 0x10;
	m.size = (cfg & 15) == 15 ? (u32)fuzz_bytes(&in, 2) : sizes[cfg & 15];
	if ((cfg & 15) != 15)
		fuzz_bytes(&in, 2);
	if (m.size > 20000)
		m.size = 20000;
	t = fuzz_bytes(&in, 5);
	switch (cfg >> 5) {
	case 0:
		m.init_top = 0;
		break;
	case 1:
		m.init_top = t & 0xffff;
		break;
	case 2:
		m.init_top = 0x100000000ULL - 1 - (t & 0xffff);
		break;
	case 3:
		m.init_top = 0x200000000ULL + (t & 0x1ffff) - 0x10000;
		break;
	case 4:
		m.init_top = U64_MAX - (t & 0xffffff);
		break;
	case 5:
		m.init_top = t << 24;
		break;
	case 6:
		m.init_top = (u32)t;
		break;
	default:
		m.init_top = t << 8 | (t >> 32);
		break;
	}
	if (!esn)
		m.init_top &= U32_MAX;
	m.top = m.init_top;
	memset(set_tab, 0, sizeof(set_tab));

	words = l2tpsec_replay_words(m.size);
	FUZZ_ASSERT(words && !(words & (words - 1)));
	FUZZ_ASSERT((u64)words * 64 >= (u64)m.size + 64);
	bm = malloc(words * sizeof(u64));
	FUZZ_ASSERT(bm);
	memset(bm, 0xa5, words * sizeof(u64));
	l2tpsec_replay_init(&r, m.size, m.size ? bm : NULL, m.init_top);
	FUZZ_ASSERT(r.top == m.init_top && r.size == m.size &&
		    r.words == words);

	while (in.left >= 4 && ops++ < MAX_OPS) {
		u8 op = fuzz_u8(&in);
		u32 v = (u32)fuzz_bytes(&in, 3);
		u64 s, full;
		u32 lo;

		switch ((op >> 3) & 3) {
		case 0:		/* near the top */
			full = m.top + (v & 0xff) - 128;
			break;
		case 1:		/* inside the window or just out of it */
			full = m.top - (m.size ? v % (m.size + 2) : (v & 7));
			break;
		case 2:		/* above */
			full = m.top + 1 + (v % (3 * (u64)m.size + 300));
			break;
		default:	/* raw: v and the next byte as a low half */
			full = (u64)v << 8 | fuzz_u8(&in);
			if (esn)
				full |= m.top & 0xffffffff00000000ULL;
			break;
		}
		lo = (u32)full;

		switch (op & 7) {
		case 0:
		case 1:
		case 2:
		case 3:
			if (!do_check(&r, &m, lo, esn, &s))
				do_update(&r, &m, s);
			break;
		case 4:		/* ICV fails: nothing may change */
			t = r.top;
			do_check(&r, &m, lo, esn, &s);
			FUZZ_ASSERT(r.top == t);
			break;
		case 5:
			if (!do_check(&r, &m, lo, esn, &s) && npend < 8)
				pending[npend++] = s;
			break;
		case 6:
			for (i = 0; i < npend; i++)
				do_update(&r, &m, pending[(i + op) % npend]);
			npend = 0;
			break;
		default:	/* a jump, authenticated out of band */
			if (esn)
				s = m.top + ((u64)v << (op >> 5 << 1));
			else
				s = (u32)(m.top + ((u64)v << (op >> 5)));
			if (s)
				do_update(&r, &m, s);
			break;
		}
		if (!(ops & 63))
			scan(&r, &m, esn);
	}
	for (i = 0; i < npend; i++)
		do_update(&r, &m, pending[i]);
	scan(&r, &m, esn);
	free(bm);
	return 0;
}
