// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - transmit path.
 *
 * One pass per packet: the session's frame gets its L2TP header (and PPP
 * framing), the inner UDP header, ESP (esp.c encrypts in place), the outer
 * UDP header for ESP-in-UDP and the outer IPv4 header, and leaves through
 * ip_local_out() on a route cached per tunnel. No policy lookup, no second
 * trip through the IP stack.
 */
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/route.h>

#include "l2tpsec.h"

/* Worst-case ESP overhead when a tunnel has no SA yet (AES-CBC, SHA-256):
 * header 8 + IV 16 + padding 15 + trailer 2 + ICV 16.
 */
#define L2TPSEC_ESP_MAX_OVERHEAD	57
#define L2TPSEC_PPP_HDR_LEN		4	/* FF 03 + 2-byte protocol */
#define L2TPSEC_L2TP_MAX_HDR		24

/**
 * l2tpsec_tunnel_overhead() - bytes added around a session's payload
 * @t: the tunnel
 * @pw_type: the session's pseudowire type
 * @hdr_len: the session's L2TP header length
 *
 * Counts the outer IPv4 header, ESP-in-UDP header, ESP (worst-case
 * padding), inner UDP, L2TP and PPP headers; not the Ethernet header an
 * ETH pseudowire carries.
 *
 * Return: the overhead in bytes.
 */
unsigned int l2tpsec_tunnel_overhead(struct l2tpsec_tunnel *t, u16 pw_type,
				     unsigned int hdr_len)
{
	unsigned int overhead = sizeof(struct iphdr) + sizeof(struct udphdr) + hdr_len;
	struct l2tpsec_sa *sa;

	if (pw_type == L2TPSEC_PWTYPE_PPP)
		overhead += L2TPSEC_PPP_HDR_LEN;
	rcu_read_lock();
	sa = rcu_dereference_check(t->sa_out, lockdep_rtnl_is_held());
	if (sa) {
		overhead += l2tpsec_esp_overhead(sa, 0) + sa->alg->align - 1;
		if (sa->encap == L2TPSEC_ENCAP_UDP)
			overhead += sizeof(struct udphdr);
	} else {
		overhead += L2TPSEC_ESP_MAX_OVERHEAD + sizeof(struct udphdr);
	}
	rcu_read_unlock();
	return overhead;
}

static struct rtable *l2tpsec_tunnel_route(struct l2tpsec_tunnel *t, struct net *net,
					   __be32 daddr, const struct net_device *from)
{
	struct rtable *rt;
	__be32 saddr;

	rt = dst_cache_get_ip4(&t->dst_cache, &saddr);
	if (!rt) {
		struct flowi4 fl4 = {
			.daddr = daddr,
			.saddr = t->local_ip,
			.flowi4_proto = IPPROTO_UDP,
		};

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return NULL;
		dst_cache_set_ip4(&t->dst_cache, &rt->dst, fl4.saddr);
	}
	if (from && rt->dst.dev == from) {
		/* The route to the peer goes through the tunnel itself. */
		ip_rt_put(rt);
		return NULL;
	}
	return rt;
}

/*
 * Send a packet whose data starts at the L2TP header to the tunnel's
 * peer. Consumes @skb. Runs with BH disabled, under RCU. Returns 0 or a
 * negative drop cause (already counted).
 */
