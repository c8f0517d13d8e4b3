// SPDX-License-Identifier: GPL-2.0
/*
 * "l2tpsec show ike": ask l2tpsecd over its control socket (userspace/ike/
 * ctl.h: one request line, the answer until the daemon closes).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_show_ike.h"

#define IKE_SHOW_TIMEOUT_MS 5000

/**
 * ike_show_socket() - the control socket to use
 * @arg: from the command line, or NULL
 *
 * Return: arg, else $L2TPSECD_SOCKET, else the default path.
 */
const char *ike_show_socket(const char *arg)
{
	const char *env = getenv("L2TPSECD_SOCKET");

	if (arg && *arg)
		return arg;
	return env && *env ? env : IKE_SHOW_DEFAULT_SOCKET;
}

/**
 * ike_show_query() - send one request to the daemon, copy its answer to out
 * @path: control socket
 * @request: the request line, without newline
 * @out: where the answer goes
 * @e: error message
 *
 * Return: EXIT_OK or EXIT_RUNTIME.
 */
int ike_show_query(const char *path, const char *request, FILE *out, struct l2s_err *e)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char line[160], buf[4096];
	struct pollfd p;
	int fd, n;

	if (strlen(path) >= sizeof(a.sun_path)) {
		l2s_errf(e, "control socket path too long: %s", path);
		return EXIT_RUNTIME;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		l2s_errf(e, "cannot reach l2tpsecd at %s: %s (is it running? socket PATH or "
			 "$L2TPSECD_SOCKET)", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_RUNTIME;
	}
	n = snprintf(line, sizeof(line), "%s\n", request);
	if (send(fd, line, (size_t)n, MSG_NOSIGNAL) != n) {
		l2s_errf(e, "l2tpsecd at %s: %s", path, strerror(errno));
		close(fd);
		return EXIT_RUNTIME;
	}
	p.fd = fd;
	p.events = POLLIN;
	for (;;) {
		ssize_t r;

		if (poll(&p, 1, IKE_SHOW_TIMEOUT_MS) <= 0) {
			l2s_errf(e, "l2tpsecd at %s does not answer", path);
			close(fd);
			return EXIT_RUNTIME;
		}
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		fwrite(buf, 1, (size_t)r, out);
	}
	close(fd);
	return EXIT_OK;
}

/**
 * cmd_show() - "show ike [socket PATH]"
 * @c: the CLI
 * @argc: arguments after "show"
 * @argv: them
 *
 * Return: exit code.
 */
int cmd_show(struct cli *c, int argc, char **argv)
{
	const char *sock = c->ike_socket;
	const char *what;

	if (argc < 1 || (strcmp(argv[0], "ike") && strcmp(argv[0], "sessions"))) {
		l2s_errf(&c->e, "usage: show ike|sessions [socket PATH]");
		return EXIT_USAGE;
	}
	if (argc == 3 && !strcmp(argv[1], "socket")) {
		sock = argv[2];
	} else if (argc != 1) {
		l2s_errf(&c->e, "usage: show ike|sessions [socket PATH]");
		return EXIT_USAGE;
	}
	if (c->k.dry_run)
		return EXIT_OK;
	if (!strcmp(argv[0], "ike"))
		what = c->json ? "show ike json" : "show ike";
	else
		what = c->json ? "show sessions json" : "show sessions";
	return ike_show_query(ike_show_socket(sock), what, c->out, &c->e);
}

/**
 * cmd_disconnect() - "disconnect user NAME | session N [socket PATH]"
 * @c: the CLI
 * @argc: arguments after "disconnect"
 * @argv: them
 *
 * Return: exit code.
 */
int cmd_disconnect(struct cli *c, int argc, char **argv)
{
	const char *sock = c->ike_socket;
	char req[320];

	if (argc == 4 && !strcmp(argv[2], "socket"))
		sock = argv[3];
	else if (argc != 2)
		argc = 0;
	if (!argc || (strcmp(argv[0], "user") && strcmp(argv[0], "session")) ||
	    !argv[1][0] || strlen(argv[1]) > 255 || strchr(argv[1], '\n')) {
		l2s_errf(&c->e, "usage: disconnect user NAME | session N [socket PATH]");
		return EXIT_USAGE;
	}
	if (c->k.dry_run)
		return EXIT_OK;
	snprintf(req, sizeof(req), "disconnect %s %s", argv[0], argv[1]);
	return ike_show_query(ike_show_socket(sock), req, c->out, &c->e);
}
