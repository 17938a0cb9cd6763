# SPDX-License-Identifier: GPL-2.0-only
#
# Buffers, DSP mappings and session kinds (gem_test), sourced by tests.sh
# after ioctl-tests.sh, whose lab_count_results and lab_kernel_quiet_since
# it uses.  vdspd serves cdsp with the Hexagon lab shell.  The suite runs
# as root, then again as nobody, with the nodes opened to all users as a
# distribution's udev rules would.

LAB_USER_NODES="/dev/accel/accel* /dev/dma_heap/system /dev/udmabuf"

lab_gem_tests() {
	dmesg0=$(lab_dmesg_lines)
	timeout 900 "$LAB_LIBEXEC/gem_test" "$LAB_SHELL" > /tmp/gem-tests.out 2>&1
	lab_count_results gem_test /tmp/gem-tests.out $?

	# shellcheck disable=SC2086 # the list is globs
	chmod 0666 $LAB_USER_NODES
	timeout 900 "$LAB_LIBEXEC/gem_test" --as-nobody "$LAB_SHELL" > /tmp/gem-tests.nobody 2>&1
	lab_count_results "gem_test --as-nobody" /tmp/gem-tests.nobody $?
	# shellcheck disable=SC2086
	chmod 0600 $LAB_USER_NODES
	lab_kernel_quiet_since "$dmesg0" gem
}

lab_gem_tests
