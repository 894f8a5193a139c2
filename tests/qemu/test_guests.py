"""Guest tests: boot the hypervisor with one micro PV guest (tests/guests/<name>.c,
built as <BUILD>/guests/<name>) as dom0 and wait for its result line.

Interface: one test per guest (GUESTS below; those in AS_DOMU run as a
domU under a dom0 that must outlive them), plus `test_hypercall_page_flavour`
(guests booted with "hc=page" so that every hypercall and iret goes through
the hypercall page) and `test_dom0_and_two_domus` (multidom as dom0 plus two
boot-time domUs).  Boots run $QEMU_JOBS at a time (default: one per CPU, at
most 4), all started at the first request.
Invariants: every guest prints exactly one "GUEST-RESULT <name>: PASS" or
"GUEST-RESULT <name>: FAIL <reason>" line; a boot stops at that line or at
a terminal hypervisor marker, and has a wall-clock timeout.

Features still being written are expected failures: list them in XFAIL only
(guest name -> reason); delete an entry when the feature lands.
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

GUEST_DIR = qemu.ROOT / "tests" / "guests"
GUESTS = sorted(p.stem for p in GUEST_DIR.glob("*.c"))
PAGE_FLAVOUR = ["hello", "traps", "evtchn"]    # re-run with hc=page
DOMU_CASE = "dom0+2domU"
GRUB_DOMU_CASE = "dom0+2domU-grub-smp4"   # the same through GRUB, 4 CPUs
GRUB_DOMU_CASE1 = "dom0+2domU-grub-smp1"  # and through GRUB on 1 CPU
DOMU_CASES = {DOMU_CASE: ("quick", 1), GRUB_DOMU_CASE: ("mb2", 4),
              GRUB_DOMU_CASE1: ("mb2", 1)}     # case -> (loader, CPUs)
# Guests that may legitimately get their domain crashed: run as domU
# "hostile" under this dom0 guest, which reports only after a while.
AS_DOMU = {"hostile_iret_hvcs": "int_crash",
           "hostile_map_foreign": "int_crash",   # attacks dom0's frames
           "desc_failsafe": "int_crash",         # needs a real switch
           "hostile_physdev": "int_crash",       # dom0-only sub-ops
           "desc_ldt": "int_crash",              # needs a real switch
           "desc_ldt_hostile": "int_crash",
           "mm_linear_pt": "int_crash"}          # teardown with linear PTs
# Of those, the ones that must report PASS (being crashed is a failure).
MUST_PASS_AS_DOMU = {"desc_ldt", "desc_ldt_hostile", "mm_linear_pt"}
# Of those, the ones whose teardown must leave no frame referenced.
LEAK_FREE_AS_DOMU = {"mm_linear_pt"}
# Extra QEMU arguments (devices) for a guest's machine.
QEMU_EXTRA = {"physdev_msi": ("-device", "edu", "-device", "virtio-rng-pci")}
# Guests that are both ends of a conversation, or check what dom0 may and
# a domU may not: the same image runs as dom0 and as domU 1; both must
# print PASS.
TWO_ENDS = {"ev_interdomain", "platform", "console_io", "version",
            "sched_shutdown", "mm_memory_op", "mm_misc", "physdev_misc",
            "gnttab", "domctl", "domctl_destroy", "mm_foreign"}
TWO_ENDS.add("sysctl")        # dom0 succeeds, the domU gets -EPERM
TWO_ENDS.add("domctl_iocap")  # dom0 grants I/O ports and frames, the domU uses them
TWO_ENDS.add("mm_foreign_shinfo")
TWO_ENDS.add("mm_va_otherdomain")  # dom0 maps the domU's frame, the domU may not
TWO_ENDS.add("hostile_relinquish_tlb")  # no stale TLB entry of a freed frame
# Hypervisor log lines a guest's boot must also show (guest -> regex).
EXPECT_LOG = {
    # the domU's FIFO control block and event array went with it
    "ev_fifo_interdomain": r"(?s)\A(?!.*d1: \d+ frames still mapped elsewhere)"
                           r".*Domain 1 \(peer\) destroyed",
    # the peer set shutdown code watchdog before dom0 shut it down remotely
    "sched_shutdown": r"^\(XEN\) Domain 1 \(peer\) shut down: watchdog$",
    # the watched buffer written by the hypervisor: noted, not delivered
    "debugreg": r"^\(XEN\) d0 v0: guest breakpoint hit in hypervisor context",
    # the granter died while dom0 mapped one of its frames: kept until
    # dom0's unmap, then freed with the domain
    "gnttab": r"(?s)\(XEN\) d1: 1 frames still mapped elsewhere.*"
              r"dom0: dead granter's frame still reads.*"
              r"Domain 1 \(peer\) destroyed.*dom0: unmapped the dead granter",
    # the boot-time peer's death is still reported; toolstack domains stay
    "domctl": r"(?s)Domain 1 \(peer\) destroyed.*Domain \d+ created by the "
              r"toolstack.*shut down: soft_reset.*destroyed by the toolstack",
    # the domain dom0 built from nothing ran, spoke and was torn down
    "domctl_boot": r"(?s)\(d\d+\) hello from a toolstack-built domain.*"
                   r"shut down: poweroff.*destroyed by the toolstack",
    # a running 16 MiB domU destroyed in chunks gives every page back
    "domctl_destroy": r"(?s)Domain 1 \(peer\) destroyed by the toolstack.*"
                      r"Domain 1 \(peer\) destroyed: \d+ pages returned.*"
                      r"All boot-time domUs have exited: heap (\d+) free "
                      r"pages, \1 before",
    # the domU died while dom0 mapped its frame through mmu_update
    # foreigndom: kept until dom0's unmap, then freed with the domain
    "mm_foreign": r"(?s)\(XEN\) d1: 1 frames still mapped elsewhere.*"
                  r"dom0: dead domU's frame still reads.*"
                  r"Domain 1 \(peer\) destroyed.*dom0: unmapped the dead domU",
}
# Kernels the hypervisor must refuse to build: booted as domU "refused"
# under the given dom0 guest; the log must show the refusal (regex), no
# domain 1 may start, and dom0 must still PASS.
REFUSED = {"elf_no_notes": ("hello", r"^\(XEN\) d1: kernel refused: not a Xen "
                                     r"ELF image: no ELF notes"),
           "elf_bad_loader": ("hello", r"^\(XEN\) d1: kernel refused: only images "
                                       r"for the generic loader .*GUEST_OS 'ourguest'")}
# Guests that need more than one physical CPU.
SMP = {"platform": 2, "gnttab": 2, "domctl_destroy": 2}
SMP["sysctl"] = 2

# FIFO events: both ends on FIFO; vCPU 1's queues need a second CPU.
TWO_ENDS.add("ev_fifo_interdomain")
SMP["ev_fifo_smp"] = 2
# the domU died while dom0 mapped its shared_info: kept until dom0's unmap
EXPECT_LOG["mm_foreign_shinfo"] = (
    r"(?s)\(XEN\) d1: shared_info still mapped elsewhere.*"
    r"Domain 1 \(peer\) destroyed.*dom0: dead domU's shared_info still reads"
    r".*shared_info frame 0x[0-9a-f]+ freed at its last reference.*"
    r"dom0: unmapped the dead domU's shared_info")

TIMEOUT = float(os.environ.get("QEMU_TIMEOUT", "60"))
CMDLINE = "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
RESULT = r"GUEST-RESULT (\S+): (PASS|FAIL.*)"
UNTIL = RESULT + "|" + qemu.STOP_MARKERS


def _guest(build, name):
    path = build / "guests" / name
    if not path.is_file():
        pytest.skip(f"{path} not built (make -f tests/guests/guests.mk guests)")
    return str(path)


def _boot(build, case):
    """One boot: case is a guest name, "<name> hc=page" or DOMU_CASE."""
    if case in DOMU_CASES:
        loader, smp = DOMU_CASES[case]
        g = _guest(build, "multidom")
        mods = [Module(g, "multidom"),
                Module(g, "domU name=peer1 mem=16M"),
                Module(g, "domU name=peer2 mem=16M")]
        # Three result lines (or a FAIL, or a terminal marker) end the boot.
        until = (r"(?s)(GUEST-RESULT multidom: PASS.*){3}|GUEST-RESULT \S+: FAIL|"
                 + qemu.STOP_MARKERS)
        return qemu.boot(CMDLINE, mods, loader=loader, mem="256M", smp=smp,
                         timeout=TIMEOUT, until=until, linger=0.5,
                         name=f"guest-{case}")
    name, _, args = case.partition(" ")
    if name in TWO_ENDS:
        g = _guest(build, name)
        mods = [Module(g, name), Module(g, "domU name=peer mem=16M")]
        until = (rf"(?s)(GUEST-RESULT {name}: PASS.*){{2}}|GUEST-RESULT \S+: FAIL|"
                 + qemu.STOP_MARKERS)
        return qemu.boot(CMDLINE, mods, loader="quick", mem="256M",
                         smp=SMP.get(name, 1), timeout=TIMEOUT, until=until,
                         linger=0.5, name=f"guest-{case}")
    if name in AS_DOMU or name in REFUSED:
        dom0 = AS_DOMU[name] if name in AS_DOMU else REFUSED[name][0]
        mods = [Module(_guest(build, dom0), dom0),
                Module(_guest(build, name), f"domU name=hostile mem=16M {args}".strip())]
        until = (rf"GUEST-RESULT {dom0}: PASS|GUEST-RESULT \S+: FAIL|"
                 + qemu.STOP_MARKERS)
        return qemu.boot(CMDLINE, mods, loader="quick", mem="256M",
                         timeout=TIMEOUT, until=until, linger=0.5,
                         name=f"guest-{case}")
    mods = [Module(_guest(build, name), (name + " " + args).strip())]
    return qemu.boot(CMDLINE, mods, loader="quick", mem="128M", timeout=TIMEOUT,
                     until=UNTIL, linger=0.5, name=f"guest-{case}",
                     extra=QEMU_EXTRA.get(name, ()), smp=SMP.get(name, 1))


def _selected_cases(items):
    """The boot cases the selected tests of this module need (-k NAME
    boots only those)."""
    cases = []
    for item in items:
        if item.module.__name__ != __name__ or not hasattr(item, "callspec"):
            continue
        p = item.callspec.params
        if "name" in p:
            hc_page = item.originalname == "test_hypercall_page_flavour"
            cases.append(f"{p['name']} hc=page" if hc_page else p["name"])
        elif "case" in p:
            cases.append(p["case"])
    return cases


@pytest.fixture(scope="module")
def boots(build, request):
    """Start every selected boot case at once, QEMU_JOBS at a time;
    case -> Future."""
    jobs = int(os.environ.get("QEMU_JOBS", min(os.cpu_count() or 1, 4)))
    cases = _selected_cases(request.session.items)
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    futures = {c: pool.submit(_boot, build, c) for c in cases}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def _xfail(request, key):
    if key in XFAIL:
        request.applymarker(pytest.mark.xfail(strict=False, reason=XFAIL[key]))


def _result(r, name):
    """The guest's result: 'PASS', 'FAIL ...', or an assertion."""
    found = re.findall(r"GUEST-RESULT " + re.escape(name) + r": (PASS|FAIL.*)", r.output)
    if not found:
        raise AssertionError(f"no result line from guest {name}\n{r.describe()}")
    if len(found) > 1 and name != "multidom" and name not in TWO_ENDS:
        raise AssertionError(f"{len(found)} result lines from {name}\n{r.describe()}")
    return found


