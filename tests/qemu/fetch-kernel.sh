#!/bin/bash
# Fetch Debian's stock kernel (or Debian's Xen 4.17) into a cache folder.
#
# Usage: tests/qemu/fetch-kernel.sh [--xen|--xen-utils|--debs PKG[,PKG...]] [CACHEDIR]
#   default CACHEDIR: <BUILD>/cache ($BUILD, default build, relative to the repo)
#
# Interface:
#   kernel: resolves the package linux-image-amd64 currently depends on
#     (e.g. linux-image-6.1.0-56-amd64 = 6.1.192-2), downloads it with
#     `apt-get download`, unpacks it with `dpkg -x` into
#     CACHEDIR/kernel/<package version>/ and prints two lines:
#       <path of vmlinuz>
#       <modules directory, .../lib/modules/<release>>
#   --xen: the same for xen-hypervisor-4.17-amd64 into CACHEDIR/xen/<version>/;
#     prints the path of boot/xen-4.17-amd64.gz.
#   --xen-utils: Debian's Xen 4.17 userspace (the reference toolstack for
#     `make bench`): xen-utils-4.17, xenstore-utils, xen-utils-common and,
#     transitively, every package of section "libs" they depend on (first
#     alternative of each Depends/Pre-Depends; python3, udev, ucf... are
#     left out: xl, xenstored and xenconsoled are ELF programs), unpacked
#     together into CACHEDIR/xen-utils/<xen-utils-4.17's version>/ with
#     the list of packages in its PACKAGES file; prints that directory.
#   --debs PKG,...: Debian programs for the test initrds (tests/qemu/debbin.py):
#     the named packages and, as for --xen-utils, the "libs" packages they
#     need, unpacked together into CACHEDIR/debs/<hash of the NAME=VERSION
#     list>/ (PACKAGES lists them, ROOTS the names asked for); prints that
#     directory.
#   Exit 0 on success; 1 with a message on stderr if the package cannot be
#   had (no apt lists and no apt access, download failure).
# Invariants:
#   - Idempotent: an unpacked tree is complete or absent (unpacked under a
#     temporary name, then renamed); a second run does no download.
#   - The version is never hard-coded: it is whatever apt's candidate is.
#     Without apt metadata (offline) the newest already-cached tree is used.
#   - `apt-get update` runs only when apt knows no candidate (for --debs:
#     of any package named); waits for
#     another apt/dpkg holding the lock are bounded (LOCK_TIMEOUT).
set -euo pipefail

LOCK_TIMEOUT=600	# s: longest wait for another apt/dpkg to let go
KERNEL_META=linux-image-amd64
XEN_PKG="xen-hypervisor-4.17-amd64"

UTILS_PKGS="xen-utils-4.17 xenstore-utils xen-utils-common"
UTILS_MAX_LEVELS=12	# dependency levels followed (libc6 is at 2)

