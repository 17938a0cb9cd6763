#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A short tour of the tools against the virtual DSP, for the README's main
# job: each command is shown, then what it printed.
. /lab/lib.sh

show() { echo; echo "\$ $*"; "$@"; echo "[exit $?]"; }

echo
echo "Virtual DSP up: the driver bound to $(echo $LAB_DOMAINS | wc -w) domains; shell ELF at $LAB_SHELL"
show fastrpc-ctl list
show fastrpc-ctl info -d cdsp
show fastrpc-run -d cdsp -s "$LAB_SHELL" -H 0x10 -m 2
show fastrpc-run -d cdsp -s "$LAB_SHELL" -H 0x10 -m 3 -i str:hello-dsp -o 9 -f hex
show fastrpc-run -d cdsp -s "$LAB_SHELL" -H 0x10 -m 4 -i u32:1,2,3,4,5 -o 8 -f u64
show fastrpc-run --json -d adsp -s "$LAB_SHELL" -H 0x10 -m 4 -i u32:40,2 -o 8
echo "this is not an ELF" > /tmp/notelf
show fastrpc-run -d cdsp -s /tmp/notelf -H 0x10 -m 2
echo
echo "lab: tour done"
