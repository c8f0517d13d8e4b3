// SPDX-License-Identifier: GPL-2.0
/*
 * The LCP instance of a PPP server link: the ppp_fsm automaton with the
 * options of ppp_lcp_opts.c, plus what the automaton leaves to its owner:
 * Echo-Request keepalives (ours every echo_interval_ms, the link closed
 * after echo_failures unanswered; the client's answered by the automaton),
 * loop detection (our Magic-Number in a Configure-Request PPP_LCP_MAX_LOOPS
 * times, or in an Echo-Request/-Reply), Identification (12) and
 * Time-Remaining (13) ignored, Protocol-Reject of protocols we do not run
 * (only in Opened, RFC 1661 5.7), Code-Reject of unknown codes (the
 * automaton's RUC).
 *
 * LCP leaving Opened ends the session: the link is closed once the
 * current packet has been answered (a peer's Terminate-Request gets its
 * Terminate-Ack first). When we terminate (authentication failed, ip_up
 * failed, the server stopping), LCP sends Terminate-Request and the link
 * is closed when it has finished (Terminate-Ack or the restart timer).
 */
#include <syslog.h>

#include "ppp_server_priv.h"

#define LCP_CODE_IDENT		12	/* RFC 1570 */
#define LCP_CODE_TIME_LEFT	13

static struct ppp_inst *inst(struct ppp_fsm *f)
{
	return f->ctx;
}

/* A non-zero magic number, different from ours. */
static uint32_t fresh_magic(struct ppp_inst *in)
{
	uint32_t m = 0;

	for (int i = 0; i < 4 && (!m || m == in->lcp_st.magic); i++)
		ppp_random(in, &m, sizeof(m));
	if (!m || m == in->lcp_st.magic)
		m = in->lcp_st.magic + 0x9e3779b9u;	/* a broken random source: still not ours */
	return m ? m : 1;
}

static void cb_build_req(struct ppp_fsm *f, struct ppp_wbuf *w)
{
	ppp_lcp_build_req(&inst(f)->lcp_st, w);
}

static int cb_check_req(struct ppp_fsm *f, const uint8_t *opts, size_t n, bool reject_only,
			struct ppp_wbuf *w)
{
	struct ppp_inst *in = inst(f);
	int rc;

	rc = ppp_lcp_check_req(&in->lcp_st, &in->ps->lpol, opts, n, reject_only,
			       fresh_magic(in), w);
	if (in->lcp_st.loops >= PPP_LCP_MAX_LOOPS) {
		ppp_log(in, LOG_WARNING, "LCP: our Magic-Number came back %u times: looped-back link",
			in->lcp_st.loops);
		ppp_close_link(in, "looped-back link");
	}
	return rc;
}

static int cb_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	struct ppp_inst *in = inst(f);

	if (ppp_lcp_got_nak(&in->lcp_st, &in->ps->lpol, opts, n, fresh_magic(in))) {
		ppp_log(in, LOG_NOTICE, "LCP: the client refuses every authentication protocol allowed");
		in->lcp_closing = true;
		in->lcp_why = "no authentication protocol in common";
		return -1;
	}
	return 0;
}

static int cb_got_rej(struct ppp_fsm *f, const uint8_t *opts, size_t n)
{
	struct ppp_inst *in = inst(f);

	if (ppp_lcp_got_rej(&in->lcp_st, opts, n)) {
		ppp_log(in, LOG_NOTICE, "LCP: the client rejects authentication");
		in->lcp_closing = true;
		in->lcp_why = "the client rejects authentication";
		return -1;
	}
	return 0;
}

/* A new negotiation: our request from the policy; the peer's last values and loops kept. */
static void cb_reset(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);
	struct ppp_lcp_state old = in->lcp_st;

	ppp_lcp_init(&in->lcp_st, &in->ps->lpol, old.magic ? old.magic : fresh_magic(in));
	in->lcp_st.peer_mru = old.peer_mru ? old.peer_mru : PPP_MRU_DEFAULT;
	in->lcp_st.peer_magic = old.peer_magic;
	in->lcp_st.peer_accm = old.peer_accm;
	in->lcp_st.peer_pfc = old.peer_pfc;
	in->lcp_st.peer_acfc = old.peer_acfc;
	in->lcp_st.loops = old.loops;
}

