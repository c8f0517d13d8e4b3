// SPDX-License-Identifier: GPL-2.0
/* Parsing what the kernel sends: acks/errors with extack, family
 * replies, object replies, events; truncated and malformed ones. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>

#include "cli_test.h"
#include "attrs.h"
#include "encap.h"
#include "cmd_monitor.h"
#include "nl.h"
#include "sa.h"
#include "show.h"
#include "session.h"
#include "stats.h"
#include "tunnel.h"

#define FAM 0x2a

static _Alignas(4) unsigned char buf[8192], buf2[8192];

/* print into a malloc'd string */
#define CAPTURE(outp, stmt) do {				\
	size_t _len;						\
	FILE *f = open_memstream(outp, &_len);			\
	stmt;							\
	fclose(f);						\
} while (0)

/* NLMSG_ERROR for req with error, extack message, offset of attr */
static struct nlmsghdr *mk_err(void *b, const struct nlmsghdr *req, int err,
			       const char *msg, int64_t offs, bool capped)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -err;
	e->msg = *req;
	if (!capped) {
		/* the whole request is echoed after the error */
		memcpy((char *)&e->msg, req, req->nlmsg_len);
		nlh->nlmsg_len += MNL_ALIGN(req->nlmsg_len) - sizeof(*req);
	} else {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	}
	if (msg || offs >= 0)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, (uint32_t)offs);
	return nlh;
}

static struct nlmsghdr *sa_req(void *b)
{
	struct nlmsghdr *nlh = nl_req_start(b, FAM, L2TPSEC_CMD_SA_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x1001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_OUT);
	mnl_attr_put(nlh, L2TPSEC_A_SA_ENC_KEY, 20, "01234567890123456789");
	return nlh;
}

static uint32_t offset_of_attr(const struct nlmsghdr *req, int type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, req, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return (uint32_t)((const char *)a - (const char *)req);
	return 0;
}

static void t_err_extack(void)
{
	static _Alignas(4) unsigned char rb[L2S_REQ_SIZE];
	struct nlmsghdr *req = sa_req(rb), *nlh;
	struct nl_err_info ei;
	struct l2s_kerr ke;
	struct l2s_err ce;
	uint32_t off = offset_of_attr(req, L2TPSEC_A_SA_ENC_KEY);

	for (int capped = 0; capped < 2; capped++) {
		nlh = mk_err(buf, req, EINVAL, "bad key length", off + 6, capped);
		CHECK_EQ(nl_parse_error(nlh, &ei), 0);
		CHECK_EQ(ei.error, EINVAL);
		CHECK_STR(ei.msg, "bad key length");
		CHECK(ei.has_offs);
		CHECK_EQ(ei.offs, off + 6);
		CHECK_EQ(nl_attr_at_offset(req, ei.offs), L2TPSEC_A_SA_ENC_KEY);
		l2s_kerr_from(&ke, req, &ei);
		cli_kernel_error(&ce, "sa add", &ke);
		CHECK_STR(ce.msg, "sa add: bad key length (attribute 'key')");
	}
	/* no extack: strerror, with a hint for EPERM */
	nlh = mk_err(buf, req, EPERM, NULL, -1, true);
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_EQ(ei.error, EPERM);
	CHECK_STR(ei.msg, "");
	l2s_kerr_from(&ke, req, &ei);
	cli_kernel_error(&ce, "sa add", &ke);
	CHECK_STR(ce.msg, "sa add: Operation not permitted (needs CAP_NET_ADMIN)");
	/* plain ack */
	nlh = mk_err(buf, req, 0, NULL, -1, true);
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_EQ(ei.error, 0);
	/* control characters in the message are neutralised */
	nlh = mk_err(buf, req, EINVAL, "a\nb\x1b[31m ", -1, true);
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_STR(ei.msg, "a?b?[31m");
	/* missing attribute */
	nlh = mk_err(buf, req, EINVAL, "missing", -1, true);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, L2TPSEC_A_PEER_IP4);
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK(ei.has_miss);
	l2s_kerr_from(&ke, req, &ei);
	cli_kernel_error(&ce, "sa add", &ke);
	CHECK_STR(ce.msg, "sa add: missing (missing 'peer')");
	/* keywords follow the command's own syntax */
	CHECK_STR(attr_keyword(L2TPSEC_CMD_PPP_SEND, L2TPSEC_A_SESSION_ID), "session");
	CHECK_STR(attr_keyword(L2TPSEC_CMD_CTRL_SEND, L2TPSEC_A_PAYLOAD), "hex");
	CHECK_STR(attr_keyword(L2TPSEC_CMD_SESSION_DEL, L2TPSEC_A_TUNNEL_ID), "tunnel");
	CHECK_STR(attr_keyword(L2TPSEC_CMD_TUNNEL_DEL, L2TPSEC_A_TUNNEL_ID), "id");
	CHECK(attr_keyword(L2TPSEC_CMD_SA_NEW, 200) == NULL);
}

