/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 message codec (RFC 7296 section 3): the header, the payload chain,
 * typed decoders of payload bodies, and a bounds-checked writer.
 *
 * Parsers never read past the length they are given and reject malformed
 * input (returning -1 with a static reason in *why) rather than guess.
 * Decoded pointers point into the caller's buffer. Everything on the wire
 * is in network byte order; the structures here hold host order.
 */
#ifndef L2TPSEC_IKEV2_MSG_H
#define L2TPSEC_IKEV2_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2.h"

/* The fixed 28-byte IKE header. */
struct ike_hdr {
	uint8_t spi_i[8], spi_r[8];
	uint8_t next;		/* first payload type */
	uint8_t version;	/* IKE_VERSION */
	uint8_t exchange;
	uint8_t flags;		/* IKE_FLAG_* */
	uint32_t msgid;
	uint32_t length;
};

/*
 * Parse the fixed 28-byte header of a datagram of len bytes. Rejects:
 * len < 28 or > IKE_MSG_MAX, major version != 2 (returns -2 so the caller
 * can answer INVALID_MAJOR_VERSION; *h is filled in then), length field !=
 * len (-1). 0 ok, <0 with *why.
 */
int ike_hdr_parse(const uint8_t *p, size_t len, struct ike_hdr *h, const char **why);

/* One payload of a chain. */
struct ike_payload {
	uint8_t type;
	bool critical;
	const uint8_t *body;	/* after the 4-byte generic payload header */
	uint16_t len;		/* body length */
};

#define IKE_MAX_PAYLOADS 48
struct ike_payloads {
	unsigned int n;
	struct ike_payload p[IKE_MAX_PAYLOADS];
	uint8_t sk_inner;	/* if the last payload is SK or SKF: its next-payload field */
};

/*
 * Walk the chain that starts with payload type `first` over buf[0..len):
 * every generic header in bounds, payload length >= 4, the chain ends
 * exactly at len, at most IKE_MAX_PAYLOADS, SK/SKF only as the last payload
 * (its body is not parsed). Unknown types are kept. 0, or -1 with *why.
 */
int ike_payloads_parse(uint8_t first, const uint8_t *buf, size_t len, struct ike_payloads *out,
		       const char **why);
/* First payload of type in pl, or NULL. */
const struct ike_payload *ike_payload_find(const struct ike_payloads *pl, uint8_t type);
/* Number of payloads of type in pl. */
unsigned int ike_payload_count(const struct ike_payloads *pl, uint8_t type);
/* An unknown payload type (not in ikev2.h) with the critical bit set: its type, else 0. */
uint8_t ike_payloads_unknown_critical(const struct ike_payloads *pl);
/* Whether t is a payload type this codec knows (those of ikev2.h). */
bool ike_payload_known(uint8_t t);

/* --- Typed decoders of a payload body: 0, or -1 with *why. --- */

struct ike_sa_payload {
	unsigned int n;
	struct ike_proposal prop[IKE_MAX_PROPOSALS];
};
/*
 * SA payload. Proposal numbers start at 1 and increase by 0 or 1 (equal
 * numbers are kept as separate proposals); "last substructure" bytes,
 * lengths and counts are checked exactly. Transform attributes: only
 * KEY_LENGTH in TV form (non-zero, once) is understood; a transform with any
 * other attribute is dropped from its proposal. Proposals beyond
 * IKE_MAX_PROPOSALS and transforms beyond IKE_MAX_TRANSFORMS are validated
 * but not stored. spi_len must be 0, 4 or 8. Unused bytes of *sa are zero.
 */
int ike_sa_parse(const uint8_t *b, size_t len, struct ike_sa_payload *sa, const char **why);

/* KE payload: group, non-empty key exchange data. */
struct ike_ke {
	uint16_t group;
	const uint8_t *data;
	size_t len;
};
int ike_ke_parse(const uint8_t *b, size_t len, struct ike_ke *ke, const char **why);

