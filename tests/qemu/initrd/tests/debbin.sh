#!/bin/sh
# The Debian programs of the initrds (tests/qemu/debbin.py) run, with the
# shared libraries and loader mkinitrd.py put next to them: in dom0,
# `iperf3 --version` and a 1 s iperf3 run over lo (server and client);
# in the domU initrd /boot/domU-initrd.gz, unpacked and entered with
# chroot (same kernel, so what runs here runs in a domU), `iperf3 --version`.
# Prints "DEBBIN-IPERF3: <first line of --version>" and
# "DOM0-TEST debbin: PASS" or "DOM0-TEST debbin: FAIL <why>".
PORT=5201
ROOT=/tmp/domu-root

fail() {
	echo "DOM0-TEST debbin: FAIL $*"
	[ -f /tmp/iperf3-s.log ] && sed 's/^/DEBBIN-LOG: /' /tmp/iperf3-s.log | tail -n 20
	exit 0
}

v=$(iperf3 --version 2>&1) || fail "iperf3 --version: $v"
case $v in "iperf 3."*) ;; *) fail "iperf3 --version printed: $v" ;; esac
echo "DEBBIN-IPERF3: $(echo "$v" | head -n1)"

ip link set lo up || fail "ip link set lo up"
# -1: one client, then the server exits by itself.
timeout 60 iperf3 -s -1 --forceflush -B 127.0.0.1 -p $PORT >/tmp/iperf3-s.log 2>&1 &
srv=$!
i=0
# Listening: a socket on port 5201 (hex 1451) in state 0A (LISTEN).
while ! grep -q ":1451 00000000:0000 0A" /proc/net/tcp 2>/dev/null; do
	i=$((i + 1))
	[ $i -ge 100 ] && fail "iperf3 -s did not start listening"
	sleep 0.1
done
out=$(timeout 60 iperf3 -c 127.0.0.1 -p $PORT -t 1 --connect-timeout 5000 2>&1) ||
	fail "iperf3 -c over lo: $(echo "$out" | tail -n 3)"
echo "$out" | grep -q "receiver" || fail "iperf3 -c printed no receiver line"
wait $srv

mkdir -p $ROOT || fail "mkdir $ROOT"
(cd $ROOT && zcat /boot/domU-initrd.gz | cpio -id 2>/dev/null) ||
	fail "cannot unpack /boot/domU-initrd.gz"
u=$(chroot $ROOT /usr/bin/iperf3 --version 2>&1) ||
	fail "iperf3 --version in the domU initrd: $u"
case $u in "iperf 3."*) ;; *) fail "domU initrd's iperf3 --version printed: $u" ;; esac
rm -rf $ROOT
echo "DOM0-TEST debbin: PASS"
