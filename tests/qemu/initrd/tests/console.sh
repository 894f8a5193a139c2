#!/bin/sh
# The console path of the toolstack, end to end: our xenstored (domain
# deaths through VIRQ_DOM_EXC) and xenconsoled (tools/xenconsoled) in
# dom0; a domU built by xcbuild from Debian's kernel and the domU initrd,
# its console nodes written as xm writes them; then
#   - xenconsoled maps the domU's console (grant 0) and its log
#     guest-NAME.log gets "DOMU-INIT: started";
#   - the domU's xenbus reaches our xenstored (it writes its
#     control/feature-poweroff); introducing a domain whose ring cannot be
#     mapped fails with EINVAL and the daemon goes on;
#   - through the socket client (xm console, xc_console_attach) a command
#     typed into the domU's shell runs and its output comes back; Ctrl-]
#     detaches the client (status 0) and what follows it is not sent;
#   - "poweroff -f" typed the same way shuts the domU down: @releaseDomain
#     fires (shutdown), then after xcbuild --destroy again (dying), the
#     attached client ends with status 0, xenstored forgets the domain
#     (introduced = F) and xenconsoled logs that it dropped it;
#   - clients sending hostile first lines are closed, the daemons go on.
# Prints "CONS-FAIL <step>: ..." per failed step, "CONS-STEPS: <n> ok",
# then "DOM0-TEST console: PASS|FAIL ...".
S=/run/xenstored/socket
X="/bin/xenstore -s $S"
LOGDIR=/var/log/xen/console
NAME=console-test
fail=""
ok=0

