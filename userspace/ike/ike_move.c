// SPDX-License-Identifier: GPL-2.0
/*
 * The peer moved (its NAT got a new public port or address): the IKE SA,
 * the ESP SAs of its children, the connection's L2TP tunnel and the IKE
 * SA's LNS tunnels (remote.c) follow.
 * For both IKE versions; reached from an authenticated IKE message from
 * elsewhere (ikev1_input.c, ikev2_input.c) or from the module's
 * SA_MAPPING event (ked_mapping()).
 */
#include <arpa/inet.h>
#include <string.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ked.h"
#include "l2tpsec.h"
#include "remote.h"

/* Is the connection's L2TP tunnel up (over any of its IKE SAs)? */
static bool conn_l2tp_up(struct ked *d, const struct ike_sa *sa)
{
	if (!sa->conn || !sa->conn->l2tp.set)
		return false;
	for (const struct ike_sa *s = d->sas; s; s = s->next)
		if (s->state != IKE_S_DEAD && s->l2tp_up && s->conn &&
		    strcmp(s->conn_name, sa->conn_name) == 0)
			return true;
	return false;
}

/**
 * ike_sa_move() - follow the peer to a new address and/or port
 * @sa: the IKE SA
 * @remote: where the peer is now
 * @why: for the log line, e.g. "NAT mapping changed"
 *
 * Re-indexes the IKE SA (ike_sa_set_remote()), moves both ESP SAs of
 * every installed child (ked_ops.sa_move: the encap peer port of
 * ESP-in-UDP ones too) and, if the address changed, the connection's
 * L2TP tunnel (ked_ops.l2tp_move). Logs one line. Nothing happens if
 * the peer is where it was.
 */
void ike_sa_move(struct ike_sa *sa, const struct sockaddr_in *remote, const char *why)
{
	struct ked *d = sa->d;
	struct sockaddr_in old = sa->remote;
	bool addr = old.sin_addr.s_addr != remote->sin_addr.s_addr;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	if (!addr && old.sin_port == remote->sin_port)
		return;
	inet_ntop(AF_INET, &old.sin_addr, a, sizeof(a));
	inet_ntop(AF_INET, &remote->sin_addr, b, sizeof(b));
	sa_log(sa, LOG_INFO, "peer moved from %s:%u to %s:%u (%s)", a, ntohs(old.sin_port), b,
	       ntohs(remote->sin_port), why);
	ike_sa_set_remote(sa, remote);
	for (struct child_sa *c = sa->children; c; c = c->next) {
		uint16_t port = c->encap ? ntohs(remote->sin_port) : 0;

		if (!addr && !port)
			continue;	/* raw ESP: only the address matters */
		if (c->encap)
			c->rport = port;
		if (!d->ops->sa_move)
			continue;
		if (c->in_installed &&
		    d->ops->sa_move(d, c->spi_in, L2TPSEC_DIR_IN, remote->sin_addr, port))
			sa_log(sa, LOG_WARNING, "cannot move SA %08x/in to %s:%u", c->spi_in, b,
			       port);
		if (c->out_installed &&
		    d->ops->sa_move(d, c->spi_out, L2TPSEC_DIR_OUT, remote->sin_addr, port))
			sa_log(sa, LOG_WARNING, "cannot move SA %08x/out to %s:%u", c->spi_out, b,
			       port);
	}
	if (addr && d->ops->l2tp_move && conn_l2tp_up(d, sa) &&
	    d->ops->l2tp_move(d, sa->conn->l2tp.tunnel_id, remote->sin_addr))
		sa_log(sa, LOG_WARNING, "cannot move L2TP tunnel %u to %s",
		       sa->conn->l2tp.tunnel_id, b);
	if (addr)
		ra_peer_moved(sa, remote->sin_addr);	/* its LNS tunnels, if any */
}
