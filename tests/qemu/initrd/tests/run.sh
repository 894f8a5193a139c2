#!/bin/sh
# dom0run=CONFIG (`make run`, tests/qemu/run.sh): dom0 as a user meets
# it.  Loads the backend modules, starts xenstored (serving dom0's own
# xenbus too: -r, for blkback and netback) and xenconsoled, makes the
# bridge xenbr0 with 169.254.10.1/24 (link-local: nothing leaves the
# machine), then `xm create`s /etc/xen/CONFIG (tools/examples/domU.cfg),
# waits until the domU's /init says "DOMU-RUN: ready" on its console and
# prints a banner: what runs, and how to reach the domU.  /init then gives
# the shell.
#
# Interface: prints "run: ..." progress lines, the banner, the output of
# `xm list`, then one of
#   DOM0-RUN: ready NAME          the domU runs and its shell is up
#   DOM0-RUN: FAIL <why>          (the daemons' logs follow)
# Logs: /var/log/xen/{xenstored,xenconsoled}.log, the domU's console in
# /var/log/xen/console/guest-NAME.log.
cfg=${1:-domU.cfg}
XM=/bin/xm
LOGS=/var/log/xen
CONS=$LOGS/console
BRIDGE=xenbr0
DOM0_IP=169.254.10.1/24
BOOT_WAIT=240 # s: a domU boots in well under a minute even under TCG

say() { echo "run: $*"; }

# wait_for SECONDS CMD...: CMD every 0.2 s until it succeeds.
wait_for() {
	n=$(($1 * 5))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -le 0 ] && return 1
		sleep 0.2
	done
	return 0
}

fail() {
	echo "DOM0-RUN: FAIL $*"
	for f in $LOGS/xenstored.log $LOGS/xenconsoled.log $CONS/guest-*.log; do
		[ -s "$f" ] && tail -15 "$f" | sed "s|^|$f: |"
	done
	exit 1
}

start_daemons() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-blkback \
		xen-netback bridge virtio_pci virtio_blk; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /run/xenstored /run/xen /etc/xen $CONS
	setsid /bin/xenstored -s /run/xenstored/socket -r \
		</dev/null >$LOGS/xenstored.log 2>&1 &
	wait_for 20 test -S /run/xenstored/socket || fail "xenstored did not start"
	/bin/xenconsoled --log=guest --log-dir=$CONS </dev/null \
		>$LOGS/xenconsoled.log 2>&1 || fail "xenconsoled did not start"
	say "xenstored and xenconsoled are running"
}

make_bridge() {
	[ -d /sys/class/net/$BRIDGE ] || brctl addbr $BRIDGE ||
		fail "cannot make the bridge $BRIDGE"
	ip addr add $DOM0_IP dev $BRIDGE && ip link set $BRIDGE up ||
		fail "cannot give $BRIDGE $DOM0_IP"
	ip link set lo up
	say "$BRIDGE is up with $DOM0_IP"
}

# The domU's disk is QEMU's virtio disk: it may appear a little after
# virtio_blk is loaded.
wait_disk() {
	dev=$(sed -n "s/.*'phy:\(\/dev\/[a-z0-9]*\),.*/\1/p" /etc/xen/$cfg | head -1)
	[ -z "$dev" ] || wait_for 10 test -b "$dev" ||
		say "$dev is missing (tests/qemu/run.sh gives QEMU the disk)"
}

# Until xm has disks and vifs (tools/xm/blk.c, vif.c): without them.
nodev=""
create_nodev() {
	sed '/^disk *=/d; /^vif *=/d' /etc/xen/$cfg >/etc/xen/nodev-$cfg
	echo "run: xm has no disks or vifs yet: the domU gets neither" \
		"(/etc/xen/nodev-$cfg)"
	$XM create "nodev-$cfg" "extra=console=hvc0 domurun=1" 2>&1
}

create_domu() {
	out=$($XM create "$cfg" 2>&1) ||
		case $out in
		*"not supported yet"*) out=$(create_nodev) && nodev=1 ;;
		*) false ;;
		esac || fail "xm create $cfg: $out"
	echo "$out"
	name=$(echo "$out" | sed -n 's/^Started domain \(.*\) (id=[0-9]*)$/\1/p')
	[ -n "$name" ] || fail "xm create $cfg said: $out"
	say "waiting for the domU '$name' to boot (its console: xm console $name)"
	wait_for $BOOT_WAIT grep -q "DOMU-RUN: ready" $CONS/guest-$name.log ||
		fail "the domU '$name' did not boot within $BOOT_WAIT s"
}

row() { printf '   %-22s %s\n' "$1" "$2"; }

banner() {
	id=$($XM domid "$name")
	cat <<EOF

========================================================================
 make run: our hypervisor runs Debian's Linux as dom0 (this shell) and
 the domU '$name' (id $id), created with: xm create $cfg
 (/etc/xen/$cfg is tools/examples/domU.cfg of the source tree).

EOF
	row "xm list" "the domains"
	row "xm console $name" "the domU's shell; Ctrl-] comes back here"
	[ -z "$nodev" ] && row "ping $DOMU_IP" \
		"the domU over $BRIDGE (dom0 is ${DOM0_IP%/*})" && cat <<EOF

 The domU's /dev/xvda (on /mnt there) is dom0's /dev/vda, the host's
 build/run/domU.img: it is kept across runs (run sync before quitting).
EOF
	cat <<EOF

 Ctrl-a x quits QEMU.  Logs: $LOGS/ (the domU's console: console/).
========================================================================
EOF
	$XM list
}

DOMU_IP=$(sed -n 's/.*domuip=\([0-9.]*\).*/\1/p' /etc/xen/$cfg | head -1)
DOMU_IP=${DOMU_IP:-169.254.10.2}
[ -r "/etc/xen/$cfg" ] || fail "no /etc/xen/$cfg"
start_daemons
make_bridge
wait_disk
create_domu
banner
echo "DOM0-RUN: ready $name"
