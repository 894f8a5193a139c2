/*
 * RDMSR/WRMSR from a PV guest kernel (linux-pv-abi.md §5.2): an
 * allow-list, plus the machine-check MSRs of the virtual MCA (vmce.c);
 * every other MSR raises #GP, which Linux's _safe accessors turn into an
 * error.
 *
 * Interface: pv_rdmsr()/pv_wrmsr() on the trapping vCPU (current) in
 * guest kernel mode; -1 means "inject #GP".
 * Invariants: while a vCPU runs, MSR_FS_BASE, MSR_GS_BASE (active: the
 * kernel's in kernel mode) and MSR_SHADOW_GS_BASE hold its live segment
 * bases (arch/x86/domain.c), so they are read and written in hardware.
 * Nothing here changes hardware state other than those three.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <xen/sched.h>
#include <asm/apic.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include "emulate.h"


/* The EFER bits a 64-bit PV guest sees: hardware's. */
static u64 guest_efer(void)
{
	return rdmsr(MSR_EFER) & (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
}

/* Performance monitoring and the monitor/mwait enable are not offered. */
static u64 guest_misc_enable(void)
{
	return MISC_ENABLE_FAST_STRING | MISC_ENABLE_BTS_UNAVAIL |
	       MISC_ENABLE_PEBS_UNAVAIL | MISC_ENABLE_XTPR_DISABLE;
}

int pv_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	int rc;

	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS_BASE:
		*val = rdmsr(msr);
		return 0;
	case MSR_EFER:
		*val = guest_efer();
		return 0;
	case MSR_IA32_APICBASE:
		*val = APIC_DEFAULT_PHYS_BASE | APICBASE_ENABLE |
		       (v->vcpu_id == 0 ? APICBASE_BSP : 0);
		return 0;
	case MSR_IA32_CR_PAT:
		/* What guest PTE cache bits really select (see report). */
		*val = rdmsr(MSR_IA32_CR_PAT);
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = guest_misc_enable();
		return 0;
	case MSR_IA32_UCODE_REV:
		*val = 0;
		return 0;
	case MSR_IA32_TSC:
		*val = rdtsc();
		return 0;
	default:
		rc = pv_vmce_rdmsr(v, msr, val);
		if (rc)
			return rc > 0 ? 0 : -1;
		/*
		 * Before the guest has a #GP handler an injected #GP would
		 * crash it; read as 0 instead, as Xen does.
		 */
		if (!v->arch.traps[TRAP_gp_fault].address) {
			*val = 0;
			return 0;
		}
		return -1;
	}
}

int pv_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	int rc;

	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE: /* startup_xen's first instruction */
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return -1;
		wrmsr(msr, val);
		return 0;
	case MSR_EFER:
		return val == guest_efer() ? 0 : -1;
	case MSR_IA32_CR_PAT:
		return val == rdmsr(MSR_IA32_CR_PAT) ? 0 : -1;
	case MSR_IA32_MISC_ENABLE:
		return val == guest_misc_enable() ? 0 : -1;
	case MSR_IA32_UCODE_REV:
		return 0; /* Intel's "write 0, CPUID, read" probe */
	default:
		rc = pv_vmce_wrmsr(v, msr, val);
		return rc > 0 ? 0 : -1;
	}
}
