// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 Main Mode (RFC 2409 section 5), both roles, with NAT-T (RFC 3947
 * and the drafts the built-in clients still speak: VIDs, NAT-D, the float
 * to port 4500):
 *
 *   I -> R  SA, VIDs                       (MM1)
 *   R -> I  SA (one transform), VIDs       (MM2)
 *   I -> R  KE, Ni, NAT-D, NAT-D           (MM3)
 *   R -> I  KE, Nr, NAT-D, NAT-D           (MM4)
 *   I -> R  *IDii, HASH_I [, N(INITIAL-CONTACT)]   (MM5, on 4500 behind NAT)
 *   R -> I  *IDir, HASH_R                  (MM6)
 *
 * A responder knows its peer only by address until MM5 (the ID is
 * encrypted with a key that depends on the pre-shared key), so the
 * connection, and its pre-shared key, are chosen by address: a
 * road-warrior conn (`remote any`) serves every client.
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
#include "ikev1_sig.h"
#include "ikev2_auth.h"
#include "x509.h"

#define MSG_CAP 8192
#define NONCE_LEN 32

/* --- helpers --- */

static uint8_t natd_type(const struct ikev1_state *s)
{
	return s->natt_rfc ? IKEV1_PL_NAT_D : IKEV1_PL_NAT_D_DRAFT;
}

static bool natt_on(const struct ikev1_state *s)
{
	return s->natt_rfc || s->natt_draft;
}

static void scan_vids(struct ikev1_state *s, const struct ikev1_payloads *pl)
{
	const struct ikev1_payload *p = NULL;

	while ((p = ikev1_payload_next(pl, IKEV1_PL_VID, p))) {
		switch (ikev1_vid_kind(p->body, p->len)) {
		case IKEV1_VID_IS_RFC3947:
			s->natt_rfc = true;
			break;
		case IKEV1_VID_IS_NATT_02:
			s->natt_draft = true;
			s->natt_draft02 = true;
			break;
		case IKEV1_VID_IS_NATT_03:
			s->natt_draft = true;
			break;
		case IKEV1_VID_IS_DPD:
			s->peer_dpd = true;
			break;
		case IKEV1_VID_IS_MS_INITIAL_CONTACT:
			s->peer_initial_contact = true;
			break;
		default:
			break;
		}
	}
}

/* Our VIDs: as initiator every NAT-T flavour; as responder the one chosen. */
static void write_vids(struct ike_wbuf *w, const struct ike_sa *sa)
{
	const struct ikev1_state *s = v1(sa);

	if (sa->initiator) {
		ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_RFC3947, IKEV1_VID_LEN);
		ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_NATT_03, IKEV1_VID_LEN);
		ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_NATT_02_N, IKEV1_VID_LEN);
	} else if (s->natt_rfc) {
		ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_RFC3947, IKEV1_VID_LEN);
	} else if (s->natt_draft) {
		ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)(s->natt_draft02 ?
				IKEV1_VID_NATT_02_N : IKEV1_VID_NATT_03), IKEV1_VID_LEN);
	}
	ikev1_w_data(w, IKEV1_PL_VID, (const uint8_t *)IKEV1_VID_DPD, IKEV1_VID_LEN);
}

static void natd(const struct ike_sa *sa, const struct sockaddr_in *a, uint8_t *out)
{
	ikev1_natd_hash(v1(sa)->p1.p1.hash ? v1(sa)->p1.p1.hash : IKEV1_HASH_SHA1, sa->spi_i,
			sa->spi_r, (const uint8_t *)&a->sin_addr, 4, ntohs(a->sin_port), out);
}

/* NAT-D of the destination (the peer), then of the source (us). */
static void write_natd(struct ike_wbuf *w, const struct ike_sa *sa)
{
	const struct ikev1_state *s = v1(sa);
	uint8_t h[IKEV1_PRF_MAX];
	size_t hl = ikev1_hash_len(s->p1.p1.hash);

	if (!natt_on(s))
		return;
	natd(sa, &sa->remote, h);
	ikev1_w_data(w, natd_type(s), h, hl);
	if (sa->conn && sa->conn->encap == CONF_ENCAP_YES)
		ike_random(h, hl);	/* encap yes: make the peer see a NAT */
	else
		natd(sa, &sa->local, h);
	ikev1_w_data(w, natd_type(s), h, hl);
}

