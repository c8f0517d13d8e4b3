// SPDX-License-Identifier: GPL-2.0
/*
 * Proposal strings in strongSwan syntax <-> struct ike_proposal.
 *
 * A proposal is "alg-alg-...": every token is one transform; tokens of
 * the same type are alternatives (as on the wire). Proposals are
 * separated by commas. Only what l2tpsecd implements is accepted, and for
 * ESP only what the l2tpsec module implements.
 *
 * Rules by version (PROPOSAL_IKEV1) and `weak yes` (PROPOSAL_WEAK):
 *   sha1, prfsha1    v2: ESP with weak only, never in ike; v1: always
 *   3des, modp1024, modp1536, sha256_96 (esp only)
 *                    v1: with weak only; v2: never
 *   chacha20poly1305 v2 only (IKEv1 has no such transform)
 *   AEAD in ike      v2 only (IKEv1 phase 1 has no AEAD)
 *   prf* in ike      v1: only the PRFs of the integrity algorithms (IKEv1
 *                    has no PRF of its own: the hash's HMAC is the PRF)
 * DES and MD5 are never accepted (not in the table).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proposal.h"

#define F_AEAD	0x01	/* AEAD cipher */
#define F_WEAK	0x02	/* v2: only in ESP, only with `weak yes`; v1: always */
#define F_ALIAS	0x04	/* accepted, never printed */
#define F_LEGACY 0x08	/* v1 with `weak yes` only; never in v2 */
#define F_NOV1	0x10	/* not defined for IKEv1 */
#define F_ESPONLY 0x20	/* never in ike proposals */

struct alg_tok {
	const char *name;
	uint8_t type;
	uint16_t id;
	uint16_t bits;
	uint8_t flags;
};

static const struct alg_tok alg_toks[] = {
	{ "aes128", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128, 0 },
	{ "aes192", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 192, 0 },
	{ "aes256", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256, 0 },
	{ "3des", IKE_TRANS_ENCR, IKE_ENCR_3DES, 0, F_LEGACY },	/* fixed 192-bit key */
	{ "aes128gcm16", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128, F_AEAD },
	{ "aes256gcm16", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256, F_AEAD },
	{ "aes128gcm", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128, F_AEAD | F_ALIAS },
	{ "aes256gcm", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256, F_AEAD | F_ALIAS },
	{ "chacha20poly1305", IKE_TRANS_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0, F_AEAD | F_NOV1 },
	{ "sha256", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, 0 },
	{ "sha384", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0, 0 },
	{ "sha512", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0, 0 },
	{ "sha1", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA1_96, 0, F_WEAK },
	{ "sha256_96", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_96, 0, F_LEGACY | F_ESPONLY },
	{ "sha2_256_96", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_96, 0,
	  F_LEGACY | F_ESPONLY | F_ALIAS },
	{ "sha2_256", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, F_ALIAS },
	{ "sha2_384", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0, F_ALIAS },
	{ "sha2_512", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0, F_ALIAS },
	{ "prfsha1", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA1, 0, F_WEAK },
	{ "prfsha256", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_256, 0, 0 },
	{ "prfsha384", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_384, 0, 0 },
	{ "prfsha512", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_512, 0, 0 },
	{ "modp1024", IKE_TRANS_DH, IKE_DH_MODP_1024, 0, F_LEGACY },
	{ "modp1536", IKE_TRANS_DH, IKE_DH_MODP_1536, 0, F_LEGACY },
	{ "modp2048", IKE_TRANS_DH, IKE_DH_MODP_2048, 0, 0 },
	{ "modp3072", IKE_TRANS_DH, IKE_DH_MODP_3072, 0, 0 },
	{ "ecp256", IKE_TRANS_DH, IKE_DH_ECP_256, 0, 0 },
	{ "ecp384", IKE_TRANS_DH, IKE_DH_ECP_384, 0, 0 },
	{ "ecp521", IKE_TRANS_DH, IKE_DH_ECP_521, 0, 0 },
	{ "x25519", IKE_TRANS_DH, IKE_DH_CURVE25519, 0, 0 },
	{ "curve25519", IKE_TRANS_DH, IKE_DH_CURVE25519, 0, F_ALIAS },
	{ "esn", IKE_TRANS_ESN, IKE_ESN_YES, 0, 0 },
	{ "noesn", IKE_TRANS_ESN, IKE_ESN_NO, 0, 0 },
};
#define N_ALG_TOKS (sizeof(alg_toks) / sizeof(alg_toks[0]))

