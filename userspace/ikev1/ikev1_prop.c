// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 transforms <-> the conn's IKEv2-style proposals (ikev1_prop.h).
 */
#include <stdio.h>
#include <string.h>

#include "ikev1_prop.h"
#include "negotiate.h"
#include "proposal.h"

/* --- value maps --- */

static uint16_t p1_encr_to_ike(uint16_t e)
{
	return e == IKEV1_ENCR_AES ? IKE_ENCR_AES_CBC : e == IKEV1_ENCR_3DES ? IKE_ENCR_3DES : 0;
}

static uint16_t esp_to_ike(uint8_t id)
{
	switch (id) {
	case IKEV1_ESP_AES:
		return IKE_ENCR_AES_CBC;
	case IKEV1_ESP_3DES:
		return IKE_ENCR_3DES;
	case IKEV1_ESP_AES_GCM_16:
		return IKE_ENCR_AES_GCM_16;
	default:
		return 0;
	}
}

static uint8_t ike_to_esp(uint16_t encr)
{
	switch (encr) {
	case IKE_ENCR_AES_CBC:
		return IKEV1_ESP_AES;
	case IKE_ENCR_3DES:
		return IKEV1_ESP_3DES;
	case IKE_ENCR_AES_GCM_16:
		return IKEV1_ESP_AES_GCM_16;
	default:
		return 0;
	}
}

static const struct {
	uint16_t hash, integ, prf, auth_alg;
} hashes[] = {
	{ IKEV1_HASH_SHA1, IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1,
	  IKEV1_AUTH_ALG_HMAC_SHA },
	{ IKEV1_HASH_SHA2_256, IKE_INTEG_HMAC_SHA2_256_128, IKE_PRF_HMAC_SHA2_256,
	  IKEV1_AUTH_ALG_HMAC_SHA2_256 },
	{ IKEV1_HASH_SHA2_384, IKE_INTEG_HMAC_SHA2_384_192, IKE_PRF_HMAC_SHA2_384,
	  IKEV1_AUTH_ALG_HMAC_SHA2_384 },
	{ IKEV1_HASH_SHA2_512, IKE_INTEG_HMAC_SHA2_512_256, IKE_PRF_HMAC_SHA2_512,
	  IKEV1_AUTH_ALG_HMAC_SHA2_512 },
};

static int hash_idx_by_hash(uint16_t h)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].hash == h)
			return (int)i;
	return -1;
}

static int hash_idx_by_integ(uint16_t integ)
{
	if (integ == IKE_INTEG_HMAC_SHA2_256_96)
		integ = IKE_INTEG_HMAC_SHA2_256_128;
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].integ == integ)
			return (int)i;
	return -1;
}

static int hash_idx_by_auth_alg(uint16_t a)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].auth_alg == a)
			return (int)i;
	return -1;
}

bool ikev1_encap_transport(uint16_t encap)
{
	return encap == IKEV1_ENCAP_TRANSPORT || ikev1_encap_udp(encap);
}

bool ikev1_encap_udp(uint16_t encap)
{
	return encap == IKEV1_ENCAP_UDP_TRANSPORT || encap == IKEV1_ENCAP_UDP_TRANSPORT_DRAFT;
}

/* --- decoding --- */

static int set_once(uint32_t *seen, unsigned int type, const char **why)
{
	if (type >= 32 || (*seen & (1u << type))) {
		*why = "attribute repeated or unknown";
		return -1;
	}
	*seen |= 1u << type;
	return 0;
}

/* A life type followed by its duration (RFC 2409 appendix A: pairs). */
static int life_pair(uint16_t *pending_type, const struct ikev1_attr *at, uint32_t *s,
		     uint64_t *kb, const char **why)
{
	uint64_t v;

	if (ikev1_attr_u64(at, &v)) {
		*why = "bad life duration";
		return -1;
	}
	if (*pending_type == IKEV1_LIFE_SECONDS)
		*s = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	else if (*pending_type == IKEV1_LIFE_KILOBYTES)
		*kb = v;
	else {
		*why = "life duration without a life type";
		return -1;
	}
	*pending_type = 0;
	return 0;
}

/* Where a transform's attribute of a type goes (16-bit values). */
struct attr_slot {
	uint16_t type;
	uint16_t *dst;
};

/*
 * The attributes of a transform: life type/duration pairs into *life_s /
 * *life_kb, every other attribute once, into its slot; any other type is
 * refused. 0, or -1 with *why.
 */
