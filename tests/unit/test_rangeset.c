/*
 * Unit tests for common/rangeset.c against a bitmap model: random adds
 * and removes over a small universe keep the set equal to the model and
 * in its unique form (sorted, disjoint, non-touching); the edges 0 and
 * ~0UL; bad ranges; the range cap; out-of-memory leaving the set
 * unchanged; and iocap_update()'s lazily created domain caps.  xmalloc is the
 * host's malloc with an injectable failure.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include <xen/mm.h>

static int fail_allocs; /* >0: that many allocations from now fail */

void *xmalloc_array_bytes(size_t elem, size_t n, bool zero)
{
	if (fail_allocs > 0) {
		fail_allocs--;
		return NULL;
	}
	return zero ? calloc(n, elem) : malloc(n * elem);
}
void *xmalloc_bytes(size_t size)
{
	return xmalloc_array_bytes(size, 1, false);
}
void *xzalloc_bytes(size_t size)
{
	return xmalloc_array_bytes(size, 1, true);
}
void xfree(void *p)
{
	free(p);
}

#include "../../common/rangeset.c"

#define UNIVERSE 200

static bool model[UNIVERSE];

/* r equals the model and is in its unique form. */
static bool same_as_model(struct rangeset *r)
{
	for (unsigned int i = 0; i < r->nr; i++) {
		if (r->ranges[i].s > r->ranges[i].e)
			return false;
		if (i && r->ranges[i - 1].e + 1 >= r->ranges[i].s)
			return false;
	}
	for (unsigned long v = 0; v < UNIVERSE; v++)
		if (rangeset_contains_range(r, v, v) != model[v])
			return false;
	return true;
}

static void test_random_against_model(void)
{
	struct rangeset *r = rangeset_new();
	unsigned int bad = 0;

	srand(12345);
	for (unsigned int n = 0; n < 20000; n++) {
		unsigned long s = rand() % UNIVERSE, e = s + rand() % 12;
		bool add = rand() % 3 != 0;

		if (e >= UNIVERSE)
			e = UNIVERSE - 1;
		CHECK_EQ(add ? rangeset_add_range(r, s, e)
			     : rangeset_remove_range(r, s, e),
			 0);
		for (unsigned long v = s; v <= e; v++)
			model[v] = add;
		bad += !same_as_model(r);
		/* contains / overlaps of a random window agree with the model
		 */
		s = rand() % UNIVERSE, e = s + rand() % 8;
		if (e >= UNIVERSE)
			e = UNIVERSE - 1;
		bool all = true, any = false;
		for (unsigned long v = s; v <= e; v++)
			all &= model[v], any |= model[v];
		bad += rangeset_contains_range(r, s, e) != all;
		bad += rangeset_overlaps_range(r, s, e) != any;
	}
	CHECK_EQ(bad, 0);
	rangeset_destroy(r);
}

static void test_edges(void)
{
	struct rangeset *r = rangeset_new();

	CHECK(!rangeset_contains_range(NULL, 1, 1));
	CHECK(!rangeset_overlaps_range(NULL, 0, ~0UL));
	CHECK_EQ(rangeset_add_range(r, 5, 4), -EINVAL);
	CHECK_EQ(rangeset_remove_range(r, 5, 4), -EINVAL);
	CHECK_EQ(rangeset_add_range(r, ~0UL - 1, ~0UL), 0);
	CHECK_EQ(rangeset_add_range(r, 0, 0), 0);
	CHECK(rangeset_contains_range(r, ~0UL, ~0UL));
	CHECK(!rangeset_contains_range(r, 0, 1));
	CHECK_EQ(rangeset_nr_ranges(r), 2);
	CHECK_EQ(rangeset_add_range(r, 1, ~0UL - 2), 0); /* joins both */
	CHECK_EQ(rangeset_nr_ranges(r), 1);
	CHECK(rangeset_contains_range(r, 0, ~0UL));
	CHECK_EQ(rangeset_remove_range(r, 0, 0), 0);
	CHECK_EQ(rangeset_remove_range(r, ~0UL, ~0UL), 0);
	CHECK(rangeset_contains_range(r, 1, ~0UL - 1));
	CHECK(!rangeset_overlaps_range(r, ~0UL, ~0UL));
	CHECK_EQ(rangeset_remove_range(r, 0, ~0UL), 0);
	CHECK_EQ(rangeset_nr_ranges(r), 0);
	CHECK(!rangeset_overlaps_range(r, 0, ~0UL));
	rangeset_destroy(r);
	rangeset_destroy(NULL);
}

