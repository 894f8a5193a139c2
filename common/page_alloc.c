/*
 * The frame table and the buddy allocator that owns every free frame after
 * boot.
 *
 * Interface: page_alloc_init() adopts a frame table (one struct page_info
 * per MFN below max_page); init_heap_pages() then donates free frames, in
 * any number of arbitrarily aligned ranges.  alloc_heap_pages() and
 * free_heap_pages() work on naturally aligned power-of-two blocks;
 * alloc_xenheap_pages()/free_xenheap_pages() are the same for memory the
 * hypervisor uses itself, addressed through the direct map.
 *
 * Invariants (all under heap_lock):
 *  - A free block of order k starts at an MFN that is a multiple of 2^k,
 *    lies below max_page, and sits on exactly one list heap[zone][k].
 *  - Every frame of a free block has count_info == PGC_free; the head
 *    frame's u.order is k.  Allocated frames have PGC_free clear.
 *  - zone = fls(first MFN of the block).  A block never spans two zones
 *    (buddies in different zones are not merged, which only ever affects
 *    MFN 0), so every frame of a zone-z block lies below 2^z frames and a
 *    MEMF_bits() request need only look at the low zones.
 *  - free_pages == sum of the free blocks' sizes; zone_free[z] likewise per
 *    zone.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/page.h>

#define NR_ZONES (sizeof(unsigned long) * 8 + 1) /* fls() of any MFN */

struct page_info *frame_table;
unsigned long max_page;

static DEFINE_SPINLOCK(heap_lock);
/* Heads of the doubly-linked free lists, NULL when empty. */
static struct page_info *heap[NR_ZONES][MAX_ORDER + 1];
static unsigned long zone_free[NR_ZONES]; /* free frames per zone */
static unsigned long free_pages;          /* free frames in the heap */
static unsigned long total_pages;         /* frames ever donated */

static unsigned int zone_of(unsigned long mfn)
{
	return fls64(mfn);
}

static void free_list_add(struct page_info *pg, unsigned int order)
{
	unsigned int zone = zone_of(mfn_x(page_to_mfn(pg)));
	struct page_info **head = &heap[zone][order];

	ASSERT(spin_is_locked(&heap_lock));
	pg->list.prev = NULL;
	pg->list.next = *head;
	if (*head)
		(*head)->list.prev = pg;
	*head = pg;
	pg->u.order = order;
	zone_free[zone] += 1UL << order;
}

static void free_list_del(struct page_info *pg, unsigned int order)
{
	unsigned int zone = zone_of(mfn_x(page_to_mfn(pg)));

	ASSERT(spin_is_locked(&heap_lock));
	if (pg->list.prev)
		pg->list.prev->list.next = pg->list.next;
	else
		heap[zone][order] = pg->list.next;
	if (pg->list.next)
		pg->list.next->list.prev = pg->list.prev;
	pg->list.next = pg->list.prev = NULL;
	zone_free[zone] -= 1UL << order;
}

void page_alloc_init(struct page_info *ft, unsigned long nr_frames)
{
	unsigned int z, o;

	memset(ft, 0, nr_frames * sizeof(*ft));
	spin_lock_init(&heap_lock);
	frame_table = ft;
	max_page = nr_frames;
	for (z = 0; z < NR_ZONES; z++) {
		zone_free[z] = 0;
		for (o = 0; o <= MAX_ORDER; o++)
			heap[z][o] = NULL;
	}
	free_pages = total_pages = 0;
}

/*
 * Put a block whose frames are already marked PGC_free on the lists,
 * merging with free buddies as far as possible.  Called with heap_lock.
 */
static void merge_and_add(unsigned long mfn, unsigned int order)
{
	while (order < MAX_ORDER) {
		unsigned long size = 1UL << order;
		unsigned long buddy = mfn ^ size;
		struct page_info *bpg = frame_table + buddy;

		/* MFN 0 is zone 0 on its own; see the invariants above. */
		if (MIN(mfn, buddy) == 0 || buddy + size > max_page)
			break;
		if (!(bpg->count_info & PGC_free) || bpg->u.order != order)
			break;
		free_list_del(bpg, order);
		mfn = MIN(mfn, buddy);
		order++;
	}
	free_list_add(frame_table + mfn, order);
}

/* Check and mark one block free and hand it to the lists. */
static void free_block(struct page_info *pg, unsigned int order)
{
	unsigned long mfn = mfn_x(page_to_mfn(pg)), i;

	BUG_ON(pg < frame_table || order > MAX_ORDER);
	BUG_ON(mfn >= max_page || (1UL << order) > max_page - mfn);
	BUG_ON(mfn & ((1UL << order) - 1));
	for (i = 0; i < (1UL << order); i++) {
		BUG_ON(pg[i].count_info & PGC_free); /* double free */
		pg[i].count_info = PGC_free;
	}
	merge_and_add(mfn, order);
	free_pages += 1UL << order;
}

