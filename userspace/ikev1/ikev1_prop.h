/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 proposals (ikev1_prop.c): what an ISAKMP or ESP transform of an
 * IKEv1 SA payload means, mapped onto the IKEv2-style transform sets of
 * a connection (struct ike_proposal) so that one configuration and one
 * matcher (negotiate.h) serve both IKE versions; and our own offers
 * written as IKEv1 transforms.
 *
 * An IKEv1 transform is a complete suite (cipher, hash, group, ...):
 * the responder takes the first transform of the peer's proposals (the
 * peer's order) that every part of is allowed by one of the conn's
 * proposals.
 */
#ifndef L2TPSEC_IKEV1_PROP_H
#define L2TPSEC_IKEV1_PROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "ikev1_msg.h"

/* One phase-1 (ISAKMP) transform. */
struct ikev1_p1 {
	uint16_t encr, key_bits, hash, auth, group;	/* IKEV1_* values */
	uint32_t life_s;		/* 0: not given */
	uint64_t life_kb;
};

/* One phase-2 (ESP) transform. */
struct ikev1_p2 {
	uint8_t esp_id;			/* IKEV1_ESP_* */
	uint16_t key_bits, auth_alg, encap, group;
	uint32_t life_s;
	uint64_t life_kb;
};

/* Decode a transform's attributes. 0, or -1 with *why (unknown or
 * repeated attribute, value of a form we do not take). */
int ikev1_p1_decode(const struct ikev1_transform *t, struct ikev1_p1 *p, const char **why);
int ikev1_p2_decode(const struct ikev1_transform *t, struct ikev1_p2 *p, const char **why);

/* Is the encapsulation mode a transport mode (plain, RFC 3947 or draft)? */
bool ikev1_encap_transport(uint16_t encap);
bool ikev1_encap_udp(uint16_t encap);

/* The chosen phase-1 transform of a peer's SA payload. */
struct ikev1_choice {
	unsigned int prop, trans;	/* indexes into the ikev1_sa */
	struct ikev1_p1 p1;
	struct ikev1_p2 p2;
	struct ike_chosen chosen;	/* as IKEv2 transform ids (logs, child alg) */
};

/*
 * Responder: the first acceptable phase-1 transform for conn whose
 * authentication method is `auth` (IKEV1_AUTH_PSK or a signature method:
 * any of RSA_SIG/ECDSA_* is returned in c->p1.auth). 0, or -1 with a log
 * line's worth of text in why[] naming what was offered and allowed.
 */
int ikev1_p1_choose(const struct conf_conn *conn, const struct ikev1_sa *sa,
		    struct ikev1_choice *c, char *why, size_t whylen);
/* Responder: the first acceptable ESP transform; natt: the SA is on the
 * NAT-T port (UDP transport modes required then, plain ones otherwise). */
int ikev1_p2_choose(const struct conf_conn *conn, const struct ikev1_sa *sa, bool natt,
		    uint16_t pfs_group, struct ikev1_choice *c, char *why, size_t whylen);

/*
 * Initiator: our offer as one proposal (proto ISAKMP, no SPI; or ESP with
 * spi) of up to IKEV1_MAX_TRANSFORMS transforms. The transforms' attrs
 * point into store (at least IKEV1_OFFER_STORE bytes), which must live
 * as long as the proposal. Returns the number of transforms (0: none).
 */
#define IKEV1_OFFER_STORE (IKEV1_MAX_TRANSFORMS * 48)
unsigned int ikev1_p1_offer(const struct conf_conn *conn, uint16_t auth,
			    struct ikev1_proposal *p, uint8_t *store);
unsigned int ikev1_p2_offer(const struct conf_conn *conn, const uint8_t spi[4], uint16_t encap,
			    uint16_t pfs_group, struct ikev1_proposal *p, uint8_t *store);

/* The phase-1 transform a responder answered, checked against what we
 * could have offered: 0 with *c filled, or -1. */
int ikev1_p1_check_answer(const struct conf_conn *conn, uint16_t auth,
			  const struct ikev1_sa *sa, struct ikev1_choice *c);
int ikev1_p2_check_answer(const struct conf_conn *conn, const struct ikev1_sa *sa,
			  uint16_t encap, uint16_t pfs_group, struct ikev1_choice *c);

/* A phase-1 or ESP transform as text for logs ("AES_CBC_256/SHA1/MODP_2048"). */
void ikev1_p1_str(const struct ikev1_p1 *p, char *out, size_t cap);
void ikev1_p2_str(const struct ikev1_p2 *p, char *out, size_t cap);

#endif
