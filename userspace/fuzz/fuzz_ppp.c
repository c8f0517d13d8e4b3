// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the PPP control packet codec and the server's option
 * checks (ppp/ppp_pkt.c, ppp/ppp_lcp_opts.c, ppp/ppp_ipcp_opts.c,
 * ppp/ppp_ipv6cp_opts.c) and of
 * the negotiation automaton that uses them (ppp/ppp_fsm.c).
 *
 * Input: one control packet (the Information field of a PPP frame), in a
 * heap buffer of exactly its size. Every typed decoder runs on it; a
 * well-formed option list is re-encoded option by option with the writer
 * and must come back byte for byte (abort() otherwise); the LCP, IPCP and
 * IPV6CP checks answer it as a Configure-Request and their answers must
 * be well-formed option lists (an IPV6CP Nak never suggests zero or our
 * identifier); the Nak and Reject handlers read it; then the packet is
 * fed to an LCP, an IPCP and an IPV6CP automaton in each of the ten
 * states, and every packet they send must parse. Last, the input is fed to
 * a PPP server instance (ppp/ppp_server.c) on a fake link, IPV6CP on or
 * off by the input's first bit: as one frame under each protocol the
 * server knows, then cut into frames by one-byte
 * length prefixes with a second of fake time between them; every frame
 * the server sends must be a control packet that parses, and the server
 * is freed with the instance in whatever phase it reached.
 *
 * Seeds (fuzz/corpus/ppp/): python3 fuzz/gen-ppp-corpus.py
 */
#include "fuzz.h"
#include "ppp_fsm.h"
#include "ppp_ipcp_opts.h"
#include "ppp_ipv6cp_opts.h"
#include "ppp_lcp_opts.h"
#include "link.h"
#include "ppp_server.h"
#include "users.h"

static const struct ppp_lcp_policy lpol = {
	.mru = 1400, .min_peer_mru = 576, .auth = PPP_AUTH_ALL,
};
static const struct ppp_ipcp_policy ipol = {
	.local = 0x0a080001, .dns = { 0x0a080035, 0 }, .nbns = { 0, 0x0a080002 },
};

#define V6_OURS		0x0123456789abcdefull
#define V6_FRESH	0x1122334455667788ull

struct proto {
	struct ppp_lcp_state lcp;
	struct ppp_ipcp_state ipcp;
	struct ppp_ipv6cp_state ipv6cp;
};

static uint64_t now_ms;
static volatile size_t sink;	/* keeps the decoded values alive */

static void opts_round_trip(const uint8_t *o, size_t n)
{
	static uint8_t buf[PPP_ANSWER_MAX + 8];
	struct ppp_wbuf w;
	struct ppp_opt opt;
	size_t off = 0;

	if (ppp_opts_check(o, n, NULL))
		return;
	ppp_w_init(&w, buf, sizeof(buf));
	while (ppp_opt_next(o, n, &off, &opt, NULL) == 1)
		ppp_w_opt(&w, opt.type, opt.data, opt.len - PPP_OPT_HDR_LEN);
	if (n <= sizeof(buf) && (w.err || w.len != n || memcmp(buf, o, n)))
		abort();
}

static void check_answer(int code, const uint8_t *b, size_t n)
{
	if (code == -1)
		return;
	if (code != PPP_CONF_ACK && code != PPP_CONF_NAK && code != PPP_CONF_REJ)
		abort();
	if (ppp_opts_check(b, n, NULL) && code != PPP_CONF_ACK)
		abort();
}

