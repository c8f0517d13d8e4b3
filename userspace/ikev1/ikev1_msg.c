// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 message codec (RFC 2408 section 3, RFC 2407 section 4.6, RFC 3947):
 * header, payload chain, typed payload decoders, payload writers and names
 * for logs. All decoded pointers are views into the caller's buffer.
 */
#include <stdio.h>
#include <string.h>

#include "ikev1_msg.h"

#define GEN_HDR_LEN	4	/* generic payload header */
#define SA_HDR_LEN	8	/* DOI + situation */
#define PROP_HDR_LEN	8	/* proposal payload without SPI */
#define TRANS_HDR_LEN	8	/* transform payload without attributes */
#define ID_HDR_LEN	4	/* type, protocol, port */
#define N_HDR_LEN	8	/* DOI, protocol, SPI size, type */
#define D_HDR_LEN	8	/* DOI, protocol, SPI size, number */
#define NATOA_HDR_LEN	4	/* ID type, 3 reserved */
#define MIN_BLOCK	8	/* smallest cipher block (3DES) */
#define KNOWN_FLAGS	(IKEV1_FLAG_ENCRYPTION | IKEV1_FLAG_COMMIT | IKEV1_FLAG_AUTH_ONLY)

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

/* ---------------------------------------------------------------- header */

/*
 * The 28 bytes are laid out as in IKEv2: ike_hdr_parse() fills *h and
 * returns -2 for any major version but 2 (or 0 for 2: not ours).
 */
int ikev1_hdr_parse(const uint8_t *p, size_t len, struct ike_hdr *h, const char **why)
{
	static const uint8_t zero[IKEV1_COOKIE_LEN];
	int rc = ike_hdr_parse(p, len, h, why);

	if (rc == -1)
		return fail(why, "message shorter than the ISAKMP header");
	if (!rc || (h->version >> 4) != (IKEV1_VERSION >> 4)) {
		if (why)
			*why = "unsupported major version";
		return -2;
	}
	if (len > IKE_MSG_MAX)
		return fail(why, "message too long");
	if (h->length != len)
		return fail(why, "header length does not match the datagram");
	if (!memcmp(h->spi_i, zero, sizeof(zero)))
		return fail(why, "initiator cookie is zero");
	if (h->flags & ~KNOWN_FLAGS)
		return fail(why, "unknown header flags");
	return 0;
}

/* --------------------------------------------------------- payload chain */

bool ikev1_payload_known(uint8_t t)
{
	return t == IKEV1_PL_SA || (t >= IKEV1_PL_KE && t <= IKEV1_PL_VID) ||
	       t == IKEV1_PL_NAT_D || t == IKEV1_PL_NAT_OA || t == IKEV1_PL_NAT_D_DRAFT ||
	       t == IKEV1_PL_NAT_OA_DRAFT;
}

int ikev1_payloads_parse(uint8_t first, const uint8_t *buf, size_t len, unsigned int opts,
			 struct ikev1_payloads *out, const char **why)
{
	uint8_t type = first;
	size_t off = 0;

	out->n = 0;
	out->trailing = 0;
	if (len && !buf)
		return fail(why, "no buffer");
	while (type != IKEV1_PL_NONE) {
		struct ikev1_payload *pl;
		uint16_t plen;

		if (type == IKEV1_PL_P || type == IKEV1_PL_T)
			return fail(why, "proposal or transform outside an SA payload");
		if (!ikev1_payload_known(type) && !(opts & IKEV1_P_ALLOW_UNKNOWN))
			return fail(why, "unknown payload type");
		if (len - off < GEN_HDR_LEN)
			return fail(why, "payload header truncated");
		if (out->n >= IKEV1_MAX_PAYLOADS)
			return fail(why, "too many payloads");
		if (buf[off + 1])
			return fail(why, "payload reserved byte not zero");
		plen = get16(buf + off + 2);
		if (plen < GEN_HDR_LEN)
			return fail(why, "payload length below 4");
		if (plen > len - off)
			return fail(why, "payload length past the end of the message");
		pl = &out->p[out->n++];
		pl->type = type;
		pl->hdr = buf + off;
		pl->body = buf + off + GEN_HDR_LEN;
		pl->len = (uint16_t)(plen - GEN_HDR_LEN);
		type = buf[off];
		off += plen;
	}
	if (off != len && !(opts & IKEV1_P_PADDED))
		return fail(why, "trailing data after the last payload");
	out->trailing = len - off;
	return 0;
}

