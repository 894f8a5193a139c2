/*
 * Unit tests for common/unzstd.c (and zstd payloads in the bzImage wrapper
 * of common/bzimage.c): the predefined FSE tables against RFC 8878
 * appendix A, XXH64, frames made by the host's zstd at several levels and
 * window sizes, with and without checksum and content size, multiple and
 * skippable frames; hand-made frames for paths zstd does not produce; then
 * hostile inputs (every truncation, byte flips, short output buffers) that
 * must fail cleanly under ASan/UBSan within a time bound.
 *
 * UNZSTD_BENCH=file.zst [UNZSTD_REF=file]: only measure the decode speed of
 * a big input (build without sanitizers for meaningful numbers, e.g.
 * make build/unit/test_unzstd UNIT_CFLAGS="-O2 -Itests/unit/host -Iinclude
 * -DUNIT_TEST").
 */
#include "check.h"
#include "tool_compress.h"
#include "../../common/inflate.c"
#include "../../common/unxz.c"
#include "../../common/unzstd.c"
#include "../../common/bzimage.c"

static unsigned char work[KERNEL_IMAGE_WORK_SIZE] __attribute__((aligned(8)));

#define FUZZ_SECONDS 20.0 /* bound for all random-corruption loops */

/* RFC 8878 appendix A: (symbol, Number_Of_Bits, Base) for each state. */
static const u16 ll_appendix[64][3] = {
	{0, 4, 0},   {0, 4, 16},  {1, 5, 32},  {3, 5, 0},   {4, 5, 0},
	{6, 5, 0},   {7, 5, 0},	  {9, 5, 0},   {10, 5, 0},  {12, 5, 0},
	{14, 6, 0},  {16, 5, 0},  {18, 5, 0},  {19, 5, 0},  {21, 5, 0},
	{22, 5, 0},  {24, 5, 0},  {25, 5, 32}, {26, 5, 0},  {27, 6, 0},
	{29, 6, 0},  {31, 6, 0},  {0, 4, 32},  {1, 4, 0},   {2, 5, 0},
	{4, 5, 32},  {5, 5, 0},	  {7, 5, 32},  {8, 5, 0},   {10, 5, 32},
	{11, 5, 0},  {13, 6, 0},  {16, 5, 32}, {17, 5, 0},  {19, 5, 32},
	{20, 5, 0},  {22, 5, 32}, {23, 5, 0},  {25, 4, 0},  {25, 4, 16},
	{26, 5, 32}, {28, 6, 0},  {30, 6, 0},  {0, 4, 48},  {1, 4, 16},
	{2, 5, 32},  {3, 5, 32},  {5, 5, 32},  {6, 5, 32},  {8, 5, 32},
	{9, 5, 32},  {11, 5, 32}, {12, 5, 32}, {15, 6, 0},  {17, 5, 32},
	{18, 5, 32}, {20, 5, 32}, {21, 5, 32}, {23, 5, 32}, {24, 5, 32},
	{35, 6, 0},  {34, 6, 0},  {33, 6, 0},  {32, 6, 0}};
static const u16 ml_appendix[64][3] = {
	{0, 6, 0},  {1, 4, 0},	{2, 5, 32}, {3, 5, 0},	{5, 5, 0},  {6, 5, 0},
	{8, 5, 0},  {10, 6, 0}, {13, 6, 0}, {16, 6, 0}, {19, 6, 0}, {22, 6, 0},
	{25, 6, 0}, {28, 6, 0}, {31, 6, 0}, {33, 6, 0}, {35, 6, 0}, {37, 6, 0},
	{39, 6, 0}, {41, 6, 0}, {43, 6, 0}, {45, 6, 0}, {1, 4, 16}, {2, 4, 0},
	{3, 5, 32}, {4, 5, 0},	{6, 5, 32}, {7, 5, 0},	{9, 6, 0},  {12, 6, 0},
	{15, 6, 0}, {18, 6, 0}, {21, 6, 0}, {24, 6, 0}, {27, 6, 0}, {30, 6, 0},
	{32, 6, 0}, {34, 6, 0}, {36, 6, 0}, {38, 6, 0}, {40, 6, 0}, {42, 6, 0},
	{44, 6, 0}, {1, 4, 32}, {1, 4, 48}, {2, 4, 16}, {4, 5, 32}, {5, 5, 32},
	{7, 5, 32}, {8, 5, 32}, {11, 6, 0}, {14, 6, 0}, {17, 6, 0}, {20, 6, 0},
	{23, 6, 0}, {26, 6, 0}, {29, 6, 0}, {52, 6, 0}, {51, 6, 0}, {50, 6, 0},
	{49, 6, 0}, {48, 6, 0}, {47, 6, 0}, {46, 6, 0}};
