// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of ikev2_auth.c and x509.c: signed octets, PSK AUTH, signatures
 * (RFC 7296 methods 1/9/10/11, RFC 7427 method 14) with the certificates
 * of data/auth/ (made by data/auth/gen.sh), chain/CRL/ID checks, malformed
 * AUTH data, credential loading, and Wycheproof ECDSA/RSA/RSA-PSS vectors.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "test.h"
#include "ikev2.h"
#include "ikev2_auth.h"
#include "ikev2_crypto.h"
#include "x509.h"

/* ---- helpers ------------------------------------------------------------ */

/* Path of a file of data/auth/ (static buffer, rotating among 4). */
static const char *ap(const char *name)
{
	static char buf[4][512];
	static unsigned int i;
	char *p = buf[i++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/data/auth/%s", test_data_dir(), name);
	return p;
}

static struct ike_cred *cred(const char *pem, const char *key)
{
	char err[256] = "";
	struct ike_cred *c = ike_cred_load(ap(pem), ap(key), err, sizeof(err));

	if (!c)
		fprintf(stderr, "  cred %s: %s\n", pem, err);
	CHECK(c != NULL);
	return c;
}

/* The trust store: the root CA, and its CRL if with_crl. */
static struct ike_trust *trust(bool with_crl)
{
	const char *ca[] = { ap("ca.pem") };
	const char *crl[] = { ap("ca.crl") };
	char err[256] = "";
	struct ike_trust *t = ike_trust_load(ca, 1, crl, with_crl ? 1 : 0, err, sizeof(err));

	if (!t)
		fprintf(stderr, "  trust: %s\n", err);
	CHECK(t != NULL);
	return t;
}

static const uint8_t octets[] = "IKE_SA_INIT message | nonce | prf(SK_p, ID')";
static const uint16_t all_hashes[] = { IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512 };

struct signed_auth {
	uint8_t method;
	uint8_t data[1024];
	size_t len;
};

static void sign(const struct ike_cred *c, bool pss, const uint16_t *h, unsigned int n,
		 struct signed_auth *a)
{
	CHECK_EQ(ike_auth_sign(c, pss, h, n, octets, sizeof(octets), &a->method, a->data,
			       sizeof(a->data), &a->len), 0);
}

/* IKE_AUTH_F_* flags of verify() */
static unsigned int vflags;

/* ike_auth_verify_cert_flags() (vflags) with c's certificate and chain; why in why. */
static int verify(const struct ike_trust *t, const struct ike_cred *c, uint8_t id_type,
		  const char *id, const struct signed_auth *a, const uint8_t *msg, size_t msg_len,
		  char *why, size_t whylen)
{
	const uint8_t *inter[IKE_CRED_MAX_CHAIN];
	size_t inter_len[IKE_CRED_MAX_CHAIN], ee_len;
	const uint8_t *ee = ike_cred_cert_der(c, &ee_len);
	unsigned int n = 0;

	while (n < IKE_CRED_MAX_CHAIN && (inter[n] = ike_cred_chain_der(c, n, &inter_len[n])))
		n++;
	why[0] = '\0';
	return ike_auth_verify_cert_flags(t, ee, ee_len, inter, inter_len, n, id_type,
					  (const uint8_t *)id, strlen(id), a->method, a->data,
					  a->len, msg, msg_len, vflags, why, whylen);
}

/* Sign with c, verify as fqdn id; expect the method and (method 14) AlgorithmIdentifier. */
static void round_trip(const char *pem, const char *key, const char *id, bool pss,
		       const uint16_t *h, unsigned int n, uint8_t method, const char *algid_hex,
		       size_t classic_len)
{
	struct ike_cred *c = cred(pem, key);
	struct ike_trust *t = trust(true);
	struct signed_auth a;
	uint8_t algid[128], bad[sizeof(octets)];
	char why[256];
	long alen;

	if (!c || !t)
		goto out;
	sign(c, pss, h, n, &a);
	CHECK_EQ(a.method, method);
	if (method == IKE_AUTH_DIGITAL_SIG) {
		alen = test_unhex(algid_hex, algid, sizeof(algid));
		CHECK(alen > 0 && a.len > (size_t)alen + 1);
		CHECK_EQ(a.data[0], alen);
		CHECK_MEM(a.data + 1, algid, (size_t)alen);
	} else if (classic_len) {
		CHECK_EQ(a.len, classic_len);
	}
	CHECK_EQ(verify(t, c, IKE_ID_FQDN, id, &a, octets, sizeof(octets), why, sizeof(why)), 0);
	CHECK_STR(why, "");
	/* the same AUTH over other octets */
	memcpy(bad, octets, sizeof(bad));
	bad[5] ^= 0x20;
	CHECK_EQ(verify(t, c, IKE_ID_FQDN, id, &a, bad, sizeof(bad), why, sizeof(why)), -1);
	CHECK_HAS(why, "signature invalid");
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

#define ALGID_RSA256 "300d06092a864886f70d01010b0500"
#define ALGID_ECDSA256 "300a06082a8648ce3d040302"
#define ALGID_ECDSA384 "300a06082a8648ce3d040303"
#define ALGID_PSS_HEAD "304106092a864886f70d01010a3034a00f300d0609608648016503040201"
#define ALGID_PSS256 ALGID_PSS_HEAD "0500a11c301a06092a864886f70d010108300d0609608648016503" \
	"0402010500a203020120"

/* Replace the AlgorithmIdentifier of method-14 AUTH data a by algid_hex. */
static void swap_algid(struct signed_auth *a, const char *algid_hex)
{
	uint8_t algid[256], sig[1024];
	size_t sig_len = a->len - 1 - a->data[0];
	long alen = test_unhex(algid_hex, algid, sizeof(algid));

	CHECK(alen > 0 && alen < 256);
	memcpy(sig, a->data + 1 + a->data[0], sig_len);
	a->data[0] = (uint8_t)alen;
	memcpy(a->data + 1, algid, (size_t)alen);
	memcpy(a->data + 1 + alen, sig, sig_len);
	a->len = 1 + (size_t)alen + sig_len;
}

/* ike_auth_verify_sig() with the public key of c. */
static int verify_key(const struct ike_cred *c, const struct signed_auth *a, char *why,
		      size_t whylen)
{
	why[0] = '\0';
	return ike_auth_verify_sig(X509_get0_pubkey(ike_cred_cert(c)), a->method, a->data, a->len,
				   octets, sizeof(octets), why, whylen);
}

/* ---- octets, PSK ----------------------------------------------------------- */

static void test_octets_layout(void)
{
	static const uint8_t msg[] = "first message", nonce[] = "peer nonce 0123456789";
	static const uint8_t id[] = { IKE_ID_FQDN, 0, 0, 0, 'a', '.', 'e', 'x' };
	uint8_t skp[32], mac[EVP_MAX_MD_SIZE];
	uint8_t *out = NULL;
	size_t out_len = 0, mac_len = 0;

	memset(skp, 0x5a, sizeof(skp));
	CHECK_EQ(ike_auth_octets(IKE_PRF_HMAC_SHA2_256, skp, sizeof(skp), msg, sizeof(msg), nonce,
				 sizeof(nonce), id, sizeof(id), &out, &out_len), 0);
	CHECK(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, skp, sizeof(skp), id, sizeof(id), mac,
			sizeof(mac), &mac_len) != NULL);
	CHECK_EQ(out_len, sizeof(msg) + sizeof(nonce) + 32);
	CHECK_EQ(mac_len, 32);
	if (out && out_len == sizeof(msg) + sizeof(nonce) + 32) {
		CHECK_MEM(out, msg, sizeof(msg));
		CHECK_MEM(out + sizeof(msg), nonce, sizeof(nonce));
		CHECK_MEM(out + sizeof(msg) + sizeof(nonce), mac, 32);
	}
	free(out);
	/* SHA2-512: the prf part is 64 bytes */
	CHECK_EQ(ike_auth_octets(IKE_PRF_HMAC_SHA2_512, skp, sizeof(skp), msg, sizeof(msg), nonce,
				 sizeof(nonce), id, sizeof(id), &out, &out_len), 0);
	CHECK_EQ(out_len, sizeof(msg) + sizeof(nonce) + 64);
	free(out);
	/* unknown PRF, ID body shorter than its 4-byte header */
	CHECK_EQ(ike_auth_octets(99, skp, sizeof(skp), msg, sizeof(msg), nonce, sizeof(nonce), id,
				 sizeof(id), &out, &out_len), -1);
	CHECK_EQ(ike_auth_octets(IKE_PRF_HMAC_SHA2_256, skp, sizeof(skp), msg, sizeof(msg), nonce,
				 sizeof(nonce), id, 3, &out, &out_len), -1);
	CHECK(out == NULL);
}

static void test_psk_independent(void)
{
	static const uint16_t prfs[] = {
		IKE_PRF_HMAC_SHA2_256, IKE_PRF_HMAC_SHA2_384, IKE_PRF_HMAC_SHA2_512,
	};
	static const char *const mds[] = { "SHA256", "SHA384", "SHA512" };
	static const char psk[] = "correct horse battery staple";
	uint8_t key[64], want[64], got[64];
	size_t klen, wlen;

	for (int i = 0; i < 3; i++) {
		CHECK(EVP_Q_mac(NULL, "HMAC", NULL, mds[i], NULL, psk, strlen(psk),
				(const uint8_t *)"Key Pad for IKEv2", 17, key, sizeof(key),
				&klen) != NULL);
		CHECK(EVP_Q_mac(NULL, "HMAC", NULL, mds[i], NULL, key, klen, octets,
				sizeof(octets), want, sizeof(want), &wlen) != NULL);
		CHECK_EQ(wlen, ike_prf_len(prfs[i]));
		CHECK_EQ(ike_auth_psk(prfs[i], (const uint8_t *)psk, strlen(psk), octets,
				      sizeof(octets), got), 0);
		CHECK_MEM(got, want, wlen);
		CHECK(ike_auth_psk_verify(prfs[i], (const uint8_t *)psk, strlen(psk), octets,
					  sizeof(octets), want, wlen));
	}
}

static void test_psk_verify_rejects(void)
{
	static const char psk[] = "secret";
	uint8_t auth[32];

	CHECK_EQ(ike_auth_psk(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
			      sizeof(octets), auth), 0);
	CHECK(ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
				  sizeof(octets), auth, 32));
	/* length mismatches: short, long (SHA2-384 length), empty */
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
				   sizeof(octets), auth, 31));
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_384, (const uint8_t *)psk, 6, octets,
				   sizeof(octets), auth, 32));
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
				   sizeof(octets), auth, 0));
	/* wrong key, other octets, one bit of AUTH */
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)"secreT", 6, octets,
				   sizeof(octets), auth, 32));
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
				   sizeof(octets) - 1, auth, 32));
	auth[31] ^= 1;
	CHECK(!ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 6, octets,
				   sizeof(octets), auth, 32));
	/* empty PSK, unknown PRF */
	CHECK_EQ(ike_auth_psk(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)psk, 0, octets,
			      sizeof(octets), auth), -1);
	CHECK_EQ(ike_auth_psk(77, (const uint8_t *)psk, 6, octets, sizeof(octets), auth), -1);
}

