/*
 * Grant mappings in PV page tables: the arch hooks of common/grant_table.c
 * (declared in include/xen/grant_table.h).  A grant PTE maps a frame of
 * another domain (the granter) in the mapper's L1 table; the guest names
 * the L1 entry by a virtual address (found in its kernel tables) or, with
 * GNTMAP_contains_pte, by the entry's machine address (user mappings:
 * Linux's gntdev, blkback).
 *
 * Interface: called by the grant code with gnttab_lock held; each hook
 * takes the MMU lock itself.
 * Invariants: a grant PTE holds what any present L1 entry holds (a general
 * reference on its frame and a PGT_writable type reference if RW), taken
 * here against the granter instead of the table's owner, so put_l1e() in
 * mm.c releases it correctly whoever removes the entry: the unmap here, a
 * plain mmu_update of the guest, or the teardown of the mapper's tables.
 * Grant table frames are frames of their domain beyond its reservation,
 * holding one extra reference for the table (so no reservation op can
 * take them away) until gnttab_domain_release().
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <asm/flushtlb.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/grant_table.h>

#define PTE_AVAIL_SHIFT 9 /* bits 9-11: GNTMAP_guest_avail0.. */
#define PTE_AVAIL_MASK	0xe00UL

int arch_gnttab_get_frame(struct domain *owner, u64 mfn, bool writable)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return GNTST_bad_page;
	pg = mfn_to_page(_mfn(mfn));
	if (get_page(pg, owner))
		return GNTST_bad_page;
	if (writable && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return GNTST_general_error; /* a table or descriptor frame */
	}
	return GNTST_okay;
}

void arch_gnttab_put_frame(u64 mfn, bool writable)
{
	struct page_info *pg = mfn_to_page(_mfn(mfn));

	if (writable)
		put_page_type(pg);
	put_page(pg);
}

