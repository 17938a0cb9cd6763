# SPDX-License-Identifier: GPL-2.0-only
#
# Systematic fault injection into every ioctl (faultinj_test), sourced by
# tests.sh after ioctl-tests.sh, whose lab_count_results and
# lab_kernel_quiet_since it uses.  vdspd serves cdsp.

lab_fault_tests() {
	dmesg0=$(lab_dmesg_lines)
	timeout 1200 "$LAB_LIBEXEC/faultinj_test" "$LAB_SHELL" > /tmp/fault-tests.out 2>&1
	lab_count_results faultinj_test /tmp/fault-tests.out $?
	lab_kernel_quiet_since "$dmesg0" faults
}

lab_fault_tests
