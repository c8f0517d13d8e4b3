// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's use of the module's generic netlink family: SAs in and
 * out, the L2TPv3 tunnel + session of a connection, the NAT-T socket
 * handed over, counters, and SA_EXPIRE events. The request builders are
 * the CLI's (sa.c, tunnel.c, session.c).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>
#include <syslog.h>

#include "alg.h"
#include "kernel.h"
#include "l2tpsec.h"
#include "nl.h"
#include "sa.h"
#include "session.h"
#include "tunnel.h"

#define BIT64(n) (1ULL << (n))

_Static_assert(KERN_SA_IN_MAX == L2TPSEC_TUNNEL_SA_IN_MAX, "tunnel binding size");

static struct kern *K(struct ked *d)
{
	return *(struct kern **)d->priv;
}

/**
 * kern_open() - the request and event sockets
 * @k: zeroed
 * @err: why not
 * @errlen: its size
 *
 * Return: 0 or -1.
 */
int kern_open(struct kern *k, char *err, size_t errlen)
{
	struct cli_err e = { "" };

	k->nl = nl_open(&e);
	if (k->nl)
		k->ev = nl_open(&e);
	if (!k->nl || !k->ev) {
		snprintf(err, errlen, "%s", e.msg);
		kern_close(k);
		return -1;
	}
	if (nl_subscribe_events(k->ev) < 0) {
		snprintf(err, errlen, "cannot join the l2tpsec events group: %s", strerror(errno));
		kern_close(k);
		return -1;
	}
	return 0;
}

/**
 * kern_close() - close both sockets
 * @k: the handle
 */
void kern_close(struct kern *k)
{
	if (k->nl)
		nl_close(k->nl);
	if (k->ev)
		nl_close(k->ev);
	k->nl = k->ev = NULL;
}

static int talk(struct kern *k, struct nlmsghdr *req, mnl_cb_t cb, void *data, char *err,
		size_t errlen)
{
	struct nl_err_info ei;

	if (!nl_talk(k->nl, req, cb, data, &ei))
		return 0;
	if (err)
		snprintf(err, errlen, "%s%s%s", strerror(ei.error), ei.msg[0] ? ": " : "", ei.msg);
	return -ei.error;
}

/**
 * kern_encap_fd() - hand a bound UDP socket to the module for ESP-in-UDP
 * @k: the handle
 * @fd: the socket
 * @err: why not
 * @errlen: its size
 *
 * Return: 0 or -errno.
 */
int kern_encap_fd(struct kern *k, int fd, char *err, size_t errlen)
{
	char buf[CLI_REQ_SIZE];
	struct nlmsghdr *nlh = nl_req_start(buf, k->nl->family, L2TPSEC_CMD_ENCAP_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_ENCAP_FD, (uint32_t)fd);
	return talk(k, nlh, NULL, NULL, err, errlen);
}

/**
 * kern_events_fd() - the event socket, for poll()
 * @k: the handle
 *
 * Return: a file descriptor.
 */
int kern_events_fd(const struct kern *k)
{
	return mnl_socket_get_fd(k->ev->sk);
}

struct ev_attrs {
	const struct nlattr *tb[L2TPSEC_A_MAX + 1];
};

static int ev_attr_cb(const struct nlattr *a, void *data)
{
	struct ev_attrs *ea = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t <= L2TPSEC_A_MAX)
		ea->tb[t] = a;
	return MNL_CB_OK;
}

static int ev_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ked *d = data;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct ev_attrs ea;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != L2TPSEC_CMD_SA_EXPIRE)
		return MNL_CB_OK;
	memset(&ea, 0, sizeof(ea));
	if (mnl_attr_parse(nlh, GENL_HDRLEN, ev_attr_cb, &ea) < 0)
		return MNL_CB_OK;
	if (!ea.tb[L2TPSEC_A_SA_SPI] || !ea.tb[L2TPSEC_A_SA_DIR] ||
	    mnl_attr_validate(ea.tb[L2TPSEC_A_SA_SPI], MNL_TYPE_U32) ||
	    mnl_attr_validate(ea.tb[L2TPSEC_A_SA_DIR], MNL_TYPE_U8))
		return MNL_CB_OK;
	ked_expire(d, mnl_attr_get_u32(ea.tb[L2TPSEC_A_SA_SPI]),
		   mnl_attr_get_u8(ea.tb[L2TPSEC_A_SA_DIR]),
		   ea.tb[L2TPSEC_A_SA_EXPIRE_HARD] &&
		   !mnl_attr_validate(ea.tb[L2TPSEC_A_SA_EXPIRE_HARD], MNL_TYPE_U8) &&
		   mnl_attr_get_u8(ea.tb[L2TPSEC_A_SA_EXPIRE_HARD]));
	return MNL_CB_OK;
}

/**
 * kern_events_read() - handle the events waiting on the event socket
 * @k: the handle
 * @d: the daemon
 */
