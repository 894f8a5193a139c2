#!/bin/sh
# domutest=devbench: the domU side of the device benchmark and check
# (dom0's tests/qemu/initrd/tests/devbench.sh creates this domU with one
# disk and one bridged vif, by Debian's xl or by our xm).
#   1. the frontends (xen-blkfront, xen-netfront) find the disk and the NIC:
#      "DOMU-DEV: <disk> sectors=<n>", "DOMU-NET: eth0 <mac>"
#   2. eth0 gets devbench_ip and pings devbench_peer (dom0's bridge):
#      "DOMU-PING: ok sent=<n> rtt_ms=<avg>" and DOMU-BENCH ping_ms
#   3. devbench_dd=MiB (0: skip) written to the disk with O_DIRECT then read
#      back with O_DIRECT (Debian's dd, which prints its own timing):
#      DOMU-BENCH disk_write_mibs / disk_read_mibs
#   4. devbench_iperf=SECONDS (0: skip) of iperf3 against dom0's server,
#      domU -> dom0 then (-R) dom0 -> domU: DOMU-BENCH net_tx_mbits /
#      net_rx_mbits
# then "DOMU-TEST devbench: PASS" or "DOMU-TEST devbench: FAIL <why>".
# A step that cannot be measured prints "DOMU-BENCH <name> n/a <why>".
# Every wait is bounded (devbench_wait seconds for devices, default 60).
# Command line: devbench_disk=xvda (none: no disk), devbench_net=1 (0: no
# NIC), devbench_ip=169.254.0.2/16 devbench_peer=169.254.0.1
# devbench_dd=64 devbench_iperf=5.

opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	echo "$2"
}

disk=$(opt devbench_disk xvda)
myip=$(opt devbench_ip 169.254.0.2/16)
peer=$(opt devbench_peer 169.254.0.1)
ddmib=$(opt devbench_dd 64)
secs=$(opt devbench_iperf 5)
waits=$(opt devbench_wait 60)
usenet=$(opt devbench_net 1)
result=PASS
why=""

bad() {
	result=FAIL
	why="$why${why:+; }$*"
}

# wait_until N CMD...: CMD every 0.2 s until it succeeds, at most N s.
wait_until() {
	wu_n=$(($1 * 5))
	shift
	while ! "$@" >/dev/null 2>&1; do
		wu_n=$((wu_n - 1))
		[ $wu_n -le 0 ] && return 1
		sleep 0.2
	done
}

modprobe xen-blkfront 2>/dev/null
modprobe xen-netfront 2>/dev/null

# 1. devices
if [ "$disk" = none ]; then
	disk=""
	echo "DOMU-BENCH disk_write_mibs n/a no disk"
	echo "DOMU-BENCH disk_read_mibs n/a no disk"
elif wait_until "$waits" test -b /dev/$disk; then
	echo "DOMU-DEV: $disk sectors=$(cat /sys/block/$disk/size)"
else
	bad "no /dev/$disk"
	disk=""
fi
if [ "$usenet" = 0 ]; then
	for b in ping_ms net_tx_mbits net_rx_mbits; do
		echo "DOMU-BENCH $b n/a no vif"
	done
elif wait_until "$waits" test -e /sys/class/net/eth0; then
	echo "DOMU-NET: eth0 $(cat /sys/class/net/eth0/address)"
else
	bad "no eth0"
fi

# 2. the link to dom0
net=""
if [ "$usenet" != 0 ] && [ -e /sys/class/net/eth0 ]; then
	ip link set lo up
	ip addr add "$myip" dev eth0 && ip link set eth0 up || bad "cannot configure eth0"
	# The first replies may wait for netback's carrier and the bridge port.
	wait_until 30 ping -c 1 -W 1 "$peer"
	out=$(ping -c 10 -i 0.2 -W 2 "$peer" 2>&1)
	rx=$(echo "$out" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
	rtt=$(echo "$out" | sed -n 's|^round-trip min/avg/max = [^/]*/\([^/]*\)/.*|\1|p')
	if [ "${rx:-0}" -gt 0 ] && [ -n "$rtt" ]; then
		echo "DOMU-PING: ok sent=10 received=$rx rtt_ms=$rtt"
		echo "DOMU-BENCH ping_ms $rtt"
		net=ok
	else
		echo "DOMU-PING: fail $(echo "$out" | tail -n 2 | tr '\n' ' ')"
		echo "DOMU-BENCH ping_ms n/a no reply from $peer"
		bad "no ping reply from $peer"
	fi
fi

# dd_rate ARGS...: Debian's dd; its last line "N bytes (...) copied, S s,
# ..." gives MiB/s (bytes / seconds / 2^20), printed.  By its path: busybox
# sh prefers its own applets to what PATH finds.
dd_rate() {
	out=$(/bin/dd bs=1M "$@" 2>&1) || { echo "dd failed: $(echo "$out" | tail -n 1)" >&2; return 1; }
	echo "$out" | awk '/copied/ { b = $1; for (i = 1; i <= NF; i++) if ($i ~ /^s,?$/) s = $(i - 1);
		sub(/,$/, "", s); if (s > 0) printf "%.1f\n", b / s / 1048576 }' | grep .
}

# 3. the disk
if [ "$ddmib" -gt 0 ] 2>/dev/null && [ -n "$disk" ]; then
	if w=$(dd_rate if=/dev/zero of=/dev/$disk count="$ddmib" oflag=direct); then
		echo "DOMU-BENCH disk_write_mibs $w"
	else
		echo "DOMU-BENCH disk_write_mibs n/a"
		bad "dd write to /dev/$disk"
	fi
	if r=$(dd_rate if=/dev/$disk of=/dev/null count="$ddmib" iflag=direct); then
		echo "DOMU-BENCH disk_read_mibs $r"
	else
		echo "DOMU-BENCH disk_read_mibs n/a"
		bad "dd read from /dev/$disk"
	fi
fi

# iperf_rate ARGS...: Mbit/s of the receiver's line of one iperf3 client run.
iperf_rate() {
	out=$(timeout $((secs + 30)) iperf3 -c "$peer" -t "$secs" -f m --connect-timeout 5000 "$@" 2>&1) ||
		{ echo "iperf3 $*: $(echo "$out" | tail -n 1)" >&2; return 1; }
	echo "$out" | awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' | grep .
}

# 4. the network
if [ "$secs" -gt 0 ] 2>/dev/null && [ -n "$net" ]; then
	if t=$(iperf_rate); then
		echo "DOMU-BENCH net_tx_mbits $t"
	else
		echo "DOMU-BENCH net_tx_mbits n/a"
		bad "iperf3 domU -> dom0"
	fi
	if t=$(iperf_rate -R); then
		echo "DOMU-BENCH net_rx_mbits $t"
	else
		echo "DOMU-BENCH net_rx_mbits n/a"
		bad "iperf3 dom0 -> domU"
	fi
fi

echo "DOMU-TEST devbench: $result${why:+ $why}"
