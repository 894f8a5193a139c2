/*
 * The builder's inputs: the kernel file (an ELF, a Linux bzImage whose
 * payload is xz or zstd, or a bare .xz/.zst ELF) unpacked to an ELF
 * image, and the ramdisk file as it is.  Unpacked kernels are cached by
 * the SHA-256 of the file (cfg->cache_dir/HEX), so that creating the same
 * kernel again skips decompression.
 *
 * Interface: xc_dom_load_kernel(), xc_dom_load_ramdisk().
 * Invariants: every header field is bounds-checked before use; a cache
 * entry is written under a temporary name and renamed, so a reader sees
 * a complete ELF or nothing; a cache entry that is not an ELF is ignored.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "xc_dom.h"

/* Linux x86 boot protocol (Documentation/x86/boot.rst). */
#define BZ_SETUP_SECTS	  0x1f1 /* u8, 0 means 4 */
#define BZ_HDR_MAGIC	  0x202 /* "HdrS" */
#define BZ_VERSION	  0x206 /* u16 */
#define BZ_PAYLOAD_OFFSET 0x248 /* u32, from the protected-mode code */
#define BZ_PAYLOAD_LENGTH 0x24c /* u32, includes the size trailer */
#define BZ_HDR_END	  0x250
#define BZ_MIN_VERSION	  0x0208 /* first with the payload fields */
#define BZ_SECTOR	  512

#define MAX_FILE     (512UL << 20) /* a kernel or ramdisk larger: refused */
#define MAX_UNPACKED (1UL << 30)

static const uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};
static const uint8_t xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
static const uint8_t zstd_magic[4] = {0x28, 0xb5, 0x2f, 0xfd};
static const uint8_t gzip_magic[2] = {0x1f, 0x8b};

