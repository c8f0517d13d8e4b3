/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The transport of IKEv2 messages of an IKE SA (ikev2_transport.c): the
 * SK payload on the way out, message IDs with a window of one, our
 * outstanding request and its retransmission, our last response for the
 * peer's retransmitted requests (RFC 7296 2.1-2.3), NAT keepalives.
 * The way in is ikev2_input.h.
 */
#ifndef L2TPSEC_IKEV2_TRANSPORT_H
#define L2TPSEC_IKEV2_TRANSPORT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_sa.h"
#include "ikev2_msg.h"

struct ked;

/* Build and send a request on sa: payloads built by fill() inside SK.
 * The request is kept for retransmission. */
typedef int (*ike_fill_fn)(struct ike_sa *sa, struct ike_wbuf *w, void *arg);
int ike_send_request(struct ike_sa *sa, uint8_t exchange, enum ike_req_kind kind,
		     ike_fill_fn fill, void *arg);
/* Send a response to the peer's request msgid (kept for retransmits). */
int ike_send_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
		      ike_fill_fn fill, void *arg);
/* Encrypted notify-only response (errors). */
int ike_send_notify_response(struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
			     uint16_t type, const uint8_t *data, size_t len);
/* Unprotected IKE_SA_INIT style message (header + plain payloads). */
int ike_send_plain(struct ked *d, const struct sockaddr_in *from,
		   const struct sockaddr_in *to, const uint8_t *buf, size_t len);
/* Send again what we sent (our last response to a retransmitted request). */
int ike_transmit(struct ike_sa *sa, const uint8_t *msg, size_t len);
void ike_req_done(struct ike_sa *sa);
/* The IKE header of a message of sa (I flag from our role). */
void ike_sa_hdr(const struct ike_sa *sa, uint8_t exchange, uint8_t flags, uint32_t msgid,
		struct ike_hdr *h);
/* Type of the first error notify (< 16384) in pl, or 0. */
uint16_t ike_first_error(const struct ike_payloads *pl);
/* Keep a plain IKE_SA_INIT request (malloc'd, ownership passes) as our
 * outstanding request and send it. */
void ike_req_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len);
/* Remember a plain IKE_SA_INIT response (ownership passes) and send it. */
int ike_resp_keep_plain(struct ike_sa *sa, uint8_t *msg, size_t len);
/* Retransmit our request if due, or give up (ked_tick). */
void ike_sa_retransmit(struct ike_sa *sa, uint64_t now);
/* Send a NAT keepalive (one 0xff byte on the NAT-T port). */
void ike_sa_keepalive(struct ike_sa *sa);

#endif
