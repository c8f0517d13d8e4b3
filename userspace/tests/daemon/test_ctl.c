// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket (daemon/ctl.c) and the event loop around it: the
 * socket's mode, who may talk to it, and that no client (silent, half a
 * request, too many) holds up IKE: the loop of loop.c runs in-process
 * on loopback sockets while a child process plays peer and client.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "ctl.h"
#include "ked.h"
#include "loop.h"
#include "net.h"
#include "test.h"

static char dir[32], path[64];

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return mono_ms();
}

static const struct ked_ops ops = { .now = f_now };

static void mkdir_tmp(void)
{
	snprintf(dir, sizeof(dir), "/tmp/l2s-ctl-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/ctl.sock", dir);
}

static void rm_tmp(void)
{
	unlink(path);
	rmdir(dir);
}

static int client(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Serve the control socket alone for ms milliseconds. */
static void pump(struct ctl *c, int ms)
{
	uint64_t end = mono_ms() + (uint64_t)ms;
	struct pollfd p[CTL_NFDS];

	while (mono_ms() < end) {
		ctl_pollfds(c, p);
		poll(p, CTL_NFDS, ctl_timeout(c, 10));
		ctl_handle(c, p, NULL);
	}
}

static int n_clients(const struct ctl *c)
{
	int n = 0;

	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		n += c->cl[i].fd >= 0;
	return n;
}

/* Created 0600 (0660 with a group) whatever the umask: no window. */
static void t_mode(void)
{
	struct ctl c;
	struct stat st;
	char err[256];
	mode_t old = umask(0);

	mkdir_tmp();
	CHECK_EQ(ctl_open(&c, path, -1, err, sizeof(err)), 0);
	CHECK_EQ(stat(path, &st), 0);
	CHECK(S_ISSOCK(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0600);
	ctl_close(&c);
	CHECK_EQ(ctl_open(&c, path, (long)getegid(), err, sizeof(err)), 0);
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0660);
	CHECK_EQ(st.st_gid, getegid());
	ctl_close(&c);
	umask(old);
	rm_tmp();
}

static void t_peer_allowed(void)
{
	struct ctl c;
	const gid_t g[] = { 10, 20 };

	ctl_init(&c);
	CHECK(ctl_peer_allowed(&c, 100, 0, 0, NULL, 0));	/* root */
	CHECK(ctl_peer_allowed(&c, 100, 100, 5, NULL, 0));	/* the daemon's user */
	CHECK(!ctl_peer_allowed(&c, 100, 101, 5, NULL, 0));
	CHECK(!ctl_peer_allowed(&c, 100, 101, 20, g, 2));	/* no control-group */
	c.has_gid = true;
	c.gid = 20;
	CHECK(ctl_peer_allowed(&c, 100, 101, 20, NULL, 0));	/* primary group */
	CHECK(ctl_peer_allowed(&c, 100, 101, 5, g, 2));		/* supplementary */
	CHECK(!ctl_peer_allowed(&c, 100, 101, 5, g, 1));
}

/* Another user that reaches the socket anyway (mode widened here) is
 * closed by SO_PEERCRED. Needs root to become someone else. */
static void t_peer_refused(void)
{
	struct ctl c;
	char err[256];
	int status = -1;
	pid_t pid;

	if (geteuid() != 0) {
		fprintf(stderr, "  (skipped: not root)\n");
		return;
	}
	mkdir_tmp();
	CHECK_EQ(ctl_open(&c, path, -1, err, sizeof(err)), 0);
	chmod(dir, 0755);
	chmod(path, 0666);
	pid = fork();
	if (pid == 0) {
		char buf[64] = "";
		ssize_t n = -1;
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		fd = client();
		if (fd >= 0 && write(fd, "show ike\n", 9) == 9)
			n = read(fd, buf, sizeof(buf) - 1);
		_exit(n > 0 && !strncmp(buf, "error: not allowed", 18) ? 0 : 1);
	}
	for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0; i++)
		pump(&c, 10);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_EQ(c.stats_refused, 1);
	CHECK_EQ(n_clients(&c), 0);
	ctl_close(&c);
	rm_tmp();
}

