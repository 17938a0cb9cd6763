#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A short tour of the tools against the virtual DSP, for the README's main
# job: each step says what it shows, then the command and what it printed.
. /lab/lib.sh

step() { echo; echo "# $1"; shift; echo "\$ $*"; "$@"; echo "[exit status $?]"; }
run="fastrpc-run -s $LAB_SHELL -H 0x10"

echo
echo "The virtual DSP is up: fastrpc_accel bound to $LAB_DOMAINS over RPMsg."
echo "Each fastrpc-run below starts a DSP process from the Hexagon shell ELF"
echo "$LAB_SHELL (run by qemu-hexagon-static)"
echo "and calls the lab skeleton on remote handle 0x10: method 2 null, 3 echo, 4 sum."
step "The DSPs this machine has, one accel node each:" fastrpc-ctl list
step "What the driver says about one of them:" fastrpc-ctl info -d cdsp
step "A null call: no arguments, silence means success." $run -d cdsp -m 2
step "Echo: the input goes to the DSP and comes back in the output buffer." \
	$run -d cdsp -m 3 -i str:hello-dsp -o 9 -f hex
step "Sum: u32 words in, one u64 out, added up by Hexagon code." \
	$run -d cdsp -m 4 -i u32:1,2,3,4,5 -o 8 -f u64
step "The same on the other DSP, as JSON for scripts:" \
	$run --json -d adsp -m 4 -i u32:40,2 -o 8
echo "this is not an ELF" > /tmp/notelf
step "A bad shell is refused before anything reaches the kernel:" \
	fastrpc-run -d cdsp -s /tmp/notelf -H 0x10 -m 2
echo
echo "lab: tour done"
