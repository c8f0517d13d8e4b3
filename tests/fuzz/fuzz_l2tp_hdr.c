// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for kernel/l2tp_hdr.c: l2tp_hdr_parse(),
 * l2tp_v3_parse_tail() and l2tp_ppp_parse() on arbitrary bytes, and
 * build/parse round trips of the headers the module sends.
 *
 * Input: one config byte, then the packet.
 *   bits 0-1: cookie length 0, 4, 8, or 2 (an odd size)
 *   bits 2-3: l2spec 0, 1, or 2-3 (invalid)
 *   bit 4:    expect the cookie that is in the packet (else a fixed one)
 *   bit 5:    round-trip mode: the packet bytes are builder parameters
 * Every parse works on an exact-size heap copy: ASan catches over-reads.
 */
#include "l2tp_hdr.h"
#include "fuzz_common.h"

static const u8 cookie_lens[4] = { 0, 4, 8, 2 };
static const u8 fixed_cookie[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void check_tail(const u8 *p, u32 len, u8 cfg)
{
	u8 cl = cookie_lens[cfg & 3];
	u8 l2spec = (cfg >> 2) & 3;
	u8 cookie[8];
	unsigned char *b = fuzz_dup(p, len);
	bool has_seq = true;
	u32 seq = 0xdeadbeef;
	int ret;

	if ((cfg & 0x10) && len >= cl)
		memcpy(cookie, p, cl);
	else
		memcpy(cookie, fixed_cookie, sizeof(cookie));

	ret = l2tp_v3_parse_tail(b, len, cookie, cl, l2spec, &has_seq, &seq);
	if (ret >= 0) {
		FUZZ_ASSERT(l2spec <= L2TP_L2SPEC_DEFAULT);
		FUZZ_ASSERT((u32)ret == cl + (l2spec ? 4u : 0u));
		FUZZ_ASSERT((u32)ret <= len);
		FUZZ_ASSERT(!memcmp(b, cookie, cl));
		FUZZ_ASSERT(l2spec || !has_seq);
		FUZZ_ASSERT(seq <= L2TP_V3_L2SPEC_SEQ);
		FUZZ_ASSERT(has_seq || !seq);
		if (has_seq)
			FUZZ_ASSERT(b[cl] & 0x40);
	} else {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ENOENT);
		FUZZ_ASSERT(!has_seq && !seq);
		if (l2spec > L2TP_L2SPEC_DEFAULT)
			FUZZ_ASSERT(ret == -EINVAL);
		if (ret == -ENOENT)
			FUZZ_ASSERT(memcmp(b, cookie, cl));
	}
	free(b);
}

static void check_ppp(const u8 *p, u32 len)
{
	unsigned char *b = fuzz_dup(p, len);
	u16 proto = 0;
	int ret = l2tp_ppp_parse(b, len, &proto);

	if (ret >= 0) {
		FUZZ_ASSERT(ret >= 1 && ret <= 4 && (u32)ret <= len);
		FUZZ_ASSERT(proto & 1);
		FUZZ_ASSERT(!(proto & 0x100));
		FUZZ_ASSERT(ret == 1 || ret == 3 ? proto < 0x100 : 1);
	} else {
		FUZZ_ASSERT(ret == -EINVAL);
	}
	free(b);
}

static void check_parse(const u8 *p, u32 len, u8 cfg)
{
	unsigned char *b = fuzz_dup(p, len);
	struct l2tp_hdr_info h;
	int ret = l2tp_hdr_parse(b, len, &h);
	u32 end;

	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -EPROTONOSUPPORT);
		if (ret == -EPROTONOSUPPORT)
			FUZZ_ASSERT(len >= 2 && (b[1] & 0xf) != 2 &&
				    (b[1] & 0xf) != 3);
		free(b);
		return;
	}
	FUZZ_ASSERT(h.version == (b[1] & 0xf));
	FUZZ_ASSERT(h.version == 2 || h.version == 3);
	FUZZ_ASSERT(h.ctrl == !!(b[0] & 0x80));
	FUZZ_ASSERT(h.hdr_len <= len);
	FUZZ_ASSERT(!h.length || (h.length >= h.hdr_len && h.length <= len));
	if (h.ctrl) {
		FUZZ_ASSERT(h.has_seq && h.hdr_len == 12 && h.length >= 12);
		FUZZ_ASSERT(h.version == 3 || h.tunnel_id <= 0xffff);
	} else if (h.version == 3) {
		FUZZ_ASSERT(h.hdr_len == 8 && h.session_id && !h.length);
		FUZZ_ASSERT(!h.has_seq && !h.tunnel_id);
	} else {
		FUZZ_ASSERT(h.hdr_len >= 6);
		FUZZ_ASSERT(h.tunnel_id <= 0xffff && h.session_id <= 0xffff);
	}

	end = h.length ? h.length : len;
	if (!h.ctrl && h.version == 3)
		check_tail(b + h.hdr_len, end - h.hdr_len, cfg);
	else if (!h.ctrl)
		check_ppp(b + h.hdr_len, end - h.hdr_len);
	free(b);
}

