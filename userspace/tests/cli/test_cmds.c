// SPDX-License-Identifier: GPL-2.0
/* Every command, in dry-run mode: argument parsing and the requests. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_test.h"

#define K20 "000102030405060708090a0b0c0d0e0f10111213"
#define K16 "000102030405060708090a0b0c0d0e0f"
#define K32 K16 K16
#define SA_BASE "sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 "

static uint32_t u32(const struct nlattr *a) { return mnl_attr_get_u32(a); }
static uint16_t u16(const struct nlattr *a) { return mnl_attr_get_u16(a); }
static uint8_t u8(const struct nlattr *a) { return mnl_attr_get_u8(a); }
static uint64_t u64(const struct nlattr *a) { return mnl_attr_get_u64(a); }

/* A usage error: exit 2, one "l2tpsec: " line with msg, nothing sent. */
static void usage_err(const char *line, const char *msg)
{
	struct run r;
	char want[600];

	run_cli(&r, line);
	snprintf(want, sizeof(want), "l2tpsec: %s\n", msg);
	if (r.rc != EXIT_USAGE)
		fprintf(stderr, "  for '%s':\n", line);
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, want);
	CHECK_EQ(r.cap.n, 0);
	CHECK_STR(r.out, "");
	run_free(&r);
}

/* Success with exactly n requests. */
static void ok_run(struct run *r, const char *line, int n)
{
	run_cli(r, line);
	if (r->rc != EXIT_OK)
		fprintf(stderr, "  for '%s': %s", line, r->err);
	CHECK_EQ(r->rc, EXIT_OK);
	CHECK_STR(r->err, "");
	CHECK_EQ(r->cap.n, n);
}

static void t_main(void)
{
	struct run r;

	run_cli(&r, "");
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_HAS(r.err, "usage: l2tpsec");
	run_free(&r);
	run_cli(&r, "help");
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_HAS(r.out, "ppp send tunnel ID session ID hex HEX");
	run_free(&r);
	run_cli(&r, "--json");
	CHECK_EQ(r.rc, EXIT_USAGE);
	run_free(&r);
	usage_err("foo", "unknown object 'foo' (try 'l2tpsec help')");
	usage_err("-x sa show", "unknown option '-x' (try 'l2tpsec help')");
	usage_err("sa", "sa: missing command (add, set, del or show)");
	usage_err("sa frob", "sa: unknown command 'frob' (add, set, del or show)");
	usage_err("tunnel", "tunnel: missing command (add, set, del or show)");
	usage_err("session x", "session: unknown command 'x' (add, del or show)");
	usage_err("encap", "encap: missing command (add, del or show)");
	usage_err("ctrl", "ctrl: missing command (send)");
	usage_err("ppp recv", "ppp: unknown command 'recv' (send)");
}

static void t_json_anywhere(void)
{
	const char *lines[] = { "--json sa show", "sa --json show",
				"sa show --json" };
	struct run r;

	for (size_t i = 0; i < 3; i++) {
		ok_run(&r, lines[i], 1);
		CHECK_STR(r.out, "[]\n");
		CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_GET);
		CHECK(cap_nlh(&r, 0)->nlmsg_flags & NLM_F_DUMP);
		CHECK_EQ(cap_nlh(&r, 0)->nlmsg_type, L2S_DRY_FAMILY);
		run_free(&r);
	}
	ok_run(&r, "sa show", 1);
	CHECK_STR(r.out, "");
	run_free(&r);
}

static void t_sa_add_aead(void)
{
	struct run r;
	any_tb tb;
	uint8_t key[20];

	ok_run(&r, SA_BASE "alg aes-gcm-128 key 0x" K20, 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_NEW);
	CHECK_EQ(cap_nlh(&r, 0)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(cap_attrs(&r, 0, tb), 6);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_SPI]), 0x1001);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_DIR]), L2TPSEC_DIR_OUT);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_LOCAL_IP4]), 4);
	CHECK_EQ(u32(tb[L2TPSEC_A_LOCAL_IP4]), htonl(0x0a000001));
	CHECK_EQ(u32(tb[L2TPSEC_A_PEER_IP4]), htonl(0x0a000002));
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_ALG]), L2TPSEC_ALG_AES_GCM_128);
	for (int i = 0; i < 20; i++)
		key[i] = (uint8_t)i;
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_ENC_KEY]), 20);
	CHECK(memcmp(mnl_attr_get_payload(tb[L2TPSEC_A_SA_ENC_KEY]), key, 20) == 0);
	CHECK(!tb[L2TPSEC_A_SA_AUTH_KEY] && !tb[L2TPSEC_A_SA_ENCAP]);
	run_free(&r);
}

