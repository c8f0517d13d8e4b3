// SPDX-License-Identifier: GPL-2.0
/*
 * SIGHUP after the privilege drop (daemon/loop.c loop_reload(),
 * daemon/ked.c ked_reload()): a configuration that names a file the
 * daemon can no longer read (root-only psk-file or private key) is not
 * applied at all; the running one stays whole and the log says why. The
 * daemon runs in a forked child that drops to uid 65534 as l2tpsecd does.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "conf.h"
#include "ike_sa.h"
#include "ked.h"
#include "loop.h"
#include "test.h"

static char dir[32];

static uint64_t f_now(struct ked *d)
{
	(void)d;
	return 1000000;
}

static const struct ked_ops ops = { .now = f_now };

static void put(const char *name, const char *text, mode_t mode)
{
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	CHECK_EQ(fchmod(fd, mode), 0);
	close(fd);
}

static void copy(const char *from, const char *name, mode_t mode)
{
	size_t len;
	char *text = test_read_file(from, &len);

	CHECK(text != NULL);
	if (text)
		put(name, text, mode);
	free(text);
}

#define CONN "conn a {\n local 192.0.2.1\n remote 198.51.100.2\n auth psk\n"

/* The child: start as root, drop, reload three times. Exit code = first failed step. */
static int child(void)
{
	char path[128], log[128], err[512];
	struct conf *c;
	struct ike_sa *sa;
	struct ked d;
	int fd;

	snprintf(log, sizeof(log), "%s/log", dir);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || dup2(fd, 2) < 0)
		return 2;
	log_setup(LOG_NOTICE, false);	/* stderr: the file */
	snprintf(path, sizeof(path), "%s/start.conf", dir);
	c = loop_conf_load(path, err, sizeof(err));
	if (!c || ked_init(&d, &ops, NULL, c, err, sizeof(err)))
		return 3;
	sa = ike_sa_new(&d, false, &d.conf->conns[0]);
	if (!sa || setgid(65534) || setuid(65534))
		return 4;
	/* the psk-file of the running conn became root-only territory */
	snprintf(path, sizeof(path), "%s/start.conf", dir);
	if (loop_reload(&d, path) != -1 || d.conf != c || sa->conn != &c->conns[0] ||
	    c->conns[0].psk_len != 20 || memcmp(c->conns[0].psk, "0123456789abcdef0123", 20))
		return 5;
	/* a new cert conn whose private key is root-only */
	snprintf(path, sizeof(path), "%s/cert.conf", dir);
	if (loop_reload(&d, path) != -1 || d.conf != c || d.conf->n_conns != 1 || d.trust)
		return 6;
	/* everything readable: applied */
	snprintf(path, sizeof(path), "%s/open.conf", dir);
	if (loop_reload(&d, path) != 0 || d.conf == c || d.conf->conns[0].psk_len != 16)
		return 7;
	c = d.conf;
	ked_free(&d);
	conf_free(c);
	free(c);
	return 0;
}

static void t_reload_unreadable_keeps_all(void)
{
	char text[1024], p[128], *log = NULL;
	int status = -1;
	size_t len = 0;
	FILE *f;
	pid_t pid;

	if (geteuid() != 0) {
		fprintf(stderr, "  (skipped: not root)\n");
		return;
	}
	snprintf(dir, sizeof(dir), "/tmp/l2s-hup-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(chmod(dir, 0755), 0);
	put("psk", "0123456789abcdef0123\n", 0600);	/* root's */
	snprintf(text, sizeof(text), CONN " psk-file %s/psk\n}\n", dir);
	put("start.conf", text, 0644);
	copy("data/auth/ca.pem", "ca.pem", 0644);
	copy("data/auth/rsa.pem", "rsa.pem", 0644);
	copy("data/auth/rsa.key", "rsa.key", 0600);	/* root's */
	snprintf(text, sizeof(text), "ca %s/ca.pem\nconn b {\n local 192.0.2.1\n"
		 " remote 198.51.100.3\n auth cert\n cert %s/rsa.pem\n key %s/rsa.key\n"
		 " remote-id any\n}\n", dir, dir, dir);
	put("cert.conf", text, 0644);
	put("open.conf", CONN " psk \"fedcba9876543210\"\n}\n", 0644);
	pid = fork();
	if (pid == 0)
		_exit(child());
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	snprintf(p, sizeof(p), "%s/log", dir);
	f = fopen(p, "r");
	if (f) {
		log = calloc(1, 65536);
		len = log ? fread(log, 1, 65535, f) : 0;
		fclose(f);
	}
	CHECK(len > 0);
	if (log) {
		CHECK_HAS(log, "reload failed, the running configuration stays entirely in force: ");
		CHECK_HAS(log, "/psk: Permission denied");
		CHECK_HAS(log, "/rsa.key");
		CHECK_HAS(log, "l2tpsecd runs as uid 65534 since it dropped its privileges");
		CHECK_HAS(log, "configuration reloaded");
	}
	free(log);
	{
		static const char *const names[] = {
			"psk", "start.conf", "ca.pem", "rsa.pem", "rsa.key", "cert.conf",
			"open.conf", "log",
		};

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
			unlink(p);
		}
	}
	rmdir(dir);
}

const struct test_case daemon_reload_tests[] = {
	T(t_reload_unreadable_keeps_all),
	T_END
};
