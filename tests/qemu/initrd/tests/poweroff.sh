#!/bin/sh
# Power the machine off at once (QEMU should exit).
echo "DOM0-TEST poweroff: calling poweroff -f"
poweroff -f