/* The legacy IKEv1 client transforms reach the kernel with their ids and
 * key lengths: 3DES-CBC (24 + 20) and HMAC-SHA256-96 (16/32 + 32).
 */
static void t_sa_add_legacy(void)
{
	static const struct {
		const char *args;
		uint8_t alg;
		uint16_t enc, auth;
	} v[] = {
		{ "alg 3des-cbc-hmac-sha1 key " K16 "0001020304050607 auth-key " K20,
		  L2TPSEC_ALG_3DES_CBC_HMAC_SHA1, 24, 20 },
		{ "alg aes-cbc-128-hmac-sha256-96 key " K16 " auth-key " K32,
		  L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96, 16, 32 },
		{ "alg aes-cbc-256-hmac-sha256-96 key " K32 " auth-key " K32,
		  L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96, 32, 32 },
	};
	char line[256];
	struct run r;
	any_tb tb;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(line, sizeof(line), SA_BASE "%s", v[i].args);
		ok_run(&r, line, 1);
		CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_NEW);
		CHECK_EQ(cap_attrs(&r, 0, tb), 7);
		CHECK_EQ(u8(tb[L2TPSEC_A_SA_ALG]), v[i].alg);
		CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_ENC_KEY]), v[i].enc);
		CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_AUTH_KEY]), v[i].auth);
		run_free(&r);
	}
	usage_err(SA_BASE "alg 3des-cbc-hmac-sha1 key " K16 " auth-key " K20,
		  "key for 3des-cbc-hmac-sha1 must be 24 bytes, got 16");
	usage_err(SA_BASE "alg aes-cbc-128-hmac-sha256-96 key " K16 " auth-key " K20,
		  "auth-key for aes-cbc-128-hmac-sha256-96 must be 32 bytes, got 20");
}

static void t_sa_add_options(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, SA_BASE "alg aes-cbc-128-hmac-sha1 key " K16
	       " auth-key " K20 " esn seq 0xffffffff soft-bytes 1000"
	       " hard-bytes 18446744073709551615 soft-packets 5 hard-packets 6"
	       " soft-time 60 hard-time 4294967295 encap udp dport 4501", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 18);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_ALG]), L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_ENC_KEY]), 16);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_AUTH_KEY]), 20);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_ESN]), 1);
	CHECK_EQ(u64(tb[L2TPSEC_A_SA_SEQ]), 0xffffffffULL);
	CHECK_EQ(u64(tb[L2TPSEC_A_SA_LIFE_SOFT_BYTES]), 1000);
	CHECK_EQ(u64(tb[L2TPSEC_A_SA_LIFE_HARD_BYTES]), UINT64_MAX);
	CHECK_EQ(u64(tb[L2TPSEC_A_SA_LIFE_SOFT_PACKETS]), 5);
	CHECK_EQ(u64(tb[L2TPSEC_A_SA_LIFE_HARD_PACKETS]), 6);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SA_LIFE_SOFT_SECONDS]), 4);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_LIFE_SOFT_SECONDS]), 60);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_LIFE_HARD_SECONDS]), UINT32_MAX);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_ENCAP]), L2TPSEC_ENCAP_UDP);
	CHECK_EQ(u16(tb[L2TPSEC_A_SA_ENCAP_LOCAL_PORT]), 4500);
	CHECK_EQ(u16(tb[L2TPSEC_A_SA_ENCAP_PEER_PORT]), 4501);
	run_free(&r);

	/* IPv6 outer addresses go out as the IPv6 attributes */
	ok_run(&r, "sa add spi 300 dir in local 2001:db8::1 peer 2001:db8::2 "
	       "alg chacha20-poly1305 key " K32 "01020304 replay-window 0", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 7);
	CHECK(tb[L2TPSEC_A_LOCAL_IP6] && tb[L2TPSEC_A_PEER_IP6]);
	CHECK(!tb[L2TPSEC_A_LOCAL_IP4]);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_REPLAY_WINDOW]), 0);
	run_free(&r);
}

