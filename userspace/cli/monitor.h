/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec monitor": the "events" multicast group. */
#ifndef L2TPSEC_MONITOR_H
#define L2TPSEC_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "parse.h"

struct event {
	uint8_t cmd;			/* L2TPSEC_CMD_SA_EXPIRE, ... */
	uint64_t has;			/* BIT(attribute) */
	uint32_t spi, tunnel, session;
	uint8_t dir, kind, hard;
	uint16_t port;
	struct ipaddr peer;
	const uint8_t *payload;		/* points into the message */
	size_t len;
};

/*
 * Pure: parse one event message. Returns 1 for an event, 0 for a message
 * that is not an event we know (ignored), -1 if malformed.
 */
int event_parse(const struct nlmsghdr *nlh, struct event *ev);

/* One line, text or JSON (see Documentation/cli.md), with the newline. */
void event_print(FILE *f, bool json, const struct event *ev);

/*
 * Print every event of family in a received datagram; malformed events
 * are reported on err and skipped. Returns the number of events printed.
 */
int monitor_handle(FILE *out, FILE *err, bool json, uint16_t family,
		   const void *buf, size_t len);

#endif