static void options(const uint8_t *o, size_t n)
{
	static uint8_t ans[PPP_FSM_PKT_MAX];
	struct ppp_lcp_state ls;
	struct ppp_ipcp_state is;
	struct ppp_ipv6cp_state v6;
	struct ppp_wbuf w;
	int code;

	opts_round_trip(o, n);
	for (int ro = 0; ro < 2; ro++) {
		ppp_lcp_init(&ls, &lpol, 0x01020304);
		ppp_w_init(&w, ans, sizeof(ans));
		code = ppp_lcp_check_req(&ls, &lpol, o, n, ro, 0x05060708, &w);
		check_answer(code, ans, w.len);
		if (code == PPP_CONF_ACK && (w.len != n || memcmp(ans, o, n)))
			abort();
		ppp_ipcp_init(&is, &ipol, 0x0a08000a);
		ppp_w_init(&w, ans, sizeof(ans));
		code = ppp_ipcp_check_req(&is, &ipol, o, n, ro, &w);
		check_answer(code, ans, w.len);
		/* IPV6CP, with a usable random draw and with an unusable one (ours, 0). */
		for (int d = 0; d < 3; d++) {
			static const uint64_t draws[] = { V6_FRESH, V6_OURS, 0 };
			struct ppp_opt opt;

			ppp_ipv6cp_init(&v6, V6_OURS);
			ppp_w_init(&w, ans, sizeof(ans));
			code = ppp_ipv6cp_check_req(&v6, o, n, ro, draws[d], &w);
			check_answer(code, ans, w.len);
			if (code == PPP_CONF_ACK && (w.len != n || memcmp(ans, o, n)))
				abort();
			if (code == PPP_CONF_NAK && ppp_opt_find(ans, w.len, IPV6CP_OPT_IFID, &opt)) {
				uint64_t id = 0;

				if (opt.len != PPP_OPT_HDR_LEN + IPV6CP_IFID_LEN)
					abort();
				for (int i = 0; i < IPV6CP_IFID_LEN; i++)
					id = id << 8 | opt.data[i];
				if (!id || id == V6_OURS)
					abort();
			}
		}
	}
	ppp_ipv6cp_got_nak(&v6, o, n, V6_FRESH);
	if (!v6.id)
		abort();
	ppp_ipv6cp_got_rej(&v6, o, n);
	ppp_w_init(&w, ans, sizeof(ans));
	ppp_ipv6cp_build_req(&v6, &w);
	if (w.err || ppp_opts_check(ans, w.len, NULL))
		abort();
	ppp_lcp_got_nak(&ls, &lpol, o, n, 0x0a0b0c0d);
	ppp_lcp_got_rej(&ls, o, n);
	ppp_w_init(&w, ans, sizeof(ans));
	ppp_lcp_build_req(&ls, &w);
	if (w.err || ppp_opts_check(ans, w.len, NULL))
		abort();
	ppp_ipcp_got_nak(&is, o, n);
	ppp_ipcp_got_rej(&is, o, n);
}

/* ---------------------------------------------------------------- automata */

static void cb_build(struct ppp_fsm *f, struct ppp_wbuf *w)
{
	struct proto *p = f->ctx;

	if (f->lcp)
		ppp_lcp_build_req(&p->lcp, w);
	else if (f->proto == PPP_PROTO_IPV6CP)
		ppp_ipv6cp_build_req(&p->ipv6cp, w);
	else
		ppp_ipcp_build_req(&p->ipcp, &ipol, w);
}

static int cb_check(struct ppp_fsm *f, const uint8_t *o, size_t n, bool ro, struct ppp_wbuf *w)
{
	struct proto *p = f->ctx;

	if (f->lcp)
		return ppp_lcp_check_req(&p->lcp, &lpol, o, n, ro, 0x11111111, w);
	if (f->proto == PPP_PROTO_IPV6CP)
		return ppp_ipv6cp_check_req(&p->ipv6cp, o, n, ro, V6_FRESH, w);
	return ppp_ipcp_check_req(&p->ipcp, &ipol, o, n, ro, w);
}

static int cb_nak(struct ppp_fsm *f, const uint8_t *o, size_t n)
{
	struct proto *p = f->ctx;

	if (f->lcp)
		return ppp_lcp_got_nak(&p->lcp, &lpol, o, n, 0x22222222);
	if (f->proto == PPP_PROTO_IPV6CP)
		return ppp_ipv6cp_got_nak(&p->ipv6cp, o, n, V6_FRESH);
	return ppp_ipcp_got_nak(&p->ipcp, o, n);
}

