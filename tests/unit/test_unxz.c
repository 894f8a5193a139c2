/*
 * Unit tests for common/unxz.c (and the bzImage wrapper in
 * common/bzimage.c): streams made by the host's xz with every check type,
 * BCJ-x86, several LZMA properties, multiple blocks and streams, padding;
 * then hostile inputs (every truncation, bit flips, short output buffers)
 * that must fail cleanly under ASan/UBSan.
 */
#include "check.h"
#include "tool_compress.h"
#include "../../common/inflate.c"
#include "../../common/unxz.c"
#include "../../common/unzstd.c"
#include "../../common/bzimage.c"

static unsigned char work[KERNEL_IMAGE_WORK_SIZE] __attribute__((aligned(8)));

/* Compress with xz 'opts', decode, compare; returns the .xz for reuse. */
static void roundtrip(const char *opts, const unsigned char *data, size_t len)
{
	char cmd[256];
	unsigned char *xz, *out;
	size_t xz_len, out_len = 0;
	int rc;

	snprintf(cmd, sizeof(cmd), "xz -c -T1 %s", opts);
	xz = tool_compress(cmd, data, len, &xz_len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	out = malloc(len + 1);
	rc = unxz(xz, xz_len, out, len, &out_len, work);
	if (rc || out_len != len || memcmp(out, data, len))
		fprintf(stderr, "roundtrip '%s' len %zu: rc %d out %zu\n", opts,
			len, rc, out_len);
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, len);
	CHECK(memcmp(out, data, len) == 0);
	CHECK_EQ(unxz_uncompressed_size(xz, xz_len), len);
	if (len) {
		rc = unxz(xz, xz_len, out, len - 1, &out_len, work);
		CHECK_EQ(rc, -ENOSPC);
	}
	free(out);
	free(xz);
}

static void test_roundtrips(void)
{
	static const char *opts[] = {
		"--check=crc32 --x86 --lzma2=dict=1MiB",
		"--check=crc64",
		"--check=none",
		"--check=sha256",
		"--check=crc32 --block-size=64KiB",
		"--check=crc64 --x86 --lzma2=preset=6 --block-size=100000",
		"-0 --check=crc32",
		"-9e --check=crc32",
		"--lzma2=lc=1,lp=3,pb=0 --check=crc32",
		"--lzma2=lc=4,lp=0,pb=4 --check=crc32",
		"--x86=start=4096 --lzma2=lc=0,lp=0,pb=0,mode=fast,nice=8",
	};
	static const size_t sizes[] = {0, 1, 5, 4096, 300000};
	unsigned char *data = malloc(300000);
	unsigned int o, s, k;

	for (k = DATA_RANDOM; k <= DATA_MIXED; k++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			tool_fill(data, sizes[s], k);
			for (o = 0; o < ARRAY_SIZE(opts); o++)
				roundtrip(opts[o], data, sizes[s]);
		}
	free(data);
}

/* A big incompressible block forces LZMA2 uncompressed chunks. */
static void test_big(void)
{
	size_t len = 3 << 20;
	unsigned char *data = malloc(len);

	tool_fill(data, len / 2, DATA_RANDOM);
	tool_fill(data + len / 2, len / 2, DATA_CODE);
	roundtrip("--check=crc32 --x86 --lzma2=dict=1MiB", data, len);
	roundtrip("--check=crc64 --block-size=1MiB", data, len);
	free(data);
}

/* Two streams, stream padding between and after them. */
static void test_concatenated(void)
{
	unsigned char a[5000], b[7000], *xa, *xb, *cat, out[12000];
	size_t la, lb, n, out_len;

	tool_fill(a, sizeof(a), DATA_TEXT);
	tool_fill(b, sizeof(b), DATA_CODE);
	xa = tool_compress("xz -c --check=crc64", a, sizeof(a), &la);
	xb = tool_compress("xz -c --x86 --lzma2 --check=none", b, sizeof(b),
			   &lb);
	CHECK(xa && xb);
	if (!xa || !xb)
		return;
	cat = calloc(la + lb + 16, 1);
	memcpy(cat, xa, la);
	memcpy(cat + la + 8, xb, lb);
	n = la + 8 + lb + 4;
	CHECK_EQ(unxz(cat, n, out, sizeof(out), &out_len, work), 0);
	CHECK_EQ(out_len, sizeof(a) + sizeof(b));
	CHECK(!memcmp(out, a, sizeof(a)) &&
	      !memcmp(out + sizeof(a), b, sizeof(b)));
	/* Padding that is not a multiple of four is not padding. */
	CHECK_EQ(unxz(cat, n - 1, out, sizeof(out), &out_len, work), -EINVAL);
	/* Garbage after the stream. */
	cat[la] = 1;
	CHECK_EQ(unxz(cat, la + 4, out, sizeof(out), &out_len, work), -EINVAL);
	free(cat);
	free(xa);
	free(xb);
}

