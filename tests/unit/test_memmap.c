/*
 * Unit tests for common/memmap.c: real QEMU E820 maps, overlapping,
 * unsorted and duplicated firmware entries, page trimming of RAM, the
 * table-overflow policy, and a randomised comparison against a
 * byte-by-byte reference of the "most restrictive type wins" rule.
 */
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "../../common/memmap.c"

extern int unit_quiet;

struct exp {
	u64 start, end;
	u32 type;
};

static void check_map(const struct memmap *m, const struct exp *x,
		      unsigned int n, int line)
{
	unsigned int i;

	if (m->nr != n)
		fprintf(stderr, "map at line %d: %u entries, want %u\n", line,
			m->nr, n);
	CHECK_EQ(m->nr, n);
	for (i = 0; i < n && i < m->nr; i++) {
		CHECK_EQ(m->e[i].addr, x[i].start);
		CHECK_EQ(m->e[i].addr + m->e[i].size, x[i].end);
		CHECK_EQ(m->e[i].type, x[i].type);
	}
}

/* The structural invariants every sanitised map must satisfy. */
static void check_invariants(const struct memmap *m)
{
	unsigned int i;

	CHECK(m->nr <= MEMMAP_MAX);
	for (i = 0; i < m->nr; i++) {
		const struct memmap_entry *e = &m->e[i];

		CHECK(e->size != 0);
		if (e->type == MEM_RAM) {
			CHECK(IS_ALIGNED(e->addr, PAGE_SIZE));
			CHECK(IS_ALIGNED(e->size, PAGE_SIZE));
		}
		if (i == 0)
			continue;
		CHECK(e[-1].addr + e[-1].size <= e->addr);
		CHECK(e[-1].addr + e[-1].size != e->addr ||
		      e[-1].type != e->type);
	}
}

/* QEMU (SeaBIOS) with -m 128M, entries added out of order. */
static void test_qemu_128m(void)
{
	static const struct exp want[] = {
		{ 0, 0x9f000, MEM_RAM },
		{ 0x9fc00, 0xa0000, MEM_RESERVED },
		{ 0xf0000, 0x100000, MEM_RESERVED },
		{ 0x100000, 0x7fe0000, MEM_RAM },
		{ 0x7fe0000, 0x8000000, MEM_RESERVED },
		{ 0xfffc0000, 0x100000000, MEM_RESERVED },
	};
	struct memmap m = { 0 };

	memmap_add(&m, 0xfffc0000, 0x40000, MEM_RESERVED);
	memmap_add(&m, 0x100000, 0x7ee0000, MEM_RAM);
	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, 0x7fe0000, 0x20000, MEM_RESERVED);
	memmap_add(&m, 0xf0000, 0x10000, MEM_RESERVED);
	memmap_add(&m, 0x9fc00, 0x400, MEM_RESERVED);
	memmap_sanitize(&m);
	check_map(&m, want, ARRAY_SIZE(want), __LINE__);
	check_invariants(&m);
	CHECK_EQ(memmap_ram_bytes(&m), 0x9f000 + 0x7ee0000);
	CHECK_EQ(memmap_end_of_ram(&m), 0x7fe0000);
}

/* QEMU -m 4G: RAM split around the PCI hole, duplicates and overlaps. */
static void test_qemu_4g(void)
{
	static const struct exp want[] = {
		{ 0, 0x9f000, MEM_RAM },
		{ 0x9fc00, 0xa0000, MEM_RESERVED },
		{ 0xf0000, 0x100000, MEM_RESERVED },
		{ 0x100000, 0xbffe0000, MEM_RAM },
		{ 0xbffe0000, 0xc0000000, MEM_RESERVED },
		{ 0xfeffc000, 0xff000000, MEM_RESERVED },
		{ 0xfffc0000, 0x100000000, MEM_RESERVED },
		{ 0x100000000, 0x140000000, MEM_RAM },
		{ 0xfd00000000, 0x10000000000, MEM_RESERVED },
	};
	struct memmap m = { 0 };

	memmap_add(&m, 0x100000000, 0x40000000, MEM_RAM);
	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, 0x9fc00, 0x400, MEM_RESERVED);
	memmap_add(&m, 0xf0000, 0x10000, MEM_RESERVED);
	memmap_add(&m, 0x100000, 0xbfee0000, MEM_RAM);
	memmap_add(&m, 0xbffe0000, 0x20000, MEM_RESERVED);
	memmap_add(&m, 0xfeffc000, 0x4000, MEM_RESERVED);
	memmap_add(&m, 0xfffc0000, 0x40000, MEM_RESERVED);
	memmap_add(&m, 0xfd00000000, 0x300000000, MEM_RESERVED);
	/* Buggy firmware: duplicates and a RAM entry over the BIOS area. */
	memmap_add(&m, 0x100000, 0xbfee0000, MEM_RAM);
	memmap_add(&m, 0xfffc0000, 0x40000, MEM_RESERVED);
	memmap_add(&m, 0xf8000, 0x10000, MEM_RAM);
	memmap_sanitize(&m);
	check_map(&m, want, ARRAY_SIZE(want), __LINE__);
	check_invariants(&m);
	CHECK_EQ(memmap_ram_bytes(&m), 0x9f000 + 0xbfee0000 + 0x40000000);
	CHECK_EQ(memmap_end_of_ram(&m), 0x140000000);
}

