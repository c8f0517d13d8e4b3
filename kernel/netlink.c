// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - generic netlink configuration interface and events.
 *
 * Every command is described in uapi/l2tpsec.h. The handlers here parse
 * and check the attributes, fill the configuration structures and call
 * the object functions (sa.c, encap.c, tunnel.c, session.c, tx.c) under
 * RTNL. GET commands and dumps read the object tables under RCU (the
 * encap list, which is RTNL-only, under RTNL).
 *
 * Events (SA_EXPIRE, CTRL_RECV, PPP_RECV) are multicast to the "events"
 * group of the object's namespace; they may be sent from softirq or timer
 * context.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <asm/unaligned.h>

#include "l2tpsec.h"

#define L2TPSEC_NL_KEY_MAX	64	/* bytes, SA_ENC_KEY and SA_AUTH_KEY */
#define L2TPSEC_NL_ENCAP_PORT	4500
#define L2TPSEC_NL_L2TP_PORT	1701
#define L2TPSEC_NL_V2_ID_MAX	U16_MAX

/* Multicast groups, indexes into l2tpsec_nl_mcgrps[] */
enum {
	L2TPSEC_NLGRP_EVENTS,
};

static struct genl_family l2tpsec_nl_family;

/* Events may come from timers and softirqs at any time, including while
 * the family is being unregistered: they are only sent while this is set,
 * and l2tpsec_nl_exit() waits for the senders (RCU) after clearing it.
 */
static bool l2tpsec_nl_up;

/*
 * Missing required attribute: point at it (NLMSGERR_ATTR_MISS_TYPE) and
 * name it in the message. @name is the attribute name without the
 * L2TPSEC_A_ prefix. Evaluates to true when the attribute is missing.
 */
#define L2TPSEC_NL_MISSING(info, name)					\
({									\
	struct genl_info *__nl_info = (info);				\
	bool __missing = GENL_REQ_ATTR_CHECK(__nl_info, L2TPSEC_A_##name); \
									\
	if (__missing)							\
		GENL_SET_ERR_MSG(__nl_info, "missing " #name);		\
	__missing;							\
})

/*
 * Safety net for object functions that fail without an extack message:
 * every rejection must carry one.
 */
#define L2TPSEC_NL_ERR_DEFAULT(extack, msg)				\
do {									\
	struct netlink_ext_ack *__nl_extack = (extack);			\
									\
	if (__nl_extack && !__nl_extack->_msg)				\
		NL_SET_ERR_MSG(__nl_extack, msg);			\
} while (0)

static const struct nla_policy l2tpsec_nl_policy[L2TPSEC_A_MAX + 1] = {
	[L2TPSEC_A_LOCAL_IP4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[L2TPSEC_A_PEER_IP4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[L2TPSEC_A_LOCAL_IP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[L2TPSEC_A_PEER_IP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),

	[L2TPSEC_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 256),
	[L2TPSEC_A_SA_DIR] = NLA_POLICY_RANGE(NLA_U8, L2TPSEC_DIR_IN,
					      L2TPSEC_DIR_OUT),
	[L2TPSEC_A_SA_ALG] = NLA_POLICY_RANGE(NLA_U8, 1, L2TPSEC_ALG_MAX),
	[L2TPSEC_A_SA_ENC_KEY] = { .type = NLA_BINARY,
				   .len = L2TPSEC_NL_KEY_MAX },
	[L2TPSEC_A_SA_AUTH_KEY] = { .type = NLA_BINARY,
				    .len = L2TPSEC_NL_KEY_MAX },
	[L2TPSEC_A_SA_ENCAP] = NLA_POLICY_MAX(NLA_U8, L2TPSEC_ENCAP_UDP),
	[L2TPSEC_A_SA_ENCAP_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPSEC_A_SA_ENCAP_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPSEC_A_SA_REPLAY_WINDOW] =
		NLA_POLICY_MAX(NLA_U32, L2TPSEC_REPLAY_WINDOW_MAX),
	[L2TPSEC_A_SA_ESN] = NLA_POLICY_MAX(NLA_U8, 1),
	[L2TPSEC_A_SA_SEQ] = { .type = NLA_U64 },
	[L2TPSEC_A_SA_LIFE_SOFT_BYTES] = { .type = NLA_U64 },
	[L2TPSEC_A_SA_LIFE_HARD_BYTES] = { .type = NLA_U64 },
	[L2TPSEC_A_SA_LIFE_SOFT_PACKETS] = { .type = NLA_U64 },
	[L2TPSEC_A_SA_LIFE_HARD_PACKETS] = { .type = NLA_U64 },
	[L2TPSEC_A_SA_LIFE_SOFT_SECONDS] = { .type = NLA_U32 },
	[L2TPSEC_A_SA_LIFE_HARD_SECONDS] = { .type = NLA_U32 },
	[L2TPSEC_A_SA_STATE] = { .type = NLA_REJECT,
				 .reject_message = "SA_STATE is read-only" },
	[L2TPSEC_A_SA_AGE] = { .type = NLA_REJECT,
			       .reject_message = "SA_AGE is read-only" },
	[L2TPSEC_A_SA_EXPIRE_KIND] = {
		.type = NLA_REJECT,
		.reject_message = "SA_EXPIRE_KIND is only sent in events" },
	[L2TPSEC_A_SA_EXPIRE_HARD] = {
		.type = NLA_REJECT,
		.reject_message = "SA_EXPIRE_HARD is only sent in events" },
	[L2TPSEC_A_STATS] = { .type = NLA_REJECT,
			      .reject_message = "STATS is read-only" },

	[L2TPSEC_A_ENCAP_FD] = { .type = NLA_U32 },
	[L2TPSEC_A_ENCAP_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPSEC_A_ENCAP_USERS] = {
		.type = NLA_REJECT,
		.reject_message = "ENCAP_USERS is read-only" },

	[L2TPSEC_A_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[L2TPSEC_A_TUNNEL_PEER_ID] = { .type = NLA_U32 },
	[L2TPSEC_A_TUNNEL_VERSION] = NLA_POLICY_RANGE(NLA_U8, 2, 3),
	[L2TPSEC_A_TUNNEL_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPSEC_A_TUNNEL_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPSEC_A_TUNNEL_SA_OUT] = { .type = NLA_U32 },
	[L2TPSEC_A_TUNNEL_ESP_REQUIRED] = NLA_POLICY_MAX(NLA_U8, 1),
	[L2TPSEC_A_TUNNEL_SA_IN] = {
		.type = NLA_BINARY,
		.len = L2TPSEC_TUNNEL_SA_IN_MAX * sizeof(u32) },

	[L2TPSEC_A_SESSION_ID] = { .type = NLA_U32 },
	[L2TPSEC_A_SESSION_PEER_ID] = { .type = NLA_U32 },
	[L2TPSEC_A_SESSION_PW_TYPE] = { .type = NLA_U16 },
	[L2TPSEC_A_SESSION_IFNAME] = { .type = NLA_NUL_STRING,
				       .len = IFNAMSIZ - 1 },
	[L2TPSEC_A_SESSION_IFINDEX] = {
		.type = NLA_REJECT,
		.reject_message = "SESSION_IFINDEX is read-only" },
	[L2TPSEC_A_SESSION_COOKIE] = { .type = NLA_BINARY,
				       .len = L2TPSEC_COOKIE_MAX },
	[L2TPSEC_A_SESSION_PEER_COOKIE] = { .type = NLA_BINARY,
					    .len = L2TPSEC_COOKIE_MAX },
	[L2TPSEC_A_SESSION_L2SPEC] = NLA_POLICY_MAX(NLA_U8,
						    L2TPSEC_L2SPEC_DEFAULT),
	[L2TPSEC_A_SESSION_SEND_SEQ] = NLA_POLICY_MAX(NLA_U8, 1),
	[L2TPSEC_A_SESSION_RECV_SEQ] = NLA_POLICY_MAX(NLA_U8, 1),
	[L2TPSEC_A_SESSION_MTU] = { .type = NLA_U32 },

	[L2TPSEC_A_PAYLOAD] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       L2TPSEC_PAYLOAD_MAX),
	[L2TPSEC_A_SA_DRIVER] = { .type = NLA_REJECT,
				  .reject_message = "SA_DRIVER is read-only" },
};

/* ------------------------------------------------------------ helpers */

static struct l2tpsec_net *l2tpsec_nl_ln(struct genl_info *info)
{
	return l2tpsec_pernet(genl_info_net(info));
}

static u8 l2tpsec_nl_u8(struct nlattr **attrs, int type, u8 def)
{
	return attrs[type] ? nla_get_u8(attrs[type]) : def;
}

static u16 l2tpsec_nl_u16(struct nlattr **attrs, int type, u16 def)
{
	return attrs[type] ? nla_get_u16(attrs[type]) : def;
}

static u32 l2tpsec_nl_u32(struct nlattr **attrs, int type, u32 def)
{
	return attrs[type] ? nla_get_u32(attrs[type]) : def;
}

static u64 l2tpsec_nl_u64(struct nlattr **attrs, int type, u64 def)
{
	return attrs[type] ? nla_get_u64(attrs[type]) : def;
}

/* Outer IPv6 is part of the API but not implemented yet. */
static int l2tpsec_nl_no_ip6(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_LOCAL_IP6];

	if (!nla)
		nla = info->attrs[L2TPSEC_A_PEER_IP6];
	if (!nla)
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, nla,
			    "outer IPv6 is not supported yet");
	return -EOPNOTSUPP;
}

/* An SPI attribute that may be 0 (none) must otherwise be >= 256. */
static int l2tpsec_nl_check_spi0(struct genl_info *info, int type)
{
	struct nlattr *nla = info->attrs[type];
	u32 spi;

	if (!nla)
		return 0;
	spi = nla_get_u32(nla);
	if (spi && spi < 256) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "SPIs 1 to 255 are reserved (RFC 4303)");
		return -EINVAL;
	}
	return 0;
}

/* TUNNEL_SA_IN: @n SPIs (0 = unbind), -1 when absent. */
static int l2tpsec_nl_sa_in(struct genl_info *info, u32 *spis, int *n)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_TUNNEL_SA_IN];
	int i, len;

	*n = -1;
	if (!nla)
		return 0;
	len = nla_len(nla);
	if (len % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "TUNNEL_SA_IN is an array of u32 SPIs");
		return -EINVAL;
	}
	*n = len / sizeof(u32);
	nla_memcpy(spis, nla, len);
	for (i = 0; i < *n; i++) {
		if (spis[i] < 256) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "TUNNEL_SA_IN: SPIs 0 to 255 are reserved (RFC 4303)");
			return -EINVAL;
		}
	}
	return 0;
}

