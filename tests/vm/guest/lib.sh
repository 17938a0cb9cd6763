# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the lab's guest scripts: loading the stack and counting tests.

LAB_DOMAINS=${LAB_DOMAINS:-"cdsp adsp"}
LAB_DSP_DIR=/usr/local/lib/dsp
LAB_SHELL=$LAB_DSP_DIR/fastrpc_shell_3
export FASTRPC_SHELL=$LAB_SHELL

# The edge's virtual SMMU: on (1), as a board has one, unless the guest's
# script says "# lab-edge: smmu=0" in a line of its own (init reads it):
# then DSP addresses are physical, as the lab had them before.
LAB_EDGE_SMMU=${LAB_EDGE_SMMU:-1}
export LAB_EDGE_SMMU

# lab_edge [PARAM=VALUE...]: load the edge with the guest's SMMU mode.
lab_edge() { modprobe vdsp_edge smmu="$LAB_EDGE_SMMU" "$@"; }

# lab_edge_for_misc [PARAM=VALUE...]: the edge for the misc driver
# (fastrpc.ko): without remote-heap carveouts.  Its probe takes a reference
# on the memory-region node of every domain and drops it only on sdsp
# (drivers/misc/fastrpc.c, fastrpc_rpmsg_probe()), so the carveout's node
# would leak when the edge unloads.
lab_edge_for_misc() { lab_edge heap_kb=0 "$@"; }

# The lab's test skeleton, preloaded on LAB_SKEL_HANDLE, and its methods.
SKEL=0x10
M_NULL=2 M_ECHO=3 M_SUM=4

# run ARGS...: fastrpc-run with the lab shell and skeleton.
run() { fastrpc-run -s "$LAB_SHELL" -H $SKEL "$@"; }

lab_passed=0
lab_failed=0

# pass NAME / fail NAME WHY: one line per test.
pass() { lab_passed=$((lab_passed + 1)); echo "lab: PASS: $1"; }
fail() { lab_failed=$((lab_failed + 1)); echo "lab: FAIL: $1: $2"; }

# check NAME COMMAND...: a test that passes when COMMAND succeeds; its
# output is shown only on failure.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "exit $?: $(echo "$out" | tail -n 5 | tr '\n' '|')"
	fi
}

# lab_took WHAT: how long the tests since the last lab_took (or since the
# script began) ran, so that a slow lab shows where its time went.
lab_took() {
	read -r lab_now _ < /proc/uptime
	lab_now=${lab_now%.*}
	echo "lab: took: $1: $((lab_now - lab_mark)) s"
	lab_mark=$lab_now
}
read -r lab_mark _ < /proc/uptime
lab_mark=${lab_mark%.*}

summary() {
	echo "lab: $lab_passed passed, $lab_failed failed"
	[ "$lab_failed" = 0 ]
}

# Wait up to $2 seconds (default 10) for the condition in $1 to hold.
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ "$n" -gt 0 ]; do
		eval "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

lab_domains_csv() { echo "$LAB_DOMAINS" | tr ' ' ','; }

# lab_jq FILTER FILE [JQ OPTIONS...]: true when FILE holds JSON for which
# FILTER is true.  The guest's jq 1.6 exits 0 with -e on empty input.
lab_jq() {
	filter=$1 file=$2
	shift 2
	[ -s "$file" ] && jq -e "$@" "$filter" "$file" > /dev/null 2>&1
}

lab_start_vdspd() {
	# The lab's test skeleton is also part of the virtual DSP's image, on its
	# fixed handle, for the tests that call it without opening it.
	vdspd --log /tmp/vdspd.log -v --preload "$SKEL=$LAB_DSP_DIR/liblab_skel.so" \
		> /tmp/vdspd.out 2>&1 &
	echo $! > /run/vdspd.pid
	wait_for 'grep -q "vdspd: ready" /tmp/vdspd.out' 20
}

lab_stop_vdspd() {
	[ -f /run/vdspd.pid ] || return 0
	kill "$(cat /run/vdspd.pid)" 2>/dev/null
	wait_for '! kill -0 $(cat /run/vdspd.pid) 2>/dev/null' 10
	rm -f /run/vdspd.pid
}

# Load the edge (which creates the DT nodes and RPMsg devices), the driver
# that binds them, and start the DSP side.
lab_load() {
	lab_edge domains="$(lab_domains_csv)" || return 1
	modprobe fastrpc_accel || return 1
	for d in $LAB_DOMAINS; do
		wait_for "[ -c /dev/vdsp-$d ]" 10 || return 1
	done
	lab_start_vdspd
}

lab_unload() {
	ok=0
	for m in fastrpc_accel fastrpc lab_taken_name vdsp_edge; do
		if grep -q "^$m " /proc/modules; then
			rmmod "$m" || ok=1
		fi
	done
	return $ok
}
