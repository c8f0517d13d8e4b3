// SPDX-License-Identifier: GPL-2.0
/*
 * The LNS's calls (RFC 2661 5.4, 6.10-6.14, 9): ICRQ, ICRP, ICCN and CDN
 * on an established control connection, outgoing calls refused, each
 * established call handed to the PPP layer as a struct link
 * (daemon/link.h), PPP frames both ways.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <arpa/inet.h>

#include "link.h"
#include "l2tp_lns_priv.h"

/**
 * lns_is_session_msg() - whether a message type belongs to a call
 * @type: the Message Type
 *
 * Return: true for OCRQ, OCRP, OCCN, ICRQ, ICRP, ICCN, CDN, WEN, SLI.
 */
bool lns_is_session_msg(uint16_t type)
{
	switch (type) {
	case L2TP_OCRQ: case L2TP_OCRP: case L2TP_OCCN:
	case L2TP_ICRQ: case L2TP_ICRP: case L2TP_ICCN:
	case L2TP_CDN: case L2TP_WEN: case L2TP_SLI:
		return true;
	default:
		return false;
	}
}

/**
 * lns_sess_find() - the call of @t with local id @sid that has not gone
 * @t: the tunnel
 * @sid: local session id
 *
 * Return: the call, NULL if none.
 */
struct lns_sess *lns_sess_find(const struct lns_tun *t, uint16_t sid)
{
	for (unsigned int i = 0; i < t->nsess; i++)
		if (t->sess[i]->sid == sid && !t->sess[i]->gone)
			return t->sess[i];
	return NULL;
}

static struct lns_sess *sess_by_peer(const struct lns_tun *t, uint16_t peer_sid)
{
	for (unsigned int i = 0; i < t->nsess; i++)
		if (t->sess[i]->peer_sid == peer_sid && !t->sess[i]->gone)
			return t->sess[i];
	return NULL;
}

static bool sid_used(const struct lns_tun *t, uint16_t sid)
{
	for (unsigned int i = 0; i < t->nsess; i++)
		if (t->sess[i]->sid == sid)
			return true;
	return false;
}

static uint16_t new_sid(struct lns_tun *t)
{
	struct l2tp_lns *lns = t->lns;

	for (int i = 0; i < 64; i++) {
		uint8_t r[2];
		uint16_t sid;

		lns->ops.random(lns->ops.ctx, r, sizeof(r));
		sid = (uint16_t)(r[0] << 8 | r[1]);
		if (sid && !sid_used(t, sid))
			return sid;
	}
	for (uint32_t v = 1; v <= 0xffff; v++)
		if (!sid_used(t, (uint16_t)v))
			return (uint16_t)v;
	return 0;
}

/**
 * lns_cdn_send() - queue a CDN on @t
 * @t: the tunnel
 * @peer_sid: the peer's session id (the header's)
 * @sid: ours (the Assigned Session ID AVP)
 * @result: the Result Code
 * @with_error: whether the Error Code is written (always when @msg)
 * @error: the Error Code
 * @msg: the error message, NULL for none
 */
void lns_cdn_send(struct lns_tun *t, uint16_t peer_sid, uint16_t sid, uint16_t result,
		  bool with_error, uint16_t error, const char *msg)
{
	uint8_t buf[512];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, t->peer_tid, peer_sid, 0, 0);
	l2tp_w_msg_type(&w, L2TP_CDN);
	l2tp_w_result(&w, result, with_error || msg, error, msg, msg ? strlen(msg) : 0);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, sid);
	lns_tun_send(t, buf, l2tp_w_finish(&w));
}

/* A CDN for a call we refuse before it exists: some Assigned Session ID is needed. */
static void refuse(struct lns_tun *t, uint16_t peer_sid, uint16_t result, uint16_t error,
		   const char *why)
{
	lns_log(t->lns, LOG_WARNING, t->tid, 0, "call %u from %s:%u refused: %s", peer_sid,
		inet_ntoa(t->peer.addr), t->peer.port, why);
	lns_cdn_send(t, peer_sid, new_sid(t), result, true, error, why);
}