static int l2tpsec_tunnel_xmit(struct l2tpsec_tunnel *t, struct sk_buff *skb,
			       const struct net_device *from)
{
	struct net *net = t->ln->net;
	unsigned int headroom, len;
	struct l2tpsec_sa *sa;
	struct rtable *rt;
	struct udphdr *uh;
	struct iphdr *iph;
	__be32 daddr;
	u8 proto;
	int err;

	/* once: TUNNEL_SET may move the peer meanwhile */
	daddr = READ_ONCE(t->peer_ip);
	sa = rcu_dereference_bh(t->sa_out);
	if (sa && (test_bit(L2TPSEC_SA_F_DEAD, &sa->flags))) {
		err = -L2TPSEC_STATS_DROP_NO_SA;
		goto drop_count;
	}
	if (!sa && READ_ONCE(t->esp_required)) {
		err = -L2TPSEC_STATS_DROP_NO_SA;
		goto drop_count;
	}
	rt = l2tpsec_tunnel_route(t, net, daddr, from);
	if (!rt) {
		err = -L2TPSEC_STATS_DROP_TX_ERROR;
		goto drop_count;
	}
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, &rt->dst);

	headroom = LL_RESERVED_SPACE(rt->dst.dev) + sizeof(struct iphdr) +
		   2 * sizeof(struct udphdr) + sizeof(struct ip_esp_hdr) + 16;
	if (skb_cow_head(skb, headroom)) {
		err = -L2TPSEC_STATS_DROP_TX_ERROR;
		goto drop_count;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		err = -L2TPSEC_STATS_DROP_TX_ERROR;
		goto drop_count;
	}
	skb->ip_summed = CHECKSUM_NONE;
	len = skb->len;

	/* Inner UDP: the L2TP port pair. The checksum is left at zero as
	 * RFC 768 allows for IPv4 and as Linux L2TP sends by default; inside
	 * ESP the ICV protects the payload anyway.
	 */
	uh = skb_push(skb, sizeof(*uh));
	uh->source = t->local_port;
	uh->dest = t->peer_port;
	uh->len = htons(skb->len);
	uh->check = 0;
	proto = IPPROTO_UDP;

	if (sa) {
		/* ESP layout now, the cipher last (inline or crypt.c) */
		err = l2tpsec_esp_encrypt_prep(sa, skb);
		if (err)
			goto drop;	/* counted by esp.c on the SA */
		proto = IPPROTO_ESP;
		if (sa->encap == L2TPSEC_ENCAP_UDP) {
			/* RFC 3948 section 2.1: UDP checksum zero. */
			uh = skb_push(skb, sizeof(*uh));
			uh->source = sa->encap_sport;
			uh->dest = READ_ONCE(sa->encap_dport);
			uh->len = htons(skb->len);
			uh->check = 0;
			proto = IPPROTO_UDP;
		}
	}
	skb_reset_transport_header(skb);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = 0;
	iph->tot_len = htons(skb->len);
	iph->frag_off = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = proto;
	iph->saddr = t->local_ip;
	iph->daddr = daddr;
	__ip_select_ident(net, iph, 1);
	skb->protocol = htons(ETH_P_IP);

	if (sa) {
		if (l2tpsec_crypt_use(sa)) {
			/* counted as sent once it is on its way */
			err = l2tpsec_crypt_submit(sa, skb);
			if (err)
				return err;	/* counted on the SA */
			l2tpsec_stats_pkt(&t->stats, L2TPSEC_STATS_TX_PACKETS, len);
			return 0;
		}
		err = l2tpsec_esp_seal(skb);
		if (err)
			goto drop;	/* counted by esp.c on the SA */
	}
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	err = ip_local_out(net, skb->sk, skb);
	if (unlikely(net_xmit_eval(err))) {
		l2tpsec_stats_inc(&t->stats, L2TPSEC_STATS_DROP_TX_ERROR);
		return -L2TPSEC_STATS_DROP_TX_ERROR;
	}
	l2tpsec_stats_pkt(&t->stats, L2TPSEC_STATS_TX_PACKETS, len);
	return 0;

drop_count:
	l2tpsec_stats_inc(&t->stats, -err);
drop:
	kfree_skb(skb);
	return err;
}

/**
 * l2tpsec_tx_sealed() - send a packet crypt.c encrypted
 * @sa: its outbound SA
 * @skb: the packet, data at the outer IPv4 header, headers complete;
 *	consumed
 *
 * The rest of l2tpsec_tunnel_xmit() for a packet that went through the
 * parallel crypt queues. A failure of the IP output is counted on @sa
 * (the tunnel counted the packet as sent when it was queued).
 *
 * Context: BH disabled, RCU.
 */
void l2tpsec_tx_sealed(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	int err;

	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	err = ip_local_out(sa->ln->net, skb->sk, skb);
	if (unlikely(net_xmit_eval(err)))
		l2tpsec_stats_inc(&sa->stats, L2TPSEC_STATS_DROP_TX_ERROR);
}

/* Push the session's L2TP header (data at the L2TP payload). */
static int l2tpsec_push_l2tp(struct l2tpsec_session *s, struct sk_buff *skb)
{
	struct l2tpsec_tunnel *t = s->tunnel;
	u8 hdr[L2TPSEC_L2TP_MAX_HDR];
	u32 ns = 0, len;

	if (s->send_seq)
		ns = (u32)atomic_inc_return(&s->ns) - 1;
	if (t->version == 3)
		len = l2tp_v3_build(hdr, s->peer_id, s->peer_cookie,
				    s->peer_cookie_len, s->l2spec, s->send_seq,
				    ns & L2TP_V3_L2SPEC_SEQ);
	else
		len = l2tp_v2_build(hdr, t->peer_id, s->peer_id, s->send_seq,
				    ns & 0xffff, 0);
	if (skb_cow_head(skb, len + 64))
		return -ENOMEM;
	memcpy(skb_push(skb, len), hdr, len);
	return 0;
}

