#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lab: build the debug kernel (cached), our modules and userspace, boot
# them under QEMU with the virtual DSP, run guest scripts, and judge each
# guest's console with the oracle.  Exit 0 only when every test passed and
# every kernel stayed silent.  Several scripts boot as many guests at once:
# a guest's tests run mostly one after another and leave the host's CPUs
# part idle, so two guests at once finish well before two in a row.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/vm
scripts=()
timeout=${LAB_TIMEOUT:-1800}
mem=${LAB_MEM:-2048}
smp=${LAB_SMP:-2}
bdir=${LAB_BUILD_DIR:-$top/build/lab}
show=filtered

usage() {
	cat <<USAGE
usage: tests/vm/run.sh [options]

Boot the lab kernel (KASAN, lockdep, kmemleak) in QEMU with fastrpc_accel,
the virtual DSP (vdsp_edge.ko and vdspd) and the tools, and run a guest
script from tests/vm/guest/.

options:
  --script NAME   guest script to run; given more than once, one guest each,
                  booted at the same time (default: tests.sh and
                  tools-legacy.sh, the whole lab; tour.sh is the tour)
  --tour          same as --script tour.sh --console
  --console       show the whole console of the first guest, not only the
                  lab lines
  --timeout SECS  give up on a guest after SECS (default $timeout)
  -h, --help      this text

environment: LAB_MEM (MiB, default $mem), LAB_SMP (default $smp),
LAB_BUILD_DIR (userspace build, default build/lab), FASTRPC_LAB_CACHE
(kernel cache, default ~/.cache/fastrpc-lab).  The first guest's console
is kept in \$LAB_BUILD_DIR/console.log, another's in console-SCRIPT.log.
USAGE
}

while [ $# -gt 0 ]; do
	case $1 in
	--script) scripts+=("$2"); shift ;;
	--tour) scripts+=(tour.sh); show=console ;;
	--console) show=console ;;
	--timeout) timeout=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
[ ${#scripts[@]} -gt 0 ] || scripts=(tests.sh tools-legacy.sh)
for script in "${scripts[@]}"; do
	[ -f "$here/guest/$script" ] ||
		{ echo "run.sh: no guest script tests/vm/guest/$script" >&2; exit 2; }
done

step() { printf '\n==> %s\n' "$*" >&2; }

"$top/scripts/install-deps.sh"

step "lab kernel"
kdir=$("$here/build-kernel.sh")

step "kernel modules (fastrpc_accel, vdsp_edge, lab helpers) against $kdir"
make -s -C "$top/kernel" KDIR="$kdir"
make -s -C "$top/sim/edge" KDIR="$kdir"
make -s -C "$here/kmod" KDIR="$kdir"
mods=("$top/kernel/drivers/accel/fastrpc/fastrpc_accel.ko" "$top/sim/edge/vdsp_edge.ko"
      "$here/kmod/lab_taken_name.ko")

step "userspace (library, tools, vdspd, Hexagon shell, lab programs) in $bdir"
# legacy_test builds against the lab kernel's own <misc/fastrpc.h>
# ($kdir/source is the tree the kernel was built from).
cmake -S "$top" -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
	-DFASTRPC_LEGACY_UAPI_DIR="$(readlink -f "$kdir/source")/include/uapi" >/dev/null
cmake --build "$bdir" -j"$(nproc)" >/dev/null

step "initramfs"
initrd=$bdir/lab-initramfs.cpio.gz
"$here/initramfs.sh" "$kdir" "$bdir" "$initrd" "${mods[@]}"

# guest SCRIPT: boot a guest that runs SCRIPT, its console on stdout; the
# status is QEMU's (124 when it timed out).
guest() {
	timeout --foreground "$timeout" qemu-system-x86_64 \
		-machine pc -cpu max -smp "$smp" -m "$mem" \
		-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$initrd" \
		-append "console=ttyS0 loglevel=5 panic=-1 rdinit=/init lab.script=$1 lab.smp=$smp" \
		-nographic -no-reboot -monitor none -serial stdio < /dev/null 2>&1 | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

# console_log SCRIPT: where the console of SCRIPT's guest is kept.
console_log() {
	if [ "$1" = "${scripts[0]}" ]; then
		echo "$bdir/console.log"
	else
		echo "$bdir/console-${1%.sh}.log"
	fi
}

# stop_guests: the background guests end with run.sh, whatever ends it;
# each is a subshell whose child (timeout) takes QEMU down with it.  It
# must not fail: under set -e a failing trap sets run.sh's status.
stop_guests() {
	for job in $(jobs -p); do
		pkill -TERM -P "$job" || true
		kill "$job" 2>/dev/null || true
	done
}
trap stop_guests EXIT

# The other guests run in the background; the first one is shown live.
for script in "${scripts[@]:1}"; do
	log=$(console_log "$script")
	: > "$log"
	( guest "$script" > "$log"; echo $? > "$log.status" ) &
done

first=${scripts[0]}
step "booting the lab (QEMU TCG, $smp CPUs, $mem MiB each; guests: ${scripts[*]})"
log=$(console_log "$first")
: > "$log"
set +e
guest "$first" | tee "$log" |
	if [ "$show" = console ]; then
		# From the guest's first line on, without the firmware's screen codes.
		sed -u -n -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e '/^lab: /,$p' | sed -u -e 's/^lab: //'
	else
		grep --line-buffered '^lab: ' || true
	fi
echo "${PIPESTATUS[0]}" > "$log.status"
wait
set -e

ok=1 passed=0 failed=0
for script in "${scripts[@]}"; do
	log=$(console_log "$script")
	if [ "$script" != "$first" ]; then
		step "guest $script (console in $log)"
		grep '^lab: ' "$log" || true
	fi
	[ "$(cat "$log.status")" = 124 ] && echo "run.sh: guest $script timed out after $timeout s" >&2
	rm -f "$log.status"
	step "oracle: $script"
	if "$here/oracle.sh" "$log"; then
		echo "lab: the debug kernel stayed silent; all modules unloaded; kmemleak empty"
	else
		echo "run.sh: guest $script failed; full console in $log" >&2
		ok=0
	fi
	counts=$(sed -n 's/^lab: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
	if [ -n "$counts" ]; then
		set -- $counts
		passed=$((passed + $1)) failed=$((failed + $2))
	fi
done
# With several guests, the sum of their counts (tests/run.sh reads the
# last such line).
if [ ${#scripts[@]} -gt 1 ]; then
	step "the lab: ${scripts[*]} together"
	echo "lab: $passed passed, $failed failed"
fi
[ "$ok" = 1 ]
