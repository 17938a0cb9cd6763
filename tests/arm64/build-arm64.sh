#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The accel driver compiles for its target: arm64 with ARCH_QCOM, Debian's
# cross gcc, a trimmed config from the same linux-source-6.12 the lab uses
# (allnoconfig + arm64.config merged with merge_config.sh, olddefconfig,
# every option checked), W=1, not one warning.  Only modules_prepare is
# built (under 20 s on 2 cores), cached outside the checkout like the
# lab kernel: keyed by the source package version and the fragment's hash.
# The module is built from a copy of kernel/, so no object of another
# architecture is read or left behind.  modpost has no Module.symvers
# without a full kernel build: KBUILD_MODPOST_WARN=1 keeps that from
# failing the build, and only what the compiler or modpost says about the
# module itself counts.
#
# Prints "PASS: arm64: fastrpc_accel.ko builds (W=1)" or "FAIL: arm64: ...";
# exit status 0 or 1.  Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
fragment=$here/arm64.config
cache=${FASTRPC_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fastrpc-lab}
jobs=${JOBS:-$(nproc)}
cross=aarch64-linux-gnu-
what="arm64: fastrpc_accel.ko builds (W=1)"
start=$(date +%s)

log() { printf 'build-arm64: %s\n' "$*" >&2; }
fail() { echo "FAIL: $what: $*"; exit 1; }

command -v "${cross}gcc" >/dev/null ||
	fail "no ${cross}gcc (scripts/install-deps.sh, or apt-get install gcc-aarch64-linux-gnu)"
command -v file >/dev/null || fail "no file(1) (apt-get install file)"

. "$top/tests/vm/kernel-src.sh"
kernel_src || fail "no usable linux-source-6.12"
out=$cache/arm64-$version-$(sha256sum "$fragment" | cut -c1-12)
kmake() { make -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE="$cross" "$@"; }

if [ -f "$out/.prepared" ]; then
	log "cached arm64 kernel tree $out"
else
	rm -rf "$out"
	mkdir -p "$out"
	log "configuring in $out"
	kmake -s allnoconfig >&2
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config "$fragment" >/dev/null)
	kmake -s olddefconfig >&2
	kernel_config_check "$fragment" "$out/.config" ||
		fail "arm64.config is not satisfiable on $version (see above)"
	log "make modules_prepare with $jobs jobs"
	kmake -j"$jobs" modules_prepare > "$out/prepare.log" 2>&1 ||
		{ tail -n 20 "$out/prepare.log" >&2; fail "modules_prepare failed; log in $out/prepare.log"; }
	touch "$out/.prepared"
	log "kernel tree prepared in $(( $(date +%s) - start )) s"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy without the objects of the lab's x86 build the checkout may hold.
cp -a "$top/kernel" "$work/"
make -C "$work/kernel" KDIR="$out" ARCH=arm64 CROSS_COMPILE="$cross" clean > "$work/clean.log" 2>&1 ||
	{ cat "$work/clean.log" >&2; fail "make clean of the copy failed"; }
log "building kernel/ for arm64 (W=1)"
if ! make -C "$work/kernel" KDIR="$out" ARCH=arm64 CROSS_COMPILE="$cross" W=1 \
	KBUILD_MODPOST_WARN=1 > "$work/build.log" 2>&1; then
	{ grep -E ': (warning|error):' "$work/build.log" || tail -n 30 "$work/build.log"; } |
		sed "s|$work/||" >&2
	fail "the build failed"
fi
# The compiler's warnings (gcc prints "file:line:col: warning: ..."), and
# modpost's about the module (missing MODULE_DESCRIPTION(), section
# mismatches), but not the ones that only say Module.symvers is missing.
warnings=$(grep -E ': (warning|error):|^WARNING: modpost:' "$work/build.log" |
	   grep -vE 'modpost: (".*" \[.*\] undefined!|suppressed [0-9]+ unresolved symbol warnings|Symbol info of vmlinux is missing)' ||
	   true)
if [ -n "$warnings" ]; then
	echo "$warnings" | sed "s|$work/||" >&2
	fail "$(echo "$warnings" | wc -l) warning(s) with W=1"
fi
ko=$work/kernel/drivers/accel/fastrpc/fastrpc_accel.ko
[ -f "$ko" ] || fail "no $(basename "$ko") after the build"
kind=$(file -b "$ko")
case "$kind" in
"ELF 64-bit LSB relocatable, ARM aarch64"*) ;;
*) fail "not an aarch64 relocatable: $kind" ;;
esac
log "done in $(( $(date +%s) - start )) s"
echo "PASS: $what"
