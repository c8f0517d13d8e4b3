/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec show ike": the IKE state, from l2tpsecd's control socket. */
#ifndef L2TPSEC_CMD_SHOW_IKE_H
#define L2TPSEC_CMD_SHOW_IKE_H

#include <stdio.h>

#include "cli.h"

#define IKE_SHOW_DEFAULT_SOCKET "/run/l2tpsecd.sock"

const char *ike_show_socket(const char *arg);
int ike_show_query(const char *path, const char *request, FILE *out, struct l2s_err *e);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_disconnect(struct cli *c, int argc, char **argv);

#endif
