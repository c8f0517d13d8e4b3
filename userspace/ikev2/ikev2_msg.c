// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 message codec (RFC 7296 section 3): header, payload chain, typed
 * payload decoders, a bounds-checked writer and names for logs.
 */
#include <stdio.h>
#include <string.h>

#include "ikev2_msg.h"

#define GEN_HDR_LEN	4	/* generic payload header */
#define PROP_HDR_LEN	8	/* proposal substructure without SPI */
#define TRANS_HDR_LEN	8	/* transform substructure without attributes */
#define TS_V4_LEN	16	/* selector length of an IPv4 range */
#define TS_V6_LEN	40	/* selector length of an IPv6 range */
#define LAST_PROP_MORE	2	/* "last substructure": another proposal follows */
#define LAST_TRANS_MORE	3	/* another transform follows */
#define CRITICAL_BIT	0x80

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

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static bool spi_len_ok(uint8_t n)
{
	return n == 0 || n == 4 || n == 8;
}

/* ---------------------------------------------------------------- header */

int ike_hdr_parse(const uint8_t *p, size_t len, struct ike_hdr *h, const char **why)
{
	if (!p || len < IKE_HDR_LEN)
		return fail(why, "message shorter than the IKE header");
	memcpy(h->spi_i, p, 8);
	memcpy(h->spi_r, p + 8, 8);
	h->next = p[16];
	h->version = p[17];
	h->exchange = p[18];
	h->flags = p[19];
	h->msgid = get32(p + 20);
	h->length = get32(p + 24);
	if ((h->version >> 4) != (IKE_VERSION >> 4)) {
		if (why)
			*why = "unsupported major version";
		return -2;
	}
	if (len > IKE_MSG_MAX)
		return fail(why, "message too long");
	if (h->length != len)
		return fail(why, "header length does not match the datagram");
	return 0;
}

/* --------------------------------------------------------- payload chain */

bool ike_payload_known(uint8_t t)
{
	return (t >= IKE_PL_SA && t <= IKE_PL_EAP) || t == IKE_PL_SKF;
}

int ike_payloads_parse(uint8_t first, const uint8_t *buf, size_t len, struct ike_payloads *out,
		       const char **why)
{
	uint8_t type = first;
	size_t off = 0;

	out->n = 0;
	out->sk_inner = 0;
	if (len && !buf)
		return fail(why, "no buffer");
	while (type != IKE_PL_NONE) {
		struct ike_payload *pl;
		uint16_t plen;

		if (len - off < GEN_HDR_LEN)
			return fail(why, "payload header truncated");
		if (out->n >= IKE_MAX_PAYLOADS)
			return fail(why, "too many payloads");
		plen = get16(buf + off + 2);
		if (plen < GEN_HDR_LEN)
			return fail(why, "payload length below 4");
		if (plen > len - off)
			return fail(why, "payload length past the end of the message");
		pl = &out->p[out->n++];
		pl->type = type;
		pl->critical = buf[off + 1] & CRITICAL_BIT;
		pl->body = buf + off + GEN_HDR_LEN;
		pl->len = (uint16_t)(plen - GEN_HDR_LEN);
		if (type == IKE_PL_SK || type == IKE_PL_SKF) {
			if (off + plen != len)
				return fail(why, "encrypted payload is not the last one");
			out->sk_inner = buf[off];
			return 0;
		}
		type = buf[off];
		off += plen;
	}
	if (off != len)
		return fail(why, "trailing data after the last payload");
	return 0;
}

const struct ike_payload *ike_payload_find(const struct ike_payloads *pl, uint8_t type)
{
	for (unsigned int i = 0; i < pl->n && i < IKE_MAX_PAYLOADS; i++)
		if (pl->p[i].type == type)
			return &pl->p[i];
	return NULL;
}

unsigned int ike_payload_count(const struct ike_payloads *pl, uint8_t type)
{
	unsigned int c = 0;

	for (unsigned int i = 0; i < pl->n && i < IKE_MAX_PAYLOADS; i++)
		if (pl->p[i].type == type)
			c++;
	return c;
}

