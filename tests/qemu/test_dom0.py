"""Debian's stock kernel (linux-image-amd64) as dom0: boots to the test
initrd's /init and runs its checks (issue 4).

Interface: one test per case in CASES, run on each system in $DOM0_SYSTEMS
(default "ours": <BUILD>/xen.gz; add "xen" to run the same cases on Debian's
Xen 4.17 as a reference, e.g. DOM0_SYSTEMS=ours,xen), plus NATIVE cases that
boot the same kernel and initrd without a hypervisor: those prove the kernel,
the initrd and the test set-up (disks, network peer) right, and never xfail.
The initrd prints "DOM0-..." markers (tests/qemu/initrd/init); dom0test=NAME
runs /tests/NAME.sh, which prints "DOM0-TEST NAME: PASS|FAIL ...".

Every case of our hypervisor named in XFAIL is an expected failure
(strict=False) until dom0 boots to user space.  All tests are skipped when
the Debian kernel cannot be fetched (no apt access).

Invariants: every QEMU (dom0 machine and network peer) is bounded by
$DOM0_TIMEOUT (default 120 s) and killed at the end of its test; boots run
$QEMU_JOBS at a time (default: up to 2); the network peers listen on
127.0.0.1 only and guests use 169.254.0.0/16 addresses.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import dom0
import mkinitrd
import qemu
from qemu import expect, expect_exited, expect_order

# Issue 4: the PV core cannot take dom0 to user space yet.  Remove a line
# when its case passes on our hypervisor.
XFAIL = {
}

TIMEOUT = float(os.environ.get("DOM0_TIMEOUT", "120"))
SYSTEMS = [s for s in os.environ.get("DOM0_SYSTEMS", "ours").split(",") if s]
DOM0_MEM_KB = 512 * 1024                # dom0_mem=512M (dom0.XEN_ARGS)
MACHINE_MEM_KB = 1024 * 1024            # QEMU -m 1G (dom0.boot's default)
PEER_TIMEOUT = 30.0                     # s for the peer QEMU to start printing
SUBNET = "169.254.7"                    # link-local: dom0 .1, peer .2
CRASH = r"\(XEN\) .*(?:[Dd]om0|Domain 0|\bd0\b).*crash"
EXITED_LINGER = 30.0                    # s for QEMU to exit after poweroff/reboot
# NICs with a restricted user-mode backend: nothing can leave the machine.
DMESG_NICS = ("-netdev", "user,id=dn0,restrict=on",
              "-device", "virtio-net-pci,netdev=dn0,mac=52:54:00:70:00:11",
              "-netdev", "user,id=dn1,restrict=on",
              "-device", "e1000,netdev=dn1,mac=52:54:00:70:00:12")


@dataclass(frozen=True)
class Case:
    test: str | None = None             # dom0test=NAME, or just boot to init
    loader: str = "mb2"
    smp: int = 2
    cpu: str = "qemu64"
    xen_args: str = ""
    dom0_args: str = ""
    disks: tuple = ()                   # ("virtio"|"ahci", ...) ext4 images
    nic: str | None = None              # "virtio"|"e1000": with a peer QEMU
    until: str = r"^DOM0-TEST-END: "
    linger: float = 0.5
    systems: tuple = ("ours", "xen")    # where the case applies
    devices: tuple = ()                 # more QEMU arguments (NICs without a peer)
    timeout: float = TIMEOUT            # s for the whole boot


CASES = {
    "init-mb2": Case(until=r"^DOM0-CPUS: \d+"),
    "init-quick": Case(loader="quick", until=r"^DOM0-CPUS: \d+", systems=("ours",)),
    "disk-virtio": Case("disk", disks=("virtio",)),
    "disk-ahci": Case("disk", disks=("ahci",)),
    "net-virtio": Case("net", nic="virtio"),
    "net-e1000": Case("net", nic="e1000"),
    # MSI-X (virtio-blk, virtio-net) and MSI (AHCI) under load.
    "msi": Case("msi", disks=("virtio", "ahci"), nic="virtio",
                dom0_args="dom0msi=virtio+ahci"),
    "poweroff": Case("poweroff", until=r"^DOM0-TEST poweroff", linger=EXITED_LINGER),
    "reboot": Case("reboot", until=r"^DOM0-TEST reboot", linger=EXITED_LINGER),
    "panic": Case("panic", until=CRASH, linger=1.0),
    # Every device class the disk/net cases use, at once, for the kernel log.
    "dmesg": Case("dmesg", disks=("virtio", "ahci"), devices=DMESG_NICS),
    # Issue 9: gntalloc -> gntdev round trip and privcmd sysctl physinfo.
    "gnt": Case("gnt"),
    # Issue 10: our xenstored (tools/xenstored) over the tools' socket.
    "xenstore": Case("xenstore"),
    # ... and as the xenstored of dom0's own xenbus (its ring).
    "xenstore-ring": Case("xenstore-ring"),
    # Issue 10: xm (tools/xm) creates, lists, pauses, shuts down, reboots,
    # destroys domUs and acts on their crashes (tests/qemu/initrd/tests/xm.sh).
    "xm": Case("xm", timeout=max(TIMEOUT, 900)),
    "xm-smp": Case("xm-smp", timeout=max(TIMEOUT, 300)),
    # Issue 11: vif = [...] on netback/netfront and bridges (tests/qemu/initrd/tests/xm-net.sh).
    "xm-net": Case("xm-net", timeout=max(TIMEOUT, 360)),
    # Issue 11: xm's disks (file: on loop devices, phy: of dom0's virtio
    # disk) through Linux's blkback/blkfront (tests/qemu/initrd/tests/xm-disk.sh).
    "xm-disk": Case("xm-disk", disks=("virtio",), timeout=max(TIMEOUT, 720)),
    # Issue 11: create/destroy cycles of a domU with two disks and two
    # vifs leave nothing behind (tests/qemu/initrd/tests/xm-cycles.sh).
    "xm-cycles": Case("xm-cycles", disks=("virtio",), timeout=max(TIMEOUT, 900)),
    # Issue 10: libxc's builder (tools/xcbuild) boots Debian's kernel as a domU.
    "domu-build": Case("domu-build", systems=("ours", "xen"), timeout=max(TIMEOUT, 600), xen_args="loglvl=all guest_loglvl=all"),
    # xenconsoled + xenstored domain lifetime with a real domU (xcbuild).
    # (A domU boots under TCG in it: more time.)
    "console": Case("console", systems=("ours",), timeout=max(TIMEOUT, 300)),
    # ... the second domain with 2 vcpus (Linux brings vcpu 1 up itself).
    "domu-build-smp": Case("domu-build", systems=("ours",), dom0_args="domuvcpus=2",
                           timeout=max(TIMEOUT, 600)),
    # Issue 10: xenstored survives a hostile guest (tests/guests/xs_hostile.c).
    "xs-hostile": Case("xs-hostile", timeout=max(TIMEOUT, 600)),
    # Issue 11: netback survives a hostile frontend (tests/guests/net_hostile.c).
    "net-hostile": Case("net-hostile", timeout=max(TIMEOUT, 600)),
    # Debian's iperf3 with its shared libraries in dom0's and the domU's
    # initrd (tests/qemu/debbin.py, tests/qemu/initrd/tests/debbin.sh).
    "debbin": Case("debbin", systems=("ours",)),
}
for _cpu in ("qemu64", "max"):
    for _n in (1, 2, 3, 4):
        # Debian's Xen 4.17 crashes dom0 on -cpu max (docs: qemu-cookbook.md).
        CASES[f"vcpus-{_n}-{_cpu}"] = Case(
            "smp", smp=4, cpu=_cpu, xen_args=f"dom0_max_vcpus={_n}",
            systems=("ours", "xen") if _cpu == "qemu64" else ("ours",))

NATIVE = {
    "native-init": Case(until=r"^DOM0-CPUS: \d+", systems=("native",)),
    "native-disk": Case("disk", disks=("virtio", "ahci"), systems=("native",)),
    "native-net": Case("net", nic="virtio", systems=("native",)),
    "native-msi": Case("msi", disks=("virtio", "ahci"), nic="virtio",
                       dom0_args="dom0msi=virtio+ahci", systems=("native",)),
}


def _ids():
    out = []
    for system in SYSTEMS:
        for name, c in CASES.items():
            if system in c.systems:
                out.append((system, name))
    return out + [("native", n) for n in NATIVE]


def _case(system, name):
    return NATIVE[name] if system == "native" else CASES[name]


# ---------------------------------------------------------------- set-up

def _mkfs(path):
    """An ext4 image holding hello.txt ("dom0-disk-ok")."""
    mkfs = shutil.which("mkfs.ext4") or "/usr/sbin/mkfs.ext4"
    with tempfile.TemporaryDirectory() as d:
        Path(d, "hello.txt").write_text("dom0-disk-ok\n")
        subprocess.run([mkfs, "-q", "-F", "-d", d, str(path), "16M"], check=True,
                       capture_output=True, timeout=60)


def _disk_args(disks, tmp):
    args, names = [], []
    for i, kind in enumerate(disks):
        img = Path(tmp) / f"disk{i}-{kind}.img"
        _mkfs(img)
        if kind == "virtio":
            args += ["-drive", f"file={img},if=virtio,format=raw"]
            names.append("vda")
        else:
            args += ["-device", "ahci,id=ahci0",
                     "-drive", f"file={img},if=none,id=ahcidisk{i},format=raw",
                     "-device", f"ide-hd,drive=ahcidisk{i},bus=ahci0.0"]
            names.append("sda")
    return args, names


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Peer:
    """A second QEMU running the same kernel natively with an e1000 NIC on
    a socket netdev listening on 127.0.0.1:port."""
    proc: subprocess.Popen
    port: int
    log: Path
    argv: list = field(default_factory=list)

    def text(self):
        return qemu.normalize(self.log.read_bytes()) if self.log.exists() else ""

    def stop(self):
        qemu._kill_group(self.proc)


def _start_peer(a, name, build):
    spec = f"e1000:{SUBNET}.2:{SUBNET}.1"
    log = qemu.build_dir(build) / "qemu-logs" / f"dom0-{name}-peer.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):                  # a port taken meanwhile: try another
        port = _free_port()
        log.write_bytes(b"")
        extra = ["-netdev", f"socket,id=peer0,listen=127.0.0.1:{port}",
                 "-device", "e1000,netdev=peer0,mac=52:54:00:70:00:02"]
        argv = qemu.qemu_argv("quick", f"console=ttyS0 dom0test=peer dom0net={spec}",
                              [qemu.Module(str(a.initrd))], smp=1, mem="256M",
                              cpu="qemu64", image=a.vmlinuz, serial=log, extra=extra)
        guard = ["timeout", "-s", "KILL", str(int(TIMEOUT * 2))]
        proc = subprocess.Popen(guard + argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        with qemu._live_lock:
            qemu._live[proc.pid] = proc
        peer = Peer(proc, port, log, argv)
        # Once the guest prints, QEMU has set up its netdevs (it listens).
        for _ in range(int(PEER_TIMEOUT / 0.05)):
            if proc.poll() is not None or log.stat().st_size > 0:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            return peer
        peer.stop()
    raise RuntimeError(f"the network peer QEMU did not start: {' '.join(argv)}")


def _run(a, build, system, name):
    c = _case(system, name)
    dom0_args = c.dom0_args
    if c.test:
        dom0_args += f" dom0test={c.test}"
    extra, peer = list(c.devices), None
    with tempfile.TemporaryDirectory(prefix="dom0-") as tmp:
        if c.disks:
            disk_args, devs = _disk_args(c.disks, tmp)
            extra += disk_args
            dom0_args += " dom0disks=" + "+".join(devs)
        try:
            if c.nic:
                peer = _start_peer(a, f"{system}-{name}", build)
                model = "virtio-net-pci" if c.nic == "virtio" else "e1000"
                driver = "virtio_net" if c.nic == "virtio" else "e1000"
                extra += ["-netdev", f"socket,id=net0,connect=127.0.0.1:{peer.port}",
                          "-device", f"{model},netdev=net0,mac=52:54:00:70:00:01"]
                dom0_args += f" dom0net={driver}:{SUBNET}.1:{SUBNET}.2"
            r = dom0.boot(system, a, dom0_args.strip(), c.xen_args, loader=c.loader,
                          smp=c.smp, cpu=c.cpu, timeout=c.timeout, until=c.until,
                          linger=c.linger, name=f"dom0-{system}-{name}", build=build,
                          extra=extra)
        finally:
            if peer:
                peer.stop()
    return r, (peer.text() if peer else "")


class Boots:
    """Boot results by (system, case), computed in a small thread pool."""

    def __init__(self, a, build, ids, jobs):
        self.a, self.build = a, build
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="dom0")
        self.futures = {}
        for i in ids:
            self._submit(i)

    def _submit(self, i):
        if i not in self.futures:
            self.futures[i] = self.pool.submit(_run, self.a, self.build, *i)
        return self.futures[i]

    def __call__(self, system, name):
        return self._submit((system, name)).result()

    def close(self):
        self.pool.shutdown(wait=False, cancel_futures=True)
        qemu.kill_all()
        self.pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def boots(request, build):
    try:
        a = dom0.assets(build)
    except mkinitrd.FetchError as e:
        pytest.skip(f"Debian kernel not available: {e}")
    if "xen" in SYSTEMS:
        try:
            dom0.xen417(a)
        except mkinitrd.FetchError as e:
            pytest.skip(f"Debian's Xen 4.17 not available: {e}")
    selected = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        sc = cs.params.get("sc") if cs else None
        if getattr(item, "module", None) is request.module and isinstance(sc, str):
            selected.append(tuple(cs.params["sc"].split(":")))
    jobs = int(os.environ.get("QEMU_JOBS") or min(2, os.cpu_count() or 1))
    b = Boots(a, build, selected, max(1, jobs))
    yield b
    b.close()


def _params(kind):
    out = []
    for system, name in _ids():
        c = _case(system, name)
        if kind == "init" and c.test is not None:
            continue
        if kind != "init" and c.test != kind:
            continue
        marks = []
        if system == "ours" and name in XFAIL:
            marks.append(pytest.mark.xfail(reason=XFAIL[name], strict=False))
        out.append(pytest.param(f"{system}:{name}", id=f"{system}-{name}", marks=marks))
    return out


# ---------------------------------------------------------------- checks

def check_init(r, system, cpus=None):
    m = dom0.markers(r)
    expect_order(r, r"^DOM0-INIT: started", r"^DOM0-UPTIME: ", r"^DOM0-HYPERVISOR: ",
                 r"^DOM0-MEMTOTAL: \d+", r"^DOM0-CPUS: \d+")
    want_hv = "none" if system == "native" else "xen"
    assert m["hypervisor"] == want_hv, \
        f"/sys/hypervisor/type is {m['hypervisor']!r}, expected {want_hv}\n{r.describe()}"
    if system != "native":
        # MemTotal is dom0_mem less the kernel's own reservations.
        assert 0.6 * DOM0_MEM_KB <= m["memtotal"] <= DOM0_MEM_KB, \
            f"MemTotal {m['memtotal']} kB is not close to dom0_mem=512M\n{r.describe()}"
    if cpus is not None:
        assert m["cpus"] == cpus, f"dom0 sees {m['cpus']} CPUs, expected {cpus}\n{r.describe()}"
    return m


def check_pass(r, test):
    m = expect(r, rf"^DOM0-TEST {test}: (PASS|FAIL)(.*)$", f"{test} result")
    assert m.group(1) == "PASS", f"{m.group(0)}\n{r.describe()}"


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("sc", _params("init"))
def test_dom0_reaches_init(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system, cpus=_case(system, name).smp)


@pytest.mark.parametrize("sc", _params("smp"))
def test_dom0_vcpus(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    want = int(re.search(r"dom0_max_vcpus=(\d+)", _case(system, name).xen_args).group(1))
    check_init(r, system, cpus=want)
    check_pass(r, "smp")


@pytest.mark.parametrize("sc", _params("disk"))
def test_dom0_disk(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    check_pass(r, "disk")


@pytest.mark.parametrize("sc", _params("net"))
def test_dom0_net(boots, sc):
    system, name = sc.split(":")
    r, peer_log = boots(system, name)
    check_init(r, system)
    m = re.search(r"^DOM0-TEST net: (PASS|FAIL)(.*)$", r.output, re.M)
    assert m and m.group(1) == "PASS", (f"network test: {m.group(0) if m else 'no result'}"
                                        f"\n{r.describe()}\n--- peer ---\n"
                                        f"{peer_log[-3000:]}")


@pytest.mark.parametrize("sc", _params("poweroff") + _params("reboot"))
def test_dom0_poweroff_reboot_exit_qemu(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    expect(r, rf"^DOM0-TEST {name}: calling")
    expect_exited(r)


@pytest.mark.parametrize("sc", _params("panic"))
def test_dom0_panic_reported(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    expect_order(r, r"^DOM0-TEST panic: ", r"(?i)Kernel panic", CRASH)


def _dmesg_lines(r):
    """The warnings and errors of dom0's kernel log (dmesg.sh's lines),
    normalised so that timestamps, numbers and addresses don't count:
    {normalised line: one original line}."""
    out = {}
    for m in re.finditer(r"^DOM0-DMESG: <(\d+)>(?:\[ *[\d.]+\] )?(.*)$", r.output, re.M):
        text = re.sub(r"0x[0-9a-fA-F]+|\b[0-9a-fA-F]*\d[0-9a-fA-F]*\b", "#", m.group(2))
        out.setdefault(f"<{int(m.group(1)) & 7}>{text.strip()}", m.group(0))
    return out


def test_dom0_dmesg_no_more_than_xen(boots):
    """Issue 4: dom0's kernel log on our hypervisor has no warning or error
    that the same kernel, initrd and devices don't also print on Debian's
    Xen 4.17."""
    if "ours" not in SYSTEMS:
        pytest.skip("our hypervisor is not among DOM0_SYSTEMS")
    try:
        dom0.xen417(boots.a)
    except mkinitrd.FetchError as e:
        pytest.skip(f"Debian's Xen 4.17 not available: {e}")
    for system in ("ours", "xen"):      # both boots run at once
        boots._submit((system, "dmesg"))
    ours, _ = boots("ours", "dmesg")
    xen, _ = boots("xen", "dmesg")
    check_init(xen, "xen")
    check_pass(xen, "dmesg")
    check_init(ours, "ours")
    check_pass(ours, "dmesg")
    mine, theirs = _dmesg_lines(ours), _dmesg_lines(xen)
    extra = [mine[k] for k in sorted(mine) if k not in theirs]
    assert not extra, ("dom0 warnings/errors on our hypervisor that Xen 4.17 does not print:\n"
                       + "\n".join(extra) + "\n--- Xen 4.17's ---\n"
                       + "\n".join(theirs.values()))


# ---------------------------------------------------------------- grants

GNT_MODULES = ("xen_gntdev", "xen_gntalloc", "xen_privcmd")
PHYSINFO = (r"^PHYSINFO nr_cpus=(\d+) total_pages=(\d+) free_pages=(\d+) "
            r"cpu_khz=(\d+)")
XENDMESG = r"^XENDMESG OK bytes=(\d+) lines=(\d+) again=(\d+)"


@pytest.mark.parametrize("sc", _params("gnt"))
def test_dom0_grant_devices_and_physinfo(boots, sc):
    """Issue 9: xen-gntdev, xen-gntalloc and xen-privcmd load as modules;
    a page dom0 grants to itself through gntalloc and maps through gntdev
    carries data both ways (tools/tests/dom0gnt.c); XEN_SYSCTL_physinfo
    through privcmd describes the QEMU machine: all its CPUs, at most its
    RAM and more than dom0's, free <= total; XEN_SYSCTL_readconsole gives
    the hypervisor's boot log, an incremental read after it less."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    c = _case(system, name)
    check_init(r, system, cpus=c.smp)
    loaded = expect(r, r"^DOM0-GNT-MODULES:(.*)$", "module list").group(1).split()
    missing = [m for m in GNT_MODULES if m not in loaded]
    assert not missing, f"modules not loaded: {missing}\n{r.describe()}"
    expect(r, r"^GNTTEST OK ref=\d+", "gntalloc/gntdev round trip")
    m = expect(r, PHYSINFO, "physinfo")
    cpus, total, free, khz = (int(x) for x in m.groups())
    assert cpus == c.smp, f"nr_cpus={cpus}, QEMU has -smp {c.smp}\n{m.group(0)}"
    assert DOM0_MEM_KB < total * 4 <= MACHINE_MEM_KB, \
        f"total_pages={total} ({total * 4} kB) outside (dom0_mem, -m]\n{m.group(0)}"
    assert free <= total, f"free_pages={free} > total_pages={total}\n{m.group(0)}"
    assert khz > 0, f"cpu_khz={khz}\n{m.group(0)}"
    # XEN_SYSCTL_readconsole (`xl dmesg`): the boot log, then little more.
    m = expect(r, XENDMESG, "readconsole")
    size, lines, again = (int(x) for x in m.groups())
    assert lines >= 10 and again < size, f"{m.group(0)}"
    check_pass(r, "gnt")


