// SPDX-License-Identifier: GPL-2.0
/* Pure command-line value parsers (see parse.h). */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

const char *shorten(const char *s, char *buf, size_t n)
{
	size_t i, j = 0, max = n >= 68 ? 64 : (n > 4 ? n - 4 : 0);

	if (n == 0)
		return "";
	for (i = 0; s[i] && j < max; i++)
		buf[j++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i])
		for (int k = 0; k < 3; k++)
			buf[j++] = '.';
	buf[j] = '\0';
	return buf;
}

static int digit_value(char c, int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

int parse_u64_raw(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int base = 10;

	if (!s || !*s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -1;
	}
	for (; *s; s++) {
		int d = digit_value(*s, base);

		if (d < 0)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			goto overflow;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
overflow:
	/* still tell "not a number" from "too big" */
	for (; *s; s++)
		if (digit_value(*s, base) < 0)
			return -1;
	return -2;
}

int parse_num(const char *what, const char *s, uint64_t min, uint64_t max,
	      uint64_t *out, struct l2s_err *e)
{
	char b[80];
	uint64_t v;
	int r = parse_u64_raw(s, &v);

	if (r == -1) {
		l2s_errf(e, "invalid %s '%s' (expected a decimal or 0x-hex number)",
			 what, shorten(s ? s : "", b, sizeof(b)));
		return -1;
	}
	if (r == -2 || v < min || v > max) {
		l2s_errf(e, "%s %s out of range (%llu..%llu)", what,
			 shorten(s, b, sizeof(b)), (unsigned long long)min,
			 (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int parse_u32(const char *what, const char *s, uint32_t min, uint32_t max,
	      uint32_t *out, struct l2s_err *e)
{
	uint64_t v;

	if (parse_num(what, s, min, max, &v, e))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int parse_port(const char *what, const char *s, uint16_t *out,
	       struct l2s_err *e)
{
	uint64_t v;

	if (parse_num(what, s, 1, 65535, &v, e))
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int parse_spi(const char *what, const char *s, uint32_t *out,
	      struct l2s_err *e)
{
	char b[80];
	uint64_t v;

	if (parse_num(what, s, 0, UINT32_MAX, &v, e))
		return -1;
	if (v < 256) {
		l2s_errf(e, "%s %s is reserved (must be 256..4294967295, RFC 4303)",
			 what, shorten(s, b, sizeof(b)));
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int parse_hex(const char *what, const char *s, uint8_t *buf, size_t cap,
	      size_t *len, struct l2s_err *e)
{
	size_t i, n, off = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		off = 2;
	n = strlen(s + off);
	if (n == 0) {
		l2s_errf(e, "%s: empty hex string", what);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (digit_value(s[off + i], 16) < 0) {
			l2s_errf(e, "%s: invalid hex digit at position %zu",
				 what, off + i + 1);
			return -1;
		}
	}
	if (n % 2) {
		l2s_errf(e, "%s: odd number of hex digits (%zu)", what, n);
		return -1;
	}
	if (n / 2 > cap) {
		l2s_errf(e, "%s: too long (%zu bytes, at most %zu)", what,
			 n / 2, cap);
		return -1;
	}
	for (i = 0; i < n / 2; i++)
		buf[i] = (uint8_t)(digit_value(s[off + 2 * i], 16) << 4 |
				   digit_value(s[off + 2 * i + 1], 16));
	*len = n / 2;
	return 0;
}

int parse_addr(const char *what, const char *s, struct ipaddr *out,
	       struct l2s_err *e)
{
	struct ipaddr a;
	char b[80];

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, &a.v4) == 1) {
		a.family = AF_INET;
	} else if (inet_pton(AF_INET6, s, &a.v6) == 1) {
		a.family = AF_INET6;
	} else {
		l2s_errf(e, "invalid %s address '%s' (expected an IPv4 or IPv6 address)",
			 what, shorten(s, b, sizeof(b)));
		return -1;
	}
	*out = a;
	return 0;
}

int parse_choice(const char *what, const char *s, const char *const *names,
		 size_t n, int *out, struct l2s_err *e)
{
	char list[256], b[80];
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; i < n && len < sizeof(list); i++) {
		const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
		int r = snprintf(list + len, sizeof(list) - len, "%s%s", sep,
				 names[i]);

		if (r < 0)
			break;
		len += (size_t)r;
	}
	l2s_errf(e, "invalid %s '%s' (expected %s)", what,
		 shorten(s, b, sizeof(b)), list);
	return -1;
}

int parse_onoff(const char *what, const char *s, bool *out,
		struct l2s_err *e)
{
	static const char *const names[] = { "off", "on" };
	int v = 0;

	if (parse_choice(what, s, names, ARRAY_SIZE(names), &v, e))
		return -1;
	*out = v == 1;
	return 0;
}

int parse_ifname(const char *what, const char *s, char *out, size_t outsz,
		 struct l2s_err *e)
{
	size_t n = strlen(s), i;
	char b[80];
	bool ok = n >= 1 && n < IFNAMSIZ && n < outsz &&
		  strcmp(s, ".") != 0 && strcmp(s, "..") != 0;

	for (i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f || c == '/' || c == ':')
			ok = false;
	}
	if (!ok) {
		l2s_errf(e, "invalid %s '%s' (1-%d characters, no '/', ':' or spaces)",
			 what, shorten(s, b, sizeof(b)), IFNAMSIZ - 1);
		return -1;
	}
	memcpy(out, s, n + 1);
	return 0;
}
