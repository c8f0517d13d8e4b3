// SPDX-License-Identifier: GPL-2.0
/*
 * ppp/ppp_fsm.c: every cell of the state transition table of RFC 1661
 * section 4.1 (transcribed below from the RFC, independently of the
 * table in ppp_fsm.c), then whole negotiations between two automata over a
 * fake wire with a fake clock: convergence, Nak loops and Max-Failure,
 * retransmissions and Max-Configure, Terminate, crossed Configure-Acks,
 * discards, Code-Reject, Protocol-Reject, Echo, unknown codes, every
 * truncation of every packet.
 */
#include <stdlib.h>

#include "test.h"
#include "ppp_fsm.h"

/* ------------------------------------------------------------ the fake world */

#define MAXQ 64

struct side {
	struct ppp_fsm f;
	char log[512];			/* actions, "tlu,scr,..." */
	uint8_t q[MAXQ][PPP_FSM_PKT_MAX];	/* packets sent, oldest first */
	size_t qn[MAXQ];
	unsigned int nq;
	/* The toy protocol: option 1 (len 3) = the value we want; the peer's must be `accept`. */
	uint8_t want, accept;
	bool always_nak;		/* Nak the peer whatever it sends */
	bool last_reject_only;
	int nak_fail;			/* got_nak returns -1 */
	unsigned int ups, downs, starts, finishes, rxrs;
	uint16_t proto_rejected;
};

static uint64_t now;

static struct side *S(struct ppp_fsm *f)
{
	return f->ctx;
}

static void logact(struct ppp_fsm *f, const char *a)
{
	struct side *s = S(f);
	size_t n = strlen(s->log);

	snprintf(s->log + n, sizeof(s->log) - n, "%s%s", n ? "," : "", a);
}

static void cb_build(struct ppp_fsm *f, struct ppp_wbuf *w)
{
	ppp_w_opt(w, 1, &S(f)->want, 1);
}

static int cb_check(struct ppp_fsm *f, const uint8_t *o, size_t n, bool reject_only,
		    struct ppp_wbuf *w)
{
	struct side *s = S(f);
	struct ppp_opt opt;

	s->last_reject_only = reject_only;
	if (ppp_opt_find(o, n, 1, &opt) && opt.len == 3 && opt.data[0] == s->accept &&
	    !s->always_nak) {
		ppp_w_bytes(w, o, n);
		return PPP_CONF_ACK;
	}
	if (ppp_opt_find(o, n, 1, &opt) && reject_only) {
		ppp_w_bytes(w, opt.raw, opt.len);
		return PPP_CONF_REJ;
	}
	ppp_w_opt(w, 1, &s->accept, 1);
	return PPP_CONF_NAK;
}

static int cb_nak(struct ppp_fsm *f, const uint8_t *o, size_t n)
{
	struct ppp_opt opt;

	if (S(f)->nak_fail)
		return -1;
	if (ppp_opt_find(o, n, 1, &opt) && opt.len == 3)
		S(f)->want = opt.data[0];
	return 0;
}

static int cb_rej(struct ppp_fsm *f, const uint8_t *o, size_t n)
{
	(void)o;
	(void)n;
	S(f)->want = 0;
	return 0;
}

static void cb_up(struct ppp_fsm *f) { S(f)->ups++; logact(f, "tlu"); }
static void cb_down(struct ppp_fsm *f) { S(f)->downs++; logact(f, "tld"); }
static void cb_started(struct ppp_fsm *f) { S(f)->starts++; logact(f, "tls"); }
static void cb_finished(struct ppp_fsm *f) { S(f)->finishes++; logact(f, "tlf"); }
static void cb_rxr(struct ppp_fsm *f, const struct ppp_pkt *p) { (void)p; S(f)->rxrs++; }
static void cb_proto_rej(struct ppp_fsm *f, uint16_t proto) { S(f)->proto_rejected = proto; }

static void cb_send(struct ppp_fsm *f, const uint8_t *p, size_t n)
{
	static const char *const names[] = {
		[PPP_CONF_REQ] = "scr", [PPP_CONF_ACK] = "sca", [PPP_CONF_NAK] = "scn",
		[PPP_CONF_REJ] = "scn", [PPP_TERM_REQ] = "str", [PPP_TERM_ACK] = "sta",
		[PPP_CODE_REJ] = "scj", [PPP_ECHO_REP] = "ser",
	};
	struct side *s = S(f);

	CHECK(n >= 4 && n <= PPP_FSM_PKT_MAX);
	CHECK(p[0] < sizeof(names) / sizeof(names[0]) && names[p[0]]);
	if (p[0] < sizeof(names) / sizeof(names[0]) && names[p[0]])
		logact(f, names[p[0]]);
	if (s->nq < MAXQ && n <= PPP_FSM_PKT_MAX) {
		memcpy(s->q[s->nq], p, n);
		s->qn[s->nq++] = n;
	}
}