/* The peer's NAT-Ds: the first is of us as it sees us, the others of itself. */
static void check_natd(struct ike_sa *sa, const struct ikev1_payloads *pl)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *p = NULL;
	uint8_t h[IKEV1_PRF_MAX];
	size_t hl = ikev1_hash_len(s->p1.p1.hash);
	bool first = true, peer_match = false, seen = false;

	if (!natt_on(s))
		return;
	while ((p = ikev1_payload_next(pl, natd_type(s), p))) {
		seen = true;
		if (first) {
			natd(sa, &sa->local, h);
			sa->nat_local = p->len != hl || !ike_ct_eq(h, p->body, hl);
			first = false;
			continue;
		}
		natd(sa, &sa->remote, h);
		peer_match |= p->len == hl && ike_ct_eq(h, p->body, hl);
	}
	if (!seen)
		return;
	sa->nat_remote = !peer_match;
	if (sa->conn && sa->conn->encap == CONF_ENCAP_YES)
		sa->nat_local = true;
	if (sa->conn && sa->conn->encap == CONF_ENCAP_NO && (sa->nat_local || sa->nat_remote)) {
		sa_log(sa, LOG_NOTICE, "NAT detected but encap no: staying on port %u",
		       ntohs(sa->local.sin_port));
		sa->nat_local = sa->nat_remote = false;
	}
}

static bool sig_auth(const struct ike_sa *sa)
{
	return v1(sa)->auth != IKEV1_AUTH_PSK;
}

/* The pre-shared key (NULL with signatures: SKEYID from the nonces). */
static int psk_or_refuse(struct ike_sa *sa, const uint8_t **psk, size_t *len)
{
	const struct conf_conn *conn = sa->conn;

	if (sig_auth(sa)) {
		if (!ked_cred(sa->d, conn)) {
			sa_log(sa, LOG_ERR, "no certificate and key loaded for %s", conn->name);
			return -1;
		}
		*psk = NULL;
		*len = 0;
		return 0;
	}
	if (!conn->psk_len) {
		sa_log(sa, LOG_ERR, "no pre-shared key for %s", conn->name);
		return -1;
	}
	*psk = conn->psk;
	*len = conn->psk_len;
	return 0;
}

/* g^xy from the peer's KE, then SKEYID and the rest; the first IV. */
static int derive(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	const uint8_t *peer = sa->initiator ? s->gxr : s->gxi;
	size_t peer_len = sa->initiator ? s->gxr_len : s->gxi_len;
	uint8_t gxy[IKEV1_PUB_MAX];
	size_t gxy_len = ike_dh_secret_len(s->p1.p1.group);
	const uint8_t *psk = NULL;
	size_t psk_len = 0;
	int rc = -1;

	if (psk_or_refuse(sa, &psk, &psk_len))
		return -1;
	if (!gxy_len || gxy_len > sizeof(gxy) || ike_dh_derive(sa->dh, peer, peer_len, gxy)) {
		sa_log(sa, LOG_NOTICE, "bad key exchange value from the peer");
		goto out;
	}
	if (ikev1_derive_keys(&s->k, s->p1.p1.hash, s->p1.p1.encr, s->p1.p1.key_bits, psk,
			      psk_len, sa->ni, sa->ni_len, sa->nr, sa->nr_len, gxy, gxy_len,
			      sa->spi_i, sa->spi_r) ||
	    ikev1_iv_phase1(&s->k, s->gxi, s->gxi_len, s->gxr, s->gxr_len, &s->iv)) {
		sa_log(sa, LOG_ERR, "IKEv1 key derivation failed");
		goto out;
	}
	s->keys_ready = true;
	rc = 0;
out:
	ike_wipe(gxy, sizeof(gxy));
	return rc;
}

/* Our ID payload body for HASH and the ID payload. */
static size_t our_id(const struct ike_sa *sa, uint8_t *body, size_t cap)
{
	const struct conf_id *id = &sa->conn->local_id;
	uint8_t type = id->type;
	const uint8_t *data = id->data;
	size_t len = id->len;

	if (!type && sig_auth(sa)) {
		struct ike_cred *cred = ked_cred(sa->d, sa->conn);

		if (!cred || cap < 4 || ike_cred_id(cred, &body[0], body + 4, &len, cap - 4))
			return 0;
		body[1] = body[2] = body[3] = 0;
		return 4 + len;
	}
	if (!type) {
		type = IKEV1_ID_IPV4_ADDR;
		data = (const uint8_t *)&sa->conn->local;
		len = 4;
	}
	if (4 + len > cap)
		return 0;
	body[0] = type;
	body[1] = 0;	/* protocol and port: 0, as RFC 2407 4.6.2 allows in phase 1 */
	body[2] = 0;
	body[3] = 0;
	memcpy(body + 4, data, len);
	return 4 + len;
}

static void send_plain(struct ike_sa *sa, struct ike_wbuf *w, uint8_t *msg)
{
	size_t len = ike_w_finish(w);

	if (!len) {
		free(msg);
		sa_log(sa, LOG_ERR, "cannot build a main mode message");
		return;
	}
	if (sa->initiator)
		ikev1_request_out(sa, msg, len);
	else
		ikev1_keep_send(sa, &sa->resp, &sa->resp_len, msg, len);
}

/* --- the IKE SA is up --- */

