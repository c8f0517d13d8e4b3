// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - session network interfaces.
 *
 * L2TPv3 Ethernet pseudowires are Ethernet interfaces (bridgeable);
 * L2TPv2 sessions are point-to-point interfaces carrying IPv4 and IPv6,
 * with the PPP framing done by tx.c/rx.c. Other PPP protocols travel to
 * and from userspace over netlink (PPP_RECV / PPP_SEND).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>

#include "l2tpsec.h"

/**
 * struct l2tpsec_dev - private part of a session interface
 * @s: the session (the interface holds a reference)
 */
struct l2tpsec_dev {
	struct l2tpsec_session *s;
};

static int l2tpsec_dev_init(struct net_device *dev)
{
	struct l2tpsec_dev *priv = netdev_priv(dev);

	/* Dropped by the destructor, which register_netdevice() also runs
	 * when it fails after this point.
	 */
	kref_get(&priv->s->ref);
	return 0;
}

/*
 * The GRO cells (a NAPI context per possible CPU) are set up at the
 * first open, not at registration: sessions are created by the
 * thousand, many stay down. gro_cells_receive() drops while the
 * interface is down and uses netif_rx() while ->cells is NULL, so the
 * cells are built aside and published whole; if that fails for lack of
 * memory, the interface works without GRO.
 */
static int l2tpsec_dev_open(struct net_device *dev)
{
	struct l2tpsec_dev *priv = netdev_priv(dev);
	struct gro_cells gro;

	ASSERT_RTNL();
	if (priv->s->gro.cells || gro_cells_init(&gro, dev))
		return 0;
	/* Release: the cells are initialized before a receive sees them. */
	smp_store_release(&priv->s->gro.cells, gro.cells);
	return 0;
}

static void l2tpsec_dev_uninit(struct net_device *dev)
{
	struct l2tpsec_dev *priv = netdev_priv(dev);

	gro_cells_destroy(&priv->s->gro);	/* no-op if never opened */
}

static void l2tpsec_dev_destructor(struct net_device *dev)
{
	struct l2tpsec_dev *priv = netdev_priv(dev);

	l2tpsec_session_put(priv->s);
}

