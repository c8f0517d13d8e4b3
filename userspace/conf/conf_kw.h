/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The keyword engine of l2tpsecd's configuration: each block type (the
 * global section, conn, l2tp, ...) is a table of keywords, and this engine
 * does everything that is not particular to one keyword: dispatch by the
 * current block, value parsing by kind (on lib/parse.h), once/required
 * checks, the wrong-block messages, opening and closing blocks, printing.
 * Documentation/userspace-conf.md is the longer guide.
 *
 * Adding a block type, e.g. `ppp { ... }` inside conn:
 *
 *   1. conf/conf_ppp.c: its keyword table and
 *
 *          static const struct conf_kw ppp_kws[] = {
 *              { .name = "mru", .kind = KW_U32, .off = P(mru), .min = 128,
 *                .max = 65535 },
 *              { .name = "auth", .kind = KW_CHOICE, .flags = KF_REQUIRED,
 *                .off = P(auth), .choice = &ppp_auths },
 *              ...
 *          };
 *          const struct conf_block conf_block_ppp = {
 *              .name = "ppp", .article = "a", CONF_KWS(ppp_kws),
 *              .open = ppp_open,        (points f->data at its struct)
 *              .defaults = ppp_defaults, .close = ppp_close (checks),
 *              .instance = ppp_instance, (for conf_print)
 *          };
 *
 *   2. one line in CONF_BLOCKS below: X(ppp, conn).
 *
 * (plus the fields it fills, in conf.h). Everything else - "ppp {" opens
 * it inside a conn, "mru: only allowed inside a ppp block", "auth: given
 * twice", "ppp: missing required keyword 'auth'", conf_print - follows
 * from the table.
 */
#ifndef L2TPSEC_CONF_KW_H
#define L2TPSEC_CONF_KW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "conf_lex.h"
#include "util.h"

/*
 * The registry: every block type, one line each, X(name, parent); the
 * root (the global section) has parent none. conf/conf_<name>.c defines
 * `const struct conf_block conf_block_<name>`.
 */
#define CONF_BLOCKS(X)		\
	X(global, none)		\
	X(conn, global)		\
	X(l2tp, conn)		\
	X(lns, global)

enum conf_block_id {
	CONF_B_none = -1,
#define CONF_X_ID(name, parent) CONF_B_##name,
	CONF_BLOCKS(CONF_X_ID)
#undef CONF_X_ID
	CONF_B_COUNT
};

struct conf_block;
#define CONF_X_EXTERN(name, parent) extern const struct conf_block conf_block_##name;
CONF_BLOCKS(CONF_X_EXTERN)
#undef CONF_X_EXTERN

#define CONF_PATH_LEN	4096	/* bytes with the NUL */
#define CONF_MAX_DEPTH	8	/* open blocks, the global section included */

/* What a keyword's value is; the engine parses, checks, stores, prints. */
enum conf_kind {
	KW_FN,		/* only .set (and .print) know it */
	KW_U16,		/* number, decimal or 0x hex, in min..max -> uint16_t */
	KW_U32,		/* same -> uint32_t */
	KW_U64,		/* same -> uint64_t */
	KW_DUR_S,	/* duration "500ms 30s 5m 4h 1d", whole seconds -> uint32_t s */
	KW_DUR_MS,	/* duration -> uint32_t ms */
	KW_BYTES,	/* "1500 64K 10M 2G" (powers of 1024) -> uint64_t */
	KW_PCT,		/* "10%" or "10" -> uint32_t */
	KW_HEX,		/* min or max bytes of hex -> uint8_t[max], length uint8_t at .off_len */
	KW_ADDR,	/* IPv4 unicast address -> struct in_addr */
	KW_CHOICE,	/* one word of .choice -> int (an enum) */
	KW_YESNO,	/* yes | no -> bool */
	KW_STRING,	/* a word of at most max bytes -> char[max + 1] */
	KW_PATH,	/* a path, relative to the file's directory -> char[max + 1] */
	KW_FILE,	/* KW_PATH naming a readable regular file */
	KW_LIST,	/* the rest of the line, words joined by ' ' -> char[max + 1] */
};

#define KF_REQUIRED	0x01	/* missing at the block's '}' is an error */
#define KF_REPEAT	0x02	/* may be given more than once */
#define KF_ZERO		0x04	/* numbers: 0 is allowed besides min..max */
#define KF_QUOTE	0x08	/* "one value expected" suggests quoting */
#define KF_STATE	0x10	/* .off is in the block's parse state, not in its data */
#define KF_WORDS	0x20	/* KW_FN: several values (the setter checks how many) */

/* The words of a KW_CHOICE; vals NULL: the value is the index. */
struct conf_choice {
	const char *const *names;
	const int *vals;
	size_t n;
};

#define CONF_CHOICE(names, vals) { (names), (vals), ARRAY_SIZE(names) }

struct conf_parser;
struct conf_frame;
struct conf_kw;

/* argv[0] is the keyword, argv[1 .. argc - 1] its values (argc >= 2). */
typedef int (*conf_set_fn)(struct conf_parser *p, const struct conf_kw *k, int argc,
			   struct conf_tok *argv);
