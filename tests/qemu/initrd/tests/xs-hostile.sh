#!/bin/sh
# xenstored survives a hostile guest (issue 10): our xenstored (-r, as for
# backends) and xenconsoled in dom0; xm starts the micro guest xs_hostile
# (tests/guests/xs_hostile.c) three times, each run ending with one step
# that makes Xen 4.17's xenstored give up the guest's ring:
#   xsh-len     every hostile step (garbage, random messages, the quotas
#               flooded, pipelined and unread requests, a notification
#               storm: all answered as Xen 4.17 does), then len 4097
#               (error word XENSTORE_ERROR_PROTO, the ring ignored)
#   xsh-reqidx  a req_prod jump (XENSTORE_ERROR_RINGIDX)
#   xsh-rspidx  an rsp_cons jump (XENSTORE_ERROR_RINGIDX)
# Each guest's GUEST-RESULT line (its console log) must be PASS and the
# domain must go away; after each, xenstored is alive, xenstore read/write
# and xm list work and no node of a gone domain is left; then a Debian
# domU boots to its init and shuts down through its xenbus.
# Options (kernel command line): xsh_storm=N notifications (20000),
# xsh_random=N random messages (300).
# Prints "HOSTILE-FAIL <step>: ..." per failed step, then
# "DOM0-TEST xs-hostile: PASS|FAIL ...".
. /tests/hostile-lib.sh
G=/boot/guests/xs_hostile
storm=$(cmdline_opt xsh_storm) || storm=20000
random=$(cmdline_opt xsh_random) || random=300

# The guest's fatal step made xenstored log the error it set.
ring_error() {
	grep -q "ring unusable (error $1)" /tmp/xenstored.log && h_pass ||
		h_fail "xenstored-error-$1" "$(tail -3 /tmp/xenstored.log | tr '\n' '|')"
}

hostile_setup
run_guest xsh-len $G 600 "extra=xsh=full fatal=len storm=$storm random=$random"
ring_error 3
dom0_still_works len
run_guest xsh-reqidx $G 120 "extra=fatal=reqidx"
ring_error 2
dom0_still_works reqidx
run_guest xsh-rspidx $G 120 "extra=fatal=rspidx"
dom0_still_works rspidx
[ "$(grep -c 'ring unusable (error 2)' /tmp/xenstored.log)" -eq 2 ] && h_pass ||
	h_fail rspidx-error "$(grep 'ring unusable' /tmp/xenstored.log | tr '\n' '|')"
debian_domu deb
dom0_still_works debian
hostile_end xs-hostile
