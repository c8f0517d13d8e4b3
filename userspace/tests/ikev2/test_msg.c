// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the IKEv2 message codec (ike/ikev2_msg.c). */
#include <stdlib.h>

#include "test.h"
#include "ikev2_msg.h"

/* A copy of b[0..len) in a heap block of exactly len bytes: ASan sees overreads. */
static uint8_t *dup_exact(const uint8_t *b, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, b, len);
	return p;
}

static void fill(uint8_t *p, size_t n, uint8_t start)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(start + i);
}

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/*
 * The IKE_SA_INIT request of test_sa_init_wire, written by hand from the
 * layout of RFC 7296 section 3 (not by the writer under test).
 */
static const char sa_init_hex[] =
	/* IKE header: SPIi, SPIr, next SA, version 2.0, IKE_SA_INIT, I flag, msgid 0, length 226 */
	"0102030405060708 0000000000000000 21 20 22 08 00000000 000000e2"
	/* SA: next KE, length 40; proposal last, length 36, #1, IKE, spi 0, 3 transforms */
	"22 00 0028  00 00 0024 01 01 00 03"
	/* ENCR AES_GCM_16 with KEY_LENGTH 256 (TV 0x800e) */
	"03 00 000c 01 00 0014 800e 0100"
	/* PRF HMAC_SHA2_256 */
	"03 00 0008 02 00 0005"
	/* DH 31 (Curve25519), last transform */
	"00 00 0008 04 00 001f"
	/* KE: next Nonce, length 40, group 31, reserved, 32 bytes 00..1f */
	"28 00 0028 001f 0000"
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	/* Nonce: next N, length 36, 32 bytes 20..3f */
	"29 00 0024"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	/* N(NAT_DETECTION_SOURCE_IP): next N, length 28, proto 0, spi 0, 16388, 20 bytes 40..53 */
	"29 00 001c 00 00 4004 404142434445464748494a4b4c4d4e4f50515253"
	/* N(NAT_DETECTION_DESTINATION_IP): next N, 20 bytes 60..73 */
	"29 00 001c 00 00 4005 606162636465666768696a6b6c6d6e6f70717273"
	/* N(SIGNATURE_HASH_ALGORITHMS): next V, length 14, SHA2-256, -384, -512 */
	"2b 00 000e 00 00 402f 0002 0003 0004"
	/* V: last payload, length 12, "l2tpsecd" */
	"00 00 000c 6c327470736563 64";

/* The SA_INIT proposal: AES_GCM_16-256, PRF_HMAC_SHA2_256, Curve25519. */
static void sa_init_proposal(struct ike_proposal *p)
{
	memset(p, 0, sizeof(*p));
	p->num = 1;
	p->proto = IKE_PROTO_IKE;
	p->nt = 3;
	p->t[0] = (struct ike_transform){ IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 };
	p->t[1] = (struct ike_transform){ IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_256, 0 };
	p->t[2] = (struct ike_transform){ IKE_TRANS_DH, IKE_DH_CURVE25519, 0 };
}

/* Write the IKE_SA_INIT request of sa_init_hex with the writer; returns ike_w_finish(). */
static size_t build_sa_init(uint8_t *buf, size_t cap, struct ike_wbuf *w)
{
	static const uint8_t algs[] = { 0, 2, 0, 3, 0, 4 };
	struct ike_proposal prop;
	uint8_t ke[32], ni[32], nd_s[20], nd_d[20];
	struct ike_hdr h = { .version = IKE_VERSION, .exchange = IKE_SA_INIT,
			     .flags = IKE_FLAG_INITIATOR };

	memcpy(h.spi_i, spi_i, 8);
	fill(ke, sizeof(ke), 0x00);
	fill(ni, sizeof(ni), 0x20);
	fill(nd_s, sizeof(nd_s), 0x40);
	fill(nd_d, sizeof(nd_d), 0x60);
	sa_init_proposal(&prop);
	ike_w_init(w, buf, cap);
	ike_w_hdr(w, &h);
	ike_w_sa(w, &prop, 1);
	ike_w_ke(w, IKE_DH_CURVE25519, ke, sizeof(ke));
	ike_w_nonce(w, ni, sizeof(ni));
	ike_w_notify(w, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP, nd_s, sizeof(nd_s));
	ike_w_notify(w, 0, NULL, 0, IKE_N_NAT_DETECTION_DESTINATION_IP, nd_d, sizeof(nd_d));
	ike_w_notify(w, 0, NULL, 0, IKE_N_SIGNATURE_HASH_ALGORITHMS, algs, sizeof(algs));
	ike_w_vendor(w, (const uint8_t *)"l2tpsecd", 8);
	return ike_w_finish(w);
}

/* Write one payload with a writer without header, parse the chain: its payload or NULL. */
static const struct ike_payload *one_payload(struct ike_wbuf *w, struct ike_payloads *pl,
					     uint8_t type)
{
	const char *why = NULL;
	size_t len = ike_w_finish(w);

	CHECK(len > 0);
	CHECK_EQ(w->first, type);
	if (ike_payloads_parse(w->first, w->p, len, pl, &why)) {
		fprintf(stderr, "  chain: %s\n", why);
		return NULL;
	}
	CHECK_EQ(pl->n, 1);
	return ike_payload_find(pl, type);
}

/* ------------------------------------------------------------ header */

static void test_hdr_parse(void)
{
	uint8_t m[64];
	struct ike_hdr h;
	const char *why = NULL;
	long n = test_unhex("0102030405060708 1112131415161718 2e 20 25 20 00000007 0000001c",
			    m, sizeof(m));

	CHECK_EQ(n, 28);
	CHECK_EQ(ike_hdr_parse(m, 28, &h, &why), 0);
	CHECK_MEM(h.spi_i, spi_i, 8);
	CHECK_EQ(h.spi_r[7], 0x18);
	CHECK_EQ(h.next, IKE_PL_SK);
	CHECK_EQ(h.version, IKE_VERSION);
	CHECK_EQ(h.exchange, IKE_INFORMATIONAL);
	CHECK_EQ(h.flags, IKE_FLAG_RESPONSE);
	CHECK_EQ(h.msgid, 7);
	CHECK_EQ(h.length, 28);
	for (size_t l = 0; l < 28; l++) {
		uint8_t *c = dup_exact(m, l);

		CHECK_EQ(ike_hdr_parse(c, l, &h, &why), -1);
		free(c);
	}
	CHECK_EQ(ike_hdr_parse(m, 29, &h, &why), -1);	/* length field 28 != 29 */
	CHECK_HAS(why, "length");
	m[17] = 0x30;					/* IKEv3 */
	CHECK_EQ(ike_hdr_parse(m, 28, &h, &why), -2);
	m[17] = 0x10;					/* IKEv1 */
	CHECK_EQ(ike_hdr_parse(m, 28, &h, &why), -2);
	m[17] = 0x21;					/* minor version is ignored */
	CHECK_EQ(ike_hdr_parse(m, 28, &h, &why), 0);
}