/* INITIAL-CONTACT: every other IKE SA of this peer identity goes; without
 * it, an older SA of the same peer hands its child SAs over (a phase 1
 * renewal: the clients keep their IPsec SAs across it). */
static void replace_older(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	struct ike_sa *o;

	for (o = sa->d->sas; o; o = o->next) {
		if (o == sa || o->state == IKE_S_DEAD || o->version != 1 || !o->conn ||
		    o->conn != sa->conn || strcmp(o->peer_id, sa->peer_id))
			continue;
		if (s->peer_initial_contact) {
			sa_log(o, LOG_NOTICE, "replaced by a new IKE SA of %s (INITIAL-CONTACT)",
			       sa->peer_id);
			ike_sa_kill(o, "the peer reconnected");
		} else if (o->remote.sin_addr.s_addr == sa->remote.sin_addr.s_addr &&
			   o->remote.sin_port == sa->remote.sin_port) {
			sa_log(o, LOG_INFO, "child SAs move to the new IKE SA #%u", sa->serial);
			if (o->l2tp_up) {
				sa->l2tp_up = true;
				o->l2tp_up = false;
			}
			child_move_all(o, sa);
		}
	}
}

static void established(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	struct ked *d = sa->d;
	uint64_t now = ked_now(d);
	char a[INET_ADDRSTRLEN];
	uint32_t life = s->p1.p1.life_s;

	s->mm = MM_DONE;
	s->p1_last = s->iv;
	sa->state = IKE_S_ESTABLISHED;
	sa->established_ms = now;
	sa->keys_ready = true;
	sa->req_kind = REQ_NONE;
	if (sa->half_open) {
		sa->half_open = false;
		d->n_half_open--;
	}
	if (sa->conn->ike_lifetime && (!life || sa->conn->ike_lifetime < life))
		life = sa->conn->ike_lifetime;
	s->life_s = life;
	/* the initiator renews at 90%; the ISAKMP SA ends at its lifetime */
	if (life) {
		s->expire_ms = now + (uint64_t)life * 1000;
		sa->rekey_ms = sa->initiator ? now + (uint64_t)life * 900 : 0;
	}
	sa->dpd_off = !s->peer_dpd;
	ikev1_p1_str(&s->p1.p1, s->alg, sizeof(s->alg));
	sa->alg = s->p1.chosen;
	inet_ntop(AF_INET, &sa->remote.sin_addr, a, sizeof(a));
	sa_log(sa, LOG_NOTICE, "IKEv1 SA established with %s at %s:%u, %s%s%s", sa->peer_id, a,
	       ntohs(sa->remote.sin_port), s->alg, sa->natt ? ", NAT-T" : "",
	       s->peer_dpd ? ", DPD" : "");
	replace_older(sa);
	ikev1_update_deadline(sa);
}

/* The peer's certificates (end entity first) and SIG over the expected hash. */
static int check_sig(struct ike_sa *sa, const struct ikev1_payloads *pl,
		     const struct ikev1_id *id, const uint8_t *hash,
		     const struct ikev1_payload *psig)
{
	const uint8_t *inter[IKE_MAX_CERTS];
	size_t inter_len[IKE_MAX_CERTS];
	const struct ikev1_payload *p = NULL;
	const uint8_t *ee = NULL;
	size_t ee_len = 0;
	unsigned int n = 0;
	char why[256] = "", idt[128];
	struct ikev1_cert c;
	const char *w = NULL;
	X509 *x;
	int rc;

	while ((p = ikev1_payload_next(pl, IKEV1_PL_CERT, p))) {
		if (ikev1_cert_parse(p->body, p->len, &c, &w) ||
		    c.encoding != IKEV1_CERT_X509_SIG)
			continue;
		if (!ee) {
			ee = c.data;
			ee_len = c.len;
		} else if (n < IKE_MAX_CERTS) {
			inter[n] = c.data;
			inter_len[n++] = c.len;
		}
	}
	ike_id_text(id->type, id->data, id->len, idt, sizeof(idt));
	if (!ee) {
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: no X.509 certificate sent", idt);
		return -1;
	}
	x = ike_auth_check_cert(sa->d->trust, ee, ee_len, inter, inter_len, n, id->type,
				id->data, id->len, why, sizeof(why));
	rc = x ? ikev1_sig_verify(X509_get0_pubkey(x), hash, v1(sa)->k.prf_len, psig->body,
				  psig->len, why, sizeof(why)) : -1;
	X509_free(x);
	if (rc)
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: %s", idt, why);
	return rc;
}

static bool id_fits(const struct conf_conn *c, const struct ikev1_id *id)
{
	return c->remote_id_any || !c->remote_id.type ||
	       conf_id_match(&c->remote_id, id->type, id->data, id->len);
}

