# SPDX-License-Identifier: GPL-2.0-only
#
# The driver's KUnit suites ran when fastrpc_accel loaded; sourced by
# tests.sh (after lib.sh).  Every test case is one lab test, read from
# /sys/kernel/debug/kunit/<suite>/results; a skipped case is a failure.

LAB_KUNIT=/sys/kernel/debug/kunit
LAB_KUNIT_SUITES="fastrpc_scalars fastrpc_layout fastrpc_call_share fastrpc_answer
fastrpc_session_spec fastrpc_accel_checks fastrpc_legacy fastrpc_budget"

lab_kunit_tests() {
	for suite in $LAB_KUNIT_SUITES; do
		results=$LAB_KUNIT/$suite/results
		if [ ! -r "$results" ]; then
			fail "kunit: $suite" "no $results: suite not built or not run"
			continue
		fi
		ncase=0
		# Case lines are indented under the suite: "    ok 3 name".
		while IFS= read -r line; do
			case $line in
			"    ok "*"# SKIP"*|"    not ok "*)
				name=${line#*ok [0-9]* }
				fail "kunit: $suite: ${name%% *}" "$line"
				ncase=$((ncase + 1))
				;;
			"    ok "*)
				name=${line#    ok [0-9]* }
				pass "kunit: $suite: $name"
				ncase=$((ncase + 1))
				;;
			"        # "*|"    # "*)
				# Assertion messages of failed cases, and the counts.
				case $line in *"Expected"*|*"ASSERTION"*|*"EXPECTATION"*)
					echo "lab: kunit: $suite:${line#*#}" ;;
				esac
				;;
			esac
		done < "$results"
		[ $ncase -gt 0 ] || fail "kunit: $suite" "no test case in $results"
	done
}

lab_kunit_tests
