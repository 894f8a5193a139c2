"""Compressed kernels: the hypervisor unpacks a Linux bzImage itself
(common/bzimage.c with inflate.c, unxz.c and unzstd.c) before loading the
ELF inside.

Interface:
  test_guest_bzimage[gzip|xz|zstd]  the `hello` micro guest, wrapped in a
      minimal bzImage whose payload is compressed as Linux compresses its
      own (tests/qemu/bzimage.py), boots as dom0 and passes;
  test_bad_payload_domus  a corrupted and a truncated zstd bzImage given as
      domUs under the int_crash dom0: both builds fail with a decompression
      error, dom0 still reports PASS, nothing panics;
  test_debian_kernel_zstd  Debian's kernel with its XZ payload recompressed
      to zstd (from a pipe with the size trailer, like CONFIG_KERNEL_ZSTD;
      level 12 rather than 22 to keep the test quick) boots as dom0 to the
      kernel banner; skipped when the kernel cannot be fetched.
Invariants: images are built under <BUILD>/kernel-image/; every boot has a
wall-clock timeout.
"""

import os
import re

import pytest

import bzimage
import dom0
import mkinitrd
import qemu
from qemu import Module, expect, expect_absent

TIMEOUT = float(os.environ.get("QEMU_TIMEOUT", "60"))
DOM0_TIMEOUT = float(os.environ.get("DOM0_TIMEOUT", "120"))
CMDLINE = "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
DECOMPRESSED = r"^\(XEN\) d0: kernel decompressed: (\d+) KiB -> (\d+) KiB in \d+ ms$"


def _image_dir(build):
    d = build / "kernel-image"
    d.mkdir(exist_ok=True)
    return d


def _guest(build, name):
    path = build / "guests" / name
    if not path.is_file():
        pytest.skip(f"{path} not built (make guests)")
    return path


@pytest.mark.parametrize("fmt", ["gzip", "xz", "zstd"])
def test_guest_bzimage(build, fmt):
    elf = _guest(build, "hello").read_bytes()
    img = _image_dir(build) / f"hello.bz-{fmt}"
    img.write_bytes(bzimage.wrap(bzimage.compress(elf, fmt)))
    r = qemu.boot(CMDLINE, [Module(str(img), "hello")], loader="quick",
                  mem="128M", timeout=TIMEOUT,
                  until=r"GUEST-RESULT (\S+): (PASS|FAIL.*)|" + qemu.STOP_MARKERS,
                  linger=0.5, name=f"kernel-image-{fmt}")
    m = expect(r, DECOMPRESSED, "the hypervisor's decompression line")
    assert int(m.group(2)) == len(elf) >> 10, r.describe()
    expect(r, r"^GUEST-RESULT hello: PASS$")
    expect_absent(r, r"(?i)\bpanic\b")


def test_bad_payload_domus(build):
    dom0_guest = _guest(build, "int_crash")
    elf = _guest(build, "hello").read_bytes()
    z = bytearray(bzimage.compress(elf, "zstd", level=19))
    corrupt = bytearray(z)
    corrupt[len(z) // 2] ^= 0x55
    # Half the frame, but the right size trailer: the size is believed,
    # the decoder runs out of input.
    truncated = z[:len(z) // 2] + z[-4:]
    d = _image_dir(build)
    (d / "corrupt.bz-zstd").write_bytes(bzimage.wrap(bytes(corrupt)))
    (d / "truncated.bz-zstd").write_bytes(bzimage.wrap(bytes(truncated)))
    mods = [Module(str(dom0_guest), "int_crash"),
            Module(str(d / "corrupt.bz-zstd"), "domU name=corrupt mem=16M"),
            Module(str(d / "truncated.bz-zstd"), "domU name=truncated mem=16M")]
    r = qemu.boot(CMDLINE, mods, loader="quick", mem="256M", timeout=TIMEOUT,
                  until=r"GUEST-RESULT (\S+): (PASS|FAIL.*)|" + qemu.STOP_MARKERS,
                  linger=0.5, name="kernel-image-bad-domus")
    expect(r, r"^\(XEN\) d1: kernel decompression failed \(-(22|84)\)$")
    expect(r, r"^\(XEN\) d2: kernel decompression failed \(-22\)$")
    expect(r, r"^GUEST-RESULT int_crash: PASS$")
    expect_absent(r, r"(?i)\bpanic\b")
    expect_absent(r, r"\(XEN\) Domain [12] ")


@pytest.fixture(scope="module")
def debian_zstd(build):
    """(Assets with a zstd bzImage, uncompressed size); built once, cached
    next to the build."""
    try:
        a = dom0.assets(build)
    except mkinitrd.FetchError as e:
        pytest.skip(f"Debian kernel not available: {e}")
    orig = a.vmlinuz.read_bytes()
    off, _ = bzimage.payload(orig)
    if orig[off:off + 6] != b"\xfd7zXZ\x00":
        pytest.skip("Debian's bzImage payload is not XZ")
    out = _image_dir(build) / (a.vmlinuz.name + ".zstd")
    elf = bzimage.unpack_xz(orig)
    if not out.is_file() or out.stat().st_mtime < a.vmlinuz.stat().st_mtime:
        tmp = out.with_suffix(".tmp")
        tmp.write_bytes(bzimage.repack(orig, bzimage.compress(elf, "zstd", level=12)))
        tmp.rename(out)
    return dom0.Assets(out, a.initrd, a.cache), len(elf)


def test_debian_kernel_zstd(build, debian_zstd):
    a, size = debian_zstd
    r = dom0.boot("ours", a, loader="quick", timeout=DOM0_TIMEOUT,
                  until=r"Linux version \d|" + qemu.STOP_MARKERS, linger=0.5,
                  build=build, name="kernel-image-debian-zstd")
    m = expect(r, DECOMPRESSED, "the hypervisor's decompression line")
    assert int(m.group(2)) == size >> 10, r.describe()
    expect(r, r"Linux version 6\.")
    expect_absent(r, r"(?i)\bpanic\b")
