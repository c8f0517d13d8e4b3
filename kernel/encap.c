// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - ESP-in-UDP sockets (RFC 3948) handed over by userspace.
 *
 * Userspace (the IKE daemon) opens and binds a UDP socket, usually on
 * port 4500, and passes its descriptor in ENCAP_NEW. The module enables
 * UDP_ENCAP_ESPINUDP on it, so the kernel's own xfrm4_udp_encap_rcv()
 * strips the UDP header of ESP packets, absorbs NAT keepalives and lets
 * IKE (non-ESP marker) through to the socket's owner. ESP packets then
 * reach rx.c through the xfrm4 protocol handler chain, where SPIs the
 * module does not own continue to the kernel's esp4.
 *
 * The owner keeps the socket: the module holds a reference on the struct
 * sock (not on its file), with which it alone tears its side down, and
 * hooks udp_sk(sk)->encap_destroy, as l2tp_core does for tunnel sockets
 * of userspace. Nothing the owner does may make the module wait for it:
 * it can turn UDP_ENCAP off (or to another type) and on again at any time,
 * and close the socket in any of these states; udp_destroy_sock() calls
 * encap_destroy only while encap_type is not 0. So the hook is only a
 * prompt notice: when the owner closes the socket with encapsulation on,
 * l2tpsec_encap_destroy() queues l2tpsec_encap_close_work(), which drops
 * the record under RTNL. A socket closed with encapsulation off is found
 * by l2tpsec_encap_reap() (SOCK_DEAD), run by ENCAP_NEW and ENCAP_DEL and
 * every L2TPSEC_ENCAP_GC_INTERVAL by a per-namespace delayed work while
 * the namespace has adopted sockets: the record's sock reference would
 * otherwise pin the namespace. Inbound SAs of the port stay, without a
 * socket, and are counted again by the next socket handed over on that
 * port. ENCAP_DEL (or namespace exit, or unload) while the owner still
 * has the socket takes the hook out and puts back the encapsulation the
 * module set (see l2tpsec_encap_unhook()); on a closing socket it waits
 * only for a hook call that is certain and already under way.
 *
 * Without a descriptor (static keying, nobody to read IKE) the module
 * opens a kernel socket on ENCAP_PORT itself; kernel sockets do not pin
 * the namespace and live until ENCAP_DEL or namespace exit.
 */
#include <linux/completion.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/xfrm.h>

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

static void l2tpsec_encap_free(struct kref *ref)
{
	kfree(container_of(ref, struct l2tpsec_encap_sock, ref));
}

static void l2tpsec_encap_put(struct l2tpsec_encap_sock *e)
{
	kref_put(&e->ref, l2tpsec_encap_free);
}

static void l2tpsec_encap_close_work(struct work_struct *work);

static struct l2tpsec_encap_sock *l2tpsec_encap_alloc(struct l2tpsec_net *ln,
						      u16 port)
{
	struct l2tpsec_encap_sock *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	INIT_LIST_HEAD(&e->list);
	kref_init(&e->ref);
	e->ln = ln;
	e->port = port;
	INIT_WORK(&e->close_work, l2tpsec_encap_close_work);
	init_completion(&e->closed);
	return e;
}

/* Make @e the encap socket of its port; inbound UDP SAs of that port
 * left without one by a closed socket use it from now on.
 */
static void l2tpsec_encap_link(struct l2tpsec_encap_sock *e)
{
	list_add_tail(&e->list, &e->ln->encaps);
	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_ENCAP]);
	l2tpsec_sa_encap_adopt(e->ln, e);
	if (!e->kernel)
		queue_delayed_work(l2tpsec_wq, &e->ln->encap_gc,
				   L2TPSEC_ENCAP_GC_INTERVAL);
}

static int l2tpsec_encap_enable(struct socket *sock)
{
	int val = UDP_ENCAP_ESPINUDP;

	return sock->ops->setsockopt(sock, SOL_UDP, UDP_ENCAP,
				     KERNEL_SOCKPTR(&val), sizeof(val));
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
	struct l2tpsec_encap_sock *e;
	struct socket *sock;
	int err;

	ASSERT_RTNL();
	l2tpsec_encap_reap(ln);
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
	e = err ? NULL : l2tpsec_encap_alloc(ln, port);
	if (!e) {
		NL_SET_ERR_MSG(extack, "cannot set up the ESP-in-UDP socket");
		udp_tunnel_sock_release(sock);
		return err ?: -ENOMEM;
	}
	e->kernel = true;
	e->sock = sock;
	l2tpsec_encap_link(e);
	return 0;
}

/*
 * udp_sk(sk)->encap_destroy of an adopted socket: udp_destroy_sock()
 * calls it when the owner closes the socket (the last reference to its
 * file went) with a non-zero encap_type, in process context, without the
 * socket lock, after setting SOCK_DEAD. The record's own reference (taken
 * for this hook) goes to the close work, queued before
 * l2tpsec_encap_unhook() may stop waiting. The record may have been
 * detached already (l2tpsec_encap_unhook() found the socket closing with
 * encapsulation off): then there is nothing to do.
 */
