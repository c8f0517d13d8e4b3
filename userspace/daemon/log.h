/* SPDX-License-Identifier: GPL-2.0 */
/* l2tpsecd logging (log.c): syslog or stderr, with a level filter. */
#ifndef L2TPSEC_DAEMON_LOG_H
#define L2TPSEC_DAEMON_LOG_H

#include <stdbool.h>

struct ike_sa;

void log_setup(int level, bool to_syslog);
void logx(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Per IKE SA: "conn[#serial] message" */
void sa_log(const struct ike_sa *sa, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int log_level;

#endif
