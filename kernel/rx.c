// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - receive path.
 *
 * ESP reaches the module through the kernel's xfrm4 protocol handler
 * chain, where it registers ahead of esp4: raw ESP through ->handler,
 * ESP-in-UDP (after xfrm4_udp_encap_rcv() on an encap socket stripped
 * the UDP header) through ->input_handler. SPIs the module does not own
 * go on to esp4 and the rest of the xfrm stack. Clear-text L2TP arrives
 * on the tunnels' kernel UDP sockets (l2tpsec_port_encap_rcv()).
 *
 * After decryption the inner UDP header and L2TP header are parsed once,
 * the session is found, and the frame goes to the session's interface.
 * L2TP that came inside ESP must have come through an SA of the tunnel's
 * peer address and, when the tunnel is bound (TUNNEL_SA_IN), through one
 * of its bound inbound SAs: peers behind one NAT share an address, and
 * each must only reach its own tunnels.
 * Control messages and non-IP PPP frames go to userspace over netlink.
 */
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/udp.h>
#include <net/esp.h>
#include <net/xfrm.h>

#include "l2tpsec.h"

/* Enough for the longest L2TP header we parse plus PPP framing. */
#define L2TPSEC_RX_PULL		64

static void l2tpsec_rx_drop(struct l2tpsec_stats *st, struct sk_buff *skb,
			    int cause)
{
	l2tpsec_stats_inc(st, cause);
	kfree_skb(skb);
}

/* Data packet of a session: @off bytes of L2TP header precede the
 * payload in the linear area.
 */
static void l2tpsec_session_rcv(struct l2tpsec_session *s, struct sk_buff *skb,
				const struct l2tp_hdr_info *h)
{
	struct l2tpsec_tunnel *t = s->tunnel;
	u32 off = h->hdr_len;
	bool has_seq = h->has_seq;
	u32 seq = h->ns;
	u16 proto = 0;
	int n;

	if (t->version == 3) {
		n = l2tp_v3_parse_tail(skb->data + off, skb_headlen(skb) - off,
				       s->cookie, s->cookie_len, s->l2spec,
				       &has_seq, &seq);
		if (n < 0) {
			l2tpsec_rx_drop(&s->stats, skb, L2TPSEC_STATS_DROP_NO_SESSION);
			return;
		}
		off += n;
	}
	if (s->recv_seq) {
		u32 mask = t->version == 3 ? L2TP_V3_L2SPEC_SEQ : 0xffff;
		u32 nr = READ_ONCE(s->nr);

		/* Accept the expected number or newer (modular half-space),
		 * drop older ones: no reordering buffer.
		 */
		if (!has_seq || ((seq - nr) & mask) > (mask >> 1)) {
			l2tpsec_rx_drop(&s->stats, skb, L2TPSEC_STATS_DROP_SEQ);
			return;
		}
		WRITE_ONCE(s->nr, (seq + 1) & mask);
	}
	if (s->pw_type == L2TPSEC_PWTYPE_PPP) {
		n = l2tp_ppp_parse(skb->data + off, skb_headlen(skb) - off, &proto);
		if (n < 0) {
			l2tpsec_rx_drop(&s->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
			return;
		}
		if (proto != PPP_PROTO_IP && proto != PPP_PROTO_IPV6) {
			/* LCP, IPCP, authentication...: to userspace, from
			 * a 2-byte protocol field on (undoing PFC). The L2TP
			 * header before it leaves room to write it.
			 */
			unsigned int pf = off + n - 2;

			if (skb_linearize(skb)) {
				l2tpsec_rx_drop(&s->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
				return;
			}
			put_unaligned_be16(proto, skb->data + pf);
			l2tpsec_stats_pkt(&s->stats, L2TPSEC_STATS_RX_PACKETS, skb->len);
			l2tpsec_nl_ppp_recv(s, skb->data + pf, skb->len - pf);
			consume_skb(skb);
			return;
		}
		off += n;
	}
	__skb_pull(skb, off);
	l2tpsec_stats_pkt(&s->stats, L2TPSEC_STATS_RX_PACKETS, skb->len);
	l2tpsec_dev_rx(s, skb, proto);
}

/* Control message (T bit): to userspace with the peer and SA it came
 * through.
 */
static void l2tpsec_ctrl_rcv(struct l2tpsec_net *ln, struct sk_buff *skb,
			     const struct l2tpsec_sa *sa, __be32 saddr,
			     __be16 sport, u32 tunnel_id)
{
	struct l2tpsec_tunnel *t = tunnel_id ? l2tpsec_tunnel_lookup(ln, tunnel_id) : NULL;
	__be32 peer_ip;

	if (t) {
		peer_ip = READ_ONCE(t->peer_ip);
		if (peer_ip != saddr || (sa && READ_ONCE(sa->peer_ip) != peer_ip)) {
			l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_NO_SESSION);
			return;
		}
		if (sa && !l2tpsec_tunnel_sa_bound(t, sa)) {
			l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_SA_MISMATCH);
			return;
		}
		if (!sa && READ_ONCE(t->esp_required)) {
			l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_CLEARTEXT);
			return;
		}
	}
	if (skb_linearize(skb)) {
		l2tpsec_rx_drop(&ln->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
		return;
	}
	l2tpsec_stats_pkt(t ? &t->stats : &ln->stats, L2TPSEC_STATS_RX_PACKETS,
			  skb->len);
	l2tpsec_nl_ctrl_recv(ln, t ? t->id : 0, saddr, sport, sa, skb->data,
			     skb->len);
	consume_skb(skb);
}

