#!/bin/sh
# domutest=cycle-guest: the domU of dom0's xm-cycles test.  Makes
# poweroff act at once (xm-guest.sh: xm shutdown works), then loads the
# frontends, which connect to dom0's blkback and netback on their own
# (dom0 reads their states in xenstore), and waits for their devices.
# Prints "DOMU-TEST cycle-guest: PASS" or "... FAIL <missing devices>".
/tests/xm-guest.sh >/dev/null
modprobe xen-blkfront 2>/dev/null
modprobe xen-netfront 2>/dev/null
miss=""
for d in /sys/block/xvda /sys/class/net/eth0; do
	i=0
	while [ ! -e $d ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e $d ] || miss="$miss ${d##*/}"
done
if [ -z "$miss" ]; then
	echo "DOMU-TEST cycle-guest: PASS"
else
	echo "DOMU-TEST cycle-guest: FAIL no$miss"
fi
