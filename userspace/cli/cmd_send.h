/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec ctrl send" and "l2tpsec ppp send": raw L2TP control messages
 * and PPP frames for a userspace L2TP/PPP daemon. */
#ifndef L2TPSEC_CMD_SEND_H
#define L2TPSEC_CMD_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "l2tpsec.h"
#include "cli.h"

/* Shortest control message the kernel accepts (v2/v3 control header). */
#define CTRL_MIN_LEN 12
/* A PPP frame starts with its 2-byte protocol field. */
#define PPP_MIN_LEN 2

struct send_params {
	uint32_t tunnel, session;	/* session: ppp only */
	uint8_t payload[L2TPSEC_PAYLOAD_MAX];
	size_t len;
};

/* Pure: argv after "send" -> params. 0, or -1 with *e set. */
int ctrl_parse_send(int argc, char **argv, struct send_params *p,
		    struct l2s_err *e);
int ppp_parse_send(int argc, char **argv, struct send_params *p,
		   struct l2s_err *e);

#endif
