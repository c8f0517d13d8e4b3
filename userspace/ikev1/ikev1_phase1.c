// SPDX-License-Identifier: GPL-2.0
/*
 * What IKEv1 main mode and aggressive mode share (ikev1_phase1.h): vendor
 * IDs, NAT detection, SKEYID and the first IV, our identity, the peer's
 * authentication (HASH or certificate + SIG) and the conn it belongs to,
 * the SA coming up (lifetimes, INITIAL-CONTACT, renewals taking the
 * children over), and a responder's admission of new peers (half-open
 * limits, eviction under flood).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "dh.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev1_phase1.h"
#include "ikev1_sig.h"
#include "ikev2_auth.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "x509.h"

#define MSG_CAP 8192
#define HALF_OPEN_MAX 4096

/* --- helpers --- */

uint8_t ikev1_p1_natd_type(const struct ikev1_state *s)
{
	return s->natt_rfc ? IKEV1_PL_NAT_D : IKEV1_PL_NAT_D_DRAFT;
}

bool ikev1_p1_natt_on(const struct ikev1_state *s)
{
	return s->natt_rfc || s->natt_draft;
}

void ikev1_p1_scan_vids(struct ikev1_state *s, const struct ikev1_payloads *pl)
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
void ikev1_p1_write_vids(struct ike_wbuf *w, const struct ike_sa *sa)
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
void ikev1_p1_write_natd(struct ike_wbuf *w, const struct ike_sa *sa)
{
	const struct ikev1_state *s = v1(sa);
	uint8_t h[IKEV1_PRF_MAX];
	size_t hl = ikev1_hash_len(s->p1.p1.hash);

	if (!ikev1_p1_natt_on(s))
		return;
	natd(sa, &sa->remote, h);
	ikev1_w_data(w, ikev1_p1_natd_type(s), h, hl);
	if (sa->conn && sa->conn->encap == CONF_ENCAP_YES)
		ike_random(h, hl);	/* encap yes: make the peer see a NAT */
	else
		natd(sa, &sa->local, h);
	ikev1_w_data(w, ikev1_p1_natd_type(s), h, hl);
}

