// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv1 Aggressive Mode with a pre-shared key (RFC 2409 5.4), both roles,
 * only for conns with `aggressive yes`:
 *
 *   I -> R  SA, KE, Ni, IDii, VIDs
 *   R -> I  SA (one transform), KE, Nr, IDir, HASH_R, VIDs, NAT-D, NAT-D
 *   I -> R  [*]HASH_I, NAT-D, NAT-D         (encrypted or not; on 4500 behind NAT)
 *
 * Why it is off by default: the responder's second message carries
 * HASH_R, a keyed hash of the pre-shared key over values an eavesdropper
 * (or anyone who sends a first message with a guessed identity) sees, so
 * the key can be guessed offline. What it buys: the identity comes in the
 * clear in the first message, so a responder can pick the conn, and its
 * key, by identity (one key per client) rather than by address.
 *
 * The responder retransmits its answer until HASH_I arrives (that last
 * message is never answered); a retransmitted first message gets it again.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "dh.h"
#include "ike_sa.h"
#include "ikev1_exch.h"
#include "ikev1_phase1.h"
#include "ikev2_crypto.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "x509.h"

#define MSG_CAP 8192
#define NONCE_LEN 32

static bool id_fits(const struct conf_conn *c, const struct ikev1_id *id)
{
	return c->remote_id_any || !c->remote_id.type ||
	       conf_id_match(&c->remote_id, id->type, id->data, id->len);
}

/*
 * The responder's conn for an identity sent in the clear: among version 1
 * conns with `aggressive yes` for these addresses, the first whose
 * remote-id names it, else the first that takes any identity. *refused
 * tells whether a conn for the addresses exists without `aggressive yes`.
 */
static const struct conf_conn *conn_for_id(struct ked *d, const struct sockaddr_in *local,
					   const struct sockaddr_in *from,
					   const struct ikev1_id *id, bool *refused)
{
	const struct conf_conn *any = NULL;

	*refused = false;
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < d->conf->n_conns; i++) {
			const struct conf_conn *c = &d->conf->conns[i];

			if (c->version != 1 || c->local.s_addr != local->sin_addr.s_addr ||
			    (!c->remote_any && c->remote.s_addr != from->sin_addr.s_addr))
				continue;
			if (!c->aggressive || c->auth != CONF_AUTH_PSK) {
				*refused = true;
				continue;
			}
			if (!pass && c->remote_id.type && !c->remote_id_any &&
			    conf_id_match(&c->remote_id, id->type, id->data, id->len))
				return c;
			if (pass && !any && id_fits(c, id))
				any = c;
		}
	}
	return any;
}

static int keep_peer_id(struct ike_sa *sa, const struct ikev1_payload *pid)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_id id;
	const char *why = NULL;

	if (!pid || pid->len > sizeof(s->peer_id) || ikev1_id_parse(pid->body, pid->len, &id, &why))
		return -1;
	memcpy(s->peer_id, pid->body, pid->len);
	s->peer_id_len = pid->len;
	s->peer_id_type = id.type;
	ike_id_text(id.type, id.data, id.len, sa->peer_id, sizeof(sa->peer_id));
	if (id.type == IKEV1_ID_IPV4_ADDR)
		memcpy(&sa->peer_private, id.data, 4);
	return 0;
}

static void write_our_id(struct ike_wbuf *w, const struct ike_sa *sa)
{
	uint8_t idb[4 + 512];
	size_t idl = ikev1_p1_our_id(sa, idb, sizeof(idb));

	if (!idl) {
		w->err = true;
		return;
	}
	ikev1_w_id(w, idb[0], 0, 0, idb + 4, idl - 4);
}

static int our_hash(struct ike_sa *sa, uint8_t *hash)
{
	struct ikev1_state *s = v1(sa);
	uint8_t idb[4 + 512];
	size_t idl = ikev1_p1_our_id(sa, idb, sizeof(idb));

	if (!idl)
		return -1;
	return ikev1_main_hash(&s->k, sa->initiator, s->gxi, s->gxi_len, s->gxr, s->gxr_len,
			       sa->spi_i, sa->spi_r, s->sai_b, s->sai_len, idb, idl, hash);
}