int ikev1_msg_parse(const uint8_t *p, size_t len, unsigned int opts, struct ikev1_msg *m,
		    const char **why)
{
	int rc = ikev1_hdr_parse(p, len, &m->h, why);

	m->encrypted = false;
	m->enc = NULL;
	m->enc_len = 0;
	m->pl.n = 0;
	m->pl.trailing = 0;
	if (rc)
		return rc;
	if (m->h.flags & IKEV1_FLAG_ENCRYPTION) {
		m->encrypted = true;
		m->enc = p + IKEV1_HDR_LEN;
		m->enc_len = len - IKEV1_HDR_LEN;
		if (!m->enc_len || m->enc_len % MIN_BLOCK)
			return fail(why, "encrypted body not a whole number of blocks");
		return 0;
	}
	return ikev1_payloads_parse(m->h.next, p + IKEV1_HDR_LEN, len - IKEV1_HDR_LEN,
				    opts & ~IKEV1_P_PADDED, &m->pl, why);
}

const struct ikev1_payload *ikev1_payload_next(const struct ikev1_payloads *pl, uint8_t type,
					       const struct ikev1_payload *after)
{
	size_t i = after ? (size_t)(after - pl->p) + 1 : 0;

	for (; i < pl->n && i < IKEV1_MAX_PAYLOADS; i++)
		if (pl->p[i].type == type)
			return &pl->p[i];
	return NULL;
}

unsigned int ikev1_payload_count(const struct ikev1_payloads *pl, uint8_t type)
{
	const struct ikev1_payload *p = NULL;
	unsigned int c = 0;

	while ((p = ikev1_payload_next(pl, type, p)))
		c++;
	return c;
}

/* ------------------------------------------------------------ attributes */

int ikev1_attr_next(const uint8_t *a, size_t len, size_t *off, struct ikev1_attr *at,
		    const char **why)
{
	uint16_t t;

	if (*off >= len)
		return 0;
	if (len - *off < 4)
		return fail(why, "attribute header truncated");
	t = get16(a + *off);
	at->type = t & ~IKEV1_ATTR_AF;
	at->tv = t & IKEV1_ATTR_AF;
	at->val = get16(a + *off + 2);
	at->data = NULL;
	*off += 4;
	if (!at->tv) {
		if (at->val > len - *off)
			return fail(why, "attribute value past the end");
		at->data = a + *off;
		*off += at->val;
	}
	return 1;
}

int ikev1_attr_u64(const struct ikev1_attr *at, uint64_t *v)
{
	if (at->tv) {
		*v = at->val;
		return 0;
	}
	if (!at->val || at->val > 8)
		return -1;
	*v = 0;
	for (uint16_t i = 0; i < at->val; i++)
		*v = *v << 8 | at->data[i];
	return 0;
}

static int attrs_check(const uint8_t *a, size_t len, const char **why)
{
	struct ikev1_attr at;
	size_t off = 0;
	int rc;

	while ((rc = ikev1_attr_next(a, len, &off, &at, why)) > 0)
		;
	return rc;
}

/* ------------------------------------------------------------ SA payload */

/*
 * The generic header of a proposal or transform at b[0..avail): its length
 * in *plen; `more` the next-payload value that says another one follows.
 * *last tells whether this is the last one.
 */
static int sub_hdr(const uint8_t *b, size_t avail, size_t min, uint8_t more, bool *last,
		   uint16_t *plen, const char **why)
{
	if (avail < min)
		return fail(why, "SA substructure truncated");
	if (b[0] != more && b[0] != IKEV1_PL_NONE)
		return fail(why, "bad next payload inside the SA payload");
	if (b[1])
		return fail(why, "SA substructure reserved byte not zero");
	*plen = get16(b + 2);
	if (*plen < min || *plen > avail)
		return fail(why, "SA substructure length out of bounds");
	*last = b[0] == IKEV1_PL_NONE;
	return 0;
}

