/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2TP header parsing and building (RFC 2661 for version 2, RFC 3931
 * for version 3 over UDP). Pure logic on byte buffers: no skb, no
 * allocation; every read is bounds-checked against the given length.
 */
#ifndef _L2TPSEC_L2TP_HDR_H
#define _L2TPSEC_L2TP_HDR_H

#include "pure_compat.h"

#define L2TP_HDR_T		0x8000	/* control message */
#define L2TP_HDR_L		0x4000	/* length present (v2, control) */
#define L2TP_HDR_S		0x0800	/* Ns/Nr present (v2, control) */
#define L2TP_HDR_O		0x0200	/* offset size present (v2) */
#define L2TP_HDR_P		0x0100	/* priority (v2) */
#define L2TP_HDR_VER_MASK	0x000f

#define L2TP_V3_L2SPEC_S	0x40000000	/* default sublayer S bit */
#define L2TP_V3_L2SPEC_SEQ	0x00ffffff

/* @l2spec arguments: the values of enum l2tpsec_l2spec (uapi) */
#define L2TP_L2SPEC_NONE	0
#define L2TP_L2SPEC_DEFAULT	1

#define L2TP_V2_HDR_MIN		6	/* flags, tunnel id, session id */
#define L2TP_V3_DATA_HDR_LEN	8	/* flags, reserved, session id */
#define L2TP_CTRL_HDR_LEN	12	/* v2 and v3 control header */

#define PPP_ADDR_CTRL		0xff03
#define PPP_PROTO_IP		0x0021
#define PPP_PROTO_IPV6		0x0057

/**
 * struct l2tp_hdr_info - what the fixed part of a header says
 * @version: 2 or 3
 * @ctrl: T bit set: a control message (L and S checked, the AVPs are not
 *	parsed)
 * @has_seq: Ns and Nr are valid: v2 S bit, always for control messages
 * @tunnel_id: v2 tunnel id; v3 control: Control Connection ID; v3 data: 0
 * @session_id: v2 or v3 session id (0 for v3 control)
 * @ns: Ns (v2, or v3 control)
 * @nr: Nr (v2, or v3 control); RFC 2661 says to ignore it in data
 * @hdr_len: bytes up to the session data (v2: after the offset pad;
 *	v3 data: after the session id, before cookie and sublayer;
 *	control: 12, the AVPs follow)
 * @length: the header's Length field (v2 L bit, control messages), 0 if
 *	absent. When non-zero, hdr_len <= length <= the buffer length has
 *	been checked and the caller should trim the packet to @length
 *	(anything after it is padding).
 */
struct l2tp_hdr_info {
	u8 version;
	bool ctrl;
	bool has_seq;
	u32 tunnel_id;
	u32 session_id;
	u16 ns;
	u16 nr;
	u32 hdr_len;
	u32 length;
};

int l2tp_hdr_parse(const u8 *p, u32 len, struct l2tp_hdr_info *h);
int l2tp_v3_parse_tail(const u8 *p, u32 len, const u8 *cookie, u8 cookie_len,
		       u8 l2spec, bool *has_seq, u32 *seq);
u32 l2tp_v3_hdr_len(u8 cookie_len, u8 l2spec);
u32 l2tp_v3_build(u8 *buf, u32 session_id, const u8 *cookie, u8 cookie_len,
		  u8 l2spec, bool seq, u32 ns);
u32 l2tp_v2_hdr_len(bool seq);
u32 l2tp_v2_build(u8 *buf, u16 tunnel_id, u16 session_id, bool seq, u16 ns,
		  u16 nr);
int l2tp_ppp_parse(const u8 *p, u32 len, u16 *proto);

#endif
