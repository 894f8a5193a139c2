/*
 * The small-object heap: xmalloc()/xfree() for the hypervisor's own data
 * structures, built on xenheap pages.
 *
 * Interface: usable once the buddy heap has memory (after
 * boot_alloc_handover()).  xmalloc_bytes() returns memory aligned to at
 * least 16 bytes (to a page for a page or more); xzalloc_unshared_bytes()
 * zeroed memory on pages no other object shares (per-domain structures);
 * xfree() takes exactly the pointers either returned, or NULL.
 *
 * Design: requests up to XM_MAX_SIZE bytes are rounded up to a power of two
 * (a "class") and carved out of whole pages holding objects of one class;
 * larger requests get whole pages.  All bookkeeping lives in the backing
 * page's struct page_info, which a xenheap page does not otherwise use, so
 * no object pays for a header and xfree() finds everything from the
 * pointer alone:
 *   type_info  = XM_TAG | class | payload (see xm_info())
 *   count_info = PGC_xen_heap | objects in use (class pages only)
 *   list       = link on partial[class] while the page has a free object
 * The payload is the offset of the first free object in a class page, or
 * the number of pages of a whole-page allocation.  Free objects form a
 * list threaded through themselves (struct xm_free).
 *
 * Invariants (under xm_lock): a class page is on partial[class] exactly
 * when it has a free object; a class page with no object in use is given
 * back to the page allocator at once, so freeing everything returns every
 * page.  Whole-page allocations touch no shared state and take no lock.
 * Lock order: xm_lock, then the page allocator's lock.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/page.h>

#define XM_MIN_SHIFT  4  /* 16-byte objects: the minimum alignment */
#define XM_MAX_SHIFT  11 /* 2048 bytes; above this use whole pages */
#define XM_MAX_SIZE   (1UL << XM_MAX_SHIFT)
#define XM_NR_CLASSES (XM_MAX_SHIFT - XM_MIN_SHIFT + 1)
#define XM_LARGE      0xffUL /* class field of a whole-page allocation */
#define XM_NO_OBJ     0xffffU /* end of a page's free-object list */

/* type_info layout: tag in 63:48, class in 47:40, payload in 39:0. */
#define XM_TAG        (0x784dUL << 48) /* "xM": this page is ours */
#define XM_TAG_MASK   (0xffffUL << 48)
#define XM_CLASS_SHIFT 40
#define XM_PAYLOAD_MASK ((1UL << XM_CLASS_SHIFT) - 1)

/* Marks a free object, so a double free is caught cheaply. */
#define XM_FREE_MAGIC 0x65657266U /* "free" */

struct xm_free {
	u32 next;  /* offset of the next free object, or XM_NO_OBJ */
	u32 magic; /* XM_FREE_MAGIC while free */
};

static DEFINE_SPINLOCK(xm_lock);
static struct page_info *partial[XM_NR_CLASSES]; /* pages with free objects */

static unsigned long xm_info(unsigned long cls, unsigned long payload)
{
	return XM_TAG | (cls << XM_CLASS_SHIFT) | payload;
}

static unsigned int xm_class(unsigned long info)
{
	return (info >> XM_CLASS_SHIFT) & 0xff;
}

static unsigned long xm_payload(unsigned long info)
{
	return info & XM_PAYLOAD_MASK;
}

static void xm_set_payload(struct page_info *pg, unsigned long payload)
{
	pg->type_info = xm_info(xm_class(pg->type_info), payload);
}

static void partial_add(struct page_info *pg, unsigned int cls)
{
	ASSERT(spin_is_locked(&xm_lock));
	pg->list.prev = NULL;
	pg->list.next = partial[cls];
	if (partial[cls])
		partial[cls]->list.prev = pg;
	partial[cls] = pg;
}

static void partial_del(struct page_info *pg, unsigned int cls)
{
	ASSERT(spin_is_locked(&xm_lock));
	if (pg->list.prev)
		pg->list.prev->list.next = pg->list.next;
	else
		partial[cls] = pg->list.next;
	if (pg->list.next)
		pg->list.next->list.prev = pg->list.prev;
	pg->list.next = pg->list.prev = NULL;
}

/* A fresh page cut into objects of class cls.  Called with xm_lock. */
static struct page_info *xm_new_page(unsigned int cls)
{
	unsigned long size = 1UL << (cls + XM_MIN_SHIFT), off;
	u8 *base = alloc_xenheap_pages(0, 0);
	struct page_info *pg;

	if (!base)
		return NULL;
	for (off = 0; off < PAGE_SIZE; off += size) {
		struct xm_free *f = (struct xm_free *)(base + off);

		f->next = off + size < PAGE_SIZE ? off + size : XM_NO_OBJ;
		f->magic = XM_FREE_MAGIC;
	}
	pg = mfn_to_page(virt_to_mfn(base));
	pg->type_info = xm_info(cls, 0);
	partial_add(pg, cls);
	return pg;
}

/* Take the first free object of pg.  Called with xm_lock. */
static void *xm_take(struct page_info *pg, unsigned int cls)
{
	u8 *base = mfn_to_virt(page_to_mfn(pg));
	unsigned long off = xm_payload(pg->type_info);
	struct xm_free *f = (struct xm_free *)(base + off);

	BUG_ON(off >= PAGE_SIZE || f->magic != XM_FREE_MAGIC);
	f->magic = 0;
	xm_set_payload(pg, f->next);
	pg->count_info++;
	if (f->next == XM_NO_OBJ)
		partial_del(pg, cls);
	return f;
}

