/*
 * x86-64 specific part of the PV ABI: the hypervisor's reserved virtual
 * range, the flat segment selectors, trap table entries, the register
 * frames and vCPU context, and the arch parts of vcpu_info/shared_info.
 *
 * Included by xen.h; may also be included alone.
 */
#ifndef PUBLIC_ARCH_X86_64_H
#define PUBLIC_ARCH_X86_64_H

#include "xen-types.h"

/*
 * Flat segments the hypervisor provides in its reserved GDT page.  A PV
 * kernel and its user space both run at ring 3, so "kernel" and "user"
 * selectors are the same ring-3 descriptors.  The 64-bit data selector is
 * the null selector.
 */
#define FLAT_RING3_CS32 0xe023 /* GDT entry 7172, 32-bit code */
#define FLAT_RING3_DS32 0xe02b /* GDT entry 7173, 32-bit data */
#define FLAT_RING3_SS32 0xe02b /* GDT entry 7173 */
#define FLAT_RING3_CS64 0xe033 /* GDT entry 7174, 64-bit code */
#define FLAT_RING3_DS64 0x0000 /* null selector */
#define FLAT_RING3_SS64 0xe02b /* GDT entry 7173 */

#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS	 FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS	 FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS	 FLAT_KERNEL_SS64

#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * GDT pages from FIRST_RESERVED_GDT_PAGE on belong to the hypervisor; a
 * guest's own GDT (set_gdt) may only use the entries below it.
 */
#define FIRST_RESERVED_GDT_PAGE	 14
#define FIRST_RESERVED_GDT_BYTE	 (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * Virtual addresses the hypervisor keeps for itself in every guest page
 * table: L4 slots 256..271.  The first 256 GiB of it hold the read-only
 * machine-to-phys table (one 64-bit pfn per machine frame) that guests
 * read directly.
 */
#define HYPERVISOR_VIRT_START XEN_UL(0xFFFF800000000000)
#define HYPERVISOR_VIRT_END   XEN_UL(0xFFFF880000000000)
#define MACH2PHYS_VIRT_START  XEN_UL(0xFFFF800000000000)
#define MACH2PHYS_VIRT_END    XEN_UL(0xFFFF804000000000)
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* Which segment base set_segment_base (hypercall 25) changes. */
#define SEGBASE_FS	    0 /* FS base */
#define SEGBASE_GS_USER	    1 /* GS base used while in guest user mode */
#define SEGBASE_GS_KERNEL   2 /* GS base used while in guest kernel mode */
/* load the user GS selector given in the low 16 bits of the argument */
#define SEGBASE_GS_USER_SEL 3

/*
 * vcpu_guest_context.flags (VGCF_in_syscall: iret_context.flags).
 * i387_valid: fpu_ctxt holds state.  in_kernel: the vCPU is in guest
 * kernel mode.  failsafe/syscall_disables_events: entering that callback
 * masks events.  online: the vCPU is up.  in_syscall (x86-64 only):
 * iret returns as if by SYSRET.
 */
#define _VGCF_i387_valid	       0
#define VGCF_i387_valid		       (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel		       2
#define VGCF_in_kernel		       (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online		       5
#define VGCF_online		       (1 << _VGCF_online)
#define _VGCF_in_syscall	       8
#define VGCF_in_syscall		       (1 << _VGCF_in_syscall)

/* Frame number <-> CR3 value as stored in vcpu_guest_context.ctrlreg. */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

#ifndef __ASSEMBLER__

/* On x86-64 a callback is just the 64-bit address of the handler. */
typedef uint64_t xen_callback_t;

/*
 * One entry of the virtual IDT given to set_trap_table (hypercall 0).
 * flags bits 0-1: the DPL a software INT needs to reach this vector;
 * bit 2: mask events (clear the virtual IF) on entry, like an interrupt
 * gate.  A list is ended by an entry with address 0.
 */
struct trap_info {
	uint8_t vector;	  /* exception/interrupt vector */
	uint8_t flags;	  /* DPL in bits 0-1, bit 2: mask events */
	uint16_t cs;	  /* code selector to enter with */
	uint64_t address; /* handler entry point */
};

XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, vector, 0);
XEN_ABI_OFFSET(struct trap_info, flags, 1);
XEN_ABI_OFFSET(struct trap_info, cs, 2);
XEN_ABI_OFFSET(struct trap_info, address, 8);

