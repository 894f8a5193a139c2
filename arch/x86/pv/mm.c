/*
 * PV memory management, part 1: frame references, page types and the
 * validation of guest page tables (the model is described in
 * asm/pv_mm.h).
 *
 * Interface: get_page()/put_page(), get_page_type()/put_page_type() and
 * the pairs of both, for every subsystem that lets a guest use a frame;
 * pv_mod_pt_entry() for the MMU hypercalls (mmu_ops.c) and write
 * emulation (ptwr.c); the builder hooks; pv_domain_destroy() before a
 * domain's memory is relinquished.  Which frames a domain may map at all
 * (RAM, shared pages, I/O frames) is mm_frames.c's answer.
 *
 * Invariants (all under the MMU lock, pv_mm_lock()):
 *  - A frame's type_info keeps its last type when the type count drops
 *    to 0 ("stale" type); a different type can be taken only at count 0.
 *  - A page-table frame holds references for its entries exactly while it
 *    is PGT_validated, i.e. while its type count is non-zero.  L2-L4
 *    entries hold a general + type reference on the next lower table,
 *    or, read-only, on a table of their own level (linear entries, see
 *    linear_pt.c: none on the table itself, chains one step long), so
 *    the graph of type references is acyclic; through a linear entry
 *    the hardware walk reaches tables as another level, read-only.
 *  - A present L1 entry holds a general reference on the frame it maps
 *    (none for non-RAM I/O frames, which only dom0 and domains granted
 *    them by XEN_DOMCTL_iomem_permission may map) and, if RW, a PGT_writable type
 *    reference: a page-table or descriptor frame is never mapped writable.
 *  - No L1 entry maps the LAPIC, an IO-APIC or the MSI window, and none
 *    maps the HPET or an MSI-X table/PBA frame of a function msi.c tracks
 *    writable (pv_io_revoke_writable() when such a range appears).
 *  - L4 slots 256-271 of a validated L4 always hold the hypervisor's
 *    entries and take no references.
 *  - A frame's tlb_stamp is the TLB clock read after it last lost a
 *    mapping or its last page-table reference.  Before it takes another
 *    type or leaves its domain, every CPU that may still translate
 *    through what it lost flushes ("Stale translations" below), so no
 *    stale translation can bypass the types.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/iocap.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/domain.h>
#include <asm/flushtlb.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <asm/pv_desc.h>
#include <public/xen.h>
#include "mm_frames.h"

/* PTE bits no guest may set: PAT/PSE, PCD, PWT, G (upper levels). */
#define UPPER_DISALLOW (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE | _PAGE_GLOBAL)
#define CACHE_ATTRS    (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define HIGH_RSVD      0x7ff0000000000000UL /* bits 52-62 */
#define FIRST_XEN_L4   L4_SLOT(HYPERVISOR_VIRT_START_)
#define END_XEN_L4     L4_SLOT(HYPERVISOR_VIRT_END_)

static spinlock_t mm_lock = SPIN_LOCK_UNLOCKED;
static int mm_lock_cpu = -1; /* holder, for recursion */
static unsigned int mm_lock_depth;

void page_refs_lock(void)
{
	pv_mm_lock();
}

void page_refs_unlock(void)
{
	pv_mm_unlock();
}

void pv_mm_lock(void)
{
	int cpu = (int)smp_processor_id();

	if (READ_ONCE(mm_lock_cpu) == cpu) {
		mm_lock_depth++;
		return;
	}
	spin_lock(&mm_lock);
	mm_lock_cpu = cpu;
	mm_lock_depth = 1;
}

void pv_mm_unlock(void)
{
	ASSERT(mm_lock_cpu == (int)smp_processor_id());
	if (--mm_lock_depth)
		return;
	mm_lock_cpu = -1;
	spin_unlock(&mm_lock);
}

