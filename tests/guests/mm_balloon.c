/*
 * mm_balloon: XENMEM_decrease_reservation of an unmapped frame of ours
 * returns 1 and lowers current_reservation; a still-mapped frame is
 * refused (0 done); populate_physmap gives a frame back (MFN written
 * into the list, M2P set to our pfn) and the count returns.  Also the
 * machphys_mapping and memory map sub-commands answer sanely (the host
 * map only for dom0).
 */
#include "guest.h"

const char test_name[] = "mm_balloon";

static char page[PAGE_SIZE] __page_aligned_bss;

static long reservation(int cmd, unsigned long *list)
{
	struct xen_memory_reservation r = {
		.nr_extents = 1,
		.extent_order = 0,
		.domid = DOMID_SELF,
	};

	xen_set_guest_handle(r.extent_start, list);
	return hc_memory_op(cmd, &r);
}

static void queries(void)
{
	struct xen_machphys_mapping mm;
	struct xen_e820_entry e[8];
	struct xen_memory_map map = {.nr_entries = 8};
	long rc;

	rc = hc_memory_op(XENMEM_machphys_mapping, &mm);
	check(rc == 0 && mm.v_start == MACH2PHYS_VIRT_START &&
		      mm.v_end > mm.v_start && mm.max_mfn > 0,
	      "machphys_mapping: %ld", rc);
	xen_set_guest_handle(map.buffer, e);
	rc = hc_memory_op(XENMEM_memory_map, &map);
	check(rc == 0 && map.nr_entries == 1 && e[0].type == XEN_E820_RAM,
	      "memory_map: %ld", rc);
	map.nr_entries = 8;
	rc = hc_memory_op(XENMEM_machine_memory_map, &map);
	if (start_info->flags & SIF_PRIVILEGED)
		check(rc == 0 && map.nr_entries >= 1, "machine_memory_map: %ld",
		      rc);
	else
		check(rc == -XEN_EPERM, "domU machine_memory_map: %ld", rc);
	rc = hc_memory_op(99, NULL);
	check(rc == -XEN_ENOSYS, "unknown memory_op: %ld", rc);
}

void guest_main(void)
{
	domid_t self = DOMID_SELF;
	long before, rc;
	unsigned long pfn = virt_to_pfn(page), mfn = virt_to_mfn(page);

	install_traps();
	queries();
	before = hc_memory_op(XENMEM_current_reservation, &self);
	check(before > 0, "current_reservation: %ld", before);

	rc = reservation(XENMEM_decrease_reservation, &mfn);
	check(rc == 0, "decrease of a mapped frame did %ld", rc);
	rc = hc_update_va_mapping((unsigned long)page, 0, UVMF_INVLPG);
	check(rc == 0, "unmapping the page: %ld", rc);
	rc = reservation(XENMEM_decrease_reservation, &mfn);
	check(rc == 1, "decrease_reservation: %ld", rc);
	check(hc_memory_op(XENMEM_current_reservation, &self) == before - 1,
	      "current_reservation did not drop");
	check(m2p()[mfn] != pfn, "M2P still names the freed frame");

	mfn = pfn;
	rc = reservation(XENMEM_populate_physmap, &mfn);
	check(rc == 1, "populate_physmap: %ld", rc);
	check(m2p()[mfn] == pfn, "M2P of the new frame %lx", m2p()[mfn]);
	p2m[pfn] = mfn;
	rc = remap_page(page, mfn,
			_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				_PAGE_DIRTY);
	check(rc == 0, "mapping the new frame: %ld", rc);
	check(page[0] == 0, "new frame not zeroed");
	page[0] = 1;
	check(hc_memory_op(XENMEM_current_reservation, &self) == before,
	      "current_reservation did not come back");
}
