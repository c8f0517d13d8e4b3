// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsecd's whole input path: a responder daemon (fake network, fake
 * kernel) gets the input as a sequence of datagrams, each prefixed with a
 * 2-byte length and a flag byte (bit 0: arrived on the NAT-T port, bit 1:
 * from a second source address). Between datagrams the clock advances and
 * timers run. Answers are built and "sent" (dropped). Whatever the bytes,
 * nothing may crash, leak or read out of bounds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <syslog.h>

#include "ked.h"
#include "fuzz.h"
#include "fuzz_daemon.h"

static const char conf_text[] =
	"cookie-threshold 2\n"
	"conn a {\n local 192.0.2.2\n remote 192.0.2.1\n auth psk\n"
	" psk \"fuzzing-shared-secret\"\n"
	" ike aes128gcm16-prfsha256-x25519, aes256-sha256-ecp256-modp2048\n"
	" esp aes128gcm16-x25519, aes256-sha256\n"
	" l2tp {\n tunnel-id 1\n peer-tunnel-id 2\n session-id 3\n peer-session-id 4\n }\n}\n"
	/* other sources: remote any, which cannot carry a pseudowire */
	"conn b {\n local 192.0.2.2\n remote any\n auth psk\n"
	" psk \"fuzzing-shared-secret\"\n"
	" ike aes128gcm16-prfsha256-x25519, aes256-sha256-ecp256-modp2048\n"
	" esp aes128gcm16-x25519, aes256-sha256\n}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_daemon_run(conf_text, sizeof(conf_text) - 1, data, size, false);
}
