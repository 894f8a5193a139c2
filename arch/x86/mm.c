/*
 * The hypervisor's own page tables.
 *
 * Interface: paging_init() once on the BSP between the boot allocator and
 * the buddy heap; map_pages_to_xen()/ioremap() afterwards.
 * Invariants: idle_pg_table maps only hypervisor slots (256-271) plus the
 * low identity map at slot 0 used while CPUs start; intermediate tables
 * are never freed; mappings are changed only during boot or under
 * map_lock.  Page-table pages always come from below 4 GiB during boot
 * so the boot direct map can reach them before CR3 switches.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/processor.h>

pte_t *idle_pg_table;
static bool heap_ready;
static DEFINE_SPINLOCK(map_lock);
extern pte_t boot_l3[];              /* head.S: maps the first 4 GiB */
extern char __image_start[], __image_end[];

#define FOUR_GB (4ULL << 30)
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

bool cpu_has_nx(void)
{
	return rdmsr(MSR_EFER) & EFER_NXE;
}

static pte_t *alloc_table(void)
{
	pte_t *t;

	if (heap_ready) {
		t = alloc_xenheap_pages(0, 0);
	} else {
		mfn_t m = boot_alloc_pages(1, 1, FOUR_GB);
		t = mfn_eq(m, INVALID_MFN) ? NULL : mfn_to_virt(m);
	}
	if (t)
		memset(t, 0, PAGE_SIZE);
	return t;
}

/* Next-level table under *e, allocating it if absent. */
static pte_t *next_table(pte_t *e)
{
	if (!(*e & _PAGE_PRESENT)) {
		pte_t *t = alloc_table();
		if (!t)
			return NULL;
		*e = virt_to_maddr(t) | TABLE_FLAGS;
	}
	BUG_ON(*e & _PAGE_PSE);   /* never split superpages we made */
	return maddr_to_virt(*e & PADDR_MASK);
}

/*
 * Map one 4 KiB page (big=false) or one 2 MiB page (big=true).  Tables
 * created on the way get _PAGE_USER only for user mappings (the M2P).
 */
static int map_one(unsigned long va, paddr_t pa, u64 flags, bool big)
{
	pte_t *l3, *l2, *l1;

	if (!(l3 = next_table(&idle_pg_table[l4_index(va)])) ||
	    !(l2 = next_table(&l3[l3_index(va)])))
		return -ENOMEM;
	if (flags & _PAGE_USER) {
		idle_pg_table[l4_index(va)] |= _PAGE_USER;
		l3[l3_index(va)] |= _PAGE_USER;
	}
	if (big) {
		l2[l2_index(va)] = pa | flags | _PAGE_PSE;
		return 0;
	}
	if (!(l1 = next_table(&l2[l2_index(va)])))
		return -ENOMEM;
	if (flags & _PAGE_USER)
		l2[l2_index(va)] |= _PAGE_USER;
	l1[l1_index(va)] = pa | flags;
	return 0;
}

int map_pages_to_xen(unsigned long va, mfn_t mfn, unsigned long nr, u64 flags)
{
	paddr_t pa = mfn_to_maddr(mfn);
	unsigned long end = va + nr * PAGE_SIZE;
	unsigned long irq;
	int rc = 0;

	spin_lock_irqsave(&map_lock, irq);
	while (va < end && !rc) {
		bool big = IS_ALIGNED(va | pa, L2_PAGE_SIZE) &&
			   end - va >= L2_PAGE_SIZE;
		rc = map_one(va, pa, flags, big);
		if (!big)
			invlpg(va);
		va += big ? L2_PAGE_SIZE : PAGE_SIZE;
		pa += big ? L2_PAGE_SIZE : PAGE_SIZE;
	}
	spin_unlock_irqrestore(&map_lock, irq);
	if (heap_ready)
		flush_tlb_local();
	return rc;
}

/* As map_pages_to_xen(), for the guest-readable M2P (U=1, never RW). */
int map_pages_to_xen_user(unsigned long va, mfn_t mfn, unsigned long nr,
			  u64 flags)
{
	BUG_ON((flags & _PAGE_RW) || !(flags & _PAGE_USER));
	return map_pages_to_xen(va, mfn, nr, flags);
}

static bool range_has_ram(const struct memmap *m, paddr_t s, paddr_t e)
{
	for (unsigned int i = 0; i < m->nr; i++)
		if (m->e[i].type == MEM_RAM && m->e[i].addr < e &&
		    m->e[i].addr + m->e[i].size > s)
			return true;
	return false;
}