/* ------------------------------------------------------- payload chain */

static void test_chain_basic(void)
{
	uint8_t m[64];
	struct ike_payloads pl;
	const char *why = NULL;
	/* V(2 bytes) -> type 200 critical (0 bytes) -> N(4 bytes) -> N(4 bytes) */
	long n = test_unhex("c8 00 0006 aabb  29 80 0004  29 00 0008 00000001  00 00 0008 00000002",
			    m, sizeof(m));

	CHECK_EQ(n, 26);
	CHECK_EQ(ike_payloads_parse(IKE_PL_VENDOR, m, (size_t)n, &pl, &why), 0);
	CHECK_EQ(pl.n, 4);
	CHECK_EQ(pl.p[0].type, IKE_PL_VENDOR);
	CHECK_EQ(pl.p[0].len, 2);
	CHECK(pl.p[0].body == m + 4);
	CHECK_EQ(pl.p[1].type, 200);
	CHECK(pl.p[1].critical);
	CHECK_EQ(pl.p[1].len, 0);
	CHECK(!pl.p[0].critical);
	CHECK_EQ(pl.sk_inner, 0);
	CHECK(ike_payload_find(&pl, IKE_PL_NOTIFY) == &pl.p[2]);
	CHECK(ike_payload_find(&pl, IKE_PL_SA) == NULL);
	CHECK_EQ(ike_payload_count(&pl, IKE_PL_NOTIFY), 2);
	CHECK_EQ(ike_payload_count(&pl, IKE_PL_KE), 0);
	CHECK_EQ(ike_payloads_unknown_critical(&pl), 200);
	m[7] = 0;	/* not critical any more */
	CHECK_EQ(ike_payloads_parse(IKE_PL_VENDOR, m, (size_t)n, &pl, &why), 0);
	CHECK_EQ(ike_payloads_unknown_critical(&pl), 0);
	/* critical bit on a known payload is fine */
	m[1] = 0x80;
	CHECK_EQ(ike_payloads_parse(IKE_PL_VENDOR, m, (size_t)n, &pl, &why), 0);
	CHECK_EQ(ike_payloads_unknown_critical(&pl), 0);
	/* empty chain */
	CHECK_EQ(ike_payloads_parse(IKE_PL_NONE, m, 0, &pl, &why), 0);
	CHECK_EQ(pl.n, 0);
	CHECK_EQ(ike_payloads_parse(IKE_PL_NONE, NULL, 0, &pl, &why), 0);
}

static void test_chain_errors(void)
{
	uint8_t m[512];
	struct ike_payloads pl;
	const char *why = NULL;
	long n = test_unhex("29 00 0008 00000001  00 00 0008 00000002", m, sizeof(m));

	/* every truncation fails */
	for (size_t l = 0; l < (size_t)n; l++) {
		uint8_t *c = dup_exact(m, l);

		CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, c, l, &pl, &why), -1);
		free(c);
	}
	/* trailing bytes after the last payload */
	m[n] = 0;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n + 1, &pl, &why), -1);
	CHECK_HAS(why, "trailing");
	/* data but first = NONE */
	CHECK_EQ(ike_payloads_parse(IKE_PL_NONE, m, (size_t)n, &pl, &why), -1);
	/* payload length 3, 0 */
	m[3] = 3;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	CHECK_HAS(why, "below 4");
	m[3] = 0;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	/* length past the end */
	m[3] = 8;
	m[11] = 9;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	CHECK_HAS(why, "past the end");
	m[2] = 0xff;
	m[11] = 8;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	/* 48 payloads ok, 49 too many */
	for (size_t i = 0; i < 49; i++) {
		m[i * 4] = i == 48 ? 0 : IKE_PL_VENDOR;
		m[i * 4 + 1] = 0;
		m[i * 4 + 2] = 0;
		m[i * 4 + 3] = 4;
	}
	CHECK_EQ(ike_payloads_parse(IKE_PL_VENDOR, m, 49 * 4, &pl, &why), -1);
	CHECK_HAS(why, "too many");
	m[47 * 4] = 0;
	CHECK_EQ(ike_payloads_parse(IKE_PL_VENDOR, m, 48 * 4, &pl, &why), 0);
	CHECK_EQ(pl.n, 48);
}

static void test_chain_sk_last(void)
{
	uint8_t m[64];
	struct ike_payloads pl;
	const char *why = NULL;
	/* N -> SK(next IDi, 8 bytes of "ciphertext") */
	long n = test_unhex("2e 00 0004  23 00 000c 0001020304050607", m, sizeof(m));

	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), 0);
	CHECK_EQ(pl.n, 2);
	CHECK_EQ(pl.p[1].type, IKE_PL_SK);
	CHECK_EQ(pl.p[1].len, 8);
	CHECK_EQ(pl.sk_inner, IKE_PL_IDI);
	/* SK not ending at the end of the message */
	m[n] = 0;
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n + 1, &pl, &why), -1);
	CHECK_HAS(why, "not the last");
	m[7] = 0x0b;	/* SK one byte shorter: a byte after SK */
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	/* SK followed by another payload */
	n = test_unhex("2e 00 0004  29 00 0008 00000000  00 00 0008 00004000", m, sizeof(m));
	CHECK_EQ(ike_payloads_parse(IKE_PL_NOTIFY, m, (size_t)n, &pl, &why), -1);
	/* SKF as the last payload */
	n = test_unhex("35 00 000c 0001 0002 aabbccdd", m, sizeof(m));
	m[0] = IKE_PL_SA;
	CHECK_EQ(ike_payloads_parse(IKE_PL_SKF, m, (size_t)n, &pl, &why), 0);
	CHECK_EQ(pl.n, 1);
	CHECK_EQ(pl.sk_inner, IKE_PL_SA);
}

/* --------------------------------------------------- the wire format */

