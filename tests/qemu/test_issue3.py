"""Integration tests: several domains at once (dom0 + boot-time domUs) on
-smp 1 and -smp 4, built from the micro guests tests/guests/int_*.c.

Interface: one boot per (scenario, smp) pair in SCENARIOS x SMPS, all
started at the first request, $QEMU_JOBS at a time (default: one per CPU,
at most 4); one or more tests inspect each boot.
  fpu     3 x int_fpu: x87/SSE state survives preemption and yields
  spin    dom0 + 2 CPU-bound int_spin domUs: both progress, windows overlap
  memret  int_memret dom0 + hello + int_memret domUs: every page comes back
  crash   int_crash dom0 + domUs that crash (no handler, unwritable bounce
          frame): each is crashed alone, dom0 reports afterwards
  block   3 x int_block: SCHEDOP_block with an event pending returns
Invariants: every boot has a wall-clock timeout and stops at its own
"done" marker, a guest FAIL or a terminal hypervisor marker; no assertion
depends on timing ratios.

Features still being written are expected failures: list them in XFAIL
only (scenario name, or "smp4" for every -smp 4 boot -> reason); delete an
entry when the feature lands.
"""

import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import qemu
from qemu import Module

# ---- the one place to flip as features land -------------------------------
XFAIL = {
}
# ---------------------------------------------------------------------------

SMPS = (1, 4)
TIMEOUT = float(os.environ.get("QEMU_TIMEOUT", "60"))
CMDLINE = "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
MEM = "256M"
FAIL = r"GUEST-RESULT \S+: FAIL"
ALL_EXITED = (r"\(XEN\) All boot-time domUs have exited: "
              r"heap (\d+) free pages, (\d+) before they were built")
ALIVE = r"^int_crash: dom0 alive$"   # dom0's heartbeat (int_crash.c)
REGDUMP = r"\(XEN\) CPU: \d+  RIP: "
CRASH_DOMUS = {             # name -> (guest args, expected crash reason)
    "noh": ("ud2", r"exception with no guest handler"),
    "unmapped": ("stack=unmapped", r"bounce frame"),
    "hvstack": ("stack=hv", r"bounce frame"),
    "noncanon": ("stack=noncanon", r"bounce frame"),
}


def _all(*regexes):
    """A regex that matches once every one of regexes occurs, in any order."""
    return r"\A(?s:" + "".join(f"(?=.*?{rx})" for rx in regexes) + ")"


def _pass(name, n=1):
    return "(?:" + r".*?".join([rf"GUEST-RESULT {name}: PASS"] * n) + ")"


def _scenario(g, name):
    """(modules, done regex) of one scenario; g(name) is a guest's path."""
    domu = lambda guest, dname, args="": Module(  # noqa: E731
        g(guest), f"domU name={dname} mem=16M {args}".strip())
    if name == "fpu":
        mods = [Module(g("int_fpu"), "int_fpu"),
                domu("int_fpu", "fpu1"), domu("int_fpu", "fpu2")]
        done = _all(_pass("int_fpu", 3), ALL_EXITED)
    elif name == "spin":
        mods = [Module(g("int_spin"), "int_spin"),
                domu("int_spin", "spin1"), domu("int_spin", "spin2")]
        done = _all(_pass("int_spin", 3), ALL_EXITED)
    elif name == "memret":
        mods = [Module(g("int_memret"), "int_memret"),
                domu("hello", "hello"), domu("int_memret", "memret")]
        done = _all(_pass("int_memret", 2), _pass("hello"), ALL_EXITED)
    elif name == "crash":
        mods = [Module(g("int_crash"), "int_crash")]
        mods += [domu("int_crash", n, a) for n, (a, _) in CRASH_DOMUS.items()]
        done = _all(_pass("int_crash"), ALL_EXITED + r".*?" + ALIVE)
    elif name == "block":
        mods = [Module(g("int_block"), "int_block"),
                domu("int_block", "block1"), domu("int_block", "block2")]
        done = _all(_pass("int_block", 3), ALL_EXITED)
    else:
        raise ValueError(name)
    return mods, done


SCENARIOS = ("fpu", "spin", "memret", "crash", "block")
CASES = [(s, n) for n in SMPS for s in SCENARIOS]


def _boot(build, scenario, smp):
    def g(name):
        path = build / "guests" / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} not built (make -f tests/guests/guests.mk guests)")
        return str(path)

    mods, done = _scenario(g, scenario)
    until = "|".join([done, FAIL, r"\(XEN\) Domain 0 \(\S+\) crashed",
                      qemu.STOP_MARKERS])
    return qemu.boot(CMDLINE, mods, loader="quick", smp=smp, mem=MEM,
                     timeout=TIMEOUT, until=until, linger=0.5,
                     name=f"issue3-{scenario}-smp{smp}")


@pytest.fixture(scope="module")
def boots(build):
    """Start every boot at once, QEMU_JOBS at a time; (scenario, smp) -> Future."""
    jobs = int(os.environ.get("QEMU_JOBS", min(os.cpu_count() or 1, 4)))
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    futures = {c: pool.submit(_boot, build, *c) for c in CASES}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def _get(request, boots, scenario, smp):
    for key in (scenario, f"smp{smp}"):
        if key in XFAIL:
            request.applymarker(pytest.mark.xfail(strict=False, reason=XFAIL[key]))
    try:
        return boots[(scenario, smp)].result()
    except FileNotFoundError as e:
        pytest.skip(str(e))