static int l2tpsec_nl_cookie(struct genl_info *info, int type, u8 *cookie,
			     u8 *len)
{
	struct nlattr *nla = info->attrs[type];
	int n;

	*len = 0;
	if (!nla)
		return 0;
	n = nla_len(nla);
	if (n != 0 && n != 4 && n != 8) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "cookies are 0, 4 or 8 bytes long");
		return -EINVAL;
	}
	nla_memcpy(cookie, nla, n);
	*len = n;
	return 0;
}

/* Allocate a reply of @size payload bytes before taking locks. */
static struct sk_buff *l2tpsec_nl_new_reply_size(struct genl_info *info,
						 size_t size)
{
	struct sk_buff *msg = genlmsg_new(size, GFP_KERNEL);

	if (!msg)
		GENL_SET_ERR_MSG(info, "out of memory");
	return msg;
}

/* Allocate a reply before taking locks. */
static struct sk_buff *l2tpsec_nl_new_reply(struct genl_info *info)
{
	return l2tpsec_nl_new_reply_size(info, NLMSG_GOODSIZE);
}

/* Room for l2tpsec_stats_fill(). */
static size_t l2tpsec_nl_stats_size(void)
{
	return nla_total_size(0) +
	       (L2TPSEC_STATS_MAX - L2TPSEC_STATS_RX_PACKETS + 1) *
	       nla_total_size_64bit(sizeof(u64));
}

/*
 * Room for l2tpsec_nl_fill_session(): session adds come by the
 * thousand, and a NLMSG_GOODSIZE reply is a zeroed page-sized buffer
 * that netlink_unicast() then copies into a smaller one.
 */
static size_t l2tpsec_nl_session_size(void)
{
	return nla_total_size(sizeof(u32)) * 3 +	/* TUNNEL_ID, SESSION_ID, PEER_ID */
	       nla_total_size(sizeof(u16)) +		/* PW_TYPE */
	       nla_total_size(sizeof(u8)) * 3 +	/* L2SPEC, SEND_SEQ, RECV_SEQ */
	       nla_total_size(L2TPSEC_COOKIE_MAX) * 2 +	/* COOKIE, PEER_COOKIE */
	       nla_total_size(IFNAMSIZ) +		/* IFNAME */
	       nla_total_size(sizeof(u32)) * 2 +	/* IFINDEX, MTU */
	       l2tpsec_nl_stats_size();
}

/* ------------------------------------------------------------ fill */

static int l2tpsec_nl_fill_sa(struct sk_buff *msg, struct l2tpsec_sa *sa,
			      u32 portid, u32 seq, int flags)
{
	time64_t age;
	__be16 peer_port;
	__be32 peer_ip;
	void *hdr;
	u64 seqno;

	l2tpsec_sa_check_time(sa);
	age = ktime_get_seconds() - sa->created;

	hdr = genlmsg_put(msg, portid, seq, &l2tpsec_nl_family, flags,
			  L2TPSEC_CMD_SA_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (sa->dir == L2TPSEC_DIR_OUT) {
		seqno = atomic64_read(&sa->seq_out);
	} else {
		spin_lock_bh(&sa->replay_lock);
		seqno = sa->replay.top;
		spin_unlock_bh(&sa->replay_lock);
	}
	l2tpsec_sa_peer(sa, &peer_ip, &peer_port);

	if (nla_put_u32(msg, L2TPSEC_A_SA_SPI, sa->spi) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_DIR, sa->dir) ||
	    nla_put_in_addr(msg, L2TPSEC_A_LOCAL_IP4, sa->local_ip) ||
	    nla_put_in_addr(msg, L2TPSEC_A_PEER_IP4, peer_ip) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_ALG, sa->alg->id) ||
	    nla_put_string(msg, L2TPSEC_A_SA_DRIVER, l2tpsec_esp_driver(sa)) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_ENCAP, sa->encap) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_ESN, sa->esn) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_SEQ, seqno, L2TPSEC_A_PAD) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_LIFE_SOFT_BYTES,
			      sa->life.soft_bytes, L2TPSEC_A_PAD) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_LIFE_HARD_BYTES,
			      sa->life.hard_bytes, L2TPSEC_A_PAD) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_LIFE_SOFT_PACKETS,
			      sa->life.soft_packets, L2TPSEC_A_PAD) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_LIFE_HARD_PACKETS,
			      sa->life.hard_packets, L2TPSEC_A_PAD) ||
	    nla_put_u32(msg, L2TPSEC_A_SA_LIFE_SOFT_SECONDS,
			sa->life.soft_seconds) ||
	    nla_put_u32(msg, L2TPSEC_A_SA_LIFE_HARD_SECONDS,
			sa->life.hard_seconds) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_STATE, l2tpsec_sa_state(sa)) ||
	    nla_put_u64_64bit(msg, L2TPSEC_A_SA_AGE, max_t(time64_t, age, 0),
			      L2TPSEC_A_PAD))
		goto cancel;
	if (sa->encap == L2TPSEC_ENCAP_UDP &&
	    (nla_put_u16(msg, L2TPSEC_A_SA_ENCAP_LOCAL_PORT,
			 ntohs(sa->encap_sport)) ||
	     nla_put_u16(msg, L2TPSEC_A_SA_ENCAP_PEER_PORT,
			 ntohs(peer_port))))
		goto cancel;
	/* The window only exists for inbound SAs. */
	if (sa->dir == L2TPSEC_DIR_IN &&
	    nla_put_u32(msg, L2TPSEC_A_SA_REPLAY_WINDOW, sa->replay.size))
		goto cancel;
	if (l2tpsec_stats_fill(msg, &sa->stats))
		goto cancel;

	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int l2tpsec_nl_fill_encap(struct sk_buff *msg, struct l2tpsec_encap_sock *e,
				 u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2tpsec_nl_family, flags,
			  L2TPSEC_CMD_ENCAP_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u16(msg, L2TPSEC_A_ENCAP_PORT, e->port) ||
	    nla_put_u32(msg, L2TPSEC_A_ENCAP_USERS, e->users)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int l2tpsec_nl_fill_tunnel(struct sk_buff *msg, struct l2tpsec_tunnel *t,
				  u32 portid, u32 seq, int flags)
{
	u32 spi = l2tpsec_tunnel_sa_out_spi(t);
	u32 sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];
	unsigned int n_in = l2tpsec_tunnel_sa_in_spis(t, sa_in);
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2tpsec_nl_family, flags,
			  L2TPSEC_CMD_TUNNEL_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, L2TPSEC_A_TUNNEL_ID, t->id) ||
	    nla_put_u32(msg, L2TPSEC_A_TUNNEL_PEER_ID, t->peer_id) ||
	    nla_put_u8(msg, L2TPSEC_A_TUNNEL_VERSION, t->version) ||
	    nla_put_in_addr(msg, L2TPSEC_A_LOCAL_IP4, t->local_ip) ||
	    nla_put_in_addr(msg, L2TPSEC_A_PEER_IP4, READ_ONCE(t->peer_ip)) ||
	    nla_put_u16(msg, L2TPSEC_A_TUNNEL_LOCAL_PORT,
			ntohs(t->local_port)) ||
	    nla_put_u16(msg, L2TPSEC_A_TUNNEL_PEER_PORT,
			ntohs(t->peer_port)) ||
	    (spi && nla_put_u32(msg, L2TPSEC_A_TUNNEL_SA_OUT, spi)) ||
	    (n_in && nla_put(msg, L2TPSEC_A_TUNNEL_SA_IN,
			     n_in * sizeof(u32), sa_in)) ||
	    nla_put_u8(msg, L2TPSEC_A_TUNNEL_ESP_REQUIRED,
		       READ_ONCE(t->esp_required)) ||
	    l2tpsec_stats_fill(msg, &t->stats)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int l2tpsec_nl_fill_session(struct sk_buff *msg,
				   struct l2tpsec_session *s,
				   u32 portid, u32 seq, int flags)
{
	struct net_device *dev = READ_ONCE(s->dev);
	char ifname[IFNAMSIZ];
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2tpsec_nl_family, flags,
			  L2TPSEC_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, L2TPSEC_A_TUNNEL_ID, s->tunnel->id) ||
	    nla_put_u32(msg, L2TPSEC_A_SESSION_ID, s->id) ||
	    nla_put_u32(msg, L2TPSEC_A_SESSION_PEER_ID, s->peer_id) ||
	    nla_put_u16(msg, L2TPSEC_A_SESSION_PW_TYPE, s->pw_type) ||
	    nla_put_u8(msg, L2TPSEC_A_SESSION_L2SPEC, s->l2spec) ||
	    nla_put_u8(msg, L2TPSEC_A_SESSION_SEND_SEQ, s->send_seq) ||
	    nla_put_u8(msg, L2TPSEC_A_SESSION_RECV_SEQ, s->recv_seq) ||
	    (s->cookie_len &&
	     nla_put(msg, L2TPSEC_A_SESSION_COOKIE, s->cookie_len,
		     s->cookie)) ||
	    (s->peer_cookie_len &&
	     nla_put(msg, L2TPSEC_A_SESSION_PEER_COOKIE, s->peer_cookie_len,
		     s->peer_cookie)))
		goto cancel;
	if (dev) {
		/* Under RCU only, the name may change: copy it terminated. */
		strscpy(ifname, dev->name, sizeof(ifname));
		if (nla_put_string(msg, L2TPSEC_A_SESSION_IFNAME, ifname) ||
		    nla_put_u32(msg, L2TPSEC_A_SESSION_IFINDEX, dev->ifindex) ||
		    nla_put_u32(msg, L2TPSEC_A_SESSION_MTU, READ_ONCE(dev->mtu)))
			goto cancel;
	}
	if (l2tpsec_stats_fill(msg, &s->stats))
		goto cancel;
	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* Send a reply built by a NEW or GET handler. */
