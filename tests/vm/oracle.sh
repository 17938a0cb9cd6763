#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lab's oracle: read a guest console log and fail if the debug kernel
# complained, kmemleak found anything, a module stayed loaded, or the guest
# never finished.  usage: oracle.sh CONSOLE.log
set -uo pipefail
log=$1
bad=0
report() { echo "oracle: $*"; bad=1; }

# Kernel reports.  Lockdep's reports begin with "WARNING:" or "INFO:" lines
# framed by "=====" rules; hung tasks say "blocked for more than".
patterns='BUG:|WARNING:|KASAN:|UBSAN:|refcount_t:|general protection fault|Oops:|Kernel panic|'
patterns+='possible recursive locking|possible circular locking|inconsistent lock state|'
patterns+='INFO: task .* blocked for more than|INFO: lockdep|suspicious RCU usage|'
patterns+='kernel BUG at|Unable to handle kernel|stack-protector|list_add corruption|list_del corruption'
if grep -nE "$patterns" "$log" | grep -v '^[0-9]*:lab:' > /tmp/oracle.$$; then
	report "the kernel reported a problem:"
	head -n 20 /tmp/oracle.$$ | sed 's/^/    /'
fi
rm -f /tmp/oracle.$$

grep -q '^lab: oracle: modules unloaded' "$log" || report "a module did not unload (or the guest never got there)"
grep -q '^lab: oracle: kmemleak: 0 unreferenced objects' "$log" || report "kmemleak is not empty (or was not scanned)"
grep -q '^lab: exit ' "$log" || report "the guest did not finish (timeout or crash)"
grep -q '^lab: exit 0' "$log" || report "the guest reported a failure"
exit $bad
