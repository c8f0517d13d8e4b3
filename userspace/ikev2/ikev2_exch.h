/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 exchanges, both roles: IKE_SA_INIT (exch_init.c), IKE_AUTH
 * (exch_auth.c), CREATE_CHILD_SA: child and IKE rekey (exch_child.c),
 * INFORMATIONAL: delete, liveness (exch_info.c). *_start() begin one of
 * ours; *_request() / *_response() take the peer's, from the input
 * dispatcher (ikev2_input.c).
 */
#ifndef L2TPSEC_IKEV2_EXCH_H
#define L2TPSEC_IKEV2_EXCH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "ikev2_msg.h"

struct ked;
struct ike_sa;
struct child_sa;

int exch_init_start(struct ked *d, const struct conf_conn *conn);
void exch_init_request(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		       const struct sockaddr_in *local, const struct sockaddr_in *from);
void exch_init_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			size_t len, const struct sockaddr_in *from);
int exch_auth_start(struct ike_sa *sa);
void exch_auth_request(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
		       size_t msg_len, const struct ike_payloads *pl);
void exch_auth_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
			size_t msg_len, const struct ike_payloads *pl);
int exch_child_rekey_start(struct child_sa *c);
int exch_ike_rekey_start(struct ike_sa *sa);
void exch_child_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
void exch_child_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
int exch_delete_child_start(struct child_sa *c);
/* Tell the peer our inbound child SA spi is gone (queued if need be). */
int exch_delete_spi(struct ike_sa *sa, uint32_t spi);
/* Send the deletes that waited for the request slot of sa. */
void exch_send_queued(struct ike_sa *sa);
/* The old SA of an IKE rekey goes: our deletes in flight move to the new. */
void exch_rekeyed_gone(struct ike_sa *sa);
int exch_delete_ike_start(struct ike_sa *sa);
int exch_dpd_start(struct ike_sa *sa);
void exch_info_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
void exch_info_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl);
/* Responder side of a child SA proposal: 0 or the error notify type. */
uint16_t exch_child_negotiate(struct ike_sa *sa, const struct ike_payloads *pl, bool no_dh,
			      struct ike_chosen *alg, struct ike_ts *tsi, struct ike_ts *tsr);
/* A request of ours failed for good (no answer). */
void exch_request_failed(struct ike_sa *sa);
/* Delete notification sent once (no retransmission), then killed
 * (shutdown, reload). */
void ike_sa_goodbye(struct ike_sa *sa, const char *why);

#endif
