/*
 * The TLB flush clock and local TLB flushes (arch/x86/flushtlb.c).
 *
 * We never set CR4.PGE or CR4.PCIDE and guest mappings are never global,
 * so every CR3 load drops all of this CPU's translations and
 * paging-structure caches.  The clock counts such flushes: a CPU whose
 * last recorded flush is newer than a frame's stamp (the clock read after
 * the frame lost a mapping) cannot still translate through that mapping.
 * The full argument is in arch/x86/pv/mm.c and docs/tour.md.
 */
#ifndef ASM_FLUSHTLB_H
#define ASM_FLUSHTLB_H

#include <xen/types.h>

/* The clock now; read it after the change it stamps is in memory. */
u64 tlb_clock_now(void);
/*
 * Could cpu still hold a translation that existed when the clock read
 * `stamp`?  True unless cpu recorded a flush that started after it.
 */
bool tlb_cpu_may_be_stale(unsigned int cpu, u64 stamp);

/* Load CR3 (a full flush of guest translations) and record it. */
void tlb_load_cr3(unsigned long cr3);
/* tlb_load_cr3() of the current CR3. */
void flush_tlb_local(void);

/*
 * Deferred local flush, for hypercalls: instead of flushing at once, mark
 * this CPU; the flush happens before the guest runs again
 * (tlb_flush_deferred() on the exit path) and, until then, every
 * hypervisor access to guest memory first invalidates what it touches
 * (tlb_before_guest_access(), called by the guest accessors).  Any CR3
 * load in between clears the mark.
 */
void tlb_defer_local_flush(void);
void tlb_flush_deferred(void); /* interrupts off */
void tlb_before_guest_access(unsigned long va, unsigned long len);

#endif
