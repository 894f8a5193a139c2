#!/bin/sh
# dom0test=xm-net: vif = [...] with Linux's netback in dom0 and netfront
# in Debian's kernel as domU (tools/xm/vif.c).  xenstored serves dom0's
# own xenbus too (-r).  Steps: the user errors (bad MAC, unknown key, a
# MAC given twice, a MAC another domain has: one line each, no domain or
# node left, dom0 unharmed); domU n1 with two vifs (mac= on xenbr0, and
# br1, both bridges created by xm) and n2 with one (default MAC, the
# stable 02:... one); dom0 is 169.254.77.1 on xenbr0 and 169.254.78.1 on
# br1; pings dom0 <-> n1 (both vifs), dom0 <-> n2, n1 <-> n2; TCP with
# busybox nc both ways between dom0 and n1 (2 MiB each, checksums
# compared) and iperf3 (2 s each way, dom0 the client, -R); destroy and
# shutdown leave no vifD.N device and no backend node; then xmnetcycles=N (default 3) create / ping / destroy-or-shutdown
# cycles of a two-vif domU, each leaving nothing behind.
# Prints "XMNET-FAIL <step>: <detail>" per failed step, then
# "DOM0-TEST xm-net: PASS|FAIL ...".
STEP_FAIL=XMNET-FAIL
. /tests/steps-lib.sh
. /tests/devs-lib.sh  # vif_devs
XS=/bin/xenstore
CONS=/var/log/xen/console
CYCLES=$(cmdline_opt xmnetcycles) || CYCLES=3
NET0=169.254.77
NET1=169.254.78

in_log() { grep -q -- "$2" "$1" 2>/dev/null; }

backend_nodes() { $XS ls /local/domain/0/backend/vif 2>/dev/null | grep .; }
# A refused create leaves no backend node either (steps-lib.sh refuse).
refuse_more() { backend_nodes | wc -l; }

# cfg NAME VIFS EXTRA: /etc/xen/NAME.cfg for a net-guest domU.  128 MiB:
# with 96 (MemTotal about 48 MiB) n1 ran out of memory holding nc's 2 MiB
# both ways in its tmpfs while iperf3 -s waited, and the OOM killer took iperf3.
cfg() {
	cat >/etc/xen/$1.cfg <<CFG
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "$1"
vif = [ $2 ]
extra = "console=hvc0 domutest=net-guest $3"
CFG
}

setup() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-netback bridge; do
		modprobe $m || flunk modprobe "$m"
	done
	mkdir -p /run/xenstored /run/xen /etc/xen /var/log/xen $CONS
	/bin/xenstored -s /run/xenstored/socket -r 2>/tmp/xenstored.log &
	wait_for 100 test -S /run/xenstored/socket || flunk xenstored "no socket"
	/bin/xenconsoled --log=guest --log-dir=$CONS 2>/tmp/xenconsoled.err ||
		flunk xenconsoled "$(cat /tmp/xenconsoled.err)"
	ip link set lo up
	cfg n1 "'mac=02:77:00:00:00:02,bridge=xenbr0', 'bridge=br1'" \
		"domuip=$NET0.2+$NET1.2 domupeer=$NET0.1+$NET1.1+$NET0.3 domutcp=$NET0.1 domuiperf=1"
	cfg n2 "'bridge=xenbr0'" "domuip=$NET0.3 domupeer=$NET0.1+$NET0.2"
	cfg bad1 "'mac=02:77:00:00:00'" ""
	cfg bad2 "'bridge=xenbr0,speed=fast'" ""
	cfg bad3 "'mac=02:77:00:00:00:09', 'mac=02:77:00:00:00:09'" ""
	cfg bad4 "'mac=02:77:00:00:00:02'" ""
	cfg cyc "'bridge=xenbr0', 'bridge=br1'" "domuip=$NET0.9+$NET1.9 domupeer=$NET0.1"
}

