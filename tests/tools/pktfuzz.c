// SPDX-License-Identifier: GPL-2.0
/*
 * pktfuzz - bombard an l2tpsec host with random and truncated ESP,
 * ESP-in-UDP and L2TP packets (run inside a VM's network namespace).
 *
 *   pktfuzz -d ADDR [-n COUNT] [-r SEED] [-s SPI[,SPI...]]
 *           [-t TUNNEL[,TUNNEL...]] [-S SESSION[,SESSION...]]
 *           [-E PORT] [-L PORT] [-m CLASSES] [-q]
 *
 *   -d, --dst ADDR         IPv4 destination (required)
 *   -n, --count N          packets to send (default 100000)
 *   -r, --seed SEED        PRNG seed (default 1): same seed, same packets
 *   -s, --spi LIST         known SPIs (hex 0x.. or decimal, comma
 *                          separated, repeatable): ESP with these SPIs
 *                          and plausible lengths reaches the SA lookup,
 *                          then fails on replay, truncation or the ICV
 *   -t, --tunnel LIST      known tunnel ids (L2TPv2 tunnel id, v3
 *                          control connection id)
 *   -S, --session LIST     known session ids (v2: low 16 bits)
 *   -E, --esp-port PORT    ESP-in-UDP port (default 4500)
 *   -L, --l2tp-port PORT   L2TP port (default 1701)
 *   -m, --mix CLASSES      comma list of raw,udp,l2tp (default all)
 *   -q, --quiet            only the summary line
 *
 * Classes: raw IP protocol 50 (ESP, RFC 4303) with random or known SPIs;
 * UDP to the ESP-in-UDP port (RFC 3948): ESP with random or known SPIs,
 * non-ESP-marker (0x00000000) IKE-looking packets, 1-byte 0xff NAT
 * keepalives, 0-7 byte runts; UDP to the L2TP port: L2TPv2 (RFC 2661)
 * and L2TPv3-over-UDP (RFC 3931) data and control headers with random
 * flags, ids mostly from the lists, cookies, sublayers, offsets and
 * Length fields, then often truncated or with a byte flipped. Lengths go
 * from 0 to 1600, biased to small and edge sizes.
 *
 * Prints one summary line ("pktfuzz: sent N ..."). Exit status 0 when
 * at least half the packets were sent, 1 on a setup error or when more
 * than half of the sends failed, 2 on a usage error. Plain C, no
 * dependencies beyond libc; builds static.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_ESP
#define IPPROTO_ESP 50
#endif

#define MAX_LEN		1600
#define MAX_IDS		64

/* ------------------------------------------------------------ random */

static uint64_t rng_state;

/* splitmix64: good enough and trivially seedable */
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

/* true with probability pct / 100 */
static bool chance(unsigned int pct)
{
	return below(100) < pct;
}

static void fill(uint8_t *b, size_t n)
{
	while (n--)
		*b++ = (uint8_t)rnd();
}

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* Sizes around header, block and MTU boundaries. */
static const uint16_t edge_lens[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20,
	21, 23, 24, 25, 27, 28, 29, 31, 32, 33, 35, 36, 37, 39, 40, 41, 47,
	48, 49, 51, 52, 53, 55, 56, 63, 64, 65, 79, 80, 127, 128, 129, 255,
	256, 257, 511, 512, 513, 1023, 1024, 1279, 1280, 1281, 1400, 1428,
	1440, 1450, 1472, 1473, 1480, 1500, 1501, 1514, 1518, 1536, 1580,
	1599, 1600,
};

/* a length in [0, MAX_LEN], biased to small and edge sizes */
static size_t pick_len(void)
{
	uint32_t r = below(100);

	if (r < 35)
		return below(33);
	if (r < 55)
		return edge_lens[below(sizeof(edge_lens) / sizeof(edge_lens[0]))];
	if (r < 80)
		return 33 + below(224);
	return below(MAX_LEN + 1);
}

/* ------------------------------------------------------------ options */

struct idlist {
	uint32_t v[MAX_IDS];
	unsigned int n;
};

static struct idlist spis, tunnels, sessions;

static int parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_list(const char *arg, struct idlist *l, const char *what)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int ret = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint32_t v;

		if (parse_u32(tok, &v) || l->n >= MAX_IDS) {
			fprintf(stderr, "pktfuzz: bad %s '%s'\n", what, tok);
			ret = -1;
			break;
		}
		l->v[l->n++] = v;
	}
	free(copy);
	return ret;
}