static pte_t grant_pte(u64 mfn, unsigned int flags)
{
	pte_t e = (mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED |
		  _PAGE_DIRTY | _PAGE_USER;

	if (!(flags & GNTMAP_readonly))
		e |= _PAGE_RW;
	if (cpu_has_nx())
		e |= _PAGE_NX;
	e |= ((pte_t)(flags >> _GNTMAP_guest_avail0) << PTE_AVAIL_SHIFT) &
	     PTE_AVAIL_MASK;
	return e;
}

/*
 * The L1 entry addr names in current's tables (MMU lock held), or NULL;
 * *ma gets its machine address.
 */
static pte_t *find_l1e(u64 addr, unsigned int flags, u64 *ma)
{
	struct domain *d = current->domain;
	struct page_info *pt;
	unsigned int idx;

	if (flags & GNTMAP_contains_pte) {
		if (addr & (sizeof(pte_t) - 1))
			return NULL;
		pt = pv_owned_page(d, addr >> PAGE_SHIFT);
		idx = (addr & (PAGE_SIZE - 1)) / sizeof(pte_t);
	} else {
		pt = pv_kernel_l1_table(current, addr);
		idx = l1_index(addr);
	}
	if (!pt || pt->u.owner != d || pv_pt_level(pt) != 1)
		return NULL;
	*ma = (mfn_x(page_to_mfn(pt)) << PAGE_SHIFT) + idx * sizeof(pte_t);
	return (pte_t *)mfn_to_virt(page_to_mfn(pt)) + idx;
}

int arch_gnttab_create_host(struct domain *owner, u64 addr, unsigned int flags,
			    u64 mfn, u64 *pte_ma)
{
	bool rw = !(flags & GNTMAP_readonly);
	pte_t *p, old;
	int st;

	pv_mm_lock();
	p = find_l1e(addr, flags, pte_ma);
	st = p ? arch_gnttab_get_frame(owner, mfn, rw) : GNTST_general_error;
	if (!st) {
		old = __atomic_exchange_n(p, grant_pte(mfn, flags),
					  __ATOMIC_SEQ_CST);
		pv_put_l1e(old);
		if (!(flags & GNTMAP_contains_pte))
			invlpg(addr);
	}
	pv_mm_unlock();
	if (!p)
		printk(XENLOG_G_INFO "d%u: no L1 entry for grant map at %#lx\n",
		       current->domain->domain_id, (unsigned long)addr);
	return st;
}

/* Take the entry mapping va out of current's tables (MMU lock held). */
static bool steal_l1e(u64 va, pte_t *e)
{
	u64 ma;
	pte_t *p = find_l1e(va, 0, &ma);

	if (!p)
		return false;
	*e = __atomic_exchange_n(p, 0, __ATOMIC_SEQ_CST);
	return true;
}

static bool maps_grant(pte_t e, u64 mfn, unsigned int flags)
{
	pte_t want = _PAGE_PRESENT | (flags & GNTMAP_readonly ? 0 : _PAGE_RW);

	return ((e & PADDR_MASK) >> PAGE_SHIFT) == mfn &&
	       (e & (_PAGE_PRESENT | _PAGE_RW)) == want;
}

int arch_gnttab_replace_host(u64 addr, u64 new_addr, unsigned int flags,
			     u64 mfn)
{
	pte_t nv = 0, old, *p;
	u64 ma;
	int st = GNTST_general_error;

	pv_mm_lock();
	if (new_addr && (flags & GNTMAP_contains_pte))
		goto out; /* no replacement in this form (as Xen) */
	if (new_addr && !steal_l1e(new_addr, &nv))
		goto out;
	p = find_l1e(addr, flags, &ma);
	old = p ? READ_ONCE(*p) : 0;
	if (p && maps_grant(old, mfn, flags) &&
	    __atomic_compare_exchange_n(p, &old, nv, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST)) {
		pv_put_l1e(old); /* the grant's references */
		nv = 0;
		st = GNTST_okay;
	}
out:
	pv_put_l1e(nv); /* an entry stolen for nothing: we own its refs */
	pv_mm_unlock();
	return st;
}

void arch_gnttab_flush(void)
{
	pv_flush_before_free(NULL, tlb_clock_now());
}

void arch_gnttab_release_host(struct domain *d, u64 pte_ma, u64 mfn)
{
	struct page_info *pt = pv_owned_page(d, pte_ma >> PAGE_SHIFT);
	pte_t *p, e;

	pv_mm_lock();
	if (pt && pv_pt_level(pt) == 1) {
		p = (pte_t *)mfn_to_virt(page_to_mfn(pt)) +
		    (pte_ma & (PAGE_SIZE - 1)) / sizeof(pte_t);
		e = READ_ONCE(*p);
		if ((e & _PAGE_PRESENT) &&
		    ((e & PADDR_MASK) >> PAGE_SHIFT) == mfn &&
		    __atomic_compare_exchange_n(p, &e, 0, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			pv_put_l1e(e);
	}
	pv_mm_unlock();
	pv_flush_before_free(NULL, tlb_clock_now());
}

struct page_info *arch_gnttab_alloc_frame(struct domain *d)
{
	struct page_info *pg = alloc_heap_pages(0, 0);
	unsigned long flags;

	if (!pg)
		return NULL;
	memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
	set_gpfn_from_mfn(mfn_x(page_to_mfn(pg)), INVALID_M2P_ENTRY);
	spin_lock_irqsave(&d->lock, flags);
	pg->u.owner = d;
	pg->count_info = PGC_allocated | 2; /* allocation + the table */
	pg->type_info = 0;
	page_list_add_tail(pg, &d->page_list);
	d->tot_pages++;
	spin_unlock_irqrestore(&d->lock, flags);
	return pg;
}

void arch_gnttab_free_frame(struct page_info *pg)
{
	put_page(pg);
}

u64 arch_gnttab_frame_mfn(struct page_info *pg)
{
	return mfn_x(page_to_mfn(pg));
}

void *arch_gnttab_frame_va(u64 mfn)
{
	return mfn_to_virt(_mfn(mfn));
}
