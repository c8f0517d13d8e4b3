/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The library's error type: one line that says what is wrong, without a
 * program prefix ("spi: 5 is out of range (256..4294967295)"). Every
 * library function that can fail for a reason a person must read fills
 * one; the front end decides how to show it.
 */
#ifndef L2TPSEC_ERR_H
#define L2TPSEC_ERR_H

struct l2s_err {
	char msg[512];
};

void l2s_errf(struct l2s_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
