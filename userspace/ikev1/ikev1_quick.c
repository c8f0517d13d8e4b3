// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 Quick Mode (RFC 2409 section 5.5), both roles: transport-mode
 * ESP for the L2TP flow (UDP/1701 on our side, any port on the client's:
 * Apple clients use an ephemeral one), UDP-encapsulated behind a NAT
 * (RFC 3947 modes 3/4 or the drafts' 61443/61444), PFS when the
 * initiator asks for it, the responder-lifetime notify when our policy
 * is shorter than the client's lifetimes, NAT-OA of clients behind NAT.
 *
 *   I -> R  *HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr]
 *   R -> I  *HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, N(RESPONDER-LIFETIME)]
 *   I -> R  *HASH(3)
 *
 * Each exchange has its message ID and its own CBC chain, starting at
 * hash(last phase-1 block | M-ID). The responder installs its inbound SA
 * when it answers (the initiator may send as soon as it has the answer)
 * and its outbound SA on HASH(3); the L2TP tunnel then sends with it
 * (make-before-break on a rekey: the old SA still decrypts until the
 * peer deletes it).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "dh.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "l2tpsec.h"
#include "negotiate.h"

#define MSG_CAP 8192
#define NONCE_LEN 32
#define L2TP_PORT 1701

void ikev1_qm_free(struct ikev1_qm *q)
{
	ike_dh_free(q->dh);
	if (q->out) {
		ike_wipe(q->out, q->out_len);
		free(q->out);
	}
	ike_wipe(q, sizeof(*q));
}

static struct ikev1_qm *qm_find(struct ike_sa *sa, uint32_t msgid)
{
	for (unsigned int i = 0; i < IKEV1_MAX_QM; i++)
		if (v1(sa)->qm[i] && v1(sa)->qm[i]->used && v1(sa)->qm[i]->msgid == msgid)
			return v1(sa)->qm[i];
	return NULL;
}

static struct ikev1_qm *qm_new(struct ike_sa *sa, uint32_t msgid, bool initiator)
{
	struct ikev1_state *s = v1(sa);

	for (unsigned int i = 0; i < IKEV1_MAX_QM; i++) {
		struct ikev1_qm *q;

		if (!s->qm[i])
			s->qm[i] = calloc(1, sizeof(*s->qm[i]));
		q = s->qm[i];
		if (!q || (q->used && !q->done))
			continue;
		if (q->used)
			ikev1_qm_free(q);	/* a finished one makes room */
		q->used = true;
		q->initiator = initiator;
		q->msgid = msgid;
		q->expire_ms = ked_now(sa->d) + IKEV1_QM_LINGER_MS * 2;
		if (ikev1_iv_msgid(&s->k, &s->p1_last, msgid, &q->iv)) {
			ikev1_qm_free(q);
			return NULL;
		}
		return q;
	}
	return NULL;
}

static uint16_t encap_mode(const struct ike_sa *sa)
{
	const struct ikev1_state *s = v1(sa);

	if (!sa->natt)
		return IKEV1_ENCAP_TRANSPORT;
	return s->natt_rfc ? IKEV1_ENCAP_UDP_TRANSPORT : IKEV1_ENCAP_UDP_TRANSPORT_DRAFT;
}

static uint8_t natoa_type(const struct ike_sa *sa)
{
	return v1(sa)->natt_rfc ? IKEV1_PL_NAT_OA : IKEV1_PL_NAT_OA_DRAFT;
}

/* Derive one direction's keys and install it. */
static int install_dir(struct ike_sa *sa, struct ikev1_qm *q, struct child_sa *c, uint8_t dir,
		       size_t per_dir)
{
	uint8_t keymat[2 * 64 + 64];
	uint32_t spi = htonl(dir == L2TPSEC_DIR_IN ? c->spi_in : c->spi_out);
	int rc;

	if (per_dir > sizeof(keymat) ||
	    ikev1_keymat(&v1(sa)->k, q->gqm_len ? q->gqm : NULL, q->gqm_len,
			 IKEV1_PROTO_IPSEC_ESP, (const uint8_t *)&spi, q->ni, q->ni_len, q->nr,
			 q->nr_len, keymat, per_dir)) {
		sa_log(sa, LOG_ERR, "quick mode key derivation failed");
		return -1;
	}
	rc = child_install_dir(c, dir, keymat);
	ike_wipe(keymat, sizeof(keymat));
	return rc;
}