/*
 * A responder chose its conn by address alone (MM1). Once the peer's
 * authenticated identity is known, another conn for the same addresses
 * whose remote-id names it takes over (so several clients, behind one
 * NAT or anywhere, each get their own conn): with certificates any such
 * conn; with pre-shared keys only one with the same key, which is what
 * authenticated the peer.
 */
static bool switch_conn(struct ike_sa *sa, const struct ikev1_id *id)
{
	const struct conf_conn *cur = sa->conn;
	struct ked *d = sa->d;

	if (sa->initiator)
		return false;
	for (unsigned int i = 0; i < d->conf->n_conns; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if (c == cur || c->version != 1 || c->local.s_addr != cur->local.s_addr ||
		    c->auth != cur->auth || !c->remote_id.type || !id_fits(c, id))
			continue;
		if (!c->remote_any && c->remote.s_addr != sa->remote.sin_addr.s_addr)
			continue;
		if (c->auth == CONF_AUTH_PSK &&
		    (c->psk_len != cur->psk_len || !ike_ct_eq(c->psk, cur->psk, c->psk_len)))
			continue;
		sa_log(sa, LOG_INFO, "identity %s: connection %s", sa->peer_id, c->name);
		sa->conn = c;
		snprintf(sa->conn_name, sizeof(sa->conn_name), "%s", c->name);
		return true;
	}
	return false;
}

/* The peer's ID + HASH (or certificate + SIG) of MM5 / MM6. 0, or -1 (logged). */
static int check_auth(struct ike_sa *sa, const struct ikev1_payloads *pl)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *pid = ikev1_payload_next(pl, IKEV1_PL_ID, NULL);
	const struct ikev1_payload *ph = ikev1_payload_next(pl, IKEV1_PL_HASH, NULL);
	uint8_t want[IKEV1_PRF_MAX];
	struct ikev1_id id;
	const char *why = NULL;

	if (sig_auth(sa))
		ph = ikev1_payload_next(pl, IKEV1_PL_SIG, NULL);
	if (!pid || !ph || ikev1_id_parse(pid->body, pid->len, &id, &why) ||
	    pid->len > sizeof(s->peer_id)) {
		sa_log(sa, LOG_NOTICE, "main mode: no or malformed ID or %s payload",
		       sig_auth(sa) ? "SIG" : "HASH");
		return -1;
	}
	if (ikev1_main_hash(&s->k, !sa->initiator, s->gxi, s->gxi_len, s->gxr, s->gxr_len,
			    sa->spi_i, sa->spi_r, s->sai_b, s->sai_len, pid->body, pid->len,
			    want))
		return -1;
	if (sig_auth(sa)) {
		if (check_sig(sa, pl, &id, want, ph))
			return -1;
	} else if (!ikev1_hash_eq(want, s->k.prf_len, ph->body, ph->len)) {
		ike_id_text(id.type, id.data, id.len, sa->peer_id, sizeof(sa->peer_id));
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: HASH_%s mismatch "
		       "(wrong pre-shared key?)", sa->peer_id, sa->initiator ? "R" : "I");
		return -1;
	}
	ike_id_text(id.type, id.data, id.len, sa->peer_id, sizeof(sa->peer_id));
	if (!id_fits(sa->conn, &id) && !switch_conn(sa, &id)) {
		sa_log(sa, LOG_NOTICE, "peer identity %s is not the configured %s", sa->peer_id,
		       sa->conn->remote_id.text);
		return -1;
	}
	memcpy(s->peer_id, pid->body, pid->len);
	s->peer_id_len = pid->len;
	s->peer_id_type = id.type;
	if (id.type == IKEV1_ID_IPV4_ADDR)
		memcpy(&sa->peer_private, id.data, 4);
	return 0;
}

