// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 control message codec (l2tp/l2tp_msg.c): the messages xl2tpd
 * 1.3.18 sent (tests/data/l2tp/xl2tpd.txt) decoded and rebuilt byte for
 * byte, every truncation of them and of every typed value (heap buffers
 * of exact size), malformed headers and AVPs, hidden AVPs against
 * tests/data/l2tp/gen.py (hashlib only) and against the ICRP xl2tpd
 * decoded, the writer's capacity and misuse checks, names.
 *
 * With L2TP_SEED_DIR set, the messages are also written there: that is
 * how fuzz/corpus/l2tpmsg/ was made:
 *   L2TP_SEED_DIR=fuzz/corpus/l2tpmsg ./tests/run-tests l2tp-msg
 */
#include <stdlib.h>

#include "l2tp_msg.h"
#include "l2tp_vectors.h"
#include "test.h"

#define SECRET		"s3cr3t-l2tp"
#define SLEN		(sizeof(SECRET) - 1)

static uint8_t scratch[L2TP_MSG_MAX];

static void seed(const char *name, const uint8_t *p, size_t len)
{
	const char *dir = getenv("L2TP_SEED_DIR");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(fwrite(p, 1, len, f), len);
		fclose(f);
	}
}

static bool bytes_eq(const struct l2tp_bytes *b, const char *s)
{
	return b->len == strlen(s) && !memcmp(b->p, s, b->len);
}

/* One captured message of xl2tpd.txt into a heap buffer of exact size. */
struct capture {
	const char *want;
	uint8_t *msg;
	size_t len;
};

static void find_one(const struct l2tp_vec *v, void *arg)
{
	struct capture *c = arg;
	const uint8_t *m;
	size_t len;

	if (strcmp(v->name, c->want))
		return;
	m = l2tp_vec_get(v, "msg", &len);
	c->msg = l2tp_vec_dup(m, len);
	c->len = len;
}

static uint8_t *capture(const char *name, size_t *len)
{
	struct capture c = { name, NULL, 0 };

	l2tp_vec_each("xl2tpd.txt", NULL, find_one, &c);
	CHECK(c.msg != NULL);
	*len = c.len;
	return c.msg ? c.msg : l2tp_vec_dup((const uint8_t *)"", 0);
}

/* Parse and decode with the secret; 0 on success. */
static int parse_decode(const uint8_t *p, size_t len, struct l2tp_msg *m, struct l2tp_info *i)
{
	const char *why = NULL;
	int rc = l2tp_msg_parse(p, len, m, &why);

	if (!rc)
		rc = l2tp_msg_decode(m, (const uint8_t *)SECRET, SLEN, scratch, sizeof(scratch), i,
				     &why);
	if (rc)
		fprintf(stderr, "  (%s)\n", why ? why : "?");
	return rc;
}

static void t_xl2tpd_sccrq(void)
{
	static struct l2tp_msg m;
	struct l2tp_info i;
	size_t len;
	uint8_t *p = capture("sccrq", &len);

	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.h.flags, 0xc802);
	CHECK_EQ(m.h.length, len);
	CHECK_EQ(m.h.tunnel_id, 0);
	CHECK_EQ(m.h.session_id, 0);
	CHECK_EQ(m.h.ns, 0);
	CHECK_EQ(m.h.nr, 0);
	CHECK(!m.zlb);
	CHECK_EQ(m.type, L2TP_SCCRQ);
	CHECK(m.type_mandatory);
	CHECK_EQ(m.n, 11);
	CHECK_EQ(i.msg_type, L2TP_SCCRQ);
	CHECK_EQ(i.ver, 1);
	CHECK_EQ(i.rev, 0);
	CHECK_EQ(i.framing_caps, 3);
	CHECK_EQ(i.bearer_caps, 0);
	CHECK_EQ(i.firmware, 0x0690);
	CHECK(bytes_eq(&i.host_name, "lac.example.org"));
	CHECK(bytes_eq(&i.vendor_name, "xelerance.com"));
	CHECK_EQ(i.tunnel_id, 0xc4b7);
	CHECK_EQ(i.rws, 4);
	CHECK_EQ(i.challenge.len, 16);
	CHECK(l2tp_has(&i, L2TP_AVP_RANDOM_VECTOR));
	CHECK(l2tp_has(&i, L2TP_AVP_CHALLENGE));
	CHECK(!l2tp_has(&i, L2TP_AVP_TIE_BREAKER));
	CHECK(!l2tp_has(&i, 64));
	CHECK(l2tp_msg_find(&m, L2TP_AVP_FIRMWARE) && !l2tp_msg_find(&m, L2TP_AVP_FIRMWARE)->mandatory);
	CHECK(!l2tp_msg_find(&m, L2TP_AVP_RESULT));
	free(p);
}

