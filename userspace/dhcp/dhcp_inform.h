/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DHCPINFORM answerer of the PPP link (pure: bytes in, bytes out, no
 * socket, no lease). After IPCP, Windows' built-in L2TP client sends a
 * DHCPINFORM (UDP 68 to 67) over the link asking for classless static
 * routes (options 121, RFC 3442, and Microsoft's 249, same encoding), DNS
 * servers (6) and a domain name (15); dhcp_inform_answer() turns it into
 * the DHCPACK of RFC 2131 section 4.3.5 (no yiaddr, no lease time, ciaddr
 * copied, server identifier 54), so that split-tunnel clients learn the
 * internal subnets. See dhcp/README.md.
 *
 * Addresses in struct dhcp_route are in host byte order, those of struct
 * dhcp_inform_cfg in network byte order (struct in_addr).
 */
#ifndef L2TPSEC_DHCP_INFORM_H
#define L2TPSEC_DHCP_INFORM_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

#define DHCP_FIXED_LEN		236	/* op .. file */
#define DHCP_OPTS_OFF		240	/* after the magic cookie 99.130.83.99 */
#define DHCP_MIN_REPLY		300	/* BOOTP's minimum: replies are zero-padded to it */

/* RFC 2132 / RFC 3442 / Microsoft option codes used here. */
#define DHCP_OPT_PAD		0
#define DHCP_OPT_DNS		6
#define DHCP_OPT_DOMAIN		15
#define DHCP_OPT_OVERLOAD	52
#define DHCP_OPT_MSG_TYPE	53
#define DHCP_OPT_SERVER_ID	54
#define DHCP_OPT_PARAM_REQ	55
#define DHCP_OPT_CLASSLESS	121
#define DHCP_OPT_MS_CLASSLESS	249
#define DHCP_OPT_END		255

#define DHCP_ACK		5
#define DHCP_INFORM		8

/* A route for options 121 and 249: dst/prefix via gw; gw 0 = the server. */
struct dhcp_route {
	uint32_t dst;		/* host order, no bits set beyond prefix */
	uint8_t prefix;		/* 0..32 */
	uint32_t gw;		/* host order; 0: cfg->server */
};

/* What the answer says. */
struct dhcp_inform_cfg {
	struct in_addr server;	/* our address on the link: option 54, default gateway */
	struct in_addr dns[2];	/* option 6; 0: none */
	const char *domain;	/* option 15; NULL or "": none */
	const struct dhcp_route *routes;	/* options 121 and 249 */
	size_t n_routes;
};

/*
 * Answer req[0..len), the payload of a UDP datagram sent to port 67: a
 * BOOTREQUEST DHCPINFORM whose ciaddr is peer (the client's PPP address,
 * host order; 0: not checked, but ciaddr 0 is always refused) becomes a
 * DHCPACK in out[0..*out_len), at most cap bytes, to be sent to ciaddr,
 * port 68. The answer holds options 53 and 54, then those of 6, 15, 121
 * and 249 that the client asked for in option 55, in its order (without
 * option 55: 121 and 249 if there are routes, 6, 15). Options longer than
 * 255 bytes are split (RFC 3396). 0, or -1 with *why (a static string).
 */
int dhcp_inform_answer(const uint8_t *req, size_t len, uint32_t peer,
		       const struct dhcp_inform_cfg *cfg, uint8_t *out, size_t cap,
		       size_t *out_len, const char **why);

/*
 * Parse "A.B.C.D/N" or "A.B.C.D/N via E.F.G.H" (words separated by blanks)
 * into *r (gw 0 without "via"). Host bits set beyond N, a gateway 0.0.0.0
 * or 255.255.255.255 are refused. 0, or -1 with *why.
 */
int dhcp_route_parse(const char *s, struct dhcp_route *r, const char **why);

#endif
