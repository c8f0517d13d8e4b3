// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - parallel ESP crypto with per-SA packet order.
 *
 * One SA's packets are encrypted or decrypted on every online CPU, and
 * still leave (outbound) or reach the session (inbound) in the order they
 * came in, the way WireGuard spreads one peer's crypto:
 *
 *   submit (any context, after the *_prep() step of esp.c)
 *     - the packet is appended to its SA's ordered queue (sa->crypt_q,
 *       linked through the skb), and its pointer to the crypt ring of
 *       the next online CPU, round robin (when that ring is full, the
 *       submitting CPU does the crypto itself);
 *   crypt worker (per CPU, a work item on a bound workqueue)
 *     - seals or opens the packet (esp.c), marks it done or failed,
 *       then delivers what it can from the head of the SA's ordered
 *       queue;
 *   delivery (on the SA's delivery CPU, sa->deliver_cpu, picked round
 *   robin when the SA is created; one context at a time: the
 *   L2TPSEC_SA_F_DELIVERING bit)
 *     - pops the done packets at the head in order: outbound ones go to
 *       ip_local_out(), inbound ones through the anti-replay update and
 *       the L2TP receive path (rx.c). A failed packet is freed there, so
 *       it never holds back the ones behind it.
 *     - A crypt worker on another CPU queues the SA's delivery work on
 *       that CPU. Delivering from one CPU matters beyond our queue: a
 *       packet handed to a veth or to GRO goes to the current CPU's
 *       backlog, so two delivering CPUs would reorder the flow there.
 *
 * Every queued packet holds a reference on its SA. Per-packet state lives
 * in skb->cb (&struct l2tpsec_esp_cb): nothing is allocated per packet.
 * Each ordered queue is bounded (L2TPSEC_CRYPT_QLEN): beyond it packets
 * are dropped and counted as DROP_BUSY, so a flood cannot queue without
 * limit. With one online CPU, or the module parameter parallel_crypto off,
 * packets are processed inline as before (tx.c, rx.c decide).
 */
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/ptr_ring.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>

#include "l2tpsec.h"

#define L2TPSEC_CRYPT_RING	2048	/* packets per CPU waiting for crypto */
#define L2TPSEC_CRYPT_BUDGET	64	/* packets per worker run between resched */

enum l2tpsec_crypt_state {
	L2TPSEC_CRYPT_PENDING,
	L2TPSEC_CRYPT_DONE,
	L2TPSEC_CRYPT_FAILED,
};

/**
 * struct l2tpsec_crypt_cpu - one CPU's crypto work
 * @ring: packets to seal or open on this CPU (they are linked in their
 *	SA's queue, so only pointers here)
 * @work: the worker, queued on this CPU
 */
struct l2tpsec_crypt_cpu {
	struct ptr_ring ring;
	struct work_struct work;
};

static bool l2tpsec_parallel_crypto = true;
module_param_named(parallel_crypto, l2tpsec_parallel_crypto, bool, 0644);
MODULE_PARM_DESC(parallel_crypto,
		 "spread each SA's ESP crypto over all online CPUs, keeping packet order (default on)");

static int l2tpsec_crypt_qlen_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 16, 16384);
}

static const struct kernel_param_ops l2tpsec_crypt_qlen_ops = {
	.set = l2tpsec_crypt_qlen_set,
	.get = param_get_uint,
};

static unsigned int l2tpsec_crypt_qlen = 1024;
module_param_cb(crypt_qlen, &l2tpsec_crypt_qlen_ops, &l2tpsec_crypt_qlen, 0644);
MODULE_PARM_DESC(crypt_qlen,
		 "packets of one SA waiting for parallel crypto, at most (16..16384, default 1024)");

static struct workqueue_struct *l2tpsec_crypt_wq;
static struct l2tpsec_crypt_cpu __percpu *l2tpsec_crypt_cpus;
static DEFINE_PER_CPU(unsigned int, l2tpsec_crypt_next);

static_assert(sizeof(struct l2tpsec_esp_cb) <= sizeof_field(struct sk_buff, cb));

/* Parallel crypto: the module parameter is on and 2+ CPUs are online. */
static bool l2tpsec_crypt_parallel(void)
{
	return READ_ONCE(l2tpsec_parallel_crypto) && num_online_cpus() > 1;
}

