// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - security associations: creation, lookup, lifetime, deletion.
 *
 * SAs live in two hash tables of the namespace (inbound, outbound) keyed
 * by SPI, changed under RTNL and read under RCU. The table holds one
 * reference, each tunnel using an outbound SA another one; the last
 * reference queues the free after an RCU grace period on l2tpsec_wq.
 */
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/timekeeping.h>

#include "l2tpsec.h"

#define L2TPSEC_ENCAP_PORT_DEFAULT	4500

/* Key length messages: extack messages are static strings in 6.1, so
 * they are spelled out per algorithm, with the NL_SET_ERR_MSG_MOD prefix.
 */
struct l2tpsec_sa_key_msgs {
	const char *enc;
	const char *auth;
};

#define L2TPSEC_AEAD_KEY_MSG(name, len)					\
	KBUILD_MODNAME ": encryption key for " name " must be " #len	\
	" bytes (key + 4-byte salt)"
#define L2TPSEC_CBC_KEY_MSG(name, len)					\
	KBUILD_MODNAME ": encryption key for " name " must be " #len " bytes"
#define L2TPSEC_AUTH_KEY_MSG(name, len)					\
	KBUILD_MODNAME ": authentication key for " name " must be " #len \
	" bytes"

static const struct l2tpsec_sa_key_msgs l2tpsec_sa_key_msgs[L2TPSEC_ALG_MAX + 1] = {
	[L2TPSEC_ALG_AES_GCM_128] = {
		.enc = L2TPSEC_AEAD_KEY_MSG("aes-gcm-128", 20),
	},
	[L2TPSEC_ALG_AES_GCM_256] = {
		.enc = L2TPSEC_AEAD_KEY_MSG("aes-gcm-256", 36),
	},
	[L2TPSEC_ALG_CHACHA20_POLY1305] = {
		.enc = L2TPSEC_AEAD_KEY_MSG("chacha20-poly1305", 36),
	},
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-128-hmac-sha1", 16),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-128-hmac-sha1", 20),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-256-hmac-sha1", 32),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-256-hmac-sha1", 20),
	},
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-128-hmac-sha256", 16),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-128-hmac-sha256", 32),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-256-hmac-sha256", 32),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-256-hmac-sha256", 32),
	},
	[L2TPSEC_ALG_3DES_CBC_HMAC_SHA1] = {
		.enc = L2TPSEC_CBC_KEY_MSG("3des-cbc-hmac-sha1", 24),
		.auth = L2TPSEC_AUTH_KEY_MSG("3des-cbc-hmac-sha1", 20),
	},
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-128-hmac-sha256-96", 16),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-128-hmac-sha256-96", 32),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96] = {
		.enc = L2TPSEC_CBC_KEY_MSG("aes-cbc-256-hmac-sha256-96", 32),
		.auth = L2TPSEC_AUTH_KEY_MSG("aes-cbc-256-hmac-sha256-96", 32),
	},
};

/* NL_SET_ERR_MSG() for a message chosen at run time among static
 * strings that carry the module prefix already.
 */
static void l2tpsec_sa_msg(struct netlink_ext_ack *extack, const char *msg)
{
	do_trace_netlink_extack(msg);
	if (extack)
		extack->_msg = msg;
}

static struct hlist_head *l2tpsec_sa_bucket(struct l2tpsec_net *ln, u32 spi,
					    u8 dir)
{
	if (dir == L2TPSEC_DIR_IN)
		return &ln->sa_in[hash_min(spi, HASH_BITS(ln->sa_in))];
	return &ln->sa_out[hash_min(spi, HASH_BITS(ln->sa_out))];
}

/**
 * l2tpsec_sa_lookup() - find an SA by SPI and direction
 * @ln: the namespace's state
 * @spi: SPI, host order
 * @dir: &enum l2tpsec_dir
 *
 * Takes no reference: the result is valid inside the caller's RCU
 * read-side section or while it holds RTNL.
 *
 * Context: rcu_read_lock() or RTNL.
 * Return: the SA or NULL.
 */
struct l2tpsec_sa *l2tpsec_sa_lookup(struct l2tpsec_net *ln, u32 spi, u8 dir)
{
	struct l2tpsec_sa *sa;

	if (dir != L2TPSEC_DIR_IN && dir != L2TPSEC_DIR_OUT)
		return NULL;

