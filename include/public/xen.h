/*
 * Core of the PV hypercall ABI: hypercall numbers, the MMU and multicall
 * argument formats, reserved domain ids, and the start-of-day structures a
 * PV guest finds in memory (start_info, shared_info, vcpu_info).
 *
 * Hypercall convention on x86-64 PV: number in rax, arguments in rdi, rsi,
 * rdx, r10, r8 (up to five), result in rax; negative results are -XEN_E*
 * (errno.h).  Numbers 11 and 43..47 are unassigned.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include "xen-types.h"
#include "arch-x86_64.h"

/* Hypercall numbers. */
#define __HYPERVISOR_set_trap_table		   0
#define __HYPERVISOR_mmu_update			   1
#define __HYPERVISOR_set_gdt			   2
#define __HYPERVISOR_stack_switch		   3
#define __HYPERVISOR_set_callbacks		   4 /* 32-bit guests only */
#define __HYPERVISOR_fpu_taskswitch		   5
#define __HYPERVISOR_sched_op_compat		   6 /* legacy form of sched_op */
#define __HYPERVISOR_platform_op		   7
#define __HYPERVISOR_set_debugreg		   8
#define __HYPERVISOR_get_debugreg		   9
#define __HYPERVISOR_update_descriptor		   10
#define __HYPERVISOR_memory_op			   12
#define __HYPERVISOR_multicall			   13
#define __HYPERVISOR_update_va_mapping		   14
#define __HYPERVISOR_set_timer_op		   15
#define __HYPERVISOR_event_channel_op_compat	   16 /* legacy */
#define __HYPERVISOR_xen_version		   17
#define __HYPERVISOR_console_io			   18
#define __HYPERVISOR_physdev_op_compat		   19 /* legacy */
#define __HYPERVISOR_grant_table_op		   20
#define __HYPERVISOR_vm_assist			   21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			   23
#define __HYPERVISOR_vcpu_op			   24
#define __HYPERVISOR_set_segment_base		   25
#define __HYPERVISOR_mmuext_op			   26
#define __HYPERVISOR_xsm_op			   27
#define __HYPERVISOR_nmi_op			   28
#define __HYPERVISOR_sched_op			   29
#define __HYPERVISOR_callback_op		   30
#define __HYPERVISOR_xenoprof_op		   31
#define __HYPERVISOR_event_channel_op		   32
#define __HYPERVISOR_physdev_op			   33
#define __HYPERVISOR_hvm_op			   34
#define __HYPERVISOR_sysctl			   35
#define __HYPERVISOR_domctl			   36
#define __HYPERVISOR_kexec_op			   37
#define __HYPERVISOR_tmem_op			   38
#define __HYPERVISOR_argo_op			   39
#define __HYPERVISOR_xenpmu_op			   40
#define __HYPERVISOR_dm_op			   41
#define __HYPERVISOR_hypfs_op			   42
/* Architecture-specific hypercalls; on x86 arch_0 is the MCA interface. */
#define __HYPERVISOR_arch_0			   48
#define __HYPERVISOR_arch_1			   49
#define __HYPERVISOR_arch_2			   50
#define __HYPERVISOR_arch_3			   51
#define __HYPERVISOR_arch_4			   52
#define __HYPERVISOR_arch_5			   53
#define __HYPERVISOR_arch_6			   54
#define __HYPERVISOR_arch_7			   55
#define __HYPERVISOR_mca			   __HYPERVISOR_arch_0

/* Size of a hypercall dispatch table covering every number above. */
#define XEN_NR_HYPERCALLS 56

/*
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq.
 * Per-vCPU ones can be bound once on each vCPU; global ones once per
 * domain, and only dom0 (or the domain they are routed to) gets them.
 */
#define VIRQ_TIMER	0  /* per vCPU: timer fired */
#define VIRQ_DEBUG	1  /* per vCPU: dump debug state */
#define VIRQ_CONSOLE	2  /* global: input on the hypervisor console */
#define VIRQ_DOM_EXC	3  /* global: a domain crashed or shut down */
#define VIRQ_TBUF	4  /* global: trace buffer has data */
#define VIRQ_DEBUGGER	6  /* global: a domain paused for a debugger */
#define VIRQ_XENOPROF	7  /* per vCPU: profiling sample */
#define VIRQ_CON_RING	8  /* global: hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9  /* global: a physical CPU changed state */
#define VIRQ_MEM_EVENT	10 /* global: memory event */
#define VIRQ_ARGO	11 /* per domain: Argo message */
#define VIRQ_ENOMEM	12 /* global: hypervisor heap low */
#define VIRQ_XENPMU	13 /* per vCPU: PMU interrupt */
#define VIRQ_ARCH_0	16 /* x86: machine check (VIRQ_MCA) */
#define VIRQ_ARCH_1	17
#define VIRQ_ARCH_2	18
#define VIRQ_ARCH_3	19
#define VIRQ_ARCH_4	20
#define VIRQ_ARCH_5	21
#define VIRQ_ARCH_6	22
#define VIRQ_ARCH_7	23
#define NR_VIRQS	24
#define VIRQ_MCA	VIRQ_ARCH_0

