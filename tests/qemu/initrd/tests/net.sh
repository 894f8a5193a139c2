#!/bin/sh
# Bring up every NIC named in dom0net=DRIVER:LOCAL:PEER[+...] (DRIVER as in
# /sys/class/net/*/device/driver: virtio_net, e1000) and ping its peer.
# Run as /tests/peer.sh (a symlink) it only brings the NICs up and waits.
role=${0##*/}
role=${role%.sh}
cmdline_opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}
spec=$(cmdline_opt dom0net)
[ -n "$spec" ] || { echo "DOM0-TEST $role: FAIL no dom0net= option"; exit 0; }
for m in virtio_pci virtio_net e1000; do
	modprobe "$m" || echo "$role: modprobe $m failed"
done
ip link set lo up 2>/dev/null

# iface_of DRIVER: the interface driven by DRIVER (waits up to 10 s).
iface_of() {
	i=0
	while [ $i -lt 100 ]; do
		for n in /sys/class/net/*; do
			drv=$(readlink "$n/device/driver" 2>/dev/null)
			[ "${drv##*/}" = "$1" ] && { echo "${n##*/}"; return 0; }
		done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

result=PASS detail=
for e in $(echo "$spec" | tr ',+' '  '); do
	drv=${e%%:*} rest=${e#*:}
	local_ip=${rest%%:*} peer_ip=${rest#*:}
	if ! dev=$(iface_of "$drv"); then
		result=FAIL detail="$detail $drv:no-interface"
		continue
	fi
	ifconfig "$dev" "$local_ip" netmask 255.255.255.0 up
	[ "$role" = peer ] && { detail="$detail $drv:$dev=$local_ip"; continue; }
	ok=
	i=0
	while [ $i -lt 30 ]; do		# the peer may still be booting
		if ping -c 1 -W 1 "$peer_ip" >/dev/null 2>&1; then
			ok=1
			break
		fi
		i=$((i + 1))
	done
	if [ -n "$ok" ] && ping -c 3 -W 2 "$peer_ip" >/tmp/ping 2>&1; then
		detail="$detail $drv:$dev:ok"
	else
		result=FAIL detail="$detail $drv:$dev:no-reply"
	fi
done
if [ "$role" = peer ]; then
	echo "DOM0-PEER: ready$detail"
else
	echo "DOM0-TEST net: $result$detail"
fi