/*
 * L2TP message, data at the L2TP header, from @saddr:@sport, through @sa
 * (NULL for clear text). Consumes @skb.
 */
static void l2tpsec_l2tp_rcv(struct l2tpsec_net *ln, struct sk_buff *skb,
			     const struct l2tpsec_sa *sa, __be32 saddr,
			     __be16 sport)
{
	struct l2tpsec_session *s;
	struct l2tpsec_tunnel *t;
	struct l2tp_hdr_info h;
	__be32 peer_ip;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, L2TPSEC_RX_PULL)))
		goto malformed;
	/* A Length field (control messages, v2 L bit) is checked against
	 * the whole message: give the parser all of it.
	 */
	if (skb->len >= 2 && (get_unaligned_be16(skb->data) & (L2TP_HDR_T | L2TP_HDR_L)) &&
	    skb_linearize(skb))
		goto malformed;
	if (l2tp_hdr_parse(skb->data, skb_headlen(skb), &h) < 0)
		goto malformed;
	if (h.length && h.length < skb->len && pskb_trim(skb, h.length))
		goto malformed;
	if (h.ctrl) {
		l2tpsec_ctrl_rcv(ln, skb, sa, saddr, sport, h.tunnel_id);
		return;
	}
	s = l2tpsec_session_lookup(ln, h.version, h.tunnel_id, h.session_id);
	if (!s || READ_ONCE(s->dead)) {
		l2tpsec_rx_drop(&ln->stats, skb, L2TPSEC_STATS_DROP_NO_SESSION);
		return;
	}
	t = s->tunnel;
	/* The packet must come from the tunnel's peer, and through an SA
	 * of that peer when it came inside ESP: one the tunnel is bound to,
	 * if it is bound (another peer behind the same NAT has the same
	 * address, and SAs of its own).
	 */
	peer_ip = READ_ONCE(t->peer_ip);
	if (peer_ip != saddr || (sa && READ_ONCE(sa->peer_ip) != peer_ip)) {
		l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_NO_SESSION);
		return;
	}
	if (sa && !l2tpsec_tunnel_sa_bound(t, sa)) {
		l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_SA_MISMATCH);
		return;
	}
	if (!sa && READ_ONCE(t->esp_required)) {
		l2tpsec_rx_drop(&t->stats, skb, L2TPSEC_STATS_DROP_CLEARTEXT);
		return;
	}
	l2tpsec_stats_pkt(&t->stats, L2TPSEC_STATS_RX_PACKETS, skb->len);
	l2tpsec_session_rcv(s, skb, &h);
	return;

malformed:
	l2tpsec_rx_drop(&ln->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
}

