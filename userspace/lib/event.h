/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's "events" multicast group: SA_EXPIRE (an SA reached a
 * lifetime limit), CTRL_RECV (an L2TP control message for userspace),
 * PPP_RECV (a PPP control frame of an L2TPv2 session) and SA_MAPPING
 * (authentic ESP-in-UDP from a new peer address/port: peer, port).
 */
#ifndef L2TPSEC_EVENT_H
#define L2TPSEC_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "parse.h"

struct l2s_event {
	uint8_t cmd;			/* L2TPSEC_CMD_SA_EXPIRE, ... */
	uint64_t has;			/* BIT(attribute) */
	uint32_t spi, tunnel, session;
	uint8_t dir, kind, hard;
	uint16_t port;			/* CTRL_RECV: L2TP; SA_MAPPING: encap */
	struct ipaddr peer;
	const uint8_t *payload;		/* points into the message */
	size_t len;
};

/*
 * Pure: parse one event message. Returns 1 for an event, 0 for a message
 * that is not an event we know (ignored), -1 if malformed.
 */
int event_parse(const struct nlmsghdr *nlh, struct l2s_event *ev);

#endif
