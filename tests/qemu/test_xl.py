"""The reference toolstack (issues 10, 11): Debian's own Xen 4.17 userspace
(xl, xenstored, xenconsoled, libxenlight) in the "xl" flavour of the dom0
initrd, on Debian's Xen 4.17, boots our domU kernel and initrd: what
`make bench` races our `xm create` against stays honest.

Interface: test_xl_create_boots_domU boots Xen 4.17 + dom0 with
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

import pytest

import dom0
import mkinitrd
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