	hlist_for_each_entry_rcu(sa, l2tpsec_sa_bucket(ln, spi, dir), hnode,
				 lockdep_rtnl_is_held())
		if (sa->spi == spi)
			return sa;
	return NULL;
}

/**
 * l2tpsec_sa_get() - take a reference on an SA
 * @sa: the SA, found under RCU or RTNL
 *
 * Return: false if the SA is already being freed (no reference taken).
 */
bool l2tpsec_sa_get(struct l2tpsec_sa *sa)
{
	return kref_get_unless_zero(&sa->ref);
}

static void l2tpsec_sa_free(struct l2tpsec_sa *sa)
{
	/* queued packets hold references */
	WARN_ON_ONCE(!skb_queue_empty(&sa->crypt_q));
	l2tpsec_esp_free(sa);
	kfree(sa->replay.bitmap);
	l2tpsec_stats_free(&sa->stats);
	kfree_sensitive(sa);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_SA]);
}

static void l2tpsec_sa_free_work(struct work_struct *work)
{
	struct l2tpsec_sa *sa = container_of(to_rcu_work(work),
					     struct l2tpsec_sa, free_work);

	l2tpsec_sa_free(sa);
}

static void l2tpsec_sa_release(struct kref *ref)
{
	struct l2tpsec_sa *sa = container_of(ref, struct l2tpsec_sa, ref);

	/* after a grace period, in process context (crypto_free_aead) */
	queue_rcu_work(l2tpsec_wq, &sa->free_work);
}

/**
 * l2tpsec_sa_put() - drop a reference on an SA
 * @sa: the SA
 *
 * The last reference frees the SA after an RCU grace period.
 *
 * Context: any.
 */
void l2tpsec_sa_put(struct l2tpsec_sa *sa)
{
	kref_put(&sa->ref, l2tpsec_sa_release);
}

/**
 * l2tpsec_sa_state() - life cycle state of an SA
 * @sa: the SA
 *
 * Return: &enum l2tpsec_sa_state.
 */
u8 l2tpsec_sa_state(const struct l2tpsec_sa *sa)
{
	if (test_bit(L2TPSEC_SA_F_HARD, &sa->flags))
		return L2TPSEC_SA_STATE_EXPIRED;
	if (test_bit(L2TPSEC_SA_F_SOFT_SENT, &sa->flags))
		return L2TPSEC_SA_STATE_SOFT_EXPIRED;
	return L2TPSEC_SA_STATE_VALID;
}

/**
 * l2tpsec_sa_expire() - an SA reached a lifetime limit
 * @sa: the SA
 * @kind: &enum l2tpsec_expire_kind
 * @hard: hard limit: the SA becomes unusable
 *
 * Sends the SA_EXPIRE event at most once per SA for the soft limits and
 * once for the hard ones, whichever limit comes first. A soft event is
 * not sent once the SA is hard expired, and no event is sent for a
 * deleted SA.
 *
 * Context: any.
 */
void l2tpsec_sa_expire(struct l2tpsec_sa *sa, u8 kind, bool hard)
{
	if (hard) {
		if (test_and_set_bit(L2TPSEC_SA_F_HARD, &sa->flags))
			return;
	} else {
		if (test_bit(L2TPSEC_SA_F_HARD, &sa->flags) ||
		    test_and_set_bit(L2TPSEC_SA_F_SOFT_SENT, &sa->flags))
			return;
	}
	if (test_bit(L2TPSEC_SA_F_DEAD, &sa->flags))
		return;
	l2tpsec_nl_sa_expire(sa, kind, hard);
}

/**
 * l2tpsec_sa_set_peer() - move an SA to another peer address and/or port
 * @sa: the SA (either direction)
 * @peer_ip: the new peer address, 0 to keep it
 * @dport: the new ESP-in-UDP peer port (network order), 0 to keep it
 * @extack: error reporting
 *
 * Both change under @sa->peer_lock: the data path (l2tpsec_sa_peer())
 * sees the old pair or the new one. Keys, sequence numbers, the replay
 * window and the counters stay.
 *
 * Context: process, RTNL held.
 * Return: 0, or -EINVAL (a port for a raw ESP SA).
 */
