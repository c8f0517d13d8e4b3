// SPDX-License-Identifier: GPL-2.0
/*
 * L2TP header parsing and building on flat byte buffers.
 *
 * Version 2 (RFC 2661 section 3.1):
 *
 *   |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *   |           Tunnel ID           |           Session ID          |
 *   |             Ns (opt)          |             Nr (opt)          |
 *   |      Offset Size (opt)        |    Offset pad... (opt)
 *
 * Version 3 over UDP (RFC 3931 sections 3.2.1 and 4.1.2.1), data:
 *
 *   |T|x|x|x|x|x|x|x|x|x|x|x|  Ver  |          Reserved             |
 *   |                           Session ID                          |
 *   |               Cookie (optional, maximum 64 bits)...
 *   |x|S|x|x|x|x|x|x|   Sequence Number (default L2-specific sublayer)
 *
 * and control (same first 16 bits, T set):
 *
 *   |T|L|x|x|S|x|x|x|x|x|x|x|  Ver  |             Length            |
 *   |                     Control Connection ID                     |
 *   |               Ns              |               Nr              |
 *
 * The builders write what Linux's net/l2tp sends: no L and no O bit in
 * v2 data, Nr as given (Linux sends 0); a zero reserved field in v3 and a
 * sublayer word of S | Ns, or 0 when not sequencing.
 *
 * Pure logic: builds in the module and, with tests/unit/kshim.h, in
 * userspace tests and fuzzers.
 */
#include "l2tp_hdr.h"

static int l2tp_v2_parse(const u8 *p, u32 len, u16 flags,
			 struct l2tp_hdr_info *h)
{
	u32 off = 2;

	h->ctrl = !!(flags & L2TP_HDR_T);
	if (h->ctrl) {
		/* RFC 2661 3.1: L and S MUST be 1, O MUST be 0 */
		if (!(flags & L2TP_HDR_L) || !(flags & L2TP_HDR_S) ||
		    (flags & L2TP_HDR_O))
			return -EINVAL;
	}

	if (flags & L2TP_HDR_L) {
		if (len < off + 2)
			return -EINVAL;
		h->length = get_unaligned_be16(p + off);
		off += 2;
	}

	if (len < off + 4)
		return -EINVAL;
	h->tunnel_id = get_unaligned_be16(p + off);
	h->session_id = get_unaligned_be16(p + off + 2);
	off += 4;

	if (flags & L2TP_HDR_S) {
		if (len < off + 4)
			return -EINVAL;
		h->has_seq = true;
		h->ns = get_unaligned_be16(p + off);
		h->nr = get_unaligned_be16(p + off + 2);
		off += 4;
	}

	if (flags & L2TP_HDR_O) {
		if (len < off + 2)
			return -EINVAL;
		/* the pad starts after the Offset Size field itself */
		off += 2 + get_unaligned_be16(p + off);
		if (off > len)
			return -EINVAL;
	}

	if ((flags & L2TP_HDR_L) && (h->length < off || h->length > len))
		return -EINVAL;

	h->hdr_len = off;
	return 0;
}

static int l2tp_v3_parse(const u8 *p, u32 len, u16 flags,
			 struct l2tp_hdr_info *h)
{
	if (flags & L2TP_HDR_T) {
		/* RFC 3931 3.2.1: L and S MUST be 1 */
		if (!(flags & L2TP_HDR_L) || !(flags & L2TP_HDR_S))
			return -EINVAL;
		if (len < L2TP_CTRL_HDR_LEN)
			return -EINVAL;
		h->ctrl = true;
		h->length = get_unaligned_be16(p + 2);
		if (h->length < L2TP_CTRL_HDR_LEN || h->length > len)
			return -EINVAL;
		h->tunnel_id = get_unaligned_be32(p + 4);
		h->has_seq = true;
		h->ns = get_unaligned_be16(p + 8);
		h->nr = get_unaligned_be16(p + 10);
		h->hdr_len = L2TP_CTRL_HDR_LEN;
		return 0;
	}