static void test_sa_init_wire(void)
{
	uint8_t want[512], buf[512], ke[32], ni[32];
	long wn = test_unhex(sa_init_hex, want, sizeof(want));
	struct ike_wbuf w;
	struct ike_hdr h;
	struct ike_payloads pl;
	struct ike_sa_payload sa;
	struct ike_proposal prop;
	struct ike_notify nt;
	struct ike_ke k;
	const struct ike_payload *p;
	const char *why = NULL;
	size_t len = build_sa_init(buf, sizeof(buf), &w);

	CHECK_EQ(wn, 226);
	CHECK_EQ(len, 226);
	CHECK(!w.err);
	if (wn != 226 || len != 226)
		return;
	for (size_t i = 0; i < len; i++)
		if (buf[i] != want[i]) {
			fprintf(stderr, "  first difference at byte %zu: %02x != %02x\n", i,
				buf[i], want[i]);
			CHECK(0);
			break;
		}
	/* and back */
	CHECK_EQ(ike_hdr_parse(want, len, &h, &why), 0);
	CHECK_EQ(h.next, IKE_PL_SA);
	CHECK_EQ(h.exchange, IKE_SA_INIT);
	CHECK_EQ(h.flags, IKE_FLAG_INITIATOR);
	CHECK_EQ(ike_payloads_parse(h.next, want + 28, len - 28, &pl, &why), 0);
	CHECK_EQ(pl.n, 7);
	CHECK_EQ(ike_payload_count(&pl, IKE_PL_NOTIFY), 3);
	p = ike_payload_find(&pl, IKE_PL_SA);
	CHECK(p && ike_sa_parse(p->body, p->len, &sa, &why) == 0);
	sa_init_proposal(&prop);
	CHECK_EQ(sa.n, 1);
	CHECK_MEM(&sa.prop[0], &prop, sizeof(prop));
	p = ike_payload_find(&pl, IKE_PL_KE);
	CHECK(p && ike_ke_parse(p->body, p->len, &k, &why) == 0);
	fill(ke, sizeof(ke), 0);
	CHECK_EQ(k.group, IKE_DH_CURVE25519);
	CHECK_EQ(k.len, 32);
	CHECK_MEM(k.data, ke, 32);
	p = ike_payload_find(&pl, IKE_PL_NONCE);
	fill(ni, sizeof(ni), 0x20);
	CHECK(p && p->len == 32 && ike_nonce_check(p->len, &why) == 0);
	CHECK_MEM(p->body, ni, 32);
	CHECK_EQ(ike_notify_find(&pl, IKE_N_NAT_DETECTION_DESTINATION_IP, &nt), 0);
	CHECK_EQ(nt.len, 20);
	CHECK_EQ(nt.data[0], 0x60);
	CHECK_EQ(ike_notify_find(&pl, IKE_N_SIGNATURE_HASH_ALGORITHMS, &nt), 0);
	CHECK_EQ(nt.len, 6);
	CHECK_EQ(ike_notify_find(&pl, IKE_N_COOKIE, &nt), -1);
	CHECK_EQ(ike_payloads_unknown_critical(&pl), 0);
}

/* ------------------------------------------------------ round trips */

static void test_rt_sa(void)
{
	uint8_t buf[2048];
	struct ike_proposal props[3];
	struct ike_sa_payload sa;
	struct ike_payloads pl;
	struct ike_wbuf w;
	const struct ike_payload *p;
	const char *why = NULL;

	memset(props, 0, sizeof(props));
	/* ESP #1: AES_GCM_16 128 or 256, ESN or not, SPI 4 bytes */
	props[0].proto = IKE_PROTO_ESP;
	props[0].spi_len = 4;
	memcpy(props[0].spi, "\xc0\x01\xd0\x0d", 4);
	props[0].nt = 4;
	props[0].t[0] = (struct ike_transform){ IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 };
	props[0].t[1] = (struct ike_transform){ IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 };
	props[0].t[2] = (struct ike_transform){ IKE_TRANS_ESN, IKE_ESN_YES, 0 };
	props[0].t[3] = (struct ike_transform){ IKE_TRANS_ESN, IKE_ESN_NO, 0 };
	/* ESP #2: AES_CBC-256 + HMAC_SHA2_256_128 */
	props[1] = props[0];
	props[1].nt = 3;
	props[1].t[0] = (struct ike_transform){ IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256 };
	props[1].t[1] = (struct ike_transform){ IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 };
	props[1].t[2] = (struct ike_transform){ IKE_TRANS_ESN, IKE_ESN_NO, 0 };
	memset(&props[1].t[3], 0, sizeof(props[1].t[3]));
	/* IKE rekey #3 with an 8-byte SPI and no transforms at all */
	props[2].proto = IKE_PROTO_IKE;
	props[2].spi_len = 8;
	memcpy(props[2].spi, spi_i, 8);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_sa(&w, props, 3);
	p = one_payload(&w, &pl, IKE_PL_SA);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(ike_sa_parse(p->body, p->len, &sa, &why), 0);
	CHECK_EQ(sa.n, 3);
	for (unsigned int i = 0; i < 3; i++) {
		props[i].num = (uint8_t)(i + 1);	/* num 0 was numbered 1..n */
		CHECK_MEM(&sa.prop[i], &props[i], sizeof(props[i]));
	}
	/* explicit, repeated numbers are kept as given */
	props[1].num = 1;
	props[2].num = 2;
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_sa(&w, props, 3);
	p = one_payload(&w, &pl, IKE_PL_SA);
	CHECK(p && ike_sa_parse(p->body, p->len, &sa, &why) == 0);
	CHECK_EQ(sa.n, 3);
	CHECK_EQ(sa.prop[1].num, 1);
	CHECK_EQ(sa.prop[2].num, 2);
	/* misuse */
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_sa(&w, props, 0);
	CHECK(w.err);
	props[0].nt = IKE_MAX_TRANSFORMS + 1;
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_sa(&w, props, 1);
	CHECK(w.err);
}

static void test_rt_ke(void)
{
	uint8_t buf[600], d[384];
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_ke ke;
	const struct ike_payload *p;
	const char *why = NULL;

	fill(d, sizeof(d), 7);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_ke(&w, IKE_DH_MODP_3072, d, sizeof(d));
	p = one_payload(&w, &pl, IKE_PL_KE);
	CHECK(p && ike_ke_parse(p->body, p->len, &ke, &why) == 0);
	CHECK_EQ(ke.group, IKE_DH_MODP_3072);
	CHECK_EQ(ke.len, sizeof(d));
	CHECK(p && ke.data == p->body + 4);
	CHECK_MEM(ke.data, d, sizeof(d));
	/* empty key exchange data is rejected */
	CHECK_EQ(ike_ke_parse(d, 4, &ke, &why), -1);
}