static void test_cap_and_oom(void)
{
	struct rangeset *r = rangeset_new();
	unsigned int i, nr;

	for (i = 0; i < RANGESET_MAX; i++)
		CHECK_EQ(rangeset_add_range(r, 2UL * i, 2UL * i), 0);
	CHECK_EQ(rangeset_nr_ranges(r), RANGESET_MAX);
	CHECK_EQ(rangeset_add_range(r, 2UL * i, 2UL * i), -ENOMEM);
	CHECK_EQ(rangeset_remove_range(r, 2, 2), 0);
	CHECK_EQ(rangeset_add_range(r, 1, 1), 0); /* merges 0-2: fewer */
	CHECK(rangeset_contains_range(r, 0, 1));

	rangeset_destroy(r);
	r = rangeset_new();
	CHECK_EQ(rangeset_add_range(r, 10, 20), 0);
	nr = r->cap; /* 4: fill it, then the next split must grow */
	for (i = 1; i < nr; i++)
		CHECK_EQ(rangeset_add_range(r, 100 * i, 100 * i), 0);
	fail_allocs = 1;
	CHECK_EQ(rangeset_remove_range(r, 15, 15), -ENOMEM);
	CHECK(rangeset_contains_range(r, 10, 20)); /* unchanged */
	CHECK_EQ(rangeset_nr_ranges(r), nr);
	CHECK_EQ(rangeset_remove_range(r, 15, 15), 0);
	CHECK(!rangeset_overlaps_range(r, 15, 15));
	CHECK(rangeset_contains_range(r, 10, 14));
	CHECK(rangeset_contains_range(r, 16, 20));
	rangeset_destroy(r);
	fail_allocs = 1;
	CHECK(rangeset_new() == NULL);
}

/* A domain's caps: NULL until the first grant; a revoke of none is 0. */
static void test_iocap(void)
{
	struct rangeset *caps = NULL;

	CHECK(!iocap_contains(&caps, 0x70, 0x71));
	CHECK_EQ(iocap_update(&caps, 0x70, 0x71, false), 0);
	CHECK(caps == NULL);
	fail_allocs = 1;
	CHECK_EQ(iocap_update(&caps, 0x70, 0x71, true), -ENOMEM);
	CHECK(caps == NULL);
	fail_allocs = 2; /* the set, not its array: nothing published */
	CHECK_EQ(iocap_update(&caps, 0x70, 0x71, true), -ENOMEM);
	fail_allocs = 0;
	CHECK(caps == NULL);
	CHECK_EQ(iocap_update(&caps, 0x70, 0x77, true), 0);
	CHECK(caps && iocap_contains(&caps, 0x70, 0x77));
	CHECK_EQ(iocap_update(&caps, 0x72, 0x77, false), 0);
	CHECK(iocap_contains(&caps, 0x70, 0x71));
	CHECK(!iocap_contains(&caps, 0x70, 0x72));
	CHECK_EQ(iocap_update(&caps, 0x70, 0x71, false), 0);
	CHECK(!iocap_contains(&caps, 0x70, 0x70));
	rangeset_destroy(caps);
}

int main(void)
{
	test_random_against_model();
	test_edges();
	test_cap_and_oom();
	test_iocap();
	return unit_finish("rangeset");
}
