# SPDX-License-Identifier: GPL-2.0-only
#
# fastrpc-mem on one interface of one driver, sourced by tools-tests.sh,
# which runs lab_mem_tests IFACE DRIVER on accel/ours, legacy/ours and
# legacy/upstream.  Every command runs with "-I IFACE"; the JSON is read
# with jq.  DSP processes are slow to start in the lab: the tests share
# them where the test is not about starting one.

MEM_TMP=/tmp/mem-tests

# mem ARGS...: fastrpc-mem on the interface under test, never for ever.
mem() { timeout 120 fastrpc-mem -I "$mem_iface" "$@"; }

# mem_fail NAME WHY: fail with what the last command printed.
mem_fail() {
	fail "$1" "$2: $(head -c 300 "$MEM_TMP/out" | tr '\n' '|') $(head -c 300 "$MEM_TMP/err" | tr '\n' '|')"
}

# mem_json WHAT EXIT FILTER ARGS...: fastrpc-mem -j ARGS exits EXIT and
# its JSON passes the jq FILTER.
mem_json() {
	name="$mem_name: $1" want=$2 filter=$3
	shift 3
	mem -j "$@" > "$MEM_TMP/out" 2> "$MEM_TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		mem_fail "$name" "exit $rc, not $want"
	elif ! lab_jq "$filter" "$MEM_TMP/out"; then
		mem_fail "$name" "the JSON fails $filter"
	else
		pass "$name"
	fi
}

# mem_says WHAT EXIT WORDS ARGS...: fastrpc-mem ARGS exits EXIT, and
# stderr has WORDS (a grep pattern) and nothing on stdout.
mem_says() {
	name="$mem_name: $1" want=$2 words=$3
	shift 3
	mem "$@" > "$MEM_TMP/out" 2> "$MEM_TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		mem_fail "$name" "exit $rc, not $want"
	elif ! grep -q -- "$words" "$MEM_TMP/err"; then
		mem_fail "$name" "no '$words' on stderr"
	elif [ -s "$MEM_TMP/out" ]; then
		mem_fail "$name" "stdout is not empty"
	else
		pass "$name"
	fi
}

# mem_bad_input: missing things, and what the misc driver lacks.
mem_bad_input() {
	mem_says "an unknown domain exits 4" 4 "domain 'nosuch' not found" -d nosuch alloc 4K
	mem_says "a domain the lab lacks exits 4" 4 "domain 'mdsp' not found" -d mdsp verify
	mem_says "a missing shell exits 1" 1 "no shell '/nonexistent/shell'" \
		-s /nonexistent/shell verify 4K
	mem_says "an fd that is no dma-buf exits 1" 1 "fd 0 is no dma-buf: it is /etc/passwd" \
		import --fd 0 < /etc/passwd
	mem_says "a heap that does not exist exits 1" 1 "no dma-buf heap 'nosuch'" \
		import --heap nosuch 64K
	if [ "$mem_driver" = upstream ]; then
		# Not mem(): -I accel is the point.
		timeout 60 fastrpc-mem -I accel alloc 4K > "$MEM_TMP/out" 2> "$MEM_TMP/err"
		rc=$?
		if [ $rc = 4 ] && grep -q "no accel interface.*misc driver" "$MEM_TMP/err" &&
		   grep -q "^try: -I legacy" "$MEM_TMP/err"; then
			pass "$mem_name: -I accel on the misc driver says so, exit 4"
		else
			mem_fail "$mem_name: -I accel on the misc driver says so, exit 4" "exit $rc"
		fi
	fi
}

# Argument parsing (on the accel stack alone: lab_tools_parsing).
mem_usage() {
	mem_says "a bad size exits 2" 2 "invalid SIZE '4X'" alloc 4X
	mem_says "a size of 0 exits 2" 2 "a buffer has bytes" alloc 0
	mem_says "an option of another command exits 2" 2 "alloc takes no --skel" alloc 4K --skel lab
}