/* The next online CPU after the one this CPU picked last. */
static unsigned int l2tpsec_crypt_pick_cpu(void)
{
	unsigned int *next = this_cpu_ptr(&l2tpsec_crypt_next);
	unsigned int cpu = cpumask_next(*next, cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	*next = cpu;
	return cpu;
}

/*
 * The head of the SA's queue if its crypto is over, else NULL; with @pop
 * it is unlinked. Under the lock: another context may be popping and
 * freeing it.
 */
static struct sk_buff *l2tpsec_crypt_head_ready(struct l2tpsec_sa *sa, bool pop)
{
	struct sk_buff *skb;

	spin_lock_bh(&sa->crypt_q.lock);
	skb = skb_peek(&sa->crypt_q);
	if (skb && atomic_read_acquire(&L2TPSEC_ESP_CB(skb)->state) ==
		   L2TPSEC_CRYPT_PENDING)
		skb = NULL;
	if (skb && pop)
		__skb_unlink(skb, &sa->crypt_q);
	spin_unlock_bh(&sa->crypt_q.lock);
	return skb;
}

/* Hand one packet on (or free it), then drop its SA reference. */
static void l2tpsec_crypt_deliver_one(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	bool ok = atomic_read(&L2TPSEC_ESP_CB(skb)->state) == L2TPSEC_CRYPT_DONE;
	struct l2tpsec_net *ln = sa->ln;

	/* a namespace going away: no counters, nothing delivered */
	if (!ok || !l2tpsec_net_live(ln))
		kfree_skb(skb);
	else if (sa->dir == L2TPSEC_DIR_OUT)
		l2tpsec_tx_sealed(sa, skb);
	else
		l2tpsec_rx_opened(sa, skb);
	/* the last use of @ln for this packet (l2tpsec_crypt_wait()) */
	if (atomic_dec_and_test(&ln->crypt_inflight))
		wake_up_var(&ln->crypt_inflight);
	l2tpsec_sa_put(sa);
}

/* Queue the SA's delivery on its CPU; the pending work holds a reference. */
static void l2tpsec_crypt_defer(struct l2tpsec_sa *sa, int cpu)
{
	kref_get(&sa->ref);
	if (!queue_work_on(cpu, l2tpsec_crypt_wq, &sa->deliver_work))
		l2tpsec_sa_put(sa);
}

/*
 * Deliver up to L2TPSEC_CRYPT_BUDGET of the SA's ready packets from the
 * head of its queue, in order, in one context at a time, with BH
 * disabled (the holder of the bit is never preempted). What is still
 * ready afterwards - more than the budget, or a packet finished by
 * another CPU while this one held the bit - goes to the SA's delivery
 * work. The caller holds a reference on @sa.
 */
static void l2tpsec_crypt_deliver(struct l2tpsec_sa *sa)
{
	unsigned int n = 0;
	struct sk_buff *skb;

	/* our packet's state is visible before we try (pairs with the
	 * barrier after clear_bit_unlock() below)
	 */
	smp_mb__before_atomic();
	if (test_and_set_bit_lock(L2TPSEC_SA_F_DELIVERING, &sa->flags))
		return;
	local_bh_disable();
	rcu_read_lock();
	while (n++ < L2TPSEC_CRYPT_BUDGET && (skb = l2tpsec_crypt_head_ready(sa, true)))
		l2tpsec_crypt_deliver_one(sa, skb);
	rcu_read_unlock();
	clear_bit_unlock(L2TPSEC_SA_F_DELIVERING, &sa->flags);
	/* pairs with the barrier before test_and_set_bit_lock(): a packet
	 * marked while we held the bit is seen below
	 */
	smp_mb__after_atomic();
	if (l2tpsec_crypt_head_ready(sa, false))
		l2tpsec_crypt_defer(sa, READ_ONCE(sa->deliver_cpu));
	local_bh_enable();
}

static void l2tpsec_crypt_deliver_work(struct work_struct *work)
{
	struct l2tpsec_sa *sa = container_of(work, struct l2tpsec_sa,
					     deliver_work);

	l2tpsec_crypt_deliver(sa);
	l2tpsec_sa_put(sa);	/* taken by l2tpsec_crypt_defer() */
}

/* A packet of @sa is ready: deliver here, or on the SA's delivery CPU. */
static void l2tpsec_crypt_kick(struct l2tpsec_sa *sa)
{
	int cpu = READ_ONCE(sa->deliver_cpu);

	/*
	 * Here when this is that CPU (stable: a worker bound to it, or BH
	 * disabled), or when that CPU went offline (its work would run
	 * anywhere: the order then rests on the bit alone).
	 */
	if (raw_smp_processor_id() == cpu || !cpu_online(cpu)) {
		l2tpsec_crypt_deliver(sa);
		return;
	}
	l2tpsec_crypt_defer(sa, cpu);
}

/* Seal or open one queued packet, then deliver what is ready. */
static void l2tpsec_crypt_one(struct sk_buff *skb)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	struct l2tpsec_sa *sa = cb->sa;
	int err;

	if (sa->dir == L2TPSEC_DIR_OUT)
		err = l2tpsec_esp_seal(skb);
	else
		err = l2tpsec_esp_open(skb);
	/* @skb's reference may go with it once it is marked */
	kref_get(&sa->ref);
	atomic_set_release(&cb->state, err ? L2TPSEC_CRYPT_FAILED :
				       L2TPSEC_CRYPT_DONE);
	/* @skb may be gone from here on: another CPU delivers it */
	l2tpsec_crypt_kick(sa);
	l2tpsec_sa_put(sa);
}