static void t_xl2tpd_session(void)
{
	static struct l2tp_msg m;
	struct l2tp_info i;
	size_t len;
	uint8_t *p;

	p = capture("scccn", &len);
	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.type, L2TP_SCCCN);
	CHECK_EQ(m.h.tunnel_id, 0x1234);
	CHECK_EQ(m.h.ns, 1);
	CHECK_EQ(m.h.nr, 1);
	CHECK(i.chal_resp != NULL);
	free(p);

	p = capture("icrq", &len);
	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.type, L2TP_ICRQ);
	CHECK_EQ(i.session_id, 0x3745);
	CHECK_EQ(i.serial, 1);
	CHECK_EQ(i.bearer_type, 0);
	CHECK(l2tp_has(&i, L2TP_AVP_BEARER_TYPE));
	free(p);

	p = capture("iccn", &len);
	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.type, L2TP_ICCN);
	CHECK_EQ(m.h.session_id, 0x5678);
	CHECK_EQ(i.tx_speed, 0);
	CHECK_EQ(i.framing_type, 1);
	CHECK(l2tp_has(&i, L2TP_AVP_RX_SPEED));
	CHECK(!l2tp_msg_find(&m, L2TP_AVP_RX_SPEED)->mandatory);
	free(p);

	p = capture("cdn", &len);
	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.type, L2TP_CDN);
	CHECK_EQ(i.result.result, 1);
	CHECK(i.result.has_error);
	CHECK_EQ(i.result.error, 0);
	CHECK_EQ(i.result.msg.len, 0);
	CHECK_EQ(i.session_id, 0x3745);
	CHECK_STR(l2tp_result_name(L2TP_CDN, i.result.result), "lost carrier");
	free(p);

	p = capture("sccrp", &len);
	CHECK_EQ(parse_decode(p, len, &m, &i), 0);
	CHECK_EQ(m.type, L2TP_SCCRP);
	CHECK_EQ(i.tunnel_id, 0x1234);
	CHECK_EQ(i.rws, 8);
	CHECK(bytes_eq(&i.host_name, "lns.example.org"));
	free(p);
}

/* Rebuild m with the writer from its parsed AVPs (known ones only). */
static size_t rebuild(const struct l2tp_msg *m, uint8_t *out, size_t cap)
{
	struct l2tp_wbuf w;

	l2tp_w_init(&w, out, cap);
	l2tp_w_hdr(&w, m->h.tunnel_id, m->h.session_id, m->h.ns, m->h.nr);
	for (unsigned int k = 0; k < m->n; k++) {
		const struct l2tp_avp *a = &m->a[k];

		if (k == 0) {
			l2tp_w_msg_type(&w, m->type);
			continue;
		}
		/* a hidden AVP is rebuilt from its cipher text as is */
		l2tp_w_avp(&w, a->type, a->mandatory, a->val, a->len);
		if (a->hidden && w.len >= a->len + 6u)
			w.p[w.len - a->len - 6] |= L2TP_AVP_H >> 8;
	}
	return l2tp_w_finish(&w);
}

static void rt_one(const struct l2tp_vec *v, void *arg)
{
	static struct l2tp_msg m;
	uint8_t out[L2TP_MSG_MAX];
	const uint8_t *msg;
	size_t len, n;
	uint8_t *p;

	(void)arg;
	msg = l2tp_vec_get(v, "msg", &len);
	p = l2tp_vec_dup(msg, len);
	CHECK_EQ(l2tp_msg_parse(p, len, &m, NULL), 0);
	n = rebuild(&m, out, sizeof(out));
	CHECK_EQ(n, len);
	CHECK_MEM(out, p, len);
	seed(v->name, p, len);
	free(p);
}

static void t_round_trip(void)
{
	CHECK_EQ(l2tp_vec_each("xl2tpd.txt", NULL, rt_one, NULL), 6);
	CHECK_EQ(l2tp_vec_each("vectors.txt", "icrp", rt_one, NULL), 1);
}

/* Every AVP boundary of a parsed message. */
static bool at_boundary(const uint8_t *p, size_t len, size_t cut)
{
	size_t off = L2TP_HDR_LEN;

	if (cut == L2TP_HDR_LEN)
		return true;
	while (off < len) {
		off += (size_t)((p[off] << 8 | p[off + 1]) & L2TP_AVP_LEN);
		if (off == cut)
			return true;
	}
	return false;
}

static void trunc_one(const struct l2tp_vec *v, void *arg)
{
	static struct l2tp_msg m;
	const uint8_t *msg;
	size_t len;

	(void)arg;
	msg = l2tp_vec_get(v, "msg", &len);
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *p = l2tp_vec_dup(msg, cut);
		struct l2tp_info i;

		/* as is: the header's length no longer matches */
		CHECK(l2tp_msg_parse(p, cut, &m, NULL) < 0);
		/* with the length patched: only AVP boundaries parse */
		if (cut >= 4) {
			int rc;

			p[2] = (uint8_t)(cut >> 8);
			p[3] = (uint8_t)cut;
			rc = l2tp_msg_parse(p, cut, &m, NULL);
			/* a cut after the Message Type AVP, or a ZLB */
			CHECK_EQ(rc == 0, at_boundary(msg, len, cut) &&
				 (cut == L2TP_HDR_LEN || cut >= L2TP_HDR_LEN + 8));
			if (!rc)
				(void)l2tp_msg_decode(&m, (const uint8_t *)SECRET, SLEN, scratch,
						      sizeof(scratch), &i, NULL);
		}
		free(p);
	}
}