static void test_hash_algs_notify(void)
{
	static const uint8_t want[] = { 0, 2, 0, 3, 0, 4 };
	uint8_t out[8];

	CHECK_EQ(ike_auth_hash_algs_notify(out, sizeof(out)), 6);
	CHECK_MEM(out, want, 6);
	CHECK_EQ(ike_auth_hash_algs_notify(out, 5), 0);
}

/* ---- signatures: round trips ------------------------------------------ */

static void test_rsa_pkcs1_method14(void)
{
	round_trip("rsa.pem", "rsa.key", "rsa.example.org", false, all_hashes, 3,
		   IKE_AUTH_DIGITAL_SIG, ALGID_RSA256, 0);
	/* the peer lists only SHA2-512 */
	round_trip("rsa.pem", "rsa.key", "RSA.example.ORG", false, all_hashes + 2, 1,
		   IKE_AUTH_DIGITAL_SIG, "300d06092a864886f70d01010d0500", 0);
}

static void test_rsa_pss_method14(void)
{
	round_trip("rsa.pem", "rsa.key", "rsa.example.org", true, all_hashes, 3,
		   IKE_AUTH_DIGITAL_SIG, ALGID_PSS256, 0);
	round_trip("rsa.pem", "rsa.key", "rsa.example.org", true, all_hashes + 1, 1,
		   IKE_AUTH_DIGITAL_SIG, "304106092a864886f70d01010a3034a00f300d060960864801650304"
		   "02020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
		   0);
}

