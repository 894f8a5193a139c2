# Sourced by xlbench.sh and xmbench.sh (not a test of its own): what both
# "create -> domU init" benchmarks share.
#   cmdline_opt NAME        the value of NAME= on the kernel command line
#   wait_for N COMMAND...   COMMAND every 0.1 s until it succeeds, at most
#                           N times (its counters are its own)
#   median VALUES...        the median of integer VALUES, printed

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
