// SPDX-License-Identifier: GPL-2.0
/* The control socket: `l2tpsec show ike [--json]` talks to it (ctl.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "remote.h"
#include "ked.h"

#define CTL_MAX_GROUPS 256

static uint64_t ctl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * ctl_init() - no socket, no clients (ctl_close() is then a no-op)
 * @c: the control socket
 */
void ctl_init(struct ctl *c)
{
	memset(c, 0, sizeof(*c));
	c->lfd = -1;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		c->cl[i].fd = -1;
}

/**
 * ctl_open() - listen on the control socket
 * @c: filled (no clients)
 * @path: its file name
 * @gid: the group that may connect too (mode 0660), or -1 (mode 0600)
 * @err: why not
 * @errlen: its size
 *
 * The file is created under a umask that leaves only the owner (and the
 * group) in, so it is never reachable by others, not even between bind()
 * and a chmod().
 *
 * Return: 0, or -1.
 */
int ctl_open(struct ctl *c, const char *path, long gid, char *err, size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	mode_t mode = gid >= 0 ? 0660 : 0600, old;
	int fd, rc;

	ctl_init(c);
	c->has_gid = gid >= 0;
	c->gid = gid >= 0 ? (gid_t)gid : 0;
	if (strlen(path) >= sizeof(a.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	unlink(path);
	old = umask(0777 & ~mode);
	rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
	umask(old);
	if (rc || (gid >= 0 && chown(path, (uid_t)-1, (gid_t)gid)) || chmod(path, mode) ||
	    listen(fd, 8)) {
		snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
		if (!rc)
			unlink(path);
		close(fd);
		return -1;
	}
	c->lfd = fd;
	return 0;
}

static void drop_client(struct ctl_client *cl)
{
	if (cl->fd >= 0)
		close(cl->fd);
	free(cl->ans);
	memset(cl, 0, sizeof(*cl));
	cl->fd = -1;
}

/**
 * ctl_close() - close the listening socket and every client
 * @c: the control socket
 */
void ctl_close(struct ctl *c)
{
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		drop_client(&c->cl[i]);
	if (c->lfd >= 0)
		close(c->lfd);
	c->lfd = -1;
}

/**
 * ctl_peer_allowed() - may this client talk to the daemon?
 * @c: the control socket (its group)
 * @self: the daemon's user
 * @uid: the client's user (SO_PEERCRED)
 * @gid: its group
 * @groups: its supplementary groups (SO_PEERGROUPS), may be NULL
 * @n_groups: how many
 *
 * Return: root, the daemon's own user, or with control-group a member of it.
 */
bool ctl_peer_allowed(const struct ctl *c, uid_t self, uid_t uid, gid_t gid,
		      const gid_t *groups, size_t n_groups)
{
	if (uid == 0 || uid == self)
		return true;
	if (!c->has_gid)
		return false;
	if (gid == c->gid)
		return true;
	for (size_t i = 0; i < n_groups; i++)
		if (groups[i] == c->gid)
			return true;
	return false;
}

static bool peer_ok(const struct ctl *c, int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	gid_t groups[CTL_MAX_GROUPS];
	socklen_t glen = sizeof(groups);
	size_t n = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) || len != sizeof(cr))
		return false;
#ifdef SO_PEERGROUPS
	if (c->has_gid && !getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &glen))
		n = glen / sizeof(gid_t);
#else
	(void)glen;
#endif
	if (ctl_peer_allowed(c, geteuid(), cr.uid, cr.gid, groups, n))
		return true;
	logx(LOG_NOTICE, "control socket: refused pid %ld uid %u gid %u", (long)cr.pid,
	     (unsigned int)cr.uid, (unsigned int)cr.gid);
	return false;
}

/**
 * ctl_answer() - answer a request line
 * @d: the daemon
 * @req: the line (without newline)
 * @out: where the answer goes
 */
void ctl_answer(struct ked *d, const char *req, FILE *out)
{
	unsigned long id;
	char *end;

	if (!strcmp(req, "show ike"))
		ked_show(d, out, false);
	else if (!strcmp(req, "show ike json"))
		ked_show(d, out, true);
	else if (!strcmp(req, "show sessions"))
		ra_show_sessions(d, out, false);
	else if (!strcmp(req, "show sessions json"))
		ra_show_sessions(d, out, true);
	else if (!strncmp(req, "disconnect user ", 16) && req[16])
		fprintf(out, "%d sessions disconnected\n", ra_disconnect(d, req + 16, 0));
	else if (!strncmp(req, "disconnect session ", 19) &&
		 (id = strtoul(req + 19, &end, 10)) && !*end && id <= UINT32_MAX)
		fprintf(out, "%d sessions disconnected\n", ra_disconnect(d, NULL, (uint32_t)id));
	else
		fprintf(out, "error: unknown request\n");
}

/**
 * ctl_pollfds() - what to poll for
 * @c: the control socket
 * @p: CTL_NFDS entries: the listening socket, then the clients
 */