uint8_t ike_payloads_unknown_critical(const struct ike_payloads *pl)
{
	for (unsigned int i = 0; i < pl->n && i < IKE_MAX_PAYLOADS; i++)
		if (pl->p[i].critical && !ike_payload_known(pl->p[i].type))
			return pl->p[i].type;
	return 0;
}

/* ------------------------------------------------------------ SA payload */

/*
 * The attributes of a transform in a[0..len): 1 if understood (only a
 * single non-zero KEY_LENGTH in TV form; *bits set), 0 if well-formed but
 * not understood (drop the transform), -1 if malformed.
 */
static int parse_attrs(const uint8_t *a, size_t len, uint16_t *bits, const char **why)
{
	bool understood = true;
	size_t off = 0;

	*bits = 0;
	while (off < len) {
		uint16_t af_type, val;

		if (len - off < 4)
			return fail(why, "transform attribute truncated");
		af_type = get16(a + off);
		val = get16(a + off + 2);
		off += 4;
		if (!(af_type & IKE_ATTR_TV)) {
			/* TLV: val is the length of the value */
			if (val > len - off)
				return fail(why, "transform attribute length past the end");
			off += val;
			understood = false;
		} else if ((af_type & ~IKE_ATTR_TV) == IKE_ATTR_KEY_LENGTH && val && !*bits) {
			*bits = val;
		} else {
			understood = false;
		}
	}
	return understood ? 1 : 0;
}

/* One transform at t[0..avail); *tlen its length, *keep whether it is stored. */
static int parse_transform(const uint8_t *t, size_t avail, bool last, struct ike_transform *tr,
			   size_t *tlen, bool *keep, const char **why)
{
	uint16_t len;
	int rc;

	if (avail < TRANS_HDR_LEN)
		return fail(why, "transform truncated");
	len = get16(t + 2);
	if (len < TRANS_HDR_LEN)
		return fail(why, "transform length below 8");
	if (len > avail)
		return fail(why, "transform length past the end of the proposal");
	if (t[0] != (last ? 0 : LAST_TRANS_MORE))
		return fail(why, "bad last-substructure byte of a transform");
	tr->type = t[4];
	tr->id = get16(t + 6);
	rc = parse_attrs(t + TRANS_HDR_LEN, len - TRANS_HDR_LEN, &tr->key_bits, why);
	if (rc < 0)
		return -1;
	*keep = rc == 1;
	*tlen = len;
	return 0;
}

/* The transforms of a proposal: exactly nt of them filling t[0..len). */
static int parse_transforms(const uint8_t *t, size_t len, unsigned int nt, struct ike_proposal *p,
			    const char **why)
{
	size_t off = 0;

	p->nt = 0;
	for (unsigned int i = 0; i < nt; i++) {
		struct ike_transform tr = { 0 };
		size_t tlen;
		bool keep;

		if (parse_transform(t + off, len - off, i + 1 == nt, &tr, &tlen, &keep, why))
			return -1;
		off += tlen;
		if (keep && p->nt < IKE_MAX_TRANSFORMS)
			p->t[p->nt++] = tr;
	}
	if (off != len)
		return fail(why, "proposal length does not match its transforms");
	return 0;
}