static void l2tpsec_encap_destroy(struct sock *sk)
{
	struct l2tpsec_encap_sock *e;

	write_lock_bh(&sk->sk_callback_lock);
	e = __locked_read_sk_user_data_with_flags(sk, 0);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	if (!e)
		return;
	queue_work(l2tpsec_wq, &e->close_work);
	complete(&e->closed);
}

/**
 * l2tpsec_encap_add() - adopt a userspace UDP socket for ESP-in-UDP
 * @ln: namespace state
 * @fd: descriptor in the calling process
 * @extack: error reporting
 *
 * Saves the socket's encapsulation state, hooks its encap_destroy and
 * sets UDP_ENCAP_ESPINUDP unless the owner had already set it. The file
 * reference of sockfd_lookup() is only held during the call: the record
 * keeps a reference on the struct sock, dropped when the owner closes the
 * socket or the record is deleted.
 *
 * Context: RTNL, process context of the netlink sender.
 * Return: 0 or a negative errno with an extack message.
 */
int l2tpsec_encap_add(struct l2tpsec_net *ln, int fd,
		      struct netlink_ext_ack *extack)
{
	struct l2tpsec_encap_sock *e;
	struct socket *sock;
	struct udp_sock *up;
	struct sock *sk;
	u16 port;
	int err;

	ASSERT_RTNL();
	l2tpsec_encap_reap(ln);
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
	e = l2tpsec_encap_alloc(ln, port);
	if (!e) {
		err = -ENOMEM;
		goto err_put;
	}

	up = udp_sk(sk);
	lock_sock(sk);
	/* Only a socket without encapsulation, or with the ESP-in-UDP one
	 * its owner set (setsockopt(UDP_ENCAP)), and that no kernel user
	 * (l2tp, another module, a BPF map) has claimed.
	 */
	if ((up->encap_type && up->encap_type != UDP_ENCAP_ESPINUDP) ||
	    up->encap_destroy) {
		err = -EBUSY;
		goto err_unlock;
	}
	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data) {
		write_unlock_bh(&sk->sk_callback_lock);
		err = -EBUSY;
		goto err_unlock;
	}
	rcu_assign_sk_user_data(sk, e);
	write_unlock_bh(&sk->sk_callback_lock);

	e->old_encap_type = up->encap_type;
	e->old_encap_rcv = up->encap_rcv;
	e->old_encap_destroy = up->encap_destroy;
	WRITE_ONCE(up->encap_destroy, l2tpsec_encap_destroy);
	if (!up->encap_type) {
		/* as udp_lib_setsockopt(UDP_ENCAP, UDP_ENCAP_ESPINUDP) */
		WRITE_ONCE(up->encap_rcv, xfrm4_udp_encap_rcv);
		WRITE_ONCE(up->encap_type, UDP_ENCAP_ESPINUDP);
		udp_tunnel_encap_enable(sk);
	}
	release_sock(sk);

	sock_hold(sk);
	e->sk = sk;
	kref_get(&e->ref);	/* for l2tpsec_encap_destroy() */
	l2tpsec_encap_link(e);
	sockfd_put(sock);
	return 0;

err_unlock:
	release_sock(sk);
	NL_SET_ERR_MSG(extack, "ENCAP_FD socket already has another UDP encapsulation");
	l2tpsec_encap_put(e);
err_put:
	sockfd_put(sock);
	return err;
}

/*
 * Let go of an adopted socket, with the record's own sock reference,
 * whatever its owner did with it meanwhile.
 *
 * Under the socket lock, SOCK_DEAD tells whether the owner closed it:
 * udp_destroy_sock() sets the flag under that lock and reads encap_type
 * and encap_destroy after releasing it; once it is set nobody has the
 * file any more, so those fields no longer change.
 *
 * - Open: take the hook out (a later close no longer calls the module)
 *   and, if encapsulation is still the one the module turned on, turn it
 *   off again; a type the owner chose itself (its own ESP-in-UDP from
 *   before ENCAP_NEW, or any later setsockopt(UDP_ENCAP)) stays.
 * - Closing with encap_type != 0 and the hook in place: the hook is
 *   certain to run, in the closing task, right after the lock we held;
 *   wait for it (bounded: it takes no lock the caller holds), so that
 *   nothing calls into the module once the namespace or module is gone.
 * - Closing otherwise (the owner turned UDP_ENCAP off before closing):
 *   the hook never runs; do not wait for it.
 *
 * In the first and last case the module detaches the record from the
 * socket itself and drops the hook's reference.
 */
