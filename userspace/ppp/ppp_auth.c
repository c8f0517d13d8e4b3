// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication phase of a PPP server link, the authenticator's side
 * of CHAP (RFC 1994) with MD5 or MS-CHAPv2 (RFC 2759), and of PAP (RFC
 * 1334):
 *   CHAP       a 16-byte random Challenge (name "l2tpsec"), retransmitted
 *              every 3 s, at most 10 times; a Response must carry its
 *              identifier. MS-CHAPv2: Success "S=<authenticator response>
 *              M=Access granted"; Failure "E=691 R=1 C=<new challenge>
 *              V=3 M=..." while tries are left (the client answers the
 *              new challenge with the Failure's identifier + 1, no new
 *              Challenge is sent), R=0 on the last one; Change-Password
 *              (code 7) refused with "E=709 R=0 ..." and the session ends.
 *              CHAP-MD5: Failure, then a new Challenge while tries are left.
 *   PAP        only if the configuration allows it; Authenticate-Ack or
 *              -Nak, retries while tries are left.
 * A Response (Authenticate-Request) repeating the one that succeeded gets
 * the same Success (Ack) again (ours was lost). ops->auth_allowed is asked
 * before any check (a refusal ends the session without a check and is not
 * a failure); ops->auth_failed is told of every failure. After auth_tries
 * failures LCP terminates. Secrets are compared in constant time and the
 * intermediate hashes are wiped; an unknown user costs the same
 * computation as a known one.
 */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "link.h"
#include "ppp_chap_md5.h"
#include "ppp_mschapv2.h"
#include "ppp_server_priv.h"
#include "users.h"

#define CHAP_CHALLENGE		1
#define CHAP_RESPONSE		2
#define CHAP_SUCCESS		3
#define CHAP_FAILURE		4
#define MSCHAPV2_CHANGE_PW	7	/* RFC 2759 section 7 */
#define PAP_REQUEST		1
#define PAP_ACK			2
#define PAP_NAK			3
#define MSCHAPV2_RESP_LEN	49	/* peer challenge 16, reserved 8, NT-Response 24, flags 1 */

/**
 * ppp_auth_name() - the name of an authentication protocol, for logs and show
 * @auth: one PPP_AUTH_* bit
 *
 * Return: "mschapv2", "chap-md5", "pap" or "".
 */
const char *ppp_auth_name(unsigned int auth)
{
	switch (auth) {
	case PPP_AUTH_MSCHAPV2:
		return "mschapv2";
	case PPP_AUTH_CHAP_MD5:
		return "chap-md5";
	case PPP_AUTH_PAP:
		return "pap";
	default:
		return "";
	}
}

static uint16_t auth_proto(const struct ppp_inst *in)
{
	return in->auth == PPP_AUTH_PAP ? PPP_PROTO_PAP : PPP_PROTO_CHAP;
}

/* Send code/id and data[0..n) (no header of its own), keep it if keep (a Success). */
static void send_auth(struct ppp_inst *in, uint8_t code, uint8_t id, const void *data, size_t n,
		      bool keep)
{
	uint8_t buf[PPP_HDR_LEN + sizeof(in->reply)];
	struct ppp_wbuf w;
	size_t len;

	ppp_w_init(&w, buf, sizeof(buf));
	ppp_w_hdr(&w, code, id);
	ppp_w_bytes(&w, data, n);
	len = ppp_w_finish(&w);
	if (!len)
		return;
	ppp_send(in, auth_proto(in), buf, len);
	if (keep && len <= sizeof(in->reply)) {
		memcpy(in->reply, buf, len);
		in->reply_len = len;
		in->reply_id = id;
	}
}

static void send_challenge(struct ppp_inst *in)
{
	uint8_t d[1 + sizeof(in->chal) + sizeof(PPP_SERVER_NAME) - 1];

	d[0] = sizeof(in->chal);
	memcpy(d + 1, in->chal, sizeof(in->chal));
	memcpy(d + 1 + sizeof(in->chal), PPP_SERVER_NAME, sizeof(PPP_SERVER_NAME) - 1);
	send_auth(in, CHAP_CHALLENGE, in->chal_id, d, sizeof(d), false);
	in->chal_sends++;
	in->auth_due = ppp_now(in) + PPP_AUTH_RESEND_MS;
}