static void l2tpsec_crypt_work(struct work_struct *work)
{
	struct l2tpsec_crypt_cpu *c = container_of(work, struct l2tpsec_crypt_cpu,
						   work);
	unsigned int n = 0;
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&c->ring))) {
		l2tpsec_crypt_one(skb);
		if (++n % L2TPSEC_CRYPT_BUDGET == 0)
			cond_resched();
	}
}

/**
 * l2tpsec_crypt_submit() - queue a prepared packet for parallel crypto
 * @sa: its SA (outbound: l2tpsec_esp_encrypt_prep() ran, with the outer
 *	headers pushed; inbound: l2tpsec_esp_decrypt_prep() ran)
 * @skb: the packet; consumed
 *
 * The packet is sealed or opened on some CPU and then handed on in its
 * SA's order (see the top of this file).
 *
 * Context: BH disabled (transmit, receive) or process context.
 * Return: 0 when queued, else -L2TPSEC_STATS_DROP_* (counted on @sa;
 * @skb freed): BUSY for a full queue, NO_SA for an SA being freed.
 */
int l2tpsec_crypt_submit(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	struct l2tpsec_crypt_cpu *c;
	unsigned int cpu, target;
	int cause;

	if (unlikely(!l2tpsec_sa_get(sa))) {
		cause = L2TPSEC_STATS_DROP_NO_SA;
		goto drop;
	}
	atomic_set(&cb->state, L2TPSEC_CRYPT_PENDING);
	/* the receive path's dst is only valid under its RCU section */
	if (sa->dir == L2TPSEC_DIR_IN)
		skb_dst_drop(skb);
	/*
	 * Nothing holds the device (the session's interface, the receiving
	 * veth) while the packet waits; ip_output() sets the outbound one
	 * from the dst, the receive path sets the session's.
	 */
	skb->dev = NULL;

	spin_lock_bh(&sa->crypt_q.lock);
	if (unlikely(skb_queue_len(&sa->crypt_q) >= READ_ONCE(l2tpsec_crypt_qlen))) {
		spin_unlock_bh(&sa->crypt_q.lock);
		l2tpsec_sa_put(sa);
		cause = L2TPSEC_STATS_DROP_BUSY;
		goto drop;
	}
	__skb_queue_tail(&sa->crypt_q, skb);
	spin_unlock_bh(&sa->crypt_q.lock);
	atomic_inc(&sa->ln->crypt_inflight);

	/*
	 * From here on @skb belongs to the queues. This CPU's turn in the
	 * round robin is done right here, without a trip through the
	 * workqueue (and so is a packet whose CPU is far behind).
	 */
	cpu = get_cpu();
	target = l2tpsec_crypt_pick_cpu();
	put_cpu();
	if (target != cpu) {
		c = per_cpu_ptr(l2tpsec_crypt_cpus, target);
		if (likely(!ptr_ring_produce_bh(&c->ring, skb))) {
			queue_work_on(target, l2tpsec_crypt_wq, &c->work);
			return 0;
		}
	}
	l2tpsec_crypt_one(skb);
	return 0;

drop:
	l2tpsec_stats_inc(&sa->stats, cause);
	kfree_skb(skb);
	return -cause;
}