static int decode_attrs(const struct ikev1_transform *t, uint16_t a_life_type,
			uint16_t a_life_dur, const struct attr_slot *slots, size_t n,
			uint32_t *life_s, uint64_t *life_kb, const char **why)
{
	struct ikev1_attr at;
	size_t off = 0, i;
	uint16_t life_type = 0;
	uint32_t seen = 0;
	uint64_t v;
	int rc;

	while ((rc = ikev1_attr_next(t->attrs, t->attrs_len, &off, &at, why)) == 1) {
		if (at.type == a_life_type) {
			if (life_type || !at.tv) {
				*why = "life type without a duration";
				return -1;
			}
			life_type = at.val;
			continue;
		}
		if (at.type == a_life_dur) {
			if (life_pair(&life_type, &at, life_s, life_kb, why))
				return -1;
			continue;
		}
		if (set_once(&seen, at.type, why) || ikev1_attr_u64(&at, &v) || v > UINT16_MAX) {
			*why = "attribute repeated, unknown or out of range";
			return -1;
		}
		for (i = 0; i < n && slots[i].type != at.type; i++)
			;
		if (i == n) {
			*why = "unsupported attribute";
			return -1;
		}
		*slots[i].dst = (uint16_t)v;
	}
	if (rc < 0)
		return -1;
	if (life_type) {
		*why = "life type without a duration";
		return -1;
	}
	return 0;
}

int ikev1_p1_decode(const struct ikev1_transform *t, struct ikev1_p1 *p, const char **why)
{
	/* PRF, group type/prime/curves, field size: not taken */
	const struct attr_slot slots[] = {
		{ IKEV1_A_ENCR, &p->encr }, { IKEV1_A_HASH, &p->hash },
		{ IKEV1_A_AUTH, &p->auth }, { IKEV1_A_GROUP_DESC, &p->group },
		{ IKEV1_A_KEY_LENGTH, &p->key_bits },
	};

	memset(p, 0, sizeof(*p));
	if (t->id != IKEV1_KEY_IKE) {
		*why = "transform id is not KEY_IKE";
		return -1;
	}
	if (decode_attrs(t, IKEV1_A_LIFE_TYPE, IKEV1_A_LIFE_DURATION, slots,
			 sizeof(slots) / sizeof(slots[0]), &p->life_s, &p->life_kb, why))
		return -1;
	if (!p->encr || !p->hash || !p->auth || !p->group) {
		*why = "cipher, hash, authentication method or group missing";
		return -1;
	}
	return 0;
}

int ikev1_p2_decode(const struct ikev1_transform *t, struct ikev1_p2 *p, const char **why)
{
	const struct attr_slot slots[] = {
		{ IKEV1_A2_GROUP_DESC, &p->group }, { IKEV1_A2_ENCAP_MODE, &p->encap },
		{ IKEV1_A2_AUTH_ALG, &p->auth_alg }, { IKEV1_A2_KEY_LENGTH, &p->key_bits },
	};

	memset(p, 0, sizeof(*p));
	p->esp_id = t->id;
	if (decode_attrs(t, IKEV1_A2_LIFE_TYPE, IKEV1_A2_LIFE_DURATION, slots,
			 sizeof(slots) / sizeof(slots[0]), &p->life_s, &p->life_kb, why))
		return -1;
	if (!p->encap)
		p->encap = IKEV1_ENCAP_TUNNEL;	/* RFC 2407 4.5: the default */
	return 0;
}

/* --- as IKEv2 transform sets --- */

static void add_t(struct ike_proposal *p, uint8_t type, uint16_t id, uint16_t bits)
{
	if (p->nt < IKE_MAX_TRANSFORMS)
		p->t[p->nt++] = (struct ike_transform){ .type = type, .id = id, .key_bits = bits };
}

static bool p1_to_ike(const struct ikev1_p1 *p1, struct ike_proposal *out)
{
	int h = hash_idx_by_hash(p1->hash);
	uint16_t e = p1_encr_to_ike(p1->encr);

	memset(out, 0, sizeof(*out));
	out->num = 1;
	out->proto = IKE_PROTO_IKE;
	if (h < 0 || !e || (e == IKE_ENCR_AES_CBC && !p1->key_bits))
		return false;
	add_t(out, IKE_TRANS_ENCR, e, e == IKE_ENCR_3DES ? 0 : p1->key_bits);
	add_t(out, IKE_TRANS_PRF, hashes[h].prf, 0);
	add_t(out, IKE_TRANS_INTEG, hashes[h].integ, 0);
	add_t(out, IKE_TRANS_DH, p1->group, 0);
	return true;
}

