// SPDX-License-Identifier: GPL-2.0
/*
 * The one rtnetlink request l2tpsecd makes: a PPP session's interface up,
 * with the gateway's address and the client's as its point-to-point peer
 * (the kernel adds the /32 route to the client), as pppd's ip-up does.
 */
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "kernel.h"

static int rtnl_request(struct mnl_socket *nl, struct nlmsghdr *nlh, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
	ssize_t n;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		snprintf(err, errlen, "rtnetlink: %s", strerror(errno));
		return -errno;
	}
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0) {
		snprintf(err, errlen, "rtnetlink: %s", strerror(errno));
		return -errno;
	}
	if (mnl_cb_run(buf, (size_t)n, seq, portid, NULL, NULL) < 0) {
		int e = errno;

		snprintf(err, errlen, "rtnetlink: %s", strerror(e));
		return -e;
	}
	return 0;
}

/**
 * rtnl_ip_up() - up a session interface and address it
 * @d: the daemon (unused: rtnetlink needs no module handle)
 * @ifindex: the interface
 * @local: the gateway's PPP address
 * @peer: the client's
 * @err: the reason on failure
 * @errlen: its size
 *
 * Return: 0 or -errno.
 */
int rtnl_ip_up(struct ked *d, uint32_t ifindex, struct in_addr local, struct in_addr peer,
	       char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct ifaddrmsg *ifa;
	unsigned int seq = (unsigned int)time(NULL);
	int rc;

	(void)d;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		snprintf(err, errlen, "rtnetlink socket: %s", strerror(errno));
		if (nl)
			mnl_socket_close(nl);
		return rc;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = seq++;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 32;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(local), &local);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(peer), &peer);
	rc = rtnl_request(nl, nlh, err, errlen);
	if (!rc) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_NEWLINK;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		nlh->nlmsg_seq = seq++;
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		ifi->ifi_index = (int)ifindex;
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
		rc = rtnl_request(nl, nlh, err, errlen);
	}
	mnl_socket_close(nl);
	return rc;
}