static int l2tpsec_nl_reply(struct sk_buff *msg, struct genl_info *info,
			    int fill_err)
{
	if (fill_err) {
		nlmsg_free(msg);
		GENL_SET_ERR_MSG(info, "reply does not fit in a message");
		return fill_err;
	}
	return genlmsg_reply(msg, info);
}

/* ------------------------------------------------------------ dumps */

/*
 * Dump one hashtable from bucket *@bkt, entry *@idx in that bucket, on;
 * on -EMSGSIZE (skb full) both are left at the entry to resume from.
 * Called under rcu_read_lock().
 */
static int l2tpsec_nl_dump_table(struct sk_buff *skb,
				 struct netlink_callback *cb,
				 struct hlist_head *table, long size,
				 long *bkt, long *idx,
				 int (*fill)(struct sk_buff *msg,
					     struct hlist_node *node,
					     u32 portid, u32 seq))
{
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 seq = cb->nlh->nlmsg_seq;
	struct hlist_node *node;
	long i;
	int err;

	for (; *bkt < size; (*bkt)++, *idx = 0) {
		i = 0;
		__hlist_for_each_rcu(node, &table[*bkt]) {
			if (i++ < *idx)
				continue;
			err = fill(skb, node, portid, seq);
			if (err)
				return err;
			*idx = i;
		}
	}
	return 0;
}

static int l2tpsec_nl_fill_sa_node(struct sk_buff *msg, struct hlist_node *node,
				   u32 portid, u32 seq)
{
	struct l2tpsec_sa *sa = hlist_entry(node, struct l2tpsec_sa, hnode);

	if (test_bit(L2TPSEC_SA_F_DEAD, &sa->flags))
		return 0;
	return l2tpsec_nl_fill_sa(msg, sa, portid, seq, NLM_F_MULTI);
}

static int l2tpsec_nl_fill_tunnel_node(struct sk_buff *msg,
				       struct hlist_node *node,
				       u32 portid, u32 seq)
{
	struct l2tpsec_tunnel *t = hlist_entry(node, struct l2tpsec_tunnel,
					       hnode);

	if (READ_ONCE(t->dead))
		return 0;
	return l2tpsec_nl_fill_tunnel(msg, t, portid, seq, NLM_F_MULTI);
}

static int l2tpsec_nl_fill_session_node(struct sk_buff *msg,
					struct hlist_node *node,
					u32 portid, u32 seq)
{
	struct l2tpsec_session *s = hlist_entry(node, struct l2tpsec_session,
						hnode);

	if (READ_ONCE(s->dead))
		return 0;
	return l2tpsec_nl_fill_session(msg, s, portid, seq, NLM_F_MULTI);
}

static struct l2tpsec_net *l2tpsec_nl_dump_ln(struct netlink_callback *cb)
{
	return l2tpsec_pernet(sock_net(cb->skb->sk));
}

/* cb->args: [0] table (0 inbound, 1 outbound), [1] bucket, [2] index */
static int l2tpsec_nl_sa_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l2tpsec_net *ln = l2tpsec_nl_dump_ln(cb);
	int err = 0;

	rcu_read_lock();
	if (cb->args[0] == 0) {
		err = l2tpsec_nl_dump_table(skb, cb, ln->sa_in,
					    HASH_SIZE(ln->sa_in), &cb->args[1],
					    &cb->args[2],
					    l2tpsec_nl_fill_sa_node);
		if (!err) {
			cb->args[0] = 1;
			cb->args[1] = 0;
			cb->args[2] = 0;
		}
	}
	if (!err && cb->args[0] == 1)
		err = l2tpsec_nl_dump_table(skb, cb, ln->sa_out,
					    HASH_SIZE(ln->sa_out), &cb->args[1],
					    &cb->args[2],
					    l2tpsec_nl_fill_sa_node);
	rcu_read_unlock();
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

/* One hash table under RCU. cb->args: [0] bucket, [1] index */
static int l2tpsec_nl_dump_hash(struct sk_buff *skb, struct netlink_callback *cb,
				struct hlist_head *table, long size,
				int (*fill)(struct sk_buff *msg,
					    struct hlist_node *node,
					    u32 portid, u32 seq))
{
	int err;

	rcu_read_lock();
	err = l2tpsec_nl_dump_table(skb, cb, table, size, &cb->args[0],
				    &cb->args[1], fill);
	rcu_read_unlock();
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

static int l2tpsec_nl_tunnel_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct l2tpsec_net *ln = l2tpsec_nl_dump_ln(cb);

	return l2tpsec_nl_dump_hash(skb, cb, ln->tunnels, HASH_SIZE(ln->tunnels),
				    l2tpsec_nl_fill_tunnel_node);
}

static int l2tpsec_nl_session_dump(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct l2tpsec_net *ln = l2tpsec_nl_dump_ln(cb);

	return l2tpsec_nl_dump_hash(skb, cb, ln->sessions, HASH_SIZE(ln->sessions),
				    l2tpsec_nl_fill_session_node);
}

