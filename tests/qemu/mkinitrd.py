#!/usr/bin/python3
"""The dom0 test assets: Debian's kernel, Debian's Xen 4.17 and a busybox initrd.

Interface (library, used by test_dom0.py and bench.py; stdlib only):
    cache_dir(build=None)          -> <BUILD>/cache
    fetch_kernel(cache)            -> (vmlinuz Path, modules dir Path)
    fetch_xen(cache)               -> Path of Debian's xen-4.17-amd64.gz
    build_initrd(cache, modules_dir=None) -> Path of a cached .cpio.gz
    fetch_xen_utils(cache)         -> Path of Debian's Xen 4.17 userspace,
                                      unpacked (fetch-kernel.sh --xen-utils)
    fetch_debs(cache)              -> Path of debbin.PACKAGES and their
                                      libraries, unpacked (--debs)
    build_xl_initrd(cache, modules_dir=None) -> Path of the "xl" flavour:
        the same initrd plus Debian's xl, xenstored, oxenstored,
        xenconsoled, xen-init-dom0, xenstore-* (XL_PROGRAMS), the dynamic
        loader and every shared library they need (DT_NEEDED, transitively,
        found in the unpacked packages), /etc/xen/{xl,oxenstored}.conf and
        the directories they write to (the reference toolstack of
        `make bench`, tests/qemu/initrd/tests/xlbench.sh), and debbin.XL
        (bash, flock, losetup, ip: what Xen's hotplug scripts run)
  The fetchers run tests/qemu/fetch-kernel.sh and raise FetchError if the
  package cannot be had (no apt access).

Interface (command line):
    mkinitrd.py [CACHEDIR [OUT.cpio.gz]]   builds (or reuses) the initrd for
        the kernel fetch-kernel.sh resolves; prints its path (OUT if given).

The initrd holds Debian's static busybox (applets installed by /init), /init
and /tests/*.sh from tests/qemu/initrd/, /etc/xen/domU.cfg (tools/examples/), the PROGRAMS (/bin/dom0bench,
/bin/dom0gnt, /bin/xenstored, /bin/xenstore) compiled here with gcc -static, the kernel modules in MODULES plus everything they depend on
(read from each module's .modinfo "depends=", since Debian's package ships
no modules.dep and depmod may be absent), with a modules.dep written for
busybox modprobe.  For the toolstack tests it also holds the same kernel as
/boot/vmlinuz and a domU initrd /boot/domU-initrd.gz (busybox, /init from
tests/qemu/initrd/domU/, the DOMU_MODULES frontends).  Both hold Debian
programs (debbin.DOM0, debbin.DOMU: iperf3) with the dynamic loader and
their shared libraries, taken from the packages of debbin.PACKAGES; a
Debian program shadows busybox's applet of the same name.  dom0's also
holds the micro guests of DOM0_GUESTS as /boot/guests/NAME (built by
tests/guests/guests.mk).

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

import debbin
import xlinitrd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INITRD_SRC = HERE / "initrd"
FETCH = HERE / "fetch-kernel.sh"
BUSYBOX = Path("/bin/busybox")
FORMAT_VERSION = "1"        # bump when the initrd layout changes
FETCH_TIMEOUT = 1800        # s: apt-get update + download, worst case
INITRD_CACHE_KEEP = 32
PUBLIC = ROOT / "include" / "public"   # the only headers of ours a program sees

# C programs in /bin: name -> source (dom0gnt includes <public/...>).
# A source is a file or a directory (its .c files), or a tuple of them
# linked together; LIBS adds link options per program.
LIBXC = ROOT / "tools" / "libxc"
PROGRAMS = {
    "dom0bench": INITRD_SRC / "dom0bench.c",
    "dom0gnt": ROOT / "tools" / "tests" / "dom0gnt.c",
    # A program of several files: its directory's .c files, linked together.
    "xenstored": (ROOT / "tools" / "xenstored", LIBXC),
    "xenstore": ROOT / "tools" / "xenstore" / "xenstore.c",
}
LIBS = {"xenstored": ("-llzma", "-lzstd")}   # it links libxc (domain deaths)
# Programs on tools/libxc (include "../libxc/xc.h"), where they exist.
for _name in ("xm", "xenconsoled", "xcbuild"):
    if (ROOT / "tools" / _name).is_dir():
        PROGRAMS[_name] = (ROOT / "tools" / _name, LIBXC)
        LIBS[_name] = ("-llzma", "-lzstd")


def _program_dirs(name):
    src = PROGRAMS[name]
    return list(src) if isinstance(src, tuple) else [src]


def _program_sources(name):
    """The .c files of PROGRAMS[name]."""
    out = []
    for src in _program_dirs(name):
        out += sorted(src.glob("*.c")) if src.is_dir() else [src]
    return out


def _program_inputs():
    """Every file the programs are built from, headers of their directory
    included (for the cache key)."""
    out = []
    for name in PROGRAMS:
        for src in _program_dirs(name):
            d = src if src.is_dir() else src.parent
            out += sorted(d.glob("*.c")) if src.is_dir() else [src]
            out += sorted(d.glob("*.h"))
    return out

# Micro guests (tests/guests/NAME.c, built by tests/guests/guests.mk) that
# dom0 tests start with xm: /boot/guests/NAME.
GUEST_DIR = ROOT / "tests" / "guests"
DOM0_GUESTS = (
    "xs_hostile",
    "net_hostile",
)


def _guest_inputs():
    """What the DOM0_GUESTS are built from (for the cache key)."""
    out = [GUEST_DIR / "guests.mk", *sorted((GUEST_DIR / "lib").iterdir())]
    for name in DOM0_GUESTS:
        out += [p for p in (GUEST_DIR / f"{name}.c", GUEST_DIR / f"{name}.lds") if p.is_file()]
    return out


def _build_guest(tmp, name):
    build = Path(tmp) / "guests-build"
    argv = ["make", "-s", "-f", "tests/guests/guests.mk", f"BUILD={build}",
            f"{build}/guests/{name}"]
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{p.stdout}{p.stderr}")
    return (build / "guests" / name).read_bytes()

# Kernel modules the dom0 tests load (dependencies are added automatically).
MODULES = (
    "xen-evtchn", "xenfs", "xen-privcmd", "xen-gntdev", "xen-gntalloc",
    "xen-blkback", "xen-netback",
    "virtio_pci", "virtio_blk", "virtio_net",
    "ahci", "libahci", "libata", "sd_mod",
    "e1000",
    "loop", "bridge",
    "ext4", "jbd2", "mbcache", "crc16", "crc32c_generic", "libcrc32c",
    "crct10dif_generic", "crc64_rocksoft_generic",
)


# Modules of the domU initrd (/boot/domU-initrd.gz): Linux's frontends.
DOMU_MODULES = (
    "xen-blkfront", "xen-netfront",
    "ext4", "jbd2", "mbcache", "crc16", "crc32c_generic", "libcrc32c",
    "crct10dif_generic", "crc64_rocksoft_generic",
)
DOMU_SRC = INITRD_SRC / "domU"


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


def fetch_xen_utils(cache=None):
    return _fetch(cache or cache_dir(), "--xen-utils")[0]


def fetch_debs(cache=None):
    return _fetch(cache or cache_dir(), "--debs", ",".join(debbin.PACKAGES))[0]


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
    # The example domU of `make run` (tests/run.sh).
    out.append(("etc/xen/domU.cfg", ROOT / "tools" / "examples" / "domU.cfg"))
    return out


def _domu_sources():
    """(archive name, source Path) of the domU initrd's scripts."""
    out = [("init", DOMU_SRC / "init")]
    tests = DOMU_SRC / "tests"
    if tests.is_dir():
        out += [(f"tests/{p.name}", p) for p in sorted(tests.iterdir())]
    return out