/* One proposal at b[0..avail); *plen its length. prev: number of the previous one, 0 if none. */
static int parse_proposal(const uint8_t *b, size_t avail, uint8_t prev, struct ike_proposal *p,
			  size_t *plen, const char **why)
{
	uint16_t len;

	if (avail < PROP_HDR_LEN)
		return fail(why, "proposal truncated");
	len = get16(b + 2);
	if (b[0] != 0 && b[0] != LAST_PROP_MORE)
		return fail(why, "bad last-substructure byte of a proposal");
	if (len < PROP_HDR_LEN || len > avail)
		return fail(why, "bad proposal length");
	p->num = b[4];
	p->proto = b[5];
	p->spi_len = b[6];
	if (!p->num || (p->num != prev && p->num != prev + 1))
		return fail(why, "proposals not numbered consecutively from 1");
	if (!spi_len_ok(p->spi_len))
		return fail(why, "bad SPI size in a proposal");
	if (len < PROP_HDR_LEN + p->spi_len)
		return fail(why, "proposal shorter than its SPI");
	memcpy(p->spi, b + PROP_HDR_LEN, p->spi_len);
	if (parse_transforms(b + PROP_HDR_LEN + p->spi_len, len - PROP_HDR_LEN - p->spi_len,
			     b[7], p, why))
		return -1;
	*plen = len;
	return 0;
}

int ike_sa_parse(const uint8_t *b, size_t len, struct ike_sa_payload *sa, const char **why)
{
	struct ike_proposal spare;
	uint8_t prev = 0;
	size_t off = 0;
	bool last = false;

	memset(sa, 0, sizeof(*sa));
	if (!len || !b)
		return fail(why, "SA payload without proposals");
	while (!last) {
		struct ike_proposal *p = sa->n < IKE_MAX_PROPOSALS ? &sa->prop[sa->n] : &spare;
		size_t plen;

		if (off >= len)
			return fail(why, "SA payload truncated: proposal missing");
		memset(p, 0, sizeof(*p));
		last = b[off] == 0;
		if (parse_proposal(b + off, len - off, prev, p, &plen, why)) {
			memset(sa, 0, sizeof(*sa));
			return -1;
		}
		prev = p->num;
		off += plen;
		if (p != &spare)
			sa->n++;
	}
	if (off != len) {
		memset(sa, 0, sizeof(*sa));
		return fail(why, "data after the last proposal");
	}
	return 0;
}

/* ----------------------------------------------------- other decoders */

int ike_ke_parse(const uint8_t *b, size_t len, struct ike_ke *ke, const char **why)
{
	if (!b || len < 5)
		return fail(why, "KE payload too short");
	ke->group = get16(b);
	ke->data = b + 4;
	ke->len = len - 4;
	return 0;
}

int ike_id_parse(const uint8_t *b, size_t len, struct ike_id *id, const char **why)
{
	if (!b || len < 5)
		return fail(why, "ID payload too short");
	id->type = b[0];
	id->data = b + 4;
	id->len = len - 4;
	if (id->type == IKE_ID_IPV4_ADDR && id->len != 4)
		return fail(why, "ID_IPV4_ADDR not 4 bytes");
	if (id->type == IKE_ID_IPV6_ADDR && id->len != 16)
		return fail(why, "ID_IPV6_ADDR not 16 bytes");
	return 0;
}

int ike_auth_parse(const uint8_t *b, size_t len, struct ike_auth *a, const char **why)
{
	if (!b || len < 5)
		return fail(why, "AUTH payload too short");
	a->method = b[0];
	a->data = b + 4;
	a->len = len - 4;
	return 0;
}

int ike_cert_parse(const uint8_t *b, size_t len, struct ike_cert *c, const char **why)
{
	if (!b || len < 1)
		return fail(why, "CERT/CERTREQ payload too short");
	c->encoding = b[0];
	c->data = b + 1;
	c->len = len - 1;
	return 0;
}

int ike_notify_parse(const uint8_t *b, size_t len, struct ike_notify *n, const char **why)
{
	if (!b || len < 4)
		return fail(why, "notify payload too short");
	n->proto = b[0];
	n->spi_len = b[1];
	n->type = get16(b + 2);
	if (!spi_len_ok(n->spi_len))
		return fail(why, "bad SPI size in a notify");
	if (len - 4 < n->spi_len)
		return fail(why, "notify SPI truncated");
	n->spi = b + 4;
	n->data = b + 4 + n->spi_len;
	n->len = len - 4 - n->spi_len;
	return 0;
}

