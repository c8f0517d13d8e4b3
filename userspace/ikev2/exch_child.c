// SPDX-License-Identifier: GPL-2.0
/*
 * CREATE_CHILD_SA (RFC 7296 1.3): rekeying a child SA (make before break:
 * the new SAs are installed and the L2TP tunnel switched before the old
 * ones are deleted) and rekeying the IKE SA (2.18). New child SAs other
 * than rekeys are refused: a connection has exactly one L2TP flow.
 *
 * Collisions (2.25). Both ends rekey the same child at once: both answer
 * as usual, and of the two new pairs the one created with the lowest of
 * the four nonces is deleted by the end that initiated its exchange; the
 * other end's exchange survives and that end deletes the old pair (2.8.1).
 * Both ends rekey the IKE SA at once: the original initiator of the IKE
 * SA answers the peer's request with TEMPORARY_FAILURE and its own rekey
 * wins; the original responder accepts the peer's and retries its own
 * later. An answer finds its child again by SPI (child_find_own()): if
 * the child was deleted meanwhile, the pair the answer created at the
 * peer is deleted again; if an IKE rekey moved it, the new pair joins it.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "negotiate.h"
#include "proposal.h"
#include "l2tpsec.h"

static uint32_t spi32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int new_nonce(uint8_t *n, size_t *len)
{
	*len = IKE_NONCE_LEN;
	return ike_random(n, *len);
}

/* --- child rekey, our side --- */

