# SPDX-License-Identifier: GPL-2.0-only
#
# fastrpc-run against the virtual DSP, sourced by tools-tests.sh, which
# calls lab_run_tests IFACE DRIVER on each stack (IFACE accel|legacy,
# DRIVER ours|upstream).  The lab's test skeleton (liblab_skel.so, which
# -k lab has the DSP load through the listener, and which vdspd preloads on
# handle 0x10 for -H): 2 null,
# 3 echo, 4 sum of u32s into a u64, 12 XOR 0x5a.  Starting a DSP process
# costs about half a second, so most calls go through scripts: one process
# for many calls.  Exit status, text and JSON (parsed with jq) are checked
# apart.

RUN_TMP=/tmp/run

# run_do ARGS...: fastrpc-run -I $run_if ARGS, standard input from
# $RUN_TMP/in; stdout in $RUN_TMP/out, stderr in $RUN_TMP/err, the status
# in $rc.
run_do() {
	fastrpc-run -I "$run_if" "$@" < "$RUN_TMP/in" > "$RUN_TMP/out" 2> "$RUN_TMP/err"
	rc=$?
}

# run_why: what a failed test shows.
run_why() {
	echo "exit $rc: $(head -c 600 "$RUN_TMP/out" | tr '\n' '|') stderr: $(head -c 400 "$RUN_TMP/err" | tr '\n' '|')"
}

# run_expect NAME STATUS TEXT ARGS...: exits STATUS, TEXT (a grep pattern,
# "" for any) in stdout or stderr.
run_expect() {
	name="run: $run_if/$run_drv: $1" want=$2 text=$3
	shift 3
	run_do "$@"
	if [ "$rc" = "$want" ] && { [ -z "$text" ] || cat "$RUN_TMP/out" "$RUN_TMP/err" | grep -q -e "$text"; }; then
		pass "$name"
	else
		fail "$name" "want exit $want and '$text'; $(run_why)"
	fi
}