# ---------------------------------------------------------------- xenstored

@pytest.mark.parametrize("sc", _params("xenstore"))
def test_dom0_xenstored_socket(boots, sc):
    """Issue 10: our xenstored runs in dom0 and serves /run/xenstored/socket:
    every step of tests/qemu/initrd/tests/xenstore.sh (read/write/ls/mkdir/
    rm, permissions, domain requests, control, a watch's initial event and
    changes) answers as Xen's protocol says, and a client that breaks the
    framing is dropped without stopping the daemon."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XS-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    expect(r, r"^XS-STEPS: 22 ok", "all xenstore steps")
    check_pass(r, "xenstore")


@pytest.mark.parametrize("sc", _params("xenstore-ring"))
def test_dom0_xenstored_ring(boots, sc):
    """Issue 10: started with -r, our xenstored serves dom0's own ring
    (mapped through /dev/xen/xenbus_backend, port bound through
    /dev/xen/evtchn): Linux's xenbus connects, and requests through
    /dev/xen/xenbus and through the tools' socket see one database,
    watches set through the kernel fire on changes made on the socket
    (tests/qemu/initrd/tests/xenstore-ring.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XS-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    expect(r, r"^XS-STEPS: 8 ok", "all xenstore-ring steps")
    check_pass(r, "xenstore-ring")


# ---------------------------------------------------------------- xm

@pytest.mark.parametrize("sc", _params("xm"))
def test_dom0_xm(boots, sc):
    """Issue 10: xm, the Xen 3 toolstack, in dom0 with our xenstored and
    xenconsoled: every step of tests/qemu/initrd/tests/xm.sh (commands
    without a guest; user errors, each one line with exit != 0 and no
    domain left; a domU booted to its init; pause/unpause; the console;
    shutdown -w; reboot with on_reboot=restart; crash with on_crash=restart
    (then refused as too fast) and preserve; create/destroy cycles that
    give all memory back)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XM-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    m = expect(r, r"^XM-MEMORY: baseline=(\d+) after=(\d+) cycles=(\d+)", "cycles")
    assert m.group(1) == m.group(2), m.group(0)
    check_pass(r, "xm")


@pytest.mark.parametrize("sc", _params("xm-smp"))
def test_dom0_xm_smp(boots, sc):
    """Issue 10: xm create with vcpus = 2: the domU boots to its init and
    sees both vCPUs, xm list shows 2 VCPUs, xm destroy removes it
    (tests/qemu/initrd/tests/xm-smp.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XM-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    check_pass(r, "xm-smp")


# Steps every xs_hostile run logs (tests/guests/xs_hostile.c).
XSH_STEPS = ("basics", "types", "payloads", "random", "sizes", "perms", "nodes",
             "watches", "transactions", "pipelined", "stalled", "storm", "fatal")


@pytest.mark.parametrize("sc", _params("xs-hostile"))
def test_dom0_xs_hostile(boots, sc):
    """Issue 10: xenstored survives a hostile guest.  A micro domU started
    by xm (tests/guests/xs_hostile.c) sends garbage headers and payloads,
    random messages, the largest legal message, floods every per-domain
    quota (nodes, node size, permissions, watches, transactions), pipelines
    requests, stops reading its replies and storms the event channel: each
    answer is Xen 4.17's (its error names, its quotas) and a normal request
    works afterwards.  Three runs end with a header of len 4097, a req_prod
    jump and an rsp_cons jump: the ring's error word says why and nothing
    more is answered, as Xen.  After each, xenstored is alive and dom0's
    xenstore and xm work; then a Debian domU boots and shuts down through
    its xenbus (tests/qemu/initrd/tests/xs-hostile.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^HOSTILE-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    for step in XSH_STEPS:
        expect(r, rf"^HOSTILE-CONSOLE xsh-len: XSH {step}: ok", f"xs_hostile step {step}")
    for run, word in (("xsh-len", 3), ("xsh-reqidx", 2), ("xsh-rspidx", 2)):
        expect(r, rf"^HOSTILE-CONSOLE {run}: XSH fatal: ok .*error word {word}",
               f"{run} fatal step")
        expect(r, rf"^HOSTILE-CONSOLE {run}: GUEST-RESULT xs_hostile: PASS", f"{run} result")
    check_pass(r, "xs-hostile")


NETH_STEPS = ("probe", "not-numbers", "bad-grants", "ungranted", "huge-refs",
              "no-rx-copy", "queues", "empty", "flap")


@pytest.mark.parametrize("sc", _params("net-hostile"))
def test_dom0_net_hostile(boots, sc):
    """Issue 11: netback survives a hostile frontend.  A micro domU with a
    vif attached by xm (tests/guests/net_hostile.c) writes ring references
    that are no numbers, grants it never made, event channels it does not
    have, rx-copy refused, 999 queues and empty values into its frontend
    nodes and flaps its state: netback gives up each connection and comes
    back to InitWait when the frontend reconnects.  Afterwards dom0's
    kernel log has no BUG, Oops or WARNING, its tools work, no vif is left,
    and a Debian domU with a vif pings dom0 and shuts down through its
    xenbus (tests/qemu/initrd/tests/net-hostile.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^HOSTILE-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    for step in NETH_STEPS:
        expect(r, rf"^HOSTILE-CONSOLE neth: NETH {step}: ok", f"net_hostile step {step}")
    expect(r, r"^HOSTILE-CONSOLE neth: GUEST-RESULT net_hostile: PASS", "net_hostile result")
    check_pass(r, "net-hostile")


@pytest.mark.parametrize("sc", _params("xm-net"))
def test_dom0_xm_net(boots, sc):
    """Issue 11: vif = [...] with Linux's netback in dom0 and netfront in
    the domUs (tests/qemu/initrd/tests/xm-net.sh): vif errors (one line
    each, nothing left), bridges made by xm, pings dom0 <-> domU and domU
    <-> domU, TCP both ways, two vifs on one domU, create/destroy cycles
    that leave no vif device and no backend node."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XMNET-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    check_pass(r, "xm-net")


@pytest.mark.parametrize("sc", _params("xm-disk"))
def test_dom0_xm_disk(boots, sc):
    """Issue 11: xm's disks with Linux's blkback in dom0 and blkfront in
    the domU: refusals, file: (loop devices) and phy: disks written and
    read back, data kept across destroy/create and reboot, sharing rules,
    create/destroy cycles that leave no loop device, thread or node
    (tests/qemu/initrd/tests/xm-disk.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XM-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    m = expect(r, r"^XM-MEMORY: baseline=(\d+) after=(\d+) cycles=(\d+)", "cycles")
    assert m.group(1) == m.group(2), m.group(0)
    check_pass(r, "xm-disk")


@pytest.mark.parametrize("sc", _params("xm-cycles"))
def test_dom0_xm_cycles(boots, sc):
    """Issue 11: 20 create/destroy cycles of a Debian domU with a file:
    disk (a loop device xm binds), a phy: disk and two vifs on bridges.
    Most are destroyed as soon as xm create returns; every 5th and the
    last wait until blkback/blkfront and netback/netfront are Connected
    at both ends, two of those end with xm shutdown -w.  Each leaves no
    node, vif or backend device of its domain; at the end no loop device,
    blkback thread, vif, bridge port, backend node or device is left,
    /local/domain holds only dom0, free memory is exactly at its
    baseline and dom0's kernel log has no WARNING, BUG or Oops
    (tests/qemu/initrd/tests/xm-cycles.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^XMCYC-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    m = expect(r, r"^XMCYC-TIME: (\d+) cycles \((\d+) connected, (\d+) shut down\)", "cycles")
    assert (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (20, 4, 2), m.group(0)
    m = expect(r, r"^XMCYC-MEMORY: baseline=(\d+) after=(\d+)", "memory")
    assert m.group(1) == m.group(2), m.group(0)
    check_pass(r, "xm-cycles")


@pytest.mark.parametrize("sc", _params("console"))
def test_dom0_console(boots, sc):
    """Issue 10: xenconsoled logs a domU built by xcbuild (its console
    ring mapped through grant 0, its port bound) to guest-NAME.log; input
    sent through its socket (xm console) reaches the domU's shell and the
    output comes back; when the domU powers off and is destroyed, our
    xenstored fires @releaseDomain (shutdown, then death: VIRQ_DOM_EXC +
    getdomaininfo) and releases it, the attached client ends with status
    0 and xenconsoled forgets the domain; clients with hostile first
    lines are dropped (tests/qemu/initrd/tests/console.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^CONS-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    expect(r, r"^CONS-STEPS: 16 ok", "all console steps")
    check_pass(r, "console")


# ---------------------------------------------------------------- MSI

MSI_LINE = r"^DOM0-MSI: (\d+) (\d+) \+(\d+) (.*)$"


def msi_interrupts(r):
    """[(irq, total, delta, "chip type names...")] from msi.sh."""
    return [(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4))
            for m in re.finditer(MSI_LINE, r.output, re.M)]


@pytest.mark.parametrize("sc", _params("msi"))
def test_dom0_msi(boots, sc):
    """Under a hypervisor, virtio-blk and virtio-net interrupt through
    MSI-X pirqs and AHCI through an MSI pirq (Linux's chip "xen-pirq",
    handlers "msi-x"/"msi"), their counts grow while the disk and
    network tests run, and no MSI map fails."""
    system, name = sc.split(":")
    r, peer_log = boots(system, name)
    check_init(r, system)
    check_pass(r, "disk")
    m = re.search(r"^DOM0-TEST net: (PASS|FAIL)(.*)$", r.output, re.M)
    assert m and m.group(1) == "PASS", (f"network test: {m.group(0) if m else 'no result'}"
                                        f"\n{r.describe()}\n--- peer ---\n{peer_log[-3000:]}")
    check_pass(r, "msi")
    assert "xen map irq failed" not in r.output, r.describe()
    lines = msi_interrupts(r)
    if system == "native":
        assert lines, f"no MSI interrupts natively\n{r.describe()}"
        return
    for kind, dev in (("msi-x", "virtio"), ("msi", "ahci")):
        grew = [ln for ln in lines
                if "xen-pirq" in ln[3] and re.search(rf"-{kind}\b(?!-)", ln[3])
                and re.search(rf"\s{dev}", ln[3]) and ln[2] > 0]
        assert grew, (f"no xen-pirq {kind} interrupt of {dev} whose count grew: "
                      f"{lines}\n{r.describe()}")


# What Linux 6.1 logged while platform_op and mca were missing (dom0 CPU
# info, mcelog, the APIC id XENPF_get_cpuinfo gives xen_apic_read, the
# CPUID MCE/MCA bits): none of it is logged on Xen 4.17.
PLATFORM_DMESG = {
    "pcpu sync": r"xen_cpu: Failed to sync pcpu info",
    "mcelog cpu numbers": r"xen_mcelog: Failed to get CPU numbers",
    "mce device": r"mce: Unable to init MCE device",
    "boot APIC id": r"APIC: NR_CPUS/possible_cpus limit of \d+ almost reached",
    "lapic map": r"ACPI: Unable to map lapic to logical cpu number",
}


@pytest.mark.parametrize("sc", _params("dmesg"))
def test_dom0_dmesg_platform(boots, sc):
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    check_pass(r, "dmesg")
    for what, pattern in PLATFORM_DMESG.items():
        qemu.expect_absent(r, pattern, what)
    expect(r, r"xen_mcelog: /dev/mcelog registered by Xen", "xen_mcelog")


# ---------------------------------------------------------------- the builder

@pytest.mark.parametrize("sc", _params("domu-build"))
def test_dom0_builds_domu(boots, sc):
    """Issue 10: from dom0, libxc's PV builder (/bin/xcbuild) builds Debian's
    kernel (bzImage, xz payload) and the domU initrd into a new domain that
    boots to its /init on the console ring, powers itself off, and is
    destroyed with all its memory returned; a file that is no kernel fails
    with one error line and leaves no domain; the unpacked kernel is cached
    (tests/qemu/initrd/tests/domu-build.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    fails = re.findall(r"^DB-FAIL .*$", r.output, re.M)
    assert not fails, "\n".join(fails) + "\n" + r.describe()
    expect(r, r"^DOMU-CON: DOMU-INIT: started", "the domU's init on its console")
    expect(r, r"^DB-STEPS: 28 ok", "all domu-build steps")
    check_pass(r, "domu-build")


@pytest.mark.parametrize("sc", _params("debbin"))
def test_dom0_debian_programs(boots, sc):
    """Debian's iperf3 (tests/qemu/debbin.py) runs in dom0 with the loader
    and libraries mkinitrd.py added (--version, a 1 s run over lo) and in
    the domU initrd, unpacked and entered with chroot
    (tests/qemu/initrd/tests/debbin.sh)."""
    system, name = sc.split(":")
    r, _ = boots(system, name)
    check_init(r, system)
    expect(r, r"^DEBBIN-IPERF3: iperf 3\.", "iperf3 --version in dom0")
    check_pass(r, "debbin")
