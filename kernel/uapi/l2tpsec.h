/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * l2tpsec - L2TP over ESP data plane: generic netlink API.
 *
 * This header is the API reference. Everything userspace can do with the
 * module goes through the generic netlink family L2TPSEC_GENL_NAME.
 *
 * Conventions
 * -----------
 * - All objects live in the network namespace of the netlink socket that
 *   creates them. Every command, GET/dump and STATS_GET included, needs
 *   CAP_NET_ADMIN in the user namespace that owns that network namespace
 *   (GENL_UNS_ADMIN_PERM), else EPERM. Subscribing to the "events"
 *   multicast group needs CAP_NET_ADMIN.
 * - Integers are in host byte order unless the attribute says otherwise.
 *   IPv4 addresses are 4 bytes in network byte order (NLA_IN_ADDR), IPv6
 *   addresses 16 bytes (NLA_IN6_ADDR). Outer IPv6 is reserved by the API;
 *   this version of the module rejects it with an extack message.
 * - Every rejection carries an extended-ack message and, where one
 *   attribute is at fault, the offending attribute (NLMSGERR_ATTR_OFFS).
 * - Secret keys are write-only: no command ever returns them.
 *
 * Objects
 * -------
 * SA      an ESP security association in transport mode, keyed by
 *         (SPI, direction). Inbound SAs are found by SPI on receive;
 *         outbound SAs are used by the tunnels that name them.
 * ENCAP   a UDP socket (normally port 4500) that userspace opens and hands
 *         to the module for ESP-in-UDP (RFC 3948), for as long as its
 *         owner keeps it open; non-ESP packets (IKE, with the non-ESP
 *         marker) still reach the socket's owner, NAT keepalives are
 *         absorbed.
 * TUNNEL  an L2TP tunnel (version 2 or 3) to one peer, with its UDP ports
 *         and the outbound SA that protects it. Each tunnel stands for one
 *         peer: "ESP required" is a tunnel property.
 * SESSION an L2TP session inside a tunnel; each session is a network
 *         interface: an Ethernet interface for L2TPv3 Ethernet pseudowires,
 *         a point-to-point interface for L2TPv2/PPP.
 */
#ifndef _UAPI_LINUX_L2TPSEC_H
#define _UAPI_LINUX_L2TPSEC_H

#include <linux/types.h>

#define L2TPSEC_GENL_NAME		"l2tpsec"
#define L2TPSEC_GENL_VERSION		1
#define L2TPSEC_MCGRP_EVENTS		"events"

/* Limits */
#define L2TPSEC_REPLAY_WINDOW_MAX	16384	/* packets */
/*
 * Default window: generous, because one flow sent from several CPUs
 * reaches the peer reordered by more than RFC 4303's minimum of 64
 * (e.g. over veth, whose receive queue is per sending CPU).
 */
#define L2TPSEC_REPLAY_WINDOW_DEFAULT	1024
#define L2TPSEC_COOKIE_MAX		8	/* bytes: 0, 4 or 8 */
#define L2TPSEC_PAYLOAD_MAX		4096	/* CTRL/PPP message bytes */
#define L2TPSEC_TUNNEL_SA_IN_MAX	4	/* SPIs in TUNNEL_SA_IN */

