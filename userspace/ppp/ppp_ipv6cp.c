// SPDX-License-Identifier: GPL-2.0
/*
 * The IPV6CP instance of a PPP server link (RFC 5072): the ppp_fsm
 * automaton with the options of ppp_ipv6cp_opts.c, started with IPCP when
 * authentication succeeded, only if the configuration enables IPv6
 * (cfg.ipv6; otherwise IPV6CP and IPv6 frames are Protocol-Rejected, as
 * every protocol we do not run). Our Interface-Identifier is a random
 * non-zero 64-bit value (ops->random); a client's identifier of zero or
 * equal to ours is Nak'd with a fresh random one. IPV6CP Opened:
 * ops->ipv6_up with both identifiers (the daemon puts fe80::<ours>/64,
 * peer fe80::<the client's>, on the session interface); its failure
 * closes IPV6CP (Terminate-Request) and the session goes on with IPv4.
 * IPV6CP leaving Opened: ops->ipv6_down. The client closing IPV6CP, or
 * rejecting the protocol (LCP Protocol-Reject: a client without IPv6),
 * ends IPv6 only, never the session. A close decided inside the
 * automaton's callbacks is done after its event.
 */
#include <string.h>
#include <syslog.h>

#include "link.h"
#include "ppp_server_priv.h"

static struct ppp_inst *inst(struct ppp_fsm *f)
{
	return f->ctx;
}

/* A random non-zero identifier, different from ours. */
static uint64_t fresh_id(struct ppp_inst *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 4 && (!v || v == in->ipv6cp_st.id); i++)
		ppp_random(in, &v, sizeof(v));
	if (!v || v == in->ipv6cp_st.id)
		v = in->ipv6cp_st.id + 0x9e3779b97f4a7c15ull;	/* a broken random source */
	return v ? v : 1;
}

static void cb_build_req(struct ppp_fsm *f, struct ppp_wbuf *w)
{
	ppp_ipv6cp_build_req(&inst(f)->ipv6cp_st, w);
}

static int cb_check_req(struct ppp_fsm *f, const uint8_t *opts, size_t n, bool reject_only,
			struct ppp_wbuf *w)
{
	struct ppp_inst *in = inst(f);

	return ppp_ipv6cp_check_req(&in->ipv6cp_st, opts, n, reject_only, fresh_id(in), w);
}

static int cb_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	struct ppp_inst *in = inst(f);

	return ppp_ipv6cp_got_nak(&in->ipv6cp_st, opts, n, fresh_id(in));
}

static int cb_got_rej(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	return ppp_ipv6cp_got_rej(&inst(f)->ipv6cp_st, opts, n);
}

/* A new negotiation: our identifier kept, the client's forgotten. */
static void cb_reset(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	ppp_ipv6cp_init(&in->ipv6cp_st, in->ipv6cp_st.id ? in->ipv6cp_st.id : fresh_id(in));
}

static void cb_up(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);
	const struct ppp_server_ops *o = &in->ps->ops;
	struct ppp_ipv6_info ip;
	int rc = 0;

	memset(&ip, 0, sizeof(ip));
	ip.local_id = in->ipv6cp_st.id;
	ip.peer_id = in->ipv6cp_st.peer_id;
	memcpy(ip.user, in->user, sizeof(ip.user));
	if (o->ipv6_up && in->l)
		rc = o->ipv6_up(o->ctx, in->l, &ip);
	if (rc) {
		ppp_log(in, LOG_WARNING,
			"IPV6CP opened but the interface could not be set up (%d): IPv4 only", rc);
		if (!in->ipv6cp_fail)
			in->ipv6cp_fail = "ipv6_up failed";
		return;
	}
	in->ipv6_up = true;
	ppp_log(in, LOG_INFO, "IPV6CP opened: '%s' is fe80::%04x:%04x:%04x:%04x", in->user,
		(unsigned int)(ip.peer_id >> 48), (unsigned int)(ip.peer_id >> 32) & 0xffff,
		(unsigned int)(ip.peer_id >> 16) & 0xffff, (unsigned int)ip.peer_id & 0xffff);
}

static void ipv6_down(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	if (!in->ipv6_up)
		return;
	in->ipv6_up = false;
	if (o->ipv6_down)
		o->ipv6_down(o->ctx, in->l);
}

