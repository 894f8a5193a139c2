"""Debian programs, with the shared libraries they need, in the test
initrds: the dom0 initrd, its "xl" flavour and the domU initrd
/boot/domU-initrd.gz (mkinitrd.py).

Interface (stdlib only; used by mkinitrd.py, xlinitrd.py, test_xl.py):
    PACKAGES               the Debian packages fetched (fetch-kernel.sh
                           --debs; their "libs" dependencies come along)
    DOM0, DOMU, XL         the programs (paths in the packages) of the dom0
                           initrd, of the domU initrd, and added to the dom0
                           initrd's "xl" flavour
    elf_needed(data) -> (PT_INTERP or None, [DT_NEEDED names])
    resolve(tree, rel) -> Path of the regular file `rel` names in tree, or None
    closure(tree, programs, dlopened=DLOPENED, dirs=(), links=())
        -> {archive name: (kind, source)}: the programs, the dynamic loader
        (under its PT_INTERP path), every library in the transitive
        DT_NEEDED closure under LIB_DIR/soname, plus `dlopened`; kind is
        "file" (source: the Path to copy), "link" (source: the target) or
        "dir" (source: None)
    shadow_links(ents, applets) -> the same plus, for each program whose
        name is a busybox applet installed elsewhere (applets: busybox
        --list-full), a link from the applet's path to the program, so that
        Debian's program wins whatever PATH's order (for programs that
        search PATH, e.g. bash scripts: busybox sh runs its own applet for
        a bare name, so its scripts call such a program by its path)
    add(cpio, ents)        puts the entries into a mkinitrd.Cpio
Libraries are looked up in the tree's LIB_DIRS, the dynamic loader's
default directories on Debian, so no ld.so.cache is needed.
Invariants: a program or library that cannot be found raises
FileNotFoundError (an initrd whose programs would fail at run time is never
built); symbolic links in the tree are followed within the tree, never
into the host; the closure is bounded (MAX_LIBS).
"""

import struct
from pathlib import Path

# iperf3: the network bench (iperf3 -s in one domain, -c in the other);
# coreutils: dd, which times itself (busybox's does not), for the disk bench;
# bash, util-linux (flock), mount (losetup), iproute2 (ip): what Xen's
# hotplug scripts (/etc/xen/scripts/block, vif-bridge) run in the "xl"
# flavour.
PACKAGES = ("iperf3", "coreutils", "bash", "util-linux", "mount", "iproute2")
DOM0 = ("usr/bin/iperf3",)
DOMU = ("usr/bin/iperf3", "bin/dd")
XL = ("bin/bash", "usr/bin/flock", "sbin/losetup", "bin/ip")
# Loaded with dlopen(), so in no DT_NEEDED: glibc's pthread_cancel aborts
# without libgcc_s (xl create's child cancels a thread).
DLOPENED = ("libgcc_s.so.1",)
LIB_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib", "usr/lib")
MAX_LIBS = 200          # far more than any program here needs (xl: ~25)

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5


def elf_needed(data):
    """(interpreter, [needed sonames]) of an ELF64 little-endian file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not an ELF64 little-endian file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    interp, dyn, loads = None, None, []
    for i in range(phnum):
        p_type, _, off, vaddr, _, filesz, _, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_INTERP:
            interp = data[off:off + filesz].split(b"\0")[0].decode()
        elif p_type == PT_DYNAMIC:
            dyn = (off, filesz)
        elif p_type == PT_LOAD:
            loads.append((vaddr, off, filesz))
    if dyn is None:
        return interp, []
    entries, strtab = [], None
    for j in range(dyn[1] // 16):
        tag, val = struct.unpack_from("<qQ", data, dyn[0] + j * 16)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            entries.append(val)
        elif tag == DT_STRTAB:
            strtab = next((off + val - va for va, off, sz in loads
                           if va <= val < va + sz), None)
    if strtab is None:
        raise ValueError("DT_STRTAB outside every PT_LOAD")
    return interp, [data[strtab + v:data.index(b"\0", strtab + v)].decode()
                    for v in entries]


def resolve(tree, rel):
    """The regular file the archive path `rel` names inside tree, following
    symbolic links (absolute ones from the tree's root) a bounded number of
    times; None if there is none."""
    p = Path(rel)
    for _ in range(40):
        full = Path(tree) / p
        if full.is_symlink():
            t = Path(full.readlink())
            p = Path(str(t).lstrip("/")) if t.is_absolute() else p.parent / t
            continue
        return full if full.is_file() else None
    return None


def find_lib(tree, soname):
    """(LIB_DIRS entry, Path) of the library soname in tree."""
    for d in LIB_DIRS:
        f = resolve(tree, f"{d}/{soname}")
        if f is not None:
            return d, f
    raise FileNotFoundError(f"library {soname} not found in {tree} ({', '.join(LIB_DIRS)})")


def _add_loader(tree, out, interp):
    """The loader under its PT_INTERP path (a link to its real file when
    the tree has it elsewhere); its Path."""
    name = interp.lstrip("/")
    real = resolve(tree, name)
    if real is None:
        raise FileNotFoundError(f"loader {interp} not found in {tree}")
    rel = str(real.relative_to(tree))
    out.setdefault(rel, ("file", real))
    if rel != name:
        out.setdefault(name, ("link", "/" + rel))
    return real


def closure(tree, programs, dlopened=DLOPENED, dirs=(), links=()):
    tree = Path(tree)
    out = {d: ("dir", None) for d in dirs}
    out.update({n: ("link", t) for n, t in links})
    todo = []
    for rel in programs:
        f = resolve(tree, rel)
        if f is None:
            raise FileNotFoundError(f"{rel} missing from {tree}")
        out[rel] = ("file", f)
        todo.append(f)
    for so in dlopened:
        d, real = find_lib(tree, so)
        out.setdefault(f"{d}/{so}", ("file", real))
        todo.append(real)
    done = set()
    while todo:
        if len(done) > MAX_LIBS:
            raise ValueError(f"more than {MAX_LIBS} libraries: a loop?")
        f = todo.pop()
        if f in done:
            continue
        done.add(f)
        interp, needed = elf_needed(f.read_bytes())
        if interp and interp.lstrip("/") not in out:
            todo.append(_add_loader(tree, out, interp))
        for so in needed:
            d, real = find_lib(tree, so)
            out.setdefault(f"{d}/{so}", ("file", real))
            todo.append(real)
    return out


def shadow_links(ents, applets):
    """ents plus links from busybox's applet paths to Debian's programs
    of the same name (busybox --install -s keeps what exists)."""
    out = dict(ents)
    where = {}
    for a in applets:
        a = a.strip().lstrip("/")
        if a:
            where.setdefault(a.rsplit("/", 1)[-1], []).append(a)
    for name, (kind, _) in ents.items():
        if kind != "file" or not name.startswith(("bin/", "sbin/", "usr/bin/", "usr/sbin/")):
            continue
        for a in where.get(name.rsplit("/", 1)[-1], ()):
            if a != name:
                out.setdefault(a, ("link", "/" + name))
    return out


def is_program(name):
    return name.startswith(("bin/", "sbin/", "usr/bin/", "usr/sbin/",
                            "usr/lib/xen-4.17/bin/")) or "/ld-linux" in name


def add(cpio, ents):
    for name, (kind, src) in sorted(ents.items()):
        if kind == "dir":
            cpio.dir(name)
        elif kind == "link":
            cpio.symlink(name, src)
        else:
            cpio.file(name, src.read_bytes(), 0o755 if is_program(name) else 0o644)
