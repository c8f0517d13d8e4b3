// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel/l2tp_hdr.c: L2TPv2 (RFC 2661 section 3.1) and
 * L2TPv3-over-UDP (RFC 3931 sections 3.2.1, 4.1.2.1, 4.6) header parsing
 * and building, PPP protocol field parsing (RFC 1661 section 2, RFC 1662
 * section 3.2). Every parse runs on a heap copy of exactly
 * the given length, so ASan reports any read past it.
 */
#include "l2tp_hdr.h"
#include "ktest.h"

static int parse(const void *p, u32 len, struct l2tp_hdr_info *h)
{
	unsigned char *b = kt_dup(p, len);
	int ret = l2tp_hdr_parse(b, len, h);

	free(b);
	return ret;
}

static int tail(const void *p, u32 len, const u8 *cookie, u8 cookie_len,
		u8 l2spec, bool *has_seq, u32 *seq)
{
	unsigned char *b = kt_dup(p, len);
	int ret = l2tp_v3_parse_tail(b, len, cookie, cookie_len, l2spec,
				     has_seq, seq);

	free(b);
	return ret;
}

static int ppp(const void *p, u32 len, u16 *proto)
{
	unsigned char *b = kt_dup(p, len);
	int ret = l2tp_ppp_parse(b, len, proto);

	free(b);
	return ret;
}

