/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The link between a carrier of PPP frames (an L2TPv2 session, l2tp/) and
 * the PPP instance it carries (ppp/). Neither layer includes the other's
 * headers: the carrier creates a struct link when a call is established,
 * fills the lower half and hands it to the PPP layer, which fills the upper
 * half. The ids are the only way back to the objects: a link never keeps a
 * pointer that the other layer may free.
 */
#ifndef L2TPSEC_LINK_H
#define L2TPSEC_LINK_H

#include <stddef.h>
#include <stdint.h>

struct link;

struct link_lower_ops {
	/* Send one PPP frame (protocol field first, no address/control). */
	int (*send)(struct link *l, const uint8_t *frame, size_t len);
	/* The PPP layer is done with the call (LCP terminated, auth failed). */
	void (*close)(struct link *l, const char *why);
};

struct link_upper_ops {
	/* One PPP frame received on the call. */
	void (*input)(struct link *l, const uint8_t *frame, size_t len);
	/* The carrier went away; the PPP instance must go too. */
	void (*down)(struct link *l, const char *why);
};

struct link {
	uint32_t id;			/* unique while the daemon runs */
	const struct link_lower_ops *lower;
	void *lower_ctx;		/* the carrier layer (lives as long as the daemon) */
	uint64_t lower_id;		/* the carrier's own key (L2TP: tunnel << 16 | session) */
	const struct link_upper_ops *upper;
	void *upper_ctx;		/* the PPP layer (lives as long as the daemon) */
	uint64_t upper_id;		/* the PPP instance's key */
	char peer[64];			/* the peer's public address:port, for logs */
	char ifname[16];		/* the session interface (module), "" if none */
	uint32_t ifindex;
};

#endif
