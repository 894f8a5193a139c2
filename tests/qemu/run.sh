#!/bin/bash
# `make run`: boot <BUILD>/xen.gz from a GRUB (Multiboot 2) ISO in QEMU, with
# the serial line on this terminal (Ctrl-a x quits).  By default dom0 is
# Debian's stock kernel (linux-image-amd64, fetched with apt-get into
# <BUILD>/cache by fetch-kernel.sh) with the busybox test initrd
# (mkinitrd.py), which ends in a shell on the console.
#
# Usage: tests/qemu/run.sh [BUILD] [extra qemu.py run options...]
# Environment:
#   XEN_CMDLINE   hypervisor command line (default: dom0_mem=512M console=com1
#                 com1=115200,8n1 loglvl=all; without dom0 no dom0_mem=)
#   DOM0_KERNEL   dom0 kernel, the first module (default: Debian's kernel;
#                 "none": boot without dom0)
#   DOM0_CMDLINE  its command line (default: console=hvc0); add
#                 dom0test=NAME to run one of tests/qemu/initrd/tests/NAME.sh
#   DOM0_INITRD   dom0 initrd, the second module (default with Debian's
#                 kernel: the test initrd; otherwise none)
#   XEN_LOADER    mb2 (default), mb1 or quick (QEMU's -kernel loader, <BUILD>/xen)
#   QEMU_SMP, QEMU_MEM, QEMU_CPU   (default 2, 1G, qemu64)
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-${BUILD:-build}}
[ $# -gt 0 ] && shift
case $build in /*) ;; *) build=$PWD/$build ;; esac

kernel=${DOM0_KERNEL:-}
initrd=${DOM0_INITRD:-}
if [ -z "$kernel" ]; then
	cache=$build/cache
	if out=$(tests/qemu/fetch-kernel.sh "$cache") &&
		img=$(/usr/bin/python3 tests/qemu/mkinitrd.py "$cache"); then
		kernel=$(echo "$out" | sed -n 1p)
		initrd=${initrd:-$img}
		echo "run: dom0 kernel $kernel" >&2
		echo "run: dom0 initrd $initrd" >&2
	else
		echo "run: cannot fetch Debian's kernel or build the initrd;" \
			"booting without dom0" >&2
		kernel=none
	fi
fi
[ "$kernel" = none ] && kernel=

if [ -n "$kernel" ]; then
	xen_cmdline=${XEN_CMDLINE:-dom0_mem=512M console=com1 com1=115200,8n1 loglvl=all}
else
	xen_cmdline=${XEN_CMDLINE:-console=com1 com1=115200,8n1 loglvl=all}
fi
args=(run --build "$build" --loader "${XEN_LOADER:-mb2}" --cmdline "$xen_cmdline")
if [ -n "$kernel" ]; then
	args+=(--module "$kernel ${DOM0_CMDLINE:-console=hvc0}")
	[ -n "$initrd" ] && args+=(--module "$initrd")
fi
exec /usr/bin/python3 tests/qemu/qemu.py "${args[@]}" "$@"