static void t_err_malformed(void)
{
	static _Alignas(4) unsigned char rb[L2S_REQ_SIZE];
	struct nlmsghdr *req = sa_req(rb), *nlh;
	struct nl_err_info ei;

	/* too short for struct nlmsgerr */
	nlh = mk_err(buf, req, EINVAL, NULL, -1, true);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	CHECK_EQ(nl_parse_error(nlh, &ei), -1);
	nlh->nlmsg_len = 8;
	CHECK_EQ(nl_parse_error(nlh, &ei), -1);
	/* a positive or absurd error */
	nlh = mk_err(buf, req, -5, NULL, -1, true);
	CHECK_EQ(nl_parse_error(nlh, &ei), -1);
	nlh = mk_err(buf, req, 100000, NULL, -1, true);
	CHECK_EQ(nl_parse_error(nlh, &ei), -1);
	/* echoed request claims to be longer than the message: TLVs ignored */
	nlh = mk_err(buf, req, EINVAL, "x", 20, false);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 0xfffffff0;
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_EQ(ei.error, EINVAL);
	CHECK_STR(ei.msg, "");
	CHECK(!ei.has_offs);
	/* truncated TLV area: wrong-size offset is ignored */
	nlh = mk_err(buf, req, EINVAL, NULL, -1, true);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u16(nlh, NLMSGERR_ATTR_OFFS, 20);
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK(!ei.has_offs);
	/* DONE with and without an error code; another type */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_EQ(ei.error, 0);
	*(int32_t *)mnl_nlmsg_put_extra_header(nlh, 4) = -EINTR;
	CHECK_EQ(nl_parse_error(nlh, &ei), 0);
	CHECK_EQ(ei.error, EINTR);
	nlh->nlmsg_type = FAM;
	CHECK_EQ(nl_parse_error(nlh, &ei), -1);
	/* offsets outside the request */
	CHECK_EQ(nl_attr_at_offset(req, req->nlmsg_len), -1);
	CHECK_EQ(nl_attr_at_offset(req, 3), -1);
}

static void t_family(void)
{
	struct nlmsghdr *nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	struct nlattr *grps, *g;
	uint32_t grp = 0;
	uint16_t id = 0;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "l2tpsec");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
	mnl_attr_nest_end(nlh, g);
	g = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, grps);
	CHECK_EQ(genl_parse_family(nlh, "events", &id, &grp), 0);
	CHECK_EQ(id, 0x1d);
	CHECK_EQ(grp, 9);
	CHECK_EQ(genl_parse_family(nlh, "nope", &id, &grp), 0);
	CHECK_EQ(grp, 0);

	/* no id, or an id of the wrong size */
	nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "l2tpsec");
	CHECK_EQ(genl_parse_family(nlh, "events", &id, &grp), -1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	CHECK_EQ(genl_parse_family(nlh, "events", &id, &grp), -1);
	/* group name without its NUL: ignored */
	nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put(nlh, CTRL_ATTR_MCAST_GRP_NAME, 6, "events");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, grps);
	CHECK_EQ(genl_parse_family(nlh, "events", &id, &grp), 0);
	CHECK_EQ(grp, 0);
	/* too short */
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK_EQ(genl_parse_family(nlh, "events", &id, &grp), -1);
}

