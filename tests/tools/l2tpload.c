// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpload - open N L2TP/PPP client sessions against l2tpsecd and time them.
 *
 * Each session is one LAC on its own UDP socket (its own source port)
 * speaking clear-text L2TPv2 to the gateway (a conn with `lns yes` and
 * `lns-clear-text yes` for this host's address): SCCRQ/SCCRP/SCCCN with
 * Ns/Nr, ZLB acknowledgements and retransmission, one call
 * (ICRQ/ICRP/ICCN), then PPP in the L2TP data channel: LCP (the server's
 * MS-CHAPv2 accepted, Echo-Requests answered), the MS-CHAPv2 response
 * (the server's authenticator response checked), IPCP (0.0.0.0 and DNS
 * asked, the Nak taken). Optionally ICMP echoes to the gateway's PPP
 * address through the data channel prove the data plane. Then every
 * session is torn down (CDN, StopCCN) and the teardown timed.
 *
 * One thread, epoll, a global deadline: every session ends up, or failed
 * with the step and what the server said. The codecs are the daemon's own
 * (userspace/l2tp/l2tp_msg.c, userspace/ppp/ppp_pkt.c, ppp_mschapv2.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "l2tp_msg.h"
#include "ppp_ipcp_opts.h"
#include "ppp_lcp_opts.h"
#include "ppp_mschapv2.h"
#include "ppp_pkt.h"

#define RTX_FIRST_MS	1000	/* L2TP: first retransmission, doubling */
#define RTX_MAX_MS	8000
#define RTX_TRIES	6
#define PPP_RTX_MS	3000	/* LCP/IPCP Configure-Request retransmission */
#define PPP_TRIES	10
#define QMAX		8	/* unacknowledged control messages kept */
#define TEARDOWN_MS	30000	/* at least; or the setup's timeout */

enum state {
	S_IDLE, S_SCCRP, S_ICRP, S_PPP, S_UP, S_FAILED, S_CLOSING, S_CLOSED,
};

struct qmsg {
	uint16_t ns;
	uint16_t len;
	uint8_t buf[256];
};

struct sess {
	int fd;
	enum state st;
	const char *user, *pw;
	uint16_t lport;
	uint64_t t_start, t_up, t_closed;
	uint64_t t_step[5];		/* SCCRP, ICRP, LCP open, authenticated, IPCP open */
	const char *step;		/* what it waits for */
	char why[200];			/* the failure */
	/* L2TP */
	uint16_t my_tid, gw_tid, my_sid, gw_sid, ns, nr;
	struct qmsg q[QMAX];
	unsigned int nq, rtx_n;
	uint64_t rtx_at;
	bool need_ack;
	/* PPP */
	uint32_t magic;
	uint8_t lcp_id, ipcp_id, chal_id;
	bool lcp_theirs, lcp_ours, auth_ok, ipcp_theirs, ipcp_ours, ipcp_started;
	unsigned int lcp_n, ipcp_n;
	uint64_t lcp_at, ipcp_at;
	uint8_t auth_chal[16], peer_chal[16], nt_resp[24], nt_hash[16];
	bool responded;			/* to auth_chal, with peer_chal */
	uint32_t want[3];		/* IPCP: address, DNS1, DNS2 (host order) */
	uint32_t gw_addr;
	/* data plane */
	unsigned int ping_sent, ping_rcvd;
	uint64_t ping_at;
};

static struct {
	struct sockaddr_in server;
	unsigned int n, conc, ping;
	uint64_t timeout_ms, hold_ms;
	bool json, verbose;
	struct sess *s;
	int ep;
	unsigned int n_users;
	char **users, **pws;
} G;

static uint64_t clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The clock read once per event loop turn (a VM's HPET read is costly). */
static uint64_t now_cache;

static uint64_t now_ms(void)
{
	return now_cache ? now_cache : clock_ms();
}

static void fail(struct sess *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct sess *s, const char *fmt, ...)
{
	va_list ap;

	if (s->st == S_FAILED)
		return;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	s->st = S_FAILED;
	s->nq = 0;
}

/* ------------------------------------------------------------ L2TP */

static void raw_send(struct sess *s, const uint8_t *p, size_t len)
{
	if (send(s->fd, p, len, 0) < 0 && errno != EAGAIN && errno != ECONNREFUSED)
		fail(s, "send: %s", strerror(errno));
}

/* A control message (header written by the caller with ns/nr 0): queued, sent. */
static void ctrl_send(struct sess *s, uint8_t *msg, size_t len)
{
	struct qmsg *m;

	if (!len || len > sizeof(m->buf) || s->nq == QMAX) {
		fail(s, "internal: control message of %zu bytes, %u queued", len, s->nq);
		return;
	}
	l2tp_hdr_set_seq(msg, s->ns, s->nr);
	m = &s->q[s->nq++];
	m->ns = s->ns++;
	m->len = (uint16_t)len;
	memcpy(m->buf, msg, len);
	if (s->nq == 1) {
		s->rtx_at = now_ms() + RTX_FIRST_MS;
		s->rtx_n = 0;
	}
	s->need_ack = false;
	raw_send(s, msg, len);
}

static void zlb_send(struct sess *s)
{
	uint8_t b[L2TP_HDR_LEN];
	struct l2tp_wbuf w;
	size_t n;

	l2tp_w_init(&w, b, sizeof(b));
	l2tp_w_hdr(&w, s->gw_tid, 0, s->ns, s->nr);
	n = l2tp_w_finish(&w);
	s->need_ack = false;
	raw_send(s, b, n);
}

/* The peer acknowledged everything before nr. */
static void acked(struct sess *s, uint16_t nr)
{
	unsigned int k = 0;

	while (k < s->nq && (uint16_t)(nr - s->q[k].ns) - 1 < 0x8000)
		k++;
	if (!k)
		return;
	memmove(s->q, s->q + k, (s->nq - k) * sizeof(s->q[0]));
	s->nq -= k;
	s->rtx_at = now_ms() + RTX_FIRST_MS;
	s->rtx_n = 0;
}

static void w_start(struct l2tp_wbuf *w, uint8_t *b, size_t cap, struct sess *s, uint16_t sid,
		    uint16_t type)
{
	l2tp_w_init(w, b, cap);
	l2tp_w_hdr(w, s->gw_tid, sid, 0, 0);
	l2tp_w_msg_type(w, type);
}

static void sccrq(struct sess *s)
{
	uint8_t b[256];
	struct l2tp_wbuf w;

	w_start(&w, b, sizeof(b), s, 0, L2TP_SCCRQ);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
	l2tp_w_avp_u32(&w, L2TP_AVP_BEARER_CAPS, true, 0);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, "l2tpload", 8);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, s->my_tid);
	l2tp_w_avp_u16(&w, L2TP_AVP_RWS, true, 8);
	ctrl_send(s, b, l2tp_w_finish(&w));
}

static void icrq(struct sess *s)
{
	uint8_t b[256];
	struct l2tp_wbuf w;

	w_start(&w, b, sizeof(b), s, 0, L2TP_ICRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, s->my_sid);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, s->my_sid);
	ctrl_send(s, b, l2tp_w_finish(&w));
}