static void t_truncations(void)
{
	CHECK_EQ(l2tp_vec_each("xl2tpd.txt", NULL, trunc_one, NULL), 6);
	CHECK_EQ(l2tp_vec_each("vectors.txt", "icrp", trunc_one, NULL), 1);
}

/*
 * A message of one AVP after the Message Type: type, value len bytes (heap,
 * exact). The message stays alive until the next call (*i views it).
 */
static int one_avp(uint16_t type, bool hidden, const uint8_t *val, size_t len,
		   struct l2tp_info *i)
{
	static struct l2tp_msg m;
	static uint8_t *keep;
	static const uint8_t rv[16] = { 1, 2, 3 };
	uint8_t buf[L2TP_MSG_MAX], *p;
	struct l2tp_wbuf w;
	size_t n;
	int rc;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	if (hidden) {
		l2tp_w_avp(&w, L2TP_AVP_RANDOM_VECTOR, true, rv, sizeof(rv));
		l2tp_w_avp_hidden(&w, type, true, val, len, NULL, 0, (const uint8_t *)SECRET,
				  SLEN, rv, sizeof(rv));
	} else {
		l2tp_w_avp(&w, type, true, val, len);
	}
	n = l2tp_w_finish(&w);
	CHECK(n > 0);
	p = l2tp_vec_dup(buf, n);
	rc = l2tp_msg_parse(p, n, &m, NULL);
	CHECK_EQ(rc, 0);
	if (!rc)
		rc = l2tp_msg_decode(&m, (const uint8_t *)SECRET, SLEN, scratch, sizeof(scratch), i,
				     NULL);
	free(keep);
	keep = p;
	return rc;
}

/* Which value lengths (0..40) each typed AVP accepts. */
static bool len_ok(uint16_t type, size_t len)
{
	switch (type) {
	case L2TP_AVP_PROTO_VER:
	case L2TP_AVP_FIRMWARE:
	case L2TP_AVP_TUNNEL_ID:
	case L2TP_AVP_RWS:
	case L2TP_AVP_SESSION_ID:
		return len == 2;
	case L2TP_AVP_FRAMING_CAPS: case L2TP_AVP_BEARER_CAPS: case L2TP_AVP_SERIAL:
	case L2TP_AVP_MIN_BPS: case L2TP_AVP_MAX_BPS: case L2TP_AVP_BEARER_TYPE:
	case L2TP_AVP_FRAMING_TYPE: case L2TP_AVP_TX_SPEED: case L2TP_AVP_PHYS_CHAN:
	case L2TP_AVP_RX_SPEED:
		return len == 4;
	case L2TP_AVP_RESULT:
		return len == 2 || len >= 4;
	case L2TP_AVP_TIE_BREAKER:
		return len == 8;
	case L2TP_AVP_HOST_NAME:
	case L2TP_AVP_CHALLENGE:
		return len >= 1;
	case L2TP_AVP_Q931:
		return len >= 3;
	case L2TP_AVP_CHAL_RESP:
		return len == 16;
	case L2TP_AVP_SEQ_REQUIRED:
		return len == 0;
	default:
		return true;
	}
}

static void t_typed_lengths(void)
{
	uint8_t val[40];

	memset(val, 0x5a, sizeof(val));
	for (uint16_t t = 1; t <= L2TP_AVP_TYPE_MAX; t++) {
		if (!l2tp_avp_known(t) || t == L2TP_AVP_RANDOM_VECTOR)
			continue;
		for (size_t len = 0; len <= sizeof(val); len++) {
			uint8_t *v = l2tp_vec_dup(val, len);
			struct l2tp_info i;
			int plain = one_avp(t, false, v, len, &i);
			int hidden = one_avp(t, true, v, len, &i);

			if ((plain == 0) != len_ok(t, len) || (hidden == 0) != len_ok(t, len)) {
				fprintf(stderr, "  AVP %u length %zu\n", t, len);
				t_checks_failed++;
			}
			if (!hidden && !l2tp_has(&i, t))
				t_checks_failed++;
			free(v);
		}
	}
}

