// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz - generic netlink fuzzer for the l2tpsec family: valid, mutated
 * and random requests for every command, against the real module (run
 * inside a VM, in a network namespace of its own).
 *
 *   nlfuzz [-s SEED] [-n COUNT] [-t SECONDS] [-U] [-q] [-v]
 *
 *   -s, --seed SEED     PRNG seed (default 1): same seed, same requests
 *                       (the kernel's answers depend on its state, which
 *                       the same seed reproduces in a fresh namespace)
 *   -n, --count N       iterations (default 10000); one iteration is one
 *                       request, one full dump or one interrupted dump
 *   -t, --time SECONDS  stop after SECONDS even if COUNT is not reached
 *                       (default: no limit); the summary says how many
 *                       were done
 *   -U, --unprivileged  the caller has no CAP_NET_ADMIN over the
 *                       namespace: assert that every request for a
 *                       command with an op gets EPERM (commands without
 *                       an op: EOPNOTSUPP; a genl header cut short:
 *                       EINVAL), that nothing succeeds, and count them
 *   -q, --quiet         no per-command table
 *   -v, --verbose       print every request's outcome (slow)
 *
 * Resolves the family id, enables NETLINK_EXT_ACK, then for COUNT
 * iterations picks a command (every L2TPSEC_CMD_*, the event-only and
 * unused numbers too) and builds one of:
 *  (a) a VALID request from a small model of the API and of the objects
 *      that exist: SA_NEW with a correct algorithm and key lengths,
 *      ESP-in-UDP SAs on existing encap ports, TUNNEL_NEW naming existing
 *      SAs, SESSION_NEW in existing tunnels, ENCAP_NEW with ENCAP_PORT or
 *      with ENCAP_FD of a UDP socket nlfuzz opened (and sometimes closes
 *      behind the module's back), SET/DEL/GET of existing and unknown
 *      ids, CTRL_SEND/PPP_SEND with plausible payloads, STATS_GET;
 *  (b) a MUTATION of a valid one: bytes flipped in payloads, payloads
 *      shortened/lengthened/emptied, nla_len made inconsistent (zero,
 *      short, odd, past the end), attributes duplicated, dropped,
 *      reordered, unknown or reserved types added, NLA_F_NESTED /
 *      NLA_F_NET_BYTEORDER set, nested garbage, the message cut short
 *      (inside the genl header or inside an attribute), a wrong genl
 *      version, odd nlmsg flags (NLM_F_DUMP on a doit command, no ACK, no
 *      REQUEST...), a wrong nlmsg_len, huge or edge values for ids,
 *      ports, MTUs, lifetimes, replay windows, SPIs, fds;
 *  (c) RANDOM attributes (types 0..L2TPSEC_A_MAX+8, random lengths and
 *      bytes).
 * About 4 % of the iterations are dumps (SA, ENCAP, TUNNEL, SESSION GET
 * with NLM_F_DUMP), read to the end on the main socket or, on a second
 * socket, stopped after 0-3 reads with deletes on the main socket in
 * between, then the socket closed midway (or the dump read to its end).
 * The model is resynchronised from dumps every 64 iterations and after
 * any successful mutated or random request that changes state.
 *
 * Checks: every answer is an ACK, an error, a reply of the family or a
 * dump's DONE, with our sequence number (protocol errors and lost
 * answers are fatal); for every error (NLMSG_ERROR with an errno, or a
 * DONE with one) whether an extended-ack message (NLMSGERR_ATTR_MSG)
 * came with it. Prints counts per command and errno, then every
 * (command, errno) pair that came WITHOUT an extack message, with the
 * first example (iteration, how it was built, the request in hex): the
 * API promises a message with every rejection, these are findings, not
 * failures. At the end deletes everything (tunnels, SAs, encap sockets,
 * through dumps), closes its sockets, and polls
 * /sys/module/l2tpsec/parameters/objects for up to 10 s until it reads
 * what it read at the start.
 *
 * Output: "nlfuzz: seed S count N ..." first, then the summary,
 * "nlfuzz: objects start '...' end '...'" and one last line
 * "nlfuzz: PASS ..." or "nlfuzz: FAIL ...".
 * Exit status: 0 pass; 1 setup error (module not loaded...); 2 usage;
 * 3 objects not back to the start value (leak); 4 protocol error or an
 * answer that never came; 5 -U and a request that was not refused as
 * it must be.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../../kernel/uapi/l2tpsec.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif

#define OBJECTS_PATH	"/sys/module/l2tpsec/parameters/objects"
#define MAX_ATTRS	40
#define MAX_ALEN	4200	/* > L2TPSEC_PAYLOAD_MAX */
#define MSG_BUF		(MAX_ATTRS * (MAX_ALEN + 8) + 64)
#define RECV_BUF	(64 * 1024)
#define REPLY_TIMEOUT_MS 20000
#define NCMD		256
#define NERRNO		160
#define MAX_EXAMPLES	256

/* model caps: objects nlfuzz tries to keep alive at most */
#define CAP_SA		64
#define CAP_TUN		24
#define CAP_SES		16
#define CAP_ENCAP	8
#define N_OWNERS	4
#define MODEL_SA	256
#define MODEL_TUN	128
#define MODEL_SES	128
#define MODEL_ENCAP	64

#define LOCAL_IP	"10.77.0.1"
#define PEER_IP		"10.77.0.2"
#define PEER2_IP	"10.77.0.3"

static const char *prog = "nlfuzz";

/* ------------------------------------------------------------ random */

static uint64_t rng_state;

/* splitmix64, as in pktfuzz */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n), n > 0 */
static uint32_t below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

static bool chance(unsigned int pct)
{
	return below(100) < pct;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd();
}

/* Edge values, then anything. */
static uint64_t interesting(unsigned int width)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 127, 128, 255, 256, 257,
		1023, 1024, 1500, 1701, 4095, 4096, 4500, 9000, 16383, 16384,
		16385, 32767, 32768, 65534, 65535, 65536, 0x7fffffff,
		0x80000000, 0xfffffffe, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL,
	};
	uint64_t x = chance(80) ? v[below(sizeof(v) / sizeof(v[0]))] : rnd();

	if (width < 8)
		x &= (1ULL << (8 * width)) - 1;
	return x;
}

/* ------------------------------------------------------------ names */

static const char *const cmd_names[] = {
	[L2TPSEC_CMD_UNSPEC] = "UNSPEC",
	[L2TPSEC_CMD_SA_NEW] = "SA_NEW",
	[L2TPSEC_CMD_SA_DEL] = "SA_DEL",
	[L2TPSEC_CMD_SA_GET] = "SA_GET",
	[L2TPSEC_CMD_ENCAP_NEW] = "ENCAP_NEW",
	[L2TPSEC_CMD_ENCAP_DEL] = "ENCAP_DEL",
	[L2TPSEC_CMD_ENCAP_GET] = "ENCAP_GET",
	[L2TPSEC_CMD_TUNNEL_NEW] = "TUNNEL_NEW",
	[L2TPSEC_CMD_TUNNEL_SET] = "TUNNEL_SET",
	[L2TPSEC_CMD_TUNNEL_DEL] = "TUNNEL_DEL",
	[L2TPSEC_CMD_TUNNEL_GET] = "TUNNEL_GET",
	[L2TPSEC_CMD_SESSION_NEW] = "SESSION_NEW",
	[L2TPSEC_CMD_SESSION_DEL] = "SESSION_DEL",
	[L2TPSEC_CMD_SESSION_GET] = "SESSION_GET",
	[L2TPSEC_CMD_CTRL_SEND] = "CTRL_SEND",
	[L2TPSEC_CMD_PPP_SEND] = "PPP_SEND",
	[L2TPSEC_CMD_STATS_GET] = "STATS_GET",
	[L2TPSEC_CMD_SA_EXPIRE] = "SA_EXPIRE",
	[L2TPSEC_CMD_CTRL_RECV] = "CTRL_RECV",
	[L2TPSEC_CMD_PPP_RECV] = "PPP_RECV",
	[L2TPSEC_CMD_SA_SET] = "SA_SET",
	[L2TPSEC_CMD_SA_MAPPING] = "SA_MAPPING",
};

static const char *cmd_name(unsigned int cmd, char *buf, size_t len)
{
	if (cmd < sizeof(cmd_names) / sizeof(cmd_names[0]) && cmd_names[cmd])
		return cmd_names[cmd];
	snprintf(buf, len, "CMD_%u", cmd);
	return buf;
}

/* Commands the family has an op for (every other number: EOPNOTSUPP). */
static bool has_op(unsigned int cmd)
{
	return (cmd >= L2TPSEC_CMD_SA_NEW && cmd <= L2TPSEC_CMD_STATS_GET) ||
	       cmd == L2TPSEC_CMD_SA_SET;
}


static const char *errno_name(int e, char *buf, size_t len)
{
	const char *n = e ? strerrorname_np(e) : "OK";

	if (n)
		return n;
	snprintf(buf, len, "E%d", e);
	return buf;
}

