// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's use of the module, through the kernel-client library
 * (lib/): SAs in and out, the L2TPv3 tunnel + session of a connection,
 * the NAT-T socket handed over, counters, SA_EXPIRE and SA_MAPPING events,
 * moving SAs and tunnels to a peer's new address/port.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>

#include "encap.h"
#include "event.h"
#include "kernel.h"
#include "l2tpsec.h"
#include "nl.h"
#include "remote.h"
#include "sa.h"
#include "send.h"
#include "session.h"
#include "tunnel.h"

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
	struct l2s_err e = { "" };

	if (l2s_connect(&k->req, &e) == 0)
		k->ev = nl_open(&e);
	if (!k->req.nl || !k->ev) {
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
	l2s_close(&k->req);
	nl_close(k->ev);
	k->ev = NULL;
}

/* The library's verdict as this file's callers take it: 0 or -errno, and
 * the module's message in err. */
static int verdict(int rc, const struct l2s_kerr *ke, char *err, size_t errlen)
{
	if (rc && err)
		l2s_kerr_format(ke, err, errlen);
	return rc;
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
	struct l2s_kerr ke;

	return verdict(l2s_encap_fd(&k->req, fd, &ke), &ke, err, errlen);
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

static int ev_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ked *d = data;
	struct l2s_event ev;

	if (event_parse(nlh, &ev) != 1)
		return MNL_CB_OK;
	if (ev.cmd == L2TPSEC_CMD_SA_EXPIRE) {
		ked_expire(d, ev.spi, ev.dir, ev.hard != 0);
	} else if (ev.cmd == L2TPSEC_CMD_SA_MAPPING && ev.peer.family == AF_INET) {
		struct sockaddr_in to = {
			.sin_family = AF_INET,
			.sin_addr = ev.peer.v4,
			.sin_port = htons(ev.port),
		};

		ked_mapping(d, ev.spi, ev.dir, &to);
	} else if (ev.cmd == L2TPSEC_CMD_CTRL_RECV && ev.peer.family == AF_INET && ev.payload) {
		ra_ctrl_recv(d, ev.tunnel, ev.peer.v4, ev.port,
			     (ev.has & BIT(L2TPSEC_A_SA_SPI)) ? ev.spi : 0, ev.payload, ev.len);
	} else if (ev.cmd == L2TPSEC_CMD_PPP_RECV && ev.payload) {
		ra_ppp_recv(d, ev.tunnel, ev.session, ev.payload, ev.len);
	}
	return MNL_CB_OK;
}

/*
 * Datagrams read per call: under a sustained stream of events (a thousand
 * remote-access clients logging in) reading until the socket is empty
 * kept the loop here for seconds, and the LNS's and PPP's timers waited.
 * The rest is read on the next loop turn (poll() returns at once).
 */
#define KERN_EV_BATCH	64

/**
 * kern_events_read() - handle the events waiting on the event socket
 * @k: the handle
 * @d: the daemon
 *
 * At most KERN_EV_BATCH datagrams, so that the daemon's timers run
 * between batches.
 */
