# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced by the scripts that build from Debian's linux-source-6.12 (the
# lab kernel, the arm64 compile check): kernel_src finds the newest 6.12
# source package installed, unpacks it once into the cache, and sets
# $version (the package's) and $src (the tree).  Needs $cache and a log().
# Callers test its status (`kernel_src || exit 1`), which turns errexit off
# inside it: every step that may fail is checked by hand.

kernel_src() {
	local pkg tarball
	pkg=$(dpkg-query -W -f '${Package}\n' 'linux-source-6.12*' 2>/dev/null |
	      grep -E '^linux-source-6\.12' | sort -V | tail -n 1 || true)
	tarball=$(ls /usr/src/linux-source-6.12*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$pkg" ] || [ -z "$tarball" ]; then
		log "no linux-source-6.12 found in /usr/src"
		log "install it with: apt-get install linux-source-6.12"
		return 1
	fi
	version=$(dpkg-query -W -f '${Version}' "$pkg")
	src=$cache/src-$version

	mkdir -p "$cache" || return 1
	if [ ! -f "$src/.unpacked" ]; then
		log "unpacking $(basename "$tarball") ($version)"
		rm -rf "$src" "$src.tmp" &&
		mkdir -p "$src.tmp" &&
		tar -xf "$tarball" -C "$src.tmp" --strip-components=1 &&
		touch "$src.tmp/.unpacked" &&
		mv "$src.tmp" "$src" ||
			{ log "unpacking $tarball into $src failed"; return 1; }
	fi
}

# kernel_config_check FRAGMENT CONFIG: every option of FRAGMENT came out in
# CONFIG as asked (an "=n" one absent); logs each that did not.
kernel_config_check() {
	local line opt got bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) opt=${line%%=*}
			if grep -q "^$opt=" "$2"; then
				log "option $opt asked n, got $(grep "^$opt=" "$2")"; bad=1
			fi ;;
		CONFIG_*=*) if ! grep -qxF "$line" "$2"; then
				opt=${line%%=*}
				got=$(grep -E "^(# )?${opt}[= ]" "$2" || echo "absent")
				log "option $line did not come out as asked: $got"; bad=1
			fi ;;
		esac
	done < "$1"
	return $bad
}
