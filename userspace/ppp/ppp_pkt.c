// SPDX-License-Identifier: GPL-2.0
/*
 * PPP control packet codec (RFC 1661 section 5): header, option lists,
 * the typed bodies of Code-Reject, Protocol-Reject and Echo/Discard, and a
 * bounded writer. All decoded pointers are views into the caller's buffer.
 */
#include <string.h>

#include "ppp_pkt.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

/* ------------------------------------------------------------------ reader */

int ppp_pkt_parse(const uint8_t *p, size_t n, struct ppp_pkt *pkt, const char **why)
{
	uint16_t len;

	memset(pkt, 0, sizeof(*pkt));
	if (!p || n < PPP_HDR_LEN)
		return fail(why, "packet shorter than the PPP header");
	len = get16(p + 2);
	if (len < PPP_HDR_LEN)
		return fail(why, "length field below 4");
	if (len > n)
		return fail(why, "length field past the end of the packet");
	pkt->code = p[0];
	pkt->id = p[1];
	pkt->len = len;
	pkt->data = p + PPP_HDR_LEN;
	pkt->data_len = len - PPP_HDR_LEN;
	pkt->padding = n - len;
	if (pkt->code >= PPP_CONF_REQ && pkt->code <= PPP_CONF_REJ)
		return ppp_opts_check(pkt->data, pkt->data_len, why);
	return 0;
}

int ppp_opt_next(const uint8_t *a, size_t n, size_t *off, struct ppp_opt *o, const char **why)
{
	size_t at = *off;

	if (at >= n)
		return 0;
	if (n - at < PPP_OPT_HDR_LEN)
		return fail(why, "option header truncated");
	if (a[at + 1] < PPP_OPT_HDR_LEN)
		return fail(why, "option length below 2");
	if (a[at + 1] > n - at)
		return fail(why, "option length past the end of the list");
	o->type = a[at];
	o->len = a[at + 1];
	o->raw = a + at;
	o->data = a + at + PPP_OPT_HDR_LEN;
	*off = at + o->len;
	return 1;
}

int ppp_opts_check(const uint8_t *a, size_t n, const char **why)
{
	struct ppp_opt o;
	size_t off = 0;
	unsigned int count = 0;
	int rc;

	if (n && !a)
		return fail(why, "no buffer");
	while ((rc = ppp_opt_next(a, n, &off, &o, why)) == 1)
		if (++count > PPP_MAX_OPTS)
			return fail(why, "too many options");
	return rc;
}

bool ppp_opt_find(const uint8_t *a, size_t n, uint8_t type, struct ppp_opt *o)
{
	size_t off = 0;

	while (ppp_opt_next(a, n, &off, o, NULL) == 1)
		if (o->type == type)
			return true;
	return false;
}

int ppp_code_rej_parse(const struct ppp_pkt *pkt, struct ppp_code_rej *cr, const char **why)
{
	memset(cr, 0, sizeof(*cr));
	if (pkt->code != PPP_CODE_REJ)
		return fail(why, "not a Code-Reject");
	if (pkt->data_len < 1)
		return fail(why, "Code-Reject without the rejected packet");
	cr->code = pkt->data[0];
	cr->rejected = pkt->data;
	cr->len = pkt->data_len;
	return 0;
}

int ppp_proto_rej_parse(const struct ppp_pkt *pkt, struct ppp_proto_rej *pr, const char **why)
{
	memset(pr, 0, sizeof(*pr));
	if (pkt->code != PPP_PROTO_REJ)
		return fail(why, "not a Protocol-Reject");
	if (pkt->data_len < 2)
		return fail(why, "Protocol-Reject without the rejected protocol");
	pr->proto = get16(pkt->data);
	pr->info = pkt->data + 2;
	pr->len = pkt->data_len - 2;
	return 0;
}

int ppp_echo_parse(const struct ppp_pkt *pkt, struct ppp_echo *e, const char **why)
{
	memset(e, 0, sizeof(*e));
	if (pkt->code != PPP_ECHO_REQ && pkt->code != PPP_ECHO_REP &&
	    pkt->code != PPP_DISCARD_REQ)
		return fail(why, "not an Echo or Discard packet");
	if (pkt->data_len < PPP_MAGIC_LEN)
		return fail(why, "magic number truncated");
	e->magic = get32(pkt->data);
	e->data = pkt->data + PPP_MAGIC_LEN;
	e->len = pkt->data_len - PPP_MAGIC_LEN;
	return 0;
}

const char *ppp_code_name(uint8_t code)
{
	static const char *const names[] = {
		[PPP_CONF_REQ] = "Configure-Request", [PPP_CONF_ACK] = "Configure-Ack",
		[PPP_CONF_NAK] = "Configure-Nak", [PPP_CONF_REJ] = "Configure-Reject",
		[PPP_TERM_REQ] = "Terminate-Request", [PPP_TERM_ACK] = "Terminate-Ack",
		[PPP_CODE_REJ] = "Code-Reject", [PPP_PROTO_REJ] = "Protocol-Reject",
		[PPP_ECHO_REQ] = "Echo-Request", [PPP_ECHO_REP] = "Echo-Reply",
		[PPP_DISCARD_REQ] = "Discard-Request",
	};

	if (code < sizeof(names) / sizeof(names[0]) && names[code])
		return names[code];
	return "unknown";
}

