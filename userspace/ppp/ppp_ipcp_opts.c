// SPDX-License-Identifier: GPL-2.0
/* IPCP options of a PPP server (RFC 1332 section 3, RFC 1877 section 1). */
#include <string.h>

#include "ppp_ipcp_opts.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void nak_addr(struct ppp_answer *a, const struct ppp_opt *o, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	ppp_answer_nak(a, o, type, b, sizeof(b));
}

void ppp_ipcp_init(struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol, uint32_t peer_addr)
{
	memset(s, 0, sizeof(*s));
	s->peer_addr = peer_addr;
	s->send_addr = pol->local != 0;
}

void ppp_ipcp_build_req(const struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol,
			struct ppp_wbuf *w)
{
	if (s->send_addr && pol->local)
		ppp_w_opt_u32(w, IPCP_OPT_ADDR, pol->local);
}

/* A server address option (DNS, NBNS): Ack ours, Nak others with ours, reject without one. */
static void server_opt(struct ppp_answer *a, const struct ppp_opt *o, uint32_t conf)
{
	if (!conf)
		ppp_answer_rej(a, o);
	else if (get32(o->data) != conf)
		nak_addr(a, o, o->type, conf);
}

int ppp_ipcp_check_req(struct ppp_ipcp_state *s, const struct ppp_ipcp_policy *pol,
		       const uint8_t *opts, size_t n, bool reject_only, struct ppp_wbuf *w)
{
	struct ppp_answer a;
	bool seen[256] = { false };
	uint32_t addr = 0;
	struct ppp_opt o;
	size_t off = 0;
	int code;

	if (ppp_opts_check(opts, n, NULL))
		return -1;
	ppp_answer_init(&a, reject_only);
	while (ppp_opt_next(opts, n, &off, &o, NULL) == 1) {
		bool len_ok = o.len == PPP_OPT_HDR_LEN + 4;

		if (seen[o.type]) {
			ppp_answer_rej(&a, &o);
			continue;
		}
		seen[o.type] = true;
		switch (o.type) {
		case IPCP_OPT_ADDR:
			if (!len_ok || !s->peer_addr)
				ppp_answer_rej(&a, &o);
			else if ((addr = get32(o.data)) != s->peer_addr)
				nak_addr(&a, &o, IPCP_OPT_ADDR, s->peer_addr);
			break;
		case IPCP_OPT_DNS1:
		case IPCP_OPT_DNS2:
			if (!len_ok)
				ppp_answer_rej(&a, &o);
			else
				server_opt(&a, &o, pol->dns[o.type == IPCP_OPT_DNS2]);
			break;
		case IPCP_OPT_NBNS1:
		case IPCP_OPT_NBNS2:
			if (!len_ok)
				ppp_answer_rej(&a, &o);
			else
				server_opt(&a, &o, pol->nbns[o.type == IPCP_OPT_NBNS2]);
			break;
		default:	/* IP-Addresses, IP-Compression-Protocol, unknown */
			ppp_answer_rej(&a, &o);
			break;
		}
	}
	/* The client did not ask for an address: suggest it, once. */
	if (!seen[IPCP_OPT_ADDR] && s->peer_addr && !s->hinted && !reject_only && !a.r.len) {
		s->hinted = true;
		nak_addr(&a, NULL, IPCP_OPT_ADDR, s->peer_addr);
	}
	code = ppp_answer_finish(&a, opts, n, w);
	if (code == PPP_CONF_ACK)
		s->acked_addr = seen[IPCP_OPT_ADDR] ? addr : 0;
	return code;
}

int ppp_ipcp_got_nak(struct ppp_ipcp_state *s, const uint8_t *opts, size_t n)
{
	(void)s;
	(void)opts;
	(void)n;
	return 0;
}

int ppp_ipcp_got_rej(struct ppp_ipcp_state *s, const uint8_t *opts, size_t n)
{
	struct ppp_opt o;

	if (ppp_opt_find(opts, n, IPCP_OPT_ADDR, &o))
		s->send_addr = false;
	return 0;
}
