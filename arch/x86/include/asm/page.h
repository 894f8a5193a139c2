/* Page-table entry bits and the direct map. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT  0x001UL  /* P */
#define _PAGE_RW       0x002UL  /* R/W */
#define _PAGE_USER     0x004UL  /* U/S */
#define _PAGE_PWT      0x008UL  /* write-through */
#define _PAGE_PCD      0x010UL  /* cache disable */
#define _PAGE_ACCESSED 0x020UL  /* A */
#define _PAGE_DIRTY    0x040UL  /* D */
#define _PAGE_PSE      0x080UL  /* large page (L2/L3) */
#define _PAGE_PAT      0x080UL  /* PAT bit (L1) */
#define _PAGE_GLOBAL   0x100UL  /* G */
#define _PAGE_NX       (1UL << 63) /* no execute */
#define PADDR_MASK     0x000ffffffffff000UL /* bits 12-51 */

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define PT_ENTRIES 512
#define L2_PAGE_SIZE (1UL << L2_SHIFT)
#define L3_PAGE_SIZE (1UL << L3_SHIFT)

#define l1_index(va) (((va) >> L1_SHIFT) & 511)
#define l2_index(va) (((va) >> L2_SHIFT) & 511)
#define l3_index(va) (((va) >> L3_SHIFT) & 511)
#define l4_index(va) (((va) >> L4_SHIFT) & 511)

/* Hypervisor mappings: RW, never user, never executable unless text. */
#define PAGE_HYPERVISOR    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR | _PAGE_PCD | _PAGE_PWT)

#ifndef __ASSEMBLY__
#include <xen/types.h>

typedef u64 pte_t;  /* a raw page-table entry at any level */

/* x86-64 canonical address: bits 63..47 all equal. */
static inline bool is_canonical(unsigned long va)
{
	return (unsigned long)((long)(va << 16) >> 16) == va;
}

/* Direct map: every machine address is reachable at a fixed offset. */
static inline void *maddr_to_virt(paddr_t pa)
{
	return (void *)(DIRECTMAP_VIRT_START + pa);
}
static inline paddr_t virt_to_maddr(const void *va)
{
	unsigned long v = (unsigned long)va;
	if (v >= XEN_VIRT_START && v < DIRECTMAP_VIRT_START)
		return v - XEN_VIRT_START;
	return v - DIRECTMAP_VIRT_START;
}
static inline void *mfn_to_virt(mfn_t m) { return maddr_to_virt(mfn_to_maddr(m)); }
static inline mfn_t virt_to_mfn(const void *va) { return maddr_to_mfn(virt_to_maddr(va)); }
#define __va(pa) maddr_to_virt(pa)
#define __pa(va) virt_to_maddr(va)
#endif

#endif
