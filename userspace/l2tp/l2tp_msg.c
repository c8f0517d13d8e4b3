// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 control message codec (RFC 2661 3.1, 4): header, AVP chain,
 * hidden AVPs (4.3), typed AVP decoders, writer and names for logs. All
 * decoded pointers are views into the caller's buffer (or scratch).
 */
#include <stdio.h>
#include <string.h>

#include "ikev2_crypto.h"	/* ike_wipe */
#include "l2tp_auth.h"		/* l2tp_md5 */
#include "l2tp_msg.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

/* ---------------------------------------------------------------- header */

int l2tp_hdr_parse(const uint8_t *p, size_t len, struct l2tp_hdr *h, const char **why)
{
	memset(h, 0, sizeof(*h));
	if (!p || len < 2)
		return fail(why, "message shorter than the L2TP header");
	h->flags = get16(p);
	if (!(h->flags & L2TP_HDR_T)) {
		if (why)
			*why = "data message";
		return -2;
	}
	if ((h->flags & L2TP_HDR_VER) != L2TP_VERSION)
		return fail(why, "not L2TP version 2");
	if ((h->flags & (L2TP_HDR_L | L2TP_HDR_S)) != (L2TP_HDR_L | L2TP_HDR_S))
		return fail(why, "control message without the L and S bits");
	if (h->flags & (L2TP_HDR_O | L2TP_HDR_P))
		return fail(why, "control message with the O or P bit");
	if (len < L2TP_HDR_LEN)
		return fail(why, "message shorter than the L2TP header");
	if (len > L2TP_MSG_MAX)
		return fail(why, "message too long");
	h->length = get16(p + 2);
	h->tunnel_id = get16(p + 4);
	h->session_id = get16(p + 6);
	h->ns = get16(p + 8);
	h->nr = get16(p + 10);
	if (h->length != len)
		return fail(why, "header length does not match the datagram");
	return 0;
}

/* ------------------------------------------------------------- AVP chain */

bool l2tp_avp_known(uint16_t type)
{
	return type <= L2TP_AVP_TYPE_MAX && type != 20;
}

int l2tp_msg_parse(const uint8_t *p, size_t len, struct l2tp_msg *m, const char **why)
{
	const uint8_t *rv = NULL;
	uint16_t rv_len = 0;
	size_t off = L2TP_HDR_LEN;
	bool first = true;
	int rc;

	m->zlb = false;
	m->type = 0;
	m->type_mandatory = false;
	m->n = 0;
	m->bad_avp = m->bad_vendor = 0;
	rc = l2tp_hdr_parse(p, len, &m->h, why);
	if (rc)
		return rc;
	if (len == L2TP_HDR_LEN) {
		m->zlb = true;
		return 0;
	}
	while (off < len) {
		struct l2tp_avp a;
		uint16_t fl, alen;

		if (len - off < L2TP_AVP_HDR_LEN)
			return fail(why, "AVP header truncated");
		fl = get16(p + off);
		alen = fl & L2TP_AVP_LEN;
		if (fl & L2TP_AVP_RSVD)
			return fail(why, "AVP reserved bits set");
		if (alen < L2TP_AVP_HDR_LEN)
			return fail(why, "AVP length below 6");
		if (alen > len - off)
			return fail(why, "AVP length past the end of the message");
		memset(&a, 0, sizeof(a));
		a.mandatory = fl & L2TP_AVP_M;
		a.hidden = fl & L2TP_AVP_H;
		a.vendor = get16(p + off + 2);
		a.type = get16(p + off + 4);
		a.val = p + off + L2TP_AVP_HDR_LEN;
		a.len = (uint16_t)(alen - L2TP_AVP_HDR_LEN);
		a.known = !a.vendor && l2tp_avp_known(a.type);
		off += alen;
		if (first) {
			first = false;
			if (a.vendor || a.type != L2TP_AVP_MSG_TYPE)
				return fail(why, "first AVP is not the Message Type");
			if (a.hidden)
				return fail(why, "hidden Message Type");
			if (a.len != 2)
				return fail(why, "Message Type AVP length is not 8");
			m->type = get16(a.val);
			m->type_mandatory = a.mandatory;
		} else if (a.known && a.type == L2TP_AVP_MSG_TYPE) {
			return fail(why, "second Message Type AVP");
		}
		if (a.known && a.type == L2TP_AVP_RANDOM_VECTOR) {
			if (a.hidden)
				return fail(why, "hidden Random Vector");
			if (!a.len)
				return fail(why, "empty Random Vector");
			rv = a.val;
			rv_len = a.len;
		}
		if (!a.known) {
			if (a.mandatory) {
				m->bad_avp = a.type;
				m->bad_vendor = a.vendor;
				if (why)
					*why = "unknown mandatory AVP";
				return L2TP_E_UNKNOWN_M;
			}
			continue;	/* RFC 2661 4.1: ignored */
		}
		if (a.hidden) {
			if (!rv)
				return fail(why, "hidden AVP without a Random Vector before it");
			if (a.len < 2)
				return fail(why, "hidden AVP shorter than its length field");
			a.rv = rv;
			a.rv_len = rv_len;
		}
		if (m->n >= L2TP_MAX_AVPS)
			return fail(why, "too many AVPs");
		m->a[m->n++] = a;
	}
	return 0;
}

