/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing: family resolution, request/ack with extended
 * acks, dumps, multicast subscription. The parsers (error messages with
 * extack, family replies, attribute offsets) are pure functions.
 */
#ifndef L2TPSEC_NL_H
#define L2TPSEC_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "err.h"
#include "util.h"

/* Request buffers: large enough for any request but the SEND commands. */
#define L2S_REQ_SIZE 4096

struct nl_err_info {
	int error;		/* positive errno; 0 for an ack */
	char msg[256];		/* extack message, printable ASCII, or "" */
	bool has_offs;
	uint32_t offs;		/* offset of the bad attribute in the request */
	bool has_miss;
	uint32_t miss_type;	/* type of a missing attribute */
};

/*
 * Is there a whole message at nlh, within len bytes? Unlike libmnl's
 * mnl_nlmsg_ok(), safe for nlmsg_len >= 2^31 (which libmnl casts to a
 * negative int and accepts, then walks backwards out of the buffer).
 */
bool nl_msg_ok(const struct nlmsghdr *nlh, size_t len);
/* The next message after nlh; *len is reduced (0 at the end). */
const struct nlmsghdr *nl_msg_next(const struct nlmsghdr *nlh, size_t *len);
/* Every message in buf fits (what mnl_cb_run() is safe to walk). */
bool nl_buf_ok(const void *buf, size_t len);

/* Start a genl request in buf (L2S_REQ_SIZE bytes, zeroed header). */
struct nlmsghdr *nl_req_start(void *buf, uint16_t family, uint8_t cmd,
			      uint16_t flags);

/* A GET request: one object (NLM_F_ACK; the caller adds its key
 * attributes) when one, else a dump (NLM_F_DUMP). */
struct nlmsghdr *nl_req_get(void *buf, uint16_t family, uint8_t cmd, bool one);

/*
 * Parse an NLMSG_ERROR or NLMSG_DONE message, with extack TLVs if any.
 * Returns 0, or -1 if the message is malformed.
 */
int nl_parse_error(const struct nlmsghdr *nlh, struct nl_err_info *ei);

/* Type of the top-level attribute of req that holds byte offs, or -1. */
int nl_attr_at_offset(const struct nlmsghdr *req, uint32_t offs);

/*
 * Parse a CTRL_CMD_GETFAMILY reply: the family id and the id of the
 * multicast group grp (0 if absent). Returns 0, or -1 if malformed or
 * without a family id.
 */
int genl_parse_family(const struct nlmsghdr *nlh, const char *grp,
		      uint16_t *id, uint32_t *grp_id);

struct nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t events_grp;
	size_t buflen;
	char *buf;
};

/* Open the socket and resolve "l2tpsec". On error *e says why. */
struct nl *nl_open(struct l2s_err *e);
void nl_close(struct nl *nl);

/*
 * Send req and run cb on each data reply until the ack, the end of the
 * dump or an error. Returns 0 or -1 with ei filled (ei->error set).
 */
int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    struct nl_err_info *ei);

/* Join the "events" multicast group. Returns 0 or -1 with errno set. */
int nl_subscribe_events(struct nl *nl);

#endif