static int parse_transforms(const uint8_t *b, size_t len, struct ikev1_proposal *p,
			    const char **why)
{
	size_t off = 0;

	for (unsigned int i = 0; i < p->nt; i++) {
		uint16_t tlen;
		bool last;

		if (sub_hdr(b + off, len - off, TRANS_HDR_LEN, IKEV1_PL_T, &last, &tlen, why))
			return -1;
		if (last != (i + 1 == p->nt))
			return fail(why, "transform count does not match the chain");
		if (get16(b + off + 6))
			return fail(why, "transform reserved bytes not zero");
		if (attrs_check(b + off + TRANS_HDR_LEN, tlen - TRANS_HDR_LEN, why))
			return -1;
		if (i < IKEV1_MAX_TRANSFORMS) {
			struct ikev1_transform *t = &p->t[p->nt_kept++];

			t->num = b[off + 4];
			t->id = b[off + 5];
			t->attrs = b + off + TRANS_HDR_LEN;
			t->attrs_len = tlen - TRANS_HDR_LEN;
			t->raw = b + off;
			t->raw_len = tlen;
		}
		off += tlen;
	}
	if (off != len)
		return fail(why, "proposal length does not match its transforms");
	return 0;
}

static int parse_proposal(const uint8_t *b, size_t plen, struct ikev1_proposal *p,
			  const char **why)
{
	p->num = b[4];
	p->proto = b[5];
	p->spi_len = b[6];
	p->nt = b[7];
	p->nt_kept = 0;
	if (!p->nt)
		return fail(why, "proposal without transforms");
	if (p->spi_len > IKEV1_SPI_MAX || p->spi_len > plen - PROP_HDR_LEN)
		return fail(why, "proposal SPI size out of bounds");
	p->spi = b + PROP_HDR_LEN;
	return parse_transforms(b + PROP_HDR_LEN + p->spi_len,
				plen - PROP_HDR_LEN - p->spi_len, p, why);
}

int ikev1_sa_parse(const uint8_t *b, size_t len, struct ikev1_sa *sa, const char **why)
{
	struct ikev1_proposal scratch;	/* proposals beyond the kept ones */
	size_t off = SA_HDR_LEN;
	bool last = false;
	int prev = -1;

	memset(sa, 0, sizeof(*sa));
	if (!b || len < SA_HDR_LEN)
		return fail(why, "SA payload truncated");
	sa->doi = get32(b);
	sa->situation = get32(b + 4);
	if (sa->doi != IKEV1_DOI_IPSEC)
		return fail(why, "DOI not supported");
	if (sa->situation != IKEV1_SIT_IDENTITY_ONLY)
		return fail(why, "situation not supported");
	while (!last) {
		struct ikev1_proposal *p;
		uint16_t plen;

		if (sub_hdr(b + off, len - off, PROP_HDR_LEN, IKEV1_PL_P, &last, &plen, why))
			return -1;
		p = sa->np < IKEV1_MAX_PROPOSALS ? &sa->p[sa->np] : &scratch;
		if (parse_proposal(b + off, plen, p, why))
			return -1;
		if (p->num < prev)
			return fail(why, "proposal numbers decrease");
		prev = p->num;
		if (sa->np < IKEV1_MAX_PROPOSALS)
			sa->np_kept++;
		sa->np++;
		off += plen;
	}
	if (off != len)
		return fail(why, "trailing data after the last proposal");
	return 0;
}

/* --------------------------------------------------------- other payloads */

int ikev1_data_parse(const uint8_t *b, size_t len, struct ikev1_data *d, const char **why)
{
	if (!b || !len)
		return fail(why, "empty payload");
	d->data = b;
	d->len = len;
	return 0;
}

int ikev1_nonce_parse(const uint8_t *b, size_t len, struct ikev1_data *d, const char **why)
{
	if (len < IKEV1_NONCE_MIN || len > IKEV1_NONCE_MAX)
		return fail(why, "nonce length out of 8..256");
	return ikev1_data_parse(b, len, d, why);
}

static size_t id_addr_len(uint8_t type)
{
	switch (type) {
	case IKEV1_ID_IPV4_ADDR:
		return 4;
	case IKEV1_ID_IPV6_ADDR:
		return 16;
	case IKEV1_ID_IPV4_ADDR_SUBNET:
	case IKEV1_ID_IPV4_ADDR_RANGE:
		return 8;
	case IKEV1_ID_IPV6_ADDR_SUBNET:
	case IKEV1_ID_IPV6_ADDR_RANGE:
		return 32;
	}
	return 0;
}