/**
 * l2tpsec_crypt_sa_init() - parallel crypto state of a new SA
 * @sa: the SA
 *
 * Sets up the ordered queue and the delivery work, and picks the CPU that
 * delivers the SA's packets, the online CPUs in turn, so that the SAs of
 * a namespace (the two directions of a tunnel) deliver on different CPUs.
 */
void l2tpsec_crypt_sa_init(struct l2tpsec_sa *sa)
{
	static atomic_t turn = ATOMIC_INIT(0);
	unsigned int n = (unsigned int)atomic_inc_return(&turn);
	int cpu, first = -1;

	skb_queue_head_init(&sa->crypt_q);
	INIT_WORK(&sa->deliver_work, l2tpsec_crypt_deliver_work);
	/* a stale view of the online CPUs is harmless: see kick() */
	n %= num_online_cpus();
	for_each_online_cpu(cpu) {
		if (first < 0)
			first = cpu;
		if (!n--)
			break;
	}
	sa->deliver_cpu = cpu < nr_cpu_ids ? cpu : first;
}

/**
 * l2tpsec_crypt_wait() - wait until a namespace has no packet in the queues
 * @ln: the namespace's state; its SAs are gone, nothing new is queued
 *
 * Its queued packets are still processed (and freed, not delivered:
 * @ln is no longer live); the last use of @ln by each is counted in
 * @ln->crypt_inflight. Packets of other namespaces are not waited for.
 */
void l2tpsec_crypt_wait(struct l2tpsec_net *ln)
{
	wait_var_event(&ln->crypt_inflight, !atomic_read(&ln->crypt_inflight));
}

/**
 * l2tpsec_crypt_use() - does a packet of @sa go through the queues?
 * @sa: the SA
 *
 * Return: true with parallel crypto on, and while @sa still has packets
 * queued (so that a packet never overtakes older ones when the parameter
 * or the number of online CPUs changes).
 */
bool l2tpsec_crypt_use(struct l2tpsec_sa *sa)
{
	return l2tpsec_crypt_parallel() || !skb_queue_empty_lockless(&sa->crypt_q);
}

static void l2tpsec_crypt_free_rings(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		ptr_ring_cleanup(&per_cpu_ptr(l2tpsec_crypt_cpus, cpu)->ring, NULL);
	free_percpu(l2tpsec_crypt_cpus);
}

/**
 * l2tpsec_crypt_init() - allocate the per-CPU crypt queues and workqueue
 *
 * Return: 0 or -ENOMEM.
 */
int l2tpsec_crypt_init(void)
{
	int cpu;

	/* zeroed: ptr_ring_cleanup() of a ring never set up frees nothing */
	l2tpsec_crypt_cpus = alloc_percpu(struct l2tpsec_crypt_cpu);
	if (!l2tpsec_crypt_cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct l2tpsec_crypt_cpu *c = per_cpu_ptr(l2tpsec_crypt_cpus, cpu);

		if (ptr_ring_init(&c->ring, L2TPSEC_CRYPT_RING, GFP_KERNEL))
			goto err;
		INIT_WORK(&c->work, l2tpsec_crypt_work);
	}
	/* bound (per CPU) and CPU-intensive: crypto, not waiting */
	l2tpsec_crypt_wq = alloc_workqueue("l2tpsec_crypt",
					   WQ_CPU_INTENSIVE | WQ_MEM_RECLAIM, 0);
	if (!l2tpsec_crypt_wq)
		goto err;
	return 0;

err:
	l2tpsec_crypt_free_rings();
	return -ENOMEM;
}

/**
 * l2tpsec_crypt_exit() - free what l2tpsec_crypt_init() allocated
 *
 * Runs after every SA is gone, so the queues are empty.
 */
void l2tpsec_crypt_exit(void)
{
	destroy_workqueue(l2tpsec_crypt_wq);
	l2tpsec_crypt_free_rings();
}
