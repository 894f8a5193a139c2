#!/usr/bin/python3
"""`make bench`: Debian's kernel as dom0 on our hypervisor, on Debian's Xen
4.17, and natively; one table of medians.

Interface: bench.py [--build DIR] [--runs N] [--timeout S] [--systems ours,xen,native]
  Boots each system --runs times ($BENCH_RUNS, default 3), round-robin so
  that a change in the host's load hits all alike, with the test initrd's
  dom0test=bench (tests/qemu/initrd/tests/bench.sh), and prints for each
  metric the median per system and the ratios ours/xen and ours/native:
    QEMU start -> DOM0-INIT wall time (s), dom0 uptime at init (s),
    getpid (ns), null hypercall through privcmd (ns, not native),
    fork + exit + wait (us).
  Then, per hypervisor, one more boot times the toolstack's "create ->
  domU init" (ms, the median of --creates creates of a 128 MiB PV domU of
  the same kernel and the initrd's /boot/domU-initrd.gz, launch to its
  "DOMU-INIT: started"): Debian's xl on Xen 4.17 (the "xl" initrd flavour,
  tests/qemu/initrd/tests/xlbench.sh) and our xm on ours
  (tests/qemu/initrd/tests/xmbench.sh; "—" while it is absent).  Each is
  booted with "dom0test=NAME NAME=<creates>" and prints
  "DOM0-BENCH create_ms <median ms>" (each create's `dom0bench create`
  line "DOM0-CREATE ms=..." is listed in the notes).
  $BENCH_CREATES (default 3; 0 skips this), $BENCH_CREATE_TIMEOUT (900 s).
  Then, per hypervisor, one boot with dom0test=devbench
  (tests/qemu/initrd/tests/devbench.sh; our xm on ours, Debian's xl on Xen
  4.17, the same config: one file: disk in dom0's tmpfs, one vif on a dom0
  bridge) measures in the domU: dd of $BENCH_DEV_DD MiB (default 64)
  O_DIRECT write and read (MiB/s), iperf3 for $BENCH_DEV_IPERF s (default
  5) domU -> dom0 and dom0 -> domU (Mbit/s) and the ping RTT to dom0 (ms);
  a row that cannot be measured prints "n/a" with a note.  $BENCH_DEV=0
  skips this.
  Hypervisors get "dom0_mem=512M console=com1" via GRUB (Multiboot 2),
  -m 1G; the native kernel gets -m 512M; all -smp 2 -cpu qemu64 (Debian's
  Xen 4.17 crashes dom0 on -cpu max) and the same dom0 command line
  ($BENCH_DOM0_ARGS, default "quiet"; console hvc0 or ttyS0).
Invariants: never fails: anything missing (no kernel, no xen.gz, a system
that does not reach init) prints as "—" with a note, and the exit status is
0.  Every boot is bounded by --timeout (default 120 s); a system that fails
a run is not booted again.
"""

import argparse
import os
import re
import statistics
import sys
import time
import traceback

import dom0
import mkinitrd

SYSTEMS = ("ours", "xen", "native")
TITLES = {"ours": "ours", "xen": "Xen 4.17", "native": "native"}
DASH = "—"
METRICS = (                         # key, label, format
    ("wall", "QEMU start -> DOM0-INIT (s)", "{:.2f}"),
    ("uptime", "dom0 uptime at init (s)", "{:.2f}"),
    ("getpid_ns", "getpid (ns)", "{:.0f}"),
    ("hypercall_ns", "null hypercall, privcmd (ns)", "{:.0f}"),
    ("fork_us", "fork+exit+wait (us)", "{:.0f}"),
    ("create_ms", "xm/xl create -> domU init (ms)", "{:.0f}"),
    ("disk_write_mibs", "domU dd write O_DIRECT (MiB/s)", "{:.1f}"),
    ("disk_read_mibs", "domU dd read O_DIRECT (MiB/s)", "{:.1f}"),
    ("net_tx_mbits", "iperf3 domU->dom0 (Mbit/s)", "{:.0f}"),
    ("net_rx_mbits", "iperf3 dom0->domU (Mbit/s)", "{:.0f}"),
    ("ping_ms", "ping domU->dom0 RTT (ms)", "{:.2f}"),
)
# The toolstack benchmark per hypervisor: the dom0 test script, which boots
# the "xl" flavour of the initrd (Debian's Xen 4.17 userspace added).
CREATE = {"ours": ("xmbench", False), "xen": ("xlbench", True)}
# The device benchmark per hypervisor (tests/qemu/initrd/tests/devbench.sh):
# the toolstack and whether it needs the "xl" flavour.
DEV = {"ours": ("xm", False), "xen": ("xl", True)}
DEV_KEYS = ("disk_write_mibs", "disk_read_mibs", "net_tx_mbits", "net_rx_mbits", "ping_ms")
NOT_NATIVE = ("hypercall_ns", "create_ms") + DEV_KEYS


