// SPDX-License-Identifier: GPL-2.0
/*
 * The IPCP instance of a PPP server link: the ppp_fsm automaton with the
 * options of ppp_ipcp_opts.c, started when authentication succeeded.
 * The client's address is leased (ops->addr_lease) when its first
 * Configure-Request arrives: the address it asks for (0.0.0.0: any) and
 * the user's static address are passed to the daemon, which decides; if
 * the address it asked for is refused, any address is asked for. The
 * client is then Nak'd to the leased address whatever else it wants, and
 * to the configured DNS (NBNS) servers (RFC 1877). IPCP Opened: ops->ip_up
 * with both ends; its failure ends the session. IPCP leaving Opened:
 * ops->ip_down. The session's end (ppp_ipcp_release()): ip_down if up and
 * ops->addr_release. IPCP finishing (the client closed it, or it never
 * converged), an empty pool or a failed ip_up make LCP terminate; that is
 * done after the automaton's event, never from inside its callbacks.
 */
#include <arpa/inet.h>
#include <string.h>
#include <syslog.h>

#include "link.h"
#include "ppp_server_priv.h"

static struct ppp_inst *inst(struct ppp_fsm *f)
{
	return f->ctx;
}

static int lease(struct ppp_inst *in, uint32_t want)
{
	const struct ppp_server_ops *o = &in->ps->ops;
	uint32_t addr = 0;
	int rc;

	if (!o->addr_lease)
		return -1;
	rc = o->addr_lease(o->ctx, in->link_id, want, in->fixed, &addr);
	if ((rc || !addr) && want) {
		addr = 0;
		rc = o->addr_lease(o->ctx, in->link_id, 0, in->fixed, &addr);
	}
	if (rc || !addr)
		return -1;
	in->leased = true;
	in->addr = addr;
	in->ipcp_st.peer_addr = addr;
	return 0;
}

static void cb_build_req(struct ppp_fsm *f, struct ppp_wbuf *w)
{
	struct ppp_inst *in = inst(f);

	ppp_ipcp_build_req(&in->ipcp_st, &in->ps->ipol, w);
}

static int cb_check_req(struct ppp_fsm *f, const uint8_t *opts, size_t n, bool reject_only,
			struct ppp_wbuf *w)
{
	struct ppp_inst *in = inst(f);
	struct ppp_opt o;
	uint32_t want = 0;

	if (ppp_opts_check(opts, n, NULL))
		return -1;
	if (!in->leased) {
		if (ppp_opt_find(opts, n, IPCP_OPT_ADDR, &o) && o.len == PPP_OPT_HDR_LEN + 4)
			want = (uint32_t)o.data[0] << 24 | (uint32_t)o.data[1] << 16 |
			       (uint32_t)o.data[2] << 8 | o.data[3];
		if (lease(in, want)) {
			ppp_log(in, LOG_WARNING, "IPCP: no address for '%s'", in->user);
			if (!in->ipcp_fail)
				in->ipcp_fail = "no address available";
			return -1;
		}
	}
	return ppp_ipcp_check_req(&in->ipcp_st, &in->ps->ipol, opts, n, reject_only, w);
}

static int cb_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	return ppp_ipcp_got_nak(&inst(f)->ipcp_st, opts, n);
}

static int cb_got_rej(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	return ppp_ipcp_got_rej(&inst(f)->ipcp_st, opts, n);
}

static void cb_reset(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	ppp_ipcp_init(&in->ipcp_st, &in->ps->ipol, in->leased ? in->addr : 0);
}