int l2tpsec_sa_set_peer(struct l2tpsec_sa *sa, __be32 peer_ip, __be16 dport,
			struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (dport && sa->encap != L2TPSEC_ENCAP_UDP) {
		NL_SET_ERR_MSG(extack, "SA_ENCAP_PEER_PORT: the SA is not ESP-in-UDP");
		return -EINVAL;
	}
	write_seqlock_bh(&sa->peer_lock);
	if (peer_ip)
		WRITE_ONCE(sa->peer_ip, peer_ip);
	if (dport)
		WRITE_ONCE(sa->encap_dport, dport);
	write_sequnlock_bh(&sa->peer_lock);
	/* a new mapping of the new peer may be reported at once */
	WRITE_ONCE(sa->mapping_last, jiffies - HZ);
	return 0;
}

/**
 * l2tpsec_sa_mapping() - an authentic packet came from a new peer address
 *	or port
 * @sa: the inbound ESP-in-UDP SA
 * @saddr: the packet's outer source address
 * @sport: its UDP source port (network order)
 *
 * Sends an SA_MAPPING event, at most one per SA per second (lockless:
 * the CPU whose cmpxchg() moves @sa->mapping_last sends it), counted as
 * MAPPING_EVENTS on the SA and the namespace. Not for a deleted SA.
 *
 * Context: BH disabled, RCU (receive path).
 */
void l2tpsec_sa_mapping(struct l2tpsec_sa *sa, __be32 saddr, __be16 sport)
{
	unsigned long now = jiffies;
	unsigned long last = READ_ONCE(sa->mapping_last);

	if (time_before(now, last + HZ) ||
	    cmpxchg(&sa->mapping_last, last, now) != last)
		return;
	if (test_bit(L2TPSEC_SA_F_DEAD, &sa->flags))
		return;
	l2tpsec_stats_inc(&sa->stats, L2TPSEC_STATS_MAPPING_EVENTS);
	l2tpsec_stats_inc(&sa->ln->stats, L2TPSEC_STATS_MAPPING_EVENTS);
	net_info_ratelimited("l2tpsec: SPI 0x%x: peer seen at %pI4:%u, reported\n",
			     sa->spi, &saddr, ntohs(sport));
	l2tpsec_nl_sa_mapping(sa, saddr, sport);
}

/* Add @v to @ctr and handle the limits; false if @v goes past @hard. */
static bool l2tpsec_sa_account_one(struct l2tpsec_sa *sa, atomic64_t *ctr,
				   u64 v, u64 soft, u64 hard, u8 kind)
{
	u64 now = atomic64_add_return(v, ctr);
	u64 before = now - v;

	if (soft && before < soft && now >= soft)
		l2tpsec_sa_expire(sa, kind, false);
	if (hard) {
		if (before < hard && now >= hard)
			l2tpsec_sa_expire(sa, kind, true);
		if (now > hard)
			return false;
	}
	return true;
}

/**
 * l2tpsec_sa_check_time() - expire an SA whose time limit has passed
 * @sa: the SA
 *
 * The timer wheel rounds a timeout of a few seconds up by up to an
 * eighth of it (and TCG guests run timers late), so the timers alone
 * would leave an SA valid past its limit for a while: packets could still
 * use it and a read would show it valid at an age past the limit. The
 * clock decides: the data path and every read check it; the timers only
 * make sure the events go out when nothing else looks. The soft event
 * goes out before the hard one, as with the timers.
 *
 * Context: any.
 */
void l2tpsec_sa_check_time(struct l2tpsec_sa *sa)
{
	time64_t age;

	if (!sa->life.soft_seconds && !sa->life.hard_seconds)
		return;
	age = ktime_get_seconds() - sa->created;
	if (sa->life.soft_seconds && age >= sa->life.soft_seconds)
		l2tpsec_sa_expire(sa, L2TPSEC_EXPIRE_TIME, false);
	if (sa->life.hard_seconds && age >= sa->life.hard_seconds)
		l2tpsec_sa_expire(sa, L2TPSEC_EXPIRE_TIME, true);
}

/**
 * l2tpsec_sa_account() - count one packet against the SA's lifetime
 * @sa: the SA
 * @bytes: ESP payload bytes of the packet
 *
 * Only the limits that are configured are counted, so SAs without byte
 * or packet limits do no shared writes here. The packet that crosses a
 * soft limit sends the soft event. A hard limit is a maximum: the packet
 * that reaches it exactly is still processed and hard-expires the SA
 * (later packets are dropped), a packet that would go past it is refused
 * and hard-expires the SA too.
 *
 * Context: any; called on the data path.
 * Return: false if the packet goes past a hard limit and must be dropped.
 */
