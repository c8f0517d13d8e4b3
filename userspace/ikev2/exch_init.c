// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_SA_INIT (RFC 7296 1.2): both roles. The initiator offers its IKE
 * proposals, a KE for the first DH group and a nonce; it follows
 * INVALID_KE_PAYLOAD and COOKIE answers. The responder picks a proposal,
 * demands a cookie once too many IKE SAs are half-open (2.6), limits
 * half-open SAs per source, and answers. Both detect NATs (2.23) and move
 * to the NAT-T port when one is found.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ikev2_cookie.h"
#include "ikev2_exch.h"
#include "ikev2_transport.h"
#include "ked.h"
#include "negotiate.h"
#include "proposal.h"
#include "ikev2_auth.h"
#include "x509.h"

#define MAX_COOKIE_RETRIES 3
#define MAX_KE_RETRIES 3

static const uint8_t zero_spi[8];

static void write_nat_d(struct ike_wbuf *w, const struct ike_sa *sa, const uint8_t *spi_r,
			const struct sockaddr_in *src, const struct sockaddr_in *dst,
			bool fake_src)
{
	uint8_t hash[20];

	if (fake_src)
		ike_random(hash, sizeof(hash));	/* encap yes: make the peer see a NAT */
	else
		nat_hash(sa->spi_i, spi_r, src, hash);
	ike_w_notify(w, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP, hash, sizeof(hash));
	nat_hash(sa->spi_i, spi_r, dst, hash);
	ike_w_notify(w, 0, NULL, 0, IKE_N_NAT_DETECTION_DESTINATION_IP, hash, sizeof(hash));
}

static void write_sig_hashes(struct ike_wbuf *w, const struct ike_sa *sa)
{
	uint8_t data[16];
	size_t n;

	if (!sa->conn || sa->conn->auth != CONF_AUTH_CERT)
		return;
	n = ike_auth_hash_algs_notify(data, sizeof(data));
	if (n)
		ike_w_notify(w, 0, NULL, 0, IKE_N_SIGNATURE_HASH_ALGORITHMS, data, n);
}

static void write_certreq(struct ike_wbuf *w, const struct ike_sa *sa)
{
	uint8_t data[16 * 20];
	size_t n;

	if (!sa->conn || sa->conn->auth != CONF_AUTH_CERT || !sa->d->trust)
		return;
	n = ike_trust_certreq(sa->d->trust, data, sizeof(data));
	if (n)
		ike_w_cert(w, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, data, n);
}

/* Read the peer's SIGNATURE_HASH_ALGORITHMS. */
static void read_sig_hashes(struct ike_sa *sa, const struct ike_payloads *pl)
{
	struct ike_notify n;

	sa->n_peer_hashes = 0;
	if (ike_notify_find(pl, IKE_N_SIGNATURE_HASH_ALGORITHMS, &n))
		return;
	for (size_t i = 0; i + 1 < n.len && sa->n_peer_hashes < 8; i += 2)
		sa->peer_hashes[sa->n_peer_hashes++] = (uint16_t)(n.data[i] << 8 | n.data[i + 1]);
}

/* NAT_DETECTION_* of a received IKE_SA_INIT; spi_r as in its header. */
static void read_nat_d(struct ike_sa *sa, const struct ike_payloads *pl, const uint8_t *spi_r,
		       const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	bool src_seen = false, src_match = false, dst_seen = false, dst_match = false;
	uint8_t want_src[20], want_dst[20];

	nat_hash(sa->spi_i, spi_r, from, want_src);
	nat_hash(sa->spi_i, spi_r, local, want_dst);
	for (unsigned int i = 0; i < pl->n; i++) {
		struct ike_notify n;

		if (pl->p[i].type != IKE_PL_NOTIFY ||
		    ike_notify_parse(pl->p[i].body, pl->p[i].len, &n, &(const char *){ NULL }))
			continue;
		if (n.type == IKE_N_NAT_DETECTION_SOURCE_IP) {
			src_seen = true;
			if (n.len == 20 && !memcmp(n.data, want_src, 20))
				src_match = true;
		} else if (n.type == IKE_N_NAT_DETECTION_DESTINATION_IP) {
			dst_seen = true;
			if (n.len == 20 && !memcmp(n.data, want_dst, 20))
				dst_match = true;
		}
	}
	if (!src_seen || !dst_seen)
		return;		/* peer does not do NAT-T */
	sa->nat_remote = !src_match;
	sa->nat_local = !dst_match;
}

