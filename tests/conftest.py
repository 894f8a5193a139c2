"""pytest configuration shared by all test tiers.

Interface: tests get the build directory from the `build` fixture (or
qemu.build_dir()); it comes from $BUILD (default "build"), relative to the
repository root.  tests/qemu is on sys.path, so tests `import qemu`.
Invariants: nothing here boots QEMU; that is tests/qemu/test_*.py's business.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "qemu"))

import qemu  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "qemu_case(name): the boot case (tests/qemu) this test inspects")


@pytest.fixture(scope="session")
def build():
    """The build directory as an absolute Path."""
    return qemu.build_dir()


def pytest_sessionfinish(session, exitstatus):
    qemu.kill_all()