/* --- initiator --- */

/**
 * ikev1_aggr_start() - initiate aggressive mode for a conn (`aggressive yes`)
 * @d: the daemon
 * @conn: a version 1 conn with a pre-shared key
 *
 * Only the first DH group of the conn's proposals is offered: the KE goes
 * in the first message.
 *
 * Return: 0, or -1 (logged).
 */
int ikev1_aggr_start(struct ked *d, const struct conf_conn *conn)
{
	uint8_t store[IKEV1_OFFER_STORE], *msg;
	struct ikev1_proposal prop, one;
	struct ikev1_state *s;
	struct ike_wbuf w;
	struct ike_hdr h;
	struct ike_sa *sa;
	unsigned int n;
	size_t start;
	uint16_t group = 0;

	n = ikev1_p1_offer(conn, IKEV1_AUTH_PSK, &prop, store);
	one = prop;
	one.nt = one.nt_kept = 0;
	for (unsigned int i = 0; i < n; i++) {
		struct ikev1_p1 p1;
		const char *why = NULL;

		if (ikev1_p1_decode(&prop.t[i], &p1, &why))
			continue;
		if (!group)
			group = p1.group;
		if (p1.group == group) {
			one.t[one.nt] = prop.t[i];
			one.t[one.nt].num = (uint8_t)(one.nt + 1);
			one.nt_kept = ++one.nt;
		}
	}
	if (!one.nt || conn->auth != CONF_AUTH_PSK) {
		logx(LOG_ERR, "%s: no IKEv1 proposal for aggressive mode (psk only)", conn->name);
		return -1;
	}
	msg = malloc(MSG_CAP);
	sa = msg ? ikev1_p1_new_initiator(d, conn, IKEV1_AUTH_PSK) : NULL;
	if (!sa) {
		free(msg);
		return -1;
	}
	s = v1(sa);
	s->aggressive = true;
	sa->dh = ike_dh_new(group);
	s->gxi_len = ike_dh_pub_len(group);
	sa->ni_len = NONCE_LEN;
	if (!sa->dh || !s->gxi_len || s->gxi_len > sizeof(s->gxi) ||
	    ike_dh_public(sa->dh, s->gxi, s->gxi_len) || ike_random(sa->ni, sa->ni_len)) {
		free(msg);
		ike_sa_kill(sa, "cannot make a key exchange value");
		return -1;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_AGGRESSIVE, 0, 0, &h);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &h);
	start = w.len;
	ikev1_w_sa(&w, IKEV1_DOI_IPSEC, IKEV1_SIT_IDENTITY_ONLY, &one, 1);
	if (w.err || ikev1_p1_keep_sai(sa, msg, start, w.len))
		w.err = true;
	ikev1_w_data(&w, IKEV1_PL_KE, s->gxi, s->gxi_len);
	ikev1_w_data(&w, IKEV1_PL_NONCE, sa->ni, sa->ni_len);
	write_our_id(&w, sa);
	ikev1_p1_write_vids(&w, sa);
	if (w.err) {
		free(msg);
		ike_sa_kill(sa, "cannot build aggressive mode");
		return -1;
	}
	sa_log(sa, LOG_INFO, "initiating IKEv1 aggressive mode");
	ikev1_p1_send_plain(sa, &w, msg);
	ike_sa_reschedule(sa);
	return 0;
}

