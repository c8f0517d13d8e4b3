/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Received IKEv2 messages (ikev2_input.c): the header, the IKE SA they
 * belong to, message ID and retransmission checks, the SK payload opened,
 * and the exchange handler (ikev2_exch.h). The daemon's dispatcher
 * (ked_input(), daemon/dispatch.c) hands over every major version 2
 * datagram.
 */
#ifndef L2TPSEC_IKEV2_INPUT_H
#define L2TPSEC_IKEV2_INPUT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct ked;

/* A received IKEv2 datagram (IKE header first; marker removed), on local. */
void ikev2_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
		 const struct sockaddr_in *from);

#endif
