/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2TPv2 control message codec (RFC 2661 section 3.1, 4, 4.3, 4.4): the
 * header of a control message, the AVP chain, hidden AVPs, typed decoders
 * of the AVPs an LNS reads, a writer and names for logs.
 *
 * Parsers never read past the length they are given and reject malformed
 * input (-1 with a static reason in *why) rather than guess. Every decoded
 * pointer is a view INTO THE CALLER'S BUFFER (or, for a hidden AVP, into
 * the scratch buffer the caller passed): valid only while that buffer is
 * alive and unchanged. Nothing here allocates or keeps a pointer after
 * returning. Structures hold host byte order.
 *
 * Nothing in l2tpsecd calls this code yet (see l2tp/README.md).
 */
#ifndef L2TPSEC_L2TP_MSG_H
#define L2TPSEC_L2TP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_VERSION		2
#define L2TP_HDR_LEN		12	/* control header: flags, length, ids, Ns, Nr */
#define L2TP_AVP_HDR_LEN	6
#define L2TP_AVP_MAX_LEN	1023	/* the AVP length field is 10 bits */
#define L2TP_MSG_MAX		4096	/* longest control message accepted or written */

/* First 16 bits of the header (RFC 2661 3.1). */
#define L2TP_HDR_T		0x8000	/* control message */
#define L2TP_HDR_L		0x4000	/* length present */
#define L2TP_HDR_S		0x0800	/* Ns/Nr present */
#define L2TP_HDR_O		0x0200	/* offset size present (data only) */
#define L2TP_HDR_P		0x0100	/* priority (data only) */
#define L2TP_HDR_VER		0x000f
#define L2TP_HDR_CTRL		(L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | L2TP_VERSION)	/* 0xc802 */

/* AVP header bits. */
#define L2TP_AVP_M		0x8000	/* mandatory */
#define L2TP_AVP_H		0x4000	/* hidden */
#define L2TP_AVP_RSVD		0x3c00
#define L2TP_AVP_LEN		0x03ff

/* Message types (RFC 2661 3.2). */
enum {
	L2TP_SCCRQ = 1, L2TP_SCCRP = 2, L2TP_SCCCN = 3, L2TP_STOPCCN = 4,
	L2TP_HELLO = 6, L2TP_OCRQ = 7, L2TP_OCRP = 8, L2TP_OCCN = 9,
	L2TP_ICRQ = 10, L2TP_ICRP = 11, L2TP_ICCN = 12, L2TP_CDN = 14,
	L2TP_WEN = 15, L2TP_SLI = 16,
};

/* AVP types (RFC 2661 4.4; 20 is unassigned). */
enum {
	L2TP_AVP_MSG_TYPE = 0, L2TP_AVP_RESULT = 1, L2TP_AVP_PROTO_VER = 2,
	L2TP_AVP_FRAMING_CAPS = 3, L2TP_AVP_BEARER_CAPS = 4, L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE = 6, L2TP_AVP_HOST_NAME = 7, L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_TUNNEL_ID = 9, L2TP_AVP_RWS = 10, L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931 = 12, L2TP_AVP_CHAL_RESP = 13, L2TP_AVP_SESSION_ID = 14,
	L2TP_AVP_SERIAL = 15, L2TP_AVP_MIN_BPS = 16, L2TP_AVP_MAX_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18, L2TP_AVP_FRAMING_TYPE = 19,
	L2TP_AVP_CALLED = 21, L2TP_AVP_CALLING = 22, L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_SPEED = 24, L2TP_AVP_PHYS_CHAN = 25, L2TP_AVP_INIT_RX_LCP = 26,
	L2TP_AVP_LAST_TX_LCP = 27, L2TP_AVP_LAST_RX_LCP = 28,
	L2TP_AVP_PROXY_AUTH_TYPE = 29, L2TP_AVP_PROXY_AUTH_NAME = 30,
	L2TP_AVP_PROXY_AUTH_CHAL = 31, L2TP_AVP_PROXY_AUTH_ID = 32,
	L2TP_AVP_PROXY_AUTH_RESP = 33, L2TP_AVP_CALL_ERRORS = 34, L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36, L2TP_AVP_PRIVATE_GROUP = 37,
	L2TP_AVP_RX_SPEED = 38, L2TP_AVP_SEQ_REQUIRED = 39,
	L2TP_AVP_TYPE_MAX = 39,
};