int ike_delete_parse(const uint8_t *b, size_t len, struct ike_delete *d, const char **why)
{
	if (!b || len < 4)
		return fail(why, "delete payload too short");
	d->proto = b[0];
	d->spi_len = b[1];
	d->num = get16(b + 2);
	d->spis = b + 4;
	if (!spi_len_ok(d->spi_len))
		return fail(why, "bad SPI size in a delete");
	if (!d->spi_len && d->num)
		return fail(why, "delete with SPI size 0 and SPIs");
	if ((size_t)d->num * d->spi_len != len - 4)
		return fail(why, "delete SPI count does not match its length");
	return 0;
}

/* One selector at b[0..avail); *slen its length. */
static int parse_selector(const uint8_t *b, size_t avail, struct ike_ts *ts, size_t *slen,
			  const char **why)
{
	size_t alen;
	uint16_t len;

	if (avail < 8)
		return fail(why, "traffic selector truncated");
	memset(ts, 0, sizeof(*ts));
	ts->type = b[0];
	ts->proto = b[1];
	len = get16(b + 2);
	ts->sport = get16(b + 4);
	ts->eport = get16(b + 6);
	if (ts->type == IKE_TS_IPV4_ADDR_RANGE && len == TS_V4_LEN)
		alen = 4;
	else if (ts->type == IKE_TS_IPV6_ADDR_RANGE && len == TS_V6_LEN)
		alen = 16;
	else
		return fail(why, "unknown traffic selector type or bad selector length");
	if (len > avail)
		return fail(why, "traffic selector length past the end");
	memcpy(ts->start, b + 8, alen);
	memcpy(ts->end, b + 8 + alen, alen);
	*slen = len;
	return 0;
}

int ike_ts_parse(const uint8_t *b, size_t len, struct ike_ts_payload *t, const char **why)
{
	unsigned int num;
	size_t off = 4;

	memset(t, 0, sizeof(*t));
	if (!b || len < 4)
		return fail(why, "TS payload too short");
	num = b[0];
	if (!num)
		return fail(why, "TS payload without selectors");
	if (num > IKE_MAX_TS)
		return fail(why, "too many traffic selectors");
	for (unsigned int i = 0; i < num; i++) {
		size_t slen;

		if (parse_selector(b + off, len - off, &t->ts[i], &slen, why)) {
			memset(t, 0, sizeof(*t));
			return -1;
		}
		off += slen;
	}
	if (off != len) {
		memset(t, 0, sizeof(*t));
		return fail(why, "TS payload length does not match its selectors");
	}
	t->n = num;
	return 0;
}

int ike_nonce_check(size_t len, const char **why)
{
	if (len < IKE_NONCE_MIN || len > IKE_NONCE_MAX)
		return fail(why, "nonce length not in 16..256");
	return 0;
}

int ike_notify_find(const struct ike_payloads *pl, uint16_t type, struct ike_notify *n)
{
	for (unsigned int i = 0; i < pl->n && i < IKE_MAX_PAYLOADS; i++) {
		const struct ike_payload *p = &pl->p[i];
		struct ike_notify tmp;

		if (p->type != IKE_PL_NOTIFY || ike_notify_parse(p->body, p->len, &tmp, NULL))
			continue;
		if (tmp.type == type) {
			*n = tmp;
			return 0;
		}
	}
	return -1;
}

/* --------------------------------------------------------------- writer */

void ike_w_init(struct ike_wbuf *w, uint8_t *buf, size_t cap)
{
	w->p = buf;
	w->len = 0;
	w->cap = buf ? cap : 0;
	w->err = false;
	w->next_off = SIZE_MAX;
	w->first = IKE_PL_NONE;
	w->hdr = false;
}

/* Room for n more bytes: a pointer to them (len advanced), or NULL and err. */
static uint8_t *w_room(struct ike_wbuf *w, size_t n)
{
	uint8_t *r;

	if (w->err || n > w->cap - w->len) {
		w->err = true;
		return NULL;
	}
	r = w->p + w->len;
	w->len += n;
	return r;
}