def one_run(system, a, args, i):
    """{metric: value} of one boot, and a note on what went wrong (or "")."""
    r, t = dom0.boot_timed(system, a, {"init": dom0.INIT}, dom0_args=args.dom0_args,
                           build=args.build, name=f"bench-dom0-{system}-{i}",
                           smp=args.smp, cpu=args.cpu, timeout=args.timeout,
                           until=dom0.TEST_END, linger=0.2)
    m = dom0.markers(r)
    vals = {}
    if "init" in t:
        vals["wall"] = t["init"]
    if m["uptime"] is not None:
        vals["uptime"] = m["uptime"]
    keys = {k for k, _, _ in METRICS}
    vals.update({k: v for k, v in m["bench"].items() if k in keys})
    if "wall" in vals and r.matched:
        return vals, ""
    if r.timed_out:
        note = f"timeout after {args.timeout:.0f} s"
    elif r.exited:
        note = f"QEMU exited ({r.status})"
    else:
        note = "no result"
    last = [ln for ln in r.output.splitlines() if ln.strip()][-1:] or [""]
    return vals, f"{note}; last line: {last[0][:70]!r}; log {r.log}"


def create_run(system, a, args):
    """(create_ms or None, note) of one boot running the toolstack
    benchmark of `system`."""
    script, xl = CREATE[system]
    if not (mkinitrd.INITRD_SRC / "tests" / f"{script}.sh").is_file():
        return None, f"no tests/qemu/initrd/tests/{script}.sh yet"
    if xl:
        try:
            a = dom0.xl_assets(a)
        except mkinitrd.FetchError as e:
            return None, f"Debian's Xen 4.17 userspace not available: {e}".splitlines()[0]
    dom0_args = f"{args.dom0_base} dom0test={script} {script}={args.creates}".strip()
    r = dom0.boot(system, a, dom0_args, build=args.build, name=f"bench-create-{system}",
                  smp=args.smp, cpu=args.cpu, timeout=args.create_timeout,
                  until=dom0.TEST_END, linger=0.2)
    m = dom0.markers(r)
    v = m["bench"].get("create_ms")
    if v is not None:
        each = re.findall(r"DOM0-CREATE ms=(\d+)", r.output)
        return v, f"median of {args.creates} creates" + (
            f" ({', '.join(each)} ms)" if each else "")
    res = m["tests"].get(script)
    why = f"{script}: {res}" if res else (
        f"timeout after {args.create_timeout:.0f} s" if r.timed_out else "no result")
    return None, f"{why[:90]}; log {r.log}"


def create_phase(args, a, alive, results, deadline):
    """The toolstack benchmark of each hypervisor still alive: {system: note}."""
    notes = {}
    for s in args.systems:
        if s not in CREATE or args.creates <= 0:
            continue
        if s not in alive:
            notes[s] = "not booted"
        elif time.monotonic() > deadline:
            notes[s] = f"stopped: bench budget {args.budget:.0f} s used"
        else:
            try:
                v, notes[s] = create_run(s, a, args)
            except Exception as e:          # a benchmark reports, never fails
                v, notes[s] = None, f"error: {e}".splitlines()[0][:100]
                if os.environ.get("BENCH_DEBUG"):
                    traceback.print_exc()
            if v is not None:
                results[s]["create_ms"].append(v)
            print(f"bench: {TITLES[s]} create: {'' if v is None else f'{v:g} ms; '}"
                  f"{notes[s]}", flush=True)
    return notes


