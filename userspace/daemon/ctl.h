/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket of l2tpsecd: a Unix stream socket; a client sends
 * one request line and reads the answer until the daemon closes.
 *
 *   "show ike\n"        the IKE SAs and their child SAs, text
 *   "show ike json\n"   the same as one JSON object
 *
 * An unknown request gets "error: unknown request\n".
 *
 * Who may talk to it: the socket file is created mode 0600 (0660 and the
 * group `control-group` when configured) under a umask, so there is no
 * moment at which others can connect; each client's SO_PEERCRED must
 * be root, the daemon's own user or (with control-group) a member of the
 * group, else it is closed at once. Clients never block the daemon: the
 * sockets are non-blocking, each client has its own request buffer and a
 * deadline (CTL_READ_MS to send its request, CTL_WRITE_MS to take the
 * answer), and at most CTL_MAX_CLIENTS are served at a time (further ones
 * are closed at once).
 */
#ifndef L2TPSEC_IKE_CTL_H
#define L2TPSEC_IKE_CTL_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct ked;

#define CTL_MAX_CLIENTS	8
#define CTL_REQ_MAX	128		/* bytes of a request line, newline included */
#define CTL_READ_MS	1000		/* from accept to a whole request */
#define CTL_WRITE_MS	10000		/* to take the whole answer */
#define CTL_NFDS	(1 + CTL_MAX_CLIENTS)

struct ctl_client {
	int fd;			/* -1: a free slot */
	uint64_t deadline;	/* monotonic ms */
	char req[CTL_REQ_MAX];
	size_t have;
	char *ans;		/* the answer being sent; NULL while reading */
	size_t alen, off;
};

struct ctl {
	int lfd;		/* the listening socket, -1 if none */
	bool has_gid;		/* control-group given */
	gid_t gid;
	struct ctl_client cl[CTL_MAX_CLIENTS];
	uint64_t stats_refused, stats_timeouts, stats_busy;
};

/* No socket, no clients. */
void ctl_init(struct ctl *c);
/* Listen on path (an old socket file there is replaced): mode 0600, or
 * 0660 with group gid when gid >= 0. 0 or -1 with err. */
int ctl_open(struct ctl *c, const char *path, long gid, char *err, size_t errlen);
/* Close the listening socket and every client. */
void ctl_close(struct ctl *c);
/* The CTL_NFDS poll entries (the listening socket, then the clients;
 * unused ones have fd -1). */
void ctl_pollfds(const struct ctl *c, struct pollfd *p);
/* Milliseconds until the first client deadline (at most max_ms). */
int ctl_timeout(const struct ctl *c, int max_ms);
/* Act on the revents of the CTL_NFDS entries of ctl_pollfds(); closes
 * clients past their deadline. Never blocks. */
void ctl_handle(struct ctl *c, const struct pollfd *p, struct ked *d);
/* May a client with these credentials (SO_PEERCRED, SO_PEERGROUPS) talk
 * to us, running as uid self? */
bool ctl_peer_allowed(const struct ctl *c, uid_t self, uid_t uid, gid_t gid,
		      const gid_t *groups, size_t n_groups);
/* Answer one request line (pure apart from ked_show): for tests. */
void ctl_answer(struct ked *d, const char *req, FILE *out);

#endif
