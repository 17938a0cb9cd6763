# SPDX-License-Identifier: GPL-2.0-only
#
# The qcom,fastrpc properties the driver reads, sourced by tests.sh (after
# lib.sh and ioctl-tests.sh).  The stack is reloaded with adsp secure (no
# qcom,non-secure-domain), sdsp carrying qcom,vmids and cdsp's banks two
# sessions each: the nodes say so; without SCM, as in the lab, sdsp's probe
# defers and says why; adsp reports itself secure; cdsp offers six
# sessions.  Then the usual stack is loaded again.

lab_dt_tests() {
	lab_stop_vdspd
	if ! lab_unload; then
		fail "dt: the stack unloads" "$(tr '\n' '|' < /proc/modules)"
		return
	fi
	if lab_edge domains=cdsp,adsp,sdsp secure=adsp vmids=sdsp:22+37 \
	   nsessions_of=cdsp:2 && modprobe fastrpc_accel; then
		pass "dt: the edge takes secure, vmids and nsessions_of"
	else
		fail "dt: the edge takes secure, vmids and nsessions_of" "modprobe failed"
	fi
	# The nodes say what the parameters asked, deferred domain included.
	for d in cdsp adsp sdsp; do
		"$LAB_LIBEXEC/vdsp_edge_test" --dt "$d" > /tmp/edge-dt-$d 2>&1
		lab_count_results "vdsp_edge_test --dt $d" /tmp/edge-dt-$d $?
	done
	wait_for '[ "$(ls /dev/accel | wc -l)" = 2 ]' 10
	n=$(ls /dev/accel 2>/dev/null | wc -l)
	[ "$n" = 2 ] && pass "dt: cdsp and adsp probe, sdsp does not" ||
		fail "dt: cdsp and adsp probe, sdsp does not" "$n accel nodes"
	deferred=$(cat /sys/kernel/debug/devices_deferred 2>&1)
	echo "$deferred" | grep -q "qcom,vmids needs SCM" &&
		pass "dt: sdsp's probe defers, waiting for SCM" ||
		fail "dt: sdsp's probe defers, waiting for SCM" "$(echo "$deferred" | tr '\n' '|')"
	# The DSP answers info's capability query (else info waits for it and fails).
	lab_start_vdspd
	json=$(fastrpc-ctl --json info -d adsp 2>&1)
	[ "$(echo "$json" | jq -r '.secure')" = true ] && pass "dt: adsp says it is secure" ||
		fail "dt: adsp says it is secure" "$json"
	json=$(fastrpc-ctl --json info -d cdsp 2>&1)
	[ "$(echo "$json" | jq -r '.secure')" = false ] && pass "dt: cdsp says it is not" ||
		fail "dt: cdsp says it is not" "$json"
	# Three banks of qcom,nsessions = <2>.
	[ "$(echo "$json" | jq -r '.sessions_free')" = 6 ] &&
		pass "dt: cdsp's banks hold two sessions each" ||
		fail "dt: cdsp's banks hold two sessions each" "$json"
	# Root is trusted: signed code may run on the secure domain.
	check "dt: root creates a user pd on secure adsp" run -d adsp -m $M_NULL

	lab_stop_vdspd
	if lab_unload && lab_load; then
		pass "dt: the usual stack loads again"
	else
		fail "dt: the usual stack loads again" "lab_load failed"
	fi
}

lab_dt_tests