/* Build HASH, the payloads of fill(), then patch the hash and seal. */
typedef void (*qm_fill_fn)(struct ike_sa *sa, struct ikev1_qm *q, struct ike_wbuf *w,
			   const void *arg);

enum qm_hash { QM_HASH1, QM_HASH2, QM_HASH3 };

static size_t qm_build(struct ike_sa *sa, struct ikev1_qm *q, enum qm_hash which,
		       qm_fill_fn fill, const void *arg, uint8_t *msg)
{
	struct ikev1_state *s = v1(sa);
	size_t hoff, len, rest;
	struct ike_wbuf w;
	struct ike_hdr h;
	int rc;

	ikev1_sa_hdr(sa, IKEV1_EXCH_QUICK, IKEV1_FLAG_ENCRYPTION, q->msgid, &h);
	ike_w_init(&w, msg, MSG_CAP - 32);
	ikev1_w_hdr(&w, &h);
	hoff = ikev1_w_hash_placeholder(&w, s->k.prf_len);
	if (fill)
		fill(sa, q, &w, arg);
	len = ike_w_finish(&w);
	if (!len || !hoff)
		return 0;
	rest = hoff + s->k.prf_len;
	switch (which) {
	case QM_HASH1:
		rc = ikev1_qm_hash1(&s->k, q->msgid, msg + rest, len - rest, msg + hoff);
		break;
	case QM_HASH2:
		rc = ikev1_qm_hash2(&s->k, q->msgid, q->ni, q->ni_len, msg + rest, len - rest,
				    msg + hoff);
		break;
	default:
		rc = ikev1_qm_hash3(&s->k, q->msgid, q->ni, q->ni_len, q->nr, q->nr_len,
				    msg + hoff);
		break;
	}
	if (rc)
		return 0;
	return ikev1_seal(sa, &q->iv, msg, len, MSG_CAP);
}

/* Decrypt a quick mode message and check its HASH. 0 with *pl, or -1. */
static int qm_open(struct ike_sa *sa, struct ikev1_qm *q, const struct ikev1_msg *m,
		   enum qm_hash which, uint8_t *plain, struct ikev1_payloads *pl)
{
	struct ikev1_state *s = v1(sa);
	uint8_t want[IKEV1_PRF_MAX];
	struct ikev1_iv next;
	const uint8_t *rest;
	size_t rest_len;
	int rc;

	if (ikev1_open(sa, m, &q->iv, plain, pl, &next))
		return -1;
	if (!pl->n || pl->p[0].type != IKEV1_PL_HASH || pl->p[0].len != s->k.prf_len) {
		sa_log(sa, LOG_INFO, "quick mode #%08x: HASH payload missing", q->msgid);
		return -1;
	}
	rest = pl->p[0].body + pl->p[0].len;
	rest_len = (size_t)(plain + m->enc_len - pl->trailing - rest);
	switch (which) {
	case QM_HASH1:
		rc = ikev1_qm_hash1(&s->k, q->msgid, rest, rest_len, want);
		break;
	case QM_HASH2:
		rc = ikev1_qm_hash2(&s->k, q->msgid, q->ni, q->ni_len, rest, rest_len, want);
		break;
	default:
		rc = ikev1_qm_hash3(&s->k, q->msgid, q->ni, q->ni_len, q->nr, q->nr_len, want);
		break;
	}
	if (rc || !ikev1_hash_eq(want, s->k.prf_len, pl->p[0].body, pl->p[0].len)) {
		sa_log(sa, LOG_NOTICE, "quick mode #%08x: HASH(%d) mismatch, dropped", q->msgid,
		       which + 1);
		return -1;
	}
	q->iv = next;
	/* authenticated: a sign of life, and what may move the peer's address */
	sa->last_rx_ms = ked_now(sa->d);
	sa->msgs_in++;
	return 0;
}

/* The PFS KE of a message: g^xy of the exchange into q->gqm. */
static int pfs_derive(struct ike_sa *sa, struct ikev1_qm *q, const struct ikev1_payloads *pl)
{
	const struct ikev1_payload *ke = ikev1_payload_next(pl, IKEV1_PL_KE, NULL);

	if (!q->group)
		return ke ? -1 : 0;
	q->gqm_len = ike_dh_secret_len(q->group);
	if (!ke || !q->dh || ke->len != ike_dh_pub_len(q->group) || q->gqm_len > sizeof(q->gqm) ||
	    ike_dh_derive(q->dh, ke->body, ke->len, q->gqm)) {
		sa_log(sa, LOG_NOTICE, "quick mode #%08x: bad or missing PFS key exchange",
		       q->msgid);
		return -1;
	}
	return 0;
}