/* AM2 -> AM3 */
static void i_am2(struct ike_sa *sa, const struct ikev1_msg *m)
{
	struct ikev1_state *s = v1(sa);
	const struct ikev1_payload *psa = ikev1_payload_next(&m->pl, IKEV1_PL_SA, NULL);
	const struct ikev1_payload *pke = ikev1_payload_next(&m->pl, IKEV1_PL_KE, NULL);
	const struct ikev1_payload *pn = ikev1_payload_next(&m->pl, IKEV1_PL_NONCE, NULL);
	uint8_t hash[IKEV1_PRF_MAX], *msg;
	struct ikev1_data nr;
	struct ikev1_sa isa;
	struct ike_wbuf w;
	struct ike_hdr h;
	const char *why = NULL;
	size_t len;

	if (!psa || !pke || !pn || ikev1_sa_parse(psa->body, psa->len, &isa, &why) ||
	    ikev1_p1_check_answer(sa->conn, IKEV1_AUTH_PSK, &isa, &s->p1) ||
	    pke->len != s->gxi_len || ikev1_nonce_parse(pn->body, pn->len, &nr, &why)) {
		sa_log(sa, LOG_NOTICE, "aggressive mode: a malformed or unexpected answer");
		return;		/* unauthenticated: the real one may still come */
	}
	if (ike_dh_group(sa->dh) != s->p1.p1.group) {
		sa_log(sa, LOG_NOTICE, "aggressive mode: the responder chose another group");
		ike_sa_kill(sa, "bad aggressive mode answer");
		return;
	}
	ike_sa_set_spis(sa, NULL, m->h.spi_r);
	ikev1_p1_scan_vids(s, &m->pl);
	memcpy(s->gxr, pke->body, pke->len);
	s->gxr_len = pke->len;
	memcpy(sa->nr, nr.data, nr.len);
	sa->nr_len = nr.len;
	if (ikev1_p1_derive(sa)) {
		ike_sa_kill(sa, "key derivation");
		return;
	}
	if (ikev1_p1_check_auth(sa, &m->pl)) {
		ike_sa_kill(sa, "aggressive mode authentication failed");
		return;
	}
	ike_req_done(sa);
	ikev1_p1_check_natd(sa, &m->pl);
	if (sa->nat_local || sa->nat_remote)
		ikev1_float(sa);
	msg = malloc(MSG_CAP);
	if (!msg || our_hash(sa, hash)) {
		free(msg);
		ike_sa_kill(sa, "cannot build aggressive mode");
		return;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_AGGRESSIVE, IKEV1_FLAG_ENCRYPTION, 0, &h);
	ike_w_init(&w, msg, MSG_CAP - 32);
	ikev1_w_hdr(&w, &h);
	ikev1_w_data(&w, IKEV1_PL_HASH, hash, s->k.prf_len);
	ikev1_p1_write_natd(&w, sa);
	len = ike_w_finish(&w);
	ike_wipe(hash, sizeof(hash));
	len = len ? ikev1_seal(sa, &s->iv, msg, len, MSG_CAP) : 0;
	if (!len) {
		free(msg);
		ike_sa_kill(sa, "cannot build aggressive mode");
		return;
	}
	/* kept: a retransmitted AM2 (our AM3 was lost) gets it again */
	ikev1_keep_send(sa, &sa->resp, &sa->resp_len, msg, len);
	ikev1_p1_established(sa);
	if (!sa->children && (sa->conn->l2tp.set || sa->conn->start == CONF_START_INITIATE))
		ikev1_quick_start(sa, 0);
}

/* --- responder --- */

/**
 * ikev1_aggr_first() - AM1 from a peer we have no SA with
 * @d: the daemon
 * @h: its header
 * @buf: the datagram
 * @len: its length
 * @local: where it arrived
 * @from: the peer
 */
