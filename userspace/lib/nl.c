// SPDX-License-Identifier: GPL-2.0
/* Generic netlink plumbing over libmnl. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "l2tpsec.h"
#include "nl.h"

#define NL_BUFSIZE (64 * 1024)	/* > the 32 KiB a dump skb can reach */

bool nl_msg_ok(const struct nlmsghdr *nlh, size_t len)
{
	return len >= NLMSG_HDRLEN && nlh->nlmsg_len >= NLMSG_HDRLEN &&
	       nlh->nlmsg_len <= len;
}

const struct nlmsghdr *nl_msg_next(const struct nlmsghdr *nlh, size_t *len)
{
	size_t step = MNL_ALIGN((size_t)nlh->nlmsg_len);

	if (step >= *len) {
		*len = 0;
		return nlh;
	}
	*len -= step;
	return (const struct nlmsghdr *)((const char *)nlh + step);
}

bool nl_buf_ok(const void *buf, size_t len)
{
	const struct nlmsghdr *h = buf;

	while (len > 0) {
		if (!nl_msg_ok(h, len))
			return false;
		h = nl_msg_next(h, &len);
	}
	return true;
}

struct nlmsghdr *nl_req_start(void *buf, uint16_t family, uint8_t cmd,
			      uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 2 : L2TPSEC_GENL_VERSION;
	return nlh;
}

struct nlmsghdr *nl_req_get(void *buf, uint16_t family, uint8_t cmd, bool one)
{
	return nl_req_start(buf, family, cmd,
			    NLM_F_REQUEST | (one ? NLM_F_ACK : NLM_F_DUMP));
}

static void copy_msg(char *dst, size_t n, const char *src, size_t len)
{
	size_t i, j = 0;

	for (i = 0; i < len && src[i] && j + 1 < n; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	/* the kernel's messages have no trailing newline; be safe */
	while (j > 0 && dst[j - 1] == ' ')
		j--;
	dst[j] = '\0';
}

int nl_parse_error(const struct nlmsghdr *nlh, struct nl_err_info *ei)
{
	const struct nlattr *a;
	size_t tlv_off;
	int32_t err;

	memset(ei, 0, sizeof(*ei));
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return -1;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
			return -1;
		err = e->error;
		if (nlh->nlmsg_flags & NLM_F_CAPPED)
			tlv_off = sizeof(*e);
		else
			tlv_off = sizeof(int) + (size_t)e->msg.nlmsg_len;
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int32_t)) {
			err = 0;	/* old kernels: empty DONE */
			return 0;
		}
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		tlv_off = sizeof(int32_t);
	} else {
		return -1;
	}
	if (err > 0 || err < -4095)
		return -1;
	ei->error = -err;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	tlv_off = MNL_ALIGN(tlv_off);
	if (tlv_off > nlh->nlmsg_len - NLMSG_HDRLEN)
		return 0;	/* no room for TLVs: ignore them */
	mnl_attr_for_each(a, nlh, tlv_off) {
		uint16_t len = mnl_attr_get_payload_len(a);

		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			copy_msg(ei->msg, sizeof(ei->msg),
				 mnl_attr_get_payload(a), len);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (len == 4) {
				ei->has_offs = true;
				ei->offs = mnl_attr_get_u32(a);
			}
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (len == 4) {
				ei->has_miss = true;
				ei->miss_type = mnl_attr_get_u32(a);
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

int nl_attr_at_offset(const struct nlmsghdr *req, uint32_t offs)
{
	const struct nlattr *a;

	if (req->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    offs >= req->nlmsg_len)
		return -1;
	mnl_attr_for_each(a, req, GENL_HDRLEN) {
		size_t start = (size_t)((const char *)a - (const char *)req);
		size_t end = start + MNL_ALIGN(a->nla_len);

		if (offs >= start && offs < end)
			return mnl_attr_get_type(a);
	}
	return -1;
}

struct fam_ctx {
	const char *grp;
	uint16_t id;
	uint32_t grp_id;
	bool bad;
};

static int grp_cb(const struct nlattr *a, void *data)
{
	struct fam_ctx *fc = data;
	const struct nlattr *n, *name = NULL, *id = NULL;

	mnl_attr_for_each_nested(n, a) {
		switch (mnl_attr_get_type(n)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(n, MNL_TYPE_NUL_STRING) == 0)
				name = n;
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(n, MNL_TYPE_U32) == 0)
				id = n;
			break;
		}
	}
	if (name && id && fc->grp &&
	    strcmp(mnl_attr_get_str(name), fc->grp) == 0)
		fc->grp_id = mnl_attr_get_u32(id);
	return MNL_CB_OK;
}

static int fam_cb(const struct nlattr *a, void *data)
{
	struct fam_ctx *fc = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0) {
			fc->bad = true;
			break;
		}
		fc->id = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_parse_nested(a, grp_cb, fc);
		break;
	}
	return MNL_CB_OK;
}

int genl_parse_family(const struct nlmsghdr *nlh, const char *grp,
		      uint16_t *id, uint32_t *grp_id)
{
	struct fam_ctx fc = { .grp = grp };

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -1;
	mnl_attr_parse(nlh, GENL_HDRLEN, fam_cb, &fc);
	if (fc.bad || fc.id == 0)
		return -1;
	*id = fc.id;
	*grp_id = fc.grp_id;
	return 0;
}

