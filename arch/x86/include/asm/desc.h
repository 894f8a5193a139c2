/*
 * Segment selectors, descriptors, the TSS and the IDT.
 *
 * The hypervisor's GDT entries live at the ABI's reserved indices
 * (FIRST_RESERVED_GDT_ENTRY = 7168, byte offset 0xe000) so that PV guests
 * can own entries 0..7167; selector values follow the x86-64 PV ABI and
 * make SYSCALL/SYSRET land on the right segments.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/* = the ABI's FIRST_RESERVED_GDT_ENTRY / _BYTE (public/arch-x86_64.h). */
#define HV_GDT_FIRST_ENTRY 7168
#define HV_GDT_FIRST_BYTE  (HV_GDT_FIRST_ENTRY * 8)

#define __HYPERVISOR_CS   0xe008   /* 64-bit ring-0 code */
#define __HYPERVISOR_DS   0xe010   /* ring-0 data (also SS) */
#define __HYPERVISOR_CS32 0xe018   /* 32-bit ring-0 code */
/* 0xe023/0xe02b/0xe033: the ABI's FLAT_RING3_* selectors (guest use). */
#define FLAT_RING3_CS32_SEL 0xe023 /* SYSRET base: CS = +16, SS = +8 */
#define TSS_SELECTOR      0xe040   /* 16-byte system descriptor */
/* The LDTR while a vCPU has an LDT: this CPU's LDT window (below). */
#define LDT_SELECTOR      0xe050   /* 16-byte system descriptor */
#define NR_RESERVED_GDT_BYTES 0x60

/*
 * Per-CPU descriptor-table windows in the PERDOMAIN slot (asm/config.h).
 * CPU n's window is 128 KiB at GDT_WINDOW_VA(n):
 *   pages  0-13  the running vCPU's guest GDT frames (or a shared zero page)
 *   page  14     this CPU's hypervisor GDT page (reserved entries, 0xe000)
 *   page  15     never mapped (guard)
 *   pages 16-31  the running vCPU's LDT (LDT_WINDOW_VA(n)): a page is
 *                mapped only once the CPU faulted on it (lazy, see
 *                arch/x86/pv/descriptor_tables.c), else not present
 * The GDTR base is the window, so a guest selector can only ever index
 * guest frames or zeros.  The LDTR is LDT_SELECTOR, a system descriptor
 * in the reserved entries whose base is LDT_WINDOW_VA(n) and whose limit
 * is the vCPU's nr_ents * 8 - 1, or null when the vCPU has no LDT.
 */
#define GDT_WINDOW_SHIFT      17
#define GDT_WINDOW_PAGES      32
#define NR_GUEST_GDT_PAGES    14   /* = the ABI's FIRST_RESERVED_GDT_PAGE */
#define LDT_WINDOW_FIRST_PAGE 16
#define NR_LDT_PAGES          16   /* 8192 entries, the ABI's maximum */
#define GDT_WINDOW_VA(cpu)    (PERDOMAIN_VIRT_START + \
			       ((unsigned long)(cpu) << GDT_WINDOW_SHIFT))
#define LDT_WINDOW_VA(cpu)    (GDT_WINDOW_VA(cpu) + \
			       LDT_WINDOW_FIRST_PAGE * PAGE_SIZE)

/* IST slots (1-based as in the IDT gate). */
#define IST_DF  1
#define IST_NMI 2
#define IST_MCE 3
#define NR_IST_PAGES 3   /* one page each, at the bottom of the stack block */

#include <asm/config.h>

#ifndef __ASSEMBLY__
#include <xen/compiler.h>
#include <xen/types.h>

struct __packed tss64 {
	u32 reserved0;
	u64 rsp[3];        /* stacks for CPL0-2 entry */
	u64 reserved1;
	u64 ist[7];        /* IST1..IST7 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;    /* offset of the I/O bitmap */
};
BUILD_BUG_ON(sizeof(struct tss64) != 104);

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;            /* bits 0-2 */
	u8 type_attr;      /* P | DPL | type (0xe = interrupt gate) */
	u16 offset_mid;
	u32 offset_hi;
	u32 reserved;
};
BUILD_BUG_ON(sizeof(struct idt_gate) != 16);

#define GATE_INTERRUPT 0x8e   /* present, DPL0, 64-bit interrupt gate */
#define GATE_INTERRUPT_USER 0xee /* same, DPL3: int3/into from guests */
#define SYS_DESC_TSS   0x89   /* present, DPL0, available 64-bit TSS */
#define SYS_DESC_LDT   0x82   /* present, DPL0, LDT */

/* Segment descriptor fields, as bits of the 64-bit descriptor. */
#define SEG_DESC_TYPE_MASK (0xfULL << 40)  /* type (with S: code/data kind) */
#define SEG_DESC_S         (1ULL << 44)    /* code/data, not system */
#define SEG_DESC_DPL_MASK  (3ULL << 45)    /* descriptor privilege level */
#define SEG_DESC_P         (1ULL << 47)    /* present */

/* Per-CPU descriptor setup (arch/x86/desc.c). */
void idt_init(void);                 /* once, on the BSP */
void cpu_load_descriptors(unsigned int cpu, void *stack_block);
extern struct tss64 *per_cpu_tss[];
/*
 * Once per CPU after the heap exists and before any guest L4 is built
 * (the BSP's call creates the PERDOMAIN slot's tables that guest L4s
 * share): build this CPU's GDT window and move the GDTR there.
 */
void gdt_window_init(unsigned int cpu);
/*
 * Show frames mfns[0..nr) (nr <= NR_GUEST_GDT_PAGES) as the guest part of
 * this CPU's GDT, zeros above.  The caller holds a type reference on each
 * frame for as long as it stays mapped.  Local TLB entries only.
 */
void gdt_window_map(const unsigned long *mfns, unsigned int nr);
/*
 * Show LDT frame mfns[i] at page i of this CPU's LDT window for each bit i
 * set in `present`, nothing (not present) elsewhere; then load the LDTR
 * with a limit of ents descriptors (null when ents is 0).  The caller
 * holds a type reference on each frame for as long as it stays mapped.
 * Local TLB entries only.
 */
void ldt_window_load(const unsigned long *mfns, unsigned int present,
		     unsigned int ents);
/* Map one more LDT frame at page `page` of this CPU's LDT window. */
void ldt_window_map_page(unsigned int page, unsigned long mfn);
#endif

#endif
