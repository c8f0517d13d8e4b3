// SPDX-License-Identifier: GPL-2.0
/*
 * LCP options of a PPP server: our request, the check of the client's
 * request, and what a Nak or Reject of ours changes (RFC 1661 section 6,
 * RFC 1994 section 3, RFC 2759 section 2).
 */
#include <string.h>

#include "ppp_lcp_opts.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

unsigned int ppp_auth_from_opt(const uint8_t *data, size_t n)
{
	uint16_t proto;

	if (n < 2)
		return 0;
	proto = get16(data);
	if (proto == PPP_PROTO_PAP && n == 2)
		return PPP_AUTH_PAP;
	if (proto == PPP_PROTO_CHAP && n == 3 && data[2] == CHAP_ALG_MD5)
		return PPP_AUTH_CHAP_MD5;
	if (proto == PPP_PROTO_CHAP && n == 3 && data[2] == CHAP_ALG_MSCHAPV2)
		return PPP_AUTH_MSCHAPV2;
	return 0;
}

void ppp_w_auth_opt(struct ppp_wbuf *w, unsigned int auth)
{
	uint8_t d[3] = { PPP_PROTO_CHAP >> 8, PPP_PROTO_CHAP & 0xff, 0 };

	switch (auth) {
	case PPP_AUTH_PAP:
		ppp_w_opt_u16(w, LCP_OPT_AUTH, PPP_PROTO_PAP);
		return;
	case PPP_AUTH_CHAP_MD5:
		d[2] = CHAP_ALG_MD5;
		break;
	case PPP_AUTH_MSCHAPV2:
		d[2] = CHAP_ALG_MSCHAPV2;
		break;
	default:
		w->err = true;
		return;
	}
	ppp_w_opt(w, LCP_OPT_AUTH, d, sizeof(d));
}

