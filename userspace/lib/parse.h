/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure, bounds-checked parsers for command-line values. Every function
 * returns 0 on success and -1 on error, with a one-line message in *e
 * (without the "l2tpsec: " prefix). Outputs are only written on success.
 */
#ifndef L2TPSEC_PARSE_H
#define L2TPSEC_PARSE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "util.h"

/* Raw number: decimal, or hex with a 0x/0X prefix. No sign, no spaces.
 * Returns 0, -1 (not a number) or -2 (does not fit in 64 bits). */
int parse_u64_raw(const char *s, uint64_t *out);

/* A number in [min, max]; "what" names it in messages. */
int parse_num(const char *what, const char *s, uint64_t min, uint64_t max,
	      uint64_t *out, struct l2s_err *e);
int parse_u32(const char *what, const char *s, uint32_t min, uint32_t max,
	      uint32_t *out, struct l2s_err *e);
int parse_port(const char *what, const char *s, uint16_t *out,
	       struct l2s_err *e);
/* An ESP SPI: 256..2^32-1 (0 and 1..255 are reserved by RFC 4303). */
int parse_spi(const char *what, const char *s, uint32_t *out,
	      struct l2s_err *e);

/* Hex bytes, optional 0x prefix, even number of digits, at most cap
 * bytes. Never echoes the digits (keys). */
int parse_hex(const char *what, const char *s, uint8_t *buf, size_t cap,
	      size_t *len, struct l2s_err *e);

struct ipaddr {
	int family;		/* 0 (unset), AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

int parse_addr(const char *what, const char *s, struct ipaddr *out,
	       struct l2s_err *e);

/* Index of s in names[0..n-1]; the message lists the valid words. */
int parse_choice(const char *what, const char *s, const char *const *names,
		 size_t n, int *out, struct l2s_err *e);
int parse_onoff(const char *what, const char *s, bool *out,
		struct l2s_err *e);

/* A network interface name the kernel would accept. */
int parse_ifname(const char *what, const char *s, char *out, size_t outsz,
		 struct l2s_err *e);

/* The word itself, for messages: at most 64 characters, printable. */
const char *shorten(const char *s, char *buf, size_t n);



#endif