void ike_w_hdr(struct ike_wbuf *w, const struct ike_hdr *h)
{
	uint8_t *p;

	if (w->len) {
		w->err = true;
		return;
	}
	p = w_room(w, IKE_HDR_LEN);
	if (!p)
		return;
	memcpy(p, h->spi_i, 8);
	memcpy(p + 8, h->spi_r, 8);
	p[16] = h->next;
	p[17] = h->version;
	p[18] = h->exchange;
	p[19] = h->flags;
	put32(p + 20, h->msgid);
	put32(p + 24, 0);
	w->next_off = 16;
	w->hdr = true;
}

size_t ike_w_begin(struct ike_wbuf *w, uint8_t type, bool critical)
{
	size_t start = w->len;
	uint8_t *p;

	if (w->err)
		return SIZE_MAX;
	/* after SK, or bytes written before the first payload without a header */
	if (w->next_off == SIZE_MAX && w->len) {
		w->err = true;
		return SIZE_MAX;
	}
	p = w_room(w, GEN_HDR_LEN);
	if (!p)
		return SIZE_MAX;
	if (w->next_off == SIZE_MAX)
		w->first = type;
	else
		w->p[w->next_off] = type;
	p[0] = IKE_PL_NONE;
	p[1] = critical ? CRITICAL_BIT : 0;
	put16(p + 2, 0);
	w->next_off = start;
	return start;
}

void ike_w_end(struct ike_wbuf *w, size_t start)
{
	if (w->err)
		return;
	if (start > w->len || w->len - start < GEN_HDR_LEN || w->len - start > UINT16_MAX) {
		w->err = true;
		return;
	}
	put16(w->p + start + 2, (uint16_t)(w->len - start));
}

void ike_w_u8(struct ike_wbuf *w, uint8_t v)
{
	uint8_t *p = w_room(w, 1);

	if (p)
		*p = v;
}

void ike_w_u16(struct ike_wbuf *w, uint16_t v)
{
	uint8_t *p = w_room(w, 2);

	if (p)
		put16(p, v);
}

void ike_w_u32(struct ike_wbuf *w, uint32_t v)
{
	uint8_t *p = w_room(w, 4);

	if (p)
		put32(p, v);
}

void ike_w_bytes(struct ike_wbuf *w, const void *src, size_t n)
{
	uint8_t *p;

	if (!n)
		return;
	if (!src) {
		w->err = true;
		return;
	}
	p = w_room(w, n);
	if (p)
		memmove(p, src, n);	/* src may lie in the buffer itself */
}

size_t ike_w_finish(struct ike_wbuf *w)
{
	if (!w->err && w->len > IKE_MSG_MAX)
		w->err = true;
	if (w->err)
		return 0;
	if (w->hdr)
		put32(w->p + 24, (uint32_t)w->len);
	return w->len;
}

/* ---------------------------------------------------- whole payloads */

static void w_transform(struct ike_wbuf *w, const struct ike_transform *t, bool last)
{
	ike_w_u8(w, last ? 0 : LAST_TRANS_MORE);
	ike_w_u8(w, 0);
	ike_w_u16(w, t->key_bits ? TRANS_HDR_LEN + 4 : TRANS_HDR_LEN);
	ike_w_u8(w, t->type);
	ike_w_u8(w, 0);
	ike_w_u16(w, t->id);
	if (t->key_bits) {
		ike_w_u16(w, IKE_ATTR_TV | IKE_ATTR_KEY_LENGTH);
		ike_w_u16(w, t->key_bits);
	}
}

