/* SPDX-License-Identifier: GPL-2.0 */
/* The ESP algorithm table: names and key lengths (kernel/uapi/l2tpsec.h). */
#ifndef L2TPSEC_ALG_H
#define L2TPSEC_ALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "util.h"

/* Longest key the CLI accepts (any valid key is at most 36 bytes). */
#define ALG_KEY_MAX 64

struct alg_info {
	uint8_t id;		/* enum l2tpsec_alg */
	const char *name;
	bool aead;
	uint8_t key_len;	/* cipher key */
	uint8_t salt_len;	/* AEAD salt appended to the key */
	uint8_t auth_len;	/* HMAC key (CBC algorithms) */
};

extern const struct alg_info alg_table[];
extern const size_t alg_count;

const struct alg_info *alg_by_name(const char *name);
const struct alg_info *alg_by_id(unsigned int id);

/* Bytes expected in "key" (L2TPSEC_A_SA_ENC_KEY). */
static inline size_t alg_enc_len(const struct alg_info *a)
{
	return (size_t)a->key_len + a->salt_len;
}

/* "aes-gcm-128, aes-gcm-256, ..." */
void alg_list(char *buf, size_t n);

/* Look up ALG, or "unknown algorithm 'x' (valid: ...)". */
int alg_parse(const char *s, const struct alg_info **out, struct l2s_err *e);

/* Check key lengths locally before anything is sent. */
int alg_check_keys(const struct alg_info *a, size_t enc_len, bool has_auth,
		   size_t auth_len, struct l2s_err *e);

#endif
