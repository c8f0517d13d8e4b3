/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 exchanges of l2tpsecd: the per-SA IKEv1 state (hung off struct
 * ike_sa's `ver`), the encrypted transport of ISAKMP messages with the CBC
 * IV rules of RFC 2409 appendix B (ikev1_transport.c), Main Mode
 * (ikev1_main.c), Quick Mode (ikev1_quick.c), Informational exchanges,
 * deletes and DPD (ikev1_info.c), what is due when (ikev1_timers.c) and
 * the way in (ikev1_input.c).
 *
 * IKEv1 has no message-ID window: every message of main mode is answered
 * by the next one, a retransmitted message is recognised by its digest
 * and answered with the message we sent after it, and each phase-2
 * exchange (quick mode) lives under its own message ID with its own IV.
 */
#ifndef L2TPSEC_IKEV1_EXCH_H
#define L2TPSEC_IKEV1_EXCH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_sa.h"
#include "ikev1_keys.h"
#include "ikev1_msg.h"
#include "ikev1_prop.h"

struct ked;
struct child_sa;

#define IKEV1_DIGEST_LEN 20	/* SHA-1 of a received datagram, to spot retransmits */
#define IKEV1_MAX_QM 4		/* quick modes in flight per IKE SA */
#define IKEV1_PUB_MAX 512	/* KE data (MODP 4096) */
#define IKEV1_ID_MAX 600
#define IKEV1_QM_LINGER_MS 30000	/* a finished quick mode answers retransmits */

enum ikev1_mm_step {
	MM_NONE,
	MM_I1,		/* initiator: sent SA */
	MM_I3,		/* initiator: sent KE, Ni */
	MM_I5,		/* initiator: sent IDii, HASH_I */
	MM_R2,		/* responder: sent SA */
	MM_R4,		/* responder: sent KE, Nr */
	MM_DONE,
};

/* One quick mode exchange (a child SA being created). */
struct ikev1_qm {
	bool used, initiator, done;
	uint32_t msgid;
	struct ikev1_iv iv;		/* this exchange's CBC chain */
	uint8_t ni[IKEV1_NONCE_MAX], nr[IKEV1_NONCE_MAX];
	size_t ni_len, nr_len;
	struct ike_dh *dh;		/* PFS */
	uint16_t group;
	uint8_t gqm[IKEV1_PUB_MAX];	/* PFS shared secret */
	size_t gqm_len;
	uint32_t spi_in, spi_out;
	struct ikev1_choice ch;
	uint16_t encap;			/* encapsulation mode asked for */
	uint8_t idci[64], idcr[64];	/* ID bodies, echoed by the responder */
	size_t idci_len, idcr_len;
	uint32_t rekey_spi;		/* initiator: our inbound SPI of the child replaced */
	bool commit;			/* the initiator set the commit bit: CONNECTED after HASH(3) */
	uint8_t *out;			/* our last message of it (retransmits) */
	size_t out_len;
	unsigned int tries;
	uint64_t retx_ms, expire_ms;
	uint8_t in_digest[IKEV1_DIGEST_LEN];	/* the peer's last message */
	bool have_in;
};

struct ikev1_state {
	enum ikev1_mm_step mm;
	struct ikev1_keys k;
	bool keys_ready;
	struct ikev1_choice p1;		/* the ISAKMP transform */
	uint16_t auth;			/* IKEV1_AUTH_* in use */
	uint8_t *sai_b;			/* the initiator's SA payload body (HASH_I/R) */
	size_t sai_len;
	uint8_t gxi[IKEV1_PUB_MAX], gxr[IKEV1_PUB_MAX];
	size_t gxi_len, gxr_len;
	struct ikev1_iv iv;		/* phase 1 CBC chain */
	struct ikev1_iv p1_last;	/* the IV main mode ended with (phase 2 IVs) */
	bool natt_rfc, natt_draft;	/* the peer's NAT-T flavour (VIDs) */
	bool natt_draft02;
	bool peer_dpd;			/* the peer sent the DPD VID */
	bool peer_initial_contact;
	bool undecryptable_logged;
	bool aggressive;		/* phase 1 is aggressive mode */
	uint8_t peer_id_type;
	uint8_t peer_id[IKEV1_ID_MAX];	/* IDii/IDir body as received */
	size_t peer_id_len;
	uint8_t in_digest[IKEV1_DIGEST_LEN];	/* the last main mode message received */
	bool have_in;
	struct ikev1_qm *qm[IKEV1_MAX_QM];	/* allocated on first use (half-open SAs stay small) */
	uint32_t dpd_seq;		/* ours, last sent */
	uint32_t dpd_peer_seq;		/* the peer's, last seen */
	bool dpd_pending;
	uint64_t dpd_sent_ms;
	uint32_t seen_msgid[16];	/* phase 2 message IDs done (replays) */
	unsigned int n_seen;
	uint64_t expire_ms;		/* the ISAKMP SA's lifetime (0: none) */
	uint32_t life_s;
	char alg[96];			/* the ISAKMP transform, for show/logs */
};

static inline struct ikev1_state *v1(const struct ike_sa *sa)
{
	return (struct ikev1_state *)sa->ver;
}

/* --- ikev1_transport.c --- */
/* Make sa an IKEv1 SA (state allocated). 0 / -1. */
int ikev1_sa_setup(struct ike_sa *sa);
/* SHA-1 of a datagram. */
void ikev1_digest(const uint8_t *buf, size_t len, uint8_t out[IKEV1_DIGEST_LEN]);
/*
 * Encrypt msg[IKEV1_HDR_LEN..len) in place after zero padding (msg must
 * have room for one more block), patch the header length, advance *iv.
 * Returns the new length, 0 on failure.
 */
size_t ikev1_seal(struct ike_sa *sa, struct ikev1_iv *iv, uint8_t *msg, size_t len,
		  size_t cap);
/*
 * Decrypt an encrypted message's body into plain (m->enc_len bytes) with
 * iv and walk its chain: 0 with *pl and *next (the IV after it), or -1.
 */
int ikev1_open(struct ike_sa *sa, const struct ikev1_msg *m, const struct ikev1_iv *iv,
	       uint8_t *plain, struct ikev1_payloads *pl, struct ikev1_iv *next);
/* Keep msg (malloc'd, ownership passes) as what we resend for the
 * peer's retransmissions (in *slot, *slot_len) and send it. */
void ikev1_keep_send(struct ike_sa *sa, uint8_t **slot, size_t *slot_len, uint8_t *msg,
		     size_t len);
/* Our outstanding main mode request (initiator): kept, sent, retransmitted. */
void ikev1_request_out(struct ike_sa *sa, uint8_t *msg, size_t len);
/* The ISAKMP header of a message of sa. */
void ikev1_sa_hdr(const struct ike_sa *sa, uint8_t exchange, uint8_t flags, uint32_t msgid,
		  struct ike_hdr *h);
/* A HASH payload of zeros (patched later); returns its body offset. */
size_t ikev1_w_hash_placeholder(struct ike_wbuf *w, size_t hash_len);
/* Recompute the earliest IKEv1-private deadline of sa. */
void ikev1_update_deadline(struct ike_sa *sa);
/* Move to port 4500 (NAT found). */
void ikev1_float(struct ike_sa *sa);
/* A fresh non-zero message ID not used before on sa. */
uint32_t ikev1_new_msgid(struct ike_sa *sa);
bool ikev1_msgid_seen(const struct ike_sa *sa, uint32_t msgid);
void ikev1_msgid_remember(struct ike_sa *sa, uint32_t msgid);

/* --- ikev1_main.c --- */
int ikev1_main_start(struct ked *d, const struct conf_conn *conn);
/* The first message of a main mode from a new peer (responder). */
void ikev1_main_first(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		      const struct sockaddr_in *local, const struct sockaddr_in *from);
/* Any later main mode message of sa. */
void ikev1_main_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len, const struct sockaddr_in *local, const struct sockaddr_in *from);

