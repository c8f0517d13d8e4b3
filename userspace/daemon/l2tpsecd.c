// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsecd: the IKEv2 daemon of l2tpsec. It negotiates IKE with the peers
 * of its configuration, installs the child SAs into the l2tpsec module,
 * brings up each connection's L2TPv3 pseudowire over them, keeps them
 * fresh and removes them on exit. Documentation/l2tpsecd.md.
 *
 * This file: options, the sockets opened, privileges dropped, signals
 * blocked into a signalfd; the event loop is loop.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "ctl.h"
#include "dhcp_sock.h"
#include "ked.h"
#include "kernel.h"
#include "loop.h"
#include "net.h"

#define DEFAULT_CONF "/etc/l2tpsec/l2tpsecd.conf"

struct runtime {
	struct kern *kern;	/* first: kernel.c finds it through d->priv */
	struct net net;
	struct kern k;
};

static uint64_t mono_ms(struct ked *d)
{
	struct timespec ts;

	(void)d;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int rt_send(struct ked *d, const struct sockaddr_in *from, const struct sockaddr_in *to,
		   const uint8_t *buf, size_t len)
{
	struct runtime *rt = d->priv;
	int rc = net_send(&rt->net, from, to, buf, len);

	if (rc)
		logx(LOG_INFO, "send to %s: %s", inet_ntoa(to->sin_addr), strerror(-rc));
	return rc;
}

static const struct ked_ops real_ops = {
	.send = rt_send,
	.sa_add = kern_sa_add,
	.sa_del = kern_sa_del,
	.sa_stats = kern_sa_stats,
	.l2tp_add = kern_l2tp_add,
	.l2tp_set_sa = kern_l2tp_set_sa,
	.l2tp_del = kern_l2tp_del,
	.sa_move = kern_sa_move,
	.l2tp_move = kern_l2tp_move,
	.lns_tunnel_add = kern_lns_tunnel_add,
	.lns_listen = kern_lns_listen,
	.lns_session_add = kern_lns_session_add,
	.lns_session_del = kern_lns_session_del,
	.lns_session_stats = kern_lns_session_stats,
	.ctrl_send = kern_ctrl_send,
	.ppp_send = kern_ppp_send,
	.ip_up = rtnl_ip_up,
	.proxy_arp = rtnl_proxy_arp,
	.ipv6_up = rtnl_ipv6_up,
	.mtu_cap = rtnl_mtu_cap,
	.now = mono_ms,
};

static int check_send(struct ked *d, const struct sockaddr_in *f, const struct sockaddr_in *t,
		      const uint8_t *b, size_t l)
{
	(void)d, (void)f, (void)t, (void)b, (void)l;
	return -EPERM;
}

static const struct ked_ops check_ops = {
	.send = check_send,
	.now = mono_ms,
};

static void usage(FILE *f)
{
	fprintf(f, "usage: l2tpsecd [-c FILE] [-f] [-n] [-v] [-d]\n"
		"  -c FILE  configuration file (default " DEFAULT_CONF ")\n"
		"  -f       stay in the foreground\n"
		"  -n       check the configuration and credentials, then exit\n"
		"  -v       with -n: print the effective configuration\n"
		"  -d       log at level debug\n");
}

/* Is another instance alive on this pidfile? */
static int check_pidfile(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	long old;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &old) == 1 && old > 0 && old != getpid() &&
	    kill((pid_t)old, 0) == 0) {
		fclose(f);
		snprintf(err, errlen, "already running as pid %ld (%.256s)", old, path);
		return -1;
	}
	fclose(f);
	return 0;
}

