// SPDX-License-Identifier: GPL-2.0
/*
 * "l2tpsec -batch": the first byte picks -force and a word limit, the
 * rest is the batch text. The word splitter runs alone on every line
 * (bounds, NULL termination), then the whole text runs through batch_run()
 * in dry-run mode (requests are built and checked, never sent).
 */
#include <libmnl/libmnl.h>

#include "fuzz.h"
#include "batch.h"
#include "cli.h"

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

/* Words are NUL-terminated inside the line, in order, never overlapping. */
static void split_lines(const uint8_t *data, size_t size, int max)
{
	char *argv[BATCH_WORDS_MAX + 1], *buf = malloc(size + 1);
	size_t start = 0;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';	/* the last line has no newline */

	for (size_t i = 0; i <= size; i++) {
		struct l2s_err e = { "" };
		char *line = buf + start, *prev_end = line;
		size_t len = i - start;
		int argc;

		if (i < size && data[i] != '\n' && data[i] != '\0')
			continue;
		if (i < size)
			buf[i] = '\0';
		else if (len == 0)
			break;
		argc = batch_split(line, argv, max, &e);
		start = i + 1;
		if (argc < 0) {
			if (!e.msg[0])
				abort();
			continue;
		}
		if (argc > max || argv[argc])
			abort();
		for (int k = 0; k < argc; k++) {
			size_t wl;

			if (argv[k] < prev_end || argv[k] > line + len)
				abort();
			wl = strlen(argv[k]);
			if (argv[k] + wl > line + len)
				abort();
			prev_end = argv[k] + wl + 1;
		}
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cli c;
	FILE *in;
	bool force;
	int max;

	if (size < 1 || size > 65536)
		return 0;
	force = data[0] & 1;
	max = 1 + (data[0] >> 1) % BATCH_WORDS_MAX;
	data++;
	size--;
	split_lines(data, size, max);
	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "r");
	if (!in)
		abort();
	memset(&c, 0, sizeof(c));
	c.out = c.err = fuzz_null();
	c.stdin_taken = true;	/* "key -" must not wait for the fuzzer's stdin */
	c.k.dry_run = true;
	c.k.capture = check_req;
	batch_run(&c, in, "fuzz", force);
	fclose(in);
	return 0;
}
