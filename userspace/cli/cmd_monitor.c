// SPDX-License-Identifier: GPL-2.0
/* "l2tpsec monitor": print events until interrupted. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "attrs.h"
#include "event.h"
#include "cmd_monitor.h"
#include "nl.h"
#include "out.h"
#include "sa.h"

#define EHAS(ev, a) ((ev)->has & BIT(a))

static const char *const kind_names[] = {
	[L2TPSEC_EXPIRE_BYTES] = "bytes",
	[L2TPSEC_EXPIRE_PACKETS] = "packets",
	[L2TPSEC_EXPIRE_TIME] = "time",
	[L2TPSEC_EXPIRE_SEQ] = "seq",
};

/* "out", "packets"... or "unknown-N" in b */
static const char *name_or_unknown(const char *name, unsigned int v,
				   char *b, size_t n)
{
	if (name)
		return name;
	snprintf(b, n, "unknown-%u", v);
	return b;
}

static void print_text(FILE *f, const struct l2s_event *ev)
{
	char b[INET6_ADDRSTRLEN], u[32];

	switch (ev->cmd) {
	case L2TPSEC_CMD_SA_EXPIRE:
		fprintf(f, "sa-expire spi 0x%" PRIx32 " dir %s", ev->spi,
			name_or_unknown(sa_dir_name(ev->dir), ev->dir, u,
					sizeof(u)));
		fprintf(f, " kind %s %s\n",
			name_or_unknown(enum_name(kind_names,
						  ARRAY_SIZE(kind_names),
						  ev->kind),
					ev->kind, u, sizeof(u)),
			ev->hard ? "hard" : "soft");
		break;
	case L2TPSEC_CMD_CTRL_RECV:
		fprintf(f, "ctrl-recv tunnel %" PRIu32 " peer %s", ev->tunnel,
			addr_str(&ev->peer, b, sizeof(b)));
		if (EHAS(ev, L2TPSEC_A_TUNNEL_PEER_PORT))
			fprintf(f, " port %u", ev->port);
		else
			fputs(" port -", f);
		if (EHAS(ev, L2TPSEC_A_SA_SPI))
			fprintf(f, " spi 0x%" PRIx32, ev->spi);
		else
			fputs(" spi -", f);
		fputs(" payload ", f);
		print_hex(f, ev->payload, ev->len);
		fputc('\n', f);
		break;
	case L2TPSEC_CMD_SA_MAPPING:
		fprintf(f, "sa-mapping spi 0x%" PRIx32 " dir %s peer %s dport %u\n",
			ev->spi, name_or_unknown(sa_dir_name(ev->dir), ev->dir,
						 u, sizeof(u)),
			addr_str(&ev->peer, b, sizeof(b)), ev->port);
		break;
	case L2TPSEC_CMD_PPP_RECV:
		fprintf(f, "ppp-recv tunnel %" PRIu32 " session %" PRIu32
			" payload ", ev->tunnel, ev->session);
		print_hex(f, ev->payload, ev->len);
		fputc('\n', f);
		break;
	}
}

