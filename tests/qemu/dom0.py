"""Boot Debian's kernel + the test initrd as dom0 of our hypervisor, of
Debian's Xen 4.17, or natively, and read the initrd's markers.

Interface (used by test_dom0.py and bench.py; stdlib + qemu.py + mkinitrd.py):
    assets(build=None)  -> Assets(vmlinuz, initrd, cache); raises
                           mkinitrd.FetchError when the kernel cannot be had
    xen417(assets)      -> Path of Debian's xen-4.17-amd64.gz (FetchError)
    xl_assets(assets)   -> the same Assets with the "xl" flavour of the
                           initrd (Debian's Xen 4.17 userspace added;
                           mkinitrd.build_xl_initrd; FetchError)
    boot(system, assets, dom0_args="", ...) -> qemu.BootResult
        system: "ours" (<BUILD>/xen.gz via GRUB, or <BUILD>/xen with
        loader="quick"), "xen" (Debian's Xen 4.17 via GRUB) or "native"
        (QEMU's -kernel/-initrd, no hypervisor).
    boot_timed(..., markers={name: regex}) -> (BootResult, {name: seconds})
        the same, also timing the first appearance of each marker from
        QEMU's start (within a few ms).
    markers(r)          -> {"init": bool, "uptime": float, "hypervisor": str,
                            "memtotal": int, "cpus": int, "tests": {name: line},
                            "bench": {name: float}}
Invariants: every boot is bounded by `timeout` (qemu.boot's guarantees);
the dom0 command line is the same for all three systems except the console
(hvc0 under a hypervisor, ttyS0 natively).
"""

import dataclasses
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import mkinitrd
import qemu

INIT = r"^DOM0-INIT: started"
TEST_END = r"^DOM0-TEST-END: "
XEN_ARGS = "dom0_mem=512M console=com1 com1=115200,8n1"
OUR_ARGS = XEN_ARGS
NATIVE_MEM = "512M"     # what dom0 gets, so that native numbers compare


@dataclass(frozen=True)
class Assets:
    vmlinuz: Path
    initrd: Path
    cache: Path


def assets(build=None):
    cache = mkinitrd.cache_dir(build)
    vmlinuz, moddir = mkinitrd.fetch_kernel(cache)
    return Assets(vmlinuz, mkinitrd.build_initrd(cache, moddir), cache)


def xen417(a):
    return mkinitrd.fetch_xen(a.cache)


def xl_assets(a):
    release = a.vmlinuz.name.removeprefix("vmlinuz-")
    moddir = a.vmlinuz.parents[1] / "lib" / "modules" / release
    return dataclasses.replace(a, initrd=mkinitrd.build_xl_initrd(a.cache, moddir))


def boot_args(system, a, dom0_args="", xen_args="", loader="mb2", mem="1G",
              build=None):
    """(qemu.boot keyword arguments) for one system."""
    if system == "native":
        return dict(cmdline=f"console=ttyS0 {dom0_args}".strip(),
                    modules=[qemu.Module(str(a.initrd))], loader="quick",
                    image=a.vmlinuz, mem=NATIVE_MEM if mem == "1G" else mem)
    mods = [qemu.Module(str(a.vmlinuz), f"console=hvc0 {dom0_args}".strip()),
            qemu.Module(str(a.initrd))]
    if system == "ours":
        return dict(cmdline=f"{OUR_ARGS} {xen_args}".strip(), modules=mods,
                    loader=loader, image=None, mem=mem)
    if system == "xen":
        if loader != "mb2":
            raise ValueError("Debian's Xen 4.17 is booted through GRUB (mb2) only")
        return dict(cmdline=f"{XEN_ARGS} {xen_args}".strip(), modules=mods,
                    loader="mb2", image=xen417(a), mem=mem)
    raise ValueError(f"system must be ours, xen or native, not {system!r}")


def boot(system, a, dom0_args="", xen_args="", loader="mb2", mem="1G", build=None,
         **kw):
    """Boot once; kw goes to qemu.boot (smp, cpu, timeout, until, linger,
    name, extra)."""
    args = boot_args(system, a, dom0_args, xen_args, loader, mem, build)
    return qemu.boot(build=build, **args, **kw)


def boot_timed(system, a, markers, dom0_args="", xen_args="", loader="mb2",
               mem="1G", build=None, name=None, timeout=120.0, **kw):
    """boot(), timing the first match of each regex in `markers` from the
    moment qemu.boot creates the serial log (just before QEMU starts)."""
    args = boot_args(system, a, dom0_args, xen_args, loader, mem, build)
    if system != "native" and args["loader"] != "quick":
        qemu.build_iso(args["cmdline"], args["modules"], mb=2, image=args["image"],
                       build=build)     # now, so that boot() finds it cached
    name = name or f"dom0-{system}-{os.getpid()}-{time.monotonic_ns()}"
    log = qemu.build_dir(build) / "qemu-logs" / f"{name}.log"
    log.unlink(missing_ok=True)
    pats = {k: re.compile(v, re.M) for k, v in markers.items()}
    found, stop = {}, threading.Event()

    def watch():
        t0, text, f = None, "", None
        limit = int((timeout + 60) / 0.005)
        for _ in range(limit):          # bounded: timeout + slack
            if stop.is_set() and f is None:
                return
            if f is None:
                if log.exists():
                    t0 = time.monotonic()
                    f = open(log, "rb")
                else:
                    time.sleep(0.002)
                    continue
            new = f.read()
            if new:
                text += qemu.normalize(new)
                now = time.monotonic()
                for k, p in pats.items():
                    if k not in found and p.search(text):
                        found[k] = now - t0
            elif stop.is_set():
                break
            if len(found) == len(pats):
                break
            time.sleep(0.005)
        if f:
            f.close()

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    try:
        r = qemu.boot(build=build, name=name, timeout=timeout, **args, **kw)
    finally:
        stop.set()
        t.join(timeout=10)
    return r, found


_NUM = r"([0-9]+(?:\.[0-9]+)?)"


def markers(r):
    out = r.output
    m = {"init": bool(re.search(INIT, out, re.M)), "tests": {}, "bench": {}}
    for key, rx, conv in (("uptime", rf"^DOM0-UPTIME: {_NUM}", float),
                          ("hypervisor", r"^DOM0-HYPERVISOR: (\S+)", str),
                          ("memtotal", r"^DOM0-MEMTOTAL: ([0-9]+)", int),
                          ("cpus", r"^DOM0-CPUS: ([0-9]+)", int)):
        x = re.search(rx, out, re.M)
        m[key] = conv(x.group(1)) if x else None
    for x in re.finditer(r"^DOM0-TEST (\w+): (.*)$", out, re.M):
        m["tests"][x.group(1)] = x.group(2)
    for x in re.finditer(rf"^DOM0-BENCH (\w+) {_NUM}\s*$", out, re.M):
        m["bench"][x.group(1)] = float(x.group(2))
    return m
