/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsec CLI: state shared by all commands. The CLI is a front end on
 * the kernel-client library (lib/): a command goes parse argv into the
 * library's plain structs (pure, usage errors) -> connect (module not
 * loaded...) -> the library call -> print its result or the kernel's
 * verdict, naming the keyword the kernel pointed at. In dry-run mode
 * (unit tests, fuzzing) the library hands requests to a capture callback
 * instead of the kernel, and nothing touches the network.
 */
#ifndef L2TPSEC_CLI_H
#define L2TPSEC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "client.h"
#include "err.h"
#include "parse.h"
#include "util.h"

enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* kernel or system error */
	EXIT_USAGE = 2,		/* bad command line */
};

struct cli {
	FILE *in;		/* "key -" reads it; NULL: stdin */
	FILE *out;
	FILE *err;
	bool stdin_taken;	/* read once already (or "-batch -") */
	bool json;
	struct l2s k;		/* the module (dry run: requests captured) */
	bool defer_flush;	/* batch from a file: out is flushed at the end */
	const char *ike_socket;	/* -S: l2tpsecd's control socket (show ike) */
	struct l2s_err e;	/* message printed when a command fails */
};

/* Connect to the module (no-op in dry run); EXIT_RUNTIME with c->e set. */
int cli_connect(struct cli *c);
void cli_disconnect(struct cli *c);

/*
 * Turn a library call's result into an exit code: EXIT_OK for 0, else
 * EXIT_RUNTIME with c->e = "WHAT: kernel message (attribute 'kw')".
 */
int cli_result(struct cli *c, const char *what, int rc,
	       const struct l2s_kerr *ke);

/* Commands: argv[0] is the verb (or the first argument). */
int cmd_sa(struct cli *c, int argc, char **argv);
int cmd_encap(struct cli *c, int argc, char **argv);
int cmd_tunnel(struct cli *c, int argc, char **argv);
int cmd_session(struct cli *c, int argc, char **argv);
int cmd_stats(struct cli *c, int argc, char **argv);
int cmd_monitor(struct cli *c, int argc, char **argv);
int cmd_ctrl(struct cli *c, int argc, char **argv);
int cmd_ppp(struct cli *c, int argc, char **argv);

/*
 * The whole CLI: argv[0] is the program name. Options before the object:
 * --json, -batch FILE (commands from FILE, '-' = stdin, see batch.h) and
 * -force (with -batch: run every line). Prints the error line, closes the
 * socket and returns the exit code.
 */
int cli_main(struct cli *c, int argc, char **argv);

/*
 * One command, argv[0] = the object ("sa", "session"...; no program
 * name); "--json" anywhere turns JSON on for this command only. Output is
 * flushed. Returns the exit code; on failure c->e says why (not printed).
 * The netlink socket stays open for the next command (cli_disconnect()).
 */
int cli_run(struct cli *c, int argc, char **argv);

/* Format a kernel rejection: "WHAT: extack message (attribute 'spi')". */
void cli_kernel_error(struct l2s_err *e, const char *what,
		      const struct l2s_kerr *ke);

/* The CLI keyword that sets attribute type in a cmd request ("spi"),
 * for messages (attr_names.c). */
const char *attr_keyword(int cmd, int type);

#endif