/**
 * enum l2tpsec_cmd - generic netlink commands
 * @L2TPSEC_CMD_UNSPEC: unused.
 * @L2TPSEC_CMD_SA_NEW: create an SA. Requires SA_SPI, SA_DIR, LOCAL_IP4,
 *	PEER_IP4, SA_ALG, SA_ENC_KEY (and SA_AUTH_KEY for CBC algorithms).
 *	Optional: SA_ENCAP (+ ports), SA_REPLAY_WINDOW (in only), SA_ESN,
 *	SA_SEQ, SA_LIFE_*. An inbound SA with UDP encapsulation needs an
 *	ENCAP socket on its local port. Errors: EEXIST (SPI already used in
 *	that direction), EINVAL (bad key length, unknown algorithm...),
 *	ENOENT (no encap socket), ENOENT/ENOPKG (algorithm missing from the
 *	kernel crypto API).
 * @L2TPSEC_CMD_SA_DEL: delete an SA. Requires SA_SPI and SA_DIR. Tunnels
 *	still naming it as their outbound SA drop traffic (counted as
 *	DROP_NO_SA) until they are pointed at another SA.
 * @L2TPSEC_CMD_SA_GET: one SA (SA_SPI + SA_DIR) or, as a dump, all SAs.
 *	Replies carry everything but the keys, plus SA_STATE, SA_SEQ (out:
 *	last sequence number sent; in: highest received), SA_AGE and STATS.
 * @L2TPSEC_CMD_ENCAP_NEW: set up an ESP-in-UDP socket. Either ENCAP_FD:
 *	a bound IPv4 UDP socket of the calling process, in this namespace
 *	(the IKE daemon's: IKE still reaches it), without another UDP
 *	encapsulation or kernel user (EBUSY); the module sets
 *	UDP_ENCAP_ESPINUDP on it unless the owner already did. The owner
 *	keeps the socket: the module holds no reference on its file, so it
 *	does not keep the socket or its namespace alive. When the owner
 *	closes it (its last descriptor, e.g. because the daemon exits or is
 *	killed), the encap goes from the module by itself, without an
 *	event: ENCAP_GET no longer lists it. Inbound SAs of the port stay
 *	(nothing reaches them through the closed socket; a socket handed
 *	over on the port again counts them as its users). The owner may
 *	change UDP_ENCAP at any time; a socket closed with UDP_ENCAP off
 *	(which the kernel does not report) goes from the module within
 *	about a second, and ENCAP_DEL, namespace exit and module unload
 *	never wait for the owner. Or ENCAP_PORT
 *	alone: the module opens a kernel socket on that port (static
 *	keying; IKE packets are dropped; does not pin the namespace; lives
 *	until ENCAP_DEL or namespace exit). EEXIST if the port already has
 *	one.
 * @L2TPSEC_CMD_ENCAP_DEL: release the encap socket on ENCAP_PORT. EBUSY
 *	while inbound SAs use it. A socket handed over with ENCAP_FD gets
 *	back the UDP encapsulation it had before ENCAP_NEW: none (a plain
 *	UDP socket that receives every datagram again), or
 *	UDP_ENCAP_ESPINUDP if its owner had set that itself (a UDP_ENCAP
 *	the owner set after ENCAP_NEW stays). The same happens on
 *	namespace exit and module unload while the owner still has the
 *	socket.
 * @L2TPSEC_CMD_ENCAP_GET: dump the encap sockets (ENCAP_PORT, ENCAP_USERS).
 * @L2TPSEC_CMD_TUNNEL_NEW: create a tunnel. Requires TUNNEL_ID,
 *	TUNNEL_PEER_ID, TUNNEL_VERSION, LOCAL_IP4, PEER_IP4. Optional:
 *	TUNNEL_LOCAL_PORT/PEER_PORT (default 1701), TUNNEL_SA_OUT,
 *	TUNNEL_SA_IN, TUNNEL_ESP_REQUIRED. For version 2 ids are 16 bits.
 * @L2TPSEC_CMD_TUNNEL_SET: change TUNNEL_SA_OUT (0 = send in clear text;
 *	this is how a rekey switches to the new SA, atomically),
 *	TUNNEL_SA_IN (the whole set is replaced, atomically; empty =
 *	unbound), TUNNEL_ESP_REQUIRED and/or PEER_IP4 (the peer moved, e.g.
 *	its NAT got a new public address: the tunnel sends there and
 *	accepts L2TP from there only; move its SAs with SA_SET first) of
 *	the tunnel TUNNEL_ID. All given attributes are checked before any
 *	is applied; SAs named in the same request are checked against the
 *	new peer address.
 * @L2TPSEC_CMD_TUNNEL_DEL: delete tunnel TUNNEL_ID and all its sessions.
 * @L2TPSEC_CMD_TUNNEL_GET: one tunnel (TUNNEL_ID) or a dump of all.
 * @L2TPSEC_CMD_SESSION_NEW: create a session and its interface. Requires
 *	TUNNEL_ID, SESSION_ID, SESSION_PEER_ID. Optional: SESSION_IFNAME,
 *	SESSION_PW_TYPE (default: ETH for v3, PPP for v2; v2 only allows
 *	PPP, v3 only ETH), SESSION_COOKIE, SESSION_PEER_COOKIE (v3),
 *	SESSION_L2SPEC (v3), SESSION_SEND_SEQ, SESSION_RECV_SEQ,
 *	SESSION_MTU. The reply carries SESSION_IFINDEX and SESSION_IFNAME.
 * @L2TPSEC_CMD_SESSION_DEL: delete session (TUNNEL_ID, SESSION_ID).
 * @L2TPSEC_CMD_SESSION_GET: one session or a dump of all.
 * @L2TPSEC_CMD_CTRL_SEND: send the L2TP control message PAYLOAD (starting
 *	at the L2TP header, T bit set) to the peer of TUNNEL_ID, inside the
 *	tunnel's outbound SA (or clear text if it has none and ESP is not
 *	required).
 * @L2TPSEC_CMD_PPP_SEND: send the PPP frame PAYLOAD (starting at the PPP
 *	protocol field, no address/control bytes) on the L2TPv2 session
 *	(TUNNEL_ID, SESSION_ID). Used for LCP, IPCP, authentication.
 * @L2TPSEC_CMD_STATS_GET: namespace-wide counters (STATS), for drops
 *	that belong to no object (unknown SPI, no tunnel...).
 * @L2TPSEC_CMD_SA_EXPIRE: event: SA (SA_SPI, SA_DIR) reached a soft or
 *	hard lifetime limit; SA_EXPIRE_KIND and SA_EXPIRE_HARD say which.
 * @L2TPSEC_CMD_CTRL_RECV: event: an L2TP control message arrived.
 *	TUNNEL_ID (0 if no tunnel matched), PEER_IP4, TUNNEL_PEER_PORT,
 *	SA_SPI of the inbound SA it came through (absent for clear text),
 *	PAYLOAD from the L2TP header on.
 * @L2TPSEC_CMD_PPP_RECV: event: a non-IP PPP frame arrived on an L2TPv2
 *	session: TUNNEL_ID, SESSION_ID, PAYLOAD from the PPP protocol field.
 * @L2TPSEC_CMD_SA_SET: change the peer of an existing SA (SA_SPI + SA_DIR,
 *	either direction): PEER_IP4 and/or SA_ENCAP_PEER_PORT (ESP-in-UDP
 *	SAs only), at least one. The SA keeps its keys, sequence numbers,
 *	replay window and counters; the data path sees the old or the new
 *	address and port, never a mix. An outbound SA's packets go to its
 *	tunnel's peer address (TUNNEL_SET PEER_IP4) and the SA's peer port.
 *	This is how userspace follows a NAT mapping change (SA_MAPPING).
 *	Errors: ENOENT (no such SA), EINVAL (nothing to change, port 0,
 *	address 0, a port for a raw ESP SA).
 * @L2TPSEC_CMD_SA_MAPPING: event: an authentic ESP-in-UDP packet (ICV
 *	verified, within the replay window) of the inbound SA (SA_SPI,
 *	SA_DIR) came from another address or UDP port than the SA's peer:
 *	the peer's NAT mapping changed. PEER_IP4 and SA_ENCAP_PEER_PORT are
 *	the new source, LOCAL_IP4 the SA's local address. Such packets are
 *	dropped (counted as DROP_SA_MISMATCH) until userspace moves the SA
 *	(SA_SET); at most one event per SA per second, each counted as
 *	MAPPING_EVENTS (SA and namespace counters). Packets from elsewhere
 *	that fail authentication cause no event.
 * @__L2TPSEC_CMD_MAX: internal, one past the last command.
 * @L2TPSEC_CMD_MAX: the highest command.
 */
