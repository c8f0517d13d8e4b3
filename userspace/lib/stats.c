// SPDX-License-Identifier: GPL-2.0
/* Counters (stats.h). */
#include <errno.h>
#include <string.h>

#include "attrs.h"
#include "nl.h"
#include "stats.h"

static const char *const stat_json[L2TPSEC_STATS_MAX + 1] = {
	[L2TPSEC_STATS_RX_PACKETS]	= "rx_packets",
	[L2TPSEC_STATS_RX_BYTES]	= "rx_bytes",
	[L2TPSEC_STATS_TX_PACKETS]	= "tx_packets",
	[L2TPSEC_STATS_TX_BYTES]	= "tx_bytes",
	[L2TPSEC_STATS_DROP_AUTH]	= "drop_auth",
	[L2TPSEC_STATS_DROP_REPLAY]	= "drop_replay",
	[L2TPSEC_STATS_DROP_UNKNOWN_SPI] = "drop_unknown_spi",
	[L2TPSEC_STATS_DROP_MALFORMED]	= "drop_malformed",
	[L2TPSEC_STATS_DROP_NO_SESSION]	= "drop_no_session",
	[L2TPSEC_STATS_DROP_CLEARTEXT]	= "drop_cleartext",
	[L2TPSEC_STATS_DROP_EXPIRED]	= "drop_expired",
	[L2TPSEC_STATS_DROP_NO_SA]	= "drop_no_sa",
	[L2TPSEC_STATS_DROP_SEQ]	= "drop_seq",
	[L2TPSEC_STATS_DROP_TX_ERROR]	= "drop_tx_error",
	[L2TPSEC_STATS_DROP_BUSY]	= "drop_busy",
	[L2TPSEC_STATS_DROP_SA_MISMATCH] = "drop_sa_mismatch",
	[L2TPSEC_STATS_MAPPING_EVENTS]	= "mapping_events",
};

_Static_assert(L2TPSEC_STATS_MAX < 32, "stats presence mask is 32 bits");

const char *stats_json_name(int type)
{
	if (type < 0 || type > L2TPSEC_STATS_MAX)
		return NULL;
	return stat_json[type];
}

struct nest_ctx {
	struct l2_stats *st;
};

static int stat_cb(const struct nlattr *a, void *data)
{
	struct nest_ctx *nc = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type > L2TPSEC_STATS_MAX || !stat_json[type])
		return MNL_CB_OK;	/* PAD or a newer counter */
	if (mnl_attr_get_payload_len(a) != 8) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	nc->st->v[type] = mnl_attr_get_u64(a);
	nc->st->has |= 1U << type;
	return MNL_CB_OK;
}

int stats_parse_nest(const struct nlattr *nest, struct l2_stats *st)
{
	struct nest_ctx nc = { st };

	memset(st, 0, sizeof(*st));
	if (!attrs_well_formed(mnl_attr_get_payload(nest),
			       mnl_attr_get_payload_len(nest)) ||
	    mnl_attr_parse_nested(nest, stat_cb, &nc) < 0) {
		memset(st, 0, sizeof(*st));
		return -1;
	}
	st->present = true;
	return 0;
}

int stats_parse_msg(const struct nlmsghdr *nlh, void *item)
{
	struct l2_stats *st = item;
	attr_tb tb;
	int bad;

	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	if (!tb[L2TPSEC_A_STATS]) {
		memset(st, 0, sizeof(*st));
		return 0;
	}
	return stats_parse_nest(tb[L2TPSEC_A_STATS], st);
}

struct nlmsghdr *stats_build_get(void *buf, uint16_t family)
{
	return nl_req_start(buf, family, L2TPSEC_CMD_STATS_GET,
			    NLM_F_REQUEST | NLM_F_ACK);
}

int l2s_stats_get(struct l2s *k, struct l2_stats *out, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];
	struct vec v;
	int rc;

	memset(out, 0, sizeof(*out));
	vec_init(&v, sizeof(struct l2_stats));
	rc = l2s_get(k, stats_build_get(buf, l2s_family(k)), stats_parse_msg,
		     &v, ke);
	if (!rc && v.n > 0)
		memcpy(out, v.items, sizeof(*out));
	vec_free(&v);
	return rc;
}