	/*
	 * Data: the other flag bits and the reserved field are ignored on
	 * receipt (RFC 3931 4.1.2.1). Session ID 0 is reserved.
	 */
	if (len < L2TP_V3_DATA_HDR_LEN)
		return -EINVAL;
	h->session_id = get_unaligned_be32(p + 4);
	if (!h->session_id)
		return -EINVAL;
	h->hdr_len = L2TP_V3_DATA_HDR_LEN;
	return 0;
}

/**
 * l2tp_hdr_parse() - parse the fixed part of an L2TP header over UDP
 * @p: start of the UDP payload
 * @len: bytes available at @p
 * @h: filled in on success (contents undefined on error)
 *
 * Version 2: the optional Length, Ns/Nr and Offset fields are decoded
 * and bounds-checked: the header (with its offset pad) must fit in @len
 * and, when present, Length must lie between the header length and @len.
 * A control message must have L and S set and O clear.
 *
 * Version 3: a data header is 8 bytes ending with a non-zero session id
 * (the cookie and sublayer, which depend on the session, are parsed by
 * l2tp_v3_parse_tail()). A control header is 12 bytes with L and S set
 * and a valid Length.
 *
 * Return: 0 on success, -EINVAL if truncated or malformed,
 * -EPROTONOSUPPORT for a version other than 2 or 3.
 */
int l2tp_hdr_parse(const u8 *p, u32 len, struct l2tp_hdr_info *h)
{
	u16 flags;

	memset(h, 0, sizeof(*h));
	if (len < 2)
		return -EINVAL;

	flags = get_unaligned_be16(p);
	h->version = flags & L2TP_HDR_VER_MASK;
	switch (h->version) {
	case 2:
		return l2tp_v2_parse(p, len, flags, h);
	case 3:
		return l2tp_v3_parse(p, len, flags, h);
	default:
		return -EPROTONOSUPPORT;
	}
}

/* Compare without an early exit: the time does not tell how many bytes
 * of the cookie matched.
 */