const struct l2tp_avp *l2tp_msg_find(const struct l2tp_msg *m, uint16_t type)
{
	for (unsigned int i = 0; i < m->n; i++)
		if (m->a[i].known && m->a[i].type == type)
			return &m->a[i];
	return NULL;
}

/* ----------------------------------------------------------- hidden AVPs */

/*
 * RFC 2661 4.3: b1 = MD5(type | secret | RV), bi = MD5(secret | c(i-1));
 * c(i) = p(i) XOR b(i), 16 bytes at a time. decrypt: in is the cipher text.
 */
static int md5_xor(uint16_t type, const uint8_t *secret, size_t slen, const uint8_t *rv,
		   size_t rv_len, const uint8_t *in, size_t len, uint8_t *out, bool decrypt)
{
	uint8_t t[2], b[L2TP_MD5_LEN], prev[L2TP_MD5_LEN];
	int rc = 0;

	put16(t, type);
	for (size_t off = 0; off < len; off += L2TP_MD5_LEN) {
		size_t n = len - off < L2TP_MD5_LEN ? len - off : L2TP_MD5_LEN;

		if (off == 0) {
			struct l2tp_iov iov[3] = { { t, 2 }, { secret, slen }, { rv, rv_len } };

			rc = l2tp_md5(iov, 3, b);
		} else {
			struct l2tp_iov iov[2] = { { secret, slen }, { prev, L2TP_MD5_LEN } };

			rc = l2tp_md5(iov, 2, b);
		}
		if (rc)
			break;
		/* the next block is keyed with this block's cipher text */
		if (decrypt && n == L2TP_MD5_LEN)
			memcpy(prev, in + off, L2TP_MD5_LEN);
		for (size_t i = 0; i < n; i++)
			out[off + i] = in[off + i] ^ b[i];
		if (!decrypt && n == L2TP_MD5_LEN)
			memcpy(prev, out + off, L2TP_MD5_LEN);
	}
	ike_wipe(b, sizeof(b));
	ike_wipe(prev, sizeof(prev));
	return rc;
}

int l2tp_avp_value(const struct l2tp_avp *a, const uint8_t *secret, size_t slen,
		   uint8_t *scratch, size_t cap, const uint8_t **val, uint16_t *len,
		   const char **why)
{
	uint16_t inner;

	if (!a->hidden) {
		*val = a->val;
		*len = a->len;
		return 0;
	}
	*val = NULL;
	*len = 0;
	if (!secret || !slen)
		return fail(why, "hidden AVP and no shared secret");
	if (!a->rv || !a->rv_len || a->len < 2)
		return fail(why, "hidden AVP without a Random Vector");
	if (!scratch || cap < a->len)
		return fail(why, "no room to decrypt a hidden AVP");
	if (md5_xor(a->type, secret, slen, a->rv, a->rv_len, a->val, a->len, scratch, true))
		return fail(why, "MD5 failed");
	inner = get16(scratch);
	if (inner > a->len - 2) {
		ike_wipe(scratch, a->len);
		return fail(why, "hidden AVP length past its value (wrong secret?)");
	}
	*val = scratch + 2;
	*len = inner;
	return 0;
}