static void float_natt(struct ike_sa *sa)
{
	const struct conf *c = sa->d->conf;

	if (!(sa->nat_local || sa->nat_remote ||
	      (sa->conn && sa->conn->encap == CONF_ENCAP_YES)))
		return;
	sa->natt = true;
	sa->local.sin_port = htons(c->natt_port);
	if (ntohs(sa->remote.sin_port) == c->ike_port)
		sa->remote.sin_port = htons(IKE_NATT_PORT);
}

/* The initiator's IKE_SA_INIT request (again, after a cookie or KE answer). */
static int send_init(struct ike_sa *sa)
{
	const struct conf_conn *conn = sa->conn;
	struct ike_proposal offer[IKE_MAX_PROPOSALS];
	uint8_t *msg = malloc(IKE_MSG_MAX), pub[512];
	uint16_t group = ike_dh_group(sa->dh);
	struct ike_wbuf w;
	struct ike_hdr h;
	unsigned int n;
	size_t len;

	if (!msg || ike_dh_public(sa->dh, pub, ike_dh_pub_len(group)))
		goto fail;
	ike_sa_hdr(sa, IKE_SA_INIT, 0, 0, &h);	/* SPIr still zero */
	ike_w_init(&w, msg, IKE_MSG_MAX);
	ike_w_hdr(&w, &h);
	if (sa->cookie_len)
		ike_w_notify(&w, 0, NULL, 0, IKE_N_COOKIE, sa->cookie, sa->cookie_len);
	n = nego_offer(conn->ike, conn->n_ike, IKE_PROTO_IKE, NULL, 0, false, offer);
	ike_w_sa(&w, offer, n);
	ike_w_ke(&w, group, pub, ike_dh_pub_len(group));
	ike_w_nonce(&w, sa->ni, sa->ni_len);
	write_nat_d(&w, sa, zero_spi, &sa->local, &sa->remote, conn->encap == CONF_ENCAP_YES);
	write_sig_hashes(&w, sa);
	len = ike_w_finish(&w);
	if (!len)
		goto fail;
	free(sa->init_req);
	sa->init_req = malloc(len);
	if (!sa->init_req)
		goto fail;
	memcpy(sa->init_req, msg, len);
	sa->init_req_len = len;
	sa->req_kind = REQ_NONE;
	ike_req_keep_plain(sa, msg, len);
	return 0;
fail:
	free(msg);
	sa_log(sa, LOG_ERR, "cannot build IKE_SA_INIT");
	return -1;
}

/**
 * exch_init_start() - initiate an IKE SA for a connection
 * @d: the daemon
 * @conn: the connection (start initiate)
 *
 * Return: 0, or -1 (logged).
 */
int exch_init_start(struct ked *d, const struct conf_conn *conn)
{
	struct ike_sa *sa = ike_sa_new(d, true, conn);
	uint16_t group;

	if (!sa)
		return -1;
	sa->local.sin_family = AF_INET;
	sa->local.sin_addr = conn->local;
	sa->local.sin_port = htons(d->conf->ike_port);
	sa->remote.sin_family = AF_INET;
	sa->remote.sin_addr = conn->remote;
	sa->remote.sin_port = htons(IKE_PORT);
	group = nego_first_dh(conn->ike, conn->n_ike);
	sa->dh = ike_dh_new(group);
	sa->ni_len = IKE_NONCE_LEN;
	if (!sa->dh || ike_random(sa->ni, sa->ni_len)) {
		ike_sa_kill(sa, "out of memory or no DH group");
		return -1;
	}
	sa->state = IKE_S_INIT_SENT;
	sa_log(sa, LOG_INFO, "initiating to %s", inet_ntoa(conn->remote));
	if (send_init(sa)) {
		ike_sa_kill(sa, "cannot send");
		return -1;
	}
	return 0;
}

/* g^ir from the peer's KE, then the IKE SA keys. */
static int make_keys(struct ike_sa *sa, const struct ike_ke *ke)
{
	uint8_t gir[512];
	size_t glen = ike_dh_secret_len(sa->alg.dh);
	int rc;

	if (ike_dh_derive(sa->dh, ke->data, ke->len, gir)) {
		sa_log(sa, LOG_NOTICE, "invalid KE public value from the peer");
		return -1;
	}
	sa->cipher.encr = sa->alg.encr;
	sa->cipher.key_bits = sa->alg.encr_bits;
	sa->cipher.integ = sa->alg.integ;
	rc = ike_derive_sa_keys(&sa->keys, sa->alg.prf, &sa->cipher, sa->ni, sa->ni_len, sa->nr,
				sa->nr_len, gir, glen, sa->spi_i, sa->spi_r);
	ike_wipe(gir, sizeof(gir));
	if (rc)
		return -1;
	sa->keys_ready = true;
	return 0;
}

