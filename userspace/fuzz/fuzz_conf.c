// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration parser on arbitrary input: the input alone, the input
 * appended to a valid prefix that ends inside an open conn block, and the
 * input as a proposal list (by the rules of IKEv2 and of IKEv1) and as an
 * identity. Nothing may crash or leak; an error is one line
 * "fuzz:LINE: message" (or "fuzz: file too large"); an accepted
 * configuration must print and compare equal to itself.
 * File system checks are off (CONF_F_NO_FILES).
 */
#include <stdbool.h>

#include "fuzz.h"
#include "conf.h"
#include "proposal.h"

static const char prefix[] =
	"log-level debug\n"
	"conn p {\n"
	"\tlocal 192.0.2.1\n"
	"\tremote 198.51.100.2\n"
	"\tauth psk\n"
	"\tpsk \"0123456789abcdef\"\n";

/* "fuzz:N: " with N >= 1 */
static bool line_prefix(const char *err)
{
	const char *q = err + 5;

	if (strncmp(err, "fuzz:", 5) || *q < '1' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9')
		q++;
	return q[0] == ':' && q[1] == ' ';
}

static void one(const char *text, size_t len)
{
	static struct conf c;
	char err[512];

	if (conf_load_string_flags("fuzz", text, len, CONF_F_NO_FILES, &c, err, sizeof(err))) {
		/* the error is one line, "fuzz:LINE: ", and c was left empty */
		if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n') || c.n_conns || c.conns)
			abort();
		if (strncmp(err, "fuzz: file too large", 20) && !line_prefix(err))
			abort();
		return;
	}
	conf_print(&c, fuzz_null());
	for (unsigned int i = 0; i < c.n_conns; i++) {
		if (!conf_conn_same(&c.conns[i], &c.conns[i]) ||
		    conf_find(&c, c.conns[i].name) != &c.conns[i])
			abort();
	}
	conf_free(&c);
}

static void as_strings(const char *s)
{
	struct ike_proposal p[IKE_MAX_PROPOSALS];
	struct conf_id id;
	char err[512], out[4096];
	unsigned int n;

	for (unsigned int k = 0; k < 4; k++) {
		int proto = k & 1 ? IKE_PROTO_ESP : IKE_PROTO_IKE;
		unsigned int flags = k & 2 ? PROPOSAL_IKEV1 | PROPOSAL_WEAK : PROPOSAL_WEAK;

		if (proposal_parse(s, (uint8_t)proto, flags, p, IKE_MAX_PROPOSALS, &n, err,
				   sizeof(err)))
			continue;
		proposal_list_str(p, n, out, sizeof(out));
		if (!n || n > IKE_MAX_PROPOSALS || !proposal_list_same(p, n, p, n))
			abort();
	}
	if (!conf_id_parse(s, &id, err, sizeof(err)) &&
	    !conf_id_match(&id, id.type, id.data, id.len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t plen = sizeof(prefix) - 1;
	char *buf;

	if (size > 65536)
		return 0;
	/* the input alone, in a heap buffer of exactly its size */
	buf = fuzz_copy(data, size);
	one(buf, size);
	free(buf);
	/* after the prefix */
	buf = malloc(plen + size);
	if (!buf)
		abort();
	memcpy(buf, prefix, plen);
	memcpy(buf + plen, data, size);
	one(buf, plen + size);
	free(buf);
	/* as a NUL-terminated string */
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (strlen(buf) < 4096)
		as_strings(buf);
	free(buf);
	return 0;
}
