/*
 * Unit tests for common/inflate.c: gzip files made by the host's gzip at
 * several levels (stored, fixed and dynamic blocks), every optional header
 * field, hand-made streams, then hostile inputs (every truncation, bit
 * flips, bad CRCs, short output buffers) that must fail cleanly under
 * ASan/UBSan.
 */
#include "check.h"
#include "tool_compress.h"
#include "../../common/inflate.c"

static void roundtrip(const char *cmd, const unsigned char *data, size_t len)
{
	unsigned char *gz, *out;
	size_t gz_len, out_len = 0;
	int rc;

	gz = tool_compress(cmd, data, len, &gz_len);
	CHECK(gz != NULL);
	if (!gz)
		return;
	out = malloc(len + 1);
	rc = gunzip(gz, gz_len, out, len, &out_len);
	if (rc || out_len != len || memcmp(out, data, len))
		fprintf(stderr, "roundtrip '%s' len %zu: rc %d out %zu\n", cmd,
			len, rc, out_len);
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, len);
	CHECK(memcmp(out, data, len) == 0);
	if (len)
		CHECK_EQ(gunzip(gz, gz_len, out, len - 1, &out_len), -ENOSPC);
	free(out);
	free(gz);
}

static void test_roundtrips(void)
{
	static const char *cmds[] = {"gzip -c -1", "gzip -c -6",
				     "gzip -c -9 -n"};
	static const size_t sizes[] = {0, 1, 3, 100, 4096, 70000, 400000};
	unsigned char *data = malloc(400000);
	unsigned int c, s, k;

	for (k = DATA_RANDOM; k <= DATA_MIXED; k++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			tool_fill(data, sizes[s], k);
			for (c = 0; c < ARRAY_SIZE(cmds); c++)
				roundtrip(cmds[c], data, sizes[s]);
		}
	free(data);
}

/* Rewrite a gzip file's header with FEXTRA, FNAME, FCOMMENT and FHCRC. */
static void test_header_fields(void)
{
	unsigned char data[5000], out[5000], *gz, *f;
	size_t gz_len, n, out_len;
	u32 crc;

	tool_fill(data, sizeof(data), DATA_TEXT);
	gz = tool_compress("gzip -c -n", data, sizeof(data), &gz_len);
	CHECK(gz != NULL);
	if (!gz)
		return;
	f = malloc(gz_len + 64);
	memcpy(f, gz, 10);
	f[3] = GZ_FEXTRA | GZ_FNAME | GZ_FCOMMENT | GZ_FHCRC;
	n = 10;
	f[n++] = 4;
	f[n++] = 0;
	memcpy(f + n, "AB\2\0", 4);
	n += 4;
	memcpy(f + n, "vmlinux", 8);
	n += 8;
	memcpy(f + n, "a comment", 10);
	n += 10;
	crc = crc32_update(0, f, n);
	f[n++] = crc & 0xff;
	f[n++] = (crc >> 8) & 0xff;
	memcpy(f + n, gz + 10, gz_len - 10);
	n += gz_len - 10;
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), 0);
	CHECK(out_len == sizeof(data) && !memcmp(out, data, sizeof(data)));
	f[12] ^= 1; /* covered by the header CRC */
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), -EILSEQ);
	f[12] ^= 1;
	f[n - 8] ^= 1; /* trailer CRC32 */
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), -EILSEQ);
	f[n - 8] ^= 1;
	f[n - 4] ^= 1; /* ISIZE */
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), -EINVAL);
	f[n - 4] ^= 1;
	f[3] |= 0x20; /* reserved flag */
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), -EINVAL);
	f[3] = GZ_FNAME; /* name never terminated within the file */
	memset(f + 10, 'x', n - 10);
	CHECK_EQ(gunzip(f, n, out, sizeof(out), &out_len), -EINVAL);
	free(f);
	free(gz);
}