static void put_stats(struct nlmsghdr *nlh, uint64_t base)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, L2TPSEC_A_STATS);

	for (int t = L2TPSEC_STATS_RX_PACKETS; t <= L2TPSEC_STATS_MAX; t++)
		mnl_attr_put_u64(nlh, (uint16_t)t,
				 t >= L2TPSEC_STATS_DROP_AUTH && t != L2TPSEC_STATS_DROP_REPLAY
				 ? 0 : base + (uint64_t)t);
	mnl_attr_put_u64(nlh, 99, 1);	/* a newer counter: ignored */
	mnl_attr_nest_end(nlh, n);
}

static struct nlmsghdr *sa_reply(void *b)
{
	struct nlmsghdr *nlh = msg_start(b, FAM, L2TPSEC_CMD_SA_GET);

	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x2001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_IN);
	mnl_attr_put_u32(nlh, L2TPSEC_A_LOCAL_IP4, htonl(0x0a000001));
	mnl_attr_put_u32(nlh, L2TPSEC_A_PEER_IP4, htonl(0x0a000002));
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ALG, L2TPSEC_ALG_AES_GCM_256);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ENCAP, L2TPSEC_ENCAP_UDP);
	mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_LOCAL_PORT, 4500);
	mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_PEER_PORT, 4501);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_REPLAY_WINDOW, 128);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ESN, 1);
	mnl_attr_put_u64(nlh, L2TPSEC_A_SA_SEQ, 42);
	mnl_attr_put_u64(nlh, L2TPSEC_A_SA_LIFE_HARD_PACKETS, 1000);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_LIFE_SOFT_SECONDS, 60);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_STATE, L2TPSEC_SA_STATE_SOFT_EXPIRED);
	mnl_attr_put_u64(nlh, L2TPSEC_A_SA_AGE, 7);
	mnl_attr_put_strz(nlh, L2TPSEC_A_SA_DRIVER, "__rfc4106-gcm-aesni");
	mnl_attr_put(nlh, 200, 3, "new");	/* unknown attribute: ignored */
	put_stats(nlh, 100);
	return nlh;
}

