// SPDX-License-Identifier: GPL-2.0
/*
 * The LNS's control connections (RFC 2661 5.1, 5.7, 6.1-6.6): SCCRQ,
 * SCCRP, SCCCN, StopCCN, HELLO, tunnel authentication, the limits, and
 * the entry points of l2tp_lns.h. Calls are l2tp_session.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <arpa/inet.h>
#include <openssl/crypto.h>

#include "l2tp_lns_priv.h"

#define NEVER UINT64_MAX

/* Our Framing and Bearer Capabilities, Firmware Revision, Vendor Name. */
#define LNS_FRAMING_CAPS	0x3	/* synchronous and asynchronous */
#define LNS_BEARER_CAPS		0x0	/* neither digital nor analog access */
#define LNS_FIRMWARE		0x0100
#define LNS_VENDOR		"l2tpsec"

/**
 * lns_log() - one log line through ops->log (printf format)
 * @lns: the LNS
 * @level: syslog level
 * @tid: local tunnel id, 0 if none
 * @sid: local session id, 0 if none
 * @fmt: the format, then its arguments
 */
void lns_log(struct l2tp_lns *lns, int level, uint16_t tid, uint16_t sid, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!lns->ops.log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lns->ops.log(lns->ops.ctx, level, tid, sid, buf);
}

/**
 * lns_tun_find() - the tunnel with local id @tid that has not gone
 * @lns: the LNS
 * @tid: local tunnel id
 *
 * Return: the tunnel, NULL if none.
 */
struct lns_tun *lns_tun_find(const struct l2tp_lns *lns, uint16_t tid)
{
	for (unsigned int i = 0; i < lns->ntun; i++)
		if (lns->tun[i]->tid == tid && !lns->tun[i]->gone)
			return lns->tun[i];
	return NULL;
}

static bool tid_used(const struct l2tp_lns *lns, uint16_t tid)
{
	for (unsigned int i = 0; i < lns->ntun; i++)
		if (lns->tun[i]->tid == tid)
			return true;	/* gone ones too: still in the module */
	return false;
}

/**
 * lns_total_sessions() - the calls of every tunnel that have not gone
 * @lns: the LNS
 *
 * Return: their number.
 */
unsigned int lns_total_sessions(const struct l2tp_lns *lns)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < lns->ntun; i++) {
		const struct lns_tun *t = lns->tun[i];

		for (unsigned int j = 0; j < t->nsess; j++)
			n += !t->sess[j]->gone;
	}
	return n;
}

/* --- Freeing (only when no callback runs) --- */

static void tun_free(struct l2tp_lns *lns, struct lns_tun *t)
{
	lns_sess_reap(t, true);
	free(t->sess);
	if (lns->ops.tunnel_del)
		lns->ops.tunnel_del(lns->ops.ctx, t->tid);
	l2tp_ctrl_free(&t->ctrl);
	OPENSSL_cleanse(t->chal, sizeof(t->chal));
	free(t);
}

static void lns_reap(struct l2tp_lns *lns)
{
	unsigned int j = 0;

	lns->reap_pending = false;
	for (unsigned int i = 0; i < lns->ntun; i++) {
		struct lns_tun *t = lns->tun[i];

		if (t->gone) {
			tun_free(lns, t);
			continue;
		}
		lns_sess_reap(t, false);
		lns->tun[j++] = t;
	}
	lns->ntun = j;
}

/**
 * lns_enter() - an entry point begins
 * @lns: the LNS
 * @now: the time of the outermost one (inner ones keep it)
 */
void lns_enter(struct l2tp_lns *lns, uint64_t now)
{
	if (!lns->depth++)
		lns->now = now;
}

/**
 * lns_leave() - an entry point ends: the outermost frees what went
 * @lns: the LNS
 */
void lns_leave(struct l2tp_lns *lns)
{
	if (!--lns->depth && lns->reap_pending)
		lns_reap(lns);
}

/* --- Sending --- */

/**
 * lns_tun_send() - queue a written control message on @t's connection
 * @t: the tunnel
 * @msg: the message (Ns/Nr are stamped by l2tp_ctrl)
 * @len: its length, 0 if the writer failed
 *
 * Return: 0, or -1 (logged).
 */
int lns_tun_send(struct lns_tun *t, const uint8_t *msg, size_t len)
{
	if (!len || l2tp_ctrl_send(&t->ctrl, msg, len, t->lns->now)) {
		lns_log(t->lns, LOG_WARNING, t->tid, 0, "cannot queue a control message");
		return -1;
	}
	return 0;
}

static void ctrl_out(void *ctx, const uint8_t *msg, size_t len)
{
	struct lns_tun *t = ctx;
	struct l2tp_lns *lns = t->lns;

	if (lns->ops.ctrl_send && lns->ops.ctrl_send(lns->ops.ctx, t->tid, msg, len))
		lns_log(lns, LOG_DEBUG, t->tid, 0, "ctrl_send failed");
}

