#!/bin/sh
# Print the kernel log's warnings and errors (levels 0-4) with their level,
# one "DOM0-DMESG: <N>text" line each, so the host can compare systems.
dmesg -r 2>/dev/null | while IFS= read -r line; do
	case $line in
	"<0>"* | "<1>"* | "<2>"* | "<3>"* | "<4>"*) echo "DOM0-DMESG: $line" ;;
	esac
done
echo "DOM0-TEST dmesg: PASS lines=$(dmesg | wc -l)"
