/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X.509 credentials and trust of l2tpsecd: our private key with its
 * certificate and chain, the trusted CAs and their CRLs, certificate
 * chain verification, and matching of IKE identities against certificates
 * (RFC 7296 3.5-3.7). OpenSSL 3.
 */
#ifndef L2TPSEC_X509_H
#define L2TPSEC_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Most chain certificates loaded with our own certificate. */
#define IKE_CRED_MAX_CHAIN	8

struct ike_cred;		/* private key + own certificate + chain (intermediates) */

/*
 * ike_cred_load() - load a PEM certificate file (the first certificate is
 * ours, further ones are its chain) and a PEM private key (RSA, or EC on
 * P-256/384/521). Checks that the key matches the certificate. NULL with
 * a message "file: reason" in err.
 */
struct ike_cred *ike_cred_load(const char *cert_file, const char *key_file, char *err,
			       size_t errlen);
/* ike_cred_free() - free a credential (NULL is fine); the key is wiped by OpenSSL. */
void ike_cred_free(struct ike_cred *c);
/* ike_cred_cert_der() - DER of our certificate (*len set). */
const uint8_t *ike_cred_cert_der(const struct ike_cred *c, size_t *len);
/* ike_cred_chain_der() - DER of chain certificate i, NULL past the end. */
const uint8_t *ike_cred_chain_der(const struct ike_cred *c, unsigned int i, size_t *len);
/* ike_cred_key() - our private key (owned by c). */
EVP_PKEY *ike_cred_key(const struct ike_cred *c);
/* ike_cred_cert() - our certificate (owned by c). */
X509 *ike_cred_cert(const struct ike_cred *c);
/*
 * ike_cred_id() - our identity from the certificate: *id_type =
 * IKE_ID_DER_ASN1_DN, data = the DER of the subject (*len bytes, at most
 * cap). 0 / -1.
 */
int ike_cred_id(const struct ike_cred *c, uint8_t *id_type, uint8_t *data, size_t *len,
		size_t cap);

/*
 * ike_cert_has_id() - does the certificate carry this identity? FQDN,
 * RFC822, IPv4 and IPv6 are matched against subjectAltName entries (names
 * case-insensitively, no wildcards, no fallback to the CN), DER_ASN1_DN
 * against the subject (canonical comparison), KEY_ID never.
 */
bool ike_cert_has_id(X509 *cert, uint8_t id_type, const uint8_t *data, size_t len);

/*
 * ike_id_text() - printable form of an identity for logs ("fqdn:x",
 * "email:x", "ip:x" (the configuration's spelling), "ipv6:x", "dn:x", "keyid:hex"); non-printable
 * bytes shown as '?'. Always NUL-terminates (len > 0).
 */
void ike_id_text(uint8_t id_type, const uint8_t *data, size_t len, char *out, size_t outlen);

struct ike_trust;		/* CAs + CRLs */

/*
 * ike_trust_load() - load CA certificates and CRLs (PEM files; each may
 * hold several). Every CA certificate is a trust anchor (an intermediate
 * CA configured here is trusted without its root). A CRL is checked
 * against its issuer when used. NULL with err ("file: reason").
 */
struct ike_trust *ike_trust_load(const char *const *ca_files, unsigned int n_ca,
				 const char *const *crl_files, unsigned int n_crl, char *err,
				 size_t errlen);
/* ike_trust_free() - free a trust store (NULL is fine). */
void ike_trust_free(struct ike_trust *t);
/*
 * ike_trust_certreq() - CERTREQ data: the SHA-1 hash of each CA's
 * SubjectPublicKeyInfo, concatenated (only whole hashes that fit cap).
 * Returns the bytes written.
 */
size_t ike_trust_certreq(const struct ike_trust *t, uint8_t *out, size_t cap);

/*
 * ike_trust_verify() - verify ee with the untrusted intermediates chain
 * (may be NULL) against t at the current time: signatures, validity,
 * basic constraints, key sizes (RSA >= 2048 bits, OpenSSL security level
 * 2), and revocation by the CRLs loaded (X509_V_FLAG_CRL_CHECK |
 * CRL_CHECK_ALL; a CA without a CRL is not checked; an expired CRL fails).
 * 0, or -1 with a reason in why.
 */
int ike_trust_verify(const struct ike_trust *t, X509 *ee, STACK_OF(X509) *chain, char *why,
		     size_t whylen);

/*
 * ike_cert_check_usage() - may ee sign IKE AUTH: keyUsage (if present)
 * with digitalSignature, extendedKeyUsage (if present) with ipsecIKE
 * (1.3.6.1.5.5.7.3.17), anyExtendedKeyUsage, serverAuth or clientAuth.
 * 0, or -1 with a reason in why.
 */
int ike_cert_check_usage(X509 *ee, char *why, size_t whylen);

#endif