static void new_challenge(struct ppp_inst *in, uint8_t id)
{
	ppp_random(in, in->chal, sizeof(in->chal));
	in->chal_id = id;
	in->chal_sends = 0;
}

/**
 * ppp_auth_start() - the authentication phase begins (LCP Opened)
 * @in: the instance; in->auth is the protocol LCP agreed on
 */
void ppp_auth_start(struct ppp_inst *in)
{
	uint8_t id;

	in->failures = 0;
	in->reply_len = 0;
	in->auth_state = PPP_AS_WAIT;
	if (in->auth == PPP_AUTH_PAP) {
		in->auth_due = ppp_now(in) + PPP_AUTH_WAIT_MS;
		return;
	}
	ppp_random(in, &id, sizeof(id));
	new_challenge(in, id);
	send_challenge(in);
}

/**
 * ppp_auth_tick() - Challenge retransmissions, the wait for the client
 * @in: the instance
 * @now: the time
 */
void ppp_auth_tick(struct ppp_inst *in, uint64_t now)
{
	if (!in->auth_due || in->auth_due > now || in->auth_state != PPP_AS_WAIT)
		return;
	/* chal_sends is set to the maximum while a Challenge must not be repeated. */
	if (in->auth != PPP_AUTH_PAP && in->chal_sends < PPP_AUTH_MAX_SENDS) {
		send_challenge(in);
		return;
	}
	in->auth_due = 0;
	in->auth_state = PPP_AS_FAILED;
	ppp_log(in, LOG_NOTICE, "authentication: no answer from the client");
	ppp_lcp_terminate(in, "authentication timeout");
}

/* The name for logs and show: control characters replaced. */
static void set_user(struct ppp_inst *in, const uint8_t *name, size_t n)
{
	if (n > sizeof(in->user) - 1)
		n = sizeof(in->user) - 1;
	for (size_t i = 0; i < n; i++)
		in->user[i] = name[i] < 0x20 || name[i] == 0x7f ? '?' : (char)name[i];
	in->user[n] = '\0';
}

static bool allowed(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	if (!o->auth_allowed || o->auth_allowed(o->ctx, in->l, in->user))
		return true;
	ppp_log(in, LOG_NOTICE, "authentication of '%s' not allowed now", in->user);
	return false;
}

static const struct auth_user *lookup(struct ppp_inst *in, const uint8_t *name, size_t n)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	return o->user_find ? o->user_find(o->ctx, (const char *)name, n) : NULL;
}

/* A failure counted: true if the client may try again. */
static bool count_failure(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	in->failures++;
	ppp_log(in, LOG_NOTICE, "authentication of '%s' failed (%u of %u)", in->user,
		in->failures, in->ps->cfg.auth_tries);
	if (o->auth_failed)
		o->auth_failed(o->ctx, in->l, in->user);
	return in->failures < in->ps->cfg.auth_tries;
}

static void succeeded(struct ppp_inst *in, const struct auth_user *u)
{
	in->auth_state = PPP_AS_DONE;
	in->auth_due = 0;
	in->fixed = u->addr;
	ppp_log(in, LOG_INFO, "'%s' authenticated (%s)", in->user, ppp_auth_name(in->auth));
	ppp_phase_network(in);
}

static void give_up(struct ppp_inst *in, const char *why)
{
	in->auth_state = PPP_AS_FAILED;
	in->auth_due = 0;
	ppp_lcp_terminate(in, why);
}