/**
 * exch_init_response() - the responder's answer to our IKE_SA_INIT
 * @sa: our SA (state INIT_SENT)
 * @h: its header
 * @buf: the message
 * @len: its length
 * @from: sender
 */
void exch_init_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *buf,
			size_t len, const struct sockaddr_in *from)
{
	const struct conf_conn *conn = sa->conn;
	const struct ike_payload *p_sa, *p_ke, *p_n;
	struct ike_sa_payload sap;
	struct ike_payloads pl;
	struct ike_notify n;
	const char *why = NULL;
	struct ike_ke ke;
	char proposal[160];

	if (ike_payloads_parse(h->next, buf + IKE_HDR_LEN, len - IKE_HDR_LEN, &pl, &why)) {
		sa_log(sa, LOG_INFO, "malformed IKE_SA_INIT response: %s", why);
		return;
	}
	if (!ike_notify_find(&pl, IKE_N_COOKIE, &n)) {
		if (n.len < 1 || n.len > sizeof(sa->cookie) || sa->req_tries > MAX_COOKIE_RETRIES + 5) {
			ike_sa_kill(sa, "bad cookie from the responder");
			return;
		}
		sa_log(sa, LOG_INFO, "responder demands a cookie, retrying");
		memcpy(sa->cookie, n.data, n.len);
		sa->cookie_len = n.len;
		send_init(sa);
		return;
	}
	if (!ike_notify_find(&pl, IKE_N_INVALID_KE_PAYLOAD, &n)) {
		uint16_t g = n.len == 2 ? (uint16_t)(n.data[0] << 8 | n.data[1]) : 0;

		if (!g || g == ike_dh_group(sa->dh) || !nego_dh_offered(conn->ike, conn->n_ike, g)) {
			ike_sa_kill(sa, "INVALID_KE_PAYLOAD with a group we did not offer");
			return;
		}
		sa_log(sa, LOG_INFO, "responder wants DH group %u, retrying", g);
		ike_dh_free(sa->dh);
		sa->dh = ike_dh_new(g);
		if (!sa->dh) {
			ike_sa_kill(sa, "cannot make a DH key");
			return;
		}
		send_init(sa);
		return;
	}
	if (ike_first_error(&pl)) {
		char msg[96];

		snprintf(msg, sizeof(msg), "responder says %s",
			 ike_notify_name(ike_first_error(&pl)));
		ike_sa_kill(sa, msg);
		return;
	}
	p_sa = ike_payload_find(&pl, IKE_PL_SA);
	p_ke = ike_payload_find(&pl, IKE_PL_KE);
	p_n = ike_payload_find(&pl, IKE_PL_NONCE);
	if (!p_sa || !p_ke || !p_n || ike_sa_parse(p_sa->body, p_sa->len, &sap, &why) ||
	    sap.n != 1 || ike_ke_parse(p_ke->body, p_ke->len, &ke, &why) ||
	    ike_nonce_check(p_n->len, &why) || !memcmp(h->spi_r, zero_spi, 8)) {
		ike_sa_kill(sa, "IKE_SA_INIT response incomplete or malformed");
		return;
	}
	if (nego_check_answer(conn->ike, conn->n_ike, &sap.prop[0], false, &sa->alg) ||
	    sa->alg.dh != ke.group || ke.group != ike_dh_group(sa->dh)) {
		ike_sa_kill(sa, "responder chose a proposal we did not offer");
		return;
	}
	ike_sa_set_spis(sa, NULL, h->spi_r);
	memcpy(sa->nr, p_n->body, p_n->len);
	sa->nr_len = p_n->len;
	read_nat_d(sa, &pl, h->spi_r, &sa->local, from);
	read_sig_hashes(sa, &pl);
	if (make_keys(sa, &ke)) {
		ike_sa_kill(sa, "key derivation failed");
		return;
	}
	sa->init_resp = malloc(len);
	if (!sa->init_resp) {
		ike_sa_kill(sa, "out of memory");
		return;
	}
	memcpy(sa->init_resp, buf, len);
	sa->init_resp_len = len;
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	proposal_chosen_str(&sa->alg, proposal, sizeof(proposal));
	sa_log(sa, LOG_INFO, "IKE_SA_INIT done: %s%s%s", proposal,
	       sa->nat_local ? ", NAT in front of us" : "",
	       sa->nat_remote ? ", NAT in front of the peer" : "");
	if (conn->encap == CONF_ENCAP_NO && (sa->nat_local || sa->nat_remote)) {
		ike_sa_kill(sa, "NAT detected but encap is no");
		return;
	}
	ike_req_done(sa);
	float_natt(sa);
	sa->state = IKE_S_AUTH_SENT;
	if (exch_auth_start(sa))
		ike_sa_kill(sa, "cannot send IKE_AUTH");
}

