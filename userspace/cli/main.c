// SPDX-License-Identifier: GPL-2.0
/* l2tpsec: program entry point (everything else is in cli_main). */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
	struct cli c = {
		.out = stdout,
		.err = stderr,
	};

	return cli_main(&c, argc, argv);
}
