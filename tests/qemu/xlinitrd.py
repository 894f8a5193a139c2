"""What Debian's Xen 4.17 userspace adds to the dom0 test initrd (its "xl"
flavour, mkinitrd.build_xl_initrd): the reference toolstack `make bench`
races ours against (tests/qemu/initrd/tests/xlbench.sh).

Interface (stdlib only; used by mkinitrd.py):
    entries(tree) -> [(archive name, kind, source)], sorted by name, where
        tree is what `fetch-kernel.sh --xen-utils` unpacked and kind is
        "file" (source: the Path to copy), "link" (source: the target)
        or "dir" (source: None)
    add(cpio, entries) puts them into a mkinitrd.Cpio
    elf_needed, LIB_DIRS: debbin's (the closure code of all Debian programs)
The programs are XL_PROGRAMS (Debian's paths); the libraries are their
transitive DT_NEEDED closure (debbin.closure: under their soname in the
tree's LIB_DIRS, the loader under its PT_INTERP path, plus the libraries
glibc loads at run time).
Invariants: a library that cannot be found raises FileNotFoundError (a
flavour that would fail at run time is never built); symbolic links inside
the tree are followed within the tree, never into the host.
"""

from pathlib import Path

import debbin

BIN = "usr/lib/xen-4.17/bin"
# The programs Debian's init script (/etc/init.d/xen) and `xl create` use.
XL_PROGRAMS = tuple(f"{BIN}/{n}" for n in (
    "xl", "xenstored", "oxenstored", "xenconsoled", "xen-init-dom0",
    "xenstore-control", "xenconsole")) + ("usr/bin/xenstore",)
# Debian's xenstore-* clients: one program, told apart by argv[0].
XENSTORE_LINKS = ("read", "write", "ls", "list", "rm", "exists", "chmod", "watch")
# Configuration, and the hotplug scripts libxl runs for disks and vifs
# (block, vif-bridge and what they source).
CONFIGS = ("etc/xen/xl.conf", "etc/xen/oxenstored.conf")
SCRIPTS = "etc/xen/scripts"
# Where xl, libxl, the daemons and Debian's scripts write; var/run and
# var/lock are Debian's links into the tmpfs /run.
DIRS = ("run", "var/lib/xen", "var/lib/xenstored", "var/log/xen/console")
LINKS = (("var/run", "/run"), ("var/lock", "/run/lock"))
elf_needed = debbin.elf_needed
_resolve = debbin.resolve
LIB_DIRS = debbin.LIB_DIRS


def entries(tree):
    tree = Path(tree)
    out = debbin.closure(tree, XL_PROGRAMS, dirs=DIRS, links=LINKS)
    for n in XENSTORE_LINKS:
        out[f"usr/bin/xenstore-{n}"] = ("link", "xenstore")
    for rel in CONFIGS:
        if (tree / rel).is_file():
            out[rel] = ("file", tree / rel)
    scripts = tree / SCRIPTS
    if scripts.is_dir():
        for f in sorted(scripts.iterdir()):
            if f.is_file() and not f.is_symlink():
                out[f"{SCRIPTS}/{f.name}"] = ("file", f)
    return sorted((n, k, s) for n, (k, s) in out.items())


def add(cpio, ents):
    for name, kind, src in ents:
        if kind == "dir":
            cpio.dir(name)
        elif kind == "link":
            cpio.symlink(name, src)
        else:
            mode = 0o755 if debbin.is_program(name) or name.startswith(SCRIPTS) else 0o644
            cpio.file(name, src.read_bytes(), mode)
