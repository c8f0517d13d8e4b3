// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 1661 section 4 option negotiation automaton: the state
 * transition table of section 4.1 as data (one cell per state and event:
 * the actions, the next state), the actions of section 4.4, the restart
 * timer and counters of section 4.6, and the classification of received
 * packets into events (section 4.3 and 5).
 */
#include <string.h>

#include "ppp_fsm.h"

/* Actions, performed in this order (the order every cell of the table lists them in). */
#define A_TLD	0x0001
#define A_IRC	0x0002
#define A_ZRC	0x0004
#define A_SCR	0x0008
#define A_STR	0x0010
#define A_SCA	0x0020
#define A_SCN	0x0040
#define A_STA	0x0080
#define A_SCJ	0x0100
#define A_SER	0x0200
#define A_TLU	0x0400
#define A_TLS	0x0800
#define A_TLF	0x1000

/* What we send at least, whatever the peer's MRU says (LCP checks it first). */
#define PPP_FSM_MIN_OUT	64

struct cell {
	uint16_t act;
	int8_t next;		/* -1: illegal event */
};

#define X	{ 0, -1 }
#define S(a, n)	{ (a), PPP_ST_##n }

/* RFC 1661 section 4.1, row by row (events), column by column (states 0..9). */
static const struct cell table[PPP_EV_COUNT][PPP_ST_COUNT] = {
	[PPP_EV_UP] = { S(0, CLOSED), S(A_IRC | A_SCR, REQ_SENT), X, X, X, X, X, X, X, X },
	[PPP_EV_DOWN] = { X, X, S(0, INITIAL), S(A_TLS, STARTING), S(0, INITIAL),
			  S(0, STARTING), S(0, STARTING), S(0, STARTING), S(0, STARTING),
			  S(A_TLD, STARTING) },
	[PPP_EV_OPEN] = { S(A_TLS, STARTING), S(0, STARTING), S(A_IRC | A_SCR, REQ_SENT),
			  S(0, STOPPED), S(0, STOPPING), S(0, STOPPING), S(0, REQ_SENT),
			  S(0, ACK_RCVD), S(0, ACK_SENT), S(0, OPENED) },
	[PPP_EV_CLOSE] = { S(0, INITIAL), S(A_TLF, INITIAL), S(0, CLOSED), S(0, CLOSED),
			   S(0, CLOSING), S(0, CLOSING), S(A_IRC | A_STR, CLOSING),
			   S(A_IRC | A_STR, CLOSING), S(A_IRC | A_STR, CLOSING),
			   S(A_TLD | A_IRC | A_STR, CLOSING) },
	[PPP_EV_TO_PLUS] = { X, X, X, X, S(A_STR, CLOSING), S(A_STR, STOPPING),
			     S(A_SCR, REQ_SENT), S(A_SCR, REQ_SENT), S(A_SCR, ACK_SENT), X },
	[PPP_EV_TO_MINUS] = { X, X, X, X, S(A_TLF, CLOSED), S(A_TLF, STOPPED),
			      S(A_TLF, STOPPED), S(A_TLF, STOPPED), S(A_TLF, STOPPED), X },
	[PPP_EV_RCR_PLUS] = { X, X, S(A_STA, CLOSED), S(A_IRC | A_SCR | A_SCA, ACK_SENT),
			      S(0, CLOSING), S(0, STOPPING), S(A_SCA, ACK_SENT),
			      S(A_SCA | A_TLU, OPENED), S(A_SCA, ACK_SENT),
			      S(A_TLD | A_SCR | A_SCA, ACK_SENT) },
	[PPP_EV_RCR_MINUS] = { X, X, S(A_STA, CLOSED), S(A_IRC | A_SCR | A_SCN, REQ_SENT),
			       S(0, CLOSING), S(0, STOPPING), S(A_SCN, REQ_SENT),
			       S(A_SCN, ACK_RCVD), S(A_SCN, REQ_SENT),
			       S(A_TLD | A_SCR | A_SCN, REQ_SENT) },
	[PPP_EV_RCA] = { X, X, S(A_STA, CLOSED), S(A_STA, STOPPED), S(0, CLOSING),
			 S(0, STOPPING), S(A_IRC, ACK_RCVD), S(A_SCR, REQ_SENT),
			 S(A_IRC | A_TLU, OPENED), S(A_TLD | A_SCR, REQ_SENT) },
	[PPP_EV_RCN] = { X, X, S(A_STA, CLOSED), S(A_STA, STOPPED), S(0, CLOSING),
			 S(0, STOPPING), S(A_IRC | A_SCR, REQ_SENT), S(A_SCR, REQ_SENT),
			 S(A_IRC | A_SCR, ACK_SENT), S(A_TLD | A_SCR, REQ_SENT) },
	[PPP_EV_RTR] = { X, X, S(A_STA, CLOSED), S(A_STA, STOPPED), S(A_STA, CLOSING),
			 S(A_STA, STOPPING), S(A_STA, REQ_SENT), S(A_STA, REQ_SENT),
			 S(A_STA, REQ_SENT), S(A_TLD | A_ZRC | A_STA, STOPPING) },
	[PPP_EV_RTA] = { X, X, S(0, CLOSED), S(0, STOPPED), S(A_TLF, CLOSED),
			 S(A_TLF, STOPPED), S(0, REQ_SENT), S(0, REQ_SENT), S(0, ACK_SENT),
			 S(A_TLD | A_SCR, REQ_SENT) },
	[PPP_EV_RUC] = { X, X, S(A_SCJ, CLOSED), S(A_SCJ, STOPPED), S(A_SCJ, CLOSING),
			 S(A_SCJ, STOPPING), S(A_SCJ, REQ_SENT), S(A_SCJ, ACK_RCVD),
			 S(A_SCJ, ACK_SENT), S(A_SCJ, OPENED) },
	[PPP_EV_RXJ_PLUS] = { X, X, S(0, CLOSED), S(0, STOPPED), S(0, CLOSING),
			      S(0, STOPPING), S(0, REQ_SENT), S(0, REQ_SENT), S(0, ACK_SENT),
			      S(0, OPENED) },
	[PPP_EV_RXJ_MINUS] = { X, X, S(A_TLF, CLOSED), S(A_TLF, STOPPED), S(A_TLF, CLOSED),
			       S(A_TLF, STOPPED), S(A_TLF, STOPPED), S(A_TLF, STOPPED),
			       S(A_TLF, STOPPED), S(A_TLD | A_IRC | A_STR, STOPPING) },
	[PPP_EV_RXR] = { X, X, S(0, CLOSED), S(0, STOPPED), S(0, CLOSING), S(0, STOPPING),
			 S(0, REQ_SENT), S(0, ACK_RCVD), S(0, ACK_SENT), S(A_SER, OPENED) },
};