/* The peer's NAT-Ds: the first is of us as it sees us, the others of itself. */
void ikev1_p1_check_natd(struct ike_sa *sa, const struct ikev1_payloads *pl)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *p = NULL;
	uint8_t h[IKEV1_PRF_MAX];
	size_t hl = ikev1_hash_len(s->p1.p1.hash);
	bool first = true, peer_match = false, seen = false;

	if (!ikev1_p1_natt_on(s))
		return;
	while ((p = ikev1_payload_next(pl, ikev1_p1_natd_type(s), p))) {
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

bool ikev1_p1_sig_auth(const struct ike_sa *sa)
{
	return v1(sa)->auth != IKEV1_AUTH_PSK;
}

/* The pre-shared key (NULL with signatures: SKEYID from the nonces). */
static int psk_or_refuse(struct ike_sa *sa, const uint8_t **psk, size_t *len)
{
	const struct conf_conn *conn = sa->conn;

	if (ikev1_p1_sig_auth(sa)) {
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
int ikev1_p1_derive(struct ike_sa *sa)
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
size_t ikev1_p1_our_id(const struct ike_sa *sa, uint8_t *body, size_t cap)
{
	const struct conf_id *id = &sa->conn->local_id;
	uint8_t type = id->type;
	const uint8_t *data = id->data;
	size_t len = id->len;

	if (!type && ikev1_p1_sig_auth(sa)) {
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

void ikev1_p1_send_plain(struct ike_sa *sa, struct ike_wbuf *w, uint8_t *msg)
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
void ikev1_p1_replace_older(struct ike_sa *sa)
{
	struct ikev1_state *s = v1(sa);
	struct ike_sa *o;

	for (o = sa->d->sas; o; o = o->next) {
		if (o == sa || o->state == IKE_S_DEAD || o->version != 1 || !o->conn ||
		    o->conn != sa->conn || strcmp(o->peer_id, sa->peer_id))
			continue;
		if (s->peer_initial_contact &&
		    o->remote.sin_addr.s_addr == sa->remote.sin_addr.s_addr) {
			/* same identity from the same public address: the
			 * client reconnected (perhaps from a new NAT port).
			 * From another address it is another client that
			 * happens to have the same identity (PSK clients name
			 * themselves by their private address: two users at
			 * home on 192.168.1.100): both stay. */
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

void ikev1_p1_established(struct ike_sa *sa)
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
	/*
	 * The initiator's lifetime rules (it renews before it ends: Windows
	 * asks for 8 h); ours applies when it gave none, or when we initiate.
	 */
	if (sa->conn->ike_lifetime && (!life || (sa->initiator && sa->conn->ike_lifetime < life)))
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
	ikev1_p1_replace_older(sa);
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
static bool conn_candidate(const struct ike_sa *sa, const struct conf_conn *cur,
			   const struct conf_conn *c)
{
	if (c->version != 1 || c->local.s_addr != cur->local.s_addr || c->auth != cur->auth)
		return false;
	if (!c->remote_any && c->remote.s_addr != sa->remote.sin_addr.s_addr)
		return false;
	return c->auth != CONF_AUTH_PSK ||
	       (c->psk_len == cur->psk_len && ike_ct_eq(c->psk, cur->psk, c->psk_len));
}

/*
 * A responder chose its conn by address alone (MM1). Once the peer's
 * authenticated identity is known, the conn it belongs to is: the first
 * whose remote-id names it; else the one chosen, if it takes any identity;
 * else the first that takes any. Only conns for the same addresses and
 * authentication qualify; with pre-shared keys, only those with the same
 * key (which is what authenticated the peer). So several clients, behind
 * one NAT or anywhere, each get their own conn and pseudowire. True if
 * sa->conn fits the identity (possibly after a switch).
 */
static bool choose_conn(struct ike_sa *sa, const struct ikev1_id *id)
{
	const struct conf_conn *cur = sa->conn, *pick = NULL;
	struct ked *d = sa->d;

	if (sa->initiator)
		return id_fits(cur, id);
	for (unsigned int i = 0; i < d->conf->n_conns && !pick; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if (c->remote_id.type && !c->remote_id_any && conn_candidate(sa, cur, c) &&
		    conf_id_match(&c->remote_id, id->type, id->data, id->len))
			pick = c;
	}
	if (!pick && id_fits(cur, id))
		pick = cur;
	for (unsigned int i = 0; i < d->conf->n_conns && !pick; i++) {
		const struct conf_conn *c = &d->conf->conns[i];

		if ((c->remote_id_any || !c->remote_id.type) && conn_candidate(sa, cur, c))
			pick = c;
	}
	if (!pick)
		return false;
	if (pick != cur) {
		sa_log(sa, LOG_INFO, "identity %s: connection %s", sa->peer_id, pick->name);
		sa->conn = pick;
		snprintf(sa->conn_name, sizeof(sa->conn_name), "%s", pick->name);
	}
	return true;
}

/* The peer's ID + HASH (or certificate + SIG) of MM5 / MM6. 0, or -1 (logged). */
int ikev1_p1_check_auth(struct ike_sa *sa, const struct ikev1_payloads *pl)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *pid = ikev1_payload_next(pl, IKEV1_PL_ID, NULL);
	const struct ikev1_payload *ph = ikev1_payload_next(pl, IKEV1_PL_HASH, NULL);
	uint8_t want[IKEV1_PRF_MAX];
	struct ikev1_id id;
	const char *why = NULL;

	if (ikev1_p1_sig_auth(sa))
		ph = ikev1_payload_next(pl, IKEV1_PL_SIG, NULL);
	if (!pid || !ph || ikev1_id_parse(pid->body, pid->len, &id, &why) ||
	    pid->len > sizeof(s->peer_id)) {
		sa_log(sa, LOG_NOTICE, "main mode: no or malformed ID or %s payload",
		       ikev1_p1_sig_auth(sa) ? "SIG" : "HASH");
		return -1;
	}
	if (ikev1_main_hash(&s->k, !sa->initiator, s->gxi, s->gxi_len, s->gxr, s->gxr_len,
			    sa->spi_i, sa->spi_r, s->sai_b, s->sai_len, pid->body, pid->len,
			    want))
		return -1;
	if (ikev1_p1_sig_auth(sa)) {
		if (check_sig(sa, pl, &id, want, ph))
			return -1;
	} else if (!ikev1_hash_eq(want, s->k.prf_len, ph->body, ph->len)) {
		ike_id_text(id.type, id.data, id.len, sa->peer_id, sizeof(sa->peer_id));
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: HASH_%s mismatch "
		       "(wrong pre-shared key?)", sa->peer_id, sa->initiator ? "R" : "I");
		return -1;
	}
	ike_id_text(id.type, id.data, id.len, sa->peer_id, sizeof(sa->peer_id));
	if (!choose_conn(sa, &id)) {
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
size_t ikev1_p1_build_auth(struct ike_sa *sa, uint8_t *msg, bool initial_contact)
{
	struct ikev1_state *s = v1(sa);
	uint8_t idb[4 + 512], hash[IKEV1_PRF_MAX];
	size_t idl = ikev1_p1_our_id(sa, idb, sizeof(idb)), len;
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
	if (ikev1_p1_sig_auth(sa)) {
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

/*
 * An encrypted main mode message that does not decrypt to payloads: with
 * a pre-shared key almost always a different key on the other side (it
 * changes the encryption key, so the HASH is never reached). Logged once
 * per SA; the SA stays (a forged message must not end it) until the
 * half-open timeout or the retransmissions give up.
 */
void ikev1_p1_undecryptable(struct ike_sa *sa)
{
	char a[INET_ADDRSTRLEN];

	if (v1(sa)->undecryptable_logged)
		return;
	v1(sa)->undecryptable_logged = true;
	inet_ntop(AF_INET, &sa->remote.sin_addr, a, sizeof(a));
	sa_log(sa, LOG_NOTICE, "%s mode message %d from %s:%u cannot be decrypted: %s",
	       v1(sa)->aggressive ? "aggressive" : "main",
	       v1(sa)->aggressive ? 3 : sa->initiator ? 6 : 5, a, ntohs(sa->remote.sin_port),
	       ikev1_p1_sig_auth(sa) ? "corrupt, or the peer derived other keys" :
	       "the pre-shared keys differ (or the message is corrupt)");
}


/* --- responder admission --- */

const struct conf_conn *ikev1_p1_conn_for(struct ked *d, const struct sockaddr_in *local,
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

unsigned int ikev1_p1_half_open_from(const struct ked *d, const struct sockaddr_in *from)
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
bool ikev1_p1_evict_stale(struct ked *d)
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


/* --- new SAs --- */

/**
 * ikev1_p1_new_initiator() - an IKEv1 SA we initiate for conn
 * @d: the daemon
 * @conn: a version 1 conn
 * @auth: IKEV1_AUTH_*
 *
 * Addresses from the conn (port 500), state INIT_SENT, step MM_I1.
 *
 * Return: the SA, or NULL (out of memory).
 */
struct ike_sa *ikev1_p1_new_initiator(struct ked *d, const struct conf_conn *conn,
				      uint16_t auth)
{
	uint16_t port = d->conf->ike_port ? d->conf->ike_port : 500;
	struct ike_sa *sa = ike_sa_new(d, true, conn);

	if (!sa || ikev1_sa_setup(sa)) {
		if (sa)
			ike_sa_kill(sa, "out of memory");
		return NULL;
	}
	v1(sa)->auth = auth;
	sa->local.sin_family = AF_INET;
	sa->local.sin_addr = conn->local;
	sa->local.sin_port = htons(port);
	sa->remote = sa->local;
	sa->remote.sin_addr = conn->remote;
	ike_sa_set_remote(sa, &sa->remote);
	sa->state = IKE_S_INIT_SENT;
	v1(sa)->mm = MM_I1;
	return sa;
}

/**
 * ikev1_p1_new_responder() - a half-open IKEv1 SA answering a first message
 * @d: the daemon
 * @conn: its conn
 * @h: the first message's header (CKY-I)
 * @ch: the chosen phase 1 transform
 * @sai: the initiator's SA payload (its body is kept for the hashes)
 * @digest: the first message's digest (retransmissions)
 * @local: where it arrived
 * @from: the peer
 *
 * State INIT_DONE (counted half-open, with its deadline), step MM_R2.
 *
 * Return: the SA, or NULL (out of memory).
 */
struct ike_sa *ikev1_p1_new_responder(struct ked *d, const struct conf_conn *conn,
				      const struct ike_hdr *h, const struct ikev1_choice *ch,
				      const struct ikev1_payload *sai, const uint8_t *digest,
				      const struct sockaddr_in *local,
				      const struct sockaddr_in *from)
{
	struct ike_sa *sa = ike_sa_new(d, false, conn);
	struct ikev1_state *s;

	if (!sa || ikev1_sa_setup(sa)) {
		if (sa)
			ike_sa_kill(sa, "out of memory");
		return NULL;
	}
	s = v1(sa);
	s->p1 = *ch;
	s->auth = ch->p1.auth;
	ike_sa_set_spis(sa, h->spi_i, NULL);
	sa->local = *local;
	ike_sa_set_remote(sa, from);
	sa->natt = ntohs(local->sin_port) == (d->conf->natt_port ? d->conf->natt_port : 4500);
	sa->state = IKE_S_INIT_DONE;
	sa->half_open = true;
	d->n_half_open++;
	sa->halfopen_deadline_ms = ked_now(d) + (uint64_t)d->conf->half_open_timeout * 1000;
	s->mm = MM_R2;
	memcpy(s->in_digest, digest, IKEV1_DIGEST_LEN);
	s->have_in = true;
	s->sai_len = sai->len;
	s->sai_b = malloc(sai->len);
	if (!s->sai_b) {
		ike_sa_kill(sa, "out of memory");
		return NULL;
	}
	memcpy(s->sai_b, sai->body, sai->len);
	return sa;
}

/**
 * ikev1_p1_keep_sai() - keep the body of the SA payload we just wrote
 * @sa: an initiator SA
 * @msg: the message being written
 * @start: offset of the SA payload's generic header
 * @end: offset after it
 *
 * Return: 0 / -1.
 */
int ikev1_p1_keep_sai(struct ike_sa *sa, const uint8_t *msg, size_t start, size_t end)
{
	struct ikev1_state *s = v1(sa);

	if (end < start + 4)
		return -1;
	s->sai_len = end - start - 4;
	s->sai_b = malloc(s->sai_len ? s->sai_len : 1);
	if (!s->sai_b)
		return -1;
	memcpy(s->sai_b, msg + start + 4, s->sai_len);
	return 0;
}

/**
 * ikev1_p1_write_answer_sa() - the responder's SA payload: the chosen
 * transform, as the peer wrote it
 * @w: the writer
 * @isa: the peer's SA payload
 * @ch: the choice
 */
void ikev1_p1_write_answer_sa(struct ike_wbuf *w, const struct ikev1_sa *isa,
			      const struct ikev1_choice *ch)
{
	struct ikev1_proposal prop = isa->p[ch->prop];

	prop.t[0] = isa->p[ch->prop].t[ch->trans];
	prop.nt = prop.nt_kept = 1;
	ikev1_w_sa(w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &prop, 1);
}

/* --- the way in, for main and aggressive mode --- */

/**
 * ikev1_p1_retransmitted() - is this the peer's last phase 1 message again?
 * @sa: the SA
 * @digest: the datagram's digest
 *
 * If so our answer to it (if we keep one) goes out again.
 *
 * Return: true if it was a retransmission (nothing else to do).
 */
bool ikev1_p1_retransmitted(struct ike_sa *sa, const uint8_t *digest)
{
	struct ikev1_state *s = v1(sa);

	if (!s->have_in || memcmp(digest, s->in_digest, IKEV1_DIGEST_LEN))
		return false;
	if (sa->resp) {
		sa_log(sa, LOG_DEBUG, "retransmitted phase 1 message, resending our answer");
		ike_transmit(sa, sa->resp, sa->resp_len);
	}
	return true;
}

/**
 * ikev1_p1_received() - a phase 1 message moved the exchange on (or not)
 * @sa: the SA
 * @before: the step before the message
 * @digest: its digest
 *
 * Only a message that moved the exchange on is "the last one received".
 */
void ikev1_p1_received(struct ike_sa *sa, enum ikev1_mm_step before, const uint8_t *digest)
{
	struct ikev1_state *s = v1(sa);

	if (sa->state == IKE_S_DEAD || s->mm == before)
		return;
	memcpy(s->in_digest, digest, IKEV1_DIGEST_LEN);
	s->have_in = true;
	sa->last_rx_ms = ked_now(sa->d);
	sa->msgs_in++;
}

/**
 * ikev1_p1_follow_peer() - an authenticated message came from elsewhere
 * @sa: the SA
 * @local: where it arrived
 * @from: the sender
 *
 * The peer floated to the NAT-T port, or a NAT moved it.
 */
void ikev1_p1_follow_peer(struct ike_sa *sa, const struct sockaddr_in *local,
			  const struct sockaddr_in *from)
{
	uint16_t natt = sa->d->conf->natt_port ? sa->d->conf->natt_port : 4500;

	if (from->sin_port == sa->remote.sin_port &&
	    from->sin_addr.s_addr == sa->remote.sin_addr.s_addr)
		return;
	if (ntohs(local->sin_port) == natt)
		sa->natt = true;
	sa->local = *local;
	ike_sa_set_remote(sa, from);
}