/*
 * ---- Stale translations ----
 *
 * The types guarantee that no guest can write a page-table or descriptor
 * frame, nor reach a frame it does not own, as far as page-table entries
 * go.  But a CPU translates through its TLB and paging-structure caches,
 * which may still hold what an entry said before it changed.  So:
 *
 *  1. Who: only CPUs running a vCPU of d can hold d's translations.
 *     Guest mappings are never global and PCIDs are off, so the CR3 load
 *     that took a CPU off d dropped them all; a CPU switching to d
 *     publishes running_vcpu[] before its CR3 load (context_switch()).
 *  2. Since when: the TLB clock (asm/flushtlb.h) ticks at every CR3 load,
 *     and each CPU records the tick of its last one.  A frame is stamped
 *     with the clock, read after the entry changed, whenever it loses a
 *     mapping (put_l1e()) and when an L1-L4 loses its last page-table
 *     reference (put_page_type()).  A CPU whose last flush is newer than
 *     the stamp cannot translate through anything the frame lost.
 *  3. When: before a frame takes another type -- writable to table or
 *     descriptor (an old writable translation would let the guest write
 *     it unchecked), table to anything else (a cached walk through it
 *     would read what the guest writes there next) -- and before it
 *     leaves its domain (an old translation would reach a frame d no
 *     longer owns).  A frame keeping its type needs nothing: an old
 *     translation then allows only what the current types allow anyway.
 *  4. How: flush_stale() sends the CPUs that 1 and 2 leave an IPI that
 *     returns after their flush, so before the type change or the free
 *     takes effect.  This CPU defers its own flush to its exit to the
 *     guest (tlb_defer_local_flush()): its guest cannot run before that,
 *     and meanwhile every hypervisor access to guest memory first
 *     invalidates the pages it touches (tlb_before_guest_access()).  So a
 *     batch that retypes many frames (Linux pins and unpins a process's
 *     tables in one multicall) costs this CPU one flush, not one each.
 *
 * Guest-requested flushes use the same path with the stamp "now".
 * tests/guests/hostile_stale_tlb checks both halves of 4 on this CPU.
 */

/* ---- TLB flushing ---- */

/* pg just lost a mapping, or its last page-table reference. */
static void stamp_frame(struct page_info *pg)
{
	pg->tlb_stamp = tlb_clock_now();
}

static void flush_local_cb(void *unused)
{
	flush_tlb_local();
}

static void invlpg_cb(void *va)
{
	invlpg(*(unsigned long *)va);
}

/* d == NULL: any guest (a frame another domain may have mapped). */
static bool runs_domain(unsigned int cpu, const struct domain *d)
{
	struct vcpu *v = __atomic_load_n(&running_vcpu[cpu], __ATOMIC_SEQ_CST);

	return v && (!d || v->domain == d);
}

/*
 * The other CPUs that may still translate through something d's tables
 * held when the clock read `stamp`: those running a vCPU of d now (any
 * other CPU loaded another CR3 since it last ran d) that have not flushed
 * since.  The fence orders our page-table changes before the reads of
 * running_vcpu[] (paired with context_switch()).  Returns whether any.
 * d == NULL: CPUs running any guest (for frames mapped across domains).
 */
static bool stale_others(const struct domain *d, u64 stamp, bool *want)
{
	unsigned int me = smp_processor_id();
	bool any = false;

	mb();
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		want[cpu] = cpu != me && runs_domain(cpu, d) &&
			    tlb_cpu_may_be_stale(cpu, stamp);
		any |= want[cpu];
	}
	return any;
}

/*
 * Flush every TLB that may still translate through something d's tables
 * held at `stamp`: the other CPUs at once (the IPI returns after their
 * flush), this CPU before its guest or a guest access runs again.
 * Interrupts enabled (the MMU lock is taken that way).
 */
static void flush_stale(const struct domain *d, u64 stamp)
{
	bool want[NR_CPUS];

	if (runs_domain(smp_processor_id(), d) &&
	    tlb_cpu_may_be_stale(smp_processor_id(), stamp))
		tlb_defer_local_flush();
	if (stale_others(d, stamp, want))
		smp_call_function_many(want, flush_local_cb, NULL, true);
}

/* Guest-requested: the guest's own earlier page-table writes. */
void pv_flush_tlb_all(void)
{
	flush_stale(current->domain, tlb_clock_now());
}

void pv_invlpg_all(unsigned long va)
{
	bool want[NR_CPUS];

	invlpg(va);
	if (stale_others(current->domain, tlb_clock_now(), want))
		smp_call_function_many(want, invlpg_cb, &va, true);
}

void pv_flush_before_free(struct domain *d, u64 stamp)
{
	pv_mm_lock();
	flush_stale(d, stamp);
	pv_mm_unlock();
}

