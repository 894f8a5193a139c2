#!/bin/sh
# Crash the kernel on purpose: the hypervisor should report dom0's crash.
echo "DOM0-TEST panic: echo c > /proc/sysrq-trigger"
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
echo "DOM0-TEST panic: FAIL still running"
