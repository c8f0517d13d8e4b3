/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The l2tpsec attribute space: the expected type/length of every
 * attribute, to validate what the kernel sends.
 */
#ifndef L2TPSEC_ATTRS_H
#define L2TPSEC_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "l2tpsec.h"
#include "parse.h"

_Static_assert(L2TPSEC_A_MAX < 64, "attribute presence masks are 64 bits");

typedef const struct nlattr *attr_tb[L2TPSEC_A_MAX + 1];

#define HAS(tb, a) ((tb)[a] != NULL)

/*
 * Parse the attributes of a generic netlink message (after the genl
 * header) into tb. Unknown attribute types are ignored (newer kernels);
 * a known attribute of the wrong size makes the whole message malformed:
 * returns -1 and the attribute type in *bad (0 if the message itself is
 * too short). Returns 0 on success.
 */
int attrs_parse(const struct nlmsghdr *nlh, attr_tb tb, int *bad);

/* The set of attributes present in tb, as BIT(type). */
uint64_t attrs_present(attr_tb tb);

/* len bytes at start are a whole number of attributes (no truncated or
 * zero-length header, no trailing bytes but the last one's padding). */
bool attrs_well_formed(const void *start, size_t len);

/* The genl command of a message, or -1 if it is too short. */
int attrs_genl_cmd(const struct nlmsghdr *nlh);

/* Address from an IPv4 or IPv6 attribute pair; family 0 if absent. */
void attrs_get_addr(const attr_tb tb, int a4, int a6, struct ipaddr *out);

/* Put an address as its IPv4 or IPv6 attribute (nothing if unset). */
void attrs_put_addr(struct nlmsghdr *nlh, int a4, int a6,
		    const struct ipaddr *a);

/* Unsigned value of a validated u8/u16/u32/u64 attribute. */
uint64_t attr_uint(const struct nlattr *a);

#endif