static void cb_up(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	f->magic = in->lcp_st.send_magic ? in->lcp_st.magic : 0;
	f->peer_mru = in->lcp_st.peer_mru;
	in->echo_out = 0;
	in->echo_due = in->ps->cfg.echo_interval_ms == PPP_ECHO_OFF ? 0 :
		       ppp_now(in) + in->ps->cfg.echo_interval_ms;
	ppp_log(in, LOG_INFO, "LCP opened (client MRU %u, authentication %s)",
		in->lcp_st.peer_mru, ppp_auth_name(in->lcp_st.auth));
	if (in->ps->ops.peer_mru && in->l)
		in->ps->ops.peer_mru(in->ps->ops.ctx, in->l, in->lcp_st.peer_mru);
	ppp_phase_auth(in);
}

static void cb_down(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	in->echo_due = 0;
	ppp_release_upper(in);
	if (!in->lcp_closing)
		ppp_close_link(in, "LCP down");
}

static void cb_finished(struct ppp_fsm *f)
{
	struct ppp_inst *in = inst(f);

	in->echo_due = 0;
	ppp_close_link(in, in->lcp_why ? in->lcp_why : "LCP finished");
}

static void cb_proto_rejected(struct ppp_fsm *f, uint16_t proto)
{
	struct ppp_inst *in = inst(f);

	ppp_log(in, LOG_NOTICE, "LCP: the client rejects protocol 0x%04x", proto);
	if (proto == PPP_PROTO_IPV6CP)
		ppp_ipv6cp_rejected(in);
	if (proto == PPP_PROTO_IPCP || proto == PPP_PROTO_CHAP || proto == PPP_PROTO_PAP)
		ppp_lcp_terminate(in, "the client rejects a protocol the session needs");
}

static void cb_rxr(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	struct ppp_inst *in = inst(f);
	struct ppp_echo e;

	if (p->code != PPP_ECHO_REQ && p->code != PPP_ECHO_REP)
		return;
	if (ppp_echo_parse(p, &e, NULL))
		return;
	if (f->magic && e.magic == f->magic) {
		ppp_log(in, LOG_WARNING, "LCP: Echo with our own Magic-Number: looped-back link");
		ppp_close_link(in, "looped-back link");
		return;
	}
	if (p->code == PPP_ECHO_REP)
		in->echo_out = 0;
}

static void cb_send(struct ppp_fsm *f, const uint8_t *pkt, size_t n)
{
	ppp_send(inst(f), PPP_PROTO_LCP, pkt, n);
}

static uint64_t cb_now(struct ppp_fsm *f)
{
	return ppp_now(inst(f));
}

static const struct ppp_fsm_cb lcp_cb = {
	.build_req = cb_build_req,
	.check_req = cb_check_req,
	.got_nak = cb_got_nak,
	.got_rej = cb_got_rej,
	.reset = cb_reset,
	.up = cb_up,
	.down = cb_down,
	.finished = cb_finished,
	.proto_rejected = cb_proto_rejected,
	.rxr = cb_rxr,
	.send = cb_send,
	.now_ms = cb_now,
};

/**
 * ppp_lcp_start() - LCP Up and Open: the first Configure-Request goes out
 * @in: the instance
 */
void ppp_lcp_start(struct ppp_inst *in)
{
	ppp_fsm_init(&in->lcp, PPP_PROTO_LCP, &lcp_cb, in);
	in->lcp_st.magic = 0;
	ppp_fsm_up(&in->lcp);
	ppp_fsm_open(&in->lcp);
}

/**
 * ppp_lcp_input() - one LCP packet from the client
 * @in: the instance
 * @p: the Information field
 * @n: its length
 */
