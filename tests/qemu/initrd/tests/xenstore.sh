#!/bin/sh
# Our xenstored in dom0, over Xen's tools socket /run/xenstored/socket:
# start /bin/xenstored (tools/xenstored), then drive it with /bin/xenstore
# (tools/xenstore/xenstore.c): write/read/ls/mkdir/rm, permissions, the
# domain requests, XS_CONTROL, a watch with its initial event and two
# changes, and a client that breaks the framing (it is dropped, the
# daemon goes on).  xen-evtchn and xen-gntdev are loaded first so the
# daemon opens the devices it would map domains' rings with.
# Prints "XS-FAIL <step>: <output>" per failed step, "XS-STEPS: <n> ok",
# then "DOM0-TEST xenstore: PASS|FAIL ...".
S=/run/xenstored/socket
X="/bin/xenstore -s $S"
fail=""
ok=0
modprobe xen-evtchn 2>/dev/null
modprobe xen-gntdev 2>/dev/null
/bin/xenstored -s $S 2>/tmp/xenstored.log &
pid=$!
i=0
while [ ! -S $S ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S $S ] || fail="$fail no-socket"

# step NAME EXPECTED COMMAND...: the command's output (lines joined by
# spaces) must be EXPECTED.
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

step write OK $X write /test/a hello
step read hello $X read /test/a
step write2 OK $X write /test/c/d deep
step ls "a c" $X ls /test
step mkdir OK $X mkdir /test/b
step ls2 "a c b" $X ls /test
step getperms n0 $X getperms /test/a
step setperms OK $X setperms /test/a n0 r1 b2
step getperms2 "n0 r1 b2" $X getperms /test/a
step badperm "error: EINVAL" $X setperms /test/a x1
step enoent "error: ENOENT" $X read /test/none
step badpath "error: EINVAL" $X read /test//a
step rm OK $X rm /test/c
step rm-gone "error: ENOENT" $X read /test/c/d
step domainpath /local/domain/7 $X domainpath 7
step introduced F $X introduced 9
step introduced0 T $X introduced 0
step control OK $X control check

$X watch /w 3 >/tmp/watch.out 2>&1 &
wpid=$!
sleep 0.5
step wwrite OK $X write /w/x 1
step wrm OK $X rm /w/x
i=0
while kill -0 $wpid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
step watch "/w tok /w/x tok /w/x tok" cat /tmp/watch.out

# A header announcing 65535 payload bytes: the daemon drops the client.
if printf '\002\000\000\000\001\000\000\000\000\000\000\000\377\377\000\000' |
	/bin/xenstore -s $S raw 2>/dev/null; then :; fi
step alive OK $X control check
kill -0 $pid 2>/dev/null || fail="$fail daemon-died"
echo "XS-STEPS: $ok ok"
kill $pid 2>/dev/null
if [ -z "$fail" ]; then
	echo "DOM0-TEST xenstore: PASS steps:$ok"
else
	echo "DOM0-TEST xenstore: FAIL$fail"
	sed 's/^/XS-LOG: /' /tmp/xenstored.log
fi