/* An inbound UDP SA first asks the module for the port (ENCAP_PORT, no
 * fd: the CLI exits), then adds the SA. */
static void t_sa_add_encap_in(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "sa add spi 0x2001 dir in local 10.0.0.1 peer 10.0.0.2 "
	       "alg aes-gcm-256 key " K32 "00000000 encap udp sport 4600", 2);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_ENCAP_NEW);
	CHECK_EQ(cap_attrs(&r, 0, tb), 1);
	CHECK_EQ(u16(tb[L2TPSEC_A_ENCAP_PORT]), 4600);
	CHECK(!tb[L2TPSEC_A_ENCAP_FD]);
	CHECK_EQ(cap_cmd(&r, 1), L2TPSEC_CMD_SA_NEW);
	CHECK_EQ(cap_attrs(&r, 1, tb), 9);
	CHECK_EQ(u16(tb[L2TPSEC_A_SA_ENCAP_LOCAL_PORT]), 4600);
	CHECK_EQ(u16(tb[L2TPSEC_A_SA_ENCAP_PEER_PORT]), 4500);
	run_free(&r);
	/* outbound: no socket needed */
	ok_run(&r, SA_BASE "alg aes-gcm-128 key " K20 " encap udp", 1);
	run_free(&r);
	/* encap none: no ports */
	ok_run(&r, SA_BASE "alg aes-gcm-128 key " K20 " encap none", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 7);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_ENCAP]), L2TPSEC_ENCAP_NONE);
	CHECK(!tb[L2TPSEC_A_SA_ENCAP_LOCAL_PORT]);
	run_free(&r);
}

static void t_sa_add_errors(void)
{
	usage_err(SA_BASE "alg aes-gcm-128 key " K16,
		  "key for aes-gcm-128 must be 20 bytes (16-byte key + 4-byte salt), got 16");
	usage_err(SA_BASE "alg aes-gcm-512 key " K20,
		  "unknown algorithm 'aes-gcm-512' (valid: aes-gcm-128, aes-gcm-256, "
		  "chacha20-poly1305, aes-cbc-128-hmac-sha1, aes-cbc-256-hmac-sha1, "
		  "aes-cbc-128-hmac-sha256, aes-cbc-256-hmac-sha256, 3des-cbc-hmac-sha1, "
		  "aes-cbc-128-hmac-sha256-96, aes-cbc-256-hmac-sha256-96)");
	usage_err(SA_BASE "alg aes-gcm-128", "sa add: missing key");
	usage_err("sa add dir out", "sa add: missing spi");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " auth-key " K20,
		  "auth-key is not used with aes-gcm-128 (AEAD: key is key + salt)");
	usage_err(SA_BASE "alg aes-cbc-256-hmac-sha1 key " K32,
		  "aes-cbc-256-hmac-sha1 needs auth-key (20-byte HMAC key)");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " replay-window 64",
		  "sa add: replay-window applies to inbound SAs only (dir in)");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " sport 4500",
		  "sa add: sport needs encap udp");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " encap tcp",
		  "invalid encap 'tcp' (expected none or udp)");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " soft-time 4294967296",
		  "soft-time 4294967296 out of range (0..4294967295)");
	usage_err("sa add spi 0x1001 dir out local 10.0.0.1 peer ::1 alg aes-gcm-128 key " K20,
		  "sa add: local and peer must both be IPv4 or both IPv6");
	usage_err("sa add spi 0x1001 spi 0x1002", "sa add: spi given twice");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " esn 1",
		  "sa add: unknown argument '1'");
	usage_err(SA_BASE "alg aes-gcm-128 key " K20 " replay-window 16385",
		  "replay-window 16385 out of range (0..16384)");
	usage_err("sa add spi 0x1001 dir sideways", "invalid dir 'sideways' (expected in or out)");
	usage_err(SA_BASE "alg aes-gcm-128 key zz", "key: invalid hex digit at position 1");
}

