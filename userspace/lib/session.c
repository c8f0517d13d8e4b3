// SPDX-License-Identifier: GPL-2.0
/* L2TP sessions (session.h): requests, replies, calls. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attrs.h"
#include "nl.h"
#include "session.h"

#define HAS_A(s, a) ((s)->has & BIT(a))

struct nlmsghdr *session_build_new(void *buf, uint16_t family,
				   const struct l2s_session *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_SESSION_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, p->tunnel);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, p->id);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_PEER_ID, p->peer_id);
	if (HAS_A(p, L2TPSEC_A_SESSION_IFNAME))
		mnl_attr_put_strz(nlh, L2TPSEC_A_SESSION_IFNAME, p->ifname);
	if (HAS_A(p, L2TPSEC_A_SESSION_PW_TYPE))
		mnl_attr_put_u16(nlh, L2TPSEC_A_SESSION_PW_TYPE, p->pw);
	if (HAS_A(p, L2TPSEC_A_SESSION_COOKIE))
		mnl_attr_put(nlh, L2TPSEC_A_SESSION_COOKIE, p->cookie_len,
			     p->cookie);
	if (HAS_A(p, L2TPSEC_A_SESSION_PEER_COOKIE))
		mnl_attr_put(nlh, L2TPSEC_A_SESSION_PEER_COOKIE,
			     p->peer_cookie_len, p->peer_cookie);
	if (HAS_A(p, L2TPSEC_A_SESSION_L2SPEC))
		mnl_attr_put_u8(nlh, L2TPSEC_A_SESSION_L2SPEC, p->l2spec);
	if (HAS_A(p, L2TPSEC_A_SESSION_SEND_SEQ))
		mnl_attr_put_u8(nlh, L2TPSEC_A_SESSION_SEND_SEQ, p->send_seq);
	if (HAS_A(p, L2TPSEC_A_SESSION_RECV_SEQ))
		mnl_attr_put_u8(nlh, L2TPSEC_A_SESSION_RECV_SEQ, p->recv_seq);
	if (HAS_A(p, L2TPSEC_A_SESSION_MTU))
		mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_MTU, p->mtu);
	return nlh;
}

struct nlmsghdr *session_build_del(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_SESSION_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, tunnel);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, id);
	return nlh;
}

struct nlmsghdr *session_build_get(void *buf, uint16_t family,
				   uint32_t tunnel, uint32_t id)
{
	struct nlmsghdr *nlh = nl_req_get(buf, family, L2TPSEC_CMD_SESSION_GET,
					  id != 0);

	if (id) {
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, tunnel);
		mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, id);
	}
	return nlh;
}

int session_parse(const struct nlmsghdr *nlh, void *item)
{
	struct l2s_session *s = item;
	attr_tb tb;
	int bad;

	memset(s, 0, sizeof(*s));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	s->has = attrs_present(tb);
	if (tb[L2TPSEC_A_TUNNEL_ID])
		s->tunnel = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_ID]);
	if (tb[L2TPSEC_A_SESSION_ID])
		s->id = mnl_attr_get_u32(tb[L2TPSEC_A_SESSION_ID]);
	if (tb[L2TPSEC_A_SESSION_PEER_ID])
		s->peer_id = mnl_attr_get_u32(tb[L2TPSEC_A_SESSION_PEER_ID]);
	if (tb[L2TPSEC_A_SESSION_IFINDEX])
		s->ifindex = mnl_attr_get_u32(tb[L2TPSEC_A_SESSION_IFINDEX]);
	if (tb[L2TPSEC_A_SESSION_MTU])
		s->mtu = mnl_attr_get_u32(tb[L2TPSEC_A_SESSION_MTU]);
	if (tb[L2TPSEC_A_SESSION_PW_TYPE])
		s->pw = mnl_attr_get_u16(tb[L2TPSEC_A_SESSION_PW_TYPE]);
	if (tb[L2TPSEC_A_SESSION_L2SPEC])
		s->l2spec = mnl_attr_get_u8(tb[L2TPSEC_A_SESSION_L2SPEC]);
	if (tb[L2TPSEC_A_SESSION_SEND_SEQ])
		s->send_seq = mnl_attr_get_u8(tb[L2TPSEC_A_SESSION_SEND_SEQ]);
	if (tb[L2TPSEC_A_SESSION_RECV_SEQ])
		s->recv_seq = mnl_attr_get_u8(tb[L2TPSEC_A_SESSION_RECV_SEQ]);
	if (tb[L2TPSEC_A_SESSION_IFNAME]) {
		/* validated: NUL-terminated within IFNAMSIZ bytes */
		snprintf(s->ifname, sizeof(s->ifname), "%s",
			 mnl_attr_get_str(tb[L2TPSEC_A_SESSION_IFNAME]));
	}
	if (tb[L2TPSEC_A_SESSION_COOKIE]) {
		s->cookie_len = mnl_attr_get_payload_len(tb[L2TPSEC_A_SESSION_COOKIE]);
		memcpy(s->cookie, mnl_attr_get_payload(tb[L2TPSEC_A_SESSION_COOKIE]),
		       s->cookie_len);
	}
	if (tb[L2TPSEC_A_SESSION_PEER_COOKIE]) {
		s->peer_cookie_len = mnl_attr_get_payload_len(tb[L2TPSEC_A_SESSION_PEER_COOKIE]);
		memcpy(s->peer_cookie,
		       mnl_attr_get_payload(tb[L2TPSEC_A_SESSION_PEER_COOKIE]),
		       s->peer_cookie_len);
	}
	if (tb[L2TPSEC_A_STATS] &&
	    stats_parse_nest(tb[L2TPSEC_A_STATS], &s->stats) < 0)
		return -1;
	return 0;
}

/* SESSION_NEW answers with the session it made (its interface). */
static int session_made_cb(const struct nlmsghdr *nlh, void *data)
{
	if (session_parse(nlh, data) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int l2s_session_add(struct l2s *k, const struct l2s_session *s,
		    struct l2s_session *made, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	if (made)
		memset(made, 0, sizeof(*made));
	return l2s_request(k, session_build_new(buf, l2s_family(k), s),
			   made ? session_made_cb : NULL, made, ke);
}

int l2s_session_del(struct l2s *k, uint32_t tunnel, uint32_t id,
		    struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, session_build_del(buf, l2s_family(k), tunnel, id),
			   NULL, NULL, ke);
}

int l2s_session_get(struct l2s *k, uint32_t tunnel, uint32_t id,
		    struct vec *out, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_get(k, session_build_get(buf, l2s_family(k), tunnel, id),
		       session_parse, out, ke);
}