/**
 * lns_sess_clear() - clear one call now; it is freed by lns_reap()
 * @t: its tunnel
 * @s: the call (nothing happens if it has gone already)
 * @result: the CDN's Result Code
 * @error: the CDN's Error Code (0: none written unless @why)
 * @why: for the log, the CDN's message and upper->down
 * @send_cdn: whether a CDN goes to the peer
 *
 * The link's upper->down (its upper cleared first, so that a
 * lower->close from down is a no-op), then session_del.
 */
void lns_sess_clear(struct lns_tun *t, struct lns_sess *s, uint16_t result, uint16_t error,
		    const char *why, bool send_cdn)
{
	struct l2tp_lns *lns = t->lns;

	if (s->gone)
		return;
	s->gone = true;
	lns->reap_pending = true;
	lns_log(lns, LOG_INFO, t->tid, s->sid, "call %u/%u of %s:%u down: %s", s->sid,
		s->peer_sid, inet_ntoa(t->peer.addr), t->peer.port, why);
	if (send_cdn)
		lns_cdn_send(t, s->peer_sid, s->sid, result, error != 0, error, why);
	if (s->link && s->link->upper) {
		const struct link_upper_ops *up = s->link->upper;

		s->link->upper = NULL;	/* a lower->close from down is a no-op */
		if (up->down)
			up->down(s->link, why);
	}
	if (s->in_module && lns->ops.call_down)
		lns->ops.call_down(lns->ops.ctx, t->tid, s->sid, why);
	if (s->in_module && lns->ops.session_del)
		lns->ops.session_del(lns->ops.ctx, t->tid, s->sid);
	s->in_module = false;
}

static void sess_free(struct lns_tun *t, struct lns_sess *s)
{
	struct l2tp_lns *lns = t->lns;

	if (!s->gone)
		lns_sess_clear(t, s, 0, 0, "L2TP stopped", false);
	else if (s->link && s->link->upper && s->link->upper->down) {
		const struct link_upper_ops *up = s->link->upper;

		s->link->upper = NULL;
		up->down(s->link, "L2TP stopped");
	}
	if (s->in_module && lns->ops.session_del)
		lns->ops.session_del(lns->ops.ctx, t->tid, s->sid);
	free(s->link);
	free(s);
}

/**
 * lns_sess_reap() - free the calls of @t that have gone, and their links
 * @t: the tunnel
 * @all: free every call (the tunnel goes), clearing those still there
 */
void lns_sess_reap(struct lns_tun *t, bool all)
{
	unsigned int j = 0;

	for (unsigned int i = 0; i < t->nsess; i++) {
		struct lns_sess *s = t->sess[i];

		if (all || s->gone) {
			sess_free(t, s);
			continue;
		}
		t->sess[j++] = s;
	}
	t->nsess = j;
}

/* --- The link's lower half --- */

static struct lns_sess *link_sess(struct link *l, struct lns_tun **tp)
{
	struct l2tp_lns *lns = l->lower_ctx;
	struct lns_tun *t = lns ? lns_tun_find(lns, (uint16_t)(l->lower_id >> 16)) : NULL;
	struct lns_sess *s = t ? lns_sess_find(t, (uint16_t)l->lower_id) : NULL;

	if (!s || !s->link || s->link->id != l->id)
		return NULL;
	*tp = t;
	return s;
}

static int link_send(struct link *l, const uint8_t *frame, size_t len)
{
	struct lns_tun *t;
	struct lns_sess *s = link_sess(l, &t);
	struct l2tp_lns *lns;

	if (!s || s->state != SESS_UP)
		return -ENOTCONN;
	lns = t->lns;
	if (!lns->ops.ppp_send)
		return -ENOTCONN;
	return lns->ops.ppp_send(lns->ops.ctx, t->tid, s->sid, frame, len);
}

/* The PPP layer is done: CDN; the link stays valid until close returns. */
static void link_close(struct link *l, const char *why)
{
	struct lns_tun *t;
	struct lns_sess *s = link_sess(l, &t);

	if (!s)
		return;
	l->upper = NULL;	/* it closed itself: no down */
	lns_sess_clear(t, s, L2TP_CDN_ADMIN, L2TP_ERR_NONE, why ? why : "PPP closed", true);
}