static const u16 of_appendix[32][3] = {
	{0, 5, 0},  {6, 4, 0},	{9, 5, 0},  {15, 5, 0}, {21, 5, 0}, {3, 5, 0},
	{7, 4, 0},  {12, 5, 0}, {18, 5, 0}, {23, 5, 0}, {5, 5, 0},  {8, 4, 0},
	{14, 5, 0}, {20, 5, 0}, {2, 5, 0},  {7, 4, 16}, {11, 5, 0}, {17, 5, 0},
	{22, 5, 0}, {4, 5, 0},	{8, 4, 16}, {13, 5, 0}, {19, 5, 0}, {1, 5, 0},
	{6, 4, 16}, {10, 5, 0}, {16, 5, 0}, {28, 5, 0}, {27, 5, 0}, {26, 5, 0},
	{25, 5, 0}, {24, 5, 0}};

static void check_table(const struct seq_kind *k, const u16 (*want)[3])
{
	static struct zstd_work w;
	unsigned int i, bad = 0;

	CHECK_EQ(fse_build(&w, &w.ll, k->def_norm, k->def_nsym, k->def_log), 0);
	for (i = 0; i < (1u << k->def_log); i++)
		bad += w.ll.cell[i].sym != want[i][0] ||
		       w.ll.cell[i].bits != want[i][1] ||
		       w.ll.cell[i].base != want[i][2];
	CHECK_EQ(bad, 0);
}

static void test_predefined_tables(void)
{
	check_table(&ll_kind, ll_appendix);
	check_table(&ml_kind, ml_appendix);
	check_table(&of_kind, of_appendix);
}

static void test_xxh64(void)
{
	CHECK_EQ(xxh64((const u8 *)"", 0), 0xef46db3751d8e999ull);
	CHECK_EQ(xxh64((const u8 *)"abc", 3), 0x44bc2cf5ad770999ull);
}

/* Compress with "zstd 'opts'", decode, compare. */
static void roundtrip(const char *opts, const unsigned char *data, size_t len)
{
	char cmd[256];
	unsigned char *z, *out;
	size_t z_len, out_len = 0;
	int rc;

	snprintf(cmd, sizeof(cmd), "zstd -q -c -T1 %s", opts);
	z = tool_compress(cmd, data, len, &z_len);
	CHECK(z != NULL);
	if (!z)
		return;
	out = malloc(len + 1);
	rc = unzstd(z, z_len, out, len, &out_len, work);
	if (rc || out_len != len || memcmp(out, data, len))
		fprintf(stderr, "roundtrip '%s' len %zu: rc %d out %zu\n", opts,
			len, rc, out_len);
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, len);
	CHECK(memcmp(out, data, len) == 0);
	if (strstr(opts, "--stream-size"))
		CHECK_EQ(unzstd_uncompressed_size(z, z_len), len);
	if (len) {
		rc = unzstd(z, z_len, out, len - 1, &out_len, work);
		CHECK_EQ(rc, -ENOSPC);
		CHECK(out_len <= len - 1);
	}
	free(out);
	free(z);
}

static void test_roundtrips(void)
{
	/*
	 * stdin: no content size unless --stream-size is given.  The size
	 * hint keeps high levels from setting up a 128 MiB window (a second
	 * of page clearing per run); test_big() and test_kernel_image() run
	 * them without it.
	 */
	static const char *opts[] = {
		"-1",
		"-3 --no-check",
		"-19 --size-hint=%zu",
		"--ultra -22 --size-hint=%zu",
		"--long=24 -5",
		"-1 --zstd=wlog=10",
		"-6 --zstd=wlog=12,hlog=8 --no-check",
		"-12 --zstd=strategy=1,mml=3",
		"-3 --stream-size=%zu",
		"-19 --stream-size=%zu --no-check",
		"--fast=3",
	};
	static const size_t sizes[] = {0, 1, 5, 4096, 300000};
	unsigned char *data = malloc(300000);
	char opt[128];
	unsigned int o, s, k;

	for (k = DATA_RANDOM; k <= DATA_MIXED; k++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			tool_fill(data, sizes[s], k);
			for (o = 0; o < ARRAY_SIZE(opts); o++) {
				snprintf(opt, sizeof(opt), opts[o], sizes[s]);
				roundtrip(opt, data, sizes[s]);
			}
		}
	free(data);
}

