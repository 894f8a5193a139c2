#!/bin/bash
# Make sure the host tools that `make run`/`make test`/`make bench` need are
# installed; install the missing Debian 12 packages with apt-get otherwise.
#
# Interface: run from anywhere, no arguments.  Prints nothing and exits 0 in
# well under a second when everything is present (only PATH lookups and one
# python3 import check).  Otherwise installs the packages (sudo if not root),
# waiting for any other apt/dpkg run to release its locks first, and exits
# non-zero with a clear message if that fails.
set -euo pipefail

PYTHON=/usr/bin/python3
GRUB_PC_DIR=/usr/lib/grub/i386-pc
PACKAGES=(qemu-system-x86 grub-pc-bin grub-common xorriso mtools cpio xz-utils
	zstd python3-pytest python3-pexpect busybox-static e2fsprogs gcc libc6-dev
	liblzma-dev libzstd-dev)
# Wait this long for another apt/dpkg (e.g. a provisioning script) to finish.
LOCK_TIMEOUT=1200

missing=()

need_cmd() {	# need_cmd COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		[ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] || missing+=("$2 ($1)")
}

need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd grub-mkrescue grub-common
[ -d "$GRUB_PC_DIR" ] || missing+=("grub-pc-bin ($GRUB_PC_DIR)")
need_cmd xorriso xorriso
need_cmd mformat mtools
need_cmd cpio cpio
need_cmd gzip gzip
need_cmd xz xz-utils
# The decompressor tests make their zstd frames with the host's zstd.
need_cmd zstd zstd
need_cmd mkfs.ext4 e2fsprogs
# The dom0 initrd's benchmark program is linked with gcc -static.
need_cmd gcc gcc
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || missing+=("libc6-dev (static libc.a)")
# The domain builder (tools/libxc) links liblzma and libzstd statically.
[ -f /usr/lib/x86_64-linux-gnu/liblzma.a ] || missing+=("liblzma-dev (liblzma.a)")
[ -f /usr/lib/x86_64-linux-gnu/libzstd.a ] || missing+=("libzstd-dev (libzstd.a)")
if [ ! -x "$PYTHON" ] ||
	! "$PYTHON" -c 'import pytest, pexpect' >/dev/null 2>&1; then
	missing+=("python3-pytest/python3-pexpect ($PYTHON -c 'import pytest, pexpect')")
fi
# The initrds need a static /bin/busybox; the dynamic "busybox" package
# installs one at the same path, so ask dpkg which package it is.
if [ ! -x /bin/busybox ] || { command -v dpkg-query >/dev/null 2>&1 &&
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' busybox-static 2>/dev/null)" != "ii " ]; }; then
	missing+=("busybox-static (static /bin/busybox)")
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-deps: missing: ${missing[*]}" >&2
echo "ensure-deps: installing ${PACKAGES[*]}" >&2

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-deps: apt-get not found; install the equivalents of:" \
		"${PACKAGES[*]}" >&2
	exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "ensure-deps: not root and sudo not found; as root run:" >&2
		echo "  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
		exit 1
	fi
	SUDO=(sudo)
fi

# Another apt/dpkg run (e.g. the machine's provisioning) may be going on:
# wait for it to end rather than fight over the locks.  apt-get also waits
# for the dpkg lock itself (DPkg::Lock::Timeout) in case of a race.
for ((i = 0; i < LOCK_TIMEOUT / 5; i++)); do
	pgrep -x 'apt-get|apt|dpkg|unattended-upgr' >/dev/null 2>&1 || break
	[ "$i" -eq 0 ] && echo "ensure-deps: waiting for another apt/dpkg to finish" >&2
	sleep 5
done
APT_OPTS=(-o "DPkg::Lock::Timeout=$LOCK_TIMEOUT" -o Acquire::Retries=3)
export DEBIAN_FRONTEND=noninteractive

if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get "${APT_OPTS[@]}" update; then
	echo "ensure-deps: 'apt-get update' failed (network? apt sources?);" \
		"cannot install ${PACKAGES[*]}" >&2
	exit 1
fi
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get "${APT_OPTS[@]}" install -y "${PACKAGES[@]}"; then
	echo "ensure-deps: 'apt-get install' failed; install these by hand:" \
		"${PACKAGES[*]}" >&2
	exit 1
fi
echo "ensure-deps: done" >&2