/* Keys are wiped from argv (and so from /proc/PID/cmdline). */
static void t_sa_key_wiped(void)
{
	char line[] = SA_BASE "alg aes-cbc-128-hmac-sha1 key " K16 " auth-key " K20;
	char *argv[32], *save = NULL;
	struct cli c;
	int argc = 0;
	FILE *null = fopen("/dev/null", "w");

	argv[argc++] = (char *)"l2tpsec";
	for (char *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	memset(&c, 0, sizeof(c));
	c.out = c.err = null;
	c.k.dry_run = true;
	CHECK_EQ(cli_main(&c, argc, argv), EXIT_OK);
	CHECK_EQ(argv[argc - 1][0], '\0');	/* auth-key value */
	CHECK_EQ(argv[argc - 3][0], '\0');	/* key value */
	CHECK_STR(argv[argc - 4], "key");
	CHECK_STR(argv[1], "sa");
	fclose(null);
}

/* A key file with text and mode, named in path (64 bytes). */
static void key_file(char *path, const char *text, mode_t mode)
{
	int fd;

	snprintf(path, 64, "/tmp/l2s-key-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	CHECK_EQ(fchmod(fd, mode), 0);
	close(fd);
}

static const uint8_t *key_attr(const struct run *r, uint16_t type, size_t *len)
{
	any_tb tb;

	*len = 0;
	if (cap_attrs(r, 0, tb) < 0 || !tb[type])
		return NULL;
	*len = mnl_attr_get_payload_len(tb[type]);
	return mnl_attr_get_payload(tb[type]);
}

static void check_key(const struct run *r, uint16_t type, const char *hex)
{
	uint8_t want[64];
	size_t n = strlen(hex) / 2, len;
	const uint8_t *got = key_attr(r, type, &len);

	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &want[i]);
	CHECK_EQ(len, n);
	CHECK(got && !memcmp(got, want, n));
}

/* The keys from files (mode 0600) and from standard input, not argv. */
static void t_sa_key_file_stdin(void)
{
	char kf[64], af[64], line[512];
	struct run r;

	key_file(kf, "0x" K16 "\n", 0600);
	key_file(af, "  " K20 "  \r\n# the rest is not read\n", 0400);
	snprintf(line, sizeof(line), SA_BASE "alg aes-cbc-128-hmac-sha1 key-file %s "
		 "auth-key-file %s", kf, af);
	ok_run(&r, line, 1);
	check_key(&r, L2TPSEC_A_SA_ENC_KEY, K16);
	check_key(&r, L2TPSEC_A_SA_AUTH_KEY, K20);
	run_free(&r);
	run_cli_in(&r, SA_BASE "alg aes-gcm-128 key -", K20 "\n");
	CHECK_EQ(r.rc, EXIT_OK);
	CHECK_EQ(r.cap.n, 1);
	check_key(&r, L2TPSEC_A_SA_ENC_KEY, K20);
	run_free(&r);
	snprintf(line, sizeof(line), SA_BASE "alg aes-cbc-128-hmac-sha1 key-file %s "
		 "auth-key -", kf);
	run_cli_in(&r, line, "0x" K20);	/* no newline at the end */
	CHECK_EQ(r.rc, EXIT_OK);
	check_key(&r, L2TPSEC_A_SA_ENC_KEY, K16);
	check_key(&r, L2TPSEC_A_SA_AUTH_KEY, K20);
	run_free(&r);
	unlink(kf);
	unlink(af);
}

static void t_sa_key_file_errors(void)
{
	char open_f[64], bad[64], good[64], line[512], want[600];
	struct run r;

	key_file(open_f, K20 "\n", 0640);
	key_file(bad, "00zz\n", 0600);
	key_file(good, K20 "\n", 0600);
	snprintf(line, sizeof(line), SA_BASE "alg aes-gcm-128 key-file %s", open_f);
	snprintf(want, sizeof(want), "key-file: permissions 0640 for '%s' are too open "
		 "(group or others can access it; chmod 600 it)", open_f);
	usage_err(line, want);
	snprintf(line, sizeof(line), SA_BASE "alg aes-gcm-128 key-file %s", bad);
	usage_err(line, "key-file: invalid hex digit at position 3");
	usage_err(SA_BASE "alg aes-gcm-128 key-file /nonexistent/k",
		  "key-file: cannot read '/nonexistent/k': No such file or directory");
	usage_err(SA_BASE "alg aes-gcm-128 key-file /tmp",
		  "key-file: '/tmp' is not a regular file");
	snprintf(line, sizeof(line), SA_BASE "alg aes-gcm-128 key " K20 " key-file %s", good);
	usage_err(line, "sa add: give key or key-file, not both");
	snprintf(line, sizeof(line), SA_BASE "alg aes-gcm-128 key-file %s key " K20, good);
	usage_err(line, "sa add: give key or key-file, not both");
	usage_err(SA_BASE "alg aes-cbc-128-hmac-sha1 auth-key " K20 " auth-key-file /x key " K16,
		  "sa add: give auth-key or auth-key-file, not both");
	usage_err(SA_BASE "alg aes-gcm-128", "sa add: missing key");
	/* standard input: empty, bad hex, read twice */
	usage_err(SA_BASE "alg aes-gcm-128 key -", "key -: nothing on standard input");
	run_cli_in(&r, SA_BASE "alg aes-gcm-128 key -", "xyz\n");
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "l2tpsec: key: invalid hex digit at position 1\n");
	CHECK_EQ(r.cap.n, 0);
	run_free(&r);
	run_cli_in(&r, SA_BASE "alg aes-cbc-128-hmac-sha1 key - auth-key -", K16 "\n" K20 "\n");
	CHECK_EQ(r.rc, EXIT_USAGE);
	CHECK_STR(r.err, "l2tpsec: auth-key -: standard input is already taken "
		  "(by -batch - or another '-'); use key-file\n");
	run_free(&r);
	unlink(open_f);
	unlink(bad);
	unlink(good);
}

