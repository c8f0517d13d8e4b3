// SPDX-License-Identifier: GPL-2.0
/* L2TP tunnels (tunnel.h): requests, replies, calls. */
#include <string.h>

#include "attrs.h"
#include "nl.h"
#include "tunnel.h"

#define HAS_A(s, a) ((s)->has & BIT(a))

struct nlmsghdr *tunnel_build_new(void *buf, uint16_t family,
				  const struct l2s_tunnel *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, p->id);
	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_PEER_ID, p->peer_id);
	mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_VERSION, p->version);
	attrs_put_addr(nlh, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &p->local);
	attrs_put_addr(nlh, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &p->peer);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_LOCAL_PORT))
		mnl_attr_put_u16(nlh, L2TPSEC_A_TUNNEL_LOCAL_PORT, p->sport);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_PEER_PORT))
		mnl_attr_put_u16(nlh, L2TPSEC_A_TUNNEL_PEER_PORT, p->dport);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_SA_OUT))
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_SA_OUT, p->sa_out);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_SA_IN) && p->n_sa_in)
		mnl_attr_put(nlh, L2TPSEC_A_TUNNEL_SA_IN,
			     p->n_sa_in * sizeof(uint32_t), p->sa_in);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_ESP_REQUIRED) && p->esp_required)
		mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_ESP_REQUIRED, 1);
	return nlh;
}

struct nlmsghdr *tunnel_build_set(void *buf, uint16_t family,
				  const struct l2s_tunnel *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_SET,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, p->id);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_SA_OUT))
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_SA_OUT, p->sa_out);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_SA_IN))
		mnl_attr_put(nlh, L2TPSEC_A_TUNNEL_SA_IN,
			     p->n_sa_in * sizeof(uint32_t), p->sa_in);
	if (HAS_A(p, L2TPSEC_A_TUNNEL_ESP_REQUIRED))
		mnl_attr_put_u8(nlh, L2TPSEC_A_TUNNEL_ESP_REQUIRED,
				p->esp_required ? 1 : 0);
	if (HAS_A(p, L2TPSEC_A_PEER_IP4))
		attrs_put_addr(nlh, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6,
			       &p->peer);
	return nlh;
}

struct nlmsghdr *tunnel_build_del(void *buf, uint16_t family, uint32_t id)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_TUNNEL_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, id);
	return nlh;
}

struct nlmsghdr *tunnel_build_get(void *buf, uint16_t family, uint32_t id)
{
	struct nlmsghdr *nlh = nl_req_get(buf, family, L2TPSEC_CMD_TUNNEL_GET,
					  id != 0);

	if (id) {
		mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, id);
	}
	return nlh;
}

int tunnel_parse(const struct nlmsghdr *nlh, void *item)
{
	struct l2s_tunnel *t = item;
	attr_tb tb;
	int bad;

	memset(t, 0, sizeof(*t));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	t->has = attrs_present(tb);
	if (tb[L2TPSEC_A_TUNNEL_ID])
		t->id = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_ID]);
	if (tb[L2TPSEC_A_TUNNEL_PEER_ID])
		t->peer_id = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_PEER_ID]);
	if (tb[L2TPSEC_A_TUNNEL_VERSION])
		t->version = mnl_attr_get_u8(tb[L2TPSEC_A_TUNNEL_VERSION]);
	attrs_get_addr(tb, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &t->local);
	attrs_get_addr(tb, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &t->peer);
	if (tb[L2TPSEC_A_TUNNEL_LOCAL_PORT])
		t->sport = mnl_attr_get_u16(tb[L2TPSEC_A_TUNNEL_LOCAL_PORT]);
	if (tb[L2TPSEC_A_TUNNEL_PEER_PORT])
		t->dport = mnl_attr_get_u16(tb[L2TPSEC_A_TUNNEL_PEER_PORT]);
	if (tb[L2TPSEC_A_TUNNEL_SA_OUT])
		t->sa_out = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_SA_OUT]);
	if (tb[L2TPSEC_A_TUNNEL_SA_IN]) {
		uint16_t len = mnl_attr_get_payload_len(tb[L2TPSEC_A_TUNNEL_SA_IN]);

		/* attrs_parse() bounds it to L2TPSEC_TUNNEL_SA_IN_MAX SPIs */
		if (len % sizeof(uint32_t))
			return -1;
		t->n_sa_in = len / sizeof(uint32_t);
		memcpy(t->sa_in, mnl_attr_get_payload(tb[L2TPSEC_A_TUNNEL_SA_IN]), len);
	}
	if (tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED])
		t->esp_required = mnl_attr_get_u8(tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED]) != 0;
	if (tb[L2TPSEC_A_STATS] &&
	    stats_parse_nest(tb[L2TPSEC_A_STATS], &t->stats) < 0)
		return -1;
	return 0;
}

int l2s_tunnel_add(struct l2s *k, const struct l2s_tunnel *t,
		   struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, tunnel_build_new(buf, l2s_family(k), t), NULL,
			   NULL, ke);
}

int l2s_tunnel_set(struct l2s *k, const struct l2s_tunnel *t,
		   struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, tunnel_build_set(buf, l2s_family(k), t), NULL,
			   NULL, ke);
}

int l2s_tunnel_del(struct l2s *k, uint32_t id, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, tunnel_build_del(buf, l2s_family(k), id), NULL,
			   NULL, ke);
}

int l2s_tunnel_get(struct l2s *k, uint32_t id, struct vec *out,
		   struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_get(k, tunnel_build_get(buf, l2s_family(k), id),
		       tunnel_parse, out, ke);
}