int ikev1_id_parse(const uint8_t *b, size_t len, struct ikev1_id *id, const char **why)
{
	size_t want;

	if (!b || len <= ID_HDR_LEN)
		return fail(why, "ID payload truncated");
	id->type = b[0];
	id->proto = b[1];
	id->port = get16(b + 2);
	id->data = b + ID_HDR_LEN;
	id->len = len - ID_HDR_LEN;
	want = id_addr_len(id->type);
	if (want && id->len != want)
		return fail(why, "ID address length does not match its type");
	return 0;
}

static int cert_parse(const uint8_t *b, size_t len, bool empty_ok, struct ikev1_cert *c,
		      const char **why)
{
	if (!b || !len || (len == 1 && !empty_ok))
		return fail(why, "certificate payload truncated");
	c->encoding = b[0];
	c->data = b + 1;
	c->len = len - 1;
	return 0;
}

int ikev1_cert_parse(const uint8_t *b, size_t len, struct ikev1_cert *c, const char **why)
{
	return cert_parse(b, len, false, c, why);
}

int ikev1_cr_parse(const uint8_t *b, size_t len, struct ikev1_cert *c, const char **why)
{
	return cert_parse(b, len, true, c, why);
}

int ikev1_notify_parse(const uint8_t *b, size_t len, struct ikev1_notify *n, const char **why)
{
	if (!b || len < N_HDR_LEN)
		return fail(why, "notification payload truncated");
	n->doi = get32(b);
	n->proto = b[4];
	n->spi_len = b[5];
	n->type = get16(b + 6);
	if (n->spi_len > IKEV1_SPI_MAX || n->spi_len > len - N_HDR_LEN)
		return fail(why, "notification SPI size out of bounds");
	n->spi = b + N_HDR_LEN;
	n->data = n->spi + n->spi_len;
	n->len = len - N_HDR_LEN - n->spi_len;
	return 0;
}

int ikev1_notify_find(const struct ikev1_payloads *pl, uint16_t type, struct ikev1_notify *n)
{
	for (unsigned int i = 0; i < pl->n && i < IKEV1_MAX_PAYLOADS; i++) {
		const struct ikev1_payload *p = &pl->p[i];

		if (p->type == IKEV1_PL_N && !ikev1_notify_parse(p->body, p->len, n, NULL) &&
		    n->type == type)
			return 0;
	}
	return -1;
}

int ikev1_delete_parse(const uint8_t *b, size_t len, struct ikev1_delete *d, const char **why)
{
	if (!b || len < D_HDR_LEN)
		return fail(why, "delete payload truncated");
	d->doi = get32(b);
	d->proto = b[4];
	d->spi_len = b[5];
	d->num = get16(b + 6);
	d->spis = b + D_HDR_LEN;
	if (!d->spi_len || d->spi_len > IKEV1_SPI_MAX || !d->num)
		return fail(why, "delete payload without SPIs");
	if ((size_t)d->num * d->spi_len != len - D_HDR_LEN)
		return fail(why, "delete payload length does not match its SPIs");
	return 0;
}

int ikev1_natoa_parse(const uint8_t *b, size_t len, struct ikev1_natoa *oa, const char **why)
{
	if (!b || len < NATOA_HDR_LEN)
		return fail(why, "NAT-OA payload truncated");
	oa->id_type = b[0];
	oa->addr = b + NATOA_HDR_LEN;
	oa->len = len - NATOA_HDR_LEN;
	if (b[1] || b[2] || b[3])
		return fail(why, "NAT-OA reserved bytes not zero");
	if ((oa->id_type != IKEV1_ID_IPV4_ADDR && oa->id_type != IKEV1_ID_IPV6_ADDR) ||
	    oa->len != id_addr_len(oa->id_type))
		return fail(why, "NAT-OA is not one IPv4 or IPv6 address");
	return 0;
}

/* --------------------------------------------------------------- vendor IDs */

