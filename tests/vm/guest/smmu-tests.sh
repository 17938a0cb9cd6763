# SPDX-License-Identifier: GPL-2.0-only
#
# Isolation behind the edge's virtual SMMU (smmu_test), sourced by tests.sh
# after gem-tests.sh; it uses ioctl-tests.sh's lab_count_results and
# lab_kernel_quiet_since.  Only where the guest's edge has its SMMU: a DSP
# process reads where another session's buffer is mapped, takes a context
# fault and dies, and the other session goes on.

lab_smmu_tests() {
	if [ "$LAB_EDGE_SMMU" != 1 ]; then
		echo "lab: smmu: the edge has no SMMU in this guest: isolation not tested"
		return 0
	fi
	dmesg0=$(lab_dmesg_lines)
	timeout 300 "$LAB_LIBEXEC/smmu_test" "$LAB_SHELL" > /tmp/smmu-tests.out 2>&1
	lab_count_results smmu_test /tmp/smmu-tests.out $?
	lab_kernel_quiet_since "$dmesg0" smmu
}

lab_smmu_tests