# run_text NAME TEXT ARGS...: exits 0 and prints exactly TEXT.
run_text() {
	name="run: $run_if/$run_drv: $1" want=$2
	shift 2
	run_do "$@"
	if [ "$rc" = 0 ] && [ "$(cat "$RUN_TMP/out")" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "want '$(echo "$want" | tr '\n' '|')'; $(run_why)"
	fi
}

# run_json NAME FILE FILTER: jq finds FILTER true of the JSON in FILE
# ($i is the interface, $xor the file: output's path).
run_json() {
	name="run: $run_if/$run_drv: $1"
	if lab_jq "$3" "$2" --arg i "$run_if" --arg xor "$RUN_TMP/xor.out"; then
		pass "$name"
	else
		fail "$name" "want $3; $(head -c 700 "$2" | tr '\n' '|')"
	fi
}

# run_input TEXT: what the next run_do reads on standard input.
run_input() {
	printf '%s' "$1" > "$RUN_TMP/in"
}

# The script of run_script_tests: every SPEC type, every OUT form and
# format, -k and -H, -r, empty buffers; its calls' index in the comments.
run_write_script() {
	cat > "$RUN_TMP/script" <<EOF
# Every SPEC type, echoed back as its own type (calls 0 to 13).
-k lab -m 3 -i u8:0,255,0x7f -o u8:3
-k lab -m 3 -i u16:1,65535 -o u16:2
-k lab -m 3 -i u32:1,4294967295 -o u32:2
-k lab -m 3 -i u64:1,18446744073709551615 -o u64:2
-k lab -m 3 -i i8:-128,127 -o i8:2
-k lab -m 3 -i i16:-32768,0x7fff -o i16:2
-k lab -m 3 -i i32:-2147483648,2147483647 -o i32:2
-k lab -m 3 -i i64:-9223372036854775808,9223372036854775807 -o i64:2
-k lab -m 3 -i f32:1.5,-2.25 -o f32:2
-k lab -m 3 -i f64:0.5,-1e300 -o f64:2
-H 0x10 -m 3 -i hex:00112233445566778899aabbccddeeff -o 16
-H 0x10 -m 3 -i 'str:hello world' -o 11
-H 0x10 -m 3 -i file:$RUN_TMP/in.bin -o 8   # the file's 8 bytes
-H 0x10 -m 3 -i stdin: -o 5
# Sum and xor into each output form (14 to 17).
-k lab -m 4 -i u32:1,2,3,4294967295 -o 8 -f u64
-k lab -m 4 -i u32:40,2 -o u64:1
-k lab -m 12 -i str:abcd -o 4 -f u8
-k lab -m 12 -i hex:ff00 -o 2 -f i8
# Every -f (18 to 26).
-k lab -m 3 -i u16:258,7 -o 4 -f u16
-k lab -m 3 -i i16:-1,-2 -o 4 -f i16
-k lab -m 3 -i u32:7,8 -o 8 -f u32
-k lab -m 3 -i i32:-7 -o 4 -f i32
-k lab -m 3 -i u64:7 -o 8 -f u64
-k lab -m 3 -i i64:-7 -o 8 -f i64
-k lab -m 3 -i f32:0.25 -o 4 -f f32
-k lab -m 3 -i f64:-0.125 -o 8 -f f64
-k lab -m 3 -i u8:1,2 -o 2 -f hex
# A file output, a repeat, empty buffers, no arguments (27 to 30).
-k lab -m 12 -i str:abc -o file:$RUN_TMP/xor.out:3
-k lab -m 4 -i u32:2,3 -o u64:1 -r 5
-k lab -m 3 -i str: -o 0
-H 0x10 -m 2
EOF
	printf '\001\002\003\004\005\006\007\010' > "$RUN_TMP/in.bin"
}

# One process each for the script copied and in buffers of the device.
run_script_tests() {
	run_write_script
	run_input stdin
	run_do -j --script "$RUN_TMP/script"
	cp "$RUN_TMP/out" "$RUN_TMP/copied.json"
	if [ $rc != 0 ]; then
		fail "run: $run_if/$run_drv: --script FILE: 31 calls in one process" "$(run_why)"
		return
	fi
	pass "run: $run_if/$run_drv: --script FILE: 31 calls in one process"
	f=$RUN_TMP/copied.json
	run_json "--script FILE: domain, interface, node, pd and every call's line" "$f" \
		'.domain == "cdsp" and .interface == $i and .pd == "user" and
		 (.node | startswith(if $i == "accel" then "/dev/accel/accel" else "/dev/fastrpc-cdsp" end)) and
		 (.calls | length == 31) and .calls[0].line == 2 and .calls[30].line == 35 and
		 ([.calls[].retval] | all(. == 0)) and .calls[0].skel == "lab" and
		 .calls[0].handle >= 256 and .calls[10].handle == 16 and (.calls[10] | has("skel") | not)'
	run_json "every unsigned SPEC type round-trips" "$f" \
		'.calls[0].outputs[0].values == [0,255,127] and .calls[1].outputs[0].values == [1,65535] and
		 .calls[2].outputs[0].values == [1,4294967295] and
		 .calls[3].outputs[0].hex == "0100000000000000ffffffffffffffff" and
		 .calls[3].outputs[0].type == "u64"'
	run_json "every signed SPEC type round-trips" "$f" \
		'.calls[4].outputs[0].values == [-128,127] and .calls[5].outputs[0].values == [-32768,32767] and
		 .calls[6].outputs[0].values == [-2147483648,2147483647] and
		 .calls[7].outputs[0].hex == "0000000000000080ffffffffffffff7f" and
		 .calls[7].outputs[0].type == "i64"'
	run_json "f32 and f64 SPECs round-trip" "$f" \
		'.calls[8].outputs[0].values == [1.5,-2.25] and .calls[8].outputs[0].hex == "0000c03f000010c0" and
		 .calls[9].outputs[0].values == [0.5,-1e300] and .calls[9].outputs[0].size == 16'
	run_json "hex:, str:, file: and stdin: SPECs" "$f" \
		'.calls[10].outputs[0].hex == "00112233445566778899aabbccddeeff" and
		 .calls[11].outputs[0].hex == "68656c6c6f20776f726c64" and
		 .calls[12].outputs[0].hex == "0102030405060708" and
		 .calls[13].outputs[0].hex == "737464696e" and (.calls[13].outputs[0] | has("values") | not)'
	run_json "sum and xor into N, TYPE:N and -f outputs" "$f" \
		'.calls[14].outputs[0].values == [4294967301] and .calls[14].outputs[0].type == "u64" and
		 .calls[15].outputs[0].values == [42] and .calls[15].outputs[0].size == 8 and
		 .calls[16].outputs[0].values == [59,56,57,62] and .calls[17].outputs[0].values == [-91,90]'
	run_json "every -f type" "$f" \
		'[.calls[18:26][].outputs[0].values] == [[258,7],[-1,-2],[7,8],[-7],[7],[-7],[0.25],[-0.125]] and
		 [.calls[18:26][].outputs[0].type] == ["u16","i16","u32","i32","u64","i64","f32","f64"] and
		 .calls[26].outputs[0] == {"size":2,"hex":"0102"}'
	run_json "a file: output has its size and path" "$f" \
		'.calls[27].outputs[0] == {"size":3,"path":$xor}'
	if [ "$(cat $RUN_TMP/xor.out)" = ";89" ]; then
		pass "run: $run_if/$run_drv: a file: output holds the bytes"
	else
		fail "run: $run_if/$run_drv: a file: output holds the bytes" "$(od -An -tx1 $RUN_TMP/xor.out)"
	fi
	run_json "-r in a script: the last outputs and 5 latencies" "$f" \
		'.calls[28].outputs[0].values == [5] and .calls[28].latency.count == 5 and
		 (.calls[27] | has("latency") | not)'
	run_json "empty buffers and a call without arguments" "$f" \
		'.calls[29].outputs == [{"size":0,"hex":""}] and .calls[30].outputs == []'

	# The same calls, each with -z: the same results, but the latency.
	sed -i '/^-/s/$/ -z/' "$RUN_TMP/script"
	rm -f $RUN_TMP/xor.out
	run_do -j --script "$RUN_TMP/script"
	name="run: $run_if/$run_drv: -z gives what copies give, for every call"
	if [ $rc = 0 ] &&
	   [ "$(jq -S -c 'del(.calls[].latency)' "$RUN_TMP/out")" = \
	     "$(jq -S -c 'del(.calls[].latency)' "$RUN_TMP/copied.json")" ] &&
	   [ "$(cat $RUN_TMP/xor.out)" = ";89" ]; then
		pass "$name"
	else
		fail "$name" "$(run_why)"
	fi
	run_json "-z: the repeat counted its latencies too" "$RUN_TMP/out" \
		'.calls[28].latency.count == 5'
}

# Text: a script from standard input, one call, raw bytes, a repeat.
run_text_tests() {
	run_input "# text from standard input
-k lab -m 2
-k lab -m 3 -i hex:00112233 -o 4
-H 0x10 -m 4 -i u32:1,2,3,4294967295 -o u64:1
-k lab -m 12 -i str:abc -o 3 -f u8
-k lab -m 3 -i f32:1.5,-2.25 -o f32:2
-k lab -m 3 -i 'i16:-5' -o 2 -f i16
"
	run_text "--script -: each call under its number" "call 1:
call 2:
  out0: 00112233
call 3:
  out0: 4294967301
call 4:
  out0: 59 56 57
call 5:
  out0: 1.5 -2.25
call 6:
  out0: -5" --script -
	run_input ""
	run_text "one call: -k lab, hex output" "out0: 68656c6c6f" -k lab -m 3 -i str:hello -o 5
	run_input "abc"
	run_text "-i - and -f raw: xor of standard input" ";89" -H 0x10 -m 12 -i - -o 3 -f raw
	run_input ""
	run_do -j -H 0x10 -m 2 -r 20
	name="run: $run_if/$run_drv: -r 20: the latency statistics in the JSON"
	if [ $rc = 0 ] && lab_jq '.latency.count == 20 and .latency.min_us > 0 and
	     .latency.min_us <= .latency.p50_us and .latency.p50_us <= .latency.p99_us and
	     .latency.p99_us <= .latency.max_us and .latency.mean_us >= .latency.min_us and
	     .latency.mean_us <= .latency.max_us and .retval == 0 and .method == 2 and
	     .handle == 16 and .outputs == [] and (has("skel") | not)' "$RUN_TMP/out"; then
		pass "$name"
	else
		fail "$name" "$(run_why)"
	fi
}

# The DSP's errors, and the session kinds.
run_session_tests() {
	run_input ""
	run_expect "a bad call exits 3 with the DSP's error" 3 \
		"failed on the DSP: AEE_EBADPARM" -k lab -m 4 -i u32:1 -o 4
	run_do -j -k lab -m 4 -i u32:1 -o 4
	name="run: $run_if/$run_drv: a bad call: retval and error in the JSON"
	if [ $rc = 3 ] && lab_jq '.retval == -2147482610 and .error == "AEE_EBADPARM" and
	     (has("outputs") | not)' "$RUN_TMP/out"; then
		pass "$name"
	else
		fail "$name" "$(run_why)"
	fi
	run_expect "an unknown skeleton exits 3 with the DSP's dlerror" 3 \
		"AEE_ENOSUCHMOD.*the DSP says: .*libnosuch_skel.so" -k nosuch -m 2
	grep -q "^try: install the skeleton library .*search path '[^']*/dsp" "$RUN_TMP/err" &&
		pass "run: $run_if/$run_drv: ... and says where to install it" ||
		fail "run: $run_if/$run_drv: ... and says where to install it" "$(run_why)"
	run_expect "adsp: a null call" 0 "" -d adsp -k lab -m 2
	run_text "-P root: echo by the DSP's native skeleton" "out0: 726f6f74" \
		-P root -H 0x10 -m 3 -i str:root -o 4
	run_expect "-P sensors: a null call" 0 "" -P sensors -H 0x10 -m 2
	run_do -j -P static:audiopd --heap 0x100000 -H 0x10 -m 2
	name="run: $run_if/$run_drv: -P static:audiopd: a null call"
	if [ $rc = 0 ] && lab_jq '.pd == "static" and .retval == 0' "$RUN_TMP/out"; then
		pass "$name"
	else
		fail "$name" "$(run_why)"
	fi
	run_expect "-P static: of a PD the DSP lacks exits 1" 1 \
		"cannot attach to the static PD 'nopd' of cdsp" -P static:nopd -H 0x10 -m 2
	# Without -s and FASTRPC_SHELL, the library finds /usr/local/lib/dsp/fastrpc_shell_3.
	name="run: $run_if/$run_drv: the library's search finds the shell"
	if out=$(env -u FASTRPC_SHELL fastrpc-run -I "$run_if" -k lab -m 3 -i str:x -o 1 2>&1) &&
	   [ "$out" = "out0: 78" ]; then
		pass "$name"
	else
		fail "$name" "$out"
	fi
	name="run: $run_if/$run_drv: no shell for adsp exits 1 naming fastrpc_shell_0"
	out=$(env -u FASTRPC_SHELL fastrpc-run -I "$run_if" -d adsp -k lab -m 2 2>&1); rc=$?
	if [ $rc = 1 ] && echo "$out" | grep -q "no shell for adsp: fastrpc_shell_0"; then
		pass "$name"
	else
		fail "$name" "exit $rc: $out"
	fi
}

# Bad input: a missing domain or shell; nothing reaches a DSP.
run_bad_input_tests() {
	run_input ""
	run_expect "an unknown domain exits 4" 4 "domain 'nosuch' not found" -d nosuch -k lab -m 2
	run_expect "a missing shell file exits 1 naming it" 1 \
		"cannot read shell '/nonexistent/fastrpc_shell_3': No such file or directory" \
		-s /nonexistent/fastrpc_shell_3 -k lab -m 2
	echo "this is not an ELF file" > "$RUN_TMP/notelf"
	run_expect "a malformed shell ELF exits 1 saying why" 1 \
		"cannot use shell '$RUN_TMP/notelf': not an ELF" -s "$RUN_TMP/notelf" -k lab -m 2
}

# Argument parsing (on the accel stack alone: lab_tools_parsing).
run_usage_tests() {
	run_input ""
	run_expect "a bad SPEC exits 2" 2 "invalid -i 'u8:256': u8: out of range (0 to 255)" \
		-k lab -m 3 -i u8:256 -o 1
	run_expect "a bad OUT exits 2" 2 "invalid -o 'file:/tmp/x': file: needs a size" \
		-k lab -m 3 -i u8:1 -o file:/tmp/x
	run_expect "an unknown option exits 2" 2 "unknown option '--bogus'" -k lab -m 2 --bogus
	run_expect "-k with -H exits 2" 2 "exclude each other" -k lab -H 0x10 -m 2
	printf -- '-k lab -m 2\n\n-k lab -m 3 -i "str:a\n' > "$RUN_TMP/bad-script"
	run_expect "a bad script line exits 2 naming it" 2 "line 3: unterminated \" quote" \
		--script "$RUN_TMP/bad-script"
}

# With the misc driver there is no accel node: -I accel finds no domain.
run_no_accel_tests() {
	run_input ""
	run_if=accel
	run_expect "no accel node: -I accel exits 4" 4 \
		"domain 'cdsp' not found on the accel interface" -d cdsp -k lab -m 2
}

# lab_run_tests IFACE DRIVER
lab_run_tests() {
	run_if=$1 run_drv=$2
	mkdir -p "$RUN_TMP"
	if [ "$run_if" = legacy ] || [ "$run_drv" = ours ]; then
		run_script_tests
		run_text_tests
		run_session_tests
		run_bad_input_tests
		lab_tools_parsing "$run_if" "$run_drv" && run_usage_tests
	fi
	[ "$run_drv" = upstream ] && run_no_accel_tests
	rm -rf "$RUN_TMP"
}