static void test_rt_nonce(void)
{
	uint8_t buf[300], n[256];
	struct ike_payloads pl;
	struct ike_wbuf w;
	const struct ike_payload *p;
	const char *why = NULL;

	fill(n, sizeof(n), 0x99);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_nonce(&w, n, sizeof(n));
	p = one_payload(&w, &pl, IKE_PL_NONCE);
	CHECK(p && p->len == 256);
	CHECK(p && ike_nonce_check(p->len, &why) == 0);
	CHECK_MEM(p->body, n, 256);
	CHECK_EQ(ike_nonce_check(15, &why), -1);
	CHECK_EQ(ike_nonce_check(16, &why), 0);
	CHECK_EQ(ike_nonce_check(257, &why), -1);
	CHECK_EQ(ike_nonce_check(0, NULL), -1);
}

static void test_rt_id(void)
{
	uint8_t buf[128], v4[4] = { 192, 0, 2, 1 };
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_id id;
	const struct ike_payload *p;
	const char *why = NULL;

	ike_w_init(&w, buf, sizeof(buf));
	ike_w_id(&w, IKE_PL_IDR, IKE_ID_FQDN, (const uint8_t *)"vpn.example.org", 15);
	p = one_payload(&w, &pl, IKE_PL_IDR);
	CHECK(p && ike_id_parse(p->body, p->len, &id, &why) == 0);
	CHECK_EQ(id.type, IKE_ID_FQDN);
	CHECK_EQ(id.len, 15);
	CHECK_MEM(id.data, "vpn.example.org", 15);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_id(&w, IKE_PL_IDI, IKE_ID_IPV4_ADDR, v4, 4);
	p = one_payload(&w, &pl, IKE_PL_IDI);
	CHECK(p && ike_id_parse(p->body, p->len, &id, &why) == 0);
	CHECK_EQ(id.type, IKE_ID_IPV4_ADDR);
	CHECK_MEM(id.data, v4, 4);
	/* an IPv4 ID of 3 or 5 bytes, an IPv6 ID of 4 bytes */
	CHECK(p && ike_id_parse(p->body, p->len - 1, &id, &why) == -1);
	memcpy(buf + 32, p ? p->body : buf, 8);
	buf[40] = 0;
	CHECK_EQ(ike_id_parse(buf + 32, 9, &id, &why), -1);
	buf[32] = IKE_ID_IPV6_ADDR;
	CHECK_EQ(ike_id_parse(buf + 32, 8, &id, &why), -1);
	/* wrong payload type */
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_id(&w, IKE_PL_AUTH, IKE_ID_FQDN, (const uint8_t *)"x", 1);
	CHECK(w.err);
}

static void test_rt_auth(void)
{
	uint8_t buf[128], mac[32];
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_auth a;
	const struct ike_payload *p;
	const char *why = NULL;

	fill(mac, sizeof(mac), 0xe0);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_auth(&w, IKE_AUTH_PSK, mac, sizeof(mac));
	p = one_payload(&w, &pl, IKE_PL_AUTH);
	CHECK(p && ike_auth_parse(p->body, p->len, &a, &why) == 0);
	CHECK_EQ(a.method, IKE_AUTH_PSK);
	CHECK_EQ(a.len, 32);
	CHECK_MEM(a.data, mac, 32);
	CHECK(p && p->body[1] == 0 && p->body[2] == 0 && p->body[3] == 0);
}

static void test_rt_cert(void)
{
	uint8_t buf[128], der[40];
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_cert c;
	const char *why = NULL;

	fill(der, sizeof(der), 0x30);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_cert(&w, IKE_PL_CERT, IKE_CERT_X509_SIG, der, sizeof(der));
	ike_w_cert(&w, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, der, 20);
	ike_w_cert(&w, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, NULL, 0);
	CHECK_EQ(ike_w_finish(&w), 4 + 41 + 4 + 21 + 4 + 1);
	CHECK_EQ(w.first, IKE_PL_CERT);
	CHECK_EQ(ike_payloads_parse(w.first, buf, w.len, &pl, &why), 0);
	CHECK_EQ(pl.n, 3);
	CHECK_EQ(ike_cert_parse(pl.p[0].body, pl.p[0].len, &c, &why), 0);
	CHECK_EQ(c.encoding, IKE_CERT_X509_SIG);
	CHECK_EQ(c.len, 40);
	CHECK_MEM(c.data, der, 40);
	CHECK_EQ(pl.p[1].type, IKE_PL_CERTREQ);
	CHECK_EQ(ike_cert_parse(pl.p[1].body, pl.p[1].len, &c, &why), 0);
	CHECK_EQ(c.len, 20);
	CHECK_EQ(ike_cert_parse(pl.p[2].body, pl.p[2].len, &c, &why), 0);
	CHECK_EQ(c.len, 0);
	CHECK_EQ(ike_cert_parse(der, 0, &c, &why), -1);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_cert(&w, IKE_PL_KE, IKE_CERT_X509_SIG, der, 1);
	CHECK(w.err);
}

static void test_rt_notify(void)
{
	uint8_t buf[256], cookie[64], spi[4] = { 0xde, 0xad, 0xbe, 0xef };
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_notify n;
	const char *why = NULL;

	fill(cookie, sizeof(cookie), 0x42);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_notify(&w, 0, NULL, 0, IKE_N_COOKIE, cookie, sizeof(cookie));
	ike_w_notify(&w, IKE_PROTO_ESP, spi, 4, IKE_N_REKEY_SA, NULL, 0);
	ike_w_notify(&w, 0, NULL, 0, IKE_N_INVALID_KE_PAYLOAD, (const uint8_t *)"\x00\x13", 2);
	CHECK_EQ(ike_payloads_parse(w.first, buf, ike_w_finish(&w), &pl, &why), 0);
	CHECK_EQ(pl.n, 3);
	CHECK_EQ(ike_notify_find(&pl, IKE_N_COOKIE, &n), 0);
	CHECK_EQ(n.proto, 0);
	CHECK_EQ(n.spi_len, 0);
	CHECK_EQ(n.len, 64);
	CHECK_MEM(n.data, cookie, 64);
	CHECK_EQ(ike_notify_find(&pl, IKE_N_REKEY_SA, &n), 0);
	CHECK_EQ(n.proto, IKE_PROTO_ESP);
	CHECK_EQ(n.spi_len, 4);
	CHECK_MEM(n.spi, spi, 4);
	CHECK_EQ(n.len, 0);
	CHECK_EQ(ike_notify_parse(pl.p[2].body, pl.p[2].len, &n, &why), 0);
	CHECK_EQ(n.type, IKE_N_INVALID_KE_PAYLOAD);
	CHECK_EQ(n.len, 2);
	CHECK_EQ(n.data[1], 0x13);
	/* an SPI size of 3; an SPI past the end */
	CHECK_EQ(ike_notify_parse((const uint8_t *)"\x03\x03\x40\x09xyz", 7, &n, &why), -1);
	CHECK_EQ(ike_notify_parse((const uint8_t *)"\x03\x04\x40\x09xyz", 7, &n, &why), -1);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_notify(&w, IKE_PROTO_ESP, spi, 3, IKE_N_REKEY_SA, NULL, 0);
	CHECK(w.err);
}

