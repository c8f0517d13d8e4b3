/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MS-CHAPv2 (RFC 2759) and the MPPE keys derived from it (RFC 3079):
 *   ChallengeHash       SHA-1(PeerChallenge | AuthenticatorChallenge |
 *                       UserName), first 8 bytes        (RFC 2759 8.2)
 *   NtPasswordHash      MD4(password as UTF-16LE)       (8.3)
 *   HashNtPasswordHash  MD4(NtPasswordHash)             (8.4)
 *   ChallengeResponse   three single-DES encryptions of the challenge with
 *                       the 21-byte zero-padded hash cut into 7-byte keys
 *                       (8.5, 8.6)
 *   GenerateNTResponse  (8.1), GenerateAuthenticatorResponse "S=" + 40
 *                       upper-case hex digits (8.7)
 *   GetMasterKey, GetAsymmetricStartKey (RFC 3079 3.4): MPPE send and
 *                       receive keys, for later
 * and the server's check of a peer's NT-Response (constant-time), which
 * produces the authenticator response to send back.
 *
 * MD4 and single DES exist in OpenSSL 3 only in the "legacy" provider.
 * They are fetched from a PRIVATE library context (OSSL_LIB_CTX) that
 * loads "legacy" and "default" for MS-CHAPv2 alone, created once on first
 * use: the process' default context, which the IKE code uses, never sees
 * the legacy algorithms.
 *
 * UserName is the name as the peer sent it, without a domain prefix
 * ("DOMAIN\user" -> "user", mschapv2_user_name()); passwords are UTF-8,
 * at most 256 UTF-16 code units. Every intermediate secret is wiped.
 *
 * Nothing in l2tpsecd calls this code yet (see ppp/README.md).
 */
#ifndef L2TPSEC_PPP_MSCHAPV2_H
#define L2TPSEC_PPP_MSCHAPV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAPV2_CHAL_LEN	16	/* authenticator and peer challenges */
#define MSCHAPV2_NT_HASH_LEN	16
#define MSCHAPV2_NT_RESP_LEN	24
#define MSCHAPV2_AUTH_RESP_LEN	42	/* "S=" + 40 hex digits (plus a NUL in buffers) */
#define MSCHAPV2_MASTER_KEY_LEN	16
#define MSCHAPV2_PASSWORD_MAX	256	/* UTF-16 code units (RFC 2759 8.3) */

/* ChallengeHash(): 8 bytes. 0 / -1. */
int mschapv2_challenge_hash(const uint8_t peer_chal[16], const uint8_t auth_chal[16],
			    const char *user, size_t user_len, uint8_t out[8]);
/* NtPasswordHash() of a UTF-8 password (invalid UTF-8 or too long: -1). 0 / -1. */
int mschapv2_nt_hash(const char *password, size_t len, uint8_t out[16]);
/* HashNtPasswordHash(). 0 / -1. */
int mschapv2_nt_hash_hash(const uint8_t nt_hash[16], uint8_t out[16]);
/* ChallengeResponse(): 24 bytes. 0 / -1. */
int mschapv2_challenge_response(const uint8_t chal[8], const uint8_t nt_hash[16],
				uint8_t out[24]);
/* GenerateNTResponse() from the NT hash (the password's or a stored one). 0 / -1. */
int mschapv2_nt_response(const uint8_t auth_chal[16], const uint8_t peer_chal[16],
			 const char *user, size_t user_len, const uint8_t nt_hash[16],
			 uint8_t out[24]);
/* GenerateAuthenticatorResponse(): "S=..." NUL-terminated in out. 0 / -1. */
int mschapv2_auth_response(const uint8_t nt_hash[16], const uint8_t nt_resp[24],
			   const uint8_t peer_chal[16], const uint8_t auth_chal[16],
			   const char *user, size_t user_len,
			   char out[MSCHAPV2_AUTH_RESP_LEN + 1]);

/*
 * The server's check: recompute the NT-Response from the stored NT hash
 * and compare it with the peer's in constant time. 0 and the authenticator
 * response in auth_resp if it matches, 1 if it does not (auth_resp empty),
 * -1 on an internal failure.
 */
int mschapv2_verify(const uint8_t nt_hash[16], const uint8_t auth_chal[16],
		    const uint8_t peer_chal[16], const char *user, size_t user_len,
		    const uint8_t peer_nt_resp[24], char auth_resp[MSCHAPV2_AUTH_RESP_LEN + 1]);

/* The user name to hash: what follows the last '\' of name[0..len) (all of it without one). */
const char *mschapv2_user_name(const char *name, size_t len, size_t *out_len);

/* RFC 3079 3.4: GetMasterKey() from HashNtPasswordHash and the NT-Response. 0 / -1. */
int mschapv2_master_key(const uint8_t nt_hash_hash[16], const uint8_t nt_resp[24],
			uint8_t out[16]);
/*
 * RFC 3079 3.4: GetAsymmetricStartKey(): the send (send true) or receive
 * key of the server (server true) or client, key_len 8 or 16 bytes. 0 / -1.
 */
int mschapv2_start_key(const uint8_t master[16], size_t key_len, bool send, bool server,
		       uint8_t *out);

#endif