static void t_sa_reply(void)
{
	struct nlmsghdr *nlh = sa_reply(buf);
	struct l2s_sa s;
	struct json j;
	char *out;

	CHECK_EQ(sa_parse(nlh, &s), 0);
	CHECK_EQ(s.spi, 0x2001);
	CHECK_EQ(s.life[SA_LIFE_HARD_PACKETS], 1000);
	CHECK_EQ(s.life[SA_LIFE_SOFT_TIME], 60);
	CAPTURE(&out, sa_print_text(f, &s));
	CHECK_STR(out,
		  "sa spi 0x00002001 dir in local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-256 encap udp sport 4500 dport 4501\n"
		  "    state soft-expired age 7 seq 42 replay-window 128 esn on driver __rfc4106-gcm-aesni\n"
		  "    lifetime hard-packets 1000 soft-time 60\n"
		  "    rx-packets 102 rx-bytes 103 tx-packets 104 tx-bytes 105 drop-replay 107\n");
	free(out);
	CAPTURE(&out, (json_init(&j, f), sa_print_json(&j, &s)));
	CHECK_STR(out,
		  "{\"spi\":8193,\"dir\":\"in\",\"local\":\"10.0.0.1\",\"peer\":\"10.0.0.2\","
		  "\"alg\":\"aes-gcm-256\",\"encap\":\"udp\",\"sport\":4500,\"dport\":4501,"
		  "\"replay_window\":128,\"esn\":true,\"driver\":\"__rfc4106-gcm-aesni\",\"seq\":42,\"state\":\"soft-expired\","
		  "\"age\":7,\"lifetime\":{\"soft_bytes\":0,\"hard_bytes\":0,\"soft_packets\":0,"
		  "\"hard_packets\":1000,\"soft_time\":60,\"hard_time\":0},"
		  "\"stats\":{\"rx_packets\":102,\"rx_bytes\":103,\"tx_packets\":104,"
		  "\"tx_bytes\":105,\"drop_auth\":0,\"drop_replay\":107,"
		  "\"drop_unknown_spi\":0,\"drop_malformed\":0,\"drop_no_session\":0,"
		  "\"drop_cleartext\":0,\"drop_expired\":0,\"drop_no_sa\":0,"
		  "\"drop_seq\":0,\"drop_tx_error\":0,\"drop_busy\":0,\"drop_sa_mismatch\":0,\"mapping_events\":0}}");
	free(out);

	/* unknown enum values are shown, not dropped */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x300);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, 9);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ALG, 99);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_STATE, 7);
	CHECK_EQ(sa_parse(nlh, &s), 0);
	CAPTURE(&out, (json_init(&j, f), sa_print_json(&j, &s)));
	CHECK_HAS(out, "\"dir\":\"unknown-9\",\"local\":null,\"peer\":null,\"alg\":\"unknown-99\"");
	CHECK_HAS(out, "\"state\":\"unknown-7\"");
	CHECK_HAS(out, "\"driver\":null");
	CHECK_HAS(out, "\"stats\":{\"rx_packets\":null");
	free(out);
}

static void t_malformed_attrs(void)
{
	struct nlmsghdr *nlh;
	struct l2s_sa s;
	attr_tb tb;
	int bad;

	/* wrong size for a known attribute */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, 1);
	mnl_attr_put_u16(nlh, L2TPSEC_A_SA_SPI, 0x300);
	CHECK_EQ(attrs_parse(nlh, tb, &bad), -1);
	CHECK_EQ(bad, L2TPSEC_A_SA_SPI);
	CHECK(tb[L2TPSEC_A_SA_DIR] == NULL);
	CHECK_EQ(sa_parse(nlh, &s), -1);
	/* truncated attribute at the end */
	nlh = sa_reply(buf);
	nlh->nlmsg_len -= 3;
	CHECK_EQ(sa_parse(nlh, &s), -1);
	/* attribute header with a length below 4 */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x300);
	{
		struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

		a->nla_len = 2;
		a->nla_type = L2TPSEC_A_SA_DIR;
		nlh->nlmsg_len += 4;
	}
	CHECK_EQ(attrs_parse(nlh, tb, &bad), -1);
	/* trailing garbage shorter than an attribute header */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x300);
	nlh->nlmsg_len += 2;
	CHECK_EQ(attrs_parse(nlh, tb, &bad), -1);
	/* shorter than the genl header */
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK_EQ(attrs_parse(nlh, tb, &bad), -1);
	CHECK_EQ(bad, 0);
	/* last attribute without its padding is fine */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, 2);
	nlh->nlmsg_len -= 3;
	CHECK_EQ(attrs_parse(nlh, tb, &bad), 0);
	CHECK(tb[L2TPSEC_A_SA_DIR] != NULL);
	/* address of the wrong size */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_TUNNEL_GET);
	mnl_attr_put(nlh, L2TPSEC_A_PEER_IP4, 16, "0123456789abcdef");
	CHECK_EQ(attrs_parse(nlh, tb, &bad), -1);
	CHECK_EQ(bad, L2TPSEC_A_PEER_IP4);
}

