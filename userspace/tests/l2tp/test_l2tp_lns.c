// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TPv2 LNS (l2tp/l2tp_tunnel.c, l2tp/l2tp_session.c) driven from the
 * LAC's side with a fake clock and fake ops that record every tunnel,
 * session, control message, PPP frame and log line: the messages xl2tpd
 * 1.3.18 sent (tests/data/l2tp/xl2tpd.txt) replayed, and client messages
 * written with the l2tp_msg writer for everything else (Windows, Android
 * and Apple quirks, limits, authentication, hidden AVPs, teardown paths).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "l2tp_auth.h"
#include "l2tp_lns.h"
#include "l2tp_msg.h"
#include "l2tp_vectors.h"
#include "link.h"
#include "test.h"

#define MAXS 128

static struct fake {
	struct l2tp_lns *lns;
	uint64_t now;
	/* random: scripted bytes first, then a counter */
	uint8_t rnd[64];
	size_t rnd_len, rnd_pos;
	uint32_t ctr;
	/* module */
	unsigned int tadd, tdel, sadd, sdel;
	uint16_t tadd_tid[MAXS], tdel_tid[MAXS], sdel_sid[MAXS];
	uint16_t sadd_tid, sadd_sid, sadd_peer_sid;
	int tunnel_add_rc, session_add_rc;
	/* control messages sent */
	unsigned int nsent;
	uint8_t sent[MAXS][1024];
	size_t sent_len[MAXS];
	uint16_t sent_tid[MAXS];
	uint64_t sent_at[MAXS];
	/* PPP frames sent */
	unsigned int nppp;
	uint8_t ppp[64];
	size_t ppp_len;
	uint16_t ppp_tid, ppp_sid;
	/* the PPP layer */
	int call_up_rc;
	bool close_in_call_up;
	unsigned int ncall, nin, ndown;
	struct link *link[MAXS];
	uint32_t down_id[MAXS];
	uint8_t in[64];
	size_t in_len;
	char down_why[128];
	/* log */
	unsigned int nlog;
	char log[MAXS][256];
} F;

static int f_tunnel_add(void *ctx, uint16_t tid, uint16_t peer_tid, const struct l2tp_peer *p)
{
	(void)ctx; (void)peer_tid; (void)p;
	if (F.tunnel_add_rc)
		return F.tunnel_add_rc;
	F.tadd_tid[F.tadd++ % MAXS] = tid;
	return 0;
}

static void f_tunnel_del(void *ctx, uint16_t tid)
{
	(void)ctx;
	F.tdel_tid[F.tdel++ % MAXS] = tid;
}

static int f_ctrl_send(void *ctx, uint16_t tid, const uint8_t *msg, size_t len)
{
	(void)ctx;
	CHECK(len <= sizeof(F.sent[0]));
	if (F.nsent >= MAXS || len > sizeof(F.sent[0]))
		return -ENOSPC;
	memcpy(F.sent[F.nsent], msg, len);
	F.sent_len[F.nsent] = len;
	F.sent_tid[F.nsent] = tid;
	F.sent_at[F.nsent++] = F.now;
	return 0;
}

static int f_session_add(void *ctx, uint16_t tid, uint16_t sid, uint16_t peer_sid,
			 char ifname[16], uint32_t *ifindex)
{
	(void)ctx;
	if (F.session_add_rc)
		return F.session_add_rc;
	F.sadd++;
	F.sadd_tid = tid;
	F.sadd_sid = sid;
	F.sadd_peer_sid = peer_sid;
	snprintf(ifname, 16, "l2tp%u", F.sadd);
	*ifindex = 100 + F.sadd;
	return 0;
}

static void f_session_del(void *ctx, uint16_t tid, uint16_t sid)
{
	(void)ctx; (void)tid;
	F.sdel_sid[F.sdel++ % MAXS] = sid;
}

static int f_ppp_send(void *ctx, uint16_t tid, uint16_t sid, const uint8_t *frame, size_t len)
{
	(void)ctx;
	F.nppp++;
	F.ppp_tid = tid;
	F.ppp_sid = sid;
	F.ppp_len = len < sizeof(F.ppp) ? len : sizeof(F.ppp);
	memcpy(F.ppp, frame, F.ppp_len);
	return 0;
}

static void up_input(struct link *l, const uint8_t *frame, size_t len)
{
	CHECK_EQ(l->upper_id, 1000 + l->id);
	F.nin++;
	F.in_len = len < sizeof(F.in) ? len : sizeof(F.in);
	memcpy(F.in, frame, F.in_len);
}

static void up_down(struct link *l, const char *why)
{
	F.down_id[F.ndown++ % MAXS] = l->id;
	snprintf(F.down_why, sizeof(F.down_why), "%s", why);
	/* a PPP layer may close from down: must be harmless */
	l->lower->close(l, "closing from down");
}

static const struct link_upper_ops upper = { up_input, up_down };

static int f_call_up(void *ctx, struct link *l)
{
	(void)ctx;
	F.link[F.ncall++ % MAXS] = l;
	l->upper = &upper;
	l->upper_ctx = &F;
	l->upper_id = 1000 + l->id;
	if (F.close_in_call_up)
		l->lower->close(l, "refused at once");
	return F.call_up_rc;
}

static void f_random(void *ctx, void *buf, size_t len)
{
	uint8_t *b = buf;

	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		if (F.rnd_pos < F.rnd_len) {
			b[i] = F.rnd[F.rnd_pos++];
		} else {
			F.ctr = F.ctr * 1103515245u + 12345u;
			b[i] = (uint8_t)(F.ctr >> 16);
		}
	}
}

static void f_log(void *ctx, int level, uint16_t tid, uint16_t sid, const char *msg)
{
	(void)ctx; (void)level; (void)tid; (void)sid;
	if (getenv("LNS_LOG"))
		fprintf(stderr, "log: %s\n", msg);
	if (F.nlog < MAXS)
		snprintf(F.log[F.nlog++], sizeof(F.log[0]), "%s", msg);
}

static const struct l2tp_lns_ops ops = {
	.ctx = &F,
	.tunnel_add = f_tunnel_add,
	.tunnel_del = f_tunnel_del,
	.ctrl_send = f_ctrl_send,
	.session_add = f_session_add,
	.session_del = f_session_del,
	.ppp_send = f_ppp_send,
	.call_up = f_call_up,
	.random = f_random,
	.log = f_log,
};

static const char SECRET[] = "s3cr3t-l2tp";

static void setup(const struct l2tp_lns_cfg *cfg)
{
	struct l2tp_lns_cfg def = { 0 };

	memset(&F, 0, sizeof(F));
	F.now = 1000000;
	F.lns = l2tp_lns_new(cfg ? cfg : &def, &ops);
	CHECK(F.lns != NULL);
}

static void teardown(void)
{
	l2tp_lns_free(F.lns);
	F.lns = NULL;
}

static bool logged(const char *sub)
{
	for (unsigned int i = 0; i < F.nlog; i++)
		if (strstr(F.log[i], sub))
			return true;
	return false;
}

static void tick_to(uint64_t t)
{
	F.now = t;
	l2tp_lns_tick(F.lns, t);
}

/* --- Reading what the LNS sent --- */

struct got {
	uint8_t raw[1024];
	size_t len;
	struct l2tp_msg m;
	struct l2tp_info in;
	uint8_t scratch[L2TP_MSG_MAX];
};

static struct got G;

/* Parse and decode sent message i into G (with the secret if given). */
static bool got(unsigned int i, const char *secret)
{
	const char *why = NULL;

	memset(&G, 0, sizeof(G));
	if (i >= F.nsent)
		return false;
	memcpy(G.raw, F.sent[i], F.sent_len[i]);
	G.len = F.sent_len[i];
	if (l2tp_msg_parse(G.raw, G.len, &G.m, &why))
		return false;
	if (G.m.zlb)
		return true;
	return !l2tp_msg_decode(&G.m, (const uint8_t *)secret, secret ? strlen(secret) : 0,
				G.scratch, sizeof(G.scratch), &G.in, &why);
}