size_t l2tp_hide(uint16_t type, const uint8_t *val, size_t len, const uint8_t *pad,
		 size_t pad_len, const uint8_t *secret, size_t slen, const uint8_t *rv,
		 size_t rv_len, uint8_t *out, size_t cap)
{
	uint8_t plain[L2TP_AVP_MAX_LEN];
	size_t n = 2 + len + pad_len;

	if (!secret || !slen || !rv || !rv_len || n > L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN ||
	    n > cap || (len && !val) || (pad_len && !pad))
		return 0;
	put16(plain, (uint16_t)len);
	if (len)
		memcpy(plain + 2, val, len);
	if (pad_len)
		memcpy(plain + 2 + len, pad, pad_len);
	if (md5_xor(type, secret, slen, rv, rv_len, plain, n, out, false))
		n = 0;
	ike_wipe(plain, sizeof(plain));
	return n;
}

/* -------------------------------------------------------- typed decoders */

int l2tp_dec_u16(const uint8_t *v, size_t len, uint16_t *out)
{
	if (len != 2)
		return -1;
	*out = get16(v);
	return 0;
}

int l2tp_dec_u32(const uint8_t *v, size_t len, uint32_t *out)
{
	if (len != 4)
		return -1;
	*out = get32(v);
	return 0;
}

int l2tp_dec_result(const uint8_t *v, size_t len, struct l2tp_result *r)
{
	memset(r, 0, sizeof(*r));
	if (len != 2 && len < 4)
		return -1;
	r->result = get16(v);
	if (len >= 4) {
		r->has_error = true;
		r->error = get16(v + 2);
		r->msg.p = v + 4;
		r->msg.len = len - 4;
	}
	return 0;
}

int l2tp_dec_q931(const uint8_t *v, size_t len, struct l2tp_q931 *q)
{
	memset(q, 0, sizeof(*q));
	if (len < 3)
		return -1;
	q->cause = get16(v);
	q->msg = v[2];
	q->advisory.p = v + 3;
	q->advisory.len = len - 3;
	return 0;
}

static int dec_nz16(const uint8_t *v, size_t len, uint16_t *out)
{
	return l2tp_dec_u16(v, len, out) || !*out ? -1 : 0;
}

static int dec_bytes(const uint8_t *v, size_t len, bool nonempty, struct l2tp_bytes *b)
{
	if (nonempty && !len)
		return -1;
	b->p = v;
	b->len = len;
	return 0;
}

