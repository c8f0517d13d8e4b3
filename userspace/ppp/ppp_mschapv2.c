// SPDX-License-Identifier: GPL-2.0
/*
 * MS-CHAPv2 (RFC 2759 section 8) and MPPE key derivation (RFC 3079 section
 * 3.4). SHA-1, MD4 and single DES from a private OpenSSL 3 library context
 * with the legacy provider, used by nothing else.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "ppp_mschapv2.h"

#define SHA1_LEN	20

/* ------------------------------------------------- the private library context */

static CRYPTO_ONCE ctx_once = CRYPTO_ONCE_STATIC_INIT;
static OSSL_LIB_CTX *ctx;

static void ctx_init(void)
{
	OSSL_LIB_CTX *c = OSSL_LIB_CTX_new();

	if (!c)
		return;
	/* Providers stay loaded as long as the context lives: all the process' life. */
	if (!OSSL_PROVIDER_load(c, "legacy") || !OSSL_PROVIDER_load(c, "default")) {
		OSSL_LIB_CTX_free(c);
		return;
	}
	ctx = c;
}

static OSSL_LIB_CTX *legacy_ctx(void)
{
	if (!CRYPTO_THREAD_run_once(&ctx_once, ctx_init))
		return NULL;
	return ctx;
}

struct piece {
	const void *p;
	size_t n;
};

/* out = digest name (pieces), in the private context. 0 / -1. */
static int digest(const char *name, const struct piece *pc, size_t npc, uint8_t *out)
{
	OSSL_LIB_CTX *c = legacy_ctx();
	EVP_MD_CTX *mctx = NULL;
	EVP_MD *md = NULL;
	int rc = -1;

	if (!c)
		return -1;
	md = EVP_MD_fetch(c, name, NULL);
	mctx = EVP_MD_CTX_new();
	if (!md || !mctx || !EVP_DigestInit_ex(mctx, md, NULL))
		goto out;
	for (size_t i = 0; i < npc; i++)
		if (pc[i].n && !EVP_DigestUpdate(mctx, pc[i].p, pc[i].n))
			goto out;
	if (EVP_DigestFinal_ex(mctx, out, NULL))
		rc = 0;
out:
	EVP_MD_CTX_free(mctx);	/* cleanses its state */
	EVP_MD_free(md);
	return rc;
}

/* One DES-ECB block: key7 expanded to a DES key (parity bits left zero, DES ignores them). */
static int des_block(const uint8_t key7[7], const uint8_t in[8], uint8_t out[8])
{
	OSSL_LIB_CTX *c = legacy_ctx();
	EVP_CIPHER_CTX *cctx = NULL;
	EVP_CIPHER *ciph = NULL;
	uint8_t k[8];
	int len = 0, rc = -1;

	if (!c)
		return -1;
	k[0] = key7[0] & 0xfe;
	k[1] = (uint8_t)(key7[0] << 7 | key7[1] >> 1);
	k[2] = (uint8_t)(key7[1] << 6 | key7[2] >> 2);
	k[3] = (uint8_t)(key7[2] << 5 | key7[3] >> 3);
	k[4] = (uint8_t)(key7[3] << 4 | key7[4] >> 4);
	k[5] = (uint8_t)(key7[4] << 3 | key7[5] >> 5);
	k[6] = (uint8_t)(key7[5] << 2 | key7[6] >> 6);
	k[7] = (uint8_t)(key7[6] << 1);
	ciph = EVP_CIPHER_fetch(c, "DES-ECB", NULL);
	cctx = EVP_CIPHER_CTX_new();
	if (ciph && cctx && EVP_EncryptInit_ex2(cctx, ciph, k, NULL, NULL) &&
	    EVP_CIPHER_CTX_set_padding(cctx, 0) && EVP_EncryptUpdate(cctx, out, &len, in, 8) &&
	    len == 8)
		rc = 0;
	EVP_CIPHER_CTX_free(cctx);
	EVP_CIPHER_free(ciph);
	OPENSSL_cleanse(k, sizeof(k));
	return rc;
}

/* ------------------------------------------------------------------- RFC 2759 */