static bool l2tp_cookie_equal(const u8 *a, const u8 *b, u8 n)
{
	u8 diff = 0;
	u8 i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/**
 * l2tp_v3_parse_tail() - check the cookie and parse the L2-specific sublayer
 * @p: first byte after the v3 session id
 * @len: bytes available at @p
 * @cookie: the cookie expected for the session
 * @cookie_len: its length (0, 4 or 8)
 * @l2spec: %L2TP_L2SPEC_NONE or %L2TP_L2SPEC_DEFAULT
 * @has_seq: set to whether the sublayer carries a sequence number (S bit)
 * @seq: set to the 24-bit sequence number when @has_seq, else 0
 *
 * Return: number of bytes consumed (cookie + sublayer), -EINVAL if
 * truncated or @l2spec is unknown, -ENOENT if the cookie does not match.
 */
int l2tp_v3_parse_tail(const u8 *p, u32 len, const u8 *cookie, u8 cookie_len,
		       u8 l2spec, bool *has_seq, u32 *seq)
{
	u32 need = cookie_len;
	u32 l2h;

	*has_seq = false;
	*seq = 0;

	if (l2spec == L2TP_L2SPEC_DEFAULT)
		need += 4;
	else if (l2spec != L2TP_L2SPEC_NONE)
		return -EINVAL;
	if (len < need)
		return -EINVAL;

	if (!l2tp_cookie_equal(p, cookie, cookie_len))
		return -ENOENT;

	if (l2spec == L2TP_L2SPEC_DEFAULT) {
		l2h = get_unaligned_be32(p + cookie_len);
		if (l2h & L2TP_V3_L2SPEC_S) {
			*has_seq = true;
			*seq = l2h & L2TP_V3_L2SPEC_SEQ;
		}
	}
	return need;
}

/**
 * l2tp_v3_hdr_len() - length of the v3 data header l2tp_v3_build() writes
 * @cookie_len: cookie length (0, 4 or 8)
 * @l2spec: %L2TP_L2SPEC_NONE or %L2TP_L2SPEC_DEFAULT (others count as none)
 *
 * Return: bytes of header, from the flags word to the end of the sublayer.
 */
u32 l2tp_v3_hdr_len(u8 cookie_len, u8 l2spec)
{
	return L2TP_V3_DATA_HDR_LEN + cookie_len +
	       (l2spec == L2TP_L2SPEC_DEFAULT ? 4 : 0);
}

/**
 * l2tp_v3_build() - write an L2TPv3-over-UDP data header
 * @buf: room for l2tp_v3_hdr_len(@cookie_len, @l2spec) bytes
 * @session_id: the peer's session id
 * @cookie: the cookie to send (may be NULL when @cookie_len is 0)
 * @cookie_len: its length (0, 4 or 8)
 * @l2spec: %L2TP_L2SPEC_NONE or %L2TP_L2SPEC_DEFAULT (others count as none)
 * @seq: put a sequence number in the default sublayer
 * @ns: the sequence number (its low 24 bits are sent)
 *
 * Return: bytes written, as l2tp_v3_hdr_len().
 */
u32 l2tp_v3_build(u8 *buf, u32 session_id, const u8 *cookie, u8 cookie_len,
		  u8 l2spec, bool seq, u32 ns)
{
	u32 off = L2TP_V3_DATA_HDR_LEN;

	put_unaligned_be16(3, buf);
	put_unaligned_be16(0, buf + 2);
	put_unaligned_be32(session_id, buf + 4);
	if (cookie_len) {
		memcpy(buf + off, cookie, cookie_len);
		off += cookie_len;
	}
	if (l2spec == L2TP_L2SPEC_DEFAULT) {
		put_unaligned_be32(seq ? L2TP_V3_L2SPEC_S |
					 (ns & L2TP_V3_L2SPEC_SEQ) : 0,
				   buf + off);
		off += 4;
	}
	return off;
}

/**
 * l2tp_v2_hdr_len() - length of the v2 data header l2tp_v2_build() writes
 * @seq: with Ns/Nr
 *
 * Return: 10 with sequence numbers, else 6.
 */
u32 l2tp_v2_hdr_len(bool seq)
{
	return L2TP_V2_HDR_MIN + (seq ? 4 : 0);
}

/**
 * l2tp_v2_build() - write an L2TPv2 data header
 * @buf: room for l2tp_v2_hdr_len(@seq) bytes
 * @tunnel_id: the peer's tunnel id
 * @session_id: the peer's session id
 * @seq: set S and write Ns/Nr
 * @ns: Ns
 * @nr: Nr (reserved in data messages; Linux sends 0)
 *
 * No Length and no Offset field, as Linux sends them.
 *
 * Return: bytes written, as l2tp_v2_hdr_len().
 */
u32 l2tp_v2_build(u8 *buf, u16 tunnel_id, u16 session_id, bool seq, u16 ns,
		  u16 nr)
{
	put_unaligned_be16(seq ? 2 | L2TP_HDR_S : 2, buf);
	put_unaligned_be16(tunnel_id, buf + 2);
	put_unaligned_be16(session_id, buf + 4);
	if (!seq)
		return L2TP_V2_HDR_MIN;
	put_unaligned_be16(ns, buf + 6);
	put_unaligned_be16(nr, buf + 8);
	return L2TP_V2_HDR_MIN + 4;
}

/**
 * l2tp_ppp_parse() - find the protocol of a PPP frame carried in L2TPv2
 * @p: the frame, after the L2TP header
 * @len: its length
 * @proto: set to the PPP protocol number
 *
 * The address and control bytes (FF 03) are optional (address and
 * control field compression). The protocol field is one byte when its
 * value is odd (protocol field compression), else two bytes whose first
 * is even and second odd (RFC 1661 section 2).
 *
 * Return: bytes before the PPP information field (0 to 4), or -EINVAL if
 * truncated or the protocol field is invalid.
 */
int l2tp_ppp_parse(const u8 *p, u32 len, u16 *proto)
{
	u32 off = 0;

	if (len >= 2 && get_unaligned_be16(p) == PPP_ADDR_CTRL)
		off = 2;
	if (len < off + 1)
		return -EINVAL;
	if (p[off] & 1) {
		*proto = p[off];
		return off + 1;
	}
	if (len < off + 2 || !(p[off + 1] & 1))
		return -EINVAL;
	*proto = get_unaligned_be16(p + off);
	return off + 2;
}