enum l2tpsec_cmd {
	L2TPSEC_CMD_UNSPEC,
	L2TPSEC_CMD_SA_NEW,
	L2TPSEC_CMD_SA_DEL,
	L2TPSEC_CMD_SA_GET,
	L2TPSEC_CMD_ENCAP_NEW,
	L2TPSEC_CMD_ENCAP_DEL,
	L2TPSEC_CMD_ENCAP_GET,
	L2TPSEC_CMD_TUNNEL_NEW,
	L2TPSEC_CMD_TUNNEL_SET,
	L2TPSEC_CMD_TUNNEL_DEL,
	L2TPSEC_CMD_TUNNEL_GET,
	L2TPSEC_CMD_SESSION_NEW,
	L2TPSEC_CMD_SESSION_DEL,
	L2TPSEC_CMD_SESSION_GET,
	L2TPSEC_CMD_CTRL_SEND,
	L2TPSEC_CMD_PPP_SEND,
	L2TPSEC_CMD_STATS_GET,
	L2TPSEC_CMD_SA_EXPIRE,
	L2TPSEC_CMD_CTRL_RECV,
	L2TPSEC_CMD_PPP_RECV,
	L2TPSEC_CMD_SA_SET,
	L2TPSEC_CMD_SA_MAPPING,

