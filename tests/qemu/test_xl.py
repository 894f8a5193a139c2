"""The reference toolstack (issues 10, 11): Debian's own Xen 4.17 userspace
(xl, xenstored, xenconsoled, libxenlight) in the "xl" flavour of the dom0
initrd, on Debian's Xen 4.17, boots our domU kernel and initrd: what
`make bench` races our `xm create` against stays honest.

Interface: test_elf_needed_* check, on the host, the ELF reader that
finds the libraries of the "xl" flavour against binutils' readelf, and the
closure against the dynamic loader of the unpacked packages;
test_xl_create_boots_domU boots Xen 4.17 + dom0 with
dom0test=xlbench xlbench=1 (tests/qemu/initrd/tests/xlbench.sh) once per
xenstored (Debian's C xenstored and its default, oxenstored) and checks
that `xl create` took the domU to "DOMU-INIT: started" with the memory and
vCPU count of its config, that the domU powered itself off and was
destroyed, and that the create time was measured.
Skipped when Debian's kernel, Xen 4.17 or its userspace cannot be fetched.
Invariants: each boot is bounded by $XL_TIMEOUT (default 400 s) and killed
at the end of its test.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import dom0
import mkinitrd
import xlinitrd
from qemu import expect

TIMEOUT = float(os.environ.get("XL_TIMEOUT", "400"))
DOMU_MEM_KB = 128 * 1024                # memory = 128 in xlbench.sh's config


@pytest.fixture(scope="module")
def xl_assets(build):
    try:
        a = dom0.assets(build)
        dom0.xen417(a)
        return dom0.xl_assets(a)
    except mkinitrd.FetchError as e:
        pytest.skip(f"Debian's Xen 4.17 (or its userspace) not available: {e}")


def _readelf(path):
    """(interpreter, [needed]) as binutils' readelf prints them."""
    out = subprocess.run(["readelf", "-lWd", str(path)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", out)
    return (interp.group(1) if interp else None,
            re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


@pytest.mark.parametrize("prog", ["/usr/bin/python3", "/bin/ls", "/bin/busybox"])
def test_elf_needed_matches_readelf(prog):
    if not shutil.which("readelf") or not Path(prog).is_file():
        pytest.skip(f"readelf or {prog} missing")
    real = Path(prog).resolve()
    assert xlinitrd.elf_needed(real.read_bytes()) == _readelf(real)


def test_elf_needed_closure_complete(build):
    """Every library the flavour's programs need, as the loader of the
    unpacked packages resolves them, is in the archive under its soname."""
    cached = sorted((mkinitrd.cache_dir(build) / "xen-utils").glob("*/PACKAGES"))
    if not cached:
        pytest.skip("Debian's Xen 4.17 userspace not fetched (fetch-kernel.sh --xen-utils)")
    tree = cached[-1].parent
    names = {n for n, _, _ in xlinitrd.entries(tree)}
    lib_path = ":".join(str(tree / d) for d in xlinitrd.LIB_DIRS)
    real_loader = xlinitrd._resolve(tree, "lib64/ld-linux-x86-64.so.2")
    assert real_loader is not None, f"no lib64/ld-linux-x86-64.so.2 in {tree}"
    for prog in xlinitrd.XL_PROGRAMS:
        out = subprocess.run([str(real_loader), "--library-path", lib_path, "--list",
                              str(tree / prog)], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        for so, where in re.findall(r"^\s*(\S+) => (\S+)", out, re.M):
            if so.startswith("/"):          # the loader, by its PT_INTERP path
                assert so.lstrip("/") in names, f"{prog}'s loader {so} not in the archive"
                continue
            assert any(f"{d}/{so}" in names for d in xlinitrd.LIB_DIRS), \
                f"{prog} needs {so} ({where}), not in the archive"


@pytest.mark.parametrize("xs", ["xenstored", "oxenstored"])
def test_xl_create_boots_domU(xl_assets, build, xs):
    r = dom0.boot("xen", xl_assets, f"dom0test=xlbench xlbench=1 xlbench_xs={xs}",
                  smp=2, cpu="qemu64", timeout=TIMEOUT, until=dom0.TEST_END,
                  linger=0.5, name=f"xl-{xs}", build=build)
    expect(r, r"^DOM0-INIT: started", "dom0 init")
    m = expect(r, r"^DOM0-TEST xlbench: (PASS|FAIL)(.*)$", "xlbench result")
    assert m.group(1) == "PASS", f"{m.group(0)}\n{r.describe()}"
    # The domU's own console, as xenconsoled logged it.
    expect(r, r"^XL-DOMU: DOMU-INIT: started", "the domU's init")
    mem = int(expect(r, r"^XL-DOMU: DOMU-MEMTOTAL: (\d+)", "domU MemTotal").group(1))
    assert 0.5 * DOMU_MEM_KB <= mem <= DOMU_MEM_KB, f"domU MemTotal {mem} kB, config 128M"
    cpus = int(expect(r, r"^XL-DOMU: DOMU-CPUS: (\d+)", "domU CPUs").group(1))
    assert cpus == 1, f"domU sees {cpus} CPUs, config vcpus = 1"
    run = expect(r, r"^XLBENCH-RUN 1: DOM0-CREATE ms=(\d+) cmd_ms=\d+ rc=0", "run 1")
    bench = dom0.markers(r)["bench"]
    assert bench.get("create_ms") == float(run.group(1)), f"{bench}\n{r.describe()}"
