// SPDX-License-Identifier: GPL-2.0
/*
 * ikeflood - a blind flood of IKEv2 IKE_SA_INIT requests (or, with -1, of
 * IKEv1 main mode first messages) from spoofed source addresses, for the
 * DoS-protection tests of l2tpsecd (VM tests).
 *
 *   ikeflood [-1] [-n COUNT] [-r PPS] [-s] [-p DPORT] [-P SPORT] [-q] PREFIX DST
 *
 *   PREFIX  source addresses, IPv4 CIDR (e.g. 10.99.0.0/16, /8 to /32); the
 *           network and broadcast addresses are skipped for /8../30
 *   DST     IPv4 address of the responder
 *   -n      requests to send (default 10000)
 *   -r      rate in packets per second (default 1000; 0 = as fast as possible)
 *   -s      source addresses in sequence (default: random within PREFIX)
 *   -p      destination UDP port (default 500)
 *   -P      source UDP port (default 500; 0 = random per packet)
 *   -q      no summary line
 *   -1      IKEv1: main mode message 1 (ISAKMP header, cookie CKY-I random,
 *           CKY-R 0; an SA payload of one ISAKMP proposal with one
 *           transform: AES-CBC-256, SHA1, pre-shared key, MODP2048, 28800 s)
 *
 * Every request is a well-formed IKE_SA_INIT (RFC 7296): header with a
 * random non-zero SPIi, SPIr 0, flags Initiator, message ID 0; an SA
 * payload with one IKE proposal (ENCR_AES_GCM_16 (20) key length 128,
 * PRF_HMAC_SHA2_256 (5), DH group 31 Curve25519), a KE payload (group 31,
 * 32 random bytes) and a 32-byte random Nonce. It is sent in a raw IPv4
 * packet (IPPROTO_RAW, i.e. IP_HDRINCL) with a valid UDP checksum. The
 * flood is blind: replies (COOKIE notifies, responses) are never read; the
 * test routes PREFIX to a namespace that drops them.
 *
 * Output (unless -q), on stdout at the end:
 *   "ikeflood: sent N of COUNT in S.SSS s (R pps), E errors"
 * Exit status: 0 all COUNT sent, 1 some could not be sent (sendto errors
 * after retries) or a system call failed, 2 usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IKE_HDR_LEN	28
#define PL_HDR_LEN	4
#define NONCE_LEN	32
#define KE_LEN		32
/* SA payload: header 4 + proposal 8 + ENCR 8 + attr 4 + PRF 8 + DH 8. */
#define SA_PL_LEN	(PL_HDR_LEN + 8 + 12 + 8 + 8)
#define KE_PL_LEN	(PL_HDR_LEN + 4 + KE_LEN)
#define NONCE_PL_LEN	(PL_HDR_LEN + NONCE_LEN)
#define IKE2_LEN	(IKE_HDR_LEN + SA_PL_LEN + KE_PL_LEN + NONCE_PL_LEN)
/* IKEv1 MM1: SA payload = header 4 + DOI 4 + situation 4 + proposal 8 + transform 8 + 7 TV attrs */
#define V1_SA_PL_LEN	(PL_HDR_LEN + 8 + 8 + 8 + 7 * 4)
#define IKE1_LEN	(IKE_HDR_LEN + V1_SA_PL_LEN)
#define PKT_MAX		(20 + 8 + IKE2_LEN)

static bool v1;
static size_t ike_len = IKE2_LEN;
#define IKE_LEN		ike_len
#define UDP_LEN		(8 + ike_len)
#define PKT_LEN		(20 + UDP_LEN)