/* Width of the integer attributes (0: binary, string, or reject). */
static unsigned int attr_width(unsigned int type)
{
	switch (type) {
	case L2TPSEC_A_SA_DIR: case L2TPSEC_A_SA_ALG: case L2TPSEC_A_SA_ENCAP:
	case L2TPSEC_A_SA_ESN: case L2TPSEC_A_TUNNEL_VERSION:
	case L2TPSEC_A_TUNNEL_ESP_REQUIRED: case L2TPSEC_A_SESSION_L2SPEC:
	case L2TPSEC_A_SESSION_SEND_SEQ: case L2TPSEC_A_SESSION_RECV_SEQ:
	case L2TPSEC_A_SA_STATE: case L2TPSEC_A_SA_EXPIRE_KIND:
	case L2TPSEC_A_SA_EXPIRE_HARD:
		return 1;
	case L2TPSEC_A_SA_ENCAP_LOCAL_PORT: case L2TPSEC_A_SA_ENCAP_PEER_PORT:
	case L2TPSEC_A_ENCAP_PORT: case L2TPSEC_A_TUNNEL_LOCAL_PORT:
	case L2TPSEC_A_TUNNEL_PEER_PORT: case L2TPSEC_A_SESSION_PW_TYPE:
		return 2;
	case L2TPSEC_A_SA_SPI: case L2TPSEC_A_SA_REPLAY_WINDOW:
	case L2TPSEC_A_SA_LIFE_SOFT_SECONDS: case L2TPSEC_A_SA_LIFE_HARD_SECONDS:
	case L2TPSEC_A_ENCAP_FD: case L2TPSEC_A_ENCAP_USERS:
	case L2TPSEC_A_TUNNEL_ID: case L2TPSEC_A_TUNNEL_PEER_ID:
	case L2TPSEC_A_TUNNEL_SA_OUT: case L2TPSEC_A_SESSION_ID:
	case L2TPSEC_A_SESSION_PEER_ID: case L2TPSEC_A_SESSION_IFINDEX:
	case L2TPSEC_A_SESSION_MTU: case L2TPSEC_A_LOCAL_IP4:
	case L2TPSEC_A_PEER_IP4:
		return 4;
	case L2TPSEC_A_SA_SEQ: case L2TPSEC_A_SA_LIFE_SOFT_BYTES:
	case L2TPSEC_A_SA_LIFE_HARD_BYTES: case L2TPSEC_A_SA_LIFE_SOFT_PACKETS:
	case L2TPSEC_A_SA_LIFE_HARD_PACKETS: case L2TPSEC_A_SA_AGE:
		return 8;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------ algorithms */

static const struct { uint8_t enc, auth; } alg_keys[L2TPSEC_ALG_MAX + 1] = {
	[L2TPSEC_ALG_AES_GCM_128] = { 20, 0 },
	[L2TPSEC_ALG_AES_GCM_256] = { 36, 0 },
	[L2TPSEC_ALG_CHACHA20_POLY1305] = { 36, 0 },
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1] = { 16, 20 },
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1] = { 32, 20 },
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256] = { 16, 32 },
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256] = { 32, 32 },
	[L2TPSEC_ALG_3DES_CBC_HMAC_SHA1] = { 24, 20 },
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96] = { 16, 32 },
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96] = { 32, 32 },
};

/* ------------------------------------------------------------ model */

struct m_sa {
	uint32_t spi;
	uint8_t dir, encap;
	uint32_t peer;		/* network order */
};

struct m_tun {
	uint32_t id;
	uint8_t ver;
	uint32_t peer;
};

struct m_ses {
	uint32_t tid, sid;
};

struct owner {
	int fd;			/* -1: none */
	uint16_t port;		/* bound port, 0 if bind failed */
};

static struct {
	struct m_sa sa[MODEL_SA];
	int n_sa;
	struct m_tun tun[MODEL_TUN];
	int n_tun;
	struct m_ses ses[MODEL_SES];
	int n_ses;
	uint16_t encap[MODEL_ENCAP];
	int n_encap;
	struct owner own[N_OWNERS];
	int bad_fd[6];
	int n_bad_fd;
	uint32_t local, peer, peer2;
} M;

static void model_add_sa(uint32_t spi, uint8_t dir, uint8_t encap,
			 uint32_t peer)
{
	if (M.n_sa < MODEL_SA)
		M.sa[M.n_sa++] = (struct m_sa){ spi, dir, encap, peer };
}

static void model_del_sa(uint32_t spi, uint8_t dir)
{
	for (int i = 0; i < M.n_sa; i++)
		if (M.sa[i].spi == spi && M.sa[i].dir == dir) {
			M.sa[i] = M.sa[--M.n_sa];
			return;
		}
}

static void model_del_tun(uint32_t id)
{
	for (int i = 0; i < M.n_tun; i++)
		if (M.tun[i].id == id) {
			M.tun[i] = M.tun[--M.n_tun];
			break;
		}
	for (int i = 0; i < M.n_ses; i++)
		if (M.ses[i].tid == id)
			M.ses[i--] = M.ses[--M.n_ses];
}

static void model_del_ses(uint32_t tid, uint32_t sid)
{
	for (int i = 0; i < M.n_ses; i++)
		if (M.ses[i].tid == tid && M.ses[i].sid == sid) {
			M.ses[i] = M.ses[--M.n_ses];
			return;
		}
}

static void model_del_encap(uint16_t port)
{
	for (int i = 0; i < M.n_encap; i++)
		if (M.encap[i] == port) {
			M.encap[i] = M.encap[--M.n_encap];
			return;
		}
}

static struct m_tun *model_tun(uint32_t id)
{
	for (int i = 0; i < M.n_tun; i++)
		if (M.tun[i].id == id)
			return &M.tun[i];
	return NULL;
}

/* ------------------------------------------------------------ requests */

struct fattr {
	uint16_t type;		/* with NLA_F_* flags */
	int fake_len;		/* nla_len to write instead of the real one, -1 */
	uint16_t len;
	uint8_t data[MAX_ALEN];
};

struct req {
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
	uint16_t flags;
	uint16_t type;		/* 0: the family */
	int n;
	struct fattr a[MAX_ATTRS];
	int cut;		/* send only this many bytes, -1 */
	int fake_nlmsg_len;	/* -1 */
	bool maybe_silent;	/* the kernel may not answer at all */
	char how[96];		/* what was done, for the report */
	/* valid-mode effect on the model, applied on success */
	enum { FX_NONE, FX_SA_NEW, FX_SA_DEL, FX_ENCAP_NEW, FX_ENCAP_DEL,
	       FX_TUN_NEW, FX_TUN_DEL, FX_SES_NEW, FX_SES_DEL } fx;
	uint32_t fx_a, fx_b, fx_c;
	uint8_t fx_d, fx_e;
};

static struct req R;

static void req_init(uint8_t cmd)
{
	R.cmd = cmd;
	R.version = L2TPSEC_GENL_VERSION;
	R.reserved = 0;
	R.flags = NLM_F_REQUEST | NLM_F_ACK;
	R.type = 0;
	R.n = 0;
	R.cut = -1;
	R.fake_nlmsg_len = -1;
	R.maybe_silent = false;
	R.how[0] = '\0';
	R.fx = FX_NONE;
}

static void how(const char *s)
{
	size_t l = strlen(R.how);

	snprintf(R.how + l, sizeof(R.how) - l, "%s%s", l ? "," : "", s);
}

static struct fattr *add(uint16_t type, const void *data, size_t len)
{
	struct fattr *a;

	if (R.n >= MAX_ATTRS)
		return NULL;
	if (len > MAX_ALEN)
		len = MAX_ALEN;
	a = &R.a[R.n++];
	a->type = type;
	a->fake_len = -1;
	a->len = (uint16_t)len;
	if (len)
		memcpy(a->data, data, len);
	return a;
}

static void add_u8(uint16_t t, uint8_t v) { add(t, &v, 1); }
static void add_u16(uint16_t t, uint16_t v) { add(t, &v, 2); }
static void add_u32(uint16_t t, uint32_t v) { add(t, &v, 4); }
static void add_u64(uint16_t t, uint64_t v) { add(t, &v, 8); }
static void add_ip(uint16_t t, uint32_t be) { add(t, &be, 4); }

static void add_rnd(uint16_t t, size_t len)
{
	struct fattr *a = add(t, NULL, 0);

	if (!a)
		return;
	if (len > MAX_ALEN)
		len = MAX_ALEN;
	a->len = (uint16_t)len;
	rnd_bytes(a->data, len);
}

/* Serialise R into @buf; returns the number of bytes to send. */
static size_t req_build(uint8_t *buf, uint16_t family, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	for (int i = 0; i < R.n; i++) {
		struct fattr *a = &R.a[i];
		struct nlattr *h = (struct nlattr *)(buf + off);
		size_t tot = NLA_HDRLEN + a->len;

		h->nla_len = a->fake_len >= 0 ? (uint16_t)a->fake_len :
						(uint16_t)tot;
		h->nla_type = a->type;
		memcpy(buf + off + NLA_HDRLEN, a->data, a->len);
		memset(buf + off + tot, 0, NLA_ALIGN(tot) - tot);
		off += NLA_ALIGN(tot);
	}
	if (R.cut >= 0 && (size_t)R.cut < off)
		off = (size_t)R.cut;
	nlh->nlmsg_len = R.fake_nlmsg_len >= 0 ? (uint32_t)R.fake_nlmsg_len :
						 (uint32_t)off;
	nlh->nlmsg_type = R.type ? R.type : family;
	nlh->nlmsg_flags = R.flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	g->cmd = R.cmd;
	g->version = R.version;
	g->reserved = R.reserved;
	return off;
}

/* ------------------------------------------------------------ valid requests */

