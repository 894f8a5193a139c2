#!/bin/sh
# Linux's grant and privcmd devices from dom0 user space: load xen-gntdev,
# xen-gntalloc and xen-privcmd as modules, then run /bin/dom0gnt (a
# gntalloc -> gntdev round trip on a grant to dom0 itself, and
# XEN_SYSCTL_physinfo and readconsole through privcmd; tools/tests/dom0gnt.c).
# Prints "DOM0-GNT-MODULES: <modules listed in /proc/modules>", dom0gnt's
# GNTTEST/PHYSINFO lines, then "DOM0-TEST gnt: PASS|FAIL ...".
fail=""
for m in xen-gntdev xen-gntalloc xen-privcmd; do
	modprobe "$m" || fail="$fail modprobe:$m"
done
loaded=""
for m in xen_gntdev xen_gntalloc xen_privcmd; do
	grep -q "^$m " /proc/modules && loaded="$loaded $m"
done
echo "DOM0-GNT-MODULES:$loaded"
for d in gntdev gntalloc privcmd; do
	i=0
	while [ ! -c "/dev/xen/$d" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -c "/dev/xen/$d" ] || fail="$fail no-/dev/xen/$d"
done
/bin/dom0gnt || fail="$fail dom0gnt=$?"
if [ -z "$fail" ]; then
	echo "DOM0-TEST gnt: PASS modules:$loaded"
else
	echo "DOM0-TEST gnt: FAIL$fail"
fi