static void test_rt_delete(void)
{
	uint8_t buf[128], spis[12];
	struct ike_payloads pl;
	struct ike_wbuf w;
	struct ike_delete d;
	const char *why = NULL;

	fill(spis, sizeof(spis), 0x10);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_delete(&w, IKE_PROTO_ESP, 4, spis, 3);
	ike_w_delete(&w, IKE_PROTO_IKE, 0, NULL, 0);
	CHECK_EQ(ike_payloads_parse(w.first, buf, ike_w_finish(&w), &pl, &why), 0);
	CHECK_EQ(pl.n, 2);
	CHECK_EQ(pl.p[0].type, IKE_PL_DELETE);
	CHECK_EQ(ike_delete_parse(pl.p[0].body, pl.p[0].len, &d, &why), 0);
	CHECK_EQ(d.proto, IKE_PROTO_ESP);
	CHECK_EQ(d.spi_len, 4);
	CHECK_EQ(d.num, 3);
	CHECK_MEM(d.spis, spis, 12);
	CHECK_EQ(ike_delete_parse(pl.p[1].body, pl.p[1].len, &d, &why), 0);
	CHECK_EQ(d.proto, IKE_PROTO_IKE);
	CHECK_EQ(d.num, 0);
	/* num larger than the data, smaller, 65535 */
	CHECK_EQ(ike_delete_parse((const uint8_t *)"\x03\x04\x00\x03" "abcdefgh", 12, &d, &why),
		 -1);
	CHECK_EQ(ike_delete_parse((const uint8_t *)"\x03\x04\x00\x01" "abcdefgh", 12, &d, &why),
		 -1);
	CHECK_EQ(ike_delete_parse((const uint8_t *)"\x03\x04\xff\xff" "abcdefgh", 12, &d, &why),
		 -1);
	/* SPI size 0 with SPIs, SPI size 5 */
	CHECK_EQ(ike_delete_parse((const uint8_t *)"\x01\x00\x00\x02", 4, &d, &why), -1);
	CHECK_EQ(ike_delete_parse((const uint8_t *)"\x03\x05\x00\x01" "abcde", 9, &d, &why), -1);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_delete(&w, IKE_PROTO_IKE, 0, NULL, 1);
	CHECK(w.err);
}

static void l2tp_ts(struct ike_ts *ts, bool v6)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = v6 ? IKE_TS_IPV6_ADDR_RANGE : IKE_TS_IPV4_ADDR_RANGE;
	ts->proto = 17;
	ts->sport = 1701;
	ts->eport = 1701;
	fill(ts->start, v6 ? 16 : 4, 0x20);
	fill(ts->end, v6 ? 16 : 4, 0x30);
}

static void test_rt_ts(void)
{
	uint8_t buf[256];
	struct ike_ts ts[3];
	struct ike_ts_payload t;
	struct ike_payloads pl;
	struct ike_wbuf w;
	const struct ike_payload *p;
	const char *why = NULL;

	l2tp_ts(&ts[0], false);
	l2tp_ts(&ts[1], true);
	l2tp_ts(&ts[2], false);
	ts[2].proto = 0;
	ts[2].sport = 0;
	ts[2].eport = 65535;
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_ts(&w, IKE_PL_TSR, ts, 3);
	p = one_payload(&w, &pl, IKE_PL_TSR);
	CHECK(p && p->len == 4 + 16 + 40 + 16);
	CHECK(p && ike_ts_parse(p->body, p->len, &t, &why) == 0);
	CHECK_EQ(t.n, 3);
	CHECK_MEM(t.ts, ts, sizeof(ts));
	/* misuse: unknown type, none, wrong payload type */
	ts[1].type = 9;
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_ts(&w, IKE_PL_TSI, ts, 3);
	CHECK(w.err);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_ts(&w, IKE_PL_TSI, ts, 0);
	CHECK(w.err);
	ike_w_init(&w, buf, sizeof(buf));
	ike_w_ts(&w, IKE_PL_SA, ts, 1);
	CHECK(w.err);
}

static void test_rt_vendor(void)
{
	uint8_t buf[64];
	struct ike_payloads pl;
	struct ike_wbuf w;
	const struct ike_payload *p;

	ike_w_init(&w, buf, sizeof(buf));
	ike_w_vendor(&w, (const uint8_t *)"l2tpsecd-1", 10);
	p = one_payload(&w, &pl, IKE_PL_VENDOR);
	CHECK(p && p->len == 10);
	CHECK(p && memcmp(p->body, "l2tpsecd-1", 10) == 0);
}

