# SPDX-License-Identifier: GPL-2.0-only
#
# Skeletons loaded by name as on a board, sourced by tools-tests.sh, which
# calls lab_skel_tests IFACE DRIVER on each stack.  The DSP process reads
# libcalculator_skel.so and liblab_skel.so from the guest's files through
# the session's listener (libfastrpc): skel_test drives it through the
# library, the rest through fastrpc-run and fastrpc-ctl.

SKEL_TMP=/tmp/skel
CALC_URI='file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0&_dom=cdsp'

# skel_do ARGS...: fastrpc-run -I $skel_if ARGS; stdout and stderr kept.
skel_do() {
	fastrpc-run -I "$skel_if" "$@" < /dev/null > "$SKEL_TMP/out" 2> "$SKEL_TMP/err"
	rc=$?
}

skel_why() {
	echo "exit $rc: $(head -c 600 "$SKEL_TMP/out" | tr '\n' '|') stderr: $(head -c 600 "$SKEL_TMP/err" | tr '\n' '|')"
}

# skel_ok NAME CONDITION: a test on the last skel_do.
skel_ok() {
	if eval "$2"; then
		pass "skel: $skel_if/$skel_drv: $1"
	else
		fail "skel: $skel_if/$skel_drv: $1" "$(skel_why)"
	fi
}

# skel_program: skel_test through libfastrpc, its PASS/FAIL lines counted
# here.  The misc driver leaks what a killed process's calls in flight
# hold (kmemleak sees it: the calculator's call waiting on its reverse
# call, and the listener's next2), so the kill and restart endings are
# tried on our driver only.
skel_program() {
	endings=free
	[ "$skel_drv" = ours ] && endings=free,kill,restart
	"$LAB_LIBEXEC/skel_test" cdsp "$skel_if" "$endings" > "$SKEL_TMP/prog" 2>&1
	while read -r verdict rest; do
		case $verdict in
		PASS:) pass "skel: $skel_if/$skel_drv: $rest" ;;
		FAIL:) fail "skel: $skel_if/$skel_drv: ${rest%%: *}" "${rest#*: }" ;;
		esac
	done < "$SKEL_TMP/prog"
	grep -q '^[0-9]* passed, 0 failed' "$SKEL_TMP/prog" ||
		fail "skel: $skel_if/$skel_drv: skel_test ran to its end" "$(tail -n 3 "$SKEL_TMP/prog" | tr '\n' '|')"
}