static uint64_t cb_now(struct ppp_fsm *f)
{
	(void)f;
	return now;
}

static const struct ppp_fsm_cb cbs = {
	.build_req = cb_build, .check_req = cb_check, .got_nak = cb_nak, .got_rej = cb_rej,
	.up = cb_up, .down = cb_down, .started = cb_started, .finished = cb_finished,
	.rxr = cb_rxr, .proto_rejected = cb_proto_rej, .send = cb_send, .now_ms = cb_now,
};

static void side_init(struct side *s, uint16_t proto)
{
	memset(s, 0, sizeof(*s));
	ppp_fsm_init(&s->f, proto, &cbs, s);
	s->want = 1;
	s->accept = 1;
	s->f.magic = 0x55667788;
}

static void side_clear(struct side *s)
{
	s->log[0] = '\0';
	s->nq = 0;
}

/* Deliver everything a sent to b (in order; b's answers queue up on b). */
static unsigned int deliver(struct side *a, struct side *b)
{
	unsigned int n = a->nq;
	static uint8_t q[MAXQ][PPP_FSM_PKT_MAX];
	static size_t qn[MAXQ];

	memcpy(q, a->q, sizeof(q));
	memcpy(qn, a->qn, sizeof(qn));
	a->nq = 0;
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *b2 = malloc(qn[i]);

		memcpy(b2, q[i], qn[i]);
		ppp_fsm_input(&b->f, b2, qn[i]);
		free(b2);
	}
	return n;
}

static void converse(struct side *a, struct side *b)
{
	for (int i = 0; i < 50 && (a->nq || b->nq); i++) {
		deliver(a, b);
		deliver(b, a);
	}
}

/* ------------------------------------------------------------- the table */

/* RFC 1661 section 4.1, "-" illegal; states 0..9 across, events down. */
static const char *const rfc[PPP_EV_COUNT][PPP_ST_COUNT] = {
	/* Up   */ { "2", "irc,scr/6", "-", "-", "-", "-", "-", "-", "-", "-" },
	/* Down */ { "-", "-", "0", "tls/1", "0", "1", "1", "1", "1", "tld/1" },
	/* Open */ { "tls/1", "1", "irc,scr/6", "3r", "5r", "5r", "6", "7", "8", "9r" },
	/* Close*/ { "0", "tlf/0", "2", "2", "4", "4", "irc,str/4", "irc,str/4", "irc,str/4",
		     "tld,irc,str/4" },
	/* TO+  */ { "-", "-", "-", "-", "str/4", "str/5", "scr/6", "scr/6", "scr/8", "-" },
	/* TO-  */ { "-", "-", "-", "-", "tlf/2", "tlf/3", "tlf/3p", "tlf/3p", "tlf/3p", "-" },
	/* RCR+ */ { "-", "-", "sta/2", "irc,scr,sca/8", "4", "5", "sca/8", "sca,tlu/9", "sca/8",
		     "tld,scr,sca/8" },
	/* RCR- */ { "-", "-", "sta/2", "irc,scr,scn/6", "4", "5", "scn/6", "scn/7", "scn/6",
		     "tld,scr,scn/6" },
	/* RCA  */ { "-", "-", "sta/2", "sta/3", "4", "5", "irc/7", "scr/6x", "irc,tlu/9",
		     "tld,scr/6x" },
	/* RCN  */ { "-", "-", "sta/2", "sta/3", "4", "5", "irc,scr/6", "scr/6x", "irc,scr/8",
		     "tld,scr/6x" },
	/* RTR  */ { "-", "-", "sta/2", "sta/3", "sta/4", "sta/5", "sta/6", "sta/6", "sta/6",
		     "tld,zrc,sta/5" },
	/* RTA  */ { "-", "-", "2", "3", "tlf/2", "tlf/3", "6", "6", "8", "tld,scr/6" },
	/* RUC  */ { "-", "-", "scj/2", "scj/3", "scj/4", "scj/5", "scj/6", "scj/7", "scj/8",
		     "scj/9" },
	/* RXJ+ */ { "-", "-", "2", "3", "4", "5", "6", "6", "8", "9" },
	/* RXJ- */ { "-", "-", "tlf/2", "tlf/3", "tlf/2", "tlf/3", "tlf/3", "tlf/3", "tlf/3",
		     "tld,irc,str/5" },
	/* RXR  */ { "-", "-", "2", "3", "4", "5", "6", "7", "8", "ser/9" },
};