/* Tear t down at once: its calls (no CDN), then the tunnel (freed by lns_reap). */
static void tun_teardown(struct lns_tun *t, const char *why)
{
	for (unsigned int i = 0; i < t->nsess; i++)
		if (!t->sess[i]->gone)
			lns_sess_clear(t, t->sess[i], 0, 0, why, false);
	t->gone = true;
	t->lns->reap_pending = true;
}

static void ctrl_dead(void *ctx)
{
	struct lns_tun *t = ctx;

	t->dead = true;
	lns_log(t->lns, LOG_NOTICE, t->tid, 0, "peer %s:%u stopped acknowledging: tunnel down",
		inet_ntoa(t->peer.addr), t->peer.port);
	tun_teardown(t, "L2TP tunnel dead");
}

static void stopccn_send(struct lns_tun *t, uint16_t result, uint16_t error, const char *msg)
{
	uint8_t buf[512];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, t->peer_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, t->tid);
	l2tp_w_result(&w, result, error || msg, error, msg, msg ? strlen(msg) : 0);
	lns_tun_send(t, buf, l2tp_w_finish(&w));
}

/*
 * Clear the control connection: StopCCN, every call down at once (RFC 2661
 * 5.7: the calls go with it), the tunnel kept until the StopCCN is
 * acknowledged or the peer is given up.
 */
static void tun_stop(struct lns_tun *t, uint16_t result, uint16_t error, const char *msg)
{
	lns_log(t->lns, result == L2TP_STOPCCN_CLEAR || result == L2TP_STOPCCN_SHUTDOWN ?
		LOG_INFO : LOG_WARNING, t->tid, 0, "StopCCN to %s:%u: result %u (%s) error %u%s%s",
		inet_ntoa(t->peer.addr), t->peer.port, result,
		l2tp_result_name(L2TP_STOPCCN, result), error, msg ? ": " : "", msg ? msg : "");
	for (unsigned int i = 0; i < t->nsess; i++)
		if (!t->sess[i]->gone)
			lns_sess_clear(t, t->sess[i], 0, 0, "L2TP tunnel cleared", false);
	stopccn_send(t, result, error, msg);
	t->state = TUN_STOPPING;
	if (t->dead || l2tp_ctrl_idle(&t->ctrl))
		tun_teardown(t, "L2TP tunnel cleared");
}

/* Apple writes the Result and Error Codes little-endian: 1 arrives as 256. */
static uint16_t fix_le(uint16_t v)
{
	if (v > 0xff && !(v & 0xff))
		return v >> 8;
	return v;
}

/* --- Control connection messages --- */

static void sccrp_send(struct lns_tun *t, const struct l2tp_info *in)
{
	struct l2tp_lns *lns = t->lns;
	uint8_t buf[1024], resp[L2TP_CHAL_RESP_LEN];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, t->peer_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_SCCRP);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, LNS_FRAMING_CAPS);
	l2tp_w_avp_u32(&w, L2TP_AVP_BEARER_CAPS, true, LNS_BEARER_CAPS);
	l2tp_w_avp_u16(&w, L2TP_AVP_FIRMWARE, false, LNS_FIRMWARE);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, lns->hostname, strlen(lns->hostname));
	l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, LNS_VENDOR, strlen(LNS_VENDOR));
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, t->tid);
	l2tp_w_avp_u16(&w, L2TP_AVP_RWS, true, t->ctrl.cfg.rws);
	if (lns->secret) {
		lns->ops.random(lns->ops.ctx, t->chal, sizeof(t->chal));
		t->chal_sent = true;
		l2tp_w_avp(&w, L2TP_AVP_CHALLENGE, true, t->chal, sizeof(t->chal));
	}
	if (l2tp_has(in, L2TP_AVP_CHALLENGE)) {
		if (l2tp_chal_response(L2TP_SCCRP, lns->secret, lns->cfg.secret_len,
				       in->challenge.p, in->challenge.len, resp)) {
			tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_RESOURCES,
				 "cannot compute the Challenge Response");
			return;
		}
		l2tp_w_avp(&w, L2TP_AVP_CHAL_RESP, true, resp, sizeof(resp));
		OPENSSL_cleanse(resp, sizeof(resp));
	}
	lns_tun_send(t, buf, l2tp_w_finish(&w));
	OPENSSL_cleanse(buf, sizeof(buf));
}

static unsigned int peer_tunnels(const struct l2tp_lns *lns, const struct lns_tun *t)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < lns->ntun; i++) {
		const struct lns_tun *o = lns->tun[i];

		if (o != t && o->counted && !o->gone && o->peer.addr.s_addr == t->peer.addr.s_addr &&
		    o->peer.owner == t->peer.owner)
			n++;
	}
	return n;
}

static unsigned int live_tunnels(const struct l2tp_lns *lns, const struct lns_tun *t)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < lns->ntun; i++)
		n += lns->tun[i] != t && lns->tun[i]->counted && !lns->tun[i]->gone;
	return n;
}

