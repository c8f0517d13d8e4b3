/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec encap": ESP-in-UDP sockets handed to the module. */
#ifndef L2TPSEC_ENCAP_H
#define L2TPSEC_ENCAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "json.h"

struct encap_info {
	uint64_t has;		/* BIT(attribute) */
	uint16_t port;
	uint32_t users;
};

int encap_info_parse(const struct nlmsghdr *nlh, void *item);
void encap_info_print_text(FILE *f, const struct encap_info *e);
void encap_info_print_json(struct json *j, const struct encap_info *e);

/* ENCAP_NEW with ENCAP_PORT: the module opens the socket. */
struct nlmsghdr *encap_build_new(void *buf, uint16_t family, uint16_t port);
struct nlmsghdr *encap_build_del(void *buf, uint16_t family, uint16_t port);
struct nlmsghdr *encap_build_dump(void *buf, uint16_t family);

/* Make sure the module has an encap socket on port (asking it to open
 * one if not; *created says so). */
int encap_ensure(struct cli *c, uint16_t port, bool *created);

/* Best-effort ENCAP_DEL, to roll back encap_ensure. */
void encap_release(struct cli *c, uint16_t port);

#endif