void kern_events_read(struct kern *k, struct ked *d)
{
	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(k->ev->sk), k->ev->buf, k->ev->buflen,
				 MSG_DONTWAIT);

		if (n <= 0) {
			if (n < 0 && errno == ENOBUFS)
				logx(LOG_WARNING, "kernel events lost (socket overrun)");
			return;
		}
		if (!nl_buf_ok(k->ev->buf, (size_t)n))
			continue;
		mnl_cb_run(k->ev->buf, (size_t)n, 0, 0, ev_msg_cb, d);
	}
}

/**
 * kern_sa_add() - SA_NEW
 * @d: the daemon
 * @sa: the SA
 * @err: the module's message
 * @errlen: its size
 *
 * Return: 0 or -errno (-EEXIST: SPI taken).
 */
int kern_sa_add(struct ked *d, const struct kern_sa *sa, char *err, size_t errlen)
{
	struct kern *k = K(d);
	char buf[CLI_REQ_SIZE];
	struct sa_params p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.spi = sa->spi;
	p.dir = sa->dir;
	p.local.family = AF_INET;
	p.local.v4 = sa->local;
	p.peer.family = AF_INET;
	p.peer.v4 = sa->peer;
	p.alg = alg_by_id(sa->alg);
	if (!p.alg)
		return -EINVAL;
	memcpy(p.key, sa->key, sa->key_len);
	p.key_len = sa->key_len;
	memcpy(p.auth_key, sa->auth_key, sa->auth_len);
	p.auth_len = sa->auth_len;
	if (sa->encap) {
		p.seen |= BIT64(SA_KW_ENCAP);
		p.encap = L2TPSEC_ENCAP_UDP;
		p.sport = sa->sport;
		p.dport = sa->dport;
	}
	if (sa->dir == L2TPSEC_DIR_IN && sa->replay_window) {
		p.seen |= BIT64(SA_KW_REPLAY);
		p.replay_window = sa->replay_window;
	}
	if (sa->esn)
		p.seen |= BIT64(SA_KW_ESN);
	if (sa->soft_bytes) {
		p.seen |= BIT64(SA_KW_LIFE + SA_LIFE_SOFT_BYTES) |
			  BIT64(SA_KW_LIFE + SA_LIFE_HARD_BYTES);
		p.life[SA_LIFE_SOFT_BYTES] = sa->soft_bytes;
		p.life[SA_LIFE_HARD_BYTES] = sa->hard_bytes;
	}
	if (sa->soft_packets) {
		p.seen |= BIT64(SA_KW_LIFE + SA_LIFE_SOFT_PACKETS) |
			  BIT64(SA_KW_LIFE + SA_LIFE_HARD_PACKETS);
		p.life[SA_LIFE_SOFT_PACKETS] = sa->soft_packets;
		p.life[SA_LIFE_HARD_PACKETS] = sa->hard_packets;
	}
	if (sa->hard_seconds) {
		p.seen |= BIT64(SA_KW_LIFE + SA_LIFE_HARD_TIME);
		p.life[SA_LIFE_HARD_TIME] = sa->hard_seconds;
	}
	rc = talk(k, sa_build_new(buf, k->nl->family, &p), NULL, NULL, err, errlen);
	explicit_bzero(&p, sizeof(p));
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/**
 * kern_sa_del() - SA_DEL
 * @d: the daemon
 * @spi: SPI
 * @dir: direction
 *
 * Return: 0 or -errno.
 */
int kern_sa_del(struct ked *d, uint32_t spi, uint8_t dir)
{
	struct kern *k = K(d);
	char buf[CLI_REQ_SIZE], err[256];
	int rc = talk(k, sa_build_del(buf, k->nl->family, spi, dir), NULL, NULL, err,
		      sizeof(err));

	if (rc && rc != -ENOENT)
		logx(LOG_WARNING, "cannot delete SA %08x: %s", spi, err);
	return rc;
}

static int sa_stats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_info *si = data;

	return sa_info_parse(nlh, si) ? MNL_CB_ERROR : MNL_CB_OK;
}

/**
 * kern_sa_stats() - packets and bytes of an SA
 * @d: the daemon
 * @spi: SPI
 * @dir: direction (in: received, out: sent)
 * @st: filled
 *
 * Return: 0 or -errno.
 */
int kern_sa_stats(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st)
{
	struct kern *k = K(d);
	char buf[CLI_REQ_SIZE];
	struct sa_info si;
	int rc;

	memset(&si, 0, sizeof(si));
	memset(st, 0, sizeof(*st));
	rc = talk(k, sa_build_get(buf, k->nl->family, spi, dir), sa_stats_cb, &si, NULL, 0);
	if (rc)
		return rc;
	if (dir == L2TPSEC_DIR_IN) {
		st->packets = si.stats.v[L2TPSEC_STATS_RX_PACKETS];
		st->bytes = si.stats.v[L2TPSEC_STATS_RX_BYTES];
	} else {
		st->packets = si.stats.v[L2TPSEC_STATS_TX_PACKETS];
		st->bytes = si.stats.v[L2TPSEC_STATS_TX_BYTES];
	}
	st->seq = si.seq;
	return 0;
}

