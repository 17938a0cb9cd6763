#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A short tour of the tools against the virtual DSP, for the README's main
# job: each step says what it shows, then the command and what it printed.
. /lab/lib.sh

step() { echo; echo "# $1"; shift; echo "\$ $*"; "$@"; echo "[exit status $?]"; }

echo
echo "The virtual DSP is up: fastrpc_accel bound to $LAB_DOMAINS over RPMsg, each"
echo "DSP with an accel node and the misc driver's legacy nodes.  A DSP process"
echo "is the Hexagon shell ELF $LAB_SHELL, run by qemu-hexagon-static.  It"
echo "loads skeletons as a DSP does: it reads lib<name>_skel.so from this machine"
echo "through the session's listener (libfastrpc), here from $LAB_DSP_DIR."
step "The DSPs this machine has, and every node of each:" fastrpc-ctl list
step "What the driver and the DSP say about one of them:" fastrpc-ctl info -d cdsp
step "Start a DSP process, make ten calls every DSP answers (remotectl), time them:" \
	fastrpc-ctl ping -d cdsp
step "The example calculator (examples/), loaded by its URI; its FARF line with --log:" \
	fastrpc-run -d cdsp --log \
	-k 'file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0&_dom=cdsp' \
	-m 2 -i u32:4 -i i32:1,2,3,4 -o i64:1
step "By its bare name, method 3 (max):" \
	fastrpc-run -d cdsp -k calculator -m 3 -i u32:3 -i i32:7,-2,5 -o i32:1
step "The same through the legacy node, as JSON for scripts:" \
	fastrpc-run -j -d cdsp -I legacy -k calculator -m 2 -i u32:2 -i i32:40,2 -o i64:1
step "A skeleton that is not installed: the DSP says why, the tool where to put it." \
	fastrpc-run -d cdsp -k nosuch -m 2
step "Echo through the lab's test skeleton, also loaded by name:" \
	fastrpc-run -d cdsp -k lab -m 3 -i str:hello-dsp -o 9
step "A buffer the DSP reads and writes in place: map it, fill, check, echo." \
	fastrpc-mem verify -d cdsp 64K
echo "this is not an ELF" > /tmp/notelf
step "A bad shell is refused before anything reaches the kernel:" \
	fastrpc-run -d cdsp -s /tmp/notelf -k lab -m 2
step "What a bring-up engineer checks first:" fastrpc-ctl doctor -d cdsp

# A new user on a board whose cdsp nodes belong to group fastrpc, and which
# has no shell installed for adsp: doctor says what to do about each.
echo "fastrpc:x:1001:" >> /etc/group
ctl=$(command -v fastrpc-ctl)
for n in $(fastrpc-ctl -j list -d cdsp | jq -r '.domains[].nodes[].path'); do
	chgrp fastrpc "$n" && chmod 660 "$n"
done
echo
echo "# The same as user lab (not in group fastrpc), with no FASTRPC_SHELL set:"
echo "lab\$ fastrpc-ctl doctor"
su lab -c "exec env -u FASTRPC_SHELL $ctl doctor"
echo "[exit status $?]"
echo
echo "lab: tour done"
