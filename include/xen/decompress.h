/*
 * Single-call decompressors for the dom0 kernel image: gzip/DEFLATE, .xz
 * (LZMA2 with an optional BCJ-x86 filter), Zstandard and the Linux bzImage
 * wrapper.
 *
 * All decoders take the whole input and write the whole output in one call,
 * never allocate, never read outside [in, in + in_len) nor write outside
 * [out, out + out_cap), whatever the input bytes are.  Return values are 0
 * or a negative errno:
 *   -EINVAL     malformed or truncated input
 *   -ENOSPC     the output does not fit in out_cap bytes
 *   -EILSEQ     an integrity check (CRC32/CRC64/XXH64) does not match
 *   -EOPNOTSUPP valid but unsupported (zstd dictionary, unknown xz filter)
 * On error *out_len is the number of bytes written so far (diagnostics only;
 * the output content is then meaningless).
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

/*
 * gunzip() keeps its Huffman tables on the stack (about 3.2 KiB), so it
 * needs no workspace.  Trailing bytes after the first gzip member are
 * ignored (the way the Linux boot wrapper treats them).
 */
int gunzip(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *out_len);

/*
 * unxz() workspace: the LZMA probability model (largest when lc + lp = 4).
 * 'work' must be UNXZ_WORK_SIZE bytes, 8-byte aligned, contents ignored.
 * The output buffer doubles as the LZMA dictionary, so no other memory is
 * needed whatever dictionary size the stream declares.
 * Integrity checks: CRC32 and CRC64 are verified; SHA-256 and the reserved
 * check types are skipped unverified.  Concatenated streams and stream
 * padding are accepted; any other trailing byte is -EINVAL.
 */
#define UNXZ_WORK_SIZE (32 * 1024)
int unxz(const u8 *in, size_t in_len, u8 *out, size_t out_cap, size_t *out_len,
	 void *work);

/*
 * Uncompressed size recorded in the index of a single-stream .xz file
 * (trailing stream padding allowed), or 0 if it cannot be determined.
 */
size_t unxz_uncompressed_size(const u8 *in, size_t in_len);

/*
 * unzstd() workspace: FSE and Huffman tables and one block's literals.
 * 'work' must be UNZSTD_WORK_SIZE bytes, 8-byte aligned, contents ignored.
 * The output buffer doubles as the window, so no other memory is needed
 * whatever Window_Size a frame declares.  Concatenated frames and
 * skippable frames are accepted; any other trailing byte is -EINVAL.
 * Frames that need a dictionary (non-zero Dictionary_ID) are -EOPNOTSUPP.
 * The XXH64 content checksum is verified when present, and so is
 * Frame_Content_Size.
 */
#define UNZSTD_WORK_SIZE (144 * 1024)
int unzstd(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *out_len, void *work);

/*
 * Sum of the Frame_Content_Size fields of all frames, or 0 if a frame has
 * none or the input cannot be walked frame by frame.
 */
size_t unzstd_uncompressed_size(const u8 *in, size_t in_len);

/* CRC-32 (IEEE 802.3, reflected, as used by gzip and xz).  Start crc at 0. */
u32 crc32_update(u32 crc, const u8 *p, size_t n);

/*
 * Linux bzImage: find the compressed payload inside the image (bounds
 * checked).  The payload still ends with the 4-byte little-endian
 * uncompressed size that Linux appends.
 */
int bzimage_payload(const u8 *img, size_t len, const u8 **payload,
		    size_t *payload_len);

/*
 * kernel_image_decompress() accepts a bzImage (gzip, xz, zstd or
 * uncompressed payload), a bare gzip, .xz or .zst file, or an ELF.  For an
 * ELF it writes nothing and returns KERNEL_IMAGE_IS_ELF: use the input as
 * is.  'work' is KERNEL_IMAGE_WORK_SIZE bytes, 8-byte aligned.
 */
#define KERNEL_IMAGE_IS_ELF 1
#define KERNEL_IMAGE_WORK_SIZE                                                 \
	(UNZSTD_WORK_SIZE > UNXZ_WORK_SIZE ? UNZSTD_WORK_SIZE : UNXZ_WORK_SIZE)
int kernel_image_decompress(const u8 *img, size_t len, u8 *out, size_t out_cap,
			    size_t *out_len, void *work);

/*
 * Size kernel_image_decompress() will produce, to size its output buffer:
 * the size Linux appends to a bzImage payload, a gzip ISIZE, the xz
 * index total or the zstd frame content sizes.  0 when unknown (ELF,
 * unrecognised or malformed input). Untrusted: the decoders still enforce
 * out_cap.
 */
size_t kernel_image_decompressed_size(const u8 *img, size_t len);

#endif
