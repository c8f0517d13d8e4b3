/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader of the "case NAME / key hex-or-decimal / end" files of
 * tests/data/l2tp/ (vectors.txt from gen.py, xl2tpd.txt captured), for
 * tests/l2tp/test_*.c. Header only: each test file has its own copy.
 */
#ifndef L2TPSEC_TEST_L2TP_VECTORS_H
#define L2TPSEC_TEST_L2TP_VECTORS_H

#include <stdlib.h>

#include "test.h"

#define L2TP_VEC_FIELDS	16
#define L2TP_VEC_BYTES	1024

struct l2tp_vec {
	char name[64];
	unsigned int n;
	struct {
		char key[24];
		uint8_t b[L2TP_VEC_BYTES];
		size_t len;
		unsigned long long num;
	} f[L2TP_VEC_FIELDS];
};

static inline const uint8_t *l2tp_vec_get(const struct l2tp_vec *v, const char *key, size_t *len)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (!strcmp(v->f[i].key, key)) {
			*len = v->f[i].len;
			return v->f[i].b;
		}
	fprintf(stderr, "  %s: no field %s\n", v->name, key);
	t_checks_failed++;
	*len = 0;
	return (const uint8_t *)"";
}

static inline unsigned long long l2tp_vec_num(const struct l2tp_vec *v, const char *key)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (!strcmp(v->f[i].key, key))
			return v->f[i].num;
	fprintf(stderr, "  %s: no field %s\n", v->name, key);
	t_checks_failed++;
	return 0;
}

/* A heap copy of exactly len bytes (ASan sees any overread); never NULL. */
static inline uint8_t *l2tp_vec_dup(const uint8_t *p, size_t len)
{
	uint8_t *d = malloc(len ? len : 1);

	if (!d)
		abort();
	if (len)
		memcpy(d, p, len);
	return d;
}

/* Call fn for every case of data/l2tp/file (prefix: only names starting so). */
static inline int l2tp_vec_each(const char *file, const char *prefix,
				void (*fn)(const struct l2tp_vec *, void *), void *arg)
{
	char path[128], *buf, *save = NULL, *line;
	struct l2tp_vec *v = calloc(1, sizeof(*v));
	int count = 0;

	snprintf(path, sizeof(path), "data/l2tp/%s", file);
	buf = test_read_file(path, NULL);
	CHECK(buf && v);
	if (!buf || !v)
		goto out;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[24], val[2 * L2TP_VEC_BYTES + 1];

		if (line[0] == '#' || sscanf(line, "%23s %2048s", key, val) < 1)
			continue;
		if (!strcmp(key, "case")) {
			memset(v, 0, sizeof(*v));
			snprintf(v->name, sizeof(v->name), "%.63s", val);
		} else if (!strcmp(key, "end")) {
			if (!prefix || !strncmp(v->name, prefix, strlen(prefix))) {
				fn(v, arg);
				count++;
			}
		} else if (v->n < L2TP_VEC_FIELDS) {
			long n = strcmp(val, "-") ? test_unhex(val, v->f[v->n].b, L2TP_VEC_BYTES) : 0;

			snprintf(v->f[v->n].key, sizeof(v->f[v->n].key), "%s", key);
			v->f[v->n].len = n > 0 ? (size_t)n : 0;
			v->f[v->n].num = strtoull(val, NULL, 10);
			v->n++;
		}
	}
out:
	free(buf);
	free(v);
	return count;
}

#endif
