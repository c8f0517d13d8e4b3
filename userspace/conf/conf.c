// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration of l2tpsecd (conf.h): loading a file or a string,
 * freeing, finding and comparing connections. The parsing is the engine's
 * (conf_lex.c: words and lines, conf_kw.c: keywords and blocks) on one
 * keyword table per block type (conf_global.c, conf_conn.c, conf_l2tp.c);
 * Documentation/userspace-conf.md describes the parts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "conf_kw.h"
#include "proposal.h"

static int load_text(const char *name, const char *base, const char *text, size_t len,
		     unsigned int flags, struct conf *c, char *err, size_t errlen)
{
	struct conf_parser *p;
	int rc;

	memset(c, 0, sizeof(*c));
	if (errlen)
		err[0] = '\0';
	p = conf_parser_new(name, base, flags, c, err, errlen);
	if (!p) {
		if (errlen)
			snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	rc = conf_parse(p, text, len);
	conf_parser_free(p);
	if (rc)
		conf_free(c);
	return rc;
}

int conf_load_string_flags(const char *name, const char *text, size_t len, unsigned int flags,
			   struct conf *c, char *err, size_t errlen)
{
	return load_text(name, "", text, len, flags, c, err, errlen);
}

int conf_load_string(const char *name, const char *text, size_t len, struct conf *c, char *err,
		     size_t errlen)
{
	return load_text(name, "", text, len, 0, c, err, errlen);
}

/* The directory of path, absolute. */
static int base_dir(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	char cwd[CONF_PATH_LEN];
	int n;

	if (path[0] == '/') {
		n = snprintf(out, cap, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return -1;
		if (slash)
			n = snprintf(out, cap, "%s/%.*s", cwd, (int)(slash - path), path);
		else
			n = snprintf(out, cap, "%s", cwd);
	}
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The whole file into a malloc'd buffer; -1 with "FILE: message". */
static int read_conf_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	size_t got = 0;
	const char *why = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0 || fstat(fd, &st))
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > CONF_MAX_FILE)
		why = "file too large (max 1 MiB)";
	if (why) {
		snprintf(err, errlen, "%s: %s", path, why);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	while (*buf && got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!*buf || got != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: %s", path, *buf ? "short read" : "out of memory");
		free(*buf);
		return -1;
	}
	*len = got;
	return 0;
}

int conf_load_flags(const char *path, unsigned int flags, struct conf *c, char *err,
		    size_t errlen)
{
	char base[CONF_PATH_LEN], *buf = NULL;
	size_t len = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	if (base_dir(path, base, sizeof(base))) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if (read_conf_file(path, &buf, &len, err, errlen))
		return -1;
	rc = load_text(path, base, buf, len, flags, c, err, errlen);
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

int conf_load(const char *path, struct conf *c, char *err, size_t errlen)
{
	return conf_load_flags(path, 0, c, err, errlen);
}

void conf_free(struct conf *c)
{
	OPENSSL_cleanse(c->lns.secret, sizeof(c->lns.secret));
	if (c->conns) {
		OPENSSL_cleanse(c->conns, c->n_conns * sizeof(*c->conns));
		free(c->conns);
	}
	memset(c, 0, sizeof(*c));
}

const struct conf_conn *conf_find(const struct conf *c, const char *name)
{
	for (unsigned int i = 0; i < c->n_conns; i++)
		if (!strcmp(c->conns[i].name, name))
			return &c->conns[i];
	return NULL;
}

/* ------------------------------------------------------------ compare */

static bool id_same(const struct conf_id *a, const struct conf_id *b)
{
	return a->type == b->type && a->len == b->len && a->len <= sizeof(a->data) &&
	       !memcmp(a->data, b->data, a->len);
}

static bool l2tp_same(const struct conf_l2tp *a, const struct conf_l2tp *b)
{
	return a->set == b->set && a->tunnel_id == b->tunnel_id &&
	       a->peer_tunnel_id == b->peer_tunnel_id && a->session_id == b->session_id &&
	       a->peer_session_id == b->peer_session_id && a->cookie_len == b->cookie_len &&
	       a->peer_cookie_len == b->peer_cookie_len &&
	       !memcmp(a->cookie, b->cookie, sizeof(a->cookie)) &&
	       !memcmp(a->peer_cookie, b->peer_cookie, sizeof(a->peer_cookie)) &&
	       !strcmp(a->ifname, b->ifname) && a->port == b->port && a->mtu == b->mtu &&
	       a->seq == b->seq;
}

static bool auth_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return a->auth == b->auth && a->psk_len == b->psk_len && a->psk_len <= sizeof(a->psk) &&
	       !CRYPTO_memcmp(a->psk, b->psk, a->psk_len) && !strcmp(a->psk_file, b->psk_file) &&
	       !strcmp(a->cert, b->cert) && !strcmp(a->key, b->key) && a->pss == b->pss &&
	       a->legacy_sha1 == b->legacy_sha1 && a->remote_id_any == b->remote_id_any &&
	       id_same(&a->local_id, &b->local_id) && id_same(&a->remote_id, &b->remote_id);
}

static bool timers_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return a->ike_lifetime == b->ike_lifetime && a->lifetime == b->lifetime &&
	       a->lifebytes == b->lifebytes && a->lifepackets == b->lifepackets &&
	       a->margin_pct == b->margin_pct && a->dpd == b->dpd &&
	       a->dpd_timeout == b->dpd_timeout && a->keepalive == b->keepalive;
}

bool conf_conn_same(const struct conf_conn *a, const struct conf_conn *b)
{
	return !strcmp(a->name, b->name) && a->version == b->version &&
	       a->aggressive == b->aggressive && a->local.s_addr == b->local.s_addr &&
	       a->remote.s_addr == b->remote.s_addr && a->remote_any == b->remote_any &&
	       auth_same(a, b) && a->weak == b->weak &&
	       proposal_list_same(a->ike, a->n_ike, b->ike, b->n_ike) &&
	       proposal_list_same(a->esp, a->n_esp, b->esp, b->n_esp) && timers_same(a, b) &&
	       a->encap == b->encap && a->replay_window == b->replay_window &&
	       a->start == b->start && a->lns == b->lns && l2tp_same(&a->l2tp, &b->l2tp);
}

