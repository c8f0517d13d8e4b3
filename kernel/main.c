// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - module init/exit, per-namespace state and counters.
 */
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "l2tpsec.h"

static unsigned int l2tpsec_net_id __read_mostly;
struct workqueue_struct *l2tpsec_wq;
atomic_t l2tpsec_live[L2TPSEC_OBJ_MAX];

static int l2tpsec_objects_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "sa %d tunnel %d session %d encap %d port %d\n",
			  atomic_read(&l2tpsec_live[L2TPSEC_OBJ_SA]),
			  atomic_read(&l2tpsec_live[L2TPSEC_OBJ_TUNNEL]),
			  atomic_read(&l2tpsec_live[L2TPSEC_OBJ_SESSION]),
			  atomic_read(&l2tpsec_live[L2TPSEC_OBJ_ENCAP]),
			  atomic_read(&l2tpsec_live[L2TPSEC_OBJ_PORT]));
}

static const struct kernel_param_ops l2tpsec_objects_ops = {
	.get = l2tpsec_objects_get,
};

module_param_cb(objects, &l2tpsec_objects_ops, NULL, 0400);
MODULE_PARM_DESC(objects, "live objects of each kind (read-only)");

/**
 * l2tpsec_pernet() - the module's state in a network namespace
 * @net: the namespace
 *
 * Return: the state, allocated for every namespace while the module is
 * loaded.
 */
struct l2tpsec_net *l2tpsec_pernet(const struct net *net)
{
	return net_generic(net, l2tpsec_net_id);
}

/**
 * l2tpsec_pernet_rx() - the module's state in a namespace, for the
 *	receive path
 * @net: the namespace of the receiving device
 *
 * Context: RCU read side (softirq).
 * Return: the state, or NULL while it is not set up or once the namespace
 * started to go (see l2tpsec_net_live()): count nothing, drop or pass on.
 */
struct l2tpsec_net *l2tpsec_pernet_rx(const struct net *net)
{
	struct l2tpsec_net *ln = net_generic(net, l2tpsec_net_id);

	return l2tpsec_net_live(ln) ? ln : NULL;
}

/**
 * l2tpsec_stats_init() - allocate an object's per-CPU counters
 * @s: the counters
 *
 * Return: 0 or -ENOMEM.
 */
int l2tpsec_stats_init(struct l2tpsec_stats *s)
{
	int cpu;

	s->pcpu = alloc_percpu_gfp(struct l2tpsec_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!s->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s->pcpu, cpu)->syncp);
	return 0;
}

/**
 * l2tpsec_stats_free() - free counters from l2tpsec_stats_init()
 * @s: the counters (may be unallocated)
 */
void l2tpsec_stats_free(struct l2tpsec_stats *s)
{
	free_percpu(s->pcpu);
	s->pcpu = NULL;
}

/**
 * l2tpsec_stats_read() - sum the counters over all CPUs
 * @s: the counters
 * @out: array of L2TPSEC_STATS_MAX + 1 totals, indexed like the counters
 */
void l2tpsec_stats_read(const struct l2tpsec_stats *s, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * (L2TPSEC_STATS_MAX + 1));
	for_each_possible_cpu(cpu) {
		const struct l2tpsec_pcpu_stats *p = per_cpu_ptr(s->pcpu, cpu);
		u64 v[L2TPSEC_STATS_MAX + 1];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			for (i = 0; i <= L2TPSEC_STATS_MAX; i++)
				v[i] = u64_stats_read(&p->c[i]);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		for (i = 0; i <= L2TPSEC_STATS_MAX; i++)
			out[i] += v[i];
	}
}

/**
 * l2tpsec_stats_fill() - add the counters to a netlink message
 * @msg: the message
 * @s: the counters
 *
 * Adds %L2TPSEC_A_STATS, a nest with every counter, zero or not.
 *
 * Return: 0 or -EMSGSIZE.
 */
