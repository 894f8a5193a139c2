#!/bin/bash
# `make run`: boot <BUILD>/xen.gz from a GRUB (Multiboot 2) ISO in QEMU, with
# the serial line on this terminal (Ctrl-a x quits).  By default dom0 is
# Debian's stock kernel (linux-image-amd64, fetched with apt-get into
# <BUILD>/cache by fetch-kernel.sh) with the busybox test initrd
# (mkinitrd.py) in its run mode (dom0run=domU.cfg: tests/qemu/initrd/
# tests/run.sh starts xenstored and xenconsoled, makes the bridge xenbr0,
# `xm create`s tools/examples/domU.cfg and prints a banner), which ends in
# a shell on the console.  The domU's disk is RUN_DIR/domU.img, made here
# with mkfs.ext4 when it does not exist and never touched otherwise, given
# to QEMU as a virtio disk (dom0's /dev/vda, the domU's phy:/dev/vda).
#
# Usage: tests/qemu/run.sh [BUILD] [extra qemu.py run options...]
# Environment:
#   XEN_CMDLINE   hypervisor command line (default: dom0_mem=512M console=com1
#                 com1=115200,8n1 loglvl=all; without dom0 no dom0_mem=)
#   DOM0_KERNEL   dom0 kernel, the first module (default: Debian's kernel;
#                 "none": boot without dom0)
#   DOM0_CMDLINE  its command line (default: console=hvc0); add
#                 dom0test=NAME to run one of tests/qemu/initrd/tests/NAME.sh
#   DOM0_RUN      the config dom0's run mode creates, a name in the
#                 initrd's /etc/xen (default domU.cfg, none with dom0test=;
#                 "none": no run mode, no disk, just dom0's shell)
#   RUN_DIR       where the domU's disk image is (default <BUILD>/run)
#   RUN_DISK_MB   its size when it is made (default 256)
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

# make_disk IMG: an empty ext4 file system of RUN_DISK_MB MiB holding a
# README, made under a temporary name (a half-made image is never left).
make_disk() {
	local img=$1 tmp=$1.tmp.$$ mkfs readme
	mkfs=$(PATH=$PATH:/sbin:/usr/sbin command -v mkfs.ext4) || {
		echo "run: mkfs.ext4 not found (e2fsprogs; make deps)" >&2
		return 1
	}
	readme=$(mktemp -d)
	cat >"$readme/README" <<EOF
The disk of make run's domU: $img on the host,
/dev/vda in dom0, /dev/xvda (mounted on /mnt) in the domU.
Made once by tests/qemu/run.sh; later runs and make clean keep it.
EOF
	rm -f "$tmp"
	truncate -s "${RUN_DISK_MB:-256}M" "$tmp" &&
		"$mkfs" -q -F -L domU -d "$readme" "$tmp" &&
		mv "$tmp" "$img"
	local rc=$?
	rm -rf "$readme" "$tmp"
	return $rc
}

run_cfg=${DOM0_RUN:-domU.cfg}
[ -z "$kernel" ] && run_cfg=none
case ${DOM0_CMDLINE:-} in *dom0test=*) run_cfg=${DOM0_RUN:-none} ;; esac
dom0_cmdline=${DOM0_CMDLINE:-console=hvc0}
qemu_disk=()
if [ "$run_cfg" != none ]; then
	run_dir=${RUN_DIR:-$build/run}
	img=$run_dir/domU.img
	case $img in *,*)
		echo "run: QEMU cannot take a ',' in the disk's path $img" >&2
		exit 1 ;;
	esac
	mkdir -p "$run_dir"
	if [ -e "$img" ]; then
		echo "run: the domU's disk is $img (kept from an earlier run)" >&2
	else
		make_disk "$img" || { echo "run: cannot make $img" >&2; exit 1; }
		echo "run: made the domU's disk $img (ext4; later runs keep it)" >&2
	fi
	dom0_cmdline="$dom0_cmdline dom0run=$run_cfg"
	qemu_disk=("--qemu-arg=-drive" "--qemu-arg=file=$img,if=virtio,format=raw")
fi

args=(run --build "$build" --loader "${XEN_LOADER:-mb2}" --cmdline "$xen_cmdline")
if [ -n "$kernel" ]; then
	args+=(--module "$kernel $dom0_cmdline")
	[ -n "$initrd" ] && args+=(--module "$initrd")
fi
args+=("${qemu_disk[@]}")
exec /usr/bin/python3 tests/qemu/qemu.py "${args[@]}" "$@"
