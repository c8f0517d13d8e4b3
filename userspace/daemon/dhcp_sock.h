/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DHCP server port of l2tpsecd (dhcp_sock.c): the DHCPINFORMs that
 * remote-access clients send over their PPP link arrive here and are
 * answered on the same link (daemon/remote.c decides, dhcp/ encodes).
 */
#ifndef L2TPSEC_DHCP_SOCK_H
#define L2TPSEC_DHCP_SOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct ked;

/* UDP 67 on every address (broadcasts included); -1 with err. */
int dhcp_sock_open(char *err, size_t errlen);
/* Answer every waiting DHCPINFORM (ra_dhcp() builds the answers). */
void dhcp_sock_read(int fd, struct ked *d);

#endif