void ikev1_aggr_first(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		      const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	const struct ikev1_payload *psa, *pke, *pn, *pid;
	uint8_t digest[IKEV1_DIGEST_LEN], hash[IKEV1_PRF_MAX], *msg;
	const struct conf_conn *conn;
	struct ikev1_choice ch;
	struct ikev1_state *s;
	struct ikev1_data ni;
	struct ikev1_msg m;
	struct ikev1_sa isa;
	struct ikev1_id id;
	struct ike_wbuf w;
	struct ike_hdr rh;
	struct ike_sa *sa;
	const char *why = NULL;
	char a[INET_ADDRSTRLEN], reason[1200], idt[128];
	bool refused;

	ikev1_digest(buf, len, digest);
	sa = ike_sa_find_half(d, h->spi_i, from);
	if (sa && sa->version == 1) {
		s = v1(sa);
		if (s->have_in && !memcmp(s->in_digest, digest, sizeof(digest)) && sa->req) {
			sa_log(sa, LOG_DEBUG, "retransmitted AM1, resending our answer");
			ike_transmit(sa, sa->req, sa->req_len);
		}
		return;
	}
	inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
	if (ikev1_msg_parse(buf, len, IKEV1_P_ALLOW_UNKNOWN, &m, &why) || m.encrypted ||
	    !(psa = ikev1_payload_next(&m.pl, IKEV1_PL_SA, NULL)) ||
	    !(pke = ikev1_payload_next(&m.pl, IKEV1_PL_KE, NULL)) ||
	    !(pn = ikev1_payload_next(&m.pl, IKEV1_PL_NONCE, NULL)) ||
	    !(pid = ikev1_payload_next(&m.pl, IKEV1_PL_ID, NULL)) ||
	    ikev1_sa_parse(psa->body, psa->len, &isa, &why) ||
	    ikev1_nonce_parse(pn->body, pn->len, &ni, &why) ||
	    ikev1_id_parse(pid->body, pid->len, &id, &why)) {
		d->stats_dropped++;
		logx(LOG_INFO, "IKEv1 aggressive mode from %s: malformed (%s)", a,
		     why ? why : "SA, KE, nonce or ID missing");
		return;
	}
	ike_id_text(id.type, id.data, id.len, idt, sizeof(idt));
	conn = conn_for_id(d, local, from, &id, &refused);
	if (!conn) {
		static uint64_t last_ms;
		uint64_t now = ked_now(d);

		d->stats_dropped++;
		if (last_ms && now < last_ms + 1000)
			return;		/* one line a second: a flood must not flood the log */
		last_ms = now;
		logx(LOG_NOTICE, "IKEv1 aggressive mode from %s (%s) refused: %s", a, idt,
		     refused ? "no pre-shared-key conn for it has 'aggressive yes' (aggressive "
		     "mode exposes a hash of the pre-shared key to offline cracking; use main "
		     "mode)" :
		     "no version 1 connection for it");
		return;
	}
	if (ikev1_p1_half_open_from(d, from) >= d->conf->half_open_per_source ||
	    (d->n_half_open >= IKEV1_HALF_OPEN_MAX && !ikev1_p1_evict_stale(d))) {
		d->stats_half_open_rejected++;
		return;
	}
	if (ikev1_p1_choose(conn, &isa, &ch, reason, sizeof(reason))) {
		logx(LOG_NOTICE, "%s: no acceptable IKEv1 proposal from %s: %s", conn->name, a,
		     reason);
		ikev1_notify_plain(d, h, IKEV1_N_NO_PROPOSAL_CHOSEN, local, from);
		return;
	}
	if (pke->len != ike_dh_pub_len(ch.p1.group) || pke->len > IKEV1_PUB_MAX) {
		logx(LOG_NOTICE, "%s: aggressive mode from %s: KE does not fit its group", conn->name,
		     a);
		return;
	}
	msg = malloc(MSG_CAP);
	sa = msg ? ikev1_p1_new_responder(d, conn, h, &ch, psa, digest, local, from) : NULL;
	if (!sa) {
		free(msg);
		return;
	}
	s = v1(sa);
	s->aggressive = true;
	ikev1_p1_scan_vids(s, &m.pl);
	memcpy(s->gxi, pke->body, pke->len);
	s->gxi_len = pke->len;
	memcpy(sa->ni, ni.data, ni.len);
	sa->ni_len = ni.len;
	sa->dh = ike_dh_new(ch.p1.group);
	s->gxr_len = pke->len;
	sa->nr_len = NONCE_LEN;
	if (keep_peer_id(sa, pid) || !sa->dh ||
	    ike_dh_public(sa->dh, s->gxr, s->gxr_len) || ike_random(sa->nr, sa->nr_len)) {
		free(msg);
		ike_sa_kill(sa, "cannot answer aggressive mode");
		return;
	}
	if (ikev1_p1_derive(sa) || our_hash(sa, hash)) {
		free(msg);
		ike_sa_kill(sa, "key derivation");
		return;
	}
	ikev1_sa_hdr(sa, IKEV1_EXCH_AGGRESSIVE, 0, 0, &rh);
	ike_w_init(&w, msg, MSG_CAP);
	ikev1_w_hdr(&w, &rh);
	ikev1_p1_write_answer_sa(&w, &isa, &ch);
	ikev1_w_data(&w, IKEV1_PL_KE, s->gxr, s->gxr_len);
	ikev1_w_data(&w, IKEV1_PL_NONCE, sa->nr, sa->nr_len);
	write_our_id(&w, sa);
	ikev1_w_data(&w, IKEV1_PL_HASH, hash, s->k.prf_len);
	ike_wipe(hash, sizeof(hash));
	ikev1_p1_write_vids(&w, sa);
	ikev1_p1_write_natd(&w, sa);
	len = ike_w_finish(&w);
	if (!len) {
		free(msg);
		ike_sa_kill(sa, "cannot build aggressive mode");
		return;
	}
	sa_log(sa, LOG_INFO, "IKEv1 aggressive mode from %s:%u as %s", a, ntohs(from->sin_port),
	       sa->peer_id);
	/* retransmitted until HASH_I comes: that one is never answered */
	ikev1_request_out(sa, msg, len);
	ike_sa_reschedule(sa);
}

