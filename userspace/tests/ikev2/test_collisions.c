// SPDX-License-Identifier: GPL-2.0
/*
 * Exchange collisions (RFC 7296 2.25) between two in-process daemons
 * (exch_world.h): both ends delete or rekey the same SA at once, one end
 * deletes what the other is rekeying, an SA expires or its IKE SA goes
 * away while a request about it is outstanding. Each test ends by
 * checking that the daemons agree on the SAs (same SPI pairs), that each
 * fake kernel holds exactly what its daemon believes is installed, and
 * that the L2TP tunnels send with existing SAs (check_end()). The runner
 * is built with ASan: a freed child or IKE SA used again fails it.
 */
#include <stdlib.h>

#include "child.h"
#include "exch_world.h"
#include "ike_sa.h"
#include "ikev2_exch.h"
#include "ked.h"
#include "l2tpsec.h"
#include "test.h"

static unsigned int n_live_children(int i)
{
	unsigned int n = 0;

	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
		for (struct child_sa *c = sa->children; c; c = c->next)
			n += sa->state != IKE_S_DEAD;
	return n;
}

static unsigned int n_established(int i)
{
	unsigned int n = 0;

	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
		n += sa->state == IKE_S_ESTABLISHED;
	return n;
}

/* A child of side i (of a live IKE SA) with these SPIs. */
static struct child_sa *child_with(int i, uint32_t spi_in, uint32_t spi_out)
{
	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next) {
		if (sa->state == IKE_S_DEAD)
			continue;
		for (struct child_sa *c = sa->children; c; c = c->next)
			if (c->spi_in == spi_in && c->spi_out == spi_out)
				return c;
	}
	return NULL;
}

/* Side i's kernel holds exactly the directions its children say are installed. */
static void check_kernel(int i)
{
	unsigned int want = 0, n_children = 0;

	for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next) {
		for (struct child_sa *c = sa->children; c; c = c->next) {
			n_children++;
			CHECK(sa->state != IKE_S_DEAD);
			if (c->in_installed) {
				want++;
				CHECK(find(&W.s[i], c->spi_in, L2TPSEC_DIR_IN) != NULL);
			}
			if (c->out_installed) {
				want++;
				CHECK(find(&W.s[i], c->spi_out, L2TPSEC_DIR_OUT) != NULL);
			}
		}
	}
	CHECK_EQ(n_installed(i), want);
	CHECK_EQ(W.s[i].d.tab.n_children, n_children);
}

/*
 * The end state after a collision: each side has `children` children and
 * `ikes` established IKE SAs; the twin of every child of one side is a
 * child of the other (SPIs swapped), with the same keys in the kernels;
 * the tunnels are up exactly when there are children and send with SAs
 * the other side receives on.
 */
static void check_end(unsigned int ikes, unsigned int children)
{
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(n_established(i), ikes);
		CHECK_EQ(n_live_children(i), children);
		check_kernel(i);
		check_timers(i);
		CHECK_EQ(W.s[i].bad_switches, 0);
	}
	if (ikes == 1 && first_sa(0) && first_sa(1)) {
		CHECK(!memcmp(first_sa(0)->spi_i, first_sa(1)->spi_i, 8));
		CHECK(!memcmp(first_sa(0)->spi_r, first_sa(1)->spi_r, 8));
	}
	for (int i = 0; i < 2; i++)
		for (struct ike_sa *sa = W.s[i].d.sas; sa; sa = sa->next)
			for (struct child_sa *c = sa->children; c; c = c->next)
				CHECK(sa->state == IKE_S_DEAD ||
				      child_with(1 - i, c->spi_out, c->spi_in) != NULL);
	if (children) {
		check_matching();
		check_tunnels();
	} else {
		CHECK_EQ(n_installed(0) + n_installed(1), 0);
		CHECK(!W.s[0].l2tp_up && !W.s[1].l2tp_up);
	}
}

/* check_end() now, again after 40 s of timers (retries, rekeys), then tear down. */
static void settle(unsigned int ikes, unsigned int children)
{
	check_end(ikes, children);
	run_for(40000);
	check_end(ikes, children);
	teardown();
}