/* Method 1 (RSA with SHA-1) only with IKE_AUTH_F_LEGACY_SHA1 (auth-legacy-sha1). */
static void test_rsa_classic(void)
{
	static const uint16_t sha1_only[] = { IKE_HASH_SHA1, 99 };
	struct ike_cred *c = cred("rsa.pem", "rsa.key");
	struct ike_trust *t = trust(true);
	struct signed_auth a;
	char why[256];

	if (c && t) {
		sign(c, false, NULL, 0, &a);
		CHECK_EQ(a.method, IKE_AUTH_RSA_SIG);
		CHECK_EQ(verify(t, c, IKE_ID_FQDN, "rsa.example.org", &a, octets, sizeof(octets),
				why, sizeof(why)), -1);
		CHECK_STR(why, "auth method 1 (RSA with SHA-1) refused (auth-legacy-sha1 not set)");
		/* the flagless entry point refuses it too */
		CHECK_EQ(ike_auth_verify_cert(t, ike_cred_cert_der(c, &(size_t){ 0 }), 0, NULL,
					      NULL, 0, IKE_ID_FQDN, NULL, 0, IKE_AUTH_RSA_SIG,
					      a.data, a.len, octets, sizeof(octets), why,
					      sizeof(why)), -1);
	}
	ike_cred_free(c);
	ike_trust_free(t);
	vflags = IKE_AUTH_F_LEGACY_SHA1;
	round_trip("rsa.pem", "rsa.key", "rsa.example.org", false, NULL, 0, IKE_AUTH_RSA_SIG,
		   NULL, 256);
	/* no usable hash in the peer's list: classic too (also with pss configured) */
	round_trip("rsa.pem", "rsa.key", "rsa.example.org", true, sha1_only, 2, IKE_AUTH_RSA_SIG,
		   NULL, 256);
	vflags = 0;
}

/* keyUsage and extendedKeyUsage of the peer's certificate. */
static void test_key_usage(void)
{
	static const struct {
		const char *name, *why;
	} cases[] = {
		{ "eku-server", NULL },
		{ "eku-client", NULL },
		{ "eku-ipsec", NULL },
		{ "eku-any", NULL },
		{ "no-ku", NULL },
		{ "eku-email", "certificate extendedKeyUsage allows neither ipsecIKE, serverAuth, "
			       "clientAuth nor anyExtendedKeyUsage" },
		{ "ku-encipher", "certificate keyUsage lacks digitalSignature" },
	};
	struct ike_trust *t = trust(true);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]) && t; i++) {
		char pem[64], key[64], id[64], why[256];
		struct ike_cred *c;
		struct signed_auth a;

		snprintf(pem, sizeof(pem), "usage-%s.pem", cases[i].name);
		snprintf(key, sizeof(key), "usage-%s.key", cases[i].name);
		snprintf(id, sizeof(id), "usage-%s.example.org", cases[i].name);
		c = cred(pem, key);
		if (!c)
			continue;
		sign(c, false, all_hashes, 3, &a);
		if (verify(t, c, IKE_ID_FQDN, id, &a, octets, sizeof(octets), why,
			   sizeof(why)) != (cases[i].why ? -1 : 0))
			fprintf(stderr, "  %s: %s\n", cases[i].name, why);
		CHECK_STR(why, cases[i].why ? cases[i].why : "");
		ike_cred_free(c);
	}
	ike_trust_free(t);
}

static void test_ecdsa_p256(void)
{
	round_trip("ec256.pem", "ec256.key", "ec256.example.org", false, all_hashes, 3,
		   IKE_AUTH_DIGITAL_SIG, ALGID_ECDSA256, 0);
	round_trip("ec256.pem", "ec256.key", "ec256.example.org", false, NULL, 0,
		   IKE_AUTH_ECDSA_256, NULL, 64);
}

static void test_ecdsa_p384_with_intermediate(void)
{
	round_trip("ec384-chain.pem", "ec384.key", "ec384.example.org", false, all_hashes, 3,
		   IKE_AUTH_DIGITAL_SIG, ALGID_ECDSA384, 0);
	/* P-384 prefers SHA2-384 but takes SHA2-256 if that is all the peer has */
	round_trip("ec384-chain.pem", "ec384.key", "ec384.example.org", false, all_hashes, 1,
		   IKE_AUTH_DIGITAL_SIG, ALGID_ECDSA256, 0);
	round_trip("ec384-chain.pem", "ec384.key", "ec384.example.org", false, NULL, 0,
		   IKE_AUTH_ECDSA_384, NULL, 96);
}