/* The preferred protocol of the set (MS-CHAPv2, CHAP-MD5, PAP), or 0. */
static unsigned int best_auth(unsigned int set)
{
	static const unsigned int order[] = { PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (set & order[i])
			return order[i];
	return 0;
}

void ppp_lcp_init(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol, uint32_t magic)
{
	memset(s, 0, sizeof(*s));
	s->mru = pol->mru;
	s->send_mru = pol->mru && pol->mru != PPP_MRU_DEFAULT;
	s->auth_left = pol->auth & PPP_AUTH_ALL;
	s->auth = best_auth(s->auth_left);
	s->magic = magic;
	s->send_magic = magic != 0;
	s->peer_mru = PPP_MRU_DEFAULT;
}

void ppp_lcp_build_req(const struct ppp_lcp_state *s, struct ppp_wbuf *w)
{
	if (s->send_mru)
		ppp_w_opt_u16(w, LCP_OPT_MRU, s->mru);
	if (s->auth)
		ppp_w_auth_opt(w, s->auth);
	if (s->send_magic)
		ppp_w_opt_u32(w, LCP_OPT_MAGIC, s->magic);
}

int ppp_lcp_check_req(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol,
		      const uint8_t *opts, size_t n, bool reject_only, uint32_t fresh_magic,
		      struct ppp_wbuf *w)
{
	struct ppp_answer a;
	uint16_t min_mru = pol->min_peer_mru > PPP_MRU_MIN ? pol->min_peer_mru : PPP_MRU_MIN;
	struct ppp_lcp_state peer = *s;
	uint32_t seen = 0;
	struct ppp_opt o;
	size_t off = 0;
	int code;

	if (ppp_opts_check(opts, n, NULL))
		return -1;
	peer.peer_mru = PPP_MRU_DEFAULT;
	peer.peer_magic = 0;
	peer.peer_accm = 0xffffffff;
	peer.peer_pfc = peer.peer_acfc = false;
	ppp_answer_init(&a, reject_only);
	while (ppp_opt_next(opts, n, &off, &o, NULL) == 1) {
		size_t dlen = o.len - PPP_OPT_HDR_LEN;
		uint32_t bit = o.type < 32 ? 1u << o.type : 0;

		if (!bit || (seen & bit)) {
			ppp_answer_rej(&a, &o);
			continue;
		}
		seen |= bit;
		switch (o.type) {
		case LCP_OPT_MRU:
			if (dlen != 2)
				ppp_answer_rej(&a, &o);
			else if (get16(o.data) < min_mru)
				ppp_answer_nak(&a, &o, LCP_OPT_MRU,
					       (uint8_t[]){ min_mru >> 8, min_mru & 0xff }, 2);
			else
				peer.peer_mru = get16(o.data);
			break;
		case LCP_OPT_ACCM:
			if (dlen != 4)
				ppp_answer_rej(&a, &o);
			else
				peer.peer_accm = get32(o.data);
			break;
		case LCP_OPT_MAGIC:
			if (dlen != 4) {
				ppp_answer_rej(&a, &o);
			} else if (!get32(o.data) || (s->send_magic && get32(o.data) == s->magic)) {
				uint8_t m[4] = { fresh_magic >> 24, fresh_magic >> 16,
						 fresh_magic >> 8, fresh_magic };

				if (get32(o.data))
					s->loops++;
				ppp_answer_nak(&a, &o, LCP_OPT_MAGIC, m, sizeof(m));
			} else {
				peer.peer_magic = get32(o.data);
			}
			break;
		case LCP_OPT_PFC:
			if (dlen || !pol->accept_pfc)
				ppp_answer_rej(&a, &o);
			else
				peer.peer_pfc = true;
			break;
		case LCP_OPT_ACFC:
			if (dlen || !pol->accept_acfc)
				ppp_answer_rej(&a, &o);
			else
				peer.peer_acfc = true;
			break;
		default:	/* Auth-Protocol, Quality-Protocol, unknown */
			ppp_answer_rej(&a, &o);
			break;
		}
	}
	code = ppp_answer_finish(&a, opts, n, w);
	if (code == PPP_CONF_ACK) {
		s->peer_mru = peer.peer_mru;
		s->peer_magic = peer.peer_magic;
		s->peer_accm = peer.peer_accm;
		s->peer_pfc = peer.peer_pfc;
		s->peer_acfc = peer.peer_acfc;
	}
	return code;
}

int ppp_lcp_got_nak(struct ppp_lcp_state *s, const struct ppp_lcp_policy *pol,
		    const uint8_t *opts, size_t n, uint32_t fresh_magic)
{
	struct ppp_opt o;
	size_t off = 0;

	while (ppp_opt_next(opts, n, &off, &o, NULL) == 1) {
		size_t dlen = o.len - PPP_OPT_HDR_LEN;

		switch (o.type) {
		case LCP_OPT_MRU:
			if (dlen == 2 && get16(o.data) >= PPP_MRU_MIN &&
			    get16(o.data) <= (pol->mru ? pol->mru : PPP_MRU_DEFAULT)) {
				s->mru = get16(o.data);
				s->send_mru = s->mru != PPP_MRU_DEFAULT;
			}
			break;
		case LCP_OPT_MAGIC:
			if (fresh_magic) {
				s->magic = fresh_magic;
				s->send_magic = true;
			}
			break;
		case LCP_OPT_AUTH: {
			unsigned int want = ppp_auth_from_opt(o.data, dlen);

			if (!s->auth)
				break;	/* a Nak of an option we did not send */
			/* The client refuses ours: its suggestion if we allow it, else our next. */
			s->auth_left &= ~s->auth;
			s->auth = want && (s->auth_left & want) ? want : best_auth(s->auth_left);
			if (!s->auth)
				return -1;
			break;
		}
		default:
			break;	/* options we did not ask for: we do not want them */
		}
	}
	return 0;
}

int ppp_lcp_got_rej(struct ppp_lcp_state *s, const uint8_t *opts, size_t n)
{
	struct ppp_opt o;
	size_t off = 0;
	int rc = 0;

	while (ppp_opt_next(opts, n, &off, &o, NULL) == 1) {
		switch (o.type) {
		case LCP_OPT_MRU:
			s->send_mru = false;
			break;
		case LCP_OPT_MAGIC:
			s->send_magic = false;
			break;
		case LCP_OPT_AUTH:
			if (s->auth)
				rc = -1;	/* a server does not go on without authentication */
			break;
		default:
			break;
		}
	}
	return rc;
}