/* One known AVP's plain value into i; -1 if malformed. */
static int decode_one(uint16_t type, const uint8_t *v, size_t len, struct l2tp_info *i)
{
	switch (type) {
	case L2TP_AVP_MSG_TYPE:
		return l2tp_dec_u16(v, len, &i->msg_type);
	case L2TP_AVP_RESULT:
		return l2tp_dec_result(v, len, &i->result);
	case L2TP_AVP_PROTO_VER:
		if (len != 2)
			return -1;
		i->ver = v[0];
		i->rev = v[1];
		return 0;
	case L2TP_AVP_FRAMING_CAPS:
		return l2tp_dec_u32(v, len, &i->framing_caps);
	case L2TP_AVP_BEARER_CAPS:
		return l2tp_dec_u32(v, len, &i->bearer_caps);
	case L2TP_AVP_TIE_BREAKER:
		if (len != 8)
			return -1;
		i->tie_breaker = v;
		return 0;
	case L2TP_AVP_FIRMWARE:
		return l2tp_dec_u16(v, len, &i->firmware);
	case L2TP_AVP_HOST_NAME:
		return dec_bytes(v, len, true, &i->host_name);
	case L2TP_AVP_VENDOR_NAME:
		return dec_bytes(v, len, false, &i->vendor_name);
	case L2TP_AVP_TUNNEL_ID:
		return dec_nz16(v, len, &i->tunnel_id);
	case L2TP_AVP_RWS:
		return dec_nz16(v, len, &i->rws);
	case L2TP_AVP_CHALLENGE:
		return dec_bytes(v, len, true, &i->challenge);
	case L2TP_AVP_Q931:
		return l2tp_dec_q931(v, len, &i->q931);
	case L2TP_AVP_CHAL_RESP:
		if (len != 16)
			return -1;
		i->chal_resp = v;
		return 0;
	case L2TP_AVP_SESSION_ID:
		return dec_nz16(v, len, &i->session_id);
	case L2TP_AVP_SERIAL:
		return l2tp_dec_u32(v, len, &i->serial);
	case L2TP_AVP_MIN_BPS:
		return l2tp_dec_u32(v, len, &i->min_bps);
	case L2TP_AVP_MAX_BPS:
		return l2tp_dec_u32(v, len, &i->max_bps);
	case L2TP_AVP_BEARER_TYPE:
		return l2tp_dec_u32(v, len, &i->bearer_type);
	case L2TP_AVP_FRAMING_TYPE:
		return l2tp_dec_u32(v, len, &i->framing_type);
	case L2TP_AVP_CALLED:
		return dec_bytes(v, len, false, &i->called);
	case L2TP_AVP_CALLING:
		return dec_bytes(v, len, false, &i->calling);
	case L2TP_AVP_SUB_ADDRESS:
		return dec_bytes(v, len, false, &i->sub_address);
	case L2TP_AVP_TX_SPEED:
		return l2tp_dec_u32(v, len, &i->tx_speed);
	case L2TP_AVP_PHYS_CHAN:
		return l2tp_dec_u32(v, len, &i->phys_chan);
	case L2TP_AVP_PRIVATE_GROUP:
		return dec_bytes(v, len, false, &i->private_group);
	case L2TP_AVP_RX_SPEED:
		return l2tp_dec_u32(v, len, &i->rx_speed);
	case L2TP_AVP_SEQ_REQUIRED:
		if (len)
			return -1;
		i->seq_required = true;
		return 0;
	default:	/* proxy LCP/authen, call errors, ACCM, random vector */
		return 0;
	}
}

int l2tp_msg_decode(const struct l2tp_msg *m, const uint8_t *secret, size_t slen,
		    uint8_t *scratch, size_t cap, struct l2tp_info *out, const char **why)
{
	size_t used = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned int k = 0; k < m->n; k++) {
		const struct l2tp_avp *a = &m->a[k];
		struct l2tp_info dup;
		const uint8_t *v;
		uint16_t len;
		bool again;

		if (!a->known)
			continue;
		if (l2tp_avp_value(a, secret, slen, scratch ? scratch + used : NULL,
				   cap - used, &v, &len, why))
			return -1;
		if (a->hidden)
			used += a->len;
		again = l2tp_has(out, a->type);
		memset(&dup, 0, sizeof(dup));
		if (decode_one(a->type, v, len, again ? &dup : out)) {
			if (why)
				*why = a->type == L2TP_AVP_TUNNEL_ID || a->type == L2TP_AVP_SESSION_ID ||
				       a->type == L2TP_AVP_RWS ? "AVP value zero or of a wrong length" :
				       "AVP value of a wrong length";
			return -1;
		}
		out->present |= (uint64_t)1 << a->type;
	}
	return 0;
}

/* ---------------------------------------------------------------- writer */

void l2tp_w_init(struct l2tp_wbuf *w, uint8_t *buf, size_t cap)
{
	w->p = buf;
	w->len = 0;
	w->cap = buf ? cap : 0;
	w->err = false;
}