/* ESP combinations the l2tpsec module implements (enum l2tpsec_alg). */
static const struct {
	uint16_t encr, bits, integ;
} esp_ok[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA1_96 },
	{ IKE_ENCR_3DES, 0, IKE_INTEG_HMAC_SHA1_96 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_96 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_96 },
};
#define ESP_SUPPORTED "aes128gcm16, aes256gcm16, chacha20poly1305, aes128-sha256, " \
	"aes256-sha256, aes128-sha1 (weak), aes256-sha1 (weak)"
#define ESP_SUPPORTED_V1 "aes128gcm16, aes256gcm16, aes128-sha256, aes256-sha256, " \
	"aes128-sha1, aes256-sha1, 3des-sha1 (weak), aes128-sha256_96 (weak), " \
	"aes256-sha256_96 (weak)"

#define MAX_PER_TYPE	IKE_MAX_TRANSFORMS
#define SHOW_MAX	120	/* characters of a proposal quoted in a message */

/* The tokens of one proposal, by type, in the order written. */
struct prop_toks {
	const struct alg_tok *t[IKE_TRANS_TYPE_MAX + 1][MAX_PER_TYPE];
	unsigned int n[IKE_TRANS_TYPE_MAX + 1];
};

/* A bounded string builder: never overruns, always NUL-terminated. */
struct sbuf {
	char *p;
	size_t cap, len;
};

__attribute__((format(printf, 2, 3)))
static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->cap == 0 || b->len >= b->cap - 1)
		return;
	va_start(ap, fmt);
	r = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	b->len += (size_t)r;
	if (b->len > b->cap - 1)
		b->len = b->cap - 1;
}

static const char *proto_name(uint8_t proto)
{
	return proto == IKE_PROTO_IKE ? "ike" : "esp";
}

__attribute__((format(printf, 3, 4)))
static int perr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct alg_tok *tok_lookup(const char *s, size_t len)
{
	for (size_t i = 0; i < N_ALG_TOKS; i++)
		if (strlen(alg_toks[i].name) == len && !strncasecmp(alg_toks[i].name, s, len))
			return &alg_toks[i];
	return NULL;
}

/* The canonical (printed) token of a transform, or NULL. */
static const struct alg_tok *tok_of(const struct ike_transform *t)
{
	for (size_t i = 0; i < N_ALG_TOKS; i++) {
		const struct alg_tok *a = &alg_toks[i];

		if (!(a->flags & F_ALIAS) && a->type == t->type && a->id == t->id &&
		    a->bits == t->key_bits)
			return a;
	}
	return NULL;
}

static bool tok_same(const struct alg_tok *a, const struct alg_tok *b)
{
	return a->type == b->type && a->id == b->id && a->bits == b->bits;
}

