/* Hypervisor page tables (arch/x86/mm.c). */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/types.h>
#include <xen/mm.h>
#include <asm/page.h>

extern pte_t *idle_pg_table;      /* the hypervisor's own L4 */

/*
 * Build the final page tables from the sanitised map: direct map of
 * [0, max(4 GiB, end of RAM)), the image, the frame table, and the low
 * 4 GiB identity map (kept for AP start-up).  Switches CR3 to them.
 * Returns the frame table (not yet initialised) and its frame count.
 */
void paging_init(const struct memmap *m, struct page_info **ft,
		 unsigned long *nr_frames);
/* After the heap is up, page-table pages come from it. */
void paging_heap_ready(void);
/* Map [va, va + nr pages) -> mfn with PTE flags; 0 or -ENOMEM. */
int map_pages_to_xen(unsigned long va, mfn_t mfn, unsigned long nr, u64 flags);
int map_pages_to_xen_user(unsigned long va, mfn_t mfn, unsigned long nr,
			  u64 flags);
/* Uncached mapping of MMIO anywhere in the physical address space. */
void *ioremap(paddr_t pa, size_t len);
bool cpu_has_nx(void);

#endif
