/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 authentication (RFC 7296 2.15, 3.8): the signed octets, pre-shared
 * key AUTH values, and signatures with certificates: the classic methods
 * 1 (RSA PKCS#1 v1.5 SHA-1) and 9/10/11 (ECDSA P-256/384/521, raw r | s)
 * and RFC 7427 Digital Signature (method 14: RSA PKCS#1 v1.5, RSA-PSS and
 * ECDSA with SHA2-256/384/512). Certificates and trust: x509.h.
 */
#ifndef L2TPSEC_IKEV2_AUTH_H
#define L2TPSEC_IKEV2_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "ikev2.h"

struct ike_cred;
struct ike_trust;

/*
 * ike_auth_octets() - the octets a side signs (2.15): its own first message
 * | the peer's nonce | prf(SK_px, IDx'), with IDx' = the whole body of its
 * ID payload (id type, 3 reserved bytes, data). Allocates *out (free with
 * free(); not secret). 0 / -1.
 */
int ike_auth_octets(uint16_t prf, const uint8_t *sk_p, size_t sk_p_len, const uint8_t *msg,
		    size_t msg_len, const uint8_t *nonce, size_t nonce_len, const uint8_t *id_body,
		    size_t id_body_len, uint8_t **out, size_t *out_len);

/*
 * ike_auth_psk() - PSK (method 2): AUTH = prf(prf(psk, "Key Pad for IKEv2"),
 * octets). out has ike_prf_len(prf) bytes. An empty psk is refused. 0 / -1.
 */
int ike_auth_psk(uint16_t prf, const uint8_t *psk, size_t psk_len, const uint8_t *octets,
		 size_t octets_len, uint8_t *out);

/*
 * ike_auth_psk_verify() - constant-time check of a received PSK AUTH value;
 * false on any length mismatch or error.
 */
bool ike_auth_psk_verify(uint16_t prf, const uint8_t *psk, size_t psk_len, const uint8_t *octets,
			 size_t octets_len, const uint8_t *auth, size_t auth_len);

/*
 * ike_auth_sign() - sign octets with our key. hashes[] (n_hashes of them)
 * are the IKE_HASH_* ids of the peer's SIGNATURE_HASH_ALGORITHMS notify
 * (n_hashes = 0: none sent). If it lists a SHA2 hash we can use, method 14
 * (RFC 7427): RSA keys RSA-PSS (pss) or PKCS#1 v1.5, preferably with
 * SHA2-256; EC keys ECDSA with the hash of the curve (P-256: SHA2-256,
 * P-384: SHA2-384, P-521: SHA2-512) if listed, else another listed SHA2.
 * Otherwise the classic method: 1 for RSA (SHA-1), 9/10/11 for EC.
 * Writes the method and the AUTH data (out, cap), *out_len. 0 / -1.
 */
int ike_auth_sign(const struct ike_cred *c, bool pss, const uint16_t *hashes, unsigned int n_hashes,
		  const uint8_t *octets, size_t octets_len, uint8_t *method, uint8_t *out, size_t cap,
		  size_t *out_len);

/*
 * ike_auth_verify_sig() - verify AUTH data of method 1, 9, 10, 11 or 14
 * over octets with the public key pkey (RSA of >= 2048 bits, or EC).
 * Method 14 accepts sha256/384/512WithRSAEncryption, id-RSASSA-PSS (hash
 * and MGF1 hash SHA2-256/384/512, any salt length, trailer 1) and
 * ecdsa-with-SHA256/384/512 (DER signature); SHA-1 is refused there.
 * Classic ECDSA methods require the matching curve. 0, or -1 with a
 * one-line reason in why (if why is not NULL).
 */
int ike_auth_verify_sig(EVP_PKEY *pkey, uint8_t method, const uint8_t *auth, size_t auth_len,
			const uint8_t *octets, size_t octets_len, char *why, size_t whylen);

/*
 * ike_auth_verify_cert() - verify the peer: parse the end-entity
 * certificate (DER) and the untrusted intermediates (DER each), verify the
 * chain against t at the current time with CRL checks (a CA for which no
 * CRL was loaded is not checked for revocation), check that the
 * certificate may sign (ike_cert_check_usage(): keyUsage digitalSignature,
 * extendedKeyUsage ipsecIKE, serverAuth, clientAuth or any), that it
 * carries the ID the peer sent (id_type/id/id_len, see ike_cert_has_id()),
 * then verify AUTH (ike_auth_verify_sig()) over octets. Method 1 (RSA with
 * SHA-1) is refused: ike_auth_verify_cert_flags() with
 * IKE_AUTH_F_LEGACY_SHA1 accepts it (a conn's `auth-legacy-sha1 yes`). 0 when everything holds, else -1 with a one-line reason in why
 * ("certificate revoked", "ID fqdn:x not in certificate",
 * "signature invalid", "unsupported signature algorithm 1.2.3", ...).
 */
int ike_auth_verify_cert(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			 const uint8_t *const *inter_der, const size_t *inter_len, unsigned int n_inter,
			 uint8_t id_type, const uint8_t *id, size_t id_len, uint8_t method,
			 const uint8_t *auth, size_t auth_len, const uint8_t *octets, size_t octets_len,
			 char *why, size_t whylen);

#define IKE_AUTH_F_LEGACY_SHA1	0x1	/* accept auth method 1 (RSA, SHA-1) */

/*
 * ike_auth_check_cert() - everything ike_auth_verify_cert() checks but the
 * signature: chain, CRLs, usage, ID. The end-entity certificate (the
 * caller frees it: X509_free), or NULL with a one-line reason in why.
 */
X509 *ike_auth_check_cert(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			  const uint8_t *const *inter_der, const size_t *inter_len,
			  unsigned int n_inter, uint8_t id_type, const uint8_t *id, size_t id_len,
			  char *why, size_t whylen);

/* ike_auth_verify_cert() with IKE_AUTH_F_* flags. */
int ike_auth_verify_cert_flags(const struct ike_trust *t, const uint8_t *ee_der, size_t ee_len,
			       const uint8_t *const *inter_der, const size_t *inter_len,
			       unsigned int n_inter, uint8_t id_type, const uint8_t *id,
			       size_t id_len, uint8_t method, const uint8_t *auth, size_t auth_len,
			       const uint8_t *octets, size_t octets_len, unsigned int flags,
			       char *why, size_t whylen);

/*
 * ike_auth_hash_algs_notify() - the data of our SIGNATURE_HASH_ALGORITHMS
 * notify: the hash ids we accept, 2 bytes each, big endian (SHA2-256, 384,
 * 512). Returns the bytes written, 0 if cap is too small.
 */
size_t ike_auth_hash_algs_notify(uint8_t *out, size_t cap);

#endif