/* Split one proposal (s, len: no commas, trimmed) into its tokens. */
static int split_tokens(const char *s, size_t len, uint8_t proto, struct prop_toks *pt,
			char *err, size_t errlen)
{
	const char *pn = proto_name(proto);
	int show = len > SHOW_MAX ? SHOW_MAX : (int)len;
	size_t i = 0;

	memset(pt, 0, sizeof(*pt));
	while (i <= len) {
		size_t j = i, tl;
		const struct alg_tok *a;

		while (j < len && s[j] != '-')
			j++;
		tl = j - i;
		if (tl == 0)
			return perr(err, errlen, "%s: '%.*s': empty algorithm name (stray '-')",
				    pn, show, s);
		for (size_t k = i; k < j; k++)
			if (s[k] == ' ' || s[k] == '\t')
				return perr(err, errlen,
					    "%s: '%.*s': space inside a proposal (separate "
					    "algorithms with '-', proposals with ',')",
					    pn, show, s);
		a = tok_lookup(s + i, tl);
		if (!a)
			return perr(err, errlen, "%s: unknown algorithm '%.*s' in '%.*s'", pn,
				    tl > 64 ? 64 : (int)tl, s + i, show, s);
		for (unsigned int k = 0; k < pt->n[a->type]; k++)
			if (tok_same(pt->t[a->type][k], a))
				return perr(err, errlen, "%s: '%s' twice in '%.*s'", pn, a->name,
					    show, s);
		if (pt->n[a->type] >= MAX_PER_TYPE)
			return perr(err, errlen, "%s: too many transforms in '%.*s' (max %d)", pn,
				    show, s, IKE_MAX_TRANSFORMS);
		pt->t[a->type][pt->n[a->type]++] = a;
		i = j + 1;
	}
	return 0;
}

/* Encryption: present, not mixed AEAD/non-AEAD. *aead tells which. */
static int check_encr(const struct prop_toks *pt, const char *pn, const char *s, int show,
		      bool *aead, char *err, size_t errlen)
{
	unsigned int n_aead = 0;

	if (pt->n[IKE_TRANS_ENCR] == 0)
		return perr(err, errlen, "%s: '%.*s': no encryption algorithm", pn, show, s);
	for (unsigned int i = 0; i < pt->n[IKE_TRANS_ENCR]; i++)
		if (pt->t[IKE_TRANS_ENCR][i]->flags & F_AEAD)
			n_aead++;
	if (n_aead && n_aead != pt->n[IKE_TRANS_ENCR])
		return perr(err, errlen,
			    "%s: '%.*s': mixes AEAD and non-AEAD encryption (write two proposals)",
			    pn, show, s);
	*aead = n_aead > 0;
	return 0;
}

/* One token against the version and `weak` rules (the table at the top). */
static int check_tok(const struct alg_tok *a, uint8_t proto, unsigned int flags,
		     const char *s, int show, char *err, size_t errlen)
{
	const char *pn = proto_name(proto);
	bool weak = flags & PROPOSAL_WEAK;

	if ((a->flags & F_ESPONLY) && proto == IKE_PROTO_IKE)
		return perr(err, errlen, "ike: '%s' in '%.*s' is for esp proposals only", a->name,
			    show, s);
	if (flags & PROPOSAL_IKEV1) {
		if (a->flags & F_NOV1)
			return perr(err, errlen,
				    "%s: '%s' in '%.*s' is not defined for IKEv1 (version 1 conns)",
				    pn, a->name, show, s);
		if ((a->flags & F_AEAD) && proto == IKE_PROTO_IKE)
			return perr(err, errlen,
				    "ike: '%s' in '%.*s': IKEv1 has no AEAD encryption in phase 1 "
				    "(e.g. aes256-sha256-modp2048)", a->name, show, s);
		if ((a->flags & F_LEGACY) && !weak)
			return perr(err, errlen,
				    "%s: '%s' in '%.*s' is weak: allowed only with 'weak yes' in "
				    "the conn", pn, a->name, show, s);
		return 0;
	}
	if (a->flags & F_LEGACY)
		return perr(err, errlen,
			    "%s: '%s' in '%.*s' is only for version 1 conns (with 'weak yes')", pn,
			    a->name, show, s);
	if ((a->flags & F_WEAK) && proto == IKE_PROTO_IKE)
		return perr(err, errlen,
			    "ike: '%s' in '%.*s' is weak and not allowed in ike proposals of "
			    "version 2 conns", a->name, show, s);
	if ((a->flags & F_WEAK) && !weak)
		return perr(err, errlen,
			    "%s: '%s' in '%.*s' is weak: allowed only with 'weak yes' in the conn",
			    pn, a->name, show, s);
	return 0;
}

