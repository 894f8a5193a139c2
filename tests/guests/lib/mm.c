/*
 * Page-table helpers of the test guests: mapping shared_info, remapping
 * pages of our own image, finding a PTE's machine address.
 *
 * Interface: map_shared_info() once, before anything that uses events,
 * CR2 or time.  remap_page()/make_readonly() act on pages of our image
 * (inside the builder's bootstrap mapping, so an L1 entry exists).
 * Invariants: PTEs we hand over carry MFNs (PV guests see machine frames);
 * kernel mappings are P|RW|A|D without U, like Linux's PAGE_KERNEL (the
 * hypervisor adds U itself, linux-pv-abi.md §2.1).
 */
#include "guest.h"

struct shared_info *shared_info;

/* The VA we map shared_info at: a page of our .bss, remapped. */
static char shared_info_va[PAGE_SIZE] __page_aligned_bss;

long remap_page(void *va, unsigned long mfn, unsigned long flags)
{
	return hc_update_va_mapping((unsigned long)va,
				    (mfn << PAGE_SHIFT) | flags, UVMF_INVLPG);
}

long make_readonly(void *va)
{
	return remap_page(va, virt_to_mfn(va),
			  _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY);
}

void map_shared_info(void)
{
	unsigned long mfn = start_info->shared_info >> PAGE_SHIFT;
	long rc;

	if (shared_info)
		return;
	rc = remap_page(shared_info_va, mfn,
			_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				_PAGE_DIRTY);
	check(rc == 0, "update_va_mapping(shared_info mfn %lx) returned %ld",
	      mfn, rc);
	shared_info = (struct shared_info *)shared_info_va;
}

/* VA of a page-table frame of ours: M2P gives its pfn, pfn -> VA is 1:1. */
static const uint64_t *pt_frame_va(uint64_t entry)
{
	unsigned long mfn = (entry & PTE_ADDR_MASK) >> PAGE_SHIFT;

	return (const uint64_t *)(GUEST_VIRT_BASE + (m2p()[mfn] << PAGE_SHIFT));
}

/* Walk to the L1 entry of va: its VA and (via *maddr) machine address. */
static const uint64_t *walk(unsigned long va, uint64_t *maddr)
{
	const uint64_t *t = kernel_l4();
	uint64_t e;

	for (int shift = 39; shift >= 21; shift -= 9) {
		e = t[(va >> shift) & 511];
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		t = pt_frame_va(e);
		*maddr = e & PTE_ADDR_MASK;
	}
	*maddr += ((va >> 12) & 511) * 8;
	return &t[(va >> 12) & 511];
}

uint64_t pte_maddr(unsigned long va)
{
	uint64_t ma = 0;

	return walk(va, &ma) ? ma : 0;
}

uint64_t pte_read(unsigned long va)
{
	uint64_t ma;
	const uint64_t *p = walk(va, &ma);

	return p ? *p : 0;
}
