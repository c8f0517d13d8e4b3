// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsecd's whole IKEv1 input path: a responder daemon with IKEv1 conns
 * (fake network, fake kernel) gets the input as a sequence of datagrams,
 * each prefixed with a 2-byte length and a flag byte (bit 0: arrived on
 * the NAT-T port, bit 1: from a second source address, bit 2: the
 * cookies of the newest IKE SA are written into its header, so that the
 * later messages of an exchange reach that SA although its responder
 * cookie is random). Between datagrams the clock advances (flags >> 4
 * seconds) and timers run. Answers are built and "sent" (dropped).
 * Whatever the bytes, nothing may crash, leak or read out of bounds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <syslog.h>

#include "ked.h"
#include "fuzz.h"
#include "fuzz_daemon.h"

static const char conf_text[] =
	"half-open-per-source 4\n"
	"conn a {\n local 192.0.2.2\n remote 192.0.2.1\n auth psk\n version 1\n weak yes\n"
	" psk \"fuzzing-shared-secret\"\n"
	" ike aes256-aes128-sha256-sha1-modp2048-modp1024-ecp256\n"
	" esp aes256-aes128-sha1-sha256\n dpd 10s\n"
	" l2tp {\n tunnel-id 1\n peer-tunnel-id 2\n session-id 3\n peer-session-id 4\n }\n}\n"
	"conn b {\n local 192.0.2.2\n remote any\n auth psk\n version 1\n"
	" psk \"fuzzing-shared-secret\"\n}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_daemon_run(conf_text, sizeof(conf_text) - 1, data, size, true);
}