void page_flush_before_free(u64 stamp)
{
	pv_flush_before_free(NULL, stamp);
}

/* ---- general references ---- */

int get_page(struct page_info *pg, struct domain *d)
{
	int rc = -EINVAL;

	pv_mm_lock();
	if (pv_counted_page(d, mfn_x(page_to_mfn(pg))) &&
	    (pg->count_info & PGC_count_mask) != PGC_count_mask) {
		pg->count_info++;
		rc = 0;
	}
	pv_mm_unlock();
	return rc;
}

/*
 * The last reference of a torn-down domain's frame frees it (unlocked);
 * a shared_info page (PGC_xen_heap) holds no domain reference.
 */
void put_page(struct page_info *pg)
{
	bool last;

	pv_mm_lock();
	BUG_ON(!(pg->count_info & PGC_count_mask));
	pg->count_info--;
	last = (pg->count_info & (PGC_relinquished | PGC_count_mask)) ==
	       PGC_relinquished;
	pv_mm_unlock();
	if (!last)
		return;
	pv_flush_before_free(NULL, pg->tlb_stamp); /* the mapper's CPUs */
	if (pg->count_info & PGC_xen_heap) { /* a dead domain's shared_info */
		printk(XENLOG_INFO "shared_info frame %#lx freed at its last "
				   "reference\n",
		       mfn_x(page_to_mfn(pg)));
		free_xenheap_pages(mfn_to_virt(page_to_mfn(pg)), 0);
		return;
	}
	domain_free_relinquished_page(pg->u.owner, pg);
}

/* ---- entries ---- */

static unsigned long pte_mfn(pte_t e)
{
	return (e & PADDR_MASK) >> PAGE_SHIFT;
}

static bool is_xen_l4_slot(unsigned int level, unsigned int idx)
{
	return level == 4 && idx >= FIRST_XEN_L4 && idx < END_XEN_L4;
}

static unsigned long pt_type_of_level(unsigned int level)
{
	return (unsigned long)level << PGT_type_shift;
}

unsigned int pv_pt_level(const struct page_info *pg)
{
	unsigned long t = pg->type_info;
	unsigned long type = t & PGT_type_mask;

	if (type < PGT_l1_page_table || type > PGT_l4_page_table ||
	    !(t & PGT_validated) || !(t & PGT_count_mask))
		return 0;
	return type >> PGT_type_shift;
}

static bool nx_ok(pte_t e)
{
	static int has_nx = -1;

	if (has_nx < 0)
		has_nx = cpu_has_nx();
	return has_nx || !(e & _PAGE_NX);
}

/* What we store for a present entry: user-accessible, never global. */
static pte_t adjust_entry(pte_t e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	e |= _PAGE_USER;
	if (level == 1)
		e &= ~_PAGE_GLOBAL;
	return e;
}

/*
 * References for a present L1 entry of a table owned by d mapping a frame
 * of pg_owner (d, or the foreign domain of mmu_update; for DOMID_IO the
 * caller, as Xen); may clear _PAGE_RW in *e (read-only I/O frames).  As
 * Xen: RAM of anyone else is -EBUSY, an I/O frame outside pg_owner's
 * iomem rights -EPERM.
 */
