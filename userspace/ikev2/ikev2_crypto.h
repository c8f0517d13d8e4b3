/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptography of l2tpsecd: the IKEv2 PRF and prf+ (RFC 7296 2.13), the
 * derivation of the IKE SA and child SA keys (2.14, 2.17, 2.18) and the
 * protection of the Encrypted (SK) payload (3.14; RFC 3602 + RFC 4868 for
 * AES-CBC with HMAC-SHA2, RFC 5282 for AES-GCM, RFC 7634 for
 * ChaCha20-Poly1305). OpenSSL 3 EVP only.
 */
#ifndef L2TPSEC_IKEV2_CRYPTO_H
#define L2TPSEC_IKEV2_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2.h"

/* ike_wipe() - overwrite n bytes at p with zeros the compiler cannot elide. */
void ike_wipe(void *p, size_t n);
/* ike_ct_eq() - constant-time comparison of n bytes: true if equal. */
bool ike_ct_eq(const void *a, const void *b, size_t n);
/* ike_random() - n bytes from the CSPRNG into p: 0, or -1 on failure. */
int ike_random(void *p, size_t n);

/*
 * ike_prf_len() - output length of a PRF transform (IKE_PRF_HMAC_SHA2_256/
 * 384/512, IKE_PRF_HMAC_SHA1), which is also its preferred key length;
 * 0 if the PRF is not supported.
 */
size_t ike_prf_len(uint16_t prf);

/* A piece of a PRF input; the pieces are concatenated. */
struct ike_iov {
	const void *p;
	size_t len;
};

/*
 * ike_prf() - out = prf(key, iov[0] | ... | iov[n-1]); out has
 * ike_prf_len(prf) bytes. A NULL p with len 0 is an empty piece. 0 / -1.
 */
int ike_prf(uint16_t prf, const uint8_t *key, size_t klen, const struct ike_iov *iov,
	    unsigned int n, uint8_t *out);

/*
 * ike_prf_plus() - prf+ of RFC 7296 2.13: out_len bytes of
 * T1 | T2 | ... with T1 = prf(K, S | 0x01), Ti = prf(K, Ti-1 | S | i),
 * S = seed[0] | ... | seed[n-1]. At most 255 blocks. 0 / -1.
 */
int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t klen, const struct ike_iov *seed,
		 unsigned int n, uint8_t *out, size_t out_len);

/*
 * ike_integ_key_len() / ike_integ_len() - key length and ICV length of an
 * integrity transform (IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_*);
 * 0 if unsupported (or IKE_INTEG_NONE).
 */
size_t ike_integ_key_len(uint16_t integ);
size_t ike_integ_len(uint16_t integ);

/*
 * ike_integ() - icv = the truncated HMAC of an integrity transform
 * (RFC 4868) over iov[0] | ... | iov[n-1]; icv has ike_integ_len() bytes;
 * klen must be ike_integ_key_len(). 0 / -1.
 */
int ike_integ(uint16_t integ, const uint8_t *key, size_t klen, const struct ike_iov *iov,
	      unsigned int n, uint8_t *icv);

/*
 * A negotiated SK cipher: encr = IKE_ENCR_AES_CBC (integ must be an
 * HMAC-SHA2 id; SHA1_96 accepted), IKE_ENCR_AES_GCM_16 or
 * IKE_ENCR_CHACHA20_POLY1305 (integ must be IKE_INTEG_NONE). key_bits:
 * 128, 192, 256 for AES; 256 (or 0 = 256) for ChaCha.
 */
struct ike_cipher {
	uint16_t encr, key_bits, integ;
};

/* ike_cipher_valid() - true if the combination above is supported. */
bool ike_cipher_valid(const struct ike_cipher *c);
/* ike_cipher_aead() - true for AES-GCM-16 and ChaCha20-Poly1305. */
bool ike_cipher_aead(const struct ike_cipher *c);
/* ike_cipher_key_len() - encryption key length incl. the 4-byte salt of AEAD; 0 if invalid. */
size_t ike_cipher_key_len(const struct ike_cipher *c);
/* ike_cipher_integ_key_len() - integrity key length: 0 for AEAD (and if invalid). */
size_t ike_cipher_integ_key_len(const struct ike_cipher *c);
/* ike_cipher_iv_len() - explicit IV length: 16 for CBC, 8 for AEAD; 0 if invalid. */
size_t ike_cipher_iv_len(const struct ike_cipher *c);
/* ike_cipher_icv_len() - ICV length: 16 for AEAD, 12/16/24/32 for HMAC; 0 if invalid. */
size_t ike_cipher_icv_len(const struct ike_cipher *c);

#define IKE_KEY_MAX	64
#define IKE_AEAD_SALT_LEN	4
#define IKE_AEAD_IV_LEN		8
#define IKE_AEAD_TAG_LEN	16

/* One direction of the SK payload protection. */
struct ike_sk_key {
	struct ike_cipher c;
	uint8_t ek[IKE_KEY_MAX];	/* encryption key (AEAD: key | 4-byte salt) */
	size_t ek_len;
	uint8_t ak[IKE_KEY_MAX];	/* integrity key (none for AEAD) */
	size_t ak_len;
};

