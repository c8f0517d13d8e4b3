// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's dispatcher of received IKE datagrams: by the major version
 * in the header (ISAKMP and IKEv2 headers share the layout: 28 bytes, the
 * version at offset 17): IKEv1 to ikev1/, IKEv2 to ikev2/; anything else
 * is counted and dropped.
 */
#include <syslog.h>

#include "ikev1_exch.h"
#include "ikev2_input.h"
#include "ked.h"

#define IKE_HDR_BYTES 28
#define IKE_HDR_VERSION_AT 17

/**
 * ked_input() - a received IKE datagram
 * @d: the daemon
 * @buf: the message (from the IKE header; non-ESP marker removed)
 * @len: its length
 * @local: the address and port it arrived on
 * @from: the sender
 */
void ked_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
	       const struct sockaddr_in *from)
{
	if (!buf || len < IKE_HDR_BYTES) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "dropped a datagram: %s", "message shorter than the IKE header");
		return;
	}
	switch (buf[IKE_HDR_VERSION_AT] >> 4) {
	case 1:
		ikev1_input(d, buf, len, local, from);
		break;
	case 2:
		ikev2_input(d, buf, len, local, from);
		break;
	default:
		d->stats_dropped++;
		logx(LOG_DEBUG, "dropped a datagram: %s", "unsupported major version");
		break;
	}
}
