// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel/esp_inplace.h: when the ESP receive path may
 * decrypt a packet where it lies (l2tpsec_esp_rx_inplace()) and when it
 * must copy it first with skb_cow_data(). Only memory the skb provably
 * owns may be written: its linear area when it is not cloned, or
 * page-pool fragments; a fragment that is a borrowed page (page cache
 * from sendfile()/splice(), a user page) must never be, whether or not
 * the path that attached it set SKBFL_SHARED_FRAG.
 */
#include "esp_inplace.h"
#include "ktest.h"

/* what esp.c passes: L2TPSEC_ESP_MAX_SG - 1 */
#define MAX_SG	32

static struct page pp_pages[MAX_SKB_FRAGS];	/* page-pool pages */
static struct page file_pages[MAX_SKB_FRAGS];	/* page cache, slab, ... */
static struct page pp_compound[2];		/* pp head + its tail */

static void pages_init(void)
{
	int i;

	for (i = 0; i < MAX_SKB_FRAGS; i++) {
		pp_pages[i].pp_magic = PP_SIGNATURE;
		/* mapping/index of a page-cache page: anything but the mark */
		file_pages[i].pp_magic = 0xffff888004a3c000UL + i;
	}
	/* the low two bits are not part of the signature */
	pp_pages[1].pp_magic = PP_SIGNATURE | 0x1;
	pp_pages[2].pp_magic = PP_SIGNATURE | 0x2;
	pp_compound[0].pp_magic = PP_SIGNATURE;
	pp_compound[1].pp_magic = 0;
	pp_compound[1].head = &pp_compound[0];
}

/* a private skb: @headlen linear bytes, no fragments */
static void skb_linear(struct sk_buff *skb, unsigned int headlen)
{
	memset(skb, 0, sizeof(*skb));
	skb->len = headlen;
}

static void skb_add_frag(struct sk_buff *skb, struct page *page,
			 unsigned int len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	skb_frag_t *f = &sh->frags[sh->nr_frags++];

	f->bv_page = page;
	f->bv_len = len;
	skb->len += len;
	skb->data_len += len;
}

/* @n page-pool fragments behind 64 linear bytes, as a driver builds */
static void skb_pp(struct sk_buff *skb, int n)
{
	int i;

	skb_linear(skb, 64);
	skb->pp_recycle = true;
	for (i = 0; i < n; i++)
		skb_add_frag(skb, &pp_pages[i], 1000);
}

static void test_linear(void)
{
	struct sk_buff skb;

	skb_linear(&skb, 1500);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 1);
	/* pp_recycle does not matter for the head */
	skb.pp_recycle = true;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 1);
	/* a stale SHARED_FRAG flag on a linear skb does not either */
	skb_shinfo(&skb)->flags = SKBFL_SHARED_FRAG;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 1);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, 1), 1);
}

static void test_cloned(void)
{
	struct sk_buff skb;

	/* a packet tap shares the head: never in place */
	skb_linear(&skb, 1500);
	skb.cloned = true;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
	skb_pp(&skb, 2);
	skb.cloned = true;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
}

static void test_frag_list(void)
{
	struct sk_buff skb, member;

	/* reassembled fragments: the members are other skbs */
	skb_pp(&skb, 1);
	skb_linear(&member, 500);
	skb_shinfo(&skb)->frag_list = &member;
	skb.len += 500;
	skb.data_len += 500;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
	/* also with no page fragment at all */
	skb_linear(&skb, 64);
	skb_shinfo(&skb)->frag_list = &member;
	skb.len += 500;
	skb.data_len += 500;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
}

static void test_shared_frag(void)
{
	struct sk_buff skb;

	/* flagged shared (sendpage with the flag, zerocopy): never */
	skb_linear(&skb, 64);
	skb_add_frag(&skb, &file_pages[0], 1000);
	skb_shinfo(&skb)->flags = SKBFL_SHARED_FRAG;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
	/* even page-pool pages, once something says they are shared */
	skb_pp(&skb, 2);
	skb_shinfo(&skb)->flags = SKBFL_SHARED_FRAG;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
}

/* The defect: a page-cache page from splice()/sendfile() on a UDP
 * socket arrives without SKBFL_SHARED_FRAG; the old rule (not cloned,
 * no frag list, not flagged) decrypted into it.
 */
static void test_unflagged_foreign_frag(void)
{
	struct sk_buff skb;
	int i;

	skb_linear(&skb, 16);
	skb_add_frag(&skb, &file_pages[0], 3840);
	skb_add_frag(&skb, &file_pages[1], 256);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);

	/* pp_recycle set, but one frag is not a page-pool page (the
	 * signature is checked per page, not trusted from the skb bit)
	 */
	for (i = 0; i < 3; i++) {
		skb_pp(&skb, 3);
		skb_shinfo(&skb)->frags[i].bv_page = &file_pages[i];
		CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
	}

	/* page-pool pages in an skb not marked for recycling: not a
	 * driver's page-pool skb, so no proof either
	 */
	skb_pp(&skb, 2);
	skb.pp_recycle = false;
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 0);
}

static void test_page_pool(void)
{
	struct sk_buff skb;
	int n;

	/* the fast path that stays: a driver's page-pool skb */
	for (n = 1; n <= MAX_SKB_FRAGS; n++) {
		skb_pp(&skb, n);
		CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), n + 1);
	}
	/* a tail page of a compound page-pool page (high-order pool) */
	skb_linear(&skb, 64);
	skb.pp_recycle = true;
	skb_add_frag(&skb, &pp_compound[1], 1000);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, MAX_SG), 2);
}

static void test_too_many_pieces(void)
{
	struct sk_buff skb;

	/* more pieces than the scatterlist: copy (and linearise) */
	skb_pp(&skb, 4);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, 5), 5);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, 4), 0);
	CHECK_INT(l2tpsec_esp_rx_inplace(&skb, 1), 0);
}

int main(void)
{
	static const struct kt_case cases[] = {
		KT_CASE(test_linear),
		KT_CASE(test_cloned),
		KT_CASE(test_frag_list),
		KT_CASE(test_shared_frag),
		KT_CASE(test_unflagged_foreign_frag),
		KT_CASE(test_page_pool),
		KT_CASE(test_too_many_pieces),
	};

	pages_init();
	return kt_run("test_esp_inplace", cases, KT_ARRAY_SIZE(cases));
}
