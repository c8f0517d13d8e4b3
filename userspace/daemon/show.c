// SPDX-License-Identifier: GPL-2.0
/*
 * The state report of l2tpsecd (ked_show(), for the control socket):
 * every IKE SA with its child SAs and their counters, as text or JSON.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "child.h"
#include "ike_sa.h"
#include "json.h"
#include "ked.h"
#include "l2tpsec.h"
#include "proposal.h"

static void hex8(const uint8_t *p, char *out)
{
	static const char h[] = "0123456789abcdef";

	for (int i = 0; i < 8; i++) {
		out[2 * i] = h[p[i] >> 4];
		out[2 * i + 1] = h[p[i] & 15];
	}
	out[16] = '\0';
}

static void addr_str(const struct sockaddr_in *a, char *out, size_t cap)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
	snprintf(out, cap, "%s:%u", ip, ntohs(a->sin_port));
}

static int64_t secs_until(uint64_t t, uint64_t now)
{
	return t ? (int64_t)(t > now ? (t - now) / 1000 : 0) : -1;
}

static void show_child_text(struct ked *d, FILE *f, const struct child_sa *c, uint64_t now)
{
	static const char *const st[] = { "active", "rekeying", "rekeyed", "deleting" };
	struct kern_sa_stats in = { 0 }, out = { 0 };
	char alg[160];

	proposal_chosen_str(&c->alg, alg, sizeof(alg));
	if (c->in_installed)
		d->ops->sa_stats(d, c->spi_in, L2TPSEC_DIR_IN, &in);
	if (c->out_installed)
		d->ops->sa_stats(d, c->spi_out, L2TPSEC_DIR_OUT, &out);
	fprintf(f, "  child #%u %s: in %08x out %08x, %s%s%s, age %llus", c->serial,
		st[c->state], c->spi_in, c->spi_out, alg, c->encap ? ", UDP-encap" : "",
		c->l2tp_out ? ", L2TP" : "", (unsigned long long)((now - c->created_ms) / 1000));
	if (c->rekey_ms && c->state == CHILD_ACTIVE)
		fprintf(f, ", rekey in %llds", (long long)secs_until(c->rekey_ms, now));
	fprintf(f, "\n    in %llu packets %llu bytes, out %llu packets %llu bytes\n",
		(unsigned long long)in.packets, (unsigned long long)in.bytes,
		(unsigned long long)out.packets, (unsigned long long)out.bytes);
}

static void show_child_json(struct ked *d, struct json *j, const struct child_sa *c,
			    uint64_t now)
{
	static const char *const st[] = { "active", "rekeying", "rekeyed", "deleting" };
	struct kern_sa_stats in = { 0 }, out = { 0 };
	char alg[160], spi[16];

	proposal_chosen_str(&c->alg, alg, sizeof(alg));
	if (c->in_installed)
		d->ops->sa_stats(d, c->spi_in, L2TPSEC_DIR_IN, &in);
	if (c->out_installed)
		d->ops->sa_stats(d, c->spi_out, L2TPSEC_DIR_OUT, &out);
	json_obj_open(j);
	json_kv_u64(j, "serial", c->serial);
	json_kv_str(j, "state", st[c->state]);
	snprintf(spi, sizeof(spi), "%08x", c->spi_in);
	json_kv_str(j, "spi_in", spi);
	snprintf(spi, sizeof(spi), "%08x", c->spi_out);
	json_kv_str(j, "spi_out", spi);
	json_kv_str(j, "proposal", alg);
	json_kv_bool(j, "esn", c->alg.esn);
	json_kv_bool(j, "encap", c->encap);
	json_kv_bool(j, "l2tp", c->l2tp_out);
	json_kv_u64(j, "lifetime", c->life_s ? c->life_s : c->ike->conn ? c->ike->conn->lifetime : 0);
	json_kv_u64(j, "lifebytes", c->life_bytes ? c->life_bytes :
		    c->ike->conn ? c->ike->conn->lifebytes : 0);
	json_kv_u64(j, "age", (now - c->created_ms) / 1000);
	if (c->rekey_ms && c->state == CHILD_ACTIVE)
		json_kv_u64(j, "rekey_in", (uint64_t)secs_until(c->rekey_ms, now));
	else
		json_kv_null(j, "rekey_in");
	json_key(j, "in");
	json_obj_open(j);
	json_kv_u64(j, "packets", in.packets);
	json_kv_u64(j, "bytes", in.bytes);
	json_obj_close(j);
	json_key(j, "out");
	json_obj_open(j);
	json_kv_u64(j, "packets", out.packets);
	json_kv_u64(j, "bytes", out.bytes);
	json_obj_close(j);
	json_obj_close(j);
}

/**
 * ked_show() - the state of all IKE SAs, as text or JSON
 * @d: the daemon
 * @f: where to write
 * @json: JSON instead of text
 */
