/*
 * The boot allocator: hands out physical frames before the frame table and
 * the buddy heap exist, from a small table of free frame ranges.
 *
 * Interface: boot_alloc_init() with the sanitised memory map, then
 * boot_alloc_reserve() for everything already in use (the hypervisor image,
 * boot modules, firmware tables), then any number of boot_alloc_pages().
 * boot_alloc_handover() moves what is left into the buddy heap with
 * init_heap_pages(); the boot allocator is dead after that and any further
 * call is a BUG.
 *
 * Invariants: ranges[] holds nr_ranges disjoint, non-empty frame ranges,
 * none containing frame 0 (never handed to anyone: a zero physical address
 * looks like a NULL pointer in too many places).  Allocations come from the
 * highest suitable address and avoid the first 1 MiB unless the caller's
 * limit leaves no choice, so the scarce low memory stays available for
 * real-mode trampolines and legacy DMA.  Boot CPU only: no locking.
 */
#include <xen/lib.h>
#include <xen/mm.h>

/* Reservations split ranges; leave headroom above the map's own count. */
#define BOOT_RANGES_MAX (MEMMAP_MAX + 32)
#define LOW_MEM_LIMIT   (1UL << 20) /* 1 MiB: real-mode addressable memory */

struct boot_range {
	unsigned long s; /* first free frame */
	unsigned long e; /* frame after the last free one */
};

static struct boot_range ranges[BOOT_RANGES_MAX];
static unsigned int nr_ranges;
static bool handed_over; /* set by boot_alloc_handover() */
static unsigned long lost_frames; /* forgotten because the table was full */

static unsigned long range_size(const struct boot_range *r)
{
	return r->e - r->s;
}

static unsigned long pfn_up(paddr_t a)
{
	return (a >> PAGE_SHIFT) + ((a & ~PAGE_MASK) != 0);
}

/*
 * Remember a free range.  When the table is full the smallest range
 * (possibly the new one) is forgotten: leaking a little memory is safe,
 * corrupting the table is not.
 */
static void add_range(unsigned long s, unsigned long e)
{
	unsigned int i, small = 0;

	if (nr_ranges < BOOT_RANGES_MAX) {
		ranges[nr_ranges].s = s;
		ranges[nr_ranges].e = e;
		nr_ranges++;
		return;
	}
	for (i = 1; i < nr_ranges; i++)
		if (range_size(&ranges[i]) < range_size(&ranges[small]))
			small = i;
	if (e - s > range_size(&ranges[small])) {
		struct boot_range old = ranges[small];

		ranges[small].s = s;
		ranges[small].e = e;
		s = old.s;
		e = old.e;
	}
	lost_frames += e - s;
	printk(XENLOG_WARNING "boot_alloc: table full, dropping %lx-%lx\n", s,
	       e);
}

void boot_alloc_init(const struct memmap *m)
{
	unsigned int i;

	nr_ranges = 0;
	lost_frames = 0;
	handed_over = false;
	for (i = 0; i < m->nr; i++) {
		const struct memmap_entry *ent = &m->e[i];
		unsigned long s = pfn_up(ent->addr);
		unsigned long e = (ent->addr + ent->size) >> PAGE_SHIFT;

		if (ent->type != MEM_RAM)
			continue;
		s = MAX(s, 1UL);
		if (s < e)
			add_range(s, e);
	}
}

/* Remove frames [s, e) from every free range, splitting as needed. */
static void carve(unsigned long s, unsigned long e)
{
	unsigned int i = 0;

	while (i < nr_ranges) {
		struct boot_range *r = &ranges[i];

		if (r->e <= s || r->s >= e) {
			i++;
		} else if (r->s >= s && r->e <= e) {
			*r = ranges[--nr_ranges];
		} else if (r->s >= s) {
			r->s = e;
			i++;
		} else if (r->e <= e) {
			r->e = s;
			i++;
		} else {
			unsigned long old_e = r->e;

			r->e = s;
			add_range(e, old_e);
			i++;
		}
	}
}

void boot_alloc_reserve(paddr_t start, paddr_t end)
{
	BUG_ON(handed_over);
	if (end <= start)
		return;
	carve(start >> PAGE_SHIFT, pfn_up(end));
}

/*
 * Highest frame at which nr frames aligned to align fit in r between the
 * frames lo and hi, or false.
 */
static bool fit_in_range(const struct boot_range *r, unsigned long nr,
			 unsigned long align, unsigned long lo,
			 unsigned long hi, unsigned long *at)
{
	unsigned long s = MAX(r->s, lo), e = MIN(r->e, hi), cand;

	if (e <= s || e - s < nr)
		return false;
	cand = e - nr;
	cand -= cand % align;
	if (cand < s)
		return false;
	*at = cand;
	return true;
}

mfn_t boot_alloc_pages(unsigned long nr, unsigned long align, paddr_t limit)
{
	unsigned long lo = LOW_MEM_LIMIT >> PAGE_SHIFT, hi = ~0UL;
	unsigned long best = INVALID_MFN_RAW, at;
	unsigned int i;

	BUG_ON(handed_over);
	if (!nr)
		return INVALID_MFN;
	if (align <= 1)
		align = 1;
	if (limit) {
		hi = limit >> PAGE_SHIFT;
		if (limit <= LOW_MEM_LIMIT)
			lo = 1;
	}
	for (i = 0; i < nr_ranges; i++)
		if (fit_in_range(&ranges[i], nr, align, lo, hi, &at) &&
		    (best == INVALID_MFN_RAW || at > best))
			best = at;
	if (best == INVALID_MFN_RAW)
		return INVALID_MFN;
	carve(best, best + nr);
	return _mfn(best);
}

void boot_alloc_handover(void)
{
	unsigned int i;

	BUG_ON(handed_over);
	handed_over = true;
	for (i = 0; i < nr_ranges; i++)
		init_heap_pages(_mfn(ranges[i].s), ranges[i].e - ranges[i].s);
	nr_ranges = 0;
	if (lost_frames)
		printk(XENLOG_WARNING "boot_alloc: %lu frames lost\n",
		       lost_frames);
}
