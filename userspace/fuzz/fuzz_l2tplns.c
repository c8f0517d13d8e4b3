// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the L2TPv2 LNS (l2tp/l2tp_tunnel.c,
 * l2tp/l2tp_session.c) with fake ops and a fake clock.
 *
 * Input: the first byte chooses a secret ("s3cr3t-l2tp", bit 0) and
 * whether a tunnel and a call are set up first with well-formed messages
 * (bit 1). Then records of [op][len hi][len lo][len bytes]:
 *   0  the bytes as a control message for no tunnel (SCCRQ)
 *   1  the bytes as a control message of the set-up tunnel: its tunnel
 *      id, session id 0xffff replaced by the set-up call's, Ns and Nr
 *      stamped as the peer would (the next Ns, everything acknowledged)
 *   2  the clock advances len * 16 ms, timers run
 *   3  the bytes as a PPP frame of the set-up call
 *   4  the PPP layer closes the first live link
 *   5  disconnect the call, the tunnel, stop_all or owner_gone (len % 4)
 * At the end the LNS is freed: every module tunnel and session created
 * must have been deleted, every link handed up brought down or closed
 * (abort() otherwise).
 *
 * Seeds: fuzz/corpus/l2tplns/ (gen-l2tplns-corpus.py).
 */
#include <arpa/inet.h>
#include <stdbool.h>

#include "fuzz.h"
#include "l2tp_lns.h"
#include "l2tp_msg.h"
#include "link.h"

#define MAXL 64

static struct {
	struct l2tp_lns *lns;
	uint64_t now;
	uint32_t ctr;
	unsigned long tadd, tdel, sadd, sdel, ups, downs, closes;
	uint16_t tid, sid, peer_nr, icrp_sid;
	struct link *links[MAXL];
} W;

static int f_tunnel_add(void *ctx, uint16_t tid, uint16_t peer_tid, const struct l2tp_peer *p)
{
	(void)ctx; (void)peer_tid; (void)p;
	W.tadd++;
	if (!W.tid)
		W.tid = tid;
	return 0;
}

static void f_tunnel_del(void *ctx, uint16_t tid)
{
	(void)ctx; (void)tid;
	W.tdel++;
}

static int f_ctrl_send(void *ctx, uint16_t tid, const uint8_t *msg, size_t len)
{
	struct l2tp_hdr h;

	(void)ctx;
	if (tid == W.tid && !l2tp_hdr_parse(msg, len, &h, NULL) && len > L2TP_HDR_LEN &&
	    h.ns == W.peer_nr)
		W.peer_nr++;
	/* ICRP: Message Type, then the Assigned Session ID */
	if (len >= L2TP_HDR_LEN + 16 && msg[L2TP_HDR_LEN + 7] == L2TP_ICRP)
		W.icrp_sid = (uint16_t)(msg[L2TP_HDR_LEN + 14] << 8 | msg[L2TP_HDR_LEN + 15]);
	return 0;
}

static int f_session_add(void *ctx, uint16_t tid, uint16_t sid, uint16_t peer_sid,
			 char ifname[16], uint32_t *ifindex)
{
	(void)ctx; (void)peer_sid;
	W.sadd++;
	if (tid == W.tid && !W.sid)
		W.sid = sid;
	snprintf(ifname, 16, "l2tp%lu", W.sadd);
	*ifindex = 1;
	return 0;
}

static void f_session_del(void *ctx, uint16_t tid, uint16_t sid)
{
	(void)ctx; (void)tid; (void)sid;
	W.sdel++;
}

static int f_ppp_send(void *ctx, uint16_t tid, uint16_t sid, const uint8_t *frame, size_t len)
{
	(void)ctx; (void)tid; (void)sid; (void)frame; (void)len;
	return 0;
}

static void forget(struct link *l)
{
	for (int i = 0; i < MAXL; i++)
		if (W.links[i] == l)
			W.links[i] = NULL;
}

static void up_input(struct link *l, const uint8_t *frame, size_t len)
{
	(void)frame;
	/* an LCP Terminate-Request closes the call, from inside input */
	if (len >= 3 && frame[0] == 0xc0 && frame[1] == 0x21 && frame[2] == 5) {
		forget(l);
		W.closes++;
		l->lower->close(l, "LCP terminated");
	}
}

static void up_down(struct link *l, const char *why)
{
	(void)why;
	forget(l);
	W.downs++;
}

static const struct link_upper_ops upper = { up_input, up_down };

static int f_call_up(void *ctx, struct link *l)
{
	(void)ctx;
	W.ups++;
	l->upper = &upper;
	l->upper_id = l->id;
	for (int i = 0; i < MAXL; i++)
		if (!W.links[i]) {
			W.links[i] = l;
			break;
		}
	if (l->lower->send(l, (const uint8_t *)"\xc0\x21\x01\x01\x00\x04", 6))
		abort();
	return 0;
}

static void f_random(void *ctx, void *buf, size_t len)
{
	uint8_t *b = buf;

	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		W.ctr = W.ctr * 1103515245u + 12345u;
		b[i] = (uint8_t)(W.ctr >> 16);
	}
}

static void f_log(void *ctx, int level, uint16_t tid, uint16_t sid, const char *msg)
{
	(void)ctx; (void)level; (void)tid; (void)sid;
	fputs(msg, fuzz_null());
}