int mschapv2_challenge_hash(const uint8_t peer_chal[16], const uint8_t auth_chal[16],
			    const char *user, size_t user_len, uint8_t out[8])
{
	const struct piece pc[] = {
		{ peer_chal, MSCHAPV2_CHAL_LEN }, { auth_chal, MSCHAPV2_CHAL_LEN }, { user, user_len },
	};
	uint8_t d[SHA1_LEN];
	int rc;

	if (!peer_chal || !auth_chal || (user_len && !user))
		return -1;
	rc = digest("SHA1", pc, 3, d);
	if (!rc)
		memcpy(out, d, 8);
	return rc;
}

/* UTF-8 -> UTF-16LE, strict (no overlongs, surrogates or code points past U+10FFFF). */
static long utf16le(const char *s, size_t len, uint8_t *out, size_t units_max)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, u = 0;

	while (i < len) {
		uint32_t cp;
		size_t extra;

		if (p[i] < 0x80) {
			cp = p[i];
			extra = 0;
		} else if ((p[i] & 0xe0) == 0xc0) {
			cp = p[i] & 0x1f;
			extra = 1;
		} else if ((p[i] & 0xf0) == 0xe0) {
			cp = p[i] & 0x0f;
			extra = 2;
		} else if ((p[i] & 0xf8) == 0xf0) {
			cp = p[i] & 0x07;
			extra = 3;
		} else {
			return -1;
		}
		if (extra > len - i - 1)
			return -1;
		for (size_t k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		i += extra + 1;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint16_t hi = (uint16_t)(0xd800 | v >> 10), lo = (uint16_t)(0xdc00 | (v & 0x3ff));

			if (u + 2 > units_max)
				return -1;
			out[2 * u] = (uint8_t)hi;
			out[2 * u + 1] = (uint8_t)(hi >> 8);
			out[2 * u + 2] = (uint8_t)lo;
			out[2 * u + 3] = (uint8_t)(lo >> 8);
			u += 2;
		} else {
			if (u + 1 > units_max)
				return -1;
			out[2 * u] = (uint8_t)cp;
			out[2 * u + 1] = (uint8_t)(cp >> 8);
			u++;
		}
	}
	return (long)u;
}

int mschapv2_nt_hash(const char *password, size_t len, uint8_t out[16])
{
	uint8_t u16[2 * MSCHAPV2_PASSWORD_MAX];
	struct piece pc;
	long units;
	int rc;

	if (len && !password)
		return -1;
	units = utf16le(password, len, u16, MSCHAPV2_PASSWORD_MAX);
	if (units < 0) {
		OPENSSL_cleanse(u16, sizeof(u16));
		return -1;
	}
	pc.p = u16;
	pc.n = (size_t)units * 2;
	rc = digest("MD4", &pc, 1, out);
	OPENSSL_cleanse(u16, sizeof(u16));
	return rc;
}

int mschapv2_nt_hash_hash(const uint8_t nt_hash[16], uint8_t out[16])
{
	const struct piece pc = { nt_hash, MSCHAPV2_NT_HASH_LEN };

	return digest("MD4", &pc, 1, out);
}

int mschapv2_challenge_response(const uint8_t chal[8], const uint8_t nt_hash[16], uint8_t out[24])
{
	uint8_t z[21] = { 0 };
	int rc;

	memcpy(z, nt_hash, MSCHAPV2_NT_HASH_LEN);
	rc = des_block(z, chal, out) || des_block(z + 7, chal, out + 8) ||
	     des_block(z + 14, chal, out + 16) ? -1 : 0;
	OPENSSL_cleanse(z, sizeof(z));
	if (rc)
		OPENSSL_cleanse(out, MSCHAPV2_NT_RESP_LEN);
	return rc;
}

int mschapv2_nt_response(const uint8_t auth_chal[16], const uint8_t peer_chal[16],
			 const char *user, size_t user_len, const uint8_t nt_hash[16],
			 uint8_t out[24])
{
	uint8_t ch[8];

	if (mschapv2_challenge_hash(peer_chal, auth_chal, user, user_len, ch))
		return -1;
	return mschapv2_challenge_response(ch, nt_hash, out);
}