/* Largest naturally aligned block starting at mfn that fits in nr frames. */
static unsigned int block_order(unsigned long mfn, unsigned long nr)
{
	unsigned int order = fls64(nr) - 1;

	if (mfn)
		order = MIN(order, (unsigned int)ffs64(mfn) - 1);
	else
		order = 0; /* MFN 0 never merges (zone 0) */
	return MIN(order, (unsigned int)MAX_ORDER);
}

void init_heap_pages(mfn_t start, unsigned long nr)
{
	unsigned long mfn = mfn_x(start), flags;

	if (mfn >= max_page)
		return;
	if (nr > max_page - mfn) {
		printk(XENLOG_WARNING "heap: frames %lx-%lx beyond max_page\n",
		       max_page, mfn + nr);
		nr = max_page - mfn;
	}
	while (nr) {
		unsigned int order = block_order(mfn, nr);

		spin_lock_irqsave(&heap_lock, flags);
		free_block(frame_table + mfn, order);
		total_pages += 1UL << order;
		spin_unlock_irqrestore(&heap_lock, flags);
		mfn += 1UL << order;
		nr -= 1UL << order;
	}
}

/* Highest zone a request may use, or -1 if none can satisfy it. */
static int zone_limit(unsigned int memflags)
{
	unsigned int bits = MEMF_get_bits(memflags);
	unsigned int top = fls64(max_page);

	if (!bits)
		return MIN(top, (unsigned int)NR_ZONES - 1);
	if (bits < PAGE_SHIFT)
		return -1;
	return MIN(MIN(bits - PAGE_SHIFT, top), (unsigned int)NR_ZONES - 1);
}

/* Find the best block for order, highest zone first, smallest fit. */
static struct page_info *find_block(unsigned int order, int zone_hi,
				    unsigned int *found)
{
	int z;
	unsigned int j;

	for (z = zone_hi; z >= 0; z--) {
		if (zone_free[z] < (1UL << order))
			continue;
		for (j = order; j <= MAX_ORDER; j++) {
			if (heap[z][j]) {
				*found = j;
				return heap[z][j];
			}
		}
	}
	return NULL;
}

struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags)
{
	struct page_info *pg;
	unsigned long flags, i;
	unsigned int j;
	int zone_hi = zone_limit(memflags);

	if (order > MAX_ORDER || zone_hi < 0)
		return NULL;
	spin_lock_irqsave(&heap_lock, flags);
	pg = find_block(order, zone_hi, &j);
	if (pg) {
		free_list_del(pg, j);
		/* Give back upper halves; they stay in pg's zone. */
		while (j > order) {
			j--;
			free_list_add(pg + (1UL << j), j);
		}
		/* Cleared under the lock so no merge can see a stale head. */
		for (i = 0; i < (1UL << order); i++)
			pg[i].count_info = 0;
		pg->u.owner = NULL;
		free_pages -= 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return pg;
}

/* Precondition: pg heads a block of this order from alloc_heap_pages(). */
void free_heap_pages(struct page_info *pg, unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&heap_lock, flags);
	free_block(pg, order);
	spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long heap_free_pages(void)
{
	return READ_ONCE(free_pages);
}

unsigned long heap_total_pages(void)
{
	return READ_ONCE(total_pages);
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
	struct page_info *pg = alloc_heap_pages(order, memflags);
	unsigned long i;

	if (!pg)
		return NULL;
	for (i = 0; i < (1UL << order); i++)
		pg[i].count_info = PGC_xen_heap;
	return mfn_to_virt(page_to_mfn(pg));
}

/* Precondition: va, order as returned by/passed to alloc_xenheap_pages(). */
void free_xenheap_pages(void *va, unsigned int order)
{
	struct page_info *pg;
	unsigned long i, mfn;

	if (!va)
		return;
	BUG_ON((unsigned long)va & ~PAGE_MASK);
	mfn = mfn_x(virt_to_mfn(va));
	BUG_ON(mfn >= max_page || order > MAX_ORDER);
	BUG_ON((1UL << order) > max_page - mfn);
	pg = frame_table + mfn;
	for (i = 0; i < (1UL << order); i++) {
		BUG_ON(!(pg[i].count_info & PGC_xen_heap));
		pg[i].count_info = 0;
		pg[i].type_info = 0;
	}
	free_heap_pages(pg, order);
}
