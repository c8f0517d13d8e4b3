/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2tpsec - internal definitions shared by the module's files.
 *
 * Locking and lifetimes
 * ---------------------
 * - All configuration changes (netlink handlers, netns exit) run under
 *   RTNL. Object tables (hlists in struct l2tpsec_net) are modified under
 *   RTNL and read under RCU on the data path.
 * - SA, tunnel and session objects are reference counted (kref) and freed
 *   after an RCU grace period. Lookups on the data path take no reference:
 *   they run inside rcu_read_lock() (softirq or BH-disabled xmit).
 * - A tunnel holds a reference on its outbound SA (RCU pointer, swapped
 *   atomically by TUNNEL_SET) and on each SA of its inbound binding
 *   (struct l2tpsec_sa_set, RCU pointer, replaced as a whole). A session
 *   holds a reference on its tunnel. A session's net_device holds a
 *   reference on the session, dropped by the device destructor.
 * - Deleting an object unlinks it from the tables and marks it dead; the
 *   data path checks ->dead and drops. Memory goes when the last
 *   reference does.
 * - An SA's peer address and ESP-in-UDP peer port change together
 *   (SA_SET) under its peer_lock seqlock; the data path reads them with
 *   l2tpsec_sa_peer(). A tunnel's peer address (TUNNEL_SET) is one
 *   WRITE_ONCE(), read once per packet.
 * - Encap sockets are RTNL-only; the data path never sees them. An
 *   adopted one goes when its owner closes it: the UDP encap_destroy
 *   hook queues a work on l2tpsec_wq that releases it under RTNL, or,
 *   if the owner turned UDP_ENCAP off first (no hook call), the
 *   namespace's encap_gc work finds it closed (SOCK_DEAD). The module
 *   never waits for the owner.
 */
#ifndef _L2TPSEC_H
#define _L2TPSEC_H

#include <linux/completion.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/seqlock.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/gro_cells.h>
#include <net/netlink.h>
#include <crypto/aead.h>

#include "uapi/l2tpsec.h"
#include "replay.h"
#include "l2tp_hdr.h"

#define L2TPSEC_HASH_BITS	10

/* ---------------------------------------------------------------- stats */

/**
 * struct l2tpsec_pcpu_stats - one CPU's counters
 * @syncp: 64-bit counter consistency on 32-bit hosts
 * @c: counters indexed by &enum l2tpsec_stats_attr
 */
struct l2tpsec_pcpu_stats {
	struct u64_stats_sync syncp;
	u64_stats_t c[L2TPSEC_STATS_MAX + 1];
};

/**
 * struct l2tpsec_stats - per-CPU counters of one object
 * @pcpu: the per-CPU counters
 */
struct l2tpsec_stats {
	struct l2tpsec_pcpu_stats __percpu *pcpu;
};

int l2tpsec_stats_init(struct l2tpsec_stats *s);
void l2tpsec_stats_free(struct l2tpsec_stats *s);
void l2tpsec_stats_read(const struct l2tpsec_stats *s, u64 *out);
int l2tpsec_stats_fill(struct sk_buff *msg, const struct l2tpsec_stats *s);

/* Add @v to counter @idx; callable from any context. */
static inline void l2tpsec_stats_add(struct l2tpsec_stats *s, int idx, u64 v)
{
	struct l2tpsec_pcpu_stats *p = get_cpu_ptr(s->pcpu);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&p->syncp);
	u64_stats_add(&p->c[idx], v);
	u64_stats_update_end_irqrestore(&p->syncp, flags);
	put_cpu_ptr(s->pcpu);
}

static inline void l2tpsec_stats_inc(struct l2tpsec_stats *s, int idx)
{
	l2tpsec_stats_add(s, idx, 1);
}

/* Count one packet of @bytes: @pkts_idx is RX_PACKETS or TX_PACKETS and
 * the byte counter is the one after it.
 */