	__L2TPSEC_CMD_MAX,
	L2TPSEC_CMD_MAX = __L2TPSEC_CMD_MAX - 1
};

/**
 * enum l2tpsec_attr - attributes (one space for all commands)
 * @L2TPSEC_A_UNSPEC: unused.
 * @L2TPSEC_A_PAD: padding for 64-bit attributes.
 * @L2TPSEC_A_LOCAL_IP4: local outer IPv4 address (SA, tunnel).
 * @L2TPSEC_A_PEER_IP4: peer outer IPv4 address (SA, tunnel, CTRL_RECV).
 * @L2TPSEC_A_LOCAL_IP6: reserved for outer IPv6 (rejected for now).
 * @L2TPSEC_A_PEER_IP6: reserved for outer IPv6 (rejected for now).
 * @L2TPSEC_A_SA_SPI: u32, SPI in host byte order, must not be 0 or 1..255
 *	(RFC 4303 reserves them).
 * @L2TPSEC_A_SA_DIR: u8, &enum l2tpsec_dir.
 * @L2TPSEC_A_SA_ALG: u8, &enum l2tpsec_alg.
 * @L2TPSEC_A_SA_ENC_KEY: binary. AEAD algorithms: key followed by the
 *	4-byte salt (RFC 4106 / RFC 7634 keying material: 20, 36 or 36
 *	bytes). CBC algorithms: the AES key (16 or 32 bytes).
 * @L2TPSEC_A_SA_AUTH_KEY: binary, HMAC key for CBC algorithms (20 bytes
 *	for SHA-1, 32 for SHA-256). Rejected with AEAD algorithms.
 * @L2TPSEC_A_SA_ENCAP: u8, &enum l2tpsec_encap (default NONE = raw ESP).
 * @L2TPSEC_A_SA_ENCAP_LOCAL_PORT: u16, local UDP port for ESP-in-UDP
 *	(default 4500).
 * @L2TPSEC_A_SA_ENCAP_PEER_PORT: u16, peer UDP port (default 4500).
 * @L2TPSEC_A_SA_REPLAY_WINDOW: u32, inbound anti-replay window in
 *	packets, 0 disables the check, at most %L2TPSEC_REPLAY_WINDOW_MAX
 *	(default %L2TPSEC_REPLAY_WINDOW_DEFAULT).
 * @L2TPSEC_A_SA_ESN: u8, 1 = 64-bit extended sequence numbers (RFC 4303
 *	section 2.2.1).
 * @L2TPSEC_A_SA_SEQ: u64. On NEW: out: the last sequence number sent (the
 *	next packet carries SEQ + 1); in: the highest sequence number already
 *	received. Default 0. On GET: the current value.
 * @L2TPSEC_A_SA_LIFE_SOFT_BYTES: u64, soft limit in bytes of ESP payload
 *	(0 = none). Soft limits send SA_EXPIRE events once.
 * @L2TPSEC_A_SA_LIFE_HARD_BYTES: u64, hard limit in bytes (0 = none).
 *	Hard limits make the SA unusable (state EXPIRED) and send SA_EXPIRE.
 * @L2TPSEC_A_SA_LIFE_SOFT_PACKETS: u64, soft limit in packets.
 * @L2TPSEC_A_SA_LIFE_HARD_PACKETS: u64, hard limit in packets.
 * @L2TPSEC_A_SA_LIFE_SOFT_SECONDS: u32, soft limit in seconds after
 *	creation.
 * @L2TPSEC_A_SA_LIFE_HARD_SECONDS: u32, hard limit in seconds.
 * @L2TPSEC_A_SA_STATE: u8, &enum l2tpsec_sa_state (GET only).
 * @L2TPSEC_A_SA_AGE: u64, seconds since creation (GET only).
 * @L2TPSEC_A_SA_EXPIRE_KIND: u8, &enum l2tpsec_expire_kind (SA_EXPIRE).
 * @L2TPSEC_A_SA_EXPIRE_HARD: u8, 1 = hard limit, 0 = soft (SA_EXPIRE).
 * @L2TPSEC_A_STATS: nested, &enum l2tpsec_stats_attr counters.
 * @L2TPSEC_A_ENCAP_FD: u32, file descriptor of a UDP socket (ENCAP_NEW).
 * @L2TPSEC_A_ENCAP_PORT: u16, local port of an encap socket.
 * @L2TPSEC_A_ENCAP_USERS: u32, number of SAs using the socket (GET).
 * @L2TPSEC_A_TUNNEL_ID: u32, local tunnel id (v2: 1..65535, v3: != 0).
 * @L2TPSEC_A_TUNNEL_PEER_ID: u32, the peer's tunnel id.
 * @L2TPSEC_A_TUNNEL_VERSION: u8, 2 or 3.
 * @L2TPSEC_A_TUNNEL_LOCAL_PORT: u16, local L2TP UDP port (default 1701).
 *	The module opens a kernel UDP socket on it to receive clear-text
 *	L2TP (shared by the tunnels using the port).
 * @L2TPSEC_A_TUNNEL_PEER_PORT: u16, peer L2TP UDP port (default 1701).
 * @L2TPSEC_A_TUNNEL_SA_OUT: u32, SPI of the outbound SA protecting the
 *	tunnel; 0 or absent = clear text. Its addresses must match the
 *	tunnel's.
 * @L2TPSEC_A_TUNNEL_ESP_REQUIRED: u8, 1 = clear-text L2TP from this peer
 *	is dropped (counted as DROP_CLEARTEXT), and the tunnel refuses to
 *	send without an SA.
 * @L2TPSEC_A_SESSION_ID: u32, local session id (v2: 16 bits).
 * @L2TPSEC_A_SESSION_PEER_ID: u32, the peer's session id.
 * @L2TPSEC_A_SESSION_PW_TYPE: u16, &enum l2tpsec_pw_type.
 * @L2TPSEC_A_SESSION_IFNAME: string, interface name (default
 *	"l2tpeth%d" or "l2tpppp%d").
 * @L2TPSEC_A_SESSION_IFINDEX: u32, interface index (replies).
 * @L2TPSEC_A_SESSION_COOKIE: binary 0/4/8 bytes, cookie we expect to
 *	receive (v3).
 * @L2TPSEC_A_SESSION_PEER_COOKIE: binary 0/4/8 bytes, cookie we send (v3).
 * @L2TPSEC_A_SESSION_L2SPEC: u8, &enum l2tpsec_l2spec (v3, default
 *	DEFAULT, the 4-byte sublayer that iproute2 uses by default).
 * @L2TPSEC_A_SESSION_SEND_SEQ: u8, 1 = send sequence numbers.
 * @L2TPSEC_A_SESSION_RECV_SEQ: u8, 1 = require sequence numbers and drop
 *	packets older than the last one accepted (DROP_SEQ).
 * @L2TPSEC_A_SESSION_MTU: u32, interface MTU (default: computed from the
 *	route to the peer, the algorithm and the headers).
 * @L2TPSEC_A_PAYLOAD: binary, a control message or PPP frame.
 * @L2TPSEC_A_SA_DRIVER: string, the crypto API driver that processes the
 *	SA's packets, e.g. "__rfc4106-gcm-aesni" (GET only; read-only).
 * @L2TPSEC_A_TUNNEL_SA_IN: binary, an array of 0 to
 *	%L2TPSEC_TUNNEL_SA_IN_MAX u32 SPIs (host order) of inbound SAs: the
 *	tunnel's binding. L2TP (data and control) that arrives inside ESP
 *	is only accepted by a bound tunnel if it was decrypted with one of
 *	these SAs; otherwise it is dropped and counted as
 *	DROP_SA_MISMATCH. Each SPI must name an existing inbound SA with
 *	the tunnel's addresses. The binding is to the SA objects, not to
 *	the numbers: an SA deleted and created again with the same SPI is
 *	not bound (its SPI stays listed until the binding is changed). Up
 *	to 4 so that both the old and the new SA of a make-before-break
 *	rekey are accepted. Empty or absent at TUNNEL_NEW = unbound: the
 *	tunnel accepts ESP from any inbound SA whose peer address is its
 *	own (static keying with one peer per address; not safe when
 *	several peers share an address behind a NAT).
 * @__L2TPSEC_A_MAX: internal, one past the last attribute.
 * @L2TPSEC_A_MAX: the highest attribute.
 */