/* Result codes of StopCCN and CDN, general error codes (RFC 2661 4.4.2). */
enum {
	L2TP_STOPCCN_CLEAR = 1, L2TP_STOPCCN_GENERAL = 2, L2TP_STOPCCN_EXISTS = 3,
	L2TP_STOPCCN_NOT_AUTH = 4, L2TP_STOPCCN_BAD_VERSION = 5, L2TP_STOPCCN_SHUTDOWN = 6,
	L2TP_STOPCCN_FSM = 7,
};
enum {
	L2TP_CDN_CARRIER_LOST = 1, L2TP_CDN_GENERAL = 2, L2TP_CDN_ADMIN = 3,
	L2TP_CDN_NO_RESOURCES = 4, L2TP_CDN_NOT_AVAILABLE = 5, L2TP_CDN_BAD_DEST = 6,
};
enum {
	L2TP_ERR_NONE = 0, L2TP_ERR_NO_TUNNEL = 1, L2TP_ERR_LENGTH = 2, L2TP_ERR_RANGE = 3,
	L2TP_ERR_RESOURCES = 4, L2TP_ERR_SESSION_ID = 5, L2TP_ERR_VENDOR = 6,
	L2TP_ERR_TRY_ANOTHER = 7, L2TP_ERR_UNKNOWN_M_AVP = 8,
};

/* --- Header --- */

struct l2tp_hdr {
	uint16_t flags;		/* first 16 bits, version included */
	uint16_t length, tunnel_id, session_id, ns, nr;
};

/*
 * Parse the header of a control message of len bytes. -2 (with *why) for
 * a data message (T bit clear): not this codec's. -1: shorter than 12
 * bytes, L or S clear, O or P set, version other than 2, a length field
 * other than len, or len > L2TP_MSG_MAX. The reserved bits are ignored
 * (RFC 2661 3.1). 0 ok.
 */
int l2tp_hdr_parse(const uint8_t *p, size_t len, struct l2tp_hdr *h, const char **why);

/* --- AVP chain --- */

struct l2tp_avp {
	uint16_t type;
	bool mandatory, hidden;
	bool known;		/* vendor 0 and a type of RFC 2661 */
	uint16_t vendor;
	const uint8_t *val;	/* the value as on the wire (hidden: cipher text) */
	uint16_t len;		/* value length (AVP length - 6) */
	const uint8_t *rv;	/* hidden: the Random Vector that precedes it */
	uint16_t rv_len;
};

#define L2TP_MAX_AVPS	64

struct l2tp_msg {
	struct l2tp_hdr h;
	bool zlb;		/* header only: an acknowledgement */
	uint16_t type;		/* Message Type AVP (0 for a ZLB) */
	bool type_mandatory;	/* its M bit: an unknown type with M clears the tunnel */
	unsigned int n;		/* AVPs kept (vendor 0 known, and unknown ones without M) */
	struct l2tp_avp a[L2TP_MAX_AVPS];
	uint16_t bad_avp;	/* -3: the unknown mandatory AVP's type */
	uint16_t bad_vendor;	/*     and vendor */
};

/* l2tp_msg_parse() returned this: answer StopCCN/CDN result 2, error 8. */
#define L2TP_E_UNKNOWN_M	(-3)