def _kernel_image(moddir):
    """The vmlinuz fetch-kernel.sh unpacked next to lib/modules/RELEASE."""
    moddir = Path(moddir)
    return moddir.parents[2] / "boot" / f"vmlinuz-{moddir.name}"


def _add_modules(a, moddir, closure):
    base = f"lib/modules/{Path(moddir).name}"
    for name in sorted(closure):
        rel = closure[name][0]
        a.file(f"{base}/{rel}", (Path(moddir) / rel).read_bytes())
    a.file(f"{base}/modules.dep", _modules_dep(closure).encode())
    for extra in ("modules.builtin", "modules.order"):
        if (Path(moddir) / extra).is_file():
            a.file(f"{base}/{extra}", (Path(moddir) / extra).read_bytes())


def _base_dirs(a):
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev",
              "tmp", "mnt", "root", "etc"):
        a.dir(d)
    a.chardev("dev/console", 5, 1)
    a.chardev("dev/null", 1, 3, 0o666)
    a.file("bin/busybox", BUSYBOX.read_bytes(), 0o755)
    a.symlink("bin/sh", "busybox")


def _add_sources(a, sources):
    for name, src in sources:
        if src.is_symlink():
            a.symlink(name, os.readlink(src))
        else:
            a.file(name, src.read_bytes(), 0o755 if os.access(src, os.X_OK) else 0o644)


