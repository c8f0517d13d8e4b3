// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - L2TP tunnels and the UDP sockets receiving clear-text L2TP.
 *
 * A tunnel stands for one peer: its addresses and ports, its outbound SA,
 * the inbound SAs it is bound to and whether ESP is required. Tunnels on
 * the same local port share one kernel UDP socket (struct l2tpsec_port)
 * whose encap_rcv hook hands clear-text L2TP to rx.c. L2TP that arrived inside ESP never touches
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
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
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

/* Drop the set's SA references now, its memory after a grace period:
 * readers only compare the pointers, and an SA itself is freed a grace
 * period after its last reference goes.
 */
static void l2tpsec_sa_set_release(struct l2tpsec_sa_set *set)
{
	unsigned int i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		l2tpsec_sa_put(set->sa[i]);
	kfree_rcu(set, rcu);
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
	l2tpsec_sa_set_release(rcu_dereference_protected(t->sa_in, true));
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

static int l2tpsec_tunnel_check_sa(struct l2tpsec_tunnel *t, __be32 peer_ip,
				   u32 spi, struct l2tpsec_sa **out,
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
	if (sa->local_ip != t->local_ip || sa->peer_ip != peer_ip) {
		NL_SET_ERR_MSG(extack, "TUNNEL_SA_OUT addresses differ from the tunnel's");
		return -EINVAL;
	}
	if (!l2tpsec_sa_get(sa))
		return -ENOENT;
	*out = sa;
	return 0;
}

/*
 * The inbound binding named by @spis: NULL for @n == 0 (unbound), or a
 * set holding a reference on each SA. Every SPI must name a live inbound
 * SA with the tunnel's local address and @peer_ip.
 */
static int l2tpsec_tunnel_build_sa_in(struct l2tpsec_tunnel *t, __be32 peer_ip,
				      const u32 *spis, unsigned int n,
				      struct l2tpsec_sa_set **out,
				      struct netlink_ext_ack *extack)
{
	struct l2tpsec_sa_set *set;
	struct l2tpsec_sa *sa;
	unsigned int i, j;
	int err;

	*out = NULL;
	if (!n)
		return 0;
	if (n > L2TPSEC_TUNNEL_SA_IN_MAX) {
		NL_SET_ERR_MSG(extack, "TUNNEL_SA_IN: too many SPIs");
		return -EINVAL;
	}
	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (spis[j] == spis[i]) {
				NL_SET_ERR_MSG(extack, "TUNNEL_SA_IN names an SPI twice");
				err = -EINVAL;
				goto err_put;
			}
		}
		sa = l2tpsec_sa_lookup(t->ln, spis[i], L2TPSEC_DIR_IN);
		if (!sa) {
			NL_SET_ERR_MSG(extack, "TUNNEL_SA_IN names no inbound SA");
			err = -ENOENT;
			goto err_put;
		}
		if (sa->local_ip != t->local_ip || sa->peer_ip != peer_ip) {
			NL_SET_ERR_MSG(extack, "TUNNEL_SA_IN addresses differ from the tunnel's");
			err = -EINVAL;
			goto err_put;
		}
		if (!l2tpsec_sa_get(sa)) {
			NL_SET_ERR_MSG(extack, "TUNNEL_SA_IN names an SA being deleted");
			err = -ENOENT;
			goto err_put;
		}
		set->sa[set->n++] = sa;
	}
	*out = set;
	return 0;

err_put:
	for (i = 0; i < set->n; i++)
		l2tpsec_sa_put(set->sa[i]);
	kfree(set);
	return err;
}

/**
 * l2tpsec_tunnel_sa_bound() - may L2TP decrypted with an SA reach a tunnel?
 * @t: the tunnel
 * @sa: the inbound SA the packet was decrypted with
 *
 * A bound tunnel accepts only the SAs of its binding (the SA objects: an
 * SA deleted and created again with the same SPI does not match). An
 * unbound tunnel accepts any SA; the caller has checked the peer address.
 *
 * Context: RCU read side.
 * Return: true if the packet may go on.
 */
bool l2tpsec_tunnel_sa_bound(const struct l2tpsec_tunnel *t,
			     const struct l2tpsec_sa *sa)
{
	const struct l2tpsec_sa_set *set = rcu_dereference(t->sa_in);
	unsigned int i;

	if (!set)
		return true;
	for (i = 0; i < set->n; i++)
		if (set->sa[i] == sa)
			return true;
	return false;
}

/**
 * l2tpsec_tunnel_sa_in_spis() - SPIs of a tunnel's inbound binding
 * @t: the tunnel
 * @spis: room for %L2TPSEC_TUNNEL_SA_IN_MAX SPIs
 *
 * SAs deleted since they were bound are listed too: they stay bound
 * (and accept nothing) until the binding is changed.
 *
 * Return: the number of SPIs, 0 when the tunnel is unbound.
 */
