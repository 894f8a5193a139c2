#!/bin/sh
# dom0test=xm-cycles (issue 11): xmcycles=N (kernel command line, default
# 20) create/destroy cycles of one Debian domU with two disks (file: of
# an image, on a loop device xm binds, w; phy: of dom0's virtio disk
# /dev/vda, r) and two vifs (on bridges xenbr0 and br1, made by xm),
# through Linux's blkback and netback in dom0.
#  - most cycles destroy the domain as soon as xm create returns (its
#    backends have opened their devices; the guest is booting);
#  - every 5th cycle and the last wait until all four backends and
#    frontends are Connected (4) first: blkfront and netfront are up
#    (domU/tests/cycle-guest.sh); of these, the odd multiples of 5 end
#    with xm shutdown -w (the guest powers off; its monitor destroys
#    it), the others with xm destroy;
#  - after each cycle nothing of that domain is left (xenstore nodes,
#    vifs, xen-backend devices);
#  - after all: no loop device bound, no blkback thread, no vif, no
#    bridge port, no backend node or xen-backend device, only dom0 in
#    /local/domain and nothing in /vm, free memory exactly at its
#    baseline, and dom0's kernel log has no WARNING, BUG or Oops.
# Prints per cycle "XMCYC-CYCLE: N destroy|shutdown created=S connected=S|0
# down=S total=S" (seconds: xm create, until Connected, xm destroy or
# shutdown -w, the cycle),
# "XMCYC-TIME: N cycles (C connected, S shut down) in T s",
# "XMCYC-MEMORY: baseline=MB after=MB", "XMCYC-FAIL <step>: <detail>"
# per failed step, then "DOM0-TEST xm-cycles: PASS|FAIL ...".
STEP_FAIL=XMCYC-FAIL
. /tests/steps-lib.sh
. /tests/devs-lib.sh
CONS=/var/log/xen/console
IMG=/tmp/xm-cycles.img
CYCLES=$(cmdline_opt xmcycles) || CYCLES=20
EVERY=5
NDISK=2
NVIF=2

xsr() { /bin/xenstore read "$1" 2>/dev/null; }

setup() {
	for m in xen-blkback xen-netback bridge loop virtio_pci virtio_blk; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /etc/xen
	start_xm -r || flunk start "$lib_err"
	wait_for 50 test -b /dev/vda || flunk vda "dom0's virtio disk /dev/vda is missing"
	dd if=/dev/zero of=$IMG bs=1M count=8 2>/dev/null
	cat >/etc/xen/cyc.cfg <<CFG
# the xm-cycles test's domU: two disks, two vifs
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "cyc"
disk = [ 'file:$IMG,xvda,w', 'phy:/dev/vda,xvdb,r' ]
vif = [ 'bridge=xenbr0', 'bridge=br1' ]
extra = "console=hvc0 domutest=cycle-guest"
CFG
}

# All NDISK vbds and NVIF vifs of domain $1 are Connected at both ends.
connected() {
	for kn in vbd:$NDISK vif:$NVIF; do
		k=${kn%:*}
		devs=$(backend_ids "$k/$1")
		[ "$(echo "$devs" | grep -c .)" -eq "${kn#*:}" ] || return 1
		for d in $devs; do
			[ "$(xsr "/local/domain/0/backend/$k/$1/$d/state")" = 4 ] &&
				[ "$(xsr "/local/domain/$1/device/$k/$d/state")" = 4 ] ||
				return 1
		done
	done
}

# What is left of domain $1 (nothing when clean).
traces() {
	backend_ids "vbd/$1" | sed "s|^|vbd/$1/|"
	backend_ids "vif/$1" | sed "s|^|vif/$1/|"
	/bin/xenstore ls /local/domain 2>/dev/null | grep -x "$1" | sed 's|^|domain |'
	vif_devs | grep "^vif$1\."
	backend_devs | grep -E "^(vbd|vif)-$1-"
}

# secs_since T: seconds from uptime T to now, one decimal.
secs_since() { echo "$(uptime_s) $1" | awk '{ printf "%.1f", $1 - $2 }'; }

