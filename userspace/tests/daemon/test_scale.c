// SPDX-License-Identifier: GPL-2.0
/*
 * 10,000 IKE SAs in one daemon: every one is found by its SPIs (and each
 * child by its SPI) through the hash indexes, and each of its deadlines
 * comes out of the timer heap in order, without walking the SAs: the
 * chain entries looked at per lookup (d->tab.probes) and the heap's key
 * comparisons per due SA (d->timers.cmps) stay small.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <syslog.h>

#include "child.h"
#include "ike_sa.h"
#include "ked.h"
#include "l2tpsec.h"
#include "test.h"

#define N_SAS 10000
#define MAX_PROBES 64		/* per lookup */
#define MAX_CMPS_PER_SA 128	/* heap comparisons per due SA, all in */

static uint64_t now_ms;

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return now_ms;
}

/* Nothing here installs, sends or reads counters: the clock is enough. */
static const struct ked_ops ops = { .now = f_now };

static const char conf_text[] =
	"conn a {\n local 192.0.2.2\n remote any\n auth psk\n"
	" psk \"scale-test-shared-secret\"\n}\n";

static struct ked d;
static struct ike_sa *by_deadline[N_SAS];	/* index: deadline order */

/* Deadline of the i-th SA created: distinct, shuffled. */
static uint64_t deadline(unsigned int i)
{
	return 2000000 + (uint64_t)((i * 7919u) % N_SAS) * 10;
}

static int setup(void)
{
	struct conf *c = calloc(1, sizeof(*c));
	char err[256];

	log_setup(LOG_CRIT, false);
	now_ms = 1000000;
	if (!c || conf_load_string("scale", conf_text, sizeof(conf_text) - 1, c, err,
				   sizeof(err)) ||
	    ked_init(&d, &ops, NULL, c, err, sizeof(err))) {
		fprintf(stderr, "  setup: %s\n", err);
		free(c);
		return -1;
	}
	for (unsigned int i = 0; i < N_SAS; i++) {
		bool initiator = i & 1;
		struct ike_sa *sa = ike_sa_new(&d, initiator, &d.conf->conns[0]);
		struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(500) };
		uint8_t spi[8];
		struct child_sa *ch;
		uint32_t out = 0;

		if (!sa)
			return -1;
		ike_random(spi, sizeof(spi));
		peer.sin_addr.s_addr = htonl(0x0a000000u | i);
		ike_sa_set_remote(sa, &peer);
		if (initiator) {
			/* our IKE_SA_INIT is out; its give-up time is the deadline */
			ike_sa_set_spis(sa, NULL, spi);
			sa->state = IKE_S_INIT_SENT;
			sa->req_kind = REQ_INIT;
			sa->req_tries = 1;
			sa->req_retx_ms = sa->req_deadline_ms = deadline(i);
		} else {
			ike_sa_set_spis(sa, spi, NULL);
			sa->state = IKE_S_INIT_DONE;
			sa->halfopen_deadline_ms = deadline(i);
		}
		ike_sa_reschedule(sa);
		by_deadline[(deadline(i) - 2000000) / 10] = sa;
		ch = child_new(sa);
		if (!ch)
			return -1;
		ike_random(&out, sizeof(out));
		child_set_spis(ch, child_alloc_spi(&d), out | 0x100);
	}
	return 0;
}

static void teardown(void)
{
	struct conf *c = d.conf;

	ked_free(&d);
	conf_free(c);
	free(c);
}