static void w_pfs_ke(struct ike_wbuf *w, struct ikev1_qm *q)
{
	uint8_t pub[IKEV1_PUB_MAX];
	size_t n = ike_dh_pub_len(q->group);

	if (!q->group)
		return;
	if (!q->dh || n > sizeof(pub) || ike_dh_public(q->dh, pub, n)) {
		w->err = true;
		return;
	}
	ikev1_w_data(w, IKEV1_PL_KE, pub, n);
}

static void w_ids(struct ike_wbuf *w, struct ikev1_qm *q)
{
	if (!q->idci_len)
		return;
	ikev1_w_id(w, q->idci[0], q->idci[1], (uint16_t)(q->idci[2] << 8 | q->idci[3]),
		   q->idci + 4, q->idci_len - 4);
	ikev1_w_id(w, q->idcr[0], q->idcr[1], (uint16_t)(q->idcr[2] << 8 | q->idcr[3]),
		   q->idcr + 4, q->idcr_len - 4);
}

static void attach_and_retire(struct ike_sa *sa, struct child_sa *c, uint32_t rekey_spi)
{
	struct child_sa *old;

	child_installed(c);
	child_l2tp_attach(c);
	if (!rekey_spi)
		return;
	old = child_find_own(sa, rekey_spi, L2TPSEC_DIR_IN);
	if (old && old != c) {
		old->state = CHILD_REKEYED;
		ikev1_delete_child(old);
	}
}

/* --- responder --- */

struct r_ctx {
	const struct ikev1_sa *isa;
	bool lifetime_notify;
	uint32_t life_s;
	uint64_t life_kb;
};

static void w_life_notify(struct ike_wbuf *w, const struct r_ctx *r, const struct ikev1_qm *q)
{
	uint8_t attrs[32], spi[4];
	struct ike_wbuf a;

	ike_w_init(&a, attrs, sizeof(attrs));
	if (r->life_s) {
		ikev1_w_attr(&a, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_SECONDS);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_DURATION, r->life_s);
	}
	if (r->life_kb) {
		ikev1_w_attr(&a, IKEV1_A2_LIFE_TYPE, IKEV1_LIFE_KILOBYTES);
		ikev1_w_attr(&a, IKEV1_A2_LIFE_DURATION, r->life_kb);
	}
	spi[0] = (uint8_t)(q->spi_in >> 24);
	spi[1] = (uint8_t)(q->spi_in >> 16);
	spi[2] = (uint8_t)(q->spi_in >> 8);
	spi[3] = (uint8_t)q->spi_in;
	ikev1_w_notify(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_IPSEC_ESP, spi, 4,
		       IKEV1_N_RESPONDER_LIFETIME, attrs, a.len);
}

static void fill_qm2(struct ike_sa *sa, struct ikev1_qm *q, struct ike_wbuf *w,
		     const void *arg)
{
	const struct r_ctx *r = arg;
	struct ikev1_proposal prop = r->isa->p[q->ch.prop];
	uint8_t spi[4];

	spi[0] = (uint8_t)(q->spi_in >> 24);
	spi[1] = (uint8_t)(q->spi_in >> 16);
	spi[2] = (uint8_t)(q->spi_in >> 8);
	spi[3] = (uint8_t)q->spi_in;
	prop.spi = spi;
	prop.t[0] = r->isa->p[q->ch.prop].t[q->ch.trans];
	prop.nt = prop.nt_kept = 1;
	ikev1_w_sa(w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &prop, 1);
	ikev1_w_data(w, IKEV1_PL_NONCE, q->nr, q->nr_len);
	w_pfs_ke(w, q);
	w_ids(w, q);
	if (sa->natt) {
		/* the original addresses, for the peer's transport checksum fix-up */
		ikev1_w_natoa(w, natoa_type(sa), (const uint8_t *)&sa->remote.sin_addr, 4);
		ikev1_w_natoa(w, natoa_type(sa), (const uint8_t *)&sa->local.sin_addr, 4);
	}
	if (r->lifetime_notify)
		w_life_notify(w, r, q);
}