static void on_sccrq(struct lns_tun *t, const struct l2tp_info *in)
{
	struct l2tp_lns *lns = t->lns;
	size_t hl;

	if (t->state != TUN_WAIT_SCCCN || t->chal_sent || !l2tp_ctrl_idle(&t->ctrl)) {
		lns_log(lns, LOG_DEBUG, t->tid, 0, "SCCRQ again on an open tunnel: ignored");
		return;
	}
	if (!t->counted) {
		/* the limits were checked when it came in */
		if (live_tunnels(lns, t) >= lns->cfg.max_tunnels) {
			lns_log(lns, LOG_WARNING, t->tid, 0,
				"SCCRQ from %s:%u refused: %u tunnels (max_tunnels)",
				inet_ntoa(t->peer.addr), t->peer.port, live_tunnels(lns, t));
			tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_RESOURCES, "too many tunnels");
		} else {
			lns_log(lns, LOG_WARNING, t->tid, 0,
				"SCCRQ from %s:%u refused: %u tunnels from this peer (max_tunnels_per_peer)",
				inet_ntoa(t->peer.addr), t->peer.port, peer_tunnels(lns, t));
			tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_RESOURCES,
				 "too many tunnels from this peer");
		}
		return;
	}
	if (!l2tp_has(in, L2TP_AVP_PROTO_VER) || !l2tp_has(in, L2TP_AVP_HOST_NAME) ||
	    !l2tp_has(in, L2TP_AVP_FRAMING_CAPS)) {
		tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_NONE, "SCCRQ without a mandatory AVP");
		return;
	}
	if (in->ver != 1 || in->rev != 0) {
		tun_stop(t, L2TP_STOPCCN_BAD_VERSION, L2TP_ERR_NONE, "protocol version is not 1.0");
		return;
	}
	if (l2tp_has(in, L2TP_AVP_CHALLENGE) && !lns->secret) {
		tun_stop(t, L2TP_STOPCCN_NOT_AUTH, L2TP_ERR_NONE, "challenge but no secret configured");
		return;
	}
	if (lns->cfg.require_auth && !lns->secret) {
		tun_stop(t, L2TP_STOPCCN_NOT_AUTH, L2TP_ERR_NONE, "authentication required, no secret");
		return;
	}
	hl = in->host_name.len < sizeof(t->peer_host) ? in->host_name.len : sizeof(t->peer_host) - 1;
	memcpy(t->peer_host, in->host_name.p, hl);
	t->peer_host[hl] = '\0';
	for (size_t i = 0; i < hl; i++)
		if (t->peer_host[i] < 0x20 || t->peer_host[i] == 0x7f)
			t->peer_host[i] = '?';
	if (l2tp_has(in, L2TP_AVP_RWS))
		l2tp_ctrl_set_peer_rws(&t->ctrl, in->rws);
	lns_log(lns, LOG_INFO, t->tid, 0, "SCCRQ from %s:%u host \"%s\" tunnel %u window %u",
		inet_ntoa(t->peer.addr), t->peer.port, t->peer_host, t->peer_tid, t->ctrl.peer_rws);
	sccrp_send(t, in);
}

static void on_scccn(struct lns_tun *t, const struct l2tp_info *in)
{
	struct l2tp_lns *lns = t->lns;

	if (t->state != TUN_WAIT_SCCCN) {
		lns_log(lns, LOG_DEBUG, t->tid, 0, "SCCCN on an established tunnel: ignored");
		return;
	}
	if (t->chal_sent) {
		if (!l2tp_has(in, L2TP_AVP_CHAL_RESP)) {
			tun_stop(t, L2TP_STOPCCN_NOT_AUTH, L2TP_ERR_NONE, "no Challenge Response");
			return;
		}
		if (!l2tp_chal_verify(L2TP_SCCCN, lns->secret, lns->cfg.secret_len, t->chal,
				      sizeof(t->chal), in->chal_resp, L2TP_CHAL_RESP_LEN)) {
			tun_stop(t, L2TP_STOPCCN_NOT_AUTH, L2TP_ERR_NONE, "wrong Challenge Response");
			return;
		}
		OPENSSL_cleanse(t->chal, sizeof(t->chal));
	}
	t->state = TUN_ESTABLISHED;
	t->hold_until = NEVER;
	t->hello_at = lns->now + lns->cfg.hello_interval_ms;
	lns_log(lns, LOG_INFO, t->tid, 0, "tunnel with %s:%u (\"%s\", tunnel %u) established%s",
		inet_ntoa(t->peer.addr), t->peer.port, t->peer_host, t->peer_tid,
		t->chal_sent ? ", authenticated" : "");
}

static void on_stopccn(struct lns_tun *t, const struct l2tp_info *in)
{
	uint16_t result = fix_le(in->result.result), error = fix_le(in->result.error);
	int ml = (int)(in->result.msg.len > 100 ? 100 : in->result.msg.len);

	lns_log(t->lns, LOG_INFO, t->tid, 0,
		"StopCCN from %s:%u: result %u (%s) error %u (%s) %.*s",
		inet_ntoa(t->peer.addr), t->peer.port, result,
		l2tp_result_name(L2TP_STOPCCN, result), error, l2tp_error_name(error), ml,
		in->result.msg.p ? (const char *)in->result.msg.p : "");
	for (unsigned int i = 0; i < t->nsess; i++)
		if (!t->sess[i]->gone)
			lns_sess_clear(t, t->sess[i], 0, 0, "peer cleared the L2TP tunnel", false);
	/* keep acknowledging its retransmissions for a while (RFC 2661 5.7) */
	t->state = TUN_HOLD;
	t->hold_until = t->lns->now + LNS_STOP_HOLD_MS;
}

