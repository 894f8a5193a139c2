#!/bin/sh
# xm, the Xen 3 toolstack (tools/xm), end to end in dom0: start
# xenstored and xenconsoled, then with /etc/xen/test.cfg (Debian's kernel
# and the domU initrd, 128 MiB): the commands that need no guest (list,
# info, dmesg, domid/domname, uptime), the user errors (each one line,
# exit != 0, no domain left behind), a domU booted to its init
# (seen in its console log), pause/unpause (the state letter), the
# console both ways (xm console, xm create -c), vcpus = 2, shutdown -w,
# reboot (on_reboot=restart: a new id),
# a crash with on_crash=restart (restarted once, then refused as too
# fast) and with on_crash=preserve (state c, then destroy), and
# XM_CYCLES create/destroy cycles after which free memory is back to its
# baseline.  The guests run domutest=xm-guest (domU/tests/xm-guest.sh) so
# their /sbin/poweroff and /sbin/reboot act at once.
# Prints "XM-FAIL <step>: <detail>" per failed step, "XM-STEPS: <n> ok",
# then "DOM0-TEST xm: PASS|FAIL ...".
. /tests/steps-lib.sh
CYCLES=${XM_CYCLES:-20}
CONS=/var/log/xen/console
MON=/var/log/xen/xm-monitor.log
export XM_MIN_RESTART_S=600 # a second restart is always "too fast"

state() { $XM list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }

in_log() { grep -q -- "$2" "$1" 2>/dev/null; }
has_state() { state "$1" | grep -q "$2"; }
lacks_state() { [ -n "$(state "$1")" ] && ! state "$1" | grep -q "$2"; }

setup() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /run/xenstored /run/xen /etc/xen /var/log/xen $CONS
	# -r: also dom0's own xenbus (its backends: blkback, netback)
	/bin/xenstored -s /run/xenstored/socket -r 2>/tmp/xenstored.log &
	i=0
	while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	/bin/xenconsoled --log=guest --log-dir=$CONS 2>/tmp/xenconsoled.err ||
		flunk xenconsoled "$(cat /tmp/xenconsoled.err)"
	cat >/etc/xen/test.cfg <<'CFG'
# the xm dom0 test's domU
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "test"
extra = "console=hvc0 earlyprintk=xen domutest=xm-guest"
CFG
	printf "kernel = '/boot/vmlinuz'\nmemroy = 128\n" >/etc/xen/bad.cfg
}

host_steps() {
	run list $XM list
	echo "$out" | head -1 | grep -q '^Name  *ID   Mem VCPUs      State   Time(s)$' ||
		flunk list-header "$out"
	echo "$out" | grep -q '^Domain-0  *0 ' || flunk list-dom0 "$out"
	run info $XM info
	echo "$out" | grep -q '^xen_major *: 4$' || flunk info-major "$out"
	run dmesg $XM dmesg
	[ -n "$out" ] || flunk dmesg-empty ""
	run domid0 $XM domid Domain-0
	[ "$out" = 0 ] || flunk domid0-value "$out"
	run domname0 $XM domname 0
	[ "$out" = Domain-0 ] || flunk domname0-value "$out"
	run uptime $XM uptime
	run help $XM create --help
	echo "$out" | grep -qF 'Usage: xm create <ConfigFile> [options] [vars]' ||
		flunk help-text "$out"
}

error_steps() {
	refuse missing-kernel "kernel '/boot/nope': No such file or directory" \
		$XM create test.cfg kernel=/boot/nope
	refuse bad-memory "memory: '12x' is not a number of MiB" \
		$XM create test.cfg memory=12x
	refuse unknown-key "/etc/xen/bad.cfg:2: unknown key 'memroy'" \
		$XM create bad.cfg
	refuse no-config "cannot read config file 'none.cfg'" \
		$XM create none.cfg
	refuse no-memory "not enough free memory for 'test'" \
		$XM create test.cfg memory=100000
	refuse disk "Device 51712 (vbd) could not be connected. /x.img does not exist." \
		$XM create test.cfg disk=file:/x.img,xvda,w
	# Not a kernel: the builder fails, the half-built domain goes away.
	refuse not-a-kernel "/etc/xen/bad.cfg" \
		$XM create test.cfg kernel=/etc/xen/bad.cfg
	refuse unknown-domain "domain 'nosuch' does not exist" \
		$XM destroy nosuch
	refuse unknown-id "domain '77' does not exist" $XM pause 77
	refuse dom0 "Domain-0 is not a guest domain" $XM destroy 0
}

