/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What IKEv1 main mode (ikev1_main.c) and aggressive mode (ikev1_aggr.c)
 * share (ikev1_phase1.c). Internal to ikev1/.
 */
#ifndef L2TPSEC_IKEV1_PHASE1_H
#define L2TPSEC_IKEV1_PHASE1_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev1_exch.h"

#define IKEV1_HALF_OPEN_MAX 4096	/* half-open IKEv1 SAs in all */

/* NAT-D payload type of the peer's NAT-T flavour; is NAT-T on at all? */
uint8_t ikev1_p1_natd_type(const struct ikev1_state *s);
bool ikev1_p1_natt_on(const struct ikev1_state *s);
/* The peer's VIDs: NAT-T flavour, DPD, Windows' initial contact. */
void ikev1_p1_scan_vids(struct ikev1_state *s, const struct ikev1_payloads *pl);
/* Ours: as initiator every NAT-T flavour; as responder the one chosen; DPD. */
void ikev1_p1_write_vids(struct ike_wbuf *w, const struct ike_sa *sa);
/* NAT-D of the destination, then of the source; the peer's, checked. */
void ikev1_p1_write_natd(struct ike_wbuf *w, const struct ike_sa *sa);
void ikev1_p1_check_natd(struct ike_sa *sa, const struct ikev1_payloads *pl);
/* Signatures rather than a pre-shared key? */
bool ikev1_p1_sig_auth(const struct ike_sa *sa);
/* g^xy, SKEYID and its children, the first IV. 0, or -1 (logged). */
int ikev1_p1_derive(struct ike_sa *sa);
/* Our ID payload body (type, protocol 0, port 0, data): its length or 0. */
size_t ikev1_p1_our_id(const struct ike_sa *sa, uint8_t *body, size_t cap);
/* Send a plain phase 1 message: kept as our request (initiator) or answer. */
void ikev1_p1_send_plain(struct ike_sa *sa, struct ike_wbuf *w, uint8_t *msg);
/* The SA is up: lifetimes, logs, renewal/INITIAL-CONTACT handling. */
void ikev1_p1_established(struct ike_sa *sa);
/* The peer's ID + HASH (or certificates + SIG) in pl; may switch the conn. 0 / -1 (logged). */
int ikev1_p1_check_auth(struct ike_sa *sa, const struct ikev1_payloads *pl);
/* MM5/MM6: our ID + HASH or CERT + SIG, encrypted; length or 0. */
size_t ikev1_p1_build_auth(struct ike_sa *sa, uint8_t *msg, bool initial_contact);
/* An encrypted phase 1 message that does not decrypt: logged once. */
void ikev1_p1_undecryptable(struct ike_sa *sa);
/* Responder admission: the version 1 conn for the addresses (aggressive:
 * only conns that allow it), half-open SAs from a source, evict the
 * oldest that never got past the first answer. */
const struct conf_conn *ikev1_p1_conn_for(struct ked *d, const struct sockaddr_in *local,
					  const struct sockaddr_in *from);
unsigned int ikev1_p1_half_open_from(const struct ked *d, const struct sockaddr_in *from);
bool ikev1_p1_evict_stale(struct ked *d);

/* New SAs: see ikev1_phase1.c. */
struct ike_sa *ikev1_p1_new_initiator(struct ked *d, const struct conf_conn *conn,
				      uint16_t auth);
struct ike_sa *ikev1_p1_new_responder(struct ked *d, const struct conf_conn *conn,
				      const struct ike_hdr *h, const struct ikev1_choice *ch,
				      const struct ikev1_payload *sai, const uint8_t *digest,
				      const struct sockaddr_in *local,
				      const struct sockaddr_in *from);
int ikev1_p1_keep_sai(struct ike_sa *sa, const uint8_t *msg, size_t start, size_t end);
void ikev1_p1_write_answer_sa(struct ike_wbuf *w, const struct ikev1_sa *isa,
			      const struct ikev1_choice *ch);

/* The way in (main and aggressive mode): retransmission, bookkeeping, float. */
bool ikev1_p1_retransmitted(struct ike_sa *sa, const uint8_t *digest);
void ikev1_p1_received(struct ike_sa *sa, enum ikev1_mm_step before, const uint8_t *digest);
void ikev1_p1_follow_peer(struct ike_sa *sa, const struct sockaddr_in *local,
			  const struct sockaddr_in *from);

#endif
