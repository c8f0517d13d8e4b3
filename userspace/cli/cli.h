/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsec CLI: state shared by all commands.
 *
 * A command goes: parse argv (pure, usage errors) -> connect (module not
 * loaded...) -> build the request (pure) -> send it and print the reply.
 * In dry-run mode (unit tests, fuzzing) requests are handed to a capture
 * callback instead of the kernel, and nothing touches the network.
 */
#ifndef L2TPSEC_CLI_H
#define L2TPSEC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "err.h"

#include "util.h"

enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* kernel or system error */
	EXIT_USAGE = 2,		/* bad command line */
};

/* Family id used for requests built in dry-run mode. */
#define CLI_DRY_FAMILY 0x2a

/* Request buffers: large enough for any request the CLI builds. */
#define CLI_REQ_SIZE 4096


struct nl;

typedef void (*cli_capture_fn)(void *priv, const struct nlmsghdr *nlh);

struct cli {
	FILE *out;
	FILE *err;
	bool json;
	bool dry_run;
	cli_capture_fn capture;	/* dry run: gets every request */
	void *capture_priv;
	struct nl *nl;		/* opened by cli_connect() */
	bool defer_flush;	/* batch from a file: out is flushed at the end */
	const char *ike_socket;	/* -S: l2tpsecd's control socket (show ike) */
	struct l2s_err e;	/* message printed when a command fails */
};

/* Open the netlink socket and resolve the family (no-op in dry run). */
int cli_connect(struct cli *c);
uint16_t cli_family(const struct cli *c);
void cli_disconnect(struct cli *c);

/*
 * Send a request that expects an ack (and maybe a reply, given to cb).
 * Returns EXIT_OK or EXIT_RUNTIME with c->e set ("WHAT: kernel message").
 */
int cli_do(struct cli *c, const char *what, struct nlmsghdr *req,
	   mnl_cb_t cb, void *data);

/* Like cli_do, but also returns the positive errno (0 on success). */
int cli_do_errno(struct cli *c, const char *what, struct nlmsghdr *req,
		 mnl_cb_t cb, void *data, int *err);

/* A growable array of reply items. */
struct vec {
	void *items;
	size_t n, cap, size;
};
void vec_init(struct vec *v, size_t item_size);
void *vec_push(struct vec *v);		/* zeroed item or NULL */
void vec_free(struct vec *v);

typedef int (*item_parse_fn)(const struct nlmsghdr *nlh, void *item);

/*
 * GET (doit, NLM_F_ACK) or dump (NLM_F_DUMP) request: every reply message
 * is parsed by parse() into a new item of out. Interrupted dumps are
 * retried. Returns EXIT_OK or EXIT_RUNTIME with c->e set.
 */
int cli_get(struct cli *c, const char *what, struct nlmsghdr *req,
	    item_parse_fn parse, struct vec *out);

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
struct nl_err_info;
void cli_kernel_error(struct l2s_err *e, const char *what,
		      const struct nlmsghdr *req, const struct nl_err_info *ei);

#endif