/* MM5 (initiator) / MM6 (responder): ID, HASH, encrypted with the phase 1 chain. */
static size_t build_auth(struct ike_sa *sa, uint8_t *msg, bool initial_contact)
{
	struct ikev1_state *s = v1(sa);
	uint8_t idb[4 + 512], hash[IKEV1_PRF_MAX];
	size_t idl = our_id(sa, idb, sizeof(idb)), len;
	struct ike_wbuf w;
	struct ike_hdr h;

	if (!idl || ikev1_main_hash(&s->k, sa->initiator, s->gxi, s->gxi_len, s->gxr,
				    s->gxr_len, sa->spi_i, sa->spi_r, s->sai_b, s->sai_len,
				    idb, idl, hash))
		return 0;
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, IKEV1_FLAG_ENCRYPTION, 0, &h);
	ike_w_init(&w, msg, MSG_CAP - 32);
	ikev1_w_hdr(&w, &h);
	ikev1_w_id(&w, idb[0], 0, 0, idb + 4, idl - 4);
	if (sig_auth(sa)) {
		struct ike_cred *cred = ked_cred(sa->d, sa->conn);
		uint8_t sig[1024];
		size_t sl = 0, dl;
		const uint8_t *der = cred ? ike_cred_cert_der(cred, &dl) : NULL;

		if (!der || ikev1_sig_sign(cred, hash, s->k.prf_len, sig, sizeof(sig), &sl)) {
			sa_log(sa, LOG_ERR, "cannot sign with the key of %s", sa->conn->name);
			return 0;
		}
		ikev1_w_cert(&w, IKEV1_PL_CERT, IKEV1_CERT_X509_SIG, der, dl);
		for (unsigned int i = 0; (der = ike_cred_chain_der(cred, i, &dl)); i++)
			ikev1_w_cert(&w, IKEV1_PL_CERT, IKEV1_CERT_X509_SIG, der, dl);
		ikev1_w_data(&w, IKEV1_PL_SIG, sig, sl);
	} else {
		ikev1_w_data(&w, IKEV1_PL_HASH, hash, s->k.prf_len);
	}
	if (initial_contact) {
		uint8_t spi[16];

		memcpy(spi, sa->spi_i, 8);
		memcpy(spi + 8, sa->spi_r, 8);
		ikev1_w_notify(&w, IKEV1_DOI_IPSEC, IKEV1_PROTO_ISAKMP, spi, 16,
			       IKEV1_N_INITIAL_CONTACT, NULL, 0);
	}
	len = ike_w_finish(&w);
	ike_wipe(hash, sizeof(hash));
	if (!len)
		return 0;
	return ikev1_seal(sa, &s->iv, msg, len, MSG_CAP);
}

/* --- initiator --- */

/**
 * ikev1_main_start() - initiate main mode for a connection
 * @d: the daemon
 * @conn: a version 1 conn
 *
 * Return: 0, or -1 (logged).
 */
int ikev1_main_start(struct ked *d, const struct conf_conn *conn)
{
	uint16_t port = d->conf->ike_port ? d->conf->ike_port : 500;
	uint8_t store[IKEV1_OFFER_STORE], *msg;
	struct ikev1_proposal prop;
	struct ikev1_state *s;
	struct ike_wbuf w;
	struct ike_hdr h;
	struct ike_sa *sa;
	size_t start;
	uint16_t auth = conn->auth == CONF_AUTH_PSK ? IKEV1_AUTH_PSK : IKEV1_AUTH_RSA_SIG;

	if (!ikev1_p1_offer(conn, auth, &prop, store)) {
		logx(LOG_ERR, "%s: no IKEv1 proposal to offer", conn->name);
		return -1;
	}
	sa = ike_sa_new(d, true, conn);
	msg = malloc(MSG_CAP);
	if (!sa || !msg || ikev1_sa_setup(sa)) {
		free(msg);
		if (sa)
			ike_sa_kill(sa, "out of memory");
		return -1;
	}
	s = v1(sa);
	s->auth = auth;
	sa->local.sin_family = AF_INET;
	sa->local.sin_addr = conn->local;
	sa->local.sin_port = htons(port);
	sa->remote = sa->local;
	sa->remote.sin_addr = conn->remote;
	ike_sa_set_remote(sa, &sa->remote);
	sa->state = IKE_S_INIT_SENT;
	s->mm = MM_I1;
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	start = w.len;
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &prop, 1);
	if (!w.err) {
		s->sai_len = w.len - start - 4;
		s->sai_b = malloc(s->sai_len);
		if (s->sai_b)
			memcpy(s->sai_b, msg + start + 4, s->sai_len);
	}
	write_vids(&w, sa);
	if (!s->sai_b || w.err) {
		free(msg);
		ike_sa_kill(sa, "cannot build main mode");
		return -1;
	}
	sa_log(sa, LOG_INFO, "initiating IKEv1 main mode");
	send_plain(sa, &w, msg);
	ike_sa_reschedule(sa);
	return 0;
}

