// SPDX-License-Identifier: GPL-2.0
/* DHCPINFORM in, DHCPACK out: split-tunnel routes for the PPP link (dhcp/dhcp_inform.h). */
#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include "dhcp_inform.h"

#define BOOTREQUEST	1
#define BOOTREPLY	2
#define HTYPE_ETHER	1
#define CHADDR_LEN	16

/* Offsets in the fixed header (RFC 2131 section 2). */
#define O_OP		0
#define O_HTYPE		1
#define O_HLEN		2
#define O_HOPS		3
#define O_XID		4
#define O_SECS		8
#define O_FLAGS		10
#define O_CIADDR	12
#define O_YIADDR	16
#define O_SIADDR	20
#define O_GIADDR	24
#define O_CHADDR	28
#define O_COOKIE	DHCP_FIXED_LEN

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The request's options that matter. */
struct req_opts {
	int msg_type;		/* -1: absent */
	bool has_prl;
	uint8_t prl[256];	/* option 55, concatenated (RFC 3396), duplicates dropped */
	size_t n_prl;
};

static int parse_opts(const uint8_t *p, size_t len, struct req_opts *o, const char **why)
{
	bool seen[256] = { false };
	size_t i = DHCP_OPTS_OFF;

	o->msg_type = -1;
	o->has_prl = false;
	o->n_prl = 0;
	for (;;) {
		uint8_t code, olen;

		if (i >= len)
			return fail(why, "truncated options (no end option)");
		code = p[i];
		if (code == DHCP_OPT_END)
			return 0;
		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (len - i < 2)
			return fail(why, "truncated option");
		olen = p[i + 1];
		if (len - i - 2 < olen)
			return fail(why, "option longer than the message");
		switch (code) {
		case DHCP_OPT_OVERLOAD:
			return fail(why, "option overload (52) not supported");
		case DHCP_OPT_MSG_TYPE:
			if (olen != 1)
				return fail(why, "bad message type option length");
			if (o->msg_type >= 0)
				return fail(why, "message type option twice");
			o->msg_type = p[i + 2];
			break;
		case DHCP_OPT_PARAM_REQ:
			o->has_prl = true;
			for (size_t k = 0; k < olen; k++) {
				uint8_t c = p[i + 2 + k];

				if (!seen[c]) {
					seen[c] = true;
					o->prl[o->n_prl++] = c;
				}
			}
			break;
		default:
			break;
		}
		i += 2 + (size_t)olen;
	}
}

/* The reply being written; once over, stays over. */
struct wr {
	uint8_t *p;
	size_t cap, len;
	bool over;
};

static void put(struct wr *w, const void *b, size_t n)
{
	if (w->over || w->cap - w->len < n) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, b, n);
	w->len += n;
}

static void put8(struct wr *w, uint8_t v)
{
	put(w, &v, 1);
}

/*
 * An option of any length: as many options of the same code as needed,
 * each of at most 255 bytes (RFC 3396), written as its bytes come.
 */
struct lopt {
	uint8_t code;
	size_t left;		/* bytes of the whole option still to write */
	size_t chunk;		/* bytes still to write in the current piece */
};

static void lopt_begin(struct lopt *o, uint8_t code, size_t total)
{
	o->code = code;
	o->left = total;
	o->chunk = 0;
}

static void lopt_put(struct wr *w, struct lopt *o, const uint8_t *b, size_t n)
{
	while (n) {
		size_t k;

		if (!o->chunk) {
			o->chunk = o->left < 255 ? o->left : 255;
			put8(w, o->code);
			put8(w, (uint8_t)o->chunk);
		}
		k = n < o->chunk ? n : o->chunk;
		put(w, b, k);
		b += k;
		n -= k;
		o->chunk -= k;
		o->left -= k;
	}
}

static size_t route_len(const struct dhcp_route *r)
{
	return 1 + (r->prefix + 7u) / 8 + 4;
}

/* One route, RFC 3442: prefix length, the significant octets, the router. */
static void put_route(struct wr *w, struct lopt *o, const struct dhcp_route *r, uint32_t server)
{
	uint32_t mask = r->prefix ? UINT32_MAX << (32 - r->prefix) : 0;
	uint32_t dst = r->dst & mask, gw = r->gw ? r->gw : server;
	uint8_t b[9];
	size_t n = 0, sig = (r->prefix + 7u) / 8;

	b[n++] = r->prefix;
	for (size_t k = 0; k < sig; k++)
		b[n++] = (uint8_t)(dst >> (24 - 8 * k));
	for (size_t k = 0; k < 4; k++)
		b[n++] = (uint8_t)(gw >> (24 - 8 * k));
	lopt_put(w, o, b, n);
}

