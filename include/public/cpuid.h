/*
 * The hypervisor's CPUID leaves and the forced-emulation prefix for PV
 * guests (numbers as in Xen's public/arch-x86/cpuid.h and
 * public/arch-x86/xen.h).
 *
 * A PV guest runs its kernel at CPL 3 where CPUID usually does not trap,
 * so it executes XEN_EMULATE_PREFIX followed by CPUID ("ud2; .ascii
 * \"xen\"; cpuid"); the resulting #UD is recognised and the CPUID is
 * answered from the guest's policy, RIP advancing past all 7 bytes.
 *
 * Leaves (base XEN_CPUID_FIRST_LEAF; guests search base + n * 0x100):
 *   +0: EAX max leaf, EBX:ECX:EDX = "XenVMMXenVMM"
 *   +1: EAX (major << 16) | minor
 *   +2: EAX hypercall pages, EBX hypercall-page MSR, ECX XEN_CPUID_FEAT1_*
 *   +3: TSC mode and frequency (subleaf 0: flags/mode/kHz; 2: kHz)
 *   +4: HVM only (0 for PV)
 *   +5: EBX[7:0] machine address width (0: unknown)
 */
#ifndef PUBLIC_CPUID_H
#define PUBLIC_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* Leaf +2 ECX. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD                              \
	(1u << _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD)

/* Leaf +3 subleaf 0 EAX. */
#define XEN_CPUID_TSC_EMULATED	    (1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE (1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL (1u << 2)

/* Leaf +5 EBX. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK 0xffu

/* ud2; .ascii "xen" -- then the instruction to emulate (CPUID: 0f a2). */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
#define XEN_EMULATE_PREFIX_LEN	 5
#define XEN_CPUID_INSN_BYTES	 0x0f, 0xa2
#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte XEN_EMULATE_PREFIX_BYTES;
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#endif

#endif /* PUBLIC_CPUID_H */
