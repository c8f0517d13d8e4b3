// SPDX-License-Identifier: GPL-2.0
/*
 * Reply parsers: a datagram of netlink messages as the kernel could send
 * it, fed to every parser the CLI uses on kernel data (errors with
 * extack, family replies, SA/tunnel/session/encap/stats replies), and the
 * parsed objects printed as text and JSON.
 */
#include <libmnl/libmnl.h>

#include "fuzz.h"
#include "attrs.h"
#include "encap.h"
#include "nl.h"
#include "sa.h"
#include "show.h"
#include "session.h"
#include "stats.h"
#include "tunnel.h"

static void one(const struct nlmsghdr *nlh, uint8_t sel)
{
	FILE *f = fuzz_null();
	struct nl_err_info ei;
	struct l2s_kerr ke;
	struct l2s_err ce;
	struct json j;
	uint32_t grp;
	uint16_t id;

	json_init(&j, f);
	switch (sel % 8) {
	case 0:
		if (nl_parse_error(nlh, &ei) == 0) {
			/* the message doubles as "the request" */
			l2s_kerr_from(&ke, nlh, &ei);
			cli_kernel_error(&ce, "sa add", &ke);
			fputs(ce.msg, f);
		}
		nl_attr_at_offset(nlh, (uint32_t)sel << 2);
		break;
	case 1:
		genl_parse_family(nlh, "events", &id, &grp);
		break;
	case 2: {
		struct l2s_sa s;

		if (sa_parse(nlh, &s) == 0) {
			sa_print_text(f, &s);
			sa_print_json(&j, &s);
		}
		break;
	}
	case 3: {
		struct l2s_tunnel t;

		if (tunnel_parse(nlh, &t) == 0) {
			tunnel_print_text(f, &t);
			tunnel_print_json(&j, &t);
		}
		break;
	}
	case 4: {
		struct l2s_session s;

		if (session_parse(nlh, &s) == 0) {
			session_print_text(f, &s);
			session_print_json(&j, &s);
		}
		break;
	}
	case 5: {
		struct l2s_encap e;

		if (encap_parse(nlh, &e) == 0) {
			encap_print_text(f, &e);
			encap_print_json(&j, &e);
		}
		break;
	}
	case 6: {
		struct l2_stats st;

		if (stats_parse_msg(nlh, &st) == 0) {
			stats_print_text(f, &st);
			stats_print_json(&j, &st);
		}
		break;
	}
	default: {
		attr_tb tb;
		int bad;

		attrs_parse(nlh, tb, &bad);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	uint8_t sel;
	void *buf;
	size_t len;

	if (size < 1 || size > 65536)
		return 0;
	sel = data[0];
	buf = fuzz_copy(data + 1, size - 1);
	len = size - 1;
	/* what nl_talk() (nl_buf_ok + libmnl's loop) guarantees the parsers */
	for (nlh = buf; nl_msg_ok(nlh, len); nlh = nl_msg_next(nlh, &len))
		one(nlh, sel);
	free(buf);
	return 0;
}