static void test_missing_intermediate(void)
{
	struct ike_cred *c = cred("ec384-chain.pem", "ec384.key");
	struct ike_trust *t = trust(true);
	struct signed_auth a;
	size_t ee_len;
	const uint8_t *ee;
	char why[256] = "";

	if (!c || !t)
		goto out;
	sign(c, false, all_hashes, 3, &a);
	ee = ike_cred_cert_der(c, &ee_len);
	CHECK_EQ(ike_auth_verify_cert(t, ee, ee_len, NULL, NULL, 0, IKE_ID_FQDN,
				      (const uint8_t *)"ec384.example.org", 17, a.method, a.data,
				      a.len, octets, sizeof(octets), why, sizeof(why)), -1);
	CHECK_HAS(why, "not issued by a trusted CA");
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

/* PSS encodings other than ours: hash without NULL, explicit trailer; salt must match. */
static void test_rsa_pss_variants(void)
{
	struct ike_cred *c = cred("rsa.pem", "rsa.key");
	struct signed_auth a, b;
	char why[256];

	if (!c)
		return;
	sign(c, true, all_hashes, 3, &a);
	b = a;
	/* SHA2-256 AlgorithmIdentifiers without NULL parameters */
	swap_algid(&b, "303d06092a864886f70d01010a3030a00d300b0609608648016503040201a11a301806092a"
		   "864886f70d010108300b0609608648016503040201a203020120");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), 0);
	b = a;
	/* explicit trailerField 1 */
	swap_algid(&b, "304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06"
		   "092a864886f70d010108300d06096086480165030402010500a203020120a303020101");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), 0);
	b = a;
	/* trailerField 2 */
	swap_algid(&b, "304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06"
		   "092a864886f70d010108300d06096086480165030402010500a203020120a303020102");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "malformed parameters of id-RSASSA-PSS");
	b = a;
	/* salt length 20 (the signature has 32) */
	swap_algid(&b, ALGID_PSS_HEAD "0500a11c301a06092a864886f70d010108300d06096086480165030402"
		   "010500a203020114");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "signature invalid");
	b = a;
	/* MGF1 with SHA2-384 (the signature used SHA2-256) */
	swap_algid(&b, ALGID_PSS_HEAD "0500a11c301a06092a864886f70d010108300d06096086480165030402"
		   "020500a203020120");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "signature invalid");
	b = a;
	/* no parameters at all: SHA-1 defaults */
	swap_algid(&b, "300d06092a864886f70d01010a3000");
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "hash SHA-1 not allowed");
	b = a;
	/* the PSS signature presented as PKCS#1 v1.5 */
	swap_algid(&b, ALGID_RSA256);
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "signature invalid");
	ike_cred_free(c);
}

/* ---- signatures: rejections --------------------------------------------- */