/* Several MiB, so that blocks, windows and --long offsets are large. */
static void test_big(void)
{
	size_t len = 6 << 20;
	unsigned char *data = malloc(len);

	tool_fill(data, len / 3, DATA_CODE);
	tool_fill(data + len / 3, len / 3, DATA_TEXT);
	memcpy(data + 2 * (len / 3), data, len - 2 * (len / 3));
	roundtrip("-3", data, len);
	roundtrip("--ultra -22 --long=27", data, len);
	roundtrip("-19 --no-check", data, len);
	free(data);
}

/* Two frames with skippable frames around and between them. */
static void test_concatenated(void)
{
	unsigned char a[5000], b[7000], *za, *zb, *cat, out[12000];
	static const unsigned char skip[] = {0x5e, 0x2a, 0x4d, 0x18, 3,	 0,
					     0,	   0,	 'x',  'y',  'z'};
	size_t la, lb, n = 0, out_len;

	tool_fill(a, sizeof(a), DATA_TEXT);
	tool_fill(b, sizeof(b), DATA_CODE);
	za = tool_compress("zstd -q -c -9", a, sizeof(a), &la);
	zb = tool_compress("zstd -q -c -1 --no-check", b, sizeof(b), &lb);
	CHECK(za && zb);
	if (!za || !zb)
		return;
	cat = calloc(la + lb + 3 * sizeof(skip), 1);
	memcpy(cat + n, skip, sizeof(skip));
	n += sizeof(skip);
	memcpy(cat + n, za, la);
	n += la;
	memcpy(cat + n, skip, sizeof(skip));
	n += sizeof(skip);
	memcpy(cat + n, zb, lb);
	n += lb;
	memcpy(cat + n, skip, sizeof(skip));
	n += sizeof(skip);
	CHECK_EQ(unzstd(cat, n, out, sizeof(out), &out_len, work), 0);
	CHECK_EQ(out_len, sizeof(a) + sizeof(b));
	CHECK(!memcmp(out, a, sizeof(a)) &&
	      !memcmp(out + sizeof(a), b, sizeof(b)));
	/* Only a skippable frame: nothing to output, but valid. */
	CHECK_EQ(unzstd(skip, sizeof(skip), out, 0, &out_len, work), 0);
	CHECK_EQ(out_len, 0);
	/* A skippable frame longer than the input. */
	CHECK_EQ(unzstd(skip, sizeof(skip) - 1, out, 0, &out_len, work),
		 -EINVAL);
	/* Garbage after the last frame. */
	cat[n - 1] = 0;
	CHECK_EQ(unzstd(cat, n - sizeof(skip) + 2, out, sizeof(out), &out_len,
			work),
		 -EINVAL);
	free(cat);
	free(za);
	free(zb);
}

/* Frame start: magic, FHD, [window], [dict id], [content size]. */
static size_t frame_start(unsigned char *f, unsigned int fhd)
{
	f[0] = 0x28;
	f[1] = 0xb5;
	f[2] = 0x2f;
	f[3] = 0xfd;
	f[4] = fhd;
	return 5;
}

static int decode(const unsigned char *f, size_t n, unsigned char *out,
		  size_t cap, size_t *out_len)
{
	/* Exact-size heap copy so that ASan sees any over-read. */
	unsigned char *copy = malloc(n ? n : 1);
	int rc;

	memcpy(copy, f, n);
	rc = unzstd(copy, n, out, cap, out_len, work);
	free(copy);
	return rc;
}

