/*
 * emu_vmce: the virtual machine-check architecture a PV kernel sees
 * behind CPUID MCE/MCA (Xen's vMCE, which Linux's mce code needs):
 * MCG_CAP reports 2 banks and no MCG_CTL/LMCE; MCG_STATUS holds what the
 * guest writes; each bank's CTL reads all-ones and ignores writes, its
 * STATUS/ADDR/MISC read 0 and take only 0 (else #GP); a third bank and
 * MCG_EXT_CTL raise #GP.  The hardware's registers are never reached.
 */
#include "guest.h"
#include <public/cpuid.h>

const char test_name[] = "emu_vmce";

#define MSR_IA32_MCG_CAP     0x179
#define MSR_IA32_MCG_STATUS  0x17a
#define MSR_IA32_MCG_CTL     0x17b
#define MSR_IA32_MCG_EXT_CTL 0x4d0
#define MSR_IA32_MC0_CTL     0x400 /* bank i: CTL, STATUS, ADDR, MISC */
#define MCG_CAP_COUNT	     0xffUL
#define MCG_CTL_P	     (1UL << 8)
#define MCG_LMCE_P	     (1UL << 27)
#define CPUID1_EDX_MCA	     (1u << 14)

extern char rd_at[], wr_at[];

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32))
			     : "memory");
}

/* RDMSR/WRMSR that may fault: true if it raised #GP. */
static __attribute__((noinline)) bool rd_faults(uint32_t msr)
{
	unsigned n = last_trap.count;

	__asm__ __volatile__(
		"rd_at: rdmsr\n\trd_end:\n\t" FIXUP("rd_at", "rd_end")::"c"(msr)
		: "rax", "rdx", "memory");
	return last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP &&
	       last_trap.rip == (uint64_t)rd_at;
}

static __attribute__((noinline)) bool wr_faults(uint32_t msr, uint64_t v)
{
	unsigned n = last_trap.count;

	__asm__ __volatile__("wr_at: wrmsr\n\twr_end:\n\t" FIXUP(
				     "wr_at", "wr_end")::"c"(msr),
			     "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			     : "memory");
	return last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP &&
	       last_trap.rip == (uint64_t)wr_at;
}

static uint32_t pv_cpuid1_edx(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ __volatile__(XEN_EMULATE_PREFIX "cpuid"
			     : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

void guest_main(void)
{
	uint64_t cap;
	unsigned int banks;

	install_traps();
	if (!(pv_cpuid1_edx() & CPUID1_EDX_MCA)) {
		check(rd_faults(MSR_IA32_MCG_CAP), "MCG_CAP without MCA");
		printf("no MCA on this CPU: nothing more to test\n");
		return;
	}
	cap = rdmsr(MSR_IA32_MCG_CAP);
	banks = cap & MCG_CAP_COUNT;
	check(banks == 2 && !(cap & (MCG_CTL_P | MCG_LMCE_P)), "MCG_CAP %lx",
	      cap);
	wrmsr(MSR_IA32_MCG_CAP, 0);
	check(rdmsr(MSR_IA32_MCG_CAP) == cap, "MCG_CAP is read-only");
	check(rdmsr(MSR_IA32_MCG_CTL) == 0, "MCG_CTL without MCG_CTL_P");
	check(rdmsr(MSR_IA32_MCG_STATUS) == 0, "MCG_STATUS not 0");
	wrmsr(MSR_IA32_MCG_STATUS, 4);
	check(rdmsr(MSR_IA32_MCG_STATUS) == 4, "MCG_STATUS round trip");
	wrmsr(MSR_IA32_MCG_STATUS, 0);

	for (unsigned int i = 0; i < banks; i++) {
		uint32_t ctl = MSR_IA32_MC0_CTL + 4 * i;

		check(rdmsr(ctl) == ~0UL, "MC%u_CTL %lx", i, rdmsr(ctl));
		wrmsr(ctl, 0);
		check(rdmsr(ctl) == ~0UL, "MC%u_CTL took a write", i);
		for (unsigned int r = 1; r <= 3; r++) {
			check(rdmsr(ctl + r) == 0, "MC%u reg %u: %lx", i, r,
			      rdmsr(ctl + r));
			wrmsr(ctl + r, 0);
			check(wr_faults(ctl + r, 1), "MC%u reg %u took 1", i,
			      r);
			check(rdmsr(ctl + r) == 0, "MC%u reg %u changed", i, r);
		}
	}
	check(rd_faults(MSR_IA32_MC0_CTL + 4 * banks + 1), "bank %u exists",
	      banks);
	check(rd_faults(MSR_IA32_MCG_EXT_CTL), "MCG_EXT_CTL without LMCE");
	check(wr_faults(MSR_IA32_MCG_EXT_CTL, 1), "MCG_EXT_CTL write");
	printf("vMCE: MCG_CAP %lx, %u banks\n", cap, banks);
}
