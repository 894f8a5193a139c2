/*
 * memory_op (hypercall 12) for PV guests: the memory maps a guest boots
 * with, where the M2P lives, reservation queries, and the reservation
 * changes of the balloon driver and swiotlb-xen (exchange).
 *
 * Interface: do_memory_op(cmd, arg) from the hypercall table.  The low 6
 * bits of cmd are the sub-command; extent-list commands resume at extent
 * cmd >> 6 (the ABI's continuation encoding).
 * Invariants: frames leave a domain only with no reference but their
 * allocation (no mapping, pin, CR3 or type), after a TLB flush, with
 * their M2P entry invalidated; frames joining a domain are zeroed first.
 * All changes happen under the MMU lock.  dom0 may name any domain that
 * is not dying (held with domain_lookup() for the call); a domU only
 * itself.  As Xen, a reservation request naming a domain the caller may
 * not change, or none, does nothing and reports 0 extents done; queries
 * and exchange answer -ESRCH / -EPERM.  Reservations stay within the
 * target's max_pages (assign_pages()).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/m2p.h>
#include <asm/pv_mm.h>
#include <public/memory.h>

#define MEMOP_CMD_MASK	   0x3f
#define MEMOP_EXTENT_SHIFT 6
#define MAX_EXTENT_ORDER   9	       /* 2 MiB */
#define MAX_EXTENTS	   (1UL << 20) /* bound the time in one call */
#define MAX_EXCHANGE_PAGES 512
#define MAX_GPFN	   (1UL << 40)

/*
 * The domain id names, referenced (put_domain() after use), if the caller
 * may act on it; NULL and *rc = -ESRCH (none) or -EPERM otherwise.
 */
static struct domain *target_domain(domid_t id, long *rc)
{
	struct domain *d = current->domain, *t;

	t = id == DOMID_SELF ? (get_domain(d) ? d : NULL) : domain_lookup(id);
	*rc = -ESRCH;
	if (t && t != d && !d->is_privileged) {
		put_domain(t);
		*rc = -EPERM;
		t = NULL;
	}
	return t;
}

static struct domain *query_target(unsigned long arg, long *rc)
{
	domid_t id;

	*rc = -EFAULT;
	if (copy_from_guest(&id, arg, sizeof(id)))
		return NULL;
	return target_domain(id, rc);
}

static void note_pfn(struct domain *d, unsigned long pfn)
{
	if (pfn < MAX_GPFN && pfn > d->arch.max_pfn)
		d->arch.max_pfn = pfn;
}

/* ---- leaving and joining a domain (MMU lock held) ---- */

/* Only the allocation reference left: the frame may leave d. */
static bool page_removable(struct domain *d, struct page_info *pg)
{
	return pg && pg->u.owner == d && (pg->count_info & PGC_allocated) &&
	       (pg->count_info & PGC_count_mask) == 1 &&
	       !(pg->type_info & (PGT_count_mask | PGT_pinned));
}

/* Take pg out of d and free it; the caller flushed the TLBs. */
static void remove_page(struct domain *d, struct page_info *pg)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	page_list_del(pg, &d->page_list);
	d->tot_pages--;
	spin_unlock_irqrestore(&d->lock, flags);
	set_gpfn_from_mfn(mfn_x(page_to_mfn(pg)), INVALID_M2P_ENTRY);
	pg->u.owner = NULL;
	pg->count_info = 0;
	pg->type_info = 0;
	free_heap_pages(pg, 0);
}

/* Zero a new extent and give it pfns gpfn.. (no pfns: gpfn = ~0). */
static void init_extent(struct domain *d, struct page_info *pg,
			unsigned int order, unsigned long gpfn)
{
	for (unsigned long j = 0; j < (1UL << order); j++) {
		unsigned long mfn = mfn_x(page_to_mfn(pg)) + j;

		memset(mfn_to_virt(_mfn(mfn)), 0, PAGE_SIZE);
		if (gpfn != INVALID_M2P_ENTRY) {
			set_gpfn_from_mfn(mfn, gpfn + j);
			note_pfn(d, gpfn + j);
		}
	}
}

static unsigned int reservation_memflags(const struct xen_memory_reservation *r)
{
	unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);

	return bits && bits < 64 ? MEMF_bits(bits) : 0;
}

/* ---- increase / populate / decrease ---- */