/* IDi/IDr payload: non-empty data; 4 bytes for IPV4_ADDR, 16 for IPV6_ADDR. */
struct ike_id {
	uint8_t type;
	const uint8_t *data;
	size_t len;
};
int ike_id_parse(const uint8_t *b, size_t len, struct ike_id *id, const char **why);

/* AUTH payload: method, non-empty authentication data. */
struct ike_auth {
	uint8_t method;
	const uint8_t *data;
	size_t len;
};
int ike_auth_parse(const uint8_t *b, size_t len, struct ike_auth *a, const char **why);

/* CERT and CERTREQ payloads: encoding and data (may be empty: check it). */
struct ike_cert {
	uint8_t encoding;
	const uint8_t *data;
	size_t len;
};
int ike_cert_parse(const uint8_t *b, size_t len, struct ike_cert *c, const char **why);

/* Notify payload; spi_len must be 0, 4 or 8. */
struct ike_notify {
	uint8_t proto, spi_len;
	const uint8_t *spi;
	uint16_t type;
	const uint8_t *data;
	size_t len;
};
int ike_notify_parse(const uint8_t *b, size_t len, struct ike_notify *n, const char **why);

/* Delete payload: spis holds exactly num*spi_len bytes; spi_len 0 (then num 0), 4 or 8. */
struct ike_delete {
	uint8_t proto, spi_len;
	uint16_t num;
	const uint8_t *spis;
};
int ike_delete_parse(const uint8_t *b, size_t len, struct ike_delete *d, const char **why);

/* One traffic selector; IPv4 addresses use the first 4 bytes of start/end. */
struct ike_ts {
	uint8_t type, proto;
	uint16_t sport, eport;
	uint8_t start[16], end[16];
};
#define IKE_MAX_TS 16
struct ike_ts_payload {
	unsigned int n;
	struct ike_ts ts[IKE_MAX_TS];
};
/*
 * TSi/TSr payload: 1..IKE_MAX_TS selectors (more -> -1), each an IPv4 range
 * (selector length 16) or an IPv6 range (length 40); other types -> -1.
 */
int ike_ts_parse(const uint8_t *b, size_t len, struct ike_ts_payload *t, const char **why);

/* Nonce length check: IKE_NONCE_MIN..IKE_NONCE_MAX bytes. 0, or -1 with *why. */
int ike_nonce_check(size_t len, const char **why);

/* Find the first well-formed notify of type in pl, decoded into *n: 0 found, -1 not found. */
int ike_notify_find(const struct ike_payloads *pl, uint16_t type, struct ike_notify *n);

/* --- Builder --- */

struct ike_wbuf {
	uint8_t *p;
	size_t len, cap;
	bool err;		/* overflow or misuse: everything after is a no-op */
	size_t next_off;	/* offset of the next-payload byte to patch, or SIZE_MAX */
	uint8_t first;		/* type of the first payload when there is no IKE header */
	bool hdr;		/* an IKE header was written at offset 0 */
};

/*
 * A writer over buf[0..cap). With ike_w_hdr the chain starts in the header;
 * without (inner payloads of SK), the first payload's type is recorded in
 * w->first. Nothing is ever written at or past buf[cap].
 */
void ike_w_init(struct ike_wbuf *w, uint8_t *buf, size_t cap);
/* Write the IKE header (must be first); its length is patched by ike_w_finish. */
void ike_w_hdr(struct ike_wbuf *w, const struct ike_hdr *h);
/*
 * Begin a payload: patches the previous payload's (or header's)
 * next-payload, writes a generic header (next 0, length patched by _end).
 * Returns the offset of the generic header (SIZE_MAX if w->err).
 */