static const struct l2tp_lns_ops ops = {
	.tunnel_add = f_tunnel_add, .tunnel_del = f_tunnel_del, .ctrl_send = f_ctrl_send,
	.session_add = f_session_add, .session_del = f_session_del, .ppp_send = f_ppp_send,
	.call_up = f_call_up, .random = f_random, .log = f_log,
};

static const uint8_t secret[] = "s3cr3t-l2tp";
static uint16_t peer_ns;

static void peer_send(const struct l2tp_peer *p, uint8_t *msg, size_t len)
{
	if (len < L2TP_HDR_LEN)
		return;
	/* the tunnel id is ours; session id 0xffff names the set-up call */
	msg[4] = (uint8_t)(W.tid >> 8);
	msg[5] = (uint8_t)W.tid;
	if (msg[6] == 0xff && msg[7] == 0xff) {
		msg[6] = (uint8_t)(W.sid >> 8);
		msg[7] = (uint8_t)W.sid;
	}
	l2tp_hdr_set_seq(msg, peer_ns, W.peer_nr);
	if (len > L2TP_HDR_LEN)
		peer_ns++;
	l2tp_lns_input(W.lns, W.tid, p, msg, len, W.now);
}

static void prologue(const struct l2tp_peer *p, bool with_secret)
{
	uint8_t buf[256];
	struct l2tp_wbuf w;

	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, 0, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_SCCRQ);
	l2tp_w_proto_ver(&w);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_CAPS, true, 3);
	l2tp_w_avp(&w, L2TP_AVP_HOST_NAME, true, "lac", 3);
	l2tp_w_avp_u16(&w, L2TP_AVP_TUNNEL_ID, true, 7);
	l2tp_w_avp_u16(&w, L2TP_AVP_RWS, true, 1);
	l2tp_lns_input(W.lns, 0, p, buf, l2tp_w_finish(&w), W.now);
	peer_ns = 1;
	if (!W.tid)
		return;
	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, W.tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_SCCCN);
	peer_send(p, buf, l2tp_w_finish(&w));
	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, W.tid, 0, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICRQ);
	l2tp_w_avp_u16(&w, L2TP_AVP_SESSION_ID, true, 9);
	l2tp_w_avp_u32(&w, L2TP_AVP_SERIAL, true, 1);
	peer_send(p, buf, l2tp_w_finish(&w));
	/* the ICCN names the session the ICRP assigned */
	l2tp_w_init(&w, buf, sizeof(buf));
	l2tp_w_hdr(&w, W.tid, W.icrp_sid, 0, 0);
	l2tp_w_msg_type(&w, L2TP_ICCN);
	l2tp_w_avp_u32(&w, L2TP_AVP_TX_SPEED, true, 1000000);
	l2tp_w_avp_u32(&w, L2TP_AVP_FRAMING_TYPE, true, 1);
	peer_send(p, buf, l2tp_w_finish(&w));
	/* without a secret the exchange reaches call_up (with one, the
	 * SCCCN has no Challenge Response: StopCCN) */
	if (!with_secret && (!W.sid || !W.ups))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct l2tp_lns_cfg cfg = { .max_tunnels = 8, .max_sessions_per_tunnel = 4 };
	struct l2tp_peer p = { .port = 1701, .owner = 1 };
	size_t off = 1;

	if (!size)
		return 0;
	memset(&W, 0, sizeof(W));
	W.now = 1000;
	if (data[0] & 1) {
		cfg.secret = secret;
		cfg.secret_len = sizeof(secret) - 1;
	}
	p.addr.s_addr = htonl(0x7f000001);
	W.lns = l2tp_lns_new(&cfg, &ops);
	if (!W.lns)
		abort();
	if (data[0] & 2)
		prologue(&p, data[0] & 1);
	while (off + 3 <= size) {
		uint8_t op = data[off] % 6;
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		uint8_t *m;

		off += 3;
		if (len > size - off)
			len = size - off;
		m = fuzz_copy(data + off, len);
		off += len;
		switch (op) {
		case 0:
			l2tp_lns_input(W.lns, 0, &p, m, len, W.now);
			break;
		case 1:
			peer_send(&p, m, len);
			break;
		case 2:
			W.now += len * 16;
			l2tp_lns_tick(W.lns, W.now);
			break;
		case 3:
			l2tp_lns_ppp_input(W.lns, W.tid, W.sid, m, len, W.now);
			break;
		case 4:
			for (int i = 0; i < MAXL; i++)
				if (W.links[i]) {
					struct link *l = W.links[i];

					forget(l);
					W.closes++;
					l->lower->close(l, "fuzz");
					break;
				}
			break;
		case 5:
			switch (len % 4) {
			case 0:
				l2tp_lns_disconnect(W.lns, W.tid, W.sid, W.now);
				break;
			case 1:
				l2tp_lns_disconnect(W.lns, W.tid, 0, W.now);
				break;
			case 2:
				l2tp_lns_stop_all(W.lns, W.now);
				break;
			default:
				l2tp_lns_owner_gone(W.lns, 1, W.now);
				break;
			}
			break;
		}
		free(m);
		if (l2tp_lns_next_timeout(W.lns) == 0)
			l2tp_lns_tick(W.lns, W.now);
	}
	l2tp_lns_free(W.lns);
	if (W.tadd != W.tdel || W.sadd != W.sdel || W.ups != W.downs + W.closes)
		abort();
	return 0;
}