static void cb_down(struct ppp_fsm *f)
{
	ipv6_down(inst(f));
}

static void cb_finished(struct ppp_fsm *f)
{
	ppp_log(inst(f), LOG_INFO, "IPV6CP finished: IPv4 only");
}

static void cb_send(struct ppp_fsm *f, const uint8_t *pkt, size_t n)
{
	ppp_send(inst(f), PPP_PROTO_IPV6CP, pkt, n);
}

static uint64_t cb_now(struct ppp_fsm *f)
{
	return ppp_now(inst(f));
}

static const struct ppp_fsm_cb ipv6cp_cb = {
	.build_req = cb_build_req,
	.check_req = cb_check_req,
	.got_nak = cb_got_nak,
	.got_rej = cb_got_rej,
	.reset = cb_reset,
	.up = cb_up,
	.down = cb_down,
	.finished = cb_finished,
	.send = cb_send,
	.now_ms = cb_now,
};

/* What the automaton's callbacks left to do: close IPV6CP, never the session. */
static void after_event(struct ppp_inst *in)
{
	if (!in->ipv6cp_fail)
		return;
	in->ipv6cp_fail = NULL;
	if (!in->lcp_closing && !in->close_why)
		ppp_fsm_close(&in->ipv6cp);
}

/**
 * ppp_ipv6cp_start() - the network phase: IPV6CP Up and Open (if enabled)
 * @in: the instance
 *
 * Nothing when the configuration does not enable IPv6.
 */
void ppp_ipv6cp_start(struct ppp_inst *in)
{
	if (!in->ps->cfg.ipv6)
		return;
	ppp_fsm_init(&in->ipv6cp, PPP_PROTO_IPV6CP, &ipv6cp_cb, in);
	in->ipv6cp.peer_mru = in->lcp_st.peer_mru;
	in->ipv6cp_st.id = 0;
	ppp_fsm_up(&in->ipv6cp);
	ppp_fsm_open(&in->ipv6cp);
	after_event(in);
}

/**
 * ppp_ipv6cp_input() - one IPV6CP packet from the client (network phase only)
 * @in: the instance (IPV6CP started)
 * @p: the Information field
 * @n: its length
 */
void ppp_ipv6cp_input(struct ppp_inst *in, const uint8_t *p, size_t n)
{
	if (in->lcp_closing || in->close_why || !in->ipv6cp.cb)
		return;
	ppp_fsm_input(&in->ipv6cp, p, n);
	after_event(in);
}

/**
 * ppp_ipv6cp_rejected() - the client Protocol-Rejected IPV6CP (no IPv6 there)
 * @in: the instance
 *
 * RXJ- (RFC 1661 4.1): IPV6CP stops without a frame; the session goes on.
 */
void ppp_ipv6cp_rejected(struct ppp_inst *in)
{
	if (!in->ipv6cp.cb)
		return;
	ppp_fsm_event(&in->ipv6cp, PPP_EV_RXJ_MINUS, NULL);
	after_event(in);
}

/**
 * ppp_ipv6cp_tick() - IPV6CP's restart timer
 * @in: the instance
 * @now: the time
 */
void ppp_ipv6cp_tick(struct ppp_inst *in, uint64_t now)
{
	uint64_t d = ppp_fsm_deadline(&in->ipv6cp);

	if (!in->ipv6cp.cb || !d || d > now || in->lcp_closing)
		return;
	ppp_fsm_tick(&in->ipv6cp);
	after_event(in);
}

/**
 * ppp_ipv6cp_release() - the end of the network phase, without frames
 * @in: the instance
 *
 * ops->ipv6_down if IPV6CP had opened, its automaton stopped (Down: no
 * packet, no timer). Safe to call more than once.
 */
void ppp_ipv6cp_release(struct ppp_inst *in)
{
	ipv6_down(in);
	if (in->ipv6cp.cb) {
		in->ipv6cp.deadline = 0;
		if (in->ipv6cp.state != PPP_ST_INITIAL && in->ipv6cp.state != PPP_ST_STARTING)
			ppp_fsm_down(&in->ipv6cp);
		in->ipv6cp.deadline = 0;
		in->ipv6cp_fail = NULL;
	}
}
