#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the lab kernel from Debian's linux-source-6.12: allnoconfig, then
# lab.config merged with merge_config.sh, then olddefconfig.  Fails if any
# option of lab.config did not come out as written.  The build is cached
# outside the checkout, keyed by the source package version and the hash of
# lab.config; a second run returns at once.
#
# Prints the build directory (usable as `make -C <dir> M=...`) on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/lab.config
cache=${FASTRPC_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fastrpc-lab}
jobs=${JOBS:-$(nproc)}

log() { printf 'build-kernel: %s\n' "$*" >&2; }

# True when process $1 has ended, false after $2 seconds if it has not.
wait_or_tick() {
	local n=$2
	while [ "$n" -gt 0 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
		n=$((n - 1))
	done
	! kill -0 "$1" 2>/dev/null
}

. "$here/kernel-src.sh"
kernel_src || exit 1
key=$version-$(sha256sum "$fragment" | cut -c1-12)
out=$cache/build-$key

if [ -f "$out/.lab-ok" ]; then
	log "cached kernel $key"
	echo "$out"
	exit 0
fi

rm -rf "$out"
mkdir -p "$out"
log "configuring in $out"
make -s -C "$src" O="$out" ARCH=x86_64 allnoconfig >&2
(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "$fragment" >/dev/null)
make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig >&2

# Every option we asked for must be there as asked.
kernel_config_check "$fragment" "$out/.config" ||
	{ log "lab.config is not satisfiable on $version"; exit 1; }

log "building bzImage and modules with $jobs jobs (about 5 minutes on 2 cores)"
start=$(date +%s)
make -C "$src" O="$out" ARCH=x86_64 -j"$jobs" bzImage modules > "$out/build.log" 2>&1 &
make_pid=$!
# A line every half minute, so that a long build is seen to move.
while ! wait_or_tick "$make_pid" 30; do
	log "$(grep -c '^  CC' "$out/build.log") files compiled, $(( $(date +%s) - start )) s"
done
if ! wait "$make_pid"; then
	tail -n 40 "$out/build.log" >&2
	log "kernel build failed; full log in $out/build.log"
	exit 1
fi
log "built in $(( $(date +%s) - start )) s"
touch "$out/.lab-ok"
echo "$out"