static void lcp_req(struct sess *s);

static void iccn(struct sess *s)
{
	uint8_t b[256];
	struct l2tp_wbuf w;

	w_start(&w, b, sizeof(b), s, s->gw_sid, L2TP_ICCN);
	l2tp_w_avp_u32(&w, L2TP_AVP_TX_SPEED, true, 100000000);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	ctrl_send(s, b, l2tp_w_finish(&w));
}

static void result_text(const struct l2tp_info *in, uint16_t type, char *out, size_t cap)
{
	int n;

	if (!l2tp_has(in, L2TP_AVP_RESULT)) {
		snprintf(out, cap, "no result code");
		return;
	}
	n = snprintf(out, cap, "result %u (%s)", in->result.result,
		     l2tp_result_name(type, in->result.result));
	if (in->result.has_error && n > 0 && (size_t)n < cap)
		n += snprintf(out + n, cap - (size_t)n, " error %u (%s)", in->result.error,
			      l2tp_error_name(in->result.error));
	if (in->result.msg.len && n > 0 && (size_t)n < cap)
		snprintf(out + n, cap - (size_t)n, ": %.*s", (int)in->result.msg.len,
			 (const char *)in->result.msg.p);
}

static void ctrl_input(struct sess *s, const uint8_t *p, size_t len)
{
	uint8_t scratch[L2TP_MSG_MAX];
	struct l2tp_info in;
	struct l2tp_msg m;
	const char *why = NULL;
	char r[160];

	if (l2tp_msg_parse(p, len, &m, &why)) {
		if (G.verbose)
			fprintf(stderr, "session %u: malformed control message: %s\n",
				(unsigned int)(s - G.s), why ? why : "?");
		return;
	}
	if (m.h.tunnel_id != s->my_tid)
		return;
	acked(s, m.h.nr);
	if (m.zlb)
		return;
	if (m.h.ns != s->nr) {
		/* a retransmission of something acknowledged: again */
		if ((uint16_t)(s->nr - m.h.ns) - 1 < 0x8000)
			zlb_send(s);
		return;
	}
	s->nr++;
	s->need_ack = true;
	memset(&in, 0, sizeof(in));
	if (l2tp_msg_decode(&m, NULL, 0, scratch, sizeof(scratch), &in, &why)) {
		fail(s, "step %s: %s undecodable: %s", s->step, l2tp_msg_name(m.type),
		     why ? why : "?");
		return;
	}
	switch (m.type) {
	case L2TP_SCCRP:
		if (s->st != S_SCCRP)
			break;
		if (l2tp_has(&in, L2TP_AVP_CHALLENGE)) {
			fail(s, "step SCCRP: the server asks for a tunnel secret (not supported)");
			return;
		}
		if (!l2tp_has(&in, L2TP_AVP_TUNNEL_ID)) {
			fail(s, "step SCCRP: no Assigned Tunnel ID");
			return;
		}
		s->gw_tid = in.tunnel_id;
		s->t_step[0] = now_ms();
		{
			uint8_t b[64];
			struct l2tp_wbuf w;

			w_start(&w, b, sizeof(b), s, 0, L2TP_SCCCN);
			ctrl_send(s, b, l2tp_w_finish(&w));
		}
		s->st = S_ICRP;
		s->step = "ICRP";
		icrq(s);
		break;
	case L2TP_ICRP:
		if (s->st != S_ICRP || m.h.session_id != s->my_sid)
			break;
		if (!l2tp_has(&in, L2TP_AVP_SESSION_ID)) {
			fail(s, "step ICRP: no Assigned Session ID");
			return;
		}
		s->gw_sid = in.session_id;
		s->t_step[1] = now_ms();
		iccn(s);
		s->st = S_PPP;
		s->step = "LCP";
		/* the gateway creates the PPP session at ICCN: our Configure-
		 * Request goes with the answer to its own (or after 1 s) */
		s->lcp_at = now_ms() + 1000;
		break;
	case L2TP_CDN:
		result_text(&in, m.type, r, sizeof(r));
		if (s->st != S_CLOSING)
			fail(s, "step %s: CDN from the server: %s", s->step, r);
		break;
	case L2TP_STOPCCN:
		result_text(&in, m.type, r, sizeof(r));
		if (s->st != S_CLOSING)
			fail(s, "step %s: StopCCN from the server: %s", s->step, r);
		zlb_send(s);
		break;
	default:
		break;		/* HELLO, ...: acknowledged */
	}
	if (s->need_ack && s->st != S_FAILED)
		zlb_send(s);
}