enum l2tpsec_attr {
	L2TPSEC_A_UNSPEC,
	L2TPSEC_A_PAD,
	L2TPSEC_A_LOCAL_IP4,
	L2TPSEC_A_PEER_IP4,
	L2TPSEC_A_LOCAL_IP6,
	L2TPSEC_A_PEER_IP6,

	L2TPSEC_A_SA_SPI,
	L2TPSEC_A_SA_DIR,
	L2TPSEC_A_SA_ALG,
	L2TPSEC_A_SA_ENC_KEY,
	L2TPSEC_A_SA_AUTH_KEY,
	L2TPSEC_A_SA_ENCAP,
	L2TPSEC_A_SA_ENCAP_LOCAL_PORT,
	L2TPSEC_A_SA_ENCAP_PEER_PORT,
	L2TPSEC_A_SA_REPLAY_WINDOW,
	L2TPSEC_A_SA_ESN,
	L2TPSEC_A_SA_SEQ,
	L2TPSEC_A_SA_LIFE_SOFT_BYTES,
	L2TPSEC_A_SA_LIFE_HARD_BYTES,
	L2TPSEC_A_SA_LIFE_SOFT_PACKETS,
	L2TPSEC_A_SA_LIFE_HARD_PACKETS,
	L2TPSEC_A_SA_LIFE_SOFT_SECONDS,
	L2TPSEC_A_SA_LIFE_HARD_SECONDS,
	L2TPSEC_A_SA_STATE,
	L2TPSEC_A_SA_AGE,
	L2TPSEC_A_SA_EXPIRE_KIND,
	L2TPSEC_A_SA_EXPIRE_HARD,
	L2TPSEC_A_STATS,

