// SPDX-License-Identifier: GPL-2.0
/*
 * The whole command line: NUL- or newline-separated words run through
 * cli_main in dry-run mode (requests are built and checked, never sent).
 */
#include <libmnl/libmnl.h>

#include "fuzz.h"
#include "cli.h"

#define MAX_ARGS 64

/* Every request must be a well-formed netlink message. */
static void check_req(void *priv, const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	size_t n = 0;

	(void)priv;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + 4 || nlh->nlmsg_type != L2S_DRY_FAMILY)
		abort();
	mnl_attr_for_each(a, nlh, 4)
		n += MNL_ALIGN(a->nla_len);
	if (NLMSG_HDRLEN + 4 + n != MNL_ALIGN(nlh->nlmsg_len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1], *s;
	struct cli c;
	int argc = 0;

	if (size > 16384)
		return 0;
	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	argv[argc++] = (char *)"l2tpsec";
	for (size_t i = 0, start = 0; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || s[i] == '\0' || s[i] == '\n') {
			s[i] = '\0';
			argv[argc++] = s + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	memset(&c, 0, sizeof(c));
	c.out = c.err = fuzz_null();
	c.stdin_taken = true;	/* "key -" must not wait for the fuzzer's stdin */
	c.k.dry_run = true;
	c.k.capture = check_req;
	cli_main(&c, argc, argv);
	free(s);
	return 0;
}