/* Reserved inside RAM splits it; the type ranking among non-RAM types. */
static void test_overlap_rules(void)
{
	static const struct exp want[] = {
		{ 0x0000, 0x4000, MEM_RAM },
		{ 0x4000, 0x5000, MEM_RESERVED },
		{ 0x5000, 0x6000, MEM_ACPI },
		{ 0x6000, 0x7000, MEM_NVS },
		{ 0x7000, 0x8000, MEM_UNUSABLE },
		{ 0x8000, 0x10000, MEM_RAM },
		{ 0x20000, 0x21000, 12 },
		{ 0x21000, 0x22000, MEM_RAM },
	};
	struct memmap m = { 0 };

	memmap_add(&m, 0x0, 0x10000, MEM_RAM);
	memmap_add(&m, 0x4000, 0x4000, MEM_RESERVED);
	memmap_add(&m, 0x5000, 0x2000, MEM_ACPI);  /* beats reserved */
	memmap_add(&m, 0x6000, 0x1000, MEM_NVS);   /* beats ACPI */
	memmap_add(&m, 0x7000, 0x1000, MEM_UNUSABLE);
	memmap_add(&m, 0x7800, 0x100, MEM_RESERVED); /* loses to unusable */
	memmap_add(&m, 0x20000, 0x2000, MEM_RAM);
	memmap_add(&m, 0x20000, 0x1000, 12);       /* unknown type: not RAM */
	memmap_sanitize(&m);
	check_map(&m, want, ARRAY_SIZE(want), __LINE__);
	check_invariants(&m);
}

/* Touching and duplicate entries merge; RAM is trimmed to whole pages. */
static void test_merge_and_trim(void)
{
	static const struct exp want[] = {
		{ 0x1000, 0x3000, MEM_RAM },
		{ 0x10000, 0x13000, MEM_RAM },
		{ 0x20000, 0x20800, MEM_RESERVED },
		{ 0x21000, 0x22000, MEM_RAM },
		{ 0x22000, 0x22100, MEM_ACPI },
		{ 0x22100, 0x22300, MEM_RESERVED },
	};
	struct memmap m = { 0 };

	memmap_add(&m, 0x800, 0x2800, MEM_RAM);     /* -> 0x1000-0x3000 */
	memmap_add(&m, 0x10000, 0x1800, MEM_RAM);   /* touches the next */
	memmap_add(&m, 0x11800, 0x1800, MEM_RAM);
	memmap_add(&m, 0x10000, 0x3000, MEM_RAM);   /* duplicate cover */
	memmap_add(&m, 0x30001, 0xffe, MEM_RAM);    /* no whole page: gone */
	memmap_add(&m, 0x20000, 0x400, MEM_RESERVED);
	memmap_add(&m, 0x20400, 0x400, MEM_RESERVED);
	memmap_add(&m, 0x20800, 0x1900, MEM_RAM);   /* 0x21000-0x22000 */
	memmap_add(&m, 0x22000, 0x100, MEM_ACPI);
	memmap_add(&m, 0x22100, 0x200, MEM_RESERVED);
	CHECK_EQ(memmap_add(&m, 0x50000, 0, MEM_RESERVED), 0); /* ignored */
	CHECK_EQ(m.nr, 10);
	memmap_sanitize(&m);
	check_map(&m, want, ARRAY_SIZE(want), __LINE__);
	check_invariants(&m);
	CHECK_EQ(memmap_ram_bytes(&m), 0x2000 + 0x3000 + 0x1000);
	CHECK_EQ(memmap_end_of_ram(&m), 0x22000);

	/* Sanitising twice changes nothing. */
	memmap_sanitize(&m);
	check_map(&m, want, ARRAY_SIZE(want), __LINE__);
}

static void test_add_full_and_edges(void)
{
	struct memmap m = { 0 };
	unsigned int i;

	for (i = 0; i < MEMMAP_MAX; i++)
		CHECK_EQ(memmap_add(&m, (u64)i << 20, 0x1000, MEM_RAM), 0);
	CHECK_EQ(memmap_add(&m, 0, 0x1000, MEM_RAM), -ENOSPC);
	CHECK_EQ(m.nr, MEMMAP_MAX);
	memmap_sanitize(&m);
	CHECK_EQ(m.nr, MEMMAP_MAX);
	check_invariants(&m);

	/* An entry that wraps past 2^64, and an empty map. */
	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0xfffffffffffff000ULL, 0x3000, MEM_RESERVED);
	memmap_add(&m, 0xffffffffffffe000ULL, 0x1000, MEM_RAM);
	memmap_sanitize(&m);
	CHECK_EQ(m.nr, 2);
	CHECK_EQ(m.e[0].type, MEM_RAM);
	CHECK_EQ(m.e[1].type, MEM_RESERVED);
	CHECK_EQ(m.e[1].addr + m.e[1].size, ~0ULL);
	check_invariants(&m);

	memset(&m, 0, sizeof(m));
	memmap_sanitize(&m);
	CHECK_EQ(m.nr, 0);
	CHECK_EQ(memmap_ram_bytes(&m), 0);
	CHECK_EQ(memmap_end_of_ram(&m), 0);
}