	L2TPSEC_A_ENCAP_FD,
	L2TPSEC_A_ENCAP_PORT,
	L2TPSEC_A_ENCAP_USERS,

	L2TPSEC_A_TUNNEL_ID,
	L2TPSEC_A_TUNNEL_PEER_ID,
	L2TPSEC_A_TUNNEL_VERSION,
	L2TPSEC_A_TUNNEL_LOCAL_PORT,
	L2TPSEC_A_TUNNEL_PEER_PORT,
	L2TPSEC_A_TUNNEL_SA_OUT,
	L2TPSEC_A_TUNNEL_ESP_REQUIRED,

	L2TPSEC_A_SESSION_ID,
	L2TPSEC_A_SESSION_PEER_ID,
	L2TPSEC_A_SESSION_PW_TYPE,
	L2TPSEC_A_SESSION_IFNAME,
	L2TPSEC_A_SESSION_IFINDEX,
	L2TPSEC_A_SESSION_COOKIE,
	L2TPSEC_A_SESSION_PEER_COOKIE,
	L2TPSEC_A_SESSION_L2SPEC,
	L2TPSEC_A_SESSION_SEND_SEQ,
	L2TPSEC_A_SESSION_RECV_SEQ,
	L2TPSEC_A_SESSION_MTU,

	L2TPSEC_A_PAYLOAD,
	L2TPSEC_A_SA_DRIVER,
	L2TPSEC_A_TUNNEL_SA_IN,

	__L2TPSEC_A_MAX,
	L2TPSEC_A_MAX = __L2TPSEC_A_MAX - 1
};

