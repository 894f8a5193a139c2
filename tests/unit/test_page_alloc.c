/*
 * Unit tests for common/page_alloc.c: donation of unaligned ranges,
 * highest-zone-first placement, MEMF_bits() limits, exhaustion, random
 * allocate-everything/free-everything runs that must leave the heap exactly
 * as it started, max-order blocks, the xenheap wrappers, BUG on double
 * free, and a multi-threaded stress run.
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "check.h"
#include "../../common/page_alloc.c"

extern unsigned char *host_ram;

/* A fresh heap over a frame table of nr frames. */
static struct page_info *ft;
static void new_heap(unsigned long nr)
{
	free(ft);
	ft = malloc(nr * sizeof(*ft));
	memset(ft, 0xa5, nr * sizeof(*ft)); /* page_alloc_init must zero */
	page_alloc_init(ft, nr);
	CHECK_EQ(max_page, nr);
	CHECK(frame_table == ft);
}

/*
 * Walk every free list and check the invariants: natural alignment, one
 * zone per block, PGC_free on every frame, the counters add up.
 */
static unsigned long check_lists(void)
{
	unsigned long total = 0, zf[NR_ZONES] = { 0 }, i;
	unsigned int z, o;

	for (z = 0; z < NR_ZONES; z++) {
		for (o = 0; o <= MAX_ORDER; o++) {
			struct page_info *pg = heap[z][o], *prev = NULL;

			for (; pg; prev = pg, pg = pg->list.next) {
				unsigned long mfn = pg - frame_table;

				CHECK(pg->list.prev == prev);
				CHECK_EQ(pg->u.order, o);
				CHECK_EQ(mfn & ((1UL << o) - 1), 0);
				CHECK_EQ(zone_of(mfn), z);
				CHECK(mfn + (1UL << o) <= max_page);
				CHECK(z == 0 || mfn + (1UL << o) <= (1UL << z));
				for (i = 0; i < (1UL << o); i++)
					CHECK_EQ(pg[i].count_info, PGC_free);
				zf[z] += 1UL << o;
			}
		}
		CHECK_EQ(zf[z], zone_free[z]);
		total += zf[z];
	}
	CHECK_EQ(total, heap_free_pages());
	return total;
}

/* Number of free blocks of each order, summed over zones. */
static void order_histogram(unsigned long hist[MAX_ORDER + 1])
{
	unsigned int z, o;

	for (o = 0; o <= MAX_ORDER; o++) {
		hist[o] = 0;
		for (z = 0; z < NR_ZONES; z++) {
			struct page_info *pg;

			for (pg = heap[z][o]; pg; pg = pg->list.next)
				hist[o]++;
		}
	}
}

static void test_init_unaligned(void)
{
	unsigned long hist[MAX_ORDER + 1];

	new_heap(64);
	init_heap_pages(_mfn(3), 13);  /* 3, 4-7, 8-15 */
	init_heap_pages(_mfn(16), 16); /* 16-31 */
	init_heap_pages(_mfn(2), 1);   /* merges with 3 */
	init_heap_pages(_mfn(1), 1);
	init_heap_pages(_mfn(0), 1);   /* MFN 0 never merges */
	init_heap_pages(_mfn(60), 100); /* clipped to max_page */
	CHECK_EQ(heap_total_pages(), 36);
	CHECK_EQ(check_lists(), 36);
	order_histogram(hist);
	CHECK_EQ(hist[0], 2); /* 0, 1 */
	CHECK_EQ(hist[1], 1); /* 2-3 */
	CHECK_EQ(hist[2], 2); /* 4-7, 60-63 */
	CHECK_EQ(hist[3], 1); /* 8-15 */
	CHECK_EQ(hist[4], 1); /* 16-31 */
	CHECK(heap[1][0] == ft + 1);
	CHECK(heap[0][0] == ft + 0);
	CHECK(heap[5][4] == ft + 16);

	/* 32-59 arrive late: everything from 32 merges to 32-63. */
	init_heap_pages(_mfn(32), 28);
	CHECK_EQ(check_lists(), 64);
	CHECK(heap[6][5] == ft + 32);
}

