// SPDX-License-Identifier: GPL-2.0
/*
 * The PPP server's registry and phases (ppp_server.h): instances by id,
 * the link's upper ops, the way from LCP to authentication to IPCP (and
 * IPV6CP), and
 * closing the link. Every entry point (attach, input, down, tick,
 * stop_all) runs between enter() and leave(): a close of the link asked
 * for on the way is done by leave(), after the instance's work, and the
 * instance is looked up again by id afterwards because the carrier may
 * call upper->down from inside lower->close.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <openssl/crypto.h>

#include "link.h"
#include "ppp_server_priv.h"

static void up_input(struct link *l, const uint8_t *frame, size_t len);
static void up_down(struct link *l, const char *why);

static const struct link_upper_ops ppp_upper_ops = {
	.input = up_input,
	.down = up_down,
};

/* ------------------------------------------------------------ helpers */

/**
 * ppp_now() - the daemon's clock
 * @in: the instance
 *
 * Return: ops->now(), or 0 without one.
 */
uint64_t ppp_now(struct ppp_inst *in)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	return o->now ? o->now(o->ctx) : 0;
}

/**
 * ppp_log() - a log line about the instance, through ops->log
 * @in: the instance
 * @level: a syslog level (LOG_INFO, ...)
 * @fmt: printf format, then its arguments
 */
