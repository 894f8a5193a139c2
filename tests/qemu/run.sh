#!/bin/bash
# `make run`: boot <BUILD>/xen.gz from a GRUB (Multiboot 2) ISO in QEMU, with
# the serial line on this terminal (Ctrl-a x quits).
#
# Usage: tests/qemu/run.sh [BUILD] [extra qemu.py run options...]
# Environment:
#   XEN_CMDLINE   hypervisor command line (default: console=com1 com1=115200,8n1 loglvl=all)
#   DOM0_KERNEL   dom0 kernel, passed as the first module (optional)
#   DOM0_CMDLINE  its command line (default: console=hvc0)
#   DOM0_INITRD   dom0 initrd, the second module (optional)
#   XEN_LOADER    mb2 (default), mb1 or quick (QEMU's -kernel loader, <BUILD>/xen)
#   QEMU_SMP, QEMU_MEM, QEMU_CPU   (default 2, 1G, qemu64)
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-${BUILD:-build}}
[ $# -gt 0 ] && shift

args=(run --build "$build" --loader "${XEN_LOADER:-mb2}"
	--cmdline "${XEN_CMDLINE:-console=com1 com1=115200,8n1 loglvl=all}")
if [ -n "${DOM0_KERNEL:-}" ]; then
	args+=(--module "$DOM0_KERNEL ${DOM0_CMDLINE:-console=hvc0}")
	[ -n "${DOM0_INITRD:-}" ] && args+=(--module "$DOM0_INITRD")
fi
exec /usr/bin/python3 tests/qemu/qemu.py "${args[@]}" "$@"