bool l2tpsec_sa_account(struct l2tpsec_sa *sa, unsigned int bytes)
{
	bool ok = true;

	if (unlikely(sa->life.soft_seconds || sa->life.hard_seconds)) {
		l2tpsec_sa_check_time(sa);
		if (test_bit(L2TPSEC_SA_F_HARD, &sa->flags))
			return false;
	}

	if (unlikely(sa->life.soft_bytes || sa->life.hard_bytes))
		ok = l2tpsec_sa_account_one(sa, &sa->life_bytes, bytes,
					    sa->life.soft_bytes,
					    sa->life.hard_bytes,
					    L2TPSEC_EXPIRE_BYTES);
	if (unlikely(sa->life.soft_packets || sa->life.hard_packets))
		ok &= l2tpsec_sa_account_one(sa, &sa->life_packets, 1,
					     sa->life.soft_packets,
					     sa->life.hard_packets,
					     L2TPSEC_EXPIRE_PACKETS);
	return ok;
}

/* Time limits: the timer wheel may fire early for far expiry times
 * (it caps the timeout), so check the clock and re-arm if needed.
 */
static void l2tpsec_sa_timer(struct l2tpsec_sa *sa, struct timer_list *timer,
			     u32 seconds, bool hard)
{
	time64_t left = sa->created + seconds - ktime_get_seconds();

	if (test_bit(L2TPSEC_SA_F_DEAD, &sa->flags))
		return;
	if (left > 0) {
		unsigned long delay = MAX_JIFFY_OFFSET;

		if (left < MAX_JIFFY_OFFSET / HZ)
			delay = left * HZ;
		mod_timer(timer, jiffies + delay);
		return;
	}
	l2tpsec_sa_expire(sa, L2TPSEC_EXPIRE_TIME, hard);
}

static void l2tpsec_sa_soft_timer(struct timer_list *t)
{
	struct l2tpsec_sa *sa = from_timer(sa, t, soft_timer);

	l2tpsec_sa_timer(sa, t, sa->life.soft_seconds, false);
}

static void l2tpsec_sa_hard_timer(struct timer_list *t)
{
	struct l2tpsec_sa *sa = from_timer(sa, t, hard_timer);

	l2tpsec_sa_timer(sa, t, sa->life.hard_seconds, true);
}

static void l2tpsec_sa_start_timer(struct timer_list *timer, u32 seconds)
{
	unsigned long delay = MAX_JIFFY_OFFSET;

	if (!seconds)
		return;
	if (seconds < MAX_JIFFY_OFFSET / HZ)
		delay = (unsigned long)seconds * HZ;
	mod_timer(timer, jiffies + delay);
}

static void l2tpsec_sa_exists_msg(const struct l2tpsec_sa_config *cfg,
				  struct netlink_ext_ack *extack)
{
#ifdef NL_SET_ERR_MSG_FMT_MOD
	NL_SET_ERR_MSG_FMT_MOD(extack, "SPI 0x%x already exists (%s)",
			       cfg->spi,
			       cfg->dir == L2TPSEC_DIR_IN ? "in" : "out");
#else
	if (cfg->dir == L2TPSEC_DIR_IN)
		NL_SET_ERR_MSG(extack, "SPI already exists (in)");
	else
		NL_SET_ERR_MSG(extack, "SPI already exists (out)");
#endif
}

static int l2tpsec_sa_validate(struct l2tpsec_net *ln,
			       const struct l2tpsec_sa_config *cfg,
			       const struct l2tpsec_alg_desc **algp,
			       struct netlink_ext_ack *extack)
{
	const struct l2tpsec_alg_desc *alg;
	const struct l2tpsec_sa_key_msgs *msgs;

	if (cfg->dir != L2TPSEC_DIR_IN && cfg->dir != L2TPSEC_DIR_OUT) {
		NL_SET_ERR_MSG(extack, "SA direction must be in or out");
		return -EINVAL;
	}
	if (cfg->spi < 256) {
		NL_SET_ERR_MSG(extack, "SPI values 0-255 are reserved (RFC 4303)");
		return -EINVAL;
	}