/* IKE_AUTH request: header + SK{IDi, AUTH} with the inner writer. */
static void test_sk_writer(void)
{
	uint8_t inner[256], msg[512], mac[32], *body;
	struct ike_wbuf wi, w;
	struct ike_hdr h = { .version = IKE_VERSION, .exchange = IKE_AUTH,
			     .flags = IKE_FLAG_INITIATOR, .msgid = 1 };
	struct ike_payloads pl;
	struct ike_hdr hp;
	const char *why = NULL;
	size_t ilen, len, aad = 0;

	fill(mac, sizeof(mac), 0);
	ike_w_init(&wi, inner, sizeof(inner));
	ike_w_id(&wi, IKE_PL_IDI, IKE_ID_FQDN, (const uint8_t *)"a.example", 9);
	ike_w_auth(&wi, IKE_AUTH_PSK, mac, sizeof(mac));
	ilen = ike_w_finish(&wi);
	CHECK_EQ(ilen, 4 + 4 + 9 + 4 + 4 + 32);
	CHECK_EQ(wi.first, IKE_PL_IDI);
	memcpy(h.spi_i, spi_i, 8);
	memset(h.spi_r, 0x77, 8);
	ike_w_init(&w, msg, sizeof(msg));
	ike_w_hdr(&w, &h);
	body = ike_w_sk(&w, wi.first, 8 + ilen + 16, &aad);
	CHECK(body != NULL);
	CHECK_EQ(aad, 32);
	CHECK(body == msg + 32);
	len = ike_w_finish(&w);
	CHECK_EQ(len, 32 + 8 + ilen + 16);
	CHECK_EQ(msg[16], IKE_PL_SK);
	CHECK_EQ(msg[28], IKE_PL_IDI);
	CHECK_EQ(ike_hdr_parse(msg, len, &hp, &why), 0);
	CHECK_EQ(hp.msgid, 1);
	CHECK_EQ(ike_payloads_parse(hp.next, msg + 28, len - 28, &pl, &why), 0);
	CHECK_EQ(pl.n, 1);
	CHECK_EQ(pl.sk_inner, IKE_PL_IDI);
	CHECK(pl.p[0].body == body);
	CHECK_EQ(pl.p[0].len, 8 + ilen + 16);
	/* the plaintext chain parses with sk_inner */
	CHECK_EQ(ike_payloads_parse(pl.sk_inner, inner, ilen, &pl, &why), 0);
	CHECK_EQ(pl.n, 2);
	/* nothing after SK */
	CHECK_EQ(ike_w_begin(&w, IKE_PL_NOTIFY, false), SIZE_MAX);
	CHECK(w.err);
	CHECK_EQ(ike_w_finish(&w), 0);
	/* an empty SK (INFORMATIONAL liveness check) */
	ike_w_init(&w, msg, sizeof(msg));
	ike_w_hdr(&w, &h);
	CHECK(ike_w_sk(&w, IKE_PL_NONE, 32, &aad) != NULL);
	CHECK_EQ(ike_w_finish(&w), 28 + 4 + 32);
	CHECK_EQ(ike_payloads_parse(IKE_PL_SK, msg + 28, 36, &pl, &why), 0);
	CHECK_EQ(pl.sk_inner, 0);
	/* an SK body larger than the buffer */
	ike_w_init(&w, msg, sizeof(msg));
	ike_w_hdr(&w, &h);
	CHECK(ike_w_sk(&w, IKE_PL_NONE, 70000, &aad) == NULL);
	CHECK(w.err);
}

/* ------------------------------------------ truncated and oversized */

/* Must fail on every proper prefix of b[0..len) (ASan checks the bounds). */
#define ALL_PREFIXES_FAIL(fn, out, b, len) do {				\
	for (size_t _l = 0; _l < (len); _l++) {				\
		uint8_t *_c = dup_exact((b), _l);			\
		const char *_why = NULL;				\
		if (fn(_c, _l, (out), &_why) != -1 || !_why) {		\
			fprintf(stderr, "  %s accepts %zu of %zu bytes\n", #fn, _l, \
				(size_t)(len));				\
			CHECK(0);					\
		}							\
		free(_c);						\
	}								\
} while (0)

static void test_truncated(void)
{
	uint8_t b[512];
	struct ike_sa_payload sa;
	struct ike_ts_payload ts;
	struct ike_delete d;
	struct ike_ke ke;
	struct ike_id id;
	struct ike_auth a;
	struct ike_cert c;
	struct ike_notify n;
	long len;

	/* the SA payload body of the SA_INIT message and one with two proposals */
	len = test_unhex("00 00 0024 01 01 00 03  03 00 000c 01 00 0014 800e 0100"
			 "03 00 0008 02 00 0005  00 00 0008 04 00 001f", b, sizeof(b));
	CHECK_EQ(ike_sa_parse(b, (size_t)len, &sa, NULL), 0);
	ALL_PREFIXES_FAIL(ike_sa_parse, &sa, b, (size_t)len);
	len = test_unhex("02 00 0014 01 03 04 01 11223344 00 00 0008 01 00 0014"
			 "00 00 0014 02 03 04 01 55667788 00 00 0008 05 00 0000", b, sizeof(b));
	CHECK_EQ(ike_sa_parse(b, (size_t)len, &sa, NULL), 0);
	CHECK_EQ(sa.n, 2);
	ALL_PREFIXES_FAIL(ike_sa_parse, &sa, b, (size_t)len);
	/* TS: IPv4 and IPv6 ranges */
	len = test_unhex("02 000000 07 11 0010 06a5 06a5 c0000201 c0000201"
			 "08 00 0028 0000 ffff 20010db8000000000000000000000001"
			 "20010db8000000000000000000000002", b, sizeof(b));
	CHECK_EQ(ike_ts_parse(b, (size_t)len, &ts, NULL), 0);
	CHECK_EQ(ts.n, 2);
	ALL_PREFIXES_FAIL(ike_ts_parse, &ts, b, (size_t)len);
	/* Delete of 2 ESP SPIs */
	len = test_unhex("03 04 0002 11111111 22222222", b, sizeof(b));
	CHECK_EQ(ike_delete_parse(b, (size_t)len, &d, NULL), 0);
	ALL_PREFIXES_FAIL(ike_delete_parse, &d, b, (size_t)len);
	/* Payloads ending with opaque data: every prefix of the fixed part fails */
	len = test_unhex("001f 0000 aa", b, sizeof(b));
	CHECK_EQ(ike_ke_parse(b, (size_t)len, &ke, NULL), 0);
	ALL_PREFIXES_FAIL(ike_ke_parse, &ke, b, (size_t)len);
	len = test_unhex("01 000000 c0000201", b, sizeof(b));
	CHECK_EQ(ike_id_parse(b, (size_t)len, &id, NULL), 0);
	ALL_PREFIXES_FAIL(ike_id_parse, &id, b, (size_t)len);
	len = test_unhex("02 000000 aa", b, sizeof(b));
	CHECK_EQ(ike_auth_parse(b, (size_t)len, &a, NULL), 0);
	ALL_PREFIXES_FAIL(ike_auth_parse, &a, b, (size_t)len);
	len = test_unhex("04", b, sizeof(b));
	CHECK_EQ(ike_cert_parse(b, (size_t)len, &c, NULL), 0);
	ALL_PREFIXES_FAIL(ike_cert_parse, &c, b, (size_t)len);
	len = test_unhex("03 04 4009 aabbccdd", b, sizeof(b));
	CHECK_EQ(ike_notify_parse(b, (size_t)len, &n, NULL), 0);
	ALL_PREFIXES_FAIL(ike_notify_parse, &n, b, (size_t)len);
	/* longer opaque data: the prefixes that are still well-formed point into the prefix */
	len = test_unhex("03 04 4009 aabbccdd 0102030405", b, sizeof(b));
	for (size_t l = 0; l <= (size_t)len; l++) {
		uint8_t *cp = dup_exact(b, l);
		int rc = ike_notify_parse(cp, l, &n, NULL);

		CHECK_EQ(rc, l >= 8 ? 0 : -1);
		if (!rc)
			CHECK(n.data + n.len == cp + l);
		free(cp);
	}
}