mem_alloc() {
	gem=false
	[ "$mem_iface" = accel ] && gem=true
	mem_json "alloc 64K, no DSP process" 0 \
		".interface == \"$mem_iface\" and .driver == \"$mem_module\" and .size >= 65536 and
		 .gem == $gem and .dmabuf_inode > 0 and .dmabuf_fd >= 0 and (has(\"dsp_addr\") | not)" \
		alloc 64K
	mem alloc 4097 > "$MEM_TMP/out" 2> "$MEM_TMP/err"
	if grep -q "^size: .* KiB" "$MEM_TMP/out" && grep -q "^dma-buf ino: *[1-9]" "$MEM_TMP/out"; then
		pass "$mem_name: alloc in text, rounded to pages"
	else
		mem_fail "$mem_name: alloc in text, rounded to pages" "no size or inode line"
	fi
}

# mem_holder: alloc --map --hold in the background, looked at by list and
# taken by import --pid meanwhile, then ended by SIGTERM.
mem_holder() {
	rm -f "$MEM_TMP/hold.json"
	fastrpc-mem -I "$mem_iface" -j alloc 64K --map --fill 3 --hold \
		> "$MEM_TMP/hold.json" 2> "$MEM_TMP/hold.err" &
	hpid=$!
	if ! wait_for "[ -s $MEM_TMP/hold.json ]" 30; then
		fail "$mem_name: alloc --map --hold reports, then holds" "$(cat "$MEM_TMP/hold.err")"
		kill "$hpid" 2>/dev/null
		wait "$hpid"
		return
	fi
	if lab_jq '.dsp_addr > 0 and .seed == 3' "$MEM_TMP/hold.json" &&
	   kill -0 "$hpid" 2>/dev/null; then
		pass "$mem_name: alloc --map --hold reports a DSP address, then holds"
	else
		fail "$mem_name: alloc --map --hold reports a DSP address, then holds" \
			"$(tr '\n' '|' < "$MEM_TMP/hold.json") $(cat "$MEM_TMP/hold.err")"
	fi
	hfd=$(jq -r .dmabuf_fd "$MEM_TMP/hold.json")
	hino=$(jq -r .dmabuf_inode "$MEM_TMP/hold.json")
	haddr=$(jq -r .dsp_addr "$MEM_TMP/hold.json")

	# What list sees of it: the driver's details, or the misc driver's silence.
	if [ "$mem_driver" = ours ]; then
		gem_min=0
		[ "$mem_iface" = accel ] && gem_min=65536
		mem_json "list shows the holder's map in its fdinfo" 0 \
			"[.files[] | select(.pid == $hpid and .known and .session_type == \"user-pd\" and
			  .dsp_maps == 1 and .dsp_mapped == 65536 and .gem_bytes >= $gem_min)] | length == 1" \
			list
		mem_json "list shows the holder's map in debugfs" 0 \
			"[.domains[] | select(.domain == \"cdsp\") | .sessions[].maps[] |
			  select(.dsp_addr == $haddr and .size == 65536 and .state == \"ok\")] | length == 1" \
			list
	else
		mem_json "list says the misc driver shows no details" 0 \
			"([.files[] | select(.pid == $hpid)] | length >= 1 and all(.known == false)) and
			 ([.notes[] | select(test(\"misc driver\"))] | length >= 1) and .domains == []" \
			list
	fi
	mem list > "$MEM_TMP/out" 2> "$MEM_TMP/err"
	if grep -q "^$hpid .*fastrpc-mem" "$MEM_TMP/out"; then
		pass "$mem_name: list in text has the holder"
	else
		mem_fail "$mem_name: list in text has the holder" "no line for pid $hpid"
	fi

	# Another process takes the holder's dma-buf and checks it on the DSP;
	# the misc driver gives each open file a session slot, and the lab's
	# few are taken by the holder's files: there, no second DSP process.
	if [ "$mem_driver" = ours ]; then
		mem_json "import --pid --fd of the holder's dma-buf, verified" 0 \
			".source == \"pid\" and .dmabuf_inode == $hino and .ok and
			 ([.steps[] | select(.ok)] | length == 3)" \
			import --pid "$hpid" --fd "$hfd" --verify
	else
		mem_json "import --pid --fd of the holder's dma-buf" 0 \
			".source == \"pid\" and .source_pid == $hpid and .dmabuf_inode == $hino" \
			import --pid "$hpid" --fd "$hfd"
	fi

	# Without the right to ptrace it, and without root for the driver's view.
	if [ "$(su lab -c 'id -u' 2>/dev/null)" = 1000 ]; then
		su lab -c "fastrpc-mem -I $mem_iface import --pid $hpid --fd $hfd" \
			> "$MEM_TMP/out" 2> "$MEM_TMP/err"
		rc=$?
		if [ $rc = 1 ] && grep -q "ptrace permission is needed" "$MEM_TMP/err"; then
			pass "$mem_name: import --pid as another user says ptrace is needed"
		else
			mem_fail "$mem_name: import --pid as another user says ptrace is needed" "exit $rc"
		fi
		su lab -c "fastrpc-mem -j list" > "$MEM_TMP/out" 2> "$MEM_TMP/err"
		rc=$?
		if [ $rc = 0 ] && lab_jq '.unreadable > 0 and
		     ([.notes[] | select(test("not root"))] | length >= 1)' "$MEM_TMP/out"; then
			pass "$mem_name: list as another user says what it cannot see"
		else
			mem_fail "$mem_name: list as another user says what it cannot see" "exit $rc"
		fi
	else
		fail "$mem_name: su to the lab user" "$(su lab -c 'id -u' 2>&1)"
	fi

	kill -TERM "$hpid"
	wait "$hpid"
	rc=$?
	if [ $rc = 0 ] && ! grep -q . "$MEM_TMP/hold.err"; then
		pass "$mem_name: the holder lets go on SIGTERM, exit 0"
	else
		fail "$mem_name: the holder lets go on SIGTERM, exit 0" "exit $rc: $(cat "$MEM_TMP/hold.err")"
	fi
}

# mem_hold_eof: --hold with stdin a FIFO ends when its writer closes it.
mem_hold_eof() {
	rm -f "$MEM_TMP/fifo" "$MEM_TMP/eof.json"
	mkfifo "$MEM_TMP/fifo"
	fastrpc-mem -I "$mem_iface" -j alloc 4K --hold < "$MEM_TMP/fifo" \
		> "$MEM_TMP/eof.json" 2> "$MEM_TMP/eof.err" &
	epid=$!
	exec 3> "$MEM_TMP/fifo"
	if wait_for "[ -s $MEM_TMP/eof.json ]" 20 && sleep 0.3 && kill -0 "$epid" 2>/dev/null; then
		exec 3>&-
		if wait_for "! kill -0 $epid 2>/dev/null" 10 && wait "$epid"; then
			pass "$mem_name: alloc --hold lets go at the end of its input"
		else
			fail "$mem_name: alloc --hold lets go at the end of its input" "still there, or exit $?"
		fi
	else
		exec 3>&-
		fail "$mem_name: alloc --hold lets go at the end of its input" \
			"did not hold: $(cat "$MEM_TMP/eof.err")"
	fi
	kill "$epid" 2>/dev/null
	wait "$epid" 2>/dev/null
}

mem_import() {
	mem_json "import --heap system 64K --verify" 0 \
		".source == \"heap\" and .heap == \"system\" and .exporter == \"system\" and
		 .size == 65536 and .dsp_addr > 0 and .ok" \
		import --heap system 64K --verify
	mem_json "import --heap system 64K --map" 0 '.dsp_addr > 0 and (has("steps") | not)' \
		import --heap system 64K --map
	if [ -c /dev/udmabuf ]; then
		# One page: without an IOMMU the DSP reaches nothing larger in one piece.
		mem_json "import --udmabuf 4K --verify" 0 \
			'.source == "udmabuf" and .exporter == "udmabuf" and .size == 4096 and .ok' \
			import --udmabuf 4K --verify
	else
		mem_says "import --udmabuf without /dev/udmabuf says so" 1 "/dev/udmabuf is absent" \
			import --udmabuf 4K
	fi
}

mem_export() {
	# The child imports the fd and checks it on the DSP, writing over it.
	rm -f "$MEM_TMP/child.json"
	mem -j export 64K --fill 9 -- fastrpc-mem -I "$mem_iface" -j import --fd '{}' --verify \
		> "$MEM_TMP/out" 2> "$MEM_TMP/child.json"
	rc=$?
	if [ $rc = 0 ] &&
	   lab_jq '.exit_status == 0 and .seed == 9 and .pattern_intact == false and
		  .first_diff == 0 and .changed_bytes > 0' "$MEM_TMP/out" &&
	   lab_jq '.source == "fd" and .ok' "$MEM_TMP/child.json"; then
		pass "$mem_name: export to import --fd {} --verify, which changes it"
	else
		fail "$mem_name: export to import --fd {} --verify, which changes it" \
			"exit $rc: $(tr '\n' '|' < "$MEM_TMP/out") $(head -c 400 "$MEM_TMP/child.json" | tr '\n' '|')"
	fi

	# The child reads its fdinfo: {} and $FASTRPC_DMABUF_FD name the same fd.
	# shellcheck disable=SC2016 # the child's shell expands them
	mem -j export 4K --fill 5 -- sh -c \
		'[ "$1" = "$FASTRPC_DMABUF_FD" ] && cat /proc/self/fdinfo/$1' sh '{}' \
		> "$MEM_TMP/out" 2> "$MEM_TMP/err"
	rc=$?
	if [ $rc = 0 ] && grep -q "^exp_name:" "$MEM_TMP/err" &&
	   lab_jq '.exit_status == 0 and .pattern_intact and .first_diff == null' \
		"$MEM_TMP/out"; then
		pass "$mem_name: export to cat /proc/self/fdinfo/{}, pattern intact"
	else
		mem_fail "$mem_name: export to cat /proc/self/fdinfo/{}, pattern intact" "exit $rc"
	fi
	mem export 4K -- cat /proc/self/fdinfo/{} > "$MEM_TMP/out" 2> "$MEM_TMP/err"
	if grep -q "^exp_name:" "$MEM_TMP/out" && grep -q "^pattern: *yes (intact)" "$MEM_TMP/out"; then
		pass "$mem_name: export in text: the child's output, then the report"
	else
		mem_fail "$mem_name: export in text: the child's output, then the report" "exit $?"
	fi
	mem_json "export to a command that fails exits 1" 1 '.exit_status == 3' \
		export 4K -- sh -c 'exit 3'
	mem_says "export to a command that does not exist exits 1" 1 "cannot run '/nonexistent'" \
		export 4K -- /nonexistent
}

mem_verify() {
	for size in 4K 1M; do
		mem_json "verify $size" 0 \
			".ok and .dsp_addr > 0 and ([.steps[] | select(.ok and .first_bad == null)] |
			 length == 3) and .skel == \"lab\"" \
			verify $size
	done
	mem_says "verify without the test skeleton exits 3" 3 "verifying needs the test skeleton" \
		verify 4K --skel nosuch
	if grep -q AEE_ENOSUCHMOD "$MEM_TMP/err"; then
		pass "$mem_name: ... and names AEE_ENOSUCHMOD"
	else
		mem_fail "$mem_name: ... and names AEE_ENOSUCHMOD" "no AEE_ENOSUCHMOD"
	fi
}

# lab_mem_tests IFACE DRIVER: IFACE accel or legacy, DRIVER ours or upstream.
lab_mem_tests() {
	mem_iface=$1 mem_driver=$2
	mem_name="mem: $1/$2"
	mem_module=fastrpc_accel
	[ "$mem_driver" = upstream ] && mem_module=fastrpc
	mkdir -p "$MEM_TMP"

	mem_bad_input
	lab_tools_parsing "$mem_iface" "$mem_driver" && mem_usage
	mem_alloc
	mem_holder
	mem_hold_eof
	mem_import
	mem_export
	mem_verify
}
