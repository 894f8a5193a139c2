#!/bin/sh
# netback survives a hostile frontend (issue 11): xenstored -r and
# xenconsoled in dom0; xm starts the micro guest net_hostile
# (tests/guests/net_hostile.c) with one vif on xenbr0; it writes garbage
# into its frontend nodes (ring references that are no numbers, grants it
# never made, event channels it does not have, rx-copy refused, 999
# queues, empty values) and flaps its state: netback must give up each
# connection and come back to InitWait on a reconnect.  Then: the guest's
# GUEST-RESULT is PASS and its domain and vif are gone, dom0's kernel
# log has no BUG/Oops/WARNING, dom0's tools work, and a Debian domU with
# a vif on xenbr0 pings dom0 and shuts down through its xenbus.
# Options (kernel command line): neth_flaps=N state changes (200).
# Prints "HOSTILE-FAIL <step>: ..." per failed step, then
# "DOM0-TEST net-hostile: PASS|FAIL ...".
. /tests/hostile-lib.sh
G=/boot/guests/net_hostile
flaps=$(cmdline_opt neth_flaps) || flaps=200
NET=169.254.79

no_vif() { ! ls /sys/class/net | grep -q "^vif$1\\."; }

hostile_setup
modprobe bridge 2>/dev/null
ip link set lo up
cat >/etc/xen/neth.cfg <<'CFG'
# net_hostile: one vif
memory = 32
name = "neth"
vif = [ 'bridge=xenbr0' ]
CFG
GUEST_CFG=neth.cfg run_guest neth $G 300 "extra=flaps=$flaps"
kernel_clean neth
dom0_still_works neth
ls /sys/class/net | grep -q '^vif' && h_fail vif-left "$(ls /sys/class/net | tr '\n' ' ')" || h_pass
cat >/etc/xen/net-debian.cfg <<CFG
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 96
name = "debian"
vif = [ 'bridge=xenbr0' ]
extra = "console=hvc0 domutest=net-guest domuip=$NET.2 domupeer=$NET.1"
CFG
ip addr add $NET.1/24 dev xenbr0 2>/dev/null || h_fail addr "no xenbr0: $(ls /sys/class/net | tr '\n' ' ')"
DEB_CFG=net-debian.cfg DEB_TEST=net-guest debian_domu deb
in_log $CONS/guest-deb.log "DOMU-NET-PING: $NET.1 ok" && h_pass ||
	h_fail deb-ping "$(grep DOMU-NET $CONS/guest-deb.log | tr -d '\r' | tr '\n' '|')"
kernel_clean debian
dom0_still_works debian
hostile_end net-hostile
