#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The library's ABI is its header: the shared object exports exactly the
# functions libfastrpc.h declares, each listed in the version script.
#   usage: abi_check.sh LIBFASTRPC.so libfastrpc.h libfastrpc.map
set -eu
so=$1 header=$2 map=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort -u > "$tmp/exported"
# Declarations start in column 0 with their type; comments and macros do not.
grep -E '^[a-z]' "$header" | grep -oE 'fastrpc_[a-z0-9_]+\(' | tr -d '(' | sort -u > "$tmp/declared"
sed -n 's/^[[:space:]]*\(fastrpc_[a-z0-9_]*\);$/\1/p' "$map" | sort -u > "$tmp/listed"

status=0
if ! cmp -s "$tmp/exported" "$tmp/declared"; then
	echo "abi_check: exported (<) and declared in $header (>) differ:"
	diff "$tmp/exported" "$tmp/declared" | grep '^[<>]'
	status=1
fi
if ! cmp -s "$tmp/declared" "$tmp/listed"; then
	echo "abi_check: declared (<) and listed in $map (>) differ:"
	diff "$tmp/declared" "$tmp/listed" | grep '^[<>]'
	status=1
fi
[ $status = 0 ] && echo "abi_check: $(wc -l < "$tmp/exported") functions, header, map and library agree"
exit $status