#define TI_GET_DPL(ti)	    ((ti)->flags & 3)
#define TI_GET_IF(ti)	    ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, mask) ((ti)->flags |= ((!!(mask)) << 2))

XEN_DEFINE_GUEST_HANDLE(trap_info, struct trap_info);

/*
 * The frame a guest kernel pushes before the iret hypercall (23): it
 * makes the hypercall with RSP pointing at rax.  The hypervisor pops the
 * whole frame, restoring rax, r11 and rcx that the SYSCALL clobbered.
 */
struct iret_context {
	uint64_t rax;	 /* restored rax */
	uint64_t r11;	 /* restored r11 */
	uint64_t rcx;	 /* restored rcx */
	uint64_t flags;	 /* VGCF_in_syscall: return as if by SYSRET */
	uint64_t rip;	 /* return address */
	uint64_t cs;	 /* return code selector */
	uint64_t rflags; /* return RFLAGS (IF sets the virtual IF) */
	uint64_t rsp;	 /* return stack pointer */
	uint64_t ss;	 /* return stack selector */
};

XEN_ABI_SIZE(struct iret_context, 72);
XEN_ABI_OFFSET(struct iret_context, rax, 0);
XEN_ABI_OFFSET(struct iret_context, r11, 8);
XEN_ABI_OFFSET(struct iret_context, rcx, 16);
XEN_ABI_OFFSET(struct iret_context, flags, 24);
XEN_ABI_OFFSET(struct iret_context, rip, 32);
XEN_ABI_OFFSET(struct iret_context, cs, 40);
XEN_ABI_OFFSET(struct iret_context, rflags, 48);
XEN_ABI_OFFSET(struct iret_context, rsp, 56);
XEN_ABI_OFFSET(struct iret_context, ss, 64);

/*
 * General registers of a vCPU as the ABI shows them (inside
 * vcpu_guest_context).  Segment selectors occupy 64-bit slots.
 */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;   /* hypervisor-private */
	uint32_t entry_vector; /* hypervisor-private */
	uint64_t rip;
	uint16_t cs;
	uint16_t _pad0[1];
	uint8_t saved_upcall_mask; /* event mask to restore on return */
	uint8_t _pad1[3];
	uint64_t rflags; /* IF is the inverse of saved_upcall_mask */
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};

XEN_ABI_SIZE(struct cpu_user_regs, 200);
XEN_ABI_OFFSET(struct cpu_user_regs, r15, 0);
XEN_ABI_OFFSET(struct cpu_user_regs, r14, 8);
XEN_ABI_OFFSET(struct cpu_user_regs, r13, 16);
XEN_ABI_OFFSET(struct cpu_user_regs, r12, 24);
XEN_ABI_OFFSET(struct cpu_user_regs, rbp, 32);
XEN_ABI_OFFSET(struct cpu_user_regs, rbx, 40);
XEN_ABI_OFFSET(struct cpu_user_regs, r11, 48);
XEN_ABI_OFFSET(struct cpu_user_regs, r10, 56);
XEN_ABI_OFFSET(struct cpu_user_regs, r9, 64);
XEN_ABI_OFFSET(struct cpu_user_regs, r8, 72);
XEN_ABI_OFFSET(struct cpu_user_regs, rax, 80);
XEN_ABI_OFFSET(struct cpu_user_regs, rcx, 88);
XEN_ABI_OFFSET(struct cpu_user_regs, rdx, 96);
XEN_ABI_OFFSET(struct cpu_user_regs, rsi, 104);
XEN_ABI_OFFSET(struct cpu_user_regs, rdi, 112);
XEN_ABI_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_OFFSET(struct cpu_user_regs, entry_vector, 124);
XEN_ABI_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_OFFSET(struct cpu_user_regs, cs, 136);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad0, 138);
XEN_ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad1, 141);
XEN_ABI_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_OFFSET(struct cpu_user_regs, rsp, 152);
XEN_ABI_OFFSET(struct cpu_user_regs, ss, 160);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad2, 162);
XEN_ABI_OFFSET(struct cpu_user_regs, es, 168);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad3, 170);
XEN_ABI_OFFSET(struct cpu_user_regs, ds, 176);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad4, 178);
XEN_ABI_OFFSET(struct cpu_user_regs, fs, 184);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad5, 186);
XEN_ABI_OFFSET(struct cpu_user_regs, gs, 192);
XEN_ABI_OFFSET(struct cpu_user_regs, _pad6, 194);

