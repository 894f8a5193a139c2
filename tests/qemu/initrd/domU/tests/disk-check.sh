#!/bin/sh
# domutest=disk-check (dom0's xm-disk.sh): xvda (ext4) mounts and its
# token.txt holds disktoken=TOKEN, written by an earlier domain
# (disk-write.sh) that was destroyed; it stays mounted.  Prints
# "DOMU-DISK-FOUND: TOKEN" and "DOMU-TEST disk-check: PASS|FAIL ...".
. /tests/disk-lib.sh
token=$(opt disktoken || echo none)
wait_disks xvda
mkdir -p /mnt/a
if mount -t ext4 /dev/xvda /mnt/a; then
	got=$(cat /mnt/a/token.txt 2>/dev/null)
	if [ "$got" = "$token" ]; then
		echo "DOMU-DISK-FOUND: $token"
	else
		flunk "token:$got"
	fi
else
	flunk mount-xvda
fi
if [ -z "$fail" ]; then
	echo "DOMU-TEST disk-check: PASS"
else
	echo "DOMU-TEST disk-check: FAIL$fail"
fi