static void t_stats_nest(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *n;
	struct l2_stats st;
	char *out;

	/* a counter that is not a u64 */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_STATS_GET);
	n = mnl_attr_nest_start(nlh, L2TPSEC_A_STATS);
	mnl_attr_put_u32(nlh, L2TPSEC_STATS_RX_PACKETS, 1);
	mnl_attr_nest_end(nlh, n);
	CHECK_EQ(stats_parse_msg(nlh, &st), -1);
	/* a nest whose last counter is cut */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_STATS_GET);
	n = mnl_attr_nest_start(nlh, L2TPSEC_A_STATS);
	mnl_attr_put_u64(nlh, L2TPSEC_STATS_RX_PACKETS, 1);
	mnl_attr_put_u64(nlh, L2TPSEC_STATS_TX_PACKETS, 2);
	mnl_attr_nest_end(nlh, n);
	n->nla_len -= 4;
	nlh->nlmsg_len -= 4;
	CHECK_EQ(stats_parse_msg(nlh, &st), -1);
	/* valid: drops only when non-zero in text, always in JSON */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_STATS_GET);
	put_stats(nlh, 0);
	CHECK_EQ(stats_parse_msg(nlh, &st), 0);
	CHECK(st.present);
	CAPTURE(&out, stats_print_text(f, &st));
	CHECK_STR(out, "rx-packets 2 rx-bytes 3 tx-packets 4 tx-bytes 5 drop-replay 7");
	free(out);
	/* no STATS at all */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_STATS_GET);
	CHECK_EQ(stats_parse_msg(nlh, &st), 0);
	CHECK(!st.present);
}

static void t_tunnel_session_encap(void)
{
	struct nlmsghdr *nlh;
	struct l2s_tunnel t;
	struct l2s_session s;
	struct l2s_encap e;
	struct json j;
	char *out;

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_TUNNEL_GET);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, 10);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_PEER_ID, 20);
	mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_VERSION, 3);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_SA_OUT, 0);
	CHECK_EQ(tunnel_parse(nlh, &t), 0);
	CAPTURE(&out, (json_init(&j, f), tunnel_print_json(&j, &t)));
	CHECK_HAS(out, "{\"id\":10,\"peer_id\":20,\"version\":3,\"local\":null,\"peer\":null,"
		       "\"sport\":null,\"dport\":null,\"sa_out\":null,\"esp_required\":false");
	free(out);
	CAPTURE(&out, tunnel_print_text(f, &t));
	CHECK_STR(out, "tunnel id 10 peer-id 20 version 3 local - peer - sa-out none esp-required off\n");
	free(out);
	CAPTURE(&out, (json_init(&j, f), tunnel_print_json(&j, &t)));
	CHECK_HAS(out, "\"esp_required\":false,\"sa_in\":[],\"stats\"");
	free(out);
	{
		uint32_t in[2] = { 0x2001, 0x2002 };

		mnl_attr_put(nlh, L2TPSEC_A_TUNNEL_SA_IN, sizeof(in), in);
	}
	CHECK_EQ(tunnel_parse(nlh, &t), 0);
	CAPTURE(&out, (json_init(&j, f), tunnel_print_json(&j, &t)));
	CHECK_HAS(out, "\"sa_in\":[8193,8194]");
	free(out);
	CAPTURE(&out, tunnel_print_text(f, &t));
	CHECK_STR(out, "tunnel id 10 peer-id 20 version 3 local - peer - sa-out none "
		       "sa-in 0x00002001,0x00002002 esp-required off\n");
	free(out);

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SESSION_GET);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, 10);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, 100);
	mnl_attr_put_u16(nlh, L2TPSEC_A_SESSION_PW_TYPE, L2TPSEC_PWTYPE_PPP);
	mnl_attr_put_strz(nlh, L2TPSEC_A_SESSION_IFNAME, "e\x1b\"x");
	mnl_attr_put(nlh, L2TPSEC_A_SESSION_COOKIE, 4, "\x01\x02\x03\x04");
	CHECK_EQ(session_parse(nlh, &s), 0);
	CAPTURE(&out, session_print_text(f, &s));
	CHECK_HAS(out, "session tunnel 10 id 100 pw ppp ifname e\\x1b\"x\n");
	CHECK_HAS(out, "cookie 01020304");
	free(out);
	CAPTURE(&out, (json_init(&j, f), session_print_json(&j, &s)));
	CHECK_HAS(out, "\"ifname\":\"e\\u001b\\\"x\"");
	CHECK_HAS(out, "\"cookie\":\"01020304\",\"peer_cookie\":\"\"");
	free(out);
	/* ifname not NUL-terminated, too long; cookie too long */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SESSION_GET);
	mnl_attr_put(nlh, L2TPSEC_A_SESSION_IFNAME, 4, "eth0");
	CHECK_EQ(session_parse(nlh, &s), -1);
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SESSION_GET);
	mnl_attr_put_strz(nlh, L2TPSEC_A_SESSION_IFNAME, "0123456789abcdef");
	CHECK_EQ(session_parse(nlh, &s), -1);
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SESSION_GET);
	mnl_attr_put(nlh, L2TPSEC_A_SESSION_PEER_COOKIE, 9, "012345678");
	CHECK_EQ(session_parse(nlh, &s), -1);

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_ENCAP_GET);
	mnl_attr_put_u16(nlh, L2TPSEC_A_ENCAP_PORT, 4500);
	mnl_attr_put_u32(nlh, L2TPSEC_A_ENCAP_USERS, 2);
	CHECK_EQ(encap_parse(nlh, &e), 0);
	CAPTURE(&out, encap_print_text(f, &e));
	CHECK_STR(out, "encap port 4500 users 2\n");
	free(out);
	mnl_attr_put_u8(nlh, L2TPSEC_A_ENCAP_PORT, 1);
	CHECK_EQ(encap_parse(nlh, &e), -1);
}

