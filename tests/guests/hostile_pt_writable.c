/*
 * hostile_pt_writable: a page-table frame may never get a writable
 * mapping (linux-pv-abi.md §4.2).  Remapping our own bootstrap L4
 * (start_info.pt_base) read-write by update_va_mapping, or writing an L1
 * entry that maps it writable by mmu_update, must fail with -EINVAL and
 * leave the L4 mapped read-only; so must an mmu_update of one of the
 * hypervisor's L4 slots (256-271).  (Needs the M2P to walk our tables.)
 */
#include "guest.h"

const char test_name[] = "hostile_pt_writable";

static char spare[PAGE_SIZE] __page_aligned_bss;

void guest_main(void)
{
	const unsigned long kflags =
		_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	uint64_t *l4 = (uint64_t *)start_info->pt_base;
	unsigned long l4_mfn = p2m[virt_to_pfn(l4)];
	struct mmu_update req;
	unsigned done = 0xdead;
	uint64_t pte;
	long rc;

	install_traps();
	check(m2p()[l4_mfn] == virt_to_pfn(l4),
	      "M2P of the L4 mfn %lx is %lx,"
	      " expected pfn %lx",
	      l4_mfn, m2p()[l4_mfn], virt_to_pfn(l4));

	rc = remap_page(l4, l4_mfn, kflags);
	check(rc == -XEN_EINVAL, "writable mapping of the L4 returned %ld", rc);

	pte = pte_maddr((unsigned long)spare);
	check(pte != 0, "no L1 entry found for %p", spare);
	req.ptr = pte | MMU_NORMAL_PT_UPDATE;
	req.val = (l4_mfn << PAGE_SHIFT) | kflags;
	rc = hc_mmu_update(&req, 1, &done, DOMID_SELF);
	check(rc == -XEN_EINVAL, "mmu_update mapping the L4 writable: %ld", rc);
	check(done == 0, "mmu_update reported %u done", done);

	/* Clear the hypervisor's first slot (the M2P) in our L4. */
	req.ptr = ((l4_mfn << PAGE_SHIFT) + 256 * 8) | MMU_NORMAL_PT_UPDATE;
	req.val = 0;
	rc = hc_mmu_update(&req, 1, NULL, DOMID_SELF);
	check(rc == -XEN_EINVAL, "mmu_update of L4 slot 256 returned %ld", rc);
	check(m2p()[l4_mfn] == virt_to_pfn(l4), "M2P gone after the attempt");

	pte = pte_read((unsigned long)l4);
	check((pte & _PAGE_PRESENT) && !(pte & _PAGE_RW),
	      "the L4's own mapping is now %lx", pte);
}