/* Hand-assembled streams for paths gzip does not take. */
static void test_hand_made(void)
{
	/* Stored block "hello", then an empty final fixed block. */
	static const u8 stored[] = {
		0x1f, 0x8b, 8,	  0,	0,    0,    0,	 0,   0,   3,
		0x00, 5,    0,	  0xfa, 0xff, 'h',  'e', 'l', 'l', 'o',
		0x03, 0x00, 0x86, 0xa6, 0x10, 0x36, 5,	 0,   0,   0,
	};
	u8 buf[sizeof(stored)], out[16];
	size_t out_len;

	CHECK_EQ(gunzip(stored, sizeof(stored), out, sizeof(out), &out_len), 0);
	CHECK(out_len == 5 && !memcmp(out, "hello", 5));
	memcpy(buf, stored, sizeof(buf));
	buf[13] = 0xfb; /* NLEN mismatch */
	CHECK_EQ(gunzip(buf, sizeof(buf), out, sizeof(out), &out_len), -EINVAL);
	memcpy(buf, stored, sizeof(buf));
	buf[10] = 0x07; /* final block of reserved type 3 */
	CHECK_EQ(gunzip(buf, sizeof(buf), out, sizeof(out), &out_len), -EINVAL);
	memcpy(buf, stored, sizeof(buf));
	buf[2] = 7; /* not deflate */
	CHECK_EQ(gunzip(buf, sizeof(buf), out, sizeof(out), &out_len), -EINVAL);
	CHECK_EQ(gunzip(stored, 0, out, sizeof(out), &out_len), -EINVAL);
	CHECK_EQ(gunzip(stored, sizeof(stored), out, 4, &out_len), -ENOSPC);
}

/* LSB-first bit writer for hand-made DEFLATE streams. */
static u8 bw_buf[64];
static unsigned int bw_pos;

static void put_bits(u32 v, unsigned int n)
{
	while (n--) {
		if (v & 1)
			bw_buf[bw_pos / 8] |= 1u << (bw_pos % 8);
		v >>= 1;
		bw_pos++;
	}
}

/* Huffman codes go out most significant bit first. */
static void put_code(u32 code, unsigned int len)
{
	while (len--)
		put_bits(code >> len, 1);
}

/*
 * A dynamic block using all 19 code-length lengths (HCLEN = 19): 57 bits
 * in a row, once more than a single refill of the bit buffer held.
 * Code-length code: symbols 0, 1, 15, 18 with 2-bit codes 00 01 10 11.
 * Literal/length code: 'A' = 0, end-of-block = 1.
 */
static void test_hclen19(void)
{
	static const u8 order[19] = {16, 17, 18, 0, 8,	7, 9,  6, 10, 5,
				     11, 4,  12, 3, 13, 2, 14, 1, 15};
	u8 cl[19] = {0}, gz[80], out[4];
	size_t n, out_len;
	unsigned int i;
	u32 crc;

	cl[0] = cl[1] = cl[15] = cl[18] = 2;
	memset(bw_buf, 0, sizeof(bw_buf));
	bw_pos = 0;
	put_bits(1, 1);	 /* BFINAL */
	put_bits(2, 2);	 /* dynamic */
	put_bits(0, 5);	 /* 257 literal/length codes */
	put_bits(0, 5);	 /* 1 distance code */
	put_bits(15, 4); /* 19 code-length codes */
	for (i = 0; i < 19; i++)
		put_bits(cl[order[i]], 3);
	put_code(3, 2); /* 18: 65 zeros */
	put_bits(54, 7);
	put_code(1, 2); /* 'A': length 1 */
	put_code(3, 2); /* 18: 138 zeros */
	put_bits(127, 7);
	put_code(3, 2); /* 18: 52 zeros */
	put_bits(41, 7);
	put_code(1, 2); /* 256: length 1 */
	put_code(1, 2); /* distance 0: length 1 */
	put_code(0, 1); /* 'A' */
	put_code(0, 1); /* 'A' */
	put_code(1, 1); /* end of block */
	memcpy(gz, "\x1f\x8b\x08\0\0\0\0\0\0\3", 10);
	n = (bw_pos + 7) / 8;
	memcpy(gz + 10, bw_buf, n);
	n += 10;
	crc = crc32_update(0, (const u8 *)"AA", 2);
	memcpy(gz + n, &crc, 4);
	memcpy(gz + n + 4, "\2\0\0\0", 4);
	n += 8;
	CHECK_EQ(gunzip(gz, n, out, sizeof(out), &out_len), 0);
	CHECK(out_len == 2 && !memcmp(out, "AA", 2));
	/* The same with the input padded so the fast refill path runs. */
	memset(gz + n, 0, 16);
	CHECK_EQ(gunzip(gz, n + 16, out, sizeof(out), &out_len), 0);
}