static struct nlmsghdr *ev_ctrl(void *b, bool spi)
{
	struct nlmsghdr *nlh = msg_start(b, FAM, L2TPSEC_CMD_CTRL_RECV);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, 10);
	mnl_attr_put_u32(nlh, L2TPSEC_A_PEER_IP4, htonl(0x0a000002));
	mnl_attr_put_u16(nlh, L2TPSEC_A_TUNNEL_PEER_PORT, 1701);
	if (spi)
		mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x2001);
	mnl_attr_put(nlh, L2TPSEC_A_PAYLOAD, 4, "\xc8\x02\x00\x0c");
	return nlh;
}

static void t_events(void)
{
	struct nlmsghdr *nlh;
	struct l2s_event ev;
	char *out;

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_EXPIRE);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x1001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_OUT);
	mnl_attr_put_u32(nlh, L2TPSEC_A_LOCAL_IP4, htonl(0x0a000001));
	mnl_attr_put_u32(nlh, L2TPSEC_A_PEER_IP4, htonl(0x0a000002));
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_EXPIRE_KIND, L2TPSEC_EXPIRE_PACKETS);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_EXPIRE_HARD, 1);
	CHECK_EQ(event_parse(nlh, &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "sa-expire spi 0x1001 dir out kind packets hard\n");
	free(out);
	CAPTURE(&out, event_print(f, true, &ev));
	CHECK_STR(out, "{\"event\":\"sa-expire\",\"spi\":4097,\"dir\":\"out\",\"kind\":\"packets\",\"hard\":true}\n");
	free(out);
	/* soft, unknown kind */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_EXPIRE);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x1001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_IN);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_EXPIRE_KIND, 9);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_EXPIRE_HARD, 0);
	CHECK_EQ(event_parse(nlh, &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "sa-expire spi 0x1001 dir in kind unknown-9 soft\n");
	free(out);

	CHECK_EQ(event_parse(ev_ctrl(buf, true), &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "ctrl-recv tunnel 10 peer 10.0.0.2 port 1701 spi 0x2001 payload c802000c\n");
	free(out);
	CAPTURE(&out, event_print(f, true, &ev));
	CHECK_STR(out, "{\"event\":\"ctrl-recv\",\"tunnel\":10,\"peer\":\"10.0.0.2\",\"port\":1701,\"spi\":8193,\"payload\":\"c802000c\"}\n");
	free(out);
	CHECK_EQ(event_parse(ev_ctrl(buf, false), &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "ctrl-recv tunnel 10 peer 10.0.0.2 port 1701 spi - payload c802000c\n");
	free(out);
	CAPTURE(&out, event_print(f, true, &ev));
	CHECK_HAS(out, "\"spi\":null,");
	free(out);

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_PPP_RECV);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, 10);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, 100);
	mnl_attr_put(nlh, L2TPSEC_A_PAYLOAD, 2, "\xc0\x21");
	CHECK_EQ(event_parse(nlh, &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "ppp-recv tunnel 10 session 100 payload c021\n");
	free(out);
	CAPTURE(&out, event_print(f, true, &ev));
	CHECK_STR(out, "{\"event\":\"ppp-recv\",\"tunnel\":10,\"session\":100,\"payload\":\"c021\"}\n");
	free(out);

	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_MAPPING);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x1001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_IN);
	mnl_attr_put_u32(nlh, L2TPSEC_A_LOCAL_IP4, htonl(0x0a000001));
	mnl_attr_put_u32(nlh, L2TPSEC_A_PEER_IP4, htonl(0xc0000207));
	mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_PEER_PORT, 40001);
	CHECK_EQ(event_parse(nlh, &ev), 1);
	CAPTURE(&out, event_print(f, false, &ev));
	CHECK_STR(out, "sa-mapping spi 0x1001 dir in peer 192.0.2.7 dport 40001\n");
	free(out);
	CAPTURE(&out, event_print(f, true, &ev));
	CHECK_STR(out, "{\"event\":\"sa-mapping\",\"spi\":4097,\"dir\":\"in\",\"peer\":\"192.0.2.7\",\"dport\":40001}\n");
	free(out);
	/* without the port: malformed */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_MAPPING);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, 0x1001);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, L2TPSEC_DIR_IN);
	mnl_attr_put_u32(nlh, L2TPSEC_A_PEER_IP4, htonl(0xc0000207));
	CHECK_EQ(event_parse(nlh, &ev), -1);

	/* missing what the event must carry; not an event; too short */
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_PPP_RECV);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, 10);
	CHECK_EQ(event_parse(nlh, &ev), -1);
	nlh = msg_start(buf, FAM, L2TPSEC_CMD_SA_GET);
	CHECK_EQ(event_parse(nlh, &ev), 0);
	nlh->nlmsg_len = NLMSG_HDRLEN;
	CHECK_EQ(event_parse(nlh, &ev), -1);
}