/*
 * A whole control message: l2tp_hdr_parse() (its -1 and -2), then, unless
 * it is a ZLB, the AVP chain: every AVP header in bounds, length 6..1023,
 * reserved bits zero, the chain ending exactly at the message end, at most
 * L2TP_MAX_AVPS. The first AVP is the Message Type (vendor 0, not hidden,
 * 2 bytes). A hidden AVP needs a Random Vector AVP before it (the last one
 * applies) and 2 value bytes at least (the hidden length); the Message
 * Type and the Random Vector are never hidden, the latter is non-empty.
 * Unknown AVPs
 * (vendor other than 0, or an unassigned type) without M are skipped;
 * with M, L2TP_E_UNKNOWN_M and m->bad_avp / m->bad_vendor (the caller
 * answers StopCCN, or CDN for a session's message, with result 2 error 8).
 * Returns 0 or <0 with *why.
 */
int l2tp_msg_parse(const uint8_t *p, size_t len, struct l2tp_msg *m, const char **why);

/* The first AVP of type in m (known AVPs only), or NULL. */
const struct l2tp_avp *l2tp_msg_find(const struct l2tp_msg *m, uint16_t type);
/* Whether type is an AVP type of RFC 2661 (vendor 0). */
bool l2tp_avp_known(uint16_t type);

/* --- Hidden AVPs (RFC 2661 4.3) --- */

/*
 * The plain value of a: not hidden, a->val as is; hidden, decrypted with
 * the shared secret and a->rv into scratch (cap >= a->len) and checked:
 * the inner length must fit in the decrypted bytes. *val, *len are the
 * plain value (a view of the message or of scratch). -1 with *why: no
 * secret, no room, a bad inner length.
 */
int l2tp_avp_value(const struct l2tp_avp *a, const uint8_t *secret, size_t slen,
		   uint8_t *scratch, size_t cap, const uint8_t **val, uint16_t *len,
		   const char **why);

/*
 * Hide a value: out[0..2+len+pad_len) = the 16-bit length, value and
 * pad_len bytes of padding, XOR the MD5 chain of type, secret and rv.
 * Returns the bytes written (2 + len + pad_len), or 0 (no room, empty
 * secret or rv, too long for an AVP).
 */
size_t l2tp_hide(uint16_t type, const uint8_t *val, size_t len, const uint8_t *pad,
		 size_t pad_len, const uint8_t *secret, size_t slen, const uint8_t *rv,
		 size_t rv_len, uint8_t *out, size_t cap);

/* --- Typed decoders (plain values, after l2tp_avp_value) --- */

struct l2tp_bytes {
	const uint8_t *p;
	size_t len;
};

struct l2tp_result {
	uint16_t result;
	bool has_error;		/* the error code is present (value >= 4 bytes) */
	uint16_t error;
	struct l2tp_bytes msg;	/* the error message, may be empty */
};

struct l2tp_q931 {
	uint16_t cause;
	uint8_t msg;
	struct l2tp_bytes advisory;
};

/* Value of exactly 2 / 4 bytes. 0 or -1. */
int l2tp_dec_u16(const uint8_t *v, size_t len, uint16_t *out);
int l2tp_dec_u32(const uint8_t *v, size_t len, uint32_t *out);
/* Result Code: 2 bytes, or 4 and more (error code and message). */
int l2tp_dec_result(const uint8_t *v, size_t len, struct l2tp_result *r);
/* Q.931 Cause Code: 3 bytes and more. */
int l2tp_dec_q931(const uint8_t *v, size_t len, struct l2tp_q931 *q);

/*
 * Everything an LNS reads from one message, decoded and checked.
 * present has bit (1 << type) for every known AVP seen (hidden or not).
 */
struct l2tp_info {
	uint64_t present;
	uint16_t msg_type;
	struct l2tp_result result;
	uint8_t ver, rev;			/* Protocol Version */
	uint32_t framing_caps, bearer_caps;
	const uint8_t *tie_breaker;		/* 8 bytes */
	uint16_t firmware;
	struct l2tp_bytes host_name, vendor_name;
	uint16_t tunnel_id;			/* Assigned Tunnel ID, non-zero */
	uint16_t rws;				/* Receive Window Size, non-zero */
	struct l2tp_bytes challenge;		/* non-empty */
	const uint8_t *chal_resp;		/* 16 bytes */
	struct l2tp_q931 q931;
	uint16_t session_id;			/* Assigned Session ID, non-zero */
	uint32_t serial, min_bps, max_bps, bearer_type, framing_type;
	uint32_t tx_speed, rx_speed, phys_chan;
	struct l2tp_bytes called, calling, sub_address, private_group;
	bool seq_required;
};

