# Sourced by xlbench.sh, xmbench.sh and devbench.sh (not a test of its
# own): what the toolstack benchmarks share.
#   cmdline_opt NAME        the value of NAME= on the kernel command line
#   wait_for N COMMAND...   COMMAND every 0.1 s until it succeeds, at most
#                           N times (its counters are its own)
#   median VALUES...        the median of integer VALUES, printed
#   dev_fd_links            /dev/fd and /dev/std{in,out,err}
#   start_xl XENSTORED      Debian's Xen 4.17 userspace, as its init script
#   start_xm [FLAGS]        our xenstored (FLAGS, e.g. -r) and xenconsoled
#   (start_* return 1 with the reason in lib_err)

cmdline_opt() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

wait_for() {
	wf_n=$1
	wf_k=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		wf_k=$((wf_k + 1))
		[ $wf_k -ge "$wf_n" ] && return 1
		sleep 0.1
	done
	return 0
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
	END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# dev_fd_links: /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr, which
# devtmpfs does not make (bash's process substitution and Xen's
# locking.sh, `stat /dev/stdin`, need them).
dev_fd_links() {
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	for dfl in 0:stdin 1:stdout 2:stderr; do
		[ -e "/dev/${dfl#*:}" ] || ln -s "/proc/self/fd/${dfl%%:*}" "/dev/${dfl#*:}"
	done
}

# start_xl XENSTORED: Debian's Xen 4.17 userspace (the "xl" flavour of the
# initrd) started as Debian's /etc/init.d/xen starts it: modules, xenfs,
# the control-domain check, /run/xen, XENSTORED (oxenstored|xenstored),
# dom0's own entries (xen-init-dom0), then xenconsoled logging each guest
# to /var/log/xen/console/guest-NAME.log.  Logs: /tmp/xenstored.log,
# /tmp/xen-init-dom0.log, /tmp/xenconsoled.log.  On failure: returns 1
# with the reason in lib_err.
XEN=/usr/lib/xen-4.17/bin
start_xl() {
	[ -x $XEN/xl ] || { lib_err="no Debian xl here (boot the xl flavour of the initrd)"; return 1; }
	for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
		modprobe $m 2>/dev/null
	done
	[ -e /proc/xen/capabilities ] || mount -t xenfs xenfs /proc/xen 2>/dev/null
	grep -q control_d /proc/xen/capabilities 2>/dev/null || { lib_err="not a control domain"; return 1; }
	mkdir -p /run/xen /run/xenstored /run/lock /var/log/xen/console /var/lib/xen
	chmod 700 /run/xen
	wait_for 50 test -c /dev/xen/privcmd || { lib_err="no /dev/xen/privcmd"; return 1; }
	export XENSTORED_ROOTDIR=/run/xenstored
	$XEN/$1 --pid-file /run/xenstore.pid >/tmp/xenstored.log 2>&1 ||
		{ lib_err="$1 did not start"; return 1; }
	wait_for 300 /usr/bin/xenstore-read -s / || { lib_err="$1 does not answer"; return 1; }
	$XEN/xen-init-dom0 >/tmp/xen-init-dom0.log 2>&1 || { lib_err="xen-init-dom0 failed"; return 1; }
	$XEN/xenconsoled --pid-file /run/xenconsoled.pid --log=guest \
		>/tmp/xenconsoled.log 2>&1 || { lib_err="xenconsoled did not start"; return 1; }
	return 0
}

# start_xm [XENSTORED-FLAGS]: our toolstack's daemons: /bin/xenstored on
# /run/xenstored/socket (-r: also dom0's own xenbus ring, which dom0's
# backends need), /bin/xenconsoled logging each guest to
# /var/log/xen/console/guest-NAME.log.  Logs: /tmp/xenstored.log,
# /tmp/xenconsoled.err.  On failure: returns 1, the reason in lib_err.
start_xm() {
	[ -x /bin/xm ] || { lib_err="no /bin/xm in this initrd"; return 1; }
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /run/xenstored /run/xen /var/log/xen/console
	wait_for 50 test -c /dev/xen/privcmd || { lib_err="no /dev/xen/privcmd"; return 1; }
	# shellcheck disable=SC2068 # the flags, word by word
	/bin/xenstored -s /run/xenstored/socket $@ 2>/tmp/xenstored.log &
	wait_for 100 test -S /run/xenstored/socket || { lib_err="xenstored did not start"; return 1; }
	/bin/xenconsoled --log=guest --log-dir=/var/log/xen/console 2>/tmp/xenconsoled.err ||
		{ lib_err="xenconsoled did not start"; return 1; }
	return 0
}