static void t_monitor_stream(void)
{
	struct nlmsghdr *a, *b;
	size_t la, lb, total;
	char *out, *err;
	int n;

	/* two events, a NOOP and another family's message in one datagram */
	a = ev_ctrl(buf2, false);
	la = a->nlmsg_len;
	b = msg_start(buf2 + la, 0x77, L2TPSEC_CMD_CTRL_RECV);
	lb = b->nlmsg_len;
	b = ev_ctrl(buf2 + la + lb, true);
	total = la + lb + b->nlmsg_len;
	{
		size_t errlen;
		FILE *ef = open_memstream(&err, &errlen);

		CAPTURE(&out, n = monitor_handle(f, ef, false, FAM, buf2, total));
		fclose(ef);
	}
	CHECK_EQ(n, 2);
	CHECK_STR(out, "ctrl-recv tunnel 10 peer 10.0.0.2 port 1701 spi - payload c802000c\n"
		       "ctrl-recv tunnel 10 peer 10.0.0.2 port 1701 spi 0x2001 payload c802000c\n");
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* cut in the middle of the second event: only the first is printed */
	{
		size_t errlen;
		FILE *ef = open_memstream(&err, &errlen);

		CAPTURE(&out, n = monitor_handle(f, ef, true, FAM, buf2,
						 total - 5));
		fclose(ef);
	}
	CHECK_EQ(n, 1);
	CHECK_HAS(out, "{\"event\":\"ctrl-recv\"");
	free(out);
	free(err);

	/* a malformed event is reported and skipped */
	a = ev_ctrl(buf2, true);
	la = a->nlmsg_len;
	b = msg_start(buf2 + la, FAM, L2TPSEC_CMD_SA_EXPIRE);
	mnl_attr_put_u16(b, L2TPSEC_A_SA_SPI, 1);
	{
		size_t errlen;
		FILE *ef = open_memstream(&err, &errlen);

		CAPTURE(&out, n = monitor_handle(f, ef, false, FAM, buf2,
						 la + b->nlmsg_len));
		fclose(ef);
	}
	CHECK_EQ(n, 1);
	CHECK_STR(err, "l2tpsec: malformed event ignored\n");
	free(out);
	free(err);

	/* shorter than a header */
	{
		size_t errlen;
		FILE *ef = open_memstream(&err, &errlen);

		CAPTURE(&out, n = monitor_handle(f, ef, false, FAM, buf2, 10));
		fclose(ef);
	}
	CHECK_EQ(n, 0);
	CHECK_STR(out, "");
	free(out);
	free(err);
}