static netdev_tx_t l2tpsec_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct l2tpsec_dev *priv = netdev_priv(dev);

	l2tpsec_xmit_session(priv->s, skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops l2tpsec_eth_ops = {
	.ndo_init = l2tpsec_dev_init,
	.ndo_uninit = l2tpsec_dev_uninit,
	.ndo_open = l2tpsec_dev_open,
	.ndo_start_xmit = l2tpsec_dev_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static const struct net_device_ops l2tpsec_ppp_ops = {
	.ndo_init = l2tpsec_dev_init,
	.ndo_uninit = l2tpsec_dev_uninit,
	.ndo_open = l2tpsec_dev_open,
	.ndo_start_xmit = l2tpsec_dev_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void l2tpsec_dev_common_setup(struct net_device *dev)
{
	dev->needs_free_netdev = true;
	dev->priv_destructor = l2tpsec_dev_destructor;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->min_mtu = IPV4_MIN_MTU;
}

static void l2tpsec_eth_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &l2tpsec_eth_ops;
	l2tpsec_dev_common_setup(dev);
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
}

static void l2tpsec_ppp_setup(struct net_device *dev)
{
	dev->netdev_ops = &l2tpsec_ppp_ops;
	dev->type = ARPHRD_PPP;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->tx_queue_len = 0;
	l2tpsec_dev_common_setup(dev);
	dev->max_mtu = IP_MAX_MTU;
}

/* The MTU that keeps the outer packet within the path MTU to the peer. */
static u32 l2tpsec_dev_default_mtu(struct l2tpsec_session *s)
{
	struct l2tpsec_tunnel *t = s->tunnel;
	struct net *net = t->ln->net;
	unsigned int hdr_len, path_mtu = ETH_DATA_LEN;
	struct flowi4 fl4 = {
		.daddr = t->peer_ip,
		.saddr = t->local_ip,
		.flowi4_proto = IPPROTO_UDP,
	};
	struct rtable *rt;
	int overhead;

	rt = ip_route_output_key(net, &fl4);
	if (!IS_ERR(rt)) {
		path_mtu = dst_mtu(&rt->dst);
		ip_rt_put(rt);
	}
	if (t->version == 3)
		hdr_len = l2tp_v3_hdr_len(s->peer_cookie_len, s->l2spec);
	else
		hdr_len = l2tp_v2_hdr_len(s->send_seq);
	overhead = l2tpsec_tunnel_overhead(t, s->pw_type, hdr_len);
	if (s->pw_type == L2TPSEC_PWTYPE_ETH)
		overhead += ETH_HLEN;
	if (path_mtu <= overhead + IPV4_MIN_MTU)
		return IPV4_MIN_MTU;
	return path_mtu - overhead;
}

/**
 * l2tpsec_dev_create() - create and register a session's interface
 * @s: the session, not yet visible to the data path
 * @ifname: requested name, or NULL for l2tpeth%d / l2tpppp%d
 * @mtu: requested MTU, 0 for the computed default
 * @extack: error reporting
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int l2tpsec_dev_create(struct l2tpsec_session *s, const char *ifname, u32 mtu,
		       struct netlink_ext_ack *extack)
{
	bool eth = s->pw_type == L2TPSEC_PWTYPE_ETH;
	unsigned char assign = NET_NAME_USER;
	struct l2tpsec_dev *priv;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	if (!ifname || !*ifname) {
		ifname = eth ? "l2tpeth%d" : "l2tpppp%d";
		assign = NET_NAME_ENUM;
	}
	dev = alloc_netdev(sizeof(*priv), ifname, assign,
			   eth ? l2tpsec_eth_setup : l2tpsec_ppp_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, s->tunnel->ln->net);
	priv = netdev_priv(dev);
	priv->s = s;
	s->dev = dev;
	if (!mtu)
		mtu = l2tpsec_dev_default_mtu(s);
	if (mtu < dev->min_mtu || mtu > dev->max_mtu) {
		NL_SET_ERR_MSG(extack, "SESSION_MTU out of range");
		err = -EINVAL;
		goto err_free;
	}
	dev->mtu = mtu;

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the session interface (name taken?)");
		goto err_free;
	}
	return 0;

err_free:
	s->dev = NULL;
	free_netdev(dev);
	return err;
}

/**
 * l2tpsec_dev_destroy() - unregister a session's interface
 * @s: the session
 *
 * Context: RTNL.
 */
void l2tpsec_dev_destroy(struct l2tpsec_session *s)
{
	ASSERT_RTNL();
	if (s->dev)
		unregister_netdevice(s->dev);
}

/**
 * l2tpsec_dev_rx() - deliver a received frame to a session's interface
 * @s: the session
 * @skb: Ethernet frame (ETH pseudowire) or network packet (PPP), data at
 *	its first byte; consumed
 * @ppp_proto: PPP protocol of a PPP session's packet (IPv4 or IPv6)
 *
 * Context: softirq, RCU read side.
 */
void l2tpsec_dev_rx(struct l2tpsec_session *s, struct sk_buff *skb, u16 ppp_proto)
{
	struct net_device *dev = s->dev;
	unsigned int len;

	skb_scrub_packet(skb, false);
	skb->ip_summed = CHECKSUM_NONE;
	if (s->pw_type == L2TPSEC_PWTYPE_ETH) {
		if (!pskb_may_pull(skb, ETH_HLEN))
			goto drop;
		skb->protocol = eth_type_trans(skb, dev);
		skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
		len = skb->len + ETH_HLEN;
	} else {
		skb->dev = dev;
		skb->pkt_type = PACKET_HOST;
		skb->protocol = htons(ppp_proto == PPP_PROTO_IPV6 ? ETH_P_IPV6 : ETH_P_IP);
		skb_reset_mac_header(skb);
		skb_reset_network_header(skb);
		if (ppp_proto == PPP_PROTO_IP)
			l2tpsec_mss_clamp(skb, READ_ONCE(dev->mtu));
		len = skb->len;
	}
	skb_reset_network_header(skb);
	dev_sw_netstats_rx_add(dev, len);
	if (gro_cells_receive(&s->gro, skb) != NET_RX_SUCCESS)
		dev->stats.rx_dropped++;
	return;

drop:
	dev->stats.rx_dropped++;
	kfree_skb(skb);
}