static int cb_rej(struct ppp_fsm *f, const uint8_t *o, size_t n)
{
	struct proto *p = f->ctx;

	if (f->lcp)
		return ppp_lcp_got_rej(&p->lcp, o, n);
	if (f->proto == PPP_PROTO_IPV6CP)
		return ppp_ipv6cp_got_rej(&p->ipv6cp, o, n);
	return ppp_ipcp_got_rej(&p->ipcp, o, n);
}

static void cb_send(struct ppp_fsm *f, const uint8_t *b, size_t n)
{
	struct ppp_pkt p;

	(void)f;
	if (n > PPP_FSM_PKT_MAX || ppp_pkt_parse(b, n, &p, NULL) || p.padding)
		abort();
}

static uint64_t cb_now(struct ppp_fsm *f)
{
	(void)f;
	return now_ms;
}

static const struct ppp_fsm_cb cbs = {
	.build_req = cb_build, .check_req = cb_check, .got_nak = cb_nak, .got_rej = cb_rej,
	.send = cb_send, .now_ms = cb_now,
};

static void automata(const uint8_t *b, size_t n)
{
	static const uint16_t protos[] = { PPP_PROTO_LCP, PPP_PROTO_IPCP, PPP_PROTO_IPV6CP };
	static struct ppp_fsm f;
	static struct proto p;

	for (size_t k = 0; k < sizeof(protos) / sizeof(protos[0]); k++) {
		for (int st = 0; st < PPP_ST_COUNT; st++) {
			ppp_lcp_init(&p.lcp, &lpol, 0x01020304);
			ppp_ipcp_init(&p.ipcp, &ipol, 0x0a08000a);
			ppp_ipv6cp_init(&p.ipv6cp, V6_OURS);
			ppp_fsm_init(&f, protos[k], &cbs, &p);
			f.state = (enum ppp_fsm_state)st;
			f.magic = 0x01020304;
			/* A request of ours, so that answers to it can match. */
			if (st >= PPP_ST_REQ_SENT) {
				enum ppp_fsm_state keep = f.state;

				f.state = PPP_ST_STOPPED;
				ppp_fsm_event(&f, PPP_EV_OPEN, NULL);
				f.state = PPP_ST_CLOSED;
				ppp_fsm_event(&f, PPP_EV_OPEN, NULL);	/* irc, scr */
				f.state = keep;
				if (n >= 2 && (b[0] == PPP_CONF_ACK || b[0] == PPP_CONF_NAK ||
					       b[0] == PPP_CONF_REJ))
					f.id = b[1];
			}
			ppp_fsm_input(&f, b, n);
			if ((unsigned int)f.state >= PPP_ST_COUNT)
				abort();
			now_ms += PPP_FSM_RESTART_MS;
			ppp_fsm_tick(&f);
		}
	}
}

/* ------------------------------------------------------------ the server */

static struct auth_users *srv_users;
static uint64_t srv_now;
static uint8_t srv_rnd;

static int srv_send(struct link *l, const uint8_t *f, size_t n)
{
	struct ppp_pkt p;

	(void)l;
	if (n < 2 || ppp_pkt_parse(f + 2, n - 2, &p, NULL))
		abort();
	return 0;
}

static void srv_close(struct link *l, const char *why)
{
	(void)why;
	l->upper->down(l, "closed");
}

static const struct link_lower_ops srv_lower = { .send = srv_send, .close = srv_close };

static const struct auth_user *srv_find(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	return auth_users_find(srv_users, name, len);
}

static int srv_lease(void *ctx, uint32_t id, uint32_t want, uint32_t fixed, uint32_t *addr)
{
	(void)ctx;
	(void)id;
	*addr = fixed ? fixed : want >= 0x0a080010 && want < 0x0a080020 ? want : 0x0a080010;
	return 0;
}