@pytest.mark.parametrize("name", GUESTS)
def test_guest(request, boots, name):
    _xfail(request, name)
    r = boots[name].result()
    if name in AS_DOMU:
        _check_as_domu(r, name)
        return
    if name in REFUSED:
        _check_refused(r, name)
        return
    res = _result(r, name)
    assert res[0] == "PASS", f"{name}: {res[0]}\n{r.describe()}"
    if name in TWO_ENDS:
        assert res == ["PASS", "PASS"], f"{name}: both ends must pass\n{r.describe()}"
        qemu.expect(r, rf"^\(d1\) GUEST-RESULT {name}: PASS")
    if name in EXPECT_LOG:
        qemu.expect(r, EXPECT_LOG[name])
    qemu.expect_absent(r, r"(?i)\bpanic\b")


def _check_refused(r, name):
    """The domU's kernel was refused with the expected message, nothing of
    it ran, and dom0 went on to PASS."""
    __tracebackhide__ = True
    dom0, msg = REFUSED[name]
    qemu.expect(r, msg, "the refusal")
    qemu.expect(r, r"^\(XEN\) d1 \(hostile\): build failed", "no domain 1")
    qemu.expect_absent(r, rf"GUEST-RESULT {name}:", "the refused kernel ran")
    qemu.expect_absent(r, r"(?i)\bpanic\b", "panic")
    assert _result(r, dom0) == ["PASS"], r.describe()


