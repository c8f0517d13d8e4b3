// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of ikev1/ikev1_msg.c: the header, the chain (loops, overruns,
 * unknown and misplaced types, padding), every payload decoder against
 * every truncation of valid messages (each in a heap buffer of exactly
 * that size, so ASan sees any over-read), SA/attribute edge cases in TV
 * and TLV form, writer -> parser round trips and writer overflow.
 *
 * With IKEV1_SEED_DIR set, the valid messages built here are also written
 * there: that is how fuzz/corpus/ikev1msg/ was made.
 */
#include <stdlib.h>

#include "ikev1_keys.h"
#include "ikev1_msg.h"
#include "test.h"

#define BUF 2048

static const uint8_t cky_i[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
static const uint8_t cky_r[8] = { 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01 };
static const uint8_t ms_nt5[20] =
	"\x1e\x2b\x51\x69\x05\x99\x1c\x7d\x7c\x96\xfc\xbf\xb5\x87\xe4\x61\x00\x00\x00\x09";
static const uint8_t frag[20] =
	"\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2\xd3\x80\x00\x00\x00";

static void seed(const char *name, const uint8_t *p, size_t len)
{
	const char *dir = getenv("IKEV1_SEED_DIR");
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

static void hdr(struct ike_wbuf *w, uint8_t *buf, size_t cap, uint8_t exch, uint8_t flags,
		uint32_t msgid, bool have_r)
{
	struct ike_hdr h = { .exchange = exch, .flags = flags, .msgid = msgid };

	memcpy(h.spi_i, cky_i, 8);
	if (have_r)
		memcpy(h.spi_r, cky_r, 8);
	ike_w_init(w, buf, cap);
	ikev1_w_hdr(w, &h);
}

/* Phase 1 attributes of one transform into a (scratch), returning the length. */
static size_t p1_attrs(uint8_t *a, size_t cap, uint16_t encr, uint16_t bits, uint16_t hash,
		       uint16_t group, uint64_t life)
{
	struct ike_wbuf w;

	ike_w_init(&w, a, cap);
	ikev1_w_attr(&w, IKEV1_A_ENCR, encr);
	if (bits)
		ikev1_w_attr(&w, IKEV1_A_KEY_LENGTH, bits);
	ikev1_w_attr(&w, IKEV1_A_HASH, hash);
	ikev1_w_attr(&w, IKEV1_A_GROUP_DESC, group);
	ikev1_w_attr(&w, IKEV1_A_AUTH, IKEV1_AUTH_PSK);
	ikev1_w_attr(&w, IKEV1_A_LIFE_TYPE, IKEV1_LIFE_SECONDS);
	ikev1_w_attr(&w, IKEV1_A_LIFE_DURATION, life);	/* 28800: TV; 86400: TLV */
	CHECK(!w.err);
	return w.len;
}

/* Main mode message 1 as Windows sends it: 4 transforms, its VIDs. */
static size_t build_mm1(uint8_t *buf, size_t cap)
{
	static uint8_t attrs[4][64];
	struct ikev1_proposal p = { .num = 1, .proto = IKEV1_PROTO_ISAKMP, .nt = 4, .nt_kept = 4 };
	struct ike_wbuf w;

	p.t[0] = (struct ikev1_transform){ .num = 1, .id = IKEV1_KEY_IKE, .attrs = attrs[0] };
	p.t[0].attrs_len = p1_attrs(attrs[0], 64, IKEV1_ENCR_AES, 256, IKEV1_HASH_SHA1, 20, 28800);
	p.t[1] = (struct ikev1_transform){ .num = 2, .id = IKEV1_KEY_IKE, .attrs = attrs[1] };
	p.t[1].attrs_len = p1_attrs(attrs[1], 64, IKEV1_ENCR_AES, 128, IKEV1_HASH_SHA1, 19, 86400);
	p.t[2] = (struct ikev1_transform){ .num = 3, .id = IKEV1_KEY_IKE, .attrs = attrs[2] };
	p.t[2].attrs_len = p1_attrs(attrs[2], 64, IKEV1_ENCR_AES, 256, IKEV1_HASH_SHA2_256, 14,
				    28800);
	p.t[3] = (struct ikev1_transform){ .num = 4, .id = IKEV1_KEY_IKE, .attrs = attrs[3] };
	p.t[3].attrs_len = p1_attrs(attrs[3], 64, IKEV1_ENCR_3DES, 0, IKEV1_HASH_SHA1, 2, 28800);
	hdr(&w, buf, cap, IKEV1_EXCH_ID_PROT, 0, 0, false);
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &p, 1);
	ikev1_w_data(&w, IKEV1_PL_VID, ms_nt5, sizeof(ms_nt5));
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_RFC3947, 16);
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_NATT_02_N, 16);
	ikev1_w_data(&w, IKEV1_PL_VID, frag, sizeof(frag));
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_MS_NDC, 16);
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_MS_CGA, 16);
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_DPD, 16);
	return ike_w_finish(&w);
}

/* Main mode message 2: the chosen transform echoed, NAT-T and DPD VIDs. */
static size_t build_mm2(uint8_t *buf, size_t cap)
{
	static uint8_t attrs[64];
	struct ikev1_proposal p = { .num = 1, .proto = IKEV1_PROTO_ISAKMP, .nt = 1, .nt_kept = 1 };
	struct ike_wbuf w;

	p.t[0] = (struct ikev1_transform){ .num = 1, .id = IKEV1_KEY_IKE, .attrs = attrs };
	p.t[0].attrs_len = p1_attrs(attrs, 64, IKEV1_ENCR_AES, 256, IKEV1_HASH_SHA1, 20, 28800);
	hdr(&w, buf, cap, IKEV1_EXCH_ID_PROT, 0, 0, true);
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &p, 1);
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_RFC3947, 16);
	ikev1_w_data(&w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_DPD, 16);
	return ike_w_finish(&w);
}

/* Main mode message 3 or 4: KE, NONCE, two NAT-D (draft numbers if draft). */
static size_t build_mm34(uint8_t *buf, size_t cap, bool draft)
{
	uint8_t ke[128], nonce[32], natd[20];
	struct ike_wbuf w;

	memset(ke, 0xe1, sizeof(ke));
	memset(nonce, 0x4e, sizeof(nonce));
	memset(natd, 0xd0, sizeof(natd));
	hdr(&w, buf, cap, IKEV1_EXCH_ID_PROT, 0, 0, true);
	ikev1_w_data(&w, IKEV1_PL_KE, ke, sizeof(ke));
	ikev1_w_data(&w, IKEV1_PL_NONCE, nonce, sizeof(nonce));
	ikev1_w_data(&w, draft ? IKEV1_PL_NAT_D_DRAFT : IKEV1_PL_NAT_D, natd, sizeof(natd));
	natd[0] ^= 1;
	ikev1_w_data(&w, draft ? IKEV1_PL_NAT_D_DRAFT : IKEV1_PL_NAT_D, natd, sizeof(natd));
	return ike_w_finish(&w);
}