static uint64_t srv_clock(void *ctx)
{
	(void)ctx;
	return srv_now;
}

static void srv_random(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = (uint8_t)(0x40 + srv_rnd++);
}

/* IPV6CP opened: fails for odd client identifiers (IPV6CP then closes). */
static int srv_ipv6_up(void *ctx, const struct link *l, const struct ppp_ipv6_info *ip)
{
	(void)ctx;
	(void)l;
	if (!ip->local_id || ip->local_id == ip->peer_id)
		abort();
	return ip->peer_id & 1 ? -1 : 0;
}

static void srv_peer_mru(void *ctx, const struct link *l, uint16_t mru)
{
	(void)ctx;
	(void)l;
	if (!mru)
		abort();
}

static void server(const uint8_t *b, size_t size)
{
	static const char users[] = "user alice password \"secret\"\nbob * pw 10.8.0.77\n";
	static const uint16_t protos[] = { 0xc021, 0xc223, 0xc023, 0x8021, 0x80fd, 0x8057,
					   0x0057 };
	struct ppp_server_ops ops = {
		.user_find = srv_find, .addr_lease = srv_lease, .now = srv_clock,
		.random = srv_random, .ipv6_up = srv_ipv6_up, .peer_mru = srv_peer_mru,
	};
	struct ppp_server_cfg cfg = { .auth = 0x7, .ipv6 = size && (b[0] & 1) };
	struct ppp_servers *ps;
	struct link l;
	uint8_t *f;

	if (!srv_users && auth_users_parse(users, sizeof(users) - 1, "u", &srv_users, NULL, 0))
		abort();
	srv_now = 1000;
	srv_rnd = 0;
	cfg.local.s_addr = htonl(0x0a080001);
	cfg.dns[0].s_addr = htonl(0x0a080035);
	ps = ppp_servers_new(&cfg, &ops);
	if (!ps)
		abort();
	memset(&l, 0, sizeof(l));
	l.id = 1;
	l.lower = &srv_lower;
	f = malloc(size + 2);
	if (!f)
		abort();
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (ppp_server_attach(ps, &l))
			abort();
		f[0] = (uint8_t)(protos[i] >> 8);
		f[1] = (uint8_t)protos[i];
		memcpy(f + 2, b, size);
		if (l.upper_ctx)
			l.upper->input(&l, f, size + 2);
		l.upper->down(&l, "next");
	}
	if (ppp_server_attach(ps, &l))
		abort();
	for (size_t off = 0; off < size;) {
		size_t n = b[off++];

		if (n > size - off)
			n = size - off;
		memcpy(f, b + off, n);
		l.upper->input(&l, n ? f : NULL, n);
		off += n;
		srv_now += 1000;
		if (ppp_servers_next_timeout(ps) <= srv_now)
			ppp_servers_tick(ps, srv_now);
	}
	ppp_servers_stop_all(ps, "fuzz");
	free(f);
	ppp_servers_free(ps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *b = fuzz_copy(data, size);
	struct ppp_pkt p;
	struct ppp_code_rej cr;
	struct ppp_proto_rej pr;
	struct ppp_echo e;

	if (!ppp_pkt_parse(b, size, &p, NULL)) {
		if (!ppp_code_rej_parse(&p, &cr, NULL))
			sink += cr.len + cr.code;
		if (!ppp_proto_rej_parse(&p, &pr, NULL))
			sink += pr.len + pr.proto;
		if (!ppp_echo_parse(&p, &e, NULL))
			sink += e.len + e.magic;
		sink += strlen(ppp_code_name(p.code));
		if (p.code >= PPP_CONF_REQ && p.code <= PPP_CONF_REJ)
			options(p.data, p.data_len);
	}
	/* The whole input as an option list too (the shape of a Configure body). */
	options(b, size);
	automata(b, size);
	server(b, size);
	free(b);
	return 0;
}
