# SPDX-License-Identifier: GPL-2.0-only
#
# The legacy misc UAPI (/dev/fastrpc-*) against both drivers, sourced by
# tests.sh after ioctl-tests.sh (lab_count_results, lab_kernel_quiet_since).
# The stack is reloaded with upstream's fastrpc.ko bound to the edge's
# domains, legacy_test runs against it, then against ours (lab_load), each
# run recording one line per case; the two records must be the same.  The
# usual stack is left loaded.  LEGACY_UPSTREAM_BUGS=1 also runs, against
# upstream, the cases that trip its bugs (legacy_test --upstream-bugs): the
# oracle then fails the lab run, as it should.  LEGACY_DRIVERS=ours runs
# only ours, on the stack as it is.

LEGACY_DOMAINS=cdsp,adsp
LEGACY_OUT=/tmp/legacy

# lab_legacy_nodes WHO: upstream's rule for the nodes, which ours follows:
# cdsp gets /dev/fastrpc-cdsp and -cdsp-secure, adsp (qcom,non-secure-domain
# in the lab) only /dev/fastrpc-adsp.
lab_legacy_nodes() {
	name="legacy: $1 creates fastrpc-cdsp, -cdsp-secure and -adsp, no -adsp-secure"
	if wait_for '[ -c /dev/fastrpc-cdsp ] && [ -c /dev/fastrpc-cdsp-secure ] && [ -c /dev/fastrpc-adsp ]' 10 &&
	   [ ! -e /dev/fastrpc-adsp-secure ]; then
		pass "$name"
	else
		fail "$name" "$(echo /dev/fastrpc-*)"
	fi
	# The unprivileged cases open the nodes as uid 65534.
	for n in /dev/fastrpc-*; do
		[ -c "$n" ] && chmod 666 "$n"
	done
}

# lab_rpmsg_dev LABEL: the name of the RPMsg device of the DSP LABEL.
lab_rpmsg_dev() {
	for dev in /sys/bus/rpmsg/devices/*; do
		[ "$(tr -d '\0' < "$dev/of_node/label" 2>/dev/null)" = "$1" ] && basename "$dev"
	done
}

# lab_misc_owner NAME: "ours" when our driver registered /dev/NAME (its
# parent is the DSP's RPMsg device, bound to fastrpc-accel), "other" when
# another one did (upstream's and lab_taken_name's have no parent), "none"
# when there is no such node.
lab_misc_owner() {
	if [ ! -e "/sys/class/misc/$1" ]; then
		echo none
	elif [ "$(readlink "/sys/class/misc/$1/device/driver" 2>/dev/null | sed 's|.*/||')" = fastrpc-accel ]; then
		echo ours
	else
		echo other
	fi
}

# lab_legacy_switch: the switch of a running board from the misc driver
# to ours, one DSP at a time through sysfs, with the commands of
# Documentation/accel/fastrpc/legacy.rst; run while upstream serves every
# domain.  cdsp moves to ours and serves, adsp stays upstream's; then cdsp
# goes back to upstream.
lab_legacy_switch() {
	name="legacy: sysfs switch: cdsp from fastrpc.ko to ours, adsp stays"
	if ! modprobe fastrpc_accel || [ -n "$(ls /dev/accel 2>/dev/null)" ]; then
		fail "$name" "fastrpc_accel did not load, or bound a DSP upstream serves: $(ls /dev/accel)"
		return
	fi
	# The commands of legacy.rst, for the DSP labelled cdsp.
	for dev in /sys/bus/rpmsg/drivers/qcom,fastrpc/*.fastrpcglink-apps-dsp.*; do
		[ "$(tr -d '\0' < "$dev/of_node/label")" = cdsp ] || continue
		echo "${dev##*/}" > /sys/bus/rpmsg/drivers/qcom,fastrpc/unbind
		echo "${dev##*/}" > /sys/bus/rpmsg/drivers/fastrpc-accel/bind
	done
	if wait_for '[ -c /dev/fastrpc-cdsp ] && [ "$(ls /dev/accel | wc -l)" = 1 ]' 10 &&
	   [ "$(lab_misc_owner fastrpc-cdsp)" = ours ] &&
	   [ "$(lab_misc_owner fastrpc-cdsp-secure)" = ours ] &&
	   [ "$(lab_misc_owner fastrpc-adsp)" = other ] &&
	   out=$(run -d cdsp -m $M_NULL 2>&1); then
		pass "$name"
	else
		fail "$name" "cdsp nodes: $(lab_misc_owner fastrpc-cdsp), adsp: $(lab_misc_owner fastrpc-adsp), accel: $(ls /dev/accel | tr '\n' ' ')${out:+, $out}"
	fi
	name="legacy: sysfs switch: cdsp back to fastrpc.ko"
	dev=$(lab_rpmsg_dev cdsp)
	echo "$dev" > /sys/bus/rpmsg/drivers/fastrpc-accel/unbind
	echo "$dev" > /sys/bus/rpmsg/drivers/qcom,fastrpc/bind
	if wait_for '[ -c /dev/fastrpc-cdsp ] && [ -z "$(ls /dev/accel)" ]' 10 &&
	   [ "$(lab_misc_owner fastrpc-cdsp)" = other ] &&
	   [ "$(lab_misc_owner fastrpc-cdsp-secure)" = other ]; then
		pass "$name"
	else
		fail "$name" "cdsp: $(lab_misc_owner fastrpc-cdsp), accel: $(ls /dev/accel | tr '\n' ' ')"
	fi
}