def _gzip(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as z:
        z.write(data)
    return out.getvalue()


def _domu_initrd(moddir, debs=None):
    """The domU's initrd: busybox, DOMU_SRC's scripts, DOMU_MODULES, the
    Debian programs `debs` (debbin entries)."""
    a = Cpio()
    _base_dirs(a)
    _add_sources(a, _domu_sources())
    _add_modules(a, moddir, module_closure(moddir, DOMU_MODULES))
    debbin.add(a, debs or {})
    return _gzip(a.finish())


def _busybox_applets():
    """busybox's applets with their install paths (--list-full)."""
    p = subprocess.run([str(BUSYBOX), "--list-full"], capture_output=True, text=True,
                       timeout=30)
    return p.stdout.split() if p.returncode == 0 else []


def _deb_entries(tree, programs):
    return debbin.shadow_links(debbin.closure(tree, programs), _busybox_applets())


def _digest(h, path):
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    h.update(b"\0")


def _compile(tmp, name):
    out = Path(tmp) / name
    argv = ["gcc", "-static", "-O2", "-Wall", "-Wextra", "-Werror",
            "-I", str(ROOT / "include"), "-o", str(out),
            *(str(f) for f in _program_sources(name)), *LIBS.get(name, ())]
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


def build_xl_initrd(cache=None, modules_dir=None):
    """The initrd of build_initrd() plus Debian's Xen 4.17 userspace
    (FetchError if it cannot be had)."""
    cache = Path(cache or cache_dir())
    return build_initrd(cache, modules_dir, xen_utils=fetch_xen_utils(cache))


def build_initrd(cache=None, modules_dir=None, xen_utils=None):
    """Build (or reuse) the initrd for the kernel whose modules are in
    modules_dir (default: fetch the current Debian kernel); with xen_utils
    (an unpacked tree of fetch_xen_utils) the "xl" flavour."""
    cache = Path(cache or cache_dir())
    if modules_dir is None:
        modules_dir = fetch_kernel(cache)[1]
    moddir = Path(modules_dir)
    release = moddir.name
    if not BUSYBOX.is_file():
        raise RuntimeError(f"{BUSYBOX} missing: install busybox-static (`make deps`)")
    closure = module_closure(moddir)
    domu_closure = module_closure(moddir, DOMU_MODULES)
    vmlinuz = _kernel_image(moddir)
    if not vmlinuz.is_file():
        raise FileNotFoundError(f"{vmlinuz} missing (the domU kernel)")

    debs = fetch_debs(cache)
    dom0_debs = _deb_entries(debs, debbin.DOM0 + (debbin.XL if xen_utils else ()))
    domu_debs = _deb_entries(debs, debbin.DOMU)

    key = hashlib.sha256()
    key.update(f"{FORMAT_VERSION}\0{release}\0{_gcc_version()}\0".encode())
    for f in [Path(__file__), Path(xlinitrd.__file__), Path(debbin.__file__), BUSYBOX,
              vmlinuz, *_program_inputs(),
              *sorted(PUBLIC.rglob("*.h")), *_guest_inputs()]:
        _digest(key, f)
    for name, src in _sources() + [("domU/" + n, p) for n, p in _domu_sources()]:
        # "X": the archive gives the file mode 0755 (_add_sources).
        kind = (b"L" + os.readlink(src).encode() if src.is_symlink()
                else b"X" if os.access(src, os.X_OK) else b"F")
        key.update(name.encode() + kind + b"\0")
        if not src.is_symlink():
            _digest(key, src)
    for c in (closure, domu_closure):
        for name in sorted(c):
            key.update(str(c[name][0]).encode() + b"\0")
            _digest(key, moddir / c[name][0])
    xl = xlinitrd.entries(xen_utils) if xen_utils else []
    # The Debian programs' libraries come from apt's same candidates as
    # xl's: where both have one, they are the same file.
    xl = [e for e in xl if e[0] not in dom0_debs]
    for tag, ents in (("xl", xl), ("dom0", sorted((n, k, s) for n, (k, s) in dom0_debs.items())),
                      ("domU", sorted((n, k, s) for n, (k, s) in domu_debs.items()))):
        for name, kind, src in ents:
            key.update(f"{tag}\0{name}\0{kind}\0".encode())
            if kind == "file":
                _digest(key, src)
            elif kind == "link":
                key.update(src.encode() + b"\0")
    store = cache / "initrd"
    store.mkdir(parents=True, exist_ok=True)
    out = store / f"{key.hexdigest()[:32]}.cpio.gz"
    if out.is_file():
        os.utime(out)
        return out

    with tempfile.TemporaryDirectory(dir=store, prefix="tmp-") as tmp:
        a = Cpio()
        _base_dirs(a)
        for prog in PROGRAMS:
            a.file(f"bin/{prog}", _compile(tmp, prog), 0o755)
        _add_sources(a, _sources())
        _add_modules(a, moddir, closure)
        # What the toolstack tests boot as a domU: the same kernel.
        a.file("boot/vmlinuz", vmlinuz.read_bytes())
        a.file("boot/domU-initrd.gz", _domu_initrd(moddir, domu_debs))
        debbin.add(a, dom0_debs)
        a.dir("boot/guests")
        for name in DOM0_GUESTS:
            a.file(f"boot/guests/{name}", _build_guest(tmp, name), 0o755)
        xlinitrd.add(a, xl)
        partial = Path(tmp) / "initrd.cpio.gz"
        with open(partial, "wb") as f:
            f.write(_gzip(a.finish()))
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
