# Sourced by the xm dom0 tests of virtual devices (xm-disk.sh, xm-net.sh,
# xm-cycles.sh), not a test of its own: what a domU's disks and vifs may
# leave behind in dom0.  Each function prints what it finds, one item a
# line, and nothing when clean.
#   loops_bound          bound loop devices: loopN=BACKING-FILE
#   blkback_threads      blkback's threads (comm "D.xvdX-N" and the like)
#   backend_ids KIND     domain ids under /local/domain/0/backend/KIND
#                        (vbd, vif)
#   backend_devs         devices on dom0's xenbus backend bus (sysfs)
#   vif_devs             netback's network devices vifD.N
#   bridge_ports BRIDGE  the ports of BRIDGE
#   kernel_bad           dom0's kernel log lines with a WARNING, BUG,
#                        Oops, general protection fault or panic
loops_bound() {
	for f in /sys/block/loop*/loop/backing_file; do
		[ -e "$f" ] && echo "${f#/sys/block/}=$(cat "$f")"
	done
}
blkback_threads() {
	for f in /proc/[0-9]*/comm; do
		c=$(cat "$f" 2>/dev/null) || continue
		case $c in [0-9]*.xvd* | [0-9]*.sd* | [0-9]*.hd*) echo "$c" ;; esac
	done
}
backend_ids() {
	/bin/xenstore ls "/local/domain/0/backend/$1" 2>/dev/null |
		grep -v '^error: ' | grep .
}
backend_devs() { ls /sys/bus/xen-backend/devices/ 2>/dev/null; }
vif_devs() { ls /sys/class/net | grep '^vif[0-9]'; }
bridge_ports() { ls "/sys/class/net/$1/brif/" 2>/dev/null; }
kernel_bad() {
	dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Kernel panic'
}