# lab_legacy_taken: a legacy node name already taken (lab_taken_name holds
# /dev/fastrpc-cdsp) when ours binds cdsp: it says why in the log and
# goes on with the accel node and -secure; once the name is free again, a
# new bind makes both nodes.
lab_legacy_taken() {
	name="legacy: a taken name: logged, the accel node and -secure serve"
	drv=/sys/bus/rpmsg/drivers/fastrpc-accel
	dev=$(lab_rpmsg_dev cdsp)
	dmesg0=$(lab_dmesg_lines)
	echo "$dev" > $drv/unbind
	if modprobe lab_taken_name name=fastrpc-cdsp && echo "$dev" > $drv/bind &&
	   wait_for '[ "$(ls /dev/accel | wc -l)" = 2 ] && [ -c /dev/fastrpc-cdsp-secure ]' 10 &&
	   dmesg -s 4194304 | tail -n +$((dmesg0 + 1)) |
		grep -qE 'no /dev/fastrpc-cdsp \((-EEXIST|-17)\): is the misc driver serving it\?' &&
	   [ "$(lab_misc_owner fastrpc-cdsp)" = other ] &&
	   [ "$(lab_misc_owner fastrpc-cdsp-secure)" = ours ] &&
	   out=$(run -d cdsp -m $M_NULL 2>&1); then
		pass "$name"
	else
		fail "$name" "fastrpc-cdsp: $(lab_misc_owner fastrpc-cdsp), -secure: $(lab_misc_owner fastrpc-cdsp-secure), log: $(dmesg | grep 'no /dev/fastrpc' | tail -n 1)${out:+, $out}"
	fi
	name="legacy: a taken name: the node comes when the name is free"
	echo "$dev" > $drv/unbind
	if rmmod lab_taken_name && echo "$dev" > $drv/bind &&
	   wait_for '[ -c /dev/fastrpc-cdsp ] && [ -c /dev/fastrpc-cdsp-secure ]' 10 &&
	   [ "$(lab_misc_owner fastrpc-cdsp)" = ours ]; then
		pass "$name"
	else
		fail "$name" "fastrpc-cdsp: $(lab_misc_owner fastrpc-cdsp), modules: $(tr '\n' '|' < /proc/modules)"
	fi
	for n in /dev/fastrpc-*; do
		[ -c "$n" ] && chmod 666 "$n"
	done
	lab_kernel_quiet_since "$dmesg0" "legacy: taken name"
}

# lab_legacy_run DRIVER: legacy_test against DRIVER (upstream or ours).
lab_legacy_run() {
	dmesg0=$(lab_dmesg_lines)
	bugs=
	[ "$1" = upstream ] && [ "${LEGACY_UPSTREAM_BUGS:-0}" = 1 ] && bugs=--upstream-bugs
	rm -f "$LEGACY_OUT-$1"
	timeout 900 "$LAB_LIBEXEC/legacy_test" --driver "$1" --record "$LEGACY_OUT-$1" $bugs \
		"$LAB_SHELL" > "$LEGACY_OUT-$1.out" 2>&1
	lab_count_results legacy_test "$LEGACY_OUT-$1.out" $?
	lab_kernel_quiet_since "$dmesg0" "legacy: $1"
}

