"""The reference toolstack (issues 10, 11): Debian's own Xen 4.17 userspace
(xl, xenstored, xenconsoled, libxenlight) in the "xl" flavour of the dom0
initrd, on Debian's Xen 4.17, boots our domU kernel and initrd: what
`make bench` races our `xm create` against stays honest.

Interface: test_elf_needed_* check, on the host, the ELF reader that
finds the libraries of the "xl" flavour against binutils' readelf, and the
closure against the dynamic loader of the unpacked packages;
test_debbin_closure_runs_alone puts the entries of each initrd's Debian
programs (debbin.DOM0 + XL, debbin.DOMU) into an empty directory and runs
each program there under chroot (no host library can stand in);
test_xl_create_boots_domU boots Xen 4.17 + dom0 with
dom0test=xlbench xlbench=1 (tests/qemu/initrd/tests/xlbench.sh) once per
xenstored (Debian's C xenstored and its default, oxenstored) and checks
that `xl create` took the domU to "DOMU-INIT: started" with the memory and
vCPU count of its config, that the domU powered itself off and was
destroyed, and that the create time was measured.
test_xl_create_disk_vif boots the same with dom0test=devbench
(tests/qemu/initrd/tests/devbench.sh): `xl create` of a domU with
disk = ['file:...,xvda,w'] and vif = ['bridge=xenbr0'] (Xen's own hotplug
scripts, block and vif-bridge, under Debian's bash), which sees xvda,
pings dom0 over 169.254/16, writes and reads its disk and runs iperf3
against dom0 (small sizes: this is the check, `make bench` measures), and
whose backends are gone (loop device detached, vif off the bridge) after
it powered off.
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

import debbin
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


# A cheap run of each Debian program: exit 0 and this in its output.
DEBBIN_RUNS = {
    "usr/bin/iperf3": (["--version"], "iperf 3."),
    "bin/bash": (["-c", "echo bash-ok"], "bash-ok"),
    "bin/dd": (["--version"], "dd (coreutils)"),
    "usr/bin/flock": (["--version"], "flock from util-linux"),
    "sbin/losetup": (["--version"], "losetup from util-linux"),
    "bin/ip": (["-V"], "ip utility"),
}


def _materialize(ents, root):
    for name, (kind, src) in ents.items():
        p = root / name
        if kind == "dir":
            p.mkdir(parents=True, exist_ok=True)
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        if kind == "link":
            p.symlink_to(src)
        else:
            shutil.copyfile(src, p)
            p.chmod(0o755 if debbin.is_program(name) else 0o644)


@pytest.mark.parametrize("which", ["dom0", "domU"])
def test_debbin_closure_runs_alone(build, tmp_path, which):
    cached = sorted((mkinitrd.cache_dir(build) / "debs").glob("*/ROOTS"),
                    key=lambda p: p.stat().st_mtime)
    want = " ".join(sorted(debbin.PACKAGES))
    cached = [p for p in cached if p.read_text().strip() == want]
    if not cached:
        pytest.skip("debbin.PACKAGES not fetched (fetch-kernel.sh --debs)")
    if os.geteuid() != 0 or not shutil.which("chroot"):
        pytest.skip("chroot needs root")
    tree = cached[-1].parent
    progs = debbin.DOM0 + debbin.XL if which == "dom0" else debbin.DOMU
    ents = debbin.closure(tree, progs)
    assert all(n in ents for n in progs)
    root = tmp_path / "root"
    _materialize(ents, root)
    for prog in progs:
        args, marker = DEBBIN_RUNS[prog]
        p = subprocess.run([shutil.which("chroot"), str(root), "/" + prog, *args], capture_output=True,
                           text=True, timeout=60, env={"PATH": "/bin:/usr/bin"})
        assert p.returncode == 0 and marker in p.stdout + p.stderr, \
            f"{prog} {args} in a chroot of its closure: rc={p.returncode}\n{p.stdout}{p.stderr}"


def test_debbin_shadow_links():
    """A Debian program wins over busybox's applet of the same name wherever
    busybox would install it; other applets stay busybox's."""
    ents = {"bin/ip": ("file", Path("/x")), "usr/bin/iperf3": ("file", Path("/y")),
            "lib/x86_64-linux-gnu/libc.so.6": ("file", Path("/z"))}
    out = debbin.shadow_links(ents, ["/sbin/ip", "/bin/ls", "/usr/bin/libc.so.6", "/bin/ip"])
    assert out["sbin/ip"] == ("link", "/bin/ip")
    assert out["bin/ip"] == ("file", Path("/x"))
    assert "bin/ls" not in out and "usr/bin/libc.so.6" not in out


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


DEVBENCH_CHECK = "devbench_dd=4 devbench_iperf=1"    # the check, not the bench


def test_xl_create_disk_vif(xl_assets, build):
    r = dom0.boot("xen", xl_assets, f"dom0test=devbench devbench_ts=xl {DEVBENCH_CHECK}",
                  smp=2, cpu="qemu64", timeout=TIMEOUT + 200, until=dom0.TEST_END,
                  linger=0.5, name="xl-devbench", build=build)
    expect(r, r"^DOM0-INIT: started", "dom0 init")
    expect(r, r"^DEVBENCH-CREATE: DOM0-CREATE ms=\d+ cmd_ms=\d+ rc=0", "xl create")
    expect(r, r"^DEVBENCH-DOMU: DOMU-INIT: started", "the domU's init")
    sectors = int(expect(r, r"^DEVBENCH-DOMU: DOMU-DEV: xvda sectors=(\d+)", "xvda").group(1))
    assert sectors == (4 + 8) * 2048, f"xvda has {sectors} sectors, the file 12 MiB"
    expect(r, r"^DEVBENCH-DOMU: DOMU-NET: eth0 ", "the domU's eth0")
    expect(r, r"^DEVBENCH-DOMU: DOMU-PING: ok sent=10 received=\d+", "ping dom0")
    for k in ("disk_write_mibs", "disk_read_mibs", "ping_ms", "net_tx_mbits", "net_rx_mbits"):
        expect(r, rf"^DOM0-BENCH {k} [0-9.]+", k)
    expect(r, r"^DEVBENCH-DOMU: DOMU-TEST devbench: PASS", "the domU's checks")
    expect(r, r"^DEVBENCH-AFTER: domain=gone loops=0 vifs=0", "backends torn down")
    m = expect(r, r"^DOM0-TEST devbench: (PASS|FAIL)(.*)$", "devbench result")
    assert m.group(1) == "PASS", f"{m.group(0)}\n{r.describe()}"
