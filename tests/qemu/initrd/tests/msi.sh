#!/bin/sh
# MSI/MSI-X delivery: run the disk and net tests (they print their own
# DOM0-TEST lines) between two snapshots of /proc/interrupts, then for
# each name in dom0msi=NAME[+...] (a prefix of an interrupt's action name,
# e.g. virtio, ahci) require an MSI or MSI-X interrupt whose count grew.
# Prints one "DOM0-MSI: <irq> <total> <+delta> <chip/type/name...>" line
# per MSI interrupt and fails if the kernel log says "xen map irq failed".
cmdline_opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

# msi_lines: "<irq> <total count> <the rest>" for each MSI interrupt.
msi_lines() {
	awk 'NR == 1 { ncpu = NF; next }
	     tolower($0) ~ /msi/ {
		irq = $1; sub(":", "", irq); sum = 0
		for (i = 2; i <= ncpu + 1; i++) sum += $i
		rest = ""
		for (i = ncpu + 2; i <= NF; i++) rest = rest " " $i
		print irq, sum, rest
	     }' /proc/interrupts
}

want=$(cmdline_opt dom0msi || echo virtio)
# Drivers first, so that "before" already counts the probes' interrupts.
for m in crct10dif_generic crc64_rocksoft_generic crc32c_generic \
	virtio_pci virtio_blk virtio_net ahci sd_mod; do
	modprobe "$m" || echo "msi: modprobe $m failed"
done
for d in $(cmdline_opt dom0disks | tr ',+' '  '); do
	i=0
	while [ ! -b "/dev/$d" ] && [ $i -lt 150 ]; do	# at most 15 s
		sleep 0.1
		i=$((i + 1))
	done
done
msi_lines >/tmp/msi.before
cmdline_opt dom0disks >/dev/null && /tests/disk.sh
cmdline_opt dom0net >/dev/null && /tests/net.sh
msi_lines >/tmp/msi.after

result=PASS detail=
while read -r irq total rest; do
	before=$(awk -v i="$irq" '$1 == i { print $2 }' /tmp/msi.before)
	echo "DOM0-MSI: $irq $total +$((total - ${before:-0})) $rest"
done </tmp/msi.after
for name in $(echo "$want" | tr ',+' '  '); do
	grew=0
	while read -r irq total rest; do
		case " $rest" in *" $name"*) ;; *) continue ;; esac
		before=$(awk -v i="$irq" '$1 == i { print $2 }' /tmp/msi.before)
		[ "$total" -gt "${before:-0}" ] && grew=$((grew + 1))
	done </tmp/msi.after
	if [ "$grew" -gt 0 ]; then
		detail="$detail $name:$grew"
	else
		result=FAIL detail="$detail $name:none"
	fi
done
failed=$(dmesg | grep -c "xen map irq failed")
if [ "$failed" -gt 0 ]; then
	result=FAIL detail="$detail map-failed:$failed"
fi
echo "DOM0-TEST msi: $result$detail"
