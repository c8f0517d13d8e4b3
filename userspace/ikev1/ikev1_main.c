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

#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev1_phase1.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"

#define MSG_CAP 8192
#define NONCE_LEN 32

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
	uint8_t store[IKEV1_OFFER_STORE], *msg;
	struct ikev1_proposal prop;
	struct ike_wbuf w;
	struct ike_hdr h;
	struct ike_sa *sa;
	size_t start;
	uint16_t auth = conn->auth == CONF_AUTH_PSK ? IKEV1_AUTH_PSK : IKEV1_AUTH_RSA_SIG;

	if (!ikev1_p1_offer(conn, auth, &prop, store)) {
		logx(LOG_ERR, "%s: no IKEv1 proposal to offer", conn->name);
		return -1;
	}
	msg = malloc(MSG_CAP);
	sa = msg ? ikev1_p1_new_initiator(d, conn, auth) : NULL;
	if (!sa) {
		free(msg);
		return -1;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	start = w.len;
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &prop, 1);
	if (w.err || ikev1_p1_keep_sai(sa, msg, start, w.len))
		w.err = true;
	ikev1_p1_write_vids(&w, sa);
	if (w.err) {
		free(msg);
		ike_sa_kill(sa, "cannot build main mode");
		return -1;
	}
	sa_log(sa, LOG_INFO, "initiating IKEv1 main mode");
	ikev1_p1_send_plain(sa, &w, msg);
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
	ike_req_done(sa);
	ike_sa_set_spis(sa, NULL, m->h.spi_r);
	ikev1_p1_scan_vids(s, &m->pl);
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
	if (ikev1_p1_sig_auth(sa))
		ikev1_w_cert(&w, IKEV1_PL_CR, IKEV1_CERT_X509_SIG, NULL, 0);
	ikev1_p1_write_natd(&w, sa);
	s->mm = MM_I3;
	ikev1_p1_send_plain(sa, &w, msg);
}

/*
 * INITIAL-CONTACT only when we have no other SA with the peer: on a
 * renewal of the ISAKMP SA it would make the peer drop the child SAs the
 * new one is about to take over.
 */
static bool first_contact(const struct ike_sa *sa)
{
	for (const struct ike_sa *o = sa->d->sas; o; o = o->next)
		if (o != sa && o->state == IKE_S_ESTABLISHED && o->version == 1 &&
		    o->conn == sa->conn)
			return false;
	return true;
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
	ike_req_done(sa);
	memcpy(s->gxr, pke->body, pke->len);
	s->gxr_len = pke->len;
	memcpy(sa->nr, nr.data, nr.len);
	sa->nr_len = nr.len;
	ikev1_p1_check_natd(sa, &m->pl);
	if (ikev1_p1_derive(sa)) {
		ike_sa_kill(sa, "key derivation");
		return;
	}
	if (sa->nat_local || sa->nat_remote)
		ikev1_float(sa);
	msg = malloc(MSG_CAP);
	len = msg ? ikev1_p1_build_auth(sa, msg, first_contact(sa)) : 0;
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
	if (ikev1_open(sa, m, &s->iv, plain, &pl, &next)) {
		free(plain);
		ikev1_p1_undecryptable(sa);
		return;		/* maybe garbage: the real answer may still come */
	}
	if (ikev1_p1_check_auth(sa, &pl)) {
		free(plain);
		ike_sa_kill(sa, "main mode authentication failed");
		return;
	}
	s->iv = next;
	free(plain);
	ike_req_done(sa);
	ikev1_p1_established(sa);
	/* a renewal took the old SA's children over: nothing to create */
	if (!sa->children && (sa->conn->l2tp.set || sa->conn->start == CONF_START_INITIATE))
		ikev1_quick_start(sa, 0);
}