/* ------------------------------------------------------------- PPP */

static void ppp_send(struct sess *s, uint16_t proto, const uint8_t *pkt, size_t n)
{
	uint8_t f[1600];

	if (n + 10 > sizeof(f) || !n)
		return;
	/* L2TP data header without length or sequence: flags, tunnel, session */
	f[0] = 0x00;
	f[1] = L2TP_VERSION;
	f[2] = (uint8_t)(s->gw_tid >> 8);
	f[3] = (uint8_t)s->gw_tid;
	f[4] = (uint8_t)(s->gw_sid >> 8);
	f[5] = (uint8_t)s->gw_sid;
	f[6] = 0xff;
	f[7] = 0x03;
	f[8] = (uint8_t)(proto >> 8);
	f[9] = (uint8_t)proto;
	memcpy(f + 10, pkt, n);
	raw_send(s, f, n + 10);
}

static void lcp_req(struct sess *s)
{
	uint8_t b[64];
	struct ppp_wbuf w;

	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_CONF_REQ, ++s->lcp_id);
	ppp_w_opt_u16(&w, LCP_OPT_MRU, 1400);
	ppp_w_opt_u32(&w, LCP_OPT_MAGIC, s->magic);
	s->lcp_n++;
	s->lcp_at = now_ms() + PPP_RTX_MS;
	ppp_send(s, PPP_PROTO_LCP, b, ppp_w_finish(&w));
}

static void ipcp_req(struct sess *s)
{
	uint8_t b[64];
	struct ppp_wbuf w;

	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, PPP_CONF_REQ, ++s->ipcp_id);
	ppp_w_opt_u32(&w, IPCP_OPT_ADDR, s->want[0]);
	ppp_w_opt_u32(&w, IPCP_OPT_DNS1, s->want[1]);
	ppp_w_opt_u32(&w, IPCP_OPT_DNS2, s->want[2]);
	s->ipcp_started = true;
	s->ipcp_n++;
	s->ipcp_at = now_ms() + PPP_RTX_MS;
	ppp_send(s, PPP_PROTO_IPCP, b, ppp_w_finish(&w));
}

static void check_up(struct sess *s)
{
	uint64_t now = now_ms();

	if (s->lcp_theirs && s->lcp_ours && !s->t_step[2])
		s->t_step[2] = now;
	if (s->auth_ok && !s->t_step[3])
		s->t_step[3] = now;
	if (s->st == S_PPP && s->lcp_theirs && s->lcp_ours && s->auth_ok && !s->ipcp_started) {
		s->step = "IPCP";
		ipcp_req(s);
	}
	if (s->st == S_PPP && s->auth_ok && s->ipcp_theirs && s->ipcp_ours) {
		s->st = S_UP;
		s->step = "up";
		s->t_up = now;
		s->t_step[4] = now;
	}
}

static uint32_t opt_u32(const struct ppp_opt *o)
{
	return (uint32_t)o->data[0] << 24 | (uint32_t)o->data[1] << 16 |
	       (uint32_t)o->data[2] << 8 | o->data[3];
}

static void lcp_input(struct sess *s, const uint8_t *p, size_t n)
{
	uint8_t b[1600];
	struct ppp_pkt k;
	struct ppp_opt o;
	size_t len;

	if (ppp_pkt_parse(p, n, &k, NULL))
		return;
	switch (k.code) {
	case PPP_CONF_REQ:
		if (ppp_opts_check(k.data, k.data_len, NULL))
			return;
		if (ppp_opt_find(k.data, k.data_len, LCP_OPT_AUTH, &o) &&
		    !(o.len == 5 && o.data[0] == 0xc2 && o.data[1] == 0x23 &&
		      o.data[2] == CHAP_ALG_MSCHAPV2)) {
			/* Nak: MS-CHAPv2 is what this client does */
			static const uint8_t want[3] = { 0xc2, 0x23, CHAP_ALG_MSCHAPV2 };
			struct ppp_wbuf w;

			ppp_w_init(&w, b, sizeof(b));
			ppp_w_hdr(&w, PPP_CONF_NAK, k.id);
			ppp_w_opt(&w, LCP_OPT_AUTH, want, sizeof(want));
			ppp_send(s, PPP_PROTO_LCP, b, ppp_w_finish(&w));
			return;
		}
		if (k.len > sizeof(b))
			return;
		memcpy(b, p, k.len);
		b[0] = PPP_CONF_ACK;
		s->lcp_theirs = true;
		ppp_send(s, PPP_PROTO_LCP, b, k.len);
		if (!s->lcp_n)
			lcp_req(s);
		if (s->lcp_theirs && s->lcp_ours)
			s->step = "MS-CHAPv2";
		break;
	case PPP_CONF_ACK:
		if (k.id == s->lcp_id) {
			s->lcp_ours = true;
			if (s->lcp_theirs)
				s->step = "MS-CHAPv2";
		}
		break;
	case PPP_CONF_NAK:
	case PPP_CONF_REJ:
		fail(s, "step LCP: the server sent Configure-%s to our MRU 1400 + magic",
		     k.code == PPP_CONF_NAK ? "Nak" : "Reject");
		return;
	case PPP_ECHO_REQ:
		len = ppp_w_echo(b, sizeof(b), PPP_ECHO_REP, k.id, s->magic, NULL, 0);
		ppp_send(s, PPP_PROTO_LCP, b, len);
		break;
	case PPP_TERM_REQ:
		if (k.len > sizeof(b))
			return;
		memcpy(b, p, k.len);
		b[0] = PPP_TERM_ACK;
		ppp_send(s, PPP_PROTO_LCP, b, k.len);
		if (s->st != S_CLOSING)
			fail(s, "step %s: LCP Terminate-Request from the server", s->step);
		return;
	default:
		break;
	}
	check_up(s);
}