/* An SA payload of one proposal with nt transforms of 8 bytes (ENCR ids 1..nt). */
static size_t sa_with_transforms(uint8_t *b, unsigned int nt)
{
	size_t len = 8 + 8 * nt;

	memset(b, 0, len);
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[4] = 1;
	b[5] = IKE_PROTO_IKE;
	b[7] = (uint8_t)nt;
	for (unsigned int i = 0; i < nt; i++) {
		uint8_t *t = b + 8 + 8 * i;

		t[0] = i + 1 == nt ? 0 : 3;
		t[3] = 8;
		t[4] = IKE_TRANS_ENCR;
		t[7] = (uint8_t)(i + 1);
	}
	return len;
}

static void test_sa_oversized(void)
{
	uint8_t b[2048];
	struct ike_sa_payload sa;
	const char *why = NULL;
	size_t len, off;
	long n;

	/* 40 transforms: the first 32 kept */
	len = sa_with_transforms(b, 40);
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), 0);
	CHECK_EQ(sa.n, 1);
	CHECK_EQ(sa.prop[0].nt, IKE_MAX_TRANSFORMS);
	CHECK_EQ(sa.prop[0].t[31].id, 32);
	/* num transforms says 41 / 39 */
	b[7] = 41;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[7] = 39;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	/* 20 proposals: 16 kept */
	off = 0;
	for (unsigned int i = 0; i < 20; i++) {
		len = sa_with_transforms(b + off, 1);
		b[off] = i == 19 ? 0 : 2;
		b[off + 4] = (uint8_t)(i + 1);
		off += len;
	}
	CHECK_EQ(ike_sa_parse(b, off, &sa, &why), 0);
	CHECK_EQ(sa.n, IKE_MAX_PROPOSALS);
	CHECK_EQ(sa.prop[15].num, 16);
	/* ... but the 20th is still checked */
	b[off - 16 + 4] = 22;
	CHECK_EQ(ike_sa_parse(b, off, &sa, &why), -1);
	CHECK_EQ(sa.n, 0);
	/* proposal length past the end, below 8, shorter than its transforms */
	len = sa_with_transforms(b, 2);
	b[3] = (uint8_t)(len + 1);
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[2] = 0xff;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[2] = 0;
	b[3] = 7;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[3] = (uint8_t)(len - 1);
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[3] = (uint8_t)len;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), 0);
	/* transform length < 8, past the proposal */
	b[8 + 3] = 7;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[8 + 3] = 0;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[8 + 3] = 17;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[8 + 3] = 8;
	/* last-substructure bytes: 0 on a non-last transform, 3 on the last, 1 */
	b[8] = 0;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[8] = 3;
	b[16] = 3;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[16] = 0;
	b[0] = 1;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[0] = 2;	/* says another proposal follows, none does */
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[0] = 0;
	/* proposal numbering: 0, 2; SPI size 3 */
	b[4] = 0;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[4] = 2;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[4] = 1;
	b[6] = 3;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), -1);
	b[6] = 0;
	CHECK_EQ(ike_sa_parse(b, len, &sa, &why), 0);
	/* empty SA payload; data after the last proposal */
	CHECK_EQ(ike_sa_parse(b, 0, &sa, &why), -1);
	b[len] = 0;
	CHECK_EQ(ike_sa_parse(b, len + 1, &sa, &why), -1);
	/* attributes: TLV form (dropped), unknown TV (dropped), KEY_LENGTH twice (dropped),
	 * KEY_LENGTH 0 (dropped), KEY_LENGTH 128 (kept) */
	n = test_unhex("00 00 004a 01 01 00 05"
		       "03 00 000e 01 00 000c 000e 0002 0080"
		       "03 00 000c 01 00 000c 8001 0001"
		       "03 00 0010 01 00 000c 800e 0080 800e 0100"
		       "03 00 000c 01 00 000c 800e 0000"
		       "00 00 000c 01 00 0014 800e 0080", b, sizeof(b));
	CHECK_EQ(n, 74);
	CHECK_EQ(ike_sa_parse(b, (size_t)n, &sa, &why), 0);
	CHECK_EQ(sa.prop[0].nt, 1);
	CHECK_EQ(sa.prop[0].t[0].id, IKE_ENCR_AES_GCM_16);
	CHECK_EQ(sa.prop[0].t[0].key_bits, 128);
	/* a TLV attribute whose length runs past the transform */
	b[8 + 8 + 3] = 3;
	CHECK_EQ(ike_sa_parse(b, (size_t)n, &sa, &why), -1);
	b[8 + 8 + 3] = 2;
	CHECK_EQ(ike_sa_parse(b, (size_t)n, &sa, &why), 0);
	/* an attribute cut in half */
	n = test_unhex("00 00 0012 01 01 00 01  00 00 000a 01 00 0014 800e", b, sizeof(b));
	CHECK_EQ(ike_sa_parse(b, (size_t)n, &sa, &why), -1);
}

static void test_ts_oversized(void)
{
	uint8_t b[4096];
	struct ike_ts_payload t;
	const char *why = NULL;
	size_t len = 4 + 200 * 16;

	/* 200 IPv4 selectors */
	memset(b, 0, len);
	b[0] = 200;
	for (size_t i = 0; i < 200; i++) {
		b[4 + 16 * i] = IKE_TS_IPV4_ADDR_RANGE;
		b[4 + 16 * i + 3] = 16;
	}
	CHECK_EQ(ike_ts_parse(b, len, &t, &why), -1);
	CHECK_EQ(t.n, 0);
	/* 16 is the limit */
	b[0] = 16;
	CHECK_EQ(ike_ts_parse(b, 4 + 16 * 16, &t, &why), 0);
	CHECK_EQ(t.n, 16);
	/* count larger / smaller than the selectors */
	b[0] = 3;
	CHECK_EQ(ike_ts_parse(b, 4 + 2 * 16, &t, &why), -1);
	b[0] = 1;
	CHECK_EQ(ike_ts_parse(b, 4 + 2 * 16, &t, &why), -1);
	b[0] = 0;
	CHECK_EQ(ike_ts_parse(b, 4, &t, &why), -1);
	/* selector length not 16 for IPv4, type 9 (FC), IPv6 with length 16 */
	b[0] = 1;
	b[7] = 24;
	CHECK_EQ(ike_ts_parse(b, 4 + 24, &t, &why), -1);
	b[7] = 16;
	b[4] = 9;
	CHECK_EQ(ike_ts_parse(b, 4 + 16, &t, &why), -1);
	b[4] = IKE_TS_IPV6_ADDR_RANGE;
	CHECK_EQ(ike_ts_parse(b, 4 + 16, &t, &why), -1);
	b[7] = 40;
	CHECK_EQ(ike_ts_parse(b, 4 + 40, &t, &why), 0);
	CHECK_EQ(ike_ts_parse(b, 4 + 39, &t, &why), -1);
}

