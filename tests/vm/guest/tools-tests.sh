# SPDX-License-Identifier: GPL-2.0-only
#
# The tools against every interface the lab has, sourced by tests.sh (and
# by the *-only.sh scripts): each tool's tests (ctl-tests.sh, run-tests.sh,
# mem-tests.sh, and skel-tests.sh for skeletons loaded by name) define
# lab_<tool>_tests IFACE DRIVER, run here on
#   accel  ours      the accel nodes of fastrpc_accel
#   legacy ours      the legacy nodes of fastrpc_accel
#   legacy upstream  the legacy nodes of the misc driver (fastrpc.ko)
# Test names read "<tool>: <iface>/<driver>: what".  The usual stack is
# loaded before and after.

LAB_LIBEXEC=${LAB_LIBEXEC:-/usr/local/libexec/fastrpc-lab}

# lab_tools_parsing IFACE DRIVER: true on the stack that runs the tests of
# argument parsing alone (accel/ours).  A tool rejects a bad option before
# it looks for a node: on every stack the same, and every exec costs the
# lab about a second.
lab_tools_parsing() {
	[ "$1/$2" = accel/ours ]
}

# lab_tools_upstream: the misc driver on the edge's domains, vdspd up.
lab_tools_upstream() {
	lab_stop_vdspd
	lab_unload || return 1
	# The misc driver gives every open file a session slot, and a process of
	# libfastrpc holds two files (the device and the session): two sessions
	# per context bank on cdsp, as boards' device trees give the compute DSP,
	# so that two such processes fit at once.
	lab_edge_for_misc domains="$(lab_domains_csv)" nsessions_of=cdsp:2 &&
		modprobe fastrpc || return 1
	wait_for '[ -c /dev/fastrpc-cdsp ] && [ -c /dev/fastrpc-adsp ]' 10 || return 1
	lab_start_vdspd
}

# lab_tools_ours_again: the usual stack back after the misc driver's.
lab_tools_ours_again() {
	lab_stop_vdspd
	if lab_unload && lab_load; then
		pass "tools: the usual stack loads again"
	else
		fail "tools: the usual stack loads again" "$(tr '\n' '|' < /proc/modules)"
	fi
}

# Every stack a tool is tested on, as IFACE/DRIVER.
LAB_TOOLS_STACKS="accel/ours legacy/ours legacy/upstream"

# lab_tools_tests STACKS TOOL...: the tests of each TOOL on each stack of
# STACKS ($LAB_TOOLS_STACKS or a part of it; the lab runs the accel stack
# in tests.sh and the legacy ones in a second guest, tools-legacy.sh, at
# the same time).
lab_tools_tests() {
	stacks=$1
	shift
	for tool in "$@"; do
		. "/lab/$tool-tests.sh"
	done
	for stack in $stacks; do
		iface=${stack%/*} driver=${stack#*/}
		if [ "$driver" = upstream ]; then
			if lab_tools_upstream; then
				pass "tools: the misc driver serves the lab's domains"
			else
				fail "tools: the misc driver serves the lab's domains" \
					"$(tr '\n' '|' < /proc/modules)"
				lab_tools_ours_again
				continue
			fi
		fi
		for tool in "$@"; do
			"lab_${tool}_tests" "$iface" "$driver"
			lab_took "$tool on $stack"
		done
		if [ "$driver" = upstream ]; then
			lab_tools_ours_again
		fi
	done
}
