/*
 * CPUID leaves and feature bits (Intel SDM vol. 2A "CPUID", AMD APM
 * vol. 3 appendix E), named as in the manuals.  Only the bits the PV
 * CPUID policy (arch/x86/pv/emul_cpuid.c) keeps or must know about.
 */
#ifndef ASM_CPUFEATURE_H
#define ASM_CPUFEATURE_H

/* Leaves. */
#define CPUID_LEAF_VENDOR       0x00000000
#define CPUID_LEAF_FEATURES     0x00000001
#define CPUID_LEAF_CACHE_DESC   0x00000002
#define CPUID_LEAF_CACHE_PARAMS 0x00000004
#define CPUID_LEAF_EXT_FEATURES 0x00000007
#define CPUID_LEAF_XSAVE        0x0000000d /* subleaf 1 EAX: XSAVE features */
#define CPUID_MAX_BASIC_LEAF    0x0000000d /* highest basic leaf we model */
#define CPUID_LEAF_EXT_MAX      0x80000000
#define CPUID_LEAF_EXT_FEAT1    0x80000001
#define CPUID_LEAF_BRAND0       0x80000002
#define CPUID_LEAF_L2_CACHE     0x80000006
#define CPUID_LEAF_APM          0x80000007
#define CPUID_LEAF_ADDR_SIZES   0x80000008
#define CPUID_MAX_EXT_LEAF      0x80000008 /* highest extended leaf we model */
#define CPUID_HV_RANGE_START    0x40000000 /* hypervisor leaves */
#define CPUID_HV_RANGE_END      0x4fffffff

/* Leaf 1 EBX. */
#define CPUID1_EBX_APIC_ID_SHIFT 24        /* initial APIC id, bits 31:24 */
#define CPUID1_EBX_APIC_ID_MASK  0xff000000u
#define CPUID1_EBX_NLOGICAL_SHIFT 16       /* logical CPUs per package, 23:16 */
#define CPUID1_EBX_CLFLUSH_SHIFT  8        /* CLFLUSH line, 8-byte units, 15:8 */
#define CPUID1_EBX_BYTE_MASK      0xffu
#define CPUID1_EBX_CLFLUSH_UNIT   8         /* bytes */

/* Leaf 1 EAX: the processor signature. */
#define CPUID1_EAX_STEPPING(a)   ((a) & 0xf)
#define CPUID1_EAX_MODEL(a)      (((a) >> 4) & 0xf)
#define CPUID1_EAX_FAMILY(a)     (((a) >> 8) & 0xf)
#define CPUID1_EAX_EXT_MODEL(a)  (((a) >> 16) & 0xf)   /* model bits 7:4 */
#define CPUID1_EAX_EXT_FAMILY(a) (((a) >> 20) & 0xff)  /* added to family 0xf */
#define CPUID_FAMILY_EXTENDED    0xf       /* family using EXT_FAMILY */
#define CPUID_FAMILY_EXT_MODEL   0x6       /* from here on EXT_MODEL counts */

/* Leaf 0x80000006 ECX: L2 cache. */
#define CPUID_L2_SIZE_KB(c)      ((c) >> 16)           /* bits 31:16, KiB */

#define CPUID_BRAND_LEAVES       3         /* 0x80000002-4: 48-byte brand */

/* Leaf 1 ECX. */
#define X86_FEAT_SSE3       (1u << 0)
#define X86_FEAT_PCLMULQDQ  (1u << 1)
#define X86_FEAT_SSSE3      (1u << 9)
#define X86_FEAT_CX16       (1u << 13)
#define X86_FEAT_SSE4_1     (1u << 19)
#define X86_FEAT_SSE4_2     (1u << 20)
#define X86_FEAT_MOVBE      (1u << 22)
#define X86_FEAT_POPCNT     (1u << 23)
#define X86_FEAT_AES        (1u << 25)
#define X86_FEAT_XSAVE      (1u << 26)
#define X86_FEAT_OSXSAVE    (1u << 27)
#define X86_FEAT_RDRAND     (1u << 30)
#define X86_FEAT_HYPERVISOR (1u << 31) /* running under a hypervisor */