/*
 * ike_sk_body_len() - bytes the SK body takes for pt_len bytes of inner
 * payloads: IV + ciphertext of (pt | padding | pad-length byte) + ICV.
 * CBC pads to 16; AEAD adds no padding (pad length 0). 0 if c is invalid.
 */
size_t ike_sk_body_len(const struct ike_cipher *c, size_t pt_len);

/*
 * ike_sk_seal() - protect an SK payload. msg[0..aad_len) is the finished
 * IKE header and payloads up to and including the SK generic header, with
 * the header and SK lengths already counting body_len =
 * ike_sk_body_len(c, pt_len); writes a fresh random IV, the ciphertext and
 * the ICV to msg[aad_len..aad_len+body_len). pt may lie anywhere, also
 * inside msg's body (it is moved into place before the IV is written).
 * 0 / -1.
 */
int ike_sk_seal(const struct ike_sk_key *k, uint8_t *msg, size_t aad_len, const uint8_t *pt,
		size_t pt_len, size_t body_len);

/*
 * ike_sk_open() - verify and decrypt an SK payload. msg as received, the SK
 * body is msg[aad_len..aad_len+body_len). CBC+HMAC: the ICV over
 * msg[0..aad_len+body_len-icv) is checked first (constant time); AEAD:
 * AAD is msg[0..aad_len). Writes the inner payloads (padding and pad
 * length removed, pad length validated) to out (capacity body_len, must
 * not overlap msg); returns their length, or -1 (bad ICV/tag, bad padding,
 * body too short or not block aligned).
 */
long ike_sk_open(const struct ike_sk_key *k, const uint8_t *msg, size_t aad_len, size_t body_len,
		 uint8_t *out);

/*
 * ike_aead_seal() - the AEAD primitive under the SK payload (also for
 * tests): nonce = salt (last 4 bytes of k->ek) | iv; encrypts len bytes of
 * pt to ct (may be equal to pt) and writes the 16-byte tag. 0 / -1.
 */
int ike_aead_seal(const struct ike_sk_key *k, const uint8_t iv[IKE_AEAD_IV_LEN],
		  const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
		  uint8_t tag[IKE_AEAD_TAG_LEN]);

/*
 * ike_aead_open() - counterpart of ike_aead_seal(): 0 if the tag verifies
 * (pt then holds len bytes), -1 otherwise (pt is then zeroed).
 */
int ike_aead_open(const struct ike_sk_key *k, const uint8_t iv[IKE_AEAD_IV_LEN],
		  const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
		  const uint8_t tag[IKE_AEAD_TAG_LEN], uint8_t *pt);

/* The keys of an IKE SA. */
struct ike_sa_keys {
	uint16_t prf;
	size_t prf_len;
	uint8_t sk_d[IKE_KEY_MAX], sk_pi[IKE_KEY_MAX], sk_pr[IKE_KEY_MAX];
	struct ike_sk_key ei, er;	/* SK_ai/SK_ei (initiator->responder), SK_ar/SK_er */
};

/*
 * ike_derive_sa_keys() - SKEYSEED = prf(Ni | Nr, g^ir);
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
 * prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). HMAC PRFs take Ni | Nr as the key
 * as is. For AEAD, SK_ei/SK_er are key + 4-byte salt and SK_ai/SK_ar are
 * absent. Nonces must be 1..IKE_NONCE_MAX bytes. On failure k is wiped.
 * 0 / -1.
 */
int ike_derive_sa_keys(struct ike_sa_keys *k, uint16_t prf, const struct ike_cipher *c,
		       const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
		       const uint8_t *gir, size_t gir_len, const uint8_t spi_i[8],
		       const uint8_t spi_r[8]);

/*
 * ike_derive_rekey_keys() - IKE SA rekey (2.18): SKEYSEED =
 * prf(SK_d(old), g^ir(new) | Ni | Nr) with the OLD prf, then the same prf+
 * as ike_derive_sa_keys() with the NEW prf and the new SPIs. 0 / -1.
 */
int ike_derive_rekey_keys(struct ike_sa_keys *k, uint16_t old_prf, const uint8_t *old_sk_d,
			  size_t old_sk_d_len, uint16_t prf, const struct ike_cipher *c,
			  const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			  const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			  const uint8_t spi_r[8]);

/*
 * ike_derive_child_keymat() - child SA keying material (2.17):
 * out_len bytes of prf+(SK_d, [g^ir] | Ni | Nr); gir may be NULL. 0 / -1.
 */
int ike_derive_child_keymat(uint16_t prf, const uint8_t *sk_d, size_t sk_d_len, const uint8_t *gir,
			    size_t gir_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
			    size_t nr_len, uint8_t *out, size_t out_len);

/* ike_sa_keys_wipe() - wipe all keys of k (k stays usable for a new derivation). */
void ike_sa_keys_wipe(struct ike_sa_keys *k);

#endif
