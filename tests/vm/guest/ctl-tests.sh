# SPDX-License-Identifier: GPL-2.0-only
#
# fastrpc-ctl against the virtual DSP, sourced by tools-tests.sh, which
# calls lab_ctl_tests IFACE DRIVER on each stack (IFACE accel|legacy,
# DRIVER ours|upstream).  Every command and option, the text, the exit
# status and the JSON (parsed with jq) checked apart; and what the legacy
# UAPI cannot do, which must fail with a clear message.  vdspd's tables
# (sim/vdspd/caps.c): cdsp unsigned_pd 1, hvx_128b 4, vtcm_page 4 MiB,
# vtcm_count 1, arch_ver 0x68; adsp arch_ver 0x68 and unsigned_pd 0.

CTL_TMP=/tmp/ctl
CTL_GROUP_GID=1001

# ctl_run ARGS...: fastrpc-ctl -I $ctl_if ARGS; stdout in $CTL_TMP/out,
# stderr in $CTL_TMP/err, the status in $rc.
ctl_run() {
	fastrpc-ctl -I "$ctl_if" "$@" > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
}

# ctl_why: what a failed test shows.
ctl_why() {
	echo "exit $rc: $(head -c 600 "$CTL_TMP/out" | tr '\n' '|') stderr: $(head -c 400 "$CTL_TMP/err" | tr '\n' '|')"
}

# ctl_expect NAME STATUS TEXT ARGS...: exits STATUS, TEXT (a grep pattern,
# "" for any) in stdout or stderr.
ctl_expect() {
	name="ctl: $ctl_if/$ctl_drv: $1" want=$2 text=$3
	shift 3
	ctl_run "$@"
	if [ "$rc" = "$want" ] && { [ -z "$text" ] || cat "$CTL_TMP/out" "$CTL_TMP/err" | grep -q -e "$text"; }; then
		pass "$name"
	else
		fail "$name" "want exit $want and '$text'; $(ctl_why)"
	fi
}

# ctl_jq FILTER [JQ OPTIONS...]: jq finds FILTER true of $CTL_TMP/out.
ctl_jq() {
	filter=$1
	shift
	lab_jq "$filter" "$CTL_TMP/out" "$@"
}

# ctl_json NAME STATUS FILTER ARGS...: fastrpc-ctl -j ARGS exits STATUS
# and jq finds FILTER true of its stdout ($i, $d, $shell are set in it).
ctl_json() {
	name="ctl: $ctl_if/$ctl_drv: $1" want=$2 filter=$3
	shift 3
	ctl_run -j "$@"
	if [ "$rc" = "$want" ] &&
	   ctl_jq "$filter" --arg i "$ctl_if" --arg d "$ctl_drvname" --arg shell "$LAB_SHELL"; then
		pass "$name"
	else
		fail "$name" "want exit $want and $filter; $(ctl_why)"
	fi
}

# ctl_as_lab ARGS...: ctl_run as the unprivileged lab user (uid 1000).
ctl_as_lab() {
	# busybox su takes options after the user too: one command string (the
	# arguments here have no blanks).
	su lab -c "exec $(command -v fastrpc-ctl) -I $ctl_if $*" > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
}

# Argument parsing (on the accel stack alone: lab_tools_parsing).
ctl_usage_tests() {
	ctl_expect "an unknown command exits 2" 2 "unknown command 'lsit'" lsit
	ctl_expect "an unknown option exits 2" 2 "unknown option '--bogus'" list --bogus
	ctl_expect "a bad -I exits 2" 2 "invalid -I 'usb'" -I usb list
	ctl_expect "an option of another command exits 2" 2 "list takes no -c/--count" list -c 2
	ctl_expect "--skel with -H exits 2" 2 "exclude each other" ping --skel lab -H 0x10
	ctl_expect "-c 0 exits 2" 2 "at least 1 call" ping -c 0
	ctl_expect "-m 32 exits 2" 2 "more than 31" ping -m 32
	ctl_expect "--help lists every command" 0 "doctor" --help
	ctl_run -V
	if [ $rc = 0 ] && grep -q '^fastrpc-ctl [0-9.]* (libfastrpc [0-9.]*)$' "$CTL_TMP/out"; then
		pass "ctl: $ctl_if/$ctl_drv: -V names the tool's and the library's versions"
	else
		fail "ctl: $ctl_if/$ctl_drv: -V names the tool's and the library's versions" "$(ctl_why)"
	fi
	ctl_run --complete commands
	if [ "$(tr '\n' ' ' < "$CTL_TMP/out")" = "list info ping sessions doctor " ]; then
		pass "ctl: $ctl_if/$ctl_drv: --complete commands"
	else
		fail "ctl: $ctl_if/$ctl_drv: --complete commands" "$(ctl_why)"
	fi
}