/* Leaf 1 EDX. */
#define X86_FEAT_FPU        (1u << 0)
#define X86_FEAT_VME        (1u << 1)
#define X86_FEAT_DE         (1u << 2)
#define X86_FEAT_PSE        (1u << 3)
#define X86_FEAT_TSC        (1u << 4)
#define X86_FEAT_MSR        (1u << 5)
#define X86_FEAT_PAE        (1u << 6)
#define X86_FEAT_MCE        (1u << 7)
#define X86_FEAT_CX8        (1u << 8)
#define X86_FEAT_APIC       (1u << 9)
#define X86_FEAT_SEP        (1u << 11)
#define X86_FEAT_MTRR       (1u << 12)
#define X86_FEAT_PGE        (1u << 13)
#define X86_FEAT_MCA        (1u << 14)
#define X86_FEAT_CMOV       (1u << 15)
#define X86_FEAT_PAT        (1u << 16)
#define X86_FEAT_CLFLUSH    (1u << 19)
#define X86_FEAT_MMX        (1u << 23)
#define X86_FEAT_FXSR       (1u << 24)
#define X86_FEAT_SSE        (1u << 25)
#define X86_FEAT_SSE2       (1u << 26)
#define X86_FEAT_HTT        (1u << 28)

/* Leaf 7 subleaf 0 EBX. */
#define X86_FEAT_FSGSBASE   (1u << 0)
#define X86_FEAT_BMI1       (1u << 3)
#define X86_FEAT_SMEP       (1u << 7)
#define X86_FEAT_BMI2       (1u << 8)
#define X86_FEAT_ERMS       (1u << 9)
#define X86_FEAT_INVPCID    (1u << 10)
#define X86_FEAT_RDSEED     (1u << 18)
#define X86_FEAT_ADX        (1u << 19)
#define X86_FEAT_SMAP       (1u << 20)
#define X86_FEAT_CLFLUSHOPT (1u << 23)
#define X86_FEAT_CLWB       (1u << 24)
#define X86_FEAT_SHA        (1u << 29)

/* Leaf 0x80000001 ECX. */
#define X86_FEAT_LAHF_LM    (1u << 0)
#define X86_FEAT_SVM        (1u << 2)
#define X86_FEAT_ABM        (1u << 5)  /* LZCNT */
#define X86_FEAT_SSE4A      (1u << 6)
#define X86_FEAT_MISALIGNSSE (1u << 7)
#define X86_FEAT_3DNOWPREFETCH (1u << 8)

/* Leaf 0x80000001 EDX (bits 0-17, 23, 24 mirror leaf 1 EDX on AMD). */
#define X86_FEAT_SYSCALL    (1u << 11)
#define X86_FEAT_NX         (1u << 20)
#define X86_FEAT_MMXEXT     (1u << 22)
#define X86_FEAT_PAGE1GB    (1u << 26)
#define X86_FEAT_RDTSCP     (1u << 27)
#define X86_FEAT_LM         (1u << 29)
#define X86_FEAT_3DNOWEXT   (1u << 30)
#define X86_FEAT_3DNOW      (1u << 31)

/*
 * Leaf 0xb: the APIC id's topology levels, one per subleaf.  EAX 4:0 =
 * bits of the APIC id below the next level; EBX 15:0 = logical CPUs at
 * this level (0: no such subleaf); ECX 15:8 = the level's type.
 */
#define CPUID_LEAF_TOPOLOGY      0x0000000b
#define CPUID_TOPO_SHIFT(a)      ((a) & 0x1f)
#define CPUID_TOPO_NLOGICAL(b)   ((b) & 0xffff)
#define CPUID_TOPO_TYPE(c)       (((c) >> 8) & 0xff)
#define CPUID_TOPO_TYPE_SMT      1
#define CPUID_TOPO_TYPE_CORE     2
#define CPUID_TOPO_MAX_LEVELS    8         /* we look no further */

/* Leaf 4 subleaf 0 EAX 31:26: cores per package - 1 (Intel). */
#define CPUID4_EAX_CORES(a)      (((a) >> 26) + 1)
/* Leaf 0x80000008 ECX: cores per package - 1 (7:0), their APIC-id bits (15:12) (AMD). */
#define CPUID_E8_ECX_CORES(c)    (((c) & 0xff) + 1)
#define CPUID_E8_ECX_CORE_BITS(c) (((c) >> 12) & 0xf)

/* Leaf 0x80000007 EDX. */
#define X86_FEAT_INVARIANT_TSC (1u << 8)

#endif