/* The plaintext of main mode 5 (ID, CERT, CR, SIG, N) with no header: first type in *first. */
static size_t build_mm5_body(uint8_t *buf, size_t cap, uint8_t *first)
{
	static const uint8_t ip[4] = { 192, 0, 2, 10 };
	uint8_t hash[20], spi16[16];
	struct ike_wbuf w;

	memset(hash, 0x4a, sizeof(hash));
	memcpy(spi16, cky_i, 8);
	memcpy(spi16 + 8, cky_r, 8);
	ike_w_init(&w, buf, cap);
	ikev1_w_id(&w, IKEV1_ID_IPV4_ADDR, 17, 500, ip, sizeof(ip));
	ikev1_w_cert(&w, IKEV1_PL_CERT, IKEV1_CERT_X509_SIG, hash, 8);
	ikev1_w_cert(&w, IKEV1_PL_CR, IKEV1_CERT_X509_SIG, NULL, 0);
	ikev1_w_data(&w, IKEV1_PL_SIG, hash, sizeof(hash));
	ikev1_w_data(&w, IKEV1_PL_HASH, hash, sizeof(hash));
	ikev1_w_notify(&w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, spi16, 16,
		       IKEV1_N_INITIAL_CONTACT, NULL, 0);
	*first = w.first;
	return ike_w_finish(&w);
}

/* Quick mode 1 body: HASH, SA (ESP, UDP transport draft, TLV life), NONCE, IDci/IDcr, NAT-OA. */
static size_t build_qm1_body(uint8_t *buf, size_t cap, uint8_t *first)
{
	static const uint8_t spi[4] = { 0xc0, 0xff, 0xee, 0x01 }, ip4[4] = { 10, 0, 0, 2 };
	static const uint8_t ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	uint8_t attrs[2][64], hash[20], nonce[16];
	struct ikev1_proposal p = { .num = 1, .proto = IKEV1_PROTO_IPSEC_ESP, .spi_len = 4,
				    .spi = spi, .nt = 2, .nt_kept = 2 };
	struct ike_wbuf a, w;

	for (int i = 0; i < 2; i++) {
		ike_w_init(&a, attrs[i], sizeof(attrs[i]));
		ikev1_w_attr(&a, IKEV1_A2_ENCAP_MODE, i ? IKEV1_ENCAP_UDP_TRANSPORT :
			     IKEV1_ENCAP_UDP_TRANSPORT_DRAFT);
		ikev1_w_attr(&a, IKEV1_A2_AUTH_ALG, IKEV1_AUTH_ALG_HMAC_SHA);
		ikev1_w_attr(&a, IKEV1_A2_KEY_LENGTH, 256);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_DURATION, 3600);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_KILOBYTES);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_DURATION, 250000);	/* TLV */
		CHECK(!a.err);
		p.t[i] = (struct ikev1_transform){ .num = (uint8_t)(i + 1), .id = IKEV1_ESP_AES,
						   .attrs = attrs[i], .attrs_len = a.len };
	}
	memset(hash, 0x48, sizeof(hash));
	memset(nonce, 0x6e, sizeof(nonce));
	ike_w_init(&w, buf, cap);
	ikev1_w_data(&w, IKEV1_PL_HASH, hash, sizeof(hash));
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &p, 1);
	ikev1_w_data(&w, IKEV1_PL_NONCE, nonce, sizeof(nonce));
	ikev1_w_id(&w, IKEV1_ID_IPV4_ADDR, 17, 1701, ip4, 4);
	ikev1_w_id(&w, IKEV1_ID_IPV6_ADDR, 17, 1701, ip6, 16);
	ikev1_w_natoa(&w, IKEV1_PL_NAT_OA, ip4, 4);
	ikev1_w_natoa(&w, IKEV1_PL_NAT_OA_DRAFT, ip6, 16);
	*first = w.first;
	return ike_w_finish(&w);
}