static inline void l2tpsec_stats_pkt(struct l2tpsec_stats *s, int pkts_idx,
				     unsigned int bytes)
{
	struct l2tpsec_pcpu_stats *p = get_cpu_ptr(s->pcpu);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&p->syncp);
	u64_stats_inc(&p->c[pkts_idx]);
	u64_stats_add(&p->c[pkts_idx + 1], bytes);
	u64_stats_update_end_irqrestore(&p->syncp, flags);
	put_cpu_ptr(s->pcpu);
}

/* ---------------------------------------------------------------- netns */

/**
 * struct l2tpsec_net - per network namespace state
 * @net: the namespace
 * @sa_in: inbound SAs by SPI
 * @sa_out: outbound SAs by SPI
 * @tunnels: tunnels by local id
 * @sessions: sessions by l2tpsec_session_key()
 * @encaps: ESP-in-UDP sockets handed over by userspace
 * @encap_gc: reaps adopted sockets closed without the encap_destroy hook
 *	(l2tpsec_encap_gc_work()), armed while there are adopted sockets
 * @ports: kernel UDP sockets receiving clear-text L2TP
 * @stats: drops that belong to no object (unknown SPI, no tunnel...)
 * @crypt_inflight: packets of this namespace in parallel crypto
 *	(crypt.c; l2tpsec_net_exit() waits for 0)
 * @live: set once l2tpsec_net_init() is done, cleared by
 *	l2tpsec_net_pre_exit() when the namespace starts to go: the receive
 *	path uses nothing of the state but this flag while it is false
 *	(l2tpsec_net_live())
 */
struct l2tpsec_net {
	struct net *net;
	DECLARE_HASHTABLE(sa_in, L2TPSEC_HASH_BITS);
	DECLARE_HASHTABLE(sa_out, L2TPSEC_HASH_BITS);
	DECLARE_HASHTABLE(tunnels, L2TPSEC_HASH_BITS);
	DECLARE_HASHTABLE(sessions, L2TPSEC_HASH_BITS);
	struct list_head encaps;
	struct delayed_work encap_gc;
	struct list_head ports;
	struct l2tpsec_stats stats;
	atomic_t crypt_inflight;
	bool live;
};

struct l2tpsec_net *l2tpsec_pernet(const struct net *net);
struct l2tpsec_net *l2tpsec_pernet_rx(const struct net *net);

/**
 * l2tpsec_net_live() - may the receive path use a namespace's state?
 * @ln: the state, or NULL
 *
 * False before l2tpsec_net_init() is done and from l2tpsec_net_pre_exit()
 * on: the packet is then dropped or passed on without touching @ln (its
 * counters may already be freed). l2tpsec_net_exit() runs a grace period
 * after the flag went down, so a receive that saw it up has finished.
 *
 * Context: RCU read side (softirq).
 * Return: true if @ln is set up and its namespace is not going.
 */
static inline bool l2tpsec_net_live(const struct l2tpsec_net *ln)
{
	return ln && READ_ONCE(ln->live);
}

extern struct workqueue_struct *l2tpsec_wq;

/* Live objects of each kind, module-wide, readable in
 * /sys/module/l2tpsec/parameters/objects: the tests' leak check.
 */
enum l2tpsec_obj {
	L2TPSEC_OBJ_SA,
	L2TPSEC_OBJ_TUNNEL,
	L2TPSEC_OBJ_SESSION,
	L2TPSEC_OBJ_ENCAP,
	L2TPSEC_OBJ_PORT,
	L2TPSEC_OBJ_MAX,
};

extern atomic_t l2tpsec_live[L2TPSEC_OBJ_MAX];

/* ---------------------------------------------------------------- SA */

/**
 * struct l2tpsec_alg_desc - an ESP transform
 * @id: &enum l2tpsec_alg
 * @name: short name for messages ("aes-gcm-128"...)
 * @aead: crypto API name without ESN ("rfc4106(gcm(aes))"...)
 * @aead_esn: crypto API name with ESN (differs for authenc)
 * @enc_keylen: length of %L2TPSEC_A_SA_ENC_KEY (AEAD: key + 4-byte salt)
 * @auth_keylen: length of %L2TPSEC_A_SA_AUTH_KEY, 0 for AEAD
 * @ivlen: IV bytes on the wire (8 for AEAD, the cipher block for CBC:
 *	16 AES, 8 3DES)
 * @icvlen: ICV bytes on the wire
 * @align: the ESP payload+trailer is padded to a multiple of this
 *	(4 for AEAD, the cipher block for CBC: 16 AES, 8 3DES)
 */