/* The encap list is RTNL-only. cb->args: [0] index */
static int l2tpsec_nl_encap_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct l2tpsec_net *ln = l2tpsec_nl_dump_ln(cb);
	struct l2tpsec_encap_sock *e;
	long i = 0;

	rtnl_lock();
	list_for_each_entry(e, &ln->encaps, list) {
		if (i++ < cb->args[0])
			continue;
		if (l2tpsec_nl_fill_encap(skb, e, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = i;
	}
	rtnl_unlock();
	return skb->len;
}

/* ------------------------------------------------------------ SA */

static int l2tpsec_nl_sa_config(struct genl_info *info,
				struct l2tpsec_sa_config *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	const struct l2tpsec_alg_desc *alg;
	struct nlattr *nla;
	int err;

	err = l2tpsec_nl_no_ip6(info);
	if (err)
		return err;
	if (L2TPSEC_NL_MISSING(info, SA_SPI) ||
	    L2TPSEC_NL_MISSING(info, SA_DIR) ||
	    L2TPSEC_NL_MISSING(info, LOCAL_IP4) ||
	    L2TPSEC_NL_MISSING(info, PEER_IP4) ||
	    L2TPSEC_NL_MISSING(info, SA_ALG) ||
	    L2TPSEC_NL_MISSING(info, SA_ENC_KEY))
		return -EINVAL;

	cfg->spi = nla_get_u32(attrs[L2TPSEC_A_SA_SPI]);
	cfg->dir = nla_get_u8(attrs[L2TPSEC_A_SA_DIR]);
	cfg->local_ip = nla_get_in_addr(attrs[L2TPSEC_A_LOCAL_IP4]);
	cfg->peer_ip = nla_get_in_addr(attrs[L2TPSEC_A_PEER_IP4]);
	cfg->alg = nla_get_u8(attrs[L2TPSEC_A_SA_ALG]);

	alg = l2tpsec_alg_find(cfg->alg);
	if (!alg) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2TPSEC_A_SA_ALG],
				    "unknown SA_ALG");
		return -EINVAL;
	}

	nla = attrs[L2TPSEC_A_SA_ENC_KEY];
	cfg->enc_key = nla_data(nla);
	cfg->enc_keylen = nla_len(nla);
	if (cfg->enc_keylen != alg->enc_keylen) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "SA_ENC_KEY length does not match SA_ALG");
		return -EINVAL;
	}

	nla = attrs[L2TPSEC_A_SA_AUTH_KEY];
	if (alg->auth_keylen) {
		if (L2TPSEC_NL_MISSING(info, SA_AUTH_KEY))
			return -EINVAL;
		cfg->auth_key = nla_data(nla);
		cfg->auth_keylen = nla_len(nla);
		if (cfg->auth_keylen != alg->auth_keylen) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "SA_AUTH_KEY length does not match SA_ALG");
			return -EINVAL;
		}
	} else if (nla) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "SA_AUTH_KEY is not used with AEAD algorithms");
		return -EINVAL;
	}

	cfg->encap = l2tpsec_nl_u8(attrs, L2TPSEC_A_SA_ENCAP,
				   L2TPSEC_ENCAP_NONE);
	if (cfg->encap == L2TPSEC_ENCAP_UDP) {
		cfg->encap_local_port =
			l2tpsec_nl_u16(attrs, L2TPSEC_A_SA_ENCAP_LOCAL_PORT,
				       L2TPSEC_NL_ENCAP_PORT);
		cfg->encap_peer_port =
			l2tpsec_nl_u16(attrs, L2TPSEC_A_SA_ENCAP_PEER_PORT,
				       L2TPSEC_NL_ENCAP_PORT);
	} else {
		nla = attrs[L2TPSEC_A_SA_ENCAP_LOCAL_PORT];
		if (!nla)
			nla = attrs[L2TPSEC_A_SA_ENCAP_PEER_PORT];
		if (nla) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "encap ports need SA_ENCAP udp");
			return -EINVAL;
		}
	}

	nla = attrs[L2TPSEC_A_SA_REPLAY_WINDOW];
	if (cfg->dir == L2TPSEC_DIR_IN) {
		cfg->replay_window = l2tpsec_nl_u32(attrs,
						    L2TPSEC_A_SA_REPLAY_WINDOW,
						    L2TPSEC_REPLAY_WINDOW_DEFAULT);
	} else if (nla) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "SA_REPLAY_WINDOW applies to inbound SAs only");
		return -EINVAL;
	}

	cfg->esn = l2tpsec_nl_u8(attrs, L2TPSEC_A_SA_ESN, 0);
	cfg->seq = l2tpsec_nl_u64(attrs, L2TPSEC_A_SA_SEQ, 0);
	if (!cfg->esn && cfg->seq > U32_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2TPSEC_A_SA_SEQ],
				    "SA_SEQ above 2^32 - 1 needs SA_ESN");
		return -EINVAL;
	}

	cfg->soft_bytes = l2tpsec_nl_u64(attrs, L2TPSEC_A_SA_LIFE_SOFT_BYTES, 0);
	cfg->hard_bytes = l2tpsec_nl_u64(attrs, L2TPSEC_A_SA_LIFE_HARD_BYTES, 0);
	cfg->soft_packets = l2tpsec_nl_u64(attrs,
					   L2TPSEC_A_SA_LIFE_SOFT_PACKETS, 0);
	cfg->hard_packets = l2tpsec_nl_u64(attrs,
					   L2TPSEC_A_SA_LIFE_HARD_PACKETS, 0);
	cfg->soft_seconds = l2tpsec_nl_u32(attrs,
					   L2TPSEC_A_SA_LIFE_SOFT_SECONDS, 0);
	cfg->hard_seconds = l2tpsec_nl_u32(attrs,
					   L2TPSEC_A_SA_LIFE_HARD_SECONDS, 0);
	if (cfg->hard_bytes && cfg->soft_bytes > cfg->hard_bytes) {
		NL_SET_ERR_MSG_ATTR(extack,
				    attrs[L2TPSEC_A_SA_LIFE_SOFT_BYTES],
				    "soft byte limit above the hard one");
		return -EINVAL;
	}
	if (cfg->hard_packets && cfg->soft_packets > cfg->hard_packets) {
		NL_SET_ERR_MSG_ATTR(extack,
				    attrs[L2TPSEC_A_SA_LIFE_SOFT_PACKETS],
				    "soft packet limit above the hard one");
		return -EINVAL;
	}
	if (cfg->hard_seconds && cfg->soft_seconds > cfg->hard_seconds) {
		NL_SET_ERR_MSG_ATTR(extack,
				    attrs[L2TPSEC_A_SA_LIFE_SOFT_SECONDS],
				    "soft time limit above the hard one");
		return -EINVAL;
	}
	return 0;
}

static int l2tpsec_nl_sa_new(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_sa_config cfg = {};
	struct l2tpsec_sa *sa;
	struct sk_buff *msg;
	int err;

	err = l2tpsec_nl_sa_config(info, &cfg);
	if (err)
		return err;
	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	sa = l2tpsec_sa_create(ln, &cfg, info->extack);
	if (IS_ERR(sa)) {
		rtnl_unlock();
		nlmsg_free(msg);
		L2TPSEC_NL_ERR_DEFAULT(info->extack, "cannot create the SA");
		return PTR_ERR(sa);
	}
	err = l2tpsec_nl_fill_sa(msg, sa, info->snd_portid, info->snd_seq, 0);
	rtnl_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

static int l2tpsec_nl_sa_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	u32 spi;
	u8 dir;
	int err;

	if (L2TPSEC_NL_MISSING(info, SA_SPI) ||
	    L2TPSEC_NL_MISSING(info, SA_DIR))
		return -EINVAL;
	spi = nla_get_u32(info->attrs[L2TPSEC_A_SA_SPI]);
	dir = nla_get_u8(info->attrs[L2TPSEC_A_SA_DIR]);

	rtnl_lock();
	err = l2tpsec_sa_delete(ln, spi, dir, info->extack);
	rtnl_unlock();
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack, "cannot delete the SA");
	return err;
}

static int l2tpsec_nl_sa_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_sa *sa;
	struct sk_buff *msg;
	u32 spi;
	u8 dir;
	int err;

	if (L2TPSEC_NL_MISSING(info, SA_SPI) ||
	    L2TPSEC_NL_MISSING(info, SA_DIR))
		return -EINVAL;
	spi = nla_get_u32(info->attrs[L2TPSEC_A_SA_SPI]);
	dir = nla_get_u8(info->attrs[L2TPSEC_A_SA_DIR]);

	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	sa = l2tpsec_sa_lookup(ln, spi, dir);
	if (!sa || test_bit(L2TPSEC_SA_F_DEAD, &sa->flags)) {
		rcu_read_unlock();
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPSEC_A_SA_SPI],
				    "no SA with this SPI in this direction");
		return -ENOENT;
	}
	err = l2tpsec_nl_fill_sa(msg, sa, info->snd_portid, info->snd_seq, 0);
	rcu_read_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

