// SPDX-License-Identifier: GPL-2.0
/*
 * The rtnetlink requests l2tpsecd makes: a PPP session's interface up,
 * with the gateway's address and the client's as its point-to-point peer
 * (the kernel adds the /32 route to the client), as pppd's ip-up does;
 * and a proxy ARP entry for the client's address on the LAN interface
 * whose subnet holds it, as pppd's proxyarp option does.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "kernel.h"

static struct mnl_socket *rtnl_open(char *err, size_t errlen)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		snprintf(err, errlen, "rtnetlink socket: %s", strerror(e));
		if (nl)
			mnl_socket_close(nl);
		errno = e;
		return NULL;
	}
	return nl;
}

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

/* /proc/sys/net/FAM/conf/IFNAME/KEY = val. CAP_NET_ADMIN over the
 * namespace is enough after the privilege drop (the kernel lets the
 * network administrator write net sysctls as root). 0 or -errno. */
static int conf_sysctl(const char *fam, uint32_t ifindex, const char *key, const char *val,
		       char *err, size_t errlen)
{
	char ifname[IF_NAMESIZE], path[128];
	size_t n = strlen(val);
	int fd, rc = 0;

	if (!if_indextoname(ifindex, ifname)) {
		rc = -errno;
		snprintf(err, errlen, "interface %u: %s", ifindex, strerror(errno));
		return rc;
	}
	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", fam, ifname, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, val, n) != (ssize_t)n)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	if (rc)
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	return rc;
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
 * The interface takes only what comes from the client's own address:
 * strict reverse-path filtering (rp_filter 1; the client's /32 is routed
 * through this interface alone), so a client cannot send with another
 * client's or a LAN host's address.
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
	rc = conf_sysctl("ipv4", ifindex, "rp_filter", "1", err, errlen);
	if (rc)
		return rc;
	nl = rtnl_open(err, errlen);
	if (!nl)
		return -errno;
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

/* The LAN interface for a proxy ARP entry: the longest IPv4 prefix (not a
 * /32, not a point-to-point peer) of an interface other than skip that
 * holds addr. */
struct lan_pick {
	uint32_t addr;			/* network order */
	uint32_t skip;
	uint32_t ifindex;
	int plen;
};

static int pick_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFA_MAX) < 0)
		return MNL_CB_OK;
	if ((type == IFA_ADDRESS || type == IFA_LOCAL) &&
	    mnl_attr_validate2(a, MNL_TYPE_BINARY, 4) < 0)
		return MNL_CB_OK;
	tb[type] = a;
	return MNL_CB_OK;
}

static int pick_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	struct lan_pick *p = data;
	uint32_t local, peer, mask;

	if (ifa->ifa_family != AF_INET || ifa->ifa_index == p->skip ||
	    ifa->ifa_prefixlen == 0 || ifa->ifa_prefixlen >= 32 ||
	    ifa->ifa_scope != RT_SCOPE_UNIVERSE)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifa), pick_attr, tb);
	if (!tb[IFA_LOCAL] || !tb[IFA_ADDRESS])
		return MNL_CB_OK;
	memcpy(&local, mnl_attr_get_payload(tb[IFA_LOCAL]), 4);
	memcpy(&peer, mnl_attr_get_payload(tb[IFA_ADDRESS]), 4);
	if (local != peer)		/* a point-to-point link: no LAN */
		return MNL_CB_OK;
	mask = htonl(~0u << (32 - ifa->ifa_prefixlen));
	if ((local & mask) == (p->addr & mask) && local != p->addr &&
	    ifa->ifa_prefixlen > p->plen) {
		p->plen = ifa->ifa_prefixlen;
		p->ifindex = ifa->ifa_index;
	}
	return MNL_CB_OK;
}

static int lan_find(struct mnl_socket *nl, struct in_addr addr, uint32_t skip, uint32_t *ifindex,
		    char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = (unsigned int)time(NULL), portid = mnl_socket_get_portid(nl);
	struct lan_pick p = { .addr = addr.s_addr, .skip = skip };
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	ssize_t n;
	int rc;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			goto fail;
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, pick_cb, &p);
	} while (rc > MNL_CB_STOP);
	if (rc < 0)
		goto fail;
	*ifindex = p.ifindex;
	return 0;
fail:
	rc = -errno;
	snprintf(err, errlen, "rtnetlink: addresses: %s", strerror(errno));
	return rc;
}

/**
 * rtnl_proxy_arp() - answer ARP for a client's address on its LAN
 * @d: the daemon (unused)
 * @addr: the client's address
 * @skip: its session interface (not a LAN)
 * @add: true: add the entry on the LAN interface whose subnet holds @addr
 *       (none: nothing to do); false: delete it from @lan
 * @lan: in: with !@add, the interface; out: with @add, where it went (0: none)
 * @err: the reason on failure
 * @errlen: its size
 *
 * A per-address proxy neighbour entry (NTF_PROXY), as pppd's proxyarp:
 * the kernel answers ARP for @addr on that interface while it routes
 * @addr elsewhere and forwards (net.ipv4.ip_forward). Hosts on the LAN
 * then reach the client with no route of their own.
 *
 * Return: 0 or -errno.
 */
int rtnl_proxy_arp(struct ked *d, struct in_addr addr, uint32_t skip, bool add, uint32_t *lan,
		   char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ndmsg *nd;
	int rc = 0;

	(void)d;
	if (add)
		*lan = 0;
	else if (!*lan)
		return 0;
	nl = rtnl_open(err, errlen);
	if (!nl)
		return -errno;
	if (add)
		rc = lan_find(nl, addr, skip, lan, err, errlen);
	if (!rc && *lan) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
				   (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
		nlh->nlmsg_seq = (unsigned int)time(NULL) + 1;
		nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
		nd->ndm_family = AF_INET;
		nd->ndm_ifindex = (int)*lan;
		nd->ndm_flags = NTF_PROXY;
		nd->ndm_state = NUD_PERMANENT;
		mnl_attr_put(nlh, NDA_DST, sizeof(addr), &addr);
		rc = rtnl_request(nl, nlh, err, errlen);
		if (rc == -ENOENT && !add)
			rc = 0;		/* gone with its interface */
	}
	mnl_socket_close(nl);
	return rc;
}
