#!/bin/sh
# xm's virtual disks (disk = [...], tools/xm/blk.c) end to end, with
# Linux's xen-blkback in dom0 and xen-blkfront in the Debian domU:
# xenstored -r (dom0's own xenbus: blkback's nodes), xenconsoled, xm.
#  - refusals, each one line, no domain left: a missing file, a bad
#    virtual disk name, a bad mode, a virtual disk given twice, phy: of
#    a file;
#  - a domU (domutest=disk-write, domU/tests/disk-write.sh) with xvda
#    (ext4 image, w), xvdb (raw image, w), xvdc (image, r) and xvdd
#    (phy: of dom0's virtio disk /dev/vda, r): writes a token on xvda,
#    random bytes on xvdb (dom0 finds their md5 in the image file), fails
#    to write xvdc; its backend and frontend nodes are checked;
#  - while it runs: its xvda refused to a second domain (read-write, and
#    even read-only), its read-only xvdc shared read-only with a second
#    domain, refused read-write;
#  - xm destroy, xm create (domutest=disk-check): the token is on xvda;
#    xm reboot: the new domain finds it again;
#  - xmdiskcycles= (kernel command line, default 3) create/destroy
#    cycles, each destroyed as soon as it is created;
#  - afterwards: no loop device bound, no blkback thread, no backend or
#    frontend node, free memory back at its baseline, dom0 alone.
# Prints "XM-FAIL <step>: <detail>" per failed step, "XM-STEPS: <n> ok",
# then "DOM0-TEST xm-disk: PASS|FAIL ..." (the log tails on failure).
STEP_TIMES=1
. /tests/steps-lib.sh
. /tests/devs-lib.sh
CONS=/var/log/xen/console
IMG=/tmp/xm-disk
BE=/local/domain/0/backend/vbd

CYCLES=$(cmdline_opt xmdiskcycles || echo 3)

xsr() { /bin/xenstore read "$1" 2>/dev/null; }

# in_log NAME TEXT [N]: the console log of NAME has TEXT at least N times.
in_log() {
	[ "$(grep -c -- "$2" "$CONS/guest-$1.log" 2>/dev/null)" -ge "${3:-1}" ]
}
be_state() { [ "$(xsr "$BE/$1/$2/state")" = "$3" ]; }

# The vbd backends (loops_bound, blkback_threads: devs-lib.sh).
backends() { /bin/xenstore ls $BE 2>/dev/null | grep -v '^error: ENOENT$'; }

setup() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-blkback \
		loop crc32c_generic crct10dif_generic crc64_rocksoft_generic \
		virtio_pci virtio_blk ext4; do
		modprobe $m 2>/dev/null
	done
	mkdir -p /run/xenstored /run/xen /etc/xen /var/log/xen $CONS $IMG
	/bin/xenstored -s /run/xenstored/socket -r 2>/tmp/xenstored.log &
	i=0
	while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	/bin/xenconsoled --log=guest --log-dir=$CONS 2>/tmp/xenconsoled.err ||
		flunk xenconsoled "$(cat /tmp/xenconsoled.err)"
	dd if=/dev/zero of=$IMG/root.img bs=1M count=32 2>/dev/null
	mke2fs -F $IMG/root.img >/tmp/mke2fs.log 2>&1 ||
		flunk mke2fs "$(tail -3 /tmp/mke2fs.log | tr '\n' ' ')"
	dd if=/dev/zero of=$IMG/raw.img bs=1M count=8 2>/dev/null
	dd if=/dev/zero of=$IMG/ro.img bs=1M count=4 2>/dev/null
	printf 'XM-DISK-RO' | dd of=$IMG/ro.img conv=notrunc 2>/dev/null
	phy=""
	if [ -b /dev/vda ]; then
		phy=", 'phy:/dev/vda,xvdd,r'"
	else
		flunk vda "dom0's virtio disk /dev/vda is missing"
	fi
	cat >/etc/xen/disk.cfg <<CFG
# the xm-disk test's domU: every kind of disk
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "disk"
disk = [ 'file:$IMG/root.img,xvda,w', 'file:$IMG/raw.img,xvdb,w',
         'file:$IMG/ro.img,xvdc,r' $phy ]
extra = "console=hvc0 domutest=disk-write disktoken=T$$ diskphy=${phy:+1}"
CFG
	cat >/etc/xen/one.cfg <<'CFG'
# a second domU: one disk, given on the command line
kernel = "/boot/vmlinuz"
ramdisk = "/boot/domU-initrd.gz"
memory = 128
name = "one"
extra = "console=hvc0 domutest=xm-guest"
CFG
}

