#!/bin/sh
# libxc's PV builder from dom0 (/bin/xcbuild, tools/xcbuild): with our
# xenstored running, build Debian's kernel (/boot/vmlinuz, a bzImage with
# an xz payload) and the domU initrd into a 128 MiB domain, show its
# console (the ring, foreign-mapped) until it powers itself off, destroy
# it and see the hypervisor's free memory come back; twice (the second
# time from the decompressed-kernel cache).  Then files that are no PV
# kernel, and too little memory, must fail with one error line and leave
# no domain behind, and the cache must hold the kernel.  domuvcpus=N on
# dom0's command line gives the second domain N vcpus (default 1).
# Prints the domU's console as "DOMU-CON: ..." lines, "DB-FAIL <step>:
# ..." per failed step, "DB-STEPS: <n> ok", then
# "DOM0-TEST domu-build: PASS|FAIL ...".
S=/run/xenstored/socket
X=/bin/xcbuild
CACHE=/var/cache/xen/kernels
fail=""
ok=0
vcpus=$(sed -n 's/.*domuvcpus=\([0-9]*\).*/\1/p' /proc/cmdline)
# Pages the hypervisor may keep after a domain is gone: none on ours;
# Xen 4.17 (the reference run) keeps the odd page for dom0.
case $(cat /sys/hypervisor/version/extra 2>/dev/null) in
*mini*) slack=0 ;;
*) slack=4 ;;
esac

pass() { ok=$((ok + 1)); }
bad() {
	echo "DB-FAIL $1: $2"
	fail="$fail $1"
}
free_pages() { $X --physinfo | sed -n 's/.*free_pages=\([0-9]*\).*/\1/p'; }
others() { $X --list | grep -v '^domain 0 '; }

modprobe xen-evtchn 2>/dev/null
modprobe xen-gntdev 2>/dev/null
modprobe xen-privcmd 2>/dev/null
/bin/xenstored -s $S 2>/tmp/xenstored.log &
i=0
while [ ! -S $S ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S $S ] && pass || bad xenstored "no socket"

# cycle N VCPUS: build, console until poweroff, destroy.
cycle() {
	t0=$(date +%s)
	timeout 400 $X --mem 128 --vcpus $2 --ramdisk /boot/domU-initrd.gz \
		--cmdline "console=hvc0 earlyprintk=xen domuexit=poweroff" \
		--console --timeout 300 /boot/vmlinuz >/tmp/domu.out 2>&1
	rc=$?
	t1=$(date +%s)
	sed "s/^/DOMU-CON: /" /tmp/domu.out
	echo "DB-TIME: cycle $1: build+boot+poweroff $((t1 - t0)) s," \
		"$(sed -n 's/.*\(built in [0-9]* ms\).*/\1/p' /tmp/domu.out)"
	[ $rc -eq 0 ] && pass || bad xcbuild-$1 "exit status $rc"
	grep -q "DOMU-INIT: started" /tmp/domu.out && pass ||
		bad domu-init-$1 "no DOMU-INIT on its console"
	grep -q "^DOMU-CPUS: $2" /tmp/domu.out && pass ||
		bad domu-cpus-$1 "$(grep DOMU-CPUS /tmp/domu.out), want $2"
	kb=$(sed -n 's/^DOMU-MEMTOTAL: \([0-9]*\).*/\1/p' /tmp/domu.out)
	[ -n "$kb" ] && [ "$kb" -gt 65536 ] && [ "$kb" -le 131072 ] && pass ||
		bad domu-mem-$1 "MemTotal '$kb' kB of a 128 MiB domain"
	grep -q "^xcbuild: domain [0-9]* shut down (poweroff)" /tmp/domu.out &&
		pass || bad poweroff-$1 "$(tail -1 /tmp/domu.out)"
	domid=$(sed -n 's/^xcbuild: domain \([0-9]*\) running.*/\1/p' \
		/tmp/domu.out)
	if [ -n "$domid" ]; then
		$X --destroy "$domid" && pass || bad destroy-$1 "domain $domid"
	fi
	[ -z "$(others)" ] && pass || bad leftover-$1 "$(others | tr '\n' ' ')"
}

