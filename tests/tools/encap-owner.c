// SPDX-License-Identifier: GPL-2.0
/*
 * encap-owner - play the IKE daemon's side of an l2tpsec ESP-in-UDP
 * socket: open a UDP socket, hand it to the module (ENCAP_NEW with
 * ENCAP_FD), then read what still reaches the socket's owner.
 *
 *   encap-owner [-a ADDR] [-p PORT] [-t SECONDS] [-r] [-E TYPE[,TYPE...]] [-x]
 *
 * Binds ADDR:PORT (default 0.0.0.0:4500), sends L2TPSEC_CMD_ENCAP_NEW
 * with L2TPSEC_A_ENCAP_FD in the current network namespace, prints
 * "ready" once the module accepted the socket, then prints every datagram
 * the socket receives as one line of lower-case hex (exactly the UDP
 * payload the owner got: for IKE that includes the 4-byte non-ESP marker),
 * flushing stdout after each line. Runs until SIGTERM/SIGINT (exit 0) or,
 * with -t, for SECONDS (exit 0). The socket stays open in this process
 * all along (unless -x); the module keeps its own reference until ENCAP_DEL.
 * -r sets SO_REUSEADDR before bind(), as IKE daemons do (and so that a
 * second owner can bind the port of an attached socket, to see the module
 * refuse it).
 * -E TYPE,... after the module accepted the socket, sets UDP_ENCAP to each
 * TYPE in turn (0 = off, 1 = ESP-in-UDP non-IKE, 2 = ESP-in-UDP,
 * 3 = L2TP), as an owner may at any time; the module must cope with the
 * socket it is left with, also when the owner then closes it.
 * -x closes the socket and exits (0) right after "ready".
 *
 * Exit status: 0 as above, 1 on any error (with a message on stderr,
 * including the kernel's extended-ack message), 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/udp.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../../kernel/uapi/l2tpsec.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

static const char *prog = "encap-owner";
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [-a ADDR] [-p PORT] [-t SECONDS] [-r]\n"
		"  -a ADDR     IPv4 address to bind (default 0.0.0.0)\n"
		"  -p PORT     UDP port to bind (default 4500)\n"
		"  -t SECONDS  exit after SECONDS (default: run until SIGTERM)\n"
		"  -r          set SO_REUSEADDR before binding\n"
		"  -E TYPES    after ENCAP_NEW, setsockopt(UDP_ENCAP) to each of\n"
		"              the comma-separated TYPES in turn\n"
		"  -x          close the socket and exit right after \"ready\"\n",
		prog);
	exit(2);
}

static long parse_num(const char *what, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max) {
		fprintf(stderr, "%s: bad %s '%s' (%ld..%ld)\n", prog, what, s,
			min, max);
		usage();
	}
	return v;
}

/* State of one request/answer exchange on the netlink socket. */
struct nl_ctx {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;	/* genl family id, from CTRL_CMD_GETFAMILY */
	bool got_family;
	bool got_encap;		/* ENCAP_NEW reply seen */
	uint16_t encap_port;
	uint32_t encap_users;
};

/* Kernel error: print the errno and the extended ack message, if any. */
static void print_nlerr(const char *what, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const char *msg = NULL;
	uint32_t off = 0;
	bool has_off = false;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* TLVs follow the (possibly capped) original request. */
		size_t hlen = sizeof(*err);
		const struct nlattr *a;

		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			hlen += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		mnl_attr_for_each(a, nlh, hlen) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				msg = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS &&
				 mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
				off = mnl_attr_get_u32(a);
				has_off = true;
			}
		}
	}
	fprintf(stderr, "%s: %s: %s", prog, what, strerror(-err->error));
	if (msg)
		fprintf(stderr, ": %s", msg);
	if (has_off)
		fprintf(stderr, " (attribute at offset %u)", off);
	fputc('\n', stderr);
}

static int attr_cb_ctrl(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type == CTRL_ATTR_FAMILY_ID) {
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		tb[type] = a;
	}
	return MNL_CB_OK;
}