/* The peer's quick mode IDs: UDP (or any protocol), any client port, our
 * side the L2TP port (or any). Copied for the answer. */
static int take_ids(struct ike_sa *sa, struct ikev1_qm *q, const struct ikev1_payloads *pl)
{
	const struct ikev1_payload *ci = ikev1_payload_next(pl, IKEV1_PL_ID, NULL);
	const struct ikev1_payload *cr = ci ? ikev1_payload_next(pl, IKEV1_PL_ID, ci) : NULL;
	struct ikev1_id i, r;
	const char *why = NULL;

	if (!ci)
		return 0;
	if (!cr || ikev1_id_parse(ci->body, ci->len, &i, &why) ||
	    ikev1_id_parse(cr->body, cr->len, &r, &why) || ci->len > sizeof(q->idci) ||
	    cr->len > sizeof(q->idcr)) {
		sa_log(sa, LOG_NOTICE, "quick mode: malformed client IDs");
		return -1;
	}
	if ((i.proto && i.proto != 17) || (r.proto && r.proto != 17) ||
	    (r.port && r.port != (sa->conn->l2tp.port ? sa->conn->l2tp.port : L2TP_PORT)) ||
	    (i.type != IKEV1_ID_IPV4_ADDR && i.type != IKEV1_ID_IPV4_ADDR_SUBNET) ||
	    (r.type != IKEV1_ID_IPV4_ADDR && r.type != IKEV1_ID_IPV4_ADDR_SUBNET)) {
		sa_log(sa, LOG_NOTICE, "quick mode: selectors are not the L2TP flow "
		       "(protocol %u/%u, port %u/%u)", i.proto, r.proto, i.port, r.port);
		return -1;
	}
	memcpy(q->idci, ci->body, ci->len);
	q->idci_len = ci->len;
	memcpy(q->idcr, cr->body, cr->len);
	q->idcr_len = cr->len;
	if (i.type == IKEV1_ID_IPV4_ADDR && !sa->peer_private.s_addr)
		memcpy(&sa->peer_private, i.data, 4);
	return 0;
}