static void t_sa_del_show(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "sa del spi 4097 dir in", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_DEL);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_SPI]), 4097);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_DIR]), L2TPSEC_DIR_IN);
	run_free(&r);
	ok_run(&r, "sa show dir out spi 0x1001", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_GET);
	CHECK_EQ(cap_nlh(&r, 0)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	run_free(&r);
	usage_err("sa del spi 4097", "sa del: missing dir");
	usage_err("sa del", "sa del: missing spi");
	usage_err("sa show spi 4097", "sa show: give both spi and dir, or neither");
	usage_err("sa show all", "sa show: unknown argument 'all'");
}

static void t_sa_set(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "sa set spi 0x1001 dir in peer 192.0.2.7 dport 40001", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SA_SET);
	CHECK_EQ(cap_attrs(&r, 0, tb), 4);
	CHECK_EQ(u32(tb[L2TPSEC_A_SA_SPI]), 0x1001);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_DIR]), L2TPSEC_DIR_IN);
	CHECK_EQ(u32(tb[L2TPSEC_A_PEER_IP4]), htonl(0xc0000207));
	CHECK_EQ(u16(tb[L2TPSEC_A_SA_ENCAP_PEER_PORT]), 40001);
	run_free(&r);
	ok_run(&r, "sa set dir out spi 4097 dport 4501", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 3);
	CHECK_EQ(u8(tb[L2TPSEC_A_SA_DIR]), L2TPSEC_DIR_OUT);
	CHECK(!tb[L2TPSEC_A_PEER_IP4]);
	run_free(&r);
	ok_run(&r, "tunnel set id 10 peer 192.0.2.8", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_TUNNEL_SET);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(u32(tb[L2TPSEC_A_PEER_IP4]), htonl(0xc0000208));
	run_free(&r);
	usage_err("sa set spi 4097 dir in", "sa set: nothing to change (peer or dport)");
	usage_err("sa set spi 4097 peer 10.0.0.1", "sa set: missing dir");
	usage_err("sa set dir in dport 4500", "sa set: missing spi");
	usage_err("sa set spi 4097 dir in dport 0", "dport 0 out of range (1..65535)");
	usage_err("sa set spi 4097 dir in alg aes-gcm-128", "sa set: unknown argument 'alg'");
}

