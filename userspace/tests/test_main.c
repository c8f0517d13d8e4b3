// SPDX-License-Identifier: GPL-2.0
/* The runner of every userspace unit test: KTAP-ish, closing "N passed". */
#include <ctype.h>
#include <stdlib.h>

#include "test.h"

int t_checks_failed;

/* One suite per test_*.c; weak so that a missing suite is skipped. */
#define SUITE(name) extern const struct test_case name[] __attribute__((weak))
SUITE(parse_tests);
SUITE(json_tests);
SUITE(cmd_tests);
SUITE(reply_tests);
SUITE(batch_tests);
SUITE(ike_msg_tests);
SUITE(ikev1_msg_tests);
SUITE(ikev1_keys_tests);
SUITE(ike_crypto_tests);
SUITE(ike_dh_tests);
SUITE(ike_auth_tests);
SUITE(ike_conf_tests);
SUITE(ike_sa_tests);
SUITE(ike_exchange_tests);
SUITE(ikev1_exchange_tests);
SUITE(ike_collision_tests);
SUITE(ike_ctl_tests);
SUITE(daemon_timer_tests);
SUITE(daemon_scale_tests);
SUITE(daemon_reload_tests);
SUITE(remote_access_tests);
SUITE(l2tp_msg_tests);
SUITE(l2tp_auth_tests);
SUITE(l2tp_ctrl_tests);
SUITE(l2tp_lns_tests);
SUITE(ppp_pkt_tests);
SUITE(ppp_fsm_tests);
SUITE(ppp_opts_tests);
SUITE(ppp_auth_tests);
SUITE(ppp_server_tests);
SUITE(auth_users_tests);
SUITE(auth_pool_tests);
SUITE(dhcp_inform_tests);

static const struct {
	const char *name;
	const struct test_case *cases;
} suites[] = {
	{ "parse", parse_tests },
	{ "json", json_tests },
	{ "commands", cmd_tests },
	{ "replies", reply_tests },
	{ "batch", batch_tests },
	{ "msg", ike_msg_tests },
	{ "ikev1-msg", ikev1_msg_tests },
	{ "ikev1-keys", ikev1_keys_tests },
	{ "crypto", ike_crypto_tests },
	{ "dh", ike_dh_tests },
	{ "auth", ike_auth_tests },
	{ "conf", ike_conf_tests },
	{ "sa", ike_sa_tests },
	{ "exchange", ike_exchange_tests },
	{ "ikev1-exchange", ikev1_exchange_tests },
	{ "collision", ike_collision_tests },
	{ "ctl", ike_ctl_tests },
	{ "timer", daemon_timer_tests },
	{ "scale", daemon_scale_tests },
	{ "reload", daemon_reload_tests },
	{ "remote-access", remote_access_tests },
	{ "l2tp-msg", l2tp_msg_tests },
	{ "l2tp-auth", l2tp_auth_tests },
	{ "l2tp-ctrl", l2tp_ctrl_tests },
	{ "l2tp-lns", l2tp_lns_tests },
	{ "ppp-pkt", ppp_pkt_tests },
	{ "ppp-fsm", ppp_fsm_tests },
	{ "ppp-opts", ppp_opts_tests },
	{ "ppp-auth", ppp_auth_tests },
	{ "ppp-server", ppp_server_tests },
	{ "users", auth_users_tests },
	{ "pool", auth_pool_tests },
	{ "dhcp", dhcp_inform_tests },
};

const char *test_data_dir(void)
{
	const char *d = getenv("TEST_DATA");

	return d ? d : "tests";
}

char *test_read_file(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", test_data_dir(), name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "  cannot open %s\n", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	return buf;
}

long test_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;

		if (isspace((unsigned char)*hex))
			continue;
		if (!isxdigit((unsigned char)*hex))
			return -1;
		v = isdigit((unsigned char)*hex) ? *hex - '0' :
			tolower((unsigned char)*hex) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		if (!suites[s].cases)
			continue;
		for (const struct test_case *t = suites[s].cases; t->name; t++) {
			int before = t_checks_failed;

			if (only && !strstr(t->name, only) &&
			    !strstr(suites[s].name, only))
				continue;
			t->fn();
			if (t_checks_failed == before) {
				passed++;
				printf("ok %d %s/%s\n", passed + failed,
				       suites[s].name, t->name);
			} else {
				failed++;
				printf("not ok %d %s/%s\n", passed + failed,
				       suites[s].name, t->name);
			}
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