/* --- responder --- */


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
	conn = ikev1_p1_conn_for(d, local, from);
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
	if (ikev1_p1_half_open_from(d, from) >= d->conf->half_open_per_source) {
		d->stats_half_open_rejected++;
		logx(LOG_DEBUG, "IKEv1 main mode from %s: too many half-open SAs from it", a);
		return;
	}
	if (d->n_half_open >= IKEV1_HALF_OPEN_MAX && !ikev1_p1_evict_stale(d)) {
		d->stats_half_open_rejected++;
		return;
	}
	if (ikev1_p1_choose(conn, &isa, &ch, reason, sizeof(reason))) {
		logx(LOG_NOTICE, "%s: no acceptable IKEv1 proposal from %s: %s", conn->name, a,
		     reason);
		ikev1_notify_plain(d, h, IKEV1_N_NO_PROPOSAL_CHOSEN, local, from);
		return;
	}
	msg = malloc(MSG_CAP);
	sa = msg ? ikev1_p1_new_responder(d, conn, h, &ch, psa, digest, local, from) : NULL;
	if (!sa) {
		free(msg);
		return;
	}
	s = v1(sa);
	ikev1_p1_scan_vids(s, &m.pl);
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &rh);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &rh);
	ikev1_p1_write_answer_sa(&w, &isa, &ch);
	ikev1_p1_write_vids(&w, sa);
	sa_log(sa, LOG_INFO, "IKEv1 main mode from %s:%u%s", a, ntohs(from->sin_port),
	       ikev1_p1_natt_on(s) ? " (NAT-T capable)" : "");
	ikev1_p1_send_plain(sa, &w, msg);
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
	ikev1_p1_check_natd(sa, &m->pl);
	if (ikev1_p1_derive(sa)) {
		free(msg);
		ike_sa_kill(sa, "key derivation");
		return;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_ID_PROT, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	ikev1_w_data(&w, IKEV1_PL_KE, s->gxr, s->gxr_len);
	ikev1_w_data(&w, IKEV1_PL_NONCE, sa->nr, sa->nr_len);
	if (ikev1_p1_sig_auth(sa))
		ikev1_w_cert(&w, IKEV1_PL_CR, IKEV1_CERT_X509_SIG, NULL, 0);
	ikev1_p1_write_natd(&w, sa);
	s->mm = MM_R4;
	ikev1_p1_send_plain(sa, &w, msg);
}

/* MM5 -> MM6 */
static void r_mm5(struct ike_sa *sa, const struct ikev1_msg *m, const struct sockaddr_in *local,
		  const struct sockaddr_in *from)
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
		ikev1_p1_undecryptable(sa);
		return;		/* not authenticated: maybe garbage */
	}
	if (ikev1_p1_check_auth(sa, &pl)) {
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
	ikev1_p1_follow_peer(sa, local, from);	/* authenticated: the float */
	msg = malloc(MSG_CAP);
	len = msg ? ikev1_p1_build_auth(sa, msg, false) : 0;
	if (!len) {
		free(msg);
		ike_sa_kill(sa, "cannot build main mode");
		return;
	}
	ikev1_keep_send(sa, &sa->resp, &sa->resp_len, msg, len);
	ikev1_p1_established(sa);
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
	enum ikev1_mm_step before = s->mm;
	uint8_t digest[IKEV1_DIGEST_LEN];

	ikev1_digest(buf, len, digest);
	if (ikev1_p1_retransmitted(sa, digest))
		return;
	if (m->encrypted != (s->mm == MM_I5 || s->mm == MM_R4))
		return;
	switch (s->mm) {
	case MM_I1:
		i_mm2(sa, m);
		break;
	case MM_I3:
		i_mm4(sa, m);
		break;
	case MM_I5:
		i_mm6(sa, m);
		break;
	case MM_R2:
		r_mm3(sa, m);
		break;
	case MM_R4:
		r_mm5(sa, m, local, from);
		break;
	default:
		return;
	}
	ikev1_p1_received(sa, before, digest);
}