/* No limit: highest zone first.  With MEMF_bits: only below 2^bits. */
static void test_zones_and_limits(void)
{
	struct page_info *pg;
	unsigned long n;

	new_heap(0x20000); /* 512 MiB */
	init_heap_pages(_mfn(1), 0x9e);        /* low memory */
	init_heap_pages(_mfn(0x100), 0x20000 - 0x100 - 5);
	CHECK_EQ(check_lists(), 0x9e + 0x20000 - 0x105);

	pg = alloc_heap_pages(0, 0);
	CHECK(pg && pg - ft >= 0x10000);
	free_heap_pages(pg, 0);
	pg = alloc_heap_pages(MAX_ORDER, 0);
	CHECK(pg == NULL); /* no 4 GiB block here */
	pg = alloc_heap_pages(MAX_ORDER + 1, 0);
	CHECK(pg == NULL);
	pg = alloc_heap_pages(0, MEMF_bits(11)); /* less than a page */
	CHECK(pg == NULL);

	/* Below 1 MiB: exactly frames 1-0x9e, then nothing. */
	n = 0;
	while ((pg = alloc_heap_pages(0, MEMF_bits(20))) != NULL) {
		CHECK(pg - ft >= 1 && pg - ft < 0x9f);
		CHECK_EQ(pg->count_info, 0);
		n++;
	}
	CHECK_EQ(n, 0x9e);
	/* Below 2 MiB, order 8: only 0x100-0x1ff qualifies. */
	pg = alloc_heap_pages(8, MEMF_bits(21));
	CHECK(pg == ft + 0x100);
	CHECK(alloc_heap_pages(0, MEMF_bits(21)) == NULL);
	/* 0x200-0x3ff ends exactly at 4 MiB. */
	CHECK(alloc_heap_pages(10, MEMF_bits(22)) == NULL);
	pg = alloc_heap_pages(9, MEMF_bits(22));
	CHECK(pg == ft + 0x200);
	CHECK(alloc_heap_pages(0, MEMF_bits(22)) == NULL);
	pg = alloc_heap_pages(10, MEMF_bits(23));
	CHECK(pg == ft + 0x400);
	check_lists();
}

/* Frames straddling 4 GiB: MEMF_bits(32) must stay below. */
static void test_bits32_and_max_order(void)
{
	unsigned long below = 0, base, n = 0;
	struct page_info *pg;

	new_heap(1UL << 21); /* 8 GiB */
	/* 16 MiB below 4 GiB, and 4 GiB + 16 MiB .. 8 GiB. */
	init_heap_pages(_mfn(0xff000), 0x1000);
	init_heap_pages(_mfn(1UL << 20), 0); /* no-op */
	init_heap_pages(_mfn(1UL << 20 | 0x1000), (1UL << 20) - 0x1000);
	base = heap_free_pages();
	CHECK_EQ(base, 1UL << 20);
	CHECK_EQ(check_lists(), base);

	while ((pg = alloc_heap_pages(3, MEMF_bits(32))) != NULL) {
		CHECK((unsigned long)(pg - ft) + 8 <= 0x100000);
		below += 8;
	}
	CHECK_EQ(below, 0x1000);
	/* Zone 21 lacks its first 16 MiB: at most order 19 blocks. */
	CHECK(alloc_heap_pages(MAX_ORDER, 0) == NULL);
	pg = alloc_heap_pages(MAX_ORDER - 1, 0);
	CHECK(pg == ft + (3UL << 19));
	free_heap_pages(pg, MAX_ORDER - 1);

	/* Donate the rest of zone 21: one 4 GiB block appears. */
	init_heap_pages(_mfn(1UL << 20), 0x1000);
	pg = alloc_heap_pages(MAX_ORDER, 0);
	CHECK(pg == ft + (1UL << 20));
	CHECK(alloc_heap_pages(MAX_ORDER, 0) == NULL);
	while (alloc_heap_pages(0, 0))
		n++;
	CHECK_EQ(n, 0); /* MEMF_bits(32) above took the rest */
	CHECK_EQ(heap_free_pages(), 0);
	free_heap_pages(pg, MAX_ORDER);
	CHECK(heap[21][MAX_ORDER] == pg);
	check_lists();
}

