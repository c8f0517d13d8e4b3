// SPDX-License-Identifier: GPL-2.0
/*
 * conf_print(): the effective configuration in the file's syntax, every
 * block from its keyword table (conf_kw.h), defaults filled in, secrets
 * hidden by their keywords' print hooks.
 */
#include <arpa/inet.h>
#include <string.h>

#include "conf_kw.h"

static uint64_t num_at(enum conf_kind kind, const char *at)
{
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (kind) {
	case KW_U16:
		memcpy(&u16, at, sizeof(u16));
		return u16;
	case KW_U64:
	case KW_BYTES:
		memcpy(&u64, at, sizeof(u64));
		return u64;
	default:
		memcpy(&u32, at, sizeof(u32));
		return u32;
	}
}

void conf_print_kw(FILE *f, const struct conf_kw *k, const void *data, const char *indent)
{
	const char *at = (const char *)data + k->off;
	char s[64];
	uint8_t len;
	int v;
	bool b;

	if (k->print) {
		k->print(f, k, data, indent);
		return;
	}
	switch (k->kind) {
	case KW_FN:
		return;		/* only its hook knows it */
	case KW_LIST:
		if (k->flags & KF_STATE)
			return;	/* gone with the parse: a hook prints the result */
		if (!*at && k->unset)
			break;
		fprintf(f, "%s%s %s\n", indent, k->name, at);
		return;
	case KW_HEX:
		memcpy(&len, (const char *)data + k->off_len, 1);
		if (!len) {
			if (k->unset)
				break;
			return;
		}
		fprintf(f, "%s%s 0x", indent, k->name);
		for (uint8_t i = 0; i < len && i < k->max; i++)
			fprintf(f, "%02x", (uint8_t)at[i]);
		fputc('\n', f);
		return;
	case KW_ADDR:
		inet_ntop(AF_INET, at, s, sizeof(s));
		fprintf(f, "%s%s %s\n", indent, k->name, s);
		return;
	case KW_CHOICE:
		memcpy(&v, at, sizeof(v));
		if (!v && k->unset)
			break;
		fprintf(f, "%s%s %s\n", indent, k->name, conf_choice_name(k->choice, v));
		return;
	case KW_YESNO:
		memcpy(&b, at, sizeof(b));
		fprintf(f, "%s%s %s\n", indent, k->name, b ? "yes" : "no");
		return;
	case KW_STRING:
	case KW_PATH:
	case KW_FILE:
		if (!*at && k->unset)
			break;
		fprintf(f, "%s%s ", indent, k->name);
		lex_put_word(f, at);
		fputc('\n', f);
		return;
	default:
		if (!num_at(k->kind, at) && k->unset)
			break;
		conf_fmt_num(k->kind, num_at(k->kind, at), s, sizeof(s));
		fprintf(f, "%s%s %s\n", indent, k->name, s);
		return;
	}
	fprintf(f, "%s# %s: %s\n", indent, k->name, k->unset);
}

/* One instance of block id at depth (the global section: 0), then the
 * blocks inside it. */
static void print_block(FILE *f, const struct conf *c, enum conf_block_id id, const void *data,
			int depth)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t";
	const struct conf_block *b = conf_block_of(id);
	const char *in = tabs + sizeof(tabs) - 1 - (depth < 8 ? depth : 8);

	if (depth && b->print_head)
		b->print_head(f, data);
	else if (depth)
		fprintf(f, "%s%s {\n", in + 1, b->name);
	for (size_t i = 0; i < b->n_kws; i++)
		conf_print_kw(f, &b->kws[i], data, in);
	for (int ch = 0; ch < CONF_B_COUNT; ch++) {
		const struct conf_block *cb = conf_block_of((enum conf_block_id)ch);
		const void *inst;
		unsigned int n = 0;

		if (conf_block_parent((enum conf_block_id)ch) != id || !cb->instance)
			continue;
		while ((inst = cb->instance(c, data, n))) {
			print_block(f, c, (enum conf_block_id)ch, inst, depth + 1);
			n++;
		}
		if (!n && cb->absent)
			fprintf(f, "%s# %s\n", in, cb->absent);
	}
	if (depth)
		fprintf(f, "%s}\n", in + 1);
}

void conf_print(const struct conf *c, FILE *f)
{
	fprintf(f, "# l2tpsecd: effective configuration, %u connection%s\n", c->n_conns,
		c->n_conns == 1 ? "" : "s");
	print_block(f, c, CONF_B_global, c, 0);
}
