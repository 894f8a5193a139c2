#!/usr/bin/python3
"""QEMU test bench: build GRUB rescue ISOs, boot the hypervisor, watch the serial line.

Interface (library, used by tests/qemu/test_*.py; stdlib only, run with /usr/bin/python3):
    build_iso(cmdline, modules, mb=2)      -> Path of a cached BIOS GRUB ISO
    boot(cmdline, modules, loader=..., smp=, mem=, cpu=, timeout=, until=, linger=)
                                           -> BootResult (serial text, exit status, ...)
    expect(r, regex), expect_absent(r, regex), expect_order(r, *regexes),
    expect_exited(r), expect_still_running(r)  -> assertions with a serial tail
    kill_all()                             -> kill every QEMU this process started
  loader is "mb1" or "mb2" (GRUB ISO from <BUILD>/xen.gz, -cdrom) or "quick"
  (QEMU's own multiboot-1 loader, -kernel <BUILD>/xen).

Interface (command line, used by tests/qemu/run.sh and bench.sh):
    qemu.py run   [--loader mb2] [--cmdline ...] [--module 'PATH ARGS'] ...   interactive
    qemu.py boot  [...] [--until REGEX] [--timeout S]      non-interactive, prints serial
    qemu.py iso   [...] -o OUT.iso                         just build the ISO
    qemu.py bench [--runs 3]                               boot-time table, never fails

Invariants:
  - QEMU always runs in its own process group with TCG, no network, serial to a
    file; every QEMU we start is killed (whole group) on timeout, after the
    marker, on any exception, and at interpreter exit.
  - Every wait loop is bounded both in iterations and in wall-clock time.
  - ISOs are cached in <BUILD>/iso-cache/ under a hash of grub.cfg and of the
    contents of every file on them; a cache entry is complete or absent
    (written under a temporary name, then renamed).
"""

import argparse
import atexit
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QEMU = "qemu-system-x86_64"
GRUB_MKRESCUE = "grub-mkrescue"
GRUB_PC_DIR = "/usr/lib/grub/i386-pc"
DEBUG_EXIT_PORT = 0xF4
ISO_CACHE_KEEP = 32         # most recently used ISOs kept in the cache
POLL_INTERVAL = 0.02        # seconds between looks at the serial log
TAIL_LINES = 60             # serial lines shown when an assertion fails
HARD_LIMIT_SLACK = 30       # s: QEMU's own kill timer runs this much past ours
ISO_FORMAT_VERSION = "1"    # bump when the ISO layout below changes

# Terminal states of the hypervisor: a sensible default `until` so that a
# halted machine does not have to run into the timeout.
STOP_MARKERS = (r"\(XEN\) Powering off|\(XEN\) System halted"
                r"|\(XEN\) noreboot: halting|(?i:\bpanic\b)")

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|[=>c78])")


def build_dir(build=None):
    """The build directory: `build`, else $BUILD, else "build"; relative to the repo root."""
    p = Path(build or os.environ.get("BUILD") or "build")
    return p if p.is_absolute() else ROOT / p


@dataclass(frozen=True)
class Module:
    """A multiboot module: a file and the argument string GRUB/QEMU passes with it."""
    path: str
    args: str = ""

    @staticmethod
    def parse(spec):
        """'PATH ARGS...' -> Module (the form used on the command line)."""
        path, _, args = spec.strip().partition(" ")
        return Module(path, args.strip())


# ---------------------------------------------------------------- ISO building

_SAFE_WORD = re.compile(r"^[A-Za-z0-9_.,:=/+@%^~-]+$")