/* --- socket side --- */

struct talk_ctx {
	mnl_cb_t cb;
	void *data;
	uint16_t family;
	struct nl_err_info *ei;
	bool terminated;	/* the ack / NLMSG_DONE was seen */
};

static int talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *t = data;

	if (nlh->nlmsg_type != t->family || !t->cb)
		return MNL_CB_OK;
	return t->cb(nlh, t->data);
}

static int talk_ctl_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *t = data;

	t->terminated = true;
	if (nl_parse_error(nlh, t->ei) < 0) {
		t->ei->error = EBADMSG;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (t->ei->error == 0)
		return MNL_CB_STOP;
	errno = t->ei->error;
	return MNL_CB_ERROR;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = talk_ctl_cb,
	[NLMSG_DONE] = talk_ctl_cb,
};

/* Does buf hold the ack or NLMSG_DONE that ends request seq? */
static bool has_terminator(const void *buf, size_t buflen, uint32_t seq)
{
	const struct nlmsghdr *h = buf;
	size_t len = buflen;

	for (; nl_msg_ok(h, len); h = nl_msg_next(h, &len))
		if (h->nlmsg_seq == seq && (h->nlmsg_type == NLMSG_ERROR ||
					    h->nlmsg_type == NLMSG_DONE))
			return true;
	return false;
}

/*
 * After an error in the middle of a reply (a reply we could not parse, an
 * interrupted dump), read and drop the rest of it, so that the socket is
 * clean for the next request.
 */
static void nl_drain(struct nl *nl, uint32_t seq, size_t have)
{
	size_t len = have;

	for (;;) {
		ssize_t n;

		if (has_terminator(nl->buf, len, seq))
			return;
		n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->buflen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		len = (size_t)n;
	}
}

int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    struct nl_err_info *ei)
{
	struct talk_ctx t = { cb, data, req->nlmsg_type, ei, false };
	int r;

	memset(ei, 0, sizeof(*ei));
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, req, req->nlmsg_len) < 0) {
		ei->error = errno;
		return -1;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->buflen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ei->error = errno;
			return -1;
		}
		if (!nl_buf_ok(nl->buf, (size_t)n)) {
			/* libmnl would walk out of the buffer; no drain
			 * either: the ack may be in what we cannot parse */
			ei->error = EBADMSG;
			return -1;
		}
		errno = 0;
		/* multi-part replies: one call per datagram until DONE/ack */
		r = mnl_cb_run2(nl->buf, (size_t)n, req->nlmsg_seq, nl->portid,
				talk_data_cb, &t, ctl_cbs, ARRAY_SIZE(ctl_cbs));
		if (r == MNL_CB_STOP)
			return 0;
		if (r == MNL_CB_ERROR) {
			int err = ei->error ? ei->error : (errno ? errno : EIO);

			if (!t.terminated)
				nl_drain(nl, req->nlmsg_seq, (size_t)n);
			if (!t.terminated)
				memset(ei, 0, sizeof(*ei));
			ei->error = err;
			return -1;
		}
	}
}

static int family_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl *nl = data;
	uint32_t grp;
	uint16_t id;

	if (genl_parse_family(nlh, L2TPSEC_MCGRP_EVENTS, &id, &grp) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	nl->family = id;
	nl->events_grp = grp;
	return MNL_CB_OK;
}

struct nl *nl_open(struct l2s_err *e)
{
	char buf[L2S_REQ_SIZE];
	struct nl_err_info ei;
	struct nlmsghdr *req;
	struct nl *nl;
	int one = 1;

	nl = calloc(1, sizeof(*nl));
	if (!nl || !(nl->buf = malloc(NL_BUFSIZE))) {
		free(nl);
		l2s_errf(e, "out of memory");
		return NULL;
	}
	nl->buflen = NL_BUFSIZE;
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk) {
		l2s_errf(e, "cannot open generic netlink socket: %s",
			 strerror(errno));
		goto fail;
	}
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		l2s_errf(e, "cannot bind netlink socket: %s", strerror(errno));
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (uint32_t)time(NULL);
	/* Best effort: kernels without them still work, minus the hints. */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));

	req = nl_req_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			   NLM_F_REQUEST | NLM_F_ACK);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, L2TPSEC_GENL_NAME);
	if (nl_talk(nl, req, family_reply_cb, nl, &ei) < 0) {
		if (ei.error == ENOENT)
			l2s_errf(e, "module not loaded (modprobe l2tpsec)");
		else
			l2s_errf(e, "cannot resolve generic netlink family '%s': %s",
				 L2TPSEC_GENL_NAME, strerror(ei.error));
		goto fail;
	}
	if (nl->family == 0) {
		l2s_errf(e, "cannot resolve generic netlink family '%s': no id in reply",
			 L2TPSEC_GENL_NAME);
		goto fail;
	}
	return nl;
fail:
	nl_close(nl);
	return NULL;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->buf);
	free(nl);
}

int nl_subscribe_events(struct nl *nl)
{
	if (!nl->events_grp) {
		errno = ENOENT;
		return -1;
	}
	return mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP,
				     &nl->events_grp, sizeof(nl->events_grp));
}