# cycle N: one create and destroy (or shutdown); 1 when no cycle can follow.
cycle() {
	n=$1
	ct0=$(uptime_s)
	if ! $XM create cyc.cfg >/dev/null 2>/tmp/xm.err; then
		flunk "create-$n" "$(tr '\n' ' ' </tmp/xm.err)"
		return 1
	fi
	made=$(secs_since "$ct0")
	id=$($XM domid cyc)
	how=destroy
	conn=0
	if [ $((n % EVERY)) -eq 0 ] || [ "$n" -eq "$CYCLES" ]; then
		if ! until_true "connected-$n" 180 connected "$id"; then
			echo "XMCYC-STATES: $(/bin/xenstore ls /local/domain/0/backend 2>&1 | tr '\n' ' ')"
			tail -5 $CONS/guest-cyc.log | tr -d '\r' | sed 's/^/XMCYC-CONSOLE: /'
			$XM destroy cyc
			return 1
		fi
		conn=$(secs_since "$ct0")
		nconn=$((nconn + 1))
		[ $((n % (2 * EVERY))) -eq "$EVERY" ] && [ "$n" -ne "$CYCLES" ] && how=shutdown
	fi
	ct1=$(uptime_s)
	if [ $how = shutdown ]; then
		nshut=$((nshut + 1))
		$XM shutdown -w cyc 2>/tmp/xm.err
	else
		$XM destroy cyc 2>/tmp/xm.err
	fi || { flunk "$how-$n" "$(tr '\n' ' ' </tmp/xm.err)"; return 1; }
	left=$(traces "$id" | tr '\n' ' ')
	[ -z "$left" ] && pass || flunk "left-$n" "$left"
	echo "XMCYC-CYCLE: $n $how created=$made connected=$conn down=$(secs_since "$ct1") total=$(secs_since "$ct0")"
	return 0
}

cycles() {
	nconn=0
	nshut=0
	c=0
	st0=$(uptime_s)
	while [ $c -lt "$CYCLES" ]; do
		cycle $((c + 1)) || break
		c=$((c + 1))
	done
	echo "XMCYC-TIME: $c cycles ($nconn connected, $nshut shut down) in $(secs_since "$st0") s"
	[ "$c" -eq "$CYCLES" ] && pass || flunk cycles "$c of $CYCLES"
}

# Nothing of any domU is left, and memory is back at $1 MiB.
all_clean() {
	for what in loops_bound blkback_threads vif_devs "bridge_ports xenbr0" \
		"bridge_ports br1" "backend_ids vbd" "backend_ids vif" backend_devs; do
		left=$($what | tr '\n' ' ')
		[ -z "$left" ] && pass || flunk "clean-${what% *}" "$left"
	done
	[ -e /sys/class/net/xenbr0/bridge ] && [ -e /sys/class/net/br1/bridge ] && pass ||
		flunk bridges "$(ls /sys/class/net | tr '\n' ' ')"
	left=$(/bin/xenstore ls /local/domain 2>/dev/null | grep -vx 0 | tr '\n' ' ')
	[ -z "$left" ] && pass || flunk clean-domains "$left"
	left=$(/bin/xenstore ls /vm 2>/dev/null | grep -v '^error: ' | tr '\n' ' ')
	[ -z "$left" ] && pass || flunk clean-vm "$left"
	[ "$(ndoms)" -eq 1 ] && pass || flunk leftover "$($XM list | tr '\n' '|')"
	after=$(free_mb)
	echo "XMCYC-MEMORY: baseline=$1 after=$after"
	[ -n "$after" ] && [ "$after" = "$1" ] && pass ||
		flunk memory "free $1 MiB before, $after after"
	left=$(kernel_bad | head -3 | tr '\n' '|')
	[ -z "$left" ] && pass || flunk kernel-log "$left"
}

setup
base=$(free_mb)
cycles
all_clean "$base"
echo "XMCYC-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST xm-cycles: PASS steps:$ok cycles:$c"
else
	echo "DOM0-TEST xm-cycles: FAIL$fail"
	sed 's/^/XMCYC-XENSTORED: /' /tmp/xenstored.log | tail -20
	dmesg | grep -iE 'xen|vif|blkback|loop|bridge|WARNING|BUG' | tail -30 |
		sed 's/^/XMCYC-DMESG: /'
	tail -15 $CONS/guest-cyc.log 2>/dev/null | tr -d '\r' | sed 's/^/XMCYC-CONSOLE: /'
fi
