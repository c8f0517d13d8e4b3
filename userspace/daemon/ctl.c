// SPDX-License-Identifier: GPL-2.0
/* The control socket: `l2tpsec show ike [--json]` talks to it. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "ctl.h"
#include "ked.h"

#define CTL_TIMEOUT_MS 1000

/**
 * ctl_open() - listen on the control socket
 * @path: its file name
 * @err: why not
 * @errlen: its size
 *
 * Return: the listening socket, or -1.
 */
int ctl_open(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

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
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || chmod(path, 0600) || listen(fd, 8)) {
		snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * ctl_answer() - answer a request line
 * @d: the daemon
 * @req: the line (without newline)
 * @out: where the answer goes
 */
void ctl_answer(struct ked *d, const char *req, FILE *out)
{
	if (!strcmp(req, "show ike"))
		ked_show(d, out, false);
	else if (!strcmp(req, "show ike json"))
		ked_show(d, out, true);
	else
		fprintf(out, "error: unknown request\n");
}

/**
 * ctl_serve() - serve one client (waits at most a second for its request)
 * @lfd: the listening socket
 * @d: the daemon
 */
void ctl_serve(int lfd, struct ked *d)
{
	char req[128], *ans = NULL, *nl;
	size_t have = 0, alen = 0;
	struct pollfd p;
	FILE *f;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	p.fd = fd;
	p.events = POLLIN;
	while (have < sizeof(req) - 1 && !memchr(req, '\n', have)) {
		ssize_t n;

		if (poll(&p, 1, CTL_TIMEOUT_MS) <= 0)
			goto out;
		n = read(fd, req + have, sizeof(req) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	req[have] = '\0';
	nl = strchr(req, '\n');
	if (nl)
		*nl = '\0';
	f = open_memstream(&ans, &alen);
	if (!f)
		goto out;
	ctl_answer(d, req, f);
	fclose(f);
	for (size_t off = 0; off < alen;) {
		ssize_t n = send(fd, ans + off, alen - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
out:
	free(ans);
	close(fd);
}