/* An unprotected answer carrying a single notify (COOKIE, errors). */
static void send_notify_plain(struct ked *d, const struct ike_hdr *req, uint16_t type,
			      const uint8_t *data, size_t dlen, const struct sockaddr_in *local,
			      const struct sockaddr_in *to)
{
	uint8_t msg[256];
	struct ike_wbuf w;
	struct ike_hdr h;
	size_t len;

	memset(&h, 0, sizeof(h));
	memcpy(h.spi_i, req->spi_i, 8);
	h.version = IKE_VERSION;
	h.exchange = IKE_SA_INIT;
	h.flags = IKE_FLAG_RESPONSE;
	ike_w_init(&w, msg, sizeof(msg));
	ike_w_hdr(&w, &h);
	ike_w_notify(&w, 0, NULL, 0, type, data, dlen);
	len = ike_w_finish(&w);
	if (len)
		ike_send_plain(d, local, to, msg, len);
}

static unsigned int half_open_from(const struct ked *d, const struct sockaddr_in *from)
{
	unsigned int n = 0;

	for (const struct ike_sa *sa = d->sas; sa; sa = sa->next)
		if (sa->half_open && sa->remote.sin_addr.s_addr == from->sin_addr.s_addr)
			n++;
	return n;
}

/* Cookie policy (2.6): true if the request may create state. */
static bool cookie_ok(struct ked *d, const struct ike_hdr *h, const struct ike_payloads *pl,
		      const struct ike_payload *p_n, const struct sockaddr_in *local,
		      const struct sockaddr_in *from)
{
	uint8_t cookie[64];
	struct ike_notify n;
	size_t clen;

	if (d->n_half_open < d->conf->cookie_threshold)
		return true;
	if (pl->n && pl->p[0].type == IKE_PL_NOTIFY &&
	    !ike_notify_find(pl, IKE_N_COOKIE, &n) &&
	    cookie_check(d, n.data, n.len, p_n->body, p_n->len, from, h->spi_i))
		return true;
	clen = cookie_make(d, d->cookie_version, p_n->body, p_n->len, from, h->spi_i, cookie);
	d->stats_cookies_sent++;
	send_notify_plain(d, h, IKE_N_COOKIE, cookie, clen, local, from);
	return false;
}

static int respond_init(struct ike_sa *sa, const struct ike_ke *ke)
{
	uint8_t *msg = malloc(IKE_MSG_MAX), pub[512];
	struct ike_proposal prop;
	struct ike_wbuf w;
	struct ike_hdr h;
	size_t len;

	if (!msg || ike_dh_public(sa->dh, pub, ike_dh_pub_len(sa->alg.dh)) || make_keys(sa, ke))
		goto fail;
	ike_sa_hdr(sa, IKE_SA_INIT, IKE_FLAG_RESPONSE, 0, &h);
	ike_w_init(&w, msg, IKE_MSG_MAX);
	ike_w_hdr(&w, &h);
	nego_chosen_to_proposal(&sa->alg, &prop);
	ike_w_sa(&w, &prop, 1);
	ike_w_ke(&w, sa->alg.dh, pub, ike_dh_pub_len(sa->alg.dh));
	ike_w_nonce(&w, sa->nr, sa->nr_len);
	write_nat_d(&w, sa, sa->spi_r, &sa->local, &sa->remote,
		    sa->conn->encap == CONF_ENCAP_YES);
	write_certreq(&w, sa);
	write_sig_hashes(&w, sa);
	len = ike_w_finish(&w);
	if (!len)
		goto fail;
	sa->init_resp = malloc(len);
	if (!sa->init_resp)
		goto fail;
	memcpy(sa->init_resp, msg, len);
	sa->init_resp_len = len;
	ike_resp_keep_plain(sa, msg, len);
	return 0;
fail:
	free(msg);
	return -1;
}

/**
 * exch_init_request() - an IKE_SA_INIT request from a would-be peer
 * @d: the daemon
 * @h: its header
 * @buf: the message
 * @len: its length
 * @local: where it arrived
 * @from: sender
 */