/* A peer address an SA or tunnel may move to: unicast, not 0. */
static int l2tpsec_nl_check_peer(struct genl_info *info, __be32 *peer)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_PEER_IP4];

	*peer = 0;
	if (!nla)
		return 0;
	*peer = nla_get_in_addr(nla);
	if (ipv4_is_zeronet(*peer) || ipv4_is_multicast(*peer) ||
	    ipv4_is_lbcast(*peer)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "PEER_IP4 must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static int l2tpsec_nl_sa_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *port_attr = info->attrs[L2TPSEC_A_SA_ENCAP_PEER_PORT];
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_sa *sa;
	__be16 dport = 0;
	__be32 peer;
	u32 spi;
	u8 dir;
	int err;

	err = l2tpsec_nl_no_ip6(info);
	if (err)
		return err;
	if (L2TPSEC_NL_MISSING(info, SA_SPI) ||
	    L2TPSEC_NL_MISSING(info, SA_DIR))
		return -EINVAL;
	if (!info->attrs[L2TPSEC_A_PEER_IP4] && !port_attr) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, L2TPSEC_A_PEER_IP4);
		GENL_SET_ERR_MSG(info,
				 "missing PEER_IP4 or SA_ENCAP_PEER_PORT: nothing to change");
		return -EINVAL;
	}
	err = l2tpsec_nl_check_peer(info, &peer);
	if (err)
		return err;
	if (port_attr)
		dport = htons(nla_get_u16(port_attr));
	spi = nla_get_u32(info->attrs[L2TPSEC_A_SA_SPI]);
	dir = nla_get_u8(info->attrs[L2TPSEC_A_SA_DIR]);

	rtnl_lock();
	sa = l2tpsec_sa_lookup(ln, spi, dir);
	if (!sa || test_bit(L2TPSEC_SA_F_DEAD, &sa->flags)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPSEC_A_SA_SPI],
				    "no SA with this SPI in this direction");
		err = -ENOENT;
		goto out;
	}
	if (dport && sa->encap != L2TPSEC_ENCAP_UDP) {
		NL_SET_ERR_MSG_ATTR(info->extack, port_attr,
				    "SA_ENCAP_PEER_PORT needs an ESP-in-UDP SA");
		err = -EINVAL;
		goto out;
	}
	err = l2tpsec_sa_set_peer(sa, peer, dport, info->extack);
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack, "cannot change the SA");
out:
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------ encap */

/* Local port of the IPv4 socket behind @fd, 0 if there is none. */
static u16 l2tpsec_nl_fd_port(int fd)
{
	struct socket *sock;
	u16 port = 0;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return 0;
	if (sock->sk && sock->sk->sk_family == AF_INET)
		port = ntohs(inet_sk(sock->sk)->inet_sport);
	sockfd_put(sock);
	return port;
}

static int l2tpsec_nl_encap_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *fd_attr = info->attrs[L2TPSEC_A_ENCAP_FD];
	struct nlattr *port_attr = info->attrs[L2TPSEC_A_ENCAP_PORT];
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_encap_sock *e = NULL;
	struct sk_buff *msg;
	u32 fd = 0;
	u16 port = 0;
	int err;

	if (!fd_attr && !port_attr) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, L2TPSEC_A_ENCAP_FD);
		GENL_SET_ERR_MSG(info, "missing ENCAP_FD or ENCAP_PORT");
		return -EINVAL;
	}
	if (fd_attr && port_attr) {
		NL_SET_ERR_MSG_ATTR(info->extack, port_attr,
				    "give either ENCAP_FD or ENCAP_PORT, not both");
		return -EINVAL;
	}
	if (fd_attr) {
		fd = nla_get_u32(fd_attr);
		if (fd > INT_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, fd_attr,
					    "ENCAP_FD is not a file descriptor");
			return -EBADF;
		}
	} else {
		port = nla_get_u16(port_attr);
	}

	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	if (fd_attr)
		err = l2tpsec_encap_add(ln, fd, info->extack);
	else
		err = l2tpsec_encap_open(ln, port, info->extack);
	if (err) {
		rtnl_unlock();
		nlmsg_free(msg);
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot set up the ESP-in-UDP socket");
		return err;
	}
	if (fd_attr)
		port = l2tpsec_nl_fd_port(fd);
	if (port)
		e = l2tpsec_encap_find(ln, port);
	if (e)
		err = l2tpsec_nl_fill_encap(msg, e, info->snd_portid,
					    info->snd_seq, 0);
	rtnl_unlock();

	if (!e) {
		/* The caller closed or replaced its fd meanwhile: only the
		 * reply is lost (a closed socket detaches itself again).
		 */
		nlmsg_free(msg);
		return 0;
	}
	return l2tpsec_nl_reply(msg, info, err);
}

static int l2tpsec_nl_encap_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	u16 port;
	int err;

	if (L2TPSEC_NL_MISSING(info, ENCAP_PORT))
		return -EINVAL;
	port = nla_get_u16(info->attrs[L2TPSEC_A_ENCAP_PORT]);

	rtnl_lock();
	err = l2tpsec_encap_del(ln, port, info->extack);
	rtnl_unlock();
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot release the ESP-in-UDP socket");
	return err;
}

static int l2tpsec_nl_encap_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_encap_sock *e;
	struct sk_buff *msg;
	int err;

	if (L2TPSEC_NL_MISSING(info, ENCAP_PORT))
		return -EINVAL;
	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	e = l2tpsec_encap_find(ln,
			       nla_get_u16(info->attrs[L2TPSEC_A_ENCAP_PORT]));
	if (!e) {
		rtnl_unlock();
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[L2TPSEC_A_ENCAP_PORT],
				    "no ESP-in-UDP socket on this port");
		return -ENOENT;
	}
	err = l2tpsec_nl_fill_encap(msg, e, info->snd_portid, info->snd_seq, 0);
	rtnl_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

/* ------------------------------------------------------------ tunnel */

static int l2tpsec_nl_tunnel_config(struct genl_info *info,
				    struct l2tpsec_tunnel_config *cfg)
{
	struct nlattr **attrs = info->attrs;
	int err, n;

	err = l2tpsec_nl_no_ip6(info);
	if (err)
		return err;
	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, TUNNEL_PEER_ID) ||
	    L2TPSEC_NL_MISSING(info, TUNNEL_VERSION) ||
	    L2TPSEC_NL_MISSING(info, LOCAL_IP4) ||
	    L2TPSEC_NL_MISSING(info, PEER_IP4))
		return -EINVAL;
	err = l2tpsec_nl_check_spi0(info, L2TPSEC_A_TUNNEL_SA_OUT);
	if (err)
		return err;

	cfg->id = nla_get_u32(attrs[L2TPSEC_A_TUNNEL_ID]);
	cfg->peer_id = nla_get_u32(attrs[L2TPSEC_A_TUNNEL_PEER_ID]);
	cfg->version = nla_get_u8(attrs[L2TPSEC_A_TUNNEL_VERSION]);
	cfg->local_ip = nla_get_in_addr(attrs[L2TPSEC_A_LOCAL_IP4]);
	cfg->peer_ip = nla_get_in_addr(attrs[L2TPSEC_A_PEER_IP4]);
	cfg->local_port = l2tpsec_nl_u16(attrs, L2TPSEC_A_TUNNEL_LOCAL_PORT,
					 L2TPSEC_NL_L2TP_PORT);
	cfg->peer_port = l2tpsec_nl_u16(attrs, L2TPSEC_A_TUNNEL_PEER_PORT,
					L2TPSEC_NL_L2TP_PORT);
	cfg->sa_out = l2tpsec_nl_u32(attrs, L2TPSEC_A_TUNNEL_SA_OUT, 0);
	err = l2tpsec_nl_sa_in(info, cfg->sa_in, &n);
	if (err)
		return err;
	cfg->n_sa_in = max(n, 0);
	cfg->esp_required = l2tpsec_nl_u8(attrs,
					  L2TPSEC_A_TUNNEL_ESP_REQUIRED, 0);

	if (cfg->version == 2) {
		if (cfg->id > L2TPSEC_NL_V2_ID_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[L2TPSEC_A_TUNNEL_ID],
					    "L2TPv2 tunnel ids are 16 bits");
			return -EINVAL;
		}
		if (cfg->peer_id > L2TPSEC_NL_V2_ID_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[L2TPSEC_A_TUNNEL_PEER_ID],
					    "L2TPv2 tunnel ids are 16 bits");
			return -EINVAL;
		}
	}
	return 0;
}