/* Informational body: HASH, N(R-U-THERE) with a sequence number, D of two ESP SPIs. */
static size_t build_info_body(uint8_t *buf, size_t cap, uint8_t *first)
{
	static const uint8_t seq[4] = { 0, 0, 0, 7 }, spis[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t hash[20], spi16[16];
	struct ike_wbuf w;

	memset(hash, 0x48, sizeof(hash));
	memcpy(spi16, cky_i, 8);
	memcpy(spi16 + 8, cky_r, 8);
	ike_w_init(&w, buf, cap);
	ikev1_w_data(&w, IKEV1_PL_HASH, hash, sizeof(hash));
	ikev1_w_notify(&w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, spi16, 16, IKEV1_N_R_U_THERE,
		       seq, sizeof(seq));
	ikev1_w_delete(&w, IKEV1_DOI_IPSEC, IKEV1_PROTO_IPSEC_ESP, 4, spis, 2);
	*first = w.first;
	return ike_w_finish(&w);
}

/* A body wrapped in a plaintext header (for the chain tests) */
static size_t wrap(uint8_t *out, size_t cap, uint8_t exch, uint32_t msgid, uint8_t first,
		   const uint8_t *body, size_t len)
{
	struct ike_wbuf w;

	hdr(&w, out, cap, exch, 0, msgid, true);
	out[16] = first;
	ike_w_bytes(&w, body, len);
	return ike_w_finish(&w);
}

/* The valid plaintext messages of this file. */
static unsigned int all_msgs(uint8_t msgs[][BUF], size_t *lens)
{
	uint8_t body[BUF], first;
	size_t n;

	lens[0] = build_mm1(msgs[0], BUF);
	lens[1] = build_mm2(msgs[1], BUF);
	lens[2] = build_mm34(msgs[2], BUF, false);
	lens[3] = build_mm34(msgs[3], BUF, true);
	n = build_mm5_body(body, BUF, &first);
	lens[4] = wrap(msgs[4], BUF, IKEV1_EXCH_ID_PROT, 0, first, body, n);
	n = build_qm1_body(body, BUF, &first);
	lens[5] = wrap(msgs[5], BUF, IKEV1_EXCH_QUICK, 0x1234, first, body, n);
	n = build_info_body(body, BUF, &first);
	lens[6] = wrap(msgs[6], BUF, IKEV1_EXCH_INFORMATIONAL, 0x5678, first, body, n);
	for (int i = 0; i < 7; i++)
		CHECK(lens[i] > IKEV1_HDR_LEN);
	return 7;
}

/* Run every typed decoder on p (and the attributes of an SA); touch every byte returned. */
static unsigned int decode_all(const uint8_t *b, size_t len)
{
	struct ikev1_sa *sa = malloc(sizeof(*sa));
	struct {
		struct ikev1_data d;
		struct ikev1_id id;
		struct ikev1_cert c;
		struct ikev1_notify n;
		struct ikev1_delete del;
		struct ikev1_natoa oa;
	} v;
	unsigned int s = 0, ok = 0;

	if (sa && !ikev1_sa_parse(b, len, sa, NULL)) {
		ok++;
		for (unsigned int i = 0; i < sa->np_kept; i++)
			for (unsigned int j = 0; j < sa->p[i].nt_kept; j++) {
				const struct ikev1_transform *t = &sa->p[i].t[j];
				struct ikev1_attr at;
				size_t off = 0;

				while (ikev1_attr_next(t->attrs, t->attrs_len, &off, &at, NULL) > 0)
					s += at.tv ? at.val : (at.val ? at.data[at.val - 1] : 0);
			}
	}
	free(sa);
	if (!ikev1_data_parse(b, len, &v.d, NULL))
		s += v.d.data[v.d.len - 1], ok++;
	if (!ikev1_nonce_parse(b, len, &v.d, NULL))
		s += v.d.data[v.d.len - 1], ok++;
	if (!ikev1_id_parse(b, len, &v.id, NULL))
		s += v.id.data[v.id.len - 1], ok++;
	if (!ikev1_cert_parse(b, len, &v.c, NULL))
		s += v.c.data[v.c.len - 1], ok++;
	if (!ikev1_cr_parse(b, len, &v.c, NULL))
		s += v.c.len ? v.c.data[v.c.len - 1] : 0, ok++;
	if (!ikev1_notify_parse(b, len, &v.n, NULL))
		s += (v.n.len ? v.n.data[v.n.len - 1] : 0) +
		     (v.n.spi_len ? v.n.spi[v.n.spi_len - 1] : 0), ok++;
	if (!ikev1_delete_parse(b, len, &v.del, NULL))
		s += v.del.spis[(size_t)v.del.num * v.del.spi_len - 1], ok++;
	if (!ikev1_natoa_parse(b, len, &v.oa, NULL))
		s += v.oa.addr[v.oa.len - 1], ok++;
	return ok + (s & 0);
}

static void test_hdr(void)
{
	uint8_t m[BUF];
	size_t len = build_mm1(m, sizeof(m));
	struct ike_hdr h;
	const char *why = NULL;

	CHECK_EQ(ikev1_hdr_parse(m, len, &h, &why), 0);
	CHECK_EQ(h.version, 0x10);
	CHECK_EQ(h.exchange, IKEV1_EXCH_ID_PROT);
	CHECK_EQ(h.next, IKEV1_PL_SA);
	CHECK_EQ(h.length, len);
	CHECK_MEM(h.spi_i, cky_i, 8);
	m[17] = 0x20;
	CHECK_EQ(ikev1_hdr_parse(m, len, &h, &why), -2);
	m[17] = 0x1f;	/* minor versions are ignored */
	CHECK_EQ(ikev1_hdr_parse(m, len, &h, &why), 0);
	m[17] = 0x10;
	CHECK_EQ(ikev1_hdr_parse(m, len - 1, &h, &why), -1);
	CHECK_EQ(ikev1_hdr_parse(m, 27, &h, &why), -1);
	CHECK_EQ(ikev1_hdr_parse(NULL, 0, &h, &why), -1);
	m[19] = 0x08;
	CHECK_EQ(ikev1_hdr_parse(m, len, &h, &why), -1);
	CHECK_STR(why, "unknown header flags");
	m[19] = 0;
	memset(m, 0, 8);
	CHECK_EQ(ikev1_hdr_parse(m, len, &h, &why), -1);
	CHECK_STR(why, "initiator cookie is zero");
}

/* Every message, cut at every length (header length patched): -1, and no over-read. */
static void test_truncations(void)
{
	static uint8_t msgs[7][BUF];
	size_t lens[7];
	unsigned int n = all_msgs(msgs, lens);
	static struct ikev1_msg m;

	for (unsigned int i = 0; i < n; i++) {
		const char *why = NULL;

		CHECK_EQ(ikev1_msg_parse(msgs[i], lens[i], 0, &m, &why), 0);
		CHECK(!m.encrypted);
		CHECK(m.pl.n >= 2);
		for (size_t cut = 0; cut < lens[i]; cut++) {
			uint8_t *t = malloc(cut ? cut : 1);

			memcpy(t, msgs[i], cut);
			if (cut >= IKEV1_HDR_LEN) {
				t[24] = (uint8_t)(cut >> 24);
				t[25] = (uint8_t)(cut >> 16);
				t[26] = (uint8_t)(cut >> 8);
				t[27] = (uint8_t)cut;
			}
			if (ikev1_msg_parse(t, cut, 0, &m, &why) != -1) {
				fprintf(stderr, "  message %u cut at %zu parses\n", i, cut);
				t_checks_failed++;
			}
			free(t);
		}
	}
}

/* Every payload body of every message, at every length: decoders stay in bounds. */
static void test_payload_truncations(void)
{
	static uint8_t msgs[7][BUF];
	size_t lens[7];
	unsigned int n = all_msgs(msgs, lens), full_ok = 0;
	static struct ikev1_msg m;

	for (unsigned int i = 0; i < n; i++) {
		CHECK_EQ(ikev1_msg_parse(msgs[i], lens[i], 0, &m, NULL), 0);
		for (unsigned int j = 0; j < m.pl.n; j++) {
			const struct ikev1_payload *p = &m.pl.p[j];

			for (size_t cut = 0; cut <= p->len; cut++) {
				uint8_t *t = malloc(cut ? cut : 1);
				unsigned int ok;

				memcpy(t, p->body, cut);
				ok = decode_all(cut ? t : NULL, cut);
				if (cut == p->len)
					full_ok += ok > 0;
				free(t);
			}
		}
	}
	CHECK_EQ(full_ok, 8 + 3 + 4 + 4 + 6 + 7 + 3);	/* every payload decodes as something */
}

/* A hand-encoded SA (RFC 2408 3.4-3.6), independent of the writer. */
static const uint8_t sa_hand[] = {
	0, 0, 0, 1, 0, 0, 0, 1,			/* DOI IPSEC, SIT_IDENTITY_ONLY */
	0, 0, 0, 48,				/* P: last, length 48 */
	1, 1, 0, 2,				/*   #1 ISAKMP, SPI size 0, 2 transforms */
	3, 0, 0, 20,				/*   T: more, length 20 */
	1, 1, 0, 0,				/*     #1 KEY_IKE */
	0x80, 1, 0, 7,				/*     ENCR AES (TV) */
	0x80, 14, 1, 0,				/*     KEY_LENGTH 256 (TV) */
	0x80, 2, 0, 2,				/*     HASH SHA1 (TV) */
	0, 0, 0, 20,				/*   T: last, length 20 */
	2, 1, 0, 0,				/*     #2 KEY_IKE */
	0x80, 1, 0, 5,				/*     ENCR 3DES */
	0, 12, 0, 4,				/*     LIFE_DURATION (TLV, 4 bytes) */
	0, 1, 0x51, 0x80,			/*       86400 */
};

static void test_sa_hand(void)
{
	static struct ikev1_sa sa;
	uint8_t b[sizeof(sa_hand)];
	struct ikev1_attr at;
	const char *why = NULL;
	size_t off = 0;
	uint64_t v = 0;

	memcpy(b, sa_hand, sizeof(b));
	CHECK_EQ(ikev1_sa_parse(b, sizeof(b), &sa, &why), 0);
	CHECK_EQ(sa.np, 1);
	CHECK_EQ(sa.p[0].num, 1);
	CHECK_EQ(sa.p[0].proto, IKEV1_PROTO_ISAKMP);
	CHECK_EQ(sa.p[0].nt, 2);
	CHECK_EQ(sa.p[0].t[1].num, 2);
	CHECK_EQ(sa.p[0].t[1].attrs_len, 12);
	CHECK_EQ(ikev1_attr_next(sa.p[0].t[0].attrs, sa.p[0].t[0].attrs_len, &off, &at, &why), 1);
	CHECK(at.tv);
	CHECK_EQ(at.type, IKEV1_A_ENCR);
	CHECK_EQ(at.val, IKEV1_ENCR_AES);
	CHECK_EQ(ikev1_attr_next(sa.p[0].t[0].attrs, sa.p[0].t[0].attrs_len, &off, &at, &why), 1);
	CHECK_EQ(at.val, 256);
	CHECK_EQ(ikev1_attr_next(sa.p[0].t[0].attrs, sa.p[0].t[0].attrs_len, &off, &at, &why), 1);
	CHECK_EQ(ikev1_attr_next(sa.p[0].t[0].attrs, sa.p[0].t[0].attrs_len, &off, &at, &why), 0);
	off = 4;
	CHECK_EQ(ikev1_attr_next(sa.p[0].t[1].attrs, sa.p[0].t[1].attrs_len, &off, &at, &why), 1);
	CHECK(!at.tv);
	CHECK_EQ(at.type, IKEV1_A_LIFE_DURATION);
	CHECK_EQ(ikev1_attr_u64(&at, &v), 0);
	CHECK_EQ(v, 86400);

	/* the writer reproduces the hand-encoded bytes from the parsed view */
	{
		uint8_t out[128];
		struct ike_wbuf w;

		ike_w_init(&w, out, sizeof(out));
		ikev1_w_sa(&w, sa.doi, sa.situation, sa.p, sa.np_kept);
		CHECK_EQ(ike_w_finish(&w), sizeof(sa_hand) + 4);
		CHECK_EQ(w.first, IKEV1_PL_SA);
		CHECK_MEM(out + 4, sa_hand, sizeof(sa_hand));
	}

	/* one-byte corruptions that must be refused */
	static const struct {
		size_t off;
		uint8_t v;
	} bad[] = {
		{ 3, 2 },	/* DOI 2 */
		{ 7, 2 },	/* situation SECRECY */
		{ 8, 2 },	/* proposal says another proposal follows */
		{ 8, 5 },	/* next payload KE inside SA */
		{ 9, 1 },	/* reserved */
		{ 11, 47 },	/* proposal length */
		{ 11, 49 },
		{ 11, 7 },
		{ 15, 1 },	/* 1 transform but the chain has 2 */
		{ 15, 3 },
		{ 15, 0 },	/* no transforms */
		{ 14, 1 },	/* SPI size 1: transforms shifted */
		{ 14, 17 },
		{ 16, 0 },	/* first transform claims to be last */
		{ 16, 2 },
		{ 19, 21 },	/* transform length */
		{ 19, 7 },
		{ 22, 1 },	/* transform reserved */
		{ 39, 17 },	/* second transform length past the proposal */
		{ 51, 5 },	/* TLV length 5: past the end */
		{ 51, 3 },	/* TLV length 3: a 1-byte attribute header follows */
		{ 48, 0x80 },	/* TLV read as TV: its value bytes become a bad TLV */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(b, sa_hand, sizeof(b));
		b[bad[i].off] = bad[i].v;
		if (ikev1_sa_parse(b, sizeof(b), &sa, &why) != -1) {
			fprintf(stderr, "  SA corruption %zu accepted\n", i);
			t_checks_failed++;
		}
	}
	memcpy(b, sa_hand, sizeof(b));
	CHECK_EQ(ikev1_sa_parse(b, sizeof(b) + 0, &sa, &why), 0);
	CHECK_EQ(ikev1_sa_parse(b, sizeof(b) - 1, &sa, &why), -1);
	CHECK_EQ(ikev1_sa_parse(b, 8, &sa, &why), -1);
}

static void test_attrs(void)
{
	/* TV; TLV len 0; TLV len 9; TLV len 8 max; header of 3 bytes */
	static const uint8_t a[] = {
		0x80, 11, 0, 1,
		0, 12, 0, 0,
		0, 12, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9,
		0, 12, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
		0x80, 1, 0,
	};
	struct ikev1_attr at;
	const char *why = NULL;
	size_t off = 0;
	uint64_t v;

	CHECK_EQ(ikev1_attr_next(a, sizeof(a), &off, &at, &why), 1);
	CHECK_EQ(ikev1_attr_u64(&at, &v), 0);
	CHECK_EQ(v, 1);
	CHECK_EQ(ikev1_attr_next(a, sizeof(a), &off, &at, &why), 1);
	CHECK(!at.tv);
	CHECK_EQ(at.val, 0);
	CHECK_EQ(ikev1_attr_u64(&at, &v), -1);
	CHECK_EQ(ikev1_attr_next(a, sizeof(a), &off, &at, &why), 1);
	CHECK_EQ(at.val, 9);
	CHECK_EQ(ikev1_attr_u64(&at, &v), -1);
	CHECK_EQ(ikev1_attr_next(a, sizeof(a), &off, &at, &why), 1);
	CHECK_EQ(ikev1_attr_u64(&at, &v), 0);
	CHECK_EQ(v, 0xfffffffffffffffeULL);
	CHECK_EQ(ikev1_attr_next(a, sizeof(a), &off, &at, &why), -1);
	CHECK_STR(why, "attribute header truncated");
	off = 8;
	CHECK_EQ(ikev1_attr_next(a, 15, &off, &at, &why), -1);	/* TLV 9 past 15 */
	CHECK_STR(why, "attribute value past the end");

	/* writer: TV up to 65535, then the shortest TLV; AF bit in type refused */
	uint8_t out[64];
	struct ike_wbuf w;
	static const uint8_t want[] = {
		0x80, 12, 0xff, 0xff,
		0, 12, 0, 3, 0x01, 0x00, 0x00,
		0, 12, 0, 8, 0x80, 0, 0, 0, 0, 0, 0, 1,
	};

	ike_w_init(&w, out, sizeof(out));
	ikev1_w_attr(&w, 12, 65535);
	ikev1_w_attr(&w, 12, 65536);
	ikev1_w_attr(&w, 12, 0x8000000000000001ULL);
	CHECK(!w.err);
	CHECK_EQ(w.len, sizeof(want));
	CHECK_MEM(out, want, sizeof(want));
	ikev1_w_attr(&w, 0x8001, 1);
	CHECK(w.err);
}

static void test_chain(void)
{
	static struct ikev1_payloads pl;
	uint8_t b[4 * (IKEV1_MAX_PAYLOADS + 1)];
	const char *why = NULL;

	/* a zero length can not loop: it is refused */
	static const uint8_t zero_len[] = { 13, 0, 0, 0, 0, 0, 0, 4 };
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, zero_len, sizeof(zero_len), 0, &pl, &why), -1);
	CHECK_STR(why, "payload length below 4");
	/* overrun past the end */
	static const uint8_t overrun[] = { 0, 0, 0, 9, 1, 2, 3, 4 };
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, overrun, sizeof(overrun), 0, &pl, &why), -1);
	/* a chain that names a next payload after the last byte */
	static const uint8_t dangling[] = { 13, 0, 0, 5, 1 };
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, dangling, sizeof(dangling), 0, &pl, &why),
		 -1);
	CHECK_STR(why, "payload header truncated");
	/* trailing data; or counted as padding */
	static const uint8_t trail[] = { 0, 0, 0, 5, 1, 0, 0, 0 };
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, trail, sizeof(trail), 0, &pl, &why), -1);
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, trail, sizeof(trail), IKEV1_P_PADDED, &pl,
				      &why), 0);
	CHECK_EQ(pl.n, 1);
	CHECK_EQ(pl.trailing, 3);
	/* reserved byte */
	static const uint8_t rsv[] = { 0, 1, 0, 5, 1 };
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, rsv, sizeof(rsv), 0, &pl, &why), -1);
	/* unknown type: refused, or kept when allowed; P and T never */
	static const uint8_t unk[] = { 0, 0, 0, 4 };
	CHECK_EQ(ikev1_payloads_parse(77, unk, sizeof(unk), 0, &pl, &why), -1);
	CHECK_STR(why, "unknown payload type");
	CHECK_EQ(ikev1_payloads_parse(77, unk, sizeof(unk), IKEV1_P_ALLOW_UNKNOWN, &pl, &why), 0);
	CHECK_EQ(pl.p[0].type, 77);
	CHECK_EQ(pl.p[0].len, 0);
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_P, unk, sizeof(unk), IKEV1_P_ALLOW_UNKNOWN, &pl,
				      &why), -1);
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_T, unk, sizeof(unk), IKEV1_P_ALLOW_UNKNOWN, &pl,
				      &why), -1);
	/* empty chain */
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_NONE, NULL, 0, 0, &pl, &why), 0);
	CHECK_EQ(pl.n, 0);
	/* IKEV1_MAX_PAYLOADS empty VIDs pass, one more does not */
	for (unsigned int i = 0; i <= IKEV1_MAX_PAYLOADS; i++) {
		b[4 * i] = i == IKEV1_MAX_PAYLOADS ? 0 : IKEV1_PL_VID;
		b[4 * i + 1] = 0;
		b[4 * i + 2] = 0;
		b[4 * i + 3] = 4;
	}
	b[4 * (IKEV1_MAX_PAYLOADS - 1)] = 0;
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, b, 4 * IKEV1_MAX_PAYLOADS, 0, &pl, &why), 0);
	CHECK_EQ(pl.n, IKEV1_MAX_PAYLOADS);
	CHECK_EQ(ikev1_payload_count(&pl, IKEV1_PL_VID), IKEV1_MAX_PAYLOADS);
	b[4 * (IKEV1_MAX_PAYLOADS - 1)] = IKEV1_PL_VID;
	CHECK_EQ(ikev1_payloads_parse(IKEV1_PL_VID, b, sizeof(b), 0, &pl, &why), -1);
	CHECK_STR(why, "too many payloads");
}