error_steps() {
	refuse missing-file \
		"Device 51712 (vbd) could not be connected. /x.img does not exist." \
		$XM create one.cfg disk=file:/x.img,xvda,w
	refuse missing-phy \
		"Device 51728 (vbd) could not be connected. /dev/nope does not exist." \
		$XM create one.cfg disk=phy:/dev/nope,xvdb,r
	refuse phy-of-file "/etc/xen/one.cfg is not a block device" \
		$XM create one.cfg disk=phy:/etc/xen/one.cfg,xvda,r
	refuse file-of-dir "/tmp is not a file" \
		$XM create one.cfg disk=file:/tmp,xvda,w
	refuse bad-vdev "'xvd1' is not a virtual disk name" \
		$XM create one.cfg disk=file:$IMG/raw.img,xvd1,w
	refuse vdev-range "disk: 'hde' has no Xen device number" \
		$XM create one.cfg disk=file:$IMG/raw.img,hde,w
	refuse bad-mode "mode 'rw' is not r, w or w!" \
		$XM create one.cfg disk=file:$IMG/raw.img,xvda,rw
	refuse twice "disk: xvda is given twice" \
		$XM create one.cfg \
		"disk=['file:$IMG/raw.img,xvda,r', 'file:$IMG/ro.img,xvda,r']"
	refuse same-file-rw "$IMG/raw.img is also xvda" \
		$XM create one.cfg \
		"disk=['file:$IMG/raw.img,xvda,w', 'file:$IMG/raw.img,xvdb,w']"
	[ -z "$(loops_bound)$(backends)" ] && pass ||
		flunk refusals-clean "$(loops_bound) $(backends)"
}

# The nodes of disk xvda (51712) of domain $1, as blkback and blkfront
# see them once connected.
node_steps() {
	d=$1
	b=$BE/$d/51712
	f=/local/domain/$d/device/vbd/51712
	for kv in "frontend=$f" "frontend-id=$d" "online=1" "removable=0" \
		"bootable=1" "params=$IMG/root.img" "mode=w" "type=file" \
		"dev=xvda" "device-type=disk" "state=4"; do
		[ "$(xsr "$b/${kv%%=*}")" = "${kv#*=}" ] ||
			flunk "node-${kv%%=*}" "$b: '$(xsr "$b/${kv%%=*}")' != '${kv#*=}'"
	done
	pd=$(xsr "$b/physical-device")
	node=$(xsr "$b/node")
	[ "$pd" = "7:${node#/dev/loop}" ] || flunk node-physdev "$pd $node"
	[ "$(cat /sys/block/${node#/dev/}/loop/backing_file 2>/dev/null)" = \
		"$IMG/root.img" ] || flunk node-loop "$node: $(loops_bound)"
	[ "$(cat /sys/block/loop${pd#7:}/ro 2>/dev/null)" = 0 ] ||
		flunk node-loop-rw "$pd"
	c=$(xsr "$BE/$d/51744/physical-device")
	[ "$(cat /sys/block/loop${c#7:}/ro 2>/dev/null)" = 1 ] ||
		flunk node-loop-ro "xvdc on $c"
	for kv in "backend=$b" "backend-id=0" "virtual-device=51712" \
		"device-type=disk" "state=4"; do
		[ "$(xsr "$f/${kv%%=*}")" = "${kv#*=}" ] ||
			flunk "fe-${kv%%=*}" "$f: '$(xsr "$f/${kv%%=*}")' != '${kv#*=}'"
	done
	[ "$(/bin/xenstore getperms "$b" | tr '\n' ' ')" = "n0 r$d " ] ||
		flunk be-perms "$(/bin/xenstore getperms "$b" | tr '\n' ' ')"
	[ "$(/bin/xenstore getperms "$f" | tr '\n' ' ')" = "n$d r0 " ] ||
		flunk fe-perms "$(/bin/xenstore getperms "$f" | tr '\n' ' ')"
	[ -n "$(blkback_threads)" ] || flunk blkback-threads "none running"
}

# While "disk" runs: who else may have its images.
sharing_steps() {
	d=$1
	refuse share-rw "$IMG/root.img is in use read-write by domain $d (disk)" \
		$XM create one.cfg disk=file:$IMG/root.img,xvda,w
	refuse share-r-of-rw "$IMG/root.img is in use read-write by domain $d" \
		$XM create one.cfg disk=file:$IMG/root.img,xvda,r
	# the same image through dom0's own name of its loop device
	node=$(xsr "$BE/$d/51712/node")
	refuse share-loop "$node is in use read-write by domain $d (disk)" \
		$XM create one.cfg disk=phy:$node,xvda,r
	refuse share-rw-of-r "$IMG/ro.img is in use by domain $d (disk)" \
		$XM create one.cfg disk=file:$IMG/ro.img,xvda,w
	# blkback has opened its own read-only loop device of the image
	# when xm create returns
	run share-r $XM create one.cfg disk=file:$IMG/ro.img,xvdc,r
	id1=$($XM domid one 2>/dev/null)
	pd=$(xsr "$BE/$id1/51744/physical-device")
	[ "$(cat /sys/block/loop${pd#7:}/ro 2>/dev/null)" = 1 ] &&
		[ -e /sys/bus/xen-backend/devices/vbd-$id1-51744/physical_device ] &&
		pass || flunk share-opened "$pd: $(loops_bound)"
	run destroy-one $XM destroy one
	# disk's own xvdc is untouched by the other's going
	be_state "$d" 51744 4 && pass || flunk share-left "$(xsr "$BE/$d/51744/state")"
}