/* Both sides up (side 0 initiates) with one child each. */
static bool up(const char *x0, const char *x1)
{
	if (setup(NULL, x0, NULL, x1)) {
		CHECK(0);
		return false;
	}
	pump();
	CHECK(first_sa(0) && first_sa(1) && first_sa(0)->children && first_sa(1)->children);
	if (!first_sa(0) || !first_sa(1) || !first_sa(0)->children || !first_sa(1)->children) {
		teardown();
		return false;
	}
	return true;
}

/* Both ends delete the same child at once (1.4.1: no SPI in the answers). */
static void simultaneous_child_delete(void)
{
	if (!up(NULL, NULL))
		return;
	CHECK(!exch_delete_child_start(first_sa(0)->children));
	CHECK(!exch_delete_child_start(first_sa(1)->children));
	CHECK_EQ(W.nq, 2);
	pump();
	settle(1, 0);
}

/* The peer deletes a child while our rekey of it crosses its delete. */
static void peer_deletes_child_during_rekey(void)
{
	if (!up(NULL, NULL))
		return;
	CHECK(!exch_child_rekey_start(first_sa(0)->children));
	CHECK(!exch_delete_child_start(first_sa(1)->children));
	pump();
	settle(1, 0);
}

/*
 * The peer answers our rekey, then deletes the old child; its delete
 * overtakes its answer. The new child must be deleted again, not
 * installed under a child that is gone.
 */
static void peer_deletes_child_after_answering_rekey(void)
{
	struct child_sa *b_old;

	if (!up(NULL, NULL))
		return;
	b_old = first_sa(1)->children;
	CHECK(!exch_child_rekey_start(first_sa(0)->children));
	CHECK_EQ(W.nq, 1);
	deliver(0);			/* B answers: rekeyed */
	CHECK_EQ(W.nq, 1);
	b_old = child_with(1, b_old->spi_in, b_old->spi_out);
	CHECK(b_old != NULL);
	if (b_old)
		CHECK(!exch_delete_child_start(b_old));
	CHECK_EQ(W.nq, 2);
	deliver(1);			/* B's delete first */
	pump();				/* then B's answer to our rekey */
	settle(1, 0);
}

/*
 * Both ends rekey the same child at once: both answer as usual, and the
 * pair created with the lowest of the four nonces is deleted by its
 * creator (2.8.1); the other one survives, the old one is deleted.
 */
static void simultaneous_child_rekey(void)
{
	unsigned int adds0, adds1;

	if (!up(NULL, NULL))
		return;
	adds0 = W.s[0].sa_adds;
	adds1 = W.s[1].sa_adds;
	CHECK(!exch_child_rekey_start(first_sa(0)->children));
	CHECK(!exch_child_rekey_start(first_sa(1)->children));
	pump();
	/* both exchanges created a pair on both sides */
	CHECK_EQ(W.s[0].sa_adds, adds0 + 4);
	CHECK_EQ(W.s[1].sa_adds, adds1 + 4);
	CHECK_EQ(W.s[0].l2tp_adds, 1);
	CHECK_EQ(W.s[1].l2tp_adds, 1);
	settle(1, 1);
}

/* Both ends rekey the IKE SA at once. */
static void simultaneous_ike_rekey(void)
{
	struct ike_sa *a, *b;

	if (!up(NULL, NULL))
		return;
	a = first_sa(0);
	b = first_sa(1);
	CHECK(!exch_ike_rekey_start(a));
	CHECK(!exch_ike_rekey_start(b));
	pump();
	run_for(40000);
	CHECK(first_sa(0) != a && first_sa(1) != b);
	settle(1, 1);
}

/* One end rekeys the IKE SA while the other's child rekey is outstanding. */
static void ike_rekey_during_child_rekey(void)
{
	for (int who = 0; who < 2; who++) {
		unsigned int adds;

		if (!up(NULL, NULL))
			return;
		adds = W.s[0].sa_adds;
		CHECK(!exch_child_rekey_start(first_sa(who)->children));
		CHECK(!exch_ike_rekey_start(first_sa(1 - who)));
		pump();
		CHECK(W.s[0].sa_adds >= adds + 2);	/* the child was rekeyed */
		settle(1, 1);
	}
}