struct l2tpsec_alg_desc {
	u8 id;
	const char *name;
	const char *aead;
	const char *aead_esn;
	u8 enc_keylen;
	u8 auth_keylen;
	u8 ivlen;
	u8 icvlen;
	u8 align;
};

const struct l2tpsec_alg_desc *l2tpsec_alg_find(u8 id);

/**
 * struct l2tpsec_sa_config - an SA as requested over netlink
 * @spi: SPI, host order
 * @dir: &enum l2tpsec_dir
 * @local_ip: local outer address
 * @peer_ip: peer outer address
 * @alg: &enum l2tpsec_alg
 * @enc_key: encryption key (AEAD: key + salt)
 * @enc_keylen: length of @enc_key
 * @auth_key: HMAC key (CBC algorithms), or NULL
 * @auth_keylen: length of @auth_key
 * @encap: &enum l2tpsec_encap
 * @encap_local_port: local UDP port for ESP-in-UDP, host order
 * @encap_peer_port: peer UDP port for ESP-in-UDP, host order
 * @replay_window: inbound anti-replay window in packets, 0 = no check
 * @esn: extended sequence numbers
 * @seq: initial sequence number (out: last sent; in: highest received)
 * @soft_bytes: soft byte limit, 0 = none
 * @hard_bytes: hard byte limit, 0 = none
 * @soft_packets: soft packet limit, 0 = none
 * @hard_packets: hard packet limit, 0 = none
 * @soft_seconds: soft time limit in seconds, 0 = none
 * @hard_seconds: hard time limit in seconds, 0 = none
 *
 * Fields mirror the SA attributes of the uapi header; pointers refer into
 * the netlink message and are only valid during the request.
 */
struct l2tpsec_sa_config {
	u32 spi;
	u8 dir;
	__be32 local_ip;
	__be32 peer_ip;
	u8 alg;
	const u8 *enc_key;
	u32 enc_keylen;
	const u8 *auth_key;
	u32 auth_keylen;
	u8 encap;
	u16 encap_local_port;
	u16 encap_peer_port;
	u32 replay_window;
	bool esn;
	u64 seq;
	u64 soft_bytes;
	u64 hard_bytes;
	u64 soft_packets;
	u64 hard_packets;
	u32 soft_seconds;
	u32 hard_seconds;
};

/* bits of struct l2tpsec_sa.flags */
enum {
	L2TPSEC_SA_F_DEAD,		/* deleted: unlinked from the table */
	L2TPSEC_SA_F_SOFT_SENT,		/* soft expiry event sent */
	L2TPSEC_SA_F_HARD,		/* hard expired: unusable */
	L2TPSEC_SA_F_DELIVERING,	/* a CPU delivers from crypt_q (crypt.c) */
};