static int check_toks(const struct prop_toks *pt, uint8_t proto, unsigned int flags,
		      const char *s, int show, char *err, size_t errlen)
{
	for (uint8_t type = 1; type <= IKE_TRANS_TYPE_MAX; type++)
		for (unsigned int i = 0; i < pt->n[type]; i++)
			if (check_tok(pt->t[type][i], proto, flags, s, show, err, errlen))
				return -1;
	return 0;
}

/* Integrity: none with AEAD, at least one without. */
static int check_integ(const struct prop_toks *pt, uint8_t proto, bool aead, const char *s,
		       int show, char *err, size_t errlen)
{
	const char *pn = proto_name(proto);

	if (aead && pt->n[IKE_TRANS_INTEG])
		return perr(err, errlen,
			    "%s: '%.*s': integrity algorithm '%s' with AEAD encryption%s", pn, show,
			    s, pt->t[IKE_TRANS_INTEG][0]->name,
			    proto == IKE_PROTO_IKE ? " (for the PRF write prfsha256/384/512)" : "");
	if (!aead && !pt->n[IKE_TRANS_INTEG])
		return perr(err, errlen, "%s: '%.*s': no integrity algorithm (e.g. sha256)", pn,
			    show, s);
	return 0;
}

/* The PRF of an IKE proposal without one: the integrity algorithm's. */
static void derive_prf(struct prop_toks *pt)
{
	static const struct {
		uint16_t integ;
		const char *prf;
	} map[] = {
		{ IKE_INTEG_HMAC_SHA1_96, "prfsha1" },
		{ IKE_INTEG_HMAC_SHA2_256_128, "prfsha256" },
		{ IKE_INTEG_HMAC_SHA2_384_192, "prfsha384" },
		{ IKE_INTEG_HMAC_SHA2_512_256, "prfsha512" },
	};

	for (unsigned int i = 0; i < pt->n[IKE_TRANS_INTEG]; i++)
		for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++)
			if (pt->t[IKE_TRANS_INTEG][i]->id == map[k].integ)
				pt->t[IKE_TRANS_PRF][pt->n[IKE_TRANS_PRF]++] =
					tok_lookup(map[k].prf, strlen(map[k].prf));
}

/*
 * IKEv1 has no PRF of its own (the HMAC of the negotiated hash is the
 * PRF): the PRFs, if written, must be exactly those of the integrity
 * algorithms (as proposal_str prints them); else they are derived.
 */
static int check_v1_prf(struct prop_toks *pt, const char *s, int show, char *err,
			size_t errlen)
{
	struct prop_toks d = *pt;

	d.n[IKE_TRANS_PRF] = 0;
	derive_prf(&d);
	if (!pt->n[IKE_TRANS_PRF]) {
		*pt = d;
		return 0;
	}
	for (unsigned int i = 0; i < pt->n[IKE_TRANS_PRF]; i++) {
		bool found = false;

		for (unsigned int k = 0; k < d.n[IKE_TRANS_PRF]; k++)
			found |= tok_same(pt->t[IKE_TRANS_PRF][i], d.t[IKE_TRANS_PRF][k]);
		if (!found || pt->n[IKE_TRANS_PRF] != d.n[IKE_TRANS_PRF])
			return perr(err, errlen,
				    "ike: '%s' in '%.*s': IKEv1 has no PRF of its own (the "
				    "integrity algorithm's HMAC is used): leave the prf out",
				    pt->t[IKE_TRANS_PRF][i]->name, show, s);
	}
	return 0;
}

static int check_ike(struct prop_toks *pt, unsigned int flags, bool aead, const char *s,
		     int show, char *err, size_t errlen)
{
	if (pt->n[IKE_TRANS_ESN])
		return perr(err, errlen, "ike: '%s' in '%.*s': ESN is for esp proposals only",
			    pt->t[IKE_TRANS_ESN][0]->name, show, s);
	if (!pt->n[IKE_TRANS_DH])
		return perr(err, errlen, "ike: '%.*s': no DH group (e.g. x25519, ecp384, modp3072)",
			    show, s);
	if (flags & PROPOSAL_IKEV1)
		return check_v1_prf(pt, s, show, err, errlen);
	if (aead && !pt->n[IKE_TRANS_PRF])
		return perr(err, errlen,
			    "ike: '%.*s': an AEAD proposal needs a PRF (e.g. prfsha384)", show, s);
	if (!pt->n[IKE_TRANS_PRF])
		derive_prf(pt);
	return 0;
}