static void t_encap(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "encap add port 4500", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_ENCAP_NEW);
	CHECK_EQ(cap_attrs(&r, 0, tb), 1);
	CHECK_EQ(u16(tb[L2TPSEC_A_ENCAP_PORT]), 4500);
	run_free(&r);
	ok_run(&r, "encap del port 0x1194", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_ENCAP_DEL);
	CHECK_EQ(cap_attrs(&r, 0, tb), 1);
	CHECK_EQ(u16(tb[L2TPSEC_A_ENCAP_PORT]), 4500);
	run_free(&r);
	ok_run(&r, "encap show --json", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_ENCAP_GET);
	CHECK(cap_nlh(&r, 0)->nlmsg_flags & NLM_F_DUMP);
	CHECK_STR(r.out, "[]\n");
	run_free(&r);
	usage_err("encap add", "encap add: missing port");
	usage_err("encap add port 0", "port 0 out of range (1..65535)");
	usage_err("encap add port 4500 port 4501", "encap add: port given twice");
	usage_err("encap show port 1", "encap show: unknown argument 'port'");
}

static void t_tunnel(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "tunnel add id 10 peer-id 20 version 2 local 10.0.0.1 "
	       "peer 10.0.0.2 sport 1702 dport 1703 sa-out 0x1001 esp-required", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_TUNNEL_NEW);
	CHECK_EQ(cap_attrs(&r, 0, tb), 9);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_ID]), 10);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_PEER_ID]), 20);
	CHECK_EQ(u8(tb[L2TPSEC_A_TUNNEL_VERSION]), 2);
	CHECK_EQ(u16(tb[L2TPSEC_A_TUNNEL_LOCAL_PORT]), 1702);
	CHECK_EQ(u16(tb[L2TPSEC_A_TUNNEL_PEER_PORT]), 1703);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_SA_OUT]), 0x1001);
	CHECK_EQ(u8(tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED]), 1);
	run_free(&r);
	ok_run(&r, "tunnel add id 70000 peer-id 1 version 3 local 10.0.0.1 peer 10.0.0.2", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 5);
	run_free(&r);
	ok_run(&r, "tunnel set id 10 sa-out none", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_TUNNEL_SET);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_SA_OUT]), 0);
	run_free(&r);
	ok_run(&r, "tunnel set id 10 esp-required off sa-out 0x1002", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 3);
	CHECK_EQ(u8(tb[L2TPSEC_A_TUNNEL_ESP_REQUIRED]), 0);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_SA_OUT]), 0x1002);
	run_free(&r);
	ok_run(&r, "tunnel add id 11 peer-id 1 version 3 local 10.0.0.1 peer 10.0.0.2 "
	       "sa-in 0x2001,0x2002", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 6);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_TUNNEL_SA_IN]), 8);
	CHECK_EQ(((const uint32_t *)mnl_attr_get_payload(tb[L2TPSEC_A_TUNNEL_SA_IN]))[1],
		 0x2002);
	run_free(&r);
	ok_run(&r, "tunnel set id 11 sa-in 0x2003", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_SA_IN]), 0x2003);
	run_free(&r);
	ok_run(&r, "tunnel set id 11 sa-in none", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_TUNNEL_SA_IN]), 0);
	run_free(&r);
	ok_run(&r, "tunnel del id 10", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_TUNNEL_DEL);
	run_free(&r);
	ok_run(&r, "tunnel show id 10", 1);
	CHECK_EQ(cap_nlh(&r, 0)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	run_free(&r);
	ok_run(&r, "tunnel show", 1);
	CHECK(cap_nlh(&r, 0)->nlmsg_flags & NLM_F_DUMP);
	run_free(&r);
	usage_err("tunnel add id 70000 peer-id 1 version 2 local 10.0.0.1 peer 10.0.0.2",
		  "tunnel add: id 70000 out of range for version 2 (1..65535)");
	usage_err("tunnel add id 1 peer-id 1 version 4 local 10.0.0.1 peer 10.0.0.2",
		  "version 4 out of range (2..3)");
	usage_err("tunnel add id 1 peer-id 1 version 3 local 10.0.0.1",
		  "tunnel add: missing peer");
	usage_err("tunnel add id 1 peer-id 1 version 3 local 10.0.0.1 peer 10.0.0.2 esp-required on",
		  "tunnel add: unknown argument 'on'");
	usage_err("tunnel set id 1", "tunnel set: nothing to change (sa-out, sa-in, esp-required or peer)");
	usage_err("tunnel add id 1 peer-id 1 version 3 local 10.0.0.1 peer 10.0.0.2 sa-in none",
		  "invalid sa-in 'none' (expected a decimal or 0x-hex number)");
	usage_err("tunnel set id 1 sa-in 0x1001,0x1002,0x1003,0x1004,0x1005",
		  "tunnel set: sa-in: at most 4 SPIs");
	usage_err("tunnel set id 1 sa-in 0x1001,5", "sa-in 5 is reserved (must be 256..4294967295, RFC 4303)");
	usage_err("tunnel set id 1 esp-required", "tunnel set: esp-required needs a value");
	usage_err("tunnel set id 1 sa-out 5", "sa-out 5 is reserved (must be 256..4294967295, RFC 4303)");
	usage_err("tunnel set id 1 version 2", "tunnel set: unknown argument 'version'");
	usage_err("tunnel del", "tunnel del: missing id");
	usage_err("tunnel del id 0", "id 0 out of range (1..4294967295)");
}