static int write_pidfile(const char *path, char *err, size_t errlen)
{
	char buf[32];
	int fd, n;

	if (check_pidfile(path, err, errlen))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "pidfile %.256s: %s", path, strerror(errno));
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		snprintf(err, errlen, "pidfile %.256s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The gid of control-group, or -1 if none is configured. */
static int control_gid(const struct conf *c, long *gid, char *err, size_t errlen)
{
	struct group *gr;

	*gid = -1;
	if (!c->control_group[0])
		return 0;
	gr = getgrnam(c->control_group);
	if (!gr) {
		snprintf(err, errlen, "control-group %s: no such group", c->control_group);
		return -1;
	}
	*gid = (long)gr->gr_gid;
	return 0;
}

/* Become user, keeping only CAP_NET_ADMIN (the module's netlink needs it). */
static int drop_privileges(const struct conf *c, char *err, size_t errlen)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	struct passwd *pw = getpwnam(c->user);
	long ctl_gid;

	if (!pw) {
		snprintf(err, errlen, "user %s: no such user", c->user);
		return -1;
	}
	if (control_gid(c, &ctl_gid, err, errlen))
		return -1;
	/* the control socket keeps its control-group */
	if (chown(c->pidfile, pw->pw_uid, pw->pw_gid) ||
	    chown(c->control, pw->pw_uid, ctl_gid >= 0 ? (gid_t)ctl_gid : pw->pw_gid))
		logx(LOG_WARNING, "cannot hand pidfile/control socket to %s: %s", c->user,
		     strerror(errno));
	/* EINVAL: no such capability (past CAP_LAST_CAP); anything else: fail */
	for (int cap = 0; cap <= 63; cap++) {
		if (cap == CAP_NET_ADMIN || !prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) || errno == EINVAL)
			continue;
		snprintf(err, errlen, "cannot drop capability %d from the bounding set: %s", cap,
			 strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) || setgroups(0, NULL) ||
	    setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
		snprintf(err, errlen, "cannot become %s: %s", c->user, strerror(errno));
		return -1;
	}
	memset(data, 0, sizeof(data));
	data[CAP_NET_ADMIN / 32].effective = 1u << (CAP_NET_ADMIN % 32);
	data[CAP_NET_ADMIN / 32].permitted = 1u << (CAP_NET_ADMIN % 32);
	if (syscall(SYS_capset, &h, data)) {
		snprintf(err, errlen, "capset: %s", strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		snprintf(err, errlen, "privileges were not dropped");
		return -1;
	}
	logx(LOG_INFO, "running as %s with CAP_NET_ADMIN only", c->user);
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CONF;
	bool foreground = false, check = false, verbose = false, debug = false, to_syslog;
	struct runtime rt = { .net = { .fd_ike = -1, .fd_natt = -1, .fd_dhcp = -1 } };
	struct ked d;
	struct ctl ctl;
	struct conf *conf;
	char err[1024], abs_path[PATH_MAX];
	int opt, sig_fd, rc = 1;
	long ctl_gid = -1;
	sigset_t mask;

	while ((opt = getopt(argc, argv, "c:fnvdh")) != -1) {
		switch (opt) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 'n':
			check = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'd':
			debug = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	ctl_init(&ctl);
	/* SIGHUP reloads it after daemon() moved to / */
	if (realpath(path, abs_path))
		path = abs_path;
	conf = loop_conf_load(path, err, sizeof(err));
	if (!conf) {
		fprintf(stderr, "l2tpsecd: %s\n", err);
		return 1;
	}
	if (check) {
		log_setup(LOG_ERR, false);
		if (control_gid(conf, &ctl_gid, err, sizeof(err)) ||
		    ked_init(&d, &check_ops, &rt, conf, err, sizeof(err))) {
			fprintf(stderr, "l2tpsecd: %s\n", err);
			conf_free(conf);
			free(conf);
			return 1;
		}
		if (verbose)
			conf_print(conf, stdout);
		printf("l2tpsecd: %s: configuration OK (%u connection%s)\n", path, conf->n_conns,
		       conf->n_conns == 1 ? "" : "s");
		ked_free(&d);
		conf_free(conf);
		free(conf);
		return 0;
	}
	to_syslog = conf->log_target == 1 || (conf->log_target == 0 && !foreground);
	log_setup(debug ? LOG_DEBUG : conf->log_level ? conf->log_level : LOG_INFO, to_syslog);
	rt.kern = &rt.k;
	/* before touching the sockets (and the control socket) of a running one */
	if (check_pidfile(conf->pidfile, err, sizeof(err))) {
		logx(LOG_ERR, "%s", err);
		if (to_syslog)	/* the one starting it sees why */
			fprintf(stderr, "l2tpsecd: %s\n", err);
		goto out_close;
	}
	if (control_gid(conf, &ctl_gid, err, sizeof(err)) ||
	    kern_open(&rt.k, err, sizeof(err)) ||
	    net_open(&rt.net, conf->ike_port, conf->natt_port, err, sizeof(err)) ||
	    kern_encap_fd(&rt.k, rt.net.fd_natt, err, sizeof(err)) ||
	    ctl_open(&ctl, conf->control, ctl_gid, err, sizeof(err))) {
		logx(LOG_ERR, "%s", err);
		if (to_syslog)
			fprintf(stderr, "l2tpsecd: %s\n", err);
		goto out_close;
	}
	if (conf->lns.set) {
		/* Windows asks for routes with DHCPINFORM over the PPP link */
		rt.net.fd_dhcp = dhcp_sock_open(err, sizeof(err));
		if (rt.net.fd_dhcp < 0)
			logx(LOG_WARNING, "%s: DHCPINFORM is not answered (clients get no "
			     "split-tunnel routes)", err);
	}
	if (ked_init(&d, &real_ops, &rt, conf, err, sizeof(err))) {
		logx(LOG_ERR, "%s", err);
		if (to_syslog)
			fprintf(stderr, "l2tpsecd: %s\n", err);
		goto out_close;
	}
	conf = NULL;	/* the daemon's now */
	if (!foreground && daemon(0, 0)) {
		logx(LOG_ERR, "daemon: %s", strerror(errno));
		goto out_free;
	}
	if (write_pidfile(d.conf->pidfile, err, sizeof(err))) {
		logx(LOG_ERR, "%s", err);
		if (foreground)
			fprintf(stderr, "l2tpsecd: %s\n", err);
		goto out_free;
	}
	if (d.conf->user[0] && drop_privileges(d.conf, err, sizeof(err))) {
		logx(LOG_ERR, "%s", err);
		goto out_pid;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sig_fd < 0) {
		logx(LOG_ERR, "signalfd: %s", strerror(errno));
		goto out_pid;
	}
	logx(LOG_NOTICE, "started: %u connection%s, IKE on ports %u and %u", d.conf->n_conns,
	     d.conf->n_conns == 1 ? "" : "s", d.conf->ike_port, d.conf->natt_port);
	{
		const struct loop l = {
			.d = &d, .net = &rt.net, .kern = &rt.k, .ctl = &ctl,
			.sig_fd = sig_fd, .conf_path = path,
		};

		rc = loop_run(&l);
	}
	ked_shutdown(&d);
	logx(LOG_NOTICE, "stopped");
	close(sig_fd);
out_pid:
	unlink(d.conf->pidfile);
out_free:
	unlink(d.conf->control);
	conf = d.conf;
	ked_free(&d);
out_close:
	ctl_close(&ctl);
	net_close(&rt.net);
	kern_close(&rt.k);
	if (conf) {
		conf_free(conf);
		free(conf);
	}
	return rc;
}
