#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The lab's tests, run in the guest by init after the modules are loaded and
# vdspd is up.  One line per test, then "N passed, N failed".
. /lab/lib.sh

LABCHECK=/usr/local/libexec/fastrpc-lab/labcheck

# --- the driver is bound to every virtual domain -------------------------
for d in $LAB_DOMAINS; do
	drv=$(for dev in /sys/bus/rpmsg/devices/*; do
		[ "$(cat "$dev/of_node/label" 2>/dev/null | tr -d '\0')" = "$d" ] &&
			basename "$(readlink "$dev/driver/module")"
	done)
	[ "$drv" = fastrpc_accel ] && pass "bound: $d" || fail "bound: $d" "driver module '$drv'"
done
n=$(ls /dev/accel/ 2>/dev/null | wc -l)
[ "$n" = "$(echo $LAB_DOMAINS | wc -w)" ] && pass "one accel node per domain" ||
	fail "one accel node per domain" "$n nodes in /dev/accel"

# The races below mean little on one CPU: QEMU's -smp (lab.smp) must show.
want=$(sed -n 's/.*lab\.smp=\([0-9]*\).*/\1/p' /proc/cmdline)
n=$(grep -c '^processor' /proc/cpuinfo)
[ -n "$want" ] && [ "$n" = "$want" ] && pass "the guest runs on the $want CPUs it was given" ||
	fail "the guest runs on the CPUs it was given" "$n CPUs online, lab.smp=$want"

# --- the driver's KUnit suites, run when it loaded ---------------------
. /lab/kunit-tests.sh
lab_took "binding and KUnit"

# --- list and query -----------------------------------------------------
out=$(fastrpc-ctl list 2>&1)
ok=1
for d in $LAB_DOMAINS; do echo "$out" | grep -qw "$d" || ok=0; done
[ $ok = 1 ] && pass "ctl list shows every domain" || fail "ctl list shows every domain" "$out"
json=$(fastrpc-ctl --json list)
[ "$(echo "$json" | jq -r '[.domains[].name] | sort | join(",")')" = \
  "$(echo $LAB_DOMAINS | tr ' ' '\n' | sort | tr '\n' ',' | sed 's/,$//')" ] &&
	pass "ctl list --json names every domain" || fail "ctl list --json names every domain" "$json"
json=$(fastrpc-ctl --json info -d cdsp)
[ "$(echo "$json" | jq -r '.domain')" = cdsp ] && [ "$(echo "$json" | jq -r '.domain_id')" = 3 ] &&
	pass "query answers on cdsp" || fail "query answers on cdsp" "$json"
free0=$(echo "$json" | jq -r '.sessions_free')

# --- a session from the shell ELF; null, echo, sum ----------------------
check "null on cdsp" run -d cdsp -m $M_NULL
check "null on adsp" run -d adsp -m $M_NULL
out=$(run -d cdsp -m $M_ECHO -i hex:00112233445566778899aabbccddeeff -o 16 -f hex 2>&1)
[ "$out" = "out0: 00112233445566778899aabbccddeeff" ] && pass "echo 16 bytes" || fail "echo 16 bytes" "$out"
out=$(run -d cdsp -m $M_ECHO -i str:hello -o 3 -f hex 2>&1)
[ "$out" = "out0: 68656c" ] && pass "echo into a shorter buffer" || fail "echo into a shorter buffer" "$out"
out=$(run -d cdsp -m $M_SUM -i u32:1,2,3,4294967295 -o 8 -f u64 2>&1)
[ "$out" = "out0: 4294967301" ] && pass "sum of four words" || fail "sum of four words" "$out"
check "sum over 1 MiB" "$LABCHECK" sum cdsp 1048576
check "sum over 4 MiB + 4" "$LABCHECK" sum cdsp 4194308
out=$(run -d cdsp -m $M_SUM -i u32:1 -o 4 2>&1); rc=$?
[ $rc = 3 ] && echo "$out" | grep -q AEE_EBADPARM && pass "DSP error is reported (exit 3)" ||
	fail "DSP error is reported (exit 3)" "exit $rc: $out"

# --- a malformed shell ELF is refused before the kernel sees it ---------
bad=/tmp/bad-shell
refused() { # NAME FILE WORDS: fastrpc-run exits 1 and its message has WORDS
	out=$(fastrpc-run -d cdsp -s "$2" -H $SKEL -m $M_NULL 2>&1); rc=$?
	if [ $rc = 1 ] && echo "$out" | grep -qi "$3"; then pass "$1"; else fail "$1" "exit $rc: $out"; fi
}
echo "this is not an ELF file" > $bad.txt
refused "not an ELF is refused" $bad.txt "not an ELF"
head -c 40 "$LAB_SHELL" > $bad.trunc
refused "truncated ELF is refused" $bad.trunc "truncated"
cp "$LAB_SHELL" $bad.x86
printf '\076\000' | dd of=$bad.x86 bs=1 seek=18 conv=notrunc 2>/dev/null
refused "wrong machine is refused" $bad.x86 "x86-64"
free1=$(fastrpc-ctl --json info -d cdsp | jq -r '.sessions_free')
[ "$free1" = "$free0" ] && pass "refused shells took no session" || fail "refused shells took no session" "$free0 -> $free1"

# --- a client killed while its invoke is in flight ----------------------
dsp_procs() { # DSP processes vdspd runs (busybox here has no pgrep)
	n=0
	for p in /proc/[0-9]*; do
		tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q '^[^ ]*qemu-hexagon-static ' && n=$((n + 1))
	done
	echo $n
}
procs0=$(dsp_procs)
"$LABCHECK" sleep cdsp 30000 > /tmp/kill.out 2>&1 &
pid=$!
if wait_for 'grep -q in-flight /tmp/kill.out' 30 && [ "$(dsp_procs)" -gt "$procs0" ]; then
	sleep 1
	kill -9 $pid
	wait $pid 2>/dev/null
	wait_for '[ "$(dsp_procs)" = "$procs0" ]' 10 &&
	wait_for '[ "$(fastrpc-ctl --json info -d cdsp | jq -r .sessions_free)" = "$free0" ]' 10 &&
		pass "killed in flight: session and DSP process are gone" ||
		fail "killed in flight: session and DSP process are gone" \
			"$(dsp_procs) DSP processes, $(fastrpc-ctl --json info -d cdsp | jq -c .sessions_free) free"
else
	fail "killed in flight: session and DSP process are gone" "$(cat /tmp/kill.out)"
	kill -9 $pid 2>/dev/null
fi
check "null after the kill" run -d cdsp -m $M_NULL

# --- the domain restarts under an open session --------------------------
state=/sys/class/misc/vdsp-cdsp/state
mkfifo /tmp/restart.in
"$LABCHECK" restart cdsp < /tmp/restart.in > /tmp/restart.out 2>&1 &
pid=$!
exec 3> /tmp/restart.in
if wait_for 'grep -q ready /tmp/restart.out' 30; then
	echo restart > $state
	echo go >&3
	wait $pid && pass "restart: the open session fails with ENODEV" ||
		fail "restart: the open session fails with ENODEV" "$(cat /tmp/restart.out | tr '\n' '|')"
else
	fail "restart: the open session fails with ENODEV" "$(cat /tmp/restart.out)"
	kill $pid
fi
exec 3>&-
"$LABCHECK" restart-inflight cdsp 30000 > /tmp/restart2.out 2>&1 &
pid=$!
if wait_for 'grep -q in-flight /tmp/restart2.out' 30; then
	sleep 1
	echo restart > $state
	wait $pid && pass "restart: a call in flight fails with ECONNRESET" ||
		fail "restart: a call in flight fails with ECONNRESET" "$(cat /tmp/restart2.out | tr '\n' '|')"
else
	fail "restart: a call in flight fails with ECONNRESET" "$(cat /tmp/restart2.out)"
	kill $pid
fi
wait_for "[ \"\$(cat $state)\" = up ] && fastrpc-ctl list 2>/dev/null | grep -qw cdsp" 10
check "restart: a new session works" run -d cdsp -m $M_NULL
lab_took "calls, bad shells, kill and restart"

# --- every ioctl against a scripted DSP, and the edge itself ----------
. /lab/ioctl-tests.sh
lab_took ioctl

# --- GEM, PRIME, zero copy, DSP mappings, attach, privilege -------------
. /lab/gem-tests.sh
lab_took gem

# --- isolation behind the SMMU: a DSP process reaches its own bank only ---
. /lab/smmu-tests.sh
lab_took smmu

# --- the misc driver's CVE classes ---------------------------------------
. /lab/cve-tests.sh
lab_took cve

# --- a misbehaving DSP, a signal storm, racing threads ------------------
. /lab/hostile-tests.sh
lab_took hostile

# --- the DSP restarts under load from processes and threads -------------
. /lab/restart-tests.sh
lab_took restart

# --- the Nth allocation or user copy of every ioctl fails ----------------
. /lab/fault-tests.sh
lab_took fault

# --- device-tree properties: secure domains, qcom,vmids without SCM -----
. /lab/dt-tests.sh
lab_took dt

# --- the legacy UAPI, against upstream's fastrpc.ko and ours -----------
. /lab/legacy-tests.sh
lab_took legacy

# --- the tools on the accel nodes (tools-legacy.sh: on the legacy ones) ---
. /lab/tools-tests.sh
lab_tools_tests accel/ours ctl run mem skel

# --- every module unloads and loads again -------------------------------
lab_stop_vdspd
if lab_unload && ! grep -qE '^(fastrpc_accel|vdsp_edge) ' /proc/modules && [ -z "$(ls /dev/accel 2>/dev/null)" ]; then
	pass "modules unload"
else
	fail "modules unload" "$(cat /proc/modules | tr '\n' '|')"
fi
lab_load && check "modules load again and serve" run -d cdsp -m $M_NULL ||
	fail "modules load again and serve" "lab_load failed"

summary
