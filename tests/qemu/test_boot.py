"""QEMU boot matrix for the hypervisor with no modules (no dom0).

Interface: each test inspects one boot case (CASES below) through the `boots`
fixture.  The module's selected cases are started together at the first
request, $QEMU_JOBS at a time (default: one per host CPU, at most 2), so a
2-core CI machine boots two at once; each test waits only for its own case.
Invariants: every boot has a wall-clock timeout and stops at the first
terminal marker (power off, halt, panic); no test depends on another's order.

Expected serial markers (every hypervisor line starts with "(XEN) "):
  Loader: Multiboot 1|2 [bootloader name]   Command line: ARGS
  Memory map: + lines "START-END TYPE"      RAM: N MiB
  CPUs: N online                            Time source: HPET|PIT|PM timer
  TSC: F MHz
  No dom0 kernel module: powering off, then Powering off (QEMU exits)
  or, with noreboot: noreboot: halting (QEMU stays up)
"""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

import qemu
from qemu import expect, expect_absent, expect_exited, expect_not_timed_out, expect_order

BOOT_TIMEOUT = float(os.environ.get("QEMU_TIMEOUT", "60"))
LINGER = 5.0            # seconds after the stop marker for QEMU to exit by itself
HALT_LINGER = 1.0       # seconds a halted machine must stay up

X = r"\(XEN\) "


@dataclass(frozen=True)
class Case:
    loader: str         # mb1, mb2 (GRUB ISO) or quick (QEMU -kernel)
    smp: int
    cpu: str
    mem: str
    cmdline: str
    linger: float = LINGER


# Every value of every axis appears at least once:
# loader {mb1, mb2, quick}, smp {1, 2, 4}, cpu {qemu64, max}, mem {128M, 256M, 4G}.
MATRIX = {
    "mb2-smp1-qemu64-128M": Case("mb2", 1, "qemu64", "128M",
                                 "console=com1 com1=115200,8n1 loglvl=all"),
    "mb1-smp4-max-4G": Case("mb1", 4, "max", "4G", "dom0_mem=512M loglvl=all guest_loglvl=all"),
    "mb2-smp4-qemu64-4G": Case("mb2", 4, "qemu64", "4G", "loglvl=all console=com1"),
    "mb1-smp1-max-128M": Case("mb1", 1, "max", "128M", "console=com1 com1=115200,8n1"),
    "quick-smp2-qemu64-256M": Case("quick", 2, "qemu64", "256M",
                                   "console=com1 com1=115200,8n1 loglvl=all"),
    "quick-smp1-max-128M": Case("quick", 1, "max", "128M", "loglvl=all"),
}

CASES = dict(MATRIX)
CASES.update({
    "noreboot": Case("quick", 1, "qemu64", "128M", "console=com1 noreboot",
                     linger=HALT_LINGER),
    "selftest-fault": Case("quick", 1, "qemu64", "128M", "selftest=fault noreboot",
                           linger=HALT_LINGER),
    "unknown-option": Case("mb2", 1, "qemu64", "128M", "foo=bar dom0_mem=512M"),
    "maxcpus": Case("quick", 4, "qemu64", "256M", "maxcpus=2 console=com1"),
    "too-little-memory": Case("quick", 1, "qemu64", "32M", "console=com1", linger=2.0),
})


def _run(name):
    c = CASES[name]
    return qemu.boot(c.cmdline, loader=c.loader, smp=c.smp, mem=c.mem, cpu=c.cpu,
                     timeout=BOOT_TIMEOUT, until=qemu.STOP_MARKERS, linger=c.linger,
                     name=f"boot-{name}")


def _case_of(item):
    callspec = getattr(item, "callspec", None)
    if callspec and "case" in callspec.params:
        return callspec.params["case"]
    m = item.get_closest_marker("qemu_case")
    return m.args[0] if m else None


class Boots:
    """Boot results by case name, computed in a small thread pool."""

    def __init__(self, names, jobs):
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="qemu")
        self.futures = {}
        for n in names:
            self._submit(n)

    def _submit(self, name):
        if name not in self.futures:
            self.futures[name] = self.pool.submit(_run, name)
        return self.futures[name]

    def __call__(self, name):
        return self._submit(name).result()

    def close(self):
        self.pool.shutdown(wait=False, cancel_futures=True)
        qemu.kill_all()
        self.pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def boots(request):
    """boots(name) -> qemu.BootResult for CASES[name]."""
    names = []
    for item in request.session.items:
        if getattr(item, "module", None) is request.module:
            n = _case_of(item)
            if n and n not in names:
                names.append(n)
    jobs = int(os.environ.get("QEMU_JOBS") or min(2, os.cpu_count() or 1))
    b = Boots(names, max(1, jobs))
    yield b
    b.close()


# ---------------------------------------------------------------- checks

