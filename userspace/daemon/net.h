/* SPDX-License-Identifier: GPL-2.0 */
/* l2tpsecd's UDP sockets: IKE on 500 and 4500 (non-ESP marker). */
#ifndef L2TPSEC_IKE_NET_H
#define L2TPSEC_IKE_NET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct net {
	int fd_ike, fd_natt;
	int fd_dhcp;		/* DHCPINFORM of remote-access clients; -1: none */
	uint16_t ike_port, natt_port;
};

/* Bind both ports on every local address (IP_PKTINFO tells which one). */
int net_open(struct net *n, uint16_t ike_port, uint16_t natt_port, char *err, size_t errlen);
void net_close(struct net *n);
/* Send from `from` (its port picks the socket; the NAT-T port adds the
 * non-ESP marker, except to a NAT keepalive). 0 or -errno. */
int net_send(struct net *n, const struct sockaddr_in *from, const struct sockaddr_in *to,
	     const uint8_t *buf, size_t len);
/* Receive one datagram from fd: IKE message in buf (marker stripped),
 * where it arrived and who sent it. Returns the length, 0 for something
 * that is not IKE (ignored), -1 when nothing is left (EAGAIN). */
long net_recv(struct net *n, int fd, uint8_t *buf, size_t cap, struct sockaddr_in *local,
	      struct sockaddr_in *from);

#endif
