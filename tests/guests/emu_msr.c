/*
 * emu_msr: RDMSR/WRMSR from the guest kernel (linux-pv-abi.md §1.9,
 * §5.2).  The raw WRMSR to GS_BASE that startup_xen executes before it
 * has a trap table works; FS/GS/shadow-GS bases round-trip and are the
 * live hardware bases (a %fs:/%gs: load reads through them); EFER reads
 * LME|LMA; an unknown MSR, a syscall MSR write and a non-canonical base
 * raise #GP in the guest.
 */
#include "guest.h"

const char test_name[] = "emu_msr";

#define MSR_EFER	   0xc0000080
#define MSR_STAR	   0xc0000081
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define EFER_LME	   (1UL << 8)
#define EFER_LMA	   (1UL << 10)
#define MSR_BOGUS	   0x12345678

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

static void expect_gp(unsigned before, const char *what, const char *rip)
{
	check(last_trap.count == before + 1, "%s: no #GP", what);
	check(last_trap.vector == X86_EXC_GP && last_trap.error_code == 0,
	      "%s: vector %lu ec %lx", what, last_trap.vector,
	      last_trap.error_code);
	check(last_trap.rip == (uint64_t)rip, "%s: rip %lx", what,
	      last_trap.rip);
}

static volatile uint64_t fs_target = 0x1111222233334444UL;
static volatile uint64_t gs_target = 0x5555666677778888UL;

void guest_main(void)
{
	uint64_t v;
	unsigned n;

	/* As startup_xen: no trap table yet. */
	wrmsr(MSR_GS_BASE, (uint64_t)&gs_target);
	check(rdmsr(MSR_GS_BASE) == (uint64_t)&gs_target,
	      "GS base before the trap table: %lx", rdmsr(MSR_GS_BASE));
	install_traps();

	__asm__ __volatile__("mov %%gs:0, %0" : "=r"(v));
	check(v == gs_target, "%%gs:0 read %lx, base not live", v);
	wrmsr(MSR_FS_BASE, (uint64_t)&fs_target);
	check(rdmsr(MSR_FS_BASE) == (uint64_t)&fs_target, "FS base round trip");
	__asm__ __volatile__("mov %%fs:0, %0" : "=r"(v));
	check(v == fs_target, "%%fs:0 read %lx, base not live", v);
	wrmsr(MSR_SHADOW_GS_BASE, 0x00007f0000001000UL);
	check(rdmsr(MSR_SHADOW_GS_BASE) == 0x00007f0000001000UL,
	      "shadow GS base round trip: %lx", rdmsr(MSR_SHADOW_GS_BASE));
	check(rdmsr(MSR_GS_BASE) == (uint64_t)&gs_target,
	      "shadow write changed the active GS base");
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	wrmsr(MSR_SHADOW_GS_BASE, 0);

	v = rdmsr(MSR_EFER);
	check((v & (EFER_LME | EFER_LMA)) == (EFER_LME | EFER_LMA),
	      "EFER %lx lacks LME|LMA", v);
	wrmsr(MSR_EFER, v); /* unchanged: accepted */

	n = last_trap.count;
	__asm__ __volatile__("rd_at: rdmsr\n\trd_end:\n\t" FIXUP(
				     "rd_at", "rd_end")::"c"(MSR_BOGUS)
			     : "rax", "rdx", "memory");
	expect_gp(n, "rdmsr of an unknown MSR", rd_at);

	n = last_trap.count;
	__asm__ __volatile__("wr_at: wrmsr\n\twr_end:\n\t" FIXUP(
				     "wr_at", "wr_end")::"c"(MSR_STAR),
			     "a"(0), "d"(0)
			     : "memory");
	expect_gp(n, "wrmsr of STAR", wr_at);

	n = last_trap.count;
	__asm__ __volatile__("wr2_at: wrmsr\n\twr2_end:\n\t" FIXUP(
				     "wr2_at", "wr2_end")::"c"(MSR_FS_BASE),
			     "a"(0), "d"(0x80000000u)
			     : "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP,
	      "non-canonical FS base accepted");
}