static inline bool l2tp_has(const struct l2tp_info *i, unsigned int type)
{
	return type <= L2TP_AVP_TYPE_MAX && (i->present >> type & 1);
}

/*
 * Decode every known AVP of m into *out (the first of a type wins; later
 * duplicates are checked but not kept). Hidden values are decrypted into
 * scratch (cap bytes: L2TP_MSG_MAX is always enough) with the shared
 * secret (NULL/0: a hidden AVP is an error). Values of a wrong length or
 * out of range (a zero Assigned Tunnel/Session ID or window, an empty
 * Host Name or Challenge) are -1 with *why. The Proxy LCP and Proxy
 * Authen AVPs, Call Errors and ACCM are accepted and ignored (only their
 * present bit is set).
 */
int l2tp_msg_decode(const struct l2tp_msg *m, const uint8_t *secret, size_t slen,
		    uint8_t *scratch, size_t cap, struct l2tp_info *out, const char **why);

/* --- Writer --- */

struct l2tp_wbuf {
	uint8_t *p;
	size_t len, cap;
	bool err;		/* overflow or misuse: everything after is a no-op */
};

/* A writer over buf[0..cap); nothing is ever written at or past buf[cap]. */
void l2tp_w_init(struct l2tp_wbuf *w, uint8_t *buf, size_t cap);
/* The control header (must be first; length patched by l2tp_w_finish). */
void l2tp_w_hdr(struct l2tp_wbuf *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
		uint16_t nr);
/* One AVP (vendor 0) with len bytes of value; err if 6 + len > 1023. */
void l2tp_w_avp(struct l2tp_wbuf *w, uint16_t type, bool mandatory, const void *val, size_t len);
void l2tp_w_avp_u16(struct l2tp_wbuf *w, uint16_t type, bool mandatory, uint16_t v);
void l2tp_w_avp_u32(struct l2tp_wbuf *w, uint16_t type, bool mandatory, uint32_t v);
/* Message Type AVP (mandatory): must be the first AVP. */
void l2tp_w_msg_type(struct l2tp_wbuf *w, uint16_t type);
/* Result Code AVP: with_error adds the error code, then msg (may be NULL/0). */
void l2tp_w_result(struct l2tp_wbuf *w, uint16_t result, bool with_error, uint16_t error,
		   const char *msg, size_t msg_len);
/* Protocol Version AVP 1.0. */
void l2tp_w_proto_ver(struct l2tp_wbuf *w);
/*
 * A hidden AVP: the value hidden with secret and rv (a Random Vector AVP
 * with rv must already be in the message: the caller writes it) and
 * pad_len bytes of padding (the caller's random bytes).
 */
void l2tp_w_avp_hidden(struct l2tp_wbuf *w, uint16_t type, bool mandatory, const void *val,
		       size_t len, const uint8_t *pad, size_t pad_len, const uint8_t *secret,
		       size_t slen, const uint8_t *rv, size_t rv_len);
/* Patch the header length. Returns the total length, 0 if w->err. */
size_t l2tp_w_finish(struct l2tp_wbuf *w);

/* Rewrite Ns and Nr of a written control message of len >= 12 bytes. */
void l2tp_hdr_set_seq(uint8_t *msg, uint16_t ns, uint16_t nr);

/* --- Names for logs (never NULL; "UNKNOWN(n)" from a static buffer) --- */
const char *l2tp_msg_name(uint16_t type);
const char *l2tp_avp_name(uint16_t type);
const char *l2tp_result_name(uint16_t msg_type, uint16_t result);
const char *l2tp_error_name(uint16_t error);

#endif