static void r_qm1(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *digest)
{
	const struct conf_conn *conn = sa->conn;
	struct ikev1_qm *q = qm_new(sa, m->h.msgid, false);
	const struct ikev1_payload *psa, *pn, *ke, *oa;
	struct ikev1_payloads pl;
	struct ikev1_data ni;
	struct ikev1_sa isa;
	struct child_sa *c;
	struct ikev1_natoa natoa;
	uint8_t *plain = malloc(m->enc_len ? m->enc_len : 1), *msg = NULL;
	const char *why = NULL;
	char reason[1200];
	uint16_t pfs = 0;
	size_t per_dir, len;
	struct r_ctx r;

	if (!q || !plain) {
		if (q)
			ikev1_qm_free(q);
		free(plain);
		sa_log(sa, LOG_NOTICE, "quick mode #%08x refused: too many in flight",
		       m->h.msgid);
		return;
	}
	if (qm_open(sa, q, m, QM_HASH1, plain, &pl))
		goto drop;
	psa = ikev1_payload_next(&pl, IKEV1_PL_SA, NULL);
	pn = ikev1_payload_next(&pl, IKEV1_PL_NONCE, NULL);
	ke = ikev1_payload_next(&pl, IKEV1_PL_KE, NULL);
	if (!psa || !pn || ikev1_sa_parse(psa->body, psa->len, &isa, &why) ||
	    ikev1_nonce_parse(pn->body, pn->len, &ni, &why)) {
		sa_log(sa, LOG_NOTICE, "quick mode #%08x: malformed (%s)", q->msgid,
		       why ? why : "SA or nonce missing");
		goto drop;
	}
	ikev1_msgid_remember(sa, q->msgid);
	if (ke) {
		/* PFS: the group is in the transforms; all must name the same */
		for (unsigned int i = 0; i < isa.np_kept && !pfs; i++)
			for (unsigned int j = 0; j < isa.p[i].nt_kept && !pfs; j++) {
				struct ikev1_p2 p2;

				if (!ikev1_p2_decode(&isa.p[i].t[j], &p2, &why))
					pfs = p2.group;
			}
		if (!pfs) {
			sa_log(sa, LOG_NOTICE, "quick mode: KE without a PFS group");
			goto drop;
		}
	}
	if (ikev1_p2_choose(conn, &isa, sa->natt, pfs, &q->ch, reason, sizeof(reason))) {
		sa_log(sa, LOG_NOTICE, "no acceptable quick mode proposal: %s", reason);
		ikev1_notify_protected(sa, IKEV1_N_NO_PROPOSAL_CHOSEN);
		goto drop;
	}
	if (take_ids(sa, q, &pl))
		goto drop;
	oa = ikev1_payload_next(&pl, natoa_type(sa), NULL);
	if (oa && !ikev1_natoa_parse(oa->body, oa->len, &natoa, &why) && natoa.len == 4)
		memcpy(&sa->peer_private, natoa.addr, 4);
	memcpy(q->ni, ni.data, ni.len);
	q->ni_len = ni.len;
	q->nr_len = NONCE_LEN;
	q->group = pfs;
	if (ike_random(q->nr, q->nr_len))
		goto drop;
	if (pfs) {
		q->dh = ike_dh_new(pfs);
		if (!q->dh || pfs_derive(sa, q, &pl))
			goto drop;
	}
	/* lifetimes: the client's, or ours where ours is shorter (RESPONDER-LIFETIME) */
	r = (struct r_ctx){ .isa = &isa };
	r.life_s = q->ch.p2.life_s ? q->ch.p2.life_s : 28800;
	r.life_kb = q->ch.p2.life_kb;
	if (conn->lifetime && conn->lifetime < r.life_s) {
		r.life_s = conn->lifetime;
		r.lifetime_notify = true;
	}
	if (conn->lifebytes && (!r.life_kb || conn->lifebytes / 1024 < r.life_kb)) {
		r.life_kb = conn->lifebytes / 1024;
		r.lifetime_notify = true;
	}
	c = child_new(sa);
	if (!c)
		goto drop;
	c->alg = q->ch.chosen;
	c->life_s = r.life_s;
	c->life_bytes = r.life_kb * 1024;
	c->no_rekey = true;	/* the client renews its SAs */
	child_set_spis(c, child_alloc_spi(sa->d), ntohl(*(const uint32_t *)(const void *)
							isa.p[q->ch.prop].spi));
	q->spi_in = c->spi_in;
	q->spi_out = c->spi_out;
	per_dir = child_prepare(c);
	msg = malloc(MSG_CAP);
	if (!per_dir || !msg || install_dir(sa, q, c, L2TPSEC_DIR_IN, per_dir)) {
		child_destroy(c);
		goto drop;
	}
	len = qm_build(sa, q, QM_HASH2, fill_qm2, &r, msg);
	if (!len) {
		child_destroy(c);
		goto drop;
	}
	/* the initiator sends with it once it has our answer: accept it now */
	child_l2tp_bind(c);
	memcpy(q->in_digest, digest, IKEV1_DIGEST_LEN);
	q->have_in = true;
	q->commit = m->h.flags & IKEV1_FLAG_COMMIT;
	/*
	 * The responder retransmits too: HASH(3) is the last message and is
	 * never answered, so a lost one is only recovered by the initiator
	 * seeing our answer again.
	 */
	q->tries = 1;
	q->retx_ms = ked_now(sa->d) + (sa->d->conf->retransmit_timeout_ms ?
				       sa->d->conf->retransmit_timeout_ms : 2000);
	ikev1_keep_send(sa, &q->out, &q->out_len, msg, len);
	free(plain);
	return;
drop:
	free(msg);
	free(plain);
	ikev1_qm_free(q);
}

static void fill_connected(struct ike_sa *sa, struct ikev1_qm *q, struct ike_wbuf *w,
			   const void *arg)
{
	uint32_t spi = htonl(q->spi_in);

	(void)sa;
	(void)arg;
	ikev1_w_notify(w, IKEV1_DOI_IPSEC, IKEV1_PROTO_IPSEC_ESP, (const uint8_t *)&spi, 4,
		       IKEV1_N_CONNECTED, NULL, 0);
}

/*
 * The initiator set the commit bit (RFC 2408 3.1): it waits for a
 * CONNECTED notify, the fourth message of the exchange (HASH(1) form,
 * the exchange's IV chain), before it uses the SA. Kept as the answer to
 * a retransmitted HASH(3).
 */
