#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install the Debian 12 packages that building, the lab and the tests need.
# Does nothing when they are all present; otherwise runs apt-get (as root,
# or through sudo).
set -euo pipefail

packages=(
	# userspace build
	build-essential cmake pkg-config libdrm-dev libelf-dev libjson-c-dev libcmocka-dev
	# the lab kernel, our modules and their checks
	linux-source-6.12 bc bison flex libssl-dev cpio kmod sparse file rsync xz-utils
	# the arm64 compile check
	gcc-aarch64-linux-gnu
	# the virtual DSP and the guest
	clang lld qemu-system-x86 qemu-user-static busybox-static procps
	# tests and tools
	jq bash-completion
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