/**
 * kern_l2tp_add() - the connection's L2TPv3 tunnel and Ethernet session
 * @d: the daemon
 * @l: what to create
 * @err: the module's message
 * @errlen: its size
 *
 * Return: 0 or -errno (the tunnel is removed again if the session fails).
 */
int kern_l2tp_add(struct ked *d, const struct kern_l2tp *l, char *err, size_t errlen)
{
	struct kern *k = K(d);
	struct tunnel_params t;
	struct session_params s;
	char buf[CLI_REQ_SIZE];
	int rc;

	memset(&t, 0, sizeof(t));
	t.id = l->tunnel_id;
	t.peer_id = l->peer_tunnel_id;
	t.version = 3;
	t.local.family = AF_INET;
	t.local.v4 = l->local;
	t.peer.family = AF_INET;
	t.peer.v4 = l->peer;
	t.sport = l->port;
	t.dport = l->port;
	t.sa_out = l->sa_out;
	/* bound to the child's inbound SA: another peer behind the same
	 * NAT (same address) cannot reach this tunnel with its own SAs
	 */
	t.n_sa_in = l->n_sa_in < KERN_SA_IN_MAX ? l->n_sa_in : KERN_SA_IN_MAX;
	memcpy(t.sa_in, l->sa_in, t.n_sa_in * sizeof(t.sa_in[0]));
	t.esp_required = true;
	t.seen = BIT64(TUN_KW_SPORT) | BIT64(TUN_KW_DPORT) | BIT64(TUN_KW_SA_OUT) |
		 BIT64(TUN_KW_ESP_REQUIRED) | BIT64(TUN_KW_SA_IN);
	rc = talk(k, tunnel_build_new(buf, k->nl->family, &t), NULL, NULL, err, errlen);
	if (rc)
		return rc;
	memset(&s, 0, sizeof(s));
	s.tunnel = l->tunnel_id;
	s.id = l->session_id;
	s.peer_id = l->peer_session_id;
	if (l->c->ifname[0]) {
		snprintf(s.ifname, sizeof(s.ifname), "%s", l->c->ifname);
		s.seen |= BIT64(SES_KW_NAME);
	}
	if (l->c->cookie_len) {
		memcpy(s.cookie, l->c->cookie, l->c->cookie_len);
		s.cookie_len = l->c->cookie_len;
		s.seen |= BIT64(SES_KW_COOKIE);
	}
	if (l->c->peer_cookie_len) {
		memcpy(s.peer_cookie, l->c->peer_cookie, l->c->peer_cookie_len);
		s.peer_cookie_len = l->c->peer_cookie_len;
		s.seen |= BIT64(SES_KW_PEER_COOKIE);
	}
	if (l->c->seq) {
		s.send_seq = s.recv_seq = true;
		s.seen |= BIT64(SES_KW_SEQ);
	}
	if (l->c->mtu) {
		s.mtu = l->c->mtu;
		s.seen |= BIT64(SES_KW_MTU);
	}
	rc = talk(k, session_build_new(buf, k->nl->family, &s), NULL, NULL, err, errlen);
	if (rc)
		talk(k, tunnel_build_del(buf, k->nl->family, l->tunnel_id), NULL, NULL, NULL, 0);
	return rc;
}

/**
 * kern_l2tp_set_sa() - point a tunnel at another outbound SA and bind it
 * @d: the daemon
 * @tunnel_id: the tunnel
 * @sa_out: SPI of the outbound SA
 * @sa_in: SPIs of the inbound SAs it accepts (old and new while rekeying)
 * @n_in: their number
 *
 * Return: 0 or -errno.
 */
int kern_l2tp_set_sa(struct ked *d, uint32_t tunnel_id, uint32_t sa_out,
		     const uint32_t *sa_in, unsigned int n_in)
{
	struct kern *k = K(d);
	struct tunnel_params t;
	char buf[CLI_REQ_SIZE], err[256];
	int rc;

	memset(&t, 0, sizeof(t));
	t.id = tunnel_id;
	t.sa_out = sa_out;
	t.n_sa_in = n_in < KERN_SA_IN_MAX ? n_in : KERN_SA_IN_MAX;
	memcpy(t.sa_in, sa_in, t.n_sa_in * sizeof(t.sa_in[0]));
	t.seen = BIT64(TUN_KW_SA_OUT) | BIT64(TUN_KW_SA_IN);
	rc = talk(k, tunnel_build_set(buf, k->nl->family, &t), NULL, NULL, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "cannot switch tunnel %u to SA %08x: %s", tunnel_id, sa_out, err);
	return rc;
}

/**
 * kern_l2tp_del() - delete a tunnel and its session
 * @d: the daemon
 * @tunnel_id: the tunnel
 *
 * Return: 0 or -errno.
 */
int kern_l2tp_del(struct ked *d, uint32_t tunnel_id)
{
	struct kern *k = K(d);
	char buf[CLI_REQ_SIZE];

	return talk(k, tunnel_build_del(buf, k->nl->family, tunnel_id), NULL, NULL, NULL, 0);
}