/* ------------------------------------------------------------------ writer */

void ppp_w_init(struct ppp_wbuf *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->err = false;
}

void ppp_w_bytes(struct ppp_wbuf *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n > w->cap - w->len || (n && !p)) {
		w->err = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void ppp_w_u8(struct ppp_wbuf *w, uint8_t v)
{
	ppp_w_bytes(w, &v, 1);
}

void ppp_w_u16(struct ppp_wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	ppp_w_bytes(w, b, sizeof(b));
}

void ppp_w_u32(struct ppp_wbuf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	ppp_w_bytes(w, b, sizeof(b));
}

void ppp_w_hdr(struct ppp_wbuf *w, uint8_t code, uint8_t id)
{
	uint8_t h[PPP_HDR_LEN] = { code, id, 0, 0 };

	if (w->len)
		w->err = true;	/* one packet per writer, at offset 0 */
	ppp_w_bytes(w, h, sizeof(h));
}

void ppp_w_opt(struct ppp_wbuf *w, uint8_t type, const void *data, size_t n)
{
	if (n > UINT8_MAX - PPP_OPT_HDR_LEN) {
		w->err = true;
		return;
	}
	ppp_w_u8(w, type);
	ppp_w_u8(w, (uint8_t)(n + PPP_OPT_HDR_LEN));
	ppp_w_bytes(w, data, n);
}

void ppp_w_opt_u16(struct ppp_wbuf *w, uint8_t type, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	ppp_w_opt(w, type, b, sizeof(b));
}

void ppp_w_opt_u32(struct ppp_wbuf *w, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	ppp_w_opt(w, type, b, sizeof(b));
}

size_t ppp_w_finish(struct ppp_wbuf *w)
{
	if (w->err || w->len < PPP_HDR_LEN || w->len > UINT16_MAX)
		return 0;
	w->buf[2] = (uint8_t)(w->len >> 8);
	w->buf[3] = (uint8_t)w->len;
	return w->len;
}

size_t ppp_w_echo(uint8_t *buf, size_t cap, uint8_t code, uint8_t id, uint32_t magic,
		  const uint8_t *data, size_t n)
{
	struct ppp_wbuf w;

	ppp_w_init(&w, buf, cap);
	ppp_w_hdr(&w, code, id);
	ppp_w_u32(&w, magic);
	ppp_w_bytes(&w, data, n);
	return ppp_w_finish(&w);
}

static size_t fit(size_t cap, size_t used, size_t n)
{
	size_t room = cap > used ? cap - used : 0;

	if (room > UINT16_MAX - used)
		room = UINT16_MAX - used;
	return n < room ? n : room;
}

size_t ppp_w_proto_rej(uint8_t *buf, size_t cap, uint8_t id, uint16_t proto,
		       const uint8_t *info, size_t n)
{
	struct ppp_wbuf w;

	ppp_w_init(&w, buf, cap);
	ppp_w_hdr(&w, PPP_PROTO_REJ, id);
	ppp_w_u16(&w, proto);
	ppp_w_bytes(&w, info, fit(cap, PPP_HDR_LEN + 2, n));
	return ppp_w_finish(&w);
}

size_t ppp_w_code_rej(uint8_t *buf, size_t cap, uint8_t id, const uint8_t *rej, size_t n)
{
	struct ppp_wbuf w;

	ppp_w_init(&w, buf, cap);
	ppp_w_hdr(&w, PPP_CODE_REJ, id);
	ppp_w_bytes(&w, rej, fit(cap, PPP_HDR_LEN, n));
	return ppp_w_finish(&w);
}

/* ------------------------------------------------------- Configure answers */

void ppp_answer_init(struct ppp_answer *a, bool reject_only)
{
	ppp_w_init(&a->n, a->nak, sizeof(a->nak));
	ppp_w_init(&a->r, a->rej, sizeof(a->rej));
	a->reject_only = reject_only;
}

void ppp_answer_rej(struct ppp_answer *a, const struct ppp_opt *o)
{
	ppp_w_bytes(&a->r, o->raw, o->len);
}

void ppp_answer_nak(struct ppp_answer *a, const struct ppp_opt *o, uint8_t type,
		    const void *data, size_t n)
{
	if (a->reject_only) {
		if (o)
			ppp_answer_rej(a, o);
		return;
	}
	ppp_w_opt(&a->n, type, data, n);
}

int ppp_answer_finish(struct ppp_answer *a, const uint8_t *req, size_t n, struct ppp_wbuf *w)
{
	int code = PPP_CONF_ACK;

	if (a->n.err || a->r.err)
		return -1;
	if (a->r.len) {
		code = PPP_CONF_REJ;
		ppp_w_bytes(w, a->rej, a->r.len);
	} else if (a->n.len) {
		code = PPP_CONF_NAK;
		ppp_w_bytes(w, a->nak, a->n.len);
	} else {
		ppp_w_bytes(w, req, n);
	}
	return w->err ? -1 : code;
}