static bool has(const char *acts, const char *a)
{
	return strstr(acts, a) != NULL;
}

static void test_fsm_table(void)
{
	/* An Echo-Request (so that ser has something to answer), parsed in place. */
	static const uint8_t echo[] = { PPP_ECHO_REQ, 0x42, 0, 10, 1, 2, 3, 4, 'h', 'i' };
	static struct side s;
	unsigned int cells = 0;

	for (int e = 0; e < PPP_EV_COUNT; e++) {
		for (int st = 0; st < PPP_ST_COUNT; st++) {
			const char *cell = rfc[e][st];
			char acts[64] = "", want_log[128] = "", tmp[64];
			const char *slash = strchr(cell, '/');
			int next, rc;
			struct ppp_pkt rx;
			uint64_t old_deadline = 777;

			side_init(&s, PPP_PROTO_LCP);
			s.f.state = (enum ppp_fsm_state)st;
			s.f.restart = 5;
			s.f.deadline = old_deadline;
			now = 1000;
			CHECK_EQ(ppp_pkt_parse(echo, sizeof(echo), &rx, NULL), 0);
			rc = ppp_fsm_event(&s.f, (enum ppp_fsm_event)e, &rx);
			if (!strcmp(cell, "-")) {
				CHECK_EQ(rc, -1);
				CHECK_EQ(s.f.state, st);
				CHECK_EQ(s.f.illegal, 1);
				CHECK_STR(s.log, "");
				cells++;
				continue;
			}
			if (slash) {
				memcpy(acts, cell, (size_t)(slash - cell));
				next = slash[1] - '0';
			} else {
				next = cell[0] - '0';
			}
			/* The log holds the actions but irc/zrc, in the RFC's order. */
			strcpy(tmp, acts);
			for (char *tok = acts[0] ? strtok(tmp, ",") : NULL; tok;
			     tok = strtok(NULL, ",")) {
				if (!strcmp(tok, "irc") || !strcmp(tok, "zrc"))
					continue;
				if (want_log[0])
					strcat(want_log, ",");
				strcat(want_log, tok);
			}
			CHECK_EQ(rc, 0);
			if (s.f.state != (enum ppp_fsm_state)next || strcmp(s.log, want_log))
				fprintf(stderr, "  cell %s in %s: got %s/%d\n",
					ppp_fsm_event_name((enum ppp_fsm_event)e),
					ppp_fsm_state_name((enum ppp_fsm_state)st), s.log, s.f.state);
			CHECK_EQ(s.f.state, next);
			CHECK_STR(s.log, want_log);
			/* The restart counter: irc, zrc, and the decrement of scr/str. */
			if (has(acts, "irc") && has(acts, "str"))
				CHECK_EQ(s.f.restart, PPP_FSM_MAX_TERMINATE - 1);
			else if (has(acts, "irc") && has(acts, "scr"))
				CHECK_EQ(s.f.restart, PPP_FSM_MAX_CONFIGURE - 1);
			else if (has(acts, "irc"))
				CHECK_EQ(s.f.restart, PPP_FSM_MAX_CONFIGURE);
			else if (has(acts, "zrc"))
				CHECK_EQ(s.f.restart, 0);
			else if (has(acts, "scr") || has(acts, "str"))
				CHECK_EQ(s.f.restart, 4);
			else
				CHECK_EQ(s.f.restart, 5);
			/* The restart timer: runs only in states 4..8, restarted by scr/str/zrc. */
			if (next < PPP_ST_CLOSING || next == PPP_ST_OPENED)
				CHECK_EQ(s.f.deadline, 0);
			else if (has(acts, "scr") || has(acts, "str") || has(acts, "zrc"))
				CHECK_EQ(s.f.deadline, 1000 + PPP_FSM_RESTART_MS);
			else
				CHECK_EQ(s.f.deadline, old_deadline);
			/* Packets: answers carry the received identifier. */
			for (unsigned int i = 0; i < s.nq; i++) {
				uint8_t code = s.q[i][0];

				if (code == PPP_CONF_ACK || code == PPP_CONF_NAK ||
				    code == PPP_TERM_ACK || code == PPP_ECHO_REP)
					CHECK_EQ(s.q[i][1], 0x42);
				if (code == PPP_ECHO_REP) {
					CHECK_EQ(s.qn[i], sizeof(echo));
					CHECK_MEM(s.q[i] + 4, ((const uint8_t[]){ 0x55, 0x66, 0x77, 0x88, 'h', 'i' }), 6);
				}
				if (code == PPP_CODE_REJ) {
					CHECK_EQ(s.qn[i], 4 + sizeof(echo));
					CHECK_MEM(s.q[i] + 4, echo, sizeof(echo));
				}
			}
			cells++;
		}
	}
	CHECK_EQ(cells, PPP_EV_COUNT * PPP_ST_COUNT);
}