enum ikev1_vid ikev1_vid_kind(const uint8_t *data, size_t len)
{
	static const struct {
		const char *vid;
		enum ikev1_vid kind;
		size_t extra;	/* bytes that may follow the 16 */
	} tab[] = {
		{ IKEV1_VID_RFC3947, IKEV1_VID_IS_RFC3947, 0 },
		{ IKEV1_VID_NATT_02, IKEV1_VID_IS_NATT_02, 0 },
		{ IKEV1_VID_NATT_02_N, IKEV1_VID_IS_NATT_02, 0 },
		{ IKEV1_VID_NATT_03, IKEV1_VID_IS_NATT_03, 0 },
		{ IKEV1_VID_DPD, IKEV1_VID_IS_DPD, 0 },
		{ IKEV1_VID_MS_NT5, IKEV1_VID_IS_MS_NT5, 4 },
		{ IKEV1_VID_FRAGMENTATION, IKEV1_VID_IS_FRAGMENTATION, 4 },
		{ IKEV1_VID_MS_NDC, IKEV1_VID_IS_MS_NDC, 0 },
		{ IKEV1_VID_MS_CGA, IKEV1_VID_IS_MS_CGA, 0 },
		{ IKEV1_VID_MS_INITIAL_CONTACT, IKEV1_VID_IS_MS_INITIAL_CONTACT, 0 },
	};

	if (!data || len < IKEV1_VID_LEN)
		return IKEV1_VID_UNKNOWN;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if ((len == IKEV1_VID_LEN || len == IKEV1_VID_LEN + tab[i].extra) &&
		    !memcmp(data, tab[i].vid, IKEV1_VID_LEN))
			return tab[i].kind;
	return IKEV1_VID_UNKNOWN;
}

/* ------------------------------------------------------------------ writer */

void ikev1_w_hdr(struct ike_wbuf *w, const struct ike_hdr *h)
{
	struct ike_hdr v1 = *h;

	v1.version = IKEV1_VERSION;
	ike_w_hdr(w, &v1);
}

void ikev1_w_attr(struct ike_wbuf *w, uint16_t type, uint64_t v)
{
	uint8_t be[8];
	unsigned int n = 8;

	if (type & IKEV1_ATTR_AF) {
		w->err = true;
		return;
	}
	if (v <= UINT16_MAX) {
		ike_w_u16(w, type | IKEV1_ATTR_AF);
		ike_w_u16(w, (uint16_t)v);
		return;
	}
	for (int i = 7; i >= 0; i--, v >>= 8)
		be[i] = (uint8_t)v;
	while (n > 1 && !be[8 - n])
		n--;
	ikev1_w_attr_tlv(w, type, be + 8 - n, n);
}

void ikev1_w_attr_tlv(struct ike_wbuf *w, uint16_t type, const uint8_t *data, size_t len)
{
	if ((type & IKEV1_ATTR_AF) || len > UINT16_MAX) {
		w->err = true;
		return;
	}
	ike_w_u16(w, type);
	ike_w_u16(w, (uint16_t)len);
	ike_w_bytes(w, data, len);
}

/* A proposal or transform header (next, reserved, length 0): its offset. */
static size_t w_sub_begin(struct ike_wbuf *w, uint8_t next)
{
	size_t start = w->len;

	ike_w_u8(w, next);
	ike_w_u8(w, 0);
	ike_w_u16(w, 0);
	return start;
}

static void w_sub_end(struct ike_wbuf *w, size_t start)
{
	if (w->err)
		return;
	if (w->len - start > UINT16_MAX) {
		w->err = true;
		return;
	}
	w->p[start + 2] = (uint8_t)((w->len - start) >> 8);
	w->p[start + 3] = (uint8_t)(w->len - start);
}

static void w_proposal(struct ike_wbuf *w, const struct ikev1_proposal *p, bool last)
{
	size_t start = w_sub_begin(w, last ? IKEV1_PL_NONE : IKEV1_PL_P);

	if (!p->nt || p->nt != p->nt_kept || p->nt > IKEV1_MAX_TRANSFORMS ||
	    p->spi_len > IKEV1_SPI_MAX) {
		w->err = true;
		return;
	}
	ike_w_u8(w, p->num);
	ike_w_u8(w, p->proto);
	ike_w_u8(w, p->spi_len);
	ike_w_u8(w, (uint8_t)p->nt);
	ike_w_bytes(w, p->spi, p->spi_len);
	for (unsigned int i = 0; i < p->nt; i++) {
		const struct ikev1_transform *t = &p->t[i];
		size_t ts = w_sub_begin(w, i + 1 == p->nt ? IKEV1_PL_NONE : IKEV1_PL_T);

		if (attrs_check(t->attrs, t->attrs_len, NULL) || (t->attrs_len && !t->attrs)) {
			w->err = true;
			return;
		}
		ike_w_u8(w, t->num);
		ike_w_u8(w, t->id);
		ike_w_u16(w, 0);
		ike_w_bytes(w, t->attrs, t->attrs_len);
		w_sub_end(w, ts);
	}
	w_sub_end(w, start);
}