/* The first sent message of type at or after index from, -1 if none (0: a ZLB). */
static int find_sent(uint16_t type, unsigned int from)
{
	for (unsigned int i = from; i < F.nsent; i++) {
		struct l2tp_hdr h;
		uint16_t t = 0;

		if (l2tp_hdr_parse(F.sent[i], F.sent_len[i], &h, NULL))
			continue;
		if (F.sent_len[i] >= L2TP_HDR_LEN + 8)
			t = (uint16_t)(F.sent[i][L2TP_HDR_LEN + 6] << 8 | F.sent[i][L2TP_HDR_LEN + 7]);
		if (t == type)
			return (int)i;
	}
	return -1;
}

static unsigned int count_sent(uint16_t type, unsigned int from)
{
	unsigned int n = 0;
	int i = (int)from - 1;

	while ((i = find_sent(type, (unsigned int)(i + 1))) >= 0)
		n++;
	return n;
}

/* --- The LAC --- */

struct cli {
	struct l2tp_peer p;
	uint16_t id;		/* its tunnel id */
	uint16_t tid;		/* the LNS's */
	uint16_t ns, nr;
	unsigned int seen;
	const char *secret;
	uint8_t chal[16];	/* the challenge in its SCCRQ */
	bool ack;		/* acknowledge what it reads */
};

static void cli_init(struct cli *c, const char *addr, uint16_t port, uint16_t id, uint64_t owner)
{
	memset(c, 0, sizeof(*c));
	inet_pton(AF_INET, addr, &c->p.addr);
	c->p.port = port;
	c->p.owner = owner;
	c->p.sa_in = owner ? 0x1000 + (uint32_t)owner : 0;
	c->id = id;
	c->ack = true;
}

/* Read what the LNS sent to this client: Nr advances over in-order messages. */
static void cli_read(struct cli *c)
{
	for (; c->seen < F.nsent; c->seen++) {
		struct l2tp_hdr h;

		if (F.sent_tid[c->seen] != c->tid ||
		    l2tp_hdr_parse(F.sent[c->seen], F.sent_len[c->seen], &h, NULL))
			continue;
		if (h.length > L2TP_HDR_LEN && h.ns == c->nr && c->ack)
			c->nr++;
	}
}

static int cli_send(struct cli *c, uint8_t *buf, size_t len)
{
	int rc;

	CHECK(len > 0);
	cli_read(c);
	l2tp_hdr_set_seq(buf, c->ns, c->nr);
	if (len > L2TP_HDR_LEN)
		c->ns++;
	rc = l2tp_lns_input(F.lns, c->tid, &c->p, buf, len, F.now);
	cli_read(c);
	return rc;
}

static void begin(struct l2tp_wbuf *w, uint8_t *buf, const struct cli *c, uint16_t sid,
		  uint16_t type)
{
	l2tp_w_init(w, buf, 1024);
	l2tp_w_hdr(w, c->tid, sid, 0, 0);
	l2tp_w_msg_type(w, type);
}

static int cli_zlb(struct cli *c)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, c->tid, 0, 0, 0);
	return cli_send(c, buf, l2tp_w_finish(&w));
}

enum { Q_CHAL = 1, Q_UNKNOWN_M = 2, Q_WINDOWS = 4, Q_BAD_VER = 8 };

/* SCCRQ; rws 0: no Receive Window Size AVP. Returns the index of the SCCRP or StopCCN. */
static int cli_sccrq(struct cli *c, uint16_t rws, unsigned int q)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;
	unsigned int from = F.nsent;
	int i;

	c->tid = 0;	/* a new control connection */
	c->ns = c->nr = 0;
	c->seen = F.nsent;
	begin(&w, buf, c, 0, L2TP_SCCRQ);
	if (q & Q_BAD_VER) {
		uint8_t v[2] = { 2, 0 };

		l2tp_w_avp(&w, L2TP_AVP_PROTO_VER, true, v, 2);
	} else {
		l2tp_w_proto_ver(&w);
	}
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, q & Q_WINDOWS ? 1 : 3);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, "lac", 3);
	if (q & Q_WINDOWS)
		l2tp_w_avp(&w, L2TP_AVP_VENDOR_NAME, false, "Microsoft", 9);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, c->id);
	if (rws)
		l2tp_w_avp_u16(&w, L2TP_AVP_RWS, true, rws);
	if (q & Q_CHAL) {
		for (int k = 0; k < 16; k++)
			c->chal[k] = (uint8_t)(0xa0 + k);
		l2tp_w_avp(&w, L2TP_AVP_CHALLENGE, true, c->chal, sizeof(c->chal));
	}
	if (q & Q_UNKNOWN_M)
		l2tp_w_avp_u16(&w, 99, true, 1);
	cli_send(c, buf, l2tp_w_finish(&w));
	i = find_sent(L2TP_SCCRP, from);
	if (i < 0)
		i = find_sent(L2TP_STOPCCN, from);
	if (i >= 0) {
		c->tid = F.sent_tid[i];
		c->seen = (unsigned int)i;
		c->nr = 1;
		cli_read(c);
	}
	return i;
}

enum { R_NONE, R_GOOD, R_BAD };

static void cli_scccn(struct cli *c, int resp, bool unknown_m)
{
	uint8_t buf[1024], r[16];
	struct l2tp_wbuf w;
	int i = find_sent(L2TP_SCCRP, 0);

	begin(&w, buf, c, 0, L2TP_SCCCN);
	if (resp != R_NONE) {
		CHECK(i >= 0 && got((unsigned int)i, c->secret));
		CHECK(l2tp_has(&G.in, L2TP_AVP_CHALLENGE));
		CHECK_EQ(l2tp_chal_response(L2TP_SCCCN, (const uint8_t *)c->secret,
					    strlen(c->secret), G.in.challenge.p,
					    G.in.challenge.len, r), 0);
		if (resp == R_BAD)
			r[5] ^= 1;
		l2tp_w_avp(&w, L2TP_AVP_CHAL_RESP, true, r, sizeof(r));
	}
	if (unknown_m)
		l2tp_w_avp_u16(&w, 77, true, 1);
	cli_send(c, buf, l2tp_w_finish(&w));
}

/* SCCRQ, SCCRP, SCCCN. */
static void establish(struct cli *c, uint16_t rws)
{
	int i = cli_sccrq(c, rws, c->secret ? Q_CHAL : 0);

	CHECK(i >= 0 && find_sent(L2TP_SCCRP, (unsigned int)i) == i);
	cli_scccn(c, c->secret ? R_GOOD : R_NONE, false);
}

/* ICRQ; returns the LNS's session id from ICRP, 0 if none. */
static uint16_t cli_icrq(struct cli *c, uint16_t peer_sid, bool unknown_m)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;
	unsigned int from = F.nsent;
	int i;

	begin(&w, buf, c, 0, L2TP_ICRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, peer_sid);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, peer_sid);
	if (unknown_m)
		l2tp_w_avp_u16(&w, 88, true, 1);
	cli_send(c, buf, l2tp_w_finish(&w));
	i = find_sent(L2TP_ICRP, from);
	if (i < 0 || !got((unsigned int)i, c->secret))
		return 0;
	CHECK_EQ(G.m.h.session_id, peer_sid);
	CHECK_EQ(G.m.h.tunnel_id, c->id);
	return G.in.session_id;
}

static void cli_iccn(struct cli *c, uint16_t sid, bool unknown_m)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;

	begin(&w, buf, c, sid, L2TP_ICCN);
	l2tp_w_avp_u32(&w, L2TP_AVP_TX_SPEED, true, 100000000);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	if (unknown_m)
		l2tp_w_avp_u16(&w, 88, true, 1);
	cli_send(c, buf, l2tp_w_finish(&w));
}