/* ------------------------------------------------------- whole negotiations */

static struct side A, B;

static void pair_open(void)
{
	side_init(&A, PPP_PROTO_LCP);
	side_init(&B, PPP_PROTO_LCP);
	now = 0;
	CHECK_EQ(ppp_fsm_open(&A.f), 0);
	CHECK_EQ(ppp_fsm_open(&B.f), 0);
	CHECK_EQ(A.f.state, PPP_ST_STARTING);
	CHECK_EQ(A.starts, 1);
	CHECK_EQ(ppp_fsm_up(&A.f), 0);
	CHECK_EQ(ppp_fsm_up(&B.f), 0);
}

static void test_fsm_converge(void)
{
	pair_open();
	CHECK_EQ(A.f.state, PPP_ST_REQ_SENT);
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	CHECK_EQ(B.f.state, PPP_ST_OPENED);
	CHECK_EQ(A.ups, 1);
	CHECK_EQ(B.ups, 1);
	CHECK_EQ(ppp_fsm_deadline(&A.f), 0);
	/* A Nak first: B accepts only 3, A learns it from the Nak. */
	pair_open();
	B.accept = 3;
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	CHECK_EQ(B.f.state, PPP_ST_OPENED);
	CHECK_EQ(A.want, 3);
	CHECK_EQ(A.f.discarded, 0);
	CHECK_EQ(B.f.discarded, 0);
	/* Renegotiation from Opened: a new Configure-Request brings both down and up again. */
	side_clear(&A);
	A.f.state = PPP_ST_OPENED;
	CHECK_EQ(ppp_fsm_event(&A.f, PPP_EV_RTA, NULL), 0);	/* tld, scr */
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	CHECK_EQ(B.f.state, PPP_ST_OPENED);
	CHECK_EQ(B.downs, 1);
	CHECK_EQ(B.ups, 2);
}

static void test_fsm_max_failure(void)
{
	pair_open();
	B.always_nak = true;
	converse(&A, &B);
	/* B Nak'd Max-Failure times, then its check ran with reject_only and it rejected. */
	CHECK(B.last_reject_only);
	CHECK_EQ(A.want, 0);	/* A's got_rej ran */
	/* A's got_nak failing closes A. */
	pair_open();
	B.accept = 2;
	A.nak_fail = 1;
	deliver(&A, &B);	/* A's request -> B; B sends its own request and a Nak */
	deliver(&B, &A);
	CHECK_EQ(A.f.state, PPP_ST_CLOSING);
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_CLOSED);
	CHECK_EQ(A.finishes, 1);
}

static void test_fsm_retransmit(void)
{
	uint8_t first_id;

	pair_open();
	first_id = A.q[0][1];
	A.nq = 0;	/* lost */
	/* Nothing before the deadline. */
	now = PPP_FSM_RESTART_MS - 1;
	CHECK_EQ(ppp_fsm_tick(&A.f), 0);
	now = PPP_FSM_RESTART_MS;
	CHECK_EQ(ppp_fsm_tick(&A.f), 1);
	CHECK_EQ(A.nq, 1);
	CHECK_EQ(A.q[0][0], PPP_CONF_REQ);
	CHECK_EQ(A.q[0][1], first_id);	/* same options: same identifier */
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	/* A peer that never answers: Max-Configure requests, then TO-: Stopped, tlf. */
	side_init(&A, PPP_PROTO_IPCP);
	now = 0;
	ppp_fsm_open(&A.f);
	ppp_fsm_up(&A.f);
	for (int i = 0; i < 100 && A.f.state == PPP_ST_REQ_SENT; i++) {
		now = ppp_fsm_deadline(&A.f);
		ppp_fsm_tick(&A.f);
	}
	CHECK_EQ(A.f.state, PPP_ST_STOPPED);
	CHECK_EQ(A.nq, PPP_FSM_MAX_CONFIGURE);
	CHECK_EQ(A.finishes, 1);
	CHECK_EQ(ppp_fsm_deadline(&A.f), 0);
	CHECK_EQ(ppp_fsm_tick(&A.f), 0);
}