void kern_events_read(struct kern *k, struct ked *d)
{
	for (unsigned int i = 0; i < KERN_EV_BATCH; i++) {
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

static void ip4(struct ipaddr *a, struct in_addr v4)
{
	a->family = AF_INET;
	a->v4 = v4;
}

/*
 * A TUNNEL_NEW of either version: ESP required, bound to sa_in[0..n_in).
 * A clear-text LNS tunnel clears esp_required and drops the SA
 * attributes afterwards (clear_text()).
 */
static void tunnel_req(struct l2s_tunnel *t, uint8_t version, uint32_t id, uint32_t peer_id,
		       struct in_addr local, struct in_addr peer, uint16_t sport, uint16_t dport,
		       uint32_t sa_out, const uint32_t *sa_in, unsigned int n_in)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->peer_id = peer_id;
	t->version = version;
	ip4(&t->local, local);
	ip4(&t->peer, peer);
	t->sport = sport;
	t->dport = dport;
	t->sa_out = sa_out;
	t->n_sa_in = n_in < KERN_SA_IN_MAX ? n_in : KERN_SA_IN_MAX;
	memcpy(t->sa_in, sa_in, t->n_sa_in * sizeof(t->sa_in[0]));
	t->esp_required = true;
	t->has = BIT(L2TPSEC_A_TUNNEL_LOCAL_PORT) | BIT(L2TPSEC_A_TUNNEL_PEER_PORT) |
		 BIT(L2TPSEC_A_TUNNEL_SA_OUT) | BIT(L2TPSEC_A_TUNNEL_ESP_REQUIRED) |
		 BIT(L2TPSEC_A_TUNNEL_SA_IN);
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
	struct l2s_kerr ke;
	struct l2s_sa p;
	int rc;

	if (!alg_by_id(sa->alg) || sa->key_len > sizeof(p.key) ||
	    sa->auth_len > sizeof(p.auth_key))
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	p.spi = sa->spi;
	p.dir = sa->dir;
	ip4(&p.local, sa->local);
	ip4(&p.peer, sa->peer);
	p.alg = sa->alg;
	memcpy(p.key, sa->key, sa->key_len);
	p.key_len = sa->key_len;
	memcpy(p.auth_key, sa->auth_key, sa->auth_len);
	p.auth_len = sa->auth_len;
	if (sa->encap) {
		p.has |= BIT(L2TPSEC_A_SA_ENCAP);
		p.encap = L2TPSEC_ENCAP_UDP;
		p.sport = sa->sport;
		p.dport = sa->dport;
	}
	if (sa->dir == L2TPSEC_DIR_IN && sa->replay_window) {
		p.has |= BIT(L2TPSEC_A_SA_REPLAY_WINDOW);
		p.replay_window = sa->replay_window;
	}
	if (sa->esn) {
		p.has |= BIT(L2TPSEC_A_SA_ESN);
		p.esn = true;
	}
	if (sa->soft_bytes) {
		p.has |= BIT(L2TPSEC_A_SA_LIFE_SOFT_BYTES) | BIT(L2TPSEC_A_SA_LIFE_HARD_BYTES);
		p.life[SA_LIFE_SOFT_BYTES] = sa->soft_bytes;
		p.life[SA_LIFE_HARD_BYTES] = sa->hard_bytes;
	}
	if (sa->soft_packets) {
		p.has |= BIT(L2TPSEC_A_SA_LIFE_SOFT_PACKETS) | BIT(L2TPSEC_A_SA_LIFE_HARD_PACKETS);
		p.life[SA_LIFE_SOFT_PACKETS] = sa->soft_packets;
		p.life[SA_LIFE_HARD_PACKETS] = sa->hard_packets;
	}
	if (sa->hard_seconds) {
		p.has |= BIT(L2TPSEC_A_SA_LIFE_HARD_SECONDS);
		p.life[SA_LIFE_HARD_TIME] = sa->hard_seconds;
	}
	rc = verdict(l2s_sa_add(&K(d)->req, &p, &ke), &ke, err, errlen);
	explicit_bzero(&p, sizeof(p));
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
	struct l2s_kerr ke;
	char err[256];
	int rc = verdict(l2s_sa_del(&K(d)->req, spi, dir, &ke), &ke, err, sizeof(err));

	if (rc && rc != -ENOENT)
		logx(LOG_WARNING, "cannot delete SA %08x: %s", spi, err);
	return rc;
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
	const struct l2s_sa *si;
	struct l2s_kerr ke;
	struct vec v;
	int rc;

	memset(st, 0, sizeof(*st));
	vec_init(&v, sizeof(struct l2s_sa));
	rc = l2s_sa_get(&K(d)->req, spi, dir, &v, &ke);
	if (!rc && v.n == 0)
		rc = -ENOENT;
	if (rc) {
		vec_free(&v);
		return rc;
	}
	si = v.items;
	if (dir == L2TPSEC_DIR_IN) {
		st->packets = si->stats.v[L2TPSEC_STATS_RX_PACKETS];
		st->bytes = si->stats.v[L2TPSEC_STATS_RX_BYTES];
	} else {
		st->packets = si->stats.v[L2TPSEC_STATS_TX_PACKETS];
		st->bytes = si->stats.v[L2TPSEC_STATS_TX_BYTES];
	}
	st->seq = si->seq;
	vec_free(&v);
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
	struct l2s_tunnel t;
	struct l2s_session s;
	struct l2s_kerr ke;
	int rc;

	/* bound to the child's inbound SA: another peer behind the same
	 * NAT (same address) cannot reach this tunnel with its own SAs
	 */
	tunnel_req(&t, 3, l->tunnel_id, l->peer_tunnel_id, l->local, l->peer, l->port, l->port,
		   l->sa_out, l->sa_in, l->n_sa_in);
	rc = verdict(l2s_tunnel_add(&k->req, &t, &ke), &ke, err, errlen);
	if (rc)
		return rc;
	memset(&s, 0, sizeof(s));
	s.tunnel = l->tunnel_id;
	s.id = l->session_id;
	s.peer_id = l->peer_session_id;
	if (l->c->ifname[0]) {
		snprintf(s.ifname, sizeof(s.ifname), "%s", l->c->ifname);
		s.has |= BIT(L2TPSEC_A_SESSION_IFNAME);
	}
	if (l->c->cookie_len) {
		memcpy(s.cookie, l->c->cookie, l->c->cookie_len);
		s.cookie_len = l->c->cookie_len;
		s.has |= BIT(L2TPSEC_A_SESSION_COOKIE);
	}
	if (l->c->peer_cookie_len) {
		memcpy(s.peer_cookie, l->c->peer_cookie, l->c->peer_cookie_len);
		s.peer_cookie_len = l->c->peer_cookie_len;
		s.has |= BIT(L2TPSEC_A_SESSION_PEER_COOKIE);
	}
	if (l->c->seq) {
		s.send_seq = s.recv_seq = 1;
		s.has |= BIT(L2TPSEC_A_SESSION_SEND_SEQ) | BIT(L2TPSEC_A_SESSION_RECV_SEQ);
	}
	if (l->c->mtu) {
		s.mtu = l->c->mtu;
		s.has |= BIT(L2TPSEC_A_SESSION_MTU);
	}
	rc = verdict(l2s_session_add(&k->req, &s, NULL, &ke), &ke, err, errlen);
	if (rc)
		l2s_tunnel_del(&k->req, l->tunnel_id, &ke);
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
	struct l2s_tunnel t = {
		.has = BIT(L2TPSEC_A_TUNNEL_SA_OUT) | BIT(L2TPSEC_A_TUNNEL_SA_IN),
		.id = tunnel_id,
		.sa_out = sa_out,
		.n_sa_in = n_in < KERN_SA_IN_MAX ? n_in : KERN_SA_IN_MAX,
	};
	struct l2s_kerr ke;
	char err[256];
	int rc;

	memcpy(t.sa_in, sa_in, t.n_sa_in * sizeof(t.sa_in[0]));
	rc = verdict(l2s_tunnel_set(&K(d)->req, &t, &ke), &ke, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "cannot switch tunnel %u to SA %08x: %s", tunnel_id, sa_out, err);
	return rc;
}

/**
 * kern_sa_move() - an SA's peer moved (SA_SET)
 * @d: the daemon
 * @spi: the SA
 * @dir: its direction
 * @peer: the peer's address now
 * @port: its ESP-in-UDP port now; 0: keep the port
 *
 * Return: 0 or -errno (logged).
 */
int kern_sa_move(struct ked *d, uint32_t spi, uint8_t dir, struct in_addr peer, uint16_t port)
{
	struct l2s_sa s = {
		.has = BIT(L2TPSEC_A_PEER_IP4),
		.spi = spi,
		.dir = dir,
		.dport = port,
	};
	struct l2s_kerr ke;
	char err[256];
	int rc;

	ip4(&s.peer, peer);
	if (port)
		s.has |= BIT(L2TPSEC_A_SA_ENCAP_PEER_PORT);
	rc = verdict(l2s_sa_set(&K(d)->req, &s, &ke), &ke, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "cannot move SA %08x: %s", spi, err);
	return rc;
}

/**
 * kern_l2tp_move() - a tunnel's peer moved (TUNNEL_SET PEER_IP4)
 * @d: the daemon
 * @tunnel_id: the tunnel
 * @peer: the peer's address now
 *
 * Return: 0 or -errno (logged).
 */
int kern_l2tp_move(struct ked *d, uint32_t tunnel_id, struct in_addr peer)
{
	struct l2s_tunnel t = {
		.has = BIT(L2TPSEC_A_PEER_IP4),
		.id = tunnel_id,
	};
	struct l2s_kerr ke;
	char err[256];
	int rc;

	ip4(&t.peer, peer);
	rc = verdict(l2s_tunnel_set(&K(d)->req, &t, &ke), &ke, err, sizeof(err));
	if (rc)
		logx(LOG_WARNING, "cannot move tunnel %u: %s", tunnel_id, err);
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
	struct l2s_kerr ke;

	return l2s_tunnel_del(&K(d)->req, tunnel_id, &ke);
}

/**
 * kern_lns_tunnel_add() - an L2TPv2 tunnel of the LNS (TUNNEL_NEW)
 * @d: the daemon
 * @l: the tunnel: ids, addresses, ports, the SAs it is bound to
 * @err: the module's message
 * @errlen: its size
 *
 * ESP is required: clear text from the peer is dropped by the module;
 * unless l->clear_text: no SAs, clear text from the peer's address.
 *
 * Return: 0 or -errno.
 */
int kern_lns_tunnel_add(struct ked *d, const struct kern_l2tp2 *l, char *err, size_t errlen)
{
	struct l2s_tunnel t;
	struct l2s_kerr ke;

	tunnel_req(&t, 2, l->tunnel_id, l->peer_tunnel_id, l->local, l->peer, l->port,
		   l->peer_port, l->sa_out, l->sa_in, l->n_sa_in);
	if (l->clear_text) {
		/* no SA out (the module sends in clear text), none in, and
		 * clear text accepted: from the peer's address only */
		t.sa_out = 0;
		t.n_sa_in = 0;
		t.esp_required = false;
		t.has &= ~(BIT(L2TPSEC_A_TUNNEL_SA_OUT) | BIT(L2TPSEC_A_TUNNEL_SA_IN));
	}
	return verdict(l2s_tunnel_add(&K(d)->req, &t, &ke), &ke, err, errlen);
}

/**
 * kern_lns_listen() - open UDP 1701 for clear-text L2TP (TUNNEL_NEW)
 * @d: the daemon
 * @local: the gateway's address
 * @peer: the clear-text peer's
 * @err: the module's message
 * @errlen: its size
 *
 * The module opens a tunnel's UDP port with its first tunnel: the
 * KERN_LNS_LISTEN_ID tunnel (L2TPv3, ESP required, no SA, no session)
 * keeps port 1701 open for the SCCRQ of a clear-text client before any
 * tunnel exists. It already existing (a daemon that did not stop
 * cleanly) is fine.
 *
 * Return: 0 or -errno.
 */
int kern_lns_listen(struct ked *d, struct in_addr local, struct in_addr peer, char *err,
		    size_t errlen)
{
	static const uint32_t none[1];
	struct l2s_tunnel t;
	struct l2s_kerr ke;
	int rc;

	tunnel_req(&t, 3, KERN_LNS_LISTEN_ID, KERN_LNS_LISTEN_ID, local, peer, 1701, 1701, 0,
		   none, 0);
	t.has &= ~(BIT(L2TPSEC_A_TUNNEL_SA_OUT) | BIT(L2TPSEC_A_TUNNEL_SA_IN));
	rc = verdict(l2s_tunnel_add(&K(d)->req, &t, &ke), &ke, err, errlen);
	return rc == -EEXIST ? 0 : rc;
}

/**
 * kern_lns_session_add() - a PPP session and its interface (SESSION_NEW)
 * @d: the daemon
 * @tid: its tunnel
 * @sid: our session id
 * @peer_sid: the peer's
 * @mtu: the interface MTU (0: the module computes it)
 * @ifname: filled with the interface's name
 * @ifindex: filled with its index
 * @err: the module's message
 * @errlen: its size
 *
 * The interface starts with IPv6 off (IPV6CP turns it on).
 *
 * Return: 0 or -errno.
 */
int kern_lns_session_add(struct ked *d, uint32_t tid, uint32_t sid, uint32_t peer_sid,
			 uint32_t mtu, char ifname[16], uint32_t *ifindex, char *err,
			 size_t errlen)
{
	struct l2s_session s, made;
	struct l2s_kerr ke;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&made, 0, sizeof(made));
	s.tunnel = tid;
	s.id = sid;
	s.peer_id = peer_sid;
	s.pw = L2TPSEC_PWTYPE_PPP;
	s.has = BIT(L2TPSEC_A_SESSION_PW_TYPE);
	if (mtu) {
		s.mtu = mtu;
		s.has |= BIT(L2TPSEC_A_SESSION_MTU);
	}
	rc = verdict(l2s_session_add(&K(d)->req, &s, &made, &ke), &ke, err, errlen);
	if (rc)
		return rc;
	snprintf(ifname, 16, "%s", made.ifname);
	*ifindex = made.ifindex;
	/* no IPv6 through it unless IPV6CP opens (rtnl_ipv6_up()); no IPv6
	 * settings at all below 1280 bytes of MTU */
	rc = rtnl_sysctl("ipv6", made.ifindex, "disable_ipv6", "1", err, errlen);
	if (rc && rc != -ENOENT) {
		kern_lns_session_del(d, tid, sid);
		return rc;
	}
	return 0;
}

