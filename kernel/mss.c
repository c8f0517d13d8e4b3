// SPDX-License-Identifier: GPL-2.0
/*
 * TCP MSS clamping on PPP sessions: the MSS option of IPv4 TCP SYNs that
 * cross a session is lowered to what fits its interface MTU, both ways,
 * so that TCP never sends segments the tunnel would have to fragment (or
 * drop where path MTU discovery is blackholed): what remote-access
 * users see as "small pages load, large downloads stall".
 */
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/checksum.h>
#include <asm/unaligned.h>

#include "l2tpsec.h"

/**
 * l2tpsec_mss_clamp() - lower the MSS option of an IPv4 TCP SYN
 * @skb: an IPv4 packet, data at the IP header
 * @mtu: the MTU the segments must fit
 *
 * Anything else (not TCP, not a SYN, a fragment, no MSS option, an MSS
 * already small enough, a malformed header) is left alone. The TCP
 * checksum is updated incrementally.
 *
 * Context: any (data path).
 */
void l2tpsec_mss_clamp(struct sk_buff *skb, unsigned int mtu)
{
	unsigned int ihl, doff, off, end;
	const struct iphdr *iph;
	struct tcphdr *th;
	u16 mss, max;
	u8 *opt;

	if (mtu <= sizeof(struct iphdr) + sizeof(struct tcphdr) + 8)
		return;
	max = min_t(unsigned int, mtu - sizeof(struct iphdr) - sizeof(struct tcphdr), 0xffff);
	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return;
	iph = ip_hdr(skb);
	ihl = iph->ihl * 4;
	if (iph->version != 4 || iph->protocol != IPPROTO_TCP || ihl < sizeof(*iph) ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)))
		return;
	if (!pskb_may_pull(skb, ihl + sizeof(struct tcphdr)))
		return;
	th = (struct tcphdr *)(skb_network_header(skb) + ihl);
	if (!th->syn)
		return;
	doff = th->doff * 4;
	if (doff <= sizeof(*th) || ihl + doff > skb->len)
		return;
	if (skb_ensure_writable(skb, skb_network_offset(skb) + ihl + doff))
		return;
	th = (struct tcphdr *)(skb_network_header(skb) + ihl);
	opt = (u8 *)(th + 1);
	end = doff - sizeof(*th);
	for (off = 0; off < end;) {
		if (opt[off] == TCPOPT_EOL)
			return;
		if (opt[off] == TCPOPT_NOP) {
			off++;
			continue;
		}
		if (off + 1 >= end || opt[off + 1] < 2 || off + opt[off + 1] > end)
			return;
		if (opt[off] == TCPOPT_MSS && opt[off + 1] == TCPOLEN_MSS) {
			mss = get_unaligned_be16(opt + off + 2);
			if (mss <= max)
				return;
			put_unaligned_be16(max, opt + off + 2);
			inet_proto_csum_replace2(&th->check, skb, htons(mss), htons(max), false);
			return;
		}
		off += opt[off + 1];
	}
}