void ked_show(struct ked *d, FILE *f, bool json)
{
	uint64_t now = ked_now(d);
	struct json j;
	char l[64], r[64], si[17], sr[17], alg[160], priv[INET_ADDRSTRLEN];
	unsigned int n = 0;

	if (json) {
		json_init(&j, f);
		json_obj_open(&j);
		json_kv_u64(&j, "half_open", d->n_half_open);
		json_kv_u64(&j, "cookies_sent", d->stats_cookies_sent);
		json_kv_u64(&j, "half_open_rejected", d->stats_half_open_rejected);
		json_kv_u64(&j, "dropped", d->stats_dropped);
		json_key(&j, "ike_sas");
		json_arr_open(&j);
	}
	for (struct ike_sa *sa = d->sas; sa; sa = sa->next) {
		if (sa->state == IKE_S_DEAD)
			continue;
		n++;
		addr_str(&sa->local, l, sizeof(l));
		addr_str(&sa->remote, r, sizeof(r));
		hex8(sa->spi_i, si);
		hex8(sa->spi_r, sr);
		proposal_chosen_str(&sa->alg, alg, sizeof(alg));
		if (!json) {
			priv[0] = '\0';
			if (sa->peer_private.s_addr)
				inet_ntop(AF_INET, &sa->peer_private, priv, sizeof(priv));
			fprintf(f, "%s[%u]: IKEv%u %s, %s %s <-> %s%s%s%s, peer %s, age %llus\n",
				sa->conn_name[0] ? sa->conn_name : "?", sa->serial, sa->version,
				ike_state_name(sa->state), sa->initiator ? "initiator" : "responder",
				l, r, priv[0] ? " (private " : "", priv, priv[0] ? ")" : "",
				sa->peer_id[0] ? sa->peer_id : "-",
				(unsigned long long)((now - sa->created_ms) / 1000));
			fprintf(f, "  IKE %s, SPIs %s_i %s_r", alg, si, sr);
			if (sa->rekey_ms && sa->state == IKE_S_ESTABLISHED)
				fprintf(f, ", rekey in %llds",
					(long long)secs_until(sa->rekey_ms, now));
			fprintf(f, ", messages in %llu out %llu, retransmits %llu\n",
				(unsigned long long)sa->msgs_in, (unsigned long long)sa->msgs_out,
				(unsigned long long)sa->retransmits);
			for (struct child_sa *c = sa->children; c; c = c->next)
				show_child_text(d, f, c, now);
			continue;
		}
		json_obj_open(&j);
		json_kv_str(&j, "conn", sa->conn_name);
		json_kv_u64(&j, "serial", sa->serial);
		json_kv_u64(&j, "version", sa->version);
		json_kv_str(&j, "state", ike_state_name(sa->state));
		json_kv_bool(&j, "initiator", sa->initiator);
		json_kv_str(&j, "local", l);
		json_kv_str(&j, "remote", r);
		json_kv_bool(&j, "natt", sa->natt);
		json_kv_bool(&j, "nat_local", sa->nat_local);
		json_kv_bool(&j, "nat_remote", sa->nat_remote);
		json_kv_str(&j, "peer_id", sa->peer_id);
		if (sa->peer_private.s_addr) {
			inet_ntop(AF_INET, &sa->peer_private, priv, sizeof(priv));
			json_kv_str(&j, "peer_private", priv);
		} else {
			json_kv_null(&j, "peer_private");
		}
		json_kv_str(&j, "spi_i", si);
		json_kv_str(&j, "spi_r", sr);
		json_kv_str(&j, "proposal", alg);
		json_kv_u64(&j, "age", (now - sa->created_ms) / 1000);
		if (sa->rekey_ms && sa->state == IKE_S_ESTABLISHED)
			json_kv_u64(&j, "rekey_in", (uint64_t)secs_until(sa->rekey_ms, now));
		else
			json_kv_null(&j, "rekey_in");
		json_kv_u64(&j, "messages_in", sa->msgs_in);
		json_kv_u64(&j, "messages_out", sa->msgs_out);
		json_kv_u64(&j, "retransmits", sa->retransmits);
		json_key(&j, "children");
		json_arr_open(&j);
		for (struct child_sa *c = sa->children; c; c = c->next)
			show_child_json(d, &j, c, now);
		json_arr_close(&j);
		json_obj_close(&j);
	}
	if (json) {
		json_arr_close(&j);
		json_obj_close(&j);
		fputc('\n', f);
	} else if (!n) {
		fprintf(f, "no IKE SAs\n");
	}
	if (!json)
		fprintf(f, "half-open %u, cookies sent %llu, rejected %llu, dropped %llu\n",
			d->n_half_open, (unsigned long long)d->stats_cookies_sent,
			(unsigned long long)d->stats_half_open_rejected,
			(unsigned long long)d->stats_dropped);
}