#undef X
#undef S

void ppp_fsm_init(struct ppp_fsm *f, uint16_t proto, const struct ppp_fsm_cb *cb, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->proto = proto;
	f->lcp = proto == PPP_PROTO_LCP;
	f->cb = cb;
	f->ctx = ctx;
	f->state = PPP_ST_INITIAL;
	f->max_configure = PPP_FSM_MAX_CONFIGURE;
	f->max_terminate = PPP_FSM_MAX_TERMINATE;
	f->max_failure = PPP_FSM_MAX_FAILURE;
	f->restart_ms = PPP_FSM_RESTART_MS;
	f->peer_mru = PPP_MRU_DEFAULT;
}

static bool negotiating(enum ppp_fsm_state s)
{
	return s == PPP_ST_REQ_SENT || s == PPP_ST_ACK_RCVD || s == PPP_ST_ACK_SENT;
}

static bool timer_state(enum ppp_fsm_state s)
{
	return negotiating(s) || s == PPP_ST_CLOSING || s == PPP_ST_STOPPING;
}

static void start_timer(struct ppp_fsm *f)
{
	uint64_t d = f->cb->now_ms(f) + f->restart_ms;

	f->deadline = d ? d : 1;
}

/* The most we may send the peer (its MRU, our buffer). */
static size_t out_cap(const struct ppp_fsm *f)
{
	size_t cap = f->peer_mru >= PPP_FSM_MIN_OUT ? f->peer_mru : PPP_FSM_MIN_OUT;

	return cap < PPP_FSM_PKT_MAX ? cap : PPP_FSM_PKT_MAX;
}

static void send_pkt(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t n)
{
	uint8_t buf[PPP_FSM_PKT_MAX];
	struct ppp_wbuf w;
	size_t len;

	ppp_w_init(&w, buf, sizeof(buf));
	ppp_w_hdr(&w, code, id);
	ppp_w_bytes(&w, data, n);
	len = ppp_w_finish(&w);
	if (len)
		f->cb->send(f, buf, len);
}