static void t_session(void)
{
	struct run r;
	any_tb tb;

	ok_run(&r, "session add tunnel 10 id 100 peer-id 200 name l2tp0 pw eth "
	       "cookie 01020304 peer-cookie 0102030405060708 l2spec none "
	       "seq both mtu 1400", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SESSION_NEW);
	CHECK_EQ(cap_attrs(&r, 0, tb), 11);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_ID]), 10);
	CHECK_EQ(u32(tb[L2TPSEC_A_SESSION_ID]), 100);
	CHECK_EQ(u32(tb[L2TPSEC_A_SESSION_PEER_ID]), 200);
	CHECK_STR(mnl_attr_get_str(tb[L2TPSEC_A_SESSION_IFNAME]), "l2tp0");
	CHECK_EQ(u16(tb[L2TPSEC_A_SESSION_PW_TYPE]), L2TPSEC_PWTYPE_ETH);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SESSION_COOKIE]), 4);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_SESSION_PEER_COOKIE]), 8);
	CHECK_EQ(u8(tb[L2TPSEC_A_SESSION_L2SPEC]), L2TPSEC_L2SPEC_NONE);
	CHECK_EQ(u8(tb[L2TPSEC_A_SESSION_SEND_SEQ]), 1);
	CHECK_EQ(u8(tb[L2TPSEC_A_SESSION_RECV_SEQ]), 1);
	CHECK_EQ(u32(tb[L2TPSEC_A_SESSION_MTU]), 1400);
	run_free(&r);
	ok_run(&r, "session add tunnel 1 id 2 peer-id 3 pw ppp seq recv", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 6);
	CHECK_EQ(u16(tb[L2TPSEC_A_SESSION_PW_TYPE]), L2TPSEC_PWTYPE_PPP);
	CHECK_EQ(u8(tb[L2TPSEC_A_SESSION_SEND_SEQ]), 0);
	CHECK_EQ(u8(tb[L2TPSEC_A_SESSION_RECV_SEQ]), 1);
	run_free(&r);
	ok_run(&r, "session del tunnel 1 id 2", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_SESSION_DEL);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	run_free(&r);
	ok_run(&r, "session show tunnel 1", 1);
	CHECK(cap_nlh(&r, 0)->nlmsg_flags & NLM_F_DUMP);
	run_free(&r);
	ok_run(&r, "session show tunnel 1 id 2", 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	run_free(&r);
	usage_err("session add tunnel 1 id 2 peer-id 3 cookie 010203",
		  "cookie must be 4 or 8 bytes, got 3");
	usage_err("session add tunnel 1 id 2 peer-id 3 cookie 010203040506070809",
		  "cookie: too long (9 bytes, at most 8)");
	usage_err("session add tunnel 1 id 2 peer-id 3 pw ppp cookie 01020304",
		  "session add: cookie is for L2TPv3 (pw eth) sessions only");
	usage_err("session add tunnel 1 id 70000 peer-id 3 pw ppp",
		  "session add: pw ppp (L2TPv2) ids are 16 bits (1..65535)");
	usage_err("session add tunnel 1 id 2 peer-id 3 mtu 67", "mtu 67 out of range (68..65535)");
	usage_err("session add tunnel 1 id 2 peer-id 3 pw atm",
		  "invalid pw 'atm' (expected eth or ppp)");
	usage_err("session add tunnel 1 id 2 peer-id 3 name a/b",
		  "invalid name 'a/b' (1-15 characters, no '/', ':' or spaces)");
	usage_err("session add tunnel 1 id 2", "session add: missing peer-id");
	usage_err("session del tunnel 1", "session del: missing id");
	usage_err("session show id 2", "session show: missing tunnel");
}

