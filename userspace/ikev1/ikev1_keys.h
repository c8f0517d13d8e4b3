/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 keys (RFC 2409 section 5, 5.5 and appendix B): SKEYID and its
 * three children, the phase-1 encryption key (expanded when the cipher
 * wants more than the PRF gives), HASH_I/HASH_R, the quick mode hashes and
 * KEYMAT, the CBC IVs of phase 1 and of each message ID, and CBC
 * encryption of message bodies with the IV chaining of appendix B.
 *
 * The PRF is HMAC with the negotiated hash (IKEV1_A_HASH values: SHA1,
 * SHA2-256/384/512; MD5 is refused); the PRF attribute is never used by
 * the clients this is for. HMAC, wiping and constant-time comparison are
 * those of ikev2_crypto.h (version-independent; OpenSSL 3 EVP).
 *
 * Byte strings are as on the wire: nonces are the NONCE payload bodies
 * (Ni_b, Nr_b), g^x values the KE bodies, g^xy the shared secret
 * left-padded with zeros to the group's length, SAi_b the body of the
 * initiator's SA payload and IDii_b/IDir_b the ID payload bodies (all
 * without generic headers). Message IDs are host order, hashed as 4
 * bytes big-endian.
 *
 * Nothing in l2tpsecd calls this code yet (see ikev1/README.md).
 */
#ifndef L2TPSEC_IKEV1_KEYS_H
#define L2TPSEC_IKEV1_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev1.h"

#define IKEV1_PRF_MAX	64	/* SHA-512 */
#define IKEV1_EK_MAX	32	/* AES-256 */
#define IKEV1_BLOCK_MAX	16	/* AES */

/* Output length of the hash / PRF of an IKEV1_HASH_* value; 0 if unsupported. */
size_t ikev1_hash_len(uint16_t hash);
/* out = prf(key, a | b | c) (NULL pieces with length 0 are empty). 0 / -1. */
int ikev1_prf(uint16_t hash, const uint8_t *key, size_t klen, const uint8_t *a, size_t alen,
	      const uint8_t *b, size_t blen, const uint8_t *c, size_t clen, uint8_t *out);
/* out = hash(a | b) (the plain hash, for IVs and NAT-D). 0 / -1. */
int ikev1_hash(uint16_t hash, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
	       uint8_t *out);

/*
 * A phase-1 or ESP-style CBC cipher: IKEV1_ENCR_AES with key_bits 128,
 * 192 or 256, or IKEV1_ENCR_3DES (key_bits 0 or 192; for weak opt-in
 * connections only). Key and block lengths: 0 if unsupported.
 */
size_t ikev1_cipher_key_len(uint16_t encr, uint16_t key_bits);
size_t ikev1_cipher_block_len(uint16_t encr);

/* The keys of an ISAKMP SA. */
struct ikev1_keys {
	uint16_t hash, encr, key_bits;
	size_t prf_len, ek_len, block_len;
	uint8_t skeyid[IKEV1_PRF_MAX];
	uint8_t skeyid_d[IKEV1_PRF_MAX];
	uint8_t skeyid_a[IKEV1_PRF_MAX];
	uint8_t skeyid_e[IKEV1_PRF_MAX];
	uint8_t ek[IKEV1_EK_MAX];	/* the phase-1 encryption key */
};

/*
 * ikev1_derive_keys() - RFC 2409 section 5:
 *   SKEYID   = prf(psk, Ni_b | Nr_b)            with a pre-shared key
 *            = prf(Ni_b | Nr_b, g^xy)           with signatures (psk NULL)
 *   SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 *   SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 *   SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 * and the encryption key: the first ek_len bytes of SKEYID_e, or, when
 * SKEYID_e is shorter (appendix B), of K1 | K2 | ... with
 * K1 = prf(SKEYID_e, 0) (one zero byte), Kn = prf(SKEYID_e, Kn-1).
 * Nonces 8..256 bytes. On failure *k is wiped. 0 / -1.
 */
int ikev1_derive_keys(struct ikev1_keys *k, uint16_t hash, uint16_t encr, uint16_t key_bits,
		      const uint8_t *psk, size_t psk_len, const uint8_t *ni, size_t ni_len,
		      const uint8_t *nr, size_t nr_len, const uint8_t *gxy, size_t gxy_len,
		      const uint8_t cky_i[8], const uint8_t cky_r[8]);
/* ikev1_keys_wipe() - wipe every key of k. */
void ikev1_keys_wipe(struct ikev1_keys *k);

/*
 * ikev1_main_hash() - main mode authentication hash (section 5):
 *   HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
 *   HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
 * `initiator` picks which; g^xi/g^xr and the cookies are always passed as
 * the initiator's and the responder's, the function orders them. out has
 * k->prf_len bytes. 0 / -1.
 */
