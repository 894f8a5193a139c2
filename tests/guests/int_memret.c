/*
 * int_memret: a short-lived domU that leaves references behind for the
 * hypervisor to drop when it is destroyed: a trap table, callbacks and,
 * when update_va_mapping exists, shared_info mapped and one page of its
 * image remapped read-only (page-type and reference counts held).  It
 * then powers off.  The QEMU test checks that every page comes back
 * ("All boot-time domUs have exited: heap N free pages, N before ...").
 * As dom0 it reports and stays up (blocked): no toolstack builds anything.
 */
#include "guest.h"

const char test_name[] = "int_memret";

static char ro_page[PAGE_SIZE] __page_aligned_bss;
static char si_page[PAGE_SIZE] __page_aligned_bss;

void guest_main(void)
{
	unsigned long si_mfn = start_info->shared_info >> PAGE_SHIFT;
	long rc;

	install_traps();
	if (start_info->flags & SIF_INITDOMAIN) {
		printf("int_memret: dom0 stays blocked\n");
		pass_and_idle();
	}
	install_callbacks();
	rc = remap_page(si_page, si_mfn,
			_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				_PAGE_DIRTY);
	if (rc == -XEN_ENOSYS) {
		printf("int_memret: update_va_mapping missing, "
		       "no mappings taken\n");
		return;
	}
	check(rc == 0, "mapping shared_info: %ld", rc);
	rc = make_readonly(ro_page);
	check(rc == 0, "remapping a page read-only: %ld", rc);
	printf("int_memret: shared_info mapped, one page read-only\n");
}