static void test_payloads(void)
{
	struct ikev1_id id;
	struct ikev1_cert c;
	struct ikev1_notify n;
	struct ikev1_delete d;
	struct ikev1_natoa oa;
	struct ikev1_data nd;
	const char *why = NULL;
	uint8_t b[64] = { 0 };

	/* ID: address lengths by type */
	b[0] = IKEV1_ID_IPV4_ADDR;
	CHECK_EQ(ikev1_id_parse(b, 8, &id, &why), 0);
	CHECK_EQ(ikev1_id_parse(b, 9, &id, &why), -1);
	b[0] = IKEV1_ID_IPV6_ADDR_SUBNET;
	CHECK_EQ(ikev1_id_parse(b, 36, &id, &why), 0);
	CHECK_EQ(ikev1_id_parse(b, 20, &id, &why), -1);
	b[0] = IKEV1_ID_FQDN;
	b[1] = 17;
	b[2] = 0x06;
	b[3] = 0xa5;
	CHECK_EQ(ikev1_id_parse(b, 5, &id, &why), 0);
	CHECK_EQ(id.proto, 17);
	CHECK_EQ(id.port, 1701);
	CHECK_EQ(id.len, 1);
	CHECK_EQ(ikev1_id_parse(b, 4, &id, &why), -1);
	/* CERT needs data, CR does not */
	CHECK_EQ(ikev1_cert_parse(b, 1, &c, &why), -1);
	CHECK_EQ(ikev1_cr_parse(b, 1, &c, &why), 0);
	CHECK_EQ(c.len, 0);
	CHECK_EQ(ikev1_cr_parse(b, 0, &c, &why), -1);
	/* N: spi size bounds */
	memset(b, 0, sizeof(b));
	b[3] = 1;
	b[5] = 16;
	b[6] = 0x8d;
	b[7] = 0x28;
	CHECK_EQ(ikev1_notify_parse(b, 24, &n, &why), 0);
	CHECK_EQ(n.type, IKEV1_N_R_U_THERE);
	CHECK_EQ(n.len, 0);
	CHECK_EQ(ikev1_notify_parse(b, 23, &n, &why), -1);
	b[5] = 17;
	CHECK_EQ(ikev1_notify_parse(b, 40, &n, &why), -1);
	CHECK_EQ(ikev1_notify_parse(b, 7, &n, &why), -1);
	/* D: num * spi size exactly, num and size non-zero */
	memset(b, 0, sizeof(b));
	b[5] = 4;
	b[7] = 3;
	CHECK_EQ(ikev1_delete_parse(b, 20, &d, &why), 0);
	CHECK_EQ(d.num, 3);
	CHECK_EQ(ikev1_delete_parse(b, 19, &d, &why), -1);
	CHECK_EQ(ikev1_delete_parse(b, 21, &d, &why), -1);
	b[7] = 0;
	CHECK_EQ(ikev1_delete_parse(b, 8, &d, &why), -1);
	b[7] = 1;
	b[5] = 0;
	CHECK_EQ(ikev1_delete_parse(b, 8, &d, &why), -1);
	b[5] = 0xff;
	b[6] = 0xff;
	b[7] = 0xff;
	CHECK_EQ(ikev1_delete_parse(b, 64, &d, &why), -1);
	/* NAT-OA */
	memset(b, 0, sizeof(b));
	b[0] = IKEV1_ID_IPV4_ADDR;
	CHECK_EQ(ikev1_natoa_parse(b, 8, &oa, &why), 0);
	CHECK_EQ(ikev1_natoa_parse(b, 9, &oa, &why), -1);
	b[0] = IKEV1_ID_IPV6_ADDR;
	CHECK_EQ(ikev1_natoa_parse(b, 20, &oa, &why), 0);
	b[2] = 1;
	CHECK_EQ(ikev1_natoa_parse(b, 20, &oa, &why), -1);
	b[2] = 0;
	b[0] = IKEV1_ID_FQDN;
	CHECK_EQ(ikev1_natoa_parse(b, 20, &oa, &why), -1);
	/* nonce bounds, empty data */
	CHECK_EQ(ikev1_nonce_parse(b, 7, &nd, &why), -1);
	CHECK_EQ(ikev1_nonce_parse(b, 8, &nd, &why), 0);
	CHECK_EQ(ikev1_nonce_parse(b, 257, &nd, &why), -1);
	CHECK_EQ(ikev1_data_parse(b, 0, &nd, &why), -1);
}

