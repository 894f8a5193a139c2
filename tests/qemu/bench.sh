#!/bin/bash
# `make bench`: two tables, never failing the build.
#  1. the hypervisor alone (no dom0): median wall time from QEMU start to
#     "(XEN) Powering off", GRUB (Multiboot 2) and QEMU's -kernel loader
#     (skip with BENCH_HV=0);
#  2. Debian's kernel + the test initrd as dom0 on our hypervisor, on Debian's
#     Xen 4.17, and natively: boot time and system-call / hypercall / fork
#     costs, medians of $BENCH_RUNS (default 3) runs with ratios
#     (tests/qemu/bench.py; BENCH_SYSTEMS, BENCH_TIMEOUT, BENCH_DOM0_ARGS).
#
# Usage: tests/qemu/bench.sh [BUILD]
# Exit status is always 0: problems are reported in the tables.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 0

build=${1:-${BUILD:-build}}
if [ "${BENCH_HV:-1}" != 0 ]; then
	/usr/bin/python3 tests/qemu/qemu.py bench --build "$build" --runs "${BENCH_RUNS:-3}" \
		--loaders mb2,quick --smp "${QEMU_SMP:-1}" --mem "${QEMU_MEM:-128M}" \
		--cpu "${QEMU_CPU:-qemu64}" --cmdline "${XEN_CMDLINE:-console=com1}" ||
		echo "bench: qemu.py bench failed (ignored)"
	echo
fi
BUILD=$build /usr/bin/python3 tests/qemu/bench.py --build "$build" ||
	echo "bench: bench.py failed (ignored)"
exit 0