/* Hand-made frames: header fields and paths zstd does not produce. */
static void test_frame_header(void)
{
	unsigned char f[64] = {0}, out[64];
	size_t n, out_len;

	/* Single segment, 1-byte dictionary id 0, content size 3, raw. */
	n = frame_start(f, 0x21);
	f[n++] = 0;
	f[n++] = 3;
	f[n++] = (3 << 3) | 1;
	f[n++] = 0;
	f[n++] = 0;
	memcpy(f + n, "abc", 3);
	n += 3;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), 0);
	CHECK(out_len == 3 && !memcmp(out, "abc", 3));
	CHECK_EQ(unzstd_uncompressed_size(f, n), 3);
	/* A dictionary is needed: unsupported. */
	f[5] = 7;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EOPNOTSUPP);
	f[5] = 0;
	/* Reserved bit. */
	f[4] |= FHD_RESERVED;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	f[4] &= ~FHD_RESERVED;
	/* Content size says 4, the blocks give 3. */
	f[6] = 4;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	/* Content size bigger than the output buffer: refused up front. */
	f[6] = 200;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -ENOSPC);
	CHECK_EQ(out_len, 0);
	f[6] = 3;
	/* Block bigger than Block_Maximum_Size (= content size here). */
	f[7] = (4 << 3) | 1;
	CHECK_EQ(decode(f, n + 1, out, sizeof(out), &out_len), -EINVAL);
	/* Reserved block type. */
	f[7] = (3 << 3) | (BLOCK_RESERVED << 1) | 1;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	/* RLE block: one byte repeated. */
	f[7] = (3 << 3) | (BLOCK_RLE << 1) | 1;
	CHECK_EQ(decode(f, n - 2, out, sizeof(out), &out_len), 0);
	CHECK(out_len == 3 && !memcmp(out, "aaa", 3));
	/* Window descriptor: 1 KiB window, no content size, 2-byte id 0. */
	n = frame_start(f, 0x02);
	f[n++] = 0;
	f[n++] = 0;
	f[n++] = 0;
	f[n++] = (2 << 3) | 1;
	f[n++] = 0;
	f[n++] = 0;
	f[n++] = 'h';
	f[n++] = 'i';
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), 0);
	CHECK(out_len == 2 && !memcmp(out, "hi", 2));
	CHECK_EQ(unzstd_uncompressed_size(f, n), 0);
	/* No blocks at all. */
	CHECK_EQ(decode(f, n - 5, out, sizeof(out), &out_len), -EINVAL);
	/* Misaligned workspace, empty input. */
	CHECK_EQ(unzstd(f, n, out, sizeof(out), &out_len, work + 1), -EINVAL);
	CHECK_EQ(unzstd(f, 0, out, sizeof(out), &out_len, work), -EINVAL);
}

/*
 * Hand-made compressed blocks: raw literals, RLE_Mode sequence tables.
 * Frame content "abcd" (raw block), then a block with one sequence of
 * literal length 0, Offset_Value 7 (offset 4: code 2, extra bits 3) and
 * match length 3: "abc".
 */
static size_t seq_frame(unsigned char *f, unsigned int modes,
			const unsigned char *tail, size_t tail_len)
{
	size_t n = frame_start(f, 0x20), blk;

	f[n++] = 7;
	f[n++] = 4 << 3;
	f[n++] = 0;
	f[n++] = 0;
	memcpy(f + n, "abcd", 4);
	n += 4;
	blk = n;
	n += 3;
	f[n++] = 0; /* raw literals, size 0 */
	f[n++] = 1; /* one sequence */
	f[n++] = modes;
	memcpy(f + n, tail, tail_len);
	n += tail_len;
	f[blk] = ((n - blk - 3) << 3) | (BLOCK_COMPRESSED << 1) | 1;
	f[blk + 1] = 0;
	f[blk + 2] = 0;
	return n;
}