/*
 * Allocate everything with random orders, tracking every frame handed out;
 * free it all in random order; the free lists must be exactly as before.
 */
#define RAND_FRAMES 0x8000
static unsigned char owned[RAND_FRAMES];
static struct {
	struct page_info *pg;
	unsigned int order;
} blocks[RAND_FRAMES];

static void grab(struct page_info *pg, unsigned int order, unsigned int bits)
{
	unsigned long mfn = pg - ft, i;

	CHECK_EQ(mfn & ((1UL << order) - 1), 0);
	if (bits)
		CHECK(((mfn + (1UL << order)) << PAGE_SHIFT) <= (1UL << bits));
	for (i = 0; i < (1UL << order); i++) {
		CHECK(mfn + i < RAND_FRAMES && !owned[mfn + i]);
		CHECK_EQ(pg[i].count_info, 0);
		owned[mfn + i] = 1;
	}
}

/* Random orders, some with MEMF_bits, until not one frame is left. */
static unsigned long alloc_everything(unsigned int seed)
{
	unsigned long nb = 0, got = 0, start = heap_free_pages();
	int o;

	srand(seed);
	for (o = 10; o >= 0;) {
		unsigned int order = rand() % (o + 1);
		unsigned int bits = rand() % 4 ? 0 : 20 + rand() % 8;
		struct page_info *pg = alloc_heap_pages(order, MEMF_bits(bits));

		if (!pg) {
			if (!bits && order == (unsigned int)o)
				o--; /* nothing of this order anywhere */
			continue;
		}
		grab(pg, order, bits);
		blocks[nb].pg = pg;
		blocks[nb++].order = order;
		got += 1UL << order;
	}
	CHECK_EQ(got, start);
	return nb;
}

static void free_in_random_order(unsigned long nb)
{
	unsigned long i;

	for (i = nb; i > 1; i--) { /* Fisher-Yates */
		unsigned long j = rand() % i, k = i - 1;
		__typeof__(blocks[0]) t = blocks[j];

		blocks[j] = blocks[k];
		blocks[k] = t;
	}
	for (i = 0; i < nb; i++) {
		free_heap_pages(blocks[i].pg, blocks[i].order);
		if (i % 512 == 0)
			check_lists();
	}
}