# The domains come from the live system: this one runs on every stack.
ctl_complete_domains_test() {
	ctl_run --complete domains
	if grep -qx cdsp "$CTL_TMP/out" && grep -qx adsp "$CTL_TMP/out" &&
	   grep -qx /dev/fastrpc-adsp "$CTL_TMP/out"; then
		pass "ctl: $ctl_if/$ctl_drv: --complete domains names the lab's domains and nodes"
	else
		fail "ctl: $ctl_if/$ctl_drv: --complete domains names the lab's domains and nodes" "$(ctl_why)"
	fi
}

ctl_list_tests() {
	ctl_expect "list shows both domains" 0 "^cdsp   3   $ctl_if " list
	grep -q "^adsp   0   $ctl_if " "$CTL_TMP/out" &&
		pass "ctl: $ctl_if/$ctl_drv: list shows adsp's nodes" ||
		fail "ctl: $ctl_if/$ctl_drv: list shows adsp's nodes" "$(ctl_why)"
	if [ "$ctl_if" = accel ]; then
		cdsp_nodes='[.domains[1].nodes[].path | test("^/dev/accel/accel[0-9]+$")] == [true]'
		adsp_nodes='[.domains[0].nodes[].path | test("^/dev/accel/accel[0-9]+$")] == [true]'
	else
		cdsp_nodes='[.domains[1].nodes[] | [.path, .secure]] == [["/dev/fastrpc-cdsp-secure", true], ["/dev/fastrpc-cdsp", false]]'
		adsp_nodes='[.domains[0].nodes[] | [.path, .secure]] == [["/dev/fastrpc-adsp", false]]'
	fi
	ctl_json "list --json: adsp then cdsp, with their ids" 0 \
		'[.domains[] | [.name, .id]] == [["adsp", 0], ["cdsp", 3]]' list
	ctl_json "list --json: every node on this interface and driver, ready" 0 \
		'[.domains[].nodes[] | .interface == $i and .driver == $d and .state == "ready"] | all' list
	ctl_json "list --json: cdsp's nodes" 0 "$cdsp_nodes" list
	ctl_json "list --json: adsp's nodes" 0 "$adsp_nodes" list
	ctl_json "list -d cdsp: cdsp alone" 0 '[.domains[].name] == ["cdsp"]' list -d cdsp
	node=$(jq -r '.domains[0].nodes[-1].path' "$CTL_TMP/out" 2>/dev/null)
	[ -n "$node" ] || node=/dev/null
	ctl_json "list -d NODE: that node alone" 0 \
		"[.domains[].nodes[].path] == [\"$node\"]" list -d "$node"
	ctl_expect "list -d of no domain exits 4" 4 "domain 'dsp9' not found: not a domain name" list -d dsp9
	ctl_expect "list -d of a domain the lab lacks exits 4" 4 "domain 'mdsp' not found" list -d mdsp
	ctl_expect "list -d of no node exits 4" 4 "'/dev/null' is no FastRPC node" list -d /dev/null
	ctl_run -j list -d dsp9
	[ $rc = 4 ] && [ ! -s "$CTL_TMP/out" ] &&
		pass "ctl: $ctl_if/$ctl_drv: a failed --json command prints nothing on stdout" ||
		fail "ctl: $ctl_if/$ctl_drv: a failed --json command prints nothing on stdout" "$(ctl_why)"
}