/* --- ikev1_aggr.c --- */
int ikev1_aggr_start(struct ked *d, const struct conf_conn *conn);
void ikev1_aggr_first(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		      const struct sockaddr_in *local, const struct sockaddr_in *from);
void ikev1_aggr_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len, const struct sockaddr_in *local, const struct sockaddr_in *from);

/* --- ikev1_quick.c --- */
/* Start a quick mode for the conn's L2TP flow (rekey_spi: our inbound SPI
 * of the child it replaces, 0 for a new one). 0 / -1. */
int ikev1_quick_start(struct ike_sa *sa, uint32_t rekey_spi);
void ikev1_quick_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		       size_t len);
/* Retransmit and expire quick modes (ikev1_timers.c). */
void ikev1_quick_tick(struct ike_sa *sa, uint64_t now);
/* Forget a quick mode (its slot stays allocated, unused). */
void ikev1_qm_free(struct ikev1_qm *q);

/* --- ikev1_info.c --- */
void ikev1_info_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len);
/* Protected informational: a delete of the child's ESP SA (our inbound SPI). */
int ikev1_delete_child(struct child_sa *c);
/* Delete every child and the ISAKMP SA (peer told), then kill. */
void ikev1_goodbye(struct ike_sa *sa, const char *why);
int ikev1_dpd_send(struct ike_sa *sa);
/* A protected notify (NO-PROPOSAL-CHOSEN of a quick mode...) to the peer. */
int ikev1_notify_protected(struct ike_sa *sa, uint16_t type);
/* Unprotected notify to a peer (before keys): only for logs on its side. */
void ikev1_notify_plain(struct ked *d, const struct ike_hdr *h, uint16_t type,
			const struct sockaddr_in *local, const struct sockaddr_in *to);

/* --- ikev1_timers.c --- */
void ikev1_sa_tick(struct ike_sa *sa, uint64_t now);
/* The module says child c reached a limit. */
void ikev1_child_expired(struct child_sa *c, bool hard);

/* --- ikev1_input.c --- */
void ikev1_input(struct ked *d, const uint8_t *buf, size_t len, const struct sockaddr_in *local,
		 const struct sockaddr_in *from);

#endif
