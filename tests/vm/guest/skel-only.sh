#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Only the tests of skeletons loaded by name (skel-tests.sh), on every
# stack, for a lab run of their own: tests/vm/run.sh --script skel-only.sh
. /lab/lib.sh
. /lab/tools-tests.sh
lab_tools_tests "$LAB_TOOLS_STACKS" skel
summary