/* Every message: parse -> re-emit payload by payload -> identical bytes. */
static void test_round_trip(void)
{
	static uint8_t msgs[7][BUF], out[BUF];
	static struct ikev1_msg m;
	static struct ikev1_sa sa;
	size_t lens[7];
	unsigned int n = all_msgs(msgs, lens);
	static const char *names[] = { "mm1-windows", "mm2", "mm3-natd", "mm4-natd-draft",
				       "mm5-plain", "qm1-plain", "info-dpd-delete" };

	for (unsigned int i = 0; i < n; i++) {
		struct ike_wbuf w;

		seed(names[i], msgs[i], lens[i]);
		CHECK_EQ(ikev1_msg_parse(msgs[i], lens[i], 0, &m, NULL), 0);
		ike_w_init(&w, out, sizeof(out));
		ikev1_w_hdr(&w, &m.h);
		for (unsigned int j = 0; j < m.pl.n; j++) {
			const struct ikev1_payload *p = &m.pl.p[j];
			struct ikev1_id id;
			struct ikev1_cert c;
			struct ikev1_notify nt;
			struct ikev1_delete d;
			struct ikev1_natoa oa;

			switch (p->type) {
			case IKEV1_PL_SA:
				CHECK_EQ(ikev1_sa_parse(p->body, p->len, &sa, NULL), 0);
				ikev1_w_sa(&w, sa.doi, sa.situation, sa.p, sa.np_kept);
				break;
			case IKEV1_PL_ID:
				CHECK_EQ(ikev1_id_parse(p->body, p->len, &id, NULL), 0);
				ikev1_w_id(&w, id.type, id.proto, id.port, id.data, id.len);
				break;
			case IKEV1_PL_CERT:
			case IKEV1_PL_CR:
				CHECK_EQ(ikev1_cr_parse(p->body, p->len, &c, NULL), 0);
				ikev1_w_cert(&w, p->type, c.encoding, c.data, c.len);
				break;
			case IKEV1_PL_N:
				CHECK_EQ(ikev1_notify_parse(p->body, p->len, &nt, NULL), 0);
				ikev1_w_notify(&w, nt.doi, nt.proto, nt.spi, nt.spi_len, nt.type,
					       nt.data, nt.len);
				break;
			case IKEV1_PL_D:
				CHECK_EQ(ikev1_delete_parse(p->body, p->len, &d, NULL), 0);
				ikev1_w_delete(&w, d.doi, d.proto, d.spi_len, d.spis, d.num);
				break;
			case IKEV1_PL_NAT_OA:
			case IKEV1_PL_NAT_OA_DRAFT:
				CHECK_EQ(ikev1_natoa_parse(p->body, p->len, &oa, NULL), 0);
				ikev1_w_natoa(&w, p->type, oa.addr, oa.len);
				break;
			default:
				ikev1_w_data(&w, p->type, p->body, p->len);
			}
		}
		CHECK_EQ(ike_w_finish(&w), lens[i]);
		CHECK_MEM(out, msgs[i], lens[i]);
	}
	/* typed views of the quick mode message */
	CHECK_EQ(ikev1_msg_parse(msgs[5], lens[5], 0, &m, NULL), 0);
	CHECK_EQ(m.h.msgid, 0x1234);
	CHECK_EQ(m.pl.p[0].type, IKEV1_PL_HASH);
	CHECK_EQ(ikev1_payload_count(&m.pl, IKEV1_PL_ID), 2);
	{
		const struct ikev1_payload *idci = ikev1_payload_next(&m.pl, IKEV1_PL_ID, NULL);
		const struct ikev1_payload *idcr = ikev1_payload_next(&m.pl, IKEV1_PL_ID, idci);

		CHECK(idci && idcr && idcr > idci);
		CHECK(!ikev1_payload_next(&m.pl, IKEV1_PL_ID, idcr));
		CHECK(!ikev1_payload_next(&m.pl, IKEV1_PL_KE, NULL));
	}
	CHECK_EQ(ikev1_sa_parse(m.pl.p[1].body, m.pl.p[1].len, &sa, NULL), 0);
	CHECK_EQ(sa.p[0].proto, IKEV1_PROTO_IPSEC_ESP);
	CHECK_EQ(sa.p[0].spi_len, 4);
	CHECK_EQ(sa.p[0].t[0].id, IKEV1_ESP_AES);
	{
		struct ikev1_attr at;
		size_t off = 0;
		uint64_t v = 0, encap = 0;

		while (ikev1_attr_next(sa.p[0].t[0].attrs, sa.p[0].t[0].attrs_len, &off, &at,
				       NULL) > 0) {
			if (at.type == IKEV1_A2_ENCAP_MODE)
				CHECK_EQ(ikev1_attr_u64(&at, &encap), 0);
			if (at.type == IKEV1_A2_LIFE_DURATION)
				CHECK_EQ(ikev1_attr_u64(&at, &v), 0);
		}
		CHECK_EQ(encap, IKEV1_ENCAP_UDP_TRANSPORT_DRAFT);
		CHECK_EQ(v, 250000);
	}
	/* the rest after HASH for HASH(1): from the SA payload's header to the end */
	CHECK_EQ((size_t)(m.pl.p[1].hdr - msgs[5]), IKEV1_HDR_LEN + 4 + 20);
	{
		struct ikev1_notify nt;

		CHECK_EQ(ikev1_msg_parse(msgs[6], lens[6], 0, &m, NULL), 0);
		CHECK_EQ(ikev1_notify_find(&m.pl, IKEV1_N_R_U_THERE, &nt), 0);
		CHECK_EQ(nt.spi_len, 16);
		CHECK_EQ(nt.len, 4);
		CHECK_EQ(nt.data[3], 7);
		CHECK_EQ(ikev1_notify_find(&m.pl, IKEV1_N_R_U_THERE_ACK, &nt), -1);
	}
}

