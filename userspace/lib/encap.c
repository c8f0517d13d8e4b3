// SPDX-License-Identifier: GPL-2.0
/* ESP-in-UDP sockets handed to the module (encap.h). */
#include <errno.h>
#include <string.h>

#include "attrs.h"
#include "encap.h"
#include "nl.h"

int encap_parse(const struct nlmsghdr *nlh, void *item)
{
	struct l2s_encap *e = item;
	attr_tb tb;
	int bad;

	memset(e, 0, sizeof(*e));
	if (attrs_parse(nlh, tb, &bad) < 0)
		return -1;
	if (tb[L2TPSEC_A_ENCAP_PORT]) {
		e->has |= BIT(L2TPSEC_A_ENCAP_PORT);
		e->port = mnl_attr_get_u16(tb[L2TPSEC_A_ENCAP_PORT]);
	}
	if (tb[L2TPSEC_A_ENCAP_USERS]) {
		e->has |= BIT(L2TPSEC_A_ENCAP_USERS);
		e->users = mnl_attr_get_u32(tb[L2TPSEC_A_ENCAP_USERS]);
	}
	return 0;
}

struct nlmsghdr *encap_build_new(void *buf, uint16_t family, uint16_t port)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_ENCAP_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	/*
	 * ENCAP_PORT: the module opens the socket itself (a program that
	 * exits right away, like the CLI, leaves no socket of its own
	 * behind, which would have no reader for IKE and pin the namespace
	 * until "encap del"). A daemon that reads IKE on the port hands its
	 * own socket over instead: l2s_encap_fd().
	 */
	mnl_attr_put_u16(nlh, L2TPSEC_A_ENCAP_PORT, port);
	return nlh;
}

struct nlmsghdr *encap_build_del(void *buf, uint16_t family, uint16_t port)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_ENCAP_DEL,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u16(nlh, L2TPSEC_A_ENCAP_PORT, port);
	return nlh;
}

struct nlmsghdr *encap_build_dump(void *buf, uint16_t family)
{
	return nl_req_start(buf, family, L2TPSEC_CMD_ENCAP_GET,
			    NLM_F_REQUEST | NLM_F_DUMP);
}

struct nlmsghdr *encap_build_fd(void *buf, uint16_t family, int fd)
{
	struct nlmsghdr *nlh = nl_req_start(buf, family,
					    L2TPSEC_CMD_ENCAP_NEW,
					    NLM_F_REQUEST | NLM_F_ACK);

	mnl_attr_put_u32(nlh, L2TPSEC_A_ENCAP_FD, (uint32_t)fd);
	return nlh;
}

int l2s_encap_add(struct l2s *k, uint16_t port, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, encap_build_new(buf, l2s_family(k), port), NULL,
			   NULL, ke);
}

int l2s_encap_fd(struct l2s *k, int fd, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, encap_build_fd(buf, l2s_family(k), fd), NULL,
			   NULL, ke);
}

int l2s_encap_del(struct l2s *k, uint16_t port, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_request(k, encap_build_del(buf, l2s_family(k), port), NULL,
			   NULL, ke);
}

int l2s_encap_get(struct l2s *k, struct vec *out, struct l2s_kerr *ke)
{
	char buf[L2S_REQ_SIZE];

	return l2s_get(k, encap_build_dump(buf, l2s_family(k)), encap_parse,
		       out, ke);
}

int l2s_encap_ensure(struct l2s *k, uint16_t port, bool *created,
		     struct l2s_kerr *ke)
{
	int rc = l2s_encap_add(k, port, ke);

	*created = rc == 0;
	if (rc == -EEXIST) {
		rc = 0;		/* already there: use it */
		memset(ke, 0, sizeof(*ke));
	}
	return rc;
}