static uint32_t pick_spi(void)
{
	if (chance(3))
		return (uint32_t)interesting(4);
	return 0x1000 + below(160);
}

static struct m_sa *pick_sa(int dir)
{
	int idx[MODEL_SA], n = 0;

	for (int i = 0; i < M.n_sa; i++)
		if (!dir || M.sa[i].dir == dir)
			idx[n++] = i;
	return n ? &M.sa[idx[below(n)]] : NULL;
}

static uint32_t pick_peer(void)
{
	return chance(90) ? M.peer : M.peer2;
}

static uint16_t pick_encap_port(void)
{
	if (M.n_encap && chance(70))
		return M.encap[below(M.n_encap)];
	return (uint16_t)(4500 + below(8));
}

static uint32_t pick_tid(void)
{
	if (M.n_tun && chance(75))
		return M.tun[below(M.n_tun)].id;
	return chance(5) ? (uint32_t)interesting(4) : 1 + below(48);
}

static void build_sa_new(void)
{
	uint8_t alg = (uint8_t)(1 + below(L2TPSEC_ALG_MAX));
	uint8_t dir = (uint8_t)(1 + below(2));
	uint8_t key[64];
	uint32_t spi = pick_spi(), peer = pick_peer();
	bool udp = chance(40);

	add_u32(L2TPSEC_A_SA_SPI, spi);
	add_u8(L2TPSEC_A_SA_DIR, dir);
	add_ip(L2TPSEC_A_LOCAL_IP4, M.local);
	add_ip(L2TPSEC_A_PEER_IP4, peer);
	add_u8(L2TPSEC_A_SA_ALG, alg);
	rnd_bytes(key, sizeof(key));
	add(L2TPSEC_A_SA_ENC_KEY, key, alg_keys[alg].enc);
	if (alg_keys[alg].auth)
		add(L2TPSEC_A_SA_AUTH_KEY, key + 32 - alg_keys[alg].auth / 2,
		    alg_keys[alg].auth);
	if (udp) {
		add_u8(L2TPSEC_A_SA_ENCAP, L2TPSEC_ENCAP_UDP);
		if (chance(70))
			add_u16(L2TPSEC_A_SA_ENCAP_LOCAL_PORT, pick_encap_port());
		if (chance(50))
			add_u16(L2TPSEC_A_SA_ENCAP_PEER_PORT,
				(uint16_t)(chance(80) ? 4500 : 1 + below(65535)));
	} else if (chance(20)) {
		add_u8(L2TPSEC_A_SA_ENCAP, L2TPSEC_ENCAP_NONE);
	}
	if (dir == L2TPSEC_DIR_IN && chance(40))
		add_u32(L2TPSEC_A_SA_REPLAY_WINDOW,
			chance(80) ? below(L2TPSEC_REPLAY_WINDOW_MAX + 1) :
				     L2TPSEC_REPLAY_WINDOW_MAX);
	if (chance(30)) {
		bool esn = chance(50);

		add_u8(L2TPSEC_A_SA_ESN, esn);
		if (chance(50))
			add_u64(L2TPSEC_A_SA_SEQ,
				esn ? rnd() >> 1 : rnd() & 0xffffffffULL);
	}
	if (chance(30)) {
		/* small limits too: the SA expires while in use */
		bool small = chance(40);
		uint64_t hb = 1 + (small ? below(3000) : rnd() >> 8);
		uint64_t hp = 1 + (small ? below(4) : rnd() >> 40);
		uint32_t hs = 1 + (small ? below(3) : below(100000));

		add_u64(L2TPSEC_A_SA_LIFE_HARD_BYTES, hb);
		add_u64(L2TPSEC_A_SA_LIFE_SOFT_BYTES, hb / 2);
		add_u64(L2TPSEC_A_SA_LIFE_HARD_PACKETS, hp);
		add_u64(L2TPSEC_A_SA_LIFE_SOFT_PACKETS, hp / 2);
		add_u32(L2TPSEC_A_SA_LIFE_HARD_SECONDS, hs);
		add_u32(L2TPSEC_A_SA_LIFE_SOFT_SECONDS, hs / 2);
	}
	R.fx = FX_SA_NEW;
	R.fx_a = spi;
	R.fx_d = dir;
	R.fx_e = udp;
	R.fx_b = peer;
}

static void add_sa_id(int dir)
{
	struct m_sa *sa = chance(80) ? pick_sa(dir) : NULL;

	if (sa) {
		add_u32(L2TPSEC_A_SA_SPI, sa->spi);
		add_u8(L2TPSEC_A_SA_DIR, sa->dir);
	} else {
		add_u32(L2TPSEC_A_SA_SPI, pick_spi());
		add_u8(L2TPSEC_A_SA_DIR, (uint8_t)(1 + below(2)));
	}
}

static uint32_t spi_of(int dir)
{
	struct m_sa *sa = pick_sa(dir);

	return sa && chance(85) ? sa->spi : pick_spi();
}

static void build_tunnel_new(void)
{
	uint8_t ver = (uint8_t)(2 + below(2));
	uint32_t id = chance(90) ? 1 + below(48) : (uint32_t)interesting(4);
	uint32_t peer = pick_peer();

	add_u32(L2TPSEC_A_TUNNEL_ID, id);
	add_u32(L2TPSEC_A_TUNNEL_PEER_ID, chance(90) ? 1 + below(1000) :
						      (uint32_t)interesting(4));
	add_u8(L2TPSEC_A_TUNNEL_VERSION, ver);
	add_ip(L2TPSEC_A_LOCAL_IP4, M.local);
	add_ip(L2TPSEC_A_PEER_IP4, peer);
	if (chance(40))
		add_u16(L2TPSEC_A_TUNNEL_LOCAL_PORT, (uint16_t)(1701 + below(4)));
	if (chance(30))
		add_u16(L2TPSEC_A_TUNNEL_PEER_PORT, (uint16_t)(1701 + below(4)));
	if (chance(60))
		add_u32(L2TPSEC_A_TUNNEL_SA_OUT, chance(10) ? 0 :
				spi_of(L2TPSEC_DIR_OUT));
	if (chance(40)) {
		uint32_t spis[L2TPSEC_TUNNEL_SA_IN_MAX];
		unsigned int n = below(L2TPSEC_TUNNEL_SA_IN_MAX + 1);

		for (unsigned int i = 0; i < n; i++)
			spis[i] = spi_of(L2TPSEC_DIR_IN);
		add(L2TPSEC_A_TUNNEL_SA_IN, spis, n * 4);
	}
	if (chance(40))
		add_u8(L2TPSEC_A_TUNNEL_ESP_REQUIRED, (uint8_t)below(2));
	R.fx = FX_TUN_NEW;
	R.fx_a = id;
	R.fx_d = ver;
	R.fx_b = peer;
}

static void build_tunnel_set(void)
{
	add_u32(L2TPSEC_A_TUNNEL_ID, pick_tid());
	if (chance(50))
		add_u32(L2TPSEC_A_TUNNEL_SA_OUT, chance(15) ? 0 :
				spi_of(L2TPSEC_DIR_OUT));
	if (chance(40)) {
		uint32_t spis[L2TPSEC_TUNNEL_SA_IN_MAX];
		unsigned int n = below(L2TPSEC_TUNNEL_SA_IN_MAX + 1);

		for (unsigned int i = 0; i < n; i++)
			spis[i] = spi_of(L2TPSEC_DIR_IN);
		add(L2TPSEC_A_TUNNEL_SA_IN, spis, n * 4);
	}
	if (chance(30))
		add_u8(L2TPSEC_A_TUNNEL_ESP_REQUIRED, (uint8_t)below(2));
	if (chance(25))
		add_ip(L2TPSEC_A_PEER_IP4, pick_peer());
}

static void build_session_new(void)
{
	uint32_t tid = pick_tid(), sid;
	struct m_tun *t = model_tun(tid);
	uint8_t ver = t ? t->ver : (uint8_t)(2 + below(2));
	char name[16];

	sid = chance(90) ? 1 + below(40) : (uint32_t)interesting(4);
	add_u32(L2TPSEC_A_TUNNEL_ID, tid);
	add_u32(L2TPSEC_A_SESSION_ID, sid);
	add_u32(L2TPSEC_A_SESSION_PEER_ID, chance(90) ? 1 + below(1000) :
						       (uint32_t)interesting(4));
	if (chance(50)) {
		if (chance(50))
			snprintf(name, sizeof(name), "nlf%%d");
		else
			snprintf(name, sizeof(name), "nlf%u", below(8));
		add(L2TPSEC_A_SESSION_IFNAME, name, strlen(name) + 1);
	}
	if (chance(30))
		add_u16(L2TPSEC_A_SESSION_PW_TYPE, ver == 3 ? L2TPSEC_PWTYPE_ETH :
							      L2TPSEC_PWTYPE_PPP);
	if (ver == 3) {
		uint8_t c[8];

		rnd_bytes(c, sizeof(c));
		if (chance(40))
			add(L2TPSEC_A_SESSION_COOKIE, c, 4 * below(3));
		if (chance(40))
			add(L2TPSEC_A_SESSION_PEER_COOKIE, c, 4 * below(3));
		if (chance(30))
			add_u8(L2TPSEC_A_SESSION_L2SPEC, (uint8_t)below(2));
	}
	if (chance(30))
		add_u8(L2TPSEC_A_SESSION_SEND_SEQ, (uint8_t)below(2));
	if (chance(30))
		add_u8(L2TPSEC_A_SESSION_RECV_SEQ, (uint8_t)below(2));
	if (chance(30))
		add_u32(L2TPSEC_A_SESSION_MTU, chance(70) ? 576 + below(1000) :
					       (uint32_t)interesting(4));
	R.fx = FX_SES_NEW;
	R.fx_a = tid;
	R.fx_b = sid;
}