/* A call up to call_up; returns its link. */
static struct link *call(struct cli *c, uint16_t peer_sid, uint16_t *sid)
{
	unsigned int n = F.ncall;
	uint16_t s = cli_icrq(c, peer_sid, false);

	CHECK(s != 0);
	cli_iccn(c, s, false);
	CHECK_EQ(F.ncall, n + 1);
	if (sid)
		*sid = s;
	return F.ncall == n + 1 ? F.link[n] : NULL;
}

static void cli_result_msg(struct cli *c, uint16_t sid, uint16_t type, const uint8_t *res,
			   size_t rlen)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;

	begin(&w, buf, c, sid, type);
	l2tp_w_avp(&w, L2TP_AVP_RESULT, true, res, rlen);
	if (type == L2TP_STOPCCN)
		l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, c->id);
	else
		l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, 0x4444);
	cli_send(c, buf, l2tp_w_finish(&w));
}

/* The result code (and error) of the last message of type sent. */
static bool last_result(uint16_t type, uint16_t *result, uint16_t *error)
{
	int i = -1, j;

	while ((j = find_sent(type, (unsigned int)(i + 1))) >= 0)
		i = j;
	if (i < 0 || !got((unsigned int)i, SECRET))
		return false;
	*result = G.in.result.result;
	*error = G.in.result.has_error ? G.in.result.error : 0;
	return l2tp_has(&G.in, L2TP_AVP_RESULT);
}

/* --- Tests --- */

struct capture {
	const char *want;
	uint8_t *msg;
	size_t len;
};

static void find_one(const struct l2tp_vec *v, void *arg)
{
	struct capture *c = arg;
	const uint8_t *m;
	size_t len;

	if (strcmp(v->name, c->want))
		return;
	m = l2tp_vec_get(v, "msg", &len);
	c->msg = l2tp_vec_dup(m, len);
	c->len = len;
}

static int replay(const char *name, uint16_t tid, const struct l2tp_peer *p)
{
	struct capture c = { name, NULL, 0 };
	int rc;

	l2tp_vec_each("xl2tpd.txt", NULL, find_one, &c);
	CHECK(c.msg != NULL);
	if (!c.msg)
		return -100;
	rc = l2tp_lns_input(F.lns, tid, p, c.msg, c.len, F.now);
	free(c.msg);
	return rc;
}

/* xl2tpd 1.3.18's messages, replayed: the whole call with a secret. */
static void t_xl2tpd_replay(void)
{
	struct l2tp_lns_cfg cfg = {
		.hostname = "lns.example.org",
		.secret = (const uint8_t *)SECRET, .secret_len = strlen(SECRET),
	};
	static const uint8_t script[] = {
		0x12, 0x34,	/* tunnel id */
		0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,	/* challenge */
		0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
		0x56, 0x78,	/* session id */
	};
	struct l2tp_peer p = { .port = 1701 };
	uint8_t frame[] = { 0xc0, 0x21, 1, 1, 0, 4 };
	struct link *l;
	uint32_t lid;
	int i;

	setup(&cfg);
	memcpy(F.rnd, script, sizeof(script));
	F.rnd_len = sizeof(script);
	inet_pton(AF_INET, "127.0.0.1", &p.addr);

	CHECK_EQ(replay("sccrq", 0, &p), 0);
	CHECK_EQ(F.tadd, 1);
	CHECK_EQ(F.tadd_tid[0], 0x1234);
	i = find_sent(L2TP_SCCRP, 0);
	CHECK(i == 0 && got(0, SECRET));
	CHECK_EQ(F.sent_tid[0], 0x1234);
	CHECK_EQ(G.m.h.tunnel_id, 0xc4b7);
	CHECK_EQ(G.m.h.ns, 0);
	CHECK_EQ(G.m.h.nr, 1);
	CHECK_EQ(G.in.tunnel_id, 0x1234);
	CHECK_EQ(G.in.framing_caps, 3);
	CHECK(l2tp_has(&G.in, L2TP_AVP_BEARER_CAPS));
	CHECK(l2tp_has(&G.in, L2TP_AVP_FIRMWARE));
	CHECK(G.in.vendor_name.len == 7 && !memcmp(G.in.vendor_name.p, "l2tpsec", 7));
	CHECK(G.in.host_name.len == 15 && !memcmp(G.in.host_name.p, "lns.example.org", 15));
	CHECK_EQ(G.in.rws, 8);
	CHECK(G.in.ver == 1 && G.in.rev == 0);
	CHECK_EQ(G.in.challenge.len, 16);
	CHECK_MEM(G.in.challenge.p, script + 2, 16);
	/* our answer to xl2tpd's challenge: the one capture.py sent, xl2tpd accepted */
	{
		struct capture c = { "sccrp", NULL, 0 };
		struct l2tp_msg m;
		struct l2tp_info in;
		uint8_t scr[L2TP_MSG_MAX];
		const char *why;

		l2tp_vec_each("xl2tpd.txt", NULL, find_one, &c);
		CHECK(c.msg && !l2tp_msg_parse(c.msg, c.len, &m, &why) &&
		      !l2tp_msg_decode(&m, NULL, 0, scr, sizeof(scr), &in, &why));
		if (c.msg)
			CHECK_MEM(G.in.chal_resp, in.chal_resp, 16);
		free(c.msg);
	}
	CHECK(l2tp_has(&G.in, L2TP_AVP_CHAL_RESP));

	/* SCCCN: xl2tpd's response to our challenge checks */
	CHECK_EQ(replay("scccn", 0x1234, &p), 0);
	CHECK(logged("established, authenticated"));
	CHECK_EQ(find_sent(L2TP_STOPCCN, 0), -1);

	CHECK_EQ(replay("icrq", 0x1234, &p), 0);
	i = find_sent(L2TP_ICRP, 0);
	CHECK(i > 0 && got((unsigned int)i, SECRET));
	CHECK_EQ(G.m.h.session_id, 0x3745);
	CHECK_EQ(G.in.session_id, 0x5678);
	CHECK_EQ(G.m.h.ns, 1);
	CHECK_EQ(G.m.h.nr, 3);

	CHECK_EQ(replay("iccn", 0x1234, &p), 0);
	CHECK_EQ(F.sadd, 1);
	CHECK_EQ(F.sadd_tid, 0x1234);
	CHECK_EQ(F.sadd_sid, 0x5678);
	CHECK_EQ(F.sadd_peer_sid, 0x3745);
	CHECK_EQ(F.ncall, 1);
	l = F.link[0];
	CHECK(l->id != 0);
	CHECK_EQ(l->lower_id, (uint64_t)0x1234 << 16 | 0x5678);
	CHECK_STR(l->peer, "127.0.0.1:1701");
	CHECK_STR(l->ifname, "l2tp1");
	CHECK_EQ(l->ifindex, 101);
	CHECK(l->lower_ctx == F.lns);

	/* PPP both ways */
	l2tp_lns_ppp_input(F.lns, 0x1234, 0x5678, frame, sizeof(frame), F.now);
	CHECK_EQ(F.nin, 1);
	CHECK_EQ(F.in_len, sizeof(frame));
	CHECK_MEM(F.in, frame, sizeof(frame));
	l2tp_lns_ppp_input(F.lns, 0x1234, 0x9999, frame, sizeof(frame), F.now);	/* no such call */
	CHECK_EQ(F.nin, 1);
	CHECK_EQ(l->lower->send(l, frame, 4), 0);
	CHECK_EQ(F.nppp, 1);
	CHECK_EQ(F.ppp_tid, 0x1234);
	CHECK_EQ(F.ppp_sid, 0x5678);
	CHECK_EQ(F.ppp_len, 4);

	/* CDN from xl2tpd: PPP down, session gone */
	lid = l->id;
	CHECK_EQ(replay("cdn", 0x1234, &p), 0);
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.down_id[0], lid);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(F.sdel_sid[0], 0x5678);
	{
		unsigned int nt, ns;

		l2tp_lns_count(F.lns, &nt, &ns);
		CHECK_EQ(nt, 1);
		CHECK_EQ(ns, 0);
	}
	CHECK(logged("result 1"));
	teardown();
	CHECK_EQ(F.tdel, 1);
	CHECK_EQ(F.sdel, 1);
}