/* MM2 -> MM3 */
static void i_mm2(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *psa = ikev1_payload_next(&m->pl, IKEV1_PL_SA, NULL);
	struct ikev1_sa isa;
	const char *why = NULL;
	uint8_t *msg;
	struct ike_wbuf w;
	struct ike_hdr h;

	if (!psa || ikev1_sa_parse(psa->body, psa->len, &isa, &why) ||
	    ikev1_p1_check_answer(sa->conn, s->auth, &isa, &s->p1)) {
		sa_log(sa, LOG_NOTICE, "main mode: the responder's choice is not what we offered");
		ike_sa_kill(sa, "bad main mode answer");
		return;
	}
	ike_sa_set_spis(sa, NULL, m->h.spi_r);
	scan_vids(s, &m->pl);
	sa->dh = ike_dh_new(s->p1.p1.group);
	sa->ni_len = NONCE_LEN;
	msg = malloc(MSG_CAP);
	if (!sa->dh || !msg || ike_random(sa->ni, sa->ni_len)) {
		free(msg);
		ike_sa_kill(sa, "cannot make a key exchange value");
		return;
	}
	s->gxi_len = ike_dh_pub_len(s->p1.p1.group);
	if (!s->gxi_len || s->gxi_len > sizeof(s->gxi) ||
	    ike_dh_public(sa->dh, s->gxi, s->gxi_len)) {
		free(msg);
		ike_sa_kill(sa, "unsupported group");
		return;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	ikev1_w_data(&w, IKEV1_PL_KE, s->gxi, s->gxi_len);
	ikev1_w_data(&w, IKEV1_PL_NONCE, sa->ni, sa->ni_len);
	if (sig_auth(sa))
		ikev1_w_cert(&w, IKEV1_PL_CR, IKEV1_CERT_X509_SIG, NULL, 0);
	write_natd(&w, sa);
	s->mm = MM_I3;
	send_plain(sa, &w, msg);
}

/* MM4 -> MM5 */
static void i_mm4(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *pke = ikev1_payload_next(&m->pl, IKEV1_PL_KE, NULL);
	const struct ikev1_payload *pn = ikev1_payload_next(&m->pl, IKEV1_PL_NONCE, NULL);
	struct ikev1_data nr;
	const char *why = NULL;
	uint8_t *msg;
	size_t len;

	if (!pke || !pn || pke->len != s->gxi_len ||
	    ikev1_nonce_parse(pn->body, pn->len, &nr, &why)) {
		sa_log(sa, LOG_NOTICE, "main mode: bad KE or nonce from the responder");
		ike_sa_kill(sa, "bad main mode answer");
		return;
	}
	memcpy(s->gxr, pke->body, pke->len);
	s->gxr_len = pke->len;
	memcpy(sa->nr, nr.data, nr.len);
	sa->nr_len = nr.len;
	check_natd(sa, &m->pl);
	if (derive(sa)) {
		ike_sa_kill(sa, "key derivation");
		return;
	}
	if (sa->nat_local || sa->nat_remote)
		ikev1_float(sa);
	msg = malloc(MSG_CAP);
	len = msg ? build_auth(sa, msg, true) : 0;
	if (!len) {
		free(msg);
		ike_sa_kill(sa, "cannot build main mode");
		return;
	}
	s->mm = MM_I5;
	sa->state = IKE_S_AUTH_SENT;
	ikev1_request_out(sa, msg, len);
}

/* MM6: done */
static void i_mm6(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_payloads pl;
	struct ikev1_iv next;
	uint8_t *plain = malloc(m->enc_len ? m->enc_len : 1);

	if (!plain)
		return;
	if (ikev1_open(sa, m, &s->iv, plain, &pl, &next) || check_auth(sa, &pl)) {
		free(plain);
		ike_sa_kill(sa, "main mode authentication failed");
		return;
	}
	s->iv = next;
	free(plain);
	ike_req_done(sa);
	established(sa);
	if (sa->conn->l2tp.set || sa->conn->start == CONF_START_INITIATE)
		ikev1_quick_start(sa, 0);
}

/* --- responder --- */

static const struct conf_conn *conn_for(struct ked *d, const struct sockaddr_in *local,
					const struct sockaddr_in *from)
{
	const struct conf_conn *any = NULL;

	for (unsigned int i = 0; i < d->conf->n_conns; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if (c->version != 1 || c->local.s_addr != local->sin_addr.s_addr)
			continue;
		if (!c->remote_any && c->remote.s_addr == from->sin_addr.s_addr)
			return c;
		if (c->remote_any && !any)
			any = c;
	}
	return any;
}

static unsigned int half_open_from(const struct ked *d, const struct sockaddr_in *from)
{
	unsigned int n = 0;

	for (const struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->half_open && sa->remote.sin_addr.s_addr == from->sin_addr.s_addr)
			n++;
	return n;
}

/*
 * At the half-open limit: the oldest responder SA that never got past
 * MM2 (a legitimate client answers within a round trip) makes room.
 */
static bool evict_stale(struct ked *d)
{
	struct ike_sa *victim = NULL;

	for (struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->half_open && sa->version == 1 && v1(sa)->mm == MM_R2)
			victim = sa;	/* the list is newest first: the last is the oldest */
	if (!victim)
		return false;
	ike_sa_kill(victim, "half-open, evicted for a newer peer");
	return true;
}

#define HALF_OPEN_MAX 4096

/**
 * ikev1_main_first() - MM1 from a peer we have no SA with
 * @d: the daemon
 * @h: its header
 * @buf: the datagram
 * @len: its length
 * @local: where it arrived
 * @from: the peer
 */
void ikev1_main_first(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		      const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	uint8_t digest[IKEV1_DIGEST_LEN], *msg;
	const struct ikev1_payload *psa;
	const struct conf_conn *conn;
	struct ikev1_choice ch;
	struct ikev1_proposal prop;
	struct ikev1_state *s;
	struct ikev1_msg m;
	struct ikev1_sa isa;
	struct ike_wbuf w;
	struct ike_hdr rh;
	struct ike_sa *sa;
	const char *why = NULL;
	char a[INET_ADDRSTRLEN], reason[1200];

	ikev1_digest(buf, len, digest);
	sa = ike_sa_find_half(d, h->spi_i, from);
	if (sa && sa->version == 1) {
		s = v1(sa);
		if (s->have_in && !memcmp(s->in_digest, digest, sizeof(digest)) && sa->resp) {
			sa_log(sa, LOG_DEBUG, "retransmitted MM1, resending our answer");
			ike_transmit(sa, sa->resp, sa->resp_len);
		}
		return;
	}
	inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
	conn = conn_for(d, local, from);
	if (!conn) {
		d->stats_dropped++;
		logx(LOG_INFO, "IKEv1 main mode from %s:%u: no version 1 connection for it", a,
		     ntohs(from->sin_port));
		return;
	}
	if (ikev1_msg_parse(buf, len, IKEV1_P_ALLOW_UNKNOWN, &m, &why) || m.encrypted ||
	    !(psa = ikev1_payload_next(&m.pl, IKEV1_PL_SA, NULL)) ||
	    ikev1_sa_parse(psa->body, psa->len, &isa, &why)) {
		d->stats_dropped++;
		logx(LOG_INFO, "IKEv1 main mode from %s: malformed (%s)", a, why ? why : "no SA");
		return;
	}
	if (half_open_from(d, from) >= d->conf->half_open_per_source) {
		d->stats_half_open_rejected++;
		logx(LOG_DEBUG, "IKEv1 main mode from %s: too many half-open SAs from it", a);
		return;
	}
	if (d->n_half_open >= HALF_OPEN_MAX && !evict_stale(d)) {
		d->stats_half_open_rejected++;
		return;
	}
	if (ikev1_p1_choose(conn, &isa, &ch, reason, sizeof(reason))) {
		logx(LOG_NOTICE, "%s: no acceptable IKEv1 proposal from %s: %s", conn->name, a,
		     reason);
		ikev1_notify_plain(d, h, IKEV1_N_NO_PROPOSAL_CHOSEN, local, from);
		return;
	}
	sa = ike_sa_new(d, false, conn);
	msg = malloc(MSG_CAP);
	if (!sa || !msg || ikev1_sa_setup(sa)) {
		free(msg);
		if (sa)
			ike_sa_kill(sa, "out of memory");
		return;
	}
	s = v1(sa);
	s->p1 = ch;
	s->auth = ch.p1.auth;
	ike_sa_set_spis(sa, h->spi_i, NULL);
	sa->local = *local;
	ike_sa_set_remote(sa, from);
	sa->natt = ntohs(local->sin_port) == (d->conf->natt_port ? d->conf->natt_port : 4500);
	sa->state = IKE_S_INIT_DONE;
	sa->half_open = true;
	d->n_half_open++;
	sa->halfopen_deadline_ms = ked_now(d) + (uint64_t)d->conf->half_open_timeout * 1000;
	s->mm = MM_R2;
	memcpy(s->in_digest, digest, sizeof(digest));
	s->have_in = true;
	scan_vids(s, &m.pl);
	s->sai_len = psa->len;
	s->sai_b = malloc(psa->len);
	if (!s->sai_b) {
		free(msg);
		ike_sa_kill(sa, "out of memory");
		return;
	}
	memcpy(s->sai_b, psa->body, psa->len);
	/* the answer: the chosen transform, as the peer wrote it */
	prop = isa.p[ch.prop];
	prop.t[0] = isa.p[ch.prop].t[ch.trans];
	prop.nt = prop.nt_kept = 1;
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &rh);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &rh);
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &prop, 1);
	write_vids(&w, sa);
	sa_log(sa, LOG_INFO, "IKEv1 main mode from %s:%u%s", a, ntohs(from->sin_port),
	       natt_on(s) ? " (NAT-T capable)" : "");
	send_plain(sa, &w, msg);
	ike_sa_reschedule(sa);
}