int l2tpsec_stats_fill(struct sk_buff *msg, const struct l2tpsec_stats *s)
{
	u64 v[L2TPSEC_STATS_MAX + 1];
	struct nlattr *nest;
	int i;

	l2tpsec_stats_read(s, v);
	nest = nla_nest_start(msg, L2TPSEC_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = L2TPSEC_STATS_RX_PACKETS; i <= L2TPSEC_STATS_MAX; i++) {
		if (nla_put_u64_64bit(msg, i, v[i], L2TPSEC_STATS_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int __net_init l2tpsec_net_init(struct net *net)
{
	struct l2tpsec_net *ln = l2tpsec_pernet(net);
	int err;

	ln->net = net;
	hash_init(ln->sa_in);
	hash_init(ln->sa_out);
	hash_init(ln->tunnels);
	hash_init(ln->sessions);
	INIT_LIST_HEAD(&ln->encaps);
	INIT_DELAYED_WORK(&ln->encap_gc, l2tpsec_encap_gc_work);
	INIT_LIST_HEAD(&ln->ports);
	err = l2tpsec_stats_init(&ln->stats);
	if (err)
		return err;
	/* last: a receive that sees the flag finds the state complete */
	WRITE_ONCE(ln->live, true);
	return 0;
}

/*
 * The namespace is going: from now on the receive path leaves it alone.
 * Its devices (a veth...) stay registered and keep receiving until
 * default_device_exit_batch(), which runs after l2tpsec_net_exit(); the
 * RCU grace period that cleanup_net() (or unregister_pernet_device() at
 * module unload) runs between the pre_exit and the exit methods lets the
 * receives that saw the flag still up finish before
 * l2tpsec_net_exit() tears anything down.
 */
static void __net_exit l2tpsec_net_pre_exit(struct net *net)
{
	WRITE_ONCE(l2tpsec_pernet(net)->live, false);
}

static void __net_exit l2tpsec_net_exit(struct net *net)
{
	struct l2tpsec_net *ln = l2tpsec_pernet(net);

	/* No receive uses @ln any more (l2tpsec_net_pre_exit()), it only
	 * reads ->live. @ln itself is freed after the exit methods, when
	 * nothing reaches it: the port sockets' release below waits for
	 * their readers (udp_tunnel_sock_release()); ESP finds @ln through
	 * the receiving device until cleanup_net() unregisters the
	 * namespace's devices, and not at all once module unload
	 * deregistered the ESP handler.
	 */
	rtnl_lock();
	l2tpsec_tunnel_flush(ln);
	l2tpsec_sa_flush(ln);
	l2tpsec_encap_flush(ln);
	rtnl_unlock();
	/* finds the list empty if it runs meanwhile, and stops */
	cancel_delayed_work_sync(&ln->encap_gc);
	/* Packets in parallel crypto hold SA references and still use
	 * @ln (they check ->live and are freed instead): let them finish.
	 */
	l2tpsec_crypt_wait(ln);
	/* Objects are freed after a grace period, from l2tpsec_wq; they
	 * no longer point at @ln's tables. Close works of adopted encap
	 * sockets (l2tpsec_encap_destroy()) find theirs released and only
	 * drop their reference.
	 */
	rcu_barrier();
	flush_workqueue(l2tpsec_wq);
	l2tpsec_stats_free(&ln->stats);
}

static struct pernet_operations l2tpsec_net_ops = {
	.init = l2tpsec_net_init,
	.pre_exit = l2tpsec_net_pre_exit,
	.exit = l2tpsec_net_exit,
	.id = &l2tpsec_net_id,
	.size = sizeof(struct l2tpsec_net),
};

static int __init l2tpsec_init(void)
{
	int err;

	l2tpsec_wq = alloc_workqueue("l2tpsec", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!l2tpsec_wq)
		return -ENOMEM;

	err = l2tpsec_crypt_init();
	if (err)
		goto err_wq;

	err = register_pernet_device(&l2tpsec_net_ops);
	if (err)
		goto err_crypt;

	err = l2tpsec_rx_init();
	if (err)
		goto err_pernet;

	err = l2tpsec_nl_init();
	if (err)
		goto err_rx;

	pr_info("l2tpsec: L2TP over ESP data plane loaded\n");
	return 0;

err_rx:
	l2tpsec_rx_exit();
err_pernet:
	unregister_pernet_device(&l2tpsec_net_ops);
err_crypt:
	l2tpsec_crypt_exit();
err_wq:
	destroy_workqueue(l2tpsec_wq);
	return err;
}

static void __exit l2tpsec_exit(void)
{
	l2tpsec_nl_exit();
	l2tpsec_rx_exit();
	unregister_pernet_device(&l2tpsec_net_ops);
	/* before l2tpsec_wq: the last SA puts of delivery works queue
	 * the SAs' freeing there
	 */
	l2tpsec_crypt_exit();
	rcu_barrier();
	destroy_workqueue(l2tpsec_wq);
	pr_info("l2tpsec: unloaded\n");
}

module_init(l2tpsec_init);
module_exit(l2tpsec_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("L2TP over ESP data plane (L2TPv2/PPP, L2TPv3 Ethernet)");
MODULE_AUTHOR("l2tpsec developers");
MODULE_ALIAS_GENL_FAMILY(L2TPSEC_GENL_NAME);
