#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lab: build the debug kernel (cached), our modules and userspace, boot
# them under QEMU with the virtual DSP, run a guest script, and judge the
# run with the oracle.  Exit 0 only when every test passed and the kernel
# stayed silent.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/vm
script=tests.sh
timeout=${LAB_TIMEOUT:-1500}
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
  --script NAME   guest script to run (default tests.sh; tour.sh is the tour)
  --tour          same as --script tour.sh --console
  --console       show the whole guest console, not only the lab lines
  --timeout SECS  give up after SECS (default $timeout)
  -h, --help      this text

environment: LAB_MEM (MiB, default $mem), LAB_SMP (default $smp),
LAB_BUILD_DIR (userspace build, default build/lab), FASTRPC_LAB_CACHE
(kernel cache, default ~/.cache/fastrpc-lab).  The console log is kept in
\$LAB_BUILD_DIR/console.log.
USAGE
}

while [ $# -gt 0 ]; do
	case $1 in
	--script) script=$2; shift ;;
	--tour) script=tour.sh; show=console ;;
	--console) show=console ;;
	--timeout) timeout=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
[ -f "$here/guest/$script" ] || { echo "run.sh: no guest script tests/vm/guest/$script" >&2; exit 2; }

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

step "booting the lab (QEMU TCG, $smp CPUs, $mem MiB; guest script $script)"
log=$bdir/console.log
: > "$log"
set +e
timeout --foreground "$timeout" qemu-system-x86_64 \
	-machine pc -cpu max -smp "$smp" -m "$mem" \
	-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=5 panic=-1 rdinit=/init lab.script=$script" \
	-nographic -no-reboot -monitor none -serial stdio < /dev/null 2>&1 |
	tr -d '\r' | tee "$log" |
	if [ "$show" = console ]; then
		# From the guest's first line on, without the firmware's screen codes.
		sed -u -n -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e '/^lab: /,$p' | sed -u -e 's/^lab: //'
	else
		grep --line-buffered '^lab: ' || true
	fi
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 124 ] && echo "run.sh: the guest timed out after $timeout s" >&2

step "oracle"
if "$here/oracle.sh" "$log"; then
	echo "lab: the debug kernel stayed silent; all modules unloaded; kmemleak empty"
else
	echo "run.sh: lab run failed; full console in $log" >&2
	exit 1
fi