/* Windows: sync framing only, no window AVP; calls with PPP both ways; lower->close. */
static void t_call_and_close(void)
{
	struct cli c;
	struct link *l;
	uint16_t sid, r, e;
	uint8_t frame[] = { 0x80, 0x21, 1, 2, 0, 4 };
	unsigned int nt, ns;
	int i;

	setup(NULL);
	cli_init(&c, "192.0.2.10", 1701, 0x0101, 5);
	i = cli_sccrq(&c, 0, Q_WINDOWS);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_SCCRP);
	CHECK(!l2tp_has(&G.in, L2TP_AVP_CHALLENGE));
	CHECK(!l2tp_has(&G.in, L2TP_AVP_CHAL_RESP));
	CHECK(G.in.host_name.len == 8 && !memcmp(G.in.host_name.p, "l2tpsecd", 8));
	cli_scccn(&c, R_NONE, false);
	l = call(&c, 0x0202, &sid);
	CHECK(l != NULL);
	if (!l) {
		teardown();
		return;
	}
	CHECK_EQ(l->lower_id, (uint64_t)c.tid << 16 | sid);
	CHECK_STR(l->peer, "192.0.2.10:1701");
	l2tp_lns_ppp_input(F.lns, c.tid, sid, frame, sizeof(frame), F.now);
	CHECK_EQ(F.nin, 1);
	CHECK_EQ(l->lower->send(l, frame, sizeof(frame)), 0);
	CHECK_EQ(F.ppp_sid, sid);
	CHECK_MEM(F.ppp, frame, sizeof(frame));

	/* the PPP layer closes: CDN result 3, session_del, no down */
	l->lower->close(l, "LCP terminated");
	CHECK(last_result(L2TP_CDN, &r, &e));
	CHECK_EQ(r, L2TP_CDN_ADMIN);
	CHECK_EQ(G.in.session_id, sid);
	CHECK_EQ(G.m.h.session_id, 0x0202);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(F.ndown, 0);
	CHECK_EQ(l2tp_lns_next_timeout(F.lns), 0);	/* the link waits to be freed */
	tick_to(F.now + 1);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	CHECK_EQ(ns, 0);
	/* the peer acknowledges the CDN */
	CHECK_EQ(cli_zlb(&c), 0);
	teardown();
}

/* Android: window 1; the second ICRP waits for the first's acknowledgement. */
static void t_android_rws1(void)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;
	struct cli c;
	unsigned int n;

	setup(NULL);
	cli_init(&c, "198.51.100.7", 1701, 0x0a0a, 9);
	establish(&c, 1);
	/* the SCCCN is acknowledged promptly: a ZLB after 100 ms */
	n = F.nsent;
	tick_to(F.now + 99);
	CHECK_EQ(F.nsent, n);
	tick_to(F.now + 1);
	CHECK_EQ(F.nsent, n + 1);
	CHECK_EQ(F.sent_len[n], L2TP_HDR_LEN);

	c.ack = false;	/* it does not acknowledge the ICRP yet */
	CHECK(cli_icrq(&c, 0x0001, false) != 0);
	n = F.nsent;
	begin(&w, buf, &c, 0, L2TP_ICRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, 0x0002);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, 2);
	cli_send(&c, buf, l2tp_w_finish(&w));
	CHECK_EQ(count_sent(L2TP_ICRP, n), 0);	/* window full */
	c.ack = true;
	c.seen = 0;
	c.nr = 0;
	cli_read(&c);
	CHECK_EQ(cli_zlb(&c), 0);		/* acknowledges the first ICRP */
	CHECK_EQ(count_sent(L2TP_ICRP, n), 1);
	teardown();
}

/* Lost SCCRP: retransmitted after 1 s, 2 s later again, same bytes. */
static void t_sccrp_lost(void)
{
	struct cli c;
	uint64_t t0;
	int i;

	setup(NULL);
	cli_init(&c, "192.0.2.20", 1701, 7, 1);
	t0 = F.now;
	i = cli_sccrq(&c, 4, 0);
	CHECK_EQ(i, 0);
	CHECK_EQ(l2tp_lns_next_timeout(F.lns), t0 + 1000);
	tick_to(t0 + 999);
	CHECK_EQ(F.nsent, 1);
	tick_to(t0 + 1000);
	CHECK_EQ(F.nsent, 2);
	CHECK_EQ(F.sent_len[1], F.sent_len[0]);
	CHECK_MEM(F.sent[1], F.sent[0], F.sent_len[0]);
	tick_to(t0 + 2999);
	CHECK_EQ(F.nsent, 2);
	tick_to(t0 + 3000);
	CHECK_EQ(count_sent(L2TP_SCCRP, 0), 3);
	/* now it arrives: SCCCN, established */
	cli_scccn(&c, R_NONE, false);
	CHECK(logged("established"));
	teardown();
}

/* The same SCCRQ twice is one tunnel; another port is another tunnel. */
static void t_duplicate_sccrq(void)
{
	uint8_t buf[1024];
	struct l2tp_wbuf w;
	struct cli c, d;
	unsigned int nt;
	size_t len;

	setup(NULL);
	cli_init(&c, "192.0.2.30", 1701, 0x55, 1);
	begin(&w, buf, &c, 0, L2TP_SCCRQ);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, "lac", 3);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, c.id);
	len = l2tp_w_finish(&w);
	CHECK_EQ(l2tp_lns_input(F.lns, 0, &c.p, buf, len, F.now), 0);
	CHECK_EQ(l2tp_lns_input(F.lns, 0, &c.p, buf, len, F.now), 0);
	CHECK_EQ(F.tadd, 1);
	CHECK_EQ(count_sent(L2TP_SCCRP, 0), 1);
	CHECK_EQ(F.sent_len[1], L2TP_HDR_LEN);	/* the duplicate acknowledged */
	CHECK(logged("retransmitted"));
	l2tp_lns_count(F.lns, &nt, NULL);
	CHECK_EQ(nt, 1);
	/* Apple: another ephemeral port is another control connection */
	d = c;
	d.p.port = 50123;
	CHECK_EQ(l2tp_lns_input(F.lns, 0, &d.p, buf, len, F.now), 0);
	CHECK_EQ(F.tadd, 2);
	l2tp_lns_count(F.lns, &nt, NULL);
	CHECK_EQ(nt, 2);
	teardown();
	CHECK_EQ(F.tdel, 2);
}

/* HELLO after hello_interval of silence, not before; the peer's messages reset it. */
static void t_hello(void)
{
	struct l2tp_lns_cfg cfg = { .hello_interval_ms = 10000 };
	struct cli c;
	uint64_t t0;
	unsigned int n;

	setup(&cfg);
	cli_init(&c, "192.0.2.40", 1701, 3, 1);
	establish(&c, 4);
	t0 = F.now;
	tick_to(t0 + 5000);
	CHECK_EQ(cli_zlb(&c), 0);	/* the peer speaks at 5 s */
	n = F.nsent;
	tick_to(t0 + 14999);
	CHECK_EQ(count_sent(L2TP_HELLO, n), 0);
	tick_to(t0 + 15000);
	CHECK_EQ(count_sent(L2TP_HELLO, n), 1);
	CHECK_EQ(cli_zlb(&c), 0);	/* acknowledged */
	tick_to(t0 + 24999);
	CHECK_EQ(count_sent(L2TP_HELLO, n), 1);
	tick_to(t0 + 25000);
	CHECK_EQ(count_sent(L2TP_HELLO, n), 2);
	teardown();
}