/* A control message delivered in order by l2tp_ctrl. */
static void ctrl_deliver(void *ctx, const uint8_t *msg, size_t len)
{
	struct lns_tun *t = ctx;
	struct l2tp_lns *lns = t->lns;
	uint8_t scratch[L2TP_MSG_MAX];
	struct l2tp_info in;
	struct l2tp_msg m;
	const char *why = NULL, *dwhy = NULL;
	int rc, drc = 0;

	if (t->gone || t->state == TUN_HOLD)
		return;		/* acknowledged by l2tp_ctrl, nothing more */
	memset(&in, 0, sizeof(in));
	rc = l2tp_msg_parse(msg, len, &m, &why);
	if (t->state == TUN_STOPPING) {
		/* StopCCNs crossing: the peer is done too */
		if ((!rc || rc == L2TP_E_UNKNOWN_M) && m.type == L2TP_STOPCCN)
			tun_teardown(t, "L2TP tunnel cleared by both ends");
		return;
	}
	if (rc && rc != L2TP_E_UNKNOWN_M) {
		lns_log(lns, LOG_WARNING, t->tid, 0, "malformed control message: %s", why);
		return;
	}
	drc = l2tp_msg_decode(&m, lns->secret, lns->cfg.secret_len, scratch, sizeof(scratch),
			      &in, &dwhy);
	OPENSSL_cleanse(scratch, sizeof(scratch));
	if (lns_is_session_msg(m.type)) {
		if (t->state != TUN_ESTABLISHED) {
			lns_log(lns, LOG_WARNING, t->tid, m.h.session_id,
				"%s before the tunnel is established: ignored", l2tp_msg_name(m.type));
			return;
		}
		if (drc && dwhy)
			lns_log(lns, LOG_WARNING, t->tid, m.h.session_id, "%s: %s",
				l2tp_msg_name(m.type), dwhy);
		lns_sess_input(t, &m, rc, &in, drc);
		return;
	}
	if (rc == L2TP_E_UNKNOWN_M) {
		char s[80];

		snprintf(s, sizeof(s), "unknown mandatory AVP %u (vendor %u) in %s", m.bad_avp,
			 m.bad_vendor, l2tp_msg_name(m.type));
		tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_UNKNOWN_M_AVP, s);
		return;
	}
	if (drc) {
		char s[120];

		snprintf(s, sizeof(s), "%s: %s", l2tp_msg_name(m.type), dwhy ? dwhy : "bad AVP");
		if (m.type == L2TP_STOPCCN) {
			/* it goes anyway */
			lns_log(lns, LOG_WARNING, t->tid, 0, "%s", s);
			memset(&in, 0, sizeof(in));
			on_stopccn(t, &in);
			return;
		}
		tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_RANGE, s);
		return;
	}
	switch (m.type) {
	case L2TP_SCCRQ:
		on_sccrq(t, &in);
		break;
	case L2TP_SCCCN:
		on_scccn(t, &in);
		break;
	case L2TP_STOPCCN:
		on_stopccn(t, &in);
		break;
	case L2TP_HELLO:
		break;		/* l2tp_ctrl acknowledges it */
	case L2TP_SCCRP:
		tun_stop(t, L2TP_STOPCCN_FSM, L2TP_ERR_NONE, "SCCRP to an LNS");
		break;
	default:
		if (m.type_mandatory) {
			char s[64];

			snprintf(s, sizeof(s), "unknown message type %u", m.type);
			tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_NONE, s);
		} else {
			lns_log(lns, LOG_DEBUG, t->tid, 0, "unknown message type %u ignored", m.type);
		}
		break;
	}
}

/* --- Creation --- */

static int new_tid(struct l2tp_lns *lns, uint16_t *tid)
{
	for (int i = 0; i < 64; i++) {
		uint8_t r[2];

		lns->ops.random(lns->ops.ctx, r, sizeof(r));
		*tid = (uint16_t)(r[0] << 8 | r[1]);
		if (*tid && !tid_used(lns, *tid))
			return 0;
	}
	for (uint32_t v = 1; v <= 0xffff; v++)
		if (!tid_used(lns, (uint16_t)v)) {
			*tid = (uint16_t)v;
			return 0;
		}
	return -1;
}

static struct lns_tun *tun_new(struct l2tp_lns *lns, const struct l2tp_peer *p, uint16_t peer_tid)
{
	struct l2tp_ctrl_ops cops = { NULL, ctrl_out, ctrl_deliver, ctrl_dead };
	struct lns_tun *t, **nt;
	uint16_t tid;

