/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer. Output is compact (no spaces); strings are
 * escaped per RFC 8259 and invalid UTF-8 bytes become U+FFFD, so the
 * output is valid JSON whatever bytes it is given.
 */
#ifndef L2TPSEC_JSON_H
#define L2TPSEC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no element yet at this level */
	bool after_key;
};

void json_init(struct json *j, FILE *f);
void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_key(struct json *j, const char *key);

void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t n);
void json_u64(struct json *j, uint64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_hex(struct json *j, const uint8_t *p, size_t n);

/* key + value shorthands */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_null(struct json *j, const char *key);

/* Escape n bytes of s as a JSON string literal (with quotes) to f. */
void json_write_string(FILE *f, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