/* The writer never writes at or past cap, for every cap below the full length. */
static void test_writer_overflow(void)
{
	static uint8_t msgs[7][BUF];
	size_t lens[7];

	all_msgs(msgs, lens);
	for (size_t cap = 0; cap < lens[0]; cap++) {
		uint8_t *b = malloc(cap + 1);

		b[cap] = 0xa5;
		CHECK_EQ(build_mm1(b, cap), 0);
		CHECK_EQ(b[cap], 0xa5);
		free(b);
	}
	for (size_t cap = 0; cap < lens[5] - IKEV1_HDR_LEN; cap++) {
		uint8_t *b = malloc(cap + 1), first;

		b[cap] = 0xa5;
		CHECK_EQ(build_qm1_body(b, cap, &first), 0);
		CHECK_EQ(b[cap], 0xa5);
		free(b);
	}
	/* misuse */
	uint8_t out[256], spi[17] = { 0 };
	struct ike_wbuf w;
	struct ikev1_proposal p = { .num = 1, .proto = 1, .nt = 1, .nt_kept = 0 };

	ike_w_init(&w, out, sizeof(out));
	ikev1_w_sa(&w, 1, 1, &p, 1);
	CHECK(w.err);
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_data(&w, IKEV1_PL_SA, out, 4);
	CHECK(w.err);
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_notify(&w, 1, 1, spi, 17, 1, NULL, 0);
	CHECK(w.err);
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_delete(&w, 1, 3, 4, spi, 0);
	CHECK(w.err);
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_natoa(&w, IKEV1_PL_NAT_OA, spi, 5);
	CHECK(w.err);
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_cert(&w, IKEV1_PL_HASH, 4, spi, 5);
	CHECK(w.err);
	/* malformed attrs in a transform */
	p.nt_kept = 1;
	p.t[0] = (struct ikev1_transform){ .num = 1, .id = 1, .attrs = spi, .attrs_len = 3 };
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_sa(&w, 1, 1, &p, 1);
	CHECK(w.err);
}