static bool esp_combo_ok(const struct alg_tok *e, const struct alg_tok *i)
{
	uint16_t integ = i ? i->id : IKE_INTEG_NONE;

	for (size_t k = 0; k < sizeof(esp_ok) / sizeof(esp_ok[0]); k++)
		if (esp_ok[k].encr == e->id && esp_ok[k].bits == e->bits &&
		    esp_ok[k].integ == integ)
			return true;
	return false;
}

static int check_esp(struct prop_toks *pt, unsigned int flags, const char *s, int show,
		     char *err, size_t errlen)
{
	unsigned int ni = pt->n[IKE_TRANS_INTEG];

	if (pt->n[IKE_TRANS_PRF])
		return perr(err, errlen, "esp: '%s' in '%.*s': a PRF is for ike proposals only",
			    pt->t[IKE_TRANS_PRF][0]->name, show, s);
	for (unsigned int e = 0; e < pt->n[IKE_TRANS_ENCR]; e++) {
		for (unsigned int i = 0; i < (ni ? ni : 1); i++) {
			const struct alg_tok *et = pt->t[IKE_TRANS_ENCR][e];
			const struct alg_tok *it = ni ? pt->t[IKE_TRANS_INTEG][i] : NULL;

			if (esp_combo_ok(et, it))
				continue;
			return perr(err, errlen,
				    "esp: %s%s%s not supported by the l2tpsec module (supported: "
				    "%s)", et->name, it ? "-" : "", it ? it->name : "",
				    flags & PROPOSAL_IKEV1 ? ESP_SUPPORTED_V1 : ESP_SUPPORTED);
		}
	}
	if (!pt->n[IKE_TRANS_ESN]) {
		pt->t[IKE_TRANS_ESN][0] = tok_lookup("esn", 3);
		pt->t[IKE_TRANS_ESN][1] = tok_lookup("noesn", 5);
		pt->n[IKE_TRANS_ESN] = 2;
	}
	return 0;
}

/* Tokens -> transforms, by type (ENCR, PRF, INTEG, DH, ESN). */
static int build(const struct prop_toks *pt, uint8_t proto, struct ike_proposal *p,
		 const char *s, int show, char *err, size_t errlen)
{
	for (uint8_t type = 1; type <= IKE_TRANS_TYPE_MAX; type++) {
		for (unsigned int i = 0; i < pt->n[type]; i++) {
			const struct alg_tok *a = pt->t[type][i];

			if (p->nt >= IKE_MAX_TRANSFORMS)
				return perr(err, errlen,
					    "%s: too many transforms in '%.*s' (max %d)",
					    proto_name(proto), show, s, IKE_MAX_TRANSFORMS);
			p->t[p->nt++] = (struct ike_transform){ a->type, a->id, a->bits };
		}
	}
	return 0;
}

static int parse_one(const char *s, size_t len, uint8_t proto, unsigned int flags,
		     struct ike_proposal *p, char *err, size_t errlen)
{
	int show = len > SHOW_MAX ? SHOW_MAX : (int)len;
	struct prop_toks pt;
	bool aead = false;