def _common(r):
    """Every scenario: no FAIL, no panic, dom0 never crashed, the machine up."""
    __tracebackhide__ = True
    qemu.expect_absent(r, FAIL, "guest failure")
    qemu.expect_absent(r, r"(?i)\bpanic\b", "panic")
    qemu.expect_absent(r, r"\(XEN\) Domain 0 \(\S+\) (crashed|shut down)",
                       "dom0 crash or shutdown")
    qemu.expect_still_running(r)


def _memory_returned(r, domus):
    """Each named domU was destroyed, and the heap is back to its boot value."""
    __tracebackhide__ = True
    for name in domus:
        qemu.expect(r, rf"\(XEN\) Domain \d+ \({name}\) destroyed: \d+ pages returned")
    m = qemu.expect(r, ALL_EXITED, "the all-domUs-exited line")
    # Every page a domU cost comes back: its frames (the "destroyed"
    # lines count them) and the hypervisor's structures for it, which sit
    # on pages of their own (xzalloc_unshared).  Nothing else allocates
    # meanwhile: dom0's first event-channel bucket exists from its build.
    after, before = int(m.group(1)), int(m.group(2))
    assert after == before, (
        f"heap not back to its boot value: {m.group(0)}\n{r.describe()}")


def _results(r, name):
    """Result lines of guest `name`: {"dom0" or "dN": "PASS" / "FAIL ..."}."""
    res = {}
    for m in re.finditer(r"^(?:\((d\d+)\) )?GUEST-RESULT " + re.escape(name)
                         + r": (PASS|FAIL.*)$", r.output, re.M):
        res[m.group(1) or "dom0"] = m.group(2)
    return res


def _all_pass(r, name, domains):
    __tracebackhide__ = True
    res = _results(r, name)
    assert res == {d: "PASS" for d in domains}, f"{name}: {res}\n{r.describe()}"


@pytest.mark.parametrize("smp", SMPS)
def test_fpu_state_survives_switches(request, boots, smp):
    r = _get(request, boots, "fpu", smp)
    _common(r)
    _all_pass(r, "int_fpu", ["dom0", "d1", "d2"])
    _memory_returned(r, ["fpu1", "fpu2"])


@pytest.mark.parametrize("smp", SMPS)
def test_spinning_domus_both_progress(request, boots, smp):
    r = _get(request, boots, "spin", smp)
    _common(r)
    _all_pass(r, "int_spin", ["dom0", "d1", "d2"])
    windows = {}
    for m in re.finditer(r"^\((d\d+)\) int_spin: (\d+) iterations, "
                         r"window (\d+)-(\d+) ns, (\d+) gaps$", r.output, re.M):
        dom, iters, start, end, _ = m.groups()
        assert int(iters) > 0, f"{dom} made no progress\n{r.describe()}"
        windows[dom] = (int(start), int(end))
    assert sorted(windows) == ["d1", "d2"], f"{windows}\n{r.describe()}"
    (s1, e1), (s2, e2) = windows["d1"], windows["d2"]
    # On one CPU the windows overlap only if the first domU was preempted.
    assert s1 < e2 and s2 < e1, (
        f"spin windows do not overlap (no preemption?): {windows}\n{r.describe()}")
    _memory_returned(r, ["spin1", "spin2"])


@pytest.mark.parametrize("smp", SMPS)
def test_memory_returns_after_domus_exit(request, boots, smp):
    r = _get(request, boots, "memret", smp)
    _common(r)
    _all_pass(r, "int_memret", ["dom0", "d2"])
    _all_pass(r, "hello", ["d1"])
    _memory_returned(r, ["hello", "memret"])


@pytest.mark.parametrize("smp", SMPS)
def test_crashing_domus_leave_dom0_running(request, boots, smp):
    r = _get(request, boots, "crash", smp)
    _common(r)
    crashes = []
    for name, (_, why) in CRASH_DOMUS.items():
        crashes.append(qemu.expect(
            r, rf"^\(XEN\) Domain \d+ \({name}\) crashed: .*{why}.*$",
            f"the crash of {name}"))
    # dom0 prints a heartbeat after every crash: it outlived them.
    last_crash = max(m.end() for m in crashes)
    alive = [m.start() for m in re.finditer(ALIVE, r.output, re.M)]
    assert alive and alive[-1] > last_crash, \
        f"no sign of dom0 after the last crash\n{r.describe()}"
    assert _results(r, "int_crash") == {"dom0": "PASS"}, r.describe()
    # Only the exception without a handler dumps registers, once.
    dumps = re.findall(REGDUMP, r.output)
    assert len(dumps) == 1, f"{len(dumps)} register dumps, expected 1\n{r.describe()}"
    qemu.expect(r, r"\(XEN\) d1 v0: unhandled exception 6 ")
    _memory_returned(r, CRASH_DOMUS)


@pytest.mark.parametrize("smp", SMPS)
def test_block_with_event_pending_returns(request, boots, smp):
    r = _get(request, boots, "block", smp)
    _common(r)
    _all_pass(r, "int_block", ["dom0", "d1", "d2"])
    _memory_returned(r, ["block1", "block2"])