/**
 * struct l2tpsec_sa - an ESP transport-mode SA
 * @hnode: link in l2tpsec_net.sa_in or .sa_out (RTNL)
 * @ref: references (table, tunnels)
 * @free_work: frees the SA after a grace period, in process context
 * @ln: owning namespace state
 * @spi: SPI, host order
 * @spi_be: SPI, network order (as on the wire)
 * @dir: &enum l2tpsec_dir
 * @esn: extended sequence numbers
 * @encap: &enum l2tpsec_encap
 * @local_ip: local outer address
 * @peer_lock: writers of @peer_ip and @encap_dport (SA_SET, under RTNL)
 *	hold it; readers that need both use l2tpsec_sa_peer()
 * @peer_ip: peer outer address
 * @encap_sport: local UDP port for ESP-in-UDP (network order)
 * @encap_dport: peer UDP port for ESP-in-UDP (network order)
 * @mapping_last: jiffies of the last SA_MAPPING event (rate limit,
 *	updated with cmpxchg())
 * @encap_sock: the encap socket of an inbound UDP SA's local port
 *	(counted user of it), or NULL: other SAs, or no socket on the port
 *	since its owner closed it (RTNL)
 * @alg: the transform
 * @tfm: crypto transform, synchronous (generic template instance)
 * @tfm_simd: the same transform's synchronous SIMD core, used whenever
 *	the FPU is usable (see esp.c), or NULL
 * @scratch: per-CPU request memory (see esp.c)
 * @crypt_q: packets in parallel crypto, in arrival order (crypt.c)
 * @deliver_work: delivers from @crypt_q on @deliver_cpu (crypt.c)
 * @deliver_cpu: the CPU that hands this SA's packets on
 * @seq_out: outbound: last sequence number used
 * @replay_lock: protects @replay
 * @replay: inbound anti-replay state
 * @flags: L2TPSEC_SA_F_* bits
 * @life: lifetime limits as configured (0 = none)
 * @life_bytes: bytes processed, only counted when a byte limit exists
 * @life_packets: packets processed, only counted when a packet limit exists
 * @created: creation time, ktime_get_seconds()
 * @soft_timer: soft time limit
 * @hard_timer: hard time limit
 * @stats: counters
 */
struct l2tpsec_sa {
	struct hlist_node hnode;
	struct kref ref;
	struct rcu_work free_work;
	struct l2tpsec_net *ln;
	u32 spi;
	__be32 spi_be;
	u8 dir;
	bool esn;
	u8 encap;
	__be32 local_ip;
	seqlock_t peer_lock;
	__be32 peer_ip;
	__be16 encap_sport;
	__be16 encap_dport;
	unsigned long mapping_last;
	struct l2tpsec_encap_sock *encap_sock;
	const struct l2tpsec_alg_desc *alg;
	struct crypto_aead *tfm;
	struct crypto_aead *tfm_simd;
	void __percpu *scratch;
	struct sk_buff_head crypt_q;
	struct work_struct deliver_work;
	int deliver_cpu;
	atomic64_t seq_out;
	spinlock_t replay_lock;		/* protects replay */
	struct l2tpsec_replay replay;
	unsigned long flags;
	struct {
		u64 soft_bytes, hard_bytes, soft_packets, hard_packets;
		u32 soft_seconds, hard_seconds;
	} life;
	atomic64_t life_bytes;
	atomic64_t life_packets;
	time64_t created;
	struct timer_list soft_timer;
	struct timer_list hard_timer;
	struct l2tpsec_stats stats;
};

/**
 * l2tpsec_sa_peer() - an SA's peer address and port, read together
 * @sa: the SA
 * @ip: the peer address
 * @port: the ESP-in-UDP peer port (network order; 0 for raw ESP)
 *
 * Context: any; never sees half of an SA_SET change.
 */
static inline void l2tpsec_sa_peer(const struct l2tpsec_sa *sa, __be32 *ip,
				   __be16 *port)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&sa->peer_lock);
		*ip = READ_ONCE(sa->peer_ip);
		*port = READ_ONCE(sa->encap_dport);
	} while (read_seqretry(&sa->peer_lock, seq));
}

/* crypt.c */
bool l2tpsec_crypt_use(struct l2tpsec_sa *sa);
int l2tpsec_crypt_submit(struct l2tpsec_sa *sa, struct sk_buff *skb);
void l2tpsec_crypt_sa_init(struct l2tpsec_sa *sa);
void l2tpsec_crypt_wait(struct l2tpsec_net *ln);
int l2tpsec_crypt_init(void);
void l2tpsec_crypt_exit(void);

/* tx.c, rx.c: the end of a packet's trip through crypt.c */
void l2tpsec_tx_sealed(struct l2tpsec_sa *sa, struct sk_buff *skb);
void l2tpsec_rx_opened(struct l2tpsec_sa *sa, struct sk_buff *skb);

/* sa.c */
struct l2tpsec_sa *l2tpsec_sa_create(struct l2tpsec_net *ln,
				     const struct l2tpsec_sa_config *cfg,
				     struct netlink_ext_ack *extack);