static void send_connected(struct ike_sa *sa, struct ikev1_qm *q, const uint8_t *digest)
{
	uint8_t *msg = malloc(MSG_CAP);
	size_t len = msg ? qm_build(sa, q, QM_HASH1, fill_connected, NULL, msg) : 0;

	if (!len) {
		free(msg);
		return;
	}
	msg[19] |= IKEV1_FLAG_COMMIT;
	memcpy(q->in_digest, digest, IKEV1_DIGEST_LEN);
	q->have_in = true;
	ikev1_keep_send(sa, &q->out, &q->out_len, msg, len);
}

static void r_qm3(struct ike_sa *sa, struct ikev1_qm *q, const struct ikev1_msg *m,
		  const uint8_t *digest)
{
	struct ikev1_payloads pl;
	struct child_sa *c;
	uint8_t *plain = malloc(m->enc_len ? m->enc_len : 1);
	size_t per_dir;

	if (!plain)
		return;
	if (qm_open(sa, q, m, QM_HASH3, plain, &pl)) {
		free(plain);
		return;
	}
	free(plain);
	q->done = true;
	q->expire_ms = ked_now(sa->d) + IKEV1_QM_LINGER_MS;
	c = child_find_in(sa, q->spi_in);
	if (!c) {
		sa_log(sa, LOG_INFO, "quick mode #%08x: its child SA is gone", q->msgid);
		return;
	}
	per_dir = child_prepare(c);
	if (!per_dir || install_dir(sa, q, c, L2TPSEC_DIR_OUT, per_dir)) {
		child_destroy(c);
		return;
	}
	attach_and_retire(sa, c, 0);
	if (q->commit)
		send_connected(sa, q, digest);
}

/* --- initiator --- */

struct i_ctx {
	struct ikev1_proposal prop;
	uint8_t store[IKEV1_OFFER_STORE];
};

static void fill_qm1(struct ike_sa *sa, struct ikev1_qm *q, struct ike_wbuf *w,
		     const void *arg)
{
	const struct i_ctx *ic = arg;
	uint8_t oa[4];

	ikev1_w_sa(w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &ic->prop, 1);
	ikev1_w_data(w, IKEV1_PL_NONCE, q->ni, q->ni_len);
	w_pfs_ke(w, q);
	w_ids(w, q);
	if (sa->natt) {
		memcpy(oa, &sa->local.sin_addr, 4);
		ikev1_w_natoa(w, natoa_type(sa), oa, 4);
		memcpy(oa, &sa->remote.sin_addr, 4);
		ikev1_w_natoa(w, natoa_type(sa), oa, 4);
	}
}

static size_t id_body(uint8_t *b, struct in_addr a, uint16_t port)
{
	b[0] = IKEV1_ID_IPV4_ADDR;
	b[1] = 17;
	b[2] = (uint8_t)(port >> 8);
	b[3] = (uint8_t)port;
	memcpy(b + 4, &a, 4);
	return 8;
}

/**
 * ikev1_quick_start() - start a quick mode for the conn's L2TP flow
 * @sa: an established IKEv1 SA
 * @rekey_spi: our inbound SPI of the child SA this one replaces, or 0
 *
 * Return: 0, or -1 (logged).
 */
