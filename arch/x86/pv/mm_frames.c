/*
 * Which machine frames a PV domain may map: its own RAM, hypervisor
 * pages shared with it, and I/O frames (non-RAM below the physical
 * address width) within its iomem rights (xen/iocap.h), of which the
 * hypervisor's interrupt controllers are never mappable and a few
 * (HPET, MSI-X tables and PBAs) only read-only.  Split from mm.c, which
 * applies these answers under its reference rules.
 *
 * Interface: mm_frames.h (for mm.c) and asm/pv_mm.h / xen/iocap.h.
 * Invariants: the answers depend only on the frame table, the host
 * memory map, the ACPI tables and msi.c's records; pv_counted_page()
 * and the frame table are read under the MMU lock.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/iocap.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/config.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include "mm_frames.h"

enum io_access { IO_NONE, IO_RO, IO_RW }; /* rights to an I/O frame */

bool pv_guest_va_ok(unsigned long va)
{
	return va < 0x0000800000000000UL || va >= HYPERVISOR_VIRT_END_;
}

static unsigned long phys_frame_limit(void)
{
	static unsigned long limit;
	struct cpuid_leaf r;

	if (!limit) {
		unsigned int bits = 36;

		cpuid(0x80000000, &r);
		if (r.a >= 0x80000008) {
			cpuid(0x80000008, &r);
			bits = r.a & 0xff;
		}
		limit = 1UL << (MIN(bits, 52u) - PAGE_SHIFT);
	}
	return limit;
}

static bool mfn_in_ram(unsigned long mfn)
{
	u64 pa = (u64)mfn << PAGE_SHIFT;

	for (unsigned int i = 0; i < host_memmap->nr; i++) {
		const struct memmap_entry *e = &host_memmap->e[i];
		if (e->type == MEM_RAM && pa >= e->addr &&
		    pa - e->addr < e->size)
			return true;
	}
	return false;
}

struct page_info *pv_owned_page(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return NULL;
	pg = mfn_to_page(_mfn(mfn));
	if (!(pg->count_info & PGC_allocated) || pg->u.owner != d)
		return NULL;
	return pg;
}

/* Frames d may map that carry a reference count (RAM it owns/shares). */
struct page_info *pv_counted_page(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return NULL;
	pg = mfn_to_page(_mfn(mfn));
	if (!(pg->count_info & (PGC_allocated | PGC_xen_heap)) ||
	    (pg->count_info & (PGC_free | PGC_relinquished)) ||
	    pg->u.owner != d)
		return NULL;
	return pg;
}

/*
 * The owner of I/O frames, for mmu_update's DOMID_IO: owns no RAM and is
 * never listed; its creation reference is never dropped.
 */
struct domain dom_io = {.domain_id = DOMID_IO, .refcnt = 1};

/* Non-RAM machine frame: mapped without reference counting. */
bool pv_is_io_frame(unsigned long mfn)
{
	return mfn < phys_frame_limit() && !mfn_in_ram(mfn);
}

static bool in_frames(unsigned long mfn, paddr_t first, paddr_t last)
{
	return mfn >= (first >> PAGE_SHIFT) && mfn <= (last >> PAGE_SHIFT);
}

/*
 * How dom0 may map I/O frame mfn.  The LAPIC and IO-APIC pages and the
 * MSI window are the hypervisor's (Linux reaches them through hypercalls
 * and never maps them); the HPET it keeps running and the MSI-X tables
 * and PBAs it programs may be read but not written.
 */
static enum io_access io_frame_access(unsigned long mfn)
{
	const struct acpi_platform *ap = &acpi_platform;

	if (in_frames(mfn, MSI_RANGE_FIRST, MSI_RANGE_LAST) ||
	    (ap->lapic_base && in_frames(mfn, ap->lapic_base, ap->lapic_base)))
		return IO_NONE;
	for (unsigned int i = 0; i < ap->nr_ioapics; i++)
		if (in_frames(mfn, ap->ioapic[i].base, ap->ioapic[i].base))
			return IO_NONE;
	if (ap->hpet_base && in_frames(mfn, ap->hpet_base, ap->hpet_base))
		return IO_RO;
	return msi_frame_read_only(mfn) ? IO_RO : IO_RW;
}

