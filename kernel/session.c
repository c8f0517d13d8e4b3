// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - L2TP sessions.
 *
 * Sessions are found on receive by one hash: L2TPv3 session ids are
 * unique in the namespace, L2TPv2 sessions are named by (tunnel id,
 * session id). Each session owns a network interface (device.c).
 */
#include <linux/hash.h>
#include <linux/rtnetlink.h>

#include "l2tpsec.h"

static u32 l2tpsec_session_key(u8 version, u32 tunnel_id, u32 session_id)
{
	if (version == 2)
		return (tunnel_id << 16) | (session_id & 0xffff);
	return session_id;
}

/**
 * l2tpsec_session_lookup() - find a session
 * @ln: namespace state
 * @version: L2TP version, 2 or 3
 * @tunnel_id: local tunnel id (used by version 2 only)
 * @session_id: local session id
 *
 * Context: RCU read side or RTNL; no reference is taken.
 * Return: the session or NULL.
 */
struct l2tpsec_session *l2tpsec_session_lookup(struct l2tpsec_net *ln, u8 version,
					       u32 tunnel_id, u32 session_id)
{
	u32 key = l2tpsec_session_key(version, tunnel_id, session_id);
	struct l2tpsec_session *s;

	hlist_for_each_entry_rcu(s, &ln->sessions[hash_32(key, L2TPSEC_HASH_BITS)],
				 hnode, lockdep_rtnl_is_held())
		if (s->id == session_id && s->tunnel->version == version &&
		    (version == 3 || s->tunnel->id == tunnel_id))
			return s;
	return NULL;
}

static void l2tpsec_session_free_rcu(struct rcu_head *head)
{
	struct l2tpsec_session *s = container_of(head, struct l2tpsec_session, rcu);

	l2tpsec_stats_free(&s->stats);
	kfree(s);
	atomic_dec(&l2tpsec_live[L2TPSEC_OBJ_SESSION]);
}

static void l2tpsec_session_release(struct kref *ref)
{
	struct l2tpsec_session *s = container_of(ref, struct l2tpsec_session, ref);

	l2tpsec_tunnel_put(s->tunnel);
	call_rcu(&s->rcu, l2tpsec_session_free_rcu);
}

/**
 * l2tpsec_session_put() - drop a session reference
 * @s: the session
 */
void l2tpsec_session_put(struct l2tpsec_session *s)
{
	kref_put(&s->ref, l2tpsec_session_release);
}

/**
 * l2tpsec_session_create() - create a session and its interface
 * @ln: namespace state
 * @cfg: requested configuration
 * @extack: error reporting
 *
 * Context: RTNL.
 * Return: the session (owned by the table) or an ERR_PTR.
 */
struct l2tpsec_session *l2tpsec_session_create(struct l2tpsec_net *ln,
					       const struct l2tpsec_session_config *cfg,
					       struct netlink_ext_ack *extack)
{
	struct l2tpsec_tunnel *t;
	struct l2tpsec_session *s;
	u32 max_id;
	int err;

	ASSERT_RTNL();
	t = l2tpsec_tunnel_lookup(ln, cfg->tunnel_id);
	if (!t) {
		NL_SET_ERR_MSG(extack, "TUNNEL_ID names no tunnel");
		return ERR_PTR(-ENOENT);
	}
	max_id = t->version == 2 ? 0xffff : U32_MAX;
	if (!cfg->id || cfg->id > max_id || !cfg->peer_id || cfg->peer_id > max_id) {
		NL_SET_ERR_MSG(extack, "session ids must be 1..65535 (v2) or non-zero (v3)");
		return ERR_PTR(-EINVAL);
	}
	if ((t->version == 2 && cfg->pw_type != L2TPSEC_PWTYPE_PPP) ||
	    (t->version == 3 && cfg->pw_type != L2TPSEC_PWTYPE_ETH)) {
		NL_SET_ERR_MSG(extack, "SESSION_PW_TYPE must be PPP for L2TPv2 and ETH for L2TPv3");
		return ERR_PTR(-EINVAL);
	}
	if (l2tpsec_session_lookup(ln, t->version, t->id, cfg->id)) {
		NL_SET_ERR_MSG(extack, "a session with this SESSION_ID already exists");
		return ERR_PTR(-EEXIST);
	}

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	atomic_inc(&l2tpsec_live[L2TPSEC_OBJ_SESSION]);
	kref_init(&s->ref);
	kref_get(&t->ref);
	s->tunnel = t;
	s->id = cfg->id;
	s->peer_id = cfg->peer_id;
	s->pw_type = cfg->pw_type;
	s->l2spec = t->version == 3 ? cfg->l2spec : L2TPSEC_L2SPEC_NONE;
	s->send_seq = cfg->send_seq;
	s->recv_seq = cfg->recv_seq;
	s->cookie_len = cfg->cookie_len;
	memcpy(s->cookie, cfg->cookie, cfg->cookie_len);
	s->peer_cookie_len = cfg->peer_cookie_len;
	memcpy(s->peer_cookie, cfg->peer_cookie, cfg->peer_cookie_len);
	err = l2tpsec_stats_init(&s->stats);
	if (err)
		goto err_put;
	err = l2tpsec_dev_create(s, cfg->ifname, cfg->mtu, extack);
	if (err)
		goto err_put;
	list_add_tail(&s->tlist, &t->sessions);
	hash_add_rcu(ln->sessions, &s->hnode,
		     l2tpsec_session_key(t->version, t->id, s->id));
	return s;

err_put:
	l2tpsec_session_put(s);
	return ERR_PTR(err);
}

/**
 * l2tpsec_session_delete() - delete a session and its interface
 * @s: the session
 *
 * Context: RTNL.
 */
void l2tpsec_session_delete(struct l2tpsec_session *s)
{
	ASSERT_RTNL();
	WRITE_ONCE(s->dead, true);
	hash_del_rcu(&s->hnode);
	list_del(&s->tlist);
	l2tpsec_dev_destroy(s);
	l2tpsec_session_put(s);
}
