/*
 * Unit tests for common/boot_alloc.c: highest-first placement, alignment,
 * address limits, the low-memory and frame-0 rules, reservations, table
 * overflow, exhaustion, and the handover to the heap (init_heap_pages() is
 * stubbed here to record what it is given).
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "check.h"
#include "../../common/memmap.c"
#include "../../common/boot_alloc.c"

#define MB(x) ((paddr_t)(x) << 20)
#define GB(x) ((paddr_t)(x) << 30)

static struct {
	unsigned long s, nr;
} handed[BOOT_RANGES_MAX];
static unsigned int nr_handed;

void init_heap_pages(mfn_t start, unsigned long nr)
{
	if (nr_handed < ARRAY_SIZE(handed)) {
		handed[nr_handed].s = mfn_x(start);
		handed[nr_handed].nr = nr;
	}
	nr_handed++;
}

static unsigned long free_frames(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < nr_ranges; i++)
		n += ranges[i].e - ranges[i].s;
	return n;
}

/* The table invariants: disjoint, non-empty, frame 0 never free. */
static void check_ranges(void)
{
	unsigned int i, j;

	CHECK(nr_ranges <= BOOT_RANGES_MAX);
	for (i = 0; i < nr_ranges; i++) {
		CHECK(ranges[i].s < ranges[i].e);
		CHECK(ranges[i].s != 0);
		for (j = i + 1; j < nr_ranges; j++)
			CHECK(ranges[i].e <= ranges[j].s ||
			      ranges[j].e <= ranges[i].s);
	}
}

/* QEMU -m 4G after sanitising. */
static void setup_qemu_4g(void)
{
	struct memmap m = { 0 };

	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, 0x9fc00, 0x400, MEM_RESERVED);
	memmap_add(&m, 0xf0000, 0x10000, MEM_RESERVED);
	memmap_add(&m, 0x100000, 0xbfee0000, MEM_RAM);
	memmap_add(&m, 0xbffe0000, 0x20000, MEM_RESERVED);
	memmap_add(&m, 0xfffc0000, 0x40000, MEM_RESERVED);
	memmap_add(&m, 0x100000000, 0x40000000, MEM_RAM);
	memmap_sanitize(&m);
	boot_alloc_init(&m);
}

static void test_placement(void)
{
	mfn_t m;

	setup_qemu_4g();
	check_ranges();
	CHECK_EQ(nr_ranges, 3);
	/* frame 0 is never free: 0x9e + 0xbfee0 + 0x40000 frames */
	CHECK_EQ(free_frames(), 0x9e + 0xbfee0 + 0x40000);

	/* Image at 2 MiB and a module: reserve, including partial pages. */
	boot_alloc_reserve(MB(2), MB(2) + 0x345678);
	boot_alloc_reserve(0x13fff0800ULL, 0x13fff1800ULL); /* 2 frames */
	boot_alloc_reserve(MB(5), MB(5));                   /* empty */
	boot_alloc_reserve(GB(5), GB(6));                   /* not RAM */
	CHECK_EQ(free_frames(), 0x9e + 0xbfee0 + 0x40000 - 0x346 - 2);
	check_ranges();

	/* Highest address first. */
	m = boot_alloc_pages(1, 0, 0);
	CHECK_EQ(mfn_x(m), 0x13ffff);
	m = boot_alloc_pages(16, 16, 0);
	CHECK_EQ(mfn_x(m), 0x13ffe0);
	m = boot_alloc_pages(1, 512, 0);
	CHECK_EQ(mfn_x(m), 0x13fe00);
	/* Exactly fills the 13 frames above the reserved 0x13fff0-1. */
	m = boot_alloc_pages(13, 0, 0);
	CHECK_EQ(mfn_x(m), 0x13fff2);
	/* 14 no longer fit there, nor between the earlier allocations. */
	m = boot_alloc_pages(14, 0, 0);
	CHECK_EQ(mfn_x(m), 0x13ffd2);
	m = boot_alloc_pages(1, 1, 0);
	CHECK_EQ(mfn_x(m), 0x13ffd1);
	check_ranges();
}