static void test_random_all(unsigned int seed)
{
	unsigned long hist0[MAX_ORDER + 1], hist1[MAX_ORDER + 1];
	unsigned long start, nb;
	int o;

	new_heap(RAND_FRAMES);
	memset(owned, 0, sizeof(owned));
	init_heap_pages(_mfn(1), 0x9e);
	init_heap_pages(_mfn(0x100), RAND_FRAMES - 0x100);
	start = heap_free_pages();
	order_histogram(hist0);

	nb = alloc_everything(seed);
	CHECK_EQ(heap_free_pages(), 0);
	CHECK(alloc_heap_pages(0, 0) == NULL);
	check_lists();
	free_in_random_order(nb);
	CHECK_EQ(heap_free_pages(), start);
	CHECK_EQ(check_lists(), start);
	order_histogram(hist1);
	for (o = 0; o <= MAX_ORDER; o++)
		CHECK_EQ(hist1[o], hist0[o]);
	CHECK_EQ(hist1[14], 1); /* 0x4000-0x7fff is one block again */
}
static void test_xenheap(void)
{
	unsigned char *p, *q;
	unsigned long i;

	new_heap(0x1000);
	host_ram = aligned_alloc(PAGE_SIZE, 0x1000 * PAGE_SIZE);
	init_heap_pages(_mfn(1), 0xfff);
	p = alloc_xenheap_pages(2, 0);
	CHECK(p != NULL);
	CHECK_EQ((p - host_ram) & (4 * PAGE_SIZE - 1), 0);
	for (i = 0; i < 4; i++)
		CHECK(ft[(p - host_ram) / PAGE_SIZE + i].count_info &
		      PGC_xen_heap);
	memset(p, 0x5a, 4 * PAGE_SIZE);
	q = alloc_xenheap_pages(0, MEMF_bits(13));
	CHECK(q == host_ram + PAGE_SIZE);
	CHECK(alloc_xenheap_pages(0, MEMF_bits(13)) == NULL);
	free_xenheap_pages(q, 0);
	free_xenheap_pages(p, 2);
	free_xenheap_pages(NULL, 0);
	CHECK_EQ(check_lists(), 0xfff);
	free(host_ram);
	host_ram = NULL;
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

static void double_free(void)
{
	struct page_info *pg = alloc_heap_pages(1, 0);

	free_heap_pages(pg, 1);
	free_heap_pages(pg, 1);
}

static void free_inside_free_block(void)
{
	free_heap_pages(ft + 0x10, 0);
}

static void free_misaligned(void)
{
	struct page_info *pg = alloc_heap_pages(2, 0);

	free_heap_pages(pg + 1, 1);
}

static void free_not_xenheap(void)
{
	struct page_info *pg = alloc_heap_pages(0, 0);

	free_xenheap_pages(host_ram + PAGE_SIZE * (pg - ft), 0);
}

static void init_twice(void)
{
	init_heap_pages(_mfn(0x20), 1);
}

static void test_bugs(void)
{
	new_heap(0x100);
	host_ram = aligned_alloc(PAGE_SIZE, 0x100 * PAGE_SIZE);
	init_heap_pages(_mfn(1), 0xff);
	CHECK(dies(double_free));
	CHECK(dies(free_inside_free_block));
	CHECK(dies(free_misaligned));
	CHECK(dies(free_not_xenheap));
	CHECK(dies(init_twice));
	CHECK_EQ(check_lists(), 0xff); /* parent untouched */
	free(host_ram);
	host_ram = NULL;
}

/*
 * Two CPUs allocating and freeing at once.  Kept small: the ticket lock
 * spins without yielding, which crawls if the host is oversubscribed.
 */
static void *stress_thread(void *arg)
{
	unsigned int seed = (unsigned int)(unsigned long)arg, k, n = 0;
	struct { struct page_info *pg; unsigned int order; } held[64];

	for (k = 0; k < 5000; k++) {
		if (n < 64 && rand_r(&seed) % 2) {
			unsigned int order = rand_r(&seed) % 5;
			struct page_info *pg = alloc_heap_pages(order, 0);
			unsigned long i;

			if (!pg)
				continue;
			for (i = 0; i < (1UL << order); i++)
				pg[i].type_info = seed; /* "mine" */
			held[n].pg = pg;
			held[n++].order = order;
		} else if (n) {
			unsigned int j = rand_r(&seed) % n;
			struct page_info *pg = held[j].pg;
			unsigned long i;

			for (i = 0; i < (1UL << held[j].order); i++)
				if (pg[i].type_info != pg->type_info)
					return (void *)1;
			free_heap_pages(held[j].pg, held[j].order);
			held[j] = held[--n];
		}
	}
	while (n--)
		free_heap_pages(held[n].pg, held[n].order);
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[2];
	unsigned long i;
	void *rc;

	new_heap(0x4000);
	init_heap_pages(_mfn(1), 0x3fff);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		pthread_create(&t[i], NULL, stress_thread, (void *)(i + 1));
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		pthread_join(t[i], &rc);
		CHECK(rc == NULL);
	}
	CHECK_EQ(check_lists(), 0x3fff);
}

int main(void)
{
	test_init_unaligned();
	test_zones_and_limits();
	test_bits32_and_max_order();
	test_random_all(1);
	test_random_all(2);
	test_random_all(3);
	test_xenheap();
	test_bugs();
	test_threads();
	free(ft);
	return unit_finish("page_alloc");
}
