#!/bin/sh
# Our toolstack's "create -> domU init" time, the counterpart of
# xlbench.sh (Debian's xl on Xen 4.17): our xenstored and xenconsoled
# (--log=guest), then `xm create` of the same PV domU (/boot/vmlinuz,
# /boot/domU-initrd.gz, 128 MiB, 1 vCPU), timed by `dom0bench create`
# from launch to "DOMU-INIT: started" in the console log.  The domU
# powers itself off (domuexit=poweroff), its monitor destroys it
# (on_poweroff = destroy), and it must be gone before the next run.
# The first create fills the kernel cache (/var/cache/xen); xl decompresses
# on every create.  The median is over all runs, as xlbench.sh's; the
# first (uncached) run is reported too.
#
# Command line: xmbench=N creates (default 3), xmbench_s=SECONDS bounds
# each create (default 180).
# Prints per run "XMBENCH-RUN <i>: <DOM0-CREATE line>", then
# "DOM0-BENCH create_ms <median>", "DOM0-BENCH create_first_ms <ms>" and
# "DOM0-TEST xmbench: PASS runs:<n>" or "DOM0-TEST xmbench: FAIL <why>".
XM=/bin/xm
CONS=/var/log/xen/console
MARKER="DOMU-INIT: started"

. /tests/create-lib.sh

fail() {
	echo "DOM0-TEST xmbench: FAIL $*"
	for f in /tmp/xenstored.log /tmp/xenconsoled.err /tmp/xm-create.log \
		/var/log/xen/xm-monitor.log; do
		[ -f "$f" ] && sed "s|^|XM-LOG: ${f##*/}: |" "$f" | tail -n 40
	done
	exit 0
}

runs=$(cmdline_opt xmbench || echo 3)
[ "$runs" -ge 1 ] 2>/dev/null || runs=3
budget=$(cmdline_opt xmbench_s || echo 180)
[ "$budget" -ge 20 ] 2>/dev/null || budget=180
[ -x $XM ] || fail "no /bin/xm in this initrd"

for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
	modprobe $m 2>/dev/null
done
mkdir -p /run/xenstored /run/xen /var/log/xen $CONS
wait_for 50 test -c /dev/xen/privcmd || fail "no /dev/xen/privcmd"
/bin/xenstored -s /run/xenstored/socket 2>/tmp/xenstored.log &
wait_for 100 test -S /run/xenstored/socket || fail "xenstored did not start"
/bin/xenconsoled --log=guest --log-dir=$CONS 2>/tmp/xenconsoled.err ||
	fail "xenconsoled did not start"

i=1
vals=""
first=""
while [ $i -le "$runs" ]; do
	name=xmbench$i
	cat >/tmp/$name.cfg <<EOF
name = "$name"
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
extra = "console=hvc0 quiet domuexit=poweroff"
memory = 128
vcpus = 1
on_poweroff = "destroy"
EOF
	rm -f $CONS/guest-$name.log
	# (xm's own "Using config file" line is on the same stdout)
	line=$(dom0bench create "$budget" $CONS/guest-$name.log "$MARKER" \
		$XM create /tmp/$name.cfg 2>>/tmp/xm-create.log | grep '^DOM0-CREATE')
	echo "XMBENCH-RUN $i: $line"
	case $line in
	"DOM0-CREATE ms="[0-9]*" rc=0") ;;
	*) fail "run $i: $line" ;;
	esac
	ms=${line#DOM0-CREATE ms=}
	ms=${ms%% *}
	[ $i -eq 1 ] && first=$ms
	vals="$vals $ms"
	if ! wait_for 300 sh -c "! $XM domid $name"; then
		$XM destroy $name 2>/dev/null
		fail "run $i: $name did not go away after DOMU-INIT (domuexit=poweroff)"
	fi
	i=$((i + 1))
done
med=$(median $vals)
echo "DOM0-BENCH create_ms $med"
echo "DOM0-BENCH create_first_ms $first"
echo "DOM0-TEST xmbench: PASS runs:$runs"