static void t_typed_values(void)
{
	struct l2tp_info i;
	struct l2tp_result r;
	struct l2tp_q931 q;
	static const uint8_t zero[2];
	static const uint8_t res[] = { 0, 2, 0, 8, 'b', 'a', 'd' };
	static const uint8_t cause[] = { 0, 16, 7, 'x' };
	uint16_t u16;
	uint32_t u32;
	uint8_t *v;

	/* zero ids and window are refused */
	CHECK(one_avp(L2TP_AVP_TUNNEL_ID, false, zero, 2, &i) < 0);
	CHECK(one_avp(L2TP_AVP_SESSION_ID, true, zero, 2, &i) < 0);
	CHECK(one_avp(L2TP_AVP_RWS, false, zero, 2, &i) < 0);
	CHECK(one_avp(L2TP_AVP_FIRMWARE, false, zero, 2, &i) == 0);

	CHECK_EQ(one_avp(L2TP_AVP_RESULT, true, res, sizeof(res), &i), 0);
	CHECK_EQ(i.result.result, 2);
	CHECK(i.result.has_error);
	CHECK_EQ(i.result.error, L2TP_ERR_UNKNOWN_M_AVP);
	CHECK(bytes_eq(&i.result.msg, "bad"));
	CHECK_EQ(one_avp(L2TP_AVP_Q931, false, cause, sizeof(cause), &i), 0);
	CHECK_EQ(i.q931.cause, 16);
	CHECK_EQ(i.q931.msg, 7);
	CHECK(bytes_eq(&i.q931.advisory, "x"));
	CHECK_EQ(one_avp(L2TP_AVP_SEQ_REQUIRED, false, NULL, 0, &i), 0);
	CHECK(i.seq_required);

	/* the plain decoders on exact heap buffers, every length */
	for (size_t len = 0; len <= sizeof(res); len++) {
		v = l2tp_vec_dup(res, len);
		CHECK_EQ(l2tp_dec_result(v, len, &r) == 0, len == 2 || len >= 4);
		CHECK_EQ(l2tp_dec_q931(v, len, &q) == 0, len >= 3);
		CHECK_EQ(l2tp_dec_u16(v, len, &u16) == 0, len == 2);
		CHECK_EQ(l2tp_dec_u32(v, len, &u32) == 0, len == 4);
		free(v);
	}
	CHECK_EQ(l2tp_dec_u32(res, 4, &u32), 0);
	CHECK_EQ(u32, 0x00020008);
	CHECK_EQ(l2tp_dec_result(res, 2, &r), 0);
	CHECK(!r.has_error);
}

/*
 * Header + Message Type (HELLO), then raw bytes; the length field patched.
 * The message stays alive until the next call (*m views it).
 */
static int raw(const uint8_t *avps, size_t n, struct l2tp_msg *m, const char **why)
{
	static uint8_t *keep;
	uint8_t buf[256];
	static const uint8_t hdr[] = { 0xc8, 0x02, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
				       0x80, 0x08, 0, 0, 0, 0, 0, 6 };
	uint8_t *p;
	int rc;

	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), avps, n);
	n += sizeof(hdr);
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	p = l2tp_vec_dup(buf, n);
	*why = NULL;
	rc = l2tp_msg_parse(p, n, m, why);
	free(keep);
	keep = p;
	return rc;
}

static void t_malformed_avps(void)
{
	static struct l2tp_msg m;
	const char *why;
	static const struct {
		const char *name;
		uint8_t b[32];
		size_t n;
		int rc;
	} cases[] = {
		{ "length 5", { 0x80, 0x05, 0, 0, 0, 7 }, 6, -1 },
		{ "length 0", { 0x00, 0x00, 0, 0, 0, 7 }, 6, -1 },
		{ "past the end", { 0x80, 0x09, 0, 0, 0, 7, 'a', 'b' }, 8, -1 },
		{ "length 1023 past the end", { 0x83, 0xff, 0, 0, 0, 7, 'a' }, 7, -1 },
		{ "header cut", { 0x80, 0x07, 0, 0, 0 }, 5, -1 },
		{ "reserved bits", { 0x84, 0x07, 0, 0, 0, 7, 'a' }, 7, -1 },
		{ "second message type", { 0x80, 0x08, 0, 0, 0, 0, 0, 6 }, 8, -1 },
		{ "unknown M type 20", { 0x80, 0x06, 0, 0, 0, 20 }, 6, L2TP_E_UNKNOWN_M },
		{ "unknown M type 40", { 0x80, 0x06, 0, 0, 0, 40 }, 6, L2TP_E_UNKNOWN_M },
		{ "vendor M", { 0x80, 0x07, 0x01, 0x37, 0, 7, 1 }, 7, L2TP_E_UNKNOWN_M },
		{ "unknown, no M", { 0x00, 0x07, 0, 0, 0x12, 0x34, 1 }, 7, 0 },
		{ "vendor, no M", { 0x00, 0x06, 0x01, 0x37, 0, 1 }, 6, 0 },
		{ "hidden, no RV", { 0xc0, 0x08, 0, 0, 0, 9, 1, 2 }, 8, -1 },
		{ "hidden RV", { 0xc0, 0x08, 0, 0, 0, 36, 1, 2 }, 8, -1 },
		{ "empty RV", { 0x80, 0x06, 0, 0, 0, 36 }, 6, -1 },
		{ "hidden too short", { 0x80, 0x07, 0, 0, 0, 36, 9, 0xc0, 0x07, 0, 0, 0, 9, 1 },
		  14, -1 },
		{ "hidden after RV", { 0x80, 0x07, 0, 0, 0, 36, 9, 0xc0, 0x08, 0, 0, 0, 9, 1, 2 },
		  15, 0 },
		{ "hidden unknown, no M", { 0x40, 0x08, 0, 0, 0, 99, 1, 2 }, 8, 0 },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int rc = raw(cases[k].b, cases[k].n, &m, &why);

		if (rc != cases[k].rc) {
			fprintf(stderr, "  %s: %d (%s)\n", cases[k].name, rc, why ? why : "-");
			t_checks_failed++;
		}
	}
	CHECK_EQ(raw(cases[7].b, cases[7].n, &m, &why), L2TP_E_UNKNOWN_M);
	CHECK_EQ(m.bad_avp, 20);
	CHECK_EQ(m.bad_vendor, 0);
	CHECK_STR(why, "unknown mandatory AVP");
	CHECK_EQ(raw(cases[9].b, cases[9].n, &m, &why), L2TP_E_UNKNOWN_M);
	CHECK_EQ(m.bad_avp, 7);
	CHECK_EQ(m.bad_vendor, 0x137);
	/* unknown without M: skipped, not kept */
	CHECK_EQ(raw(cases[10].b, cases[10].n, &m, &why), 0);
	CHECK_EQ(m.n, 1);
	/* a hidden AVP and no secret, or a wrong one */
	CHECK_EQ(raw(cases[16].b, cases[16].n, &m, &why), 0);
	{
		struct l2tp_info i;
		const uint8_t *val;
		uint16_t len;

		CHECK(l2tp_msg_decode(&m, NULL, 0, scratch, sizeof(scratch), &i, &why) < 0);
		CHECK_STR(why, "hidden AVP and no shared secret");
		CHECK(l2tp_avp_value(&m.a[2], (const uint8_t *)"k", 1, scratch, 1, &val, &len,
				     &why) < 0);
		CHECK_STR(why, "no room to decrypt a hidden AVP");
	}
}

