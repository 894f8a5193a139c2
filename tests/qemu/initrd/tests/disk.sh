#!/bin/sh
# Mount the ext4 disks the test attached (virtio-blk /dev/vda, AHCI /dev/sda
# by default; dom0disks=vda+sda on the command line), read the file the host
# put there (hello.txt: "dom0-disk-ok"), write a file, read it back.
cmdline_opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}
disks=$(cmdline_opt dom0disks || echo vda,sda)
for m in crct10dif_generic crc64_rocksoft_generic crc32c_generic \
	virtio_pci virtio_blk ahci sd_mod ext4; do
	modprobe "$m" || echo "disk: modprobe $m failed"
done
result=PASS detail=
for d in $(echo "$disks" | tr ',+' '  '); do
	i=0
	while [ ! -b "/dev/$d" ] && [ $i -lt 150 ]; do	# at most 15 s
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -b "/dev/$d" ]; then
		result=FAIL detail="$detail $d:absent"
		continue
	fi
	mkdir -p "/mnt/$d"
	if ! mount -t ext4 "/dev/$d" "/mnt/$d"; then
		result=FAIL detail="$detail $d:mount"
		continue
	fi
	want="written-by-dom0-$d-$$"
	echo "$want" >"/mnt/$d/dom0.txt" && sync
	got=$(cat "/mnt/$d/dom0.txt")
	host=$(cat "/mnt/$d/hello.txt" 2>/dev/null)
	umount "/mnt/$d"
	# read again after a remount: the data went through the device
	mount -t ext4 -o ro "/dev/$d" "/mnt/$d" && got2=$(cat "/mnt/$d/dom0.txt") &&
		umount "/mnt/$d"
	if [ "$got" = "$want" ] && [ "$got2" = "$want" ] && [ "$host" = dom0-disk-ok ]; then
		detail="$detail $d:ok"
	else
		result=FAIL detail="$detail $d:data(host='$host')"
	fi
done
echo "DOM0-TEST disk: $result$detail"
