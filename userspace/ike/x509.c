// SPDX-License-Identifier: GPL-2.0
/*
 * X.509 credentials and trust of l2tpsecd (see x509.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ikev2.h"
#include "x509.h"

struct der_buf {
	uint8_t *p;		/* OPENSSL_malloc'd by i2d_X509 */
	size_t len;
};

struct ike_cred {
	EVP_PKEY *key;
	X509 *cert;
	struct der_buf der;
	unsigned int n_chain;
	X509 *chain[IKE_CRED_MAX_CHAIN];
	struct der_buf chain_der[IKE_CRED_MAX_CHAIN];
};

struct ike_trust {
	X509_STORE *store;
	STACK_OF(X509) *cas;
};

/* The reason of the last OpenSSL error, or dflt; clears the error queue. */
static const char *ssl_reason(const char *dflt)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : dflt;
}

/* Password callback: encrypted keys are not supported (and never prompt). */
static int no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* All PEM objects (certificates, CRLs) of a file; NULL with err. */
static STACK_OF(X509_INFO) *read_pem_infos(const char *file, char *err, size_t errlen)
{
	STACK_OF(X509_INFO) *infos;
	FILE *f = fopen(file, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	ERR_clear_error();
	infos = PEM_X509_INFO_read(f, NULL, no_password, NULL);
	fclose(f);
	if (!infos)
		snprintf(err, errlen, "%s: %s", file, ssl_reason("cannot parse PEM"));
	return infos;
}

static int der_of(X509 *x, struct der_buf *d)
{
	unsigned char *p = NULL;
	int n = i2d_X509(x, &p);

	if (n <= 0)
		return -1;
	d->p = p;
	d->len = (size_t)n;
	return 0;
}

/* Is key usable for signing: RSA of >= 2048 bits, or EC on P-256/384/521? */
static const char *key_unusable(EVP_PKEY *key)
{
	char group[64];

	if (EVP_PKEY_is_a(key, "RSA"))
		return EVP_PKEY_get_bits(key) < 2048 ? "RSA key shorter than 2048 bits" : NULL;
	if (!EVP_PKEY_is_a(key, "EC"))
		return "unsupported key type (RSA or EC only)";
	if (!EVP_PKEY_get_group_name(key, group, sizeof(group), NULL))
		return "EC key without a named curve";
	if (strcmp(group, "prime256v1") && strcmp(group, "secp384r1") &&
	    strcmp(group, "secp521r1"))
		return "unsupported EC curve (P-256, P-384 or P-521 only)";
	return NULL;
}

static int cred_load_certs(struct ike_cred *c, const char *file, char *err, size_t errlen)
{
	STACK_OF(X509_INFO) *infos = read_pem_infos(file, err, errlen);
	int rc = -1;

	if (!infos)
		return -1;
	for (int i = 0; i < sk_X509_INFO_num(infos); i++) {
		X509_INFO *xi = sk_X509_INFO_value(infos, i);
		struct der_buf *d;

		if (!xi->x509)
			continue;
		if (c->cert && c->n_chain >= IKE_CRED_MAX_CHAIN) {
			snprintf(err, errlen, "%s: more than %d chain certificates", file,
				 IKE_CRED_MAX_CHAIN);
			goto out;
		}
		d = c->cert ? &c->chain_der[c->n_chain] : &c->der;
		if (der_of(xi->x509, d)) {
			snprintf(err, errlen, "%s: cannot encode certificate", file);
			goto out;
		}
		if (!c->cert)
			c->cert = xi->x509;
		else
			c->chain[c->n_chain++] = xi->x509;
		xi->x509 = NULL;
	}
	if (!c->cert) {
		snprintf(err, errlen, "%s: no certificate found", file);
		goto out;
	}
	rc = 0;
out:
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	return rc;
}

static int cred_load_key(struct ike_cred *c, const char *file, char *err, size_t errlen)
{
	const char *why;
	FILE *f = fopen(file, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	ERR_clear_error();
	c->key = PEM_read_PrivateKey(f, NULL, no_password, NULL);
	fclose(f);
	if (!c->key) {
		snprintf(err, errlen, "%s: no usable private key (%s; encrypted keys are not "
			 "supported)", file, ssl_reason("cannot parse"));
		return -1;
	}
	why = key_unusable(c->key);
	if (why) {
		snprintf(err, errlen, "%s: %s", file, why);
		return -1;
	}
	return 0;
}

struct ike_cred *ike_cred_load(const char *cert_file, const char *key_file, char *err,
			       size_t errlen)
{
	struct ike_cred *c = calloc(1, sizeof(*c));

	if (!c) {
		snprintf(err, errlen, "%s: out of memory", cert_file);
		return NULL;
	}
	if (cred_load_certs(c, cert_file, err, errlen) || cred_load_key(c, key_file, err, errlen))
		goto fail;
	if (EVP_PKEY_eq(X509_get0_pubkey(c->cert), c->key) != 1) {
		ERR_clear_error();
		snprintf(err, errlen, "%s: private key does not match the certificate in %s",
			 key_file, cert_file);
		goto fail;
	}
	return c;
fail:
	ike_cred_free(c);
	return NULL;
}

void ike_cred_free(struct ike_cred *c)
{
	if (!c)
		return;
	EVP_PKEY_free(c->key);
	X509_free(c->cert);
	OPENSSL_free(c->der.p);
	for (unsigned int i = 0; i < c->n_chain; i++) {
		X509_free(c->chain[i]);
		OPENSSL_free(c->chain_der[i].p);
	}
	free(c);
}

const uint8_t *ike_cred_cert_der(const struct ike_cred *c, size_t *len)
{
	*len = c->der.len;
	return c->der.p;
}

const uint8_t *ike_cred_chain_der(const struct ike_cred *c, unsigned int i, size_t *len)
{
	if (i >= c->n_chain)
		return NULL;
	*len = c->chain_der[i].len;
	return c->chain_der[i].p;
}

EVP_PKEY *ike_cred_key(const struct ike_cred *c)
{
	return c->key;
}

X509 *ike_cred_cert(const struct ike_cred *c)
{
	return c->cert;
}

int ike_cred_id(const struct ike_cred *c, uint8_t *id_type, uint8_t *data, size_t *len,
		size_t cap)
{
	const X509_NAME *subj = X509_get_subject_name(c->cert);
	const unsigned char *der;
	size_t n;

	if (!subj || !X509_NAME_get0_der(subj, &der, &n) || n > cap)
		return -1;
	*id_type = IKE_ID_DER_ASN1_DN;
	memcpy(data, der, n);
	*len = n;
	return 0;
}

/* ASCII case-insensitive equality of two byte strings of length n. */
static bool ascii_caseeq(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return true;
}

/* Does a subjectAltName entry equal the identity? */
static bool san_matches(const GENERAL_NAME *gn, uint8_t id_type, const uint8_t *data,
			size_t len)
{
	const ASN1_STRING *s;
	int want;

	switch (id_type) {
	case IKE_ID_FQDN:
		want = GEN_DNS;
		break;
	case IKE_ID_RFC822_ADDR:
		want = GEN_EMAIL;
		break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		want = GEN_IPADD;
		break;
	default:
		return false;
	}
	if (gn->type != want)
		return false;
	s = want == GEN_DNS ? gn->d.dNSName : want == GEN_EMAIL ? gn->d.rfc822Name :
		gn->d.iPAddress;
	if (!s || (size_t)ASN1_STRING_length(s) != len)
		return false;
	if (want == GEN_IPADD)
		return memcmp(ASN1_STRING_get0_data(s), data, len) == 0;
	return ascii_caseeq(ASN1_STRING_get0_data(s), data, len);
}

static bool dn_matches(X509 *cert, const uint8_t *data, size_t len)
{
	const unsigned char *p = data;
	X509_NAME *name;
	bool ok;

	if (len > LONG_MAX)
		return false;
	name = d2i_X509_NAME(NULL, &p, (long)len);
	if (!name) {
		ERR_clear_error();
		return false;
	}
	ok = p == data + len && X509_NAME_cmp(X509_get_subject_name(cert), name) == 0;
	X509_NAME_free(name);
	return ok;
}

bool ike_cert_has_id(X509 *cert, uint8_t id_type, const uint8_t *data, size_t len)
{
	GENERAL_NAMES *gens;
	bool found = false;

	if (!cert || !data || !len)
		return false;
	if ((id_type == IKE_ID_IPV4_ADDR && len != 4) || (id_type == IKE_ID_IPV6_ADDR && len != 16))
		return false;
	if (id_type == IKE_ID_DER_ASN1_DN)
		return dn_matches(cert, data, len);
	if (id_type != IKE_ID_FQDN && id_type != IKE_ID_RFC822_ADDR &&
	    id_type != IKE_ID_IPV4_ADDR && id_type != IKE_ID_IPV6_ADDR)
		return false;
	gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; gens && !found && i < sk_GENERAL_NAME_num(gens); i++)
		found = san_matches(sk_GENERAL_NAME_value(gens, i), id_type, data, len);
	GENERAL_NAMES_free(gens);
	ERR_clear_error();
	return found;
}

/* Copy printable ASCII of s (n bytes) to out, others as '?'. */
static void printable(const uint8_t *s, size_t n, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; i < n && i + 1 < outlen; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[i] = '\0';
}

/* The subject name as text ("O=x,CN=y"), printable only. */
static void name_text(const X509_NAME *name, char *out, size_t outlen)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;

	out[0] = '\0';
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV) >= 0) {
		n = BIO_get_mem_data(b, &p);
		if (n > 0)
			printable((const uint8_t *)p, (size_t)n, out, outlen);
	}
	BIO_free(b);
}