static int l2tpsec_push_ppp(struct sk_buff *skb, u16 proto)
{
	u8 *p;

	if (skb_cow_head(skb, L2TPSEC_PPP_HDR_LEN + 64))
		return -ENOMEM;
	p = skb_push(skb, L2TPSEC_PPP_HDR_LEN);
	put_unaligned_be16(PPP_ADDR_CTRL, p);
	put_unaligned_be16(proto, p + 2);
	return 0;
}

/**
 * l2tpsec_xmit_session() - send a frame from a session's interface
 * @s: the session
 * @skb: Ethernet frame (ETH) or IPv4/IPv6 packet (PPP); consumed
 *
 * Context: ndo_start_xmit (BH disabled, RCU).
 */
void l2tpsec_xmit_session(struct l2tpsec_session *s, struct sk_buff *skb)
{
	struct l2tpsec_tunnel *t = s->tunnel;
	struct net_device *dev = s->dev;
	unsigned int len = skb->len;
	int err;

	if (unlikely(READ_ONCE(s->dead) || READ_ONCE(t->dead)))
		goto drop;
	if (s->pw_type == L2TPSEC_PWTYPE_PPP) {
		u16 proto;

		if (skb->protocol == htons(ETH_P_IP)) {
			proto = PPP_PROTO_IP;
			skb_reset_network_header(skb);
			l2tpsec_mss_clamp(skb, READ_ONCE(dev->mtu));
		} else if (skb->protocol == htons(ETH_P_IPV6)) {
			proto = PPP_PROTO_IPV6;
		} else {
			goto drop;
		}
		if (l2tpsec_push_ppp(skb, proto))
			goto drop;
	}
	if (l2tpsec_push_l2tp(s, skb))
		goto drop;
	err = l2tpsec_tunnel_xmit(t, skb, dev);
	if (err) {
		dev->stats.tx_dropped++;
		l2tpsec_stats_inc(&s->stats, -err);
		return;
	}
	dev_sw_netstats_tx_add(dev, 1, len);
	l2tpsec_stats_pkt(&s->stats, L2TPSEC_STATS_TX_PACKETS, len);
	return;

drop:
	dev->stats.tx_dropped++;
	l2tpsec_stats_inc(&s->stats, L2TPSEC_STATS_DROP_TX_ERROR);
	kfree_skb(skb);
}

static struct sk_buff *l2tpsec_alloc_msg(const void *data, size_t len,
					 unsigned int extra)
{
	unsigned int headroom = LL_MAX_HEADER + 128;
	struct sk_buff *skb;

	skb = alloc_skb(headroom + extra + len + 64, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, headroom + extra);
	skb_put_data(skb, data, len);
	return skb;
}

/**
 * l2tpsec_xmit_ctrl() - send an L2TP control message to a tunnel's peer
 * @t: the tunnel
 * @msg: the message from its L2TP header on
 * @len: its length
 *
 * Context: process context (netlink), RTNL.
 * Return: 0 or a negative errno.
 */
int l2tpsec_xmit_ctrl(struct l2tpsec_tunnel *t, const void *msg, size_t len)
{
	struct sk_buff *skb = l2tpsec_alloc_msg(msg, len, 0);
	int err;

	if (!skb)
		return -ENOMEM;
	local_bh_disable();
	rcu_read_lock();
	err = l2tpsec_tunnel_xmit(t, skb, NULL);
	rcu_read_unlock();
	local_bh_enable();
	return err ? -EIO : 0;
}

/**
 * l2tpsec_xmit_ppp() - send a PPP frame (LCP, IPCP, auth...) on a session
 * @s: an L2TPv2 session
 * @frame: the frame from its PPP protocol field on
 * @len: its length
 *
 * Context: process context (netlink), RTNL.
 * Return: 0 or a negative errno.
 */
int l2tpsec_xmit_ppp(struct l2tpsec_session *s, const void *frame, size_t len)
{
	struct sk_buff *skb;
	int err;

	if (s->pw_type != L2TPSEC_PWTYPE_PPP || len < 2)
		return -EINVAL;
	skb = l2tpsec_alloc_msg(frame, len, 0);
	if (!skb)
		return -ENOMEM;
	put_unaligned_be16(PPP_ADDR_CTRL, skb_push(skb, 2));
	local_bh_disable();
	rcu_read_lock();
	err = l2tpsec_push_l2tp(s, skb);
	if (err)
		kfree_skb(skb);
	else
		err = l2tpsec_tunnel_xmit(s->tunnel, skb, NULL);
	rcu_read_unlock();
	local_bh_enable();
	return err ? -EIO : 0;
}
