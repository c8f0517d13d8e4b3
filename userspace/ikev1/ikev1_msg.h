/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 message codec (ISAKMP, RFC 2408 section 3; the IPsec DOI, RFC 2407
 * section 4.6; NAT-T, RFC 3947): the header, the payload chain, typed
 * decoders of payload bodies, and a writer.
 *
 * Parsers never read past the length they are given and reject malformed
 * input (-1 with a static reason in *why) rather than guess. Every decoded
 * pointer (const uint8_t *) is a view INTO THE CALLER'S BUFFER: it is valid
 * only while that buffer is alive and unchanged. Nothing here copies,
 * allocates or keeps a pointer after returning; a caller that keeps a value
 * past the life of the datagram (SAi_b for HASH_I, a nonce, an SPI) copies
 * it first. Structures hold host byte order.
 *
 * The writer is the IKEv2 one (struct ike_wbuf of ikev2_msg.h: explicit
 * capacity, nothing written at or past it, lengths patched, an error flag
 * that makes the rest a no-op): its core is version-independent and the
 * IKEv1 header has the IKEv2 header's layout. Only the payload bodies
 * differ, and they are written here.
 *
 * Nothing in l2tpsecd calls this code yet (see ikev1/README.md).
 */
#ifndef L2TPSEC_IKEV1_MSG_H
#define L2TPSEC_IKEV1_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev1.h"
#include "ikev2_msg.h"	/* struct ike_hdr, struct ike_wbuf and ike_w_*() */

/*
 * Parse the 28-byte ISAKMP header of a datagram of len bytes into *h
 * (spi_i/spi_r are CKY-I/CKY-R). Rejects: len < 28 or > IKE_MSG_MAX, a
 * major version other than 1 (-2, *h filled in: the caller may answer
 * INVALID-MAJOR-VERSION or hand the datagram to IKEv2), a length field
 * other than len, an all-zero initiator cookie, flag bits other than
 * ENCRYPTION|COMMIT|AUTH_ONLY. 0 ok, <0 with *why.
 */
int ikev1_hdr_parse(const uint8_t *p, size_t len, struct ike_hdr *h, const char **why);

/* One payload of a chain. */
struct ikev1_payload {
	uint8_t type;
	const uint8_t *hdr;	/* its generic header (for hashes over whole payloads) */
	const uint8_t *body;	/* after the 4-byte generic header */
	uint16_t len;		/* body length */
};

#define IKEV1_MAX_PAYLOADS 48
struct ikev1_payloads {
	unsigned int n;
	struct ikev1_payload p[IKEV1_MAX_PAYLOADS];
	size_t trailing;	/* bytes after the last payload (padding of a decrypted body) */
};

/* Options of ikev1_payloads_parse(). */
#define IKEV1_P_ALLOW_UNKNOWN	0x01	/* keep payloads of unknown types (else -1) */
#define IKEV1_P_PADDED		0x02	/* a decrypted body: bytes may follow the chain */

/*
 * Walk the chain that starts with payload type `first` over buf[0..len):
 * every generic header in bounds, its reserved byte zero, payload length
 * >= 4, at most IKEV1_MAX_PAYLOADS, the chain ending exactly at len (or,
 * with IKEV1_P_PADDED, anywhere: the rest is counted in ->trailing).
 * Proposal and transform payloads (2, 3) are never valid here; other
 * types this codec does not know are -1 unless IKEV1_P_ALLOW_UNKNOWN.
 * A message with IKEV1_FLAG_ENCRYPTION must not be walked before it is
 * decrypted: see ikev1_msg_parse(). 0, or -1 with *why.
 */
int ikev1_payloads_parse(uint8_t first, const uint8_t *buf, size_t len, unsigned int opts,
			 struct ikev1_payloads *out, const char **why);

/* A whole datagram: header, then the chain, or the encrypted body. */
struct ikev1_msg {
	struct ike_hdr h;
	bool encrypted;		/* h.flags & IKEV1_FLAG_ENCRYPTION: pl is empty */
	const uint8_t *enc;	/* encrypted: the body after the header, for the caller */
	size_t enc_len;		/*   to decrypt and walk with IKEV1_P_PADDED */
	struct ikev1_payloads pl;
};

/*
 * ikev1_hdr_parse(), then either the chain (opts as above, without
 * IKEV1_P_PADDED) or, for an encrypted message, only the body's view (its
 * length must be a non-zero multiple of 8, the smallest block size).
 * Returns what ikev1_hdr_parse() returns, or -1 for a bad chain.
 */
int ikev1_msg_parse(const uint8_t *p, size_t len, unsigned int opts, struct ikev1_msg *m,
		    const char **why);

/* Whether t is a payload type this codec knows (those of ikev1.h but P and T). */
bool ikev1_payload_known(uint8_t t);
/*
 * The next payload of type in pl after `after` (an element of pl->p; NULL:
 * from the start), or NULL: walks the VIDs, both NAT-Ds, IDci and IDcr.
 */