static int attr_cb_l2s(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type == L2TPSEC_A_ENCAP_PORT) {
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		tb[type] = a;
	} else if (type == L2TPSEC_A_ENCAP_USERS) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		tb[type] = a;
	}
	return MNL_CB_OK;
}

/* One data message of an answer (family id, or the ENCAP_NEW reply). */
static void handle_data(struct nl_ctx *c, const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };

		if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr),
				   attr_cb_ctrl, tb) == MNL_CB_OK &&
		    tb[CTRL_ATTR_FAMILY_ID]) {
			c->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
			c->got_family = true;
		}
	} else if (c->got_family && nlh->nlmsg_type == c->family) {
		const struct nlattr *tb[L2TPSEC_A_MAX + 1] = { 0 };

		if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr),
				   attr_cb_l2s, tb) != MNL_CB_OK)
			return;
		c->got_encap = true;
		if (tb[L2TPSEC_A_ENCAP_PORT])
			c->encap_port = mnl_attr_get_u16(tb[L2TPSEC_A_ENCAP_PORT]);
		if (tb[L2TPSEC_A_ENCAP_USERS])
			c->encap_users = mnl_attr_get_u32(tb[L2TPSEC_A_ENCAP_USERS]);
	}
}

/*
 * Send @nlh (NLM_F_ACK set) and read until its ACK. Returns 0, or -1
 * after printing the error (the kernel's, with extack, or a local one).
 */
static int nl_transact(struct nl_ctx *c, struct nlmsghdr *nlh,
		       const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = nlh->nlmsg_seq;

	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0) {
		fprintf(stderr, "%s: %s: sending the request: %s\n", prog,
			what, strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: %s: reading the answer: %s\n",
				prog, what, strerror(errno));
			return -1;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != c->portid)
				continue;	/* not ours */
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e;

				if (m->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
					fprintf(stderr, "%s: %s: truncated netlink error\n",
						prog, what);
					return -1;
				}
				e = mnl_nlmsg_get_payload(m);
				if (e->error == 0)
					return 0;	/* the ACK */
				print_nlerr(what, m);
				return -1;
			}
			if (m->nlmsg_type == NLMSG_DONE ||
			    m->nlmsg_type == NLMSG_NOOP)
				continue;
			handle_data(c, m);
		}
	}
}

static struct nlmsghdr *genl_start(char *buf, uint16_t type, uint8_t cmd,
				   uint8_t version, unsigned int seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* Hand @fd to the module. Returns 0 or -1 (error printed). */
static int encap_new(int fd, uint16_t port)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nl_ctx c = { 0 };
	struct nlmsghdr *nlh;
	int one = 1, rc = -1;

	c.nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c.nl) {
		fprintf(stderr, "%s: netlink socket: %s\n", prog,
			strerror(errno));
		return -1;
	}
	if (mnl_socket_bind(c.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "%s: netlink bind: %s\n", prog,
			strerror(errno));
		goto out;
	}
	/* Without these the kernel's error text would not reach us. */
	mnl_socket_setsockopt(c.nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c.nl, NETLINK_CAP_ACK, &one, sizeof(one));
	c.portid = mnl_socket_get_portid(c.nl);
	c.seq = (unsigned int)time(NULL);

	nlh = genl_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, ++c.seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, L2TPSEC_GENL_NAME);
	if (nl_transact(&c, nlh, "resolving generic netlink family \"" L2TPSEC_GENL_NAME "\" (is l2tpsec.ko loaded?)"))
		goto out;
	if (!c.got_family) {
		fprintf(stderr, "%s: no family id for \"%s\" in the answer\n",
			prog, L2TPSEC_GENL_NAME);
		goto out;
	}

	nlh = genl_start(buf, c.family, L2TPSEC_CMD_ENCAP_NEW,
			 L2TPSEC_GENL_VERSION, ++c.seq);
	mnl_attr_put_u32(nlh, L2TPSEC_A_ENCAP_FD, (uint32_t)fd);
	if (nl_transact(&c, nlh, "ENCAP_NEW"))
		goto out;
	if (!c.got_encap) {
		fprintf(stderr, "%s: ENCAP_NEW: acknowledged without a reply message\n",
			prog);
		goto out;
	}
	if (c.encap_port != port) {
		fprintf(stderr, "%s: ENCAP_NEW: reply names port %u, bound %u\n",
			prog, c.encap_port, port);
		goto out;
	}
	rc = 0;