static long grow(struct domain *d, const struct xen_memory_reservation *r,
		 unsigned long start, bool populate)
{
	unsigned long base = (unsigned long)r->extent_start.p, i;
	unsigned int memflags = reservation_memflags(r);

	for (i = start; i < r->nr_extents; i++) {
		unsigned long gpfn = INVALID_M2P_ENTRY, mfn;
		struct page_info *pg;

		if (populate && copy_from_guest(&gpfn, base + i * 8, 8))
			break;
		pv_mm_lock();
		/* Not after its teardown (which takes the MMU lock) began. */
		pg = READ_ONCE(d->state) == DOMSTATE_dying
			     ? NULL
			     : alloc_domheap_pages(d, r->extent_order,
						   memflags);
		if (pg) {
			init_extent(d, pg, r->extent_order, gpfn);
			mfn = mfn_x(page_to_mfn(pg));
		}
		pv_mm_unlock();
		if (!pg)
			break;
		if (copy_to_guest(base + i * 8, &mfn, 8)) {
			pv_mm_lock();
			for (unsigned long j = 0; j < (1UL << r->extent_order);
			     j++)
				remove_page(d, pg + j);
			pv_mm_unlock();
			break;
		}
	}
	return i;
}

/* Free one extent of d at mfn, all or nothing. */
static bool free_extent(struct domain *d, unsigned long mfn, unsigned int order)
{
	unsigned long n = 1UL << order;
	u64 stamp = 0;

	if (mfn >= max_page || n > max_page - mfn)
		return false;
	for (unsigned long j = 0; j < n; j++) {
		struct page_info *pg = pv_owned_page(d, mfn + j);

		if (!page_removable(d, pg))
			return false;
		stamp = MAX(stamp, pg->tlb_stamp);
	}
	pv_flush_before_free(NULL, stamp); /* dom0 may have mapped it */
	for (unsigned long j = 0; j < n; j++)
		remove_page(d, mfn_to_page(_mfn(mfn + j)));
	return true;
}

static long shrink(struct domain *d, const struct xen_memory_reservation *r,
		   unsigned long start)
{
	unsigned long base = (unsigned long)r->extent_start.p, i;

	for (i = start; i < r->nr_extents; i++) {
		unsigned long mfn;
		bool ok;

		if (copy_from_guest(&mfn, base + i * 8, 8))
			break;
		pv_mm_lock();
		ok = free_extent(d, mfn, r->extent_order);
		pv_mm_unlock();
		if (!ok)
			break;
	}
	return i;
}

static long reservation_op(unsigned int op, unsigned long arg,
			   unsigned long start)
{
	struct xen_memory_reservation r;
	struct domain *t;
	long rc;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.extent_order > MAX_EXTENT_ORDER || r.nr_extents > MAX_EXTENTS ||
	    start > r.nr_extents)
		return -EINVAL;
	t = target_domain(r.domid, &rc);
	if (!t)
		return start; /* as Xen: nothing done, no error */
	if (op == XENMEM_decrease_reservation)
		rc = shrink(t, &r, start);
	else
		rc = grow(t, &r, start, op == XENMEM_populate_physmap);
	put_domain(t);
	return rc;
}

/* ---- exchange (swiotlb-xen: machine-contiguous memory) ---- */

struct exchange {
	struct xen_memory_exchange x;
	unsigned long in_pages;
	unsigned long *in_mfns;	  /* [in.nr_extents] */
	unsigned long *out_gpfns; /* [out.nr_extents] */
	struct page_info **out;	  /* [out.nr_extents] */
};

static long exchange_check(struct exchange *e)
{
	const struct xen_memory_reservation *in = &e->x.in, *out = &e->x.out;

	if (in->domid != out->domid)
		return -EINVAL;
	if (in->extent_order > MAX_EXTENT_ORDER ||
	    out->extent_order > MAX_EXTENT_ORDER ||
	    in->nr_extents > MAX_EXCHANGE_PAGES ||
	    out->nr_extents > MAX_EXCHANGE_PAGES || e->x.nr_exchanged)
		return -EINVAL;
	e->in_pages = in->nr_extents << in->extent_order;
	if (e->in_pages != out->nr_extents << out->extent_order ||
	    e->in_pages > MAX_EXCHANGE_PAGES)
		return -EINVAL;
	return 0;
}

static long exchange_read_lists(struct exchange *e)
{
	unsigned long in = (unsigned long)e->x.in.extent_start.p;
	unsigned long out = (unsigned long)e->x.out.extent_start.p;

	e->in_mfns = xmalloc_array(unsigned long, e->x.in.nr_extents);
	e->out_gpfns = xmalloc_array(unsigned long, e->x.out.nr_extents);
	e->out = xzalloc_array(struct page_info *, e->x.out.nr_extents);
	if (!e->in_mfns || !e->out_gpfns || !e->out)
		return -ENOMEM;
	if (copy_from_guest(e->in_mfns, in, e->x.in.nr_extents * 8) ||
	    copy_from_guest(e->out_gpfns, out, e->x.out.nr_extents * 8))
		return -EFAULT;
	return 0;
}