size_t ike_w_begin(struct ike_wbuf *w, uint8_t type, bool critical);
/* End the payload begun at start: patch its length (err if > 65535). */
void ike_w_end(struct ike_wbuf *w, size_t start);
/* Append a byte, a 16- or 32-bit value in network order, or n bytes. */
void ike_w_u8(struct ike_wbuf *w, uint8_t v);
void ike_w_u16(struct ike_wbuf *w, uint16_t v);
void ike_w_u32(struct ike_wbuf *w, uint32_t v);
void ike_w_bytes(struct ike_wbuf *w, const void *p, size_t n);
/* Patch the IKE header length (if there is a header). Returns the total length, 0 if w->err. */
size_t ike_w_finish(struct ike_wbuf *w);

/* --- Whole payloads (each sets w->err on misuse: bad type, too long) --- */

/*
 * SA payload with the n proposals as given (num as given; num 0 -> its
 * 1-based index); a KEY_LENGTH attribute for each transform with key_bits.
 */
void ike_w_sa(struct ike_wbuf *w, const struct ike_proposal *props, unsigned int n);
/* KE payload. */
void ike_w_ke(struct ike_wbuf *w, uint16_t group, const uint8_t *data, size_t len);
/* Nonce payload. */
void ike_w_nonce(struct ike_wbuf *w, const uint8_t *n, size_t len);
/* IDi (pl_type IKE_PL_IDI) or IDr (IKE_PL_IDR) payload. */
void ike_w_id(struct ike_wbuf *w, uint8_t pl_type, uint8_t id_type,
	      const uint8_t *data, size_t len);
/* AUTH payload. */
void ike_w_auth(struct ike_wbuf *w, uint8_t method, const uint8_t *data, size_t len);
/* CERT (pl_type IKE_PL_CERT) or CERTREQ (IKE_PL_CERTREQ) payload. */
void ike_w_cert(struct ike_wbuf *w, uint8_t pl_type, uint8_t encoding,
		const uint8_t *data, size_t len);
/* Notify payload; spi_len 0, 4 or 8. */
void ike_w_notify(struct ike_wbuf *w, uint8_t proto, const uint8_t *spi, uint8_t spi_len,
		  uint16_t type, const uint8_t *data, size_t len);
/* Delete payload of num SPIs of spi_len bytes each (spis: num*spi_len bytes). */
void ike_w_delete(struct ike_wbuf *w, uint8_t proto, uint8_t spi_len, const uint8_t *spis,
		  uint16_t num);
/* TSi (pl_type IKE_PL_TSI) or TSr (IKE_PL_TSR) payload of n (1..255) IPv4/IPv6 ranges. */
void ike_w_ts(struct ike_wbuf *w, uint8_t pl_type, const struct ike_ts *ts, unsigned int n);
/* Vendor ID payload. */
void ike_w_vendor(struct ike_wbuf *w, const uint8_t *data, size_t len);
/*
 * The SK payload as the last payload of w: next-payload = inner_first, then
 * body_len zero bytes reserved (IV + ciphertext + ICV, filled in later by
 * the crypto code), lengths patched (payload and header). *aad_len = offset
 * of the first body byte (IKE header .. SK generic header: the AEAD
 * associated data and the start of what the HMAC covers). Returns a pointer
 * to the body, or NULL if w->err. No payload may follow.
 */
uint8_t *ike_w_sk(struct ike_wbuf *w, uint8_t inner_first, size_t body_len, size_t *aad_len);

/*
 * Names for logs: "IKE_SA_INIT", "N(NAT_DETECTION_SOURCE_IP)", "AES_GCM_16"...
 * never NULL; unknown values give "UNKNOWN(123)" from a static buffer (one
 * per function, overwritten by the next unknown value).
 */
const char *ike_exchange_name(uint8_t x);
/* Short payload names as in RFC 7296 notation: "SA", "KE", "IDi", "N", "SK"... */
const char *ike_payload_name(uint8_t t);
/* "N(NAME)", or "N(123)" for an unknown type. */
const char *ike_notify_name(uint16_t t);
/* Name of transform id of transform type: "AES_GCM_16", "PRF_HMAC_SHA2_256", "ECP_256"... */
const char *ike_transform_name(uint8_t type, uint16_t id);

#endif
