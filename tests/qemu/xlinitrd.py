"""What Debian's Xen 4.17 userspace adds to the dom0 test initrd (its "xl"
flavour, mkinitrd.build_xl_initrd): the reference toolstack `make bench`
races ours against (tests/qemu/initrd/tests/xlbench.sh).

Interface (stdlib only; used by mkinitrd.py):
    entries(tree) -> [(archive name, kind, source)], sorted by name, where
        tree is what `fetch-kernel.sh --xen-utils` unpacked and kind is
        "file" (source: the Path to copy), "link" (source: the target)
        or "dir" (source: None)
    add(cpio, entries) puts them into a mkinitrd.Cpio
    elf_needed(data) -> (PT_INTERP or None, [DT_NEEDED names])
The programs are XL_PROGRAMS (Debian's paths); the libraries are the
transitive DT_NEEDED closure, looked up in the tree's LIB_DIRS (the dynamic
loader's default directories on Debian: no ld.so.cache is needed) and put
into the archive under their soname, the loader under its PT_INTERP path,
plus DLOPENED (libraries glibc loads at run time).
Invariants: a library that cannot be found raises FileNotFoundError (a
flavour that would fail at run time is never built); symbolic links inside
the tree are followed within the tree, never into the host.
"""

import struct
from pathlib import Path

BIN = "usr/lib/xen-4.17/bin"
# The programs Debian's init script (/etc/init.d/xen) and `xl create` use.
XL_PROGRAMS = tuple(f"{BIN}/{n}" for n in (
    "xl", "xenstored", "oxenstored", "xenconsoled", "xen-init-dom0",
    "xenstore-control", "xenconsole")) + ("usr/bin/xenstore",)
# Debian's xenstore-* clients: one program, told apart by argv[0].
XENSTORE_LINKS = ("read", "write", "ls", "list", "rm", "exists", "chmod", "watch")
CONFIGS = ("etc/xen/xl.conf", "etc/xen/oxenstored.conf")
# Loaded with dlopen(), so in no DT_NEEDED: glibc's pthread_cancel (xl
# create's child) aborts without libgcc_s.
DLOPENED = ("libgcc_s.so.1",)
LIB_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib", "usr/lib")
# Where xl, libxl, the daemons and Debian's scripts write; var/run and
# var/lock are Debian's links into the tmpfs /run.
DIRS = ("run", "var/lib/xen", "var/lib/xenstored", "var/log/xen/console")
LINKS = (("var/run", "/run"), ("var/lock", "/run/lock"))
MAX_LIBS = 200          # far more than xl needs (about 25)

PT_DYNAMIC, PT_INTERP, PT_LOAD = 2, 3, 1
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


def _resolve(tree, rel):
    """The regular file the archive path `rel` names inside tree, following
    symbolic links (absolute ones from the tree's root) a bounded number of
    times; None if there is none."""
    p = Path(rel)
    for _ in range(40):
        full = tree / p
        if full.is_symlink():
            t = Path(full.readlink())
            p = Path(str(t).lstrip("/")) if t.is_absolute() else p.parent / t
            continue
        return full if full.is_file() else None
    return None


def _find_lib(tree, soname):
    for d in LIB_DIRS:
        f = _resolve(tree, f"{d}/{soname}")
        if f is not None:
            return d, f
    raise FileNotFoundError(f"library {soname} not found in {tree} ({', '.join(LIB_DIRS)})")


def entries(tree):
    tree = Path(tree)
    out = {d: ("dir", None) for d in DIRS}
    out.update({n: ("link", t) for n, t in LINKS})
    todo = []
    for rel in XL_PROGRAMS:
        f = _resolve(tree, rel)
        if f is None:
            raise FileNotFoundError(f"{rel} missing from {tree}")
        out[rel] = ("file", f)
        todo.append(f)
    for n in XENSTORE_LINKS:
        out[f"usr/bin/xenstore-{n}"] = ("link", "xenstore")
    for rel in CONFIGS:
        if (tree / rel).is_file():
            out[rel] = ("file", tree / rel)
    for so in DLOPENED:
        d, real = _find_lib(tree, so)
        out[f"{d}/{so}"] = ("file", real)
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
            real = _resolve(tree, interp.lstrip("/"))
            if real is None:
                raise FileNotFoundError(f"loader {interp} not found in {tree}")
            rel = str(real.relative_to(tree))
            out[rel] = ("file", real)
            if rel != interp.lstrip("/"):
                out[interp.lstrip("/")] = ("link", "/" + rel)
            todo.append(real)
        for so in needed:
            d, real = _find_lib(tree, so)
            out.setdefault(f"{d}/{so}", ("file", real))
            todo.append(real)
    return sorted((n, k, s) for n, (k, s) in out.items())


def add(cpio, ents):
    for name, kind, src in ents:
        if kind == "dir":
            cpio.dir(name)
        elif kind == "link":
            cpio.symlink(name, src)
        else:
            mode = 0o755 if name.startswith(("usr/lib/xen-4.17/bin/", "usr/bin/")) \
                or "/ld-linux" in name else 0o644
            cpio.file(name, src.read_bytes(), mode)
