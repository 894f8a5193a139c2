/*
 * Unit tests for common/xmalloc.c over the real page allocator and a
 * host buffer standing in for the direct map: alignment of every size
 * class, a random stress run with fill patterns (so any overlap shows up
 * as corrupted data), tail trimming of whole-page allocations, overflow
 * checks, OOM, BUG on bad frees, unshared (whole-page) objects, and that
 * freeing everything gives every page back to the heap.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "check.h"
#include "../../common/page_alloc.c"
#include "../../common/xmalloc.c"

#define HEAP_FRAMES 0x4000 /* 64 MiB */

extern unsigned char *host_ram;
static struct page_info ft[HEAP_FRAMES];
static unsigned long heap_start;

static void setup(void)
{
	host_ram = aligned_alloc(1UL << 21, HEAP_FRAMES * PAGE_SIZE);
	memset(host_ram, 0xcc, HEAP_FRAMES * PAGE_SIZE);
	page_alloc_init(ft, HEAP_FRAMES);
	init_heap_pages(_mfn(1), HEAP_FRAMES - 1);
	heap_start = heap_free_pages();
}

static bool in_heap(const void *p, size_t size)
{
	const unsigned char *c = p;

	return c >= host_ram + PAGE_SIZE &&
	       c + size <= host_ram + HEAP_FRAMES * PAGE_SIZE;
}

/* Nothing left behind: every frame free, no class page cached. */
static void check_all_pages_free(void)
{
	unsigned long i, bad = 0;
	unsigned int c;

	for (i = 1; i < HEAP_FRAMES; i++)
		bad += ft[i].count_info != PGC_free || ft[i].type_info != 0;
	CHECK_EQ(bad, 0);
	for (c = 0; c < XM_NR_CLASSES; c++)
		CHECK(partial[c] == NULL);
}

static void test_alignment_and_classes(void)
{
	static void *ptrs[5000];
	size_t size;

	for (size = 0; size < ARRAY_SIZE(ptrs); size++) {
		void *p = xmalloc_bytes(size);

		ptrs[size] = p;
		CHECK(p != NULL && in_heap(p, size));
		CHECK_EQ((uintptr_t)p & 15, 0);
		if (size >= PAGE_SIZE)
			CHECK_EQ((uintptr_t)p & (PAGE_SIZE - 1), 0);
		/* Class objects are aligned to their (power of two) size. */
		if (size > 16 && size <= XM_MAX_SIZE) {
			uintptr_t cls_size = 1UL << fls64(size - 1);

			CHECK_EQ((uintptr_t)p & (cls_size - 1), 0);
		}
		memset(p, 0x11, size);
	}
	for (size = 0; size < ARRAY_SIZE(ptrs); size++)
		xfree(ptrs[size]);
	xfree(NULL);
	CHECK_EQ(heap_free_pages(), heap_start);
}

/* One 2 KiB object per page half; 256 16-byte objects fill one page. */
static void test_page_packing(void)
{
	void *p[256];
	unsigned int i;

	for (i = 0; i < 256; i++)
		p[i] = xmalloc_bytes(16);
	CHECK_EQ(heap_free_pages(), heap_start - 1);
	for (i = 1; i < 256; i++)
		CHECK_EQ(virt_to_mfn(p[i]).m, virt_to_mfn(p[0]).m);
	CHECK(partial[0] == NULL); /* the page is full */
	xfree(p[7]);
	CHECK(partial[0] != NULL);
	p[7] = xmalloc_bytes(1);
	CHECK(partial[0] == NULL);
	for (i = 0; i < 256; i++)
		xfree(p[i]);
	CHECK_EQ(heap_free_pages(), heap_start);

	p[0] = xmalloc_bytes(2048);
	p[1] = xmalloc_bytes(1025);
	p[2] = xmalloc_bytes(2000);
	CHECK_EQ(heap_free_pages(), heap_start - 2);
	CHECK_EQ(((uintptr_t)p[0] ^ (uintptr_t)p[1]), 2048);
	xfree(p[0]);
	xfree(p[1]);
	xfree(p[2]);
	CHECK_EQ(heap_free_pages(), heap_start);
}