static void chap_respond(struct sess *s)
{
	uint8_t b[512], v[49];
	struct ppp_wbuf w;
	size_t ul = strlen(s->user);

	memset(v, 0, sizeof(v));
	if (mschapv2_nt_hash(s->pw, strlen(s->pw), s->nt_hash) ||
	    mschapv2_nt_response(s->auth_chal, s->peer_chal, s->user, ul, s->nt_hash,
				 s->nt_resp)) {
		fail(s, "step MS-CHAPv2: cannot compute the response (MD4/DES unavailable?)");
		return;
	}
	memcpy(v, s->peer_chal, 16);
	memcpy(v + 24, s->nt_resp, 24);
	ppp_w_init(&w, b, sizeof(b));
	ppp_w_hdr(&w, 2, s->chal_id);
	ppp_w_u8(&w, sizeof(v));
	ppp_w_bytes(&w, v, sizeof(v));
	ppp_w_bytes(&w, s->user, ul);
	ppp_send(s, PPP_PROTO_CHAP, b, ppp_w_finish(&w));
}

static void chap_input(struct sess *s, const uint8_t *p, size_t n)
{
	char want[MSCHAPV2_AUTH_RESP_LEN + 1];
	struct ppp_pkt k;

	/* CHAP's data is not an option list: the header checked here */
	if (n < PPP_HDR_LEN || (size_t)(p[2] << 8 | p[3]) < PPP_HDR_LEN ||
	    (size_t)(p[2] << 8 | p[3]) > n)
		return;
	k.code = p[0];
	k.id = p[1];
	k.len = (uint16_t)(p[2] << 8 | p[3]);
	k.data = p + PPP_HDR_LEN;
	k.data_len = k.len - PPP_HDR_LEN;
	if (k.code == 1 && k.data_len >= 17 && k.data[0] == 16) {
		/* a retransmitted challenge gets the same response: the
		 * server may have verified the first one already */
		if (!s->responded || k.id != s->chal_id || memcmp(s->auth_chal, k.data + 1, 16)) {
			memcpy(s->auth_chal, k.data + 1, 16);
			s->chal_id = k.id;
			for (int i = 0; i < 16; i++)
				s->peer_chal[i] = (uint8_t)rand();
			s->responded = true;
		}
		chap_respond(s);
	} else if (k.code == 3 && k.id == s->chal_id && !s->auth_ok) {
		if (mschapv2_auth_response(s->nt_hash, s->nt_resp, s->peer_chal, s->auth_chal,
					   s->user, strlen(s->user), want) ||
		    k.data_len < MSCHAPV2_AUTH_RESP_LEN ||
		    memcmp(k.data, want, MSCHAPV2_AUTH_RESP_LEN)) {
			fail(s, "step MS-CHAPv2: Success with a wrong authenticator response");
			return;
		}
		s->auth_ok = true;
		check_up(s);
	} else if (k.code == 4) {
		fail(s, "step MS-CHAPv2: Failure from the server: %.*s",
		     (int)(k.data_len < 120 ? k.data_len : 120), (const char *)k.data);
	}
}

static void ipcp_input(struct sess *s, const uint8_t *p, size_t n)
{
	uint8_t b[1600];
	struct ppp_pkt k;
	struct ppp_opt o;

	if (ppp_pkt_parse(p, n, &k, NULL) || k.code > PPP_CONF_REJ ||
	    ppp_opts_check(k.data, k.data_len, NULL))
		return;
	switch (k.code) {
	case PPP_CONF_REQ:
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_ADDR, &o) && o.len == 6)
			s->gw_addr = opt_u32(&o);
		if (k.len > sizeof(b))
			return;
		memcpy(b, p, k.len);
		b[0] = PPP_CONF_ACK;
		s->ipcp_theirs = true;
		ppp_send(s, PPP_PROTO_IPCP, b, k.len);
		break;
	case PPP_CONF_NAK:
		if (k.id != s->ipcp_id)
			break;
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_ADDR, &o) && o.len == 6)
			s->want[0] = opt_u32(&o);
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_DNS1, &o) && o.len == 6)
			s->want[1] = opt_u32(&o);
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_DNS2, &o) && o.len == 6)
			s->want[2] = opt_u32(&o);
		ipcp_req(s);
		break;
	case PPP_CONF_ACK:
		if (k.id == s->ipcp_id && s->want[0])
			s->ipcp_ours = true;
		break;
	case PPP_CONF_REJ:
		if (k.id != s->ipcp_id)
			break;
		/* DNS not configured on the server: this tool expects them */
		if (ppp_opt_find(k.data, k.data_len, IPCP_OPT_ADDR, &o)) {
			fail(s, "step IPCP: the server rejected IP-Address");
			return;
		}
		fail(s, "step IPCP: the server rejected the DNS options (configure dns)");
		return;
	default:
		break;
	}
	check_up(s);
}