static int l2tpsec_nl_tunnel_new(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_tunnel_config cfg = {};
	struct l2tpsec_tunnel *t;
	struct sk_buff *msg;
	int err;

	err = l2tpsec_nl_tunnel_config(info, &cfg);
	if (err)
		return err;
	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	t = l2tpsec_tunnel_create(ln, &cfg, info->extack);
	if (IS_ERR(t)) {
		rtnl_unlock();
		nlmsg_free(msg);
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot create the tunnel");
		return PTR_ERR(t);
	}
	err = l2tpsec_nl_fill_tunnel(msg, t, info->snd_portid, info->snd_seq,
				     0);
	rtnl_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

/* Under RTNL or RCU: the tunnel named by TUNNEL_ID, or NULL + extack. */
static struct l2tpsec_tunnel *l2tpsec_nl_tunnel(struct l2tpsec_net *ln,
						struct genl_info *info)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_TUNNEL_ID];
	struct l2tpsec_tunnel *t;

	t = l2tpsec_tunnel_lookup(ln, nla_get_u32(nla));
	if (!t || READ_ONCE(t->dead)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "no tunnel with this TUNNEL_ID");
		return NULL;
	}
	return t;
}

static int l2tpsec_nl_tunnel_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sa_attr = info->attrs[L2TPSEC_A_TUNNEL_SA_OUT];
	struct nlattr *esp_attr = info->attrs[L2TPSEC_A_TUNNEL_ESP_REQUIRED];
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	u32 sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];
	struct l2tpsec_tunnel *t;
	int esp_required = -1;
	__be32 peer;
	int n_sa_in;
	u32 spi = 0;
	int err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID))
		return -EINVAL;
	if (!sa_attr && !esp_attr && !info->attrs[L2TPSEC_A_TUNNEL_SA_IN] &&
	    !info->attrs[L2TPSEC_A_PEER_IP4]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     L2TPSEC_A_TUNNEL_SA_OUT);
		GENL_SET_ERR_MSG(info,
				 "missing TUNNEL_SA_OUT, TUNNEL_SA_IN, TUNNEL_ESP_REQUIRED or PEER_IP4");
		return -EINVAL;
	}
	err = l2tpsec_nl_no_ip6(info);
	if (err)
		return err;
	err = l2tpsec_nl_check_peer(info, &peer);
	if (err)
		return err;
	err = l2tpsec_nl_check_spi0(info, L2TPSEC_A_TUNNEL_SA_OUT);
	if (err)
		return err;
	err = l2tpsec_nl_sa_in(info, sa_in, &n_sa_in);
	if (err)
		return err;
	if (sa_attr)
		spi = nla_get_u32(sa_attr);
	if (esp_attr)
		esp_required = nla_get_u8(esp_attr);

	rtnl_lock();
	t = l2tpsec_nl_tunnel(ln, info);
	if (!t) {
		err = -ENOENT;
		goto out;
	}
	err = l2tpsec_tunnel_set(t, !!sa_attr, spi, sa_in, n_sa_in,
				 esp_required, peer, info->extack);
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot change the tunnel");
out:
	rtnl_unlock();
	return err;
}

static int l2tpsec_nl_tunnel_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_tunnel *t;
	int err = 0;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID))
		return -EINVAL;

	rtnl_lock();
	t = l2tpsec_nl_tunnel(ln, info);
	if (t)
		l2tpsec_tunnel_delete(t);
	else
		err = -ENOENT;
	rtnl_unlock();
	return err;
}

static int l2tpsec_nl_tunnel_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_tunnel *t;
	struct sk_buff *msg;
	int err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID))
		return -EINVAL;
	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	t = l2tpsec_nl_tunnel(ln, info);
	if (!t) {
		rcu_read_unlock();
		nlmsg_free(msg);
		return -ENOENT;
	}
	err = l2tpsec_nl_fill_tunnel(msg, t, info->snd_portid, info->snd_seq,
				     0);
	rcu_read_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

/* ------------------------------------------------------------ session */

/*
 * Checks that do not need the tunnel; the rest is in
 * l2tpsec_nl_session_config(), under RTNL.
 */
static int l2tpsec_nl_session_precheck(struct genl_info *info,
				       struct l2tpsec_session_config *cfg)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_SESSION_IFNAME];
	int err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, SESSION_ID) ||
	    L2TPSEC_NL_MISSING(info, SESSION_PEER_ID))
		return -EINVAL;
	if (nla && !dev_valid_name(nla_data(nla))) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "invalid interface name");
		return -EINVAL;
	}
	nla = info->attrs[L2TPSEC_A_SESSION_PW_TYPE];
	if (nla && nla_get_u16(nla) != L2TPSEC_PWTYPE_ETH &&
	    nla_get_u16(nla) != L2TPSEC_PWTYPE_PPP) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "unknown SESSION_PW_TYPE");
		return -EINVAL;
	}
	err = l2tpsec_nl_cookie(info, L2TPSEC_A_SESSION_COOKIE, cfg->cookie,
				&cfg->cookie_len);
	if (err)
		return err;
	return l2tpsec_nl_cookie(info, L2TPSEC_A_SESSION_PEER_COOKIE,
				 cfg->peer_cookie, &cfg->peer_cookie_len);
}

static int l2tpsec_nl_session_config(struct genl_info *info, u8 version,
				     struct l2tpsec_session_config *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *nla;

	cfg->tunnel_id = nla_get_u32(attrs[L2TPSEC_A_TUNNEL_ID]);
	cfg->id = nla_get_u32(attrs[L2TPSEC_A_SESSION_ID]);
	cfg->peer_id = nla_get_u32(attrs[L2TPSEC_A_SESSION_PEER_ID]);
	if (attrs[L2TPSEC_A_SESSION_IFNAME])
		cfg->ifname = nla_data(attrs[L2TPSEC_A_SESSION_IFNAME]);
	cfg->send_seq = l2tpsec_nl_u8(attrs, L2TPSEC_A_SESSION_SEND_SEQ, 0);
	cfg->recv_seq = l2tpsec_nl_u8(attrs, L2TPSEC_A_SESSION_RECV_SEQ, 0);
	cfg->mtu = l2tpsec_nl_u32(attrs, L2TPSEC_A_SESSION_MTU, 0);

	if (version == 3) {
		cfg->pw_type = l2tpsec_nl_u16(attrs, L2TPSEC_A_SESSION_PW_TYPE,
					      L2TPSEC_PWTYPE_ETH);
		if (cfg->pw_type != L2TPSEC_PWTYPE_ETH) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[L2TPSEC_A_SESSION_PW_TYPE],
					    "L2TPv3 sessions carry Ethernet only");
			return -EINVAL;
		}
		cfg->l2spec = l2tpsec_nl_u8(attrs, L2TPSEC_A_SESSION_L2SPEC,
					    L2TPSEC_L2SPEC_DEFAULT);
		return 0;
	}

	/* L2TPv2: 16-bit ids, PPP, no cookie, no sublayer */
	cfg->pw_type = l2tpsec_nl_u16(attrs, L2TPSEC_A_SESSION_PW_TYPE,
				      L2TPSEC_PWTYPE_PPP);
	if (cfg->pw_type != L2TPSEC_PWTYPE_PPP) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2TPSEC_A_SESSION_PW_TYPE],
				    "L2TPv2 sessions carry PPP only");
		return -EINVAL;
	}
	if (cfg->id > L2TPSEC_NL_V2_ID_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2TPSEC_A_SESSION_ID],
				    "L2TPv2 session ids are 16 bits");
		return -EINVAL;
	}
	if (cfg->peer_id > L2TPSEC_NL_V2_ID_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2TPSEC_A_SESSION_PEER_ID],
				    "L2TPv2 session ids are 16 bits");
		return -EINVAL;
	}
	nla = attrs[L2TPSEC_A_SESSION_COOKIE];
	if (!cfg->cookie_len)
		nla = attrs[L2TPSEC_A_SESSION_PEER_COOKIE];
	if (cfg->cookie_len || cfg->peer_cookie_len) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "cookies are an L2TPv3 feature");
		return -EINVAL;
	}
	nla = attrs[L2TPSEC_A_SESSION_L2SPEC];
	if (nla && nla_get_u8(nla) != L2TPSEC_L2SPEC_NONE) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "the L2 sublayer is an L2TPv3 feature");
		return -EINVAL;
	}
	cfg->l2spec = L2TPSEC_L2SPEC_NONE;
	return 0;
}

