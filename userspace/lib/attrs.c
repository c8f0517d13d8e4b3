// SPDX-License-Identifier: GPL-2.0
/* Attribute metadata and validation of kernel replies. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <net/if.h>

#include "attrs.h"

enum atype { AT_NONE, AT_U8, AT_U16, AT_U32, AT_U64, AT_BIN, AT_STR, AT_NEST };

struct attr_meta {
	enum atype t;
	uint16_t len;	/* exact length for AT_BIN if fixed, max for AT_STR */
	uint16_t max;	/* max length for AT_BIN (0: any) */
};

static const struct attr_meta meta[L2TPSEC_A_MAX + 1] = {
	[L2TPSEC_A_LOCAL_IP4]		= { AT_BIN, 4, 4 },
	[L2TPSEC_A_PEER_IP4]		= { AT_BIN, 4, 4 },
	[L2TPSEC_A_LOCAL_IP6]		= { AT_BIN, 16, 16 },
	[L2TPSEC_A_PEER_IP6]		= { AT_BIN, 16, 16 },
	[L2TPSEC_A_SA_SPI]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_SA_DIR]		= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_ALG]		= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_ENC_KEY]		= { AT_BIN, 0, 0 },
	[L2TPSEC_A_SA_AUTH_KEY]		= { AT_BIN, 0, 0 },
	[L2TPSEC_A_SA_ENCAP]		= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_ENCAP_LOCAL_PORT]	= { AT_U16, 0, 0 },
	[L2TPSEC_A_SA_ENCAP_PEER_PORT]	= { AT_U16, 0, 0 },
	[L2TPSEC_A_SA_REPLAY_WINDOW]	= { AT_U32, 0, 0 },
	[L2TPSEC_A_SA_ESN]		= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_SEQ]		= { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_LIFE_SOFT_BYTES]	= { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_LIFE_HARD_BYTES]	= { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_LIFE_SOFT_PACKETS] = { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_LIFE_HARD_PACKETS] = { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_LIFE_SOFT_SECONDS] = { AT_U32, 0, 0 },
	[L2TPSEC_A_SA_LIFE_HARD_SECONDS] = { AT_U32, 0, 0 },
	[L2TPSEC_A_SA_STATE]		= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_AGE]		= { AT_U64, 0, 0 },
	[L2TPSEC_A_SA_EXPIRE_KIND]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_SA_EXPIRE_HARD]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_STATS]		= { AT_NEST, 0, 0 },
	[L2TPSEC_A_ENCAP_FD]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_ENCAP_PORT]		= { AT_U16, 0, 0 },
	[L2TPSEC_A_ENCAP_USERS]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_TUNNEL_ID]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_TUNNEL_PEER_ID]	= { AT_U32, 0, 0 },
	[L2TPSEC_A_TUNNEL_VERSION]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_TUNNEL_LOCAL_PORT]	= { AT_U16, 0, 0 },
	[L2TPSEC_A_TUNNEL_PEER_PORT]	= { AT_U16, 0, 0 },
	[L2TPSEC_A_TUNNEL_SA_OUT]	= { AT_U32, 0, 0 },
	[L2TPSEC_A_TUNNEL_ESP_REQUIRED]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_SESSION_ID]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_SESSION_PEER_ID]	= { AT_U32, 0, 0 },
	[L2TPSEC_A_SESSION_PW_TYPE]	= { AT_U16, 0, 0 },
	[L2TPSEC_A_SESSION_IFNAME]	= { AT_STR, IFNAMSIZ, 0 },
	[L2TPSEC_A_SESSION_IFINDEX]	= { AT_U32, 0, 0 },
	[L2TPSEC_A_SESSION_COOKIE]	= { AT_BIN, 0, L2TPSEC_COOKIE_MAX },
	[L2TPSEC_A_SESSION_PEER_COOKIE]	= { AT_BIN, 0, L2TPSEC_COOKIE_MAX },
	[L2TPSEC_A_SESSION_L2SPEC]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_SESSION_SEND_SEQ]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_SESSION_RECV_SEQ]	= { AT_U8, 0, 0 },
	[L2TPSEC_A_SESSION_MTU]		= { AT_U32, 0, 0 },
	[L2TPSEC_A_PAYLOAD]		= { AT_BIN, 0, 0 },
	[L2TPSEC_A_SA_DRIVER]		= { AT_STR, 128, 0 },
	[L2TPSEC_A_TUNNEL_SA_IN]	= { AT_BIN, 0, 4 * L2TPSEC_TUNNEL_SA_IN_MAX },
};

