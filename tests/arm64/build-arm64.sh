#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The accel driver compiles for its target: arm64 with ARCH_QCOM, Debian's
# cross gcc, a trimmed config from the same linux-source-6.12 the lab uses
# (allnoconfig + arm64.config, every option checked), W=1, no warning.
# Only modules_prepare is built, cached like the lab kernel; modpost has no
# Module.symvers then, so only the compiler's warnings count.
#
# Prints "PASS: arm64: ..." or "FAIL: arm64: ...: why"; exit status 0 or 1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
fragment=$here/arm64.config
cache=${FASTRPC_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fastrpc-lab}
jobs=${JOBS:-$(nproc)}
cross=aarch64-linux-gnu-
what="arm64: fastrpc_accel.ko builds for ARCH_QCOM (W=1)"

log() { printf 'build-arm64: %s\n' "$*" >&2; }
fail() { echo "FAIL: $what: $*"; exit 1; }

command -v ${cross}gcc >/dev/null ||
	fail "no ${cross}gcc (apt-get install gcc-aarch64-linux-gnu)"

. "$top/tests/vm/kernel-src.sh"
kernel_src || fail "no kernel source"
out=$cache/arm64-$version-$(sha256sum "$fragment" | cut -c1-12)
kmake() { make -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE=$cross "$@"; }

if [ ! -f "$out/.prepared" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	log "configuring in $out"
	kmake -s allnoconfig >&2
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "$fragment" >/dev/null)
	kmake -s olddefconfig >&2
	kernel_config_check "$fragment" "$out/.config" ||
		fail "arm64.config is not satisfiable on $version"
	log "modules_prepare (a minute or two)"
	kmake -j"$jobs" modules_prepare > "$out/prepare.log" 2>&1 ||
		{ tail -n 20 "$out/prepare.log" >&2; fail "modules_prepare failed"; }
	touch "$out/.prepared"
fi

# A clean copy of the module's sources: no x86 objects left in the tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$top/kernel" "$work/"
make -C "$work/kernel" clean KDIR="$out" ARCH=arm64 CROSS_COMPILE=$cross >/dev/null 2>&1 || true
if ! make -C "$work/kernel" KDIR="$out" ARCH=arm64 CROSS_COMPILE=$cross \
	KBUILD_MODPOST_WARN=1 > "$work/build.log" 2>&1; then
	tail -n 30 "$work/build.log" >&2
	fail "the build failed"
fi
if grep -E ': (warning|error):' "$work/build.log" >&2; then
	fail "the compiler warned"
fi
ko=$work/kernel/drivers/accel/fastrpc/fastrpc_accel.ko
file -b "$ko" | grep -q 'ELF 64-bit LSB relocatable, ARM aarch64' ||
	fail "not an aarch64 module: $(file -b "$ko")"
echo "PASS: $what"