static void dn_text(const uint8_t *data, size_t len, char *out, size_t outlen)
{
	const unsigned char *p = data;
	X509_NAME *name = len <= LONG_MAX ? d2i_X509_NAME(NULL, &p, (long)len) : NULL;

	if (!name) {
		ERR_clear_error();
		snprintf(out, outlen, "(malformed DN)");
		return;
	}
	name_text(name, out, outlen);
	X509_NAME_free(name);
}

void ike_id_text(uint8_t id_type, const uint8_t *data, size_t len, char *out, size_t outlen)
{
	static const char *const pfx[] = {
		[IKE_ID_IPV4_ADDR] = "ip:", [IKE_ID_FQDN] = "fqdn:",
		[IKE_ID_RFC822_ADDR] = "email:", [IKE_ID_IPV6_ADDR] = "ipv6:",
		[IKE_ID_DER_ASN1_DN] = "dn:", [IKE_ID_KEY_ID] = "keyid:",
	};
	const char *p = id_type < sizeof(pfx) / sizeof(pfx[0]) ? pfx[id_type] : NULL;
	char addr[INET6_ADDRSTRLEN];
	size_t off;

	if (!outlen)
		return;
	if (!p) {
		snprintf(out, outlen, "id-type-%u", id_type);
		return;
	}
	off = (size_t)snprintf(out, outlen, "%s", p);
	if (off >= outlen)
		return;
	if ((id_type == IKE_ID_IPV4_ADDR && len == 4) || (id_type == IKE_ID_IPV6_ADDR && len == 16)) {
		inet_ntop(len == 4 ? AF_INET : AF_INET6, data, addr, sizeof(addr));
		snprintf(out + off, outlen - off, "%s", addr);
	} else if (id_type == IKE_ID_DER_ASN1_DN) {
		dn_text(data, len, out + off, outlen - off);
	} else if (id_type == IKE_ID_KEY_ID || id_type == IKE_ID_IPV4_ADDR ||
		   id_type == IKE_ID_IPV6_ADDR) {
		for (size_t i = 0; i < len && off + 3 <= outlen; i++, off += 2)
			snprintf(out + off, outlen - off, "%02x", data[i]);
	} else {
		printable(data, len, out + off, outlen - off);
	}
}

