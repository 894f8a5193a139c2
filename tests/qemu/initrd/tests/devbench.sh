#!/bin/sh
# A PV domU with one disk (a file in dom0's tmpfs) and one vif on a dom0
# bridge, created by Debian's xl (devbench_ts=xl, on Xen 4.17, the "xl"
# flavour of the initrd) or by our xm (devbench_ts=xm): the domU
# (domutest=devbench, tests/qemu/initrd/domU/tests/devbench.sh) checks that
# it sees xvda and reaches dom0 over 169.254/16 and measures the disk
# (dd O_DIRECT), the ping RTT and iperf3 both ways against dom0's server.
# Both toolstacks get the same config (xm's syntax, which xl reads too):
#   disk = ['file:/tmp/devbench.img,xvda,w'], vif = ['bridge=xenbr0']
# One disk only: under TCG, Debian's block hotplug script for two disks can
# outlast libxl's 40 s hotplug timeout.  A toolstack that refuses one kind
# of device (the create fails, no domain is left) is asked again without
# it, so that what it has is still measured: disk+vif, then vif, then disk
# ("DEVBENCH-RETRY: <devices> refused: <its message>").
#
# Command line: devbench_ts=xl|xm (default xl), devbench_xs=oxenstored|
# xenstored (xl only; default oxenstored), devbench_dd=MiB (default 64;
# 0 skips the disk bench), devbench_iperf=SECONDS (default 5; 0 skips
# iperf3), devbench_s=SECONDS bounds the create and the domU's run
# (default 600).
# Prints "DEVBENCH-CREATE: <DOM0-CREATE line, launch to the domU's result>",
# the domU's console as "DEVBENCH-DOMU: <line>", its measurements as
# "DOM0-BENCH <name> <value>" (disk_write_mibs, disk_read_mibs, ping_ms,
# net_tx_mbits, net_rx_mbits), "DEVBENCH-AFTER: domain=gone|left
# loops=<n> vifs=<n>" once the domU powered off, then
# "DOM0-TEST devbench: PASS" or "DOM0-TEST devbench: FAIL <why>" (with the
# toolstack's logs as "DEVBENCH-LOG: ..." lines).
NAME=devbench
IMG=/tmp/devbench.img
BRIDGE=xenbr0
DOM0_IP=169.254.0.1
DOMU_IP=169.254.0.2/16
CONS=/var/log/xen/console

. /tests/create-lib.sh

logs() {
	for f in /tmp/xenstored.log /tmp/xenconsoled.log /tmp/xenconsoled.err \
		/tmp/devbench-create.log /var/log/xen/xl-$NAME.log \
		/var/log/xen/xen-hotplug.log /var/log/xen/xm-monitor.log /tmp/iperf3-s.log; do
		[ -f "$f" ] && sed "s|^|DEVBENCH-LOG: ${f##*/}: |" "$f" | tail -n 40
	done
}

fail() {
	echo "DOM0-TEST devbench: FAIL $*"
	logs
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	exit 0
}

ts=$(cmdline_opt devbench_ts || echo xl)
xs=$(cmdline_opt devbench_xs || echo oxenstored)
ddmib=$(cmdline_opt devbench_dd || echo 64)
[ "$ddmib" -ge 0 ] 2>/dev/null || ddmib=64
secs=$(cmdline_opt devbench_iperf || echo 5)
[ "$secs" -ge 0 ] 2>/dev/null || secs=5
budget=$(cmdline_opt devbench_s || echo 600)
[ "$budget" -ge 60 ] 2>/dev/null || budget=600
srv=""

case $ts in
xl)
	start_xl "$xs" || fail "$lib_err"
	TS="$XEN/xl"
	;;
xm)
	start_xm -r || fail "$lib_err"
	TS=/bin/xm
	;;
*) fail "devbench_ts=$ts: xl or xm" ;;
esac
for m in xen-blkback xen-netback loop bridge; do
	modprobe $m 2>/dev/null
done
dev_fd_links
mkdir -p /var/log/xen /run/lock

# dom0's end of the link: a bridge the vif joins.
if [ ! -e /sys/class/net/$BRIDGE ]; then
	ip link add name $BRIDGE type bridge 2>/dev/null || brctl addbr $BRIDGE ||
		fail "cannot make bridge $BRIDGE"
