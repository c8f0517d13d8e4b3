// SPDX-License-Identifier: GPL-2.0
/* l2tpsecd logging: syslog or stderr, with a level filter. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "ike_sa.h"
#include "log.h"

int log_level = LOG_INFO;
static bool log_syslog;

static const char *const prio_names[] = {
	"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug",
};

void log_setup(int level, bool to_syslog)
{
	log_level = level;
	if (to_syslog && !log_syslog)
		openlog("l2tpsecd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = to_syslog;
}

static void vlog(int prio, const char *prefix, const char *fmt, va_list ap)
{
	char msg[1024];

	if (prio > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_syslog) {
		syslog(prio, "%s%s", prefix, msg);
		return;
	}
	{
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		fprintf(stderr, "%02d:%02d:%02d.%03ld %s: %s%s\n", tm.tm_hour, tm.tm_min,
			tm.tm_sec, ts.tv_nsec / 1000000, prio_names[prio & 7], prefix, msg);
	}
}

/**
 * logx() - log a message at syslog priority prio (dropped above log_level)
 * @prio: LOG_ERR ... LOG_DEBUG
 * @fmt: printf format
 */
void logx(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(prio, "", fmt, ap);
	va_end(ap);
}

/**
 * sa_log() - log a message about an IKE SA, prefixed "conn[serial]: "
 * @sa: the IKE SA
 * @prio: syslog priority
 * @fmt: printf format
 */
void sa_log(const struct ike_sa *sa, int prio, const char *fmt, ...)
{
	char prefix[96];
	va_list ap;

	if (prio > log_level)
		return;
	snprintf(prefix, sizeof(prefix), "%s[%u]: ",
		 sa->conn_name[0] ? sa->conn_name : "?", sa->serial);
	va_start(ap, fmt);
	vlog(prio, prefix, fmt, ap);
	va_end(ap);
}