/* CTL_MAX_CLIENTS at a time; the silent ones are closed at their deadline. */
static void t_bounded(void)
{
	int fds[CTL_MAX_CLIENTS + 4];
	struct ctl c;
	char err[256];
	uint64_t t0;

	mkdir_tmp();
	CHECK_EQ(ctl_open(&c, path, -1, err, sizeof(err)), 0);
	t0 = mono_ms();
	for (int i = 0; i < CTL_MAX_CLIENTS + 4; i++) {
		fds[i] = client();	/* blocks while the backlog is full */
		pump(&c, 5);
	}
	CHECK(mono_ms() - t0 < CTL_READ_MS);
	CHECK_EQ(n_clients(&c), CTL_MAX_CLIENTS);
	CHECK_EQ(c.stats_busy, 4);
	pump(&c, CTL_READ_MS + 100);
	CHECK_EQ(n_clients(&c), 0);
	CHECK_EQ(c.stats_timeouts, CTL_MAX_CLIENTS);
	for (int i = 0; i < CTL_MAX_CLIENTS + 4; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	ctl_close(&c);
	rm_tmp();
}

static int udp_local(uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* The child: a datagram to the daemon, a real request, then SIGTERM. */
static int peer_and_client(uint16_t ike_port, int sig_w)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(ike_port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct signalfd_siginfo si = { .ssi_signo = SIGTERM };
	struct timeval tv = { .tv_sec = 2 };
	char ans[4096];
	size_t have = 0;
	ssize_t n;
	int u = socket(AF_INET, SOCK_DGRAM, 0), fd, rc = 0;

	usleep(100 * 1000);	/* the daemon has taken the silent clients in */
	if (sendto(u, "tiny", 4, 0, (struct sockaddr *)&to, sizeof(to)) != 4)
		rc = 10;
	fd = client();
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (fd < 0 || write(fd, "show ike\n", 9) != 9)
		rc = 11;
	while (fd >= 0 && (n = read(fd, ans + have, sizeof(ans) - 1 - have)) > 0)
		have += (size_t)n;
	ans[have] = '\0';
	if (!have || strstr(ans, "error"))
		rc = 12;
	usleep(50 * 1000);
	if (write(sig_w, &si, sizeof(si)) != sizeof(si))
		rc = 13;
	return rc;
}

/*
 * A client that connects and says nothing, one that sends half a line:
 * the loop still takes the datagram and answers a third client at once,
 * and stops on the signal long before the silent clients' deadline.
 */
static void t_idle_client_does_not_block(void)
{
	struct net net = { .fd_ike = -1, .fd_natt = -1, .fd_dhcp = -1 };
	struct conf *conf = calloc(1, sizeof(*conf));
	int sig[2], silent, half, status = -1;
	struct ctl c;
	struct ked d;
	char err[256];
	uint64_t t0, took;
	pid_t pid;

	mkdir_tmp();
	CHECK(conf && !conf_load_string("ctl", "", 0, conf, err, sizeof(err)));
	CHECK_EQ(ked_init(&d, &ops, NULL, conf, err, sizeof(err)), 0);
	net.fd_ike = udp_local(&net.ike_port);
	net.fd_natt = udp_local(&net.natt_port);
	CHECK(net.fd_ike >= 0 && net.fd_natt >= 0);
	CHECK_EQ(pipe2(sig, O_CLOEXEC), 0);
	CHECK_EQ(ctl_open(&c, path, -1, err, sizeof(err)), 0);
	silent = client();
	half = client();
	CHECK(silent >= 0 && half >= 0);
	CHECK_EQ(write(half, "show i", 6), 6);
	pid = fork();
	if (pid == 0)
		_exit(peer_and_client(net.ike_port, sig[1]));
	{
		const struct loop l = {
			.d = &d, .net = &net, .kern = NULL, .ctl = &c, .sig_fd = sig[0],
		};

		t0 = mono_ms();
		CHECK_EQ(loop_run(&l), 0);
		took = mono_ms() - t0;
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_EQ(d.stats_dropped, 1);	/* the datagram went through */
	if (took >= CTL_READ_MS / 2)
		fprintf(stderr, "  loop took %llu ms\n", (unsigned long long)took);
	CHECK(took < CTL_READ_MS / 2);
	CHECK_EQ(n_clients(&c), 2);	/* still waiting for the two */
	close(silent);
	close(half);
	close(sig[0]);
	close(sig[1]);
	ctl_close(&c);
	net_close(&net);
	ked_free(&d);
	conf_free(conf);
	free(conf);
	rm_tmp();
}

const struct test_case ike_ctl_tests[] = {
	T(t_mode),
	T(t_peer_allowed),
	T(t_peer_refused),
	T(t_bounded),
	T(t_idle_client_does_not_block),
	T_END
};