static const struct link_lower_ops lns_lower_ops = {
	.send = link_send,
	.close = link_close,
};

/* --- Messages --- */

static void on_icrq(struct lns_tun *t, const struct l2tp_info *in)
{
	struct l2tp_lns *lns = t->lns;
	uint8_t buf[128];
	struct l2tp_wbuf w;
	struct lns_sess *s, **ns;
	unsigned int n = 0;

	for (unsigned int i = 0; i < t->nsess; i++)
		n += !t->sess[i]->gone;
	if (sess_by_peer(t, in->session_id)) {
		lns_log(lns, LOG_DEBUG, t->tid, 0, "ICRQ for call %u again: ignored", in->session_id);
		return;
	}
	if (n >= lns->cfg.max_sessions_per_tunnel) {
		refuse(t, in->session_id, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES,
		       "too many calls in this tunnel (max_sessions_per_tunnel)");
		return;
	}
	if (lns_total_sessions(lns) >= lns->cfg.max_sessions) {
		refuse(t, in->session_id, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES,
		       "too many calls (max_sessions)");
		return;
	}
	if (t->nsess == t->sess_cap) {
		unsigned int cap = t->sess_cap ? 2 * t->sess_cap : 4;

		ns = realloc(t->sess, cap * sizeof(*ns));
		if (!ns)
			goto nomem;
		t->sess = ns;
		t->sess_cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		goto nomem;
	s->sid = new_sid(t);
	s->peer_sid = in->session_id;
	s->serial = in->serial;
	s->state = SESS_WAIT_ICCN;
	s->setup_until = lns->now + LNS_SETUP_TIMEOUT_MS;
	t->sess[t->nsess++] = s;
	lns_log(lns, LOG_INFO, t->tid, s->sid, "ICRQ for call %u (serial %u): session %u",
		s->peer_sid, s->serial, s->sid);
	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, t->peer_tid, s->peer_sid, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICRP);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, s->sid);
	lns_tun_send(t, buf, l2tp_w_finish(&w));
	return;
nomem:
	refuse(t, in->session_id, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES, "out of memory");
}

static void on_iccn(struct lns_tun *t, struct lns_sess *s)
{
	struct l2tp_lns *lns = t->lns;
	uint16_t sid = s->sid;
	uint32_t ifindex = 0;
	struct link *l;
	int rc;

	if (s->state != SESS_WAIT_ICCN) {
		lns_log(lns, LOG_DEBUG, t->tid, sid, "ICCN again: ignored");
		return;
	}
	if (lns->ops.session_add) {
		rc = lns->ops.session_add(lns->ops.ctx, t->tid, sid, s->peer_sid, s->ifname, &ifindex);
		if (rc) {
			lns_log(lns, LOG_ERR, t->tid, sid, "session_add failed: %s", strerror(-rc));
			lns_sess_clear(t, s, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES,
				       "cannot create the session", true);
			return;
		}
		s->ifname[sizeof(s->ifname) - 1] = '\0';
	}
	s->in_module = true;
	l = calloc(1, sizeof(*l));
	if (!l) {
		lns_sess_clear(t, s, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES, "out of memory", true);
		return;
	}
	l->id = lns->next_link_id++;
	if (!lns->next_link_id)
		lns->next_link_id = 1;
	l->lower = &lns_lower_ops;
	l->lower_ctx = lns;
	l->lower_id = (uint64_t)t->tid << 16 | sid;
	snprintf(l->peer, sizeof(l->peer), "%s:%u", inet_ntoa(t->peer.addr), t->peer.port);
	memcpy(l->ifname, s->ifname, sizeof(l->ifname));
	l->ifindex = ifindex;
	s->link = l;
	s->state = SESS_UP;
	s->started_ms = lns->now;
	lns_log(lns, LOG_INFO, t->tid, sid, "call %u/%u of %s up on %s (link %u)", sid,
		s->peer_sid, l->peer, s->ifname[0] ? s->ifname : "-", l->id);
	rc = lns->ops.call_up ? lns->ops.call_up(lns->ops.ctx, l) : -1;
	if (rc) {
		/* call_up may have closed it already: look it up again */
		s = lns_sess_find(t, sid);
		if (s)
			lns_sess_clear(t, s, L2TP_CDN_NO_RESOURCES, L2TP_ERR_RESOURCES,
				       "PPP refused the call", true);
	}
}