/* Every prefix of a small stream must fail, never overrun. */
static void test_truncation(void)
{
	unsigned char data[3000], out[3000], *xz, *copy;
	size_t len, i, out_len;
	int bad = 0;

	tool_fill(data, sizeof(data), DATA_CODE);
	xz = tool_compress(
		"xz -c --x86 --lzma2 --check=crc32 --block-size=1000", data,
		sizeof(data), &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	for (i = 0; i < len; i++) {
		/* Exact-size heap copy so ASan sees any over-read. */
		copy = malloc(i ? i : 1);
		memcpy(copy, xz, i);
		if (unxz(copy, i, out, sizeof(out), &out_len, work) == 0)
			bad++;
		free(copy);
	}
	CHECK_EQ(bad, 0);
	free(xz);
}

/* Random corruption: errors or (CRC-protected) correct output only. */
static void flips(const char *cmd, bool protected_)
{
	unsigned char data[20000], *out, *xz, *copy;
	size_t len, out_len, cap = sizeof(data) + 64;
	unsigned int i, ok = 0, wrong = 0;
	int rc;

	tool_fill(data, sizeof(data), DATA_MIXED);
	xz = tool_compress(cmd, data, sizeof(data), &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	out = malloc(cap);
	copy = malloc(len);
	for (i = 0; i < 3000; i++) {
		memcpy(copy, xz, len);
		copy[tool_rand() % len] ^= 1u << (tool_rand() % 8);
		if (i & 1)
			copy[tool_rand() % len] = tool_rand();
		rc = unxz(copy, len, out, cap, &out_len, work);
		CHECK(rc <= 0 && out_len <= cap);
		if (rc == 0) {
			ok++;
			if (out_len != sizeof(data) ||
			    memcmp(out, data, sizeof(data)))
				wrong++;
		}
	}
	if (protected_)
		CHECK_EQ(wrong, 0);
	printf("  flips '%s': %u/3000 accepted, %u of them wrong\n", cmd, ok,
	       wrong);
	free(copy);
	free(out);
	free(xz);
}

static void test_flips(void)
{
	flips("xz -c --x86 --lzma2 --check=crc32 --block-size=5000", true);
	flips("xz -c --check=crc64", true);
	flips("xz -c --check=none --lzma2=dict=64KiB", false);
}

/*
 * Random data is stored in LZMA2 uncompressed chunks: a flipped data byte
 * is then decoded "fine", and only the check can catch it.
 */
static void test_check_catches(void)
{
	unsigned char data[10000], out[10000], *xz;
	size_t len, out_len;

	tool_fill(data, sizeof(data), DATA_RANDOM);
	xz = tool_compress("xz -c --check=none", data, sizeof(data), &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	xz[len / 2] ^= 0x10;
	CHECK_EQ(unxz(xz, len, out, sizeof(out), &out_len, work), 0);
	CHECK(out_len == sizeof(data) && memcmp(out, data, sizeof(data)));
	free(xz);
	xz = tool_compress("xz -c --check=crc32", data, sizeof(data), &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	xz[len / 2] ^= 0x10;
	CHECK_EQ(unxz(xz, len, out, sizeof(out), &out_len, work), -EILSEQ);
	free(xz);
}

/* Hand-made streams for paths xz does not produce. */
static void test_misc(void)
{
	unsigned char out[16], *xz;
	size_t len, out_len;

	CHECK_EQ(unxz((const u8 *)"", 0, out, 0, &out_len, work), -EINVAL);
	CHECK_EQ(unxz_uncompressed_size((const u8 *)"", 0), 0);
	/* Misaligned workspace is refused. */
	xz = tool_compress("xz -c", "x", 1, &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	CHECK_EQ(unxz(xz, len, out, sizeof(out), &out_len, work + 1), -EINVAL);
	CHECK_EQ(unxz(xz, len, out, sizeof(out), &out_len, work), 0);
	CHECK_EQ(out_len, 1);
	/* Unknown check type in the stream flags. */
	xz[7] = 0x10;
	CHECK(unxz(xz, len, out, sizeof(out), &out_len, work) < 0);
	free(xz);
}

/* A bare .xz file and a fake bzImage wrapping it. */
static void test_kernel_image(void)
{
	unsigned char data[10000], out[10000], *xz, *img;
	size_t len, out_len, ilen, poff = 0x2cc;
	unsigned int setup = 5 * 512;

	tool_fill(data, sizeof(data), DATA_CODE);
	xz = tool_compress("xz -c --x86 --lzma2 --check=crc32", data,
			   sizeof(data), &len);
	CHECK(xz != NULL);
	if (!xz)
		return;
	CHECK_EQ(kernel_image_decompressed_size(xz, len), sizeof(data));
	CHECK_EQ(kernel_image_decompress(xz, len, out, sizeof(out), &out_len,
					 work),
		 0);
	CHECK_EQ(out_len, sizeof(data));
	ilen = setup + poff + len + 4;
	img = calloc(ilen, 1);
	img[0x1f1] = 4;
	memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = 0x0f;
	img[0x207] = 0x02;
	img[0x248] = poff & 0xff;
	img[0x249] = poff >> 8;
	img[0x24c] = (len + 4) & 0xff;
	img[0x24d] = (len + 4) >> 8;
	memcpy(img + setup + poff, xz, len);
	img[setup + poff + len] = sizeof(data) & 0xff;
	img[setup + poff + len + 1] = sizeof(data) >> 8;
	CHECK_EQ(kernel_image_decompressed_size(img, ilen), sizeof(data));
	memset(out, 0, sizeof(out));
	CHECK_EQ(kernel_image_decompress(img, ilen, out, sizeof(out), &out_len,
					 work),
		 0);
	CHECK(out_len == sizeof(data) && !memcmp(out, data, sizeof(data)));
	/* Payload length past the end of the image. */
	img[0x24e] = 1;
	CHECK(kernel_image_decompress(img, ilen, out, sizeof(out), &out_len,
				      work) < 0);
	free(img);
	free(xz);
}

int main(void)
{
	test_roundtrips();
	test_big();
	test_concatenated();
	test_truncation();
	test_flips();
	test_check_catches();
	test_misc();
	test_kernel_image();
	return unit_finish("unxz");
}