/* One line (or none) for k of the block instance data, after indent. */
typedef void (*conf_print_fn)(FILE *f, const struct conf_kw *k, const void *data,
			      const char *indent);

struct conf_kw {
	const char *name;
	enum conf_kind kind;
	unsigned int flags;	/* KF_* */
	size_t off;		/* the field in the block's data (or state: KF_STATE) */
	size_t off_len;		/* KW_HEX: its length field */
	uint64_t min, max;	/* numbers: range; KW_HEX: bytes; strings: max length */
	const struct conf_choice *choice;	/* KW_CHOICE */
	conf_set_fn set;	/* instead of the kind's setter (KW_FN: required) */
	conf_print_fn print;	/* instead of the kind's printer */
	const char *unset;	/* printed as "# name: unset" for a 0 or "" value */
};

struct conf_frame {
	const struct conf_block *b;
	enum conf_block_id id;
	void *data;		/* the instance the offsets apply to */
	int line;		/* where it was opened */
	char what[80];		/* for messages: "conn 'site-b'", "l2tp" */
};

struct conf_block {
	const char *name;	/* the word that opens it */
	const char *article;	/* "a" or "an": "only allowed inside an l2tp block" */
	bool named;		/* "conn NAME {" rather than "l2tp {" */
	bool repeat;		/* may be opened more than once in one parent */
	const struct conf_kw *kws;
	size_t n_kws;
	size_t state_size;	/* parse state (KF_STATE fields), zeroed at open */
	/* Set f->data (name: the NAME of a named block). */
	int (*open)(struct conf_parser *p, struct conf_frame *f, const char *name);
	void (*defaults)(void *data);	/* after open */
	/* At '}' after the required keywords (the root's: at the end of the file). */
	int (*close)(struct conf_parser *p, struct conf_frame *f);
	/* conf_print: the i-th instance inside parent (NULL: no more). */
	const void *(*instance)(const struct conf *c, const void *parent, unsigned int i);
	void (*print_head)(FILE *f, const void *data);	/* NULL: "\t...name {" */
	const char *absent;	/* conf_print: a comment when the parent has none */
};

#define CONF_KWS(tab) .kws = (tab), .n_kws = ARRAY_SIZE(tab)

/* Per block type: the lines its keywords were given on in the instance
 * last opened, and its parse state. Kept after its '}' until its parent
 * opens again (a conn's checks may read its l2tp's lines). */
struct conf_slot {
	int *seen;
	void *state;
	int line;		/* where the block was last opened, 0 = not in this parent */
};

struct conf_parser {
	struct conf_lex lex;
	struct conf *c;
	unsigned int flags;	/* CONF_F_* */
	char base[CONF_PATH_LEN];	/* directory of relative paths; "" = cwd */
	int depth;
	struct conf_frame stack[CONF_MAX_DEPTH];
	struct conf_slot slot[CONF_B_COUNT];
};

#define conf_err(p, ...) lex_err(&(p)->lex, __VA_ARGS__)
#define conf_err_at(p, line, ...) lex_err_at(&(p)->lex, (line), __VA_ARGS__)

/* A parser for c (defaults of the global section set); NULL: no memory. */
struct conf_parser *conf_parser_new(const char *file, const char *base, unsigned int flags,
				    struct conf *c, char *err, size_t errlen);
/* The whole text; 0 or -1 with "FILE:LINE: message". */
int conf_parse(struct conf_parser *p, const char *text, size_t len);
void conf_parser_free(struct conf_parser *p);

/* The registry: block id's description and its parent (CONF_B_none). */
const struct conf_block *conf_block_of(enum conf_block_id id);
enum conf_block_id conf_block_parent(enum conf_block_id id);

/* The line keyword name of block id was given on (0 = not given). */
int conf_seen(const struct conf_parser *p, enum conf_block_id id, const char *name);
/* The parse state of block id, and the data of its open instance (or NULL). */
void *conf_state(struct conf_parser *p, enum conf_block_id id);
void *conf_data(struct conf_parser *p, enum conf_block_id id);

/* Shared value helpers for setters (each reports its error). */
int conf_path(struct conf_parser *p, const char *kw, const char *s, char *out, size_t max);
int conf_check_file(struct conf_parser *p, const char *kw, const char *path);
/* IPv4 unicast; "any" where any is not NULL. */
int conf_addr(struct conf_parser *p, const char *kw, const char *s, struct in_addr *a,
	      bool *any);
/* 1-max of A-Z a-z 0-9 . _ -, not starting with '-'. */
bool conf_name_ok(const char *s, size_t max);

/* A value of a numeric kind as written: "30s", "64K", "10%", "1400". */
void conf_fmt_num(enum conf_kind kind, uint64_t v, char *out, size_t cap);
/* The word of a choice value ("?" if none). */
const char *conf_choice_name(const struct conf_choice *ch, int v);

/* conf_print.c: k of the instance data as its kind prints it (for .print
 * hooks that print conditionally). */
void conf_print_kw(FILE *f, const struct conf_kw *k, const void *data, const char *indent);

#endif