/* scr: a Configure-Request; a retransmission keeps its identifier if the options did not change. */
static void scr(struct ppp_fsm *f, bool retransmit)
{
	uint8_t opts[PPP_FSM_OPTS_MAX];
	struct ppp_wbuf w;

	if (!negotiating(f->state)) {
		if (f->cb->reset && !f->reset_done)
			f->cb->reset(f);
		f->failures = 0;
	}
	f->reset_done = false;
	ppp_w_init(&w, opts, sizeof(opts));
	if (f->cb->build_req)
		f->cb->build_req(f, &w);
	if (w.err)
		w.len = 0;	/* a protocol bug: request nothing rather than garbage */
	if (!(retransmit && f->req_sent && w.len == f->our_req_len &&
	      !memcmp(opts, f->our_req, w.len)))
		f->id++;
	memcpy(f->our_req, opts, w.len);
	f->our_req_len = w.len;
	f->req_sent = true;
	if (f->restart)
		f->restart--;
	send_pkt(f, PPP_CONF_REQ, f->id, f->our_req, f->our_req_len);
	start_timer(f);
}

static void str(struct ppp_fsm *f)
{
	f->id++;
	f->req_sent = false;	/* no Configure-Ack/Nak/Reject matches any more */
	if (f->restart)
		f->restart--;
	send_pkt(f, PPP_TERM_REQ, f->id, NULL, 0);
	start_timer(f);
}

static void scj(struct ppp_fsm *f, const struct ppp_pkt *rx)
{
	uint8_t buf[PPP_FSM_PKT_MAX];
	size_t len;

	if (!rx || !rx->data)
		return;
	len = ppp_w_code_rej(buf, out_cap(f), ++f->rej_id, rx->data - PPP_HDR_LEN, rx->len);
	if (len)
		f->cb->send(f, buf, len);
}

static void ser(struct ppp_fsm *f, const struct ppp_pkt *rx)
{
	uint8_t buf[PPP_FSM_PKT_MAX];
	struct ppp_echo e;
	size_t len, cap = out_cap(f);

	if (!rx || rx->code != PPP_ECHO_REQ || ppp_echo_parse(rx, &e, NULL))
		return;
	if (e.len > cap - PPP_HDR_LEN - PPP_MAGIC_LEN)
		e.len = cap - PPP_HDR_LEN - PPP_MAGIC_LEN;
	len = ppp_w_echo(buf, cap, PPP_ECHO_REP, rx->id, f->magic, e.data, e.len);
	if (len)
		f->cb->send(f, buf, len);
}

int ppp_fsm_event(struct ppp_fsm *f, enum ppp_fsm_event ev, const struct ppp_pkt *rx)
{
	const struct cell *c;
	uint8_t rx_id = rx ? rx->id : 0;
	enum ppp_fsm_state next;

	if ((unsigned int)ev >= PPP_EV_COUNT || (unsigned int)f->state >= PPP_ST_COUNT)
		return -1;
	c = &table[ev][f->state];
	if (c->next < 0) {
		f->illegal++;
		return -1;
	}
	next = (enum ppp_fsm_state)c->next;
	if ((c->act & A_TLD) && f->cb->down)
		f->cb->down(f);
	if (c->act & A_IRC)
		f->restart = (c->act & A_STR) ? f->max_terminate : f->max_configure;
	if (c->act & A_ZRC) {
		f->restart = 0;
		start_timer(f);
	}
	if (c->act & A_SCR)
		scr(f, ev == PPP_EV_TO_PLUS);
	if (c->act & A_STR)
		str(f);
	if (c->act & A_SCA) {
		f->failures = 0;
		send_pkt(f, PPP_CONF_ACK, rx_id, f->reply, f->reply_len);
	}
	if (c->act & A_SCN) {
		if (f->reply_code != PPP_CONF_REJ)
			f->failures++;
		send_pkt(f, f->reply_code == PPP_CONF_REJ ? PPP_CONF_REJ : PPP_CONF_NAK, rx_id,
			 f->reply, f->reply_len);
	}
	if (c->act & A_STA)
		send_pkt(f, PPP_TERM_ACK, rx_id, NULL, 0);
	if (c->act & A_SCJ)
		scj(f, rx);
	if (c->act & A_SER)
		ser(f, rx);
	f->reply_code = 0;
	f->reply_len = 0;
	f->state = next;
	if (!timer_state(next))
		f->deadline = 0;
	if ((c->act & A_TLU) && f->cb->up)
		f->cb->up(f);
	if ((c->act & A_TLS) && f->cb->started)
		f->cb->started(f);
	if ((c->act & A_TLF) && f->cb->finished)
		f->cb->finished(f);
	return 0;
}