	if (split_tokens(s, len, proto, &pt, err, errlen) ||
	    check_toks(&pt, proto, flags, s, show, err, errlen) ||
	    check_encr(&pt, proto_name(proto), s, show, &aead, err, errlen) ||
	    check_integ(&pt, proto, aead, s, show, err, errlen))
		return -1;
	if (proto == IKE_PROTO_IKE ? check_ike(&pt, flags, aead, s, show, err, errlen) :
	    check_esp(&pt, flags, s, show, err, errlen))
		return -1;
	return build(&pt, proto, p, s, show, err, errlen);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

int proposal_parse(const char *s, uint8_t proto, unsigned int flags, struct ike_proposal *out,
		   unsigned int max, unsigned int *n, char *err, size_t errlen)
{
	const char *pn = proto_name(proto);
	unsigned int cnt = 0;
	const char *p = s;

	*n = 0;
	if (proto != IKE_PROTO_IKE && proto != IKE_PROTO_ESP)
		return perr(err, errlen, "proposal: bad protocol %u", proto);
	if (max > IKE_MAX_PROPOSALS)
		max = IKE_MAX_PROPOSALS;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && is_blank(*p))
			p++, len--;
		while (len && is_blank(p[len - 1]))
			len--;
		if (len == 0)
			return perr(err, errlen, "%s: empty proposal%s", pn,
				    cnt || end ? " (stray ',')" : "");
		if (cnt >= max)
			return perr(err, errlen, "%s: too many proposals (max %u)", pn, max);
		memset(&out[cnt], 0, sizeof(out[cnt]));
		out[cnt].num = (uint8_t)(cnt + 1);
		out[cnt].proto = proto;
		if (parse_one(p, len, proto, flags, &out[cnt], err, errlen))
			return -1;
		cnt++;
		if (!end)
			break;
		p = end + 1;
	}
	*n = cnt;
	return 0;
}

static void add_trans_name(struct sbuf *b, const struct ike_transform *t, bool *first)
{
	static const char *const type_names[] = { "t0", "encr", "prf", "integ", "dh", "esn" };
	const struct alg_tok *a = tok_of(t);

	sb_add(b, "%s", *first ? "" : "-");
	*first = false;
	if (a) {
		sb_add(b, "%s", a->name);
		return;
	}
	if (t->type <= IKE_TRANS_TYPE_MAX)
		sb_add(b, "%s%u", type_names[t->type], t->id);
	else
		sb_add(b, "t%u_%u", t->type, t->id);
	if (t->key_bits)
		sb_add(b, "_%u", t->key_bits);
}

void proposal_str(const struct ike_proposal *p, char *out, size_t cap)
{
	static const uint8_t order[] = {
		IKE_TRANS_ENCR, IKE_TRANS_INTEG, IKE_TRANS_PRF, IKE_TRANS_DH, IKE_TRANS_ESN,
	};
	struct sbuf b = { out, cap, 0 };
	bool first = true;
	unsigned int nt = p->nt > IKE_MAX_TRANSFORMS ? IKE_MAX_TRANSFORMS : p->nt;

	if (cap)
		out[0] = '\0';
	for (size_t k = 0; k < sizeof(order); k++)
		for (unsigned int i = 0; i < nt; i++)
			if (p->t[i].type == order[k])
				add_trans_name(&b, &p->t[i], &first);
	for (unsigned int i = 0; i < nt; i++)
		if (p->t[i].type == 0 || p->t[i].type > IKE_TRANS_TYPE_MAX)
			add_trans_name(&b, &p->t[i], &first);
}

void proposal_list_str(const struct ike_proposal *p, unsigned int n, char *out, size_t cap)
{
	struct sbuf b = { out, cap, 0 };
	char one[512];

	if (cap)
		out[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		proposal_str(&p[i], one, sizeof(one));
		sb_add(&b, "%s%s", i ? ", " : "", one);
	}
}

bool proposal_list_same(const struct ike_proposal *a, unsigned int na,
			const struct ike_proposal *b, unsigned int nb)
{
	if (na != nb)
		return false;
	for (unsigned int i = 0; i < na; i++) {
		if (a[i].proto != b[i].proto || a[i].nt != b[i].nt || a[i].nt > IKE_MAX_TRANSFORMS)
			return false;
		for (unsigned int k = 0; k < a[i].nt; k++)
			if (a[i].t[k].type != b[i].t[k].type || a[i].t[k].id != b[i].t[k].id ||
			    a[i].t[k].key_bits != b[i].t[k].key_bits)
				return false;
	}
	return true;
}