int l2tpsec_sa_delete(struct l2tpsec_net *ln, u32 spi, u8 dir,
		      struct netlink_ext_ack *extack);
struct l2tpsec_sa *l2tpsec_sa_lookup(struct l2tpsec_net *ln, u32 spi, u8 dir);
void l2tpsec_sa_put(struct l2tpsec_sa *sa);
bool l2tpsec_sa_get(struct l2tpsec_sa *sa);
void l2tpsec_sa_flush(struct l2tpsec_net *ln);
u8 l2tpsec_sa_state(const struct l2tpsec_sa *sa);
void l2tpsec_sa_check_time(struct l2tpsec_sa *sa);
bool l2tpsec_sa_account(struct l2tpsec_sa *sa, unsigned int bytes);
void l2tpsec_sa_expire(struct l2tpsec_sa *sa, u8 kind, bool hard);
int l2tpsec_sa_set_peer(struct l2tpsec_sa *sa, __be32 peer_ip, __be16 dport,
			struct netlink_ext_ack *extack);
void l2tpsec_sa_mapping(struct l2tpsec_sa *sa, __be32 saddr, __be16 sport);
void l2tpsec_sa_encap_adopt(struct l2tpsec_net *ln, struct l2tpsec_encap_sock *e);
void l2tpsec_sa_encap_orphan(struct l2tpsec_net *ln, struct l2tpsec_encap_sock *e);

/* esp.c */
int l2tpsec_esp_init(struct l2tpsec_sa *sa, const struct l2tpsec_sa_config *cfg,
		     struct netlink_ext_ack *extack);
const char *l2tpsec_esp_driver(const struct l2tpsec_sa *sa);
void l2tpsec_esp_free(struct l2tpsec_sa *sa);
unsigned int l2tpsec_esp_overhead(const struct l2tpsec_sa *sa,
				  unsigned int payload_len);
/**
 * struct l2tpsec_esp_cb - an ESP packet's state between its steps, in
 *	@skb->cb (from the *_prep() step until it is sent or delivered)
 * @sa: the SA (a reference is held while the packet is queued, crypt.c)
 * @seq: the full (ESN) sequence number
 * @esp_off: offset of the ESP header from @skb->head
 * @clen: bytes after the IV up to the ICV (padded payload + trailer)
 * @plen: outbound: payload bytes (for the counters)
 * @saddr: inbound: the outer source address
 * @sport: inbound ESP-in-UDP: the outer UDP source port
 * @moved: inbound: @saddr:@sport is not the SA's peer (authentic, it
 *	makes an SA_MAPPING event; dropped either way)
 * @state: crypt.c: &enum l2tpsec_crypt_state
 * @nfrags: scatterlist entries the packet's data needs
 */
struct l2tpsec_esp_cb {
	struct l2tpsec_sa *sa;
	u64 seq;
	u32 esp_off;
	u32 clen;
	u32 plen;
	__be32 saddr;
	__be16 sport;
	bool moved;
	atomic_t state;
	u8 nfrags;
};

#define L2TPSEC_ESP_CB(skb) ((struct l2tpsec_esp_cb *)(skb)->cb)

int l2tpsec_esp_encrypt_prep(struct l2tpsec_sa *sa, struct sk_buff *skb);
int l2tpsec_esp_seal(struct sk_buff *skb);
int l2tpsec_esp_decrypt_prep(struct l2tpsec_sa *sa, struct sk_buff *skb);
int l2tpsec_esp_open(struct sk_buff *skb);
int l2tpsec_esp_decrypt_done(struct sk_buff *skb);

/* ---------------------------------------------------------------- encap */