/* ------------------------------------------------ data: ICMP echo */

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void ping_send(struct sess *s)
{
	uint8_t ip[20 + 8 + 32];
	uint16_t c, id = (uint16_t)(s - G.s);

	memset(ip, 0, sizeof(ip));
	ip[0] = 0x45;
	ip[2] = sizeof(ip) >> 8;
	ip[3] = sizeof(ip) & 0xff;
	ip[8] = 64;
	ip[9] = 1;			/* ICMP */
	put32(ip + 12, s->want[0]);
	put32(ip + 16, s->gw_addr);
	c = csum(ip, 20);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	ip[20] = 8;			/* echo request */
	ip[24] = (uint8_t)(id >> 8);
	ip[25] = (uint8_t)id;
	ip[26] = (uint8_t)(s->ping_sent >> 8);
	ip[27] = (uint8_t)s->ping_sent;
	memset(ip + 28, 0xa5, 32);
	c = csum(ip + 20, 8 + 32);
	ip[22] = (uint8_t)(c >> 8);
	ip[23] = (uint8_t)c;
	s->ping_sent++;
	ppp_send(s, PPP_PROTO_IPV4, ip, sizeof(ip));
}

static void ipv4_input(struct sess *s, const uint8_t *p, size_t n)
{
	size_t hl;

	if (n < 20 || (p[0] >> 4) != 4)
		return;
	hl = (size_t)(p[0] & 15) * 4;
	if (hl < 20 || n < hl + 8 || p[9] != 1)
		return;
	if (p[hl] == 0 && (uint16_t)(p[hl + 4] << 8 | p[hl + 5]) == (uint16_t)(s - G.s))
		s->ping_rcvd++;
}

/* ------------------------------------------------------------ input */

static void data_input(struct sess *s, const uint8_t *p, size_t len)
{
	uint16_t flags = (uint16_t)(p[0] << 8 | p[1]), proto;
	size_t off = 2;

	if (flags & L2TP_HDR_L)
		off += 2;
	off += 4;			/* tunnel, session */
	if (flags & L2TP_HDR_S)
		off += 4;
	if (flags & L2TP_HDR_O) {
		if (len < off + 2)
			return;
		off += 2 + (size_t)(p[off] << 8 | p[off + 1]);
	}
	if (len < off + 2)
		return;
	if (p[off] == 0xff && p[off + 1] == 0x03)
		off += 2;
	if (len < off + 1)
		return;
	if (p[off] & 1) {		/* protocol field compressed */
		proto = p[off];
		off += 1;
	} else {
		if (len < off + 2)
			return;
		proto = (uint16_t)(p[off] << 8 | p[off + 1]);
		off += 2;
	}
	if (s->st != S_PPP && s->st != S_UP && s->st != S_CLOSING)
		return;
	if (proto == PPP_PROTO_LCP)
		lcp_input(s, p + off, len - off);
	else if (proto == PPP_PROTO_CHAP)
		chap_input(s, p + off, len - off);
	else if (proto == PPP_PROTO_IPCP)
		ipcp_input(s, p + off, len - off);
	else if (proto == PPP_PROTO_IPV4)
		ipv4_input(s, p + off, len - off);
}

static void sess_read(struct sess *s)
{
	uint8_t buf[4096];

	for (;;) {
		ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0) {
			if (errno == ECONNREFUSED && s->st != S_FAILED && s->st != S_CLOSED)
				fail(s, "step %s: ICMP port unreachable from the server "
				     "(is UDP 1701 open? lns-clear-text?)", s->step);
			return;
		}
		if (n < 6 || (buf[1] & L2TP_HDR_VER) != L2TP_VERSION)
			continue;
		if (buf[0] & 0x80)
			ctrl_input(s, buf, (size_t)n);
		else
			data_input(s, buf, (size_t)n);
	}
}

/* ----------------------------------------------------------- driver */

static int sess_open(struct sess *s, unsigned int i)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

	s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		fail(s, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(s->fd, (struct sockaddr *)&G.server, sizeof(G.server)) ||
	    getsockname(s->fd, (struct sockaddr *)&a, &al) ||
	    epoll_ctl(G.ep, EPOLL_CTL_ADD, s->fd, &ev)) {
		fail(s, "socket setup: %s", strerror(errno));
		return -1;
	}
	s->lport = ntohs(a.sin_port);
	return 0;
}

static void sess_start(unsigned int i)
{
	struct sess *s = &G.s[i];

	s->t_start = now_ms();
	s->user = G.users[i % G.n_users];
	s->pw = G.pws[i % G.n_users];
	s->my_tid = (uint16_t)(i + 1);
	s->my_sid = (uint16_t)(i + 1);
	s->magic = 0x10ad0000u ^ ((uint32_t)rand() << 8) ^ i;
	if (sess_open(s, i))
		return;
	s->st = S_SCCRP;
	s->step = "SCCRP";
	sccrq(s);
}

