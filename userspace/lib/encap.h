/* SPDX-License-Identifier: GPL-2.0 */
/* ESP-in-UDP sockets of the module: opened by it on a port, or handed
 * over by a program that owns one (ENCAP_FD). */
#ifndef L2TPSEC_ENCAP_H
#define L2TPSEC_ENCAP_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"

struct l2s_encap {
	uint64_t has;		/* BIT(attribute) */
	uint16_t port;
	uint32_t users;
};

/* Pure: an ENCAP_GET dump message. 0, or -1 if malformed. */
int encap_parse(const struct nlmsghdr *nlh, void *item);

/* Pure request builders (buf: L2S_REQ_SIZE bytes). */
struct nlmsghdr *encap_build_new(void *buf, uint16_t family, uint16_t port);
struct nlmsghdr *encap_build_fd(void *buf, uint16_t family, int fd);
struct nlmsghdr *encap_build_del(void *buf, uint16_t family, uint16_t port);
struct nlmsghdr *encap_build_dump(void *buf, uint16_t family);

/* ENCAP_NEW: the module opens port itself (-EEXIST: it has it already). */
int l2s_encap_add(struct l2s *k, uint16_t port, struct l2s_kerr *ke);
/* ENCAP_NEW with a bound UDP socket of the caller's. */
int l2s_encap_fd(struct l2s *k, int fd, struct l2s_kerr *ke);
int l2s_encap_del(struct l2s *k, uint16_t port, struct l2s_kerr *ke);
/* Every encap socket, appended to out (struct l2s_encap). */
int l2s_encap_get(struct l2s *k, struct vec *out, struct l2s_kerr *ke);
/* Make sure the module has an encap socket on port; *created: it was
 * opened now (undo with l2s_encap_del()). 0 or -errno with *ke. */
int l2s_encap_ensure(struct l2s *k, uint16_t port, bool *created,
		     struct l2s_kerr *ke);

#endif