/**
 * struct l2tpsec_encap_sock - an ESP-in-UDP socket
 * @list: link in l2tpsec_net.encaps (RTNL); empty once released
 * @ref: references: the list's, and for an adopted socket the one that
 *	l2tpsec_encap_destroy() hands to @close_work
 * @ln: owning namespace state
 * @sock: the module's kernel socket (@kernel)
 * @sk: the adopted socket (!@kernel), held with sock_hold(); its
 *	sk_user_data points back here while the hook is installed
 * @port: bound local port, host order
 * @kernel: opened by the module (ENCAP_PORT) rather than handed over
 * @old_encap_type: adopted socket's encap_type before ENCAP_NEW
 * @users: inbound SAs receiving on it (RTNL)
 * @old_encap_rcv: adopted socket's encap_rcv before ENCAP_NEW
 * @old_encap_destroy: adopted socket's encap_destroy before ENCAP_NEW
 * @close_work: drops the record after its owner closed the socket
 * @closed: completed by l2tpsec_encap_destroy(); waited for only when
 *	that call is certain (l2tpsec_encap_unhook())
 */
struct l2tpsec_encap_sock {
	struct list_head list;
	struct kref ref;
	struct l2tpsec_net *ln;
	struct socket *sock;
	struct sock *sk;
	u16 port;
	bool kernel;
	u8 old_encap_type;
	unsigned int users;
	int (*old_encap_rcv)(struct sock *sk, struct sk_buff *skb);
	void (*old_encap_destroy)(struct sock *sk);
	struct work_struct close_work;
	struct completion closed;
};

int l2tpsec_encap_add(struct l2tpsec_net *ln, int fd,
		      struct netlink_ext_ack *extack);
int l2tpsec_encap_open(struct l2tpsec_net *ln, u16 port,
		       struct netlink_ext_ack *extack);
int l2tpsec_encap_del(struct l2tpsec_net *ln, u16 port,
		      struct netlink_ext_ack *extack);
struct l2tpsec_encap_sock *l2tpsec_encap_find(struct l2tpsec_net *ln, u16 port);
void l2tpsec_encap_flush(struct l2tpsec_net *ln);
bool l2tpsec_encap_reap(struct l2tpsec_net *ln);
void l2tpsec_encap_gc_work(struct work_struct *work);

/* how often a namespace with adopted sockets looks for closed ones */
#define L2TPSEC_ENCAP_GC_INTERVAL	HZ

/* ---------------------------------------------------------------- tunnel */

/**
 * struct l2tpsec_port - a kernel UDP socket receiving clear-text L2TP
 * @list: link in l2tpsec_net.ports (RTNL)
 * @sock: kernel socket bound to INADDR_ANY:@port
 * @port: host order
 * @users: tunnels using it (RTNL)
 */
struct l2tpsec_port {
	struct list_head list;
	struct socket *sock;
	u16 port;
	unsigned int users;
};

/**
 * struct l2tpsec_tunnel_config - a tunnel as requested over netlink
 * @id: local tunnel id
 * @peer_id: peer tunnel id
 * @version: 2 or 3
 * @local_ip: local outer address
 * @peer_ip: peer outer address
 * @local_port: local L2TP UDP port, host order
 * @peer_port: peer L2TP UDP port, host order
 * @sa_out: SPI of the outbound SA, 0 for clear text
 * @sa_in: SPIs of the inbound SAs the tunnel is bound to
 * @n_sa_in: number of @sa_in, 0 = unbound
 * @esp_required: drop clear text from / refuse clear text to the peer
 */
struct l2tpsec_tunnel_config {
	u32 id;
	u32 peer_id;
	u8 version;
	__be32 local_ip;
	__be32 peer_ip;
	u16 local_port;
	u16 peer_port;
	u32 sa_out;
	u32 sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];
	unsigned int n_sa_in;
	bool esp_required;
};

/**
 * struct l2tpsec_sa_set - the inbound SAs a tunnel is bound to
 * @rcu: deferred free (readers compare SA pointers under RCU)
 * @n: number of @sa, at least 1
 * @sa: the SAs, each holding a reference
 */
struct l2tpsec_sa_set {
	struct rcu_head rcu;
	unsigned int n;
	struct l2tpsec_sa *sa[L2TPSEC_TUNNEL_SA_IN_MAX];
};