void ppp_log(struct ppp_inst *in, int level, const char *fmt, ...)
{
	const struct ppp_server_ops *o = &in->ps->ops;
	char msg[384];
	va_list ap;

	if (!o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->log(o->ctx, in->l, level, msg);
}

/**
 * ppp_random() - random bytes from ops->random (zeros without one)
 * @in: the instance
 * @buf: where
 * @n: how many
 */
void ppp_random(struct ppp_inst *in, void *buf, size_t n)
{
	const struct ppp_server_ops *o = &in->ps->ops;

	memset(buf, 0, n);
	if (o->random)
		o->random(o->ctx, buf, n);
}

/**
 * ppp_send() - one frame to the client: the protocol, then the packet
 * @in: the instance
 * @proto: the PPP protocol number
 * @pkt: the packet (Information field)
 * @n: its length
 *
 * Nothing is sent once the link is down or being closed.
 */
void ppp_send(struct ppp_inst *in, uint16_t proto, const uint8_t *pkt, size_t n)
{
	uint8_t buf[PPP_FRAME_MAX];

	if (!in->l || in->gone || in->close_sent || n > sizeof(buf) - 2)
		return;
	buf[0] = (uint8_t)(proto >> 8);
	buf[1] = (uint8_t)proto;
	memcpy(buf + 2, pkt, n);
	in->l->lower->send(in->l, buf, n + 2);
}

/**
 * ppp_close_link() - close the link when the current entry returns
 * @in: the instance
 * @why: the reason (the first one asked for wins)
 */
void ppp_close_link(struct ppp_inst *in, const char *why)
{
	if (!in->close_why)
		in->close_why = why ? why : "closed";
	in->phase = PPP_PH_CLOSING;
}

/* -------------------------------------------------------------- registry */

static struct ppp_inst *find(const struct ppp_servers *ps, uint64_t id)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->v[mid]->id == id)
			return ps->v[mid];
		if (ps->v[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The first instance whose id is above id (iteration that survives removals). */
static struct ppp_inst *next_after(const struct ppp_servers *ps, uint64_t id)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->v[mid]->id <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ps->n ? ps->v[lo] : NULL;
}

static void inst_free(struct ppp_inst *in)
{
	struct ppp_servers *ps = in->ps;

	for (size_t i = 0; i < ps->n; i++) {
		if (ps->v[i] == in) {
			memmove(&ps->v[i], &ps->v[i + 1], (ps->n - i - 1) * sizeof(ps->v[0]));
			ps->n--;
			break;
		}
	}
	OPENSSL_cleanse(in, sizeof(*in));
	free(in);
}

static void enter(struct ppp_inst *in)
{
	in->busy++;
}

/* The end of an entry: free a gone instance, close the link if asked. */
static void leave(struct ppp_servers *ps, uint64_t id)
{
	struct ppp_inst *in = find(ps, id);
	struct link *l;

	if (!in || --in->busy)
		return;
	if (in->gone) {
		inst_free(in);
		return;
	}
	if (!in->close_why || in->close_sent || !in->l)
		return;
	ppp_log(in, LOG_INFO, "closing the link: %s", in->close_why);
	ppp_release_upper(in);
	l = in->l;
	in->close_sent = true;
	in->echo_due = 0;
	in->auth_due = 0;
	l->lower->close(l, in->close_why);	/* may call upper->down: in may be gone */
}

/* ---------------------------------------------------------------- phases */

/**
 * ppp_phase_auth() - LCP is Opened: authenticate, or go on to IPCP
 * @in: the instance
 */
void ppp_phase_auth(struct ppp_inst *in)
{
	if (in->phase != PPP_PH_LCP)
		return;
	in->auth = in->lcp_st.auth;
	if (!in->auth) {
		ppp_phase_network(in);
		return;
	}
	in->phase = PPP_PH_AUTH;
	ppp_auth_start(in);
}

/**
 * ppp_phase_network() - authenticated (or no authentication): IPCP starts
 * @in: the instance
 */
void ppp_phase_network(struct ppp_inst *in)
{
	if (in->phase != PPP_PH_LCP && in->phase != PPP_PH_AUTH)
		return;
	in->phase = PPP_PH_IPCP;
	ppp_ipcp_start(in);
	if (!in->close_why && !in->lcp_closing)
		ppp_ipv6cp_start(in);
}

/**
 * ppp_release_upper() - everything above LCP goes: IPCP, IPV6CP, address, interface
 * @in: the instance
 *
 * No frame is sent; safe to call more than once.
 */
void ppp_release_upper(struct ppp_inst *in)
{
	ppp_ipv6cp_release(in);
	ppp_ipcp_release(in);
	in->auth_due = 0;
}

/* ---------------------------------------------------------- upper ops */

static void up_input(struct link *l, const uint8_t *frame, size_t len)
{
	struct ppp_servers *ps = l ? l->upper_ctx : NULL;
	struct ppp_inst *in = ps ? find(ps, l->upper_id) : NULL;
	uint64_t id;
	uint16_t proto;

	if (!in || in->l != l || in->close_sent || in->gone || (len && !frame))
		return;
	id = in->id;
	enter(in);
	/* Address and Control (ff 03) if the carrier left them: never a protocol (odd first byte). */
	if (len >= 2 && frame[0] == 0xff && frame[1] == 0x03) {
		frame += 2;
		len -= 2;
	}
	if (len >= 1 && (frame[0] & 1)) {		/* a compressed protocol field (PFC) */
		proto = frame[0];
		frame++;
		len--;
	} else if (len >= 2) {
		proto = (uint16_t)(frame[0] << 8 | frame[1]);
		frame += 2;
		len -= 2;
	} else {
		goto out;
	}
	switch (proto) {
	case PPP_PROTO_LCP:
		ppp_lcp_input(in, frame, len);
		break;
	case PPP_PROTO_PAP:
	case PPP_PROTO_CHAP:
		if (in->phase == PPP_PH_AUTH || in->phase == PPP_PH_IPCP || in->phase == PPP_PH_OPEN)
			ppp_auth_input(in, proto, frame, len);
		break;
	case PPP_PROTO_IPCP:
		/* RFC 1661 3.5: NCP packets before the network phase are discarded. */
		if (in->phase == PPP_PH_IPCP || in->phase == PPP_PH_OPEN)
			ppp_ipcp_input(in, frame, len);
		break;
	case PPP_PROTO_IPV6CP:
		if (!ps->cfg.ipv6)
			ppp_lcp_proto_reject(in, proto, frame, len);
		else if (in->phase == PPP_PH_IPCP || in->phase == PPP_PH_OPEN)
			ppp_ipv6cp_input(in, frame, len);
		break;
	case PPP_PROTO_IPV6:
		if (!ps->cfg.ipv6)
			ppp_lcp_proto_reject(in, proto, frame, len);
		break;	/* else data, the kernel's */
	case PPP_PROTO_IPV4:
		break;	/* data belongs to the kernel; nothing to do here */
	default:	/* CCP, Apple's 0x8235, anything else */
		ppp_lcp_proto_reject(in, proto, frame, len);
		break;
	}
out:
	leave(ps, id);
}

static void up_down(struct link *l, const char *why)
{
	struct ppp_servers *ps = l ? l->upper_ctx : NULL;
	struct ppp_inst *in = ps ? find(ps, l->upper_id) : NULL;

	if (!in || in->l != l)
		return;
	ppp_log(in, LOG_INFO, "link down: %s", why ? why : "");
	ppp_release_upper(in);		/* ip_down, the address; no frames */
	in->l = NULL;
	if (in->busy)
		in->gone = true;
	else
		inst_free(in);
}

/* ----------------------------------------------------------- interface */

/**
 * ppp_servers_new() - the PPP server: instances are attached to links later
 * @cfg: the configuration (zeros: defaults, see struct ppp_server_cfg); copied
 * @ops: the daemon's callbacks; copied
 *
 * Return: the server, or NULL (out of memory).
 */
/* cfg (zeros: defaults) into ps and the option policies it implies. */
static void apply_cfg(struct ppp_servers *ps, const struct ppp_server_cfg *cfg)
{
	if (cfg)
		ps->cfg = *cfg;
	if (!ps->cfg.mru)
		ps->cfg.mru = PPP_SERVER_MRU;
	if (ps->cfg.mru < PPP_MRU_MIN)
		ps->cfg.mru = PPP_MRU_MIN;
	ps->cfg.auth &= PPP_AUTH_ALL;
	if (!ps->cfg.auth)
		ps->cfg.auth = PPP_AUTH_MSCHAPV2;
	if (!ps->cfg.auth_tries)
		ps->cfg.auth_tries = PPP_SERVER_TRIES;
	if (!ps->cfg.echo_interval_ms)
		ps->cfg.echo_interval_ms = PPP_SERVER_ECHO_MS;
	if (!ps->cfg.echo_failures)
		ps->cfg.echo_failures = PPP_SERVER_ECHO_FAILS;
	ps->lpol.mru = ps->cfg.mru;
	ps->lpol.min_peer_mru = PPP_SERVER_MIN_PEER_MRU;
	ps->lpol.auth = ps->cfg.auth;
	ps->ipol.local = ntohl(ps->cfg.local.s_addr);
	for (int i = 0; i < 2; i++) {
		ps->ipol.dns[i] = ntohl(ps->cfg.dns[i].s_addr);
		ps->ipol.nbns[i] = ntohl(ps->cfg.nbns[i].s_addr);
	}
}

struct ppp_servers *ppp_servers_new(const struct ppp_server_cfg *cfg,
				    const struct ppp_server_ops *ops)
{
	struct ppp_servers *ps = calloc(1, sizeof(*ps));

	if (!ps)
		return NULL;
	if (ops)
		ps->ops = *ops;
	apply_cfg(ps, cfg);
	return ps;
}

/**
 * ppp_servers_set_cfg() - a new configuration (SIGHUP)
 * @ps: the server
 * @cfg: as for ppp_servers_new(); copied
 *
 * Links negotiated from now on use it (MRU, authentication protocols,
 * the gateway's address, DNS, NBNS); open links keep what they agreed,
 * their keepalive follows the new interval and failure count.
 */
void ppp_servers_set_cfg(struct ppp_servers *ps, const struct ppp_server_cfg *cfg)
{
	apply_cfg(ps, cfg);
}

/**
 * ppp_servers_free() - every instance down at once, then the server
 * @ps: the server, or NULL
 *
 * No frame is sent and no link is closed: ip_down and addr_release are
 * called for every instance that had them.
 */
void ppp_servers_free(struct ppp_servers *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++) {
		struct ppp_inst *in = ps->v[i];

		in->close_sent = true;	/* no frames */
		ppp_release_upper(in);
		OPENSSL_cleanse(in, sizeof(*in));
		free(in);
	}
	free(ps->v);
	free(ps);
}

