// SPDX-License-Identifier: GPL-2.0
/* The event loop of l2tpsecd (loop.h). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <unistd.h>

#include "conf.h"
#include "ctl.h"
#include "ked.h"
#include "kernel.h"
#include "dhcp_sock.h"
#include "loop.h"
#include "net.h"

#define RX_BUF (IKE_MSG_MAX + 8)

/**
 * loop_conf_load() - read a configuration file
 * @path: the file
 * @err: why not
 * @errlen: its size
 *
 * Return: the configuration (conf_free() and free() it), or NULL.
 */
struct conf *loop_conf_load(const char *path, char *err, size_t errlen)
{
	struct conf *c = calloc(1, sizeof(*c));

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (conf_load(path, c, err, errlen)) {
		conf_free(c);
		free(c);
		return NULL;
	}
	return c;
}

static void read_ike(const struct loop *l, int fd, uint8_t *buf)
{
	struct sockaddr_in local, from;

	for (int i = 0; i < 256; i++) {
		long n = net_recv(l->net, fd, buf, RX_BUF, &local, &from);

		if (n < 0)
			return;
		if (n > 0)
			ked_input(l->d, buf, (size_t)n, &local, &from);
	}
}

/**
 * loop_reload() - SIGHUP: read the configuration file again and apply it
 * @d: the daemon
 * @conf_path: the file
 *
 * All or nothing: the file and everything it names (psk-file, cert, key,
 * ca, crl) are read before anything changes; if one of them cannot be
 * read (after the privilege drop a root-only file cannot), the running
 * configuration stays entirely in force and the log says why.
 *
 * Return: 0 when applied, -1 when the old configuration stays.
 */
int loop_reload(struct ked *d, const char *conf_path)
{
	char err[512];
	struct conf *c = loop_conf_load(conf_path, err, sizeof(err));

	if (c && !ked_reload(d, c, err, sizeof(err)))
		return 0;
	if (geteuid() != 0)
		logx(LOG_ERR, "reload failed, the running configuration stays entirely in force: "
		     "%s (l2tpsecd runs as uid %u since it dropped its privileges: every file "
		     "the configuration names must be readable by it, else restart it)", err,
		     (unsigned int)geteuid());
	else
		logx(LOG_ERR, "reload failed, the running configuration stays entirely in "
		     "force: %s", err);
	if (c) {
		conf_free(c);
		free(c);
	}
	return -1;
}

/**
 * loop_run() - serve until told to stop
 * @l: what to poll and for whom
 *
 * Return: 0, or 1 without memory.
 */
int loop_run(const struct loop *l)
{
	uint8_t *buf = malloc(RX_BUF);
	struct pollfd p[5 + CTL_NFDS];
	int timeout;

	if (!buf)
		return 1;
	p[0].fd = l->net->fd_ike;
	p[1].fd = l->net->fd_natt;
	p[2].fd = l->kern ? kern_events_fd(l->kern) : -1;
	p[3].fd = l->sig_fd;
	p[4].fd = l->net->fd_dhcp;
	for (int i = 0; i < 5; i++)
		p[i].events = POLLIN;
	for (;;) {
		timeout = ked_tick(l->d);
		for (int i = 0; i < 5; i++)
			p[i].revents = 0;
		if (l->ctl) {	/* a client's deadline may come first */
			ctl_pollfds(l->ctl, p + 5);
			timeout = ctl_timeout(l->ctl, timeout);
		}
		if (poll(p, l->ctl ? 5 + CTL_NFDS : 5, timeout) < 0 && errno != EINTR) {
			logx(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (p[0].revents & POLLIN)
			read_ike(l, p[0].fd, buf);
		if (p[1].revents & POLLIN)
			read_ike(l, p[1].fd, buf);
		if (p[2].revents & POLLIN)
			kern_events_read(l->kern, l->d);
		if (p[4].revents & POLLIN)
			dhcp_sock_read(p[4].fd, l->d);
		if (l->ctl)	/* never waits for a client */
			ctl_handle(l->ctl, p + 5, l->d);
		if (p[3].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(l->sig_fd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGHUP) {
				loop_reload(l->d, l->conf_path);
				continue;
			}
			logx(LOG_NOTICE, "signal %u: shutting down", si.ssi_signo);
			break;
		}
	}
	free(buf);
	return 0;
}
