/*
 * x86-64 PV state of a domain and of a vCPU.
 *
 * While a vCPU runs, its guest registers live in the frame at the top of
 * the CPU's stack (guest_cpu_regs()); user_regs holds them only while
 * the vCPU is descheduled.  Everything here is written by the vCPU itself
 * (hypercalls, traps) or by the builder before the vCPU first runs.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <xen/types.h>
#include <asm/regs.h>

/* One virtual IDT entry, copied and sanitised from the guest's trap_info. */
struct pv_trap {
	unsigned long address;  /* handler RIP, 0 = none */
	u16 cs;                 /* forced to RPL 3 */
	u8 dpl;                 /* privilege needed for a software int */
	bool mask_events;       /* "interrupt gate": set the upcall mask */
};

struct pv_callback {
	unsigned long address;  /* 0 = not registered */
	bool mask_events;       /* CALLBACKF_mask_events */
};

#define NR_GDT_FRAMES 14
#define NR_LDT_FRAMES 16   /* 8192 descriptors */
#define VMCE_NR_BANKS 2   /* machine-check banks a PV vCPU sees (Xen's) */

struct arch_vcpu {
	struct cpu_regs user_regs;  /* saved guest frame (descheduled) */
	bool kernel_mode;                /* guest kernel (true) or user */
	unsigned long guest_table;       /* kernel L4 MFN, 0 = none */
	unsigned long guest_table_user;  /* user L4 MFN, 0 = none */
	u64 fs_base;
	u64 gs_base_kernel;
	u64 gs_base_user;
	u16 ds, es, fs, gs;              /* guest selectors (descheduled) */
	struct pv_trap *traps;           /* [256] virtual IDT */
	struct pv_callback event_cb, failsafe_cb, syscall_cb;
	unsigned long kernel_ss, kernel_sp;  /* stack_switch */
	unsigned int iopl;               /* virtual IOPL 0-3 */
	unsigned long iobmp;             /* set_iobitmap: guest kernel VA */
	unsigned int iobmp_nr;           /* ports it covers, 0 = none */
	unsigned long guest_cr4;         /* guest-controlled CR4 bits (DE) */
	unsigned long gdt_frames[NR_GDT_FRAMES];
	unsigned int gdt_ents;
	unsigned long ldt_base;          /* MMUEXT_SET_LDT: guest linear VA */
	unsigned int ldt_ents;           /* ... and entries, 0 = no LDT */
	/*
	 * LDT pages mapped so far (descriptor_tables.c): bit i of
	 * ldt_present set => ldt_frames[i] holds a general and a
	 * PGT_seg_desc_page reference and is shown at page i of the
	 * window while v runs.  Changed only by v itself or once v can
	 * no longer run, under the MMU lock.
	 */
	unsigned long ldt_frames[NR_LDT_FRAMES];
	unsigned int ldt_present;
	bool guest_ts;                   /* virtual CR0.TS (fpu_taskswitch) */
	bool failsafe_pending;           /* a selector reload faulted: bounce */
	u16 failed_sel[4];               /* DS, ES, FS, GS the guest had */
	bool fpu_initialised;
	u8 *fpu_area;                    /* 512-byte FXSAVE image, 16-aligned */
	unsigned long debugreg[8];
	u64 mcg_status;                  /* virtual MCG_STATUS (pv/vmce.c) */
	u64 mc_ctl2[VMCE_NR_BANKS];      /* virtual MCi_CTL2 (Intel) */
};

struct arch_domain {
	unsigned long vm_assist;         /* VMASST_TYPE_* bits */
	unsigned long hypercall_page_va; /* from the ELF note, 0 = none */
	unsigned long max_pfn;           /* highest pfn given (pv/mm, M2P) */
	u32 pci_cf8;                     /* dom0's 0xcf8 latch (pv/emul_io.c) */
};

#endif
