#!/bin/sh
# domutest=disk-write (dom0's xm-disk.sh): the guest's disks through
# blkfront.  xvda (ext4, mode w): mounted, disktoken=TOKEN written to
# token.txt, synced, left mounted (dom0 destroys the domain).  xvdb (raw,
# w): 1 MiB of random bytes written and read back with O_DIRECT, its md5
# printed for dom0 to compare with the image file.  xvdc (mode r): the
# kernel sees it read-only, a write fails, its first bytes read back as
# XM-DISK-RO.  With diskphy=1, xvdd (phy: of dom0's virtio disk, mode r)
# holds the host's hello.txt ("dom0-disk-ok").
# Prints DOMU-DISK-* lines and "DOMU-TEST disk-write: PASS|FAIL ...".
. /tests/disk-lib.sh
token=$(opt disktoken || echo none)
disks="xvda xvdb xvdc"
[ "$(opt diskphy)" = 1 ] && disks="$disks xvdd"
wait_disks $disks

mkdir -p /mnt/a
if mount -t ext4 /dev/xvda /mnt/a; then
	echo "$token" >/mnt/a/token.txt && sync || flunk write-token
	[ "$(cat /mnt/a/token.txt)" = "$token" ] || flunk read-token
	echo "DOMU-DISK-WROTE: $token"
else
	flunk mount-xvda
fi

dd if=/dev/urandom of=/tmp/pat bs=64k count=16 2>/dev/null
if dd if=/tmp/pat of=/dev/xvdb bs=64k oflag=direct conv=fsync 2>/dev/null &&
	dd if=/dev/xvdb of=/tmp/back bs=64k count=16 iflag=direct 2>/dev/null &&
	cmp -s /tmp/pat /tmp/back; then
	echo "DOMU-DISK-RAW: $(md5sum </tmp/pat | cut -d' ' -f1)"
else
	flunk raw-xvdb
fi

[ "$(cat /sys/block/xvdc/ro 2>/dev/null)" = 1 ] || flunk xvdc-not-ro
if dd if=/dev/zero of=/dev/xvdc bs=4k count=1 oflag=direct 2>/dev/null; then
	flunk xvdc-written
fi
[ "$(head -c 10 /dev/xvdc)" = XM-DISK-RO ] || flunk xvdc-content
echo "DOMU-DISK-RO: ok"

if [ "$(opt diskphy)" = 1 ]; then
	mkdir -p /mnt/d
	if mount -t ext4 -o ro /dev/xvdd /mnt/d; then
		[ "$(cat /mnt/d/hello.txt)" = dom0-disk-ok ] || flunk phy-content
		umount /mnt/d
		echo "DOMU-DISK-PHY: ok"
	else
		flunk mount-xvdd
	fi
fi
if [ -z "$fail" ]; then
	echo "DOMU-TEST disk-write: PASS"
else
	echo "DOMU-TEST disk-write: FAIL$fail"
fi