/*
 * Claim every input frame with an extra reference (so a frame listed
 * twice fails the check the second time).  Returns the number claimed.
 */
static unsigned long exchange_claim(struct domain *d, struct exchange *e)
{
	unsigned int order = e->x.in.extent_order;
	unsigned long n = 0;

	for (unsigned long i = 0; i < e->x.in.nr_extents; i++)
		for (unsigned long j = 0; j < (1UL << order); j++, n++) {
			struct page_info *pg =
				pv_owned_page(d, e->in_mfns[i] + j);
			if (e->in_mfns[i] + j < e->in_mfns[i] ||
			    !page_removable(d, pg))
				return n;
			pg->count_info++;
		}
	return n;
}

static struct page_info *in_page(const struct exchange *e, unsigned long n)
{
	unsigned int order = e->x.in.extent_order;

	return mfn_to_page(
		_mfn(e->in_mfns[n >> order] + (n & ((1UL << order) - 1))));
}

static long exchange_alloc(struct exchange *e)
{
	unsigned int bits = XENMEMF_get_address_bits(e->x.out.mem_flags);
	unsigned int memflags = bits && bits < 64 ? MEMF_bits(bits) : 0;

	for (unsigned long i = 0; i < e->x.out.nr_extents; i++) {
		e->out[i] = alloc_heap_pages(e->x.out.extent_order, memflags);
		if (!e->out[i])
			return -ENOMEM;
	}
	return 0;
}

/* All checks passed: swap the frames (cannot fail). */
static void exchange_commit(struct domain *d, struct exchange *e)
{
	unsigned int order = e->x.out.extent_order;
	u64 stamp = 0;

	for (unsigned long n = 0; n < e->in_pages; n++)
		stamp = MAX(stamp, in_page(e, n)->tlb_stamp);
	pv_flush_before_free(NULL, stamp); /* dom0 may have mapped them */
	for (unsigned long n = 0; n < e->in_pages; n++) {
		struct page_info *pg = in_page(e, n);
		pg->count_info--; /* the claim */
		remove_page(d, pg);
	}
	for (unsigned long i = 0; i < e->x.out.nr_extents; i++) {
		/* tot_pages just dropped by as much: within max_pages. */
		if (assign_pages(d, e->out[i], order)) {
			free_heap_pages(e->out[i], order);
			domain_crash(d, "memory exchange lost its frames");
			continue;
		}
		init_extent(d, e->out[i], order, e->out_gpfns[i]);
		e->out_gpfns[i] = mfn_x(page_to_mfn(e->out[i]));
		e->out[i] = NULL;
	}
}

static long exchange_locked(struct domain *d, struct exchange *e)
{
	unsigned long claimed = exchange_claim(d, e);
	long rc = claimed == e->in_pages ? exchange_alloc(e) : -EINVAL;

	if (!rc && READ_ONCE(d->state) == DOMSTATE_dying)
		rc = -ESRCH; /* its teardown waits for the MMU lock */

	if (!rc) {
		exchange_commit(d, e);
		return 0;
	}
	for (unsigned long n = 0; n < claimed; n++)
		in_page(e, n)->count_info--;
	for (unsigned long i = 0; i < e->x.out.nr_extents; i++)
		if (e->out[i])
			free_heap_pages(e->out[i], e->x.out.extent_order);
	return rc;
}

static long memory_exchange(unsigned long arg)
{
	struct domain *d;
	struct exchange e = {0};
	unsigned long out;
	long rc;

	if (copy_from_guest(&e.x, arg, sizeof(e.x)))
		return -EFAULT;
	d = target_domain(e.x.in.domid, &rc);
	if (!d)
		return rc;
	rc = exchange_check(&e);
	if (!rc && e.in_pages)
		rc = exchange_read_lists(&e);
	if (!rc && e.in_pages) {
		pv_mm_lock();
		rc = exchange_locked(d, &e);
		pv_mm_unlock();
	}
	if (!rc) {
		out = (unsigned long)e.x.out.extent_start.p;
		e.x.nr_exchanged = e.x.in.nr_extents;
		if (copy_to_guest(out, e.out_gpfns, e.x.out.nr_extents * 8) ||
		    copy_to_guest(arg + offsetof(struct xen_memory_exchange,
						 nr_exchanged),
				  &e.x.nr_exchanged, sizeof(e.x.nr_exchanged)))
			rc = -EFAULT;
	}
	xfree(e.in_mfns);
	xfree(e.out_gpfns);
	xfree(e.out);
	put_domain(d);
	return rc;
}

