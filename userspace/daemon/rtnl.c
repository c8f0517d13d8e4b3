// SPDX-License-Identifier: GPL-2.0
/*
 * The rtnetlink requests l2tpsecd makes on a PPP session's interface, as
 * pppd does on its ppp interfaces: up, with the gateway's address and the
 * client's as its point-to-point peer (the kernel adds the /32 route to
 * the client); IPv6 link-local addresses from the IPV6CP interface
 * identifiers; the MTU lowered to the client's MRU; a proxy ARP entry
 * for the client's address on the LAN interface whose subnet holds it,
 * as pppd's proxyarp option does. And the interface's sysctls: strict
 * reverse-path filtering, IPv6 off until IPV6CP opens.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "kernel.h"

static int rtnl_request_cb(struct mnl_socket *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
			   char *err, size_t errlen)
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
	if (mnl_cb_run(buf, (size_t)n, seq, portid, cb, data) < 0) {
		int e = errno;

		snprintf(err, errlen, "rtnetlink: %s", strerror(e));
		return -e;
	}
	return 0;
}

static int rtnl_request(struct mnl_socket *nl, struct nlmsghdr *nlh, char *err, size_t errlen)
{
	return rtnl_request_cb(nl, nlh, NULL, NULL, err, errlen);
}

static struct mnl_socket *rtnl_open(int *rc, char *err, size_t errlen)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		*rc = -errno;
		snprintf(err, errlen, "rtnetlink socket: %s", strerror(errno));
		if (nl)
			mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

/* RTM_NEWLINK on ifindex: IFF_UP, and the MTU if mtu. */
static int link_set(struct mnl_socket *nl, unsigned int seq, uint32_t ifindex, bool up,
		    uint32_t mtu, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = up ? IFF_UP : 0;
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return rtnl_request(nl, nlh, err, errlen);
}

/**
 * rtnl_sysctl() - /proc/sys/net/@fam/conf/<the interface>/@key = @val
 * @fam: "ipv4" or "ipv6"
 * @ifindex: the interface
 * @key: the setting
 * @val: its new value
 * @err: the reason on failure
 * @errlen: its size
 *
 * CAP_NET_ADMIN over the namespace is enough after the privilege drop
 * (the kernel lets the network administrator write net sysctls as root).
 *
 * Return: 0 or -errno (-ENOENT: no such setting, e.g. no IPv6 on it).
 */
int rtnl_sysctl(const char *fam, uint32_t ifindex, const char *key, const char *val,
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
	struct ifaddrmsg *ifa;
	unsigned int seq = (unsigned int)time(NULL);
	int rc;

	(void)d;
	rc = rtnl_sysctl("ipv4", ifindex, "rp_filter", "1", err, errlen);
	if (rc)
		return rc;
	nl = rtnl_open(&rc, err, errlen);
	if (!nl)
		return rc;
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
	if (!rc)
		rc = link_set(nl, seq, ifindex, true, 0, err, errlen);
	mnl_socket_close(nl);
	return rc;
}

/* fe80::<id> */
static void link_local(struct in6_addr *a, uint64_t id)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0xfe;
	a->s6_addr[1] = 0x80;
	for (int i = 15; i >= 8; i--) {
		a->s6_addr[i] = (uint8_t)id;
		id >>= 8;
	}
}

/**
 * rtnl_ipv6_up() - IPv6 link-local addresses on a session interface
 * @d: the daemon (unused: rtnetlink needs no module handle)
 * @ifindex: the interface
 * @local_id: our IPV6CP interface identifier: fe80::<local_id>/64
 * @peer_id: the client's: the point-to-point peer fe80::<peer_id> (0: none)
 * @err: the reason on failure
 * @errlen: its size
 *
 * IPv6 is switched on for the interface (off from its creation, so that
 * a client without IPV6CP cannot send IPv6 through it) and the
 * interface set up (IPV6CP may open before IPCP). A PPP
 * interface (ARPHRD_PPP) gets no link-local address of its own from the
 * kernel, so ours is the only one; no duplicate address detection (the
 * identifiers were negotiated).
 *
 * Return: 0 or -errno.
 */
int rtnl_ipv6_up(struct ked *d, uint32_t ifindex, uint64_t local_id, uint64_t peer_id,
		 char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct in6_addr local, peer;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	unsigned int seq = (unsigned int)time(NULL);
	int rc;

	(void)d;
	link_local(&local, local_id);
	link_local(&peer, peer_id ? peer_id : local_id);
	/* off since the interface was made (kern_lns_session_add()) */
	rc = rtnl_sysctl("ipv6", ifindex, "disable_ipv6", "0", err, errlen);
	if (rc)
		return rc;
	nl = rtnl_open(&rc, err, errlen);
	if (!nl)
		return rc;
	rc = link_set(nl, seq++, ifindex, true, 0, err, errlen);
	if (!rc) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_NEWADDR;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
		nlh->nlmsg_seq = seq++;
		ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
		ifa->ifa_family = AF_INET6;
		ifa->ifa_prefixlen = 64;
		ifa->ifa_flags = IFA_F_NODAD;
		ifa->ifa_scope = RT_SCOPE_LINK;
		ifa->ifa_index = ifindex;
		mnl_attr_put(nlh, IFA_LOCAL, sizeof(local), &local);
		mnl_attr_put(nlh, IFA_ADDRESS, sizeof(peer), &peer);
		rc = rtnl_request(nl, nlh, err, errlen);
	}
	mnl_socket_close(nl);
	return rc;
}

static int mtu_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(a) == IFLA_MTU &&
		    mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			*(uint32_t *)data = mnl_attr_get_u32(a);
	}
	return MNL_CB_OK;
}

/**
 * rtnl_mtu_cap() - lower a session interface's MTU to at most mtu
 * @d: the daemon (unused)
 * @ifindex: the interface
 * @mtu: the most it may be (the client's MRU)
 * @now: filled with the MTU the interface has afterwards
 * @err: the reason on failure
 * @errlen: its size
 *
 * The interface's MTU is the module's (computed from the path, or the
 * lns block's `mru`); it is only ever lowered, never raised.
 *
 * Return: 0 or -errno.
 */
int rtnl_mtu_cap(struct ked *d, uint32_t ifindex, uint32_t mtu, uint32_t *now, char *err,
		 size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	unsigned int seq = (unsigned int)time(NULL);
	uint32_t cur = 0;
	int rc;

	(void)d;
	nl = rtnl_open(&rc, err, errlen);
	if (!nl)
		return rc;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq++;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	rc = rtnl_request_cb(nl, nlh, mtu_cb, &cur, err, errlen);
	if (!rc && !cur) {
		snprintf(err, errlen, "rtnetlink: no MTU for interface %u", ifindex);
		rc = -ENODATA;
	}
	if (!rc && mtu < cur) {
		rc = link_set(nl, seq, ifindex, false, mtu, err, errlen);
		if (!rc)
			cur = mtu;
	}
	if (!rc)
		*now = cur;
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
	nl = rtnl_open(&rc, err, errlen);
	if (!nl)
		return rc;
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
