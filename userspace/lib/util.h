/* SPDX-License-Identifier: GPL-2.0 */
/* Small macros every layer uses. */
#ifndef L2TPSEC_UTIL_H
#define L2TPSEC_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1ULL << (n))

#endif
