/*
 * The read-only machine-to-phys table guests read directly.
 *
 * Interface: m2p_init() once after the heap exists, before any domain;
 * set_gpfn_from_mfn() by whoever gives a frame a guest pfn.
 * Invariants: entries of frames no guest owns are INVALID_M2P_ENTRY; the
 * guest-visible mapping (L4 slot 256 of idle_pg_table, copied into every
 * guest L4) is read-only and user-accessible at every level.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/page.h>

unsigned long *machine_to_phys;
unsigned long m2p_nr_entries;

void m2p_init(unsigned long nr_frames)
{
	unsigned long bytes = ROUNDUP(nr_frames * sizeof(unsigned long),
				      L2_PAGE_SIZE);
	unsigned int order = fls64(bytes >> PAGE_SHIFT) - 1;
	u64 nx = cpu_has_nx() ? _PAGE_NX : 0;
	struct page_info *pg;

	if ((1UL << order) < (bytes >> PAGE_SHIFT))
		order++;
	pg = alloc_heap_pages(order, 0);
	if (!pg)
		panic("Not enough memory for the M2P table (%lu KiB)\n", bytes >> 10);
	machine_to_phys = mfn_to_virt(page_to_mfn(pg));
	m2p_nr_entries = nr_frames;
	memset(machine_to_phys, 0xff, 1UL << (order + PAGE_SHIFT));
	if (map_pages_to_xen_user(RO_MPT_VIRT_START, page_to_mfn(pg),
				  bytes >> PAGE_SHIFT,
				  _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | nx))
		panic("Cannot map the M2P table\n");
}