static int l2tpsec_nl_session_new(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_session_config cfg = {};
	struct l2tpsec_session *s;
	struct l2tpsec_tunnel *t;
	struct sk_buff *msg;
	int err;

	err = l2tpsec_nl_session_precheck(info, &cfg);
	if (err)
		return err;
	msg = l2tpsec_nl_new_reply_size(info, l2tpsec_nl_session_size());
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	t = l2tpsec_nl_tunnel(ln, info);
	if (!t) {
		err = -ENOENT;
		goto err_unlock;
	}
	err = l2tpsec_nl_session_config(info, t->version, &cfg);
	if (err)
		goto err_unlock;
	s = l2tpsec_session_create(ln, &cfg, info->extack);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot create the session");
		goto err_unlock;
	}
	err = l2tpsec_nl_fill_session(msg, s, info->snd_portid, info->snd_seq,
				      0);
	rtnl_unlock();
	return l2tpsec_nl_reply(msg, info, err);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

/*
 * Under RTNL or RCU: the session named by TUNNEL_ID and SESSION_ID, or
 * NULL + extack. @t is set to its tunnel.
 */
static struct l2tpsec_session *l2tpsec_nl_session(struct l2tpsec_net *ln,
						  struct genl_info *info,
						  struct l2tpsec_tunnel **t)
{
	struct nlattr *nla = info->attrs[L2TPSEC_A_SESSION_ID];
	struct l2tpsec_session *s;

	*t = l2tpsec_nl_tunnel(ln, info);
	if (!*t)
		return NULL;
	s = l2tpsec_session_lookup(ln, (*t)->version, (*t)->id,
				   nla_get_u32(nla));
	/* v3 session ids are unique per namespace: check the tunnel too. */
	if (!s || s->tunnel != *t || READ_ONCE(s->dead)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "no session with this SESSION_ID in the tunnel");
		return NULL;
	}
	return s;
}

static int l2tpsec_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_session *s;
	struct l2tpsec_tunnel *t;
	int err = 0;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, SESSION_ID))
		return -EINVAL;

	rtnl_lock();
	s = l2tpsec_nl_session(ln, info, &t);
	if (s)
		l2tpsec_session_delete(s);
	else
		err = -ENOENT;
	rtnl_unlock();
	return err;
}

static int l2tpsec_nl_session_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_session *s;
	struct l2tpsec_tunnel *t;
	struct sk_buff *msg;
	int err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, SESSION_ID))
		return -EINVAL;
	msg = l2tpsec_nl_new_reply_size(info, l2tpsec_nl_session_size());
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	s = l2tpsec_nl_session(ln, info, &t);
	if (!s) {
		rcu_read_unlock();
		nlmsg_free(msg);
		return -ENOENT;
	}
	err = l2tpsec_nl_fill_session(msg, s, info->snd_portid, info->snd_seq,
				      0);
	rcu_read_unlock();
	return l2tpsec_nl_reply(msg, info, err);
}

/* ------------------------------------------------------------ send */

static int l2tpsec_nl_ctrl_send(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_tunnel *t;
	struct nlattr *payload;
	const u8 *data;
	int len, err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, PAYLOAD))
		return -EINVAL;
	payload = info->attrs[L2TPSEC_A_PAYLOAD];
	data = nla_data(payload);
	len = nla_len(payload);
	if (len < L2TP_CTRL_HDR_LEN ||
	    !(get_unaligned_be16(data) & L2TP_HDR_T)) {
		NL_SET_ERR_MSG_ATTR(info->extack, payload,
				    "PAYLOAD is not an L2TP control message");
		return -EINVAL;
	}

	rtnl_lock();
	t = l2tpsec_nl_tunnel(ln, info);
	if (!t) {
		err = -ENOENT;
		goto out;
	}
	if ((get_unaligned_be16(data) & L2TP_HDR_VER_MASK) != t->version) {
		NL_SET_ERR_MSG_ATTR(info->extack, payload,
				    "PAYLOAD L2TP version differs from the tunnel's");
		err = -EINVAL;
		goto out;
	}
	err = l2tpsec_xmit_ctrl(t, data, len);
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot send the control message");
out:
	rtnl_unlock();
	return err;
}

static int l2tpsec_nl_ppp_send(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct l2tpsec_session *s;
	struct l2tpsec_tunnel *t;
	struct nlattr *payload;
	int err;

	if (L2TPSEC_NL_MISSING(info, TUNNEL_ID) ||
	    L2TPSEC_NL_MISSING(info, SESSION_ID) ||
	    L2TPSEC_NL_MISSING(info, PAYLOAD))
		return -EINVAL;
	payload = info->attrs[L2TPSEC_A_PAYLOAD];
	if (nla_len(payload) < 2) {
		NL_SET_ERR_MSG_ATTR(info->extack, payload,
				    "PAYLOAD must start with the 2-byte PPP protocol");
		return -EINVAL;
	}

	rtnl_lock();
	s = l2tpsec_nl_session(ln, info, &t);
	if (!s) {
		err = -ENOENT;
		goto out;
	}
	if (s->pw_type != L2TPSEC_PWTYPE_PPP) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[L2TPSEC_A_SESSION_ID],
				    "PPP_SEND needs an L2TPv2 (PPP) session");
		err = -EINVAL;
		goto out;
	}
	err = l2tpsec_xmit_ppp(s, nla_data(payload), nla_len(payload));
	if (err)
		L2TPSEC_NL_ERR_DEFAULT(info->extack,
				       "cannot send the PPP frame");
out:
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------ stats */

static int l2tpsec_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpsec_net *ln = l2tpsec_nl_ln(info);
	struct sk_buff *msg;
	void *hdr;
	int err = -EMSGSIZE;

	msg = l2tpsec_nl_new_reply(info);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &l2tpsec_nl_family, 0,
				L2TPSEC_CMD_STATS_GET);
	if (hdr) {
		err = l2tpsec_stats_fill(msg, &ln->stats);
		if (!err)
			genlmsg_end(msg, hdr);
	}
	return l2tpsec_nl_reply(msg, info, err);
}

/* ------------------------------------------------------------ events */

/*
 * Start an event if somebody listens in @net. Called with
 * rcu_read_lock() held, from any context.
 */
static struct sk_buff *l2tpsec_nl_event_new(struct net *net, size_t size,
					    u8 cmd, void **hdr)
{
	struct sk_buff *msg;

	if (!READ_ONCE(l2tpsec_nl_up) ||
	    !genl_has_listeners(&l2tpsec_nl_family, net,
				L2TPSEC_NLGRP_EVENTS))
		return NULL;
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &l2tpsec_nl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void l2tpsec_nl_event_send(struct net *net, struct sk_buff *msg,
				  void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&l2tpsec_nl_family, net, msg, 0,
				L2TPSEC_NLGRP_EVENTS, GFP_ATOMIC);
}

/**
 * l2tpsec_nl_sa_expire() - send an SA_EXPIRE event
 * @sa: the SA that reached a lifetime limit
 * @kind: &enum l2tpsec_expire_kind
 * @hard: a hard limit (the SA is now unusable) rather than a soft one
 *
 * Context: any (timer, softirq, process).
 */
void l2tpsec_nl_sa_expire(struct l2tpsec_sa *sa, u8 kind, bool hard)
{
	struct net *net = sa->ln->net;
	struct sk_buff *msg;
	void *hdr;
	size_t size;

	size = 3 * nla_total_size(sizeof(u32)) + 3 * nla_total_size(sizeof(u8));
	rcu_read_lock();
	msg = l2tpsec_nl_event_new(net, size, L2TPSEC_CMD_SA_EXPIRE, &hdr);
	if (!msg)
		goto out;
	if (nla_put_u32(msg, L2TPSEC_A_SA_SPI, sa->spi) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_DIR, sa->dir) ||
	    nla_put_in_addr(msg, L2TPSEC_A_LOCAL_IP4, sa->local_ip) ||
	    nla_put_in_addr(msg, L2TPSEC_A_PEER_IP4, READ_ONCE(sa->peer_ip)) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_EXPIRE_KIND, kind) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_EXPIRE_HARD, hard)) {
		nlmsg_free(msg);
		goto out;
	}
	l2tpsec_nl_event_send(net, msg, hdr);
out:
	rcu_read_unlock();
}

/**
 * l2tpsec_nl_sa_mapping() - send an SA_MAPPING event
 * @sa: the inbound ESP-in-UDP SA an authentic packet came through
 * @addr: the packet's outer source address (the peer's new one)
 * @port: its UDP source port (network order)
 *
 * Rate limiting is the caller's (l2tpsec_sa_mapping()).
 *
 * Context: any (normally softirq).
 */
