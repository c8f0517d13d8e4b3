/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The users file of the PPP server: who may connect, with which secret,
 * and optionally with which address. One user a line, in either of two
 * syntaxes, chosen line by line:
 *
 *   # comment
 *   user NAME password "SECRET" [address A.B.C.D]
 *   user NAME nthash HEX32      [address A.B.C.D]
 *   CLIENT SERVER SECRET [ADDRESS]          (pppd's chap-secrets)
 *
 * The rule: a line whose first word is the bare (unquoted) word `user` is
 * in the l2tpsec syntax; every other line is a chap-secrets line, so that
 * an existing /etc/ppp/chap-secrets can be used as it is (a chap-secrets
 * client literally called user must be written "user").
 *
 * l2tpsec syntax: NAME is a bare word or a "quoted string"; SECRET is a
 * quoted string (escapes \" and \\ only); a '#' outside quotes starts a
 * comment, anywhere on the line.
 *
 * chap-secrets (pppd(8), AUTHENTICATION): whitespace-separated words, bare
 * or "quoted" (escapes \" and \\; in a bare word \\ is one backslash, as
 * pppd reads DOMAIN\\user); '#' starts a comment only at the start of a
 * word (a#b is one word, as in pppd). SERVER is not checked: any word,
 * '*' included, is accepted (l2tpsecd has one name; a client listed for
 * two servers is an error, "defined twice"). ADDRESS '*', '-' or absent:
 * an address from the pool; one address: the client's static address.
 * Refused with a clear error: a client '*', more than one address, pppd's
 * address ranges or '!' exclusions, secrets read from files ("@FILE").
 *
 * A password (either syntax) serves PAP, CHAP-MD5 and MS-CHAPv2; an nthash
 * (MD4 of the UTF-16LE password, 32 hex digits, as Samba and FreeRADIUS
 * store it) only MS-CHAPv2. Names are 1..255 bytes, secrets 1..256 bytes,
 * no control characters; a name appears once, a static address once,
 * across both syntaxes. Errors are "FILE:LINE: message".
 *
 * Secrets live in heap memory that auth_users_free() wipes; the file's
 * text and every line buffer are wiped after parsing.
 *
 * The PPP server (ppp/ppp_server.h) looks users up through the daemon's
 * ops->user_find; the daemon's wiring is not part of this folder.
 */
#ifndef L2TPSEC_USERS_H
#define L2TPSEC_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_NAME_MAX		255
#define AUTH_SECRET_MAX		256
#define AUTH_NTHASH_LEN		16
#define AUTH_USERS_MAX		10000	/* lookups are linear */
#define AUTH_USERS_FILE_MAX	(16u << 20)

struct auth_user {
	char *name;		/* NUL-terminated, name_len bytes */
	size_t name_len;
	char *password;		/* NULL for an nthash user; NUL-terminated, password_len bytes */
	size_t password_len;
	bool has_nthash;	/* an nthash line (a password user's hash is computed by ppp/) */
	uint8_t nthash[AUTH_NTHASH_LEN];
	uint32_t addr;		/* static address, host byte order; 0: from the pool */
	unsigned int line;
};

struct auth_users {
	struct auth_user *v;
	size_t n, cap;
};

/*
 * Parse text[0..len) (fname names it in errors). 0 and *out (free with
 * auth_users_free()), or -1 and "FILE:LINE: message" in err.
 */
int auth_users_parse(const char *text, size_t len, const char *fname, struct auth_users **out,
		     char *err, size_t errlen);
/* Read and parse the file at path (a regular file of at most 16 MiB). As auth_users_parse(). */
int auth_users_load(const char *path, struct auth_users **out, char *err, size_t errlen);
/* The user called name[0..len) (exact bytes), or NULL. */
const struct auth_user *auth_users_find(const struct auth_users *u, const char *name, size_t len);
/* Wipe every secret and free. NULL is fine. */
void auth_users_free(struct auth_users *u);

#endif