static void add_session_id(void)
{
	if (M.n_ses && chance(80)) {
		struct m_ses *s = &M.ses[below(M.n_ses)];

		add_u32(L2TPSEC_A_TUNNEL_ID, s->tid);
		add_u32(L2TPSEC_A_SESSION_ID, s->sid);
	} else {
		add_u32(L2TPSEC_A_TUNNEL_ID, pick_tid());
		add_u32(L2TPSEC_A_SESSION_ID, 1 + below(40));
	}
}

/* An owner socket: open (and bind) it if needed. */
static struct owner *owner_get(unsigned int i)
{
	struct owner *o = &M.own[i];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int one = 1;

	if (o->fd >= 0)
		return o;
	o->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	o->port = 0;
	if (o->fd < 0)
		return o;
	if (chance(50))
		setsockopt(o->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin.sin_port = htons((uint16_t)(4500 + i));
	if (bind(o->fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		o->port = (uint16_t)(4500 + i);
	return o;
}

static void build_encap_new(int nl_fd)
{
	if (chance(50)) {
		uint16_t port = (uint16_t)(chance(90) ? 4500 + below(8) :
					   interesting(2));

		add_u16(L2TPSEC_A_ENCAP_PORT, port);
		R.fx = FX_ENCAP_NEW;
		R.fx_a = port;
		return;
	}
	if (chance(80)) {
		struct owner *o = owner_get(below(N_OWNERS));

		add_u32(L2TPSEC_A_ENCAP_FD, (uint32_t)o->fd);
		R.fx = FX_ENCAP_NEW;
		R.fx_a = o->port;
		return;
	}
	/* not a usable UDP socket */
	if (chance(20))
		add_u32(L2TPSEC_A_ENCAP_FD, (uint32_t)nl_fd);
	else if (chance(70) && M.n_bad_fd)
		add_u32(L2TPSEC_A_ENCAP_FD, (uint32_t)M.bad_fd[below(M.n_bad_fd)]);
	else
		add_u32(L2TPSEC_A_ENCAP_FD, (uint32_t)interesting(4));
}

static void build_payload(bool ctrl, uint8_t ver)
{
	uint8_t p[600];
	size_t len;

	if (chance(5)) {
		/* the limits */
		len = chance(50) ? L2TPSEC_PAYLOAD_MAX : L2TPSEC_PAYLOAD_MAX + 1;
		add_rnd(L2TPSEC_A_PAYLOAD, len);
		return;
	}
	len = ctrl ? 12 + below(200) : 2 + below(300);
	rnd_bytes(p, len);
	if (ctrl) {
		/* T, L, S bits and the version; Length; ids; Ns, Nr */
		p[0] = 0xc8;
		p[1] = ver;
		p[2] = (uint8_t)(len >> 8);
		p[3] = (uint8_t)len;
	} else {
		static const uint16_t protos[] = { 0xc021, 0x8021, 0xc023,
						   0xc223, 0x0021, 0x80fd };
		uint16_t pr = protos[below(6)];

		p[0] = (uint8_t)(pr >> 8);
		p[1] = (uint8_t)pr;
	}
	add(L2TPSEC_A_PAYLOAD, p, len);
}

/* A valid request for R.cmd (for the event-only and unknown numbers:
 * something plausible all the same).
 */
static void build_valid(int nl_fd)
{
	switch (R.cmd) {
	case L2TPSEC_CMD_SA_NEW:
		build_sa_new();
		break;
	case L2TPSEC_CMD_SA_DEL:
		add_sa_id(0);
		R.fx = FX_SA_DEL;
		memcpy(&R.fx_a, R.a[0].data, 4);
		R.fx_d = R.a[1].data[0];
		break;
	case L2TPSEC_CMD_SA_GET:
	case L2TPSEC_CMD_SA_EXPIRE:
	case L2TPSEC_CMD_SA_MAPPING:
		add_sa_id(0);
		break;
	case L2TPSEC_CMD_SA_SET: {
		struct m_sa *sa = pick_sa(0);

		add_sa_id(0);
		if (chance(60) || !(sa && sa->encap))
			add_ip(L2TPSEC_A_PEER_IP4, pick_peer());
		if (chance(50))
			add_u16(L2TPSEC_A_SA_ENCAP_PEER_PORT,
				(uint16_t)(4500 + below(3)));
		break;
	}
	case L2TPSEC_CMD_ENCAP_NEW:
		build_encap_new(nl_fd);
		break;
	case L2TPSEC_CMD_ENCAP_DEL:
	case L2TPSEC_CMD_ENCAP_GET: {
		uint16_t port = pick_encap_port();

		add_u16(L2TPSEC_A_ENCAP_PORT, port);
		if (R.cmd == L2TPSEC_CMD_ENCAP_DEL) {
			R.fx = FX_ENCAP_DEL;
			R.fx_a = port;
		}
		break;
	}
	case L2TPSEC_CMD_TUNNEL_NEW:
		build_tunnel_new();
		break;
	case L2TPSEC_CMD_TUNNEL_SET:
		build_tunnel_set();
		break;
	case L2TPSEC_CMD_TUNNEL_DEL:
	case L2TPSEC_CMD_TUNNEL_GET: {
		uint32_t id = pick_tid();

		add_u32(L2TPSEC_A_TUNNEL_ID, id);
		if (R.cmd == L2TPSEC_CMD_TUNNEL_DEL) {
			R.fx = FX_TUN_DEL;
			R.fx_a = id;
		}
		break;
	}
	case L2TPSEC_CMD_SESSION_NEW:
		build_session_new();
		break;
	case L2TPSEC_CMD_SESSION_DEL:
	case L2TPSEC_CMD_SESSION_GET:
	case L2TPSEC_CMD_PPP_SEND:
	case L2TPSEC_CMD_PPP_RECV:
		add_session_id();
		if (R.cmd == L2TPSEC_CMD_SESSION_DEL) {
			R.fx = FX_SES_DEL;
			memcpy(&R.fx_a, R.a[0].data, 4);
			memcpy(&R.fx_b, R.a[1].data, 4);
		}
		if (R.cmd == L2TPSEC_CMD_PPP_SEND || R.cmd == L2TPSEC_CMD_PPP_RECV)
			build_payload(false, 2);
		break;
	case L2TPSEC_CMD_CTRL_SEND:
	case L2TPSEC_CMD_CTRL_RECV: {
		uint32_t id = pick_tid();
		struct m_tun *t = model_tun(id);

		add_u32(L2TPSEC_A_TUNNEL_ID, id);
		build_payload(true, t && chance(90) ? t->ver :
				    (uint8_t)(2 + below(2)));
		break;
	}
	case L2TPSEC_CMD_STATS_GET:
	default:
		break;
	}
}

/* ------------------------------------------------------------ mutations */

static void random_attrs(void)
{
	unsigned int n = below(12);

	for (unsigned int i = 0; i < n; i++) {
		uint16_t t = (uint16_t)below(L2TPSEC_A_MAX + 9);
		size_t len;

		if (chance(10))
			t |= chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		switch (below(5)) {
		case 0: len = 0; break;
		case 1: len = 1 << below(4); break;
		case 2: len = attr_width(t & NLA_TYPE_MASK); break;
		case 3: len = below(80); break;
		default: len = below(24); break;
		}
		add_rnd(t, len);
	}
}

static void mutate_one(void)
{
	struct fattr *a = R.n ? &R.a[below(R.n)] : NULL;
	unsigned int w;

	switch (below(16)) {
	case 0: /* flip bytes */
		if (!a || !a->len)
			goto add_unknown;
		for (unsigned int k = 1 + below(3); k; k--)
			a->data[below(a->len)] ^= (uint8_t)(1u << below(8));
		how("flip");
		break;
	case 1: /* payload shorter, empty or longer */
		if (!a)
			goto add_unknown;
		if (chance(40))
			a->len = a->len ? (uint16_t)below(a->len) : 0;
		else if (chance(30))
			a->len = 0;
		else {
			uint16_t nl = (uint16_t)(a->len + 1 + below(chance(90) ? 16 : 300));

			if (nl > MAX_ALEN)
				nl = MAX_ALEN;
			rnd_bytes(a->data + a->len, nl - a->len);
			a->len = nl;
		}
		how("len");
		break;
	case 2: /* nla_len inconsistent with the bytes */
		if (!a)
			goto add_unknown;
		switch (below(5)) {
		case 0: a->fake_len = 0; break;
		case 1: a->fake_len = (int)below(NLA_HDRLEN); break;
		case 2: a->fake_len = NLA_HDRLEN + a->len + 1 + 2 * (int)below(4); break;
		case 3: a->fake_len = NLA_HDRLEN + a->len + 4 + (int)below(2000); break;
		default: a->fake_len = NLA_HDRLEN + (a->len ? (int)below(a->len) : 0); break;
		}
		how("nla_len");
		break;
	case 3: /* duplicate */
		if (!a || R.n >= MAX_ATTRS)
			goto add_unknown;
		R.a[R.n++] = *a;
		how("dup");
		break;
	case 4: /* drop */
		if (!a)
			goto add_unknown;
		*a = R.a[--R.n];
		how("drop");
		break;
	case 5: /* reorder */
		for (int i = R.n - 1; i > 0; i--) {
			int j = (int)below((uint32_t)i + 1);
			struct fattr t;

			if (i == j)
				continue;
			memcpy(&t, &R.a[i], sizeof(t));
			memcpy(&R.a[i], &R.a[j], sizeof(t));
			memcpy(&R.a[j], &t, sizeof(t));
		}
		how("shuffle");
		break;
	case 6:
add_unknown: { /* unknown, reserved, read-only or UNSPEC/PAD type */
		static const uint16_t ts[] = {
			L2TPSEC_A_UNSPEC, L2TPSEC_A_PAD, L2TPSEC_A_MAX + 1,
			L2TPSEC_A_MAX + 2, 0x3fff, L2TPSEC_A_SA_STATE,
			L2TPSEC_A_SA_AGE, L2TPSEC_A_STATS, L2TPSEC_A_ENCAP_USERS,
			L2TPSEC_A_SESSION_IFINDEX, L2TPSEC_A_SA_DRIVER,
			L2TPSEC_A_SA_EXPIRE_KIND, L2TPSEC_A_SA_EXPIRE_HARD,
			L2TPSEC_A_LOCAL_IP6, L2TPSEC_A_PEER_IP6,
		};
		uint16_t t = ts[below(sizeof(ts) / sizeof(ts[0]))];

		add_rnd(t, t == L2TPSEC_A_LOCAL_IP6 || t == L2TPSEC_A_PEER_IP6 ?
			   16 : below(12));
		how("type");
		break;
	}
	case 7: /* flags in nla_type */
		if (!a)
			goto add_unknown;
		a->type |= chance(60) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		how("nla_flag");
		break;
	case 8: /* nested garbage */
		if (!a)
			goto add_unknown;
		{
			uint8_t *p = a->data;
			unsigned int k = 1 + below(4);

			a->len = 0;
			while (k-- && a->len + 12 <= 200) {
				struct nlattr *h = (struct nlattr *)(p + a->len);
				uint16_t pl = (uint16_t)below(8);

				h->nla_len = (uint16_t)(NLA_HDRLEN + pl);
				h->nla_type = (uint16_t)below(L2TPSEC_A_MAX + 3);
				rnd_bytes(p + a->len + NLA_HDRLEN, pl);
				a->len = (uint16_t)(a->len + NLA_ALIGN(NLA_HDRLEN + pl));
			}
			if (chance(70))
				a->type |= NLA_F_NESTED;
		}
		how("nest");
		break;
	case 9: /* cut the message short */
		if (chance(20)) {
			R.cut = NLMSG_HDRLEN + (int)below(GENL_HDRLEN);
			how("cut_genl");
		} else {
			size_t total = NLMSG_HDRLEN + GENL_HDRLEN;

			for (int i = 0; i < R.n; i++)
				total += NLA_ALIGN(NLA_HDRLEN + R.a[i].len);
			R.cut = NLMSG_HDRLEN + GENL_HDRLEN +
				(int)below((uint32_t)(total - NLMSG_HDRLEN - GENL_HDRLEN + 1));
			how("cut");
		}
		break;
	case 10: /* genl version and reserved */
		R.version = (uint8_t)rnd();
		if (chance(50))
			R.reserved = (uint16_t)rnd();
		how("genl_ver");
		break;
	case 11: { /* nlmsg flags */
		static const uint16_t fl[] = {
			NLM_F_DUMP, NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
			NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND,
			NLM_F_REPLACE, NLM_F_MULTI, 0x1000, 0x8000,
		};

		R.flags |= fl[below(sizeof(fl) / sizeof(fl[0]))];
		if (chance(30))
			R.flags |= fl[below(sizeof(fl) / sizeof(fl[0]))];
		if (chance(8)) {
			R.flags &= (uint16_t)~(chance(50) ? NLM_F_ACK : NLM_F_REQUEST);
			R.maybe_silent = true;
		}
		how("nlflags");
		break;
	}
	case 12: /* nlmsg_len wrong */
		R.maybe_silent = true;
		if (chance(50))
			R.fake_nlmsg_len = (int)below(NLMSG_HDRLEN);
		else
			R.fake_nlmsg_len = 0x10000 + (int)below(1000);
		how("nlmsg_len");
		break;
	case 13: /* not a family message: control types are acked as is */
		R.type = (uint16_t)(1 + below(4));
		how("nlmsg_type");
		break;
	default: /* edge values for an integer attribute */
		if (!a)
			goto add_unknown;
		w = attr_width(a->type & NLA_TYPE_MASK);
		if (!w)
			w = 1u << below(4);
		{
			uint64_t v = interesting(w);

			memcpy(a->data, &v, w);
			a->len = (uint16_t)w;
		}
		how("value");
		break;
	}
}

/* ------------------------------------------------------------ netlink */

struct stats_cell {
	uint64_t sent, ok, silent;
	uint64_t err[NERRNO];
	uint64_t noext[NERRNO];
};

static struct stats_cell ST[NCMD][2];	/* [cmd][dump] */

struct example {
	uint8_t cmd, dump;
	int err;
	uint64_t iter;
	char how[96];
	char hex[2 * 64 + 1];
};

static struct example EX[MAX_EXAMPLES];
static int n_ex;

static struct {
	uint64_t msgs, replies, acks, errors, with_ext, without_ext, data,
		 dones, dumps, dump_objs, int_dumps, int_closed, silent,
		 bad, lost, stray, late, unpriv_bad, unpriv_ok, owner_closes, resyncs;
	uint64_t mode[4];
} C;

struct nl {
	struct mnl_socket *s;
	uint32_t portid, seq;
	uint16_t family;
};

static struct nl NL;
static uint8_t rbuf[RECV_BUF];
static uint8_t sbuf[MSG_BUF];
static bool unpriv, verbose, quiet;
static uint64_t iter;

struct result {
	bool done;
	int err;		/* positive errno, 0 = ACK/DONE ok */
	bool ext;		/* an NLMSGERR_ATTR_MSG came with it */
	char extmsg[128];
	int ndata;
	bool was_done;		/* ended by NLMSG_DONE */
};

/* The extack message of an error or DONE message, if any. */
static bool get_ext(const struct nlmsghdr *m, size_t hlen, char *out,
		    size_t outlen)
{
	const struct nlattr *a;

	if (!(m->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    m->nlmsg_len < NLMSG_HDRLEN + hlen)
		return false;
	mnl_attr_for_each(a, m, hlen) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, outlen, "%s", mnl_attr_get_str(a));
			return true;
		}
	}
	return false;
}

/* Model from a dump reply (resync). */
static void model_from_reply(const struct nlmsghdr *m)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(m);
	const struct nlattr *tb[L2TPSEC_A_MAX + 1] = { 0 };
	const struct nlattr *a;