static void put_routes(struct wr *w, uint8_t code, const struct dhcp_inform_cfg *cfg)
{
	uint32_t server = ntohl(cfg->server.s_addr);
	size_t total = 0;
	struct lopt o;

	for (size_t i = 0; i < cfg->n_routes; i++)
		total += route_len(&cfg->routes[i]);
	lopt_begin(&o, code, total);
	for (size_t i = 0; i < cfg->n_routes; i++)
		put_route(w, &o, &cfg->routes[i], server);
}

/* Write option code if we have it; false if we do not. */
static bool put_option(struct wr *w, uint8_t code, const struct dhcp_inform_cfg *cfg)
{
	struct lopt o;
	size_t n = 0;

	switch (code) {
	case DHCP_OPT_DNS:
		for (int k = 0; k < 2; k++)
			n += cfg->dns[k].s_addr != 0;
		if (!n)
			return false;
		put8(w, DHCP_OPT_DNS);
		put8(w, (uint8_t)(4 * n));
		for (int k = 0; k < 2; k++)
			if (cfg->dns[k].s_addr)
				put(w, &cfg->dns[k].s_addr, 4);
		return true;
	case DHCP_OPT_DOMAIN:
		n = cfg->domain ? strlen(cfg->domain) : 0;
		if (!n)
			return false;
		lopt_begin(&o, DHCP_OPT_DOMAIN, n);
		lopt_put(w, &o, (const uint8_t *)cfg->domain, n);
		return true;
	case DHCP_OPT_CLASSLESS:
	case DHCP_OPT_MS_CLASSLESS:
		if (!cfg->n_routes)
			return false;
		put_routes(w, code, cfg);
		return true;
	default:
		return false;
	}
}

static int check_cfg(const struct dhcp_inform_cfg *cfg, const char **why)
{
	if (!cfg->server.s_addr)
		return fail(why, "no server address");
	if (cfg->n_routes && !cfg->routes)
		return fail(why, "no routes");
	for (size_t i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].prefix > 32)
			return fail(why, "route prefix longer than 32");
	if (cfg->domain && strlen(cfg->domain) > 255)
		return fail(why, "domain name longer than 255 bytes");
	return 0;
}

/**
 * dhcp_inform_answer() - the DHCPACK of a DHCPINFORM
 * @req: the UDP payload received on port 67
 * @len: its length
 * @peer: the client's PPP address (host order), which ciaddr must be; 0: any
 * @cfg: what to answer (server address, DNS, domain, routes)
 * @out: where the DHCPACK is written
 * @cap: its size
 * @out_len: the DHCPACK's length (at least DHCP_MIN_REPLY: zero-padded)
 * @why: why not, a static string (may be NULL)
 *
 * Every read is bounded by @len and every write by @cap. Refused: not a
 * BOOTREQUEST, a hardware address longer than chaddr (or an Ethernet one
 * not 6 bytes long), a bad magic cookie, options that overrun the message
 * or no end option, option overload (52), a message type other than
 * DHCPINFORM, ciaddr 0 or other than @peer, a reply larger than @cap.
 * The reply copies xid, flags, ciaddr, giaddr, htype, hlen and chaddr;
 * yiaddr, siaddr, secs, hops, sname and file are zero; no lease time.
 *
 * Return: 0, or -1 with *@why.
 */
