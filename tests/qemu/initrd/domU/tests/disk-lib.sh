#!/bin/sh
# What the domU disk tests (disk-write.sh, disk-check.sh; dom0's
# tests/xm-disk.sh) share: sourced, not run.  Makes poweroff/reboot act
# at once (xm-guest.sh), loads blkfront and ext4, and gives
#   opt NAME           the value of NAME= on the kernel command line
#   wait_disks D...    each /dev/D appears (bounded, 30 s)
#   flunk WHAT         records a failed step ("$fail")
/tests/xm-guest.sh >/dev/null
fail=""
flunk() { fail="$fail $1"; echo "DOMU-DISK-FAIL: $1"; }
opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}
for m in crc32c_generic crct10dif_generic crc64_rocksoft_generic \
	xen-blkfront ext4; do
	modprobe "$m" 2>/dev/null
done
wait_disks() {
	for d in "$@"; do
		i=0
		while [ ! -b "/dev/$d" ] && [ $i -lt 300 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		[ -b "/dev/$d" ] || flunk "$d-absent"
	done
}