static void on_cdn(struct lns_tun *t, struct lns_sess *s, const struct l2tp_info *in)
{
	uint16_t result = in->result.result, error = in->result.error;
	char why[128];

	/* Apple: little-endian Result and Error Codes */
	if (result > 0xff && !(result & 0xff))
		result >>= 8;
	if (error > 0xff && !(error & 0xff))
		error >>= 8;
	snprintf(why, sizeof(why), "CDN from the peer: result %u (%s) error %u (%s) %.*s", result,
		 l2tp_result_name(L2TP_CDN, result), error, l2tp_error_name(error),
		 (int)(in->result.msg.len > 60 ? 60 : in->result.msg.len),
		 in->result.msg.p ? (const char *)in->result.msg.p : "");
	lns_sess_clear(t, s, 0, 0, why, false);
}

/**
 * lns_sess_input() - a call's message, delivered in order on established @t
 * @t: the tunnel
 * @m: the parsed message
 * @rc: what l2tp_msg_parse() returned (0 or L2TP_E_UNKNOWN_M)
 * @in: its decoded AVPs
 * @drc: what l2tp_msg_decode() returned
 */
void lns_sess_input(struct lns_tun *t, const struct l2tp_msg *m, int rc,
		    const struct l2tp_info *in, int drc)
{
	struct l2tp_lns *lns = t->lns;
	struct lns_sess *s = m->h.session_id ? lns_sess_find(t, m->h.session_id) : NULL;
	bool has_peer_sid = l2tp_has(in, L2TP_AVP_SESSION_ID) && in->session_id;

	if (rc == L2TP_E_UNKNOWN_M || drc) {
		char why[96];

		if (rc == L2TP_E_UNKNOWN_M)
			snprintf(why, sizeof(why), "unknown mandatory AVP %u (vendor %u) in %s",
				 m->bad_avp, m->bad_vendor, l2tp_msg_name(m->type));
		else
			snprintf(why, sizeof(why), "bad AVP in %s", l2tp_msg_name(m->type));
		if (m->type == L2TP_CDN && s) {
			lns_sess_clear(t, s, 0, 0, why, false);
			return;
		}
		if (s) {
			lns_sess_clear(t, s, L2TP_CDN_GENERAL, rc == L2TP_E_UNKNOWN_M ?
				       L2TP_ERR_UNKNOWN_M_AVP : L2TP_ERR_RANGE, why, true);
		} else if ((m->type == L2TP_ICRQ || m->type == L2TP_OCRQ) && has_peer_sid &&
			   !sess_by_peer(t, in->session_id)) {
			refuse(t, in->session_id, L2TP_CDN_GENERAL, rc == L2TP_E_UNKNOWN_M ?
			       L2TP_ERR_UNKNOWN_M_AVP : L2TP_ERR_RANGE, why);
		} else {
			lns_log(lns, LOG_WARNING, t->tid, m->h.session_id, "%s: dropped", why);
		}
		return;
	}
	switch (m->type) {
	case L2TP_ICRQ:
		if (!has_peer_sid) {
			lns_log(lns, LOG_WARNING, t->tid, 0, "ICRQ without Assigned Session ID: dropped");
			return;
		}
		on_icrq(t, in);
		break;
	case L2TP_ICCN:
		if (!s) {
			lns_log(lns, LOG_WARNING, t->tid, m->h.session_id, "ICCN for no session: dropped");
			return;
		}
		on_iccn(t, s);
		break;
	case L2TP_CDN:
		if (!s) {
			lns_log(lns, LOG_DEBUG, t->tid, m->h.session_id, "CDN for no session: ignored");
			return;
		}
		on_cdn(t, s, in);
		break;
	case L2TP_OCRQ:
		if (has_peer_sid)
			refuse(t, in->session_id, L2TP_CDN_NOT_AVAILABLE, L2TP_ERR_NONE,
			       "outgoing calls are not supported");
		break;
	case L2TP_OCRP:
	case L2TP_OCCN:
	case L2TP_ICRP:
		/* answers to requests we never make */
		if (s)
			lns_sess_clear(t, s, L2TP_CDN_GENERAL, L2TP_ERR_NONE,
				       "unexpected message", true);
		else if (has_peer_sid)
			refuse(t, in->session_id, L2TP_CDN_GENERAL, L2TP_ERR_SESSION_ID,
			       "no such call");
		else
			lns_log(lns, LOG_WARNING, t->tid, m->h.session_id,
				"%s for no call: dropped", l2tp_msg_name(m->type));
		break;
	case L2TP_WEN:
	case L2TP_SLI:
		break;		/* accepted and ignored */
	default:
		break;
	}
}

