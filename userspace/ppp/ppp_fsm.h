/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The option negotiation automaton of RFC 1661 section 4, independent of
 * the protocol: LCP and each NCP (IPCP) is one struct ppp_fsm with its own
 * callbacks, which decide what is requested and which of the peer's
 * options are acceptable. The automaton builds, numbers, sends and checks
 * the control packets (ppp_pkt.h); the protocol only writes and reads
 * option lists.
 *
 * States, events and actions are those of the RFC's state transition table
 * (section 4.1), implemented cell by cell in ppp_fsm.c:
 *   tlu/tld/tls/tlf  This-Layer-Up/-Down/-Started/-Finished: callbacks
 *   irc/zrc          restart counter := Max-Configure or Max-Terminate / 0
 *                    (zrc also starts the restart timer, section 4.6)
 *   scr/str          send Configure-Request / Terminate-Request: a new
 *                    identifier, restart counter - 1, restart timer started
 *   sca/scn          send the prepared Configure-Ack / -Nak or -Reject
 *   sta/scj/ser      send Terminate-Ack / Code-Reject / Echo-Reply
 * Options of the RFC that are not implemented: the 'r' (restart) option of
 * the Open event (an Open in Stopped, Closing, Stopping or Opened changes
 * nothing) and the 'p' passive option (TO- always ends in Stopped; the
 * caller may Open again).
 *
 * Time and output are injected (callbacks now_ms and send): nothing here
 * reads a clock, sleeps or touches a socket. The restart timer is a
 * deadline (ppp_fsm_deadline()); the owner calls ppp_fsm_tick() when it is
 * due, which raises TO+ or TO- (section 4.6: TO+ while the restart counter
 * is above zero).
 *
 * Max-Failure (section 4.6): after that many Configure-Naks sent without a
 * Configure-Ack, the protocol is asked to reject what it would have Nak'd
 * (the reject_only argument of check_req).
 *
 * Illegal events (the "-" cells of the table) change nothing, are counted
 * in ->illegal and return -1.
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_FSM_H
#define L2TPSEC_PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_pkt.h"

enum ppp_fsm_state {
	PPP_ST_INITIAL, PPP_ST_STARTING, PPP_ST_CLOSED, PPP_ST_STOPPED, PPP_ST_CLOSING,
	PPP_ST_STOPPING, PPP_ST_REQ_SENT, PPP_ST_ACK_RCVD, PPP_ST_ACK_SENT, PPP_ST_OPENED,
	PPP_ST_COUNT
};

enum ppp_fsm_event {
	PPP_EV_UP, PPP_EV_DOWN, PPP_EV_OPEN, PPP_EV_CLOSE, PPP_EV_TO_PLUS, PPP_EV_TO_MINUS,
	PPP_EV_RCR_PLUS, PPP_EV_RCR_MINUS, PPP_EV_RCA, PPP_EV_RCN, PPP_EV_RTR, PPP_EV_RTA,
	PPP_EV_RUC, PPP_EV_RXJ_PLUS, PPP_EV_RXJ_MINUS, PPP_EV_RXR,
	PPP_EV_COUNT
};

#define PPP_FSM_MAX_CONFIGURE	10
#define PPP_FSM_MAX_TERMINATE	2
#define PPP_FSM_MAX_FAILURE	5
#define PPP_FSM_RESTART_MS	3000
#define PPP_FSM_OPTS_MAX	256	/* our Configure-Request's options, at most */
#define PPP_FSM_PKT_MAX		1500	/* the largest packet we build */

struct ppp_fsm;

struct ppp_fsm_cb {
	/*
	 * Write the options of our Configure-Request into w. Called for
	 * every scr; retransmissions (TO+) carry the same options because
	 * the protocol changes them only in got_nak/got_rej/reset.
	 */
	void (*build_req)(struct ppp_fsm *f, struct ppp_wbuf *w);
	/*
	 * The peer's Configure-Request options opts[0..n) (a well-formed
	 * list): write the options of the answer into w and return
	 * PPP_CONF_ACK (w: the whole list unchanged), PPP_CONF_NAK or
	 * PPP_CONF_REJ (RFC 1661 5.1-5.4). With reject_only (Max-Failure
	 * reached) answer Reject where it would answer Nak.
	 */
	int (*check_req)(struct ppp_fsm *f, const uint8_t *opts, size_t n, bool reject_only,
			 struct ppp_wbuf *w);
	/* The peer acknowledged our request (the options we sent). Optional. */
	void (*got_ack)(struct ppp_fsm *f, const uint8_t *opts, size_t n);
	/*
	 * The peer Nak'd or Rejected options of our last request (a Reject
	 * already checked to be a subset of what we sent): adapt what
	 * build_req writes. 0, or -1 when negotiation cannot converge (the
	 * automaton then raises Close).
	 */
	int (*got_nak)(struct ppp_fsm *f, const uint8_t *opts, size_t n);
	int (*got_rej)(struct ppp_fsm *f, const uint8_t *opts, size_t n);
	/* A new negotiation starts (scr outside Req-Sent/Ack-Rcvd/Ack-Sent). Optional. */
	void (*reset)(struct ppp_fsm *f);
	/* tlu, tld, tls, tlf (RFC 1661 4.4). Optional. */
	void (*up)(struct ppp_fsm *f);
	void (*down)(struct ppp_fsm *f);
	void (*started)(struct ppp_fsm *f);
	void (*finished)(struct ppp_fsm *f);
	/* LCP: the peer rejected protocol proto (not LCP itself). Optional. */
	void (*proto_rejected)(struct ppp_fsm *f, uint16_t proto);
	/* LCP: an Echo-Reply or Discard-Request, or an Echo-Request already answered, in Opened. Optional. */
	void (*rxr)(struct ppp_fsm *f, const struct ppp_pkt *p);
	/* Output: one control packet of protocol f->proto. */
	void (*send)(struct ppp_fsm *f, const uint8_t *pkt, size_t n);
	/* Monotonic milliseconds. */
	uint64_t (*now_ms)(struct ppp_fsm *f);
};

