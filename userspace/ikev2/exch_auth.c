// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_AUTH (RFC 7296 1.2, 2.15): identities, authentication (PSK or
 * certificate signatures) and the first child SA, which for l2tpsec is
 * always a transport-mode ESP SA for the L2TP flow (udp/1701 between the
 * two gateways).
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
#include "ikev2_auth.h"
#include "x509.h"

#define ID_BODY_MAX 1024
#define AUTH_MAX 1024

struct auth_out {
	uint8_t id_body[ID_BODY_MAX];	/* type, 3 reserved, data */
	size_t id_len;
	uint8_t method;
	uint8_t auth[AUTH_MAX];
	size_t auth_len;
};

/* Our ID payload body. */
static int our_id(struct ike_sa *sa, struct auth_out *o)
{
	const struct conf_conn *conn = sa->conn;
	size_t len = 0;

	memset(o->id_body, 0, 4);
	if (conn->local_id.type) {
		o->id_body[0] = conn->local_id.type;
		if (conn->local_id.len > ID_BODY_MAX - 4)
			return -1;
		memcpy(o->id_body + 4, conn->local_id.data, conn->local_id.len);
		len = conn->local_id.len;
	} else if (conn->auth == CONF_AUTH_CERT) {
		struct ike_cred *cred = ked_cred(sa->d, conn);

		if (!cred || ike_cred_id(cred, &o->id_body[0], o->id_body + 4, &len,
					 ID_BODY_MAX - 4))
			return -1;
	} else {
		o->id_body[0] = IKE_ID_IPV4_ADDR;
		memcpy(o->id_body + 4, &sa->local.sin_addr.s_addr, 4);
		len = 4;
	}
	o->id_len = 4 + len;
	return 0;
}

/*
 * What the original initiator (by_init) or responder signs (2.15): its
 * IKE_SA_INIT message | the other's nonce | prf(SK_pi or SK_pr, its ID').
 */
static int signed_octets(const struct ike_sa *sa, bool by_init, const uint8_t *id_body,
			 size_t id_len, uint8_t **octets, size_t *olen)
{
	return ike_auth_octets(sa->alg.prf, by_init ? sa->keys.sk_pi : sa->keys.sk_pr,
			       sa->keys.prf_len, by_init ? sa->init_req : sa->init_resp,
			       by_init ? sa->init_req_len : sa->init_resp_len,
			       by_init ? sa->nr : sa->ni, by_init ? sa->nr_len : sa->ni_len,
			       id_body, id_len, octets, olen);
}

/* Our AUTH over msg | peer nonce | prf(SK_p, IDx'). */
static int our_auth(struct ike_sa *sa, struct auth_out *o)
{
	const struct conf_conn *conn = sa->conn;
	uint8_t *octets = NULL;
	size_t olen;
	int rc = -1;

	if (our_id(sa, o) || signed_octets(sa, sa->initiator, o->id_body, o->id_len, &octets, &olen))
		return -1;
	if (conn->auth == CONF_AUTH_PSK) {
		o->method = IKE_AUTH_PSK;
		o->auth_len = ike_prf_len(sa->alg.prf);
		rc = ike_auth_psk(sa->alg.prf, conn->psk, conn->psk_len, octets, olen, o->auth);
	} else {
		struct ike_cred *cred = ked_cred(sa->d, conn);

		rc = cred ? ike_auth_sign(cred, conn->pss, sa->peer_hashes, sa->n_peer_hashes,
					  octets, olen, &o->method, o->auth, sizeof(o->auth),
					  &o->auth_len) : -1;
	}
	free(octets);
	return rc;
}

static void write_identity(struct ike_sa *sa, struct ike_wbuf *w, const struct auth_out *o)
{
	ike_w_id(w, sa->initiator ? IKE_PL_IDI : IKE_PL_IDR, o->id_body[0], o->id_body + 4,
		 o->id_len - 4);
	if (sa->conn->auth == CONF_AUTH_CERT) {
		struct ike_cred *cred = ked_cred(sa->d, sa->conn);
		const uint8_t *der;
		size_t dlen;

		der = cred ? ike_cred_cert_der(cred, &dlen) : NULL;
		if (der)
			ike_w_cert(w, IKE_PL_CERT, IKE_CERT_X509_SIG, der, dlen);
		for (unsigned int i = 0; cred && (der = ike_cred_chain_der(cred, i, &dlen)); i++)
			ike_w_cert(w, IKE_PL_CERT, IKE_CERT_X509_SIG, der, dlen);
	}
}