unsigned int l2tpsec_tunnel_sa_in_spis(struct l2tpsec_tunnel *t, u32 *spis)
{
	const struct l2tpsec_sa_set *set;
	unsigned int i, n = 0;

	rcu_read_lock();
	set = rcu_dereference_check(t->sa_in, lockdep_rtnl_is_held());
	if (set) {
		for (i = 0; i < set->n; i++)
			spis[i] = set->sa[i]->spi;
		n = set->n;
	}
	rcu_read_unlock();
	return n;
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
	struct l2tpsec_sa_set *set;
	struct l2tpsec_tunnel *t;
	struct l2tpsec_sa *sa;
	int err;

	ASSERT_RTNL();
	if (l2tpsec_tunnel_lookup(ln, cfg->id)) {
		NL_SET_ERR_MSG(extack, "a tunnel with this TUNNEL_ID already exists");
		return ERR_PTR(-EEXIST);
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
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

	err = l2tpsec_tunnel_check_sa(t, t->peer_ip, cfg->sa_out, &sa, extack);
	if (err)
		goto err_free;
	RCU_INIT_POINTER(t->sa_out, sa);
	err = l2tpsec_tunnel_build_sa_in(t, t->peer_ip, cfg->sa_in,
					 cfg->n_sa_in, &set, extack);
	if (err)
		goto err_sa;
	RCU_INIT_POINTER(t->sa_in, set);

	err = l2tpsec_stats_init(&t->stats);
	if (err)
		goto err_set;
	err = dst_cache_init(&t->dst_cache, GFP_KERNEL_ACCOUNT);
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
err_set:
	l2tpsec_sa_set_release(set);
err_sa:
	if (sa)
		l2tpsec_sa_put(sa);
err_free:
	kfree(t);
	return ERR_PTR(err);
}

/**
 * l2tpsec_tunnel_set() - change a tunnel's SAs, ESP requirement or peer
 * @t: the tunnel
 * @set_sa: change the outbound SA
 * @sa_out: SPI of the new outbound SA, 0 for clear text
 * @sa_in: SPIs of the new inbound binding
 * @n_sa_in: number of @sa_in (0 = unbind), negative to keep the binding
 * @esp_required: 0 or 1 to change the flag, negative to keep it
 * @peer_ip: the peer's new address (it moved: NAT), 0 to keep it; the
 *	SAs named by @sa_out and @sa_in must have it
 * @extack: error reporting
 *
 * Everything is checked before anything changes. Each SA side is swapped
 * with one pointer store: packets in flight finish on the old SA, the
 * next ones use the new one (make-before-break rekey: bind the old and
 * the new inbound SA, then the new one alone once the old is gone). A
 * new peer address is one store too; the cached route to the old one is
 * dropped once no sender can still use the old address.
 *
 * Context: RTNL, process (may wait for an RCU grace period).
 * Return: 0 or a negative errno.
 */
int l2tpsec_tunnel_set(struct l2tpsec_tunnel *t, bool set_sa, u32 sa_out,
		       const u32 *sa_in, int n_sa_in, int esp_required,
		       __be32 peer_ip, struct netlink_ext_ack *extack)
{
	struct l2tpsec_sa_set *set = NULL, *old_set;
	struct l2tpsec_sa *sa = NULL, *old;
	__be32 peer = peer_ip ?: t->peer_ip;
	int err;

	ASSERT_RTNL();
	if (n_sa_in >= 0) {
		err = l2tpsec_tunnel_build_sa_in(t, peer, sa_in, n_sa_in, &set,
						 extack);
		if (err)
			return err;
	}
	if (set_sa) {
		err = l2tpsec_tunnel_check_sa(t, peer, sa_out, &sa, extack);
		if (err) {
			l2tpsec_sa_set_release(set);
			return err;
		}
	}
	if (n_sa_in >= 0) {
		old_set = rcu_replace_pointer(t->sa_in, set,
					      lockdep_rtnl_is_held());
		l2tpsec_sa_set_release(old_set);
	}
	if (set_sa) {
		old = rcu_replace_pointer(t->sa_out, sa, lockdep_rtnl_is_held());
		if (old)
			l2tpsec_sa_put(old);
		dst_cache_reset(&t->dst_cache);
	}
	if (esp_required >= 0)
		WRITE_ONCE(t->esp_required, !!esp_required);
	if (peer_ip && peer_ip != t->peer_ip) {
		WRITE_ONCE(t->peer_ip, peer_ip);
		/* A sender that read the old address may still cache its
		 * route: forget the routes now and again once every
		 * sender (RCU, BH disabled) has seen the new one.
		 */
		dst_cache_reset(&t->dst_cache);
		synchronize_net();
		dst_cache_reset(&t->dst_cache);
	}
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
