/* SPDX-License-Identifier: GPL-2.0 */
/* "l2tpsec tunnel": L2TP tunnels. */
#ifndef L2TPSEC_TUNNEL_H
#define L2TPSEC_TUNNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "l2tpsec.h"
#include "parse.h"
#include "stats.h"

enum {
	TUN_KW_ID, TUN_KW_PEER_ID, TUN_KW_VERSION, TUN_KW_LOCAL, TUN_KW_PEER,
	TUN_KW_SPORT, TUN_KW_DPORT, TUN_KW_SA_OUT, TUN_KW_ESP_REQUIRED,
	TUN_KW_SA_IN,
	TUN_KW_N
};

struct tunnel_params {
	uint64_t seen;			/* BIT(TUN_KW_*) */
	uint32_t id, peer_id;
	uint8_t version;
	struct ipaddr local, peer;
	uint16_t sport, dport;
	uint32_t sa_out;		/* 0 = none (tunnel set) */
	uint32_t sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];	/* inbound binding */
	unsigned int n_sa_in;		/* 0 = unbound ("none", tunnel set) */
	bool esp_required;
};

/* Pure: argv after "add" / "set" -> params. */
int tunnel_parse_add(int argc, char **argv, struct tunnel_params *p,
		     struct cli_err *e);
int tunnel_parse_set(int argc, char **argv, struct tunnel_params *p,
		     struct cli_err *e);

/* Pure request builders. */
struct nlmsghdr *tunnel_build_new(void *buf, uint16_t family,
				  const struct tunnel_params *p);
struct nlmsghdr *tunnel_build_set(void *buf, uint16_t family,
				  const struct tunnel_params *p);
struct nlmsghdr *tunnel_build_del(void *buf, uint16_t family, uint32_t id);
/* One tunnel if id != 0, else a dump. */
struct nlmsghdr *tunnel_build_get(void *buf, uint16_t family, uint32_t id);

struct tunnel_info {
	uint64_t has;			/* BIT(attribute) */
	uint32_t id, peer_id, sa_out;
	uint32_t sa_in[L2TPSEC_TUNNEL_SA_IN_MAX];
	unsigned int n_sa_in;		/* 0: unbound */
	uint8_t version, esp_required;
	struct ipaddr local, peer;
	uint16_t sport, dport;
	struct l2_stats stats;
};

int tunnel_info_parse(const struct nlmsghdr *nlh, void *item);
void tunnel_info_print_text(FILE *f, const struct tunnel_info *t);
void tunnel_info_print_json(struct json *j, const struct tunnel_info *t);

#endif