ctl_info_tests() {
	ctl_json "info --json: cdsp's device" 0 \
		'.domain == "cdsp" and .domain_id == 3 and .interface == $i and .driver == $d' \
		info -d cdsp
	ctl_json "info --json: cdsp's capability table" 0 \
		'.dsp_attributes == {"unsigned_pd": 1, "hvx_64b": 0, "hvx_128b": 4, "vtcm_page": 4194304,
		  "vtcm_count": 1, "arch_ver": 104, "hmx_depth": 0, "hmx_spatial": 0,
		  "async_fastrpc": 0, "status_notify": 0}' info -d cdsp
	ctl_json "info --json: the kernel release" 0 ".kernel == \"$(uname -r)\"" info
	ctl_json "info --json: adsp's capability table" 0 \
		'.domain == "adsp" and .dsp_attributes.arch_ver == 104 and .dsp_attributes.unsigned_pd == 0' \
		info -d adsp
	if [ "$ctl_if" = accel ]; then
		ctl_json "info --json: the driver's parameters" 0 \
			'.uapi_version == 0 and (.caps | index("user_pd") and index("dsp_attr")) and
			 .sessions_free > 0 and .context_banks > 0 and .max_shell_size > 0 and
			 .max_args > 0 and .gem_max_bytes > 0 and .max_calls > 0 and .max_maps > 0 and
			 .secure == false' info -d cdsp
		ctl_json "info --json: the DRM driver" 0 \
			'.drm_driver == "fastrpc" and (.drm_version | test("^[0-9]+\\.[0-9]+\\.[0-9]+$"))' info
		ctl_expect "info text: parameters and the table" 0 "^  arch_ver *0x68$" info -d cdsp
		grep -q "^sessions free: " "$CTL_TMP/out" && grep -q "^caps: .*user_pd" "$CTL_TMP/out" &&
			pass "ctl: $ctl_if/$ctl_drv: info text names the parameters" ||
			fail "ctl: $ctl_if/$ctl_drv: info text names the parameters" "$(ctl_why)"
	else
		ctl_json "info --json: no driver parameters on the legacy interface" 0 \
			'.uapi_version == null and .caps == null and .sessions_free == null and
			 .max_maps == null and .drm_driver == null and .drm_version == null' info -d cdsp
		ctl_json "info --json: the -secure node first, as Qualcomm's library" 0 \
			'.node == "/dev/fastrpc-cdsp-secure" and .secure == true' info -d cdsp
		ctl_json "info -d NODE: the plain node" 0 \
			'.node == "/dev/fastrpc-cdsp" and .secure == false' info -d /dev/fastrpc-cdsp
		ctl_expect "info text: no parameters on the legacy interface" 0 \
			"none on the legacy interface" info -d cdsp
		grep -q "^  arch_ver *0x68" "$CTL_TMP/out" &&
			pass "ctl: $ctl_if/$ctl_drv: info text shows the capability table" ||
			fail "ctl: $ctl_if/$ctl_drv: info text shows the capability table" "$(ctl_why)"
	fi
	ctl_expect "info -d of no domain exits 4" 4 "not a domain name" info -d dsp9
}