static bool attr_valid(const struct nlattr *a, const struct attr_meta *m)
{
	uint16_t len = mnl_attr_get_payload_len(a);
	const char *p = mnl_attr_get_payload(a);

	switch (m->t) {
	case AT_U8:	return len == 1;
	case AT_U16:	return len == 2;
	case AT_U32:	return len == 4;
	case AT_U64:	return len == 8;
	case AT_BIN:
		if (m->len)
			return len == m->len;
		return m->max == 0 || len <= m->max;
	case AT_STR:
		/* NUL-terminated, at most m->len bytes with the NUL */
		return len >= 1 && len <= m->len && memchr(p, '\0', len);
	case AT_NEST:
		return true;	/* checked by the nest's own parser */
	case AT_NONE:
		return true;
	}
	return false;
}

struct parse_ctx {
	const struct nlattr **tb;
	int bad;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct parse_ctx *pc = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type > L2TPSEC_A_MAX || meta[type].t == AT_NONE)
		return MNL_CB_OK;	/* unknown: ignore */
	if (!attr_valid(a, &meta[type])) {
		pc->bad = type;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	pc->tb[type] = a;
	return MNL_CB_OK;
}

int attrs_genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -1;
	g = mnl_nlmsg_get_payload(nlh);
	return g->cmd;
}

bool attrs_well_formed(const void *start, size_t len)
{
	const unsigned char *p = start;

	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t step;

		if (a->nla_len < sizeof(struct nlattr) || a->nla_len > len)
			return false;
		step = MNL_ALIGN(a->nla_len);
		if (step >= len)
			return true;	/* last one; padding may be cut */
		p += step;
		len -= step;
	}
	return len == 0;
}

int attrs_parse(const struct nlmsghdr *nlh, attr_tb tb, int *bad)
{
	struct parse_ctx pc = { .tb = tb, .bad = 0 };

	memset(tb, 0, sizeof(attr_tb));
	*bad = 0;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -1;
	/* libmnl stops quietly at a truncated attribute: refuse it */
	if (!attrs_well_formed((const char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
			       nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN))
		return -1;
	if (mnl_attr_parse(nlh, GENL_HDRLEN, attr_cb, &pc) < 0) {
		*bad = pc.bad;
		memset(tb, 0, sizeof(attr_tb));
		return -1;
	}
	return 0;
}

uint64_t attrs_present(attr_tb tb)
{
	uint64_t has = 0;

	for (int t = 0; t <= L2TPSEC_A_MAX; t++)
		if (tb[t])
			has |= (uint64_t)1 << t;
	return has;
}

void attrs_get_addr(const attr_tb tb, int a4, int a6, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (tb[a4]) {
		out->family = AF_INET;
		memcpy(&out->v4, mnl_attr_get_payload(tb[a4]), 4);
	} else if (tb[a6]) {
		out->family = AF_INET6;
		memcpy(&out->v6, mnl_attr_get_payload(tb[a6]), 16);
	}
}

uint64_t attr_uint(const struct nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1: return mnl_attr_get_u8(a);
	case 2: return mnl_attr_get_u16(a);
	case 4: return mnl_attr_get_u32(a);
	case 8: return mnl_attr_get_u64(a);
	}
	return 0;
}

void attrs_put_addr(struct nlmsghdr *nlh, int a4, int a6,
		    const struct ipaddr *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, (uint16_t)a4, 4, &a->v4);
	else if (a->family == AF_INET6)
		mnl_attr_put(nlh, (uint16_t)a6, 16, &a->v6);
}
