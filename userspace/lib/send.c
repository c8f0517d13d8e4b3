// SPDX-License-Identifier: GPL-2.0
/* L2TP control messages and PPP frames sent by userspace (send.h). */
#include <errno.h>
#include <string.h>

#include "nl.h"
#include "send.h"

struct nlmsghdr *ctrl_build_send(void *buf, uint16_t family, uint32_t tunnel,
				 const uint8_t *msg, size_t len)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family, L2TPSEC_CMD_CTRL_SEND,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, tunnel);
	mnl_attr_put(nlh, L2TPSEC_A_PAYLOAD, len, msg);
	return nlh;
}

struct nlmsghdr *ppp_build_send(void *buf, uint16_t family, uint32_t tunnel,
				uint32_t session, const uint8_t *frame,
				size_t len)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family, L2TPSEC_CMD_PPP_SEND,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_TUNNEL_ID, tunnel);
	mnl_attr_put_u32(nlh, L2TPSEC_A_SESSION_ID, session);
	mnl_attr_put(nlh, L2TPSEC_A_PAYLOAD, len, frame);
	return nlh;
}

static int too_long(struct l2s_kerr *ke, int cmd)
{
	memset(ke, 0, sizeof(*ke));
	ke->error = EMSGSIZE;
	ke->cmd = cmd;
	ke->attr = ke->missing = -1;
	return -EMSGSIZE;
}

/* Payloads may carry secrets (CHAP, tunnel authentication). */
static int send_wiped(struct l2s *k, struct nlmsghdr *req, void *buf,
		      struct l2s_kerr *ke)
{
	int rc = l2s_request(k, req, NULL, NULL, ke);

	explicit_bzero(buf, L2S_SEND_REQ_SIZE);
	return rc;
}

int l2s_ctrl_send(struct l2s *k, uint32_t tunnel, const uint8_t *msg,
		  size_t len, struct l2s_kerr *ke)
{
	static char buf[L2S_SEND_REQ_SIZE];

	if (len > L2TPSEC_PAYLOAD_MAX)
		return too_long(ke, L2TPSEC_CMD_CTRL_SEND);
	return send_wiped(k, ctrl_build_send(buf, l2s_family(k), tunnel, msg,
					     len), buf, ke);
}

int l2s_ppp_send(struct l2s *k, uint32_t tunnel, uint32_t session,
		 const uint8_t *frame, size_t len, struct l2s_kerr *ke)
{
	static char buf[L2S_SEND_REQ_SIZE];

	if (len > L2TPSEC_PAYLOAD_MAX)
		return too_long(ke, L2TPSEC_CMD_PPP_SEND);
	return send_wiped(k, ppp_build_send(buf, l2s_family(k), tunnel,
					    session, frame, len), buf, ke);
}