/* No acknowledgement at all: backoff 1 2 4 8 16 s, then the tunnel and its call go. */
static void t_dead_peer(void)
{
	struct l2tp_lns_cfg cfg = { .hello_interval_ms = 10000 };
	static const uint32_t gaps[] = { 1000, 2000, 4000, 8000, 16000 };
	struct cli c;
	uint64_t t;
	unsigned int n, nt, ns;
	int i;

	setup(&cfg);
	cli_init(&c, "192.0.2.50", 1701, 3, 1);
	establish(&c, 4);
	CHECK(call(&c, 9, NULL) != NULL);
	CHECK_EQ(cli_zlb(&c), 0);
	t = F.now + 10000;
	tick_to(t);
	i = find_sent(L2TP_HELLO, 0);
	CHECK(i >= 0);
	n = F.nsent;
	for (unsigned int k = 0; k < 5; k++) {
		t += gaps[k];
		tick_to(t - 1);
		CHECK_EQ(F.nsent, n);
		tick_to(t);
		CHECK_EQ(F.nsent, n + 1);
		CHECK_EQ(find_sent(L2TP_HELLO, n), (int)n);
		n = F.nsent;
	}
	CHECK_EQ(F.ndown, 0);
	tick_to(t + 15999);
	CHECK_EQ(F.tdel, 0);
	tick_to(t + 16000);
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(F.tdel, 1);
	CHECK(logged("stopped acknowledging"));
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 0);
	CHECK_EQ(ns, 0);
	CHECK_EQ(l2tp_lns_next_timeout(F.lns), UINT64_MAX);
	teardown();
	CHECK_EQ(F.tdel, 1);
}

/* The peer's StopCCN: every call down at once, the tunnel after the hold time. */
static void t_stopccn_from_peer(void)
{
	static const uint8_t res[] = { 0, 1, 0, 0 };
	struct cli c;
	unsigned int nt, ns;
	uint64_t t;

	setup(NULL);
	cli_init(&c, "192.0.2.60", 1701, 3, 1);
	establish(&c, 4);
	CHECK(call(&c, 1, NULL) != NULL);
	CHECK(call(&c, 2, NULL) != NULL);
	cli_result_msg(&c, 0, L2TP_STOPCCN, res, sizeof(res));
	t = F.now;
	CHECK_EQ(F.ndown, 2);
	CHECK_EQ(F.sdel, 2);
	CHECK_EQ(F.tdel, 0);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 0);
	CHECK(logged("StopCCN from 192.0.2.60:1701: result 1"));
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	CHECK_EQ(ns, 0);
	tick_to(t + 100);	/* acknowledged */
	CHECK_EQ(F.sent_len[F.nsent - 1], L2TP_HDR_LEN);
	/* the same peer and tunnel id again while we hold the old one: a new tunnel */
	CHECK(cli_sccrq(&c, 4, 0) >= 0);
	CHECK_EQ(F.tadd, 2);
	CHECK(c.tid != F.tadd_tid[0]);
	cli_scccn(&c, R_NONE, false);
	tick_to(t + 5000);
	CHECK_EQ(F.tdel, 1);
	CHECK_EQ(F.tdel_tid[0], F.tadd_tid[0]);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	teardown();
	CHECK_EQ(F.tdel, 2);
}

/* Apple: Result Codes little-endian in StopCCN and CDN; an ephemeral port. */
static void t_apple_le(void)
{
	static const uint8_t cdn_res[] = { 3, 0 };		/* 3, little-endian */
	static const uint8_t stop_res[] = { 6, 0, 0, 0 };	/* 6, error 0 */
	struct cli c;
	struct link *l;

	setup(NULL);
	cli_init(&c, "203.0.113.9", 61234, 0x9, 2);
	establish(&c, 4);
	l = call(&c, 0x31, NULL);
	CHECK(l != NULL);
	if (l)
		CHECK_STR(l->peer, "203.0.113.9:61234");
	cli_result_msg(&c, l ? (uint16_t)l->lower_id : 0, L2TP_CDN, cdn_res, sizeof(cdn_res));
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.sdel, 1);
	CHECK(logged("CDN from the peer: result 3 ("));
	cli_result_msg(&c, 0, L2TP_STOPCCN, stop_res, sizeof(stop_res));
	CHECK(logged("result 6 ("));
	teardown();
}

/* Unknown mandatory AVPs: StopCCN 2/8 for the tunnel's messages, CDN 2/8 for a call's. */
static void t_unknown_m_avp(void)
{
	struct cli c, d, e;
	uint16_t r, er, sid;
	unsigned int nt, ns;
	int i;

	setup(NULL);
	/* in SCCRQ */
	cli_init(&c, "192.0.2.70", 1701, 3, 1);
	i = cli_sccrq(&c, 4, Q_UNKNOWN_M);
	CHECK(i >= 0 && got((unsigned int)i, NULL));
	CHECK_EQ(G.m.type, L2TP_STOPCCN);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(r, L2TP_STOPCCN_GENERAL);
	CHECK_EQ(er, L2TP_ERR_UNKNOWN_M_AVP);
	CHECK(logged("unknown mandatory AVP 99"));
	/* in SCCCN */
	cli_init(&d, "192.0.2.71", 1701, 4, 1);
	cli_sccrq(&d, 4, 0);
	cli_scccn(&d, R_NONE, true);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(G.m.h.tunnel_id, 4);
	CHECK_EQ(r, 2);
	CHECK_EQ(er, 8);
	/* in ICRQ: CDN, no session */
	cli_init(&e, "192.0.2.72", 1701, 5, 1);
	establish(&e, 4);
	CHECK_EQ(cli_icrq(&e, 0x66, true), 0);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(G.m.h.session_id, 0x66);
	CHECK_EQ(r, 2);
	CHECK_EQ(er, 8);
	/* in ICCN: CDN, session cleared */
	sid = cli_icrq(&e, 0x67, false);
	CHECK(sid != 0);
	cli_iccn(&e, sid, true);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(G.m.h.session_id, 0x67);
	CHECK_EQ(G.in.session_id, sid);
	CHECK_EQ(r, 2);
	CHECK_EQ(er, 8);
	CHECK_EQ(F.ncall, 0);
	l2tp_lns_count(F.lns, NULL, &ns);
	CHECK_EQ(ns, 0);
	/* the two refused tunnels go when their StopCCN is acknowledged */
	CHECK_EQ(cli_zlb(&c), 0);
	CHECK_EQ(cli_zlb(&d), 0);
	l2tp_lns_count(F.lns, &nt, NULL);
	CHECK_EQ(nt, 1);
	CHECK_EQ(F.tdel, 2);
	teardown();
}

