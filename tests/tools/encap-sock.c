// SPDX-License-Identifier: GPL-2.0
/*
 * encap-sock - hold a UDP socket with UDP_ENCAP_ESPINUDP set, so that the
 * stock xfrm stack decapsulates ESP-in-UDP (RFC 3948) arriving on it.
 *
 *   encap-sock [-a ADDR] PORT
 *
 * Binds 0.0.0.0:PORT (or ADDR:PORT), sets the option, prints "ready" on
 * stdout, then sleeps until killed. Exit status 1 on any error.
 *
 * Like an IKE daemon's NAT-T socket it also gets per-socket "allow"
 * (bypass) xfrm policies: the kernel checks the inbound policy on the
 * outer UDP/4500 datagram before handing it to the encap handler, so a
 * "proto udp" transport policy would otherwise drop every ESP-in-UDP
 * packet (XfrmInTmplMismatch) before it is decrypted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef IP_XFRM_POLICY
#define IP_XFRM_POLICY 17
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

static int bypass_policy(int fd, int dir)
{
	struct xfrm_userpolicy_info pol;

	memset(&pol, 0, sizeof(pol));
	pol.sel.family = AF_INET;
	pol.dir = dir;
	pol.action = XFRM_POLICY_ALLOW;
	pol.lft.soft_byte_limit = XFRM_INF;
	pol.lft.hard_byte_limit = XFRM_INF;
	pol.lft.soft_packet_limit = XFRM_INF;
	pol.lft.hard_packet_limit = XFRM_INF;
	return setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &pol, sizeof(pol));
}

static void usage(void)
{
	fprintf(stderr, "usage: encap-sock [-a ADDR] PORT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int type = UDP_ENCAP_ESPINUDP;
	const char *addr = "0.0.0.0";
	char *end;
	long port;
	int opt, fd;

	while ((opt = getopt(argc, argv, "a:")) != -1) {
		if (opt != 'a')
			usage();
		addr = optarg;
	}
	if (optind != argc - 1)
		usage();
	port = strtol(argv[optind], &end, 0);
	if (*argv[optind] == '\0' || *end != '\0' || port < 1 || port > 65535)
		usage();
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "encap-sock: bad address %s\n", addr);
		return 1;
	}
	sin.sin_port = htons((unsigned short)port);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("encap-sock: socket");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "encap-sock: bind %s:%ld: %s\n", addr, port,
			strerror(errno));
		return 1;
	}
	if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0) {
		perror("encap-sock: setsockopt(UDP_ENCAP_ESPINUDP)");
		return 1;
	}
	if (bypass_policy(fd, XFRM_POLICY_IN) < 0 ||
	    bypass_policy(fd, XFRM_POLICY_OUT) < 0) {
		perror("encap-sock: setsockopt(IP_XFRM_POLICY bypass)");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