static void lookups_by_spi(void)
{
	uint64_t max = 0, total = 0, before;
	unsigned int n = 0;

	if (setup())
		{ CHECK(0); return; }
	CHECK_EQ(d.tab.n_sas, N_SAS);
	for (struct ike_sa *sa = d.sas; sa; sa = sa->next) {
		struct ike_sa *owner = NULL;
		struct child_sa *c = sa->children;

		before = d.tab.probes;
		CHECK(ike_sa_find(&d, sa->spi_i, sa->spi_r) == sa);
		if (sa->initiator)
			CHECK(ike_sa_find_init(&d, sa->spi_i) == sa);
		else
			CHECK(ike_sa_find_half(&d, sa->spi_i, &sa->remote) == sa);
		CHECK(child_find_any(&d, c->spi_in, L2TPSEC_DIR_IN, &owner) == c && owner == sa);
		/* outbound SPIs are the peers' random choices: two peers may pick
		 * the same one (about 1% of runs at this size), so the lookup must
		 * find a child with that SPI, not necessarily this one */
		{
			struct child_sa *o = child_find_any(&d, c->spi_out, L2TPSEC_DIR_OUT, &owner);

			CHECK(o && o->spi_out == c->spi_out);
		}
		if (d.tab.probes - before > max)
			max = d.tab.probes - before;
		total += d.tab.probes - before;
		n++;
	}
	CHECK_EQ(n, N_SAS);
	/* 4 lookups per SA */
	CHECK(max < 4 * MAX_PROBES);
	fprintf(stderr, "  %u IKE SAs, %u buckets: 4 lookups per SA, %.2f chain entries "
		"looked at on average, %llu at most\n", N_SAS, d.tab.sa_buckets,
		(double)total / n, (unsigned long long)max);
	/* misses */
	before = d.tab.probes;
	for (unsigned int i = 0; i < 1000; i++) {
		uint8_t a[8], b[8];

		ike_random(a, 8);
		ike_random(b, 8);
		CHECK(ike_sa_find(&d, a, b) == NULL);
	}
	CHECK(d.tab.probes - before < 1000 * MAX_PROBES);
	teardown();
}

static void timers_in_order(void)
{
	uint64_t cmps, max_cmps = 0;

	if (setup())
		{ CHECK(0); return; }
	CHECK_EQ(d.timers.n, N_SAS);
	CHECK(timer_first(&d.timers) == &by_deadline[0]->timer);
	/* nothing due: no comparison at all */
	cmps = d.timers.cmps;
	CHECK(ked_tick(&d) > 0);
	CHECK_EQ(d.timers.cmps, cmps);
	for (unsigned int k = 0; k < N_SAS; k++) {
		struct ike_sa *sa = by_deadline[k];

		now_ms = 2000000 + (uint64_t)k * 10;
		cmps = d.timers.cmps;
		CHECK(sa->state != IKE_S_DEAD);
		ked_tick(&d);	/* frees the previous one, kills this one */
		CHECK(sa->state == IKE_S_DEAD);
		if (k + 1 < N_SAS)
			CHECK(by_deadline[k + 1]->state != IKE_S_DEAD);
		if (d.timers.cmps - cmps > max_cmps)
			max_cmps = d.timers.cmps - cmps;
		CHECK(d.timers.cmps - cmps < MAX_CMPS_PER_SA);
		CHECK_EQ(d.tab.n_sas, N_SAS - k);
	}
	ked_tick(&d);
	CHECK(d.sas == NULL);
	CHECK_EQ(d.tab.n_sas, 0);
	CHECK_EQ(d.timers.n, 0);
	fprintf(stderr, "  %u IKE SAs died in deadline order, one per tick: at most %llu "
		"heap comparisons per tick\n", N_SAS, (unsigned long long)max_cmps);
	teardown();
}

/* Free from the middle of the heap: the rest still come out in order. */
static void free_from_middle(void)
{
	unsigned int n = 0;
	uint64_t last = 0;

	if (setup())
		{ CHECK(0); return; }
	for (unsigned int k = 1; k < N_SAS; k += 2) {
		ike_sa_kill(by_deadline[k], "test");
		by_deadline[k] = NULL;
	}
	ked_tick(&d);		/* frees the dead ones, wherever they were */
	CHECK_EQ(d.tab.n_sas, N_SAS / 2);
	CHECK_EQ(d.timers.n, N_SAS / 2);
	for (struct timer *t; (t = timer_pop_due(&d.timers, UINT64_MAX));) {
		struct ike_sa *sa = timer_entry(t, struct ike_sa, timer);

		CHECK(t->at >= last);
		CHECK(by_deadline[(t->at - 2000000) / 10] == sa);
		last = t->at;
		n++;
	}
	CHECK_EQ(n, N_SAS / 2);
	teardown();
}

const struct test_case daemon_scale_tests[] = {
	T(lookups_by_spi),
	T(timers_in_order),
	T(free_from_middle),
	T_END
};
