/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the sk_buff and struct page fields and
 * accessors that kernel/esp_inplace.h reads, with the 6.1 kernel's
 * semantics reduced to what the decision depends on:
 * - skb_cloned(): the kernel also requires a data reference count above
 *   one; here @cloned says the outcome;
 * - a compound page's tail points at its head (compound_head());
 * - PP_SIGNATURE is 0x40 + POISON_POINTER_DELTA (0xdead000000000000 on
 *   x86-64, CONFIG_ILLEGAL_POINTER_VALUE), the low two bits of pp_magic
 *   are free for other users.
 * Pulled in by kernel/esp_inplace.h when __KERNEL__ is not defined.
 */
#ifndef _L2TPSEC_SKB_SHIM_H
#define _L2TPSEC_SKB_SHIM_H

#ifdef __KERNEL__
#error "skb_shim.h is for userspace builds only"
#endif

#include "kshim.h"

#define POISON_POINTER_DELTA	0xdead000000000000UL
#define PP_SIGNATURE		(0x40 + POISON_POINTER_DELTA)
#define MAX_SKB_FRAGS		17
#define SKBFL_SHARED_FRAG	(1U << 1)

struct page {
	unsigned long pp_magic;
	struct page *head;	/* NULL: not a compound tail page */
};

typedef struct {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
} skb_frag_t;

struct sk_buff;

struct skb_shared_info {
	u8 flags;
	u8 nr_frags;
	struct sk_buff *frag_list;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	unsigned int len;
	unsigned int data_len;
	bool cloned;
	bool pp_recycle;
	struct skb_shared_info shinfo;
};

static inline struct page *compound_head(struct page *page)
{
	return page->head ? page->head : page;
}

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)&skb->shinfo;
}

static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

static inline bool skb_has_frag_list(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->frag_list != NULL;
}

static inline bool skb_has_shared_frag(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) &&
	       skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG;
}

static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	return frag->bv_page;
}

#endif /* _L2TPSEC_SKB_SHIM_H */