/* Found by fuzz_events: libmnl's mnl_nlmsg_ok() takes nlmsg_len >= 2^31
 * for a negative int and mnl_nlmsg_next() then walks backwards. */
static void t_huge_nlmsg_len(void)
{
	static const unsigned char crash[] = {
		0xd0, 0xff, 0xff, 0xff, 0xd5, 0xff, 0xff, 0xfa, 0x01, 0, 0, 0,
		0, 0, 0, 0, 0x13, 0x01, 0, 0, 0x08, 0, 0x1f, 0, 0x0a, 0, 0, 0,
		0x08, 0, 0x26, 0, 0x64, 0, 0, 0, 0x0a, 0, 0x31, 0, 0xc0, 0x21,
		0x01, 0x01, 0, 0x04, 0, 0,
	};
	struct nlmsghdr *nlh;
	size_t len = 20;
	char *out, *err;
	int n;

	memcpy(buf, crash, sizeof(crash));
	CHECK(!nl_msg_ok((struct nlmsghdr *)buf, sizeof(crash)));
	CHECK(!nl_buf_ok(buf, sizeof(crash)));
	{
		size_t errlen;
		FILE *ef = open_memstream(&err, &errlen);

		CAPTURE(&out, n = monitor_handle(f, ef, false, 0xffd5, buf,
						 sizeof(crash)));
		fclose(ef);
	}
	CHECK_EQ(n, 0);
	free(out);
	free(err);

	nlh = msg_start(buf, FAM, 1);
	CHECK(nl_msg_ok(nlh, 20));
	CHECK(!nl_msg_ok(nlh, 19));
	CHECK(nl_buf_ok(buf, 20));
	CHECK(!nl_buf_ok(buf, 22));	/* trailing bytes */
	CHECK(nl_msg_next(nlh, &len) == nlh);
	CHECK_EQ(len, 0);
	nlh->nlmsg_len = 8;
	CHECK(!nl_msg_ok(nlh, 20));
}

const struct test_case reply_tests[] = {
	T(t_huge_nlmsg_len),
	T(t_err_extack), T(t_err_malformed), T(t_family), T(t_sa_reply),
	T(t_malformed_attrs), T(t_stats_nest), T(t_tunnel_session_encap),
	T(t_events), T(t_monitor_stream), T_END
};