skel_run_tests() {
	skel_do -k calculator -m 2 -i u32:4 -i i32:1,2,3,4 -o i64:1
	skel_ok "fastrpc-run -k calculator: the sum by bare name" \
		'[ $rc = 0 ] && [ "$(cat "$SKEL_TMP/out")" = "out0: 10" ]'
	skel_do -k "$CALC_URI" -m 3 -i u32:3 -i i32:-5,17,2 -o i32:1
	skel_ok "fastrpc-run -k URI: the max" '[ $rc = 0 ] && [ "$(cat "$SKEL_TMP/out")" = "out0: 17" ]'
	skel_do --log -k calculator -m 2 -i u32:2 -i i32:20,22 -o i64:1
	skel_ok "--log: the skeleton's log line on stderr" \
		'[ $rc = 0 ] && grep -q "^dsp: [a-z]* calculator[^:]*:[0-9]*: .*sum" "$SKEL_TMP/err"'
	skel_do -j --log -k calculator -m 2 -i u32:2 -i i32:20,22 -o i64:1
	skel_ok "--log --json: the log array" \
		'[ $rc = 0 ] && lab_jq ".outputs[0].values == [42] and
		 ([.log[] | select(.message | test(\"sum\"))] | length) >= 1 and
		 (.log_truncated | not)" "$SKEL_TMP/out"'
	skel_do --no-listener -k calculator -m 2 -i u32:1 -i i32:1 -o i64:1
	skel_ok "--no-listener: the DSP cannot read the library (exit 3)" \
		'[ $rc = 3 ] && grep -q "cannot open skeleton .calculator." "$SKEL_TMP/err"'
	skel_do --log --no-listener -k calculator -m 2
	skel_ok "--log with --no-listener exits 2" '[ $rc = 2 ]'
	# Both skeletons in one process, by a script.
	printf '%s\n' "-k calculator -m 2 -i u32:2 -i i32:5,6 -o i64:1" \
		"-k lab -m 3 -i str:hi -o 2" "-k $CALC_URI -m 3 -i u32:2 -i i32:9,-9 -o i32:1" \
		> "$SKEL_TMP/script"
	skel_do -j --script "$SKEL_TMP/script"
	skel_ok "a script: the calculator, the lab skeleton and the URI in one process" \
		'[ $rc = 0 ] && lab_jq "[.calls[].retval] == [0, 0, 0] and
		 .calls[0].outputs[0].values == [11] and .calls[2].outputs[0].values == [9] and
		 (.calls[0].handle != .calls[1].handle)" "$SKEL_TMP/out"'
	# A failed load: the DSP's reason, and where to install the library.
	skel_do -k nosuch -m 2
	skel_ok "a missing skeleton: exit 3, the DSP's dlerror, the search path" \
		'[ $rc = 3 ] && grep -q "libnosuch_skel.so" "$SKEL_TMP/err" &&
		 grep -q "^try: install the skeleton library" "$SKEL_TMP/err"'
	# A broken library (skel_test leaves them in /tmp/skel_test-broken).
	DSP_LIBRARY_PATH=/tmp/skel_test-broken skel_do -k x86 -m 2
	skel_ok "an x86 library: exit 3 and the DSP's reason" \
		'[ $rc = 3 ] && grep -q "the DSP says: .*machine 62, not Hexagon" "$SKEL_TMP/err"'
	# DSP_LIBRARY_PATH comes first in the search path.
	mkdir -p "$SKEL_TMP/dsp"
	cp "$LAB_DSP_DIR/libcalculator_skel.so" "$SKEL_TMP/dsp/libcopy_skel.so"
	DSP_LIBRARY_PATH=$SKEL_TMP/dsp skel_do \
		-k 'file:///libcopy_skel.so?calculator_skel_handle_invoke&_modver=1.0' \
		-m 2 -i u32:1 -i i32:7 -o i64:1
	skel_ok "DSP_LIBRARY_PATH: a library found there" \
		'[ $rc = 0 ] && [ "$(cat "$SKEL_TMP/out")" = "out0: 7" ]'
	DSP_LIBRARY_PATH=$SKEL_TMP/nonexistent skel_do -k copy -m 2
	skel_ok "DSP_LIBRARY_PATH: the path in force is in the hint" \
		'[ $rc = 3 ] && grep -q "search path .$SKEL_TMP/nonexistent;" "$SKEL_TMP/err"'
}

skel_ctl_tests() {
	fastrpc-ctl -I "$skel_if" -j ping -d adsp -c 2 > "$SKEL_TMP/out" 2> "$SKEL_TMP/err"; rc=$?
	skel_ok "ping without a skeleton: remotectl, on adsp too" \
		'[ $rc = 0 ] && lab_jq ".probe and .latency.count == 2" "$SKEL_TMP/out"'
	fastrpc-ctl -I "$skel_if" -j ping --skel calculator -c 2 > "$SKEL_TMP/out" \
		2> "$SKEL_TMP/err"; rc=$?
	skel_ok "ping --skel calculator: its method 2 (sum of nothing is refused: exit 3)" \
		'[ $rc = 3 ] && grep -q "AEE_EBADPARM" "$SKEL_TMP/err"'
	fastrpc-ctl -I "$skel_if" doctor > "$SKEL_TMP/out" 2> "$SKEL_TMP/err"; rc=$?
	skel_ok "doctor says the lab's shell is the lab's" \
		'grep -q "the fastrpc lab.s shell, for the virtual DSP" "$SKEL_TMP/out"'
}

# A buffer mapped into the DSP process is reached at its DSP address in the
# process itself: the shell places the mapping (it says "left out" on its
# standard error, vdspd's, when it cannot), and the test skeleton's FILL and
# CHECK then go through the pointer, asking vdspd for nothing.
# Behind the edge's SMMU the bank sits above 4 GiB of edge offsets, which
# qemu-hexagon-static 7.2 cannot map for a 32-bit guest: the shell leaves
# such a mapping out, and vdspd reaches it.
skel_mapped_tests() {
	before=$(grep -c "left out" /tmp/vdspd.out)
	fastrpc-mem -I "$skel_if" -j verify 64K > "$SKEL_TMP/out" 2> "$SKEL_TMP/err"; rc=$?
	after=$(grep -c "left out" /tmp/vdspd.out)
	if [ "$LAB_EDGE_SMMU" = 1 ]; then
		skel_ok "verify 64K behind the SMMU: left out by the shell, reached through vdspd" \
			'[ $rc = 0 ] && lab_jq ".ok" "$SKEL_TMP/out" && [ "$before" != "$after" ]'
	else
		skel_ok "verify 64K: the mapping is placed at its DSP address in the process" \
			'[ $rc = 0 ] && lab_jq ".ok" "$SKEL_TMP/out" && [ "$before" = "$after" ]'
	fi
}

# lab_skel_tests IFACE DRIVER
lab_skel_tests() {
	skel_if=$1 skel_drv=$2
	mkdir -p "$SKEL_TMP"
	skel_program
	skel_run_tests
	skel_ctl_tests
	# Our driver's buffers are whole physically contiguous pieces; the misc
	# driver's come from the system dma-buf heap, page by page.
	[ "$skel_drv" = ours ] && skel_mapped_tests
}
