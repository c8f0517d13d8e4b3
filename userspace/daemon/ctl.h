/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket of l2tpsecd: a Unix stream socket; a client sends
 * one request line and reads the answer until the daemon closes.
 *
 *   "show ike\n"        the IKE SAs and their child SAs, text
 *   "show ike json\n"   the same as one JSON object
 *
 * An unknown request gets "error: unknown request\n".
 */
#ifndef L2TPSEC_IKE_CTL_H
#define L2TPSEC_IKE_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ked;

/* Listen on path (an old socket file there is replaced). fd or -1. */
int ctl_open(const char *path, char *err, size_t errlen);
/* Accept and serve one client of the listening socket lfd. */
void ctl_serve(int lfd, struct ked *d);
/* Answer one request line (pure apart from ked_show): for tests. */
void ctl_answer(struct ked *d, const char *req, FILE *out);

#endif