/* Whole pages: exactly the pages needed, the rest of the block returned. */
static void test_large(void)
{
	void *p = xmalloc_bytes(5 * PAGE_SIZE - 100);
	void *q = xmalloc_bytes(3 * PAGE_SIZE);
	void *r = xzalloc_bytes(2049);

	CHECK_EQ(heap_free_pages(), heap_start - 5 - 3 - 1);
	CHECK(p && q && r);
	memset(p, 0x77, 5 * PAGE_SIZE - 100);
	CHECK_EQ(((unsigned char *)r)[2048], 0);
	xfree(q);
	xfree(p);
	xfree(r);
	CHECK_EQ(heap_free_pages(), heap_start);
	/* The heap holds no 4 GiB block; larger sizes are refused outright. */
	CHECK(xmalloc_bytes(PAGE_SIZE << MAX_ORDER) == NULL);
	CHECK(xmalloc_bytes((PAGE_SIZE << MAX_ORDER) + 1) == NULL);
	CHECK(xmalloc_bytes(SIZE_MAX) == NULL);
	CHECK_EQ(heap_free_pages(), heap_start);
}

/*
 * Unshared objects: a page (or pages) each, never a class page, zeroed;
 * a small object allocated meanwhile cannot keep one of them alive.
 */
static void test_unshared(void)
{
	unsigned char *a = xzalloc_unshared_bytes(24);
	unsigned char *small = xmalloc_bytes(24);
	unsigned char *b = xzalloc_unshared_bytes(PAGE_SIZE + 1);
	unsigned char *z = xzalloc_unshared_bytes(0);
	bool zero = true;

	CHECK(a && small && b && z);
	CHECK_EQ((uintptr_t)a % PAGE_SIZE, 0);
	CHECK_EQ((uintptr_t)b % PAGE_SIZE, 0);
	CHECK(((uintptr_t)small ^ (uintptr_t)a) >= PAGE_SIZE);
	CHECK_EQ(heap_free_pages(), heap_start - 1 - 1 - 2 - 1);
	for (size_t i = 0; i < PAGE_SIZE + 1; i++)
		zero &= b[i] == 0;
	CHECK(zero && a[0] == 0 && a[23] == 0);
	xfree(a);
	xfree(b);
	xfree(z);
	CHECK_EQ(heap_free_pages(), heap_start - 1); /* small's class page */
	xfree(small);
	CHECK_EQ(heap_free_pages(), heap_start);
}

static void test_arrays(void)
{
	unsigned int *a;
	unsigned int i;
	bool zero = true;

	CHECK(xmalloc_array_bytes(SIZE_MAX / 2, 3, false) == NULL);
	CHECK(xmalloc_array_bytes(3, SIZE_MAX / 2, true) == NULL);
	CHECK(xmalloc_array_bytes(1UL << 32, 1UL << 32, false) == NULL);
	CHECK_EQ(heap_free_pages(), heap_start);

	/* Dirty some memory, free it, and get it back zeroed. */
	a = xmalloc_array(unsigned int, 1000);
	memset(a, 0xff, 1000 * sizeof(*a));
	xfree(a);
	a = xzalloc_array(unsigned int, 1000);
	for (i = 0; i < 1000; i++)
		zero &= a[i] == 0;
	CHECK(zero);
	xfree(a);
	a = xzalloc_array(unsigned int, 3);
	CHECK(a[0] == 0 && a[1] == 0 && a[2] == 0);
	xfree(a);
	CHECK_EQ(heap_free_pages(), heap_start);
}

/* Random mix of sizes, each object filled with its own pattern. */
#define LIVE_MAX 4000
static struct obj {
	unsigned char *p;
	size_t size;
	unsigned char pat;
} live[LIVE_MAX];
static unsigned int nlive;

static size_t random_size(void)
{
	switch (rand() % 10) {
	case 0:
		return rand() % (64 * 1024);
	case 1:
	case 2:
		return rand() % 4096;
	default:
		return rand() % 256;
	}
}

static bool verify(const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		if (o->p[i] != (unsigned char)(o->pat + i))
			return false;
	return true;
}

static bool overlaps_any(const unsigned char *p, size_t size)
{
	unsigned int i;

	for (i = 0; i < nlive; i++)
		if (p < live[i].p + MAX(live[i].size, 1UL) &&
		    live[i].p < p + MAX(size, 1UL))
			return true;
	return false;
}

