// SPDX-License-Identifier: GPL-2.0
/* ESP security associations (sa.h): requests, replies, calls. */
#include <string.h>

#include "attrs.h"
#include "nl.h"
#include "sa.h"

#define HAS_A(s, a) ((s)->has & BIT(a))

const uint16_t sa_life_attr[SA_LIFE_N] = {
	L2TPSEC_A_SA_LIFE_SOFT_BYTES, L2TPSEC_A_SA_LIFE_HARD_BYTES,
	L2TPSEC_A_SA_LIFE_SOFT_PACKETS, L2TPSEC_A_SA_LIFE_HARD_PACKETS,
	L2TPSEC_A_SA_LIFE_SOFT_SECONDS, L2TPSEC_A_SA_LIFE_HARD_SECONDS,
};

const char *sa_dir_name(unsigned int dir)
{
	if (dir == L2TPSEC_DIR_IN)
		return "in";
	if (dir == L2TPSEC_DIR_OUT)
		return "out";
	return NULL;
}

struct nlmsghdr *sa_build_new(void *buf, uint16_t family,
			      const struct l2s_sa *p)
{
	const struct alg_info *alg = alg_by_id(p->alg);
	struct nlmsghdr *nlh = nl_req_start(buf, family, L2TPSEC_CMD_SA_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, p->spi);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, p->dir);
	attrs_put_addr(nlh, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &p->local);
	attrs_put_addr(nlh, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &p->peer);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ALG, p->alg);
	mnl_attr_put(nlh, L2TPSEC_A_SA_ENC_KEY, p->key_len, p->key);
	/* an unknown algorithm is the kernel's to reject, keys as given */
	if (!alg || !alg->aead)
		mnl_attr_put(nlh, L2TPSEC_A_SA_AUTH_KEY, p->auth_len,
			     p->auth_key);
	if (HAS_A(p, L2TPSEC_A_SA_ENCAP)) {
		mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ENCAP, p->encap);
		if (p->encap == L2TPSEC_ENCAP_UDP) {
			mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_LOCAL_PORT,
					 p->sport);
			mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_PEER_PORT,
					 p->dport);
		}
	}
	if (HAS_A(p, L2TPSEC_A_SA_REPLAY_WINDOW))
		mnl_attr_put_u32(nlh, L2TPSEC_A_SA_REPLAY_WINDOW,
				 p->replay_window);
	if (HAS_A(p, L2TPSEC_A_SA_ESN))
		mnl_attr_put_u8(nlh, L2TPSEC_A_SA_ESN, p->esn);
	if (HAS_A(p, L2TPSEC_A_SA_SEQ))
		mnl_attr_put_u64(nlh, L2TPSEC_A_SA_SEQ, p->seq);
	for (int l = 0; l < SA_LIFE_N; l++) {
		if (!HAS_A(p, sa_life_attr[l]))
			continue;
		if (l >= SA_LIFE_SOFT_TIME)
			mnl_attr_put_u32(nlh, sa_life_attr[l], (uint32_t)p->life[l]);
		else
			mnl_attr_put_u64(nlh, sa_life_attr[l], p->life[l]);
	}
	return nlh;
}

struct nlmsghdr *sa_build_set(void *buf, uint16_t family,
			      const struct l2s_sa *p)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family, L2TPSEC_CMD_SA_SET,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, p->spi);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, p->dir);
	if (HAS_A(p, L2TPSEC_A_PEER_IP4))
		attrs_put_addr(nlh, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6,
			       &p->peer);
	if (HAS_A(p, L2TPSEC_A_SA_ENCAP_PEER_PORT))
		mnl_attr_put_u16(nlh, L2TPSEC_A_SA_ENCAP_PEER_PORT, p->dport);
	return nlh;
}

struct nlmsghdr *sa_build_del(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family, L2TPSEC_CMD_SA_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, spi);
	mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, dir);
	return nlh;
}

struct nlmsghdr *sa_build_get(void *buf, uint16_t family, uint32_t spi,
			      uint8_t dir)
{
	struct nlmsghdr *nlh = nl_req_get(buf, family, L2TPSEC_CMD_SA_GET,
					  spi != 0);

	if (spi) {
		mnl_attr_put_u32(nlh, L2TPSEC_A_SA_SPI, spi);
		mnl_attr_put_u8(nlh, L2TPSEC_A_SA_DIR, dir);
	}
	return nlh;
}

