/*
 * hostile_map_xen: update_va_mapping may not map frames the domain does
 * not own or VAs it may not use.  Mapping MFN 0x200 (the hypervisor image,
 * loaded at 2 MiB), writable or read-only, and mapping over a VA in the
 * hypervisor's L4 slots or a non-canonical VA must fail; the page we
 * tried to remap must still map our own frame.
 */
#include "guest.h"

const char test_name[] = "hostile_map_xen";

#define XEN_MFN 0x200UL

static char spare[PAGE_SIZE] __page_aligned_bss;

void guest_main(void)
{
	const unsigned long kflags =
		_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	long rc;

	install_traps();
	spare[0] = 0x5a;

	rc = remap_page(spare, XEN_MFN, kflags);
	check(rc < 0, "writable mapping of hypervisor mfn %lx allowed",
	      XEN_MFN);
	printf("writable mapping of mfn %lx: %ld\n", XEN_MFN, rc);
	rc = remap_page(spare, XEN_MFN, kflags & ~_PAGE_RW);
	check(rc < 0, "read-only mapping of hypervisor mfn %lx allowed",
	      XEN_MFN);
	printf("read-only mapping of mfn %lx: %ld\n", XEN_MFN, rc);

	rc = hc_update_va_mapping(BAD_PTR_HV,
				  (virt_to_mfn(spare) << PAGE_SHIFT) | kflags,
				  UVMF_INVLPG);
	check(rc == -XEN_EINVAL, "update_va_mapping at hypervisor va: %ld", rc);
	rc = hc_update_va_mapping(BAD_PTR_NONCANON,
				  (virt_to_mfn(spare) << PAGE_SHIFT) | kflags,
				  UVMF_INVLPG);
	check(rc == -XEN_EINVAL, "update_va_mapping at non-canonical va: %ld",
	      rc);

	check(*(volatile char *)spare == 0x5a, "spare page changed under us");
	spare[1] = 1;
}