/* Direct map in 2 MiB pages: RAM write-back, holes uncached, no exec. */
static void map_direct(const struct memmap *m, paddr_t end)
{
	u64 nx = cpu_has_nx() ? _PAGE_NX : 0;

	for (paddr_t pa = 0; pa < end; pa += L2_PAGE_SIZE) {
		u64 f = range_has_ram(m, pa, pa + L2_PAGE_SIZE) ?
			PAGE_HYPERVISOR : PAGE_HYPERVISOR_UC;
		if (map_one(DIRECTMAP_VIRT_START + pa, pa, f | nx, true))
			panic("Out of memory building the direct map\n");
	}
}

static struct page_info *map_frame_table(unsigned long nr_frames)
{
	unsigned long bytes = ROUNDUP(nr_frames * sizeof(struct page_info),
				      L2_PAGE_SIZE);
	unsigned long pages = bytes >> PAGE_SHIFT;
	mfn_t m = boot_alloc_pages(pages, L2_PAGE_SIZE >> PAGE_SHIFT, 0);
	u64 nx = cpu_has_nx() ? _PAGE_NX : 0;

	if (mfn_eq(m, INVALID_MFN))
		panic("Not enough memory for the frame table (%lu KiB)\n",
		      bytes >> 10);
	for (unsigned long off = 0; off < bytes; off += L2_PAGE_SIZE)
		if (map_one(FRAMETABLE_VIRT_START + off,
			    mfn_to_maddr(m) + off, PAGE_HYPERVISOR | nx, true))
			panic("Out of memory mapping the frame table\n");
	return (struct page_info *)FRAMETABLE_VIRT_START;
}

void paging_init(const struct memmap *m, struct page_info **ft,
		 unsigned long *nr_frames)
{
	paddr_t ram_end = memmap_end_of_ram(m);
	paddr_t image_end = ROUNDUP(virt_to_maddr(__image_end), L2_PAGE_SIZE);

	idle_pg_table = alloc_table();
	if (!idle_pg_table)
		panic("Not enough memory for page tables\n");
	/* Identity map of the first 4 GiB, shared with the boot tables. */
	idle_pg_table[0] = virt_to_maddr(boot_l3) | TABLE_FLAGS;
	map_direct(m, MAX(ram_end, FOUR_GB));
	for (paddr_t pa = 0; pa < image_end; pa += L2_PAGE_SIZE)
		if (map_one(XEN_VIRT_START + pa, pa, PAGE_HYPERVISOR, true))
			panic("Out of memory mapping the image\n");
	*nr_frames = ram_end >> PAGE_SHIFT;
	*ft = map_frame_table(*nr_frames);
	write_cr3(virt_to_maddr(idle_pg_table));
}

void paging_heap_ready(void)
{
	heap_ready = true;
}

/* Is the 2 MiB-aligned chunk holding va mapped by a superpage? */
static bool superpage_mapped(unsigned long va)
{
	pte_t e = idle_pg_table[l4_index(va)];

	if (!(e & _PAGE_PRESENT))
		return false;
	e = ((pte_t *)maddr_to_virt(e & PADDR_MASK))[l3_index(va)];
	if (!(e & _PAGE_PRESENT))
		return false;
	e = ((pte_t *)maddr_to_virt(e & PADDR_MASK))[l2_index(va)];
	return (e & _PAGE_PRESENT) && (e & _PAGE_PSE);
}

void *ioremap(paddr_t pa, size_t len)
{
	paddr_t start = ROUNDDOWN(pa, PAGE_SIZE);
	paddr_t end = ROUNDUP(pa + len, PAGE_SIZE);
	u64 nx = cpu_has_nx() ? _PAGE_NX : 0;
	bool covered = true;

	for (paddr_t c = ROUNDDOWN(start, L2_PAGE_SIZE); c < end; c += L2_PAGE_SIZE)
		covered &= superpage_mapped(DIRECTMAP_VIRT_START + c);
	if (covered)
		return maddr_to_virt(pa);
	if (map_pages_to_xen(DIRECTMAP_VIRT_START + start, maddr_to_mfn(start),
			     (end - start) >> PAGE_SHIFT, PAGE_HYPERVISOR_UC | nx))
		return NULL;
	return maddr_to_virt(pa);
}