/**
 * enum l2tpsec_stats_attr - counters inside %L2TPSEC_A_STATS, all u64
 * @L2TPSEC_STATS_UNSPEC: unused.
 * @L2TPSEC_STATS_PAD: padding for the 64-bit counters.
 * @L2TPSEC_STATS_RX_PACKETS: packets received (decrypted and accepted).
 * @L2TPSEC_STATS_RX_BYTES: bytes received (SA: ESP payload; tunnel and
 *	session: L2TP payload).
 * @L2TPSEC_STATS_TX_PACKETS: packets sent.
 * @L2TPSEC_STATS_TX_BYTES: bytes sent.
 * @L2TPSEC_STATS_DROP_AUTH: ICV (authentication) check failed.
 * @L2TPSEC_STATS_DROP_REPLAY: replayed or too old for the window.
 * @L2TPSEC_STATS_DROP_UNKNOWN_SPI: ESP with an SPI the module does not
 *	know, nor the kernel's xfrm state table (netns counter). The
 *	packet is handed on to xfrm all the same; ESP of `ip xfrm` SAs is
 *	not counted.
 * @L2TPSEC_STATS_DROP_MALFORMED: truncated or invalid ESP, UDP or L2TP.
 * @L2TPSEC_STATS_DROP_NO_SESSION: no tunnel or session for the ids,
 *	wrong cookie, or packet from an SA of another peer.
 * @L2TPSEC_STATS_DROP_CLEARTEXT: clear-text L2TP from an ESP-required
 *	peer.
 * @L2TPSEC_STATS_DROP_EXPIRED: SA past a hard lifetime, or out of
 *	sequence numbers.
 * @L2TPSEC_STATS_DROP_NO_SA: tunnel's outbound SA missing or deleted, or
 *	clear text refused because ESP is required.
 * @L2TPSEC_STATS_DROP_SEQ: L2TP data sequence number out of order.
 * @L2TPSEC_STATS_DROP_TX_ERROR: no route, no memory, or too big to send.
 * @L2TPSEC_STATS_DROP_BUSY: the SA's parallel crypto queue was full
 *	(more packets in flight than the CPUs keep up with).
 * @L2TPSEC_STATS_DROP_SA_MISMATCH: L2TP for a tunnel bound to other
 *	inbound SAs than the one it was decrypted with (TUNNEL_SA_IN;
 *	counted on the tunnel), or ESP-in-UDP from another source address
 *	or UDP source port than the SA's peer (counted on the SA; authentic
 *	ones as well, see SA_MAPPING).
 * @L2TPSEC_STATS_MAPPING_EVENTS: SA_MAPPING events sent (SA and
 *	namespace): authentic ESP-in-UDP from a new peer address or port.
 * @__L2TPSEC_STATS_MAX: internal, one past the last counter.
 * @L2TPSEC_STATS_MAX: the highest counter.
 */
enum l2tpsec_stats_attr {
	L2TPSEC_STATS_UNSPEC,
	L2TPSEC_STATS_PAD,
	L2TPSEC_STATS_RX_PACKETS,
	L2TPSEC_STATS_RX_BYTES,
	L2TPSEC_STATS_TX_PACKETS,
	L2TPSEC_STATS_TX_BYTES,
	L2TPSEC_STATS_DROP_AUTH,
	L2TPSEC_STATS_DROP_REPLAY,
	L2TPSEC_STATS_DROP_UNKNOWN_SPI,
	L2TPSEC_STATS_DROP_MALFORMED,
	L2TPSEC_STATS_DROP_NO_SESSION,
	L2TPSEC_STATS_DROP_CLEARTEXT,
	L2TPSEC_STATS_DROP_EXPIRED,
	L2TPSEC_STATS_DROP_NO_SA,
	L2TPSEC_STATS_DROP_SEQ,
	L2TPSEC_STATS_DROP_TX_ERROR,
	L2TPSEC_STATS_DROP_BUSY,
	L2TPSEC_STATS_DROP_SA_MISMATCH,
	L2TPSEC_STATS_MAPPING_EVENTS,

	__L2TPSEC_STATS_MAX,
	L2TPSEC_STATS_MAX = __L2TPSEC_STATS_MAX - 1
};

/**
 * enum l2tpsec_dir - SA direction
 * @L2TPSEC_DIR_IN: inbound: decrypt packets carrying this SPI.
 * @L2TPSEC_DIR_OUT: outbound: encrypt for a tunnel.
 */
enum l2tpsec_dir {
	L2TPSEC_DIR_IN = 1,
	L2TPSEC_DIR_OUT = 2,
};