static uint8_t *w_room(struct l2tp_wbuf *w, size_t n)
{
	uint8_t *p;

	if (w->err || n > w->cap - w->len || w->len + n > L2TP_MSG_MAX) {
		w->err = true;
		return NULL;
	}
	p = w->p + w->len;
	w->len += n;
	return p;
}

void l2tp_w_hdr(struct l2tp_wbuf *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
		uint16_t nr)
{
	uint8_t *p;

	if (w->len) {
		w->err = true;
		return;
	}
	p = w_room(w, L2TP_HDR_LEN);
	if (!p)
		return;
	put16(p, L2TP_HDR_CTRL);
	put16(p + 2, 0);
	put16(p + 4, tunnel_id);
	put16(p + 6, session_id);
	put16(p + 8, ns);
	put16(p + 10, nr);
}

static uint8_t *w_avp_hdr(struct l2tp_wbuf *w, uint16_t type, bool mandatory, bool hidden,
			  size_t len)
{
	uint8_t *p;

	if (len > L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN || w->len < L2TP_HDR_LEN) {
		w->err = true;
		return NULL;
	}
	p = w_room(w, L2TP_AVP_HDR_LEN + len);
	if (!p)
		return NULL;
	put16(p, (uint16_t)((mandatory ? L2TP_AVP_M : 0) | (hidden ? L2TP_AVP_H : 0) |
			    (L2TP_AVP_HDR_LEN + len)));
	put16(p + 2, 0);
	put16(p + 4, type);
	return p + L2TP_AVP_HDR_LEN;
}

void l2tp_w_avp(struct l2tp_wbuf *w, uint16_t type, bool mandatory, const void *val, size_t len)
{
	uint8_t *p;

	if (len && !val) {
		w->err = true;
		return;
	}
	p = w_avp_hdr(w, type, mandatory, false, len);
	if (p && len)
		memcpy(p, val, len);
}

void l2tp_w_avp_u16(struct l2tp_wbuf *w, uint16_t type, bool mandatory, uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	l2tp_w_avp(w, type, mandatory, b, sizeof(b));
}

void l2tp_w_avp_u32(struct l2tp_wbuf *w, uint16_t type, bool mandatory, uint32_t v)
{
	uint8_t b[4];

	put16(b, (uint16_t)(v >> 16));
	put16(b + 2, (uint16_t)v);
	l2tp_w_avp(w, type, mandatory, b, sizeof(b));
}

void l2tp_w_msg_type(struct l2tp_wbuf *w, uint16_t type)
{
	if (w->len != L2TP_HDR_LEN) {
		w->err = true;
		return;
	}
	l2tp_w_avp_u16(w, L2TP_AVP_MSG_TYPE, true, type);
}

void l2tp_w_result(struct l2tp_wbuf *w, uint16_t result, bool with_error, uint16_t error,
		   const char *msg, size_t msg_len)
{
	uint8_t *p;

	if ((msg_len && (!msg || !with_error))) {
		w->err = true;
		return;
	}
	p = w_avp_hdr(w, L2TP_AVP_RESULT, true, false, with_error ? 4 + msg_len : 2);
	if (!p)
		return;
	put16(p, result);
	if (with_error) {
		put16(p + 2, error);
		if (msg_len)
			memcpy(p + 4, msg, msg_len);
	}
}

void l2tp_w_proto_ver(struct l2tp_wbuf *w)
{
	static const uint8_t v[2] = { 1, 0 };

	l2tp_w_avp(w, L2TP_AVP_PROTO_VER, true, v, sizeof(v));
}

void l2tp_w_avp_hidden(struct l2tp_wbuf *w, uint16_t type, bool mandatory, const void *val,
		       size_t len, const uint8_t *pad, size_t pad_len, const uint8_t *secret,
		       size_t slen, const uint8_t *rv, size_t rv_len)
{
	size_t n = 2 + len + pad_len;
	uint8_t *p;

	if (type == L2TP_AVP_MSG_TYPE || type == L2TP_AVP_RANDOM_VECTOR) {
		w->err = true;
		return;
	}
	p = w_avp_hdr(w, type, mandatory, true, n);
	if (p && l2tp_hide(type, val, len, pad, pad_len, secret, slen, rv, rv_len, p, n) != n)
		w->err = true;
}

