/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPP control packet codec (RFC 1661 section 5): the 4-byte header (code,
 * identifier, length), the Configure-Request/Ack/Nak/Reject option lists
 * (type, length >= 2, bounded), Terminate-Request/Ack, Code-Reject,
 * Protocol-Reject, Echo-Request/Reply and Discard-Request (magic number),
 * option iterators and writers. LCP, IPCP and every other NCP share it.
 *
 * Input is the Information field of a PPP frame: what follows the 2-byte
 * protocol number (the L2TP layer strips the address/control field and the
 * protocol). Parsers never read past the length they are given and reject
 * malformed input (-1 with a static reason in *why) rather than guess.
 * Every decoded pointer is a view INTO THE CALLER'S BUFFER, valid only while
 * that buffer is alive and unchanged; nothing here allocates or keeps a
 * pointer after returning.
 *
 * The writer (struct ppp_wbuf) has an explicit capacity, never writes at or
 * past it, patches the length field in ppp_w_finish() and has an error flag
 * that makes every later call a no-op.
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_PKT_H
#define L2TPSEC_PPP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PPP protocol numbers (RFC 1661, 1332, 1334, 1994, 5072). */
#define PPP_PROTO_IPV4		0x0021
#define PPP_PROTO_IPV6		0x0057
#define PPP_PROTO_IPCP		0x8021
#define PPP_PROTO_IPV6CP	0x8057
#define PPP_PROTO_LCP		0xc021
#define PPP_PROTO_PAP		0xc023
#define PPP_PROTO_CHAP		0xc223

/* Control packet codes (RFC 1661 section 5; 8..11 are LCP only). */
#define PPP_CONF_REQ		1
#define PPP_CONF_ACK		2
#define PPP_CONF_NAK		3
#define PPP_CONF_REJ		4
#define PPP_TERM_REQ		5
#define PPP_TERM_ACK		6
#define PPP_CODE_REJ		7
#define PPP_PROTO_REJ		8
#define PPP_ECHO_REQ		9
#define PPP_ECHO_REP		10
#define PPP_DISCARD_REQ		11

#define PPP_HDR_LEN		4	/* code, identifier, length */
#define PPP_OPT_HDR_LEN		2	/* type, length */
#define PPP_MAGIC_LEN		4
#define PPP_MAX_OPTS		32	/* options in one list; more is malformed */
#define PPP_MRU_DEFAULT		1500

/* A control packet: the header, and the data after it (Length - 4 bytes). */
struct ppp_pkt {
	uint8_t code, id;
	uint16_t len;		/* the Length field: header + data */
	const uint8_t *data;	/* len - 4 bytes after the header */
	size_t data_len;
	size_t padding;		/* bytes after Length (ignored, RFC 1661 5) */
};

/*
 * Parse the header of a control packet of n bytes: n >= 4, Length >= 4 and
 * <= n (octets past Length are padding: counted, ignored). The code is not
 * checked (an unknown code is a Code-Reject, the caller's business). For
 * codes 1..4 the data must be a well-formed option list (ppp_opts_check).
 * 0, or -1 with *why.
 */
int ppp_pkt_parse(const uint8_t *p, size_t n, struct ppp_pkt *pkt, const char **why);

/* One option of a Configure-* list. */
struct ppp_opt {
	uint8_t type;
	uint8_t len;		/* the Length field: header + data (>= 2) */
	const uint8_t *data;	/* len - 2 bytes */
	const uint8_t *raw;	/* the whole option, header included */
};

/*
 * Next option of a[0..n) at *off (start with 0): 1 and *off advanced, 0 at
 * the end, -1 with *why if malformed (header truncated, length < 2 or past
 * n). Does not count options: see ppp_opts_check().
 */
int ppp_opt_next(const uint8_t *a, size_t n, size_t *off, struct ppp_opt *o, const char **why);
/* Whether a[0..n) is a well-formed list of at most PPP_MAX_OPTS options. 0 / -1 with *why. */
int ppp_opts_check(const uint8_t *a, size_t n, const char **why);
/* The first option of type in a well-formed list a[0..n), or false. */
bool ppp_opt_find(const uint8_t *a, size_t n, uint8_t type, struct ppp_opt *o);

/* Code-Reject (7): the rejected packet (at least its code byte). */
struct ppp_code_rej {
	uint8_t code;		/* the rejected packet's code */
	const uint8_t *rejected;
	size_t len;
};
int ppp_code_rej_parse(const struct ppp_pkt *pkt, struct ppp_code_rej *cr, const char **why);