# near A B: B is A, or at most $slack pages fewer.
near() { [ -n "$2" ] && [ "$2" -le "$1" ] && [ $(($1 - $2)) -le $slack ]; }

# wait_free WANT: poll until the hypervisor's free pages are WANT.
wait_free() {
	i=0
	while [ "$(free_pages)" != "$1" ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	free_pages
}

free0=$(free_pages)
[ -n "$free0" ] && pass || bad physinfo "no free_pages"
cycle 1 1
# The first domU makes dom0 grow a little for good (xenstored's grant
# maptrack, event-channel buckets): allow that much, once.
free1=$(wait_free "$free0")
[ -n "$free1" ] && [ "$free1" -le "$free0" ] &&
	[ $((free0 - free1)) -le 32 ] && pass ||
	bad free-pages-1 "before $free0, after destroy $free1"
# Again, from the kernel cache: now every page must come back.
cycle 2 "${vcpus:-1}"
free2=$(wait_free "$free1")
near "$free1" "$free2" && pass ||
	bad free-pages-2 "before $free1, after destroy $free2"

# The cached kernel is a plain ELF: build it, destroy the domain while it
# boots, and all its memory must come back too.
elf=$(ls $CACHE/* 2>/dev/null | head -1)
$X --mem 128 "$elf" >/tmp/elf.out 2>&1 && pass ||
	bad elf-build "$(cat /tmp/elf.out)"
sed "s/^/DB-ELF: /" /tmp/elf.out
sleep 2
domid=$(sed -n 's/^xcbuild: domain \([0-9]*\) running.*/\1/p' /tmp/elf.out)
[ -n "$domid" ] && $X --destroy "$domid" && pass || bad elf-destroy "'$domid'"
free3=$(wait_free "$free1")
near "$free1" "$free3" && pass ||
	bad free-pages-3 "before $free1, after destroy $free3"
[ -z "$(others)" ] && pass || bad elf-leftover "$(others | tr '\n' ' ')"

# Files that are no PV kernel: one error line, status 1, no domain left.
$X /init >/tmp/bad.out 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(wc -l </tmp/bad.out)" -eq 1 ] &&
	grep -q "^xcbuild: kernel /init: not an ELF or bzImage" \
		/tmp/bad.out && pass || bad bad-kernel "rc $rc: $(cat /tmp/bad.out)"
$X /bin/busybox >/tmp/bad.out 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(wc -l </tmp/bad.out)" -eq 1 ] &&
	grep -q "^xcbuild: kernel /bin/busybox: " \
		/tmp/bad.out && pass || bad bad-elf "rc $rc: $(cat /tmp/bad.out)"
[ -z "$(others)" ] && pass || bad bad-leftover "$(others | tr '\n' ' ')"

# Too little memory for the kernel: one error line, no domain left.
$X --mem 32 /boot/vmlinuz >/tmp/bad.out 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(wc -l </tmp/bad.out)" -eq 1 ] &&
	grep -q "^xcbuild: 32 MiB of memory are too few" /tmp/bad.out &&
	pass || bad small-mem "rc $rc: $(cat /tmp/bad.out)"
[ -z "$(others)" ] && pass || bad small-leftover "$(others | tr '\n' ' ')"

# The decompressed kernel is cached by the file's hash.
n=$(ls $CACHE 2>/dev/null | grep -c '^[0-9a-f]\{64\}$')
[ "$n" = 1 ] && pass || bad cache "$n entries in $CACHE"

echo "DB-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST domu-build: PASS steps:$ok"
else
	echo "DOM0-TEST domu-build: FAIL$fail"
	sed 's/^/DB-XSLOG: /' /tmp/xenstored.log
fi