/**
 * struct l2tpsec_tunnel - an L2TP tunnel to one peer
 * @hnode: link in l2tpsec_net.tunnels (RTNL)
 * @ref: references (table, sessions)
 * @rcu: deferred free
 * @ln: owning namespace state
 * @id: local tunnel id
 * @peer_id: peer tunnel id
 * @version: 2 or 3
 * @esp_required: drop clear text from / refuse clear text to the peer
 * @dead: deleted
 * @local_ip: local outer address
 * @peer_ip: peer outer address
 * @local_port: local L2TP UDP port (network order)
 * @peer_port: peer L2TP UDP port (network order)
 * @sa_out: outbound SA (holds a reference), or NULL for clear text
 * @sa_in: inbound binding, or NULL: unbound (any inbound SA of @peer_ip)
 * @port: the clear-text receive socket of @local_port
 * @dst_cache: cached route to the peer
 * @sessions: the tunnel's sessions (RTNL)
 * @stats: counters
 */
struct l2tpsec_tunnel {
	struct hlist_node hnode;
	struct kref ref;
	struct rcu_head rcu;
	struct l2tpsec_net *ln;
	u32 id;
	u32 peer_id;
	u8 version;
	bool esp_required;
	bool dead;
	__be32 local_ip;
	__be32 peer_ip;
	__be16 local_port;
	__be16 peer_port;
	struct l2tpsec_sa __rcu *sa_out;
	struct l2tpsec_sa_set __rcu *sa_in;
	struct l2tpsec_port *port;
	struct dst_cache dst_cache;
	struct list_head sessions;
	struct l2tpsec_stats stats;
};

/* tunnel.c */
struct l2tpsec_tunnel *l2tpsec_tunnel_create(struct l2tpsec_net *ln,
					     const struct l2tpsec_tunnel_config *cfg,
					     struct netlink_ext_ack *extack);
int l2tpsec_tunnel_set(struct l2tpsec_tunnel *t, bool set_sa, u32 sa_out,
		       const u32 *sa_in, int n_sa_in, int esp_required,
		       __be32 peer_ip, struct netlink_ext_ack *extack);
bool l2tpsec_tunnel_sa_bound(const struct l2tpsec_tunnel *t,
			     const struct l2tpsec_sa *sa);
unsigned int l2tpsec_tunnel_sa_in_spis(struct l2tpsec_tunnel *t, u32 *spis);
void l2tpsec_tunnel_delete(struct l2tpsec_tunnel *t);
struct l2tpsec_tunnel *l2tpsec_tunnel_lookup(struct l2tpsec_net *ln, u32 id);
void l2tpsec_tunnel_put(struct l2tpsec_tunnel *t);
void l2tpsec_tunnel_flush(struct l2tpsec_net *ln);
u32 l2tpsec_tunnel_sa_out_spi(struct l2tpsec_tunnel *t);

/* ---------------------------------------------------------------- session */

/**
 * struct l2tpsec_session_config - a session as requested over netlink
 * @tunnel_id: local id of the parent tunnel
 * @id: local session id
 * @peer_id: peer session id
 * @pw_type: &enum l2tpsec_pw_type
 * @ifname: interface name (pointer into the netlink message), or NULL for
 *	the default
 * @cookie: cookie expected on receive (v3)
 * @cookie_len: length of @cookie: 0, 4 or 8
 * @peer_cookie: cookie sent to the peer (v3)
 * @peer_cookie_len: length of @peer_cookie: 0, 4 or 8
 * @l2spec: &enum l2tpsec_l2spec
 * @send_seq: send sequence numbers
 * @recv_seq: require sequence numbers, drop out-of-order packets
 * @mtu: interface MTU, 0 for the computed default
 */
struct l2tpsec_session_config {
	u32 tunnel_id;
	u32 id;
	u32 peer_id;
	u16 pw_type;
	const char *ifname;
	u8 cookie[L2TPSEC_COOKIE_MAX];
	u8 cookie_len;
	u8 peer_cookie[L2TPSEC_COOKIE_MAX];
	u8 peer_cookie_len;
	u8 l2spec;
	bool send_seq;
	bool recv_seq;
	u32 mtu;
};