static void *xm_alloc_small(unsigned int cls)
{
	struct page_info *pg;
	unsigned long flags;
	void *p = NULL;

	spin_lock_irqsave(&xm_lock, flags);
	pg = partial[cls];
	if (!pg)
		pg = xm_new_page(cls);
	if (pg)
		p = xm_take(pg, cls);
	spin_unlock_irqrestore(&xm_lock, flags);
	return p;
}

/* Give back frames [mfn, mfn + nr) of an allocation in aligned blocks. */
static void xm_free_frames(unsigned long mfn, unsigned long nr)
{
	while (nr) {
		unsigned int order = fls64(nr) - 1;

		if (mfn)
			order = MIN(order, (unsigned int)ffs64(mfn) - 1);
		free_xenheap_pages(mfn_to_virt(_mfn(mfn)), order);
		mfn += 1UL << order;
		nr -= 1UL << order;
	}
}

/* Whole pages: round up to a block, give the unused tail straight back. */
static void *xm_alloc_large(size_t size)
{
	unsigned long nr, mfn;
	unsigned int order;
	void *p;

	if (size > (PAGE_SIZE << MAX_ORDER))
		return NULL;
	nr = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	order = fls64(nr - 1);
	p = alloc_xenheap_pages(order, 0);
	if (!p)
		return NULL;
	mfn = mfn_x(virt_to_mfn(p));
	xm_free_frames(mfn + nr, (1UL << order) - nr);
	mfn_to_page(_mfn(mfn))->type_info = xm_info(XM_LARGE, nr);
	return p;
}

void *xmalloc_bytes(size_t size)
{
	unsigned int cls = 0;

	if (size > XM_MAX_SIZE)
		return xm_alloc_large(size);
	if (size > (1UL << XM_MIN_SHIFT))
		cls = fls64(size - 1) - XM_MIN_SHIFT;
	return xm_alloc_small(cls);
}

/*
 * Whole pages even for a small object.  A domain's structures come from
 * here so that destroying it gives back exactly the pages it caused to be
 * allocated: a class page shared with a longer-lived object would stay.
 */
void *xzalloc_unshared_bytes(size_t size)
{
	void *p = xm_alloc_large(size ? size : 1);

	if (p)
		memset(p, 0, size);
	return p;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *xmalloc_array_bytes(size_t elem, size_t n, bool zero)
{
	size_t bytes;

	if (__builtin_mul_overflow(elem, n, &bytes))
		return NULL;
	return zero ? xzalloc_bytes(bytes) : xmalloc_bytes(bytes);
}

/* True if the object at off is on pg's free list.  Called with xm_lock. */
static bool xm_on_free_list(struct page_info *pg, unsigned long off)
{
	u8 *base = mfn_to_virt(page_to_mfn(pg));
	unsigned long cur = xm_payload(pg->type_info);

	for (; cur != XM_NO_OBJ; cur = ((struct xm_free *)(base + cur))->next)
		if (cur == off)
			return true;
	return false;
}

/* Return one object to its page.  Called with xm_lock. */
static void xm_free_small(struct page_info *pg, unsigned long off)
{
	unsigned int cls = xm_class(pg->type_info);
	u8 *base = mfn_to_virt(page_to_mfn(pg));
	struct xm_free *f = (struct xm_free *)(base + off);
	unsigned long head = xm_payload(pg->type_info);

	BUG_ON(cls >= XM_NR_CLASSES);
	BUG_ON(off & ((1UL << (cls + XM_MIN_SHIFT)) - 1)); /* not an object */
	BUG_ON(f->magic == XM_FREE_MAGIC && xm_on_free_list(pg, off));
	BUG_ON(!(pg->count_info & PGC_count_mask));
	f->next = head;
	f->magic = XM_FREE_MAGIC;
	xm_set_payload(pg, off);
	pg->count_info--;
	if (head == XM_NO_OBJ)
		partial_add(pg, cls);
	if (pg->count_info & PGC_count_mask)
		return;
	partial_del(pg, cls);
	pg->type_info = 0;
	free_xenheap_pages(base, 0);
}

void xfree(void *p)
{
	struct page_info *pg;
	unsigned long flags, mfn, info, off;

	if (!p)
		return;
	mfn = mfn_x(virt_to_mfn(p));
	off = virt_to_maddr(p) & ~PAGE_MASK;
	BUG_ON(mfn >= max_page);
	pg = mfn_to_page(_mfn(mfn));
	spin_lock_irqsave(&xm_lock, flags);
	info = pg->type_info;
	BUG_ON((info & XM_TAG_MASK) != XM_TAG);
	BUG_ON(!(pg->count_info & PGC_xen_heap));
	if (xm_class(info) != XM_LARGE) {
		xm_free_small(pg, off);
		spin_unlock_irqrestore(&xm_lock, flags);
		return;
	}
	BUG_ON(off); /* inside a whole-page allocation */
	pg->type_info = 0;
	spin_unlock_irqrestore(&xm_lock, flags);
	/* Whole pages are not shared, so they need no lock to free. */
	xm_free_frames(mfn, xm_payload(info));
}
