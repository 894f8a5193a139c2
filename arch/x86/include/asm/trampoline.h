/*
 * The real-mode AP start-up trampoline (arch/x86/boot/trampoline.S).
 *
 * A STARTUP IPI starts a CPU in real mode at CS:IP = (vector << 8):0, so
 * the code must sit in a page below 1 MiB; it is copied there from the
 * image.  The parameter block at trampoline_info is written by the BSP in
 * the low copy; the AP reads it with the page base computed from CS.
 */
#ifndef ASM_TRAMPOLINE_H
#define ASM_TRAMPOLINE_H

#define TRAMPOLINE_LIMIT 0x100000  /* SIPI vectors reach pages below 1 MiB */
#define TRAMPOLINE_PAGES 1         /* code + GDT + parameter block */

#ifndef __ASSEMBLY__
#include <xen/types.h>

/* Lives inside the low page; offsets come to assembly via asm-offsets. */
struct trampoline_info {
	u32 cr3;      /* idle_pg_table; must be below 4 GiB (32-bit load) */
	u32 efer;     /* BSP's EFER (SCE, LME, NXE) with LMA clear */
	u64 stack;    /* initial RSP offered to the next AP; the AP takes it
		       * with xchg (leaving 0), 0 = no offer: the AP parks */
	u64 entry;    /* 64-bit entry point, start_secondary() */
};

/* The template in the image; trampoline_info points into it. */
extern const char trampoline_start[], trampoline_end[], trampoline_info[];
#endif

#endif