int ikev1_main_hash(const struct ikev1_keys *k, bool initiator, const uint8_t *gxi,
		    size_t gxi_len, const uint8_t *gxr, size_t gxr_len, const uint8_t cky_i[8],
		    const uint8_t cky_r[8], const uint8_t *sai_b, size_t sai_len,
		    const uint8_t *id_b, size_t id_len, uint8_t *out);

/*
 * Quick mode and informational hashes (section 5.5, 5.7):
 *   HASH(1) = prf(SKEYID_a, M-ID | rest)        also the informational HASH
 *   HASH(2) = prf(SKEYID_a, M-ID | Ni_b | rest)
 *   HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
 * rest: the message after the HASH payload, all payload headers included,
 * padding excluded. out has k->prf_len bytes. 0 / -1.
 */
int ikev1_qm_hash1(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *rest,
		   size_t rest_len, uint8_t *out);
int ikev1_qm_hash2(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *ni,
		   size_t ni_len, const uint8_t *rest, size_t rest_len, uint8_t *out);
int ikev1_qm_hash3(const struct ikev1_keys *k, uint32_t msgid, const uint8_t *ni,
		   size_t ni_len, const uint8_t *nr, size_t nr_len, uint8_t *out);

/*
 * ikev1_keymat() - KEYMAT of one IPsec SA (section 5.5), out_len bytes:
 *   K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
 *   Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
 * gqm NULL without PFS. SPI: the 4 bytes (as on the wire) of the SA's
 * receiver: ours for the inbound SA, the peer's for the outbound one.
 * At most 16 blocks. 0 / -1.
 */
int ikev1_keymat(const struct ikev1_keys *k, const uint8_t *gqm, size_t gqm_len,
		 uint8_t protocol, const uint8_t spi[4], const uint8_t *ni, size_t ni_len,
		 const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len);

/* A CBC IV of one exchange. */
struct ikev1_iv {
	uint8_t b[IKEV1_BLOCK_MAX];
	size_t len;	/* the cipher's block length */
};

/*
 * ikev1_iv_phase1() - the first phase-1 IV: hash(g^xi | g^xr) truncated
 * to the block length (appendix B). 0 / -1.
 */
int ikev1_iv_phase1(const struct ikev1_keys *k, const uint8_t *gxi, size_t gxi_len,
		    const uint8_t *gxr, size_t gxr_len, struct ikev1_iv *iv);
/*
 * ikev1_iv_msgid() - the first IV of a quick mode or informational
 * exchange: hash(last | M-ID) truncated, where `last` is the last CBC
 * block of phase 1 (of the last main mode message, sent or received: the
 * IV main mode ended with), never the IV of another phase-2 exchange.
 */
int ikev1_iv_msgid(const struct ikev1_keys *k, const struct ikev1_iv *last, uint32_t msgid,
		   struct ikev1_iv *iv);

/* Padded length of a body of len bytes: the next multiple of the block length. */
size_t ikev1_padded_len(const struct ikev1_keys *k, size_t len);

/*
 * ikev1_encrypt() - CBC-encrypt buf[0..len) in place (len a non-zero
 * multiple of the block, the caller has zero-padded it) with k->ek and
 * *iv, then set *iv to the last ciphertext block: the IV of the next
 * message of this exchange, in either direction. 0 / -1.
 */
int ikev1_encrypt(const struct ikev1_keys *k, struct ikev1_iv *iv, uint8_t *buf, size_t len);
/*
 * ikev1_decrypt() - CBC-decrypt in[0..len) into out (may equal in) with
 * iv; *next gets the last ciphertext block. The IV is not advanced here:
 * the caller makes *next the exchange's IV only once the message's HASH
 * has verified (a forged or garbled message must not move the IV: the
 * classic interop bug). 0 / -1.
 */
int ikev1_decrypt(const struct ikev1_keys *k, const struct ikev1_iv *iv, const uint8_t *in,
		  size_t len, uint8_t *out, struct ikev1_iv *next);

/*
 * ikev1_natd_hash() - NAT-D (RFC 3947 3.2): hash(CKY-I | CKY-R | IP | port),
 * IP 4 or 16 bytes, port in host order (hashed big-endian). out has
 * ikev1_hash_len(hash) bytes. 0 / -1.
 */
int ikev1_natd_hash(uint16_t hash, const uint8_t cky_i[8], const uint8_t cky_r[8],
		    const uint8_t *ip, size_t ip_len, uint16_t port, uint8_t *out);

/* ikev1_hash_eq() - constant-time: a and b of equal, non-zero length and equal. */
bool ikev1_hash_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
