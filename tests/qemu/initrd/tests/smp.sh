#!/bin/sh
# Every CPU is online and several processes run in parallel to completion.
n=$(grep -c '^processor' /proc/cpuinfo)
online=$(cat /sys/devices/system/cpu/online 2>/dev/null)
jobs=$((n * 2))
j=0
while [ $j -lt $jobs ]; do
	(k=0; while [ $k -lt 3000 ]; do k=$((k + 1)); done
	 echo ok >/tmp/smp.$j) &
	j=$((j + 1))
done
wait
done=$(ls /tmp/smp.* 2>/dev/null | wc -l)
if [ "$done" -eq "$jobs" ]; then
	echo "DOM0-TEST smp: PASS cpus=$n online=$online jobs=$jobs"
else
	echo "DOM0-TEST smp: FAIL cpus=$n online=$online jobs=$done/$jobs"
fi
