/* Arch boot hooks called from xen/setup.c. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

/*
 * Called after the frame table exists and before the boot allocator hands
 * its memory to the heap: take the low (< 1 MiB) pages that AP start-up
 * needs (arch/x86/smpboot.c).
 */
void arch_early_reserve(void);

#endif
