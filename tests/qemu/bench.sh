#!/bin/bash
# `make bench`: boot-time table.  For now: boot <BUILD>/xen.gz (GRUB, Multiboot
# 2) and <BUILD>/xen (QEMU's -kernel loader) 3 times each with no dom0 and
# print the median wall time from QEMU start to "(XEN) Powering off".
#
# Usage: tests/qemu/bench.sh [BUILD]
# Never fails the build: problems are reported in the table, exit status is 0.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 0

build=${1:-${BUILD:-build}}
/usr/bin/python3 tests/qemu/qemu.py bench --build "$build" --runs 3 \
	--loaders mb2,quick --smp "${QEMU_SMP:-1}" --mem "${QEMU_MEM:-128M}" \
	--cpu "${QEMU_CPU:-qemu64}" --cmdline "${XEN_CMDLINE:-console=com1}" ||
	echo "bench: qemu.py bench failed (ignored)"
exit 0