	mnl_attr_for_each(a, m, GENL_HDRLEN) {
		uint16_t t = mnl_attr_get_type(a);

		if (t <= L2TPSEC_A_MAX)
			tb[t] = a;
	}
#define U32(t) (tb[t] && mnl_attr_get_payload_len(tb[t]) >= 4 ? mnl_attr_get_u32(tb[t]) : 0)
#define U16(t) (tb[t] && mnl_attr_get_payload_len(tb[t]) >= 2 ? mnl_attr_get_u16(tb[t]) : 0)
#define U8(t) (tb[t] && mnl_attr_get_payload_len(tb[t]) >= 1 ? mnl_attr_get_u8(tb[t]) : 0)
	switch (g->cmd) {
	case L2TPSEC_CMD_SA_GET:
		model_add_sa(U32(L2TPSEC_A_SA_SPI), U8(L2TPSEC_A_SA_DIR),
			     U8(L2TPSEC_A_SA_ENCAP), U32(L2TPSEC_A_PEER_IP4));
		break;
	case L2TPSEC_CMD_TUNNEL_GET:
		if (M.n_tun < MODEL_TUN)
			M.tun[M.n_tun++] = (struct m_tun){
				U32(L2TPSEC_A_TUNNEL_ID),
				U8(L2TPSEC_A_TUNNEL_VERSION),
				U32(L2TPSEC_A_PEER_IP4) };
		break;
	case L2TPSEC_CMD_SESSION_GET:
		if (M.n_ses < MODEL_SES)
			M.ses[M.n_ses++] = (struct m_ses){
				U32(L2TPSEC_A_TUNNEL_ID),
				U32(L2TPSEC_A_SESSION_ID) };
		break;
	case L2TPSEC_CMD_ENCAP_GET:
		if (M.n_encap < MODEL_ENCAP)
			M.encap[M.n_encap++] = U16(L2TPSEC_A_ENCAP_PORT);
		break;
	}
#undef U32
#undef U16
#undef U8
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Read answers on @s until the one that ends request @seq (an
 * NLMSG_ERROR or a DONE); answers to @seq go to @res, data of dumps to
 * the model when @resync. Returns 0, 1 when the answer to @stop_seq (if
 * not 0: a NOOP sent after @seq) came first, -1 on timeout / socket
 * error.
 */
static int await(struct mnl_socket *s, uint32_t portid, uint32_t seq,
		 uint32_t stop_seq, uint16_t family, struct result *res,
		 bool resync)
{
	int64_t deadline = now_ms() + REPLY_TIMEOUT_MS;

	for (;;) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(s), .events = POLLIN };
		int64_t left = deadline - now_ms();
		const struct nlmsghdr *m;
		ssize_t n;
		int len;

