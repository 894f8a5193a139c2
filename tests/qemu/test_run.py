"""`make run` end to end: what a user sees on the serial console.

Boots tests/qemu/run.sh exactly as `make run` does (GRUB -> our
hypervisor -> Debian's dom0 in its run mode, tests/qemu/initrd/tests/
run.sh), but with RUN_DIR a directory of this test, so that the user's
build/run/domU.img is never touched.  One boot checks the banner,
`xm list` (Domain-0 and the domU), `xm console` into the domU's shell
(a command runs there, a file is written on its disk and synced, the
network reaches dom0, Ctrl-] comes back to dom0) and that Ctrl-a x quits
QEMU; a second boot of the same run directory keeps the disk image (same
inode: not made again) and the domU finds the file.

Timeouts: $RUN_TIMEOUT (default 240 s) for a boot to reach the banner,
shorter ones for each command.  Logs: <BUILD>/qemu-logs/run-boot{1,2}.log.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

import dom0

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
RUN_SH = ROOT / "tests" / "qemu" / "run.sh"
BOOT_TIMEOUT = float(os.environ.get("RUN_TIMEOUT", "240"))
CMD_TIMEOUT = 60            # s for one shell command's answer
DOM0_PROMPT = r"dom0:[^\r\n]*# "
DOMU_PROMPT = r"domU:[^\r\n]*# "
CTRL_RBRACKET = "\x1d"      # xm console's escape
CTRL_A_X = "\x01x"          # QEMU's -nographic quit


@pytest.fixture(scope="module")
def run_dir(build):
    try:
        dom0.assets(build)      # run.sh would boot without dom0 otherwise
    except Exception as e:  # no apt access: nothing to test with
        pytest.skip(f"Debian kernel/initrd unavailable: {e}")
    d = tempfile.mkdtemp(prefix="run-test-", dir=build)
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


class Boot:
    """One `make run` boot under pexpect; the banner's text in .banner."""

    def __init__(self, build, run_dir, n):
        env = dict(os.environ, RUN_DIR=str(run_dir), BUILD=str(build))
        for k in ("DOM0_RUN", "DOM0_CMDLINE", "DOM0_KERNEL", "DOM0_INITRD",
                  "XEN_CMDLINE", "XEN_LOADER"):
            env.pop(k, None)
        logs = Path(build) / "qemu-logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.p = pexpect.spawn(str(RUN_SH), [str(build)], env=env, cwd=str(ROOT),
                               timeout=CMD_TIMEOUT, encoding="utf-8",
                               codec_errors="replace", dimensions=(50, 200))
        self.p.logfile_read = open(logs / f"run-boot{n}.log", "w")
        self.seq = 0
        i = self.p.expect([r"DOM0-RUN: ready (\S+)", r"DOM0-RUN: FAIL[^\r\n]*",
                           pexpect.EOF], timeout=BOOT_TIMEOUT)
        self.banner = self.p.before
        assert i == 0, f"run mode failed: {self.p.after!r}; log {self.p.logfile_read.name}"
        self.name = self.p.match.group(1)
        self.p.expect(DOM0_PROMPT)

    def _run(self, cmd, prompt, timeout):
        """cmd's output (without the echoed command line), then the prompt.
        The end marker is computed by the shell, so the echoed command
        line never matches it (a console replays earlier output)."""
        self.seq += 1
        n = self.seq
        self.p.sendline(f"echo BEGIN-$(({n} + 2000)); {cmd}; echo END-$(({n} + 1000))")
        self.p.expect(f"BEGIN-{n + 2000}\r*\n", timeout=timeout)
        self.p.expect(f"END-{n + 1000}\r*\n", timeout=timeout)
        out = self.p.before.replace("\r", "")
        self.p.expect(prompt, timeout=timeout)
        return out

    def dom0(self, cmd, timeout=CMD_TIMEOUT):
        return self._run(cmd, DOM0_PROMPT, timeout)

    def console(self):
        """xm console into the domU's shell."""
        self.p.sendline(f"xm console {self.name}")
        time.sleep(1)
        self.p.sendline("")
        self.p.expect(DOMU_PROMPT)

    def domu(self, cmd, timeout=CMD_TIMEOUT):
        return self._run(cmd, DOMU_PROMPT, timeout)

    def detach(self):
        self.p.send(CTRL_RBRACKET)
        self.p.expect(DOM0_PROMPT)

    def quit(self):
        """Ctrl-a x: QEMU exits."""
        if self.p.isalive():
            self.p.send(CTRL_A_X)
            try:
                self.p.expect(pexpect.EOF, timeout=30)
            finally:
                if self.p.isalive():
                    self.p.terminate(force=True)
        self.p.logfile_read.close()
        return self.p.exitstatus


def _has_disk(b):
    return "no disks or vifs yet" not in b.banner


@pytest.fixture(scope="module")
def boot1(build, run_dir):
    b = Boot(build, run_dir, 1)
    yield b
    b.quit()


def test_banner(boot1):
    assert "make run: our hypervisor runs Debian's Linux as dom0" in boot1.banner
    assert f"xm console {boot1.name}" in boot1.banner
    assert "Ctrl-] comes back here" in boot1.banner
    assert "run: made the domU's disk" in boot1.banner


def test_xm_list_shows_both(boot1):
    out = boot1.dom0("xm list")
    rows = [line.split() for line in out.splitlines()]
    names = [r[0] for r in rows if len(r) >= 6]
    assert "Domain-0" in names, out
    assert boot1.name in names, out
    dom0_row = next(r for r in rows if r and r[0] == "Domain-0")
    assert dom0_row[1] == "0", out


def test_console_reaches_domu_shell(boot1, run_dir):
    boot1.console()
    out = boot1.domu("echo in-domU-$((6 * 7)); cat /sys/hypervisor/type; hostname")
    assert "in-domU-42" in out and "xen" in out and "domU" in out, out
    if _has_disk(boot1):
        out = boot1.domu("grep -c ' /mnt ext4 ' /proc/mounts; cat /mnt/README")
        assert out.split()[0] == "1", out
        assert "make run's domU" in out, out
        token = f"run-test-{os.getpid()}"
        (run_dir / "token").write_text(token)
        out = boot1.domu(f"echo {token} >/mnt/persist.txt && sync && echo WROTE-OK")
        assert "WROTE-OK" in out, out
        out = boot1.domu("ping -c 1 -W 10 169.254.10.1 >/dev/null && echo PING-OK")
        assert "PING-OK" in out, out
    boot1.detach()
    out = boot1.dom0("echo back-in-dom0; hostname")
    assert "back-in-dom0" in out and "dom0" in out, out
    if _has_disk(boot1):
        out = boot1.dom0("ping -c 1 -W 10 169.254.10.2 >/dev/null && echo PING-OK")
        assert "PING-OK" in out, out
    img = run_dir / "domU.img"
    (run_dir / "inode").write_text(str(img.stat().st_ino))
    assert boot1.quit() is not None


def test_second_boot_keeps_the_disk(build, run_dir):
    img = run_dir / "domU.img"
    ino = (run_dir / "inode").read_text() if (run_dir / "inode").exists() else None
    if ino is None:
        pytest.skip("the first boot did not get as far")
    b = Boot(build, run_dir, 2)
    try:
        assert str(img.stat().st_ino) == ino, "the disk image was made again"
        assert "kept from an earlier run" in b.banner
        if not _has_disk(b):
            pytest.skip("xm has no disks yet (tools/xm/blk.c)")
        b.console()
        out = b.domu("cat /mnt/persist.txt")
        assert (run_dir / "token").read_text() in out, out
        b.detach()
    finally:
        b.quit()