static const u8 cookie4[4] = { 0xde, 0xad, 0xbe, 0xef };
static const u8 cookie8[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

/* ------------------------------------------------ wire vectors (Linux) */

static void test_v2_build_wire(void)
{
	/* what net/l2tp sends for a PPP session, without and with seq */
	static const u8 v_noseq[] = { 0x00, 0x02, 0x12, 0x34, 0xab, 0xcd };
	static const u8 v_seq[] = { 0x08, 0x02, 0x12, 0x34, 0xab, 0xcd,
				    0x00, 0x05, 0x00, 0x00 };
	static const u8 v_seq2[] = { 0x08, 0x02, 0x00, 0x01, 0x00, 0x02,
				     0xff, 0xff, 0x80, 0x01 };
	u8 buf[16];

	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(l2tp_v2_hdr_len(false), 6);
	CHECK_EQ(l2tp_v2_build(buf, 0x1234, 0xabcd, false, 7, 8), 6);
	CHECK(!memcmp(buf, v_noseq, sizeof(v_noseq)));
	CHECK_EQ(buf[6], 0xee);

	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(l2tp_v2_hdr_len(true), 10);
	CHECK_EQ(l2tp_v2_build(buf, 0x1234, 0xabcd, true, 5, 0), 10);
	CHECK(!memcmp(buf, v_seq, sizeof(v_seq)));
	CHECK_EQ(buf[10], 0xee);

	CHECK_EQ(l2tp_v2_build(buf, 1, 2, true, 0xffff, 0x8001), 10);
	CHECK(!memcmp(buf, v_seq2, sizeof(v_seq2)));
}

static void test_v3_build_wire(void)
{
	static const u8 v_plain[] = { 0x00, 0x03, 0x00, 0x00,
				      0x11, 0x22, 0x33, 0x44 };
	static const u8 v_l2_noseq[] = { 0x00, 0x03, 0x00, 0x00,
					 0x11, 0x22, 0x33, 0x44,
					 0x00, 0x00, 0x00, 0x00 };
	static const u8 v_l2_seq[] = { 0x00, 0x03, 0x00, 0x00,
				       0x11, 0x22, 0x33, 0x44,
				       0x40, 0x12, 0x34, 0x56 };
	static const u8 v_c4_l2_seq[] = { 0x00, 0x03, 0x00, 0x00,
					  0x00, 0x00, 0x00, 0x64,
					  0xde, 0xad, 0xbe, 0xef,
					  0x40, 0xab, 0xcd, 0xef };
	static const u8 v_c8[] = { 0x00, 0x03, 0x00, 0x00,
				   0xff, 0xff, 0xff, 0xff,
				   0x01, 0x23, 0x45, 0x67,
				   0x89, 0xab, 0xcd, 0xef };
	u8 buf[32];

	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(l2tp_v3_hdr_len(0, L2TP_L2SPEC_NONE), 8);
	CHECK_EQ(l2tp_v3_build(buf, 0x11223344, NULL, 0, L2TP_L2SPEC_NONE,
			       true, 9), 8);
	CHECK(!memcmp(buf, v_plain, sizeof(v_plain)));
	CHECK_EQ(buf[8], 0xee);

	CHECK_EQ(l2tp_v3_hdr_len(0, L2TP_L2SPEC_DEFAULT), 12);
	CHECK_EQ(l2tp_v3_build(buf, 0x11223344, NULL, 0, L2TP_L2SPEC_DEFAULT,
			       false, 0x123456), 12);
	CHECK(!memcmp(buf, v_l2_noseq, sizeof(v_l2_noseq)));

	CHECK_EQ(l2tp_v3_build(buf, 0x11223344, NULL, 0, L2TP_L2SPEC_DEFAULT,
			       true, 0x123456), 12);
	CHECK(!memcmp(buf, v_l2_seq, sizeof(v_l2_seq)));

	/* only the low 24 bits of Ns go out */
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(l2tp_v3_hdr_len(4, L2TP_L2SPEC_DEFAULT), 16);
	CHECK_EQ(l2tp_v3_build(buf, 100, cookie4, 4, L2TP_L2SPEC_DEFAULT,
			       true, 0xffabcdef), 16);
	CHECK(!memcmp(buf, v_c4_l2_seq, sizeof(v_c4_l2_seq)));
	CHECK_EQ(buf[16], 0xee);

	CHECK_EQ(l2tp_v3_hdr_len(8, L2TP_L2SPEC_NONE), 16);
	CHECK_EQ(l2tp_v3_build(buf, 0xffffffff, cookie8, 8, L2TP_L2SPEC_NONE,
			       false, 0), 16);
	CHECK(!memcmp(buf, v_c8, sizeof(v_c8)));
	CHECK_EQ(l2tp_v3_hdr_len(8, L2TP_L2SPEC_DEFAULT), 20);
}

/* A captured-style L2TPv2 data packet with a PPP/IPv4 payload. */
static void test_v2_parse_wire(void)
{
	static const u8 pkt[] = {
		0x00, 0x02, 0x00, 0x0a, 0x00, 0x14,	/* t 10, s 20 */
		0xff, 0x03, 0x00, 0x21,			/* PPP, IPv4 */
		0x45, 0x00, 0x00, 0x14,
	};
	struct l2tp_hdr_info h;
	u16 proto = 0;

	CHECK_INT(parse(pkt, sizeof(pkt), &h), 0);
	CHECK_EQ(h.version, 2);
	CHECK(!h.ctrl);
	CHECK(!h.has_seq);
	CHECK_EQ(h.tunnel_id, 10);
	CHECK_EQ(h.session_id, 20);
	CHECK_EQ(h.hdr_len, 6);
	CHECK_EQ(h.length, 0);
	CHECK_INT(ppp(pkt + h.hdr_len, sizeof(pkt) - h.hdr_len, &proto), 4);
	CHECK_EQ(proto, PPP_PROTO_IP);
}

/* All the optional v2 fields: L, S, O with a pad, P, and reserved bits. */
/* RFC 2661 3.1: "x bits ... MUST be set to 0 on outgoing messages and
 * ignored on incoming messages"; the pad after Offset Size is skipped. */
static void test_v2_parse_options(void)
{
	static const u8 pkt[] = {
		0x4b, 0x02, 0x00, 0x14,		/* L S O P, length 20 */
		0x00, 0x07, 0x00, 0x08,		/* tunnel 7, session 8 */
		0x01, 0x02, 0x03, 0x04,		/* Ns 0x102, Nr 0x304 */
		0x00, 0x03, 0xaa, 0xbb, 0xcc,	/* offset 3 + pad */
		0x21, 0x45, 0x00,		/* PFC IPv4 */
		0x99, 0x99,			/* beyond Length */
	};
	static const u8 rsvd[] = {
		0x34, 0xf2, 0x00, 0x01, 0x00, 0x02,	/* x bits set */
	};
	struct l2tp_hdr_info h;
	u16 proto = 0;

	CHECK_INT(parse(pkt, sizeof(pkt), &h), 0);
	CHECK_EQ(h.version, 2);
	CHECK(!h.ctrl);
	CHECK(h.has_seq);
	CHECK_EQ(h.tunnel_id, 7);
	CHECK_EQ(h.session_id, 8);
	CHECK_EQ(h.ns, 0x102);
	CHECK_EQ(h.nr, 0x304);
	CHECK_EQ(h.hdr_len, 17);
	CHECK_EQ(h.length, 20);
	CHECK_INT(ppp(pkt + h.hdr_len, h.length - h.hdr_len, &proto), 1);
	CHECK_EQ(proto, PPP_PROTO_IP);

	/* reserved bits are ignored */
	CHECK_INT(parse(rsvd, sizeof(rsvd), &h), 0);
	CHECK_EQ(h.tunnel_id, 1);
	CHECK_EQ(h.session_id, 2);
	CHECK_EQ(h.hdr_len, 6);
}

/* RFC 2661 3.1: Length is the whole message; Offset Size counts the pad
 * octets after the Offset Size field. */
static void test_v2_length_offset(void)
{
	u8 b[64];
	struct l2tp_hdr_info h;
	u32 l;

	/* L: length from hdr_len to the buffer length is fine */
	memset(b, 0, sizeof(b));
	put_unaligned_be16(L2TP_HDR_L | 2, b);
	b[5] = 1;
	for (l = 0; l <= 40; l++) {
		put_unaligned_be16((u16)l, b + 2);
		CHECK_INT(parse(b, 32, &h), l >= 8 && l <= 32 ? 0 : -EINVAL);
		if (l >= 8 && l <= 32)
			CHECK_EQ(h.length, l);
	}

	/* O: offset size may take the header up to the buffer's end */
	memset(b, 0, sizeof(b));
	put_unaligned_be16(L2TP_HDR_O | 2, b);
	for (l = 0; l <= 40; l++) {
		put_unaligned_be16((u16)l, b + 6);
		CHECK_INT(parse(b, 32, &h), 8 + l <= 32 ? 0 : -EINVAL);
		if (8 + l <= 32)
			CHECK_EQ(h.hdr_len, 8 + l);
	}
	put_unaligned_be16(0xffff, b + 6);
	CHECK_INT(parse(b, 32, &h), -EINVAL);

	/* L and O: Length must cover the pad */
	memset(b, 0, sizeof(b));
	put_unaligned_be16(L2TP_HDR_L | L2TP_HDR_O | 2, b);
	put_unaligned_be16(4, b + 8);		/* hdr_len 14 */
	put_unaligned_be16(13, b + 2);
	CHECK_INT(parse(b, 32, &h), -EINVAL);
	put_unaligned_be16(14, b + 2);
	CHECK_INT(parse(b, 32, &h), 0);
	CHECK_EQ(h.hdr_len, 14);
	CHECK_EQ(h.length, 14);
	put_unaligned_be16(4000, b + 8);
	put_unaligned_be16(32, b + 2);
	CHECK_INT(parse(b, 32, &h), -EINVAL);
}

/* RFC 2661 3.1: in a control message (T) L and S MUST be 1 and O MUST
 * be 0. */
static void test_v2_control(void)
{
	static const u8 zlb[] = {
		0xc8, 0x02, 0x00, 0x0c, 0x00, 0x05, 0x00, 0x00,
		0x00, 0x03, 0x00, 0x04,
	};
	static const u8 sccrq[] = {
		0xc8, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* AVP */
		0x00, 0x00,					/* pad */
	};
	struct l2tp_hdr_info h;
	u8 b[sizeof(sccrq)];

	CHECK_INT(parse(zlb, sizeof(zlb), &h), 0);
	CHECK_EQ(h.version, 2);
	CHECK(h.ctrl);
	CHECK(h.has_seq);
	CHECK_EQ(h.tunnel_id, 5);
	CHECK_EQ(h.session_id, 0);
	CHECK_EQ(h.ns, 3);
	CHECK_EQ(h.nr, 4);
	CHECK_EQ(h.hdr_len, 12);
	CHECK_EQ(h.length, 12);

	CHECK_INT(parse(sccrq, sizeof(sccrq), &h), 0);
	CHECK(h.ctrl);
	CHECK_EQ(h.length, 20);

	/* T without L, without S, or with O: malformed */
	memcpy(b, sccrq, sizeof(b));
	put_unaligned_be16(0x8802, b);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(0xc002, b);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(0xca02, b);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(0, b + 12);		/* even with a sane offset */
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	/* P and reserved bits are ignored */
	put_unaligned_be16(0xc902, b);
	CHECK_INT(parse(b, sizeof(b), &h), 0);
	CHECK(h.ctrl);
	/* Length shorter than the header, longer than the packet */
	memcpy(b, sccrq, sizeof(b));
	put_unaligned_be16(11, b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(sizeof(b) + 1, b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(sizeof(b), b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), 0);
}

/* RFC 3931 3.2.1: T, L and S MUST be 1; 32-bit Control Connection ID. */
static void test_v3_control(void)
{
	static const u8 hello[] = {
		0xc8, 0x03, 0x00, 0x14,		/* T L S, v3, length 20 */
		0x12, 0x34, 0x56, 0x78,		/* control connection id */
		0x00, 0x09, 0x00, 0x0a,		/* Ns, Nr */
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
	};
	struct l2tp_hdr_info h;
	u8 b[sizeof(hello)];

	CHECK_INT(parse(hello, sizeof(hello), &h), 0);
	CHECK_EQ(h.version, 3);
	CHECK(h.ctrl);
	CHECK(h.has_seq);
	CHECK_EQ(h.tunnel_id, 0x12345678);
	CHECK_EQ(h.session_id, 0);
	CHECK_EQ(h.ns, 9);
	CHECK_EQ(h.nr, 10);
	CHECK_EQ(h.hdr_len, 12);
	CHECK_EQ(h.length, 20);

	memcpy(b, hello, sizeof(b));
	put_unaligned_be16(0x8803, b);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(0xc003, b);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	memcpy(b, hello, sizeof(b));
	put_unaligned_be16(11, b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(21, b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
	put_unaligned_be16(12, b + 2);		/* ZLB-sized */
	CHECK_INT(parse(b, sizeof(b), &h), 0);
	CHECK_EQ(h.length, 12);
	/* the control header is 12 bytes even if Length says otherwise */
	CHECK_INT(parse(b, 11, &h), -EINVAL);
}

/* RFC 3931 4.1.2.1: over UDP, T = 0, a reserved 16 bits ignored on
 * receipt, then the 32-bit Session ID (0 is reserved for control). */
static void test_v3_data(void)
{
	static const u8 pkt[] = {
		0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,	/* cookie */
		0x40, 0x00, 0x00, 0x2a,				/* seq 42 */
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55,		/* Ethernet */
	};
	struct l2tp_hdr_info h;
	bool has_seq = true;
	u32 seq = 1;
	u8 b[sizeof(pkt)];

	CHECK_INT(parse(pkt, sizeof(pkt), &h), 0);
	CHECK_EQ(h.version, 3);
	CHECK(!h.ctrl);
	CHECK(!h.has_seq);
	CHECK_EQ(h.tunnel_id, 0);
	CHECK_EQ(h.session_id, 0x1001);
	CHECK_EQ(h.hdr_len, 8);
	CHECK_EQ(h.length, 0);
	CHECK_INT(tail(pkt + 8, sizeof(pkt) - 8, cookie8, 8,
		       L2TP_L2SPEC_DEFAULT, &has_seq, &seq), 12);
	CHECK(has_seq);
	CHECK_EQ(seq, 42);

	/* v2 flag bits and the reserved field are ignored in v3 data */
	memcpy(b, pkt, sizeof(b));
	put_unaligned_be16(0x4b03, b);
	put_unaligned_be16(0xbeef, b + 2);
	CHECK_INT(parse(b, sizeof(b), &h), 0);
	CHECK(!h.ctrl);
	CHECK_EQ(h.session_id, 0x1001);
	CHECK_EQ(h.hdr_len, 8);
	CHECK_EQ(h.length, 0);

	/* session id 0 is reserved */
	memcpy(b, pkt, sizeof(b));
	put_unaligned_be32(0, b + 4);
	CHECK_INT(parse(b, sizeof(b), &h), -EINVAL);
}

/* RFC 3931 4.1 (cookie 0, 32 or 64 bits) and 4.6 (default L2-Specific
 * Sublayer: S bit, 24-bit sequence number, ignored when S is 0). */
static void test_v3_tail(void)
{
	u8 b[16] = { 0 };
	bool has_seq;
	u32 seq;
	unsigned int i;

	/* no cookie, no sublayer: nothing to consume */
	CHECK_INT(tail(b, 0, NULL, 0, L2TP_L2SPEC_NONE, &has_seq, &seq), 0);
	CHECK(!has_seq);

	/* sublayer without S: the number is ignored */
	put_unaligned_be32(0x00abcdef, b);
	CHECK_INT(tail(b, 4, NULL, 0, L2TP_L2SPEC_DEFAULT, &has_seq, &seq), 4);
	CHECK(!has_seq);
	CHECK_EQ(seq, 0);
	/* S, and the other bits of the first byte ignored */
	put_unaligned_be32(0xffabcdef, b);
	CHECK_INT(tail(b, 4, NULL, 0, L2TP_L2SPEC_DEFAULT, &has_seq, &seq), 4);
	CHECK(has_seq);
	CHECK_EQ(seq, 0xabcdef);
	put_unaligned_be32(0x40000000, b);
	CHECK_INT(tail(b, 4, NULL, 0, L2TP_L2SPEC_DEFAULT, &has_seq, &seq), 4);
	CHECK(has_seq);
	CHECK_EQ(seq, 0);

	/* unknown sublayer type */
	CHECK_INT(tail(b, 16, NULL, 0, 2, &has_seq, &seq), -EINVAL);
	CHECK_INT(tail(b, 16, NULL, 0, 255, &has_seq, &seq), -EINVAL);

	/* cookies: each wrong byte is caught */
	memcpy(b, cookie8, 8);
	put_unaligned_be32(0x40000007, b + 8);
	CHECK_INT(tail(b, 12, cookie8, 8, L2TP_L2SPEC_DEFAULT, &has_seq,
		       &seq), 12);
	CHECK_EQ(seq, 7);
	CHECK_INT(tail(b, 12, cookie8, 8, L2TP_L2SPEC_NONE, &has_seq, &seq), 8);
	CHECK(!has_seq);
	for (i = 0; i < 8; i++) {
		b[i] ^= 0x10;
		CHECK_INT(tail(b, 12, cookie8, 8, L2TP_L2SPEC_DEFAULT,
			       &has_seq, &seq), -ENOENT);
		b[i] ^= 0x10;
	}
	memcpy(b, cookie4, 4);
	CHECK_INT(tail(b, 4, cookie4, 4, L2TP_L2SPEC_NONE, &has_seq, &seq), 4);
	b[3] = 0;
	CHECK_INT(tail(b, 4, cookie4, 4, L2TP_L2SPEC_NONE, &has_seq, &seq),
		  -ENOENT);
}

/* RFC 2661 3.1: "a packet received with an unknown Ver field MUST be
 * discarded"; version 1 is L2F (RFC 2341). */
static void test_bad_versions(void)
{
	u8 b[32];
	struct l2tp_hdr_info h;
	unsigned int v, t;

	memset(b, 0, sizeof(b));
	b[7] = 1;
	for (t = 0; t < 2; t++) {
		for (v = 0; v < 16; v++) {
			put_unaligned_be16((t ? 0xc800 : 0) | v, b);
			if (v == 2 || v == 3)
				continue;
			CHECK_INT(parse(b, sizeof(b), &h), -EPROTONOSUPPORT);
		}
	}
	CHECK_INT(parse(b, 0, &h), -EINVAL);
	CHECK_INT(parse(b, 1, &h), -EINVAL);
	/* L2F-looking: version 1 */
	put_unaligned_be16(0x0001, b);
	CHECK_INT(parse(b, 2, &h), -EPROTONOSUPPORT);
}

/*
 * Every prefix of a valid message shorter than what the header needs
 * (the header itself, or Length when present) fails; longer ones parse
 * to the same result. The copies are exact-size heap blocks.
 */
struct vec {
	const char *name;
	const u8 *p;
	u32 len;
	u32 need;
};

static void test_truncations(void)
{
	static const u8 v2_plain[] = { 0x00, 0x02, 0, 1, 0, 2, 0xff, 0x03,
				       0x00, 0x21 };
	static const u8 v2_seq[] = { 0x08, 0x02, 0, 1, 0, 2, 0, 3, 0, 4, 0x21 };
	static const u8 v2_all[] = { 0x4a, 0x02, 0x00, 0x13, 0, 1, 0, 2,
				     0, 3, 0, 4, 0x00, 0x02, 0xaa, 0xbb,
				     0xff, 0x03, 0x57, 0xee };
	static const u8 v2_len[] = { 0x40, 0x02, 0x00, 0x09, 0, 1, 0, 2,
				     0x57, 0xee, 0xee };
	static const u8 v2_ctrl[] = { 0xc8, 0x02, 0x00, 0x0e, 0, 1, 0, 0,
				      0, 0, 0, 1, 0xab, 0xcd };
	static const u8 v3_data[] = { 0x00, 0x03, 0, 0, 0, 0, 0, 9, 1, 2 };
	static const u8 v3_ctrl[] = { 0xc8, 0x03, 0x00, 0x0d, 0, 0, 0, 7,
				      0, 0, 0, 0, 0x42 };
	static const struct vec vecs[] = {
		{ "v2 plain", v2_plain, sizeof(v2_plain), 6 },
		{ "v2 seq", v2_seq, sizeof(v2_seq), 10 },
		{ "v2 L S O", v2_all, sizeof(v2_all), 19 },
		{ "v2 L", v2_len, sizeof(v2_len), 9 },
		{ "v2 ctrl", v2_ctrl, sizeof(v2_ctrl), 14 },
		{ "v3 data", v3_data, sizeof(v3_data), 8 },
		{ "v3 ctrl", v3_ctrl, sizeof(v3_ctrl), 13 },
	};
	unsigned int i;
	u32 l;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		struct l2tp_hdr_info full, h;

		CHECK_INT(parse(v->p, v->len, &full), 0);
		for (l = 0; l <= v->len; l++) {
			int ret = parse(v->p, l, &h);

			if (l < v->need) {
				if (ret != -EINVAL)
					KT_FAIL_MSG("%s: len %u parsed (%d)",
						    v->name, l, ret);
			} else {
				CHECK_INT(ret, 0);
				CHECK(!memcmp(&h, &full, sizeof(h)));
			}
		}
	}
}

/*
 * A reference L2TPv2 encoder for every optional field (the module's
 * builder only writes what Linux sends): flags word, Length (L), tunnel
 * and session, Ns/Nr (S), Offset Size and pad (O), then the payload; the
 * Length field, when present, covers the whole message (RFC 2661 3.1).
 */
static u32 ref_v2(u8 *b, u16 flags, u16 t, u16 s, u16 ns, u16 nr,
		  u16 pad, u32 payload)
{
	u32 off = 2, lenoff = 0, i;

	put_unaligned_be16(flags, b);
	if (flags & L2TP_HDR_L) {
		lenoff = off;
		off += 2;
	}
	put_unaligned_be16(t, b + off);
	put_unaligned_be16(s, b + off + 2);
	off += 4;
	if (flags & L2TP_HDR_S) {
		put_unaligned_be16(ns, b + off);
		put_unaligned_be16(nr, b + off + 2);
		off += 4;
	}
	if (flags & L2TP_HDR_O) {
		put_unaligned_be16(pad, b + off);
		off += 2;
		for (i = 0; i < pad; i++)
			b[off++] = 0xa0 + i;
	}
	for (i = 0; i < payload; i++)
		b[off++] = 0x50 + i;
	if (flags & L2TP_HDR_L)
		put_unaligned_be16((u16)off, b + lenoff);
	return off;
}

/*
 * Every combination of T, L, S, O, P and the version's neighbours, with
 * pads 0..9 and payloads 0..3: build with the reference encoder, parse,
 * compare each field; a control message without L or S or with O is
 * refused; each truncation of the message is refused when it cuts the
 * header or (with L) the Length, and parses to the same header otherwise.
 */
static void test_v2_ref_roundtrip(void)
{
	static const u16 bits[] = { L2TP_HDR_T, L2TP_HDR_L, L2TP_HDR_S,
				    L2TP_HDR_O, L2TP_HDR_P };
	unsigned int combo, k;
	u16 pad;
	u32 payload, l;

	for (combo = 0; combo < 32; combo++) {
		u16 flags = 2;

		for (k = 0; k < 5; k++)
			if (combo & (1u << k))
				flags |= bits[k];
		for (pad = 0; pad < 10; pad++) {
			for (payload = 0; payload < 4; payload++) {
				bool ctrl = flags & L2TP_HDR_T;
				bool valid = !ctrl ||
					((flags & L2TP_HDR_L) &&
					 (flags & L2TP_HDR_S) &&
					 !(flags & L2TP_HDR_O));
				u32 hl = 6 + (flags & L2TP_HDR_L ? 2 : 0) +
					 (flags & L2TP_HDR_S ? 4 : 0) +
					 (flags & L2TP_HDR_O ? 2 + pad : 0);
				struct l2tp_hdr_info h, full;
				u8 b[64];
				u32 n;

				if (pad && !(flags & L2TP_HDR_O))
					continue;
				n = ref_v2(b, flags, 0x1234 + combo, 0xfedc,
					   0x0102, 0x0304, pad, payload);
				CHECK_EQ(n, hl + payload);
				if (!valid) {
					CHECK_INT(parse(b, n, &h), -EINVAL);
					continue;
				}
				CHECK_INT(parse(b, n, &full), 0);
				CHECK_EQ(full.version, 2);
				CHECK_EQ(full.ctrl, ctrl);
				CHECK_EQ(full.has_seq, !!(flags & L2TP_HDR_S));
				CHECK_EQ(full.tunnel_id, 0x1234 + combo);
				CHECK_EQ(full.session_id, 0xfedc);
				CHECK_EQ(full.ns, flags & L2TP_HDR_S ? 0x0102 : 0);
				CHECK_EQ(full.nr, flags & L2TP_HDR_S ? 0x0304 : 0);
				CHECK_EQ(full.hdr_len, hl);
				CHECK_EQ(full.length, flags & L2TP_HDR_L ? n : 0);
				/* trailing padding after Length is allowed */
				if (flags & L2TP_HDR_L) {
					CHECK_INT(parse(b, n + 3, &h), 0);
					CHECK(!memcmp(&h, &full, sizeof(h)));
				}
				for (l = 0; l < n; l++) {
					int ret = parse(b, l, &h);

					if (l < hl || (flags & L2TP_HDR_L)) {
						if (ret != -EINVAL)
							KT_FAIL_MSG("flags 0x%04x pad %u: len %u of %u parsed (%d)",
								    flags, pad, l, n, ret);
					} else {
						CHECK_INT(ret, 0);
						CHECK(!memcmp(&h, &full, sizeof(h)));
					}
				}
			}
		}
	}
}

/*
 * RFC 3931 3.2.1 control header with 0..5 bytes of AVPs, and the data
 * header (4.1.2.1) from l2tp_v3_build() with cookie 0/4/8 and sublayer
 * none/default, with and without sequencing: parse back, then every
 * truncation.
 */
static void test_v3_ref_roundtrip(void)
{
	static const u8 cls[] = { 0, 4, 8 };
	unsigned int c, l2, sq, avp;
	u32 l;

	for (avp = 0; avp < 6; avp++) {
		struct l2tp_hdr_info h;
		u8 b[32];
		u32 n = 12 + avp;

		memset(b, 0x77, sizeof(b));
		put_unaligned_be16(L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | 3, b);
		put_unaligned_be16((u16)n, b + 2);
		put_unaligned_be32(0x80000001u + avp, b + 4);
		put_unaligned_be16(0xabcd, b + 8);
		put_unaligned_be16(0x1234, b + 10);
		CHECK_INT(parse(b, n, &h), 0);
		CHECK(h.ctrl && h.has_seq);
		CHECK_EQ(h.version, 3);
		CHECK_EQ(h.tunnel_id, 0x80000001u + avp);
		CHECK_EQ(h.ns, 0xabcd);
		CHECK_EQ(h.nr, 0x1234);
		CHECK_EQ(h.hdr_len, 12);
		CHECK_EQ(h.length, n);
		for (l = 0; l < n; l++)
			CHECK_INT(parse(b, l, &h), -EINVAL);
	}

	for (c = 0; c < 3; c++) {
		for (l2 = 0; l2 < 2; l2++) {
			for (sq = 0; sq < 2; sq++) {
				struct l2tp_hdr_info h;
				u8 b[32];
				u32 n, seq;
				bool has_seq;

				n = l2tp_v3_build(b, 0xc0ffee00u + c, cookie8,
						  cls[c], l2, sq, 0x01abcdefu);
				CHECK_EQ(n, 8 + cls[c] + 4 * l2);
				CHECK_INT(parse(b, n, &h), 0);
				CHECK(!h.ctrl && !h.has_seq && !h.length);
				CHECK_EQ(h.version, 3);
				CHECK_EQ(h.session_id, 0xc0ffee00u + c);
				CHECK_EQ(h.hdr_len, 8);
				CHECK_INT(tail(b + 8, n - 8, cookie8, cls[c], l2,
					       &has_seq, &seq), (int)(n - 8));
				CHECK_EQ(has_seq, l2 && sq);
				CHECK_EQ(seq, l2 && sq ? 0xabcdef : 0);
				for (l = 0; l < n; l++) {
					int ret = parse(b, l, &h);

					if (l < 8) {
						CHECK_INT(ret, -EINVAL);
						continue;
					}
					CHECK_INT(ret, 0);
					CHECK_INT(tail(b + 8, l - 8, cookie8,
						       cls[c], l2, &has_seq,
						       &seq), -EINVAL);
				}
			}
		}
	}
}

static void test_tail_truncations(void)
{
	static const u8 cl[] = { 0, 4, 8 };
	u8 b[16];
	unsigned int c, s;
	u32 l;

	memcpy(b, cookie8, 8);
	put_unaligned_be32(0x40000001, b + 8);
	for (c = 0; c < 3; c++) {
		for (s = 0; s < 2; s++) {
			u32 need = cl[c] + (s ? 4 : 0);
			u8 pkt[16];

			memcpy(pkt, cookie8, cl[c]);
			put_unaligned_be32(0x40000001, pkt + cl[c]);
			for (l = 0; l <= need + 2; l++) {
				bool has_seq;
				u32 seq;
				int ret = tail(pkt, l, cookie8, cl[c], s,
					       &has_seq, &seq);

				CHECK_INT(ret, l < need ? -EINVAL : (int)need);
				if (l >= need && s)
					CHECK(has_seq && seq == 1);
			}
		}
	}
}

/* RFC 1662 3.2 (address/control FF 03, may be compressed away, RFC 1661
 * 6.6) and RFC 1661 2 (protocol: odd last octet, even others; 1 octet
 * when compressed, 6.5). */
static void test_ppp(void)
{
	static const struct {
		u8 b[6];
		u32 len;
		int ret;
		u16 proto;
	} v[] = {
		{ { 0xff, 0x03, 0x00, 0x21, 0x45 }, 5, 4, 0x0021 },
		{ { 0xff, 0x03, 0x00, 0x21 }, 4, 4, 0x0021 },
		{ { 0xff, 0x03, 0x21, 0x45 }, 4, 3, 0x0021 },
		{ { 0xff, 0x03, 0x00, 0x57 }, 4, 4, 0x0057 },
		{ { 0xff, 0x03, 0x57 }, 3, 3, 0x0057 },
		{ { 0xff, 0x03, 0xc0, 0x21, 0x01 }, 5, 4, 0xc021 },	/* LCP */
		{ { 0xff, 0x03, 0x80, 0x21 }, 4, 4, 0x8021 },		/* IPCP */
		{ { 0x00, 0x21, 0x45 }, 3, 2, 0x0021 },			/* ACFC */
		{ { 0x21, 0x45 }, 2, 1, 0x0021 },			/* +PFC */
		{ { 0x57 }, 1, 1, 0x0057 },
		{ { 0xc0, 0x21 }, 2, 2, 0xc021 },
		{ { 0x00, 0x20 }, 2, -EINVAL, 0 },	/* even last byte */
		{ { 0xff, 0x03, 0x00, 0x20 }, 4, -EINVAL, 0 },
		{ { 0xff, 0x03, 0x00 }, 3, -EINVAL, 0 },	/* truncated */
		{ { 0xff, 0x03 }, 2, -EINVAL, 0 },
		{ { 0x00 }, 1, -EINVAL, 0 },
		{ { 0 }, 0, -EINVAL, 0 },
		{ { 0xff }, 1, 1, 0x00ff },	/* odd: a 1-byte protocol */
		{ { 0xff, 0x05 }, 2, 1, 0x00ff },
		{ { 0xff, 0x03, 0xff, 0x03 }, 4, 3, 0x00ff },
	};
	unsigned int i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		u16 proto = 0xdead;
		int ret = ppp(v[i].b, v[i].len, &proto);

		if (ret != v[i].ret || (ret >= 0 && proto != v[i].proto))
			KT_FAIL_MSG("ppp vector %u: ret %d proto 0x%04x", i,
				    ret, proto);
	}
}

static void test_roundtrip_random(void)
{
	u64 rng = 0xfeedface;
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		u8 buf[64], cookie[8];
		struct l2tp_hdr_info h;
		u32 n, hl, seq;
		bool has_seq, sq = kt_rand(&rng) & 1;

		if (kt_rand(&rng) & 1) {
			u16 t = (u16)kt_rand(&rng), s = (u16)kt_rand(&rng);
			u16 ns = (u16)kt_rand(&rng), nr = (u16)kt_rand(&rng);

			n = l2tp_v2_build(buf, t, s, sq, ns, nr);
			CHECK_EQ(n, l2tp_v2_hdr_len(sq));
			CHECK_INT(parse(buf, n, &h), 0);
			CHECK_EQ(h.version, 2);
			CHECK(!h.ctrl);
			CHECK_EQ(h.has_seq, sq);
			CHECK_EQ(h.tunnel_id, t);
			CHECK_EQ(h.session_id, s);
			CHECK_EQ(h.hdr_len, n);
			if (sq) {
				CHECK_EQ(h.ns, ns);
				CHECK_EQ(h.nr, nr);
			}
		} else {
			static const u8 cls[] = { 0, 4, 8 };
			u8 cl = cls[kt_below(&rng, 3)];
			u8 l2 = (u8)kt_below(&rng, 2);
			u32 sid = (u32)kt_rand(&rng) | 1;
			u32 ns = (u32)kt_rand(&rng);
			u64 c = kt_rand(&rng);
			int ret;

			memcpy(cookie, &c, sizeof(cookie));
			n = l2tp_v3_build(buf, sid, cookie, cl, l2, sq, ns);
			hl = l2tp_v3_hdr_len(cl, l2);
			CHECK_EQ(n, hl);
			CHECK_INT(parse(buf, n, &h), 0);
			CHECK_EQ(h.version, 3);
			CHECK(!h.ctrl);
			CHECK_EQ(h.session_id, sid);
			CHECK_EQ(h.hdr_len, 8);
			ret = tail(buf + 8, n - 8, cookie, cl, l2, &has_seq,
				   &seq);
			CHECK_INT(ret, n - 8);
			CHECK_EQ(has_seq, l2 && sq);
			if (l2 && sq)
				CHECK_EQ(seq, ns & 0xffffff);
		}
	}
}

/*
 * Every flags word with random bytes after it and every length up to
 * 24: never a read out of bounds (ASan), and the results are coherent.
 */
static void test_all_flags(void)
{
	u64 rng = 12345;
	u32 f, l;

	for (f = 0; f <= 0xffff; f++) {
		u8 b[24];
		unsigned int k;

		for (k = 0; k < sizeof(b); k++)
			b[k] = (u8)kt_rand(&rng);
		put_unaligned_be16((u16)f, b);
		/* small Length and Offset values to reach more paths */
		if (f & 1)
			put_unaligned_be16((u16)kt_below(&rng, 26), b + 2);
		for (l = 0; l <= sizeof(b); l++) {
			struct l2tp_hdr_info h;
			unsigned char *c = kt_dup(b, l);
			int ret = l2tp_hdr_parse(c, l, &h);
			u16 proto;

			if (!ret) {
				CHECK(h.version == 2 || h.version == 3);
				CHECK(h.hdr_len <= l);
				CHECK(!h.length ||
				      (h.length >= h.hdr_len && h.length <= l));
				CHECK(!h.ctrl || (h.has_seq && h.length));
				if (h.version == 3 && !h.ctrl)
					CHECK(h.session_id);
			} else {
				CHECK(ret == -EINVAL ||
				      ret == -EPROTONOSUPPORT);
			}
			ret = l2tp_ppp_parse(c, l, &proto);
			CHECK(ret == -EINVAL || (ret >= 1 && (u32)ret <= l));
			free(c);
		}
	}
}

int main(void)
{
	static const struct kt_case cases[] = {
		KT_CASE(test_v2_build_wire),
		KT_CASE(test_v3_build_wire),
		KT_CASE(test_v2_parse_wire),
		KT_CASE(test_v2_parse_options),
		KT_CASE(test_v2_length_offset),
		KT_CASE(test_v2_control),
		KT_CASE(test_v3_control),
		KT_CASE(test_v3_data),
		KT_CASE(test_v3_tail),
		KT_CASE(test_bad_versions),
		KT_CASE(test_truncations),
		KT_CASE(test_v2_ref_roundtrip),
		KT_CASE(test_v3_ref_roundtrip),
		KT_CASE(test_tail_truncations),
		KT_CASE(test_ppp),
		KT_CASE(test_roundtrip_random),
		KT_CASE(test_all_flags),
	};

	return kt_run("test_l2tp_hdr", cases, KT_ARRAY_SIZE(cases));
}