void exch_init_request(struct ked *d, const struct ike_hdr *h, const uint8_t *buf, size_t len,
		       const struct sockaddr_in *local, const struct sockaddr_in *from)
{
	const struct ike_payload *p_sa, *p_ke, *p_n;
	const struct conf_conn *conn;
	struct ike_sa_payload sap;
	struct ike_chosen alg;
	struct ike_payloads pl;
	const char *why = NULL;
	struct ike_sa *sa;
	struct ike_ke ke;
	char proposal[160];

	sa = ike_sa_find_half(d, h->spi_i, from);
	if (sa) {
		if (sa->state == IKE_S_INIT_DONE && sa->have_resp && sa->resp_msgid == 0)
			ike_send_plain(d, &sa->local, &sa->remote, sa->resp, sa->resp_len);
		return;
	}
	if (ike_payloads_parse(h->next, buf + IKE_HDR_LEN, len - IKE_HDR_LEN, &pl, &why)) {
		d->stats_dropped++;
		logx(LOG_DEBUG, "malformed IKE_SA_INIT from %s: %s", inet_ntoa(from->sin_addr), why);
		return;
	}
	p_sa = ike_payload_find(&pl, IKE_PL_SA);
	p_ke = ike_payload_find(&pl, IKE_PL_KE);
	p_n = ike_payload_find(&pl, IKE_PL_NONCE);
	if (!p_sa || !p_ke || !p_n || ike_nonce_check(p_n->len, &why) ||
	    ike_ke_parse(p_ke->body, p_ke->len, &ke, &why) ||
	    ike_sa_parse(p_sa->body, p_sa->len, &sap, &why)) {
		d->stats_dropped++;
		send_notify_plain(d, h, IKE_N_INVALID_SYNTAX, NULL, 0, local, from);
		return;
	}
	conn = ked_conn_for(d, local, from);
	if (!conn) {
		d->stats_dropped++;
		logx(LOG_INFO, "IKE_SA_INIT from %s: no connection for it",
		     inet_ntoa(from->sin_addr));
		return;
	}
	if (!cookie_ok(d, h, &pl, p_n, local, from))
		return;
	if (half_open_from(d, from) >= d->conf->half_open_per_source) {
		d->stats_half_open_rejected++;
		logx(LOG_INFO, "IKE_SA_INIT from %s: too many half-open IKE SAs from there",
		     inet_ntoa(from->sin_addr));
		return;
	}
	if (nego_choose(conn->ike, conn->n_ike, sap.prop, sap.n, IKE_PROTO_IKE, false, &alg)) {
		logx(LOG_NOTICE, "%s: IKE_SA_INIT from %s: no acceptable proposal", conn->name,
		     inet_ntoa(from->sin_addr));
		send_notify_plain(d, h, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0, local, from);
		return;
	}
	if (alg.dh != ke.group) {
		uint8_t g[2] = { (uint8_t)(alg.dh >> 8), (uint8_t)alg.dh };

		send_notify_plain(d, h, IKE_N_INVALID_KE_PAYLOAD, g, 2, local, from);
		return;
	}
	sa = ike_sa_new(d, false, conn);
	if (!sa)
		return;
	ike_sa_set_spis(sa, h->spi_i, NULL);
	sa->local = *local;
	ike_sa_set_remote(sa, from);
	sa->alg = alg;
	sa->state = IKE_S_INIT_DONE;
	sa->half_open = true;
	d->n_half_open++;
	sa->halfopen_deadline_ms = ked_now(d) + (uint64_t)d->conf->half_open_timeout * 1000;
	sa->peer_msgid = 1;
	memcpy(sa->ni, p_n->body, p_n->len);
	sa->ni_len = p_n->len;
	sa->nr_len = IKE_NONCE_LEN;
	sa->init_req = malloc(len);
	sa->dh = ike_dh_new(alg.dh);
	if (!sa->init_req || !sa->dh || ike_random(sa->nr, sa->nr_len)) {
		ike_sa_kill(sa, "out of memory");
		return;
	}
	memcpy(sa->init_req, buf, len);
	sa->init_req_len = len;
	read_nat_d(sa, &pl, zero_spi, local, from);
	read_sig_hashes(sa, &pl);
	if (respond_init(sa, &ke)) {
		ike_sa_kill(sa, "cannot answer IKE_SA_INIT");
		return;
	}
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	if (conn->encap == CONF_ENCAP_YES || sa->nat_local || sa->nat_remote)
		sa->natt = true;	/* the initiator moves to the NAT-T port */
	proposal_chosen_str(&sa->alg, proposal, sizeof(proposal));
	sa_log(sa, LOG_INFO, "IKE_SA_INIT from %s:%u answered: %s%s", inet_ntoa(from->sin_addr),
	       ntohs(from->sin_port), proposal,
	       sa->nat_local || sa->nat_remote ? ", NAT detected" : "");
	ike_sa_reschedule(sa);
}
