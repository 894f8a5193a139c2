#!/usr/bin/python3
"""The dom0 test assets: Debian's kernel, Debian's Xen 4.17 and a busybox initrd.

Interface (library, used by test_dom0.py and bench.py; stdlib only):
    cache_dir(build=None)          -> <BUILD>/cache
    fetch_kernel(cache)            -> (vmlinuz Path, modules dir Path)
    fetch_xen(cache)               -> Path of Debian's xen-4.17-amd64.gz
    build_initrd(cache, modules_dir=None) -> Path of a cached .cpio.gz
  The fetchers run tests/qemu/fetch-kernel.sh and raise FetchError if the
  package cannot be had (no apt access).

Interface (command line):
    mkinitrd.py [CACHEDIR [OUT.cpio.gz]]   builds (or reuses) the initrd for
        the kernel fetch-kernel.sh resolves; prints its path (OUT if given).

The initrd holds Debian's static busybox (applets installed by /init), /init
and /tests/*.sh from tests/qemu/initrd/, the PROGRAMS (/bin/dom0bench,
/bin/dom0gnt, /bin/xenstored, /bin/xenstore) compiled here with gcc -static, and the kernel modules in MODULES plus everything they depend on
(read from each module's .modinfo "depends=", since Debian's package ships
no modules.dep and depmod may be absent), with a modules.dep written for
busybox modprobe.

Invariants:
  - The initrd is cached under a hash of every input (scripts, sources,
    busybox, modules, compiler version, this file); a cache entry is
    complete or absent (written under a temporary name, then renamed).
  - The archive is reproducible: files are owned by root, mtimes are 0.
"""

import gzip
import hashlib
import io
import lzma
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INITRD_SRC = HERE / "initrd"
FETCH = HERE / "fetch-kernel.sh"
BUSYBOX = Path("/bin/busybox")
FORMAT_VERSION = "1"        # bump when the initrd layout changes
FETCH_TIMEOUT = 1800        # s: apt-get update + download, worst case
INITRD_CACHE_KEEP = 8
PUBLIC = ROOT / "include" / "public"   # the only headers of ours a program sees

# C programs in /bin: name -> source (dom0gnt includes <public/...>).
PROGRAMS = {
    "dom0bench": INITRD_SRC / "dom0bench.c",
    "dom0gnt": ROOT / "tools" / "tests" / "dom0gnt.c",
    # A program of several files: its directory's .c files, linked together.
    "xenstored": ROOT / "tools" / "xenstored",
    "xenstore": ROOT / "tools" / "xenstore" / "xenstore.c",
}


def _program_sources(name):
    """The .c files of PROGRAMS[name] (a file, or a directory of them)."""
    src = PROGRAMS[name]
    return sorted(src.glob("*.c")) if src.is_dir() else [src]


def _program_inputs():
    """Every file the programs are built from, headers of their directory
    included (for the cache key)."""
    out = []
    for name in PROGRAMS:
        src = PROGRAMS[name]
        d = src if src.is_dir() else src.parent
        out += _program_sources(name) + sorted(d.glob("*.h"))
    return out

# Kernel modules the dom0 tests load (dependencies are added automatically).
MODULES = (
    "xen-evtchn", "xenfs", "xen-privcmd", "xen-gntdev", "xen-gntalloc",
    "xen-blkback", "xen-netback",
    "virtio_pci", "virtio_blk", "virtio_net",
    "ahci", "libahci", "libata", "sd_mod",
    "e1000",
    "ext4", "jbd2", "mbcache", "crc16", "crc32c_generic", "libcrc32c",
    "crct10dif_generic", "crc64_rocksoft_generic",
)


class FetchError(RuntimeError):
    """The Debian package could not be fetched (offline, no apt)."""


def cache_dir(build=None):
    b = Path(build or os.environ.get("BUILD") or "build")
    return (b if b.is_absolute() else ROOT / b) / "cache"