# lab_doors_run: the same scenarios through the accel and the legacy node
# of cdsp (doors_test), buffers across them, the listener at exit.
lab_doors_run() {
	dmesg0=$(lab_dmesg_lines)
	timeout 300 "$LAB_LIBEXEC/doors_test" "$LAB_SHELL" > "$LEGACY_OUT-doors.out" 2>&1
	lab_count_results doors_test "$LEGACY_OUT-doors.out" $?
	lab_kernel_quiet_since "$dmesg0" "legacy: doors"
}

# lab_legacy_off: legacy_nodes=0 leaves the accel nodes alone; then the
# usual stack again.
lab_legacy_off() {
	lab_stop_vdspd
	if lab_unload && lab_edge domains="$(lab_domains_csv)" &&
	   modprobe fastrpc_accel legacy_nodes=0 &&
	   wait_for '[ "$(ls /dev/accel | wc -l)" = 2 ]' 10; then
		n=$(ls /dev/fastrpc-* 2>/dev/null | wc -l)
		[ "$n" = 0 ] && pass "legacy: legacy_nodes=0: no /dev/fastrpc-*, the accel nodes stay" ||
			fail "legacy: legacy_nodes=0: no /dev/fastrpc-*, the accel nodes stay" \
				"$(echo /dev/fastrpc-*)"
	else
		fail "legacy: legacy_nodes=0: no /dev/fastrpc-*, the accel nodes stay" \
			"the stack did not load: $(tr '\n' '|' < /proc/modules)"
	fi
	if lab_unload && lab_load; then
		pass "legacy: the usual stack loads again"
	else
		fail "legacy: the usual stack loads again" "lab_load failed"
	fi
}

lab_legacy_tests() {
	# LEGACY_DRIVERS=ours: our legacy nodes alone, on the stack as loaded.
	if [ "${LEGACY_DRIVERS:-upstream ours}" = ours ]; then
		lab_legacy_nodes "ours"
		lab_legacy_run ours
		lab_doors_run
		lab_legacy_taken
		lab_legacy_off
		return
	fi

	lab_stop_vdspd
	if ! lab_unload; then
		fail "legacy: the stack unloads" "$(tr '\n' '|' < /proc/modules)"
		return
	fi

	# --- upstream's misc driver on the edge ---
	if lab_edge_for_misc domains=$LEGACY_DOMAINS && modprobe fastrpc; then
		pass "legacy: upstream fastrpc.ko loads on the edge"
	else
		fail "legacy: upstream fastrpc.ko loads on the edge" "modprobe failed"
	fi
	lab_legacy_nodes "upstream"
	if lab_start_vdspd; then
		pass "legacy: vdspd serves upstream"
		lab_legacy_run upstream
	else
		fail "legacy: vdspd serves upstream" "$(tail -n 5 /tmp/vdspd.out | tr '\n' '|')"
	fi
	lab_legacy_switch
	lab_stop_vdspd
	if lab_unload; then
		pass "legacy: fastrpc.ko unloads"
	else
		fail "legacy: fastrpc.ko unloads" "$(tr '\n' '|' < /proc/modules)"
	fi

	# --- ours, the usual stack ---
	if lab_load; then
		pass "legacy: our stack loads again"
	else
		fail "legacy: our stack loads again" "lab_load failed"
	fi
	lab_legacy_nodes "ours"
	lab_legacy_run ours
	lab_doors_run
	lab_legacy_taken

	if [ ! -s "$LEGACY_OUT-upstream" ] || [ ! -s "$LEGACY_OUT-ours" ]; then
		fail "legacy: both drivers answer alike" "a record is missing or empty"
	elif cmp -s "$LEGACY_OUT-upstream" "$LEGACY_OUT-ours"; then
		pass "legacy: both drivers answer alike"
		# Where they are meant to differ, as both runs measured it.
		grep ' (ours) / ' "$LEGACY_OUT-ours" | sed 's/^legacy: /lab: legacy: differs by design: /'
	else
		fail "legacy: both drivers answer alike" \
			"$(diff "$LEGACY_OUT-upstream" "$LEGACY_OUT-ours" | grep -c '^[-+]legacy') lines differ"
		# The whole difference, upstream's lines "-", ours "+".
		diff "$LEGACY_OUT-upstream" "$LEGACY_OUT-ours" | grep '^[-+]legacy' | head -n 200 |
			sed 's/^/lab: legacy: diff: /'
	fi
	lab_legacy_off
}

lab_legacy_tests
