# SPDX-License-Identifier: GPL-2.0-only
#
# The driver's ioctl-level tests and the edge's own, sourced by tests.sh
# (after lib.sh).  vdspd steps aside: fakedsp, a scripted DSP, serves cdsp
# while ioctl_test calls every ioctl, then vdsp_edge_test takes each domain
# in turn; vdspd starts again at the end and every domain is left up.
# Each PASS:/FAIL: line the programs print counts as one test.

LAB_LIBEXEC=/usr/local/libexec/fastrpc-lab
IOCTL_OUT=/tmp/ioctl-tests

# lab_count_results PROG FILE STATUS: one test per "PASS: group: what" or
# "FAIL: group: what: why" line of FILE; other lines are shown as they are.
# A non-zero STATUS without any FAIL line or without the final counts (a
# crash, a timeout) is one more failure.
lab_count_results() {
	prog=$1 file=$2 status=$3
	npass=0 nfail=0 counted=0
	while IFS= read -r line; do
		case $line in
		"PASS: "*)
			pass "${line#PASS: }"
			npass=$((npass + 1))
			;;
		"FAIL: "*)
			rest=${line#FAIL: }	# group: what: why
			group=${rest%%: *}
			tail=${rest#*: }
			what=${tail%%: *}
			why=${tail#*: }
			[ "$why" = "$tail" ] && why="no reason given"
			fail "$group: $what" "$why"
			nfail=$((nfail + 1))
			;;
		*" passed, "*" failed")
			counted=1
			;;
		"$prog: "*)
			echo "lab: $line"
			;;
		*)
			echo "lab: $prog: $line"
			;;
		esac
	done < "$file"
	if [ "$status" != 0 ] && { [ $nfail = 0 ] || [ $counted = 0 ]; }; then
		fail "$prog: runs to the end" "exit $status after $npass passes"
	elif [ $npass = 0 ] && [ $nfail = 0 ]; then
		fail "$prog: runs to the end" "no test ran"
	fi
}

# An open file holds the driver's module.
lab_rmmod_while_open() {
	name="ioctl: rmmod fastrpc_accel with a file open is refused"
	node=$(ls /dev/accel/accel* 2>/dev/null | head -n 1)
	if [ -z "$node" ]; then
		fail "$name" "no accel node"
		return
	fi
	exec 4< "$node"
	if rmmod fastrpc_accel 2>/dev/null; then
		fail "$name" "it unloaded"
		modprobe fastrpc_accel
	else
		pass "$name"
	fi
	exec 4<&-
}

# The console shows only errors (loglevel=4): look for a WARN, lockdep or
# sanitizer report in what the kernel logged since line $1 of dmesg; $2
# names the group of tests (default ioctl).
LAB_KERNEL_REPORTS='WARNING:|BUG:|KASAN:|UBSAN:|refcount_t:|Oops|general protection|'
LAB_KERNEL_REPORTS=$LAB_KERNEL_REPORTS'inconsistent lock state|suspicious RCU usage|list_(add|del) corruption'
lab_dmesg_lines() { dmesg -s 4194304 | wc -l; }
lab_kernel_quiet_since() {
	reports=$(dmesg -s 4194304 | tail -n +$(($1 + 1)) | grep -E "$LAB_KERNEL_REPORTS" | head -n 5)
	if [ -z "$reports" ]; then
		pass "${2:-ioctl}: the kernel logged no warning"
	else
		fail "${2:-ioctl}: the kernel logged no warning" "$(echo "$reports" | tr '\n' '|')"
	fi
}

lab_ioctl_tests() {
	dmesg0=$(lab_dmesg_lines)
	lab_rmmod_while_open

	if lab_stop_vdspd; then
		pass "ioctl: vdspd stops"
	else
		fail "ioctl: vdspd stops" "still running after 10 s"
	fi

	"$LAB_LIBEXEC/fakedsp" cdsp > $IOCTL_OUT.fakedsp 2>&1 &
	fakedsp_pid=$!
	if wait_for "grep -q '^fakedsp: ready' $IOCTL_OUT.fakedsp" 10; then
		pass "ioctl: fakedsp serves cdsp"
		timeout 600 "$LAB_LIBEXEC/ioctl_test" > $IOCTL_OUT.ioctl_test 2>&1
		lab_count_results ioctl_test $IOCTL_OUT.ioctl_test $?
		# On SIGTERM fakedsp prints its layout checks and exits.
		kill -TERM $fakedsp_pid
		wait $fakedsp_pid
		lab_count_results fakedsp $IOCTL_OUT.fakedsp $?
	else
		fail "ioctl: fakedsp serves cdsp" "$(tr '\n' '|' < $IOCTL_OUT.fakedsp)"
		kill -KILL $fakedsp_pid 2>/dev/null
		wait $fakedsp_pid 2>/dev/null
	fi

	# The edge's own test takes the device, so nothing else may serve it.
	for d in $LAB_DOMAINS; do
		timeout 120 "$LAB_LIBEXEC/vdsp_edge_test" "$d" > $IOCTL_OUT.edge-$d 2>&1
		lab_count_results "vdsp_edge_test $d" $IOCTL_OUT.edge-$d $?
	done

	if lab_start_vdspd; then
		pass "ioctl: vdspd is ready again"
	else
		fail "ioctl: vdspd is ready again" "$(tail -n 5 /tmp/vdspd.out | tr '\n' '|')"
	fi
	for d in $LAB_DOMAINS; do
		dstate=$(cat /sys/class/misc/vdsp-$d/state 2>&1)
		[ "$dstate" = up ] && pass "ioctl: $d is left up" ||
			fail "ioctl: $d is left up" "state '$dstate'"
		check "ioctl: vdspd serves $d again" \
			fastrpc-run -d "$d" -s "$LAB_SHELL" -H 0x10 -m 2
	done
	lab_kernel_quiet_since "$dmesg0"
}

lab_ioctl_tests