	if (new_tid(lns, &tid))
		return NULL;
	if (lns->ntun == lns->tun_cap) {
		unsigned int cap = lns->tun_cap ? 2 * lns->tun_cap : 8;

		nt = realloc(lns->tun, cap * sizeof(*nt));
		if (!nt)
			return NULL;
		lns->tun = nt;
		lns->tun_cap = cap;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->lns = lns;
	t->tid = tid;
	t->peer_tid = peer_tid;
	t->peer = *p;
	t->state = TUN_WAIT_SCCCN;
	t->last_rx = lns->now;
	t->hello_at = NEVER;
	t->hold_until = lns->now + LNS_SETUP_TIMEOUT_MS;
	cops.ctx = t;
	l2tp_ctrl_init(&t->ctrl, &lns->cfg.ctrl, &cops);
	l2tp_ctrl_set_peer_tunnel(&t->ctrl, peer_tid);
	if (lns->ops.tunnel_add) {
		int rc = lns->ops.tunnel_add(lns->ops.ctx, tid, peer_tid, p);

		if (rc) {
			lns_log(lns, LOG_ERR, tid, 0, "tunnel_add for %s:%u failed: %s",
				inet_ntoa(p->addr), p->port, strerror(-rc));
			free(t);
			return NULL;
		}
	}
	lns->tun[lns->ntun++] = t;
	return t;
}

static int sccrq_input(struct l2tp_lns *lns, const struct l2tp_peer *p, const uint8_t *msg,
		       size_t len)
{
	uint8_t scratch[L2TP_MSG_MAX];
	struct l2tp_info in;
	struct l2tp_msg m;
	struct lns_tun *t;
	const char *why = NULL;
	unsigned int refusing = 0;
	bool within;
	int rc;

	rc = l2tp_msg_parse(msg, len, &m, &why);
	if (rc && rc != L2TP_E_UNKNOWN_M) {
		lns_log(lns, LOG_WARNING, 0, 0, "from %s:%u: malformed control message: %s",
			inet_ntoa(p->addr), p->port, why);
		return -1;
	}
	if (m.zlb || m.type != L2TP_SCCRQ) {
		lns_log(lns, LOG_DEBUG, 0, 0, "from %s:%u: %s for no tunnel: dropped",
			inet_ntoa(p->addr), p->port, m.zlb ? "ZLB" : l2tp_msg_name(m.type));
		return -1;
	}
	memset(&in, 0, sizeof(in));
	l2tp_msg_decode(&m, lns->secret, lns->cfg.secret_len, scratch, sizeof(scratch), &in, &why);
	OPENSSL_cleanse(scratch, sizeof(scratch));
	if (!l2tp_has(&in, L2TP_AVP_TUNNEL_ID) || !in.tunnel_id) {
		lns_log(lns, LOG_WARNING, 0, 0, "SCCRQ from %s:%u without Assigned Tunnel ID: dropped",
			inet_ntoa(p->addr), p->port);
		return -1;
	}
	/*
	 * The same SCCRQ again: its retransmission, l2tp_ctrl acknowledges
	 * it. A tunnel being cleared does not count: the peer (Windows
	 * reuses its tunnel id) is starting a new control connection.
	 */
	for (unsigned int i = 0; i < lns->ntun; i++) {
		t = lns->tun[i];
		if (!t->gone && (t->state == TUN_WAIT_SCCCN || t->state == TUN_ESTABLISHED) &&
		    t->peer_tid == in.tunnel_id && t->peer.port == p->port &&
		    t->peer.addr.s_addr == p->addr.s_addr) {
			lns_log(lns, LOG_DEBUG, t->tid, 0, "SCCRQ retransmitted by %s:%u",
				inet_ntoa(p->addr), p->port);
			t->last_rx = lns->now;
			return l2tp_ctrl_input(&t->ctrl, msg, len, lns->now) < 0 ? -1 : 0;
		}
	}
	for (unsigned int i = 0; i < lns->ntun; i++)
		refusing += !lns->tun[i]->counted && !lns->tun[i]->gone;
	{
		struct lns_tun probe = { .peer = *p };

		within = live_tunnels(lns, NULL) < lns->cfg.max_tunnels &&
			 peer_tunnels(lns, &probe) < lns->cfg.max_tunnels_per_peer;
	}
	if (!within && refusing >= LNS_REFUSING_MAX) {
		lns_log(lns, LOG_WARNING, 0, 0,
			"SCCRQ from %s:%u dropped: tunnel limits reached and %u refusals pending",
			inet_ntoa(p->addr), p->port, refusing);
		return -1;
	}
	t = tun_new(lns, p, in.tunnel_id);
	if (!t)
		return -1;
	t->counted = within;
	if (l2tp_ctrl_input(&t->ctrl, msg, len, lns->now) != 1) {
		/* not Ns 0: nothing was answered, it is not a tunnel */
		lns_log(lns, LOG_WARNING, t->tid, 0, "SCCRQ from %s:%u out of sequence: dropped",
			inet_ntoa(p->addr), p->port);
		t->gone = true;
		lns->reap_pending = true;
		return -1;
	}
	return 0;
}

/* --- Entry points --- */

/**
 * l2tp_lns_new() - an LNS with no tunnel
 * @cfg: limits, secret (copied), timers; zeros are the defaults
 * @ops: the daemon's side effects (random is required)
 *
 * Return: the LNS, or NULL (no memory, no ops->random).
 */
struct l2tp_lns *l2tp_lns_new(const struct l2tp_lns_cfg *cfg, const struct l2tp_lns_ops *ops)
{
	struct l2tp_lns *lns;
	const char *host;