static void w_proposal(struct ike_wbuf *w, const struct ike_proposal *p, uint8_t num, bool last)
{
	size_t start = w->len;

	if (p->nt > IKE_MAX_TRANSFORMS || p->spi_len > sizeof(p->spi)) {
		w->err = true;
		return;
	}
	ike_w_u8(w, last ? 0 : LAST_PROP_MORE);
	ike_w_u8(w, 0);
	ike_w_u16(w, 0);	/* length, patched below */
	ike_w_u8(w, num);
	ike_w_u8(w, p->proto);
	ike_w_u8(w, p->spi_len);
	ike_w_u8(w, (uint8_t)p->nt);
	ike_w_bytes(w, p->spi, p->spi_len);
	for (unsigned int i = 0; i < p->nt; i++)
		w_transform(w, &p->t[i], i + 1 == p->nt);
	if (!w->err && w->len - start > UINT16_MAX)
		w->err = true;
	if (!w->err)
		put16(w->p + start + 2, (uint16_t)(w->len - start));
}

void ike_w_sa(struct ike_wbuf *w, const struct ike_proposal *props, unsigned int n)
{
	size_t start;

	if (!n || n > UINT8_MAX || !props) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKE_PL_SA, false);
	for (unsigned int i = 0; i < n; i++)
		w_proposal(w, &props[i], props[i].num ? props[i].num : (uint8_t)(i + 1),
			   i + 1 == n);
	ike_w_end(w, start);
}

void ike_w_ke(struct ike_wbuf *w, uint16_t group, const uint8_t *data, size_t len)
{
	size_t start = ike_w_begin(w, IKE_PL_KE, false);

	ike_w_u16(w, group);
	ike_w_u16(w, 0);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ike_w_nonce(struct ike_wbuf *w, const uint8_t *n, size_t len)
{
	size_t start = ike_w_begin(w, IKE_PL_NONCE, false);

	ike_w_bytes(w, n, len);
	ike_w_end(w, start);
}

/* Payloads of the form: one type byte, 3 reserved bytes, data. */
static void w_typed_data(struct ike_wbuf *w, uint8_t pl_type, uint8_t type,
			 const uint8_t *data, size_t len)
{
	size_t start = ike_w_begin(w, pl_type, false);

	ike_w_u8(w, type);
	ike_w_u8(w, 0);
	ike_w_u16(w, 0);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ike_w_id(struct ike_wbuf *w, uint8_t pl_type, uint8_t id_type,
	      const uint8_t *data, size_t len)
{
	if (pl_type != IKE_PL_IDI && pl_type != IKE_PL_IDR) {
		w->err = true;
		return;
	}
	w_typed_data(w, pl_type, id_type, data, len);
}

void ike_w_auth(struct ike_wbuf *w, uint8_t method, const uint8_t *data, size_t len)
{
	w_typed_data(w, IKE_PL_AUTH, method, data, len);
}

void ike_w_cert(struct ike_wbuf *w, uint8_t pl_type, uint8_t encoding,
		const uint8_t *data, size_t len)
{
	size_t start;

	if (pl_type != IKE_PL_CERT && pl_type != IKE_PL_CERTREQ) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, pl_type, false);
	ike_w_u8(w, encoding);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ike_w_notify(struct ike_wbuf *w, uint8_t proto, const uint8_t *spi, uint8_t spi_len,
		  uint16_t type, const uint8_t *data, size_t len)
{
	size_t start;

	if (!spi_len_ok(spi_len)) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKE_PL_NOTIFY, false);
	ike_w_u8(w, proto);
	ike_w_u8(w, spi_len);
	ike_w_u16(w, type);
	ike_w_bytes(w, spi, spi_len);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ike_w_delete(struct ike_wbuf *w, uint8_t proto, uint8_t spi_len, const uint8_t *spis,
		  uint16_t num)
{
	size_t start;

	if (!spi_len_ok(spi_len) || (!spi_len && num)) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKE_PL_DELETE, false);
	ike_w_u8(w, proto);
	ike_w_u8(w, spi_len);
	ike_w_u16(w, num);
	ike_w_bytes(w, spis, (size_t)num * spi_len);
	ike_w_end(w, start);
}

static void w_selector(struct ike_wbuf *w, const struct ike_ts *ts)
{
	size_t alen;

	if (ts->type == IKE_TS_IPV4_ADDR_RANGE) {
		alen = 4;
	} else if (ts->type == IKE_TS_IPV6_ADDR_RANGE) {
		alen = 16;
	} else {
		w->err = true;
		return;
	}
	ike_w_u8(w, ts->type);
	ike_w_u8(w, ts->proto);
	ike_w_u16(w, (uint16_t)(8 + 2 * alen));
	ike_w_u16(w, ts->sport);
	ike_w_u16(w, ts->eport);
	ike_w_bytes(w, ts->start, alen);
	ike_w_bytes(w, ts->end, alen);
}

void ike_w_ts(struct ike_wbuf *w, uint8_t pl_type, const struct ike_ts *ts, unsigned int n)
{
	size_t start;

	if ((pl_type != IKE_PL_TSI && pl_type != IKE_PL_TSR) || !n || n > UINT8_MAX || !ts) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, pl_type, false);
	ike_w_u8(w, (uint8_t)n);
	ike_w_u8(w, 0);
	ike_w_u16(w, 0);
	for (unsigned int i = 0; i < n; i++)
		w_selector(w, &ts[i]);
	ike_w_end(w, start);
}