/**
 * ppp_server_attach() - start a PPP instance on a link
 * @ps: the server
 * @l: the link; its upper half is filled and LCP sends its first request
 *
 * Return: 0, or -1 (out of memory).
 */
int ppp_server_attach(struct ppp_servers *ps, struct link *l)
{
	struct ppp_inst *in;
	uint64_t id;

	if (!ps || !l || !l->lower || !l->lower->send || !l->lower->close)
		return -1;
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 16;
		struct ppp_inst **v = realloc(ps->v, cap * sizeof(*v));

		if (!v)
			return -1;
		ps->v = v;
		ps->cap = cap;
	}
	in = calloc(1, sizeof(*in));
	if (!in)
		return -1;
	id = ++ps->next_id;
	in->ps = ps;
	in->id = id;
	in->link_id = l->id;
	in->l = l;
	in->phase = PPP_PH_LCP;
	in->started = ppp_now(in);
	ps->v[ps->n++] = in;
	l->upper = &ppp_upper_ops;
	l->upper_ctx = ps;
	l->upper_id = id;
	enter(in);
	ppp_lcp_start(in);
	leave(ps, id);
	return 0;
}

/**
 * ppp_servers_tick() - run what is due: restart timers, keepalives, auth
 * @ps: the server
 * @now: the time (the same clock as ops->now)
 */