error_steps() {
	refuse bad-mac "mac '02:77:00:00:00' is not valid" $XM create bad1.cfg
	refuse unknown-key "'speed' is not one of mac=" $XM create bad2.cfg
	refuse twice-mac "vif 1: mac 02:77:00:00:00:09 is already given to vif 0" \
		$XM create bad3.cfg
}

# bridge_has BRIDGE DEV: DEV is a port of BRIDGE.
bridge_has() { [ -e /sys/class/net/$1/brif/$2 ]; }
# console line of a guest: the text after PREFIX.
con_val() { sed -n "s/^$2 //p" $CONS/guest-$1.log 2>/dev/null | tr -d '\r' | tail -1; }
pings() { ping -c 1 -W 1 "$1"; }

guests_up() {
	run create-n1 $XM create n1.cfg
	id1=$($XM domid n1)
	until_true bridge0 10 bridge_has xenbr0 vif$id1.0
	until_true bridge1 10 bridge_has br1 vif$id1.1
	ip addr add $NET0.1/24 dev xenbr0 || flunk addr0 ""
	ip addr add $NET1.1/24 dev br1 || flunk addr1 ""
	refuse used-mac "vif 0: mac 02:77:00:00:00:02 is already used by vif$id1.0" \
		$XM create bad4.cfg
	run create-n2 $XM create n2.cfg
	id2=$($XM domid n2)
	until_true bridge2 10 bridge_has xenbr0 vif$id2.0
	until_true n1-net 120 in_log $CONS/guest-n1.log "DOMU-NET: vif-1"
	until_true n2-net 120 in_log $CONS/guest-n2.log "DOMU-NET: vif-0"
	mac1=$(con_val n1 "DOMU-NET: vif-0" | awk '{ print $3 }')
	[ "$mac1" = 02:77:00:00:00:02 ] || flunk n1-mac "$mac1"
	mac2=$(con_val n2 "DOMU-NET: vif-0" | awk '{ print $3 }')
	bmac2=$($XS read /local/domain/0/backend/vif/$id2/0/mac 2>/dev/null)
	case $mac2 in 02:*) pass ;; *) flunk n2-mac "$mac2" ;; esac
	[ "$mac2" = "$bmac2" ] || flunk n2-backend-mac "$mac2 != $bmac2"
	until_true ping-n1 60 pings $NET0.2
	until_true ping-n1-vif1 60 pings $NET1.2
	until_true ping-n2 60 pings $NET0.3
}

tcp_steps() {
	mkfifo /tmp/hold
	timeout 120 nc -l -p 5002 <>/tmp/hold >/tmp/rx &
	lpid=$!
	head -c 2097152 /dev/urandom >/tmp/tx
	until_true n1-listen 120 in_log $CONS/guest-n1.log "DOMU-NET-LISTEN: 5001" || return
	t0=$(cut -d' ' -f1 /proc/uptime)
	timeout 60 nc $NET0.2 5001 </tmp/tx || flunk tcp-send "nc rc=$?"
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "XMNET-TCP: dom0 -> n1 $(wc -c </tmp/tx) bytes in $(echo "$t1 $t0" | awk '{ printf "%.2f", $1 - $2 }') s"
	want="$(md5sum </tmp/tx | cut -d' ' -f1) $(wc -c </tmp/tx)"
	until_true n1-rx 60 in_log $CONS/guest-n1.log "DOMU-NET-RX: " || return
	got=$(con_val n1 DOMU-NET-RX:)
	[ "$got" = "$want" ] && pass || flunk tcp-to-domu "sent $want, got $got"
	wait $lpid
	until_true n1-tx 60 in_log $CONS/guest-n1.log "DOMU-NET-TX: "
	want=$(con_val n1 DOMU-NET-TXSUM:)
	echo "XMNET-TCP: n1 -> dom0 $(con_val n1 DOMU-NET-TX:)"
	got="$(md5sum </tmp/rx | cut -d' ' -f1) $(wc -c </tmp/rx)"
	[ "$got" = "$want" ] && pass || flunk tcp-from-domu "sent $want, got $got"
}