/*
 * One big RAM range punched by 127 reservations splits into 255 pieces,
 * more than fit: the smallest RAM pieces go, every reservation stays.
 */
static void test_overflow_drops_small_ram(void)
{
	struct memmap m = { 0 };
	unsigned int i, nres = 0, nram = 0;
	u64 pos = 0x100000, biggest = 0;

	memmap_add(&m, 0, 1ULL << 40, MEM_RAM);
	for (i = 0; i < MEMMAP_MAX - 1; i++) {
		pos += (u64)(i + 1) << PAGE_SHIFT; /* RAM gaps grow */
		memmap_add(&m, pos, 0x1000, MEM_RESERVED);
		pos += 0x1000;
	}
	memmap_sanitize(&m);
	CHECK_EQ(m.nr, MEMMAP_MAX);
	check_invariants(&m);
	for (i = 0; i < m.nr; i++) {
		if (m.e[i].type == MEM_RESERVED) {
			nres++;
		} else {
			nram++;
			biggest = m.e[i].size;
		}
	}
	CHECK_EQ(nres, MEMMAP_MAX - 1);
	CHECK_EQ(nram, 1);
	CHECK_EQ(biggest, (1ULL << 40) - pos);
}

/* Reference: the winning type of one byte in the raw map, 0 for a hole. */
static u32 raw_type_at(const struct memmap *raw, u64 a)
{
	u32 best = 0;
	unsigned int i;

	for (i = 0; i < raw->nr; i++) {
		const struct memmap_entry *e = &raw->e[i];

		if (a < e->addr || a - e->addr >= e->size)
			continue;
		if (!best || type_rank(e->type) > type_rank(best))
			best = e->type;
	}
	return best;
}

static void test_random_against_reference(void)
{
	unsigned int iter, i, k;

	srand(1234);
	for (iter = 0; iter < 400; iter++) {
		struct memmap raw = { 0 }, m;
		unsigned int n = 1 + rand() % 40;

		for (i = 0; i < n; i++) {
			u64 a = (u64)(rand() % 256) << PAGE_SHIFT;
			u64 s = (u64)(1 + rand() % 32) << PAGE_SHIFT;

			memmap_add(&raw, a, s, 1 + rand() % 6);
		}
		m = raw;
		memmap_sanitize(&m);
		check_invariants(&m);
		/* Page-granular input: every page must keep its winner. */
		for (k = 0; k < 300; k++) {
			u64 a = (u64)k << PAGE_SHIFT;
			u32 want = raw_type_at(&raw, a);
			u32 got = raw_type_at(&m, a);

			if (want != got)
				fprintf(stderr, "iter %u page %u: %u != %u\n",
					iter, k, want, got);
			CHECK_EQ(got, want);
		}
	}
}

static void test_print(void)
{
	static const char want[] =
		"  0000000000000000-000000000009f000 RAM\n"
		"  000000000009fc00-00000000000a0000 reserved\n"
		"  00000000000e0000-00000000000e1000 ACPI data\n"
		"  00000000000e1000-00000000000e2000 ACPI NVS\n"
		"  00000000000e2000-00000000000e3000 unusable\n"
		"  00000000000e3000-00000000000e4000 type 7\n";
	struct memmap m = { 0 };
	char buf[1024] = { 0 };
	FILE *tmp = tmpfile();
	int saved = dup(1);
	size_t len;

	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, 0x9fc00, 0x400, MEM_RESERVED);
	memmap_add(&m, 0xe0000, 0x1000, MEM_ACPI);
	memmap_add(&m, 0xe1000, 0x1000, MEM_NVS);
	memmap_add(&m, 0xe2000, 0x1000, MEM_UNUSABLE);
	memmap_add(&m, 0xe3000, 0x1000, 7);
	memmap_sanitize(&m);

	fflush(stdout);
	dup2(fileno(tmp), 1);
	unit_quiet = 0;
	memmap_print(&m);
	unit_quiet = 1;
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	len = fread(buf, 1, sizeof(buf) - 1, tmp);
	fclose(tmp);
	CHECK_EQ(len, strlen(want));
	CHECK(strcmp(buf, want) == 0);
}

int main(void)
{
	test_qemu_128m();
	test_qemu_4g();
	test_overlap_rules();
	test_merge_and_trim();
	test_add_full_and_edges();
	test_overflow_drops_small_ram();
	test_random_against_reference();
	test_print();
	return unit_finish("memmap");
}