ctl_ping_tests() {
	ctl_json "ping --json: five remotectl calls on cdsp" 0 \
		'.domain == "cdsp" and .interface == $i and .shell == $shell and .skel == null and
		 .probe and .handle == 0 and .method == 1 and .session_start_us > 0 and
		 .latency.count == 5 and
		 .latency.min_us <= .latency.p50_us and .latency.p50_us <= .latency.p99_us and
		 .latency.p99_us <= .latency.max_us and .latency.mean_us > 0' ping -d cdsp -c 5
	ctl_expect "ping text: start time and latency" 0 "p50 .* us, p99" ping -c 3
	grep -q "^session: started in [0-9.]* ms" "$CTL_TMP/out" &&
		pass "ctl: $ctl_if/$ctl_drv: ping text reports the session's start" ||
		fail "ctl: $ctl_if/$ctl_drv: ping text reports the session's start" "$(ctl_why)"
	ctl_json "ping -H: the handle as it is, no skeleton" 0 \
		'.skel == null and (.probe | not) and .handle == 16 and .method == 2 and
		 .latency.count == 2' ping -H 0x10 -c 2
	ctl_json "ping --skel: the lab skeleton loaded by name from the host" 0 \
		'.skel == "lab" and (.probe | not) and .handle != 16 and .method == 2 and
		 .latency.count == 2' ping --skel lab -c 2
	ctl_json "ping on adsp" 0 '.domain == "adsp" and .latency.count == 2' ping -d adsp -c 2 -i 10
	# Without FASTRPC_SHELL: the library's search, which ends in <prefix>/lib/dsp.
	env -u FASTRPC_SHELL fastrpc-ctl -I "$ctl_if" -j ping -d cdsp -c 2 \
		> "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
	[ $rc = 0 ] && [ "$(jq -r .shell "$CTL_TMP/out")" = /usr/local/lib/dsp/fastrpc_shell_3 ] &&
		pass "ctl: $ctl_if/$ctl_drv: ping finds the shell without FASTRPC_SHELL" ||
		fail "ctl: $ctl_if/$ctl_drv: ping finds the shell without FASTRPC_SHELL" "$(ctl_why)"
	env -u FASTRPC_SHELL fastrpc-ctl -I "$ctl_if" ping -d adsp > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
	[ $rc = 1 ] && grep -q "no shell for adsp: fastrpc_shell_0 is in none of" "$CTL_TMP/err" &&
		grep -q "^try: -s SHELL or FASTRPC_SHELL" "$CTL_TMP/err" &&
		pass "ctl: $ctl_if/$ctl_drv: ping without a shell exits 1 and says where it looked" ||
		fail "ctl: $ctl_if/$ctl_drv: ping without a shell exits 1 and says where it looked" "$(ctl_why)"
	ctl_expect "ping -s of a missing file exits 1" 1 \
		"shell '/nonexistent/shell' (from -s): no such file" ping -s /nonexistent/shell
	echo "this is not an ELF file" > "$CTL_TMP/not-elf"
	ctl_expect "ping -s of no ELF exits 1" 1 "cannot use shell .*not an ELF" ping -s "$CTL_TMP/not-elf"
	ctl_expect "ping --skel of a skeleton the DSP lacks exits 3" 3 \
		"refused to open skeleton 'nosuch': AEE_ENOSUCHMOD (0x8000043e): .*libnosuch_skel.so" \
		ping --skel nosuch
	grep -q "^try: --skel NAME .*-H HANDLE" "$CTL_TMP/err" &&
		pass "ctl: $ctl_if/$ctl_drv: a refused skeleton says what to try" ||
		fail "ctl: $ctl_if/$ctl_drv: a refused skeleton says what to try" "$(ctl_why)"
	ctl_expect "ping -m of a method the skeleton lacks exits 3" 3 \
		"method 31 of handle 0x10: the method failed on the DSP: AEE_EUNSUPPORTED" ping -H 0x10 -m 31
	grep -q "^try: -m METHOD" "$CTL_TMP/err" &&
		pass "ctl: $ctl_if/$ctl_drv: a failed method says what to try" ||
		fail "ctl: $ctl_if/$ctl_drv: a failed method says what to try" "$(ctl_why)"
}

# The holder: a ping that keeps its session for a while.
ctl_holder_start() {
	fastrpc-ctl -I "$ctl_if" ping -d cdsp -c 400 -i 100 > "$CTL_TMP/holder" 2>&1 &
	holder=$!
}

ctl_holder_stop() {
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
}

# ctl_holder_seen: sessions lists the holder (with its session, where
# fdinfo tells).
ctl_holder_seen() {
	fastrpc-ctl -I "$ctl_if" -j sessions > "$CTL_TMP/out" 2> /dev/null &&
		ctl_jq '[.files[] | select(.pid == $p and ((.known | not) or .session_type == "user-pd"))] |
			length > 0' --argjson p "$holder"
}

