#!/bin/sh
# domutest=net-guest: the domU side of dom0's xm-net test.  Loads
# xen-netfront, gives interface vif-N (xenbus device/vif/N) the N-th
# address of domuip=IP[+IP...] (/24), pings every domupeer=IP[+IP...]
# (retrying while the peer boots), and with domutcp=DOM0IP moves data
# both ways over TCP with busybox nc: it listens on port 5001 (dom0
# sends), then sends its own 2 MiB to DOM0IP:5002.  Checksum offload and
# scatter-gather stay at Linux's defaults.
# Prints, one per line:
#   DOMU-NET: vif-N DEV IP MAC
#   DOMU-NET-PING: IP ok|FAIL
#   DOMU-NET-LISTEN: 5001
#   DOMU-NET-RX: MD5 BYTES           (what dom0 sent)
#   DOMU-NET-TXSUM: MD5 BYTES        (what this domU sends)
#   DOMU-NET-TX: ok|FAIL
#   DOMU-TEST net-guest: PASS|FAIL ...
# The domain then stays up (its /sbin/poweroff acts at once, as with
# domutest=xm-guest, so xm shutdown works).
/tests/xm-guest.sh >/dev/null

cmdline_opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

# dev_of_vif N: the interface of xenbus device vif-N (waits up to 20 s).
dev_of_vif() {
	i=0
	while [ $i -lt 200 ]; do
		for n in /sys/class/net/*; do
			d=$(readlink "$n/device" 2>/dev/null)
			[ "${d##*/}" = "vif-$1" ] && { echo "${n##*/}"; return 0; }
		done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ping_peer IP: answered within 60 tries (about a minute).
ping_peer() {
	i=0
	while [ $i -lt 60 ]; do
		ping -c 1 -W 1 "$1" >/dev/null 2>&1 && return 0
		i=$((i + 1))
	done
	return 1
}

sum_of() { echo "$(md5sum <"$1" | cut -d' ' -f1) $(wc -c <"$1")"; }

tcp_both_ways() {
	mkfifo /tmp/hold
	timeout 120 nc -l -p 5001 <>/tmp/hold >/tmp/rx &
	lpid=$!
	sleep 0.2
	echo "DOMU-NET-LISTEN: 5001"
	wait $lpid
	echo "DOMU-NET-RX: $(sum_of /tmp/rx)"
	head -c 2097152 /dev/urandom >/tmp/tx
	echo "DOMU-NET-TXSUM: $(sum_of /tmp/tx)"
	i=0
	while [ $i -lt 30 ]; do
		timeout 60 nc "$1" 5002 </tmp/tx && { echo "DOMU-NET-TX: ok"; return 0; }
		sleep 1
		i=$((i + 1))
	done
	echo "DOMU-NET-TX: FAIL"
	return 1
}

result=PASS detail=
modprobe xen-netfront || detail="$detail modprobe"
ip link set lo up
n=0
for ip in $(cmdline_opt domuip | tr '+' ' '); do
	if dev=$(dev_of_vif $n); then
		ifconfig "$dev" "$ip" netmask 255.255.255.0 up
		echo "DOMU-NET: vif-$n $dev $ip $(cat /sys/class/net/$dev/address)"
	else
		result=FAIL detail="$detail vif-$n:no-interface"
	fi
	n=$((n + 1))
done
for p in $(cmdline_opt domupeer | tr '+' ' '); do
	if ping_peer "$p"; then
		echo "DOMU-NET-PING: $p ok"
	else
		echo "DOMU-NET-PING: $p FAIL"
		result=FAIL detail="$detail ping:$p"
	fi
done
if tcp=$(cmdline_opt domutcp); then
	tcp_both_ways "$tcp" || result=FAIL detail="$detail tcp"
fi
echo "DOMU-TEST net-guest: $result$detail"