	alg = l2tpsec_alg_find(cfg->alg);
	if (!alg) {
		NL_SET_ERR_MSG(extack, "unknown algorithm");
		return -EINVAL;
	}
	msgs = &l2tpsec_sa_key_msgs[alg->id];
	if (!cfg->enc_key || cfg->enc_keylen != alg->enc_keylen) {
		if (msgs->enc)
			l2tpsec_sa_msg(extack, msgs->enc);
		else
			NL_SET_ERR_MSG(extack, "wrong encryption key length");
		return -EINVAL;
	}
	if (alg->auth_keylen) {
		if (!cfg->auth_key) {
			NL_SET_ERR_MSG(extack, "CBC algorithms need an authentication key");
			return -EINVAL;
		}
		if (cfg->auth_keylen != alg->auth_keylen) {
			if (msgs->auth)
				l2tpsec_sa_msg(extack, msgs->auth);
			else
				NL_SET_ERR_MSG(extack, "wrong authentication key length");
			return -EINVAL;
		}
	} else if (cfg->auth_key) {
		NL_SET_ERR_MSG(extack, "AEAD algorithms take no authentication key");
		return -EINVAL;
	}

	if (cfg->encap != L2TPSEC_ENCAP_NONE &&
	    cfg->encap != L2TPSEC_ENCAP_UDP) {
		NL_SET_ERR_MSG(extack, "unknown encapsulation");
		return -EINVAL;
	}

	if (cfg->replay_window > L2TPSEC_REPLAY_WINDOW_MAX) {
		NL_SET_ERR_MSG(extack, "replay window larger than "
			       __stringify(L2TPSEC_REPLAY_WINDOW_MAX)
			       " packets");
		return -EINVAL;
	}
	if (cfg->replay_window && cfg->dir != L2TPSEC_DIR_IN) {
		NL_SET_ERR_MSG(extack, "replay window only applies to inbound SAs");
		return -EINVAL;
	}
	if (!cfg->esn && cfg->seq > U32_MAX) {
		NL_SET_ERR_MSG(extack, "sequence number larger than 32 bits without ESN");
		return -EINVAL;
	}

	if (cfg->soft_bytes && cfg->hard_bytes &&
	    cfg->soft_bytes > cfg->hard_bytes) {
		NL_SET_ERR_MSG(extack, "soft byte limit larger than the hard one");
		return -EINVAL;
	}
	if (cfg->soft_packets && cfg->hard_packets &&
	    cfg->soft_packets > cfg->hard_packets) {
		NL_SET_ERR_MSG(extack, "soft packet limit larger than the hard one");
		return -EINVAL;
	}
	if (cfg->soft_seconds && cfg->hard_seconds &&
	    cfg->soft_seconds > cfg->hard_seconds) {
		NL_SET_ERR_MSG(extack, "soft time limit larger than the hard one");
		return -EINVAL;
	}

	if (l2tpsec_sa_lookup(ln, cfg->spi, cfg->dir)) {
		l2tpsec_sa_exists_msg(cfg, extack);
		return -EEXIST;
	}

	*algp = alg;
	return 0;
}

/* An inbound ESP-in-UDP SA receives on the encap socket of its port. */
static int l2tpsec_sa_find_encap(struct l2tpsec_net *ln, u16 port,
				 struct l2tpsec_encap_sock **ep,
				 struct netlink_ext_ack *extack)
{
	*ep = l2tpsec_encap_find(ln, port);
	if (*ep)
		return 0;

#ifdef NL_SET_ERR_MSG_FMT_MOD
	NL_SET_ERR_MSG_FMT_MOD(extack,
			       "no ESP-in-UDP socket on local port %u: hand one over with ENCAP_NEW",
			       port);
#else
	if (port == L2TPSEC_ENCAP_PORT_DEFAULT)
		NL_SET_ERR_MSG(extack,
			       "no ESP-in-UDP socket on local port "
			       __stringify(L2TPSEC_ENCAP_PORT_DEFAULT)
			       ": hand one over with ENCAP_NEW");
	else
		NL_SET_ERR_MSG(extack,
			       "no ESP-in-UDP socket on the local port: hand one over with ENCAP_NEW");
#endif
	return -ENOENT;
}