static void sess_timers(struct sess *s, uint64_t now)
{
	if (s->st == S_FAILED || s->st == S_IDLE || s->st == S_CLOSED)
		return;
	if (s->nq && now >= s->rtx_at) {
		/* the StopCCN is repeated until the teardown's deadline: a
		 * gateway deleting a thousand interfaces is slow to answer */
		if (++s->rtx_n >= RTX_TRIES && s->st != S_CLOSING) {
			fail(s, "step %s: no answer (%u tries)", s->step, RTX_TRIES);
			return;
		}
		for (unsigned int k = 0; k < s->nq; k++) {
			l2tp_hdr_set_seq(s->q[k].buf, s->q[k].ns, s->nr);
			raw_send(s, s->q[k].buf, s->q[k].len);
		}
		s->rtx_at = now + (RTX_FIRST_MS << (s->rtx_n < 3 ? s->rtx_n : 3));
		if (s->rtx_at > now + RTX_MAX_MS)
			s->rtx_at = now + RTX_MAX_MS;
	}
	if (s->st == S_PPP && !s->lcp_ours && now >= s->lcp_at) {
		if (s->lcp_n >= PPP_TRIES)
			fail(s, "step LCP: no Configure-Ack to %u requests", s->lcp_n);
		else
			lcp_req(s);
	}
	if (s->st == S_PPP && s->ipcp_started && !s->ipcp_ours && now >= s->ipcp_at) {
		if (s->ipcp_n >= PPP_TRIES)
			fail(s, "step IPCP: no Configure-Ack to %u requests", s->ipcp_n);
		else
			ipcp_req(s);
	}
	if (s->st == S_CLOSING && !s->nq) {
		s->st = S_CLOSED;
		s->t_closed = now;
	}
}

static void sess_close(struct sess *s)
{
	uint8_t b[128];
	struct l2tp_wbuf w;

	if (s->st != S_UP && s->st != S_PPP && s->st != S_ICRP) {
		if (s->st != S_FAILED)
			s->st = S_CLOSED;
		return;
	}
	s->step = "teardown";
	if (s->gw_sid) {
		w_start(&w, b, sizeof(b), s, s->gw_sid, L2TP_CDN);
		l2tp_w_result(&w, L2TP_CDN_ADMIN, false, 0, NULL, 0);
		l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, s->my_sid);
		ctrl_send(s, b, l2tp_w_finish(&w));
	}
	w_start(&w, b, sizeof(b), s, 0, L2TP_STOPCCN);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, s->my_tid);
	l2tp_w_result(&w, L2TP_STOPCCN_CLEAR, false, 0, NULL, 0);
	ctrl_send(s, b, l2tp_w_finish(&w));
	s->st = S_CLOSING;
}

/* Run the event loop until done() or the deadline; the timers every 20 ms. */
static void run(uint64_t deadline, bool (*done)(void), void (*each)(uint64_t now))
{
	struct epoll_event ev[256];
	uint64_t next_tick = 0;

	for (;;) {
		uint64_t now = now_cache = clock_ms();
		int n;

		if (now >= next_tick) {
			for (unsigned int i = 0; i < G.n; i++)
				sess_timers(&G.s[i], now);
			if (each)
				each(now);
			next_tick = now + 20;
		}
		if (done() || now >= deadline)
			return;
		n = epoll_wait(G.ep, ev, 256, 20);
		if (n > 0)
			now_cache = clock_ms();
		for (int k = 0; k < n; k++)
			if (ev[k].data.u32 < G.n)
				sess_read(&G.s[ev[k].data.u32]);
	}
}

static unsigned int next_start, n_settled;

static bool setup_done(void)
{
	return n_settled == G.n;
}

/* Start sessions while fewer than conc are in setup; count the settled. */
static void setup_each(uint64_t now)
{
	unsigned int busy = 0;

	(void)now;
	n_settled = 0;
	for (unsigned int i = 0; i < next_start; i++) {
		enum state st = G.s[i].st;

		if (st == S_UP || st == S_FAILED)
			n_settled++;
		else
			busy++;
	}
	while (next_start < G.n && busy < G.conc) {
		sess_start(next_start++);
		busy++;
	}
}

static volatile sig_atomic_t hold_end;

static void on_usr1(int sig)
{
	(void)sig;
	hold_end = 1;
}

static bool hold_over(void)
{
	return hold_end;
}

static void hold_each(uint64_t now)
{
	for (unsigned int i = 0; i < G.n; i++) {
		struct sess *s = &G.s[i];

		/* one more a second until G.ping are answered (the first may
		 * cross the gateway's addressing of the interface), 4 spare */
		if (s->st == S_UP && s->ping_rcvd < G.ping && s->ping_sent < G.ping + 4 &&
		    now >= s->ping_at && s->gw_addr) {
			ping_send(s);
			s->ping_at = now + (s->ping_sent < G.ping ? 200 : 1000);
		}
	}
}

static bool pings_done(void)
{
	if (hold_end)
		return true;
	for (unsigned int i = 0; i < G.n; i++)
		if (G.s[i].st == S_UP && G.s[i].ping_rcvd < G.ping)
			return false;
	return true;
}

