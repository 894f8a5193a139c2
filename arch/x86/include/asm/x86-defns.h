/* Architectural register bits (Intel SDM vol. 3, AMD APM vol. 2). */
#ifndef ASM_X86_DEFNS_H
#define ASM_X86_DEFNS_H

#define X86_EFLAGS_CF   0x00000001 /* carry */
#define X86_EFLAGS_MBS  0x00000002 /* reserved, must be set */
#define X86_EFLAGS_PF   0x00000004
#define X86_EFLAGS_AF   0x00000010
#define X86_EFLAGS_ZF   0x00000040
#define X86_EFLAGS_SF   0x00000080
#define X86_EFLAGS_TF   0x00000100 /* trap flag (single step) */
#define X86_EFLAGS_IF   0x00000200 /* interrupt enable */
#define X86_EFLAGS_DF   0x00000400 /* direction */
#define X86_EFLAGS_OF   0x00000800
#define X86_EFLAGS_IOPL 0x00003000 /* I/O privilege level */
#define X86_EFLAGS_IOPL_SHIFT 12
#define X86_EFLAGS_NT   0x00004000 /* nested task */
#define X86_EFLAGS_RF   0x00010000 /* resume */
#define X86_EFLAGS_VM   0x00020000 /* virtual 8086 */
#define X86_EFLAGS_AC   0x00040000 /* alignment check */
#define X86_EFLAGS_VIF  0x00080000
#define X86_EFLAGS_VIP  0x00100000
#define X86_EFLAGS_ID   0x00200000 /* CPUID available */

#define X86_CR0_PE 0x00000001 /* protection enable */
#define X86_CR0_MP 0x00000002 /* monitor coprocessor */
#define X86_CR0_EM 0x00000004 /* x87 emulation */
#define X86_CR0_TS 0x00000008 /* task switched (lazy FPU) */
#define X86_CR0_ET 0x00000010 /* extension type, always 1 */
#define X86_CR0_NE 0x00000020 /* native x87 error reporting */
#define X86_CR0_WP 0x00010000 /* supervisor write protect */
#define X86_CR0_AM 0x00040000 /* alignment mask */
#define X86_CR0_NW 0x20000000 /* not write-through */
#define X86_CR0_CD 0x40000000 /* cache disable */
#define X86_CR0_PG 0x80000000 /* paging */

#define X86_CR4_VME        0x00000001
#define X86_CR4_PVI        0x00000002
#define X86_CR4_TSD        0x00000004 /* rdtsc at CPL0 only */
#define X86_CR4_DE         0x00000008 /* debugging extensions */
#define X86_CR4_PSE        0x00000010 /* page size extensions */
#define X86_CR4_PAE        0x00000020 /* physical address extension */
#define X86_CR4_MCE        0x00000040 /* machine check enable */
#define X86_CR4_PGE        0x00000080 /* global pages */
#define X86_CR4_PCE        0x00000100
#define X86_CR4_OSFXSR     0x00000200 /* fxsave/fxrstor, SSE */
#define X86_CR4_OSXMMEXCPT 0x00000400 /* SIMD FP exceptions */
#define X86_CR4_UMIP       0x00000800
#define X86_CR4_LA57       0x00001000
#define X86_CR4_FSGSBASE   0x00010000
#define X86_CR4_PCIDE      0x00020000
#define X86_CR4_OSXSAVE    0x00040000
#define X86_CR4_SMEP       0x00100000
#define X86_CR4_SMAP       0x00200000
#define X86_CR4_PKE        0x00400000

/* Exception vectors. */
#define TRAP_divide_error   0
#define TRAP_debug          1
#define TRAP_nmi            2
#define TRAP_int3           3
#define TRAP_overflow       4
#define TRAP_bounds         5
#define TRAP_invalid_op     6
#define TRAP_no_device      7
#define TRAP_double_fault   8
#define TRAP_copro_seg      9
#define TRAP_invalid_tss   10
#define TRAP_no_segment    11
#define TRAP_stack_error   12
#define TRAP_gp_fault      13
#define TRAP_page_fault    14
#define TRAP_spurious_int  15
#define TRAP_copro_error   16
#define TRAP_alignment_check 17
#define TRAP_machine_check 18
#define TRAP_simd_error    19
#define TRAP_virtualisation 20
#define TRAP_nr            32

/* Page-fault error code bits. */
#define PFEC_page_present  0x01
#define PFEC_write_access  0x02
#define PFEC_user_mode     0x04
#define PFEC_reserved_bit  0x08
#define PFEC_insn_fetch    0x10

/* Selector-format error code of #GP/#NP/#TS/#SS (SDM vol. 3 6.13). */
#define X86_XEC_EXT        0x01 /* raised while delivering an external event */
#define X86_XEC_IDT        0x02 /* the index names an IDT gate */
#define X86_XEC_TI         0x04 /* the index names an LDT entry */
#define X86_XEC_IDX_SHIFT  3    /* the index (here: the vector) */
#define X86_OPC_INT_IMM8   0xcd /* "int $imm8" opcode; 2 bytes in all */

#endif