void ikev1_w_sa(struct ike_wbuf *w, uint32_t doi, uint32_t situation,
		const struct ikev1_proposal *props, unsigned int n)
{
	size_t start;

	if (!n || n > IKEV1_MAX_PROPOSALS || !props) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKEV1_PL_SA, false);
	ike_w_u32(w, doi);
	ike_w_u32(w, situation);
	for (unsigned int i = 0; i < n; i++)
		w_proposal(w, &props[i], i + 1 == n);
	ike_w_end(w, start);
}

void ikev1_w_data(struct ike_wbuf *w, uint8_t pl_type, const uint8_t *data, size_t len)
{
	size_t start;

	switch (pl_type) {
	case IKEV1_PL_KE:
	case IKEV1_PL_HASH:
	case IKEV1_PL_SIG:
	case IKEV1_PL_NONCE:
	case IKEV1_PL_VID:
	case IKEV1_PL_NAT_D:
	case IKEV1_PL_NAT_D_DRAFT:
		break;
	default:
		w->err = true;
		return;
	}
	start = ike_w_begin(w, pl_type, false);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ikev1_w_id(struct ike_wbuf *w, uint8_t id_type, uint8_t proto, uint16_t port,
		const uint8_t *data, size_t len)
{
	size_t start = ike_w_begin(w, IKEV1_PL_ID, false);

	ike_w_u8(w, id_type);
	ike_w_u8(w, proto);
	ike_w_u16(w, port);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ikev1_w_cert(struct ike_wbuf *w, uint8_t pl_type, uint8_t encoding, const uint8_t *data,
		  size_t len)
{
	size_t start;

	if (pl_type != IKEV1_PL_CERT && pl_type != IKEV1_PL_CR) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, pl_type, false);
	ike_w_u8(w, encoding);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ikev1_w_notify(struct ike_wbuf *w, uint32_t doi, uint8_t proto, const uint8_t *spi,
		    uint8_t spi_len, uint16_t type, const uint8_t *data, size_t len)
{
	size_t start;

	if (spi_len > IKEV1_SPI_MAX) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKEV1_PL_N, false);
	ike_w_u32(w, doi);
	ike_w_u8(w, proto);
	ike_w_u8(w, spi_len);
	ike_w_u16(w, type);
	ike_w_bytes(w, spi, spi_len);
	ike_w_bytes(w, data, len);
	ike_w_end(w, start);
}

void ikev1_w_delete(struct ike_wbuf *w, uint32_t doi, uint8_t proto, uint8_t spi_len,
		    const uint8_t *spis, uint16_t num)
{
	size_t start;

	if (!spi_len || spi_len > IKEV1_SPI_MAX || !num) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, IKEV1_PL_D, false);
	ike_w_u32(w, doi);
	ike_w_u8(w, proto);
	ike_w_u8(w, spi_len);
	ike_w_u16(w, num);
	ike_w_bytes(w, spis, (size_t)num * spi_len);
	ike_w_end(w, start);
}

void ikev1_w_natoa(struct ike_wbuf *w, uint8_t pl_type, const uint8_t *addr, size_t len)
{
	size_t start;

	if ((pl_type != IKEV1_PL_NAT_OA && pl_type != IKEV1_PL_NAT_OA_DRAFT) ||
	    (len != 4 && len != 16)) {
		w->err = true;
		return;
	}
	start = ike_w_begin(w, pl_type, false);
	ike_w_u8(w, len == 4 ? IKEV1_ID_IPV4_ADDR : IKEV1_ID_IPV6_ADDR);
	ike_w_u8(w, 0);
	ike_w_u16(w, 0);
	ike_w_bytes(w, addr, len);
	ike_w_end(w, start);
}

/* ------------------------------------------------------------------- names */

struct name {
	uint16_t v;
	const char *s;
};

