#!/bin/bash
# The CLI against the real module: every command, every error path,
# --json parsed with jq, monitor/ctrl/ppp, privilege checks
# (userspace/tests/cli/vm-cli.sh). Starts from an unloaded module.
# timeout: 300
set -euo pipefail
cd "$(dirname "$0")/../.."
for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
	ip netns del "$ns"
done
if grep -q '^l2tpsec ' /proc/modules; then
	rmmod l2tpsec
fi
exec bash userspace/tests/cli/vm-cli.sh