static int get_l1e(pte_t *ep, struct domain *d, struct domain *pg_owner)
{
	pte_t e = *ep;
	unsigned long mfn = pte_mfn(e);
	struct page_info *pg;

	if ((e & HIGH_RSVD) || !nx_ok(e))
		return -EINVAL;
	if ((e & CACHE_ATTRS) && !pv_may_set_cache_attrs(d))
		return -EINVAL;
	pg = pv_counted_page(pg_owner, mfn);
	if (!pg && pv_is_io_frame(mfn))
		return iomem_access_permitted(pg_owner == &dom_io
						      ? current->domain
						      : pg_owner,
					      mfn, mfn)
			       ? pv_get_io_l1e(ep, mfn)
			       : -EPERM;
	if (!pg)
		return mfn < max_page ? -EBUSY : -EPERM;
	if (get_page(pg, pg_owner))
		return -EINVAL;
	if ((e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EINVAL;
	}
	return 0;
}

static void put_l1e(pte_t e)
{
	unsigned long mfn = pte_mfn(e);
	struct page_info *pg;

	if (mfn >= max_page || pv_is_io_frame(mfn))
		return;
	pg = mfn_to_page(_mfn(mfn));
	/* A mapping of a loaded descriptor frame goes: maybe an LDT page. */
	if ((pg->type_info & PGT_type_mask) == PGT_seg_desc_page &&
	    (pg->type_info & PGT_count_mask))
		pv_ldt_frame_unmapped(mfn);
	stamp_frame(pg);
	if (e & _PAGE_RW)
		put_page_type(pg);
	put_page(pg);
}

void pv_put_l1e(pte_t e)
{
	if (e & _PAGE_PRESENT)
		put_l1e(e);
}

/* References for entry *ep of table pt, level `level`, owned by d, whose
 * L1 entries may map frames of pg_owner (may adjust an L1 entry, see
 * get_l1e(); may be a linear entry, linear_pt.c). */
static int get_entry(pte_t *ep, unsigned int level, struct page_info *pt,
		     struct domain *d, struct domain *pg_owner)
{
	pte_t e = *ep;
	struct page_info *pg;
	int rc;

	if (!(e & _PAGE_PRESENT))
		return 0;
	if (level == 1)
		return get_l1e(ep, d, pg_owner);
	if ((e & (UPPER_DISALLOW | HIGH_RSVD)) || !nx_ok(e) || pg_owner != d)
		return -EINVAL;
	pg = pv_owned_page(d, pte_mfn(e));
	rc = pg ? get_page_and_type(pg, d, pt_type_of_level(level - 1))
		: -EINVAL;
	return rc == -EINVAL ? pv_get_linear_entry(e, level, pt, d) : rc;
}

static void put_entry(pte_t e, unsigned int level, struct page_info *pt)
{
	if (!(e & _PAGE_PRESENT))
		return;
	if (level == 1)
		put_l1e(e);
	else if (pv_is_linear_entry(e, level, pt))
		pv_put_linear_entry(e, pt);
	else
		put_page_and_type(mfn_to_page(_mfn(pte_mfn(e))));
}

/* ---- validation of whole tables ---- */

static pte_t *table_of(const struct page_info *pg)
{
	return mfn_to_virt(page_to_mfn(pg));
}

static void release_entries(struct page_info *pg, unsigned int level,
			    unsigned int n)
{
	pte_t *t = table_of(pg);

	for (unsigned int i = 0; i < n; i++)
		if (!is_xen_l4_slot(level, i))
			put_entry(READ_ONCE(t[i]), level, pg);
}

/* Take the references of every entry; on failure none are held. */
static int validate_table(struct page_info *pg, unsigned int level)
{
	struct domain *d = pg->u.owner;
	pte_t *t = table_of(pg);

	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		pte_t e;
		int rc;

		if (is_xen_l4_slot(level, i))
			continue;
		e = READ_ONCE(t[i]);
		rc = get_entry(&e, level, pg, d, d);
		if (rc) {
			release_entries(pg, level, i);
			return rc;
		}
		if (e & _PAGE_PRESENT)
			t[i] = adjust_entry(e, level);
	}
	if (level == 4)
		pv_init_guest_l4(t);
	return 0;
}

/* ---- type references ---- */

static bool is_pt_type(unsigned long type)
{
	return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

/* First type reference: maybe a new type, maybe a (re)validation. */
static int take_first_type_ref(struct page_info *pg, unsigned long type)
{
	unsigned long old = pg->type_info;
	int rc;

	if (type != PGT_writable_page && !(pg->count_info & PGC_allocated))
		return -EINVAL; /* shared hypervisor pages: data only */
	if ((old & PGT_type_mask) != type)
		flush_stale(pg->u.owner, pg->tlb_stamp);
	/* Count 1, not validated: a self-reference met during validation fails.
	 */
	pg->type_info = type | 1;
	if (is_pt_type(type) || type == PGT_seg_desc_page) {
		rc = type == PGT_seg_desc_page ? pv_validate_descriptor_page(pg)
					       : validate_table(pg, type >> PGT_type_shift);
		if (rc) {
			pg->type_info = old;
			return rc;
		}
	}
	pg->type_info = type | PGT_validated | 1;
	return 0;
}

int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long t;
	int rc = 0;

	pv_mm_lock();
	t = pg->type_info;
	if (!(t & PGT_count_mask))
		rc = take_first_type_ref(pg, type);
	else if ((t & PGT_type_mask) != type || !(t & PGT_validated) ||
		 (t & PGT_count_mask) == PGT_count_mask)
		rc = -EINVAL;
	else
		pg->type_info = t + 1;
	pv_mm_unlock();
	return rc;
}

