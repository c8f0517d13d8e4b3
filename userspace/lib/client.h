/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's generic-netlink client, as every program uses it (the CLI,
 * the daemon, the test tools): a connection, requests that return the
 * kernel's verdict as plain data, and dumps collected into a vec. Nothing
 * here parses argv or prints.
 *
 * In dry-run mode (unit tests, fuzzing) no socket is opened: every request
 * is handed to the capture callback and succeeds.
 */
#ifndef L2TPSEC_CLIENT_H
#define L2TPSEC_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "err.h"
#include "vec.h"

/* Family id of requests built in dry-run mode. */
#define L2S_DRY_FAMILY 0x2a

struct nl;

typedef void (*l2s_capture_fn)(void *priv, const struct nlmsghdr *nlh);

struct l2s {
	struct nl *nl;		/* opened by l2s_connect() */
	bool dry_run;
	l2s_capture_fn capture;	/* dry run: gets every request */
	void *capture_priv;
};

/* What the kernel said about a failed request. */
struct l2s_kerr {
	int error;		/* positive errno; 0: the request succeeded */
	int cmd;		/* the request's genl command, -1 if unknown */
	char msg[256];		/* extack message, printable ASCII, or "" */
	int attr;		/* attribute the kernel pointed at, or -1 */
	int missing;		/* attribute the kernel missed, or -1 */
	bool bad_reply;		/* the reply did not parse (error EBADMSG) */
};

/* Open the socket and resolve the family (no-op in dry run or when open).
 * 0, or -1 with *e set ("module not loaded (modprobe l2tpsec)"). */
int l2s_connect(struct l2s *k, struct l2s_err *e);
void l2s_close(struct l2s *k);
/* The family id requests are built with. */
uint16_t l2s_family(const struct l2s *k);

/*
 * Send req (connected first) and run cb on each data reply until the ack,
 * the end of a dump or an error. 0, or -errno with *ke filled.
 */
int l2s_request(struct l2s *k, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		struct l2s_kerr *ke);

typedef int (*l2s_parse_fn)(const struct nlmsghdr *nlh, void *item);

/*
 * A GET (doit) or a dump (NLM_F_DUMP): every reply message is parsed by
 * parse() into a new item of out (vec_init()ed by the caller). A dump
 * interrupted by a change starts again. 0, or -errno with *ke filled.
 */
int l2s_get(struct l2s *k, struct nlmsghdr *req, l2s_parse_fn parse,
	    struct vec *out, struct l2s_kerr *ke);

/* Pure: what the kernel said (an NLMSG_ERROR parsed by nl_parse_error())
 * about req, with the attribute offsets resolved to types. */
struct nl_err_info;
void l2s_kerr_from(struct l2s_kerr *ke, const struct nlmsghdr *req,
		   const struct nl_err_info *ei);

/* "strerror: extack message" (or strerror alone) in buf, for programs
 * that name no keywords (the CLI names them: cli_kernel_error()). */
const char *l2s_kerr_format(const struct l2s_kerr *ke, char *buf, size_t n);

#endif
