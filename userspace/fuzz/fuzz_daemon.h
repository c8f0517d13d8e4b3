/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake side effects of the daemon harnesses (fuzz_input.c,
 * fuzz_ikev1_input.c): a network that drops everything, a kernel that
 * accepts everything, a clock the harness advances (now_ms).
 */
#ifndef L2TPSEC_FUZZ_DAEMON_H
#define L2TPSEC_FUZZ_DAEMON_H

#include <string.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <syslog.h>

#include "fuzz.h"
#include "ike_sa.h"
#include "ked.h"

static uint64_t now_ms = 1000000;

static int f_send(struct ked *d, const struct sockaddr_in *f, const struct sockaddr_in *t,
		  const uint8_t *b, size_t l)
{
	(void)d, (void)f, (void)t, (void)b, (void)l;
	return 0;
}

static int f_sa_add(struct ked *d, const struct kern_sa *sa, char *e, size_t el)
{
	(void)d, (void)sa, (void)e, (void)el;
	return 0;
}

static int f_sa_del(struct ked *d, uint32_t spi, uint8_t dir)
{
	(void)d, (void)spi, (void)dir;
	return 0;
}

static int f_sa_stats(struct ked *d, uint32_t spi, uint8_t dir, struct kern_sa_stats *st)
{
	(void)d, (void)spi, (void)dir;
	memset(st, 0, sizeof(*st));
	return 0;
}

static int f_l2tp_add(struct ked *d, const struct kern_l2tp *l, char *e, size_t el)
{
	(void)d, (void)l, (void)e, (void)el;
	return 0;
}

static int f_l2tp_set(struct ked *d, uint32_t id, uint32_t sa, const uint32_t *in,
		      unsigned int n)
{
	(void)d, (void)id, (void)sa, (void)in, (void)n;
	return 0;
}

static int f_l2tp_del(struct ked *d, uint32_t id)
{
	(void)d, (void)id;
	return 0;
}

static int f_sa_move(struct ked *d, uint32_t spi, uint8_t dir, struct in_addr peer,
		     uint16_t port)
{
	(void)d, (void)spi, (void)dir, (void)peer, (void)port;
	return 0;
}

static int f_l2tp_move(struct ked *d, uint32_t id, struct in_addr peer)
{
	(void)d, (void)id, (void)peer;
	return 0;
}

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return now_ms;
}

static const struct ked_ops ops = {
	.send = f_send, .sa_add = f_sa_add, .sa_del = f_sa_del, .sa_stats = f_sa_stats,
	.l2tp_add = f_l2tp_add, .l2tp_set_sa = f_l2tp_set, .l2tp_del = f_l2tp_del,
	.sa_move = f_sa_move, .l2tp_move = f_l2tp_move,
	.now = f_now,
};

/*
 * Run a responder daemon on conf_text over a sequence of datagrams, each
 * prefixed with a 2-byte length and a flag byte (bit 0: arrived on the
 * NAT-T port, bit 1: from a second source address, bit 2 (if
 * cookie_flag): the newest IKE SA's SPIs written into its header; the
 * high nibble: seconds the clock advances afterwards, timers running).
 */
static inline int fuzz_daemon_run(const char *conf_text, size_t conf_len, const uint8_t *data,
				  size_t size, bool cookie_flag)
{
	struct conf *c = calloc(1, sizeof(*c));
	char err[256];
	struct ked d;

	log_setup(LOG_CRIT, false);
	if (!c || conf_load_string("fuzz", conf_text, conf_len, c, err, sizeof(err)))
		abort();
	if (ked_init(&d, &ops, NULL, c, err, sizeof(err)))
		abort();
	while (size >= 3) {
		size_t len = (size_t)data[0] << 8 | data[1];
		uint8_t flags = data[2];
		struct sockaddr_in local = { .sin_family = AF_INET }, from = local;
		uint8_t *msg;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		inet_pton(AF_INET, "192.0.2.2", &local.sin_addr);
		inet_pton(AF_INET, flags & 2 ? "198.51.100.7" : "192.0.2.1", &from.sin_addr);
		local.sin_port = htons(flags & 1 ? 4500 : 500);
		from.sin_port = htons(flags & 1 ? 4500 : 500);
		msg = fuzz_copy(data, len);
		if (cookie_flag && (flags & 4) && len >= 16 && d.sas) {
			memcpy(msg, d.sas->spi_i, 8);
			memcpy(msg + 8, d.sas->spi_r, 8);
		}
		ked_input(&d, msg, len, &local, &from);
		free(msg);
		data += len;
		size -= len;
		now_ms += 1000u * (flags >> 4);
		ked_tick(&d);
	}
	ked_shutdown(&d);
	ked_free(&d);
	conf_free(c);
	free(c);
	return 0;
}

#endif