/* MM3 -> MM4 */
static void r_mm3(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *pke = ikev1_payload_next(&m->pl, IKEV1_PL_KE, NULL);
	const struct ikev1_payload *pn = ikev1_payload_next(&m->pl, IKEV1_PL_NONCE, NULL);
	size_t publen = ike_dh_pub_len(s->p1.p1.group);
	struct ikev1_data ni;
	const char *why = NULL;
	struct ike_wbuf w;
	struct ike_hdr h;
	uint8_t *msg;

	if (!pke || !pn || !publen || pke->len != publen || publen > sizeof(s->gxi) ||
	    ikev1_nonce_parse(pn->body, pn->len, &ni, &why)) {
		sa_log(sa, LOG_NOTICE, "main mode: bad KE or nonce from the initiator");
		return;		/* maybe garbage: the real one may still come */
	}
	sa->dh = ike_dh_new(s->p1.p1.group);
	msg = malloc(MSG_CAP);
	s->gxr_len = publen;
	sa->nr_len = NONCE_LEN;
	if (!sa->dh || !msg || ike_dh_public(sa->dh, s->gxr, s->gxr_len) ||
	    ike_random(sa->nr, sa->nr_len)) {
		free(msg);
		ike_sa_kill(sa, "cannot make a key exchange value");
		return;
	}
	memcpy(s->gxi, pke->body, publen);
	s->gxi_len = publen;
	memcpy(sa->ni, ni.data, ni.len);
	sa->ni_len = ni.len;
	check_natd(sa, &m->pl);
	if (derive(sa)) {
		free(msg);
		ike_sa_kill(sa, "key derivation");
		return;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	ikev1_w_data(&w, IKEV1_PL_KE, s->gxr, s->gxr_len);
	ikev1_w_data(&w, IKEV1_PL_NONCE, sa->nr, sa->nr_len);
	if (sig_auth(sa))
		ikev1_w_cert(&w, IKEV1_PL_CR, IKEV1_CERT_X509_SIG, NULL, 0);
	write_natd(&w, sa);
	s->mm = MM_R4;
	send_plain(sa, &w, msg);
}

/* MM5 -> MM6 */
static void r_mm5(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_payloads pl;
	struct ikev1_notify n;
	struct ikev1_iv next;
	uint8_t *plain = malloc(m->enc_len ? m->enc_len : 1), *msg;
	size_t len;

	if (!plain)
		return;
	if (ikev1_open(sa, m, &s->iv, plain, &pl, &next)) {
		free(plain);
		return;		/* not authenticated: maybe garbage */
	}
	if (check_auth(sa, &pl)) {
		free(plain);
		ikev1_notify_plain(sa->d, &m->h, IKEV1_N_AUTHENTICATION_FAILED, &sa->local,
				   &sa->remote);
		ike_sa_kill(sa, "main mode authentication failed");
		return;
	}
	if (!ikev1_notify_find(&pl, IKEV1_N_INITIAL_CONTACT, &n))
		s->peer_initial_contact = true;
	free(plain);
	s->iv = next;
	msg = malloc(MSG_CAP);
	len = msg ? build_auth(sa, msg, false) : 0;
	if (!len) {
		free(msg);
		ike_sa_kill(sa, "cannot build main mode");
		return;
	}
	ikev1_keep_send(sa, &sa->resp, &sa->resp_len, msg, len);
	established(sa);
}

/**
 * ikev1_main_input() - a main mode message for an SA we have
 * @sa: the SA
 * @m: the message
 * @buf: the datagram
 * @len: its length
 * @local: where it arrived
 * @from: the sender
 */
void ikev1_main_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len, const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	struct ikev1_state *s = v1(sa);
	uint8_t digest[IKEV1_DIGEST_LEN];

	ikev1_digest(buf, len, digest);
	if (s->have_in && !memcmp(digest, s->in_digest, sizeof(digest))) {
		if (!sa->initiator && sa->resp) {
			sa_log(sa, LOG_DEBUG, "retransmitted main mode message, resending ours");
			ike_transmit(sa, sa->resp, sa->resp_len);
		}
		return;
	}
	if (m->encrypted != (s->mm == MM_I5 || s->mm == MM_R4))
		return;
	/* the peer floated to the NAT-T port (or a NAT moved it) */
	if (m->encrypted && !sa->initiator &&
	    (from->sin_port != sa->remote.sin_port ||
	     from->sin_addr.s_addr != sa->remote.sin_addr.s_addr)) {
		uint16_t natt = sa->d->conf->natt_port ? sa->d->conf->natt_port : 4500;

		if (ntohs(local->sin_port) == natt)
			sa->natt = true;
		sa->local = *local;
		ike_sa_set_remote(sa, from);
	}
	switch (s->mm) {
	case MM_I1:
		ike_req_done(sa);
		i_mm2(sa, m);
		break;
	case MM_I3:
		ike_req_done(sa);
		i_mm4(sa, m);
		break;
	case MM_I5:
		i_mm6(sa, m);
		break;
	case MM_R2:
		r_mm3(sa, m);
		break;
	case MM_R4:
		r_mm5(sa, m);
		break;
	default:
		return;
	}
	if (sa->state != IKE_S_DEAD) {
		memcpy(s->in_digest, digest, sizeof(digest));
		s->have_in = true;
		sa->last_rx_ms = ked_now(sa->d);
	}
}
