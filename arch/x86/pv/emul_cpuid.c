/*
 * The CPUID a PV guest sees through forced emulation (linux-pv-abi.md
 * §5.1): the hardware's answer filtered down to what a PV vCPU can use,
 * plus the hypervisor leaves at 0x40000000.
 *
 * Interface: pv_cpuid() for any leaf/subleaf; pure, no side effects.
 * Invariants: only features the hypervisor supports for guests are
 * shown.  In particular XSAVE/AVX (the FPU is switched with FXSAVE),
 * FSGSBASE, SMEP/SMAP/UMIP/PKU (kept off in hardware CR4), PCID,
 * x2APIC, TSC-deadline, PSE/PGE/1G pages (the PV page-table format),
 * MONITOR, VMX/SVM, MTRR, performance monitoring, RDTSCP and the
 * speculation-control MSRs are hidden, and the hypervisor bit is set.
 * MCE/MCA pass through from hardware: their MSRs are the virtual MCA of
 * pv/vmce.c, as Xen's vMCE (Linux needs them for its mce device).
 * Raw CPUID (user space, or a kernel not using the prefix) is not
 * filtered: it is not trappable under TCG.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/cpufeature.h>
#include <asm/mm.h>
#include <public/cpuid.h>
#include "emulate.h"

#define XEN_HV_MAJOR	 4 /* must match xen_version(XENVER_version) */
#define XEN_HV_MINOR	 17
#define XEN_HV_LAST_LEAF 5 /* leaves +0 .. +5 */

static const u32 leaf1_ecx_keep =
	X86_FEAT_SSE3 | X86_FEAT_PCLMULQDQ | X86_FEAT_SSSE3 | X86_FEAT_CX16 |
	X86_FEAT_SSE4_1 | X86_FEAT_SSE4_2 | X86_FEAT_MOVBE | X86_FEAT_POPCNT |
	X86_FEAT_AES | X86_FEAT_RDRAND;

static const u32 leaf1_edx_keep =
	X86_FEAT_FPU | X86_FEAT_DE | X86_FEAT_TSC | X86_FEAT_MSR |
	X86_FEAT_PAE | X86_FEAT_CX8 | X86_FEAT_APIC | X86_FEAT_SEP |
	X86_FEAT_CMOV | X86_FEAT_PAT | X86_FEAT_CLFLUSH | X86_FEAT_MMX |
	X86_FEAT_FXSR | X86_FEAT_SSE | X86_FEAT_SSE2 | X86_FEAT_HTT |
	X86_FEAT_MCE | X86_FEAT_MCA; /* the virtual MCA, pv/vmce.c */

static const u32 leaf7_ebx_keep =
	X86_FEAT_BMI1 | X86_FEAT_BMI2 | X86_FEAT_ERMS | X86_FEAT_RDSEED |
	X86_FEAT_ADX | X86_FEAT_CLFLUSHOPT | X86_FEAT_CLWB | X86_FEAT_SHA;

static const u32 ext1_ecx_keep = X86_FEAT_LAHF_LM | X86_FEAT_ABM |
				 X86_FEAT_SSE4A | X86_FEAT_MISALIGNSSE |
				 X86_FEAT_3DNOWPREFETCH;

/* On AMD the low bits of 0x80000001 EDX mirror leaf 1 EDX. */
static const u32 ext1_edx_keep =
	X86_FEAT_FPU | X86_FEAT_DE | X86_FEAT_TSC | X86_FEAT_MSR |
	X86_FEAT_PAE | X86_FEAT_CX8 | X86_FEAT_APIC | X86_FEAT_SYSCALL |
	X86_FEAT_CMOV | X86_FEAT_PAT | X86_FEAT_MMXEXT | X86_FEAT_MMX |
	X86_FEAT_FXSR | X86_FEAT_LM | X86_FEAT_3DNOWEXT | X86_FEAT_3DNOW |
	X86_FEAT_MCE | X86_FEAT_MCA;