/* Does the conn allow INTEG id anywhere in its ESP proposals? */
static bool conn_esp_has(const struct conf_conn *conn, uint16_t integ)
{
	for (unsigned int i = 0; i < conn->n_esp; i++)
		for (unsigned int t = 0; t < conn->esp[i].nt; t++)
			if (conn->esp[i].t[t].type == IKE_TRANS_INTEG && conn->esp[i].t[t].id == integ)
				return true;
	return false;
}

static bool p2_to_ike(const struct conf_conn *conn, const struct ikev1_p2 *p2,
		      struct ike_proposal *out)
{
	uint16_t e = esp_to_ike(p2->esp_id);
	int h = p2->auth_alg ? hash_idx_by_auth_alg(p2->auth_alg) : -1;

	memset(out, 0, sizeof(*out));
	out->num = 1;
	out->proto = IKE_PROTO_ESP;
	out->spi_len = 4;
	if (!e || (e != IKE_ENCR_3DES && !p2->key_bits) || (p2->auth_alg && h < 0))
		return false;
	add_t(out, IKE_TRANS_ENCR, e, e == IKE_ENCR_3DES ? 0 : p2->key_bits);
	if (h >= 0) {
		uint16_t integ = hashes[h].integ;

		/* SHA2-256 with the 96-bit ICV only where the conn asks for it (Android) */
		if (integ == IKE_INTEG_HMAC_SHA2_256_128 &&
		    conn_esp_has(conn, IKE_INTEG_HMAC_SHA2_256_96) &&
		    !conn_esp_has(conn, IKE_INTEG_HMAC_SHA2_256_128))
			integ = IKE_INTEG_HMAC_SHA2_256_96;
		add_t(out, IKE_TRANS_INTEG, integ, 0);
	}
	add_t(out, IKE_TRANS_ESN, IKE_ESN_NO, 0);
	return true;
}

static bool auth_ok(uint16_t want, uint16_t got)
{
	if (want == IKEV1_AUTH_PSK)
		return got == IKEV1_AUTH_PSK;
	return got == IKEV1_AUTH_RSA_SIG;	/* ECDSA (RFC 4754): not implemented */
}

static void append(char *buf, size_t cap, const char *s)
{
	size_t l = strlen(buf);

	if (l + 1 < cap)
		snprintf(buf + l, cap - l, "%s%s", l ? ", " : "", s);
}

static const char *dh_name(uint16_t g, char *tmp, size_t cap)
{
	switch (g) {
	case 2: return "MODP_1024";
	case 5: return "MODP_1536";
	case 14: return "MODP_2048";
	case 15: return "MODP_3072";
	case 16: return "MODP_4096";
	case 19: return "ECP_256";
	case 20: return "ECP_384";
	case 21: return "ECP_521";
	case 31: return "CURVE_25519";
	default:
		snprintf(tmp, cap, "GROUP%u", g);
		return tmp;
	}
}

static const char *hash_name(uint16_t h)
{
	switch (h) {
	case IKEV1_HASH_MD5: return "MD5";
	case IKEV1_HASH_SHA1: return "SHA1";
	case IKEV1_HASH_SHA2_256: return "SHA2_256";
	case IKEV1_HASH_SHA2_384: return "SHA2_384";
	case IKEV1_HASH_SHA2_512: return "SHA2_512";
	default: return "HASH?";
	}
}

void ikev1_p1_str(const struct ikev1_p1 *p, char *out, size_t cap)
{
	char g[16];
	const char *e = p->encr == IKEV1_ENCR_AES ? "AES_CBC" :
			p->encr == IKEV1_ENCR_3DES ? "3DES" :
			p->encr == IKEV1_ENCR_DES ? "DES" : "ENCR?";

	if (p->encr == IKEV1_ENCR_AES)
		snprintf(out, cap, "%s_%u/%s/%s", e, p->key_bits, hash_name(p->hash),
			 dh_name(p->group, g, sizeof(g)));
	else
		snprintf(out, cap, "%s/%s/%s", e, hash_name(p->hash),
			 dh_name(p->group, g, sizeof(g)));
}