/* Several MiB of mixed data: long codes and every header shape. */
static void test_big(void)
{
	size_t len = 8 << 20, i;
	unsigned char *data = malloc(len);

	tool_fill(data, len / 4, DATA_CODE);
	tool_fill(data + len / 4, len / 4, DATA_TEXT);
	tool_fill(data + len / 2, len / 4, DATA_MIXED);
	/* Skewed bytes: very long Huffman codes for the rare ones. */
	for (i = 3 * len / 4; i < len; i++)
		data[i] = __builtin_ctz(tool_rand() | 0x10000) * 3;
	roundtrip("gzip -c -9", data, len);
	roundtrip("gzip -c -1", data, len);
	free(data);
}

static void test_truncation(void)
{
	unsigned char data[3000], out[3000], *gz, *copy;
	size_t len, i, out_len;
	int bad = 0;

	tool_fill(data, sizeof(data), DATA_CODE);
	gz = tool_compress("gzip -c -9", data, sizeof(data), &len);
	CHECK(gz != NULL);
	if (!gz)
		return;
	for (i = 0; i < len; i++) {
		copy = malloc(i ? i : 1);
		memcpy(copy, gz, i);
		if (gunzip(copy, i, out, sizeof(out), &out_len) == 0)
			bad++;
		free(copy);
	}
	CHECK_EQ(bad, 0);
	free(gz);
}

/* Corruption: an error, or (CRC-protected) exactly the right output. */
static void test_flips(void)
{
	unsigned char data[20000], *out, *gz, *copy;
	size_t len, out_len, cap = sizeof(data) + 300;
	unsigned int i, ok = 0, wrong = 0;
	int rc;

	tool_fill(data, sizeof(data), DATA_MIXED);
	gz = tool_compress("gzip -c -6", data, sizeof(data), &len);
	CHECK(gz != NULL);
	if (!gz)
		return;
	out = malloc(cap);
	copy = malloc(len);
	for (i = 0; i < 5000; i++) {
		memcpy(copy, gz, len);
		copy[tool_rand() % len] ^= 1u << (tool_rand() % 8);
		if (i & 1)
			copy[tool_rand() % len] = tool_rand();
		rc = gunzip(copy, len, out, cap, &out_len);
		CHECK(rc <= 0 && out_len <= cap);
		if (rc == 0) {
			ok++;
			if (out_len != sizeof(data) ||
			    memcmp(out, data, sizeof(data)))
				wrong++;
		}
	}
	CHECK_EQ(wrong, 0);
	printf("  flips: %u/5000 accepted (header/unused bits), 0 wrong\n", ok);
	free(copy);
	free(out);
	free(gz);
}

/* Random bytes after a valid header: must never crash. */
static void test_garbage(void)
{
	unsigned char in[2000], out[4096];
	size_t out_len;
	unsigned int i, j;

	for (i = 0; i < 2000; i++) {
		memcpy(in, "\x1f\x8b\x08\x00\0\0\0\0\0\3", 10);
		for (j = 10; j < sizeof(in); j++)
			in[j] = tool_rand();
		CHECK(gunzip(in, 10 + i, out, sizeof(out), &out_len) < 0);
	}
}

static void test_crc32(void)
{
	CHECK_EQ(crc32_update(0, (const u8 *)"123456789", 9), 0xcbf43926);
	CHECK_EQ(crc32_update(crc32_update(0, (const u8 *)"1234", 4),
			      (const u8 *)"56789", 5),
		 0xcbf43926);
	CHECK_EQ(crc32_update(0, NULL, 0), 0);
}

int main(void)
{
	test_crc32();
	test_roundtrips();
	test_header_fields();
	test_hand_made();
	test_hclen19();
	test_big();
	test_truncation();
	test_flips();
	test_garbage();
	return unit_finish("inflate");
}
