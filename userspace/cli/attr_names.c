// SPDX-License-Identifier: GPL-2.0
/* The CLI keyword of each attribute, to name the one a kernel error
 * points at ("attribute 'spi'"). */
#include "cli.h"
#include "l2tpsec.h"

static const struct {
	uint16_t type;
	const char *kw;
} keywords[] = {
	{ L2TPSEC_A_LOCAL_IP4, "local" },
	{ L2TPSEC_A_PEER_IP4, "peer" },
	{ L2TPSEC_A_LOCAL_IP6, "local" },
	{ L2TPSEC_A_PEER_IP6, "peer" },
	{ L2TPSEC_A_SA_SPI, "spi" },
	{ L2TPSEC_A_SA_DIR, "dir" },
	{ L2TPSEC_A_SA_ALG, "alg" },
	{ L2TPSEC_A_SA_ENC_KEY, "key" },
	{ L2TPSEC_A_SA_AUTH_KEY, "auth-key" },
	{ L2TPSEC_A_SA_ENCAP, "encap" },
	{ L2TPSEC_A_SA_ENCAP_LOCAL_PORT, "sport" },
	{ L2TPSEC_A_SA_ENCAP_PEER_PORT, "dport" },
	{ L2TPSEC_A_SA_REPLAY_WINDOW, "replay-window" },
	{ L2TPSEC_A_SA_ESN, "esn" },
	{ L2TPSEC_A_SA_SEQ, "seq" },
	{ L2TPSEC_A_SA_LIFE_SOFT_BYTES, "soft-bytes" },
	{ L2TPSEC_A_SA_LIFE_HARD_BYTES, "hard-bytes" },
	{ L2TPSEC_A_SA_LIFE_SOFT_PACKETS, "soft-packets" },
	{ L2TPSEC_A_SA_LIFE_HARD_PACKETS, "hard-packets" },
	{ L2TPSEC_A_SA_LIFE_SOFT_SECONDS, "soft-time" },
	{ L2TPSEC_A_SA_LIFE_HARD_SECONDS, "hard-time" },
	{ L2TPSEC_A_SA_STATE, "state" },
	{ L2TPSEC_A_SA_AGE, "age" },
	{ L2TPSEC_A_SA_EXPIRE_KIND, "kind" },
	{ L2TPSEC_A_SA_EXPIRE_HARD, "hard" },
	{ L2TPSEC_A_STATS, "stats" },
	{ L2TPSEC_A_ENCAP_FD, "port (socket)" },
	{ L2TPSEC_A_ENCAP_PORT, "port" },
	{ L2TPSEC_A_ENCAP_USERS, "users" },
	{ L2TPSEC_A_TUNNEL_ID, "id" },
	{ L2TPSEC_A_TUNNEL_PEER_ID, "peer-id" },
	{ L2TPSEC_A_TUNNEL_VERSION, "version" },
	{ L2TPSEC_A_TUNNEL_LOCAL_PORT, "sport" },
	{ L2TPSEC_A_TUNNEL_PEER_PORT, "dport" },
	{ L2TPSEC_A_TUNNEL_SA_OUT, "sa-out" },
	{ L2TPSEC_A_TUNNEL_ESP_REQUIRED, "esp-required" },
	{ L2TPSEC_A_SESSION_ID, "id" },
	{ L2TPSEC_A_SESSION_PEER_ID, "peer-id" },
	{ L2TPSEC_A_SESSION_PW_TYPE, "pw" },
	{ L2TPSEC_A_SESSION_IFNAME, "name" },
	{ L2TPSEC_A_SESSION_IFINDEX, "ifindex" },
	{ L2TPSEC_A_SESSION_COOKIE, "cookie" },
	{ L2TPSEC_A_SESSION_PEER_COOKIE, "peer-cookie" },
	{ L2TPSEC_A_SESSION_L2SPEC, "l2spec" },
	{ L2TPSEC_A_SESSION_SEND_SEQ, "seq" },
	{ L2TPSEC_A_SESSION_RECV_SEQ, "seq" },
	{ L2TPSEC_A_SESSION_MTU, "mtu" },
	{ L2TPSEC_A_PAYLOAD, "payload" },
	{ L2TPSEC_A_SA_DRIVER, "driver" },
	{ L2TPSEC_A_TUNNEL_SA_IN, "sa-in" },
};

const char *attr_keyword(int cmd, int type)
{
	const char *kw = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].type == type)
			kw = keywords[i].kw;
	if (!kw)
		return NULL;
	/* in session commands the tunnel id is given as "tunnel ID" */
	if (type == L2TPSEC_A_TUNNEL_ID &&
	    (cmd == L2TPSEC_CMD_SESSION_NEW || cmd == L2TPSEC_CMD_SESSION_DEL ||
	     cmd == L2TPSEC_CMD_SESSION_GET))
		return "tunnel";
	/* ctrl/ppp send: "tunnel ID [session ID] hex HEX" */
	if (cmd == L2TPSEC_CMD_CTRL_SEND || cmd == L2TPSEC_CMD_PPP_SEND) {
		if (type == L2TPSEC_A_TUNNEL_ID)
			return "tunnel";
		if (type == L2TPSEC_A_SESSION_ID)
			return "session";
		if (type == L2TPSEC_A_PAYLOAD)
			return "hex";
	}
	return kw;
}