static void hex_upper(char *out, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* MS-CHAPv2 Failure: E=err, R=1 with a new challenge for the retry if retry. */
static void mschapv2_failure(struct ppp_inst *in, uint8_t id, int err, bool retry,
			     const char *msg)
{
	char hex[2 * sizeof(in->chal) + 1], text[160];
	int n;

	if (retry)
		new_challenge(in, (uint8_t)(id + 1));
	else
		ppp_random(in, in->chal, sizeof(in->chal));
	hex_upper(hex, in->chal, sizeof(in->chal));
	n = snprintf(text, sizeof(text), "E=%d R=%d C=%s V=3 M=%s", err, retry ? 1 : 0, hex, msg);
	if (n > 0)
		send_auth(in, CHAP_FAILURE, id, text, strnlen(text, sizeof(text)), false);
	if (retry) {
		in->chal_sends = PPP_AUTH_MAX_SENDS;	/* the client answers C=, nothing to resend */
		in->auth_due = ppp_now(in) + PPP_AUTH_WAIT_MS;
	}
}

static void mschapv2_response(struct ppp_inst *in, uint8_t id, const uint8_t *v,
			      const uint8_t *name, size_t nlen)
{
	char auth_resp[MSCHAPV2_AUTH_RESP_LEN + 1], text[MSCHAPV2_AUTH_RESP_LEN + 32];
	const struct auth_user *u;
	const char *hname;
	uint8_t nt_hash[MSCHAPV2_NT_HASH_LEN];
	size_t hlen;
	int rc = 1;

	set_user(in, name, nlen);
	if (!allowed(in)) {
		mschapv2_failure(in, id, 691, false, "Too many attempts");
		give_up(in, "authentication not allowed now");
		return;
	}
	hname = mschapv2_user_name((const char *)name, nlen, &hlen);
	u = lookup(in, name, nlen);
	if (!u && hlen != nlen)
		u = lookup(in, (const uint8_t *)hname, hlen);
	if (u && u->has_nthash)
		memcpy(nt_hash, u->nthash, sizeof(nt_hash));
	else if (!u || !u->password || mschapv2_nt_hash(u->password, u->password_len, nt_hash))
		ppp_random(in, nt_hash, sizeof(nt_hash));	/* the same work, no success */
	rc = mschapv2_verify(nt_hash, in->chal, v, hname, hlen, v + 24, auth_resp);
	OPENSSL_cleanse(nt_hash, sizeof(nt_hash));
	if (rc == 0 && u && (u->has_nthash || u->password)) {
		int n = snprintf(text, sizeof(text), "%s M=Access granted", auth_resp);

		if (n > 0)
			send_auth(in, CHAP_SUCCESS, id, text, strnlen(text, sizeof(text)), true);
		succeeded(in, u);
		return;
	}
	if (count_failure(in)) {
		mschapv2_failure(in, id, 691, true, "Authentication failure");
		return;
	}
	mschapv2_failure(in, id, 691, false, "Authentication failure");
	give_up(in, "authentication failed");
}

static void md5_response(struct ppp_inst *in, uint8_t id, const uint8_t *v, size_t vlen,
			 const uint8_t *name, size_t nlen)
{
	static const char ok[] = "Access granted", bad[] = "Authentication failure";
	const struct auth_user *u;
	uint8_t dummy[16];
	int rc;

	set_user(in, name, nlen);
	if (!allowed(in)) {
		send_auth(in, CHAP_FAILURE, id, bad, sizeof(bad) - 1, false);
		give_up(in, "authentication not allowed now");
		return;
	}
	u = lookup(in, name, nlen);
	if (u && u->password) {
		rc = chap_md5_verify(id, (const uint8_t *)u->password, u->password_len,
				     in->chal, sizeof(in->chal), v, vlen);
	} else {
		ppp_random(in, dummy, sizeof(dummy));
		chap_md5_verify(id, dummy, sizeof(dummy), in->chal, sizeof(in->chal), v, vlen);
		OPENSSL_cleanse(dummy, sizeof(dummy));
		rc = 1;
	}
	if (rc == 0) {
		send_auth(in, CHAP_SUCCESS, id, ok, sizeof(ok) - 1, true);
		succeeded(in, u);
		return;
	}
	send_auth(in, CHAP_FAILURE, id, bad, sizeof(bad) - 1, false);
	if (count_failure(in)) {
		new_challenge(in, (uint8_t)(id + 1));
		send_challenge(in);
		return;
	}
	give_up(in, "authentication failed");
}

static void chap_input(struct ppp_inst *in, uint8_t code, uint8_t id, const uint8_t *d, size_t n)
{
	size_t vlen;

	if (code == MSCHAPV2_CHANGE_PW && in->auth == PPP_AUTH_MSCHAPV2 &&
	    in->auth_state == PPP_AS_WAIT) {
		ppp_log(in, LOG_NOTICE, "MS-CHAPv2 password change refused");
		count_failure(in);
		mschapv2_failure(in, id, 709, false, "Password change not supported");
		give_up(in, "password change refused");
		return;
	}
	if (code != CHAP_RESPONSE)
		return;
	if (in->auth_state == PPP_AS_DONE) {
		if (id == in->reply_id && in->reply_len)
			ppp_send(in, PPP_PROTO_CHAP, in->reply, in->reply_len);
		return;
	}
	if (in->auth_state != PPP_AS_WAIT || id != in->chal_id || n < 1)
		return;
	vlen = d[0];
	if (1 + vlen > n)
		return;
	if (in->auth == PPP_AUTH_MSCHAPV2) {
		if (vlen != MSCHAPV2_RESP_LEN)
			return;
		mschapv2_response(in, id, d + 1, d + 1 + vlen, n - 1 - vlen);
	} else {
		md5_response(in, id, d + 1, vlen, d + 1 + vlen, n - 1 - vlen);
	}
}

/* Constant-time equality of two byte strings of any lengths (their SHA-256). */
static bool secret_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	uint8_t ha[32], hb[32];
	unsigned int la = 0, lb = 0;
	bool eq;

	if (!EVP_Digest(a, an, ha, &la, EVP_sha256(), NULL) ||
	    !EVP_Digest(b, bn, hb, &lb, EVP_sha256(), NULL) || la != 32 || lb != 32)
		eq = false;
	else
		eq = !CRYPTO_memcmp(ha, hb, sizeof(ha)) && an == bn;
	OPENSSL_cleanse(ha, sizeof(ha));
	OPENSSL_cleanse(hb, sizeof(hb));
	return eq;
}