/**
 * l2tpsec_sa_create() - create an SA and add it to the namespace's table
 * @ln: the namespace's state
 * @cfg: the SA as requested
 * @extack: error reporting
 *
 * Validates @cfg (algorithm, key lengths, limits, SPI not in use in that
 * direction, encap socket for inbound ESP-in-UDP), sets up the crypto
 * transform and the time limits. The table holds the returned SA's only
 * reference: callers that keep it take their own with l2tpsec_sa_get().
 *
 * Context: process, RTNL held.
 * Return: the SA or an ERR_PTR(): -EINVAL, -EEXIST, -ENOENT, -ENOMEM or
 * a crypto API error.
 */
struct l2tpsec_sa *l2tpsec_sa_create(struct l2tpsec_net *ln,
				     const struct l2tpsec_sa_config *cfg,
				     struct netlink_ext_ack *extack)
{
	const struct l2tpsec_alg_desc *alg;
	struct l2tpsec_encap_sock *encap = NULL;
	u16 sport = cfg->encap_local_port ?: L2TPSEC_ENCAP_PORT_DEFAULT;
	u16 dport = cfg->encap_peer_port ?: L2TPSEC_ENCAP_PORT_DEFAULT;
	struct l2tpsec_sa *sa;
	u64 *bitmap = NULL;
	int err;

	ASSERT_RTNL();

	err = l2tpsec_sa_validate(ln, cfg, &alg, extack);
	if (err)
		return ERR_PTR(err);
	if (cfg->dir == L2TPSEC_DIR_IN && cfg->encap == L2TPSEC_ENCAP_UDP) {
		err = l2tpsec_sa_find_encap(ln, sport, &encap, extack);
		if (err)
			return ERR_PTR(err);
	}

	sa = kzalloc(sizeof(*sa), GFP_KERNEL_ACCOUNT);
	if (!sa)
		return ERR_PTR(-ENOMEM);

	sa->ln = ln;
	sa->spi = cfg->spi;
	sa->spi_be = htonl(cfg->spi);
	sa->dir = cfg->dir;
	sa->esn = cfg->esn;
	sa->encap = cfg->encap;
	sa->local_ip = cfg->local_ip;
	seqlock_init(&sa->peer_lock);
	sa->peer_ip = cfg->peer_ip;
	sa->mapping_last = jiffies - HZ;
	if (cfg->encap == L2TPSEC_ENCAP_UDP) {
		sa->encap_sport = htons(sport);
		sa->encap_dport = htons(dport);
	}
	sa->alg = alg;
	sa->life.soft_bytes = cfg->soft_bytes;
	sa->life.hard_bytes = cfg->hard_bytes;
	sa->life.soft_packets = cfg->soft_packets;
	sa->life.hard_packets = cfg->hard_packets;
	sa->life.soft_seconds = cfg->soft_seconds;
	sa->life.hard_seconds = cfg->hard_seconds;
	atomic64_set(&sa->life_bytes, 0);
	atomic64_set(&sa->life_packets, 0);
	spin_lock_init(&sa->replay_lock);

	if (cfg->dir == L2TPSEC_DIR_OUT) {
		atomic64_set(&sa->seq_out, cfg->seq);
	} else {
		u32 words = l2tpsec_replay_words(cfg->replay_window);

		bitmap = kcalloc(max(words, 1U), sizeof(u64), GFP_KERNEL_ACCOUNT);
		if (!bitmap) {
			err = -ENOMEM;
			goto err_free;
		}
		l2tpsec_replay_init(&sa->replay, cfg->replay_window, bitmap,
				    cfg->seq);
	}

	err = l2tpsec_esp_init(sa, cfg, extack);
	if (err)
		goto err_bitmap;

	err = l2tpsec_stats_init(&sa->stats);
	if (err)
		goto err_esp;

	timer_setup(&sa->soft_timer, l2tpsec_sa_soft_timer, 0);
	timer_setup(&sa->hard_timer, l2tpsec_sa_hard_timer, 0);
	kref_init(&sa->ref);
	l2tpsec_crypt_sa_init(sa);
	INIT_RCU_WORK(&sa->free_work, l2tpsec_sa_free_work);
	sa->created = ktime_get_seconds();

