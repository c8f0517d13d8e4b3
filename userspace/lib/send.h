/* SPDX-License-Identifier: GPL-2.0 */
/* L2TP control messages (CTRL_SEND) and PPP frames of L2TPv2 sessions
 * (PPP_SEND) that a userspace L2TP/PPP daemon sends through the module. */
#ifndef L2TPSEC_SEND_H
#define L2TPSEC_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "l2tpsec.h"
#include "client.h"
#include "nl.h"

/* A SEND request: headers + a payload of at most L2TPSEC_PAYLOAD_MAX. */
#define L2S_SEND_REQ_SIZE (L2S_REQ_SIZE + L2TPSEC_PAYLOAD_MAX)

/* Pure request builders; buf holds L2S_SEND_REQ_SIZE bytes. */
struct nlmsghdr *ctrl_build_send(void *buf, uint16_t family, uint32_t tunnel,
				 const uint8_t *msg, size_t len);
struct nlmsghdr *ppp_build_send(void *buf, uint16_t family, uint32_t tunnel,
				uint32_t session, const uint8_t *frame,
				size_t len);

/* 0 or -errno with *ke (-EMSGSIZE above L2TPSEC_PAYLOAD_MAX). Not
 * reentrant (one static request buffer each, wiped after use). */
int l2s_ctrl_send(struct l2s *k, uint32_t tunnel, const uint8_t *msg,
		  size_t len, struct l2s_kerr *ke);
int l2s_ppp_send(struct l2s *k, uint32_t tunnel, uint32_t session,
		 const uint8_t *frame, size_t len, struct l2s_kerr *ke);

#endif
