# Sourced by the xm dom0 tests (xm.sh, xm-disk.sh, xm-net.sh), not a test
# of its own: the step bookkeeping they share, on top of create-lib.sh
# (cmdline_opt, wait_for).  Each step either passes (counted in $ok) or
# prints "$STEP_FAIL <step>: <detail>" and joins $fail.
#   STEP_FAIL               the failure tag (default XM-FAIL)
#   STEP_TIMES=1            run also prints "XM-RUN: NAME START END"
#                           (dom0's uptime) for the log
#   refuse_more             optional function: more state that a refused
#                           command must leave as it was (e.g. a count
#                           of backend nodes)
#   pass; flunk NAME DETAIL; ndoms; free_mb; gone NAME; new_id NAME ID
#   run NAME CMD...         CMD must exit 0 (its output in $out)
#   refuse NAME TEXT CMD... exit != 0, one line on stderr holding TEXT,
#                           no more domains (nor refuse_more) afterwards
#   until_true NAME SECONDS CMD...   CMD succeeds within SECONDS
. /tests/create-lib.sh
XM=${XM:-/bin/xm}
fail=""
ok=0

pass() { ok=$((ok + 1)); }
flunk() {
	echo "${STEP_FAIL:-XM-FAIL} $1: $2"
	fail="$fail $1"
}
ndoms() { $XM list 2>/dev/null | tail -n +2 | wc -l; }
free_mb() { $XM info | sed -n 's/^free_memory *: //p'; }
gone() { ! $XM domid "$1" >/dev/null 2>&1; }
new_id() { id=$($XM domid "$1" 2>/dev/null) && [ "$id" != "$2" ]; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
steps_state() {
	echo "$(ndoms) $(command -v refuse_more >/dev/null && refuse_more)"
}

run() {
	name=$1
	shift
	t0=$(uptime_s)
	out=$("$@" 2>&1)
	rc=$?
	[ "$STEP_TIMES" = 1 ] && echo "XM-RUN: $name $t0 $(uptime_s)"
	if [ $rc -eq 0 ]; then pass; else
		flunk "$name" "rc=$rc $(echo "$out" | tr '\n' ' ')"
	fi
}

refuse() {
	name=$1
	want=$2
	shift 2
	before=$(steps_state)
	"$@" >/dev/null 2>/tmp/xm.err
	rc=$?
	n=$(wc -l </tmp/xm.err)
	if [ $rc -ne 0 ] && [ "$n" -eq 1 ] && grep -qF -- "$want" /tmp/xm.err &&
		[ "$(steps_state)" = "$before" ]; then
		pass
	else
		flunk "$name" "rc=$rc lines=$n state=$(steps_state) (was $before) $(tr '\n' ' ' </tmp/xm.err)"
	fi
}

until_true() {
	name=$1
	i=$(($2 * 5))
	shift 2
	while [ $i -gt 0 ]; do
		"$@" >/dev/null 2>&1 && { pass; return 0; }
		sleep 0.2
		i=$((i - 1))
	done
	flunk "$name" "not within the time: $*"
	return 1
}
