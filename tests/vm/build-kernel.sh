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

# Newest 6.12 source package that is installed, found by pattern.
pkg=$(dpkg-query -W -f '${Package}\n' 'linux-source-6.12*' 2>/dev/null |
      grep -E '^linux-source-6\.12' | sort -V | tail -n 1 || true)
tarball=$(ls /usr/src/linux-source-6.12*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pkg" ] || [ -z "$tarball" ]; then
	log "no linux-source-6.12 found in /usr/src"
	log "install it with: apt-get install linux-source-6.12"
	exit 1
fi
version=$(dpkg-query -W -f '${Version}' "$pkg")
key=$version-$(sha256sum "$fragment" | cut -c1-12)
src=$cache/src-$version
out=$cache/build-$key

if [ -f "$out/.lab-ok" ]; then
	log "cached kernel $key"
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
if [ ! -f "$src/.unpacked" ]; then
	log "unpacking $(basename "$tarball") ($version)"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.unpacked"
	mv "$src.tmp" "$src"
fi

rm -rf "$out"
mkdir -p "$out"
log "configuring in $out"
make -s -C "$src" O="$out" ARCH=x86_64 allnoconfig >&2
(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "$fragment" >/dev/null)
make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig >&2

# Every option we asked for must be there as asked.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		if grep -q "^$opt=" "$out/.config"; then
			log "option $opt asked n, got $(grep "^$opt=" "$out/.config")"; bad=1
		fi ;;
	CONFIG_*=*) if ! grep -qxF "$line" "$out/.config"; then
			opt=${line%%=*}
			got=$(grep -E "^(# )?$opt[= ]" "$out/.config" || echo "absent")
			log "option $line did not come out as asked: $got"; bad=1
		fi ;;
	esac
done < "$fragment"
[ "$bad" = 0 ] || { log "lab.config is not satisfiable on $version"; exit 1; }

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