/*
 * mmu_update (hypercall 1): the command is in the low 2 bits of
 * mmu_update.ptr (ptr is 8-byte aligned otherwise).
 */
#define MMU_NORMAL_PT_UPDATE	   0 /* ptr = MA of a PTE; *ptr = val, validated */
/* ptr = MA in the frame; M2P entry of that frame = val (a pfn) */
#define MMU_MACHPHYS_UPDATE	   1
/* as NORMAL, but keep the A and D bits already in the PTE */
#define MMU_PT_UPDATE_PRESERVE_AD  2
/* as NORMAL; val is never translated (foreign/auto-translated use) */
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/* mmuext_op (hypercall 26) commands. */
#define MMUEXT_PIN_L1_TABLE	  0  /* arg1.mfn: pin as an L1 table */
#define MMUEXT_PIN_L2_TABLE	  1  /* arg1.mfn: pin as an L2 table */
#define MMUEXT_PIN_L3_TABLE	  2  /* arg1.mfn: pin as an L3 table */
#define MMUEXT_PIN_L4_TABLE	  3  /* arg1.mfn: pin as an L4 table */
#define MMUEXT_UNPIN_TABLE	  4  /* arg1.mfn: drop the pin */
#define MMUEXT_NEW_BASEPTR	  5  /* arg1.mfn: new kernel L4 (CR3) */
#define MMUEXT_TLB_FLUSH_LOCAL	  6  /* flush this vCPU's TLB */
#define MMUEXT_INVLPG_LOCAL	  7  /* arg1.linear_addr: invlpg here */
#define MMUEXT_TLB_FLUSH_MULTI	  8  /* flush the TLBs of arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI	  9  /* invlpg arg1 on arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL	  10 /* flush every vCPU's TLB */
#define MMUEXT_INVLPG_ALL	  11 /* invlpg arg1 on every vCPU */
#define MMUEXT_FLUSH_CACHE	  12 /* wbinvd on this CPU */
/*
 * SET_LDT: the calling vCPU's LDT is arg2.nr_ents (at most 8192)
 * descriptors at guest linear address arg1.linear_addr (page-aligned);
 * nr_ents 0 = no LDT.  The pages are read when the CPU first uses them:
 * then they must be mapped read-only (they take the descriptor-page
 * type) and hold only descriptors set_gdt would accept, else the access
 * faults (#PF at the LDT address).
 */
#define MMUEXT_SET_LDT		  13 /* arg1.linear_addr, arg2.nr_ents */
#define MMUEXT_NEW_USER_BASEPTR	  15 /* arg1.mfn: new user L4 (0 = none) */
#define MMUEXT_CLEAR_PAGE	  16 /* arg1.mfn: zero the frame */
#define MMUEXT_COPY_PAGE	  17 /* copy arg2.src_mfn to arg1.mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18 /* wbinvd on every CPU */
#define MMUEXT_MARK_SUPER	  19 /* superpage tracking (obsolete) */
#define MMUEXT_UNMARK_SUPER	  20 /* superpage tracking (obsolete) */

/* update_va_mapping (hypercall 14) flags: flush type | scope. */
#define UVMF_NONE	    XEN_UL(0) /* no flush */
#define UVMF_TLB_FLUSH	    XEN_UL(1) /* flush whole TLB(s) */
#define UVMF_INVLPG	    XEN_UL(2) /* flush the one page */
#define UVMF_FLUSHTYPE_MASK XEN_UL(3)
/* scope: vCPU mask pointer in the flags word (bits 2 and up) */
#define UVMF_MULTI	    XEN_UL(0)
#define UVMF_LOCAL	    XEN_UL(0) /* scope: this vCPU only */
#define UVMF_ALL	    XEN_UL(4) /* scope: all vCPUs of the domain */

/* console_io (hypercall 18) commands. */
#define CONSOLEIO_write 0 /* (cmd, count, buffer) */
#define CONSOLEIO_read	1 /* (cmd, count, buffer) -> bytes read */