/*
 * Complete state of a vCPU, as passed to VCPUOP_initialise to start a
 * secondary vCPU of a PV guest.
 */
struct vcpu_guest_context {
	uint8_t fpu_ctxt[512];		 /* FXSAVE image, first for alignment */
	uint64_t flags;			 /* VGCF_* */
	struct cpu_user_regs user_regs;	 /* general registers */
	struct trap_info trap_ctxt[256]; /* virtual IDT, indexed by vector */
	uint64_t ldt_base, ldt_ents;	 /* LDT: linear address, entries */
	uint64_t gdt_frames[16], gdt_ents; /* GDT: machine frames, entries */
	uint64_t kernel_ss, kernel_sp;	   /* guest kernel stack (the "TSS") */
	uint64_t ctrlreg[8];		   /* CR0-CR7; ctrlreg[1] is the user
					      page table root (x86-64 only) */
	uint64_t debugreg[8];		   /* DR0-DR7 */
	uint64_t event_callback_eip;	   /* CALLBACKTYPE_event handler */
	uint64_t failsafe_callback_eip;	   /* CALLBACKTYPE_failsafe handler */
	uint64_t syscall_callback_eip;	   /* CALLBACKTYPE_syscall handler */
	uint64_t vm_assist;		   /* bitmap of VMASST_TYPE_* */
	uint64_t fs_base;		   /* FS base */
	uint64_t gs_base_kernel;	   /* GS base in guest kernel mode */
	uint64_t gs_base_user;		   /* GS base in guest user mode */
};

XEN_ABI_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_OFFSET(struct vcpu_guest_context, fpu_ctxt, 0);
XEN_ABI_OFFSET(struct vcpu_guest_context, flags, 512);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_ents, 4824);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_frames, 4832);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_ents, 4960);
XEN_ABI_OFFSET(struct vcpu_guest_context, kernel_ss, 4968);
XEN_ABI_OFFSET(struct vcpu_guest_context, kernel_sp, 4976);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_OFFSET(struct vcpu_guest_context, debugreg, 5048);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_OFFSET(struct vcpu_guest_context, failsafe_callback_eip, 5120);
XEN_ABI_OFFSET(struct vcpu_guest_context, syscall_callback_eip, 5128);
XEN_ABI_OFFSET(struct vcpu_guest_context, vm_assist, 5136);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 5144);
XEN_ABI_OFFSET(struct vcpu_guest_context, gs_base_kernel, 5152);
XEN_ABI_OFFSET(struct vcpu_guest_context, gs_base_user, 5160);

XEN_DEFINE_GUEST_HANDLE(vcpu_guest_context, struct vcpu_guest_context);

/* Arch part of vcpu_info: pads vcpu_info to 64 bytes. */
struct arch_vcpu_info {
	uint64_t cr2; /* faulting address of the last #PF delivered */
	uint64_t pad;
};

XEN_ABI_SIZE(struct arch_vcpu_info, 16);
XEN_ABI_OFFSET(struct arch_vcpu_info, cr2, 0);
XEN_ABI_OFFSET(struct arch_vcpu_info, pad, 8);

/*
 * Arch part of shared_info.  Written by the guest for the benefit of the
 * toolstack (save/restore, dumps); the hypervisor does not rely on it.
 */
struct arch_shared_info {
	uint64_t max_pfn;		      /* valid entries in the p2m */
	xen_pfn_t pfn_to_mfn_frame_list_list; /* root of the 3-level p2m
						 frame list; 0 = not set up,
						 ~0 = use p2m_vaddr */
	uint64_t nmi_reason;		      /* NMI reason bits */
	uint64_t p2m_cr3;	 /* CR3 in which p2m_vaddr is valid,
				    0 if the next 2 are unused */
	uint64_t p2m_vaddr;	 /* virtual address of linear p2m */
	uint64_t p2m_generation; /* odd while the guest changes the
				    p2m mappings */
};

XEN_ABI_SIZE(struct arch_shared_info, 48);
XEN_ABI_OFFSET(struct arch_shared_info, max_pfn, 0);
XEN_ABI_OFFSET(struct arch_shared_info, pfn_to_mfn_frame_list_list, 8);
XEN_ABI_OFFSET(struct arch_shared_info, nmi_reason, 16);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_cr3, 24);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_vaddr, 32);
XEN_ABI_OFFSET(struct arch_shared_info, p2m_generation, 40);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_ARCH_X86_64_H */