/*
 * Verification callback: a CA for which no CRL was loaded is not checked
 * for revocation (X509_V_ERR_UNABLE_TO_GET_CRL is ignored); every other
 * error stands.
 */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
	if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_UNABLE_TO_GET_CRL)
		return 1;
	return ok;
}

static int trust_add_file(struct ike_trust *t, const char *file, bool crl, char *err,
			  size_t errlen)
{
	STACK_OF(X509_INFO) *infos = read_pem_infos(file, err, errlen);
	unsigned int n = 0;
	int rc = -1;

	if (!infos)
		return -1;
	for (int i = 0; i < sk_X509_INFO_num(infos); i++) {
		X509_INFO *xi = sk_X509_INFO_value(infos, i);

		if (crl && xi->crl) {
			if (!X509_STORE_add_crl(t->store, xi->crl))
				goto fail;
			n++;
		} else if (!crl && xi->x509) {
			if (!X509_STORE_add_cert(t->store, xi->x509) ||
			    !sk_X509_push(t->cas, xi->x509))
				goto fail;
			xi->x509 = NULL;	/* now owned by t->cas */
			n++;
		}
	}
	if (!n) {
		snprintf(err, errlen, "%s: no %s found", file, crl ? "CRL" : "certificate");
		goto out;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: %s", file, ssl_reason("cannot add to the trust store"));
out:
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	return rc;
}

struct ike_trust *ike_trust_load(const char *const *ca_files, unsigned int n_ca,
				 const char *const *crl_files, unsigned int n_crl, char *err,
				 size_t errlen)
{
	struct ike_trust *t = calloc(1, sizeof(*t));
	unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;

	if (!t || !(t->store = X509_STORE_new()) || !(t->cas = sk_X509_new_null())) {
		snprintf(err, errlen, "trust store: out of memory");
		goto fail;
	}
	for (unsigned int i = 0; i < n_ca; i++)
		if (trust_add_file(t, ca_files[i], false, err, errlen))
			goto fail;
	for (unsigned int i = 0; i < n_crl; i++)
		if (trust_add_file(t, crl_files[i], true, err, errlen))
			goto fail;
	if (n_crl)
		flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
	X509_STORE_set_flags(t->store, flags);
	X509_VERIFY_PARAM_set_auth_level(X509_STORE_get0_param(t->store), 2);
	X509_STORE_set_verify_cb(t->store, verify_cb);
	return t;
fail:
	ike_trust_free(t);
	return NULL;
}

void ike_trust_free(struct ike_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	sk_X509_pop_free(t->cas, X509_free);
	free(t);
}

size_t ike_trust_certreq(const struct ike_trust *t, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (int i = 0; t && i < sk_X509_num(t->cas) && n + 20 <= cap; i++) {
		unsigned char *spki = NULL;
		int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(sk_X509_value(t->cas, i)), &spki);
		unsigned int mdlen = 0;

		if (len > 0 && EVP_Digest(spki, (size_t)len, out + n, &mdlen, EVP_sha1(), NULL) &&
		    mdlen == 20)
			n += 20;
		OPENSSL_free(spki);
	}
	return n;
}