void ppp_servers_tick(struct ppp_servers *ps, uint64_t now)
{
	struct ppp_inst *in;
	uint64_t id = 0;

	if (!ps)
		return;
	while ((in = next_after(ps, id))) {
		id = in->id;
		if (!in->l || in->close_sent)
			continue;
		enter(in);
		ppp_lcp_tick(in, now);
		if (!in->close_why)
			ppp_auth_tick(in, now);
		if (!in->close_why)
			ppp_ipcp_tick(in, now);
		if (!in->close_why)
			ppp_ipv6cp_tick(in, now);
		leave(ps, id);
	}
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	if (!b)
		return a;
	return b < a ? b : a;
}

/**
 * ppp_servers_next_timeout() - when ppp_servers_tick() has work next
 * @ps: the server
 *
 * Return: the earliest deadline of every instance, UINT64_MAX if none.
 */
uint64_t ppp_servers_next_timeout(const struct ppp_servers *ps)
{
	uint64_t t = UINT64_MAX;

	if (!ps)
		return t;
	for (size_t i = 0; i < ps->n; i++) {
		const struct ppp_inst *in = ps->v[i];

		if (!in->l || in->close_sent)
			continue;
		t = earliest(t, ppp_lcp_deadline(in));
		t = earliest(t, in->auth_due);
		t = earliest(t, ppp_fsm_deadline(&in->ipcp));
		t = earliest(t, ppp_fsm_deadline(&in->ipv6cp));
	}
	return t;
}

/**
 * ppp_servers_stop_all() - LCP Terminate-Request on every instance
 * @ps: the server
 * @why: the reason, for logs and the link's close
 *
 * Each link is closed when its LCP has finished (Terminate-Ack, or the
 * restart timer's last expiry, within ppp_servers_tick()).
 */
void ppp_servers_stop_all(struct ppp_servers *ps, const char *why)
{
	struct ppp_inst *in;
	uint64_t id = 0;

	if (!ps)
		return;
	while ((in = next_after(ps, id))) {
		id = in->id;
		if (!in->l || in->close_sent)
			continue;
		enter(in);
		ppp_lcp_terminate(in, why ? why : "server stopping");
		leave(ps, id);
	}
}

static const char *phase_name(enum ppp_phase p)
{
	static const char *const names[] = { "lcp", "auth", "ipcp", "open", "closing" };

	return p <= PPP_PH_CLOSING ? names[p] : "?";
}

/**
 * ppp_servers_foreach() - call fn for every instance, in order of creation
 * @ps: the server
 * @fn: the callback; a non-zero return stops the walk and is returned
 * @arg: passed to fn
 *
 * Return: 0, or fn's first non-zero value.
 */
int ppp_servers_foreach(const struct ppp_servers *ps,
			int (*fn)(const struct ppp_session_info *si, void *arg), void *arg)
{
	if (!ps || !fn)
		return 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct ppp_inst *in = ps->v[i];
		struct ppp_session_info si;
		int rc;

		if (in->gone)
			continue;
		memset(&si, 0, sizeof(si));
		si.link_id = in->link_id;
		si.phase = phase_name(in->close_sent || in->lcp_closing ? PPP_PH_CLOSING : in->phase);
		memcpy(si.user, in->user, sizeof(si.user));
		si.user[sizeof(si.user) - 1] = '\0';
		if (in->phase == PPP_PH_OPEN) {
			si.local = ps->cfg.local;
			si.peer.s_addr = htonl(in->addr);
		}
		si.auth = in->auth_state == PPP_AS_DONE ? ppp_auth_name(in->auth) : "";
		si.started_ms = in->started;
		rc = fn(&si, arg);
		if (rc)
			return rc;
	}
	return 0;
}
