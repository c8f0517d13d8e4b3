#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Style and documentation lint of the kernel module (`make lint`):
#
#   1. scripts/checkpatch.pl --strict --no-tree -f on kernel/*.[ch] and
#      kernel/uapi/*.h (not the generated *.mod.c)
#   2. scripts/kernel-doc -none -v on the same files (malformed kernel-doc,
#      undocumented parameters/members/enum values, missing Return:)
#   3. every non-static function definition in kernel/*.c is preceded by a
#      kernel-doc comment (project convention; kernel-doc cannot see that)
#
#   scripts/kernel-lint.sh [FILE...]      (default: the files above)
#
# checkpatch.pl and kernel-doc come from, in this order: $KSRC (a kernel
# source tree), or the newest /usr/src/linux-source-*.tar.xz (Debian's
# linux-source package), whose scripts/ are extracted once into
# out/kernel-lint/<version>/ (a few files, not the whole tree).
#
# Exit status: 0 when everything is clean, 1 on any error, warning or check,
# 2 when the tools cannot be found.
{
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 2

msg() { echo "kernel-lint: $*" >&2; }

# Files checkpatch.pl reads next to itself, plus kernel-doc.
TOOL_FILES=(scripts/checkpatch.pl scripts/spelling.txt
	    scripts/const_structs.checkpatch scripts/kernel-doc)

find_tools() {
	local tarball top dir f missing
	if [[ -n "${KSRC:-}" ]]; then
		if [[ -f "$KSRC/scripts/checkpatch.pl" && -f "$KSRC/scripts/kernel-doc" ]]; then
			TOOLS=$KSRC/scripts
			return 0
		fi
		msg "KSRC=$KSRC has no scripts/checkpatch.pl and scripts/kernel-doc"
		return 1
	fi
	tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.*' 2>/dev/null |
		  sort -V | tail -n 1)
	if [[ -z "$tarball" ]]; then
		msg "no kernel source: install linux-source (apt-get install linux-source)" \
		    "or set KSRC to a kernel tree"
		return 1
	fi
	top=$(basename "$tarball")
	top=${top%.tar.*}
	dir=$REPO/out/kernel-lint/$top
	missing=0
	for f in "${TOOL_FILES[@]}"; do
		[[ -f "$dir/$f" ]] || missing=1
	done
	if ((missing)); then
		msg "extracting checkpatch.pl and kernel-doc from $tarball"
		mkdir -p "$dir"
		if ! tar -xf "$tarball" -C "$dir" --strip-components=1 \
			"${TOOL_FILES[@]/#/$top/}"; then
			msg "cannot extract ${TOOL_FILES[*]} from $tarball"
			return 1
		fi
	fi
	TOOLS=$dir/scripts
}

find_tools || exit 2

if (($#)); then
	files=("$@")
else
	files=()
	for f in kernel/*.c kernel/*.h kernel/uapi/*.h; do
		[[ "$f" == *.mod.c ]] && continue
		files+=("$f")
	done
fi

rc=0

# 1. checkpatch: one line per problem (--terse), then a summary per file.
echo "# checkpatch.pl --strict"
out=$(perl "$TOOLS/checkpatch.pl" --strict --no-tree --no-summary --terse \
	--show-types --color=never -f "${files[@]}" 2>&1)
if [[ -n "$out" ]]; then
	echo "$out"
	rc=1
fi

# 2. kernel-doc: -v adds the missing Return: / short description warnings.
echo "# kernel-doc -none -v"
for f in "${files[@]}"; do
	out=$(perl "$TOOLS/kernel-doc" -none -v "$f" 2>&1 |
	      grep -vE '^(.*: info: |[0-9]+ warnings?$|[0-9]+ errors?$|$)')
	if [[ -n "$out" ]]; then
		echo "$out"
		rc=1
	fi
done

# 3. Non-static function definitions without a kernel-doc comment. Kernel
# style puts a function body's opening brace alone in column 0; the
# declaration starts after the previous blank line or comment end.
echo "# kernel-doc on every non-static function"
for f in "${files[@]}"; do
	[[ "$f" == *.c ]] || continue
	out=$(awk '
	/^$/ || /^\}/ || /\*\/$/ || /^#/ { decl = 0; prev = $0; next }
	/^\{$/ {
		if (decl && decl_line !~ /^static / && !doc)
			printf "%s:%d: non-static function without kernel-doc: %s\n",
			       FILENAME, decl_nr, decl_line
		decl = 0; prev = $0; next
	}
	!decl && /^[A-Za-z_]/ {
		decl = 1; decl_nr = NR; decl_line = $0
		doc = (prev ~ /^ \*\/$/ && last_open ~ /^\/\*\*/)
	}
	/^\/\*/ { last_open = $0 }
	{ prev = $0 }
	' "$f")
	if [[ -n "$out" ]]; then
		echo "$out"
		rc=1
	fi
done

if ((rc)); then
	echo "kernel-lint: FAILED"
else
	echo "kernel-lint: ${#files[@]} files clean"
fi
exit "$rc"
}