ctl_sessions_tests() {
	ctl_json "sessions --json: no file open" 0 '.files == [] and .unreadable == 0' sessions
	ctl_expect "sessions text: no file open" 0 "no process holds a FastRPC file" sessions
	ctl_holder_start
	if ! wait_for ctl_holder_seen 60; then
		fail "ctl: $ctl_if/$ctl_drv: sessions lists a ping's files" "$(cat "$CTL_TMP/holder" | tr '\n' '|')"
		ctl_holder_stop
		return
	fi
	pass "ctl: $ctl_if/$ctl_drv: sessions lists a ping's files"
	if [ "$ctl_drv" = upstream ]; then
		ctl_json "sessions --json: the misc driver's files have no details" 0 \
			"[.files[] | select(.pid == $holder)] | length > 0 and
			 all(.comm == \"fastrpc-ctl\" and .domain == \"cdsp\" and .interface == \"legacy\" and
			     .driver == \"fastrpc\" and .known == false and .session_type == null and
			     .client_id == null)" sessions
		ctl_expect "sessions text: no details (driver fastrpc)" 0 \
			"^$holder .*cdsp .*no details (driver fastrpc)" sessions
		ctl_expect "sessions --debugfs: the misc driver has no debugfs view" 1 \
			"cdsp has no accel node: only fastrpc_accel keeps a debugfs view" sessions --debugfs
	else
		ctl_json "sessions --json: the ping's session from fdinfo" 0 \
			"[.files[] | select(.pid == $holder and .session_type == \"user-pd\")] | length == 1 and
			 all(.comm == \"fastrpc-ctl\" and .domain == \"cdsp\" and .interface == \$i and
			     .driver == \"fastrpc_accel\" and .known and (.client_id | type) == \"number\" and
			     .calls >= 0 and .dsp_maps >= 0 and .dsp_handles >= 0 and .dsp_mapped >= 0 and
			     .gem_bytes >= 0)" sessions
		cid=$(jq --argjson p "$holder" \
			'[.files[] | select(.pid == $p and .session_type == "user-pd")][0].client_id' "$CTL_TMP/out")
		ctl_expect "sessions text: the ping's session" 0 \
			"^$holder *fastrpc-ctl .*cdsp *$ctl_if .*user-pd *$cid " sessions
		ctl_json "sessions --debugfs: the driver's view of the same session" 0 \
			"([.debugfs[] | select(.domain == \"cdsp\") | .sessions[] |
			   select(.client_id == $cid and .type == \"user-pd\" and .state == \"active\")] | length == 1) and
			 ([.debugfs[] | select(.domain == \"cdsp\")][0].dir | startswith(\"/sys/kernel/debug/accel/\"))" \
			sessions --debugfs
		ctl_json "sessions --debugfs -d adsp: no session there" 0 \
			'[.debugfs[].domain] == ["adsp"] and .debugfs[0].sessions == [] and
			 ([.files[].domain] | all(. == "adsp"))' sessions --debugfs -d adsp
		ctl_as_lab sessions --debugfs
		[ $rc = 1 ] && grep -q "cannot read the driver's view of cdsp in /sys/kernel/debug: permission denied" "$CTL_TMP/err" &&
			grep -q "^try: sudo fastrpc-ctl sessions --debugfs" "$CTL_TMP/err" &&
			pass "ctl: $ctl_if/$ctl_drv: sessions --debugfs without root says so" ||
			fail "ctl: $ctl_if/$ctl_drv: sessions --debugfs without root says so" "$(ctl_why)"
	fi
	ctl_json "sessions -d adsp: not the ping on cdsp" 0 \
		"[.files[] | select(.pid == $holder)] == []" sessions -d adsp
	ctl_as_lab -j sessions
	if [ $rc = 0 ] &&
	   ctl_jq '.unreadable > 0 and ([.files[] | select(.pid == $p)] == [])' --argjson p "$holder"; then
		pass "ctl: $ctl_if/$ctl_drv: sessions counts the processes it may not read"
	else
		fail "ctl: $ctl_if/$ctl_drv: sessions counts the processes it may not read" "$(ctl_why)"
	fi
	ctl_as_lab sessions
	grep -q "run as root to see every process" "$CTL_TMP/out" &&
		pass "ctl: $ctl_if/$ctl_drv: sessions says to run as root" ||
		fail "ctl: $ctl_if/$ctl_drv: sessions says to run as root" "$(ctl_why)"
	ctl_holder_stop
	ctl_json "sessions: the ping's files are gone with it" 0 \
		"[.files[] | select(.pid == $holder)] == []" sessions
}

# ctl_node_perm NODE MODE GID: set a node's mode and group.
ctl_node_perm() {
	chmod "$2" "$1" && chgrp "$3" "$1"
}

ctl_doctor_perm_tests() {
	node=$1
	saved=$(stat -c '%a %g' "$node")
	cp /etc/group "$CTL_TMP/group"
	echo "fastrpc:x:$CTL_GROUP_GID:" >> /etc/group

	ctl_node_perm "$node" 600 0
	ctl_as_lab -j doctor -d "$node"
	if [ $rc = 1 ] && ctl_jq '.checks[] | select(.check == "access") | .ok == false and
		 (.detail | startswith($n + ": permission denied (owner root, group root, mode 0600)")) and
		 (.fix | startswith("a udev rule giving the node a group")) and
		 (.fix | contains("GROUP=\"fastrpc\", MODE=\"0660\""))' --arg n "$node"; then
		pass "ctl: $ctl_if/$ctl_drv: doctor: a node of group root wants a udev rule"
	else
		fail "ctl: $ctl_if/$ctl_drv: doctor: a node of group root wants a udev rule" "$(ctl_why)"
	fi

	ctl_node_perm "$node" 660 "$CTL_GROUP_GID"
	ctl_as_lab doctor -d "$node"
	if [ $rc = 1 ] && grep -q "^\[FAIL\] access cdsp: $node: permission denied (owner root, group fastrpc, mode 0660)" "$CTL_TMP/out" &&
	   grep -q "^       fix: usermod -aG fastrpc \$USER, then log in again" "$CTL_TMP/out"; then
		pass "ctl: $ctl_if/$ctl_drv: doctor names the node's group to join"
	else
		fail "ctl: $ctl_if/$ctl_drv: doctor names the node's group to join" "$(ctl_why)"
	fi
	ctl_as_lab -j list -d "$node"
	[ $rc = 0 ] && ctl_jq '.domains[0].nodes[0].state == "no-access"' &&
		pass "ctl: $ctl_if/$ctl_drv: list shows no-access" ||
		fail "ctl: $ctl_if/$ctl_drv: list shows no-access" "$(ctl_why)"

	cp "$CTL_TMP/group" /etc/group
	ctl_node_perm "$node" "${saved% *}" "${saved#* }"
}

ctl_doctor_tests() {
	ctl_expect "doctor: every check passes" 0 "^[1-9][0-9]* passed, 0 failed$" doctor
	ctl_json "doctor --json: the checks of both domains" 0 \
		'.failed == 0 and .passed == (.checks | length) and
		 ([.checks[] | select(.check == "module")][0] | .ok and .domain == null and .fix == null and
		  (.detail | contains($d))) and
		 ([.checks[] | select(.domain == "cdsp") | .check] | index("nodes") and index("access") and
		  index("dsp") and index("shell")) and
		 ([.checks[] | select(.domain == "adsp") | .check] | index("dsp") and index("shell"))' doctor
	if [ "$ctl_if" = accel ]; then
		ctl_json "doctor --json: a free session on each domain" 0 \
			'[.checks[] | select(.check == "sessions") | .domain] == ["adsp", "cdsp"]' doctor
	else
		ctl_json "doctor --json: no session check on the legacy interface" 0 \
			'[.checks[] | select(.check == "sessions")] == []' doctor
	fi
	ctl_json "doctor -d cdsp: the DSP answers with its table" 0 \
		'[.checks[] | .domain] - ["cdsp", null] == [] and
		 (.checks[] | select(.check == "dsp") | .ok and (.detail | contains("unsigned_pd 1")))' \
		doctor -d cdsp
	env -u FASTRPC_SHELL fastrpc-ctl -I "$ctl_if" -j doctor -d cdsp > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
	[ $rc = 0 ] && ctl_jq '.checks[] | select(.check == "shell") |
		.ok and (.detail | startswith("/usr/local/lib/dsp/fastrpc_shell_3 ")) and
		(.detail | contains("from the default search"))' &&
		pass "ctl: $ctl_if/$ctl_drv: doctor finds the shell without FASTRPC_SHELL" ||
		fail "ctl: $ctl_if/$ctl_drv: doctor finds the shell without FASTRPC_SHELL" "$(ctl_why)"
	env -u FASTRPC_SHELL fastrpc-ctl -I "$ctl_if" doctor > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
	[ $rc = 1 ] && grep -q "^\[FAIL\] shell adsp: no fastrpc_shell_0 in " "$CTL_TMP/out" &&
		grep -q "^       fix: install the DSP's shell as /usr/lib/dsp/adsp/fastrpc_shell_0" "$CTL_TMP/out" &&
		grep -q "^\[ ok \] shell cdsp: " "$CTL_TMP/out" &&
		pass "ctl: $ctl_if/$ctl_drv: doctor: adsp's missing shell fails, with where to install it" ||
		fail "ctl: $ctl_if/$ctl_drv: doctor: adsp's missing shell fails, with where to install it" "$(ctl_why)"
	ctl_json "doctor -s of a missing file fails" 1 \
		'.failed == 1 and (.checks[] | select(.check == "shell") | .ok == false and
		 (.detail | contains("(from -s): No such file")) and (.fix | startswith("-s PATH of an existing shell")))' \
		doctor -d cdsp -s /nonexistent/shell
	echo "this is not an ELF file" > "$CTL_TMP/not-elf"
	FASTRPC_SHELL=$CTL_TMP/not-elf fastrpc-ctl -I "$ctl_if" doctor -d cdsp > "$CTL_TMP/out" 2> "$CTL_TMP/err"
	rc=$?
	[ $rc = 1 ] && grep -q "^\[FAIL\] shell cdsp: $CTL_TMP/not-elf (from FASTRPC_SHELL): not an ELF" "$CTL_TMP/out" &&
		grep -q "fix: FASTRPC_SHELL=PATH of a Hexagon shell ELF" "$CTL_TMP/out" &&
		pass "ctl: $ctl_if/$ctl_drv: doctor: FASTRPC_SHELL of no ELF fails" ||
		fail "ctl: $ctl_if/$ctl_drv: doctor: FASTRPC_SHELL of no ELF fails" "$(ctl_why)"
	ctl_json "doctor -d of no domain exits 4" 4 \
		'.failed == 1 and (.checks[] | select(.check == "nodes") | .ok == false and
		 (.detail | contains("not a domain name")))' doctor -d dsp9
	if [ "$(su lab -c 'id -u' 2>/dev/null)" = 1000 ]; then
		if [ "$ctl_if" = accel ]; then
			ctl_run -j list -d cdsp
			ctl_doctor_perm_tests "$(jq -r '.domains[0].nodes[0].path' "$CTL_TMP/out")"
		else
			ctl_doctor_perm_tests /dev/fastrpc-cdsp
		fi
	else
		fail "ctl: $ctl_if/$ctl_drv: su to the lab user" "$(su lab -c 'id -u' 2>&1)"
	fi
}

# What the legacy UAPI of the misc driver cannot do (the later -I wins).
ctl_upstream_tests() {
	ctl_expect "-I accel: the misc driver has no accel node (list)" 4 \
		"try: -I legacy (only legacy nodes are there" -I accel list
	ctl_expect "-I accel: no accel node (info)" 4 \
		"no FastRPC node of cdsp on the accel interface" -I accel info -d cdsp
	ctl_expect "-I accel: no accel node (ping)" 4 "no FastRPC node on the accel interface" \
		-I accel ping
	ctl_expect "-I accel: no accel node (sessions)" 4 "on the accel interface" -I accel sessions
	ctl_json "-I accel: no accel node (doctor)" 4 \
		'.checks[] | select(.check == "nodes") | .ok == false and (.fix | startswith("-I any"))' \
		-I accel doctor
	ctl_json "doctor: the misc driver is loaded" 0 \
		'.checks[0] | .check == "module" and (.detail | contains("fastrpc (the misc driver)"))' doctor
}

lab_ctl_tests() {
	ctl_if=$1 ctl_drv=$2
	ctl_drvname=fastrpc_accel
	[ "$ctl_drv" = upstream ] && ctl_drvname=fastrpc
	mkdir -p "$CTL_TMP"
	lab_tools_parsing "$ctl_if" "$ctl_drv" && ctl_usage_tests
	ctl_complete_domains_test
	ctl_list_tests
	ctl_info_tests
	ctl_ping_tests
	ctl_sessions_tests
	ctl_doctor_tests
	[ "$ctl_drv" = upstream ] && ctl_upstream_tests
	return 0
}