static void print_json(FILE *f, const struct l2s_event *ev)
{
	struct json j;
	char u[32];

	json_init(&j, f);
	json_obj_open(&j);
	switch (ev->cmd) {
	case L2TPSEC_CMD_SA_EXPIRE:
		json_kv_str(&j, "event", "sa-expire");
		json_kv_u64(&j, "spi", ev->spi);
		json_kv_str(&j, "dir", name_or_unknown(sa_dir_name(ev->dir),
						       ev->dir, u, sizeof(u)));
		json_kv_str(&j, "kind",
			    name_or_unknown(enum_name(kind_names,
						      ARRAY_SIZE(kind_names),
						      ev->kind),
					    ev->kind, u, sizeof(u)));
		json_kv_bool(&j, "hard", ev->hard != 0);
		break;
	case L2TPSEC_CMD_CTRL_RECV:
		json_kv_str(&j, "event", "ctrl-recv");
		json_kv_u64(&j, "tunnel", ev->tunnel);
		json_addr(&j, "peer", &ev->peer);
		json_key(&j, "port");
		if (EHAS(ev, L2TPSEC_A_TUNNEL_PEER_PORT))
			json_u64(&j, ev->port);
		else
			json_null(&j);
		json_key(&j, "spi");
		if (EHAS(ev, L2TPSEC_A_SA_SPI))
			json_u64(&j, ev->spi);
		else
			json_null(&j);
		json_key(&j, "payload");
		json_hex(&j, ev->payload, ev->len);
		break;
	case L2TPSEC_CMD_SA_MAPPING:
		json_kv_str(&j, "event", "sa-mapping");
		json_kv_u64(&j, "spi", ev->spi);
		json_kv_str(&j, "dir", name_or_unknown(sa_dir_name(ev->dir),
						       ev->dir, u, sizeof(u)));
		json_addr(&j, "peer", &ev->peer);
		json_kv_u64(&j, "dport", ev->port);
		break;
	case L2TPSEC_CMD_PPP_RECV:
		json_kv_str(&j, "event", "ppp-recv");
		json_kv_u64(&j, "tunnel", ev->tunnel);
		json_kv_u64(&j, "session", ev->session);
		json_key(&j, "payload");
		json_hex(&j, ev->payload, ev->len);
		break;
	}
	json_obj_close(&j);
	fputc('\n', f);
}

void event_print(FILE *f, bool json, const struct l2s_event *ev)
{
	if (json)
		print_json(f, ev);
	else
		print_text(f, ev);
}

int monitor_handle(FILE *out, FILE *err, bool json, uint16_t family,
		   const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	size_t n = len;
	int printed = 0;

	for (; nl_msg_ok(nlh, n); nlh = nl_msg_next(nlh, &n)) {
		struct l2s_event ev;
		int r;

		if (nlh->nlmsg_type != family)
			continue;	/* NLMSG_NOOP, other families */
		r = event_parse(nlh, &ev);
		if (r < 0) {
			fprintf(err, "l2tpsec: malformed event ignored\n");
			fflush(err);
			continue;
		}
		if (r == 0)
			continue;
		event_print(out, json, &ev);
		fflush(out);
		printed++;
	}
	return printed;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int cmd_monitor(struct cli *c, int argc, char **argv)
{
	struct sigaction sa;
	char b[80];
	int rcvbuf = 1 << 20;

	if (argc > 0) {
		l2s_errf(&c->e, "monitor: unknown argument '%s'",
			 shorten(argv[0], b, sizeof(b)));
		return EXIT_USAGE;
	}
	if (c->k.dry_run)
		return EXIT_OK;
	if (cli_connect(c))
		return EXIT_RUNTIME;
	if (nl_subscribe_events(c->k.nl) < 0) {
		int err = errno;

		if (err == EPERM || err == EACCES)
			l2s_errf(&c->e, "monitor: cannot join the events group: %s (needs CAP_NET_ADMIN)",
				 strerror(err));
		else
			l2s_errf(&c->e, "monitor: cannot join the events group: %s",
				 strerror(err));
		return EXIT_RUNTIME;
	}
	/* best effort: room for bursts of control messages */
	setsockopt(mnl_socket_get_fd(c->k.nl->sk), SOL_SOCKET, SO_RCVBUF,
		   &rcvbuf, sizeof(rcvbuf));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: recv returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!stop) {
		ssize_t n = mnl_socket_recvfrom(c->k.nl->sk, c->k.nl->buf,
						c->k.nl->buflen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(c->err, "l2tpsec: events lost (receive buffer overrun)\n");
				fflush(c->err);
				continue;
			}
			l2s_errf(&c->e, "monitor: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		monitor_handle(c->out, c->err, c->json, c->k.nl->family,
			       c->k.nl->buf, (size_t)n);
		if (ferror(c->out)) {
			l2s_errf(&c->e, "monitor: write error");
			return EXIT_RUNTIME;
		}
	}
	return EXIT_OK;
}