int dhcp_inform_answer(const uint8_t *req, size_t len, uint32_t peer,
		       const struct dhcp_inform_cfg *cfg, uint8_t *out, size_t cap,
		       size_t *out_len, const char **why)
{
	static const uint8_t defaults[] = {
		DHCP_OPT_CLASSLESS, DHCP_OPT_MS_CLASSLESS, DHCP_OPT_DNS, DHCP_OPT_DOMAIN,
	};
	struct req_opts o;
	struct wr w = { out, cap, 0, false };
	const uint8_t *list;
	size_t n_list;
	uint32_t ciaddr;

	if (!req || !cfg || !out || !out_len)
		return fail(why, "no request");
	if (check_cfg(cfg, why))
		return -1;
	if (len < DHCP_OPTS_OFF)
		return fail(why, "truncated BOOTP header");
	if (req[O_OP] != BOOTREQUEST)
		return fail(why, "not a BOOTREQUEST");
	if (req[O_HLEN] > CHADDR_LEN || (req[O_HTYPE] == HTYPE_ETHER && req[O_HLEN] != 6))
		return fail(why, "bad hardware address length");
	if (memcmp(req + O_COOKIE, cookie, sizeof(cookie)))
		return fail(why, "bad magic cookie (not DHCP)");
	if (parse_opts(req, len, &o, why))
		return -1;
	if (o.msg_type < 0)
		return fail(why, "no message type (BOOTP)");
	if (o.msg_type != DHCP_INFORM)
		return fail(why, "not a DHCPINFORM");
	ciaddr = get32(req + O_CIADDR);
	if (!ciaddr)
		return fail(why, "ciaddr 0 in a DHCPINFORM");
	if (peer && ciaddr != peer)
		return fail(why, "ciaddr is not the client's address");

	if (cap < DHCP_MIN_REPLY)
		return fail(why, "reply buffer too small");
	memset(out, 0, DHCP_OPTS_OFF);
	out[O_OP] = BOOTREPLY;
	out[O_HTYPE] = req[O_HTYPE];
	out[O_HLEN] = req[O_HLEN];
	memcpy(out + O_XID, req + O_XID, 4);
	memcpy(out + O_FLAGS, req + O_FLAGS, 2);
	memcpy(out + O_CIADDR, req + O_CIADDR, 4);
	memcpy(out + O_GIADDR, req + O_GIADDR, 4);
	memcpy(out + O_CHADDR, req + O_CHADDR, CHADDR_LEN);
	memcpy(out + O_COOKIE, cookie, sizeof(cookie));
	w.len = DHCP_OPTS_OFF;

	put8(&w, DHCP_OPT_MSG_TYPE);
	put8(&w, 1);
	put8(&w, DHCP_ACK);
	put8(&w, DHCP_OPT_SERVER_ID);
	put8(&w, 4);
	put(&w, &cfg->server.s_addr, 4);
	list = o.has_prl ? o.prl : defaults;
	n_list = o.has_prl ? o.n_prl : sizeof(defaults);
	for (size_t i = 0; i < n_list; i++)
		put_option(&w, list[i], cfg);
	put8(&w, DHCP_OPT_END);
	if (w.over)
		return fail(why, "reply buffer too small");
	if (w.len < DHCP_MIN_REPLY) {
		memset(out + w.len, 0, DHCP_MIN_REPLY - w.len);
		w.len = DHCP_MIN_REPLY;
	}
	*out_len = w.len;
	return 0;
}

static int addr_parse(const char *s, size_t n, uint32_t *out)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;

	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/**
 * dhcp_route_parse() - a route of the configuration
 * @s: "A.B.C.D/N" or "A.B.C.D/N via E.F.G.H" (words separated by blanks)
 * @r: the route (host order; gw 0 without "via")
 * @why: why not, a static string (may be NULL)
 *
 * N is 0 to 32 without leading zeros; the address must have no bits set
 * beyond N; the gateway may not be 0.0.0.0 (that means the server) nor
 * 255.255.255.255.
 *
 * Return: 0, or -1 with *@why.
 */
int dhcp_route_parse(const char *s, struct dhcp_route *r, const char **why)
{
	const char *word[4];
	size_t wlen[4], n = 0;
	const char *slash;
	uint32_t dst, gw = 0, mask;
	unsigned int prefix = 0;
	size_t dlen, plen;

	if (!s || !r)
		return fail(why, "empty route");
	while (*s) {
		if (blank(*s)) {
			s++;
			continue;
		}
		if (n == 4)
			return fail(why, "expected A.B.C.D/N [via A.B.C.D]");
		word[n] = s;
		while (*s && !blank(*s))
			s++;
		wlen[n] = (size_t)(s - word[n]);
		n++;
	}
	if (!n)
		return fail(why, "empty route");
	if (n != 1 && !(n == 3 && wlen[1] == 3 && !memcmp(word[1], "via", 3)))
		return fail(why, "expected A.B.C.D/N [via A.B.C.D]");
	slash = memchr(word[0], '/', wlen[0]);
	if (!slash)
		return fail(why, "expected A.B.C.D/N");
	dlen = (size_t)(slash - word[0]);
	plen = wlen[0] - dlen - 1;
	if (addr_parse(word[0], dlen, &dst))
		return fail(why, "bad destination address");
	if (!plen || plen > 2 || (plen == 2 && slash[1] == '0'))
		return fail(why, "bad prefix length");
	for (size_t k = 0; k < plen; k++) {
		if (slash[1 + k] < '0' || slash[1 + k] > '9')
			return fail(why, "bad prefix length");
		prefix = prefix * 10 + (unsigned int)(slash[1 + k] - '0');
	}
	if (prefix > 32)
		return fail(why, "bad prefix length");
	mask = prefix ? UINT32_MAX << (32 - prefix) : 0;
	if (dst & ~mask)
		return fail(why, "host bits set in the destination");
	if (n == 3) {
		if (addr_parse(word[2], wlen[2], &gw))
			return fail(why, "bad gateway address");
		if (!gw || gw == UINT32_MAX)
			return fail(why, "gateway 0.0.0.0 or 255.255.255.255");
	}
	r->dst = dst;
	r->prefix = (uint8_t)prefix;
	r->gw = gw;
	return 0;
}
