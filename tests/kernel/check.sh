#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel code's static checks, against the lab kernel (built and cached
# by tests/vm/build-kernel.sh): sparse on every file (C=2) with W=1, and
# scripts/checkpatch.pl --strict, for the driver (kernel/), the virtual
# DSP's edge (sim/edge) and the lab's helper modules (tests/vm/kmod).
# Fails on any compiler or sparse warning and on any checkpatch error,
# warning or check.  Prints "PASS: ..." or "FAIL: ..." per tree.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
log() { printf 'kernel-check: %s\n' "$*" >&2; }

kdir=$("$top/tests/vm/build-kernel.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
for tree in kernel sim/edge tests/vm/kmod; do
	# A copy, so that the objects of the lab's build stay as they are.
	copy=$work/${tree//\//_}
	cp -a "$top/$tree" "$copy"
	make -s -C "$copy" KDIR="$kdir" clean >/dev/null 2>&1 || true
	out=$work/${tree//\//_}.log
	log "sparse and checkpatch --strict on $tree"
	if ! make -C "$copy" KDIR="$kdir" check > "$out" 2>&1; then
		tail -n 30 "$out" | sed "s|$copy/||" >&2
		echo "FAIL: kernel-check: $tree: make check failed"
		status=1
		continue
	fi
	# gcc's and sparse's "file:line:col: warning|error:", and checkpatch's totals.
	problems=$(grep -E ':[0-9]+:[0-9]+: (warning|error):|^(ERROR|WARNING|CHECK):' "$out" |
		   sed "s|$copy/||" || true)
	totals=$(grep -E '^total: ' "$out" | grep -vc '^total: 0 errors, 0 warnings, 0 checks' || true)
	if [ -n "$problems" ] || [ "$totals" != 0 ]; then
		echo "$problems" | head -n 40 >&2
		echo "FAIL: kernel-check: $tree: $(echo "$problems" | grep -c .) problem(s)"
		status=1
	else
		echo "PASS: kernel-check: $tree: W=1, sparse and checkpatch --strict clean"
	fi
done
exit $status