static void add_encr(struct sbuf *b, uint16_t id, uint16_t bits)
{
	switch (id) {
	case IKE_ENCR_3DES:
		sb_add(b, "3DES_CBC");
		break;
	case IKE_ENCR_AES_CBC:
		sb_add(b, bits ? "AES_CBC_%u" : "AES_CBC", bits);
		break;
	case IKE_ENCR_AES_GCM_16:
		sb_add(b, bits ? "AES_GCM_16_%u" : "AES_GCM_16", bits);
		break;
	case IKE_ENCR_CHACHA20_POLY1305:
		sb_add(b, "CHACHA20_POLY1305");
		break;
	default:
		sb_add(b, "ENCR_%u", id);
		if (bits)
			sb_add(b, "_%u", bits);
	}
}

static void add_integ(struct sbuf *b, uint16_t id)
{
	switch (id) {
	case IKE_INTEG_HMAC_SHA1_96:
		sb_add(b, "/HMAC_SHA1_96");
		break;
	case IKE_INTEG_HMAC_SHA2_256_128:
		sb_add(b, "/HMAC_SHA2_256_128");
		break;
	case IKE_INTEG_HMAC_SHA2_256_96:
		sb_add(b, "/HMAC_SHA2_256_96");
		break;
	case IKE_INTEG_HMAC_SHA2_384_192:
		sb_add(b, "/HMAC_SHA2_384_192");
		break;
	case IKE_INTEG_HMAC_SHA2_512_256:
		sb_add(b, "/HMAC_SHA2_512_256");
		break;
	default:
		sb_add(b, "/INTEG_%u", id);
	}
}

static void add_prf(struct sbuf *b, uint16_t id)
{
	switch (id) {
	case IKE_PRF_HMAC_SHA1:
		sb_add(b, "/PRF_HMAC_SHA1");
		break;
	case IKE_PRF_HMAC_SHA2_256:
	case IKE_PRF_HMAC_SHA2_384:
	case IKE_PRF_HMAC_SHA2_512:
		sb_add(b, "/PRF_HMAC_SHA2_%u",
		       id == IKE_PRF_HMAC_SHA2_256 ? 256 : id == IKE_PRF_HMAC_SHA2_384 ? 384 : 512);
		break;
	default:
		sb_add(b, "/PRF_%u", id);
	}
}

static void add_dh(struct sbuf *b, uint16_t id)
{
	switch (id) {
	case IKE_DH_MODP_1024:
		sb_add(b, "/MODP_1024");
		break;
	case IKE_DH_MODP_1536:
		sb_add(b, "/MODP_1536");
		break;
	case IKE_DH_MODP_2048:
		sb_add(b, "/MODP_2048");
		break;
	case IKE_DH_MODP_3072:
		sb_add(b, "/MODP_3072");
		break;
	case IKE_DH_ECP_256:
	case IKE_DH_ECP_384:
	case IKE_DH_ECP_521:
		sb_add(b, "/ECP_%u", id == IKE_DH_ECP_256 ? 256 : id == IKE_DH_ECP_384 ? 384 : 521);
		break;
	case IKE_DH_CURVE25519:
		sb_add(b, "/CURVE_25519");
		break;
	default:
		sb_add(b, "/DH_%u", id);
	}
}

void proposal_chosen_str(const struct ike_chosen *c, char *out, size_t cap)
{
	struct sbuf b = { out, cap, 0 };

	if (cap)
		out[0] = '\0';
	if (!c->encr) {
		sb_add(&b, "-");
		return;
	}
	add_encr(&b, c->encr, c->encr_bits);
	if (c->integ)
		add_integ(&b, c->integ);
	if (c->prf)
		add_prf(&b, c->prf);
	if (c->dh)
		add_dh(&b, c->dh);
	if (c->proto == IKE_PROTO_ESP)
		sb_add(&b, c->esn ? "/ESN" : "/NO_ESN");
}