static void test_fsm_terminate(void)
{
	pair_open();
	converse(&A, &B);
	side_clear(&A);
	side_clear(&B);
	CHECK_EQ(ppp_fsm_close(&A.f), 0);
	CHECK_STR(A.log, "tld,str");
	CHECK_EQ(A.f.state, PPP_ST_CLOSING);
	deliver(&A, &B);
	CHECK_EQ(B.f.state, PPP_ST_STOPPING);
	CHECK_STR(B.log, "tld,sta");
	CHECK(ppp_fsm_deadline(&B.f) != 0);	/* zrc started the timer */
	deliver(&B, &A);
	CHECK_EQ(A.f.state, PPP_ST_CLOSED);
	CHECK_EQ(A.finishes, 1);
	/* B's timer ends Stopping: TO- (counter zero), tlf, Stopped. */
	now += PPP_FSM_RESTART_MS;
	CHECK_EQ(ppp_fsm_tick(&B.f), 1);
	CHECK_EQ(B.f.state, PPP_ST_STOPPED);
	CHECK_EQ(B.finishes, 1);
	/* A lost Terminate-Ack: Max-Terminate requests, then Closed. */
	pair_open();
	converse(&A, &B);
	side_clear(&A);
	ppp_fsm_close(&A.f);
	for (int i = 0; i < 10 && A.f.state == PPP_ST_CLOSING; i++) {
		now = ppp_fsm_deadline(&A.f);
		ppp_fsm_tick(&A.f);
	}
	CHECK_EQ(A.f.state, PPP_ST_CLOSED);
	CHECK_EQ(A.nq, PPP_FSM_MAX_TERMINATE);
	/* Down in Closed -> Initial, Down again is illegal. */
	CHECK_EQ(ppp_fsm_down(&A.f), 0);
	CHECK_EQ(A.f.state, PPP_ST_INITIAL);
	CHECK_EQ(ppp_fsm_down(&A.f), -1);
	CHECK_EQ(A.f.illegal, 1);
}

/* Answers that do not match our last request are silently discarded. */
static void test_fsm_discards(void)
{
	uint8_t p[16];
	uint8_t id;

	side_init(&A, PPP_PROTO_LCP);
	ppp_fsm_open(&A.f);
	ppp_fsm_up(&A.f);
	id = A.q[0][1];
	side_clear(&A);
	/* Configure-Ack, wrong identifier. */
	memcpy(p, (const uint8_t[]){ PPP_CONF_ACK, (uint8_t)(id + 1), 0, 7, 1, 3, 1 }, 7);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 7), -1);
	/* Configure-Ack, other options. */
	memcpy(p, (const uint8_t[]){ PPP_CONF_ACK, id, 0, 7, 1, 3, 2 }, 7);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 7), -1);
	/* Configure-Reject of an option we did not send. */
	memcpy(p, (const uint8_t[]){ PPP_CONF_REJ, id, 0, 7, 2, 3, 1 }, 7);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 7), -1);
	/* Configure-Nak, wrong identifier. */
	memcpy(p, (const uint8_t[]){ PPP_CONF_NAK, (uint8_t)(id - 1), 0, 7, 1, 3, 2 }, 7);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 7), -1);
	/* Malformed. */
	CHECK_EQ(ppp_fsm_input(&A.f, (const uint8_t[]){ 1, 1, 0, 9 }, 4), -1);
	CHECK_EQ(A.f.discarded, 5);
	CHECK_EQ(A.f.state, PPP_ST_REQ_SENT);
	CHECK_STR(A.log, "");
	/* The right Ack. */
	memcpy(p, (const uint8_t[]){ PPP_CONF_ACK, id, 0, 7, 1, 3, 1 }, 7);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 7), 0);
	CHECK_EQ(A.f.state, PPP_ST_ACK_RCVD);
	/* In Initial packets are illegal events. */
	side_init(&B, PPP_PROTO_LCP);
	CHECK_EQ(ppp_fsm_input(&B.f, p, 7), -1);
	CHECK_EQ(ppp_fsm_input(&B.f, (const uint8_t[]){ PPP_TERM_REQ, 1, 0, 4 }, 4), -1);
	CHECK_EQ(B.f.illegal, 2);
	CHECK_EQ(B.f.discarded, 0);
	CHECK_STR(B.log, "");
	/* In Closed and Stopped any Configure answer gets a Terminate-Ack (sta), its identifier. */
	B.f.state = PPP_ST_CLOSED;
	p[0] = PPP_CONF_NAK;
	p[1] = 0x77;
	CHECK_EQ(ppp_fsm_input(&B.f, p, 7), 0);
	CHECK_STR(B.log, "sta");
	CHECK_EQ(B.q[0][1], 0x77);
	B.f.state = PPP_ST_STOPPED;
	p[0] = PPP_CONF_REJ;
	CHECK_EQ(ppp_fsm_input(&B.f, p, 7), 0);
	CHECK_STR(B.log, "sta,sta");
	CHECK_EQ(B.f.state, PPP_ST_STOPPED);
	/* In Closing nothing happens. */
	B.f.state = PPP_ST_CLOSING;
	p[0] = PPP_CONF_ACK;
	CHECK_EQ(ppp_fsm_input(&B.f, p, 7), 0);
	CHECK_STR(B.log, "sta,sta");
}

