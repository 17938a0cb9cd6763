#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the lab's initramfs: busybox, the kernel's modules with ours added,
# the userspace install tree (tools, library, vdspd, the Hexagon shell, the
# lab programs) with the shared libraries they need, qemu-hexagon-static,
# and the guest scripts.
#
# usage: initramfs.sh KERNEL_BUILD_DIR CMAKE_BUILD_DIR OUTPUT.cpio.gz MODULE.ko...
set -euo pipefail

kdir=$1 bdir=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
# mktemp makes it 0700: the guest's / must let unprivileged tests in.
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

need() { command -v "$1" >/dev/null || { echo "initramfs: $1 not found (apt-get install $2)" >&2; exit 1; }; }
need busybox busybox-static
need qemu-hexagon-static qemu-user-static
need depmod kmod
need cpio cpio

mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,lab,usr/bin,usr/sbin,lib,lib64}
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp "$(command -v qemu-hexagon-static)" "$root/usr/bin/"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "lab:x:1000:1000:lab:/tmp:/bin/sh" >> "$root/etc/passwd"
printf 'root:x:0:\nlab:x:1000:\n' > "$root/etc/group"

# Modules: the kernel's own (the upstream fastrpc.ko among them) and ours.
kver=$(cat "$kdir/include/config/kernel.release")
make -s -C "$kdir" INSTALL_MOD_PATH="$root" modules_install >/dev/null
mkdir -p "$root/lib/modules/$kver/extra"
cp "$@" "$root/lib/modules/$kver/extra/"
depmod -b "$root" -F "$kdir/System.map" "$kver"

# Userspace: the project's install tree, then every shared library it uses.
DESTDIR="$root" cmake --install "$bdir" --prefix /usr/local >/dev/null
# The lab's own component: the shell and skeletons built for qemu-hexagon-static.
DESTDIR="$root" cmake --install "$bdir" --prefix /usr/local --component lab >/dev/null
for extra in jq; do
	command -v "$extra" >/dev/null && cp "$(command -v "$extra")" "$root/usr/bin/"
done
find "$root/usr" -type f -perm -u+x | while read -r f; do
	file -b "$f" | grep -q 'dynamically linked' || continue
	LD_LIBRARY_PATH="$root/usr/local/lib" ldd "$f" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'
done | sort -u | while read -r lib; do
	case $lib in "$root"/*) continue ;; esac
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# The dynamic loader under the path programs ask for.
for ld in /lib64/ld-linux-x86-64.so.2; do
	mkdir -p "$root$(dirname "$ld")" && cp -L "$ld" "$root$ld"
done

cp "$here"/guest/* "$root/lab/"
mv "$root/lab/init" "$root/init"
chmod +x "$root/init"

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