/* Encrypted messages: the body is left to the caller; decrypt and walk with padding. */
static void test_encrypted(void)
{
	static uint8_t body[BUF], msg[BUF], pt[BUF];
	static struct ikev1_msg m;
	static struct ikev1_payloads pl;
	struct ikev1_keys k;
	struct ikev1_iv iv_i, iv_r, next;
	uint8_t n16[16], g[64], first;
	size_t len = build_mm5_body(body, sizeof(body), &first), plen;
	struct ike_wbuf w;

	memset(n16, 0x4e, sizeof(n16));
	memset(g, 0x67, sizeof(g));
	CHECK_EQ(ikev1_derive_keys(&k, IKEV1_HASH_SHA2_256, IKEV1_ENCR_AES, 256,
				   (const uint8_t *)"psk", 3, n16, 16, n16, 16, g, 64, cky_i,
				   cky_r), 0);
	CHECK_EQ(ikev1_iv_phase1(&k, g, 64, g, 64, &iv_i), 0);
	iv_r = iv_i;
	plen = ikev1_padded_len(&k, len);
	CHECK(plen > len);
	memset(body + len, 0, plen - len);
	CHECK_EQ(ikev1_encrypt(&k, &iv_i, body, plen), 0);
	hdr(&w, msg, sizeof(msg), IKEV1_EXCH_ID_PROT, IKEV1_FLAG_ENCRYPTION, 0, true);
	msg[16] = first;
	ike_w_bytes(&w, body, plen);
	CHECK_EQ(ike_w_finish(&w), IKEV1_HDR_LEN + plen);
	seed("mm5-encrypted", msg, IKEV1_HDR_LEN + plen);

	CHECK_EQ(ikev1_msg_parse(msg, IKEV1_HDR_LEN + plen, 0, &m, NULL), 0);
	CHECK(m.encrypted);
	CHECK_EQ(m.pl.n, 0);
	CHECK_EQ(m.enc_len, plen);
	CHECK_EQ(ikev1_decrypt(&k, &iv_r, m.enc, m.enc_len, pt, &next), 0);
	CHECK_EQ(ikev1_payloads_parse(m.h.next, pt, m.enc_len, 0, &pl, NULL), -1);
	CHECK_EQ(ikev1_payloads_parse(m.h.next, pt, m.enc_len, IKEV1_P_PADDED, &pl, NULL), 0);
	CHECK_EQ(pl.n, 6);
	CHECK_EQ(pl.trailing, plen - len);
	CHECK_MEM(next.b, iv_i.b, 16);
	/* a body that is not whole blocks */
	msg[27] -= 1;
	CHECK_EQ(ikev1_msg_parse(msg, IKEV1_HDR_LEN + plen - 1, 0, &m, NULL), -1);
	msg[27] = (uint8_t)(IKEV1_HDR_LEN + 0);
	CHECK_EQ(ikev1_msg_parse(msg, IKEV1_HDR_LEN, 0, &m, NULL), -1);
	ikev1_keys_wipe(&k);
}