/* Every limit, each refusal logged and answered. */
static void t_limits(void)
{
	struct l2tp_lns_cfg cfg = {
		.max_tunnels = 3, .max_tunnels_per_peer = 1,
		.max_sessions = 3, .max_sessions_per_tunnel = 2,
	};
	struct cli a, b, c, d, e;
	uint16_t r, er;
	int i;

	setup(&cfg);
	cli_init(&a, "192.0.2.80", 1701, 1, 1);
	establish(&a, 4);
	/* same address, same IKE SA: refused */
	cli_init(&b, "192.0.2.80", 1702, 2, 1);
	i = cli_sccrq(&b, 4, 0);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_STOPCCN);
	CHECK_EQ(G.in.result.result, 2);
	CHECK_EQ(G.in.result.error, L2TP_ERR_RESOURCES);
	CHECK(logged("max_tunnels_per_peer"));
	/* same address, another IKE SA: accepted */
	cli_init(&c, "192.0.2.80", 1703, 3, 2);
	establish(&c, 4);
	cli_init(&d, "192.0.2.81", 1701, 4, 3);
	establish(&d, 4);
	/* a fourth: max_tunnels */
	cli_init(&e, "192.0.2.82", 1701, 5, 4);
	i = cli_sccrq(&e, 4, 0);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_STOPCCN);
	CHECK_EQ(G.in.result.error, L2TP_ERR_RESOURCES);
	CHECK(logged("(max_tunnels)"));
	/* sessions per tunnel */
	CHECK(call(&a, 1, NULL) != NULL);
	CHECK(call(&a, 2, NULL) != NULL);
	CHECK_EQ(cli_icrq(&a, 3, false), 0);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(r, L2TP_CDN_NO_RESOURCES);
	CHECK_EQ(G.m.h.session_id, 3);
	CHECK(logged("max_sessions_per_tunnel"));
	/* sessions in total */
	CHECK(call(&c, 1, NULL) != NULL);
	CHECK_EQ(cli_icrq(&d, 1, false), 0);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(r, L2TP_CDN_NO_RESOURCES);
	CHECK(logged("(max_sessions)"));
	/* tunnel_add fails: no tunnel, logged */
	F.tunnel_add_rc = -ENOMEM;
	cli_init(&e, "192.0.2.83", 1701, 6, 5);
	CHECK_EQ(cli_sccrq(&e, 4, 0), -1);
	CHECK(logged("tunnel_add"));
	teardown();
}

/* Tunnel authentication: good, bad and missing responses; no secret. */
static void t_auth(void)
{
	struct l2tp_lns_cfg cfg = {
		.secret = (const uint8_t *)SECRET, .secret_len = strlen(SECRET),
		.require_auth = true,
	};
	struct l2tp_lns_cfg nosec = { .require_auth = true };
	uint8_t want[16];
	struct cli c;
	uint16_t r, er;
	int i;

	setup(&cfg);
	cli_init(&c, "192.0.2.90", 1701, 1, 1);
	c.secret = SECRET;
	i = cli_sccrq(&c, 4, Q_CHAL);
	CHECK(i >= 0 && got((unsigned int)i, SECRET) && G.m.type == L2TP_SCCRP);
	CHECK_EQ(l2tp_chal_response(L2TP_SCCRP, (const uint8_t *)SECRET, strlen(SECRET), c.chal,
				    16, want), 0);
	CHECK(l2tp_has(&G.in, L2TP_AVP_CHAL_RESP));
	CHECK_MEM(G.in.chal_resp, want, 16);
	CHECK_EQ(G.in.challenge.len, L2TP_CHAL_LEN);
	cli_scccn(&c, R_GOOD, false);
	CHECK(logged("established, authenticated"));
	CHECK_EQ(find_sent(L2TP_STOPCCN, 0), -1);
	teardown();

	setup(&cfg);
	cli_init(&c, "192.0.2.91", 1701, 1, 1);
	c.secret = SECRET;
	cli_sccrq(&c, 4, 0);
	cli_scccn(&c, R_BAD, false);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(r, L2TP_STOPCCN_NOT_AUTH);
	CHECK(logged("wrong Challenge Response"));
	CHECK(!logged("established"));
	teardown();

	setup(&cfg);
	cli_init(&c, "192.0.2.92", 1701, 1, 1);
	cli_sccrq(&c, 4, 0);
	cli_scccn(&c, R_NONE, false);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(r, L2TP_STOPCCN_NOT_AUTH);
	CHECK(logged("no Challenge Response"));
	teardown();

	/* require_auth without a secret: every peer refused */
	setup(&nosec);
	cli_init(&c, "192.0.2.93", 1701, 1, 1);
	i = cli_sccrq(&c, 4, 0);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_STOPCCN);
	CHECK_EQ(G.in.result.result, L2TP_STOPCCN_NOT_AUTH);
	teardown();
	/* a challenge and no secret */
	setup(NULL);
	cli_init(&c, "192.0.2.94", 1701, 1, 1);
	i = cli_sccrq(&c, 4, Q_CHAL);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_STOPCCN);
	CHECK_EQ(G.in.result.result, L2TP_STOPCCN_NOT_AUTH);
	/* a wrong protocol version */
	cli_init(&c, "192.0.2.95", 1701, 2, 1);
	i = cli_sccrq(&c, 4, Q_BAD_VER);
	CHECK(i >= 0 && got((unsigned int)i, NULL) && G.m.type == L2TP_STOPCCN);
	CHECK_EQ(G.in.result.result, L2TP_STOPCCN_BAD_VERSION);
	teardown();
}

/* Hidden AVPs: an ICRQ whose Assigned Session ID is hidden. */
static void t_hidden(void)
{
	struct l2tp_lns_cfg cfg = {
		.secret = (const uint8_t *)SECRET, .secret_len = strlen(SECRET),
	};
	static const uint8_t rv[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	static const uint8_t pad[5] = { 9, 9, 9, 9, 9 };
	uint8_t buf[1024], sid_be[2] = { 0x4a, 0x4b };
	struct l2tp_wbuf w;
	struct cli c;
	int i;

	setup(&cfg);
	cli_init(&c, "192.0.2.100", 1701, 1, 1);
	c.secret = SECRET;
	establish(&c, 4);
	CHECK(logged("established, authenticated"));
	begin(&w, buf, &c, 0, L2TP_ICRQ);
	l2tp_w_avp(&w, L2TP_AVP_RANDOM_VECTOR, true, rv, sizeof(rv));
	l2tp_w_avp_hidden(&w, L2TP_AVP_SESSION_ID, true, sid_be, 2, pad, sizeof(pad),
			  (const uint8_t *)SECRET, strlen(SECRET), rv, sizeof(rv));
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, 1);
	cli_send(&c, buf, l2tp_w_finish(&w));
	i = find_sent(L2TP_ICRP, 0);
	CHECK(i >= 0 && got((unsigned int)i, SECRET));
	CHECK_EQ(G.m.h.session_id, 0x4a4b);
	teardown();

	/* a hidden AVP and no secret: the call is refused, not guessed */
	setup(NULL);
	cli_init(&c, "192.0.2.101", 1701, 1, 1);
	establish(&c, 4);
	begin(&w, buf, &c, 0, L2TP_ICRQ);
	l2tp_w_avp(&w, L2TP_AVP_RANDOM_VECTOR, true, rv, sizeof(rv));
	l2tp_w_avp_hidden(&w, L2TP_AVP_SESSION_ID, true, sid_be, 2, pad, sizeof(pad),
			  (const uint8_t *)SECRET, strlen(SECRET), rv, sizeof(rv));
	cli_send(&c, buf, l2tp_w_finish(&w));
	CHECK_EQ(find_sent(L2TP_ICRP, 0), -1);
	CHECK(logged("ICRQ"));
	teardown();
}

