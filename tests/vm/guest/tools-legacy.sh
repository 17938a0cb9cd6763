#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The tools on the legacy nodes, ours and the misc driver's: the lab's
# second guest, booted by run.sh next to tests.sh (which runs the tools on
# the accel nodes).  Alone: tests/vm/run.sh --script tools-legacy.sh
#
# The lab's other memory model runs here: the edge without its SMMU, DSP
# addresses physical (tests.sh has the SMMU, as a board does).
# lab-edge: smmu=0
. /lab/lib.sh
. /lab/tools-tests.sh
lab_tools_tests "legacy/ours legacy/upstream" ctl run mem skel
summary