static bool all_closed(void)
{
	for (unsigned int i = 0; i < G.n; i++)
		if (G.s[i].st == S_CLOSING)
			return false;
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int load_users(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "l2tpload: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *u = strtok(line, " \t\r\n"), *p = u ? strtok(NULL, " \t\r\n") : NULL;

		if (!u || u[0] == '#')
			continue;
		if (!p) {
			fprintf(stderr, "l2tpload: %s: '%s' has no password (USER PASSWORD)\n",
				path, u);
			fclose(f);
			return -1;
		}
		if (G.n_users == cap) {
			cap = cap ? 2 * cap : 64;
			G.users = realloc(G.users, cap * sizeof(char *));
			G.pws = realloc(G.pws, cap * sizeof(char *));
			if (!G.users || !G.pws)
				abort();
		}
		G.users[G.n_users] = strdup(u);
		G.pws[G.n_users] = strdup(p);
		if (!G.users[G.n_users] || !G.pws[G.n_users])
			abort();
		G.n_users++;
	}
	fclose(f);
	if (!G.n_users) {
		fprintf(stderr, "l2tpload: %s: no users\n", path);
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: l2tpload -s SERVER [-n N] [-c CONCURRENCY] (-u USER -p PASSWORD | -U FILE)\n"
		"                [-t TIMEOUT_S] [-H HOLD_S] [-P PINGS] [--json] [-v]\n"
		"  N sessions (default 1) of clear-text L2TP + PPP (MS-CHAPv2, IPCP) to SERVER\n"
		"  (UDP 1701; the gateway's conn needs lns-clear-text yes for this address),\n"
		"  at most CONCURRENCY (default 50) in setup at once; TIMEOUT_S (default 120)\n"
		"  bounds the setup and the teardown (at least 30 s); HOLD_S keeps them up (echoes, hellos answered); PINGS ICMP\n"
		"  echoes per session to the gateway's PPP address; FILE: USER PASSWORD lines,\n"
		"  one per session (cycled). SIGUSR1 ends the hold. Then all are torn down\n"
		"  (CDN, StopCCN).\n"
		"  Exit 0 if every session came up (and every ping was answered).\n");
}

static int parse_u(const char *s, unsigned long max, unsigned long *out)
{
	char *e;

	errno = 0;
	*out = strtoul(s, &e, 10);
	return errno || !*s || *e || *out > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *user = NULL, *pw = NULL, *ufile = NULL, *server = NULL;
	unsigned long v;
	static const char *const step_names[5] = { "sccrp", "icrp", "lcp", "auth", "ipcp" };
	uint64_t t0, t_setup, t_down0, t_down, *lat, *stepd[5], sp50[5] = { 0 }, sp90[5] = { 0 };
	uint32_t *addrs;
	unsigned int up = 0, failed = 0, distinct = 0, pinged_ok = 0, shown = 0, closed_ok = 0;
	unsigned long long ping_sent = 0, ping_rcvd = 0;
	struct rlimit rl;
	int c;

	G.n = 1;
	G.conc = 50;
	G.timeout_ms = 120000;
	while ((c = getopt_long(argc, argv, "s:n:c:u:p:U:t:H:P:vh", lo, NULL)) != -1) {
		switch (c) {
		case 's': server = optarg; break;
		case 'u': user = optarg; break;
		case 'p': pw = optarg; break;
		case 'U': ufile = optarg; break;
		case 'j': G.json = true; break;
		case 'v': G.verbose = true; break;
		case 'n': case 'c': case 't': case 'H': case 'P':
			if (parse_u(optarg, c == 'n' ? 60000 : 86400, &v) || (!v && c != 'H' && c != 'P')) {
				fprintf(stderr, "l2tpload: -%c: '%s' is not a valid number\n", c, optarg);
				return 2;
			}
			if (c == 'n')
				G.n = (unsigned int)v;
			else if (c == 'c')
				G.conc = (unsigned int)v;
			else if (c == 't')
				G.timeout_ms = v * 1000;
			else if (c == 'H')
				G.hold_ms = v * 1000;
			else
				G.ping = (unsigned int)v;
			break;
		default:
			usage();
			return c == 'h' ? 0 : 2;
		}
	}
	if (!server || optind != argc || (!ufile && (!user || !pw))) {
		usage();
		return 2;
	}
	G.server.sin_family = AF_INET;
	G.server.sin_port = htons(1701);
	if (inet_pton(AF_INET, server, &G.server.sin_addr) != 1) {
		fprintf(stderr, "l2tpload: -s: '%s' is not an IPv4 address\n", server);
		return 2;
	}
	if (ufile) {
		if (load_users(ufile))
			return 2;
	} else {
		static char *u1[1], *p1[1];

		u1[0] = (char *)user;
		p1[0] = (char *)pw;
		G.users = u1;
		G.pws = p1;
		G.n_users = 1;
	}
	/* one socket per session */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < G.n + 64) {
		rl.rlim_cur = G.n + 64 > rl.rlim_max ? rl.rlim_max : G.n + 64;
		if (setrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < G.n + 64) {
			fprintf(stderr, "l2tpload: %u sessions need %u file descriptors, the limit "
				"is %llu\n", G.n, G.n + 64, (unsigned long long)rl.rlim_max);
			return 2;
		}
	}
	G.s = calloc(G.n, sizeof(*G.s));
	lat = calloc(G.n, sizeof(*lat));
	addrs = calloc(G.n, sizeof(*addrs));
	for (int k = 0; k < 5; k++) {
		stepd[k] = calloc(G.n, sizeof(uint64_t));
		if (!stepd[k])
			abort();
	}
	G.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!G.s || !lat || !addrs || G.ep < 0) {
		fprintf(stderr, "l2tpload: out of memory\n");
		return 2;
	}
	for (unsigned int i = 0; i < G.n; i++)
		G.s[i].fd = -1;
	srand((unsigned int)(time(NULL) ^ getpid()));
	signal(SIGUSR1, on_usr1);
	signal(SIGPIPE, SIG_IGN);

	t0 = clock_ms();
	run(t0 + G.timeout_ms, setup_done, setup_each);
	t_setup = clock_ms() - t0;
	for (unsigned int i = 0; i < G.n; i++) {
		struct sess *s = &G.s[i];

		if (s->st == S_IDLE)
			fail(s, "not started before the deadline (%llu s)",
			     (unsigned long long)(G.timeout_ms / 1000));
		else if (s->st != S_UP)
			fail(s, "step %s: timeout (%llu s)", s->step,
			     (unsigned long long)(G.timeout_ms / 1000));
		if (s->st == S_UP) {
			lat[up] = s->t_up - s->t_start;
			for (int k = 0; k < 5; k++)
				stepd[k][up] = s->t_step[k] - (k ? s->t_step[k - 1] : s->t_start);
			addrs[up] = s->want[0];
			up++;
		} else {
			failed++;
			if (shown++ < 20)
				fprintf(stderr, "l2tpload: session %u (user %s, port %u): %s\n", i,
					s->user, s->lport, s->why);
		}
	}
	if (shown > 20)
		fprintf(stderr, "l2tpload: ... %u more failures\n", shown - 20);
	/* for scripts that measure while the sessions are held */
	fprintf(stderr, "l2tpload: setup done: %u up, %u failed in %.3f s\n", up, failed,
		t_setup / 1000.0);
	fflush(stderr);
	qsort(lat, up, sizeof(*lat), cmp_u64);
	for (int k = 0; k < 5 && up; k++) {
		qsort(stepd[k], up, sizeof(uint64_t), cmp_u64);
		sp50[k] = stepd[k][(up - 1) / 2];
		sp90[k] = stepd[k][(up - 1) * 9 / 10];
	}
	qsort(addrs, up, sizeof(*addrs), cmp_u32);
	for (unsigned int i = 0; i < up; i++)
		distinct += !i || addrs[i] != addrs[i - 1];
	/* hold, and the pings */
	if (G.ping)
		run(clock_ms() + 10000 + G.ping * 200, pings_done, hold_each);
	if (G.hold_ms)
		run(clock_ms() + G.hold_ms, hold_over, G.ping ? hold_each : NULL);
	for (unsigned int i = 0; i < G.n; i++) {
		ping_sent += G.s[i].ping_sent;
		ping_rcvd += G.s[i].ping_rcvd;
		pinged_ok += G.s[i].st == S_UP && G.ping && G.s[i].ping_rcvd >= G.ping;
	}
	/* teardown */
	t_down0 = clock_ms();
	for (unsigned int i = 0; i < G.n; i++)
		sess_close(&G.s[i]);
	run(t_down0 + (G.timeout_ms > TEARDOWN_MS ? G.timeout_ms : TEARDOWN_MS), all_closed, NULL);
	t_down = clock_ms() - t_down0;
	for (unsigned int i = 0; i < G.n; i++) {
		closed_ok += G.s[i].st == S_CLOSED && !G.s[i].why[0];
		if (G.s[i].fd >= 0)
			close(G.s[i].fd);
	}

