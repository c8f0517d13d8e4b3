/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake side effects of the daemon harnesses (fuzz_input.c,
 * fuzz_ikev1_input.c): a network that drops everything, a kernel that
 * accepts everything, a clock the harness advances (now_ms).
 */
#ifndef L2TPSEC_FUZZ_DAEMON_H
#define L2TPSEC_FUZZ_DAEMON_H

#include <string.h>

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

#endif