/* Build headers from the input's bytes, parse them back. */
static void check_roundtrip(const u8 *data, size_t size, u8 cfg)
{
	struct fuzz_in in = { data, size };
	struct l2tp_hdr_info h;
	u8 hdr[32], cookie[8];
	unsigned char *b;
	u32 n, trunc, seq;
	bool has_seq;
	int ret;

	if (fuzz_u8(&in) & 1) {
		u16 t = fuzz_bytes(&in, 2), s = fuzz_bytes(&in, 2);
		u16 ns = fuzz_bytes(&in, 2), nr = fuzz_bytes(&in, 2);
		bool sq = fuzz_u8(&in) & 1;

		n = l2tp_v2_build(hdr, t, s, sq, ns, nr);
		FUZZ_ASSERT(n == l2tp_v2_hdr_len(sq));
		b = fuzz_dup(hdr, n);
		FUZZ_ASSERT(!l2tp_hdr_parse(b, n, &h));
		FUZZ_ASSERT(h.version == 2 && !h.ctrl && h.has_seq == sq);
		FUZZ_ASSERT(h.tunnel_id == t && h.session_id == s);
		FUZZ_ASSERT(h.hdr_len == n && !h.length);
		FUZZ_ASSERT(!sq || (h.ns == ns && h.nr == nr));
		free(b);
		trunc = fuzz_u8(&in) % (n + 1);
		if (trunc < n) {
			b = fuzz_dup(hdr, trunc);
			FUZZ_ASSERT(l2tp_hdr_parse(b, trunc, &h) == -EINVAL);
			free(b);
		}
		return;
	}

	{
		u32 sid = fuzz_bytes(&in, 4) | 1;
		u8 cl = cookie_lens[cfg & 3];
		u8 l2spec = (cfg >> 2) & 1;
		bool sq = fuzz_u8(&in) & 1;
		u32 ns = fuzz_bytes(&in, 4);
		unsigned int i;

		for (i = 0; i < sizeof(cookie); i++)
			cookie[i] = fuzz_u8(&in);
		n = l2tp_v3_build(hdr, sid, cookie, cl, l2spec, sq, ns);
		FUZZ_ASSERT(n == l2tp_v3_hdr_len(cl, l2spec));
		b = fuzz_dup(hdr, n);
		FUZZ_ASSERT(!l2tp_hdr_parse(b, n, &h));
		FUZZ_ASSERT(h.version == 3 && !h.ctrl && h.session_id == sid);
		FUZZ_ASSERT(h.hdr_len == 8);
		ret = l2tp_v3_parse_tail(b + 8, n - 8, cookie, cl, l2spec,
					 &has_seq, &seq);
		FUZZ_ASSERT(ret == (int)(n - 8));
		FUZZ_ASSERT(has_seq == (l2spec && sq));
		FUZZ_ASSERT(!has_seq || seq == (ns & L2TP_V3_L2SPEC_SEQ));
		free(b);
		trunc = fuzz_u8(&in) % (n + 1);
		if (trunc < n) {
			b = fuzz_dup(hdr, trunc);
			ret = l2tp_hdr_parse(b, trunc, &h);
			if (trunc < 8) {
				FUZZ_ASSERT(ret == -EINVAL);
			} else {
				FUZZ_ASSERT(!ret);
				ret = l2tp_v3_parse_tail(b + 8, trunc - 8,
							 cookie, cl, l2spec,
							 &has_seq, &seq);
				FUZZ_ASSERT(ret == -EINVAL);
			}
			free(b);
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	u8 cfg;

	if (!size)
		return 0;
	cfg = data[0];
	data++;
	size--;
	if (size > 0xffff)
		return 0;

	if (cfg & 0x20) {
		check_roundtrip(data, size, cfg);
		return 0;
	}
	check_parse(data, (u32)size, cfg);
	/* the payload parsers on the raw bytes too */
	check_tail(data, (u32)size, cfg);
	check_ppp(data, (u32)size);
	return 0;
}