static void test_wrong_id(void)
{
	struct ike_cred *c = cred("rsa.pem", "rsa.key");
	struct ike_trust *t = trust(true);
	struct signed_auth a;
	char why[256];

	if (!c || !t)
		goto out;
	sign(c, false, all_hashes, 3, &a);
	CHECK_EQ(verify(t, c, IKE_ID_FQDN, "other.example.org", &a, octets, sizeof(octets), why,
			sizeof(why)), -1);
	CHECK_STR(why, "ID fqdn:other.example.org not in certificate");
	/* a suffix, and the name as an email ID */
	CHECK_EQ(verify(t, c, IKE_ID_FQDN, "example.org", &a, octets, sizeof(octets), why,
			sizeof(why)), -1);
	CHECK_EQ(verify(t, c, IKE_ID_RFC822_ADDR, "rsa.example.org", &a, octets, sizeof(octets),
			why, sizeof(why)), -1);
	CHECK_STR(why, "ID email:rsa.example.org not in certificate");
	CHECK_EQ(verify(t, c, IKE_ID_RFC822_ADDR, "rsa@example.org", &a, octets, sizeof(octets),
			why, sizeof(why)), 0);
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

static void test_cert_has_id(void)
{
	static const uint8_t v4[] = { 192, 0, 2, 1 }, v4b[] = { 192, 0, 2, 2 };
	static const uint8_t v6[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	struct ike_cred *c = cred("rsa.pem", "rsa.key"), *e = cred("ec256.pem", "ec256.key");
	uint8_t dn[512], type = 0;
	size_t dn_len = 0;
	X509 *x;

	if (!c || !e)
		goto out;
	x = ike_cred_cert(c);
	CHECK(ike_cert_has_id(x, IKE_ID_FQDN, (const uint8_t *)"rsa.example.org", 15));
	CHECK(ike_cert_has_id(x, IKE_ID_FQDN, (const uint8_t *)"Rsa.Example.Org", 15));
	CHECK(!ike_cert_has_id(x, IKE_ID_FQDN, (const uint8_t *)"rsa.example.org.", 16));
	CHECK(!ike_cert_has_id(x, IKE_ID_FQDN, (const uint8_t *)"rsa.example.or", 14));
	CHECK(!ike_cert_has_id(x, IKE_ID_FQDN, (const uint8_t *)"rsa.example.org\0", 16));
	CHECK(ike_cert_has_id(x, IKE_ID_RFC822_ADDR, (const uint8_t *)"RSA@example.org", 15));
	CHECK(ike_cert_has_id(x, IKE_ID_IPV4_ADDR, v4, 4));
	CHECK(!ike_cert_has_id(x, IKE_ID_IPV4_ADDR, v4b, 4));
	CHECK(!ike_cert_has_id(x, IKE_ID_IPV4_ADDR, v4, 3));
	CHECK(ike_cert_has_id(x, IKE_ID_IPV6_ADDR, v6, 16));
	CHECK(!ike_cert_has_id(x, IKE_ID_IPV6_ADDR, v6, 4));
	CHECK(ike_cert_has_id(ike_cred_cert(e), IKE_ID_IPV4_ADDR, v4b, 4));
	/* the CN is not a subjectAltName */
	CHECK(!ike_cert_has_id(ike_cred_cert(e), IKE_ID_FQDN, (const uint8_t *)"rsa.example.org",
			       15));
	/* DN: our own ike_cred_id(); not the other certificate; garbage; KEY_ID never */
	CHECK_EQ(ike_cred_id(c, &type, dn, &dn_len, sizeof(dn)), 0);
	CHECK_EQ(type, IKE_ID_DER_ASN1_DN);
	CHECK(ike_cert_has_id(x, IKE_ID_DER_ASN1_DN, dn, dn_len));
	CHECK(!ike_cert_has_id(ike_cred_cert(e), IKE_ID_DER_ASN1_DN, dn, dn_len));
	CHECK(!ike_cert_has_id(x, IKE_ID_DER_ASN1_DN, dn, dn_len - 1));
	dn[dn_len] = 0;
	CHECK(!ike_cert_has_id(x, IKE_ID_DER_ASN1_DN, dn, dn_len + 1));
	CHECK(!ike_cert_has_id(x, IKE_ID_KEY_ID, dn, dn_len));
	CHECK_EQ(ike_cred_id(c, &type, dn, &dn_len, 10), -1);
out:
	ike_cred_free(c);
	ike_cred_free(e);
}

/* A DN that differs only in case and string type matches canonically. */
static void test_cert_has_dn_canonical(void)
{
	struct ike_cred *c = cred("rsa.pem", "rsa.key");
	X509_NAME *n = X509_NAME_new();
	unsigned char *der = NULL;
	int len;

	if (!c || !n)
		goto out;
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"L2TPSEC  Test",
				   -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", V_ASN1_PRINTABLESTRING,
				   (const unsigned char *)"RSA.example.org", -1, -1, 0);
	len = i2d_X509_NAME(n, &der);
	CHECK(len > 0);
	if (len > 0)
		CHECK(ike_cert_has_id(ike_cred_cert(c), IKE_ID_DER_ASN1_DN, der, (size_t)len));
	OPENSSL_free(der);
out:
	X509_NAME_free(n);
	ike_cred_free(c);
}

static void expect_chain_failure(const char *pem, const char *key, const char *id,
				 bool with_crl, const char *reason)
{
	struct ike_cred *c = cred(pem, key);
	struct ike_trust *t = trust(with_crl);
	struct signed_auth a;
	char why[256];

	if (!c || !t)
		goto out;
	sign(c, false, all_hashes, 3, &a);
	if (reason) {
		CHECK_EQ(verify(t, c, IKE_ID_FQDN, id, &a, octets, sizeof(octets), why,
				sizeof(why)), -1);
		CHECK_HAS(why, reason);
	} else {
		CHECK_EQ(verify(t, c, IKE_ID_FQDN, id, &a, octets, sizeof(octets), why,
				sizeof(why)), 0);
	}
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

static void test_revoked(void)
{
	expect_chain_failure("revoked.pem", "revoked.key", "revoked.example.org", true,
			     "certificate revoked");
	/* documented: without a CRL for its CA, a certificate is not checked */
	expect_chain_failure("revoked.pem", "revoked.key", "revoked.example.org", false, NULL);
	/* the CRL does not list the others */
	expect_chain_failure("ec256.pem", "ec256.key", "ec256.example.org", true, NULL);
}

static void test_untrusted_ca(void)
{
	expect_chain_failure("untrusted.pem", "untrusted.key", "untrusted.example.org", true,
			     "certificate not issued by a trusted CA");
}

static void test_expired(void)
{
	expect_chain_failure("expired.pem", "expired.key", "expired.example.org", true,
			     "certificate expired");
}

static void test_malformed_certs(void)
{
	struct ike_cred *c = cred("ec256.pem", "ec256.key");
	struct ike_trust *t = trust(true);
	struct signed_auth a;
	const uint8_t *ee;
	uint8_t buf[4096];
	size_t ee_len;
	char why[256];

	if (!c || !t)
		goto out;
	sign(c, false, all_hashes, 3, &a);
	ee = ike_cred_cert_der(c, &ee_len);
	CHECK(ee_len < sizeof(buf));
	if (ee_len >= sizeof(buf))
		goto out;
	memcpy(buf, ee, ee_len);
	buf[ee_len] = 0;
	for (size_t n = 0; n < ee_len; n += n < 8 ? 1 : 97) {
		CHECK_EQ(ike_auth_verify_cert(t, buf, n, NULL, NULL, 0, IKE_ID_FQDN,
					      (const uint8_t *)"ec256.example.org", 17, a.method,
					      a.data, a.len, octets, sizeof(octets), why,
					      sizeof(why)), -1);
	}
	CHECK_STR(why, "malformed certificate");
	/* trailing byte */
	CHECK_EQ(ike_auth_verify_cert(t, buf, ee_len + 1, NULL, NULL, 0, IKE_ID_FQDN,
				      (const uint8_t *)"ec256.example.org", 17, a.method, a.data,
				      a.len, octets, sizeof(octets), why, sizeof(why)), -1);
	CHECK_STR(why, "malformed certificate");
	CHECK_EQ(ike_auth_verify_cert(NULL, buf, ee_len, NULL, NULL, 0, IKE_ID_FQDN,
				      (const uint8_t *)"ec256.example.org", 17, a.method, a.data,
				      a.len, octets, sizeof(octets), why, sizeof(why)), -1);
	CHECK_STR(why, "no trusted CAs");
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

/* Every prefix and every single-byte change of AUTH data fails cleanly. */
static void all_mutations_fail(const struct ike_cred *c, const struct signed_auth *a)
{
	struct signed_auth b;
	char why[256];
	int fails = 0, total = 0;

	for (size_t n = 0; n < a->len; n++) {
		b = *a;
		b.len = n;
		fails += verify_key(c, &b, why, sizeof(why)) == -1;
		total++;
	}
	for (size_t i = 0; i < a->len; i++) {
		b = *a;
		b.data[i] ^= 0x01;
		fails += verify_key(c, &b, why, sizeof(why)) == -1;
		b.data[i] ^= 0x81;
		fails += verify_key(c, &b, why, sizeof(why)) == -1;
		total += 2;
	}
	CHECK_EQ(fails, total);
	b = *a;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), 0);
}

static void test_truncated_and_mutated_auth(void)
{
	struct ike_cred *r = cred("rsa.pem", "rsa.key"), *e = cred("ec384-chain.pem", "ec384.key");
	struct signed_auth a;

	if (!r || !e)
		goto out;
	sign(r, true, all_hashes, 3, &a);
	all_mutations_fail(r, &a);
	sign(r, false, all_hashes, 3, &a);
	all_mutations_fail(r, &a);
	sign(e, false, all_hashes, 3, &a);
	all_mutations_fail(e, &a);
	sign(e, false, NULL, 0, &a);
	all_mutations_fail(e, &a);
out:
	ike_cred_free(r);
	ike_cred_free(e);
}

static void test_algid_length_past_end(void)
{
	struct ike_cred *c = cred("ec256.pem", "ec256.key");
	struct signed_auth a, b;
	char why[256];

	if (!c)
		return;
	sign(c, false, all_hashes, 3, &a);
	b = a;
	b.data[0] = 0xff;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "past the end");
	/* the AlgorithmIdentifier takes all: no signature left */
	b.len = 1 + 12;
	b.data[0] = 12;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_STR(why, "AUTH data without a signature");
	b.data[0] = 0;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	b.len = 0;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	/* AlgorithmIdentifier length one short / one long of its DER */
	b = a;
	b.data[0] = 11;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "malformed AlgorithmIdentifier");
	b.data[0] = 13;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_HAS(why, "malformed AlgorithmIdentifier");
	/* garbage */
	memset(b.data, 0xa5, sizeof(b.data));
	b.len = 80;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	b.method = 200;
	CHECK_EQ(verify_key(c, &b, why, sizeof(why)), -1);
	CHECK_STR(why, "unsupported auth method 200");
	ike_cred_free(c);
}

