/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Child SAs (child.c): keying material, installation of both ESP
 * directions into the module, lifetimes, the L2TP pseudowire riding on
 * them, and the index of every child by SPI and direction (d->tab).
 */
#ifndef L2TPSEC_IKE_CHILD_H
#define L2TPSEC_IKE_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2.h"

struct ked;
struct ike_sa;

enum child_state {
	CHILD_ACTIVE,		/* installed, carrying traffic */
	CHILD_REKEYING,		/* a rekey of it is in progress */
	CHILD_REKEYED,		/* replaced; waiting for the delete exchange */
	CHILD_DELETING,		/* we sent a delete for it */
};

struct child_sa {
	struct child_sa *next;
	struct child_sa *h_in_next, *h_out_next;	/* d->tab.child_in / _out */
	bool in_by_in, in_by_out;
	struct ike_sa *ike;
	uint32_t spi_in;		/* ours: the peer sends with it (child_set_spis) */
	uint32_t spi_out;		/* the peer's */
	struct ike_chosen alg;
	uint8_t kalg;			/* module algorithm */
	enum child_state state;
	bool in_installed, out_installed;
	bool l2tp_out;			/* the conn's L2TP tunnel sends with it */
	bool encap;
	uint16_t lport, rport;
	uint64_t created_ms, rekey_ms, expire_ms;	/* absolute, 0 = never */
	uint64_t rx_seen;		/* inbound packets at the last liveness look */
	/* negotiated lifetimes (IKEv1 quick mode); 0: the conn's */
	uint32_t life_s;
	uint64_t life_bytes;
	bool no_rekey;			/* never rekeyed by us (IKEv1 responder) */
	uint32_t serial;
};

struct child_sa *child_new(struct ike_sa *sa);
void child_free(struct child_sa *c);
/* Set the SPIs (0 = not known) and index the child by them. */
void child_set_spis(struct child_sa *c, uint32_t spi_in, uint32_t spi_out);
/* Remove from the kernel (both directions) and unlink. */
void child_destroy(struct child_sa *c);
struct child_sa *child_find_in(struct ike_sa *sa, uint32_t spi_in);
struct child_sa *child_find_out(struct ike_sa *sa, uint32_t spi_out);
/* A child of any live IKE SA by SPI and direction (hash lookup). */
struct child_sa *child_find_any(struct ked *d, uint32_t spi, uint8_t dir, struct ike_sa **owner);
/* A child of sa, or of an IKE SA sa replaced or was replaced by, by SPI
 * and direction (hash lookup): how an answer finds its child again. */
struct child_sa *child_find_own(struct ike_sa *sa, uint32_t spi, uint8_t dir);
/* A fresh SPI for an inbound SA (random, >= 256). */
uint32_t child_alloc_spi(struct ked *d);
/* Derive keys and install both directions. i_to_r: keymat order (2.17);
 * `we_init`: we were the initiator of the exchange that created it.
 * Returns 0, or -1 (logged). */
int child_install(struct child_sa *c, bool we_init, const uint8_t *gir, size_t gir_len,
		  const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len);
/*
 * The module algorithm for c->alg, encapsulation and ports from the IKE
 * SA: the length of one direction's key material (encryption + integrity
 * key), or 0 (logged) if the module lacks the algorithm.
 */
size_t child_prepare(struct child_sa *c);
/* Install one direction of c (after child_prepare) with keys (the
 * per-direction length). 0, or -1 (logged). */
int child_install_dir(struct child_sa *c, uint8_t dir, const uint8_t *keys);
/* Both directions installed: lifetimes set, state ACTIVE, logged. */
void child_installed(struct child_sa *c);
/* Bring the conn's L2TP tunnel+session up over c (or point it at c). */
int child_l2tp_attach(struct child_sa *c);
/* Let the conn's tunnel (if up) accept c's inbound SA, still sending as before. */
void child_l2tp_bind(struct child_sa *c);
/* Timers for rekey/expiry from the conn's lifetimes. */
void child_set_lifetimes(struct child_sa *c);
/* Module algorithm for a chosen ESP transform set; 0 if unsupported. */
uint8_t child_kernel_alg(const struct ike_chosen *ch);
/* Move a child to another IKE SA; all children of old to new (IKE rekey). */
void child_move(struct child_sa *c, struct ike_sa *to);
void child_move_all(struct ike_sa *from, struct ike_sa *to);
/* Remove only the outbound SA of c from the kernel (tunnel moved off it). */
void child_remove_out(struct child_sa *c);
/* Point the conn's L2TP tunnel at another active child, or take it down. */
void child_l2tp_detach(struct child_sa *c);
/* Did any child of sa receive ESP since the last look (module counters)? */
bool child_esp_activity(struct ike_sa *sa);
/* Is c the SA the conn's L2TP tunnel sends with? */
bool child_is_l2tp_out(const struct child_sa *c);

#endif