void ppp_lcp_input(struct ppp_inst *in, const uint8_t *p, size_t n)
{
	struct ppp_pkt pkt;

	if (!ppp_pkt_parse(p, n, &pkt, NULL) &&
	    (pkt.code == LCP_CODE_IDENT || pkt.code == LCP_CODE_TIME_LEFT))
		return;		/* informational (Windows sends its name): ignored */
	ppp_fsm_input(&in->lcp, p, n);
}

/**
 * ppp_lcp_tick() - the restart timer and the keepalive
 * @in: the instance
 * @now: the time
 */
void ppp_lcp_tick(struct ppp_inst *in, uint64_t now)
{
	uint8_t buf[PPP_HDR_LEN + PPP_MAGIC_LEN];
	size_t len;

	if (in->lcp.deadline && in->lcp.deadline <= now)
		ppp_fsm_tick(&in->lcp);
	if (!in->echo_due || in->echo_due > now || in->lcp.state != PPP_ST_OPENED)
		return;
	if (in->echo_out >= in->ps->cfg.echo_failures) {
		ppp_log(in, LOG_NOTICE, "LCP: %u Echo-Requests unanswered", in->echo_out);
		in->echo_due = 0;
		ppp_close_link(in, "no answer to LCP Echo-Requests");
		return;
	}
	len = ppp_w_echo(buf, sizeof(buf), PPP_ECHO_REQ, ++in->echo_id, in->lcp.magic, NULL, 0);
	if (len)
		ppp_send(in, PPP_PROTO_LCP, buf, len);
	in->echo_out++;
	in->echo_due = now + in->ps->cfg.echo_interval_ms;
}

/**
 * ppp_lcp_deadline() - the earliest of the restart timer and the keepalive
 * @in: the instance
 *
 * Return: a time, or 0 (nothing due).
 */
uint64_t ppp_lcp_deadline(const struct ppp_inst *in)
{
	uint64_t d = ppp_fsm_deadline(&in->lcp);

	if (in->echo_due && (!d || in->echo_due < d))
		d = in->echo_due;
	return d;
}

/**
 * ppp_lcp_terminate() - end the session politely
 * @in: the instance
 * @why: the reason (logs, the link's close)
 *
 * A Terminate-Request if LCP is negotiating or Opened (the link closes
 * when LCP finishes); the link closes at once otherwise.
 */
void ppp_lcp_terminate(struct ppp_inst *in, const char *why)
{
	enum ppp_fsm_state s = in->lcp.state;

	if (in->lcp_closing || in->close_why)
		return;
	in->lcp_closing = true;
	in->lcp_why = why;
	in->echo_due = 0;
	in->auth_due = 0;
	ppp_log(in, LOG_INFO, "LCP: terminating: %s", why);
	if (s == PPP_ST_REQ_SENT || s == PPP_ST_ACK_RCVD || s == PPP_ST_ACK_SENT ||
	    s == PPP_ST_OPENED) {
		ppp_fsm_close(&in->lcp);
		in->phase = PPP_PH_CLOSING;
	} else {
		ppp_close_link(in, why);
	}
}

/**
 * ppp_lcp_proto_reject() - refuse a protocol we do not run
 * @in: the instance
 * @proto: the protocol of the frame
 * @info: the frame's Information field
 * @n: its length
 *
 * Only in LCP Opened (elsewhere the frame is silently discarded); the
 * rejected information is cut to the client's MRU.
 */
void ppp_lcp_proto_reject(struct ppp_inst *in, uint16_t proto, const uint8_t *info, size_t n)
{
	uint8_t buf[PPP_FSM_PKT_MAX];
	size_t cap = in->lcp.peer_mru < sizeof(buf) ? in->lcp.peer_mru : sizeof(buf);
	size_t len;

	if (in->lcp.state != PPP_ST_OPENED)
		return;
	len = ppp_w_proto_rej(buf, cap, ++in->prej_id, proto, info, n);
	if (len)
		ppp_send(in, PPP_PROTO_LCP, buf, len);
	ppp_log(in, LOG_DEBUG, "LCP: Protocol-Reject of 0x%04x", proto);
}
