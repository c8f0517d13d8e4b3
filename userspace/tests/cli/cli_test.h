/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the CLI tests (tests/cli/): the CLI run in dry-run mode with
 * every request it would send captured, and fake kernel messages. */
#ifndef L2TPSEC_CLI_TEST_H
#define L2TPSEC_CLI_TEST_H

#include <libmnl/libmnl.h>

#include "cli.h"
#include "l2tpsec.h"
#include "test.h"

/* Requests captured from a dry run. */
#define CAP_MAX 8
struct capture {
	int n;
	size_t len[CAP_MAX];
	_Alignas(4) unsigned char msg[CAP_MAX][8192 + 256];
};

struct run {
	int rc;
	char *out, *err;		/* malloc'd, NUL-terminated */
	struct capture cap;
};

/* Run the CLI in dry-run mode on a space-separated command line (without
 * the program name). Free with run_free(). */
void run_cli(struct run *r, const char *line);
/* The same with input as its standard input (NULL: empty). */
void run_cli_in(struct run *r, const char *line, const char *input);
void run_free(struct run *r);

/* Captured request i: its genl command and attributes (no validation). */
int cap_cmd(const struct run *r, int i);
typedef const struct nlattr *any_tb[L2TPSEC_A_MAX + 1];
int cap_attrs(const struct run *r, int i, any_tb tb);	/* count, -1 bad */
const struct nlmsghdr *cap_nlh(const struct run *r, int i);

/* Build fake kernel messages. */
struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd);

#endif