static void test_sha1_in_method14_refused(void)
{
	struct ike_cred *r = cred("rsa.pem", "rsa.key"), *e = cred("ec256.pem", "ec256.key");
	struct signed_auth a;
	char why[256];

	if (!r || !e)
		goto out;
	/* a valid SHA-1 PKCS#1 signature (method 1), presented under method 14 */
	sign(r, false, NULL, 0, &a);
	CHECK_EQ(a.method, IKE_AUTH_RSA_SIG);
	CHECK_EQ(verify_key(r, &a, why, sizeof(why)), 0);
	memmove(a.data + 16, a.data, a.len);
	test_unhex("0f300d06092a864886f70d0101050500", a.data, 16);
	a.len += 16;
	a.method = IKE_AUTH_DIGITAL_SIG;
	CHECK_EQ(verify_key(r, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "hash SHA-1 not allowed in sha1WithRSAEncryption");
	sign(e, false, all_hashes, 3, &a);
	swap_algid(&a, "300906072a8648ce3d0401");
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "hash SHA-1 not allowed in ecdsa-with-SHA1");
out:
	ike_cred_free(r);
	ike_cred_free(e);
}

static void test_key_type_mismatch(void)
{
	struct ike_cred *r = cred("rsa.pem", "rsa.key"), *e = cred("ec256.pem", "ec256.key");
	struct ike_cred *e3 = cred("ec384-chain.pem", "ec384.key");
	struct signed_auth a;
	char why[256];

	if (!r || !e || !e3)
		goto out;
	/* ECDSA AUTH checked against the RSA certificate's key */
	sign(e, false, all_hashes, 3, &a);
	CHECK_EQ(verify_key(r, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "ecdsa-with-SHA256 does not fit the certificate's RSA key");
	/* RSA AlgorithmIdentifiers with the EC key */
	swap_algid(&a, ALGID_RSA256);
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "sha256WithRSAEncryption does not fit the certificate's EC key");
	swap_algid(&a, ALGID_PSS256);
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_HAS(why, "does not fit the certificate's EC key");
	/* classic: method 9 with a P-384 key, method 1 with an EC key, 10 with RSA */
	sign(e, false, NULL, 0, &a);
	CHECK_EQ(a.method, IKE_AUTH_ECDSA_256);
	CHECK_EQ(verify_key(e3, &a, why, sizeof(why)), -1);
	CHECK_HAS(why, "auth method 9 does not fit");
	a.method = IKE_AUTH_RSA_SIG;
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_HAS(why, "does not fit the certificate's EC key");
	a.method = IKE_AUTH_ECDSA_384;
	CHECK_EQ(verify_key(r, &a, why, sizeof(why)), -1);
	CHECK_HAS(why, "does not fit the certificate's RSA key");
out:
	ike_cred_free(r);
	ike_cred_free(e);
	ike_cred_free(e3);
}

static void test_unsupported_algorithm(void)
{
	struct ike_cred *e = cred("ec256.pem", "ec256.key");
	struct signed_auth a;
	char why[256];

	if (!e)
		return;
	sign(e, false, all_hashes, 3, &a);
	swap_algid(&a, "300506032b6570");	/* Ed25519 */
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "unsupported signature algorithm 1.3.101.112");
	/* ecdsa-with-SHA256 with parameters that are not NULL */
	swap_algid(&a, "300c06082a8648ce3d0403020101ff");
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_HAS(why, "AlgorithmIdentifier");
	swap_algid(&a, "300e06082a8648ce3d0403020402abcd");
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), -1);
	CHECK_STR(why, "malformed parameters of ecdsa-with-SHA256");
	/* with NULL parameters: accepted */
	swap_algid(&a, "300c06082a8648ce3d0403020500");
	CHECK_EQ(verify_key(e, &a, why, sizeof(why)), 0);
	ike_cred_free(e);
}

/* ---- credentials and trust ------------------------------------------------ */

static void test_cred_load_errors(void)
{
	char err[256] = "";
	struct ike_cred *c;

	CHECK(!ike_cred_load(ap("nonexistent.pem"), ap("rsa.key"), err, sizeof(err)));
	CHECK_HAS(err, "nonexistent.pem: No such file or directory");
	CHECK(!ike_cred_load(ap("rsa.pem"), ap("nonexistent.key"), err, sizeof(err)));
	CHECK_HAS(err, "nonexistent.key: No such file or directory");
	CHECK(!ike_cred_load(ap("rsa.pem"), ap("ec256.key"), err, sizeof(err)));
	CHECK_HAS(err, "ec256.key: private key does not match the certificate in");
	CHECK(!ike_cred_load(ap("rsa.key"), ap("rsa.key"), err, sizeof(err)));
	CHECK_HAS(err, "rsa.key: no certificate found");
	CHECK(!ike_cred_load(ap("rsa.pem"), ap("rsa.pem"), err, sizeof(err)));
	CHECK_HAS(err, "rsa.pem: no usable private key");
	CHECK(!ike_cred_load(ap("gen.sh"), ap("rsa.key"), err, sizeof(err)));
	CHECK_HAS(err, "gen.sh: no certificate found");
	c = ike_cred_load(ap("rsa.pem"), ap("rsa.key"), err, sizeof(err));
	CHECK(c != NULL);
	ike_cred_free(c);
	ike_cred_free(NULL);
}

