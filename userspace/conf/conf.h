/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file of l2tpsecd: global settings and connections
 * (Documentation/l2tpsecd.md describes the format).
 */
#ifndef L2TPSEC_IKE_CONF_H
#define L2TPSEC_IKE_CONF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dhcp_inform.h"
#include "ikev2.h"

#define CONF_MAX_FILE		(1024 * 1024)	/* bytes */
#define CONF_MAX_LINE		4096		/* bytes, without the newline */
#define CONF_MAX_CONNS		256
#define CONF_MAX_CA		16
#define CONF_MAX_CRL		16
#define CONF_PSK_MIN		16
#define CONF_PSK_MAX		256

enum conf_auth { CONF_AUTH_NONE, CONF_AUTH_PSK, CONF_AUTH_CERT };
enum conf_encap { CONF_ENCAP_AUTO, CONF_ENCAP_YES, CONF_ENCAP_NO };
enum conf_start { CONF_START_LISTEN, CONF_START_INITIATE };

struct conf_id {
	uint8_t type;		/* IKE_ID_*; 0 = not set (default applies / from certificate) */
	uint8_t data[512];	/* wire form: 4 bytes for ip, DER for dn, raw for the others */
	size_t len;
	char text[600];		/* as written, for logs: "fqdn:gw.example" */
};

struct conf_l2tp {
	bool set;
	uint32_t tunnel_id, peer_tunnel_id, session_id, peer_session_id;
	uint8_t cookie[8], peer_cookie[8];
	uint8_t cookie_len, peer_cookie_len;
	char ifname[16];
	uint16_t port;
	uint32_t mtu;		/* 0 = default */
	bool seq;
};

/*
 * One connection. For auth psk, local_id and remote_id hold the effective
 * identities (ip:<local>, ip:<remote> unless remote is any) when not
 * configured; for auth cert they stay type 0 unless configured.
 */
struct conf_conn {
	char name[64];
	char file[256]; int line;	/* where `conn` was written */
	uint8_t version;		/* IKE major version: 1 (IKEv1) or 2 (default) */
	bool aggressive;		/* version 1: accept aggressive mode (default no) */
	struct in_addr local, remote;
	bool remote_any;
	struct conf_id local_id, remote_id;
	enum conf_auth auth;
	uint8_t psk[256]; size_t psk_len;	/* wiped by conf_free */
	char psk_file[4096];		/* "" unless psk-file (then psk holds its key) */
	char cert[4096], key[4096];	/* absolute paths */
	bool remote_id_any;		/* "remote-id any": any identity (cert: of the CAs) */
	bool pss, weak;
	bool legacy_sha1;		/* auth-legacy-sha1: accept AUTH method 1 (RSA, SHA-1) */
	struct ike_proposal ike[IKE_MAX_PROPOSALS], esp[IKE_MAX_PROPOSALS];
	unsigned int n_ike, n_esp;
	uint32_t ike_lifetime, lifetime;	/* seconds */
	uint64_t lifebytes, lifepackets;
	uint32_t margin_pct;
	uint32_t dpd, dpd_timeout, keepalive;	/* seconds */
	enum conf_encap encap;
	uint32_t replay_window;
	enum conf_start start;
	struct conf_l2tp l2tp;
	bool lns;			/* its clients' L2TP reaches the LNS (the lns block) */
	bool lns_clear_text;		/* ... also clear-text L2TP from remote (no IKE) */
};

#define CONF_LNS_SECRET_MAX	256
#define CONF_LNS_MAX_ROUTES	64
#define CONF_LNS_AUTH_MSCHAPV2	0x1
#define CONF_LNS_AUTH_CHAP	0x2
#define CONF_LNS_AUTH_PAP	0x4

/*
 * The global `lns { ... }` block: the L2TPv2 LNS and the PPP server that
 * the built-in L2TP/IPsec clients reach through the conns saying
 * `lns yes` (Documentation/remote-access.md).
 */