/* an id from the list (most of the time, if any) or a random one */
static uint32_t pick_id(const struct idlist *l, uint32_t rand_mask)
{
	if (l->n && chance(85))
		return l->v[below(l->n)];
	if (chance(10))
		return below(4);		/* 0 is special in places */
	return (uint32_t)rnd() & rand_mask;
}

/* ------------------------------------------------------------ packets */

enum cls {
	C_RAW_RAND, C_RAW_SPI, C_UDP_ESP_RAND, C_UDP_ESP_SPI, C_UDP_IKE,
	C_UDP_KEEPALIVE, C_UDP_RUNT, C_L2TP_V2, C_L2TP_V2_CTRL, C_L2TP_V3,
	C_L2TP_V3_CTRL, C_L2TP_RAND, C_NUM
};

static const char *const cls_name[C_NUM] = {
	"esp-raw-rand", "esp-raw-spi", "esp-udp-rand", "esp-udp-spi",
	"ike", "keepalive", "udp-runt", "l2tp-v2", "l2tp-v2-ctrl",
	"l2tp-v3", "l2tp-v3-ctrl", "l2tp-rand",
};

static unsigned long sent[C_NUM], truncated, flipped;

/* per known SPI, an increasing sequence number */
static uint32_t spi_seq[MAX_IDS];

static uint32_t pick_seq(unsigned int spi_idx)
{
	uint32_t r = below(100);

	if (r < 35)
		return (uint32_t)rnd();
	if (r < 55)
		return 1 + below(1000);
	if (r < 65)
		return 0;
	if (r < 75)
		return UINT32_MAX - below(100);
	if (spi_idx < MAX_IDS)
		return ++spi_seq[spi_idx];
	return 1;
}

/*
 * An ESP packet, from the SPI on. With a known SPI, half of them have a
 * length an SA could take: SPI + seq + IV + ciphertext + ICV for AES-GCM
 * (8-byte IV, 16-byte ICV, any length) or AES-CBC (16-byte IV, whole
 * blocks) with a 12, 16 or 32-byte ICV, so the packet gets past the
 * length checks to the replay check and the ICV.
 */
static size_t build_esp(uint8_t *b, bool known)
{
	unsigned int idx = MAX_IDS;
	uint32_t spi;
	size_t len;

	if (known && spis.n) {
		idx = below(spis.n);
		spi = spis.v[idx];
	} else if (chance(5)) {
		spi = below(256);	/* reserved SPIs, 0 = IKE marker */
	} else {
		spi = (uint32_t)rnd();
	}

	if (known && chance(50)) {
		static const uint8_t icvs[] = { 12, 16, 32 };

		if (chance(50))
			len = 8 + 8 + 2 + below(1400) + 16;
		else
			len = 8 + 16 + 16 * (1 + below(90)) +
			      icvs[below(sizeof(icvs))];
		if (chance(10))
			len += below(3) - 1;	/* one off */
	} else {
		len = pick_len();
	}
	if (len > MAX_LEN)
		len = MAX_LEN;

	fill(b, len);
	if (len >= 4)
		put32(b, spi);
	else if (len)
		memcpy(b, (uint8_t[4]){ spi >> 24, spi >> 16, spi >> 8, spi },
		       len);
	if (len >= 8)
		put32(b + 4, pick_seq(idx));
	return len;
}

/* RFC 3948 2.2: non-ESP marker, then something like an IKE header */
static size_t build_ike(uint8_t *b)
{
	size_t len = 4 + (chance(80) ? 28 + below(400) : pick_len());

	if (len > MAX_LEN)
		len = MAX_LEN;
	fill(b, len);
	memset(b, 0, 4);
	if (len >= 32) {
		b[4 + 16] = 33;			/* next payload: SA */
		b[4 + 17] = 0x20;		/* IKEv2 */
		b[4 + 18] = 34;			/* IKE_SA_INIT */
		put32(b + 4 + 24, (uint32_t)len - 4);
	}
	return len;
}

