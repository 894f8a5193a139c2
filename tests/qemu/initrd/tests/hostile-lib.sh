# Sourced by the hostile-guest cases (xs-hostile.sh, blk-hostile.sh,
# net-hostile.sh; not a test of its own): start the daemons, run a micro
# guest (/boot/guests/NAME, tests/guests/NAME.c) with xm and read its
# result from its console log, and check afterwards that dom0's tools and
# a Debian domU still work.
#   hostile_setup                the modules, xenstored -r, xenconsoled
#   run_guest NAME KERNEL SECS [xm create vars...]
#                                xm create of KERNEL as domain NAME; its
#                                GUEST-RESULT line must say PASS within
#                                SECS, then the domain must be gone
#   dom0_still_works             xenstored alive, xenstore read/write, xm
#                                list, no node left of a gone domain
#   debian_domu NAME [vars...]   /boot/vmlinuz + domU initrd to its init,
#                                then xm shutdown -w (needs its xenbus)
#   hostile_end TEST             prints "DOM0-TEST TEST: PASS|FAIL ..."
# Each failed step prints "HOSTILE-FAIL <step>: <detail>" ($fail).
. /tests/create-lib.sh
XM=/bin/xm
S=/run/xenstored/socket
XS="/bin/xenstore -s $S"
CONS=/var/log/xen/console
fail=""
ok=0

h_pass() { ok=$((ok + 1)); }
h_fail() {
	echo "HOSTILE-FAIL $1: $2"
	fail="$fail $1"
}
in_log() { grep -q -- "$2" "$1" 2>/dev/null; }
gone() { ! $XM domid "$1" >/dev/null 2>&1; }

hostile_setup() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd \
		xen-blkback xen-netback; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /run/xenstored /run/xen /etc/xen /var/log/xen $CONS
	/bin/xenstored -s $S -r 2>/tmp/xenstored.log &
	xs_pid=$!
	wait_for 100 test -S $S || h_fail xenstored "no socket"
	/bin/xenconsoled --log=guest --log-dir=$CONS 2>/tmp/xenconsoled.err ||
		h_fail xenconsoled "$(cat /tmp/xenconsoled.err)"
	cat >/etc/xen/hostile.cfg <<'CFG'
# a micro guest of tests/guests (kernel = set by run_guest)
memory = 32
name = "hostile"
CFG
	cat >/etc/xen/debian.cfg <<'CFG'
# a Debian domU: is the toolstack still fine?
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "debian"
extra = "console=hvc0 domutest=xm-guest"
CFG
}

# The guest's console lines, for the serial log.
show_log() {
	sed "s|^|HOSTILE-CONSOLE $1: |" "$CONS/guest-$1.log" 2>/dev/null |
		tr -d '\r' | tail -n "${2:-40}"
}

run_guest() {
	name=$1
	kernel=$2
	secs=$3
	shift 3
	if ! $XM create hostile.cfg name="$name" kernel="$kernel" "$@" \
		>/tmp/xm.out 2>&1; then
		h_fail "create-$name" "$(tr '\n' ' ' </tmp/xm.out)"
		return 1
	fi
	log=$CONS/guest-$name.log
	if ! wait_for $((secs * 10)) in_log "$log" "GUEST-RESULT"; then
		h_fail "result-$name" "no GUEST-RESULT within $secs s"
		show_log "$name"
		$XM destroy "$name" 2>/dev/null
		return 1
	fi
	show_log "$name"
	if in_log "$log" "GUEST-RESULT [a-z_]*: PASS"; then h_pass; else
		h_fail "guest-$name" "$(grep GUEST-RESULT "$log" | tr -d '\r')"
	fi
	# it powered itself off: on_poweroff = destroy
	wait_for 300 gone "$name" && h_pass || {
		h_fail "gone-$name" "$($XM list | tr '\n' '|')"
		$XM destroy "$name" 2>/dev/null
	}
}

dom0_still_works() {
	kill -0 "$xs_pid" 2>/dev/null && h_pass ||
		h_fail xenstored-alive "xenstored exited"
	$XS write /tool/hostile/check "ok-$1" 2>/tmp/xs.err &&
		[ "$($XS read /tool/hostile/check 2>&1)" = "ok-$1" ] && h_pass ||
		h_fail "xenstore-$1" "$(cat /tmp/xs.err)"
	out=$($XM list 2>&1) && echo "$out" | grep -q '^Domain-0  *0 ' && h_pass ||
		h_fail "xm-list-$1" "$(echo "$out" | tr '\n' '|')"
	left=$($XS ls /local/domain 2>/dev/null | grep -v '^0$' | grep . |
		tr '\n' ' ')
	doms=$($XM list 2>/dev/null | tail -n +2 | grep -vc '^Domain-0 ')
	[ "$doms" -gt 0 ] || [ -z "$left" ] && h_pass ||
		h_fail "xenstore-clean-$1" "nodes of gone domains: $left"
}

debian_domu() {
	name=$1
	shift
	if ! $XM create debian.cfg name="$name" "$@" >/tmp/xm.out 2>&1; then
		h_fail "create-$name" "$(tr '\n' ' ' </tmp/xm.out)"
		return 1
	fi
	log=$CONS/guest-$name.log
	if ! wait_for 1800 in_log "$log" "DOMU-TEST xm-guest: PASS"; then
		h_fail "boot-$name" "no DOMU-TEST xm-guest line"
		show_log "$name" 20
		$XM destroy "$name" 2>/dev/null
		return 1
	fi
	h_pass
	# its xenbus answers control/shutdown: the domU talks to xenstored
	if $XM shutdown -w "$name" >/tmp/xm.out 2>&1 && gone "$name"; then
		h_pass
	else
		h_fail "shutdown-$name" "$(tr '\n' ' ' </tmp/xm.out)"
		$XM destroy "$name" 2>/dev/null
	fi
}

hostile_end() {
	echo "HOSTILE-STEPS: $ok ok"
	if [ -z "$fail" ]; then
		echo "DOM0-TEST $1: PASS steps:$ok"
	else
		echo "DOM0-TEST $1: FAIL$fail"
		sed 's/^/HOSTILE-XENSTORED: /' /tmp/xenstored.log | tail -20
	fi
}
