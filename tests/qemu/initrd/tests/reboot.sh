#!/bin/sh
# Reboot at once (QEMU -no-reboot should exit).
echo "DOM0-TEST reboot: calling reboot -f"
reboot -f