/* v2 data/control header with random options, then a payload */
static size_t build_l2tp_v2(uint8_t *b, bool ctrl)
{
	uint16_t flags = 2;
	size_t off = 2, lenoff = 0, len;

	if (ctrl) {
		flags |= 0x8000 | 0x4000 | 0x0800;
		if (chance(5))
			flags ^= (uint16_t[]){ 0x4000, 0x0800, 0x0200 }[below(3)];
	} else {
		if (chance(30))
			flags |= 0x4000;	/* L */
		if (chance(40))
			flags |= 0x0800;	/* S */
		if (chance(20))
			flags |= 0x0200;	/* O */
		if (chance(10))
			flags |= 0x0100;	/* P */
	}
	if (chance(5))
		flags |= (uint16_t)(rnd() & 0x34f0);	/* reserved bits */

	put16(b, flags);
	if (flags & 0x4000) {
		lenoff = off;
		off += 2;
	}
	put16(b + off, (uint16_t)pick_id(&tunnels, 0xffff));
	put16(b + off + 2, ctrl && chance(70) ? 0 :
			   (uint16_t)pick_id(&sessions, 0xffff));
	off += 4;
	if (flags & 0x0800) {
		put16(b + off, (uint16_t)rnd());
		put16(b + off + 2, (uint16_t)rnd());
		off += 4;
	}
	if (flags & 0x0200) {
		uint16_t pad = chance(80) ? below(16) : (uint16_t)rnd();

		put16(b + off, pad);
		off += 2;
		if (pad < 64) {
			fill(b + off, pad);
			off += pad;
		}
	}

	len = off;
	if (ctrl) {
		/* AVPs: M bit, length, vendor 0, type, value */
		unsigned int n = below(6);

		while (n-- && len + 8 + 16 <= MAX_LEN) {
			unsigned int vl = below(17);

			put16(b + len, 0x8000 | (6 + vl));
			put16(b + len + 2, 0);
			put16(b + len + 4, (uint16_t)below(40));
			fill(b + len + 6, vl);
			len += 6 + vl;
		}
	} else {
		size_t pl = pick_len();

		if (len + pl + 4 > MAX_LEN)
			pl = MAX_LEN - len - 4;
		if (chance(70)) {
			/* PPP: FF 03 and IPv4, IPCP, LCP, or random */
			static const uint16_t protos[] = { 0x0021, 0x0057,
							   0x8021, 0xc021 };

			b[len++] = 0xff;
			b[len++] = 0x03;
			put16(b + len, chance(80) ?
			      protos[below(4)] : (uint16_t)rnd());
			len += 2;
		}
		fill(b + len, pl);
		len += pl;
	}
	if (flags & 0x4000) {
		uint16_t l = (uint16_t)len;

		if (chance(20))
			l = chance(50) ? (uint16_t)rnd() : l + below(5) - 2;
		put16(b + lenoff, l);
	}
	return len;
}

/* v3 over UDP: data (session, cookie, sublayer, frame) or control */
static size_t build_l2tp_v3(uint8_t *b, bool ctrl)
{
	size_t len;

	if (ctrl) {
		uint16_t flags = 0xc803;

		if (chance(5))
			flags ^= (uint16_t[]){ 0x4000, 0x0800 }[below(2)];
		put16(b, flags);
		put32(b + 4, pick_id(&tunnels, 0xffffffff));
		put16(b + 8, (uint16_t)rnd());
		put16(b + 10, (uint16_t)rnd());
		len = 12 + (chance(50) ? 0 : below(100));
		fill(b + 12, len - 12);
		put16(b + 2, chance(80) ? (uint16_t)len : (uint16_t)rnd());
		return len;
	}

	put16(b, chance(95) ? 0x0003 : (uint16_t)((rnd() & 0x7ff0) | 3));
	put16(b + 2, chance(90) ? 0 : (uint16_t)rnd());
	put32(b + 4, pick_id(&sessions, 0xffffffff));
	len = 8;
	/* cookie: 0, 4 or 8 bytes; the configured one is 0x01020304 */
	switch (below(4)) {
	case 0:
		break;
	case 1:
		put32(b + len, 0x01020304);
		len += 4;
		break;
	case 2:
		fill(b + len, 4);
		len += 4;
		break;
	default:
		fill(b + len, 8);
		len += 8;
		break;
	}
	/* default L2-specific sublayer, S bit and a 24-bit number */
	if (chance(50)) {
		put32(b + len, chance(50) ? 0x40000000 | below(1 << 24) :
					    (uint32_t)rnd());
		len += 4;
	}
	/* an Ethernet frame, often too short to be one */
	{
		size_t pl = pick_len();

		if (len + pl > MAX_LEN)
			pl = MAX_LEN - len;
		fill(b + len, pl);
		if (pl >= 14 && chance(60))
			put16(b + len + 12, chance(50) ? 0x0800 : 0x86dd);
		len += pl;
	}
	return len;
}

