/*
 * The machine-to-phys table (arch/x86/m2p.c): one 64-bit guest pfn per
 * machine frame, readable by guests at RO_MPT_VIRT_START (ABI:
 * MACH2PHYS_VIRT_START) and written by the hypervisor through the
 * direct map.
 */
#ifndef ASM_M2P_H
#define ASM_M2P_H

#include <xen/types.h>

#define INVALID_M2P_ENTRY (~0UL)

extern unsigned long *machine_to_phys;   /* writable alias */
extern unsigned long m2p_nr_entries;

void m2p_init(unsigned long nr_frames);  /* after the heap is up */
static inline void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
	if (mfn < m2p_nr_entries)
		machine_to_phys[mfn] = pfn;
}

#endif
