// SPDX-License-Identifier: GPL-2.0
/* Text output helpers. */
#include <arpa/inet.h>

#include "out.h"

const char *addr_str(const struct ipaddr *a, char *buf, size_t n)
{
	if (a->family == AF_INET && inet_ntop(AF_INET, &a->v4, buf, (socklen_t)n))
		return buf;
	if (a->family == AF_INET6 && inet_ntop(AF_INET6, &a->v6, buf, (socklen_t)n))
		return buf;
	return "-";
}

void print_safe(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

void print_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

void json_addr(struct json *j, const char *key, const struct ipaddr *a)
{
	char b[INET6_ADDRSTRLEN];

	json_key(j, key);
	if (a->family)
		json_str(j, addr_str(a, b, sizeof(b)));
	else
		json_null(j);
}

const char *enum_name(const char *const *names, size_t n, uint64_t v)
{
	return v < n ? names[v] : NULL;
}

void json_kv_opt_u64(struct json *j, const char *key, bool has, uint64_t v)
{
	json_key(j, key);
	if (has)
		json_u64(j, v);
	else
		json_null(j);
}