int ikev1_quick_start(struct ike_sa *sa, uint32_t rekey_spi)
{
	const struct conf_conn *conn = sa->conn;
	uint16_t port = conn->l2tp.port ? conn->l2tp.port : L2TP_PORT;
	struct ikev1_qm *q;
	struct i_ctx ic;
	uint32_t spi_be;
	uint8_t *msg;
	size_t len;

	if (sa->state != IKE_S_ESTABLISHED)
		return -1;
	q = qm_new(sa, ikev1_new_msgid(sa), true);
	msg = malloc(MSG_CAP);
	if (!q || !msg) {
		free(msg);
		if (q)
			ikev1_qm_free(q);
		sa_log(sa, LOG_NOTICE, "cannot start quick mode now (too many in flight)");
		return -1;
	}
	q->spi_in = child_alloc_spi(sa->d);
	q->rekey_spi = rekey_spi;
	q->ni_len = NONCE_LEN;
	q->encap = encap_mode(sa);
	/* PFS when the conn's esp proposals name a DH group (as for IKEv2 rekeys) */
	q->group = nego_first_dh(conn->esp, conn->n_esp);
	if (q->group) {
		q->dh = ike_dh_new(q->group);
		if (!q->dh) {
			free(msg);
			ikev1_qm_free(q);
			sa_log(sa, LOG_ERR, "PFS group %u not supported", q->group);
			return -1;
		}
	}
	spi_be = htonl(q->spi_in);
	if (ike_random(q->ni, q->ni_len) ||
	    !ikev1_p2_offer(conn, (const uint8_t *)&spi_be, q->encap, q->group, &ic.prop,
			    ic.store)) {
		free(msg);
		ikev1_qm_free(q);
		sa_log(sa, LOG_ERR, "no ESP proposal to offer in quick mode");
		return -1;
	}
	ic.prop.spi = (const uint8_t *)&spi_be;
	q->idci_len = id_body(q->idci, sa->local.sin_addr, port);
	q->idcr_len = id_body(q->idcr, sa->remote.sin_addr, port);
	len = qm_build(sa, q, QM_HASH1, fill_qm1, &ic, msg);
	if (!len) {
		free(msg);
		ikev1_qm_free(q);
		return -1;
	}
	q->tries = 1;
	q->retx_ms = ked_now(sa->d) + (sa->d->conf->retransmit_timeout_ms ?
				       sa->d->conf->retransmit_timeout_ms : 2000);
	ikev1_msgid_remember(sa, q->msgid);
	sa_log(sa, LOG_INFO, "quick mode #%08x started%s", q->msgid, rekey_spi ? " (rekey)" : "");
	ikev1_keep_send(sa, &q->out, &q->out_len, msg, len);
	ikev1_update_deadline(sa);
	return 0;
}

/* RESPONDER-LIFETIME (RFC 2407 4.6.3.1): the responder's shorter lifetimes. */
static void responder_lifetime(struct ike_sa *sa, const struct ikev1_payloads *pl,
			       struct child_sa *c)
{
	struct ikev1_notify n;
	struct ikev1_attr at;
	uint16_t type = 0;
	size_t off = 0;
	const char *why = NULL;
	uint64_t v;

	if (ikev1_notify_find(pl, IKEV1_N_RESPONDER_LIFETIME, &n))
		return;
	while (ikev1_attr_next(n.data, n.len, &off, &at, &why) == 1) {
		if (at.type == IKEV1_A2_LIFE_TYPE && at.tv) {
			type = at.val;
		} else if (at.type == IKEV1_A2_LIFE_DURATION && !ikev1_attr_u64(&at, &v) && v) {
			if (type == IKEV1_LIFE_SECONDS && (!c->life_s || v < c->life_s))
				c->life_s = (uint32_t)(v > UINT32_MAX ? UINT32_MAX : v);
			else if (type == IKEV1_LIFE_KILOBYTES &&
				 (!c->life_bytes || v * 1024 < c->life_bytes))
				c->life_bytes = v * 1024;
			type = 0;
		}
	}
	sa_log(sa, LOG_INFO, "responder lifetime: %us, %llu bytes", c->life_s,
	       (unsigned long long)c->life_bytes);
}

static void i_qm2(struct ike_sa *sa, struct ikev1_qm *q, const struct ikev1_msg *m,
		  const uint8_t *digest)
{
	const struct ikev1_payload *psa, *pn;
	struct ikev1_payloads pl;
	struct ikev1_data nr;
	struct ikev1_sa isa;
	struct child_sa *c;
	const char *why = NULL;
	uint8_t *plain = malloc(m->enc_len ? m->enc_len : 1), *msg = NULL;
	size_t per_dir, len;

	if (!plain)
		return;
	if (qm_open(sa, q, m, QM_HASH2, plain, &pl))
		goto out;
	psa = ikev1_payload_next(&pl, IKEV1_PL_SA, NULL);
	pn = ikev1_payload_next(&pl, IKEV1_PL_NONCE, NULL);
	if (!psa || !pn || ikev1_sa_parse(psa->body, psa->len, &isa, &why) ||
	    ikev1_nonce_parse(pn->body, pn->len, &nr, &why) ||
	    ikev1_p2_check_answer(sa->conn, &isa, q->encap, q->group, &q->ch)) {
		sa_log(sa, LOG_NOTICE, "quick mode #%08x: the answer is not what we offered",
		       q->msgid);
		q->done = true;
		goto out;
	}
	memcpy(q->nr, nr.data, nr.len);
	q->nr_len = nr.len;
	if (pfs_derive(sa, q, &pl)) {
		q->done = true;
		goto out;
	}
	q->spi_out = ntohl(*(const uint32_t *)(const void *)isa.p[0].spi);
	msg = malloc(MSG_CAP);
	c = msg ? child_new(sa) : NULL;
	if (!c) {
		q->done = true;
		goto out;
	}
	c->alg = q->ch.chosen;
	c->life_s = q->ch.p2.life_s;
	c->life_bytes = q->ch.p2.life_kb * 1024;
	responder_lifetime(sa, &pl, c);
	child_set_spis(c, q->spi_in, q->spi_out);
	per_dir = child_prepare(c);
	len = qm_build(sa, q, QM_HASH3, NULL, NULL, msg);
	q->done = true;
	q->expire_ms = ked_now(sa->d) + IKEV1_QM_LINGER_MS;
	memcpy(q->in_digest, digest, IKEV1_DIGEST_LEN);
	q->have_in = true;
	if (!per_dir || !len || install_dir(sa, q, c, L2TPSEC_DIR_IN, per_dir) ||
	    install_dir(sa, q, c, L2TPSEC_DIR_OUT, per_dir)) {
		child_destroy(c);
		goto out;
	}
	ikev1_keep_send(sa, &q->out, &q->out_len, msg, len);
	msg = NULL;
	attach_and_retire(sa, c, q->rekey_spi);
out:
	free(msg);
	free(plain);
}

