/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event loop of l2tpsecd (loop.c): poll on the two IKE sockets, the
 * module's event socket, the control socket and its clients, and the signal
 * fd; ked_tick() (or a control client's deadline) says how long to sleep.
 * Nothing in the loop waits for a control client (ctl.h). SIGHUP reloads
 * the configuration, SIGTERM and SIGINT end the loop.
 */
#ifndef L2TPSEC_DAEMON_LOOP_H
#define L2TPSEC_DAEMON_LOOP_H

#include <stddef.h>

struct conf;
struct ctl;
struct ked;
struct kern;
struct net;

struct loop {
	struct ked *d;
	struct net *net;	/* IKE sockets (net.h) */
	struct kern *kern;	/* the module's events (kernel.h); NULL: none */
	struct ctl *ctl;	/* the control socket and its clients (ctl.h); NULL: none */
	int sig_fd;		/* signalfd of SIGHUP, SIGTERM, SIGINT (or anything
				 * that reads as struct signalfd_siginfo) */
	const char *conf_path;	/* reloaded on SIGHUP */
};

/* Load a configuration file: a new struct conf, or NULL with err. */
struct conf *loop_conf_load(const char *path, char *err, size_t errlen);
/* SIGHUP: load conf_path and apply it, all or nothing; 0, or -1 with the
 * running configuration untouched and the reason logged. */
int loop_reload(struct ked *d, const char *conf_path);
/* Run until a terminating signal (0) or a poll failure (0, logged);
 * 1 without memory. */
int loop_run(const struct loop *l);

#endif
