// SPDX-License-Identifier: GPL-2.0
/* "monitor": a received datagram of events, printed as text and JSON. */
#include "fuzz.h"
#include "cmd_monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *buf;

	if (size < 1 || size > 65536)
		return 0;
	buf = fuzz_copy(data + 1, size - 1);
	/* family id 0x2a, as in the seed corpus */
	monitor_handle(fuzz_null(), fuzz_null(), data[0] & 1, L2S_DRY_FAMILY,
		       buf, size - 1);
	free(buf);
	return 0;
}
