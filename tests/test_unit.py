"""Host unit tests: run every <BUILD>/unit/test_* binary built by `make test`.

Interface: one pytest test per binary; each binary prints
"unit NAME: N passed, M failed" and exits 0 only if every check passed.
"""

import os
import subprocess

import pytest

import qemu

UNIT_TIMEOUT = 120      # seconds; the binaries run with ASan/UBSan


def unit_binaries():
    d = qemu.build_dir() / "unit"
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("test_*")
                  if p.is_file() and "." not in p.name and os.access(p, os.X_OK))


@pytest.mark.parametrize("binary", unit_binaries(), ids=lambda p: p.name)
def test_unit(binary):
    try:
        p = subprocess.run([str(binary)], stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, errors="replace", timeout=UNIT_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{binary.name} did not finish within {UNIT_TIMEOUT} s\n"
                    f"{e.stdout or ''}{e.stderr or ''}")
    out = (p.stdout + p.stderr).rstrip()
    tail = "\n".join(out.splitlines()[-60:])
    if p.returncode != 0:
        pytest.fail(f"{binary.name} exited with status {p.returncode}:\n{tail}", pytrace=False)
    if "unit " not in p.stdout:
        pytest.fail(f"{binary.name} printed no 'unit NAME: ...' line:\n{tail}", pytrace=False)