#define PCT(p) (up ? lat[(size_t)((up - 1) * (p) / 100)] : 0)
	if (G.json) {
		printf("{\"sessions\":%u,\"up\":%u,\"failed\":%u,\"concurrency\":%u,"
		       "\"setup_s\":%.3f,\"setup_rate\":%.1f,\"latency_p50_ms\":%llu,"
		       "\"latency_p90_ms\":%llu,\"latency_max_ms\":%llu,\"distinct_addresses\":%u,"
		       "\"pings_sent\":%llu,\"pings_answered\":%llu,\"sessions_pinged_ok\":%u,"
		       "\"closed_ok\":%u,\"teardown_s\":%.3f,\"steps_p50_ms\":{",
		       G.n, up, failed, G.conc, t_setup / 1000.0,
		       t_setup ? up * 1000.0 / t_setup : 0.0, (unsigned long long)PCT(50),
		       (unsigned long long)PCT(90), (unsigned long long)(up ? lat[up - 1] : 0),
		       distinct, ping_sent, ping_rcvd, pinged_ok, closed_ok, t_down / 1000.0);
		for (int k = 0; k < 5; k++)
			printf("%s\"%s\":%llu", k ? "," : "", step_names[k], (unsigned long long)sp50[k]);
		printf("},\"steps_p90_ms\":{");
		for (int k = 0; k < 5; k++)
			printf("%s\"%s\":%llu", k ? "," : "", step_names[k], (unsigned long long)sp90[k]);
		printf("}}\n");
	} else {
		printf("sessions: %u up, %u failed of %u (concurrency %u)\n", up, failed, G.n,
		       G.conc);
		printf("setup: %.3f s, %.1f sessions/s; latency p50 %llu ms, p90 %llu ms, "
		       "max %llu ms\n", t_setup / 1000.0, t_setup ? up * 1000.0 / t_setup : 0.0,
		       (unsigned long long)PCT(50), (unsigned long long)PCT(90),
		       (unsigned long long)(up ? lat[up - 1] : 0));
		printf("steps p50/p90 ms:");
		for (int k = 0; k < 5; k++)
			printf(" %s %llu/%llu", step_names[k], (unsigned long long)sp50[k],
			       (unsigned long long)sp90[k]);
		printf("\naddresses: %u distinct\n", distinct);
		if (G.ping)
			printf("pings: %llu sent, %llu answered; %u sessions all answered\n",
			       ping_sent, ping_rcvd, pinged_ok);
		printf("teardown: %.3f s, %u tunnels closed and acknowledged\n", t_down / 1000.0,
		       closed_ok);
	}
	return failed || (G.ping && pinged_ok != up) ? 1 : 0;
}