	if (!cfg || !ops || !ops->random)
		return NULL;
	lns = calloc(1, sizeof(*lns));
	if (!lns)
		return NULL;
	lns->cfg = *cfg;
	lns->ops = *ops;
	lns->cfg.secret = NULL;
	lns->cfg.hostname = NULL;
	if (cfg->secret && cfg->secret_len) {
		lns->secret = malloc(cfg->secret_len);
		if (!lns->secret) {
			free(lns);
			return NULL;
		}
		memcpy(lns->secret, cfg->secret, cfg->secret_len);
		lns->cfg.secret = lns->secret;
	} else {
		lns->cfg.secret_len = 0;
	}
	host = cfg->hostname && *cfg->hostname ? cfg->hostname : "l2tpsecd";
	snprintf(lns->hostname, sizeof(lns->hostname), "%s", host);
	if (!lns->cfg.max_tunnels)
		lns->cfg.max_tunnels = LNS_DEF_MAX_TUNNELS;
	if (!lns->cfg.max_tunnels_per_peer)
		lns->cfg.max_tunnels_per_peer = LNS_DEF_MAX_TUNNELS_PER_PEER;
	if (!lns->cfg.max_sessions)
		lns->cfg.max_sessions = LNS_DEF_MAX_SESSIONS;
	if (!lns->cfg.max_sessions_per_tunnel)
		lns->cfg.max_sessions_per_tunnel = LNS_DEF_MAX_SESSIONS_PER_TUN;
	if (!lns->cfg.hello_interval_ms)
		lns->cfg.hello_interval_ms = LNS_DEF_HELLO_MS;
	if (!lns->cfg.ctrl.rtx_initial_ms)
		lns->cfg.ctrl.rtx_initial_ms = LNS_DEF_RTX_INITIAL_MS;
	if (!lns->cfg.ctrl.rtx_max_ms)
		lns->cfg.ctrl.rtx_max_ms = LNS_DEF_RTX_MAX_MS;
	if (!lns->cfg.ctrl.max_retries)
		lns->cfg.ctrl.max_retries = LNS_DEF_MAX_RETRIES;
	if (!lns->cfg.ctrl.ack_delay_ms)
		lns->cfg.ctrl.ack_delay_ms = LNS_DEF_ACK_DELAY_MS;
	lns->next_link_id = 1;
	return lns;
}

/**
 * l2tp_lns_set_limits() - new limits, HELLO interval and host name (SIGHUP)
 * @lns: the LNS
 * @cfg: as for l2tp_lns_new(); its secret and reliable-delivery settings
 *       are not taken (live tunnels agreed on them)
 *
 * The limits count from now on: nothing live is closed for exceeding a
 * lowered one, new tunnels and calls are refused until below it.
 */
void l2tp_lns_set_limits(struct l2tp_lns *lns, const struct l2tp_lns_cfg *cfg)
{
	const char *host = cfg->hostname && *cfg->hostname ? cfg->hostname : "l2tpsecd";

	snprintf(lns->hostname, sizeof(lns->hostname), "%s", host);
	lns->cfg.max_tunnels = cfg->max_tunnels ? cfg->max_tunnels : LNS_DEF_MAX_TUNNELS;
	lns->cfg.max_tunnels_per_peer = cfg->max_tunnels_per_peer ? cfg->max_tunnels_per_peer :
				       LNS_DEF_MAX_TUNNELS_PER_PEER;
	lns->cfg.max_sessions = cfg->max_sessions ? cfg->max_sessions : LNS_DEF_MAX_SESSIONS;
	lns->cfg.max_sessions_per_tunnel = cfg->max_sessions_per_tunnel ?
					   cfg->max_sessions_per_tunnel :
					   LNS_DEF_MAX_SESSIONS_PER_TUN;
	lns->cfg.hello_interval_ms = cfg->hello_interval_ms ? cfg->hello_interval_ms :
				     LNS_DEF_HELLO_MS;
}

/**
 * l2tp_lns_free() - tear everything down at once, no message sent
 * @lns: the LNS (NULL is fine)
 *
 * Every link's upper->down, session_del, tunnel_del; the secret is wiped.
 */
void l2tp_lns_free(struct l2tp_lns *lns)
{
	if (!lns)
		return;
	lns->depth++;
	for (unsigned int i = 0; i < lns->ntun; i++)
		if (!lns->tun[i]->gone)
			tun_teardown(lns->tun[i], "L2TP stopped");
	lns->depth--;
	lns_reap(lns);
	free(lns->tun);
	if (lns->secret) {
		OPENSSL_cleanse(lns->secret, lns->cfg.secret_len);
		free(lns->secret);
	}
	OPENSSL_cleanse(lns, sizeof(*lns));
	free(lns);
}

/* After input or a timer: a stopping tunnel whose StopCCN was acknowledged goes. */
static void tun_check(struct lns_tun *t)
{
	if (t->gone)
		return;
	if (t->state == TUN_STOPPING && l2tp_ctrl_idle(&t->ctrl))
		tun_teardown(t, "L2TP tunnel cleared");
}

/**
 * l2tp_lns_input() - a control message from the peer
 * @lns: the LNS
 * @tid: the local tunnel the module matched, 0 for none (a SCCRQ)
 * @p: where it came from
 * @msg: the message, L2TP header first
 * @len: its length
 * @now: the time (ms)
 *
 * Return: 0, or -1 if it was dropped (logged).
 */
int l2tp_lns_input(struct l2tp_lns *lns, uint16_t tid, const struct l2tp_peer *p,
		   const uint8_t *msg, size_t len, uint64_t now)
{
	struct l2tp_hdr h;
	struct lns_tun *t;
	const char *why = NULL;
	int rc = -1;

	lns_enter(lns, now);
	if (l2tp_hdr_parse(msg, len, &h, &why)) {
		lns_log(lns, LOG_DEBUG, tid, 0, "from %s:%u: not a control message: %s",
			inet_ntoa(p->addr), p->port, why);
		goto out;
	}
	if (!tid)
		tid = h.tunnel_id;
	if (!tid) {
		rc = sccrq_input(lns, p, msg, len);
		goto out;
	}
	t = lns_tun_find(lns, tid);
	if (!t || h.tunnel_id != tid) {
		lns_log(lns, LOG_DEBUG, tid, 0, "from %s:%u: control message for no tunnel %u",
			inet_ntoa(p->addr), p->port, h.tunnel_id);
		goto out;
	}
	if (t->peer.addr.s_addr != p->addr.s_addr) {
		lns_log(lns, LOG_WARNING, tid, 0, "from %s:%u: not the tunnel's peer: dropped",
			inet_ntoa(p->addr), p->port);
		goto out;
	}
	t->peer.sa_in = p->sa_in;
	t->last_rx = now;
	if (t->state == TUN_ESTABLISHED && t->hello_at < now + lns->cfg.hello_interval_ms)
		t->hello_at = now + lns->cfg.hello_interval_ms;
	rc = l2tp_ctrl_input(&t->ctrl, msg, len, now) < 0 ? -1 : 0;
	tun_check(t);
out:
	lns_leave(lns);
	return rc;
}

static void hello_send(struct lns_tun *t)
{
	uint8_t buf[64];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, t->peer_tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_HELLO);
	lns_tun_send(t, buf, l2tp_w_finish(&w));
}

