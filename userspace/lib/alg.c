// SPDX-License-Identifier: GPL-2.0
/* ESP algorithm table and local key-length checks. */
#include <stdio.h>
#include <string.h>

#include "l2tpsec.h"
#include "alg.h"
#include "parse.h"

const struct alg_info alg_table[] = {
	{ L2TPSEC_ALG_AES_GCM_128, "aes-gcm-128", true, 16, 4, 0 },
	{ L2TPSEC_ALG_AES_GCM_256, "aes-gcm-256", true, 32, 4, 0 },
	{ L2TPSEC_ALG_CHACHA20_POLY1305, "chacha20-poly1305", true, 32, 4, 0 },
	{ L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1, "aes-cbc-128-hmac-sha1", false, 16, 0, 20 },
	{ L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1, "aes-cbc-256-hmac-sha1", false, 32, 0, 20 },
	{ L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256, "aes-cbc-128-hmac-sha256", false, 16, 0, 32 },
	{ L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256, "aes-cbc-256-hmac-sha256", false, 32, 0, 32 },
	{ L2TPSEC_ALG_3DES_CBC_HMAC_SHA1, "3des-cbc-hmac-sha1", false, 24, 0, 20 },
	{ L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96, "aes-cbc-128-hmac-sha256-96", false, 16, 0, 32 },
	{ L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96, "aes-cbc-256-hmac-sha256-96", false, 32, 0, 32 },
};
const size_t alg_count = ARRAY_SIZE(alg_table);

_Static_assert(ARRAY_SIZE(alg_table) == L2TPSEC_ALG_MAX,
	       "alg_table must cover enum l2tpsec_alg");

const struct alg_info *alg_by_name(const char *name)
{
	for (size_t i = 0; i < alg_count; i++)
		if (strcmp(alg_table[i].name, name) == 0)
			return &alg_table[i];
	return NULL;
}

const struct alg_info *alg_by_id(unsigned int id)
{
	for (size_t i = 0; i < alg_count; i++)
		if (alg_table[i].id == id)
			return &alg_table[i];
	return NULL;
}

void alg_list(char *buf, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < alg_count && len < n; i++) {
		int r = snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
				 alg_table[i].name);
		if (r < 0)
			break;
		len += (size_t)r;
	}
}

int alg_parse(const char *s, const struct alg_info **out, struct l2s_err *e)
{
	const struct alg_info *a = alg_by_name(s);
	char list[384], b[80];

	if (!a) {
		alg_list(list, sizeof(list));
		l2s_errf(e, "unknown algorithm '%s' (valid: %s)",
			 shorten(s, b, sizeof(b)), list);
		return -1;
	}
	*out = a;
	return 0;
}

int alg_check_keys(const struct alg_info *a, size_t enc_len, bool has_auth,
		   size_t auth_len, struct l2s_err *e)
{
	if (a->aead) {
		if (enc_len != alg_enc_len(a)) {
			l2s_errf(e, "key for %s must be %zu bytes (%u-byte key + %u-byte salt), got %zu",
				 a->name, alg_enc_len(a), a->key_len,
				 a->salt_len, enc_len);
			return -1;
		}
		if (has_auth) {
			l2s_errf(e, "auth-key is not used with %s (AEAD: key is key + salt)",
				 a->name);
			return -1;
		}
		return 0;
	}
	if (enc_len != a->key_len) {
		l2s_errf(e, "key for %s must be %u bytes, got %zu", a->name,
			 a->key_len, enc_len);
		return -1;
	}
	if (!has_auth) {
		l2s_errf(e, "%s needs auth-key (%u-byte HMAC key)", a->name,
			 a->auth_len);
		return -1;
	}
	if (auth_len != a->auth_len) {
		l2s_errf(e, "auth-key for %s must be %u bytes, got %zu",
			 a->name, a->auth_len, auth_len);
		return -1;
	}
	return 0;
}