pass() { ok=$((ok + 1)); }
bad() {
	echo "CONS-FAIL $1: $2"
	fail="$fail $1"
}
# wait_for SECONDS COMMAND...: until the command succeeds.
wait_for() {
	n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

for m in xen-evtchn xen-gntdev xen-privcmd; do
	modprobe "$m" 2>/dev/null
done
wait_for 5 test -c /dev/xen/privcmd || bad devices "no /dev/xen/privcmd"
/bin/xenstored -s $S 2>/tmp/xenstored.log &
xs_pid=$!
wait_for 10 test -S $S || bad xenstored "no socket"
if /bin/xenconsoled -v --log-dir=$LOGDIR --pid-file=/run/xenconsoled.pid; then
	pass
else
	bad xenconsoled "exit status $?"
fi
wait_for 5 test -S /run/xen/xenconsoled.sock && pass ||
	bad xenconsoled-socket "no /run/xen/xenconsoled.sock"
$X watch @releaseDomain 3 >/tmp/release.out 2>&1 &
watch_pid=$!

/bin/xcbuild --mem 96 --ramdisk /boot/domU-initrd.gz \
	--cmdline "console=hvc0 quiet" /boot/vmlinuz >/tmp/xcbuild.out 2>&1
line=$(grep "running:" /tmp/xcbuild.out)
dom=$(echo "$line" | sed -n 's/.*domain \([0-9]*\) running.*/\1/p')
mfn=$(echo "$line" | sed -n 's/.*console mfn \(0x[0-9a-f]*\) port \([0-9]*\),.*/\1/p')
port=$(echo "$line" | sed -n 's/.*console mfn 0x[0-9a-f]* port \([0-9]*\),.*/\1/p')
if [ -z "$dom" ] || [ -z "$mfn" ] || [ -z "$port" ]; then
	bad xcbuild "$(tr '\n' ' ' </tmp/xcbuild.out)"
	dom=none
else
	pass
	D=/local/domain/$dom
	$X write $D/name $NAME >/dev/null
	$X write $D/console/port "$port" >/dev/null
	$X write $D/console/type xenconsoled >/dev/null
	$X write $D/console/ring-ref "$((mfn))" >/dev/null
fi

LOG=$LOGDIR/guest-$NAME.log
if wait_for 60 grep -q "DOMU-INIT: started" $LOG; then
	pass
else
	bad log "no DOMU-INIT in $LOG"
fi
wait_for 30 grep -q "DOMU-CPUS:" $LOG || bad log-cpus "no DOMU-CPUS"
# The domU's own xenbus talks to our xenstored over its ring (grant 1):
# Linux announces its shutdown features under its home.
if wait_for 20 $X read /local/domain/$dom/control/feature-poweroff; then
	pass
else
	bad domu-xenbus "$($X ls /local/domain/$dom 2>&1 | tr '\n' ' ')"
fi
# A domain whose ring cannot be mapped: an error, and the daemon goes on.
got=$($X introduce 777 12345 3 2>&1)
[ "$got" = "error: EINVAL" ] && pass || bad introduce-bad "got '$got'"
sleep 2 # the shell's prompt

# A command through the socket: its output comes back to the client;
# Ctrl-] then detaches (status 0) and what follows it is not sent.
(sleep 1; echo 'echo CONS-MARK-$((6 * 7))'; sleep 3
	printf '\035echo CONS-AFTER-$((6 * 8))\n'; sleep 10) |
	timeout 10 /bin/xm console "$dom" >/tmp/client1.out 2>&1
rc=$?
[ $rc = 0 ] && pass || bad detach "xm console: status $rc"
if grep -q "CONS-MARK-42" /tmp/client1.out; then
	pass
else
	bad input "client saw: $(tr -c '[:print:]' ' ' </tmp/client1.out | tail -c 300)"
fi
grep -q "CONS-MARK-42" $LOG && pass || bad input-log "not in $LOG"
sleep 1
grep -q "CONS-AFTER" $LOG && bad after-detach "input after Ctrl-] reached the domU"

# Hostile first lines on the console socket (sent raw by the xenstore
# client, which exits 1 when the daemon closes; timeout's status if it is
# still connected after 3 s): each is closed at once; the live domain's id, the
# control, stays connected.
C="/bin/xenstore -s /run/xen/xenconsoled.sock raw"
hostile=""
for line in 'abc\n' '\n' '-1\n' ' 1\n' '32752\n' '99999999999999999999\n' \
	'0x1\n' '77\n' "$(printf '%0100d' 7)" "$dom\n"; do
	printf "%b" "$line" | timeout 3 $C >/dev/null 2>&1
	rc=$?
	want=1
	[ "$line" = "$dom\n" ] && want=143 # busybox timeout: SIGTERM
	[ $rc = $want ] || [ $rc = 124 -a $want = 143 ] ||
		hostile="$hostile '$line':$rc"
done
[ -z "$hostile" ] && pass || bad hostile-clients "$hostile"

# Power off from the console; the client stays until the domain is gone.
(sleep 1; echo 'poweroff -f'; sleep 60) |
	/bin/xm console "$dom" >/tmp/client2.out 2>&1 &
client_pid=$!
i=0
while [ $i -lt 300 ] && ! /bin/xcbuild --list 2>/dev/null |
	grep -q "^domain $dom .*flags 0x[0-9a-f]*[4567cdef]$"; do
	sleep 0.1
	i=$((i + 1))
done
/bin/xcbuild --list 2>&1 | sed 's/^/CONS-LIST: /'
wait_for 10 test "$(grep -c '^@releaseDomain' /tmp/release.out)" -ge 2 &&
	pass || bad release-shutdown "$(tr '\n' ' ' </tmp/release.out)"
/bin/xcbuild --destroy "$dom" >/dev/null 2>&1 || bad destroy "xcbuild --destroy"
wait_for 10 test "$(grep -c '^@releaseDomain' /tmp/release.out)" -ge 3 &&
	pass || bad release-dying "$(tr '\n' ' ' </tmp/release.out)"
if wait_for 10 sh -c "! kill -0 $client_pid"; then
	wait $client_pid
	rc=$?
	[ $rc = 0 ] && pass || bad client-exit "status $rc"
else
	bad client-exit "still attached"
	kill $client_pid 2>/dev/null
fi
got=$($X introduced "$dom" 2>&1)
[ "$got" = F ] && pass || bad xenstored-forgot "introduced: $got"
wait_for 5 grep -q "d$dom: console gone" $LOGDIR/xenconsoled.log && pass ||
	bad xenconsoled-forgot "$(tail -3 $LOGDIR/xenconsoled.log)"
# Unknown domains: the daemon closes, both daemons still serve.
timeout 5 /bin/xm console "$dom" </dev/null >/dev/null 2>&1
kill -0 $xs_pid 2>/dev/null || bad xenstored-died "gone"
kill -0 "$(cat /run/xenconsoled.pid)" 2>/dev/null && pass ||
	bad xenconsoled-died "gone"
kill $watch_pid 2>/dev/null

sed 's/^/CONS-XENCONSOLED: /' $LOGDIR/xenconsoled.log | head -20
grep "xenstored:" /tmp/xenstored.log | sed 's/^/CONS-XENSTORED: /' | head -20
echo "CONS-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST console: PASS steps:$ok"
else
	echo "DOM0-TEST console: FAIL$fail"
	sed 's/^/CONS-XCBUILD: /' /tmp/xcbuild.out | tail -5
	tail -c 1500 $LOG | sed 's/^/CONS-GUEST: /'
fi
