// SPDX-License-Identifier: GPL-2.0
/* l2tpsecd: placeholder main until the daemon core lands. */
int main(void)
{
	return 1;
}