/**
 * kern_lns_session_del() - SESSION_DEL
 * @d: the daemon
 * @tid: tunnel
 * @sid: session
 *
 * Return: 0 or -errno.
 */
int kern_lns_session_del(struct ked *d, uint32_t tid, uint32_t sid)
{
	struct l2s_kerr ke;

	return l2s_session_del(&K(d)->req, tid, sid, &ke);
}

/**
 * kern_lns_session_stats() - a session's interface counters
 * @d: the daemon
 * @tid: tunnel
 * @sid: session
 * @st: filled
 *
 * Return: 0 or -errno.
 */
int kern_lns_session_stats(struct ked *d, uint32_t tid, uint32_t sid,
			   struct kern_session_stats *st)
{
	const struct l2s_session *s;
	struct l2s_kerr ke;
	struct vec v;
	int rc;

	memset(st, 0, sizeof(*st));
	vec_init(&v, sizeof(struct l2s_session));
	rc = l2s_session_get(&K(d)->req, tid, sid, &v, &ke);
	if (!rc && v.n == 0)
		rc = -ENOENT;
	if (!rc) {
		s = v.items;
		st->rx_packets = s->stats.v[L2TPSEC_STATS_RX_PACKETS];
		st->rx_bytes = s->stats.v[L2TPSEC_STATS_RX_BYTES];
		st->tx_packets = s->stats.v[L2TPSEC_STATS_TX_PACKETS];
		st->tx_bytes = s->stats.v[L2TPSEC_STATS_TX_BYTES];
	}
	vec_free(&v);
	return rc;
}

/**
 * kern_ctrl_send() - an L2TP control message to a tunnel's peer (CTRL_SEND)
 * @d: the daemon
 * @tid: the tunnel
 * @msg: from the L2TP header on
 * @len: its length
 *
 * Return: 0 or -errno.
 */
int kern_ctrl_send(struct ked *d, uint32_t tid, const uint8_t *msg, size_t len)
{
	struct l2s_kerr ke;

	return l2s_ctrl_send(&K(d)->req, tid, msg, len, &ke);
}

/**
 * kern_ppp_send() - a PPP frame on a session (PPP_SEND)
 * @d: the daemon
 * @tid: tunnel
 * @sid: session
 * @frame: protocol field first
 * @len: its length
 *
 * Return: 0 or -errno.
 */
int kern_ppp_send(struct ked *d, uint32_t tid, uint32_t sid, const uint8_t *frame, size_t len)
{
	struct l2s_kerr ke;

	return l2s_ppp_send(&K(d)->req, tid, sid, frame, len, &ke);
}
