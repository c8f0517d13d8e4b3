/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec monitor": the "events" multicast group. */
#ifndef L2TPSEC_CMD_MONITOR_H
#define L2TPSEC_CMD_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "event.h"



/* One line, text or JSON (see Documentation/cli.md), with the newline. */
void event_print(FILE *f, bool json, const struct l2s_event *ev);

/*
 * Print every event of family in a received datagram; malformed events
 * are reported on err and skipped. Returns the number of events printed.
 */
int monitor_handle(FILE *out, FILE *err, bool json, uint16_t family,
		   const void *buf, size_t len);

#endif