what=kernel
roots=""
case ${1:-} in
--xen) what=xen; shift ;;
--xen-utils) what="xen-utils"; shift ;;
--debs)
	what=debs
	[ $# -ge 2 ] || { echo "fetch-kernel: --debs needs a list of packages" >&2; exit 1; }
	roots=$(echo "$2" | tr ',' ' ' | xargs -n1 | sort -u | xargs)
	shift 2
	;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
cache=${1:-$build/cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

die() { echo "fetch-kernel: $*" >&2; exit 1; }

SUDO=()
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=(sudo)

# candidate_of PKG: apt's candidate version of PKG, or nothing.
candidate_of() {
	apt-cache policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: *//p' | grep -v '(none)' | head -n1 || true
}

# wait_for_apt: bounded wait until no other apt/dpkg runs.
wait_for_apt() {
	local i
	for ((i = 0; i < LOCK_TIMEOUT / 5; i++)); do
		pgrep -x 'apt-get|apt|dpkg|unattended-upgr' >/dev/null 2>&1 || return 0
		[ "$i" -eq 0 ] && echo "fetch-kernel: waiting for another apt/dpkg" >&2
		sleep 5
	done
	return 0
}

# apt_update: `apt-get update`, retried (bounded) while the lists lock is busy.
apt_update() {
	local i
	for ((i = 0; i < 5; i++)); do
		wait_for_apt
		if "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=$LOCK_TIMEOUT \
			-o Acquire::Retries=3 -qq update >&2; then
			return 0
		fi
		sleep 5
	done
	return 1
}

# resolve PKG: prints "NAME VERSION" of the package to fetch.  For the kernel
# that is linux-image-amd64's Depends (linux-image-<release>-amd64).
resolve() {
	local pkg=$1 ver dep
	ver=$(candidate_of "$pkg")
	if [ -z "$ver" ]; then
		echo "fetch-kernel: apt knows no $pkg; running apt-get update" >&2
		apt_update || return 1
		ver=$(candidate_of "$pkg")
		[ -n "$ver" ] || return 1
	fi
	if [ "$pkg" = "$KERNEL_META" ]; then
		dep=$(apt-cache show --no-all-versions "$pkg=$ver" 2>/dev/null |
			sed -n 's/^Depends: *//p' | tr ',' '\n' |
			sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -n1)
		[ -n "$dep" ] || return 1
		pkg=$dep
		ver=$(candidate_of "$pkg")
		[ -n "$ver" ] || return 1
	fi
	echo "$pkg $ver"
}

# fetch NAME VERSION DEST: download and unpack into DEST (atomically).
fetch() {
	local name=$1 ver=$2 dest=$3 tmp deb
	tmp=$(mktemp -d "$cache/tmp-fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	echo "fetch-kernel: downloading $name=$ver" >&2
	# As root, apt-get download would drop to the _apt user, who may not be
	# able to write here: stay root rather than print a warning.
	local sandbox=()
	[ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
	if ! (cd "$tmp" && timeout 900 apt-get -qq -o Acquire::Retries=3 \
		"${sandbox[@]}" download "$name=$ver" >&2); then
		die "apt-get download $name=$ver failed"
	fi
	deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || die "apt-get download $name=$ver produced no .deb"
	dpkg-deb -x "$deb" "$tmp/tree" || die "dpkg -x $deb failed"
	rm -f "$deb"
	mkdir -p "$(dirname "$dest")"
	# -T: if another run won the race, keep its tree rather than nest ours.
	mv -T "$tmp/tree" "$dest" 2>/dev/null || [ -d "$dest" ] ||
		die "cannot move the unpacked tree to $dest"
	rm -rf "$tmp"
	trap - EXIT
}

# closure ROOTS: "NAME=VERSION" lines of the packages ROOTS (a list of names)
# and the library packages they need, one `apt-cache show` per dependency
# level.
closure() {
	local roots=$1 seen=" " todo=$1 level out next p v s deps d
	for ((level = 0; level < UTILS_MAX_LEVELS; level++)); do
		[ -n "${todo// /}" ] || return 0
		# shellcheck disable=SC2086 # a list of package names
		out=$(apt-cache show --no-all-versions $todo 2>/dev/null | awk '
			/^Package:/ { p = $2 } /^Version:/ { v = $2 } /^Section:/ { s = $2 }
			/^(Pre-)?Depends:/ { sub(/^[^:]*: */, ""); d = d "," $0 }
			/^$/ { if (p != "") print p, v, s, d; p = s = v = d = "" }
			END { if (p != "") print p, v, s, d }')
		next=" "
		while read -r p v s deps; do
			if [ -z "$p" ] || [ -z "$v" ]; then continue; fi
			case $seen in *" $p "*) continue ;; esac
			case " $roots " in
			*" $p "*) ;;
			*) case $s in libs | */libs) ;; *) continue ;; esac ;;
			esac
			seen="$seen$p "
			echo "$p=$v"
			for d in $(echo "$deps" | tr ',' '\n' |
				sed 's/|.*//; s/(.*)//; s/:any//; s/ //g'); do
				case "$seen$next" in *" $d "*) ;; *) next="$next$d " ;; esac
			done
		done <<<"$out"
		todo=$next
	done
	echo "fetch-kernel: dependency closure deeper than $UTILS_MAX_LEVELS levels" >&2
	return 1
}