void ikev1_p2_str(const struct ikev1_p2 *p, char *out, size_t cap)
{
	const char *e = p->esp_id == IKEV1_ESP_AES ? "AES_CBC" :
			p->esp_id == IKEV1_ESP_3DES ? "3DES" :
			p->esp_id == IKEV1_ESP_AES_GCM_16 ? "AES_GCM_16" :
			p->esp_id == IKEV1_ESP_DES ? "DES" : "ESP?";
	const char *a = p->auth_alg == IKEV1_AUTH_ALG_HMAC_SHA ? "/HMAC_SHA1" :
			p->auth_alg == IKEV1_AUTH_ALG_HMAC_SHA2_256 ? "/HMAC_SHA2_256" :
			p->auth_alg == IKEV1_AUTH_ALG_HMAC_SHA2_384 ? "/HMAC_SHA2_384" :
			p->auth_alg == IKEV1_AUTH_ALG_HMAC_SHA2_512 ? "/HMAC_SHA2_512" :
			p->auth_alg == IKEV1_AUTH_ALG_HMAC_MD5 ? "/HMAC_MD5" :
			p->auth_alg ? "/AUTH?" : "";
	char g[24] = "", tmp[16];

	if (p->group)
		snprintf(g, sizeof(g), "/PFS_%s", dh_name(p->group, tmp, sizeof(tmp)));
	if (p->key_bits)
		snprintf(out, cap, "%s_%u%s%s", e, p->key_bits, a, g);
	else
		snprintf(out, cap, "%s%s%s", e, a, g);
}

int ikev1_p1_choose(const struct conf_conn *conn, const struct ikev1_sa *sa,
		    struct ikev1_choice *c, char *why, size_t whylen)
{
	uint16_t want = conn->auth == CONF_AUTH_PSK ? IKEV1_AUTH_PSK : IKEV1_AUTH_RSA_SIG;
	char offered[512] = "", one[64], allowed[512];

	for (unsigned int i = 0; i < sa->np_kept; i++) {
		const struct ikev1_proposal *pr = &sa->p[i];

		if (pr->proto != IKEV1_PROTO_ISAKMP)
			continue;
		for (unsigned int j = 0; j < pr->nt_kept; j++) {
			struct ike_proposal ip;
			const char *w = NULL;

			if (ikev1_p1_decode(&pr->t[j], &c->p1, &w)) {
				append(offered, sizeof(offered), w);
				continue;
			}
			ikev1_p1_str(&c->p1, one, sizeof(one));
			append(offered, sizeof(offered), one);
			if (!auth_ok(want, c->p1.auth) || !p1_to_ike(&c->p1, &ip))
				continue;
			if (nego_choose(conn->ike, conn->n_ike, &ip, 1, IKE_PROTO_IKE, false,
					&c->chosen))
				continue;
			c->prop = i;
			c->trans = j;
			return 0;
		}
	}
	proposal_list_str(conn->ike, conn->n_ike, allowed, sizeof(allowed));
	snprintf(why, whylen, "peer offered %s (authentication %s); %s allows %s",
		 offered[0] ? offered : "nothing", want == IKEV1_AUTH_PSK ? "psk" : "signatures",
		 conn->name, allowed);
	return -1;
}

static bool p2_group_ok(const struct conf_conn *conn, uint16_t group)
{
	for (unsigned int i = 0; i < conn->n_ike; i++)
		if (nego_dh_offered(&conn->ike[i], 1, group))
			return true;
	for (unsigned int i = 0; i < conn->n_esp; i++)
		if (nego_dh_offered(&conn->esp[i], 1, group))
			return true;
	return false;
}

int ikev1_p2_choose(const struct conf_conn *conn, const struct ikev1_sa *sa, bool natt,
		    uint16_t pfs_group, struct ikev1_choice *c, char *why, size_t whylen)
{
	char offered[512] = "", one[64], allowed[512];

	for (unsigned int i = 0; i < sa->np_kept; i++) {
		const struct ikev1_proposal *pr = &sa->p[i];

		if (pr->proto != IKEV1_PROTO_IPSEC_ESP || pr->spi_len != 4)
			continue;
		/* a second protocol under the same number (AH+ESP bundles): not taken */
		if ((i + 1 < sa->np_kept && sa->p[i + 1].num == pr->num) ||
		    (i && sa->p[i - 1].num == pr->num))
			continue;
		for (unsigned int j = 0; j < pr->nt_kept; j++) {
			struct ike_proposal ip;
			const char *w = NULL;

			if (ikev1_p2_decode(&pr->t[j], &c->p2, &w)) {
				append(offered, sizeof(offered), w);
				continue;
			}
			ikev1_p2_str(&c->p2, one, sizeof(one));
			append(offered, sizeof(offered), one);
			if (!ikev1_encap_transport(c->p2.encap) ||
			    ikev1_encap_udp(c->p2.encap) != natt)
				continue;
			if (c->p2.group != pfs_group ||
			    (pfs_group && !p2_group_ok(conn, pfs_group)))
				continue;
			if (!p2_to_ike(conn, &c->p2, &ip))
				continue;
			memcpy(ip.spi, pr->spi, 4);
			if (nego_choose(conn->esp, conn->n_esp, &ip, 1, IKE_PROTO_ESP, true,
					&c->chosen))
				continue;
			c->chosen.dh = pfs_group;
			c->prop = i;
			c->trans = j;
			return 0;
		}
	}
	proposal_list_str(conn->esp, conn->n_esp, allowed, sizeof(allowed));
	snprintf(why, whylen, "peer offered %s (%s transport mode%s); %s allows %s",
		 offered[0] ? offered : "nothing", natt ? "UDP-encapsulated" : "plain",
		 pfs_group ? ", PFS" : "", conn->name, allowed);
	return -1;
}

