# SPDX-License-Identifier: GPL-2.0-only
#
# The DSP restarts under load, several rounds (restart_test), sourced by
# tests.sh after ioctl-tests.sh, whose lab_count_results and
# lab_kernel_quiet_since it uses.  vdspd serves cdsp.

lab_restart_tests() {
	dmesg0=$(lab_dmesg_lines)
	timeout 900 "$LAB_LIBEXEC/restart_test" "$LAB_SHELL" 5 > /tmp/restart-tests.out 2>&1
	lab_count_results restart_test /tmp/restart-tests.out $?
	lab_kernel_quiet_since "$dmesg0" restart
}

lab_restart_tests
