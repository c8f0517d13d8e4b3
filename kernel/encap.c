// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - ESP-in-UDP sockets (RFC 3948) handed over by userspace.
 *
 * Userspace (the CLI, or the IKE daemon) opens and binds a UDP socket,
 * usually on port 4500, and passes its descriptor in ENCAP_NEW. The
 * module enables UDP_ENCAP_ESPINUDP on it, so the kernel's own
 * xfrm4_udp_encap_rcv() strips the UDP header of ESP packets, absorbs NAT
 * keepalives and lets IKE (non-ESP marker) through to the socket's owner.
 * ESP packets then reach rx.c through the xfrm4 protocol handler chain,
 * where SPIs the module does not own continue to the kernel's esp4.
 * The module keeps a reference on the socket's file, so the socket lives
 * on after its owner closes it, until ENCAP_DEL or namespace exit. A user
 * socket holds its namespace alive: the owner deletes it before leaving.
 *
 * Without a descriptor (static keying, nobody to read IKE) the module
 * opens a kernel socket on ENCAP_PORT itself; kernel sockets do not pin
 * the namespace.
 */
#include <linux/file.h>
#include <linux/net.h>
#include <linux/udp.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "l2tpsec.h"

/**
 * l2tpsec_encap_find() - the encap socket bound to a local port
 * @ln: namespace state
 * @port: local UDP port, host order
 *
 * Context: RTNL.
 * Return: the socket's record, or NULL.
 */
struct l2tpsec_encap_sock *l2tpsec_encap_find(struct l2tpsec_net *ln, u16 port)
{
	struct l2tpsec_encap_sock *e;

	ASSERT_RTNL();
	list_for_each_entry(e, &ln->encaps, list)
		if (e->port == port)
			return e;
	return NULL;
}

static int l2tpsec_encap_enable(struct socket *sock)
{
	int val = UDP_ENCAP_ESPINUDP;

	return sock->ops->setsockopt(sock, SOL_UDP, UDP_ENCAP,
				     KERNEL_SOCKPTR(&val), sizeof(val));
}

static int l2tpsec_encap_insert(struct l2tpsec_net *ln, struct socket *sock,
				u16 port, bool kernel)
{
	struct l2tpsec_encap_sock *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->sock = sock;
	e->port = port;
	e->kernel = kernel;
	list_add_tail(&e->list, &ln->encaps);
	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_ENCAP]);
	return 0;
}

/**
 * l2tpsec_encap_open() - open a kernel ESP-in-UDP socket on a port
 * @ln: namespace state
 * @port: local UDP port, host order
 * @extack: error reporting
 *
 * Context: RTNL.
 * Return: 0 or a negative errno with an extack message.
 */
int l2tpsec_encap_open(struct l2tpsec_net *ln, u16 port,
		       struct netlink_ext_ack *extack)
{
	struct udp_port_cfg cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(port),
	};
	struct socket *sock;
	int err;

	ASSERT_RTNL();
	if (l2tpsec_encap_find(ln, port)) {
		NL_SET_ERR_MSG(extack, "an ESP-in-UDP socket is already attached on this port");
		return -EEXIST;
	}
	err = udp_sock_create4(ln->net, &cfg, &sock);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot bind a UDP socket on ENCAP_PORT (in use?)");
		return err;
	}
	err = l2tpsec_encap_enable(sock);
	if (!err)
		err = l2tpsec_encap_insert(ln, sock, port, true);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot set up the ESP-in-UDP socket");
		udp_tunnel_sock_release(sock);
	}
	return err;
}

/**
 * l2tpsec_encap_add() - adopt a userspace UDP socket for ESP-in-UDP
 * @ln: namespace state
 * @fd: descriptor in the calling process
 * @extack: error reporting
 *
 * Context: RTNL, process context of the netlink sender.
 * Return: 0 or a negative errno with an extack message.
 */
int l2tpsec_encap_add(struct l2tpsec_net *ln, int fd,
		      struct netlink_ext_ack *extack)
{
	struct socket *sock;
	struct sock *sk;
	u16 port;
	int err;

	ASSERT_RTNL();
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "ENCAP_FD is not a socket of the caller");
		return err;
	}
	sk = sock->sk;
	if (sk->sk_family != AF_INET || sk->sk_type != SOCK_DGRAM ||
	    sk->sk_protocol != IPPROTO_UDP) {
		NL_SET_ERR_MSG(extack, "ENCAP_FD must be an IPv4 UDP socket");
		err = -EINVAL;
		goto err_put;
	}
	if (!net_eq(sock_net(sk), ln->net)) {
		NL_SET_ERR_MSG(extack, "ENCAP_FD belongs to another network namespace");
		err = -EINVAL;
		goto err_put;
	}
	port = ntohs(inet_sk(sk)->inet_sport);
	if (!port) {
		NL_SET_ERR_MSG(extack, "ENCAP_FD socket is not bound to a port");
		err = -EINVAL;
		goto err_put;
	}
	if (l2tpsec_encap_find(ln, port)) {
		NL_SET_ERR_MSG(extack, "an ESP-in-UDP socket is already attached on this port");
		err = -EEXIST;
		goto err_put;
	}
	if (udp_sk(sk)->encap_type &&
	    udp_sk(sk)->encap_type != UDP_ENCAP_ESPINUDP) {
		NL_SET_ERR_MSG(extack, "ENCAP_FD socket already has another UDP encapsulation");
		err = -EBUSY;
		goto err_put;
	}
	err = l2tpsec_encap_enable(sock);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot enable UDP_ENCAP_ESPINUDP on ENCAP_FD");
		goto err_put;
	}
	/* sockfd_lookup() took a reference on the file: keep it. */
	err = l2tpsec_encap_insert(ln, sock, port, false);
	if (err)
		goto err_put;
	return 0;

err_put:
	sockfd_put(sock);
	return err;
}

static void l2tpsec_encap_release(struct l2tpsec_encap_sock *e)
{
	list_del(&e->list);
	if (e->kernel)
		udp_tunnel_sock_release(e->sock);
	else
		sockfd_put(e->sock);
	kfree(e);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_ENCAP]);
}

/**
 * l2tpsec_encap_del() - release the encap socket of a port
 * @ln: namespace state
 * @port: local port, host order
 * @extack: error reporting
 *
 * Context: RTNL.
 * Return: 0, -ENOENT, or -EBUSY while inbound SAs use the socket.
 */
int l2tpsec_encap_del(struct l2tpsec_net *ln, u16 port,
		      struct netlink_ext_ack *extack)
{
	struct l2tpsec_encap_sock *e = l2tpsec_encap_find(ln, port);

	if (!e) {
		NL_SET_ERR_MSG(extack, "no ESP-in-UDP socket on this port");
		return -ENOENT;
	}
	if (e->users) {
		NL_SET_ERR_MSG(extack, "inbound SAs still use this socket: delete them first");
		return -EBUSY;
	}
	l2tpsec_encap_release(e);
	return 0;
}

/**
 * l2tpsec_encap_flush() - release every encap socket (namespace exit)
 * @ln: namespace state
 *
 * Context: RTNL, after all SAs are gone.
 */
void l2tpsec_encap_flush(struct l2tpsec_net *ln)
{
	struct l2tpsec_encap_sock *e, *tmp;

	list_for_each_entry_safe(e, tmp, &ln->encaps, list)
		l2tpsec_encap_release(e);
}