static void t_malformed_header(void)
{
	static struct l2tp_msg m;
	struct l2tp_hdr h;
	const char *why;
	static const uint8_t zlb[] = { 0xc8, 0x02, 0, 12, 0x12, 0x34, 0, 0, 0, 5, 0, 7 };
	uint8_t b[12];
	uint8_t *p;

	seed("zlb", zlb, sizeof(zlb));
	p = l2tp_vec_dup(zlb, sizeof(zlb));
	CHECK_EQ(l2tp_msg_parse(p, sizeof(zlb), &m, &why), 0);
	CHECK(m.zlb);
	CHECK_EQ(m.type, 0);
	CHECK_EQ(m.n, 0);
	CHECK_EQ(m.h.tunnel_id, 0x1234);
	CHECK_EQ(m.h.ns, 5);
	CHECK_EQ(m.h.nr, 7);
	free(p);

#define HDR_CASE(byte0, byte1, want, reason) do {				\
		memcpy(b, zlb, sizeof(b));					\
		b[0] = (byte0);							\
		b[1] = (byte1);							\
		p = l2tp_vec_dup(b, sizeof(b));					\
		CHECK_EQ(l2tp_hdr_parse(p, sizeof(b), &h, &why), (want));	\
		CHECK_STR(why, reason);						\
		free(p);							\
	} while (0)
	HDR_CASE(0x48, 0x02, -2, "data message");
	HDR_CASE(0x00, 0x02, -2, "data message");
	HDR_CASE(0xc8, 0x03, -1, "not L2TP version 2");
	HDR_CASE(0xc8, 0x01, -1, "not L2TP version 2");
	HDR_CASE(0x88, 0x02, -1, "control message without the L and S bits");
	HDR_CASE(0xc0, 0x02, -1, "control message without the L and S bits");
	HDR_CASE(0xca, 0x02, -1, "control message with the O or P bit");
	HDR_CASE(0xc9, 0x02, -1, "control message with the O or P bit");
	/* reserved bits are ignored */
	HDR_CASE(0xcc, 0xf2, 0, "control message with the O or P bit");
#undef HDR_CASE
	memcpy(b, zlb, sizeof(b));
	b[3] = 13;
	CHECK_EQ(l2tp_hdr_parse(b, sizeof(b), &h, &why), -1);
	CHECK_STR(why, "header length does not match the datagram");
	CHECK_EQ(l2tp_hdr_parse(b, 1, &h, &why), -1);
	CHECK_EQ(l2tp_hdr_parse(NULL, 0, &h, &why), -1);
	{
		uint8_t *big = calloc(1, L2TP_MSG_MAX + 1);

		CHECK(big != NULL);
		if (big) {
			memcpy(big, zlb, sizeof(zlb));
			big[2] = (L2TP_MSG_MAX + 1) >> 8;
			big[3] = (L2TP_MSG_MAX + 1) & 0xff;
			CHECK_EQ(l2tp_hdr_parse(big, L2TP_MSG_MAX + 1, &h, &why), -1);
			CHECK_STR(why, "message too long");
			free(big);
		}
	}
	/* first AVP not the Message Type, hidden, or of a wrong length */
	{
		static const uint8_t bad[][8] = {
			{ 0x80, 0x08, 0, 0, 0, 9, 0, 1 },
			{ 0xc0, 0x08, 0, 0, 0, 0, 0, 6 },
			{ 0x80, 0x08, 0, 1, 0, 0, 0, 6 },
		};
		static const uint8_t longer[] = { 0x80, 0x09, 0, 0, 0, 0, 0, 6, 0 };

		for (size_t k = 0; k < 3; k++) {
			uint8_t buf[20];

			memcpy(buf, zlb, 12);
			memcpy(buf + 12, bad[k], 8);
			buf[3] = 20;
			p = l2tp_vec_dup(buf, 20);
			CHECK_EQ(l2tp_msg_parse(p, 20, &m, &why), -1);
			free(p);
		}
		memcpy(b, zlb, 12);
		{
			uint8_t buf[21];

			memcpy(buf, zlb, 12);
			memcpy(buf + 12, longer, 9);
			buf[3] = 21;
			p = l2tp_vec_dup(buf, 21);
			CHECK_EQ(l2tp_msg_parse(p, 21, &m, &why), -1);
			CHECK_STR(why, "Message Type AVP length is not 8");
			free(p);
		}
	}
}