		if (left <= 0)
			return -1;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recv(pfd.fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "%s: recv: %s\n", prog, strerror(errno));
			return -1;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)rbuf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			C.replies++;
			if (stop_seq && m->nlmsg_pid == portid &&
			    m->nlmsg_seq == stop_seq &&
			    m->nlmsg_type == NLMSG_ERROR)
				return 1;
			/* the rest of a dump given up earlier (its NOOP's
			 * answer overtook it): late, not wrong */
			if (m->nlmsg_pid == portid && m->nlmsg_seq < seq &&
			    (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == family)) {
				C.late++;
				continue;
			}
			if (m->nlmsg_pid != portid || m->nlmsg_seq != seq) {
				C.stray++;
				fprintf(stderr, "%s: iteration %llu: stray answer type %u seq %u (waiting for %u)\n",
					prog, (unsigned long long)iter,
					m->nlmsg_type, m->nlmsg_seq, seq);
				continue;
			}
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);
				size_t hlen = sizeof(*e);

				if (m->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
					C.bad++;
					res->done = true;
					return 0;
				}
				if (!(m->nlmsg_flags & NLM_F_CAPPED) &&
				    e->msg.nlmsg_len >= NLMSG_HDRLEN)
					hlen += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
				res->err = -e->error;
				res->ext = e->error &&
					   get_ext(m, hlen, res->extmsg,
						   sizeof(res->extmsg));
				res->done = true;
				if (e->error > 0 || -e->error >= 4096)
					C.bad++;
				return 0;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (mnl_nlmsg_get_payload_len(m) >= sizeof(int))
					memcpy(&err, mnl_nlmsg_get_payload(m), sizeof(int));
				res->err = -err;
				res->ext = err && get_ext(m, sizeof(int), res->extmsg,
							  sizeof(res->extmsg));
				res->done = true;
				res->was_done = true;
				if (err > 0)
					C.bad++;
				return 0;
			}
			if (m->nlmsg_type == family &&
			    mnl_nlmsg_get_payload_len(m) >= GENL_HDRLEN) {
				res->ndata++;
				C.data++;
				if (resync)
					model_from_reply(m);
				continue;
			}
			C.bad++;
			fprintf(stderr, "%s: iteration %llu: unexpected answer type %u flags 0x%x\n",
				prog, (unsigned long long)iter, m->nlmsg_type,
				m->nlmsg_flags);
		}
	}
}

static void hexdump(char *out, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";

	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * Expected errno of a request from a caller without CAP_NET_ADMIN, in
 * the order genl checks (6.1 genl_family_rcv_msg()): header length,
 * genl_header_check() (reserved field, nlmsg flags other than REQUEST,
 * ACK, ECHO and the DUMP pair: the family validates every command,
 * resv_start_op 0), the op, then the permission.
 */
static int unpriv_expect(size_t sent)
{
	uint16_t fl = R.flags;

	if (R.type)
		return 0;			/* control type: acked as is */
	if (sent < NLMSG_HDRLEN + GENL_HDRLEN)
		return EINVAL;
	if ((fl & NLM_F_DUMP) == NLM_F_DUMP)
		fl &= (uint16_t)~NLM_F_DUMP;
	if (R.reserved || (fl & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)))
		return EINVAL;
	if (!has_op(R.cmd))
		return EOPNOTSUPP;
	return EPERM;
}

/*
 * Send R, wait for its answer (and, when it may not be answered, for
 * the answer to a NOOP sent after it), account for it. Returns the
 * result.
 */
static struct result send_req(bool dump, bool resync)
{
	struct result res = { 0 };
	size_t len = req_build(sbuf, NL.family, ++NL.seq);
	uint32_t seq = NL.seq;
	struct stats_cell *st = &ST[R.cmd][dump];
	char b1[32], b2[32];

	C.msgs++;
	st->sent++;
	if (send(mnl_socket_get_fd(NL.s), sbuf, len, 0) < 0) {
		fprintf(stderr, "%s: send: %s\n", prog, strerror(errno));
		C.lost++;
		return res;
	}
	if (R.maybe_silent) {
		struct nlmsghdr noop = {
			.nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = NLMSG_NOOP,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = ++NL.seq,
		};
		struct result sync = { 0 };
		int r;

		send(mnl_socket_get_fd(NL.s), &noop, sizeof(noop), 0);
		/* everything for @seq comes before the NOOP's ACK */
		r = await(NL.s, NL.portid, seq, noop.nlmsg_seq, NL.family, &res,
			  resync);
		if (r == 0)
			r = await(NL.s, NL.portid, noop.nlmsg_seq, 0, NL.family,
				  &sync, false);
		if (r < 0) {
			C.lost++;
			fprintf(stderr, "%s: iteration %llu: no answer to the NOOP after %s (%s)\n",
				prog, (unsigned long long)iter,
				cmd_name(R.cmd, b1, sizeof(b1)), R.how);
			return res;
		}
		if (!res.done) {
			C.silent++;
			st->silent++;
		}
	} else if (await(NL.s, NL.portid, seq, 0, NL.family, &res, resync)) {
		C.lost++;
		fprintf(stderr, "%s: iteration %llu: no answer to %s (%s) within %d ms\n",
			prog, (unsigned long long)iter,
			cmd_name(R.cmd, b1, sizeof(b1)), R.how, REPLY_TIMEOUT_MS);
		return res;
	}
	if (!res.done)
		return res;
	if (res.err == 0) {
		st->ok++;
		C.acks++;
	} else {
		int e = res.err < NERRNO ? res.err : NERRNO - 1;

		C.errors++;
		st->err[e]++;
		if (res.ext) {
			C.with_ext++;
		} else {
			C.without_ext++;
			if (!st->noext[e]++ && n_ex < MAX_EXAMPLES) {
				struct example *x = &EX[n_ex++];

				x->cmd = R.cmd;
				x->dump = dump;
				x->err = res.err;
				x->iter = iter;
				snprintf(x->how, sizeof(x->how), "%s", R.how);
				hexdump(x->hex, sbuf, len);
			}
		}
	}
	if (unpriv) {
		int want = unpriv_expect(len);
		bool okay = res.err == want;

		if (!(R.flags & NLM_F_REQUEST))
			okay = res.err == 0;
		if (okay && res.err) {
			C.unpriv_ok++;
		} else if (!okay) {
			C.unpriv_bad++;
			fprintf(stderr, "%s: iteration %llu: UNPRIVILEGED %s (%s) got %s, want %s\n",
				prog, (unsigned long long)iter,
				cmd_name(R.cmd, b1, sizeof(b1)), R.how,
				errno_name(res.err, b2, sizeof(b2)),
				errno_name(want, b1, sizeof(b1)));
		}
	}
	if (verbose)
		printf("%llu %s%s [%s] -> %s%s%s\n", (unsigned long long)iter,
		       cmd_name(R.cmd, b1, sizeof(b1)), dump ? "(dump)" : "",
		       R.how, errno_name(res.err, b2, sizeof(b2)),
		       res.ext ? ": " : "", res.ext ? res.extmsg : "");
	return res;
}

/* ------------------------------------------------------------ actions */

static const uint8_t dump_cmds[] = {
	L2TPSEC_CMD_SA_GET, L2TPSEC_CMD_ENCAP_GET, L2TPSEC_CMD_TUNNEL_GET,
	L2TPSEC_CMD_SESSION_GET,
};

/* Full dump on the main socket (resync: the model from its replies). */
static struct result dump(uint8_t cmd, bool resync)
{
	struct result r;

	req_init(cmd);
	R.flags |= NLM_F_DUMP;
	how(resync ? "resync" : "dump");
	C.dumps++;
	r = send_req(true, resync);
	C.dump_objs += (uint64_t)r.ndata;
	return r;
}

static void resync(void)
{
	if (unpriv)
		return;
	C.resyncs++;
	M.n_sa = M.n_tun = M.n_ses = M.n_encap = 0;
	for (unsigned int i = 0; i < sizeof(dump_cmds); i++)
		dump(dump_cmds[i], true);
}

/* A valid delete of some existing object, on the main socket. */
static void delete_something(void)
{
	switch (below(3)) {
	case 0:
		if (!M.n_sa)
			return;
		req_init(L2TPSEC_CMD_SA_DEL);
		add_sa_id(0);
		break;
	case 1:
		if (!M.n_tun)
			return;
		req_init(L2TPSEC_CMD_TUNNEL_DEL);
		add_u32(L2TPSEC_A_TUNNEL_ID, M.tun[below(M.n_tun)].id);
		break;
	default:
		if (!M.n_ses)
			return;
		req_init(L2TPSEC_CMD_SESSION_DEL);
		add_session_id();
		break;
	}
	how("del_in_dump");
	send_req(false, false);
}

/*
 * A dump on a second socket, read 0 to 3 times (deletes on the main
 * socket in between), then either closed midway or read to its end.
 */