static void test_sequences_by_hand(void)
{
	/* RLE tables: LL code 0, OF code 2, ML code 0; bitstream 0x07. */
	static const unsigned char good[] = {0, 2, 0, 0x07};
	static const unsigned char far[] = {0, 4, 0, 0x1f};	/* offset 28 */
	static const unsigned char bad_ll[] = {36, 2, 0, 0x07}; /* LL > 35 */
	static const unsigned char extra[] = {0, 2, 0, 0x0f};	/* bits left */
	static const unsigned char empty[] = {0, 2, 0}; /* no bitstream */
	unsigned char f[64], out[64];
	size_t n, out_len;

	n = seq_frame(f, 0x54, good, sizeof(good));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), 0);
	CHECK(out_len == 7 && !memcmp(out, "abcdabc", 7));
	n = seq_frame(f, 0x54, far, sizeof(far));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	n = seq_frame(f, 0x54, bad_ll, sizeof(bad_ll));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	n = seq_frame(f, 0x54, extra, sizeof(extra));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	n = seq_frame(f, 0x54, empty, sizeof(empty));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	/* Repeat_Mode with no previous table in the frame. */
	n = seq_frame(f, 0xfc, good + 3, 1);
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	/* Reserved bits of the modes byte. */
	n = seq_frame(f, 0x55, good, sizeof(good));
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
	/* Treeless literals with no previous Huffman table. */
	n = seq_frame(f, 0x54, good, sizeof(good));
	f[16] = LIT_TREELESS;
	CHECK_EQ(decode(f, n, out, sizeof(out), &out_len), -EINVAL);
}

/* Every prefix of a small frame must fail, never overrun. */
static void test_truncation(const char *cmd)
{
	unsigned char data[3000], out[3000], *z;
	size_t len, i, out_len;
	int bad = 0;

	tool_fill(data, sizeof(data), DATA_MIXED);
	z = tool_compress(cmd, data, sizeof(data), &len);
	CHECK(z != NULL);
	if (!z)
		return;
	for (i = 0; i < len; i++)
		if (decode(z, i, out, sizeof(out), &out_len) == 0)
			bad++;
	CHECK_EQ(bad, 0);
	CHECK_EQ(decode(z, len, out, sizeof(out), &out_len), 0);
	free(z);
}

/* Random corruption: errors or (checksummed) correct output only. */
static void flips(const char *cmd, enum tool_data kind, bool protected_,
		  double deadline)
{
	unsigned char data[20000], *out, *z, *copy;
	size_t len, out_len, cap = sizeof(data) + 64;
	unsigned int i, ok = 0, wrong = 0, runs = 0;
	int rc;

	tool_fill(data, sizeof(data), kind);
	z = tool_compress(cmd, data, sizeof(data), &len);
	CHECK(z != NULL);
	if (!z)
		return;
	out = malloc(cap);
	copy = malloc(len);
	for (i = 0; i < 1500 && tool_now() < deadline; i++, runs++) {
		memcpy(copy, z, len);
		copy[tool_rand() % len] ^= 1u << (tool_rand() % 8);
		if (i & 1)
			copy[tool_rand() % len] = tool_rand();
		if (i % 7 == 0)
			len -= len > 1;
		rc = unzstd(copy, len, out, cap, &out_len, work);
		CHECK(rc <= 0 && out_len <= cap);
		if (rc == 0) {
			ok++;
			if (out_len != sizeof(data) ||
			    memcmp(out, data, sizeof(data)))
				wrong++;
		}
		if (i % 7 == 0)
			len++;
	}
	if (protected_)
		CHECK_EQ(wrong, 0);
	CHECK(runs >= 100);
	printf("  flips '%s': %u/%u accepted, %u of them wrong\n", cmd, ok,
	       runs, wrong);
	free(copy);
	free(out);
	free(z);
}

static void test_flips(void)
{
	double deadline = tool_now() + FUZZ_SECONDS;

	flips("zstd -q -c -1", DATA_MIXED, true, deadline);
	flips("zstd -q -c -19", DATA_TEXT, true, deadline);
	flips("zstd -q -c --ultra -22 --no-check", DATA_CODE, false, deadline);
	flips("zstd -q -c -3 --no-check --zstd=wlog=10", DATA_TEXT, false,
	      deadline);
}

/*
 * Random data is stored in raw blocks: a flipped data byte is then
 * decoded "fine", and only the checksum can catch it.
 */
