# SPDX-License-Identifier: GPL-2.0-only
#
# A misbehaving DSP, a signal storm and racing threads (hostile_test),
# sourced by tests.sh after ioctl-tests.sh, whose lab_count_results and
# lab_kernel_quiet_since it uses.  vdspd serves cdsp.

lab_hostile_tests() {
	dmesg0=$(lab_dmesg_lines)
	timeout 900 "$LAB_LIBEXEC/hostile_test" "$LAB_SHELL" > /tmp/hostile-tests.out 2>&1
	lab_count_results hostile_test /tmp/hostile-tests.out $?
	lab_kernel_quiet_since "$dmesg0" hostile
}

lab_hostile_tests
