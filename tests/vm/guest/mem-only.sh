#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Only the fastrpc-mem tests of tools-tests.sh, for a lab run of their own:
#   tests/vm/run.sh --script mem-only.sh
. /lab/lib.sh
. /lab/tools-tests.sh
lab_tools_tests "$LAB_TOOLS_STACKS" mem
summary
