// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - L2TP tunnels and the UDP sockets receiving clear-text L2TP.
 *
 * A tunnel stands for one peer: its addresses and ports, its outbound SA
 * and whether ESP is required. Tunnels on the same local port share one
 * kernel UDP socket (struct l2tpsec_port) whose encap_rcv hook hands
 * clear-text L2TP to rx.c. L2TP that arrived inside ESP never touches
 * that socket: rx.c dispatches it right after decryption.
 */
#include <linux/hash.h>
#include <net/udp_tunnel.h>

#include "l2tpsec.h"

static struct l2tpsec_port *l2tpsec_port_get(struct l2tpsec_net *ln, u16 port,
					     struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.encap_type = UDP_ENCAP_L2TPINUDP,
		.encap_rcv = l2tpsec_port_encap_rcv,
	};
	struct udp_port_cfg cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(port),
	};
	struct l2tpsec_port *p;
	int err;

	list_for_each_entry(p, &ln->ports, list) {
		if (p->port == port) {
			p->users++;
			return p;
		}
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	err = udp_sock_create4(ln->net, &cfg, &p->sock);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot bind the L2TP UDP port (in use by another L2TP stack?)");
		kfree(p);
		return ERR_PTR(err);
	}
	tcfg.sk_user_data = ln;
	setup_udp_tunnel_sock(ln->net, p->sock, &tcfg);
	p->port = port;
	p->users = 1;
	list_add_tail(&p->list, &ln->ports);
	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_PORT]);
	return p;
}

static void l2tpsec_port_put(struct l2tpsec_port *p)
{
	if (--p->users)
		return;
	list_del(&p->list);
	/* Waits for readers of the socket: no rx in flight after this. */
	udp_tunnel_sock_release(p->sock);
	kfree(p);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_PORT]);
}

static u32 l2tpsec_tunnel_hash(u32 id)
{
	return hash_32(id, L2TPSEC_HASH_BITS);
}

/**
 * l2tpsec_tunnel_lookup() - find a tunnel by local id
 * @ln: namespace state
 * @id: local tunnel id
 *
 * Context: RCU read side or RTNL; no reference is taken.
 * Return: the tunnel or NULL.
 */
struct l2tpsec_tunnel *l2tpsec_tunnel_lookup(struct l2tpsec_net *ln, u32 id)
{
	struct l2tpsec_tunnel *t;

	hlist_for_each_entry_rcu(t, &ln->tunnels[l2tpsec_tunnel_hash(id)], hnode,
				 lockdep_rtnl_is_held())
		if (t->id == id)
			return t;
	return NULL;
}

static void l2tpsec_tunnel_free_rcu(struct rcu_head *head)
{
	struct l2tpsec_tunnel *t = container_of(head, struct l2tpsec_tunnel, rcu);

	dst_cache_destroy(&t->dst_cache);
	l2tpsec_stats_free(&t->stats);
	kfree(t);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_TUNNEL]);
}

static void l2tpsec_tunnel_release(struct kref *ref)
{
	struct l2tpsec_tunnel *t = container_of(ref, struct l2tpsec_tunnel, ref);
	struct l2tpsec_sa *sa = rcu_dereference_protected(t->sa_out, true);

	if (sa)
		l2tpsec_sa_put(sa);
	call_rcu(&t->rcu, l2tpsec_tunnel_free_rcu);
}

/**
 * l2tpsec_tunnel_put() - drop a tunnel reference
 * @t: the tunnel
 */
void l2tpsec_tunnel_put(struct l2tpsec_tunnel *t)
{
	kref_put(&t->ref, l2tpsec_tunnel_release);
}

static int l2tpsec_tunnel_check_sa(struct l2tpsec_tunnel *t, u32 spi,
				   struct l2tpsec_sa **out,
				   struct netlink_ext_ack *extack)
{
	struct l2tpsec_sa *sa;

	*out = NULL;
	if (!spi)
		return 0;
	sa = l2tpsec_sa_lookup(t->ln, spi, L2TPSEC_DIR_OUT);
	if (!sa) {
		NL_SET_ERR_MSG(extack, "TUNNEL_SA_OUT names no outbound SA");
		return -ENOENT;
	}
	if (sa->local_ip != t->local_ip || sa->peer_ip != t->peer_ip) {
		NL_SET_ERR_MSG(extack, "TUNNEL_SA_OUT addresses differ from the tunnel's");
		return -EINVAL;
	}
	if (!l2tpsec_sa_get(sa))
		return -ENOENT;
	*out = sa;
	return 0;
}

/**
 * l2tpsec_tunnel_create() - create a tunnel
 * @ln: namespace state
 * @cfg: requested configuration
 * @extack: error reporting
 *
 * Context: RTNL.
 * Return: the tunnel (owned by the table) or an ERR_PTR.
 */
