/*
 * Recognise what the boot loader handed us as the dom0 kernel (a Linux
 * bzImage, a bare gzip, .xz or .zst file, or an ELF) and unpack it to an
 * ELF.
 *
 * Interface: kernel_image_decompressed_size() to size the output buffer,
 * then kernel_image_decompress(); bzimage_payload() for the raw payload.
 * See <xen/decompress.h>.
 *
 * Invariants: every header field is bounds-checked against the image
 * length before use, with overflow-safe arithmetic; nothing is written
 * except through the decoders, which honour out_cap.
 */
#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

/* Linux x86 boot protocol setup header (Documentation/x86/boot.rst). */
#define BZ_SETUP_SECTS	  0x1f1 /* u8, 0 means 4 */
#define BZ_HDR_MAGIC	  0x202 /* "HdrS" */
#define BZ_VERSION	  0x206 /* u16 boot protocol version */
#define BZ_PAYLOAD_OFFSET 0x248 /* u32, from the protected-mode code */
#define BZ_PAYLOAD_LENGTH 0x24c /* u32 */
#define BZ_HDR_END	  0x250
#define BZ_MIN_VERSION	  0x0208 /* first version with payload fields */
#define BZ_SECTOR	  512

static inline u32 bz_le32(const u8 *p)
{
	return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static bool has_magic(const u8 *p, size_t len, const u8 *magic, size_t n)
{
	return len >= n && !memcmp(p, magic, n);
}

static const u8 bz_elf_magic[4] = {0x7f, 'E', 'L', 'F'};
static const u8 bz_gzip_magic[2] = {0x1f, 0x8b};
static const u8 bz_xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
static const u8 bz_zstd_magic[4] = {0x28, 0xb5, 0x2f, 0xfd};

int bzimage_payload(const u8 *img, size_t len, const u8 **payload,
		    size_t *payload_len)
{
	size_t sects, off, plen;

	if (len < BZ_HDR_END || memcmp(img + BZ_HDR_MAGIC, "HdrS", 4))
		return -EINVAL;
	if ((img[BZ_VERSION] | (img[BZ_VERSION + 1] << 8)) < BZ_MIN_VERSION)
		return -EOPNOTSUPP;
	sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4;
	off = (sects + 1) * BZ_SECTOR;
	plen = bz_le32(img + BZ_PAYLOAD_LENGTH);
	if (off > len || bz_le32(img + BZ_PAYLOAD_OFFSET) > len - off)
		return -EINVAL;
	off += bz_le32(img + BZ_PAYLOAD_OFFSET);
	if (plen == 0 || plen > len - off)
		return -EINVAL;
	*payload = img + off;
	*payload_len = plen;
	return 0;
}

/*
 * Decode one compressed payload.  'len' excludes any size trailer: a
 * gzip file carries its own ISIZE, .xz streams and zstd frames must end
 * exactly.
 */
static int decompress_payload(const u8 *p, size_t len, u8 *out, size_t out_cap,
			      size_t *out_len, void *work)
{
	if (has_magic(p, len, bz_gzip_magic, sizeof(bz_gzip_magic)))
		return gunzip(p, len, out, out_cap, out_len);
	if (has_magic(p, len, bz_xz_magic, sizeof(bz_xz_magic)))
		return unxz(p, len, out, out_cap, out_len, work);
	if (has_magic(p, len, bz_zstd_magic, sizeof(bz_zstd_magic)))
		return unzstd(p, len, out, out_cap, out_len, work);
	return -EINVAL;
}

/* An ELF payload inside a bzImage (CONFIG_KERNEL_UNCOMPRESSED). */
static int copy_payload(const u8 *p, size_t len, u8 *out, size_t out_cap,
			size_t *out_len)
{
	if (len > out_cap)
		return -ENOSPC;
	memcpy(out, p, len);
	*out_len = len;
	return 0;
}

int kernel_image_decompress(const u8 *img, size_t len, u8 *out, size_t out_cap,
			    size_t *out_len, void *work)
{
	const u8 *p;
	size_t plen;
	int rc;

	*out_len = 0;
	if (has_magic(img, len, bz_elf_magic, sizeof(bz_elf_magic)))
		return KERNEL_IMAGE_IS_ELF;
	if (bzimage_payload(img, len, &p, &plen))
		return decompress_payload(img, len, out, out_cap, out_len,
					  work);
	if (has_magic(p, plen, bz_elf_magic, sizeof(bz_elf_magic)))
		return copy_payload(p, plen, out, out_cap, out_len);
	if (plen < 4)
		return -EINVAL;
	if (has_magic(p, plen, bz_gzip_magic, sizeof(bz_gzip_magic)))
		return gunzip(p, plen, out, out_cap, out_len);
	/* Linux appends the uncompressed size to non-gzip payloads. */
	rc = decompress_payload(p, plen - 4, out, out_cap, out_len, work);
	if (!rc && *out_len != bz_le32(p + plen - 4))
		rc = -EINVAL;
	return rc;
}

size_t kernel_image_decompressed_size(const u8 *img, size_t len)
{
	const u8 *p;
	size_t plen;

	if (has_magic(img, len, bz_elf_magic, sizeof(bz_elf_magic)))
		return 0;
	if (!bzimage_payload(img, len, &p, &plen)) {
		if (has_magic(p, plen, bz_elf_magic, sizeof(bz_elf_magic)))
			return plen;
		return plen >= 4 ? bz_le32(p + plen - 4) : 0;
	}
	if (has_magic(img, len, bz_gzip_magic, sizeof(bz_gzip_magic)) &&
	    len >= 18)
		return bz_le32(img + len - 4);
	if (has_magic(img, len, bz_xz_magic, sizeof(bz_xz_magic)))
		return unxz_uncompressed_size(img, len);
	if (has_magic(img, len, bz_zstd_magic, sizeof(bz_zstd_magic)))
		return unzstd_uncompressed_size(img, len);
	return 0;
}
