# SPDX-License-Identifier: GPL-2.0-only
#
# The tools against every interface the lab has, sourced by tests.sh (and
# by the *-only.sh scripts): each tool's tests (ctl-tests.sh, run-tests.sh,
# mem-tests.sh) define lab_<tool>_tests IFACE DRIVER, run here on
#   accel  ours      the accel nodes of fastrpc_accel
#   legacy ours      the legacy nodes of fastrpc_accel
#   legacy upstream  the legacy nodes of the misc driver (fastrpc.ko)
# Test names read "<tool>: <iface>/<driver>: what".  The usual stack is
# loaded before and after.

LAB_LIBEXEC=${LAB_LIBEXEC:-/usr/local/libexec/fastrpc-lab}

# lab_tools_upstream: the misc driver on the edge's domains, vdspd up.
lab_tools_upstream() {
	lab_stop_vdspd
	lab_unload || return 1
	modprobe vdsp_edge domains="$(lab_domains_csv)" && modprobe fastrpc || return 1
	wait_for '[ -c /dev/fastrpc-cdsp ] && [ -c /dev/fastrpc-adsp ]' 10 || return 1
	lab_start_vdspd
}

# lab_tools_tests TOOL...: the tests of each TOOL on the three stacks.
lab_tools_tests() {
	for tool in "$@"; do
		. "/lab/$tool-tests.sh"
	done
	for tool in "$@"; do
		"lab_${tool}_tests" accel ours
		"lab_${tool}_tests" legacy ours
	done
	if lab_tools_upstream; then
		pass "tools: the misc driver serves the lab's domains"
		for tool in "$@"; do
			"lab_${tool}_tests" legacy upstream
		done
	else
		fail "tools: the misc driver serves the lab's domains" \
			"$(tr '\n' '|' < /proc/modules)"
	fi
	lab_stop_vdspd
	if lab_unload && lab_load; then
		pass "tools: the usual stack loads again"
	else
		fail "tools: the usual stack loads again" "$(tr '\n' '|' < /proc/modules)"
	fi
}