/* A child expires (time, then the module's hard limit) while its rekey is in flight. */
static void expiry_during_child_rekey(void)
{
	struct child_sa *c;

	if (!up(NULL, NULL))
		return;
	c = first_sa(0)->children;
	W.drop_to[1] = true;		/* the rekey request is lost for a while */
	CHECK(!exch_child_rekey_start(c));
	c->expire_ms = W.now + 500;
	ike_sa_reschedule(first_sa(0));
	ked_expire(&W.s[0].d, c->spi_in, L2TPSEC_DIR_IN, true);
	run_for(3000);			/* expired, request retransmitted */
	W.drop_to[1] = false;
	run_for(40000);
	settle(1, 1);
}

/* The peer deletes the IKE SA while our CREATE_CHILD_SA is outstanding. */
static void peer_deletes_ike_during_child_request(void)
{
	if (!up(NULL, NULL))
		return;
	CHECK(!exch_child_rekey_start(first_sa(0)->children));
	CHECK(!exch_delete_ike_start(first_sa(1)));
	pump();
	check_end(0, 0);
	run_for(15000);			/* side 0 (start initiate) comes back */
	settle(1, 1);
}

/*
 * An IKE SA is deleted while a CREATE_CHILD_SA is in flight: ours (the
 * delete must wait for its answer, its message ID is taken) and the
 * peer's (answered, then deleted).
 */
static void delete_ike_during_create_child(void)
{
	for (int who = 0; who < 2; who++) {
		if (!up(NULL, NULL))
			return;
		CHECK(!exch_child_rekey_start(first_sa(who)->children));
		CHECK(!exch_delete_ike_start(first_sa(0)));
		pump();
		check_end(0, 0);
		CHECK(first_sa(1) == NULL);
		teardown();
	}
}

/* The last queued datagram once more (a retransmission crossing). */
static void dup_last(void)
{
	CHECK(W.nq > 0 && W.nq < MAXQ);
	if (W.nq > 0 && W.nq < MAXQ) {
		W.q[W.nq] = W.q[W.nq - 1];
		W.nq++;
	}
}

/*
 * Crossing deletes of the same child, and the answer to ours is lost: we
 * retransmit, the peer answers from its kept response although the child
 * is gone on its side.
 */
static void crossing_deletes_answer_lost(void)
{
	if (!up(NULL, NULL))
		return;
	CHECK(!exch_delete_child_start(first_sa(0)->children));
	CHECK(!exch_delete_child_start(first_sa(1)->children));
	CHECK_EQ(W.nq, 2);
	W.drop_next_to = 0;		/* B's answer to our delete */
	pump();
	CHECK(W.dropped >= 1);
	run_for(5000);			/* our retransmission, B's kept answer */
	settle(1, 0);
}

/*
 * The peer's delete arrives twice (its retransmission crossing our
 * answer): the second copy is answered from the kept response and
 * deletes nothing more.
 */
static void duplicate_delete_request(void)
{
	unsigned int dels;

	if (!up(NULL, NULL))
		return;
	CHECK(!exch_delete_child_start(first_sa(1)->children));
	dup_last();
	dels = W.s[0].sa_dels;
	pump();
	CHECK_EQ(W.s[0].sa_dels, dels + 2);	/* one child, both directions */
	settle(1, 0);
}

/*
 * Our rekey request is lost; meanwhile the peer deletes the child. The
 * retransmitted rekey then finds no child on the peer's side
 * (CHILD_SA_NOT_FOUND), and nothing is left behind on either end.
 */
static void rekey_retransmitted_after_peer_delete(void)
{
	if (!up(NULL, NULL))
		return;
	W.drop_next_to = 1;		/* the first copy of our rekey request */
	CHECK(!exch_child_rekey_start(first_sa(0)->children));
	CHECK(!exch_delete_child_start(first_sa(1)->children));
	pump();
	run_for(5000);			/* the rekey is retransmitted */
	settle(1, 0);
}

const struct test_case ike_collision_tests[] = {
	T(simultaneous_child_delete),
	T(peer_deletes_child_during_rekey),
	T(peer_deletes_child_after_answering_rekey),
	T(simultaneous_child_rekey),
	T(simultaneous_ike_rekey),
	T(ike_rekey_during_child_rekey),
	T(expiry_during_child_rekey),
	T(peer_deletes_ike_during_child_request),
	T(delete_ike_during_create_child),
	T(crossing_deletes_answer_lost),
	T(duplicate_delete_request),
	T(rekey_retransmitted_after_peer_delete),
	T_END
};