/* Decrypted payload, data at the inner UDP header. */
static void l2tpsec_inner_rcv(struct l2tpsec_net *ln, struct sk_buff *skb,
			      const struct l2tpsec_sa *sa, __be32 saddr)
{
	struct udphdr *uh;
	unsigned int ulen;
	__be16 sport;

	if (!pskb_may_pull(skb, sizeof(*uh)))
		goto malformed;
	uh = (struct udphdr *)skb->data;
	ulen = ntohs(uh->len);
	if (ulen < sizeof(*uh) || ulen > skb->len)
		goto malformed;
	if (ulen < skb->len && pskb_trim(skb, ulen))
		goto malformed;
	sport = uh->source;
	__skb_pull(skb, sizeof(*uh));
	l2tpsec_l2tp_rcv(ln, skb, sa, saddr, sport);
	return;

malformed:
	l2tpsec_rx_drop(&ln->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
}

/*
 * ESP for no SA of the module: count it as DROP_UNKNOWN_SPI only if the
 * kernel's xfrm has no state for it either (esp4 would handle it: an
 * `ip xfrm` SA or an IKE daemon's in the namespace), with the lookup
 * xfrm_input() does.
 */
static bool l2tpsec_xfrm_owns(struct l2tpsec_net *ln, struct sk_buff *skb,
			      __be32 spi)
{
	struct xfrm_state *x;

	x = xfrm_state_lookup(ln->net, skb->mark,
			      (const xfrm_address_t *)&ip_hdr(skb)->daddr, spi,
			      IPPROTO_ESP, AF_INET);
	if (!x)
		return false;
	xfrm_state_put(x);
	return true;
}

static void l2tpsec_unknown_spi(struct l2tpsec_net *ln, struct sk_buff *skb,
				__be32 spi)
{
	if (!l2tpsec_xfrm_owns(ln, skb, spi))
		l2tpsec_stats_inc(&ln->stats, L2TPSEC_STATS_DROP_UNKNOWN_SPI);
}

/* Outer UDP source port of ESP-in-UDP, data at the ESP header: the UDP
 * header is still in the linear area, right after the IPv4 header.
 */
static __be16 l2tpsec_esp_udp_sport(const struct sk_buff *skb)
{
	const struct udphdr *uh;

	uh = (const struct udphdr *)(skb_network_header(skb) + ip_hdrlen(skb));
	return uh->source;
}

/*
 * ESP packet, data at the ESP header, network header at the outer IPv4
 * header. Returns -EINVAL for SPIs the module does not own (the next
 * handler, esp4, gets the packet), 0 when the packet was consumed.
 * In a namespace that is going the module owns no SPI any more: every
 * packet goes on to esp4, untouched and not counted.
 */
static int l2tpsec_esp_input(struct sk_buff *skb, bool encap)
{
	struct l2tpsec_net *ln = l2tpsec_pernet_rx(dev_net(skb->dev));
	const struct iphdr *iph;
	struct l2tpsec_esp_cb *cb;
	struct l2tpsec_sa *sa;
	__be16 sport = 0, peer_port;
	__be32 spi, peer_ip;
	bool sa_udp, moved = false;

	if (!ln || !pskb_may_pull(skb, sizeof(struct ip_esp_hdr)))
		return -EINVAL;
	iph = ip_hdr(skb);
	spi = ip_esp_hdr(skb)->spi;
	sa = l2tpsec_sa_lookup(ln, ntohl(spi), L2TPSEC_DIR_IN);
	if (!sa || sa->local_ip != iph->daddr) {
		l2tpsec_unknown_spi(ln, skb, spi);
		return -EINVAL;
	}
	sa_udp = sa->encap == L2TPSEC_ENCAP_UDP;
	l2tpsec_sa_peer(sa, &peer_ip, &peer_port);
	if (peer_ip != iph->saddr) {
		/* Only an ESP-in-UDP SA's peer moves (its NAT's address
		 * changed); anything else from another address is not
		 * ours, and neither is an xfrm SA's packet.
		 */
		if (!encap || !sa_udp || l2tpsec_xfrm_owns(ln, skb, spi)) {
			l2tpsec_unknown_spi(ln, skb, spi);
			return -EINVAL;
		}
		moved = true;
	}
	/* raw ESP for an ESP-in-UDP SA, or the other way round */
	if (encap != sa_udp) {
		l2tpsec_rx_drop(&sa->stats, skb, L2TPSEC_STATS_DROP_MALFORMED);
		return 0;
	}
	/* ESP-in-UDP from the SA's peer port only: behind a NAT the port
	 * tells peers of the same address apart. xfrm4_udp_encap_rcv()
	 * left the UDP header in place after the IP header. A packet from
	 * elsewhere is authenticated all the same, then dropped: if it is
	 * authentic, the peer's NAT mapping changed (SA_MAPPING event).
	 */
	if (encap) {
		sport = l2tpsec_esp_udp_sport(skb);
		if (sport != peer_port)
			moved = true;
	}
	cb = L2TPSEC_ESP_CB(skb);
	cb->saddr = iph->saddr;
	cb->sport = sport;
	cb->moved = moved;
	if (l2tpsec_esp_decrypt_prep(sa, skb)) {
		kfree_skb(skb);	/* counted by esp.c */
		return 0;
	}
	if (l2tpsec_crypt_use(sa)) {
		/* decrypted on some CPU, then l2tpsec_rx_opened() in order */
		l2tpsec_crypt_submit(sa, skb);	/* counts its drops */
		return 0;
	}
	if (l2tpsec_esp_open(skb))
		kfree_skb(skb);	/* counted by esp.c */
	else
		l2tpsec_rx_opened(sa, skb);
	return 0;
}

/**
 * l2tpsec_rx_opened() - receive a packet crypt.c decrypted
 * @sa: its inbound SA
 * @skb: the packet, authentic, data at the ESP header; consumed
 *
 * The rest of the ESP receive path, for the packets of @sa in the order
 * they arrived: the anti-replay window update, the trailer, then the
 * inner UDP and L2TP headers.
 *
 * Context: BH disabled, RCU; @sa's namespace is live. Also the end of
 * the inline path (l2tpsec_esp_input()).
 */
void l2tpsec_rx_opened(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	__be32 saddr = L2TPSEC_ESP_CB(skb)->saddr;

	if (l2tpsec_esp_decrypt_done(skb)) {
		kfree_skb(skb);	/* counted by esp.c */
		return;
	}
	l2tpsec_inner_rcv(sa->ln, skb, sa, saddr);
}

static int l2tpsec_xfrm_rcv(struct sk_buff *skb)
{
	return l2tpsec_esp_input(skb, false);
}

static int l2tpsec_xfrm_input(struct sk_buff *skb, int nexthdr, __be32 spi,
			      int encap_type)
{
	if (encap_type != UDP_ENCAP_ESPINUDP)
		return -EINVAL;
	return l2tpsec_esp_input(skb, true);
}

/* After xfrm_input() of a packet that esp4 handled: not ours. */
static int l2tpsec_xfrm_cb(struct sk_buff *skb, int err)
{
	return 1;
}

static int l2tpsec_xfrm_err(struct sk_buff *skb, u32 info)
{
	return -ENOENT;
}

static struct xfrm4_protocol l2tpsec_xfrm4_protocol = {
	.handler = l2tpsec_xfrm_rcv,
	.input_handler = l2tpsec_xfrm_input,
	.cb_handler = l2tpsec_xfrm_cb,
	.err_handler = l2tpsec_xfrm_err,
	/* Ahead of esp4 (0); vti (100) may still claim its own first. */
	.priority = 50,
};

/**
 * l2tpsec_port_encap_rcv() - clear-text L2TP on a tunnel's UDP port
 * @sk: the port's kernel socket
 * @skb: the packet, data at the UDP header (checksum verified)
 *
 * Context: softirq, RCU.
 * Return: 0, the packet is always consumed.
 */
int l2tpsec_port_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct l2tpsec_net *ln = rcu_dereference_sk_user_data(sk);
	__be16 sport;

	/* NULL once the socket is being released; not live once the
	 * namespace is going: dropped, not counted
	 */
	if (!l2tpsec_net_live(ln) || !pskb_may_pull(skb, sizeof(struct udphdr))) {
		kfree_skb(skb);
		return 0;
	}
	sport = udp_hdr(skb)->source;
	__skb_pull(skb, sizeof(struct udphdr));
	l2tpsec_l2tp_rcv(ln, skb, NULL, ip_hdr(skb)->saddr, sport);
	return 0;
}

/**
 * l2tpsec_rx_init() - start receiving ESP
 *
 * Return: 0 or a negative errno.
 */
int l2tpsec_rx_init(void)
{
	int err = xfrm4_protocol_register(&l2tpsec_xfrm4_protocol, IPPROTO_ESP);

	if (err)
		pr_err("l2tpsec: cannot register the ESP handler: %d\n", err);
	return err;
}

/**
 * l2tpsec_rx_exit() - stop receiving ESP
 */
void l2tpsec_rx_exit(void)
{
	xfrm4_protocol_deregister(&l2tpsec_xfrm4_protocol, IPPROTO_ESP);
}