static void test_fsm_rejects_and_echo(void)
{
	uint8_t p[32];

	pair_open();
	converse(&A, &B);
	side_clear(&A);
	/* Code-Reject of an Echo-Request: RXJ+, stays Opened. */
	memcpy(p, (const uint8_t[]){ PPP_CODE_REJ, 1, 0, 12, PPP_ECHO_REQ, 1, 0, 8, 0, 0, 0, 1 }, 12);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 12), 0);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	/* Protocol-Reject of IPCP: RXJ+, the protocol told. */
	memcpy(p, (const uint8_t[]){ PPP_PROTO_REJ, 2, 0, 6, 0x80, 0x21 }, 6);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 6), 0);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	CHECK_EQ(A.proto_rejected, PPP_PROTO_IPCP);
	/* Echo-Request: Echo-Reply with our magic; Echo-Reply and Discard: rxr only. */
	memcpy(p, (const uint8_t[]){ PPP_ECHO_REQ, 9, 0, 9, 0xaa, 0xbb, 0xcc, 0xdd, 'x' }, 9);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 9), 0);
	CHECK_EQ(A.nq, 1);
	CHECK_MEM(A.q[0], ((const uint8_t[]){ PPP_ECHO_REP, 9, 0, 9, 0x55, 0x66, 0x77, 0x88, 'x' }), 9);
	p[0] = PPP_ECHO_REP;
	CHECK_EQ(ppp_fsm_input(&A.f, p, 9), 0);
	p[0] = PPP_DISCARD_REQ;
	CHECK_EQ(ppp_fsm_input(&A.f, p, 9), 0);
	CHECK_EQ(A.rxrs, 3);
	CHECK_EQ(A.nq, 1);
	/* Echo with a cut magic number: discarded. */
	CHECK_EQ(ppp_fsm_input(&A.f, (const uint8_t[]){ PPP_ECHO_REQ, 1, 0, 6, 1, 2 }, 6), -1);
	/* An unknown code: Code-Reject with a copy. */
	side_clear(&A);
	CHECK_EQ(ppp_fsm_input(&A.f, (const uint8_t[]){ 0x30, 7, 0, 5, 0xab }, 5), 0);
	CHECK_EQ(A.nq, 1);
	CHECK_EQ(A.q[0][0], PPP_CODE_REJ);
	CHECK_MEM(A.q[0] + 4, ((const uint8_t[]){ 0x30, 7, 0, 5, 0xab }), 5);
	/* A Code-Reject of Configure-Request: RXJ-, Opened -> Stopping via tld,irc,str. */
	side_clear(&A);
	memcpy(p, (const uint8_t[]){ PPP_CODE_REJ, 3, 0, 8, PPP_CONF_REQ, 1, 0, 4 }, 8);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 8), 0);
	CHECK_EQ(A.f.state, PPP_ST_STOPPING);
	CHECK_STR(A.log, "tld,str");
	/* Protocol-Reject of LCP itself: RXJ-. */
	memcpy(p, (const uint8_t[]){ PPP_PROTO_REJ, 2, 0, 6, 0xc0, 0x21 }, 6);
	CHECK_EQ(ppp_fsm_input(&A.f, p, 6), 0);
	CHECK_EQ(A.f.state, PPP_ST_STOPPED);
	/* IPCP knows no codes 8..11: Echo-Request is an unknown code there. */
	side_init(&B, PPP_PROTO_IPCP);
	B.f.state = PPP_ST_OPENED;
	memcpy(p, (const uint8_t[]){ PPP_ECHO_REQ, 9, 0, 8, 1, 2, 3, 4 }, 8);
	CHECK_EQ(ppp_fsm_input(&B.f, p, 8), 0);
	CHECK_STR(B.log, "scj");
	/* A Code-Reject to a tiny peer MRU is cut at 64 bytes, ours at most. */
	{
		uint8_t big[200] = { 0x40, 1, 0, 200 };

		side_clear(&B);
		B.f.peer_mru = 10;
		CHECK_EQ(ppp_fsm_input(&B.f, big, sizeof(big)), 0);
		CHECK_EQ(B.qn[0], 64);
	}
}