static void test_vid_and_names(void)
{
	uint8_t v[21];

	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_RFC3947, 16), IKEV1_VID_IS_RFC3947);
	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_NATT_02, 16), IKEV1_VID_IS_NATT_02);
	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_NATT_02_N, 16), IKEV1_VID_IS_NATT_02);
	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_NATT_03, 16), IKEV1_VID_IS_NATT_03);
	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_DPD, 16), IKEV1_VID_IS_DPD);
	CHECK_EQ(ikev1_vid_kind(ms_nt5, 20), IKEV1_VID_IS_MS_NT5);
	CHECK_EQ(ikev1_vid_kind(frag, 20), IKEV1_VID_IS_FRAGMENTATION);
	CHECK_EQ(ikev1_vid_kind(frag, 16), IKEV1_VID_IS_FRAGMENTATION);
	CHECK_EQ(ikev1_vid_kind((const uint8_t *)IKEV1_VID_MS_INITIAL_CONTACT, 16),
		 IKEV1_VID_IS_MS_INITIAL_CONTACT);
	memcpy(v, IKEV1_VID_RFC3947, 16);
	CHECK_EQ(ikev1_vid_kind(v, 17), IKEV1_VID_UNKNOWN);	/* no suffix allowed */
	CHECK_EQ(ikev1_vid_kind(v, 15), IKEV1_VID_UNKNOWN);
	memcpy(v, ms_nt5, 20);
	CHECK_EQ(ikev1_vid_kind(v, 21), IKEV1_VID_UNKNOWN);
	CHECK_EQ(ikev1_vid_kind(NULL, 0), IKEV1_VID_UNKNOWN);

	CHECK_STR(ikev1_exchange_name(IKEV1_EXCH_ID_PROT), "MAIN_MODE");
	CHECK_STR(ikev1_exchange_name(IKEV1_EXCH_QUICK), "QUICK_MODE");
	CHECK_STR(ikev1_exchange_name(99), "UNKNOWN(99)");
	CHECK_STR(ikev1_payload_name(IKEV1_PL_NAT_D_DRAFT), "NAT-D(draft)");
	CHECK_STR(ikev1_notify_name(IKEV1_N_R_U_THERE_ACK), "N(R_U_THERE_ACK)");
	CHECK_STR(ikev1_notify_name(24576), "N(RESPONDER_LIFETIME)");
	CHECK_STR(ikev1_notify_name(40000), "N(40000)");
	CHECK(ikev1_payload_known(IKEV1_PL_NAT_OA_DRAFT));
	CHECK(!ikev1_payload_known(IKEV1_PL_P));
	CHECK(!ikev1_payload_known(14));
}

/* More proposals or transforms than kept: validated, counted, not stored. */
static void test_sa_limits(void)
{
	static struct ikev1_proposal p[IKEV1_MAX_PROPOSALS + 1];
	static struct ikev1_sa sa;
	static uint8_t out[BUF];
	static const uint8_t a[] = { 0x80, 1, 0, 7 };
	struct ike_wbuf w;
	size_t len;

	for (unsigned int i = 0; i < IKEV1_MAX_PROPOSALS; i++) {
		p[i] = (struct ikev1_proposal){ .num = (uint8_t)(i + 1), .proto = 1, .nt = 1,
						.nt_kept = 1 };
		p[i].t[0] = (struct ikev1_transform){ .num = 1, .id = 1, .attrs = a,
						      .attrs_len = sizeof(a) };
	}
	p[0].nt = p[0].nt_kept = IKEV1_MAX_TRANSFORMS;
	for (unsigned int j = 0; j < IKEV1_MAX_TRANSFORMS; j++)
		p[0].t[j] = p[1].t[0];
	ike_w_init(&w, out, sizeof(out));
	ikev1_w_sa(&w, 1, 1, p, IKEV1_MAX_PROPOSALS);
	len = ike_w_finish(&w);
	CHECK(len > 0);
	CHECK_EQ(ikev1_sa_parse(out + 4, len - 4, &sa, NULL), 0);
	CHECK_EQ(sa.np, IKEV1_MAX_PROPOSALS);
	CHECK_EQ(sa.p[0].nt_kept, IKEV1_MAX_TRANSFORMS);
	/* append a 9th proposal by hand: counted, not kept */
	{
		static const uint8_t extra[] = { 0, 0, 0, 16, 9, 1, 0, 1, 0, 0, 0, 8, 1, 1, 0, 0 };
		size_t body = len - 4;
		size_t last = 8;

		/* find the last proposal and mark that one more follows */
		while (last < body) {
			uint16_t pl = (uint16_t)(out[4 + last + 2] << 8 | out[4 + last + 3]);

			if (!out[4 + last])
				break;
			last += pl;
		}
		out[4 + last] = IKEV1_PL_P;
		memcpy(out + len, extra, sizeof(extra));
		CHECK_EQ(ikev1_sa_parse(out + 4, body + sizeof(extra), &sa, NULL), 0);
		CHECK_EQ(sa.np, IKEV1_MAX_PROPOSALS + 1);
		CHECK_EQ(sa.np_kept, IKEV1_MAX_PROPOSALS);
		/* a decreasing number in the extra one */
		out[len + 4] = 7;
		CHECK_EQ(ikev1_sa_parse(out + 4, body + sizeof(extra), &sa, NULL), -1);
	}
}

const struct test_case ikev1_msg_tests[] = {
	T(test_hdr),
	T(test_truncations),
	T(test_payload_truncations),
	T(test_sa_hand),
	T(test_attrs),
	T(test_chain),
	T(test_payloads),
	T(test_round_trip),
	T(test_writer_overflow),
	T(test_encrypted),
	T(test_vid_and_names),
	T(test_sa_limits),
	T_END,
};