static uint32_t le32(const uint8_t *p)
{
	return p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static bool has_magic(const uint8_t *p, size_t len, const uint8_t *m, size_t n)
{
	return len >= n && !memcmp(p, m, n);
}

/* The whole file into a heap buffer; -errno. */
static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		e = -errno;
	else if (S_ISDIR(st.st_mode))
		e = -EISDIR;
	else if (!S_ISREG(st.st_mode) || (unsigned long)st.st_size > MAX_FILE)
		e = -EFBIG;
	else
		e = 0;
	if (e) {
		close(fd);
		return e;
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, *buf + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	*len = got;
	return 0;
}

/* The compressed payload of a bzImage, or -EINVAL if it is not one. */
static int bzimage_payload(const uint8_t *img, size_t len,
			   const uint8_t **payload, size_t *plen)
{
	size_t off;

	if (len < BZ_HDR_END || memcmp(img + BZ_HDR_MAGIC, "HdrS", 4))
		return -EINVAL;
	if ((img[BZ_VERSION] | (img[BZ_VERSION + 1] << 8)) < BZ_MIN_VERSION)
		return -EINVAL;
	off = ((size_t)(img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4) + 1) *
	      BZ_SECTOR;
	if (off > len || le32(img + BZ_PAYLOAD_OFFSET) > len - off)
		return -EINVAL;
	off += le32(img + BZ_PAYLOAD_OFFSET);
	*plen = le32(img + BZ_PAYLOAD_LENGTH);
	if (*plen < 4 || *plen > len - off)
		return -EINVAL;
	*payload = img + off;
	return 0;
}

/* A first output size: Linux appends the unpacked size (le32). */
static size_t size_hint(const uint8_t *p, size_t len)
{
	size_t n = len >= 4 ? le32(p + len - 4) : 0;

	return n >= len && n <= MAX_UNPACKED ? n : 4 * len;
}

static int grow(uint8_t **out, size_t *cap)
{
	uint8_t *n;

	if (*cap >= MAX_UNPACKED)
		return -EFBIG;
	n = realloc(*out, *cap * 2);
	if (!n)
		return -ENOMEM;
	*out = n;
	*cap *= 2;
	return 0;
}

/* One .xz stream; bytes after it (the size trailer) are ignored. */
static int unxz(const uint8_t *p, size_t len, uint8_t **out, size_t *olen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = size_hint(p, len);
	lzma_ret r = LZMA_OK;
	int rc = 0;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -ENOMEM;
	*out = malloc(cap);
	s.next_in = p, s.avail_in = len;
	s.next_out = *out, s.avail_out = *out ? cap : 0;
	while (*out && (r = lzma_code(&s, LZMA_FINISH)) == LZMA_OK) {
		if (s.avail_out)
			continue;
		if ((rc = grow(out, &cap)))
			break;
		s.next_out = *out + s.total_out;
		s.avail_out = cap - s.total_out;
	}
	if (!*out)
		rc = -ENOMEM;
	else if (!rc && r != LZMA_STREAM_END)
		rc = -EILSEQ;
	*olen = s.total_out;
	lzma_end(&s);
	return rc;
}

/* One zstd frame (its exact size found first: a trailer follows). */
static int unzstd(const uint8_t *p, size_t len, uint8_t **out, size_t *olen)
{
	size_t flen = ZSTD_findFrameCompressedSize(p, len);
	unsigned long long want;
	size_t n;

	if (ZSTD_isError(flen))
		return -EILSEQ;
	want = ZSTD_getFrameContentSize(p, flen);
	if (want == ZSTD_CONTENTSIZE_ERROR)
		return -EILSEQ;
	if (want == ZSTD_CONTENTSIZE_UNKNOWN)
		want = size_hint(p, len);
	if (want > MAX_UNPACKED)
		return -EFBIG;
	*out = malloc(want ? want : 1);
	if (!*out)
		return -ENOMEM;
	n = ZSTD_decompress(*out, want, p, flen);
	if (ZSTD_isError(n))
		return -EILSEQ;
	*olen = n;
	return 0;
}

static int unpack(struct xc_dom *dom, const uint8_t *p, size_t len,
		  uint8_t **out, size_t *olen)
{
	const char *k = dom->cfg->kernel;
	int rc;

	if (has_magic(p, len, xz_magic, sizeof(xz_magic)))
		rc = unxz(p, len, out, olen);
	else if (has_magic(p, len, zstd_magic, sizeof(zstd_magic)))
		rc = unzstd(p, len, out, olen);
	else if (has_magic(p, len, gzip_magic, sizeof(gzip_magic)))
		return xc_dom_fail(dom, -EOPNOTSUPP,
				   "kernel %s: gzip payloads are not "
				   "supported (xz and zstd are)",
				   k);
	else
		return xc_dom_fail(dom, -ENOEXEC,
				   "kernel %s: not an ELF or bzImage", k);
	if (rc)
		return xc_dom_fail(dom, rc, "kernel %s: cannot decompress: %s",
				   k, strerror(-rc));
	if (!has_magic(*out, *olen, elf_magic, sizeof(elf_magic)))
		return xc_dom_fail(dom, -ENOEXEC,
				   "kernel %s: the payload is not an ELF", k);
	return 0;
}

/* cfg->cache_dir/HEX of the file's hash, in buf. */
static void cache_path(const struct xc_dom *dom, const uint8_t *file,
		       size_t len, char *buf, size_t size)
{
	uint8_t h[32];
	char hex[65];

	xc_sha256(file, len, h);
	for (unsigned int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	snprintf(buf, size, "%s/%s", dom->cfg->cache_dir, hex);
}

static bool cache_read(const char *path, uint8_t **out, size_t *olen)
{
	if (read_file(path, out, olen))
		return false;
	if (has_magic(*out, *olen, elf_magic, sizeof(elf_magic)))
		return true;
	free(*out);
	*out = NULL;
	return false;
}

/* mkdir -p; failures show up when the entry is written. */
static void make_dirs(const char *dir)
{
	char p[512];

	snprintf(p, sizeof(p), "%s", dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

/* Best effort: a full disk only costs the next create its time. */
static void cache_write(const struct xc_dom *dom, const char *path,
			const uint8_t *img, size_t len)
{
	char tmp[600];
	size_t done = 0;
	ssize_t n;
	int fd;

	make_dirs(dom->cfg->cache_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	while (done < len && (n = write(fd, img + done, len - done)) > 0)
		done += n;
	if (close(fd) < 0 || done != len || rename(tmp, path) < 0)
		unlink(tmp);
}

int xc_dom_load_kernel(struct xc_dom *dom)
{
	const char *k = dom->cfg->kernel;
	const uint8_t *payload;
	uint8_t *file;
	size_t len, plen;
	char path[512];
	int rc = read_file(k, &file, &len);

	if (rc)
		return xc_dom_fail(dom, rc, "kernel %s: %s", k, strerror(-rc));
	if (has_magic(file, len, elf_magic, sizeof(elf_magic))) {
		dom->kernel = file;
		dom->kernel_len = len;
		return 0;
	}
	if (dom->cfg->cache_dir) {
		cache_path(dom, file, len, path, sizeof(path));
		if (cache_read(path, &dom->kernel, &dom->kernel_len)) {
			free(file);
			return 0;
		}
	}
	if (bzimage_payload(file, len, &payload, &plen))
		payload = file, plen = len; /* a bare compressed ELF */
	rc = unpack(dom, payload, plen, &dom->kernel, &dom->kernel_len);
	if (!rc && dom->cfg->cache_dir)
		cache_write(dom, path, dom->kernel, dom->kernel_len);
	free(file);
	return rc;
}

int xc_dom_load_ramdisk(struct xc_dom *dom)
{
	const char *r = dom->cfg->ramdisk;
	int rc;

	if (!r)
		return 0;
	rc = read_file(r, &dom->ramdisk, &dom->ramdisk_len);
	if (rc)
		return xc_dom_fail(dom, rc, "ramdisk %s: %s", r, strerror(-rc));
	return 0;
}