/* Crossed Configure-Acks and Naks in Ack-Rcvd and Opened. */
static void test_fsm_crossed(void)
{
	pair_open();
	deliver(&B, &A);	/* A gets B's request: Ack-Sent */
	CHECK_EQ(A.f.state, PPP_ST_ACK_SENT);
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	/* A duplicate Configure-Ack in Opened: tld, scr, Req-Sent (the 'x' of the RFC). */
	side_clear(&A);
	{
		uint8_t p[PPP_FSM_PKT_MAX];
		size_t n = 4 + A.f.our_req_len;

		p[0] = PPP_CONF_ACK;
		p[1] = A.f.id;
		p[2] = 0;
		p[3] = (uint8_t)n;
		memcpy(p + 4, A.f.our_req, A.f.our_req_len);
		CHECK_EQ(ppp_fsm_input(&A.f, p, n), 0);
		CHECK_EQ(A.f.state, PPP_ST_REQ_SENT);
		CHECK_STR(A.log, "tld,scr");
	}
	converse(&A, &B);
	CHECK_EQ(A.f.state, PPP_ST_OPENED);
	CHECK_EQ(B.f.state, PPP_ST_OPENED);
}

/* Every packet the sides exchanged, cut at every length, into fresh automata in every state. */
static void test_fsm_truncations(void)
{
	static uint8_t pkts[MAXQ][PPP_FSM_PKT_MAX];
	static size_t lens[MAXQ];
	unsigned int n = 0;

	pair_open();
	B.accept = 4;
	for (int r = 0; r < 6 && (A.nq || B.nq); r++) {
		for (unsigned int i = 0; i < A.nq && n < MAXQ; i++, n++) {
			memcpy(pkts[n], A.q[i], A.qn[i]);
			lens[n] = A.qn[i];
		}
		for (unsigned int i = 0; i < B.nq && n < MAXQ; i++, n++) {
			memcpy(pkts[n], B.q[i], B.qn[i]);
			lens[n] = B.qn[i];
		}
		deliver(&A, &B);
		deliver(&B, &A);
	}
	CHECK(n >= 4);
	for (unsigned int k = 0; k < n; k++) {
		for (size_t cut = 0; cut <= lens[k]; cut++) {
			for (int st = 0; st < PPP_ST_COUNT; st++) {
				uint8_t *b = malloc(cut ? cut : 1);
				static struct side s;

				memcpy(b, pkts[k], cut);
				side_init(&s, PPP_PROTO_LCP);
				s.f.state = (enum ppp_fsm_state)st;
				ppp_fsm_input(&s.f, b, cut);
				CHECK((unsigned int)s.f.state < PPP_ST_COUNT);
				free(b);
			}
		}
	}
}

const struct test_case ppp_fsm_tests[] = {
	T(test_fsm_table),
	T(test_fsm_converge),
	T(test_fsm_max_failure),
	T(test_fsm_retransmit),
	T(test_fsm_terminate),
	T(test_fsm_discards),
	T(test_fsm_rejects_and_echo),
	T(test_fsm_crossed),
	T(test_fsm_truncations),
	T_END,
};