/* Limits: entirely below, counted in bytes, need not be aligned. */
static void test_limits(void)
{
	unsigned long before;
	mfn_t m;

	m = boot_alloc_pages(1, 0, GB(4));
	CHECK_EQ(mfn_x(m), 0xbffdf);
	m = boot_alloc_pages(2, 0, MB(8) + 0x1fff);
	CHECK_EQ(mfn_x(m), 0x7ff);
	m = boot_alloc_pages(4, 4, MB(8) + 0x1fff);
	CHECK_EQ(mfn_x(m), 0x7f8);
	/* Below the image only the 1-2 MiB range is left. */
	m = boot_alloc_pages(1, 0, MB(3));
	CHECK_EQ(mfn_x(m), 0x1ff);

	/* Too big, too low, or nothing asked for. */
	before = free_frames();
	CHECK(mfn_eq(boot_alloc_pages(0xc0000, 0, 0), INVALID_MFN));
	CHECK(mfn_eq(boot_alloc_pages(1, 0, 0xfff), INVALID_MFN));
	CHECK(mfn_eq(boot_alloc_pages(0, 0, 0), INVALID_MFN));
	CHECK(mfn_eq(boot_alloc_pages(~0UL, 0, 0), INVALID_MFN));
	CHECK(mfn_eq(boot_alloc_pages(1, 1UL << 40, 0), INVALID_MFN));
	CHECK_EQ(free_frames(), before);
}

/* Low memory only for limit <= 1 MiB, and frame 0 never. */
static void test_low_memory(void)
{
	struct memmap m = { 0 };
	unsigned long n = 0, f;
	mfn_t got;

	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, MB(1), MB(1), MEM_RAM);
	memmap_sanitize(&m);
	boot_alloc_init(&m);

	/* A trampoline below 1 MiB comes from the top of low memory. */
	got = boot_alloc_pages(1, 0, MB(1));
	CHECK_EQ(mfn_x(got), 0x9e);

	while (!mfn_eq(got = boot_alloc_pages(1, 0, 0), INVALID_MFN)) {
		CHECK(mfn_x(got) >= 0x100 && mfn_x(got) < 0x200);
		n++;
	}
	CHECK_EQ(n, 0x100);
	CHECK_EQ(free_frames(), 0x9d); /* low memory untouched */

	n = 0;
	while (!mfn_eq(got = boot_alloc_pages(1, 0, MB(1)), INVALID_MFN)) {
		f = mfn_x(got);
		CHECK(f >= 1 && f < 0x9e);
		n++;
	}
	CHECK_EQ(n, 0x9d);
	CHECK_EQ(free_frames(), 0);
	CHECK_EQ(nr_ranges, 0);
}

#define SMALL_FRAMES 0x8000 /* 128 MiB */
static unsigned char used[SMALL_FRAMES];

static void mark(unsigned long s, unsigned long nr, unsigned char v)
{
	unsigned long i;

	for (i = s; i < s + nr; i++) {
		CHECK(i < SMALL_FRAMES && used[i] == 0);
		if (i < SMALL_FRAMES)
			used[i] = v;
	}
}

/* 128 MiB with holes and reservations; returns the free frame count. */
static unsigned long setup_small_map(void)
{
	struct memmap m = { 0 };

	memset(used, 0, sizeof(used));
	memmap_add(&m, 0, 0x9fc00, MEM_RAM);
	memmap_add(&m, 0xf0000, 0x10000, MEM_RESERVED);
	memmap_add(&m, MB(1), MB(127) - 0x20000, MEM_RAM);
	memmap_add(&m, MB(16), MB(1), MEM_RESERVED);
	memmap_sanitize(&m);
	boot_alloc_init(&m);
	boot_alloc_reserve(MB(2), MB(4));
	mark(0, 1, 2);                           /* frame 0 */
	mark(0x9f, 0x100 - 0x9f, 2);             /* hole + BIOS */
	mark(MB(2) >> PAGE_SHIFT, 0x200, 2);     /* image */
	mark(MB(16) >> PAGE_SHIFT, 0x100, 2);    /* reserved */
	mark((MB(128) - 0x20000) >> PAGE_SHIFT, 0x20, 2);
	return free_frames();
}