void ike_w_vendor(struct ike_wbuf *w, const uint8_t *data, size_t len)
{
	size_t start = ike_w_begin(w, IKE_PL_VENDOR, false);

	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

uint8_t *ike_w_sk(struct ike_wbuf *w, uint8_t inner_first, size_t body_len, size_t *aad_len)
{
	size_t start = ike_w_begin(w, IKE_PL_SK, false);
	uint8_t *body;

	body = w_room(w, body_len);
	if (!body)
		return NULL;
	memset(body, 0, body_len);
	w->p[start] = inner_first;
	ike_w_end(w, start);
	if (!ike_w_finish(w))
		return NULL;
	w->next_off = SIZE_MAX;	/* SK is last: a later ike_w_begin fails */
	if (aad_len)
		*aad_len = start + GEN_HDR_LEN;
	return body;
}

/* ---------------------------------------------------------------- names */

struct name {
	uint16_t v;
	const char *s;
};

#define N(x) { IKE_N_##x, "N(" #x ")" }

static const struct name exchanges[] = {
	{ IKE_SA_INIT, "IKE_SA_INIT" },
	{ IKE_AUTH, "IKE_AUTH" },
	{ IKE_CREATE_CHILD_SA, "CREATE_CHILD_SA" },
	{ IKE_INFORMATIONAL, "INFORMATIONAL" },
};

static const struct name payloads[] = {
	{ IKE_PL_NONE, "NONE" }, { IKE_PL_SA, "SA" }, { IKE_PL_KE, "KE" },
	{ IKE_PL_IDI, "IDi" }, { IKE_PL_IDR, "IDr" }, { IKE_PL_CERT, "CERT" },
	{ IKE_PL_CERTREQ, "CERTREQ" }, { IKE_PL_AUTH, "AUTH" }, { IKE_PL_NONCE, "Nonce" },
	{ IKE_PL_NOTIFY, "N" }, { IKE_PL_DELETE, "D" }, { IKE_PL_VENDOR, "V" },
	{ IKE_PL_TSI, "TSi" }, { IKE_PL_TSR, "TSr" }, { IKE_PL_SK, "SK" },
	{ IKE_PL_CP, "CP" }, { IKE_PL_EAP, "EAP" }, { IKE_PL_SKF, "SKF" },
};

static const struct name notifies[] = {
	N(UNSUPPORTED_CRITICAL_PAYLOAD), N(INVALID_IKE_SPI), N(INVALID_MAJOR_VERSION),
	N(INVALID_SYNTAX), N(INVALID_MESSAGE_ID), N(INVALID_SPI), N(NO_PROPOSAL_CHOSEN),
	N(INVALID_KE_PAYLOAD), N(AUTHENTICATION_FAILED), N(SINGLE_PAIR_REQUIRED),
	N(NO_ADDITIONAL_SAS), N(INTERNAL_ADDRESS_FAILURE), N(FAILED_CP_REQUIRED),
	N(TS_UNACCEPTABLE), N(INVALID_SELECTORS), N(TEMPORARY_FAILURE), N(CHILD_SA_NOT_FOUND),
	N(INITIAL_CONTACT), N(SET_WINDOW_SIZE), N(ADDITIONAL_TS_POSSIBLE), N(IPCOMP_SUPPORTED),
	N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), N(COOKIE),
	N(USE_TRANSPORT_MODE), N(HTTP_CERT_LOOKUP_SUPPORTED), N(REKEY_SA),
	N(ESP_TFC_PADDING_NOT_SUPPORTED), N(NON_FIRST_FRAGMENTS_ALSO), N(MOBIKE_SUPPORTED),
	N(MULTIPLE_AUTH_SUPPORTED), N(REDIRECT_SUPPORTED), N(EAP_ONLY_AUTHENTICATION),
	N(IKEV2_FRAGMENTATION_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS),
};