out:
	mnl_socket_close(c.nl);
	return rc;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Print datagrams as hex lines until a signal or the deadline (0 = none).
 * SIGTERM/SIGINT are blocked except inside ppoll(), so one that arrives
 * between the check of @stop and the wait is not lost.
 */
static int receive_loop(int fd, int64_t deadline, const sigset_t *waitmask)
{
	static unsigned char pkt[65536];
	static char line[2 * sizeof(pkt) + 2];
	static const char hex[] = "0123456789abcdef";

	while (!stop) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct timespec ts, *tsp = NULL;
		ssize_t n;
		int r;

		if (deadline) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				break;
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (left % 1000) * 1000000;
			tsp = &ts;
		}
		r = ppoll(&p, 1, tsp, waitmask);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: ppoll: %s\n", prog, strerror(errno));
			return 1;
		}
		if (r == 0)
			continue;
		n = recv(fd, pkt, sizeof(pkt), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "%s: recv: %s\n", prog, strerror(errno));
			return 1;
		}
		for (ssize_t i = 0; i < n; i++) {
			line[2 * i] = hex[pkt[i] >> 4];
			line[2 * i + 1] = hex[pkt[i] & 0xf];
		}
		line[2 * n] = '\n';
		if (fwrite(line, 1, (size_t)(2 * n + 1), stdout) !=
			    (size_t)(2 * n + 1) || fflush(stdout)) {
			fprintf(stderr, "%s: writing stdout: %s\n", prog,
				strerror(errno));
			return 1;
		}
	}
	return 0;
}

/* setsockopt(UDP_ENCAP) to each type of the comma-separated @list. */
static int set_encap_types(int fd, char *list)
{
	for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
		int type = (int)parse_num("UDP_ENCAP type", t, 0, 255);

		if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type,
			       sizeof(type)) < 0) {
			fprintf(stderr, "%s: setsockopt(UDP_ENCAP, %d): %s\n",
				prog, type, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *addr = "0.0.0.0";
	long port = 4500, secs = 0;
	sigset_t block, waitmask;
	int64_t deadline = 0;
	int opt, fd, reuse = 0;
	char *encap_types = NULL;
	bool quit = false;

	while ((opt = getopt(argc, argv, "a:p:t:rE:xh")) != -1) {
		switch (opt) {
		case 'E':
			encap_types = optarg;
			break;
		case 'x':
			quit = true;
			break;
		case 'r':
			reuse = 1;
			break;
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = parse_num("port", optarg, 1, 65535);
			break;
		case 't':
			secs = parse_num("timeout", optarg, 1, 86400);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: bad IPv4 address '%s'\n", prog, addr);
		return 2;
	}
	sin.sin_port = htons((uint16_t)port);

	/* Handled only while waiting in ppoll(): see receive_loop(). */
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL) ||
	    sigprocmask(SIG_BLOCK, &block, &waitmask)) {
		fprintf(stderr, "%s: signal setup: %s\n", prog,
			strerror(errno));
		return 1;
	}
	if (secs)
		deadline = now_ms() + secs * 1000;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return 1;
	}
	if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse,
				sizeof(reuse)) < 0) {
		fprintf(stderr, "%s: setsockopt(SO_REUSEADDR): %s\n", prog,
			strerror(errno));
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "%s: bind %s:%ld: %s\n", prog, addr, port,
			strerror(errno));
		return 1;
	}
	if (encap_new(fd, (uint16_t)port))
		return 1;
	if (encap_types && set_encap_types(fd, encap_types))
		return 1;
	printf("ready\n");
	if (fflush(stdout)) {
		fprintf(stderr, "%s: writing stdout: %s\n", prog,
			strerror(errno));
		return 1;
	}
	if (quit)
		return close(fd) ? 1 : 0;
	return receive_loop(fd, deadline, &waitmask);
}