static const char *name_of(const struct name *tab, size_t n, uint16_t v, char *buf, size_t cap,
			   const char *fmt)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].v == v)
			return tab[i].s;
	snprintf(buf, cap, fmt, v);
	return buf;
}

const char *ikev1_exchange_name(uint8_t x)
{
	static const struct name tab[] = {
		{ IKEV1_EXCH_BASE, "BASE" },
		{ IKEV1_EXCH_ID_PROT, "MAIN_MODE" },
		{ IKEV1_EXCH_AUTH_ONLY, "AUTH_ONLY" },
		{ IKEV1_EXCH_AGGRESSIVE, "AGGRESSIVE" },
		{ IKEV1_EXCH_INFORMATIONAL, "INFORMATIONAL" },
		{ IKEV1_EXCH_TRANSACTION, "TRANSACTION" },
		{ IKEV1_EXCH_QUICK, "QUICK_MODE" },
		{ IKEV1_EXCH_NEW_GROUP, "NEW_GROUP" },
	};
	static char buf[24];

	return name_of(tab, sizeof(tab) / sizeof(tab[0]), x, buf, sizeof(buf), "UNKNOWN(%u)");
}

const char *ikev1_payload_name(uint8_t t)
{
	static const struct name tab[] = {
		{ IKEV1_PL_SA, "SA" }, { IKEV1_PL_P, "P" }, { IKEV1_PL_T, "T" },
		{ IKEV1_PL_KE, "KE" }, { IKEV1_PL_ID, "ID" }, { IKEV1_PL_CERT, "CERT" },
		{ IKEV1_PL_CR, "CR" }, { IKEV1_PL_HASH, "HASH" }, { IKEV1_PL_SIG, "SIG" },
		{ IKEV1_PL_NONCE, "NONCE" }, { IKEV1_PL_N, "N" }, { IKEV1_PL_D, "D" },
		{ IKEV1_PL_VID, "VID" }, { IKEV1_PL_NAT_D, "NAT-D" },
		{ IKEV1_PL_NAT_OA, "NAT-OA" }, { IKEV1_PL_NAT_D_DRAFT, "NAT-D(draft)" },
		{ IKEV1_PL_NAT_OA_DRAFT, "NAT-OA(draft)" },
	};
	static char buf[24];

	return name_of(tab, sizeof(tab) / sizeof(tab[0]), t, buf, sizeof(buf), "UNKNOWN(%u)");
}

#define N(x) { IKEV1_N_##x, "N(" #x ")" }

const char *ikev1_notify_name(uint16_t t)
{
	static const struct name tab[] = {
		N(INVALID_PAYLOAD_TYPE), N(DOI_NOT_SUPPORTED), N(SITUATION_NOT_SUPPORTED),
		N(INVALID_COOKIE), N(INVALID_MAJOR_VERSION), N(INVALID_MINOR_VERSION),
		N(INVALID_EXCHANGE_TYPE), N(INVALID_FLAGS), N(INVALID_MESSAGE_ID),
		N(INVALID_PROTOCOL_ID), N(INVALID_SPI), N(INVALID_TRANSFORM_ID),
		N(ATTRIBUTES_NOT_SUPPORTED), N(NO_PROPOSAL_CHOSEN), N(BAD_PROPOSAL_SYNTAX),
		N(PAYLOAD_MALFORMED), N(INVALID_KEY_INFORMATION), N(INVALID_ID_INFORMATION),
		N(INVALID_CERT_ENCODING), N(INVALID_CERTIFICATE), N(CERT_TYPE_UNSUPPORTED),
		N(INVALID_CERT_AUTHORITY), N(INVALID_HASH_INFORMATION), N(AUTHENTICATION_FAILED),
		N(INVALID_SIGNATURE), N(ADDRESS_NOTIFICATION), N(NOTIFY_SA_LIFETIME),
		N(CERTIFICATE_UNAVAILABLE), N(UNSUPPORTED_EXCHANGE_TYPE),
		N(UNEQUAL_PAYLOAD_LENGTHS), N(CONNECTED), N(RESPONDER_LIFETIME),
		N(REPLAY_STATUS), N(INITIAL_CONTACT), N(R_U_THERE), N(R_U_THERE_ACK),
	};
	static char buf[24];

	return name_of(tab, sizeof(tab) / sizeof(tab[0]), t, buf, sizeof(buf), "N(%u)");
}