const struct ikev1_payload *ikev1_payload_next(const struct ikev1_payloads *pl, uint8_t type,
					       const struct ikev1_payload *after);
/* Number of payloads of type in pl. */
unsigned int ikev1_payload_count(const struct ikev1_payloads *pl, uint8_t type);

/* --- Data attributes (RFC 2408 3.3) --- */

struct ikev1_attr {
	uint16_t type;		/* without the AF bit */
	bool tv;		/* basic (TV) form: the value is the 16-bit val */
	uint16_t val;		/* TV: the value; TLV: the value's length */
	const uint8_t *data;	/* TLV: the value (val bytes); TV: NULL */
};

/*
 * Next attribute of a[0..len) at *off (start with 0): 1 and *off advanced,
 * 0 at the end, -1 with *why if malformed (header or TLV value past len).
 * A TLV of length 0 is well-formed here (the caller decides).
 */
int ikev1_attr_next(const uint8_t *a, size_t len, size_t *off, struct ikev1_attr *at,
		    const char **why);
/*
 * The attribute's value as an integer: TV val, or a TLV value of 1..8
 * bytes big-endian (life durations come in either form). 0, or -1 (an
 * empty or longer TLV).
 */
int ikev1_attr_u64(const struct ikev1_attr *at, uint64_t *v);

/* --- SA payload (RFC 2408 3.4-3.6, RFC 2407 4.6.1) --- */

#define IKEV1_MAX_PROPOSALS	8
#define IKEV1_MAX_TRANSFORMS	32

struct ikev1_transform {
	uint8_t num, id;
	const uint8_t *attrs;	/* the SA attributes, well-formed (ikev1_attr_next) */
	size_t attrs_len;
	const uint8_t *raw;	/* the whole transform payload incl. its header */
	size_t raw_len;
};

struct ikev1_proposal {
	uint8_t num, proto, spi_len;
	const uint8_t *spi;	/* spi_len bytes (0..IKEV1_SPI_MAX) */
	unsigned int nt;	/* transforms on the wire (the header's count) */
	unsigned int nt_kept;	/* those in t[]: min(nt, IKEV1_MAX_TRANSFORMS) */
	struct ikev1_transform t[IKEV1_MAX_TRANSFORMS];
};

struct ikev1_sa {
	uint32_t doi, situation;
	unsigned int np;	/* proposals on the wire */
	unsigned int np_kept;	/* those in p[]: min(np, IKEV1_MAX_PROPOSALS) */
	struct ikev1_proposal p[IKEV1_MAX_PROPOSALS];
};

/*
 * SA payload body: DOI IPSEC (others -1: DOI-NOT-SUPPORTED), situation
 * IDENTITY_ONLY only (SECRECY/INTEGRITY carry labelled-domain data: -1,
 * SITUATION-NOT-SUPPORTED), at least one proposal; proposal numbers never
 * decrease (equal numbers are one proposal of several protocols); the
 * proposal and transform chains (next payload 2 resp. 3, 0 on the last)
 * and every length and count checked exactly; each transform's attributes
 * well-formed. Extra proposals/transforms are validated, not stored.
 */
int ikev1_sa_parse(const uint8_t *b, size_t len, struct ikev1_sa *sa, const char **why);

/* --- Other payloads --- */

/* KE, HASH, SIG, NONCE, VID, NAT-D: their body as is (non-empty). */
struct ikev1_data {
	const uint8_t *data;
	size_t len;
};
int ikev1_data_parse(const uint8_t *b, size_t len, struct ikev1_data *d, const char **why);
/* NONCE: 8..256 bytes (RFC 2409 5). */
int ikev1_nonce_parse(const uint8_t *b, size_t len, struct ikev1_data *d, const char **why);

/*
 * ID payload (RFC 2407 4.6.2): type, protocol, port, data. Data length is
 * checked for the address types (4, 16, 8, 32, 8, 32 bytes for IPV4_ADDR,
 * IPV6_ADDR, IPV4 subnet, IPV6 subnet, IPV4 range, IPV6 range); other
 * types need one byte at least.
 */
struct ikev1_id {
	uint8_t type, proto;
	uint16_t port;
	const uint8_t *data;
	size_t len;
};
int ikev1_id_parse(const uint8_t *b, size_t len, struct ikev1_id *id, const char **why);

/* CERT (non-empty data) and CR (data may be empty: "any CA") payloads. */
struct ikev1_cert {
	uint8_t encoding;
	const uint8_t *data;
	size_t len;
};
int ikev1_cert_parse(const uint8_t *b, size_t len, struct ikev1_cert *c, const char **why);
int ikev1_cr_parse(const uint8_t *b, size_t len, struct ikev1_cert *c, const char **why);