int ppp_fsm_up(struct ppp_fsm *f)
{
	return ppp_fsm_event(f, PPP_EV_UP, NULL);
}

int ppp_fsm_down(struct ppp_fsm *f)
{
	return ppp_fsm_event(f, PPP_EV_DOWN, NULL);
}

int ppp_fsm_open(struct ppp_fsm *f)
{
	return ppp_fsm_event(f, PPP_EV_OPEN, NULL);
}

int ppp_fsm_close(struct ppp_fsm *f)
{
	return ppp_fsm_event(f, PPP_EV_CLOSE, NULL);
}

uint64_t ppp_fsm_deadline(const struct ppp_fsm *f)
{
	return f->deadline;
}

int ppp_fsm_tick(struct ppp_fsm *f)
{
	if (!f->deadline || f->cb->now_ms(f) < f->deadline)
		return 0;
	f->deadline = 0;
	ppp_fsm_event(f, f->restart > 0 ? PPP_EV_TO_PLUS : PPP_EV_TO_MINUS, NULL);
	return 1;
}

/* ------------------------------------------------------------------- input */

static int discard(struct ppp_fsm *f, const char *why)
{
	f->discarded++;
	f->why = why;
	return -1;
}

/* Whether every option of rej[0..n) is, byte for byte and in order, one of our last request. */
static bool rej_subset(const struct ppp_fsm *f, const uint8_t *rej, size_t n)
{
	struct ppp_opt r, o;
	size_t roff = 0, ooff = 0;

	while (ppp_opt_next(rej, n, &roff, &r, NULL) == 1) {
		bool found = false;

		while (!found && ppp_opt_next(f->our_req, f->our_req_len, &ooff, &o, NULL) == 1)
			found = o.len == r.len && !memcmp(o.raw, r.raw, r.len);
		if (!found)
			return false;
	}
	return true;
}

static int conf_req(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	struct ppp_wbuf w;
	int code;

	/* Only these states answer with the protocol's verdict (sca/scn). */
	if (f->state != PPP_ST_STOPPED && !negotiating(f->state) && f->state != PPP_ST_OPENED)
		return ppp_fsm_event(f, PPP_EV_RCR_PLUS, p);
	/* Opened, Stopped: this request starts a new negotiation, whose scr
	 * resets the protocol's state; reset it before the request is read,
	 * so that what it tells (the peer's identifier, MRU) is kept. */
	if ((f->state == PPP_ST_OPENED || f->state == PPP_ST_STOPPED) && f->cb->reset) {
		f->cb->reset(f);
		f->reset_done = true;
	}
	ppp_w_init(&w, f->reply, out_cap(f) - PPP_HDR_LEN);
	code = f->cb->check_req(f, p->data, p->data_len, f->failures >= f->max_failure, &w);
	if (w.err || (code != PPP_CONF_ACK && code != PPP_CONF_NAK && code != PPP_CONF_REJ)) {
		f->reset_done = false;
		return discard(f, "no answer to the Configure-Request fits");
	}
	f->reply_code = (uint8_t)code;
	f->reply_len = w.len;
	return ppp_fsm_event(f, code == PPP_CONF_ACK ? PPP_EV_RCR_PLUS : PPP_EV_RCR_MINUS, p);
}