/* Outgoing calls refused with CDN; WEN and SLI accepted and ignored. */
static void t_ocrq_wen_sli(void)
{
	uint8_t buf[1024], acc[10] = { 0 };
	struct l2tp_wbuf w;
	struct cli c;
	struct link *l;
	uint16_t r, er, sid;

	setup(NULL);
	cli_init(&c, "192.0.2.110", 1701, 1, 1);
	establish(&c, 4);
	begin(&w, buf, &c, 0, L2TP_OCRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, 0x77);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, 1);
	l2tp_w_avp_u32(&w, L2TP_AVP_MIN_BPS, true, 1);
	l2tp_w_avp_u32(&w, L2TP_AVP_MAX_BPS, true, 1);
	l2tp_w_avp_u32(&w, L2TP_AVP_BEARER_TYPE, true, 1);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	l2tp_w_avp(&w, L2TP_AVP_CALLED, true, "1", 1);
	cli_send(&c, buf, l2tp_w_finish(&w));
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(G.m.h.session_id, 0x77);
	CHECK_EQ(r, L2TP_CDN_NOT_AVAILABLE);
	l = call(&c, 0x78, &sid);
	CHECK(l != NULL);
	begin(&w, buf, &c, sid, L2TP_SLI);
	l2tp_w_avp(&w, L2TP_AVP_ACCM, true, acc, sizeof(acc));
	CHECK_EQ(cli_send(&c, buf, l2tp_w_finish(&w)), 0);
	begin(&w, buf, &c, sid, L2TP_WEN);
	{
		uint8_t ce[26] = { 0 };

		l2tp_w_avp(&w, L2TP_AVP_CALL_ERRORS, true, ce, sizeof(ce));
	}
	CHECK_EQ(cli_send(&c, buf, l2tp_w_finish(&w)), 0);
	CHECK_EQ(F.ndown, 0);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 1);
	/* call_up refuses: CDN and session_del */
	F.call_up_rc = -1;
	call(&c, 0x79, &sid);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 2);
	CHECK_EQ(F.sdel, 1);
	/* session_add fails: CDN result 4 */
	F.call_up_rc = 0;
	F.session_add_rc = -EEXIST;
	sid = cli_icrq(&c, 0x7a, false);
	cli_iccn(&c, sid, false);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(r, L2TP_CDN_NO_RESOURCES);
	CHECK(logged("session_add failed"));
	/* the PPP layer closes from call_up itself */
	F.session_add_rc = 0;
	F.close_in_call_up = true;
	call(&c, 0x7b, &sid);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 4);
	teardown();
}

static void make_two(struct cli *a, struct cli *b, struct link **la, struct link **lb)
{
	cli_init(a, "192.0.2.120", 1701, 1, 7);
	establish(a, 4);
	*la = call(a, 0x11, NULL);
	cli_init(b, "192.0.2.121", 1701, 2, 8);
	establish(b, 4);
	*lb = call(b, 0x22, NULL);
	CHECK(*la && *lb);
	cli_zlb(a);
	cli_zlb(b);
}

/* The IKE SA is gone: its tunnel and calls go at once, the other stays. */
static void t_owner_gone(void)
{
	struct cli a, b;
	struct link *la, *lb;
	unsigned int nt, ns, n;

	setup(NULL);
	make_two(&a, &b, &la, &lb);
	uint32_t aid = la->id;

	n = F.nsent;
	l2tp_lns_owner_rebind(F.lns, 7, 70);
	l2tp_lns_owner_gone(F.lns, 7, F.now);
	CHECK_EQ(F.tdel, 0);
	l2tp_lns_owner_gone(F.lns, 70, F.now);
	CHECK_EQ(count_sent(L2TP_STOPCCN, n), 1);
	CHECK_EQ(F.sent_tid[F.nsent - 1], a.tid);
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.down_id[0], aid);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(F.tdel, 1);
	CHECK_EQ(F.tdel_tid[0], a.tid);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	CHECK_EQ(ns, 1);
	/* its messages now go nowhere */
	CHECK_EQ(cli_zlb(&a), -1);
	teardown();
	CHECK_EQ(F.ndown, 2);
	CHECK_EQ(F.tdel, 2);
}

/* stop_all: StopCCN result 6 everywhere; done when acknowledged or given up. */
static void t_stop_all(void)
{
	struct cli a, b;
	struct link *la, *lb;
	unsigned int nt, ns, n;
	uint64_t t;
	uint16_t r, er;

	setup(NULL);
	make_two(&a, &b, &la, &lb);
	n = F.nsent;
	t = F.now;
	l2tp_lns_stop_all(F.lns, t);
	CHECK_EQ(count_sent(L2TP_STOPCCN, n), 2);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(r, L2TP_STOPCCN_SHUTDOWN);
	CHECK_EQ(F.ndown, 2);
	CHECK_EQ(F.sdel, 2);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 2);
	CHECK_EQ(ns, 0);
	CHECK_EQ(cli_zlb(&a), 0);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	CHECK_EQ(F.tdel, 1);
	/* b never answers: given up after 1+2+4+8+16+16 s */
	for (uint64_t s = 1; s <= 47; s++)
		tick_to(t + s * 1000);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 0);
	CHECK_EQ(F.tdel, 2);
	teardown();
}

/* disconnect: one call (CDN result 3), the tunnel (StopCCN result 1), nothing. */
static void t_disconnect(void)
{
	struct cli a, b;
	struct link *la, *lb;
	uint16_t r, er, sid;
	unsigned int nt, ns;

	setup(NULL);
	make_two(&a, &b, &la, &lb);
	sid = (uint16_t)la->lower_id;
	CHECK_EQ(l2tp_lns_disconnect(F.lns, a.tid, sid, F.now), 0);
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(r, L2TP_CDN_ADMIN);
	CHECK_EQ(G.m.h.session_id, 0x11);
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(l2tp_lns_disconnect(F.lns, a.tid, sid, F.now), -ENOENT);
	CHECK_EQ(l2tp_lns_disconnect(F.lns, 0x7fff, 0, F.now), -ENOENT);
	CHECK_EQ(l2tp_lns_disconnect(F.lns, b.tid, 0, F.now), 0);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(r, L2TP_STOPCCN_CLEAR);
	CHECK_EQ(G.in.tunnel_id, b.tid);
	CHECK_EQ(F.ndown, 2);
	CHECK_EQ(cli_zlb(&b), 0);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	CHECK_EQ(ns, 0);
	/* StopCCNs crossing: ours unacknowledged, the peer's arrives: both done */
	CHECK_EQ(l2tp_lns_disconnect(F.lns, a.tid, 0, F.now), 0);
	a.ack = false;
	{
		static const uint8_t res[] = { 0, 1 };

		cli_result_msg(&a, 0, L2TP_STOPCCN, res, sizeof(res));
	}
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 0);
	CHECK_EQ(F.tdel, 2);
	teardown();
}

/*
 * CDNs crossing: we clear a call (administrative) while the client clears
 * the same call; its CDN arrives before it has acknowledged ours. The call
 * goes once (one down, one session_del), no second CDN answers the
 * client's, the tunnel and the other client stay; the client's later
 * acknowledgement ends our retransmissions.
 */
static void t_cdn_crossing(void)
{
	static const uint8_t res[] = { 0, 3 };
	struct cli a, b;
	struct link *la, *lb;
	unsigned int nt, ns, from;
	uint16_t sid;

	setup(NULL);
	make_two(&a, &b, &la, &lb);
	sid = (uint16_t)la->lower_id;
	a.ack = false;
	CHECK_EQ(l2tp_lns_disconnect(F.lns, a.tid, sid, F.now), 0);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 1);
	from = F.nsent;
	cli_result_msg(&a, sid, L2TP_CDN, res, sizeof(res));
	CHECK_EQ(F.ndown, 1);
	CHECK_EQ(F.sdel, 1);
	CHECK_EQ(count_sent(L2TP_CDN, from), 0);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 2);
	CHECK_EQ(ns, 1);
	/* our CDN comes again after 1 s; the client reads and acknowledges it */
	a.ack = true;
	tick_to(F.now + 1100);
	CHECK_EQ(count_sent(L2TP_CDN, from), 1);
	CHECK_EQ(cli_zlb(&a), 0);
	from = F.nsent;
	for (uint64_t end = F.now + 20000; F.now < end;)
		tick_to(F.now + 250);	/* past 2+4+8 s of retransmissions */
	CHECK_EQ(count_sent(L2TP_CDN, from), 0);
	CHECK_EQ(F.tdel, 0);
	CHECK_EQ(F.ndown, 1);
	teardown();
}

struct walk {
	unsigned int n;
	struct l2tp_lns_call_info ci[4];
	unsigned int stop_at;
};

static int walk_fn(const struct l2tp_lns_call_info *ci, void *arg)
{
	struct walk *w = arg;

	if (w->n < 4)
		w->ci[w->n] = *ci;
	w->n++;
	return w->n == w->stop_at ? 42 : 0;
}