/* AM3: done */
static void r_am3(struct ike_sa *sa, const struct ikev1_msg *m, const struct sockaddr_in *local,
		  const struct sockaddr_in *from)
{
	struct ikev1_state *s = v1(sa);
	struct ikev1_payloads pl;
	const struct ikev1_payloads *use = &m->pl;
	const struct ikev1_payload *ph;
	uint8_t want[IKEV1_PRF_MAX], *plain = NULL;
	struct ikev1_iv next = s->iv;

	if (m->encrypted) {
		plain = malloc(m->enc_len ? m->enc_len : 1);
		if (!plain)
			return;
		if (ikev1_open(sa, m, &s->iv, plain, &pl, &next)) {
			free(plain);
			ikev1_p1_undecryptable(sa);
			return;
		}
		use = &pl;
	}
	ph = ikev1_payload_next(use, IKEV1_PL_HASH, NULL);
	if (!ph || ikev1_main_hash(&s->k, true, s->gxi, s->gxi_len, s->gxr, s->gxr_len,
				   sa->spi_i, sa->spi_r, s->sai_b, s->sai_len, s->peer_id,
				   s->peer_id_len, want) ||
	    !ikev1_hash_eq(want, s->k.prf_len, ph->body, ph->len)) {
		free(plain);
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: HASH_I mismatch (wrong "
		       "pre-shared key?)", sa->peer_id);
		ike_sa_kill(sa, "aggressive mode authentication failed");
		return;
	}
	ikev1_p1_check_natd(sa, use);
	free(plain);
	s->iv = next;
	ikev1_p1_follow_peer(sa, local, from);
	ike_req_done(sa);
	ikev1_p1_established(sa);
}

/**
 * ikev1_aggr_input() - an aggressive mode message for an SA we have
 * @sa: the SA
 * @m: the message
 * @buf: the datagram
 * @len: its length
 * @local: where it arrived
 * @from: the sender
 */
void ikev1_aggr_input(struct ike_sa *sa, const struct ikev1_msg *m, const uint8_t *buf,
		      size_t len, const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	struct ikev1_state *s = v1(sa);
	enum ikev1_mm_step before = s->mm;
	uint8_t digest[IKEV1_DIGEST_LEN];

	if (!s->aggressive)
		return;
	ikev1_digest(buf, len, digest);
	/* e.g. the initiator's AM3 was lost: the responder sent AM2 again */
	if (ikev1_p1_retransmitted(sa, digest))
		return;
	if (s->mm == MM_I1 && !m->encrypted)
		i_am2(sa, m);
	else if (s->mm == MM_R2)
		r_am3(sa, m, local, from);
	ikev1_p1_received(sa, before, digest);
}
