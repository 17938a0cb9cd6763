#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Only the legacy UAPI tests (legacy-tests.sh), for a lab run of their own:
#   tests/vm/run.sh --script legacy-only.sh
# They use helpers ioctl-tests.sh defines before it runs its tests; only
# that part of it is taken here.
. /lab/lib.sh
eval "$(sed '/^lab_ioctl_tests() {/,$d' /lab/ioctl-tests.sh)"
. /lab/legacy-tests.sh
summary