/* Notification payload (RFC 2408 3.14): spi_len 0..IKEV1_SPI_MAX. */
struct ikev1_notify {
	uint32_t doi;
	uint8_t proto, spi_len;
	uint16_t type;
	const uint8_t *spi;
	const uint8_t *data;
	size_t len;
};
int ikev1_notify_parse(const uint8_t *b, size_t len, struct ikev1_notify *n, const char **why);
/* First well-formed notify of type in pl: 0 found (*n), -1 not found. */
int ikev1_notify_find(const struct ikev1_payloads *pl, uint16_t type, struct ikev1_notify *n);

/* Delete payload (RFC 2408 3.15): num >= 1 SPIs of spi_len 1..16 bytes, exactly. */
struct ikev1_delete {
	uint32_t doi;
	uint8_t proto, spi_len;
	uint16_t num;
	const uint8_t *spis;
};
int ikev1_delete_parse(const uint8_t *b, size_t len, struct ikev1_delete *d, const char **why);

/* NAT-OA (RFC 3947 5.2; the draft payload 131 is the same): IPv4 or IPv6 address. */
struct ikev1_natoa {
	uint8_t id_type;	/* IKEV1_ID_IPV4_ADDR or IKEV1_ID_IPV6_ADDR */
	const uint8_t *addr;
	size_t len;		/* 4 or 16 */
};
int ikev1_natoa_parse(const uint8_t *b, size_t len, struct ikev1_natoa *oa, const char **why);

/* --- Vendor IDs --- */

enum ikev1_vid {
	IKEV1_VID_UNKNOWN = 0,
	IKEV1_VID_IS_RFC3947,
	IKEV1_VID_IS_NATT_02,		/* -02 and its "-02\n" variant */
	IKEV1_VID_IS_NATT_03,
	IKEV1_VID_IS_DPD,
	IKEV1_VID_IS_MS_NT5,		/* 16 bytes + a 4-byte Windows version */
	IKEV1_VID_IS_FRAGMENTATION,	/* 16 bytes, or + 4 bytes of flags */
	IKEV1_VID_IS_MS_NDC,
	IKEV1_VID_IS_MS_CGA,
	IKEV1_VID_IS_MS_INITIAL_CONTACT,
};
/* What a VID payload's data is. */
enum ikev1_vid ikev1_vid_kind(const uint8_t *data, size_t len);

/* --- Writer: whole payloads (each sets w->err on misuse or overflow) --- */

/* The ISAKMP header: h->version is forced to IKEV1_VERSION. Must be first. */
void ikev1_w_hdr(struct ike_wbuf *w, const struct ike_hdr *h);

/*
 * One SA attribute into w (no payload header: use it to build the attrs
 * bytes of a transform in a scratch buffer): TV when v fits 16 bits and
 * the type fits 15, else TLV with the shortest big-endian value (1..8).
 */
void ikev1_w_attr(struct ike_wbuf *w, uint16_t type, uint64_t v);
/* A TLV attribute with len (<= 65535) bytes of data. */
void ikev1_w_attr_tlv(struct ike_wbuf *w, uint16_t type, const uint8_t *data, size_t len);

/*
 * SA payload: doi, situation, and the n proposals as given (num, proto,
 * spi, the first nt_kept transforms with their num, id and attrs; nt_kept
 * must equal nt). A responder echoes a chosen transform by passing a
 * proposal with that one transform. w->err if attrs are malformed.
 */
void ikev1_w_sa(struct ike_wbuf *w, uint32_t doi, uint32_t situation,
		const struct ikev1_proposal *props, unsigned int n);
/* KE, HASH, SIG, NONCE, VID, NAT-D, NAT-D draft: the body is data. */
void ikev1_w_data(struct ike_wbuf *w, uint8_t pl_type, const uint8_t *data, size_t len);
/* ID payload. */
void ikev1_w_id(struct ike_wbuf *w, uint8_t id_type, uint8_t proto, uint16_t port,
		const uint8_t *data, size_t len);
/* CERT (pl_type IKEV1_PL_CERT) or CR (IKEV1_PL_CR) payload. */
void ikev1_w_cert(struct ike_wbuf *w, uint8_t pl_type, uint8_t encoding, const uint8_t *data,
		  size_t len);
/* Notification payload; spi_len 0..16. */
void ikev1_w_notify(struct ike_wbuf *w, uint32_t doi, uint8_t proto, const uint8_t *spi,
		    uint8_t spi_len, uint16_t type, const uint8_t *data, size_t len);
/* Delete payload of num (>= 1) SPIs of spi_len (1..16) bytes each. */
void ikev1_w_delete(struct ike_wbuf *w, uint32_t doi, uint8_t proto, uint8_t spi_len,
		    const uint8_t *spis, uint16_t num);
/* NAT-OA (pl_type IKEV1_PL_NAT_OA or _DRAFT) of a 4- or 16-byte address. */
void ikev1_w_natoa(struct ike_wbuf *w, uint8_t pl_type, const uint8_t *addr, size_t len);

/* --- Names for logs (never NULL; "UNKNOWN(n)" from a static buffer) --- */
const char *ikev1_exchange_name(uint8_t x);
const char *ikev1_payload_name(uint8_t t);
const char *ikev1_notify_name(uint16_t t);

#endif