static void t_too_many_avps(void)
{
	static struct l2tp_msg m;
	uint8_t buf[L2TP_MSG_MAX];
	struct l2tp_wbuf w;
	const char *why;
	size_t n;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	for (int k = 1; k < L2TP_MAX_AVPS; k++)
		l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, "v", 1);
	n = l2tp_w_finish(&w);
	CHECK_EQ(l2tp_msg_parse(buf, n, &m, &why), 0);
	CHECK_EQ(m.n, L2TP_MAX_AVPS);
	l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, "v", 1);
	n = l2tp_w_finish(&w);
	CHECK_EQ(l2tp_msg_parse(buf, n, &m, &why), -1);
	CHECK_STR(why, "too many AVPs");
}

/* gen.py's hidden AVPs: l2tp_hide, the writer, and decoding. */
static void hidden_one(const struct l2tp_vec *v, void *arg)
{
	static struct l2tp_msg m;
	size_t vlen, plen, slen, rvlen, clen, alen;
	const uint8_t *val = l2tp_vec_get(v, "value", &vlen);
	const uint8_t *pad = l2tp_vec_get(v, "pad", &plen);
	const uint8_t *sec = l2tp_vec_get(v, "secret", &slen);
	const uint8_t *rv = l2tp_vec_get(v, "rv", &rvlen);
	const uint8_t *cipher = l2tp_vec_get(v, "cipher", &clen);
	const uint8_t *avp = l2tp_vec_get(v, "avp", &alen);
	uint16_t type = (uint16_t)l2tp_vec_num(v, "type");
	uint8_t out[L2TP_AVP_MAX_LEN], buf[L2TP_MSG_MAX], *p;
	struct l2tp_wbuf w;
	const uint8_t *got;
	uint16_t glen;
	size_t n;
	int *count = arg;

	(*count)++;
	CHECK_EQ(l2tp_hide(type, val, vlen, pad, plen, sec, slen, rv, rvlen, out, sizeof(out)),
		 clen);
	CHECK_MEM(out, cipher, clen);
	/* one byte short of room: refused */
	CHECK_EQ(l2tp_hide(type, val, vlen, pad, plen, sec, slen, rv, rvlen, out, clen - 1), 0);

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, 7, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	l2tp_w_avp(&w, L2TP_AVP_RANDOM_VECTOR, true, rv, rvlen);
	l2tp_w_avp_hidden(&w, type, true, val, vlen, pad, plen, sec, slen, rv, rvlen);
	n = l2tp_w_finish(&w);
	CHECK_EQ(n, 12 + 8 + 6 + rvlen + alen);
	CHECK_MEM(buf + n - alen, avp, alen);

	seed(v->name, buf, n);
	p = l2tp_vec_dup(buf, n);
	CHECK_EQ(l2tp_msg_parse(p, n, &m, NULL), 0);
	CHECK_EQ(m.n, 3);
	CHECK(m.a[2].hidden);
	CHECK_EQ(m.a[2].rv_len, rvlen);
	CHECK_EQ(l2tp_avp_value(&m.a[2], sec, slen, scratch, sizeof(scratch), &got, &glen, NULL),
		 0);
	CHECK_EQ(glen, vlen);
	CHECK_MEM(got, val, vlen);
	/* exactly as much scratch as cipher text is enough */
	CHECK_EQ(l2tp_avp_value(&m.a[2], sec, slen, scratch, clen, &got, &glen, NULL), 0);
	CHECK(l2tp_avp_value(&m.a[2], sec, slen, scratch, clen - 1, &got, &glen, NULL) < 0);
	CHECK(l2tp_avp_value(&m.a[2], NULL, 0, scratch, sizeof(scratch), &got, &glen, NULL) < 0);
	/* a wrong secret: an error, or at least not the value */
	if (!l2tp_avp_value(&m.a[2], (const uint8_t *)"wrong", 5, scratch, sizeof(scratch), &got,
			    &glen, NULL))
		CHECK(glen != vlen || memcmp(got, val, vlen));
	free(p);
}

static void t_hidden_vectors(void)
{
	int count = 0;

	CHECK_EQ(l2tp_vec_each("vectors.txt", "hidden-", hidden_one, &count), 7);
	CHECK_EQ(count, 7);
}

