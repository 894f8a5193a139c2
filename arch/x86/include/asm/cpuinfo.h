/*
 * What each physical CPU said about itself through CPUID (and MCG_CAP),
 * read by that CPU once in cpu_init_local() and read-only afterwards.
 * Used to describe physical CPUs to dom0 (platform_op, mca).
 */
#ifndef ASM_CPUINFO_H
#define ASM_CPUINFO_H

#include <xen/types.h>
#include <asm/config.h>

#define CPUINFO_VENDOR_LEN 12   /* CPUID leaf 0 EBX, EDX, ECX */
#define CPUINFO_BRAND_LEN  48   /* CPUID leaves 0x80000002-4 */

struct cpuinfo_x86 {
	bool valid;                     /* filled by the CPU itself */
	char vendor_id[CPUINFO_VENDOR_LEN]; /* not NUL-terminated */
	u32 cpuid_level;                /* highest basic leaf */
	u32 ext_level;                  /* highest extended leaf, 0 if none */
	u32 family, model, stepping;    /* decoded from the signature */
	u32 leaf1_ebx, leaf1_ecx, leaf1_edx;
	u32 ext1_ecx, ext1_edx;         /* leaf 0x80000001, 0 if absent */
	char brand[CPUINFO_BRAND_LEN + 1]; /* NUL-terminated, "" if absent */
	u32 l2_cache_kb;                /* 0 if unknown */
	u32 clflush_bytes;              /* cache line, 0 if unknown */
	bool has_mca;                   /* CPUID MCA: MCG_CAP is readable */
	u64 mcg_cap;                    /* MSR_IA32_MCG_CAP, 0 without MCA */
};

/* Indexed by logical CPU number; valid once that CPU came online. */
extern struct cpuinfo_x86 cpu_data[NR_CPUS];

#endif