struct auth_req_arg {
	struct auth_out o;
	struct child_sa *c;
};

static void write_child_offer(struct ike_sa *sa, struct ike_wbuf *w, uint32_t spi)
{
	const struct conf_conn *conn = sa->conn;
	struct ike_proposal offer[IKE_MAX_PROPOSALS];
	uint32_t nspi = htonl(spi);
	struct ike_ts ts;
	unsigned int n;
	uint16_t port = conn->l2tp.port ? conn->l2tp.port : 1701;

	ike_w_notify(w, 0, NULL, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	n = nego_offer(conn->esp, conn->n_esp, IKE_PROTO_ESP, (const uint8_t *)&nspi, 4, true,
		       offer);
	ike_w_sa(w, offer, n);
	nego_ts_l2tp(&ts, sa->local.sin_addr, port);
	ike_w_ts(w, IKE_PL_TSI, &ts, 1);
	nego_ts_l2tp(&ts, sa->remote.sin_addr, port);
	ike_w_ts(w, IKE_PL_TSR, &ts, 1);
}

static int fill_auth_request(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	struct auth_req_arg *a = arg;
	const struct conf_conn *conn = sa->conn;

	write_identity(sa, w, &a->o);
	if (conn->auth == CONF_AUTH_CERT && sa->d->trust) {
		uint8_t data[16 * 20];
		size_t n = ike_trust_certreq(sa->d->trust, data, sizeof(data));

		if (n)
			ike_w_cert(w, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, data, n);
	}
	if (conn->remote_id.type)
		ike_w_id(w, IKE_PL_IDR, conn->remote_id.type, conn->remote_id.data,
			 conn->remote_id.len);
	ike_w_auth(w, a->o.method, a->o.auth, a->o.auth_len);
	ike_w_notify(w, 0, NULL, 0, IKE_N_INITIAL_CONTACT, NULL, 0);
	write_child_offer(sa, w, a->c->spi_in);
	return 0;
}

/**
 * exch_auth_start() - send our IKE_AUTH request (initiator)
 * @sa: the SA, IKE_SA_INIT done
 *
 * Return: 0 or -1.
 */
int exch_auth_start(struct ike_sa *sa)
{
	struct auth_req_arg *a = calloc(1, sizeof(*a));
	int rc = -1;

	if (!a)
		return -1;
	a->c = child_new(sa);
	if (!a->c)
		goto out;
	child_set_spis(a->c, child_alloc_spi(sa->d), 0);
	if (our_auth(sa, &a->o)) {
		sa_log(sa, LOG_ERR, "cannot compute our AUTH payload");
		goto out;
	}
	rc = ike_send_request(sa, IKE_AUTH, REQ_AUTH, fill_auth_request, a);
	sa->req_spi = a->c->spi_in;
out:
	ike_wipe(a, sizeof(*a));
	free(a);
	return rc;
}

/* ID "type:value" for logs. */
static void id_text(const struct ike_id *id, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;

	switch (id->type) {
	case IKE_ID_IPV4_ADDR:
		if (id->len == 4) {
			char a[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, id->data, a, sizeof(a));
			snprintf(out, cap, "ip:%s", a);
			return;
		}
		break;
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR: {
		int n = snprintf(out, cap, "%s:", id->type == IKE_ID_FQDN ? "fqdn" : "email");

		for (size_t i = 0; i < id->len && (size_t)n + 2 < cap; i++)
			out[n++] = id->data[i] >= 0x20 && id->data[i] < 0x7f ? (char)id->data[i] : '?';
		out[n] = '\0';
		return;
	}
	case IKE_ID_DER_ASN1_DN:
		snprintf(out, cap, "dn:(%zu bytes)", id->len);
		return;
	default:
		break;
	}
	k = (size_t)snprintf(out, cap, "id%u:", id->type);
	for (size_t i = 0; i < id->len && k + 3 < cap; i++) {
		out[k++] = hex[id->data[i] >> 4];
		out[k++] = hex[id->data[i] & 15];
	}
	out[k < cap ? k : cap - 1] = '\0';
}

/* Verify the peer's AUTH; fills sa->peer_id. 0 or -1 (logged). */
static int verify_peer(struct ike_sa *sa, const struct ike_payloads *pl, const uint8_t *id_body,
		       size_t id_len, const struct ike_id *id)
{
	const struct conf_conn *conn = sa->conn;
	const struct ike_payload *p_auth = ike_payload_find(pl, IKE_PL_AUTH);
	uint8_t *octets = NULL;
	struct ike_auth auth;
	const char *why = NULL;
	char reason[160] = "";
	size_t olen;
	int rc = -1;

	id_text(id, sa->peer_id, sizeof(sa->peer_id));
	if (!p_auth || ike_auth_parse(p_auth->body, p_auth->len, &auth, &why)) {
		sa_log(sa, LOG_NOTICE, "no or malformed AUTH payload from %s", sa->peer_id);
		return -1;
	}
	if (conn->remote_id.type &&
	    !conf_id_match(&conn->remote_id, id->type, id->data, id->len)) {
		sa_log(sa, LOG_NOTICE, "peer identity %s is not the configured %s", sa->peer_id,
		       conn->remote_id.text);
		return -1;
	}
	if (signed_octets(sa, !sa->initiator, id_body, id_len, &octets, &olen))
		return -1;
	if (conn->auth == CONF_AUTH_PSK) {
		if (auth.method != IKE_AUTH_PSK)
			snprintf(reason, sizeof(reason), "peer uses auth method %u, we expect psk",
				 auth.method);
		else if (!ike_auth_psk_verify(sa->alg.prf, conn->psk, conn->psk_len, octets, olen,
					      auth.data, auth.len))
			snprintf(reason, sizeof(reason), "pre-shared key mismatch");
		else
			rc = 0;
	} else {
		const uint8_t *inter[IKE_MAX_CERTS];
		size_t inter_len[IKE_MAX_CERTS];
		const uint8_t *ee = NULL;
		size_t ee_len = 0;
		unsigned int n_inter = 0;

		for (unsigned int i = 0; i < pl->n; i++) {
			struct ike_cert cert;

			if (pl->p[i].type != IKE_PL_CERT ||
			    ike_cert_parse(pl->p[i].body, pl->p[i].len, &cert, &why) ||
			    cert.encoding != IKE_CERT_X509_SIG)
				continue;
			if (!ee) {
				ee = cert.data;
				ee_len = cert.len;
			} else if (n_inter < IKE_MAX_CERTS) {
				inter[n_inter] = cert.data;
				inter_len[n_inter++] = cert.len;
			}
		}
		if (!ee)
			snprintf(reason, sizeof(reason), "no certificate from the peer");
		else if (!sa->d->trust)
			snprintf(reason, sizeof(reason), "no CA configured");
		else if (!ike_auth_verify_cert_flags(sa->d->trust, ee, ee_len, inter, inter_len,
						     n_inter, id->type, id->data, id->len,
						     auth.method, auth.data, auth.len, octets, olen,
						     conn->legacy_sha1 ? IKE_AUTH_F_LEGACY_SHA1 : 0,
						     reason, sizeof(reason)))
			rc = 0;
	}
	free(octets);
	if (rc)
		sa_log(sa, LOG_NOTICE, "authentication of %s failed: %s", sa->peer_id, reason);
	return rc;
}

static void established(struct ike_sa *sa)
{
	struct ked *d = sa->d;
	uint64_t now = ked_now(d);
	const struct conf_conn *conn = sa->conn;
	uint32_t jitter;

	sa->state = IKE_S_ESTABLISHED;
	sa->established_ms = now;
	if (sa->half_open) {
		sa->half_open = false;
		d->n_half_open--;
	}
	if (conn->ike_lifetime) {
		ike_random(&jitter, sizeof(jitter));
		/* up to 10% early, so both ends do not rekey at once */
		sa->rekey_ms = now + (uint64_t)conn->ike_lifetime * 1000 -
			       jitter % ((uint64_t)conn->ike_lifetime * 100 + 1);
	}
	sa->keepalive_ms = now;
	sa_log(sa, LOG_NOTICE, "IKE SA established with %s at %s:%u%s", sa->peer_id,
	       inet_ntoa(sa->remote.sin_addr), ntohs(sa->remote.sin_port),
	       sa->natt ? " (NAT-T)" : "");
}

/* Responder: negotiate the first child from the request; fills the answer. */
struct auth_resp_arg {
	struct auth_out o;
	uint16_t child_error;		/* notify instead of a child SA */
	struct ike_proposal prop;
	struct ike_ts tsi, tsr;
};

static int fill_auth_response(struct ike_sa *sa, struct ike_wbuf *w, void *arg)
{
	struct auth_resp_arg *a = arg;

	write_identity(sa, w, &a->o);
	ike_w_auth(w, a->o.method, a->o.auth, a->o.auth_len);
	if (a->child_error) {
		ike_w_notify(w, 0, NULL, 0, a->child_error, NULL, 0);
		return 0;
	}
	ike_w_notify(w, 0, NULL, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	ike_w_sa(w, &a->prop, 1);
	ike_w_ts(w, IKE_PL_TSI, &a->tsi, 1);
	ike_w_ts(w, IKE_PL_TSR, &a->tsr, 1);
	return 0;
}

/**
 * exch_child_negotiate() - responder side of a child SA proposal
 * @sa: the IKE SA
 * @pl: the request's payloads (SA, TSi, TSr, N(USE_TRANSPORT_MODE))
 * @no_dh: ignore DH transforms (IKE_AUTH, or no KE in the request)
 * @alg: the chosen transforms (peer's SPI)
 * @tsi: narrowed TSi
 * @tsr: narrowed TSr
 *
 * Return: 0, or the error notify type to answer with.
 */
uint16_t exch_child_negotiate(struct ike_sa *sa, const struct ike_payloads *pl, bool no_dh,
			      struct ike_chosen *alg, struct ike_ts *tsi, struct ike_ts *tsr)
{
	const struct conf_conn *conn = sa->conn;
	const struct ike_payload *p_sa = ike_payload_find(pl, IKE_PL_SA);
	const struct ike_payload *p_tsi = ike_payload_find(pl, IKE_PL_TSI);
	const struct ike_payload *p_tsr = ike_payload_find(pl, IKE_PL_TSR);
	uint16_t port = conn->l2tp.port ? conn->l2tp.port : 1701;
	struct ike_sa_payload *sap = malloc(sizeof(*sap));
	struct ike_ts_payload ti, tr;
	const char *why = NULL;
	struct ike_notify n;
	uint16_t rc = 0;

	if (!sap)
		return IKE_N_TEMPORARY_FAILURE;
	if (!p_sa || !p_tsi || !p_tsr || ike_sa_parse(p_sa->body, p_sa->len, sap, &why) ||
	    ike_ts_parse(p_tsi->body, p_tsi->len, &ti, &why) ||
	    ike_ts_parse(p_tsr->body, p_tsr->len, &tr, &why)) {
		rc = IKE_N_INVALID_SYNTAX;
		goto out;
	}
	if (ike_notify_find(pl, IKE_N_USE_TRANSPORT_MODE, &n)) {
		sa_log(sa, LOG_NOTICE, "peer wants a tunnel-mode child SA: only transport mode");
		rc = IKE_N_NO_PROPOSAL_CHOSEN;
		goto out;
	}
	if (nego_choose(conn->esp, conn->n_esp, sap->prop, sap->n, IKE_PROTO_ESP, no_dh, alg) ||
	    !child_kernel_alg(alg)) {
		sa_log(sa, LOG_NOTICE, "no acceptable ESP proposal from the peer");
		rc = IKE_N_NO_PROPOSAL_CHOSEN;
		goto out;
	}
	/* the exchange initiator's selectors are TSi */
	if (nego_ts_narrow(&ti, sa->remote.sin_addr, sa->nat_remote, port, tsi) ||
	    nego_ts_narrow(&tr, sa->local.sin_addr, sa->nat_local, port, tsr)) {
		sa_log(sa, LOG_NOTICE, "traffic selectors do not cover udp/%u", port);
		rc = IKE_N_TS_UNACCEPTABLE;
	}
out:
	free(sap);
	return rc;
}

/**
 * exch_auth_request() - the initiator's IKE_AUTH (responder)
 * @sa: our SA (INIT_DONE)
 * @h: header
 * @msg: the whole message
 * @msg_len: its length
 * @pl: the decrypted payloads
 */
void exch_auth_request(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
		       size_t msg_len, const struct ike_payloads *pl)
{
	const struct ike_payload *p_id = ike_payload_find(pl, IKE_PL_IDI);
	struct auth_resp_arg *a;
	struct child_sa *c = NULL;
	struct ike_chosen alg;
	const char *why = NULL;
	struct ike_id id;

	(void)msg;
	(void)msg_len;
	if (sa->state != IKE_S_INIT_DONE)
		return;
	if (!p_id || ike_id_parse(p_id->body, p_id->len, &id, &why) ||
	    verify_peer(sa, pl, p_id->body, p_id->len, &id)) {
		ike_send_notify_response(sa, IKE_AUTH, h->msgid, IKE_N_AUTHENTICATION_FAILED,
					 NULL, 0);
		ike_sa_kill(sa, "authentication failed");
		return;
	}
	a = calloc(1, sizeof(*a));
	if (!a || our_auth(sa, &a->o)) {
		free(a);
		ike_send_notify_response(sa, IKE_AUTH, h->msgid, IKE_N_AUTHENTICATION_FAILED,
					 NULL, 0);
		ike_sa_kill(sa, "cannot compute our AUTH payload");
		return;
	}
	established(sa);
	a->child_error = exch_child_negotiate(sa, pl, true, &alg, &a->tsi, &a->tsr);
	if (!a->child_error) {
		c = child_new(sa);
		if (c) {
			uint32_t out = (uint32_t)alg.spi[0] << 24 |
				       (uint32_t)alg.spi[1] << 16 |
				       (uint32_t)alg.spi[2] << 8 | alg.spi[3];

			child_set_spis(c, child_alloc_spi(sa->d), out);
			c->alg = alg;
		}
		if (!c || child_install(c, false, NULL, 0, sa->ni, sa->ni_len, sa->nr,
					sa->nr_len)) {
			if (c)
				child_destroy(c);
			c = NULL;
			a->child_error = IKE_N_TEMPORARY_FAILURE;
		} else {
			uint32_t nspi = htonl(c->spi_in);
			struct ike_chosen mine = alg;

			memcpy(mine.spi, &nspi, 4);
			nego_chosen_to_proposal(&mine, &a->prop);
		}
	}
	ike_send_response(sa, IKE_AUTH, h->msgid, fill_auth_response, a);
	ike_wipe(a, sizeof(*a));
	free(a);
	if (c)
		child_l2tp_attach(c);
}

/**
 * exch_auth_response() - the responder's IKE_AUTH answer (initiator)
 * @sa: our SA (AUTH_SENT)
 * @h: header
 * @msg: the whole message
 * @msg_len: its length
 * @pl: the decrypted payloads
 */
void exch_auth_response(struct ike_sa *sa, const struct ike_hdr *h, const uint8_t *msg,
			size_t msg_len, const struct ike_payloads *pl)
{
	const struct ike_payload *p_id = ike_payload_find(pl, IKE_PL_IDR);
	const struct ike_payload *p_sa = ike_payload_find(pl, IKE_PL_SA);
	struct child_sa *c = child_find_in(sa, sa->req_spi);
	struct ike_sa_payload *sap;
	const char *why = NULL;
	struct ike_notify n;
	struct ike_id id;

	(void)h;
	(void)msg;
	(void)msg_len;
	if (!p_id) {
		char m[96];

		snprintf(m, sizeof(m), "responder says %s", ike_first_error(pl) ?
			 ike_notify_name(ike_first_error(pl)) : "nothing (no IDr)");
		ike_sa_kill(sa, m);
		return;
	}
	if (ike_id_parse(p_id->body, p_id->len, &id, &why) ||
	    verify_peer(sa, pl, p_id->body, p_id->len, &id)) {
		ike_sa_kill(sa, "authentication of the responder failed");
		return;
	}
	ike_req_done(sa);
	established(sa);
	if (!c)
		return;
	if (!p_sa) {
		sa_log(sa, LOG_ERR, "child SA refused: %s", ike_first_error(pl) ?
		       ike_notify_name(ike_first_error(pl)) : "no SA payload");
		child_destroy(c);
		exch_delete_ike_start(sa);
		return;
	}
	sap = malloc(sizeof(*sap));
	if (!sap || ike_sa_parse(p_sa->body, p_sa->len, sap, &why) || sap->n != 1 ||
	    nego_check_answer(sa->conn->esp, sa->conn->n_esp, &sap->prop[0], true, &c->alg) ||
	    sap->prop[0].spi_len != 4 || ike_notify_find(pl, IKE_N_USE_TRANSPORT_MODE, &n)) {
		free(sap);
		sa_log(sa, LOG_ERR, "child SA answer unacceptable (proposal or not transport mode)");
		child_destroy(c);
		exch_delete_ike_start(sa);
		return;
	}
	child_set_spis(c, c->spi_in, (uint32_t)sap->prop[0].spi[0] << 24 |
		       (uint32_t)sap->prop[0].spi[1] << 16 |
		       (uint32_t)sap->prop[0].spi[2] << 8 | sap->prop[0].spi[3]);
	free(sap);
	if (child_install(c, true, NULL, 0, sa->ni, sa->ni_len, sa->nr, sa->nr_len)) {
		child_destroy(c);
		exch_delete_ike_start(sa);
		return;
	}
	child_l2tp_attach(c);
}