struct l2tpsec_tunnel *l2tpsec_tunnel_create(struct l2tpsec_net *ln,
					     const struct l2tpsec_tunnel_config *cfg,
					     struct netlink_ext_ack *extack)
{
	struct l2tpsec_tunnel *t;
	struct l2tpsec_sa *sa;
	int err;

	ASSERT_RTNL();
	if (l2tpsec_tunnel_lookup(ln, cfg->id)) {
		NL_SET_ERR_MSG(extack, "a tunnel with this TUNNEL_ID already exists");
		return ERR_PTR(-EEXIST);
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->ln = ln;
	t->id = cfg->id;
	t->peer_id = cfg->peer_id;
	t->version = cfg->version;
	t->esp_required = cfg->esp_required;
	t->local_ip = cfg->local_ip;
	t->peer_ip = cfg->peer_ip;
	t->local_port = htons(cfg->local_port);
	t->peer_port = htons(cfg->peer_port);
	INIT_LIST_HEAD(&t->sessions);
	kref_init(&t->ref);

	err = l2tpsec_tunnel_check_sa(t, cfg->sa_out, &sa, extack);
	if (err)
		goto err_free;
	RCU_INIT_POINTER(t->sa_out, sa);

	err = l2tpsec_stats_init(&t->stats);
	if (err)
		goto err_sa;
	err = dst_cache_init(&t->dst_cache, GFP_KERNEL);
	if (err)
		goto err_stats;
	t->port = l2tpsec_port_get(ln, cfg->local_port, extack);
	if (IS_ERR(t->port)) {
		err = PTR_ERR(t->port);
		goto err_dst;
	}
	hash_add_rcu(ln->tunnels, &t->hnode, t->id);
	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_TUNNEL]);
	return t;

err_dst:
	dst_cache_destroy(&t->dst_cache);
err_stats:
	l2tpsec_stats_free(&t->stats);
err_sa:
	if (sa)
		l2tpsec_sa_put(sa);
err_free:
	kfree(t);
	return ERR_PTR(err);
}

/**
 * l2tpsec_tunnel_set() - change a tunnel's outbound SA or ESP requirement
 * @t: the tunnel
 * @set_sa: change the outbound SA
 * @sa_out: SPI of the new outbound SA, 0 for clear text
 * @esp_required: 0 or 1 to change the flag, negative to keep it
 * @extack: error reporting
 *
 * The SA is swapped with one pointer store: packets in flight finish on
 * the old SA, the next ones use the new one (make-before-break rekey).
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int l2tpsec_tunnel_set(struct l2tpsec_tunnel *t, bool set_sa, u32 sa_out,
		       int esp_required, struct netlink_ext_ack *extack)
{
	struct l2tpsec_sa *sa, *old;
	int err;

	ASSERT_RTNL();
	if (set_sa) {
		err = l2tpsec_tunnel_check_sa(t, sa_out, &sa, extack);
		if (err)
			return err;
		old = rcu_replace_pointer(t->sa_out, sa, lockdep_rtnl_is_held());
		if (old)
			l2tpsec_sa_put(old);
		dst_cache_reset(&t->dst_cache);
	}
	if (esp_required >= 0)
		WRITE_ONCE(t->esp_required, !!esp_required);
	return 0;
}

/**
 * l2tpsec_tunnel_sa_out_spi() - SPI of a tunnel's outbound SA
 * @t: the tunnel
 *
 * Return: the SPI, or 0 when the tunnel sends clear text.
 */
u32 l2tpsec_tunnel_sa_out_spi(struct l2tpsec_tunnel *t)
{
	struct l2tpsec_sa *sa;
	u32 spi = 0;

	rcu_read_lock();
	sa = rcu_dereference_check(t->sa_out, lockdep_rtnl_is_held());
	if (sa)
		spi = sa->spi;
	rcu_read_unlock();
	return spi;
}

/**
 * l2tpsec_tunnel_delete() - delete a tunnel and all its sessions
 * @t: the tunnel
 *
 * Context: RTNL.
 */
void l2tpsec_tunnel_delete(struct l2tpsec_tunnel *t)
{
	struct l2tpsec_session *s, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(s, tmp, &t->sessions, tlist)
		l2tpsec_session_delete(s);
	WRITE_ONCE(t->dead, true);
	hash_del_rcu(&t->hnode);
	l2tpsec_port_put(t->port);
	t->port = NULL;
	l2tpsec_tunnel_put(t);
}

/**
 * l2tpsec_tunnel_flush() - delete every tunnel (namespace exit)
 * @ln: namespace state
 *
 * Context: RTNL.
 */
void l2tpsec_tunnel_flush(struct l2tpsec_net *ln)
{
	struct l2tpsec_tunnel *t;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(ln->tunnels, bkt, tmp, t, hnode)
		l2tpsec_tunnel_delete(t);
}