static const char *verify_error_text(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_REVOKED:
		return "certificate revoked";
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "certificate expired";
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "certificate not yet valid";
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		return "certificate not issued by a trusted CA";
	default:
		return X509_verify_cert_error_string(err);
	}
}

int ike_trust_verify(const struct ike_trust *t, X509 *ee, STACK_OF(X509) *chain, char *why,
		     size_t whylen)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	char subj[128] = "";
	X509 *bad;
	int rc = -1, err;

	if (!ctx || !X509_STORE_CTX_init(ctx, t->store, ee, chain)) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	if (X509_verify_cert(ctx) == 1) {
		rc = 0;
		goto out;
	}
	err = X509_STORE_CTX_get_error(ctx);
	bad = X509_STORE_CTX_get_current_cert(ctx);
	if (bad)
		name_text(X509_get_subject_name(bad), subj, sizeof(subj));
	snprintf(why, whylen, "%s%s (%s)", X509_STORE_CTX_get_error_depth(ctx) > 0 ? "CA " : "",
		 err == X509_V_OK ? "certificate verification failed" : verify_error_text(err),
		 subj[0] ? subj : "?");
out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return rc;
}

/**
 * ike_cert_check_usage() - may this end-entity certificate sign IKE AUTH?
 * @ee: the peer's certificate
 * @why: the reason when not
 * @whylen: its size
 *
 * keyUsage, if present, must include digitalSignature. extendedKeyUsage,
 * if present, must include id-kp-ipsecIKE, anyExtendedKeyUsage,
 * serverAuth or clientAuth (RFC 4945 5.1.3.12 names the first two;
 * gateways and Windows clients carry the TLS ones).
 *
 * Return: 0, or -1 with why.
 */
int ike_cert_check_usage(X509 *ee, char *why, size_t whylen)
{
	EXTENDED_KEY_USAGE *eku;
	bool ok = false;
	int crit = -1, n;

	/* X509_get_key_usage(): UINT32_MAX without the extension */
	if (!(X509_get_key_usage(ee) & KU_DIGITAL_SIGNATURE)) {
		snprintf(why, whylen, "certificate keyUsage lacks digitalSignature");
		return -1;
	}
	eku = X509_get_ext_d2i(ee, NID_ext_key_usage, &crit, NULL);
	if (!eku) {
		ERR_clear_error();
		if (crit == -1)
			return 0;	/* no EKU: any use */
		snprintf(why, whylen, "certificate extendedKeyUsage %s",
			 crit == -2 ? "given twice" : "malformed");
		return -1;
	}
	n = sk_ASN1_OBJECT_num(eku);
	for (int i = 0; i < n && !ok; i++) {
		switch (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i))) {
		case NID_ipsec_IKE:
		case NID_anyExtendedKeyUsage:
		case NID_server_auth:
		case NID_client_auth:
			ok = true;
			break;
		default:
			break;
		}
	}
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	if (!ok)
		snprintf(why, whylen, "certificate extendedKeyUsage allows neither ipsecIKE, "
			 "serverAuth, clientAuth nor anyExtendedKeyUsage");
	return ok ? 0 : -1;
}