/* RFC 7296 numbers. */
#define PL_SA		33
#define PL_KE		34
#define PL_NONCE	40
#define EXCH_SA_INIT	34
#define FLAG_INITIATOR	0x08
#define PROTO_IKE	1
#define T_ENCR		1
#define T_PRF		2
#define T_DH		4
#define ENCR_AES_GCM16	20
#define PRF_SHA2_256	5
#define DH_CURVE25519	31
#define ATTR_KEYLEN	14

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: fast, good enough for addresses, SPIs and nonces */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void rnd_fill(uint8_t *p, size_t n)
{
	while (n) {
		uint64_t r = rnd();
		size_t k = n < 8 ? n : 8;

		memcpy(p, &r, k);
		p += k;
		n -= k;
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void pl_hdr(uint8_t *p, uint8_t next, uint16_t len)
{
	p[0] = next;
	p[1] = 0;
	put16(p + 2, len);
}

static void transform(uint8_t *p, bool last, uint16_t len, uint8_t type, uint16_t id)
{
	p[0] = last ? 0 : 3;
	p[1] = 0;
	put16(p + 2, len);
	p[4] = type;
	p[5] = 0;
	put16(p + 6, id);
}

/* The IKEv1 main mode first message; CKY-I set per packet. */
static void ike1_template(uint8_t *m)
{
	static const uint16_t attrs[7][2] = {
		{ 1, 7 }, { 14, 256 }, { 2, 2 }, { 3, 1 }, { 4, 14 }, { 11, 1 }, { 12, 28800 },
	};
	uint8_t *p = m;

	memset(m, 0, IKE1_LEN);
	p[16] = 1;		/* SA */
	p[17] = 0x10;		/* 1.0 */
	p[18] = 2;		/* identity protection (main mode) */
	put32(p + 24, IKE1_LEN);
	p += IKE_HDR_LEN;
	pl_hdr(p, 0, V1_SA_PL_LEN);
	put32(p + 4, 1);	/* DOI IPsec */
	put32(p + 8, 1);	/* SIT_IDENTITY_ONLY */
	p += 12;
	/* proposal: last, length, number 1, ISAKMP, SPI size 0, 1 transform */
	put16(p + 2, 8 + 8 + 7 * 4);
	p[4] = 1;
	p[5] = PROTO_IKE;
	p[7] = 1;
	p += 8;
	/* transform: last, length, number 1, KEY_IKE */
	put16(p + 2, 8 + 7 * 4);
	p[4] = 1;
	p[5] = 1;
	p += 8;
	for (int i = 0; i < 7; i++, p += 4) {
		put16(p, 0x8000 | attrs[i][0]);
		put16(p + 2, attrs[i][1]);
	}
}

/* The fixed part of the IKE message; SPIi, KE data, nonce set per packet. */
static void ike_template(uint8_t *m)
{
	uint8_t *p = m;

	if (v1) {
		ike1_template(m);
		return;
	}
	memset(m, 0, IKE_LEN);
	/* header: SPIi (8), SPIr (8), next, version, exchange, flags, msgid, length */
	p[16] = PL_SA;
	p[17] = 0x20;
	p[18] = EXCH_SA_INIT;
	p[19] = FLAG_INITIATOR;
	put32(p + 20, 0);
	put32(p + 24, IKE_LEN);
	p += IKE_HDR_LEN;

	pl_hdr(p, PL_KE, SA_PL_LEN);
	p += PL_HDR_LEN;
	/* proposal: last, reserved, length, number 1, IKE, SPI size 0, 3 transforms */
	p[0] = 0;
	p[1] = 0;
	put16(p + 2, SA_PL_LEN - PL_HDR_LEN);
	p[4] = 1;
	p[5] = PROTO_IKE;
	p[6] = 0;
	p[7] = 3;
	p += 8;
	transform(p, false, 12, T_ENCR, ENCR_AES_GCM16);
	put16(p + 8, 0x8000 | ATTR_KEYLEN);	/* TV attribute */
	put16(p + 10, 128);
	p += 12;
	transform(p, false, 8, T_PRF, PRF_SHA2_256);
	p += 8;
	transform(p, true, 8, T_DH, DH_CURVE25519);
	p += 8;

	pl_hdr(p, PL_NONCE, KE_PL_LEN);
	put16(p + 4, DH_CURVE25519);
	p += KE_PL_LEN;

	pl_hdr(p, 0, NONCE_PL_LEN);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A complete IPv4 + UDP + IKE packet from src:sport to dst:dport. */
static void build(uint8_t *pkt, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
	uint8_t *ip = pkt, *udp = pkt + 20, *ike = pkt + 28, pseudo[12];
	uint64_t spi;
	uint32_t sum;
	uint16_t c;

	/* IKE: SPIi != 0, KE value, nonce */
	do
		spi = rnd();
	while (!spi);
	memcpy(ike, &spi, 8);
	if (!v1) {
		rnd_fill(ike + IKE_HDR_LEN + SA_PL_LEN + PL_HDR_LEN + 4, KE_LEN);
		rnd_fill(ike + IKE_HDR_LEN + SA_PL_LEN + KE_PL_LEN + PL_HDR_LEN, NONCE_LEN);
	}

	/* IPv4: the kernel fills in the checksum and (as 0) the id */
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, PKT_LEN);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put32(ip + 12, src);
	put32(ip + 16, dst);

	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, UDP_LEN);
	put16(udp + 6, 0);
	put32(pseudo, src);
	put32(pseudo + 4, dst);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	put16(pseudo + 10, UDP_LEN);
	sum = csum_add(0, pseudo, sizeof(pseudo));
	sum = csum_add(sum, udp, UDP_LEN);
	c = csum_fold(sum);
	put16(udp + 6, c ? c : 0xffff);
}

static int usage(void)
{
	fprintf(stderr, "usage: ikeflood [-1] [-n COUNT] [-r PPS] [-s] [-p DPORT] [-P SPORT] [-q] "
		"PREFIX/LEN DST\n");
	return 2;
}

static bool parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && end != s && !*end && *s != '-' && *out <= max;
}