static int fill_child_rekey(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	struct child_sa *c = arg;
	const struct conf_conn *conn = sa->conn;
	struct ike_proposal offer[IKE_MAX_PROPOSALS];
	uint16_t port = conn->l2tp.port ? conn->l2tp.port : 1701;
	uint32_t old = htonl(c->spi_in), nspi = htonl(sa->x_spi);
	struct ike_ts ts;
	unsigned int n;

	ike_w_notify(w, IKE_PROTO_ESP, (const uint8_t *)&old, 4, IKE_N_REKEY_SA, NULL, 0);
	ike_w_notify(w, 0, NULL, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	n = nego_offer(conn->esp, conn->n_esp, IKE_PROTO_ESP, (const uint8_t *)&nspi, 4,
		       sa->x_dh == NULL, offer);
	ike_w_sa(w, offer, n);
	ike_w_nonce(w, sa->x_ni, sa->x_ni_len);
	if (sa->x_dh) {
		uint8_t pub[512];
		uint16_t g = ike_dh_group(sa->x_dh);

		if (ike_dh_public(sa->x_dh, pub, ike_dh_pub_len(g)))
			return -1;
		ike_w_ke(w, g, pub, ike_dh_pub_len(g));
	}
	nego_ts_l2tp(&ts, sa->local.sin_addr, port);
	ike_w_ts(w, IKE_PL_TSI, &ts, 1);
	nego_ts_l2tp(&ts, sa->remote.sin_addr, port);
	ike_w_ts(w, IKE_PL_TSR, &ts, 1);
	return 0;
}

/**
 * exch_child_rekey_start() - rekey a child SA
 * @c: an active child whose IKE SA has no request outstanding
 *
 * Return: 0, -EBUSY, or -1.
 */
int exch_child_rekey_start(struct child_sa *c)
{
	struct ike_sa *sa = c->ike;
	const struct conf_conn *conn = sa->conn;
	uint16_t pfs = nego_first_dh(conn->esp, conn->n_esp);
	int rc;

	if (sa->req_kind != REQ_NONE)
		return -1;
	ike_dh_free(sa->x_dh);
	sa->x_dh = pfs ? ike_dh_new(pfs) : NULL;
	if ((pfs && !sa->x_dh) || new_nonce(sa->x_ni, &sa->x_ni_len))
		return -1;
	sa->x_spi = child_alloc_spi(sa->d);
	rc = ike_send_request(sa, IKE_CREATE_CHILD_SA, REQ_CHILD_REKEY, fill_child_rekey, c);
	if (rc)
		return rc;
	sa->req_spi = c->spi_in;
	c->state = CHILD_REKEYING;
	sa_log(sa, LOG_INFO, "rekeying child SA %08x/%08x", c->spi_in, c->spi_out);
	return 0;
}

static int pfs_secret(struct ike_sa *sa, struct ike_dh *dh, const struct ike_payloads *pl,
		      uint16_t group, uint8_t *gir, size_t *gir_len)
{
	const struct ike_payload *p_ke = ike_payload_find(pl, IKE_PL_KE);
	const char *why = NULL;
	struct ike_ke ke;

	*gir_len = 0;
	if (!dh)
		return 0;
	if (!p_ke || ike_ke_parse(p_ke->body, p_ke->len, &ke, &why) || ke.group != group ||
	    ike_dh_derive(dh, ke.data, ke.len, gir)) {
		sa_log(sa, LOG_NOTICE, "missing or invalid KE in CREATE_CHILD_SA");
		return -1;
	}
	*gir_len = ike_dh_secret_len(group);
	return 0;
}

static void retry_later(struct child_sa *c, unsigned int max_s)
{
	uint32_t r = 0;

	ike_random(&r, sizeof(r));
	c->state = CHILD_ACTIVE;
	c->rekey_ms = ked_now(c->ike->d) + 1000 + r % (max_s * 1000);
}

/* a < b, nonces as unsigned byte strings (a prefix is lower). */
static bool nonce_lower(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	int r = memcmp(a, b, a_len < b_len ? a_len : b_len);

	return r < 0 || (r == 0 && a_len < b_len);
}

/* The lower of an exchange's two nonces into n. */
static void lower_nonce(const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
			uint8_t *n, size_t *n_len)
{
	if (nonce_lower(nr, nr_len, ni, ni_len)) {
		ni = nr;
		ni_len = nr_len;
	}
	memcpy(n, ni, ni_len);
	*n_len = ni_len;
}

/*
 * After a collision (x_coll): is the pair our exchange created the
 * redundant one, i.e. does our exchange hold the lowest nonce (2.8.1)?
 */
static bool ours_redundant(const struct ike_sa *sa, const uint8_t *nr, size_t nr_len)
{
	uint8_t n[IKE_NONCE_MAX];
	size_t n_len;

	lower_nonce(sa->x_ni, sa->x_ni_len, nr, nr_len, n, &n_len);
	return nonce_lower(n, n_len, sa->x_coll_nonce, sa->x_coll_nonce_len);
}

static void child_rekey_refused(struct ike_sa *sa, struct child_sa *old, uint16_t err)
{
	sa_log(sa, err == IKE_N_TEMPORARY_FAILURE ? LOG_INFO : LOG_NOTICE,
	       "child rekey refused: %s", err ? ike_notify_name(err) : "no SA payload");
	if (!old)
		return;
	if (err == IKE_N_CHILD_SA_NOT_FOUND)
		child_destroy(old);
	else if (old->state == CHILD_REKEYING)
		retry_later(old, err == IKE_N_TEMPORARY_FAILURE ? 10 : 30);
}

static void child_rekey_answer(struct ike_sa *sa, const struct ike_payloads *pl)
{
	const struct ike_payload *p_sa = ike_payload_find(pl, IKE_PL_SA);
	const struct ike_payload *p_n = ike_payload_find(pl, IKE_PL_NONCE);
	/* looked up again: deleted, expired or moved by an IKE rekey meanwhile? */
	struct child_sa *old = child_find_own(sa, sa->req_spi, L2TPSEC_DIR_IN), *nc;
	struct ike_sa_payload *sap = NULL;
	uint8_t gir[512];
	size_t gir_len = 0;
	const char *why = NULL;
	struct ike_chosen alg;
	struct ike_notify n;
	uint16_t err = ike_first_error(pl);
	bool redundant;

	redundant = sa->x_coll && p_n && ours_redundant(sa, p_n->body, p_n->len);
	ike_req_done(sa);
	if (err || !p_sa || !p_n) {
		child_rekey_refused(sa, old, err);
		return;
	}
	sap = malloc(sizeof(*sap));
	if (!sap || ike_sa_parse(p_sa->body, p_sa->len, sap, &why) || sap->n != 1 ||
	    sap->prop[0].spi_len != 4 ||
	    nego_check_answer(sa->conn->esp, sa->conn->n_esp, &sap->prop[0], sa->x_dh == NULL,
			      &alg) ||
	    ike_nonce_check(p_n->len, &why) || ike_notify_find(pl, IKE_N_USE_TRANSPORT_MODE, &n) ||
	    pfs_secret(sa, sa->x_dh, pl, alg.dh, gir, &gir_len)) {
		sa_log(sa, LOG_NOTICE, "child rekey answer unacceptable");
		free(sap);
		if (old && old->state == CHILD_REKEYING)
			retry_later(old, 30);
		return;
	}
	if (!old) {
		/*
		 * the peer made a pair for a child that is gone: delete it
		 * again (nothing to do if the IKE SA is being deleted)
		 */
		sa_log(sa, LOG_INFO, "rekeyed child SA is gone meanwhile: deleting its successor %08x",
		       sa->x_spi);
		free(sap);
		ike_wipe(gir, sizeof(gir));
		exch_delete_spi(sa, sa->x_spi);
		return;
	}
	nc = child_new(sa);
	if (!nc) {
		free(sap);
		retry_later(old, 30);
		return;
	}
	child_set_spis(nc, sa->x_spi, spi32(sap->prop[0].spi));
	nc->alg = alg;
	free(sap);
	/* keyed from the SK_d of the IKE SA the exchange ran on */
	if (child_install(nc, true, gir_len ? gir : NULL, gir_len, sa->x_ni, sa->x_ni_len,
			  p_n->body, p_n->len)) {
		ike_wipe(gir, sizeof(gir));
		child_destroy(nc);
		retry_later(old, 30);
		return;
	}
	ike_wipe(gir, sizeof(gir));
	ike_dh_free(sa->x_dh);
	sa->x_dh = NULL;
	/* the old child's IKE SA (an IKE rekey may have moved it) */
	child_move(nc, old->ike);
	if (redundant) {
		/* the peer's exchange survives; the peer deletes the old pair */
		sa_log(sa, LOG_INFO, "child rekey collision: ours has the lowest nonce, deleted");
		exch_delete_child_start(nc);
		return;
	}
	if (old->l2tp_out || !nc->ike->l2tp_up)
		child_l2tp_attach(nc);
	else
		child_l2tp_bind(nc);
	old->state = CHILD_REKEYED;
	exch_delete_child_start(old);
}

/* --- IKE SA rekey, our side --- */

static int fill_ike_rekey(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	const struct conf_conn *conn = sa->conn;
	struct ike_proposal offer[IKE_MAX_PROPOSALS];
	uint16_t g = ike_dh_group(sa->x_dh);
	uint8_t pub[512];
	unsigned int n;

	(void)arg;
	if (ike_dh_public(sa->x_dh, pub, ike_dh_pub_len(g)))
		return -1;
	n = nego_offer(conn->ike, conn->n_ike, IKE_PROTO_IKE, sa->x_ike_spi, 8, false, offer);
	ike_w_sa(w, offer, n);
	ike_w_nonce(w, sa->x_ni, sa->x_ni_len);
	ike_w_ke(w, g, pub, ike_dh_pub_len(g));
	return 0;
}

/**
 * exch_ike_rekey_start() - rekey the IKE SA
 * @sa: an established IKE SA without an outstanding request
 *
 * Return: 0 or -1.
 */
int exch_ike_rekey_start(struct ike_sa *sa)
{
	uint16_t g = sa->alg.dh;

	if (sa->req_kind != REQ_NONE)
		return -1;
	ike_dh_free(sa->x_dh);
	sa->x_dh = ike_dh_new(g);
	if (!sa->x_dh || new_nonce(sa->x_ni, &sa->x_ni_len))
		return -1;
	do {
		ike_random(sa->x_ike_spi, 8);
	} while (!memcmp(sa->x_ike_spi, "\0\0\0\0\0\0\0\0", 8));
	if (ike_send_request(sa, IKE_CREATE_CHILD_SA, REQ_IKE_REKEY, fill_ike_rekey, NULL))
		return -1;
	sa_log(sa, LOG_INFO, "rekeying the IKE SA");
	return 0;
}

/* A new IKE SA replacing sa, keyed from sa's SK_d (2.18). */
static struct ike_sa *ike_successor(struct ike_sa *sa, bool initiator, const uint8_t spi_i[8],
				    const uint8_t spi_r[8], const struct ike_chosen *alg,
				    const uint8_t *gir, size_t gir_len, const uint8_t *ni,
				    size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	struct ike_sa *n = ike_sa_new(sa->d, initiator, sa->conn);

	if (!n)
		return NULL;
	ike_sa_set_spis(n, spi_i, spi_r);
	n->alg = *alg;
	n->cipher.encr = alg->encr;
	n->cipher.key_bits = alg->encr_bits;
	n->cipher.integ = alg->integ;
	if (ike_derive_rekey_keys(&n->keys, sa->alg.prf, sa->keys.sk_d, sa->keys.prf_len,
				  alg->prf, &n->cipher, gir, gir_len, ni, ni_len, nr, nr_len,
				  n->spi_i, n->spi_r)) {
		ike_sa_kill(n, "key derivation failed");
		return NULL;
	}
	n->keys_ready = true;
	n->local = sa->local;
	ike_sa_set_remote(n, &sa->remote);
	n->natt = sa->natt;
	n->nat_local = sa->nat_local;
	n->nat_remote = sa->nat_remote;
	memcpy(n->peer_id, sa->peer_id, sizeof(n->peer_id));
	memcpy(n->peer_hashes, sa->peer_hashes, sizeof(n->peer_hashes));
	n->n_peer_hashes = sa->n_peer_hashes;
	n->state = IKE_S_ESTABLISHED;
	n->established_ms = ked_now(sa->d);
	n->keepalive_ms = n->established_ms;
	if (sa->conn->ike_lifetime) {
		uint32_t jitter = 0;
		uint64_t life = (uint64_t)sa->conn->ike_lifetime * 1000;

		ike_random(&jitter, sizeof(jitter));
		n->rekey_ms = n->established_ms + life - jitter % (life / 10 + 1);
	}
	child_move_all(sa, n);
	sa->state = IKE_S_REKEYED;
	sa->halfopen_deadline_ms = ked_now(sa->d) + 30000;	/* delete expected by then */
	sa->rekeyed = true;
	memcpy(sa->rekeyed_by_spi_i, n->spi_i, 8);
	memcpy(sa->rekeyed_by_spi_r, n->spi_r, 8);
	/* deletes waiting for sa's request slot concern children now in n */
	memcpy(n->del_q, sa->del_q, sizeof(n->del_q));
	n->n_del_q = sa->n_del_q;
	sa->n_del_q = 0;
	ike_sa_reschedule(n);
	ike_sa_reschedule(sa);
	return n;
}

static void ike_rekey_answer(struct ike_sa *sa, const struct ike_payloads *pl)
{
	const struct ike_payload *p_sa = ike_payload_find(pl, IKE_PL_SA);
	const struct ike_payload *p_n = ike_payload_find(pl, IKE_PL_NONCE);
	struct ike_sa_payload *sap = NULL;
	uint16_t err = ike_first_error(pl);
	struct ike_chosen alg;
	const char *why = NULL;
	struct ike_sa *n;
	uint8_t gir[512];
	size_t gir_len = 0;
	bool deleting;

	ike_req_done(sa);
	if (err || !p_sa || !p_n) {
		uint32_t r = 0;

		ike_random(&r, sizeof(r));
		sa_log(sa, LOG_INFO, "IKE rekey refused: %s",
		       err ? ike_notify_name(err) : "no SA payload");
		sa->rekey_ms = ked_now(sa->d) + 2000 + r % 10000;
		return;
	}
	sap = malloc(sizeof(*sap));
	if (!sap || ike_sa_parse(p_sa->body, p_sa->len, sap, &why) || sap->n != 1 ||
	    sap->prop[0].spi_len != 8 ||
	    nego_check_answer(sa->conn->ike, sa->conn->n_ike, &sap->prop[0], false, &alg) ||
	    ike_nonce_check(p_n->len, &why) ||
	    pfs_secret(sa, sa->x_dh, pl, alg.dh, gir, &gir_len) || !gir_len) {
		free(sap);
		sa_log(sa, LOG_NOTICE, "IKE rekey answer unacceptable");
		sa->rekey_ms = ked_now(sa->d) + 30000;
		return;
	}
	deleting = sa->state == IKE_S_DELETING;
	n = ike_successor(sa, true, sa->x_ike_spi, sap->prop[0].spi, &alg, gir, gir_len,
			  sa->x_ni, sa->x_ni_len, p_n->body, p_n->len);
	free(sap);
	ike_wipe(gir, sizeof(gir));
	if (deleting) {
		/* deleted while the rekey was in flight: the new SA goes too */
		sa->state = IKE_S_DELETING;
		if (n)
			exch_delete_ike_start(n);
		return;
	}
	if (!n)
		return;
	sa_log(n, LOG_NOTICE, "IKE SA rekeyed (replaces #%u)", sa->serial);
	exch_delete_ike_start(sa);
}

/**
 * exch_child_response() - the answer to our CREATE_CHILD_SA
 * @sa: the IKE SA
 * @h: header
 * @pl: decrypted payloads
 */
void exch_child_response(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl)
{
	(void)h;
	if (sa->req_kind == REQ_IKE_REKEY)
		ike_rekey_answer(sa, pl);
	else
		child_rekey_answer(sa, pl);
}

/* --- the peer's CREATE_CHILD_SA --- */

struct child_resp {
	uint16_t error;
	uint8_t err_data[2];
	size_t err_len;
	struct ike_proposal prop;
	uint8_t nr[IKE_NONCE_MAX];
	size_t nr_len;
	uint16_t group;
	uint8_t pub[512];
	size_t pub_len;
	bool child;
	struct ike_ts tsi, tsr;
};

/* INVALID_KE_PAYLOAD naming the group we want (RFC 7296 1.3). */
static void invalid_ke(struct child_resp *r, uint16_t group)
{
	r->error = IKE_N_INVALID_KE_PAYLOAD;
	r->err_data[0] = (uint8_t)(group >> 8);
	r->err_data[1] = (uint8_t)group;
	r->err_len = 2;
}

static int fill_child_resp(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	struct child_resp *r = arg;

	(void)sa;
	if (r->error) {
		ike_w_notify(w, 0, NULL, 0, r->error, r->err_len ? r->err_data : NULL, r->err_len);
		return 0;
	}
	if (r->child)
		ike_w_notify(w, 0, NULL, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	ike_w_sa(w, &r->prop, 1);
	ike_w_nonce(w, r->nr, r->nr_len);
	if (r->pub_len)
		ike_w_ke(w, r->group, r->pub, r->pub_len);
	if (r->child) {
		ike_w_ts(w, IKE_PL_TSI, &r->tsi, 1);
		ike_w_ts(w, IKE_PL_TSR, &r->tsr, 1);
	}
	return 0;
}

/* Our DH half and g^ir for the peer's KE (PFS or IKE rekey). */
static uint16_t answer_ke(struct ike_sa *sa, const struct ike_payloads *pl, uint16_t group,
			  struct child_resp *r, uint8_t *gir, size_t *gir_len)
{
	struct ike_dh *dh;
	uint16_t err = 0;

	*gir_len = 0;
	if (!group)
		return 0;
	dh = ike_dh_new(group);
	if (!dh)
		return IKE_N_TEMPORARY_FAILURE;
	r->group = group;
	r->pub_len = ike_dh_pub_len(group);
	if (ike_dh_public(dh, r->pub, r->pub_len) || pfs_secret(sa, dh, pl, group, gir, gir_len))
		err = IKE_N_INVALID_KE_PAYLOAD;
	ike_dh_free(dh);
	return err;
}

static void peer_child_rekey(struct ike_sa *sa, const struct ike_hdr *h,
			     const struct ike_payloads *pl, uint32_t old_spi, struct child_resp *r)
{
	const struct ike_payload *p_n = ike_payload_find(pl, IKE_PL_NONCE);
	const struct ike_payload *p_ke = ike_payload_find(pl, IKE_PL_KE);
	struct child_sa *old = child_find_out(sa, old_spi), *nc;
	struct ike_chosen alg;
	uint8_t gir[512];
	size_t gir_len = 0;
	const char *why = NULL;
	uint32_t nspi;

	if (!old || old->state == CHILD_DELETING || old->state == CHILD_REKEYED) {
		r->error = IKE_N_CHILD_SA_NOT_FOUND;
		return;
	}
	if (!p_n || ike_nonce_check(p_n->len, &why)) {
		r->error = IKE_N_INVALID_SYNTAX;
		return;
	}
	r->error = exch_child_negotiate(sa, pl, p_ke == NULL, &alg, &r->tsi, &r->tsr);
	if (r->error)
		return;
	if (p_ke) {
		struct ike_ke ke;

		if (ike_ke_parse(p_ke->body, p_ke->len, &ke, &why) || ke.group != alg.dh) {
			invalid_ke(r, alg.dh);
			return;
		}
	}
	r->error = answer_ke(sa, pl, p_ke ? alg.dh : 0, r, gir, &gir_len);
	if (r->error || new_nonce(r->nr, &r->nr_len))
		return;
	nc = child_new(sa);
	if (!nc) {
		r->error = IKE_N_TEMPORARY_FAILURE;
		return;
	}
	child_set_spis(nc, child_alloc_spi(sa->d), spi32(alg.spi));
	nc->alg = alg;
	if (child_install(nc, false, gir_len ? gir : NULL, gir_len, p_n->body, p_n->len, r->nr,
			  r->nr_len)) {
		child_destroy(nc);
		r->error = IKE_N_TEMPORARY_FAILURE;
		ike_wipe(gir, sizeof(gir));
		return;
	}
	ike_wipe(gir, sizeof(gir));
	/* the peer sends with it once it has our answer */
	child_l2tp_bind(nc);
	nspi = htonl(nc->spi_in);
	memcpy(alg.spi, &nspi, 4);
	nego_chosen_to_proposal(&alg, &r->prop);
	r->child = true;
	if (sa->req_kind == REQ_CHILD_REKEY && sa->req_spi == old->spi_in) {
		/* our rekey of it is in flight too: the nonces decide (2.8.1) */
		sa_log(sa, LOG_INFO, "child rekey collision");
		sa->x_coll = true;
		lower_nonce(p_n->body, p_n->len, r->nr, r->nr_len, sa->x_coll_nonce,
			    &sa->x_coll_nonce_len);
	}
	old->state = CHILD_REKEYED;
	(void)h;
}

static void peer_ike_rekey(struct ike_sa *sa, const struct ike_payloads *pl,
			   const struct ike_sa_payload *sap, struct child_resp *r)
{
	const struct ike_payload *p_n = ike_payload_find(pl, IKE_PL_NONCE);
	const struct ike_payload *p_ke = ike_payload_find(pl, IKE_PL_KE);
	uint8_t gir[512], spi_r[8];
	size_t gir_len = 0;
	struct ike_chosen alg;
	const char *why = NULL;
	struct ike_ke ke;
	struct ike_sa *n;

	if (sa->req_kind == REQ_IKE_REKEY && sa->initiator) {
		sa_log(sa, LOG_INFO, "IKE rekey collision: ours wins");
		r->error = IKE_N_TEMPORARY_FAILURE;
		return;
	}
	if (!p_n || !p_ke || ike_nonce_check(p_n->len, &why) ||
	    ike_ke_parse(p_ke->body, p_ke->len, &ke, &why)) {
		r->error = IKE_N_INVALID_SYNTAX;
		return;
	}
	if (nego_choose(sa->conn->ike, sa->conn->n_ike, sap->prop, sap->n, IKE_PROTO_IKE, false,
			&alg) || alg.spi_len != 8) {
		r->error = IKE_N_NO_PROPOSAL_CHOSEN;
		return;
	}
	if (ke.group != alg.dh) {
		invalid_ke(r, alg.dh);
		return;
	}
	r->error = answer_ke(sa, pl, alg.dh, r, gir, &gir_len);
	if (r->error || new_nonce(r->nr, &r->nr_len))
		return;
	do {
		ike_random(spi_r, 8);
	} while (!memcmp(spi_r, "\0\0\0\0\0\0\0\0", 8));
	n = ike_successor(sa, false, alg.spi, spi_r, &alg, gir, gir_len, p_n->body, p_n->len,
			  r->nr, r->nr_len);
	ike_wipe(gir, sizeof(gir));
	if (!n) {
		r->error = IKE_N_TEMPORARY_FAILURE;
		return;
	}
	/*
	 * a request of ours still outstanding on sa is answered on sa; its
	 * answer finds its child in n (child_find_own())
	 */
	memcpy(alg.spi, spi_r, 8);
	nego_chosen_to_proposal(&alg, &r->prop);
	sa_log(n, LOG_NOTICE, "IKE SA rekeyed by the peer (replaces #%u)", sa->serial);
}

/**
 * exch_child_request() - the peer's CREATE_CHILD_SA request
 * @sa: the IKE SA
 * @h: header
 * @pl: decrypted payloads
 */
void exch_child_request(struct ike_sa *sa, const struct ike_hdr *h, const struct ike_payloads *pl)
{
	const struct ike_payload *p_sa = ike_payload_find(pl, IKE_PL_SA);
	struct ike_sa_payload *sap = malloc(sizeof(*sap));
	struct child_resp *r = calloc(1, sizeof(*r));
	const char *why = NULL;
	struct ike_notify n;

	if (!sap || !r)
		goto out;
	if (sa->state != IKE_S_ESTABLISHED) {
		r->error = IKE_N_TEMPORARY_FAILURE;
	} else if (!p_sa || ike_sa_parse(p_sa->body, p_sa->len, sap, &why) || !sap->n) {
		r->error = IKE_N_INVALID_SYNTAX;
	} else if (sap->prop[0].proto == IKE_PROTO_IKE) {
		peer_ike_rekey(sa, pl, sap, r);
	} else if (!ike_notify_find(pl, IKE_N_REKEY_SA, &n) && n.proto == IKE_PROTO_ESP &&
		   n.spi_len == 4) {
		peer_child_rekey(sa, h, pl, spi32(n.spi), r);
	} else {
		sa_log(sa, LOG_NOTICE, "peer asks for an additional child SA: refused");
		r->error = IKE_N_NO_ADDITIONAL_SAS;
	}
	ike_send_response(sa, IKE_CREATE_CHILD_SA, h->msgid, fill_child_resp, r);
out:
	if (r)
		ike_wipe(r, sizeof(*r));
	free(r);
	free(sap);
}