/* iters random requests; returns the number of frames handed out. */
static unsigned long random_allocs(unsigned int iters)
{
	unsigned long taken = 0;
	unsigned int k;

	srand(42);
	for (k = 0; k < iters; k++) {
		unsigned long nr = 1 + rand() % 64;
		unsigned long align = 1UL << (rand() % 8);
		paddr_t limit = rand() % 4 ? 0 : MB(1 + rand() % 128);
		mfn_t got = boot_alloc_pages(nr, align, limit);

		if (mfn_eq(got, INVALID_MFN))
			continue;
		CHECK(mfn_x(got) % align == 0);
		if (limit)
			CHECK(mfn_to_maddr(got) + (nr << PAGE_SHIFT) <= limit);
		if (!limit || limit > MB(1))
			CHECK(mfn_to_maddr(got) >= MB(1));
		mark(mfn_x(got), nr, 1);
		taken += nr;
	}
	return taken;
}

/* Take every remaining frame above 1 MiB, one at a time. */
static unsigned long drain(void)
{
	unsigned long taken = 0;
	mfn_t got;

	while (!mfn_eq(got = boot_alloc_pages(1, 0, 0), INVALID_MFN)) {
		CHECK(mfn_to_maddr(got) >= MB(1));
		mark(mfn_x(got), 1, 1);
		taken++;
	}
	return taken;
}

/*
 * Random allocations over a small map: every result is aligned, under its
 * limit, free (no overlap with earlier results or reservations) and the
 * handover gives the heap exactly the frames nobody took, apart from
 * those dropped (and counted) when alignment holes overflow the table.
 */
static void test_random_and_handover(unsigned int iters)
{
	unsigned long total = setup_small_map(), taken, lost = 0, i;
	unsigned int k;

	taken = random_allocs(iters);
	check_ranges();
	CHECK_EQ(free_frames() + lost_frames, total - taken);
	taken += drain();
	/* Only low memory is left; all of it unless the table overflowed. */
	CHECK_EQ(free_frames() + lost_frames, total - taken);
	CHECK(free_frames() <= 0x9e);

	nr_handed = 0;
	boot_alloc_handover();
	CHECK(nr_handed <= ARRAY_SIZE(handed));
	for (k = 0; k < nr_handed; k++)
		mark(handed[k].s, handed[k].nr, 3);
	/* Every frame is accounted for, except those the table dropped. */
	for (i = 0; i < SMALL_FRAMES; i++)
		lost += used[i] == 0;
	CHECK_EQ(lost, lost_frames);
	/* Each allocation adds at most one range: no loss while they fit. */
	if (iters + 8 < BOOT_RANGES_MAX)
		CHECK_EQ(lost_frames, 0);
	CHECK_EQ(nr_ranges, 0);
}

/* Many splits: the table drops small ranges rather than corrupt itself. */
static void test_table_overflow(void)
{
	struct memmap m = { 0 };
	unsigned long before, i;

	memmap_add(&m, MB(1), MB(64), MEM_RAM);
	memmap_sanitize(&m);
	boot_alloc_init(&m);
	before = free_frames();
	for (i = 0; i < 2 * BOOT_RANGES_MAX; i++) {
		paddr_t a = MB(1) + (i * 3 + 1) * PAGE_SIZE;

		boot_alloc_reserve(a, a + PAGE_SIZE);
	}
	check_ranges();
	CHECK_EQ(nr_ranges, BOOT_RANGES_MAX);
	CHECK(free_frames() < before - 2 * BOOT_RANGES_MAX);
	/* The big tail range survives and still serves allocations. */
	CHECK_EQ(mfn_x(boot_alloc_pages(1, 0, 0)), (MB(65) >> PAGE_SHIFT) - 1);
}

/* Run fn in a child; true if it died of BUG() (abort). */
static bool dies(void (*fn)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void alloc_after_handover(void)
{
	boot_alloc_pages(1, 0, 0);
}

static void reserve_after_handover(void)
{
	boot_alloc_reserve(MB(1), MB(2));
}

static void test_dead_after_handover(void)
{
	setup_qemu_4g();
	nr_handed = 0;
	boot_alloc_handover();
	CHECK_EQ(nr_handed, 3);
	CHECK(dies(alloc_after_handover));
	CHECK(dies(reserve_after_handover));
	CHECK(dies(boot_alloc_handover));
}

int main(void)
{
	test_placement();
	test_limits(); /* continues on test_placement()'s state */
	test_low_memory();
	test_random_and_handover(100);
	test_random_and_handover(3000);
	test_table_overflow();
	test_dead_after_handover();
	return unit_finish("boot_alloc");
}