static void l2tpsec_encap_unhook(struct l2tpsec_encap_sock *e)
{
	struct sock *sk = e->sk;
	struct udp_sock *up = udp_sk(sk);
	bool hook_runs, detached = false;

	lock_sock(sk);
	hook_runs = sock_flag(sk, SOCK_DEAD) && up->encap_type &&
		    READ_ONCE(up->encap_destroy) == l2tpsec_encap_destroy;
	if (!hook_runs) {
		if (!sock_flag(sk, SOCK_DEAD) && !e->old_encap_type &&
		    up->encap_type == UDP_ENCAP_ESPINUDP &&
		    READ_ONCE(up->encap_rcv) == xfrm4_udp_encap_rcv) {
			WRITE_ONCE(up->encap_type, 0);
			WRITE_ONCE(up->encap_rcv, e->old_encap_rcv);
		}
		if (READ_ONCE(up->encap_destroy) == l2tpsec_encap_destroy)
			WRITE_ONCE(up->encap_destroy, e->old_encap_destroy);
		write_lock_bh(&sk->sk_callback_lock);
		if (__locked_read_sk_user_data_with_flags(sk, 0) == e) {
			rcu_assign_sk_user_data(sk, NULL);
			detached = true;
		}
		write_unlock_bh(&sk->sk_callback_lock);
	}
	release_sock(sk);

	if (hook_runs)
		wait_for_completion(&e->closed);
	else if (detached)
		l2tpsec_encap_put(e);	/* the hook's: it will not run */
	sock_put(sk);
}

/* Unlink and release @e; its SAs are left without a socket. RTNL. */
static void l2tpsec_encap_release(struct l2tpsec_encap_sock *e)
{
	list_del_init(&e->list);
	l2tpsec_sa_encap_orphan(e->ln, e);
	if (e->kernel)
		udp_tunnel_sock_release(e->sock);
	else
		l2tpsec_encap_unhook(e);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_ENCAP]);
	l2tpsec_encap_put(e);
}

/* The owner closed an adopted socket: drop its record, unless ENCAP_DEL
 * or namespace exit did meanwhile.
 */
static void l2tpsec_encap_close_work(struct work_struct *work)
{
	struct l2tpsec_encap_sock *e = container_of(work, struct l2tpsec_encap_sock,
						    close_work);

	rtnl_lock();
	if (!list_empty(&e->list))
		l2tpsec_encap_release(e);
	rtnl_unlock();
	l2tpsec_encap_put(e);
}

/**
 * l2tpsec_encap_reap() - drop the records of adopted sockets their owners
 *	closed
 * @ln: namespace state
 *
 * Finds the sockets closed without the hook (encapsulation turned off
 * first), and those whose close work has not run yet.
 *
 * Context: RTNL.
 * Return: true while adopted sockets remain.
 */
bool l2tpsec_encap_reap(struct l2tpsec_net *ln)
{
	struct l2tpsec_encap_sock *e, *tmp;
	bool adopted = false;

	ASSERT_RTNL();
	list_for_each_entry_safe(e, tmp, &ln->encaps, list) {
		if (e->kernel)
			continue;
		if (sock_flag(e->sk, SOCK_DEAD))
			l2tpsec_encap_release(e);
		else
			adopted = true;
	}
	return adopted;
}

/**
 * l2tpsec_encap_gc_work() - reap closed adopted sockets periodically
 * @work: &l2tpsec_net.encap_gc
 *
 * Re-arms itself while the namespace has adopted sockets;
 * l2tpsec_net_exit() cancels it.
 */
void l2tpsec_encap_gc_work(struct work_struct *work)
{
	struct l2tpsec_net *ln = container_of(to_delayed_work(work),
					      struct l2tpsec_net, encap_gc);

	rtnl_lock();
	if (l2tpsec_encap_reap(ln))
		queue_delayed_work(l2tpsec_wq, &ln->encap_gc,
				   L2TPSEC_ENCAP_GC_INTERVAL);
	rtnl_unlock();
}

/**
 * l2tpsec_encap_del() - release the encap socket of a port
 * @ln: namespace state
 * @port: local port, host order
 * @extack: error reporting
 *
 * An adopted socket gets back the encapsulation state it had before
 * ENCAP_NEW; a kernel socket is closed.
 *
 * Context: RTNL.
 * Return: 0, -ENOENT, or -EBUSY while inbound SAs use the socket.
 */
int l2tpsec_encap_del(struct l2tpsec_net *ln, u16 port,
		      struct netlink_ext_ack *extack)
{
	struct l2tpsec_encap_sock *e;

	l2tpsec_encap_reap(ln);
	e = l2tpsec_encap_find(ln, port);
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
 * Close works still queued for these sockets find them released; the
 * caller flushes l2tpsec_wq after dropping RTNL.
 *
 * Context: RTNL, after all SAs are gone.
 */
void l2tpsec_encap_flush(struct l2tpsec_net *ln)
{
	struct l2tpsec_encap_sock *e, *tmp;

	list_for_each_entry_safe(e, tmp, &ln->encaps, list)
		l2tpsec_encap_release(e);
}