size_t l2tp_w_finish(struct l2tp_wbuf *w)
{
	if (w->err || w->len < L2TP_HDR_LEN)
		return 0;
	put16(w->p + 2, (uint16_t)w->len);
	return w->len;
}

void l2tp_hdr_set_seq(uint8_t *msg, uint16_t ns, uint16_t nr)
{
	put16(msg + 8, ns);
	put16(msg + 10, nr);
}

/* ----------------------------------------------------------------- names */

static const char *unknown(uint16_t v)
{
	static char buf[24];

	snprintf(buf, sizeof(buf), "UNKNOWN(%u)", v);
	return buf;
}

const char *l2tp_msg_name(uint16_t type)
{
	static const char *const names[] = {
		[L2TP_SCCRQ] = "SCCRQ", [L2TP_SCCRP] = "SCCRP", [L2TP_SCCCN] = "SCCCN",
		[L2TP_STOPCCN] = "StopCCN", [L2TP_HELLO] = "HELLO", [L2TP_OCRQ] = "OCRQ",
		[L2TP_OCRP] = "OCRP", [L2TP_OCCN] = "OCCN", [L2TP_ICRQ] = "ICRQ",
		[L2TP_ICRP] = "ICRP", [L2TP_ICCN] = "ICCN", [L2TP_CDN] = "CDN",
		[L2TP_WEN] = "WEN", [L2TP_SLI] = "SLI",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return unknown(type);
}

const char *l2tp_avp_name(uint16_t type)
{
	static const char *const names[] = {
		"Message Type", "Result Code", "Protocol Version", "Framing Capabilities",
		"Bearer Capabilities", "Tie Breaker", "Firmware Revision", "Host Name",
		"Vendor Name", "Assigned Tunnel ID", "Receive Window Size", "Challenge",
		"Q.931 Cause Code", "Challenge Response", "Assigned Session ID",
		"Call Serial Number", "Minimum BPS", "Maximum BPS", "Bearer Type",
		"Framing Type", NULL, "Called Number", "Calling Number", "Sub-Address",
		"(Tx) Connect Speed", "Physical Channel ID", "Initial Received LCP CONFREQ",
		"Last Sent LCP CONFREQ", "Last Received LCP CONFREQ", "Proxy Authen Type",
		"Proxy Authen Name", "Proxy Authen Challenge", "Proxy Authen ID",
		"Proxy Authen Response", "Call Errors", "ACCM", "Random Vector",
		"Private Group ID", "Rx Connect Speed", "Sequencing Required",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return unknown(type);
}

const char *l2tp_result_name(uint16_t msg_type, uint16_t result)
{
	static const char *const stop[] = {
		NULL, "general request to clear the control connection", "general error",
		"control channel already exists", "requester is not authorized",
		"protocol version not supported", "requester is being shut down",
		"finite state machine error",
	};
	static const char *const cdn[] = {
		NULL, "lost carrier", "general error", "administrative reasons",
		"no appropriate facilities available (temporary)",
		"no appropriate facilities available (permanent)", "invalid destination",
		"no carrier detected", "busy signal", "no dial tone",
		"call not established within the time allotted", "no framing detected",
	};

	if (msg_type == L2TP_STOPCCN && result < sizeof(stop) / sizeof(stop[0]) && stop[result])
		return stop[result];
	if (msg_type == L2TP_CDN && result < sizeof(cdn) / sizeof(cdn[0]) && cdn[result])
		return cdn[result];
	return unknown(result);
}

const char *l2tp_error_name(uint16_t error)
{
	static const char *const names[] = {
		"no general error", "no control connection exists yet", "length is wrong",
		"a field is out of range or a reserved field is non-zero",
		"insufficient resources", "invalid Session ID", "vendor-specific error",
		"try another LNS", "unknown mandatory AVP",
	};

	if (error < sizeof(names) / sizeof(names[0]))
		return names[error];
	return unknown(error);
}