/* --- offers --- */

struct store {
	uint8_t *p;
	size_t used;
};

static void offer_transform(struct ikev1_proposal *p, struct store *st, uint8_t id,
			    void (*attrs)(struct ike_wbuf *w, const void *arg), const void *arg)
{
	struct ike_wbuf w;
	struct ikev1_transform *t;

	if (p->nt >= IKEV1_MAX_TRANSFORMS || st->used + 48 > IKEV1_OFFER_STORE)
		return;
	ike_w_init(&w, st->p + st->used, 48);
	attrs(&w, arg);
	if (w.err)
		return;
	t = &p->t[p->nt++];
	memset(t, 0, sizeof(*t));
	t->num = (uint8_t)p->nt;
	t->id = id;
	t->attrs = st->p + st->used;
	t->attrs_len = w.len;
	st->used += w.len;
	p->nt_kept = p->nt;
}

struct p1_args {
	uint16_t encr, bits, hash, auth, group;
	uint32_t life;
};

static void p1_attrs(struct ike_wbuf *w, const void *arg)
{
	const struct p1_args *a = arg;

	ikev1_w_attr(w, IKEV1_A_ENCR, a->encr);
	if (a->bits)
		ikev1_w_attr(w, IKEV1_A_KEY_LENGTH, a->bits);
	ikev1_w_attr(w, IKEV1_A_HASH, a->hash);
	ikev1_w_attr(w, IKEV1_A_AUTH, a->auth);
	ikev1_w_attr(w, IKEV1_A_GROUP_DESC, a->group);
	if (a->life) {
		ikev1_w_attr(w, IKEV1_A_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		ikev1_w_attr(w, IKEV1_A_LIFE_DURATION, a->life);
	}
}

unsigned int ikev1_p1_offer(const struct conf_conn *conn, uint16_t auth,
			    struct ikev1_proposal *p, uint8_t *store)
{
	struct store st = { .p = store };

	memset(p, 0, sizeof(*p));
	p->num = 1;
	p->proto = IKEV1_PROTO_ISAKMP;
	for (unsigned int i = 0; i < conn->n_ike; i++) {
		const struct ike_proposal *cp = &conn->ike[i];

		for (unsigned int e = 0; e < cp->nt; e++) {
			const struct ike_transform *te = &cp->t[e];

			if (te->type != IKE_TRANS_ENCR ||
			    (te->id != IKE_ENCR_AES_CBC && te->id != IKE_ENCR_3DES))
				continue;
			for (unsigned int h = 0; h < cp->nt; h++) {
				int hi = cp->t[h].type == IKE_TRANS_INTEG ?
					 hash_idx_by_integ(cp->t[h].id) : -1;

				if (hi < 0)
					continue;
				for (unsigned int g = 0; g < cp->nt; g++) {
					struct p1_args a = {
						.encr = te->id == IKE_ENCR_3DES ? IKEV1_ENCR_3DES :
							IKEV1_ENCR_AES,
						.bits = te->id == IKE_ENCR_3DES ? 0 : te->key_bits,
						.hash = hashes[hi].hash, .auth = auth,
						.group = cp->t[g].id, .life = conn->ike_lifetime,
					};

					if (cp->t[g].type == IKE_TRANS_DH && cp->t[g].id)
						offer_transform(p, &st, IKEV1_KEY_IKE, p1_attrs, &a);
				}
			}
		}
	}
	return p->nt;
}

struct p2_args {
	uint16_t bits, auth_alg, encap, group;
	uint32_t life;
	uint64_t life_kb;
};

static void p2_attrs(struct ike_wbuf *w, const void *arg)
{
	const struct p2_args *a = arg;

	ikev1_w_attr(w, IKEV1_A2_ENCAP_MODE, a->encap);
	if (a->auth_alg)
		ikev1_w_attr(w, IKEV1_A2_AUTH_ALG, a->auth_alg);
	if (a->bits)
		ikev1_w_attr(w, IKEV1_A2_KEY_LENGTH, a->bits);
	if (a->group)
		ikev1_w_attr(w, IKEV1_A2_GROUP_DESC, a->group);
	if (a->life) {
		ikev1_w_attr(w, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		ikev1_w_attr(w, IKEV1_A2_LIFE_DURATION, a->life);
	}
	if (a->life_kb) {
		ikev1_w_attr(w, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_KILOBYTES);
		ikev1_w_attr(w, IKEV1_A2_LIFE_DURATION, a->life_kb);
	}
}

unsigned int ikev1_p2_offer(const struct conf_conn *conn, const uint8_t spi[4], uint16_t encap,
			    uint16_t pfs_group, struct ikev1_proposal *p, uint8_t *store)
{
	struct store st = { .p = store };

	memset(p, 0, sizeof(*p));
	p->num = 1;
	p->proto = IKEV1_PROTO_IPSEC_ESP;
	p->spi_len = 4;
	p->spi = spi;
	for (unsigned int i = 0; i < conn->n_esp; i++) {
		const struct ike_proposal *cp = &conn->esp[i];

		for (unsigned int e = 0; e < cp->nt; e++) {
			const struct ike_transform *te = &cp->t[e];
			uint8_t id = te->type == IKE_TRANS_ENCR ? ike_to_esp(te->id) : 0;
			bool aead = te->id == IKE_ENCR_AES_GCM_16;

			if (!id)
				continue;
			for (unsigned int h = 0; h <= cp->nt; h++) {
				int hi = -1;
				struct p2_args a = {
					.bits = te->key_bits, .encap = encap, .group = pfs_group,
					.life = conn->lifetime, .life_kb = conn->lifebytes / 1024,
				};

				if (h < cp->nt) {
					if (aead || cp->t[h].type != IKE_TRANS_INTEG)
						continue;
					hi = hash_idx_by_integ(cp->t[h].id);
					if (hi < 0)
						continue;
					a.auth_alg = hashes[hi].auth_alg;
				} else if (!aead) {
					continue;	/* the AEAD pass */
				}
				offer_transform(p, &st, id, p2_attrs, &a);
			}
		}
	}
	return p->nt;
}

int ikev1_p1_check_answer(const struct conf_conn *conn, uint16_t auth,
			  const struct ikev1_sa *sa, struct ikev1_choice *c)
{
	struct ike_proposal ip;
	const char *why = NULL;

	if (sa->np != 1 || sa->np_kept != 1 || sa->p[0].nt != 1 ||
	    sa->p[0].proto != IKEV1_PROTO_ISAKMP)
		return -1;
	if (ikev1_p1_decode(&sa->p[0].t[0], &c->p1, &why) || c->p1.auth != auth ||
	    !p1_to_ike(&c->p1, &ip))
		return -1;
	if (nego_choose(conn->ike, conn->n_ike, &ip, 1, IKE_PROTO_IKE, false, &c->chosen))
		return -1;
	c->prop = 0;
	c->trans = 0;
	return 0;
}

int ikev1_p2_check_answer(const struct conf_conn *conn, const struct ikev1_sa *sa,
			  uint16_t encap, uint16_t pfs_group, struct ikev1_choice *c)
{
	struct ike_proposal ip;
	const char *why = NULL;

	if (sa->np != 1 || sa->np_kept != 1 || sa->p[0].nt != 1 ||
	    sa->p[0].proto != IKEV1_PROTO_IPSEC_ESP || sa->p[0].spi_len != 4)
		return -1;
	if (ikev1_p2_decode(&sa->p[0].t[0], &c->p2, &why) || c->p2.encap != encap ||
	    c->p2.group != pfs_group || !p2_to_ike(conn, &c->p2, &ip))
		return -1;
	memcpy(ip.spi, sa->p[0].spi, 4);
	if (nego_choose(conn->esp, conn->n_esp, &ip, 1, IKE_PROTO_ESP, true, &c->chosen))
		return -1;
	c->chosen.dh = pfs_group;
	c->prop = 0;
	c->trans = 0;
	return 0;
}
