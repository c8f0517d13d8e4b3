// SPDX-License-Identifier: GPL-2.0
/*
 * The DHCP server port: one UDP socket on 0.0.0.0:67 with IP_PKTINFO, so
 * that a DHCPINFORM broadcast over a client's PPP link is known by the
 * link it came in on; the answer goes back out of that link to the
 * client's address, port 68.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "dhcp_inform.h"
#include "dhcp_sock.h"
#include "log.h"
#include "remote.h"

#define DHCP_BUF 1500

/**
 * dhcp_sock_open() - the DHCP server socket
 * @err: why not
 * @errlen: its size
 *
 * Return: the socket, or -1 (e.g. another DHCP server holds the port).
 */
int dhcp_sock_open(char *err, size_t errlen)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_SERVER_PORT),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		snprintf(err, errlen, "DHCP port %u: %s", DHCP_SERVER_PORT, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void answer(int fd, struct ked *d, const uint8_t *req, size_t len,
		   const struct sockaddr_in *from, const struct in_pktinfo *pi)
{
	uint8_t out[DHCP_BUF];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} c;
	struct sockaddr_in to;
	struct in_pktinfo *opi;
	struct cmsghdr *cm;
	struct msghdr m;
	struct iovec iov;
	struct in_addr peer, local;
	size_t n;

	if (ra_dhcp(d, (uint32_t)pi->ipi_ifindex, from->sin_addr, req, len, out, sizeof(out), &n,
		    &peer, &local))
		return;
	to = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_CLIENT_PORT),
		.sin_addr = peer,
	};
	iov = (struct iovec){ .iov_base = out, .iov_len = n };
	memset(&c, 0, sizeof(c));
	m = (struct msghdr){
		.msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = c.buf, .msg_controllen = sizeof(c.buf),
	};
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(*opi));
	opi = (struct in_pktinfo *)CMSG_DATA(cm);
	opi->ipi_ifindex = pi->ipi_ifindex;
	opi->ipi_spec_dst = local;
	if (sendmsg(fd, &m, 0) < 0)
		logx(LOG_WARNING, "dhcp: answer to %s: %s", inet_ntoa(peer), strerror(errno));
}

/**
 * dhcp_sock_read() - answer the DHCPINFORMs waiting on the socket
 * @fd: the socket
 * @d: the daemon
 */
void dhcp_sock_read(int fd, struct ked *d)
{
	for (int i = 0; i < 64; i++) {
		uint8_t buf[DHCP_BUF];
		union {
			char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct cmsghdr align;
		} c;
		struct sockaddr_in from;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr m = {
			.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			.msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof(c.buf),
		};
		const struct in_pktinfo *pi = NULL;
		ssize_t n = recvmsg(fd, &m, 0);

		if (n < 0)
			return;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
				pi = (const struct in_pktinfo *)CMSG_DATA(cm);
		if (pi && m.msg_namelen == sizeof(from))
			answer(fd, d, buf, (size_t)n, &from, pi);
	}
}
