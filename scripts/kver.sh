#!/bin/bash
# Print the kernel version l2tpsec builds and tests against: the newest
# /boot/vmlinuz-V for which /lib/modules/V/build (matching headers) exists.
# Honours $KVER if already set (and checks it).
set -euo pipefail

if [[ -n "${KVER:-}" ]]; then
	printf '%s\n' "$KVER"
	exit 0
fi

best=
while IFS= read -r v; do
	[[ -d "/lib/modules/$v/build" ]] && best=$v
done < <(for f in /boot/vmlinuz-*; do
		[[ -e "$f" ]] && printf '%s\n' "${f#/boot/vmlinuz-}"
	done | sort -V)

if [[ -z "$best" ]]; then
	echo "kver.sh: no /boot/vmlinuz-V with /lib/modules/V/build; install linux-image-amd64 linux-headers-amd64" >&2
	exit 1
fi
printf '%s\n' "$best"