/* vm_assist (hypercall 21): (cmd, type). */
#define VMASST_CMD_enable		 0
#define VMASST_CMD_disable		 1
#define VMASST_TYPE_4gb_segments	 0 /* 32-bit only */
#define VMASST_TYPE_4gb_segments_notify	 1 /* 32-bit only */
#define VMASST_TYPE_writable_pagetables	 2 /* emulate writes to PT pages */
#define VMASST_TYPE_pae_extended_cr3	 3 /* 32-bit PAE only */
/* IOPL from rflags, not PHYSDEVOP_set_iopl */
#define VMASST_TYPE_architectural_iopl	 4
#define VMASST_TYPE_runstate_update_flag 5  /* XEN_RUNSTATE_UPDATE bit */
#define VMASST_TYPE_m2p_strict		 32 /* hide the M2P from user mode */

/*
 * Domain ids at and above DOMID_FIRST_RESERVED are not real domains but
 * special meanings in hypercall arguments.
 */
#define DOMID_FIRST_RESERVED 0x7FF0
#define DOMID_SELF	     0x7FF0 /* the calling domain */
#define DOMID_IO	     0x7FF1 /* owner of MMIO and I/O frames */
#define DOMID_XEN	     0x7FF2 /* owner of hypervisor frames */
#define DOMID_COW	     0x7FF3 /* owner of shared copy-on-write frames */
#define DOMID_INVALID	     0x7FF4 /* no domain */
#define DOMID_ANY	     0x7FF5 /* wildcard (xenstore, argo) */
#define DOMID_IDLE	     0x7FFF /* the idle domain */
#define DOMID_MASK	     0x7FFF

/* Maximum length of start_info.cmd_line, NUL included. */
#define MAX_GUEST_CMDLINE 1024

/* start_info.flags. */
#define SIF_PRIVILEGED	    (1 << 0) /* domain may use privileged hypercalls */
#define SIF_INITDOMAIN	    (1 << 1) /* this is dom0 */
#define SIF_MULTIBOOT_MOD   (1 << 2) /* mod_start is a multiboot mod list */
#define SIF_MOD_START_PFN   (1 << 3) /* mod_start is a pfn, not a VA */
/* tools read the linear p2m; no need for the 3-level frame list */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK	    (0xFF << 8) /* reserved for power management */

/* vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is in sync on all CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* guest was paused */

/* Values of dom0_vga_console_info.video_type. */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB	0x23
#define XEN_VGATYPE_EFI_LFB	0x70

/*
 * Number of event channels of the 2-level ABI: 64 selector bits, each
 * covering one 64-bit word of evtchn_pending.
 */
#define EVTCHN_2L_NR_CHANNELS 4096
#define NR_EVENT_CHANNELS     EVTCHN_2L_NR_CHANNELS

/* Number of vcpu_info slots inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32
#define MAX_VIRT_CPUS	     XEN_LEGACY_MAX_VCPUS

#ifndef __ASSEMBLER__

/* One request of mmu_update (hypercall 1). */
struct mmu_update {
	uint64_t ptr; /* machine address | MMU_* command in bits 0-1 */
	uint64_t val; /* new PTE contents, or pfn for MACHPHYS_UPDATE */
};

XEN_ABI_SIZE(struct mmu_update, 16);
XEN_ABI_OFFSET(struct mmu_update, ptr, 0);
XEN_ABI_OFFSET(struct mmu_update, val, 8);

XEN_DEFINE_GUEST_HANDLE(mmu_update, struct mmu_update);

/* One request of mmuext_op (hypercall 26). */
struct mmuext_op {
	uint32_t cmd; /* MMUEXT_* */
	union {
		xen_pfn_t mfn;	      /* PIN/UNPIN, *_BASEPTR, CLEAR/COPY_PAGE,
					 (UN)MARK_SUPER */
		uint64_t linear_addr; /* INVLPG_*, SET_LDT */
	} arg1;
	union {
		uint32_t nr_ents;		       /* SET_LDT */
		XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI: bitmap */
		xen_pfn_t src_mfn;		       /* COPY_PAGE */
	} arg2;
};

XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, cmd, 0);
XEN_ABI_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg1.mfn, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg1.linear_addr, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);
XEN_ABI_OFFSET(struct mmuext_op, arg2.nr_ents, 16);
XEN_ABI_OFFSET(struct mmuext_op, arg2.vcpumask, 16);
XEN_ABI_OFFSET(struct mmuext_op, arg2.src_mfn, 16);