/**
 * l2tp_lns_tick() - run the timers due at @now
 * @lns: the LNS
 * @now: the time (ms)
 *
 * Retransmissions and ZLBs (l2tp_ctrl), HELLOs after silence, tunnels
 * given up, and the freeing of what went away since the last call.
 */
void l2tp_lns_tick(struct l2tp_lns *lns, uint64_t now)
{
	lns_enter(lns, now);
	for (unsigned int i = 0; i < lns->ntun; i++) {
		struct lns_tun *t = lns->tun[i];

		if (t->gone)
			continue;
		l2tp_ctrl_timer(&t->ctrl, now);
		if (t->gone)
			continue;
		if (t->state == TUN_HOLD && now >= t->hold_until) {
			tun_teardown(t, "L2TP tunnel cleared by the peer");
			continue;
		}
		if (t->state == TUN_WAIT_SCCCN && now >= t->hold_until) {
			tun_stop(t, L2TP_STOPCCN_GENERAL, L2TP_ERR_NONE, "no SCCCN");
			continue;
		}
		if (t->state == TUN_ESTABLISHED && now >= t->hello_at) {
			if (l2tp_ctrl_idle(&t->ctrl))
				hello_send(t);
			t->hello_at = now + lns->cfg.hello_interval_ms;
		}
		if (t->state == TUN_ESTABLISHED)
			lns_sess_timers(t, now);
		tun_check(t);
	}
	lns->reap_pending = true;
	lns_leave(lns);
}

/**
 * l2tp_lns_next_timeout() - when l2tp_lns_tick() has work next
 * @lns: the LNS
 *
 * Return: the time (ms), 0 if something waits to be freed, UINT64_MAX if nothing.
 */
uint64_t l2tp_lns_next_timeout(const struct l2tp_lns *lns)
{
	uint64_t next = NEVER;

	if (lns->reap_pending)
		return 0;
	for (unsigned int i = 0; i < lns->ntun; i++) {
		const struct lns_tun *t = lns->tun[i];
		uint64_t c;

		if (t->gone)
			return 0;
		c = l2tp_ctrl_next_timeout(&t->ctrl);
		if (c < next)
			next = c;
		if (t->state == TUN_ESTABLISHED && t->hello_at < next)
			next = t->hello_at;
		if ((t->state == TUN_HOLD || t->state == TUN_WAIT_SCCCN) && t->hold_until < next)
			next = t->hold_until;
		if (t->state == TUN_ESTABLISHED) {
			for (unsigned int j = 0; j < t->nsess; j++) {
				const struct lns_sess *s = t->sess[j];

				if (!s->gone && s->state == SESS_WAIT_ICCN && s->setup_until < next)
					next = s->setup_until;
			}
		}
	}
	return next;
}