static void hypervisor_leaf(u32 idx, u32 subleaf, struct cpuid_leaf *r)
{
	switch (idx) {
	case 0:
		r->a = XEN_CPUID_LEAF(XEN_HV_LAST_LEAF);
		r->b = XEN_CPUID_SIGNATURE_EBX;
		r->c = XEN_CPUID_SIGNATURE_ECX;
		r->d = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1:
		r->a = (XEN_HV_MAJOR << 16) | XEN_HV_MINOR;
		break;
	case 2:
		r->a = 1;		     /* one hypercall page */
		r->b = XEN_CPUID_FIRST_LEAF; /* its MSR (not offered to PV) */
		r->c = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
		break;
	case 3:
		/* Native TSC, default mode; the kHz from calibration. */
		if (subleaf == 0 || subleaf == 2) {
			r->c = subleaf == 0 ? (u32)cpu_khz_tsc() : 0;
			r->a = subleaf == 2 ? (u32)cpu_khz_tsc() : 0;
		}
		break;
	default:
		/* +4 is HVM only; +5 EBX 0 = "address width unknown": gnttab
		 * v1. */
		break;
	}
}

static void basic_leaf(const struct vcpu *v, u32 leaf, u32 subleaf,
		       struct cpuid_leaf *r)
{
	switch (leaf) {
	case CPUID_LEAF_VENDOR:
		cpuid(leaf, r);
		r->a = MIN(r->a, (u32)CPUID_MAX_BASIC_LEAF);
		break;
	case CPUID_LEAF_FEATURES:
		cpuid(leaf, r);
		r->b = (r->b & ~CPUID1_EBX_APIC_ID_MASK) |
		       (v->vcpu_id << CPUID1_EBX_APIC_ID_SHIFT);
		r->c = (r->c & leaf1_ecx_keep) | X86_FEAT_HYPERVISOR;
		r->d &= leaf1_edx_keep;
		break;
	case CPUID_LEAF_CACHE_DESC:
	case CPUID_LEAF_CACHE_PARAMS:
		cpuid_count(leaf, subleaf, r);
		break;
	case CPUID_LEAF_EXT_FEATURES:
		if (subleaf == 0) {
			cpuid_count(leaf, 0, r);
			r->a = 0; /* no further subleaves */
			r->b &= leaf7_ebx_keep;
			r->c = r->d = 0;
		}
		break;
	default:
		/* MONITOR, power, PMU, topology, XSAVE, ...: hidden. */
		break;
	}
}

static void extended_leaf(u32 leaf, struct cpuid_leaf *r)
{
	switch (leaf) {
	case CPUID_LEAF_EXT_MAX:
		cpuid(leaf, r);
		r->a = MIN(r->a, (u32)CPUID_MAX_EXT_LEAF);
		break;
	case CPUID_LEAF_EXT_FEAT1:
		cpuid(leaf, r);
		r->c &= ext1_ecx_keep;
		r->d &= ext1_edx_keep | (cpu_has_nx() ? X86_FEAT_NX : 0);
		break;
	case CPUID_LEAF_BRAND0:
	case CPUID_LEAF_BRAND0 + 1:
	case CPUID_LEAF_BRAND0 + 2:
	case CPUID_LEAF_BRAND0 + 3: /* L1 cache/TLB (AMD) */
	case CPUID_LEAF_L2_CACHE:
		cpuid(leaf, r);
		break;
	case CPUID_LEAF_APM:
		cpuid(leaf, r);
		r->a = r->b = r->c = 0;
		r->d &= X86_FEAT_INVARIANT_TSC;
		break;
	case CPUID_LEAF_ADDR_SIZES:
		cpuid(leaf, r);
		r->b = r->c = r->d = 0; /* speculation controls, core count */
		break;
	default:
		break;
	}
}

void pv_cpuid(const struct vcpu *v, u32 leaf, u32 subleaf,
	      struct cpuid_leaf *res)
{
	struct cpuid_leaf hw;

	*res = (struct cpuid_leaf){0, 0, 0, 0};
	if (leaf >= CPUID_HV_RANGE_START && leaf <= CPUID_HV_RANGE_END) {
		/* Only the first base: guests search every 0x100. */
		if (leaf - CPUID_HV_RANGE_START <= XEN_HV_LAST_LEAF)
			hypervisor_leaf(leaf - CPUID_HV_RANGE_START, subleaf,
					res);
		return;
	}
	if (leaf < CPUID_LEAF_EXT_MAX) {
		cpuid(CPUID_LEAF_VENDOR, &hw);
		if (leaf <= MIN(hw.a, (u32)CPUID_MAX_BASIC_LEAF))
			basic_leaf(v, leaf, subleaf, res);
		return;
	}
	cpuid(CPUID_LEAF_EXT_MAX, &hw);
	if (leaf <= MIN(hw.a, (u32)CPUID_MAX_EXT_LEAF))
		extended_leaf(leaf, res);
}