def dev_run(system, a, args):
    """({metric: value}, note) of one boot running the device benchmark."""
    ts, xl = DEV[system]
    if xl:
        try:
            a = dom0.xl_assets(a)
        except mkinitrd.FetchError as e:
            return {}, f"Debian's Xen 4.17 userspace not available: {e}".splitlines()[0]
    dom0_args = (f"{args.dom0_base} dom0test=devbench devbench_ts={ts} "
                 f"devbench_dd={args.dev_dd} devbench_iperf={args.dev_iperf}").strip()
    r = dom0.boot(system, a, dom0_args, build=args.build, name=f"bench-dev-{system}",
                  smp=args.smp, cpu=args.cpu, timeout=args.create_timeout,
                  until=dom0.TEST_END, linger=0.2)
    m = dom0.markers(r)
    vals = {k: v for k, v in m["bench"].items() if k in DEV_KEYS}
    notes = [f"devices {x}" for x in re.findall(r"^DEVBENCH-DEVICES: (\S+)", r.output, re.M)
             if x != "disk+vif"]
    notes += [f"retry: {x[:70]}" for x in re.findall(r"^DEVBENCH-RETRY: (.*)$", r.output, re.M)]
    res = m["tests"].get("devbench")
    if res is None:
        notes.append(f"timeout after {args.create_timeout:.0f} s" if r.timed_out else "no result")
    elif not res.startswith("PASS"):
        notes.append(f"devbench: {res[:90]}")
    if len(vals) < len(DEV_KEYS) or notes:
        notes.append(f"log {r.log}")
    return vals, "; ".join(notes)


def dev_phase(args, a, alive, results, deadline):
    """The device benchmark of each hypervisor still alive: {system: note}."""
    notes = {}
    for s in args.systems:
        if s not in DEV or not args.dev:
            continue
        if s not in alive:
            notes[s] = "not booted"
            continue
        if time.monotonic() > deadline:
            notes[s] = f"stopped: bench budget {args.budget:.0f} s used"
            continue
        try:
            vals, notes[s] = dev_run(s, a, args)
        except Exception as e:              # a benchmark reports, never fails
            vals, notes[s] = {}, f"error: {e}".splitlines()[0][:100]
            if os.environ.get("BENCH_DEBUG"):
                traceback.print_exc()
        for k, v in vals.items():
            results[s][k].append(v)
        print(f"bench: {TITLES[s]} devices: "
              + (", ".join(f"{k}={v:g}" for k, v in vals.items()) or "nothing")
              + (f"  [{notes[s]}]" if notes[s] else ""), flush=True)
    return notes


def fmt(fmt_, v):
    return DASH if v is None else fmt_.format(v)


def ratio(a, b):
    return DASH if a is None or b is None or b == 0 else f"{a / b:.2f}"