/**
 * l2tp_lns_owner_gone() - the IKE SA @owner is gone: so are its tunnels
 * @lns: the LNS
 * @owner: the IKE SA's serial
 * @now: the time (ms)
 *
 * Each tunnel sends one StopCCN (best effort: the SA it would travel
 * through is gone) and goes at once with its calls.
 */
void l2tp_lns_owner_gone(struct l2tp_lns *lns, uint64_t owner, uint64_t now)
{
	lns_enter(lns, now);
	for (unsigned int i = 0; i < lns->ntun; i++) {
		struct lns_tun *t = lns->tun[i];

		if (t->gone || t->peer.owner != owner)
			continue;
		if (t->state == TUN_WAIT_SCCCN || t->state == TUN_ESTABLISHED)
			tun_stop(t, L2TP_STOPCCN_CLEAR, L2TP_ERR_NONE, "IPsec SA gone");
		tun_teardown(t, "IPsec SA gone");
	}
	lns_leave(lns);
}

/**
 * l2tp_lns_owner_rebind() - the tunnels of @old_owner now belong to @new_owner
 * @lns: the LNS
 * @old_owner: the IKE SA serial they had
 * @new_owner: the one they have now
 *
 * The inbound SA is taken from the next message of each tunnel.
 */
void l2tp_lns_owner_rebind(struct l2tp_lns *lns, uint64_t old_owner, uint64_t new_owner)
{
	for (unsigned int i = 0; i < lns->ntun; i++)
		if (lns->tun[i]->peer.owner == old_owner)
			lns->tun[i]->peer.owner = new_owner;
}

/**
 * l2tp_lns_owner_moved() - the peer of @owner's tunnels is at @addr now
 * @lns: the LNS
 * @owner: the IKE SA serial
 * @addr: the peer's new public address
 *
 * The IKE SA followed the peer (authenticated: a NAT mapping change);
 * control messages are taken from the new address only, from now on.
 */
void l2tp_lns_owner_moved(struct l2tp_lns *lns, uint64_t owner, struct in_addr addr)
{
	for (unsigned int i = 0; i < lns->ntun; i++)
		if (lns->tun[i]->peer.owner == owner)
			lns->tun[i]->peer.addr = addr;
}

/**
 * l2tp_lns_disconnect() - clear a call or a tunnel
 * @lns: the LNS
 * @tid: the local tunnel id
 * @sid: the local session id (CDN result 3), 0 for the whole tunnel (StopCCN result 1)
 * @now: the time (ms)
 *
 * Return: 0, or -ENOENT.
 */
int l2tp_lns_disconnect(struct l2tp_lns *lns, uint16_t tid, uint16_t sid, uint64_t now)
{
	struct lns_tun *t;
	int rc = -ENOENT;

	lns_enter(lns, now);
	t = lns_tun_find(lns, tid);
	if (!t)
		goto out;
	if (!sid) {
		if (t->state == TUN_WAIT_SCCCN || t->state == TUN_ESTABLISHED)
			tun_stop(t, L2TP_STOPCCN_CLEAR, L2TP_ERR_NONE, "administrative");
		rc = 0;
	} else {
		struct lns_sess *s = lns_sess_find(t, sid);

		if (s) {
			lns_sess_clear(t, s, L2TP_CDN_ADMIN, L2TP_ERR_NONE, "administrative", true);
			rc = 0;
		}
	}
out:
	lns_leave(lns);
	return rc;
}

/**
 * l2tp_lns_stop_all() - StopCCN (result 6) to every peer
 * @lns: the LNS
 * @now: the time (ms)
 *
 * Every call goes at once; each tunnel when its StopCCN is acknowledged
 * or its peer given up: done when l2tp_lns_count() says 0 tunnels.
 */
void l2tp_lns_stop_all(struct l2tp_lns *lns, uint64_t now)
{
	lns_enter(lns, now);
	for (unsigned int i = 0; i < lns->ntun; i++) {
		struct lns_tun *t = lns->tun[i];

		if (!t->gone && (t->state == TUN_WAIT_SCCCN || t->state == TUN_ESTABLISHED))
			tun_stop(t, L2TP_STOPCCN_SHUTDOWN, L2TP_ERR_NONE, "shutting down");
	}
	lns_leave(lns);
}

/**
 * l2tp_lns_count() - tunnels and calls that exist (stopping ones included)
 * @lns: the LNS
 * @tunnels: set to the tunnels (NULL: not wanted)
 * @sessions: set to the calls (NULL: not wanted)
 */
void l2tp_lns_count(const struct l2tp_lns *lns, unsigned int *tunnels, unsigned int *sessions)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < lns->ntun; i++)
		n += !lns->tun[i]->gone;
	if (tunnels)
		*tunnels = n;
	if (sessions)
		*sessions = lns_total_sessions(lns);
}
