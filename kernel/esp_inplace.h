/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsec - may a received ESP packet be decrypted where it lies?
 *
 * Decrypting in place writes the plaintext (AES-GCM and ChaCha20-Poly1305
 * even before the tag is checked) into every byte the scatterlist covers.
 * That is only allowed into memory the packet provably owns. A fragment
 * of a received skb can be a page of someone else: a page-cache page
 * that splice()/sendfile() handed to a UDP socket (udp_sendpage(), whose
 * ip_append_page() does not set SKBFL_SHARED_FRAG in 6.1) and loopback or
 * veth delivered as it is, a vmsplice()'d user page, a page that a TCP
 * zerocopy receive mapped into a process. SKBFL_SHARED_FRAG is meant to
 * say so, but it is not set on every path that makes such frags, so its
 * absence proves nothing.
 *
 * What is provably private:
 * - the linear area of an skb that is not cloned (the head is the
 *   skb's own allocation; a clone shares it with packet taps);
 * - fragments that are page-pool pages (the driver's receive buffers:
 *   skb->pp_recycle and the page_pool signature in every page), when the
 *   skb is not cloned, has no frag list and no frag is flagged shared.
 * Everything else goes through skb_cow_data() first, which copies the
 * fragments into a new linear area (as the kernel's esp_input() does for
 * cloned skbs and frag lists).
 *
 * Header only and free of anything but a few skb accessors, so that the
 * unit tests (tests/unit/test_esp_inplace.c, with tests/unit/skb_shim.h)
 * run this very code.
 */
#ifndef _L2TPSEC_ESP_INPLACE_H
#define _L2TPSEC_ESP_INPLACE_H

#ifdef __KERNEL__
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/skbuff.h>
#else
#include "skb_shim.h"
#endif

/* A page of a page_pool (what page_pool_return_skb_page() checks). */
static inline bool l2tpsec_page_is_pp(struct page *page)
{
	page = compound_head(page);
	return (page->pp_magic & ~0x3UL) == PP_SIGNATURE;
}

/**
 * l2tpsec_esp_rx_inplace() - scatterlist entries for decrypting a received
 *	ESP packet in place, if that is safe
 * @skb: the received packet
 * @max_sg: scatterlist entries available for its data
 *
 * Context: any; reads the skb and the struct page of its fragments.
 * Return: the number of scatterlist entries the packet's data needs (1
 * for a linear skb, fragments + 1 otherwise) when all of its data is
 * provably private to it, or 0 when it must be copied first
 * (skb_cow_data()): cloned, frag list, a fragment flagged shared or not
 * from a page pool, or more pieces than @max_sg.
 */
static inline int l2tpsec_esp_rx_inplace(const struct sk_buff *skb,
					 int max_sg)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	int i;

	if (skb_cloned(skb))
		return 0;
	if (!skb_is_nonlinear(skb))
		return 1;
	if (!skb->pp_recycle || skb_has_frag_list(skb) ||
	    skb_has_shared_frag(skb) || shinfo->nr_frags + 1 > max_sg)
		return 0;
	for (i = 0; i < shinfo->nr_frags; i++)
		if (!l2tpsec_page_is_pp(skb_frag_page(&shinfo->frags[i])))
			return 0;
	return shinfo->nr_frags + 1;
}

#endif