/* cut and damage: the parsers must cope with any prefix */
static size_t mangle(uint8_t *b, size_t len, unsigned int cut_pct)
{
	if (len && chance(cut_pct)) {
		len = chance(50) ? below(len) : below(len < 24 ? len : 24);
		truncated++;
	}
	if (len && chance(10)) {
		b[below(len)] ^= (uint8_t)(1u << below(8));
		flipped++;
	}
	return len;
}

/* ------------------------------------------------------------ sending */

static unsigned long errors, bytes;
static int first_errno;

static int send_one(int fd, const struct sockaddr_in *dst, const void *b,
		    size_t len)
{
	unsigned int tries;

	for (tries = 0; tries < 200; tries++) {
		if (sendto(fd, b, len, 0, (const struct sockaddr *)dst,
			   sizeof(*dst)) >= 0) {
			bytes += len;
			return 0;
		}
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
			break;
		nanosleep(&(struct timespec){ 0, 500000 }, NULL);
	}
	if (!first_errno)
		first_errno = errno;
	errors++;
	return -1;
}

static int open_sock(int type, int proto)
{
	int fd = socket(AF_INET, type, proto);
	int v = IP_PMTUDISC_DONT;

	if (fd < 0) {
		perror(type == SOCK_RAW ? "pktfuzz: raw socket" :
					  "pktfuzz: udp socket");
		return -1;
	}
	/* fragment locally rather than refuse sizes above the MTU */
	setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v));
	return fd;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pktfuzz -d ADDR [-n COUNT] [-r SEED] [-s SPI[,SPI...]]\n"
		"               [-t TUNNEL[,...]] [-S SESSION[,...]] [-E PORT] [-L PORT]\n"
		"               [-m raw,udp,l2tp] [-q]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dst", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'r' },
		{ "spi", required_argument, NULL, 's' },
		{ "tunnel", required_argument, NULL, 't' },
		{ "session", required_argument, NULL, 'S' },
		{ "esp-port", required_argument, NULL, 'E' },
		{ "l2tp-port", required_argument, NULL, 'L' },
		{ "mix", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool use_raw = true, use_udp = true, use_l2tp = true, quiet = false;
	uint32_t count = 100000, esp_port = 4500, l2tp_port = 1701, v;
	struct sockaddr_in dst_raw, dst_esp, dst_l2tp;
	unsigned long long seed = 1;
	int raw_fd = -1, udp_fd = -1, c;
	unsigned long total = 0, i;
	static uint8_t buf[MAX_LEN + 64];
	const char *dst = NULL;
	char *end;

	while ((c = getopt_long(argc, argv, "d:n:r:s:t:S:E:L:m:qh", opts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			dst = optarg;
			break;
		case 'n':
			if (parse_u32(optarg, &count)) {
				fprintf(stderr, "pktfuzz: bad count '%s'\n", optarg);
				return 2;
			}
			break;
		case 'r':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end) {
				fprintf(stderr, "pktfuzz: bad seed '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
			if (parse_list(optarg, &spis, "SPI"))
				return 2;
			break;
		case 't':
			if (parse_list(optarg, &tunnels, "tunnel id"))
				return 2;
			break;
		case 'S':
			if (parse_list(optarg, &sessions, "session id"))
				return 2;
			break;
		case 'E':
		case 'L':
			if (parse_u32(optarg, &v) || !v || v > 65535) {
				fprintf(stderr, "pktfuzz: bad port '%s'\n", optarg);
				return 2;
			}
			*(c == 'E' ? &esp_port : &l2tp_port) = v;
			break;
		case 'm':
			use_raw = strstr(optarg, "raw");
			use_udp = strstr(optarg, "udp");
			use_l2tp = strstr(optarg, "l2tp");
			if (!use_raw && !use_udp && !use_l2tp) {
				fprintf(stderr, "pktfuzz: bad mix '%s'\n", optarg);
				return 2;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!dst || optind != argc) {
		usage(stderr);
		return 2;
	}

	memset(&dst_raw, 0, sizeof(dst_raw));
	dst_raw.sin_family = AF_INET;
	if (inet_pton(AF_INET, dst, &dst_raw.sin_addr) != 1) {
		fprintf(stderr, "pktfuzz: bad IPv4 address '%s'\n", dst);
		return 2;
	}
	dst_esp = dst_raw;
	dst_esp.sin_port = htons((uint16_t)esp_port);
	dst_l2tp = dst_raw;
	dst_l2tp.sin_port = htons((uint16_t)l2tp_port);

	if (use_raw && (raw_fd = open_sock(SOCK_RAW, IPPROTO_ESP)) < 0)
		return 1;
	if ((use_udp || use_l2tp) &&
	    (udp_fd = open_sock(SOCK_DGRAM, IPPROTO_UDP)) < 0)
		return 1;

	rng_state = seed;
	if (!quiet)
		printf("pktfuzz: %u packets to %s, seed %llu, %u SPIs, %u tunnels, %u sessions\n",
		       count, dst, seed, spis.n, tunnels.n, sessions.n);

	for (i = 0; i < count; i++) {
		uint32_t r = below(100);
		const struct sockaddr_in *to;
		enum cls k;
		size_t len;
		int fd;

		/* 30% raw ESP, 30% ESP-in-UDP port, 40% L2TP port */
		if (r < 30 && use_raw)
			k = chance(70) && spis.n ? C_RAW_SPI : C_RAW_RAND;
		else if (r < 60 && use_udp)
			k = (enum cls[]){ C_UDP_ESP_SPI, C_UDP_ESP_SPI,
					  C_UDP_ESP_SPI, C_UDP_ESP_SPI,
					  C_UDP_ESP_RAND, C_UDP_ESP_RAND,
					  C_UDP_IKE, C_UDP_KEEPALIVE,
					  C_UDP_RUNT, C_UDP_ESP_SPI }[below(10)];
		else if (use_l2tp)
			k = (enum cls[]){ C_L2TP_V2, C_L2TP_V2, C_L2TP_V2,
					  C_L2TP_V2_CTRL, C_L2TP_V3, C_L2TP_V3,
					  C_L2TP_V3, C_L2TP_V3_CTRL,
					  C_L2TP_RAND, C_L2TP_V2 }[below(10)];
		else if (use_udp)
			k = C_UDP_ESP_SPI;
		else
			k = C_RAW_SPI;
		if ((k == C_RAW_SPI || k == C_UDP_ESP_SPI) && !spis.n)
			k = k == C_RAW_SPI ? C_RAW_RAND : C_UDP_ESP_RAND;

		switch (k) {
		case C_RAW_RAND:
		case C_UDP_ESP_RAND:
			len = mangle(buf, build_esp(buf, false), 5);
			break;
		case C_RAW_SPI:
		case C_UDP_ESP_SPI:
			len = mangle(buf, build_esp(buf, true), 10);
			break;
		case C_UDP_IKE:
			len = mangle(buf, build_ike(buf), 10);
			break;
		case C_UDP_KEEPALIVE:
			buf[0] = 0xff;
			len = chance(90) ? 1 : 1 + below(3);
			if (len > 1)
				fill(buf + 1, len - 1);
			break;
		case C_UDP_RUNT:
			len = below(8);
			fill(buf, len);
			if (len && chance(50))
				memset(buf, chance(50) ? 0 : 0xff, len);
			break;
		case C_L2TP_V2:
		case C_L2TP_V2_CTRL:
			len = mangle(buf, build_l2tp_v2(buf, k == C_L2TP_V2_CTRL),
				     25);
			break;
		case C_L2TP_V3:
		case C_L2TP_V3_CTRL:
			len = mangle(buf, build_l2tp_v3(buf, k == C_L2TP_V3_CTRL),
				     25);
			break;
		default:
			len = pick_len();
			fill(buf, len);
			if (len >= 2 && chance(70))
				buf[1] = (buf[1] & 0xf0) | below(16);
			break;
		}

		if (k == C_RAW_RAND || k == C_RAW_SPI) {
			fd = raw_fd;
			to = &dst_raw;
		} else if (k >= C_L2TP_V2) {
			fd = udp_fd;
			to = &dst_l2tp;
		} else {
			fd = udp_fd;
			to = &dst_esp;
		}
		if (!send_one(fd, to, buf, len)) {
			sent[k]++;
			total++;
		}
	}

	printf("pktfuzz: sent %lu of %u packets, %lu bytes, %lu errors",
	       total, count, bytes, errors);
	if (first_errno)
		printf(" (first: %s)", strerror(first_errno));
	printf("; truncated %lu, flipped %lu", truncated, flipped);
	for (c = 0; c < C_NUM; c++)
		printf(", %s %lu", cls_name[c], sent[c]);
	printf("\n");

	if (raw_fd >= 0)
		close(raw_fd);
	if (udp_fd >= 0)
		close(udp_fd);
	return errors * 2 > count ? 1 : 0;
}
