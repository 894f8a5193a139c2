#!/bin/sh
# The reference toolstack's "create -> domU init" time: Debian's Xen 4.17
# userspace (in the "xl" flavour of the initrd, mkinitrd.build_xl_initrd)
# started as Debian's /etc/init.d/xen starts it, then `xl create` of a PV
# domU (/boot/vmlinuz, /boot/domU-initrd.gz, 128 MiB, 1 vCPU) timed by
# `dom0bench create` from launch to "DOMU-INIT: started" in the console log
# xenconsoled --log=guest writes.  The domU powers itself off
# (domuexit=poweroff) and must be gone before the next run.
#
# Command line: xlbench=N creates (default 3), xlbench_xs=oxenstored|
# xenstored (default oxenstored, Debian's default; xenstored is the C
# daemon), xlbench_s=SECONDS bounds each create (default 180),
# xlbench_v=1 runs `xl -vvv -T create` and prints its log (timestamped
# libxl/libxenguest steps) as "XL-LOG: ..." lines.
# Prints per run "XLBENCH-RUN <i>: <DOM0-CREATE line>", the first domU's
# console as "XL-DOMU: <line>", then "DOM0-BENCH create_ms <median>" and
# "DOM0-TEST xlbench: PASS runs:<n>" or "DOM0-TEST xlbench: FAIL <why>"
# (with the daemons' and xl's logs as "XL-LOG: ..." lines).
# tests/qemu/initrd/tests/xmbench.sh prints the same metric for our xm.
XEN=/usr/lib/xen-4.17/bin
LOGDIR=/var/log/xen
MARKER="DOMU-INIT: started"

. /tests/create-lib.sh

fail() {
	echo "DOM0-TEST xlbench: FAIL $*"
	for f in /tmp/xenstored.log /tmp/xenconsoled.log /tmp/xl-create.log \
		$LOGDIR/xl-*.log; do
		[ -f "$f" ] && sed "s|^|XL-LOG: ${f##*/}: |" "$f" | tail -n 40
	done
	exit 0
}

runs=$(cmdline_opt xlbench || echo 3)
[ "$runs" -ge 1 ] 2>/dev/null || runs=3
xs=$(cmdline_opt xlbench_xs || echo oxenstored)
budget=$(cmdline_opt xlbench_s || echo 180)
[ "$budget" -ge 20 ] 2>/dev/null || budget=180
verbose=$(cmdline_opt xlbench_v)
XL_FLAGS=""
[ -n "$verbose" ] && XL_FLAGS="-vvv -T"
[ -x $XEN/xl ] || fail "no Debian xl here (boot the xl flavour of the initrd)"

# /etc/init.d/xen: modules, xenfs, the capability check, /run/xen.
for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
	modprobe $m 2>/dev/null
done
[ -e /proc/xen/capabilities ] || mount -t xenfs xenfs /proc/xen 2>/dev/null
grep -q control_d /proc/xen/capabilities 2>/dev/null || fail "not a control domain"
mkdir -p /run/xen /run/xenstored /run/lock $LOGDIR/console /var/lib/xen
chmod 700 /run/xen
wait_for 50 test -c /dev/xen/privcmd || fail "no /dev/xen/privcmd"

# xenstored, then dom0's own entries, then xenconsoled (logging guests).
export XENSTORED_ROOTDIR=/run/xenstored
$XEN/$xs --pid-file /run/xenstore.pid >/tmp/xenstored.log 2>&1 ||
	fail "$xs did not start"
wait_for 300 /usr/bin/xenstore-read -s / || fail "$xs does not answer"
$XEN/xen-init-dom0 >/tmp/xen-init-dom0.log 2>&1 || fail "xen-init-dom0 failed"
$XEN/xenconsoled --pid-file /run/xenconsoled.pid --log=guest \
	>/tmp/xenconsoled.log 2>&1 || fail "xenconsoled did not start"

i=1
vals=""
while [ $i -le "$runs" ]; do
	name=xlbench$i
	cat >/tmp/$name.cfg <<EOF
name = "$name"
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
extra = "console=hvc0 quiet domuexit=poweroff"
memory = 128
vcpus = 1
on_poweroff = "destroy"
EOF
	rm -f $LOGDIR/console/guest-$name.log
	line=$(dom0bench create "$budget" $LOGDIR/console/guest-$name.log "$MARKER" \
		$XEN/xl $XL_FLAGS create /tmp/$name.cfg 2>>/tmp/xl-create.log)
	echo "XLBENCH-RUN $i: $line"
	case $line in
	"DOM0-CREATE ms="[0-9]*" rc=0") ;;
	*) fail "run $i: $line" ;;
	esac
	ms=${line#DOM0-CREATE ms=}
	vals="$vals ${ms%% *}"
	# The domU powers off and xl's monitor destroys it: wait (each look
	# costs xl's start-up, about a second under TCG), bounded.
	if ! wait_for 300 sh -c "! $XEN/xl domid $name"; then
		$XEN/xl destroy $name 2>/dev/null
		fail "run $i: $name did not go away after DOMU-INIT (domuexit=poweroff)"
	fi
	[ $i -eq 1 ] && sed 's/^/XL-DOMU: /' $LOGDIR/console/guest-$name.log 2>/dev/null
	i=$((i + 1))
done
med=$(median $vals)
echo "DOM0-BENCH create_ms $med"
[ -n "$verbose" ] && sed 's/^/XL-LOG: xl-create.log: /' /tmp/xl-create.log
echo "DOM0-TEST xlbench: PASS runs:$runs"
