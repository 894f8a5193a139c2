"""Linux bzImage containers for the hypervisor's kernel loader tests
(common/bzimage.c): compress a payload the way Linux's
arch/x86/boot/compressed build does, wrap it in a minimal bzImage, or put it
in place of a real bzImage's payload.

Interface (stdlib only; the compressors run as host commands):
    compress(data, fmt)   -> payload bytes; fmt "gzip" (gzip -9 -n), "xz"
                             (xz --check=crc32 --x86 --lzma2, as
                             scripts/xz_wrap.sh) or "zstd" (zstd -22 --ultra;
                             level=N to go faster), xz and zstd reading a
                             pipe and followed by the 4-byte little-endian
                             uncompressed size (Linux's size_append)
    wrap(payload)         -> a minimal bzImage: setup header + payload
    payload(image)        -> (offset, length) of a bzImage's payload
    repack(image, new)    -> the same bzImage with `new` as its payload
    unpack_xz(image)      -> the ELF inside a bzImage with an XZ payload
Invariants: only the boot protocol fields the hypervisor reads are set
(setup_sects, "HdrS", version 2.15, payload_offset, payload_length); the
results do not boot on real hardware.
"""

import lzma
import struct
import subprocess

SETUP_SECTS = 0x1f1
HDR_MAGIC = 0x202
VERSION = 0x206
PAYLOAD_OFFSET = 0x248
PAYLOAD_LENGTH = 0x24c
SECTOR = 512
PM_CODE = 0x2cc         # bytes of "decompressor" before the payload in wrap()

COMMANDS = {
    "gzip": ["gzip", "-9", "-n", "-c"],
    "xz": ["xz", "--check=crc32", "--x86", "--lzma2", "-c"],
    "zstd": ["zstd", "-q", "-c", "-T1", "--ultra", "-22"],
}


def compress(data, fmt, level=None):
    cmd = list(COMMANDS[fmt])
    if level is not None:
        cmd = [c for c in cmd if c not in ("--ultra", "-22")] + [f"-{level}"]
    out = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, check=True,
                         timeout=600).stdout
    if fmt == "gzip":
        return out                      # gzip carries its own ISIZE
    return out + struct.pack("<I", len(data) & 0xffffffff)


def wrap(payload):
    setup = 4
    img = bytearray((setup + 1) * SECTOR + PM_CODE)
    img[SETUP_SECTS] = setup
    img[HDR_MAGIC:HDR_MAGIC + 4] = b"HdrS"
    struct.pack_into("<H", img, VERSION, 0x020f)
    struct.pack_into("<II", img, PAYLOAD_OFFSET, PM_CODE, len(payload))
    return bytes(img) + payload


def payload(image):
    if image[HDR_MAGIC:HDR_MAGIC + 4] != b"HdrS":
        raise ValueError("not a bzImage")
    pm = ((image[SETUP_SECTS] or 4) + 1) * SECTOR
    off, length = struct.unpack_from("<II", image, PAYLOAD_OFFSET)
    return pm + off, length


def repack(image, new):
    off, _ = payload(image)
    img = bytearray(image[:off])
    struct.pack_into("<I", img, PAYLOAD_LENGTH, len(new))
    return bytes(img) + new


def unpack_xz(image):
    off, length = payload(image)
    return lzma.decompress(image[off:off + length - 4], format=lzma.FORMAT_XZ)