def run(args):
    results = {s: {k: [] for k, _, _ in METRICS} for s in args.systems}
    notes = {s: "" for s in args.systems}
    try:
        a = dom0.assets(args.build)
    except (mkinitrd.FetchError, RuntimeError, OSError) as e:
        print(f"bench: no dom0 kernel/initrd: {e}".splitlines()[0])
        a = None
        notes = {s: "no kernel/initrd" for s in args.systems}
    alive = set(args.systems) if a else set()
    if a and "xen" in alive:
        try:
            dom0.xen417(a)
        except mkinitrd.FetchError as e:
            notes["xen"] = f"Debian's Xen 4.17 not available: {e}".splitlines()[0]
            alive.discard("xen")
    deadline = time.monotonic() + args.budget
    for i in range(args.runs):
        for s in args.systems:
            if s not in alive:
                continue
            if time.monotonic() > deadline:
                notes[s] = notes[s] or f"stopped: bench budget {args.budget:.0f} s used"
                alive.discard(s)
                continue
            try:
                vals, note = one_run(s, a, args, i)
            except Exception as e:          # a benchmark reports, never fails
                vals, note = {}, f"error: {e}".splitlines()[0][:100]
                if os.environ.get("BENCH_DEBUG"):
                    traceback.print_exc()
            for k, v in vals.items():
                results[s][k].append(v)
            print(f"bench: {TITLES[s]} run {i + 1}: "
                  + (", ".join(f"{k}={v:g}" for k, v in vals.items()) or "nothing")
                  + (f"  [{note}]" if note else ""), flush=True)
            if note:
                notes[s] = note
                alive.discard(s)    # it will not do better next time
    create_notes = create_phase(args, a, alive, results, deadline)
    dev_notes = dev_phase(args, a, alive, results, deadline)

    med = {s: {k: (statistics.median(v) if v else None) for k, v in results[s].items()}
           for s in args.systems}
    cols = [TITLES[s] for s in args.systems]
    has = {s: s in args.systems for s in SYSTEMS}
    ratios = [("ours/xen", "ours", "xen"), ("ours/native", "ours", "native")]
    ratios = [x for x in ratios if has[x[1]] and has[x[2]]]
    print()
    print(f"dom0 bench: medians of up to {args.runs} runs (QEMU TCG, -smp {args.smp} "
          f"-cpu {args.cpu}, dom0 cmdline '{args.dom0_args}')")
    head = f"{'':30}" + "".join(f"{c:>10}" for c in cols) + \
        "".join(f"{n:>12}" for n, _, _ in ratios)
    print(head)
    for key, label, f in METRICS:
        row = f"{label:30}"
        for s in args.systems:
            v = med[s][key]
            if v is None and (s == "native" and key in NOT_NATIVE or key in DEV_KEYS):
                row += f"{'n/a':>10}"
            else:
                row += f"{fmt(f, v):>10}"
        for _, x, y in ratios:
            row += f"{ratio(med[x][key], med[y][key]):>12}"
        print(row)
    for s in args.systems:
        n = len(results[s]["wall"])
        line = f"  {TITLES[s]}: {n} run(s) reached DOM0-INIT"
        if notes[s]:
            line += f"; {notes[s]}"
        print(line)
    for s, note in create_notes.items():
        print(f"  {TITLES[s]} create: {note}")
    for s, note in dev_notes.items():
        if note:
            print(f"  {TITLES[s]} devices: {note}")
    return 0


def main(argv=None):
    env = os.environ
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=None)
    ap.add_argument("--runs", type=int, default=int(env.get("BENCH_RUNS", "3")))
    ap.add_argument("--timeout", type=float, default=float(env.get("BENCH_TIMEOUT", "120")))
    ap.add_argument("--budget", type=float, default=float(env.get("BENCH_BUDGET", "1800")),
                    help="stop starting new boots after this many seconds")
    ap.add_argument("--systems", default=env.get("BENCH_SYSTEMS", ",".join(SYSTEMS)))
    ap.add_argument("--smp", default="2")
    ap.add_argument("--cpu", default="qemu64")
    ap.add_argument("--dom0-args", default=env.get("BENCH_DOM0_ARGS", "quiet"))
    ap.add_argument("--creates", type=int, default=int(env.get("BENCH_CREATES", "3")))
    ap.add_argument("--create-timeout", type=float,
                    default=float(env.get("BENCH_CREATE_TIMEOUT", "900")))
    ap.add_argument("--dev", type=int, default=int(env.get("BENCH_DEV", "1")),
                    help="0 skips the device benchmark (devbench.sh)")
    ap.add_argument("--dev-dd", type=int, default=int(env.get("BENCH_DEV_DD", "64")))
    ap.add_argument("--dev-iperf", type=int, default=int(env.get("BENCH_DEV_IPERF", "5")))
    args = ap.parse_args(argv)
    args.dev_dd = max(0, min(args.dev_dd, 256))
    args.dev_iperf = max(0, min(args.dev_iperf, 60))
    args.systems = [s for s in args.systems.split(",") if s in SYSTEMS]
    args.creates = max(0, min(args.creates, 20))
    args.dom0_base = args.dom0_args
    args.dom0_args = f"{args.dom0_args} dom0test=bench".strip()
    args.runs = max(1, min(args.runs, 50))
    return run(args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("bench: interrupted")
    except Exception as e:              # never fail the build
        print(f"bench: error: {e}")
    sys.exit(0)