struct ppp_fsm {
	uint16_t proto;			/* PPP_PROTO_LCP, PPP_PROTO_IPCP, ... */
	bool lcp;			/* codes 8..11 (Protocol-Reject, Echo, Discard) are known */
	const struct ppp_fsm_cb *cb;
	void *ctx;			/* the protocol's own state */

	enum ppp_fsm_state state;
	uint8_t id;			/* identifier of our last Configure-/Terminate-Request */
	uint8_t rej_id;			/* identifier of our last Code-Reject */
	bool req_sent;
	bool reset_done;	/* conf_req() reset the protocol for the scr that follows */			/* our_req holds the last Configure-Request's options */
	uint8_t our_req[PPP_FSM_OPTS_MAX];
	size_t our_req_len;

	unsigned int restart;		/* restart counter */
	unsigned int failures;		/* Configure-Naks sent since the last Configure-Ack */
	unsigned int max_configure, max_terminate, max_failure;
	unsigned int restart_ms;
	uint64_t deadline;		/* restart timer: when due, or 0 when stopped */

	uint16_t peer_mru;		/* bounds what we send (scj, Protocol-Reject) */
	uint32_t magic;			/* LCP: our magic number, put in Echo-Replies */

	/* The answer to the Configure-Request being processed (sca/scn). */
	uint8_t reply_code;
	uint8_t reply[PPP_FSM_PKT_MAX];
	size_t reply_len;

	unsigned int illegal;		/* illegal events seen */
	unsigned int discarded;		/* received packets silently discarded */
	const char *why;		/* reason of the last discard */
};

/* Initial state, RFC defaults (Max-Configure 10, Max-Terminate 2, Max-Failure 5, 3 s). */
void ppp_fsm_init(struct ppp_fsm *f, uint16_t proto, const struct ppp_fsm_cb *cb, void *ctx);

/* Administrative and lower-layer events: Up, Down, Open, Close. 0, or -1 if illegal. */
int ppp_fsm_up(struct ppp_fsm *f);
int ppp_fsm_down(struct ppp_fsm *f);
int ppp_fsm_open(struct ppp_fsm *f);
int ppp_fsm_close(struct ppp_fsm *f);

/*
 * A received control packet of f->proto (the Information field, n bytes):
 * parsed, checked against our last request where it answers one, turned
 * into the RFC event (RCR+/-, RCA, RCN, RTR, RTA, RUC, RXJ+/-, RXR) and
 * applied. Malformed packets, and in Req-Sent, Ack-Rcvd, Ack-Sent and
 * Opened answers that do not match our last request (identifier,
 * contents), are silently discarded (->discarded, ->why) and return -1,
 * as do illegal events. In the other states an answer is applied as it
 * is (the table only sends a Terminate-Ack there, or nothing).
 */
int ppp_fsm_input(struct ppp_fsm *f, const uint8_t *p, size_t n);

/* The restart timer's deadline (0: not running). */
uint64_t ppp_fsm_deadline(const struct ppp_fsm *f);
/* If the restart timer is due at now_ms(): TO+ or TO-. 1 fired, 0 not due. */
int ppp_fsm_tick(struct ppp_fsm *f);

/*
 * The automaton proper: apply one event to the current state. rx is the
 * received packet the event comes from (for sta, scj, ser; NULL for the
 * others); for RCR+/RCR- the answer must be prepared in ->reply_code,
 * ->reply, ->reply_len (ppp_fsm_input() does that; an empty Ack or Nak
 * otherwise). Exposed for the table-driven tests.
 */
int ppp_fsm_event(struct ppp_fsm *f, enum ppp_fsm_event ev, const struct ppp_pkt *rx);

const char *ppp_fsm_state_name(enum ppp_fsm_state s);
const char *ppp_fsm_event_name(enum ppp_fsm_event e);

#endif