static void interrupted_dump(void)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);
	uint8_t cmd = dump_cmds[below(sizeof(dump_cmds))];
	struct nlmsghdr *nlh = (struct nlmsghdr *)sbuf;
	struct genlmsghdr *g;
	unsigned int reads = below(4);
	bool done = false;
	int one = 1;

	if (!s)
		return;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(s);
		return;
	}
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	C.int_dumps++;
	memset(sbuf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = NL.family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	g = (struct genlmsghdr *)(sbuf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = L2TPSEC_GENL_VERSION;
	if (send(mnl_socket_get_fd(s), sbuf, nlh->nlmsg_len, 0) < 0) {
		mnl_socket_close(s);
		return;
	}
	for (unsigned int i = 0; i < reads && !done; i++) {
		/* a small buffer: the dump goes on in pieces */
		uint8_t small[8192];
		struct pollfd pfd = { .fd = mnl_socket_get_fd(s), .events = POLLIN };
		const struct nlmsghdr *m;
		ssize_t n;
		int len;

		if (poll(&pfd, 1, 2000) <= 0)
			break;
		n = recv(pfd.fd, small, sizeof(small), MSG_DONTWAIT);
		if (n <= 0)
			break;
		len = (int)n;
		for (m = (const struct nlmsghdr *)small; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len))
			if (m->nlmsg_type == NLMSG_DONE ||
			    m->nlmsg_type == NLMSG_ERROR)
				done = true;
		if (chance(60))
			delete_something();
	}
	if (chance(30)) {
		struct result r = { 0 };

		if (!done &&
		    await(s, mnl_socket_get_portid(s), 1, 0, NL.family, &r, false) == 0 &&
		    r.err == 0)
			C.dump_objs += (uint64_t)r.ndata;
		/* an interrupted read may have eaten the DONE: no check */
	} else {
		C.int_closed++;
	}
	mnl_socket_close(s);
}

static void apply_fx(void)
{
	switch (R.fx) {
	case FX_SA_NEW:
		model_add_sa(R.fx_a, R.fx_d, R.fx_e, R.fx_b);
		break;
	case FX_SA_DEL:
		model_del_sa(R.fx_a, R.fx_d);
		break;
	case FX_ENCAP_NEW:
		if (R.fx_a && M.n_encap < MODEL_ENCAP)
			M.encap[M.n_encap++] = (uint16_t)R.fx_a;
		break;
	case FX_ENCAP_DEL:
		model_del_encap((uint16_t)R.fx_a);
		break;
	case FX_TUN_NEW:
		if (M.n_tun < MODEL_TUN)
			M.tun[M.n_tun++] = (struct m_tun){ R.fx_a, R.fx_d, R.fx_b };
		break;
	case FX_TUN_DEL:
		model_del_tun(R.fx_a);
		break;
	case FX_SES_NEW:
		if (M.n_ses < MODEL_SES)
			M.ses[M.n_ses++] = (struct m_ses){ R.fx_a, R.fx_b };
		break;
	case FX_SES_DEL:
		model_del_ses(R.fx_a, R.fx_b);
		break;
	case FX_NONE:
		break;
	}
}

static bool changes_state(uint8_t cmd)
{
	return cmd == L2TPSEC_CMD_SA_NEW || cmd == L2TPSEC_CMD_SA_DEL ||
	       cmd == L2TPSEC_CMD_SA_SET || cmd == L2TPSEC_CMD_ENCAP_NEW ||
	       cmd == L2TPSEC_CMD_ENCAP_DEL || cmd == L2TPSEC_CMD_TUNNEL_NEW ||
	       cmd == L2TPSEC_CMD_TUNNEL_SET || cmd == L2TPSEC_CMD_TUNNEL_DEL ||
	       cmd == L2TPSEC_CMD_SESSION_NEW || cmd == L2TPSEC_CMD_SESSION_DEL;
}

static uint8_t pick_cmd(void)
{
	unsigned int r = below(100);

	if (r < 4)
		return (uint8_t)(chance(50) ? below(NCMD) :
				 __L2TPSEC_CMD_MAX + below(8));
	if (r < 7) {
		static const uint8_t ev[] = {
			L2TPSEC_CMD_UNSPEC, L2TPSEC_CMD_SA_EXPIRE,
			L2TPSEC_CMD_CTRL_RECV, L2TPSEC_CMD_PPP_RECV,
			L2TPSEC_CMD_SA_MAPPING,
		};
		return ev[below(sizeof(ev))];
	}
	/* creations a bit more often, so that there is something to hit */
	if (r < 30) {
		static const uint8_t nw[] = {
			L2TPSEC_CMD_SA_NEW, L2TPSEC_CMD_SA_NEW,
			L2TPSEC_CMD_SA_NEW, L2TPSEC_CMD_ENCAP_NEW,
			L2TPSEC_CMD_TUNNEL_NEW, L2TPSEC_CMD_TUNNEL_NEW,
			L2TPSEC_CMD_SESSION_NEW,
		};
		return nw[below(sizeof(nw))];
	}
	for (;;) {
		uint8_t c = (uint8_t)(1 + below(L2TPSEC_CMD_MAX));

		if (has_op(c))
			return c;
	}
}

/* Keep the object counts bounded: creation beyond a cap deletes instead. */
static uint8_t cap_cmd(uint8_t cmd)
{
	if (cmd == L2TPSEC_CMD_SA_NEW && M.n_sa >= CAP_SA)
		return L2TPSEC_CMD_SA_DEL;
	if (cmd == L2TPSEC_CMD_TUNNEL_NEW && M.n_tun >= CAP_TUN)
		return L2TPSEC_CMD_TUNNEL_DEL;
	if (cmd == L2TPSEC_CMD_SESSION_NEW && M.n_ses >= CAP_SES)
		return L2TPSEC_CMD_SESSION_DEL;
	if (cmd == L2TPSEC_CMD_ENCAP_NEW && M.n_encap >= CAP_ENCAP)
		return L2TPSEC_CMD_ENCAP_DEL;
	return cmd;
}

static void one_iteration(void)
{
	unsigned int r = below(1000);
	struct result res;
	unsigned int mode;
	bool dumpflag;

	if (r < 15) {
		interrupted_dump();
		return;
	}
	if (r < 30) {
		dump(dump_cmds[below(sizeof(dump_cmds))], false);
		return;
	}
	if (r < 34) {
		/* the owner closes its socket behind the module's back */
		struct owner *o = &M.own[below(N_OWNERS)];

		if (o->fd >= 0) {
			close(o->fd);
			o->fd = -1;
			C.owner_closes++;
		}
		return;
	}

	req_init(cap_cmd(pick_cmd()));
	mode = below(100);
	if (mode < 45) {
		C.mode[0]++;
		how("valid");
		build_valid(mnl_socket_get_fd(NL.s));
	} else if (mode < 88) {
		C.mode[1]++;
		how("mut");
		build_valid(mnl_socket_get_fd(NL.s));
		R.fx = FX_NONE;
		for (unsigned int k = 1 + (chance(30) ? below(3) : 0); k; k--)
			mutate_one();
	} else {
		C.mode[2]++;
		how("random");
		random_attrs();
		if (chance(20))
			mutate_one();
	}
	dumpflag = (R.flags & NLM_F_DUMP) == NLM_F_DUMP;
	res = send_req(dumpflag, false);
	if (!res.done || res.err)
		return;
	if (R.fx != FX_NONE)
		apply_fx();
	else if (!dumpflag && changes_state(R.cmd))
		resync();
}

/* Delete everything there is; true when the namespace is empty. */
static bool flush(void)
{
	for (int round = 0; round < 3; round++) {
		resync();
		if (!M.n_sa && !M.n_tun && !M.n_encap)
			return true;
		for (int i = 0; i < M.n_tun; i++) {
			req_init(L2TPSEC_CMD_TUNNEL_DEL);
			how("flush");
			add_u32(L2TPSEC_A_TUNNEL_ID, M.tun[i].id);
			send_req(false, false);
		}
		for (int i = 0; i < M.n_sa; i++) {
			req_init(L2TPSEC_CMD_SA_DEL);
			how("flush");
			add_u32(L2TPSEC_A_SA_SPI, M.sa[i].spi);
			add_u8(L2TPSEC_A_SA_DIR, M.sa[i].dir);
			send_req(false, false);
		}
		for (int i = 0; i < M.n_encap; i++) {
			req_init(L2TPSEC_CMD_ENCAP_DEL);
			how("flush");
			add_u16(L2TPSEC_A_ENCAP_PORT, M.encap[i]);
			send_req(false, false);
		}
	}
	resync();
	return !M.n_sa && !M.n_tun && !M.n_encap;
}

/* ------------------------------------------------------------ setup */

static int resolve_family(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)sbuf;
	struct genlmsghdr *g;
	int64_t deadline = now_ms() + 5000;

	memset(sbuf, 0, 256);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++NL.seq;
	g = (struct genlmsghdr *)(sbuf + NLMSG_HDRLEN);
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, L2TPSEC_GENL_NAME);
	if (send(mnl_socket_get_fd(NL.s), sbuf, nlh->nlmsg_len, 0) < 0)
		return -1;
	while (now_ms() < deadline) {
		ssize_t n = recv(mnl_socket_get_fd(NL.s), rbuf, sizeof(rbuf), 0);
		const struct nlmsghdr *m;
		int len = (int)n;

		if (n < 0)
			return -1;
		for (m = (const struct nlmsghdr *)rbuf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			const struct nlattr *a;

			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

				if (e->error) {
					errno = -e->error;
					return -1;
				}
				return NL.family ? 0 : -1;
			}
			if (m->nlmsg_type != GENL_ID_CTRL)
				continue;
			mnl_attr_for_each(a, m, GENL_HDRLEN)
				if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
					NL.family = mnl_attr_get_u16(a);
		}
	}
	return -1;
}