/**
 * ikev1_quick_input() - a quick mode message of sa
 * @sa: an established IKEv1 SA
 * @m: the message
 * @buf: the datagram
 * @len: its length
 */
void ikev1_quick_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		       size_t len)
{
	struct ikev1_qm *q = qm_find(sa, m->h.msgid);
	uint8_t digest[IKEV1_DIGEST_LEN];

	if (sa->state != IKE_S_ESTABLISHED || !m->encrypted)
		return;
	ikev1_digest(buf, len, digest);
	if (q && q->have_in && !memcmp(q->in_digest, digest, sizeof(digest))) {
		if (q->out) {
			sa_log(sa, LOG_DEBUG, "retransmitted quick mode #%08x, resending ours",
			       q->msgid);
			ike_transmit(sa, q->out, q->out_len);
		}
		return;
	}
	if (!q) {
		if (ikev1_msgid_seen(sa, m->h.msgid))
			return;		/* a replay of a finished exchange */
		r_qm1(sa, m, digest);
	} else if (q->done) {
		return;
	} else if (q->initiator) {
		i_qm2(sa, q, m, digest);
	} else {
		r_qm3(sa, q, m, digest);
	}
	ikev1_update_deadline(sa);
}

/**
 * ikev1_quick_tick() - retransmit our quick mode messages, forget old ones
 * @sa: the SA
 * @now: ked_now()
 */
void ikev1_quick_tick(struct ike_sa *sa, uint64_t now)
{
	unsigned int tries = sa->d->conf->retransmit_tries ? sa->d->conf->retransmit_tries : 5;

	for (unsigned int i = 0; i < IKEV1_MAX_QM; i++) {
		struct ikev1_qm *q = v1(sa)->qm[i];

		if (!q || !q->used)
			continue;
		if (q->expire_ms && now >= q->expire_ms) {
			if (!q->done)
				sa_log(sa, LOG_NOTICE, "quick mode #%08x: no answer, given up",
				       q->msgid);
			if (!q->done && !q->initiator) {
				struct child_sa *c = child_find_in(sa, q->spi_in);

				if (c && !c->out_installed)
					child_destroy(c);
			}
			if (!q->done && q->initiator && q->rekey_spi) {
				/* the old child is still ours: try again */
				struct child_sa *c = child_find_in(sa, q->rekey_spi);

				if (c && c->state == CHILD_REKEYING) {
					c->state = CHILD_ACTIVE;
					c->rekey_ms = now + 10000;
				}
			}
			ikev1_qm_free(q);
			continue;
		}
		if (q->done || !q->retx_ms || now < q->retx_ms || !q->out)
			continue;
		if (q->tries > tries) {
			q->retx_ms = 0;
			continue;
		}
		q->tries++;
		sa->retransmits++;
		q->retx_ms = now + ((sa->d->conf->retransmit_timeout_ms ?
				     sa->d->conf->retransmit_timeout_ms : 2000) << (q->tries - 1));
		ike_transmit(sa, q->out, q->out_len);
	}
}