struct conf_lns {
	bool set;
	char users[4096];		/* the users file (chap-secrets format), absolute */
	char pool[256];			/* "A.B.C.D-E.F.G.H", "A.B.C.D/N" or one address */
	struct in_addr local;		/* the gateway's PPP address */
	struct in_addr dns[2], nbns[2];
	unsigned int auth;		/* CONF_LNS_AUTH_* bits, in no order */
	char auth_list[64];		/* as written: the order of preference */
	uint32_t mru;
	bool ipv6;			/* IPV6CP: link-local IPv6 on the session interface */
	uint32_t lcp_echo_interval;	/* seconds, 0: off */
	uint32_t lcp_echo_failures;
	uint32_t auth_tries;
	char hostname[64];
	char secret[CONF_LNS_SECRET_MAX + 1];	/* tunnel secret, "" none; wiped by conf_free */
	size_t secret_len;
	uint32_t hello;			/* seconds of silence before a HELLO */
	uint32_t max_sessions, max_sessions_per_tunnel, max_tunnels_per_peer;
	/* the answer to Windows' DHCPINFORM: split-tunnel routes, domain */
	struct dhcp_route routes[CONF_LNS_MAX_ROUTES];
	unsigned int n_routes;
	char domain[254];
	bool proxy_arp;			/* answer ARP for clients on the LAN holding their address */
};

enum conf_log_level {	/* = syslog priorities */
	CONF_LOG_ERR = 3, CONF_LOG_WARNING = 4, CONF_LOG_NOTICE = 5, CONF_LOG_INFO = 6,
	CONF_LOG_DEBUG = 7
};

struct conf {
	int log_level;
	int log_target;		/* 0 = default, 1 = syslog, 2 = stderr */
	char pidfile[4096], control[4096], user[64];
	char control_group[64];	/* "": the control socket is 0600 */
	uint16_t ike_port, natt_port;
	uint32_t cookie_threshold, half_open_per_source, half_open_timeout;
	uint32_t retransmit_timeout_ms, retransmit_tries;
	char ca[16][4096], crl[16][4096];
	unsigned int n_ca, n_crl;
	struct conf_lns lns;
	struct conf_conn *conns;	/* malloc'd array */
	unsigned int n_conns;
};

/*
 * Flags of conf_load_flags(): CONF_F_NO_FILES skips every check that
 * touches the file system (cert/key/ca/crl existence, reading psk-file:
 * psk_len stays 0 for such a conn) - for tests, fuzzing and showing an
 * example file.
 */
#define CONF_F_NO_FILES		0x1

/*
 * Load and validate path. On error returns -1 with "FILE:LINE: message" in
 * err and c left empty (conf_free-safe). Checks also: conn names unique, no
 * two conns with the same remote address (unless any), l2tp ids unique
 * across conns, files named by cert/key/psk-file/ca/crl exist and are
 * readable (error names the file) - but does not parse certificates (that
 * is the daemon's job). Relative paths in the file are taken relative to
 * the directory of path and stored absolute.
 */
int conf_load(const char *path, struct conf *c, char *err, size_t errlen);

/* conf_load() with CONF_F_* flags. */
int conf_load_flags(const char *path, unsigned int flags, struct conf *c, char *err,
		    size_t errlen);

/*
 * Same from a string (tests, fuzzing); name is used as FILE in messages.
 * text need not be NUL-terminated. Relative paths are relative to the
 * current directory.
 */
int conf_load_string(const char *name, const char *text, size_t len, struct conf *c, char *err,
		     size_t errlen);

/* conf_load_string() with CONF_F_* flags. */
int conf_load_string_flags(const char *name, const char *text, size_t len, unsigned int flags,
			   struct conf *c, char *err, size_t errlen);

/* Wipes psks, frees, leaves c empty (all zero). */
void conf_free(struct conf *c);

/* The connection called name, or NULL. */
const struct conf_conn *conf_find(const struct conf *c, const char *name);

/*
 * Are two connections configured identically (for SIGHUP: unchanged ones
 * are left alone)? Compares every setting, not where it was written.
 */
bool conf_conn_same(const struct conf_conn *a, const struct conf_conn *b);

/*
 * Print the effective configuration (all defaults filled in, secrets as
 * "<hidden>") - for `-n -v`. The output is in the file's syntax.
 */
void conf_print(const struct conf *c, FILE *f);

/*
 * Parse an identity "fqdn:NAME", "email:ADDR", "ip:IPV4", "dn:C=.., O=..,
 * CN=.." (strongSwan syntax, comma-separated RDNs, built as DER) or
 * "keyid:HEX". 0, or -1 with a message (without FILE:LINE) in err.
 */
int conf_id_parse(const char *s, struct conf_id *id, char *err, size_t errlen);

/*
 * Does a received identity (ID payload type and body) match the
 * configured one? type 0 in want matches anything. fqdn and email compare
 * case-insensitively; dn compares the decoded names (X509_NAME_cmp), so a
 * PrintableString and a UTF8String of the same text match; ip and keyid
 * compare bytes.
 */
bool conf_id_match(const struct conf_id *want, uint8_t type, const uint8_t *data, size_t len);

#endif
