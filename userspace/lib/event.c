// SPDX-License-Identifier: GPL-2.0
/* The module's events (event.h). */
#include <string.h>

#include "attrs.h"
#include "event.h"

#define EHAS(ev, a) ((ev)->has & BIT(a))

int event_parse(const struct nlmsghdr *nlh, struct l2s_event *ev)
{
	attr_tb tb;
	int cmd, bad;

	memset(ev, 0, sizeof(*ev));
	cmd = attrs_genl_cmd(nlh);
	if (cmd < 0)
		return -1;
	if (cmd != L2TPSEC_CMD_SA_EXPIRE && cmd != L2TPSEC_CMD_CTRL_RECV &&
	    cmd != L2TPSEC_CMD_PPP_RECV && cmd != L2TPSEC_CMD_SA_MAPPING)
		return 0;
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	ev->cmd = (uint8_t)cmd;
	ev->has = attrs_present(tb);
	if (tb[L2TPSEC_A_SA_SPI])
		ev->spi = mnl_attr_get_u32(tb[L2TPSEC_A_SA_SPI]);
	if (tb[L2TPSEC_A_SA_DIR])
		ev->dir = mnl_attr_get_u8(tb[L2TPSEC_A_SA_DIR]);
	if (tb[L2TPSEC_A_SA_EXPIRE_KIND])
		ev->kind = mnl_attr_get_u8(tb[L2TPSEC_A_SA_EXPIRE_KIND]);
	if (tb[L2TPSEC_A_SA_EXPIRE_HARD])
		ev->hard = mnl_attr_get_u8(tb[L2TPSEC_A_SA_EXPIRE_HARD]);
	if (tb[L2TPSEC_A_TUNNEL_ID])
		ev->tunnel = mnl_attr_get_u32(tb[L2TPSEC_A_TUNNEL_ID]);
	if (tb[L2TPSEC_A_SESSION_ID])
		ev->session = mnl_attr_get_u32(tb[L2TPSEC_A_SESSION_ID]);
	if (tb[L2TPSEC_A_TUNNEL_PEER_PORT])
		ev->port = mnl_attr_get_u16(tb[L2TPSEC_A_TUNNEL_PEER_PORT]);
	if (tb[L2TPSEC_A_SA_ENCAP_PEER_PORT])
		ev->port = mnl_attr_get_u16(tb[L2TPSEC_A_SA_ENCAP_PEER_PORT]);
	attrs_get_addr(tb, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &ev->peer);
	if (tb[L2TPSEC_A_PAYLOAD]) {
		ev->payload = mnl_attr_get_payload(tb[L2TPSEC_A_PAYLOAD]);
		ev->len = mnl_attr_get_payload_len(tb[L2TPSEC_A_PAYLOAD]);
	}

	/* what each event must carry to be printed meaningfully */
	switch (cmd) {
	case L2TPSEC_CMD_SA_EXPIRE:
		if (!EHAS(ev, L2TPSEC_A_SA_SPI) || !EHAS(ev, L2TPSEC_A_SA_DIR) ||
		    !EHAS(ev, L2TPSEC_A_SA_EXPIRE_KIND))
			return -1;
		break;
	case L2TPSEC_CMD_CTRL_RECV:
		if (!EHAS(ev, L2TPSEC_A_TUNNEL_ID) ||
		    !EHAS(ev, L2TPSEC_A_PAYLOAD))
			return -1;
		break;
	case L2TPSEC_CMD_SA_MAPPING:
		if (!EHAS(ev, L2TPSEC_A_SA_SPI) || !EHAS(ev, L2TPSEC_A_SA_DIR) ||
		    !EHAS(ev, L2TPSEC_A_PEER_IP4) ||
		    !EHAS(ev, L2TPSEC_A_SA_ENCAP_PEER_PORT))
			return -1;
		break;
	case L2TPSEC_CMD_PPP_RECV:
		if (!EHAS(ev, L2TPSEC_A_TUNNEL_ID) ||
		    !EHAS(ev, L2TPSEC_A_SESSION_ID) ||
		    !EHAS(ev, L2TPSEC_A_PAYLOAD))
			return -1;
		break;
	}
	return 1;
}