/**
 * struct l2tpsec_session - an L2TP session and its interface
 * @hnode: link in l2tpsec_net.sessions (RTNL)
 * @tlist: link in the tunnel's session list (RTNL)
 * @ref: references (table, net_device)
 * @rcu: deferred free
 * @tunnel: parent tunnel (holds a reference)
 * @id: local session id
 * @peer_id: peer session id
 * @pw_type: &enum l2tpsec_pw_type
 * @dead: deleted
 * @l2spec: &enum l2tpsec_l2spec
 * @send_seq: send sequence numbers
 * @recv_seq: require in-order sequence numbers
 * @cookie_len: length of @cookie
 * @peer_cookie_len: length of @peer_cookie
 * @cookie: cookie expected on receive
 * @peer_cookie: cookie sent
 * @ns: next sequence number to send
 * @nr: next sequence number expected
 * @dev: the session's interface
 * @gro: GRO cells for receive
 * @stats: counters
 */
struct l2tpsec_session {
	struct hlist_node hnode;
	struct list_head tlist;
	struct kref ref;
	struct rcu_head rcu;
	struct l2tpsec_tunnel *tunnel;
	u32 id;
	u32 peer_id;
	u16 pw_type;
	bool dead;
	u8 l2spec;
	bool send_seq;
	bool recv_seq;
	u8 cookie_len;
	u8 peer_cookie_len;
	u8 cookie[L2TPSEC_COOKIE_MAX];
	u8 peer_cookie[L2TPSEC_COOKIE_MAX];
	atomic_t ns;
	u32 nr;
	struct net_device *dev;
	struct gro_cells gro;
	struct l2tpsec_stats stats;
};

/* session.c */
struct l2tpsec_session *l2tpsec_session_create(struct l2tpsec_net *ln,
					       const struct l2tpsec_session_config *cfg,
					       struct netlink_ext_ack *extack);
void l2tpsec_session_delete(struct l2tpsec_session *s);
struct l2tpsec_session *l2tpsec_session_lookup(struct l2tpsec_net *ln, u8 version,
					       u32 tunnel_id, u32 session_id);
void l2tpsec_session_put(struct l2tpsec_session *s);

/* device.c */
int l2tpsec_dev_create(struct l2tpsec_session *s, const char *ifname, u32 mtu,
		       struct netlink_ext_ack *extack);
void l2tpsec_dev_destroy(struct l2tpsec_session *s);
void l2tpsec_dev_rx(struct l2tpsec_session *s, struct sk_buff *skb, u16 ppp_proto);

/* mss.c */
void l2tpsec_mss_clamp(struct sk_buff *skb, unsigned int mtu);

/* tx.c */
void l2tpsec_xmit_session(struct l2tpsec_session *s, struct sk_buff *skb);
int l2tpsec_xmit_ctrl(struct l2tpsec_tunnel *t, const void *msg, size_t len);
int l2tpsec_xmit_ppp(struct l2tpsec_session *s, const void *frame, size_t len);
unsigned int l2tpsec_tunnel_overhead(struct l2tpsec_tunnel *t, u16 pw_type,
				     unsigned int hdr_len);

/* rx.c */
int l2tpsec_rx_init(void);
void l2tpsec_rx_exit(void);
int l2tpsec_port_encap_rcv(struct sock *sk, struct sk_buff *skb);

/* netlink.c: configuration and events */
int l2tpsec_nl_init(void);
void l2tpsec_nl_exit(void);
void l2tpsec_nl_sa_expire(struct l2tpsec_sa *sa, u8 kind, bool hard);
void l2tpsec_nl_sa_mapping(struct l2tpsec_sa *sa, __be32 addr, __be16 port);
void l2tpsec_nl_ctrl_recv(struct l2tpsec_net *ln, u32 tunnel_id, __be32 peer_ip,
			  __be16 peer_port, const struct l2tpsec_sa *sa,
			  const void *msg, unsigned int len);
void l2tpsec_nl_ppp_recv(struct l2tpsec_session *s, const void *frame,
			 unsigned int len);

#endif /* _L2TPSEC_H */