# fetch_pkgs PKGS DEST: download PKGS ("NAME=VERSION" words) and unpack
# them together into DEST (atomically), listed in DEST/PACKAGES.
fetch_pkgs() {
	local pkgs=$1 dest=$2 tmp deb
	tmp=$(mktemp -d "$cache/tmp-fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	echo "fetch-kernel: downloading $pkgs" >&2
	local sandbox=()
	[ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
	# shellcheck disable=SC2086 # a list of NAME=VERSION words
	if ! (cd "$tmp" && timeout 900 apt-get -qq -o Acquire::Retries=3 \
		"${sandbox[@]}" download $pkgs >&2); then
		die "apt-get download of $(echo $pkgs | tr '\n' ' ')failed"
	fi
	mkdir "$tmp/tree"
	for deb in "$tmp"/*.deb; do
		[ -f "$deb" ] || die "apt-get download produced no .deb"
		dpkg-deb -x "$deb" "$tmp/tree" || die "dpkg -x $deb failed"
		rm -f "$deb"
	done
	echo "$pkgs" >"$tmp/tree/PACKAGES"
	[ -z "$roots" ] || echo "$roots" >"$tmp/tree/ROOTS"
	mkdir -p "$(dirname "$dest")"
	mv -T "$tmp/tree" "$dest" 2>/dev/null || [ -d "$dest" ] ||
		die "cannot move the unpacked tree to $dest"
	rm -rf "$tmp"
	trap - EXIT
}

# fetch_utils DEST: xen-utils-4.17's closure into DEST.
fetch_utils() {
	local pkgs
	pkgs=$(closure "$UTILS_PKGS") || die "cannot resolve the packages of xen-utils-4.17"
	case $pkgs in *xen-utils-4.17=*) ;; *) die "apt knows no xen-utils-4.17" ;; esac
	fetch_pkgs "$pkgs" "$1"
}

# debs_resolve: the closure of $roots, after `apt-get update` if apt knows
# no candidate for one of them; fails if one stays unknown.
debs_resolve() {
	local p missing=""
	for p in $roots; do
		[ -n "$(candidate_of "$p")" ] || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "fetch-kernel: apt knows no$missing; running apt-get update" >&2
		apt_update || return 1
		for p in $missing; do
			[ -n "$(candidate_of "$p")" ] || return 1
		done
	fi
	closure "$roots"
}

# newest_cached SUBDIR: the most recently unpacked tree, for offline use.
newest_cached() {
	ls -1dt "$cache/$1"/*/ 2>/dev/null | head -n1 | sed 's:/$::' || true
}

# debs_main: --debs from the cache (while apt's lists are unchanged), from
# apt, or (offline) the newest cached tree of the same ROOTS.
debs_main() {
	local rkey stamp pkgs ver dest d p
	rkey=$(echo "$roots" | sha256sum | cut -c1-16)
	stamp=$cache/debs/resolved-$rkey
	mkdir -p "$cache/debs"
	if [ -f "$stamp" ] && [ "$stamp" -nt /var/lib/apt/lists ] &&
		read -r ver <"$stamp" && [ -d "$cache/debs/$ver" ]; then
		dest=$cache/debs/$ver
	elif pkgs=$(debs_resolve); then
		ver=$(echo "$pkgs" | sort | sha256sum | cut -c1-16)
		dest=$cache/debs/$ver
		[ -d "$dest" ] || fetch_pkgs "$pkgs" "$dest"
		echo "$ver" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
	else
		dest=""
		while read -r d; do
			d=${d%/}
			if [ -n "$d" ] && [ "$(cat "$d/ROOTS" 2>/dev/null)" = "$roots" ]; then
				dest=$d
				break
			fi
		done < <(ls -1dt "$cache/debs"/*/ 2>/dev/null)
		[ -n "$dest" ] || die "cannot resolve $roots (no apt metadata, no access?) and nothing cached in $cache/debs"
		echo "fetch-kernel: apt unavailable; using cached $dest" >&2
	fi
	for p in $roots; do
		grep -q "^$p=" "$dest/PACKAGES" || die "$p missing from $dest"
	done
	echo "$dest"
}

if [ "$what" = debs ]; then
	debs_main
	exit 0
fi

case $what in
kernel) meta=$KERNEL_META sub=kernel ;;
xen) meta=$XEN_PKG sub=xen ;;
*) meta=xen-utils-4.17 sub=xen-utils ;;
esac

# The last resolution is remembered while apt's lists are unchanged: asking
# apt-cache costs about a second, reading this file nothing.
stamp=$cache/$sub/resolved
if [ -f "$stamp" ] && [ "$stamp" -nt /var/lib/apt/lists ] &&
	read -r name ver <"$stamp" && [ -d "$cache/$sub/$ver" ]; then
	dest=$cache/$sub/$ver
elif resolved=$(resolve "$meta"); then
	read -r name ver <<<"$resolved"
	dest=$cache/$sub/$ver
	if [ -d "$dest" ]; then :
	elif [ "$what" = xen-utils ]; then fetch_utils "$dest"
	else fetch "$name" "$ver" "$dest"
	fi
	echo "$name $ver" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
else
	dest=$(newest_cached "$sub")
	[ -n "$dest" ] || die "cannot resolve $meta (no apt metadata, no access?) and nothing cached in $cache/$sub"
	echo "fetch-kernel: apt unavailable; using cached $dest" >&2
fi

if [ "$what" = xen-utils ]; then
	[ -x "$dest/usr/lib/xen-4.17/bin/xl" ] || die "no usr/lib/xen-4.17/bin/xl in $dest"
	echo "$dest"
elif [ "$what" = kernel ]; then
	vmlinuz=$(ls -1 "$dest"/boot/vmlinuz-* 2>/dev/null | head -n1)
	[ -n "$vmlinuz" ] || die "no boot/vmlinuz-* in $dest"
	release=${vmlinuz##*/vmlinuz-}
	[ -d "$dest/lib/modules/$release" ] || die "no lib/modules/$release in $dest"
	echo "$vmlinuz"
	echo "$dest/lib/modules/$release"
else
	xen=$dest/boot/xen-4.17-amd64.gz
	[ -f "$xen" ] || xen=$(ls -1 "$dest"/boot/xen-*.gz 2>/dev/null | head -n1)
	if [ -z "$xen" ] || [ ! -f "$xen" ]; then die "no boot/xen-*.gz in $dest"; fi
	echo "$xen"
fi