void put_page_type(struct page_info *pg)
{
	unsigned long t, type;

	pv_mm_lock();
	t = pg->type_info;
	type = t & PGT_type_mask;
	BUG_ON(!(t & PGT_count_mask));
	if ((t & PGT_count_mask) > 1) {
		pg->type_info = t - 1;
	} else {
		BUG_ON(t & PGT_pinned); /* the pin holds a reference */
		/* Keep count 1 while the entries go, then drop to 0. */
		if (is_pt_type(type) && (t & PGT_validated)) {
			pg->type_info = type | 1;
			release_entries(pg, type >> PGT_type_shift,
					PT_ENTRIES);
			stamp_frame(pg);
		}
		pg->type_info = type;
	}
	pv_mm_unlock();
}

int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type)
{
	int rc;

	pv_mm_lock();
	rc = get_page(pg, d);
	if (!rc) {
		rc = get_page_type(pg, type);
		if (rc)
			put_page(pg);
	}
	pv_mm_unlock();
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	pv_mm_lock();
	put_page_type(pg);
	put_page(pg);
	pv_mm_unlock();
}

/* ---- single-entry updates ---- */

/*
 * Store nv at *p, keeping the old A/D bits if asked; only the CPUs'
 * A/D updates race with us (the guest has no writable mapping), so the
 * loop ends after a few rounds.
 */
static pte_t store_entry(pte_t *p, pte_t nv, bool preserve_ad)
{
	pte_t o = READ_ONCE(*p);

	for (;;) {
		pte_t n = nv;

		if (preserve_ad && (o & nv & _PAGE_PRESENT))
			n |= o & (_PAGE_ACCESSED | _PAGE_DIRTY);
		if (__atomic_compare_exchange_n(p, &o, n, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return o;
	}
}

int pv_mod_pt_entry_for(struct page_info *pt, unsigned int idx, pte_t nv,
			unsigned int flags, struct domain *pg_owner, pte_t *old)
{
	unsigned int level = pv_pt_level(pt);
	pte_t *p, o;
	int rc;

	if (!level || idx >= PT_ENTRIES || is_xen_l4_slot(level, idx))
		return -EINVAL;
	rc = get_entry(&nv, level, pt, pt->u.owner, pg_owner ?: pt->u.owner);
	if (rc)
		return rc;
	nv = adjust_entry(nv, level);
	p = &table_of(pt)[idx];
	if (flags & PV_MOD_CMPXCHG) {
		o = *old;
		if (!__atomic_compare_exchange_n(p, &o, nv, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST)) {
			put_entry(nv, level, pt);
			*old = o;
			return -EAGAIN;
		}
	} else {
		o = store_entry(p, nv, flags & PV_MOD_PRESERVE_AD);
	}
	put_entry(o, level, pt);
	*old = o;
	return 0;
}

/* ---- root tables, builder and teardown ---- */

struct page_info *pv_kernel_l1_table(const struct vcpu *v, unsigned long va)
{
	unsigned long mfn = v->arch.guest_table;
	pte_t e;

	if (!mfn || !pv_guest_va_ok(va))
		return NULL;
	/*
	 * Validated tables of v's domain; a linear entry (linear_pt.c) may
	 * lead to a table of another level or to a hypervisor slot's table.
	 */
	for (unsigned int shift = L4_SHIFT; shift > L1_SHIFT; shift -= 9) {
		e = ((pte_t *)mfn_to_virt(_mfn(mfn)))[(va >> shift) & 511];
		mfn = pte_mfn(e);
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) || mfn >= max_page ||
		    !pv_pt_level(mfn_to_page(_mfn(mfn))))
			return NULL;
	}
	return pv_pt_level(mfn_to_page(_mfn(mfn))) == 1 ? mfn_to_page(_mfn(mfn))
							: NULL;
}

void pv_init_guest_l4(pte_t *l4)
{
	for (unsigned int i = FIRST_XEN_L4; i < END_XEN_L4; i++)
		l4[i] = idle_pg_table[i];
}

