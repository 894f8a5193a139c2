/*
 * Virtual memory layout of the hypervisor.  Everything lives in L4 slots
 * 256-271 (0xffff800000000000-0xffff880000000000), the hole the x86-64 PV
 * ABI reserves, so that the same slots can be copied into every guest L4.
 *
 *  slot 256  0xffff800000000000  read-only M2P table (guest visible, ABI)
 *  slot 257  0xffff808000000000  per-CPU GDT/LDT windows (asm/desc.h)
 *  slot 260  0xffff820000000000  frame table (struct page_info per frame)
 *  slot 261  0xffff828000000000  the hypervisor image, VA = base + paddr
 *  slot 262  0xffff830000000000  direct map of all machine memory
 *   ... 271  0xffff880000000000  end of the hole
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define HYPERVISOR_VIRT_START_ 0xffff800000000000
#define HYPERVISOR_VIRT_END_   0xffff880000000000
#define RO_MPT_VIRT_START      0xffff800000000000
#define RO_MPT_VIRT_END        0xffff804000000000
#define PERDOMAIN_VIRT_START   0xffff808000000000
#define FRAMETABLE_VIRT_START  0xffff820000000000
#define XEN_VIRT_START         0xffff828000000000
#define DIRECTMAP_VIRT_START   0xffff830000000000
#define DIRECTMAP_VIRT_END     0xffff880000000000

#define XEN_IMAGE_PADDR        0x200000   /* where the loader puts us */

#define STACK_ORDER            3          /* 32 KiB per-CPU stack */
#define STACK_SIZE             (4096 << STACK_ORDER)
#define NR_CPUS                64

#define L4_SLOT(va)            ((((va) >> 39) & 511))

#endif