/**
 * enum l2tpsec_alg - ESP transforms. Key lengths are those of
 * %L2TPSEC_A_SA_ENC_KEY (+ %L2TPSEC_A_SA_AUTH_KEY).
 * @L2TPSEC_ALG_AES_GCM_128: RFC 4106, 16-byte ICV, key 16 + salt 4.
 * @L2TPSEC_ALG_AES_GCM_256: RFC 4106, 16-byte ICV, key 32 + salt 4.
 * @L2TPSEC_ALG_CHACHA20_POLY1305: RFC 7634, 16-byte ICV, key 32 + salt 4.
 * @L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1: RFC 3602 + RFC 2404 (96-bit ICV),
 *	keys 16 + 20.
 * @L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1: keys 32 + 20.
 * @L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256: RFC 3602 + RFC 4868 (128-bit ICV),
 *	keys 16 + 32.
 * @L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256: keys 32 + 32.
 * @L2TPSEC_ALG_3DES_CBC_HMAC_SHA1: RFC 2451 3DES-CBC (8-byte IV and
 *	block, payload padded to 8) + RFC 2404 (96-bit ICV), keys 24 + 20.
 *	Weak: for legacy IKEv1 clients only.
 * @L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96: RFC 3602 + HMAC-SHA2-256
 *	truncated to 96 bits (12-byte ICV, the pre-RFC 4868 truncation of
 *	older Linux kernels, which Android clients use), keys 16 + 32.
 * @L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96: keys 32 + 32, 12-byte ICV.
 * @__L2TPSEC_ALG_MAX: internal, one past the last algorithm.
 * @L2TPSEC_ALG_MAX: the highest algorithm.
 */
enum l2tpsec_alg {
	L2TPSEC_ALG_AES_GCM_128 = 1,
	L2TPSEC_ALG_AES_GCM_256,
	L2TPSEC_ALG_CHACHA20_POLY1305,
	L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1,
	L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1,
	L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256,
	L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256,
	L2TPSEC_ALG_3DES_CBC_HMAC_SHA1,
	L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96,
	L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96,

	__L2TPSEC_ALG_MAX,
	L2TPSEC_ALG_MAX = __L2TPSEC_ALG_MAX - 1
};

/**
 * enum l2tpsec_encap - ESP encapsulation on the wire
 * @L2TPSEC_ENCAP_NONE: raw ESP, IP protocol 50.
 * @L2TPSEC_ENCAP_UDP: ESP-in-UDP, RFC 3948 (NAT traversal).
 */
enum l2tpsec_encap {
	L2TPSEC_ENCAP_NONE = 0,
	L2TPSEC_ENCAP_UDP = 1,
};

/**
 * enum l2tpsec_sa_state - SA life cycle
 * @L2TPSEC_SA_STATE_VALID: in use.
 * @L2TPSEC_SA_STATE_SOFT_EXPIRED: a soft limit was reached; still usable.
 * @L2TPSEC_SA_STATE_EXPIRED: a hard limit was reached (or the sequence
 *	numbers ran out); the SA drops all traffic until deleted.
 */
enum l2tpsec_sa_state {
	L2TPSEC_SA_STATE_VALID = 0,
	L2TPSEC_SA_STATE_SOFT_EXPIRED,
	L2TPSEC_SA_STATE_EXPIRED,
};

/**
 * enum l2tpsec_expire_kind - which limit an SA_EXPIRE event is about
 * @L2TPSEC_EXPIRE_BYTES: byte limit.
 * @L2TPSEC_EXPIRE_PACKETS: packet limit.
 * @L2TPSEC_EXPIRE_TIME: time limit.
 * @L2TPSEC_EXPIRE_SEQ: the sequence number space is exhausted (hard).
 */
enum l2tpsec_expire_kind {
	L2TPSEC_EXPIRE_BYTES = 1,
	L2TPSEC_EXPIRE_PACKETS,
	L2TPSEC_EXPIRE_TIME,
	L2TPSEC_EXPIRE_SEQ,
};

/**
 * enum l2tpsec_pw_type - session pseudowire types (RFC 4719/3931 values)
 * @L2TPSEC_PWTYPE_ETH: Ethernet pseudowire, L2TPv3 only.
 * @L2TPSEC_PWTYPE_PPP: PPP, L2TPv2 only.
 */
enum l2tpsec_pw_type {
	L2TPSEC_PWTYPE_ETH = 0x0005,
	L2TPSEC_PWTYPE_PPP = 0x0007,
};

/**
 * enum l2tpsec_l2spec - L2TPv3 layer-2-specific sublayer
 * @L2TPSEC_L2SPEC_NONE: no sublayer.
 * @L2TPSEC_L2SPEC_DEFAULT: the 4-byte default sublayer (RFC 3931
 *	section 4.6), carrying the S bit and sequence number.
 */
enum l2tpsec_l2spec {
	L2TPSEC_L2SPEC_NONE = 0,
	L2TPSEC_L2SPEC_DEFAULT = 1,
};

#endif /* _UAPI_LINUX_L2TPSEC_H */