static void test_checksum_catches(void)
{
	unsigned char data[10000], out[10000], *z;
	size_t len, out_len;

	tool_fill(data, sizeof(data), DATA_RANDOM);
	z = tool_compress("zstd -q -c --no-check", data, sizeof(data), &len);
	CHECK(z != NULL);
	if (!z)
		return;
	z[len / 2] ^= 0x10;
	CHECK_EQ(unzstd(z, len, out, sizeof(out), &out_len, work), 0);
	CHECK(out_len == sizeof(data) && memcmp(out, data, sizeof(data)));
	free(z);
	z = tool_compress("zstd -q -c --check", data, sizeof(data), &len);
	CHECK(z != NULL);
	if (!z)
		return;
	z[len / 2] ^= 0x10;
	CHECK_EQ(unzstd(z, len, out, sizeof(out), &out_len, work), -EILSEQ);
	/* Or in the checksum itself. */
	z[len / 2] ^= 0x10;
	z[len - 1] ^= 1;
	CHECK_EQ(unzstd(z, len, out, sizeof(out), &out_len, work), -EILSEQ);
	free(z);
}

/* A bare .zst file and a fake bzImage wrapping it, as Linux builds it. */
static void test_kernel_image(void)
{
	unsigned char data[10000], out[10000], *z, *img;
	size_t len, out_len, ilen, poff = 0x2cc;
	unsigned int setup = 5 * 512;

	tool_fill(data, sizeof(data), DATA_CODE);
	z = tool_compress("zstd -q -c --ultra -22", data, sizeof(data), &len);
	CHECK(z != NULL);
	if (!z)
		return;
	/* From a pipe: no content size, so no size for a bare file. */
	CHECK_EQ(kernel_image_decompressed_size(z, len), 0);
	CHECK_EQ(kernel_image_decompress(z, len, out, sizeof(out), &out_len,
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
	memcpy(img + setup + poff, z, len);
	img[setup + poff + len] = sizeof(data) & 0xff;
	img[setup + poff + len + 1] = sizeof(data) >> 8;
	CHECK_EQ(kernel_image_decompressed_size(img, ilen), sizeof(data));
	memset(out, 0, sizeof(out));
	CHECK_EQ(kernel_image_decompress(img, ilen, out, sizeof(out), &out_len,
					 work),
		 0);
	CHECK(out_len == sizeof(data) && !memcmp(out, data, sizeof(data)));
	/* The appended size must match what the payload gives. */
	img[setup + poff + len]--;
	CHECK_EQ(kernel_image_decompress(img, ilen, out, sizeof(out), &out_len,
					 work),
		 -EINVAL);
	free(img);
	free(z);
}

/* UNZSTD_BENCH=file.zst [UNZSTD_REF=original]: decode speed. */
static void bench(void)
{
	const char *path = getenv("UNZSTD_BENCH"), *ref = getenv("UNZSTD_REF");
	unsigned char *z, *out, *want = NULL;
	size_t len, cap, out_len, want_len = 0;
	double t, best = 1e9;
	int rc = 0, i;

	if (!path)
		return;
	z = tool_read_file(path, &len);
	CHECK(z != NULL);
	if (!z)
		return;
	cap = unzstd_uncompressed_size(z, len);
	CHECK(cap > 0);
	out = malloc(cap);
	memset(out, 0, cap); /* fault the pages in before timing */
	for (i = 0; i < 5; i++) {
		t = tool_now();
		rc = unzstd(z, len, out, cap, &out_len, work);
		t = tool_now() - t;
		best = t < best ? t : best;
	}
	CHECK_EQ(rc, 0);
	if (ref) {
		want = tool_read_file(ref, &want_len);
		CHECK(want && want_len == out_len &&
		      !memcmp(want, out, out_len));
	}
	printf("  %s: %zu -> %zu bytes, best of 5: %.3f s, %.0f MB/s\n", path,
	       len, out_len, best, out_len / best / 1e6);
	free(want);
	free(out);
	free(z);
}

int main(void)
{
	if (getenv("UNZSTD_BENCH")) {
		bench();
		return unit_finish("unzstd bench");
	}
	test_predefined_tables();
	test_xxh64();
	test_roundtrips();
	test_big();
	test_concatenated();
	test_frame_header();
	test_sequences_by_hand();
	test_truncation("zstd -q -c -19");
	test_truncation("zstd -q -c -1 --no-check --zstd=wlog=10");
	test_flips();
	test_checksum_catches();
	test_kernel_image();
	return unit_finish("unzstd");
}
