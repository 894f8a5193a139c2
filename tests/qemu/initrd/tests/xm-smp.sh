#!/bin/sh
# dom0test=xm-smp: tests/qemu/initrd/tests/xm.sh with only its vcpus = 2
# step (a domU with two vCPUs boots, sees both, is listed with 2 VCPUs,
# is destroyed).  Prints the same lines as xm.sh, with
# "DOM0-TEST xm-smp: PASS|FAIL ...".
XM_ONLY=smp
XM_TEST=xm-smp
. /tests/xm.sh