def _fetch(cache, *opts):
    try:
        p = subprocess.run([str(FETCH), *opts, str(cache)], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=FETCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise FetchError(f"{FETCH.name} {' '.join(opts)} timed out") from None
    if p.returncode != 0:
        raise FetchError(f"{FETCH.name} {' '.join(opts)} failed:\n{p.stderr.strip()}")
    return [Path(line) for line in p.stdout.split("\n") if line.strip()]


def fetch_kernel(cache=None):
    vmlinuz, moddir = _fetch(cache or cache_dir())[:2]
    return vmlinuz, moddir


def fetch_xen(cache=None):
    return _fetch(cache or cache_dir(), "--xen")[0]


# ---------------------------------------------------------------- modules

def _mod_name(path_or_name):
    n = Path(str(path_or_name)).name
    for suffix in (".xz", ".zst", ".gz", ".ko"):
        n = n.removesuffix(suffix)
    return n.replace("-", "_")


def _read_module(path):
    data = path.read_bytes()
    if path.name.endswith(".xz"):
        data = lzma.decompress(data)
    return data


def _modinfo_depends(data):
    """The depends= list of an ELF64 little-endian module's .modinfo section."""
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError("not an ELF64 module")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(i):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            for field in data[off:off + size].split(b"\0"):
                if field.startswith(b"depends="):
                    deps = field[len(b"depends="):].decode()
                    return [d for d in deps.split(",") if d]
            return []
    return []


def module_closure(moddir, wanted=MODULES):
    """{name: (relative path, [direct deps])} for `wanted` and their deps.
    Built-in modules (modules.builtin) are skipped silently."""
    moddir = Path(moddir)
    index = {}
    for p in (moddir / "kernel").rglob("*.ko*"):
        index.setdefault(_mod_name(p), p)
    builtin = set()
    bf = moddir / "modules.builtin"
    if bf.is_file():
        builtin = {_mod_name(line) for line in bf.read_text().split()}
    out, todo = {}, [_mod_name(w) for w in wanted]
    for _ in range(10000):              # bounded: far more than any closure
        if not todo:
            break
        name = todo.pop()
        if name in out or name in builtin:
            continue
        if name not in index:
            raise FileNotFoundError(f"kernel module {name} not found in {moddir}")
        deps = [_mod_name(d) for d in _modinfo_depends(_read_module(index[name]))]
        out[name] = (index[name].relative_to(moddir), deps)
        todo.extend(deps)
    return out


def _modules_dep(closure):
    """modules.dep text: each module, then all its dependencies, each listed
    before its own dependencies (so loading the list backwards works)."""
    lines = []
    for name in sorted(closure):
        order, seen = [], set()

        def visit(n, depth=0):
            if depth > 64:
                raise ValueError(f"module dependency loop at {n}")
            for d in closure[n][1]:
                if d in closure and d not in seen:
                    seen.add(d)
                    visit(d, depth + 1)
                    order.append(d)

        visit(name)
        order.reverse()                 # dependents before their dependencies
        rel = closure[name][0]
        lines.append(f"{rel}: " + " ".join(str(closure[d][0]) for d in order))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- cpio

class Cpio:
    """A newc cpio archive written in memory (root-owned, mtime 0)."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.ino = 1
        self.dirs = set()

    def _entry(self, name, mode, data=b"", rdev=(0, 0), nlink=1):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08X}" for v in (
            self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
            len(name_b), 0))
        self.ino += 1
        self.buf.write(hdr.encode() + name_b)
        self.buf.write(b"\0" * (-(110 + len(name_b)) % 4))
        self.buf.write(data)
        self.buf.write(b"\0" * (-len(data) % 4))

    def dir(self, name):
        parts = name.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self.dirs:
                self.dirs.add(d)
                self._entry(d, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, name, data, mode=0o644):
        self.dir(os.path.dirname(name))
        self._entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self.dir(os.path.dirname(name))
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, mode=0o600):
        self.dir(os.path.dirname(name))
        self._entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return self.buf.getvalue()


# ---------------------------------------------------------------- the initrd

def _sources():
    """(archive name, source Path) of the scripts under tests/qemu/initrd/."""
    out = [("init", INITRD_SRC / "init")]
    for p in sorted((INITRD_SRC / "tests").iterdir()):
        out.append((f"tests/{p.name}", p))
    return out


def _digest(h, path):
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    h.update(b"\0")


def _compile(tmp, name):
    out = Path(tmp) / name
    argv = ["gcc", "-static", "-O2", "-Wall", "-Wextra", "-Werror",
            "-I", str(ROOT / "include"), "-o", str(out),
            *(str(f) for f in _program_sources(name))]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{p.stdout}{p.stderr}\n"
                           "(gcc and libc6-dev are needed: run `make deps`)")
    return out.read_bytes()


def _gcc_version():
    try:
        return subprocess.run(["gcc", "-dumpfullversion"], capture_output=True,
                              text=True, timeout=30).stdout.strip()
    except FileNotFoundError:
        raise RuntimeError("gcc not found: run `make deps`") from None


def build_initrd(cache=None, modules_dir=None):
    """Build (or reuse) the initrd for the kernel whose modules are in
    modules_dir (default: fetch the current Debian kernel)."""
    cache = Path(cache or cache_dir())
    if modules_dir is None:
        modules_dir = fetch_kernel(cache)[1]
    moddir = Path(modules_dir)
    release = moddir.name
    if not BUSYBOX.is_file():
        raise RuntimeError(f"{BUSYBOX} missing: install busybox-static (`make deps`)")
    closure = module_closure(moddir)

    key = hashlib.sha256()
    key.update(f"{FORMAT_VERSION}\0{release}\0{_gcc_version()}\0".encode())
    for f in [Path(__file__), BUSYBOX, *_program_inputs(),
              *sorted(PUBLIC.rglob("*.h"))]:
        _digest(key, f)
    for name, src in _sources():
        key.update(name.encode() + (b"L" + os.readlink(src).encode()
                                    if src.is_symlink() else b"F") + b"\0")
        if not src.is_symlink():
            _digest(key, src)
    for name in sorted(closure):
        key.update(str(closure[name][0]).encode() + b"\0")
        _digest(key, moddir / closure[name][0])
    store = cache / "initrd"
    store.mkdir(parents=True, exist_ok=True)
    out = store / f"{key.hexdigest()[:32]}.cpio.gz"
    if out.is_file():
        os.utime(out)
        return out

    with tempfile.TemporaryDirectory(dir=store, prefix="tmp-") as tmp:
        a = Cpio()
        for d in ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev",
                  "tmp", "mnt", "root", "etc"):
            a.dir(d)
        a.chardev("dev/console", 5, 1)
        a.chardev("dev/null", 1, 3, 0o666)
        a.file("bin/busybox", BUSYBOX.read_bytes(), 0o755)
        a.symlink("bin/sh", "busybox")
        for prog in PROGRAMS:
            a.file(f"bin/{prog}", _compile(tmp, prog), 0o755)
        for name, src in _sources():
            if src.is_symlink():
                a.symlink(name, os.readlink(src))
            else:
                a.file(name, src.read_bytes(), 0o755 if os.access(src, os.X_OK) else 0o644)
        base = f"lib/modules/{release}"
        for name in sorted(closure):
            rel = closure[name][0]
            data = (moddir / rel).read_bytes()
            a.file(f"{base}/{rel}", data)
        a.file(f"{base}/modules.dep", _modules_dep(closure).encode())
        for extra in ("modules.builtin", "modules.order"):
            if (moddir / extra).is_file():
                a.file(f"{base}/{extra}", (moddir / extra).read_bytes())
        partial = Path(tmp) / "initrd.cpio.gz"
        with open(partial, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=6, mtime=0) as z:
                z.write(a.finish())
        os.replace(partial, out)
    olds = sorted(store.glob("*.cpio.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in olds[INITRD_CACHE_KEEP:]:
        old.unlink(missing_ok=True)
    return out


def main(argv):
    if len(argv) > 2 or (argv and argv[0] in ("-h", "--help")):
        print("usage: mkinitrd.py [CACHEDIR [OUT.cpio.gz]]", file=sys.stderr)
        return 2
    cache = Path(argv[0]) if argv else cache_dir()
    try:
        path = build_initrd(cache)
    except (FetchError, RuntimeError, FileNotFoundError, ValueError) as e:
        print(f"mkinitrd: {e}", file=sys.stderr)
        return 1
    if len(argv) > 1:
        shutil.copyfile(path, argv[1])
        path = Path(argv[1])
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