static void test_cred_der_and_chain(void)
{
	struct ike_cred *c = cred("ec384-chain.pem", "ec384.key");
	const uint8_t *d;
	size_t len = 0, ilen;
	char *pem = test_read_file("data/auth/inter.pem", NULL);
	BIO *b = pem ? BIO_new_mem_buf(pem, -1) : NULL;
	X509 *inter = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	unsigned char *ider = NULL;
	int n = inter ? i2d_X509(inter, &ider) : -1;

	CHECK(c && n > 0);
	if (!c || n <= 0)
		goto out;
	d = ike_cred_cert_der(c, &len);
	CHECK(d && len > 100 && d[0] == 0x30);
	d = ike_cred_chain_der(c, 0, &ilen);
	CHECK(d != NULL);
	if (d) {
		CHECK_EQ(ilen, n);
		CHECK_MEM(d, ider, ilen);
	}
	CHECK(ike_cred_chain_der(c, 1, &ilen) == NULL);
out:
	OPENSSL_free(ider);
	X509_free(inter);
	BIO_free(b);
	free(pem);
	ike_cred_free(c);
}

/* SHA-1 of the SPKI, computed by another path (i2d_PUBKEY of the key). */
static void spki_sha1(const char *file, uint8_t *out)
{
	char *pem = test_read_file(file, NULL);
	BIO *b = pem ? BIO_new_mem_buf(pem, -1) : NULL;
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	unsigned char *der = NULL;
	int n = x ? i2d_PUBKEY(X509_get0_pubkey(x), &der) : -1;

	CHECK(n > 0);
	memset(out, 0, 20);
	if (n > 0)
		CHECK(EVP_Q_digest(NULL, "SHA1", NULL, der, (size_t)n, out, NULL));
	OPENSSL_free(der);
	X509_free(x);
	BIO_free(b);
	free(pem);
}

static void test_trust_certreq(void)
{
	const char *ca[] = { ap("ca.pem"), ap("inter.pem") };
	uint8_t want[40], out[64];
	char err[256] = "";
	struct ike_trust *t = ike_trust_load(ca, 2, NULL, 0, err, sizeof(err));

	CHECK(t != NULL);
	if (!t)
		return;
	spki_sha1("data/auth/ca.pem", want);
	spki_sha1("data/auth/inter.pem", want + 20);
	CHECK_EQ(ike_trust_certreq(t, out, sizeof(out)), 40);
	CHECK_MEM(out, want, 40);
	CHECK_EQ(ike_trust_certreq(t, out, 39), 20);
	CHECK_EQ(ike_trust_certreq(t, out, 19), 0);
	ike_trust_free(t);
}

static void test_trust_load_errors(void)
{
	const char *bad[] = { ap("nonexistent.pem") };
	const char *ca[] = { ap("ca.pem") };
	const char *notcrl[] = { ap("ca.pem") };
	char err[256] = "";

	CHECK(!ike_trust_load(bad, 1, NULL, 0, err, sizeof(err)));
	CHECK_HAS(err, "nonexistent.pem: No such file or directory");
	CHECK(!ike_trust_load(ca, 1, notcrl, 1, err, sizeof(err)));
	CHECK_HAS(err, "ca.pem: no CRL found");
	CHECK(!ike_trust_load(ca, 1, bad, 1, err, sizeof(err)));
	CHECK_HAS(err, "nonexistent.pem: No such file or directory");
	ike_trust_free(NULL);
}

/* An intermediate CA configured as trust anchor suffices (no root needed). */
static void test_intermediate_as_anchor(void)
{
	const char *ca[] = { ap("inter.pem") };
	struct ike_cred *c = cred("ec384-chain.pem", "ec384.key");
	char err[256] = "", why[256];
	struct ike_trust *t = ike_trust_load(ca, 1, NULL, 0, err, sizeof(err));
	struct signed_auth a;

	if (!c || !t)
		goto out;
	sign(c, false, all_hashes, 3, &a);
	CHECK_EQ(verify(t, c, IKE_ID_FQDN, "ec384.example.org", &a, octets, sizeof(octets), why,
			sizeof(why)), 0);
out:
	ike_cred_free(c);
	ike_trust_free(t);
}

static void test_id_text(void)
{
	static const uint8_t v4[] = { 192, 0, 2, 1 }, bin[] = { 0xde, 0xad, 1 };
	char out[64];

	ike_id_text(IKE_ID_IPV4_ADDR, v4, 4, out, sizeof(out));
	CHECK_STR(out, "ip:192.0.2.1");
	ike_id_text(IKE_ID_FQDN, (const uint8_t *)"a\nb", 3, out, sizeof(out));
	CHECK_STR(out, "fqdn:a?b");
	ike_id_text(IKE_ID_KEY_ID, bin, 3, out, sizeof(out));
	CHECK_STR(out, "keyid:dead01");
	ike_id_text(IKE_ID_DER_ASN1_DN, bin, 3, out, sizeof(out));
	CHECK_STR(out, "dn:(malformed DN)");
	ike_id_text(77, bin, 3, out, sizeof(out));
	CHECK_STR(out, "id-type-77");
	ike_id_text(IKE_ID_FQDN, (const uint8_t *)"long.example.org", 16, out, 8);
	CHECK_STR(out, "fqdn:lo");
}

/* ---- Wycheproof ------------------------------------------------------------ */

struct wp_stats {
	int valid, invalid, acceptable, wrong;
};