# A domU to its init: pause, unpause, console, shutdown -w.
guest_steps() {
	run create $XM create test.cfg
	echo "$out" | grep -q '^Started domain test (id=[0-9]*)$' ||
		flunk create-msg "$out"
	until_true boot 120 in_log $CONS/guest-test.log "DOMU-INIT: started" || return
	until_true ready 60 in_log $CONS/guest-test.log "DOMU-TEST xm-guest: PASS"
	run list-test $XM list test
	echo "$out" | grep -q '^test  *[0-9]*   12[0-9]     1     ' ||
		flunk list-test-row "$out"
	id=$($XM domid test)
	run domname $XM domname "$id"
	[ "$out" = test ] || flunk domname-value "$out"
	refuse duplicate "domain name 'test' is already in use by domain $id" \
		$XM create test.cfg
	run pause $XM pause test
	has_state test p || flunk pause-state "$(state test)"
	run unpause $XM unpause test
	lacks_state test p || flunk unpause-state "$(state test)"
	(sleep 2; echo 'echo XM-CONSOLE-$((6 * 7))'; sleep 4; printf '\035') |
		$XM console test >/tmp/console.out 2>&1
	grep -q XM-CONSOLE-42 /tmp/console.out ||
		flunk console "$(tr '\n\r' '  ' </tmp/console.out | tail -c 300)"
	run uptime-test $XM uptime test
	run shutdown $XM shutdown -w test
	gone test || flunk shutdown-gone "$($XM list)"
}

# create -c: the console from the first line on; Ctrl-] once init ran.
console_create_steps() {
	(
		i=0
		while [ $i -lt 600 ] && ! in_log $CONS/guest-con.log "DOMU-INIT: started"; do
			sleep 0.2
			i=$((i + 1))
		done
		sleep 1
		printf '\035'
	) | $XM create -c test.cfg name=con >/tmp/create-c.out 2>&1
	grep -q "DOMU-INIT: started" /tmp/create-c.out && pass ||
		flunk create-console "$(tr '\n\r' '  ' </tmp/create-c.out | tail -c 300)"
	run destroy-con $XM destroy con
}

# No node of a domain that is gone is left in xenstore.
xenstore_clean() {
	left=$(/bin/xenstore ls /local/domain 2>/dev/null) || left=""
	vms=$(/bin/xenstore ls /vm 2>/dev/null) || vms=""
	left=$(echo "$left" | grep -v '^0$' | grep . | tr '\n' ' ')
	vms=$(echo "$vms" | grep . | tr '\n' ' ')
	[ -z "$left$vms" ] && pass || flunk xenstore-clean "domains: $left vms: $vms"
}

# vcpus = 2: the guest sees both.
smp_steps() {
	run create-smp $XM create test.cfg name=smp vcpus=2
	until_true smp-cpus 120 in_log $CONS/guest-smp.log "DOMU-CPUS: 2"
	run list-smp $XM list smp
	echo "$out" | grep -q '^smp  *[0-9]*   12[0-9]     2     ' ||
		flunk list-smp-row "$out"
	run destroy-smp $XM destroy smp
}

reboot_steps() {
	run create-rb $XM create test.cfg name=rb
	until_true ready-rb 120 in_log $CONS/guest-rb.log "DOMU-TEST xm-guest: PASS" || return
	id=$($XM domid rb)
	run reboot $XM reboot -w rb
	until_true rebooted 60 new_id rb "$id"
	until_true restart-log 10 in_log $MON "domain rb restarted as id"
	run destroy-rb $XM destroy rb
	gone rb || flunk destroy-rb-gone "$($XM list)"
}

crash_steps() {
	run create-cr $XM create test.cfg name=cr on_crash=restart \
		"extra=console=hvc0 domuexit=crash"
	until_true crash-restart 120 in_log $MON "domain cr restarted as id"
	until_true crash-too-fast 120 in_log $MON "domain cr restarting too fast"
	until_true crash-gone 10 gone cr
	run create-cp $XM create test.cfg name=cp on_crash=preserve \
		"extra=console=hvc0 domuexit=crash"
	until_true crash-preserved 120 has_state cp c
	run destroy-cp $XM destroy cp
	gone cp || flunk destroy-cp-gone "$($XM list)"
}

cycle_steps() {
	before=$1
	i=0
	while [ $i -lt "$CYCLES" ]; do
		$XM create test.cfg name=cyc >/dev/null 2>/tmp/xm.err ||
			{ flunk "cycle-$i" "$(cat /tmp/xm.err)"; break; }
		$XM destroy cyc 2>/tmp/xm.err ||
			{ flunk "cycle-destroy-$i" "$(cat /tmp/xm.err)"; break; }
		i=$((i + 1))
	done
	after=$(free_mb)
	echo "XM-MEMORY: baseline=$before after=$after cycles=$i"
	[ "$after" = "$before" ] && [ "$(ndoms)" -eq 1 ] && pass ||
		flunk memory "free $before MiB before, $after after $i cycles"
}

# XM_ONLY=smp (xm-smp.sh): only the vcpus = 2 guest.
xmtest=${XM_TEST:-xm}
setup
if [ "${XM_ONLY:-}" = smp ]; then
	smp_steps
else
	host_steps
	error_steps
	base=$(free_mb)
	guest_steps
	console_create_steps
	reboot_steps
	crash_steps
	cycle_steps "$base"
fi
[ "$(ndoms)" -eq 1 ] || flunk leftover "$($XM list | tr '\n' '|')"
xenstore_clean
echo "XM-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST $xmtest: PASS steps:$ok"
else
	echo "DOM0-TEST $xmtest: FAIL$fail"
	sed 's/^/XM-MONITOR: /' $MON 2>/dev/null | tail -20
	sed 's/^/XM-XENSTORED: /' /tmp/xenstored.log | tail -20
	for f in $CONS/guest-*.log; do
		tail -12 "$f" | sed "s|^|XM-CONSOLE $f: |"
	done
fi