/* The ICRP xl2tpd decoded: hidden Assigned Session ID 0x5678. */
static void icrp_one(const struct l2tp_vec *v, void *arg)
{
	static struct l2tp_msg m;
	size_t len, slen;
	const uint8_t *msg = l2tp_vec_get(v, "msg", &len);
	const uint8_t *sec = l2tp_vec_get(v, "secret", &slen);
	uint8_t *p = l2tp_vec_dup(msg, len);
	struct l2tp_info i;

	(void)arg;
	CHECK_EQ(l2tp_msg_parse(p, len, &m, NULL), 0);
	CHECK_EQ(m.type, L2TP_ICRP);
	CHECK_EQ(l2tp_msg_decode(&m, sec, slen, scratch, sizeof(scratch), &i, NULL), 0);
	CHECK_EQ(i.session_id, l2tp_vec_num(v, "session_id"));
	CHECK(l2tp_has(&i, L2TP_AVP_SESSION_ID));
	CHECK(l2tp_msg_decode(&m, NULL, 0, scratch, sizeof(scratch), &i, NULL) < 0);
	CHECK(l2tp_msg_decode(&m, sec, slen, NULL, 0, &i, NULL) < 0);
	free(p);
}

static void t_hidden_xl2tpd(void)
{
	CHECK_EQ(l2tp_vec_each("vectors.txt", "icrp-xl2tpd", icrp_one, NULL), 1);
}

static void t_hidden_bad_inner_length(void)
{
	static struct l2tp_msg m;
	static const uint8_t rv[4] = { 9, 9, 9, 9 };
	uint8_t inner[4] = { 0, 3, 'a', 'b' };	/* says 3 bytes, has 2 */
	uint8_t buf[64], c[4];
	struct l2tp_wbuf w;
	const uint8_t *got;
	uint16_t glen;
	const char *why;
	size_t n;

	/* hide 4 raw bytes (len 2: "\0\3"... as the value of a 0-length field) */
	CHECK_EQ(l2tp_hide(9, NULL, 0, inner + 2, 2, (const uint8_t *)"k", 1, rv, 4, c, 4), 4);
	/* l2tp_hide wrote length 0; patch the plain length to 3 by XOR */
	c[1] ^= 3;
	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, 7, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	l2tp_w_avp(&w, L2TP_AVP_RANDOM_VECTOR, true, rv, 4);
	l2tp_w_avp(&w, L2TP_AVP_TUNNEL_ID, true, c, 4);
	n = l2tp_w_finish(&w);
	buf[n - 10] |= 0x40;	/* the H bit */
	CHECK_EQ(l2tp_msg_parse(buf, n, &m, NULL), 0);
	CHECK(m.a[2].hidden);
	CHECK(l2tp_avp_value(&m.a[2], (const uint8_t *)"k", 1, scratch, sizeof(scratch), &got,
			     &glen, &why) < 0);
	CHECK_STR(why, "hidden AVP length past its value (wrong secret?)");
	c[1] ^= 3 ^ 2;	/* now 2: fits */
	memcpy(buf + n - 4, c, 4);
	CHECK_EQ(l2tp_msg_parse(buf, n, &m, NULL), 0);
	CHECK_EQ(l2tp_avp_value(&m.a[2], (const uint8_t *)"k", 1, scratch, sizeof(scratch), &got,
				&glen, &why), 0);
	CHECK_EQ(glen, 2);
	CHECK_MEM(got, "ab", 2);
}

