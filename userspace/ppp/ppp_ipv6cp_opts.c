// SPDX-License-Identifier: GPL-2.0
/* IPV6CP options of a PPP server (RFC 5072 section 4). */
#include <string.h>

#include "ppp_ipv6cp_opts.h"

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < IPV6CP_IFID_LEN; i++)
		v = v << 8 | p[i];
	return v;
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = IPV6CP_IFID_LEN - 1; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

/* A non-zero value that is not ours: fresh, or a fallback if the caller's draw is unusable. */
static uint64_t usable(const struct ppp_ipv6cp_state *s, uint64_t fresh)
{
	if (fresh && fresh != s->id)
		return fresh;
	fresh = s->id + 0x9e3779b97f4a7c15ull;
	return fresh ? fresh : 1;
}

void ppp_ipv6cp_init(struct ppp_ipv6cp_state *s, uint64_t id)
{
	memset(s, 0, sizeof(*s));
	s->id = id ? id : 1;
	s->send_id = true;
}

void ppp_ipv6cp_build_req(const struct ppp_ipv6cp_state *s, struct ppp_wbuf *w)
{
	uint8_t b[IPV6CP_IFID_LEN];

	if (!s->send_id)
		return;
	put64(b, s->id);
	ppp_w_opt(w, IPV6CP_OPT_IFID, b, sizeof(b));
}

int ppp_ipv6cp_check_req(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n,
			 bool reject_only, uint64_t fresh, struct ppp_wbuf *w)
{
	uint8_t b[IPV6CP_IFID_LEN];
	struct ppp_answer a;
	bool seen = false;
	uint64_t peer = 0;
	struct ppp_opt o;
	size_t off = 0;
	int code;

	if (ppp_opts_check(opts, n, NULL))
		return -1;
	ppp_answer_init(&a, reject_only);
	while (ppp_opt_next(opts, n, &off, &o, NULL) == 1) {
		if (o.type != IPV6CP_OPT_IFID || seen ||
		    o.len != PPP_OPT_HDR_LEN + IPV6CP_IFID_LEN) {
			/* IPv6-Compression-Protocol, unknown, repeated, mis-sized */
			ppp_answer_rej(&a, &o);
			continue;
		}
		seen = true;
		peer = get64(o.data);
		if (!peer || peer == s->id) {
			put64(b, usable(s, fresh));
			ppp_answer_nak(&a, &o, IPV6CP_OPT_IFID, b, sizeof(b));
		}
	}
	/* The client did not offer an identifier: suggest one, once. */
	if (!seen && !s->hinted && !reject_only && !a.r.len) {
		s->hinted = true;
		put64(b, usable(s, fresh));
		ppp_answer_nak(&a, NULL, IPV6CP_OPT_IFID, b, sizeof(b));
	}
	code = ppp_answer_finish(&a, opts, n, w);
	if (code == PPP_CONF_ACK)
		s->peer_id = seen ? peer : 0;
	return code;
}

int ppp_ipv6cp_got_nak(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n,
		       uint64_t fresh)
{
	struct ppp_opt o;
	uint64_t want = 0;

	if (!ppp_opt_find(opts, n, IPV6CP_OPT_IFID, &o))
		return 0;
	if (o.len == PPP_OPT_HDR_LEN + IPV6CP_IFID_LEN)
		want = get64(o.data);
	if (!want || (s->peer_id && want == s->peer_id))
		want = fresh && fresh != s->peer_id ? fresh : s->id + 0x9e3779b97f4a7c15ull;
	s->id = want ? want : 1;
	return 0;
}

int ppp_ipv6cp_got_rej(struct ppp_ipv6cp_state *s, const uint8_t *opts, size_t n)
{
	struct ppp_opt o;

	if (ppp_opt_find(opts, n, IPV6CP_OPT_IFID, &o))
		s->send_id = false;
	return 0;
}