static int conf_answer(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	bool adapt = negotiating(f->state) || f->state == PPP_ST_OPENED;
	int rc = 0;

	/*
	 * Where the table only answers (sta in Closed and Stopped) or ignores
	 * (Closing, Stopping) or calls the event illegal (Initial, Starting),
	 * the answer is not checked against a request we may no longer have.
	 */
	if (!adapt)
		return ppp_fsm_event(f, p->code == PPP_CONF_ACK ? PPP_EV_RCA : PPP_EV_RCN, p);
	if (!f->req_sent || p->id != f->id)
		return discard(f, "answer to no request of ours");
	if (p->code == PPP_CONF_ACK) {
		if (p->data_len != f->our_req_len || memcmp(p->data, f->our_req, p->data_len))
			return discard(f, "Configure-Ack does not repeat our request");
		if ((f->state == PPP_ST_REQ_SENT || f->state == PPP_ST_ACK_SENT) && f->cb->got_ack)
			f->cb->got_ack(f, p->data, p->data_len);
		return ppp_fsm_event(f, PPP_EV_RCA, p);
	}
	if (p->code == PPP_CONF_REJ && !rej_subset(f, p->data, p->data_len))
		return discard(f, "Configure-Reject of options we did not request");
	if (p->code == PPP_CONF_NAK)
		rc = f->cb->got_nak ? f->cb->got_nak(f, p->data, p->data_len) : 0;
	else
		rc = f->cb->got_rej ? f->cb->got_rej(f, p->data, p->data_len) : 0;
	if (rc < 0)
		return ppp_fsm_close(f);
	return ppp_fsm_event(f, PPP_EV_RCN, p);
}

static int code_rej(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	struct ppp_code_rej cr;

	if (ppp_code_rej_parse(p, &cr, &f->why))
		return discard(f, f->why);
	/* Codes every implementation must know: their rejection is catastrophic. */
	if (cr.code >= PPP_CONF_REQ && cr.code <= PPP_CODE_REJ)
		return ppp_fsm_event(f, PPP_EV_RXJ_MINUS, p);
	return ppp_fsm_event(f, PPP_EV_RXJ_PLUS, p);
}

static int proto_rej(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	struct ppp_proto_rej pr;
	bool opened = f->state == PPP_ST_OPENED;
	int rc;

	if (ppp_proto_rej_parse(p, &pr, &f->why))
		return discard(f, f->why);
	if (pr.proto == PPP_PROTO_LCP)
		return ppp_fsm_event(f, PPP_EV_RXJ_MINUS, p);
	rc = ppp_fsm_event(f, PPP_EV_RXJ_PLUS, p);
	if (!rc && opened && f->cb->proto_rejected)
		f->cb->proto_rejected(f, pr.proto);
	return rc;
}

static int echo(struct ppp_fsm *f, const struct ppp_pkt *p)
{
	struct ppp_echo e;
	int rc;

	if (ppp_echo_parse(p, &e, &f->why))
		return discard(f, f->why);
	rc = ppp_fsm_event(f, PPP_EV_RXR, p);
	if (!rc && f->state == PPP_ST_OPENED && f->cb->rxr)
		f->cb->rxr(f, p);
	return rc;
}

int ppp_fsm_input(struct ppp_fsm *f, const uint8_t *buf, size_t n)
{
	struct ppp_pkt p;
	const char *why = NULL;

	if (ppp_pkt_parse(buf, n, &p, &why))
		return discard(f, why);
	switch (p.code) {
	case PPP_CONF_REQ:
		return conf_req(f, &p);
	case PPP_CONF_ACK:
	case PPP_CONF_NAK:
	case PPP_CONF_REJ:
		return conf_answer(f, &p);
	case PPP_TERM_REQ:
		return ppp_fsm_event(f, PPP_EV_RTR, &p);
	case PPP_TERM_ACK:
		return ppp_fsm_event(f, PPP_EV_RTA, &p);
	case PPP_CODE_REJ:
		return code_rej(f, &p);
	case PPP_PROTO_REJ:
		if (f->lcp)
			return proto_rej(f, &p);
		break;
	case PPP_ECHO_REQ:
	case PPP_ECHO_REP:
	case PPP_DISCARD_REQ:
		if (f->lcp)
			return echo(f, &p);
		break;
	}
	return ppp_fsm_event(f, PPP_EV_RUC, &p);
}

const char *ppp_fsm_state_name(enum ppp_fsm_state s)
{
	static const char *const names[PPP_ST_COUNT] = {
		"Initial", "Starting", "Closed", "Stopped", "Closing",
		"Stopping", "Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened",
	};

	return (unsigned int)s < PPP_ST_COUNT ? names[s] : "?";
}

const char *ppp_fsm_event_name(enum ppp_fsm_event e)
{
	static const char *const names[PPP_EV_COUNT] = {
		"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-",
		"RCA", "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR",
	};

	return (unsigned int)e < PPP_EV_COUNT ? names[e] : "?";
}