fi
ip addr add $DOM0_IP/16 dev $BRIDGE || fail "cannot give $BRIDGE $DOM0_IP"
ip link set $BRIDGE up || fail "cannot bring $BRIDGE up"

# The disk: written in full, so that the bench measures no tmpfs allocation.
size=$((ddmib + 8))
dd if=/dev/zero of=$IMG bs=1M count=$size 2>/dev/null || fail "cannot write $IMG"

if [ "$secs" -gt 0 ]; then
	timeout "$budget" iperf3 -s -B $DOM0_IP --forceflush >/tmp/iperf3-s.log 2>&1 &
	srv=$!
fi

# write_cfg DEVICES: the domU's config with DEVICES (disk+vif, vif, disk).
write_cfg() {
	disk="" vif="" dopts=""
	case $1 in *disk*) disk="disk = ['file:$IMG,xvda,w']" ;; *) dopts="devbench_disk=none" ;; esac
	case $1 in *vif*) vif="vif = ['bridge=$BRIDGE']" ;; *) dopts="$dopts devbench_net=0" ;; esac
	cat >/tmp/$NAME.cfg <<EOF
name = "$NAME"
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
extra = "console=hvc0 quiet domutest=devbench devbench_ip=$DOMU_IP devbench_peer=$DOM0_IP devbench_dd=$ddmib devbench_iperf=$secs $dopts domuexit=poweroff"
memory = 128
vcpus = 1
$disk
$vif
on_poweroff = "destroy"
EOF
}

log=$CONS/guest-$NAME.log
for devs in disk+vif vif disk; do
	write_cfg $devs
	rm -f "$log"
	: >/tmp/devbench-create.log
	line=$(dom0bench create "$budget" "$log" "DOMU-TEST devbench:" \
		$TS create /tmp/$NAME.cfg 2>>/tmp/devbench-create.log | grep '^DOM0-CREATE')
	case $line in
	*" rc=0") break ;;
	"DOM0-CREATE ms="*) ;;
	*) break ;;		# no result at all: a retry would not do better
	esac
	# Refused (rc != 0): the domain must not exist; then try fewer devices.
	$TS domid $NAME >/dev/null 2>&1 && break
	echo "DEVBENCH-RETRY: $devs refused: $(grep -v '^Parsing config' /tmp/devbench-create.log | tail -n 1)"
done
echo "DEVBENCH-DEVICES: $devs"
echo "DEVBENCH-CREATE: $line"
# The result line may still be on its way to the log: a bounded wait.
wait_for 50 grep -q "^DOMU-TEST devbench:" "$log"
sed 's/^/DEVBENCH-DOMU: /' "$log" 2>/dev/null
sed -n 's/^DOMU-BENCH \([a-z_]*\) \([0-9][0-9.]*\)\r*$/DOM0-BENCH \1 \2/p' "$log" 2>/dev/null
res=$(sed -n 's/^DOMU-TEST devbench: //p' "$log" 2>/dev/null | tr -d '\r' | head -n1)

# The domU powers off (domuexit=poweroff); on_poweroff = destroy; the
# backends and their hotplug teardown must follow.
gone=gone
if ! wait_for 600 sh -c "! $TS domid $NAME"; then
	gone=left
	$TS destroy $NAME 2>/dev/null
fi
wait_for 300 sh -c "! losetup -a | grep -q $IMG"
loops=$(losetup -a 2>/dev/null | grep -c "$IMG")
vifs=$(ls /sys/class/net/$BRIDGE/brif 2>/dev/null | wc -l)
echo "DEVBENCH-AFTER: domain=$gone loops=$loops vifs=$vifs"
[ -n "$srv" ] && kill "$srv" 2>/dev/null

case $line in
"DOM0-CREATE ms="[0-9]*" rc=0") ;;
*) fail "create: ${line:-no result} (domU: ${res:-nothing})" ;;
esac
case $res in
PASS*) ;;
*) fail "domU: ${res:-no result}" ;;
esac
[ $gone = gone ] || fail "the domU did not go away after powering off"
echo "DOM0-TEST devbench: PASS"
