/* SPDX-License-Identifier: GPL-2.0 */
/* Text output helpers shared by the show commands. */
#ifndef L2TPSEC_OUT_H
#define L2TPSEC_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "parse.h"

/* "192.0.2.1", "2001:db8::1" or "-" if unset. */
const char *addr_str(const struct ipaddr *a, char *buf, size_t n);

/* s with non-printable bytes as \xNN (kernel-provided names). */
void print_safe(FILE *f, const char *s, size_t n);

void print_hex(FILE *f, const uint8_t *p, size_t n);

/* JSON value: the address string, or null if unset. */
void json_addr(struct json *j, const char *key, const struct ipaddr *a);

/* key: v, or null when the kernel did not report it. */
void json_kv_opt_u64(struct json *j, const char *key, bool has, uint64_t v);

/* Name from a table indexed by value, or NULL. */
const char *enum_name(const char *const *names, size_t n, uint64_t v);

#endif