static int read_objects(char *buf, size_t len)
{
	FILE *f = fopen(OBJECTS_PATH, "r");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static void open_bad_fds(void)
{
	int fd;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		M.bad_fd[M.n_bad_fd++] = fd;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		M.bad_fd[M.n_bad_fd++] = fd;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);	/* unbound */
	if (fd >= 0)
		M.bad_fd[M.n_bad_fd++] = fd;
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd >= 0)
		M.bad_fd[M.n_bad_fd++] = fd;
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		M.bad_fd[M.n_bad_fd++] = fd;
	M.bad_fd[M.n_bad_fd++] = 999;	/* not open */
}

/* ------------------------------------------------------------ report */

static void report(double secs)
{
	char b1[32], b2[32];

	printf("%s: %llu messages in %.1f s: %.0f messages/s\n", prog,
	       (unsigned long long)C.msgs, secs, secs > 0 ? C.msgs / secs : 0.0);
	printf("%s: modes: valid %llu mutated %llu random %llu; dumps %llu (%llu objects), interrupted dumps %llu (%llu closed midway), owner sockets closed %llu, resyncs %llu\n",
	       prog, (unsigned long long)C.mode[0], (unsigned long long)C.mode[1],
	       (unsigned long long)C.mode[2], (unsigned long long)C.dumps,
	       (unsigned long long)C.dump_objs, (unsigned long long)C.int_dumps,
	       (unsigned long long)C.int_closed, (unsigned long long)C.owner_closes,
	       (unsigned long long)C.resyncs);
	printf("%s: answers: ok %llu errors %llu (with extack %llu, WITHOUT %llu) data %llu silent %llu bad %llu lost %llu stray %llu late %llu\n",
	       prog, (unsigned long long)C.acks, (unsigned long long)C.errors,
	       (unsigned long long)C.with_ext, (unsigned long long)C.without_ext,
	       (unsigned long long)C.data, (unsigned long long)C.silent,
	       (unsigned long long)C.bad, (unsigned long long)C.lost,
	       (unsigned long long)C.stray, (unsigned long long)C.late);
	for (unsigned int c = 0; c < NCMD; c++)
		for (unsigned int d = 0; d < 2; d++) {
			struct stats_cell *st = &ST[c][d];
			char line[2048];
			size_t l;

			if (!st->sent)
				continue;
			l = (size_t)snprintf(line, sizeof(line), "  %-12s%s sent %llu ok %llu",
					     cmd_name(c, b1, sizeof(b1)), d ? "(dump)" : "",
					     (unsigned long long)st->sent,
					     (unsigned long long)st->ok);
			if (st->silent)
				l += (size_t)snprintf(line + l, sizeof(line) - l,
						      " silent %llu",
						      (unsigned long long)st->silent);
			for (int e = 1; e < NERRNO && l < sizeof(line) - 64; e++) {
				if (!st->err[e])
					continue;
				l += (size_t)snprintf(line + l, sizeof(line) - l, " %s %llu",
						      errno_name(e, b2, sizeof(b2)),
						      (unsigned long long)st->err[e]);
				if (st->noext[e])
					l += (size_t)snprintf(line + l, sizeof(line) - l,
							      " (%llu without extack)",
							      (unsigned long long)st->noext[e]);
			}
			if (!quiet)
				printf("%s\n", line);
		}
	printf("%s: rejections without an extack message: %d (command, errno) pairs\n",
	       prog, n_ex);
	for (int i = 0; i < n_ex; i++) {
		struct example *x = &EX[i];
		int e = x->err < NERRNO ? x->err : NERRNO - 1;

		printf("  NOEXTACK %s%s %s: %llu of %llu; first: iteration %llu [%s] request %s\n",
		       cmd_name(x->cmd, b1, sizeof(b1)), x->dump ? "(dump)" : "",
		       errno_name(x->err, b2, sizeof(b2)),
		       (unsigned long long)ST[x->cmd][x->dump].noext[e],
		       (unsigned long long)ST[x->cmd][x->dump].err[e],
		       (unsigned long long)x->iter, x->how, x->hex);
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n COUNT] [-t SECONDS] [-U] [-q] [-v]\n"
		"  -s, --seed SEED      PRNG seed (default 1)\n"
		"  -n, --count N        iterations (default 10000)\n"
		"  -t, --time SECONDS   stop after SECONDS (default: no limit)\n"
		"  -U, --unprivileged   assert that every request is refused (EPERM)\n"
		"  -q, --quiet          no per-command table\n"
		"  -v, --verbose        every request's outcome\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "time", required_argument, NULL, 't' },
		{ "unprivileged", no_argument, NULL, 'U' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long seed = 1, count = 10000, seconds = 0;
	char obj_start[128], obj_end[128] = "";
	bool have_obj = true;
	int one = 1, rcvbuf = 1 << 20, c, rc = 0;
	int64_t t0, t1;
	bool empty = true, same = false;
	char *end;

	while ((c = getopt_long(argc, argv, "s:n:t:Uqv", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg)
				usage();
			break;
		case 'n':
			errno = 0;
			count = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg)
				usage();
			break;
		case 't':
			errno = 0;
			seconds = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg)
				usage();
			break;
		case 'U':
			unpriv = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_state = seed;
	printf("%s: seed %llu count %llu%s\n", prog, seed, count,
	       unpriv ? " unprivileged" : "");

	if (read_objects(obj_start, sizeof(obj_start))) {
		if (errno != EACCES) {
			fprintf(stderr, "%s: %s: %s (is l2tpsec.ko loaded?)\n", prog,
				OBJECTS_PATH, strerror(errno));
			return 1;
		}
		/* root only (mode 0400): the caller compares it as root */
		have_obj = false;
		snprintf(obj_start, sizeof(obj_start), "unreadable");
	}
	NL.s = mnl_socket_open(NETLINK_GENERIC);
	if (!NL.s || mnl_socket_bind(NL.s, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "%s: netlink socket: %s\n", prog, strerror(errno));
		return 1;
	}
	mnl_socket_setsockopt(NL.s, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(NL.s, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(NL.s), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		   sizeof(rcvbuf));
	NL.portid = mnl_socket_get_portid(NL.s);
	if (resolve_family()) {
		fprintf(stderr, "%s: resolving generic netlink family \"%s\": %s (is l2tpsec.ko loaded?)\n",
			prog, L2TPSEC_GENL_NAME, strerror(errno));
		return 1;
	}
	M.local = inet_addr(LOCAL_IP);
	M.peer = inet_addr(PEER_IP);
	M.peer2 = inet_addr(PEER2_IP);
	for (int i = 0; i < N_OWNERS; i++)
		M.own[i].fd = -1;
	open_bad_fds();
	printf("%s: family %u, objects at start: %s\n", prog, NL.family,
	       obj_start);

	t0 = now_ms();
	for (iter = 0; iter < count; iter++) {
		if (iter % 64 == 63)
			resync();
		one_iteration();
		if (iter && iter % 50000 == 0)
			fprintf(stderr, "%s: %llu/%llu, %.0f messages/s\n", prog,
				(unsigned long long)iter, count,
				C.msgs * 1000.0 / (double)(now_ms() - t0 + 1));
		if (C.lost)
			break;
		if (seconds && iter % 256 == 0 &&
		    now_ms() - t0 >= (int64_t)seconds * 1000) {
			printf("%s: time limit of %llu s reached after %llu iterations\n",
			       prog, seconds, (unsigned long long)iter + 1);
			iter++;
			break;
		}
	}
	t1 = now_ms();
	if (!unpriv)
		empty = flush();
	for (int i = 0; i < N_OWNERS; i++)
		if (M.own[i].fd >= 0)
			close(M.own[i].fd);
	for (int i = 0; i < M.n_bad_fd; i++)
		if (M.bad_fd[i] != 999)
			close(M.bad_fd[i]);
	mnl_socket_close(NL.s);

	report((double)(t1 - t0) / 1000.0);

	/* RCU-deferred frees: poll for up to 10 s */
	same = !have_obj;
	for (int i = 0; have_obj && i < 100; i++) {
		if (read_objects(obj_end, sizeof(obj_end)) == 0 &&
		    !strcmp(obj_end, obj_start)) {
			same = true;
			break;
		}
		usleep(100 * 1000);
	}
	printf("%s: objects start '%s' end '%s'%s\n", prog, obj_start, obj_end,
	       empty ? "" : " (the namespace was not empty after the flush)");

	if (!same || !empty)
		rc = 3;
	else if (C.lost || C.bad || C.stray)
		rc = 4;
	else if (unpriv && C.unpriv_bad)
		rc = 5;
	if (unpriv)
		printf("%s: unprivileged: %llu refused as expected, %llu not\n",
		       prog, (unsigned long long)C.unpriv_ok,
		       (unsigned long long)C.unpriv_bad);
	if (rc)
		printf("%s: FAIL (exit %d): %s\n", prog, rc,
		       rc == 3 ? "objects not back to the start value" :
		       rc == 4 ? "protocol error or lost answer" :
				 "an unprivileged request was not refused");
	else
		printf("%s: PASS seed %llu: %llu messages, %llu errors, %llu without extack\n",
		       prog, seed, (unsigned long long)C.msgs,
		       (unsigned long long)C.errors,
		       (unsigned long long)C.without_ext);
	return rc;
}