	if (encap) {
		encap->users++;
		sa->encap_sock = encap;
	}

	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_SA]);
	hlist_add_head_rcu(&sa->hnode, l2tpsec_sa_bucket(ln, sa->spi, sa->dir));
	l2tpsec_sa_start_timer(&sa->soft_timer, sa->life.soft_seconds);
	l2tpsec_sa_start_timer(&sa->hard_timer, sa->life.hard_seconds);
	return sa;

err_esp:
	l2tpsec_esp_free(sa);
err_bitmap:
	kfree(bitmap);
err_free:
	kfree_sensitive(sa);
	return ERR_PTR(err);
}

static void __l2tpsec_sa_delete(struct l2tpsec_sa *sa)
{
	set_bit(L2TPSEC_SA_F_DEAD, &sa->flags);
	hlist_del_init_rcu(&sa->hnode);
	/* the callbacks see DEAD and do not re-arm */
	del_timer_sync(&sa->soft_timer);
	del_timer_sync(&sa->hard_timer);
	if (sa->encap_sock) {
		sa->encap_sock->users--;
		sa->encap_sock = NULL;
	}
	l2tpsec_sa_put(sa);
}

/**
 * l2tpsec_sa_delete() - delete an SA
 * @ln: the namespace's state
 * @spi: SPI, host order
 * @dir: &enum l2tpsec_dir
 * @extack: error reporting
 *
 * Unlinks the SA, marks it dead, stops its timers, releases its encap
 * socket and drops the table's reference. Tunnels still holding it drop
 * their traffic until they are given another SA.
 *
 * Context: process, RTNL held.
 * Return: 0 or -ENOENT.
 */
int l2tpsec_sa_delete(struct l2tpsec_net *ln, u32 spi, u8 dir,
		      struct netlink_ext_ack *extack)
{
	struct l2tpsec_sa *sa;

	ASSERT_RTNL();

	sa = l2tpsec_sa_lookup(ln, spi, dir);
	if (!sa) {
		NL_SET_ERR_MSG(extack, "no such SA");
		return -ENOENT;
	}
	__l2tpsec_sa_delete(sa);
	return 0;
}

/**
 * l2tpsec_sa_encap_adopt() - a new encap socket counts the SAs of its port
 * @ln: the namespace's state
 * @e: the encap socket, just linked
 *
 * Inbound UDP SAs whose socket was closed by its owner receive on @e from
 * now on (the receive path never looked at the socket) and count as its
 * users again.
 *
 * Context: process, RTNL held.
 */
void l2tpsec_sa_encap_adopt(struct l2tpsec_net *ln, struct l2tpsec_encap_sock *e)
{
	struct l2tpsec_sa *sa;
	int bkt;

	ASSERT_RTNL();

	hash_for_each(ln->sa_in, bkt, sa, hnode) {
		if (sa->encap == L2TPSEC_ENCAP_UDP && !sa->encap_sock &&
		    sa->encap_sport == htons(e->port)) {
			sa->encap_sock = e;
			e->users++;
		}
	}
}

/**
 * l2tpsec_sa_encap_orphan() - an encap socket goes, its SAs stay
 * @ln: the namespace's state
 * @e: the encap socket, being released
 *
 * Context: process, RTNL held.
 */
void l2tpsec_sa_encap_orphan(struct l2tpsec_net *ln, struct l2tpsec_encap_sock *e)
{
	struct l2tpsec_sa *sa;
	int bkt;

	ASSERT_RTNL();

	if (!e->users)
		return;
	hash_for_each(ln->sa_in, bkt, sa, hnode) {
		if (sa->encap_sock == e) {
			sa->encap_sock = NULL;
			e->users--;
		}
	}
	WARN_ON_ONCE(e->users);
}

/**
 * l2tpsec_sa_flush() - delete all SAs of a namespace
 * @ln: the namespace's state
 *
 * Context: process, RTNL held (namespace exit).
 */
void l2tpsec_sa_flush(struct l2tpsec_net *ln)
{
	struct l2tpsec_sa *sa;
	struct hlist_node *tmp;
	int bkt;

	ASSERT_RTNL();

	hash_for_each_safe(ln->sa_in, bkt, tmp, sa, hnode)
		__l2tpsec_sa_delete(sa);
	hash_for_each_safe(ln->sa_out, bkt, tmp, sa, hnode)
		__l2tpsec_sa_delete(sa);
}
