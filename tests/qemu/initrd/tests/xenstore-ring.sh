#!/bin/sh
# Our xenstored as the xenstored of Linux's own xenbus in dom0: started
# with -r it maps dom0's xenstore page (/dev/xen/xenbus_backend: mmap, and
# the kernel's unbound port by ioctl), binds that port through
# /dev/xen/evtchn and notifies it; Linux's xenbus then talks on that ring,
# so /dev/xen/xenbus (which relays through the kernel) and the tools'
# socket reach the same database, watches included.
# Prints "XS-FAIL <step>: <output>" per failed step, "XS-STEPS: <n> ok",
# then "DOM0-TEST xenstore-ring: PASS|FAIL ...".
S=/run/xenstored/socket
X="/bin/xenstore -s $S"
K="timeout 10 /bin/xenstore -s /dev/xen/xenbus"
fail=""
ok=0
modprobe xen-evtchn 2>/dev/null
modprobe xen-gntdev 2>/dev/null
for d in evtchn xenbus_backend xenbus; do
	[ -c /dev/xen/$d ] || fail="$fail no-/dev/xen/$d"
done
/bin/xenstored -r -s $S 2>/tmp/xenstored.log &
pid=$!
i=0
while [ ! -S $S ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S $S ] || fail="$fail no-socket"

step() {
	name=$1
	want=$2
	shift 2
	got=$("$@" 2>&1 | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		ok=$((ok + 1))
	else
		echo "XS-FAIL $name: got '$got', want '$want'"
		fail="$fail $name"
	fi
}

step sock-write OK $X write /ring/a via-socket
step ring-read via-socket $K read /ring/a
step ring-write OK $K write /ring/b via-ring
step sock-read via-ring $X read /ring/b
step ring-ls "a b" $K ls /ring
step ring-rel /local/domain/0 $K domainpath 0
$K watch /ring/w 2 >/tmp/watch.out 2>&1 &
wpid=$!
sleep 1
step sock-wwrite OK $X write /ring/w/x 1
i=0
while kill -0 $wpid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
step ring-watch "/ring/w tok /ring/w/x tok" cat /tmp/watch.out
kill -0 $pid 2>/dev/null || fail="$fail daemon-died"
dmesg | grep -i xenbus | tail -5 | sed 's/^/XS-DMESG: /'
echo "XS-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST xenstore-ring: PASS steps:$ok"
else
	echo "DOM0-TEST xenstore-ring: FAIL$fail"
	sed 's/^/XS-LOG: /' /tmp/xenstored.log
fi