void ctl_pollfds(const struct ctl *c, struct pollfd *p)
{
	p[0].fd = c->lfd;
	p[0].events = POLLIN;
	p[0].revents = 0;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		const struct ctl_client *cl = &c->cl[i];

		p[1 + i].fd = cl->fd;
		p[1 + i].events = cl->ans ? POLLOUT : POLLIN;
		p[1 + i].revents = 0;
	}
}

/**
 * ctl_timeout() - how long poll() may sleep for the clients' sake
 * @c: the control socket
 * @max_ms: the caller's own timeout (-1: none)
 *
 * Return: max_ms, or less if a client's deadline comes first.
 */
int ctl_timeout(const struct ctl *c, int max_ms)
{
	uint64_t now = ctl_now();
	int t = max_ms;

	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		const struct ctl_client *cl = &c->cl[i];
		int left;

		if (cl->fd < 0)
			continue;
		left = cl->deadline <= now ? 0 : (int)(cl->deadline - now);
		if (t < 0 || left < t)
			t = left;
	}
	return t;
}

static void accept_one(struct ctl *c, uint64_t now)
{
	struct ctl_client *cl = NULL;
	int fd = accept4(c->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (!peer_ok(c, fd)) {
		c->stats_refused++;
		send(fd, "error: not allowed\n", 19, MSG_DONTWAIT | MSG_NOSIGNAL);
		close(fd);
		return;
	}
	for (int i = 0; i < CTL_MAX_CLIENTS && !cl; i++)
		if (c->cl[i].fd < 0)
			cl = &c->cl[i];
	if (!cl) {
		c->stats_busy++;
		send(fd, "error: busy\n", 12, MSG_DONTWAIT | MSG_NOSIGNAL);
		close(fd);
		logx(LOG_INFO, "control socket: %d clients already, one refused",
		     CTL_MAX_CLIENTS);
		return;
	}
	cl->fd = fd;
	cl->have = 0;
	cl->deadline = now + CTL_READ_MS;
}

/* The request is complete (or the client stopped sending): answer it. */
static void make_answer(struct ctl_client *cl, struct ked *d, uint64_t now)
{
	char *nl;
	FILE *f;

	cl->req[cl->have < sizeof(cl->req) ? cl->have : sizeof(cl->req) - 1] = '\0';
	nl = strchr(cl->req, '\n');
	if (nl)
		*nl = '\0';
	f = open_memstream(&cl->ans, &cl->alen);
	if (!f) {
		drop_client(cl);
		return;
	}
	if (!nl && cl->have >= sizeof(cl->req) - 1)
		fprintf(f, "error: request too long\n");
	else
		ctl_answer(d, cl->req, f);
	if (fclose(f) || !cl->ans) {
		drop_client(cl);
		return;
	}
	cl->off = 0;
	cl->deadline = now + CTL_WRITE_MS;
}

static void client_read(struct ctl_client *cl, struct ked *d, uint64_t now)
{
	for (;;) {
		ssize_t n = read(cl->fd, cl->req + cl->have, sizeof(cl->req) - 1 - cl->have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;	/* more later, or the deadline */
		if (n < 0 || (n == 0 && !cl->have)) {
			drop_client(cl);
			return;
		}
		cl->have += (size_t)n;
		if (n == 0 || memchr(cl->req, '\n', cl->have) || cl->have == sizeof(cl->req) - 1) {
			make_answer(cl, d, now);
			return;
		}
	}
}

static void client_write(struct ctl_client *cl)
{
	while (cl->off < cl->alen) {
		ssize_t n = send(cl->fd, cl->ans + cl->off, cl->alen - cl->off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0)
			break;
		cl->off += (size_t)n;
	}
	drop_client(cl);
}

/**
 * ctl_handle() - serve what poll() reported
 * @c: the control socket
 * @p: the CTL_NFDS entries of ctl_pollfds(), with revents
 * @d: the daemon (for the answers)
 *
 * Accepts a new client, reads requests and writes answers as far as the
 * sockets let it without waiting, and closes clients past their deadline.
 */
void ctl_handle(struct ctl *c, const struct pollfd *p, struct ked *d)
{
	uint64_t now = ctl_now();

	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *cl = &c->cl[i];
		short ev = p[1 + i].revents;

		if (cl->fd < 0 || p[1 + i].fd != cl->fd || !ev)
			continue;
		if (cl->ans && (ev & (POLLOUT | POLLERR | POLLHUP)))
			client_write(cl);
		else if (!cl->ans && (ev & (POLLIN | POLLERR | POLLHUP)))
			client_read(cl, d, now);
	}
	if (c->lfd >= 0 && (p[0].revents & POLLIN))
		accept_one(c, now);
	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct ctl_client *cl = &c->cl[i];

		if (cl->fd >= 0 && now >= cl->deadline) {
			c->stats_timeouts++;
			logx(LOG_INFO, "control socket: client too slow, closed");
			drop_client(cl);
		}
	}
}