int mschapv2_auth_response(const uint8_t nt_hash[16], const uint8_t nt_resp[24],
			   const uint8_t peer_chal[16], const uint8_t auth_chal[16],
			   const char *user, size_t user_len,
			   char out[MSCHAPV2_AUTH_RESP_LEN + 1])
{
	static const char magic1[] = "Magic server to client signing constant";
	static const char magic2[] = "Pad to make it do more than one iteration";
	static const char hex[] = "0123456789ABCDEF";
	uint8_t hh[MSCHAPV2_NT_HASH_LEN], d[SHA1_LEN], ch[8];
	int rc = -1;

	out[0] = '\0';
	if (mschapv2_nt_hash_hash(nt_hash, hh))
		goto out;
	{
		const struct piece pc[] = {
			{ hh, sizeof(hh) }, { nt_resp, MSCHAPV2_NT_RESP_LEN },
			{ magic1, sizeof(magic1) - 1 },
		};

		if (digest("SHA1", pc, 3, d))
			goto out;
	}
	if (mschapv2_challenge_hash(peer_chal, auth_chal, user, user_len, ch))
		goto out;
	{
		const struct piece pc[] = {
			{ d, sizeof(d) }, { ch, sizeof(ch) }, { magic2, sizeof(magic2) - 1 },
		};

		if (digest("SHA1", pc, 3, d))
			goto out;
	}
	out[0] = 'S';
	out[1] = '=';
	for (size_t i = 0; i < SHA1_LEN; i++) {
		out[2 + 2 * i] = hex[d[i] >> 4];
		out[3 + 2 * i] = hex[d[i] & 0xf];
	}
	out[MSCHAPV2_AUTH_RESP_LEN] = '\0';
	rc = 0;
out:
	OPENSSL_cleanse(hh, sizeof(hh));
	OPENSSL_cleanse(d, sizeof(d));
	return rc;
}

int mschapv2_verify(const uint8_t nt_hash[16], const uint8_t auth_chal[16],
		    const uint8_t peer_chal[16], const char *user, size_t user_len,
		    const uint8_t peer_nt_resp[24], char auth_resp[MSCHAPV2_AUTH_RESP_LEN + 1])
{
	uint8_t mine[MSCHAPV2_NT_RESP_LEN];
	int rc;

	auth_resp[0] = '\0';
	if (mschapv2_nt_response(auth_chal, peer_chal, user, user_len, nt_hash, mine))
		return -1;
	if (CRYPTO_memcmp(mine, peer_nt_resp, sizeof(mine)) != 0)
		rc = 1;
	else
		rc = mschapv2_auth_response(nt_hash, peer_nt_resp, peer_chal, auth_chal, user,
					    user_len, auth_resp) ? -1 : 0;
	OPENSSL_cleanse(mine, sizeof(mine));
	return rc;
}

const char *mschapv2_user_name(const char *name, size_t len, size_t *out_len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '\\')
			start = i + 1;
	*out_len = len - start;
	return name + start;
}

/* ------------------------------------------------------------------- RFC 3079 */

int mschapv2_master_key(const uint8_t nt_hash_hash[16], const uint8_t nt_resp[24],
			uint8_t out[16])
{
	static const char magic1[] = "This is the MPPE Master Key";
	const struct piece pc[] = {
		{ nt_hash_hash, MSCHAPV2_NT_HASH_LEN }, { nt_resp, MSCHAPV2_NT_RESP_LEN },
		{ magic1, sizeof(magic1) - 1 },
	};
	uint8_t d[SHA1_LEN];
	int rc = digest("SHA1", pc, 3, d);

	if (!rc)
		memcpy(out, d, MSCHAPV2_MASTER_KEY_LEN);
	OPENSSL_cleanse(d, sizeof(d));
	return rc;
}

int mschapv2_start_key(const uint8_t master[16], size_t key_len, bool send, bool server,
		       uint8_t *out)
{
	static const char magic2[] = "On the client side, this is the send key; "
				     "on the server side, it is the receive key.";
	static const char magic3[] = "On the client side, this is the receive key; "
				     "on the server side, it is the send key.";
	static const uint8_t pad1[40] = { 0 };
	static const uint8_t pad2[40] = {
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	};
	/* Magic3 for the server's send and the client's receive key, Magic2 otherwise. */
	const char *s = send == server ? magic3 : magic2;
	const struct piece pc[] = {
		{ master, MSCHAPV2_MASTER_KEY_LEN }, { pad1, sizeof(pad1) },
		{ s, sizeof(magic2) - 1 }, { pad2, sizeof(pad2) },
	};
	uint8_t d[SHA1_LEN];
	int rc;

	if ((key_len != 8 && key_len != 16) || sizeof(magic2) != sizeof(magic3))
		return -1;
	rc = digest("SHA1", pc, 4, d);
	if (!rc)
		memcpy(out, d, key_len);
	OPENSSL_cleanse(d, sizeof(d));
	return rc;
}