/* foreach_call and count. */
static void t_foreach_count(void)
{
	struct cli a, b;
	struct link *la, *lb;
	struct walk w = { 0 };
	unsigned int nt, ns;
	uint16_t sid;

	setup(NULL);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 0);
	CHECK_EQ(ns, 0);
	make_two(&a, &b, &la, &lb);
	sid = cli_icrq(&b, 0x33, false);	/* waiting for ICCN: counted, no link */
	CHECK(sid != 0);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 2);
	CHECK_EQ(ns, 3);
	CHECK_EQ(l2tp_lns_foreach_call(F.lns, walk_fn, &w), 0);
	CHECK_EQ(w.n, 3);
	for (unsigned int i = 0; i < 3 && la && lb; i++) {
		const struct l2tp_lns_call_info *ci = &w.ci[i];

		if (ci->peer_sid == 0x11) {
			CHECK_EQ(ci->tid, a.tid);
			CHECK_EQ(ci->peer_tid, 1);
			CHECK_EQ(ci->link_id, la->id);
			CHECK_EQ(ci->peer.owner, 7);
			CHECK_STR(ci->peer_host, "lac");
			CHECK_STR(ci->ifname, la->ifname);
			CHECK_EQ(ci->sid, (uint16_t)la->lower_id);
			CHECK(ci->started_ms > 0);
		} else if (ci->peer_sid == 0x33) {
			CHECK_EQ(ci->link_id, 0);
			CHECK_EQ(ci->sid, sid);
		} else {
			CHECK_EQ(ci->peer_sid, 0x22);
			CHECK_EQ(ci->link_id, lb->id);
		}
	}
	CHECK(la && lb && la->id != lb->id);
	memset(&w, 0, sizeof(w));
	w.stop_at = 2;
	CHECK_EQ(l2tp_lns_foreach_call(F.lns, walk_fn, &w), 42);
	CHECK_EQ(w.n, 2);
	teardown();
	CHECK_EQ(F.ndown, 2);
	CHECK_EQ(F.sdel, 2);	/* the unanswered ICRQ was never in the module */
	CHECK_EQ(F.tdel, 2);
}

/* Strays: messages for no tunnel, from another address, garbage. */
static void t_strays(void)
{
	uint8_t junk[20] = { 0xc8, 0x02, 0, 20 };
	struct cli c, x;

	setup(NULL);
	cli_init(&c, "192.0.2.130", 1701, 1, 1);
	establish(&c, 4);
	CHECK_EQ(l2tp_lns_input(F.lns, 0, &c.p, junk, sizeof(junk), F.now), -1);
	CHECK_EQ(l2tp_lns_input(F.lns, 0, &c.p, junk, 3, F.now), -1);
	x = c;
	inet_pton(AF_INET, "192.0.2.131", &x.p.addr);
	CHECK_EQ(cli_zlb(&x), -1);
	CHECK(logged("not the tunnel's peer"));
	x.tid = 0x7777;
	CHECK_EQ(cli_zlb(&x), -1);
	teardown();
}

/* SCCRP answered by no SCCCN, ICRP by no ICCN: cleared after 30 s. */
static void t_setup_timeouts(void)
{
	struct cli c, d;
	uint16_t r, er, sid;
	unsigned int nt, ns;
	uint64_t t0;

	setup(NULL);
	cli_init(&c, "192.0.2.140", 1701, 1, 1);
	t0 = F.now;
	CHECK_EQ(cli_sccrq(&c, 4, 0), 0);
	CHECK_EQ(cli_zlb(&c), 0);	/* the SCCRP arrived, no SCCCN follows */
	cli_init(&d, "192.0.2.141", 1701, 2, 2);
	establish(&d, 4);
	sid = cli_icrq(&d, 0x21, false);
	CHECK(sid != 0);
	CHECK_EQ(cli_zlb(&d), 0);
	CHECK_EQ(l2tp_lns_next_timeout(F.lns), t0 + 30000);
	tick_to(t0 + 29999);
	CHECK_EQ(count_sent(L2TP_STOPCCN, 0), 0);
	CHECK_EQ(count_sent(L2TP_CDN, 0), 0);
	tick_to(t0 + 30000);
	CHECK(last_result(L2TP_STOPCCN, &r, &er));
	CHECK_EQ(G.m.h.tunnel_id, 1);
	CHECK_EQ(r, L2TP_STOPCCN_GENERAL);
	CHECK(logged("no SCCCN"));
	CHECK(last_result(L2TP_CDN, &r, &er));
	CHECK_EQ(G.m.h.session_id, 0x21);
	CHECK_EQ(G.in.session_id, sid);
	CHECK(logged("no ICCN"));
	CHECK_EQ(F.sdel, 0);	/* never in the module */
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 2);
	CHECK_EQ(ns, 0);
	CHECK_EQ(cli_zlb(&c), 0);
	l2tp_lns_count(F.lns, &nt, &ns);
	CHECK_EQ(nt, 1);
	teardown();
}

/* Every truncation of xl2tpd's messages (header length patched): no crash, no leak. */
static void t_truncations(void)
{
	static const char *const names[] = { "sccrq", "scccn", "icrq", "iccn", "cdn" };
	struct l2tp_peer p = { .port = 1701 };
	struct l2tp_lns_cfg cfg = {
		.secret = (const uint8_t *)SECRET, .secret_len = strlen(SECRET),
	};

	inet_pton(AF_INET, "127.0.0.1", &p.addr);
	for (unsigned int k = 0; k < 5; k++) {
		struct capture c = { names[k], NULL, 0 };

		l2tp_vec_each("xl2tpd.txt", NULL, find_one, &c);
		CHECK(c.msg != NULL);
		if (!c.msg)
			continue;
		for (size_t len = 0; len < c.len; len++) {
			uint8_t *m = l2tp_vec_dup(c.msg, len);
			unsigned int nt, ns;

			if (len >= 4) {
				m[2] = (uint8_t)(len >> 8);
				m[3] = (uint8_t)len;
			}
			setup(&cfg);
			F.rnd[0] = 0x12;
			F.rnd[1] = 0x34;
			F.rnd_len = 2;
			if (k > 0) {
				CHECK_EQ(replay("sccrq", 0, &p), 0);
				if (k > 1)
					CHECK_EQ(replay("scccn", 0x1234, &p), 0);
				if (k > 3) {
					CHECK_EQ(replay("icrq", 0x1234, &p), 0);
					CHECK_EQ(replay("iccn", 0x1234, &p), 0);
				}
			}
			l2tp_lns_input(F.lns, k ? 0x1234 : 0, &p, m, len, F.now);
			tick_to(F.now + 60000);
			l2tp_lns_count(F.lns, &nt, &ns);
			CHECK(nt <= 1);
			CHECK(ns <= 1);
			teardown();
			CHECK_EQ(F.tadd, F.tdel);
			CHECK_EQ(F.sadd, F.sdel);
			CHECK_EQ(F.ncall, F.ndown);
			free(m);
		}
		free(c.msg);
	}
}

const struct test_case l2tp_lns_tests[] = {
	T(t_xl2tpd_replay),
	T(t_call_and_close),
	T(t_android_rws1),
	T(t_sccrp_lost),
	T(t_duplicate_sccrq),
	T(t_hello),
	T(t_dead_peer),
	T(t_stopccn_from_peer),
	T(t_apple_le),
	T(t_unknown_m_avp),
	T(t_limits),
	T(t_auth),
	T(t_hidden),
	T(t_ocrq_wen_sli),
	T(t_owner_gone),
	T(t_stop_all),
	T(t_disconnect),
	T(t_cdn_crossing),
	T(t_foreach_count),
	T(t_strays),
	T(t_setup_timeouts),
	T(t_truncations),
	T_END
};