# iperf3 -c to n1 for 2 s: dom0 sends, then (-R) n1 sends.
iperf_steps() {
	until_true n1-iperf3 60 in_log $CONS/guest-n1.log "DOMU-NET-IPERF3: listening" || return
	for dir in "" -R; do
		out=$(timeout 60 iperf3 -c $NET0.2 -p 5201 -t 2 --connect-timeout 5000 $dir 2>&1)
		line=$(echo "$out" | grep receiver | tail -1)
		if [ -n "$line" ]; then
			pass
			echo "XMNET-IPERF3${dir:+ $dir}: $(echo "$line" | tr -s ' ')"
		else
			flunk "iperf3$dir" "$(echo "$out" | tail -3 | tr '\n' ' ')"
		fi
	done
}

# clean ID: no device and no node of domain ID's vifs (bounded).
no_trace() {
	! ls /sys/class/net | grep -q "^vif$1\." &&
		! $XS ls /local/domain/0/backend/vif/$1 >/dev/null 2>&1
}

guests_down() {
	until_true n1-pass 60 in_log $CONS/guest-n1.log "DOMU-TEST net-guest: PASS" ||
		flunk n1-guest "$(grep DOMU-TEST $CONS/guest-n1.log | tr -d '\r')"
	until_true n2-pass 60 in_log $CONS/guest-n2.log "DOMU-TEST net-guest: PASS" ||
		flunk n2-guest "$(grep DOMU-TEST $CONS/guest-n2.log | tr -d '\r')"
	run destroy-n1 $XM destroy n1
	until_true n1-gone 10 no_trace $id1
	run shutdown-n2 $XM shutdown -w n2
	until_true n2-gone 20 no_trace $id2
	pings $NET0.1 >/dev/null || flunk dom0-addr "dom0 lost $NET0.1"
}

cycle_steps() {
	c=0
	while [ $c -lt "$CYCLES" ]; do
		$XM create cyc.cfg >/dev/null 2>/tmp/xm.err ||
			{ flunk "cycle-$c" "$(cat /tmp/xm.err)"; break; }
		id=$($XM domid cyc)
		until_true "cycle-ping-$c" 120 pings $NET0.9
		if [ $((c % 2)) -eq 0 ]; then
			$XM destroy cyc 2>/tmp/xm.err || flunk "cycle-destroy-$c" "$(cat /tmp/xm.err)"
		else
			$XM shutdown -w cyc 2>/tmp/xm.err || flunk "cycle-shutdown-$c" "$(cat /tmp/xm.err)"
		fi
		until_true "cycle-clean-$c" 20 no_trace $id || break
		c=$((c + 1))
	done
	echo "XMNET-CYCLES: $c"
	[ "$c" -eq "$CYCLES" ] || flunk cycles "$c of $CYCLES"
}

setup
error_steps
guests_up
tcp_steps
iperf_steps
guests_down
cycle_steps
[ "$(ndoms)" -eq 1 ] || flunk leftover "$($XM list | tr '\n' '|')"
left=$(backend_nodes | tr '\n' ' ')
[ -z "$left" ] && pass || flunk backend-clean "$left"
left=$(vif_devs | tr '\n' ' ')
[ -z "$left" ] && pass || flunk vif-clean "$left"
[ -e /sys/class/net/xenbr0/bridge ] && [ -e /sys/class/net/br1/bridge ] && pass ||
	flunk bridges-kept "$(ls /sys/class/net | tr '\n' ' ')"
echo "XMNET-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST xm-net: PASS steps:$ok cycles:$CYCLES"
else
	echo "DOM0-TEST xm-net: FAIL$fail"
	sed 's/^/XMNET-XENSTORED: /' /tmp/xenstored.log | tail -20
	dmesg | grep -iE 'xen|vif|netback|bridge' | tail -30 | sed 's/^/XMNET-DMESG: /'
	for f in $CONS/guest-*.log; do
		tail -15 "$f" | sed "s|^|XMNET-CONSOLE $f: |"
	done
fi
