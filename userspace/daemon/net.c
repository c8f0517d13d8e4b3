// SPDX-License-Identifier: GPL-2.0
/*
 * IKE sockets. Port 500 carries plain IKE; on the NAT-T port (4500) IKE
 * messages start with a four-byte zero non-ESP marker (RFC 3948 2.2). The
 * NAT-T socket is handed to the l2tpsec module (ENCAP_FD), which takes
 * the ESP packets and NAT keepalives off it: what still reaches us is IKE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

static int open_one(uint16_t port, char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		snprintf(err, errlen, "cannot bind UDP port %u: %s", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * net_open() - open and bind the IKE and NAT-T sockets
 * @n: filled
 * @ike_port: usually 500
 * @natt_port: usually 4500
 * @err: why not
 * @errlen: its size
 *
 * Return: 0 or -1.
 */
int net_open(struct net *n, uint16_t ike_port, uint16_t natt_port, char *err, size_t errlen)
{
	n->ike_port = ike_port;
	n->natt_port = natt_port;
	n->fd_dhcp = -1;
	n->fd_ike = open_one(ike_port, err, errlen);
	n->fd_natt = n->fd_ike < 0 ? -1 : open_one(natt_port, err, errlen);
	if (n->fd_natt < 0) {
		net_close(n);
		return -1;
	}
	return 0;
}

/**
 * net_close() - close both sockets
 * @n: the sockets
 */
void net_close(struct net *n)
{
	if (n->fd_ike >= 0)
		close(n->fd_ike);
	if (n->fd_natt >= 0)
		close(n->fd_natt);
	if (n->fd_dhcp >= 0)
		close(n->fd_dhcp);
	n->fd_ike = n->fd_natt = n->fd_dhcp = -1;
}

/**
 * net_send() - send an IKE message (or a NAT keepalive)
 * @n: the sockets
 * @from: our address and port (picks the socket and source address)
 * @to: the peer
 * @buf: the message
 * @len: its length
 *
 * Return: 0 or -errno.
 */
int net_send(struct net *n, const struct sockaddr_in *from, const struct sockaddr_in *to,
	     const uint8_t *buf, size_t len)
{
	static const uint8_t marker[4];
	bool natt = ntohs(from->sin_port) == n->natt_port;
	bool keepalive = len == 1 && buf[0] == 0xff;
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov[2];
	struct msghdr m;
	struct cmsghdr *cm;
	struct in_pktinfo *pi;
	int k = 0;

	if (natt && !keepalive) {
		iov[k].iov_base = (void *)marker;
		iov[k++].iov_len = sizeof(marker);
	}
	iov[k].iov_base = (void *)buf;
	iov[k++].iov_len = len;
	memset(&m, 0, sizeof(m));
	memset(cbuf, 0, sizeof(cbuf));
	m.msg_name = (void *)to;
	m.msg_namelen = sizeof(*to);
	m.msg_iov = iov;
	m.msg_iovlen = (size_t)k;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	pi = (struct in_pktinfo *)CMSG_DATA(cm);
	pi->ipi_spec_dst = from->sin_addr;
	if (sendmsg(natt ? n->fd_natt : n->fd_ike, &m, 0) < 0)
		return -errno;
	return 0;
}

/**
 * net_recv() - one datagram from a socket
 * @n: the sockets
 * @fd: which one
 * @buf: for the IKE message
 * @cap: its size
 * @local: where it arrived (address and our port)
 * @from: the sender
 *
 * Return: the IKE message length, 0 if it was not IKE, -1 if none is left.
 */
long net_recv(struct net *n, int fd, uint8_t *buf, size_t cap, struct sockaddr_in *local,
	      struct sockaddr_in *from)
{
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov = { buf, cap };
	struct msghdr m;
	struct cmsghdr *cm;
	ssize_t len;

	memset(&m, 0, sizeof(m));
	m.msg_name = from;
	m.msg_namelen = sizeof(*from);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	len = recvmsg(fd, &m, MSG_DONTWAIT);
	if (len < 0)
		return errno == EINTR ? 0 : -1;
	if (m.msg_namelen != sizeof(*from) || from->sin_family != AF_INET ||
	    (m.msg_flags & MSG_TRUNC))
		return 0;
	memset(local, 0, sizeof(*local));
	local->sin_family = AF_INET;
	local->sin_port = htons(fd == n->fd_natt ? n->natt_port : n->ike_port);
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
			local->sin_addr = ((struct in_pktinfo *)CMSG_DATA(cm))->ipi_addr;
	if (fd == n->fd_natt) {
		/* IKE behind the non-ESP marker; anything else is not ours */
		if (len < 4 || buf[0] || buf[1] || buf[2] || buf[3])
			return 0;
		memmove(buf, buf + 4, (size_t)len - 4);
		len -= 4;
	}
	return len;
}