/**
 * lns_sess_timers() - clear the calls of @t that never got their ICCN
 * @t: the tunnel
 * @now: the time (ms)
 *
 * Return: the next deadline of a call still waiting, UINT64_MAX if none.
 */
uint64_t lns_sess_timers(struct lns_tun *t, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (unsigned int i = 0; i < t->nsess; i++) {
		struct lns_sess *s = t->sess[i];

		if (s->gone || s->state != SESS_WAIT_ICCN)
			continue;
		if (now >= s->setup_until)
			lns_sess_clear(t, s, L2TP_CDN_GENERAL, L2TP_ERR_NONE, "no ICCN", true);
		else if (s->setup_until < next)
			next = s->setup_until;
	}
	return next;
}

/**
 * l2tp_lns_ppp_input() - a PPP frame the module passed up on (tid, sid)
 * @lns: the LNS
 * @tid: local tunnel id
 * @sid: local session id
 * @frame: protocol field first
 * @len: its length
 * @now: the clock (ms): what the frame makes the LNS send is timed from it
 *
 * Given to the link's upper->input; dropped if the call has no PPP yet.
 */
void l2tp_lns_ppp_input(struct l2tp_lns *lns, uint16_t tid, uint16_t sid,
			const uint8_t *frame, size_t len, uint64_t now)
{
	struct lns_tun *t;
	struct lns_sess *s;

	lns_enter(lns, now);
	t = lns_tun_find(lns, tid);
	s = t ? lns_sess_find(t, sid) : NULL;
	if (s && s->state == SESS_UP && s->link && s->link->upper && s->link->upper->input)
		s->link->upper->input(s->link, frame, len);
	lns_leave(lns);
}

/**
 * l2tp_lns_foreach_call() - every call, in no particular order
 * @lns: the LNS
 * @fn: called for each; a non-zero return stops the walk
 * @arg: passed to fn
 *
 * Return: what fn returned last, 0 if it never stopped the walk.
 */
int l2tp_lns_foreach_call(const struct l2tp_lns *lns,
			  int (*fn)(const struct l2tp_lns_call_info *ci, void *arg), void *arg)
{
	for (unsigned int i = 0; i < lns->ntun; i++) {
		const struct lns_tun *t = lns->tun[i];

		if (t->gone)
			continue;
		for (unsigned int j = 0; j < t->nsess; j++) {
			const struct lns_sess *s = t->sess[j];
			struct l2tp_lns_call_info ci;
			int rc;

			if (s->gone)
				continue;
			memset(&ci, 0, sizeof(ci));
			ci.tid = t->tid;
			ci.peer_tid = t->peer_tid;
			ci.sid = s->sid;
			ci.peer_sid = s->peer_sid;
			ci.peer = t->peer;
			ci.link_id = s->link ? s->link->id : 0;
			memcpy(ci.ifname, s->ifname, sizeof(ci.ifname));
			ci.started_ms = s->started_ms;
			memcpy(ci.peer_host, t->peer_host, sizeof(ci.peer_host));
			rc = fn(&ci, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}