static void test_stress(void)
{
	unsigned int k, bad = 0;

	srand(7);
	for (k = 0; k < 40000; k++) {
		if (nlive < LIVE_MAX && rand() % 3) {
			struct obj *o = &live[nlive];

			o->size = random_size();
			o->p = xmalloc_bytes(o->size);
			CHECK(o->p != NULL);
			if (!o->p)
				continue;
			CHECK_EQ((uintptr_t)o->p & 15, 0);
			CHECK(!overlaps_any(o->p, o->size));
			o->pat = rand();
			for (size_t i = 0; i < o->size; i++)
				o->p[i] = o->pat + i;
			nlive++;
		} else if (nlive) {
			unsigned int j = rand() % nlive;

			bad += !verify(&live[j]);
			xfree(live[j].p);
			live[j] = live[--nlive];
		}
	}
	while (nlive) {
		bad += !verify(&live[nlive - 1]);
		xfree(live[--nlive].p);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(heap_free_pages(), heap_start);
	check_all_pages_free();
}

/* Exhaust the heap with small objects; NULL, not a crash, then recovery. */
static void test_oom(void)
{
	void **ptrs = malloc(HEAP_FRAMES * 2 * sizeof(*ptrs));
	unsigned long n = 0, i;
	void *p;

	while ((p = xmalloc_bytes(2048)) != NULL)
		ptrs[n++] = p;
	CHECK_EQ(n, 2 * heap_start);
	CHECK_EQ(heap_free_pages(), 0);
	CHECK(xmalloc_bytes(16) == NULL);
	CHECK(xmalloc_bytes(10000) == NULL);
	for (i = 0; i < n; i++)
		xfree(ptrs[i]);
	CHECK_EQ(heap_free_pages(), heap_start);
	free(ptrs);
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

static void double_free_small(void)
{
	void *p = xmalloc_bytes(40), *q = xmalloc_bytes(40);

	xfree(p);
	xfree(p);
	xfree(q);
}

static void free_interior(void)
{
	char *p = xmalloc_bytes(64);

	xfree(p + 16);
}

static void free_inside_large(void)
{
	char *p = xmalloc_bytes(3 * PAGE_SIZE);

	xfree(p + PAGE_SIZE);
}

static void free_xenheap_page(void)
{
	xfree(alloc_xenheap_pages(0, 0));
}

static void free_outside_heap(void)
{
	static char x[64];

	xfree(x);
}

static void test_bugs(void)
{
	CHECK(dies(double_free_small));
	CHECK(dies(free_interior));
	CHECK(dies(free_inside_large));
	CHECK(dies(free_xenheap_page));
	CHECK(dies(free_outside_heap));
	CHECK_EQ(heap_free_pages(), heap_start);
}

static void *thread_fn(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg, k, n = 0;
	struct { unsigned char *p; size_t size; } held[128];

	for (k = 0; k < 5000; k++) {
		if (n < 128 && rand_r(&seed) % 2) {
			size_t size = rand_r(&seed) % 3000;

			held[n].p = xmalloc_bytes(size);
			if (!held[n].p)
				return (void *)1;
			memset(held[n].p, (int)seed & 0xff, size);
			held[n++].size = size;
		} else if (n) {
			unsigned int j = rand_r(&seed) % n;
			size_t i;

			for (i = 0; i < held[j].size; i++)
				if (held[j].p[i] != held[j].p[0])
					return (void *)2;
			xfree(held[j].p);
			held[j] = held[--n];
		}
	}
	while (n--)
		xfree(held[n].p);
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[2];
	uintptr_t i;
	void *rc;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		pthread_create(&t[i], NULL, thread_fn, (void *)(i + 1));
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		pthread_join(t[i], &rc);
		CHECK(rc == NULL);
	}
	CHECK_EQ(heap_free_pages(), heap_start);
}

int main(void)
{
	setup();
	test_alignment_and_classes();
	test_page_packing();
	test_large();
	test_unshared();
	test_arrays();
	test_stress();
	test_oom();
	test_bugs();
	test_threads();
	free(host_ram);
	return unit_finish("xmalloc");
}