static void pap_input(struct ppp_inst *in, uint8_t code, uint8_t id, const uint8_t *d, size_t n)
{
	static const char ok[] = "Access granted", bad[] = "Authentication failure";
	uint8_t msg[1 + sizeof(bad)];
	const struct auth_user *u;
	const uint8_t *name, *pw;
	size_t nlen, pwlen;
	bool good;

	if (code != PAP_REQUEST)
		return;
	if (in->auth_state == PPP_AS_DONE) {
		if (id == in->reply_id && in->reply_len)
			ppp_send(in, PPP_PROTO_PAP, in->reply, in->reply_len);
		return;
	}
	if (in->auth_state != PPP_AS_WAIT || n < 1)
		return;
	nlen = d[0];
	if (1 + nlen + 1 > n)
		return;
	name = d + 1;
	pwlen = d[1 + nlen];
	if (2 + nlen + pwlen > n)
		return;
	pw = d + 2 + nlen;
	set_user(in, name, nlen);
	msg[0] = sizeof(bad) - 1;
	memcpy(msg + 1, bad, sizeof(bad) - 1);
	if (!allowed(in)) {
		send_auth(in, PAP_NAK, id, msg, sizeof(bad), false);
		give_up(in, "authentication not allowed now");
		return;
	}
	u = lookup(in, name, nlen);
	if (u && u->password) {
		good = secret_eq((const uint8_t *)u->password, u->password_len, pw, pwlen);
	} else {
		(void)secret_eq(pw, pwlen, pw, pwlen);	/* the same work */
		good = false;
	}
	if (good) {
		msg[0] = sizeof(ok) - 1;
		memcpy(msg + 1, ok, sizeof(ok) - 1);
		send_auth(in, PAP_ACK, id, msg, sizeof(ok), true);
		succeeded(in, u);
		return;
	}
	send_auth(in, PAP_NAK, id, msg, sizeof(bad), false);
	if (count_failure(in)) {
		in->auth_due = ppp_now(in) + PPP_AUTH_WAIT_MS;
		return;
	}
	give_up(in, "authentication failed");
}

/**
 * ppp_auth_input() - one CHAP or PAP packet from the client
 * @in: the instance
 * @proto: PPP_PROTO_CHAP or PPP_PROTO_PAP (the other one is discarded)
 * @p: the Information field
 * @n: its length
 *
 * Malformed packets, and packets of a protocol other than the one LCP
 * agreed on, are silently discarded.
 */
void ppp_auth_input(struct ppp_inst *in, uint16_t proto, const uint8_t *p, size_t n)
{
	size_t len;

	if (!in->auth || proto != auth_proto(in) || n < PPP_HDR_LEN)
		return;
	len = (size_t)p[2] << 8 | p[3];
	if (len < PPP_HDR_LEN || len > n)
		return;
	if (proto == PPP_PROTO_PAP)
		pap_input(in, p[0], p[1], p + PPP_HDR_LEN, len - PPP_HDR_LEN);
	else
		chap_input(in, p[0], p[1], p + PPP_HDR_LEN, len - PPP_HDR_LEN);
}
