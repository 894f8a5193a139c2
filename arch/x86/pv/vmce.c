/*
 * Virtual machine-check architecture (vMCE) of a PV vCPU: the MCA MSRs
 * behind the CPUID MCE/MCA bits, so that a PV kernel's machine-check
 * code initialises as under Xen and finds nothing to report.
 *
 * Interface: pv_vmce_rdmsr()/pv_vmce_wrmsr() from the MSR emulation
 * (emul_msr.c) for every MSR it does not know: 1 handled, 0 not an MCA
 * MSR, -1 inject #GP.
 * Invariants: what a vCPU sees is Xen's vMCE -- VMCE_NR_BANKS banks,
 * MCG_CAP with SER/TES/CMCI on Intel and nothing else on others, no
 * MCG_CTL and no LMCE.  No error is ever injected, so every bank's
 * STATUS/ADDR/MISC read 0 and only 0 may be written to them; MCi_CTL
 * reads all-ones and ignores writes.  MCG_STATUS and the Intel MCi_CTL2
 * are per-vCPU storage, never hardware.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/cpuinfo.h>
#include <asm/msr-index.h>
#include "emulate.h"

static bool host_is_intel(void)
{
	return !memcmp(cpu_data[0].vendor_id, "GenuineIntel",
		       CPUINFO_VENDOR_LEN);
}

static u64 guest_mcg_cap(void)
{
	u64 cap = VMCE_NR_BANKS;

	if (host_is_intel())
		cap |= MCG_SER_P | MCG_TES_P | MCG_CMCI_P;
	return cap;
}

/* Bank MSR at msr: its register (MSR_MC_*) and bank, or false. */
static bool bank_reg(u32 msr, unsigned int *reg)
{
	if (msr < MSR_IA32_MC0_CTL ||
	    msr >= MSR_IA32_MC0_CTL + VMCE_NR_BANKS * MSR_MC_REGS_PER_BANK)
		return false;
	*reg = (msr - MSR_IA32_MC0_CTL) % MSR_MC_REGS_PER_BANK;
	return true;
}

static bool intel_ctl2(u32 msr)
{
	return host_is_intel() && msr >= MSR_IA32_MC0_CTL2 &&
	       msr < MSR_IA32_MC0_CTL2 + VMCE_NR_BANKS;
}

static bool amd_extra_misc(u32 msr)
{
	return !host_is_intel() && msr >= MSR_F10_MC4_MISC1 &&
	       msr <= MSR_F10_MC4_MISC3;
}

int pv_vmce_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	unsigned int reg;

	if (!cpu_data[0].has_mca)
		return 0;
	if (msr == MSR_IA32_MCG_CAP)
		*val = guest_mcg_cap();
	else if (msr == MSR_IA32_MCG_STATUS)
		*val = v->arch.mcg_status;
	else if (msr == MSR_IA32_MCG_CTL)
		*val = 0; /* no MCG_CTL_P: reads as 0, as Xen */
	else if (msr == MSR_IA32_MCG_EXT_CTL)
		return -1; /* no LMCE */
	else if (bank_reg(msr, &reg))
		*val = reg == MSR_MC_CTL ? ~0ULL : 0;
	else if (intel_ctl2(msr))
		*val = v->arch.mc_ctl2[msr - MSR_IA32_MC0_CTL2];
	else if (amd_extra_misc(msr))
		*val = 0;
	else
		return 0;
	return 1;
}

int pv_vmce_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	unsigned int reg;

	if (!cpu_data[0].has_mca)
		return 0;
	if (msr == MSR_IA32_MCG_CAP || msr == MSR_IA32_MCG_CTL)
		return 1; /* read-only / absent: ignored, as Xen */
	if (msr == MSR_IA32_MCG_STATUS)
		v->arch.mcg_status = val;
	else if (msr == MSR_IA32_MCG_EXT_CTL)
		return -1;
	else if (bank_reg(msr, &reg))
		return reg == MSR_MC_CTL || !val ? 1 : -1;
	else if (intel_ctl2(msr))
		v->arch.mc_ctl2[msr - MSR_IA32_MC0_CTL2] = val;
	else if (!amd_extra_misc(msr))
		return 0;
	return 1;
}