int sa_parse(const struct nlmsghdr *nlh, void *item)
{
	struct l2s_sa *s = item;
	attr_tb tb;
	int bad;

	memset(s, 0, sizeof(*s));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	s->has = attrs_present(tb);
	if (tb[L2TPSEC_A_SA_SPI])
		s->spi = mnl_attr_get_u32(tb[L2TPSEC_A_SA_SPI]);
	if (tb[L2TPSEC_A_SA_DIR])
		s->dir = mnl_attr_get_u8(tb[L2TPSEC_A_SA_DIR]);
	if (tb[L2TPSEC_A_SA_ALG])
		s->alg = mnl_attr_get_u8(tb[L2TPSEC_A_SA_ALG]);
	if (tb[L2TPSEC_A_SA_ENCAP])
		s->encap = mnl_attr_get_u8(tb[L2TPSEC_A_SA_ENCAP]);
	if (tb[L2TPSEC_A_SA_ESN])
		s->esn = mnl_attr_get_u8(tb[L2TPSEC_A_SA_ESN]) != 0;
	if (tb[L2TPSEC_A_SA_STATE])
		s->state = mnl_attr_get_u8(tb[L2TPSEC_A_SA_STATE]);
	attrs_get_addr(tb, L2TPSEC_A_LOCAL_IP4, L2TPSEC_A_LOCAL_IP6, &s->local);
	attrs_get_addr(tb, L2TPSEC_A_PEER_IP4, L2TPSEC_A_PEER_IP6, &s->peer);
	if (tb[L2TPSEC_A_SA_ENCAP_LOCAL_PORT])
		s->sport = mnl_attr_get_u16(tb[L2TPSEC_A_SA_ENCAP_LOCAL_PORT]);
	if (tb[L2TPSEC_A_SA_ENCAP_PEER_PORT])
		s->dport = mnl_attr_get_u16(tb[L2TPSEC_A_SA_ENCAP_PEER_PORT]);
	if (tb[L2TPSEC_A_SA_REPLAY_WINDOW])
		s->replay_window = mnl_attr_get_u32(tb[L2TPSEC_A_SA_REPLAY_WINDOW]);
	if (tb[L2TPSEC_A_SA_SEQ])
		s->seq = mnl_attr_get_u64(tb[L2TPSEC_A_SA_SEQ]);
	if (tb[L2TPSEC_A_SA_AGE])
		s->age = mnl_attr_get_u64(tb[L2TPSEC_A_SA_AGE]);
	if (tb[L2TPSEC_A_SA_DRIVER])
		snprintf(s->driver, sizeof(s->driver), "%s",
			 mnl_attr_get_str(tb[L2TPSEC_A_SA_DRIVER]));
	for (int l = 0; l < SA_LIFE_N; l++)
		if (tb[sa_life_attr[l]])
			s->life[l] = attr_uint(tb[sa_life_attr[l]]);
	if (tb[L2TPSEC_A_STATS] &&
	    stats_parse_nest(tb[L2TPSEC_A_STATS], &s->stats) < 0)
		return -1;
	return 0;
}

int l2s_sa_add(struct l2s *k, const struct l2s_sa *s, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];
	int rc = l2s_request(k, sa_build_new(buf, l2s_family(k), s), NULL, NULL,
			     ke);

	explicit_bzero(buf, sizeof(buf));
	return rc;
}

int l2s_sa_del(struct l2s *k, uint32_t spi, uint8_t dir, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, sa_build_del(buf, l2s_family(k), spi, dir), NULL,
			   NULL, ke);
}

int l2s_sa_set(struct l2s *k, const struct l2s_sa *s, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, sa_build_set(buf, l2s_family(k), s), NULL, NULL,
			   ke);
}

int l2s_sa_get(struct l2s *k, uint32_t spi, uint8_t dir, struct vec *out,
	       struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_get(k, sa_build_get(buf, l2s_family(k), spi, dir), sa_parse,
		       out, ke);
}