static void t_stats_monitor(void)
{
	struct run r;

	ok_run(&r, "stats", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_STATS_GET);
	CHECK_EQ(cap_nlh(&r, 0)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	run_free(&r);
	ok_run(&r, "monitor", 0);
	run_free(&r);
	ok_run(&r, "--json monitor", 0);
	run_free(&r);
	usage_err("stats all", "stats: unknown argument 'all'");
	usage_err("monitor sa", "monitor: unknown argument 'sa'");
}

static void t_ctrl_ppp(void)
{
	static const uint8_t sccrq[] = { 0xc8, 0x02, 0x00, 0x0c, 0, 0, 0, 0,
					 0, 0, 0, 0 };
	char *line, *p;
	struct run r;
	any_tb tb;

	ok_run(&r, "ctrl send tunnel 10 hex c802000c0000000000000000", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_CTRL_SEND);
	CHECK_EQ(cap_attrs(&r, 0, tb), 2);
	CHECK_EQ(u32(tb[L2TPSEC_A_TUNNEL_ID]), 10);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_PAYLOAD]), 12);
	CHECK(memcmp(mnl_attr_get_payload(tb[L2TPSEC_A_PAYLOAD]), sccrq, 12) == 0);
	run_free(&r);
	ok_run(&r, "ppp send tunnel 10 session 100 hex c0210101000401", 1);
	CHECK_EQ(cap_cmd(&r, 0), L2TPSEC_CMD_PPP_SEND);
	CHECK_EQ(cap_attrs(&r, 0, tb), 3);
	CHECK_EQ(u32(tb[L2TPSEC_A_SESSION_ID]), 100);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_PAYLOAD]), 7);
	run_free(&r);

	/* the largest payload fits, one more byte does not */
	line = malloc(64 + 2 * (L2TPSEC_PAYLOAD_MAX + 1));
	p = line + sprintf(line, "ppp send tunnel 1 session 2 hex ");
	for (int i = 0; i < L2TPSEC_PAYLOAD_MAX; i++)
		p += sprintf(p, "ab");
	ok_run(&r, line, 1);
	CHECK_EQ(cap_attrs(&r, 0, tb), 3);
	CHECK_EQ(mnl_attr_get_payload_len(tb[L2TPSEC_A_PAYLOAD]),
		 L2TPSEC_PAYLOAD_MAX);
	run_free(&r);
	strcpy(p, "ab");
	usage_err(line, "hex: too long (4097 bytes, at most 4096)");
	free(line);

	usage_err("ctrl send tunnel 10 hex c802", "ctrl send: payload too short (2 bytes, at least 12)");
	usage_err("ctrl send tunnel 10 hex 0802000c0000000000000000",
		  "ctrl send: hex is not an L2TP control message (T bit not set)");
	usage_err("ctrl send hex c802000c0000000000000000", "ctrl send: missing tunnel");
	usage_err("ctrl send tunnel 10 session 1 hex c802000c0000000000000000",
		  "ctrl send: unknown argument 'session'");
	usage_err("ppp send tunnel 10 hex c021", "ppp send: missing session");
	usage_err("ppp send tunnel 10 session 1 hex c0", "ppp send: payload too short (1 bytes, at least 2)");
	usage_err("ppp send tunnel 10 session 1 hex", "ppp send: hex needs a value");
}

const struct test_case cmd_tests[] = {
	T(t_main), T(t_json_anywhere), T(t_sa_add_aead), T(t_sa_add_legacy), T(t_sa_add_options),
	T(t_sa_add_encap_in), T(t_sa_add_errors), T(t_sa_key_wiped),
	T(t_sa_key_file_stdin), T(t_sa_key_file_errors),
	T(t_sa_del_show), T(t_sa_set), T(t_encap), T(t_tunnel), T(t_session),
	T(t_stats_monitor), T(t_ctrl_ppp), T_END
};