XEN_DEFINE_GUEST_HANDLE(mmuext_op, struct mmuext_op);

/*
 * One entry of a multicall (hypercall 13).  The hypervisor runs op with
 * args[0..4] (args[5] is never used) and stores its return in result.
 */
struct multicall_entry {
	xen_ulong_t op;	     /* __HYPERVISOR_* */
	xen_ulong_t result;  /* written by the hypervisor */
	xen_ulong_t args[6]; /* arguments, in order */
};

XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_OFFSET(struct multicall_entry, op, 0);
XEN_ABI_OFFSET(struct multicall_entry, result, 8);
XEN_ABI_OFFSET(struct multicall_entry, args, 16);

XEN_DEFINE_GUEST_HANDLE(multicall_entry, struct multicall_entry);

/*
 * Per-vCPU time base, written by the hypervisor.  The writer makes
 * version odd, updates the rest, then makes it even again; a reader
 * retries while version is odd or changed under it.  Guest time is
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32
 * with a negative tsc_shift meaning a right shift.
 */
struct vcpu_time_info {
	uint32_t version; /* odd while an update is in progress */
	uint32_t pad0;
	uint64_t tsc_timestamp;	    /* TSC when system_time was sampled */
	uint64_t system_time;	    /* ns since the domain's boot */
	uint32_t tsc_to_system_mul; /* TSC -> ns multiplier, 32.32 */
	int8_t tsc_shift;	    /* power-of-two pre-scale of TSC deltas */
	uint8_t flags;		    /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};

XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, version, 0);
XEN_ABI_OFFSET(struct vcpu_time_info, pad0, 4);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_ABI_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_ABI_OFFSET(struct vcpu_time_info, flags, 29);
XEN_ABI_OFFSET(struct vcpu_time_info, pad1, 30);

XEN_DEFINE_GUEST_HANDLE(vcpu_time_info, struct vcpu_time_info);

/*
 * Per-vCPU shared data: the event upcall flags, the per-vCPU selector of
 * the 2-level event ABI, CR2 and the time base.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;	/* set by hv when an event is
					   pending; cleared by the guest */
	uint8_t evtchn_upcall_mask;	/* non-zero: no upcall (virtual IF
					   clear); guest-owned */
	xen_ulong_t evtchn_pending_sel; /* bit i: evtchn_pending[i] may have
					   set bits */
	struct arch_vcpu_info arch;	/* cr2 */
	struct vcpu_time_info time;	/* time base */
};

XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_pending, 0);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 16);
XEN_ABI_OFFSET(struct vcpu_info, time, 32);

/*
 * The shared-info page (one 4 KiB frame, given by machine address in
 * start_info.shared_info).  Only the first 3136 bytes are defined.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS]; /* by vCPU id, until
							     the guest moves
							     it elsewhere */
	xen_ulong_t evtchn_pending[64]; /* 2-level ABI: one bit per port */
	xen_ulong_t evtchn_mask[64];	/* 2-level ABI: 1 = port masked */
	uint32_t wc_version;		/* like vcpu_time_info.version */
	uint32_t wc_sec;		/* wall clock at system time 0: secs */
	uint32_t wc_nsec;		/* ... and nanoseconds */
	uint32_t wc_sec_hi;		/* upper 32 bits of the seconds */
	struct arch_shared_info arch;	/* p2m bookkeeping for tools */
};

XEN_ABI_SIZE(struct shared_info, 3136);
XEN_ABI_OFFSET(struct shared_info, vcpu_info, 0);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_OFFSET(struct shared_info, wc_sec, 3076);
XEN_ABI_OFFSET(struct shared_info, wc_nsec, 3080);
XEN_ABI_OFFSET(struct shared_info, wc_sec_hi, 3084);
XEN_ABI_OFFSET(struct shared_info, arch, 3088);

/*
 * The start-of-day page of a PV guest; its virtual address is in rsi at
 * entry.  The fields up to console are refreshed on resume, the rest are
 * valid on first boot only.
 */
