#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run every test: the unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer, the driver's arm64 compile check, the kernel
# code's static checks, then the QEMU lab (the checks and the lab build the
# debug kernel on first use).  Ends with one
# "N passed, N failed" line over all of them.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" || exit 1

step() { printf '\n==> %s\n' "$*" >&2; }
passed=0 failed=0

step "unit tests (ASan + UBSan)"
bdir=$top/build/asan
log=$bdir/ctest.log
mkdir -p "$bdir"
if cmake -S "$top" -B "$bdir" -DCMAKE_BUILD_TYPE=Debug -DFASTRPC_SANITIZE=ON >/dev/null &&
   cmake --build "$bdir" -j"$(nproc)" >/dev/null; then
	ctest --test-dir "$bdir" --output-on-failure 2>&1 | tee "$log"
	p=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2 \1/p' "$log")
	# A test skipped for want of a tool counts as failed: install-deps.sh
	# should have brought everything.
	skipped=$(grep -c '(Skipped)' "$log")
	if [ -n "$p" ]; then
		set -- $p
		passed=$((passed + $1 - $2 - skipped)); failed=$((failed + $2 + skipped))
	else
		failed=$((failed + 1))
	fi
else
	echo "tests/run.sh: the sanitizer build failed" >&2
	failed=$((failed + 1))
fi

step "arm64 compile check (ARCH_QCOM, W=1)"
if "$top/tests/arm64/build-arm64.sh"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

step "kernel checks (W=1, sparse, checkpatch --strict)"
log=$top/build/kernel-check.log
mkdir -p "$top/build"
"$top/tests/kernel/check.sh" | tee "$log"
passed=$((passed + $(grep -c '^PASS: ' "$log")))
failed=$((failed + $(grep -c '^FAIL: ' "$log")))
# A check that never got to say PASS or FAIL (the kernel did not build).
[ "$(grep -cE '^(PASS|FAIL): ' "$log")" = 3 ] || failed=$((failed + 1))

step "lab (QEMU, debug kernel)"
log=$top/build/lab-tests.log
mkdir -p "$top/build"
if "$top/tests/vm/run.sh" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then
	lab_ok=1
else
	lab_ok=0
fi
p=$(sed -n 's/^lab: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
if [ -n "$p" ]; then
	set -- $p
	passed=$((passed + $1)); failed=$((failed + $2))
fi
# The oracle, a timeout or a build failure fails the run on its own.
[ "$lab_ok" = 1 ] || failed=$((failed + 1))

echo
echo "all: $passed passed, $failed failed"
[ "$failed" = 0 ]