static bool parse_prefix(const char *s, uint32_t *base, unsigned int *len)
{
	char buf[32], *slash;
	struct in_addr a;
	unsigned long l;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		return false;
	*slash = 0;
	if (inet_pton(AF_INET, buf, &a) != 1 || !parse_ulong(slash + 1, 32, &l) || l < 8)
		return false;
	*len = (unsigned int)l;
	*base = ntohl(a.s_addr) & (l == 32 ? 0xffffffffu : ~(0xffffffffu >> l));
	return true;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep until the absolute CLOCK_MONOTONIC time t (seconds). */
static void sleep_until(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int main(int argc, char **argv)
{
	unsigned long count = 10000, rate = 1000, dport = 500, sport = 500;
	unsigned long sent = 0, errors = 0, i;
	bool seq = false, quiet = false;
	uint32_t base, dst, hosts, first, src;
	unsigned int plen;
	uint8_t pkt[PKT_MAX];
	struct sockaddr_in to = { .sin_family = AF_INET };
	double t0, el;
	int opt, fd, sndbuf = 1 << 20;

	while ((opt = getopt(argc, argv, "1n:r:sp:P:qh")) != -1) {
		switch (opt) {
		case '1':
			v1 = true;
			ike_len = IKE1_LEN;
			break;
		case 'n':
			if (!parse_ulong(optarg, 100000000, &count) || !count)
				return usage();
			break;
		case 'r':
			if (!parse_ulong(optarg, 10000000, &rate))
				return usage();
			break;
		case 's':
			seq = true;
			break;
		case 'p':
			if (!parse_ulong(optarg, 65535, &dport) || !dport)
				return usage();
			break;
		case 'P':
			if (!parse_ulong(optarg, 65535, &sport))
				return usage();
			break;
		case 'q':
			quiet = true;
			break;
		default:
			return usage();
		}
	}
	if (argc - optind != 2 || !parse_prefix(argv[optind], &base, &plen) ||
	    inet_pton(AF_INET, argv[optind + 1], &to.sin_addr) != 1)
		return usage();
	dst = ntohl(to.sin_addr.s_addr);
	to.sin_port = htons((uint16_t)dport);	/* ignored by raw sockets */

	/* usable host numbers: skip network and broadcast unless /31, /32 */
	if (plen >= 31) {
		first = 0;
		hosts = plen == 32 ? 1 : 2;
	} else {
		first = 1;
		hosts = (uint32_t)((1ull << (32 - plen)) - 2);
	}

	if (getrandom(&rng_state, sizeof(rng_state), 0) != sizeof(rng_state)) {
		perror("ikeflood: getrandom");
		return 1;
	}
	rng_state |= 1;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("ikeflood: socket(AF_INET, SOCK_RAW, IPPROTO_RAW)");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));

	ike_template(pkt + 28);
	t0 = now_s();
	for (i = 0; i < count; i++) {
		uint16_t sp = sport ? (uint16_t)sport : (uint16_t)(1024 + rnd() % 64512);
		int tries;

		if (rate)
			sleep_until(t0 + (double)i / (double)rate);
		src = base + first + (seq ? (uint32_t)(i % hosts) : (uint32_t)(rnd() % hosts));
		build(pkt, src, dst, sp, (uint16_t)dport);
		for (tries = 0; tries < 100; tries++) {
			if (sendto(fd, pkt, PKT_LEN, 0, (struct sockaddr *)&to,
				   sizeof(to)) == (ssize_t)PKT_LEN)
				break;
			if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
				tries = 100;
				break;
			}
			usleep(1000);
		}
		if (tries < 100) {
			sent++;
		} else {
			if (!errors)
				perror("ikeflood: sendto");
			errors++;
		}
	}
	el = now_s() - t0;
	close(fd);
	if (!quiet)
		printf("ikeflood: sent %lu of %lu in %.3f s (%.0f pps), %lu errors\n", sent, count, el,
		       el > 0 ? (double)sent / el : 0.0, errors);
	return sent == count ? 0 : 1;
}