def _check_as_domu(r, name):
    """The domU either reported PASS or was crashed (never FAIL; only PASS
    for MUST_PASS_AS_DOMU); dom0 went on and reported after it, and the
    machine stayed up."""
    __tracebackhide__ = True
    dom0 = AS_DOMU[name]
    qemu.expect_absent(r, r"GUEST-RESULT \S+: FAIL", "guest failure")
    qemu.expect_absent(r, r"(?i)\bpanic\b", "panic")
    qemu.expect_absent(r, r"\(XEN\) Domain 0 \(\S+\) (crashed|shut down)", "dom0 exit")
    end = qemu.expect(r, r"^\(XEN\) Domain 1 \(hostile\) "
                         r"(crashed: .*|shut down: poweroff)$", "the domU's end")
    if "crashed" not in end.group(0) or name in MUST_PASS_AS_DOMU:
        assert _result(r, name) == ["PASS"], r.describe()
        assert "crashed" not in end.group(0), r.describe()
    qemu.expect_order(r, re.escape(end.group(0)), rf"^GUEST-RESULT {dom0}: PASS$")
    qemu.expect_still_running(r)
    if name in LEAK_FREE_AS_DOMU:
        qemu.expect_absent(r, r"still referenced at teardown", "a leak")


@pytest.mark.parametrize("name", PAGE_FLAVOUR)
def test_hypercall_page_flavour(request, boots, name):
    _xfail(request, "hc=page")
    _xfail(request, name)
    r = boots[f"{name} hc=page"].result()
    qemu.expect(r, r"hypercalls via page")
    res = _result(r, name)
    assert res[0] == "PASS", f"{name} (hc=page): {res[0]}\n{r.describe()}"


@pytest.mark.parametrize("case", list(DOMU_CASES))
def test_dom0_and_two_domus(request, boots, case):
    _xfail(request, "multidom")
    r = boots[case].result()
    res = _result(r, "multidom")
    assert all(x == "PASS" for x in res), f"{res}\n{r.describe()}"
    assert len(res) == 3, f"{len(res)} of 3 domains reported\n{r.describe()}"
    qemu.expect(r, r"multidom: dom0")
    assert len(re.findall(r"multidom: domU", r.output)) == 2, r.describe()
