// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the users file parser (auth/users.c) and of the
 * address pool syntax (auth/pool.c).
 *
 * Input: a users file, in a heap buffer of exactly its size. On success
 * every user must be found by its name and be the first of that name
 * (abort() otherwise), have a password or an NT hash and a non-broadcast
 * address; on failure the message must start with "FILE:". The first line
 * is also given to auth_pool_parse(), and a pool of a range that parses is
 * created, filled and emptied.
 *
 * Seeds (fuzz/corpus/users/): python3 fuzz/gen-ppp-corpus.py
 */
#include "fuzz.h"
#include "pool.h"
#include "users.h"

static void pool(const uint8_t *data, size_t size)
{
	char line[64];
	size_t n = 0;
	uint32_t a, b, addr;
	struct auth_pool *p;

	while (n < size && n < sizeof(line) - 1 && data[n] != '\n') {
		line[n] = (char)data[n];
		n++;
	}
	line[n] = '\0';
	if (auth_pool_parse(line, &a, &b, NULL))
		return;
	if (b < a || b - a >= AUTH_POOL_MAX)
		abort();
	if (b - a > 1024)
		return;	/* keep runs fast */
	p = auth_pool_new(a, b);
	if (!p)
		abort();
	auth_pool_exclude(p, a);
	for (uint32_t l = 1; auth_pool_lease(p, l, 0, &addr) == 0; l++)
		if (addr < a || addr > b || addr == a)
			abort();
	if (auth_pool_available(p))
		abort();
	for (uint32_t l = 1; l <= b - a + 1; l++)
		auth_pool_release(p, l);
	if (auth_pool_available(p) != auth_pool_size(p) - 1)
		abort();
	auth_pool_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	struct auth_users *u = NULL;
	char err[512];

	if (auth_users_parse(text, size, "fuzz", &u, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < u->n; i++) {
			const struct auth_user *x = &u->v[i];

			if (auth_users_find(u, x->name, x->name_len) != x)
				abort();
			if (!x->password == !x->has_nthash || x->addr == UINT32_MAX ||
			    !x->name_len || x->name_len > AUTH_NAME_MAX ||
			    strlen(x->name) != x->name_len)
				abort();
		}
		auth_users_free(u);
	} else if (strncmp(err, "fuzz:", 5)) {
		abort();
	}
	pool(data, size);
	free(text);
	return 0;
}