void l2tpsec_nl_sa_mapping(struct l2tpsec_sa *sa, __be32 addr, __be16 port)
{
	struct net *net = sa->ln->net;
	struct sk_buff *msg;
	void *hdr;
	size_t size;

	size = 3 * nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u8)) +
	       nla_total_size(sizeof(u16));
	rcu_read_lock();
	msg = l2tpsec_nl_event_new(net, size, L2TPSEC_CMD_SA_MAPPING, &hdr);
	if (!msg)
		goto out;
	if (nla_put_u32(msg, L2TPSEC_A_SA_SPI, sa->spi) ||
	    nla_put_u8(msg, L2TPSEC_A_SA_DIR, sa->dir) ||
	    nla_put_in_addr(msg, L2TPSEC_A_LOCAL_IP4, sa->local_ip) ||
	    nla_put_in_addr(msg, L2TPSEC_A_PEER_IP4, addr) ||
	    nla_put_u16(msg, L2TPSEC_A_SA_ENCAP_PEER_PORT, ntohs(port))) {
		nlmsg_free(msg);
		goto out;
	}
	l2tpsec_nl_event_send(net, msg, hdr);
out:
	rcu_read_unlock();
}

/**
 * l2tpsec_nl_ctrl_recv() - send a CTRL_RECV event
 * @ln: namespace state
 * @tunnel_id: local tunnel id, 0 when no tunnel matched
 * @peer_ip: sender's address
 * @peer_port: sender's UDP port (network order)
 * @sa: inbound SA the message came through, NULL for clear text
 * @msg: the control message, from the L2TP header on
 * @len: its length
 *
 * Context: any (normally softirq).
 */
void l2tpsec_nl_ctrl_recv(struct l2tpsec_net *ln, u32 tunnel_id, __be32 peer_ip,
			  __be16 peer_port, const struct l2tpsec_sa *sa,
			  const void *msg, unsigned int len)
{
	struct net *net = ln->net;
	struct sk_buff *ev;
	void *hdr;
	size_t size;

	/* Like the SEND commands' PAYLOAD: drop, never truncate. */
	if (len > L2TPSEC_PAYLOAD_MAX)
		return;
	size = 3 * nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u16)) +
	       nla_total_size(len);
	rcu_read_lock();
	ev = l2tpsec_nl_event_new(net, size, L2TPSEC_CMD_CTRL_RECV, &hdr);
	if (!ev)
		goto out;
	if (nla_put_u32(ev, L2TPSEC_A_TUNNEL_ID, tunnel_id) ||
	    nla_put_in_addr(ev, L2TPSEC_A_PEER_IP4, peer_ip) ||
	    nla_put_u16(ev, L2TPSEC_A_TUNNEL_PEER_PORT, ntohs(peer_port)) ||
	    (sa && nla_put_u32(ev, L2TPSEC_A_SA_SPI, sa->spi)) ||
	    nla_put(ev, L2TPSEC_A_PAYLOAD, len, msg)) {
		nlmsg_free(ev);
		goto out;
	}
	l2tpsec_nl_event_send(net, ev, hdr);
out:
	rcu_read_unlock();
}

/**
 * l2tpsec_nl_ppp_recv() - send a PPP_RECV event
 * @s: the L2TPv2 session the frame arrived on
 * @frame: the PPP frame, from the protocol field on
 * @len: its length
 *
 * Context: any (normally softirq).
 */
void l2tpsec_nl_ppp_recv(struct l2tpsec_session *s, const void *frame,
			 unsigned int len)
{
	struct net *net = s->tunnel->ln->net;
	struct sk_buff *ev;
	void *hdr;
	size_t size;

	if (len > L2TPSEC_PAYLOAD_MAX)
		return;
	size = 2 * nla_total_size(sizeof(u32)) + nla_total_size(len);
	rcu_read_lock();
	ev = l2tpsec_nl_event_new(net, size, L2TPSEC_CMD_PPP_RECV, &hdr);
	if (!ev)
		goto out;
	if (nla_put_u32(ev, L2TPSEC_A_TUNNEL_ID, s->tunnel->id) ||
	    nla_put_u32(ev, L2TPSEC_A_SESSION_ID, s->id) ||
	    nla_put(ev, L2TPSEC_A_PAYLOAD, len, frame)) {
		nlmsg_free(ev);
		goto out;
	}
	l2tpsec_nl_event_send(net, ev, hdr);
out:
	rcu_read_unlock();
}

/* ------------------------------------------------------------ family */

/*
 * Every op needs CAP_NET_ADMIN over the requester's network namespace
 * (GENL_UNS_ADMIN_PERM), the GET/dump ones and STATS_GET included, as
 * for the kernel's l2tp and xfrm families: replies carry L2TPv3 cookies,
 * sequence numbers, replay state and counters. genl checks the op's
 * flags before it calls the doit or starts a dump.
 */
static const struct genl_small_ops l2tpsec_nl_ops[] = {
	{
		.cmd = L2TPSEC_CMD_SA_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_sa_new,
	},
	{
		.cmd = L2TPSEC_CMD_SA_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_sa_del,
	},
	{
		.cmd = L2TPSEC_CMD_SA_GET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_sa_get,
		.dumpit = l2tpsec_nl_sa_dump,
	},
	{
		.cmd = L2TPSEC_CMD_ENCAP_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_encap_new,
	},
	{
		.cmd = L2TPSEC_CMD_ENCAP_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_encap_del,
	},
	{
		.cmd = L2TPSEC_CMD_ENCAP_GET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_encap_get,
		.dumpit = l2tpsec_nl_encap_dump,
	},
	{
		.cmd = L2TPSEC_CMD_TUNNEL_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_tunnel_new,
	},
	{
		.cmd = L2TPSEC_CMD_TUNNEL_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_tunnel_set,
	},
	{
		.cmd = L2TPSEC_CMD_TUNNEL_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_tunnel_del,
	},
	{
		.cmd = L2TPSEC_CMD_TUNNEL_GET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_tunnel_get,
		.dumpit = l2tpsec_nl_tunnel_dump,
	},
	{
		.cmd = L2TPSEC_CMD_SESSION_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_session_new,
	},
	{
		.cmd = L2TPSEC_CMD_SESSION_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_session_del,
	},
	{
		.cmd = L2TPSEC_CMD_SESSION_GET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_session_get,
		.dumpit = l2tpsec_nl_session_dump,
	},
	{
		.cmd = L2TPSEC_CMD_CTRL_SEND,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_ctrl_send,
	},
	{
		.cmd = L2TPSEC_CMD_PPP_SEND,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_ppp_send,
	},
	{
		.cmd = L2TPSEC_CMD_STATS_GET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_stats_get,
	},
	{
		.cmd = L2TPSEC_CMD_SA_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = l2tpsec_nl_sa_set,
	},
};

static const struct genl_multicast_group l2tpsec_nl_mcgrps[] = {
	[L2TPSEC_NLGRP_EVENTS] = {
		.name = L2TPSEC_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/*
 * .validate is 0 in every op: attributes are validated strictly (unknown
 * attributes, trailing data and wrong lengths are rejected) for doit and
 * dump requests alike, against the one family policy.
 */
static struct genl_family l2tpsec_nl_family __ro_after_init = {
	.name = L2TPSEC_GENL_NAME,
	.version = L2TPSEC_GENL_VERSION,
	.maxattr = L2TPSEC_A_MAX,
	.policy = l2tpsec_nl_policy,
	.netnsok = true,
	.parallel_ops = false,
	.resv_start_op = 0,
	.module = THIS_MODULE,
	.small_ops = l2tpsec_nl_ops,
	.n_small_ops = ARRAY_SIZE(l2tpsec_nl_ops),
	.mcgrps = l2tpsec_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(l2tpsec_nl_mcgrps),
};

/**
 * l2tpsec_nl_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int l2tpsec_nl_init(void)
{
	int err;

	err = genl_register_family(&l2tpsec_nl_family);
	if (err)
		return err;
	WRITE_ONCE(l2tpsec_nl_up, true);
	return 0;
}

/**
 * l2tpsec_nl_exit() - unregister the generic netlink family
 *
 * Stops the events first and waits for the ones being sent.
 */
void l2tpsec_nl_exit(void)
{
	WRITE_ONCE(l2tpsec_nl_up, false);
	synchronize_rcu();
	genl_unregister_family(&l2tpsec_nl_family);
}