struct start_info {
	char magic[32];	       /* "xen-3.0-x86_64", NUL padded */
	uint64_t nr_pages;     /* pages the domain owns */
	uint64_t shared_info;  /* machine address of shared_info */
	uint32_t flags;	       /* SIF_* */
	xen_pfn_t store_mfn;   /* xenstore ring frame (domU) */
	uint32_t store_evtchn; /* xenstore event channel (domU) */
	union {
		struct {
			xen_pfn_t mfn;	 /* console ring frame */
			uint32_t evtchn; /* console event channel */
		} domU;
		struct {
			uint32_t info_off;  /* offset of a
					       dom0_vga_console_info from
					       the start of this struct */
			uint32_t info_size; /* its size; 0 if none */
		} dom0;
	} console;
	uint64_t pt_base;      /* VA of the bootstrap L4 */
	uint64_t nr_pt_frames; /* number of bootstrap page-table frames */
	uint64_t mfn_list;     /* VA of the p2m array (pfn -> mfn) */
	uint64_t mod_start;    /* VA of the initrd, or its first pfn with
				  SIF_MOD_START_PFN */
	uint64_t mod_len;      /* initrd length in bytes */
	char cmd_line[MAX_GUEST_CMDLINE]; /* NUL-terminated command line */
	uint64_t first_p2m_pfn;		  /* first pfn of the initial p2m + its
					     page tables (INIT_P2M) */
	uint64_t nr_p2m_frames;		  /* number of such pfns */
};

XEN_ABI_SIZE(struct start_info, 1168);
XEN_ABI_OFFSET(struct start_info, magic, 0);
XEN_ABI_OFFSET(struct start_info, nr_pages, 32);
XEN_ABI_OFFSET(struct start_info, shared_info, 40);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_OFFSET(struct start_info, store_evtchn, 64);
XEN_ABI_OFFSET(struct start_info, console, 72);
XEN_ABI_OFFSET(struct start_info, console.domU, 72);
XEN_ABI_OFFSET(struct start_info, console.domU.mfn, 72);
XEN_ABI_OFFSET(struct start_info, console.domU.evtchn, 80);
XEN_ABI_OFFSET(struct start_info, console.dom0, 72);
XEN_ABI_OFFSET(struct start_info, console.dom0.info_off, 72);
XEN_ABI_OFFSET(struct start_info, console.dom0.info_size, 76);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, nr_pt_frames, 96);
XEN_ABI_OFFSET(struct start_info, mfn_list, 104);
XEN_ABI_OFFSET(struct start_info, mod_start, 112);
XEN_ABI_OFFSET(struct start_info, mod_len, 120);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_OFFSET(struct start_info, nr_p2m_frames, 1160);

/*
 * dom0's description of the firmware console it may take over, placed by
 * the builder after start_info (start_info.console.dom0).
 */
struct dom0_vga_console_info {
	uint8_t video_type; /* XEN_VGATYPE_* */
	union {
		struct {
			uint16_t font_height; /* pixels */
			uint16_t cursor_x;    /* column */
			uint16_t cursor_y;    /* row */
			uint16_t rows;	      /* text rows */
			uint16_t columns;     /* text columns */
		} text_mode_3;
		struct {
			uint16_t width;		 /* pixels */
			uint16_t height;	 /* pixels */
			uint16_t bytes_per_line; /* scan line pitch */
			uint16_t bits_per_pixel;
			uint32_t lfb_base; /* frame buffer address, low 32 */
			uint32_t lfb_size; /* in 64 KiB units */
			uint8_t red_pos, red_size; /* VBE colour layout */
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
			uint32_t gbl_caps;   /* VBE controller capabilities */
			uint16_t mode_attrs; /* VBE mode attributes */
			uint16_t pad;
			uint32_t ext_lfb_base; /* frame buffer address, high 32
						*/
		} vesa_lfb;
	} u;
};

XEN_ABI_SIZE(struct dom0_vga_console_info, 40);
XEN_ABI_OFFSET(struct dom0_vga_console_info, video_type, 0);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u, 4);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3, 4);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3.font_height, 4);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3.cursor_x, 6);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3.cursor_y, 8);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3.rows, 10);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.text_mode_3.columns, 12);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb, 4);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.width, 4);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.height, 6);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.bytes_per_line, 8);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.bits_per_pixel, 10);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.lfb_base, 12);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.lfb_size, 16);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.red_pos, 20);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.red_size, 21);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.green_pos, 22);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.green_size, 23);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.blue_pos, 24);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.blue_size, 25);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.rsvd_pos, 26);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.rsvd_size, 27);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps, 28);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.mode_attrs, 32);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.pad, 34);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 36);

/* A CPU (or node) set passed by reference: bit n of bitmap is item n. */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE(uint8) bitmap; /* bytes holding nr_bits bits */
	uint32_t nr_bits;
};

XEN_ABI_SIZE(struct xenctl_bitmap, 16);
XEN_ABI_OFFSET(struct xenctl_bitmap, bitmap, 0);
XEN_ABI_OFFSET(struct xenctl_bitmap, nr_bits, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_XEN_H */