/* Valid ECDSA signatures also verify as method 9 (r | s). */
static void check_classic_p256(EVP_PKEY *pkey, const uint8_t *der, size_t len,
			       const uint8_t *msg, size_t msg_len)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	uint8_t raw[64];
	char why[256];

	CHECK(sig != NULL);
	if (!sig)
		return;
	ECDSA_SIG_get0(sig, &r, &s);
	CHECK_EQ(BN_bn2binpad(r, raw, 32), 32);
	CHECK_EQ(BN_bn2binpad(s, raw + 32, 32), 32);
	ECDSA_SIG_free(sig);
	CHECK_EQ(ike_auth_verify_sig(pkey, IKE_AUTH_ECDSA_256, raw, 64, msg, msg_len, why,
				     sizeof(why)), 0);
}

/* One vector: AUTH data = algid length | algid | sig; 0 if verified. */
static int wp_verify(EVP_PKEY *pkey, const uint8_t *algid, long alen, const char *m,
		     const char *s, bool classic_p256, bool valid, char *why, size_t whylen)
{
	size_t cap = strlen(m) / 2 + strlen(s) / 2 + 1 + (size_t)alen + 1;
	uint8_t *msg = malloc(cap), *auth = malloc(cap);
	long mlen, slen;
	int rc = -2;

	if (!msg || !auth)
		goto out;
	mlen = strcmp(m, "-") ? test_unhex(m, msg, cap) : 0;
	slen = strcmp(s, "-") ? test_unhex(s, auth + 1 + alen, cap - 1 - (size_t)alen) : 0;
	CHECK(mlen >= 0 && slen >= 0);
	if (mlen < 0 || slen < 0)
		goto out;
	auth[0] = (uint8_t)alen;
	memcpy(auth + 1, algid, (size_t)alen);
	rc = ike_auth_verify_sig(pkey, IKE_AUTH_DIGITAL_SIG, auth, (size_t)(1 + alen + slen), msg,
				 (size_t)mlen, why, whylen);
	if (classic_p256 && valid)
		check_classic_p256(pkey, auth + 1 + alen, (size_t)slen, msg, (size_t)mlen);
out:
	free(msg);
	free(auth);
	return rc;
}

/* Verify each vector of a converted file with method-14 AUTH data algid | sig. */
static void wycheproof(const char *file, const char *algid_hex, bool classic_p256,
		       struct wp_stats *st)
{
	char *buf = test_read_file(file, NULL), *save = NULL, *line;
	uint8_t algid[128], key[1024];
	long alen = test_unhex(algid_hex, algid, sizeof(algid));
	EVP_PKEY *pkey = NULL;
	char why[256];

	memset(st, 0, sizeof(*st));
	CHECK(buf && alen > 0);
	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *fs = NULL;
		const unsigned char *p = key;
		bool valid;
		long klen;
		int n = 0, rc;

		if (line[0] == '#')
			continue;
		if (!strncmp(line, "key ", 4)) {
			EVP_PKEY_free(pkey);
			klen = test_unhex(line + 4, key, sizeof(key));
			pkey = klen > 0 ? d2i_PUBKEY(NULL, &p, klen) : NULL;
			CHECK(pkey != NULL);
			continue;
		}
		for (char *t = strtok_r(line, " ", &fs); t && n < 4; t = strtok_r(NULL, " ", &fs))
			f[n++] = t;
		CHECK(n == 4 && pkey);
		if (n != 4 || !pkey)
			continue;
		valid = !strcmp(f[1], "valid");
		rc = wp_verify(pkey, algid, alen, f[2], f[3], classic_p256, valid, why,
			       sizeof(why));
		if (!strcmp(f[1], "acceptable")) {
			st->acceptable++;
			continue;
		}
		if ((rc == 0) != valid) {
			st->wrong++;
			fprintf(stderr, "  %s tcId %s: %s but rc %d (%s)\n", file, f[0], f[1], rc,
				why);
		}
		if (valid)
			st->valid++;
		else
			st->invalid++;
	}
	EVP_PKEY_free(pkey);
	free(buf);
	ERR_clear_error();
}

static void test_wycheproof_ecdsa_p256(void)
{
	struct wp_stats st;

	wycheproof("data/wycheproof/ecdsa_secp256r1_sha256.txt", ALGID_ECDSA256, true, &st);
	CHECK_EQ(st.wrong, 0);
	CHECK(st.valid >= 50 && st.invalid >= 100);
}

static void test_wycheproof_rsa_pkcs1(void)
{
	struct wp_stats st;

	wycheproof("data/wycheproof/rsa_pkcs1_2048_sha256.txt", ALGID_RSA256, false, &st);
	CHECK_EQ(st.wrong, 0);
	CHECK(st.valid >= 5 && st.invalid >= 100);
}

static void test_wycheproof_rsa_pss(void)
{
	struct wp_stats st;

	wycheproof("data/wycheproof/rsa_pss_2048_sha256_mgf1_32.txt", ALGID_PSS256, false, &st);
	CHECK_EQ(st.wrong, 0);
	CHECK(st.valid >= 10 && st.invalid >= 20);
}

const struct test_case ike_auth_tests[] = {
	T(test_octets_layout),
	T(test_psk_independent),
	T(test_psk_verify_rejects),
	T(test_hash_algs_notify),
	T(test_rsa_pkcs1_method14),
	T(test_rsa_pss_method14),
	T(test_rsa_classic),
	T(test_key_usage),
	T(test_ecdsa_p256),
	T(test_ecdsa_p384_with_intermediate),
	T(test_missing_intermediate),
	T(test_rsa_pss_variants),
	T(test_wrong_id),
	T(test_cert_has_id),
	T(test_cert_has_dn_canonical),
	T(test_revoked),
	T(test_untrusted_ca),
	T(test_expired),
	T(test_malformed_certs),
	T(test_truncated_and_mutated_auth),
	T(test_algid_length_past_end),
	T(test_sha1_in_method14_refused),
	T(test_key_type_mismatch),
	T(test_unsupported_algorithm),
	T(test_cred_load_errors),
	T(test_cred_der_and_chain),
	T(test_trust_certreq),
	T(test_trust_load_errors),
	T(test_intermediate_as_anchor),
	T(test_id_text),
	T(test_wycheproof_ecdsa_p256),
	T(test_wycheproof_rsa_pkcs1),
	T(test_wycheproof_rsa_pss),
	T_END
};