/* ---- memory maps and the M2P ---- */

static long put_e820(unsigned long arg, const struct xen_e820_entry *ents,
		     unsigned int nr)
{
	struct xen_memory_map map;

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	if (map.nr_entries < nr)
		nr = map.nr_entries;
	if (copy_to_guest((unsigned long)map.buffer.p, ents,
			  nr * sizeof(*ents)))
		return -EFAULT;
	map.nr_entries = nr;
	if (copy_to_guest(arg, &map.nr_entries, sizeof(map.nr_entries)))
		return -EFAULT;
	return 0;
}

/* A PV guest's own map: one RAM range for the pages it has. */
static long memory_map(unsigned long arg)
{
	struct xen_e820_entry e = {
		.addr = 0,
		.size = (u64)current->domain->tot_pages << PAGE_SHIFT,
		.type = XEN_E820_RAM,
	};

	return put_e820(arg, &e, 1);
}

static long machine_memory_map(unsigned long arg)
{
	static struct xen_e820_entry ents[MEMMAP_MAX];
	static DEFINE_SPINLOCK(lock);
	unsigned int nr = MIN(host_memmap->nr, (unsigned int)MEMMAP_MAX);
	unsigned long flags;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	spin_lock_irqsave(&lock, flags);
	for (unsigned int i = 0; i < nr; i++) {
		ents[i].addr = host_memmap->e[i].addr;
		ents[i].size = host_memmap->e[i].size;
		ents[i].type = host_memmap->e[i].type;
	}
	spin_unlock_irqrestore(&lock, flags);
	rc = put_e820(arg, ents, nr); /* the table only ever holds this */
	return rc;
}

static unsigned long m2p_bytes(void)
{
	return ROUNDUP(m2p_nr_entries * sizeof(unsigned long), L2_PAGE_SIZE);
}

static long machphys_mapping(unsigned long arg)
{
	struct xen_machphys_mapping m = {
		.v_start = RO_MPT_VIRT_START,
		.v_end = RO_MPT_VIRT_START + m2p_bytes(),
		.max_mfn = m2p_nr_entries - 1,
	};

	return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long machphys_mfn_list(unsigned long arg)
{
	struct xen_machphys_mfn_list l;
	unsigned long first = mfn_x(virt_to_mfn(machine_to_phys));
	unsigned int n;

	if (copy_from_guest(&l, arg, sizeof(l)))
		return -EFAULT;
	n = MIN(l.max_extents, (unsigned int)(m2p_bytes() / L2_PAGE_SIZE));
	for (unsigned int i = 0; i < n; i++) {
		unsigned long mfn = first + i * (L2_PAGE_SIZE >> PAGE_SHIFT);
		if (copy_to_guest((unsigned long)l.extent_start.p + i * 8, &mfn,
				  8))
			return -EFAULT;
	}
	l.nr_extents = n;
	return copy_to_guest(
		       arg + offsetof(struct xen_machphys_mfn_list, nr_extents),
		       &l.nr_extents, sizeof(l.nr_extents))
		       ? -EFAULT
		       : 0;
}

static long reservation_query(unsigned int op, unsigned long arg)
{
	long rc;
	struct domain *t = query_target(arg, &rc);

	if (!t)
		return rc;
	switch (op) {
	case XENMEM_current_reservation:
		rc = t->tot_pages;
		break;
	case XENMEM_maximum_reservation:
		rc = t->max_pages;
		break;
	default: /* XENMEM_maximum_gpfn */
		rc = t->arch.max_pfn;
		break;
	}
	put_domain(t);
	return rc;
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
	unsigned int op = cmd & MEMOP_CMD_MASK;
	unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(op, arg, start);
	case XENMEM_exchange:
		return memory_exchange(arg);
	case XENMEM_maximum_ram_page:
		return max_page; /* as Xen: one past the highest frame */
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return reservation_query(op, arg);
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_machphys_mapping:
		return machphys_mapping(arg);
	case XENMEM_add_to_physmap:
		return gnttab_add_to_physmap(arg, start);
	case XENMEM_acquire_resource:
		return gnttab_acquire_resource(arg, start);
	default:
		return -ENOSYS;
	}
}