/* --------------------------------------------------------- writer */

static void test_writer_overflow(void)
{
	uint8_t full[512];
	struct ike_wbuf w;
	size_t need = build_sa_init(full, sizeof(full), &w);

	CHECK_EQ(need, 226);
	for (size_t cap = 0; cap < need; cap++) {
		uint8_t *b = malloc(cap + 16);

		if (!b)
			return;
		memset(b, 0xa5, cap + 16);
		CHECK_EQ(build_sa_init(b, cap, &w), 0);
		CHECK(w.err);
		CHECK(w.len <= cap);
		for (size_t i = cap; i < cap + 16; i++)
			if (b[i] != 0xa5) {
				fprintf(stderr, "  cap %zu: byte %zu written\n", cap, i);
				CHECK(0);
				break;
			}
		/* what was written before the overflow is a prefix of the full message,
		 * except for next-payload bytes and lengths patched later */
		CHECK(cap < 28 || memcmp(b, full, 16) == 0);
		free(b);
	}
	/* exactly enough */
	{
		uint8_t *b = malloc(need);

		CHECK(b && build_sa_init(b, need, &w) == need && !w.err);
		CHECK(b && memcmp(b, full, need) == 0);
		free(b);
	}
	/* the error sticks */
	{
		uint8_t b[8];

		ike_w_init(&w, b, sizeof(b));
		ike_w_bytes(&w, full, 9);
		CHECK(w.err);
		ike_w_u8(&w, 1);
		CHECK_EQ(w.len, 0);
		CHECK_EQ(ike_w_begin(&w, IKE_PL_NONCE, false), SIZE_MAX);
		ike_w_end(&w, 0);
		CHECK(ike_w_sk(&w, 0, 0, NULL) == NULL);
		CHECK_EQ(ike_w_finish(&w), 0);
	}
}

static void test_writer_misuse(void)
{
	uint8_t b[256];
	struct ike_wbuf w;
	struct ike_hdr h = { .version = IKE_VERSION };
	size_t s;

	/* header after a payload */
	ike_w_init(&w, b, sizeof(b));
	ike_w_nonce(&w, (const uint8_t *)"0123456789abcdef", 16);
	ike_w_hdr(&w, &h);
	CHECK(w.err);
	/* raw bytes before the first payload without a header */
	ike_w_init(&w, b, sizeof(b));
	ike_w_u8(&w, 1);
	CHECK_EQ(ike_w_begin(&w, IKE_PL_NONCE, false), SIZE_MAX);
	CHECK(w.err);
	/* a payload of more than 65535 bytes */
	{
		static uint8_t big[70000], src[65532];

		ike_w_init(&w, big, sizeof(big));
		s = ike_w_begin(&w, IKE_PL_VENDOR, false);
		ike_w_bytes(&w, src, sizeof(src));
		ike_w_end(&w, s);
		CHECK(w.err);
	}
	/* a bad start offset */
	ike_w_init(&w, b, sizeof(b));
	ike_w_end(&w, 5);
	CHECK(w.err);
	/* a NULL source with a length */
	ike_w_init(&w, b, sizeof(b));
	ike_w_nonce(&w, NULL, 4);
	CHECK(w.err);
	/* the critical bit */
	ike_w_init(&w, b, sizeof(b));
	s = ike_w_begin(&w, 200, true);
	ike_w_end(&w, s);
	CHECK_EQ(ike_w_finish(&w), 4);
	CHECK_EQ(b[1], 0x80);
	CHECK_EQ(w.first, 200);
}

static void test_names(void)
{
	CHECK_STR(ike_exchange_name(IKE_SA_INIT), "IKE_SA_INIT");
	CHECK_STR(ike_exchange_name(IKE_INFORMATIONAL), "INFORMATIONAL");
	CHECK_STR(ike_exchange_name(99), "UNKNOWN(99)");
	CHECK_STR(ike_payload_name(IKE_PL_IDI), "IDi");
	CHECK_STR(ike_payload_name(IKE_PL_SKF), "SKF");
	CHECK_STR(ike_payload_name(250), "UNKNOWN(250)");
	CHECK_STR(ike_notify_name(IKE_N_NAT_DETECTION_SOURCE_IP), "N(NAT_DETECTION_SOURCE_IP)");
	CHECK_STR(ike_notify_name(IKE_N_NO_PROPOSAL_CHOSEN), "N(NO_PROPOSAL_CHOSEN)");
	CHECK_STR(ike_notify_name(12345), "N(12345)");
	CHECK_STR(ike_transform_name(IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16), "AES_GCM_16");
	CHECK_STR(ike_transform_name(IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_384), "PRF_HMAC_SHA2_384");
	CHECK_STR(ike_transform_name(IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_512_256),
		  "HMAC_SHA2_512_256");
	CHECK_STR(ike_transform_name(IKE_TRANS_DH, IKE_DH_CURVE25519), "CURVE25519");
	CHECK_STR(ike_transform_name(IKE_TRANS_ESN, IKE_ESN_YES), "ESN");
	CHECK_STR(ike_transform_name(IKE_TRANS_ENCR, 3), "UNKNOWN(1:3)");
	CHECK_STR(ike_transform_name(9, 1), "UNKNOWN(9:1)");
}

const struct test_case ike_msg_tests[] = {
	T(test_hdr_parse),
	T(test_chain_basic),
	T(test_chain_errors),
	T(test_chain_sk_last),
	T(test_sa_init_wire),
	T(test_rt_sa),
	T(test_rt_ke),
	T(test_rt_nonce),
	T(test_rt_id),
	T(test_rt_auth),
	T(test_rt_cert),
	T(test_rt_notify),
	T(test_rt_delete),
	T(test_rt_ts),
	T(test_rt_vendor),
	T(test_sk_writer),
	T(test_truncated),
	T(test_sa_oversized),
	T(test_ts_oversized),
	T(test_writer_overflow),
	T(test_writer_misuse),
	T(test_names),
	T_END
};