write_steps() {
	run create $XM create disk.cfg
	echo "$out" | grep -q '^Started domain disk (id=[0-9]*)$' ||
		flunk create-msg "$out"
	until_true write 180 in_log disk "DOMU-TEST disk-write: " || return
	in_log disk "DOMU-TEST disk-write: PASS" && pass ||
		flunk domu-write "$(grep DOMU-DISK "$CONS/guest-disk.log" | tr '\n' ' ')"
	d=$($XM domid disk)
	node_steps "$d"
	sharing_steps "$d"
	run destroy $XM destroy disk
	[ -z "$(loops_bound)$(backends)$(blkback_threads)" ] && pass ||
		flunk destroy-clean "$(loops_bound) $(backends) $(blkback_threads)"
	want=$(sed -n 's/^DOMU-DISK-RAW: \([0-9a-f]*\).*/\1/p' "$CONS/guest-disk.log" | tail -1)
	got=$(dd if=$IMG/raw.img bs=64k count=16 2>/dev/null | md5sum | cut -d' ' -f1)
	[ -n "$want" ] && [ "$want" = "$got" ] && pass ||
		flunk raw-in-image "guest $want, image $got"
	head -c 10 $IMG/ro.img | grep -q '^XM-DISK-RO$' && pass ||
		flunk ro-image "$(head -c 10 $IMG/ro.img)"
}

# The token survives the destroy, and a reboot attaches the disks again.
check_steps() {
	run create-check $XM create disk.cfg \
		"extra=console=hvc0 domutest=disk-check disktoken=T$$"
	until_true found 180 in_log disk "DOMU-DISK-FOUND: T$$" || return
	id=$($XM domid disk)
	run reboot $XM reboot -w disk
	until_true rebooted 60 new_id disk "$id"
	until_true found-again 180 in_log disk "DOMU-DISK-FOUND: T$$" 2 || return
	nid=$($XM domid disk)
	[ -z "$(backends | grep -vx "$nid")" ] && pass ||
		flunk reboot-backends "$(backends | tr '\n' ' ') (domain $nid)"
	run destroy-check $XM destroy disk
}

# Each cycle destroys the domain as soon as xm create is done (its
# backends have opened their devices; the guest is booting, its
# frontends may be connecting): the connected case is the destroys above.
cycle_steps() {
	before=$1
	c=0
	while [ $c -lt "$CYCLES" ]; do
		$XM create disk.cfg name=cyc >/dev/null 2>/tmp/xm.err ||
			{ flunk "cycle-$c" "$(cat /tmp/xm.err)"; break; }
		$XM destroy cyc 2>/tmp/xm.err ||
			{ flunk "cycle-destroy-$c" "$(cat /tmp/xm.err)"; break; }
		c=$((c + 1))
	done
	i=$c
	after=$(free_mb)
	echo "XM-MEMORY: baseline=$before after=$after cycles=$i"
	[ "$after" = "$before" ] && [ "$(ndoms)" -eq 1 ] && pass ||
		flunk memory "free $before MiB before, $after after $i cycles"
	[ -z "$(loops_bound)$(backends)$(blkback_threads)" ] && pass ||
		flunk cycles-clean "$(loops_bound) $(backends) $(blkback_threads)"
	ls /sys/bus/xen-backend/devices/ 2>/dev/null | grep -q vbd &&
		flunk cycles-sysfs "$(ls /sys/bus/xen-backend/devices/)" || pass
}

setup
base=$(free_mb)
error_steps
write_steps
check_steps
cycle_steps "$base"
[ "$(ndoms)" -eq 1 ] || flunk leftover "$($XM list | tr '\n' '|')"
left=$(/bin/xenstore ls /local/domain 2>/dev/null | grep -v '^0$' | grep . | tr '\n' ' ')
[ -z "$left" ] && pass || flunk xenstore-clean "domains: $left"
echo "XM-STEPS: $ok ok"
if [ -z "$fail" ]; then
	echo "DOM0-TEST xm-disk: PASS steps:$ok"
else
	echo "DOM0-TEST xm-disk: FAIL$fail"
	sed 's/^/XM-XENSTORED: /' /tmp/xenstored.log | tail -20
	dmesg | grep -iE 'blkback|blkfront|loop|xen' | tail -20 | sed 's/^/XM-DMESG: /'
	for f in $CONS/guest-*.log; do
		tail -15 "$f" | sed "s|^|XM-CONSOLE $f: |"
	done
fi