bool pv_io_frame_read_only(struct domain *d, unsigned long mfn)
{
	return pv_is_io_frame(mfn) && io_frame_access(mfn) == IO_RO;
}

/* Does [s, e] hold a frame the hypervisor keeps (IO_NONE)? */
static bool holds_hv_frame(unsigned long s, unsigned long e)
{
	const struct acpi_platform *ap = &acpi_platform;
	unsigned long f;

	if (s <= MSI_RANGE_LAST >> PAGE_SHIFT &&
	    e >= MSI_RANGE_FIRST >> PAGE_SHIFT)
		return true;
	f = ap->lapic_base >> PAGE_SHIFT;
	if (ap->lapic_base && s <= f && e >= f)
		return true;
	for (unsigned int i = 0; i < ap->nr_ioapics; i++) {
		f = ap->ioapic[i].base >> PAGE_SHIFT;
		if (s <= f && e >= f)
			return true;
	}
	return false;
}

/* As Xen's dom0 iomem caps: every addressable frame but the above. */
bool iomem_access_permitted(struct domain *d, unsigned long s, unsigned long e)
{
	if (s > e)
		return false;
	if (!d->is_privileged)
		return iocap_contains(&d->iomem_caps, s, e);
	return e < phys_frame_limit() && !holds_hv_frame(s, e);
}

/* Xen's l1_disallow_mask: cache attributes for domains with I/O rights. */
bool pv_may_set_cache_attrs(struct domain *d)
{
	return d->is_privileged ||
	       rangeset_nr_ranges(
		       __atomic_load_n(&d->iomem_caps, __ATOMIC_ACQUIRE)) ||
	       rangeset_nr_ranges(
		       __atomic_load_n(&d->ioport_caps, __ATOMIC_ACQUIRE));
}

/*
 * Clear _PAGE_RW in every entry of d's validated L1 tables that maps a
 * frame in [first, last] (I/O frames carry no type references, so
 * nothing else changes), then flush.
 */
void pv_io_revoke_writable(struct domain *d, unsigned long first,
			   unsigned long last)
{
	unsigned long n = 0;
	bool any = false;

	pv_mm_lock();
	for (struct page_info *pg = d->page_list.head;
	     pg && n < d->page_list.count; pg = pg->list.next, n++) {
		pte_t *t;

		if (pv_pt_level(pg) != 1)
			continue;
		t = mfn_to_virt(page_to_mfn(pg));
		for (unsigned int i = 0; i < PT_ENTRIES; i++) {
			pte_t e = READ_ONCE(t[i]);
			unsigned long mfn = (e & PADDR_MASK) >> PAGE_SHIFT;

			if ((e & (_PAGE_PRESENT | _PAGE_RW)) !=
				    (_PAGE_PRESENT | _PAGE_RW) ||
			    mfn < first || mfn > last || !pv_is_io_frame(mfn))
				continue;
			__atomic_fetch_and(&t[i], ~(pte_t)_PAGE_RW,
					   __ATOMIC_SEQ_CST);
			any = true;
		}
	}
	if (any)
		pv_flush_tlb_all();
	pv_mm_unlock();
	if (any)
		printk(XENLOG_G_INFO "d%u: frames %#lx-%#lx now read-only\n",
		       d->domain_id, first, last);
}

/* A mapping of I/O frame mfn: refused, or made read-only. */
int pv_get_io_l1e(pte_t *e, unsigned long mfn)
{
	switch (io_frame_access(mfn)) {
	case IO_NONE:
		return -EPERM;
	case IO_RO:
		*e &= ~(pte_t)_PAGE_RW; /* as Xen: silently read-only */
		return 0;
	default:
		return 0;
	}
}
