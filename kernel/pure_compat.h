/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types and helpers for the files that are pure logic (replay.c,
 * l2tp_hdr.c): they build both in the module and in the userspace unit
 * tests and fuzzers, which provide tests/unit/kshim.h.
 */
#ifndef _L2TPSEC_PURE_COMPAT_H
#define _L2TPSEC_PURE_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#else
#include "kshim.h"
#endif

#endif