static const struct name encrs[] = {
	{ IKE_ENCR_AES_CBC, "AES_CBC" }, { IKE_ENCR_AES_GCM_16, "AES_GCM_16" },
	{ IKE_ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305" },
};

static const struct name prfs[] = {
	{ IKE_PRF_HMAC_SHA1, "PRF_HMAC_SHA1" }, { IKE_PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256" },
	{ IKE_PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384" },
	{ IKE_PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512" },
};

static const struct name integs[] = {
	{ IKE_INTEG_NONE, "NONE" }, { IKE_INTEG_HMAC_SHA1_96, "HMAC_SHA1_96" },
	{ IKE_INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128" },
	{ IKE_INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192" },
	{ IKE_INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256" },
};

static const struct name dhs[] = {
	{ IKE_DH_NONE, "NONE" }, { IKE_DH_MODP_2048, "MODP_2048" },
	{ IKE_DH_MODP_3072, "MODP_3072" }, { IKE_DH_ECP_256, "ECP_256" },
	{ IKE_DH_ECP_384, "ECP_384" }, { IKE_DH_ECP_521, "ECP_521" },
	{ IKE_DH_CURVE25519, "CURVE25519" },
};

static const struct name esns[] = {
	{ IKE_ESN_NO, "NO_ESN" }, { IKE_ESN_YES, "ESN" },
};

#define LOOKUP(tab, v) lookup(tab, sizeof(tab) / sizeof(tab[0]), v)

static const char *lookup(const struct name *tab, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].v == v)
			return tab[i].s;
	return NULL;
}

const char *ike_exchange_name(uint8_t x)
{
	static char buf[24];
	const char *s = LOOKUP(exchanges, x);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "UNKNOWN(%u)", x);
	return buf;
}

const char *ike_payload_name(uint8_t t)
{
	static char buf[24];
	const char *s = LOOKUP(payloads, t);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "UNKNOWN(%u)", t);
	return buf;
}

const char *ike_notify_name(uint16_t t)
{
	static char buf[24];
	const char *s = LOOKUP(notifies, t);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "N(%u)", t);
	return buf;
}

const char *ike_transform_name(uint8_t type, uint16_t id)
{
	static char buf[32];
	const char *s = NULL;

	switch (type) {
	case IKE_TRANS_ENCR:
		s = LOOKUP(encrs, id);
		break;
	case IKE_TRANS_PRF:
		s = LOOKUP(prfs, id);
		break;
	case IKE_TRANS_INTEG:
		s = LOOKUP(integs, id);
		break;
	case IKE_TRANS_DH:
		s = LOOKUP(dhs, id);
		break;
	case IKE_TRANS_ESN:
		s = LOOKUP(esns, id);
		break;
	}
	if (s)
		return s;
	snprintf(buf, sizeof(buf), "UNKNOWN(%u:%u)", type, id);
	return buf;
}