def check_loader(r, c):
    mb = "2" if c.loader == "mb2" else "1"
    m = expect(r, X + r"Loader: Multiboot " + mb + r"\b(.*)$", f"Multiboot {mb} loader line")
    name = "qemu" if c.loader == "quick" else "GRUB"
    if name.lower() not in m.group(1).lower():
        raise AssertionError(f"loader line {m.group(0)!r} does not name {name}\n"
                             f"{r.describe()}")


def check_cmdline(r, c):
    # QEMU's loader puts the image path first; tolerate that and trailing blanks.
    expect(r, X + r"Command line: (?:.*\s)?" + re.escape(c.cmdline) + r"\s*$",
           f"command line {c.cmdline!r}")


def check_memory(r, c):
    expect_order(r, X + r"Memory map:",
                 X + r"\s*[0-9a-fA-F]{8,16}\s*-\s*[0-9a-fA-F]{8,16}\s+RAM\b")
    mib = int(expect(r, X + r"RAM: (\d+) MiB", "RAM total").group(1))
    want = qemu_mib(c.mem)
    if want >= 4096:
        ok = 3500 < mib <= want
    else:
        ok = want - 6 <= mib <= want
    assert ok, f"RAM: {mib} MiB does not fit -m {c.mem}\n{r.describe()}"


def check_cpus(r, want):
    n = int(expect(r, X + r"CPUs: (\d+) online", "CPU count").group(1))
    assert n == want, f"CPUs: {n} online, expected {want}\n{r.describe()}"


def check_time(r):
    expect(r, X + r"Time source: (HPET|PIT|PM timer)\b", "time source")
    mhz = float(expect(r, X + r"TSC: (\d+(?:\.\d+)?) MHz", "TSC frequency").group(1))
    assert 1 <= mhz <= 100000, f"implausible TSC frequency {mhz} MHz\n{r.describe()}"


def check_no_trouble(r):
    expect_absent(r, X + r"\*\*\* Unexpected exception", "exception")
    expect_absent(r, r"(?i)\bpanic\b", "panic")
    expect_absent(r, X + r"Warning: unknown option", "unknown-option warning")


def check_powered_off(r):
    expect_order(r, X + r"No dom0 kernel module: powering off", X + r"Powering off\s*$")
    expect_not_timed_out(r)
    expect_exited(r, 0)


def qemu_mib(mem):
    units = {"M": 1, "G": 1024}
    return int(mem[:-1]) * units[mem[-1]] if mem[-1] in units else int(mem)


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("case", list(MATRIX))
def test_boot_matrix(boots, case):
    r, c = boots(case), CASES[case]
    expect_order(r, X + r"Loader:", X + r"Command line:", X + r"Memory map:",
                 X + r"CPUs: \d+ online", X + r"No dom0 kernel module")
    check_loader(r, c)
    check_cmdline(r, c)
    check_memory(r, c)
    check_cpus(r, c.smp)
    check_time(r)
    check_no_trouble(r)
    check_powered_off(r)


@pytest.mark.qemu_case("noreboot")
def test_noreboot_halts(boots):
    r = boots("noreboot")
    expect_not_timed_out(r)
    expect_order(r, X + r"CPUs: \d+ online", X + r"No dom0 kernel module",
                 X + r"noreboot: halting")
    expect_absent(r, X + r"Powering off\s*$", "power-off line")
    check_no_trouble(r)
    qemu.expect_still_running(r)


@pytest.mark.qemu_case("selftest-fault")
def test_selftest_fault(boots):
    r = boots("selftest-fault")
    expect_not_timed_out(r)
    expect_order(r, X + r"Command line:", X + r"\*\*\* Unexpected exception",
                 r"RIP:", X + r"Backtrace:", X + r"System halted")
    expect_order(r, X + r"\*\*\* Unexpected exception", r"CR2:")
    expect(r, X + r"\*\*\* Unexpected exception.*(?i:page fault|#PF|vector 14\b)",
           "a page fault (not some other exception)")
    qemu.expect_still_running(r)


@pytest.mark.qemu_case("unknown-option")
def test_unknown_option_warns(boots):
    r = boots("unknown-option")
    expect(r, X + r"Warning: unknown option 'foo'", "warning about 'foo'")
    expect_absent(r, r"unknown option 'dom0_mem'", "warning about dom0_mem")
    check_cmdline(r, CASES["unknown-option"])
    check_cpus(r, 1)
    check_powered_off(r)


@pytest.mark.qemu_case("maxcpus")
def test_maxcpus_limits_cpus(boots):
    r = boots("maxcpus")
    check_cpus(r, 2)
    check_no_trouble(r)
    check_powered_off(r)


@pytest.mark.qemu_case("too-little-memory")
def test_too_little_memory_panics(boots):
    r = boots("too-little-memory")
    expect_not_timed_out(r)
    m = expect(r, r"(?i)\bpanic\b", "panic")
    lines = r.output[m.start():].split("\n")[:6]
    assert any("memory" in ln.lower() for ln in lines), (
        f"the panic message does not mention memory: {lines!r}\n{r.describe()}")
    expect_absent(r, X + r"\*\*\* Unexpected exception", "exception")