static void t_writer(void)
{
	uint8_t full[256];
	struct l2tp_wbuf w;
	size_t n, want;
	uint8_t big[L2TP_AVP_MAX_LEN];

	/* a message, then every smaller capacity: err, nothing past cap */
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 0x1234, 0x5678, 3, 4);
	l2tp_w_msg_type(&w, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 0x4321);
	l2tp_w_result(&w, L2TP_STOPCCN_GENERAL, true, L2TP_ERR_UNKNOWN_M_AVP, "avp 20", 6);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
	want = l2tp_w_finish(&w);
	CHECK_EQ(want, 12 + 8 + 8 + 16 + 8 + 10);
	seed("stopccn", full, want);
	CHECK_EQ(full[2] << 8 | full[3], want);
	for (size_t cap = 0; cap < want; cap++) {
		uint8_t *p = malloc(cap ? cap : 1);

		CHECK(p != NULL);
		if (!p)
			continue;
		l2tp_w_init(&w, p, cap);
		l2tp_w_hdr(&w, 0x1234, 0x5678, 3, 4);
		l2tp_w_msg_type(&w, L2TP_STOPCCN);
		l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 0x4321);
		l2tp_w_result(&w, L2TP_STOPCCN_GENERAL, true, L2TP_ERR_UNKNOWN_M_AVP, "avp 20", 6);
		l2tp_w_proto_ver(&w);
		l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
		CHECK(w.err);
		CHECK_EQ(l2tp_w_finish(&w), 0);
		free(p);
	}
	/* misuse */
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_msg_type(&w, L2TP_HELLO);		/* before the header */
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 1);	/* before the header */
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_hdr(&w, 1, 0, 0, 0);			/* twice */
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	l2tp_w_msg_type(&w, L2TP_HELLO);		/* not first */
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_result(&w, 1, false, 0, "x", 1);		/* a message without an error code */
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, NULL, 3);
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_avp_hidden(&w, L2TP_AVP_RANDOM_VECTOR, true, "x", 1, NULL, 0,
			  (const uint8_t *)"k", 1, (const uint8_t *)"r", 1);
	CHECK(w.err);
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 0, 0, 0);
	l2tp_w_avp_hidden(&w, L2TP_AVP_TUNNEL_ID, true, "xy", 2, NULL, 0, NULL, 0,
			  (const uint8_t *)"r", 1);	/* no secret */
	CHECK(w.err);
	CHECK_EQ(l2tp_w_finish(&w), 0);
	/* AVP lengths: 1017 bytes of value fit, 1018 do not */
	{
		static uint8_t msg[L2TP_MSG_MAX];
		static struct l2tp_msg m;

		memset(big, 'a', sizeof(big));
		l2tp_w_init(&w, msg, sizeof(msg));
		l2tp_w_hdr(&w, 1, 0, 0, 0);
		l2tp_w_msg_type(&w, L2TP_HELLO);
		l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, big, L2TP_AVP_MAX_LEN - 6);
		n = l2tp_w_finish(&w);
		CHECK_EQ(n, 12 + 8 + L2TP_AVP_MAX_LEN);
		CHECK_EQ(l2tp_msg_parse(msg, n, &m, NULL), 0);
		CHECK_EQ(m.a[1].len, L2TP_AVP_MAX_LEN - 6);
		l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, big, L2TP_AVP_MAX_LEN - 5);
		CHECK(w.err);
		/* and no message longer than L2TP_MSG_MAX */
		l2tp_w_init(&w, msg, sizeof(msg));
		l2tp_w_hdr(&w, 1, 0, 0, 0);
		l2tp_w_msg_type(&w, L2TP_HELLO);
		for (int k = 0; k < 4; k++)
			l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, big, L2TP_AVP_MAX_LEN - 6);
		CHECK(w.err);
	}
	/* l2tp_hdr_set_seq */
	l2tp_w_init(&w, full, sizeof(full));
	l2tp_w_hdr(&w, 1, 2, 3, 4);
	n = l2tp_w_finish(&w);
	CHECK_EQ(n, 12);
	l2tp_hdr_set_seq(full, 0xfffe, 0xffff);
	CHECK_MEM(full, "\xc8\x02\x00\x0c\x00\x01\x00\x02\xff\xfe\xff\xff", 12);
}

static void t_names(void)
{
	CHECK_STR(l2tp_msg_name(L2TP_SCCRQ), "SCCRQ");
	CHECK_STR(l2tp_msg_name(L2TP_STOPCCN), "StopCCN");
	CHECK_STR(l2tp_msg_name(L2TP_CDN), "CDN");
	CHECK_STR(l2tp_msg_name(L2TP_SLI), "SLI");
	CHECK_STR(l2tp_msg_name(5), "UNKNOWN(5)");
	CHECK_STR(l2tp_msg_name(0), "UNKNOWN(0)");
	CHECK_STR(l2tp_msg_name(65535), "UNKNOWN(65535)");
	CHECK_STR(l2tp_avp_name(L2TP_AVP_CHAL_RESP), "Challenge Response");
	CHECK_STR(l2tp_avp_name(L2TP_AVP_SEQ_REQUIRED), "Sequencing Required");
	CHECK_STR(l2tp_avp_name(20), "UNKNOWN(20)");
	CHECK_STR(l2tp_avp_name(40), "UNKNOWN(40)");
	CHECK_STR(l2tp_result_name(L2TP_STOPCCN, L2TP_STOPCCN_NOT_AUTH),
		  "requester is not authorized");
	CHECK_STR(l2tp_result_name(L2TP_CDN, L2TP_CDN_ADMIN), "administrative reasons");
	CHECK_STR(l2tp_result_name(L2TP_HELLO, 1), "UNKNOWN(1)");
	CHECK_STR(l2tp_error_name(L2TP_ERR_UNKNOWN_M_AVP), "unknown mandatory AVP");
	CHECK_STR(l2tp_error_name(9), "UNKNOWN(9)");
	for (uint16_t t = 0; t <= L2TP_AVP_TYPE_MAX; t++)
		CHECK_EQ(strncmp(l2tp_avp_name(t), "UNKNOWN", 7) != 0, l2tp_avp_known(t));
}

const struct test_case l2tp_msg_tests[] = {
	T(t_xl2tpd_sccrq),
	T(t_xl2tpd_session),
	T(t_round_trip),
	T(t_truncations),
	T(t_typed_lengths),
	T(t_typed_values),
	T(t_malformed_avps),
	T(t_malformed_header),
	T(t_too_many_avps),
	T(t_hidden_vectors),
	T(t_hidden_xl2tpd),
	T(t_hidden_bad_inner_length),
	T(t_writer),
	T(t_names),
	T_END
};