def _grub_word(word):
    """Quote one word for GRUB's script parser (POSIX-shell-like rules)."""
    if _SAFE_WORD.match(word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def _grub_args(args):
    return "".join(" " + _grub_word(w) for w in args.split())


def grub_cfg(cmdline, modules, mb=2):
    """The grub.cfg text for an image at /boot/xen.gz and modules at /boot/modN."""
    if mb not in (1, 2):
        raise ValueError(f"multiboot version must be 1 or 2, not {mb!r}")
    suffix = "2" if mb == 2 else ""
    lines = [
        "set timeout=0",
        "set default=0",
        "serial --unit=0 --speed=115200",
        "terminal_input serial",
        "terminal_output serial",
        'menuentry "xen" {',
        f"\tmultiboot{suffix} /boot/xen.gz{_grub_args(cmdline)}",
    ]
    for i, m in enumerate(modules):
        lines.append(f"\tmodule{suffix} /boot/mod{i}{_grub_args(m.args)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _place(src, dst):
    """Put src at dst without copying when both are on the same filesystem."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _prune_cache(cache):
    isos = sorted(cache.glob("*.iso"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in isos[ISO_CACHE_KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass


def build_iso(cmdline="", modules=(), mb=2, image=None, build=None, out=None):
    """Build (or reuse) a BIOS GRUB rescue ISO booting `image` with `modules`.

    image defaults to <BUILD>/xen.gz. Returns the ISO path (in <BUILD>/iso-cache/,
    or `out` if given: then a copy is placed there).
    """
    image = Path(image) if image else build_dir(build) / "xen.gz"
    modules = [m if isinstance(m, Module) else Module(*m) for m in modules]
    for f in [image] + [Path(m.path) for m in modules]:
        if not f.is_file():
            raise FileNotFoundError(f"cannot build the ISO: {f} does not exist")
    cfg = grub_cfg(cmdline, modules, mb)

    key = hashlib.sha256()
    key.update(ISO_FORMAT_VERSION.encode() + b"\0" + cfg.encode() + b"\0")
    for f in [image] + [Path(m.path) for m in modules]:
        key.update(_file_digest(f).encode() + b"\0")
    cache = build_dir(build) / "iso-cache"
    cache.mkdir(parents=True, exist_ok=True)
    iso = cache / f"{key.hexdigest()[:32]}.iso"

    if iso.is_file():
        os.utime(iso)
    else:
        with tempfile.TemporaryDirectory(dir=cache, prefix="tmp-") as tmp:
            tree = Path(tmp) / "tree"
            (tree / "boot" / "grub").mkdir(parents=True)
            (tree / "boot" / "grub" / "grub.cfg").write_text(cfg)
            _place(image, tree / "boot" / "xen.gz")
            for i, m in enumerate(modules):
                _place(m.path, tree / "boot" / f"mod{i}")
            partial = Path(tmp) / "out.iso"
            argv = [GRUB_MKRESCUE, "-d", GRUB_PC_DIR, "--locales=", "--fonts=",
                    "--themes=", "-o", str(partial), str(tree)]
            try:
                p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True, timeout=120)
            except FileNotFoundError:
                raise RuntimeError(f"{GRUB_MKRESCUE} not found: run `make deps`") from None
            if p.returncode != 0 or not partial.is_file():
                raise RuntimeError(f"{' '.join(argv)} failed ({p.returncode}):\n"
                                   f"{p.stdout}{p.stderr}")
            os.replace(partial, iso)
        _prune_cache(cache)
    if out:
        shutil.copyfile(iso, out)
        return Path(out)
    return iso


# ---------------------------------------------------------------- booting

_live = {}                  # pid -> Popen of every QEMU still possibly running
_live_lock = threading.Lock()


def _kill_group(proc):
    """Stop QEMU's process group: SIGTERM (QEMU exits at once and its `timeout`
    guard reaps it), SIGKILL if that is not enough; then reap (bounded)."""
    for sig, grace in ((signal.SIGTERM, 2), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            pass
    with _live_lock:
        _live.pop(proc.pid, None)


def kill_all():
    """Kill every QEMU started by this process that is still alive."""
    with _live_lock:
        procs = list(_live.values())
    for p in procs:
        _kill_group(p)


atexit.register(kill_all)


def _on_sigterm(signum, frame):
    # Unwind like Ctrl-C so that `finally` blocks and pytest's teardown kill QEMU.
    raise KeyboardInterrupt(f"signal {signum}")


if (threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL):
    signal.signal(signal.SIGTERM, _on_sigterm)


def normalize(raw):
    """Serial bytes -> text: drop terminal escapes and carriage returns."""
    text = raw.decode("utf-8", errors="replace")
    text = _ANSI.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "")


@dataclass
class BootResult:
    """What one QEMU run produced."""
    output: str             # serial text, normalized (no escapes, no \r)
    status: int | None      # QEMU's exit status; None if we stopped it
    timed_out: bool         # the wall-clock timeout expired
    exited: bool            # QEMU exited by itself (not killed by us)
    matched: bool           # the `until` regex appeared
    elapsed: float          # seconds from QEMU start to its end
    marker_time: float | None  # seconds from QEMU start to the `until` match
    log: Path               # raw serial log
    argv: list = field(default_factory=list)
    stderr: str = ""        # QEMU's own messages

    def tail(self, n=TAIL_LINES):
        lines = self.output.rstrip("\n").split("\n")
        return "\n".join(lines[-n:])

    def describe(self):
        """A multi-line summary for failure messages."""
        how = ("timed out" if self.timed_out else
               f"exited with status {self.status}" if self.exited else
               "was stopped after the marker")
        s = [f"QEMU {how} after {self.elapsed:.1f} s; serial log {self.log}",
             "command: " + " ".join(self.argv)]
        if self.stderr.strip():
            s.append("QEMU stderr:\n" + self.stderr.strip())
        s.append(f"--- last {TAIL_LINES} serial lines ---\n{self.tail()}\n---")
        return "\n".join(s)


def qemu_argv(loader="mb2", cmdline="", modules=(), smp=1, mem="128M", cpu="qemu64",
              iso=None, image=None, build=None, serial=None, extra=()):
    """The QEMU command line. serial=None: interactive (-nographic, serial and
    monitor on this terminal); otherwise a file name for the serial line."""
    argv = [QEMU, "-accel", "tcg", "-nographic", "-no-reboot",
            "-m", str(mem), "-smp", str(smp), "-cpu", cpu, "-nic", "none",
            "-device", f"isa-debug-exit,iobase={DEBUG_EXIT_PORT:#x},iosize=0x04"]
    if serial is not None:
        argv += ["-serial", f"file:{serial}", "-monitor", "none", "-display", "none"]
    if loader in ("mb1", "mb2"):
        argv += ["-cdrom", str(iso), "-boot", "d"]
    elif loader == "quick":
        image = Path(image) if image else build_dir(build) / "xen"
        if not image.is_file():
            raise FileNotFoundError(f"cannot boot: {image} does not exist")
        argv += ["-kernel", str(image), "-append", cmdline]
        mods = []
        for m in modules:
            if "," in m.path or "," in m.args:
                raise ValueError(f"QEMU's -initrd cannot carry ',' in {m}")
            mods.append(f"{m.path} {m.args}".strip())
        if mods:
            argv += ["-initrd", ",".join(mods)]
    else:
        raise ValueError(f"loader must be mb1, mb2 or quick, not {loader!r}")
    return argv + list(extra)


def _log_path(build, name):
    logs = build_dir(build) / "qemu-logs"
    logs.mkdir(parents=True, exist_ok=True)
    if name:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        return logs / f"{safe}.log"
    fd, p = tempfile.mkstemp(dir=logs, prefix="boot-", suffix=".log")
    os.close(fd)
    return Path(p)


def boot(cmdline="", modules=(), loader="mb2", smp=1, mem="128M", cpu="qemu64",
         timeout=60.0, until=None, linger=0.0, name=None, image=None, build=None,
         extra=()):
    """Boot once and collect the serial line.

    until:  regex; once it appears, wait up to `linger` seconds more (to collect
            trailing lines or let QEMU exit by itself), then kill QEMU.
    name:   log file name under <BUILD>/qemu-logs/ (default: a fresh temp name).
    Without `until`, waits for QEMU to exit or for `timeout`.
    """
    modules = [m if isinstance(m, Module) else Module(*m) for m in modules]
    iso = None
    if loader in ("mb1", "mb2"):
        iso = build_iso(cmdline, modules, mb=int(loader[2]), image=image, build=build)
    log = _log_path(build, name)
    log.write_bytes(b"")
    argv = qemu_argv(loader, cmdline, modules, smp, mem, cpu, iso=iso, image=image,
                     build=build, serial=log, extra=extra)
    pattern = re.compile(until, re.M) if until else None

    # coreutils' timeout bounds QEMU's life even if this process is SIGKILLed.
    guard = ["timeout", "-s", "KILL", str(int(timeout + linger) + HARD_LIMIT_SLACK)]
    err = tempfile.TemporaryFile()
    start = time.monotonic()
    try:
        proc = subprocess.Popen(guard + argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
    except FileNotFoundError:
        err.close()
        raise RuntimeError(f"{QEMU} not found: run `make deps`") from None
    with _live_lock:
        _live[proc.pid] = proc

    raw, matched, marker_time, timed_out = b"", False, None, False
    stop_at = start + timeout
    try:
        with open(log, "rb") as f:
            max_polls = int((timeout + linger) / POLL_INTERVAL) + 100
            for _ in range(max_polls):
                status = proc.poll()
                new = f.read()
                raw += new
                now = time.monotonic()
                if status is not None:
                    break
                if new and pattern and not matched and pattern.search(normalize(raw)):
                    matched, marker_time = True, now - start
                    stop_at = min(stop_at, now + linger)
                if now >= stop_at:
                    timed_out = not matched
                    break
                time.sleep(POLL_INTERVAL)
            else:
                timed_out = True
            exited = proc.poll() is not None
            if not exited:
                _kill_group(proc)
            else:
                with _live_lock:
                    _live.pop(proc.pid, None)
            raw += f.read()
    finally:
        if proc.poll() is None:
            _kill_group(proc)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
        err.close()

    elapsed = time.monotonic() - start
    output = normalize(raw)
    if pattern and not matched and pattern.search(output):
        # In the last bytes, written just before QEMU exited (by itself).
        matched, marker_time = True, elapsed
    return BootResult(output=output, status=proc.returncode if exited else None,
                      timed_out=timed_out,
                      exited=exited, matched=matched, elapsed=elapsed,
                      marker_time=marker_time, log=log, argv=argv, stderr=stderr)


# ---------------------------------------------------------------- assertions

def _fail(r, msg):
    __tracebackhide__ = True
    raise AssertionError(f"{msg}\n{r.describe()}")


def expect(r, regex, what=None, flags=re.M):
    """Assert regex occurs in the serial output; return the match."""
    __tracebackhide__ = True
    m = re.search(regex, r.output, flags)
    if not m:
        _fail(r, f"expected {what or 'serial output matching'} /{regex}/ not found")
    return m


def expect_absent(r, regex, what=None, flags=re.M):
    """Assert regex does not occur in the serial output."""
    __tracebackhide__ = True
    m = re.search(regex, r.output, flags)
    if m:
        line = r.output[:m.start()].count("\n") + 1
        _fail(r, f"unexpected {what or 'output'} /{regex}/ on serial line {line}: "
                 f"{m.group(0)!r}")


def expect_order(r, *regexes, flags=re.M):
    """Assert the regexes occur in this order; return their matches."""
    __tracebackhide__ = True
    pos, found = 0, []
    for rx in regexes:
        m = re.compile(rx, flags).search(r.output, pos)
        if not m:
            before = re.search(rx, r.output, flags)
            where = " (it appears, but too early)" if before else ""
            _fail(r, f"/{rx}/ not found after {[x.group(0) for x in found]}{where}")
        found.append(m)
        pos = m.end()
    return found


def expect_not_timed_out(r):
    __tracebackhide__ = True
    if r.timed_out:
        _fail(r, "QEMU ran into the timeout")


def expect_exited(r, status=None):
    """Assert QEMU ended by itself (power off, reset with -no-reboot, debug exit)."""
    __tracebackhide__ = True
    if not r.exited:
        _fail(r, "QEMU did not exit by itself")
    if status is not None and r.status != status:
        _fail(r, f"QEMU exit status {r.status}, expected {status}")


def expect_still_running(r):
    """Assert QEMU had to be killed after the marker (the machine stayed up)."""
    __tracebackhide__ = True
    if not r.matched:
        _fail(r, "marker never appeared")
    if r.exited:
        _fail(r, "QEMU exited by itself; expected the machine to stay up")


# ---------------------------------------------------------------- command line

def _add_boot_options(p, loader="mb2", cmdline=None):
    env = os.environ
    p.add_argument("--build", default=None, help="build directory (default $BUILD or build)")
    p.add_argument("--loader", choices=("mb1", "mb2", "quick"), default=loader)
    p.add_argument("--cmdline", default=cmdline if cmdline is not None else "",
                   help="hypervisor command line")
    p.add_argument("--module", action="append", default=[], metavar="'PATH ARGS'",
                   help="a multiboot module (repeatable, in order)")
    p.add_argument("--image", default=None,
                   help="image to boot (default <BUILD>/xen.gz, or <BUILD>/xen for quick)")
    p.add_argument("--smp", default=env.get("QEMU_SMP", "2"))
    p.add_argument("--mem", default=env.get("QEMU_MEM", "1G"))
    p.add_argument("--cpu", default=env.get("QEMU_CPU", "qemu64"))
    p.add_argument("--qemu-arg", action="append", default=[], metavar="ARG",
                   help="extra QEMU argument (repeatable)")


def _modules(args):
    return [Module.parse(s) for s in args.module]


def cmd_iso(args):
    out = build_iso(args.cmdline, _modules(args), mb=int(args.loader[-1]),
                    image=args.image, build=args.build, out=args.output)
    print(out)
    return 0


def cmd_run(args):
    """Interactive: QEMU replaces this process; serial and monitor on the terminal."""
    mods = _modules(args)
    iso = None
    if args.loader != "quick":
        iso = build_iso(args.cmdline, mods, mb=int(args.loader[2]), image=args.image,
                        build=args.build)
    argv = qemu_argv(args.loader, args.cmdline, mods, args.smp, args.mem, args.cpu,
                     iso=iso, image=args.image, build=args.build, extra=args.qemu_arg)
    print("+ " + " ".join(argv), file=sys.stderr)
    print("(Ctrl-a x quits QEMU, Ctrl-a c switches to its monitor)", file=sys.stderr)
    sys.stderr.flush()
    os.execvp(argv[0], argv)


def cmd_boot(args):
    r = boot(args.cmdline, _modules(args), loader=args.loader, smp=args.smp,
             mem=args.mem, cpu=args.cpu, timeout=args.timeout, until=args.until,
             linger=args.linger, image=args.image, build=args.build,
             extra=args.qemu_arg)
    sys.stdout.write(r.output)
    how = ("timeout" if r.timed_out else f"exit status {r.status}" if r.exited
           else "marker seen, killed")
    print(f"\n[qemu.py: {how} after {r.elapsed:.2f} s; log {r.log}]", file=sys.stderr)
    return 1 if r.timed_out else 0


def cmd_bench(args):
    """Median wall time from QEMU start to the marker; prints a table, exits 0."""
    rows = []
    for loader in args.loaders.split(","):
        times, note = [], ""
        for i in range(args.runs):
            try:
                r = boot(args.cmdline, _modules(args), loader=loader, smp=args.smp,
                         mem=args.mem, cpu=args.cpu, timeout=args.timeout,
                         until=args.until, image=args.image, build=args.build,
                         name=f"bench-{loader}-{i}")
            except Exception as e:          # a benchmark reports, never fails
                note = f"error: {e}".splitlines()[0][:60]
                break
            if not r.matched:
                note = "timeout" if r.timed_out else f"no marker (status {r.status})"
                break
            times.append(r.marker_time)
        med = f"{statistics.median(times):8.2f}" if times else "       -"
        runs = " ".join(f"{t:.2f}" for t in times)
        rows.append((loader, med, f"{runs} {note}".strip()))
    print(f"boot time: QEMU start -> /{args.until}/ (TCG, -smp {args.smp} "
          f"-m {args.mem} -cpu {args.cpu})")
    print(f"{'loader':<8} {'median s':>8}  runs")
    for loader, med, runs in rows:
        print(f"{loader:<8} {med}  {runs}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    default_cmdline = os.environ.get("XEN_CMDLINE",
                                     "console=com1 com1=115200,8n1 loglvl=all")

    p = sub.add_parser("run", help="boot interactively (serial on this terminal)")
    _add_boot_options(p, cmdline=default_cmdline)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("boot", help="boot, print the serial output, stop at a marker")
    _add_boot_options(p, cmdline=default_cmdline)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--until", default=STOP_MARKERS)
    p.add_argument("--linger", type=float, default=1.0)
    p.set_defaults(func=cmd_boot)

    p = sub.add_parser("iso", help="build a GRUB ISO")
    _add_boot_options(p, cmdline=default_cmdline)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_iso)

    p = sub.add_parser("bench", help="boot-time table (never fails)")
    _add_boot_options(p, cmdline=default_cmdline)
    p.add_argument("--loaders", default="mb2,quick")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--until", default=r"\(XEN\) Powering off")
    p.set_defaults(func=cmd_bench)

    args = ap.parse_args(argv)
    if getattr(args, "loader", None) == "quick" and args.cmd == "iso":
        ap.error("iso needs --loader mb1 or mb2")
    return args.func(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, RuntimeError, ValueError) as e:
        print(f"qemu.py: {e}", file=sys.stderr)
        sys.exit(2)