static void cb_up(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);
	const struct ppp_server_ops *o = &in->ps->ops;
	struct ppp_ip_info ip;
	int rc = 0;

	memset(&ip, 0, sizeof(ip));
	ip.local = in->ps->cfg.local;
	ip.peer.s_addr = htonl(in->addr);
	memcpy(ip.user, in->user, sizeof(ip.user));
	if (o->ip_up && in->l)
		rc = o->ip_up(o->ctx, in->l, &ip);
	if (rc) {
		ppp_log(in, LOG_WARNING, "IPCP opened but the interface could not be set up (%d)", rc);
		if (!in->ipcp_fail)
			in->ipcp_fail = "ip_up failed";
		return;
	}
	in->ip_up = true;
	in->phase = PPP_PH_OPEN;
	ppp_log(in, LOG_INFO, "IPCP opened: '%s' is %u.%u.%u.%u", in->user, in->addr >> 24,
		(in->addr >> 16) & 0xff, (in->addr >> 8) & 0xff, in->addr & 0xff);
}

static void ip_down(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	if (!in->ip_up)
		return;
	in->ip_up = false;
	if (o->ip_down)
		o->ip_down(o->ctx, in->l);
}

static void cb_down(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	ip_down(in);
	if (in->phase == PPP_PH_OPEN)
		in->phase = PPP_PH_IPCP;
}

static void cb_finished(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	if (!in->ipcp_fail)
		in->ipcp_fail = "IPCP finished";
}

static void cb_send(struct ppp_fsm *f, const uint8_t *pkt, size_t n)
{
	ppp_send(inst(f), PPP_PROTO_IPCP, pkt, n);
}

static uint64_t cb_now(struct ppp_fsm *f)
{
	return ppp_now(inst(f));
}

static const struct ppp_fsm_cb ipcp_cb = {
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

/* What the automaton's callbacks left to do. */
static void after_event(struct ppp_inst *in)
{
	const char *why = in->ipcp_fail;

	if (!why)
		return;
	in->ipcp_fail = NULL;
	if (!in->lcp_closing && !in->close_why)
		ppp_lcp_terminate(in, why);
}

/**
 * ppp_ipcp_start() - the network phase: IPCP Up and Open
 * @in: the instance
 */
void ppp_ipcp_start(struct ppp_inst *in)
{
	ppp_fsm_init(&in->ipcp, PPP_PROTO_IPCP, &ipcp_cb, in);
	in->ipcp.peer_mru = in->lcp_st.peer_mru;
	ppp_fsm_up(&in->ipcp);
	ppp_fsm_open(&in->ipcp);
	after_event(in);
}

/**
 * ppp_ipcp_input() - one IPCP packet from the client (network phase only)
 * @in: the instance
 * @p: the Information field
 * @n: its length
 */
void ppp_ipcp_input(struct ppp_inst *in, const uint8_t *p, size_t n)
{
	if (in->lcp_closing || in->close_why)
		return;
	ppp_fsm_input(&in->ipcp, p, n);
	after_event(in);
}

/**
 * ppp_ipcp_tick() - IPCP's restart timer
 * @in: the instance
 * @now: the time
 */
void ppp_ipcp_tick(struct ppp_inst *in, uint64_t now)
{
	uint64_t d = ppp_fsm_deadline(&in->ipcp);

	if (!d || d > now || in->lcp_closing)
		return;
	ppp_fsm_tick(&in->ipcp);
	after_event(in);
}

/**
 * ppp_ipcp_release() - the end of the network phase, without frames
 * @in: the instance
 *
 * ops->ip_down if IPCP had opened, ops->addr_release if an address was
 * leased, IPCP's automaton stopped (Down: no packet, no timer). Safe to
 * call more than once.
 */
void ppp_ipcp_release(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	ip_down(in);
	if (in->ipcp.cb) {
		in->ipcp.deadline = 0;
		if (in->ipcp.state != PPP_ST_INITIAL && in->ipcp.state != PPP_ST_STARTING)
			ppp_fsm_down(&in->ipcp);
		in->ipcp.deadline = 0;
		in->ipcp_fail = NULL;
	}
	if (in->leased) {
		in->leased = false;
		if (o->addr_release)
			o->addr_release(o->ctx, in->link_id);
	}
}