/* Protocol-Reject (8): the rejected protocol and the start of its information. */
struct ppp_proto_rej {
	uint16_t proto;
	const uint8_t *info;
	size_t len;
};
int ppp_proto_rej_parse(const struct ppp_pkt *pkt, struct ppp_proto_rej *pr, const char **why);

/* Echo-Request/Reply (9, 10) and Discard-Request (11): magic number, then data. */
struct ppp_echo {
	uint32_t magic;
	const uint8_t *data;
	size_t len;
};
int ppp_echo_parse(const struct ppp_pkt *pkt, struct ppp_echo *e, const char **why);

/* Name of a code for logs ("Configure-Request", ...; "unknown" otherwise). */
const char *ppp_code_name(uint8_t code);

/* ------------------------------------------------------------------ writer */

struct ppp_wbuf {
	uint8_t *buf;
	size_t cap, len;
	bool err;		/* something did not fit: the packet is invalid */
};

void ppp_w_init(struct ppp_wbuf *w, uint8_t *buf, size_t cap);
/* Start a packet at the current position: code, id, length patched later. */
void ppp_w_hdr(struct ppp_wbuf *w, uint8_t code, uint8_t id);
void ppp_w_bytes(struct ppp_wbuf *w, const void *p, size_t n);
void ppp_w_u8(struct ppp_wbuf *w, uint8_t v);
void ppp_w_u16(struct ppp_wbuf *w, uint16_t v);
void ppp_w_u32(struct ppp_wbuf *w, uint32_t v);
/* One option: type, 2 + n, data (n <= 253). */
void ppp_w_opt(struct ppp_wbuf *w, uint8_t type, const void *data, size_t n);
void ppp_w_opt_u16(struct ppp_wbuf *w, uint8_t type, uint16_t v);
void ppp_w_opt_u32(struct ppp_wbuf *w, uint8_t type, uint32_t v);
/*
 * Patch the Length of the packet started by ppp_w_hdr() at offset 0 (the
 * writer holds one packet) and return its length, or 0 if anything failed
 * (overflow, no header, longer than 65535).
 */
size_t ppp_w_finish(struct ppp_wbuf *w);

/* Whole packets in one call (each returns ppp_w_finish()'s value). */
size_t ppp_w_echo(uint8_t *buf, size_t cap, uint8_t code, uint8_t id, uint32_t magic,
		  const uint8_t *data, size_t n);
/* Protocol-Reject: the rejected information truncated to fit cap. */
size_t ppp_w_proto_rej(uint8_t *buf, size_t cap, uint8_t id, uint16_t proto,
		       const uint8_t *info, size_t n);
/* Code-Reject: the rejected packet truncated to fit cap. */
size_t ppp_w_code_rej(uint8_t *buf, size_t cap, uint8_t id, const uint8_t *rej, size_t n);

/* ------------------------------------------------------- Configure answers */

/*
 * The answer to a Configure-Request (RFC 1661 5.2-5.4): Reject with every
 * unacceptable option verbatim if there is one; else Nak with the values we
 * want for the options we would accept otherwise (and options we want the
 * peer to request); else Ack with the request unchanged.
 */
#define PPP_ANSWER_MAX	1500
struct ppp_answer {
	uint8_t nak[PPP_ANSWER_MAX], rej[PPP_ANSWER_MAX];
	struct ppp_wbuf n, r;
	bool reject_only;	/* Max-Failure reached: what would be Nak'd is rejected */
};

void ppp_answer_init(struct ppp_answer *a, bool reject_only);
/* Reject option o (verbatim). */
void ppp_answer_rej(struct ppp_answer *a, const struct ppp_opt *o);
/*
 * Nak option o (NULL: an option the peer did not send and should) with
 * type and value data[0..n); with reject_only, o is rejected instead (and
 * nothing happens for o NULL).
 */
void ppp_answer_nak(struct ppp_answer *a, const struct ppp_opt *o, uint8_t type,
		    const void *data, size_t n);
/*
 * Write the answer's options into w (the request req[0..n) for an Ack) and
 * return PPP_CONF_ACK, PPP_CONF_NAK or PPP_CONF_REJ; -1 if something did
 * not fit.
 */
int ppp_answer_finish(struct ppp_answer *a, const uint8_t *req, size_t n, struct ppp_wbuf *w);

#endif