void pv_share_xenheap_page(struct domain *d, void *va)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	pg->u.owner = d;
}

int pv_set_guest_table(struct vcpu *v, unsigned long mfn, bool user)
{
	struct domain *d = v->domain;
	unsigned long *slot =
		user ? &v->arch.guest_table_user : &v->arch.guest_table;
	unsigned long old;
	struct page_info *pg = NULL;
	int rc = 0;

	pv_mm_lock();
	if (mfn || !user) {
		pg = pv_owned_page(d, mfn);
		rc = pg ? get_page_and_type(pg, d, PGT_l4_page_table) : -EINVAL;
	}
	if (!rc) {
		old = *slot;
		*slot = mfn;
		/*
		 * Off the old table before it may lose its type; the slot not
		 * in use (the user table, in a hypercall) needs no CR3 load.
		 */
		pv_m2p_slot_on_install(d, mfn, user);
		if (user != v->arch.kernel_mode)
			pv_update_cr3(v);
		if (old)
			put_page_and_type(mfn_to_page(_mfn(old)));
		/* LDT pages were found through the old tables (as in Xen). */
		if (!user && v == current && old != mfn)
			pv_destroy_ldt(v);
	}
	pv_mm_unlock();
	return rc;
}

int pv_pin_initial_tables(struct domain *d, unsigned long l4_mfn,
			  const unsigned long *pt_mfns, unsigned long nr)
{
	struct vcpu *v = d->vcpu[0];
	struct page_info *pg;
	int rc;

	pv_mm_lock();
	pg = pv_owned_page(d, l4_mfn);
	rc = pg ? get_page_and_type(pg, d, PGT_l4_page_table) : -EINVAL;
	if (!rc) {
		pg->type_info |= PGT_pinned;
		/* The CR3 reference (v->arch.guest_table was set by the
		 * builder). */
		if (v && v->arch.guest_table == l4_mfn)
			rc = get_page_and_type(pg, d, PGT_l4_page_table);
	}
	d->arch.max_pfn = d->tot_pages ? d->tot_pages - 1 : 0;
	pv_mm_unlock();
	if (rc)
		printk("d%u: bootstrap page tables do not validate (%d)\n",
		       d->domain_id, rc);
	return rc;
}

/* Drop the pins of d's frames; returns how many frames kept a type. */
static unsigned long unpin_all(struct domain *d)
{
	unsigned long left = 0, n = 0;

	for (struct page_info *pg = d->page_list.head;
	     pg && n < d->page_list.count; pg = pg->list.next, n++)
		if (pg->type_info & PGT_pinned) {
			pg->type_info &= ~PGT_pinned;
			put_page_and_type(pg);
		}
	n = 0;
	for (struct page_info *pg = d->page_list.head;
	     pg && n < d->page_list.count; pg = pg->list.next, n++)
		if ((pg->type_info & PGT_count_mask) ||
		    (pg->count_info & PGC_count_mask) != 1)
			left++;
	return left;
}

/*
 * Teardown, after d's vCPUs stopped for good and before its memory is
 * relinquished: drop every reference the MMU code holds for d (CR3s,
 * pins, and through them all validated tables and their mappings).
 */
void pv_domain_destroy(struct domain *d)
{
	unsigned long left;

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]) {   /* release the seg_desc frames */
			pv_destroy_gdt(d->vcpu[i]);
			pv_destroy_ldt(d->vcpu[i]);
		}
	pv_mm_lock();
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		if (!v)
			continue;
		if (v->arch.guest_table)
			put_page_and_type(
				mfn_to_page(_mfn(v->arch.guest_table)));
		if (v->arch.guest_table_user)
			put_page_and_type(
				mfn_to_page(_mfn(v->arch.guest_table_user)));
		v->arch.guest_table = v->arch.guest_table_user = 0;
	}
	left = unpin_all(d);
	/* d runs nowhere, but other domains' CPUs may have mapped its frames
	 * (grant, foreign mappings) and not flushed since unmapping them. */
	flush_stale(NULL, tlb_clock_now());
	pv_mm_unlock();
	if (left)
		printk(XENLOG_WARNING
		       "d%u: %lu frames still referenced at teardown\n",
		       d->domain_id, left);
}
